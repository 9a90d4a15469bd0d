/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_PERM_GET / FFA_MEM_PERM_SET (v1.1, S-EL0 partitions only): an S-EL0
 * partition has no access to its own translation tables, so it asks the SPMC
 * to read or change the permissions of pages of its own memory (typically to
 * make its code executable and read-only, its data writable, after loading).
 *
 * Permissions (w2 of GET's result, w3 of SET): [1:0] data access, 1 RW, 3 RO
 * (0 and 2 are not settable); bit 2 set: not executable. Writable and
 * executable together is refused, as Hafnium does. SET takes w1 the base
 * address, w2 the page count; the pages must be the caller's own memory,
 * mapped and neither lent, shared nor donated. The store records the new
 * access (mem/mem_perm.c): the owner cannot send more than it has, and a
 * reclaim restores what it had. All or nothing.
 */
#include "mem_abi.h"

#define PERM_DATA_RW 1u
#define PERM_DATA_RO 3u
#define PERM_NX (1u << 2)

static uint32_t perm_of_attrs(uint32_t attrs)
{
	return ((attrs & HAL_MEM_W) ? PERM_DATA_RW : PERM_DATA_RO) |
	       ((attrs & HAL_MEM_X) ? 0 : PERM_NX);
}

struct spmc_ec *spmc_abi_mem_perm_get(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				      struct ffa_value *regs)
{
	struct spmc_partition *me = caller->part;
	uint64_t va = mem_is_smc64(regs) ? regs->x[1] : (uint32_t)regs->x[1];
	uint64_t pa;
	uint32_t attrs;

	(void)s;
	(void)cpu;
	if (!me->as || hal_as_query(me->as, va & ~(uint64_t)(FFA_PAGE_SIZE - 1), &pa, &attrs) != 0 ||
	    !(attrs & HAL_MEM_R))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	return spmc_ret(caller, regs, ffa_success(perm_of_attrs(attrs)));
}

/* Whether page va of `me` is its own memory, held by nobody else. */
static bool own_page(struct spmc *s, const struct spmc_partition *me, uint64_t va, uint32_t *attrs)
{
	struct spmc_mem_page_info pg;
	uint64_t pa;

	if (hal_as_query(me->as, va, &pa, attrs) != 0 || pa != va || !s->mem)
		return false;
	return spmc_mem_page(s->mem, pa, &pg) == 0 && pg.owner == me->id &&
	       pg.state == SPMC_MEM_PAGE_OWNED;
}

struct spmc_ec *spmc_abi_mem_perm_set(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				      struct ffa_value *regs)
{
	struct spmc_partition *me = caller->part;
	uint64_t va = mem_is_smc64(regs) ? regs->x[1] : (uint32_t)regs->x[1];
	uint32_t pages = (uint32_t)regs->x[2], perm = (uint32_t)regs->x[3];
	uint8_t *old = s->mem_scratch; /* each page's attributes before, for undo */
	uint32_t access, i, n, attrs;
	int rc = 0;

	(void)cpu;
	/* RW+NX, RO+X, RO+NX: data access 0 and 2 are not settable, and W^X (a
	 * writable page is never executable) rules out RW+X. */
	if (perm != (PERM_DATA_RW | PERM_NX) && perm != PERM_DATA_RO &&
	    perm != (PERM_DATA_RO | PERM_NX))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	access = HAL_MEM_R | ((perm & 3u) == PERM_DATA_RW ? HAL_MEM_W : 0) |
		 ((perm & PERM_NX) ? 0 : HAL_MEM_X);
	if (pages == 0 || (va & (FFA_PAGE_SIZE - 1)) || !me->as ||
	    pages > (UINT64_MAX - va) / FFA_PAGE_SIZE)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* The pages must be the caller's own: checked for as many as the undo
	 * room holds and for the last one before a longer range is refused for
	 * want of that room, so a range running past the end of the caller's
	 * memory is invalid however long it is. */
	n = pages < s->mem_scratch_size ? pages : (uint32_t)s->mem_scratch_size;
	for (i = 0; i < n; i++) {
		if (!own_page(s, me, va + (uint64_t)i * FFA_PAGE_SIZE, &attrs))
			return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
		old[i] = (uint8_t)attrs;
	}
	if (pages > n) {
		if (!own_page(s, me, va + (uint64_t)(pages - 1) * FFA_PAGE_SIZE, &attrs))
			return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
		return spmc_ret_err(caller, regs, FFA_RET_NO_MEMORY);
	}
	/* The store records the owner's new access (what it may send, what a
	 * reclaim gives back); checked before the tables change. */
	rc = spmc_mem_set_owner_access_check(s->mem, me->id, va, pages, access);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	for (i = 0; i < pages && rc == 0; i++) {
		uint64_t at = va + (uint64_t)i * FFA_PAGE_SIZE;

		hal_as_unmap(me->as, at, FFA_PAGE_SIZE);
		rc = hal_as_map(me->as, at, at, FFA_PAGE_SIZE, access | (old[i] & SPMC_MEM_KIND));
		if (rc != 0)
			(void)hal_as_map(me->as, at, at, FFA_PAGE_SIZE, old[i]);
	}
	if (rc != 0) {
		for (i--; i-- > 0;) {
			uint64_t at = va + (uint64_t)i * FFA_PAGE_SIZE;

			hal_as_unmap(me->as, at, FFA_PAGE_SIZE);
			(void)hal_as_map(me->as, at, at, FFA_PAGE_SIZE, old[i]);
		}
		return spmc_ret_err(caller, regs, rc);
	}
	(void)spmc_mem_set_owner_access(s->mem, me->id, va, pages, access); /* checked above */
	hal_work(HAL_WORK_PAGES_MAPPED, pages);
	return spmc_ret(caller, regs, ffa_success(0));
}
