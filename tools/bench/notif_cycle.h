/* SPDX-License-Identifier: BSD-3-Clause */
/* spmc-bench's notification section: set -> get round trips. */
#ifndef TOOLS_BENCH_NOTIF_CYCLE_H
#define TOOLS_BENCH_NOTIF_CYCLE_H

/* Boots a simulator of its own and measures, per second of host time and in
 * virtual cycles, two round trips: the normal world notifying an SP (SET,
 * FFA_RUN, the SP's notification pending interrupt, its GET), and an SP
 * notifying the normal world (its SET, the schedule receiver interrupt, the
 * normal world's INFO_GET and GET); then FFA_MSG_SEND2 messages from the
 * normal world to the SP. Prints them; 0, or -1 after printing
 * what failed. No other simulator may exist while it runs. */
int bench_notif_cycle(unsigned n);

#endif
