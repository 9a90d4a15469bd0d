/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupts through the simulator's GICv3 model: secure interrupts to the SP
 * that owns them in every runtime state, group 0 interrupts to EL3, and
 * non-secure interrupts while SPs run (queued, managed exit, signaled), with
 * the cycle each was taken on and the order of events asserted. References
 * are to FF-A v1.2 (DEN0077) chapter 8, "Interrupt management".
 */
#include "sim_fixture.h"
#include "test_sps.h"

#include <gic.h>
#include <hal.h>

using namespace st;

namespace {

constexpr ffa_id_t IRQ_SP = 0x8010;
constexpr ffa_id_t OTHER_SP = 0x8011;
constexpr ffa_id_t RELAY_SP = 0x8012;
constexpr uint32_t DEV_IRQ = 40;    /* IRQ_SP's device interrupt (SPI) */
constexpr uint32_t OTHER_IRQ = 41;  /* OTHER_SP's */
constexpr uint32_t NS_IRQ = 50;     /* the normal world's (SPI) */
constexpr uint32_t EL3_IRQ = 60;    /* EL3's own (group 0) */

const spmc_irq dev_irqs[] = {{DEV_IRQ, 0x20}};
const spmc_irq other_irqs[] = {{OTHER_IRQ, 0x30}};
const spmc_region dev_region = {"dev", 0x01000000, 1, HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE,
				dev_irqs, 1, true};
const spmc_region other_region = {"dev2", 0x01001000, 1,
				  HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE, other_irqs, 1, true};

sim_sp irq_sp(tsp::Ctl *ctl, uint8_t ns_action = 0, uint8_t other_s = 0)
{
	sim_sp sp = make_sp("irq", IRQ_SP, tsp::irq_sp_main,
			    FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND, 1, 5, ctl);
	sp.regions = &dev_region;
	sp.region_count = 1;
	sp.ns_int_action = ns_action;
	sp.other_s_int_action = other_s;
	return sp;
}

sim_sp other_sp(tsp::Ctl *ctl)
{
	sim_sp sp = make_sp("other", OTHER_SP, tsp::irq_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 6,
			    ctl);
	sp.regions = &other_region;
	sp.region_count = 1;
	return sp;
}

/* The normal world's interrupt handler: records what it took, where and when. */
struct NwdIrqs {
	struct Taken {
		uint32_t cpu, intid;
		uint64_t cycle;
	};
	std::vector<Taken> taken;
};

void nwd_handler(struct sim *s, uint32_t cpu, uint32_t intid, void *user)
{
	static_cast<NwdIrqs *>(user)->taken.push_back({cpu, intid, sim_cycles(s, cpu)});
}

/* The modeled cost of the paths an interrupt takes (sim/sim.c's cycle model,
 * SPMC at S-EL2, restated here so a change to it shows). */
struct Costs {
	const sim_cost_profile *p;
	uint64_t from_nwd() const
	{
		return (uint64_t)p->smc_entry_el3 + p->el3_ctx_save + p->spmd_dispatch +
		       p->el3_ctx_restore + p->eret_to_sel2;
	}
	uint64_t from_sp() const { return p->hvc_trap_sel2; }
	uint64_t to_nwd() const
	{
		return (uint64_t)p->smc_entry_el3 + p->el3_ctx_save + p->spmd_dispatch +
		       p->el3_ctx_restore + p->eret_el3_to_nwd;
	}
	uint64_t to_other_sp() const { return (uint64_t)p->stage2_switch + p->eret_sel2_to_sp; }
	uint64_t to_same_sp() const { return p->eret_sel2_to_sp; }
	uint64_t handler() const { return p->spmc_handler_base; }
	uint64_t virq() const { return (uint64_t)p->hvc_trap_sel2 + p->eret_sel2_to_sp; }
};

/* Index of the first event after `from` of `kind` (events().size() if none). */
size_t next_of(const std::vector<const sim_trace_event *> &ev, size_t from, uint8_t kind)
{
	for (size_t i = from; i < ev.size(); i++)
		if (ev[i]->kind == kind)
			return i;
	return ev.size();
}

void nwd_spend(Sim &sim, uint64_t cycles)
{
	sim_nwd_env(sim.get())->spend(cycles);
}

} // namespace

TEST_GROUP(Interrupts)
{
	Sim sim;
	tsp::Ctl ctl, ctl2, ctl3;
	NwdIrqs nwd_irqs;
	Costs cost{sim_profile_find("juno-a57")};

	void setup() override
	{
		sim.trace(4096);
	}
	void teardown() override
	{
		sim.stop();
	}
	/* The normal world's interrupt NS_IRQ, with a handler that records it. */
	void nwd_irq()
	{
		CHECK_EQUAL(0, sim_nwd_irq_configure(sim.get(), NS_IRQ, 0, 0xa0));
		sim_nwd_irq_handler(sim.get(), nwd_handler, &nwd_irqs);
	}
	uint64_t now(uint32_t cpu = 0) const
	{
		return sim_cycles(sim.get(), cpu);
	}
};

// DEN0077 8.3 (secure interrupt, target SP waiting, normal world running): the SPMC runs the SP with FFA_INTERRUPT (w2 = INTID) on the cycle the interrupt fires; its FFA_MSG_WAIT resumes the normal world where it was
TEST(Interrupts, SecureInterruptRunsWaitingSpThenResumesNormalWorld)
{
	ctl.handler_cycles = 1000;
	sim.add(irq_sp(&ctl)).start();
	uint64_t c0 = now();

	CHECK_EQUAL(0, sim_irq_raise_at(sim.get(), DEV_IRQ, 0, c0 + 5000));
	nwd_spend(sim, 10000);

	std::vector<tsp::Event> got = ctl.of(tsp::EV_INTERRUPT);
	CHECK_EQUAL(1, got.size());
	CHECK_REG(FFA_INTERRUPT_32, got[0].x[0]);
	CHECK_REG(DEV_IRQ, got[0].x[2]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(IRQ_SP, 0));
	CHECK_EQUAL(SPMC_EC_RUNNING, sim.nwd_state(0));

	/* Order: the interrupt taken on the normal world's cycle c0 + 5000 runs
	 * the SP; its FFA_MSG_WAIT goes back to the normal world. */
	std::vector<const sim_trace_event *> ev = sim.events();
	size_t i = next_of(ev, 0, SIM_TRACE_IRQ);
	CHECK(i + 1 < ev.size());
	CHECK_EQUAL(c0 + 5000, ev[i]->taken);
	CHECK_TRUE(ev[i]->caller.nwd);
	CHECK_EQUAL(IRQ_SP, ev[i]->callee.id);
	CHECK_EQUAL(SIM_TRACE_CALL, ev[i + 1]->kind);
	CHECK_REG(FFA_MSG_WAIT_32, ev[i + 1]->in[0]);
	CHECK_TRUE(ev[i + 1]->callee.nwd);

	/* The normal world lost exactly the delivery, the handler and the return. */
	CHECK_EQUAL(c0 + 10000 + cost.from_nwd() + cost.handler() + cost.p->gic_ack_eoi +
			    cost.to_other_sp() + 1000 + cost.from_sp() + cost.handler() +
			    cost.to_nwd(),
		    now());
	/* The physical interrupt was ended: nothing active or pending is left. */
	CHECK_FALSE(gic_active(sim_gic(sim.get()), 0, DEV_IRQ));
	CHECK_FALSE(gic_pending(sim_gic(sim.get()), 0, DEV_IRQ));
}

// DEN0077 8.3 (target SP running): the interrupt reaches the running SP as a virtual interrupt, taken by its handler on the cycle it fires, and its work goes on
TEST(Interrupts, SecureInterruptToRunningSpIsVirtual)
{
	sim.add(irq_sp(&ctl)).start();
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), DEV_IRQ, 0, c0 + 50000);
	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_WORK, 10, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(10, r.x[3]); /* all its work done */
	CHECK_REG(1, r.x[4]);  /* one vIRQ */
	std::vector<tsp::Event> v = ctl.of(tsp::EV_VIRQ);
	CHECK_EQUAL(1, v.size());
	CHECK_REG(DEV_IRQ, v[0].x[0]);

	std::vector<const sim_trace_event *> irq = sim.events_of(SIM_TRACE_IRQ);
	std::vector<const sim_trace_event *> virq = sim.events_of(SIM_TRACE_VIRQ);
	CHECK_EQUAL(1, irq.size());
	CHECK_EQUAL(1, virq.size());
	CHECK_EQUAL(c0 + 50000, irq[0]->taken);
	CHECK_EQUAL(IRQ_SP, irq[0]->caller.id);
	CHECK_EQUAL(IRQ_SP, irq[0]->callee.id); /* it continues */
	CHECK_TRUE(virq[0]->seq > irq[0]->seq);
	CHECK_EQUAL(irq[0]->cycle, virq[0]->taken);
}

// DEN0077 8.3 (target SP preempted): the interrupt is queued and signalled as a vIRQ when the SP runs again
TEST(Interrupts, SecureInterruptToPreemptedSpQueuedUntilItRuns)
{
	sim.add(irq_sp(&ctl)).start();
	/* IRQ_SP yields mid-request (PREEMPTED) and is resumed with FFA_RUN. */
	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_YIELD_THEN_WORK, 2, 1000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_YIELD_32);
	CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(IRQ_SP, 0));
	sim_irq_raise_at(sim.get(), DEV_IRQ, 0, now() + 100);
	nwd_spend(sim, 1000);
	/* Taken by the SPMC while the normal world ran, but only queued. */
	std::vector<const sim_trace_event *> irq = sim.events_of(SIM_TRACE_IRQ);
	CHECK_EQUAL(1, irq.size());
	CHECK_TRUE(irq[0]->callee.nwd);
	CHECK_EQUAL(0, ctl.of(tsp::EV_VIRQ).size());
	CHECK_EQUAL(0, ctl.of(tsp::EV_INTERRUPT).size());

	size_t before_run = sim.events().size();
	r = ffa_run(nwd, IRQ_SP, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(2, r.x[3]);
	std::vector<tsp::Event> v = ctl.of(tsp::EV_VIRQ);
	CHECK_EQUAL(1, v.size());
	CHECK_REG(DEV_IRQ, v[0].x[0]);
	/* Its handler took the queued interrupt as FFA_RUN gave it the CPU. */
	std::vector<const sim_trace_event *> ev = sim.events();
	CHECK(before_run + 1 < ev.size());
	CHECK_REG(FFA_RUN_32, ev[before_run]->in[0]);
	CHECK_EQUAL(SIM_TRACE_VIRQ, ev[before_run + 1]->kind);
	CHECK_EQUAL(ev[before_run]->cycle, ev[before_run + 1]->taken);
}

// DEN0077 8.3: an SP without a vIRQ handler gets a queued interrupt with FFA_INTERRUPT as soon as it stops running; the response it gave is delivered after it has handled it
TEST(Interrupts, QueuedInterruptHandledBeforeTheResponseIsDelivered)
{
	ctl.no_handler = true;
	sim.add(irq_sp(&ctl)).start();
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), DEV_IRQ, 0, c0 + 20000);
	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_WORK, 4, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(4, r.x[3]);
	CHECK_REG(0, r.x[4]);
	std::vector<tsp::Event> got = ctl.of(tsp::EV_INTERRUPT);
	CHECK_EQUAL(1, got.size());
	CHECK_REG(DEV_IRQ, got[0].x[2]);

	/* Events: IRQ (stays with the SP), the SP's response (to itself: it
	 * handles the interrupt first), its FFA_MSG_WAIT (the response reaches
	 * the normal world). */
	std::vector<const sim_trace_event *> ev = sim.events();
	size_t i = next_of(ev, 0, SIM_TRACE_IRQ);
	CHECK(i + 2 < ev.size());
	CHECK_EQUAL(c0 + 20000, ev[i]->taken);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, ev[i + 1]->in[0]);
	CHECK_EQUAL(IRQ_SP, ev[i + 1]->callee.id);
	CHECK_REG(FFA_INTERRUPT_32, ev[i + 1]->out[0]);
	CHECK_REG(FFA_MSG_WAIT_32, ev[i + 2]->in[0]);
	CHECK_TRUE(ev[i + 2]->callee.nwd);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, ev[i + 2]->out[0]);
}

// DEN0077 8.3.2 other-s-interrupts-action signaled: a secure interrupt for another SP preempts the running one, which the SPMC resumes when the handler waits
TEST(Interrupts, OtherSecureInterruptSignaledPreemptsRunningSp)
{
	ctl2.handler_cycles = 3000;
	sim.add(irq_sp(&ctl)).add(other_sp(&ctl2)).start();
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), OTHER_IRQ, 0, c0 + 30000);
	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_WORK, 5, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(5, r.x[3]);
	CHECK_EQUAL(1, ctl2.of(tsp::EV_INTERRUPT).size());

	std::vector<const sim_trace_event *> ev = sim.events();
	size_t i = next_of(ev, 0, SIM_TRACE_IRQ);
	CHECK(i + 1 < ev.size());
	CHECK_EQUAL(IRQ_SP, ev[i]->caller.id);
	CHECK_EQUAL(OTHER_SP, ev[i]->callee.id);
	CHECK_REG(FFA_MSG_WAIT_32, ev[i + 1]->in[0]);
	CHECK_EQUAL(IRQ_SP, ev[i + 1]->callee.id); /* resumed by the SPMC */
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(OTHER_SP, 0));
}

// DEN0077 8.3.2 other-s-interrupts-action queued: the interrupt waits until the running SP stops; then it is handled, before the normal world runs
TEST(Interrupts, OtherSecureInterruptQueuedWaitsForRunningSp)
{
	ctl2.handler_cycles = 3000;
	sim.add(irq_sp(&ctl, SPMC_NS_INT_QUEUED, SPMC_OTHER_S_INT_QUEUED)).add(other_sp(&ctl2)).start();
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), OTHER_IRQ, 0, c0 + 30000);
	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_WORK, 5, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_EQUAL(1, ctl2.of(tsp::EV_INTERRUPT).size());
	std::vector<const sim_trace_event *> irq = sim.events_of(SIM_TRACE_IRQ);
	CHECK_EQUAL(1, irq.size());
	/* Taken in the normal world, once IRQ_SP had answered. */
	CHECK_TRUE(irq[0]->caller.nwd);
	CHECK_TRUE(irq[0]->taken > c0 + 50000);
}

// DEN0077 8.3.1 / FFA_EL3_INTR_HANDLE: a group 0 interrupt goes to EL3, directly from the normal world and handed over by the SPMC from secure code
TEST(Interrupts, Group0InterruptsGoToEl3)
{
	NwdIrqs el3;
	sim.add(irq_sp(&ctl)).start();
	CHECK_EQUAL(0, sim_el3_irq_configure(sim.get(), EL3_IRQ, 0, 0x10));
	sim_el3_irq_handler(sim.get(), nwd_handler, &el3);
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), EL3_IRQ, 0, c0 + 1000);
	nwd_spend(sim, 2000);
	sim_irq_raise_at(sim.get(), EL3_IRQ, 0, now() + 15000);
	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_WORK, 3, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(3, r.x[3]);

	std::vector<const sim_trace_event *> e = sim.events_of(SIM_TRACE_EL3_IRQ);
	CHECK_EQUAL(2, e.size());
	CHECK_EQUAL(2, el3.taken.size());
	CHECK_EQUAL(c0 + 1000, e[0]->taken);
	CHECK_REG(0, e[0]->in[1]); /* straight from the normal world */
	CHECK_TRUE(e[0]->caller.nwd);
	CHECK_REG(1, e[1]->in[1]); /* through the SPMC */
	CHECK_EQUAL(IRQ_SP, e[1]->caller.id);
	CHECK_EQUAL(0, ctl.of(tsp::EV_VIRQ).size()); /* never the SP's */
}

// DEN0077 8.3.1 ns-interrupts-action signaled: the SP is preempted on the cycle the interrupt fires, the normal world gets FFA_INTERRUPT (w1 = SP|vCPU) and takes its interrupt, and FFA_RUN resumes the SP
TEST(Interrupts, NonSecureSignaledPreemptsSpAndRunResumesIt)
{
	sim.add(irq_sp(&ctl, SPMC_NS_INT_SIGNALED)).start();
	nwd_irq();
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), NS_IRQ, 0, c0 + 25000);
	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_WORK, 5, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_INTERRUPT_32);
	CHECK_REG(ffa_pack_vcpu(IRQ_SP, 0), r.x[1]);
	CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(IRQ_SP, 0));
	/* The normal world's handler ran as the call returned. */
	CHECK_EQUAL(1, nwd_irqs.taken.size());
	CHECK_EQUAL(NS_IRQ, nwd_irqs.taken[0].intid);

	std::vector<const sim_trace_event *> irq = sim.events_of(SIM_TRACE_IRQ);
	CHECK_EQUAL(1, irq.size());
	/* The SP was computing: taken on the very cycle it fired. */
	CHECK_EQUAL(c0 + 25000, irq[0]->taken);
	CHECK_REG(2, irq[0]->in[1]); /* group 1 non-secure */

	r = ffa_run(nwd, IRQ_SP, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(5, r.x[3]); /* all its work, none lost */
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(IRQ_SP, 0));
}

// DEN0077 8.3.1 ns-interrupts-action queued: the interrupt stays pending while the SP runs and the normal world takes it when the SP has answered
TEST(Interrupts, NonSecureQueuedWaitsForTheSpToAnswer)
{
	sim.add(irq_sp(&ctl, SPMC_NS_INT_QUEUED)).start();
	nwd_irq();
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), NS_IRQ, 0, c0 + 25000);
	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_WORK, 5, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(5, r.x[3]);
	CHECK_EQUAL(1, nwd_irqs.taken.size());
	CHECK_EQUAL(0, sim.events_of(SIM_TRACE_IRQ).size()); /* never the SPMC's */
	std::vector<const sim_trace_event *> n = sim.events_of(SIM_TRACE_NWD_IRQ);
	CHECK_EQUAL(1, n.size());
	/* Taken on the cycle the answer reached the normal world. */
	std::vector<const sim_trace_event *> ev = sim.events();
	CHECK_EQUAL(ev[n[0]->seq - 1]->cycle, n[0]->taken);
}

// DEN0077 8.3.1 managed exit: the SP gets the managed-exit virtual interrupt (FFA_FEATURES feature 3 names it) and answers its request early; the normal world then takes its interrupt
TEST(Interrupts, ManagedExitMakesTheSpAnswerEarly)
{
	sim.add(irq_sp(&ctl, SPMC_NS_INT_MANAGED_EXIT)).start();
	nwd_irq();
	ffa_value f = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_FEATURES, FFA_FEATURE_MEI, 0, 0, 0);
	CHECK_REG(FFA_SUCCESS_32, f.x[3]);
	CHECK_REG(SPMC_VIRQ_MANAGED_EXIT, f.x[4]);
	/* The normal world has no managed exit. */
	CHECK_FFA_ERROR(ffa_features(nwd, FFA_FEATURE_MEI), FFA_RET_NOT_SUPPORTED);
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), NS_IRQ, 0, c0 + 35000);
	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_WORK, 10, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(1, r.x[5]);          /* stopped by the managed exit */
	CHECK(r.x[3] < 10);           /* early */
	std::vector<tsp::Event> v = ctl.of(tsp::EV_VIRQ);
	CHECK_EQUAL(1, v.size());
	CHECK_REG(SPMC_VIRQ_MANAGED_EXIT, v[0].x[0]);
	CHECK_EQUAL(1, nwd_irqs.taken.size());
	std::vector<const sim_trace_event *> irq = sim.events_of(SIM_TRACE_IRQ);
	CHECK_EQUAL(1, irq.size());
	CHECK_EQUAL(IRQ_SP, irq[0]->callee.id);
	/* The interrupt stayed pending, masked for the SP until it answered:
	 * the normal world took it on the cycle the answer arrived. */
	std::vector<const sim_trace_event *> n = sim.events_of(SIM_TRACE_NWD_IRQ);
	CHECK_EQUAL(1, n.size());
	CHECK_TRUE(n[0]->taken > irq[0]->taken);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(IRQ_SP, 0));
}

// DEN0077 8.3.1 signaled, call chain NWd -> SP1 -> SP2: SP2 is preempted, SP1 learns it with FFA_INTERRUPT and is preempted in turn; the normal world resumes SP1, which resumes SP2; FFA_RUN of SP2 by the normal world is DENIED
TEST(Interrupts, CallChainPreemptedAndResumedAsAWhole)
{
	sim.add(irq_sp(&ctl, SPMC_NS_INT_SIGNALED))
		.add(make_sp("relay", RELAY_SP, tsp::relay_main,
			     FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND, 1, 7, &ctl3))
		.start();
	nwd_irq();
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), NS_IRQ, 0, c0 + 30000);
	ffa_value r = ffa_direct_req(nwd, 0, RELAY_SP, IRQ_SP, 6, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_INTERRUPT_32);
	CHECK_REG(ffa_pack_vcpu(RELAY_SP, 0), r.x[1]);
	CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(RELAY_SP, 0));
	CHECK_EQUAL(SPMC_EC_PREEMPTED, sim.state(IRQ_SP, 0));
	CHECK_EQUAL(1, nwd_irqs.taken.size());
	/* Two SPMC decisions: SP2 preempted (to SP1), then SP1 (to the NWd). */
	std::vector<const sim_trace_event *> irq = sim.events_of(SIM_TRACE_IRQ);
	CHECK_EQUAL(2, irq.size());
	CHECK_EQUAL(IRQ_SP, irq[0]->caller.id);
	CHECK_EQUAL(RELAY_SP, irq[0]->callee.id);
	CHECK_EQUAL(RELAY_SP, irq[1]->caller.id);
	CHECK_TRUE(irq[1]->callee.nwd);

	/* SP2 belongs to SP1's chain: only SP1 may resume it. */
	Snapshot before = sim.snapshot();
	CHECK_FFA_ERROR(ffa_run(nwd, IRQ_SP, 0), FFA_RET_DENIED);
	CHECK_STATE_UNCHANGED(sim, before);

	r = ffa_run(nwd, RELAY_SP, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, r.x[3]); /* SP2's answer reached SP1 */
	CHECK_REG(6, r.x[4]);                          /* all of SP2's work */
	CHECK_REG(1, r.x[5]);                          /* SP1 saw one FFA_INTERRUPT */
	std::vector<tsp::Event> seen = ctl3.of(tsp::EV_RESULT);
	CHECK_EQUAL(2, seen.size());
	CHECK_REG(FFA_INTERRUPT_32, seen[0].x[0]);
	CHECK_REG(ffa_pack_vcpu(IRQ_SP, 0), seen[0].x[1]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(IRQ_SP, 0));
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(RELAY_SP, 0));
}

// DEN0077 8.2 (SPMC-scheduled runtime model): an SP handling a secure interrupt may not FFA_YIELD (DENIED), and the context it preempted cannot be resumed with FFA_RUN meanwhile
TEST(Interrupts, HandlingIsScheduledByTheSpmc)
{
	ctl.yield_in_handler = true;
	sim.add(irq_sp(&ctl)).start();
	sim_irq_raise_at(sim.get(), DEV_IRQ, 0, now() + 100);
	nwd_spend(sim, 200);
	std::vector<tsp::Event> y = ctl.of(tsp::EV_RESULT);
	CHECK_EQUAL(1, y.size());
	CHECK_REG(FFA_ERROR_32, y[0].x[0]);
	CHECK_REG((uint32_t)FFA_RET_DENIED, (uint32_t)y[0].x[2]);
	CHECK_EQUAL(SPMC_EC_WAITING, sim.state(IRQ_SP, 0));
}

// Determinism: every interrupt flow of this group in one scenario, run twice: identical traces and CPU clocks, cycle for cycle
TEST(Interrupts, SameScenarioSameTrace)
{
	constexpr ffa_id_t ME_SP = 0x8013;
	std::vector<std::string> first;
	std::vector<uint64_t> first_cycles;
	tsp::Ctl cme;
	NwdIrqs el3;

	/* Every flow of this group in one run: a secure interrupt to a waiting
	 * SP, EL3's own, another SP's preempting a running one, a vIRQ, a
	 * non-secure one preempting an SP and unwinding a call chain, a managed
	 * exit, and one queued for a preempted SP. */
	for (int run = 0; run < 2; run++) {
		sim.reset();
		sim.trace(4096);
		nwd_irqs.taken.clear();
		el3.taken.clear();
		ctl = ctl2 = ctl3 = cme = tsp::Ctl();
		sim_sp me = make_sp("me", ME_SP, tsp::irq_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 8, &cme);
		me.ns_int_action = SPMC_NS_INT_MANAGED_EXIT;
		sim.add(irq_sp(&ctl, SPMC_NS_INT_SIGNALED))
			.add(other_sp(&ctl2))
			.add(make_sp("relay", RELAY_SP, tsp::relay_main,
				     FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND, 1, 7, &ctl3))
			.add(me)
			.start();
		nwd_irq();
		sim_el3_irq_configure(sim.get(), EL3_IRQ, 0, 0x10);
		sim_el3_irq_handler(sim.get(), nwd_handler, &el3);
		uint64_t c0 = now();

		sim_irq_raise_at(sim.get(), DEV_IRQ, 0, c0 + 500);
		sim_irq_raise_at(sim.get(), EL3_IRQ, 0, c0 + 900);
		nwd_spend(sim, 2000);
		c0 = now();
		sim_irq_raise_at(sim.get(), OTHER_IRQ, 0, c0 + 12345);
		sim_irq_raise_at(sim.get(), NS_IRQ, 0, c0 + 23456);
		sim_irq_raise_at(sim.get(), DEV_IRQ, 0, c0 + 34567);
		ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_WORK, 6, 10000, 0, 0);
		while ((uint32_t)r.x[0] == FFA_INTERRUPT_32)
			r = ffa_run(nwd, IRQ_SP, 0);
		CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
		sim_irq_raise_at(sim.get(), NS_IRQ, 0, now() + 30000);
		r = ffa_direct_req(nwd, 0, RELAY_SP, IRQ_SP, 6, 10000, 0, 0);
		CHECK_FFA_FUNC(r, FFA_INTERRUPT_32);
		r = ffa_run(nwd, RELAY_SP, 0);
		CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
		sim_irq_raise_at(sim.get(), NS_IRQ, 0, now() + 20000);
		r = ffa_direct_req(nwd, 0, ME_SP, tsp::IRQ_WORK, 6, 10000, 0, 0);
		CHECK_REG(1, r.x[5]);
		r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_YIELD_THEN_WORK, 2, 1000, 0, 0);
		CHECK_FFA_FUNC(r, FFA_YIELD_32);
		sim_irq_raise_at(sim.get(), DEV_IRQ, 0, now() + 10);
		nwd_spend(sim, 100);
		r = ffa_run(nwd, IRQ_SP, 0);
		CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);

		std::vector<uint64_t> cycles;
		for (uint32_t c = 0; c < sim.cpu_count(); c++)
			cycles.push_back(now(c));
		if (run == 0) {
			first = sim.trace_lines();
			first_cycles = cycles;
		} else {
			CHECK_TRUE(first == sim.trace_lines());
			CHECK_TRUE(first_cycles == cycles);
		}
	}
	/* Each kind of interrupt event is in it. */
	for (uint8_t kind : {SIM_TRACE_IRQ, SIM_TRACE_VIRQ, SIM_TRACE_NWD_IRQ, SIM_TRACE_EL3_IRQ})
		CHECK_TRUE(!sim.events_of(kind).empty());
	CHECK_TRUE(first.size() > 30);
}

// Placement profiles: a secure interrupt taken while the normal world runs costs, until the SP runs, the placement's path into the SPMC, the handler and the GIC acknowledge/end, and its exit to the SP — S-EL2, S-EL1 and EL3 differ only in those paths
TEST(Interrupts, DeliveryCostPerPlacement)
{
	const sim_cost_profile *p = cost.p;
	const enum sim_placement placements[] = {SIM_SPMC_SEL2, SIM_SPMC_SEL1, SIM_SPMC_EL3};
	uint64_t seen[3];

	for (int i = 0; i < 3; i++) {
		enum sim_placement pl = placements[i];
		bool el3 = pl == SIM_SPMC_EL3;
		uint64_t in = el3 ? (uint64_t)p->smc_entry_el3 + p->el3_ctx_save : cost.from_nwd();
		uint64_t out = (el3 ? p->el3_ctx_restore : p->stage2_switch) + (uint64_t)p->eret_sel2_to_sp;

		sim.reset();
		ctl = tsp::Ctl();
		sim.placement(pl).add(irq_sp(&ctl)).start();
		uint64_t c0 = now();
		sim_irq_raise_at(sim.get(), DEV_IRQ, 0, c0 + 10);
		nwd_spend(sim, 20);
		std::vector<const sim_trace_event *> irq = sim.events_of(SIM_TRACE_IRQ);
		CHECK_EQUAL(1, irq.size());
		CHECK_EQUAL(c0 + 10, irq[0]->taken);
		seen[i] = irq[0]->cycle - irq[0]->taken;
		CHECK_EQUAL(in + p->spmc_handler_base + p->gic_ack_eoi + out, seen[i]);
		CHECK_EQUAL(1, ctl.of(tsp::EV_INTERRUPT).size());
	}
	/* The EL3 SPMC skips the SPMD's world switch. */
	CHECK_TRUE(seen[2] < seen[0]);
}

// FFA_YIELD with a timeout: the normal world arms its timer for the timeout the SP asked for (w2/w3), and resumes the SP with FFA_RUN when the timer interrupt comes, on that cycle
TEST(Interrupts, YieldTimeoutResumedByTheNormalWorldsTimer)
{
	struct Timer {
		bool fired = false;
		uint64_t at = 0;
	} timer;
	sim.add(irq_sp(&ctl)).start();
	CHECK_EQUAL(0, sim_nwd_irq_configure(sim.get(), SIM_TIMER_NS_PHYS, 0, 0xa0));
	sim_nwd_irq_handler(
		sim.get(),
		[](struct sim *s, uint32_t cpu, uint32_t intid, void *user) {
			Timer *t = static_cast<Timer *>(user);
			t->fired = intid == SIM_TIMER_NS_PHYS;
			t->at = sim_cycles(s, cpu);
		},
		&timer);

	ffa_value r = ffa_direct_req(nwd, 0, IRQ_SP, tsp::IRQ_YIELD_THEN_WORK, 1, 100, 0, 0);
	CHECK_FFA_FUNC(r, FFA_YIELD_32);
	/* irq_sp yields with no timeout (w2 = w3 = 0); the normal world's policy
	 * here: a zero timeout is rescheduled after 5000 cycles. */
	uint64_t timeout = ((r.x[3] & 0xffffffff) << 32 | (r.x[2] & 0xffffffff));
	uint64_t deadline = now() + (timeout ? timeout : 5000);
	CHECK_EQUAL(0, sim_timer_arm(sim.get(), 0, SIM_TIMER_NS_PHYS, deadline));
	while (!timer.fired)
		nwd_spend(sim, 1000);
	std::vector<const sim_trace_event *> n = sim.events_of(SIM_TRACE_NWD_IRQ);
	CHECK_EQUAL(1, n.size());
	CHECK_EQUAL(deadline, n[0]->taken);
	r = ffa_run(nwd, IRQ_SP, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(1, r.x[3]);
	/* Re-arming replaces a deadline; cancelling removes it. */
	CHECK_EQUAL(0, sim_timer_arm(sim.get(), 0, SIM_TIMER_NS_PHYS, now() + 100));
	CHECK_EQUAL(0, sim_timer_arm(sim.get(), 0, SIM_TIMER_NS_PHYS, now() + 200));
	sim_timer_cancel(sim.get(), 0, SIM_TIMER_NS_PHYS);
	timer.fired = false;
	nwd_spend(sim, 1000);
	CHECK_FALSE(timer.fired);
	CHECK_EQUAL(-1, sim_timer_arm(sim.get(), 0, 40, 0)); /* not a PPI */
}

// DEN0077 8.3 (target SP blocked): the interrupt of an SP waiting for its callee's answer is queued; the callee goes on; the owner, which installed no handler, handles it (FFA_INTERRUPT) as soon as it has answered, and its answer reaches the normal world afterwards
TEST(Interrupts, SecureInterruptToBlockedSpQueuedUntilItAnswers)
{
	sim_sp relay = make_sp("relay", RELAY_SP, tsp::relay_main,
			       FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND, 1, 7, &ctl3);
	relay.regions = &dev_region; /* the relay owns DEV_IRQ */
	relay.region_count = 1;
	sim.add(make_sp("worker", IRQ_SP, tsp::irq_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 5, &ctl))
		.add(relay)
		.start();
	uint64_t c0 = now();

	sim_irq_raise_at(sim.get(), DEV_IRQ, 0, c0 + 20000);
	ffa_value r = ffa_direct_req(nwd, 0, RELAY_SP, IRQ_SP, 4, 10000, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, r.x[3]); /* the worker's answer reached it */
	CHECK_REG(4, r.x[4]);                          /* all the worker's work */

	std::vector<const sim_trace_event *> ev = sim.events();
	size_t i = 0;
	while (i < ev.size() && ev[i]->kind != SIM_TRACE_IRQ)
		i++;
	CHECK(i + 3 < ev.size());
	CHECK_EQUAL(c0 + 20000, ev[i]->taken);
	CHECK_EQUAL(IRQ_SP, ev[i]->caller.id); /* taken while the worker ran ... */
	CHECK_EQUAL(IRQ_SP, ev[i]->callee.id); /* ... which goes on */
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, ev[i + 1]->in[0]); /* worker -> relay */
	CHECK_EQUAL(RELAY_SP, ev[i + 1]->callee.id);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, ev[i + 2]->in[0]); /* relay answers ... */
	CHECK_EQUAL(RELAY_SP, ev[i + 2]->callee.id);              /* ... but handles first */
	CHECK_REG(FFA_INTERRUPT_32, ev[i + 2]->out[0]);
	CHECK_REG(DEV_IRQ, ev[i + 2]->out[2]);
	CHECK_REG(FFA_MSG_WAIT_32, ev[i + 3]->in[0]);
	CHECK_TRUE(ev[i + 3]->callee.nwd);
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, ev[i + 3]->out[0]);
}
