/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory management ABIs (mem_abi.c): FFA_MEM_SHARE / LEND (32/64),
 * FFA_MEM_RETRIEVE_REQ, FFA_MEM_RELINQUISH, FFA_MEM_RECLAIM, through the
 * dispatcher, against the HAL fake. Every refusal leaves the core, the HAL
 * fake and the transaction store as they were.
 */
#include "mem_abi_fixture.h"

/* A send of [addr, addr + pages) to one borrower, whole in the TX buffer at
 * tx_pa: its length. */
static size_t enc_send(uint64_t tx_pa, uint32_t v, ffa_id_t sender, ffa_id_t borrower,
		       uint64_t addr, uint32_t pages, bool lend, uint32_t flags)
{
	struct spmc_mem_access acc = {.id = borrower, .perms = FFA_MEM_DATA_RW};
	struct spmc_mem_range rng = {.addr = addr, .pages = pages};
	struct spmc_mem_desc d = {
		.version = v,
		.sender = sender,
		.attributes = lend ? 0 : ATTR_WB,
		.flags = flags,
		.access = &acc,
		.access_count = 1,
		.ranges = &rng,
		.range_count = 1,
		.total_pages = pages,
	};
	size_t w = 0, total = 0;

	assert_int_equal(spmc_mem_desc_encode_send(&d, v, 0, mock_phys_ptr(tx_pa), FFA_PAGE_SIZE,
						   &w, &total), 0);
	assert_int_equal(w, total);
	return total;
}

/* DEN0077 FFA_FEATURES and the memory management supplement's table 3.1:
 * every memory ABI is reported; sends take a descriptor in a buffer of the
 * caller's (w2 bit 0); RETRIEVE_REQ wants the NS-bit input property from a
 * v1.1+ caller and reports NS handling, and hypervisor retrieval to the NWd. */
static void test_features_mem_abis(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp;

	(void)state;
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_MEM_SHARE_64),
			   FFA_FEATURES_MEM_DYN_BUFFER, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_MEM_LEND_32),
			   FFA_FEATURES_MEM_DYN_BUFFER, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_MEM_DONATE_64),
			   FFA_FEATURES_MEM_DYN_BUFFER, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_MEM_RECLAIM_32), 0, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_MEM_FRAG_TX_32), 0, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_MEM_FRAG_RX_32), 0, 0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_MEM_RETRIEVE_REQ_64),
			 FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0),
			   FFA(FFA_FEATURES_32, FFA_MEM_RETRIEVE_REQ_64,
			       FFA_FEATURES_MEM_RETRIEVE_NS),
			   FFA_FEATURES_MEM_RETRIEVE_NS | FFA_FEATURES_MEM_RETRIEVE_HYP, 0);
	/* Undefined input bits. */
	EXPECT_FFA_ERROR(0, ut_nwd(0),
			 FFA(FFA_FEATURES_32, FFA_MEM_RETRIEVE_REQ_32,
			     FFA_FEATURES_MEM_RETRIEVE_NS | 1),
			 FFA_RET_INVALID_PARAMETERS);
	sp = ut_nwd_req(0, SP1, &r);
	EXPECT_FFA_SUCCESS(0, sp,
			   FFA(FFA_FEATURES_32, FFA_MEM_RETRIEVE_REQ_64,
			       FFA_FEATURES_MEM_RETRIEVE_NS),
			   FFA_FEATURES_MEM_RETRIEVE_NS, 0);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_FEATURES_32, FFA_MEM_RELINQUISH_32), 0, 0);
	/* S-EL0 only: SP1 is an S-EL1 partition. */
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_FEATURES_32, FFA_MEM_PERM_SET_64), FFA_RET_NOT_SUPPORTED);
}

/* The OP-TEE flow: NWd shares NS memory with SP1, SP1 retrieves it (mapped
 * RW, NS, at IPA == PA; response in its RX with the NS bit), relinquishes
 * (unmapped), the NWd reclaims (handle dead). */
static void test_share_retrieve_relinquish_reclaim(void **state)
{
	struct spmc_mem_access acc[4];
	struct spmc_mem_range rng[4];
	struct spmc_mem_room room = {acc, 4, rng, 4};
	struct spmc_mem_tx_info info;
	struct spmc_mem_desc d;
	struct ffa_value r;
	uint32_t attrs = 0;
	ffa_mem_handle_t h;
	struct spmc_ec *sp;

	(void)state;
	h = nwd_share(SP1);
	assert_int_equal(h >> 63, 0);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), 0);
	assert_int_equal(info.op, SPMC_MEM_OP_SHARE);
	assert_int_equal(info.sender, NWD);
	assert_int_equal(info.holders, 0);

	sp = sp1_with_rxtx();
	assert_false(mapped(SP1, SHBUF, NULL));
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_int_not_equal(r.x[1], 0);
	assert_int_equal(r.x[1], r.x[2]);
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
	assert_int_equal(spmc_mem_desc_parse(mock_phys_ptr(SP1_RX), (size_t)r.x[1],
					     SPMC_FFA_VERSION, SPMC_MEM_DESC_RETRIEVE_RESP, &room,
					     &d),
			 0);
	assert_int_equal(d.handle, h);
	assert_int_equal(d.sender, NWD);
	assert_int_equal(d.range_count, 1);
	assert_int_equal(rng[0].addr, SHBUF);
	assert_int_equal(rng[0].pages, 2);
	assert_int_equal(d.access_count, 1);
	assert_int_equal(acc[0].id, SP1);
	assert_int_equal(acc[0].perms & FFA_MEM_DATA_ACCESS_MASK, FFA_MEM_DATA_RW);
	assert_true(d.attributes & FFA_MEM_ATTR_NS);
	assert_true(mapped(SP1, SHBUF, &attrs));
	assert_true(mapped(SP1, SHBUF + FFA_PAGE_SIZE, NULL));
	assert_int_equal(attrs & (HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS),
			 HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, SP1, SHBUF) & HAL_MEM_W, HAL_MEM_W);

	/* Reclaim while SP1 holds it: DENIED, nothing changed. */
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0),
			 FFA_RET_DENIED);

	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	enc_relinquish(SP1_TX, h, SP1);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_MEM_RELINQUISH_32), 0, 0);
	assert_false(mapped(SP1, SHBUF, NULL));
	assert_false(mapped(SP1, SHBUF + FFA_PAGE_SIZE, NULL));
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, SP1, SHBUF), 0);

	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0), 0, 0);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(spmc_mem_check(ut_fx.s->mem, NULL), 0);
}

/* FFA_MEM_SHARE_32 works the same; the two handles differ. */
static void test_share_32(void **state)
{
	size_t len = enc_send(NWD_TX, FFA_VERSION_1_1, NWD, SP2, SHBUF, 1, false, 0);
	struct ffa_value r = FFA(FFA_MEM_SHARE_32, len, len);
	ffa_mem_handle_t h1, h2;

	(void)state;
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_ffa_success(&r, r.x[2], r.x[3]);
	h1 = (uint32_t)r.x[2] | (r.x[3] << 32);
	len = enc_send(NWD_TX, FFA_VERSION_1_1, NWD, SP2, SHBUF + FFA_PAGE_SIZE, 1, false, 0);
	r = FFA(FFA_MEM_SHARE_32, len, len);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_ffa_success(&r, r.x[2], r.x[3]);
	h2 = (uint32_t)r.x[2] | (r.x[3] << 32);
	assert_true(h1 != h2);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, (uint32_t)h1, h1 >> 32), 0, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, (uint32_t)h2, h2 >> 32), 0, 0);
}

/* FFA_MEM_LEND by an SP of its own memory: the lender's mapping goes on lend,
 * the borrower (SP3) maps it on retrieve (secure), unmaps on relinquish, and
 * the lender's mapping comes back on reclaim. */
static void test_sp_lend_to_sp(void **state)
{
	struct spmc_ec *sp1 = sp1_with_rxtx(), *sp3;
	size_t len = enc_send(SP1_TX, SPMC_FFA_VERSION, SP1, SP3, SP1_LENT, 1, true, 0);
	struct ffa_value r = FFA(FFA_MEM_LEND_64, len, len);
	uint32_t attrs = 0;
	ffa_mem_handle_t h;

	(void)state;
	assert_true(mapped(SP1, SP1_LENT, NULL));
	assert_ptr_equal(ut_call(0, sp1, &r), sp1);
	assert_ffa_success(&r, r.x[2], r.x[3]);
	h = (uint32_t)r.x[2] | (r.x[3] << 32);
	assert_false(mapped(SP1, SP1_LENT, NULL));
	assert_true(mapped(SP1, SP1_LENT - FFA_PAGE_SIZE, NULL));
	assert_true(mapped(SP1, SP1_LENT + FFA_PAGE_SIZE, NULL));
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, SP1, SP1_LENT), 0);

	/* SP1 asks SP3 to take it. */
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(SP1, SP3), 0, h);
	sp3 = ut_call(0, sp1, &r);
	assert_ptr_equal(sp3, ut_ec(SP3, 0));
	EXPECT_FFA_SUCCESS(0, sp3, FFA(FFA_RXTX_MAP_64, SP3_TX, SP3_RX, 1), 0, 0);
	r = retrieve(sp3, SP3_TX, SP1, h, LEND_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_true(mapped(SP3, SP1_LENT, &attrs));
	assert_int_equal(attrs & (HAL_MEM_W | HAL_MEM_NS), HAL_MEM_W);
	*(volatile uint32_t *)mock_phys_ptr(SP1_LENT) = 0x5a5a;

	EXPECT_FFA_SUCCESS(0, sp3, FFA(FFA_RX_RELEASE_32), 0, 0);
	enc_relinquish(SP3_TX, h, SP3);
	EXPECT_FFA_SUCCESS(0, sp3, FFA(FFA_MEM_RELINQUISH_32), 0, 0);
	assert_false(mapped(SP3, SP1_LENT, NULL));
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP3, SP1));
	assert_ptr_equal(ut_call(0, sp3, &r), sp1);

	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0), 0, 0);
	assert_true(mapped(SP1, SP1_LENT, &attrs));
	assert_int_equal(attrs & (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X),
			 HAL_MEM_R | HAL_MEM_W | HAL_MEM_X);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, SP1, SP1_LENT),
			 HAL_MEM_R | HAL_MEM_W | HAL_MEM_X);
	assert_int_equal(*(volatile uint32_t *)mock_phys_ptr(SP1_LENT), 0x5a5a);
}

/* NWd lends NS memory to SP1: the store records the NWd losing access (the
 * HAL cannot enforce it yet); retrieve, relinquish, reclaim. */
static void test_nwd_lend(void **state)
{
	size_t len = enc_send(NWD_TX, FFA_VERSION_1_1, NWD, SP1, SHBUF, 1, true, 0);
	struct ffa_value r = FFA(FFA_MEM_LEND_32, len, len);
	ffa_mem_handle_t h;
	struct spmc_ec *sp;

	(void)state;
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_ffa_success(&r, r.x[2], r.x[3]);
	h = (uint32_t)r.x[2] | (r.x[3] << 32);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), 0);
	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, LEND_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_true(mapped(SP1, SHBUF, NULL));
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	enc_relinquish(SP1_TX, h, SP1);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_MEM_RELINQUISH_32), 0, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0), 0, 0);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF),
			 HAL_MEM_R | HAL_MEM_W | HAL_MEM_X);
}

/* ---- refusals, each leaving everything as it was ---- */

/* A malformed descriptor (length shorter than the header) -> INVALID_PARAMETERS. */
static void test_send_bad_descriptor_invalid(void **state)
{
	size_t len = enc_send(NWD_TX, FFA_VERSION_1_1, NWD, SP1, SHBUF, 1, false, 0);

	(void)state;
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, 16, 16), FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len - 1, len - 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, 0, 0), FFA_RET_INVALID_PARAMETERS);
	/* longer than the TX buffer */
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, 2 * FFA_PAGE_SIZE, 2 * FFA_PAGE_SIZE),
			 FFA_RET_INVALID_PARAMETERS);
	/* fragment longer than the total */
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len + 16),
			 FFA_RET_INVALID_PARAMETERS);
	/* MBZ registers */
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, 0, 0, 1),
			 FFA_RET_INVALID_PARAMETERS);
}

/* Operation time slicing (flag bit 1) is optional: a clear NOT_SUPPORTED. */
static void test_send_time_slicing_not_supported(void **state)
{
	size_t len = enc_send(NWD_TX, FFA_VERSION_1_1, NWD, SP1, SHBUF, 1, false,
			      FFA_MEM_FLAG_TIME_SLICING);

	(void)state;
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len), FFA_RET_NOT_SUPPORTED);
}

/* DEN0077: the sender in the descriptor is not the caller -> INVALID_PARAMETERS. */
static void test_send_wrong_sender_invalid(void **state)
{
	size_t len = enc_send(NWD_TX, FFA_VERSION_1_1, SP2, SP1, SHBUF, 1, false, 0);

	(void)state;
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len), FFA_RET_INVALID_PARAMETERS);
}

/* A borrower that is not a known SP -> INVALID_PARAMETERS. */
static void test_send_unknown_borrower_invalid(void **state)
{
	size_t len = enc_send(NWD_TX, FFA_VERSION_1_1, NWD, 0x8009, SHBUF, 1, false, 0);

	(void)state;
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len), FFA_RET_INVALID_PARAMETERS);
	len = enc_send(NWD_TX, FFA_VERSION_1_1, NWD, 0x0001, SHBUF, 1, false, 0);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_LEND_64, len, len), FFA_RET_INVALID_PARAMETERS);
}

/* The NWd sharing memory it does not own (secure memory) is refused. */
static void test_send_not_owned_refused(void **state)
{
	size_t len = enc_send(NWD_TX, FFA_VERSION_1_1, NWD, SP1, UT_SP_BASE(1), 1, false, 0);
	struct mem_snap b, a;
	struct ffa_value r = FFA(FFA_MEM_SHARE_64, len, len);

	(void)state;
	mem_snap(&b);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_int_equal((uint32_t)r.x[0], FFA_ERROR_32);
	mem_snap(&a);
	assert_memory_equal(&b, &a, sizeof(b));
}

/* Retrieve with a handle that was never given out, and by an SP that is not
 * a borrower: refused, nothing mapped. */
static void test_retrieve_forged_handle_and_non_borrower(void **state)
{
	ffa_mem_handle_t h = nwd_share(SP1);
	struct spmc_ec *sp2;
	struct ffa_value r;
	size_t len;

	(void)state;
	/* SP2 (not a borrower) */
	sp2 = ut_nwd_req(1, SP2, &r);
	EXPECT_FFA_SUCCESS(1, sp2, FFA(FFA_RXTX_MAP_64, UT_SP_BASE(1) + 0x8000,
				       UT_SP_BASE(1) + 0xa000, 1), 0, 0);
	len = enc_retrieve(UT_SP_BASE(1) + 0x8000, SPMC_FFA_VERSION, NWD, SP2, h, SHARE_FLAGS);
	r = FFA(FFA_MEM_RETRIEVE_REQ_64, len, len);
	{
		struct mem_snap b, a;

		mem_snap(&b);
		ut_snap_take(&ut_snap_before);
		assert_ptr_equal(ut_call(1, sp2, &r), sp2);
		assert_int_equal((uint32_t)r.x[0], FFA_ERROR_32);
		assert_true(ffa_error_code(&r) == FFA_RET_INVALID_PARAMETERS ||
			    ffa_error_code(&r) == FFA_RET_DENIED);
		ut_snap_take(&ut_snap_after);
		ut_snap_compare(&ut_snap_before, &ut_snap_after, __FILE__, __LINE__);
		mem_snap(&a);
		assert_memory_equal(&b, &a, sizeof(b));
	}
	assert_false(mapped(SP2, SHBUF, NULL));

	/* Forged handle, from the real borrower. */
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r);

	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), 0, 0);
	len = enc_retrieve(SP1_TX, SPMC_FFA_VERSION, NWD, SP1, h ^ 0x10000, SHARE_FLAGS);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len),
			 FFA_RET_INVALID_PARAMETERS);
	assert_false(mapped(SP1, SHBUF, NULL));
	/* Reclaim of a forged handle. */
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, (uint32_t)(h ^ 0x10000), h >> 32),
			 FFA_RET_INVALID_PARAMETERS);
}

/* Retrieve while the caller's RX buffer is full -> BUSY; nothing changed. */
static void test_retrieve_rx_busy(void **state)
{
	ffa_mem_handle_t h = nwd_share(SP1);
	struct spmc_ec *sp = sp1_with_rxtx();
	struct ffa_value r = FFA(FFA_PARTITION_INFO_GET_32);
	size_t len;

	(void)state;
	assert_ptr_equal(ut_call(0, sp, &r), sp); /* fills SP1's RX */
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
	len = enc_retrieve(SP1_TX, SPMC_FFA_VERSION, NWD, SP1, h, SHARE_FLAGS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len), FFA_RET_BUSY);
	assert_false(mapped(SP1, SHBUF, NULL));
}

/* The borrower's mapping fails in the HAL: the error, nothing mapped, the
 * transaction still unretrieved. */
static void test_retrieve_map_failure_all_or_nothing(void **state)
{
	ffa_mem_handle_t h = nwd_share(SP1);
	struct spmc_ec *sp = sp1_with_rxtx();
	size_t len = enc_retrieve(SP1_TX, SPMC_FFA_VERSION, NWD, SP1, h, SHARE_FLAGS);

	(void)state;
	mock_hal.as_map_fail_at = 1;
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len), FFA_RET_NO_MEMORY);
	assert_false(mapped(SP1, SHBUF, NULL));
	/* and it works afterwards */
	struct ffa_value r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);

	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
}

/* Relinquish by an SP that is not a borrower, and of a handle it does not
 * hold -> refused, nothing changed. */
static void test_relinquish_non_borrower(void **state)
{
	ffa_mem_handle_t h = nwd_share(SP1);
	struct spmc_ec *sp1 = sp1_with_rxtx(), *sp3;
	struct ffa_value r;

	(void)state;
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(SP1, SP3), 0, h);
	sp3 = ut_call(0, sp1, &r);
	assert_ptr_equal(sp3, ut_ec(SP3, 0));
	EXPECT_FFA_SUCCESS(0, sp3, FFA(FFA_RXTX_MAP_64, SP3_TX, SP3_RX, 1), 0, 0);
	enc_relinquish(SP3_TX, h, SP3);
	{
		struct mem_snap b, a;

		mem_snap(&b);
		ut_snap_take(&ut_snap_before);
		r = FFA(FFA_MEM_RELINQUISH_32);
		assert_ptr_equal(ut_call(0, sp3, &r), sp3);
		assert_int_equal((uint32_t)r.x[0], FFA_ERROR_32);
		ut_snap_take(&ut_snap_after);
		ut_snap_compare(&ut_snap_before, &ut_snap_after, __FILE__, __LINE__);
		mem_snap(&a);
		assert_memory_equal(&b, &a, sizeof(b));
	}
	/* naming another endpoint */
	enc_relinquish(SP3_TX, h, SP1);
	EXPECT_MEM_ERROR(0, sp3, FFA(FFA_MEM_RELINQUISH_32), FFA_RET_INVALID_PARAMETERS);
	/* a bad relinquish descriptor (count 0) */
	enc_relinquish(SP3_TX, h, SP3);
	((uint8_t *)mock_phys_ptr(SP3_TX))[12] = 0;
	EXPECT_MEM_ERROR(0, sp3, FFA(FFA_MEM_RELINQUISH_32), FFA_RET_INVALID_PARAMETERS);
}

/* Reclaim by someone other than the sender -> refused, nothing changed. */
static void test_reclaim_not_owner(void **state)
{
	ffa_mem_handle_t h = nwd_share(SP1);
	struct spmc_ec *sp = sp1_with_rxtx();
	struct ffa_value r = FFA(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32);
	struct mem_snap b, a;

	(void)state;
	mem_snap(&b);
	assert_ptr_equal(ut_call(0, sp, &r), sp);
	assert_int_equal((uint32_t)r.x[0], FFA_ERROR_32);
	mem_snap(&a);
	assert_memory_equal(&b, &a, sizeof(b));
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 2),
			 FFA_RET_NOT_SUPPORTED);
}

/* Without ns_mem (every older configuration) the NWd has nothing to share. */
static void test_no_ns_mem_nothing_to_share(void **state)
{
	size_t len;

	(void)state;
	ut_std_booted();
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	len = enc_send(NWD_TX, FFA_VERSION_1_1, NWD, SP1, SHBUF, 1, false, 0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len), FFA_RET_INVALID_PARAMETERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ut_teardown)
		T(test_features_mem_abis),
		T(test_share_retrieve_relinquish_reclaim),
		T(test_share_32),
		T(test_sp_lend_to_sp),
		T(test_nwd_lend),
		T(test_send_bad_descriptor_invalid),
		T(test_send_time_slicing_not_supported),
		T(test_send_wrong_sender_invalid),
		T(test_send_unknown_borrower_invalid),
		T(test_send_not_owned_refused),
		T(test_retrieve_forged_handle_and_non_borrower),
		T(test_retrieve_rx_busy),
		T(test_retrieve_map_failure_all_or_nothing),
		T(test_relinquish_non_borrower),
		T(test_reclaim_not_owner),
		T(test_no_ns_mem_nothing_to_share),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
