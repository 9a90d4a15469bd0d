/* SPDX-License-Identifier: BSD-3-Clause */
/* What the normal-world programs on the QEMU platform share. */
#ifndef TESTS_QEMU_PROGRAMS_H
#define TESTS_QEMU_PROGRAMS_H

#include "conf.h"
#include "nwd.h"

/* The normal world as the shared cases see it: an SMC conduit, physical
 * addresses (MMU off: window 0), and the scratch area for its buffers. */
static inline struct sim_env nwd_env(void)
{
	return (struct sim_env){
		.ffa_call = nwd_smc,
		.window = NULL,
		.mem_base = PLAT_NWD_SCRATCH,
		.mem_size = PLAT_NWD_SCRATCH_SIZE,
		.id = 0,
	};
}

/* The ID of the partition implementing uuid (conf_find_id, which maps the
 * scratch RX/TX buffers for the call): 0, or 1 with the failed check printed. */
static inline int nwd_find_partition(const struct sim_env *env, const uint32_t uuid[4],
				     ffa_id_t *id)
{
	struct conf_ctx c = {.env = env, .case_name = "find partition"};

	if (conf_find_id(&c, uuid, id))
		return 0;
	nwd_printf("%s: %s:%d: %s: got 0x%llx, want 0x%llx\n", c.case_name, c.fail_file,
		   c.fail_line, c.fail_expr, (unsigned long long)c.fail_got,
		   (unsigned long long)c.fail_want);
	return 1;
}

#endif
