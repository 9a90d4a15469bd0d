/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupts in the simulator: the HAL's interrupt calls over the GIC model,
 * device interrupts raised at virtual times, and the point where a CPU takes
 * what is pending. A host thread can only be interrupted where it enters the
 * simulator: when an FF-A call returns to it, or inside a modeled
 * computation, which sim_spend() splits on the cycle of the next device
 * event. So an interrupt is taken on the first cycle at or after it fires,
 * the same one on every run.
 *
 * Who takes it depends on its group and on what runs, as on a GICv3 system
 * with the SPMC at S-EL2: the normal world takes its own (group 1 NS); secure
 * ones (group 1 S) go to the SPMC, through EL3 and the SPMD when the normal
 * world ran; group 0 ones go to EL3, handed over by the SPMC when secure code
 * ran (FFA_EL3_INTR_HANDLE); a non-secure one while a partition runs goes to
 * the SPMC, which applies the partition's non-secure interrupt action.
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- the HAL's interrupt calls ---- */

int hal_irq_configure(const struct hal_irq_cfg *c)
{
	struct sim *s = sim_current;
	uint32_t cpu = c->cpu;

	if (!s || gic_configure(s->gic, cpu, c->intid, (enum gic_group)c->group, c->priority,
				c->level) != 0)
		return FFA_RET_INVALID_PARAMETERS;
	return 0;
}

void hal_irq_enable(uint32_t cpu, uint32_t intid, bool enable)
{
	if (sim_current && sim_current->gic)
		gic_set_enable(sim_current->gic, cpu, intid, enable);
}

uint32_t hal_irq_ack(uint32_t cpu)
{
	struct sim *s = sim_current;
	enum gic_group grp;

	if (!s || gic_hppi(s->gic, cpu, &grp, NULL) == GIC_SPURIOUS)
		return HAL_IRQ_SPURIOUS;
	if (grp == GIC_GROUP0)
		return HAL_IRQ_GROUP0_PENDING;
	if (grp != GIC_GROUP1_S)
		return HAL_IRQ_SPURIOUS; /* the normal world's: not the SPMC's to take */
	return gic_ack(s->gic, cpu, GIC_GROUP1_S);
}

void hal_irq_eoi(uint32_t cpu, uint32_t intid)
{
	if (sim_current)
		gic_eoi(sim_current->gic, cpu, intid);
}

void hal_irq_send_sgi(uint32_t target_cpu, uint32_t intid)
{
	struct sim *s = sim_current;

	if (s && s->gic)
		gic_send_sgi(s->gic, s->cur_cpu, target_cpu, intid);
}

void hal_irq_set_pmr(uint32_t cpu, uint8_t pmr)
{
	if (sim_current && sim_current->gic)
		gic_set_pmr(sim_current->gic, cpu, pmr);
}

/* EL3 takes a group 0 interrupt: acknowledge, its handler, end. */
static void el3_take(struct sim *s, uint32_t cpu, struct spmc_ec *ran, bool from_spmc)
{
	const struct sim_cost_profile *p = s->prof;
	uint32_t intid = gic_ack(s->gic, cpu, GIC_GROUP0);
	struct ffa_value in = {{intid, from_spmc}};
	struct ffa_value none = {{0}};

	uint64_t taken = s->cpus[cpu].cycles;

	if (intid == GIC_SPURIOUS)
		return;
	s->irqs_taken++;
	/* Into EL3 (by the exception, or the SPMC's SMC), its handler, back out. */
	s->cpus[cpu].cycles += (uint64_t)p->smc_entry_el3 + p->el3_ctx_save + p->spmd_dispatch +
			       p->gic_ack_eoi + p->el3_ctx_restore +
			       (from_spmc ? p->eret_to_sel2 : p->eret_el3_to_nwd);
	sim_record(s, SIM_TRACE_EL3_IRQ, cpu, ran, &in, ran, &none, taken);
	if (s->el3_irq_fn)
		s->el3_irq_fn(s, cpu, intid, s->el3_irq_user);
	gic_eoi(s->gic, cpu, intid);
}

void hal_el3_intr_handle(uint32_t cpu)
{
	struct sim *s = sim_current;

	if (s)
		el3_take(s, cpu, s->cpus[cpu].cur ? s->cpus[cpu].cur->ec : NULL, true);
}

/* ---- device events ---- */

uint64_t sim_irq_next_event(const struct sim *s)
{
	return s->nevents ? s->events[0].at : UINT64_MAX;
}

static bool event_before(const struct sim_irq_event *a, const struct sim_irq_event *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

int sim_irq_raise_at(struct sim *s, uint32_t intid, uint32_t cpu, uint64_t at)
{
	struct sim_irq_event ev;
	size_t i;

	if (!s || !s->gic || !gic_valid(s->gic, intid) || cpu >= s->ncpu)
		return -1;
	ev = (struct sim_irq_event){at, s->event_seq++, intid, cpu};
	if (s->nevents == s->events_cap) {
		size_t cap = s->events_cap ? 2 * s->events_cap : 16;
		struct sim_irq_event *v = realloc(s->events, cap * sizeof(*v));

		if (!v)
			return -1;
		s->events = v;
		s->events_cap = cap;
	}
	/* Kept sorted: scenarios schedule a handful of events. */
	for (i = s->nevents; i > 0 && event_before(&ev, &s->events[i - 1]); i--)
		s->events[i] = s->events[i - 1];
	s->events[i] = ev;
	s->nevents++;
	return 0;
}

void sim_timer_cancel(struct sim *s, uint32_t cpu, uint32_t ppi)
{
	size_t k = 0;

	for (size_t i = 0; s && i < s->nevents; i++)
		if (s->events[i].intid != ppi || s->events[i].cpu != cpu)
			s->events[k++] = s->events[i];
	if (s)
		s->nevents = k;
}

int sim_timer_arm(struct sim *s, uint32_t cpu, uint32_t ppi, uint64_t at)
{
	if (!s || cpu >= s->ncpu || ppi < GIC_PPI_BASE || ppi >= GIC_SPI_BASE)
		return -1;
	sim_timer_cancel(s, cpu, ppi);
	return sim_irq_raise_at(s, ppi, cpu, at);
}

int sim_irq_lower(struct sim *s, uint32_t intid, uint32_t cpu)
{
	return s && s->gic ? gic_deassert(s->gic, cpu, intid) : -1;
}

static int configure(struct sim *s, uint32_t intid, uint32_t cpu, uint8_t prio,
		     enum gic_group grp)
{
	struct hal_irq_cfg c = {intid, cpu, (uint8_t)grp, prio, false};

	if (!s || cpu >= s->ncpu)
		return -1;
	return hal_irq_configure(&c) == 0 ? 0 : -1;
}

int sim_nwd_irq_configure(struct sim *s, uint32_t intid, uint32_t cpu, uint8_t prio)
{
	return prio < 0x80 ? -1 : configure(s, intid, cpu, prio, GIC_GROUP1_NS);
}

int sim_el3_irq_configure(struct sim *s, uint32_t intid, uint32_t cpu, uint8_t prio)
{
	return configure(s, intid, cpu, prio, GIC_GROUP0);
}

void sim_nwd_irq_handler(struct sim *s, sim_irq_fn fn, void *user)
{
	s->nwd_irq_fn = fn;
	s->nwd_irq_user = user;
}

void sim_el3_irq_handler(struct sim *s, sim_irq_fn fn, void *user)
{
	s->el3_irq_fn = fn;
	s->el3_irq_user = user;
}

struct gic *sim_gic(struct sim *s) { return s->gic; }
uint64_t sim_irqs_taken(const struct sim *s) { return s->irqs_taken; }

/* ---- taking interrupts ---- */

typedef struct spmc_ec *(*core_irq_fn)(struct spmc *, uint32_t, struct spmc_ec *,
				       struct ffa_value *);

/* The SPMC handles an interrupt signalled to it on cpu while `ran` ran (from
 * the normal world: through EL3 and the SPMD). Returns who runs next and
 * places it; the trace shows both. */
static struct spmc_ec *to_core(struct sim *s, uint32_t cpu, struct spmc_ec *ran,
			       core_irq_fn fn, uint32_t intid, enum gic_group grp)
{
	bool from_nwd = spmc_ec_is_nwd(ran);
	struct ffa_value regs = {{0}};
	struct ffa_value in = {{intid, (uint64_t)grp}};
	struct spmc_ec *next;
	uint64_t taken = s->cpus[cpu].cycles;

	s->irqs_taken++;
	s->cpus[cpu].cycles += sim_entry_cost(s, from_nwd) + s->prof->spmc_handler_base +
			       (grp == GIC_GROUP1_NS ? 0u : s->prof->gic_ack_eoi);
	s->cur_cpu = cpu;
	next = fn(s->core, cpu, ran, &regs);
	if (!next) {
		fprintf(stderr, "sim: the SPMC core returned no context after an interrupt\n");
		abort();
	}
	if (next != ran)
		s->cpus[cpu].cycles += sim_exit_cost(s, spmc_ec_is_nwd(next), !spmc_ec_is_nwd(next));
	else
		s->cpus[cpu].cycles += sim_exit_cost(s, from_nwd, false);
	sim_record(s, SIM_TRACE_IRQ, cpu, ran, &in, next, &regs, taken);
	if (next != ran)
		sim_place(s, cpu, next, &regs);
	return next;
}

/* Applies device events that are due by `now`; an idle CPU that an
 * interrupt now targets wakes for it. */
static void apply_events(struct sim *s, uint64_t now)
{
	while (s->nevents && s->events[0].at <= now) {
		struct sim_irq_event ev = s->events[0];

		memmove(s->events, s->events + 1, --s->nevents * sizeof(*s->events));
		gic_assert(s->gic, ev.cpu, ev.intid);
		for (uint32_t c = 0; c < s->ncpu; c++) {
			enum gic_group grp;
			uint32_t id;

			if (s->cpus[c].cur || s->cpus[c].off)
				continue; /* busy (it takes it itself), or powered down */
			id = gic_hppi(s->gic, c, &grp, NULL);
			if (id == GIC_SPURIOUS || grp == GIC_GROUP1_NS)
				continue; /* an idle normal world has no one to take it */
			if (s->cpus[c].cycles < ev.at)
				s->cpus[c].cycles = ev.at;
			if (grp == GIC_GROUP0)
				el3_take(s, c, spmc_nwd_ec(s->core, c), false);
			else
				to_core(s, c, spmc_nwd_ec(s->core, c), spmc_interrupt, id, grp);
		}
	}
}

/* The normal world takes its own interrupt: acknowledge, handler, end. */
static void nwd_take(struct sim *s, struct sim_thread *me, uint32_t cpu)
{
	uint32_t intid = gic_ack(s->gic, cpu, GIC_GROUP1_NS);
	struct ffa_value in = {{intid}};
	uint64_t taken = s->cpus[cpu].cycles;

	if (intid == GIC_SPURIOUS)
		return;
	s->irqs_taken++;
	s->cpus[cpu].cycles += s->prof->gic_ack_eoi;
	sim_record(s, SIM_TRACE_NWD_IRQ, cpu, me->ec, &in, me->ec, &in, taken);
	s->nwd_irq_fn(s, cpu, intid, s->nwd_irq_user);
	gic_eoi(s->gic, me->cpu, intid);
}

/* A partition's handler takes one virtual interrupt. */
static void virq_take(struct sim *s, struct sim_thread *me)
{
	uint32_t cpu = me->cpu;
	uint32_t intid = spmc_virq_get(me->ec);
	struct ffa_value in = {{intid}};
	uint64_t taken = s->cpus[cpu].cycles;

	/* The partition's exception entry to its vector and its return. */
	s->cpus[cpu].cycles += sim_entry_cost(s, false) + s->prof->eret_sel2_to_sp;
	sim_record(s, SIM_TRACE_VIRQ, cpu, me->ec, &in, me->ec, &in, taken);
	me->irq_fn(&me->env, intid);
}

void sim_irq_take(struct sim *s, struct sim_thread *me)
{
	for (;;) {
		uint32_t cpu = me->cpu, intid;
		enum gic_group grp;
		struct spmc_ec *ran = me->ec;

		if (!s->gic || me->dead)
			return;
		apply_events(s, s->cpus[cpu].cycles);
		if (s->cpus[cpu].cur != me)
			return; /* not running here (a handler switched away) */
		/* The common case, at every call: nothing pending anywhere. */
		intid = gic_any_pending(s->gic) ? gic_hppi(s->gic, cpu, &grp, NULL) : GIC_SPURIOUS;
		if (intid != GIC_SPURIOUS && me->is_nwd && grp == GIC_GROUP1_NS && s->nwd_irq_fn) {
			nwd_take(s, me, cpu);
			continue;
		}
		if (intid != GIC_SPURIOUS && grp == GIC_GROUP0 && me->is_nwd) {
			el3_take(s, cpu, ran, false);
			continue;
		}
		if (intid != GIC_SPURIOUS && (grp != GIC_GROUP1_NS || !me->is_nwd)) {
			struct spmc_ec *next =
				to_core(s, cpu, ran, grp == GIC_GROUP1_NS ? spmc_ns_interrupt : spmc_interrupt,
					intid, grp);

			if (next != ran) {
				me->irq_stopped = true;
				sim_reschedule(s, me); /* back when resumed */
				me->irq_stopped = false;
				continue;
			}
			if (gic_hppi(s->gic, cpu, NULL, NULL) == intid) {
				/* Still signalled: the SPMC left it for later. Take
				 * what it signalled virtually, and go on. */
				if (!me->is_nwd && me->irq_fn && spmc_virq_pending(ran))
					virq_take(s, me);
				return;
			}
			continue;
		}
		if (!me->is_nwd && me->irq_fn && spmc_virq_pending(ran)) {
			virq_take(s, me);
			continue;
		}
		return;
	}
}
