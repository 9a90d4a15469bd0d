/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What a partition (or normal-world program) gets from the simulator. This is
 * all partition code may rely on, so the same code later loads from a shared
 * object in its own namespace unchanged: a conduit taking and returning the 18
 * FF-A registers, its address-space window, boot information.
 */
#ifndef SIM_ENV_H
#define SIM_ENV_H

#include <stdint.h>

#include <ffa/value.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim_env {
	/* The FF-A call: SMC/HVC/SVC, depending on where the caller runs. The
	 * caller's identity is implicit, as on hardware. */
	struct ffa_value (*ffa_call)(struct ffa_value in);
	/* Model `cycles` of the caller's own computation on its CPU. */
	void (*spend)(uint64_t cycles);
	/* Host address of address 0 of this endpoint's address space: the
	 * endpoint's address A is at window + A. Unmapped pages fault. */
	uint8_t *window;
	uint64_t mem_base;  /* the endpoint's own memory: [mem_base, mem_base + mem_size) */
	uint64_t mem_size;
	ffa_id_t id;
	uint16_t ec_index;
	struct ffa_value boot_regs; /* x0..x3 boot information at entry */
	uint64_t entry;     /* the entry point it was started at: the partition's,
			     * or the secondary one it registered */
	void *user;
	/* Installs this context's interrupt handler (its exception vector; NULL
	 * removes it). The simulator calls it on this context, between two of its
	 * instructions (when a call returns, or inside spend), once for each
	 * virtual interrupt the SPMC signals to it, with that interrupt's ID: one
	 * of its devices', or the managed exit's. It runs with interrupts masked
	 * and may make FF-A calls. Without a handler, virtual interrupts stay
	 * queued. */
	void (*set_irq_handler)(void (*fn)(const struct sim_env *env, uint32_t intid));
};

/* Entry point of a partition (and of a normal-world program). Returning from
 * it is, for a partition, an abort. */
typedef void (*sim_entry_fn)(const struct sim_env *env);

/* The symbol a partition image (shared object) exports as its entry point. */
#define SIM_SP_ENTRY_SYMBOL "sim_sp_entry"

/* In a partition's source: names its entry function as the image's entry
 * point when built as an image (-DSIM_SP_IMAGE); nothing otherwise. */
#ifdef SIM_SP_IMAGE
#define SIM_SP_IMAGE_ENTRY(fn)                                                  \
	__attribute__((visibility("default"))) void sim_sp_entry(const struct sim_env *env); \
	void sim_sp_entry(const struct sim_env *env) { fn(env); }
#else
#define SIM_SP_IMAGE_ENTRY(fn)
#endif

static inline void *sim_env_ptr(const struct sim_env *env, uint64_t addr)
{
	return env->window + addr;
}

#ifdef __cplusplus
}
#endif

#endif
