/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction store and page-ownership map (libspmc/mem/mem_store.h):
 * forged handles and every error of FFA_MEM_RETRIEVE_REQ, each leaving the
 * state byte-for-byte as before; counted retrieves and the zero flags.
 *
 * Rules are cited as "DEN0077 <interface>: ..." (the FF-A specification's
 * memory management chapter) or "Hafnium: ..." where the specification leaves
 * the choice and this SPMC follows Hafnium's SPMC.
 */
#include "mem_store_fixture.h"

/* ==== retrieve: errors ==== */

/* DEN0077 handles: a handle the SPMC did not allocate (bit 63 set, slot out
 * of range, unknown generation) is detected -> INVALID_PARAMETERS, for every
 * operation. */
static void test_forged_handles(void **state)
{
	ffa_mem_handle_t h, bad[4];

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1));
	bad[0] = h | FFA_MEM_HANDLE_ALLOC_HYP;
	bad[1] = h + 1;                         /* a free slot */
	bad[2] = h + (1ull << 32);              /* next generation */
	bad[3] = (h & ~0xffffffffull) | 0xfffff; /* slot out of range */
	for (int i = 0; i < 4; i++) {
		mk_req(h);
		RQ.d.handle = bad[i];
		EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
		EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
			   spmc_mem_relinquish(S, SP(1), mk_rel1(bad[i], SP(1)), fx()));
		EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_reclaim(S, NWD, bad[i], 0, fx()));
	}
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), NULL, fx()));
	reclaim_ok(h, NWD);
}

/* Hafnium FFA_MEM_RETRIEVE_REQ: only a named borrower retrieves -> the caller
 * not among them: INVALID_PARAMETERS; the request names a sender other than
 * the transaction's -> DENIED; another tag, or another transaction type ->
 * INVALID_PARAMETERS. */
static void test_retrieve_identity_checks(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(2), mk_req(h), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, NWD, mk_req(h), fx()));
	mk_req(h);
	RQ.d.sender = SP(3);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.tag++;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.flags = FFA_MEM_TRANSACTION_LEND << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.flags = 0; /* type unspecified is fine */
	assert_int_equal(spmc_mem_retrieve(S, SP(1), &RQ.d, fx()), 0);
	check_ok();
}

/* Hafnium FFA_MEM_RETRIEVE_REQ: a request lists the same borrowers as the
 * send (a different count -> INVALID_PARAMETERS; an endpoint that is not a
 * borrower -> DENIED; the caller missing -> INVALID_PARAMETERS); with the
 * v1.2 bypass flag just the caller (more -> INVALID_PARAMETERS). The SPMC
 * takes no borrower-chosen ranges and no NS attribute (INVALID_PARAMETERS). */
static void test_retrieve_access_list(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE,
		      mk_send(SPMC_MEM_OP_SHARE, NWD, (ffa_id_t[]){SP(1), SP(2)}, 2,
			      &(struct spmc_mem_range){NS_BASE, 1}, 1));
	mk_req(h);
	RQ.d.access_count = 1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.acc[1].id = SP(5);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.acc[0] = RQ.acc[1];
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.access_count = 0;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.flags |= FFA_MEM_FLAG_BYPASS_MULTI_BORROWER;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.range_count = 1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.attributes = FFA_MEM_ATTR_NS;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.flags |= 1u << 11;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.acc[0].flags = 1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	/* Bypass with just the caller (SP(2), second in the send). */
	mk_req(h);
	RQ.d.flags |= FFA_MEM_FLAG_BYPASS_MULTI_BORROWER;
	RQ.acc[0] = RQ.acc[1];
	RQ.d.access_count = 1;
	assert_int_equal(spmc_mem_retrieve(S, SP(2), &RQ.d, fx()), 0);
	check_ok();
	assert_change(0, SP(2), 0, HAL_MEM_R | HAL_MEM_W);
}

/* DEN0077 FFA_MEM_RETRIEVE_REQ permissions (Hafnium's rules): no wider than
 * sent (RW asked of RO sent -> DENIED); a share names no instruction access
 * (INVALID_PARAMETERS); reserved encodings -> INVALID_PARAMETERS. A borrower
 * of a single-borrower lend that names no instruction access gets NX (the
 * FF-A ACS retrieves so), and may ask for less than sent. */
static void test_retrieve_permissions(void **state)
{
	struct spmc_mem_desc *d;
	ffa_mem_handle_t hs, hl;

	(void)state;
	d = mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1);
	SD.acc[0].perms = RO;
	hs = create_ok(SPMC_MEM_OP_SHARE, d);
	mk_req(hs);
	RQ.acc[0].perms = RW;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hs);
	RQ.acc[0].perms = RO | NX;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hs);
	RQ.acc[0].perms = 3;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));

	hl = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 1));
	mk_req(hl);
	RQ.acc[0].perms = RW | XX | 0x10;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hl);
	RQ.acc[0].perms = RO;
	assert_int_equal(spmc_mem_retrieve(S, SP(1), &RQ.d, fx()), 0);
	assert_change(0, SP(1), 0, HAL_MEM_R);
	check_ok();
}

/* Hafnium (FF-A v1.2): the implementation-defined value of a v1.2 access
 * descriptor must match the one sent -> INVALID_PARAMETERS. */
static void test_retrieve_impdef_mismatch(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1));
	mk_req(h);
	RQ.acc[0].impdef[15] ^= 1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	RQ.d.version = FFA_VERSION_1_1; /* a v1.1 request has none to compare */
	assert_int_equal(spmc_mem_retrieve(S, SP(1), &RQ.d, fx()), 0);
	check_ok();
}

/* Hafnium: a borrower that holds the memory retrieving it again -> DENIED
 * (its stage-2 already maps it); no change. */
static void test_retrieve_twice_denied(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	retrieve_ok(h, SP(1));
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), mk_req(h), fx()));
	relinquish_ok(h, SP(1));
	retrieve_ok(h, SP(1)); /* after relinquishing, it may again */
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
}

/* TF-A and OP-TEE SPMCs (multi_retrieve): retrieves are counted, each
 * matched by a relinquish; a repeat grants nothing new and must ask for the
 * same access (DENIED otherwise); access goes with the last relinquish. */
static void test_retrieve_counted(void **state)
{
	ffa_mem_handle_t h;
	struct spmc_mem_borrower_info b;

	(void)state;
	build(8, 4, 64, 0, true);
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	retrieve_ok(h, SP(1));
	assert_int_equal(FX.change_count, 1);
	retrieve_ok(h, SP(1));
	assert_int_equal(FX.change_count, 0);
	mk_req(h);
	RQ.acc[0].perms = RO;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	assert_int_equal(spmc_mem_tx_borrower(S, h, 0, &b), 0);
	assert_int_equal(b.holds, 2);
	relinquish_ok(h, SP(1));
	assert_int_equal(FX.change_count, 0);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE), HAL_MEM_R | HAL_MEM_W);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_reclaim(S, NWD, h, 0, fx()));
	relinquish_ok(h, SP(1));
	assert_change(0, SP(1), HAL_MEM_R | HAL_MEM_W, 0);
	reclaim_ok(h, NWD);
}

/* DEN0077 zero flags (Hafnium's checks): a share cannot be zeroed before
 * retrieval or after relinquish (INVALID_PARAMETERS); a borrower asking to
 * zero memory the sender did not allow zeroing -> DENIED; a read-only
 * borrower cannot ask for zeroing -> DENIED. */
static void test_retrieve_zero_flags(void **state)
{
	struct spmc_mem_desc *d;
	ffa_mem_handle_t hs, hl, hz;

	(void)state;
	hs = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	mk_req(hs);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hs);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));

	hl = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 1));
	assert_false(FX.zero);
	mk_req(hl);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hl);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH;
	RQ.acc[0].perms = RO | NX;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));

	/* The sender asks for zeroing: the lend's effect zeroes; a borrower
	 * may then insist on it (bit 0) without zeroing again, and its
	 * zero-after-relinquish zeroes when it lets go. */
	d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), NS_BASE + 2 * PG, 1);
	d->flags = FFA_MEM_FLAG_ZERO_MEMORY;
	hz = create_ok(SPMC_MEM_OP_LEND, d);
	assert_true(FX.zero);
	mk_req(hz);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_MEMORY | FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH;
	assert_int_equal(spmc_mem_retrieve(S, SP(2), &RQ.d, fx()), 0);
	assert_false(FX.zero);
	check_ok();
	relinquish_ok(hz, SP(2));
	assert_true(FX.zero);
	reclaim_ok(hz, NWD);
	assert_false(FX.zero);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_forged_handles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_identity_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_access_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_impdef_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_twice_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_zero_flags, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
