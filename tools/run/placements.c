/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The same two measurements with the SPMC modeled at S-EL2 (SPs at S-EL1, as
 * Hafnium), at S-EL1 (SPs at S-EL0, as OP-TEE) and at EL3 (merged with the
 * dispatcher, as TF-A's EL3 SPMC): only the conduits, trap paths and their
 * costs change, the core's logic is the same. What an integrator compares.
 */
#include <inttypes.h>
#include <stdio.h>

#include <ffa/ffa.h>

#include "example_sps.h"
#include "hal.h"
#include "run.h"
#include "sim.h"
#include "spmc.h"

#define ECHO_ID 0x8001
#define TEE_ID 0x8020
#define DEVICE_IRQ 40u

static struct sim *S;

static struct ffa_value call0(struct ffa_value in)
{
	return sim_call(S, in);
}

static const struct spmc_irq device_irqs[] = {{DEVICE_IRQ, 0x20}};
static const struct spmc_region device = {"secure-device", 0x01000000, 1,
					  HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE, device_irqs, 1,
					  true};

bool measure_placement(const char *profile, int placement, struct placement_costs *out)
{
	uint8_t sp_el = placement == SIM_SPMC_SEL1 ? 1 : 2; /* S-EL0 under an S-EL1 SPMC */
	const struct sim_sp sps[] = {
		{.name = "echo", .id = ECHO_ID, .uuid = ECHO_SP_UUID, .ec_count = 1,
		 .properties = FFA_PROP_DIRECT_REQ_RECV, .boot_order = 1, .el = sp_el,
		 .entry = echo_sp_main},
		{.name = "tee", .id = TEE_ID, .uuid = TEE_SP_UUID, .ec_count = 1,
		 .properties = FFA_PROP_DIRECT_REQ_RECV, .boot_order = 2, .el = sp_el,
		 .entry = tee_sp_main, .regions = &device, .region_count = 1},
	};
	struct sim_config cfg = {
		.cpus = 1, .profile = profile, .placement = (enum sim_placement)placement,
		.trace_capacity = 256, .sps = sps, .sp_count = 2,
	};
	char err[200];
	bool ok = false;

	*out = (struct placement_costs){0};
	S = sim_create(&cfg, err, sizeof(err));
	if (!S || sim_start(S) != 0) {
		fprintf(stderr, "spmc-sim: placement %d: %s\n", placement, S ? "boot failed" : err);
		sim_destroy(S);
		return false;
	}
	uint64_t c0 = sim_cycles(S, 0);
	struct ffa_value r = ffa_direct_req(call0, 0, ECHO_ID, 1, 2, 3, 4, 5);
	out->round_trip = sim_cycles(S, 0) - c0;

	/* The device interrupt fires while the normal world computes; the SP
	 * handles it at once (counts it) and waits again. */
	size_t first = sim_trace(S)->count;
	c0 = sim_cycles(S, 0);
	sim_irq_raise_at(S, DEVICE_IRQ, 0, c0 + 1);
	sim_nwd_env(S)->spend(1);
	out->irq_round_trip = sim_cycles(S, 0) - c0 - 1;
	const struct sim_trace_event *e = sim_trace_at(sim_trace(S), first);
	if (e && e->kind == SIM_TRACE_IRQ && e->callee.id == TEE_ID)
		out->irq_to_sp = e->cycle - e->taken;
	ok = (uint32_t)r.x[0] == FFA_MSG_SEND_DIRECT_RESP_64 && out->irq_to_sp != 0;
	sim_destroy(S);
	S = NULL;
	return ok;
}

bool run_placement_comparison(const char *profile)
{
	static const char *const names[] = {"S-EL2 (SPs at S-EL1)", "S-EL1 (SPs at S-EL0)",
					    "EL3 (with the dispatcher)"};
	static const int order[] = {SIM_SPMC_SEL2, SIM_SPMC_SEL1, SIM_SPMC_EL3};
	bool ok = true;

	printf("\nplacement comparison (profile %s, virtual cycles):\n", profile);
	printf("  %-28s %24s %22s %26s\n", "SPMC at", "direct-request round trip",
	       "interrupt -> SP runs", "interrupt handled, NWd on");
	for (unsigned i = 0; i < 3; i++) {
		struct placement_costs c;

		ok &= measure_placement(profile, order[i], &c);
		printf("  %-28s %24" PRIu64 " %22" PRIu64 " %26" PRIu64 "\n", names[i], c.round_trip,
		       c.irq_to_sp, c.irq_round_trip);
	}
	return ok;
}
