/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A retrieve response larger than the borrower's RX buffer, read in fragments
 * (DEN0077, FFA_MEM_RETRIEVE_RESP, FFA_MEM_FRAG_RX, FFA_MEM_FRAG_TX and the
 * transmission of a descriptor in fragments): the NWd shares BIG_PAGES
 * one-page constituents (not in address order, no two consecutive ones
 * adjacent), so the response is more than two 4 KiB RX buffers; the borrower
 * gets the first buffer's worth with RETRIEVE_RESP(total, fragment), then
 * after each FFA_RX_RELEASE asks for the next with FFA_MEM_FRAG_RX(handle,
 * offset). The fragments put together are the whole response.
 */
#include "mem_abi_fixture.h"

static int setup_one_frag(void **state)
{
	struct ut *u = mem_fx_begin();

	(void)state;
	u->cfg.mem_max_frags = 1;
	mem_fx_boot(u, FFA_VERSION_1_1);
	return 0;
}

/* Room in the pool for two responses at once. */
static int setup_big_pool(void **state)
{
	struct ut *u = mem_fx_begin();

	(void)state;
	u->cfg.mem_frag_bytes = 64 * 1024;
	mem_fx_boot(u, FFA_VERSION_1_1);
	return 0;
}

static struct desc t;
static uint8_t resp[4 * FFA_PAGE_SIZE];

/* The response to a retrieve of BIG_PAGES constituents by one borrower. */
#define BIG_RESP_V12 (48 + 32 + 16 + 16 * BIG_PAGES)
#define BIG_RESP_V10 (32 + 16 + 16 + 16 * BIG_PAGES)

/* NWd sends BIG_PAGES pages with `op` to `b1` (and `b2` if not 0), in three
 * fragments (the descriptor is larger than its TX buffer). */
static ffa_mem_handle_t big_send(enum spmc_mem_op op, ffa_id_t b1, ffa_id_t b2)
{
	static const uint32_t cuts[] = {FFA_PAGE_SIZE, 2 * FFA_PAGE_SIZE};

	desc_big(&t, FFA_VERSION_1_1, op, NWD, b1, BIG_PAGES);
	if (b2)
		desc_borrower(&t, op, b2);
	assert_true(desc_size(&t) > 2 * FFA_PAGE_SIZE);
	return send_frags(0, ut_nwd(0), NWD_TX, send_fid(op, true), &t, cuts, 2);
}

/* The response parsed: handle, sender, one borrower `id`, every constituent
 * in the order sent. */
static void check_big_resp(const uint8_t *buf, uint32_t len, uint32_t v, ffa_mem_handle_t h,
			   ffa_id_t id)
{
	struct spmc_mem_desc d;

	parse_resp(buf, len, v, &d);
	assert_int_equal(d.handle, h);
	assert_int_equal(d.sender, NWD);
	assert_int_equal(d.access_count, 1);
	assert_int_equal(resp_acc[0].id, id);
	assert_int_equal(d.range_count, BIG_PAGES);
	assert_int_equal(d.total_pages, BIG_PAGES);
	for (uint32_t i = 0; i < BIG_PAGES; i++) {
		assert_int_equal(resp_rng[i].addr, big_page(i));
		assert_int_equal(resp_rng[i].pages, 1);
	}
}

/* DEN0077 FFA_MEM_RETRIEVE_RESP w1 (total length) > w2 (fragment length, one
 * RX buffer); FFA_MEM_FRAG_RX(handle, offset) after FFA_RX_RELEASE is answered
 * with FFA_MEM_FRAG_TX(handle, fragment length), twice here; the fragments
 * make the whole response, every constituent in order; every page is mapped.
 * Once all is read, FRAG_RX for the handle -> INVALID_PARAMETERS. */
static void test_response_in_fragments(void **state)
{
	ffa_mem_handle_t h = big_send(SPMC_MEM_OP_SHARE, SP1, 0);
	struct spmc_ec *sp = sp1_with_rxtx();
	uint32_t rounds = 0;
	struct ffa_value r;

	(void)state;
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_retrieve_resp(&r, BIG_RESP_V12, FFA_PAGE_SIZE);
	MEM_OK();
	for (uint32_t i = 0; i < BIG_PAGES; i++)
		assert_true(mapped(SP1, big_page(i), NULL));
	assert_int_equal(read_resp(0, sp, SP1_RX, h, &r, resp, sizeof(resp), &rounds),
			 BIG_RESP_V12);
	assert_int_equal(rounds, 2);
	check_big_resp(resp, BIG_RESP_V12, FFA_VERSION_1_2, h, SP1);

	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), 0),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MEM_FRAG_RX while the caller's RX buffer is still full (not
 * released) -> BUSY, nothing changed; after the release it works. */
static void test_frag_rx_rx_full_busy(void **state)
{
	ffa_mem_handle_t h = big_send(SPMC_MEM_OP_SHARE, SP1, 0);
	struct spmc_ec *sp = sp1_with_rxtx();
	struct ffa_value r, f;

	(void)state;
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_retrieve_resp(&r, BIG_RESP_V12, FFA_PAGE_SIZE);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE),
			 FFA_RET_BUSY);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	f = call(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE));
	assert_frag_tx(&f, h, FFA_PAGE_SIZE);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), 2 * FFA_PAGE_SIZE),
			 FFA_RET_BUSY);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	f = call(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), 2 * FFA_PAGE_SIZE));
	assert_frag_tx(&f, h, BIG_RESP_V12 - 2 * FFA_PAGE_SIZE);
	MEM_OK();
}

/* DEN0077 FFA_MEM_FRAG_RX: a handle with no response being read (forged; or
 * another endpoint's response: another SP, the NWd), an offset beyond what
 * was handed out or at/after the end, w4 bits the call does not define, or
 * another endpoint's ID in w4[31:16] -> INVALID_PARAMETERS, nothing changed;
 * the borrower then reads the rest as usual. */
static void test_frag_rx_bad_arguments(void **state)
{
	ffa_mem_handle_t h = big_send(SPMC_MEM_OP_SHARE, SP1, 0);
	struct spmc_ec *sp = sp1_with_rxtx(), *sp2;
	struct ffa_value r;

	(void)state;
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_retrieve_resp(&r, BIG_RESP_V12, FFA_PAGE_SIZE);
	memcpy(resp, mock_phys_ptr(SP1_RX), FFA_PAGE_SIZE);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);

	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h) ^ 1, H_HI(h), FFA_PAGE_SIZE),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h) ^ 1, FFA_PAGE_SIZE),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE + 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), 2 * FFA_PAGE_SIZE),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), BIG_RESP_V12),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp,
			 FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE,
			     (uint32_t)SP2 << 16),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE),
			 FFA_RET_INVALID_PARAMETERS);
	sp2 = sp_with_rxtx(1, SP2);
	EXPECT_MEM_ERROR(1, sp2, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE),
			 FFA_RET_INVALID_PARAMETERS);

	/* The borrower goes on from where it is. */
	r = call(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE));
	assert_frag_tx(&r, h, FFA_PAGE_SIZE);
	memcpy(resp + FFA_PAGE_SIZE, mock_phys_ptr(SP1_RX), FFA_PAGE_SIZE);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	r = call(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), 2 * FFA_PAGE_SIZE));
	assert_frag_tx(&r, h, BIG_RESP_V12 - 2 * FFA_PAGE_SIZE);
	memcpy(resp + 2 * FFA_PAGE_SIZE, mock_phys_ptr(SP1_RX), BIG_RESP_V12 - 2 * FFA_PAGE_SIZE);
	check_big_resp(resp, BIG_RESP_V12, FFA_VERSION_1_2, h, SP1);
	MEM_OK();
}

/* DEN0077 FFA_MEM_DONATE: the retrieve ends the transaction (the borrower
 * owns the memory, the handle is gone: the donor's RECLAIM ->
 * INVALID_PARAMETERS), yet the rest of its response is still read with
 * FFA_MEM_FRAG_RX under that handle. */
static void test_donation_response_after_handle_gone(void **state)
{
	ffa_mem_handle_t h = big_send(SPMC_MEM_OP_DONATE, SP1, 0);
	struct spmc_ec *sp = sp1_with_rxtx();
	struct spmc_mem_tx_info info;
	uint32_t rounds = 0;
	struct ffa_value r;

	(void)state;
	r = retrieve(sp, SP1_TX, NWD, h, DONATE_FLAGS);
	assert_retrieve_resp(&r, BIG_RESP_V12, FFA_PAGE_SIZE);
	MEM_OK();
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(read_resp(0, sp, SP1_RX, h, &r, resp, sizeof(resp), &rounds),
			 BIG_RESP_V12);
	assert_int_equal(rounds, 2);
	check_big_resp(resp, BIG_RESP_V12, FFA_VERSION_1_2, h, SP1);
	for (uint32_t i = 0; i < BIG_PAGES; i++) {
		assert_int_equal(spmc_mem_owner(ut_fx.s->mem, big_page(i)), SP1);
		assert_int_equal(mock_nwd_access(big_page(i)), 0);
		assert_true(mapped(SP1, big_page(i), NULL));
	}
}

/* DEN0077 FFA_MEM_RELINQUISH before the whole response was read: the rest
 * describes memory the borrower no longer holds and is dropped
 * (FFA_MEM_FRAG_RX -> INVALID_PARAMETERS, nothing changed); every page is
 * unmapped and the lender reclaims. */
static void test_relinquish_drops_unfinished_response(void **state)
{
	ffa_mem_handle_t h = big_send(SPMC_MEM_OP_LEND, SP1, 0);
	struct spmc_ec *sp = sp1_with_rxtx();
	struct ffa_value r;

	(void)state;
	r = retrieve(sp, SP1_TX, NWD, h, LEND_FLAGS);
	assert_retrieve_resp(&r, BIG_RESP_V12, FFA_PAGE_SIZE);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	relinquish_on(0, sp, h);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE),
			 FFA_RET_INVALID_PARAMETERS);
	for (uint32_t i = 0; i < BIG_PAGES; i++)
		assert_false(mapped(SP1, big_page(i), NULL));
	reclaim_on(0, ut_nwd(0), h);
	for (uint32_t i = 0; i < BIG_PAGES; i++) {
		assert_int_equal(mock_nwd_access(big_page(i)), RWX);
		assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, big_page(i)), RWX);
	}
}

/* DEN0077 FFA_MEM_RETRIEVE_REQ: the SPMC lacks the memory to hold a response
 * that needs fragments (its only pool slot holds a send in progress) ->
 * NO_MEMORY, nothing changed (nothing mapped); once the slot is free the
 * retrieve succeeds and the whole response is read. */
static void test_response_without_pool_room(void **state)
{
	ffa_mem_handle_t h = big_send(SPMC_MEM_OP_SHARE, SP1, 0), hp;
	struct spmc_ec *sp = sp1_with_rxtx();
	struct ffa_value r;
	static struct desc other;
	size_t len;

	(void)state;
	desc_simple(&other, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP2, SHBUF, 1);
	hp = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &other, 33);
	len = enc_retrieve(SP1_TX, FFA_VERSION_1_2, NWD, SP1, h, SHARE_FLAGS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len), FFA_RET_NO_MEMORY);
	assert_false(mapped(SP1, big_page(0), NULL));

	reclaim_on(0, ut_nwd(0), hp);
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_int_equal(read_resp(0, sp, SP1_RX, h, &r, resp, sizeof(resp), NULL), BIG_RESP_V12);
	check_big_resp(resp, BIG_RESP_V12, FFA_VERSION_1_2, h, SP1);
}

/* DEN0077 FFA_MEM_RETRIEVE_RESP in the layout of the version the borrower
 * negotiated: a v1.0 borrower reads its response (v1.0 layout) in
 * fragments. */
static void test_response_in_fragments_v10(void **state)
{
	ffa_mem_handle_t h = big_send(SPMC_MEM_OP_SHARE, SP1, 0);
	struct spmc_ec *sp = sp1_with_rxtx();
	struct ffa_value r;

	(void)state;
	r = call(0, sp, FFA(FFA_VERSION_32, FFA_VERSION_1_0));
	assert_int_equal(r.x[0], SPMC_FFA_VERSION);
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_retrieve_resp(&r, BIG_RESP_V10, FFA_PAGE_SIZE);
	assert_int_equal(read_resp(0, sp, SP1_RX, h, &r, resp, sizeof(resp), NULL), BIG_RESP_V10);
	check_big_resp(resp, BIG_RESP_V10, FFA_VERSION_1_0, h, SP1);
}

/* DEN0077 FFA_MEM_FRAG_RX: two borrowers of one share (each retrieving with
 * the bypass-multiple-borrower flag) read their responses at once,
 * interleaved; each gets its own (listing itself). One relinquishing
 * drops its own response only. */
static void test_two_borrowers_read_at_once(void **state)
{
	static uint8_t resp2[4 * FFA_PAGE_SIZE];
	ffa_mem_handle_t h = big_send(SPMC_MEM_OP_SHARE, SP1, SP2);
	struct spmc_ec *sp1 = sp1_with_rxtx(), *sp2 = sp_with_rxtx(1, SP2);
	uint32_t flags = SHARE_FLAGS | FFA_MEM_FLAG_BYPASS_MULTI_BORROWER;
	struct ffa_value r1, r2, f;

	(void)state;
	r1 = retrieve_on(0, sp1, NWD, h, flags);
	assert_retrieve_resp(&r1, BIG_RESP_V12, FFA_PAGE_SIZE);
	memcpy(resp, mock_phys_ptr(SP1_RX), FFA_PAGE_SIZE);
	r2 = retrieve_on(1, sp2, NWD, h, flags);
	assert_retrieve_resp(&r2, BIG_RESP_V12, FFA_PAGE_SIZE);
	memcpy(resp2, mock_phys_ptr(SP2_RX), FFA_PAGE_SIZE);
	MEM_OK();

	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_RX_RELEASE_32), 0, 0);
	EXPECT_FFA_SUCCESS(1, sp2, FFA(FFA_RX_RELEASE_32), 0, 0);
	f = call(1, sp2, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE));
	assert_frag_tx(&f, h, FFA_PAGE_SIZE);
	memcpy(resp2 + FFA_PAGE_SIZE, mock_phys_ptr(SP2_RX), FFA_PAGE_SIZE);
	f = call(0, sp1, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE));
	assert_frag_tx(&f, h, FFA_PAGE_SIZE);
	memcpy(resp + FFA_PAGE_SIZE, mock_phys_ptr(SP1_RX), FFA_PAGE_SIZE);

	/* SP2 lets go before its last fragment: SP1's response is unaffected. */
	EXPECT_FFA_SUCCESS(1, sp2, FFA(FFA_RX_RELEASE_32), 0, 0);
	relinquish_on(1, sp2, h);
	EXPECT_MEM_ERROR(1, sp2, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), 2 * FFA_PAGE_SIZE),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_RX_RELEASE_32), 0, 0);
	f = call(0, sp1, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), 2 * FFA_PAGE_SIZE));
	assert_frag_tx(&f, h, BIG_RESP_V12 - 2 * FFA_PAGE_SIZE);
	memcpy(resp + 2 * FFA_PAGE_SIZE, mock_phys_ptr(SP1_RX), BIG_RESP_V12 - 2 * FFA_PAGE_SIZE);
	check_big_resp(resp, BIG_RESP_V12, FFA_VERSION_1_2, h, SP1);
	/* What SP2 read so far lists SP2. */
	assert_int_equal(resp2[48] | (resp2[49] << 8), SP2);
	assert_int_equal(resp[48] | (resp[49] << 8), SP1);
	assert_true(mapped(SP1, big_page(0), NULL));
	assert_false(mapped(SP2, big_page(0), NULL));
	MEM_OK();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ut_teardown)
		T(test_response_in_fragments),
		T(test_frag_rx_rx_full_busy),
		T(test_frag_rx_bad_arguments),
		T(test_donation_response_after_handle_gone),
		T(test_relinquish_drops_unfinished_response),
		cmocka_unit_test_setup_teardown(test_response_without_pool_room, setup_one_frag,
						ut_teardown),
		T(test_response_in_fragments_v10),
		cmocka_unit_test_setup_teardown(test_two_borrowers_read_at_once, setup_big_pool,
						ut_teardown),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
