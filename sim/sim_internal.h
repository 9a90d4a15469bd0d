/* SPDX-License-Identifier: BSD-3-Clause */
/* The simulator's own state; shared by sim.c, sim_mem.c and sim_hal.c. */
#ifndef SIM_INTERNAL_H
#define SIM_INTERNAL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>

#include <hal.h>
#include <spmc.h>
#include <mem/mem_store.h>

#include "gic.h"
#include "image.h"
#include "profiles/profiles.h"
#include "sim.h"
#include "sim_pt.h"

/* One host thread: a partition execution context, or the normal world on a CPU. */
struct sim_thread {
	struct sim *sim;
	pthread_t th;
	bool has_thread;   /* false for the thread that called sim_start() */
	sem_t sem;         /* posted to hand this thread the simulated CPU */
	struct spmc_ec *ec;
	bool is_nwd;
	bool dead;
	bool ran;          /* has started running its entry point */
	bool in_core;      /* a fault now is the SPMC's, not the partition's */
	bool irq_stopped;  /* waiting where an interrupt took its CPU away */
	uint32_t cpu;      /* simulated CPU it runs (or last ran) on */
	struct ffa_value in; /* registers delivered to it */
	sim_entry_fn entry;
	struct sim_env env;
	sigjmp_buf jb;
	uint64_t fault_addr;
	/* The partition's interrupt handler (its vector), NULL = none. */
	void (*irq_fn)(const struct sim_env *env, uint32_t intid);
};

struct sim_cpu {
	uint64_t cycles;
	struct sim_thread *cur; /* thread holding this CPU; NULL = idle */
	bool off;               /* powered down (PSCI CPU_OFF) */
};

/* An address space: its page table, which says what is mapped where, and a
 * reserved host window that shows those pages once they are touched. */
struct hal_as {
	uint8_t *window;
	uint64_t size;
	uint16_t part_id;
	struct sim_pt pt;
	/* Partition address spaces are created by the core, which never destroys
	 * them: the simulator keeps them listed to free them in sim_destroy(). */
	struct hal_as *prev, *next;
};

#define SIM_WINDOW_SIZE (1ull << 32)

struct sim_measured_call;

struct sim {
	struct sim_config cfg;
	const struct sim_cost_profile *prof;
	struct spmc *core;
	void *arena;
	struct spmc_partition_cfg *pcfg;
	struct sim_code *codes; /* every partition's code, in-process or loaded */
	uint32_t ncpu;
	struct sim_cpu *cpus;
	uint32_t cur_cpu;      /* CPU whose handler is running (for hal_work) */
	/* Each FF-A function's measured handler cost (handler_cost.h), indexed
	 * as calls[] is; NULL: the profile's estimate. */
	const struct sim_measured_call *measured[2][256];
	/* The call being handled has a measured cost: its per-item work is in
	 * it, so hal_work charges nothing more. */
	bool call_measured;
	uint64_t call_pages;   /* partition pages it mapped or unmapped */

	struct sim_thread nwd0; /* the thread that called sim_start(): NWd on CPU 0 */
	struct sim_thread *parked; /* runs when no CPU has work (secondary boot) */
	struct sim_thread **threads;
	size_t nthreads, threads_cap;

	int memfd;
	uint8_t *phys;          /* the SPMC's view of all simulated DRAM */
	uint64_t sec_size, ns_size;
	struct spmc_mem_region_cfg ns_mem; /* all of NS DRAM, the normal world's */
	struct hal_as *nwd_as;
	uint8_t *nwd_access;    /* the normal world's access per NS DRAM page
				 * (sim_nwd_access.c); NULL until first changed */
	struct hal_as *spaces;  /* every hal_as_create()d address space still alive */

	char *log;              /* load diagnostics, one per line */
	size_t log_len, log_cap;
	void *load_arena;       /* the loaded configuration: outlives the core */
	uint32_t loaded, load_failed;

	/* Interrupts (sim_irq.c). */
	struct gic *gic;
	struct sim_irq_event *events; /* device interrupts to raise, by time */
	size_t nevents, events_cap;
	uint64_t event_seq;           /* orders events scheduled for one cycle */
	sim_irq_fn nwd_irq_fn, el3_irq_fn;
	void *nwd_irq_user, *el3_irq_user;
	uint64_t irqs_taken;

	struct sim_trace trace;
	uint64_t calls[2][256]; /* [SMC64][function number] */
	uint64_t faults;
	FILE *console;

	bool started, shutdown;
	int host_cpu;
	cpu_set_t saved_affinity;
	bool affinity_saved;
	struct sigaction old_segv, old_bus;
};

extern struct sim *sim_current;

/* One device interrupt to raise at a virtual time. */
struct sim_irq_event {
	uint64_t at;
	uint64_t seq;   /* ties: in the order they were scheduled */
	uint32_t intid;
	uint32_t cpu;   /* bank, for SGIs/PPIs */
};

/* Ends program thread t (the caller) as if its entry function had returned. */
void sim_thread_exit(struct sim_thread *t) __attribute__((noreturn));

/* sim_psci.c: the EL3 dispatcher's PSCI service for the normal world. */
bool sim_is_psci(uint32_t fid);
struct ffa_value sim_psci(struct sim *s, struct sim_thread *me, struct ffa_value in);
/* A normal-world program thread for cpu (not yet placed); NULL on failure. */
struct sim_thread *sim_nwd_thread(struct sim *s, uint32_t cpu, sim_entry_fn fn, void *user);

/* sim_irq.c */
/* Takes every interrupt due on me's CPU now: the point between two of its
 * instructions. May switch contexts (me then waits until resumed). */
void sim_irq_take(struct sim *s, struct sim_thread *me);
/* Virtual time of the next device event (UINT64_MAX if none). */
uint64_t sim_irq_next_event(const struct sim *s);
uint64_t sim_entry_cost(const struct sim *s, bool from_nwd);
uint64_t sim_exit_cost(const struct sim *s, bool to_nwd, bool switch_space);

/* sim_mem.c */
int sim_mem_init(struct sim *s, char *err, size_t errlen);
void sim_mem_fini(struct sim *s);
/* A host fault at addr: if it hit a page an address space maps but its window
 * does not show yet, shows it (and its run) and returns true so the access
 * can be retried. Async-signal-safe. */
bool sim_mem_fault_in(struct sim *s, const void *addr);

/* The code a partition runs: what the core's image handle points to. */
struct sim_code {
	sim_entry_fn entry;
	void *user;
	struct sim_image *img; /* NULL for a function of this process */
	struct sim_code *next;
};

/* Appends one line to the load log (and echoes it to stderr unless quiet). */
void sim_log(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* sim.c: execution */
struct sim_thread *sim_thread_new(struct sim *s, const struct hal_ec_init *init);
void sim_set_self(struct sim_thread *t);
void sim_pin(struct sim *s);
struct ffa_value sim_conduit(struct ffa_value in);
void sim_spend(uint64_t cycles);
void sim_on_fault(int sig, siginfo_t *si, void *uc);
/* fault_addr: the fault address of an abort, or the cycle an interrupt was taken. */
void sim_record(struct sim *s, uint8_t kind, uint32_t cpu, struct spmc_ec *from,
		const struct ffa_value *in, struct spmc_ec *to, const struct ffa_value *out,
		uint64_t fault_addr);
void sim_place(struct sim *s, uint32_t cpu, struct spmc_ec *ec, const struct ffa_value *regs);
void sim_reschedule(struct sim *s, struct sim_thread *me);
struct sim_code *sim_code_new(struct sim *s, sim_entry_fn entry, struct sim_image *img, void *user);

#endif
