/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction store and page-ownership map (libspmc/mem/mem_store.h):
 * the share, lend and donate lifecycles, each operation's success path and
 * effect, the check/apply two-phase form, and handle uniqueness and staleness.
 *
 * Rules are cited as "DEN0077 <interface>: ..." (the FF-A specification's
 * memory management chapter) or "Hafnium: ..." where the specification leaves
 * the choice and this SPMC follows Hafnium's SPMC.
 */
#include "mem_store_fixture.h"

/* ==== share ==== */

/* DEN0077 FFA_MEM_SHARE, NWd -> SP: the owner keeps its access; the borrower
 * gains the data access it asked for (NX: share is never executable) when it
 * retrieves, and loses it when it relinquishes; the owner's reclaim ends the
 * transaction. Effects name exactly these changes. */
static void test_share_nwd_to_sp_lifecycle(void **state)
{
	struct spmc_mem_page_info p;
	struct spmc_mem_tx_info t;
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE + 8 * PG, 4));
	assert_int_equal(FX.change_count, 0);
	assert_int_equal(FX.op, SPMC_MEM_OP_SHARE);
	assert_int_equal(FX.kind, HAL_MEM_NS);
	assert_false(FX.ends);
	assert_int_equal(spmc_mem_page(S, NS_BASE + 9 * PG, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_SHARED);
	assert_int_equal(p.handle, h);
	assert_int_equal(p.base, NS_BASE + 8 * PG);
	assert_int_equal(p.pages, 4);
	assert_int_equal(intervals(), NSP + 4 + 2);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 8 * PG), RWX_);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 8 * PG), 0);
	assert_int_equal(spmc_mem_tx(S, h, &t), 0);
	assert_int_equal(t.flags >> FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT, SPMC_MEM_OP_SHARE);
	assert_int_equal(t.total_pages, 4);
	assert_int_equal(t.owner_access, RWX_);

	retrieve_ok(h, SP(1));
	assert_int_equal(FX.change_count, 1);
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 11 * PG), HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 12 * PG), 0);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 11 * PG), RWX_);
	assert_int_equal(spmc_mem_owner(S, NS_BASE + 11 * PG), NWD);

	relinquish_ok(h, SP(1));
	assert_int_equal(FX.change_count, 1);
	assert_change(0, SP(1), HAL_MEM_R | HAL_MEM_W, 0);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 8 * PG), 0);

	reclaim_ok(h, NWD);
	assert_int_equal(FX.change_count, 0);
	assert_true(FX.ends);
	assert_int_equal(spmc_mem_tx(S, h, &t), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(spmc_mem_page(S, NS_BASE + 9 * PG, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_OWNED);
	assert_int_equal(intervals(), NSP + 4); /* merged back */
}

/* DEN0077 FFA_MEM_SHARE SP -> SP with read-only access: the borrower maps RO. */
static void test_share_sp_to_sp_read_only(void **state)
{
	struct spmc_mem_desc *d = mk_send1(SPMC_MEM_OP_SHARE, SP(2), SP(3), SP_BASE(2), 2);
	ffa_mem_handle_t h;

	(void)state;
	SD.acc[0].perms = RO;
	h = create_ok(SPMC_MEM_OP_SHARE, d);
	mk_req(h);
	RQ.acc[0].perms = 0; /* data not specified: what was sent */
	assert_int_equal(spmc_mem_retrieve(S, SP(3), &RQ.d, fx()), 0);
	assert_change(0, SP(3), 0, HAL_MEM_R);
	assert_int_equal(spmc_mem_access(S, SP(3), SP_BASE(2) + PG), HAL_MEM_R);
	assert_int_equal(spmc_mem_access(S, SP(2), SP_BASE(2) + PG), RWX_);
	check_ok();
	relinquish_ok(h, SP(3));
	reclaim_ok(h, SP(2));
}

/* DEN0077 FFA_MEM_SHARE: memory already shared is not in the owner's
 * exclusive state, so sharing (or lending) any of it again -> DENIED
 * (Hafnium's check). */
static void test_share_already_shared_denied(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 4));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(2), NS_BASE + 3 * PG, 2), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), NS_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 4), fx()));
	reclaim_ok(h, NWD);
}

/* ==== lend ==== */

/* DEN0077 FFA_MEM_LEND, NWd -> SP: the lender loses access at once (state
 * lent); the borrower gains access on retrieve (a single borrower names its
 * instruction access); reclaim while the borrower holds it -> DENIED; after
 * relinquish, reclaim gives the lender its access back. */
static void test_lend_nwd_to_sp_lifecycle(void **state)
{
	struct spmc_mem_page_info p;
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 16));
	assert_int_equal(FX.change_count, 1);
	assert_change(0, NWD, RWX_, 0);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 15 * PG), 0);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 16 * PG), RWX_);
	assert_int_equal(spmc_mem_page(S, NS_BASE, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_LENT);
	assert_int_equal(p.owner, NWD); /* still the owner */

	retrieve_ok(h, SP(1));
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_reclaim(S, NWD, h, 0, fx()));
	relinquish_ok(h, SP(1));
	reclaim_ok(h, NWD);
	assert_change(0, NWD, 0, RWX_);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE), RWX_);
	assert_int_equal(intervals(), NSP + 4);
}

/* DEN0077 FFA_MEM_LEND to a single borrower: the lender names no
 * instruction access; the borrower chooses: X is granted if the owner can
 * execute the memory, DENIED if not; naming none means NX. */
static void test_lend_single_instruction_access(void **state)
{
	struct spmc_mem_desc *d;
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, SP(2), SP(4), SP_BASE(2), 1));
	mk_req(h);
	RQ.acc[0].perms = RO | XX;
	assert_int_equal(spmc_mem_retrieve(S, SP(4), &RQ.d, fx()), 0);
	assert_change(0, SP(4), 0, HAL_MEM_R | HAL_MEM_X);
	check_ok();
	relinquish_ok(h, SP(4));
	mk_req(h);
	RQ.acc[0].perms = RW;
	assert_int_equal(spmc_mem_retrieve(S, SP(4), &RQ.d, fx()), 0);
	assert_change(0, SP(4), 0, HAL_MEM_R | HAL_MEM_W);
	check_ok();
	relinquish_ok(h, SP(4));
	reclaim_ok(h, SP(2));

	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(4), RO_BASE, 1);
	SD.acc[0].perms = RO;
	h = create_ok(SPMC_MEM_OP_LEND, d);
	mk_req(h);
	RQ.acc[0].perms = RO | XX;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(4), &RQ.d, fx()));
	reclaim_ok(h, SP(1));
	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(4), RX_BASE, 1);
	SD.acc[0].perms = RO;
	h = create_ok(SPMC_MEM_OP_LEND, d);
	mk_req(h);
	RQ.acc[0].perms = RO | XX;
	assert_int_equal(spmc_mem_retrieve(S, SP(4), &RQ.d, fx()), 0);
	assert_change(0, SP(4), 0, HAL_MEM_R | HAL_MEM_X);
	check_ok();
}

/* DEN0077 FFA_MEM_LEND to 16 borrowers (SP -> SPs): each gains access on its
 * own retrieve; the lender cannot reclaim while any of them holds it
 * (DENIED), and can once the last one relinquished. */
static void test_lend_sixteen_borrowers(void **state)
{
	ffa_id_t ids[16];
	struct spmc_mem_range r = {SP_BASE(1) + 4 * PG, 8};
	struct spmc_mem_tx_info t;
	ffa_mem_handle_t h;

	(void)state;
	for (uint32_t i = 0; i < 16; i++)
		ids[i] = SP(i + 2);
	h = create_ok(SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, SP(1), ids, 16, &r, 1));
	assert_change(0, SP(1), RWX_, 0);
	for (uint32_t i = 0; i < 16; i++) {
		retrieve_ok(h, ids[i]);
		assert_change(0, ids[i], 0, HAL_MEM_R | HAL_MEM_W);
		assert_int_equal(spmc_mem_access(S, ids[i], r.addr), HAL_MEM_R | HAL_MEM_W);
	}
	assert_int_equal(spmc_mem_tx(S, h, &t), 0);
	assert_int_equal(t.holders, 16);
	for (uint32_t i = 0; i < 16; i++) {
		EXPECT_ERR(FFA_RET_DENIED, spmc_mem_reclaim(S, SP(1), h, 0, fx()));
		relinquish_ok(h, ids[i]);
		assert_int_equal(spmc_mem_access(S, ids[i], r.addr), 0);
	}
	reclaim_ok(h, SP(1));
	assert_int_equal(spmc_mem_access(S, SP(1), r.addr), RWX_);
}

/* DEN0077 FFA_MEM_SHARE from the NWd to 16 SPs. */
static void test_share_nwd_sixteen_borrowers(void **state)
{
	ffa_id_t ids[16];
	struct spmc_mem_range r[2] = {{NS_BASE + 100 * PG, 3}, {NS_BASE + 300 * PG, 2}};
	ffa_mem_handle_t h;

	(void)state;
	for (uint32_t i = 0; i < 16; i++)
		ids[i] = SP(i + 1);
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send(SPMC_MEM_OP_SHARE, NWD, ids, 16, r, 2));
	for (uint32_t i = 0; i < 16; i++)
		retrieve_ok(h, ids[i]);
	for (uint32_t i = 0; i < 16; i++)
		relinquish_ok(h, ids[15 - i]);
	reclaim_ok(h, NWD);
	assert_int_equal(intervals(), NSP + 4);
}

/* ==== donate ==== */

/* DEN0077 FFA_MEM_DONATE, NWd -> SP: the donor loses access at once; the
 * ownership moves to the borrower when it retrieves (the transaction then
 * ends: its handle is stale); nothing comes back: the donor cannot reclaim,
 * and the new owner may send the memory on as its own. */
static void test_donate_nwd_to_sp_lifecycle(void **state)
{
	struct spmc_mem_page_info p;
	ffa_mem_handle_t h, h2;

	(void)state;
	h = create_ok(SPMC_MEM_OP_DONATE, mk_send1(SPMC_MEM_OP_DONATE, NWD, SP(1), NS_BASE + PG, 2));
	assert_change(0, NWD, RWX_, 0);
	assert_int_equal(spmc_mem_page(S, NS_BASE + PG, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_DONATING);
	assert_int_equal(p.owner, NWD);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + PG), 0);

	assert_int_equal(spmc_mem_retrieve_check(S, SP(1), mk_req(h), fx()), 0);
	assert_true(FX.ends);
	assert_int_equal(FX.owner_before, NWD);
	assert_int_equal(FX.owner_after, SP(1));
	retrieve_ok(h, SP(1));
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_owner(S, NS_BASE + PG), SP(1));
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 2 * PG), HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 2 * PG), 0);
	assert_int_equal(spmc_mem_page(S, NS_BASE + PG, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_OWNED);
	assert_int_equal(p.attrs, HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS);

	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_reclaim(S, NWD, h, 0, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, SP(1), mk_rel1(h, SP(1)), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), NS_BASE + PG, 1), fx()));
	/* The new owner lends it on (it is an SP's now: to SPs only). */
	h2 = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), NS_BASE + PG, 2));
	assert_change(0, SP(1), HAL_MEM_R | HAL_MEM_W, 0);
	reclaim_ok(h2, SP(1));
}

/* DEN0077 FFA_MEM_DONATE SP -> SP, with the receiver choosing read-only,
 * executable access. */
static void test_donate_sp_to_sp(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_DONATE, mk_send1(SPMC_MEM_OP_DONATE, SP(3), SP(4), SP_BASE(3), 256));
	mk_req(h);
	RQ.acc[0].perms = RO | XX;
	assert_int_equal(spmc_mem_retrieve(S, SP(4), &RQ.d, fx()), 0);
	check_ok();
	assert_int_equal(spmc_mem_owner(S, SP_BASE(3) + 255 * PG), SP(4));
	assert_int_equal(spmc_mem_access(S, SP(4), SP_BASE(3)), HAL_MEM_R | HAL_MEM_X);
	assert_int_equal(spmc_mem_access(S, SP(3), SP_BASE(3)), 0);
}

/* Hafnium: a donation not yet retrieved can still be reclaimed by the donor. */
static void test_donate_reclaim_before_retrieve(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_DONATE, mk_send1(SPMC_MEM_OP_DONATE, NWD, SP(1), NS_BASE, 1));
	reclaim_ok(h, NWD);
	assert_change(0, NWD, 0, RWX_);
	assert_int_equal(spmc_mem_owner(S, NS_BASE), NWD);
	assert_int_equal(intervals(), NSP + 4);
}

/* ==== the two-phase form ==== */

/* Every operation's _check form reports the same effect and changes nothing. */
static void test_check_then_apply(void **state)
{
	struct spmc_mem_desc *d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 2);
	struct spmc_mem_effect first;
	struct spmc_mem_change c0;
	ffa_mem_handle_t h;

	(void)state;
	memcpy(snap, arena, state_bytes());
	assert_int_equal(spmc_mem_create_check(S, NWD, SPMC_MEM_OP_LEND, d, fx()), 0);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	first = FX;
	c0 = room[0];
	h = create_ok(SPMC_MEM_OP_LEND, d);
	assert_int_equal(h, first.handle);
	assert_int_equal(FX.change_count, first.change_count);
	assert_memory_equal(&room[0], &c0, sizeof(c0));

	memcpy(snap, arena, state_bytes());
	assert_int_equal(spmc_mem_retrieve_check(S, SP(1), mk_req(h), fx()), 0);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
	retrieve_ok(h, SP(1));

	memcpy(snap, arena, state_bytes());
	assert_int_equal(spmc_mem_relinquish_check(S, SP(1), mk_rel1(h, SP(1)), fx()), 0);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	relinquish_ok(h, SP(1));

	memcpy(snap, arena, state_bytes());
	assert_int_equal(spmc_mem_reclaim_check(S, NWD, h, 0, fx()), 0);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	assert_true(FX.ends);
	/* Between check and apply the ranges are still readable. */
	{
		struct spmc_mem_range r;

		assert_int_equal(spmc_mem_tx_ranges(S, h, 0, &r, 1), 1);
		assert_int_equal(r.addr, NS_BASE);
	}
	reclaim_ok(h, NWD);
}

/* ==== handles ==== */

/* DEN0077 memory handles: 64-bit, bit 63 clear when the SPMC allocates them,
 * unique among live transactions; a slot reused after reclaim gets a new
 * handle and the old one is rejected by every operation. */
static void test_handle_staleness(void **state)
{
	ffa_mem_handle_t h1, h2;

	(void)state;
	h1 = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1));
	reclaim_ok(h1, NWD);
	h2 = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1));
	assert_int_equal((uint32_t)h1, (uint32_t)h2); /* same slot ... */
	assert_true(h1 != h2);                        /* ... new handle */
	assert_int_equal(h2 >> 63, 0);
	mk_req(h2);
	RQ.d.handle = h1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_reclaim(S, NWD, h1, 0, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_relinquish(S, SP(1), mk_rel1(h1, SP(1)), fx()));
	retrieve_ok(h2, SP(1));
}

/* Generations wrap without ever producing generation 0 (a zero handle). */
static void test_handle_generation_wraps(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	S->tx[0].gen = MEM_GEN_MAX;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	assert_int_equal(h >> 32, MEM_GEN_MAX);
	reclaim_ok(h, NWD);
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	assert_int_equal(h >> 32, 1);
	assert_true(h != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_share_nwd_to_sp_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_sp_to_sp_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_already_shared_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lend_nwd_to_sp_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lend_single_instruction_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lend_sixteen_borrowers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_nwd_sixteen_borrowers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_donate_nwd_to_sp_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_donate_sp_to_sp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_donate_reclaim_before_retrieve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_then_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handle_staleness, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handle_generation_wraps, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
