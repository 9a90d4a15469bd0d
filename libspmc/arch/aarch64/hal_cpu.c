/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Execution contexts and images on aarch64: a partition context is a
 * struct a64_ctx from a fixed pool, entered at S-EL1 by a64_ctx_run.
 */
#include <ffa/errors.h>

#include "ctx.h"
#include "hal.h"
#include "loader/image_place.h"
#include "platform.h"
#include "sysreg.h"

/* Contexts for every partition's every vCPU: 16 MP partitions on 8 CPUs. */
#define A64_MAX_CTX 128

static struct a64_ctx ctx_pool[A64_MAX_CTX];
static uint32_t cpu_count = 1;

void a64_set_cpu_count(uint32_t n)
{
	cpu_count = n;
}

uint32_t hal_cpu_count(void)
{
	return cpu_count;
}

const void *hal_image_load(const struct hal_image_load *req, uint64_t *entry, const char **why)
{
	if (spmc_image_place(req->mem, req->mem_size, req->load_addr, req->entry_offset, req->image,
			     req->image_size, entry, why) != 0)
		return NULL;
	/* The image now runs from the partition's memory: no handle to keep. */
	return req->mem;
}

static struct a64_ctx *ctx_slot(uint16_t part_id, uint16_t ec_index)
{
	struct a64_ctx *free_slot = NULL;

	for (uint32_t i = 0; i < A64_MAX_CTX; i++) {
		struct a64_ctx *c = &ctx_pool[i];

		if (c->used && c->part_id == part_id && c->ec_index == ec_index)
			return c; /* started again: after its CPU went off */
		if (!c->used && !free_slot)
			free_slot = c;
	}
	return free_slot;
}

void *hal_ec_init(const struct hal_ec_init *init)
{
	struct a64_ctx *c;

	/* Partitions run at S-EL1 under this SPMC's stage 2; S-EL0 partitions
	 * would need the EL2&0 regime (VHE), which this backend does not set up. */
	if (init->el != 2) {
		a64_puts("SPMC: S-EL0 partitions are not supported by the aarch64 backend\n");
		return NULL;
	}
	c = ctx_slot(init->part_id, init->ec_index);
	if (!c)
		return NULL;
	*c = (struct a64_ctx){
		.elr = init->entry,
		.spsr = SPSR_EL1H_MASKED,
		.as = init->as,
		/* The partition reads its vCPU index from MPIDR_EL1 (Aff0). */
		.vmpidr = (1ull << 31) | init->ec_index,
		.part_id = init->part_id,
		.ec_index = init->ec_index,
		.last_cpu = UINT32_MAX, /* nothing loaded yet */
		.used = true,
		.in_call = true,
	};
	/* SCTLR_EL1 RES1 bits, stage 1 off. */
	c->el1.sctlr = 0x30d00800ull;
	return c;
}

void hal_work(enum hal_work kind, uint64_t count)
{
	(void)kind;
	(void)count;
}
