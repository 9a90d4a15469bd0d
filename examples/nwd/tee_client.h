/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The normal-world side of a yielding call to the trusted-OS SP (tee_sp.c),
 * as an OP-TEE driver makes it: start the call, answer its RPCs, resume it
 * with FFA_RUN when a non-secure interrupt preempted it (FFA_INTERRUPT), and
 * with TEE_RESUME when a managed exit stopped it, until the final answer.
 * Every step is one FF-A call, so a driver may move between CPUs between
 * any two of them: the call's state lives in the SP, not on a CPU.
 */
#ifndef EXAMPLES_NWD_TEE_CLIENT_H
#define EXAMPLES_NWD_TEE_CLIENT_H

#include <stdbool.h>

#include <ffa/ffa.h>

#include "example_sps.h"

struct tee_client {
	ffa_conduit_fn ffa;
	ffa_id_t tee;
	unsigned calls, rpcs, preemptions, managed_exits;
};

/* Whether r ends the call: the SP's final answer, or an FF-A error. */
static inline bool tee_client_done(const struct ffa_value *r)
{
	uint32_t f = (uint32_t)r->x[0];

	if (f == FFA_INTERRUPT_32)
		return false;
	if (f != FFA_MSG_SEND_DIRECT_RESP_64 && f != FFA_MSG_SEND_DIRECT_RESP_32)
		return true;
	return r->x[3] != TEE_RPC && r->x[3] != TEE_INTERRUPTED;
}

/* The next call, given the last one's result r (which must not be done). */
static inline struct ffa_value tee_client_step(struct tee_client *c, struct ffa_value r)
{
	c->calls++;
	if ((uint32_t)r.x[0] == FFA_INTERRUPT_32) {
		/* Preempted: give the context its CPU time back. */
		c->preemptions++;
		return ffa_run(c->ffa, (ffa_id_t)((uint32_t)r.x[1] >> 16), (uint16_t)r.x[1]);
	}
	if (r.x[3] == TEE_RPC) {
		c->rpcs++;
		return ffa_direct_req(c->ffa, 0, c->tee, TEE_RETURN_FROM_RPC, r.x[4],
				      tee_rpc_service(r.x[5]), 0, 0);
	}
	c->managed_exits++;
	return ffa_direct_req(c->ffa, 0, c->tee, TEE_RESUME, r.x[4], 0, 0, 0);
}

static inline struct ffa_value tee_client_start(struct tee_client *c, uint64_t units,
						uint64_t seed)
{
	c->calls++;
	return ffa_direct_req(c->ffa, 0, c->tee, TEE_CALL, units, seed, 0, 0);
}

/* A whole call, on this CPU. */
static inline struct ffa_value tee_client_call(struct tee_client *c, uint64_t units,
					       uint64_t seed)
{
	struct ffa_value r = tee_client_start(c, units, seed);

	while (!tee_client_done(&r))
		r = tee_client_step(c, r);
	return r;
}

#endif
