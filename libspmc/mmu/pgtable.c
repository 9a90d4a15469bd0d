/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VMSAv8-64 translation tables, 4 KiB granule, 48-bit input and output
 * addresses at most (no FEAT_LPA/LPA2, no concatenated start tables).
 *
 * References are to the Arm Architecture Reference Manual for A-profile,
 * DDI 0487 (issue K.a numbering; D5.x in issues before I.a):
 *   D8.2  Translation process: levels 0..3 resolve IA bits [47:39],
 *         [38:30], [29:21], [20:12]; the start level follows T0SZ (stage 1)
 *         or SL0 (stage 2).
 *   D8.3  Translation table descriptor formats: bits[1:0] = 0b11 table
 *         (levels 0..2) or page (level 3), 0b01 block (levels 1 and 2 with
 *         a 4 KiB granule), bit[0] = 0 invalid; next-level table address
 *         and output address in bits [47:12].
 *   D8.4  Memory access control: stage 1 AP[2:1] in bits [7:6] (AP[1] RES1
 *         in a regime with one privilege level, as EL2 with E2H = 0), XN in
 *         bit 54; stage 2 S2AP in bits [7:6] (bit 6 read, bit 7 write),
 *         XN[1:0] in bits [54:53] (0b10 = execute at no EL; bit 53 is the
 *         FEAT_XNX extension and stays 0).
 *   D8.6  Memory region attributes: stage 1 AttrIndx in bits [4:2] into
 *         MAIR_EL2, NS in bit 5 (Secure stage 1 only); stage 2 MemAttr in
 *         bits [5:2] (FWB off: 0b1111 Normal Inner/Outer WB, 0b0001
 *         Device-nGnRE); SH in bits [9:8]; AF in bit 10.
 */
#include <stdbool.h>

#include <ffa/errors.h>

#include "hal.h"
#include "mmu/pgtable.h"

#define ENTRIES 512u
#define OA_MASK 0x0000fffffffff000ull /* bits [47:12] */
#define ATTR_MASK 0xffff000000000ffcull /* every bit a leaf keeps when split */

#define D_VALID (1ull << 0)
#define D_TYPE_MASK 3ull
#define D_TABLE 3ull /* levels 0..2 */
#define D_PAGE 3ull  /* level 3 */
#define D_BLOCK 1ull /* levels 1..2 */

#define D_ATTRINDX(i) ((uint64_t)(i) << 2) /* stage 1 */
#define D_NS (1ull << 5)                   /* stage 1 */
#define D_AP_RES1 (1ull << 6)              /* stage 1 AP[1], one privilege level */
#define D_AP_RO (1ull << 7)                /* stage 1 AP[2] */
#define D_MEMATTR(m) ((uint64_t)(m) << 2)  /* stage 2 */
#define D_S2AP_R (1ull << 6)
#define D_S2AP_W (1ull << 7)
#define D_SH_INNER (3ull << 8)
#define D_AF (1ull << 10)
#define D_XN (1ull << 54)

#define S2_MEMATTR_NORMAL_WB 0xfu
#define S2_MEMATTR_DEVICE_NGNRE 0x1u
#define S1_IDX_NORMAL 0u
#define S1_IDX_DEVICE 1u

#define HAL_MEM_ALL (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS | HAL_MEM_DEVICE)

static inline uint64_t level_shift(unsigned level)
{
	return 12u + 9u * (3u - level);
}

static inline uint64_t level_size(unsigned level)
{
	return 1ull << level_shift(level);
}

static inline unsigned level_index(uint64_t va, unsigned level)
{
	return (unsigned)((va >> level_shift(level)) & (ENTRIES - 1));
}

static inline bool is_table(uint64_t d, unsigned level)
{
	return level < 3 && (d & D_TYPE_MASK) == D_TABLE;
}

static inline uint64_t leaf_type(unsigned level)
{
	return level == 3 ? D_PAGE : D_BLOCK;
}

/* Single-copy atomic descriptor store: a walker never sees half of one. */
static inline void set_desc(uint64_t *e, uint64_t d)
{
	*(volatile uint64_t *)e = d;
}

/* ---- the pool ---- */

int pt_pool_init(struct pt_pool *pool, void *mem, size_t bytes, uint64_t pa)
{
	uintptr_t base = (uintptr_t)mem;
	size_t pages = bytes / PT_PAGE_SIZE;

	if (!pool || !mem || (base & (PT_PAGE_SIZE - 1)) || (pa & (PT_PAGE_SIZE - 1)) ||
	    bytes == 0 || (bytes & (PT_PAGE_SIZE - 1)) || pa >= (1ull << 48) ||
	    bytes > (1ull << 48) - pa)
		return FFA_RET_INVALID_PARAMETERS;
	pool->base = base;
	pool->pa = pa;
	pool->pages = pages;
	pool->free = 0;
	pool->free_list = NULL;
	/* Lowest address first out. */
	for (size_t i = pages; i-- > 0;) {
		uint64_t *p = (uint64_t *)(base + i * PT_PAGE_SIZE);

		p[0] = (uint64_t)(uintptr_t)pool->free_list;
		pool->free_list = p;
		pool->free++;
	}
	return 0;
}

size_t pt_pool_free_pages(const struct pt_pool *pool)
{
	return pool->free;
}

/* A zeroed page, or NULL. */
static uint64_t *pool_alloc(struct pt_pool *pool)
{
	uint64_t *p = pool->free_list;

	if (!p)
		return NULL;
	pool->free_list = (uint64_t *)(uintptr_t)p[0];
	pool->free--;
	for (unsigned i = 0; i < ENTRIES; i++)
		p[i] = 0;
	return p;
}

/* The free list is linked through word 0 of each free page, stored as an
 * integer so that every access to table memory is a uint64_t one. */
static void pool_free(struct pt_pool *pool, uint64_t *p)
{
	p[0] = (uint64_t)(uintptr_t)pool->free_list;
	pool->free_list = p;
	pool->free++;
}

static uint64_t to_pa(const struct pt_pool *pool, const uint64_t *p)
{
	return pool->pa + ((uintptr_t)p - pool->base);
}

static uint64_t *to_va(const struct pt_pool *pool, uint64_t pa)
{
	return (uint64_t *)(pool->base + (uintptr_t)(pa - pool->pa));
}

static uint64_t *next_table(const struct pt *pt, uint64_t d)
{
	return to_va(pt->pool, d & OA_MASK);
}

/* ---- set-up ---- */

/* TCR_EL2.PS / VTCR_EL2.PS encoding of a PA size, or -1. */
static int ps_field(unsigned oa_bits)
{
	switch (oa_bits) {
	case 32: return 0;
	case 36: return 1;
	case 40: return 2;
	case 42: return 3;
	case 44: return 4;
	case 48: return 5;
	default: return -1;
	}
}

int pt_init(struct pt *pt, enum pt_stage stage, unsigned ia_bits, unsigned oa_bits,
	    struct pt_pool *pool)
{
	uint64_t *root;

	if (!pt || !pool || ia_bits < 32 || ia_bits > 48 || ps_field(oa_bits) < 0)
		return FFA_RET_INVALID_PARAMETERS;
	if (stage != PT_STAGE1_EL2 && stage != PT_STAGE2 && stage != PT_STAGE2_NS)
		return FFA_RET_INVALID_PARAMETERS;
	/* A stage 2 input size beyond the PA size faults (VTCR_EL2.T0SZ). */
	if (stage != PT_STAGE1_EL2 && ia_bits > oa_bits)
		return FFA_RET_INVALID_PARAMETERS;
	root = pool_alloc(pool);
	if (!root)
		return FFA_RET_NO_MEMORY;
	pt->stage = stage;
	pt->ia_bits = ia_bits;
	pt->oa_bits = oa_bits;
	/* Level 0 resolves bits [47:39]: needed above 39 bits, skipped below. */
	pt->start_level = ia_bits > 39 ? 0 : 1;
	pt->root = root;
	pt->pool = pool;
	return 0;
}

uint64_t pt_root_pa(const struct pt *pt)
{
	return to_pa(pt->pool, pt->root);
}

/* Fields TCR_EL2 and VTCR_EL2 share: T0SZ [5:0], IRGN0 [9:8] = WB RA WA,
 * ORGN0 [11:10] = WB RA WA, SH0 [13:12] = Inner Shareable, TG0 [15:14] =
 * 4 KiB, PS [18:16], and RES1 bit 31. */
static uint64_t tcr_common(const struct pt *pt)
{
	return (uint64_t)(64u - pt->ia_bits) | (1ull << 8) | (1ull << 10) | (3ull << 12) |
	       (0ull << 14) | ((uint64_t)ps_field(pt->oa_bits) << 16) | (1ull << 31);
}

/* VTCR_EL2.SL0 / VSTCR_EL2.SL0 [7:6] with a 4 KiB granule: 0b10 starts at
 * level 0, 0b01 at level 1. */
static uint64_t sl0_field(const struct pt *pt)
{
	return (pt->start_level == 0 ? 2ull : 1ull) << 6;
}

uint64_t pt_tcr_el2(const struct pt *pt)
{
	if (pt->stage != PT_STAGE1_EL2)
		return 0;
	return tcr_common(pt) | (1ull << 23); /* bit 23 RES1 when E2H = 0 */
}

uint64_t pt_vtcr_el2(const struct pt *pt)
{
	if (pt->stage == PT_STAGE1_EL2)
		return 0;
	/* NSA (bit 30) = 1, NSW (bit 29) = 0. */
	return tcr_common(pt) | sl0_field(pt) | (1ull << 30);
}

uint64_t pt_vstcr_el2(const struct pt *pt)
{
	if (pt->stage != PT_STAGE2)
		return 0;
	/* T0SZ, SL0, TG0 = 4 KiB (0b00), SW = SA = 0, RES1 bit 31. */
	return (uint64_t)(64u - pt->ia_bits) | sl0_field(pt) | (1ull << 31);
}

/* ---- attributes ---- */

/* The leaf descriptor bits for attrs (no type, no address), or false. */
static bool encode_attrs(const struct pt *pt, uint32_t attrs, uint64_t *out)
{
	bool dev = attrs & HAL_MEM_DEVICE;
	uint64_t d = D_AF;

	if ((attrs & ~HAL_MEM_ALL) || (dev && (attrs & HAL_MEM_X)))
		return false;
	if (!dev)
		d |= D_SH_INNER; /* Device memory is Outer Shareable whatever SH says */
	if (!(attrs & HAL_MEM_X))
		d |= D_XN;
	if (pt->stage == PT_STAGE1_EL2) {
		if (!(attrs & HAL_MEM_R))
			return false;
		d |= D_ATTRINDX(dev ? S1_IDX_DEVICE : S1_IDX_NORMAL) | D_AP_RES1;
		if (!(attrs & HAL_MEM_W))
			d |= D_AP_RO;
		if (attrs & HAL_MEM_NS)
			d |= D_NS;
	} else {
		if (!(attrs & (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X)))
			return false;
		if (!(attrs & HAL_MEM_NS) != (pt->stage == PT_STAGE2))
			return false;
		d |= D_MEMATTR(dev ? S2_MEMATTR_DEVICE_NGNRE : S2_MEMATTR_NORMAL_WB);
		if (attrs & HAL_MEM_R)
			d |= D_S2AP_R;
		if (attrs & HAL_MEM_W)
			d |= D_S2AP_W;
	}
	*out = d;
	return true;
}

static uint32_t decode_attrs(const struct pt *pt, uint64_t d)
{
	uint32_t a = 0;

	if (!(d & D_XN))
		a |= HAL_MEM_X;
	if (pt->stage == PT_STAGE1_EL2) {
		a |= HAL_MEM_R;
		if (!(d & D_AP_RO))
			a |= HAL_MEM_W;
		if (d & D_NS)
			a |= HAL_MEM_NS;
		if (((d >> 2) & 7) == S1_IDX_DEVICE)
			a |= HAL_MEM_DEVICE;
	} else {
		if (d & D_S2AP_R)
			a |= HAL_MEM_R;
		if (d & D_S2AP_W)
			a |= HAL_MEM_W;
		if (pt->stage == PT_STAGE2_NS)
			a |= HAL_MEM_NS;
		if (((d >> 2) & 0xf) == S2_MEMATTR_DEVICE_NGNRE)
			a |= HAL_MEM_DEVICE;
	}
	return a;
}

/* ---- map and unmap ----
 *
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

static void free_tree(struct pt *pt, uint64_t *t, unsigned level)
{
	for (unsigned i = 0; i < ENTRIES; i++)
		if (is_table(t[i], level))
			free_tree(pt, next_table(pt, t[i]), level + 1);
	pool_free(pt->pool, t);
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
			free_tree(pt, next_table(pt, d), level + 1);
		return;
	}
	if (is_table(d, level)) {
		t = next_table(pt, d);
	} else {
		/* need_range() reserved this page: it cannot fail. */
		t = pool_alloc(pt->pool);
		for (unsigned i = 0; i < ENTRIES; i++)
			t[i] = split_child(d, level, i);
		set_desc(e, to_pa(pt->pool, t) | D_TABLE);
	}
	apply_table(op, t, level + 1, va, end);
	if (op->unmap && table_empty(t)) {
		set_desc(e, 0);
		pool_free(pt->pool, t);
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
	    !encode_attrs(pt, attrs, &op.attrs))
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

int pt_query(const struct pt *pt, uint64_t va, uint64_t *pa, uint32_t *attrs)
{
	const uint64_t *t;

	if (!pt || !pt->root || va >= (1ull << pt->ia_bits))
		return FFA_RET_INVALID_PARAMETERS;
	t = pt->root;
	for (unsigned level = pt->start_level; level <= 3; level++) {
		uint64_t d = t[level_index(va, level)];

		if (!(d & D_VALID))
			return FFA_RET_NO_DATA;
		if (is_table(d, level)) {
			t = next_table(pt, d);
			continue;
		}
		if (level == 0 || (level == 3) != ((d & D_TYPE_MASK) == D_PAGE))
			return FFA_RET_NO_DATA; /* never written: reserved encodings */
		if (pa)
			*pa = (d & OA_MASK & ~(level_size(level) - 1)) |
			      (va & (level_size(level) - 1));
		if (attrs)
			*attrs = decode_attrs(pt, d);
		return 0;
	}
	return FFA_RET_NO_DATA;
}

void pt_destroy(struct pt *pt)
{
	if (!pt || !pt->root)
		return;
	free_tree(pt, pt->root, pt->start_level);
	pt->root = NULL;
}
