/* SPDX-License-Identifier: BSD-3-Clause */
#include "trace.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <ffa/ffa.h>

size_t sim_trace_kept(const struct sim_trace *t)
{
	return t->count < t->capacity ? t->count : t->capacity;
}

const struct sim_trace_event *sim_trace_at(const struct sim_trace *t, size_t i)
{
	return i < sim_trace_kept(t) ? &t->ev[i] : NULL;
}

struct out {
	char *buf;
	size_t len, pos;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->pos >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

/* A context's first run: it starts at its entry point with boot registers
 * (x0..x3 boot information, if any). */
static void put_entry(struct out *o, const uint64_t *x)
{
	put(o, "entry");
	if (x[0] | x[1] | x[2] | x[3])
		put(o, "(x0=0x%" PRIx64 " x1=0x%" PRIx64 " x2=0x%" PRIx64 " x3=0x%" PRIx64 ")", x[0],
		    x[1], x[2], x[3]);
}

static void put_regs(struct out *o, const uint64_t *x);

/* What the callee gets: its entry, or the result registers. */
static void put_result(struct out *o, const struct sim_trace_event *e)
{
	if (e->entry)
		put_entry(o, e->out);
	else
		put_regs(o, e->out);
}

static void put_ep(struct out *o, const struct sim_trace_ep *ep)
{
	if (ep->nwd)
		put(o, "NWd/%u", ep->ec);
	else
		put(o, "SP%04x/%u", ep->id, ep->ec);
}

/* Decodes x0..x7 the way the ABI defines them where that reads better than hex. */
/* PSCI calls the normal world makes to EL3 (sim_psci.c). */
static const char *psci_name(uint32_t fid)
{
	switch (fid) {
	case 0x84000001u: case 0xc4000001u: return "PSCI_CPU_SUSPEND";
	case 0x84000002u: return "PSCI_CPU_OFF";
	case 0x84000003u: case 0xc4000003u: return "PSCI_CPU_ON";
	default: return NULL;
	}
}

static void put_regs(struct out *o, const uint64_t *x)
{
	uint32_t fid = (uint32_t)x[0];
	const char *name = ffa_func_name(fid) ? ffa_func_name(fid) : psci_name(fid);
	int last = 7;

	if ((int32_t)fid < 0 && (int32_t)fid >= -10 && !name) {
		/* FFA_VERSION's failure comes back in w0 itself. */
		put(o, "%s", ffa_error_name((int32_t)fid));
		return;
	}
	if (!name) {
		put(o, "0x%08x", fid);
	} else {
		put(o, "%s", name + 4); /* without "FFA_" */
	}
	if (fid == FFA_ERROR_32 || fid == FFA_ERROR_64) {
		const char *e = ffa_error_name((int32_t)(uint32_t)x[2]);

		put(o, "(%s)", e ? e : "?");
		return;
	}
	if (fid == FFA_VERSION_32 && x[1]) {
		put(o, "(%u.%u)", FFA_VERSION_MAJOR((uint32_t)x[1]), FFA_VERSION_MINOR((uint32_t)x[1]));
		return;
	}
	if (fid == FFA_MSG_SEND_DIRECT_REQ_32 || fid == FFA_MSG_SEND_DIRECT_REQ_64 ||
	    fid == FFA_MSG_SEND_DIRECT_RESP_32 || fid == FFA_MSG_SEND_DIRECT_RESP_64) {
		put(o, "(%04x->%04x", ffa_sender(x[1]), ffa_receiver(x[1]));
		if ((uint32_t)x[2])
			put(o, " flags=0x%x", (uint32_t)x[2]);
		put(o, " [%" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 "])", x[3], x[4],
		    x[5], x[6], x[7]);
		return;
	}
	while (last > 0 && x[last] == 0)
		last--;
	if (last == 0)
		return;
	put(o, "(");
	for (int i = 1; i <= last; i++)
		put(o, "%s0x%" PRIx64, i > 1 ? " " : "", x[i]);
	put(o, ")");
}

char *sim_trace_format(const struct sim_trace_event *e, char *buf, size_t len)
{
	struct out o = {buf, len, 0};

	if (len)
		buf[0] = '\0';
	put(&o, "#%-5" PRIu64 " cpu%u %10" PRIu64 "  ", e->seq, e->cpu, e->cycle);
	switch (e->kind) {
	case SIM_TRACE_BOOT:
		put(&o, "BOOT       -> ");
		put_ep(&o, &e->callee);
		put(&o, "  ");
		put_result(&o, e);
		break;
	case SIM_TRACE_IRQ: {
		static const char *const grp[] = {"G0", "G1S", "G1NS"};

		put(&o, "IRQ %" PRIu64 " (%s) @%" PRIu64 " on ", e->in[0],
		    e->in[1] < 3 ? grp[e->in[1]] : "?", e->taken);
		put_ep(&o, &e->caller);
		put(&o, "  =>  ");
		put_ep(&o, &e->callee);
		if (e->callee.id != e->caller.id || e->callee.ec != e->caller.ec ||
		    e->callee.nwd != e->caller.nwd) {
			put(&o, " ");
			put_result(&o, e);
		} else {
			put(&o, " continues");
		}
		break;
	}
	case SIM_TRACE_VIRQ:
		put(&o, "vIRQ %" PRIu64 " @%" PRIu64 " -> ", e->in[0], e->taken);
		put_ep(&o, &e->callee);
		put(&o, " handler");
		break;
	case SIM_TRACE_NWD_IRQ:
		put(&o, "IRQ %" PRIu64 " (G1NS) @%" PRIu64 " -> ", e->in[0], e->taken);
		put_ep(&o, &e->callee);
		put(&o, " handler");
		break;
	case SIM_TRACE_EL3_IRQ:
		put(&o, "IRQ %" PRIu64 " (G0) @%" PRIu64 " -> EL3%s, then ", e->in[0], e->taken,
		    e->in[1] ? " (FFA_EL3_INTR_HANDLE)" : "");
		put_ep(&o, &e->callee);
		put(&o, " continues");
		break;
	case SIM_TRACE_ABORT:
		put(&o, "ABORT ");
		put_ep(&o, &e->caller);
		put(&o, " (fault at 0x%" PRIx64 ") -> ", e->fault_addr);
		put_ep(&o, &e->callee);
		put(&o, "  ");
		put_regs(&o, e->out);
		break;
	default:
		put_ep(&o, &e->caller);
		put(&o, " ");
		put_regs(&o, e->in);
		put(&o, "  =>  ");
		put_ep(&o, &e->callee);
		if (e->resumed)
			put(&o, e->callee.nwd ? " resumed (NORMAL_WORLD_RESUME)" : " resumed");
		else {
			put(&o, " ");
			put_result(&o, e);
		}
		break;
	}
	return buf;
}

void sim_trace_print(const struct sim_trace *t, FILE *f, size_t first, size_t n)
{
	char line[512];

	for (size_t i = first; i < first + n; i++) {
		const struct sim_trace_event *e = sim_trace_at(t, i);

		if (!e)
			break;
		fprintf(f, "%s\n", sim_trace_format(e, line, sizeof(line)));
	}
}
