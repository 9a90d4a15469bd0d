/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory management between partitions, end to end: an SP lends or shares
 * pages of its own memory with other SPs (one or several borrowers), with
 * and without zeroing; the translation tables make every rule observable (a
 * lender that touches what it lent takes a data abort); an S-EL0 partition
 * changes the permissions of its own pages with FFA_MEM_PERM_SET. Each SP
 * here runs the same command loop; the normal world drives it with direct
 * requests.
 */
#include <cstring>

#include "sim_fixture.h"

#include "env.h"
#include "sp_mem.h"
#include "hal.h"
#include "mem/mem_desc.h"

using namespace st;

namespace {

constexpr ffa_id_t SP_A = 0x8011, SP_B = 0x8012, SP_C = 0x8013;
constexpr uint64_t OWN_PAGE_OFF = 0x20000; /* the page of its memory an SP sends */

/* Commands (x3); arguments in x4..x7. Answer: x3 = 0 or an error/step code,
 * x4.. results. */
enum : uint64_t {
	CMD_SEND = 1,      /* x4 = func, x5 = borrower, x6 = second borrower (0: none),
			    * x7 = flags: writes 0xabcd0000 | id to its page first;
			    * -> x4 = handle, x5 = the page's address */
	CMD_RETRIEVE = 2,  /* x4 = handle, x5 = sender, x6 = transaction type
			    * -> x4 = word 0 as found, x5 = address; then writes
			    * word 1 = its ID */
	CMD_RELINQUISH = 3, /* x4 = handle */
	CMD_RECLAIM = 4,   /* x4 = handle */
	CMD_READ = 5,      /* x4 = address -> x4 = word (faults without access) */
	CMD_WRITE = 6,     /* x4 = address, x5 = value (faults without write access) */
	CMD_PERM_GET = 7,  /* x4 = offset in its memory -> x4 = permissions */
	CMD_PERM_SET = 8,  /* x4 = offset in its memory, x5 = pages, x6 = permissions */
	CMD_WRITE_OWN = 9, /* x4 = offset in its memory, x5 = value */
	CMD_SEND_AT = 10,  /* as CMD_SEND for one borrower, x6 = the address to send
			    * (one page), x7 = flags */
};

/* SP_A's exclusive device region (a UART, say), in the simulator's device space. */
constexpr uint64_t DEV_PA = 0x09000000;
const spmc_region dev_region = {"uart", DEV_PA, 1, HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE,
				nullptr, 0, true};

uint64_t txa(const sim_env *env) { return env->mem_base + 0x8000; }
uint64_t rxa(const sim_env *env) { return env->mem_base + 0x9000; }
volatile uint32_t *at(const sim_env *env, uint64_t a)
{
	return static_cast<volatile uint32_t *>(sim_env_ptr(env, a));
}

void sp_send(const sim_env *env, const ffa_value &q, ffa_value *a)
{
	bool at_addr = q.x[3] == CMD_SEND_AT;
	uint64_t page = at_addr ? q.x[6] : env->mem_base + OWN_PAGE_OFF;
	uint32_t func = (uint32_t)q.x[4];
	bool share = func == FFA_MEM_SHARE_64;
	spmc_mem_access acc[2] = {};
	spmc_mem_range rng = {page, 1};
	spmc_mem_desc d = {};
	size_t written = 0, total = 0;

	at(env, page)[0] = 0xabcd0000u | env->id;
	acc[0].id = (ffa_id_t)q.x[5];
	acc[0].perms = FFA_MEM_DATA_RW;
	acc[1].id = (ffa_id_t)q.x[6];
	acc[1].perms = FFA_MEM_DATA_RW;
	d.version = FFA_VERSION_1_2;
	d.sender = env->id;
	d.access = acc;
	d.access_count = q.x[6] && !at_addr ? 2 : 1;
	/* One borrower of a lend chooses the memory type; otherwise the sender. */
	if (share || d.access_count > 1)
		d.attributes = (FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) |
			       (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) |
			       FFA_MEM_INNER_SHAREABLE;
	d.flags = (uint32_t)q.x[7];
	d.ranges = &rng;
	d.range_count = 1;
	d.total_pages = 1;
	if (spmc_mem_desc_encode_send(&d, FFA_VERSION_1_2, 0, sim_env_ptr(env, txa(env)),
				      FFA_PAGE_SIZE, &written, &total) != 0) {
		a->x[3] = 100;
		return;
	}
	ffa_value r = ffa_call8(env->ffa_call, func, total, written, 0, 0, 0, 0, 0);
	if (!ffa_is_success(&r)) {
		a->x[3] = ffa_is_error(&r) ? (uint64_t)(uint32_t)ffa_error_code(&r) : 101;
		return;
	}
	a->x[4] = (uint32_t)r.x[2] | (r.x[3] << 32);
	a->x[5] = page;
}

void sp_retrieve(const sim_env *env, const ffa_value &q, ffa_value *a)
{
	spmc_mem_access acc = {};
	spmc_mem_desc rq = {};
	size_t written = 0, total = 0;

	acc.id = env->id;
	acc.perms = FFA_MEM_DATA_RW;
	rq.version = FFA_VERSION_1_2;
	rq.sender = (ffa_id_t)q.x[5];
	/* v1.2: one access descriptor (our own) even when the transaction has
	 * several borrowers (the bypass multi-borrower check flag). */
	rq.flags = ((uint32_t)q.x[6] << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT) |
		   FFA_MEM_FLAG_BYPASS_MULTI_BORROWER;
	rq.handle = q.x[4];
	rq.access = &acc;
	rq.access_count = 1;
	(void)spmc_mem_desc_encode_retrieve_req(&rq, FFA_VERSION_1_2, 0, sim_env_ptr(env, txa(env)),
						FFA_PAGE_SIZE, &written, &total);
	ffa_value r = ffa_call8(env->ffa_call, FFA_MEM_RETRIEVE_REQ_64, total, written, 0, 0, 0, 0,
				0);
	if ((uint32_t)r.x[0] != FFA_MEM_RETRIEVE_RESP_32) {
		a->x[3] = ffa_is_error(&r) ? (uint64_t)(uint32_t)ffa_error_code(&r) : 102;
		return;
	}
	spmc_mem_access racc[2];
	spmc_mem_range rng[2];
	spmc_mem_room room = {racc, 2, rng, 2};
	spmc_mem_desc d;
	int rc = spmc_mem_desc_parse(sim_env_ptr(env, rxa(env)), (size_t)r.x[1], FFA_VERSION_1_2,
				     SPMC_MEM_DESC_RETRIEVE_RESP, &room, &d);
	ffa_rx_release(env->ffa_call);
	if (rc != 0 || d.range_count != 1) {
		a->x[3] = 103;
		return;
	}
	a->x[4] = at(env, rng[0].addr)[0];
	a->x[5] = rng[0].addr;
	at(env, rng[0].addr)[1] = env->id;
}

void sp_relinquish(const sim_env *env, uint64_t handle, ffa_value *a)
{
	int32_t rc = sp_mem_relinquish(env, txa(env), handle);

	if (rc != 0)
		a->x[3] = (uint32_t)rc;
}

/* Errors come back as the (negative) FF-A code in x3, as uint32. */
void result_of(const ffa_value &r, ffa_value *a)
{
	if (ffa_is_success(&r))
		a->x[4] = r.x[2];
	else
		a->x[3] = ffa_is_error(&r) ? (uint64_t)(uint32_t)ffa_error_code(&r) : 105;
}

void actor_main(const sim_env *env)
{
	ffa_value r = ffa_rxtx_map(env->ffa_call, txa(env), rxa(env), 1);

	if (!ffa_is_success(&r))
		return;
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		if (!ffa_is_direct_req(&r)) {
			r = ffa_msg_wait(env->ffa_call);
			continue;
		}
		ffa_value q = r, a = {};
		switch (q.x[3]) {
		case CMD_SEND:
		case CMD_SEND_AT: sp_send(env, q, &a); break;
		case CMD_RETRIEVE: sp_retrieve(env, q, &a); break;
		case CMD_RELINQUISH: sp_relinquish(env, q.x[4], &a); break;
		case CMD_RECLAIM:
			result_of(ffa_call8(env->ffa_call, FFA_MEM_RECLAIM_32, (uint32_t)q.x[4],
					    q.x[4] >> 32, 0, 0, 0, 0, 0),
				  &a);
			break;
		case CMD_READ: a.x[4] = at(env, q.x[4])[0]; break;
		case CMD_WRITE: at(env, q.x[4])[0] = (uint32_t)q.x[5]; break;
		case CMD_PERM_GET:
			result_of(ffa_call8(env->ffa_call, FFA_MEM_PERM_GET_64,
					    env->mem_base + q.x[4], 0, 0, 0, 0, 0, 0),
				  &a);
			break;
		case CMD_PERM_SET:
			result_of(ffa_call8(env->ffa_call, FFA_MEM_PERM_SET_64,
					    env->mem_base + q.x[4], q.x[5], q.x[6], 0, 0, 0, 0),
				  &a);
			break;
		case CMD_WRITE_OWN: at(env, env->mem_base + q.x[4])[0] = (uint32_t)q.x[5]; break;
		default: a.x[3] = 99;
		}
		r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(q.x[1]), a.x[3], a.x[4],
				    a.x[5], 0, 0);
	}
}

} // namespace

TEST_GROUP(MemorySp)
{
	Sim sim;

	void teardown() override
	{
		sim.stop();
	}

	void start(uint8_t el_c = 2)
	{
		for (ffa_id_t id : {SP_A, SP_B, SP_C}) {
			sim_sp sp = make_sp("actor", id, actor_main, FFA_PROP_DIRECT_REQ_RECV);
			sp.mem_pages = 64;
			if (id == SP_C)
				sp.el = el_c;
			if (id == SP_A) {
				sp.regions = &dev_region;
				sp.region_count = 1;
			}
			sim.add(sp);
		}
		sim.start();
		for (ffa_id_t id : {SP_A, SP_B, SP_C})
			CHECK_FALSE(spmc_partition_aborted(sim.core(), id));
	}

	ffa_value cmd(ffa_id_t sp, uint64_t c, uint64_t a = 0, uint64_t b = 0, uint64_t d = 0,
		      uint64_t e = 0)
	{
		ffa_value r = ffa_direct_req(nwd, 0, sp, c, a, b, d, e);
		return r;
	}

	/* A command that must succeed; returns its answer. */
	ffa_value ok(ffa_id_t sp, uint64_t c, uint64_t a = 0, uint64_t b = 0, uint64_t d = 0,
		     uint64_t e = 0)
	{
		ffa_value r = cmd(sp, c, a, b, d, e);
		CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
		CHECK_REG(0, r.x[3]);
		return r;
	}
};

// DEN0077 FFA_MEM_LEND between SPs: the lender loses its mapping until it
// reclaims; the borrower sees the lender's data and its write reaches the lender
TEST(MemorySp, LendBetweenPartitions)
{
	start();
	ffa_value s = ok(SP_A, CMD_SEND, FFA_MEM_LEND_64, SP_B, 0, 0);
	uint64_t h = s.x[4], page = s.x[5];

	ffa_value r = ok(SP_B, CMD_RETRIEVE, h, SP_A, FFA_MEM_TRANSACTION_LEND);
	CHECK_REG(0xabcd0000u | SP_A, r.x[4]);
	CHECK_REG(page, r.x[5]); /* IPA == PA */
	/* Reclaim while the borrower holds it: DENIED. */
	CHECK_REG((uint32_t)FFA_RET_DENIED, cmd(SP_A, CMD_RECLAIM, h).x[3]);
	ok(SP_B, CMD_RELINQUISH, h);
	ok(SP_A, CMD_RECLAIM, h);
	CHECK_REG(SP_B, ok(SP_A, CMD_READ, page + 4).x[4]);
	LONGS_EQUAL(0, sim_faults(sim.get()));
}

// The lender touching what it lent takes a data abort (its stage-2 mapping is gone)
TEST(MemorySp, LenderTouchingLentMemoryFaults)
{
	start();
	ffa_value s = ok(SP_A, CMD_SEND, FFA_MEM_LEND_64, SP_B, 0, 0);

	CHECK_FFA_ERROR(cmd(SP_A, CMD_READ, s.x[5]), FFA_RET_ABORTED);
	LONGS_EQUAL(1, sim_faults(sim.get()));
	CHECK_TRUE(spmc_partition_aborted(sim.core(), SP_A));
}

// A share keeps the lender's access: both sides see each other's writes
TEST(MemorySp, ShareKeepsLenderAccess)
{
	start();
	ffa_value s = ok(SP_A, CMD_SEND, FFA_MEM_SHARE_64, SP_B, 0, 0);
	uint64_t h = s.x[4], page = s.x[5];

	ok(SP_B, CMD_RETRIEVE, h, SP_A, FFA_MEM_TRANSACTION_SHARE);
	CHECK_REG(SP_B, ok(SP_A, CMD_READ, page + 4).x[4]);
	ok(SP_B, CMD_RELINQUISH, h);
	ok(SP_A, CMD_RECLAIM, h);
	LONGS_EQUAL(0, sim_faults(sim.get()));
}

// DEN0077: one transaction, two borrowers; the memory comes back only when both let go
TEST(MemorySp, TwoBorrowers)
{
	start();
	ffa_value s = ok(SP_A, CMD_SEND, FFA_MEM_LEND_64, SP_B, SP_C, 0);
	uint64_t h = s.x[4];

	ok(SP_B, CMD_RETRIEVE, h, SP_A, FFA_MEM_TRANSACTION_LEND);
	ok(SP_C, CMD_RETRIEVE, h, SP_A, FFA_MEM_TRANSACTION_LEND);
	ok(SP_B, CMD_RELINQUISH, h);
	CHECK_REG((uint32_t)FFA_RET_DENIED, cmd(SP_A, CMD_RECLAIM, h).x[3]);
	ok(SP_C, CMD_RELINQUISH, h);
	ok(SP_A, CMD_RECLAIM, h);
	/* Both wrote word 1; the last writer's ID is there. */
	CHECK_REG(SP_C, ok(SP_A, CMD_READ, s.x[5] + 4).x[4]);
}

// DEN0077 flag bit 0 (zero memory) on a lend: the borrower finds zeros, not the lender's data
TEST(MemorySp, LendWithZeroing)
{
	start();
	ffa_value s = ok(SP_A, CMD_SEND, FFA_MEM_LEND_64, SP_B, 0, FFA_MEM_FLAG_ZERO_MEMORY);
	ffa_value r = ok(SP_B, CMD_RETRIEVE, s.x[4], SP_A, FFA_MEM_TRANSACTION_LEND);

	CHECK_REG(0, r.x[4]);
}

// DEN0077 FFA_MEM_PERM_GET/SET (S-EL0): the partition makes a page of its own read-only
// and not executable; writing it then is a permission fault
TEST(MemorySp, PermSetMakesPageReadOnly)
{
	start(1);
	/* Its memory starts RWX: data RW (1), executable (bit 2 clear). */
	CHECK_REG(1, ok(SP_C, CMD_PERM_GET, OWN_PAGE_OFF).x[4]);
	ok(SP_C, CMD_PERM_SET, OWN_PAGE_OFF, 1, 3 | 4);
	CHECK_REG(3 | 4, ok(SP_C, CMD_PERM_GET, OWN_PAGE_OFF).x[4]);
	/* The next page is untouched. */
	CHECK_REG(1, ok(SP_C, CMD_PERM_GET, OWN_PAGE_OFF + FFA_PAGE_SIZE).x[4]);
	/* Writable and executable together: refused. */
	CHECK_REG((uint32_t)FFA_RET_INVALID_PARAMETERS,
		  cmd(SP_C, CMD_PERM_SET, OWN_PAGE_OFF, 1, 1).x[3]);
	ok(SP_C, CMD_WRITE_OWN, OWN_PAGE_OFF + FFA_PAGE_SIZE, 5);
	CHECK_FFA_ERROR(cmd(SP_C, CMD_WRITE_OWN, OWN_PAGE_OFF, 5), FFA_RET_ABORTED);
	LONGS_EQUAL(1, sim_faults(sim.get()));
}

// DEN0077: FFA_MEM_PERM_GET/SET exist for S-EL0 partitions only
TEST(MemorySp, PermAbisNotForSel1)
{
	start(2);
	CHECK_REG((uint32_t)FFA_RET_NOT_SUPPORTED, cmd(SP_C, CMD_PERM_GET, OWN_PAGE_OFF).x[3]);
}

// A borrower that is aborted while it holds memory can never relinquish: the SPMC
// relinquishes for it, so the lender can reclaim (and gets its access back)
TEST(MemorySp, AbortedBorrowerReleasesMemory)
{
	start();
	ffa_value s = ok(SP_A, CMD_SEND, FFA_MEM_LEND_64, SP_B, 0, 0);
	uint64_t h = s.x[4];

	ok(SP_B, CMD_RETRIEVE, h, SP_A, FFA_MEM_TRANSACTION_LEND);
	/* SP_B touches memory it never had: a data abort. */
	CHECK_FFA_ERROR(cmd(SP_B, CMD_READ, SIM_NS_DRAM_BASE), FFA_RET_ABORTED);
	CHECK_TRUE(spmc_partition_aborted(sim.core(), SP_B));
	ok(SP_A, CMD_RECLAIM, h);
	CHECK_REG(SP_B, ok(SP_A, CMD_READ, s.x[5] + 4).x[4]);
}

// DEN0077 device memory: an SP lends its exclusive device region to one other SP,
// which maps it (device memory) between retrieve and relinquish; the lender
// gets it back on reclaim. It is never shared.
TEST(MemorySp, LendDeviceRegion)
{
	start();
	CHECK_REG((uint32_t)FFA_RET_DENIED,
		  cmd(SP_A, CMD_SEND_AT, FFA_MEM_SHARE_64, SP_B, DEV_PA, 0).x[3]);
	ffa_value s = ok(SP_A, CMD_SEND_AT, FFA_MEM_LEND_64, SP_B, DEV_PA, 0);
	uint64_t h = s.x[4];

	ffa_value r = ok(SP_B, CMD_RETRIEVE, h, SP_A, FFA_MEM_TRANSACTION_LEND);
	CHECK_REG(DEV_PA, r.x[5]);
	ok(SP_B, CMD_RELINQUISH, h);
	CHECK_FFA_ERROR(cmd(SP_B, CMD_READ, DEV_PA), FFA_RET_ABORTED); /* gone from B */
	ok(SP_A, CMD_RECLAIM, h);
	ok(SP_A, CMD_READ, DEV_PA); /* A's again */
	LONGS_EQUAL(1, sim_faults(sim.get()));
}
