/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the parts of the memory-ABI fuzz harness (tests/fuzz/fuzz_mem_abi.c and
 * the files beside this one) share: the system they build, the harness state,
 * snapshots, calls being built, and every function one part calls in another.
 * fuzz_mem_abi.c describes the input format and the invariants.
 */
#ifndef TESTS_FUZZ_MEM_ABI_HARNESS_H
#define TESTS_FUZZ_MEM_ABI_HARNESS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "internal.h"
#include "mem_abi.h"
#include "mem/mem_desc.h"
#include "mem/mem_store.h"
#include "spmc.h"

#include "../../../mocks/hal_mock.h"


/* The fuzzer steers by the core's coverage, not by this program's own loops
 * (whose coverage bookkeeping would also cost more than the calls): each part
 * wraps its functions in these. */
#if defined(__clang__)
#define HARNESS_NO_COVERAGE_BEGIN \
	_Pragma("clang attribute push(__attribute__((no_sanitize(\"coverage\"))), apply_to = function)")
#define HARNESS_NO_COVERAGE_END _Pragma("clang attribute pop")
#else
#define HARNESS_NO_COVERAGE_BEGIN
#define HARNESS_NO_COVERAGE_END
#endif

/* ---- the system ---- */

#define PG 4096ull
#define NSP 3
#define NEP (NSP + 1)
#define SPMC_ID 0x8000u
#define NWD 0x0000u
#define UNKNOWN_SP 0x8009u
#define SP_PAGES 16u
/* Room for a transaction of more one-page constituents than a retrieve
 * response to it fits in a one-page RX buffer (about 250), so that both its
 * send and its response travel in fragments. */
#define NS_PAGES 264u
#define SP_BASE(i) (MOCK_SEC_BASE + (uint64_t)(i) * SP_PAGES * PG)
/* Mailboxes at the top of each endpoint's own memory (so they can be sent
 * too), an alternative pair just below, and a buffer for descriptors outside
 * the TX buffer below that. */
#define MB_PAGE(n) ((n) - 2u)
#define ALT_PAGE(n) ((n) - 4u)
#define BUF_PAGE(n) ((n) - 5u)
#define MAX_RXTX_PAGES 2u

#define MAX_STEPS 48
#define MAX_BORROWERS 4u   /* mem_max_borrowers: a 4-borrower send fits, 5 does not */
#define MAX_TX 8u
#define MAX_RANGES 320u
#define DESC_MAX 8192u
#define FRAG_BYTES (6u * DESC_MAX) /* the core's fragment pool: a few large descriptors */
#define MAX_PENDING 16u            /* SPMC_MEM_DEFAULT_MAX_FRAGS */
#define NHANDLES 16u

static const ffa_id_t ep_id[NEP] = {NWD, 0x8001, 0x8002, 0x8003};

/* Known memory: the store's regions, in the order the harness walks them. */
static const struct {
	uint64_t base;
	uint32_t pages;
} known[NEP] = {
	{MOCK_NS_BASE, NS_PAGES},
	{SP_BASE(0), SP_PAGES},
	{SP_BASE(1), SP_PAGES},
	{SP_BASE(2), SP_PAGES},
};
#define KNOWN_PAGES (NS_PAGES + NSP * SP_PAGES)

static const struct spmc_mem_region_cfg ns_mem = {
	.base = MOCK_NS_BASE,
	.pages = NS_PAGES,
	.owner = NWD,
	.attrs = HAL_MEM_R | HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS,
};

/* ---- ops ---- */

enum op {
	OP_SHARE, OP_LEND, OP_DONATE, OP_RETRIEVE, OP_RELINQUISH, OP_RECLAIM,
	OP_FRAG_TX, OP_FRAG_RX, OP_RX_RELEASE, OP_RXTX_UNMAP, OP_RXTX_MAP,
	OP_VERSION, OP_TOUCH,
	/* Repeats weight the common ops (op % OP_COUNT). */
	OP_SHARE2, OP_LEND2, OP_RETRIEVE2, OP_RELINQUISH2, OP_RECLAIM2,
	OP_COUNT
};

/* Argument bytes each op reads (sends read more: borrowers and ranges). */
static const uint8_t op_args[OP_COUNT] = {
	[OP_SHARE] = 3, [OP_LEND] = 3, [OP_DONATE] = 3, [OP_RETRIEVE] = 4,
	[OP_RELINQUISH] = 2, [OP_RECLAIM] = 2, [OP_FRAG_TX] = 2, [OP_FRAG_RX] = 2,
	[OP_RX_RELEASE] = 1, [OP_RXTX_UNMAP] = 1, [OP_RXTX_MAP] = 1, [OP_VERSION] = 1,
	[OP_TOUCH] = 2,
};

static enum op canon_op(uint8_t b)
{
	switch (b % OP_COUNT) {
	case OP_SHARE2: return OP_SHARE;
	case OP_LEND2: return OP_LEND;
	case OP_RETRIEVE2: return OP_RETRIEVE;
	case OP_RELINQUISH2: return OP_RELINQUISH;
	case OP_RECLAIM2: return OP_RECLAIM;
	default: return (enum op)(b % OP_COUNT);
	}
}

static const char *const op_name[OP_COUNT] = {
	"SHARE", "LEND", "DONATE", "RETRIEVE_REQ", "RELINQUISH", "RECLAIM", "FRAG_TX",
	"FRAG_RX", "RX_RELEASE", "RXTX_UNMAP", "RXTX_MAP", "VERSION", "touch",
};

/* ---- harness state ---- */

struct endpoint {
	ffa_id_t id;
	struct spmc_ec *ec;
	/* The mailbox as the endpoint mapped it (IPA == PA for SPs). */
	bool mapped;
	uint64_t tx, rx;
	uint32_t pages;
	/* The latest retrieve response coming in fragments: the bytes read so
	 * far, the furthest the SPMC handed out, and the transaction as it was
	 * when retrieved (a donation's handle is gone by the time the last
	 * fragment arrives). */
	bool rx_frag_pending;
	bool rx_frag_hyp;
	ffa_mem_handle_t rx_frag_handle;
	uint32_t rx_frag_total, rx_frag_off;
};

/* A send being assembled in fragments, as its sender knows it: the whole
 * descriptor, how much the SPMC said it has, and the buffer the fragments go
 * through (the TX buffer or the w3/w4 one, fixed by the first fragment). */
struct pending_send {
	bool live;
	int e;
	ffa_mem_handle_t handle;
	uint32_t total, off;
	uint64_t dest, dest_size;
	uint8_t buf[DESC_MAX];
};

struct harness {
	struct spmc *s;
	void *arena;
	size_t arena_size;
	struct spmc_config cfg;
	struct spmc_partition_cfg parts[NSP];
	struct endpoint ep[NEP];
	ffa_mem_handle_t handles[NHANDLES];
	uint32_t nhandles, hnext;
	struct pending_send pend[MAX_PENDING];
	/* Per endpoint: the response being read in fragments, and the
	 * transaction it describes as it stood at the retrieve. */
	uint8_t resp[NEP][DESC_MAX];
	bool trace;
	bool hal_faults;
	int step;
};
extern struct harness H;


/* ---- input and failure reports (system.c) ---- */

extern const uint8_t *in;
extern size_t in_len;
extern struct ffa_value last_in, last_out;
extern int last_caller;
extern enum op last_op;

#define CHECK(c, ...)                  \
	do {                           \
		if (!(c))              \
			fail(__VA_ARGS__); \
	} while (0)

/* ---- snapshots: "nothing changed" ---- */

/* Every field 64 bits wide, so records have no padding and compare with
 * memcmp after a memset. */
struct snap_iv {
	uint64_t base, pages, owner, state, attrs, handle;
};
struct snap_tx {
	uint64_t handle, op, kind, owner_access, sender, attributes, flags, version, tag;
	uint64_t borrower_count, holders, range_count, total_pages;
	struct {
		uint64_t id, perms, flags, impdef[2], granted, holds;
	} b[MAX_BORROWERS];
	struct spmc_mem_range r[MAX_RANGES];
};
struct snap_range {
	uint64_t va, pa, size, attrs;
};
struct snap_as {
	uint64_t part_id, nranges;
	struct snap_range r[MOCK_MAX_RANGES];
};
struct snap_part {
	uint64_t version, mapped, rx_state, pages, tx_addr, rx_addr, tx_pa, rx_pa;
	uint64_t tx, rx, rx_owned;
};
struct snap {
	struct spmc_mem_usage usage;
	uint64_t niv, ntx;
	struct snap_iv iv[2 * KNOWN_PAGES];
	struct snap_tx tx[NHANDLES + MAX_TX];
	uint64_t nas, nmaps;
	struct snap_as as[NEP];
	struct snap_range maps[MOCK_MAX_SPMC_MAPS];
	uint64_t work[2], console_len, misuse;
	struct snap_part part[NEP];
	uint8_t nwd[NS_PAGES]; /* the normal world's own access, per page */
	bool have_mem;
	uint8_t mem[KNOWN_PAGES * PG];
};

extern struct snap snap_before, snap_after;

/* ---- building calls ---- */

#define ATTR_WB ((FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) | \
		 (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) | FFA_MEM_INNER_SHAREABLE)
#define ATTR_NC ((FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) | \
		 (FFA_MEM_NORMAL_NC << FFA_MEM_CACHEABILITY_SHIFT) | FFA_MEM_OUTER_SHAREABLE)
#define ATTR_DEV ((FFA_MEM_TYPE_DEVICE << FFA_MEM_TYPE_SHIFT) | \
		  (FFA_MEM_DEV_NGNRE << FFA_MEM_CACHEABILITY_SHIFT))

static const uint16_t attr_choice[4] = {ATTR_WB, 0, ATTR_NC, ATTR_DEV};

#define PERM(d, i) ((uint8_t)((d) | ((i) << FFA_MEM_INSTR_ACCESS_SHIFT)))
/* 0..4 what share and lend take (data access named, instruction access left
 * to the SPMC), 5 what donate takes (nothing named), 6..7 refused by both. */
static const uint8_t perm_choice[8] = {
	PERM(FFA_MEM_DATA_RW, 0),
	PERM(FFA_MEM_DATA_RO, 0),
	PERM(FFA_MEM_DATA_RW, 0),
	PERM(FFA_MEM_DATA_RO, 0),
	PERM(FFA_MEM_DATA_RW, 0),
	0,
	PERM(FFA_MEM_DATA_RW, FFA_MEM_INSTR_NX),
	PERM(FFA_MEM_DATA_RO, FFA_MEM_INSTR_X),
};

static const uint32_t versions[3] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2};

/* One call being built: registers, descriptor bytes, where they go. */
struct build {
	struct ffa_value r;
	uint8_t desc[DESC_MAX];
	uint32_t len;          /* descriptor bytes (0: none) */
	uint32_t layout;       /* version to encode in */
	uint64_t dest;         /* where the (first part of the) descriptor goes */
	uint32_t dest_len;     /* how much of it goes there */
	ffa_id_t caller;
	bool regs_from_len;    /* w1/w2 = total/fragment length, set after mutation */
	uint32_t frag;         /* fragment length (== len: not fragmented) */
};

struct mutation {
	uint8_t kind, pos, val;
};


/* The retrieve responses being read in fragments (results.c). */
extern struct snap_tx resp_tx[NEP];

/* ---- functions ---- */

void inject(uint8_t fault);
bool faults_fired(void);
void trace_step(int e, enum op op, const struct ffa_value *in_r,
		       const struct ffa_value *out_r, const struct build *b);
void step(void);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
uint8_t u8(void);
void dump_regs(const char *what, const struct ffa_value *r);
__attribute__((noreturn, format(printf, 1, 2))) void fail(const char *fmt, ...);
uint32_t ep_version(int e);
struct spmc_partition *ep_part(int e);
uint8_t *phys(uint64_t pa);
uint64_t own_base(int e);
uint32_t own_pages(int e);
void handle_add(ffa_mem_handle_t h);
ffa_mem_handle_t pick_handle(uint8_t sel, uint8_t aux);
struct pending_send *pending_find(ffa_id_t id, ffa_mem_handle_t h);
struct pending_send *pending_nth(int e, uint32_t n);
const struct spmc_mem_frag *core_send_slot(ffa_id_t id, ffa_mem_handle_t h);
void fill_pattern(void);
struct ffa_value call(int e, struct ffa_value r);
void map_mailbox(int e, uint64_t tx, uint64_t rx, uint32_t pages);
void system_build(void);
void known_mem_copy(uint8_t *copy, bool save);
void hal_restore(void);
void system_start(void);
int cmp_range(const void *a, const void *b);
uint64_t canon_ranges(struct snap_range *r, uint64_t n);
bool snap_has_tx(const struct snap *o, ffa_mem_handle_t h);
void snap_tx_add(struct snap *o, ffa_mem_handle_t h);
void snap_take(struct snap *o, bool with_mem);
void snap_compare(const struct snap *a, const struct snap *b, bool store_too,
			 bool zero_ok);
bool known_page(uint64_t pa);
void check_store(void);
int known_index(uint64_t pa);
void check_cross_layer(void);
void pre_mutate(struct build *b, const struct mutation *m, int n);
void mutate(struct build *b, const struct mutation *m, int n);
uint32_t send_fid(enum op op, bool is64);
ffa_id_t pick_borrower(int caller, uint8_t c);
bool build_send(int e, enum op op, bool is64, struct build *b);
bool build_retrieve(int e, bool is64, struct build *b);
void build_relinquish(int e, struct build *b);
void build_frag_tx(int e, struct build *b);
void build_frag_rx(int e, struct build *b);
void place(const struct build *b);
bool is_error(const struct ffa_value *r);
void check_error_shape(const struct ffa_value *r);
ffa_mem_handle_t handle_of(const struct ffa_value *r, int lo);
void send_done(int e, const struct ffa_value *r);
void touch(int e);
bool room_to_split(int e);
bool may_zero(enum op op);
const struct snap_tx *snap_find(const struct snap *o, ffa_mem_handle_t h);
void check_retrieve_resp(int e, const struct spmc_mem_desc *d, const struct snap_tx *t,
				bool hyp);
void check_resp_bytes(int e, const uint8_t *buf, uint32_t total, ffa_mem_handle_t want,
			     const struct snap_tx *t, bool hyp);
void check_regs_zero(const struct ffa_value *r, int from, const char *what);
void send_started(int e, const struct build *b, const struct ffa_value *r);
void after_success(int e, enum op op, const struct build *b, const struct ffa_value *r);
void write_seeds(const char *dir);

#endif
