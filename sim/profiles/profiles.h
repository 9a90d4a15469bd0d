/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * World-switch cost profiles: one number per step, in CPU cycles. Data, not
 * code; every value's source and whether it is measured or estimated is in
 * PROFILES.md beside this file.
 */
#ifndef SIM_PROFILES_H
#define SIM_PROFILES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_cost_profile {
	const char *name;
	uint32_t mhz;
	uint32_t smc_entry_el3;   /* NWd (or SPMC) SMC trapped into EL3 */
	uint32_t el3_ctx_save;    /* EL3 saves one world's lower-EL context */
	uint32_t el3_ctx_restore; /* EL3 restores the other world's context */
	uint32_t spmd_dispatch;   /* SPMD handler work */
	uint32_t eret_to_sel2;    /* EL3 -> S-EL2 SPMC */
	uint32_t hvc_trap_sel2;   /* S-EL1 SP traps to an S-EL2 SPMC */
	uint32_t svc_trap_sel1;   /* S-EL0 SP traps to an S-EL1 SPMC */
	uint32_t stage2_switch;   /* VTTBR/VMID (or TTBR/ASID) switch between partitions */
	uint32_t eret_sel2_to_sp; /* SPMC returns into an SP */
	uint32_t spmc_handler_base; /* SPMC per-call handler work (calls not measured) */
	uint32_t cpi_milli;       /* cycles per instruction x 1000: measured handler
				   * instruction counts (handler_cost.h) to cycles */
	uint32_t milli_per_byte;  /* SPMC copy cost, 1/1000 cycle per byte */
	uint32_t per_page_map;    /* SPMC cost to map one 4 KiB page */
	uint32_t eret_el3_to_nwd; /* EL3 returns into the normal world */
	uint32_t gic_ack_eoi;     /* GIC CPU interface: acknowledge + end of interrupt */
};

/* The profile called `name`, or NULL. */
const struct sim_cost_profile *sim_profile_find(const char *name);
/* NULL-terminated list of every profile. */
extern const struct sim_cost_profile *const sim_profiles[];

#ifdef __cplusplus
}
#endif

#endif
