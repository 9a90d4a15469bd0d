/* SPDX-License-Identifier: BSD-3-Clause */
/* An SP whose code faults during initialisation: it touches the page just past
 * its own memory, which is never mapped, so the SPMC sees a data abort. */
#include <ffa/ffa.h>

#include "example_sps.h"

void faulty_sp_main(const struct sim_env *env)
{
	/* One page past the end of its memory: never mapped, so this is a data abort. */
	volatile uint8_t *p = sim_env_ptr(env, env->mem_base + env->mem_size);

	ffa_console_log(env->ffa_call, "faulty: about to touch unmapped memory\n");
	*p = 1;
	ffa_msg_wait(env->ffa_call); /* never reached */
}

SIM_SP_IMAGE_ENTRY(faulty_sp_main)
