/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Direct messaging: FFA_MSG_SEND_DIRECT_REQ/RESP (SMC32 and SMC64) and
 * FFA_MSG_SEND_DIRECT_REQ2/RESP2, normal world to SP and SP to SP, and every
 * refusal leaving the state as it was.
 */
#include "sim_fixture.h"
#include "test_sps.h"

using namespace st;

namespace {

constexpr ffa_id_t PINGER_ID = 0x8003;
constexpr ffa_id_t PINGER2_ID = 0x8004;
constexpr ffa_id_t YIELDER_ID = 0x8005;
constexpr ffa_id_t NORECV_ID = 0x8006;
constexpr ffa_id_t FAULTY_ID = 0x8007;
constexpr ffa_id_t WHOAMI_ID = 0x8008;
constexpr ffa_id_t CALLER_ID = 0x8009;

constexpr uint32_t SEND_RECV = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND;

} // namespace

TEST_GROUP(DirectMessaging)
{
	Sim sim;
	tsp::Ctl ctl;

	void teardown() override
	{
		sim.stop();
	}

	Sim &with_pinger(uint32_t props = SEND_RECV)
	{
		return sim.add(make_sp("pinger", PINGER_ID, tsp::pinger_main, props, 1, 3, &ctl));
	}
};

// DEN0077 FFA_MSG_SEND_DIRECT_REQ_64/RESP_64: w1 sender|receiver, payload x3..x7 delivered intact both ways, x8..x17 zero
TEST(DirectMessaging, NwdToSpRequestResponse64)
{
	sim.standard().start();

	ffa_value q = regs(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(0, ECHO_ID), 0,
			   0x1111222233334444ull, 0x5555666677778888ull, 0x99990000aaaabbbbull,
			   0xccccddddeeeeffffull, 0x0123456789abcdefull);
	for (int i = 8; i < FFA_NREGS; i++)
		q.x[i] = 0xdead0000u + i; /* not part of the message */
	ffa_value r = nwd(q);

	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(ffa_pack_ids(ECHO_ID, 0), r.x[1]);
	CHECK_REG(0, r.x[2]);
	for (int i = 3; i <= 7; i++)
		CHECK_REG(q.x[i], r.x[i]);
	for (int i = 8; i < FFA_NREGS; i++)
		CHECK_REG(0, r.x[i]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(ECHO_ID, 0));
	CHECK_EQUAL(SPMC_EC_RUNNING, sim.nwd_state(0));
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ_32/RESP_32: SMC32 carries w registers only; the upper halves are ignored and never delivered
TEST(DirectMessaging, NwdToSpRequestResponse32Truncates)
{
	sim.standard().start();

	const uint64_t hi = 0xffffffff00000000ull;
	ffa_value q = regs(FFA_MSG_SEND_DIRECT_REQ_32, hi | ffa_pack_ids(0, ECHO_ID), hi,
			   hi | 0x11111111u, hi | 0x22222222u, hi | 0x33333333u, hi | 0x44444444u,
			   hi | 0x55555555u);
	ffa_value r = nwd(q);

	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_32);
	CHECK_REG(ffa_pack_ids(ECHO_ID, 0), r.x[1]);
	CHECK_REG(0, r.x[2]);
	CHECK_REG(0x11111111u, r.x[3]);
	CHECK_REG(0x22222222u, r.x[4]);
	CHECK_REG(0x33333333u, r.x[5]);
	CHECK_REG(0x44444444u, r.x[6]);
	CHECK_REG(0x55555555u, r.x[7]);
	for (int i = 8; i < FFA_NREGS; i++)
		CHECK_REG(0, r.x[i]);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ2/RESP2 (v1.2): x2/x3 target UUID, payload x4..x17 delivered intact both ways
TEST(DirectMessaging, NwdToSpRequest2Response2)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);

	for (const uint32_t *uuid : {ECHO_UUID, NIL_UUID}) {
		ffa_value q = regs(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(0, ECHO_ID), uuid_lo(uuid),
				   uuid_hi(uuid));
		for (int i = 4; i < FFA_NREGS; i++)
			q.x[i] = 0x0101010101010101ull * (uint64_t)i ^ 0x8000000000000000ull;
		ffa_value r = nwd(q);

		CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP2_64);
		CHECK_REG(ffa_pack_ids(ECHO_ID, 0), r.x[1]);
		CHECK_REG(0, r.x[2]);
		CHECK_REG(0, r.x[3]);
		for (int i = 4; i < FFA_NREGS; i++)
			CHECK_REG(q.x[i], r.x[i]);
	}
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(ECHO_ID, 0));
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ2: a UUID the receiver does not implement -> INVALID_PARAMETERS
TEST(DirectMessaging, Request2WithWrongUuidIsInvalid)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(nwd(regs(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(0, ECHO_ID),
				 uuid_lo(KV_UUID), uuid_hi(KV_UUID), 1)),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ2: receiver without REQ2 receipt in its properties -> DENIED
TEST(DirectMessaging, Request2ToReceiverWithoutReq2SupportIsDenied)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_2);
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(nwd(regs(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(0, KV_ID), 0, 0, 1)),
			FFA_RET_DENIED);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ2: a v1.2 ABI; a caller at v1.0 gets NOT_SUPPORTED
TEST(DirectMessaging, Request2NeedsVersion12)
{
	sim.standard().start();
	ffa_version(nwd, FFA_VERSION_1_0);
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(nwd(regs(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(0, ECHO_ID), 0, 0, 1)),
			FFA_RET_NOT_SUPPORTED);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: SP-to-SP chain NWd -> kv -> echo -> kv -> NWd, each requester blocked until its answer
TEST(DirectMessaging, SpToSpChain)
{
	sim.standard().start();
	size_t first = sim.events().size();

	ffa_value r = ffa_direct_req(nwd, 0, KV_ID, KV_PING_PEER, 0xfeed, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(KV_OK, r.x[3]);
	CHECK_REG(0xfeed, r.x[4]);

	std::vector<const sim_trace_event *> ev = sim.events();
	CHECK_EQUAL(first + 4, ev.size());
	const sim_trace_event *req1 = ev[first], *req2 = ev[first + 1], *resp2 = ev[first + 2],
			      *resp1 = ev[first + 3];
	CHECK_TRUE(req1->caller.nwd);
	CHECK_REG(KV_ID, req1->callee.id);
	CHECK_REG(KV_ID, req2->caller.id);
	CHECK_REG(FFA_MSG_SEND_DIRECT_REQ_64, (uint32_t)req2->in[0]);
	CHECK_REG(ffa_pack_ids(KV_ID, ECHO_ID), req2->in[1]);
	CHECK_REG(ECHO_ID, req2->callee.id);
	CHECK_REG(ECHO_ID, resp2->caller.id);
	CHECK_REG(KV_ID, resp2->callee.id);
	CHECK_REG(ffa_pack_ids(ECHO_ID, KV_ID), resp2->out[1]);
	CHECK_REG(KV_ID, resp1->caller.id);
	CHECK_TRUE(resp1->callee.nwd);

	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(KV_ID, 0));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(ECHO_ID, 0));
	CHECK_EQUAL(SPMC_EC_RUNNING, sim.nwd_state(0));
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: an MP partition's request is handled by the context pinned to the requesting CPU
TEST(DirectMessaging, MpPartitionUsesPerCpuContext)
{
	sim.add(make_sp("whoami", WHOAMI_ID, tsp::whoami_main, FFA_PROP_DIRECT_REQ_RECV, 4, 1))
		.start();
	tsp::NwdProgram prog[4];

	for (uint32_t c = 1; c < 4; c++) {
		prog[c].call(regs(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(0, WHOAMI_ID), 0, 10 + c));
		sim.run_nwd(c, tsp::nwd_program_main, &prog[c]);
	}
	ffa_value r = ffa_direct_req(nwd, 0, WHOAMI_ID, 10, 0, 0, 0, 0);
	sim.wait_idle();

	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(0, r.x[3]);
	for (uint32_t c = 1; c < 4; c++) {
		CHECK_TRUE(prog[c].done);
		CHECK_EQUAL(c, prog[c].cpu);
		CHECK_FFA_FUNC(prog[c].out[0], FFA_MSG_SEND_DIRECT_RESP_64);
		CHECK_REG(c, prog[c].out[0].x[3]);      /* context c answered ... */
		CHECK_REG(10 + c, prog[c].out[0].x[4]); /* ... CPU c's request */
	}
	for (const sim_trace_event *e : sim.events())
		if (e->kind == SIM_TRACE_CALL && e->caller.id == WHOAMI_ID && !e->caller.nwd &&
		    (uint32_t)e->in[0] == FFA_MSG_SEND_DIRECT_RESP_64)
			CHECK_EQUAL(e->cpu, e->caller.ec);
	for (uint16_t c = 0; c < 4; c++)
		CHECK_EQUAL(SPMC_EC_WAITING, sim.state(WHOAMI_ID, c));
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: SP to MP SP on each CPU, the receiver's context for that CPU answers
TEST(DirectMessaging, SpToMpPartitionUsesPerCpuContext)
{
	ctl.target = WHOAMI_ID;
	sim.add(make_sp("whoami", WHOAMI_ID, tsp::whoami_main, FFA_PROP_DIRECT_REQ_RECV, 4, 1))
		.add(make_sp("caller", CALLER_ID, tsp::mp_caller_main, SEND_RECV, 4, 2, &ctl))
		.start();

	/* While initialising on CPU c, the caller's context c asked whoami. */
	std::vector<tsp::Event> res = ctl.of(tsp::EV_RESULT);
	CHECK_EQUAL(4, res.size());
	for (const tsp::Event &e : res) {
		CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, e.x[0]);
		CHECK_REG(e.ec, e.x[3]);       /* answered by whoami's context e.ec ... */
		CHECK_REG(100 + e.ec, e.x[4]); /* ... to this very request */
	}
	/* ... running on CPU e.ec, as the trace shows. */
	unsigned seen = 0;
	for (const sim_trace_event *e : sim.events())
		if (e->kind == SIM_TRACE_CALL && e->caller.id == CALLER_ID && !e->caller.nwd &&
		    (uint32_t)e->in[0] == FFA_MSG_SEND_DIRECT_REQ_64) {
			CHECK_EQUAL(e->cpu, e->caller.ec);
			CHECK_EQUAL(e->cpu, e->callee.ec);
			CHECK_REG(WHOAMI_ID, e->callee.id);
			seen++;
		}
	CHECK_EQUAL(4, seen);

	/* The normal world runs on CPU 0: context 0 answers it. */
	ffa_value r = ffa_direct_req(nwd, 0, WHOAMI_ID, 5, 0, 0, 0, 0);
	CHECK_REG(0, r.x[3]);
	CHECK_REG(5, r.x[4]);
	for (uint16_t c = 0; c < 4; c++)
		CHECK_EQUAL(SPMC_EC_WAITING, sim.state(WHOAMI_ID, c));
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: a UP partition's single context serves requests from whichever CPU they come
TEST(DirectMessaging, UpPartitionContextMigrates)
{
	ctl.target = WHOAMI_ID;
	sim.add(make_sp("whoami", WHOAMI_ID, tsp::whoami_main, FFA_PROP_DIRECT_REQ_RECV, 1, 1))
		.add(make_sp("caller", CALLER_ID, tsp::mp_caller_main, SEND_RECV, 4, 2, &ctl))
		.start();

	std::vector<tsp::Event> res = ctl.of(tsp::EV_RESULT);
	CHECK_EQUAL(4, res.size());
	for (const tsp::Event &e : res) {
		CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, e.x[0]);
		CHECK_REG(0, e.x[3]);
		CHECK_REG(100 + e.ec, e.x[4]);
	}
	unsigned cpus_seen = 0;
	for (const sim_trace_event *e : sim.events())
		if (e->kind == SIM_TRACE_CALL && e->caller.id == WHOAMI_ID && !e->caller.nwd &&
		    (uint32_t)e->in[0] == FFA_MSG_SEND_DIRECT_RESP_64)
			cpus_seen |= 1u << e->cpu;
	CHECK_EQUAL(0xf, cpus_seen);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: a UP partition's context running for one CPU is busy for the others -> BUSY
TEST(DirectMessaging, UpPartitionBusyOnAnotherCpuIsBusy)
{
	ctl.target = WHOAMI_ID;
	sim.add(make_sp("whoami", WHOAMI_ID, tsp::whoami_main, FFA_PROP_DIRECT_REQ_RECV, 1, 1))
		.add(make_sp("caller", CALLER_ID, tsp::mp_caller_main, SEND_RECV, 4, 2, &ctl))
		.start();

	/* CPUs 1..3 come up at the same virtual cycle and all call whoami: while
	 * CPU 1's request runs in whoami's only context, CPU 2's is refused. */
	std::vector<tsp::Event> busy = ctl.of(tsp::EV_BUSY);
	CHECK_TRUE(busy.size() >= 1);
	for (const tsp::Event &e : busy) {
		CHECK_TRUE(e.ec != 0); /* CPU 0 booted alone */
		CHECK_REG(FFA_ERROR_32, e.x[0]);
	}
	/* Every context got its answer in the end. */
	CHECK_EQUAL(4, ctl.of(tsp::EV_RESULT).size());
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: a UP context preempted for the normal world of one CPU is busy for the others -> BUSY
TEST(DirectMessaging, UpContextPreemptedOnAnotherCpuIsBusy)
{
	sim.add(make_sp("yielder", YIELDER_ID, tsp::yielder_main, FFA_PROP_DIRECT_REQ_RECV, 1, 4,
			&ctl))
		.standard()
		.start();
	tsp::NwdProgram prog;

	prog.call(regs(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(0, YIELDER_ID), 0, 1, 0x99));
	sim.run_nwd(2, tsp::nwd_program_main, &prog);
	sim.wait_idle();
	CHECK_FFA_FUNC(prog.out[0], FFA_YIELD_32);
	CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(YIELDER_ID, 0));
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, YIELDER_ID, 0, 0, 0, 0, 0), FFA_RET_BUSY);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: a sender ID other than the caller's own -> INVALID_PARAMETERS
TEST(DirectMessaging, SpoofedSenderFromNwdIsInvalid)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_direct_req(nwd, KV_ID, ECHO_ID, 1, 2, 3, 4, 5),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0x0001, ECHO_ID, 1, 2, 3, 4, 5),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: an SP naming another SP as sender -> INVALID_PARAMETERS
TEST(DirectMessaging, SpoofedSenderFromSpIsInvalid)
{
	with_pinger().standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_FORWARD,
				     ffa_pack_ids(KV_ID, ECHO_ID), 0, 42, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS, r.x[4]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(ECHO_ID, 0));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(KV_ID, 0));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PINGER_ID, 0));
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: an SP can send to another SP when its properties allow it
TEST(DirectMessaging, SpToSpForward)
{
	with_pinger().standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_FORWARD,
				     ffa_pack_ids(PINGER_ID, ECHO_ID), 0, 42, 43);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, r.x[3]);
	CHECK_REG(0, r.x[4]);
	CHECK_REG(42, r.x[5]);
	CHECK_REG(43, r.x[6]);
	CHECK_REG(ffa_pack_ids(ECHO_ID, PINGER_ID), r.x[7]);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: a receiver ID no partition has -> INVALID_PARAMETERS
TEST(DirectMessaging, UnknownReceiverIsInvalid)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, 0x8077, 1, 0, 0, 0, 0), FFA_RET_INVALID_PARAMETERS);
	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, SIM_SPMC_ID, 1, 0, 0, 0, 0),
			FFA_RET_INVALID_PARAMETERS);
	/* Nor is the normal world a receiver of its own requests. */
	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, 0, 1, 0, 0, 0, 0), FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: sender and receiver the same partition -> INVALID_PARAMETERS
TEST(DirectMessaging, RequestToSelfIsInvalid)
{
	with_pinger().standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_FORWARD,
				     ffa_pack_ids(PINGER_ID, PINGER_ID), 0, 1, 0);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS, r.x[4]);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: receiver that does not support receipt of direct requests -> DENIED
TEST(DirectMessaging, ReceiverWithoutDirectRequestSupportIsDenied)
{
	sim.add(make_sp("norecv", NORECV_ID, tsp::recorder_main, FFA_PROP_INDIRECT_MSG, 1, 3, &ctl))
		.standard()
		.start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, NORECV_ID, 1, 0, 0, 0, 0), FFA_RET_DENIED);
	CHECK_FFA_ERROR(nwd(regs(FFA_MSG_SEND_DIRECT_REQ_32, ffa_pack_ids(0, NORECV_ID))),
			FFA_RET_DENIED);
	CHECK_STATE_UNCHANGED(sim, before);
	CHECK_EQUAL(0, ctl.of(tsp::EV_REQ).size());
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: a sender whose properties do not allow sending direct requests -> DENIED
TEST(DirectMessaging, SenderWithoutSendSupportIsDenied)
{
	with_pinger(FFA_PROP_DIRECT_REQ_RECV).standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_FORWARD,
				     ffa_pack_ids(PINGER_ID, ECHO_ID), 0, 1, 0);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_DENIED, r.x[4]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(ECHO_ID, 0));
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: w2 other than a framework message is MBZ -> INVALID_PARAMETERS
TEST(DirectMessaging, NonZeroFlagsAreInvalid)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	for (uint32_t fid : {FFA_MSG_SEND_DIRECT_REQ_32, FFA_MSG_SEND_DIRECT_REQ_64})
		for (uint64_t w2 : {1ull, 0x100ull, 0x40000000ull})
			CHECK_FFA_ERROR(nwd(regs(fid, ffa_pack_ids(0, ECHO_ID), w2, 1)),
					FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ_64: x1[63:32] is MBZ -> INVALID_PARAMETERS
TEST(DirectMessaging, Smc64UpperSenderBitsAreInvalid)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(nwd(regs(FFA_MSG_SEND_DIRECT_REQ_64,
				 (1ull << 32) | ffa_pack_ids(0, ECHO_ID), 0, 1)),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: a receiver that aborted -> ABORTED, its state stays aborted
TEST(DirectMessaging, RequestToAbortedPartitionIsAborted)
{
	sim.add(make_sp("faulty", FAULTY_ID, faulty_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 0))
		.standard()
		.start();
	CHECK_TRUE(spmc_partition_aborted(sim.core(), FAULTY_ID));
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, FAULTY_ID, 1, 0, 0, 0, 0), FFA_RET_ABORTED);
	CHECK_FFA_ERROR(nwd(regs(FFA_MSG_SEND_DIRECT_REQ_32, ffa_pack_ids(0, FAULTY_ID))),
			FFA_RET_ABORTED);
	CHECK_STATE_UNCHANGED(sim, before);
	CHECK_EQUAL(SPMC_EC_ABORTED, sim.state(FAULTY_ID, 0));
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: receiver context blocked on its own request or preempted -> BUSY
TEST(DirectMessaging, RequestToBusyContextIsBusy)
{
	with_pinger()
		.add(make_sp("yielder", YIELDER_ID, tsp::yielder_main, FFA_PROP_DIRECT_REQ_RECV, 1, 4,
			     &ctl))
		.standard()
		.start();

	/* NWd -> pinger -> yielder, which yields: the NWd gets the CPU back with
	 * the pinger blocked and the yielder preempted. */
	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_FORWARD,
				     ffa_pack_ids(PINGER_ID, YIELDER_ID), 0, 1, 0);
	CHECK_FFA_FUNC(r, FFA_YIELD_32);
	CHECK_EQUAL(SPMC_EC_BLOCKED, sim.state(PINGER_ID, 0));
	CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(YIELDER_ID, 0));
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, PINGER_ID, 0, 0, 0, 0, 0), FFA_RET_BUSY);
	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, YIELDER_ID, 0, 0, 0, 0, 0), FFA_RET_BUSY);
	CHECK_STATE_UNCHANGED(sim, before);

	/* Resuming the yielder lets the whole chain answer. */
	r = ffa_run(nwd, YIELDER_ID, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, r.x[3]); /* what the pinger got from the yielder */
	CHECK_REG(1, r.x[5]);                          /* yielded once ... */
	CHECK_REG(1, r.x[6]);                          /* ... and was resumed with SUCCESS */
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PINGER_ID, 0));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(YIELDER_ID, 0));
}

// DEN0077 runtime model: a request to a context earlier in the same call chain would deadlock; illegal transition -> DENIED
TEST(DirectMessaging, RequestClosingACycleIsDenied)
{
	with_pinger()
		.add(make_sp("pinger2", PINGER2_ID, tsp::pinger_main, SEND_RECV, 1, 4, &ctl))
		.standard()
		.start();

	/* NWd -> pinger -> pinger2, and pinger2 tries to call pinger back. */
	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_FORWARD,
				     ffa_pack_ids(PINGER_ID, PINGER2_ID), 0, tsp::PING_FORWARD,
				     ffa_pack_ids(PINGER2_ID, PINGER_ID));
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, r.x[3]); /* pinger2 answered pinger ... */
	CHECK_REG(FFA_ERROR_32, r.x[5]);                /* ... that its own request failed */
	CHECK_REG((uint32_t)FFA_RET_DENIED, r.x[6]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PINGER_ID, 0));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PINGER2_ID, 0));
}

// DEN0077 FFA_MSG_SEND_DIRECT_RESP: a response to an endpoint other than the requester -> INVALID_PARAMETERS, the request stays pending
TEST(DirectMessaging, ResponseToWrongEndpointIsInvalid)
{
	with_pinger().standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_BAD_RESP, 0, 0, 0, 0);
	/* The bad response was refused and returned to the pinger, which then
	 * answered properly. */
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(ffa_pack_ids(PINGER_ID, 0), r.x[1]);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS, r.x[4]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PINGER_ID, 0));
}

// DEN0077 runtime model: FFA_MSG_WAIT while handling a direct request is an illegal transition -> DENIED
TEST(DirectMessaging, MsgWaitWhileHandlingRequestIsDenied)
{
	with_pinger().standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_WAIT_IN_REQ, 0, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_DENIED, r.x[4]);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ2: SP to SP with a nil UUID, payload x4.. delivered, RESP2 back
TEST(DirectMessaging, SpToSpRequest2)
{
	with_pinger(SEND_RECV | FFA_PROP_DIRECT_REQ2_SEND).standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_FORWARD_REQ2, ECHO_ID, 0xabcdef, 0,
				     0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP2_64, r.x[3]);
	CHECK_REG(0, r.x[4]);
	CHECK_REG(0xabcdef, r.x[5]);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ2: an SP without REQ2 send support in its properties -> DENIED
TEST(DirectMessaging, SpRequest2WithoutSendSupportIsDenied)
{
	with_pinger().standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_FORWARD_REQ2, ECHO_ID, 1, 0, 0);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_DENIED, r.x[4]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(ECHO_ID, 0));
}

// DEN0077 FFA_MSG_SEND_DIRECT_RESP: only partitions answer requests; from the normal world -> NOT_SUPPORTED
TEST(DirectMessaging, ResponseFromNwdIsNotSupported)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_direct_resp(nwd, 0, ECHO_ID, 1, 0, 0, 0, 0), FFA_RET_NOT_SUPPORTED);
	CHECK_STATE_UNCHANGED(sim, before);
}
