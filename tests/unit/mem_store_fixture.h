/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture for the memory transaction store tests (tests/unit/test_mem_store_*.c,
 * libspmc/mem/mem_store.h): the platform (normal-world DRAM, 17 SPs, read-only,
 * read-execute and device memory), a store built over it per test, the
 * invariant checker run after every step, the golden rule of every error
 * (EXPECT_ERR: the error code, an empty effect, the state byte-for-byte as
 * before), and builders of send, retrieve and relinquish descriptors.
 * Header-only (static inline), as each tests/unit/test_*.c is its own binary.
 */
#ifndef TESTS_UNIT_MEM_STORE_FIXTURE_H
#define TESTS_UNIT_MEM_STORE_FIXTURE_H

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

static inline void platform(void)
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

static inline void check_ok_at(const char *file, int line)
{
	struct spmc_mem_check_report r;

	if (spmc_mem_check(S, &r) != 0) {
		print_error("invariant %s broken: %s (at 0x%llx)\n", spmc_mem_invariant_name(r.code),
			    r.what, (unsigned long long)r.where);
		_fail(file, line);
	}
}
#define check_ok() check_ok_at(__FILE__, __LINE__)

static inline void build(uint32_t max_tx, uint32_t max_borrowers, uint32_t max_ranges,
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

static inline int setup(void **state)
{
	(void)state;
	build(64, 16, 1024, 0, false);
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	free(arena);
	free(snap);
	arena = snap = NULL;
	S = NULL;
	return 0;
}

static inline struct spmc_mem_effect *fx(void)
{
	memset(room, 0xa5, sizeof(room));
	spmc_mem_effect_init(&FX, room, 64);
	return &FX;
}

/* The state the store keeps: the arena up to its sort scratch. */
static inline size_t state_bytes(void)
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

static inline uint16_t default_attrs(enum spmc_mem_op op, uint32_t n)
{
	return op == SPMC_MEM_OP_DONATE || (op == SPMC_MEM_OP_LEND && n == 1) ? 0 : NORMAL_WB;
}

static inline uint8_t default_perms(enum spmc_mem_op op)
{
	return op == SPMC_MEM_OP_DONATE ? 0 : RW;
}

/* A send of `k` ranges to `n` borrowers with the operation's usual perms. */
static inline struct spmc_mem_desc *mk_send(enum spmc_mem_op op, ffa_id_t sender, const ffa_id_t *ids,
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

static inline struct spmc_mem_desc *mk_send1(enum spmc_mem_op op, ffa_id_t sender, ffa_id_t to,
					     uint64_t addr, uint64_t pages)
{
	struct spmc_mem_range r = {addr, pages};

	return mk_send(op, sender, &to, 1, &r, 1);
}

static inline ffa_mem_handle_t create_ok(enum spmc_mem_op op, const struct spmc_mem_desc *d)
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
static inline uint8_t req_perms(uint8_t op, uint32_t borrowers)
{
	if (op == SPMC_MEM_OP_SHARE || (op == SPMC_MEM_OP_LEND && borrowers > 1))
		return RW;
	return RW | NX;
}

/* A retrieve request repeating every borrower, as a v1.2 borrower sends it. */
static inline struct spmc_mem_desc *mk_req(ffa_mem_handle_t h)
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

static inline void retrieve_ok(ffa_mem_handle_t h, ffa_id_t who)
{
	assert_int_equal(spmc_mem_retrieve(S, who, mk_req(h), fx()), 0);
	check_ok();
}

static struct spmc_mem_relinquish RL;
static uint8_t rl_eps[80];

static inline struct spmc_mem_relinquish *mk_rel(ffa_mem_handle_t h, const ffa_id_t *ids, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		rl_eps[2 * i] = (uint8_t)ids[i];
		rl_eps[2 * i + 1] = (uint8_t)(ids[i] >> 8);
	}
	RL = (struct spmc_mem_relinquish){.handle = h, .endpoints = rl_eps, .endpoint_count = n};
	return &RL;
}

static inline struct spmc_mem_relinquish *mk_rel1(ffa_mem_handle_t h, ffa_id_t id)
{
	return mk_rel(h, &id, 1);
}

static inline void relinquish_ok(ffa_mem_handle_t h, ffa_id_t who)
{
	assert_int_equal(spmc_mem_relinquish(S, who, mk_rel1(h, who), fx()), 0);
	check_ok();
}

static inline void reclaim_ok(ffa_mem_handle_t h, ffa_id_t who)
{
	assert_int_equal(spmc_mem_reclaim(S, who, h, 0, fx()), 0);
	check_ok();
}

static inline uint32_t intervals(void)
{
	struct spmc_mem_usage u;

	spmc_mem_usage(S, &u);
	return u.intervals;
}

static inline void assert_change(uint32_t i, ffa_id_t id, uint8_t before, uint8_t after)
{
	assert_true(i < FX.change_count);
	assert_int_equal(FX.changes[i].id, id);
	assert_int_equal(FX.changes[i].before, before);
	assert_int_equal(FX.changes[i].after, after);
}

#endif
