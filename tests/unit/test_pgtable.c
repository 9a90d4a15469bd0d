/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The translation table builder (libspmc/mmu/pgtable.c): the page pool,
 * set-up and register values, descriptor encodings, blocks and splits,
 * all-or-nothing failures and the software walk, each checked with the
 * decoder of pgtable_fixture.h (DDI 0487 D8.3, D8.4, D8.6).
 */
#include "pgtable_fixture.h"

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
