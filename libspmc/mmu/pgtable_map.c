/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mapping and unmapping: one recursive walk over the tables, preceded by a
 * dry run of the same walk that counts the table pages it will need.
 */
#include "mmu/pt_int.h"

/*
 * One recursive walk does both. An entry whose whole span the range covers
 * becomes a leaf (map, when a block fits there) or invalid (unmap); any
 * other entry the range touches becomes a table first (a block is split
 * into the 512 next-level leaves it stood for) and the walk goes down.
 * need_*() counts the pages that walk will allocate without changing
 * anything, so a call that cannot complete fails before its first store. */

struct op {
	struct pt *pt;
	bool unmap;
	uint64_t delta; /* pa - va, modulo 2^64 */
	uint64_t attrs; /* leaf descriptor bits */
};

static bool whole(uint64_t va, uint64_t end, unsigned level)
{
	return (va & (level_size(level) - 1)) == 0 && end - va == level_size(level);
}

/* Whether [va, end) within one entry at `level` ends as one descriptor. */
static bool ends_here(const struct op *op, uint64_t va, uint64_t end, unsigned level)
{
	if (!whole(va, end, level))
		return false;
	if (op->unmap || level == 3)
		return true;
	return level >= 1 && ((va + op->delta) & (level_size(level) - 1)) == 0;
}

static uint64_t leaf_desc(const struct op *op, uint64_t va, unsigned level)
{
	return ((va + op->delta) & OA_MASK) | op->attrs | leaf_type(level);
}

/* Entry i of the table a leaf (or invalid) descriptor at `level` splits into. */
static uint64_t split_child(uint64_t d, unsigned level, unsigned i)
{
	if (!(d & D_VALID))
		return 0;
	return (d & ATTR_MASK) | ((d & OA_MASK) + (uint64_t)i * level_size(level + 1)) |
	       leaf_type(level + 1);
}

/* End of the entry at `level` holding va, capped at end. */
static uint64_t entry_end(uint64_t va, uint64_t end, unsigned level)
{
	uint64_t next = (va | (level_size(level) - 1)) + 1;

	return next < end ? next : end;
}

static size_t need_entry(const struct op *op, const struct pt *pt, uint64_t d, unsigned level,
			 uint64_t va, uint64_t end)
{
	size_t n = 0;

	if (op->unmap && !(d & D_VALID))
		return 0;
	if (ends_here(op, va, end, level))
		return 0;
	if (is_table(d, level)) {
		const uint64_t *t = next_table(pt, d);

		for (uint64_t e; va < end; va = e) {
			e = entry_end(va, end, level + 1);
			n += need_entry(op, pt, t[level_index(va, level + 1)], level + 1, va, e);
		}
		return n;
	}
	/* A new table; its entries are leaves or invalid, and at level 3 those
	 * never need more. */
	n = 1;
	if (level + 1 < 3)
		for (uint64_t e; va < end; va = e) {
			e = entry_end(va, end, level + 1);
			n += need_entry(op, pt,
					split_child(d, level, level_index(va, level + 1)),
					level + 1, va, e);
		}
	return n;
}

static size_t need_range(const struct op *op, const struct pt *pt, uint64_t va, uint64_t end)
{
	size_t n = 0;

	for (uint64_t e; va < end; va = e) {
		e = entry_end(va, end, pt->start_level);
		n += need_entry(op, pt, pt->root[level_index(va, pt->start_level)],
				pt->start_level, va, e);
	}
	return n;
}

static bool table_empty(const uint64_t *t)
{
	for (unsigned i = 0; i < ENTRIES; i++)
		if (t[i] & D_VALID)
			return false;
	return true;
}

static void apply_table(const struct op *op, uint64_t *t, unsigned level, uint64_t va,
			uint64_t end);

static void apply_entry(const struct op *op, uint64_t *e, unsigned level, uint64_t va,
			uint64_t end)
{
	struct pt *pt = op->pt;
	uint64_t d = *e;
	uint64_t *t;

	if (op->unmap && !(d & D_VALID))
		return;
	if (ends_here(op, va, end, level)) {
		set_desc(e, op->unmap ? 0 : leaf_desc(op, va, level));
		if (is_table(d, level))
			pt_free_tree(pt, next_table(pt, d), level + 1);
		return;
	}
	if (is_table(d, level)) {
		t = next_table(pt, d);
	} else {
		/* need_range() reserved this page: it cannot fail. */
		t = pt_page_alloc(pt->pool);
		for (unsigned i = 0; i < ENTRIES; i++)
			t[i] = split_child(d, level, i);
		set_desc(e, to_pa(pt->pool, t) | D_TABLE);
	}
	apply_table(op, t, level + 1, va, end);
	if (op->unmap && table_empty(t)) {
		set_desc(e, 0);
		pt_page_free(pt->pool, t);
	}
}

static void apply_table(const struct op *op, uint64_t *t, unsigned level, uint64_t va,
			uint64_t end)
{
	for (uint64_t e; va < end; va = e) {
		e = entry_end(va, end, level);
		apply_entry(op, &t[level_index(va, level)], level, va, e);
	}
}

static bool range_ok(uint64_t addr, uint64_t size, unsigned bits)
{
	return (addr & (PT_PAGE_SIZE - 1)) == 0 && addr < (1ull << bits) &&
	       size <= (1ull << bits) - addr;
}

static int run(struct op *op, uint64_t va, uint64_t size)
{
	struct pt *pt = op->pt;

	if (need_range(op, pt, va, va + size) > pt->pool->free)
		return FFA_RET_NO_MEMORY;
	apply_table(op, pt->root, pt->start_level, va, va + size);
	return 0;
}

int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs)
{
	struct op op = {.pt = pt, .unmap = false, .delta = pa - va};

	if (!pt || !pt->root || size == 0 || (size & (PT_PAGE_SIZE - 1)) ||
	    !range_ok(va, size, pt->ia_bits) || !range_ok(pa, size, pt->oa_bits) ||
	    !pt_encode_attrs(pt, attrs, &op.attrs))
		return FFA_RET_INVALID_PARAMETERS;
	return run(&op, va, size);
}

int pt_unmap(struct pt *pt, uint64_t va, uint64_t size)
{
	struct op op = {.pt = pt, .unmap = true};

	if (!pt || !pt->root || size == 0 || (size & (PT_PAGE_SIZE - 1)) ||
	    !range_ok(va, size, pt->ia_bits))
		return FFA_RET_INVALID_PARAMETERS;
	return run(&op, va, size);
}
