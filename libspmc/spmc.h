/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPMC core's public interface: a non-blocking state machine.
 *
 * Every handler takes an event on a CPU (an FF-A call trapped from a context,
 * a fault, a CPU coming up) and returns the execution context to run next on
 * that CPU, with the registers to deliver to it in *regs. The backend owns the
 * switch. Handlers never block, never allocate from libc, and leave all state
 * unchanged when the call fails.
 */
#ifndef LIBSPMC_SPMC_H
#define LIBSPMC_SPMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/value.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version this SPMC implements. */
#define SPMC_FFA_VERSION FFA_VERSION_1_2

/* One service a partition implements: a protocol UUID and the messaging
 * methods it takes for it (FFA_PROP_* bits 0..2, 9, 10). */
struct spmc_service {
	uint32_t uuid[4];         /* as FFA_PARTITION_INFO_GET takes it in w1..w4 */
	uint32_t properties;
};

/* One interrupt of a device region: the manifest's (id, attributes) pair. */
struct spmc_irq {
	uint32_t id;              /* INTID */
	uint32_t attrs;           /* priority [7:0], secure 8, level 9, type [11:10] */
};

/* One memory or device region a partition manifest asks to be mapped. */
struct spmc_region {
	const char *name;         /* for messages; may be NULL */
	uint64_t base;            /* PA, mapped at the same IPA/VA; page-aligned */
	uint32_t pages;           /* 4 KiB pages, at least 1 */
	uint32_t attrs;           /* HAL_MEM_R/W/X/NS, HAL_MEM_DEVICE for device regions */
	const struct spmc_irq *irqs;  /* device regions: interrupts it owns */
	uint32_t irq_count;
	bool exclusive;           /* device region: exclusive-access */
};

/* What the SPMC does when a non-secure interrupt arrives while the partition runs
 * (manifest ns-interrupts-action / managed-exit); DEFAULT = not stated. */
enum spmc_ns_int_action {
	SPMC_NS_INT_DEFAULT = 0,
	SPMC_NS_INT_QUEUED,
	SPMC_NS_INT_MANAGED_EXIT,
	SPMC_NS_INT_SIGNALED,
};

/* What the SPMC does when a secure interrupt for another partition arrives
 * while this one runs (manifest other-s-interrupts-action). */
enum spmc_other_s_int_action {
	SPMC_OTHER_S_INT_DEFAULT = 0, /* not stated: signaled */
	SPMC_OTHER_S_INT_QUEUED,
	SPMC_OTHER_S_INT_SIGNALED,
};

/* One secure partition, as the manifest (or a test) describes it. */
struct spmc_partition_cfg {
	const char *name;         /* description, for messages; may be NULL */
	ffa_id_t id;              /* secure endpoint ID (bit 15 set) */
	uint32_t uuid[4];         /* as FFA_PARTITION_INFO_GET takes it in w1..w4 */
	uint16_t ec_count;        /* 1 (UP, migratable) or the CPU count (MP, pinned) */
	uint32_t properties;      /* FFA_PROP_* messaging capabilities */
	uint16_t boot_order;      /* lower boots first; ties keep the config order */
	uint8_t el;               /* manifest encoding: 1 S-EL0, 2 S-EL1 */
	uint32_t ffa_version;     /* manifest ffa-version; 0 = SPMC_FFA_VERSION */
	uint64_t load_addr;       /* secure PA of the partition's memory, mapped at the same IPA */
	uint64_t mem_size;        /* bytes, page multiple */
	uint64_t entry;           /* entry point VA */
	const void *image;        /* opaque, passed to hal_ec_init */
	/* ---- optional, from a partition manifest; zero = not given ---- */
	const struct spmc_service *services; /* every UUID it implements (uuid[] is the
					      * first); NULL = uuid[] with properties */
	uint32_t service_count;
	const struct spmc_region *regions;   /* memory and device regions to map */
	uint32_t region_count;
	uint64_t rx_addr, tx_addr; /* RX/TX buffers the manifest names (0 = none) */
	uint32_t rxtx_pages;
	bool boot_info;           /* wants the FF-A boot information blob ... */
	uint8_t boot_info_gpr;    /* ... its address in x<boot_info_gpr> (0..3) */
	uint64_t boot_info_addr;  /* where the loader put the blob (partition address) */
	uint8_t ns_int_action;    /* enum spmc_ns_int_action */
	bool managed_exit_virq;   /* managed exit signalled as a vIRQ too */
	uint8_t other_s_int_action; /* enum spmc_other_s_int_action */
	uint32_t pm_messages;     /* power-management-messages bits */
};

struct spmc_mem_region_cfg; /* mem/mem_store.h */

struct spmc_config {
	ffa_id_t spmc_id;               /* commonly 0x8000 */
	uint32_t cpu_count;
	uint32_t partition_count;
	const struct spmc_partition_cfg *partitions;
	uint32_t rxtx_max_pages;        /* largest RX/TX buffer, in 4 KiB pages; 0 or more
					 * than 63 (the most FFA_RXTX_MAP can name) = 63 */
	/* ---- memory management (FFA_MEM_*); zero = none / the store's defaults ---- */
	const struct spmc_mem_region_cfg *ns_mem; /* the normal world's memory: owner
						   * FFA_ID_NWD_NO_HYP (0), attrs
						   * HAL_MEM_R/W/X | HAL_MEM_NS */
	uint32_t ns_mem_count;
	uint32_t mem_max_tx;        /* concurrent transactions (SPMC_MEM_DEFAULT_MAX_TX) */
	uint32_t mem_max_borrowers; /* per transaction (SPMC_MEM_DEFAULT_MAX_BORROWERS) */
	uint32_t mem_max_ranges;    /* live constituents (SPMC_MEM_DEFAULT_MAX_RANGES) */
	uint32_t mem_max_frags;     /* descriptors in flight in fragments, both
				     * directions (FFA_MEM_FRAG_TX / FRAG_RX):
				     * 0 = SPMC_MEM_DEFAULT_MAX_FRAGS */
	uint64_t mem_frag_bytes;    /* bytes holding them; 0 = room for one
				     * descriptor of mem_max_ranges constituents
				     * and mem_max_borrowers borrowers */
	/* ---- notifications; zero = the defaults ---- */
	uint32_t notif_max_vms;     /* normal-world VM bitmaps (FFA_NOTIFICATION_BITMAP_CREATE):
				     * 0 = SPMC_NOTIF_DEFAULT_VMS */
	uint16_t notif_max_vcpus;   /* vCPUs per VM bitmap: 0 = the CPU count */
};

#define SPMC_MEM_DEFAULT_MAX_FRAGS 16u
#define SPMC_NOTIF_DEFAULT_VMS 16u

/* FF-A partition runtime states of an execution context. */
enum spmc_ec_state {
	SPMC_EC_OFF = 0,   /* not yet started on its CPU */
	SPMC_EC_RUNNING,
	SPMC_EC_WAITING,   /* idle in FFA_MSG_WAIT, can take a direct request */
	SPMC_EC_BLOCKED,   /* waiting for the reply to a request it sent */
	SPMC_EC_PREEMPTED, /* yielded or interrupted; resumed with FFA_RUN */
	SPMC_EC_ABORTED,
};

struct spmc;
struct spmc_ec;

/* Bytes of arena spmc_init() needs for cfg (0 if cfg is unusable). */
size_t spmc_arena_size(const struct spmc_config *cfg);

/* Build the SPMC state in arena (8-byte aligned). Returns 0, or an FFA_RET_*
 * code when the configuration is invalid or the arena too small. */
int spmc_init(struct spmc **out, void *arena, size_t arena_size, const struct spmc_config *cfg);

/* CPU `cpu` has come up: returns the first context to run on it (the next
 * partition to initialise, or the normal world when all are done). */
struct spmc_ec *spmc_cpu_on(struct spmc *s, uint32_t cpu, struct ffa_value *regs);

/* `caller` on `cpu` made the FF-A call in *regs. */
struct spmc_ec *spmc_ffa_call(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			      struct ffa_value *regs);

/* `caller` on `cpu` faulted (or its code ended): abort it. */
struct spmc_ec *spmc_ec_abort(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			      struct ffa_value *regs);

/* Power events the EL3 dispatcher reports for a CPU (PSCI on behalf of the
 * normal world). Partitions that asked for them in their manifest
 * (power-management-messages: bit 0 CPU_OFF, 1 CPU_SUSPEND, 2 resume from
 * suspend) are told with framework direct messages, one at a time. */
enum spmc_pm_event {
	SPMC_PM_CPU_OFF = 0,
	SPMC_PM_CPU_SUSPEND = 1,
	SPMC_PM_CPU_RESUME = 2,  /* warm boot after a suspend */
};
/* PSCI function IDs the framework messages carry (w3). */
#define SPMC_PSCI_CPU_SUSPEND_64 0xc4000001u
#define SPMC_PSCI_CPU_OFF 0x84000002u

/* Power event `ev` on `cpu`: returns the first partition context to tell (with
 * the framework request in *regs), or, when none needs telling or all have
 * answered, the normal world's context on cpu with the SPMC's answer to the
 * dispatcher in *regs: FFA_MSG_SEND_DIRECT_RESP_32 from the SPMC to the SPMD,
 * w2 = framework | PM response, w3 = 0 or the first PSCI error a partition
 * returned. After a CPU_OFF all agreed to, every context on cpu is OFF
 * (otherwise nothing is: the CPU stays on); spmc_cpu_on() starts
 * them again (at their secondary entry point, if they registered one).
 * NULL for a bad cpu, or one already busy with a power event. */
struct spmc_ec *spmc_cpu_pm(struct spmc *s, uint32_t cpu, enum spmc_pm_event ev,
			    struct ffa_value *regs);

/* Virtual interrupt IDs the SPMC itself signals to partitions. */
#define SPMC_VIRQ_MANAGED_EXIT 4u
#define SPMC_VIRQ_NOTIFICATION_PENDING 5u
/* The schedule receiver interrupt: a non-secure SGI the SPMC sends the
 * normal world when a notification becomes pending (FFA_FEATURES feature 2). */
#define SPMC_SRI_INTID 8u

/* A secure interrupt (or a group 0 one) was signalled to the SPMC on `cpu`
 * while `current` ran: a partition context, or the normal world's, whose
 * interrupt the EL3 dispatcher forwarded (FFA_INTERRUPT). The SPMC
 * acknowledges it, hands it to the partition owning it according to that
 * partition's state, and returns who runs next. When that is `current` again,
 * *regs is left as it was: current continues where it was interrupted. */
struct spmc_ec *spmc_interrupt(struct spmc *s, uint32_t cpu, struct spmc_ec *current,
			 struct ffa_value *regs);
/* A non-secure interrupt was signalled to the SPMC on `cpu` while partition
 * context `current` ran: queued, managed exit or signaled, as the
 * partition's manifest says. It stays pending for the normal world. */
struct spmc_ec *spmc_ns_interrupt(struct spmc *s, uint32_t cpu, struct spmc_ec *current,
			    struct ffa_value *regs);
/* Whether the backend must signal a virtual interrupt to running context ec
 * (its vIRQ) before it continues. */
bool spmc_virq_pending(const struct spmc_ec *ec);
/* The next virtual interrupt of ec, taken off its queue, as its interrupt
 * handler reads it; 1023 if none. */
uint32_t spmc_virq_get(struct spmc_ec *ec);

/* ---- inspection, for backends, traces and tests ---- */

/* The normal world's context on `cpu`. */
struct spmc_ec *spmc_nwd_ec(struct spmc *s, uint32_t cpu);
/* Context `index` of partition `id`, NULL if none. */
struct spmc_ec *spmc_find_ec(struct spmc *s, ffa_id_t id, uint16_t index);
ffa_id_t spmc_ec_id(const struct spmc_ec *ec);
uint16_t spmc_ec_index(const struct spmc_ec *ec);
bool spmc_ec_is_nwd(const struct spmc_ec *ec);
enum spmc_ec_state spmc_ec_state(const struct spmc_ec *ec);
/* The backend's handle for a context (from hal_ec_init, or set for NWd contexts). */
void *spmc_ec_hal(const struct spmc_ec *ec);
void spmc_ec_set_hal(struct spmc_ec *ec, void *hal);
/* FF-A version negotiated by endpoint `id` (0 if unknown endpoint). */
uint32_t spmc_endpoint_version(const struct spmc *s, ffa_id_t id);
/* Whether endpoint `id`'s RX buffer is currently owned by the endpoint. */
bool spmc_rx_owned_by_endpoint(const struct spmc *s, ffa_id_t id);
/* Whether endpoint `id` has an RX/TX buffer pair mapped. */
bool spmc_mailbox_mapped(const struct spmc *s, ffa_id_t id);
/* Whether partition `id` is aborted. */
bool spmc_partition_aborted(const struct spmc *s, ffa_id_t id);

#ifdef __cplusplus
}
#endif

#endif
