/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The GICv3 model (sim/gic.h): reset state, banked SGIs/PPIs against shared
 * SPIs, affinity routing, enable/priority/PMR/running-priority gating,
 * acknowledge by group, edge and level triggering, SGIs between CPUs,
 * preemption and EOI, and every bad-argument path. Each test names the GICv3
 * architecture rule (Arm IHI 0069) it checks.
 */
#include <vector>

#include "gic.h"

#include <CppUTest/TestHarness.h>

namespace {

constexpr uint32_t CPUS = 2;
constexpr uint32_t SPIS = 8;
constexpr uint32_t SGI3 = 3;
constexpr uint32_t PPI = 27; /* a PPI, e.g. the virtual timer */
constexpr uint32_t SPI0 = GIC_SPI_BASE;
constexpr uint32_t SPI1 = GIC_SPI_BASE + 1;
constexpr uint32_t SPI_LAST = GIC_SPI_BASE + SPIS - 1;

/* Everything the interface can read back, for "nothing changed" checks. */
std::vector<long> snapshot(const struct gic *g)
{
	std::vector<long> s;

	for (uint32_t cpu = 0; cpu < gic_cpu_count(g); cpu++) {
		for (uint32_t id = 0; id < gic_intid_limit(g); id++) {
			s.push_back(gic_group(g, cpu, id));
			s.push_back(gic_priority(g, cpu, id));
			s.push_back(gic_enabled(g, cpu, id));
			s.push_back(gic_pending(g, cpu, id));
			s.push_back(gic_active(g, cpu, id));
		}
		s.push_back(gic_pmr(g, cpu));
		s.push_back(gic_running_priority(g, cpu));
		enum gic_group grp = GIC_GROUP0;
		uint8_t prio = 0;
		s.push_back(gic_hppi(g, cpu, &grp, &prio));
		s.push_back(grp);
		s.push_back(prio);
	}
	for (uint32_t id = GIC_SPI_BASE; id < gic_intid_limit(g); id++)
		s.push_back(gic_target(g, id));
	return s;
}

} // namespace

TEST_GROUP(Gic)
{
	struct gic *g = nullptr;

	void setup() override
	{
		g = gic_create(CPUS, SPIS);
		CHECK(g != nullptr);
	}
	void teardown() override { gic_destroy(g); }

	/* Enabled, with a priority, and pending via a device edge. */
	void raise(uint32_t cpu, uint32_t intid, uint8_t prio)
	{
		LONGS_EQUAL(0, gic_set_priority(g, cpu, intid, prio));
		LONGS_EQUAL(0, gic_set_enable(g, cpu, intid, true));
		LONGS_EQUAL(0, gic_assert(g, cpu, intid));
	}
	/* Every CPU interface unmasked (PMR 0xff lets 0x00..0xfe through). */
	void open_all()
	{
		for (uint32_t c = 0; c < CPUS; c++)
			gic_set_pmr(g, c, 0xff);
	}
};

/* GICv3 arch spec: GICD_TYPER.ITLinesNumber allows SPIs up to INTID 1019;
 * 1020..1023 are special. A GIC needs at least one PE. */
TEST(Gic, CreateChecksArgumentsAndGeometry)
{
	POINTERS_EQUAL(nullptr, gic_create(0, 8));
	POINTERS_EQUAL(nullptr, gic_create(1, 989));

	struct gic *big = gic_create(1, 988);
	CHECK(big != nullptr);
	LONGS_EQUAL(1020, gic_intid_limit(big));
	CHECK(gic_valid(big, 1019));
	CHECK(!gic_valid(big, 1020));
	CHECK(!gic_valid(big, GIC_SPURIOUS));
	gic_destroy(big);

	struct gic *none = gic_create(3, 0);
	CHECK(none != nullptr);
	LONGS_EQUAL(3, gic_cpu_count(none));
	LONGS_EQUAL(GIC_SPI_BASE, gic_intid_limit(none));
	CHECK(gic_valid(none, 0));
	CHECK(gic_valid(none, 31));
	CHECK(!gic_valid(none, 32));
	gic_destroy(none);

	LONGS_EQUAL(CPUS, gic_cpu_count(g));
	LONGS_EQUAL(GIC_SPI_BASE + SPIS, gic_intid_limit(g));
	CHECK(gic_valid(g, SPI_LAST));
	CHECK(!gic_valid(g, SPI_LAST + 1));
	gic_destroy(nullptr); /* like free(NULL) */
}

/* GICv3 arch spec: out of reset every interrupt is disabled, inactive and not
 * pending; here every one is group 1 NS at priority 0xa0, edge-triggered, SPIs
 * routed to PE 0, ICC_PMR_EL1 is 0 (masks everything) and the running priority
 * is idle (0xff). */
TEST(Gic, DefaultsAfterCreate)
{
	for (uint32_t cpu = 0; cpu < CPUS; cpu++) {
		for (uint32_t id = 0; id < gic_intid_limit(g); id++) {
			LONGS_EQUAL(GIC_GROUP1_NS, gic_group(g, cpu, id));
			LONGS_EQUAL(0xa0, gic_priority(g, cpu, id));
			CHECK(!gic_enabled(g, cpu, id));
			CHECK(!gic_pending(g, cpu, id));
			CHECK(!gic_active(g, cpu, id));
		}
		LONGS_EQUAL(0, gic_pmr(g, cpu));
		LONGS_EQUAL(GIC_PRIO_IDLE, gic_running_priority(g, cpu));
		LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, cpu, nullptr, nullptr));
	}
	for (uint32_t id = SPI0; id <= SPI_LAST; id++)
		LONGS_EQUAL(0, gic_target(g, id));
}

/* GICv3 arch spec: ICC_PMR_EL1 resets to 0, so no interrupt is signalled
 * until software raises the mask, even when enabled and pending. */
TEST(Gic, ResetPmrMasksEverything)
{
	raise(0, SPI0, 0x00); /* the highest priority there is */
	CHECK(gic_pending(g, 0, SPI0));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP1_NS));
	gic_set_pmr(g, 0, 0x01);
	LONGS_EQUAL(1, gic_pmr(g, 0));
	LONGS_EQUAL(SPI0, gic_hppi(g, 0, nullptr, nullptr));
}

/* GICv3 arch spec: an interrupt is signalled only if its priority is higher
 * (numerically lower) than ICC_PMR_EL1: equal priority is masked. */
TEST(Gic, PmrNeedsStrictlyHigherPriority)
{
	raise(0, PPI, 0x80);
	gic_set_pmr(g, 0, 0x80);
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	gic_set_pmr(g, 0, 0x81);
	LONGS_EQUAL(PPI, gic_hppi(g, 0, nullptr, nullptr));
	/* priority 0xff can never beat any mask */
	LONGS_EQUAL(0, gic_set_priority(g, 0, PPI, 0xff));
	gic_set_pmr(g, 0, 0xff);
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
}

/* GICv3 arch spec: SGIs and PPIs are banked per PE in its redistributor
 * (GICR_*), so configuring or asserting one PE's copy leaves the others'. */
TEST(Gic, SgiPpiBankedPerCpu)
{
	open_all();
	LONGS_EQUAL(0, gic_set_group(g, 0, PPI, GIC_GROUP1_S));
	raise(0, PPI, 0x40);
	raise(0, SGI3, 0x30);
	LONGS_EQUAL(GIC_GROUP1_S, gic_group(g, 0, PPI));
	LONGS_EQUAL(GIC_GROUP1_NS, gic_group(g, 1, PPI));
	LONGS_EQUAL(0x40, gic_priority(g, 0, PPI));
	LONGS_EQUAL(0xa0, gic_priority(g, 1, PPI));
	CHECK(gic_enabled(g, 0, PPI));
	CHECK(!gic_enabled(g, 1, PPI));
	CHECK(gic_pending(g, 0, PPI));
	CHECK(!gic_pending(g, 1, PPI));
	CHECK(!gic_pending(g, 1, SGI3));
	LONGS_EQUAL(SGI3, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 1, nullptr, nullptr));
	/* CPU 1's own copy is independent */
	raise(1, PPI, 0x10);
	LONGS_EQUAL(PPI, gic_hppi(g, 1, nullptr, nullptr));
	LONGS_EQUAL(SGI3, gic_hppi(g, 0, nullptr, nullptr));
}

/* GICv3 arch spec: SPIs have one state in the distributor (GICD_*), whichever
 * PE looks at it; the cpu argument is ignored for them. */
TEST(Gic, SpisSharedAcrossCpus)
{
	LONGS_EQUAL(0, gic_set_priority(g, 1, SPI1, 0x20));
	LONGS_EQUAL(0, gic_set_enable(g, 0, SPI1, true));
	LONGS_EQUAL(0, gic_set_group(g, 1, SPI1, GIC_GROUP0));
	LONGS_EQUAL(0, gic_assert(g, 1, SPI1));
	for (uint32_t cpu = 0; cpu < CPUS; cpu++) {
		LONGS_EQUAL(0x20, gic_priority(g, cpu, SPI1));
		CHECK(gic_enabled(g, cpu, SPI1));
		LONGS_EQUAL(GIC_GROUP0, gic_group(g, cpu, SPI1));
		CHECK(gic_pending(g, cpu, SPI1));
	}
	/* even a cpu that does not exist: it is not used for an SPI */
	LONGS_EQUAL(0, gic_set_priority(g, 99, SPI1, 0x21));
	LONGS_EQUAL(0x21, gic_priority(g, 99, SPI1));
	CHECK(gic_pending(g, 99, SPI1));
}

/* GICv3 arch spec: with affinity routing (GICD_IROUTER<n>) an SPI is signalled
 * only to the PE it is routed to. */
TEST(Gic, AffinityRouting)
{
	open_all();
	raise(0, SPI1, 0x40);
	LONGS_EQUAL(SPI1, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 1, nullptr, nullptr));

	LONGS_EQUAL(0, gic_route(g, SPI1, 1));
	LONGS_EQUAL(1, gic_target(g, SPI1));
	LONGS_EQUAL(0, gic_target(g, SPI0));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(SPI1, gic_hppi(g, 1, nullptr, nullptr));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(SPI1, gic_ack(g, 1, GIC_GROUP1_NS));
	CHECK(gic_active(g, 0, SPI1)); /* the state is the distributor's */
	/* rerouted while active and pending again: the new target does not
	 * see it until the old one deactivates it */
	LONGS_EQUAL(0, gic_route(g, SPI1, 0));
	LONGS_EQUAL(0, gic_assert(g, 0, SPI1));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(0, gic_eoi(g, 1, SPI1));
	LONGS_EQUAL(SPI1, gic_hppi(g, 0, nullptr, nullptr));
}

/* GICv3 arch spec: GICD_IROUTER<n> exists only for SPIs, and must name an
 * implemented PE. */
TEST(Gic, RouteRejectsBadArguments)
{
	std::vector<long> before = snapshot(g);
	LONGS_EQUAL(-1, gic_route(g, SGI3, 1));
	LONGS_EQUAL(-1, gic_route(g, PPI, 1));
	LONGS_EQUAL(-1, gic_route(g, SPI_LAST + 1, 1));
	LONGS_EQUAL(-1, gic_route(g, SPI0, CPUS));
	LONGS_EQUAL(-1, gic_route(nullptr, SPI0, 0));
	CHECK(before == snapshot(g));
	LONGS_EQUAL(-1, gic_target(g, SGI3));
	LONGS_EQUAL(-1, gic_target(g, PPI));
	LONGS_EQUAL(-1, gic_target(g, SPI_LAST + 1));
	LONGS_EQUAL(-1, gic_target(g, GIC_SPURIOUS));
	LONGS_EQUAL(-1, gic_target(nullptr, SPI0));
}

/* GICv3 arch spec: the enable bit (GICD_ISENABLER/ICENABLER) gates forwarding
 * to the CPU interface, not the pending state: an interrupt that becomes
 * pending while disabled stays pending and is signalled once enabled. */
TEST(Gic, EnableGatesSignallingNotPending)
{
	open_all();
	LONGS_EQUAL(0, gic_assert(g, 0, PPI));
	CHECK(gic_pending(g, 0, PPI));
	CHECK(!gic_enabled(g, 0, PPI));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP1_NS));
	CHECK(gic_pending(g, 0, PPI));

	LONGS_EQUAL(0, gic_set_enable(g, 0, PPI, true));
	CHECK(gic_enabled(g, 0, PPI));
	LONGS_EQUAL(PPI, gic_hppi(g, 0, nullptr, nullptr));

	LONGS_EQUAL(0, gic_set_enable(g, 0, PPI, false));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	CHECK(gic_pending(g, 0, PPI));
}

/* GICv3 arch spec: an interrupt is signalled only if its priority is higher
 * than PMR and the running priority: one at the running priority cannot
 * preempt the active one, one strictly higher can. */
TEST(Gic, RunningPriorityMasks)
{
	open_all();
	raise(0, SPI0, 0x80);
	LONGS_EQUAL(SPI0, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0x80, gic_running_priority(g, 0));
	LONGS_EQUAL(GIC_PRIO_IDLE, gic_running_priority(g, 1));

	raise(0, SPI1, 0x80);
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_set_priority(g, 0, SPI1, 0x7f));
	LONGS_EQUAL(SPI1, gic_hppi(g, 0, nullptr, nullptr));
	/* the lower of PMR and running priority is the bar */
	gic_set_pmr(g, 0, 0x7f);
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
}

/* GICv3 arch spec: the running priority is the group priority of the active
 * interrupt as recorded at acknowledge (ICC_AP*R), so reprogramming an active
 * interrupt's priority does not change it. */
TEST(Gic, RunningPriorityRecordedAtAck)
{
	open_all();
	raise(0, PPI, 0x60);
	LONGS_EQUAL(PPI, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_set_priority(g, 0, PPI, 0x10));
	LONGS_EQUAL(0x60, gic_running_priority(g, 0));
	/* pending again and now above the running priority, but still active:
	 * an active interrupt is never signalled a second time */
	LONGS_EQUAL(0, gic_assert(g, 0, PPI));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(0, gic_eoi(g, 0, PPI));
	LONGS_EQUAL(GIC_PRIO_IDLE, gic_running_priority(g, 0));
}

/* GICv3 arch spec: the highest priority pending interrupt wins regardless of
 * INTID; among equal priorities the choice is IMPLEMENTATION DEFINED, and this
 * model (like common implementations) takes the lowest INTID. */
TEST(Gic, HighestPriorityThenLowestIntid)
{
	open_all();
	raise(0, SPI_LAST, 0x50);
	raise(0, SPI1, 0x50);
	LONGS_EQUAL(SPI1, gic_hppi(g, 0, nullptr, nullptr));
	raise(0, PPI, 0x50);
	LONGS_EQUAL(PPI, gic_hppi(g, 0, nullptr, nullptr));
	raise(0, SGI3, 0x50);
	LONGS_EQUAL(SGI3, gic_hppi(g, 0, nullptr, nullptr));
	/* a higher priority beats a lower INTID */
	LONGS_EQUAL(0, gic_set_priority(g, 0, SPI_LAST, 0x4f));
	LONGS_EQUAL(SPI_LAST, gic_hppi(g, 0, nullptr, nullptr));
	/* and the order of acknowledges follows the same rule once each nests */
	LONGS_EQUAL(SPI_LAST, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_eoi(g, 0, SPI_LAST));
	LONGS_EQUAL(SGI3, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_eoi(g, 0, SGI3));
	LONGS_EQUAL(PPI, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_eoi(g, 0, PPI));
	LONGS_EQUAL(SPI1, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_eoi(g, 0, SPI1));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
}

/* GICv3 arch spec: ICC_HPPIR reports the highest priority pending interrupt
 * without changing any state; its group decides which IAR can take it. */
TEST(Gic, HppiReportsGroupAndPriorityWithoutSideEffects)
{
	open_all();
	LONGS_EQUAL(0, gic_set_group(g, 0, PPI, GIC_GROUP1_S));
	raise(0, PPI, 0x33);
	enum gic_group grp = GIC_GROUP0;
	uint8_t prio = 0;
	std::vector<long> before = snapshot(g);
	LONGS_EQUAL(PPI, gic_hppi(g, 0, &grp, &prio));
	LONGS_EQUAL(GIC_GROUP1_S, grp);
	LONGS_EQUAL(0x33, prio);
	LONGS_EQUAL(PPI, gic_hppi(g, 0, &grp, nullptr));
	LONGS_EQUAL(PPI, gic_hppi(g, 0, nullptr, &prio));
	CHECK(before == snapshot(g));
	/* nothing found: the outputs are left alone */
	grp = GIC_GROUP0;
	prio = 0x12;
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 1, &grp, &prio));
	LONGS_EQUAL(GIC_GROUP0, grp);
	LONGS_EQUAL(0x12, prio);
}

/* GICv3 arch spec: ICC_IAR0_EL1 acknowledges only Group 0 interrupts; reading
 * it when the highest priority pending interrupt is Group 1 returns a special
 * INTID (here GIC_SPURIOUS) and acknowledges nothing. */
TEST(Gic, Iar0TakesGroup0Only)
{
	open_all();
	raise(0, SPI0, 0x40); /* group 1 NS */
	std::vector<long> before = snapshot(g);
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP0));
	CHECK(before == snapshot(g));

	LONGS_EQUAL(0, gic_set_group(g, 0, PPI, GIC_GROUP0));
	raise(0, PPI, 0x40);
	before = snapshot(g);
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP1_S));
	CHECK(before == snapshot(g));
	LONGS_EQUAL(PPI, gic_ack(g, 0, GIC_GROUP0));
	CHECK(gic_active(g, 0, PPI));
}

/* GICv3 arch spec: ICC_IAR1_EL1 acknowledges Group 1 interrupts of the
 * current Security state only: Secure Group 1 from the secure side, Non-secure
 * Group 1 from the non-secure side; otherwise a special INTID and no change. */
TEST(Gic, Iar1TakesItsOwnGroup1)
{
	open_all();
	LONGS_EQUAL(0, gic_set_group(g, 0, SPI0, GIC_GROUP1_S));
	raise(0, SPI0, 0x40);
	std::vector<long> before = snapshot(g);
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP0));
	CHECK(before == snapshot(g));
	LONGS_EQUAL(SPI0, gic_ack(g, 0, GIC_GROUP1_S));
	LONGS_EQUAL(0, gic_eoi(g, 0, SPI0));

	raise(0, SPI1, 0x40); /* group 1 NS by default */
	before = snapshot(g);
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP1_S));
	CHECK(before == snapshot(g));
	LONGS_EQUAL(SPI1, gic_ack(g, 0, GIC_GROUP1_NS));
}

/* GICv3 arch spec: an IAR read considers only the highest priority pending
 * interrupt; a lower-priority one of the reader's group behind it is not
 * taken instead. */
TEST(Gic, AckOnlyConsidersTheHighestPriority)
{
	open_all();
	raise(0, SPI0, 0x20); /* group 1 NS, highest */
	LONGS_EQUAL(0, gic_set_group(g, 0, SPI1, GIC_GROUP0));
	raise(0, SPI1, 0x30);
	std::vector<long> before = snapshot(g);
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, GIC_GROUP0));
	CHECK(before == snapshot(g));
}

/* GICv3 arch spec: acknowledging an edge-triggered interrupt moves it from
 * pending to active and sets the running priority to its priority. */
TEST(Gic, AckEdgeMakesActiveNotPending)
{
	open_all();
	raise(1, PPI, 0x70);
	LONGS_EQUAL(PPI, gic_ack(g, 1, GIC_GROUP1_NS));
	CHECK(gic_active(g, 1, PPI));
	CHECK(!gic_pending(g, 1, PPI));
	CHECK(!gic_active(g, 0, PPI));
	LONGS_EQUAL(0x70, gic_running_priority(g, 1));
	/* an active interrupt is not signalled again */
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 1, nullptr, nullptr));
	LONGS_EQUAL(0, gic_eoi(g, 1, PPI));
	CHECK(!gic_active(g, 1, PPI));
	LONGS_EQUAL(GIC_PRIO_IDLE, gic_running_priority(g, 1));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 1, nullptr, nullptr));
}

/* GICv3 arch spec: a new edge on an active edge-triggered interrupt makes it
 * active and pending; it is signalled again only once deactivated. */
TEST(Gic, EdgeWhileActiveBecomesActiveAndPending)
{
	open_all();
	raise(0, SPI0, 0x40);
	LONGS_EQUAL(SPI0, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_assert(g, 0, SPI0));
	CHECK(gic_active(g, 0, SPI0));
	CHECK(gic_pending(g, 0, SPI0));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(0, gic_eoi(g, 0, SPI0));
	LONGS_EQUAL(SPI0, gic_hppi(g, 0, nullptr, nullptr));
}

/* GICv3 arch spec: an edge-triggered interrupt latches pending on the edge;
 * the input going low afterwards does not clear it. Interrupts are
 * edge-triggered unless configured level (GICD_ICFGR). */
TEST(Gic, EdgeLatchSurvivesDeassert)
{
	open_all();
	raise(0, SPI0, 0x40);
	LONGS_EQUAL(0, gic_deassert(g, 0, SPI0));
	CHECK(gic_pending(g, 0, SPI0));
	LONGS_EQUAL(SPI0, gic_ack(g, 0, GIC_GROUP1_NS));
	CHECK(!gic_pending(g, 0, SPI0));
	/* a deassert with no edge latched is harmless */
	LONGS_EQUAL(0, gic_deassert(g, 0, SPI1));
	CHECK(!gic_pending(g, 0, SPI1));
}

/* GICv3 arch spec: a level-sensitive interrupt is pending while its input is
 * asserted, so acknowledging it makes it active and pending; after EOI it is
 * signalled again until the device deasserts the line. */
TEST(Gic, LevelStaysPendingWhileAsserted)
{
	open_all();
	LONGS_EQUAL(0, gic_set_level(g, 0, SPI0, true));
	raise(0, SPI0, 0x40);
	CHECK(gic_pending(g, 0, SPI0));
	LONGS_EQUAL(SPI0, gic_ack(g, 0, GIC_GROUP1_NS));
	CHECK(gic_active(g, 0, SPI0));
	CHECK(gic_pending(g, 0, SPI0));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(0, gic_eoi(g, 0, SPI0));
	LONGS_EQUAL(SPI0, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(SPI0, gic_ack(g, 0, GIC_GROUP1_NS));
	/* the handler quiets the device, then EOIs: nothing left */
	LONGS_EQUAL(0, gic_deassert(g, 0, SPI0));
	CHECK(!gic_pending(g, 0, SPI0));
	LONGS_EQUAL(0, gic_eoi(g, 0, SPI0));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
}

/* GICv3 arch spec: a level-sensitive interrupt whose input drops before it is
 * acknowledged is no longer pending (it is not latched). */
TEST(Gic, LevelDeassertBeforeAckClearsPending)
{
	open_all();
	LONGS_EQUAL(0, gic_set_level(g, 1, PPI, true));
	raise(1, PPI, 0x40);
	LONGS_EQUAL(PPI, gic_hppi(g, 1, nullptr, nullptr));
	LONGS_EQUAL(0, gic_deassert(g, 1, PPI));
	CHECK(!gic_pending(g, 1, PPI));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 1, nullptr, nullptr));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 1, GIC_GROUP1_NS));
}

/* GICv3 arch spec: GICD_ICPENDR/GICR_ICPENDR0 clear the pending state; here
 * for either trigger (a level source must assert again to be seen). */
TEST(Gic, ClearPendingWhateverTheTrigger)
{
	open_all();
	raise(0, SPI0, 0x40);
	LONGS_EQUAL(0, gic_clear_pending(g, 0, SPI0));
	CHECK(!gic_pending(g, 0, SPI0));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));

	LONGS_EQUAL(0, gic_set_level(g, 0, PPI, true));
	raise(0, PPI, 0x40);
	LONGS_EQUAL(0, gic_clear_pending(g, 0, PPI));
	CHECK(!gic_pending(g, 0, PPI));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(0, gic_assert(g, 0, PPI));
	LONGS_EQUAL(PPI, gic_hppi(g, 0, nullptr, nullptr));

	/* clearing pending does not touch an active interrupt */
	LONGS_EQUAL(PPI, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_clear_pending(g, 0, PPI));
	CHECK(gic_active(g, 0, PPI));
	CHECK(!gic_pending(g, 0, PPI));
	LONGS_EQUAL(0x40, gic_running_priority(g, 0));
}

/* GICv3 arch spec: SGIs are always edge-triggered (GICR_ICFGR0 is read-only
 * for INTIDs 0..15), so they cannot be made level-sensitive. */
TEST(Gic, SgisAreEdgeOnly)
{
	std::vector<long> before = snapshot(g);
	LONGS_EQUAL(-1, gic_set_level(g, 0, SGI3, true));
	LONGS_EQUAL(0, gic_set_level(g, 0, SGI3, false));
	CHECK(before == snapshot(g));
	LONGS_EQUAL(0, gic_set_level(g, 0, PPI, true));
	LONGS_EQUAL(0, gic_set_level(g, 0, SPI0, true));
}

/* GICv3 arch spec: a write to ICC_SGI1R_EL1 on one PE makes the SGI pending in
 * the target PE's redistributor only; the target then acknowledges it. */
TEST(Gic, SgiFromOneCpuToAnother)
{
	open_all();
	LONGS_EQUAL(0, gic_set_enable(g, 1, SGI3, true));
	LONGS_EQUAL(0, gic_set_enable(g, 0, SGI3, true));
	LONGS_EQUAL(0, gic_send_sgi(g, 0, 1, SGI3));
	CHECK(gic_pending(g, 1, SGI3));
	CHECK(!gic_pending(g, 0, SGI3));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
	LONGS_EQUAL(SGI3, gic_ack(g, 1, GIC_GROUP1_NS));
	CHECK(gic_active(g, 1, SGI3));
	CHECK(!gic_pending(g, 1, SGI3));
	LONGS_EQUAL(0, gic_eoi(g, 1, SGI3));
	/* to itself, too */
	LONGS_EQUAL(0, gic_send_sgi(g, 1, 1, 0));
	CHECK(gic_pending(g, 1, 0));
	/* pending even while disabled at the target */
	LONGS_EQUAL(0, gic_send_sgi(g, 1, 0, 15));
	CHECK(gic_pending(g, 0, 15));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, 0, nullptr, nullptr));
}

/* GICv3 arch spec: ICC_SGI*R can only generate INTIDs 0..15, between
 * implemented PEs. */
TEST(Gic, SendSgiRejectsBadArguments)
{
	std::vector<long> before = snapshot(g);
	LONGS_EQUAL(-1, gic_send_sgi(g, 0, 1, GIC_SGI_COUNT));
	LONGS_EQUAL(-1, gic_send_sgi(g, 0, 1, PPI));
	LONGS_EQUAL(-1, gic_send_sgi(g, 0, 1, SPI0));
	LONGS_EQUAL(-1, gic_send_sgi(g, CPUS, 1, SGI3));
	LONGS_EQUAL(-1, gic_send_sgi(g, 0, CPUS, SGI3));
	LONGS_EQUAL(-1, gic_send_sgi(nullptr, 0, 1, SGI3));
	CHECK(before == snapshot(g));
}

/* GICv3 arch spec: a higher-priority interrupt preempts an active one (active
 * priorities nest in ICC_AP*R); with EOImode 0 each EOI drops the running
 * priority back to that of the interrupt it preempted, and deactivates. */
TEST(Gic, NestedPreemptionAndEoiUnwind)
{
	open_all();
	raise(0, SPI0, 0xa0);
	LONGS_EQUAL(SPI0, gic_ack(g, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_set_group(g, 0, PPI, GIC_GROUP1_S));
	raise(0, PPI, 0x40);
	LONGS_EQUAL(PPI, gic_ack(g, 0, GIC_GROUP1_S));
	LONGS_EQUAL(0x40, gic_running_priority(g, 0));
	LONGS_EQUAL(0, gic_set_group(g, 0, SGI3, GIC_GROUP0));
	raise(0, SGI3, 0x10);
	LONGS_EQUAL(SGI3, gic_ack(g, 0, GIC_GROUP0));
	LONGS_EQUAL(0x10, gic_running_priority(g, 0));
	CHECK(gic_active(g, 0, SPI0));
	CHECK(gic_active(g, 0, PPI));
	CHECK(gic_active(g, 0, SGI3));

	LONGS_EQUAL(0, gic_eoi(g, 0, SGI3));
	CHECK(!gic_active(g, 0, SGI3));
	LONGS_EQUAL(0x40, gic_running_priority(g, 0));
	LONGS_EQUAL(0, gic_eoi(g, 0, PPI));
	LONGS_EQUAL(0xa0, gic_running_priority(g, 0));
	CHECK(gic_active(g, 0, SPI0));
	LONGS_EQUAL(0, gic_eoi(g, 0, SPI0));
	LONGS_EQUAL(GIC_PRIO_IDLE, gic_running_priority(g, 0));
	CHECK(!gic_active(g, 0, SPI0));
}

/* GICv3 arch spec: every priority 0x00..0xfe can nest once (each preemption
 * needs a strictly higher priority), so 255 levels deep is the most there is,
 * and it unwinds in order. */
TEST(Gic, DeepestNesting)
{
	struct gic *big = gic_create(1, 988);
	CHECK(big != nullptr);
	gic_set_pmr(big, 0, 0xff);
	for (uint32_t n = 0; n < 255; n++) {
		uint32_t id = GIC_SPI_BASE + n;
		uint8_t prio = (uint8_t)(0xfe - n);

		LONGS_EQUAL(0, gic_set_priority(big, 0, id, prio));
		LONGS_EQUAL(0, gic_set_enable(big, 0, id, true));
		LONGS_EQUAL(0, gic_assert(big, 0, id));
		LONGS_EQUAL(id, gic_ack(big, 0, GIC_GROUP1_NS));
		LONGS_EQUAL(prio, gic_running_priority(big, 0));
	}
	/* nothing can preempt priority 0 */
	LONGS_EQUAL(0, gic_set_priority(big, 0, 1019, 0));
	LONGS_EQUAL(0, gic_set_enable(big, 0, 1019, true));
	LONGS_EQUAL(0, gic_assert(big, 0, 1019));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(big, 0, GIC_GROUP1_NS));
	for (uint32_t n = 255; n-- > 0;) {
		LONGS_EQUAL(0, gic_eoi(big, 0, GIC_SPI_BASE + n));
		LONGS_EQUAL(n ? 0xfe - (n - 1) : GIC_PRIO_IDLE, gic_running_priority(big, 0));
	}
	LONGS_EQUAL(1019, gic_ack(big, 0, GIC_GROUP1_NS));
	LONGS_EQUAL(0, gic_eoi(big, 0, 1019));
	gic_destroy(big);
}

/* GICv3 arch spec: with EOImode 0 a write to ICC_EOIR must name the most
 * recently acknowledged active interrupt; anything else is UNPREDICTABLE, and
 * this model refuses it with -1, changing nothing. */
TEST(Gic, EoiOfTheWrongIntidChangesNothing)
{
	open_all();
	std::vector<long> before = snapshot(g);
	LONGS_EQUAL(-1, gic_eoi(g, 0, SPI0)); /* nothing active */
	LONGS_EQUAL(-1, gic_eoi(g, 0, GIC_SPURIOUS));
	CHECK(before == snapshot(g));

	raise(0, SPI0, 0xa0);
	LONGS_EQUAL(SPI0, gic_ack(g, 0, GIC_GROUP1_NS));
	raise(0, PPI, 0x40);
	LONGS_EQUAL(PPI, gic_ack(g, 0, GIC_GROUP1_NS));
	before = snapshot(g);
	LONGS_EQUAL(-1, gic_eoi(g, 0, SPI0));  /* active, but not the latest */
	LONGS_EQUAL(-1, gic_eoi(g, 0, SPI1));  /* never acknowledged */
	LONGS_EQUAL(-1, gic_eoi(g, 1, PPI));   /* another CPU's bank */
	LONGS_EQUAL(-1, gic_eoi(g, 0, SPI_LAST + 1));
	LONGS_EQUAL(-1, gic_eoi(g, CPUS, PPI));
	LONGS_EQUAL(-1, gic_eoi(nullptr, 0, PPI));
	CHECK(before == snapshot(g));
	LONGS_EQUAL(0, gic_eoi(g, 0, PPI));
	LONGS_EQUAL(-1, gic_eoi(g, 0, PPI)); /* twice */
	LONGS_EQUAL(0, gic_eoi(g, 0, SPI0));
}

/* GICv3 arch spec: the distributor and redistributor registers only exist for
 * implemented INTIDs and PEs; accesses naming others change nothing, and reads
 * of them give nothing. */
TEST(Gic, ConfigurationRejectsBadArguments)
{
	const uint32_t bad_ids[] = {SPI_LAST + 1, 1020, GIC_SPURIOUS, 0xffffffffu};
	open_all();
	raise(0, PPI, 0x40);
	std::vector<long> before = snapshot(g);

	for (uint32_t id : bad_ids) {
		LONGS_EQUAL(-1, gic_set_group(g, 0, id, GIC_GROUP0));
		LONGS_EQUAL(-1, gic_set_priority(g, 0, id, 0x10));
		LONGS_EQUAL(-1, gic_set_level(g, 0, id, true));
		LONGS_EQUAL(-1, gic_set_enable(g, 0, id, true));
		LONGS_EQUAL(-1, gic_assert(g, 0, id));
		LONGS_EQUAL(-1, gic_deassert(g, 0, id));
		LONGS_EQUAL(-1, gic_clear_pending(g, 0, id));
		LONGS_EQUAL(-1, gic_group(g, 0, id));
		LONGS_EQUAL(-1, gic_priority(g, 0, id));
		CHECK(!gic_enabled(g, 0, id));
		CHECK(!gic_pending(g, 0, id));
		CHECK(!gic_active(g, 0, id));
	}
	/* a bad cpu for a banked INTID */
	for (uint32_t id : {SGI3, PPI}) {
		LONGS_EQUAL(-1, gic_set_group(g, CPUS, id, GIC_GROUP0));
		LONGS_EQUAL(-1, gic_set_priority(g, CPUS, id, 0x10));
		LONGS_EQUAL(-1, gic_set_level(g, CPUS, id, false));
		LONGS_EQUAL(-1, gic_set_enable(g, CPUS, id, true));
		LONGS_EQUAL(-1, gic_assert(g, CPUS, id));
		LONGS_EQUAL(-1, gic_deassert(g, CPUS, id));
		LONGS_EQUAL(-1, gic_clear_pending(g, CPUS, id));
		LONGS_EQUAL(-1, gic_group(g, CPUS, id));
		LONGS_EQUAL(-1, gic_priority(g, CPUS, id));
		CHECK(!gic_enabled(g, CPUS, id));
		CHECK(!gic_pending(g, CPUS, id));
		CHECK(!gic_active(g, CPUS, id));
	}
	/* a group that does not exist */
	LONGS_EQUAL(-1, gic_set_group(g, 0, PPI, (enum gic_group)3));
	LONGS_EQUAL(-1, gic_set_group(g, 0, SPI0, (enum gic_group)3));
	CHECK(before == snapshot(g));
}

/* GICv3 arch spec: each PE has its own CPU interface; one that does not exist
 * acknowledges nothing, has nothing to signal and masks everything. */
TEST(Gic, CpuInterfaceRejectsBadCpu)
{
	open_all();
	raise(0, SPI0, 0x40);
	std::vector<long> before = snapshot(g);
	gic_set_pmr(g, CPUS, 0x10);
	LONGS_EQUAL(0, gic_pmr(g, CPUS));
	LONGS_EQUAL(GIC_PRIO_IDLE, gic_running_priority(g, CPUS));
	enum gic_group grp = GIC_GROUP1_S;
	uint8_t prio = 0x77;
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(g, CPUS, &grp, &prio));
	LONGS_EQUAL(GIC_GROUP1_S, grp);
	LONGS_EQUAL(0x77, prio);
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, CPUS, GIC_GROUP1_NS));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(g, 0, (enum gic_group)3));
	CHECK(before == snapshot(g));
}

/* Robustness (not an architectural rule): a NULL GIC is a bad argument for
 * every call, never a crash. */
TEST(Gic, NullGicIsABadArgument)
{
	LONGS_EQUAL(0, gic_cpu_count(nullptr));
	LONGS_EQUAL(0, gic_intid_limit(nullptr));
	CHECK(!gic_valid(nullptr, 0));
	LONGS_EQUAL(-1, gic_set_group(nullptr, 0, SPI0, GIC_GROUP0));
	LONGS_EQUAL(-1, gic_set_priority(nullptr, 0, SPI0, 0));
	LONGS_EQUAL(-1, gic_set_level(nullptr, 0, SPI0, true));
	LONGS_EQUAL(-1, gic_set_enable(nullptr, 0, SPI0, true));
	LONGS_EQUAL(-1, gic_group(nullptr, 0, SPI0));
	LONGS_EQUAL(-1, gic_priority(nullptr, 0, SPI0));
	CHECK(!gic_enabled(nullptr, 0, SPI0));
	CHECK(!gic_pending(nullptr, 0, SPI0));
	CHECK(!gic_active(nullptr, 0, SPI0));
	LONGS_EQUAL(-1, gic_assert(nullptr, 0, SPI0));
	LONGS_EQUAL(-1, gic_deassert(nullptr, 0, SPI0));
	LONGS_EQUAL(-1, gic_clear_pending(nullptr, 0, SPI0));
	gic_set_pmr(nullptr, 0, 0xff);
	LONGS_EQUAL(0, gic_pmr(nullptr, 0));
	LONGS_EQUAL(GIC_PRIO_IDLE, gic_running_priority(nullptr, 0));
	LONGS_EQUAL(GIC_SPURIOUS, gic_hppi(nullptr, 0, nullptr, nullptr));
	LONGS_EQUAL(GIC_SPURIOUS, gic_ack(nullptr, 0, GIC_GROUP1_NS));
}

// gic_configure: group, priority, trigger, routing and enable in one call (what a GICv3 driver writes to GICD/GICR); a bad CPU, INTID or group, or a level-sensitive SGI, is refused with nothing changed
TEST(Gic, ConfigureAllAtOnce)
{
	LONGS_EQUAL(0, gic_configure(g, 1, SPI1, GIC_GROUP1_S, 0x20, true));
	LONGS_EQUAL(GIC_GROUP1_S, gic_group(g, 1, SPI1));
	LONGS_EQUAL(0x20, gic_priority(g, 1, SPI1));
	LONGS_EQUAL(1, gic_target(g, SPI1));
	CHECK_TRUE(gic_enabled(g, 1, SPI1));
	gic_assert(g, 1, SPI1);
	gic_deassert(g, 1, SPI1);
	CHECK_FALSE(gic_pending(g, 1, SPI1)); /* level: gone with the line */

	std::vector<long> before = snapshot(g);
	LONGS_EQUAL(-1, gic_configure(g, CPUS, PPI, GIC_GROUP1_S, 0x20, false));
	LONGS_EQUAL(-1, gic_configure(g, 0, SPI_LAST + 1, GIC_GROUP1_S, 0x20, false));
	LONGS_EQUAL(-1, gic_configure(g, 0, SPI0, (enum gic_group)3, 0x20, false));
	LONGS_EQUAL(-1, gic_configure(g, 0, SGI3, GIC_GROUP1_NS, 0x80, true));
	CHECK_TRUE(before == snapshot(g));
}
