/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction store and page-ownership map (libspmc/mem/mem_store.h):
 * the map keeps ranges, not pages (intervals split and merge back), and
 * scale: 4096 concurrent transactions, one of 100,000 constituents.
 *
 * Rules are cited as "DEN0077 <interface>: ..." (the FF-A specification's
 * memory management chapter) or "Hafnium: ..." where the specification leaves
 * the choice and this SPMC follows Hafnium's SPMC.
 */
#include "mem_store_fixture.h"

/* ==== the map ==== */

/* Ranges, not pages: a 65536-page transaction costs as many intervals as a
 * 256-page one (at most two splits and the transaction's own). */
static void test_large_range_is_one_interval(void **state)
{
	uint32_t base = intervals();
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 65536));
	assert_int_equal(intervals(), base + 2);
	retrieve_ok(h, SP(1));
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 65536 * PG), HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 65537 * PG), 0);
	relinquish_ok(h, SP(1));
	reclaim_ok(h, NWD);
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 256));
	assert_int_equal(intervals(), base + 2);
	reclaim_ok(h, NWD);
	assert_int_equal(intervals(), base);
}

/* Adjacent constituents of one transaction share an interval; the pages
 * around them keep theirs; all merge back on reclaim. */
static void test_adjacent_constituents_merge(void **state)
{
	struct spmc_mem_range r[3] = {{NS_BASE + 4 * PG, 2}, {NS_BASE + 2 * PG, 2}, {NS_BASE + 6 * PG, 1}};
	struct spmc_mem_page_info p;
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1)}, 1, r, 3));
	assert_int_equal(spmc_mem_page(S, NS_BASE + 2 * PG, &p), 0);
	assert_int_equal(p.base, NS_BASE + 2 * PG);
	assert_int_equal(p.pages, 5);
	assert_int_equal(intervals(), NSP + 4 + 2);
	{
		struct spmc_mem_range out[3];

		/* Constituents come back in the order sent. */
		assert_int_equal(spmc_mem_tx_ranges(S, h, 0, out, 3), 3);
		assert_memory_equal(out, r, sizeof(r));
		assert_int_equal(spmc_mem_tx_ranges(S, h, 2, out, 3), 1);
		assert_int_equal(out[0].addr, NS_BASE + 6 * PG);
		assert_int_equal(spmc_mem_tx_ranges(S, h, 3, out, 3), 0);
	}
	reclaim_ok(h, NWD);
	assert_int_equal(intervals(), NSP + 4);
}

/* ==== scale ==== */

/* 4096 concurrent transactions (the SPMC must support at least that many),
 * with unique handles, then one more -> NO_MEMORY; all reclaimed, the map is
 * back to its first shape. A full check is linear in the state, so here it
 * runs every 64 steps (every step elsewhere). */
static void test_4096_transactions(void **state)
{
	static ffa_mem_handle_t h[4096];
	struct spmc_mem_usage u;

	(void)state;
	build(4096, 16, 8192, 0, false);
	for (uint32_t i = 0; i < 4096; i++) {
		ffa_id_t to = SP(1 + i % NSP);

		assert_int_equal(spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
						 mk_send1(SPMC_MEM_OP_LEND, NWD, to,
							  NS_BASE + 2ull * i * PG, 1),
						 fx()),
				 0);
		h[i] = FX.handle;
		assert_int_equal(h[i] >> 63, 0);
		if (i % 64 == 63)
			check_ok();
	}
	spmc_mem_usage(S, &u);
	assert_int_equal(u.live_tx, 4096);
	/* Unique: slots differ (the low 32 bits index the slot). */
	for (uint32_t i = 0; i < 4096; i++)
		assert_int_equal(spmc_mem_tx(S, h[i], &(struct spmc_mem_tx_info){0}), 0);
	{
		static uint8_t seen[4096];

		memset(seen, 0, sizeof(seen));
		for (uint32_t i = 0; i < 4096; i++) {
			assert_true((uint32_t)h[i] < 4096);
			assert_false(seen[(uint32_t)h[i]]);
			seen[(uint32_t)h[i]] = 1;
		}
	}
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + 9000 * PG, 1), fx()));
	for (uint32_t i = 0; i < 4096; i++) {
		assert_int_equal(spmc_mem_reclaim(S, NWD, h[i], 0, fx()), 0);
		if (i % 64 == 63)
			check_ok();
	}
	check_ok();
	assert_int_equal(intervals(), NSP + 4);
}

/* A transaction of 100,000 constituents (every other page of NWd DRAM): it
 * is created, retrieved, relinquished and reclaimed, checked at each step;
 * the map grows by the intervals it needs and shrinks back. */
static void test_100000_constituents(void **state)
{
	static struct spmc_mem_range r[100000];
	struct spmc_mem_desc d = {0};
	struct spmc_mem_access a = {.id = SP(1), .perms = RW};
	ffa_mem_handle_t h;

	(void)state;
	build(16, 16, 100000, 0, false);
	for (uint32_t i = 0; i < 100000; i++)
		r[i] = (struct spmc_mem_range){NS_BASE + (2ull * (99999 - i) + 1) * PG, 1};
	d.version = FFA_VERSION_1_1;
	d.sender = NWD;
	d.access = &a;
	d.access_count = 1;
	d.ranges = r;
	d.range_count = 100000;
	d.total_pages = 100000;
	h = create_ok(SPMC_MEM_OP_LEND, &d);
	assert_int_equal(intervals(), NSP + 4 + 200000);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 7 * PG), 0);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 8 * PG), RWX_);
	retrieve_ok(h, SP(1));
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 199999 * PG), HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 199998 * PG), 0);
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), NS_BASE, 1), fx()));
	relinquish_ok(h, SP(1));
	reclaim_ok(h, NWD);
	assert_int_equal(intervals(), NSP + 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_large_range_is_one_interval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adjacent_constituents_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_4096_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_100000_constituents, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
