/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notification round trips (see notif_cycle.h). The SP here is the bench's
 * own: it takes the notification pending interrupt in its handler and reads
 * its notifications there, and on request notifies the normal world.
 */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include <ffa/ffa.h>

#include "bench/notif_cycle.h"
#include "msg/msg_hdr.h"
#include "sim.h"
#include "spmc.h"

#define SP_ID 0x8050
#define VM 0u
#define NOTIFY_NWD 1u /* request: set notification 1 for VM 0 (delayed SRI) */

static struct sim *S;
static uint64_t sp_got, nwd_got, msgs_got;

static struct ffa_value call(struct ffa_value in)
{
	return sim_call(S, in);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void sp_irq(const struct sim_env *env, uint32_t intid)
{
	if (intid != SPMC_VIRQ_NOTIFICATION_PENDING)
		return;
	struct ffa_value r = env->ffa_call((struct ffa_value){
		{FFA_NOTIFICATION_GET_32, env->id, 0xf}});
	sp_got += ffa_is_success(&r) && r.x[4] == 1;
	/* An indirect message: RX buffer full (SPM framework bit 0). */
	if (ffa_is_success(&r) && (r.x[6] & 1)) {
		const uint8_t *rx = sim_env_ptr(env, env->mem_base + 0x9000);

		msgs_got += rx[SPMC_MSG_HDR_SIZE_V1_2] == 0x5a;
		env->ffa_call((struct ffa_value){{FFA_RX_RELEASE_32}});
	}
}

static void sp_main(const struct sim_env *env)
{
	struct ffa_value r;

	env->set_irq_handler(sp_irq);
	ffa_rxtx_map(env->ffa_call, env->mem_base + 0x8000, env->mem_base + 0x9000, 1);
	r = env->ffa_call((struct ffa_value){{FFA_NOTIFICATION_BIND_32, ffa_pack_ids(VM, env->id),
					      0, 1}});
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		uint32_t f = (uint32_t)r.x[0];

		if (f == FFA_MSG_SEND_DIRECT_REQ_64 && r.x[3] == NOTIFY_NWD) {
			struct ffa_value s = env->ffa_call((struct ffa_value){
				{FFA_NOTIFICATION_SET_32, ffa_pack_ids(env->id, VM), 2, 1}});

			r = ffa_direct_resp(env->ffa_call, env->id, VM, s.x[0], 0, 0, 0, 0);
		} else {
			r = ffa_msg_wait(env->ffa_call);
		}
	}
}

static void nwd_irq(struct sim *s, uint32_t cpu, uint32_t intid, void *user)
{
	(void)cpu;
	(void)user;
	if (intid != SPMC_SRI_INTID)
		return;
	struct ffa_value r = sim_call(s, (struct ffa_value){{FFA_NOTIFICATION_INFO_GET_64}});

	if (!ffa_is_success(&r))
		return;
	r = sim_call(s, (struct ffa_value){{FFA_NOTIFICATION_GET_32, VM, 0xf}});
	nwd_got += ffa_is_success(&r) && r.x[2] == 1;
}

int bench_notif_cycle(unsigned n)
{
	const struct sim_sp sp = {.name = "notified", .id = SP_ID, .ec_count = 1,
				  .properties = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_NOTIFICATION_RECV |
						FFA_PROP_INDIRECT_MSG,
				  .entry = sp_main};
	struct sim_config cfg = {.cpus = 1, .sps = &sp, .sp_count = 1};
	char err[200];
	double t0, to_sp, to_nwd, msg;
	uint64_t c0, cyc_sp, cyc_nwd, cyc_msg;

	S = sim_create(&cfg, err, sizeof(err));
	if (!S || sim_start(S) != 0) {
		fprintf(stderr, "spmc-bench: notifications: %s\n", S ? "boot failed" : err);
		sim_destroy(S);
		return -1;
	}
	ffa_version(call, FFA_VERSION_1_2);
	sim_nwd_irq_configure(S, SPMC_SRI_INTID, 0, 0x90);
	sim_nwd_irq_handler(S, nwd_irq, NULL);
	call((struct ffa_value){{FFA_NOTIFICATION_BITMAP_CREATE_32, VM, 1}});
	call((struct ffa_value){{FFA_NOTIFICATION_BIND_32, ffa_pack_ids(SP_ID, VM), 0, 1}});
	sp_got = nwd_got = msgs_got = 0;

	/* Normal world -> SP: SET, then FFA_RUN; the SP reads it in its handler. */
	t0 = now();
	c0 = sim_cycles(S, 0);
	for (unsigned i = 0; i < n; i++) {
		call((struct ffa_value){{FFA_NOTIFICATION_SET_32, ffa_pack_ids(VM, SP_ID), 0, 1}});
		ffa_run(call, SP_ID, 0);
	}
	to_sp = now() - t0;
	cyc_sp = (sim_cycles(S, 0) - c0) / (n ? n : 1);

	/* SP -> normal world: the SP sets on request; the SRI's handler reads it. */
	t0 = now();
	c0 = sim_cycles(S, 0);
	for (unsigned i = 0; i < n; i++)
		ffa_direct_req(call, VM, SP_ID, NOTIFY_NWD, 0, 0, 0, 0);
	to_nwd = now() - t0;
	cyc_nwd = (sim_cycles(S, 0) - c0) / (n ? n : 1);

	/* Indirect messages, normal world -> SP: FFA_MSG_SEND2, then FFA_RUN;
	 * the SP finds it through its RX-buffer-full notification, releases. */
	struct spmc_msg_hdr h = {.offset = SPMC_MSG_HDR_SIZE_V1_2, .sender = VM,
				 .receiver = SP_ID, .size = 64};
	uint8_t *tx = sim_nwd_ptr(S, SIM_NS_DRAM_BASE);

	ffa_rxtx_map(call, SIM_NS_DRAM_BASE, SIM_NS_DRAM_BASE + FFA_PAGE_SIZE, 1);
	spmc_msg_hdr_encode(&h, FFA_VERSION_1_2, tx, FFA_PAGE_SIZE);
	for (unsigned i = 0; i < h.size; i++)
		tx[h.offset + i] = 0x5a;
	t0 = now();
	c0 = sim_cycles(S, 0);
	for (unsigned i = 0; i < n; i++) {
		call((struct ffa_value){{FFA_MSG_SEND2_32}});
		ffa_run(call, SP_ID, 0);
	}
	msg = now() - t0;
	cyc_msg = (sim_cycles(S, 0) - c0) / (n ? n : 1);
	sim_destroy(S);
	S = NULL;

	if (sp_got != n || nwd_got != n || msgs_got != n) {
		fprintf(stderr, "spmc-bench: notifications: %" PRIu64 "/%u reached the SP, %" PRIu64
			"/%u the normal world; %" PRIu64 "/%u messages\n", sp_got, n, nwd_got, n,
			msgs_got, n);
		return -1;
	}
	printf("notifications, set -> get round trips (%u each):\n", n);
	printf("  normal world -> SP (SET, FFA_RUN, NPI, GET):        %9.0f /s  %6" PRIu64
	       " virtual cycles each\n", to_sp > 0 ? n / to_sp : 0.0, cyc_sp);
	printf("  SP -> normal world (request, SET, SRI, INFO_GET, GET): %9.0f /s  %6" PRIu64
	       " virtual cycles each\n", to_nwd > 0 ? n / to_nwd : 0.0, cyc_nwd);
	printf("indirect messages, normal world -> SP (MSG_SEND2 of 64 bytes, FFA_RUN, NPI, GET,"
	       " RX_RELEASE):\n  %9.0f messages/s  %6" PRIu64 " virtual cycles each\n",
	       msg > 0 ? n / msg : 0.0, cyc_msg);
	return 0;
}
