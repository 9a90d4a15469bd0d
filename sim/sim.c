/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulator's execution model: host threads hand one baton between them,
 * so exactly one simulated CPU runs at a time. After every FF-A call the
 * scheduler resumes the CPU with the lowest virtual cycle count (ties by CPU
 * index). Every call is charged on the caller's CPU: the trap path of the
 * chosen SPMC placement, the handler's work, and the return path.
 */
#include "sim_internal.h"

#include "profiles/handler_cost.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

struct sim *sim_current;
static __thread struct sim_thread *self;

void sim_set_self(struct sim_thread *t)
{
	self = t;
}

enum { JB_RUN = 0, JB_FAULT, JB_EXIT, JB_SHUTDOWN };

static void fatal(const char *msg)
{
	fprintf(stderr, "sim: %s\n", msg);
	abort();
}

void sim_pin(struct sim *s)
{
	cpu_set_t set;

	if (s->cfg.no_pinning || s->host_cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(s->host_cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* ---- the cycle model ---- */

uint64_t sim_entry_cost(const struct sim *s, bool from_nwd)
{
	const struct sim_cost_profile *p = s->prof;

	if (s->cfg.placement == SIM_SPMC_EL3)
		return from_nwd ? p->smc_entry_el3 + p->el3_ctx_save : p->smc_entry_el3;
	if (from_nwd) /* SMC to EL3, world switch through the SPMD, ERET to the SPMC */
		return (uint64_t)p->smc_entry_el3 + p->el3_ctx_save + p->spmd_dispatch +
		       p->el3_ctx_restore + p->eret_to_sel2;
	return s->cfg.placement == SIM_SPMC_SEL1 ? p->svc_trap_sel1 : p->hvc_trap_sel2;
}

uint64_t sim_exit_cost(const struct sim *s, bool to_nwd, bool switch_space)
{
	const struct sim_cost_profile *p = s->prof;

	if (s->cfg.placement == SIM_SPMC_EL3)
		return (uint64_t)p->el3_ctx_restore +
		       (to_nwd ? p->eret_el3_to_nwd : p->eret_sel2_to_sp);
	if (to_nwd) /* the SPMC's SMC back to the SPMD, world switch, ERET to NWd */
		return (uint64_t)p->smc_entry_el3 + p->el3_ctx_save + p->spmd_dispatch +
		       p->el3_ctx_restore + p->eret_el3_to_nwd;
	return (switch_space ? p->stage2_switch : 0u) + (uint64_t)p->eret_sel2_to_sp;
}

static void charge(struct sim *s, uint32_t cpu, uint64_t cycles)
{
	s->cpus[cpu].cycles += cycles;
}

/* ---- trace ---- */

static struct sim_trace_ep ep_of(struct spmc_ec *ec)
{
	struct sim_trace_ep ep = {0, 0, 0};

	if (ec) {
		ep.id = spmc_ec_id(ec);
		ep.ec = spmc_ec_index(ec);
		ep.nwd = spmc_ec_is_nwd(ec);
	}
	return ep;
}

void sim_record(struct sim *s, uint8_t kind, uint32_t cpu, struct spmc_ec *from,
		   const struct ffa_value *in, struct spmc_ec *to, const struct ffa_value *out,
		   uint64_t fault_addr)
{
	struct sim_trace *t = &s->trace;
	struct sim_trace_event *e;

	if (t->count >= t->capacity) {
		t->count++;
		return;
	}
	e = &t->ev[t->count];
	e->seq = t->count++;
	e->cycle = s->cpus[cpu].cycles;
	e->cpu = cpu;
	e->kind = kind;
	e->caller = ep_of(from);
	e->callee = ep_of(to);
	memcpy(e->in, in ? in->x : (const uint64_t[8]){0}, sizeof(e->in));
	memcpy(e->out, out->x, sizeof(e->out));
	/* One argument, two meanings: interrupts have no fault address. */
	if (kind >= SIM_TRACE_IRQ)
		e->taken = fault_addr;
	else
		e->fault_addr = fault_addr;
	e->entry = to && spmc_ec_hal(to) && !((struct sim_thread *)spmc_ec_hal(to))->ran;
	e->resumed = to && to != from && spmc_ec_hal(to) &&
		     ((struct sim_thread *)spmc_ec_hal(to))->irq_stopped;
}

/* ---- scheduling ---- */

static struct sim_thread *pick(struct sim *s)
{
	struct sim_thread *best = NULL;
	uint64_t best_cycles = 0;

	for (uint32_t c = 0; c < s->ncpu; c++) {
		struct sim_thread *t = s->cpus[c].cur;

		if (t && (!best || s->cpus[c].cycles < best_cycles)) {
			best = t;
			best_cycles = s->cpus[c].cycles;
		}
	}
	return best ? best : s->parked;
}

/* Gives context `ec` the CPU with registers `regs`. */
void sim_place(struct sim *s, uint32_t cpu, struct spmc_ec *ec, const struct ffa_value *regs)
{
	struct sim_thread *t = ec ? spmc_ec_hal(ec) : NULL;

	s->cpus[cpu].cur = t; /* a NWd context without a program: the CPU idles */
	if (t) {
		t->ec = ec;
		t->cpu = cpu;
		t->in = *regs;
	}
}

/* Hands the baton to whichever CPU runs next; returns when `me` runs again
 * (or at once, if `me` is dying). */
void sim_reschedule(struct sim *s, struct sim_thread *me)
{
	struct sim_thread *next = pick(s);

	if (next == me)
		return;
	if (!next)
		fatal("no simulated CPU can run: every context is waiting (deadlock)");
	sem_post(&next->sem);
	if (me->dead)
		return;
	while (sem_wait(&me->sem) != 0 && errno == EINTR)
		;
	if (s->shutdown && me->has_thread)
		siglongjmp(me->jb, JB_SHUTDOWN);
}

/* ---- the conduit ---- */

struct ffa_value sim_conduit(struct ffa_value in)
{
	struct sim_thread *me = self;
	struct sim *s = me ? me->sim : NULL;
	struct spmc_ec *next, *caller;
	struct ffa_value regs = in;
	uint32_t cpu, fid = (uint32_t)in.x[0];
	const struct sim_measured_call *measured;
	bool from_nwd;

	if (!s || !me->ec)
		fatal("FF-A call from a thread the simulator does not run");
	if (me->is_nwd && sim_is_psci(fid))
		return sim_psci(s, me, in); /* EL3's own service, not FF-A */
	cpu = me->cpu;
	caller = me->ec;
	from_nwd = me->is_nwd;
	s->calls[FFA_IS_SMC64(fid)][fid & 0xff]++;

	/* Only FF-A function IDs index the table (others share their low byte). */
	measured = (fid & 0xbfffff00u) == 0x84000000u ? s->measured[FFA_IS_SMC64(fid)][fid & 0xff]
						     : NULL;
	charge(s, cpu, sim_entry_cost(s, from_nwd) +
			       (measured ? sim_measured_cycles(s->prof, measured, 1)
					 : s->prof->spmc_handler_base));
	s->cur_cpu = cpu;
	s->call_measured = measured != NULL;
	s->call_pages = 0;
	me->in_core = true;
	next = spmc_ffa_call(s->core, cpu, caller, &regs);
	me->in_core = false;
	/* A measured call's pages beyond the first it was charged for. */
	if (measured && s->call_pages > 1)
		charge(s, cpu, sim_measured_cycles(s->prof, measured, s->call_pages) -
				       sim_measured_cycles(s->prof, measured, 1));
	s->call_measured = false;
	if (!next)
		fatal("the SPMC core returned no context to run");
	charge(s, cpu, sim_exit_cost(s, spmc_ec_is_nwd(next),
				 !spmc_ec_is_nwd(next) && spmc_ec_id(next) != spmc_ec_id(caller)));
	sim_record(s, SIM_TRACE_CALL, cpu, caller, &in, next, &regs, 0);

	sim_place(s, cpu, next, &regs);
	sim_reschedule(s, me);
	/* Back in the caller's code: interrupts that came due are taken first
	 * (a handler may make calls of its own, so keep this call's result). */
	regs = me->in;
	sim_irq_take(s, me);
	return regs;
}

/* Modeled compute is a scheduling point, like a call: once it takes this
 * CPU's clock past another runnable CPU's, that CPU runs first. Otherwise a
 * CPU could compute ahead and have its next call handled before calls other
 * CPUs make at earlier virtual times. */
void sim_spend(uint64_t cycles)
{
	struct sim_thread *me = self;
	struct sim *s = me ? me->sim : NULL;

	if (!s)
		return;
	/* Split at the next device event, so an interrupt is taken on the
	 * cycle it fires, between two instructions of this computation. */
	do {
		uint64_t now = s->cpus[me->cpu].cycles, ev = sim_irq_next_event(s);
		uint64_t step = ev <= now ? 0 : ev - now < cycles ? ev - now : cycles;

		charge(s, me->cpu, step);
		cycles -= step;
		sim_irq_take(s, me);
		if (s->cpus[me->cpu].cur == me)
			sim_reschedule(s, me);
	} while (cycles);
}

/* A partition context faulted, or its entry function returned: the core
 * aborts it and the CPU goes to whoever the core picks. */
static void abort_context(struct sim *s, struct sim_thread *t)
{
	struct ffa_value regs = {{0}};
	uint32_t cpu = t->cpu;
	struct spmc_ec *next;

	s->faults++;
	t->dead = true;
	s->cur_cpu = cpu;
	next = spmc_ec_abort(s->core, cpu, t->ec, &regs);
	if (!next)
		fatal("the SPMC core returned no context after an abort");
	charge(s, cpu, s->prof->spmc_handler_base + sim_exit_cost(s, spmc_ec_is_nwd(next), true));
	sim_record(s, SIM_TRACE_ABORT, cpu, t->ec, NULL, next, &regs, t->fault_addr);
	sim_place(s, cpu, next, &regs);
	sim_reschedule(s, t);
}

/* Ends the calling program thread as if its entry function had returned. */
void sim_thread_exit(struct sim_thread *t)
{
	siglongjmp(t->jb, JB_EXIT);
}

/* A normal-world program on a secondary CPU finished: that CPU idles. */
static void nwd_program_done(struct sim *s, struct sim_thread *t)
{
	t->dead = true;
	spmc_ec_set_hal(t->ec, NULL);
	s->cpus[t->cpu].cur = NULL;
	sim_reschedule(s, t);
}

static void *thread_main(void *arg)
{
	struct sim_thread *t = arg;
	struct sim *s = t->sim;
	int why;

	self = t;
	sim_pin(s);
	while (sem_wait(&t->sem) != 0 && errno == EINTR)
		;
	if (s->shutdown)
		return NULL;
	t->ran = true;
	why = sigsetjmp(t->jb, 1);
	if (why == JB_RUN) {
		t->env.boot_regs = t->in;
		t->entry(&t->env);
		t->fault_addr = 0;
		why = JB_EXIT;
	}
	if (why == JB_SHUTDOWN || s->shutdown)
		return NULL;
	if (t->is_nwd)
		nwd_program_done(s, t);
	else
		abort_context(s, t);
	return NULL;
}

/* A host memory fault on a partition's thread is a data abort from that
 * partition: report it to the core instead of crashing the process. */
void sim_on_fault(int sig, siginfo_t *si, void *uc)
{
	struct sim_thread *t = self;
	struct sim *s = sim_current;

	(void)uc;
	/* First touch of a mapped page: not a fault at all. */
	if (s && sig == SIGSEGV && sim_mem_fault_in(s, si->si_addr))
		return;
	if (!s || !t || t->is_nwd || t->in_core || !t->has_thread) {
		/* Not a partition's fault: give it back to whoever handled it before
		 * sim_start() (the default action, or a sanitizer's reporter), and
		 * let the access fault again into that handler. */
		if (s)
			sigaction(sig, sig == SIGBUS ? &s->old_bus : &s->old_segv, NULL);
		else
			signal(sig, SIG_DFL);
		return;
	}
	t->fault_addr = (uint64_t)(uintptr_t)si->si_addr;
	if (t->env.window && (uint8_t *)si->si_addr >= t->env.window &&
	    (uint8_t *)si->si_addr < t->env.window + SIM_WINDOW_SIZE)
		t->fault_addr = (uint64_t)((uint8_t *)si->si_addr - t->env.window);
	siglongjmp(t->jb, JB_FAULT);
}

/* ---- threads ---- */

static bool add_thread(struct sim *s, struct sim_thread *t)
{
	pthread_attr_t attr;
	bool ok;

	if (s->nthreads == s->threads_cap) {
		size_t cap = s->threads_cap ? 2 * s->threads_cap : 16;
		struct sim_thread **v = realloc(s->threads, cap * sizeof(*v));

		if (!v)
			return false;
		s->threads = v;
		s->threads_cap = cap;
	}
	sem_init(&t->sem, 0, 0);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 1 << 20);
	ok = pthread_create(&t->th, &attr, thread_main, t) == 0;
	pthread_attr_destroy(&attr);
	if (!ok) {
		sem_destroy(&t->sem);
		return false;
	}
	t->has_thread = true;
	s->threads[s->nthreads++] = t;
	return true;
}

/* A partition installs its interrupt handler (env.set_irq_handler). */
static void set_irq_handler(void (*fn)(const struct sim_env *env, uint32_t intid))
{
	if (self && !self->is_nwd)
		self->irq_fn = fn;
}

struct sim_thread *sim_thread_new(struct sim *s, const struct hal_ec_init *init)
{
	const struct sim_code *code = init->image;
	struct sim_thread *t;

	if (!code || !code->entry)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->sim = s;
	t->cpu = init->cpu;
	t->entry = code->entry;
	t->env = (struct sim_env){
		.ffa_call = sim_conduit,
		.spend = sim_spend,
		.window = init->as ? init->as->window : NULL,
		.mem_base = init->mem_base,
		.mem_size = init->mem_size,
		.id = init->part_id,
		.ec_index = init->ec_index,
		.user = code->user,
		.set_irq_handler = set_irq_handler,
		.entry = init->entry,
	};
	if (!add_thread(s, t)) {
		free(t);
		return NULL;
	}
	return t;
}

struct sim_thread *sim_nwd_thread(struct sim *s, uint32_t cpu, sim_entry_fn fn, void *user)
{
	struct sim_thread *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->sim = s;
	t->is_nwd = true;
	t->cpu = cpu;
	t->entry = fn;
	t->env = s->nwd0.env;
	t->env.ec_index = (uint16_t)cpu;
	t->env.user = user;
	if (!add_thread(s, t)) {
		free(t);
		return NULL;
	}
	spmc_ec_set_hal(spmc_nwd_ec(s->core, cpu), t);
	return t;
}

int sim_run_nwd(struct sim *s, uint32_t cpu, sim_entry_fn fn, void *user)
{
	struct spmc_ec *ec;

	/* CPU 0 is the caller's; a busy CPU has its program; an off one none. */
	if (!s->started || cpu == 0 || cpu >= s->ncpu || !fn || s->cpus[cpu].cur ||
	    s->cpus[cpu].off)
		return -1;
	ec = spmc_nwd_ec(s->core, cpu);
	if (!sim_nwd_thread(s, cpu, fn, user))
		return -1;
	/* An idle CPU's clock has kept up with the CPU that starts it. */
	if (s->cpus[cpu].cycles < s->cpus[0].cycles)
		s->cpus[cpu].cycles = s->cpus[0].cycles;
	sim_place(s, cpu, ec, &(struct ffa_value){{0}});
	return 0;
}

void sim_wait_idle(struct sim *s)
{
	s->cpus[0].cur = NULL;
	s->parked = &s->nwd0;
	sim_reschedule(s, &s->nwd0); /* returns once no other CPU has work */
	s->parked = NULL;
	s->cpus[0].cur = &s->nwd0;
}

/* A partition's code: a function of this process, or a loaded image. */
struct sim_code *sim_code_new(struct sim *s, sim_entry_fn entry, struct sim_image *img, void *user)
{
	struct sim_code *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->entry = img ? sim_image_entry(img) : entry;
	c->img = img;
	c->user = user;
	c->next = s->codes;
	s->codes = c;
	return c;
}
