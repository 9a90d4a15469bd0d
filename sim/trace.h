/* SPDX-License-Identifier: BSD-3-Clause */
/* Trace of FF-A calls and world switches, and its decoder to readable text. */
#ifndef SIM_TRACE_H
#define SIM_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ffa/value.h>

#ifdef __cplusplus
extern "C" {
#endif

enum sim_trace_kind {
	SIM_TRACE_CALL = 0, /* an FF-A call and where its result went */
	SIM_TRACE_BOOT,     /* a CPU came up: the core picked the first context */
	SIM_TRACE_ABORT,    /* a partition faulted or its code ended */
	SIM_TRACE_IRQ,      /* a physical interrupt taken (in[0] INTID, in[1] group):
			     * caller was interrupted, callee runs next with out */
	SIM_TRACE_VIRQ,     /* a virtual interrupt signalled to a running
			     * partition's handler (in[0] INTID) */
	SIM_TRACE_NWD_IRQ,  /* the normal world's handler took its interrupt (in[0]) */
	SIM_TRACE_EL3_IRQ,  /* EL3 took a group 0 interrupt (in[0]); in[1] = 1 when
			     * the SPMC handed it over with FFA_EL3_INTR_HANDLE */
};

/* One endpoint context: ID and execution-context index. */
struct sim_trace_ep {
	uint16_t id;
	uint16_t ec;
	uint8_t nwd;
};

struct sim_trace_event {
	uint64_t seq;
	uint64_t cycle;             /* virtual cycle on `cpu` after the switch */
	uint32_t cpu;
	uint8_t kind;               /* enum sim_trace_kind */
	struct sim_trace_ep caller; /* who trapped */
	struct sim_trace_ep callee; /* who runs next, with `out` */
	uint64_t in[8];             /* x0..x7 of the call */
	uint64_t out[8];            /* x0..x7 delivered to callee */
	uint64_t fault_addr;        /* SIM_TRACE_ABORT */
	uint64_t taken;             /* interrupts: the cycle it was taken on `cpu`
				     * (`cycle` is after the switch it caused) */
	uint8_t entry;              /* callee starts at its entry point: out[] are boot registers */
	uint8_t resumed;            /* callee continues where an interrupt stopped it:
				     * out[] is not delivered (for the normal world,
				     * FFA_NORMAL_WORLD_RESUME's path) */
};

struct sim_trace {
	struct sim_trace_event *ev;
	size_t capacity;   /* the first `capacity` events are kept */
	size_t count;      /* events that happened, kept or not */
};

/* Event i (0 = the first), NULL if it was not kept. */
const struct sim_trace_event *sim_trace_at(const struct sim_trace *t, size_t i);
/* Number of events kept. */
size_t sim_trace_kept(const struct sim_trace *t);
/* Formats one event as one line of text (no newline); returns buf. */
char *sim_trace_format(const struct sim_trace_event *e, char *buf, size_t len);
/* Prints events [first, first + n) of what is kept. */
void sim_trace_print(const struct sim_trace *t, FILE *f, size_t first, size_t n);

#ifdef __cplusplus
}
#endif

#endif
