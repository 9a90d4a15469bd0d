/* SPDX-License-Identifier: BSD-3-Clause */
/* A simulated address space's software page table (see sim_pt.h). */
#include "sim_pt.h"

#include <stdlib.h>

/* Physical page addresses are page-aligned: the low bits are free for flags. */
#define PT_VALID 1ull
#define PT_HOST 2ull /* the host window maps the page */
#define PT_FLAGS (PT_VALID | PT_HOST)
#define PT_PAGE (1ull << SIM_PT_PAGE_SHIFT)
#define LEAF_SIZE ((uint64_t)SIM_PT_LEAF_PAGES << SIM_PT_PAGE_SHIFT)

/*
 * A leaf a single map filled entirely is kept as a block, as a hardware table
 * would keep it: one physical base and one set of attributes, its entries not
 * written, so a large range costs a few operations per 2 MiB rather than a few
 * per page. Only a change to part of it writes the entries out (no allocation:
 * they are part of every leaf). A block is host-mapped as a whole or not at
 * all. A leaf that maps nothing (used == 0) exists only within one map call
 * and is never read.
 */
struct sim_pt_leaf {
	uint32_t used;   /* mapped pages: the leaf is freed when none is left */
	uint32_t hosted; /* host-mapped pages: unmaps skip the host when 0 */
	bool block;
	uint32_t block_attrs;
	uint64_t block_pa;
	uint32_t attrs[SIM_PT_LEAF_PAGES];
	uint64_t pa[SIM_PT_LEAF_PAGES]; /* page address | PT_* flags, or 0 */
};

/* Page i's entry, whichever way its leaf (which maps something) is kept. */
static uint64_t entry(const struct sim_pt_leaf *l, uint32_t i)
{
	if (l->block)
		return (l->block_pa + i * PT_PAGE) | PT_VALID | (l->hosted ? PT_HOST : 0);
	return l->pa[i];
}

static uint32_t entry_attrs(const struct sim_pt_leaf *l, uint32_t i)
{
	return l->block ? l->block_attrs : l->attrs[i];
}

/* Writes a block out page by page, so that part of it can change. */
static void unblock(struct sim_pt_leaf *l)
{
	for (uint32_t i = 0; i < SIM_PT_LEAF_PAGES; i++) {
		l->pa[i] = entry(l, i);
		l->attrs[i] = l->block_attrs;
	}
	l->block = false;
}

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

/* Whether the range covers the whole of this leaf. */
static bool whole(const struct span *s)
{
	return s->from == 0 && s->to == SIM_PT_LEAF_PAGES;
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
		if (l->block || whole(&sp))
			return true; /* every page mapped, or the range holds them all */
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
		if (l->block || whole(&sp))
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
		struct sim_pt_leaf *l;

		if (pt->leaves[sp.leaf])
			continue;
		/* A leaf the range fills becomes a block: its entries are never
		 * read before unblock() writes them, so they need no clearing. */
		l = whole(&sp) ? malloc(sizeof(*l)) : calloc(1, sizeof(*l));
		if (!l) {
			/* Only leaves this call allocated are empty: give them back. */
			sim_pt_trim(pt, va, size);
			return -1;
		}
		l->used = 0;
		l->hosted = 0;
		l->block = false;
		pt->leaves[sp.leaf] = l;
	}
	return 0;
}

void sim_pt_set(struct sim_pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs,
		bool host_mapped)
{
	uint64_t next = pa, flags = PT_VALID | (host_mapped ? PT_HOST : 0);

	for (struct span sp = span_of(va, size); span_next(&sp);) {
		struct sim_pt_leaf *l = pt->leaves[sp.leaf];

		if (whole(&sp) && !l->used) {
			l->block = true;
			l->block_pa = next;
			l->block_attrs = attrs;
			l->used = SIM_PT_LEAF_PAGES;
			l->hosted = host_mapped ? SIM_PT_LEAF_PAGES : 0;
			next += LEAF_SIZE;
			continue;
		}
		if (l->block)
			unblock(l);
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
		if (whole(&sp)) {
			free(l);
			pt->leaves[sp.leaf] = NULL;
			continue;
		}
		if (l->block)
			unblock(l);
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

/* The leaf holding va, if it maps anything, and va's index in it. */
static const struct sim_pt_leaf *leaf_of(const struct sim_pt *pt, uint64_t va, uint32_t *at)
{
	uint64_t page = va >> SIM_PT_PAGE_SHIFT;
	const struct sim_pt_leaf *l;

	if (page >> (SIM_PT_SPAN_SHIFT - SIM_PT_PAGE_SHIFT))
		return NULL;
	l = pt->leaves[page >> SIM_PT_LEAF_SHIFT];
	*at = (uint32_t)(page & (SIM_PT_LEAF_PAGES - 1));
	return l && l->used ? l : NULL;
}

bool sim_pt_lookup(const struct sim_pt *pt, uint64_t va, uint64_t *pa, uint32_t *attrs)
{
	uint32_t at;
	const struct sim_pt_leaf *l = leaf_of(pt, va, &at);

	if (!l || !(entry(l, at) & PT_VALID))
		return false;
	*pa = entry(l, at) & ~PT_FLAGS;
	*attrs = entry_attrs(l, at);
	return true;
}

bool sim_pt_unhosted_run(const struct sim_pt *pt, uint64_t va, struct sim_pt_run *run)
{
	uint32_t at, lo, hi;
	const struct sim_pt_leaf *l = leaf_of(pt, va, &at);

	if (!l || (entry(l, at) & PT_FLAGS) != PT_VALID)
		return false;
	/* Neighbours join while they are mapped, not host-mapped, alike, and
	 * physically next to the page before them. */
	for (lo = at; lo > 0 && (entry(l, lo - 1) & PT_FLAGS) == PT_VALID &&
		      entry_attrs(l, lo - 1) == entry_attrs(l, at) &&
		      (entry(l, lo - 1) & ~PT_FLAGS) + PT_PAGE == (entry(l, lo) & ~PT_FLAGS);
	     lo--)
		;
	for (hi = at + 1; hi < SIM_PT_LEAF_PAGES && (entry(l, hi) & PT_FLAGS) == PT_VALID &&
			  entry_attrs(l, hi) == entry_attrs(l, at) &&
			  (entry(l, hi - 1) & ~PT_FLAGS) + PT_PAGE == (entry(l, hi) & ~PT_FLAGS);
	     hi++)
		;
	*run = (struct sim_pt_run){
		.va = (va & ~(LEAF_SIZE - 1)) + lo * PT_PAGE,
		.pa = entry(l, lo) & ~PT_FLAGS,
		.size = (uint64_t)(hi - lo) * PT_PAGE,
		.attrs = entry_attrs(l, at),
	};
	return true;
}

void sim_pt_set_host_mapped(struct sim_pt *pt, const struct sim_pt_run *run)
{
	for (struct span sp = span_of(run->va, run->size); span_next(&sp);) {
		struct sim_pt_leaf *l = pt->leaves[sp.leaf];

		if (!l || !l->used)
			continue;
		if (l->block) {
			if (whole(&sp)) {
				l->hosted = SIM_PT_LEAF_PAGES;
				continue;
			}
			unblock(l);
		}
		for (uint32_t i = sp.from; i < sp.to; i++) {
			if ((l->pa[i] & PT_FLAGS) == PT_VALID) {
				l->pa[i] |= PT_HOST;
				l->hosted++;
			}
		}
	}
}
