/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Instruction counts of the core's handlers, for the simulator's cost model.
 * In a measurement build (A64_MEASURE), PMU event counter 0 counts the
 * instructions retired at EL2 (under QEMU -icount, exact), and every call
 * into the core is bracketed: the console gets one line per call,
 *   "spmc-insns <function ID> <instructions>"
 * which tools/qemu/measure-costs.sh turns into the cost profile's table.
 * Other builds compile the brackets away.
 */
#ifndef A64_MEASURE_H
#define A64_MEASURE_H

#include <stdint.h>

#ifdef A64_MEASURE
void a64_measure_cpu_init(void);
uint64_t a64_measure_now(void);
void a64_measure_report(uint32_t fid, uint64_t start);
#else
static inline void a64_measure_cpu_init(void) {}
static inline uint64_t a64_measure_now(void) { return 0; }
static inline void a64_measure_report(uint32_t fid, uint64_t start)
{
	(void)fid;
	(void)start;
}
#endif

#endif
