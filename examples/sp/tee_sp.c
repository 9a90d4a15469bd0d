/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trusted-OS SP: the yielding-call protocol OP-TEE speaks over FF-A, small.
 * A call runs on one of a few threads whose state is kept in the SP's own
 * memory; it returns to the normal world mid-way for an RPC, and continues
 * when the normal world answers. A non-secure interrupt either preempts it
 * outright (the SPMC saves everything; the normal world resumes it with
 * FFA_RUN, maybe on another CPU) or, with the managed-exit action, reaches
 * its interrupt handler, and the call stops cleanly at the next unit of work
 * with TEE_INTERRUPTED until the normal world resumes it. See example_sps.h.
 */
#include <stdbool.h>

#include <ffa/ffa.h>

#include "example_sps.h"

enum thread_state { T_FREE = 0, T_RUNNING, T_RPC, T_INTERRUPTED };

struct tee_thread {
	uint8_t state;
	bool rpc_done;
	uint64_t units, next, acc;
};

/* The SP's memory: one instance per partition, shared by its contexts. */
static struct tee_thread threads[TEE_THREADS];
static volatile uint32_t managed_exit; /* set by the handler, taken by the call */
static uint32_t managed_exit_intid;    /* as FFA_FEATURES names it; 0 = none */
static uint64_t device_irqs, managed_exits;

static void on_irq(const struct sim_env *env, uint32_t intid)
{
	(void)env;
	if (managed_exit_intid && intid == managed_exit_intid) {
		managed_exit = 1;
		managed_exits++;
	} else {
		device_irqs++;
	}
}

static struct ffa_value answer(const struct sim_env *env, ffa_id_t to, uint64_t status,
			       uint64_t a4, uint64_t a5)
{
	/* Answering ends whatever a managed exit asked for: the SPMC drops one
	 * it signalled but we never took, and so do we. */
	managed_exit = 0;
	return ffa_direct_resp(env->ffa_call, env->id, to, status, a4, a5, 0, 0);
}

/* Runs thread t until it is done, needs an RPC, or a managed exit stops it. */
static struct ffa_value run(const struct sim_env *env, ffa_id_t from, uint64_t n)
{
	struct tee_thread *t = &threads[n];

	t->state = T_RUNNING;
	for (; t->next < t->units; t->next++) {
		if (managed_exit) {
			managed_exit = 0;
			t->state = T_INTERRUPTED;
			return answer(env, from, TEE_INTERRUPTED, n, 0);
		}
		if (t->next == t->units / 2 && !t->rpc_done) {
			t->state = T_RPC;
			return answer(env, from, TEE_RPC, n, t->acc);
		}
		env->spend(TEE_UNIT_CYCLES);
		t->acc = tee_mix(t->acc, t->next);
	}
	t->state = T_FREE;
	return answer(env, from, TEE_DONE, n, t->acc);
}

static struct ffa_value handle(const struct sim_env *env, const struct ffa_value *q)
{
	ffa_id_t from = ffa_sender(q->x[1]);
	uint64_t n = q->x[4];

	switch (q->x[3]) {
	case TEE_CALL:
		for (n = 0; n < TEE_THREADS && threads[n].state != T_FREE; n++)
			;
		if (n == TEE_THREADS)
			return answer(env, from, TEE_BUSY, 0, 0);
		threads[n] = (struct tee_thread){T_RUNNING, false, q->x[4], 0, q->x[5]};
		return run(env, from, n);
	case TEE_RETURN_FROM_RPC:
		if (n >= TEE_THREADS || threads[n].state != T_RPC)
			return answer(env, from, TEE_BAD, n, 0);
		threads[n].acc ^= q->x[5];
		threads[n].rpc_done = true;
		return run(env, from, n);
	case TEE_RESUME:
		if (n >= TEE_THREADS || threads[n].state != T_INTERRUPTED)
			return answer(env, from, TEE_BAD, n, 0);
		return run(env, from, n);
	case TEE_STATS:
		return answer(env, from, TEE_DONE, device_irqs, managed_exits);
	default:
		return answer(env, from, TEE_BAD, 0, 0);
	}
}

void tee_sp_main(const struct sim_env *env)
{
	struct ffa_value r;

	for (uint32_t i = 0; i < TEE_THREADS; i++)
		threads[i] = (struct tee_thread){0};
	managed_exit = 0;
	device_irqs = managed_exits = 0;
	/* The managed exit's virtual interrupt ID is the SPMC's to choose. */
	r = ffa_features(env->ffa_call, FFA_FEATURE_MEI);
	managed_exit_intid = ffa_is_success(&r) ? (uint32_t)r.x[2] : 0;
	env->set_irq_handler(on_irq);
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		uint32_t f = (uint32_t)r.x[0];

		if (f == FFA_MSG_SEND_DIRECT_REQ_32 || f == FFA_MSG_SEND_DIRECT_REQ_64)
			r = handle(env, &r);
		else if (f == FFA_INTERRUPT_32) {
			/* A device interrupt while it waited: count it, wait again. */
			device_irqs++;
			r = ffa_msg_wait(env->ffa_call);
		} else {
			r = ffa_msg_wait(env->ffa_call);
		}
	}
}

SIM_SP_IMAGE_ENTRY(tee_sp_main)
