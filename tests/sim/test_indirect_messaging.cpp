/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Indirect messaging through the simulator (DEN0077 v1.1+ FFA_MSG_SEND2):
 * normal world to SP, SP to SP and SP to normal world, with the receiver's RX
 * buffer ownership (BUSY until FFA_RX_RELEASE), the "RX buffer full"
 * framework notification and the schedule receiver interrupt, and headers
 * that lie (offsets, sizes, sender IDs) refused with nothing changed.
 */
#include <cstring>

#include "sim_fixture.h"
#include "test_sps.h"

#include "msg/msg_hdr.h"

using namespace st;

namespace {

constexpr ffa_id_t A = 0x8060, B = 0x8061, MUTE = 0x8062;
constexpr uint32_t MSG_PROPS =
	FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_INDIRECT_MSG | FFA_PROP_NOTIFICATION_RECV;

struct Sri {
	unsigned n = 0;
};

void on_sri(struct sim *, uint32_t, uint32_t intid, void *user)
{
	if (intid == SPMC_SRI_INTID)
		static_cast<Sri *>(user)->n++;
}

/* The normal world writes a v1.2 message in its TX buffer. */
void nwd_write(Sim &sim, ffa_id_t to, uint64_t payload, uint32_t offset = SPMC_MSG_HDR_SIZE_V1_2,
	       uint32_t size = 8, ffa_id_t sender = 0)
{
	CHECK_EQUAL(0, tsp::write_message(sim.nwd_ptr(NWD_TX), sender, to, offset, size, payload));
}

ffa_value send2(uint32_t flags = 0)
{
	return ffa_call8(nwd, FFA_MSG_SEND2_32, 0, flags, 0, 0, 0, 0, 0);
}

/* Runs SP `id` until it waits again (its handler takes the NPI). */
void run_until_wait(ffa_id_t id)
{
	ffa_value r = ffa_run(nwd, id, 0);

	while ((uint32_t)r.x[0] == FFA_INTERRUPT_32)
		r = ffa_run(nwd, id, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_WAIT_32);
}

} // namespace

TEST_GROUP(IndirectMessaging)
{
	Sim sim;
	tsp::Ctl ca, cb, cm;
	Sri sri;

	void setup() override
	{
		sim.trace(4096);
		sim.add(make_sp("a", A, tsp::msg_sp_main, MSG_PROPS, 1, 5, &ca))
			.add(make_sp("b", B, tsp::msg_sp_main, MSG_PROPS, 1, 6, &cb))
			.add(make_sp("mute", MUTE, tsp::msg_sp_main,
				     FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_NOTIFICATION_RECV, 1, 7, &cm))
			.start();
		CHECK_REG(FFA_VERSION_1_2, ffa_version(nwd, FFA_VERSION_1_2).x[0]);
		CHECK_FFA_SUCCESS(ffa_rxtx_map(nwd, NWD_TX, NWD_RX, 1));
		CHECK_EQUAL(0, sim_nwd_irq_configure(sim.get(), SPMC_SRI_INTID, 0, 0x90));
		sim_nwd_irq_handler(sim.get(), on_sri, &sri);
	}
	void teardown() override
	{
		sim.stop();
	}
};

// DEN0077 FFA_MSG_SEND2, normal world to SP: the message lands in the SP's RX buffer (header in its layout, payload after it), which the SP then owns; the SPM framework notification "RX buffer full" reaches it as the notification pending interrupt when it runs; it releases the buffer
TEST(IndirectMessaging, NormalWorldToSp)
{
	nwd_write(sim, A, 0xfeedface);
	CHECK_FFA_SUCCESS(send2());
	CHECK_TRUE(spmc_rx_owned_by_endpoint(sim.core(), A));
	/* Until A releases it, another message for A must wait. */
	Snapshot before = sim.snapshot();
	nwd_write(sim, A, 0x2);
	CHECK_FFA_ERROR(send2(), FFA_RET_BUSY);
	CHECK_STATE_UNCHANGED(sim, before);

	run_until_wait(A);
	std::vector<tsp::Event> m = ca.of(tsp::EV_MSG);
	CHECK_EQUAL(1, m.size());
	CHECK_REG(0, m[0].x[0]);          /* from the normal world */
	CHECK_REG(8, m[0].x[1]);
	CHECK_REG(0xfeedface, m[0].x[2]);
	CHECK_REG(SPMC_MSG_HDR_SIZE_V1_2, m[0].x[4]);
	CHECK_REG(FFA_SUCCESS_32, m[0].x[3]); /* its RX_RELEASE */
	CHECK_FALSE(spmc_rx_owned_by_endpoint(sim.core(), A));
	/* Now it goes through. */
	CHECK_FFA_SUCCESS(send2());
}

// DEN0077 FFA_MSG_SEND2, SP to SP: A's message reaches B; the normal world gets the schedule receiver interrupt and INFO_GET names B; B gets it when scheduled
TEST(IndirectMessaging, SpToSp)
{
	ffa_value r = ffa_direct_req(nwd, 0, A, tsp::MSG_SEND, B, 0xabcdef, 0, 0);
	while ((uint32_t)r.x[0] == FFA_INTERRUPT_32) /* the SRI preempted A */
		r = ffa_run(nwd, A, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(FFA_SUCCESS_32, r.x[3]);
	CHECK_EQUAL(1, sri.n);
	r = ffa_call8(nwd, FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0);
	CHECK_FFA_FUNC(r, FFA_SUCCESS_64);
	CHECK_REG(B, r.x[3] & 0xffff);
	run_until_wait(B);
	std::vector<tsp::Event> m = cb.of(tsp::EV_MSG);
	CHECK_EQUAL(1, m.size());
	CHECK_REG(A, m[0].x[0]);
	CHECK_REG(0xabcdef, m[0].x[2]);
}

// DEN0077 FFA_MSG_SEND2, SP to the normal world: the normal world's RX buffer is full (owned by it until FFA_RX_RELEASE) and its hypervisor framework bitmap has "RX buffer full"; with the delay flag the SRI comes when the sender has returned
TEST(IndirectMessaging, SpToNormalWorldWithDelayedSri)
{
	CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_NOTIFICATION_BITMAP_CREATE_32, 0, 4, 0, 0, 0, 0, 0));
	ffa_value r = ffa_direct_req(nwd, 0, A, tsp::MSG_SEND, 0, 0x77, 2 /* delay SRI */, 0);
	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64); /* not preempted: delayed */
	CHECK_REG(FFA_SUCCESS_32, r.x[3]);
	CHECK_EQUAL(1, sri.n);
	CHECK_TRUE(spmc_rx_owned_by_endpoint(sim.core(), 0));
	ffa_value g = ffa_call8(nwd, FFA_NOTIFICATION_GET_32, 0, 0xf, 0, 0, 0, 0, 0);
	CHECK_FFA_SUCCESS(g);
	CHECK_REG(1, g.x[7]); /* hypervisor framework: RX buffer full */
	spmc_msg_hdr h;
	CHECK_EQUAL(0, spmc_msg_hdr_parse(sim.nwd_ptr(NWD_RX), FFA_PAGE_SIZE, FFA_VERSION_1_2, &h,
					  nullptr));
	CHECK_EQUAL(A, h.sender);
	CHECK_EQUAL(0, h.receiver);
	uint64_t payload;
	std::memcpy(&payload, static_cast<uint8_t *>(sim.nwd_ptr(NWD_RX)) + h.offset, 8);
	CHECK_REG(0x77, payload);
	CHECK_FFA_SUCCESS(ffa_rx_release(nwd));
	CHECK_FALSE(spmc_rx_owned_by_endpoint(sim.core(), 0));
}

// DEN0077 FFA_MSG_SEND2 bad input: a payload inside the header or past the TX buffer, a sender ID that is not the caller's, a receiver that takes no indirect messages, an unknown receiver — each refused with the specification's error and nothing changed
TEST(IndirectMessaging, BadHeadersChangeNothing)
{
	Snapshot before = sim.snapshot();
	struct Case {
		ffa_id_t to;
		uint32_t offset, size;
		ffa_id_t sender;
		int32_t err;
	} cases[] = {
		{A, 8, 8, 0, FFA_RET_INVALID_PARAMETERS},                   /* inside the header */
		{A, FFA_PAGE_SIZE - 4, 8, 0, FFA_RET_INVALID_PARAMETERS},   /* past the buffer */
		{A, SPMC_MSG_HDR_SIZE_V1_2, 0xfffffff0u, 0, FFA_RET_INVALID_PARAMETERS}, /* overflow */
		{A, SPMC_MSG_HDR_SIZE_V1_2, 8, B, FFA_RET_INVALID_PARAMETERS}, /* spoofed */
		{MUTE, SPMC_MSG_HDR_SIZE_V1_2, 8, 0, FFA_RET_DENIED},          /* no indirect msgs */
		{0x8077, SPMC_MSG_HDR_SIZE_V1_2, 8, 0, FFA_RET_INVALID_PARAMETERS},
		{0, SPMC_MSG_HDR_SIZE_V1_2, 8, 0, FFA_RET_INVALID_PARAMETERS}, /* to itself */
	};
	for (const Case &c : cases) {
		nwd_write(sim, c.to, 1, c.offset, c.size, c.sender);
		CHECK_FFA_ERROR(send2(), c.err);
		CHECK_STATE_UNCHANGED(sim, before);
	}
	CHECK_FFA_ERROR(send2(0x1), FFA_RET_INVALID_PARAMETERS); /* reserved flag */
	CHECK_FFA_ERROR(ffa_call8(nwd, FFA_MSG_SEND2_32, 5, 0, 0, 0, 0, 0, 0),
			FFA_RET_INVALID_PARAMETERS);
	/* From an SP, spoofing another SP as sender. */
	ffa_value r = ffa_direct_req(nwd, 0, A, tsp::MSG_SEND_RAW, B, SPMC_MSG_HDR_SIZE_V1_2, 8, B);
	CHECK_REG(FFA_ERROR_32, r.x[3]);
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS, (uint32_t)r.x[4]);
	CHECK_STATE_UNCHANGED(sim, before);
	/* A v1.0 caller has no FFA_MSG_SEND2. */
	ffa_version(nwd, FFA_VERSION_1_0);
	nwd_write(sim, A, 1);
	CHECK_FFA_ERROR(send2(), FFA_RET_NOT_SUPPORTED);
}

// DEN0077 v1.0 FFA_MSG_SEND / FFA_MSG_POLL between a v1.0 normal world and a v1.0 SP: the payload (no header) at the start of the SP's RX buffer, reported once by its poll (RETRY after), BUSY for the sender until the SP releases; NOT_SUPPORTED once the normal world negotiates v1.1
TEST(IndirectMessaging, LegacyMessagesForV10Endpoints)
{
	sim.reset();
	tsp::Ctl c10;
	sim_sp v10 = make_sp("v10", 0x8063, tsp::msg_sp_main,
			     FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_INDIRECT_MSG, 1, 5, &c10);
	v10.ffa_version = FFA_VERSION_1_0;
	sim.add(v10).start();
	/* The normal world stays at v1.0. */
	CHECK_FFA_SUCCESS(ffa_rxtx_map(nwd, NWD_TX, NWD_RX, 1));
	uint64_t payload = 0x1122334455667788ull;
	std::memcpy(sim.nwd_ptr(NWD_TX), &payload, 8);
	CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_MSG_SEND_32, ffa_pack_ids(0, 0x8063), 0, 8, 0, 0, 0, 0));
	CHECK_FFA_ERROR(ffa_call8(nwd, FFA_MSG_SEND_32, ffa_pack_ids(0, 0x8063), 0, 8, 0, 0, 0, 0),
			FFA_RET_BUSY);
	ffa_value r = ffa_direct_req(nwd, 0, 0x8063, tsp::MSG_POLL, 0, 0, 0, 0);
	CHECK_REG(FFA_MSG_SEND_32, r.x[3]);
	CHECK_REG(ffa_pack_ids(0, 0x8063), r.x[4]);
	CHECK_REG(8, r.x[5]);
	CHECK_REG(payload, r.x[6]);
	CHECK_REG(FFA_SUCCESS_32, r.x[7]);
	r = ffa_direct_req(nwd, 0, 0x8063, tsp::MSG_POLL, 0, 0, 0, 0);
	CHECK_REG(FFA_ERROR_32, r.x[3]); /* nothing more: RETRY */
	CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_MSG_SEND_32, ffa_pack_ids(0, 0x8063), 0, 8, 0, 0, 0, 0));
	ffa_version(nwd, FFA_VERSION_1_1);
	CHECK_FFA_ERROR(ffa_call8(nwd, FFA_MSG_SEND_32, ffa_pack_ids(0, 0x8063), 0, 8, 0, 0, 0, 0),
			FFA_RET_NOT_SUPPORTED);
}

