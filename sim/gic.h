/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A GICv3 model: the distributor (SPIs, affinity routed), one redistributor
 * per CPU (SGIs and PPIs, banked) and one CPU interface per CPU (priority
 * mask, running priority, acknowledge, end of interrupt). Pure state: no
 * threads, no time, no knowledge of worlds or exception levels. The simulator
 * decides who takes what gic_hppi() reports; the HAL's interrupt calls are
 * thin wrappers over these functions.
 *
 * INTIDs: 0..15 SGIs, 16..31 PPIs (both banked per CPU), 32..(32 + spis - 1)
 * SPIs. Priorities: lower value = higher priority; 0xff is the lowest, and an
 * idle CPU interface's running priority. Interrupts are signalled only when
 * their priority is strictly higher (numerically lower) than both the CPU's
 * priority mask (PMR) and its running priority.
 *
 * EOI mode 0: gic_eoi() both drops the running priority and deactivates.
 * Active priorities stack: acknowledging while another interrupt is active
 * (preemption by a higher priority) nests, and EOI pops back to the previous
 * running priority.
 */
#ifndef SIM_GIC_H
#define SIM_GIC_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GIC_SGI_COUNT 16u
#define GIC_PPI_BASE 16u
#define GIC_SPI_BASE 32u
#define GIC_SPURIOUS 1023u
#define GIC_PRIO_IDLE 0xffu

enum gic_group {
	GIC_GROUP0 = 0,   /* EL3 (FIQ everywhere) */
	GIC_GROUP1_S = 1, /* secure group 1 */
	GIC_GROUP1_NS = 2 /* non-secure group 1 */
};

struct gic;

/* A GIC for `cpus` CPUs (at least 1) and `spis` shared interrupts (0..988).
 * Every interrupt starts disabled, not pending, not active, group 1 NS,
 * priority 0xa0, edge-triggered; SPIs routed to CPU 0; every PMR 0 (all
 * masked, as out of reset) and every running priority idle. NULL on bad
 * arguments or no memory. */
struct gic *gic_create(uint32_t cpus, uint32_t spis);
void gic_destroy(struct gic *g);

uint32_t gic_cpu_count(const struct gic *g);
/* One past the last valid INTID. */
uint32_t gic_intid_limit(const struct gic *g);
/* Whether intid exists (SGI, PPI or one of the SPIs). */
bool gic_valid(const struct gic *g, uint32_t intid);

/* Configuration. `cpu` selects the redistributor bank for SGIs/PPIs and is
 * ignored for SPIs. Each returns 0, or -1 for a bad cpu or intid (nothing
 * changed). */
int gic_set_group(struct gic *g, uint32_t cpu, uint32_t intid, enum gic_group grp);
int gic_set_priority(struct gic *g, uint32_t cpu, uint32_t intid, uint8_t prio);
int gic_set_level(struct gic *g, uint32_t cpu, uint32_t intid, bool level);
int gic_set_enable(struct gic *g, uint32_t cpu, uint32_t intid, bool enable);
/* Affinity routing of an SPI to one CPU (GICD_IROUTER); -1 for a non-SPI. */
int gic_route(struct gic *g, uint32_t intid, uint32_t cpu);

/* All of the above at once, as a driver sets an interrupt up: group,
 * priority, trigger, routing of an SPI to `cpu` (SGIs/PPIs: cpu's bank),
 * then enable. 0, or -1 (nothing changed) for a bad cpu, INTID or group, or
 * a level-sensitive SGI. */
int gic_configure(struct gic *g, uint32_t cpu, uint32_t intid, enum gic_group grp, uint8_t prio,
		  bool level);

/* Queries (same cpu convention). -1 / false for bad arguments. */
int gic_group(const struct gic *g, uint32_t cpu, uint32_t intid);
int gic_priority(const struct gic *g, uint32_t cpu, uint32_t intid);
bool gic_enabled(const struct gic *g, uint32_t cpu, uint32_t intid);
bool gic_pending(const struct gic *g, uint32_t cpu, uint32_t intid);
bool gic_active(const struct gic *g, uint32_t cpu, uint32_t intid);
/* The CPU an SPI is routed to; -1 for a non-SPI. */
int gic_target(const struct gic *g, uint32_t intid);

/* A device asserts intid (edge: makes it pending; level: asserts the line,
 * which keeps it pending until gic_deassert). For SGIs/PPIs `cpu` is the
 * bank. Pending is recorded even while disabled. 0 or -1. */
int gic_assert(struct gic *g, uint32_t cpu, uint32_t intid);
/* A level-sensitive source drops its line: no longer pending unless it is
 * edge-triggered and already latched. 0 or -1. */
int gic_deassert(struct gic *g, uint32_t cpu, uint32_t intid);
/* Clears the pending state (GICD_ICPENDR), whatever the trigger. 0 or -1. */
int gic_clear_pending(struct gic *g, uint32_t cpu, uint32_t intid);
/* An SGI (0..15) from `from` to `to` (ICC_SGI*R): pending in to's bank. 0 or -1. */
int gic_send_sgi(struct gic *g, uint32_t from, uint32_t to, uint32_t intid);

/* Whether any interrupt is pending at all (enabled or not, any CPU): a
 * cheap test before gic_hppi(). */
bool gic_any_pending(const struct gic *g);

/* CPU interface. */
void gic_set_pmr(struct gic *g, uint32_t cpu, uint8_t pmr);
uint8_t gic_pmr(const struct gic *g, uint32_t cpu);
/* Current running priority of cpu (GIC_PRIO_IDLE when nothing is active). */
uint8_t gic_running_priority(const struct gic *g, uint32_t cpu);

/* The highest-priority interrupt that is pending, enabled, not active, and
 * targets cpu (SGIs/PPIs in its bank; SPIs routed to it), whose priority is
 * higher than both cpu's PMR and running priority. Ties: lowest INTID.
 * GIC_SPURIOUS if none; *grp and *prio (either may be NULL) describe the
 * interrupt found. */
uint32_t gic_hppi(const struct gic *g, uint32_t cpu, enum gic_group *grp, uint8_t *prio);

/* Acknowledge (ICC_IAR0 for GIC_GROUP0, ICC_IAR1 for the two group 1s: the
 * caller says which group it may take): if gic_hppi() on cpu is an interrupt
 * of group `grp`, it becomes active (and, unless level-asserted, no longer
 * pending), cpu's running priority becomes its priority, and its INTID is
 * returned; otherwise GIC_SPURIOUS and nothing changes. */
uint32_t gic_ack(struct gic *g, uint32_t cpu, enum gic_group grp);
/* End of interrupt (EOI mode 0): intid must be the most recently acknowledged
 * active interrupt on cpu; it is deactivated and the running priority drops to
 * that of the interrupt active before it (or idle). -1 (nothing changed) if
 * intid is not that interrupt. */
int gic_eoi(struct gic *g, uint32_t cpu, uint32_t intid);

#ifdef __cplusplus
}
#endif

#endif
