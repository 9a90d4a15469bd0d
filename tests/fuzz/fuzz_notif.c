/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stateful libFuzzer harness for the notification ABIs (DEN0077 v1.1+ chapter
 * 10): BITMAP_CREATE / _DESTROY, BIND / UNBIND, SET, GET and INFO_GET (SMC32
 * and SMC64) through spmc_ffa_call on the HAL fake, against a reference model.
 * The system: 4 CPUs; SP1 0x8001 (MP, 4 contexts) and SP2 0x8002 (UP) receive
 * notifications, SP3 0x8003 (UP) does not; room for NVM = 2 VM bitmaps of up
 * to 4 vCPUs; every CPU booted, the normal world at FF-A 1.2. Every input
 * starts from a copy of that booted system.
 *
 * Input format: a sequence of steps (at most MAX_STEPS) of STEP_BYTES bytes
 * each, bytes past the end reading as 0:
 *     c  [1:0] caller: 0 the normal world, 1..3 SP1..SP3; [3:2] the CPU
 *        (SP1 runs its context of that CPU; a UP SP migrates to it);
 *        [7:4] the call (ops[], weighted towards BIND, SET and GET)
 *     a  endpoint IDs: [3:0] picks the other endpoint from cand[] (the
 *        sender of BIND/UNBIND/SET's receiver...), [6:4] a VM ID for the
 *        normal world's own side; [7] spoof: the caller's own side (BIND,
 *        UNBIND, GET receiver; SET sender) is cand[[3:0] + 5] instead
 *     b  the notification bitmap: bit b[5:0], or with [6] one of IDs 0..3,
 *        with [7] also ID 32 + b[3:2]
 *     d  flags: BIND [0] per-vCPU; SET [0] per-vCPU, [1] delay SRI, vCPU
 *        [3:2] ([6]: [4:2]); GET flags [3:0] (0 = all four), vCPU: the
 *        caller's context or [6:4]; CREATE vCPU count [2:0]; [7] adds a
 *        reserved flag bit 1 << d[4:0]
 *     j  >= 0xe0: flips bit j[4:0] of x[1 + j % 7] after the call is built
 * An SP calls inside a direct request: the normal world on that CPU sends it
 * FFA_MSG_SEND_DIRECT_REQ_64, the SP makes the call, then answers with
 * FFA_MSG_SEND_DIRECT_RESP_64. FUZZ_NOTIF_TRACE=1 prints every step.
 *
 * Invariants (abort() after printing every step of the input so far):
 *  1. The model decides every outcome: each call returns exactly the code
 *     it expects (MBZ registers; a caller speaks only for itself, a spoofed
 *     SET sender is INVALID_PARAMETERS; SET of an ID not bound to that sender
 *     or of the wrong global / per-vCPU kind, DESTROY with anything pending:
 *     DENIED; BITMAP_CREATE / DESTROY / INFO_GET are the normal world's).
 *  2. A call returning FFA_ERROR changes nothing: all notification state
 *     (struct spmc_notif of every SP and of s->vms with their per-vCPU
 *     pending arrays, the SPs' queued vIRQs, the per-CPU sri_pending flags,
 *     mock_hal.sgis_sent) is the same before and after.
 *  3. After every step the core's bound / per-vCPU / sender / pending state
 *     equals the model's (per receiver: bound IDs with their sender and
 *     per-vCPU flag; pending bits per global or vCPU slot and sender kind).
 *  4. No notification lost, none delivered twice: a successful GET returns
 *     (x2..x5) exactly the model's pending bits of the requested kinds for
 *     the receiver's global slot and the requested vCPU, and no framework
 *     bits (x6, x7); those bits are then no longer pending. A bit set
 *     pending thus reaches exactly one GET unless it is still pending.
 *  5. SRI (10.6): a successful SET from an SP sends one SRI at once, or
 *     with the delay flag none during the call but one when the CPU returns
 *     to the normal world; a SET from the normal world sends none.
 *  6. INFO_GET (10.9): fails with NO_DATA iff nothing is owed (pending and
 *     set since it was last listed); every list it returns names an
 *     enabled receiver, and each slot it lists (global: no vCPU IDs) is
 *     owed and pending in the model; without the "more pending" flag every
 *     owed slot was listed. At the end of each input INFO_GET (SMC64) is
 *     repeated until NO_DATA and must list each owed slot at least once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "internal.h"
#include "spmc.h"

#include "../../mocks/hal_mock.h"

#define NCPU 4u
#define NSP 3u
#define NVM 2u
#define NRCV (NSP + NVM) /* model receivers: SPs by index, then VM bitmap slots */
#define NSLOT 5          /* global + up to 4 vCPUs */
#define PG 4096ull
#define MAX_STEPS 64
#define STEP_BYTES 5u
#define MAX_LOG (MAX_STEPS + 40)

static const ffa_id_t sp_id[NSP] = {0x8001, 0x8002, 0x8003};
static const uint16_t sp_ecs[NSP] = {4, 1, 1};
static const bool sp_recv[NSP] = {true, true, false};
static const ffa_id_t cand[16] = {0x8001, 0x8002, 0x8003, 0x0000, 0x0001, 0x0002, 0x0003, 0x8001,
				  0x8002, 0x0001, 0x0002, 0x8003, 0x8000, 0x8009, 0x0004, 0x7fff};

enum op { CREATE, DESTROY, BIND, UNBIND, SET, GET, INFO32, INFO64, NOPS };
static const uint8_t ops[16] = {CREATE, DESTROY, BIND, BIND, BIND, UNBIND, SET, SET,
				SET, SET, GET, GET, GET, GET, INFO32, INFO64};
static const char *const op_name[NOPS] = {"BITMAP_CREATE", "BITMAP_DESTROY", "BIND", "UNBIND",
					  "SET", "GET", "INFO_GET_32", "INFO_GET_64"};
static const uint32_t op_fid[NOPS] = {
	FFA_NOTIFICATION_BITMAP_CREATE_32, FFA_NOTIFICATION_BITMAP_DESTROY_32,
	FFA_NOTIFICATION_BIND_32, FFA_NOTIFICATION_UNBIND_32, FFA_NOTIFICATION_SET_32,
	FFA_NOTIFICATION_GET_32, FFA_NOTIFICATION_INFO_GET_32, FFA_NOTIFICATION_INFO_GET_64};
/* Registers that must be zero (DEN0077 10.x; as libspmc/dispatch.c has them). */
#define R(i) (1u << (i))
static const uint32_t op_mbz[NOPS] = {
	R(3) | R(4) | R(5) | R(6) | R(7), R(2) | R(3) | R(4) | R(5) | R(6) | R(7),
	R(5) | R(6) | R(7), R(2) | R(5) | R(6) | R(7), R(5) | R(6) | R(7),
	R(3) | R(4) | R(5) | R(6) | R(7), 0xfe, 0xfe};

/* ---- the reference model ---- */

struct mrcv {
	bool enabled;
	ffa_id_t id;
	uint16_t nv;
	uint64_t bound, per_vcpu;
	ffa_id_t sender[64];
	uint64_t from_sp[NSLOT], from_vm[NSLOT]; /* [0] global, [1 + v] vCPU v */
	bool owed[NSLOT];                        /* set since INFO_GET last listed it */
};

static struct {
	struct spmc *s;
	void *arena, *boot_arena;
	size_t arena_size;
	struct spmc_config cfg;
	struct spmc_partition_cfg parts[NSP];
	struct mock_hal_state *boot_hal;
	struct mrcv m[NRCV];
	bool listed[NRCV][NSLOT]; /* what INFO_GET listed (drain_info) */
	bool trace;
	int step, nlog;
	struct {
		int caller, cpu;
		enum op op;
		struct ffa_value in, out;
	} log[MAX_LOG];
} H;

static const uint8_t *in;
static size_t in_len;

static uint8_t u8(void)
{
	if (!in_len)
		return 0;
	in_len--;
	return *in++;
}

static void dump(const char *what, const struct ffa_value *r)
{
	fprintf(stderr, " %s", what);
	for (int i = 0; i < 8; i++)
		fprintf(stderr, " x%d=0x%llx", i, (unsigned long long)r->x[i]);
	fprintf(stderr, "\n");
}

__attribute__((noreturn, format(printf, 1, 2))) static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "\nfuzz_notif: invariant broken at step %d: ", H.step);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nsteps so far (caller, CPU, call, registers):\n");
	for (int i = 0; i < H.nlog; i++) {
		int c = H.log[i].caller;

		if (c)
			fprintf(stderr, "step %d: SP%d on CPU %d %s\n", i, c, H.log[i].cpu,
				op_name[H.log[i].op]);
		else
			fprintf(stderr, "step %d: NWd on CPU %d %s\n", i, H.log[i].cpu,
				op_name[H.log[i].op]);
		dump("  in ", &H.log[i].in);
		dump("  out", &H.log[i].out);
	}
	abort();
}

#define CHECK(c, ...)                      \
	do {                               \
		if (!(c))                  \
			fail(__VA_ARGS__); \
	} while (0)

static struct mrcv *m_find(ffa_id_t id)
{
	if (ffa_id_is_secure(id)) {
		for (uint32_t i = 0; i < NSP; i++)
			if (sp_id[i] == id)
				return H.m[i].enabled ? &H.m[i] : NULL;
		return NULL;
	}
	for (uint32_t i = NSP; i < NRCV; i++)
		if (H.m[i].enabled && H.m[i].id == id)
			return &H.m[i];
	return NULL;
}

static bool m_sender_exists(ffa_id_t id)
{
	if (!ffa_id_is_secure(id))
		return true;
	for (uint32_t i = 0; i < NSP; i++)
		if (sp_id[i] == id)
			return true;
	return false;
}

/* caller: 0 the normal world (speaks for every non-secure ID), else SP caller. */
static bool m_speaks_for(int caller, ffa_id_t id)
{
	return caller == 0 ? !ffa_id_is_secure(id) : sp_id[caller - 1] == id;
}

static bool m_any_pending(const struct mrcv *r, int slot)
{
	return (r->from_sp[slot] | r->from_vm[slot]) != 0;
}

static uint64_t ids_of(const struct ffa_value *v)
{
	return (uint32_t)v->x[3] | ((uint64_t)(uint32_t)v->x[4] << 32);
}

/* What the call must return (0: success, else the FFA_RET_* code); on
 * success applies it to the model, and puts a GET's expected result in *get. */
static int32_t model(int caller, uint32_t cpu, enum op op, const struct ffa_value *v,
		     struct ffa_value *get, int *sri)
{
	uint32_t w1 = (uint32_t)v->x[1], flags = (uint32_t)v->x[2];
	ffa_id_t snd = ffa_sender(w1), rcv = ffa_receiver(w1);
	uint64_t ids = ids_of(v);
	struct mrcv *r;

	*sri = 0;
	if ((op == CREATE || op == DESTROY || op == INFO32 || op == INFO64) && caller != 0)
		return FFA_RET_NOT_SUPPORTED;
	for (int i = 1; i < 8; i++)
		if ((op_mbz[op] & R(i)) && (uint32_t)v->x[i])
			return FFA_RET_INVALID_PARAMETERS;
	switch (op) {
	case CREATE: {
		ffa_id_t vm = (ffa_id_t)w1;

		if (ffa_id_is_secure(vm) || flags == 0 || flags > NCPU || w1 >> 16)
			return FFA_RET_INVALID_PARAMETERS;
		if (m_find(vm))
			return FFA_RET_DENIED;
		for (uint32_t i = NSP; i < NRCV; i++)
			if (!H.m[i].enabled) {
				H.m[i] = (struct mrcv){.enabled = true, .id = vm,
						       .nv = (uint16_t)flags};
				return 0;
			}
		return FFA_RET_NO_MEMORY;
	}
	case DESTROY:
		if (ffa_id_is_secure((ffa_id_t)w1) || w1 >> 16 || !(r = m_find((ffa_id_t)w1)))
			return FFA_RET_INVALID_PARAMETERS;
		for (int sl = 0; sl < NSLOT; sl++)
			if (m_any_pending(r, sl))
				return FFA_RET_DENIED;
		r->enabled = false;
		return 0;
	case BIND:
		if (!m_speaks_for(caller, rcv) || flags & ~1u || !ids || snd == rcv ||
		    !m_sender_exists(snd) || !(r = m_find(rcv)))
			return FFA_RET_INVALID_PARAMETERS;
		if ((!ffa_id_is_secure(rcv) && !ffa_id_is_secure(snd)) || ((flags & 1) && r->nv < 2))
			return FFA_RET_INVALID_PARAMETERS;
		for (int i = 0; i < 64; i++)
			if ((ids >> i & 1) && (r->bound >> i & 1) && r->sender[i] != snd)
				return FFA_RET_DENIED;
		for (int i = 0; i < 64; i++)
			if (ids >> i & 1)
				r->sender[i] = snd;
		r->bound |= ids;
		r->per_vcpu = flags & 1 ? r->per_vcpu | ids : r->per_vcpu & ~ids;
		return 0;
	case UNBIND:
		if (!m_speaks_for(caller, rcv) || !ids || !(r = m_find(rcv)))
			return FFA_RET_INVALID_PARAMETERS;
		for (int i = 0; i < 64; i++)
			if ((ids >> i & 1) && (!(r->bound >> i & 1) || r->sender[i] != snd))
				return FFA_RET_DENIED;
		r->bound &= ~ids;
		r->per_vcpu &= ~ids;
		return 0;
	case SET: {
		bool pv = flags & 1;
		uint16_t vcpu = (uint16_t)(flags >> 16);
		int sl;

		/* Spoofing: nobody sets notifications from another sender. */
		if (!m_speaks_for(caller, snd) || flags & 0xfffcu || !ids || snd == rcv ||
		    (!pv && vcpu) || !(r = m_find(rcv)) || (pv && vcpu >= r->nv))
			return FFA_RET_INVALID_PARAMETERS;
		/* Not bound to this sender, or bound as the other kind. */
		if ((ids & r->bound) != ids)
			return FFA_RET_DENIED;
		for (int i = 0; i < 64; i++)
			if ((ids >> i & 1) && r->sender[i] != snd)
				return FFA_RET_DENIED;
		if (pv ? (ids & r->per_vcpu) != ids : (ids & r->per_vcpu) != 0)
			return FFA_RET_DENIED;
		sl = pv ? 1 + vcpu : 0;
		if (ffa_id_is_secure(snd)) {
			r->from_sp[sl] |= ids;
			*sri = flags & 2 ? 2 : 1;
		} else {
			r->from_vm[sl] |= ids;
		}
		r->owed[sl] = true;
		(void)cpu;
		return 0;
	}
	case GET: {
		uint16_t vcpu = (uint16_t)(w1 >> 16);
		uint64_t sp = 0, vm = 0;

		if (!m_speaks_for(caller, rcv) || flags & ~0xfu || !(r = m_find(rcv)) ||
		    vcpu >= r->nv)
			return FFA_RET_INVALID_PARAMETERS;
		/* An MP SP reads its own vCPU's notifications (its context of this CPU). */
		if (caller && sp_ecs[caller - 1] > 1 && vcpu != cpu)
			return FFA_RET_INVALID_PARAMETERS;
		if (flags & 1) {
			sp = r->from_sp[0] | r->from_sp[1 + vcpu];
			r->from_sp[0] = r->from_sp[1 + vcpu] = 0;
		}
		if (flags & 2) {
			vm = r->from_vm[0] | r->from_vm[1 + vcpu];
			r->from_vm[0] = r->from_vm[1 + vcpu] = 0;
		}
		if (!m_any_pending(r, 0))
			r->owed[0] = false;
		if (!m_any_pending(r, 1 + vcpu))
			r->owed[1 + vcpu] = false;
		*get = (struct ffa_value){{FFA_SUCCESS_32, 0, (uint32_t)sp, (uint32_t)(sp >> 32),
					   (uint32_t)vm, (uint32_t)(vm >> 32), 0, 0}};
		return 0;
	}
	default: {
		for (uint32_t i = 0; i < NRCV; i++)
			for (int sl = 0; sl < NSLOT; sl++)
				if (H.m[i].enabled && H.m[i].owed[sl])
					return 0;
		return FFA_RET_NO_DATA;
	}
	}
}

/* ---- snapshots of the core's notification state ---- */

#define SNAP_MAX 4096
struct snap {
	uint32_t n;
	uint64_t w[SNAP_MAX];
};

static void put(struct snap *p, uint64_t v)
{
	if (p->n < SNAP_MAX)
		p->w[p->n++] = v;
}

static void snap_notif(struct snap *p, const struct spmc_notif *n, uint32_t room)
{
	put(p, n->enabled);
	put(p, n->id);
	put(p, n->vcpu_count);
	put(p, n->bound);
	put(p, n->per_vcpu);
	for (uint32_t i = 0; i < SPMC_NOTIF_IDS; i++)
		put(p, n->sender[i]);
	put(p, n->global.from_sp);
	put(p, n->global.from_vm);
	put(p, n->global.unlisted);
	for (uint32_t v = 0; v < room; v++) {
		put(p, n->vcpu[v].from_sp);
		put(p, n->vcpu[v].from_vm);
		put(p, n->vcpu[v].unlisted);
	}
	put(p, n->spm_fwk);
	put(p, n->hyp_fwk);
}

static void snap_take(struct snap *p)
{
	struct spmc *s = H.s;

	p->n = 0;
	for (uint32_t i = 0; i < s->sp_count; i++) {
		const struct spmc_partition *sp = &s->sps[i];

		snap_notif(p, &sp->notif, sp->ec_count);
		for (uint32_t e = 0; e < sp->ec_count; e++) {
			put(p, sp->ecs[e].virq_count);
			for (uint32_t k = 0; k < sp->ecs[e].virq_count; k++)
				put(p, sp->ecs[e].virq[k]);
		}
	}
	for (uint32_t i = 0; i < s->notif_max_vms; i++)
		snap_notif(p, &s->vms[i], s->notif_max_vcpus);
	for (uint32_t c = 0; c < s->cpu_count; c++)
		put(p, s->cpus[c].sri_pending);
	put(p, mock_hal.sgis_sent);
	put(p, mock_hal.misuse);
}

/* Invariant 3: the core's state is the model's. */
static void check_state(void)
{
	for (uint32_t i = 0; i < NRCV; i++) {
		const struct mrcv *r = &H.m[i];
		const struct spmc_notif *n =
			i < NSP ? &spmc_partition_find(H.s, sp_id[i])->notif : &H.s->vms[i - NSP];

		CHECK(n->enabled == r->enabled, "receiver %u: enabled %d, model %d", i, n->enabled,
		      r->enabled);
		if (!r->enabled)
			continue;
		CHECK(n->id == r->id && n->vcpu_count == r->nv, "receiver 0x%x: id/vCPUs 0x%x/%u",
		      r->id, n->id, n->vcpu_count);
		CHECK(n->bound == r->bound && n->per_vcpu == r->per_vcpu,
		      "receiver 0x%x: bound 0x%llx per-vCPU 0x%llx, model 0x%llx 0x%llx", r->id,
		      (unsigned long long)n->bound, (unsigned long long)n->per_vcpu,
		      (unsigned long long)r->bound, (unsigned long long)r->per_vcpu);
		for (int b = 0; b < 64; b++)
			CHECK(!(r->bound >> b & 1) || n->sender[b] == r->sender[b],
			      "receiver 0x%x: ID %d bound to 0x%x, model 0x%x", r->id, b,
			      n->sender[b], r->sender[b]);
		for (uint32_t sl = 0; sl <= r->nv; sl++) {
			const struct spmc_notif_pending *p = sl ? &n->vcpu[sl - 1] : &n->global;

			CHECK(p->from_sp == r->from_sp[sl] && p->from_vm == r->from_vm[sl],
			      "receiver 0x%x slot %u: pending sp 0x%llx vm 0x%llx, model 0x%llx 0x%llx",
			      r->id, sl, (unsigned long long)p->from_sp,
			      (unsigned long long)p->from_vm, (unsigned long long)r->from_sp[sl],
			      (unsigned long long)r->from_vm[sl]);
		}
		CHECK(!n->spm_fwk && !n->hyp_fwk, "receiver 0x%x: framework bits", r->id);
	}
	CHECK(mock_hal.misuse == 0, "the HAL was misused");
}

/* ---- calls ---- */

static struct spmc_ec *sp_ec(int caller, uint32_t cpu)
{
	return spmc_find_ec(H.s, sp_id[caller - 1], sp_ecs[caller - 1] > 1 ? (uint16_t)cpu : 0);
}

/* Invariant 6 for one successful INFO_GET; marks what it lists in H.listed. */
static void check_info(const struct ffa_value *out, bool is64)
{
	uint32_t per_reg = is64 ? 4 : 2, nlists = (out->x[2] >> 7) & 31, id = 0;
	bool more = out->x[2] & 1;

	CHECK(nlists >= 1, "INFO_GET succeeded with no list");
	for (uint32_t l = 0; l < nlists; l++) {
		uint32_t k = (out->x[2] >> (12 + 2 * l)) & 3;
		ffa_id_t ep;
		struct mrcv *r;

		CHECK(id + 1 + k <= 5 * per_reg, "INFO_GET lists more IDs than fit");
#define ID_AT(i) ((uint16_t)(out->x[3 + (i) / per_reg] >> (16 * ((i) % per_reg))))
		ep = ID_AT(id);
		id++;
		r = m_find(ep);
		CHECK(r, "INFO_GET lists 0x%x, no receiver", ep);
		if (k == 0) {
			CHECK(r->owed[0] && m_any_pending(r, 0),
			      "INFO_GET lists 0x%x (global), not owed/pending in the model", ep);
			r->owed[0] = false;
			H.listed[r - H.m][0] = true;
		}
		for (uint32_t j = 0; j < k; j++, id++) {
			uint16_t v = ID_AT(id);

			CHECK(v < r->nv && r->owed[1 + v] && m_any_pending(r, 1 + v),
			      "INFO_GET lists 0x%x vCPU %u, not owed/pending in the model", ep, v);
			r->owed[1 + v] = false;
			H.listed[r - H.m][1 + v] = true;
		}
#undef ID_AT
	}
	if (!more)
		for (uint32_t i = 0; i < NRCV; i++)
			for (int sl = 0; sl < NSLOT; sl++)
				CHECK(!H.m[i].enabled || !H.m[i].owed[sl],
				      "INFO_GET: receiver 0x%x slot %d owed but not listed, and no "
				      "more-pending flag", H.m[i].id, sl);
}

/* One call by `caller` on `cpu`, with all checks; returns the result. */
static struct ffa_value do_call(int caller, uint32_t cpu, enum op op, struct ffa_value v)
{
	static struct snap before, after;
	struct spmc_ec *nwd = spmc_nwd_ec(H.s, cpu), *ec = nwd, *next;
	struct ffa_value r, get = {{0}};
	int32_t want, got;
	uint32_t sgis;
	int sri;
	bool sri_before;

	if (caller) {
		ec = sp_ec(caller, cpu);
		r = (struct ffa_value){{FFA_MSG_SEND_DIRECT_REQ_64, sp_id[caller - 1], 0, 1}};
		next = spmc_ffa_call(H.s, cpu, nwd, &r);
		CHECK(next == ec && spmc_ec_state(ec) == SPMC_EC_RUNNING,
		      "harness: direct request to SP%d on CPU %u did not run it", caller, cpu);
	}
	snap_take(&before);
	sgis = mock_hal.sgis_sent;
	sri_before = H.s->cpus[cpu].sri_pending;
	if (H.nlog == MAX_LOG)
		H.nlog--;
	H.log[H.nlog].caller = caller;
	H.log[H.nlog].cpu = (int)cpu;
	H.log[H.nlog].op = op;
	H.log[H.nlog].in = v;
	H.log[H.nlog].out = (struct ffa_value){{0}};
	H.nlog++;
	want = model(caller, cpu, op, &v, &get, &sri);
	r = v;
	next = spmc_ffa_call(H.s, cpu, ec, &r);
	H.log[H.nlog - 1].out = r;
	if (H.trace)
		fprintf(stderr, "step %d: caller %d cpu %u %s x1=0x%llx x2=0x%llx x3=0x%llx "
			"x4=0x%llx -> x0=0x%llx x2=0x%llx\n", H.step, caller, cpu, op_name[op],
			(unsigned long long)v.x[1], (unsigned long long)v.x[2],
			(unsigned long long)v.x[3], (unsigned long long)v.x[4],
			(unsigned long long)r.x[0], (unsigned long long)r.x[2]);
	CHECK(next == ec, "the call did not return to its caller");
	got = ffa_is_error(&r) ? ffa_error_code(&r) : 0;
	CHECK(ffa_is_error(&r) || ffa_is_success(&r), "neither SUCCESS nor ERROR: 0x%llx",
	      (unsigned long long)r.x[0]);
	/* Invariant 1. */
	CHECK(got == want, "%s returned %d, the model expects %d", op_name[op], got, want);
	if (got) {
		/* Invariant 2. */
		snap_take(&after);
		CHECK(before.n == after.n &&
			      !memcmp(before.w, after.w, before.n * sizeof(before.w[0])),
		      "a failed %s changed notification state", op_name[op]);
	} else if (op == GET) {
		/* Invariant 4. */
		for (int i = 2; i < 8; i++)
			CHECK(r.x[i] == get.x[i],
			      "GET returned x%d=0x%llx, the model has 0x%llx pending", i,
			      (unsigned long long)r.x[i], (unsigned long long)get.x[i]);
	} else if (op == INFO32 || op == INFO64) {
		check_info(&r, op == INFO64);
	}
	/* Invariant 5 during the call: one SRI at once, or one owed. */
	if (!got)
		CHECK(mock_hal.sgis_sent == sgis + (sri == 1) &&
			      H.s->cpus[cpu].sri_pending == (sri == 2 || sri_before),
		      "%s: %u SRIs sent, SRI owed %d (model: SP sender %d, delay %d)",
		      op_name[op], mock_hal.sgis_sent - sgis, H.s->cpus[cpu].sri_pending,
		      sri != 0, sri == 2);
	if (caller) {
		bool owed = H.s->cpus[cpu].sri_pending;

		sgis = mock_hal.sgis_sent;
		r = (struct ffa_value){{FFA_MSG_SEND_DIRECT_RESP_64,
					(uint32_t)sp_id[caller - 1] << 16, 0, 2}};
		next = spmc_ffa_call(H.s, cpu, ec, &r);
		/* A queued notification pending interrupt (10.6) is handled by
		 * the SP, scheduled by the SPMC (FFA_INTERRUPT), before the
		 * response reaches the normal world; the SP ends it with
		 * FFA_MSG_WAIT. */
		for (int k = 0; k < 4 && next == ec && (uint32_t)r.x[0] == FFA_INTERRUPT_32; k++) {
			r = (struct ffa_value){{FFA_MSG_WAIT_32}};
			next = spmc_ffa_call(H.s, cpu, ec, &r);
		}
		CHECK(next == nwd && (uint32_t)r.x[0] == FFA_MSG_SEND_DIRECT_RESP_64,
		      "harness: the direct response did not reach the normal world (x0=0x%llx "
		      "x2=0x%llx)", (unsigned long long)r.x[0], (unsigned long long)r.x[2]);
		/* Invariant 5: a delayed SRI goes out on the way back. */
		CHECK(!H.s->cpus[cpu].sri_pending && mock_hal.sgis_sent == sgis + owed,
		      "delayed SRI: owed %d, %u sent on return to the normal world", owed,
		      mock_hal.sgis_sent - sgis);
	}
	check_state();
	return r;
}

/* ---- one step ---- */

static uint64_t pick_ids(uint8_t b)
{
	uint64_t ids = b & 0x40 ? 1ull << (b & 3) : 1ull << (b & 63);

	if (b & 0x80)
		ids |= 1ull << (32 + ((b >> 2) & 3));
	return ids;
}

/* The n-th (mod their count) ID bound to a sender `caller` speaks for: its
 * sender, receiver, bit and (in *d) its kind, a vCPU kept from *d. */
static void pick_bound(int caller, uint32_t n, ffa_id_t *snd, ffa_id_t *rcv, uint64_t *ids,
		       uint8_t *d)
{
	uint32_t count = 0;

	for (int pass = 0; pass < 2; pass++, n = count ? n % count : 0)
		for (uint32_t i = 0; i < NRCV; i++)
			for (int b = 0; b < 64 && H.m[i].enabled; b++) {
				if (!(H.m[i].bound >> b & 1) ||
				    !m_speaks_for(caller, H.m[i].sender[b]))
					continue;
				if (pass == 0) {
					count++;
					continue;
				}
				if (n--)
					continue;
				*snd = H.m[i].sender[b];
				*rcv = H.m[i].id;
				*ids = 1ull << b;
				*d = (uint8_t)((*d & ~1u & ~0x40u) | (H.m[i].per_vcpu >> b & 1));
				if (H.m[i].nv > 1)
					*d = (uint8_t)((*d & ~0x1cu) | (((*d >> 2) % H.m[i].nv) << 2));
				return;
			}
}

static void step(void)
{
	uint8_t c = u8(), a = u8(), b = u8(), d = u8(), j = u8();
	int caller = c & 3;
	uint32_t cpu = (c >> 2) & 3;
	enum op op = (enum op)ops[c >> 4];
	ffa_id_t other = cand[a & 15];
	ffa_id_t self = a & 0x80 ? cand[((a & 15) + 5) & 15]
		      : caller ? sp_id[caller - 1] : (ffa_id_t)((a >> 4) & 7);
	uint64_t ids = pick_ids(b);
	uint32_t junk = d & 0x80 ? 1u << (d & 31) : 0;
	struct ffa_value v = {{op_fid[op]}};

	switch (op) {
	case CREATE:
		v.x[1] = self;
		v.x[2] = (d & 7) | junk;
		break;
	case DESTROY:
		v.x[1] = self;
		break;
	case BIND:
	case UNBIND:
		v.x[1] = ffa_pack_ids(other, self);
		v.x[2] = op == BIND ? (d & 1) | junk : junk;
		v.x[3] = (uint32_t)ids;
		v.x[4] = (uint32_t)(ids >> 32);
		break;
	case SET:
		/* Mostly an ID bound to a sender the caller speaks for. */
		if (!(a & 0x40))
			pick_bound(caller, a & 15, &self, &other, &ids, &d);
		v.x[1] = ffa_pack_ids(self, other);
		v.x[2] = (d & 3) | (uint32_t)((d >> 2) & (d & 0x40 ? 7 : 3)) << 16 | junk;
		v.x[3] = (uint32_t)ids;
		v.x[4] = (uint32_t)(ids >> 32);
		break;
	case GET: {
		uint32_t vcpu = d & 0x40 ? (d >> 4) & 7 : caller == 1 ? cpu : 0;

		v.x[1] = ffa_pack_vcpu(self, (uint16_t)vcpu);
		v.x[2] = (d & 15 ? d & 15 : 15) | junk;
		break;
	}
	default:
		break;
	}
	if (j >= 0xe0)
		v.x[1 + j % 7] ^= 1u << (j & 31);
	(void)do_call(caller, cpu, op, v);
}

/* End of input (invariant 6): INFO_GET until NO_DATA lists every owed slot. */
static void drain_info(void)
{
	bool owed[NRCV][NSLOT];

	memset(H.listed, 0, sizeof(H.listed));
	for (uint32_t i = 0; i < NRCV; i++)
		for (int sl = 0; sl < NSLOT; sl++)
			owed[i][sl] = H.m[i].enabled && H.m[i].owed[sl];
	for (int round = 0;; round++, H.step++) {
		struct ffa_value r;

		CHECK(round < 32, "INFO_GET never reaches NO_DATA");
		/* The model expects NO_DATA exactly when nothing is owed. */
		r = do_call(0, 0, INFO64, (struct ffa_value){{FFA_NOTIFICATION_INFO_GET_64}});
		if (ffa_is_error(&r))
			break;
	}
	for (uint32_t i = 0; i < NRCV; i++)
		for (int sl = 0; sl < NSLOT; sl++)
			CHECK(!owed[i][sl] || H.listed[i][sl],
			      "INFO_GET drained without listing receiver 0x%x slot %d", H.m[i].id,
			      sl);
}

/* ---- the system ---- */

static void boot(void)
{
	struct ffa_value r;

	mock_hal_reset();
	mock_hal.cpu_count = NCPU;
	for (uint32_t i = 0; i < NSP; i++)
		H.parts[i] = (struct spmc_partition_cfg){
			.name = "sp",
			.id = sp_id[i],
			.uuid = {0x2000u + i, 1, 2, 3},
			.ec_count = sp_ecs[i],
			.properties = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND |
				      (sp_recv[i] ? FFA_PROP_NOTIFICATION_RECV : 0),
			.el = 2,
			.load_addr = MOCK_SEC_BASE + i * 16 * PG,
			.mem_size = 16 * PG,
			.entry = MOCK_SEC_BASE + i * 16 * PG,
			.image = (const void *)(uintptr_t)(0x1000 + i),
		};
	H.cfg = (struct spmc_config){.spmc_id = 0x8000, .cpu_count = NCPU,
				     .partition_count = NSP, .partitions = H.parts,
				     .rxtx_max_pages = 1, .notif_max_vms = NVM,
				     /* No memory sharing here: a small arena, cheap to restore. */
				     .mem_max_tx = 1, .mem_max_borrowers = 1, .mem_max_ranges = 1,
				     .mem_max_frags = 1, .mem_frag_bytes = 4096};
	H.arena_size = spmc_arena_size(&H.cfg);
	CHECK(H.arena_size, "boot: no arena size");
	H.arena = aligned_alloc(16, (H.arena_size + 15) & ~(size_t)15);
	H.boot_arena = malloc(H.arena_size);
	CHECK(H.arena && H.boot_arena, "boot: out of memory");
	memset(H.arena, 0, H.arena_size);
	CHECK(spmc_init(&H.s, H.arena, H.arena_size, &H.cfg) == 0, "boot: spmc_init failed");
	for (uint32_t cpu = 0; cpu < NCPU; cpu++) {
		struct spmc_ec *ec = spmc_cpu_on(H.s, cpu, &r);

		while (ec && !spmc_ec_is_nwd(ec)) {
			r = (struct ffa_value){{FFA_MSG_WAIT_32}};
			ec = spmc_ffa_call(H.s, cpu, ec, &r);
		}
		CHECK(ec == spmc_nwd_ec(H.s, cpu), "boot: CPU %u does not reach the normal world",
		      cpu);
	}
	r = (struct ffa_value){{FFA_VERSION_32, FFA_VERSION_1_2}};
	(void)spmc_ffa_call(H.s, 0, spmc_nwd_ec(H.s, 0), &r);
	CHECK((uint32_t)r.x[0] == FFA_VERSION_1_2, "boot: FFA_VERSION 1.2 refused");
	memcpy(H.boot_arena, H.arena, H.arena_size);
	H.boot_hal = malloc(sizeof(*H.boot_hal));
	CHECK(H.boot_hal, "boot: out of memory");
	memcpy(H.boot_hal, &mock_hal, sizeof(mock_hal));
}

/* Back to the booted system: the core keeps everything in the arena; of the
 * fake only the scalars before the address-space records and the counters
 * after them can have changed (no address space is touched here). */
static void restore(void)
{
	size_t tail = offsetof(struct mock_hal_state, as_count);

	memcpy(H.arena, H.boot_arena, H.arena_size);
	memcpy(&mock_hal, H.boot_hal, offsetof(struct mock_hal_state, as));
	memcpy((uint8_t *)&mock_hal + tail, (const uint8_t *)H.boot_hal + tail,
	       offsetof(struct mock_hal_state, nwd_access) - tail);
	mock_hal.sgis_sent = H.boot_hal->sgis_sent;
	mock_hal.misuse = H.boot_hal->misuse;
	memset(H.m, 0, sizeof(H.m));
	for (uint32_t i = 0; i < NSP; i++)
		H.m[i] = (struct mrcv){.enabled = sp_recv[i], .id = sp_id[i], .nv = sp_ecs[i]};
	H.nlog = 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	H.trace = getenv("FUZZ_NOTIF_TRACE") != NULL;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!H.s)
		boot();
	restore();
	in = data;
	in_len = size;
	H.step = -1;
	check_state();
	for (H.step = 0; H.step < MAX_STEPS && in_len > 0; H.step++)
		step();
	drain_info();
	return 0;
}
