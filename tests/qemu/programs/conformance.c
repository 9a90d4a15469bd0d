/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The conformance cases (tests/conformance/), run by the normal world on the
 * aarch64 SPMC: the same case definitions the simulator's Conformance suite
 * runs. One line per case on the console; QEMU's exit status is 0 when every
 * case passed, 1 otherwise. A failure names the case, the check (file, line,
 * expression) and what was got and wanted. The cases run on CPU 0, then
 * again on CPU 1 once the normal world has turned it on: the SPMC's
 * secondary boot, and partitions' contexts for that CPU.
 */
#include "programs.h"

/* Runs every case on this CPU; returns the failures. */
static uint32_t run_all(const char *where)
{
	const struct sim_env env = nwd_env();
	uint32_t passed = 0, failed = 0;

	nwd_printf("conformance: %u cases, normal world at NS-EL1 on %s, %s\n", conf_case_count,
		   PLAT_NAME, where);
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
	nwd_printf("conformance: %s: %u passed, %u failed\n", where, passed, failed);
	return failed;
}

static volatile uint32_t cpu1_failed;
static volatile uint32_t cpu1_done;

/* CPU 1, turned on by the normal world (PSCI CPU_ON): the SPMC starts its
 * partitions' contexts for that CPU, then the same cases run there. */
static void on_cpu1(unsigned cpu, uint64_t arg)
{
	(void)cpu;
	(void)arg;
	cpu1_failed = run_all("cpu 1 (turned on with PSCI CPU_ON)");
	__asm__ volatile("dsb sy" ::: "memory");
	cpu1_done = 1;
	__asm__ volatile("sev");
}

int nwd_main(void)
{
	uint32_t failed = run_all("cpu 0");
	int32_t rc = nwd_cpu_on(1, on_cpu1, 0);

	if (rc != PSCI_E_SUCCESS) {
		nwd_printf("conformance: CPU_ON of cpu 1 failed: %d\n", rc);
		return 1;
	}
	while (!cpu1_done)
		__asm__ volatile("wfe");
	failed += cpu1_failed;
	nwd_printf("conformance: %u failed in all\n", failed);
	return failed ? 1 : 0;
}
