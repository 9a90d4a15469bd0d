/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulator's cycle model and scheduler: virtual cycles are
 * deterministic, every call costs exactly the sum of the profile's steps for
 * the chosen SPMC placement, partition compute is charged as declared, and the
 * CPU with the lowest virtual cycle count always runs next.
 */
#include "profiles/handler_cost.h"
#include "conf.h"
#include "sim_fixture.h"
#include "test_sps.h"


using namespace st;

namespace {

constexpr ffa_id_t SPENDER_ID = 0x8003;
constexpr ffa_id_t STEPPER_ID = 0x8004;
constexpr ffa_id_t YIELDER_ID = 0x8005;

const char *const PROFILES[] = {"juno-a53", "juno-a57", "n1sdp"};

/*
 * The expected cost of one call, from the profile's per-step figures: the
 * trap path into the SPMC for the caller, the handler, and the return path to
 * whoever runs next (the model sim/sim.c implements in entry_cost/exit_cost,
 * restated here from the placement descriptions in sim.h).
 */
struct Model {
	const sim_cost_profile *p;
	sim_placement placement;

	uint64_t entry(bool from_nwd) const
	{
		if (placement == SIM_SPMC_EL3) /* the SPMC is in EL3: one SMC trap */
			return from_nwd ? (uint64_t)p->smc_entry_el3 + p->el3_ctx_save
					: p->smc_entry_el3;
		if (from_nwd) /* SMC to EL3, world switch in the SPMD, ERET to the SPMC */
			return (uint64_t)p->smc_entry_el3 + p->el3_ctx_save + p->spmd_dispatch +
			       p->el3_ctx_restore + p->eret_to_sel2;
		/* an SP traps straight into its SPMC */
		return placement == SIM_SPMC_SEL1 ? p->svc_trap_sel1 : p->hvc_trap_sel2;
	}

	uint64_t exit(bool to_nwd, bool other_partition) const
	{
		if (placement == SIM_SPMC_EL3)
			return (uint64_t)p->el3_ctx_restore +
			       (to_nwd ? p->eret_el3_to_nwd : p->eret_sel2_to_sp);
		if (to_nwd) /* SMC back to the SPMD, world switch, ERET to the NWd */
			return (uint64_t)p->smc_entry_el3 + p->el3_ctx_save + p->spmd_dispatch +
			       p->el3_ctx_restore + p->eret_el3_to_nwd;
		/* into a partition: its translation regime is switched in first if
		 * it is not the one that trapped */
		return (other_partition ? p->stage2_switch : 0u) + (uint64_t)p->eret_sel2_to_sp;
	}

	/* One call fid: its handler costs what sim_handler_cycles says (measured
	 * on aarch64, or the profile's estimate). */
	uint64_t call(uint32_t fid, bool from_nwd, bool to_nwd, bool other_partition = true) const
	{
		return entry(from_nwd) + sim_handler_cycles(p, fid, 1) + exit(to_nwd, other_partition);
	}
};

Model model(const char *profile, sim_placement placement)
{
	const sim_cost_profile *p = sim_profile_find(profile);

	if (!p)
		FAIL("unknown profile");
	return Model{p, placement};
}

/* A scenario touching every path: probe, direct requests 32/64/REQ2, SP to
 * SP, RUN, yields, an error; returns every CPU's cycle count. */
std::vector<uint64_t> scenario(Sim &sim)
{
	std::vector<uint64_t> cycles;

	ffa_version(nwd, FFA_VERSION_1_2);
	ffa_id_get(nwd);
	ffa_features(nwd, FFA_RXTX_MAP_64);
	ffa_rxtx_map(nwd, NWD_TX, NWD_RX, 2);
	ffa_partition_info_get(nwd, NIL_UUID, 0);
	ffa_rx_release(nwd);
	for (uint64_t i = 0; i < 50; i++) {
		ffa_direct_req(nwd, 0, ECHO_ID, i, i * 3, 0, 0, 7);
		ffa_direct_req(nwd, 0, KV_ID, KV_PUT, i, i * i, 0, 0);
		ffa_direct_req(nwd, 0, KV_ID, KV_PING_PEER, i, 0, 0, 0);
		nwd(regs(FFA_MSG_SEND_DIRECT_REQ_32, ffa_pack_ids(0, ECHO_ID), 0, i));
		ffa_direct_req(nwd, 0, SPENDER_ID, i * 17, 0, 0, 0, 0);
	}
	ffa_value r = ffa_direct_req(nwd, 0, YIELDER_ID, 2, 0, 0, 0, 0);
	while ((uint32_t)r.x[0] == FFA_YIELD_32)
		r = ffa_run(nwd, YIELDER_ID, 0);
	ffa_run(nwd, KV_ID, 0);
	ffa_direct_req(nwd, 0, 0x8077, 0, 0, 0, 0, 0);
	for (uint32_t c = 0; c < sim_cpu_count(sim.get()); c++)
		cycles.push_back(sim_cycles(sim.get(), c));
	return cycles;
}

Sim &scenario_system(Sim &sim, tsp::Ctl &ctl)
{
	return sim.standard()
		.add(make_sp("spender", SPENDER_ID, tsp::spender_main, FFA_PROP_DIRECT_REQ_RECV, 1, 3))
		.add(make_sp("yielder", YIELDER_ID, tsp::yielder_main, FFA_PROP_DIRECT_REQ_RECV, 1, 4,
			     &ctl));
}

/* Cycles one normal-world call costs on CPU 0. */
template <typename F> uint64_t cost_of(Sim &sim, F call)
{
	uint64_t c0 = sim_cycles(sim.get(), 0);

	call();
	return sim_cycles(sim.get(), 0) - c0;
}

} // namespace

TEST_GROUP(CycleModel)
{
	Sim sim;
	tsp::Ctl ctl;

	void teardown() override
	{
		sim.stop();
	}

	/* NWd -> echo -> NWd on every profile, for one placement. */
	void check_round_trip(sim_placement placement)
	{
		for (const char *profile : PROFILES) {
			sim.reset();
			sim.profile(profile).placement(placement).standard().start();
			Model m = model(profile, placement);

			uint64_t got = cost_of(sim, [] { ffa_direct_req(nwd, 0, ECHO_ID, 1, 2, 3, 4, 5); });
			/* request: NWd -> SPMC -> echo; response: echo -> SPMC -> NWd */
			uint64_t want = m.call(FFA_MSG_SEND_DIRECT_REQ_64, true, false) +
					m.call(FFA_MSG_SEND_DIRECT_RESP_64, false, true);
			CHECK_EQUAL_TEXT(want, got, profile);

			/* SP to SP: NWd -> kv -> echo -> kv -> NWd */
			got = cost_of(sim, [] { ffa_direct_req(nwd, 0, KV_ID, KV_PING_PEER, 1, 0, 0, 0); });
			want = m.call(FFA_MSG_SEND_DIRECT_REQ_64, true, false) +
			       m.call(FFA_MSG_SEND_DIRECT_REQ_64, false, false) +
			       m.call(FFA_MSG_SEND_DIRECT_RESP_64, false, false) +
			       m.call(FFA_MSG_SEND_DIRECT_RESP_64, false, true);
			CHECK_EQUAL_TEXT(want, got, profile);

			/* A call the SPMC answers itself: NWd -> SPMC -> NWd. */
			got = cost_of(sim, [] { ffa_id_get(nwd); });
			CHECK_EQUAL_TEXT(m.call(FFA_ID_GET_32, true, true), got, profile);
		}
	}
};

// libspmc sim (DESIGN: deterministic virtual clock): the same scenario run twice gives identical cycle counts and identical traces
TEST(CycleModel, DeterministicAcrossRuns)
{
	std::vector<uint64_t> cycles[3];
	std::vector<std::string> lines[3];

	for (int run = 0; run < 3; run++) {
		sim.reset();
		/* The third run leaves host threads unpinned: host placement must not matter. */
		scenario_system(sim, ctl).no_pinning(run == 2).trace(100000).start();
		cycles[run] = scenario(sim);
		lines[run] = sim.trace_lines();
		CHECK_TRUE(sim_trace(sim.get())->count <= 100000); /* all kept */
		sim.stop();
	}
	for (int run = 1; run < 3; run++) {
		CHECK_EQUAL(cycles[0].size(), cycles[run].size());
		for (size_t c = 0; c < cycles[0].size(); c++)
			CHECK_EQUAL(cycles[0][c], cycles[run][c]);
		CHECK_EQUAL(lines[0].size(), lines[run].size());
		for (size_t i = 0; i < lines[0].size(); i++)
			STRCMP_EQUAL(lines[0][i].c_str(), lines[run][i].c_str());
	}
	CHECK_TRUE(lines[0].size() > 500);
}

// libspmc sim cycle model: a NWd -> SP -> NWd round trip costs exactly the profile's steps (S-EL2 SPMC, SPs at S-EL1), every profile
TEST(CycleModel, RoundTripCostSel2)
{
	check_round_trip(SIM_SPMC_SEL2);
}

// libspmc sim cycle model: a NWd -> SP -> NWd round trip costs exactly the profile's steps (S-EL1 SPMC, SPs at S-EL0), every profile
TEST(CycleModel, RoundTripCostSel1)
{
	check_round_trip(SIM_SPMC_SEL1);
}

// libspmc sim cycle model: a NWd -> SP -> NWd round trip costs exactly the profile's steps (EL3 SPMC merged with the dispatcher), every profile
TEST(CycleModel, RoundTripCostEl3)
{
	check_round_trip(SIM_SPMC_EL3);
}

// libspmc sim cycle model: an unmeasured handler's work is charged per page mapped (FFA_RXTX_MAP); a handler measured on aarch64 (FFA_PARTITION_INFO_GET) costs its instruction count times the profile's CPI, its copying included
TEST(CycleModel, HandlerWorkIsChargedPerItem)
{
	sim.standard().start();
	Model m = model("juno-a57", SIM_SPMC_SEL2);
	ffa_version(nwd, FFA_VERSION_1_2);

	uint64_t got = cost_of(sim, [] { ffa_rxtx_map(nwd, NWD_TX, NWD_TX + 4 * FFA_PAGE_SIZE, 4); });
	CHECK_EQUAL(m.call(FFA_RXTX_MAP_64, true, true) + 2 * 4 * m.p->per_page_map, got);

	got = cost_of(sim, [] { ffa_partition_info_get(nwd, NIL_UUID, 0); });
	const sim_measured_call *pig = sim_measured_call_find(FFA_PARTITION_INFO_GET_32);
	CHECK(pig != nullptr);
	CHECK_EQUAL(m.call(FFA_PARTITION_INFO_GET_32, true, true), got);
	CHECK_EQUAL(m.entry(true) + pig->insns * m.p->cpi_milli / 1000 + m.exit(true, true), got);
}

// libspmc sim (sim_env.spend): a partition's declared compute adds exactly that many cycles to its CPU
TEST(CycleModel, SpendAddsExactlyN)
{
	sim.standard()
		.add(make_sp("spender", SPENDER_ID, tsp::spender_main, FFA_PROP_DIRECT_REQ_RECV, 1, 3))
		.start();
	Model m = model("juno-a57", SIM_SPMC_SEL2);

	uint64_t base = cost_of(sim, [] { ffa_direct_req(nwd, 0, SPENDER_ID, 0, 0, 0, 0, 0); });
	CHECK_EQUAL(m.call(FFA_MSG_SEND_DIRECT_REQ_64, true, false) +
			    m.call(FFA_MSG_SEND_DIRECT_RESP_64, false, true),
		    base);
	for (uint64_t n : {1ull, 12345ull, 1000000007ull}) {
		uint64_t got = cost_of(sim, [n] { ffa_direct_req(nwd, 0, SPENDER_ID, n, 0, 0, 0, 0); });
		CHECK_EQUAL(base + n, got);
	}
	/* Only the CPU the partition ran on is charged. */
	for (uint32_t c = 1; c < 4; c++)
		CHECK_EQUAL(sim_cycles(sim.get(), 1), sim_cycles(sim.get(), c));
}

// libspmc sim scheduler: secondary CPUs come up at the virtual cycle CPU 0 reached when its boot finished
TEST(CycleModel, SecondaryBootStartsAtPrimaryBootCycle)
{
	sim.standard().start();

	std::vector<const sim_trace_event *> ev = sim.events();
	uint64_t primary_done = 0;
	size_t i = 0;
	for (; i < ev.size() && ev[i]->cpu == 0; i++)
		primary_done = ev[i]->cycle;
	CHECK_TRUE(primary_done > 0);
	CHECK_TRUE(ev[i - 1]->callee.nwd); /* the last CPU 0 event handed it to the NWd */
	for (uint32_t c = 1; c < 4; c++, i++) {
		CHECK_EQUAL(SIM_TRACE_BOOT, ev[i]->kind);
		CHECK_EQUAL(c, ev[i]->cpu);
		CHECK_EQUAL(primary_done, ev[i]->cycle);
	}
}

// libspmc sim scheduler: after every call the CPU with the lowest virtual cycle count runs next (ties: lowest index)
TEST(CycleModel, LowestCycleCpuRunsFirst)
{
	const uint32_t ncpu = 3;
	ctl.calls = 3;
	ctl.step[0] = 0;
	ctl.step[1] = 5000; /* CPU 1 computes a lot between calls ... */
	ctl.step[2] = 1000; /* ... CPU 2 little */
	sim.cpus(ncpu)
		.add(make_sp("stepper", STEPPER_ID, tsp::stepper_main, FFA_PROP_DIRECT_REQ_RECV, ncpu,
			     1, &ctl))
		.start();
	Model m = model("juno-a57", SIM_SPMC_SEL2);

	/* Reference: replay the rule on the secondaries' known work, from the
	 * cycle they came up at. Each has `calls` x (spend its step, then
	 * FFA_ID_GET, back to itself), then FFA_MSG_WAIT to the NWd; a spend
	 * and a call are each followed by a scheduling decision. */
	std::vector<const sim_trace_event *> ev = sim.events();
	size_t i = 0;
	while (i < ev.size() && !(ev[i]->kind == SIM_TRACE_BOOT && ev[i]->cpu != 0))
		i++;
	CHECK_TRUE(i < ev.size());
	uint64_t start = ev[i]->cycle;
	std::vector<uint64_t> clock(ncpu, start);
	std::vector<unsigned> done(ncpu, 0); /* actions done: spend, call, spend, call ... wait */
	std::vector<std::pair<uint32_t, uint64_t>> want;
	for (;;) {
		int best = -1;
		for (uint32_t c = 1; c < ncpu; c++)
			if (done[c] <= 2 * ctl.calls && (best < 0 || clock[c] < clock[best]))
				best = (int)c;
		if (best < 0)
			break;
		unsigned a = done[best]++;
		if (a == 2 * ctl.calls) { /* FFA_MSG_WAIT: initialisation done */
			clock[best] += m.call(FFA_MSG_WAIT_32, false, true);
		} else if (a % 2 == 0) { /* compute: no trace event */
			clock[best] += ctl.step[best];
			continue;
		} else { /* FFA_ID_GET, answered to itself */
			clock[best] += m.call(FFA_ID_GET_32, false, false, false);
		}
		want.push_back({(uint32_t)best, clock[best]});
	}

	std::vector<std::pair<uint32_t, uint64_t>> got;
	for (; i < ev.size(); i++)
		if (ev[i]->kind == SIM_TRACE_CALL && ev[i]->cpu != 0)
			got.push_back({ev[i]->cpu, ev[i]->cycle});
	CHECK_EQUAL(want.size(), got.size());
	for (size_t k = 0; k < want.size(); k++) {
		CHECK_EQUAL(want[k].first, got[k].first);
		CHECK_EQUAL(want[k].second, got[k].second);
	}
	/* The interleaving is not simply CPU by CPU: CPU 1 came up first (ties
	 * go to the lower index) but computes longer, so CPU 2 calls first ... */
	CHECK_EQUAL(2, got[0].first);
	CHECK_EQUAL(2, got[1].first);
	CHECK_EQUAL(1, got[2].first);
	/* ... and they keep alternating by clock. */
	unsigned switches = 0;
	for (size_t k = 1; k < got.size(); k++)
		switches += got[k].first != got[k - 1].first;
	CHECK_TRUE(switches >= 3);
}

// libspmc sim scheduler: idle CPUs' clocks stand still while CPU 0 works
TEST(CycleModel, IdleCpusDoNotAdvance)
{
	sim.standard().start();
	std::vector<uint64_t> before;
	for (uint32_t c = 0; c < 4; c++)
		before.push_back(sim_cycles(sim.get(), c));

	for (int i = 0; i < 10; i++)
		ffa_direct_req(nwd, 0, ECHO_ID, i, 0, 0, 0, 0);
	CHECK_TRUE(sim_cycles(sim.get(), 0) > before[0]);
	for (uint32_t c = 1; c < 4; c++)
		CHECK_EQUAL(before[c], sim_cycles(sim.get(), c));
}

// libspmc sim: sim_calls counts calls per FF-A function ID, with tracing on or off
TEST(CycleModel, CallCountsWithTracingOff)
{
	sim.trace(0).standard().start();
	uint64_t req0 = sim_calls(sim.get(), FFA_MSG_SEND_DIRECT_REQ_64);

	for (int i = 0; i < 7; i++)
		ffa_direct_req(nwd, 0, ECHO_ID, i, 0, 0, 0, 0);
	CHECK_EQUAL(req0 + 7, sim_calls(sim.get(), FFA_MSG_SEND_DIRECT_REQ_64));
	CHECK_EQUAL(0, sim_trace_kept(sim_trace(sim.get())));
}

// libspmc sim scheduler: modeled compute (spend) is a scheduling point: a CPU that computes past another CPU's clock lets that CPU's earlier calls go first
TEST(CycleModel, ComputeDoesNotOvertakeLowerClock)
{
	sim.standard().start();
	Model m = model("juno-a57", SIM_SPMC_SEL2);
	const uint64_t nwd_call = m.call(FFA_ID_GET_32, true, true);
	tsp::NwdProgram prog;

	/* CPU 1's normal world makes three calls from the moment it starts. */
	for (int i = 0; i < 3; i++)
		prog.call(regs(FFA_ID_GET_32));
	sim.run_nwd(1, tsp::nwd_program_main, &prog);
	uint64_t t0 = sim_cycles(sim.get(), 0), t1 = sim_cycles(sim.get(), 1);
	CHECK_TRUE(t1 >= t0); /* an idle CPU's clock has kept up with CPU 0's */

	/* CPU 0 computes past the end of those three calls, then calls. */
	uint64_t until = t1 + 3 * nwd_call + 1000;
	size_t first = sim.events().size();
	sim_nwd_env(sim.get())->spend(until - t0);
	ffa_id_get(nwd);
	sim.wait_idle();

	std::vector<const sim_trace_event *> ev = sim.events();
	CHECK_EQUAL(first + 4, ev.size());
	uint64_t prev = 0;
	for (size_t i = first; i < ev.size(); i++) {
		/* Calls are handled in virtual-time order: CPU 1's three first. */
		CHECK_EQUAL(i < first + 3 ? 1u : 0u, ev[i]->cpu);
		CHECK_TRUE(ev[i]->cycle >= prev);
		prev = ev[i]->cycle;
	}
	CHECK_EQUAL(t1 + 3 * nwd_call, sim_cycles(sim.get(), 1));
	CHECK_EQUAL(until + nwd_call, sim_cycles(sim.get(), 0));
}

namespace {

/* The normal world shares `pages` pages (one constituent) with the kv SP,
 * which retrieves, writes and relinquishes them (KV_PUT_SHM); the memory is
 * reclaimed. Returns the cycles the kv SP's FFA_MEM_RETRIEVE_REQ and
 * FFA_MEM_RELINQUISH calls took, from the trace. */
std::pair<uint64_t, uint64_t> kv_shm_cycle(Sim &sim, uint32_t pages)
{
	const sim_env *env = sim_nwd_env(sim.get());
	const uint64_t share = SIM_NS_DRAM_BASE + 0x100000;
	uint8_t *d = static_cast<uint8_t *>(sim_env_ptr(env, NWD_TX));
	uint64_t *m = static_cast<uint64_t *>(sim_env_ptr(env, share));

	m[0] = 7; /* struct kv_shm */
	m[1] = pages;
	m[2] = 0;
	conf_mem_desc(d, 0, KV_ID, share, pages, true);
	size_t first = sim.events().size();
	ffa_value r = nwd(regs(FFA_MEM_SHARE_64, 112, 112));
	CHECK_EQUAL(FFA_SUCCESS_32, (uint32_t)r.x[0]);
	uint64_t handle = (uint32_t)r.x[2] | r.x[3] << 32;
	r = ffa_direct_req(nwd, 0, KV_ID, KV_PUT_SHM, handle, 0, 0, 0);
	CHECK_EQUAL((uint64_t)KV_OK, r.x[3]);
	CHECK_EQUAL(FFA_SUCCESS_32, (uint32_t)nwd(regs(FFA_MEM_RECLAIM_32, (uint32_t)handle,
							handle >> 32)).x[0]);
	ffa_direct_req(nwd, 0, KV_ID, KV_DEL, 7, 0, 0, 0);

	std::vector<const sim_trace_event *> ev = sim.events();
	uint64_t retrieve = 0, relinquish = 0;
	for (size_t i = first + 1; i < ev.size(); i++) {
		uint32_t fid = (uint32_t)ev[i]->in[0];

		if (ev[i]->kind != SIM_TRACE_CALL || ev[i]->cpu != ev[i - 1]->cpu)
			continue;
		if (fid == FFA_MEM_RETRIEVE_REQ_64 || fid == FFA_MEM_RETRIEVE_REQ_32)
			retrieve = ev[i]->cycle - ev[i - 1]->cycle;
		if (fid == FFA_MEM_RELINQUISH_32)
			relinquish = ev[i]->cycle - ev[i - 1]->cycle;
	}
	CHECK(retrieve && relinquish);
	return {retrieve, relinquish};
}

} // namespace

// libspmc sim cycle model: FFA_MEM_RETRIEVE_REQ and FFA_MEM_RELINQUISH cost their instructions measured on aarch64 (spmc_insns.h) plus the measured per-page figure for each page past the first, times the profile's CPI
TEST(CycleModel, MeasuredMemoryHandlersScalePerPage)
{
	sim.standard().trace(10000).start();
	Model m = model("juno-a57", SIM_SPMC_SEL2);
	ffa_version(nwd, FFA_VERSION_1_2);
	CHECK_EQUAL(FFA_SUCCESS_32, (uint32_t)ffa_rxtx_map(nwd, NWD_TX, NWD_RX, 1).x[0]);

	std::pair<uint64_t, uint64_t> one = kv_shm_cycle(sim, 1), many = kv_shm_cycle(sim, 16);
	const sim_measured_call *rt = sim_measured_call_find(FFA_MEM_RETRIEVE_REQ_64);
	const sim_measured_call *rl = sim_measured_call_find(FFA_MEM_RELINQUISH_32);
	CHECK(rt && rl && rt->insns_per_page > 0 && rl->insns_per_page > 0);
	/* The same SP code runs either way: only the handlers' charge differs. */
	CHECK_EQUAL(sim_handler_cycles(m.p, FFA_MEM_RETRIEVE_REQ_64, 16) -
			    sim_handler_cycles(m.p, FFA_MEM_RETRIEVE_REQ_64, 1),
		    many.first - one.first);
	CHECK_EQUAL(sim_handler_cycles(m.p, FFA_MEM_RELINQUISH_32, 16) -
			    sim_handler_cycles(m.p, FFA_MEM_RELINQUISH_32, 1),
		    many.second - one.second);
	CHECK_EQUAL((uint64_t)(rt->insns + 15ull * rt->insns_per_page) * m.p->cpi_milli / 1000,
		    sim_handler_cycles(m.p, FFA_MEM_RETRIEVE_REQ_64, 16));
}
