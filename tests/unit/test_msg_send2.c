/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_MSG_SEND2 (DEN0077 v1.1+, indirect messaging) on the core with the HAL
 * fake: the copy into the receiver's RX buffer in the receiver's header
 * layout, RX buffer ownership, the RX-buffer-full framework notification, and
 * every refusal with the specification's error and nothing changed.
 */
#include "unit.h"

#include "msg/msg_hdr.h"

#define SP1_TX (UT_SP_BASE(0) + 0x8000)
#define SP1_RX (UT_SP_BASE(0) + 0x9000)

static int setup(void **state)
{
	struct ut *u = ut_begin_std();
	struct spmc_ec *sp1;
	struct ffa_value r;

	(void)state;
	/* SP1 takes indirect messages (and notifications); SP3 does not. */
	u->parts[0].properties |= FFA_PROP_INDIRECT_MSG | FFA_PROP_NOTIFICATION_RECV;
	ut_init(u);
	ut_boot_all();
	ut_nwd_version(FFA_VERSION_1_2);
	ut_nwd_map_rxtx();
	sp1 = ut_nwd_req(0, SP1, &r);
	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), 0, 0);
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD));
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	return 0;
}

/* A message in the normal world's TX buffer, in `version`'s layout. */
static void nwd_message(uint32_t version, ffa_id_t sender, ffa_id_t to, uint32_t offset,
			uint32_t size)
{
	uint8_t *tx = mock_phys_ptr(NWD_TX);
	struct spmc_msg_hdr h = {.offset = offset, .sender = sender, .receiver = to, .size = size};

	memset(tx, 0, FFA_PAGE_SIZE);
	assert_int_equal(spmc_msg_hdr_encode(&h, version, tx, FFA_PAGE_SIZE), 0);
	for (uint32_t i = 0; i < size && offset + i < FFA_PAGE_SIZE; i++)
		tx[offset + i] = (uint8_t)(i + 1);
}

static struct ffa_value send2(uint32_t flags)
{
	return FFA(FFA_MSG_SEND2_32, 0, flags);
}

/* DEN0077 FFA_MSG_SEND2 normal world -> SP: the receiver's RX buffer holds
 * the header (its layout) and the payload after it, and is the receiver's
 * until FFA_RX_RELEASE; its SPM framework bitmap has "RX buffer full" and
 * its notification pending interrupt is queued. No SRI: the normal world sent. */
static void test_delivers_into_receivers_rx(void **state)
{
	const uint8_t *rx = mock_phys_ptr(SP1_RX);
	struct spmc_msg_hdr h;
	uint32_t sgis = mock_hal.sgis_sent;
	struct spmc_ec *sp1 = ut_ec(SP1, 0);
	struct ffa_value r;

	(void)state;
	nwd_message(FFA_VERSION_1_2, NWD, SP1, SPMC_MSG_HDR_SIZE_V1_2 + 8, 16);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), send2(0), 0, 0);
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
	assert_int_equal(spmc_msg_hdr_parse(rx, FFA_PAGE_SIZE, FFA_VERSION_1_2, &h, NULL), 0);
	assert_int_equal(h.sender, NWD);
	assert_int_equal(h.receiver, SP1);
	assert_int_equal(h.size, 16);
	/* Repacked right after the receiver's header. */
	assert_int_equal(h.offset, SPMC_MSG_HDR_SIZE_V1_2);
	for (uint32_t i = 0; i < 16; i++)
		assert_int_equal(rx[h.offset + i], i + 1);
	assert_int_equal(mock_hal.sgis_sent, sgis);
	assert_int_equal(sp1->virq_count, 1);
	assert_int_equal(sp1->virq[0], SPMC_VIRQ_NOTIFICATION_PENDING);

	/* The receiver reads "RX buffer full" (SPM framework, w6 bit 0). */
	sp1 = ut_nwd_req(1, SP1, &r);
	r = FFA(FFA_NOTIFICATION_GET_32, SP1, 0xf);
	assert_ptr_equal(ut_call(1, sp1, &r), sp1);
	assert_int_equal(r.x[6], 1);
	EXPECT_FFA_SUCCESS(1, sp1, FFA(FFA_RX_RELEASE_32), 0, 0);
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
}

/* DEN0077: a receiver whose RX buffer it still owns: BUSY, nothing changed. */
static void test_busy_while_receiver_owns_rx(void **state)
{
	(void)state;
	nwd_message(FFA_VERSION_1_2, NWD, SP1, SPMC_MSG_HDR_SIZE_V1_2, 8);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), send2(0), 0, 0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_BUSY);
}

/* DEN0077 FFA_MSG_SEND2 bad input: each refusal changes nothing. */
static void test_refusals(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp3;

	(void)state;
	/* Payload inside the header; past the TX buffer; a sender that is not
	 * the caller; an unknown receiver; the normal world to itself. */
	nwd_message(FFA_VERSION_1_2, NWD, SP1, 8, 8);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_INVALID_PARAMETERS);
	nwd_message(FFA_VERSION_1_2, NWD, SP1, FFA_PAGE_SIZE - 4, 8);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_INVALID_PARAMETERS);
	nwd_message(FFA_VERSION_1_2, SP3, SP1, SPMC_MSG_HDR_SIZE_V1_2, 8);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_INVALID_PARAMETERS);
	nwd_message(FFA_VERSION_1_2, NWD, 0x8099, SPMC_MSG_HDR_SIZE_V1_2, 8);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_INVALID_PARAMETERS);
	nwd_message(FFA_VERSION_1_2, NWD, NWD, SPMC_MSG_HDR_SIZE_V1_2, 8);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_INVALID_PARAMETERS);
	/* Reserved flags and w1. */
	nwd_message(FFA_VERSION_1_2, NWD, SP1, SPMC_MSG_HDR_SIZE_V1_2, 8);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_SEND2_32, 1u << 16), FFA_RET_INVALID_PARAMETERS);
	/* SP3 takes no indirect messages: DENIED. */
	nwd_message(FFA_VERSION_1_2, NWD, SP3, SPMC_MSG_HDR_SIZE_V1_2, 8);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_DENIED);
	/* A sender without a TX buffer: DENIED. */
	sp3 = ut_nwd_req(1, SP3, &r);
	EXPECT_FFA_ERROR(1, sp3, send2(0), FFA_RET_DENIED);
}

/* A v1.1 sender's 20-byte header leaves room for a payload that does not fit
 * after the receiver's 40-byte one: NO_MEMORY, nothing changed. And a v1.1
 * header is read as v1.1. */
static void test_payload_larger_than_receivers_room(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	nwd_message(FFA_VERSION_1_1, NWD, SP1, SPMC_MSG_HDR_SIZE_V1_1,
		    FFA_PAGE_SIZE - SPMC_MSG_HDR_SIZE_V1_1);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_NO_MEMORY);
	nwd_message(FFA_VERSION_1_1, NWD, SP1, SPMC_MSG_HDR_SIZE_V1_1,
		    FFA_PAGE_SIZE - SPMC_MSG_HDR_SIZE_V1_2);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), send2(0), 0, 0);
}

/* DEN0077 v1.1 FFA_MSG_WAIT: waiting hands the RX buffer back, unless w2
 * bit 0 asks to keep it. */
static void test_msg_wait_retains_or_releases_rx(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1;

	(void)state;
	nwd_message(FFA_VERSION_1_2, NWD, SP1, SPMC_MSG_HDR_SIZE_V1_2, 8);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), send2(0), 0, 0);
	sp1 = ut_nwd_run(0, SP1, 0);
	/* Its notification pending interrupt is still queued (no vIRQ handler
	 * here): it gets it with FFA_INTERRUPT before it may wait. */
	r = FFA(FFA_MSG_WAIT_32, 0, 1);
	assert_ptr_equal(ut_call(0, sp1, &r), sp1);
	assert_int_equal(r.x[0], FFA_INTERRUPT_32);
	assert_int_equal(r.x[2], SPMC_VIRQ_NOTIFICATION_PENDING);
	r = FFA(FFA_MSG_WAIT_32, 0, 1);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_BUSY);
	sp1 = ut_nwd_run(0, SP1, 0);
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), send2(0), 0, 0);
}

/* An aborted receiver: ABORTED, nothing changed. */
static void test_aborted_receiver(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1;

	(void)state;
	sp1 = ut_nwd_req(0, SP1, &r);
	assert_ptr_equal(spmc_ec_abort(ut_fx.s, 0, sp1, &r), ut_nwd(0));
	nwd_message(FFA_VERSION_1_2, NWD, SP1, SPMC_MSG_HDR_SIZE_V1_2, 8);
	EXPECT_FFA_ERROR(0, ut_nwd(0), send2(0), FFA_RET_ABORTED);
}

/* ---- the v1.0 messages: FFA_MSG_SEND and FFA_MSG_POLL ---- */

#define SP3_TX (UT_SP_BASE(2) + 0x8000)
#define SP3_RX (UT_SP_BASE(2) + 0x9000)

/* A normal world that stays at v1.0 and SP3, a v1.0 SP taking indirect
 * messages, both with RX/TX buffers. */
static int setup_v10(void **state)
{
	struct ut *u = ut_begin_std();
	struct spmc_ec *sp3;
	struct ffa_value r;

	(void)state;
	u->parts[2].properties |= FFA_PROP_INDIRECT_MSG;
	u->parts[2].ffa_version = FFA_VERSION_1_0;
	ut_init(u);
	ut_boot_all();
	ut_nwd_map_rxtx();
	sp3 = ut_nwd_req(0, SP3, &r);
	EXPECT_FFA_SUCCESS(0, sp3, FFA(FFA_RXTX_MAP_64, SP3_TX, SP3_RX, 1), 0, 0);
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP3, NWD));
	assert_ptr_equal(ut_call(0, sp3, &r), ut_nwd(0));
	return 0;
}

/* DEN0077 v1.0 FFA_MSG_SEND / FFA_MSG_POLL: the payload (no header) lands at
 * the start of the receiver's RX buffer; FFA_MSG_POLL reports it once
 * (FFA_MSG_SEND: w1 sender | receiver, w3 size), RETRY when nothing is there;
 * the buffer is the receiver's until FFA_RX_RELEASE (BUSY meanwhile). */
static void test_v10_send_and_poll(void **state)
{
	uint8_t *tx = mock_phys_ptr(NWD_TX);
	const uint8_t *rx = mock_phys_ptr(SP3_RX);
	struct spmc_ec *sp3;
	struct ffa_value r;

	(void)state;
	for (int i = 0; i < 16; i++)
		tx[i] = (uint8_t)(0xa0 + i);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_MSG_SEND_32, ffa_pack_ids(NWD, SP3), 0, 16), 0, 0);
	for (int i = 0; i < 16; i++)
		assert_int_equal(rx[i], 0xa0 + i);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_SEND_32, ffa_pack_ids(NWD, SP3), 0, 16),
			 FFA_RET_BUSY);
	sp3 = ut_nwd_req(1, SP3, &r);
	r = FFA(FFA_MSG_POLL_32);
	assert_ptr_equal(ut_call(1, sp3, &r), sp3);
	assert_int_equal(r.x[0], FFA_MSG_SEND_32);
	assert_int_equal(r.x[1], ffa_pack_ids(NWD, SP3));
	assert_int_equal(r.x[3], 16);
	EXPECT_FFA_ERROR(1, sp3, FFA(FFA_MSG_POLL_32), FFA_RET_RETRY);
	EXPECT_FFA_SUCCESS(1, sp3, FFA(FFA_RX_RELEASE_32), 0, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_MSG_SEND_32, ffa_pack_ids(NWD, SP3), 0, 16), 0, 0);
}

/* DEN0077 v1.0 FFA_MSG_SEND refusals, nothing changed: another's sender ID,
 * a size of 0 or past the TX buffer, a receiver that is not a v1.0 taker of
 * indirect messages (DENIED); and the calls do not exist past v1.0. */
static void test_v10_refusals(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_SEND_32, ffa_pack_ids(SP1, SP3), 0, 16),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_SEND_32, ffa_pack_ids(NWD, SP3), 0, 0),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_SEND_32, ffa_pack_ids(NWD, SP3), 0, 4097),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_SEND_32, ffa_pack_ids(NWD, SP1), 0, 16),
			 FFA_RET_DENIED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_SEND_32, ffa_pack_ids(NWD, 0x8099), 0, 16),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_POLL_32), FFA_RET_RETRY);
	ut_nwd_version(FFA_VERSION_1_1);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_SEND_32, ffa_pack_ids(NWD, SP3), 0, 16),
			 FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_POLL_32), FFA_RET_NOT_SUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_delivers_into_receivers_rx, setup),
		cmocka_unit_test_setup(test_busy_while_receiver_owns_rx, setup),
		cmocka_unit_test_setup(test_refusals, setup),
		cmocka_unit_test_setup(test_payload_larger_than_receivers_room, setup),
		cmocka_unit_test_setup(test_msg_wait_retains_or_releases_rx, setup),
		cmocka_unit_test_setup(test_aborted_receiver, setup),
		cmocka_unit_test_setup(test_v10_send_and_poll, setup_v10),
		cmocka_unit_test_setup(test_v10_refusals, setup_v10),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
