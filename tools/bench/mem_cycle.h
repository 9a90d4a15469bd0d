/* SPDX-License-Identifier: BSD-3-Clause */
/* spmc-bench's memory section: the share -> retrieve -> relinquish -> reclaim cycle. */
#ifndef TOOLS_BENCH_MEM_CYCLE_H
#define TOOLS_BENCH_MEM_CYCLE_H

/* Boots a simulator of its own, measures the cycle for every size and
 * constituent shape, prints the table and the scaling ratios. 0, or -1 after
 * printing what failed. No other simulator may exist while it runs. */
int bench_mem_cycle(void);

#endif
