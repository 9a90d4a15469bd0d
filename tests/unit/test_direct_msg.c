/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Direct messaging: FFA_MSG_SEND_DIRECT_REQ/RESP (32 and 64) and v1.2
 * FFA_MSG_SEND_DIRECT_REQ2/RESP2, between the NWd and SPs and between SPs.
 */
#include "unit.h"

static int setup(void **state)
{
	(void)state;
	ut_std_booted();
	return 0;
}

#define HI(x) (0xa5a5a5a5ull << 32 | (x))

static struct ffa_value req(uint32_t fid, ffa_id_t from, ffa_id_t to)
{
	return FFA(fid, ffa_pack_ids(from, to), 0, HI(3), HI(4), HI(5), HI(6), HI(7));
}

static struct ffa_value resp(uint32_t fid, ffa_id_t from, ffa_id_t to)
{
	return FFA(fid, ffa_pack_ids(from, to), 0, HI(13), HI(14), HI(15), HI(16), HI(17));
}

/* Sends *r from ec on cpu; expects it delivered to `to`; returns `to`. */
static struct spmc_ec *deliver(uint32_t cpu, struct spmc_ec *ec, struct ffa_value *r,
			       struct spmc_ec *to)
{
	struct spmc_ec *next = ut_call(cpu, ec, r);

	assert_ptr_equal(next, to);
	return next;
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ_64 NWd -> SP and FFA_MSG_SEND_DIRECT_RESP_64
 * back: x3..x7 carried whole; w1 sender/receiver; w2 zero; registers beyond x7
 * are not part of the message (zero). The requester blocks until the answer. */
static void test_direct_req_resp_64_nwd_to_sp(void **state)
{
	struct ffa_value r = req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, SP1);
	struct spmc_ec *sp1 = ut_ec(SP1, 0);

	(void)state;
	for (int i = 8; i < FFA_NREGS; i++)
		r.x[i] = 0xdead; /* not part of a REQ: must not leak */
	deliver(0, ut_nwd(0), &r, sp1);
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_REQ_64);
	assert_int_equal(r.x[1], ffa_pack_ids(NWD, SP1));
	assert_int_equal(r.x[2], 0);
	for (int i = 3; i <= 7; i++)
		assert_int_equal(r.x[i], HI(i));
	for (int i = 8; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], 0);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_BLOCKED);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);

	r = resp(FFA_MSG_SEND_DIRECT_RESP_64, SP1, NWD);
	deliver(0, sp1, &r, ut_nwd(0));
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	assert_int_equal(r.x[1], ffa_pack_ids(SP1, NWD));
	assert_int_equal(r.x[2], 0);
	for (int i = 3; i <= 7; i++)
		assert_int_equal(r.x[i], HI(10 + i));
	for (int i = 8; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], 0);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_RUNNING);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_WAITING);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ_32/RESP_32: SMC32 carries w3..w7 only: the
 * upper halves are not delivered (nor is w1's upper half looked at). */
static void test_direct_req_resp_32_truncated(void **state)
{
	struct ffa_value r = req(FFA_MSG_SEND_DIRECT_REQ_32, NWD, SP3);
	struct spmc_ec *sp3 = ut_ec(SP3, 0);

	(void)state;
	r.x[1] |= 0xffffull << 48;
	deliver(1, ut_nwd(1), &r, sp3);
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_REQ_32);
	assert_int_equal(r.x[1], ffa_pack_ids(NWD, SP3));
	for (int i = 3; i <= 7; i++)
		assert_int_equal(r.x[i], (uint32_t)i);
	r = resp(FFA_MSG_SEND_DIRECT_RESP_32, SP3, NWD);
	deliver(1, sp3, &r, ut_nwd(1));
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	for (int i = 3; i <= 7; i++)
		assert_int_equal(r.x[i], (uint32_t)(10 + i));
	for (int i = 8; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], 0);
}

/* DEN0077 direct messaging SP -> SP: an SP handling a request sends its own
 * request to another SP (both with the right properties), is blocked until the
 * response, which is delivered to it; it then answers the NWd. */
static void test_direct_req_resp_sp_to_sp(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r), *sp2 = ut_ec(SP2, 0);

	(void)state;
	r = req(FFA_MSG_SEND_DIRECT_REQ_64, SP1, SP2);
	deliver(0, sp1, &r, sp2);
	assert_int_equal(r.x[1], ffa_pack_ids(SP1, SP2));
	assert_int_equal(r.x[7], HI(7));
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_BLOCKED);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_BLOCKED);

	r = resp(FFA_MSG_SEND_DIRECT_RESP_64, SP2, SP1);
	deliver(0, sp2, &r, sp1);
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	assert_int_equal(r.x[1], ffa_pack_ids(SP2, SP1));
	assert_int_equal(r.x[3], HI(13));
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
	assert_int_equal(spmc_ec_state(sp2), SPMC_EC_WAITING);

	r = resp(FFA_MSG_SEND_DIRECT_RESP_32, SP1, NWD);
	deliver(0, sp1, &r, ut_nwd(0));
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_RUNNING);
}

/* DEN0077 v1.2 FFA_MSG_SEND_DIRECT_REQ2/RESP2: x2/x3 name the target's UUID,
 * x4..x17 carry the payload, all 64 bits; RESP2 carries x4..x17 back. */
static void test_direct_req2_resp2_payload(void **state)
{
	struct ffa_value r, sent;
	struct spmc_ec *sp1 = ut_ec(SP1, 0);

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	sent = FFA(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(NWD, SP1),
		   (uint64_t)ut_uuid[1][0] | (uint64_t)ut_uuid[1][1] << 32,
		   (uint64_t)ut_uuid[1][2] | (uint64_t)ut_uuid[1][3] << 32);
	for (int i = 4; i < FFA_NREGS; i++)
		sent.x[i] = HI(100 + i);
	r = sent;
	deliver(0, ut_nwd(0), &r, sp1);
	assert_memory_equal(&r, &sent, sizeof(r));

	r = FFA(FFA_MSG_SEND_DIRECT_RESP2_64, ffa_pack_ids(SP1, NWD));
	for (int i = 4; i < FFA_NREGS; i++)
		r.x[i] = HI(200 + i);
	deliver(0, sp1, &r, ut_nwd(0));
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	assert_int_equal(r.x[1], ffa_pack_ids(SP1, NWD));
	assert_int_equal(r.x[2], 0);
	assert_int_equal(r.x[3], 0);
	for (int i = 4; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], HI(200 + i));
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_WAITING);
}

/* DEN0077 v1.2 FFA_MSG_SEND_DIRECT_REQ2: the nil UUID targets the partition
 * whatever its services. */
static void test_direct_req2_nil_uuid_accepted(void **state)
{
	struct ffa_value r = FFA(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(NWD, SP2));

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	deliver(2, ut_nwd(2), &r, ut_ec(SP2, 2));
}

/* DEN0077 v1.2 FFA_MSG_SEND_DIRECT_REQ2: a UUID the receiver does not
 * implement -> INVALID_PARAMETERS. */
static void test_direct_req2_uuid_mismatch_invalid(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	EXPECT_FFA_ERROR(0, ut_nwd(0),
			 FFA(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(NWD, SP1),
			     (uint64_t)ut_uuid[2][0] | (uint64_t)ut_uuid[2][1] << 32,
			     (uint64_t)ut_uuid[2][2] | (uint64_t)ut_uuid[2][3] << 32),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 v1.2 FFA_MSG_SEND_DIRECT_REQ2 SP -> SP, and its send property: SP1
 * (sends REQ2) -> SP2 works; SP2 (does not send REQ2) -> DENIED. */
static void test_direct_req2_sp_to_sp_and_send_property(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r), *sp2;

	(void)state;
	r = FFA(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(SP1, SP2), 0, 0, 42);
	sp2 = deliver(0, sp1, &r, ut_ec(SP2, 0));
	assert_int_equal(r.x[4], 42);
	EXPECT_FFA_ERROR(0, sp2, FFA(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(SP2, SP3)),
			 FFA_RET_DENIED);
	r = FFA(FFA_MSG_SEND_DIRECT_RESP2_64, ffa_pack_ids(SP2, SP1), 0, 0, 43);
	deliver(0, sp2, &r, sp1);
	assert_int_equal(r.x[4], 43);
}

/* DEN0077 v1.2 FFA_MSG_SEND_DIRECT_REQ2 to a partition that does not receive
 * REQ2 -> DENIED (the core's reading: a valid endpoint refusing the method). */
static void test_direct_req2_receiver_without_property_denied(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(NWD, SP3)),
			 FFA_RET_DENIED);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: the sender ID in w1 [31:16] must be the
 * caller's own -> otherwise INVALID_PARAMETERS. */
static void test_direct_req_spoofed_sender_invalid(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1;

	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), req(FFA_MSG_SEND_DIRECT_REQ_64, SP4, SP1),
			 FFA_RET_INVALID_PARAMETERS);
	sp1 = ut_nwd_req(0, SP1, &r);
	EXPECT_FFA_ERROR(0, sp1, req(FFA_MSG_SEND_DIRECT_REQ_32, SP2, SP3),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, req(FFA_MSG_SEND_DIRECT_REQ_32, NWD, SP3),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: receiver ID of no endpoint -> INVALID_PARAMETERS. */
static void test_direct_req_unknown_receiver_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, 0x8077),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, SPMC_ID),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: receiver == sender -> INVALID_PARAMETERS. */
static void test_direct_req_to_self_invalid(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r);

	(void)state;
	EXPECT_FFA_ERROR(0, sp1, req(FFA_MSG_SEND_DIRECT_REQ_64, SP1, SP1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(1, ut_nwd(1), req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, NWD),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: SPs do not send requests to the normal
 * world -> INVALID_PARAMETERS. */
static void test_direct_req_to_nwd_invalid(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r);

	(void)state;
	EXPECT_FFA_ERROR(0, sp1, req(FFA_MSG_SEND_DIRECT_REQ_64, SP1, NWD),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: receiver does not receive direct requests
 * (partition property bit 0 clear) -> DENIED in the core as it stands. */
static void test_direct_req_receiver_without_property_denied(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, SP4),
			 FFA_RET_DENIED);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: w2 flags non-zero (a framework message,
 * which only the SPMC/SPMD originate here, or reserved bits) -> INVALID_PARAMETERS. */
static void test_direct_req_nonzero_flags_invalid(void **state)
{
	struct ffa_value in = req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, SP1);

	(void)state;
	in.x[2] = FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_VM_CREATED_REQ;
	EXPECT_FFA_ERROR(0, ut_nwd(0), in, FFA_RET_INVALID_PARAMETERS);
	in.x[2] = 1;
	EXPECT_FFA_ERROR(0, ut_nwd(0), in, FFA_RET_INVALID_PARAMETERS);
	/* The SMC32 form only looks at w2. */
	in = req(FFA_MSG_SEND_DIRECT_REQ_32, NWD, SP1);
	in.x[2] = 1ull << 32;
	deliver(0, ut_nwd(0), &in, ut_ec(SP1, 0));
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ_64: x1 [63:32] is reserved (MBZ) ->
 * INVALID_PARAMETERS. */
static void test_direct_req_64_x1_upper_invalid(void **state)
{
	struct ffa_value in = req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, SP1);

	(void)state;
	in.x[1] |= 1ull << 40;
	EXPECT_FFA_ERROR(0, ut_nwd(0), in, FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: an SP without the "sends direct requests"
 * property (bit 1) -> DENIED. */
static void test_direct_req_sender_without_property_denied(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp3 = ut_nwd_req(0, SP3, &r);

	(void)state;
	EXPECT_FFA_ERROR(0, sp3, req(FFA_MSG_SEND_DIRECT_REQ_64, SP3, SP1), FFA_RET_DENIED);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: the receiver's context is running
 * (elsewhere) or blocked on a request of its own -> BUSY. */
static void test_direct_req_target_busy(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r);

	(void)state;
	/* SP1 (UP) is running for CPU 0's NWd. */
	EXPECT_FFA_ERROR(1, ut_nwd(1), req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, SP1), FFA_RET_BUSY);
	/* SP1 blocked on SP2. */
	r = req(FFA_MSG_SEND_DIRECT_REQ_64, SP1, SP2);
	deliver(0, sp1, &r, ut_ec(SP2, 0));
	EXPECT_FFA_ERROR(1, ut_nwd(1), req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, SP1), FFA_RET_BUSY);
	/* Whatever the calling convention. */
	EXPECT_FFA_ERROR(3, ut_nwd(3), req(FFA_MSG_SEND_DIRECT_REQ_32, NWD, SP1), FFA_RET_BUSY);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: SP1 -> SP2 -> SP1 would wait forever (SP1
 * is blocked on SP2): the SPMC refuses to close the cycle -> DENIED. */
static void test_direct_req_cycle_denied(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r), *sp2;

	(void)state;
	r = req(FFA_MSG_SEND_DIRECT_REQ_64, SP1, SP2);
	sp2 = deliver(0, sp1, &r, ut_ec(SP2, 0));
	EXPECT_FFA_ERROR(0, sp2, req(FFA_MSG_SEND_DIRECT_REQ_64, SP2, SP1), FFA_RET_DENIED);
	/* The chain is intact: SP2 answers, SP1 answers. */
	r = resp(FFA_MSG_SEND_DIRECT_RESP_64, SP2, SP1);
	deliver(0, sp2, &r, sp1);
	r = resp(FFA_MSG_SEND_DIRECT_RESP_64, SP1, NWD);
	deliver(0, sp1, &r, ut_nwd(0));
}

/* DEN0077 (v1.2) FFA_MSG_SEND_DIRECT_REQ to an aborted partition -> ABORTED. */
static void test_direct_req_aborted_target_aborted(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp3 = ut_nwd_req(0, SP3, &r);

	(void)state;
	assert_ptr_equal(spmc_ec_abort(ut_fx.s, 0, sp3, &r), ut_nwd(0));
	assert_ffa_error(&r, FFA_RET_ABORTED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), req(FFA_MSG_SEND_DIRECT_REQ_64, NWD, SP3), FFA_RET_ABORTED);
	EXPECT_FFA_ERROR(2, ut_nwd(2), req(FFA_MSG_SEND_DIRECT_REQ_32, NWD, SP3), FFA_RET_ABORTED);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_RESP: only a context handling a direct request
 * may respond -> otherwise DENIED. */
static void test_direct_resp_without_request_denied(void **state)
{
	struct spmc_ec *sp1;

	(void)state;
	sp1 = ut_nwd_run(0, SP1, 0); /* running, but not for a request */
	EXPECT_FFA_ERROR(0, sp1, resp(FFA_MSG_SEND_DIRECT_RESP_64, SP1, NWD), FFA_RET_DENIED);
	EXPECT_FFA_ERROR(0, sp1, resp(FFA_MSG_SEND_DIRECT_RESP_32, SP1, NWD), FFA_RET_DENIED);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_RESP: the receiver must be the endpoint that
 * sent the request, the sender the caller itself -> otherwise INVALID_PARAMETERS. */
static void test_direct_resp_wrong_endpoints_invalid(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r);

	(void)state;
	EXPECT_FFA_ERROR(0, sp1, resp(FFA_MSG_SEND_DIRECT_RESP_64, SP1, SP2),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, resp(FFA_MSG_SEND_DIRECT_RESP_64, SP3, NWD),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_RESP: w2 flags non-zero, or x1 [63:32] in the
 * SMC64 form -> INVALID_PARAMETERS. */
static void test_direct_resp_reserved_bits_invalid(void **state)
{
	struct ffa_value r, in;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r);

	(void)state;
	in = resp(FFA_MSG_SEND_DIRECT_RESP_64, SP1, NWD);
	in.x[2] = FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_VERSION_RESP;
	EXPECT_FFA_ERROR(0, sp1, in, FFA_RET_INVALID_PARAMETERS);
	in = resp(FFA_MSG_SEND_DIRECT_RESP_64, SP1, NWD);
	in.x[1] |= 1ull << 32;
	EXPECT_FFA_ERROR(0, sp1, in, FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 v1.2: a REQ is answered with RESP, a REQ2 with RESP2; the other
 * response -> DENIED. */
static void test_direct_resp_kind_mismatch_denied(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1;

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	sp1 = ut_nwd_req(0, SP1, &r);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_MSG_SEND_DIRECT_RESP2_64, ffa_pack_ids(SP1, NWD)),
			 FFA_RET_DENIED);
	r = resp(FFA_MSG_SEND_DIRECT_RESP_64, SP1, NWD);
	deliver(0, sp1, &r, ut_nwd(0));

	r = FFA(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(NWD, SP1));
	deliver(0, ut_nwd(0), &r, sp1);
	EXPECT_FFA_ERROR(0, sp1, resp(FFA_MSG_SEND_DIRECT_RESP_64, SP1, NWD), FFA_RET_DENIED);
	EXPECT_FFA_ERROR(0, sp1, resp(FFA_MSG_SEND_DIRECT_RESP_32, SP1, NWD), FFA_RET_DENIED);
}

/* DEN0077 v1.2 FFA_MSG_SEND_DIRECT_RESP2: x2/x3 reserved -> INVALID_PARAMETERS. */
static void test_direct_resp2_reserved_regs_invalid(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_ec(SP1, 0);

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	r = FFA(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(NWD, SP1));
	deliver(0, ut_nwd(0), &r, sp1);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_MSG_SEND_DIRECT_RESP2_64, ffa_pack_ids(SP1, NWD), 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_MSG_SEND_DIRECT_RESP2_64, ffa_pack_ids(SP1, NWD), 0, 1),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077: responses are an SP's to give: from the NWd -> NOT_SUPPORTED. */
static void test_direct_resp_from_nwd_not_supported(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), resp(FFA_MSG_SEND_DIRECT_RESP_64, NWD, SP1),
			 FFA_RET_NOT_SUPPORTED);
}

/* FF-A MP partitions have pinned contexts: a request on CPU n runs the
 * receiver's context n, and the answer goes to CPU n's requester. */
static void test_direct_req_mp_target_uses_pinned_context(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp2;

	(void)state;
	sp2 = ut_nwd_req(2, SP2, &r);
	assert_ptr_equal(sp2, ut_ec(SP2, 2));
	assert_int_equal(spmc_ec_state(ut_ec(SP2, 0)), SPMC_EC_WAITING);
	/* Other CPUs' contexts of SP2 stay available. */
	sp2 = ut_nwd_req(3, SP2, &r);
	assert_ptr_equal(sp2, ut_ec(SP2, 3));
	r = resp(FFA_MSG_SEND_DIRECT_RESP_64, SP2, NWD);
	deliver(2, ut_ec(SP2, 2), &r, ut_nwd(2));
	assert_int_equal(spmc_ec_state(ut_nwd(3)), SPMC_EC_BLOCKED);
}

/* FF-A UP partitions migrate: the single context runs on the requesting CPU,
 * and answers that CPU's requester. */
static void test_direct_req_up_target_migrates(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1;

	(void)state;
	sp1 = ut_nwd_req(3, SP1, &r);
	assert_ptr_equal(sp1, ut_ec(SP1, 0));
	assert_int_equal(sp1->cpu, 3);
	r = resp(FFA_MSG_SEND_DIRECT_RESP_64, SP1, NWD);
	deliver(3, sp1, &r, ut_nwd(3));
	sp1 = ut_nwd_req(1, SP1, &r);
	assert_int_equal(sp1->cpu, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, ut_teardown)
		T(test_direct_req_resp_64_nwd_to_sp),
		T(test_direct_req_resp_32_truncated),
		T(test_direct_req_resp_sp_to_sp),
		T(test_direct_req2_resp2_payload),
		T(test_direct_req2_nil_uuid_accepted),
		T(test_direct_req2_uuid_mismatch_invalid),
		T(test_direct_req2_sp_to_sp_and_send_property),
		T(test_direct_req2_receiver_without_property_denied),
		T(test_direct_req_spoofed_sender_invalid),
		T(test_direct_req_unknown_receiver_invalid),
		T(test_direct_req_to_self_invalid),
		T(test_direct_req_to_nwd_invalid),
		T(test_direct_req_receiver_without_property_denied),
		T(test_direct_req_nonzero_flags_invalid),
		T(test_direct_req_64_x1_upper_invalid),
		T(test_direct_req_sender_without_property_denied),
		T(test_direct_req_target_busy),
		T(test_direct_req_cycle_denied),
		T(test_direct_req_aborted_target_aborted),
		T(test_direct_resp_without_request_denied),
		T(test_direct_resp_wrong_endpoints_invalid),
		T(test_direct_resp_reserved_bits_invalid),
		T(test_direct_resp_kind_mismatch_denied),
		T(test_direct_resp2_reserved_regs_invalid),
		T(test_direct_resp_from_nwd_not_supported),
		T(test_direct_req_mp_target_uses_pinned_context),
		T(test_direct_req_up_target_migrates),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
