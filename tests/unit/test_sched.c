/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU-cycle management: FFA_MSG_WAIT, FFA_RUN, FFA_YIELD, and aborts of
 * running partitions. The normal world is the scheduler: it lends CPU cycles
 * with FFA_RUN and gets them back when the SP waits, yields or aborts.
 */
#include "unit.h"

static int setup(void **state)
{
	(void)state;
	ut_std_booted();
	return 0;
}

#define SP1_TX (UT_SP_BASE(0) + 0x8000)
#define SP1_RX (UT_SP_BASE(0) + 0x9000)

static void assert_zero_from(const struct ffa_value *r, int first)
{
	for (int i = first; i < FFA_NREGS; i++)
		assert_int_equal(r->x[i], 0);
}

/* SP1 run by CPU 0's NWd, with its RX buffer full (it owns it). */
static struct spmc_ec *sp1_running_rx_full(void)
{
	struct spmc_ec *sp1 = ut_nwd_run(0, SP1, 0);
	struct ffa_value r = FFA(FFA_PARTITION_INFO_GET_32);

	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), 0, 0);
	assert_ptr_equal(ut_call(0, sp1, &r), sp1);
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
	return sp1;
}

/* FF-A boot: FFA_MSG_WAIT ends an SP's initialisation; the next SP starts
 * (not the NWd) while SPs remain to initialise. */
static void test_msg_wait_at_boot_starts_next_sp(void **state)
{
	struct ut *u = ut_begin_std();
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	ec = spmc_cpu_on(u->s, 0, &r);
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, ec, &r), ut_ec(SP2, 0));
	assert_int_equal(spmc_ec_state(ec), SPMC_EC_WAITING);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_OFF);
}

/* DEN0077 FFA_RUN of a waiting context: it resumes from FFA_MSG_WAIT with
 * FFA_RUN (w1 = endpoint/vCPU); at its next FFA_MSG_WAIT the NWd scheduler is
 * told with FFA_MSG_WAIT (w1 = endpoint/vCPU, other registers zero). */
static void test_msg_wait_at_runtime_returns_to_nwd(void **state)
{
	struct ffa_value r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 0));
	struct spmc_ec *sp1 = ut_ec(SP1, 0);

	(void)state;
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), sp1);
	assert_int_equal(r.x[0], FFA_RUN_32);
	assert_int_equal(r.x[1], ffa_pack_vcpu(SP1, 0));
	assert_zero_from(&r, 2);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_BLOCKED);

	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
	assert_int_equal(r.x[1], ffa_pack_vcpu(SP1, 0));
	assert_zero_from(&r, 2);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_WAITING);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_RUNNING);
}

/* DEN0077 FFA_RUN of an MP partition: vCPU n on CPU n runs context n. */
static void test_run_mp_context_on_its_cpu(void **state)
{
	struct spmc_ec *sp2;
	struct ffa_value r = FFA(FFA_MSG_WAIT_32);

	(void)state;
	sp2 = ut_nwd_run(2, SP2, 2);
	assert_int_equal(spmc_ec_state(ut_ec(SP2, 0)), SPMC_EC_WAITING);
	assert_ptr_equal(ut_call(2, sp2, &r), ut_nwd(2));
	assert_int_equal(r.x[1], ffa_pack_vcpu(SP2, 2));
}

/* DEN0077 FFA_MSG_WAIT while handling a direct request (the response is
 * owed) -> DENIED; nothing changes. */
static void test_msg_wait_during_request_denied(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r);

	(void)state;
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_MSG_WAIT_32), FFA_RET_DENIED);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_MSG_WAIT_32, 0, 1), FFA_RET_DENIED);
}

/* DEN0077 FFA_MSG_WAIT: w1 and w3..w7 are MBZ, w2 bits other than bit 0 are
 * reserved -> INVALID_PARAMETERS. */
static void test_msg_wait_reserved_invalid(void **state)
{
	struct spmc_ec *sp1 = ut_nwd_run(0, SP1, 0);

	(void)state;
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_MSG_WAIT_32, 1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_MSG_WAIT_32, 0, 2), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_MSG_WAIT_32, 0, 0, 1), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 v1.1 FFA_MSG_WAIT: waiting releases the caller's RX buffer (as
 * FFA_RX_RELEASE would) unless w2 bit 0 asks to retain it. */
static void test_msg_wait_releases_rx(void **state)
{
	struct spmc_ec *sp1 = sp1_running_rx_full();
	struct ffa_value r = FFA(FFA_MSG_WAIT_32);

	(void)state;
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
}

/* DEN0077 v1.1 FFA_MSG_WAIT with w2 bit 0 (retain RX buffer ownership): the
 * caller keeps its RX buffer. */
static void test_msg_wait_retain_rx(void **state)
{
	struct spmc_ec *sp1 = sp1_running_rx_full();
	struct ffa_value r = FFA(FFA_MSG_WAIT_32, 0, 1);

	(void)state;
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
}

/* DEN0077 v1.0 FFA_MSG_WAIT: RX ownership only changes with FFA_RX_RELEASE,
 * and w2 is MBZ (the retain flag does not exist) -> INVALID_PARAMETERS. */
static void test_msg_wait_v1_0_keeps_rx_and_rejects_flags(void **state)
{
	struct ut *u = ut_begin_std();
	struct spmc_ec *sp1;
	struct ffa_value r;

	(void)state;
	u->parts[0].ffa_version = FFA_VERSION_1_0;
	ut_init(u);
	ut_boot_all();
	sp1 = sp1_running_rx_full();
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_MSG_WAIT_32, 0, 1), FFA_RET_INVALID_PARAMETERS);
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
}

/* DEN0077 FFA_YIELD: the SP gives its cycles back; the NWd's FFA_RUN returns
 * FFA_YIELD with w1 = endpoint/vCPU and w2/w3 = the timeout the SP asked for. */
static void test_yield_returns_to_nwd_with_timeout(void **state)
{
	struct spmc_ec *sp1 = ut_nwd_run(0, SP1, 0);
	struct ffa_value r = FFA(FFA_YIELD_32, 0, 0xffff000000001234ull, 0xffff000000005678ull);

	(void)state;
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_YIELD_32);
	assert_int_equal(r.x[1], ffa_pack_vcpu(SP1, 0));
	assert_int_equal(r.x[2], 0x1234);
	assert_int_equal(r.x[3], 0x5678);
	assert_zero_from(&r, 4);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_PREEMPTED);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_RUNNING);
}

/* DEN0077 FFA_RUN of a preempted (yielded) context: it resumes, and its
 * FFA_YIELD returns FFA_SUCCESS; a UP context may resume on another CPU. */
static void test_run_resumes_yielded_context_with_success(void **state)
{
	struct spmc_ec *sp1 = ut_nwd_run(0, SP1, 0);
	struct ffa_value r = FFA(FFA_YIELD_32);

	(void)state;
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 0));
	assert_ptr_equal(ut_call(2, ut_nwd(2), &r), sp1);
	assert_int_equal(r.x[0], FFA_SUCCESS_32);
	assert_zero_from(&r, 1);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
	assert_int_equal(spmc_ec_state(ut_nwd(2)), SPMC_EC_BLOCKED);
	/* It was running for FFA_RUN: waiting hands CPU 2 back. */
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(2, sp1, &r), ut_nwd(2));
	assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
}

/* DEN0077 FFA_YIELD while handling a direct request: the requester's CPU goes
 * back to the NWd; FFA_RUN resumes the SP, whose response then completes the
 * request on the CPU it runs on. */
static void test_yield_during_request_then_respond(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp3 = ut_nwd_req(0, SP3, &r);

	(void)state;
	r = FFA(FFA_YIELD_32);
	assert_ptr_equal(ut_call(0, sp3, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_YIELD_32);
	/* Still owes its response: MSG_WAIT is refused after resuming. */
	r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP3, 0));
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), sp3);
	assert_int_equal(r.x[0], FFA_SUCCESS_32);
	EXPECT_FFA_ERROR(0, sp3, FFA(FFA_MSG_WAIT_32), FFA_RET_DENIED);
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_32, ffa_pack_ids(SP3, NWD), 0, 9);
	assert_ptr_equal(ut_call(0, sp3, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	assert_int_equal(r.x[3], 9);
	assert_int_equal(spmc_ec_state(sp3), SPMC_EC_WAITING);
}

/* Aborts unwind request chains: SP1 waits on SP2's context 0, which yielded;
 * SP2 is then aborted on another CPU. Running the dead context does not leave
 * SP1 waiting forever: SP1 resumes with FFA_ERROR(ABORTED) for its request
 * and can still answer its own requester. */
static void test_run_aborted_yielded_context_unwinds_its_waiter(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r), *sp2, *sp2b, *next;

	(void)state;
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(SP1, SP2), 0, 7);
	sp2 = ut_call(0, sp1, &r);
	assert_ptr_equal(sp2, ut_ec(SP2, 0));
	r = FFA(FFA_YIELD_32);
	assert_ptr_equal(ut_call(0, sp2, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_YIELD_32);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_BLOCKED);

	sp2b = ut_nwd_req(1, SP2, &r);
	r = FFA(0);
	next = spmc_ec_abort(ut_fx.s, 1, sp2b, &r);
	assert_ptr_equal(next, ut_nwd(1));
	assert_true(spmc_partition_aborted(ut_fx.s, SP2));

	r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP2, 0));
	next = ut_call(0, ut_nwd(0), &r);
	assert_ptr_equal(next, sp1);
	assert_int_equal(r.x[0], FFA_ERROR_32);
	assert_int_equal((int32_t)r.x[2], FFA_RET_ABORTED);

	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD), 0, 5);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	assert_int_equal(r.x[3], 5);
	/* and a context nobody waits on just reports the abort */
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RUN_32, ffa_pack_vcpu(SP2, 0)), FFA_RET_ABORTED);
}

/* DEN0077 FFA_YIELD while initialising: there is no scheduler to give the
 * cycles to -> DENIED; nothing changes. */
static void test_yield_during_init_denied(void **state)
{
	struct ut *u = ut_begin_std();
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	ec = spmc_cpu_on(u->s, 0, &r);
	EXPECT_FFA_ERROR(0, ec, FFA(FFA_YIELD_32), FFA_RET_DENIED);
	assert_int_equal(spmc_ec_state(ec), SPMC_EC_RUNNING);
}

/* DEN0077 FFA_YIELD: w1 and w4..w7 are MBZ -> INVALID_PARAMETERS. */
static void test_yield_reserved_invalid(void **state)
{
	struct spmc_ec *sp1 = ut_nwd_run(0, SP1, 0);

	(void)state;
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_YIELD_32, 1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_YIELD_32, 0, 0, 0, 1), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077: FFA_YIELD and FFA_MSG_WAIT are SP interfaces, FFA_RUN is the
 * scheduler's: the wrong caller -> NOT_SUPPORTED. */
static void test_wrong_caller_not_supported(void **state)
{
	struct spmc_ec *sp1;

	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_YIELD_32), FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_MSG_WAIT_32), FFA_RET_NOT_SUPPORTED);
	/* An SP may FFA_RUN only its own callee preempted in their call chain;
	 * SP3 is not one (it is waiting): DENIED, and nothing changes. */
	sp1 = ut_nwd_run(0, SP1, 0);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_RUN_32, ffa_pack_vcpu(SP3, 0)), FFA_RET_DENIED);
	assert_int_equal(spmc_ec_state(ut_ec(SP3, 0)), SPMC_EC_WAITING);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
}

/* DEN0077 FFA_RUN: target ID of no partition, or the NWd itself -> INVALID_PARAMETERS. */
static void test_run_unknown_or_nwd_target_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RUN_32, ffa_pack_vcpu(0x8077, 0)),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RUN_32, ffa_pack_vcpu(NWD, 0)),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RUN_32, ffa_pack_vcpu(SPMC_ID, 0)),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RUN: vCPU ID the partition does not have -> INVALID_PARAMETERS. */
static void test_run_bad_vcpu_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 1)),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RUN_32, ffa_pack_vcpu(SP2, 4)),
			 FFA_RET_INVALID_PARAMETERS);
}

/* FF-A MP contexts are pinned: FFA_RUN of vCPU n from another CPU ->
 * INVALID_PARAMETERS. */
static void test_run_mp_vcpu_not_current_cpu_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RUN_32, ffa_pack_vcpu(SP2, 1)),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(3, ut_nwd(3), FFA(FFA_RUN_32, ffa_pack_vcpu(SP2, 0)),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RUN: the target context is running (on another CPU) or
 * blocked waiting for another context -> BUSY. */
static void test_run_running_or_blocked_busy(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_run(0, SP1, 0);

	(void)state;
	EXPECT_FFA_ERROR(1, ut_nwd(1), FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 0)), FFA_RET_BUSY);
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_32, ffa_pack_ids(SP1, SP2));
	assert_ptr_equal(ut_call(0, sp1, &r), ut_ec(SP2, 0));
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_BLOCKED);
	EXPECT_FFA_ERROR(1, ut_nwd(1), FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 0)), FFA_RET_BUSY);
}

/* DEN0077 (v1.2) FFA_RUN of an aborted partition -> ABORTED. */
static void test_run_aborted_target_aborted(void **state)
{
	struct spmc_ec *sp1 = ut_nwd_run(0, SP1, 0);
	struct ffa_value r;

	(void)state;
	assert_ptr_equal(spmc_ec_abort(ut_fx.s, 0, sp1, &r), ut_nwd(0));
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 0)), FFA_RET_ABORTED);
}

/* An SP aborted while handling a direct request from the NWd: the requester
 * gets FFA_ERROR(ABORTED); every context of the SP is aborted. */
static void test_abort_during_nwd_request_requester_gets_aborted(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp2 = ut_nwd_req(1, SP2, &r);

	(void)state;
	memset(&r, 0x77, sizeof(r));
	assert_ptr_equal(spmc_ec_abort(ut_fx.s, 1, sp2, &r), ut_nwd(1));
	assert_ffa_error(&r, FFA_RET_ABORTED);
	assert_true(spmc_partition_aborted(ut_fx.s, SP2));
	for (uint16_t i = 0; i < 4; i++)
		assert_int_equal(spmc_ec_state(ut_ec(SP2, i)), SPMC_EC_ABORTED);
	assert_int_equal(spmc_ec_state(ut_nwd(1)), SPMC_EC_RUNNING);
}

/* An SP aborted while handling a request from another SP: that SP gets
 * FFA_ERROR(ABORTED) and runs again. */
static void test_abort_during_sp_request_requester_gets_aborted(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(0, SP1, &r), *sp2;

	(void)state;
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(SP1, SP2));
	sp2 = ut_call(0, sp1, &r);
	assert_ptr_equal(sp2, ut_ec(SP2, 0));
	assert_ptr_equal(spmc_ec_abort(ut_fx.s, 0, sp2, &r), sp1);
	assert_ffa_error(&r, FFA_RET_ABORTED);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
	assert_true(spmc_partition_aborted(ut_fx.s, SP2));
	/* SP1 can still answer its own requester. */
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD));
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
}

/* An SP aborted while running for FFA_RUN: the NWd's FFA_RUN returns
 * FFA_ERROR(ABORTED). */
static void test_abort_during_run_nwd_gets_aborted(void **state)
{
	struct spmc_ec *sp3 = ut_nwd_run(2, SP3, 0);
	struct ffa_value r;

	(void)state;
	assert_ptr_equal(spmc_ec_abort(ut_fx.s, 2, sp3, &r), ut_nwd(2));
	assert_ffa_error(&r, FFA_RET_ABORTED);
	assert_int_equal(spmc_ec_state(sp3), SPMC_EC_ABORTED);
	assert_int_equal(spmc_ec_state(ut_nwd(2)), SPMC_EC_RUNNING);
}

/* An MP partition aborted on one CPU while another of its contexts waits for
 * a response on another CPU: the response must not resume the aborted
 * context; the one it was serving (here CPU 1's NWd) learns ABORTED, and the
 * responder goes back to waiting. */
static void test_abort_blocked_context_not_resumed_by_response(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp2_1 = ut_nwd_req(1, SP2, &r), *sp1, *sp2_0;

	(void)state;
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(SP2, SP1));
	sp1 = ut_call(1, sp2_1, &r);
	assert_ptr_equal(sp1, ut_ec(SP1, 0));
	/* SP2's context 0 faults on CPU 0: the whole partition is aborted. */
	sp2_0 = ut_nwd_req(0, SP2, &r);
	assert_ptr_equal(spmc_ec_abort(ut_fx.s, 0, sp2_0, &r), ut_nwd(0));
	assert_ffa_error(&r, FFA_RET_ABORTED);
	/* SP1 answers SP2's context 1, which must not run again. */
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, SP2), 0, 5);
	assert_ptr_equal(ut_call(1, sp1, &r), ut_nwd(1));
	assert_ffa_error(&r, FFA_RET_ABORTED);
	assert_int_equal(spmc_ec_state(sp2_1), SPMC_EC_ABORTED);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_WAITING);
	assert_int_equal(spmc_ec_state(ut_nwd(1)), SPMC_EC_RUNNING);
}

/* A context of an aborted partition that was running on another CPU when the
 * partition was aborted never continues: its next FF-A call (here its direct
 * response) ends it, and its requester learns ABORTED. */
static void test_abort_running_context_elsewhere_unwound_at_next_call(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp1 = ut_nwd_req(1, SP1, &r), *sp2_1, *sp2_0;

	(void)state;
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(SP1, SP2));
	sp2_1 = ut_call(1, sp1, &r);
	assert_ptr_equal(sp2_1, ut_ec(SP2, 1));
	sp2_0 = ut_nwd_req(0, SP2, &r);
	assert_ptr_equal(spmc_ec_abort(ut_fx.s, 0, sp2_0, &r), ut_nwd(0));
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP2, SP1), 0, 5);
	assert_ptr_equal(ut_call(1, sp2_1, &r), sp1);
	assert_ffa_error(&r, FFA_RET_ABORTED);
	assert_int_equal(spmc_ec_state(sp2_1), SPMC_EC_ABORTED);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
}

/* A context of an aborted partition still initialising on a secondary CPU:
 * its FFA_MSG_WAIT does not make it a waiting context; boot goes on. */
static void test_abort_initialising_context_elsewhere_stays_aborted(void **state)
{
	struct ut *u = ut_begin_std();
	struct ffa_value r;
	struct spmc_ec *sp2_1, *sp2_0;

	(void)state;
	ut_init(u);
	ut_boot_cpu(0);
	sp2_1 = spmc_cpu_on(u->s, 1, &r);
	assert_ptr_equal(sp2_1, ut_ec(SP2, 1));
	sp2_0 = ut_nwd_req(0, SP2, &r);
	assert_ptr_equal(spmc_ec_abort(u->s, 0, sp2_0, &r), ut_nwd(0));
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(1, sp2_1, &r), ut_nwd(1));
	assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
	assert_int_equal(spmc_ec_state(sp2_1), SPMC_EC_ABORTED);
	EXPECT_FFA_ERROR(1, ut_nwd(1), FFA(FFA_RUN_32, ffa_pack_vcpu(SP2, 1)), FFA_RET_ABORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, ut_teardown)
		T(test_msg_wait_at_boot_starts_next_sp),
		T(test_msg_wait_at_runtime_returns_to_nwd),
		T(test_run_mp_context_on_its_cpu),
		T(test_msg_wait_during_request_denied),
		T(test_msg_wait_reserved_invalid),
		T(test_msg_wait_releases_rx),
		T(test_msg_wait_retain_rx),
		T(test_msg_wait_v1_0_keeps_rx_and_rejects_flags),
		T(test_yield_returns_to_nwd_with_timeout),
		T(test_run_resumes_yielded_context_with_success),
		T(test_yield_during_request_then_respond),
		T(test_run_aborted_yielded_context_unwinds_its_waiter),
		T(test_yield_during_init_denied),
		T(test_yield_reserved_invalid),
		T(test_wrong_caller_not_supported),
		T(test_run_unknown_or_nwd_target_invalid),
		T(test_run_bad_vcpu_invalid),
		T(test_run_mp_vcpu_not_current_cpu_invalid),
		T(test_run_running_or_blocked_busy),
		T(test_run_aborted_target_aborted),
		T(test_abort_during_nwd_request_requester_gets_aborted),
		T(test_abort_during_sp_request_requester_gets_aborted),
		T(test_abort_during_run_nwd_gets_aborted),
		T(test_abort_blocked_context_not_resumed_by_response),
		T(test_abort_running_context_elsewhere_unwound_at_next_call),
		T(test_abort_initialising_context_elsewhere_stays_aborted),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
