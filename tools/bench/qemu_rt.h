/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TOOLS_BENCH_QEMU_RT_H
#define TOOLS_BENCH_QEMU_RT_H

/* Runs `cmd` (a QEMU boot of tests/qemu/programs/bench.c) and returns the
 * direct-request round trips per second its normal world timed, or a
 * negative number when the command failed or printed no figure. */
double bench_qemu_round_trips(const char *cmd);

#endif
