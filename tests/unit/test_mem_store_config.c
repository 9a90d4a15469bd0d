/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction store and page-ownership map (libspmc/mem/mem_store.h):
 * configuration (layouts refused, defaults, sizes that scale, the arena) and
 * the initial ownership of every page.
 *
 * Rules are cited as "DEN0077 <interface>: ..." (the FF-A specification's
 * memory management chapter) or "Hafnium: ..." where the specification leaves
 * the choice and this SPMC follows Hafnium's SPMC.
 */
#include "mem_store_fixture.h"

/* ==== configuration and the initial map ==== */

/* The store's sizes come from configuration; an unusable layout is refused:
 * overlapping, empty, unaligned or wrapping regions, and secure memory owned
 * by a normal-world endpoint. */
static void test_size_rejects_bad_layouts(void **state)
{
	struct spmc_mem_region_cfg r[2];
	struct spmc_mem_store_cfg c = {.regions = r, .region_count = 2};

	(void)state;
	r[0] = (struct spmc_mem_region_cfg){0x1000, 4, SP(1), RWX_};
	r[1] = (struct spmc_mem_region_cfg){0x4000, 4, SP(2), RWX_};
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* overlap */
	r[1].base = 0x5000;
	assert_true(spmc_mem_store_size(&c) > 0);                          /* adjacent is fine */
	r[1].pages = 0;
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* empty */
	r[1] = (struct spmc_mem_region_cfg){0x5800, 4, SP(2), RWX_};
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* unaligned */
	r[1] = (struct spmc_mem_region_cfg){0xfffffffffffff000ull, 2, SP(2), RWX_};
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* wraps */
	r[1] = (struct spmc_mem_region_cfg){0xfffffffffffff000ull, 1, SP(2), RWX_};
	assert_true(spmc_mem_store_size(&c) > 0);                          /* the last page */
	r[1] = (struct spmc_mem_region_cfg){0x9000, 1, NWD, RWX_};
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* NWd owns secure */
	r[1].attrs = RWX_ | HAL_MEM_NS | 0x80;
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* unknown attrs */
	c.region_count = 0;
	assert_int_equal(spmc_mem_store_size(&c), 0);
	assert_int_equal(spmc_mem_store_size(NULL), 0);
	/* Sizes that cannot be indexed or would overflow the arena. */
	r[1] = (struct spmc_mem_region_cfg){0x5000, 4, SP(2), RWX_};
	c.region_count = 2;
	c.max_tx = 0xffffffffu;
	assert_int_equal(spmc_mem_store_size(&c), 0);
	c.max_tx = 0x7fffffffu;
	c.max_borrowers = 0xffffffffu;
	assert_int_equal(spmc_mem_store_size(&c), 0);
	c.max_tx = 0;
	c.max_borrowers = 0;
	c.max_ranges = 0x80000000u;
	assert_int_equal(spmc_mem_store_size(&c), 0);
	c.max_ranges = 0;
	c.max_intervals = 1; /* fewer than the regions */
	assert_int_equal(spmc_mem_store_size(&c), 0);
}

/* No small fixed limits: zero configuration fields take the defaults (4096
 * transactions, 16 borrowers each, room for a 100,000-constituent one), and
 * the arena grows with what is asked. */
static void test_defaults_and_scaling(void **state)
{
	struct spmc_mem_store_cfg c = cfg;
	struct spmc_mem_usage u;
	struct spmc_mem_store *s;
	size_t small, big;
	void *m;

	(void)state;
	c.max_tx = c.max_borrowers = c.max_ranges = c.max_intervals = 0;
	big = spmc_mem_store_size(&c);
	m = aligned_alloc(16, (big + 15) & ~(size_t)15);
	assert_non_null(m);
	assert_int_equal(spmc_mem_store_init(&s, m, big, &c), 0);
	spmc_mem_usage(s, &u);
	assert_int_equal(u.max_tx, SPMC_MEM_DEFAULT_MAX_TX);
	assert_true(u.max_ranges >= 100000);
	assert_true(u.max_intervals >= NSP + 4 + 2 * 100000);
	assert_int_equal(spmc_mem_check(s, NULL), 0);
	free(m);
	c.max_tx = 8;
	c.max_borrowers = 2;
	c.max_ranges = 64;
	small = spmc_mem_store_size(&c);
	assert_true(small > 0 && small < big);
	c.max_tx = 16;
	assert_true(spmc_mem_store_size(&c) > small);
}

/* Init needs the whole arena; too small -> NO_MEMORY, bad cfg -> INVALID_PARAMETERS. */
static void test_init_arena(void **state)
{
	struct spmc_mem_store *s = NULL;
	struct spmc_mem_store_cfg bad = cfg;
	size_t n = spmc_mem_store_size(&cfg);
	void *m = aligned_alloc(16, (n + 15) & ~(size_t)15);

	(void)state;
	assert_int_equal(spmc_mem_store_init(&s, m, n - 1, &cfg), FFA_RET_NO_MEMORY);
	assert_int_equal(spmc_mem_store_init(&s, (uint8_t *)m + 4, n, &cfg), FFA_RET_NO_MEMORY);
	bad.region_count = 0;
	assert_int_equal(spmc_mem_store_init(&s, m, n, &bad), FFA_RET_INVALID_PARAMETERS);
	assert_null(s);
	assert_int_equal(spmc_mem_store_init(&s, m, n, &cfg), 0);
	assert_int_equal(spmc_mem_check(s, NULL), 0);
	free(m);
}

/* Normal-world memory is owned by the NWd endpoint, each SP's memory by the
 * SP, exclusively; memory outside the layout has no owner and no access. */
static void test_initial_ownership(void **state)
{
	struct spmc_mem_page_info p;

	(void)state;
	assert_int_equal(spmc_mem_owner(S, NS_BASE), NWD);
	assert_int_equal(spmc_mem_owner(S, NS_BASE + (NS_PAGES - 1) * PG + 123), NWD);
	assert_int_equal(spmc_mem_owner(S, SP_BASE(3) + 5 * PG), SP(3));
	assert_int_equal(spmc_mem_owner(S, GAP_BASE), FFA_ID_SPMD);
	assert_int_equal(spmc_mem_owner(S, NS_BASE + NS_PAGES * PG), FFA_ID_SPMD);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE), RWX_);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE), 0);
	assert_int_equal(spmc_mem_access(S, SP(1), RO_BASE), HAL_MEM_R);
	assert_int_equal(spmc_mem_access(S, SP(2), SP_BASE(1)), 0);
	assert_int_equal(spmc_mem_access(S, NWD, GAP_BASE), 0);
	assert_int_equal(spmc_mem_page(S, SP_BASE(2), &p), 0);
	assert_int_equal(p.owner, SP(2));
	assert_int_equal(p.state, SPMC_MEM_PAGE_OWNED);
	assert_int_equal(p.handle, 0);
	assert_int_equal(p.base, SP_BASE(2));
	assert_int_equal(p.pages, SP_PAGES);
	assert_int_equal(spmc_mem_page(S, GAP_BASE, &p), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(intervals(), NSP + 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_size_rejects_bad_layouts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defaults_and_scaling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_arena, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initial_ownership, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
