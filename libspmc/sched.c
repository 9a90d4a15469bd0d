/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU-cycle management: FFA_MSG_WAIT, FFA_RUN, FFA_YIELD. The normal world is
 * the scheduler: it lends CPU time to SP contexts with FFA_RUN and gets it
 * back when they wait, yield or answer.
 */
#include "internal.h"

/* FFA_MSG_WAIT w2 bit 0 (v1.1): keep ownership of the RX buffer. */
#define MSG_WAIT_RETAIN_RX 1u

static struct spmc_ec *to_nwd(struct spmc *s, uint32_t cpu, struct ffa_value *regs,
			      struct ffa_value v)
{
	struct spmc_ec *nwd = &s->nwd.ecs[cpu];

	nwd->state = SPMC_EC_RUNNING;
	nwd->waiting_on = NULL;
	*regs = v;
	return nwd;
}

struct spmc_ec *spmc_abi_msg_wait(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				  struct ffa_value *regs)
{
	uint32_t flags = (uint32_t)regs->x[2];
	struct spmc_mailbox *mb = &caller->part->mbox;
	struct ffa_value v = {{0}};

	/* The flags are a v1.1 addition: w2 is MBZ for a v1.0 caller. */
	if (flags & ~(caller->part->ffa_version >= FFA_VERSION_1_1 ? MSG_WAIT_RETAIN_RX : 0u))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* A context handling a direct request must answer it, not wait. */
	if (caller->rt == SPMC_RT_DIRECT_REQ)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	spmc_irq_me_clear(caller);

	/* From v1.1, waiting hands the RX buffer back unless asked not to. */
	if (caller->part->ffa_version >= FFA_VERSION_1_1 && !(flags & MSG_WAIT_RETAIN_RX) &&
	    mb->mapped && mb->rx_state == SPMC_RX_FULL)
		mb->rx_state = SPMC_RX_FREE;

	if (caller->rt == SPMC_RT_INIT) {
		caller->state = SPMC_EC_WAITING;
		caller->rt = SPMC_RT_NONE;
		return spmc_boot_next(s, cpu, regs);
	}
	if (caller->rt == SPMC_RT_SEC_INT)
		return spmc_irq_handled(s, cpu, caller, regs);
	caller->state = SPMC_EC_WAITING;
	caller->rt = SPMC_RT_NONE;
	/* The scheduler learns the context went idle, as the SPMD forwards it. */
	v.x[0] = FFA_MSG_WAIT_32;
	v.x[1] = ffa_pack_vcpu(caller->part->id, caller->index);
	/* Interrupts queued while it was busy are handled before that. */
	return spmc_irq_after_idle(s, cpu, caller, to_nwd(s, cpu, regs, v), regs);
}

/* Who may give `target` CPU cycles. A context preempted in a call chain
 * (its requester no longer waits on it: a signaled non-secure interrupt
 * unwound the chain one step) is resumed by that requester alone, so its
 * answer finds the requester blocked on it. Otherwise only the normal
 * world schedules. */
static bool may_run(const struct spmc_ec *caller, const struct spmc_ec *target)
{
	bool in_chain = target->rt == SPMC_RT_DIRECT_REQ && target->req_ec &&
			target->state == SPMC_EC_PREEMPTED;

	if (!caller->part->is_nwd)
		return in_chain && target->req_ec == caller;
	return !in_chain || target->req_ec->waiting_on == target;
}

struct spmc_ec *spmc_abi_run(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			     struct ffa_value *regs)
{
	uint32_t w1 = (uint32_t)regs->x[1];
	ffa_id_t id = (ffa_id_t)(w1 >> 16);
	uint16_t vcpu = (uint16_t)w1;
	struct spmc_partition *p = spmc_partition_find(s, id);
	struct spmc_ec *target;
	struct ffa_value v = {{0}};

	if (!p || p->is_nwd || p == caller->part)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* MP contexts are pinned to their CPU; a UP partition has only vCPU 0. */
	if (vcpu >= p->ec_count || (p->ec_count > 1 && vcpu != cpu))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	target = &p->ecs[vcpu];
	if (!may_run(caller, target))
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	if (p->aborted) {
		/* A context of an aborted partition that another SP still waits on
		 * (preempted mid-request when its partition died elsewhere): running
		 * it unwinds that request chain, so the waiter learns its target
		 * aborted instead of waiting forever. */
		if (target->rt == SPMC_RT_DIRECT_REQ && target->req_ec) {
			caller->state = SPMC_EC_BLOCKED;
			caller->waiting_on = target->req_ec;
			return spmc_resume(s, cpu, target, regs, ffa_error(FFA_RET_ABORTED));
		}
		return spmc_ret_err(caller, regs, FFA_RET_ABORTED);
	}

	switch (target->state) {
	case SPMC_EC_WAITING:
		target->rt = SPMC_RT_RUN;
		v.x[0] = FFA_RUN_32;
		v.x[1] = w1;
		break;
	case SPMC_EC_PREEMPTED:
		/* Preempted for a secure interrupt's handling: the SPMC resumes it. */
		if (target->spmc_sched)
			return spmc_ret_err(caller, regs, FFA_RET_BUSY);
		v = target->resume;
		break;
	case SPMC_EC_OFF:
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	default: /* RUNNING elsewhere or BLOCKED on another context */
		return spmc_ret_err(caller, regs, FFA_RET_BUSY);
	}
	target->state = SPMC_EC_RUNNING;
	target->cpu = cpu;
	caller->state = SPMC_EC_BLOCKED;
	caller->waiting_on = target;
	*regs = v;
	return target;
}

struct spmc_ec *spmc_abi_yield(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			       struct ffa_value *regs)
{
	struct ffa_value v = {{0}};

	/* Initialisation ends with FFA_MSG_WAIT, and a secure interrupt's handling
	 * is scheduled by the SPMC: there is no scheduler to yield to. */
	if (caller->rt == SPMC_RT_INIT || caller->rt == SPMC_RT_SEC_INT)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	caller->state = SPMC_EC_PREEMPTED;
	caller->resume = ffa_success(0);
	/* w2/w3: the timeout (low/high) the SP asked for, passed on to the scheduler. */
	v.x[0] = FFA_YIELD_32;
	v.x[1] = ffa_pack_vcpu(caller->part->id, caller->index);
	v.x[2] = (uint32_t)regs->x[2];
	v.x[3] = (uint32_t)regs->x[3];
	return to_nwd(s, cpu, regs, v);
}
