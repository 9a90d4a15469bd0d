/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The GIC model's count of pending interrupts (gic_any_pending), which lets
 * the simulator skip looking for an interrupt at every instruction boundary
 * when none is pending: it must follow every way an interrupt becomes
 * pending or stops being so (GICv3, Arm IHI 0069: edge latches, level
 * lines, SGIs, acknowledge, clear-pending).
 */
#include "gic.h"

#include <CppUTest/TestHarness.h>

TEST_GROUP(GicPending)
{
	struct gic *g = nullptr;

	void setup() override
	{
		g = gic_create(2, 8);
		CHECK(g != nullptr);
	}
	void teardown() override { gic_destroy(g); }
};

// gic_any_pending (the simulator's fast path): true exactly while some interrupt anywhere is pending — an edge until acknowledged or cleared, a level line while asserted, an SGI until acknowledged — whether or not it is enabled
TEST(GicPending, TracksEveryWayInAndOut)
{
	CHECK_FALSE(gic_any_pending(g));
	CHECK_FALSE(gic_any_pending(nullptr));
	gic_assert(g, 0, 33); /* disabled: pending all the same */
	CHECK_TRUE(gic_any_pending(g));
	gic_clear_pending(g, 0, 33);
	CHECK_FALSE(gic_any_pending(g));

	gic_set_group(g, 0, 34, GIC_GROUP1_S);
	gic_set_priority(g, 0, 34, 0x10);
	gic_set_enable(g, 0, 34, true);
	gic_set_level(g, 0, 34, true);
	gic_set_pmr(g, 0, 0xff);
	gic_assert(g, 0, 34);
	CHECK_TRUE(gic_any_pending(g));
	CHECK_EQUAL(34, gic_ack(g, 0, GIC_GROUP1_S));
	CHECK_TRUE(gic_any_pending(g)); /* the line is still high */
	gic_deassert(g, 0, 34);
	CHECK_FALSE(gic_any_pending(g));
	gic_eoi(g, 0, 34);

	/* Switching a pending level interrupt to edge drops it (no latch). */
	gic_assert(g, 0, 34);
	gic_set_level(g, 0, 34, false);
	CHECK_FALSE(gic_any_pending(g));

	gic_set_group(g, 1, 3, GIC_GROUP1_NS);
	gic_set_priority(g, 1, 3, 0x80);
	gic_set_enable(g, 1, 3, true);
	gic_set_pmr(g, 1, 0xff);
	gic_send_sgi(g, 0, 1, 3);
	gic_send_sgi(g, 2, 1, 3); /* twice: still one pending interrupt */
	CHECK_TRUE(gic_any_pending(g));
	CHECK_EQUAL(3, gic_ack(g, 1, GIC_GROUP1_NS));
	CHECK_FALSE(gic_any_pending(g));
}
