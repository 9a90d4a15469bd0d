/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition initialisation and aborts. On the primary CPU every SP runs its
 * entry point, in boot order, until its first FFA_MSG_WAIT; on a secondary CPU
 * only MP partitions' pinned contexts do. A partition that faults or reports
 * FFA_ERROR while initialising is aborted and the next one boots.
 */
#include "internal.h"

#define SPMC_PRIMARY_CPU 0u

struct spmc_ec *spmc_cpu_on(struct spmc *s, uint32_t cpu, struct ffa_value *regs)
{
	if (cpu >= s->cpu_count)
		return NULL;
	s->cpus[cpu].boot_cursor = 0;
	s->cpus[cpu].booted = false;
	return spmc_irq_exit(s, cpu, spmc_boot_next(s, cpu, regs));
}

static bool starts_on(const struct spmc_partition *p, uint32_t cpu)
{
	return cpu == SPMC_PRIMARY_CPU || p->ec_count > 1;
}

struct spmc_ec *spmc_boot_next(struct spmc *s, uint32_t cpu, struct ffa_value *regs)
{
	struct spmc_cpu *c = &s->cpus[cpu];
	struct spmc_ec *nwd = &s->nwd.ecs[cpu];

	while (c->boot_cursor < s->sp_count) {
		struct spmc_partition *p = s->boot_list[c->boot_cursor++];
		struct spmc_ec *ec;
		struct hal_ec_init init;

		if (!starts_on(p, cpu) || p->aborted)
			continue;
		ec = spmc_ec_for_cpu(p, cpu);
		init = (struct hal_ec_init){
			.part_id = p->id,
			.ec_index = ec->index,
			.cpu = cpu,
			.el = p->cfg->el,
			/* Secondary contexts start where the partition asked. */
			.entry = cpu != SPMC_PRIMARY_CPU && p->secondary_ep ? p->secondary_ep
									    : p->cfg->entry,
			.image = p->cfg->image,
			.as = p->as,
			.mem_base = p->cfg->load_addr,
			.mem_size = p->cfg->mem_size,
		};
		ec->hal = hal_ec_init(&init);
		if (!ec->hal) {
			spmc_partition_abort(s, p);
			continue;
		}
		/* A context started again after its CPU was off remembers nothing. */
		ec->state = SPMC_EC_RUNNING;
		ec->rt = SPMC_RT_INIT;
		ec->cpu = cpu;
		ec->req_ec = ec->waiting_on = ec->int_preempted = NULL;
		ec->virq_count = 0;
		ec->me_pending = ec->spmc_sched = false;
		/* Boot registers: FF-A v1.1 boot information, in the register the
		 * manifest names (gp-register-num, x0..x3), on the primary context. */
		*regs = (struct ffa_value){{0}};
		if (p->cfg->boot_info && p->cfg->boot_info_gpr < 4 && cpu == SPMC_PRIMARY_CPU)
			regs->x[p->cfg->boot_info_gpr] = p->cfg->boot_info_addr;
		return ec;
	}
	c->booted = true;
	nwd->state = SPMC_EC_RUNNING;
	nwd->rt = SPMC_RT_NONE;
	/* As the SPMC tells the EL3 dispatcher: initialisation on this CPU is done. */
	*regs = (struct ffa_value){{0}};
	regs->x[0] = FFA_MSG_WAIT_32;
	return nwd;
}

void spmc_partition_abort(struct spmc *s, struct spmc_partition *p)
{
	p->aborted = true;
	spmc_mem_partition_aborted(s, p);
	/* Contexts still in flight on other CPUs (running, or blocked on a
	 * request of their own) keep their runtime model: the chain of requests
	 * they are part of is unwound when it reaches them (spmc_resume). */
	for (uint16_t i = 0; i < p->ec_count; i++)
		p->ecs[i].state = SPMC_EC_ABORTED;
}

struct spmc_ec *spmc_resume(struct spmc *s, uint32_t cpu, struct spmc_ec *to,
			    struct ffa_value *regs, struct ffa_value v)
{
	/* A context of an aborted partition never runs again: whoever it was
	 * working for learns that it aborted (FF-A: ABORTED), and so on up the
	 * chain; an initialising one hands over to the next partition to boot. */
	while (to->part->aborted) {
		uint8_t rt = to->rt;
		struct spmc_ec *req = to->req_ec, *preempted = to->int_preempted;

		to->rt = SPMC_RT_NONE;
		to->req_ec = NULL;
		to->waiting_on = NULL;
		to->int_preempted = NULL;
		to->virq_count = 0;
		to->me_pending = false;
		if (rt == SPMC_RT_INIT)
			return spmc_boot_next(s, cpu, regs);
		if (rt == SPMC_RT_SEC_INT && preempted) {
			/* It died handling an interrupt: whoever it preempted goes on. */
			preempted->spmc_sched = false;
			to = preempted;
			v = preempted->resume;
			continue;
		}
		to = rt == SPMC_RT_DIRECT_REQ && req ? req : &s->nwd.ecs[cpu];
		v = ffa_error(FFA_RET_ABORTED);
	}
	to->state = SPMC_EC_RUNNING;
	to->waiting_on = NULL;
	to->cpu = cpu;
	*regs = v;
	return to;
}

struct spmc_ec *spmc_ec_abort(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			      struct ffa_value *regs)
{
	if (caller->part->is_nwd)
		return NULL; /* the normal world is not ours to abort */
	spmc_partition_abort(s, caller->part);
	return spmc_irq_exit(s, cpu, spmc_resume(s, cpu, caller, regs, ffa_error(FFA_RET_ABORTED)));
}

/* FFA_ERROR from a partition: only meaningful while initialising, where it
 * reports that initialisation failed. */
struct spmc_ec *spmc_abi_error(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			       struct ffa_value *regs)
{
	if (caller->rt != SPMC_RT_INIT)
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	return spmc_ec_abort(s, cpu, caller, regs);
}
