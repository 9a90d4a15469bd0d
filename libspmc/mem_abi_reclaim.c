/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Giving memory back: FFA_MEM_RELINQUISH (a borrower lets go; descriptor in
 * its TX buffer) and FFA_MEM_RECLAIM (the owner takes it back once no
 * borrower holds it, ending the handle; w1/w2 handle, w3 flags). RECLAIM of a
 * handle whose descriptor is still arriving in fragments abandons that send.
 */
#include "mem_abi.h"

struct spmc_ec *spmc_abi_mem_relinquish(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
					struct ffa_value *regs)
{
	struct spmc_partition *me = caller->part;
	struct spmc_mailbox *mb = &me->mbox;
	struct spmc_mem_effect fx;
	struct spmc_mem_relinquish rq;
	struct spmc_mem_range *r = NULL;
	uint64_t len, rest;
	uint32_t n;
	int rc;

	(void)cpu;
	if (!mb->mapped)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* Copied once: the 16-byte header, then exactly the endpoints the copied
	 * header counts (clipped to the buffer; the parser rejects a short one). */
	len = sizeof(struct ffa_mem_relinquish);
	spmc_memcpy(s->mem_scratch, mb->tx, (size_t)len);
	rest = 2ull * spmc_get_le32(s->mem_scratch + 12);
	if (rest > mem_mailbox_size(mb) - len)
		rest = mem_mailbox_size(mb) - len;
	spmc_memcpy(s->mem_scratch + len, (const uint8_t *)mb->tx + len, (size_t)rest);
	len += rest;
	rc = spmc_mem_relinquish_parse(s->mem_scratch, (size_t)len, &rq);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	if (rq.flags & FFA_MEM_FLAG_TIME_SLICING)
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	if (!s->mem)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	mem_effect_init(s, &fx);
	rc = spmc_mem_relinquish_check(s->mem, me->id, &rq, &fx);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	n = mem_tx_ranges(s, rq.handle, &r);
	if (n == 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	rc = mem_hal_apply(s, &fx, r, n);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	mem_effect_init(s, &fx);
	rc = spmc_mem_relinquish(s->mem, me->id, &rq, &fx);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	/* A response it had not finished reading describes memory it no
	 * longer holds. */
	mem_frag_drop_resp(s, me->id, rq.handle, NULL);
	hal_work(HAL_WORK_BYTES_COPIED, len);
	return spmc_ret(caller, regs, ffa_success(0));
}

struct spmc_ec *spmc_abi_mem_reclaim(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				     struct ffa_value *regs)
{
	ffa_id_t me = caller->part->id;
	ffa_mem_handle_t h = mem_handle_w1w2(regs);
	uint32_t flags = (uint32_t)regs->x[3];
	struct spmc_mem_effect fx;
	struct spmc_mem_range *r = NULL;
	struct spmc_mem_frag *f;
	uint32_t n;
	int rc;

	(void)cpu;
	if (!s->mem)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* A send still in fragments: abandoned, nothing was ever shared. */
	f = mem_frag_find(s, MEM_FRAG_SEND, me, h);
	if (f) {
		if (flags & ~(uint32_t)FFA_MEM_FLAG_ZERO_MEMORY)
			return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
		(void)spmc_mem_unreserve(s->mem, me, h);
		mem_frag_free(s, f);
		return spmc_ret(caller, regs, ffa_success(0));
	}
	if (flags & FFA_MEM_FLAG_TIME_SLICING)
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	mem_effect_init(s, &fx);
	rc = spmc_mem_reclaim_check(s->mem, me, h, flags, &fx);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	n = mem_tx_ranges(s, h, &r);
	if (n == 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	rc = mem_hal_apply(s, &fx, r, n); /* the lender gets its access back */
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	mem_effect_init(s, &fx);
	rc = spmc_mem_reclaim(s->mem, me, h, flags, &fx);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	/* Responses the handle's borrowers had not finished reading. */
	mem_frag_drop_resp(s, MEM_FRAG_ANY_OWNER, h, NULL);
	return spmc_ret(caller, regs, ffa_success(0));
}
