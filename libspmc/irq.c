/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupts (FF-A v1.1+ chapter "Interrupt management"). Secure interrupts
 * belong to the partition whose manifest lists them; the SPMC acknowledges
 * and ends the physical interrupt at once and gives the owner a virtual one,
 * delivered according to the owner's state:
 *   WAITING  - run now, scheduled by the SPMC, with FFA_INTERRUPT (w2 = INTID);
 *              whoever ran is preempted and resumed when it calls FFA_MSG_WAIT
 *              (the normal world through FFA_NORMAL_WORLD_RESUME's path);
 *   RUNNING  - a virtual IRQ the backend signals to it;
 *   BLOCKED, PREEMPTED - queued: a vIRQ when it runs again, or FFA_INTERRUPT
 *              as soon as it waits.
 * Non-secure interrupts while a partition runs follow its manifest's
 * ns-interrupts-action: queued (masked by priority until the normal world
 * runs), managed exit (a virtual interrupt asking it to answer its request
 * early) or signaled (preempted; the caller in its call chain gets
 * FFA_INTERRUPT and resumes it later with FFA_RUN). Masking is the GIC's
 * priority mask, set for every context the SPMC runs.
 */
#include "internal.h"

/* Priority masks (only interrupts of a priority value below the mask are
 * signalled): secure interrupts use 0x00..0x7f and non-secure 0x80..0xfe. */
#define PMR_NONE_MASKED 0xffu
#define PMR_NS_MASKED 0x80u
#define PMR_ALL_MASKED 0x00u

/* Attribute word of a manifest interrupt: priority [7:0], level bit 9. */
#define IRQ_ATTR_PRIO(a) ((uint8_t)((a)&0xffu))
#define IRQ_ATTR_LEVEL (1u << 9)

#define GIC_PRIVATE_INTIDS 32u /* SGIs and PPIs: one per CPU */

uint32_t spmc_irq_cfg_count(const struct spmc_partition_cfg *c)
{
	uint32_t n = 0;

	for (uint32_t i = 0; c->regions && i < c->region_count; i++)
		n += c->regions[i].irq_count;
	return n;
}

static void sort_owners(struct spmc_irq_owner *v, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		struct spmc_irq_owner x = v[i];
		uint32_t j = i;

		for (; j > 0 && v[j - 1].intid > x.intid; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

int spmc_irq_init(struct spmc *s)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < s->sp_count; i++) {
		const struct spmc_partition_cfg *c = s->sps[i].cfg;

		for (uint32_t r = 0; c->regions && r < c->region_count; r++)
			for (uint32_t q = 0; q < c->regions[r].irq_count; q++)
				s->irq_owners[n++] = (struct spmc_irq_owner){
					c->regions[r].irqs[q].id, &s->sps[i]};
	}
	s->irq_owner_count = n;
	sort_owners(s->irq_owners, n);
	/* One owner per interrupt: the SPMC could not tell whose it is. */
	for (uint32_t i = 1; i < n; i++)
		if (s->irq_owners[i].intid == s->irq_owners[i - 1].intid)
			return FFA_RET_INVALID_PARAMETERS;
	return 0;
}

static struct spmc_partition *owner_of(const struct spmc *s, uint32_t intid)
{
	uint32_t lo = 0, hi = s->irq_owner_count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (s->irq_owners[mid].intid == intid)
			return s->irq_owners[mid].part;
		if (s->irq_owners[mid].intid < intid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void spmc_irq_configure(struct spmc *s, struct spmc_partition *p)
{
	const struct spmc_partition_cfg *c = p->cfg;

	for (uint32_t r = 0; c->regions && r < c->region_count; r++) {
		for (uint32_t q = 0; q < c->regions[r].irq_count; q++) {
			const struct spmc_irq *irq = &c->regions[r].irqs[q];
			/* A private interrupt of an MP partition exists on every CPU
			 * its contexts run on; everything else goes to the primary. */
			uint32_t cpus = irq->id < GIC_PRIVATE_INTIDS && p->ec_count > 1 ? s->cpu_count : 1;
			uint8_t prio = IRQ_ATTR_PRIO(irq->attrs);

			/* Secure interrupts must outrank every non-secure one. */
			if (prio >= PMR_NS_MASKED)
				prio = PMR_NS_MASKED - 1;
			for (uint32_t cpu = 0; cpu < cpus; cpu++) {
				struct hal_irq_cfg hc = {irq->id, cpu, HAL_IRQ_GROUP1_S, prio,
							 (irq->attrs & IRQ_ATTR_LEVEL) != 0};

				if (hal_irq_configure(&hc) != 0) {
					spmc_partition_abort(s, p);
					return;
				}
			}
		}
	}
}

/* ---- virtual interrupt queues ---- */

void spmc_virq_push(struct spmc_ec *ec, uint32_t intid)
{
	for (uint16_t i = 0; i < ec->virq_count; i++)
		if (ec->virq[i] == intid)
			return; /* already pending: interrupts do not count */
	/* The queue holds every interrupt the partition owns plus the SPMC's
	 * own virtual ones (init.c), each at most once: it cannot overflow. */
	if (ec->virq_count < ec->virq_cap)
		ec->virq[ec->virq_count++] = intid;
}

static void virq_remove(struct spmc_ec *ec, uint16_t at)
{
	for (uint16_t i = at; i + 1 < ec->virq_count; i++)
		ec->virq[i] = ec->virq[i + 1];
	ec->virq_count--;
}

uint32_t spmc_virq_get(struct spmc_ec *ec)
{
	uint32_t intid;

	if (!ec || ec->virq_count == 0)
		return HAL_IRQ_SPURIOUS;
	intid = ec->virq[0];
	virq_remove(ec, 0);
	return intid;
}

bool spmc_virq_pending(const struct spmc_ec *ec)
{
	/* A context handling a secure interrupt takes the next one with
	 * FFA_INTERRUPT when it waits; one initialising has no handler yet. */
	return ec && !ec->part->is_nwd && ec->state == SPMC_EC_RUNNING && ec->virq_count &&
	       ec->rt != SPMC_RT_SEC_INT && ec->rt != SPMC_RT_INIT;
}

void spmc_irq_me_clear(struct spmc_ec *ec)
{
	ec->me_pending = false;
	for (uint16_t i = 0; i < ec->virq_count; i++)
		if (ec->virq[i] == SPMC_VIRQ_MANAGED_EXIT) {
			virq_remove(ec, i);
			break;
		}
}

/* ---- masking ---- */

static uint8_t ns_action(const struct spmc_partition *p)
{
	return p->cfg && p->cfg->ns_int_action ? p->cfg->ns_int_action : SPMC_NS_INT_SIGNALED;
}

static uint8_t pmr_for(const struct spmc_ec *ec)
{
	const struct spmc_partition *p = ec->part;

	if (p->is_nwd)
		return PMR_NONE_MASKED;
	/* Initialising, or handling a secure interrupt for the SPMC: nothing
	 * preempts it (FF-A: the SPMC-scheduled runtime model). */
	if (ec->rt == SPMC_RT_INIT || ec->rt == SPMC_RT_SEC_INT)
		return PMR_ALL_MASKED;
	if (p->cfg && p->cfg->other_s_int_action == SPMC_OTHER_S_INT_QUEUED)
		return PMR_ALL_MASKED;
	/* Queued, or a managed exit already asked for: the normal world's
	 * interrupts wait until it runs again. */
	if (ns_action(p) == SPMC_NS_INT_QUEUED || ec->me_pending)
		return PMR_NS_MASKED;
	return PMR_NONE_MASKED;
}

struct spmc_ec *spmc_irq_exit(struct spmc *s, uint32_t cpu, struct spmc_ec *next)
{
	if (next)
		hal_irq_set_pmr(cpu, pmr_for(next));
	if (next && next->part->is_nwd)
		spmc_notif_exit_to_nwd(s, cpu);
	return next;
}

/* ---- delivery ---- */

/* `target` (WAITING, or just stopped) runs now to handle its queued
 * interrupts, scheduled by the SPMC; `preempted` waits for it. */
static struct spmc_ec *start_handler(uint32_t cpu, struct spmc_ec *target,
				     struct spmc_ec *preempted, struct ffa_value *regs)
{
	preempted->state = SPMC_EC_PREEMPTED;
	preempted->spmc_sched = true;
	target->state = SPMC_EC_RUNNING;
	target->rt = SPMC_RT_SEC_INT;
	target->cpu = cpu; /* a UP partition migrates to the interrupt */
	target->int_preempted = preempted;
	*regs = (struct ffa_value){{FFA_INTERRUPT_32, 0, spmc_virq_get(target)}};
	return target;
}

struct spmc_ec *spmc_interrupt(struct spmc *s, uint32_t cpu, struct spmc_ec *current,
			 struct ffa_value *regs)
{
	struct spmc_partition *owner;
	struct spmc_ec *target;
	uint32_t intid;

	if (!s || !current || cpu >= s->cpu_count)
		return NULL;
	intid = hal_irq_ack(cpu);
	if (intid == HAL_IRQ_GROUP0_PENDING) {
		/* EL3's own interrupt, taken here because secure code ran. */
		hal_el3_intr_handle(cpu);
		return spmc_irq_exit(s, cpu, current);
	}
	if (intid == HAL_IRQ_SPURIOUS)
		return spmc_irq_exit(s, cpu, current);
	/* The partition handles a virtual interrupt: the physical one ends here,
	 * so the running priority drops and nothing stays masked behind it. */
	hal_irq_eoi(cpu, intid);
	owner = owner_of(s, intid);
	if (!owner || owner->aborted) {
		/* Nobody will ever handle it: silence it rather than storm. */
		hal_irq_enable(cpu, intid, false);
		return spmc_irq_exit(s, cpu, current);
	}
	target = spmc_ec_for_cpu(owner, cpu);
	if (!target)
		return spmc_irq_exit(s, cpu, current);
	spmc_virq_push(target, intid);
	if (target->state == SPMC_EC_WAITING && target != current)
		return spmc_irq_exit(s, cpu, start_handler(cpu, target, current, regs));
	/* RUNNING: the backend signals the vIRQ (here, or at the next chance on
	 * the CPU it runs on). BLOCKED or PREEMPTED: it waits in the queue. */
	return spmc_irq_exit(s, cpu, current);
}

struct spmc_ec *spmc_irq_after_idle(struct spmc *s, uint32_t cpu, struct spmc_ec *ec,
				    struct spmc_ec *next, struct ffa_value *regs)
{
	(void)s;
	if (ec->virq_count == 0 || ec->part->aborted || next == ec)
		return next;
	next->resume = *regs;
	return start_handler(cpu, ec, next, regs);
}

struct spmc_ec *spmc_irq_handled(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				 struct ffa_value *regs)
{
	struct spmc_ec *prev = caller->int_preempted;

	/* More arrived meanwhile: the next one, still scheduled by the SPMC. */
	if (caller->virq_count) {
		*regs = (struct ffa_value){{FFA_INTERRUPT_32, 0, spmc_virq_get(caller)}};
		return caller;
	}
	caller->state = SPMC_EC_WAITING;
	caller->rt = SPMC_RT_NONE;
	caller->int_preempted = NULL;
	prev->spmc_sched = false;
	/* The preempted context continues as if nothing happened (for the
	 * normal world this is FFA_NORMAL_WORLD_RESUME's path through EL3). */
	return spmc_resume(s, cpu, prev, regs, prev->resume);
}

struct spmc_ec *spmc_ns_interrupt(struct spmc *s, uint32_t cpu, struct spmc_ec *current,
			    struct ffa_value *regs)
{
	struct spmc_ec *prev;

	if (!s || !current || cpu >= s->cpu_count)
		return NULL;
	if (current->part->is_nwd || current->state != SPMC_EC_RUNNING ||
	    current->rt == SPMC_RT_INIT || current->rt == SPMC_RT_SEC_INT)
		return spmc_irq_exit(s, cpu, current);
	switch (ns_action(current->part)) {
	case SPMC_NS_INT_QUEUED:
		return spmc_irq_exit(s, cpu, current);
	case SPMC_NS_INT_MANAGED_EXIT:
		if (!current->me_pending) {
			current->me_pending = true;
			spmc_virq_push(current, SPMC_VIRQ_MANAGED_EXIT);
		}
		return spmc_irq_exit(s, cpu, current);
	default:
		break;
	}
	/* Signaled: the context is preempted, and the one before it in the call
	 * chain (the SP that sent it the request, or the normal world) learns it
	 * with FFA_INTERRUPT and resumes it later with FFA_RUN. */
	current->state = SPMC_EC_PREEMPTED;
	current->resume = (struct ffa_value){{0}};
	prev = current->rt == SPMC_RT_DIRECT_REQ && current->req_ec ? current->req_ec
								     : &s->nwd.ecs[cpu];
	if (prev->waiting_on == current)
		prev->waiting_on = NULL;
	return spmc_irq_exit(s, cpu,
			     spmc_resume(s, cpu, prev, regs,
					 (struct ffa_value){{FFA_INTERRUPT_32,
							     ffa_pack_vcpu(current->part->id,
									   current->index)}}));
}
