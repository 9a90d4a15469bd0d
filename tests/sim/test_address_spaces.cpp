/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulator's address spaces through the HAL, as the core uses them
 * (libspmc/hal.h): page-aligned map / unmap / query, all-or-nothing maps,
 * DENIED over anything already mapped, unmapping what is not mapped ignored,
 * and the bookkeeping holding up at tens of thousands of separate pages.
 */
#include "sim_fixture.h"

#include "hal.h"

using namespace st;

namespace {

constexpr uint64_t PG = FFA_PAGE_SIZE;
constexpr uint64_t VA = 0x40000000; /* somewhere in the middle of the window */
constexpr uint64_t PA = SIM_NS_DRAM_BASE + 0x100000;
constexpr uint32_t RW = HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS;

bool mapped(struct hal_as *as, uint64_t va, uint64_t *pa = nullptr, uint32_t *attrs = nullptr)
{
	uint64_t p = 0;
	uint32_t a = 0;
	bool ok = hal_as_query(as, va, &p, &a) == 0;

	if (pa)
		*pa = p;
	if (attrs)
		*attrs = a;
	return ok;
}

} // namespace

TEST_GROUP(AddressSpaces)
{
	Sim sim;
	struct hal_as *as = nullptr;

	void setup() override
	{
		sim.add(echo_sp(1)).start();
		as = hal_as_create(0x8123);
		CHECK(as != nullptr);
	}

	void teardown() override
	{
		hal_as_destroy(as);
		sim.stop();
	}
};

// A mapped range translates page by page to its physical pages, with its attributes
TEST(AddressSpaces, MapQueryUnmap)
{
	uint64_t pa = 0;
	uint32_t attrs = 0;

	LONGS_EQUAL(0, hal_as_map(as, VA, PA, 3 * PG, RW));
	for (uint64_t i = 0; i < 3; i++) {
		CHECK_TRUE(mapped(as, VA + i * PG, &pa, &attrs));
		CHECK_EQUAL(PA + i * PG, pa);
		LONGS_EQUAL(RW, attrs);
	}
	/* An address inside a page names that page. */
	CHECK_TRUE(mapped(as, VA + PG + 0x123, &pa));
	CHECK_EQUAL(PA + PG, pa);
	CHECK_FALSE(mapped(as, VA - PG));
	CHECK_FALSE(mapped(as, VA + 3 * PG));
	LONGS_EQUAL(FFA_RET_INVALID_PARAMETERS, hal_as_query(as, 1ull << 40, &pa, &attrs));
	hal_as_unmap(as, VA, 3 * PG);
	for (uint64_t i = 0; i < 3; i++)
		CHECK_FALSE(mapped(as, VA + i * PG));
}

// Unaligned, empty, out-of-window and unbacked ranges are INVALID_PARAMETERS; nothing is mapped
TEST(AddressSpaces, BadInputsMapNothing)
{
	LONGS_EQUAL(FFA_RET_INVALID_PARAMETERS, hal_as_map(as, VA + 1, PA, PG, RW));
	LONGS_EQUAL(FFA_RET_INVALID_PARAMETERS, hal_as_map(as, VA, PA + 1, PG, RW));
	LONGS_EQUAL(FFA_RET_INVALID_PARAMETERS, hal_as_map(as, VA, PA, PG + 1, RW));
	LONGS_EQUAL(FFA_RET_INVALID_PARAMETERS, hal_as_map(as, VA, PA, 0, RW));
	LONGS_EQUAL(FFA_RET_INVALID_PARAMETERS, hal_as_map(as, 1ull << 32, PA, PG, RW));
	LONGS_EQUAL(FFA_RET_INVALID_PARAMETERS, hal_as_map(as, (1ull << 32) - PG, PA, 2 * PG, RW));
	/* Past the end of NS DRAM (64 MiB by default). */
	LONGS_EQUAL(FFA_RET_INVALID_PARAMETERS,
		    hal_as_map(as, VA, SIM_NS_DRAM_BASE + (64ull << 20), PG, RW));
	LONGS_EQUAL(FFA_RET_INVALID_PARAMETERS, hal_as_map(nullptr, VA, PA, PG, RW));
	CHECK_FALSE(mapped(as, VA));
}

// A range overlapping anything mapped is DENIED as a whole: none of its pages are mapped
TEST(AddressSpaces, OverlapDeniedAllOrNothing)
{
	LONGS_EQUAL(0, hal_as_map(as, VA + 2 * PG, PA, PG, RW));
	LONGS_EQUAL(FFA_RET_DENIED, hal_as_map(as, VA, PA + PG, 4 * PG, RW));
	CHECK_FALSE(mapped(as, VA));
	CHECK_FALSE(mapped(as, VA + PG));
	CHECK_FALSE(mapped(as, VA + 3 * PG));
	/* The page that was there is untouched. */
	uint64_t pa = 0;
	CHECK_TRUE(mapped(as, VA + 2 * PG, &pa));
	CHECK_EQUAL(PA, pa);
	/* Around it, both sides map. */
	LONGS_EQUAL(0, hal_as_map(as, VA, PA + PG, 2 * PG, RW));
	LONGS_EQUAL(0, hal_as_map(as, VA + 3 * PG, PA + 3 * PG, PG, RW));
}

// Unmapping the middle of a range leaves both ends; unmapping unmapped pages is ignored
TEST(AddressSpaces, PartialUnmap)
{
	uint64_t pa = 0;

	LONGS_EQUAL(0, hal_as_map(as, VA, PA, 8 * PG, HAL_MEM_R | HAL_MEM_NS));
	hal_as_unmap(as, VA + 2 * PG, 2 * PG);
	for (uint64_t i = 0; i < 8; i++) {
		CHECK_EQUAL(i != 2 && i != 3, mapped(as, VA + i * PG, &pa));
		if (i != 2 && i != 3)
			CHECK_EQUAL(PA + i * PG, pa);
	}
	hal_as_unmap(as, VA + 2 * PG, 2 * PG);        /* again: nothing there */
	hal_as_unmap(as, VA - 16 * PG, 16 * PG);      /* never mapped */
	hal_as_unmap(as, VA + 1, PG);                 /* unaligned: names no page */
	CHECK_TRUE(mapped(as, VA));
	/* The hole takes a new mapping; the rest still refuses one. */
	LONGS_EQUAL(0, hal_as_map(as, VA + 2 * PG, PA + 0x40000, 2 * PG, RW));
	CHECK_TRUE(mapped(as, VA + 3 * PG, &pa));
	CHECK_EQUAL(PA + 0x40000 + PG, pa);
	LONGS_EQUAL(FFA_RET_DENIED, hal_as_map(as, VA + 7 * PG, PA, PG, RW));
}

// Ranges crossing the bookkeeping's 2 MiB units, and the window's last page, behave the same
TEST(AddressSpaces, UnitBoundariesAndWindowEnd)
{
	const uint64_t cross = VA + (2ull << 20) - 3 * PG;
	const uint64_t last = (1ull << 32) - PG;
	uint64_t pa = 0;

	LONGS_EQUAL(0, hal_as_map(as, cross, PA, 6 * PG, RW));
	CHECK_TRUE(mapped(as, cross + 5 * PG, &pa));
	CHECK_EQUAL(PA + 5 * PG, pa);
	LONGS_EQUAL(FFA_RET_DENIED, hal_as_map(as, cross + 4 * PG, PA, 8 * PG, RW));
	hal_as_unmap(as, cross, 3 * PG); /* the first unit empties; the second keeps 3 pages */
	CHECK_FALSE(mapped(as, cross));
	CHECK_TRUE(mapped(as, cross + 3 * PG));
	LONGS_EQUAL(0, hal_as_map(as, last, PA, PG, RW));
	CHECK_TRUE(mapped(as, last + 0xfff, &pa));
	CHECK_EQUAL(PA, pa);
	/* Far more than a unit at once, then all of it back. */
	LONGS_EQUAL(0, hal_as_map(as, 0x10000000, SIM_NS_DRAM_BASE, 32ull << 20, RW));
	LONGS_EQUAL(FFA_RET_DENIED, hal_as_map(as, 0x10000000 + (31ull << 20), PA, PG, RW));
	hal_as_unmap(as, 0, 1ull << 32);
	CHECK_FALSE(mapped(as, 0x10000000));
	CHECK_FALSE(mapped(as, cross + 3 * PG));
	CHECK_FALSE(mapped(as, last));
}

// A range filling whole 2 MiB units keeps them as blocks; changing part of one changes only that part
TEST(AddressSpaces, WholeUnitsChangedInPart)
{
	const uint64_t unit = 2ull << 20;
	const uint64_t va = VA + 4 * unit - 3 * PG; /* 3 pages, 2 whole units, 5 pages */
	const uint64_t size = 2 * unit + 8 * PG;
	const uint64_t mid = VA + 5 * unit + 77 * PG; /* inside the second whole unit */
	uint64_t pa = 0;
	uint32_t attrs = 0;

	LONGS_EQUAL(0, hal_as_map(as, va, PA, size, RW));
	for (uint64_t off : {uint64_t{0}, 3 * PG, unit, unit + 3 * PG, 2 * unit + 2 * PG, size - PG}) {
		CHECK_TRUE(mapped(as, va + off, &pa, &attrs));
		CHECK_EQUAL(PA + off, pa);
		LONGS_EQUAL(RW, attrs);
	}
	CHECK_FALSE(mapped(as, va + size));
	LONGS_EQUAL(FFA_RET_DENIED, hal_as_map(as, mid, PA, PG, RW));
	hal_as_unmap(as, mid, PG);
	CHECK_FALSE(mapped(as, mid));
	CHECK_TRUE(mapped(as, mid - PG, &pa));
	CHECK_EQUAL(PA + (mid - PG - va), pa);
	CHECK_TRUE(mapped(as, mid + PG, &pa));
	CHECK_EQUAL(PA + (mid + PG - va), pa);
	LONGS_EQUAL(0, hal_as_map(as, mid, SIM_NS_DRAM_BASE, PG, HAL_MEM_R | HAL_MEM_NS));
	CHECK_TRUE(mapped(as, mid, &pa, &attrs));
	CHECK_EQUAL(SIM_NS_DRAM_BASE, pa);
	LONGS_EQUAL(HAL_MEM_R | HAL_MEM_NS, attrs);
	/* The first whole unit, unmapped exactly, goes; the rest stays. */
	hal_as_unmap(as, VA + 4 * unit, unit);
	CHECK_FALSE(mapped(as, VA + 4 * unit));
	CHECK_FALSE(mapped(as, VA + 5 * unit - PG));
	CHECK_TRUE(mapped(as, VA + 4 * unit - PG));
	CHECK_TRUE(mapped(as, VA + 5 * unit));
	LONGS_EQUAL(0, hal_as_map(as, VA + 4 * unit, PA, unit, RW));
	hal_as_unmap(as, va, size);
	for (uint64_t off = 0; off < size; off += PG)
		CHECK_FALSE(mapped(as, va + off));
}

// 16384 pages mapped one call each, queried, every other one unmapped and mapped again
TEST(AddressSpaces, ManySeparatePages)
{
	const uint64_t n = 16384; /* all of the default 64 MiB of NS DRAM */
	uint64_t pa = 0;

	for (uint64_t i = 0; i < n; i++)
		LONGS_EQUAL(0, hal_as_map(as, VA + i * PG, SIM_NS_DRAM_BASE + i * PG, PG, RW));
	LONGS_EQUAL(FFA_RET_DENIED, hal_as_map(as, VA + (n - 1) * PG, PA, PG, RW));
	for (uint64_t i = 0; i < n; i += 2)
		hal_as_unmap(as, VA + i * PG, PG);
	for (uint64_t i = 0; i < n; i++) {
		CHECK_EQUAL(i % 2 == 1, mapped(as, VA + i * PG, &pa));
		if (i % 2)
			CHECK_EQUAL(SIM_NS_DRAM_BASE + i * PG, pa);
	}
	for (uint64_t i = 0; i < n; i += 2)
		LONGS_EQUAL(0, hal_as_map(as, VA + i * PG, SIM_NS_DRAM_BASE + i * PG, PG, RW));
	hal_as_unmap(as, VA, n * PG);
	for (uint64_t i = 0; i < n; i++)
		CHECK_FALSE(mapped(as, VA + i * PG));
}

/* ---- the window a partition sees ---- */

namespace {

constexpr ffa_id_t TOUCH_ID = 0x8005;
constexpr uint32_t TOUCH_PAGES = 1200; /* more than two of the table's 512-page leaves */

enum : uint64_t {
	CMD_FILL = 1,  /* write each page's address into it, then read every page back */
	CMD_PAST = 2,  /* read the page just past its memory: a data abort */
};

/* Answers x3 = pages that read back what was written. */
void touch_sp_main(const sim_env *env)
{
	ffa_value r = ffa_msg_wait(env->ffa_call);

	for (;;) {
		uint64_t good = 0;

		if (!ffa_is_direct_req(&r)) {
			r = ffa_msg_wait(env->ffa_call);
			continue;
		}
		if (r.x[3] == CMD_FILL) {
			/* Last page first: a run is found around any page, not only
			 * from its start. */
			for (uint64_t i = env->mem_size / PG; i-- > 0;) {
				uint64_t a = env->mem_base + i * PG;

				*static_cast<volatile uint64_t *>(sim_env_ptr(env, a)) = a;
			}
			for (uint64_t a = env->mem_base; a < env->mem_base + env->mem_size; a += PG)
				good += *static_cast<volatile uint64_t *>(sim_env_ptr(env, a)) == a;
		} else if (r.x[3] == CMD_PAST) {
			good = *static_cast<volatile uint64_t *>(
				sim_env_ptr(env, env->mem_base + env->mem_size));
		}
		r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(r.x[1]), good, 0, 0, 0, 0);
	}
}

} // namespace

TEST_GROUP(AddressSpaceWindows)
{
	Sim sim;

	void setup() override
	{
		sim_sp sp = make_sp("touch", TOUCH_ID, touch_sp_main, FFA_PROP_DIRECT_REQ_RECV);

		sp.mem_pages = TOUCH_PAGES;
		sim.add(sp).start();
	}

	void teardown() override
	{
		sim.stop();
	}
};

// Every page of a partition's memory is there at first touch, reads back what it holds, and
// the page past it is a data abort
TEST(AddressSpaceWindows, FirstTouchShowsMappedPagesOnly)
{
	ffa_value r = ffa_direct_req(nwd, 0, TOUCH_ID, CMD_FILL, 0, 0, 0, 0);

	CHECK_FFA_FUNC(r, FFA_MSG_SEND_DIRECT_RESP_64);
	CHECK_REG(TOUCH_PAGES, r.x[3]);
	r = ffa_direct_req(nwd, 0, TOUCH_ID, CMD_FILL, 0, 0, 0, 0); /* all shown now */
	CHECK_REG(TOUCH_PAGES, r.x[3]);
	LONGS_EQUAL(0, sim_faults(sim.get()));
	CHECK_FFA_ERROR(ffa_direct_req(nwd, 0, TOUCH_ID, CMD_PAST, 0, 0, 0, 0), FFA_RET_ABORTED);
	LONGS_EQUAL(1, sim_faults(sim.get()));
}
