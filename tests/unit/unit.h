/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared fixture for the core's unit tests: builds an SPMC from a small
 * configuration against the HAL fake, boots it, makes FF-A calls, and checks
 * results. Header-only (static inline), because each tests/unit/test_*.c is
 * its own binary linked only with the mock and libspmc.
 *
 * The golden rule of every error test: a failed call returns the error the
 * specification names and leaves all state exactly as before. EXPECT_FFA_ERROR
 * snapshots the whole core state (every context's state, runtime model,
 * pending request and blocking link, every partition's negotiated version,
 * aborted flag, mailbox and ownership, console line, the boot cursors) and the
 * HAL fake's live state (address spaces and mappings, SPMC mappings, work
 * counters, console), makes the call, checks the FFA_ERROR registers (w2 =
 * code, every other register zero) and compares the snapshots field by field.
 */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "internal.h"
#include "spmc.h"

#include "../../mocks/hal_mock.h"

/* ---- configuration ---- */

#define SPMC_ID 0x8000u
#define SP1 0x8001u /* UP; sends and receives REQ and REQ2 */
#define SP2 0x8002u /* MP; sends and receives REQ, receives REQ2 */
#define SP3 0x8003u /* UP; only receives REQ */
#define SP4 0x8004u /* UP; only sends REQ */
#define NWD 0x0000u

#define UT_MAX_SPS 200
#define UT_MAX_CPUS 8
#define UT_SP_MEM 0x40000ull /* 64 pages per SP */
#define UT_SP_BASE(i) (MOCK_SEC_BASE + (uint64_t)(i) * UT_SP_MEM)

/* NWd buffers used throughout: page-aligned NS DRAM. */
#define NWD_TX MOCK_NS_BASE
#define NWD_RX (MOCK_NS_BASE + 0x10000ull)

#define FFA(...) ((struct ffa_value){{__VA_ARGS__}})

struct ut {
	struct spmc *s;
	void *arena;
	size_t arena_size;
	struct spmc_config cfg;
	struct spmc_partition_cfg parts[UT_MAX_SPS];
};

/* One fixture per test: tests run one after another in each binary. */
static struct ut ut_fx;

static const uint32_t ut_uuid[5][4] = {
	{0},
	{0x11111111, 0x11112222, 0x11113333, 0x11114444},
	{0x22221111, 0x22222222, 0x22223333, 0x22224444},
	{0x33331111, 0x33332222, 0x33333333, 0x33334444},
	{0x44441111, 0x44442222, 0x44443333, 0x44444444},
};

/* Partition config #idx (0-based): memory at UT_SP_BASE(idx), entry at its base. */
static inline struct spmc_partition_cfg ut_part(uint32_t idx, ffa_id_t id, uint16_t ec_count,
						uint32_t props)
{
	struct spmc_partition_cfg p = {
		.name = "sp",
		.id = id,
		.ec_count = ec_count,
		.properties = props,
		.boot_order = 0,
		.el = 2,
		.load_addr = UT_SP_BASE(idx),
		.mem_size = UT_SP_MEM,
		.entry = UT_SP_BASE(idx),
		.image = (const void *)(uintptr_t)(0x1000 + idx),
	};
	return p;
}

/* An empty configuration for cpus CPUs; add partitions with ut_add. */
static inline struct ut *ut_begin(uint32_t cpus)
{
	struct ut *u = &ut_fx;

	free(u->arena);
	memset(u, 0, sizeof(*u));
	mock_hal_reset();
	mock_hal.cpu_count = cpus;
	u->cfg.spmc_id = SPMC_ID;
	u->cfg.cpu_count = cpus;
	u->cfg.partitions = u->parts;
	return u;
}

static inline struct spmc_partition_cfg *ut_add(struct ut *u, ffa_id_t id, uint16_t ec_count,
						uint32_t props)
{
	uint32_t i = u->cfg.partition_count++;

	assert_true(i < UT_MAX_SPS);
	u->parts[i] = ut_part(i, id, ec_count, props);
	return &u->parts[i];
}

/* The standard system: 4 CPUs, SP1..SP4 with UUIDs ut_uuid[1..4]. */
static inline struct ut *ut_begin_std(void)
{
	struct ut *u = ut_begin(4);

	ut_add(u, SP1, 1, FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND |
			      FFA_PROP_DIRECT_REQ2_RECV | FFA_PROP_DIRECT_REQ2_SEND);
	ut_add(u, SP2, 4, FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND |
			      FFA_PROP_DIRECT_REQ2_RECV);
	ut_add(u, SP3, 1, FFA_PROP_DIRECT_REQ_RECV);
	ut_add(u, SP4, 1, FFA_PROP_DIRECT_REQ_SEND);
	for (int i = 0; i < 4; i++)
		memcpy(u->parts[i].uuid, ut_uuid[i + 1], sizeof(u->parts[i].uuid));
	return u;
}

/* 16-byte aligned heap memory (size rounded up, as C11 aligned_alloc wants). */
static inline void *ut_aligned(size_t n)
{
	void *p = aligned_alloc(16, (n + 15) & ~(size_t)15);

	assert_non_null(p);
	return p;
}

/* Allocates the arena and runs spmc_init; returns its code. */
static inline int ut_try_init(struct ut *u)
{
	size_t n = spmc_arena_size(&u->cfg);

	if (n == 0)
		return spmc_init(&u->s, NULL, 0, &u->cfg);
	u->arena_size = n;
	u->arena = ut_aligned(n);
	return spmc_init(&u->s, u->arena, n, &u->cfg);
}

static inline struct spmc *ut_init(struct ut *u)
{
	assert_int_equal(ut_try_init(u), 0);
	assert_non_null(u->s);
	return u->s;
}

static inline struct spmc_ec *ut_ec(ffa_id_t id, uint16_t index)
{
	struct spmc_ec *ec = spmc_find_ec(ut_fx.s, id, index);

	assert_non_null(ec);
	return ec;
}

static inline struct spmc_ec *ut_nwd(uint32_t cpu)
{
	struct spmc_ec *ec = spmc_nwd_ec(ut_fx.s, cpu);

	assert_non_null(ec);
	return ec;
}

/* Brings `cpu` up; every SP context started there waits at once. Returns
 * the NWd context, which receives FFA_MSG_WAIT when initialisation is done. */
static inline struct spmc_ec *ut_boot_cpu(uint32_t cpu)
{
	struct ffa_value r;
	struct spmc_ec *ec = spmc_cpu_on(ut_fx.s, cpu, &r);

	while (ec && !spmc_ec_is_nwd(ec)) {
		r = FFA(FFA_MSG_WAIT_32);
		ec = spmc_ffa_call(ut_fx.s, cpu, ec, &r);
	}
	assert_non_null(ec);
	assert_ptr_equal(ec, ut_nwd(cpu));
	assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
	return ec;
}

static inline void ut_boot_all(void)
{
	for (uint32_t c = 0; c < ut_fx.cfg.cpu_count; c++)
		ut_boot_cpu(c);
}

/* Standard system, initialised and booted on every CPU. */
static inline struct ut *ut_std_booted(void)
{
	struct ut *u = ut_begin_std();

	ut_init(u);
	ut_boot_all();
	return u;
}

/* One FF-A call: *r in, *r out; returns the context that runs next. */
static inline struct spmc_ec *ut_call(uint32_t cpu, struct spmc_ec *ec, struct ffa_value *r)
{
	return spmc_ffa_call(ut_fx.s, cpu, ec, r);
}

/* FFA_VERSION from the NWd (all CPUs share its version). */
static inline void ut_nwd_version(uint32_t v)
{
	struct ffa_value r = FFA(FFA_VERSION_32, v);

	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_int_equal(r.x[0], SPMC_FFA_VERSION);
}

/* ---- result checks ---- */

static inline void ut_assert_zero_from(const struct ffa_value *r, int first, const char *what,
				       const char *file, int line)
{
	for (int i = first; i < FFA_NREGS; i++)
		if (r->x[i] != 0) {
			print_error("%s: x%d = 0x%llx, must be zero\n", what, i,
				    (unsigned long long)r->x[i]);
			_fail(file, line);
		}
}

static inline void ut_assert_error(const struct ffa_value *r, int32_t code, const char *file,
				   int line)
{
	if ((uint32_t)r->x[0] != FFA_ERROR_32 || ffa_error_code(r) != code) {
		print_error("expected FFA_ERROR(%s), got x0=0x%llx w2=%d\n",
			    ffa_error_name(code) ? ffa_error_name(code) : "?",
			    (unsigned long long)r->x[0], (int)ffa_error_code(r));
		_fail(file, line);
	}
	/* FFA_ERROR: w1 and w3..w7 (and x8..x17) are MBZ; w2 holds the code only. */
	if (r->x[1] != 0 || (r->x[2] >> 32) != 0) {
		print_error("FFA_ERROR: x1 = 0x%llx, x2 = 0x%llx\n", (unsigned long long)r->x[1],
			    (unsigned long long)r->x[2]);
		_fail(file, line);
	}
	ut_assert_zero_from(r, 3, "FFA_ERROR", file, line);
}
#define assert_ffa_error(r, code) ut_assert_error((r), (code), __FILE__, __LINE__)

/* FFA_SUCCESS_32 with w2, w3; every other register zero. */
static inline void ut_assert_success(const struct ffa_value *r, uint64_t w2, uint64_t w3,
				     const char *file, int line)
{
	if ((uint32_t)r->x[0] != FFA_SUCCESS_32) {
		print_error("expected FFA_SUCCESS_32, got x0=0x%llx (w2=%d)\n",
			    (unsigned long long)r->x[0], (int)ffa_error_code(r));
		_fail(file, line);
	}
	if (r->x[1] != 0 || r->x[2] != w2 || r->x[3] != w3) {
		print_error("FFA_SUCCESS: x1=0x%llx x2=0x%llx (want 0x%llx) x3=0x%llx (want 0x%llx)\n",
			    (unsigned long long)r->x[1], (unsigned long long)r->x[2],
			    (unsigned long long)w2, (unsigned long long)r->x[3],
			    (unsigned long long)w3);
		_fail(file, line);
	}
	ut_assert_zero_from(r, 4, "FFA_SUCCESS", file, line);
}
#define assert_ffa_success(r, w2, w3) ut_assert_success((r), (w2), (w3), __FILE__, __LINE__)

/* ---- the golden rule: snapshots ---- */

struct ut_ec_snap {
	uint32_t state, pub_state, rt, cpu;
	uint32_t req_sender, req_is_req2;
	const void *req_ec, *waiting_on, *hal;
	struct ffa_value resume;
	/* Interrupt state: queued virtual interrupts and the flags around them. */
	uint32_t virq_count, virq[8], me_pending, spmc_sched;
	const void *int_preempted;
};

/* A receiver's notification state, pointers left out. */
struct ut_notif_snap {
	uint32_t enabled, id, vcpu_count;
	uint64_t bound, per_vcpu;
	ffa_id_t sender[SPMC_NOTIF_IDS];
	uint64_t pend[UT_MAX_CPUS + 1][3]; /* [0] global, [1 + v] vCPU v: from SPs, VMs, unlisted */
	uint32_t spm_fwk, hyp_fwk;
};

#define UT_SNAP_VMS 16

struct ut_part_snap {
	uint32_t id, aborted, pub_aborted, version, pub_version, properties, ec_count;
	uint32_t rx_owned;
	uint32_t mb_mapped, mb_rx_state, mb_pages;
	uint64_t mb_tx_addr, mb_rx_addr, mb_tx_pa, mb_rx_pa;
	const void *mb_tx, *mb_rx;
	const void *as;
	uint32_t log_len;
	char log[SPMC_LOG_LINE];
	struct ut_ec_snap ecs[UT_MAX_CPUS];
	struct ut_notif_snap notif;
};

struct ut_snap {
	uint32_t nparts, ncpus;
	struct ut_part_snap parts[UT_MAX_SPS + 1]; /* [0] = the NWd */
	uint32_t boot_cursor[UT_MAX_CPUS], booted[UT_MAX_CPUS], sri_pending[UT_MAX_CPUS];
	struct ut_notif_snap vms[UT_SNAP_VMS];
	uint32_t sgis_sent;
	struct mock_snapshot mock;
};

static inline void ut_snap_notif(struct ut_notif_snap *o, const struct spmc_notif *n)
{
	memset(o, 0, sizeof(*o));
	o->enabled = n->enabled;
	o->id = n->id;
	o->vcpu_count = n->vcpu_count;
	o->bound = n->bound;
	o->per_vcpu = n->per_vcpu;
	memcpy(o->sender, n->sender, sizeof(o->sender));
	o->pend[0][0] = n->global.from_sp;
	o->pend[0][1] = n->global.from_vm;
	o->pend[0][2] = n->global.unlisted;
	for (uint16_t v = 0; n->vcpu && v < n->vcpu_count && v < UT_MAX_CPUS; v++) {
		o->pend[1 + v][0] = n->vcpu[v].from_sp;
		o->pend[1 + v][1] = n->vcpu[v].from_vm;
		o->pend[1 + v][2] = n->vcpu[v].unlisted;
	}
	o->spm_fwk = n->spm_fwk;
	o->hyp_fwk = n->hyp_fwk;
}

static struct ut_snap ut_snap_before, ut_snap_after;

static inline void ut_snap_part(struct ut_part_snap *o, const struct spmc_partition *p)
{
	const struct spmc *s = ut_fx.s;

	memset(o, 0, sizeof(*o));
	o->id = p->id;
	o->aborted = p->aborted;
	o->pub_aborted = spmc_partition_aborted(s, p->id);
	o->version = p->ffa_version;
	o->pub_version = spmc_endpoint_version(s, p->id);
	o->properties = p->properties;
	o->ec_count = p->ec_count;
	o->rx_owned = spmc_rx_owned_by_endpoint(s, p->id);
	o->mb_mapped = p->mbox.mapped;
	o->mb_rx_state = p->mbox.rx_state;
	o->mb_pages = p->mbox.pages;
	o->mb_tx_addr = p->mbox.tx_addr;
	o->mb_rx_addr = p->mbox.rx_addr;
	o->mb_tx_pa = p->mbox.tx_pa;
	o->mb_rx_pa = p->mbox.rx_pa;
	o->mb_tx = p->mbox.tx;
	o->mb_rx = p->mbox.rx;
	o->as = p->as;
	o->log_len = p->log_len;
	memcpy(o->log, p->log, sizeof(o->log));
	for (uint16_t i = 0; i < p->ec_count && i < UT_MAX_CPUS; i++) {
		const struct spmc_ec *e = &p->ecs[i];
		struct ut_ec_snap *x = &o->ecs[i];

		x->state = e->state;
		x->pub_state = spmc_ec_state(e);
		x->rt = e->rt;
		x->cpu = e->cpu;
		x->req_sender = e->req_sender;
		x->req_is_req2 = e->req_is_req2;
		x->req_ec = e->req_ec;
		x->waiting_on = e->waiting_on;
		x->hal = spmc_ec_hal(e);
		x->resume = e->resume;
		x->virq_count = e->virq_count;
		for (uint16_t k = 0; k < e->virq_count && k < 8; k++)
			x->virq[k] = e->virq[k];
		x->me_pending = e->me_pending;
		x->spmc_sched = e->spmc_sched;
		x->int_preempted = e->int_preempted;
	}
	ut_snap_notif(&o->notif, &p->notif);
}

static inline void ut_snap_take(struct ut_snap *o)
{
	const struct spmc *s = ut_fx.s;

	memset(o, 0, sizeof(*o));
	o->nparts = s->sp_count + 1;
	o->ncpus = s->cpu_count;
	ut_snap_part(&o->parts[0], &s->nwd);
	for (uint32_t i = 0; i < s->sp_count && i < UT_MAX_SPS; i++)
		ut_snap_part(&o->parts[i + 1], &s->sps[i]);
	for (uint32_t c = 0; c < s->cpu_count && c < UT_MAX_CPUS; c++) {
		o->boot_cursor[c] = s->cpus[c].boot_cursor;
		o->booted[c] = s->cpus[c].booted;
		o->sri_pending[c] = s->cpus[c].sri_pending;
	}
	for (uint32_t i = 0; i < s->notif_max_vms && i < UT_SNAP_VMS; i++)
		ut_snap_notif(&o->vms[i], &s->vms[i]);
	o->sgis_sent = mock_hal.sgis_sent;
	mock_snapshot_take(&o->mock);
}

#define UT_CMP(field)                                                                      \
	do {                                                                               \
		if (memcmp(&a->field, &b->field, sizeof(a->field)) != 0) {                 \
			print_error("state changed by a failed call: %s (partition 0x%x)\n", \
				    #field, (unsigned)a->id);                                \
			_fail(file, line);                                                 \
		}                                                                          \
	} while (0)

static inline void ut_part_compare(const struct ut_part_snap *a, const struct ut_part_snap *b,
				   const char *file, int line)
{
	UT_CMP(aborted);
	UT_CMP(pub_aborted);
	UT_CMP(version);
	UT_CMP(pub_version);
	UT_CMP(properties);
	UT_CMP(rx_owned);
	UT_CMP(mb_mapped);
	UT_CMP(mb_rx_state);
	UT_CMP(mb_pages);
	UT_CMP(mb_tx_addr);
	UT_CMP(mb_rx_addr);
	UT_CMP(mb_tx_pa);
	UT_CMP(mb_rx_pa);
	UT_CMP(mb_tx);
	UT_CMP(mb_rx);
	UT_CMP(as);
	UT_CMP(log_len);
	UT_CMP(log);
	for (uint32_t i = 0; i < a->ec_count && i < UT_MAX_CPUS; i++) {
		UT_CMP(ecs[i].state);
		UT_CMP(ecs[i].pub_state);
		UT_CMP(ecs[i].rt);
		UT_CMP(ecs[i].cpu);
		UT_CMP(ecs[i].req_sender);
		UT_CMP(ecs[i].req_is_req2);
		UT_CMP(ecs[i].req_ec);
		UT_CMP(ecs[i].waiting_on);
		UT_CMP(ecs[i].hal);
		UT_CMP(ecs[i].resume);
		UT_CMP(ecs[i].virq_count);
		UT_CMP(ecs[i].virq);
		UT_CMP(ecs[i].me_pending);
		UT_CMP(ecs[i].spmc_sched);
		UT_CMP(ecs[i].int_preempted);
	}
	UT_CMP(notif);
}
#undef UT_CMP

static inline void ut_snap_compare(const struct ut_snap *a, const struct ut_snap *b,
				   const char *file, int line)
{
	for (uint32_t i = 0; i < a->nparts; i++)
		ut_part_compare(&a->parts[i], &b->parts[i], file, line);
	if (memcmp(a->vms, b->vms, sizeof(a->vms)) || a->sgis_sent != b->sgis_sent ||
	    memcmp(a->sri_pending, b->sri_pending, sizeof(a->sri_pending))) {
		print_error("state changed by a failed call: notifications\n");
		_fail(file, line);
	}
	if (memcmp(a->boot_cursor, b->boot_cursor, sizeof(a->boot_cursor)) ||
	    memcmp(a->booted, b->booted, sizeof(a->booted))) {
		print_error("state changed by a failed call: boot progress\n");
		_fail(file, line);
	}
	if (a->mock.nas != b->mock.nas || memcmp(a->mock.as, b->mock.as, sizeof(a->mock.as))) {
		print_error("state changed by a failed call: address spaces / mappings\n");
		_fail(file, line);
	}
	if (a->mock.nmaps != b->mock.nmaps ||
	    memcmp(a->mock.maps, b->mock.maps, sizeof(a->mock.maps))) {
		print_error("state changed by a failed call: SPMC mappings (%u -> %u)\n",
			    a->mock.nmaps, b->mock.nmaps);
		_fail(file, line);
	}
	if (memcmp(a->mock.work, b->mock.work, sizeof(a->mock.work))) {
		print_error("state changed by a failed call: work counters\n");
		_fail(file, line);
	}
	if (a->mock.console_len != b->mock.console_len) {
		print_error("state changed by a failed call: console output\n");
		_fail(file, line);
	}
	if (b->mock.misuse != 0) {
		print_error("the core misused the HAL (%u times)\n", b->mock.misuse);
		_fail(file, line);
	}
}

/* Makes the call `in` from `ec` on `cpu`, expects FFA_ERROR(code) delivered
 * back to the caller, and everything else exactly as before. */
static inline void ut_expect_error(uint32_t cpu, struct spmc_ec *ec, struct ffa_value in,
				   int32_t code, const char *file, int line)
{
	struct ffa_value r = in;
	struct spmc_ec *next;

	ut_snap_take(&ut_snap_before);
	next = ut_call(cpu, ec, &r);
	if (next != ec) {
		print_error("a failed call must return to its caller\n");
		_fail(file, line);
	}
	ut_assert_error(&r, code, file, line);
	ut_snap_take(&ut_snap_after);
	ut_snap_compare(&ut_snap_before, &ut_snap_after, file, line);
}
#define EXPECT_FFA_ERROR(cpu, ec, in, code) \
	ut_expect_error((cpu), (ec), (in), (code), __FILE__, __LINE__)

/* Like EXPECT_FFA_ERROR but the failure is FFA_VERSION's: NOT_SUPPORTED in w0. */
static inline void ut_expect_version_fail(uint32_t cpu, struct spmc_ec *ec, struct ffa_value in,
					  const char *file, int line)
{
	struct ffa_value r = in;

	ut_snap_take(&ut_snap_before);
	if (ut_call(cpu, ec, &r) != ec) {
		print_error("a failed FFA_VERSION must return to its caller\n");
		_fail(file, line);
	}
	if (r.x[0] != (uint32_t)FFA_RET_NOT_SUPPORTED) {
		print_error("FFA_VERSION: expected w0 = NOT_SUPPORTED, got 0x%llx\n",
			    (unsigned long long)r.x[0]);
		_fail(file, line);
	}
	ut_assert_zero_from(&r, 1, "FFA_VERSION", file, line);
	ut_snap_take(&ut_snap_after);
	ut_snap_compare(&ut_snap_before, &ut_snap_after, file, line);
}
#define EXPECT_VERSION_FAIL(cpu, ec, in) ut_expect_version_fail((cpu), (ec), (in), __FILE__, __LINE__)

/* Makes a call expected to succeed with FFA_SUCCESS_32(w2, w3) back to the caller. */
static inline void ut_expect_success(uint32_t cpu, struct spmc_ec *ec, struct ffa_value in,
				     uint64_t w2, uint64_t w3, const char *file, int line)
{
	struct ffa_value r = in;

	if (ut_call(cpu, ec, &r) != ec) {
		print_error("FFA_SUCCESS must go back to the caller\n");
		_fail(file, line);
	}
	ut_assert_success(&r, w2, w3, file, line);
}
#define EXPECT_FFA_SUCCESS(cpu, ec, in, w2, w3) \
	ut_expect_success((cpu), (ec), (in), (w2), (w3), __FILE__, __LINE__)

/* ---- common flows ---- */

/* NWd on `cpu` sends a DIRECT_REQ_64 to `to`; returns the receiver context,
 * which is now running with the request in *r. */
static inline struct spmc_ec *ut_nwd_req(uint32_t cpu, ffa_id_t to, struct ffa_value *r)
{
	struct spmc_ec *next;

	*r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(NWD, to), 0, 1, 2, 3, 4, 5);
	next = ut_call(cpu, ut_nwd(cpu), r);
	assert_non_null(next);
	assert_int_equal(spmc_ec_id(next), to);
	assert_int_equal(r->x[0], FFA_MSG_SEND_DIRECT_REQ_64);
	return next;
}

/* NWd on `cpu` runs SP context (id, vcpu), which must be waiting; returns it. */
static inline struct spmc_ec *ut_nwd_run(uint32_t cpu, ffa_id_t id, uint16_t vcpu)
{
	struct ffa_value r = FFA(FFA_RUN_32, ffa_pack_vcpu(id, vcpu));
	struct spmc_ec *next = ut_call(cpu, ut_nwd(cpu), &r);

	assert_ptr_equal(next, ut_ec(id, vcpu));
	assert_int_equal(r.x[0], FFA_RUN_32);
	return next;
}

/* Maps the NWd's RX/TX (one page each, at NWD_TX / NWD_RX). */
static inline void ut_nwd_map_rxtx(void)
{
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 1), 0, 0);
}

/* Common per-test teardown: the core never misused the HAL. */
static inline int ut_teardown(void **state)
{
	(void)state;
	assert_int_equal(mock_hal.misuse, 0);
	free(ut_fx.arena);
	ut_fx.arena = NULL;
	return 0;
}

#endif
