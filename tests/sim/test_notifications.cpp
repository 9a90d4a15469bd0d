/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notifications through the simulator (DEN0077 chapter 10): the schedule
 * receiver interrupt reaching the normal world's handler, the notification
 * pending interrupt reaching an SP's handler when it runs, per-vCPU
 * notifications on several CPUs, INFO_GET draining more lists than fit in one
 * answer, and the top-half/bottom-half example with its order of events and
 * cycles asserted.
 */
#include "sim_fixture.h"
#include "test_sps.h"

#include <hal.h>

using namespace st;

namespace {

constexpr ffa_id_t RX_SP = 0x8040;     /* receiver, MP */
constexpr ffa_id_t TX_SP = 0x8041;     /* sender, UP */
constexpr ffa_id_t DEVICE_ID = 0x8042; /* examples/sp/device_sp.c */
constexpr uint32_t DEVICE_IRQ = 44;
constexpr uint32_t PER_VCPU = 1, DELAY_SRI = 2;

const spmc_irq device_irqs[] = {{DEVICE_IRQ, 0x20}};
const spmc_region device_region = {"device", 0x01002000, 1,
				   HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE, device_irqs, 1, true};

/* The normal world's schedule receiver interrupt handler: records it. */
struct Sri {
	std::vector<uint64_t> taken; /* cycles, on cpu */
	std::vector<uint32_t> cpus;
};

void on_sri(struct sim *s, uint32_t cpu, uint32_t intid, void *user)
{
	if (intid != SPMC_SRI_INTID)
		return;
	static_cast<Sri *>(user)->taken.push_back(sim_cycles(s, cpu));
	static_cast<Sri *>(user)->cpus.push_back(cpu);
}

ffa_value cmd(ffa_id_t sp, uint64_t c, uint64_t a4 = 0, uint64_t a5 = 0, uint64_t a6 = 0)
{
	return ffa_direct_req(nwd, 0, sp, c, a4, a5, a6, 0);
}

/* A command whose SP may be preempted by the SRI it raises (it is a
 * non-secure interrupt, and these SPs take the signaled action): resumed
 * until it answers. */
ffa_value cmd_to_end(ffa_id_t sp, uint64_t c, uint64_t a4 = 0, uint64_t a5 = 0, uint64_t a6 = 0)
{
	ffa_value r = cmd(sp, c, a4, a5, a6);

	while ((uint32_t)r.x[0] == FFA_INTERRUPT_32)
		r = ffa_run(nwd, sp, 0);
	return r;
}

} // namespace

TEST_GROUP(Notifications)
{
	Sim sim;
	tsp::Ctl rx, tx;
	Sri sri;

	void setup() override
	{
		sim.trace(4096);
	}
	void teardown() override
	{
		sim.stop();
	}
	void start()
	{
		sim.add(make_sp("rx", RX_SP, tsp::notif_sp_main,
				FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_NOTIFICATION_RECV, 4, 5, &rx))
			.add(make_sp("tx", TX_SP, tsp::notif_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 6,
				     &tx))
			.start();
		nwd_setup();
	}
	/* The normal world as a v1.2 driver: its SRI (an SGI, banked) on every
	 * CPU, with the handler. */
	void nwd_setup()
	{
		CHECK_REG(FFA_VERSION_1_2, ffa_version(nwd, FFA_VERSION_1_2).x[0]);
		ffa_value f = ffa_features(nwd, FFA_FEATURE_SRI);
		CHECK_FFA_SUCCESS(f);
		for (uint32_t c = 0; c < sim.cpu_count(); c++)
			CHECK_EQUAL(0, sim_nwd_irq_configure(sim.get(), (uint32_t)f.x[2], c, 0x90));
		sim_nwd_irq_handler(sim.get(), on_sri, &sri);
	}
};

// DEN0077 10.x: SP to SP global notification: the sender's FFA_NOTIFICATION_SET raises the schedule receiver interrupt in the normal world, INFO_GET names the receiver, FFA_RUN gives it cycles, its handler takes the notification pending interrupt and FFA_NOTIFICATION_GET returns the bits (once)
TEST(Notifications, SpToSpThroughTheScheduler)
{
	start();
	ffa_value r = cmd(RX_SP, tsp::NOTIF_BIND, TX_SP, 0, 0x6);
	CHECK_REG(FFA_SUCCESS_32, r.x[3]);
	/* The SRI is non-secure: it preempts the sender at once (signaled),
	 * and the normal world's handler takes it before the set even returns. */
	r = cmd(TX_SP, tsp::NOTIF_SET, RX_SP, 0, 0x4);
	CHECK_FFA_FUNC(r, FFA_INTERRUPT_32);
	CHECK_REG(ffa_pack_vcpu(TX_SP, 0), r.x[1]);
	CHECK_EQUAL(1, sri.taken.size());
	r = ffa_run(nwd, TX_SP, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_SUCCESS_32, r.x[3]);

	r = ffa_call8(nwd, FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_SUCCESS_64);
	CHECK_REG(1 << 7, r.x[2] & 0xfff); /* one list, nothing more */
	CHECK_REG(RX_SP, r.x[3] & 0xffff);
	/* Scheduling it (context for CPU 0) delivers the NPI to its handler. */
	r = ffa_run(nwd, RX_SP, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_WAIT_32);
	std::vector<tsp::Event> v = rx.of(tsp::EV_VIRQ);
	CHECK_EQUAL(1, v.size());
	CHECK_REG(SPMC_VIRQ_NOTIFICATION_PENDING, v[0].x[0]);
	std::vector<tsp::Event> got = rx.of(tsp::EV_RESULT);
	CHECK_EQUAL(1, got.size());
	CHECK_REG(FFA_SUCCESS_32, got[0].x[0]);
	CHECK_REG(0x4, got[0].x[2]); /* from SPs */
	r = cmd(RX_SP, tsp::NOTIF_GET, 0xf);
	CHECK_REG(0, r.x[4]);
	CHECK_FFA_ERROR(ffa_call8(nwd, FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0),
			FFA_RET_NO_DATA);
}

// DEN0077 per-vCPU notifications on several CPUs: set for vCPUs 1 and 3, INFO_GET lists [receiver 1 3]; the normal world on CPUs 1 and 3 runs those contexts, and each reads only its own
TEST(Notifications, PerVcpuOnSeveralCpus)
{
	start();
	CHECK_REG(FFA_SUCCESS_32, cmd(RX_SP, tsp::NOTIF_BIND, TX_SP, PER_VCPU, 0x30).x[3]);
	CHECK_REG(FFA_SUCCESS_32,
		  cmd_to_end(TX_SP, tsp::NOTIF_SET, RX_SP, PER_VCPU | 1u << 16, 0x10).x[3]);
	CHECK_REG(FFA_SUCCESS_32,
		  cmd_to_end(TX_SP, tsp::NOTIF_SET, RX_SP, PER_VCPU | 3u << 16, 0x20).x[3]);
	/* A vCPU it does not have. */
	ffa_value bad = cmd(TX_SP, tsp::NOTIF_SET, RX_SP, PER_VCPU | 4u << 16, 0x20);
	CHECK_REG(FFA_ERROR_32, bad.x[3]);
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS, (uint32_t)bad.x[4]);

	ffa_value r = ffa_call8(nwd, FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_SUCCESS_64);
	CHECK_REG(1u << 7 | 2u << 12, r.x[2]); /* one list of two vCPUs */
	CHECK_REG((uint64_t)RX_SP | 1ull << 16 | 3ull << 32, r.x[3]);

	tsp::NwdProgram p1, p3;
	p1.call(regs(FFA_RUN_32, ffa_pack_vcpu(RX_SP, 1)));
	p3.call(regs(FFA_RUN_32, ffa_pack_vcpu(RX_SP, 3)));
	sim.run_nwd(1, tsp::nwd_program_main, &p1);
	sim.run_nwd(3, tsp::nwd_program_main, &p3);
	sim.wait_idle();
	std::vector<tsp::Event> got = rx.of(tsp::EV_RESULT);
	CHECK_EQUAL(2, got.size());
	for (const tsp::Event &e : got) {
		CHECK_TRUE(e.ec == 1 || e.ec == 3);
		CHECK_REG(e.ec == 1 ? 0x10 : 0x20, e.x[2]);
	}
}

// DEN0077 FFA_NOTIFICATION_INFO_GET: more receivers than one answer holds (10 IDs in the SMC32 form): the more-pending bit, then the rest, then NO_DATA; every receiver listed exactly once
TEST(Notifications, InfoGetDrainsMoreThanFits)
{
	start();
	constexpr uint32_t VMS = 12;
	for (uint32_t vm = 0; vm < VMS; vm++) {
		CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_NOTIFICATION_BITMAP_CREATE_32, vm, 1, 0, 0, 0, 0, 0));
		CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_NOTIFICATION_BIND_32, ffa_pack_ids(TX_SP, (ffa_id_t)vm),
					    0, 1, 0, 0, 0, 0));
	}
	for (uint32_t vm = 0; vm < VMS; vm++)
		CHECK_REG(FFA_SUCCESS_32, cmd(TX_SP, tsp::NOTIF_SET, vm, DELAY_SRI, 1).x[3]);

	std::vector<uint16_t> listed;
	unsigned calls = 0;
	for (;;) {
		ffa_value r = ffa_call8(nwd, FFA_NOTIFICATION_INFO_GET_32, 0, 0, 0, 0, 0, 0, 0);
		if ((uint32_t)r.x[0] == FFA_ERROR_32) {
			CHECK_FFA_ERROR(r, FFA_RET_NO_DATA);
			break;
		}
		calls++;
		uint32_t lists = (r.x[2] >> 7) & 0x1f;
		for (uint32_t i = 0; i < lists; i++)
			listed.push_back((uint16_t)(r.x[3 + i / 2] >> (16 * (i % 2))));
		CHECK_EQUAL(calls == 1 ? 1u : 0u, (uint32_t)(r.x[2] & 1));
	}
	CHECK_EQUAL(2, calls);
	CHECK_EQUAL(VMS, listed.size());
	for (uint32_t vm = 0; vm < VMS; vm++)
		CHECK_EQUAL(vm, listed[vm]);
	/* Each VM reads its own, once; destroying a bitmap with them pending is DENIED. */
	CHECK_FFA_ERROR(ffa_call8(nwd, FFA_NOTIFICATION_BITMAP_DESTROY_32, 5, 0, 0, 0, 0, 0, 0),
			FFA_RET_DENIED);
	ffa_value g = ffa_call8(nwd, FFA_NOTIFICATION_GET_32, 5, 0xf, 0, 0, 0, 0, 0);
	CHECK_FFA_SUCCESS(g);
	CHECK_REG(1, g.x[2]);
	CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_NOTIFICATION_BITMAP_DESTROY_32, 5, 0, 0, 0, 0, 0, 0));
}

// DEN0077 bad input: an SP setting with another's ID (spoofing), a set not bound to it, a GET for another endpoint: refused with the specification's error, and nothing changed
TEST(Notifications, BadInputChangesNothing)
{
	start();
	CHECK_REG(FFA_SUCCESS_32, cmd(RX_SP, tsp::NOTIF_BIND, TX_SP, 0, 0x1).x[3]);
	Snapshot before = sim.snapshot();
	uint64_t sris = sri.taken.size();

	ffa_value r = cmd(TX_SP, tsp::NOTIF_RAW, ffa_pack_ids(RX_SP, RX_SP), 0, 0x1);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS, (uint32_t)r.x[4]);
	r = cmd(TX_SP, tsp::NOTIF_SET, RX_SP, 0, 0x2);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_DENIED, (uint32_t)r.x[4]);
	CHECK_FFA_ERROR(ffa_call8(nwd, FFA_NOTIFICATION_GET_32, RX_SP, 0xf, 0, 0, 0, 0, 0),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_STATE_UNCHANGED(sim, before);
	CHECK_EQUAL(sris, sri.taken.size());
	CHECK_FFA_ERROR(ffa_call8(nwd, FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0),
			FFA_RET_NO_DATA);
}

// The top-half/bottom-half example: a secure device interrupt while the normal world idles; the SP's top half sets a notification (delayed SRI) and waits; the normal world takes the SRI on the cycle it is resumed, finds the notification with INFO_GET and GET, and sends the bottom half as a direct request
TEST(Notifications, TopHalfBottomHalf)
{
	sim_sp dev = make_sp("device", DEVICE_ID, device_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 4);
	dev.regions = &device_region;
	dev.region_count = 1;
	sim.add(dev).start();
	nwd_setup();
	CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_NOTIFICATION_BITMAP_CREATE_32, 0, 4, 0, 0, 0, 0, 0));
	CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_NOTIFICATION_BIND_32, ffa_pack_ids(DEVICE_ID, 0), 0,
				    1u << DEVICE_NOTIFICATION, 0, 0, 0, 0));
	size_t first = sim.events().size();
	uint64_t c0 = sim_cycles(sim.get(), 0);

	sim_irq_raise_at(sim.get(), DEVICE_IRQ, 0, c0 + 1000);
	sim_nwd_env(sim.get())->spend(4000);
	CHECK_EQUAL(1, sri.taken.size());
	ffa_value r = ffa_call8(nwd, FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_SUCCESS_64);
	CHECK_REG(0, r.x[3] & 0xffff); /* VM 0: the driver */
	r = ffa_call8(nwd, FFA_NOTIFICATION_GET_32, 0, 0xf, 0, 0, 0, 0, 0);
	CHECK_FFA_SUCCESS(r);
	CHECK_REG(1u << DEVICE_NOTIFICATION, r.x[2]);
	uint64_t bh0 = sim_cycles(sim.get(), 0);
	r = ffa_direct_req(nwd, 0, DEVICE_ID, DEVICE_BOTTOM_HALF, 0, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(1, r.x[4]);
	CHECK_REG(1, r.x[5]);

	/* The order of events, and their cycles. */
	std::vector<const sim_trace_event *> ev = sim.events();
	std::vector<const sim_trace_event *> e(ev.begin() + first, ev.end());
	CHECK(e.size() >= 8);
	CHECK_EQUAL(SIM_TRACE_IRQ, e[0]->kind);             /* the device interrupt ... */
	CHECK_EQUAL(c0 + 1000, e[0]->taken);                /* ... on its cycle */
	CHECK_EQUAL(DEVICE_ID, e[0]->callee.id);
	CHECK_REG(FFA_NOTIFICATION_SET_32, e[1]->in[0]);    /* top half */
	CHECK_REG(FFA_MSG_WAIT_32, e[2]->in[0]);             /* done: the NWd resumes */
	CHECK_TRUE(e[2]->callee.nwd);
	CHECK_EQUAL(SIM_TRACE_NWD_IRQ, e[3]->kind);          /* the SRI, at once */
	CHECK_REG(SPMC_SRI_INTID, e[3]->in[0]);
	CHECK_EQUAL(e[2]->cycle, e[3]->taken);
	CHECK_REG(FFA_NOTIFICATION_INFO_GET_64, e[4]->in[0]);
	CHECK_REG(FFA_NOTIFICATION_GET_32, e[5]->in[0]);
	CHECK_REG(FFA_MSG_SEND_DIRECT_REQ_64, e[6]->in[0]);  /* bottom half */
	CHECK_REG(FFA_MSG_SEND_DIRECT_RESP_64, e[7]->in[0]);
	/* The bottom half's cost: the round trip plus its modeled work. */
	CHECK_TRUE(sim_cycles(sim.get(), 0) - bh0 > DEVICE_BH_CYCLES);
}

// DEN0077 FFA_NOTIFICATION_UNBIND through the simulator: unbinding IDs of another sender is DENIED; after the receiver unbinds, the sender's set is DENIED, nothing is pending and no SRI comes
TEST(Notifications, UnbindStopsTheSender)
{
	start();
	CHECK_REG(FFA_SUCCESS_32, cmd(RX_SP, tsp::NOTIF_BIND, TX_SP, 0, 0x3).x[3]);
	ffa_value r = cmd(RX_SP, tsp::NOTIF_UNBIND, 0x8077, 0, 0x1);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_DENIED, (uint32_t)r.x[4]);
	CHECK_REG(FFA_SUCCESS_32, cmd(RX_SP, tsp::NOTIF_UNBIND, TX_SP, 0, 0x1).x[3]);
	r = cmd(TX_SP, tsp::NOTIF_SET, RX_SP, 0, 0x1);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_DENIED, (uint32_t)r.x[4]);
	CHECK_EQUAL(0, sri.taken.size());
	CHECK_FFA_ERROR(ffa_call8(nwd, FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0),
			FFA_RET_NO_DATA);
	/* ID 1 is still bound. */
	CHECK_REG(FFA_SUCCESS_32, cmd_to_end(TX_SP, tsp::NOTIF_SET, RX_SP, 0, 0x2).x[3]);
	CHECK_EQUAL(1, sri.taken.size());
}
