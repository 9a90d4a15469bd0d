/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory management, end to end in the simulator: the OP-TEE "cookie" flow.
 * The normal world (this test thread) shares NS memory with FFA_MEM_SHARE,
 * hands the handle to an SP in a direct request; the SP retrieves it
 * (FFA_MEM_RETRIEVE_REQ), uses it through its own address-space window,
 * relinquishes it and answers; the normal world sees the SP's write and
 * reclaims. Touching the memory without holding it is a data abort.
 */
#include <cstring>

#include "sim_fixture.h"

#include "env.h"
#include "sp_mem.h"
#include "mem/mem_desc.h"

using namespace st;

namespace {

constexpr ffa_id_t MEM_SP_ID = 0x8003;
constexpr uint64_t SHBUF = SIM_NS_DRAM_BASE + 0x10000; /* one page of NS DRAM */
constexpr uint16_t ATTR_WB = (FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) |
			     (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) |
			     FFA_MEM_INNER_SHAREABLE;

/* Commands the test SP takes in x3; the handle in x4, an address in x5. */
enum : uint64_t {
	CMD_USE = 1,          /* retrieve, read word 0, write word 1, relinquish */
	CMD_TOUCH = 2,        /* touch x5 without retrieving: a data abort */
	CMD_USE_THEN_TOUCH = 3, /* CMD_USE, then touch the memory again: a data abort */
	CMD_READ_ONLY = 4,    /* retrieve read-only, read word 0, write word 1: a data abort */
};

/* Answers: x3 = 0 on success or the failing step, x4 = word 0 read, x5 = the address. */
uint64_t sp_use(const sim_env *env, uint64_t handle, uint64_t *read, uint64_t *addr,
	       uint8_t perms = FFA_MEM_DATA_RW)
{
	const uint64_t tx = env->mem_base + 0x8000, rx = env->mem_base + 0x9000;
	spmc_mem_access acc = {};
	spmc_mem_desc d = {};
	size_t written = 0, total = 0;

	acc.id = env->id;
	acc.perms = perms;
	d.version = SPMC_FFA_VERSION;
	d.sender = 0;
	d.flags = FFA_MEM_TRANSACTION_SHARE << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
	d.handle = handle;
	d.access = &acc;
	d.access_count = 1;
	if (spmc_mem_desc_encode_retrieve_req(&d, SPMC_FFA_VERSION, 0, sim_env_ptr(env, tx),
					      FFA_PAGE_SIZE, &written, &total) != 0)
		return 10;
	ffa_value r = ffa_call8(env->ffa_call, FFA_MEM_RETRIEVE_REQ_64, total, written, 0, 0, 0,
				0, 0);
	if ((uint32_t)r.x[0] != FFA_MEM_RETRIEVE_RESP_32)
		return 11;

	spmc_mem_access racc[2];
	spmc_mem_range rng[2];
	spmc_mem_room room = {racc, 2, rng, 2};
	spmc_mem_desc resp;
	if (spmc_mem_desc_parse(sim_env_ptr(env, rx), (uint32_t)r.x[1], SPMC_FFA_VERSION,
				SPMC_MEM_DESC_RETRIEVE_RESP, &room, &resp) != 0 ||
	    resp.range_count != 1 || !(resp.attributes & FFA_MEM_ATTR_NS))
		return 12;
	*addr = rng[0].addr;
	if ((uint32_t)ffa_rx_release(env->ffa_call).x[0] != FFA_SUCCESS_32)
		return 13;

	volatile uint32_t *mem = static_cast<volatile uint32_t *>(sim_env_ptr(env, *addr));
	*read = mem[0];
	mem[1] = mem[0] + 1;
	env->spend(200);

	if (sp_mem_relinquish(env, tx, handle) != 0)
		return 14;
	return 0;
}

void mem_sp_main(const sim_env *env)
{
	ffa_value r = ffa_rxtx_map(env->ffa_call, env->mem_base + 0x8000, env->mem_base + 0x9000, 1);

	if ((uint32_t)r.x[0] != FFA_SUCCESS_32)
		return; /* an abort: the test sees it */
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		if (!ffa_is_direct_req(&r)) {
			r = ffa_msg_wait(env->ffa_call);
			continue;
		}
		uint64_t status = 0, read = 0, addr = r.x[5];

		switch (r.x[3]) {
		case CMD_USE:
			status = sp_use(env, r.x[4], &read, &addr);
			break;
		case CMD_TOUCH:
			read = *static_cast<volatile uint32_t *>(sim_env_ptr(env, addr));
			break;
		case CMD_READ_ONLY: /* sp_use writes word 1 once it has read word 0 */
			status = sp_use(env, r.x[4], &read, &addr, FFA_MEM_DATA_RO);
			break;
		case CMD_USE_THEN_TOUCH:
			status = sp_use(env, r.x[4], &read, &addr);
			if (status == 0)
				read = *static_cast<volatile uint32_t *>(sim_env_ptr(env, addr));
			break;
		default:
			status = 99;
		}
		r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(r.x[1]), status, read, addr,
				    0, 0);
	}
}

} // namespace

TEST_GROUP(Memory)
{
	Sim sim;

	void teardown() override
	{
		sim.stop();
	}

	void start()
	{
		sim.add(make_sp("mem", MEM_SP_ID, mem_sp_main, FFA_PROP_DIRECT_REQ_RECV, 1, 0))
			.start();
		CHECK_FALSE(spmc_partition_aborted(sim.core(), MEM_SP_ID));
		CHECK_FFA_FUNC(nwd(regs(FFA_VERSION_32, FFA_VERSION_1_1)), SPMC_FFA_VERSION);
		CHECK_FFA_FUNC(nwd(regs(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 1)), FFA_SUCCESS_32);
	}

	/* FFA_MEM_SHARE of SHBUF (one page) with the test SP: the handle. */
	uint64_t share(uint8_t perms = FFA_MEM_DATA_RW)
	{
		spmc_mem_access acc = {};
		spmc_mem_range rng = {SHBUF, 1};
		spmc_mem_desc d = {};
		size_t written = 0, total = 0;

		acc.id = MEM_SP_ID;
		acc.perms = perms;
		d.version = FFA_VERSION_1_1;
		d.sender = 0;
		d.attributes = ATTR_WB;
		d.access = &acc;
		d.access_count = 1;
		d.ranges = &rng;
		d.range_count = 1;
		d.total_pages = 1;
		LONGS_EQUAL(0, spmc_mem_desc_encode_send(&d, FFA_VERSION_1_1, 0, sim.nwd_ptr(NWD_TX),
							 FFA_PAGE_SIZE, &written, &total));
		ffa_value r = nwd(regs(FFA_MEM_SHARE_64, total, written));
		CHECK_FFA_FUNC(r, FFA_SUCCESS_32);
		return (uint32_t)r.x[2] | (r.x[3] << 32);
	}
};

// DEN0077 FFA_MEM_SHARE / RETRIEVE_REQ / RELINQUISH / RECLAIM: the OP-TEE flow, NWd -> SP
TEST(Memory, ShareRetrieveUseRelinquishReclaim)
{
	start();
	volatile uint32_t *buf = static_cast<volatile uint32_t *>(sim.nwd_ptr(SHBUF));
	buf[0] = 0x1234;
	buf[1] = 0;

	uint64_t h = share();
	ffa_value r = ffa_direct_req(nwd, 0, MEM_SP_ID, CMD_USE, h, 0, 0, 0);

	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(0, r.x[3]);
	CHECK_REG(0x1234, r.x[4]);
	CHECK_REG(SHBUF, r.x[5]);
	CHECK_EQUAL(0x1235u, buf[1]); /* the SP's write */
	CHECK_FFA_FUNC(nwd(regs(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0)), FFA_SUCCESS_32);
	/* Reclaimed: the handle is gone. */
	CHECK_FFA_ERROR(nwd(regs(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0)),
			FFA_RET_INVALID_PARAMETERS);
	LONGS_EQUAL(0, sim_faults(sim.get()));
	CHECK_FALSE(spmc_partition_aborted(sim.core(), MEM_SP_ID));

	/* And again: the SP can take the next share. */
	buf[0] = 7;
	h = share();
	r = ffa_direct_req(nwd, 0, MEM_SP_ID, CMD_USE, h, 0, 0, 0);
	CHECK_REG(0, r.x[3]);
	CHECK_EQUAL(8u, buf[1]);
	CHECK_FFA_FUNC(nwd(regs(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0)), FFA_SUCCESS_32);
}

// The SP touching shared memory before retrieving it takes a data abort and is aborted
TEST(Memory, TouchBeforeRetrieveFaults)
{
	start();
	uint64_t h = share();
	ffa_value r = ffa_direct_req(nwd, 0, MEM_SP_ID, CMD_TOUCH, h, SHBUF, 0, 0);

	CHECK_FFA_ERROR(r, FFA_RET_ABORTED);
	LONGS_EQUAL(1, sim_faults(sim.get()));
	CHECK_TRUE(spmc_partition_aborted(sim.core(), MEM_SP_ID));
	/* Never retrieved: the NWd reclaims. */
	CHECK_FFA_FUNC(nwd(regs(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0)), FFA_SUCCESS_32);
}

// The SP touching shared memory after relinquishing it takes a data abort too
TEST(Memory, TouchAfterRelinquishFaults)
{
	start();
	uint64_t h = share();
	ffa_value r = ffa_direct_req(nwd, 0, MEM_SP_ID, CMD_USE_THEN_TOUCH, h, 0, 0, 0);

	CHECK_FFA_ERROR(r, FFA_RET_ABORTED);
	LONGS_EQUAL(1, sim_faults(sim.get()));
	CHECK_TRUE(spmc_partition_aborted(sim.core(), MEM_SP_ID));
	CHECK_FFA_FUNC(nwd(regs(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0)), FFA_SUCCESS_32);
}

// Memory shared read-only reads in the SP; the SP writing it takes a data abort
TEST(Memory, ReadOnlyShareWriteFaults)
{
	start();
	volatile uint32_t *buf = static_cast<volatile uint32_t *>(sim.nwd_ptr(SHBUF));
	buf[0] = 0x5a5a;
	buf[1] = 0;

	uint64_t h = share(FFA_MEM_DATA_RO);
	ffa_value r = ffa_direct_req(nwd, 0, MEM_SP_ID, CMD_READ_ONLY, h, 0, 0, 0);

	CHECK_FFA_ERROR(r, FFA_RET_ABORTED);
	LONGS_EQUAL(1, sim_faults(sim.get()));
	CHECK_TRUE(spmc_partition_aborted(sim.core(), MEM_SP_ID));
	CHECK_EQUAL(0u, buf[1]); /* the write never landed */
}
