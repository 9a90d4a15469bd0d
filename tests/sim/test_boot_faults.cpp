/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition boot and aborts: initialisation in boot order on the primary CPU,
 * MP contexts on the secondaries, and partitions that fail to initialise,
 * fault (a host SIGSEGV in the simulator) or whose code ends: each is aborted
 * on its own, the process survives and every other partition keeps working.
 */
#include "sim_fixture.h"
#include "test_sps.h"

using namespace st;

namespace {

/* The simulator gives each SP a slice of secure DRAM in configuration order,
 * 16 pages unless asked otherwise, mapped at IPA == PA. */
constexpr uint64_t SP_MEM = 16 * FFA_PAGE_SIZE;

void check_still_serving(Sim &sim)
{
	ffa_value r = ffa_direct_req(nwd, 0, ECHO_ID, 1, 2, 3, 4, 5);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(1, r.x[3]);
	r = ffa_direct_req(nwd, 0, KV_ID, KV_PUT, 9, 99, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(KV_OK, r.x[3]);
	r = ffa_direct_req(nwd, 0, KV_ID, KV_GET, 9, 0, 0, 0);
	CHECK_REG(99, r.x[4]);
	CHECK_EQUAL(SPMC_EC_RUNNING, sim.nwd_state(0));
}

} // namespace

TEST_GROUP(BootAndFaults)
{
	Sim sim;
	tsp::Ctl ctl;

	void teardown() override
	{
		sim.stop();
	}
};

// DEN0077 partition boot: SPs initialise one after another in boot order (ties in manifest order), each until its FFA_MSG_WAIT
TEST(BootAndFaults, BootOrderRespected)
{
	const uint32_t props = FFA_PROP_DIRECT_REQ_RECV;
	sim.add(make_sp("c", 0x8011, tsp::recorder_main, props, 1, 30, &ctl))
		.add(make_sp("a", 0x8012, tsp::recorder_main, props, 1, 10, &ctl))
		.add(make_sp("b", 0x8013, tsp::recorder_main, props, 1, 20, &ctl))
		.add(make_sp("a2", 0x8014, tsp::recorder_main, props, 1, 10, &ctl))
		.start();
	const ffa_id_t order[] = {0x8012, 0x8014, 0x8013, 0x8011};

	/* As the partitions saw it ... */
	std::vector<tsp::Event> boots = ctl.of(tsp::EV_BOOT);
	CHECK_EQUAL(4, boots.size());
	for (unsigned i = 0; i < 4; i++)
		CHECK_REG(order[i], boots[i].id);

	/* ... and as the trace shows it: the CPU comes up in the first, and each
	 * FFA_MSG_WAIT hands it to the next, the last one to the normal world. */
	std::vector<const sim_trace_event *> ev = sim.events();
	CHECK_EQUAL(SIM_TRACE_BOOT, ev[0]->kind);
	CHECK_EQUAL(0, ev[0]->cpu);
	CHECK_REG(order[0], ev[0]->callee.id);
	for (unsigned i = 0; i < 4; i++) {
		const sim_trace_event *e = ev[1 + i];

		CHECK_EQUAL(SIM_TRACE_CALL, e->kind);
		CHECK_REG(FFA_MSG_WAIT_32, (uint32_t)e->in[0]);
		CHECK_REG(order[i], e->caller.id);
		if (i < 3) {
			CHECK_REG(order[i + 1], e->callee.id);
		} else {
			CHECK_TRUE(e->callee.nwd);
			CHECK_REG(FFA_MSG_WAIT_32, (uint32_t)e->out[0]); /* init done, to the SPMD */
		}
	}
	for (ffa_id_t id : order)
		CHECK_EQUAL(SPMC_EC_WAITING, sim.state(id, 0));
}

// DEN0077 partition boot: on a secondary CPU only MP partitions' pinned contexts initialise; UP partitions initialised on the primary
TEST(BootAndFaults, SecondaryCpusBootMpContextsOnly)
{
	sim.standard().start();

	std::vector<const sim_trace_event *> boots = sim.events_of(SIM_TRACE_BOOT);
	CHECK_EQUAL(4, boots.size());
	for (uint32_t c = 0; c < 4; c++) {
		CHECK_EQUAL(c, boots[c]->cpu);
		CHECK_REG(ECHO_ID, boots[c]->callee.id); /* boot order 1 on every CPU */
		CHECK_EQUAL(c, boots[c]->callee.ec);
	}
	unsigned kv_waits = 0;
	for (const sim_trace_event *e : sim.events())
		if (e->kind == SIM_TRACE_CALL && e->caller.id == KV_ID && !e->caller.nwd &&
		    (uint32_t)e->in[0] == FFA_MSG_WAIT_32) {
			CHECK_EQUAL(0, e->cpu);
			kv_waits++;
		}
	CHECK_EQUAL(1, kv_waits);
	for (uint16_t c = 0; c < 4; c++)
		CHECK_EQUAL(SPMC_EC_WAITING, sim.state(ECHO_ID, c));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(KV_ID, 0));
}

// DEN0077 partition boot: an SP reporting FFA_ERROR during initialisation is aborted; the next one boots and the others serve requests
TEST(BootAndFaults, InitErrorAbortsOnlyThatPartition)
{
	sim.add(make_sp("bad-init", 0x8003, tsp::error_init_main, FFA_PROP_DIRECT_REQ_RECV, 1, 0,
			&ctl))
		.standard()
		.start();

	CHECK_EQUAL(1, ctl.of(tsp::EV_BOOT).size());
	CHECK_TRUE(spmc_partition_aborted(sim.core(), 0x8003));
	CHECK_EQUAL(SPMC_EC_ABORTED, sim.state(0x8003, 0));
	CHECK_EQUAL(0, sim_faults(sim.get())); /* reported, not faulted */
	/* Its FFA_ERROR handed the CPU straight to the next partition to boot. */
	bool seen = false;
	for (const sim_trace_event *e : sim.events())
		if (e->kind == SIM_TRACE_CALL && e->caller.id == 0x8003 &&
		    (uint32_t)e->in[0] == FFA_ERROR_32) {
			CHECK_REG(ECHO_ID, e->callee.id);
			seen = true;
		}
	CHECK_TRUE(seen);

	check_still_serving(sim);
	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, 0x8003, 1, 0, 0, 0, 0), FFA_RET_ABORTED);
}

// DEN0077 partition boot: an SP whose code ends during initialisation is aborted (reported as a fault), the others boot
TEST(BootAndFaults, EntryReturningAtInitIsAborted)
{
	sim.add(make_sp("returns", 0x8003, tsp::return_init_main, FFA_PROP_DIRECT_REQ_RECV, 1, 0,
			&ctl))
		.standard()
		.start();

	CHECK_EQUAL(1, ctl.of(tsp::EV_BOOT).size());
	CHECK_TRUE(spmc_partition_aborted(sim.core(), 0x8003));
	CHECK_EQUAL(1, sim_faults(sim.get()));
	std::vector<const sim_trace_event *> aborts = sim.events_of(SIM_TRACE_ABORT);
	CHECK_EQUAL(1, aborts.size());
	CHECK_REG(0x8003, aborts[0]->caller.id);
	CHECK_REG(0, aborts[0]->fault_addr);
	CHECK_REG(ECHO_ID, aborts[0]->callee.id); /* boot goes on */
	check_still_serving(sim);
}

// DEN0077 partition abort: an SP touching memory outside its address space takes a data abort; the SPMC aborts it, the process survives
TEST(BootAndFaults, FaultAtInitIsReportedAsAbort)
{
	/* First in the configuration: its memory is the first slice of secure
	 * DRAM, and the page it touches is the start of echo's. */
	sim.add(make_sp("faulty", 0x8003, faulty_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 0))
		.standard()
		.start();
	const uint64_t ipa = SIM_SEC_DRAM_BASE + SP_MEM;

	CHECK_EQUAL(1, sim_faults(sim.get()));
	CHECK_TRUE(spmc_partition_aborted(sim.core(), 0x8003));
	std::vector<const sim_trace_event *> aborts = sim.events_of(SIM_TRACE_ABORT);
	CHECK_EQUAL(1, aborts.size());
	CHECK_REG(0x8003, aborts[0]->caller.id);
	CHECK_REG(ipa, aborts[0]->fault_addr);
	CHECK_EQUAL(0, aborts[0]->cpu);
	STRCMP_CONTAINS("faulty: about to touch unmapped memory", sim.console().c_str());
	char line[512];
	STRCMP_CONTAINS("ABORT SP8003/0 (fault at 0x10010000)",
			sim_trace_format(aborts[0], line, sizeof(line)));

	check_still_serving(sim);
	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, 0x8003, 1, 0, 0, 0, 0), FFA_RET_ABORTED);
}

// DEN0077 partition abort: several partitions faulting at boot are each aborted alone
TEST(BootAndFaults, SeveralFaultingPartitions)
{
	sim.add(make_sp("faulty1", 0x8003, faulty_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 0))
		.add(make_sp("faulty2", 0x8004, faulty_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 5))
		.add(make_sp("faulty-mp", 0x8005, faulty_sp_main, FFA_PROP_DIRECT_REQ_RECV, 4, 6))
		.standard()
		.start();

	/* The MP one faults on CPU 0 first; aborted, it is not started elsewhere. */
	CHECK_EQUAL(3, sim_faults(sim.get()));
	for (ffa_id_t id : {0x8003, 0x8004, 0x8005})
		CHECK_TRUE(spmc_partition_aborted(sim.core(), id));
	for (uint16_t c = 0; c < 4; c++)
		CHECK_EQUAL(SPMC_EC_ABORTED, sim.state(0x8005, c));
	std::vector<const sim_trace_event *> aborts = sim.events_of(SIM_TRACE_ABORT);
	CHECK_EQUAL(3, aborts.size());
	CHECK_REG(SIM_SEC_DRAM_BASE + 1 * SP_MEM, aborts[0]->fault_addr);
	CHECK_REG(SIM_SEC_DRAM_BASE + 2 * SP_MEM, aborts[1]->fault_addr);
	CHECK_REG(SIM_SEC_DRAM_BASE + 3 * SP_MEM, aborts[2]->fault_addr);
	check_still_serving(sim);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: the receiver faults while handling the request -> the requester gets FFA_ERROR(ABORTED)
TEST(BootAndFaults, FaultMidRequestReturnsAborted)
{
	sim.add(make_sp("faults-on-req", 0x8003, tsp::fault_on_request_main, FFA_PROP_DIRECT_REQ_RECV,
			1, 3, &ctl))
		.standard()
		.start();
	CHECK_EQUAL(0, sim_faults(sim.get()));

	ffa_value r = ffa_direct_req(nwd, 0, 0x8003, 0x42, 0, 0, 0, 0);
	CHECK_FFA_ERROR(r, FFA_RET_ABORTED);
	CHECK_EQUAL(1, ctl.of(tsp::EV_REQ).size());
	CHECK_EQUAL(1, sim_faults(sim.get()));
	std::vector<const sim_trace_event *> aborts = sim.events_of(SIM_TRACE_ABORT);
	CHECK_EQUAL(1, aborts.size());
	CHECK_REG(ctl.fault_ipa, aborts[0]->fault_addr);
	CHECK_TRUE(aborts[0]->callee.nwd);
	CHECK_REG(FFA_ERROR_32, aborts[0]->out[0]);
	CHECK_EQUAL(SPMC_EC_ABORTED, sim.state(0x8003, 0));
	CHECK_EQUAL(SPMC_EC_RUNNING, sim.nwd_state(0));

	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, 0x8003, 0x43, 0, 0, 0, 0), FFA_RET_ABORTED);
	CHECK_EQUAL(1, ctl.of(tsp::EV_REQ).size()); /* never entered again */
	check_still_serving(sim);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: an SP whose code ends while handling a request -> the requester gets FFA_ERROR(ABORTED)
TEST(BootAndFaults, EntryReturningMidRequestReturnsAborted)
{
	sim.add(make_sp("returns-on-req", 0x8003, tsp::return_on_request_main,
			FFA_PROP_DIRECT_REQ_RECV, 1, 3, &ctl))
		.standard()
		.start();

	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, 0x8003, 1, 0, 0, 0, 0), FFA_RET_ABORTED);
	CHECK_EQUAL(1, sim_faults(sim.get()));
	CHECK_TRUE(spmc_partition_aborted(sim.core(), 0x8003));
	check_still_serving(sim);
}

// DEN0077 FFA_MSG_SEND_DIRECT_REQ: an SP whose peer faults mid-request gets FFA_ERROR(ABORTED) and can answer its own requester
TEST(BootAndFaults, FaultInSpToSpChainReturnsAbortedToRequesterSp)
{
	/* The faulting SP stands in for echo (ID and UUID), so kv finds it at boot. */
	sim.add(make_sp("fake-echo", ECHO_ID, tsp::fault_on_request_main,
			FFA_PROP_DIRECT_REQ_RECV, 1, 1, &ctl, ECHO_UUID))
		.add(kv_sp())
		.start();

	ffa_value r = ffa_direct_req(nwd, 0, KV_ID, KV_PING_PEER, 5, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(KV_PEER_ERROR, r.x[3]);
	CHECK_REG((uint64_t)(int64_t)FFA_RET_ABORTED, r.x[4]);
	CHECK_EQUAL(1, sim_faults(sim.get()));
	std::vector<const sim_trace_event *> aborts = sim.events_of(SIM_TRACE_ABORT);
	CHECK_EQUAL(1, aborts.size());
	CHECK_REG(KV_ID, aborts[0]->callee.id); /* the abort woke the requesting SP */
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(KV_ID, 0));
	CHECK_EQUAL(SPMC_EC_ABORTED, sim.state(ECHO_ID, 0));

	r = ffa_direct_req(nwd, 0, KV_ID, KV_PUT, 1, 2, 0, 0);
	CHECK_REG(KV_OK, r.x[3]);
}

// DEN0077 partition abort: an MP partition aborted on one CPU; its context blocked in a request chain on another CPU unwinds with FFA_ERROR(ABORTED)
TEST(BootAndFaults, MpAbortUnwindsChainOnAnotherCpu)
{
	const ffa_id_t pinger = 0x8003, yielder = 0x8004;
	sim.add(make_sp("mp-pinger", pinger, tsp::pinger_main,
			FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND, 4, 3, &ctl))
		.add(make_sp("yielder", yielder, tsp::yielder_main, FFA_PROP_DIRECT_REQ_RECV, 1, 4,
			     &ctl))
		.standard()
		.start();
	tsp::NwdProgram prog;

	/* CPU 2: NWd -> pinger/2 -> yielder, which yields back to CPU 2's NWd. */
	prog.call(regs(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(0, pinger), 0, tsp::PING_FORWARD,
		       ffa_pack_ids(pinger, yielder), 0, 1, 0));
	sim.run_nwd(2, tsp::nwd_program_main, &prog);
	sim.wait_idle();
	CHECK_FFA_FUNC(prog.out[0], FFA_YIELD_32);
	CHECK_EQUAL(SPMC_EC_BLOCKED, sim.state(pinger, 2));
	CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(yielder, 0));

	/* CPU 0: pinger/0 faults; the whole partition is aborted. */
	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, pinger, tsp::PING_FAULT, 0, 0, 0, 0),
			FFA_RET_ABORTED);
	CHECK_EQUAL(1, sim_faults(sim.get()));
	CHECK_TRUE(spmc_partition_aborted(sim.core(), pinger));
	for (uint16_t c = 0; c < 4; c++)
		CHECK_EQUAL(SPMC_EC_ABORTED, sim.state(pinger, c));

	/* Resuming the yielder: its answer is for pinger/2, which is gone, so the
	 * chain unwinds to the normal world with ABORTED. */
	CHECK_FFA_ERROR(ffa_run(nwd, yielder, 0), FFA_RET_ABORTED);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(yielder, 0));
	CHECK_EQUAL(SPMC_EC_RUNNING, sim.nwd_state(0));
	check_still_serving(sim);
	ffa_value r = ffa_direct_req(nwd, 0, yielder, 0, 5, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(5, r.x[5]);
}

// DEN0077 partition abort: an MP partition aborted on one CPU while another CPU's context is still running a request; that request ends with FFA_ERROR(ABORTED)
TEST(BootAndFaults, MpAbortWhileRunningOnAnotherCpu)
{
	const ffa_id_t pinger = 0x8003;
	sim.add(make_sp("mp-pinger", pinger, tsp::pinger_main,
			FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND, 4, 3, &ctl))
		.standard()
		.start();
	tsp::NwdProgram prog;

	/* CPU 2's request keeps pinger/2 computing for a million cycles ... */
	prog.call(regs(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(0, pinger), 0, tsp::PING_SPEND,
		       1000000));
	sim.run_nwd(2, tsp::nwd_program_main, &prog);
	/* ... from a virtual time before CPU 0's next call. */
	sim_nwd_env(sim.get())->spend(10000);
	CHECK_EQUAL(SPMC_EC_RUNNING, sim.state(pinger, 2));

	/* Meanwhile pinger/0 faults on CPU 0. */
	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, pinger, tsp::PING_FAULT, 0, 0, 0, 0),
			FFA_RET_ABORTED);
	CHECK_TRUE(spmc_partition_aborted(sim.core(), pinger));

	/* When pinger/2 finishes computing, its answer is not delivered: the
	 * partition is gone, and CPU 2's normal world learns it. */
	sim.wait_idle();
	CHECK_TRUE(prog.done);
	CHECK_FFA_ERROR(prog.out[0], FFA_RET_ABORTED);
	CHECK_EQUAL(1, sim_faults(sim.get()));
	for (uint16_t c = 0; c < 4; c++)
		CHECK_EQUAL(SPMC_EC_ABORTED, sim.state(pinger, c));
	CHECK_EQUAL(SPMC_EC_RUNNING, sim.nwd_state(2));
	check_still_serving(sim);
}
