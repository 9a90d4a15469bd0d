/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The owner's own access to pages it holds alone (FFA_MEM_PERM_SET): the map
 * records it per interval, so what the owner may send is judged by what it
 * has now, and a reclaim gives back exactly that, not the region's original
 * access. It never exceeds the access the region was configured with.
 */
#include "mem/mem_store_int.h"

/* The configured region holding page p (regions are sorted and disjoint). */
static const struct spmc_mem_region_cfg *region_of(const struct spmc_mem_store *s, uint64_t p)
{
	uint32_t lo = 0, hi = s->region_count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct spmc_mem_region_cfg *g = &s->regions[mid];
		uint64_t first = g->base >> MEM_PAGE_SHIFT;

		if (p < first)
			hi = mid;
		else if (p - first >= g->pages)
			lo = mid + 1;
		else
			return g;
	}
	return NULL;
}

static int set_access(struct spmc_mem_store *s, ffa_id_t caller, uint64_t base, uint64_t pages,
		      uint32_t access, bool apply)
{
	uint64_t p, end;
	uint32_t splits;

	if (!pages || (base & (FFA_PAGE_SIZE - 1)) || (access & ~(uint32_t)SPMC_MEM_RWX) ||
	    pages > MEM_MAX_PAGE_END - (base >> MEM_PAGE_SHIFT))
		return FFA_RET_INVALID_PARAMETERS;
	p = base >> MEM_PAGE_SHIFT;
	end = p + pages;
	while (p < end) {
		uint32_t i = mem_map_find(s, p);
		const struct spmc_mem_region_cfg *g = region_of(s, p);

		if (i == MEM_NIL || !g || s->nodes[i].owner != caller ||
		    s->nodes[i].state != SPMC_MEM_PAGE_OWNED)
			return FFA_RET_INVALID_PARAMETERS;
		if (access & ~(g->attrs & SPMC_MEM_RWX))
			return FFA_RET_DENIED;
		/* The next interval or the end of this region, whichever is first. */
		p = s->nodes[i].start + s->nodes[i].pages;
		if (p > (g->base >> MEM_PAGE_SHIFT) + g->pages)
			p = (g->base >> MEM_PAGE_SHIFT) + g->pages;
	}
	p = base >> MEM_PAGE_SHIFT;
	splits = mem_map_splits(s, NULL, p) + mem_map_splits(s, NULL, end);
	if (splits > s->free_nodes)
		return FFA_RET_NO_MEMORY;
	if (!apply)
		return 0;
	mem_map_split(s, NULL, p);
	mem_map_split(s, NULL, end);
	while (p < end) {
		struct mem_node *n = &s->nodes[mem_map_find(s, p)];

		n->attrs = (uint8_t)((n->attrs & ~SPMC_MEM_RWX) | access);
		p = n->start + n->pages;
	}
	mem_map_merge(s, NULL, base >> MEM_PAGE_SHIFT, end);
	return 0;
}

int spmc_mem_set_owner_access_check(struct spmc_mem_store *s, ffa_id_t caller, uint64_t base,
				    uint64_t pages, uint32_t access)
{
	return set_access(s, caller, base, pages, access, false);
}

int spmc_mem_set_owner_access(struct spmc_mem_store *s, ffa_id_t caller, uint64_t base,
			      uint64_t pages, uint32_t access)
{
	return set_access(s, caller, base, pages, access, true);
}
