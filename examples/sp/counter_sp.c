/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Counter SP: answers each direct request with how many it has served, kept
 * in an ordinary global variable. Two partitions built from this one source
 * must count separately: each image has its own globals, as on hardware.
 * It also reports the FF-A boot information it was given in x0 (if any): the
 * blob's signature and the first word of the manifest it carries.
 */
#include <ffa/ffa.h>

#include "example_sps.h"

static uint64_t served;
static uint32_t boot_signature, manifest_magic;

static void read_boot_info(const struct sim_env *env)
{
	const struct ffa_boot_info_header *h;
	const struct ffa_boot_info_desc *d;
	uint64_t addr = env->boot_regs.x[0];

	if (!addr || addr < env->mem_base || addr - env->mem_base >= env->mem_size)
		return;
	h = sim_env_ptr(env, addr);
	boot_signature = h->signature;
	if (h->signature != FFA_BOOT_INFO_SIGNATURE || h->desc_count < 1)
		return;
	d = sim_env_ptr(env, addr + h->desc_offset);
	if (d->type == FFA_BOOT_INFO_TYPE_STD_FDT)
		manifest_magic = *(const uint32_t *)sim_env_ptr(env, d->content);
}

void counter_sp_main(const struct sim_env *env)
{
	struct ffa_value r;

	read_boot_info(env);
	r = ffa_msg_wait(env->ffa_call);

	for (;;) {
		if (!ffa_is_direct_req(&r)) {
			r = ffa_msg_wait(env->ffa_call);
			continue;
		}
		served++;
		r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(r.x[1]), served,
				    (uint64_t)(uintptr_t)&served, boot_signature, manifest_magic, 0);
	}
}

SIM_SP_IMAGE_ENTRY(counter_sp_main)
