/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulator: the SPMC core, secure partitions and a normal world in one
 * Linux process. Partitions and the normal world are host threads calling the
 * FF-A conduit; exactly one simulated CPU runs at a time, chosen by a
 * discrete-event scheduler (lowest virtual cycle count first, ties by CPU
 * index), so a scenario produces the same results and trace on every run.
 *
 * Typical use from a test: sim_create(), sim_start() (boots every SP; the
 * calling thread then *is* the normal world on CPU 0), sim_call() as often as
 * needed, sim_destroy().
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ffa/ffa.h>

#include "env.h"
#include "trace.h"

struct spmc_region; /* libspmc/spmc.h */
struct gic;         /* gic.h */

#ifdef __cplusplus
extern "C" {
#endif

/* Where the SPMC sits; decides which trap and return path each call pays for. */
enum sim_placement {
	SIM_SPMC_SEL2 = 0, /* Hafnium-style: SPMC at S-EL2, SPs at S-EL1 (default) */
	SIM_SPMC_SEL1,     /* OP-TEE-style: SPMC at S-EL1, SPs at S-EL0 */
	SIM_SPMC_EL3,      /* TF-A EL3 SPMC, merged with the dispatcher */
};

/* One secure partition hosted by the simulator (in-process registration). */
struct sim_sp {
	const char *name;
	ffa_id_t id;
	uint32_t uuid[4];
	uint16_t ec_count;      /* 1 = UP (migratable), or the CPU count (MP) */
	uint32_t properties;    /* FFA_PROP_* */
	uint16_t boot_order;
	uint32_t ffa_version;   /* 0 = the SPMC's */
	uint32_t mem_pages;     /* secure memory given to the SP (0 = 16 pages) */
	uint8_t el;             /* manifest exception-level: 1 S-EL0, 0 or 2 S-EL1 */
	uint8_t ns_int_action;  /* enum spmc_ns_int_action (0 = signaled) */
	uint8_t other_s_int_action; /* enum spmc_other_s_int_action (0 = signaled) */
	uint32_t pm_messages;   /* manifest power-management-messages bits */
	const struct spmc_region *regions; /* memory and device regions, as a manifest's
					    * (device ones in [0, SIM_DEV_SIZE)) */
	uint32_t region_count;
	/* The code: an entry function in this process, or an image (a shared
	 * object's bytes, as it sits in a package) loaded into its own namespace. */
	sim_entry_fn entry;
	const void *image;
	size_t image_size;
	void *user;             /* handed to the SP in its environment */
};

struct sim_config {
	uint32_t cpus;                /* 0 = 4 */
	const char *profile;          /* cost profile name, NULL = "juno-a57" */
	enum sim_placement placement;
	uint64_t ns_dram_size;        /* 0 = 64 MiB */
	uint64_t sec_dram_size;       /* 0 = 64 MiB */
	size_t trace_capacity;        /* events kept; 0 = tracing off */
	bool no_pinning;              /* keep host threads off a single host core */
	uint32_t rxtx_max_pages;      /* 0 = the core's default */
	uint32_t mem_max_ranges;      /* constituents of live memory transactions
				       * (the core's mem_max_ranges); 0 = 16384 */
	const struct sim_sp *sps;
	uint32_t sp_count;
	/* Or boot from firmware artifacts, as a real platform does (sps unused):
	 * the SPMC manifest (DTB) and either a FIP, whose packages the BL2 model
	 * places at the load addresses of bl2_config's SP list (TB_FW_CONFIG DTB;
	 * NULL: the SPMC manifest's list), or packages embedded in the SPMC. */
	const void *spmc_manifest;
	size_t spmc_manifest_size;
	const void *fip;
	size_t fip_size;
	const void *bl2_config;
	size_t bl2_config_size;
	const struct sim_pkg *embedded;
	uint32_t embedded_count;
	bool quiet;                   /* keep load problems out of stderr (tests) */
};

/* An SP package handed over in memory (the embedded flow). */
struct sim_pkg {
	const void *data;
	size_t size;
};

/* Physical memory map of the simulated platform. */
#define SIM_DEV_SIZE 0x10000000ull /* device space: [0, SIM_DEV_SIZE) */
#define SIM_SEC_DRAM_BASE 0x10000000ull
#define SIM_NS_DRAM_BASE 0x80000000ull
#define SIM_SPMC_ID 0x8000u

struct sim;

/* Creates a simulator; NULL with a message in err on bad configuration. */
struct sim *sim_create(const struct sim_config *cfg, char *err, size_t errlen);
/* Boots the SPMC and every SP on every CPU; the calling thread becomes the
 * normal world on CPU 0. Returns 0, or -1 with a message on stderr. */
int sim_start(struct sim *s);
/* An FF-A call from the normal world on CPU 0 (the thread that started it). */
struct ffa_value sim_call(struct sim *s, struct ffa_value in);
/* Runs normal-world program `fn` on secondary CPU `cpu` (1..cpus-1, idle).
 * It runs, interleaved in virtual time with the others, whenever the
 * scheduler picks its CPU; when fn returns the CPU idles. 0, or -1. */
int sim_run_nwd(struct sim *s, uint32_t cpu, sim_entry_fn fn, void *user);
/* CPU 0's normal world waits until no other CPU has work left. */
void sim_wait_idle(struct sim *s);
/* Stops every thread and frees everything. */
void sim_destroy(struct sim *s);

/* The normal world's environment: conduit and its view of NS DRAM. */
const struct sim_env *sim_nwd_env(struct sim *s);
/* Host pointer to normal-world physical address pa (NS DRAM), NULL if outside. */
void *sim_nwd_ptr(struct sim *s, uint64_t pa);
/* The normal world's own access (HAL_MEM_R/W/X) to the NS DRAM page holding
 * pa: none for memory it has lent or donated to an SP (touching it through
 * sim_nwd_ptr() then faults), all of it again after reclaim; 0 outside NS DRAM. */
uint32_t sim_nwd_access(const struct sim *s, uint64_t pa);
/* The core's state, for inspection in tests. */
struct spmc *sim_spmc(struct sim *s);
/* Virtual cycles spent so far on `cpu`. */
uint64_t sim_cycles(const struct sim *s, uint32_t cpu);
uint32_t sim_cpu_count(const struct sim *s);
/* The trace of this run (empty when tracing is off). */
const struct sim_trace *sim_trace(const struct sim *s);
/* Calls per FF-A function ID so far (counted even with tracing off). */
uint64_t sim_calls(const struct sim *s, uint32_t func_id);
/* Every load problem so far, one per line ("" when none). */
const char *sim_load_log(const struct sim *s);
/* Partitions the loader loaded / left out (firmware-artifact boots). */
uint32_t sim_partitions_loaded(const struct sim *s);
uint32_t sim_partitions_failed(const struct sim *s);
/* Number of SP faults (data aborts, exits) reported to the core. */
uint64_t sim_faults(const struct sim *s);

/* ---- Interrupts: a GICv3 model (gic.h), devices and timers in virtual time ----
 * Secure interrupts belong to the SPs whose regions list them (the SPMC sets
 * them up). The normal world's and EL3's own interrupts are set up here. An
 * interrupt is taken by the CPU it targets at the first point, at or after
 * the cycle it fires, between two instructions of whatever runs there: when
 * an FF-A call returns, or inside a modeled computation (spend), which is
 * split on that cycle. An idle CPU wakes for it. */

/* Called on the CPU that takes the interrupt, with it acknowledged; it is
 * ended when the handler returns. */
typedef void (*sim_irq_fn)(struct sim *s, uint32_t cpu, uint32_t intid, void *user);

/* A device (or timer) raises intid at virtual cycle `at` (SGIs and PPIs in
 * cpu's bank; SPIs go where they are routed). Level-sensitive interrupts stay
 * asserted until sim_irq_lower(). 0, or -1 for a bad INTID or CPU. */
int sim_irq_raise_at(struct sim *s, uint32_t intid, uint32_t cpu, uint64_t at);
int sim_irq_lower(struct sim *s, uint32_t intid, uint32_t cpu);
/* CPU cpu's generic timer whose interrupt is PPI `ppi` (SIM_TIMER_*) fires
 * at virtual cycle `at`; arming it again replaces the earlier deadline.
 * 0, or -1 for a bad CPU or a non-PPI. */
#define SIM_TIMER_SECURE_PHYS 29u /* CNTPS */
#define SIM_TIMER_NS_PHYS 30u     /* CNTP */
#define SIM_TIMER_VIRT 27u        /* CNTV */
int sim_timer_arm(struct sim *s, uint32_t cpu, uint32_t ppi, uint64_t at);
void sim_timer_cancel(struct sim *s, uint32_t cpu, uint32_t ppi);
/* Configures and enables one of the normal world's interrupts (non-secure
 * group 1; priority 0x80..0xfe), routed to or banked on cpu. 0 or -1. */
int sim_nwd_irq_configure(struct sim *s, uint32_t intid, uint32_t cpu, uint8_t prio);
/* The normal world's interrupt handler, for every CPU (NULL: the normal
 * world runs with interrupts masked, and they stay pending). */
void sim_nwd_irq_handler(struct sim *s, sim_irq_fn fn, void *user);
/* The same for EL3's own interrupts (group 0). */
int sim_el3_irq_configure(struct sim *s, uint32_t intid, uint32_t cpu, uint8_t prio);
void sim_el3_irq_handler(struct sim *s, sim_irq_fn fn, void *user);
/* The interrupt controller, for inspection. */
struct gic *sim_gic(struct sim *s);
/* Physical interrupts taken so far (by the SPMC, the normal world or EL3). */
uint64_t sim_irqs_taken(const struct sim *s);

/* Console output of the SPMC and SPs goes here (default stdout). */
void sim_set_console(struct sim *s, FILE *f);

#ifdef __cplusplus
}
#endif

#endif
