/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The partition environment (sim/env.h) on aarch64 hardware: the FF-A
 * conduit is an SMC (trapped by the S-EL2 SPMC), addresses are the
 * partition's own (window 0), computation takes the time it takes. The
 * example partitions' code is the same as the simulator runs.
 *
 * Built once per partition with SP_MAIN naming its entry function and
 * SP_MEM_BASE / SP_MEM_SIZE its memory (the manifest's load-address, and
 * what the loader gives it at least).
 */
#include <ffa/ffa.h>

#include "env.h"
#include "example_sps.h"

void sp_a64_smc_inplace(struct ffa_value *v); /* crt0.S */
void sp_a64_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t vcpu);
void _start(void);

static struct ffa_value sp_a64_smc(struct ffa_value in)
{
	sp_a64_smc_inplace(&in);
	return in;
}

static void spend(uint64_t cycles)
{
	/* Roughly a cycle per iteration: partition work, not time keeping. */
	for (uint64_t i = 0; i < cycles; i++)
		__asm__ volatile("" ::: "memory");
}

/* Virtual interrupts are not signalled to partitions on this backend yet;
 * a handler is accepted and never called. */
static void set_irq_handler(void (*fn)(const struct sim_env *env, uint32_t intid))
{
	(void)fn;
}

void sp_a64_main(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t vcpu)
{
	struct sim_env env = {
		.ffa_call = sp_a64_smc,
		.spend = spend,
		.window = 0,
		.mem_base = SP_MEM_BASE,
		.mem_size = SP_MEM_SIZE,
		.ec_index = (uint16_t)vcpu,
		.boot_regs = {{x0, x1, x2, x3}},
		.entry = (uint64_t)(uintptr_t)_start,
		.set_irq_handler = set_irq_handler,
	};
	struct ffa_value id = ffa_id_get(sp_a64_smc);

	env.id = (ffa_id_t)id.x[2];
	SP_MAIN(&env);
}
