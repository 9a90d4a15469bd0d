/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FF-A conformance cases, written once against the normal world's
 * environment (struct sim_env) and run wherever a normal world runs: in the
 * simulator (tests/sim/test_conformance.cpp) and, cross-compiled, as a
 * bare-metal NS-EL1 program where the window is NULL (address A is at A) and
 * the conduit is an SMC.
 *
 * So case code uses no C library: only <stdint.h>, <stddef.h>, <stdbool.h>,
 * include/ffa, example_sps.h and sp_mem.h. It assumes no partition ID, no
 * address and no CPU count: partitions are found by UUID, buffers and shared
 * pages lie in [env->mem_base, env->mem_base + env->mem_size). Every case
 * leaves the system as it found it (and conf_run() undoes what a failed case
 * left behind), so cases run in any order, and each alone.
 */
#ifndef TESTS_CONFORMANCE_CONF_H
#define TESTS_CONFORMANCE_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/ffa.h>

#include "example_sps.h"
#include "sp_mem.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CONF_MAX_HANDLES 4

/* One case's run: what it checked, and its first failure. */
struct conf_ctx {
	const struct sim_env *env;
	const char *case_name;
	uint32_t checks;     /* checks evaluated */
	uint32_t failures;   /* 0 or 1: a case stops at its first failed check */
	const char *fail_file;
	int fail_line;
	const char *fail_expr;
	uint64_t fail_got, fail_want;
	/* What the case holds, for conf_run() to give back after a failure. */
	bool rxtx_mapped;
	bool notif_bitmap;   /* its notification bitmap, created by the case */
	uint32_t handle_count;
	uint64_t handles[CONF_MAX_HANDLES];
};

typedef void (*conf_case_fn)(struct conf_ctx *c);

struct conf_case {
	const char *name;
	conf_case_fn fn;
};

/*
 * Every case, once. X(name): the case function is conf_<name>, defined in
 * the file of its area; its comment there cites the DEN0077 ABI it checks.
 */
#define CONF_CASES(X)                                                                       \
	/* setup_discovery.c */                                                             \
	X(version_negotiation)                                                              \
	X(version_bit31_not_supported)                                                      \
	X(id_get_nwd_is_zero)                                                               \
	X(features_mandatory)                                                               \
	X(features_unknown_not_supported)                                                   \
	X(rxtx_map_unmap)                                                                   \
	X(partition_info_count_only)                                                        \
	X(partition_info_by_uuid)                                                           \
	X(partition_info_nil_uuid_lists_all)                                                \
	X(partition_info_unknown_uuid_invalid)                                              \
	X(partition_info_rx_busy_until_release)                                             \
	/* direct_messaging.c */                                                            \
	X(direct_req_echo)                                                                  \
	X(direct_req32_echo)                                                                \
	X(direct_req2_echo_by_uuid)                                                         \
	X(direct_req_unknown_id_invalid)                                                    \
	X(kv_put_get_del)                                                                   \
	X(kv_ping_peer)                                                                     \
	/* memory.c */                                                                      \
	X(mem_share_retrieve_reclaim)                                                       \
	X(mem_lend_retrieve_reclaim)                                                        \
	X(mem_reclaim_unretrieved_then_stale)                                               \
	/* notifications.c */                                                               \
	X(notif_bitmap_create_destroy)                                                      \
	X(notif_bind_get_unbind)

#define CONF_DECLARE(n) void conf_##n(struct conf_ctx *c);
CONF_CASES(CONF_DECLARE)
#undef CONF_DECLARE

extern const struct conf_case conf_cases[];
extern const uint32_t conf_case_count;

/*
 * Runs one case as the normal world of env: fills *c, calls the case, then
 * gives back what it still holds (RX/TX buffers, memory it shared, a
 * notification bitmap it created). Returns true when no check failed. The
 * caller must hold none of these itself: cases map their own buffers.
 */
bool conf_run(const struct conf_case *k, const struct sim_env *env, struct conf_ctx *c);
/* The case called `name`, or NULL. */
const struct conf_case *conf_find(const char *name);

/* ---- checks: the first failure is recorded and ends the case ---- */

/* The engine behind the macros: counts the check, records a failure. With
 * -DCONF_BREAK_CASE=<case name> (an identifier; conf_util.c) the first
 * check of that case expects something else (want + 1, or the opposite
 * condition), which proves the runner reports failures (make
 * conformance-break). */
bool conf_check_eq(struct conf_ctx *c, uint64_t got, uint64_t want, const char *file, int line,
		   const char *expr);
bool conf_check_true(struct conf_ctx *c, bool cond, const char *file, int line, const char *expr);

/* In a function returning `ret` (empty for a void case). */
#define CONF_EQ_R(c, got, want, ret)                                                        \
	do {                                                                                \
		if (!conf_check_eq((c), (uint64_t)(got), (uint64_t)(want), __FILE__, __LINE__, \
				   #got " == " #want))                                      \
			return ret;                                                         \
	} while (0)
#define CONF_TRUE_R(c, cond, ret)                                                           \
	do {                                                                                \
		if (!conf_check_true((c), (cond) ? true : false, __FILE__, __LINE__, #cond))   \
			return ret;                                                         \
	} while (0)
#define CONF_EQ(c, got, want) CONF_EQ_R(c, got, want, )
#define CONF_TRUE(c, cond) CONF_TRUE_R(c, cond, )
/* A helper that checks and returns false on failure: stop the case too. */
#define CONF_DO(expr)                                                                       \
	do {                                                                                \
		if (!(expr))                                                                \
			return;                                                             \
	} while (0)

/* ---- what cases share (conf_util.c) ---- */

/* Layout of the scratch memory: TX, RX, then pages a case may share. */
#define CONF_TX_OFF 0x0000u
#define CONF_RX_OFF 0x1000u
#define CONF_SHARE_OFF 0x2000u
#define CONF_ALT_OFF 0x4000u   /* a second TX/RX pair, for double-map checks */
#define CONF_MEM_MIN 0x8000u

static inline uint64_t conf_tx(const struct conf_ctx *c) { return c->env->mem_base + CONF_TX_OFF; }
static inline uint64_t conf_rx(const struct conf_ctx *c) { return c->env->mem_base + CONF_RX_OFF; }
/* The normal world's pointer to its address a (identity when window is NULL). */
static inline uint8_t *conf_ptr(const struct conf_ctx *c, uint64_t a)
{
	return (uint8_t *)((uintptr_t)c->env->window + (uintptr_t)a);
}
static inline uint16_t conf_get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static inline struct ffa_value conf_call(const struct conf_ctx *c, uint64_t x0, uint64_t x1,
					 uint64_t x2, uint64_t x3, uint64_t x4, uint64_t x5,
					 uint64_t x6, uint64_t x7)
{
	return ffa_call8(c->env->ffa_call, x0, x1, x2, x3, x4, x5, x6, x7);
}

/* Negotiates v1.2 and checks the scratch memory is usable. */
bool conf_setup(struct conf_ctx *c);
/* FFA_RXTX_MAP of the scratch TX/RX pages / FFA_RXTX_UNMAP, checked. */
bool conf_map(struct conf_ctx *c);
bool conf_unmap(struct conf_ctx *c);
/* The ID of the one partition implementing uuid, found with
 * FFA_PARTITION_INFO_GET (count only, no RX buffer needed). */
bool conf_find_id(struct conf_ctx *c, const uint32_t uuid[4], ffa_id_t *id);
/* w0 of r is FFA_ERROR with `code` in w2 (checked as one value each). */
bool conf_expect_error(struct conf_ctx *c, const struct ffa_value *r, int32_t code,
		       const char *file, int line);
#define CONF_ERROR(c, r, code)                                                              \
	do {                                                                                \
		struct ffa_value conf_r_ = (r);                                             \
		if (!conf_expect_error((c), &conf_r_, (code), __FILE__, __LINE__))          \
			return;                                                             \
	} while (0)
/* Writes into d the FF-A v1.2 transaction descriptor of FFA_MEM_SHARE (share)
 * or FFA_MEM_LEND: `pages` pages at addr as one constituent, from sender to
 * receiver, read-write; returns its length (CONF_MEM_DESC_LEN). Shared
 * memory carries the sender's attributes (normal, write-back, inner
 * shareable); lent memory leaves them to its borrower. */
#define CONF_MEM_DESC_LEN 112u
uint32_t conf_mem_desc(uint8_t *d, ffa_id_t sender, ffa_id_t receiver, uint64_t addr,
		       uint32_t pages, bool share);
/* Remembers / forgets a handle conf_run() reclaims if the case stops early. */
void conf_hold(struct conf_ctx *c, uint64_t handle);
void conf_drop(struct conf_ctx *c, uint64_t handle);

#ifdef __cplusplus
}
#endif

#endif
