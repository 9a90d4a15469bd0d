/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Applying a memory store effect (mem/mem_store.h) to the machine: the
 * borrowers' and SP lenders' translation tables (hal_as_map/unmap, IPA == PA,
 * with the pages' NS/device kind), the normal world's access to memory it
 * lends or donates (hal_nwd_access), and zeroing through the SPMC's own view.
 * The store is applied only after this succeeded, so a HAL failure leaves
 * everything as it was.
 */
#include "mem_abi.h"

uint32_t mem_tx_ranges(struct spmc *s, ffa_mem_handle_t h, struct spmc_mem_range **out)
{
	struct spmc_mem_tx_info info;
	struct spmc_mem_range *r = s->mem_ranges + s->mem_max_ranges;

	if (!s->mem || spmc_mem_tx(s->mem, h, &info) != 0 || info.range_count > s->mem_max_ranges)
		return 0;
	*out = r;
	return spmc_mem_tx_ranges(s->mem, h, 0, r, s->mem_max_ranges);
}

uint8_t mem_ffa_perms(uint32_t access)
{
	uint8_t data = (access & HAL_MEM_W) ? FFA_MEM_DATA_RW : FFA_MEM_DATA_RO;
	uint8_t instr = (access & HAL_MEM_X) ? FFA_MEM_INSTR_X : FFA_MEM_INSTR_NX;

	return (uint8_t)(data | (instr << FFA_MEM_INSTR_ACCESS_SHIFT));
}

/* Whom a change applies to. */
enum target { T_NONE, T_SP, T_NWD };

static enum target target_of(struct spmc *s, const struct spmc_mem_change *c,
			     struct spmc_partition **out)
{
	struct spmc_partition *p = spmc_partition_find(s, c->id);

	*out = p;
	if (!p || c->before == c->after)
		return T_NONE;
	if (p->is_nwd)
		return T_NWD;
	return p->as ? T_SP : T_NONE;
}

static void unmap_ranges(struct hal_as *as, const struct spmc_mem_range *r, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		hal_as_unmap(as, r[i].addr, r[i].pages * FFA_PAGE_SIZE);
}

/* Maps r[0, n) at IPA == PA; all or nothing. */
static int map_ranges(struct hal_as *as, const struct spmc_mem_range *r, uint32_t n,
		      uint32_t attrs)
{
	for (uint32_t i = 0; i < n; i++) {
		int rc = hal_as_map(as, r[i].addr, r[i].addr, r[i].pages * FFA_PAGE_SIZE, attrs);

		if (rc != 0) {
			unmap_ranges(as, r, i);
			return rc;
		}
	}
	return 0;
}

/* Sets the normal world's access to r[0, n); all or nothing. A platform that
 * cannot restrict the normal world (NOT_SUPPORTED) counts as success. */
static int nwd_ranges(const struct spmc_mem_range *r, uint32_t n, uint32_t access,
		      uint32_t undo_access)
{
	for (uint32_t i = 0; i < n; i++) {
		int rc = hal_nwd_access(r[i].addr, r[i].pages * FFA_PAGE_SIZE, access);

		if (rc == FFA_RET_NOT_SUPPORTED)
			return 0;
		if (rc != 0) {
			while (i-- > 0)
				(void)hal_nwd_access(r[i].addr, r[i].pages * FFA_PAGE_SIZE,
						     undo_access);
			return rc;
		}
	}
	return 0;
}

/* Change c's "before" side undone (remove) or redone (restore). */
static int remove_access(struct spmc *s, const struct spmc_mem_change *c,
			 const struct spmc_mem_range *r, uint32_t n)
{
	struct spmc_partition *p;

	switch (target_of(s, c, &p)) {
	case T_SP:
		if (c->before)
			unmap_ranges(p->as, r, n);
		return 0;
	case T_NWD:
		return c->before ? nwd_ranges(r, n, c->after, c->before) : 0;
	default:
		return 0;
	}
}

static int grant_access(struct spmc *s, const struct spmc_mem_change *c,
			const struct spmc_mem_range *r, uint32_t n, uint32_t kind)
{
	struct spmc_partition *p;

	switch (target_of(s, c, &p)) {
	case T_SP:
		return c->after ? map_ranges(p->as, r, n, c->after | kind) : 0;
	case T_NWD:
		return !c->before && c->after ? nwd_ranges(r, n, c->after, 0) : 0;
	default:
		return 0;
	}
}

/* Undoes grant_access (after it succeeded). */
static void ungrant_access(struct spmc *s, const struct spmc_mem_change *c,
			   const struct spmc_mem_range *r, uint32_t n)
{
	struct spmc_partition *p;

	switch (target_of(s, c, &p)) {
	case T_SP:
		if (c->after)
			unmap_ranges(p->as, r, n);
		break;
	case T_NWD:
		if (!c->before && c->after)
			(void)nwd_ranges(r, n, 0, c->after);
		break;
	default:
		break;
	}
}

/* Undoes remove_access (after it succeeded). */
static void restore_access(struct spmc *s, const struct spmc_mem_change *c,
			   const struct spmc_mem_range *r, uint32_t n, uint32_t kind)
{
	struct spmc_partition *p;

	switch (target_of(s, c, &p)) {
	case T_SP:
		if (c->before)
			(void)map_ranges(p->as, r, n, c->before | kind);
		break;
	case T_NWD:
		if (c->before)
			(void)nwd_ranges(r, n, c->before, c->after);
		break;
	default:
		break;
	}
}

/*
 * Zeroes r[0, n) through the SPMC's own view (zero), or only checks that the
 * SPMC can map every range to do so (!zero): 0 or NO_MEMORY. The check runs
 * before anything changes, so that zeroing, which cannot be undone, does not
 * fail half way (a HAL that maps a range and then refuses the same range
 * breaks that).
 */
static int spmc_view_ranges(const struct spmc_mem_range *r, uint32_t n, uint32_t kind, bool zero)
{
	for (uint32_t i = 0; i < n; i++) {
		uint64_t size = r[i].pages * FFA_PAGE_SIZE;
		void *v = hal_spmc_map(r[i].addr, size, HAL_MEM_R | HAL_MEM_W | (kind & HAL_MEM_NS));

		if (!v)
			return FFA_RET_NO_MEMORY;
		if (zero)
			spmc_memset(v, 0, (size_t)size);
		hal_spmc_unmap(v, size);
	}
	return 0;
}

static uint64_t total_pages(const struct spmc_mem_range *r, uint32_t n)
{
	uint64_t t = 0;

	for (uint32_t i = 0; i < n; i++)
		t += r[i].pages;
	return t;
}

int mem_hal_apply(struct spmc *s, const struct spmc_mem_effect *fx,
		  const struct spmc_mem_range *r, uint32_t n)
{
	uint32_t kind = fx->kind & SPMC_MEM_KIND;
	uint32_t removed, granted = 0;
	bool zero = fx->zero && !(kind & HAL_MEM_DEVICE);
	int rc = zero ? spmc_view_ranges(r, n, kind, false) : 0;

	if (rc != 0)
		return rc;
	for (removed = 0; rc == 0 && removed < fx->change_count; removed++)
		rc = remove_access(s, &fx->changes[removed], r, n);
	if (rc != 0) {
		removed--; /* the failing one undid itself */
		goto undo_removed;
	}
	/* Zeroing comes after every access was taken away and before any is
	 * given: no endpoint sees the old contents once the call returns.
	 * (Device memory is not zeroed: it is not memory the SPMC can clear.)
	 * It cannot be undone: a grant that fails after it (the HAL out of
	 * memory for translation tables) leaves the call failed and everything
	 * restored but the zeroed contents. */
	if (zero)
		rc = spmc_view_ranges(r, n, kind, true);
	for (granted = 0; rc == 0 && granted < fx->change_count; granted++)
		rc = grant_access(s, &fx->changes[granted], r, n, kind);
	if (rc == 0) {
		uint32_t maps = 0;

		for (uint32_t i = 0; i < fx->change_count; i++)
			maps += fx->changes[i].before != fx->changes[i].after;
		hal_work(HAL_WORK_PAGES_MAPPED, maps * total_pages(r, n));
		return 0;
	}
	if (granted)
		granted--; /* the failing one undid itself */
	while (granted-- > 0)
		ungrant_access(s, &fx->changes[granted], r, n);
undo_removed:
	while (removed-- > 0)
		restore_access(s, &fx->changes[removed], r, n, kind);
	return rc;
}
