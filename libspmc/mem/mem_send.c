/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_SHARE / LEND / DONATE in the memory store (DEN0077 "Memory
 * management"; checks and error codes as the specification and Hafnium's
 * SPMC have them, noted where they are a choice): every check runs before
 * anything changes; with apply == false it stops there, so check and apply
 * always agree.
 */
#include "mem/mem_store_int.h"
#include "util.h"

/* What the send writes on each interval of its pages. */
struct stamp {
	uint32_t slot;
	uint8_t state;
};

static void set_tx(struct mem_node *n, const void *arg)
{
	const struct stamp *st = arg;

	n->tx = st->slot;
	n->state = st->state;
}

/* ---- sorting a send's constituents (heapsort: no recursion, O(n log n)) ---- */

static bool addr_less(const struct spmc_mem_range *r, uint32_t a, uint32_t b)
{
	return r[a].addr < r[b].addr;
}

static void sift(uint32_t *h, const struct spmc_mem_range *r, uint32_t i, uint32_t n)
{
	for (;;) {
		uint32_t c = 2 * i + 1, t;

		if (c >= n)
			return;
		if (c + 1 < n && addr_less(r, h[c], h[c + 1]))
			c++;
		if (!addr_less(r, h[i], h[c]))
			return;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
}

static void sort_ranges(uint32_t *h, const struct spmc_mem_range *r, uint32_t n)
{
	bool sorted = true;

	for (uint32_t i = 0; i < n; i++) {
		h[i] = i;
		if (i && r[i].addr < r[i - 1].addr)
			sorted = false;
	}
	/* Senders usually list constituents in address order: linear then. */
	if (sorted)
		return;
	for (uint32_t i = n / 2; i-- > 0;)
		sift(h, r, i, n);
	for (uint32_t i = n; i-- > 1;) {
		uint32_t t = h[0];

		h[0] = h[i];
		h[i] = t;
		sift(h, r, 0, i);
	}
}

/* ---- share / lend / donate ---- */

/* The access a borrower's sent permissions oblige the owner to have. */
static uint8_t perms_need(uint8_t perms)
{
	uint8_t need = 0;

	if (MEM_PERM_DATA(perms) == FFA_MEM_DATA_RO)
		need |= HAL_MEM_R;
	if (MEM_PERM_DATA(perms) == FFA_MEM_DATA_RW)
		need |= HAL_MEM_R | HAL_MEM_W;
	if (MEM_PERM_INSTR(perms) == FFA_MEM_INSTR_X)
		need |= HAL_MEM_X;
	return need;
}

/*
 * DEN0077 memory access permissions, as the sender gives them: share and lend
 * name the data access (RO or RW), donate leaves it to the receiver; none of
 * them names the instruction access (bits [3:2] MBZ: the borrower of a lend
 * to one borrower or of a donate chooses it on retrieve; a share or a lend to
 * several is NX). Reserved encodings and bits [7:4] -> INVALID_PARAMETERS.
 */
static bool send_perms_ok(enum spmc_mem_op op, uint8_t perms)
{
	uint8_t data = MEM_PERM_DATA(perms), instr = MEM_PERM_INSTR(perms);

	if (perms & ~(FFA_MEM_DATA_ACCESS_MASK | FFA_MEM_INSTR_ACCESS_MASK))
		return false;
	if (data == 3 || instr != FFA_MEM_INSTR_NOT_SPECIFIED)
		return false;
	return op == SPMC_MEM_OP_DONATE ? data == FFA_MEM_DATA_NOT_SPECIFIED
					: data != FFA_MEM_DATA_NOT_SPECIFIED;
}

/*
 * Who may send to whom through the SPMC (Hafnium's SPMC, after the FF-A v1.2
 * memory management supplement): lend and donate go to SPs only; an SP
 * shares with SPs only; the normal world shares with one SP, or with several
 * borrowers of which some may be normal-world endpoints (at least one SP).
 */
static bool worlds_ok(enum spmc_mem_op op, ffa_id_t sender, const struct spmc_mem_desc *d)
{
	bool any_sp = false;

	for (uint32_t i = 0; i < d->access_count; i++) {
		bool sp = ffa_id_is_secure(d->access[i].id);

		any_sp |= sp;
		if (sp)
			continue;
		if (op != SPMC_MEM_OP_SHARE || ffa_id_is_secure(sender) || d->access_count == 1)
			return false;
	}
	return any_sp;
}

static int send_check_desc(const struct spmc_mem_store *s, enum spmc_mem_op op,
			   const struct spmc_mem_desc *d)
{
	uint32_t type = MEM_ATTR_TYPE(d->attributes);
	bool single = d->access_count == 1;

	if (d->access_count == 0 || !d->access || d->range_count == 0 || !d->ranges)
		return FFA_RET_INVALID_PARAMETERS;
	if (d->access_count > s->max_borrowers)
		return FFA_RET_NO_MEMORY;
	if (op == SPMC_MEM_OP_DONATE && !single)
		return FFA_RET_INVALID_PARAMETERS;
	/* Flags: zero memory (not with a share: the owner keeps access) and
	 * time slicing (no effect here); the rest MBZ. */
	if (d->flags & ~(uint32_t)MEM_SEND_FLAGS)
		return FFA_RET_INVALID_PARAMETERS;
	if ((d->flags & FFA_MEM_FLAG_ZERO_MEMORY) && op == SPMC_MEM_OP_SHARE)
		return FFA_RET_INVALID_PARAMETERS;
	/* Attributes: bits above 5 MBZ in a send (NS is the SPMC's to set);
	 * type 3 reserved; a donate or a lend to one borrower leaves them to
	 * the borrower, the others must give the type. */
	if (d->attributes & ~(uint32_t)(FFA_MEM_SHAREABILITY_MASK | FFA_MEM_CACHEABILITY_MASK |
					FFA_MEM_TYPE_MASK))
		return FFA_RET_INVALID_PARAMETERS;
	if (type == 3)
		return FFA_RET_INVALID_PARAMETERS;
	if (op == SPMC_MEM_OP_DONATE || (op == SPMC_MEM_OP_LEND && single)) {
		if (type != FFA_MEM_TYPE_UNSPECIFIED)
			return FFA_RET_INVALID_PARAMETERS;
	} else if (type == FFA_MEM_TYPE_UNSPECIFIED) {
		return FFA_RET_INVALID_PARAMETERS;
	}
	for (uint32_t i = 0; i < d->access_count; i++) {
		const struct spmc_mem_access *a = &d->access[i];

		if (a->id == d->sender)
			return FFA_RET_INVALID_PARAMETERS;
		if (a->flags & ~(uint32_t)FFA_MEM_ACCESS_FLAG_NON_RETRIEVAL_BORROWER)
			return FFA_RET_INVALID_PARAMETERS;
		if (!send_perms_ok(op, a->perms))
			return FFA_RET_INVALID_PARAMETERS;
		for (uint32_t j = 0; j < i; j++)
			if (d->access[j].id == a->id)
				return FFA_RET_INVALID_PARAMETERS;
	}
	if (!worlds_ok(op, d->sender, d))
		return FFA_RET_INVALID_PARAMETERS;
	return 0;
}

/* Constituents: aligned, non-empty, inside the 64-bit space, disjoint, and
 * adding up to the total. Leaves them sorted by address in s->scratch. */
static int send_check_ranges(struct spmc_mem_store *s, const struct spmc_mem_desc *d)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < d->range_count; i++) {
		const struct spmc_mem_range *r = &d->ranges[i];

		if (!SPMC_IS_ALIGNED(r->addr, FFA_PAGE_SIZE) || r->pages == 0 ||
		    r->pages > MEM_MAX_PAGE_END - (r->addr >> MEM_PAGE_SHIFT))
			return FFA_RET_INVALID_PARAMETERS;
		if (r->pages > UINT64_MAX - sum)
			return FFA_RET_INVALID_PARAMETERS;
		sum += r->pages;
	}
	if (sum != d->total_pages)
		return FFA_RET_INVALID_PARAMETERS;
	sort_ranges(s->scratch, d->ranges, d->range_count);
	for (uint32_t i = 1; i < d->range_count; i++) {
		const struct spmc_mem_range *a = &d->ranges[s->scratch[i - 1]];
		const struct spmc_mem_range *b = &d->ranges[s->scratch[i]];

		if ((b->addr >> MEM_PAGE_SHIFT) < (a->addr >> MEM_PAGE_SHIFT) + a->pages)
			return FFA_RET_INVALID_PARAMETERS;
	}
	return 0;
}

/*
 * Every page: known memory (else INVALID_PARAMETERS); then owned by the
 * sender, exclusively (OWNED, in no transaction: memory already shared, lent
 * or being donated is refused, as Hafnium refuses memory not in the owner's
 * exclusive state), all with the same access and kind, and non-secure if the
 * sender is in the normal world (else DENIED). Returns the pages' attrs in
 * *attrs and the number of interval splits the send needs in *splits.
 */
static int send_check_pages(const struct spmc_mem_store *s, const struct spmc_mem_desc *d,
			    uint8_t *attrs, uint32_t *splits)
{
	bool denied = false, first = true;
	uint64_t prev_end = UINT64_MAX;
	uint32_t hint = MEM_NIL;

	*splits = 0;
	for (uint32_t k = 0; k < d->range_count; k++) {
		const struct spmc_mem_range *r = &d->ranges[s->scratch[k]];
		uint64_t p = r->addr >> MEM_PAGE_SHIFT, end = p + r->pages;

		if (p != prev_end && mem_map_splits(s, &hint, p))
			(*splits)++;
		if (mem_map_splits(s, &hint, end))
			(*splits)++;
		prev_end = end;
		while (p < end) {
			uint32_t i = mem_map_find_near(s, &hint, p);
			const struct mem_node *n;

			if (i == MEM_NIL)
				return FFA_RET_INVALID_PARAMETERS;
			n = &s->nodes[i];
			if (n->owner != d->sender || n->state != SPMC_MEM_PAGE_OWNED ||
			    n->tx != MEM_NIL)
				denied = true;
			if (first)
				*attrs = n->attrs;
			else if (n->attrs != *attrs)
				denied = true;
			first = false;
			p = n->start + n->pages;
		}
	}
	if (denied)
		return FFA_RET_DENIED;
	if (!ffa_id_is_secure(d->sender) && !(*attrs & HAL_MEM_NS))
		return FFA_RET_DENIED;
	return 0;
}

static int create(struct spmc_mem_store *s, ffa_id_t caller, enum spmc_mem_op op,
		  const struct spmc_mem_desc *d, struct spmc_mem_effect *fx, bool apply)
{
	uint8_t attrs = 0, own;
	uint32_t splits, slot, chunks, reserved;
	int rc;

	mem_fx_reset(fx);
	if (!d || (op != SPMC_MEM_OP_SHARE && op != SPMC_MEM_OP_LEND && op != SPMC_MEM_OP_DONATE))
		return FFA_RET_INVALID_PARAMETERS;
	/* The sender must be the caller (Hafnium: DENIED). */
	if (d->sender != caller)
		return FFA_RET_DENIED;
	rc = send_check_desc(s, op, d);
	if (rc)
		return rc;
	/* A handle named in advance must be the caller's reservation. */
	reserved = d->handle ? mem_reserved_slot_of(s, caller, d->handle) : MEM_NIL;
	if (d->handle && reserved == MEM_NIL)
		return FFA_RET_INVALID_PARAMETERS;
	if (d->range_count > s->max_ranges - s->ranges_used ||
	    (reserved == MEM_NIL && s->free_tx_count == 0))
		return FFA_RET_NO_MEMORY;
	rc = send_check_ranges(s, d);
	if (rc)
		return rc;
	rc = send_check_pages(s, d, &attrs, &splits);
	if (rc)
		return rc;
	own = attrs & SPMC_MEM_RWX;
	/* Device memory can only be lent, to a single borrower (Hafnium). */
	if ((attrs & HAL_MEM_DEVICE) && !(op == SPMC_MEM_OP_LEND && d->access_count == 1))
		return FFA_RET_DENIED;
	/* No borrower gets more than the owner has; zeroing needs write access. */
	for (uint32_t i = 0; i < d->access_count; i++)
		if (perms_need(d->access[i].perms) & ~own)
			return FFA_RET_DENIED;
	if ((d->flags & FFA_MEM_FLAG_ZERO_MEMORY) && !(own & HAL_MEM_W))
		return FFA_RET_DENIED;
	chunks = (d->range_count + MEM_CHUNK_RANGES - 1) / MEM_CHUNK_RANGES;
	if (splits > s->free_nodes || chunks > s->free_chunks)
		return FFA_RET_NO_MEMORY;

	slot = reserved != MEM_NIL ? reserved : s->free_tx[s->free_tx_count - 1];
	fx->handle = mem_handle_of(s, slot);
	fx->op = (uint8_t)op;
	fx->kind = attrs & SPMC_MEM_KIND;
	fx->zero = (d->flags & FFA_MEM_FLAG_ZERO_MEMORY) != 0;
	fx->owner_before = fx->owner_after = d->sender;
	if (op != SPMC_MEM_OP_SHARE && own) {
		rc = mem_fx_add(fx, d->sender, own, 0);
		if (rc)
			return mem_fx_fail(fx, rc);
	}
	if (!apply)
		return 0;

	if (reserved != MEM_NIL) {
		s->tx[slot].live = MEM_SLOT_LIVE;
		s->reserved_tx--;
	} else {
		slot = mem_slot_alloc(s);
	}
	{
		struct mem_tx *t = &s->tx[slot];
		struct mem_borrower *b = mem_borrowers(s, slot);
		struct stamp st = {slot, mem_state_of_op((uint8_t)op)};

		t->op = (uint8_t)op;
		t->page_attrs = attrs;
		t->sender = d->sender;
		t->attributes = d->attributes;
		t->flags = (d->flags & ~(uint32_t)FFA_MEM_FLAG_TRANSACTION_TYPE_MASK) |
			   ((uint32_t)op << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT);
		t->version = d->version;
		t->tag = d->tag;
		t->borrower_count = d->access_count;
		t->holders = 0;
		t->range_count = d->range_count;
		t->total_pages = d->total_pages;
		for (uint32_t i = 0; i < d->access_count; i++) {
			b[i] = (struct mem_borrower){
				.id = d->access[i].id,
				.perms = d->access[i].perms,
				.flags = d->access[i].flags,
			};
			spmc_memcpy(b[i].impdef, d->access[i].impdef, sizeof(b[i].impdef));
		}
		uint32_t hint = MEM_NIL;

		mem_ranges_store(s, slot, d);
		for (uint32_t k = 0; k < d->range_count; k++) {
			const struct spmc_mem_range *r = &d->ranges[s->scratch[k]];

			mem_map_split(s, &hint, r->addr >> MEM_PAGE_SHIFT);
			mem_map_split(s, &hint, (r->addr >> MEM_PAGE_SHIFT) + r->pages);
		}
		/* The pages are exactly the new slot's intervals now: the
		 * slot is not yet on any of them, so stamp by range. */
		for (uint32_t k = 0; k < d->range_count; k++) {
			const struct spmc_mem_range *r = &d->ranges[k];
			uint64_t p = r->addr >> MEM_PAGE_SHIFT, end = p + r->pages;

			while (p < end) {
				struct mem_node *n = &s->nodes[mem_map_find_near(s, &hint, p)];

				set_tx(n, &st);
				p = n->start + n->pages;
			}
		}
		mem_tx_merge(s, slot);
	}
	return 0;
}

int spmc_mem_create_check(struct spmc_mem_store *s, ffa_id_t caller, enum spmc_mem_op op,
			  const struct spmc_mem_desc *d, struct spmc_mem_effect *fx)
{
	return create(s, caller, op, d, fx, false);
}

int spmc_mem_create(struct spmc_mem_store *s, ffa_id_t caller, enum spmc_mem_op op,
		    const struct spmc_mem_desc *d, struct spmc_mem_effect *fx)
{
	return create(s, caller, op, d, fx, true);
}
