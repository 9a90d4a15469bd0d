/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `make run`'s interrupt scenario, on a two-CPU system with the trusted-OS SP
 * (examples/sp/tee_sp.c), which owns a secure device interrupt:
 *   1. the device interrupts while the normal world idles: the SPMC runs the
 *      SP with FFA_INTERRUPT, the SP handles it and waits, the normal world
 *      continues where it was;
 *   2. the normal world makes a yielding call; its own timer fires while the
 *      SP works (ns-interrupts-action: signaled), so the SP is preempted and
 *      the normal world gets FFA_INTERRUPT, takes its interrupt, and its
 *      driver finishes the call from CPU 1 (FFA_RUN, the RPC, the answer);
 *   3. top half / bottom half: the device SP's interrupt while the normal
 *      world idles; its top half notifies the normal-world driver, which
 *      takes the schedule receiver interrupt, finds the notification
 *      (INFO_GET, GET) and sends the bottom half as a direct request.
 * Every interrupt is taken on the cycle it fires, on every run.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <ffa/ffa.h>

#include "example_sps.h"
#include "hal.h"
#include "run.h"
#include "sim.h"
#include "spmc.h"
#include "tee_client.h"

#define TEE_ID 0x8020
#define DEVICE_ID 0x8021
#define DEVICE_IRQ 40u
#define DEVICE2_IRQ 44u
#define UNITS 12u
#define SEED 0x1234u

static struct sim *S;

static struct ffa_value call0(struct ffa_value in)
{
	return sim_call(S, in);
}

struct nwd_state {
	unsigned timer_irqs, sris;
	uint64_t timer_taken;
	bool bottom_half_due;
};

/* The normal world's interrupt handler: its timer, and the SRI, whose
 * handler finds out who has notifications (INFO_GET, then GET for itself). */
static void nwd_irq(struct sim *s, uint32_t cpu, uint32_t intid, void *user)
{
	struct nwd_state *st = user;
	struct ffa_value r;

	if (intid == SIM_TIMER_NS_PHYS) {
		st->timer_irqs++;
		st->timer_taken = sim_cycles(s, cpu);
	} else if (intid == SPMC_SRI_INTID) {
		st->sris++;
		r = sim_call(s, (struct ffa_value){{FFA_NOTIFICATION_INFO_GET_64}});
		if (!ffa_is_success(&r) || (uint16_t)r.x[3] != 0)
			return; /* not for VM 0, the driver */
		r = sim_call(s, (struct ffa_value){{FFA_NOTIFICATION_GET_32, 0, 0xf}});
		st->bottom_half_due = ffa_is_success(&r) && (r.x[2] >> DEVICE_NOTIFICATION & 1);
	}
}

/* The driver, moved to CPU 1: finishes the call it was given. */
struct handover {
	struct tee_client c;
	struct ffa_value r;
};

static void finish_on_cpu1(const struct sim_env *env)
{
	struct handover *h = env->user;

	h->c.ffa = env->ffa_call;
	while (!tee_client_done(&h->r))
		h->r = tee_client_step(&h->c, h->r);
}

static const struct spmc_irq device_irqs[] = {{DEVICE_IRQ, 0x20}};
static const struct spmc_region device = {"secure-device", 0x01000000, 1,
					  HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE, device_irqs, 1,
					  true};
static const struct spmc_irq device2_irqs[] = {{DEVICE2_IRQ, 0x20}};
static const struct spmc_region device2 = {"notifying-device", 0x01001000, 1,
					   HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE, device2_irqs, 1,
					   true};

bool run_interrupt_scenario(const char *profile, unsigned show)
{
	const struct sim_sp sps[] = {
		{.name = "tee", .id = TEE_ID, .uuid = TEE_SP_UUID, .ec_count = 1,
		 .properties = FFA_PROP_DIRECT_REQ_RECV, .boot_order = 1, .entry = tee_sp_main,
		 .regions = &device, .region_count = 1, .ns_int_action = SPMC_NS_INT_SIGNALED},
		{.name = "device", .id = DEVICE_ID, .uuid = DEVICE_SP_UUID, .ec_count = 1,
		 .properties = FFA_PROP_DIRECT_REQ_RECV, .boot_order = 2, .entry = device_sp_main,
		 .regions = &device2, .region_count = 1},
	};
	struct sim_config cfg = {
		.cpus = 2, .profile = profile, .trace_capacity = 1024, .sps = sps, .sp_count = 2,
	};
	struct nwd_state st = {0};
	struct handover h = {{.ffa = call0, .tee = TEE_ID}, {{0}}};
	char err[200];
	bool ok;

	S = sim_create(&cfg, err, sizeof(err));
	if (!S || sim_start(S) != 0) {
		fprintf(stderr, "spmc-sim: interrupt scenario: %s\n", S ? "boot failed" : err);
		sim_destroy(S);
		return false;
	}
	/* The normal world: v1.2, its timer, the SRI, and a notification
	 * bitmap for itself (VM 0) bound to the device SP. */
	ffa_version(call0, FFA_VERSION_1_2);
	sim_nwd_irq_configure(S, SIM_TIMER_NS_PHYS, 0, 0xa0);
	sim_nwd_irq_configure(S, SPMC_SRI_INTID, 0, 0x90);
	sim_nwd_irq_handler(S, nwd_irq, &st);
	call0((struct ffa_value){{FFA_NOTIFICATION_BITMAP_CREATE_32, 0, 2}});
	call0((struct ffa_value){{FFA_NOTIFICATION_BIND_32, ffa_pack_ids(DEVICE_ID, 0), 0,
				  1u << DEVICE_NOTIFICATION}});
	size_t first = sim_trace(S)->count;
	uint64_t t0 = sim_cycles(S, 0);

	/* 1. A secure device interrupt while the normal world computes. */
	sim_irq_raise_at(S, DEVICE_IRQ, 0, t0 + 2000);
	sim_nwd_env(S)->spend(5000);

	/* 2. A yielding call; the normal world's timer fires 9000 cycles in. */
	uint64_t t1 = sim_cycles(S, 0);
	sim_timer_arm(S, 0, SIM_TIMER_NS_PHYS, t1 + 9000);
	h.r = tee_client_start(&h.c, UNITS, SEED);
	bool preempted = (uint32_t)h.r.x[0] == FFA_INTERRUPT_32;
	if (!tee_client_done(&h.r)) {
		sim_run_nwd(S, 1, finish_on_cpu1, &h);
		sim_wait_idle(S);
	}
	struct ffa_value stats = ffa_direct_req(call0, 0, TEE_ID, TEE_STATS, 0, 0, 0, 0);

	/* 3. Top half, bottom half. */
	uint64_t t2 = sim_cycles(S, 0);
	struct ffa_value bh = {{0}};
	sim_irq_raise_at(S, DEVICE2_IRQ, 0, t2 + 1000);
	sim_nwd_env(S)->spend(3000);
	if (st.bottom_half_due)
		bh = ffa_direct_req(call0, 0, DEVICE_ID, DEVICE_BOTTOM_HALF, 0, 0, 0, 0);

	ok = preempted && st.timer_irqs == 1 && h.r.x[3] == TEE_DONE &&
	     h.r.x[5] == tee_expected(UNITS, SEED) && stats.x[4] == 1 && st.sris == 1 &&
	     bh.x[4] == 1;
	if (show) {
		size_t n = sim_trace(S)->count - first;

		printf("\ninterrupts (cpu, virtual cycle): a secure device interrupt while the normal"
		       " world idles,\na yielding call preempted by the normal world's timer"
		       " and finished on cpu1,\nthen a device's top half notifying the normal"
		       " world, and its bottom half:\n");
		sim_trace_print(sim_trace(S), stdout, first, n < show ? n : show);
	}
	printf("  interrupt scenario: device interrupt at cycle %" PRIu64 " handled by the SP"
	       " (%" PRIu64 " seen); timer at %" PRIu64 " preempted the SP on that cycle, the"
	       " normal world's handler ran at %" PRIu64 "; call %s"
	       " (%u RPC, %u preemption, result %s)\n",
	       t0 + 2000, stats.x[4], t1 + 9000, st.timer_taken,
	       h.r.x[3] == TEE_DONE ? "completed" : "FAILED", h.c.rpcs, h.c.preemptions,
	       h.r.x[5] == tee_expected(UNITS, SEED) ? "correct" : "WRONG");
	printf("  top half / bottom half: device interrupt at cycle %" PRIu64 ", schedule receiver"
	       " interrupt taken %u time(s), bottom half handled %" PRIu64 " event(s)\n",
	       t2 + 1000, st.sris, bh.x[4]);
	sim_destroy(S);
	S = NULL;
	if (!ok)
		fprintf(stderr, "spmc-sim: the interrupt scenario did not go as expected\n");
	return ok;
}
