/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The direct-request workload on the aarch64 SPMC under QEMU, for spmc-bench
 * to set beside the simulator's: the normal world times its own round trips
 * with the generic timer (host time, QEMU without -icount) and prints
 * "qemu-bench: <n> round trips in <ns> ns"; boot time is not in the figure.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "bench/qemu_rt.h"

double bench_qemu_round_trips(const char *cmd)
{
	char line[512];
	unsigned long long n = 0, ns = 0;
	FILE *p = popen(cmd, "r");
	int status;

	if (!p) {
		perror("spmc-bench: popen");
		return -1;
	}
	while (fgets(line, sizeof(line), p)) {
		const char *at = strstr(line, "qemu-bench: ");

		if (at && sscanf(at, "qemu-bench: %llu round trips in %llu ns", &n, &ns) == 2)
			continue;
		if (at)
			fprintf(stderr, "spmc-bench: %s", at);
	}
	status = pclose(p);
	if (status != 0 || n == 0 || ns == 0) {
		fprintf(stderr, "spmc-bench: the QEMU run gave no figure (status %d)\n", status);
		return -1;
	}
	return (double)n * 1e9 / (double)ns;
}
