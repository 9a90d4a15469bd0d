/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The direct-request workload of make bench, on QEMU: the normal world sends
 * BENCH_ROUND_TRIPS direct requests to the echo SP and times them with the
 * generic timer (QEMU without -icount: host time). Prints
 *   "qemu-bench: <n> round trips in <ns> ns"
 * for spmc-bench to set beside the simulator's figure.
 */
#include <ffa/ffa.h>

#include "programs.h"

#ifndef BENCH_ROUND_TRIPS
#define BENCH_ROUND_TRIPS 20000u
#endif

static const uint32_t echo_uuid[4] = ECHO_SP_UUID;

static uint64_t counter(void)
{
	uint64_t v;

	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

int nwd_main(void)
{
	const struct sim_env env = nwd_env();
	struct ffa_value r;
	uint64_t freq, t0, t1;
	ffa_id_t echo;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	ffa_version(nwd_smc, FFA_VERSION_1_2);
	if (nwd_find_partition(&env, echo_uuid, &echo))
		return 1;
	for (uint32_t i = 0; i < 100; i++) /* warm the translation cache */
		ffa_direct_req(nwd_smc, 0, echo, i, 0, 0, 0, 0);
	t0 = counter();
	for (uint32_t i = 0; i < BENCH_ROUND_TRIPS; i++) {
		r = ffa_direct_req(nwd_smc, 0, echo, i, 1, 2, 3, 4);
		if (r.x[3] != i) {
			nwd_printf("qemu-bench: round trip %u came back wrong\n", i);
			return 1;
		}
	}
	t1 = counter();
	nwd_printf("qemu-bench: %u round trips in %llu ns\n", BENCH_ROUND_TRIPS,
		   (unsigned long long)((t1 - t0) * 1000000000ull / freq));
	return 0;
}
