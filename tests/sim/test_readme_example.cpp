/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The README's "first SP" and "first test", verbatim, so the documentation
 * cannot drift from what builds and passes.
 */
#include <ffa/ffa.h>

#include "env.h"
#include "sim.h"

#include <CppUTest/TestHarness.h>

extern "C" void my_sp_main(const struct sim_env *env);

/* ---- README: A first SP ---- */
void my_sp_main(const struct sim_env *env)
{
	struct ffa_value r = ffa_msg_wait(env->ffa_call);   /* "initialised" */

	for (;;) {
		if (!ffa_is_direct_req(&r)) {
			r = ffa_msg_wait(env->ffa_call);
			continue;
		}
		uint64_t answer = r.x[3] + 1;                   /* the work */
		env->spend(500);                                /* its modeled cost */
		r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(r.x[1]),
				    answer, 0, 0, 0, 0);
	}
}

/* ---- README: A first test ---- */
static struct sim *S;
static struct ffa_value call(struct ffa_value in) { return sim_call(S, in); }

TEST_GROUP(MySp){};

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ/RESP: the SP's answer comes back in the response's x3. */
TEST(MySp, AnswersPlusOne)
{
	struct sim_sp sp = {};
	sp.name = "mine";
	sp.id = 0x8001;
	sp.ec_count = 1;
	sp.properties = FFA_PROP_DIRECT_REQ_RECV;
	sp.entry = my_sp_main;
	struct sim_config cfg = {};
	cfg.cpus = 1;
	cfg.sps = &sp;
	cfg.sp_count = 1;
	char err[128];

	S = sim_create(&cfg, err, sizeof(err));
	CHECK(S && sim_start(S) == 0);
	struct ffa_value r = ffa_direct_req(call, 0, 0x8001, 41, 0, 0, 0, 0);
	LONGS_EQUAL(FFA_MSG_SEND_DIRECT_RESP_64, (uint32_t)r.x[0]);
	LONGS_EQUAL(42, r.x[3]);
	sim_destroy(S);
}
