/* SPDX-License-Identifier: BSD-3-Clause */
/* The platform the aarch64 backend is built for (PLAT_HEADER), and the
 * backend's internal interfaces. */
#ifndef A64_PLATFORM_H
#define A64_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include PLAT_HEADER

#include "hal.h"
#include "spmc.h"

struct a64_cpu;

/* entry.S: stops this CPU (after a fatal error) */
void a64_hang(void) __attribute__((noreturn));

/* hal_cpu.c: the CPUs the SPMC manifest gives, once it is read */
void a64_set_cpu_count(uint32_t n);

/* pl011.c */
void a64_puts(const char *s);
void a64_put_hex(uint64_t v);

/* mmu.c: the SPMC's own stage 1 (identity map of the platform) */
int a64_mmu_setup(void);     /* primary, once: builds the tables */
void a64_mmu_enable(void);   /* each CPU */

/* gicv3.c */
void a64_gic_cpu_init(uint32_t cpu);
/* What the GIC signals on this CPU: a secure interrupt, a group 0 one, or a
 * non-secure one. */
enum a64_irq_kind { A64_IRQ_NONE, A64_IRQ_SECURE, A64_IRQ_GROUP0, A64_IRQ_NS };
enum a64_irq_kind a64_gic_pending(void);

/* hal_mem.c */
void a64_as_load(struct hal_as *as); /* program VTTBR/VSTTBR for a partition */
/* The partitions' stage 2 input size (VTCR/VSTCR), set up once per CPU. */
void a64_stage2_cpu_init(void);

/* run.c */
void a64_run(struct spmc *s, uint32_t cpu, struct spmc_ec *next, struct ffa_value *regs)
	__attribute__((noreturn));
void a64_lock(void);
void a64_unlock(void);

#endif
