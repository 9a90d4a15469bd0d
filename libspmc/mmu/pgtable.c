/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VMSAv8-64 translation tables, 4 KiB granule, 48-bit input and output
 * addresses at most (no FEAT_LPA/LPA2, no concatenated start tables): the
 * page pool, set-up and system register values, attribute encodings, the
 * software walk. Mapping and unmapping are in pgtable_map.c; descriptor
 * formats and their Arm ARM references in pt_int.h.
 */
#include "mmu/pt_int.h"

/* ---- the pool ----
 *
 * The free list is linked through word 0 of each free page, stored as an
 * integer so that every access to table memory is a uint64_t one. */

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

uint64_t *pt_page_alloc(struct pt_pool *pool)
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

void pt_page_free(struct pt_pool *pool, uint64_t *p)
{
	p[0] = (uint64_t)(uintptr_t)pool->free_list;
	pool->free_list = p;
	pool->free++;
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
	root = pt_page_alloc(pool);
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
bool pt_encode_attrs(const struct pt *pt, uint32_t attrs, uint64_t *out)
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
	pt_free_tree(pt, pt->root, pt->start_level);
	pt->root = NULL;
}

void pt_free_tree(struct pt *pt, uint64_t *t, unsigned level)
{
	for (unsigned i = 0; i < ENTRIES; i++)
		if (is_table(t[i], level))
			pt_free_tree(pt, next_table(pt, t[i]), level + 1);
	pt_page_free(pt->pool, t);
}
