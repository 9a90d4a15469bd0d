/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The normal world's own access to memory it lends (DEN0077, "Memory
 * management": during a lend or donate the lender has no access to the
 * memory; a share leaves the owner's access as it was). The SPMC tells the
 * platform through hal_nwd_access; a platform that cannot restrict the
 * normal world answers NOT_SUPPORTED and the lend still goes ahead; any
 * other failure fails the call with everything as it was.
 */
#include "mem_abi_fixture.h"

static struct desc t;

/* NWd lends SHBUF (2 pages) to SP1 with FFA_MEM_LEND_64. */
static void lend_desc(void)
{
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF, 2);
	desc_put(&t, 0, desc_size(&t), NWD_TX);
}

static void nwd_access_is(uint64_t pa, uint32_t pages, uint32_t access)
{
	for (uint32_t i = 0; i < pages; i++)
		assert_int_equal(mock_nwd_access(pa + (uint64_t)i * FFA_PAGE_SIZE), access);
}

/* DEN0077 FFA_MEM_LEND from the NWd: the lent pages are taken from the NWd
 * (its own access none) and only those; the borrower's retrieve and
 * relinquish do not give it back; the reclaim does (read, write, execute). */
static void test_lend_takes_and_reclaim_returns_access(void **state)
{
	struct spmc_ec *sp;
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF, 2);
	h = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t);
	nwd_access_is(SHBUF, 2, 0);
	nwd_access_is(SHBUF - FFA_PAGE_SIZE, 1, RWX);
	nwd_access_is(SHBUF + 2 * FFA_PAGE_SIZE, 1, RWX);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), 0);

	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, LEND_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	nwd_access_is(SHBUF, 2, 0);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	relinquish_on(0, sp, h);
	nwd_access_is(SHBUF, 2, 0);
	reclaim_on(0, ut_nwd(0), h);
	nwd_access_is(SHBUF, 2, RWX);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF + FFA_PAGE_SIZE), RWX);
}

/* DEN0077 FFA_MEM_LEND of several constituents: each loses the NWd's access;
 * the pages between them keep it. */
static void test_lend_of_several_ranges(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	desc_init(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD);
	desc_borrower(&t, SPMC_MEM_OP_LEND, SP1);
	desc_range(&t, SHBUF + 4 * FFA_PAGE_SIZE, 1);
	desc_range(&t, SHBUF, 2);
	h = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_32, &t);
	nwd_access_is(SHBUF, 2, 0);
	nwd_access_is(SHBUF + 2 * FFA_PAGE_SIZE, 2, RWX);
	nwd_access_is(SHBUF + 4 * FFA_PAGE_SIZE, 1, 0);
	reclaim_on(0, ut_nwd(0), h);
	nwd_access_is(SHBUF, 5, RWX);
}

/* DEN0077 FFA_MEM_SHARE: the owner keeps its access: the platform is not
 * asked to change it, through the share, the retrieve, the relinquish and
 * the reclaim. */
static void test_share_leaves_access(void **state)
{
	uint32_t calls = mock_hal.nwd_access_calls;
	ffa_mem_handle_t h = nwd_share(SP1);
	struct spmc_ec *sp = sp1_with_rxtx();
	struct ffa_value r;

	(void)state;
	nwd_access_is(SHBUF, 2, RWX);
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	relinquish_on(0, sp, h);
	reclaim_on(0, ut_nwd(0), h);
	nwd_access_is(SHBUF, 2, RWX);
	assert_int_equal(mock_hal.nwd_access_calls, calls);
}

/* DEN0077 FFA_MEM_LEND between SPs: the lender is an SP, the normal world
 * is no party to it, and the platform is not asked about its access. */
static void test_sp_lend_leaves_nwd_alone(void **state)
{
	struct spmc_ec *sp1 = sp1_with_rxtx();
	uint32_t calls = mock_hal.nwd_access_calls;
	ffa_mem_handle_t h;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_LEND, SP1, SP3, SP1_LENT, 1);
	h = send_whole(0, sp1, SP1_TX, FFA_MEM_LEND_64, &t);
	reclaim_on(0, sp1, h);
	assert_int_equal(mock_hal.nwd_access_calls, calls);
}

/* DEN0077 FFA_MEM_LEND from the NWd on a platform that cannot restrict the
 * normal world (hal_nwd_access NOT_SUPPORTED; without a hypervisor the lender
 * itself must stay away from lent memory): the lend still succeeds, the
 * SPMC's record says the NWd has no access; the borrower retrieves, and the
 * reclaim succeeds too. */
static void test_platform_cannot_enforce(void **state)
{
	struct spmc_ec *sp;
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	mock_hal.nwd_access_rc = FFA_RET_NOT_SUPPORTED;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF, 2);
	h = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t);
	assert_true(mock_hal.nwd_access_calls > 0);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), 0);
	nwd_access_is(SHBUF, 2, RWX); /* nothing the platform could record */
	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, LEND_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	relinquish_on(0, sp, h);
	reclaim_on(0, ut_nwd(0), h);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), RWX);
}

/* DEN0077 FFA_MEM_LEND is all or nothing: any other failure to take the
 * NWd's access (NO_MEMORY, DENIED, ABORTED) fails the lend with that error
 * and nothing changed; once the platform agrees, the lend succeeds. */
static void test_platform_failure_fails_lend(void **state)
{
	static const int32_t codes[] = {FFA_RET_NO_MEMORY, FFA_RET_DENIED, FFA_RET_ABORTED};
	ffa_mem_handle_t h;

	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		lend_desc();
		mock_hal.nwd_access_rc = codes[i];
		EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_LEND_64, desc_size(&t), desc_size(&t)),
				 codes[i]);
		nwd_access_is(SHBUF, 2, RWX);
	}
	mock_hal.nwd_access_rc = 0;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF, 2);
	h = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t);
	nwd_access_is(SHBUF, 2, 0);
	reclaim_on(0, ut_nwd(0), h);
}

/* DEN0077 FFA_MEM_LEND is all or nothing: the platform refuses the second
 * of two constituents: the first one's access is given back, the lend fails
 * with the error and nothing changed (the NWd's access to every page as
 * before). */
static void test_platform_failure_on_second_range_undone(void **state)
{
	(void)state;
	desc_init(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD);
	desc_borrower(&t, SPMC_MEM_OP_LEND, SP1);
	desc_range(&t, SHBUF, 1);
	desc_range(&t, SHBUF + 3 * FFA_PAGE_SIZE, 2);
	desc_put(&t, 0, desc_size(&t), NWD_TX);
	mock_hal.nwd_access_rc = FFA_RET_NO_MEMORY;
	mock_hal.nwd_access_fail_at = 2;
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_LEND_64, desc_size(&t), desc_size(&t)),
			 FFA_RET_NO_MEMORY);
	nwd_access_is(SHBUF, 5, RWX);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), RWX);
}

/* DEN0077 FFA_MEM_RECLAIM is all or nothing: the platform fails to give the
 * NWd its access back -> the error, nothing changed (still lent, still no
 * access); the reclaim succeeds once the platform does. */
static void test_platform_failure_fails_reclaim(void **state)
{
	struct spmc_mem_tx_info info;
	ffa_mem_handle_t h;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF, 2);
	h = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t);
	mock_hal.nwd_access_rc = FFA_RET_NO_MEMORY;
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 0),
			 FFA_RET_NO_MEMORY);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), 0);
	nwd_access_is(SHBUF, 2, 0);
	mock_hal.nwd_access_rc = 0;
	reclaim_on(0, ut_nwd(0), h);
	nwd_access_is(SHBUF, 2, RWX);
}

/* DEN0077 FFA_MEM_LEND whose descriptor arrives in fragments: the NWd keeps
 * its access until the last fragment; abandoning the send (RECLAIM of the
 * handle in progress) never touched it. */
static void test_lend_in_fragments_takes_access_at_completion(void **state)
{
	uint32_t calls = mock_hal.nwd_access_calls;
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF, 2);
	h = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t, 45);
	nwd_access_is(SHBUF, 2, RWX);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 0), 0, 0);
	assert_int_equal(mock_hal.nwd_access_calls, calls);

	h = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t, 45);
	nwd_access_is(SHBUF, 2, RWX);
	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, 45, desc_size(&t) - 45);
	assert_ffa_success(&r, H_LO(h), H_HI(h));
	nwd_access_is(SHBUF, 2, 0);
	MEM_OK();
}

/* DEN0077 FFA_MEM_FRAG_TX completing a lend the platform cannot carry out
 * (hal_nwd_access NO_MEMORY): the error, and the transaction ends (its handle
 * gone) with the NWd's access and the store as before the first fragment. */
static void test_platform_failure_at_last_fragment(void **state)
{
	static struct mem_snap b, a;
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	mem_snap(&b);
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF, 2);
	h = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t, 45);
	mock_hal.nwd_access_rc = FFA_RET_NO_MEMORY;
	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, 45, desc_size(&t) - 45);
	assert_ffa_error(&r, FFA_RET_NO_MEMORY);
	mock_hal.nwd_access_rc = 0;
	MEM_OK();
	mem_snap(&a);
	MEM_SNAP_EQUAL(&b, &a);
	nwd_access_is(SHBUF, 2, RWX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), 16),
			 FFA_RET_INVALID_PARAMETERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ut_teardown)
		T(test_lend_takes_and_reclaim_returns_access),
		T(test_lend_of_several_ranges),
		T(test_share_leaves_access),
		T(test_sp_lend_leaves_nwd_alone),
		T(test_platform_cannot_enforce),
		T(test_platform_failure_fails_lend),
		T(test_platform_failure_on_second_range_undone),
		T(test_platform_failure_fails_reclaim),
		T(test_lend_in_fragments_takes_access_at_completion),
		T(test_platform_failure_at_last_fragment),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
