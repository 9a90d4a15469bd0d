/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the translation table tests (test_pgtable*.c, each its own
 * binary; header-only, static inline). The translation table builder (libspmc/mmu/pgtable.c), proved by walking
 * the tables it writes with a decoder of this file's own: descriptor bits are
 * read here from the Arm ARM's formats (DDI 0487, D8.3 "Translation table
 * descriptor formats", D8.4 "Memory access control", D8.6 "Memory region
 * attributes"), never through pt_query, which is itself checked against the
 * decoder.
 *
 * The pool's pages sit at POOL_PA in "physical" memory and at pool_mem on the
 * host, so every table link the walker follows goes through the conversion.
 */
#ifndef TESTS_UNIT_PGTABLE_FIXTURE_H
#define TESTS_UNIT_PGTABLE_FIXTURE_H

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

static inline uint64_t *tva(uint64_t pa)
{
	assert_true(pa >= POOL_PA && pa < POOL_PA + sizeof(pool_mem));
	assert_int_equal(pa & (PAGE - 1), 0);
	return (uint64_t *)(pool_mem + (pa - POOL_PA));
}

static inline unsigned w_start_level(unsigned ia_bits)
{
	return ia_bits > 39 ? 0 : 1; /* T0SZ 16..24 start at level 0 */
}

static inline unsigned w_shift(unsigned level)
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
static inline uint32_t w_decode(enum pt_stage stage, uint64_t d, unsigned level)
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

static inline struct leaf w_walk(const struct pt *t, uint64_t va)
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

static inline void w_census_table(const uint64_t *tab, unsigned level, struct census *c)
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

static inline struct census w_census(const struct pt *t)
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
static struct snap snap_a __attribute__((unused)), snap_b __attribute__((unused));

static inline void snap_table(struct snap *s, uint64_t pa, unsigned level)
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

static inline void snap_take(struct snap *s, const struct pt *t)
{
	s->n = 0;
	s->free = pt_pool_free_pages(&pool);
	snap_table(s, pt_root_pa(t), w_start_level(t->ia_bits));
}

static inline void snap_same(const struct snap *a, const struct snap *b)
{
	assert_int_equal(a->free, b->free);
	assert_int_equal(a->n, b->n);
	for (unsigned i = 0; i < a->n; i++) {
		assert_int_equal(a->pa[i], b->pa[i]);
		assert_memory_equal(a->e[i], b->e[i], sizeof(a->e[i]));
	}
}

/* ---- fixtures ---- */

static inline int setup(void **state)
{
	(void)state;
	memset(pool_mem, 0xa5, sizeof(pool_mem)); /* the builder must zero its pages */
	assert_int_equal(pt_pool_init(&pool, pool_mem, sizeof(pool_mem), POOL_PA), 0);
	return 0;
}

static inline void init(enum pt_stage stage, unsigned ia, unsigned oa)
{
	assert_int_equal(pt_init(&pt, stage, ia, oa, &pool), 0);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES - 1);
}

static inline void expect_leaf(uint64_t va, int level, uint64_t pa, uint32_t attrs)
{
	struct leaf l = w_walk(&pt, va);

	if (l.level != level || l.pa != pa || l.attrs != attrs) {
		print_error("va 0x%llx: level %d pa 0x%llx attrs 0x%x, want level %d pa 0x%llx "
			    "attrs 0x%x\n", (unsigned long long)va, l.level,
			    (unsigned long long)l.pa, l.attrs, level, (unsigned long long)pa, attrs);
		fail();
	}
}

static inline void expect_unmapped(uint64_t va)
{
	assert_int_equal(w_walk(&pt, va).level, -1);
}

static inline unsigned used(void)
{
	return POOL_PAGES - (unsigned)pt_pool_free_pages(&pool);
}

#define S2RW (HAL_MEM_R | HAL_MEM_W)
#define S2RWX (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X)

/* ---- tests ---- */

#endif
