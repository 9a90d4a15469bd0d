/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cost profiles. smc_entry_el3 is MEASURED (TF-A's published PSCI_VERSION
 * round trip on Juno and N1SDP, converted at the stated clock); every other
 * step is ESTIMATED from instruction counts calibrated against it. See
 * PROFILES.md for each figure's source and derivation.
 */
#include <string.h>

#include "profiles.h"

static const struct sim_cost_profile juno_a53 = {
	.name = "juno-a53", .mhz = 650,
	.smc_entry_el3 = 680, .el3_ctx_save = 159, .el3_ctx_restore = 204,
	.spmd_dispatch = 340, .eret_to_sel2 = 113, .hvc_trap_sel2 = 181,
	.svc_trap_sel1 = 159, .stage2_switch = 159, .eret_sel2_to_sp = 91,
	.spmc_handler_base = 1134, .cpi_milli = 2268, .milli_per_byte = 500, .per_page_map = 567,
	.eret_el3_to_nwd = 113, .gic_ack_eoi = 57,
};

static const struct sim_cost_profile juno_a57 = {
	.name = "juno-a57", .mhz = 900,
	.smc_entry_el3 = 1062, .el3_ctx_save = 248, .el3_ctx_restore = 319,
	.spmd_dispatch = 531, .eret_to_sel2 = 177, .hvc_trap_sel2 = 283,
	.svc_trap_sel1 = 248, .stage2_switch = 248, .eret_sel2_to_sp = 142,
	.spmc_handler_base = 1770, .cpi_milli = 3540, .milli_per_byte = 250, .per_page_map = 885,
	.eret_el3_to_nwd = 177, .gic_ack_eoi = 89,
};

static const struct sim_cost_profile n1sdp = {
	.name = "n1sdp", .mhz = 2600,
	.smc_entry_el3 = 624, .el3_ctx_save = 146, .el3_ctx_restore = 187,
	.spmd_dispatch = 312, .eret_to_sel2 = 104, .hvc_trap_sel2 = 166,
	.svc_trap_sel1 = 146, .stage2_switch = 146, .eret_sel2_to_sp = 83,
	.spmc_handler_base = 1040, .cpi_milli = 2080, .milli_per_byte = 125, .per_page_map = 520,
	.eret_el3_to_nwd = 104, .gic_ack_eoi = 52,
};

const struct sim_cost_profile *const sim_profiles[] = {&juno_a53, &juno_a57, &n1sdp, NULL};

const struct sim_cost_profile *sim_profile_find(const char *name)
{
	for (int i = 0; sim_profiles[i]; i++)
		if (strcmp(sim_profiles[i]->name, name) == 0)
			return sim_profiles[i];
	return NULL;
}
