/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Counter SP: answers each direct request with how many it has served, kept
 * in an ordinary global variable. Two partitions built from this one source
 * must count separately: each image has its own globals, as on hardware.
 */
#include <ffa/ffa.h>

#include "example_sps.h"

static uint64_t served;

void counter_sp_main(const struct sim_env *env)
{
	struct ffa_value r = ffa_msg_wait(env->ffa_call);

	for (;;) {
		if (!ffa_is_direct_req(&r)) {
			r = ffa_msg_wait(env->ffa_call);
			continue;
		}
		served++;
		r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(r.x[1]), served,
				    (uint64_t)(uintptr_t)&served, 0, 0, 0);
	}
}

SIM_SP_IMAGE_ENTRY(counter_sp_main)
