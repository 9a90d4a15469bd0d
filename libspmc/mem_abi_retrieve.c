/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_RETRIEVE_REQ (32/64) and FFA_MEM_FRAG_RX: a borrower asks for
 * memory it was sent and gets FFA_MEM_RETRIEVE_RESP, the transaction as it
 * sees it, in the layout of the version it negotiated, in its RX buffer.
 *
 * From an SP (access descriptor naming itself): the store decides, the
 * memory is mapped into the SP all or nothing, then the response is written.
 * From the normal world with no access descriptor: the hypervisor retrieve
 * request, which changes nothing and describes the whole transaction with
 * every borrower (for a transaction the normal world sent).
 *
 * A response larger than the RX buffer is encoded once into a pool slot
 * (mem_frag.c) before anything changes, and handed out a buffer at a time:
 * RETRIEVE_RESP(w1 total, w2 first fragment), then after each FFA_RX_RELEASE,
 * FFA_MEM_FRAG_RX(handle, offset) answered with FFA_MEM_FRAG_TX(handle,
 * fragment length). A donation's handle ends at the retrieve; its response
 * still comes out of the slot.
 */
#include "mem_abi.h"

/* The caller's access descriptor as sent, and what it holds or will hold. */
static int find_borrower(struct spmc *s, ffa_mem_handle_t h, ffa_id_t id,
			 const struct spmc_mem_effect *fx, struct spmc_mem_access *acc)
{
	struct spmc_mem_tx_info info;
	uint32_t granted = 0;
	bool found = false;

	if (spmc_mem_tx(s->mem, h, &info) != 0)
		return FFA_RET_INVALID_PARAMETERS;
	for (uint32_t i = 0; i < info.borrower_count && !found; i++) {
		struct spmc_mem_borrower_info b;

		if (spmc_mem_tx_borrower(s->mem, h, i, &b) == 0 && b.sent.id == id) {
			*acc = b.sent;
			granted = b.granted;
			found = true;
		}
	}
	for (uint32_t i = 0; fx && i < fx->change_count; i++)
		if (fx->changes[i].id == id && fx->changes[i].after)
			granted = fx->changes[i].after;
	if (!found)
		return FFA_RET_INVALID_PARAMETERS;
	acc->perms = mem_ffa_perms(granted);
	return 0;
}

/* Every borrower as sent: the hypervisor's view. */
static uint32_t all_borrowers(struct spmc *s, ffa_mem_handle_t h, uint32_t count)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < count && n < s->mem_max_borrowers; i++) {
		struct spmc_mem_borrower_info b;

		if (spmc_mem_tx_borrower(s->mem, h, i, &b) == 0)
			s->mem_access[n++] = b.sent;
	}
	return n;
}

/*
 * Writes the response d for `me`: straight into its RX buffer when it fits,
 * else through a pool slot (f, allocated by the caller) whose first buffer's
 * worth goes to the RX buffer. Returns the RETRIEVE_RESP registers.
 */
static struct ffa_value deliver(struct spmc *s, struct spmc_partition *me,
				const struct spmc_mem_desc *d, struct spmc_mem_frag *f, size_t size)
{
	struct spmc_mailbox *mb = &me->mbox;
	size_t written = 0, total = 0;

	if (!f) {
		(void)spmc_mem_desc_encode_retrieve_resp(d, me->ffa_version, 0, mb->rx,
							 (size_t)mem_mailbox_size(mb), &written,
							 &total);
	} else {
		(void)spmc_mem_desc_encode_retrieve_resp(d, me->ffa_version, 0,
							 mem_frag_bytes(s, f), size, &written,
							 &total);
		written = (size_t)mem_mailbox_size(mb);
		spmc_memcpy(mb->rx, mem_frag_bytes(s, f), written);
		f->done = (uint32_t)written;
	}
	mb->rx_state = SPMC_RX_FULL;
	hal_work(HAL_WORK_BYTES_COPIED, written);
	return (struct ffa_value){{FFA_MEM_RETRIEVE_RESP_32, (uint32_t)total, (uint32_t)written}};
}

struct spmc_ec *spmc_abi_mem_retrieve_req(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
					  struct ffa_value *regs)
{
	struct spmc_partition *me = caller->part;
	struct spmc_mailbox *mb = &me->mbox;
	uint32_t total = (uint32_t)regs->x[1], frag = (uint32_t)regs->x[2];
	uint64_t addr = mem_is_smc64(regs) ? regs->x[3] : (uint32_t)regs->x[3];
	struct spmc_mem_room room = mem_parse_room(s);
	struct spmc_mem_effect fx;
	struct spmc_mem_desc rq, resp;
	struct spmc_mem_tx_info info;
	struct spmc_mem_access acc;
	struct spmc_mem_range *r = NULL;
	struct spmc_mem_frag *f = NULL;
	struct ffa_value out;
	bool hyp;
	size_t size;
	uint32_t n;
	int rc;

	(void)cpu;
	/* A request in a buffer of the caller's (FFA_FEATURES says no). */
	if (addr != 0 || (uint32_t)regs->x[4] != 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* A retrieve request travels whole in the TX buffer (as in Hafnium). */
	if (total == 0 || frag != total || !mb->mapped || total > mem_mailbox_size(mb))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* The response goes into the caller's RX buffer, which must be free. */
	if (mb->rx_state != SPMC_RX_FREE)
		return spmc_ret_err(caller, regs, FFA_RET_BUSY);
	spmc_memcpy(s->mem_scratch, mb->tx, total);
	rc = spmc_mem_desc_parse(s->mem_scratch, total, me->ffa_version,
				 SPMC_MEM_DESC_RETRIEVE_REQ, &room, &rq);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	if (spmc_mem_desc_time_slicing(&rq))
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	if (!s->mem)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* No access descriptor: the hypervisor retrieve request, the normal
	 * world's only, for transactions the normal world sent. */
	hyp = rq.access_count == 0;
	if (hyp && (!me->is_nwd || spmc_mem_tx(s->mem, rq.handle, &info) != 0 ||
		    ffa_id_is_secure(info.sender)))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	mem_effect_init(s, &fx);
	if (!hyp) {
		rc = spmc_mem_retrieve_check(s->mem, me->id, &rq, &fx);
		if (rc != 0)
			return spmc_ret_err(caller, regs, rc);
	}
	if (spmc_mem_tx(s->mem, rq.handle, &info) != 0 || (n = mem_tx_ranges(s, rq.handle, &r)) == 0 ||
	    n != info.range_count)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	resp = (struct spmc_mem_desc){
		.version = me->ffa_version,
		.sender = info.sender,
		.attributes = info.attributes,
		.flags = info.flags,
		.handle = rq.handle,
		.tag = info.tag,
		.ranges = r,
		.range_count = n,
		.total_pages = info.total_pages,
	};
	if (hyp) {
		resp.access = s->mem_access;
		resp.access_count = all_borrowers(s, rq.handle, info.borrower_count);
	} else {
		rc = find_borrower(s, rq.handle, me->id, &fx, &acc);
		if (rc != 0)
			return spmc_ret_err(caller, regs, rc);
		resp.access = &acc;
		resp.access_count = 1;
	}
	/* The NS bit exists from v1.1; a v1.0 borrower cannot be told. */
	if ((info.kind & HAL_MEM_NS) && me->ffa_version >= FFA_VERSION_1_1)
		resp.attributes |= FFA_MEM_ATTR_NS;
	size = spmc_mem_desc_encoded_size(&resp, me->ffa_version);
	if (size == 0 || size > 0xffffffffu)
		return spmc_ret_err(caller, regs, FFA_RET_NO_MEMORY);
	/* Larger than the RX buffer: room for the whole response first, so
	 * nothing has changed if there is none. */
	if (size > mem_mailbox_size(mb)) {
		f = mem_frag_alloc(s, MEM_FRAG_RESP, me->id, rq.handle, (uint32_t)size);
		if (!f)
			return spmc_ret_err(caller, regs, FFA_RET_NO_MEMORY);
	}
	if (!hyp) {
		rc = mem_hal_apply(s, &fx, r, n);
		if (rc != 0) {
			if (f)
				mem_frag_free(s, f);
			return spmc_ret_err(caller, regs, rc);
		}
		mem_effect_init(s, &fx);
		rc = spmc_mem_retrieve(s->mem, me->id, &rq, &fx);
		if (rc != 0) /* cannot happen: checked just above with nothing in between */
			return spmc_ret_err(caller, regs, rc);
	}
	/* A response still being read for this handle is superseded. */
	mem_frag_drop_resp(s, me->id, rq.handle, f);
	hal_work(HAL_WORK_BYTES_COPIED, total);
	out = deliver(s, me, &resp, f, size);
	return spmc_ret(caller, regs, out);
}

/* ---- FFA_MEM_FRAG_RX: w1/w2 handle, w3 offset of the fragment wanted, w4
 * [31:16] the borrower's ID when a hypervisor asks for it ---- */

struct spmc_ec *spmc_abi_mem_frag_rx(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				     struct ffa_value *regs)
{
	struct spmc_partition *me = caller->part;
	struct spmc_mailbox *mb = &me->mbox;
	ffa_mem_handle_t h = mem_handle_w1w2(regs);
	uint32_t off = (uint32_t)regs->x[3], w4 = (uint32_t)regs->x[4], n;
	struct spmc_mem_frag *f;

	(void)cpu;
	if ((w4 & 0xffff) || ((w4 >> 16) != 0 && (w4 >> 16) != me->id))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	f = mem_frag_find(s, MEM_FRAG_RESP, me->id, h);
	/* The offset is where the borrower is: the next fragment, or (to read
	 * one again) any earlier point. */
	if (!f || off > f->done || off >= f->len || !mb->mapped)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (mb->rx_state != SPMC_RX_FREE)
		return spmc_ret_err(caller, regs, FFA_RET_BUSY);
	n = f->len - off;
	if (n > mem_mailbox_size(mb))
		n = (uint32_t)mem_mailbox_size(mb);
	spmc_memcpy(mb->rx, mem_frag_bytes(s, f) + off, n);
	mb->rx_state = SPMC_RX_FULL;
	hal_work(HAL_WORK_BYTES_COPIED, n);
	if (off + n > f->done)
		f->done = off + n;
	/* All handed out: the slot goes (reading it again is no longer possible). */
	if (f->done == f->len)
		mem_frag_free(s, f);
	return spmc_ret(caller, regs,
			(struct ffa_value){{FFA_MEM_FRAG_TX_32, (uint32_t)h, (uint32_t)(h >> 32), n}});
}
