/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MEM_DONATE (DEN0077, "Memory management": donate transactions): the
 * owner gives memory away to one borrower. The donor loses access when it
 * sends; the borrower's retrieve makes it the owner and ends the handle;
 * nothing ever comes back to the donor. Until the retrieve, the donor may
 * reclaim it.
 */
#include "mem_abi_fixture.h"

static struct desc t;

/* NWd donates SHBUF (2 pages) to `borrower`; the handle. */
static ffa_mem_handle_t nwd_donate(ffa_id_t borrower, uint32_t flags)
{
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_DONATE, NWD, borrower, SHBUF, 2);
	t.d.flags = flags;
	return send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_DONATE_64, &t);
}

/* DEN0077 FFA_MEM_DONATE from the NWd to an SP: on the send the NWd loses
 * access (the platform is told: its own access to the pages is none) while it
 * remains the owner; the retrieve maps the pages into the SP (NS, writable),
 * makes the SP the owner and ends the transaction: the handle is gone
 * (RECLAIM and RELINQUISH -> INVALID_PARAMETERS, nothing changed), and the
 * NWd's access never comes back. */
static void test_nwd_donates_to_sp(void **state)
{
	struct spmc_mem_tx_info info;
	struct spmc_mem_page_info pg;
	struct spmc_mem_desc d;
	uint32_t attrs = 0;
	struct ffa_value r;
	ffa_mem_handle_t h;
	struct spmc_ec *sp;

	(void)state;
	h = nwd_donate(SP1, 0);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), 0);
	assert_int_equal(info.op, SPMC_MEM_OP_DONATE);
	assert_int_equal(spmc_mem_page(ut_fx.s->mem, SHBUF, &pg), 0);
	assert_int_equal(pg.state, SPMC_MEM_PAGE_DONATING);
	assert_int_equal(pg.owner, NWD);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(mock_nwd_access(SHBUF + i * FFA_PAGE_SIZE), 0);
		assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF + i * FFA_PAGE_SIZE), 0);
	}
	assert_int_equal(mock_nwd_access(SHBUF + 2 * FFA_PAGE_SIZE), RWX);
	assert_int_equal(mock_nwd_access(SHBUF - FFA_PAGE_SIZE), RWX);

	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, DONATE_FLAGS);
	assert_retrieve_resp(&r, r.x[1], r.x[1]);
	MEM_OK();
	parse_resp(mock_phys_ptr(SP1_RX), (size_t)r.x[1], FFA_VERSION_1_2, &d);
	assert_int_equal(d.handle, h);
	assert_int_equal(d.flags & FFA_MEM_FLAG_TRANSACTION_TYPE_MASK, DONATE_FLAGS);
	assert_int_equal(resp_acc[0].id, SP1);
	assert_int_equal(resp_acc[0].perms & FFA_MEM_DATA_ACCESS_MASK, FFA_MEM_DATA_RW);
	for (int i = 0; i < 2; i++) {
		uint64_t pa = SHBUF + i * FFA_PAGE_SIZE;

		assert_int_equal(spmc_mem_owner(ut_fx.s->mem, pa), SP1);
		assert_int_equal(spmc_mem_page(ut_fx.s->mem, pa, &pg), 0);
		assert_int_equal(pg.state, SPMC_MEM_PAGE_OWNED);
		assert_true(mapped(SP1, pa, &attrs));
		assert_int_equal(attrs & (HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS),
				 HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS);
		assert_int_equal(mock_nwd_access(pa), 0);
	}
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), FFA_RET_INVALID_PARAMETERS);

	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 0),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	enc_relinquish(SP1_TX, h, SP1);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RELINQUISH_32), FFA_RET_INVALID_PARAMETERS);
	/* The NWd no longer owns it: sending it again is refused. */
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP2, SHBUF, 1);
	desc_put(&t, 0, desc_size(&t), NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, desc_size(&t), desc_size(&t)),
			 FFA_RET_DENIED);
	assert_int_equal(mock_nwd_access(SHBUF), 0);
	assert_true(mapped(SP1, SHBUF, NULL));
}

/* DEN0077 FFA_MEM_RECLAIM of a donation not yet retrieved: the donor is
 * still the owner and gets its access back; the handle ends (the borrower's
 * retrieve -> INVALID_PARAMETERS, nothing changed). */
static void test_donor_reclaims_before_retrieve(void **state)
{
	ffa_mem_handle_t h = nwd_donate(SP1, 0);
	struct spmc_ec *sp;
	size_t len;

	(void)state;
	reclaim_on(0, ut_nwd(0), h);
	assert_int_equal(mock_nwd_access(SHBUF), RWX);
	assert_int_equal(mock_nwd_access(SHBUF + FFA_PAGE_SIZE), RWX);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), RWX);
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, SHBUF), NWD);
	sp = sp1_with_rxtx();
	len = enc_retrieve(SP1_TX, FFA_VERSION_1_2, NWD, SP1, h, DONATE_FLAGS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len), FFA_RET_INVALID_PARAMETERS);
	assert_false(mapped(SP1, SHBUF, NULL));
}

/* DEN0077 FFA_MEM_DONATE between SPs: SP1 donates two pages of its own
 * memory to SP3; they leave SP1's address space on the send (its other pages
 * stay), enter SP3's (secure) on the retrieve, SP3 owns them, and SP1 cannot
 * reclaim them (INVALID_PARAMETERS, nothing changed). */
static void test_sp_donates_own_pages_to_sp(void **state)
{
	struct spmc_ec *sp1 = sp1_with_rxtx(), *sp3;
	uint32_t attrs = 0;
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_DONATE, SP1, SP3, SP1_LENT, 2);
	h = send_whole(0, sp1, SP1_TX, FFA_MEM_DONATE_64, &t);
	assert_false(mapped(SP1, SP1_LENT, NULL));
	assert_false(mapped(SP1, SP1_LENT + FFA_PAGE_SIZE, NULL));
	assert_true(mapped(SP1, SP1_LENT - FFA_PAGE_SIZE, NULL));
	assert_true(mapped(SP1, SP1_LENT + 2 * FFA_PAGE_SIZE, NULL));
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, SP1, SP1_LENT), 0);

	sp3 = sp_with_rxtx(1, SP3);
	r = retrieve_on(1, sp3, SP1, h, DONATE_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	MEM_OK();
	for (int i = 0; i < 2; i++) {
		uint64_t pa = SP1_LENT + i * FFA_PAGE_SIZE;

		assert_true(mapped(SP3, pa, &attrs));
		assert_int_equal(attrs & (HAL_MEM_W | HAL_MEM_NS), HAL_MEM_W);
		assert_int_equal(spmc_mem_owner(ut_fx.s->mem, pa), SP3);
		assert_false(mapped(SP1, pa, NULL));
	}
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_false(mapped(SP1, SP1_LENT, NULL));
}

/* DEN0077 FFA_MEM_DONATE names exactly one borrower: two ->
 * INVALID_PARAMETERS, nothing changed (from the NWd and from an SP). */
static void test_donate_two_borrowers_invalid(void **state)
{
	struct spmc_ec *sp1;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_DONATE, NWD, SP1, SHBUF, 1);
	desc_borrower(&t, SPMC_MEM_OP_DONATE, SP2);
	desc_put(&t, 0, desc_size(&t), NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_DONATE_64, desc_size(&t), desc_size(&t)),
			 FFA_RET_INVALID_PARAMETERS);
	/* (with a memory type, as a send to several would name one) */
	t.d.attributes = ATTR_WB;
	desc_put(&t, 0, desc_size(&t), NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_DONATE_32, desc_size(&t), desc_size(&t)),
			 FFA_RET_INVALID_PARAMETERS);

	sp1 = sp1_with_rxtx();
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_DONATE, SP1, SP2, SP1_LENT, 1);
	desc_borrower(&t, SPMC_MEM_OP_DONATE, SP3);
	desc_put(&t, 0, desc_size(&t), SP1_TX);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_DONATE_64, desc_size(&t), desc_size(&t)),
			 FFA_RET_INVALID_PARAMETERS);
	assert_true(mapped(SP1, SP1_LENT, NULL));
}

/* DEN0077 memory region attributes and access permissions of a donate: the
 * memory type is the borrower's to choose (a type set -> INVALID_PARAMETERS),
 * so is the data access (RO or RW given -> INVALID_PARAMETERS), and the
 * instruction access is never the sender's (X or NX -> INVALID_PARAMETERS);
 * nothing changed. */
static void test_donate_attributes_and_permissions_invalid(void **state)
{
	static const struct {
		uint16_t attributes;
		uint8_t perms;
	} cases[] = {
		{ATTR_WB, 0},
		{FFA_MEM_TYPE_DEVICE << FFA_MEM_TYPE_SHIFT, 0},
		{0, FFA_MEM_DATA_RW},
		{0, FFA_MEM_DATA_RO},
		{0, FFA_MEM_INSTR_NX << FFA_MEM_INSTR_ACCESS_SHIFT},
		{0, FFA_MEM_INSTR_X << FFA_MEM_INSTR_ACCESS_SHIFT},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_DONATE, NWD, SP1, SHBUF, 2);
		t.d.attributes = cases[i].attributes;
		t.acc[0].perms = cases[i].perms;
		desc_put(&t, 0, desc_size(&t), NWD_TX);
		EXPECT_MEM_ERROR(0, ut_nwd(0),
				 FFA(FFA_MEM_DONATE_64, desc_size(&t), desc_size(&t)),
				 FFA_RET_INVALID_PARAMETERS);
	}
	assert_int_equal(mock_nwd_access(SHBUF), RWX);
}

/* DEN0077 FFA_MEM_DONATE: the memory goes to a partition, never to a
 * normal-world endpoint -> INVALID_PARAMETERS, nothing changed. */
static void test_donate_to_normal_world_invalid(void **state)
{
	struct spmc_ec *sp1 = sp1_with_rxtx();

	(void)state;
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_DONATE, SP1, NWD, SP1_LENT, 1);
	desc_put(&t, 0, desc_size(&t), SP1_TX);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_DONATE_64, desc_size(&t), desc_size(&t)),
			 FFA_RET_INVALID_PARAMETERS);
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_DONATE, NWD, 0x0001, SHBUF, 1);
	desc_put(&t, 0, desc_size(&t), NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_DONATE_64, desc_size(&t), desc_size(&t)),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MEM_RETRIEVE_REQ of a donation by an SP that is not its
 * borrower -> refused, nothing changed: the donation is still pending and the
 * borrower retrieves it afterwards. */
static void test_donation_retrieved_by_other_sp(void **state)
{
	ffa_mem_handle_t h = nwd_donate(SP1, 0);
	struct spmc_ec *sp2 = sp_with_rxtx(1, SP2), *sp1;
	struct mem_snap b, a;
	struct ffa_value r;
	size_t len;

	(void)state;
	len = enc_retrieve(SP2_TX, FFA_VERSION_1_2, NWD, SP2, h, DONATE_FLAGS);
	mem_snap(&b);
	ut_snap_take(&ut_snap_before);
	r = call(1, sp2, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len));
	assert_int_equal((uint32_t)r.x[0], FFA_ERROR_32);
	assert_true(ffa_error_code(&r) == FFA_RET_INVALID_PARAMETERS ||
		    ffa_error_code(&r) == FFA_RET_DENIED);
	ut_snap_take(&ut_snap_after);
	ut_snap_compare(&ut_snap_before, &ut_snap_after, __FILE__, __LINE__);
	mem_snap(&a);
	MEM_SNAP_EQUAL(&b, &a);
	assert_false(mapped(SP2, SHBUF, NULL));

	sp1 = sp1_with_rxtx();
	r = retrieve(sp1, SP1_TX, NWD, h, DONATE_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, SHBUF), SP1);
}

/* DEN0077 FFA_MEM_RETRIEVE_REQ is all or nothing: the borrower's mapping of
 * a donation fails -> the error, nothing changed (still the NWd's, still
 * pending, nothing mapped); the retrieve succeeds afterwards. */
static void test_donation_retrieve_map_failure(void **state)
{
	ffa_mem_handle_t h = nwd_donate(SP1, 0);
	struct spmc_ec *sp = sp1_with_rxtx();
	struct spmc_mem_tx_info info;
	struct ffa_value r;
	size_t len;

	(void)state;
	len = enc_retrieve(SP1_TX, FFA_VERSION_1_2, NWD, SP1, h, DONATE_FLAGS);
	mock_hal.as_map_fail_at = 1;
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len), FFA_RET_NO_MEMORY);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), 0);
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, SHBUF), NWD);
	assert_false(mapped(SP1, SHBUF, NULL));
	r = retrieve(sp, SP1_TX, NWD, h, DONATE_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, SHBUF), SP1);
	MEM_OK();
}

/* DEN0077 flags of FFA_MEM_DONATE, bit 0 (zero memory): the donor's contents
 * are cleared before the borrower can see the memory. */
static void test_donate_zeroes_memory(void **state)
{
	struct spmc_ec *sp;
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	memset(mock_phys_ptr(SHBUF), 0xa5, 2 * FFA_PAGE_SIZE);
	memset(mock_phys_ptr(SHBUF + 2 * FFA_PAGE_SIZE), 0xa5, FFA_PAGE_SIZE);
	h = nwd_donate(SP1, FFA_MEM_FLAG_ZERO_MEMORY);
	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, DONATE_FLAGS | FFA_MEM_FLAG_ZERO_MEMORY);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	for (size_t i = 0; i < 2 * FFA_PAGE_SIZE; i++)
		assert_int_equal(((uint8_t *)mock_phys_ptr(SHBUF))[i], 0);
	/* the page after it is not the donation's */
	assert_int_equal(((uint8_t *)mock_phys_ptr(SHBUF + 2 * FFA_PAGE_SIZE))[0], 0xa5);
	MEM_OK();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ut_teardown)
		T(test_nwd_donates_to_sp),
		T(test_donor_reclaims_before_retrieve),
		T(test_sp_donates_own_pages_to_sp),
		T(test_donate_two_borrowers_invalid),
		T(test_donate_attributes_and_permissions_invalid),
		T(test_donate_to_normal_world_invalid),
		T(test_donation_retrieved_by_other_sp),
		T(test_donation_retrieve_map_failure),
		T(test_donate_zeroes_memory),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
