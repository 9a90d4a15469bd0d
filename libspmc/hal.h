/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hardware abstraction layer: everything the SPMC core needs from a
 * machine, and nothing else. Implemented by the simulator (sim/) and the
 * aarch64 backend (libspmc/arch/aarch64/), and mocked for unit tests (mocks/).
 *
 * Concurrency: the core's handlers are not re-entrant. The backend serialises
 * every call into the core (aarch64: one spinlock; sim: only one simulated CPU
 * runs at a time), so HAL functions are called with that serialisation held.
 */
#ifndef LIBSPMC_HAL_H
#define LIBSPMC_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- CPU ---- */

/* Number of physical CPUs the SPMC manages (constant after boot). */
uint32_t hal_cpu_count(void);

/* ---- Execution contexts ---- */

struct hal_as;

/* What the backend needs to create one partition execution context. */
struct hal_ec_init {
	uint16_t part_id;   /* FF-A endpoint ID of the partition */
	uint16_t ec_index;  /* execution context (vCPU) index */
	uint32_t cpu;       /* physical CPU it first runs on */
	uint8_t el;         /* manifest exception-level encoding: 1 S-EL0, 2 S-EL1 */
	uint64_t entry;     /* entry point (partition VA) */
	const void *image;  /* backend image handle (hal_image_load, or the platform's) */
	struct hal_as *as;  /* the partition's address space */
	uint64_t mem_base;  /* the partition's own memory, as it sees it */
	uint64_t mem_size;
};

/* A partition image to prepare for running. */
struct hal_image_load {
	uint16_t part_id;
	const char *name;        /* for messages */
	const void *image;       /* the image bytes, in the SPMC's view */
	uint64_t image_size;
	void *mem;               /* the partition's memory, in the SPMC's view */
	uint64_t load_addr;      /* ... as the partition sees it */
	uint64_t mem_size;
	uint64_t entry_offset;   /* manifest entrypoint-offset */
};

/* Prepares an image to run: hardware places it in the partition's memory
 * (spmc_image_place); the simulator loads it as a shared object. Returns the
 * handle for hal_ec_init and sets *entry, or NULL with *why set. Released by
 * the backend when the system stops. */
const void *hal_image_load(const struct hal_image_load *req, uint64_t *entry, const char **why);

/* Prepare a context to start at its entry point the first time it is run.
 * Returns the backend's handle for it, or NULL if it cannot be created. */
void *hal_ec_init(const struct hal_ec_init *init);

/* ---- Memory ---- */

/* Attributes of a mapping */
#define HAL_MEM_R (1u << 0)
#define HAL_MEM_W (1u << 1)
#define HAL_MEM_X (1u << 2)
#define HAL_MEM_NS (1u << 3)     /* non-secure physical address space */
#define HAL_MEM_DEVICE (1u << 4) /* device-nGnRE, else normal WB cacheable */

/* Kind of a physical range, from the platform's memory map. */
enum hal_phys_kind {
	HAL_PHYS_NONE = 0, /* not (entirely) backed by one region */
	HAL_PHYS_NS_DRAM,
	HAL_PHYS_SECURE_DRAM,
	HAL_PHYS_DEVICE,
};

/* Kind of [pa, pa + size); HAL_PHYS_NONE unless one region holds all of it. */
enum hal_phys_kind hal_phys_kind(uint64_t pa, uint64_t size);

/* Create an empty address space (stage-2 or stage-1 of a partition). NULL on failure. */
struct hal_as *hal_as_create(uint16_t part_id);
/* Destroy an address space and every mapping in it. */
void hal_as_destroy(struct hal_as *as);
/* Map [va, va + size) to [pa, pa + size) with attrs; page-aligned; 0 or an FFA_RET_* error.
 * On failure nothing is mapped. */
int hal_as_map(struct hal_as *as, uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs);
/* Unmap [va, va + size); page-aligned; unmapped pages are ignored. */
void hal_as_unmap(struct hal_as *as, uint64_t va, uint64_t size);
/* Translate one page: 0 and *pa / *attrs if va is mapped, FFA_RET_INVALID_PARAMETERS if not. */
int hal_as_query(struct hal_as *as, uint64_t va, uint64_t *pa, uint32_t *attrs);

/* Set the normal world's own access to its memory [pa, pa + size) (page
 * aligned, normal-world memory) to attrs (HAL_MEM_R/W/X; 0 = none): the
 * memory it lends or donates to SPs, and gets back on reclaim. The normal
 * world's translation tables belong to EL3 or the hypervisor, so a platform
 * may enforce this through them, a TZC or the granule protection tables, or
 * not at all: 0 when applied, FFA_RET_NOT_SUPPORTED when the platform cannot
 * restrict the normal world (the SPMC then only records the state), another
 * FFA_RET_* code on failure (nothing changed). */
int hal_nwd_access(uint64_t pa, uint64_t size, uint32_t attrs);

/* Map a physical range into the SPMC's own view so the core can read/write it
 * (RX/TX buffers, descriptors). NULL on failure. */
void *hal_spmc_map(uint64_t pa, uint64_t size, uint32_t attrs);
/* Undo hal_spmc_map. */
void hal_spmc_unmap(void *va, uint64_t size);

/* ---- Interrupts (GICv3) ---- */

/* INTIDs the acknowledge call returns instead of an interrupt. */
#define HAL_IRQ_GROUP0_PENDING 1020u /* a group 0 interrupt is what is pending:
				      * EL3's to handle, nothing acknowledged */
#define HAL_IRQ_SPURIOUS 1023u       /* nothing pending for the SPMC */

enum hal_irq_group {
	HAL_IRQ_GROUP0 = 0,    /* handled by EL3 */
	HAL_IRQ_GROUP1_S = 1,  /* secure: the SPMC's, for its partitions */
	HAL_IRQ_GROUP1_NS = 2, /* the normal world's */
};

/* One interrupt to configure and enable: SGIs and PPIs in `cpu`'s
 * redistributor, SPIs routed to `cpu`. Priority: lower is more urgent;
 * secure interrupts use 0x00..0x7f, non-secure ones 0x80..0xfe. */
struct hal_irq_cfg {
	uint32_t intid;
	uint32_t cpu;
	uint8_t group;     /* enum hal_irq_group */
	uint8_t priority;
	bool level;        /* level-sensitive, else edge */
};

/* Configures and enables an interrupt: 0, or FFA_RET_INVALID_PARAMETERS for
 * an INTID or CPU the platform does not have (nothing changed). */
int hal_irq_configure(const struct hal_irq_cfg *cfg);
/* Enables or disables intid (SGI/PPI: in `cpu`'s bank). */
void hal_irq_enable(uint32_t cpu, uint32_t intid, bool enable);
/* Acknowledges the highest-priority secure group 1 interrupt signalled on
 * `cpu` (ICC_IAR1): its INTID, now active; HAL_IRQ_GROUP0_PENDING when a
 * group 0 interrupt is what was signalled; HAL_IRQ_SPURIOUS when nothing is. */
uint32_t hal_irq_ack(uint32_t cpu);
/* Ends (priority drop and deactivation) an interrupt hal_irq_ack returned. */
void hal_irq_eoi(uint32_t cpu, uint32_t intid);
/* Sets `cpu`'s interrupt priority mask: only interrupts of a priority value
 * strictly below pmr are signalled (0x80 masks the normal world's, 0x00
 * everything, 0xff nothing). The SPMC sets it before running each context. */
void hal_irq_set_pmr(uint32_t cpu, uint8_t pmr);
/* Sends SGI `intid` (0..15) to `target_cpu`, in the group the receiving
 * world configured it (the SPMC's schedule receiver interrupt is the normal
 * world's). */
void hal_irq_send_sgi(uint32_t target_cpu, uint32_t intid);
/* Hands the group 0 interrupt pending on `cpu` to EL3 (FFA_EL3_INTR_HANDLE to
 * the dispatcher); returns once EL3 has handled it. */
void hal_el3_intr_handle(uint32_t cpu);

/* ---- Time and cost accounting ---- */

/* Handler work the simulator charges to the calling CPU; no-op on hardware. */
enum hal_work {
	HAL_WORK_BYTES_COPIED,
	HAL_WORK_PAGES_MAPPED,
};
void hal_work(enum hal_work kind, uint64_t count);

/* ---- Platform ---- */

/* Write n bytes to the SPMC console (no newline added). */
void hal_console_write(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
