/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU-cycle management: FFA_RUN, FFA_MSG_WAIT and FFA_YIELD between the
 * normal-world scheduler and partition contexts.
 */
#include "sim_fixture.h"
#include "test_sps.h"

using namespace st;

namespace {

constexpr ffa_id_t RECORDER_ID = 0x8003;
constexpr ffa_id_t YIELDER_ID = 0x8004;
constexpr ffa_id_t PINGER_ID = 0x8005;
constexpr ffa_id_t FAULTY_ID = 0x8006;

} // namespace

TEST_GROUP(Scheduling)
{
	Sim sim;
	tsp::Ctl ctl;

	void teardown() override
	{
		sim.stop();
	}

	Sim &with_yielder()
	{
		return sim.add(make_sp("yielder", YIELDER_ID, tsp::yielder_main,
				       FFA_PROP_DIRECT_REQ_RECV, 1, 3, &ctl));
	}
};

// DEN0077 FFA_RUN: a waiting context is given the CPU and receives FFA_RUN (w1 = ID|vCPU); its FFA_MSG_WAIT returns the CPU to the caller
TEST(Scheduling, RunOfWaitingContext)
{
	sim.add(make_sp("recorder", RECORDER_ID, tsp::recorder_main, FFA_PROP_DIRECT_REQ_RECV, 1, 3,
			&ctl))
		.standard()
		.start();
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(RECORDER_ID, 0));

	ffa_value r = ffa_run(nwd, RECORDER_ID, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_WAIT_32);
	CHECK_REG(ffa_pack_vcpu(RECORDER_ID, 0), r.x[1]);

	std::vector<tsp::Event> runs = ctl.of(tsp::EV_RUN);
	CHECK_EQUAL(1, runs.size());
	CHECK_REG(FFA_RUN_32, runs[0].x[0]);
	CHECK_REG(ffa_pack_vcpu(RECORDER_ID, 0), runs[0].x[1]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(RECORDER_ID, 0));
	CHECK_EQUAL(SPMC_EC_RUNNING, sim.nwd_state(0));

	/* Being run changes nothing about taking requests afterwards. */
	r = ffa_direct_req(nwd, 0, RECORDER_ID, 3, 0, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(3, r.x[3]);
}

// DEN0077 FFA_RUN: an MP partition's context for the current CPU, run from that CPU
TEST(Scheduling, RunOfMpContextOnItsCpu)
{
	sim.standard().start();

	ffa_value r = ffa_run(nwd, ECHO_ID, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_WAIT_32);
	CHECK_REG(ffa_pack_vcpu(ECHO_ID, 0), r.x[1]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(ECHO_ID, 0));
}

// DEN0077 FFA_YIELD: a context yielding mid-request returns FFA_YIELD (w1 = ID|vCPU, w2/w3 timeout) to the normal world; FFA_RUN resumes it and the request completes
TEST(Scheduling, YieldMidRequestThenRunCompletes)
{
	with_yielder().standard().start();

	ffa_value r = ffa_direct_req(nwd, 0, YIELDER_ID, 3, 0x5eed, 0, 0, 0);
	for (unsigned i = 0; i < 3; i++) {
		CHECK_FFA_FUNC(r, FFA_YIELD_32);
		CHECK_REG(ffa_pack_vcpu(YIELDER_ID, 0), r.x[1]);
		CHECK_REG(0x1000 + i, r.x[2]);
		CHECK_REG(0xabc, r.x[3]);
		CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(YIELDER_ID, 0));
		CHECK_EQUAL(SPMC_EC_RUNNING, sim.nwd_state(0));
		r = ffa_run(nwd, YIELDER_ID, 0);
	}
	/* The response to the original request arrives as FFA_RUN's result. */
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(ffa_pack_ids(YIELDER_ID, 0), r.x[1]);
	CHECK_REG(3, r.x[3]);      /* yields made */
	CHECK_REG(3, r.x[4]);      /* each resumed with FFA_SUCCESS */
	CHECK_REG(0x5eed, r.x[5]); /* the request it answered */
	for (const tsp::Event &e : ctl.of(tsp::EV_YIELD_RET))
		CHECK_REG(FFA_SUCCESS_32, e.x[0]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(YIELDER_ID, 0));

	/* And the context takes new requests. */
	r = ffa_direct_req(nwd, 0, YIELDER_ID, 0, 7, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(7, r.x[5]);
}

// DEN0077 FFA_YIELD: a context yielding deep in an SP-to-SP chain returns the CPU to the normal world; FFA_RUN of it unwinds the whole chain
TEST(Scheduling, YieldInsideSpToSpChain)
{
	with_yielder()
		.add(make_sp("pinger", PINGER_ID, tsp::pinger_main,
			     FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND, 1, 4, &ctl))
		.standard()
		.start();

	ffa_value r = ffa_direct_req(nwd, 0, PINGER_ID, tsp::PING_FORWARD,
				     ffa_pack_ids(PINGER_ID, YIELDER_ID), 0, 2, 0x77);
	CHECK_FFA_FUNC(r, FFA_YIELD_32);
	CHECK_REG(ffa_pack_vcpu(YIELDER_ID, 0), r.x[1]);
	CHECK_EQUAL(SPMC_EC_BLOCKED, sim.state(PINGER_ID, 0));

	/* The blocked requester is not the one to run. */
	Snapshot before = sim.snapshot();
	CHECK_FFA_ERROR(ffa_run(nwd, PINGER_ID, 0), FFA_RET_BUSY);
	CHECK_STATE_UNCHANGED(sim, before);

	r = ffa_run(nwd, YIELDER_ID, 0);
	CHECK_FFA_FUNC(r, FFA_YIELD_32);
	r = ffa_run(nwd, YIELDER_ID, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(ffa_pack_ids(PINGER_ID, 0), r.x[1]);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, r.x[3]); /* the yielder's answer to the pinger */
	CHECK_REG(2, r.x[5]);
	CHECK_REG(2, r.x[6]);
	CHECK_REG(ffa_pack_ids(YIELDER_ID, PINGER_ID), r.x[7]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PINGER_ID, 0));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(YIELDER_ID, 0));
}

// DEN0077 FFA_RUN: a preempted UP context may be resumed from another CPU; it migrates there and its answer goes to that CPU's caller
TEST(Scheduling, PreemptedUpContextResumedFromAnotherCpu)
{
	with_yielder().standard().start();
	tsp::NwdProgram prog;

	prog.call(regs(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(0, YIELDER_ID), 0, 1, 0x99));
	sim.run_nwd(3, tsp::nwd_program_main, &prog);
	sim.wait_idle();
	CHECK_FFA_FUNC(prog.out[0], FFA_YIELD_32);
	CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(YIELDER_ID, 0));

	ffa_value r = ffa_run(nwd, YIELDER_ID, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(1, r.x[3]);
	CHECK_REG(0x99, r.x[5]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(YIELDER_ID, 0));
	/* The yield was on CPU 3, the resumed context answered on CPU 0. */
	bool yield3 = false, resp0 = false;
	for (const sim_trace_event *e : sim.events()) {
		if (e->kind != SIM_TRACE_CALL || e->caller.id != YIELDER_ID || e->caller.nwd)
			continue;
		yield3 |= (uint32_t)e->in[0] == FFA_YIELD_32 && e->cpu == 3;
		resp0 |= (uint32_t)e->in[0] == FFA_MSG_SEND_DIRECT_RESP_64 && e->cpu == 0;
	}
	CHECK_TRUE(yield3);
	CHECK_TRUE(resp0);
}

// DEN0077 FFA_RUN: the normal world of a secondary CPU runs the MP context pinned to that CPU; another CPU's -> INVALID_PARAMETERS
TEST(Scheduling, RunOfMpContextFromSecondaryCpu)
{
	sim.standard().start();
	tsp::NwdProgram prog;

	prog.call(regs(FFA_RUN_32, ffa_pack_vcpu(ECHO_ID, 2)))
		.call(regs(FFA_RUN_32, ffa_pack_vcpu(ECHO_ID, 0)));
	sim.run_nwd(2, tsp::nwd_program_main, &prog);
	sim.wait_idle();

	CHECK_FFA_FUNC(prog.out[0], FFA_MSG_WAIT_32);
	CHECK_REG(ffa_pack_vcpu(ECHO_ID, 2), prog.out[0].x[1]);
	CHECK_FFA_ERROR(prog.out[1], FFA_RET_INVALID_PARAMETERS);
	for (uint16_t c = 0; c < 4; c++)
		CHECK_EQUAL(SPMC_EC_WAITING, sim.state(ECHO_ID, c));
}

// DEN0077 FFA_RUN: an ID that is not a partition (unknown, or the normal world itself) -> INVALID_PARAMETERS
TEST(Scheduling, RunOfUnknownEndpointIsInvalid)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_run(nwd, 0x8077, 0), FFA_RET_INVALID_PARAMETERS);
	CHECK_FFA_ERROR(ffa_run(nwd, FFA_ID_NWD_NO_HYP, 0), FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_RUN: a vCPU index the partition does not have -> INVALID_PARAMETERS
TEST(Scheduling, RunOfMissingVcpuIsInvalid)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_run(nwd, KV_ID, 1), FFA_RET_INVALID_PARAMETERS);
	CHECK_FFA_ERROR(ffa_run(nwd, ECHO_ID, 4), FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_RUN: an MP partition's contexts are pinned; running another CPU's context -> INVALID_PARAMETERS
TEST(Scheduling, RunOfMpContextOfAnotherCpuIsInvalid)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	for (uint16_t vcpu = 1; vcpu < 4; vcpu++)
		CHECK_FFA_ERROR(ffa_run(nwd, ECHO_ID, vcpu), FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_RUN: the target partition aborted -> ABORTED
TEST(Scheduling, RunOfAbortedPartitionIsAborted)
{
	sim.add(make_sp("faulty", FAULTY_ID, faulty_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 0))
		.standard()
		.start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_run(nwd, FAULTY_ID, 0), FFA_RET_ABORTED);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_RUN: w2..w7 are MBZ -> INVALID_PARAMETERS
TEST(Scheduling, RunWithNonZeroReservedRegistersIsInvalid)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(nwd(regs(FFA_RUN_32, ffa_pack_vcpu(KV_ID, 0), 1)),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_FFA_ERROR(nwd(regs(FFA_RUN_32, ffa_pack_vcpu(KV_ID, 0), 0, 0, 0, 0, 0, 1)),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 FFA_MSG_WAIT/FFA_YIELD: partition-only ABIs; from the normal world -> NOT_SUPPORTED
TEST(Scheduling, PartitionOnlyAbisFromNwdAreNotSupported)
{
	sim.standard().start();
	Snapshot before = sim.snapshot();

	CHECK_FFA_ERROR(ffa_msg_wait(nwd), FFA_RET_NOT_SUPPORTED);
	CHECK_FFA_ERROR(ffa_yield(nwd), FFA_RET_NOT_SUPPORTED);
	CHECK_STATE_UNCHANGED(sim, before);
}
