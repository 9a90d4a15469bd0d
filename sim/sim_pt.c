/* SPDX-License-Identifier: BSD-3-Clause */
/* A simulated address space's software page table (see sim_pt.h). */
#include "sim_pt.h"

#include <stdlib.h>

/* Physical page addresses are page-aligned: the low bits are free for flags. */
#define PT_VALID 1ull
#define PT_HOST 2ull /* the host window maps the page */
#define PT_FLAGS (PT_VALID | PT_HOST)
#define PT_PAGE (1ull << SIM_PT_PAGE_SHIFT)

struct sim_pt_leaf {
	uint32_t used; /* mapped entries: the leaf is freed when none is left */
	uint32_t hosted; /* host-mapped entries: unmaps skip the host when 0 */
	uint32_t attrs[SIM_PT_LEAF_PAGES];
	uint64_t pa[SIM_PT_LEAF_PAGES]; /* page address | PT_* flags, or 0 */
};

/* One leaf's share of a page range: the leaf, and pages [from, to) of it. */
struct span {
	uint64_t page, end; /* what is left of the range, in page numbers */
	uint32_t leaf, from, to;
};

static struct span span_of(uint64_t va, uint64_t size)
{
	return (struct span){.page = va >> SIM_PT_PAGE_SHIFT,
			     .end = (va + size) >> SIM_PT_PAGE_SHIFT};
}

/* Steps to the next leaf the range touches; false when the range is done. */
static bool span_next(struct span *s)
{
	uint64_t leaf_end;

	if (s->page >= s->end)
		return false;
	s->leaf = (uint32_t)(s->page >> SIM_PT_LEAF_SHIFT);
	leaf_end = ((uint64_t)s->leaf + 1) << SIM_PT_LEAF_SHIFT;
	s->from = (uint32_t)(s->page & (SIM_PT_LEAF_PAGES - 1));
	s->to = (uint32_t)((s->end < leaf_end ? s->end : leaf_end) -
			   ((uint64_t)s->leaf << SIM_PT_LEAF_SHIFT));
	s->page = s->end < leaf_end ? s->end : leaf_end;
	return true;
}

int sim_pt_init(struct sim_pt *pt)
{
	pt->leaves = calloc(SIM_PT_LEAVES, sizeof(*pt->leaves));
	return pt->leaves ? 0 : -1;
}

void sim_pt_fini(struct sim_pt *pt)
{
	if (!pt->leaves)
		return;
	for (uint32_t i = 0; i < SIM_PT_LEAVES; i++)
		free(pt->leaves[i]);
	free(pt->leaves);
	pt->leaves = NULL;
}

bool sim_pt_any_mapped(const struct sim_pt *pt, uint64_t va, uint64_t size)
{
	for (struct span sp = span_of(va, size); span_next(&sp);) {
		const struct sim_pt_leaf *l = pt->leaves[sp.leaf];

		if (!l || !l->used)
			continue; /* nothing mapped anywhere in this leaf */
		if (sp.from == 0 && sp.to == SIM_PT_LEAF_PAGES)
			return true; /* the whole leaf is in range, and it maps something */
		for (uint32_t i = sp.from; i < sp.to; i++)
			if (l->pa[i] & PT_VALID)
				return true;
	}
	return false;
}

bool sim_pt_any_host_mapped(const struct sim_pt *pt, uint64_t va, uint64_t size)
{
	for (struct span sp = span_of(va, size); span_next(&sp);) {
		const struct sim_pt_leaf *l = pt->leaves[sp.leaf];

		if (!l || !l->hosted)
			continue;
		if (sp.from == 0 && sp.to == SIM_PT_LEAF_PAGES)
			return true;
		for (uint32_t i = sp.from; i < sp.to; i++)
			if (l->pa[i] & PT_HOST)
				return true;
	}
	return false;
}

void sim_pt_trim(struct sim_pt *pt, uint64_t va, uint64_t size)
{
	for (struct span sp = span_of(va, size); span_next(&sp);) {
		if (pt->leaves[sp.leaf] && !pt->leaves[sp.leaf]->used) {
			free(pt->leaves[sp.leaf]);
			pt->leaves[sp.leaf] = NULL;
		}
	}
}

int sim_pt_reserve(struct sim_pt *pt, uint64_t va, uint64_t size)
{
	for (struct span sp = span_of(va, size); span_next(&sp);) {
		if (pt->leaves[sp.leaf])
			continue;
		pt->leaves[sp.leaf] = calloc(1, sizeof(struct sim_pt_leaf));
		if (!pt->leaves[sp.leaf]) {
			/* Only leaves this call allocated are empty: give them back. */
			sim_pt_trim(pt, va, size);
			return -1;
		}
	}
	return 0;
}

void sim_pt_set(struct sim_pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs,
		bool host_mapped)
{
	uint64_t next = pa, flags = PT_VALID | (host_mapped ? PT_HOST : 0);

	for (struct span sp = span_of(va, size); span_next(&sp);) {
		struct sim_pt_leaf *l = pt->leaves[sp.leaf];

		for (uint32_t i = sp.from; i < sp.to; i++, next += PT_PAGE) {
			l->used += !(l->pa[i] & PT_VALID);
			l->hosted += host_mapped && !(l->pa[i] & PT_HOST);
			l->hosted -= !host_mapped && (l->pa[i] & PT_HOST);
			l->pa[i] = next | flags;
			l->attrs[i] = attrs;
		}
	}
}

void sim_pt_clear(struct sim_pt *pt, uint64_t va, uint64_t size)
{
	for (struct span sp = span_of(va, size); span_next(&sp);) {
		struct sim_pt_leaf *l = pt->leaves[sp.leaf];

		if (!l)
			continue;
		for (uint32_t i = sp.from; i < sp.to && l->used; i++) {
			if (l->pa[i] & PT_VALID) {
				l->hosted -= (l->pa[i] & PT_HOST) != 0;
				l->pa[i] = 0;
				l->attrs[i] = 0;
				l->used--;
			}
		}
		if (!l->used) {
			free(l);
			pt->leaves[sp.leaf] = NULL;
		}
	}
}

bool sim_pt_lookup(const struct sim_pt *pt, uint64_t va, uint64_t *pa, uint32_t *attrs)
{
	uint64_t page = va >> SIM_PT_PAGE_SHIFT;
	const struct sim_pt_leaf *l;

	if (page >> (SIM_PT_SPAN_SHIFT - SIM_PT_PAGE_SHIFT))
		return false;
	l = pt->leaves[page >> SIM_PT_LEAF_SHIFT];
	if (!l || !(l->pa[page & (SIM_PT_LEAF_PAGES - 1)] & PT_VALID))
		return false;
	*pa = l->pa[page & (SIM_PT_LEAF_PAGES - 1)] & ~PT_FLAGS;
	*attrs = l->attrs[page & (SIM_PT_LEAF_PAGES - 1)];
	return true;
}

bool sim_pt_unhosted_run(const struct sim_pt *pt, uint64_t va, struct sim_pt_run *run)
{
	uint64_t page = va >> SIM_PT_PAGE_SHIFT;
	const struct sim_pt_leaf *l;
	uint32_t at, lo, hi;

	if (page >> (SIM_PT_SPAN_SHIFT - SIM_PT_PAGE_SHIFT))
		return false;
	l = pt->leaves[page >> SIM_PT_LEAF_SHIFT];
	at = (uint32_t)(page & (SIM_PT_LEAF_PAGES - 1));
	if (!l || (l->pa[at] & PT_FLAGS) != PT_VALID)
		return false;
	/* Neighbours join while they are mapped, not host-mapped, alike, and
	 * physically next to the page before them. */
	for (lo = at; lo > 0 && (l->pa[lo - 1] & PT_FLAGS) == PT_VALID &&
		      l->attrs[lo - 1] == l->attrs[at] &&
		      (l->pa[lo - 1] & ~PT_FLAGS) + PT_PAGE == (l->pa[lo] & ~PT_FLAGS);
	     lo--)
		;
	for (hi = at + 1; hi < SIM_PT_LEAF_PAGES && (l->pa[hi] & PT_FLAGS) == PT_VALID &&
			  l->attrs[hi] == l->attrs[at] &&
			  (l->pa[hi - 1] & ~PT_FLAGS) + PT_PAGE == (l->pa[hi] & ~PT_FLAGS);
	     hi++)
		;
	*run = (struct sim_pt_run){
		.va = (page - (at - lo)) << SIM_PT_PAGE_SHIFT,
		.pa = l->pa[lo] & ~PT_FLAGS,
		.size = (uint64_t)(hi - lo) << SIM_PT_PAGE_SHIFT,
		.attrs = l->attrs[at],
	};
	return true;
}

void sim_pt_set_host_mapped(struct sim_pt *pt, const struct sim_pt_run *run)
{
	for (struct span sp = span_of(run->va, run->size); span_next(&sp);) {
		struct sim_pt_leaf *l = pt->leaves[sp.leaf];

		for (uint32_t i = sp.from; l && i < sp.to; i++) {
			if ((l->pa[i] & PT_FLAGS) == PT_VALID) {
				l->pa[i] |= PT_HOST;
				l->hosted++;
			}
		}
	}
}
