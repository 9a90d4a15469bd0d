/* SPDX-License-Identifier: BSD-3-Clause */
/* spmc-sim's scenarios beyond its main workload. */
#ifndef TOOLS_RUN_RUN_H
#define TOOLS_RUN_RUN_H

#include <stdbool.h>
#include <stdint.h>

/* Interrupts, told as a trace: a secure device interrupt handled by the
 * trusted-OS SP while the normal world idles, then a yielding call preempted
 * by the normal world's timer and finished on another CPU. Prints up to
 * `show` trace events; returns false (with a message) if anything went wrong. */
bool run_interrupt_scenario(const char *profile, unsigned show);

/* Per SPMC placement (S-EL2, S-EL1, EL3): the virtual cycles of a
 * direct-request round trip and of a secure interrupt delivered to a waiting
 * SP, printed as a table. Returns false if a measurement failed. */
bool run_placement_comparison(const char *profile);

/* The two figures for one placement (enum sim_placement), 0 on failure. */
struct placement_costs {
	uint64_t round_trip;     /* NWd -> SP -> NWd direct request */
	uint64_t irq_to_sp;      /* interrupt taken in the NWd -> the SP runs its handler */
	uint64_t irq_round_trip; /* ... -> the SP waits again -> the NWd continues */
};
bool measure_placement(const char *profile, int placement, struct placement_costs *out);

#endif
