/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The translation table builder (libspmc/mmu/pgtable.c), proved by walking
 * the tables it writes with a decoder of this file's own: descriptor bits are
 * read here from the Arm ARM's formats (DDI 0487, D8.3 "Translation table
 * descriptor formats", D8.4 "Memory access control", D8.6 "Memory region
 * attributes"), never through pt_query, which is itself checked against the
 * decoder.
 *
 * The pool's pages sit at POOL_PA in "physical" memory and at pool_mem on the
 * host, so every table link the walker follows goes through the conversion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <ffa/errors.h>

#include "hal.h"
#include "mmu/pgtable.h"

#define PAGE 0x1000ull
#define MB2 0x200000ull
#define GB1 0x40000000ull

#define POOL_PAGES 1200
#define POOL_PA 0x880000000ull

static _Alignas(4096) uint8_t pool_mem[POOL_PAGES * PAGE];
static struct pt_pool pool;
static struct pt pt;

/* ---- the independent walker ---- */

/* Descriptor fields (DDI 0487 D8.3, D8.4, D8.6). */
#define W_VALID(d) ((d) & 1)
#define W_TYPE(d) ((d) & 3)
#define W_ADDR(d) ((d) & 0x0000fffffffff000ull)
#define W_ATTRINDX(d) (((d) >> 2) & 7)   /* stage 1 */
#define W_NS(d) (((d) >> 5) & 1)         /* stage 1 */
#define W_AP(d) (((d) >> 6) & 3)         /* stage 1 AP[2:1] */
#define W_MEMATTR(d) (((d) >> 2) & 0xf)  /* stage 2 */
#define W_S2AP(d) (((d) >> 6) & 3)       /* stage 2: bit 0 read, bit 1 write */
#define W_SH(d) (((d) >> 8) & 3)
#define W_AF(d) (((d) >> 10) & 1)
#define W_NG(d) (((d) >> 11) & 1)
#define W_XN(d) (((d) >> 53) & 3) /* stage 2 XN[1:0]; stage 1 bit 54 = XN, 53 = PXN */

static uint64_t *tva(uint64_t pa)
{
	assert_true(pa >= POOL_PA && pa < POOL_PA + sizeof(pool_mem));
	assert_int_equal(pa & (PAGE - 1), 0);
	return (uint64_t *)(pool_mem + (pa - POOL_PA));
}

static unsigned w_start_level(unsigned ia_bits)
{
	return ia_bits > 39 ? 0 : 1; /* T0SZ 16..24 start at level 0 */
}

static unsigned w_shift(unsigned level)
{
	return 39 - 9 * level;
}

struct leaf {
	int level;     /* -1: not mapped */
	uint64_t desc;
	uint64_t pa;   /* of the looked-up address */
	uint32_t attrs;
};

/* HAL_MEM_* attributes of a leaf descriptor, checking every field this
 * builder must have written. */
static uint32_t w_decode(enum pt_stage stage, uint64_t d, unsigned level)
{
	uint32_t a = 0;

	assert_int_equal(W_AF(d), 1);
	assert_int_equal(W_NG(d), 0);
	assert_int_equal(d >> 55, 0);                   /* software / NS (realm) bits */
	assert_int_equal((d >> 48) & 0xf, 0);           /* bits [51:48]: no LPA */
	assert_int_equal((d >> 52) & 1, 0);             /* Contiguous */
	assert_int_equal((d >> 11) & 1, 0);
	/* Address bits below the block size are RES0 (D8.3). */
	assert_int_equal((d & 0x0000fffffffff000ull) & ((1ull << w_shift(level)) - 1), 0);
	if (stage == PT_STAGE1_EL2) {
		assert_true(W_ATTRINDX(d) <= 1);
		assert_int_equal(W_AP(d) & 1, 1); /* AP[1] RES1: one privilege level */
		assert_int_equal((d >> 53) & 1, 0);
		a |= HAL_MEM_R;
		if (!(W_AP(d) & 2))
			a |= HAL_MEM_W;
		if (W_NS(d))
			a |= HAL_MEM_NS;
		if (!((d >> 54) & 1))
			a |= HAL_MEM_X;
		if (W_ATTRINDX(d) == 1)
			a |= HAL_MEM_DEVICE;
		else
			assert_int_equal(W_SH(d), 3);
	} else {
		assert_true(W_MEMATTR(d) == 0xf || W_MEMATTR(d) == 0x1);
		assert_true(W_XN(d) == 0 || W_XN(d) == 2); /* FEAT_XNX: 0b10 = no EL */
		if (W_S2AP(d) & 1)
			a |= HAL_MEM_R;
		if (W_S2AP(d) & 2)
			a |= HAL_MEM_W;
		if (W_XN(d) == 0)
			a |= HAL_MEM_X;
		if (W_MEMATTR(d) == 0x1)
			a |= HAL_MEM_DEVICE;
		else
			assert_int_equal(W_SH(d), 3);
		if (stage == PT_STAGE2_NS)
			a |= HAL_MEM_NS; /* the IPA space's: no NS bit in a stage 2
					  * descriptor (bit 5 is MemAttr[3] here) */
	}
	return a;
}

static struct leaf w_walk(const struct pt *t, uint64_t va)
{
	struct leaf r = {.level = -1};
	unsigned level = w_start_level(t->ia_bits);
	const uint64_t *tab = tva(pt_root_pa(t));

	for (;; level++) {
		uint64_t d = tab[(va >> w_shift(level)) & 511];

		if (!W_VALID(d))
			return r;
		if (level < 3 && W_TYPE(d) == 3) {
			tab = tva(W_ADDR(d));
			continue;
		}
		/* Blocks only at levels 1 and 2; pages at level 3. */
		assert_true((level == 3 && W_TYPE(d) == 3) ||
			    ((level == 1 || level == 2) && W_TYPE(d) == 1));
		r.level = (int)level;
		r.desc = d;
		r.pa = W_ADDR(d) | (va & ((1ull << w_shift(level)) - 1));
		r.attrs = w_decode(t->stage, d, level);
		return r;
	}
}

struct census {
	unsigned tables;    /* the root included */
	unsigned leaves[4]; /* by level */
	unsigned empty;     /* non-root tables without a valid entry */
};

static void w_census_table(const uint64_t *tab, unsigned level, struct census *c)
{
	unsigned valid = 0;

	c->tables++;
	for (unsigned i = 0; i < 512; i++) {
		uint64_t d = tab[i];

		if (!W_VALID(d))
			continue;
		valid++;
		if (level < 3 && W_TYPE(d) == 3)
			w_census_table(tva(W_ADDR(d)), level + 1, c);
		else
			c->leaves[level]++;
	}
	if (!valid)
		c->empty++;
}

static struct census w_census(const struct pt *t)
{
	struct census c;

	memset(&c, 0, sizeof(c));
	w_census_table(tva(pt_root_pa(t)), w_start_level(t->ia_bits), &c);
	return c;
}

/* Snapshot of every reachable table page, in walk order. */
#define SNAP_MAX 64
struct snap {
	unsigned n;
	size_t free;
	uint64_t pa[SNAP_MAX];
	uint64_t e[SNAP_MAX][512];
};
static struct snap snap_a, snap_b;

static void snap_table(struct snap *s, uint64_t pa, unsigned level)
{
	const uint64_t *tab = tva(pa);

	assert_true(s->n < SNAP_MAX);
	s->pa[s->n] = pa;
	memcpy(s->e[s->n], tab, sizeof(s->e[0]));
	s->n++;
	for (unsigned i = 0; i < 512; i++)
		if (level < 3 && W_VALID(tab[i]) && W_TYPE(tab[i]) == 3)
			snap_table(s, W_ADDR(tab[i]), level + 1);
}

static void snap_take(struct snap *s, const struct pt *t)
{
	s->n = 0;
	s->free = pt_pool_free_pages(&pool);
	snap_table(s, pt_root_pa(t), w_start_level(t->ia_bits));
}

static void snap_same(const struct snap *a, const struct snap *b)
{
	assert_int_equal(a->free, b->free);
	assert_int_equal(a->n, b->n);
	for (unsigned i = 0; i < a->n; i++) {
		assert_int_equal(a->pa[i], b->pa[i]);
		assert_memory_equal(a->e[i], b->e[i], sizeof(a->e[i]));
	}
}

/* ---- fixtures ---- */

static int setup(void **state)
{
	(void)state;
	memset(pool_mem, 0xa5, sizeof(pool_mem)); /* the builder must zero its pages */
	assert_int_equal(pt_pool_init(&pool, pool_mem, sizeof(pool_mem), POOL_PA), 0);
	return 0;
}

static void init(enum pt_stage stage, unsigned ia, unsigned oa)
{
	assert_int_equal(pt_init(&pt, stage, ia, oa, &pool), 0);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES - 1);
}

static void expect_leaf(uint64_t va, int level, uint64_t pa, uint32_t attrs)
{
	struct leaf l = w_walk(&pt, va);

	if (l.level != level || l.pa != pa || l.attrs != attrs) {
		print_error("va 0x%llx: level %d pa 0x%llx attrs 0x%x, want level %d pa 0x%llx "
			    "attrs 0x%x\n", (unsigned long long)va, l.level,
			    (unsigned long long)l.pa, l.attrs, level, (unsigned long long)pa, attrs);
		fail();
	}
}

static void expect_unmapped(uint64_t va)
{
	assert_int_equal(w_walk(&pt, va).level, -1);
}

static unsigned used(void)
{
	return POOL_PAGES - (unsigned)pt_pool_free_pages(&pool);
}

#define S2RW (HAL_MEM_R | HAL_MEM_W)
#define S2RWX (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X)

/* ---- tests ---- */

static void test_pool(void **state)
{
	static _Alignas(4096) uint8_t small[3 * 4096];
	struct pt_pool p;
	struct pt a, b, c, d;

	(void)state;
	assert_int_equal(pt_pool_init(&p, small + 8, 2 * 4096, 0x1000), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_pool_init(&p, small, 0, 0x1000), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_pool_init(&p, small, 4096 + 8, 0x1000), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_pool_init(&p, small, 4096, 0x1008), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_pool_init(&p, small, 4096, 1ull << 48), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_pool_init(NULL, small, 4096, 0), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_pool_init(&p, small, sizeof(small), 0x1000), 0);
	assert_int_equal(pt_pool_free_pages(&p), 3);
	/* Tables share the pool; the fourth root does not fit. */
	assert_int_equal(pt_init(&a, PT_STAGE1_EL2, 48, 48, &p), 0);
	assert_int_equal(pt_init(&b, PT_STAGE2, 40, 40, &p), 0);
	assert_int_equal(pt_init(&c, PT_STAGE2_NS, 32, 40, &p), 0);
	assert_int_equal(pt_pool_free_pages(&p), 0);
	assert_int_equal(pt_init(&d, PT_STAGE2, 40, 40, &p), FFA_RET_NO_MEMORY);
	/* Roots are distinct pages of the pool, at its physical addresses. */
	assert_true(pt_root_pa(&a) != pt_root_pa(&b) && pt_root_pa(&b) != pt_root_pa(&c));
	assert_true(pt_root_pa(&a) >= 0x1000 && pt_root_pa(&a) < 0x4000);
	pt_destroy(&b);
	assert_int_equal(pt_pool_free_pages(&p), 1);
	assert_int_equal(pt_init(&d, PT_STAGE2, 40, 40, &p), 0);
	/* A recycled page is handed out zeroed. */
	for (unsigned i = 0; i < 512; i++)
		assert_int_equal(((uint64_t *)(small + (pt_root_pa(&d) - 0x1000)))[i], 0);
	pt_destroy(&a);
	pt_destroy(&c);
	pt_destroy(&d);
	assert_int_equal(pt_pool_free_pages(&p), 3);
}

static void test_init_errors(void **state)
{
	(void)state;
	assert_int_equal(pt_init(&pt, PT_STAGE2, 31, 40, &pool), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_init(&pt, PT_STAGE2, 49, 48, &pool), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_init(&pt, PT_STAGE1_EL2, 48, 39, &pool), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_init(&pt, PT_STAGE1_EL2, 48, 52, &pool), FFA_RET_INVALID_PARAMETERS);
	/* A stage 2 input size beyond the output size. */
	assert_int_equal(pt_init(&pt, PT_STAGE2, 44, 40, &pool), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_init(&pt, (enum pt_stage)7, 40, 40, &pool), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_init(&pt, PT_STAGE2, 40, 40, NULL), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES);
	/* Stage 1 may translate more VA bits than the PA size. */
	assert_int_equal(pt_init(&pt, PT_STAGE1_EL2, 48, 32, &pool), 0);
	pt_destroy(&pt);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES);
}

/* TCR_EL2, VTCR_EL2, VSTCR_EL2 fields (DDI 0487 register descriptions). */
static void test_registers(void **state)
{
	struct pt s2, ns;

	(void)state;
	/* MAIR_EL2: Attr0 Normal WB RA WA, Attr1 Device-nGnRE. */
	assert_int_equal(PT_MAIR_EL2 & 0xff, 0xff);
	assert_int_equal((PT_MAIR_EL2 >> 8) & 0xff, 0x04);
	assert_int_equal(PT_MAIR_EL2 >> 16, 0);

	init(PT_STAGE1_EL2, 48, 40);
	/* T0SZ 16, IRGN0 = ORGN0 = 0b01, SH0 = 0b11, TG0 = 4K, PS = 0b010 (40
	 * bits), RES1 bits 23 and 31. */
	assert_int_equal(pt_tcr_el2(&pt), (1ull << 31) | (1ull << 23) | (2ull << 16) |
						  (0ull << 14) | (3ull << 12) | (1ull << 10) |
						  (1ull << 8) | 16);
	assert_int_equal(pt_tcr_el2(&pt), 0x80823510ull);
	assert_int_equal(pt_vtcr_el2(&pt), 0);
	assert_int_equal(pt_vstcr_el2(&pt), 0);
	assert_int_equal(pt_root_pa(&pt) & (PAGE - 1), 0);
	pt_destroy(&pt);

	/* Secure IPA space, 36 bits: level 1 start (SL0 = 0b01), T0SZ 28. */
	assert_int_equal(pt_init(&s2, PT_STAGE2, 36, 44, &pool), 0);
	assert_int_equal(pt_vstcr_el2(&s2), (1ull << 31) | (1ull << 6) | 28);
	assert_int_equal((pt_vstcr_el2(&s2) >> 29) & 3, 0); /* SW = SA = 0: Secure */
	/* VTCR_EL2: NSA = 1, NSW = 0, PS = 0b100 (44 bits), SL0 = 0b01. */
	assert_int_equal(pt_vtcr_el2(&s2), (1ull << 31) | (1ull << 30) | (4ull << 16) |
						   (3ull << 12) | (1ull << 10) | (1ull << 8) |
						   (1ull << 6) | 28);
	assert_int_equal(pt_tcr_el2(&s2), 0);
	/* Non-secure IPA space, 40 bits: level 0 start (SL0 = 0b10), T0SZ 24. */
	assert_int_equal(pt_init(&ns, PT_STAGE2_NS, 40, 48, &pool), 0);
	assert_int_equal(pt_vtcr_el2(&ns), (1ull << 31) | (1ull << 30) | (5ull << 16) |
						   (3ull << 12) | (1ull << 10) | (1ull << 8) |
						   (2ull << 6) | 24);
	assert_int_equal(pt_vstcr_el2(&ns), 0);
	pt_destroy(&s2);
	pt_destroy(&ns);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES);
}

static void test_stage2_encoding(void **state)
{
	struct leaf l;

	(void)state;
	init(PT_STAGE2, 40, 40);
	assert_int_equal(pt_map(&pt, 0x10000, 0x80010000, PAGE, S2RW), 0);
	l = w_walk(&pt, 0x10000);
	assert_int_equal(l.level, 3);
	assert_int_equal(W_TYPE(l.desc), 3);
	assert_int_equal(W_S2AP(l.desc), 3);
	assert_int_equal(W_XN(l.desc), 2); /* XN[1:0] = 0b10: bit 54 set, bit 53 clear */
	assert_int_equal(W_MEMATTR(l.desc), 0xf);
	assert_int_equal(W_SH(l.desc), 3);
	assert_int_equal(W_AF(l.desc), 1);
	assert_int_equal(W_ADDR(l.desc), 0x80010000);
	assert_int_equal(l.desc, 0x80010000ull | (1ull << 54) | (1ull << 10) | (3ull << 8) |
					 (3ull << 6) | (0xfull << 2) | 3);

	assert_int_equal(pt_map(&pt, 0x11000, 0x80011000, PAGE, HAL_MEM_R | HAL_MEM_X), 0);
	l = w_walk(&pt, 0x11000);
	assert_int_equal(W_S2AP(l.desc), 1);
	assert_int_equal(W_XN(l.desc), 0);
	assert_int_equal(l.attrs, HAL_MEM_R | HAL_MEM_X);

	assert_int_equal(pt_map(&pt, 0x12000, 0x80012000, PAGE, HAL_MEM_W), 0);
	l = w_walk(&pt, 0x12000);
	assert_int_equal(W_S2AP(l.desc), 2);

	assert_int_equal(pt_map(&pt, 0x13000, 0x80013000, PAGE, HAL_MEM_X), 0);
	l = w_walk(&pt, 0x13000);
	assert_int_equal(W_S2AP(l.desc), 0);
	assert_int_equal(W_XN(l.desc), 0);

	assert_int_equal(pt_map(&pt, 0x14000, 0x9000000, PAGE, S2RW | HAL_MEM_DEVICE), 0);
	l = w_walk(&pt, 0x14000);
	assert_int_equal(W_MEMATTR(l.desc), 0x1); /* Device-nGnRE */
	assert_int_equal(W_XN(l.desc), 2);
	assert_int_equal(l.attrs, S2RW | HAL_MEM_DEVICE);

	/* The Secure IPA space's tables take no NS mapping; the Non-secure IPA
	 * space's take only those, with no NS bit in the descriptor. */
	assert_int_equal(pt_map(&pt, 0x15000, 0x15000, PAGE, S2RW | HAL_MEM_NS),
			 FFA_RET_INVALID_PARAMETERS);
	pt_destroy(&pt);

	init(PT_STAGE2_NS, 40, 40);
	assert_int_equal(pt_map(&pt, 0x15000, 0x15000, PAGE, S2RW), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_map(&pt, 0x15000, 0x15000, PAGE, S2RW | HAL_MEM_NS), 0);
	l = w_walk(&pt, 0x15000);
	assert_int_equal(l.desc, 0x15000ull | (1ull << 54) | (1ull << 10) | (3ull << 8) |
					 (3ull << 6) | (0xfull << 2) | 3);
	assert_int_equal(l.attrs, S2RW | HAL_MEM_NS);
	pt_destroy(&pt);
}

static void test_stage1_encoding(void **state)
{
	struct leaf l;

	(void)state;
	init(PT_STAGE1_EL2, 48, 48);
	assert_int_equal(pt_map(&pt, 0x6000000, 0x6000000, PAGE, HAL_MEM_R), 0);
	l = w_walk(&pt, 0x6000000);
	assert_int_equal(l.level, 3);
	assert_int_equal(W_ATTRINDX(l.desc), 0);
	assert_int_equal(W_AP(l.desc), 3); /* AP[2] = 1 read-only, AP[1] RES1 */
	assert_int_equal((l.desc >> 54) & 1, 1);
	assert_int_equal((l.desc >> 53) & 1, 0);
	assert_int_equal(W_NS(l.desc), 0);
	assert_int_equal(W_SH(l.desc), 3);
	assert_int_equal(W_AF(l.desc), 1);
	assert_int_equal(l.desc, 0x6000000ull | (1ull << 54) | (1ull << 10) | (3ull << 8) |
					 (3ull << 6) | 3);

	assert_int_equal(pt_map(&pt, 0x6001000, 0x6001000, PAGE, HAL_MEM_R | HAL_MEM_W), 0);
	l = w_walk(&pt, 0x6001000);
	assert_int_equal(W_AP(l.desc), 1); /* AP[2] = 0: read/write */
	assert_int_equal(l.attrs, HAL_MEM_R | HAL_MEM_W);

	assert_int_equal(pt_map(&pt, 0x6002000, 0x6002000, PAGE, HAL_MEM_R | HAL_MEM_X), 0);
	l = w_walk(&pt, 0x6002000);
	assert_int_equal((l.desc >> 54) & 1, 0);
	assert_int_equal(W_AP(l.desc), 3);

	assert_int_equal(pt_map(&pt, 0x9000000, 0x9000000, PAGE,
				HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE | HAL_MEM_NS), 0);
	l = w_walk(&pt, 0x9000000);
	assert_int_equal(W_ATTRINDX(l.desc), 1); /* MAIR Attr1: Device-nGnRE */
	assert_int_equal(W_NS(l.desc), 1);
	assert_int_equal((l.desc >> 54) & 1, 1);
	assert_int_equal(l.attrs, HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE | HAL_MEM_NS);

	/* Secure and Non-secure memory at one PA are different mappings. */
	assert_int_equal(pt_map(&pt, 0x6003000, 0x6003000, PAGE,
				HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS), 0);
	assert_int_equal(W_NS(w_walk(&pt, 0x6003000).desc), 1);
	assert_int_equal(W_ATTRINDX(w_walk(&pt, 0x6003000).desc), 0);
	pt_destroy(&pt);
}

static void test_blocks_when_aligned(void **state)
{
	uint64_t va = GB1 - MB2 - PAGE, size = PAGE + MB2 + GB1 + MB2 + PAGE;
	uint64_t off = 4 * GB1; /* keeps every alignment */
	struct census c;

	(void)state;
	init(PT_STAGE2, 48, 48);
	assert_int_equal(pt_map(&pt, GB1, 2 * GB1, GB1, S2RWX), 0);
	c = w_census(&pt);
	assert_int_equal(c.tables, 2); /* level-0 root, one level-1 table */
	assert_int_equal(c.leaves[1], 1);
	assert_int_equal(used(), 2);
	expect_leaf(GB1 + 0x12345, 1, 2 * GB1 + 0x12345, S2RWX);
	assert_int_equal(pt_unmap(&pt, GB1, GB1), 0);
	assert_int_equal(used(), 1);

	/* page, 2 MiB, 1 GiB, 2 MiB, page: the largest descriptor each time. */
	assert_int_equal(pt_map(&pt, va, va + off, size, S2RW), 0);
	c = w_census(&pt);
	assert_int_equal(c.leaves[3], 2);
	assert_int_equal(c.leaves[2], 2);
	assert_int_equal(c.leaves[1], 1);
	/* root, L1, L2 + L3 below 1 GiB, L2 + L3 above 2 GiB */
	assert_int_equal(c.tables, 6);
	assert_int_equal(used(), 6);
	expect_leaf(va, 3, va + off, S2RW);
	expect_leaf(va + PAGE, 2, va + PAGE + off, S2RW);
	expect_leaf(GB1, 1, GB1 + off, S2RW);
	expect_leaf(2 * GB1 + MB2 - 1, 2, 2 * GB1 + MB2 - 1 + off, S2RW);
	expect_leaf(2 * GB1 + MB2, 3, 2 * GB1 + MB2 + off, S2RW);
	expect_unmapped(va - PAGE);
	expect_unmapped(va + size);
	assert_int_equal(pt_unmap(&pt, va, size), 0);
	assert_int_equal(used(), 1);

	/* Output one page off the input's alignment: pages only. */
	assert_int_equal(pt_map(&pt, 4 * MB2, 4 * MB2 + PAGE, 2 * MB2, S2RW), 0);
	c = w_census(&pt);
	assert_int_equal(c.leaves[3], 1024);
	assert_int_equal(c.leaves[2] + c.leaves[1], 0);
	assert_int_equal(c.tables, 5);
	expect_leaf(5 * MB2 + 0x123, 3, 5 * MB2 + PAGE + 0x123, S2RW);
	pt_destroy(&pt);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES);
}

static void test_split_on_partial_unmap(void **state)
{
	uint64_t hole = GB1 + MB2 + 3 * PAGE;
	struct census c;

	(void)state;
	init(PT_STAGE2, 39, 40); /* level-1 root: the 1 GiB block sits in it */
	assert_int_equal(pt_map(&pt, GB1, 8 * GB1, GB1, S2RW), 0);
	assert_int_equal(used(), 1);
	expect_leaf(GB1, 1, 8 * GB1, S2RW);

	assert_int_equal(pt_unmap(&pt, hole, PAGE), 0);
	c = w_census(&pt);
	assert_int_equal(c.tables, 3);
	assert_int_equal(c.leaves[2], 511);
	assert_int_equal(c.leaves[3], 511);
	expect_unmapped(hole);
	expect_leaf(hole - PAGE, 3, 8 * GB1 + MB2 + 2 * PAGE, S2RW);
	expect_leaf(hole + PAGE, 3, 8 * GB1 + MB2 + 4 * PAGE, S2RW);
	expect_leaf(GB1, 2, 8 * GB1, S2RW);
	expect_leaf(2 * GB1 - 1, 2, 9 * GB1 - 1, S2RW);

	/* The rest of the level-3 table, then everything: pages come back. */
	assert_int_equal(pt_unmap(&pt, GB1 + MB2, MB2), 0);
	assert_int_equal(used(), 2);
	expect_unmapped(hole + PAGE);
	expect_leaf(GB1 + 2 * MB2, 2, 8 * GB1 + 2 * MB2, S2RW);
	assert_int_equal(pt_unmap(&pt, GB1, GB1), 0);
	assert_int_equal(used(), 1);
	assert_int_equal(w_census(&pt).tables, 1);
	/* Unmapping nothing is fine. */
	assert_int_equal(pt_unmap(&pt, 0, (1ull << 39) + PAGE), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(pt_unmap(&pt, 0, 1ull << 39), 0);
	assert_int_equal(used(), 1);
	pt_destroy(&pt);
}

static void test_split_on_partial_remap(void **state)
{
	(void)state;
	init(PT_STAGE1_EL2, 40, 40);
	assert_int_equal(pt_map(&pt, MB2, MB2, MB2, HAL_MEM_R | HAL_MEM_W), 0);
	expect_leaf(MB2, 2, MB2, HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(used(), 3);
	assert_int_equal(pt_map(&pt, MB2 + PAGE, 0x90000000, PAGE, HAL_MEM_R | HAL_MEM_X), 0);
	assert_int_equal(used(), 4);
	expect_leaf(MB2, 3, MB2, HAL_MEM_R | HAL_MEM_W);
	expect_leaf(MB2 + PAGE, 3, 0x90000000, HAL_MEM_R | HAL_MEM_X);
	expect_leaf(MB2 + 2 * PAGE, 3, MB2 + 2 * PAGE, HAL_MEM_R | HAL_MEM_W);
	expect_leaf(2 * MB2 - PAGE, 3, 2 * MB2 - PAGE, HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(w_census(&pt).leaves[3], 512);

	/* A block over the pages frees their table. */
	assert_int_equal(pt_map(&pt, MB2, 0x80000000, MB2, HAL_MEM_R), 0);
	assert_int_equal(used(), 3);
	expect_leaf(MB2 + PAGE, 2, 0x80000000 + PAGE, HAL_MEM_R);

	/* A 1 GiB block over a tree of tables frees the whole tree. */
	assert_int_equal(pt_map(&pt, 5 * PAGE, 5 * PAGE, 3 * PAGE, HAL_MEM_R), 0);
	assert_int_equal(used(), 4);
	assert_int_equal(pt_map(&pt, 0, GB1, GB1, HAL_MEM_R | HAL_MEM_W), 0);
	assert_int_equal(used(), 2);
	expect_leaf(5 * PAGE, 1, GB1 + 5 * PAGE, HAL_MEM_R | HAL_MEM_W);
	/* Remapping a block with new attributes in place. */
	assert_int_equal(pt_map(&pt, 0, GB1, GB1, HAL_MEM_R), 0);
	expect_leaf(GB1 - 1, 1, 2 * GB1 - 1, HAL_MEM_R);
	assert_int_equal(used(), 2);
	pt_destroy(&pt);
}

static void test_no_memory_all_or_nothing(void **state)
{
	(void)state;
	init(PT_STAGE2, 48, 48);
	/* Existing state: a 1 GiB block and a few pages. */
	assert_int_equal(pt_map(&pt, GB1, GB1, GB1, S2RW), 0);
	assert_int_equal(pt_map(&pt, 3 * GB1, 3 * GB1, 4 * PAGE, S2RW), 0);
	assert_int_equal(used(), 4); /* root, L1, L2, L3 */

	/* Leave one free page in the pool by holding the rest in other tables. */
	{
		static struct pt hold[POOL_PAGES];
		unsigned n = 0;

		while (pt_pool_free_pages(&pool) > 1)
			assert_int_equal(pt_init(&hold[n++], PT_STAGE2, 40, 40, &pool), 0);

		/* A page in a new 512 GiB region needs three tables. */
		snap_take(&snap_a, &pt);
		assert_int_equal(pt_map(&pt, 1ull << 40, 0x5000, PAGE, S2RW), FFA_RET_NO_MEMORY);
		snap_take(&snap_b, &pt);
		snap_same(&snap_a, &snap_b);
		/* A page inside the 1 GiB block needs an L2 and an L3 table. */
		assert_int_equal(pt_map(&pt, GB1 + PAGE, 0x5000, PAGE, S2RW), FFA_RET_NO_MEMORY);
		snap_take(&snap_b, &pt);
		snap_same(&snap_a, &snap_b);
		/* So does unmapping one. */
		assert_int_equal(pt_unmap(&pt, GB1 + PAGE, PAGE), FFA_RET_NO_MEMORY);
		snap_take(&snap_b, &pt);
		snap_same(&snap_a, &snap_b);
		/* A long range that fails only in its last part. */
		assert_int_equal(pt_map(&pt, 3 * GB1, 0x700000000ull, 2 * GB1 + PAGE, S2RW),
				 FFA_RET_NO_MEMORY);
		snap_take(&snap_b, &pt);
		snap_same(&snap_a, &snap_b);
		expect_leaf(GB1, 1, GB1, S2RW);
		expect_leaf(3 * GB1, 3, 3 * GB1, S2RW);

		/* Two free pages are exactly enough for the split. */
		pt_destroy(&hold[--n]);
		assert_int_equal(pt_pool_free_pages(&pool), 2);
		assert_int_equal(pt_unmap(&pt, GB1 + PAGE, PAGE), 0);
		assert_int_equal(pt_pool_free_pages(&pool), 0);
		expect_unmapped(GB1 + PAGE);
		expect_leaf(GB1, 3, GB1, S2RW);
		expect_leaf(GB1 + 2 * PAGE, 3, GB1 + 2 * PAGE, S2RW);
		expect_leaf(GB1 + MB2, 2, GB1 + MB2, S2RW);
		/* With none left, a change that needs no table still works. */
		assert_int_equal(pt_map(&pt, GB1 + PAGE, 0x5000, PAGE, S2RW), 0);
		expect_leaf(GB1 + PAGE, 3, 0x5000, S2RW);
		assert_int_equal(pt_map(&pt, 2 * GB1 + MB2, 0, MB2, S2RW), FFA_RET_NO_MEMORY);
		while (n > 0)
			pt_destroy(&hold[--n]);
	}
	pt_destroy(&pt);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES);
}

static void test_invalid_parameters(void **state)
{
	const uint64_t top = 1ull << 40;

	(void)state;
	init(PT_STAGE2, 40, 40);
	assert_int_equal(pt_map(&pt, GB1, GB1, MB2, S2RW), 0);
	assert_int_equal(pt_map(&pt, 0, 0, PAGE, S2RW), 0);
	snap_take(&snap_a, &pt);
#define BAD_MAP(va, pa, size, attrs)                                                     \
	do {                                                                              \
		assert_int_equal(pt_map(&pt, (va), (pa), (size), (attrs)),                \
				 FFA_RET_INVALID_PARAMETERS);                             \
		snap_take(&snap_b, &pt);                                                  \
		snap_same(&snap_a, &snap_b);                                              \
	} while (0)
#define BAD_UNMAP(va, size)                                                              \
	do {                                                                              \
		assert_int_equal(pt_unmap(&pt, (va), (size)), FFA_RET_INVALID_PARAMETERS); \
		snap_take(&snap_b, &pt);                                                  \
		snap_same(&snap_a, &snap_b);                                              \
	} while (0)
	BAD_MAP(GB1 + 0x800, GB1, PAGE, S2RW);
	BAD_MAP(GB1, GB1 + 8, PAGE, S2RW);
	BAD_MAP(GB1, GB1, PAGE + 1, S2RW);
	BAD_MAP(GB1, GB1, 0, S2RW);
	BAD_MAP(top, 0, PAGE, S2RW);
	BAD_MAP(top - PAGE, 0, 2 * PAGE, S2RW);
	BAD_MAP(0, top - PAGE, 2 * PAGE, S2RW);
	BAD_MAP(0, top, PAGE, S2RW);
	BAD_MAP(top - PAGE, 0, ~0ull - 0xfff, S2RW); /* va + size wraps */
	BAD_MAP(PAGE, PAGE, ~0ull - 0xfff, S2RW);
	BAD_MAP(GB1, GB1, PAGE, S2RW | (1u << 5)); /* an unknown attribute */
	BAD_MAP(GB1, GB1, PAGE, S2RWX | HAL_MEM_DEVICE);
	BAD_MAP(GB1, GB1, PAGE, 0);
	BAD_MAP(GB1, GB1, PAGE, HAL_MEM_DEVICE);
	BAD_MAP(GB1, GB1, PAGE, S2RW | HAL_MEM_NS);
	BAD_UNMAP(GB1 + 8, PAGE);
	BAD_UNMAP(GB1, PAGE - 1);
	BAD_UNMAP(GB1, 0);
	BAD_UNMAP(top - PAGE, 2 * PAGE);
	BAD_UNMAP(PAGE, ~0ull - 0xfff);
	/* The top page itself is fine. */
	assert_int_equal(pt_map(&pt, top - PAGE, top - PAGE, PAGE, S2RW), 0);
	expect_leaf(top - 1, 3, top - 1, S2RW);
	pt_destroy(&pt);

	init(PT_STAGE1_EL2, 48, 36);
	snap_take(&snap_a, &pt);
	BAD_MAP(0, 0, PAGE, HAL_MEM_W); /* EL2 has no write-only */
	BAD_MAP(0, 0, PAGE, HAL_MEM_X);
	BAD_MAP(0, 0, PAGE, HAL_MEM_R | HAL_MEM_X | HAL_MEM_DEVICE);
	BAD_MAP(1ull << 40, 1ull << 36, PAGE, HAL_MEM_R); /* PA beyond 36 bits */
	assert_int_equal(pt_map(&pt, 1ull << 40, (1ull << 36) - PAGE, PAGE, HAL_MEM_R), 0);
	expect_leaf(1ull << 40, 3, (1ull << 36) - PAGE, HAL_MEM_R);
#undef BAD_MAP
#undef BAD_UNMAP
	pt_destroy(&pt);
}

static void test_unmap_frees_tables(void **state)
{
	static const uint64_t spots[] = {0, PAGE * 7, MB2 * 3 + PAGE, GB1 * 5 + MB2 * 100,
					 1ull << 39, (1ull << 44) + GB1 + PAGE * 511,
					 (1ull << 48) - PAGE};

	(void)state;
	init(PT_STAGE1_EL2, 48, 48);
	for (unsigned i = 0; i < sizeof(spots) / sizeof(spots[0]); i++)
		assert_int_equal(pt_map(&pt, spots[i], spots[i] & 0xffffffffffull, PAGE,
					HAL_MEM_R), 0);
	assert_int_equal(pt_map(&pt, 7 * GB1 - PAGE, 0, GB1 + 2 * PAGE, HAL_MEM_R), 0);
	assert_true(used() > 10);
	assert_int_equal(w_census(&pt).empty, 0);
	/* A partial unmap leaves what remains, and no empty table. */
	assert_int_equal(pt_unmap(&pt, 7 * GB1, GB1), 0);
	assert_int_equal(w_census(&pt).empty, 0);
	expect_leaf(7 * GB1 - PAGE, 3, 0, HAL_MEM_R);
	expect_leaf(8 * GB1, 3, GB1 + PAGE, HAL_MEM_R);
	for (unsigned i = 0; i < sizeof(spots) / sizeof(spots[0]); i++)
		assert_int_equal(pt_unmap(&pt, spots[i], PAGE), 0);
	assert_int_equal(pt_unmap(&pt, 6 * GB1, 4 * GB1), 0);
	assert_int_equal(used(), 1);
	assert_int_equal(w_census(&pt).tables, 1);
	pt_destroy(&pt);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES);

	/* pt_destroy frees a full tree too. */
	init(PT_STAGE2, 40, 40);
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(pt_map(&pt, i * (GB1 / 4) + PAGE, 0, PAGE, S2RW), 0);
	assert_int_equal(used(), 1 + 1 + 16 + 64); /* root, L1, L2s, L3s */
	pt_destroy(&pt);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES);
}

static void test_query(void **state)
{
	uint64_t pa = 0;
	uint32_t attrs = 0;

	(void)state;
	init(PT_STAGE2_NS, 40, 40);
	assert_int_equal(pt_map(&pt, GB1, 2 * GB1, GB1, S2RW | HAL_MEM_NS), 0);
	assert_int_equal(pt_map(&pt, 4 * MB2, 0x1234000, MB2 + PAGE,
				HAL_MEM_R | HAL_MEM_X | HAL_MEM_NS), 0);
	for (uint64_t va = 0; va < 3 * GB1; va += 0x1f3ff1) {
		struct leaf l = w_walk(&pt, va);
		int rc = pt_query(&pt, va, &pa, &attrs);

		if (l.level < 0) {
			assert_int_equal(rc, FFA_RET_NO_DATA);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(pa, l.pa);
		assert_int_equal(attrs, l.attrs);
	}
	assert_int_equal(pt_query(&pt, GB1 + 0x123, &pa, &attrs), 0);
	assert_int_equal(pa, 2 * GB1 + 0x123);
	assert_int_equal(attrs, S2RW | HAL_MEM_NS);
	assert_int_equal(pt_query(&pt, 5 * MB2 + 0x10, NULL, NULL), 0);
	assert_int_equal(pt_query(&pt, 5 * MB2 + PAGE, &pa, &attrs), FFA_RET_NO_DATA);
	assert_int_equal(pt_query(&pt, 1ull << 40, &pa, &attrs), FFA_RET_INVALID_PARAMETERS);
	pt_destroy(&pt);
}

/* ---- randomized, against a reference model ---- */

#define WIN (2 * GB1)
#define WIN_PAGES (WIN / PAGE)
static uint64_t model_pa[WIN_PAGES];
static uint8_t model_at[WIN_PAGES]; /* attrs + 1; 0 = not mapped */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static uint64_t rnd_below(uint64_t n)
{
	return rnd() % n;
}

static uint32_t rnd_attrs(enum pt_stage stage)
{
	uint32_t a;

	if (stage == PT_STAGE1_EL2) {
		a = HAL_MEM_R | (uint32_t)(rnd() & (HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS));
	} else {
		do
			a = (uint32_t)(rnd() & (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X));
		while (!a);
	}
	if (rnd_below(5) == 0) {
		a &= ~HAL_MEM_X;
		a |= HAL_MEM_DEVICE;
		if (stage != PT_STAGE1_EL2 && !(a & (HAL_MEM_R | HAL_MEM_W)))
			a |= HAL_MEM_R;
	}
	return a;
}

static void check_page(uint64_t va)
{
	struct leaf l = w_walk(&pt, va);
	uint64_t i = va / PAGE;

	if (va >= WIN) {
		assert_int_equal(l.level, -1);
		return;
	}
	if (!model_at[i]) {
		if (l.level != -1) {
			print_error("va 0x%llx mapped, the model says not\n", (unsigned long long)va);
			fail();
		}
		return;
	}
	if (l.level < 0 || l.pa != model_pa[i] || l.attrs != (uint32_t)(model_at[i] - 1)) {
		print_error("va 0x%llx: level %d pa 0x%llx attrs 0x%x; model pa 0x%llx attrs 0x%x\n",
			    (unsigned long long)va, l.level, (unsigned long long)l.pa, l.attrs,
			    (unsigned long long)model_pa[i], model_at[i] - 1);
		fail();
	}
}

static uint64_t leaf_pages;
static unsigned nhold; /* pool pages held back by random_run */
static unsigned seen[4]; /* leaves by level, summed over check_all() */

static void check_table(const uint64_t *tab, unsigned level, uint64_t base)
{
	for (unsigned i = 0; i < 512; i++) {
		uint64_t d = tab[i], va = base + ((uint64_t)i << w_shift(level));
		uint64_t n, pa;
		uint32_t a;

		if (!W_VALID(d))
			continue;
		if (level < 3 && W_TYPE(d) == 3) {
			check_table(tva(W_ADDR(d)), level + 1, va);
			continue;
		}
		assert_true(level >= 1);
		n = 1ull << (w_shift(level) - 12);
		pa = W_ADDR(d);
		a = w_decode(pt.stage, d, level);
		assert_true(va + n * PAGE <= WIN);
		for (uint64_t p = 0; p < n; p++) {
			uint64_t k = va / PAGE + p;

			if (model_at[k] != a + 1 || model_pa[k] != pa + p * PAGE) {
				print_error("va 0x%llx: pa 0x%llx attrs 0x%x; model pa 0x%llx "
					    "attrs 0x%x\n", (unsigned long long)(k * PAGE),
					    (unsigned long long)(pa + p * PAGE), a,
					    (unsigned long long)model_pa[k], model_at[k] - 1);
				fail();
			}
		}
		leaf_pages += n;
	}
}

/* The whole tree against the whole model, and the pool's accounting. */
static void check_all(void)
{
	uint64_t mapped = 0;
	struct census c = w_census(&pt);

	for (unsigned l = 0; l < 4; l++)
		seen[l] += c.leaves[l];
	for (uint64_t i = 0; i < WIN_PAGES; i++)
		mapped += model_at[i] != 0;
	leaf_pages = 0;
	check_table(tva(pt_root_pa(&pt)), w_start_level(pt.ia_bits), 0);
	assert_int_equal(leaf_pages, mapped);
	assert_int_equal(c.tables + nhold + pt_pool_free_pages(&pool), POOL_PAGES);
	assert_int_equal(c.empty, c.leaves[0] + c.leaves[1] + c.leaves[2] + c.leaves[3] ? 0 : 1);
}

static void random_run(enum pt_stage stage, unsigned ia, uint64_t seed, unsigned ops,
		       size_t pool_limit, unsigned *failures)
{
	static struct pt hold[POOL_PAGES];

	nhold = 0;
	memset(seen, 0, sizeof(seen));
	rng_state = seed;
	memset(model_pa, 0, sizeof(model_pa));
	memset(model_at, 0, sizeof(model_at));
	init(stage, ia, 40);
	/* A smaller pool: hold pages in empty tables of their own. */
	while (pt_pool_free_pages(&pool) > pool_limit)
		assert_int_equal(pt_init(&hold[nhold++], PT_STAGE2, 32, 40, &pool), 0);

	for (unsigned op = 0; op < ops; op++) {
		static const uint64_t grain[] = {PAGE, PAGE, MB2, MB2, GB1};
		uint64_t g = grain[rnd_below(5)];
		uint64_t va = rnd_below(WIN / g) * g, size = g * (1 + rnd_below(g == GB1 ? 2 : 6));
		uint64_t delta, pa;
		uint32_t attrs = rnd_attrs(stage);
		bool unmap = rnd_below(5) < 2;
		size_t free_before = pt_pool_free_pages(&pool);
		int rc;

		if (rnd_below(3) == 0) { /* ragged edges: blocks partly covered */
			va += rnd_below(4) * PAGE;
			size += rnd_below(4) * PAGE;
		}
		if (va >= WIN)
			va = WIN - PAGE;
		if (size > WIN - va)
			size = WIN - va;
		/* Output: block-aligned most of the time, a page off sometimes. */
		delta = (1 + rnd_below(60)) * GB1;
		if (rnd_below(4) == 0)
			delta += rnd_below(8) * MB2 + rnd_below(3) * PAGE;
		pa = va + delta;
		if (stage == PT_STAGE2_NS)
			attrs |= HAL_MEM_NS;

		rc = unmap ? pt_unmap(&pt, va, size) : pt_map(&pt, va, pa, size, attrs);
		if (rc == FFA_RET_NO_MEMORY) {
			(*failures)++;
			assert_int_equal(pt_pool_free_pages(&pool), free_before);
		} else {
			assert_int_equal(rc, 0);
			for (uint64_t p = 0; p < size / PAGE; p++) {
				model_at[va / PAGE + p] = unmap ? 0 : (uint8_t)(attrs + 1);
				model_pa[va / PAGE + p] = unmap ? 0 : pa + p * PAGE;
			}
		}
		/* Spot checks in and around the range, whole checks now and then. */
		check_page(va);
		check_page(va + size - PAGE);
		if (va >= PAGE)
			check_page(va - PAGE);
		check_page(va + size);
		for (unsigned k = 0; k < 6; k++)
			check_page(va + rnd_below(size / PAGE) * PAGE);
		if (op % 50 == 49 || (rc == FFA_RET_NO_MEMORY && *failures % 8 == 1))
			check_all();
	}
	check_all();
	/* The run went through every descriptor size. */
	assert_true(seen[1] > 0 && seen[2] > 0 && seen[3] > 0);
	/* Unmapping the window returns every page but the root. */
	assert_int_equal(pt_unmap(&pt, 0, WIN), 0);
	memset(model_at, 0, sizeof(model_at));
	check_all();
	assert_int_equal(pt_pool_free_pages(&pool), pool_limit);
	pt_destroy(&pt);
	while (nhold > 0)
		pt_destroy(&hold[--nhold]);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES);
}

static void test_random_stage2(void **state)
{
	unsigned failures = 0;

	(void)state;
	random_run(PT_STAGE2, 32, 0x5eed0001ull, 3000, POOL_PAGES - 1, &failures);
	assert_int_equal(failures, 0);
}

static void test_random_stage1(void **state)
{
	unsigned failures = 0;

	(void)state;
	random_run(PT_STAGE1_EL2, 40, 0x5eed0002ull, 3000, POOL_PAGES - 1, &failures);
	assert_int_equal(failures, 0);
}

/* A pool too small for the worst case: some calls fail, and change nothing. */
static void test_random_small_pool(void **state)
{
	unsigned failures = 0;

	(void)state;
	random_run(PT_STAGE2_NS, 36, 0x5eed0003ull, 2000, 120, &failures);
	assert_true(failures > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pool, setup),
		cmocka_unit_test_setup(test_init_errors, setup),
		cmocka_unit_test_setup(test_registers, setup),
		cmocka_unit_test_setup(test_stage2_encoding, setup),
		cmocka_unit_test_setup(test_stage1_encoding, setup),
		cmocka_unit_test_setup(test_blocks_when_aligned, setup),
		cmocka_unit_test_setup(test_split_on_partial_unmap, setup),
		cmocka_unit_test_setup(test_split_on_partial_remap, setup),
		cmocka_unit_test_setup(test_no_memory_all_or_nothing, setup),
		cmocka_unit_test_setup(test_invalid_parameters, setup),
		cmocka_unit_test_setup(test_unmap_frees_tables, setup),
		cmocka_unit_test_setup(test_query, setup),
		cmocka_unit_test_setup(test_random_stage2, setup),
		cmocka_unit_test_setup(test_random_stage1, setup),
		cmocka_unit_test_setup(test_random_small_pool, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
