/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Direct messaging: FFA_MSG_SEND_DIRECT_REQ/RESP (32 and 64) and, from v1.2,
 * FFA_MSG_SEND_DIRECT_REQ2/RESP2. A request moves the sender to BLOCKED and
 * the receiver's context from WAITING to RUNNING; the response reverses it.
 */
#include "internal.h"

static bool is_req2(uint32_t fid)
{
	return fid == FFA_MSG_SEND_DIRECT_REQ2_64 || fid == FFA_MSG_SEND_DIRECT_RESP2_64;
}

/* True if `target` is, through a chain of requests, waiting for `from`:
 * sending it a request would close a cycle that can never complete. */
static bool would_cycle(const struct spmc_ec *target, const struct spmc_ec *from)
{
	for (const struct spmc_ec *e = target; e; e = e->waiting_on)
		if (e == from)
			return true;
	return false;
}

/* Copies the message registers for delivery. SMC32 messages carry 32-bit
 * values; REQ2/RESP2 carry x0..x17; everything else is zero. */
static struct ffa_value message_regs(uint32_t fid, const struct ffa_value *in)
{
	struct ffa_value v = {{0}};
	int last = is_req2(fid) ? 17 : 7;

	for (int i = 0; i <= last; i++)
		v.x[i] = FFA_IS_SMC64(fid) ? in->x[i] : (uint32_t)in->x[i];
	return v;
}

/* Checks w2 (flags) of a REQ/RESP: bit 31 marks a framework message, which
 * only the SPMC and SPMD originate here; everything else is MBZ. For REQ2,
 * x2/x3 hold the target UUID instead, checked by the caller. */
static bool flags_ok(uint32_t fid, const struct ffa_value *regs)
{
	return is_req2(fid) || (uint32_t)regs->x[2] == 0;
}

/* REQ2 names a service by UUID (x2/x3); nil means the partition's default. */
static bool uuid_ok(const struct spmc_partition *p, uint32_t fid, const uint64_t *uuid_regs)
{
	if (!is_req2(fid))
		return true;
	uint32_t u[4] = {(uint32_t)uuid_regs[0], (uint32_t)(uuid_regs[0] >> 32),
			 (uint32_t)uuid_regs[1], (uint32_t)(uuid_regs[1] >> 32)};
	if (spmc_uuid_is_nil(u))
		return true;
	for (uint32_t i = 0; i < spmc_service_count(p); i++)
		if (spmc_uuid_eq(u, spmc_service_uuid(p, i)))
			return true;
	return false;
}

static bool accepts(const struct spmc_partition *p, uint32_t fid)
{
	return (p->properties & (is_req2(fid) ? FFA_PROP_DIRECT_REQ2_RECV
					      : FFA_PROP_DIRECT_REQ_RECV)) != 0;
}

static bool may_send(const struct spmc_partition *p, uint32_t fid)
{
	if (p->is_nwd)
		return true;
	return (p->properties & (is_req2(fid) ? FFA_PROP_DIRECT_REQ2_SEND
					      : FFA_PROP_DIRECT_REQ_SEND)) != 0;
}

struct spmc_ec *spmc_abi_direct_req(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				    struct ffa_value *regs)
{
	uint32_t fid = (uint32_t)regs->x[0];
	uint32_t w1 = (uint32_t)regs->x[1];
	ffa_id_t sender = ffa_sender(w1), receiver = ffa_receiver(w1);
	struct spmc_partition *to;
	struct spmc_ec *target;

	/* The sender ID must be the caller's own: no endpoint speaks for another. */
	if (sender != caller->part->id || (regs->x[1] >> 32 && FFA_IS_SMC64(fid)))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (!flags_ok(fid, regs))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	to = spmc_partition_find(s, receiver);
	if (!to || to->is_nwd || to == caller->part)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (!uuid_ok(to, fid, &regs->x[2]))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* A valid endpoint that does not receive (or a sender that may not send)
	 * this kind of request: DENIED, as DEN0077's error table has it (and
	 * Hafnium and the FF-A ACS expect), not INVALID_PARAMETERS. */
	if (!accepts(to, fid) || !may_send(caller->part, fid))
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	if (to->aborted)
		return spmc_ret_err(caller, regs, FFA_RET_ABORTED);
	target = spmc_ec_for_cpu(to, cpu);
	if (!target)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (would_cycle(target, caller))
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	if (target->state != SPMC_EC_WAITING)
		return spmc_ret_err(caller, regs, FFA_RET_BUSY);

	target->state = SPMC_EC_RUNNING;
	target->rt = SPMC_RT_DIRECT_REQ;
	target->cpu = cpu;
	target->req_sender = sender;
	target->req_is_req2 = is_req2(fid);
	/* A normal-world requester is found again through the CPU the answer is
	 * given on (the NWd may resume a preempted UP context elsewhere). */
	target->req_ec = caller->part->is_nwd ? NULL : caller;
	caller->state = SPMC_EC_BLOCKED;
	caller->waiting_on = target;
	*regs = message_regs(fid, regs);
	return target;
}

struct spmc_ec *spmc_abi_direct_resp(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				     struct ffa_value *regs)
{
	uint32_t fid = (uint32_t)regs->x[0];
	uint32_t w1 = (uint32_t)regs->x[1];
	struct spmc_ec *to;

	/* A response needs a request to answer. */
	if (caller->rt != SPMC_RT_DIRECT_REQ || caller->req_is_req2 != is_req2(fid))
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	/* The SPMC's own framework request (a power event) has its own answer. */
	if (caller->req_sender == s->spmc_id) {
		if (ffa_sender(w1) != caller->part->id || ffa_receiver(w1) != s->spmc_id)
			return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
		return spmc_pm_response(s, cpu, caller, regs);
	}
	if (ffa_sender(w1) != caller->part->id || ffa_receiver(w1) != caller->req_sender ||
	    (FFA_IS_SMC64(fid) && (regs->x[1] >> 32)))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* RESP2 has no flags and x2/x3 are reserved. */
	if (is_req2(fid) ? (regs->x[2] | regs->x[3]) != 0 : !flags_ok(fid, regs))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);

	to = caller->req_ec ? caller->req_ec : &s->nwd.ecs[cpu];
	caller->state = SPMC_EC_WAITING;
	caller->rt = SPMC_RT_NONE;
	caller->req_ec = NULL;
	spmc_irq_me_clear(caller);
	/* The requester's partition may have been aborted meanwhile on another
	 * CPU. Interrupts queued meanwhile for the responder come first. */
	to = spmc_resume(s, cpu, to, regs, message_regs(fid, regs));
	return spmc_irq_after_idle(s, cpu, caller, to, regs);
}
