/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction store and page-ownership map (libspmc/mem/mem_store.h):
 * every operation's success path and effect, every error with the state left
 * byte-for-byte as before, the share/lend/donate lifecycles, handle
 * uniqueness and staleness, scale (4096 transactions, 100,000 constituents),
 * and the invariant checker, run after every step and shown to catch each
 * kind of corruption.
 *
 * Rules are cited as "DEN0077 <interface>: ..." (the FF-A specification's
 * memory management chapter) or "Hafnium: ..." where the specification leaves
 * the choice and this SPMC follows Hafnium's SPMC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "mem/mem_store.h"
#include "mem/mem_store_int.h"

/* ---- the platform ---- */

#define NWD 0x0000u
#define VM1 0x0001u            /* a normal-world endpoint other than the NWd itself */
#define SP(i) ((ffa_id_t)(0x8000u + (i)))  /* SP(1) .. SP(NSP) */
#define NSP 17u
#define PG 4096ull
#define NS_BASE 0x80000000ull
#define NS_PAGES 0x40000ull    /* 1 GiB of normal-world DRAM */
#define SP_BASE(i) (0x10000000ull + ((uint64_t)(i) - 1) * 0x100000ull)
#define SP_PAGES 256ull
#define RO_BASE 0x20000000ull  /* SP(1): read-only memory */
#define RX_BASE 0x20100000ull  /* SP(1): read-execute memory */
#define DEV_BASE 0x09000000ull /* SP(1): a device */
#define GAP_BASE 0x30000000ull /* nobody's memory */
#define SMALL 16ull

#define RW FFA_MEM_DATA_RW
#define RO FFA_MEM_DATA_RO
#define NX (FFA_MEM_INSTR_NX << FFA_MEM_INSTR_ACCESS_SHIFT)
#define XX (FFA_MEM_INSTR_X << FFA_MEM_INSTR_ACCESS_SHIFT)
#define RWX_ (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X)
#define NORMAL_WB                                                              \
	((FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) |                             \
	 (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) | FFA_MEM_INNER_SHAREABLE)

static struct spmc_mem_region_cfg regions[NSP + 4];
static struct spmc_mem_store_cfg cfg;
static struct spmc_mem_store *S;
static uint8_t *arena, *snap;
static size_t arena_size;

static struct spmc_mem_change room[64];
static struct spmc_mem_effect FX;

static void platform(void)
{
	uint32_t n = 0;

	regions[n++] = (struct spmc_mem_region_cfg){NS_BASE, NS_PAGES, NWD, RWX_ | HAL_MEM_NS};
	for (uint32_t i = 1; i <= NSP; i++)
		regions[n++] = (struct spmc_mem_region_cfg){SP_BASE(i), SP_PAGES, SP(i), RWX_};
	regions[n++] = (struct spmc_mem_region_cfg){RO_BASE, SMALL, SP(1), HAL_MEM_R};
	regions[n++] = (struct spmc_mem_region_cfg){RX_BASE, SMALL, SP(1), HAL_MEM_R | HAL_MEM_X};
	regions[n++] = (struct spmc_mem_region_cfg){DEV_BASE, SMALL, SP(1),
						    HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE};
	cfg = (struct spmc_mem_store_cfg){.regions = regions, .region_count = n};
}

static void check_ok_at(const char *file, int line)
{
	struct spmc_mem_check_report r;

	if (spmc_mem_check(S, &r) != 0) {
		print_error("invariant %s broken: %s (at 0x%llx)\n", spmc_mem_invariant_name(r.code),
			    r.what, (unsigned long long)r.where);
		_fail(file, line);
	}
}
#define check_ok() check_ok_at(__FILE__, __LINE__)

static void build(uint32_t max_tx, uint32_t max_borrowers, uint32_t max_ranges,
		  uint32_t max_intervals, bool multi)
{
	free(arena);
	free(snap);
	platform();
	cfg.max_tx = max_tx;
	cfg.max_borrowers = max_borrowers;
	cfg.max_ranges = max_ranges;
	cfg.max_intervals = max_intervals;
	cfg.multi_retrieve = multi;
	arena_size = spmc_mem_store_size(&cfg);
	assert_true(arena_size > 0);
	arena = aligned_alloc(16, (arena_size + 15) & ~(size_t)15);
	snap = malloc(arena_size);
	assert_non_null(arena);
	assert_non_null(snap);
	assert_int_equal(spmc_mem_store_init(&S, arena, arena_size, &cfg), 0);
	check_ok();
}

static int setup(void **state)
{
	(void)state;
	build(64, 16, 1024, 0, false);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(arena);
	free(snap);
	arena = snap = NULL;
	S = NULL;
	return 0;
}

static struct spmc_mem_effect *fx(void)
{
	memset(room, 0xa5, sizeof(room));
	spmc_mem_effect_init(&FX, room, 64);
	return &FX;
}

/* The state the store keeps: the arena up to its sort scratch. */
static size_t state_bytes(void)
{
	return (size_t)((uint8_t *)S->scratch - arena);
}

/* The golden rule: a failing call returns `code`, an empty effect, and leaves
 * the state exactly as it was. */
#define EXPECT_ERR(code, call)                                                           \
	do {                                                                             \
		int rc_;                                                                 \
		memcpy(snap, arena, state_bytes());                                      \
		rc_ = (call);                                                            \
		if (rc_ != (code)) {                                                     \
			print_error("%s: expected %d, got %d\n", #call, (int)(code), rc_); \
			fail();                                                          \
		}                                                                        \
		if (memcmp(snap, arena, state_bytes()) != 0) {                           \
			print_error("%s: state changed by a failed call\n", #call);      \
			fail();                                                          \
		}                                                                        \
		assert_int_equal(FX.change_count, 0);                                    \
		assert_false(FX.zero);                                                   \
		check_ok();                                                              \
	} while (0)

/* ---- descriptors ---- */

struct send {
	struct spmc_mem_desc d;
	struct spmc_mem_access acc[40];
	struct spmc_mem_range rng[16];
};
static struct send SD;

static uint16_t default_attrs(enum spmc_mem_op op, uint32_t n)
{
	return op == SPMC_MEM_OP_DONATE || (op == SPMC_MEM_OP_LEND && n == 1) ? 0 : NORMAL_WB;
}

static uint8_t default_perms(enum spmc_mem_op op)
{
	return op == SPMC_MEM_OP_DONATE ? 0 : RW;
}

/* A send of `k` ranges to `n` borrowers with the operation's usual perms. */
static struct spmc_mem_desc *mk_send(enum spmc_mem_op op, ffa_id_t sender, const ffa_id_t *ids,
				     uint32_t n, const struct spmc_mem_range *r, uint32_t k)
{
	memset(&SD, 0, sizeof(SD));
	SD.d.version = FFA_VERSION_1_2;
	SD.d.sender = sender;
	SD.d.attributes = default_attrs(op, n);
	SD.d.tag = 0x7a9;
	SD.d.access = SD.acc;
	SD.d.access_count = n;
	SD.d.ranges = SD.rng;
	SD.d.range_count = k;
	for (uint32_t i = 0; i < n; i++) {
		SD.acc[i].id = ids[i];
		SD.acc[i].perms = default_perms(op);
		SD.acc[i].impdef[0] = (uint8_t)i;
	}
	for (uint32_t i = 0; i < k; i++) {
		SD.rng[i] = r[i];
		SD.d.total_pages += r[i].pages;
	}
	return &SD.d;
}

static struct spmc_mem_desc *mk_send1(enum spmc_mem_op op, ffa_id_t sender, ffa_id_t to,
				      uint64_t addr, uint64_t pages)
{
	struct spmc_mem_range r = {addr, pages};

	return mk_send(op, sender, &to, 1, &r, 1);
}

static ffa_mem_handle_t create_ok(enum spmc_mem_op op, const struct spmc_mem_desc *d)
{
	assert_int_equal(spmc_mem_create(S, d->sender, op, d, fx()), 0);
	check_ok();
	assert_int_equal(FX.handle >> 63, 0);
	return FX.handle;
}

struct req {
	struct spmc_mem_desc d;
	struct spmc_mem_access acc[40];
};
static struct req RQ;

/* The perms a borrower usually asks for: RW, and NX where it must name it. */
static uint8_t req_perms(uint8_t op, uint32_t borrowers)
{
	if (op == SPMC_MEM_OP_SHARE || (op == SPMC_MEM_OP_LEND && borrowers > 1))
		return RW;
	return RW | NX;
}

/* A retrieve request repeating every borrower, as a v1.2 borrower sends it. */
static struct spmc_mem_desc *mk_req(ffa_mem_handle_t h)
{
	struct spmc_mem_tx_info t;

	memset(&RQ, 0, sizeof(RQ));
	assert_int_equal(spmc_mem_tx(S, h, &t), 0);
	RQ.d.version = FFA_VERSION_1_2;
	RQ.d.sender = t.sender;
	RQ.d.handle = h;
	RQ.d.tag = t.tag;
	RQ.d.flags = (uint32_t)t.op << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
	RQ.d.access = RQ.acc;
	RQ.d.access_count = t.borrower_count;
	for (uint32_t i = 0; i < t.borrower_count; i++) {
		struct spmc_mem_borrower_info b;

		assert_int_equal(spmc_mem_tx_borrower(S, h, i, &b), 0);
		RQ.acc[i].id = b.sent.id;
		RQ.acc[i].perms = req_perms(t.op, t.borrower_count);
		memcpy(RQ.acc[i].impdef, b.sent.impdef, 16);
	}
	return &RQ.d;
}

static void retrieve_ok(ffa_mem_handle_t h, ffa_id_t who)
{
	assert_int_equal(spmc_mem_retrieve(S, who, mk_req(h), fx()), 0);
	check_ok();
}

static struct spmc_mem_relinquish RL;
static uint8_t rl_eps[80];

static struct spmc_mem_relinquish *mk_rel(ffa_mem_handle_t h, const ffa_id_t *ids, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		rl_eps[2 * i] = (uint8_t)ids[i];
		rl_eps[2 * i + 1] = (uint8_t)(ids[i] >> 8);
	}
	RL = (struct spmc_mem_relinquish){.handle = h, .endpoints = rl_eps, .endpoint_count = n};
	return &RL;
}

static struct spmc_mem_relinquish *mk_rel1(ffa_mem_handle_t h, ffa_id_t id)
{
	return mk_rel(h, &id, 1);
}

static void relinquish_ok(ffa_mem_handle_t h, ffa_id_t who)
{
	assert_int_equal(spmc_mem_relinquish(S, who, mk_rel1(h, who), fx()), 0);
	check_ok();
}

static void reclaim_ok(ffa_mem_handle_t h, ffa_id_t who)
{
	assert_int_equal(spmc_mem_reclaim(S, who, h, 0, fx()), 0);
	check_ok();
}

static uint32_t intervals(void)
{
	struct spmc_mem_usage u;

	spmc_mem_usage(S, &u);
	return u.intervals;
}

static void assert_change(uint32_t i, ffa_id_t id, uint8_t before, uint8_t after)
{
	assert_true(i < FX.change_count);
	assert_int_equal(FX.changes[i].id, id);
	assert_int_equal(FX.changes[i].before, before);
	assert_int_equal(FX.changes[i].after, after);
}

/* ==== configuration and the initial map ==== */

/* The store's sizes come from configuration; an unusable layout is refused:
 * overlapping, empty, unaligned or wrapping regions, and secure memory owned
 * by a normal-world endpoint. */
static void test_size_rejects_bad_layouts(void **state)
{
	struct spmc_mem_region_cfg r[2];
	struct spmc_mem_store_cfg c = {.regions = r, .region_count = 2};

	(void)state;
	r[0] = (struct spmc_mem_region_cfg){0x1000, 4, SP(1), RWX_};
	r[1] = (struct spmc_mem_region_cfg){0x4000, 4, SP(2), RWX_};
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* overlap */
	r[1].base = 0x5000;
	assert_true(spmc_mem_store_size(&c) > 0);                          /* adjacent is fine */
	r[1].pages = 0;
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* empty */
	r[1] = (struct spmc_mem_region_cfg){0x5800, 4, SP(2), RWX_};
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* unaligned */
	r[1] = (struct spmc_mem_region_cfg){0xfffffffffffff000ull, 2, SP(2), RWX_};
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* wraps */
	r[1] = (struct spmc_mem_region_cfg){0xfffffffffffff000ull, 1, SP(2), RWX_};
	assert_true(spmc_mem_store_size(&c) > 0);                          /* the last page */
	r[1] = (struct spmc_mem_region_cfg){0x9000, 1, NWD, RWX_};
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* NWd owns secure */
	r[1].attrs = RWX_ | HAL_MEM_NS | 0x80;
	assert_int_equal(spmc_mem_store_size(&c), 0);                      /* unknown attrs */
	c.region_count = 0;
	assert_int_equal(spmc_mem_store_size(&c), 0);
	assert_int_equal(spmc_mem_store_size(NULL), 0);
	/* Sizes that cannot be indexed or would overflow the arena. */
	r[1] = (struct spmc_mem_region_cfg){0x5000, 4, SP(2), RWX_};
	c.region_count = 2;
	c.max_tx = 0xffffffffu;
	assert_int_equal(spmc_mem_store_size(&c), 0);
	c.max_tx = 0x7fffffffu;
	c.max_borrowers = 0xffffffffu;
	assert_int_equal(spmc_mem_store_size(&c), 0);
	c.max_tx = 0;
	c.max_borrowers = 0;
	c.max_ranges = 0x80000000u;
	assert_int_equal(spmc_mem_store_size(&c), 0);
	c.max_ranges = 0;
	c.max_intervals = 1; /* fewer than the regions */
	assert_int_equal(spmc_mem_store_size(&c), 0);
}

/* No small fixed limits: zero configuration fields take the defaults (4096
 * transactions, 16 borrowers each, room for a 100,000-constituent one), and
 * the arena grows with what is asked. */
static void test_defaults_and_scaling(void **state)
{
	struct spmc_mem_store_cfg c = cfg;
	struct spmc_mem_usage u;
	struct spmc_mem_store *s;
	size_t small, big;
	void *m;

	(void)state;
	c.max_tx = c.max_borrowers = c.max_ranges = c.max_intervals = 0;
	big = spmc_mem_store_size(&c);
	m = aligned_alloc(16, (big + 15) & ~(size_t)15);
	assert_non_null(m);
	assert_int_equal(spmc_mem_store_init(&s, m, big, &c), 0);
	spmc_mem_usage(s, &u);
	assert_int_equal(u.max_tx, SPMC_MEM_DEFAULT_MAX_TX);
	assert_true(u.max_ranges >= 100000);
	assert_true(u.max_intervals >= NSP + 4 + 2 * 100000);
	assert_int_equal(spmc_mem_check(s, NULL), 0);
	free(m);
	c.max_tx = 8;
	c.max_borrowers = 2;
	c.max_ranges = 64;
	small = spmc_mem_store_size(&c);
	assert_true(small > 0 && small < big);
	c.max_tx = 16;
	assert_true(spmc_mem_store_size(&c) > small);
}

/* Init needs the whole arena; too small -> NO_MEMORY, bad cfg -> INVALID_PARAMETERS. */
static void test_init_arena(void **state)
{
	struct spmc_mem_store *s = NULL;
	struct spmc_mem_store_cfg bad = cfg;
	size_t n = spmc_mem_store_size(&cfg);
	void *m = aligned_alloc(16, (n + 15) & ~(size_t)15);

	(void)state;
	assert_int_equal(spmc_mem_store_init(&s, m, n - 1, &cfg), FFA_RET_NO_MEMORY);
	assert_int_equal(spmc_mem_store_init(&s, (uint8_t *)m + 4, n, &cfg), FFA_RET_NO_MEMORY);
	bad.region_count = 0;
	assert_int_equal(spmc_mem_store_init(&s, m, n, &bad), FFA_RET_INVALID_PARAMETERS);
	assert_null(s);
	assert_int_equal(spmc_mem_store_init(&s, m, n, &cfg), 0);
	assert_int_equal(spmc_mem_check(s, NULL), 0);
	free(m);
}

/* Normal-world memory is owned by the NWd endpoint, each SP's memory by the
 * SP, exclusively; memory outside the layout has no owner and no access. */
static void test_initial_ownership(void **state)
{
	struct spmc_mem_page_info p;

	(void)state;
	assert_int_equal(spmc_mem_owner(S, NS_BASE), NWD);
	assert_int_equal(spmc_mem_owner(S, NS_BASE + (NS_PAGES - 1) * PG + 123), NWD);
	assert_int_equal(spmc_mem_owner(S, SP_BASE(3) + 5 * PG), SP(3));
	assert_int_equal(spmc_mem_owner(S, GAP_BASE), FFA_ID_SPMD);
	assert_int_equal(spmc_mem_owner(S, NS_BASE + NS_PAGES * PG), FFA_ID_SPMD);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE), RWX_);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE), 0);
	assert_int_equal(spmc_mem_access(S, SP(1), RO_BASE), HAL_MEM_R);
	assert_int_equal(spmc_mem_access(S, SP(2), SP_BASE(1)), 0);
	assert_int_equal(spmc_mem_access(S, NWD, GAP_BASE), 0);
	assert_int_equal(spmc_mem_page(S, SP_BASE(2), &p), 0);
	assert_int_equal(p.owner, SP(2));
	assert_int_equal(p.state, SPMC_MEM_PAGE_OWNED);
	assert_int_equal(p.handle, 0);
	assert_int_equal(p.base, SP_BASE(2));
	assert_int_equal(p.pages, SP_PAGES);
	assert_int_equal(spmc_mem_page(S, GAP_BASE, &p), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(intervals(), NSP + 4);
}

/* ==== share ==== */

/* DEN0077 FFA_MEM_SHARE, NWd -> SP: the owner keeps its access; the borrower
 * gains the data access it asked for (NX: share is never executable) when it
 * retrieves, and loses it when it relinquishes; the owner's reclaim ends the
 * transaction. Effects name exactly these changes. */
static void test_share_nwd_to_sp_lifecycle(void **state)
{
	struct spmc_mem_page_info p;
	struct spmc_mem_tx_info t;
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE + 8 * PG, 4));
	assert_int_equal(FX.change_count, 0);
	assert_int_equal(FX.op, SPMC_MEM_OP_SHARE);
	assert_int_equal(FX.kind, HAL_MEM_NS);
	assert_false(FX.ends);
	assert_int_equal(spmc_mem_page(S, NS_BASE + 9 * PG, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_SHARED);
	assert_int_equal(p.handle, h);
	assert_int_equal(p.base, NS_BASE + 8 * PG);
	assert_int_equal(p.pages, 4);
	assert_int_equal(intervals(), NSP + 4 + 2);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 8 * PG), RWX_);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 8 * PG), 0);
	assert_int_equal(spmc_mem_tx(S, h, &t), 0);
	assert_int_equal(t.flags >> FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT, SPMC_MEM_OP_SHARE);
	assert_int_equal(t.total_pages, 4);
	assert_int_equal(t.owner_access, RWX_);

	retrieve_ok(h, SP(1));
	assert_int_equal(FX.change_count, 1);
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 11 * PG), HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 12 * PG), 0);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 11 * PG), RWX_);
	assert_int_equal(spmc_mem_owner(S, NS_BASE + 11 * PG), NWD);

	relinquish_ok(h, SP(1));
	assert_int_equal(FX.change_count, 1);
	assert_change(0, SP(1), HAL_MEM_R | HAL_MEM_W, 0);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 8 * PG), 0);

	reclaim_ok(h, NWD);
	assert_int_equal(FX.change_count, 0);
	assert_true(FX.ends);
	assert_int_equal(spmc_mem_tx(S, h, &t), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(spmc_mem_page(S, NS_BASE + 9 * PG, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_OWNED);
	assert_int_equal(intervals(), NSP + 4); /* merged back */
}

/* DEN0077 FFA_MEM_SHARE SP -> SP with read-only access: the borrower maps RO. */
static void test_share_sp_to_sp_read_only(void **state)
{
	struct spmc_mem_desc *d = mk_send1(SPMC_MEM_OP_SHARE, SP(2), SP(3), SP_BASE(2), 2);
	ffa_mem_handle_t h;

	(void)state;
	SD.acc[0].perms = RO;
	h = create_ok(SPMC_MEM_OP_SHARE, d);
	mk_req(h);
	RQ.acc[0].perms = 0; /* data not specified: what was sent */
	assert_int_equal(spmc_mem_retrieve(S, SP(3), &RQ.d, fx()), 0);
	assert_change(0, SP(3), 0, HAL_MEM_R);
	assert_int_equal(spmc_mem_access(S, SP(3), SP_BASE(2) + PG), HAL_MEM_R);
	assert_int_equal(spmc_mem_access(S, SP(2), SP_BASE(2) + PG), RWX_);
	check_ok();
	relinquish_ok(h, SP(3));
	reclaim_ok(h, SP(2));
}

/* DEN0077 FFA_MEM_SHARE: memory already shared is not in the owner's
 * exclusive state, so sharing (or lending) any of it again -> DENIED
 * (Hafnium's check). */
static void test_share_already_shared_denied(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 4));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(2), NS_BASE + 3 * PG, 2), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), NS_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 4), fx()));
	reclaim_ok(h, NWD);
}

/* ==== lend ==== */

/* DEN0077 FFA_MEM_LEND, NWd -> SP: the lender loses access at once (state
 * lent); the borrower gains access on retrieve (a single borrower names its
 * instruction access); reclaim while the borrower holds it -> DENIED; after
 * relinquish, reclaim gives the lender its access back. */
static void test_lend_nwd_to_sp_lifecycle(void **state)
{
	struct spmc_mem_page_info p;
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 16));
	assert_int_equal(FX.change_count, 1);
	assert_change(0, NWD, RWX_, 0);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 15 * PG), 0);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 16 * PG), RWX_);
	assert_int_equal(spmc_mem_page(S, NS_BASE, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_LENT);
	assert_int_equal(p.owner, NWD); /* still the owner */

	retrieve_ok(h, SP(1));
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_reclaim(S, NWD, h, 0, fx()));
	relinquish_ok(h, SP(1));
	reclaim_ok(h, NWD);
	assert_change(0, NWD, 0, RWX_);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE), RWX_);
	assert_int_equal(intervals(), NSP + 4);
}

/* DEN0077 FFA_MEM_LEND to a single borrower: the lender names no
 * instruction access; the borrower chooses: X is granted if the owner can
 * execute the memory, DENIED if not; naming none means NX. */
static void test_lend_single_instruction_access(void **state)
{
	struct spmc_mem_desc *d;
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, SP(2), SP(4), SP_BASE(2), 1));
	mk_req(h);
	RQ.acc[0].perms = RO | XX;
	assert_int_equal(spmc_mem_retrieve(S, SP(4), &RQ.d, fx()), 0);
	assert_change(0, SP(4), 0, HAL_MEM_R | HAL_MEM_X);
	check_ok();
	relinquish_ok(h, SP(4));
	mk_req(h);
	RQ.acc[0].perms = RW;
	assert_int_equal(spmc_mem_retrieve(S, SP(4), &RQ.d, fx()), 0);
	assert_change(0, SP(4), 0, HAL_MEM_R | HAL_MEM_W);
	check_ok();
	relinquish_ok(h, SP(4));
	reclaim_ok(h, SP(2));

	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(4), RO_BASE, 1);
	SD.acc[0].perms = RO;
	h = create_ok(SPMC_MEM_OP_LEND, d);
	mk_req(h);
	RQ.acc[0].perms = RO | XX;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(4), &RQ.d, fx()));
	reclaim_ok(h, SP(1));
	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(4), RX_BASE, 1);
	SD.acc[0].perms = RO;
	h = create_ok(SPMC_MEM_OP_LEND, d);
	mk_req(h);
	RQ.acc[0].perms = RO | XX;
	assert_int_equal(spmc_mem_retrieve(S, SP(4), &RQ.d, fx()), 0);
	assert_change(0, SP(4), 0, HAL_MEM_R | HAL_MEM_X);
	check_ok();
}

/* DEN0077 FFA_MEM_LEND to 16 borrowers (SP -> SPs): each gains access on its
 * own retrieve; the lender cannot reclaim while any of them holds it
 * (DENIED), and can once the last one relinquished. */
static void test_lend_sixteen_borrowers(void **state)
{
	ffa_id_t ids[16];
	struct spmc_mem_range r = {SP_BASE(1) + 4 * PG, 8};
	struct spmc_mem_tx_info t;
	ffa_mem_handle_t h;

	(void)state;
	for (uint32_t i = 0; i < 16; i++)
		ids[i] = SP(i + 2);
	h = create_ok(SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, SP(1), ids, 16, &r, 1));
	assert_change(0, SP(1), RWX_, 0);
	for (uint32_t i = 0; i < 16; i++) {
		retrieve_ok(h, ids[i]);
		assert_change(0, ids[i], 0, HAL_MEM_R | HAL_MEM_W);
		assert_int_equal(spmc_mem_access(S, ids[i], r.addr), HAL_MEM_R | HAL_MEM_W);
	}
	assert_int_equal(spmc_mem_tx(S, h, &t), 0);
	assert_int_equal(t.holders, 16);
	for (uint32_t i = 0; i < 16; i++) {
		EXPECT_ERR(FFA_RET_DENIED, spmc_mem_reclaim(S, SP(1), h, 0, fx()));
		relinquish_ok(h, ids[i]);
		assert_int_equal(spmc_mem_access(S, ids[i], r.addr), 0);
	}
	reclaim_ok(h, SP(1));
	assert_int_equal(spmc_mem_access(S, SP(1), r.addr), RWX_);
}

/* DEN0077 FFA_MEM_SHARE from the NWd to 16 SPs. */
static void test_share_nwd_sixteen_borrowers(void **state)
{
	ffa_id_t ids[16];
	struct spmc_mem_range r[2] = {{NS_BASE + 100 * PG, 3}, {NS_BASE + 300 * PG, 2}};
	ffa_mem_handle_t h;

	(void)state;
	for (uint32_t i = 0; i < 16; i++)
		ids[i] = SP(i + 1);
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send(SPMC_MEM_OP_SHARE, NWD, ids, 16, r, 2));
	for (uint32_t i = 0; i < 16; i++)
		retrieve_ok(h, ids[i]);
	for (uint32_t i = 0; i < 16; i++)
		relinquish_ok(h, ids[15 - i]);
	reclaim_ok(h, NWD);
	assert_int_equal(intervals(), NSP + 4);
}

/* ==== donate ==== */

/* DEN0077 FFA_MEM_DONATE, NWd -> SP: the donor loses access at once; the
 * ownership moves to the borrower when it retrieves (the transaction then
 * ends: its handle is stale); nothing comes back: the donor cannot reclaim,
 * and the new owner may send the memory on as its own. */
static void test_donate_nwd_to_sp_lifecycle(void **state)
{
	struct spmc_mem_page_info p;
	ffa_mem_handle_t h, h2;

	(void)state;
	h = create_ok(SPMC_MEM_OP_DONATE, mk_send1(SPMC_MEM_OP_DONATE, NWD, SP(1), NS_BASE + PG, 2));
	assert_change(0, NWD, RWX_, 0);
	assert_int_equal(spmc_mem_page(S, NS_BASE + PG, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_DONATING);
	assert_int_equal(p.owner, NWD);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + PG), 0);

	assert_int_equal(spmc_mem_retrieve_check(S, SP(1), mk_req(h), fx()), 0);
	assert_true(FX.ends);
	assert_int_equal(FX.owner_before, NWD);
	assert_int_equal(FX.owner_after, SP(1));
	retrieve_ok(h, SP(1));
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_owner(S, NS_BASE + PG), SP(1));
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 2 * PG), HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 2 * PG), 0);
	assert_int_equal(spmc_mem_page(S, NS_BASE + PG, &p), 0);
	assert_int_equal(p.state, SPMC_MEM_PAGE_OWNED);
	assert_int_equal(p.attrs, HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS);

	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_reclaim(S, NWD, h, 0, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, SP(1), mk_rel1(h, SP(1)), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), NS_BASE + PG, 1), fx()));
	/* The new owner lends it on (it is an SP's now: to SPs only). */
	h2 = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), NS_BASE + PG, 2));
	assert_change(0, SP(1), HAL_MEM_R | HAL_MEM_W, 0);
	reclaim_ok(h2, SP(1));
}

/* DEN0077 FFA_MEM_DONATE SP -> SP, with the receiver choosing read-only,
 * executable access. */
static void test_donate_sp_to_sp(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_DONATE, mk_send1(SPMC_MEM_OP_DONATE, SP(3), SP(4), SP_BASE(3), 256));
	mk_req(h);
	RQ.acc[0].perms = RO | XX;
	assert_int_equal(spmc_mem_retrieve(S, SP(4), &RQ.d, fx()), 0);
	check_ok();
	assert_int_equal(spmc_mem_owner(S, SP_BASE(3) + 255 * PG), SP(4));
	assert_int_equal(spmc_mem_access(S, SP(4), SP_BASE(3)), HAL_MEM_R | HAL_MEM_X);
	assert_int_equal(spmc_mem_access(S, SP(3), SP_BASE(3)), 0);
}

/* Hafnium: a donation not yet retrieved can still be reclaimed by the donor. */
static void test_donate_reclaim_before_retrieve(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_DONATE, mk_send1(SPMC_MEM_OP_DONATE, NWD, SP(1), NS_BASE, 1));
	reclaim_ok(h, NWD);
	assert_change(0, NWD, 0, RWX_);
	assert_int_equal(spmc_mem_owner(S, NS_BASE), NWD);
	assert_int_equal(intervals(), NSP + 4);
}

/* ==== the two-phase form ==== */

/* Every operation's _check form reports the same effect and changes nothing. */
static void test_check_then_apply(void **state)
{
	struct spmc_mem_desc *d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 2);
	struct spmc_mem_effect first;
	struct spmc_mem_change c0;
	ffa_mem_handle_t h;

	(void)state;
	memcpy(snap, arena, state_bytes());
	assert_int_equal(spmc_mem_create_check(S, NWD, SPMC_MEM_OP_LEND, d, fx()), 0);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	first = FX;
	c0 = room[0];
	h = create_ok(SPMC_MEM_OP_LEND, d);
	assert_int_equal(h, first.handle);
	assert_int_equal(FX.change_count, first.change_count);
	assert_memory_equal(&room[0], &c0, sizeof(c0));

	memcpy(snap, arena, state_bytes());
	assert_int_equal(spmc_mem_retrieve_check(S, SP(1), mk_req(h), fx()), 0);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
	retrieve_ok(h, SP(1));

	memcpy(snap, arena, state_bytes());
	assert_int_equal(spmc_mem_relinquish_check(S, SP(1), mk_rel1(h, SP(1)), fx()), 0);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	relinquish_ok(h, SP(1));

	memcpy(snap, arena, state_bytes());
	assert_int_equal(spmc_mem_reclaim_check(S, NWD, h, 0, fx()), 0);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	assert_true(FX.ends);
	/* Between check and apply the ranges are still readable. */
	{
		struct spmc_mem_range r;

		assert_int_equal(spmc_mem_tx_ranges(S, h, 0, &r, 1), 1);
		assert_int_equal(r.addr, NS_BASE);
	}
	reclaim_ok(h, NWD);
}

/* ==== create: errors ==== */

/* Hafnium FFA_MEM_SHARE/LEND/DONATE: the descriptor's sender must be the caller -> DENIED. */
static void test_create_sender_not_caller(void **state)
{
	(void)state;
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(2), SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, SP(1), SP(3), SP_BASE(1), 1), fx()));
}

/* DEN0077 memory transactions: every constituent must be memory the SPMC
 * knows: a range in no region, or running past one -> INVALID_PARAMETERS. */
static void test_create_unknown_memory(void **state)
{
	(void)state;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), GAP_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1),
					    NS_BASE + (NS_PAGES - 1) * PG, 2),
				   fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), RO_BASE + 15 * PG, 2),
				   fx()));
	/* Running into the next SP's memory is known memory: not the
	 * sender's -> DENIED. */
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), SP_BASE(1) + 255 * PG, 2),
				   fx()));
}

/* DEN0077: only the owner, with exclusive access, may share, lend or donate:
 * the normal world naming secure memory (an SP's), or an SP naming another's
 * or the normal world's memory -> DENIED; so is a descriptor mixing the
 * sender's memory with someone else's. */
static void test_create_not_owner(void **state)
{
	struct spmc_mem_range r[2] = {{NS_BASE, 1}, {SP_BASE(1), 1}};

	(void)state;
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), SP_BASE(1), 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), SP_BASE(1), 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(2), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(2), SP(3), SP_BASE(1), 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), NS_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, NWD, (ffa_id_t[]){SP(2)}, 1, r, 2), fx()));
}

/* DEN0077: memory lent or being donated is no longer the owner's to send;
 * neither is memory a borrower merely has access to -> DENIED. */
static void test_create_lent_memory_denied(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 4));
	retrieve_ok(h, SP(1));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_DONATE,
				   mk_send1(SPMC_MEM_OP_DONATE, NWD, SP(2), NS_BASE + 2 * PG, 4), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, SP(1), SP(2), NS_BASE, 1), fx()));
	relinquish_ok(h, SP(1));
	reclaim_ok(h, NWD);
}

/* DEN0077 constituents: 4 KiB aligned, at least one page, inside the address
 * space, not overlapping one another, adding up to the composite's total
 * page count; at least one constituent -> otherwise INVALID_PARAMETERS. */
static void test_create_bad_constituents(void **state)
{
	struct spmc_mem_range r[3];
	struct spmc_mem_desc *d;
	ffa_id_t to = SP(1);

	(void)state;
	r[0] = (struct spmc_mem_range){NS_BASE + 0x800, 1};
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 1),
				   fx()));
	r[0] = (struct spmc_mem_range){NS_BASE, 0};
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 1),
				   fx()));
	r[0] = (struct spmc_mem_range){0xfffffffffffff000ull, 2};
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 1),
				   fx()));
	r[0] = (struct spmc_mem_range){NS_BASE + 8 * PG, 4};
	r[1] = (struct spmc_mem_range){NS_BASE, 2};
	r[2] = (struct spmc_mem_range){NS_BASE + 11 * PG, 1};
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 3),
				   fx()));
	d = mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 2);
	d->total_pages++;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 2);
	d->range_count = 0;
	d->total_pages = 0;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	/* Unsorted but disjoint is fine. */
	assert_int_equal(spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
					 mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 2), fx()),
			 0);
	check_ok();
}

/* DEN0077 borrowers: at least one; none listed twice, none the sender ->
 * INVALID_PARAMETERS; more than the SPMC tracks per transaction -> NO_MEMORY. */
static void test_create_bad_borrowers(void **state)
{
	struct spmc_mem_range r = {SP_BASE(1), 1};
	ffa_id_t ids[17];

	(void)state;
	for (uint32_t i = 0; i < 17; i++)
		ids[i] = SP(i + 1 < 17 ? i + 2 : 2);
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, SP(1), ids, 0, &r, 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, SP(1), (ffa_id_t[]){SP(2), SP(2)}, 2, &r, 1),
				   fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, SP(1), (ffa_id_t[]){SP(2), SP(1)}, 2, &r, 1),
				   fx()));
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, SP(1), ids, 17, &r, 1), fx()));
}

/* Hafnium's SPMC (FF-A v1.2 memory management): lend and donate go to SPs
 * only; an SP shares with SPs only; the NWd shares with one SP, or with
 * several borrowers mixing worlds -> otherwise INVALID_PARAMETERS. DEN0077
 * FFA_MEM_DONATE has exactly one borrower -> otherwise INVALID_PARAMETERS. */
static void test_create_world_rules(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, SP(1), NWD, SP_BASE(1), 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, VM1, NS_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, VM1, NS_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_DONATE,
				   mk_send(SPMC_MEM_OP_DONATE, SP(1), (ffa_id_t[]){SP(2), SP(3)}, 2,
					   &(struct spmc_mem_range){SP_BASE(1), 1}, 1),
				   fx()));
	h = create_ok(SPMC_MEM_OP_SHARE,
		      mk_send(SPMC_MEM_OP_SHARE, NWD, (ffa_id_t[]){VM1, SP(2)}, 2,
			      &(struct spmc_mem_range){NS_BASE, 1}, 1));
	reclaim_ok(h, NWD);
}

/* DEN0077 memory access permissions: share and lend name RO or RW; donate
 * names no data access; no send names the instruction access (bits [3:2]
 * MBZ, as the FF-A ACS checks); reserved encodings -> INVALID_PARAMETERS. */
static void test_create_permission_rules(void **state)
{
	static const struct {
		enum spmc_mem_op op;
		uint32_t n;
		uint8_t perms;
	} bad[] = {
		{SPMC_MEM_OP_SHARE, 1, 0},       {SPMC_MEM_OP_SHARE, 1, RW | NX},
		{SPMC_MEM_OP_SHARE, 1, 3},       {SPMC_MEM_OP_LEND, 1, 0},
		{SPMC_MEM_OP_LEND, 2, RW | NX},  {SPMC_MEM_OP_LEND, 1, RW | (3 << 2)},
		{SPMC_MEM_OP_LEND, 1, RW | NX},  {SPMC_MEM_OP_LEND, 1, RO | XX},
		{SPMC_MEM_OP_LEND, 1, RW | 0x10}, {SPMC_MEM_OP_DONATE, 1, RW},
		{SPMC_MEM_OP_DONATE, 1, NX},
	};
	struct spmc_mem_range r = {SP_BASE(1), 1};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct spmc_mem_desc *d =
			mk_send(bad[i].op, SP(1), (ffa_id_t[]){SP(2), SP(3)}, bad[i].n, &r, 1);

		SD.acc[0].perms = bad[i].perms;
		EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, SP(1), bad[i].op, d, fx()));
	}
}

/* DEN0077 memory region attributes: the NS bit is the SPMC's to set (MBZ in a
 * send); a donate or a lend to one borrower leaves the attributes to the
 * borrower (must be unspecified), a share must give the memory type;
 * reserved flags MBZ; zeroing a shared region is meaningless (the owner
 * keeps access) -> all INVALID_PARAMETERS. */
static void test_create_attribute_and_flag_rules(void **state)
{
	struct spmc_mem_desc *d;

	(void)state;
	d = mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1);
	d->attributes |= FFA_MEM_ATTR_NS;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1);
	d->attributes = 0;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1);
	d->attributes = NORMAL_WB;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send1(SPMC_MEM_OP_DONATE, NWD, SP(1), NS_BASE, 1);
	d->attributes = NORMAL_WB;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_DONATE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1);
	d->flags = FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1);
	d->flags = 1u << 4;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1);
	SD.acc[0].flags = 0x2;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_NONE, d, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, NULL, fx()));
}

/* Hafnium: a borrower cannot be given more than the owner has: RW on memory
 * the owner has read-only -> DENIED; zeroing needs the owner's write access
 * -> DENIED. Read-only memory lends fine as RO. */
static void test_create_more_than_owner_has(void **state)
{
	struct spmc_mem_desc *d;

	(void)state;
	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), RO_BASE, 1);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send1(SPMC_MEM_OP_SHARE, SP(1), SP(2), RO_BASE, 1);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), RO_BASE, 1);
	SD.acc[0].perms = RO;
	d->flags = FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), RO_BASE, 1);
	SD.acc[0].perms = RO;
	create_ok(SPMC_MEM_OP_LEND, d);
	assert_change(0, SP(1), HAL_MEM_R, 0);
}

/* Hafnium: all constituents must be in the same state with the same access
 * (one mode) -> DENIED for a mix of RW and RO memory. */
static void test_create_mixed_access_denied(void **state)
{
	struct spmc_mem_range r[2] = {{RO_BASE, 1}, {RX_BASE, 1}};
	struct spmc_mem_desc *d = mk_send(SPMC_MEM_OP_LEND, SP(1), (ffa_id_t[]){SP(2)}, 1, r, 2);

	(void)state;
	SD.acc[0].perms = RO;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND, d, fx()));
}

/* Hafnium: device memory can only be lent, to a single borrower -> DENIED
 * for a share or a lend to several. */
static void test_create_device_memory(void **state)
{
	struct spmc_mem_desc *d;
	ffa_mem_handle_t h;

	(void)state;
	d = mk_send1(SPMC_MEM_OP_SHARE, SP(1), SP(2), DEV_BASE, 1);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send(SPMC_MEM_OP_LEND, SP(1), (ffa_id_t[]){SP(2), SP(3)}, 2,
		    &(struct spmc_mem_range){DEV_BASE, 1}, 1);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND, d, fx()));
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), DEV_BASE, 2));
	assert_int_equal(FX.kind, HAL_MEM_DEVICE);
	/* Hafnium: device memory is never retrieved as normal memory -> DENIED. */
	mk_req(h);
	RQ.d.attributes = NORMAL_WB;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(2), &RQ.d, fx()));
	retrieve_ok(h, SP(2));
	relinquish_ok(h, SP(2));
	reclaim_ok(h, SP(1));
}

/* Resources: no free transaction slot, no room for the constituents, no room
 * in the page map, or no room for the effect -> NO_MEMORY, nothing changed. */
static void test_create_out_of_resources(void **state)
{
	struct spmc_mem_range r[3] = {{NS_BASE, 1}, {NS_BASE + 2 * PG, 1}, {NS_BASE + 4 * PG, 1}};
	struct spmc_mem_effect none;
	ffa_mem_handle_t h[2];

	(void)state;
	build(2, 4, 4, NSP + 4 + 4, false);
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1)}, 1, r, 3), fx()));
	h[0] = create_ok(SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1)}, 1, r, 2));
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1)}, 1, &r[2], 1),
				   fx()));
	h[1] = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 1));
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), SP_BASE(1), 1), fx()));
	reclaim_ok(h[0], NWD);
	reclaim_ok(h[1], NWD);
	memcpy(snap, arena, state_bytes());
	spmc_mem_effect_init(&none, NULL, 0);
	assert_int_equal(spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
					 mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1), &none),
			 FFA_RET_NO_MEMORY);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	assert_int_equal(none.change_count, 0);
}

/* ==== retrieve: errors ==== */

/* DEN0077 handles: a handle the SPMC did not allocate (bit 63 set, slot out
 * of range, unknown generation) is detected -> INVALID_PARAMETERS, for every
 * operation. */
static void test_forged_handles(void **state)
{
	ffa_mem_handle_t h, bad[4];

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1));
	bad[0] = h | FFA_MEM_HANDLE_ALLOC_HYP;
	bad[1] = h + 1;                         /* a free slot */
	bad[2] = h + (1ull << 32);              /* next generation */
	bad[3] = (h & ~0xffffffffull) | 0xfffff; /* slot out of range */
	for (int i = 0; i < 4; i++) {
		mk_req(h);
		RQ.d.handle = bad[i];
		EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
		EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
			   spmc_mem_relinquish(S, SP(1), mk_rel1(bad[i], SP(1)), fx()));
		EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_reclaim(S, NWD, bad[i], 0, fx()));
	}
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), NULL, fx()));
	reclaim_ok(h, NWD);
}

/* Hafnium FFA_MEM_RETRIEVE_REQ: only a named borrower retrieves -> the caller
 * not among them: INVALID_PARAMETERS; the request names a sender other than
 * the transaction's -> DENIED; another tag, or another transaction type ->
 * INVALID_PARAMETERS. */
static void test_retrieve_identity_checks(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(2), mk_req(h), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, NWD, mk_req(h), fx()));
	mk_req(h);
	RQ.d.sender = SP(3);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.tag++;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.flags = FFA_MEM_TRANSACTION_LEND << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.flags = 0; /* type unspecified is fine */
	assert_int_equal(spmc_mem_retrieve(S, SP(1), &RQ.d, fx()), 0);
	check_ok();
}

/* Hafnium FFA_MEM_RETRIEVE_REQ: a request lists the same borrowers as the
 * send (a different count -> INVALID_PARAMETERS; an endpoint that is not a
 * borrower -> DENIED; the caller missing -> INVALID_PARAMETERS); with the
 * v1.2 bypass flag just the caller (more -> INVALID_PARAMETERS). The SPMC
 * takes no borrower-chosen ranges and no NS attribute (INVALID_PARAMETERS). */
static void test_retrieve_access_list(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE,
		      mk_send(SPMC_MEM_OP_SHARE, NWD, (ffa_id_t[]){SP(1), SP(2)}, 2,
			      &(struct spmc_mem_range){NS_BASE, 1}, 1));
	mk_req(h);
	RQ.d.access_count = 1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.acc[1].id = SP(5);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.acc[0] = RQ.acc[1];
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.access_count = 0;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.flags |= FFA_MEM_FLAG_BYPASS_MULTI_BORROWER;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.range_count = 1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.attributes = FFA_MEM_ATTR_NS;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.d.flags |= 1u << 11;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(h);
	RQ.acc[0].flags = 1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	/* Bypass with just the caller (SP(2), second in the send). */
	mk_req(h);
	RQ.d.flags |= FFA_MEM_FLAG_BYPASS_MULTI_BORROWER;
	RQ.acc[0] = RQ.acc[1];
	RQ.d.access_count = 1;
	assert_int_equal(spmc_mem_retrieve(S, SP(2), &RQ.d, fx()), 0);
	check_ok();
	assert_change(0, SP(2), 0, HAL_MEM_R | HAL_MEM_W);
}

/* DEN0077 FFA_MEM_RETRIEVE_REQ permissions (Hafnium's rules): no wider than
 * sent (RW asked of RO sent -> DENIED); a share names no instruction access
 * (INVALID_PARAMETERS); reserved encodings -> INVALID_PARAMETERS. A borrower
 * of a single-borrower lend that names no instruction access gets NX (the
 * FF-A ACS retrieves so), and may ask for less than sent. */
static void test_retrieve_permissions(void **state)
{
	struct spmc_mem_desc *d;
	ffa_mem_handle_t hs, hl;

	(void)state;
	d = mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1);
	SD.acc[0].perms = RO;
	hs = create_ok(SPMC_MEM_OP_SHARE, d);
	mk_req(hs);
	RQ.acc[0].perms = RW;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hs);
	RQ.acc[0].perms = RO | NX;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hs);
	RQ.acc[0].perms = 3;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));

	hl = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 1));
	mk_req(hl);
	RQ.acc[0].perms = RW | XX | 0x10;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hl);
	RQ.acc[0].perms = RO;
	assert_int_equal(spmc_mem_retrieve(S, SP(1), &RQ.d, fx()), 0);
	assert_change(0, SP(1), 0, HAL_MEM_R);
	check_ok();
}

/* Hafnium (FF-A v1.2): the implementation-defined value of a v1.2 access
 * descriptor must match the one sent -> INVALID_PARAMETERS. */
static void test_retrieve_impdef_mismatch(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1));
	mk_req(h);
	RQ.acc[0].impdef[15] ^= 1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	RQ.d.version = FFA_VERSION_1_1; /* a v1.1 request has none to compare */
	assert_int_equal(spmc_mem_retrieve(S, SP(1), &RQ.d, fx()), 0);
	check_ok();
}

/* Hafnium: a borrower that holds the memory retrieving it again -> DENIED
 * (its stage-2 already maps it); no change. */
static void test_retrieve_twice_denied(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	retrieve_ok(h, SP(1));
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), mk_req(h), fx()));
	relinquish_ok(h, SP(1));
	retrieve_ok(h, SP(1)); /* after relinquishing, it may again */
	assert_change(0, SP(1), 0, HAL_MEM_R | HAL_MEM_W);
}

/* TF-A and OP-TEE SPMCs (multi_retrieve): retrieves are counted, each
 * matched by a relinquish; a repeat grants nothing new and must ask for the
 * same access (DENIED otherwise); access goes with the last relinquish. */
static void test_retrieve_counted(void **state)
{
	ffa_mem_handle_t h;
	struct spmc_mem_borrower_info b;

	(void)state;
	build(8, 4, 64, 0, true);
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	retrieve_ok(h, SP(1));
	assert_int_equal(FX.change_count, 1);
	retrieve_ok(h, SP(1));
	assert_int_equal(FX.change_count, 0);
	mk_req(h);
	RQ.acc[0].perms = RO;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	assert_int_equal(spmc_mem_tx_borrower(S, h, 0, &b), 0);
	assert_int_equal(b.holds, 2);
	relinquish_ok(h, SP(1));
	assert_int_equal(FX.change_count, 0);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE), HAL_MEM_R | HAL_MEM_W);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_reclaim(S, NWD, h, 0, fx()));
	relinquish_ok(h, SP(1));
	assert_change(0, SP(1), HAL_MEM_R | HAL_MEM_W, 0);
	reclaim_ok(h, NWD);
}

/* DEN0077 zero flags (Hafnium's checks): a share cannot be zeroed before
 * retrieval or after relinquish (INVALID_PARAMETERS); a borrower asking to
 * zero memory the sender did not allow zeroing -> DENIED; a read-only
 * borrower cannot ask for zeroing -> DENIED. */
static void test_retrieve_zero_flags(void **state)
{
	struct spmc_mem_desc *d;
	ffa_mem_handle_t hs, hl, hz;

	(void)state;
	hs = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	mk_req(hs);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hs);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));

	hl = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 1));
	assert_false(FX.zero);
	mk_req(hl);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	mk_req(hl);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH;
	RQ.acc[0].perms = RO | NX;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));

	/* The sender asks for zeroing: the lend's effect zeroes; a borrower
	 * may then insist on it (bit 0) without zeroing again, and its
	 * zero-after-relinquish zeroes when it lets go. */
	d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), NS_BASE + 2 * PG, 1);
	d->flags = FFA_MEM_FLAG_ZERO_MEMORY;
	hz = create_ok(SPMC_MEM_OP_LEND, d);
	assert_true(FX.zero);
	mk_req(hz);
	RQ.d.flags |= FFA_MEM_FLAG_ZERO_MEMORY | FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH;
	assert_int_equal(spmc_mem_retrieve(S, SP(2), &RQ.d, fx()), 0);
	assert_false(FX.zero);
	check_ok();
	relinquish_ok(hz, SP(2));
	assert_true(FX.zero);
	reclaim_ok(hz, NWD);
	assert_false(FX.zero);
}

/* ==== relinquish: errors ==== */

/* Hafnium FFA_MEM_RELINQUISH: an SP relinquishes only for itself; an endpoint
 * that is not a borrower, or has not retrieved the memory, a repeated
 * endpoint, no endpoint, or reserved flags -> INVALID_PARAMETERS; zeroing a
 * share -> INVALID_PARAMETERS; zeroing by a read-only borrower -> DENIED;
 * no room for the effect -> NO_MEMORY. */
static void test_relinquish_errors(void **state)
{
	struct spmc_mem_effect small;
	ffa_mem_handle_t hs, hl;
	struct spmc_mem_desc *d;

	(void)state;
	hs = create_ok(SPMC_MEM_OP_SHARE,
		       mk_send(SPMC_MEM_OP_SHARE, NWD, (ffa_id_t[]){SP(1), SP(2)}, 2,
			       &(struct spmc_mem_range){NS_BASE, 1}, 1));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, SP(1), mk_rel1(hs, SP(1)), fx()));
	retrieve_ok(hs, SP(1));
	retrieve_ok(hs, SP(2));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, SP(1), mk_rel1(hs, SP(2)), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, SP(3), mk_rel1(hs, SP(3)), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_relinquish(S, SP(1), mk_rel(hs, (ffa_id_t[]){SP(1), SP(1)}, 2), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_relinquish(S, SP(1), mk_rel(hs, (ffa_id_t[]){SP(1), SP(1), SP(1)}, 3),
				       fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, SP(1), mk_rel(hs, NULL, 0), fx()));
	mk_rel1(hs, SP(1));
	RL.flags = 1u << 2;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, SP(1), &RL, fx()));
	RL.flags = FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, SP(1), &RL, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, SP(1), NULL, fx()));
	/* The NWd cannot relinquish for an SP. */
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_relinquish(S, NWD, mk_rel1(hs, SP(1)), fx()));

	d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(3), NS_BASE + PG, 1);
	SD.acc[0].perms = RO;
	hl = create_ok(SPMC_MEM_OP_LEND, d);
	mk_req(hl);
	RQ.acc[0].perms = RO | NX;
	assert_int_equal(spmc_mem_retrieve(S, SP(3), &RQ.d, fx()), 0);
	mk_rel1(hl, SP(3));
	RL.flags = FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_relinquish(S, SP(3), &RL, fx()));
	spmc_mem_effect_init(&small, NULL, 0);
	memcpy(snap, arena, state_bytes());
	assert_int_equal(spmc_mem_relinquish(S, SP(3), mk_rel1(hl, SP(3)), &small), FFA_RET_NO_MEMORY);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	relinquish_ok(hl, SP(3));
}

/* DEN0077 FFA_MEM_RELINQUISH from the normal world (a hypervisor) for several
 * normal-world borrowers of a multi-borrower share: one change per endpoint. */
static void test_relinquish_nwd_endpoints(void **state)
{
	ffa_id_t vm2 = 2;
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE,
		      mk_send(SPMC_MEM_OP_SHARE, NWD, (ffa_id_t[]){VM1, vm2, SP(1)}, 3,
			      &(struct spmc_mem_range){NS_BASE, 1}, 1));
	retrieve_ok(h, VM1);
	retrieve_ok(h, vm2);
	retrieve_ok(h, SP(1));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_relinquish(S, NWD, mk_rel(h, (ffa_id_t[]){VM1, SP(1)}, 2), fx()));
	assert_int_equal(spmc_mem_relinquish(S, NWD, mk_rel(h, (ffa_id_t[]){vm2, VM1}, 2), fx()), 0);
	check_ok();
	assert_int_equal(FX.change_count, 2);
	assert_change(0, vm2, HAL_MEM_R | HAL_MEM_W, 0);
	assert_change(1, VM1, HAL_MEM_R | HAL_MEM_W, 0);
	relinquish_ok(h, SP(1));
	reclaim_ok(h, NWD);
}

/* DEN0077 FFA_MEM_RELINQUISH zero memory after relinquish, as the FF-A ACS
 * quotes it: with several borrowers, the memory is zeroed after it is
 * unmapped from each of them if any borrower (the caller included) set the
 * flag: the first borrower's request zeroes when the last one lets go. */
static void test_relinquish_zero_waits_for_last(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND,
		      mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1), SP(2)}, 2,
			      &(struct spmc_mem_range){NS_BASE, 1}, 1));
	retrieve_ok(h, SP(1));
	retrieve_ok(h, SP(2));
	mk_rel1(h, SP(1));
	RL.flags = FFA_MEM_FLAG_ZERO_MEMORY;
	assert_int_equal(spmc_mem_relinquish(S, SP(1), &RL, fx()), 0);
	check_ok();
	assert_false(FX.zero); /* SP(2) still maps it */
	relinquish_ok(h, SP(2));
	assert_true(FX.zero);
	assert_change(0, SP(2), HAL_MEM_R | HAL_MEM_W, 0);
	/* Nothing pending any more: a new round does not zero. */
	retrieve_ok(h, SP(1));
	relinquish_ok(h, SP(1));
	assert_false(FX.zero);
	reclaim_ok(h, NWD);
}

/* ==== reclaim: errors ==== */

/* Hafnium FFA_MEM_RECLAIM: only the sender reclaims (INVALID_PARAMETERS);
 * reserved flags -> INVALID_PARAMETERS; zeroing memory the owner cannot
 * write -> DENIED. A share reclaimed gives no change (the owner kept access). */
static void test_reclaim_errors(void **state)
{
	struct spmc_mem_desc *d;
	ffa_mem_handle_t h, hr;

	(void)state;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, SP(1), SP(2), SP_BASE(1), 1));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_reclaim(S, SP(2), h, 0, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_reclaim(S, NWD, h, 0, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_reclaim(S, SP(1), h, 1u << 5, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), RO_BASE, 1);
	SD.acc[0].perms = RO;
	hr = create_ok(SPMC_MEM_OP_LEND, d);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_reclaim(S, SP(1), hr, FFA_MEM_FLAG_ZERO_MEMORY, fx()));
	reclaim_ok(hr, SP(1));
	assert_int_equal(spmc_mem_reclaim(S, SP(1), h, FFA_MEM_FLAG_ZERO_MEMORY, fx()), 0);
	assert_true(FX.zero);
	assert_int_equal(FX.change_count, 0);
	check_ok();
}

/* ==== handles ==== */

/* DEN0077 memory handles: 64-bit, bit 63 clear when the SPMC allocates them,
 * unique among live transactions; a slot reused after reclaim gets a new
 * handle and the old one is rejected by every operation. */
static void test_handle_staleness(void **state)
{
	ffa_mem_handle_t h1, h2;

	(void)state;
	h1 = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1));
	reclaim_ok(h1, NWD);
	h2 = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1));
	assert_int_equal((uint32_t)h1, (uint32_t)h2); /* same slot ... */
	assert_true(h1 != h2);                        /* ... new handle */
	assert_int_equal(h2 >> 63, 0);
	mk_req(h2);
	RQ.d.handle = h1;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_retrieve(S, SP(1), &RQ.d, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_reclaim(S, NWD, h1, 0, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_relinquish(S, SP(1), mk_rel1(h1, SP(1)), fx()));
	retrieve_ok(h2, SP(1));
}

/* Generations wrap without ever producing generation 0 (a zero handle). */
static void test_handle_generation_wraps(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	S->tx[0].gen = MEM_GEN_MAX;
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	assert_int_equal(h >> 32, MEM_GEN_MAX);
	reclaim_ok(h, NWD);
	h = create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1));
	assert_int_equal(h >> 32, 1);
	assert_true(h != 0);
}

/* ==== the map ==== */

/* Ranges, not pages: a 65536-page transaction costs as many intervals as a
 * 256-page one (at most two splits and the transaction's own). */
static void test_large_range_is_one_interval(void **state)
{
	uint32_t base = intervals();
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 65536));
	assert_int_equal(intervals(), base + 2);
	retrieve_ok(h, SP(1));
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 65536 * PG), HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 65537 * PG), 0);
	relinquish_ok(h, SP(1));
	reclaim_ok(h, NWD);
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 256));
	assert_int_equal(intervals(), base + 2);
	reclaim_ok(h, NWD);
	assert_int_equal(intervals(), base);
}

/* Adjacent constituents of one transaction share an interval; the pages
 * around them keep theirs; all merge back on reclaim. */
static void test_adjacent_constituents_merge(void **state)
{
	struct spmc_mem_range r[3] = {{NS_BASE + 4 * PG, 2}, {NS_BASE + 2 * PG, 2}, {NS_BASE + 6 * PG, 1}};
	struct spmc_mem_page_info p;
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1)}, 1, r, 3));
	assert_int_equal(spmc_mem_page(S, NS_BASE + 2 * PG, &p), 0);
	assert_int_equal(p.base, NS_BASE + 2 * PG);
	assert_int_equal(p.pages, 5);
	assert_int_equal(intervals(), NSP + 4 + 2);
	{
		struct spmc_mem_range out[3];

		/* Constituents come back in the order sent. */
		assert_int_equal(spmc_mem_tx_ranges(S, h, 0, out, 3), 3);
		assert_memory_equal(out, r, sizeof(r));
		assert_int_equal(spmc_mem_tx_ranges(S, h, 2, out, 3), 1);
		assert_int_equal(out[0].addr, NS_BASE + 6 * PG);
		assert_int_equal(spmc_mem_tx_ranges(S, h, 3, out, 3), 0);
	}
	reclaim_ok(h, NWD);
	assert_int_equal(intervals(), NSP + 4);
}

/* ==== scale ==== */

/* 4096 concurrent transactions (the SPMC must support at least that many),
 * with unique handles, then one more -> NO_MEMORY; all reclaimed, the map is
 * back to its first shape. A full check is linear in the state, so here it
 * runs every 64 steps (every step elsewhere). */
static void test_4096_transactions(void **state)
{
	static ffa_mem_handle_t h[4096];
	struct spmc_mem_usage u;

	(void)state;
	build(4096, 16, 8192, 0, false);
	for (uint32_t i = 0; i < 4096; i++) {
		ffa_id_t to = SP(1 + i % NSP);

		assert_int_equal(spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
						 mk_send1(SPMC_MEM_OP_LEND, NWD, to,
							  NS_BASE + 2ull * i * PG, 1),
						 fx()),
				 0);
		h[i] = FX.handle;
		assert_int_equal(h[i] >> 63, 0);
		if (i % 64 == 63)
			check_ok();
	}
	spmc_mem_usage(S, &u);
	assert_int_equal(u.live_tx, 4096);
	/* Unique: slots differ (the low 32 bits index the slot). */
	for (uint32_t i = 0; i < 4096; i++)
		assert_int_equal(spmc_mem_tx(S, h[i], &(struct spmc_mem_tx_info){0}), 0);
	{
		static uint8_t seen[4096];

		memset(seen, 0, sizeof(seen));
		for (uint32_t i = 0; i < 4096; i++) {
			assert_true((uint32_t)h[i] < 4096);
			assert_false(seen[(uint32_t)h[i]]);
			seen[(uint32_t)h[i]] = 1;
		}
	}
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + 9000 * PG, 1), fx()));
	for (uint32_t i = 0; i < 4096; i++) {
		assert_int_equal(spmc_mem_reclaim(S, NWD, h[i], 0, fx()), 0);
		if (i % 64 == 63)
			check_ok();
	}
	check_ok();
	assert_int_equal(intervals(), NSP + 4);
}

/* A transaction of 100,000 constituents (every other page of NWd DRAM): it
 * is created, retrieved, relinquished and reclaimed, checked at each step;
 * the map grows by the intervals it needs and shrinks back. */
static void test_100000_constituents(void **state)
{
	static struct spmc_mem_range r[100000];
	struct spmc_mem_desc d = {0};
	struct spmc_mem_access a = {.id = SP(1), .perms = RW};
	ffa_mem_handle_t h;

	(void)state;
	build(16, 16, 100000, 0, false);
	for (uint32_t i = 0; i < 100000; i++)
		r[i] = (struct spmc_mem_range){NS_BASE + (2ull * (99999 - i) + 1) * PG, 1};
	d.version = FFA_VERSION_1_1;
	d.sender = NWD;
	d.access = &a;
	d.access_count = 1;
	d.ranges = r;
	d.range_count = 100000;
	d.total_pages = 100000;
	h = create_ok(SPMC_MEM_OP_LEND, &d);
	assert_int_equal(intervals(), NSP + 4 + 200000);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 7 * PG), 0);
	assert_int_equal(spmc_mem_access(S, NWD, NS_BASE + 8 * PG), RWX_);
	retrieve_ok(h, SP(1));
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 199999 * PG), HAL_MEM_R | HAL_MEM_W);
	assert_int_equal(spmc_mem_access(S, SP(1), NS_BASE + 199998 * PG), 0);
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), NS_BASE, 1), fx()));
	relinquish_ok(h, SP(1));
	reclaim_ok(h, NWD);
	assert_int_equal(intervals(), NSP + 4);
}

/* ==== the checker catches corruption ==== */

static ffa_mem_handle_t corrupt_setup(void)
{
	ffa_mem_handle_t h;

	h = create_ok(SPMC_MEM_OP_LEND,
		      mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1), SP(2)}, 2,
			      (struct spmc_mem_range[]){{NS_BASE + 4 * PG, 2}, {NS_BASE + 10 * PG, 3}},
			      2));
	retrieve_ok(h, SP(1));
	create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, SP(3), SP(4), SP_BASE(3), 5));
	memcpy(snap, arena, state_bytes());
	return h;
}

static struct mem_node *node_at(uint64_t pa)
{
	uint32_t i = mem_map_find(S, pa >> MEM_PAGE_SHIFT);

	assert_true(i != MEM_NIL);
	return &S->nodes[i];
}

#define EXPECT_CORRUPT(code)                                                              \
	do {                                                                              \
		struct spmc_mem_check_report r_;                                          \
		int rc_ = spmc_mem_check(S, &r_);                                         \
		if (rc_ != (code)) {                                                      \
			print_error("expected invariant %s, got %s (%s)\n",               \
				    spmc_mem_invariant_name(code), spmc_mem_invariant_name(rc_), \
				    r_.what);                                             \
			fail();                                                           \
		}                                                                         \
		assert_non_null(r_.what);                                                 \
		memcpy(arena, snap, state_bytes());                                       \
		check_ok();                                                               \
	} while (0)

/* Each invariant the checker guards, broken on purpose, is reported as that
 * invariant; restoring the state makes the check pass again. */
static void test_checker_detects_corruption(void **state)
{
	ffa_mem_handle_t h;
	uint32_t slot;
	struct mem_borrower *b;

	(void)state;
	h = corrupt_setup();
	slot = (uint32_t)h;
	b = mem_borrowers(S, slot);

	/* tree */
	S->nodes[S->root].height++;
	EXPECT_CORRUPT(SPMC_MEM_INV_TREE);
	{
		struct mem_node *n = &S->nodes[S->root];
		uint32_t t = n->left;

		n->left = n->right;
		n->right = t;
	}
	EXPECT_CORRUPT(SPMC_MEM_INV_TREE);
	/* node pool */
	S->nodes[S->free_node].in_use = 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_NODES);
	S->free_nodes--;
	EXPECT_CORRUPT(SPMC_MEM_INV_NODES);
	/* a page with two owners */
	node_at(NS_BASE + 4 * PG)->pages += 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_OVERLAP);
	/* a page with no owner */
	node_at(NS_BASE + 4 * PG)->pages -= 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_COVERAGE);
	node_at(NS_BASE + (NS_PAGES - 1) * PG)->pages += 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_COVERAGE);
	/* two equal neighbours */
	mem_map_split(S, (SP_BASE(5) >> MEM_PAGE_SHIFT) + 7);
	EXPECT_CORRUPT(SPMC_MEM_INV_UNMERGED);
	/* lent pages that claim to be the owner's again */
	node_at(NS_BASE + 4 * PG)->state = SPMC_MEM_PAGE_OWNED;
	EXPECT_CORRUPT(SPMC_MEM_INV_PAGE_STATE);
	node_at(NS_BASE + 4 * PG)->state = SPMC_MEM_PAGE_SHARED;
	EXPECT_CORRUPT(SPMC_MEM_INV_PAGE_STATE);
	node_at(NS_BASE + 4 * PG)->owner = SP(9);
	EXPECT_CORRUPT(SPMC_MEM_INV_PAGE_STATE);
	/* constituents that are not the transaction's pages */
	((struct spmc_mem_range *)mem_tx_range(S, slot, 1))->pages = 2;
	EXPECT_CORRUPT(SPMC_MEM_INV_TX_PAGES);
	((struct spmc_mem_range *)mem_tx_range(S, slot, 0))->addr += PG;
	EXPECT_CORRUPT(SPMC_MEM_INV_TX_PAGES);
	S->tx[slot].total_pages++;
	EXPECT_CORRUPT(SPMC_MEM_INV_TX_PAGES);
	/* access beyond what was granted */
	b[0].granted |= HAL_MEM_X;
	EXPECT_CORRUPT(SPMC_MEM_INV_ACCESS);
	b[0].perms = RO;
	EXPECT_CORRUPT(SPMC_MEM_INV_ACCESS);
	/* the lender reaching lent pages */
	b[1].id = NWD;
	b[1].holds = 1;
	b[1].granted = HAL_MEM_R;
	S->tx[slot].holders++;
	EXPECT_CORRUPT(SPMC_MEM_INV_LENDER);
	/* holder accounting */
	S->tx[slot].holders++;
	EXPECT_CORRUPT(SPMC_MEM_INV_HOLDERS);
	b[0].holds = 2;
	EXPECT_CORRUPT(SPMC_MEM_INV_HOLDERS);
	b[1].granted = HAL_MEM_R;
	EXPECT_CORRUPT(SPMC_MEM_INV_HOLDERS);
	{
		struct spmc_mem_page_info p;

		assert_int_equal(spmc_mem_page(S, SP_BASE(3), &p), 0);
		S->tx[(uint32_t)p.handle].zero_pending = 1; /* a share, nobody holds it */
	}
	EXPECT_CORRUPT(SPMC_MEM_INV_HOLDERS);
	/* borrower lists */
	b[1].id = b[0].id;
	EXPECT_CORRUPT(SPMC_MEM_INV_BORROWERS);
	S->tx[slot].borrower_count = 0;
	EXPECT_CORRUPT(SPMC_MEM_INV_BORROWERS);
	/* slots and handles */
	S->tx[S->free_tx[0]].live = 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_SLOTS);
	S->free_tx_count--;
	EXPECT_CORRUPT(SPMC_MEM_INV_SLOTS);
	S->tx[slot].gen = 0;
	EXPECT_CORRUPT(SPMC_MEM_INV_HANDLE);
	/* constituent pool */
	S->ranges_used++;
	EXPECT_CORRUPT(SPMC_MEM_INV_RANGES);
	S->chunks[S->free_chunk].owner = slot;
	EXPECT_CORRUPT(SPMC_MEM_INV_RANGES);
	S->free_chunks++;
	EXPECT_CORRUPT(SPMC_MEM_INV_RANGES);
	S->tx[slot].first_chunk = MEM_NIL;
	EXPECT_CORRUPT(SPMC_MEM_INV_RANGES);
	assert_string_equal(spmc_mem_invariant_name(SPMC_MEM_INV_LENDER), "lender");
	assert_string_equal(spmc_mem_invariant_name(99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_size_rejects_bad_layouts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defaults_and_scaling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_init_arena, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initial_ownership, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_nwd_to_sp_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_sp_to_sp_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_already_shared_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lend_nwd_to_sp_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lend_single_instruction_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lend_sixteen_borrowers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_share_nwd_sixteen_borrowers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_donate_nwd_to_sp_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_donate_sp_to_sp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_donate_reclaim_before_retrieve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_then_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_sender_not_caller, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_unknown_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_not_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_lent_memory_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_bad_constituents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_bad_borrowers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_world_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_permission_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_attribute_and_flag_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_more_than_owner_has, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_mixed_access_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_device_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_out_of_resources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_handles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_identity_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_access_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_impdef_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_twice_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retrieve_zero_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relinquish_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relinquish_nwd_endpoints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relinquish_zero_waits_for_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reclaim_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handle_staleness, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handle_generation_wraps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_range_is_one_interval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adjacent_constituents_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_4096_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_100000_constituents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checker_detects_corruption, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
