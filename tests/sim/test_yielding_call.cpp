/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OP-TEE yielding-call protocol (examples/sp/tee_sp.c, with the driver in
 * examples/nwd/tee_client.h): a call that returns mid-way for an RPC, is
 * preempted by a non-secure interrupt and resumed, possibly on another CPU,
 * and still ends with the right result. The sweep moves the interrupt across
 * the whole call, one FF-A call boundary at a time. DEN0077 8.3.1 (non-secure
 * interrupt actions) and the direct-message runtime model.
 */
#include <set>
#include <string>

#include "sim_fixture.h"
#include "tee_client.h"

using namespace st;

namespace {

constexpr ffa_id_t TEE_ID = 0x8020;
constexpr uint32_t NS_IRQ = 50;
constexpr uint64_t UNITS = 12, SEED = 0x5eed;
const uint32_t TEE_UUID[4] = TEE_SP_UUID;

sim_sp tee_sp(uint8_t ns_action)
{
	sim_sp sp = make_sp("tee", TEE_ID, tee_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 5, nullptr,
			    TEE_UUID);
	sp.ns_int_action = ns_action;
	return sp;
}

struct Taken {
	std::vector<uint64_t> cycles;
};

void on_nwd_irq(struct sim *s, uint32_t cpu, uint32_t, void *user)
{
	static_cast<Taken *>(user)->cycles.push_back(sim_cycles(s, cpu));
}

/* Finishes a call on a secondary CPU: the driver moved there. */
struct Continuation {
	tee_client c{};
	ffa_value r{};
	uint32_t cpu = 0;
};

void continue_call(const sim_env *env)
{
	Continuation *k = static_cast<Continuation *>(env->user);

	k->c.ffa = env->ffa_call;
	k->cpu = env->ec_index;
	while (!tee_client_done(&k->r))
		k->r = tee_client_step(&k->c, k->r);
}

} // namespace

TEST_GROUP(YieldingCall)
{
	Sim sim;
	Taken taken;

	void teardown() override
	{
		sim.stop();
	}
	void start(uint8_t ns_action)
	{
		sim.add(tee_sp(ns_action)).start();
		CHECK_EQUAL(0, sim_nwd_irq_configure(sim.get(), NS_IRQ, 0, 0xa0));
		sim_nwd_irq_handler(sim.get(), on_nwd_irq, &taken);
	}
	tee_client client()
	{
		tee_client c{};

		c.ffa = nwd;
		c.tee = TEE_ID;
		return c;
	}
};

// The flow without interrupts: call, RPC to the normal world, return from RPC, result
TEST(YieldingCall, CallWithRpcCompletes)
{
	start(SPMC_NS_INT_SIGNALED);
	tee_client c = client();
	size_t first = sim.events().size();
	ffa_value r = tee_client_call(&c, UNITS, SEED);

	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(TEE_DONE, r.x[3]);
	CHECK_REG(tee_expected(UNITS, SEED), r.x[5]);
	CHECK_EQUAL(1, c.rpcs);
	CHECK_EQUAL(0, c.preemptions);
	CHECK_EQUAL(2, c.calls);
	/* REQ(CALL) -> RESP(RPC), REQ(RETURN_FROM_RPC) -> RESP(DONE). */
	std::vector<const sim_trace_event *> ev = sim.events();
	std::vector<uint64_t> fids;
	for (const sim_trace_event *e : std::vector<const sim_trace_event *>(ev.begin() + first, ev.end()))
		if (e->kind == SIM_TRACE_CALL && (e->caller.id == TEE_ID || e->callee.id == TEE_ID))
			fids.push_back(e->in[0] | (e->in[3] << 32));
	CHECK_EQUAL(4, fids.size());
	CHECK_REG(FFA_MSG_SEND_DIRECT_REQ_64 | ((uint64_t)TEE_CALL << 32), fids[0]);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64 | ((uint64_t)TEE_RPC << 32), fids[1]);
	CHECK_REG(FFA_MSG_SEND_DIRECT_REQ_64 | ((uint64_t)TEE_RETURN_FROM_RPC << 32), fids[2]);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64 | ((uint64_t)TEE_DONE << 32), fids[3]);
}

// Signaled: a non-secure interrupt preempts the call mid-work; the normal world takes it, and the call is resumed with FFA_RUN from another CPU, where it completes with the right result
TEST(YieldingCall, PreemptedCallResumesOnAnotherCpu)
{
	start(SPMC_NS_INT_SIGNALED);
	tee_client c = client();
	uint64_t c0 = sim_cycles(sim.get(), 0);

	/* Inside the first half of the work (the RPC comes after 6 units). */
	sim_irq_raise_at(sim.get(), NS_IRQ, 0, c0 + 9000 + TEE_UNIT_CYCLES / 2);
	ffa_value r = tee_client_start(&c, UNITS, SEED);
	CHECK_FFA_FUNC(r, FFA_INTERRUPT_32);
	CHECK_REG(ffa_pack_vcpu(TEE_ID, 0), r.x[1]);
	CHECK_EQUAL(1, taken.cycles.size());
	CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(TEE_ID, 0));

	Continuation k;
	k.c = c;
	k.r = r;
	sim.run_nwd(1, continue_call, &k);
	sim.wait_idle();
	CHECK_EQUAL(1, k.cpu);
	CHECK_FFA_FUNC(k.r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(TEE_DONE, k.r.x[3]);
	CHECK_REG(tee_expected(UNITS, SEED), k.r.x[5]);
	CHECK_EQUAL(1, k.c.preemptions);
	CHECK_EQUAL(1, k.c.rpcs);
	/* The SP's answer was given on CPU 1. */
	const sim_trace_event *last = nullptr;
	for (const sim_trace_event *e : sim.events())
		if (e->kind == SIM_TRACE_CALL && e->caller.id == TEE_ID)
			last = e;
	CHECK(last != nullptr);
	CHECK_EQUAL(1, last->cpu);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(TEE_ID, 0));
}

// Managed exit: the SP stops the call at its next unit with TEE_INTERRUPTED; the normal world takes its interrupt and resumes the call, which completes with the right result
TEST(YieldingCall, ManagedExitStopsAndResumesTheCall)
{
	start(SPMC_NS_INT_MANAGED_EXIT);
	tee_client c = client();
	uint64_t c0 = sim_cycles(sim.get(), 0);

	sim_irq_raise_at(sim.get(), NS_IRQ, 0, c0 + 9000 + TEE_UNIT_CYCLES / 2);
	ffa_value r = tee_client_start(&c, UNITS, SEED);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(TEE_INTERRUPTED, r.x[3]);
	CHECK_EQUAL(1, taken.cycles.size());
	while (!tee_client_done(&r))
		r = tee_client_step(&c, r);
	CHECK_REG(TEE_DONE, r.x[3]);
	CHECK_REG(tee_expected(UNITS, SEED), r.x[5]);
	CHECK_EQUAL(1, c.managed_exits);
	CHECK_EQUAL(0, c.preemptions);
	ffa_value st = ffa_direct_req(nwd, 0, TEE_ID, TEE_STATS, 0, 0, 0, 0);
	CHECK_REG(1, st.x[5]); /* one managed exit reached its handler */
}

namespace {

/* One run of the whole call with the interrupt at `at` cycles after the call
 * starts (none if at == 0). Returns what the driver saw. */
struct Outcome {
	ffa_value r{};
	tee_client c{};
	std::vector<uint64_t> taken;  /* relative to the call's start */
	std::vector<uint64_t> bounds; /* cycles of every event on CPU 0, relative */
	uint64_t end = 0;
};

Outcome run_once(Sim &sim, uint8_t ns_action, uint64_t at)
{
	Outcome o;
	Taken taken;

	sim.reset();
	sim.add(tee_sp(ns_action)).start();
	sim_nwd_irq_configure(sim.get(), NS_IRQ, 0, 0xa0);
	sim_nwd_irq_handler(sim.get(), on_nwd_irq, &taken);
	uint64_t c0 = sim_cycles(sim.get(), 0);
	size_t first = sim.events().size();
	if (at)
		sim_irq_raise_at(sim.get(), NS_IRQ, 0, c0 + at);
	o.c.ffa = nwd;
	o.c.tee = TEE_ID;
	o.r = tee_client_call(&o.c, UNITS, SEED);
	o.end = sim_cycles(sim.get(), 0) - c0;
	for (uint64_t t : taken.cycles)
		o.taken.push_back(t - c0);
	std::vector<const sim_trace_event *> ev = sim.events();
	for (size_t i = first; i < ev.size(); i++)
		o.bounds.push_back(ev[i]->cycle - c0);
	sim.stop();
	return o;
}

void sweep(Sim &sim, uint8_t ns_action)
{
	Outcome ref = run_once(sim, ns_action, 0);
	std::set<uint64_t> points;

	CHECK_REG(tee_expected(UNITS, SEED), ref.r.x[5]);
	/* Every FF-A call boundary of the call (and its neighbours), plus an
	 * even spread through the work in between. */
	for (uint64_t b : ref.bounds)
		for (uint64_t d : {b - 1, b, b + 1})
			if (d >= 1 && d < ref.end)
				points.insert(d);
	for (uint64_t t = 1; t < ref.end; t += ref.end / 37)
		points.insert(t);
	CHECK_TRUE(points.size() > 40);

	for (uint64_t at : points) {
		Outcome o = run_once(sim, ns_action, at);
		std::string where = "interrupt at +" + std::to_string(at);

		CHECK_EQUAL_TEXT(TEE_DONE, o.r.x[3], where.c_str());
		CHECK_EQUAL_TEXT(tee_expected(UNITS, SEED), o.r.x[5], where.c_str());
		/* Taken once, by the normal world, never before it fired and
		 * never later than one SPMC round trip after. */
		CHECK_EQUAL_TEXT(1, o.taken.size(), where.c_str());
		CHECK_TEXT(o.taken[0] >= at, where.c_str());
		CHECK_TEXT(o.taken[0] - at < 20000, where.c_str());
		CHECK_TEXT(o.c.preemptions + o.c.managed_exits <= 1, where.c_str());
	}
}

} // namespace

// Sweep, signaled: the interrupt at every FF-A call boundary of the flow and throughout the work; every run completes with the right result and takes the interrupt once
TEST(YieldingCall, PreemptionSweepSignaled)
{
	sweep(sim, SPMC_NS_INT_SIGNALED);
}

// Sweep, managed exit: the same across the whole call
TEST(YieldingCall, PreemptionSweepManagedExit)
{
	sweep(sim, SPMC_NS_INT_MANAGED_EXIT);
}

// Determinism: one preempted run repeated gives the same cycles and the same driver steps
TEST(YieldingCall, PreemptedRunIsReproducible)
{
	Outcome a = run_once(sim, SPMC_NS_INT_SIGNALED, 31000);
	Outcome b = run_once(sim, SPMC_NS_INT_SIGNALED, 31000);

	CHECK_TRUE(a.bounds == b.bounds);
	CHECK_TRUE(a.taken == b.taken);
	CHECK_EQUAL(a.end, b.end);
	CHECK_EQUAL(1, a.c.preemptions);
}
