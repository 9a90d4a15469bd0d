/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_RETRIEVE_REQ, FFA_MEM_RELINQUISH and FFA_MEM_RECLAIM in the memory
 * store (DEN0077 "Memory management"; checks and error codes as the
 * specification and Hafnium's SPMC have them, noted where they are a
 * choice). Each runs its checks in full before changing anything; with
 * apply == false it stops there, so check and apply always agree.
 */
#include "mem/mem_store_int.h"
#include "util.h"

#define RETRIEVE_FLAGS                                                                     \
	(FFA_MEM_FLAG_ZERO_MEMORY | FFA_MEM_FLAG_TIME_SLICING | FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH | \
	 FFA_MEM_FLAG_TRANSACTION_TYPE_MASK | FFA_MEM_FLAG_ALIGN_HINT_MASK |               \
	 FFA_MEM_FLAG_ALIGN_HINT_VALID | FFA_MEM_FLAG_BYPASS_MULTI_BORROWER)

static void back_to_owner(struct mem_node *n, const void *arg)
{
	(void)arg;
	n->tx = MEM_NIL;
	n->state = SPMC_MEM_PAGE_OWNED;
}

struct new_owner {
	ffa_id_t id;
	uint8_t attrs;
};

static void to_new_owner(struct mem_node *n, const void *arg)
{
	const struct new_owner *o = arg;

	n->tx = MEM_NIL;
	n->state = SPMC_MEM_PAGE_OWNED;
	n->owner = o->id;
	n->attrs = o->attrs;
}

/* ---- retrieve ---- */

static uint32_t borrower_index(const struct spmc_mem_store *s, uint32_t slot, ffa_id_t id)
{
	const struct mem_borrower *b = mem_borrowers(s, slot);

	for (uint32_t i = 0; i < s->tx[slot].borrower_count; i++)
		if (b[i].id == id)
			return i;
	return MEM_NIL;
}

/*
 * What a borrower asking for `req` gets, given what was sent to it (Hafnium's
 * rules): data: RW or not specified sent -> RW or RO; RO sent -> RO; asking
 * for more -> DENIED. Instruction: a share, or a lend to several borrowers,
 * must not name it (INVALID_PARAMETERS) and gets NX; otherwise X only if X or
 * not specified was sent (else DENIED), and not naming it means NX (the FF-A
 * ACS retrieves a single-borrower lend so; Hafnium wants it named). Never
 * more than the owner has (DENIED); a data access left unspecified on both
 * sides takes the owner's.
 */
static int retrieve_grant(const struct mem_tx *t, const struct mem_borrower *b, uint8_t req,
			  uint8_t *granted)
{
	uint8_t own = t->page_attrs & SPMC_MEM_RWX;
	uint8_t sd = MEM_PERM_DATA(b->perms), si = MEM_PERM_INSTR(b->perms);
	uint8_t rd = MEM_PERM_DATA(req), ri = MEM_PERM_INSTR(req);
	bool several = t->borrower_count > 1;
	uint8_t g = HAL_MEM_R;

	if ((req & ~(FFA_MEM_DATA_ACCESS_MASK | FFA_MEM_INSTR_ACCESS_MASK)) || rd == 3 || ri == 3)
		return FFA_RET_INVALID_PARAMETERS;
	if ((t->op == SPMC_MEM_OP_SHARE || (t->op == SPMC_MEM_OP_LEND && several)) &&
	    ri != FFA_MEM_INSTR_NOT_SPECIFIED)
		return FFA_RET_INVALID_PARAMETERS;
	if (rd == FFA_MEM_DATA_RW || (rd == FFA_MEM_DATA_NOT_SPECIFIED && sd == FFA_MEM_DATA_RW) ||
	    (rd == FFA_MEM_DATA_NOT_SPECIFIED && sd == FFA_MEM_DATA_NOT_SPECIFIED &&
	     (own & HAL_MEM_W))) {
		if (sd == FFA_MEM_DATA_RO)
			return FFA_RET_DENIED;
		g |= HAL_MEM_W;
	}
	if (ri == FFA_MEM_INSTR_X) {
		if (si == FFA_MEM_INSTR_NX)
			return FFA_RET_DENIED;
		g |= HAL_MEM_X;
	}
	if (g & ~own)
		return FFA_RET_DENIED;
	*granted = g;
	return 0;
}

/* The request's access list against the transaction's borrowers. */
static int retrieve_check_access(const struct spmc_mem_store *s, uint32_t slot, ffa_id_t caller,
				 const struct spmc_mem_desc *rq, uint8_t *granted)
{
	const struct mem_tx *t = &s->tx[slot];
	const struct mem_borrower *bs = mem_borrowers(s, slot);
	bool bypass = (rq->flags & FFA_MEM_FLAG_BYPASS_MULTI_BORROWER) != 0, found = false;

	/* Without the bypass flag (v1.2) a request repeats every borrower;
	 * with it, just the caller (Hafnium: INVALID_PARAMETERS otherwise). The
	 * SPMC serves no hypervisor retrieve request (no access descriptor). */
	if (rq->access_count == 0 || !rq->access)
		return FFA_RET_INVALID_PARAMETERS;
	if (bypass ? rq->access_count != 1 : rq->access_count != t->borrower_count)
		return FFA_RET_INVALID_PARAMETERS;
	for (uint32_t i = 0; i < rq->access_count; i++) {
		const struct spmc_mem_access *a = &rq->access[i];
		uint32_t k = borrower_index(s, slot, a->id);
		uint8_t g = 0;
		int rc;

		for (uint32_t j = 0; j < i; j++)
			if (rq->access[j].id == a->id)
				return FFA_RET_INVALID_PARAMETERS;
		/* Listed, but not a borrower of this transaction (Hafnium). */
		if (k == MEM_NIL)
			return FFA_RET_DENIED;
		if (a->flags)
			return FFA_RET_INVALID_PARAMETERS;
		rc = retrieve_grant(t, &bs[k], a->perms, &g);
		if (rc)
			return rc;
		/* v1.2: the implementation-defined value must be the one sent. */
		if (rq->version >= FFA_VERSION_1_2 && t->version >= FFA_VERSION_1_2) {
			for (uint32_t j = 0; j < sizeof(a->impdef); j++)
				if (a->impdef[j] != bs[k].impdef[j])
					return FFA_RET_INVALID_PARAMETERS;
		}
		if (a->id == caller) {
			found = true;
			*granted = g;
		}
	}
	return found ? 0 : FFA_RET_INVALID_PARAMETERS;
}

static int retrieve(struct spmc_mem_store *s, ffa_id_t caller, const struct spmc_mem_desc *rq,
		    struct spmc_mem_effect *fx, bool apply)
{
	uint32_t slot, k, type;
	struct mem_tx *t;
	struct mem_borrower *b;
	uint8_t granted = 0;
	bool repeat;
	int rc;

	mem_fx_reset(fx);
	if (!rq)
		return FFA_RET_INVALID_PARAMETERS;
	slot = mem_slot_of(s, rq->handle);
	if (slot == MEM_NIL)
		return FFA_RET_INVALID_PARAMETERS;
	t = &s->tx[slot];
	k = borrower_index(s, slot, caller);
	if (k == MEM_NIL)
		return FFA_RET_INVALID_PARAMETERS;
	b = &mem_borrowers(s, slot)[k];
	if (rq->sender != t->sender)
		return FFA_RET_DENIED;
	if (rq->tag != t->tag)
		return FFA_RET_INVALID_PARAMETERS;
	type = (rq->flags & FFA_MEM_FLAG_TRANSACTION_TYPE_MASK) >> FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
	if (type != FFA_MEM_TRANSACTION_UNSPECIFIED && type != t->op)
		return FFA_RET_INVALID_PARAMETERS;
	if (rq->flags & ~(uint32_t)RETRIEVE_FLAGS)
		return FFA_RET_INVALID_PARAMETERS;
	if (t->op == SPMC_MEM_OP_SHARE &&
	    (rq->flags & (FFA_MEM_FLAG_ZERO_MEMORY | FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH)))
		return FFA_RET_INVALID_PARAMETERS;
	/* DEN0077: with bit 0 the borrower retrieves only memory the sender had
	 * zeroed (that zeroing is the send's effect) -> DENIED otherwise. */
	if ((rq->flags & FFA_MEM_FLAG_ZERO_MEMORY) && !(t->flags & FFA_MEM_FLAG_ZERO_MEMORY))
		return FFA_RET_DENIED;
	/* Borrower-chosen address ranges are not supported. */
	if (rq->range_count != 0)
		return FFA_RET_INVALID_PARAMETERS;
	if (rq->attributes & FFA_MEM_ATTR_NS)
		return FFA_RET_INVALID_PARAMETERS;
	/* Device memory is never retrieved as normal memory. */
	if (MEM_ATTR_TYPE(rq->attributes) == FFA_MEM_TYPE_NORMAL &&
	    ((t->page_attrs & HAL_MEM_DEVICE) || MEM_ATTR_TYPE(t->attributes) == FFA_MEM_TYPE_DEVICE))
		return FFA_RET_DENIED;
	rc = retrieve_check_access(s, slot, caller, rq, &granted);
	if (rc)
		return rc;
	if (!(granted & HAL_MEM_W) &&
	    (rq->flags & (FFA_MEM_FLAG_ZERO_MEMORY | FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH)))
		return FFA_RET_DENIED;
	repeat = b->holds != 0;
	if (repeat && (!s->multi_retrieve || granted != b->granted || b->holds == UINT32_MAX))
		return FFA_RET_DENIED;

	fx->handle = rq->handle;
	fx->op = t->op;
	fx->kind = t->page_attrs & SPMC_MEM_KIND;
	fx->owner_before = fx->owner_after = t->sender;
	if (t->op == SPMC_MEM_OP_DONATE) {
		fx->owner_after = caller;
		fx->ends = true;
	}
	if (!repeat) {
		rc = mem_fx_add(fx, caller, 0, granted);
		if (rc)
			return mem_fx_fail(fx, rc);
	}
	if (!apply)
		return 0;

	if (t->op == SPMC_MEM_OP_DONATE) {
		struct new_owner o = {caller, (uint8_t)((t->page_attrs & SPMC_MEM_KIND) | granted)};

		mem_tx_intervals(s, slot, to_new_owner, &o);
		mem_tx_merge(s, slot);
		mem_slot_free(s, slot);
		return 0;
	}
	if (!repeat) {
		b->granted = granted;
		b->zero_after = (rq->flags & FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH) != 0;
		t->holders++;
	}
	b->holds++;
	return 0;
}

int spmc_mem_retrieve_check(struct spmc_mem_store *s, ffa_id_t caller,
			    const struct spmc_mem_desc *rq, struct spmc_mem_effect *fx)
{
	return retrieve(s, caller, rq, fx, false);
}

int spmc_mem_retrieve(struct spmc_mem_store *s, ffa_id_t caller, const struct spmc_mem_desc *rq,
		      struct spmc_mem_effect *fx)
{
	return retrieve(s, caller, rq, fx, true);
}

/* ---- relinquish ---- */

static ffa_id_t relinquish_ep(const struct spmc_mem_relinquish *rq, uint32_t i)
{
	return (ffa_id_t)(rq->endpoints[2 * (size_t)i] | (rq->endpoints[2 * (size_t)i + 1] << 8));
}

static int relinquish(struct spmc_mem_store *s, ffa_id_t caller,
		      const struct spmc_mem_relinquish *rq, struct spmc_mem_effect *fx, bool apply)
{
	uint32_t slot, leaving = 0;
	struct mem_tx *t;
	struct mem_borrower *bs;
	bool zero;
	int rc;

	mem_fx_reset(fx);
	if (!rq)
		return FFA_RET_INVALID_PARAMETERS;
	slot = mem_slot_of(s, rq->handle);
	if (slot == MEM_NIL)
		return FFA_RET_INVALID_PARAMETERS;
	t = &s->tx[slot];
	bs = mem_borrowers(s, slot);
	if (rq->endpoint_count == 0 || !rq->endpoints)
		return FFA_RET_INVALID_PARAMETERS;
	/* More endpoints than borrowers means a repeat or a stranger. */
	if (rq->endpoint_count > t->borrower_count)
		return FFA_RET_INVALID_PARAMETERS;
	if (rq->flags & ~(uint32_t)MEM_SEND_FLAGS)
		return FFA_RET_INVALID_PARAMETERS;
	if ((rq->flags & FFA_MEM_FLAG_ZERO_MEMORY) && t->op == SPMC_MEM_OP_SHARE)
		return FFA_RET_INVALID_PARAMETERS;
	zero = t->zero_pending || (rq->flags & FFA_MEM_FLAG_ZERO_MEMORY);
	for (uint32_t i = 0; i < rq->endpoint_count; i++) {
		ffa_id_t e = relinquish_ep(rq, i);
		uint32_t k;

		/* An SP relinquishes for itself; the normal world (a
		 * hypervisor) for normal-world endpoints. */
		if (ffa_id_is_secure(caller) ? e != caller : ffa_id_is_secure(e))
			return FFA_RET_INVALID_PARAMETERS;
		for (uint32_t j = 0; j < i; j++)
			if (relinquish_ep(rq, j) == e)
				return FFA_RET_INVALID_PARAMETERS;
		k = borrower_index(s, slot, e);
		/* Only a borrower that holds the memory (Hafnium:
		 * INVALID_PARAMETERS for one that has not retrieved it). */
		if (k == MEM_NIL || bs[k].holds == 0)
			return FFA_RET_INVALID_PARAMETERS;
		if ((rq->flags & FFA_MEM_FLAG_ZERO_MEMORY) && !(bs[k].granted & HAL_MEM_W))
			return FFA_RET_DENIED;
		if (bs[k].holds == 1) {
			leaving++;
			zero |= bs[k].zero_after != 0;
		}
	}

	fx->handle = rq->handle;
	fx->op = t->op;
	fx->kind = t->page_attrs & SPMC_MEM_KIND;
	fx->owner_before = fx->owner_after = t->sender;
	/* DEN0077 (as the FF-A ACS quotes it): with several borrowers, the memory
	 * is zeroed after it is unmapped from each of them if any borrower asked,
	 * so a request is remembered until the last holder lets go. */
	fx->zero = zero && leaving == t->holders;
	for (uint32_t i = 0; i < rq->endpoint_count; i++) {
		struct mem_borrower *b = &bs[borrower_index(s, slot, relinquish_ep(rq, i))];

		if (b->holds == 1) {
			rc = mem_fx_add(fx, b->id, b->granted, 0);
			if (rc)
				return mem_fx_fail(fx, rc);
		}
	}
	if (!apply)
		return 0;
	t->zero_pending = zero && !fx->zero;
	for (uint32_t i = 0; i < rq->endpoint_count; i++) {
		struct mem_borrower *b = &bs[borrower_index(s, slot, relinquish_ep(rq, i))];

		if (--b->holds == 0) {
			b->granted = 0;
			b->zero_after = 0;
			t->holders--;
		}
	}
	return 0;
}

int spmc_mem_relinquish_check(struct spmc_mem_store *s, ffa_id_t caller,
			      const struct spmc_mem_relinquish *rq, struct spmc_mem_effect *fx)
{
	return relinquish(s, caller, rq, fx, false);
}

int spmc_mem_relinquish(struct spmc_mem_store *s, ffa_id_t caller,
			const struct spmc_mem_relinquish *rq, struct spmc_mem_effect *fx)
{
	return relinquish(s, caller, rq, fx, true);
}

/* ---- reclaim ---- */

static int reclaim(struct spmc_mem_store *s, ffa_id_t caller, ffa_mem_handle_t handle,
		   uint32_t flags, struct spmc_mem_effect *fx, bool apply)
{
	uint32_t slot = mem_slot_of(s, handle);
	struct mem_tx *t;
	uint8_t own;
	int rc;

	mem_fx_reset(fx);
	if (slot == MEM_NIL)
		return FFA_RET_INVALID_PARAMETERS;
	t = &s->tx[slot];
	/* Only the sender reclaims (Hafnium: INVALID_PARAMETERS). */
	if (caller != t->sender)
		return FFA_RET_INVALID_PARAMETERS;
	if (flags & ~(uint32_t)MEM_SEND_FLAGS)
		return FFA_RET_INVALID_PARAMETERS;
	if (t->holders != 0)
		return FFA_RET_DENIED;
	own = t->page_attrs & SPMC_MEM_RWX;
	if ((flags & FFA_MEM_FLAG_ZERO_MEMORY) && !(own & HAL_MEM_W))
		return FFA_RET_DENIED;

	fx->handle = handle;
	fx->op = t->op;
	fx->kind = t->page_attrs & SPMC_MEM_KIND;
	fx->zero = (flags & FFA_MEM_FLAG_ZERO_MEMORY) != 0;
	fx->ends = true;
	fx->owner_before = fx->owner_after = t->sender;
	if (t->op != SPMC_MEM_OP_SHARE && own) {
		rc = mem_fx_add(fx, t->sender, 0, own);
		if (rc)
			return mem_fx_fail(fx, rc);
	}
	if (!apply)
		return 0;
	mem_tx_intervals(s, slot, back_to_owner, NULL);
	mem_tx_merge(s, slot);
	mem_slot_free(s, slot);
	return 0;
}

int spmc_mem_reclaim_check(struct spmc_mem_store *s, ffa_id_t caller, ffa_mem_handle_t handle,
			   uint32_t flags, struct spmc_mem_effect *fx)
{
	return reclaim(s, caller, handle, flags, fx, false);
}

int spmc_mem_reclaim(struct spmc_mem_store *s, ffa_id_t caller, ffa_mem_handle_t handle,
		     uint32_t flags, struct spmc_mem_effect *fx)
{
	return reclaim(s, caller, handle, flags, fx, true);
}
