/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hypervisor retrieve request (DEN0077 FFA_MEM_RETRIEVE_REQ with no
 * endpoint memory access descriptor, only the handle; FFA_FEATURES reports it
 * to the normal world): the NWd asks the SPMC to describe a transaction it
 * sent. The answer is FFA_MEM_RETRIEVE_RESP listing every borrower with the
 * permissions it was sent; nothing is mapped, granted or ended.
 */
#include "mem_abi_fixture.h"

static struct desc t;
static struct mem_snap before, after;
static uint8_t resp[4 * FFA_PAGE_SIZE];

/* NWd shares SHBUF (2 pages) with SP1 (RW) and SP2 (RO); the handle. */
static ffa_mem_handle_t share_two(void)
{
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 2);
	desc_borrower(&t, SPMC_MEM_OP_SHARE, SP2);
	t.acc[1].perms = FFA_MEM_DATA_RO;
	return send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t);
}

/* The NWd's hypervisor retrieve request for h in its negotiated layout:
 * RETRIEVE_RESP(total, total) expected; the store unchanged; the response
 * parsed into *d. */
static void hyp_retrieve(ffa_mem_handle_t h, struct spmc_mem_desc *d)
{
	uint32_t v = spmc_endpoint_version(ut_fx.s, NWD);
	size_t len = enc_hyp_retrieve(NWD_TX, v, NWD, h);
	struct ffa_value r;

	mem_snap(&before);
	r = call(0, ut_nwd(0), FFA(FFA_MEM_RETRIEVE_REQ_64, len, len));
	assert_retrieve_resp(&r, r.x[1], r.x[1]);
	assert_true(r.x[1] <= FFA_PAGE_SIZE);
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, NWD));
	mem_snap(&after);
	MEM_SNAP_EQUAL(&before, &after);
	MEM_OK();
	parse_resp(mock_phys_ptr(NWD_RX), (size_t)r.x[1], v, d);
}

/* DEN0077 hypervisor retrieve request: the NWd shared with two SPs; the
 * response lists both borrowers with the permissions sent (RW, RO), the
 * handle, the sender, the transaction type, the constituents and the NS bit
 * (a v1.1 caller); nothing is mapped and the store is unchanged; the
 * borrowers retrieve as usual afterwards. */
static void test_hyp_retrieve_lists_every_borrower(void **state)
{
	ffa_mem_handle_t h = share_two();
	struct spmc_mem_desc d;
	struct spmc_ec *sp;
	struct ffa_value r;

	(void)state;
	hyp_retrieve(h, &d);
	assert_int_equal(d.handle, h);
	assert_int_equal(d.sender, NWD);
	assert_int_equal(d.flags & FFA_MEM_FLAG_TRANSACTION_TYPE_MASK, SHARE_FLAGS);
	assert_true(d.attributes & FFA_MEM_ATTR_NS);
	assert_int_equal(d.access_count, 2);
	assert_int_equal(resp_acc[0].id, SP1);
	assert_int_equal(resp_acc[0].perms & FFA_MEM_DATA_ACCESS_MASK, FFA_MEM_DATA_RW);
	assert_int_equal(resp_acc[1].id, SP2);
	assert_int_equal(resp_acc[1].perms & FFA_MEM_DATA_ACCESS_MASK, FFA_MEM_DATA_RO);
	assert_int_equal(d.range_count, 1);
	assert_int_equal(resp_rng[0].addr, SHBUF);
	assert_int_equal(resp_rng[0].pages, 2);
	assert_false(mapped(SP1, SHBUF, NULL));
	assert_false(mapped(SP2, SHBUF, NULL));
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32), 0, 0);

	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS | FFA_MEM_FLAG_BYPASS_MULTI_BORROWER);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_true(mapped(SP1, SHBUF, NULL));
}

/* DEN0077 hypervisor retrieve request after a borrower retrieved with less
 * than it was sent (RO of RW): the response still gives the permissions
 * sent, and the borrower's hold is untouched (it relinquishes once, the NWd
 * reclaims). */
static void test_hyp_retrieve_gives_sent_permissions(void **state)
{
	ffa_mem_handle_t h = share_two();
	struct spmc_ec *sp = sp1_with_rxtx();
	struct spmc_mem_tx_info info;
	struct spmc_mem_desc d;
	uint32_t attrs = 0;
	struct ffa_value r;
	size_t len;

	(void)state;
	len = enc_retrieve_perms(SP1_TX, FFA_VERSION_1_2, NWD, SP1, h,
				 SHARE_FLAGS | FFA_MEM_FLAG_BYPASS_MULTI_BORROWER, FFA_MEM_DATA_RO);
	r = call(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len));
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_true(mapped(SP1, SHBUF, &attrs));
	assert_int_equal(attrs & HAL_MEM_W, 0);

	hyp_retrieve(h, &d);
	assert_int_equal(d.access_count, 2);
	assert_int_equal(resp_acc[0].id, SP1);
	assert_int_equal(resp_acc[0].perms & FFA_MEM_DATA_ACCESS_MASK, FFA_MEM_DATA_RW);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), 0);
	assert_int_equal(info.holders, 1);

	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	relinquish_on(0, sp, h);
	reclaim_on(0, ut_nwd(0), h);
}

/* DEN0077 hypervisor retrieve request from an SP: only the normal world may
 * make it -> INVALID_PARAMETERS, nothing changed. */
static void test_hyp_retrieve_from_sp_invalid(void **state)
{
	ffa_mem_handle_t h = share_two();
	struct spmc_ec *sp = sp1_with_rxtx();
	size_t len;

	(void)state;
	len = enc_hyp_retrieve(SP1_TX, FFA_VERSION_1_2, NWD, h);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len), FFA_RET_INVALID_PARAMETERS);
	assert_false(mapped(SP1, SHBUF, NULL));
}

/* DEN0077 hypervisor retrieve request for a transaction between SPs: not the
 * normal world's to describe -> INVALID_PARAMETERS, nothing changed. */
static void test_hyp_retrieve_sp_to_sp_invalid(void **state)
{
	struct spmc_ec *sp1 = sp1_with_rxtx();
	ffa_mem_handle_t h;
	size_t len;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_SHARE, SP1, SP3, SP1_LENT, 1);
	h = send_whole(0, sp1, SP1_TX, FFA_MEM_SHARE_64, &t);
	len = enc_hyp_retrieve(NWD_TX, FFA_VERSION_1_1, SP1, h);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RETRIEVE_REQ_64, len, len),
			 FFA_RET_INVALID_PARAMETERS);
	len = enc_hyp_retrieve(NWD_TX, FFA_VERSION_1_1, NWD, h);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RETRIEVE_REQ_64, len, len),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 hypervisor retrieve request for a handle that names no
 * transaction (forged, reclaimed, or a send still arriving in fragments) ->
 * INVALID_PARAMETERS, nothing changed. */
static void test_hyp_retrieve_no_transaction_invalid(void **state)
{
	ffa_mem_handle_t h = share_two(), gone, pending;
	size_t len;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP3, SHBUF + 3 * FFA_PAGE_SIZE, 1);
	gone = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t);
	reclaim_on(0, ut_nwd(0), gone);
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF + 2 * FFA_PAGE_SIZE, 1);
	pending = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t, 31);

	len = enc_hyp_retrieve(NWD_TX, FFA_VERSION_1_1, NWD, h ^ 0x100000000ull);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RETRIEVE_REQ_64, len, len),
			 FFA_RET_INVALID_PARAMETERS);
	len = enc_hyp_retrieve(NWD_TX, FFA_VERSION_1_1, NWD, gone);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RETRIEVE_REQ_64, len, len),
			 FFA_RET_INVALID_PARAMETERS);
	len = enc_hyp_retrieve(NWD_TX, FFA_VERSION_1_1, NWD, pending);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RETRIEVE_REQ_32, len, len),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MEM_RETRIEVE_REQ while the caller's RX buffer is full -> BUSY,
 * nothing changed; after FFA_RX_RELEASE it works. */
static void test_hyp_retrieve_rx_busy(void **state)
{
	ffa_mem_handle_t h = share_two();
	struct spmc_mem_desc d;
	size_t len;

	(void)state;
	hyp_retrieve(h, &d);
	len = enc_hyp_retrieve(NWD_TX, FFA_VERSION_1_1, NWD, h);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RETRIEVE_REQ_64, len, len), FFA_RET_BUSY);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32), 0, 0);
	hyp_retrieve(h, &d);
	assert_int_equal(d.access_count, 2);
}

/* DEN0077 hypervisor retrieve request of a donation not yet retrieved: it
 * describes it (type donate, the borrower with the data access left
 * unspecified as sent) and does not end it: still the NWd's, and the
 * borrower's retrieve then makes it its own. */
static void test_hyp_retrieve_donation_pending(void **state)
{
	struct spmc_mem_page_info pg;
	struct spmc_mem_desc d;
	struct spmc_ec *sp;
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_DONATE, NWD, SP1, SHBUF, 2);
	h = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_DONATE_64, &t);
	hyp_retrieve(h, &d);
	assert_int_equal(d.flags & FFA_MEM_FLAG_TRANSACTION_TYPE_MASK, DONATE_FLAGS);
	assert_int_equal(d.access_count, 1);
	assert_int_equal(resp_acc[0].id, SP1);
	assert_int_equal(resp_acc[0].perms & FFA_MEM_DATA_ACCESS_MASK, FFA_MEM_DATA_NOT_SPECIFIED);
	assert_int_equal(spmc_mem_page(ut_fx.s->mem, SHBUF, &pg), 0);
	assert_int_equal(pg.state, SPMC_MEM_PAGE_DONATING);
	assert_int_equal(pg.owner, NWD);

	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, DONATE_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, SHBUF), SP1);
}

/* DEN0077 FFA_MEM_RETRIEVE_RESP in the caller's layout: a v1.2 NWd gets the
 * v1.2 layout (32-byte access descriptors). */
static void test_hyp_retrieve_v12_layout(void **state)
{
	ffa_mem_handle_t h = share_two();
	struct spmc_mem_desc d;

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	hyp_retrieve(h, &d);
	assert_int_equal(d.version, FFA_VERSION_1_2);
	assert_int_equal(d.access_count, 2);
	assert_int_equal(resp_acc[1].id, SP2);
	assert_int_equal(resp_rng[0].addr, SHBUF);
}

/* DEN0077 hypervisor retrieve request whose response is larger than the
 * NWd's RX buffer: RETRIEVE_RESP(total, 4096), then FFA_MEM_FRAG_RX /
 * FFA_MEM_FRAG_TX rounds after each FFA_RX_RELEASE; every constituent in
 * order, the store unchanged throughout. */
static void test_hyp_retrieve_in_fragments(void **state)
{
	static const uint32_t cuts[] = {FFA_PAGE_SIZE, 2 * FFA_PAGE_SIZE};
	uint32_t total, rounds = 0;
	struct spmc_mem_desc d;
	struct ffa_value r;
	ffa_mem_handle_t h;
	size_t len;

	(void)state;
	desc_big(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, BIG_PAGES);
	h = send_frags(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t, cuts, 2);
	mem_snap(&before);
	len = enc_hyp_retrieve(NWD_TX, FFA_VERSION_1_1, NWD, h);
	r = call(0, ut_nwd(0), FFA(FFA_MEM_RETRIEVE_REQ_64, len, len));
	total = 48 + 16 + 16 + 16 * BIG_PAGES;
	assert_retrieve_resp(&r, total, FFA_PAGE_SIZE);
	assert_int_equal(read_resp(0, ut_nwd(0), NWD_RX, h, &r, resp, sizeof(resp), &rounds),
			 total);
	assert_int_equal(rounds, 2);
	mem_snap(&after);
	MEM_SNAP_EQUAL(&before, &after);
	parse_resp(resp, total, FFA_VERSION_1_1, &d);
	assert_int_equal(d.handle, h);
	assert_int_equal(d.access_count, 1);
	assert_int_equal(resp_acc[0].id, SP1);
	assert_int_equal(d.range_count, BIG_PAGES);
	for (uint32_t i = 0; i < BIG_PAGES; i++)
		assert_int_equal(resp_rng[i].addr, big_page(i));
	for (uint32_t i = 0; i < BIG_PAGES; i++)
		assert_false(mapped(SP1, big_page(i), NULL));
	reclaim_on(0, ut_nwd(0), h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ut_teardown)
		T(test_hyp_retrieve_lists_every_borrower),
		T(test_hyp_retrieve_gives_sent_permissions),
		T(test_hyp_retrieve_from_sp_invalid),
		T(test_hyp_retrieve_sp_to_sp_invalid),
		T(test_hyp_retrieve_no_transaction_invalid),
		T(test_hyp_retrieve_rx_busy),
		T(test_hyp_retrieve_donation_pending),
		T(test_hyp_retrieve_v12_layout),
		T(test_hyp_retrieve_in_fragments),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
