/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_PERM_GET / FFA_MEM_PERM_SET (DEN0077 v1.1+, for S-EL0 partitions,
 * which cannot change their own translation tables). Permissions, as both
 * calls encode them: bits [1:0] data access (1 read/write, 3 read-only; 0 no
 * access and 2 reserved), bit 2 set: not executable. SET takes the base
 * address (w1), the page count (w2) and the permissions (w3), for pages of
 * the caller's own memory; a page writable and executable at once is refused.
 * SP1 is an S-EL0 partition here; SP2 an S-EL1 one.
 */
#include "mem_abi_fixture.h"

#define PERM_RW 1u
#define PERM_RO 3u
#define PERM_NX (1u << 2)

#define SP1_MEM UT_SP_BASE(0)
#define PG(n) (SP1_MEM + (uint64_t)(n) * FFA_PAGE_SIZE)

static int setup_sel0(void **state)
{
	struct ut *u = mem_fx_begin();

	(void)state;
	u->parts[0].el = 1;
	mem_fx_boot(u, FFA_VERSION_1_1);
	return 0;
}

static struct desc t;
static struct mem_snap before, after;

static struct spmc_ec *sp1;

static void perm_get_is(uint64_t va, uint32_t perm)
{
	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_MEM_PERM_GET_64, va), perm, 0);
}

static void perm_set(uint64_t va, uint32_t pages, uint32_t perm)
{
	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_MEM_PERM_SET_64, va, pages, perm), 0, 0);
	MEM_OK();
}

/* SP1's mapping of va: present at IPA == PA with exactly `attrs`. */
static void attrs_are(uint64_t va, uint32_t attrs)
{
	uint32_t a = 0;

	assert_true(mapped(SP1, va, &a));
	assert_int_equal(a, attrs);
}

/* EXPECT_MEM_ERROR for SP1's PERM_SET. */
#define SET_FAILS(va, pages, perm, code) \
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_PERM_SET_64, (va), (pages), (perm)), (code))

/* DEN0077 FFA_MEM_PERM_GET (32 and 64) on the caller's own memory, which is
 * loaded readable, writable and executable: SUCCESS with w2 = 1 (read/write)
 * and bit 2 clear (executable). */
static void test_perm_get_own_memory(void **state)
{
	(void)state;
	sp1 = sp1_with_rxtx();
	perm_get_is(PG(5), PERM_RW);
	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_MEM_PERM_GET_32, PG(5)), PERM_RW, 0);
	perm_get_is(PG(0), PERM_RW);
	perm_get_is(PG(63), PERM_RW);
	attrs_are(PG(5), RWX);
}

/* DEN0077 FFA_MEM_PERM_SET then FFA_MEM_PERM_GET: read-only executable (3),
 * read-only not executable (7), read/write not executable (5): GET returns
 * what was set and the page's mapping carries exactly that access; pages
 * around it keep theirs; a range of several pages changes as one. */
static void test_perm_set_then_get(void **state)
{
	(void)state;
	sp1 = sp1_with_rxtx();
	mem_snap(&before);
	perm_set(PG(4), 1, PERM_RO);
	perm_get_is(PG(4), PERM_RO);
	attrs_are(PG(4), HAL_MEM_R | HAL_MEM_X);
	attrs_are(PG(3), RWX);
	attrs_are(PG(5), RWX);

	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_MEM_PERM_SET_32, PG(4), 1, PERM_RO | PERM_NX), 0, 0);
	perm_get_is(PG(4), PERM_RO | PERM_NX);
	attrs_are(PG(4), HAL_MEM_R);
	perm_set(PG(4), 1, PERM_RW | PERM_NX);
	perm_get_is(PG(4), PERM_RW | PERM_NX);
	attrs_are(PG(4), HAL_MEM_R | HAL_MEM_W);

	perm_set(PG(10), 4, PERM_RO);
	for (int i = 10; i < 14; i++) {
		perm_get_is(PG(i), PERM_RO);
		attrs_are(PG(i), HAL_MEM_R | HAL_MEM_X);
	}
	attrs_are(PG(9), RWX);
	attrs_are(PG(14), RWX);
	/* The store records the owner's own access: what it may send, and what
	 * a reclaim gives back. */
	{
		struct spmc_mem_page_info pg;

		assert_int_equal(spmc_mem_page(ut_fx.s->mem, PG(4), &pg), 0);
		assert_int_equal(pg.attrs & SPMC_MEM_RWX, HAL_MEM_R | HAL_MEM_W);
		assert_int_equal(spmc_mem_page(ut_fx.s->mem, PG(12), &pg), 0);
		assert_int_equal(pg.attrs & SPMC_MEM_RWX, HAL_MEM_R | HAL_MEM_X);
		assert_int_equal(spmc_mem_page(ut_fx.s->mem, PG(14), &pg), 0);
		assert_int_equal(pg.attrs & SPMC_MEM_RWX, RWX);
		assert_int_equal(spmc_mem_check(ut_fx.s->mem, NULL), 0);
	}
}

/* DEN0077 FFA_MEM_PERM_SET w3: writable and executable together (1 with bit
 * 2 clear) is refused, and so are no access (0, 4), the reserved data
 * encoding (2, 6) and bits above 2 -> INVALID_PARAMETERS, nothing changed. */
static void test_perm_set_invalid_permissions(void **state)
{
	static const uint32_t bad[] = {PERM_RW, 0, 2, PERM_NX, 2 | PERM_NX, 8 | PERM_RO,
				       0x80000000u | PERM_RO};

	(void)state;
	sp1 = sp1_with_rxtx();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		SET_FAILS(PG(4), 1, bad[i], FFA_RET_INVALID_PARAMETERS);
	perm_get_is(PG(4), PERM_RW);
}

/* DEN0077 FFA_MEM_PERM_SET w1/w2: a page count of 0, a base not 4 KiB
 * aligned, pages running past the end of the caller's memory (by one page, or
 * by far more pages than the SPMC could handle at once), a base outside it
 * -> INVALID_PARAMETERS, nothing changed. */
static void test_perm_set_bad_range(void **state)
{
	(void)state;
	sp1 = sp1_with_rxtx();
	SET_FAILS(PG(4), 0, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(PG(4) + 0x10, 1, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(PG(4) + 0x800, 2, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(PG(63), 2, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(PG(60), 0x10000, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(PG(60), 0xffffffffu, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(UT_SP_BASE(1), 1, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(SP1_MEM - FFA_PAGE_SIZE, 2, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	/* w4..w7 MBZ */
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_PERM_SET_64, PG(4), 1, PERM_RO, 1),
			 FFA_RET_INVALID_PARAMETERS);
	perm_get_is(PG(63), PERM_RW);
	perm_get_is(PG(60), PERM_RW);
}

/* DEN0077 FFA_MEM_PERM_SET of pages the caller has lent, shared or borrowed
 * (not its own memory held by nobody else) -> INVALID_PARAMETERS, nothing
 * changed, including a range of which only the last page is lent; GET of a
 * lent page (no longer mapped) -> INVALID_PARAMETERS; of a borrowed one, its
 * access as granted (read/write, not executable). After the reclaim the page
 * is the caller's again. */
static void test_perm_set_not_own_pages(void **state)
{
	ffa_mem_handle_t hl, hs, hb;
	struct ffa_value r;

	(void)state;
	sp1 = sp1_with_rxtx();
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_LEND, SP1, SP3, SP1_LENT, 1);
	hl = send_whole(0, sp1, SP1_TX, FFA_MEM_LEND_64, &t);
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_SHARE, SP1, SP3, SP1_LENT + 2 * FFA_PAGE_SIZE,
		    1);
	hs = send_whole(0, sp1, SP1_TX, FFA_MEM_SHARE_64, &t);
	hb = nwd_share(SP1);
	r = retrieve(sp1, SP1_TX, NWD, hb, SHARE_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_RX_RELEASE_32), 0, 0);

	SET_FAILS(SP1_LENT, 1, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(SP1_LENT - 3 * FFA_PAGE_SIZE, 4, PERM_RO, FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(SP1_LENT + 2 * FFA_PAGE_SIZE, 1, PERM_RO | PERM_NX,
		  FFA_RET_INVALID_PARAMETERS);
	SET_FAILS(SHBUF, 1, PERM_RO | PERM_NX, FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_PERM_GET_64, SP1_LENT), FFA_RET_INVALID_PARAMETERS);
	perm_get_is(SHBUF, PERM_RW | PERM_NX);
	perm_get_is(SP1_LENT + 2 * FFA_PAGE_SIZE, PERM_RW);
	perm_get_is(SP1_LENT - FFA_PAGE_SIZE, PERM_RW);

	reclaim_on(0, sp1, hl);
	reclaim_on(0, sp1, hs);
	perm_set(SP1_LENT, 1, PERM_RO);
	perm_set(SP1_LENT + 2 * FFA_PAGE_SIZE, 1, PERM_RO);
	perm_get_is(SP1_LENT, PERM_RO);
}

/* DEN0077 FFA_MEM_PERM_SET is all or nothing: the HAL fails to map the third
 * of four pages -> its error, and every page has the access it had before
 * (one of them was read-only executable, the others read/write/execute); the
 * store and the work counters are unchanged. */
static void test_perm_set_map_failure_restores(void **state)
{
	static const uint32_t fail_at[] = {1, 3, 4};
	uint64_t work[2];

	(void)state;
	sp1 = sp1_with_rxtx();
	perm_set(PG(21), 1, PERM_RO);
	for (size_t k = 0; k < sizeof(fail_at) / sizeof(fail_at[0]); k++) {
		struct ffa_value r;

		mem_snap(&before);
		memcpy(work, mock_hal.work, sizeof(work));
		mock_hal.as_map_fail_at = fail_at[k];
		r = call(0, sp1, FFA(FFA_MEM_PERM_SET_64, PG(20), 4, PERM_RO | PERM_NX));
		assert_ffa_error(&r, FFA_RET_NO_MEMORY);
		mock_hal.as_map_fail_at = 0;
		MEM_OK();
		mem_snap(&after);
		MEM_SNAP_EQUAL(&before, &after);
		assert_memory_equal(work, mock_hal.work, sizeof(work));
		attrs_are(PG(20), RWX);
		attrs_are(PG(21), HAL_MEM_R | HAL_MEM_X);
		attrs_are(PG(22), RWX);
		attrs_are(PG(23), RWX);
		attrs_are(PG(19), RWX);
		attrs_are(PG(24), RWX);
		perm_get_is(PG(21), PERM_RO);
		perm_get_is(PG(22), PERM_RW);
	}
	perm_set(PG(20), 4, PERM_RO | PERM_NX);
	for (int i = 20; i < 24; i++)
		attrs_are(PG(i), HAL_MEM_R);
}

/* DEN0077 FFA_MEM_PERM_GET/SET are for S-EL0 partitions: from an S-EL1 SP
 * or the NWd -> NOT_SUPPORTED, nothing changed; FFA_FEATURES agrees. */
static void test_perm_not_supported_for_sel1(void **state)
{
	static const uint32_t fids[] = {FFA_MEM_PERM_GET_32, FFA_MEM_PERM_GET_64,
					FFA_MEM_PERM_SET_32, FFA_MEM_PERM_SET_64};
	struct spmc_ec *sp2;

	(void)state;
	sp1 = sp1_with_rxtx();
	sp2 = sp_with_rxtx(1, SP2);
	for (size_t i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		EXPECT_MEM_ERROR(1, sp2, FFA(fids[i], UT_SP_BASE(1), 1, PERM_RO),
				 FFA_RET_NOT_SUPPORTED);
		EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(fids[i], SHBUF, 1, PERM_RO),
				 FFA_RET_NOT_SUPPORTED);
		EXPECT_FFA_ERROR(1, sp2, FFA(FFA_FEATURES_32, fids[i]), FFA_RET_NOT_SUPPORTED);
		EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_FEATURES_32, fids[i]), 0, 0);
	}
	attrs_are(PG(0), RWX);
}

/* DEN0077 FFA_MEM_PERM_GET of an address the caller has not mapped (another
 * SP's memory, NS memory, 0) -> INVALID_PARAMETERS, nothing changed. */
static void test_perm_get_not_mapped(void **state)
{
	(void)state;
	sp1 = sp1_with_rxtx();
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_PERM_GET_64, UT_SP_BASE(1)),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_PERM_GET_64, SHBUF), FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_PERM_GET_32, 0), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MEM_RECLAIM: the lender's access comes back as it was before
 * the lend. Permissions the S-EL0 owner set with FFA_MEM_PERM_SET (read-only
 * executable) are what it has again after lending the page and reclaiming it,
 * not a wider access. */
static void test_perm_kept_across_lend_and_reclaim(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	sp1 = sp1_with_rxtx();
	perm_set(SP1_LENT, 1, PERM_RO);
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_LEND, SP1, SP3, SP1_LENT, 1);
	t.acc[0].perms = FFA_MEM_DATA_RO;
	h = send_whole(0, sp1, SP1_TX, FFA_MEM_LEND_64, &t);
	assert_false(mapped(SP1, SP1_LENT, NULL));
	reclaim_on(0, sp1, h);
	perm_get_is(SP1_LENT, PERM_RO);
	attrs_are(SP1_LENT, HAL_MEM_R | HAL_MEM_X);
}

/* DEN0077: a lender cannot give more access than it has: after making a page
 * read-only for itself, lending it read-write is DENIED (nothing changes). */
static void test_perm_limits_what_can_be_lent(void **state)
{
	(void)state;
	sp1 = sp1_with_rxtx();
	perm_set(SP1_LENT, 1, PERM_RO);
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_LEND, SP1, SP3, SP1_LENT, 1);
	t.acc[0].perms = FFA_MEM_DATA_RW;
	desc_put(&t, 0, desc_size(&t), SP1_TX);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_LEND_64, desc_size(&t), desc_size(&t)),
			 FFA_RET_DENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_sel0, ut_teardown)
		T(test_perm_get_own_memory),
		T(test_perm_set_then_get),
		T(test_perm_set_invalid_permissions),
		T(test_perm_set_bad_range),
		T(test_perm_set_not_own_pages),
		T(test_perm_set_map_failure_restores),
		T(test_perm_not_supported_for_sel1),
		T(test_perm_get_not_mapped),
		T(test_perm_kept_across_lend_and_reclaim),
		T(test_perm_limits_what_can_be_lent),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
