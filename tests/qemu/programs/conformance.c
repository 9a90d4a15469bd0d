/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The conformance cases (tests/conformance/), run by the normal world on the
 * aarch64 SPMC: the same case definitions the simulator's Conformance suite
 * runs. One line per case on the console; QEMU's exit status is 0 when every
 * case passed, 1 otherwise. A failure names the case, the check (file, line,
 * expression) and what was got and wanted.
 */
#include "conf.h"
#include "nwd.h"

int nwd_main(void)
{
	const struct sim_env env = {
		.ffa_call = nwd_smc,
		.window = NULL, /* the normal world's addresses are physical: MMU off */
		.mem_base = PLAT_NWD_SCRATCH,
		.mem_size = PLAT_NWD_SCRATCH_SIZE,
		.id = 0,
	};
	uint32_t passed = 0, failed = 0;

	nwd_printf("conformance: %u cases, normal world at NS-EL1 on %s\n", conf_case_count,
		   PLAT_NAME);
	for (uint32_t i = 0; i < conf_case_count; i++) {
		const struct conf_case *k = &conf_cases[i];
		struct conf_ctx c;

		nwd_printf("[ RUN      ] %s\n", k->name);
		if (conf_run(k, &env, &c)) {
			nwd_printf("[       OK ] %s (%u checks)\n", k->name, c.checks);
			passed++;
			continue;
		}
		nwd_printf("[  FAILED  ] %s: %s:%d: %s: got 0x%llx, want 0x%llx\n", k->name,
			   c.fail_file, c.fail_line, c.fail_expr, (unsigned long long)c.fail_got,
			   (unsigned long long)c.fail_want);
		failed++;
	}
	nwd_printf("conformance: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
