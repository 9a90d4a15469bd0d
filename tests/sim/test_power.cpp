/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Multiple CPUs and power management: PSCI CPU_OFF / CPU_ON / CPU_SUSPEND
 * from normal-world programs through the EL3 dispatcher model, the PSCI and
 * warm-boot framework messages to partitions that asked for them
 * (power-management-messages), FFA_SECONDARY_EP_REGISTER, and several CPUs
 * running at once in virtual time with the same trace on every run.
 * DEN0077 chapters 18 (power management) and 8 (MP/UP execution contexts).
 */
#include "sim_fixture.h"
#include "test_sps.h"

using namespace st;

namespace {

constexpr ffa_id_t PM_SP = 0x8030;
constexpr ffa_id_t QUIET_SP = 0x8031; /* MP, no power messages */
constexpr uint32_t PSCI_CPU_SUSPEND = 0xc4000001u;
constexpr uint32_t PSCI_CPU_OFF = 0x84000002u;
constexpr uint32_t PSCI_CPU_ON = 0xc4000003u;
constexpr int64_t PSCI_DENIED = -3, PSCI_ALREADY_ON = -4, PSCI_INVALID_PARAMETERS = -2;

sim_sp pm_sp(tsp::Ctl *ctl, uint32_t pm = 0x7)
{
	sim_sp sp = make_sp("pm", PM_SP, tsp::pm_sp_main, FFA_PROP_DIRECT_REQ_RECV, 4, 5, ctl);
	sp.pm_messages = pm;
	return sp;
}

/* A normal-world program that makes one PSCI call and records its result
 * (CPU_OFF does not return when it works). */
struct Psci {
	ffa_value in{}, out{};
	bool returned = false;
	uint32_t cpu = 0;
};

void psci_prog(const sim_env *env)
{
	Psci *p = static_cast<Psci *>(env->user);

	p->cpu = env->ec_index;
	p->out = env->ffa_call(p->in);
	p->returned = true;
}

/* The program CPU_ON starts: one direct request to the PM SP, recorded. */
struct OnProg {
	ffa_value r{};
	uint32_t cpu = 0;
};

void on_prog(const sim_env *env)
{
	OnProg *p = static_cast<OnProg *>(env->user);

	p->cpu = env->ec_index;
	p->r = ffa_direct_req(env->ffa_call, 0, PM_SP, 0, 0, 0, 0, 0);
}

std::vector<tsp::Event> on_ctx(const std::vector<tsp::Event> &v, uint16_t ec)
{
	std::vector<tsp::Event> out;

	for (const tsp::Event &e : v)
		if (e.ec == ec)
			out.push_back(e);
	return out;
}

} // namespace

TEST_GROUP(Power)
{
	Sim sim;
	tsp::Ctl ctl, quiet;

	void setup() override
	{
		sim.trace(4096);
	}
	void teardown() override
	{
		sim.stop();
	}
	void start(uint32_t pm = 0x7)
	{
		sim.add(pm_sp(&ctl, pm))
			.add(make_sp("quiet", QUIET_SP, tsp::pm_sp_main, FFA_PROP_DIRECT_REQ_RECV, 4, 6,
				     &quiet))
			.start();
	}
	void psci_on_cpu(uint32_t cpu, Psci &p)
	{
		sim.run_nwd(cpu, psci_prog, &p);
		sim.wait_idle();
	}
};

// DEN0077 FFA_SECONDARY_EP_REGISTER: context 0 of an MP partition registers it while initialising (SUCCESS); later, or from a UP partition, it is refused and nothing changes
TEST(Power, SecondaryEntryPointRegistration)
{
	tsp::Ctl up;
	sim.add(make_sp("up", 0x8032, tsp::pm_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 7, &up));
	start();
	std::vector<tsp::Event> res = ctl.of(tsp::EV_RESULT);
	CHECK_EQUAL(1, res.size());
	CHECK_REG(FFA_SUCCESS_32, res[0].x[0]);
	CHECK_EQUAL(0, res[0].ec);
	/* A UP partition has no secondary contexts. */
	res = up.of(tsp::EV_RESULT);
	CHECK_EQUAL(1, res.size());
	CHECK_REG(FFA_ERROR_32, res[0].x[0]);
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS, (uint32_t)res[0].x[2]);
	/* Once initialised, it is too late. */
	Snapshot before = sim.snapshot();
	ffa_value r = ffa_direct_req(nwd, 0, PM_SP, 1, 0, 0, 0, 0);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_DENIED, (uint32_t)r.x[4]);
	CHECK_STATE_UNCHANGED(sim, before);
}

// DEN0077 18.2 CPU_OFF: each subscribed MP partition's context on that CPU gets a PSCI framework message (w2 = framework|PSCI, w3 = CPU_OFF) and answers with a PM response; then its contexts there are OFF and the CPU's program ends
TEST(Power, CpuOffTellsSubscribedPartitionsOnThatCpu)
{
	start();
	Psci off;
	off.in = regs(PSCI_CPU_OFF);
	psci_on_cpu(2, off);

	CHECK_FALSE(off.returned); /* CPU_OFF does not return */
	std::vector<tsp::Event> pm = ctl.of(tsp::EV_PM);
	CHECK_EQUAL(1, pm.size());
	CHECK_EQUAL(2, pm[0].ec);
	CHECK_REG(FFA_MSG_SEND_DIRECT_REQ_32, pm[0].x[0]);
	CHECK_REG(ffa_pack_ids(SIM_SPMC_ID, PM_SP), pm[0].x[1]);
	CHECK_REG(FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_PSCI, pm[0].x[2]);
	CHECK_REG(PSCI_CPU_OFF, pm[0].x[3]);
	CHECK_EQUAL(0, quiet.of(tsp::EV_PM).size()); /* it did not ask */
	CHECK_EQUAL(SPMC_EC_OFF, sim.state(PM_SP, 2));
	CHECK_EQUAL(SPMC_EC_OFF, sim.state(QUIET_SP, 2));
	CHECK_EQUAL(SPMC_EC_OFF, sim.nwd_state(2));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PM_SP, 1));
	/* An off CPU runs nothing. */
	Psci none;
	CHECK_EQUAL(-1, sim_run_nwd(sim.get(), 2, psci_prog, &none));
	/* CPU 0 is the simulation's own: it cannot go off. */
	CHECK_REG((uint64_t)PSCI_DENIED, sim.call(regs(PSCI_CPU_OFF)).x[0]);
}

// PSCI CPU_ON after CPU_OFF: the SPMC starts each MP partition's context on that CPU again, at the secondary entry point it registered; then the CPU's program runs and is served by that CPU's context
TEST(Power, CpuOnStartsContextsAgainAtTheSecondaryEntry)
{
	start();
	Psci off;
	off.in = regs(PSCI_CPU_OFF);
	psci_on_cpu(3, off);
	CHECK_EQUAL(SPMC_EC_OFF, sim.state(PM_SP, 3));
	size_t boots = on_ctx(ctl.of(tsp::EV_BOOT), 3).size();

	OnProg prog;
	ffa_value r = sim.call(regs(PSCI_CPU_ON, 3, (uint64_t)(uintptr_t)&on_prog,
				    (uint64_t)(uintptr_t)&prog));
	CHECK_REG(0, r.x[0]);
	sim.wait_idle();
	std::vector<tsp::Event> b = on_ctx(ctl.of(tsp::EV_BOOT), 3);
	CHECK_EQUAL(boots + 1, b.size());
	std::vector<tsp::Event> first = on_ctx(ctl.of(tsp::EV_BOOT), 0);
	CHECK_EQUAL(1, first.size());
	/* Context 0 started at the partition's entry; context 3, restarted,
	 * at the secondary entry point context 0 registered. */
	CHECK(b.back().x[0] != first[0].x[0]);
	CHECK_REG(b.back().x[2] + 0x800, b.back().x[0]);
	CHECK_EQUAL(3, prog.cpu);
	CHECK_FFA_FUNC(prog.r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(3, prog.r.x[3]); /* served by context 3 */
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PM_SP, 3));
	/* It is on now. */
	CHECK_REG((uint64_t)PSCI_ALREADY_ON,
		  sim.call(regs(PSCI_CPU_ON, 3, (uint64_t)(uintptr_t)&on_prog, 0)).x[0]);
	CHECK_REG((uint64_t)PSCI_INVALID_PARAMETERS,
		  sim.call(regs(PSCI_CPU_ON, 9, (uint64_t)(uintptr_t)&on_prog, 0)).x[0]);
}

// PSCI CPU_SUSPEND: subscribed partitions hear of the suspend (PSCI CPU_SUSPEND) and then of the warm boot (framework type warm boot), in that order, on that CPU; the call returns success
TEST(Power, SuspendThenWarmBoot)
{
	start();
	Psci sus;
	sus.in = regs(PSCI_CPU_SUSPEND);
	psci_on_cpu(1, sus);

	CHECK_TRUE(sus.returned);
	CHECK_REG(0, sus.out.x[0]);
	std::vector<tsp::Event> pm = ctl.of(tsp::EV_PM);
	CHECK_EQUAL(2, pm.size());
	CHECK_EQUAL(1, pm[0].ec);
	CHECK_REG(FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_PSCI, pm[0].x[2]);
	CHECK_REG(PSCI_CPU_SUSPEND, pm[0].x[3]);
	CHECK_REG(FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_WARM_BOOT, pm[1].x[2]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PM_SP, 1));
}

// Subscriptions are per event: a partition that asked only for CPU_OFF hears nothing of a suspend
TEST(Power, OnlyTheEventsAskedFor)
{
	start(0x1);
	Psci sus;
	sus.in = regs(PSCI_CPU_SUSPEND);
	psci_on_cpu(1, sus);
	CHECK_REG(0, sus.out.x[0]);
	CHECK_EQUAL(0, ctl.of(tsp::EV_PM).size());
}

// A partition that refuses CPU_OFF (PM response with a PSCI error): the CPU stays on, its contexts keep running, CPU_OFF returns DENIED
TEST(Power, RefusedCpuOffKeepsTheCpuOn)
{
	ctl.pm_status = (int32_t)PSCI_DENIED;
	start();
	Psci off;
	off.in = regs(PSCI_CPU_OFF);
	psci_on_cpu(2, off);
	CHECK_TRUE(off.returned);
	CHECK_REG((uint64_t)PSCI_DENIED, off.out.x[0]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(PM_SP, 2));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(QUIET_SP, 2));
}

// DEN0077 framework messages: the answer to the SPMC's PSCI message must be a PM response; a plain response is INVALID_PARAMETERS and changes nothing (the partition then answers properly)
TEST(Power, AnswerToAFrameworkMessageMustBeAPmResponse)
{
	ctl.pm_bad_answer = true;
	start();
	Psci off;
	off.in = regs(PSCI_CPU_OFF);
	psci_on_cpu(1, off);
	std::vector<tsp::Event> bad = ctl.of(tsp::EV_RESULT);
	/* [0] is the boot registration; [1] the refused answer. */
	CHECK_EQUAL(2, bad.size());
	CHECK_REG(FFA_ERROR_32, bad[1].x[0]);
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS, (uint32_t)bad[1].x[2]);
	CHECK_FALSE(off.returned);
	CHECK_EQUAL(SPMC_EC_OFF, sim.state(PM_SP, 1));
}

// Several CPUs at once: programs on three CPUs interleave by virtual time, with CPU_OFF on one of them; the whole run twice gives the same trace
TEST(Power, ConcurrentCpusAreDeterministic)
{
	std::vector<std::string> first;

	for (int run = 0; run < 2; run++) {
		sim.reset();
		sim.trace(4096);
		ctl = tsp::Ctl();
		quiet = tsp::Ctl();
		start();
		tsp::NwdProgram p1, p2;
		Psci off;
		for (int i = 0; i < 4; i++) {
			p1.call(regs(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(0, PM_SP), 0, 0), 700 * i);
			p2.call(regs(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(0, QUIET_SP), 0, 0),
				500 * i);
		}
		off.in = regs(PSCI_CPU_OFF);
		sim.run_nwd(1, tsp::nwd_program_main, &p1);
		sim.run_nwd(2, tsp::nwd_program_main, &p2);
		sim.run_nwd(3, psci_prog, &off);
		sim.wait_idle();
		for (unsigned i = 0; i < p1.n; i++) {
			CHECK_REG(1, p1.out[i].x[3]);
			CHECK_REG(2, p2.out[i].x[3]);
		}
		CHECK_EQUAL(SPMC_EC_OFF, sim.state(PM_SP, 3));
		if (run == 0)
			first = sim.trace_lines();
		else
			CHECK_TRUE(first == sim.trace_lines());
	}
}
