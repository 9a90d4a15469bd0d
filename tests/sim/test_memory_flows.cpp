/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory management end to end, beyond the single-page cookie flow: layouts
 * of different FF-A versions on either side of one transaction, descriptors
 * in fragments in both directions (FFA_MEM_FRAG_TX from the sender,
 * FFA_MEM_FRAG_RX by a borrower whose RX buffer is too small), lending and
 * donating the normal world's memory (its own access taken away), the
 * hypervisor retrieve request. The borrower is an SP of this file that uses
 * the SPMC's descriptor codec in the version it negotiated.
 */
#include <cstring>
#include <vector>

#include "sim_fixture.h"

#include "env.h"
#include "sp_mem.h"
#include "hal.h"
#include "mem/mem_desc.h"

using namespace st;

namespace {

constexpr ffa_id_t BORROWER_ID = 0x8005;
constexpr uint64_t SHBASE = SIM_NS_DRAM_BASE + 0x100000; /* NS pages the NWd sends */
constexpr uint16_t ATTR_WB = (FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) |
			     (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) |
			     FFA_MEM_INNER_SHAREABLE;
constexpr uint32_t RWX = HAL_MEM_R | HAL_MEM_W | HAL_MEM_X;

/* Direct request to the borrower: x3 = handle, x4 = transaction type
 * (FFA_MEM_TRANSACTION_*), x5 = 1 to relinquish afterwards, x6 = more retrieve
 * flags, x7 = the tag to name.
 * Answer: x3 = 0 or the failing step, x4 = constituents, x5 = pages,
 * x6 = FFA_MEM_FRAG_RX rounds, x7 = the first constituent's address. */
struct BorrowerOut {
	uint64_t status, ranges, pages, rounds, first;
};

/* Each constituent's first word gets this, so the sender can see the write. */
uint32_t mark(uint64_t handle, uint32_t i)
{
	return (uint32_t)handle ^ (0x5a000000u + i);
}

uint64_t borrower_use(const sim_env *env, uint64_t handle, uint32_t type, bool relinquish,
		      uint32_t flags, uint64_t tag, BorrowerOut *out)
{
	/* The version its manifest states (it never calls FFA_VERSION). */
	const uint32_t v = *static_cast<const uint32_t *>(env->user);
	const uint64_t tx = env->mem_base + 0x8000, rx = env->mem_base + 0x9000;
	spmc_mem_access acc = {};
	spmc_mem_desc rq = {};
	size_t written = 0, total = 0;

	acc.id = env->id;
	acc.perms = FFA_MEM_DATA_RW;
	rq.version = v;
	rq.sender = 0;
	rq.flags = (type << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT) | flags;
	rq.tag = tag;
	rq.handle = handle;
	rq.access = &acc;
	rq.access_count = 1;
	if (spmc_mem_desc_encode_retrieve_req(&rq, v, 0, sim_env_ptr(env, tx), FFA_PAGE_SIZE,
					      &written, &total) != 0)
		return 10;
	ffa_value r = ffa_call8(env->ffa_call, FFA_MEM_RETRIEVE_REQ_64, total, written, 0, 0, 0,
				0, 0);
	if ((uint32_t)r.x[0] != FFA_MEM_RETRIEVE_RESP_32)
		return ffa_is_error(&r) ? 1000 + (uint64_t)-ffa_error_code(&r) : 11;

	/* Gather the response: the first fragment, then FFA_MEM_FRAG_RX until
	 * every byte is here (DEN0077: offset = bytes received so far). */
	std::vector<uint8_t> resp((size_t)r.x[1]);
	size_t have = (size_t)r.x[2];
	std::memcpy(resp.data(), sim_env_ptr(env, rx), have);
	out->rounds = 0;
	while (have < resp.size()) {
		if ((uint32_t)ffa_rx_release(env->ffa_call).x[0] != FFA_SUCCESS_32)
			return 12;
		r = ffa_call8(env->ffa_call, FFA_MEM_FRAG_RX_32, (uint32_t)handle, handle >> 32, have,
			      0, 0, 0, 0);
		if ((uint32_t)r.x[0] != FFA_MEM_FRAG_TX_32 || r.x[1] != (uint32_t)handle ||
		    r.x[2] != handle >> 32 || r.x[3] == 0 || have + r.x[3] > resp.size())
			return 13;
		std::memcpy(resp.data() + have, sim_env_ptr(env, rx), (size_t)r.x[3]);
		have += (size_t)r.x[3];
		out->rounds++;
	}
	if ((uint32_t)ffa_rx_release(env->ffa_call).x[0] != FFA_SUCCESS_32)
		return 14;

	std::vector<spmc_mem_access> racc(4);
	std::vector<spmc_mem_range> rng(70000);
	spmc_mem_room room = {racc.data(), (uint32_t)racc.size(), rng.data(),
			      (uint32_t)rng.size()};
	spmc_mem_desc d;
	if (spmc_mem_desc_parse(resp.data(), resp.size(), v, SPMC_MEM_DESC_RETRIEVE_RESP, &room,
				&d) != 0 ||
	    d.handle != handle || d.access_count != 1 || d.access[0].id != env->id)
		return 15;
	/* From v1.1 the response says the memory is non-secure. */
	if ((v >= FFA_VERSION_1_1) != ((d.attributes & FFA_MEM_ATTR_NS) != 0))
		return 16;
	out->ranges = d.range_count;
	out->pages = d.total_pages;
	out->first = d.ranges[0].addr;
	for (uint32_t i = 0; i < d.range_count; i++)
		*static_cast<volatile uint32_t *>(sim_env_ptr(env, d.ranges[i].addr)) =
			mark(handle, i);
	env->spend(100);

	if (relinquish) {
		if (sp_mem_relinquish(env, tx, handle) != 0)
			return 17;
	}
	return 0;
}

void borrower_main(const sim_env *env)
{
	ffa_value r = ffa_rxtx_map(env->ffa_call, env->mem_base + 0x8000, env->mem_base + 0x9000, 1);

	if ((uint32_t)r.x[0] != FFA_SUCCESS_32)
		return;
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		if (!ffa_is_direct_req(&r)) {
			r = ffa_msg_wait(env->ffa_call);
			continue;
		}
		BorrowerOut o = {};
		o.status = borrower_use(env, r.x[3], (uint32_t)r.x[4], r.x[5] != 0, (uint32_t)r.x[6],
					r.x[7], &o);
		r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(r.x[1]), o.status, o.ranges,
				    o.pages, o.rounds, o.first);
	}
}

} // namespace

TEST_GROUP(MemoryFlows)
{
	Sim sim;
	uint32_t sp_version = 0;

	void teardown() override
	{
		sim.stop();
	}

	/* The borrower SP at manifest version sp_version; the NWd negotiates
	 * nwd_version and maps one-page RX/TX buffers. */
	void start(uint32_t sp_version, uint32_t nwd_version)
	{
		this->sp_version = sp_version;
		sim_sp sp = make_sp("borrower", BORROWER_ID, borrower_main, FFA_PROP_DIRECT_REQ_RECV,
				    1, 0, &this->sp_version);
		sp.ffa_version = sp_version;
		sp.mem_pages = 64;
		sim.add(sp).start();
		CHECK_FALSE(spmc_partition_aborted(sim.core(), BORROWER_ID));
		CHECK_FFA_FUNC(nwd(regs(FFA_VERSION_32, nwd_version)), SPMC_FFA_VERSION);
		CHECK_FFA_FUNC(nwd(regs(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 1)), FFA_SUCCESS_32);
	}

	/* The NWd's descriptor of `n` pages sent to the borrower: one page each,
	 * every other page (so no two constituents merge), at layout `version`. */
	std::vector<uint8_t> descriptor(uint32_t version, uint32_t op, uint32_t n, uint64_t tag = 0)
	{
		spmc_mem_access acc = {};
		std::vector<spmc_mem_range> rng(n);
		spmc_mem_desc d = {};
		size_t written = 0, total = 0;

		acc.id = BORROWER_ID;
		/* DEN0077: a donor leaves the data access to the borrower. */
		acc.perms = op == FFA_MEM_TRANSACTION_DONATE ? 0 : FFA_MEM_DATA_RW;
		for (uint32_t i = 0; i < n; i++)
			rng[i] = {SHBASE + 2ull * i * FFA_PAGE_SIZE, 1};
		d.version = version;
		d.sender = 0;
		d.tag = tag;
		/* Lend and donate to one borrower leave the memory type to it. */
		d.attributes = op == FFA_MEM_TRANSACTION_SHARE ? ATTR_WB : 0;
		d.access = &acc;
		d.access_count = 1;
		d.ranges = rng.data();
		d.range_count = n;
		d.total_pages = n;
		size_t size = spmc_mem_desc_encoded_size(&d, version);
		std::vector<uint8_t> out(size);
		LONGS_EQUAL(0, spmc_mem_desc_encode_send(&d, version, 0, out.data(), out.size(),
							 &written, &total));
		return out;
	}

	/* Sends a descriptor through the 4 KiB TX buffer: whole, or in
	 * fragments with FFA_MEM_FRAG_TX. Returns the handle; *frags = calls. */
	uint64_t send(uint32_t func, const std::vector<uint8_t> &desc, unsigned *frags = nullptr)
	{
		size_t off = std::min<size_t>(desc.size(), FFA_PAGE_SIZE);
		std::memcpy(sim.nwd_ptr(NWD_TX), desc.data(), off);
		ffa_value r = nwd(regs(func, desc.size(), off));
		unsigned calls = 1;
		uint64_t h = 0;

		while ((uint32_t)r.x[0] == FFA_MEM_FRAG_RX_32) {
			/* DEN0077: FRAG_RX carries the handle and the bytes received. */
			uint64_t fh = (uint32_t)r.x[1] | (r.x[2] << 32);
			CHECK_TRUE(h == 0 || fh == h);
			h = fh;
			CHECK_REG(off, r.x[3]);
			size_t n = std::min<size_t>(desc.size() - off, FFA_PAGE_SIZE);
			std::memcpy(sim.nwd_ptr(NWD_TX), desc.data() + off, n);
			off += n;
			r = nwd(regs(FFA_MEM_FRAG_TX_32, (uint32_t)h, h >> 32, n));
			calls++;
		}
		CHECK_FFA_FUNC(r, FFA_SUCCESS_32);
		uint64_t handle = (uint32_t)r.x[2] | (r.x[3] << 32);
		CHECK_TRUE(h == 0 || handle == h);
		if (frags)
			*frags = calls;
		return handle;
	}

	BorrowerOut use(uint64_t h, uint32_t type, bool relinquish, uint32_t flags = 0,
			uint64_t tag = 0)
	{
		ffa_value r = ffa_direct_req(nwd, 0, BORROWER_ID, h, type, relinquish, flags, tag);
		CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
		return {r.x[3], r.x[4], r.x[5], r.x[6], r.x[7]};
	}

	void reclaim(uint64_t h)
	{
		CHECK_FFA_FUNC(nwd(regs(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0)), FFA_SUCCESS_32);
	}

	uint32_t word(uint32_t i)
	{
		return *static_cast<volatile uint32_t *>(
			sim.nwd_ptr(SHBASE + 2ull * i * FFA_PAGE_SIZE));
	}
};

// DEN0077 memory management: a v1.0 sender (32-byte header) and a v1.2 borrower
// (32-byte access descriptors) share one transaction; each side gets its own layout
TEST(MemoryFlows, V10SenderV12Borrower)
{
	start(FFA_VERSION_1_2, FFA_VERSION_1_0);
	uint64_t h = send(FFA_MEM_SHARE_64, descriptor(FFA_VERSION_1_0, FFA_MEM_TRANSACTION_SHARE, 3));
	BorrowerOut o = use(h, FFA_MEM_TRANSACTION_SHARE, true);

	CHECK_REG(0, o.status);
	CHECK_REG(3, o.ranges);
	CHECK_REG(3, o.pages);
	for (uint32_t i = 0; i < 3; i++)
		CHECK_EQUAL(mark(h, i), word(i));
	reclaim(h);
	LONGS_EQUAL(0, sim_faults(sim.get()));
}

// ... and the reverse: a v1.2 sender, a borrower whose manifest says v1.0 (no NS bit)
TEST(MemoryFlows, V12SenderV10Borrower)
{
	start(FFA_VERSION_1_0, FFA_VERSION_1_2);
	uint64_t h = send(FFA_MEM_SHARE_64, descriptor(FFA_VERSION_1_2, FFA_MEM_TRANSACTION_SHARE, 2));
	BorrowerOut o = use(h, FFA_MEM_TRANSACTION_SHARE, true);

	CHECK_REG(0, o.status);
	CHECK_REG(2, o.ranges);
	CHECK_EQUAL(mark(h, 1), word(1));
	reclaim(h);
}

// DEN0077 FFA_MEM_FRAG_TX / FFA_MEM_FRAG_RX: 600 constituents (about 9.7 KiB of
// descriptor) through 4 KiB buffers: three fragments in, three rounds out
TEST(MemoryFlows, FragmentsBothWays)
{
	start(FFA_VERSION_1_2, FFA_VERSION_1_2);
	std::vector<uint8_t> desc = descriptor(FFA_VERSION_1_2, FFA_MEM_TRANSACTION_SHARE, 600);
	unsigned frags = 0;
	uint64_t h = send(FFA_MEM_SHARE_64, desc, &frags);

	CHECK_EQUAL(3u, frags);
	BorrowerOut o = use(h, FFA_MEM_TRANSACTION_SHARE, true);
	CHECK_REG(0, o.status);
	CHECK_REG(600, o.ranges);
	CHECK_REG(600, o.pages);
	CHECK_REG(2, o.rounds); /* response ~9.7 KiB: the first fragment, then two FRAG_RX */
	CHECK_REG(SHBASE, o.first);
	for (uint32_t i : {0u, 299u, 599u})
		CHECK_EQUAL(mark(h, i), word(i));
	reclaim(h);
	LONGS_EQUAL(0, sim_faults(sim.get()));
}

// FFA_MEM_LEND from the normal world: it has no access to the pages until it
// reclaims them (the simulator revokes its mapping, as a stage-2 would)
TEST(MemoryFlows, NormalWorldLosesLentMemory)
{
	start(FFA_VERSION_1_2, FFA_VERSION_1_2);
	uint64_t h = send(FFA_MEM_LEND_64, descriptor(FFA_VERSION_1_2, FFA_MEM_TRANSACTION_LEND, 2));

	CHECK_EQUAL(0u, sim_nwd_access(sim.get(), SHBASE));
	CHECK_EQUAL(0u, sim_nwd_access(sim.get(), SHBASE + 2 * FFA_PAGE_SIZE));
	CHECK_EQUAL(RWX, sim_nwd_access(sim.get(), SHBASE + FFA_PAGE_SIZE)); /* not lent */
	BorrowerOut o = use(h, FFA_MEM_TRANSACTION_LEND, true);
	CHECK_REG(0, o.status);
	CHECK_EQUAL(0u, sim_nwd_access(sim.get(), SHBASE)); /* relinquished, not yet reclaimed */
	reclaim(h);
	CHECK_EQUAL(RWX, sim_nwd_access(sim.get(), SHBASE));
	CHECK_EQUAL(mark(h, 1), word(1));
}

// FFA_MEM_DONATE: the normal world gives pages away for good; the retrieve makes
// the SP their owner and ends the handle
TEST(MemoryFlows, DonationNeverComesBack)
{
	start(FFA_VERSION_1_2, FFA_VERSION_1_2);
	uint64_t h = send(FFA_MEM_DONATE_64, descriptor(FFA_VERSION_1_2, FFA_MEM_TRANSACTION_DONATE, 1));

	CHECK_EQUAL(0u, sim_nwd_access(sim.get(), SHBASE));
	BorrowerOut o = use(h, FFA_MEM_TRANSACTION_DONATE, false);
	CHECK_REG(0, o.status);
	CHECK_FFA_ERROR(nwd(regs(FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0)),
			FFA_RET_INVALID_PARAMETERS);
	CHECK_EQUAL(0u, sim_nwd_access(sim.get(), SHBASE));
	/* The SP owns it now: it may use it again without any handle. */
	LONGS_EQUAL(0, sim_faults(sim.get()));
}

// DEN0077 hypervisor retrieve request: the normal world reads back the whole
// transaction (every borrower, every constituent) without changing it
TEST(MemoryFlows, HypervisorRetrieve)
{
	start(FFA_VERSION_1_2, FFA_VERSION_1_2);
	uint64_t h = send(FFA_MEM_SHARE_64, descriptor(FFA_VERSION_1_2, FFA_MEM_TRANSACTION_SHARE, 4));
	spmc_mem_desc rq = {};
	size_t written = 0, total = 0;

	rq.version = FFA_VERSION_1_2;
	rq.handle = h;
	LONGS_EQUAL(0, spmc_mem_desc_encode_retrieve_req(&rq, FFA_VERSION_1_2, 0,
							 sim.nwd_ptr(NWD_TX), FFA_PAGE_SIZE,
							 &written, &total));
	ffa_value r = nwd(regs(FFA_MEM_RETRIEVE_REQ_64, total, written));
	CHECK_FFA_FUNC(r, FFA_MEM_RETRIEVE_RESP_32);
	spmc_mem_access acc[2];
	spmc_mem_range rng[8];
	spmc_mem_room room = {acc, 2, rng, 8};
	spmc_mem_desc d;
	LONGS_EQUAL(0, spmc_mem_desc_parse(sim.nwd_ptr(NWD_RX), (size_t)r.x[1], FFA_VERSION_1_2,
					   SPMC_MEM_DESC_RETRIEVE_RESP, &room, &d));
	CHECK_EQUAL(1u, d.access_count);
	CHECK_EQUAL(BORROWER_ID, d.access[0].id);
	CHECK_EQUAL(4u, d.range_count);
	CHECK_FFA_FUNC(nwd(regs(FFA_RX_RELEASE_32)), FFA_SUCCESS_32);
	/* Nothing changed: the borrower retrieves as usual. */
	BorrowerOut o = use(h, FFA_MEM_TRANSACTION_SHARE, true);
	CHECK_REG(0, o.status);
	reclaim(h);
}

// DEN0077 FFA_MEM_SHARE w3/w4: the descriptor in a buffer of the sender's own
// memory rather than its TX buffer (FFA_FEATURES w2 bit 0 says it is supported)
TEST(MemoryFlows, DescriptorInOwnBuffer)
{
	start(FFA_VERSION_1_2, FFA_VERSION_1_2);
	const uint64_t buf = SIM_NS_DRAM_BASE + 0x80000;
	std::vector<uint8_t> desc = descriptor(FFA_VERSION_1_2, FFA_MEM_TRANSACTION_SHARE, 2);

	CHECK_REG(FFA_FEATURES_MEM_DYN_BUFFER, nwd(regs(FFA_FEATURES_32, FFA_MEM_SHARE_64)).x[2]);
	std::memset(sim.nwd_ptr(NWD_TX), 0xee, FFA_PAGE_SIZE); /* not read */
	std::memcpy(sim.nwd_ptr(buf), desc.data(), desc.size());
	ffa_value r = nwd(regs(FFA_MEM_SHARE_64, desc.size(), desc.size(), buf, 1));
	CHECK_FFA_FUNC(r, FFA_SUCCESS_32);
	uint64_t h = (uint32_t)r.x[2] | (r.x[3] << 32);
	CHECK_REG(0, use(h, FFA_MEM_TRANSACTION_SHARE, true).status);
	reclaim(h);
}

// DEN0077 retrieve flag bit 2: the borrower asks for the memory to be zeroed
// after it relinquishes; the lender finds zeros when it reclaims
TEST(MemoryFlows, ZeroAfterRelinquish)
{
	start(FFA_VERSION_1_2, FFA_VERSION_1_2);
	*static_cast<volatile uint32_t *>(sim.nwd_ptr(SHBASE + 8)) = 0x1234;
	uint64_t h = send(FFA_MEM_LEND_64, descriptor(FFA_VERSION_1_2, FFA_MEM_TRANSACTION_LEND, 1));

	CHECK_REG(0, use(h, FFA_MEM_TRANSACTION_LEND, true, FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH)
			     .status);
	reclaim(h);
	CHECK_EQUAL(0u, word(0)); /* the borrower's mark, zeroed */
	CHECK_EQUAL(0u, *static_cast<volatile uint32_t *>(sim.nwd_ptr(SHBASE + 8)));
}

// DEN0077 tag: the retriever must name the tag the sender gave
TEST(MemoryFlows, TagMustMatch)
{
	start(FFA_VERSION_1_2, FFA_VERSION_1_2);
	uint64_t h = send(FFA_MEM_SHARE_64,
			  descriptor(FFA_VERSION_1_2, FFA_MEM_TRANSACTION_SHARE, 1, 0x77));

	CHECK_REG(1000 + (uint64_t)-FFA_RET_INVALID_PARAMETERS,
		  use(h, FFA_MEM_TRANSACTION_SHARE, true, 0, 0x78).status);
	CHECK_REG(0, use(h, FFA_MEM_TRANSACTION_SHARE, true, 0, 0x77).status);
	reclaim(h);
}
