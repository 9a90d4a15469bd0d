/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A partition execution context as the aarch64 backend keeps it, and the
 * per-CPU state. The first fields are read and written by entry.S at fixed
 * offsets (CTX_* below, checked with static assertions in run.c).
 */
#ifndef A64_CTX_H
#define A64_CTX_H

#define CTX_X 0      /* x0..x30 */
#define CTX_ELR 248
#define CTX_SPSR 256
#define CTX_ESR 264
#define CTX_FAR 272
#define CTX_HPFAR 280
#define PCPU_CUR 0
/* What took a partition out (a64_ctx_run's result). */
#define A64_EXIT_SYNC 0
#define A64_EXIT_IRQ 1
#define A64_EXIT_FIQ 2
#define A64_EXIT_SERROR 3

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include <ffa/value.h>

/* EL1 registers a partition owns; switched between partitions on one CPU. */
struct a64_el1 {
	uint64_t sctlr, vbar, sp_el1, sp_el0, elr, spsr, tpidr_el1, tpidr_el0, tpidrro_el0;
	uint64_t esr, far, cpacr, ttbr0, ttbr1, tcr, mair, contextidr, cntkctl, par;
};

struct hal_as;

struct a64_ctx {
	uint64_t x[31];
	uint64_t elr, spsr;
	uint64_t esr, far, hpfar; /* of the last exit */
	/* ---- C only ---- */
	struct a64_el1 el1;
	struct hal_as *as;
	uint64_t vmpidr;
	uint16_t part_id, ec_index;
	uint32_t last_cpu;        /* where its EL1 state was last loaded */
	bool used;
	/* It left through an FF-A call (or has not started): the SPMC's answer
	 * goes into x0..x17 when it runs next. Otherwise an interrupt took it
	 * between two instructions and its registers are its own. */
	bool in_call;
};

struct a64_cpu {
	struct a64_ctx *cur;      /* PCPU_CUR: the context running, for entry.S */
	struct a64_ctx *loaded;   /* whose EL1 registers the CPU holds */
	uint32_t id;
	bool nwd_started;         /* the SPMC told EL3 its init on this CPU is done */
};

extern struct a64_cpu a64_cpus[];

/* entry.S */
/* Runs ctx until it traps to EL2; returns what took it out (A64_EXIT_*). */
unsigned a64_ctx_run(struct a64_ctx *ctx);
/* SMC to the EL3 dispatcher with x0..x17 from *v; the answer comes back in *v. */
void a64_smc(struct ffa_value *v);
extern char a64_secondary_entry[];
#endif /* __ASSEMBLER__ */

#endif
