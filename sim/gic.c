/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The GICv3 model behind gic.h. Pure state, all of it in struct gic: the
 * banked SGIs/PPIs of each redistributor, the distributor's SPIs with their
 * affinity routes, and each CPU interface's PMR and stack of active
 * priorities.
 *
 * Choices where gic.h leaves room (each follows the architecture):
 *  - Pending is kept as two bits: the edge latch, and the input line. An
 *    interrupt is pending if the latch is set, or it is level-sensitive and its
 *    line is asserted. Acknowledge consumes the latch only, so a level
 *    interrupt whose line is still high stays pending (active and pending).
 *  - gic_clear_pending() clears both, as gic.h says "whatever the trigger": a
 *    level source still driving its line must assert again to be seen.
 *  - SGIs are always edge-triggered (GICR_ICFGR0 is read-only for them):
 *    gic_set_level(.., sgi, true) is refused with -1; false is accepted.
 *  - The running priority is the priority recorded when the interrupt was
 *    acknowledged (as the active priority registers do), so reprogramming an
 *    active interrupt's priority does not change it.
 *  - gic_pmr() of a bad cpu reads 0 (everything masked) and
 *    gic_running_priority() of a bad cpu reads GIC_PRIO_IDLE; gic_set_pmr()
 *    of a bad cpu does nothing. A NULL gic is a bad argument everywhere.
 */
#include "gic.h"

#include <stdlib.h>

/* INTIDs 1020..1023 are special, so at most 1020 - 32 SPIs exist. */
#define GIC_SPI_MAX (1020u - GIC_SPI_BASE)
/* SGIs and PPIs per redistributor bank. */
#define GIC_BANKED GIC_SPI_BASE
/*
 * Nesting depth bound: each acknowledge needs a priority strictly higher than
 * the running one, and nothing at 0xff can ever be signalled (it would have to
 * beat a PMR of at most 0xff), so at most 255 priorities 0x00..0xfe nest.
 */
#define GIC_NEST_MAX 255u

struct gic_irq {
	uint8_t prio;
	uint8_t group; /* enum gic_group */
	bool enabled;
	bool level;   /* level-sensitive (else edge-triggered) */
	bool line;    /* input currently asserted */
	bool latched; /* edge pending latch */
	bool active;
};

/* One acknowledged, not yet EOIed interrupt of a CPU interface. */
struct gic_active {
	uint16_t intid;
	uint8_t prio; /* priority at acknowledge: the running priority it sets */
};

struct gic_cpu {
	uint8_t pmr;
	uint32_t depth;                         /* entries used in stack */
	struct gic_active stack[GIC_NEST_MAX]; /* stack[depth - 1] is running */
};

struct gic {
	uint32_t cpus;
	uint32_t spis;
	struct gic_irq *banked; /* cpus * GIC_BANKED: SGIs and PPIs per CPU */
	struct gic_irq *spi;    /* spis */
	uint32_t *route;        /* spis: target CPU of each SPI */
	struct gic_cpu *cpu;    /* cpus */
	/* How many interrupts are pending, anywhere: lets the simulator skip
	 * looking for one at every instruction boundary when there is none. */
	uint32_t npending;
};

static void irq_reset(struct gic_irq *i)
{
	i->prio = 0xa0;
	i->group = GIC_GROUP1_NS;
	i->enabled = false;
	i->level = false;
	i->line = false;
	i->latched = false;
	i->active = false;
}

struct gic *gic_create(uint32_t cpus, uint32_t spis)
{
	struct gic *g;

	if (cpus == 0 || spis > GIC_SPI_MAX)
		return NULL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->cpus = cpus;
	g->spis = spis;
	g->banked = calloc((size_t)cpus * GIC_BANKED, sizeof(*g->banked));
	/* calloc(0, ..) may return NULL: allocate at least one entry. */
	g->spi = calloc(spis ? spis : 1, sizeof(*g->spi));
	g->route = calloc(spis ? spis : 1, sizeof(*g->route));
	g->cpu = calloc(cpus, sizeof(*g->cpu));
	if (!g->banked || !g->spi || !g->route || !g->cpu) {
		gic_destroy(g);
		return NULL;
	}
	for (size_t n = 0; n < (size_t)cpus * GIC_BANKED; n++)
		irq_reset(&g->banked[n]);
	for (uint32_t n = 0; n < spis; n++)
		irq_reset(&g->spi[n]); /* route[n] = 0 from calloc: CPU 0 */
	/* PMR 0 (calloc) masks everything, as out of reset; depth 0 is idle. */
	return g;
}

void gic_destroy(struct gic *g)
{
	if (!g)
		return;
	free(g->banked);
	free(g->spi);
	free(g->route);
	free(g->cpu);
	free(g);
}

uint32_t gic_cpu_count(const struct gic *g) { return g ? g->cpus : 0; }

uint32_t gic_intid_limit(const struct gic *g) { return g ? GIC_SPI_BASE + g->spis : 0; }

bool gic_valid(const struct gic *g, uint32_t intid)
{
	return g && intid < GIC_SPI_BASE + g->spis;
}

static bool cpu_ok(const struct gic *g, uint32_t cpu) { return g && cpu < g->cpus; }

static bool is_spi(const struct gic *g, uint32_t intid)
{
	return gic_valid(g, intid) && intid >= GIC_SPI_BASE;
}

/*
 * The state of intid as seen from cpu's redistributor: its own bank for SGIs
 * and PPIs (where cpu must exist), the shared distributor entry for SPIs
 * (where cpu is ignored). NULL for a bad cpu or intid.
 */
static struct gic_irq *irq_of(const struct gic *g, uint32_t cpu, uint32_t intid)
{
	if (!gic_valid(g, intid))
		return NULL;
	if (intid >= GIC_SPI_BASE)
		return &g->spi[intid - GIC_SPI_BASE];
	if (!cpu_ok(g, cpu))
		return NULL;
	return &g->banked[(size_t)cpu * GIC_BANKED + intid];
}

static bool irq_pending(const struct gic_irq *i) { return i->latched || (i->level && i->line); }

/* Every change to what makes an interrupt pending goes through here, so the
 * count of pending interrupts stays exact. */
static void set_pending_state(struct gic *g, struct gic_irq *i, bool latched, bool line, bool level)
{
	bool was = irq_pending(i);

	i->latched = latched;
	i->line = line;
	i->level = level;
	if (irq_pending(i) != was)
		g->npending = irq_pending(i) ? g->npending + 1 : g->npending - 1;
}

bool gic_any_pending(const struct gic *g)
{
	return g && g->npending != 0;
}

int gic_set_group(struct gic *g, uint32_t cpu, uint32_t intid, enum gic_group grp)
{
	struct gic_irq *i = irq_of(g, cpu, intid);

	if (!i || (grp != GIC_GROUP0 && grp != GIC_GROUP1_S && grp != GIC_GROUP1_NS))
		return -1;
	i->group = (uint8_t)grp;
	return 0;
}

int gic_set_priority(struct gic *g, uint32_t cpu, uint32_t intid, uint8_t prio)
{
	struct gic_irq *i = irq_of(g, cpu, intid);

	if (!i)
		return -1;
	i->prio = prio;
	return 0;
}

int gic_set_level(struct gic *g, uint32_t cpu, uint32_t intid, bool level)
{
	struct gic_irq *i = irq_of(g, cpu, intid);

	/* SGIs are edge-triggered by definition. */
	if (!i || (level && intid < GIC_SGI_COUNT))
		return -1;
	set_pending_state(g, i, i->latched, i->line, level);
	return 0;
}

int gic_set_enable(struct gic *g, uint32_t cpu, uint32_t intid, bool enable)
{
	struct gic_irq *i = irq_of(g, cpu, intid);

	if (!i)
		return -1;
	i->enabled = enable;
	return 0;
}

int gic_route(struct gic *g, uint32_t intid, uint32_t cpu)
{
	if (!is_spi(g, intid) || !cpu_ok(g, cpu))
		return -1;
	g->route[intid - GIC_SPI_BASE] = cpu;
	return 0;
}

int gic_configure(struct gic *g, uint32_t cpu, uint32_t intid, enum gic_group grp, uint8_t prio,
		  bool level)
{
	/* Checked whole first, so a refusal changes nothing. */
	if (!cpu_ok(g, cpu) || !gic_valid(g, intid) ||
	    (grp != GIC_GROUP0 && grp != GIC_GROUP1_S && grp != GIC_GROUP1_NS) ||
	    (level && intid < GIC_SGI_COUNT))
		return -1;
	gic_set_group(g, cpu, intid, grp);
	gic_set_priority(g, cpu, intid, prio);
	gic_set_level(g, cpu, intid, level);
	if (intid >= GIC_SPI_BASE)
		gic_route(g, intid, cpu);
	gic_set_enable(g, cpu, intid, true);
	return 0;
}

int gic_group(const struct gic *g, uint32_t cpu, uint32_t intid)
{
	const struct gic_irq *i = irq_of(g, cpu, intid);

	return i ? i->group : -1;
}

int gic_priority(const struct gic *g, uint32_t cpu, uint32_t intid)
{
	const struct gic_irq *i = irq_of(g, cpu, intid);

	return i ? i->prio : -1;
}

bool gic_enabled(const struct gic *g, uint32_t cpu, uint32_t intid)
{
	const struct gic_irq *i = irq_of(g, cpu, intid);

	return i && i->enabled;
}

bool gic_pending(const struct gic *g, uint32_t cpu, uint32_t intid)
{
	const struct gic_irq *i = irq_of(g, cpu, intid);

	return i && irq_pending(i);
}

bool gic_active(const struct gic *g, uint32_t cpu, uint32_t intid)
{
	const struct gic_irq *i = irq_of(g, cpu, intid);

	return i && i->active;
}

int gic_target(const struct gic *g, uint32_t intid)
{
	return is_spi(g, intid) ? (int)g->route[intid - GIC_SPI_BASE] : -1;
}

int gic_assert(struct gic *g, uint32_t cpu, uint32_t intid)
{
	struct gic_irq *i = irq_of(g, cpu, intid);

	if (!i)
		return -1;
	/* An edge is latched now and stays pending whatever the line does. */
	set_pending_state(g, i, i->latched || !i->level, true, i->level);
	return 0;
}

int gic_deassert(struct gic *g, uint32_t cpu, uint32_t intid)
{
	struct gic_irq *i = irq_of(g, cpu, intid);

	if (!i)
		return -1;
	set_pending_state(g, i, i->latched, false, i->level);
	return 0;
}

int gic_clear_pending(struct gic *g, uint32_t cpu, uint32_t intid)
{
	struct gic_irq *i = irq_of(g, cpu, intid);

	if (!i)
		return -1;
	set_pending_state(g, i, false, false, i->level);
	return 0;
}

int gic_send_sgi(struct gic *g, uint32_t from, uint32_t to, uint32_t intid)
{
	/* The sender must exist even though, with affinity routing, the
	 * receiver does not record who sent it. */
	if (!cpu_ok(g, from) || !cpu_ok(g, to) || intid >= GIC_SGI_COUNT)
		return -1;
	struct gic_irq *i = &g->banked[(size_t)to * GIC_BANKED + intid];

	set_pending_state(g, i, true, i->line, i->level);
	return 0;
}

void gic_set_pmr(struct gic *g, uint32_t cpu, uint8_t pmr)
{
	if (cpu_ok(g, cpu))
		g->cpu[cpu].pmr = pmr;
}

uint8_t gic_pmr(const struct gic *g, uint32_t cpu) { return cpu_ok(g, cpu) ? g->cpu[cpu].pmr : 0; }

uint8_t gic_running_priority(const struct gic *g, uint32_t cpu)
{
	const struct gic_cpu *c;

	if (!cpu_ok(g, cpu))
		return GIC_PRIO_IDLE;
	c = &g->cpu[cpu];
	return c->depth ? c->stack[c->depth - 1].prio : GIC_PRIO_IDLE;
}

/* Whether i would be signalled to a CPU interface with this mask. */
static bool candidate(const struct gic_irq *i, uint8_t mask)
{
	return i->enabled && !i->active && irq_pending(i) && i->prio < mask;
}

uint32_t gic_hppi(const struct gic *g, uint32_t cpu, enum gic_group *grp, uint8_t *prio)
{
	const struct gic_irq *best = NULL;
	uint32_t best_id = GIC_SPURIOUS;
	uint8_t mask;

	if (!cpu_ok(g, cpu))
		return GIC_SPURIOUS;
	/* Strictly higher than both PMR and running priority: the lower of the
	 * two is the bar to beat. */
	mask = g->cpu[cpu].pmr;
	if (gic_running_priority(g, cpu) < mask)
		mask = gic_running_priority(g, cpu);
	/* Ascending INTID with a strict comparison: ties go to the lowest. */
	for (uint32_t n = 0; n < GIC_BANKED; n++) {
		const struct gic_irq *i = &g->banked[(size_t)cpu * GIC_BANKED + n];

		if (candidate(i, mask) && (!best || i->prio < best->prio)) {
			best = i;
			best_id = n;
		}
	}
	for (uint32_t n = 0; n < g->spis; n++) {
		const struct gic_irq *i = &g->spi[n];

		if (g->route[n] == cpu && candidate(i, mask) && (!best || i->prio < best->prio)) {
			best = i;
			best_id = GIC_SPI_BASE + n;
		}
	}
	if (best) {
		if (grp)
			*grp = (enum gic_group)best->group;
		if (prio)
			*prio = best->prio;
	}
	return best_id;
}

uint32_t gic_ack(struct gic *g, uint32_t cpu, enum gic_group grp)
{
	enum gic_group found;
	uint8_t prio;
	uint32_t intid = gic_hppi(g, cpu, &found, &prio);
	struct gic_irq *i;
	struct gic_cpu *c;

	/* Reading the IAR of another group acknowledges nothing. */
	if (intid == GIC_SPURIOUS || found != grp)
		return GIC_SPURIOUS;
	i = irq_of(g, cpu, intid);
	c = &g->cpu[cpu];
	/* Cannot overflow: every entry has a distinct priority below 0xff. */
	if (c->depth >= GIC_NEST_MAX)
		return GIC_SPURIOUS;
	i->active = true;
	/* A level line still high keeps it pending. */
	set_pending_state(g, i, false, i->line, i->level);
	c->stack[c->depth].intid = (uint16_t)intid;
	c->stack[c->depth].prio = prio;
	c->depth++;
	return intid;
}

int gic_eoi(struct gic *g, uint32_t cpu, uint32_t intid)
{
	struct gic_cpu *c;
	struct gic_irq *i;

	if (!cpu_ok(g, cpu))
		return -1;
	c = &g->cpu[cpu];
	/* EOI mode 0 completes interrupts in reverse order of acknowledge. */
	if (c->depth == 0 || c->stack[c->depth - 1].intid != intid)
		return -1;
	i = irq_of(g, cpu, intid);
	i->active = false;
	c->depth--;
	return 0;
}
