/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_SHARE / FFA_MEM_LEND / FFA_MEM_DONATE (32 and 64) and
 * FFA_MEM_FRAG_TX: a sender hands the SPMC a transaction descriptor, whole or
 * in fragments, and gets a handle.
 *
 * w1 is the descriptor's total length, w2 the length of this fragment, w3/w4
 * the buffer holding it (0/0: the TX buffer). A descriptor that fits its
 * first fragment is copied once into the scratch memory (or, when larger
 * than that, a temporary pool slot) and parsed there. One that does not gets
 * a pool slot of its total length and a reserved handle, and the SPMC answers
 * FFA_MEM_FRAG_RX(handle, bytes received); each FFA_MEM_FRAG_TX(handle,
 * length) appends the next fragment from the same buffer, until the last
 * completes the descriptor and the transaction is created under the reserved
 * handle (SUCCESS with it, as for a whole descriptor).
 *
 * Errors in the registers of a call (wrong handle, a length that does not
 * fit) change nothing, so the sender may try again. A completed descriptor
 * that fails validation ends the transaction: its handle and pool slot are
 * released and the error returned, as Hafnium does. A sender abandons a
 * transaction in progress with FFA_MEM_RECLAIM of its handle.
 */
#include "mem_abi.h"

static enum spmc_mem_op op_of(uint32_t fid)
{
	switch (fid) {
	case FFA_MEM_LEND_32:
	case FFA_MEM_LEND_64:
		return SPMC_MEM_OP_LEND;
	case FFA_MEM_DONATE_32:
	case FFA_MEM_DONATE_64:
		return SPMC_MEM_OP_DONATE;
	default:
		return SPMC_MEM_OP_SHARE;
	}
}

static enum spmc_mem_desc_kind desc_kind(enum spmc_mem_op op)
{
	return op == SPMC_MEM_OP_LEND	  ? SPMC_MEM_DESC_LEND
	       : op == SPMC_MEM_OP_DONATE ? SPMC_MEM_DESC_DONATE
					  : SPMC_MEM_DESC_SHARE;
}

/* Whether any constituent is one of the sender's own RX/TX buffer pages: the
 * SPMC keeps writing its RX buffer and reading its TX buffer, so they are not
 * memory to send (FFA_RXTX_UNMAP them first). */
static bool sends_mailbox(const struct spmc_partition *me, const struct spmc_mem_desc *d)
{
	const struct spmc_mailbox *mb = &me->mbox;
	uint64_t size = mem_mailbox_size(mb);

	for (uint32_t i = 0; mb->mapped && i < d->range_count; i++) {
		uint64_t a = d->ranges[i].addr, end = a + d->ranges[i].pages * FFA_PAGE_SIZE;

		if ((a < mb->tx_pa + size && mb->tx_pa < end) ||
		    (a < mb->rx_pa + size && mb->rx_pa < end))
			return true;
	}
	return false;
}

/*
 * Validates the whole descriptor buf[0, len) (the SPMC's private copy) from
 * `me` and creates the transaction, under `reserved` when not 0: 0 and
 * *handle, or an error with nothing changed (the reservation kept).
 */
static int send_complete(struct spmc *s, struct spmc_partition *me, enum spmc_mem_op op,
			 const uint8_t *buf, uint32_t len, ffa_mem_handle_t reserved,
			 ffa_mem_handle_t *handle)
{
	struct spmc_mem_room room = mem_parse_room(s);
	struct spmc_mem_effect fx;
	struct spmc_mem_desc d;
	int rc;

	rc = spmc_mem_desc_parse(buf, len, me->ffa_version, desc_kind(op), &room, &d);
	if (rc != 0)
		return rc;
	/* The sender must be the caller (DEN0077: INVALID_PARAMETERS). */
	if (d.sender != me->id)
		return FFA_RET_INVALID_PARAMETERS;
	if (spmc_mem_desc_time_slicing(&d))
		return FFA_RET_NOT_SUPPORTED;
	/* Borrowers: SPs this SPMC knows. Memory is not lent to the normal
	 * world through the SPMC (it has no retrieve path for it). */
	for (uint32_t i = 0; i < d.access_count; i++) {
		const struct spmc_partition *p = spmc_partition_find(s, d.access[i].id);

		if (!p || p->is_nwd)
			return FFA_RET_INVALID_PARAMETERS;
	}
	if (!s->mem)
		return FFA_RET_INVALID_PARAMETERS;
	if (sends_mailbox(me, &d))
		return FFA_RET_DENIED;
	d.handle = reserved;
	mem_effect_init(s, &fx);
	rc = spmc_mem_create_check(s->mem, me->id, op, &d, &fx);
	if (rc == 0)
		rc = mem_hal_apply(s, &fx, d.ranges, d.range_count); /* the lender loses access */
	if (rc != 0)
		return rc;
	mem_effect_init(s, &fx);
	rc = spmc_mem_create(s->mem, me->id, op, &d, &fx);
	if (rc != 0) /* cannot happen: checked just above with nothing in between */
		return rc;
	*handle = fx.handle;
	return 0;
}

struct spmc_ec *spmc_abi_mem_send(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				  struct ffa_value *regs)
{
	struct spmc_partition *me = caller->part;
	enum spmc_mem_op op = op_of((uint32_t)regs->x[0]);
	uint32_t total = (uint32_t)regs->x[1], frag = (uint32_t)regs->x[2];
	struct spmc_mem_frag *f = NULL;
	ffa_mem_handle_t h = 0;
	struct mem_src src;
	uint8_t *buf;
	int rc;

	(void)cpu;
	rc = mem_src_of(s, me, regs, &src);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	if (total == 0 || frag == 0 || frag > total || frag > mem_src_size(me, &src))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (!s->mem)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (frag < total) {
		/* The first of several fragments: room for the whole, a handle
		 * to name it by, then the fragment. */
		f = mem_frag_alloc(s, MEM_FRAG_SEND, me->id, 0, total);
		if (!f)
			return spmc_ret_err(caller, regs, FFA_RET_NO_MEMORY);
		rc = spmc_mem_reserve(s->mem, me->id, &h);
		if (rc == 0)
			rc = mem_src_read(s, me, &src, mem_frag_bytes(s, f), frag);
		if (rc != 0) {
			if (h)
				(void)spmc_mem_unreserve(s->mem, me->id, h);
			mem_frag_free(s, f);
			return spmc_ret_err(caller, regs, rc);
		}
		f->handle = h;
		f->op = (uint8_t)op;
		f->src = src;
		f->done = frag;
		hal_work(HAL_WORK_BYTES_COPIED, frag);
		return spmc_ret(caller, regs,
				(struct ffa_value){{FFA_MEM_FRAG_RX_32, (uint32_t)h,
						    (uint32_t)(h >> 32), frag}});
	}
	/* Whole: into the scratch memory, or a temporary pool slot when it is
	 * larger (a buffer of the caller's may exceed the largest TX buffer). */
	if (total <= s->mem_scratch_size) {
		buf = s->mem_scratch;
	} else {
		f = mem_frag_alloc(s, MEM_FRAG_TEMP, me->id, 0, total);
		if (!f)
			return spmc_ret_err(caller, regs, FFA_RET_NO_MEMORY);
		buf = mem_frag_bytes(s, f);
	}
	rc = mem_src_read(s, me, &src, buf, total);
	if (rc == 0)
		rc = send_complete(s, me, op, buf, total, 0, &h);
	if (f)
		mem_frag_free(s, f);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	/* (Charged on success only: a failed call leaves every counter as it was.) */
	hal_work(HAL_WORK_BYTES_COPIED, total);
	return spmc_ret(caller, regs, mem_success_handle(h));
}

/* ---- FFA_MEM_FRAG_TX: w1/w2 handle, w3 fragment length, w4 [31:16] the
 * sender's ID when a hypervisor forwards it (0 or the caller's own here) ---- */

struct spmc_ec *spmc_abi_mem_frag_tx(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				     struct ffa_value *regs)
{
	struct spmc_partition *me = caller->part;
	ffa_mem_handle_t h = mem_handle_w1w2(regs), out = 0;
	uint32_t len = (uint32_t)regs->x[3], w4 = (uint32_t)regs->x[4];
	struct spmc_mem_frag *f;
	int rc;

	(void)cpu;
	if ((w4 & 0xffff) || ((w4 >> 16) != 0 && (w4 >> 16) != me->id))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	f = s->mem ? mem_frag_find(s, MEM_FRAG_SEND, me->id, h) : NULL;
	if (!f || len == 0 || len > f->len - f->done || len > mem_src_size(me, &f->src))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	rc = mem_src_read(s, me, &f->src, mem_frag_bytes(s, f) + f->done, len);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	if (f->done + len < f->len) {
		hal_work(HAL_WORK_BYTES_COPIED, len);
		f->done += len;
		return spmc_ret(caller, regs,
				(struct ffa_value){{FFA_MEM_FRAG_RX_32, (uint32_t)h,
						    (uint32_t)(h >> 32), f->done}});
	}
	rc = send_complete(s, me, (enum spmc_mem_op)f->op, mem_frag_bytes(s, f), f->len, h, &out);
	/* Complete: the transaction exists, or the descriptor was bad and the
	 * transaction ends here. Either way the assembly is over. */
	if (rc != 0)
		(void)spmc_mem_unreserve(s->mem, me->id, h);
	mem_frag_free(s, f);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	hal_work(HAL_WORK_BYTES_COPIED, len);
	return spmc_ret(caller, regs, mem_success_handle(out));
}
