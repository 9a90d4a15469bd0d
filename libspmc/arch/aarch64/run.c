/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The per-CPU run loop: the core says who runs next and with which
 * registers; this file makes it so. A partition context is entered with
 * a64_ctx_run and comes back when it traps (an FF-A call, a fault, an
 * interrupt); the normal world's context is "run" by an SMC to the EL3
 * dispatcher, which returns with the normal world's next FF-A call.
 *
 * Every call into the core holds the one SPMC lock; it is dropped while a
 * partition or the normal world runs.
 */
#include <stddef.h>

#include <ffa/ffa.h>

#include "ctx.h"
#include "measure.h"
#include "platform.h"
#include "sysreg.h"

_Static_assert(offsetof(struct a64_ctx, x) == CTX_X, "ctx layout");
_Static_assert(offsetof(struct a64_ctx, elr) == CTX_ELR, "ctx layout");
_Static_assert(offsetof(struct a64_ctx, spsr) == CTX_SPSR, "ctx layout");
_Static_assert(offsetof(struct a64_ctx, esr) == CTX_ESR, "ctx layout");
_Static_assert(offsetof(struct a64_ctx, far) == CTX_FAR, "ctx layout");
_Static_assert(offsetof(struct a64_ctx, hpfar) == CTX_HPFAR, "ctx layout");
_Static_assert(offsetof(struct a64_cpu, cur) == PCPU_CUR, "cpu layout");

struct a64_cpu a64_cpus[PLAT_MAX_CPUS];

static volatile uint32_t spmc_lock_word;

void a64_lock(void)
{
	uint32_t tmp;

	__asm__ volatile("	sevl\n"
			 "1:	wfe\n"
			 "2:	ldaxr	%w0, [%1]\n"
			 "	cbnz	%w0, 1b\n"
			 "	stxr	%w0, %w2, [%1]\n"
			 "	cbnz	%w0, 2b\n"
			 : "=&r"(tmp)
			 : "r"(&spmc_lock_word), "r"(1u)
			 : "memory");
}

void a64_unlock(void)
{
	__asm__ volatile("stlr wzr, [%0]" ::"r"(&spmc_lock_word) : "memory");
}

static void el1_save(struct a64_el1 *e)
{
	e->sctlr = read_sysreg(sctlr_el1);
	e->vbar = read_sysreg(vbar_el1);
	e->sp_el1 = read_sysreg(sp_el1);
	e->sp_el0 = read_sysreg(sp_el0);
	e->elr = read_sysreg(elr_el1);
	e->spsr = read_sysreg(spsr_el1);
	e->tpidr_el1 = read_sysreg(tpidr_el1);
	e->tpidr_el0 = read_sysreg(tpidr_el0);
	e->tpidrro_el0 = read_sysreg(tpidrro_el0);
	e->esr = read_sysreg(esr_el1);
	e->far = read_sysreg(far_el1);
	e->cpacr = read_sysreg(cpacr_el1);
	e->ttbr0 = read_sysreg(ttbr0_el1);
	e->ttbr1 = read_sysreg(ttbr1_el1);
	e->tcr = read_sysreg(tcr_el1);
	e->mair = read_sysreg(mair_el1);
	e->contextidr = read_sysreg(contextidr_el1);
	e->cntkctl = read_sysreg(cntkctl_el1);
	e->par = read_sysreg(par_el1);
}

static void el1_restore(const struct a64_el1 *e)
{
	write_sysreg(sctlr_el1, e->sctlr);
	write_sysreg(vbar_el1, e->vbar);
	write_sysreg(sp_el1, e->sp_el1);
	write_sysreg(sp_el0, e->sp_el0);
	write_sysreg(elr_el1, e->elr);
	write_sysreg(spsr_el1, e->spsr);
	write_sysreg(tpidr_el1, e->tpidr_el1);
	write_sysreg(tpidr_el0, e->tpidr_el0);
	write_sysreg(tpidrro_el0, e->tpidrro_el0);
	write_sysreg(esr_el1, e->esr);
	write_sysreg(far_el1, e->far);
	write_sysreg(cpacr_el1, e->cpacr);
	write_sysreg(ttbr0_el1, e->ttbr0);
	write_sysreg(ttbr1_el1, e->ttbr1);
	write_sysreg(tcr_el1, e->tcr);
	write_sysreg(mair_el1, e->mair);
	write_sysreg(contextidr_el1, e->contextidr);
	write_sysreg(cntkctl_el1, e->cntkctl);
	write_sysreg(par_el1, e->par);
}

/* Makes c's EL1 state and stage 2 the CPU's. Its EL1 registers are saved
 * each time it leaves (save_ctx), so only a CPU that ran something else since,
 * or a context that ran on another CPU since (a UP partition migrates), needs
 * them written back. */
static void load_ctx(struct a64_cpu *pc, struct a64_ctx *c, bool virq)
{
	if (pc->loaded != c || c->last_cpu != pc->id) {
		el1_restore(&c->el1);
		a64_as_load(c->as);
		write_sysreg(vmpidr_el2, c->vmpidr);
		pc->loaded = c;
		c->last_cpu = pc->id;
	}
	write_sysreg(hcr_el2, HCR_SP_RUN | (virq ? HCR_VI : 0));
	isb();
}

static void fault_report(const struct a64_ctx *c)
{
	a64_puts("SPMC: partition ");
	a64_put_hex(c->part_id);
	a64_puts(" vCPU ");
	a64_put_hex(c->ec_index);
	a64_puts(" faulted: ESR ");
	a64_put_hex(c->esr);
	a64_puts(" ELR ");
	a64_put_hex(c->elr);
	a64_puts(" FAR ");
	a64_put_hex(c->far);
	a64_puts("\n");
}

static void take_regs(const struct a64_ctx *c, struct ffa_value *regs)
{
	for (int i = 0; i < 18; i++)
		regs->x[i] = c->x[i];
}

static struct spmc_ec *measured_call(struct spmc *s, uint32_t cpu, struct spmc_ec *cur,
				     struct ffa_value *regs)
{
	uint32_t fid = (uint32_t)regs->x[0];
	uint64_t t0 = a64_measure_now();
	struct spmc_ec *next = spmc_ffa_call(s, cpu, cur, regs);

	a64_measure_report(fid, t0);
	return next;
}

/* What the context's trap means to the core; returns who runs next. */
static struct spmc_ec *handle_exit(struct spmc *s, uint32_t cpu, struct spmc_ec *cur,
				   struct a64_ctx *c, unsigned kind, struct ffa_value *regs)
{
	take_regs(c, regs);
	if (kind == A64_EXIT_SYNC) {
		uint32_t ec = ESR_EC(c->esr);

		if (ec == ESR_EC_HVC64 || ec == ESR_EC_SMC64) {
			/* A trapped SMC returns to itself; HVC to the next instruction. */
			if (ec == ESR_EC_SMC64)
				c->elr += 4;
			c->in_call = true;
			return measured_call(s, cpu, cur, regs);
		}
		fault_report(c);
		c->in_call = true;
		return spmc_ec_abort(s, cpu, cur, regs);
	}
	if (kind == A64_EXIT_IRQ)
		return spmc_interrupt(s, cpu, cur, regs);
	if (kind == A64_EXIT_FIQ) {
		/* In the secure state, group 0 and non-secure interrupts are FIQs. */
		if (a64_gic_pending() == A64_IRQ_NS)
			return spmc_ns_interrupt(s, cpu, cur, regs);
		return spmc_interrupt(s, cpu, cur, regs);
	}
	fault_report(c);
	c->in_call = true;
	return spmc_ec_abort(s, cpu, cur, regs);
}

void a64_run(struct spmc *s, uint32_t cpu, struct spmc_ec *next, struct ffa_value *regs)
{
	struct a64_cpu *pc = &a64_cpus[cpu];

	for (;;) {
		struct spmc_ec *cur = next;
		struct a64_ctx *c;
		unsigned kind;

		if (!cur) {
			a64_puts("SPMC: no context to run\n");
			a64_unlock();
			for (;;)
				__asm__ volatile("wfi");
		}
		if (spmc_ec_is_nwd(cur)) {
			if (!pc->nwd_started) {
				/* The first time: tell EL3 this CPU's init is done. */
				*regs = (struct ffa_value){{FFA_MSG_WAIT_32}};
				pc->nwd_started = true;
			}
			a64_unlock();
			a64_smc(regs);
			a64_lock();
			next = measured_call(s, cpu, cur, regs);
			continue;
		}
		c = spmc_ec_hal(cur);
		if (c->in_call) {
			for (int i = 0; i < 18; i++)
				c->x[i] = regs->x[i];
			c->in_call = false;
		}
		load_ctx(pc, c, spmc_virq_pending(cur));
		a64_unlock();
		kind = a64_ctx_run(c);
		el1_save(&c->el1);
		a64_lock();
		next = handle_exit(s, cpu, cur, c, kind, regs);
	}
}
