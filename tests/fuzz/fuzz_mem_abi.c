/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stateful libFuzzer harness for the memory management ABIs, driven through
 * the core's public entry (spmc_ffa_call) on the HAL fake: a system of the
 * normal world (ID 0, owning NS_PAGES of non-secure DRAM) and three SPs (each
 * owning SP_PAGES of its own secure memory), booted on one CPU, every
 * endpoint with an RX/TX pair mapped. The input is a program of FF-A calls
 * from those endpoints; memory goes NWd -> SP and SP -> SP.
 *
 * Input format. A sequence of steps, each
 *     hdr op [fault] args[op] mut[n * 3]
 * hdr [1:0] is the caller (0 NWd, 1..3 SP1..SP3), [2] picks the SMC64
 * function ID where there is one, [4:3] == 3 adds the fault byte, [7:5] the
 * mutation count n (0..4: none, 5..7: 1..3); op (mod OP_COUNT) the call;
 * fault makes a HAL call fail during it (see inject()); args the op's
 * fixed-size argument bytes (see op_args and the build_* functions); each
 * mutation is (kind, pos, val) and spoils the descriptor or the registers
 * after they are built (see mutate()). Bytes past the end read as 0; at most
 * MAX_STEPS steps run. Handles are picked from a table of those earlier calls
 * returned (selector [3:0] = how many steps back, newest first; [7:4] >= 13
 * forges one); descriptors are encoded from the argument bytes with the
 * codec's own encoders (libspmc/mem/mem_desc.h), in the caller's negotiated
 * layout, with pages mostly inside the caller's own memory and borrowers
 * mostly SPs. Every input starts from the same freshly booted system.
 *
 * Invariants, after every step:
 *  - spmc_mem_check passes on the core's store;
 *  - the call returns to its caller; FFA_ERROR carries a known code and
 *    nothing else (w1 and w3.. zero);
 *  - a call that returns FFA_ERROR changed nothing: the fake's address
 *    spaces and SPMC mappings (compared as page maps, so a mapping undone
 *    and redone in pieces still matches), its work counters and console,
 *    the core's mailboxes and negotiated versions, the store's usage, page
 *    intervals, and every live transaction with its borrowers and
 *    constituents, and the contents of known memory;
 *  - every SP's address space agrees with the store: a page of known memory
 *    is mapped (at IPA == PA, with the NS bit of its kind) iff the store gives
 *    the SP access to it, with exactly that access; nothing else is mapped;
 *  - each endpoint's mailbox as the core records it is the one the endpoint
 *    mapped, and the fake holds the SPMC's mappings of it;
 *  - results: a send returns a new, live, SPMC-allocated handle; a retrieve
 *    response parses in the caller's layout and states the transaction as
 *    it was sent (handle, sender, tag, type, ranges, NS bit) with the access
 *    granted; a reclaimed handle is dead; the HAL was never misused.
 *  - the normal world's own access to each of its pages (the fake's
 *    mock_nwd_access) is the access the store gives it;
 *  - sends in fragments: a send with w2 < w1 answers FFA_MEM_FRAG_RX with a
 *    new reserved handle and w2; FRAG_TX continues it (FRAG_RX with the
 *    bytes received, SUCCESS with the same handle on the last); the core's
 *    fragment slots are exactly the sends the senders know of, as far
 *    along; RECLAIM of one abandons it. The one failing call that changes
 *    state: a last FRAG_TX whose descriptor does not validate ends the send
 *    (one reservation and the slot fewer, nothing else);
 *  - a retrieve response larger than the RX buffer comes a buffer at a time
 *    (RETRIEVE_RESP w1 > w2, then FRAG_RX -> FRAG_TX after each
 *    RX_RELEASE) and, put together, states the transaction as retrieved;
 *    the hypervisor retrieve request (the normal world, no access
 *    descriptor) lists every borrower and changes nothing.
 * Bulk sends (delivery 4 in build_send) of up to 256 one-page constituents
 * make both kinds of fragments routine.
 *
 * HAL fault injection (the fault byte: hal_as_map, hal_spmc_map and
 * hal_nwd_access failures) is on unless FUZZ_MEM_ABI_HAL_FAULTS=0. A failed
 * call during which an injected failure happened may leave memory zeroed
 * (see faults_fired()).
 *
 * The seed corpus (tests/fuzz/seeds/fuzz_mem_abi/) is written by this
 * program: FUZZ_MEM_ABI_WRITE_SEEDS=<dir> build/fuzz/fuzz_mem_abi writes one
 * file per flow in write_seeds() and exits. FUZZ_MEM_ABI_TRACE=1 prints every
 * step (for reading a reproducer).
 */
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

#include "../../mocks/hal_mock.h"

/* The fuzzer steers by the core's coverage, not by this program's own loops
 * (whose coverage bookkeeping would also cost more than the calls). */
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("coverage"))), apply_to = function)
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

static struct {
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
} H;

/* ---- input ---- */

static const uint8_t *in;
static size_t in_len;

static uint8_t u8(void)
{
	if (in_len == 0)
		return 0;
	in_len--;
	return *in++;
}

/* ---- failure reports ---- */

static struct ffa_value last_in, last_out;
static int last_caller = -1;
static enum op last_op;

static void dump_regs(const char *what, const struct ffa_value *r)
{
	fprintf(stderr, "  %s:", what);
	for (int i = 0; i < 8; i++)
		fprintf(stderr, " x%d=0x%llx", i, (unsigned long long)r->x[i]);
	fprintf(stderr, "\n");
}

__attribute__((noreturn, format(printf, 1, 2))) static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "\nfuzz_mem_abi: invariant broken at step %d", H.step);
	if (last_caller >= 0)
		fprintf(stderr, " (%s from 0x%04x)", op_name[last_op], ep_id[last_caller]);
	fprintf(stderr, ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (last_caller >= 0) {
		dump_regs("call  ", &last_in);
		dump_regs("result", &last_out);
	}
	abort();
}

#define CHECK(c, ...)                  \
	do {                           \
		if (!(c))              \
			fail(__VA_ARGS__); \
	} while (0)

/* ---- small helpers ---- */

static uint32_t ep_version(int e)
{
	return spmc_endpoint_version(H.s, H.ep[e].id);
}

static struct spmc_partition *ep_part(int e)
{
	return spmc_partition_find(H.s, H.ep[e].id);
}

static uint8_t *phys(uint64_t pa)
{
	return mock_phys_ptr(pa);
}

static uint64_t own_base(int e)
{
	return known[e].base;
}

static uint32_t own_pages(int e)
{
	return known[e].pages;
}

static void handle_add(ffa_mem_handle_t h)
{
	H.handles[H.hnext] = h;
	H.hnext = (H.hnext + 1) % NHANDLES;
	if (H.nhandles < NHANDLES)
		H.nhandles++;
}

/* The handle a selector names: [3:0] steps back among those returned (newest
 * first), [7:4] >= 13 a forged variant of it (or of a made-up one). */
static ffa_mem_handle_t pick_handle(uint8_t sel, uint8_t aux)
{
	ffa_mem_handle_t h = 0x1000 + aux;
	uint32_t kind = sel >> 4;

	if (H.nhandles)
		h = H.handles[(H.hnext + NHANDLES - 1 - (sel & 15u) % H.nhandles) % NHANDLES];
	switch (kind) {
	case 13: return h ^ (1ull << (aux & 63));
	case 14: return h | FFA_MEM_HANDLE_ALLOC_HYP;
	case 15: return aux & 1 ? FFA_MEM_HANDLE_INVALID : (ffa_mem_handle_t)aux << 32;
	default: return h;
	}
}

/* ---- sends in fragments ---- */

static struct pending_send *pending_find(ffa_id_t id, ffa_mem_handle_t h)
{
	for (uint32_t i = 0; i < MAX_PENDING; i++)
		if (H.pend[i].live && H.ep[H.pend[i].e].id == id && H.pend[i].handle == h)
			return &H.pend[i];
	return NULL;
}

/* The n-th (mod their count) send in fragments from endpoint e, NULL if none. */
static struct pending_send *pending_nth(int e, uint32_t n)
{
	uint32_t count = 0;

	for (uint32_t i = 0; i < MAX_PENDING; i++)
		count += H.pend[i].live && H.pend[i].e == e;
	if (count)
		n %= count;
	for (uint32_t i = 0; count && i < MAX_PENDING; i++)
		if (H.pend[i].live && H.pend[i].e == e && n-- == 0)
			return &H.pend[i];
	return NULL;
}

/* The core's record of a send from id in fragments under h, NULL if none. */
static const struct spmc_mem_frag *core_send_slot(ffa_id_t id, ffa_mem_handle_t h)
{
	return mem_frag_find(H.s, MEM_FRAG_SEND, id, h);
}

/* ---- the system ---- */

static void fill_pattern(void)
{
	for (int e = 0; e < NEP; e++)
		for (uint32_t p = 0; p < known[e].pages; p++)
			memset(phys(known[e].base + p * PG), 0x40 + e * 16 + (int)p, PG);
}

static struct ffa_value call(int e, struct ffa_value r)
{
	struct spmc_ec *next = spmc_ffa_call(H.s, 0, H.ep[e].ec, &r);

	CHECK(next == H.ep[e].ec, "the call did not return to its caller (next %p)", (void *)next);
	return r;
}

static void map_mailbox(int e, uint64_t tx, uint64_t rx, uint32_t pages)
{
	struct ffa_value r = call(e, (struct ffa_value){{FFA_RXTX_MAP_64, tx, rx, pages}});

	CHECK((uint32_t)r.x[0] == FFA_SUCCESS_32, "boot: RXTX_MAP failed");
	H.ep[e].mapped = true;
	H.ep[e].tx = tx;
	H.ep[e].rx = rx;
	H.ep[e].pages = pages;
}

static void system_build(void)
{
	struct ffa_value r;
	struct spmc_ec *ec;
	int rc;

	mock_hal_reset();
	mock_hal.cpu_count = 1;
	memset(&H.cfg, 0, sizeof(H.cfg));
	memset(H.parts, 0, sizeof(H.parts));
	for (int i = 0; i < NSP; i++) {
		H.parts[i] = (struct spmc_partition_cfg){
			.name = "sp",
			.id = ep_id[i + 1],
			.uuid = {0x1000u + (uint32_t)i, 1, 2, 3},
			.ec_count = 1,
			.properties = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND,
			.el = 2,
			.load_addr = SP_BASE(i),
			.mem_size = SP_PAGES * PG,
			.entry = SP_BASE(i),
			.image = (const void *)(uintptr_t)(0x1000 + i),
		};
	}
	H.cfg.spmc_id = SPMC_ID;
	H.cfg.cpu_count = 1;
	H.cfg.partitions = H.parts;
	H.cfg.partition_count = NSP;
	H.cfg.rxtx_max_pages = MAX_RXTX_PAGES;
	H.cfg.ns_mem = &ns_mem;
	H.cfg.ns_mem_count = 1;
	H.cfg.mem_max_tx = MAX_TX;
	H.cfg.mem_max_borrowers = MAX_BORROWERS;
	H.cfg.mem_max_ranges = MAX_RANGES;
	H.cfg.mem_frag_bytes = FRAG_BYTES;
	if (!H.arena) {
		H.arena_size = spmc_arena_size(&H.cfg);
		CHECK(H.arena_size != 0, "boot: no arena size");
		H.arena = aligned_alloc(16, (H.arena_size + 15) & ~(size_t)15);
		CHECK(H.arena != NULL, "boot: out of memory");
	}
	memset(H.arena, 0, H.arena_size);
	rc = spmc_init(&H.s, H.arena, H.arena_size, &H.cfg);
	CHECK(rc == 0 && H.s && H.s->mem, "boot: spmc_init = %d", rc);
	fill_pattern();

	/* Every SP initialises and waits; then the normal world runs. */
	ec = spmc_cpu_on(H.s, 0, &r);
	while (ec && !spmc_ec_is_nwd(ec)) {
		r = (struct ffa_value){{FFA_MSG_WAIT_32}};
		ec = spmc_ffa_call(H.s, 0, ec, &r);
	}
	CHECK(ec == spmc_nwd_ec(H.s, 0), "boot: the normal world does not run");

	memset(H.ep, 0, sizeof(H.ep));
	for (int e = 0; e < NEP; e++) {
		H.ep[e].id = ep_id[e];
		H.ep[e].ec = e == 0 ? spmc_nwd_ec(H.s, 0) : spmc_find_ec(H.s, ep_id[e], 0);
		CHECK(H.ep[e].ec != NULL, "boot: no context for 0x%x", ep_id[e]);
	}
	r = call(0, (struct ffa_value){{FFA_VERSION_32, FFA_VERSION_1_1}});
	for (int e = 0; e < NEP; e++)
		map_mailbox(e, own_base(e) + MB_PAGE(own_pages(e)) * PG,
			    own_base(e) + (MB_PAGE(own_pages(e)) + 1) * PG, 1);
}

/* The booted system, kept to start every input from: restoring a copy is
 * exact (the core keeps all its state in the arena, the fake in mock_hal and
 * its memory, all at the same addresses) and far cheaper than booting. */
static struct {
	bool saved;
	struct mock_hal_state hal;
	uint8_t *arena;
	struct endpoint ep[NEP];
	uint8_t mem[KNOWN_PAGES * PG];
} boot;

static void known_mem_copy(uint8_t *copy, bool save)
{
	for (int e = 0; e < NEP; e++) {
		if (save)
			memcpy(copy, phys(known[e].base), known[e].pages * PG);
		else
			memcpy(phys(known[e].base), copy, known[e].pages * PG);
		copy += known[e].pages * PG;
	}
}

/* mock_hal = boot.hal, copying only the address spaces the boot created and
 * the ranges they hold: the whole record is megabytes (MOCK_MAX_AS address
 * spaces of MOCK_MAX_RANGES ranges), which would dominate every input. The
 * harness creates no address space after boot, so the rest is never read. */
static void hal_restore(void)
{
	size_t head = offsetof(struct mock_hal_state, as);
	size_t tail = offsetof(struct mock_hal_state, as_count);

	memcpy(&mock_hal, &boot.hal, head);
	for (uint32_t i = 0; i < boot.hal.as_count; i++) {
		const struct hal_as *a = &boot.hal.as[i];

		mock_hal.as[i].live = a->live;
		mock_hal.as[i].part_id = a->part_id;
		mock_hal.as[i].nranges = a->nranges;
		memcpy(mock_hal.as[i].ranges, a->ranges, a->nranges * sizeof(a->ranges[0]));
	}
	memcpy((uint8_t *)&mock_hal + tail, (const uint8_t *)&boot.hal + tail,
	       sizeof(mock_hal) - tail);
}

static void system_start(void)
{
	if (!boot.saved) {
		system_build();
		boot.hal = mock_hal;
		boot.arena = malloc(H.arena_size);
		CHECK(boot.arena != NULL, "boot: out of memory");
		memcpy(boot.arena, H.arena, H.arena_size);
		memcpy(boot.ep, H.ep, sizeof(H.ep));
		known_mem_copy(boot.mem, true);
		boot.saved = true;
	} else {
		hal_restore();
		memcpy(H.arena, boot.arena, H.arena_size);
		memcpy(H.ep, boot.ep, sizeof(H.ep));
		known_mem_copy(boot.mem, false);
	}
	memset(H.handles, 0, sizeof(H.handles));
	H.nhandles = H.hnext = 0;
	for (uint32_t i = 0; i < MAX_PENDING; i++)
		H.pend[i].live = false;
}

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

static struct snap snap_before, snap_after;

static int cmp_range(const void *a, const void *b)
{
	const struct snap_range *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

/* Sorted by VA with touching, compatible ranges joined: the same page map
 * gives the same list however it was built. */
static uint64_t canon_ranges(struct snap_range *r, uint64_t n)
{
	uint64_t k = 0;

	qsort(r, (size_t)n, sizeof(*r), cmp_range);
	for (uint64_t i = 0; i < n; i++) {
		if (k && r[k - 1].va + r[k - 1].size == r[i].va &&
		    r[k - 1].pa + r[k - 1].size == r[i].pa && r[k - 1].attrs == r[i].attrs) {
			r[k - 1].size += r[i].size;
			continue;
		}
		r[k++] = r[i];
	}
	for (uint64_t i = k; i < n; i++)
		memset(&r[i], 0, sizeof(r[i]));
	return k;
}

static bool snap_has_tx(const struct snap *o, ffa_mem_handle_t h)
{
	for (uint64_t i = 0; i < o->ntx; i++)
		if (o->tx[i].handle == h)
			return true;
	return false;
}

static void snap_tx_add(struct snap *o, ffa_mem_handle_t h)
{
	const struct spmc_mem_store *m = H.s->mem;
	struct spmc_mem_tx_info info;
	struct snap_tx *t;
	uint32_t n;

	if (h == 0 || snap_has_tx(o, h) || spmc_mem_tx(m, h, &info) != 0)
		return;
	CHECK(o->ntx < NHANDLES + MAX_TX, "more live transactions than the store holds");
	CHECK(info.borrower_count <= MAX_BORROWERS && info.range_count <= MAX_RANGES,
	      "transaction 0x%llx: %u borrowers, %u ranges", (unsigned long long)h,
	      info.borrower_count, info.range_count);
	t = &o->tx[o->ntx++];
	t->handle = h;
	t->op = info.op;
	t->kind = info.kind;
	t->owner_access = info.owner_access;
	t->sender = info.sender;
	t->attributes = info.attributes;
	t->flags = info.flags;
	t->version = info.version;
	t->tag = info.tag;
	t->borrower_count = info.borrower_count;
	t->holders = info.holders;
	t->range_count = info.range_count;
	t->total_pages = info.total_pages;
	for (uint32_t i = 0; i < info.borrower_count; i++) {
		struct spmc_mem_borrower_info b;

		CHECK(spmc_mem_tx_borrower(m, h, i, &b) == 0, "borrower %u of a live handle", i);
		t->b[i].id = b.sent.id;
		t->b[i].perms = b.sent.perms;
		t->b[i].flags = b.sent.flags;
		memcpy(t->b[i].impdef, b.sent.impdef, sizeof(b.sent.impdef));
		t->b[i].granted = b.granted;
		t->b[i].holds = b.holds;
	}
	n = spmc_mem_tx_ranges(m, h, 0, t->r, MAX_RANGES);
	CHECK(n == info.range_count, "transaction 0x%llx: %u of %u ranges read",
	      (unsigned long long)h, n, info.range_count);
}

static void snap_take(struct snap *o, bool with_mem)
{
	const struct spmc_mem_store *m = H.s->mem;

	memset(o, 0, offsetof(struct snap, mem));
	spmc_mem_usage(m, &o->usage);
	/* The page map, interval by interval over known memory. */
	for (int e = 0; e < NEP; e++) {
		uint64_t pa = known[e].base, end = known[e].base + known[e].pages * PG;

		while (pa < end) {
			struct spmc_mem_page_info pi;
			struct snap_iv *v;
			uint64_t next;

			CHECK(spmc_mem_page(m, pa, &pi) == 0, "known page 0x%llx unknown to the store",
			      (unsigned long long)pa);
			CHECK(pi.pages && pa >= pi.base && pa - pi.base < pi.pages * PG,
			      "page 0x%llx outside its interval", (unsigned long long)pa);
			CHECK(o->niv < 2 * KNOWN_PAGES, "too many intervals");
			v = &o->iv[o->niv++];
			v->base = pi.base;
			v->pages = pi.pages;
			v->owner = pi.owner;
			v->state = pi.state;
			v->attrs = pi.attrs;
			v->handle = pi.handle;
			next = pi.base + pi.pages * PG;
			pa = next > pa ? next : pa + PG;
		}
	}
	/* Every live transaction: those the page map names, those handed out. */
	for (uint64_t i = 0; i < o->niv; i++)
		snap_tx_add(o, o->iv[i].handle);
	for (uint32_t i = 0; i < H.nhandles; i++)
		snap_tx_add(o, H.handles[i]);
	for (uint32_t i = 0; i < MAX_PENDING; i++)
		if (H.pend[i].live)
			snap_tx_add(o, H.pend[i].handle);
	/* The fake: live address spaces and SPMC mappings, as page maps. */
	for (uint32_t i = 0; i < mock_hal.as_count; i++) {
		const struct hal_as *as = &mock_hal.as[i];
		struct snap_as *a;

		if (!as->live)
			continue;
		CHECK(o->nas < NEP, "more address spaces than partitions");
		a = &o->as[o->nas++];
		a->part_id = as->part_id;
		for (uint32_t k = 0; k < as->nranges; k++)
			a->r[k] = (struct snap_range){as->ranges[k].va, as->ranges[k].pa,
						      as->ranges[k].size, as->ranges[k].attrs};
		a->nranges = canon_ranges(a->r, as->nranges);
	}
	/* Which ranges the SPMC has mapped, not with what attributes: the fake
	 * hands out one VA per PA, so when the core maps a page it already has
	 * mapped (zeroing a mailbox page an endpoint sent) and unmaps it again,
	 * the fake may drop either record and keep the other's attributes. */
	for (uint32_t i = 0; i < MOCK_MAX_SPMC_MAPS; i++) {
		const struct mock_spmc_map *sm = &mock_hal.spmc_maps[i];

		if (sm->live)
			o->maps[o->nmaps++] = (struct snap_range){(uint64_t)(uintptr_t)sm->va, sm->pa,
								  sm->size, 0};
	}
	o->nmaps = canon_ranges(o->maps, o->nmaps);
	o->work[0] = mock_hal.work[0];
	o->work[1] = mock_hal.work[1];
	o->console_len = mock_hal.console_len;
	o->misuse = mock_hal.misuse;
	/* The core's mailboxes and versions. */
	for (int e = 0; e < NEP; e++) {
		const struct spmc_partition *p = ep_part(e);
		struct snap_part *q = &o->part[e];

		q->version = p->ffa_version;
		q->mapped = p->mbox.mapped;
		q->rx_state = p->mbox.rx_state;
		q->pages = p->mbox.pages;
		q->tx_addr = p->mbox.tx_addr;
		q->rx_addr = p->mbox.rx_addr;
		q->tx_pa = p->mbox.tx_pa;
		q->rx_pa = p->mbox.rx_pa;
		q->tx = (uint64_t)(uintptr_t)p->mbox.tx;
		q->rx = (uint64_t)(uintptr_t)p->mbox.rx;
		q->rx_owned = spmc_rx_owned_by_endpoint(H.s, p->id);
	}
	for (uint32_t i = 0; i < NS_PAGES; i++)
		o->nwd[i] = (uint8_t)mock_nwd_access(MOCK_NS_BASE + i * PG);
	o->have_mem = with_mem;
	if (with_mem) {
		uint64_t off = 0;

		for (int e = 0; e < NEP; e++) {
			memcpy(o->mem + off, phys(known[e].base), known[e].pages * PG);
			off += known[e].pages * PG;
		}
	}
}

#define SNAP_SAME(field, what)                                                        \
	CHECK(memcmp(&a->field, &b->field, sizeof(a->field)) == 0,                    \
	      "state changed by a failed call: %s", what)

/* zero_ok: memory may have changed to zeros (and only to zeros); see
 * faults_fired(). */
static void snap_compare(const struct snap *a, const struct snap *b, bool store_too,
			 bool zero_ok)
{
	SNAP_SAME(nas, "address spaces");
	SNAP_SAME(as, "address space mappings");
	SNAP_SAME(nmaps, "SPMC mappings");
	SNAP_SAME(maps, "SPMC mappings");
	SNAP_SAME(work, "work counters");
	SNAP_SAME(console_len, "console output");
	SNAP_SAME(part, "mailboxes or versions");
	SNAP_SAME(nwd, "the normal world's access");
	if (store_too) {
		SNAP_SAME(usage, "store usage");
		SNAP_SAME(niv, "page intervals");
		SNAP_SAME(iv, "page intervals");
		SNAP_SAME(ntx, "live transactions");
		SNAP_SAME(tx, "live transactions");
	}
	if (a->have_mem && b->have_mem && memcmp(a->mem, b->mem, sizeof(a->mem)) != 0) {
		size_t i = 0;

		while (a->mem[i] == b->mem[i] || (zero_ok && b->mem[i] == 0))
			if (++i == sizeof(a->mem))
				return;
		fail("memory changed by a failed call at known page %zu (0x%02x -> 0x%02x)",
		     (size_t)(i / PG), a->mem[i], b->mem[i]);
	}
}

/* ---- invariants after every step ---- */

static bool known_page(uint64_t pa)
{
	for (int e = 0; e < NEP; e++)
		if (pa >= known[e].base && pa - known[e].base < known[e].pages * PG)
			return true;
	return false;
}

static void check_store(void)
{
	struct spmc_mem_check_report rep = {0};
	int rc = spmc_mem_check(H.s->mem, &rep);

	CHECK(rc == 0, "spmc_mem_check: %s (%s, where 0x%llx)", spmc_mem_invariant_name(rc),
	      rep.what ? rep.what : "?", (unsigned long long)rep.where);
}

/* Index of a known page in walk order, -1 if pa is not known memory. */
static int known_index(uint64_t pa)
{
	int base = 0;

	for (int e = 0; e < NEP; e++) {
		if (pa >= known[e].base && pa - known[e].base < known[e].pages * PG)
			return base + (int)((pa - known[e].base) / PG);
		base += (int)known[e].pages;
	}
	return -1;
}

/* The store and the SPs' address spaces tell the same story. Walked per
 * store interval (a borrower's access is its transaction's, the owner's the
 * interval's, so one answer holds for the whole interval) against a page
 * picture of the fake's ranges. */
static void check_cross_layer(void)
{
	const struct spmc_mem_store *m = H.s->mem;
	static struct {
		bool mapped;
		uint64_t pa;
		uint32_t attrs;
	} pg[KNOWN_PAGES];

	for (int e = 1; e < NEP; e++) {
		struct hal_as *as = mock_as_of(H.ep[e].id);
		ffa_id_t id = H.ep[e].id;

		CHECK(as != NULL, "SP 0x%x has no address space", id);
		memset(pg, 0, sizeof(pg));
		for (uint32_t i = 0; i < as->nranges; i++) {
			for (uint64_t off = 0; off < as->ranges[i].size; off += PG) {
				uint64_t va = as->ranges[i].va + off;
				int k = known_index(va);

				/* These SPs have no regions beyond known memory. */
				CHECK(k >= 0, "SP 0x%x: 0x%llx mapped, not known memory", id,
				      (unsigned long long)va);
				CHECK(!pg[k].mapped, "SP 0x%x: 0x%llx mapped twice", id,
				      (unsigned long long)va);
				pg[k].mapped = true;
				pg[k].pa = as->ranges[i].pa + off;
				pg[k].attrs = as->ranges[i].attrs;
			}
		}
		for (int r = 0; r < NEP; r++) {
			uint64_t pa = known[r].base, end = known[r].base + known[r].pages * PG;

			while (pa < end) {
				struct spmc_mem_page_info pi;
				uint32_t acc;
				uint64_t iend;

				CHECK(spmc_mem_page(m, pa, &pi) == 0 && pi.pages,
				      "known page 0x%llx unknown to the store", (unsigned long long)pa);
				acc = spmc_mem_access(m, id, pa);
				iend = pi.base + pi.pages * PG;
				iend = iend > end ? end : iend > pa ? iend : pa + PG;
				for (; pa < iend; pa += PG) {
					int k = known_index(pa);

					CHECK(pg[k].mapped == (acc != 0),
					      "SP 0x%x: page 0x%llx %s mapped but the store gives "
					      "access 0x%x",
					      id, (unsigned long long)pa,
					      pg[k].mapped ? "is" : "is not", acc);
					CHECK(!pg[k].mapped ||
						      (pg[k].pa == pa &&
						       (pg[k].attrs & SPMC_MEM_RWX) == acc &&
						       (pg[k].attrs & SPMC_MEM_KIND) ==
							       (pi.attrs & SPMC_MEM_KIND)),
					      "SP 0x%x: page 0x%llx mapped to 0x%llx attrs 0x%x, "
					      "store: access 0x%x kind 0x%x",
					      id, (unsigned long long)pa, (unsigned long long)pg[k].pa,
					      pg[k].attrs, acc, pi.attrs & SPMC_MEM_KIND);
				}
			}
		}
	}
	for (int e = 0; e < NEP; e++) {
		const struct spmc_partition *p = ep_part(e);
		const struct endpoint *x = &H.ep[e];

		CHECK(p->mbox.mapped == x->mapped, "0x%x: mailbox mapped %d, endpoint thinks %d",
		      x->id, p->mbox.mapped, x->mapped);
		if (!x->mapped)
			continue;
		CHECK(p->mbox.tx_addr == x->tx && p->mbox.rx_addr == x->rx &&
			      p->mbox.pages == x->pages && p->mbox.tx_pa == x->tx &&
			      p->mbox.rx_pa == x->rx,
		      "0x%x: mailbox recorded at 0x%llx/0x%llx, mapped at 0x%llx/0x%llx", x->id,
		      (unsigned long long)p->mbox.tx_pa, (unsigned long long)p->mbox.rx_pa,
		      (unsigned long long)x->tx, (unsigned long long)x->rx);
		CHECK(mock_spmc_map_of(x->tx) && mock_spmc_map_of(x->rx),
		      "0x%x: the SPMC has no mapping of its mailbox", x->id);
	}
	/* The normal world's own access to its memory is what the store gives
	 * it: taken away while lent or donated, back when reclaimed. */
	for (uint64_t pa = MOCK_NS_BASE; pa < MOCK_NS_BASE + NS_PAGES * PG; pa += PG)
		CHECK(mock_nwd_access(pa) == (spmc_mem_access(m, NWD, pa) & SPMC_MEM_RWX),
		      "NWd: page 0x%llx accessible 0x%x but the store gives access 0x%x",
		      (unsigned long long)pa, mock_nwd_access(pa), spmc_mem_access(m, NWD, pa));
	/* Sends in fragments: exactly those the senders know of, as far along
	 * as they know. */
	for (uint32_t i = 0; i < H.s->mem_frag_count; i++) {
		const struct spmc_mem_frag *f = &H.s->mem_frags[i];
		const struct pending_send *ps = f->kind == MEM_FRAG_SEND ? pending_find(f->owner, f->handle)
									 : NULL;

		if (f->kind != MEM_FRAG_SEND)
			continue;
		CHECK(ps != NULL, "a send from 0x%x in fragments under 0x%llx nobody started",
		      f->owner, (unsigned long long)f->handle);
		CHECK(f->len == ps->total && f->done == ps->off,
		      "send 0x%llx in fragments: %u of %u bytes, the sender knows of %u of %u",
		      (unsigned long long)f->handle, f->done, f->len, ps->off, ps->total);
	}
	for (uint32_t i = 0; i < MAX_PENDING; i++)
		CHECK(!H.pend[i].live || core_send_slot(H.ep[H.pend[i].e].id, H.pend[i].handle),
		      "send 0x%llx in fragments lost", (unsigned long long)H.pend[i].handle);
	CHECK(mock_hal.misuse == 0, "the core misused the HAL (%u times)", mock_hal.misuse);
}

/* ---- result checks ---- */

static bool is_error(const struct ffa_value *r)
{
	return (uint32_t)r->x[0] == FFA_ERROR_32;
}

static void check_error_shape(const struct ffa_value *r)
{
	int32_t code = ffa_error_code(r);

	CHECK(code <= -1 && code >= -10, "FFA_ERROR with code %d", code);
	CHECK(r->x[1] == 0 && (r->x[2] >> 32) == 0, "FFA_ERROR: x1/x2 carry more than the code");
	for (int i = 3; i < FFA_NREGS; i++)
		CHECK(r->x[i] == 0, "FFA_ERROR: x%d = 0x%llx", i, (unsigned long long)r->x[i]);
}

static ffa_mem_handle_t handle_of(const struct ffa_value *r, int lo)
{
	return (uint32_t)r->x[lo] | ((uint64_t)(uint32_t)r->x[lo + 1] << 32);
}

/* A send completed with FFA_SUCCESS: a new handle, live, allocated here. */
static void send_done(int e, const struct ffa_value *r)
{
	ffa_mem_handle_t h = handle_of(r, 2);
	struct spmc_mem_tx_info info;

	CHECK(h != 0 && !(h & FFA_MEM_HANDLE_ALLOC_HYP), "send returned handle 0x%llx",
	      (unsigned long long)h);
	CHECK(!snap_has_tx(&snap_before, h), "send returned live handle 0x%llx",
	      (unsigned long long)h);
	CHECK(r->x[1] == 0, "send: x1 = 0x%llx", (unsigned long long)r->x[1]);
	for (int i = 4; i < FFA_NREGS; i++)
		CHECK(r->x[i] == 0, "send: x%d = 0x%llx", i, (unsigned long long)r->x[i]);
	CHECK(spmc_mem_tx(H.s->mem, h, &info) == 0, "send returned dead handle 0x%llx",
	      (unsigned long long)h);
	CHECK(info.sender == H.ep[e].id, "handle 0x%llx: sender 0x%x, caller 0x%x",
	      (unsigned long long)h, info.sender, H.ep[e].id);
	handle_add(h);
}

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

/* Layout-changing mutations apply before encoding. */
static void pre_mutate(struct build *b, const struct mutation *m, int n)
{
	for (int i = 0; i < n; i++)
		if (m[i].kind % 8 == 6)
			b->layout = versions[m[i].val % 3];
}

/*
 * Spoils the call: 0 flip a descriptor bit, 1 overwrite a descriptor byte,
 * 2 the total length (w1) zeroed, past the buffer, or off by a signed
 * amount, 3 the same for the fragment length (w2), 4 a buffer address and
 * page count in w3/w4, 5 overwrite a 32-bit descriptor field, 6 another
 * layout version (applied when encoding), 7 a must-be-zero register.
 * Without a descriptor 0/1/5 hit w1..w3 instead.
 */
static void mutate(struct build *b, const struct mutation *m, int n)
{
	for (int i = 0; i < n; i++) {
		uint8_t k = m[i].kind % 8, pos = m[i].pos, val = m[i].val;

		if (!b->len && (k == 0 || k == 1 || k == 5)) {
			b->r.x[1 + pos % 3] ^= (uint64_t)val << (8 * (pos / 3 % 4));
			continue;
		}
		switch (k) {
		case 0:
			b->desc[pos % b->len] ^= (uint8_t)(1u << (val & 7));
			break;
		case 1:
			b->desc[pos % b->len] = val;
			break;
		case 2:
		case 3:
			/* 0, a length past the buffer, or off by a little. */
			if (!val)
				b->r.x[k - 1] = 0;
			else if (val >= 0xc0)
				b->r.x[k - 1] = (uint32_t)(val & 0x3f) << 10;
			else
				b->r.x[k - 1] = (uint32_t)((int32_t)b->r.x[k - 1] + (int8_t)val);
			break;
		case 4:
			b->r.x[3] = val & 1 ? MOCK_NS_BASE + (uint64_t)(val >> 1) * PG : 0;
			b->r.x[4] = val >> 6;
			break;
		case 5: {
			uint32_t at = (pos % b->len) & ~3u;
			uint32_t v = val < 128 ? val : 0xffffff00u | val;

			if (at + 4 <= b->len)
				memcpy(b->desc + at, &v, 4);
			break;
		}
		case 6:
			break;
		default:
			b->r.x[5 + val % 3] |= (uint64_t)val | 1;
			if (val & 0x80)
				b->r.x[1] |= 1ull << 40; /* SMC64: upper half of w1 */
			break;
		}
	}
}

static uint32_t send_fid(enum op op, bool is64)
{
	switch (op) {
	case OP_SHARE: return is64 ? FFA_MEM_SHARE_64 : FFA_MEM_SHARE_32;
	case OP_LEND: return is64 ? FFA_MEM_LEND_64 : FFA_MEM_LEND_32;
	default: return is64 ? FFA_MEM_DONATE_64 : FFA_MEM_DONATE_32;
	}
}

/* An endpoint choice for a borrower byte [2:0]: mostly SPs. */
static ffa_id_t pick_borrower(int caller, uint8_t c)
{
	switch (c & 7) {
	case 0: case 3: return ep_id[1];
	case 1: case 4: return ep_id[2];
	case 2: return ep_id[3];
	case 5: return ep_id[1 + (caller + 1) % NSP];
	case 6: return c & 0x40 ? NWD : ep_id[caller];
	default: return c & 0x40 ? UNKNOWN_SP : SPMC_ID;
	}
}

/*
 * SHARE / LEND / DONATE. Args:
 *   a0 [1:0] borrowers - 1, [3:2] ranges - 1, [4] zero memory, [7:5]
 *      delivery: 0..3 the TX buffer, 4 bulk (8 * (1 + a2 [4:0]) one-page
 *      constituents of the caller's own memory from the first range's page
 *      on, in fragments of the TX buffer or, a2 [6], 1 KiB), 5 in
 *      fragments, 6 a buffer outside the TX buffer (w3/w4), 7 with the
 *      time-slicing flag;
 *   a1 [1:0] attributes, [7:2] tag;
 *   a2 the v1.2 impdef fill, and the fragment length (delivery 4 and 5);
 *   then per borrower one byte: [2:0] who (pick_borrower; [6] picks between
 *   two strangers), [5:3] permissions (perm_choice), [7] an access flag;
 *   then per range two bytes: page offset, then [2:0] pages - 1, [4:3] whose
 *   memory (0..2 the caller's own, 3: region [7:5] % 4).
 */
static bool build_send(int e, enum op op, bool is64, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8(), a2 = u8();
	uint32_t nb = 1 + (a0 & 3), nr = 1 + ((a0 >> 2) & 3), delivery = a0 >> 5;
	struct spmc_mem_access acc[4];
	struct spmc_mem_range rng[MAX_RANGES];
	struct spmc_mem_desc d;
	uint64_t total_pages = 0;
	size_t w = 0, total = 0;

	memset(acc, 0, sizeof(acc));
	for (uint32_t i = 0; i < nb; i++) {
		uint8_t c = u8();

		acc[i].id = pick_borrower(e, c);
		acc[i].perms = perm_choice[(c >> 3) & 7];
		if (op == OP_DONATE && ((c >> 3) & 7) < 5)
			acc[i].perms = 0;
		acc[i].flags = c >> 7;
		memset(acc[i].impdef, a2, sizeof(acc[i].impdef));
	}
	for (uint32_t i = 0; i < nr; i++) {
		uint8_t p = u8(), c = u8();
		int region = ((c >> 3) & 3) == 3 ? (c >> 5) % NEP : e;

		rng[i].pages = 1 + (c & 7);
		rng[i].addr = known[region].base + (uint64_t)(p % known[region].pages) * PG;
		if (delivery == 4 && i == 0) {
			/* Bulk: one-page constituents from the first range's page
			 * on, as many as a2 [4:0] says (up to 256). */
			uint32_t first = p % own_pages(e), want = 8 * (1 + (a2 & 31));

			nr = want < own_pages(e) - first ? want : own_pages(e) - first;
			for (uint32_t k = 0; k < nr; k++)
				rng[k] = (struct spmc_mem_range){own_base(e) + (first + k) * PG, 1};
			total_pages = nr;
			/* The other range bytes are still part of the input. */
			for (uint32_t k = 1; k < 1 + ((a0 >> 2) & 3u); k++)
				(void)u8(), (void)u8();
			break;
		}
		total_pages += rng[i].pages;
	}
	d = (struct spmc_mem_desc){
		.version = b->layout,
		.sender = H.ep[e].id,
		.attributes = attr_choice[a1 & 3],
		.flags = (a0 & 0x10 ? FFA_MEM_FLAG_ZERO_MEMORY : 0) |
			 (delivery == 7 ? FFA_MEM_FLAG_TIME_SLICING : 0),
		.tag = a1 >> 2,
		.access = acc,
		.access_count = nb,
		.ranges = rng,
		.range_count = nr,
		.total_pages = total_pages,
	};
	if (spmc_mem_desc_encode_send(&d, b->layout, 0, b->desc, sizeof(b->desc), &w, &total) != 0 ||
	    w != total)
		return false;
	b->len = (uint32_t)total;
	b->r.x[0] = send_fid(op, is64);
	b->regs_from_len = true;
	b->frag = b->len;
	b->dest = H.ep[e].tx;
	if (delivery == 5 && b->len > 16)
		b->frag = 16 * (1 + a2 % ((b->len - 1) / 16));
	/* Bulk: as much as the TX buffer holds, or 1 KiB, at a time. */
	if (delivery == 4) {
		uint32_t most = a2 & 0x40 ? 1024u : H.ep[e].pages * (uint32_t)PG;

		if (b->frag > most)
			b->frag = most;
	}
	if (delivery == 6) {
		b->dest = own_base(e) + BUF_PAGE(own_pages(e)) * PG;
		b->r.x[3] = b->dest;
		b->r.x[4] = 1;
	}
	b->dest_len = b->frag;
	return true;
}

/*
 * RETRIEVE_REQ. Args:
 *   a0 the handle; a1 [1:0] transaction type (0, 3 right; 1 unspecified; 2
 *   wrong), [2] zero after relinquish, [3] zero memory, [4] bypass the
 *   multi-borrower check (list only the caller; from the normal world, which
 *   otherwise sends the hypervisor request with no access descriptor), [5] and [6] time slicing,
 *   [7] a bad alignment hint;
 *   a2 [2:0] permissions (0..4 as sent, 5 RO, 6 RW and X, 7 unspecified), [3]
 *   wrong sender, [4] wrong tag, [5] normal-memory attributes, [6] list a
 *   non-borrower too, [7] leave the last borrower out;
 *   a3 [0] a wrong impdef value, [1] an access flag, [2] a composite with a
 *   range, [7:3] the forging aux byte.
 */
static bool build_retrieve(int e, bool is64, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8(), a2 = u8(), a3 = u8();
	ffa_mem_handle_t h = pick_handle(a0, a3 >> 3);
	struct spmc_mem_tx_info info;
	struct spmc_mem_access acc[MAX_BORROWERS + 1];
	struct spmc_mem_range rng = {own_base(e), 1};
	struct spmc_mem_desc d;
	uint32_t n = 0, type;
	size_t w = 0, total = 0;

	memset(acc, 0, sizeof(acc));
	memset(&info, 0, sizeof(info));
	if (spmc_mem_tx(H.s->mem, h, &info) == 0) {
		for (uint32_t i = 0; i < info.borrower_count && i < MAX_BORROWERS; i++) {
			struct spmc_mem_borrower_info bi;

			if (spmc_mem_tx_borrower(H.s->mem, h, i, &bi) != 0)
				continue;
			if ((a1 & 0x10) && bi.sent.id != H.ep[e].id)
				continue;
			acc[n] = bi.sent;
			if ((a2 & 7) >= 5 && bi.sent.id == H.ep[e].id)
				acc[n].perms = (a2 & 7) == 5 ? PERM(FFA_MEM_DATA_RO, 0)
					       : (a2 & 7) == 6 ? PERM(FFA_MEM_DATA_RW, FFA_MEM_INSTR_X)
							       : 0;
			n++;
		}
	} else {
		info.sender = NWD;
		acc[n++] = (struct spmc_mem_access){.id = H.ep[e].id, .perms = FFA_MEM_DATA_RW};
	}
	if ((a2 & 0x80) && n > 1)
		n--;
	if (a2 & 0x40)
		acc[n++] = (struct spmc_mem_access){.id = ep_id[1 + (e + 1) % NSP],
						    .perms = FFA_MEM_DATA_RO};
	/* The normal world: mostly the hypervisor retrieve request (no access
	 * descriptor at all). */
	if (e == 0 && !(a1 & 0x10) && !(a2 & 0x40))
		n = 0;
	if (n && (a3 & 1))
		acc[0].impdef[0] ^= 0x5a;
	if (n && (a3 & 2))
		acc[0].flags = FFA_MEM_ACCESS_FLAG_NON_RETRIEVAL_BORROWER;
	switch (a1 & 3) {
	case 1: type = FFA_MEM_TRANSACTION_UNSPECIFIED; break;
	case 2: type = (info.op + 1) & 3; break;
	default: type = info.op; break;
	}
	d = (struct spmc_mem_desc){
		.version = b->layout,
		.sender = (ffa_id_t)(info.sender ^ (a2 & 8 ? 0x8001u : 0)),
		.attributes = a2 & 0x20 ? ATTR_WB : 0,
		.flags = type << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT |
			 (a1 & 4 ? FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH : 0) |
			 (a1 & 8 ? FFA_MEM_FLAG_ZERO_MEMORY : 0) |
			 (a1 & 0x10 ? FFA_MEM_FLAG_BYPASS_MULTI_BORROWER : 0) |
			 ((a1 & 0x60) == 0x60 ? FFA_MEM_FLAG_TIME_SLICING : 0) |
			 (a1 & 0x80 ? 3u << FFA_MEM_FLAG_ALIGN_HINT_SHIFT : 0),
		.handle = h,
		.tag = info.tag ^ (a2 & 0x10 ? 1 : 0),
		.access = acc,
		.access_count = n,
		.ranges = &rng,
		.range_count = a3 & 4 ? 1 : 0,
		.total_pages = a3 & 4 ? 1 : 0,
	};
	if (spmc_mem_desc_encode_retrieve_req(&d, b->layout, 0, b->desc, sizeof(b->desc), &w,
					      &total) != 0 ||
	    w != total)
		return false;
	b->len = (uint32_t)total;
	b->r.x[0] = is64 ? FFA_MEM_RETRIEVE_REQ_64 : FFA_MEM_RETRIEVE_REQ_32;
	b->regs_from_len = true;
	b->frag = b->len;
	b->dest = H.ep[e].tx;
	b->dest_len = b->len;
	return true;
}

/*
 * RELINQUISH. Args: a0 the handle; a1 [1:0] endpoints (0, 1 the caller; 2
 * the caller and another SP; 3 another endpoint), [2] zero memory, [3] time
 * slicing, [4] a reserved flag, [5] a count larger than the list, [7:6] the
 * forging aux byte.
 */
static void build_relinquish(int e, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8();
	ffa_mem_handle_t h = pick_handle(a0, a1 >> 6);
	ffa_id_t ids[2] = {H.ep[e].id, ep_id[1 + e % NSP]};
	uint32_t n = (a1 & 3) == 2 ? 2 : 1;
	uint32_t flags = (a1 & 4 ? FFA_MEM_FLAG_ZERO_MEMORY : 0) |
			 (a1 & 8 ? FFA_MEM_FLAG_TIME_SLICING : 0) | (a1 & 0x10 ? 1u << 7 : 0);

	if ((a1 & 3) == 3)
		ids[0] = ids[1];
	memset(b->desc, 0, 32);
	for (int i = 0; i < 8; i++)
		b->desc[i] = (uint8_t)(h >> (8 * i));
	memcpy(b->desc + 8, &flags, 4);
	b->desc[12] = (uint8_t)(n + (a1 & 0x20 ? 3 : 0));
	for (uint32_t i = 0; i < n; i++) {
		b->desc[16 + 2 * i] = (uint8_t)ids[i];
		b->desc[17 + 2 * i] = (uint8_t)(ids[i] >> 8);
	}
	b->len = 16 + 2 * n;
	b->r.x[0] = FFA_MEM_RELINQUISH_32;
	b->dest = H.ep[e].tx;
	b->dest_len = b->len;
}

/* FRAG_TX. Args: a0 the fragment length (0: the rest, at most what the
 * buffer holds; else 16 * a0, at most the rest); a1 [1:0] handle (0, 3 a
 * pending send's; 1 forged; 2 the table's), [2] a sender ID in w4, [7:4]
 * which of the caller's pending sends (and the table selector). */
static void build_frag_tx(int e, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8();
	struct endpoint *x = &H.ep[e];
	const struct pending_send *ps = pending_nth(e, a1 >> 4);
	ffa_mem_handle_t h = pick_handle(a1 >> 4, a0);
	uint32_t rest = ps ? ps->total - ps->off : 64;
	uint64_t room = ps ? ps->dest_size : x->pages * PG;
	uint32_t n = a0 ? 16u * a0 : (uint32_t)(rest < room ? rest : room);

	if (n > rest)
		n = rest;
	if (ps && ((a1 & 3) == 0 || (a1 & 3) == 3))
		h = ps->handle;
	else if ((a1 & 3) == 1)
		h ^= 1ull << (a0 & 31);
	/* (A total the sender spoilt can run past what it kept: zeros.) */
	b->len = n < DESC_MAX ? n : DESC_MAX;
	if (ps && ps->off < DESC_MAX)
		memcpy(b->desc, ps->buf + ps->off,
		       b->len < DESC_MAX - ps->off ? b->len : DESC_MAX - ps->off);
	b->dest = ps ? ps->dest : x->tx;
	b->dest_len = b->len;
	b->r.x[0] = FFA_MEM_FRAG_TX_32;
	b->r.x[1] = (uint32_t)h;
	b->r.x[2] = (uint32_t)(h >> 32);
	b->r.x[3] = n;
	b->r.x[4] = a1 & 4 ? (uint32_t)x->id << 16 : 0;
}

/* FRAG_RX. Args: a0 the handle (a pending response's when [7:4] == 12);
 * a1 the offset (0: where the pending response is; else 16 * a1). */
static void build_frag_rx(int e, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8();
	struct endpoint *x = &H.ep[e];
	ffa_mem_handle_t h = pick_handle(a0, a1);
	uint32_t off = 16u * a1;

	if (x->rx_frag_pending && (a0 >> 4) == 12)
		h = x->rx_frag_handle;
	if (x->rx_frag_pending && a1 == 0)
		off = x->rx_frag_off;
	b->r.x[0] = FFA_MEM_FRAG_RX_32;
	b->r.x[1] = (uint32_t)h;
	b->r.x[2] = (uint32_t)(h >> 32);
	b->r.x[3] = off;
}

/* Writes a call's descriptor where it goes: every byte the endpoint meant,
 * the rest of the page zeroed so nothing stale is read as a descriptor. */
static void place(const struct build *b)
{
	uint8_t *p;

	if (!b->len || !b->dest)
		return;
	/* Page by page (a fragment may span a two-page buffer). */
	for (uint32_t off = 0; off == 0 || off < b->dest_len; off += (uint32_t)PG) {
		uint32_t n = b->dest_len - off < PG ? b->dest_len - off : (uint32_t)PG;

		p = phys(b->dest + off);
		/* An endpoint cannot write a page it has given away (or never had). */
		if (!p || !known_page(b->dest + off) ||
		    !(spmc_mem_access(H.s->mem, b->caller, b->dest + off) & HAL_MEM_W))
			return;
		memset(p, 0, PG);
		memcpy(p, b->desc + off, n);
	}
}

/* ---- one step ---- */

/* HAL failures the fake can inject into the next call: fault [1:0] 1 the
 * (n)th hal_as_map, 2 the (n)th hal_spmc_map, 3 both, n = 1 + [3:2]; [4]
 * hal_as_map fails with DENIED rather than NO_MEMORY; [5] the (n)th
 * hal_nwd_access fails with DENIED. 0 clears them. */
static struct {
	bool as_map, spmc_map, nwd;
} armed;

static void inject(uint8_t fault)
{
	uint32_t n = 1 + ((fault >> 2) & 3);

	if (!H.hal_faults)
		fault = 0;
	mock_hal.as_map_fail_at = fault & 1 ? n : 0;
	mock_hal.spmc_map_fail_at = fault & 2 ? n : 0;
	mock_hal.as_map_fail_rc = fault & 0x10 ? FFA_RET_DENIED : FFA_RET_NO_MEMORY;
	mock_hal.nwd_access_rc = fault & 0x20 ? FFA_RET_DENIED : 0;
	mock_hal.nwd_access_fail_at = fault & 0x20 ? n : 0;
	armed.as_map = fault & 1;
	armed.spmc_map = fault & 2;
	armed.nwd = fault & 0x20;
}

/*
 * Whether an injected failure happened during the call just made. A failed
 * call may then have left memory zeroed, and nothing else changed: zeroing
 * cannot be undone, and it comes after the last check that could refuse the
 * call (libspmc/mem_hal.c) -- a grant (hal_as_map, hal_nwd_access) failing
 * after it, or a hal_spmc_map failing in the zeroing pass itself. The latter
 * is outside the HAL contract (the same range was mapped successfully by the
 * probe in the same call) but the fake's counter can place it there; rather
 * than steering the counter away from it, memory changing to zeros is
 * tolerated after any injected failure, and only then.
 */
static bool faults_fired(void)
{
	return (armed.as_map && mock_hal.as_map_fail_at == 0) ||
	       (armed.spmc_map && mock_hal.spmc_map_fail_at == 0) ||
	       (armed.nwd && mock_hal.nwd_access_rc == 0);
}

static void trace_step(int e, enum op op, const struct ffa_value *in_r,
		       const struct ffa_value *out_r, const struct build *b)
{
	enum spmc_mem_desc_why why = SPMC_MEM_OK;

	fprintf(stderr, "step %2d: 0x%04x %-12s x0=0x%08llx x1=0x%llx x2=0x%llx x3=0x%llx "
		"x4=0x%llx -> x0=0x%08llx x1=0x%llx x2=0x%llx x3=0x%llx\n",
		H.step, H.ep[e].id, op_name[op], (unsigned long long)in_r->x[0],
		(unsigned long long)in_r->x[1], (unsigned long long)in_r->x[2],
		(unsigned long long)in_r->x[3], (unsigned long long)in_r->x[4],
		(unsigned long long)out_r->x[0], (unsigned long long)out_r->x[1],
		(unsigned long long)out_r->x[2], (unsigned long long)out_r->x[3]);
	/* For a refused descriptor, what the codec thinks of it. */
	if (is_error(out_r) && b->len && b->r.x[0] != FFA_MEM_RELINQUISH_32 &&
	    b->r.x[0] != FFA_MEM_FRAG_TX_32) {
		static const enum spmc_mem_desc_kind kinds[3] = {
			SPMC_MEM_DESC_SHARE, SPMC_MEM_DESC_LEND, SPMC_MEM_DESC_DONATE};
		struct spmc_mem_access acc[MAX_BORROWERS];
		struct spmc_mem_range rng[MAX_RANGES];
		struct spmc_mem_room room = {acc, MAX_BORROWERS, rng, MAX_RANGES};
		struct spmc_mem_desc d;
		enum spmc_mem_desc_kind k = op == OP_RETRIEVE ? SPMC_MEM_DESC_RETRIEVE_REQ
							     : kinds[op - OP_SHARE];

		(void)spmc_mem_desc_parse_ex(b->desc, b->len, ep_version(e), k, &room, &d, &why);
		fprintf(stderr, "         descriptor: %u bytes, codec says %s\n", b->len,
			spmc_mem_desc_why_name(why));
	}
}

/* A write by endpoint e to one of its pages, if it has write access: keeps
 * memory contents varied so a wrongful zeroing is seen. */
static void touch(int e)
{
	uint8_t a0 = u8(), a1 = u8();
	uint32_t idx = a0 % KNOWN_PAGES;
	uint64_t pa = 0;

	for (int k = 0; k < NEP; k++) {
		if (idx < known[k].pages) {
			pa = known[k].base + idx * PG;
			break;
		}
		idx -= known[k].pages;
	}
	if (spmc_mem_access(H.s->mem, H.ep[e].id, pa) & HAL_MEM_W)
		memset(phys(pa) + (a1 & 0x3f) * 64, a1 | 1, 64);
}

/* SPs' address spaces the fake can still split safely: its hal_as_unmap
 * drops the tail of a range it splits when the table is full. A send from an
 * SP splits its own mapping once per constituent. */
static bool room_to_split(int e)
{
	struct hal_as *as = e ? mock_as_of(H.ep[e].id) : NULL;

	return !as || as->nranges + 8 <= MOCK_MAX_RANGES;
}

/* Which steps may change memory (zeroing): their failures compare it too. */
static bool may_zero(enum op op)
{
	return op == OP_SHARE || op == OP_LEND || op == OP_DONATE || op == OP_RELINQUISH ||
	       op == OP_RECLAIM || op == OP_FRAG_TX || op == OP_RETRIEVE;
}

static const struct snap_tx *snap_find(const struct snap *o, ffa_mem_handle_t h)
{
	for (uint64_t i = 0; i < o->ntx; i++)
		if (o->tx[i].handle == h)
			return &o->tx[i];
	return NULL;
}

/* A retrieve response tells the borrower the transaction as it stood: its
 * sender, tag, type, memory (with the NS bit from v1.1 when it is
 * non-secure) and the access the borrower now has. */
static struct snap_tx resp_tx[NEP];

static void check_retrieve_resp(int e, const struct spmc_mem_desc *d, const struct snap_tx *t,
				bool hyp)
{
	struct spmc_mem_tx_info info;
	bool ns = ep_version(e) >= FFA_VERSION_1_1 && (t ? t->kind & HAL_MEM_NS : 0);
	const struct spmc_mem_access *mine = NULL;

	CHECK(t != NULL, "retrieve of handle 0x%llx, which was not live",
	      (unsigned long long)d->handle);
	CHECK(d->sender == t->sender && d->tag == t->tag &&
		      ((d->flags & FFA_MEM_FLAG_TRANSACTION_TYPE_MASK) >>
		       FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT) == t->op,
	      "retrieve response: sender 0x%x tag %llu flags 0x%x, sent by 0x%llx tag %llu op %llu",
	      d->sender, (unsigned long long)d->tag, d->flags, (unsigned long long)t->sender,
	      (unsigned long long)t->tag, (unsigned long long)t->op);
	CHECK(((d->attributes & FFA_MEM_ATTR_NS) != 0) == ns,
	      "retrieve response: NS attribute 0x%x for memory of kind 0x%llx", d->attributes,
	      (unsigned long long)t->kind);
	CHECK(d->range_count == t->range_count && d->total_pages == t->total_pages,
	      "retrieve response: %u ranges / %llu pages, sent %llu / %llu", d->range_count,
	      (unsigned long long)d->total_pages, (unsigned long long)t->range_count,
	      (unsigned long long)t->total_pages);
	for (uint32_t i = 0; i < d->range_count; i++)
		CHECK(d->ranges[i].addr == t->r[i].addr && d->ranges[i].pages == t->r[i].pages,
		      "retrieve response: range %u is 0x%llx+%llu, sent 0x%llx+%llu", i,
		      (unsigned long long)d->ranges[i].addr, (unsigned long long)d->ranges[i].pages,
		      (unsigned long long)t->r[i].addr, (unsigned long long)t->r[i].pages);
	if (hyp) {
		/* The hypervisor's view: every borrower, as sent. */
		CHECK(d->access_count == t->borrower_count,
		      "hypervisor retrieve response: %u borrowers, sent %llu", d->access_count,
		      (unsigned long long)t->borrower_count);
		for (uint32_t i = 0; i < d->access_count; i++)
			CHECK(d->access[i].id == t->b[i].id,
			      "hypervisor retrieve response: borrower %u is 0x%x, sent 0x%llx", i,
			      d->access[i].id, (unsigned long long)t->b[i].id);
		return;
	}
	for (uint32_t i = 0; i < d->access_count; i++)
		if (d->access[i].id == H.ep[e].id)
			mine = &d->access[i];
	CHECK(mine != NULL, "retrieve response does not name the borrower");
	/* The access granted, while the transaction lives (a donation ends). */
	if (spmc_mem_tx(H.s->mem, d->handle, &info) == 0) {
		for (uint32_t i = 0; i < info.borrower_count; i++) {
			struct spmc_mem_borrower_info bi;

			if (spmc_mem_tx_borrower(H.s->mem, d->handle, i, &bi) != 0 ||
			    bi.sent.id != H.ep[e].id)
				continue;
			CHECK(((mine->perms & FFA_MEM_DATA_ACCESS_MASK) == FFA_MEM_DATA_RW) ==
				      ((bi.granted & HAL_MEM_W) != 0),
			      "retrieve response: permissions 0x%x, granted 0x%x", mine->perms,
			      bi.granted);
		}
	}
}

/* A complete retrieve response in buf parses and states the transaction. */
static void check_resp_bytes(int e, const uint8_t *buf, uint32_t total, ffa_mem_handle_t want,
			     const struct snap_tx *t, bool hyp)
{
	static struct spmc_mem_range rng[MAX_RANGES];
	struct spmc_mem_access acc[MAX_BORROWERS];
	struct spmc_mem_room room = {acc, MAX_BORROWERS, rng, MAX_RANGES};
	struct spmc_mem_desc d;
	int rc = spmc_mem_desc_parse(buf, total, ep_version(e), SPMC_MEM_DESC_RETRIEVE_RESP, &room,
				     &d);

	CHECK(rc == 0, "retrieve response does not parse (%d)", rc);
	CHECK(d.handle == want, "retrieve response names handle 0x%llx, asked 0x%llx",
	      (unsigned long long)d.handle, (unsigned long long)want);
	check_retrieve_resp(e, &d, t, hyp);
}

static void check_regs_zero(const struct ffa_value *r, int from, const char *what)
{
	for (int i = from; i < FFA_NREGS; i++)
		CHECK(r->x[i] == 0, "%s: x%d = 0x%llx", what, i, (unsigned long long)r->x[i]);
}

/* The first fragment of a send was taken (FFA_MEM_FRAG_RX): a new reserved
 * handle; the rest goes with FRAG_TX through the same buffer. */
static void send_started(int e, const struct build *b, const struct ffa_value *r)
{
	uint32_t w1 = (uint32_t)b->r.x[1], w2 = (uint32_t)b->r.x[2];
	uint64_t addr = FFA_IS_SMC64((uint32_t)b->r.x[0]) ? b->r.x[3] : (uint32_t)b->r.x[3];
	uint32_t pages = (uint32_t)b->r.x[4];
	ffa_mem_handle_t h = handle_of(r, 1);
	struct spmc_mem_usage u;
	struct pending_send *ps = NULL;

	CHECK(w2 < w1, "FRAG_RX for a descriptor sent whole (w1 %u, w2 %u)", w1, w2);
	CHECK(r->x[3] == w2, "FRAG_RX offset %llu, sent %u", (unsigned long long)r->x[3], w2);
	check_regs_zero(r, 4, "FRAG_RX");
	CHECK(h != 0 && !(h & FFA_MEM_HANDLE_ALLOC_HYP) && !snap_has_tx(&snap_before, h) &&
		      spmc_mem_tx(H.s->mem, h, &(struct spmc_mem_tx_info){0}) != 0,
	      "FRAG_RX with handle 0x%llx", (unsigned long long)h);
	CHECK(!pending_find(H.ep[e].id, h), "FRAG_RX with the handle of a send in progress");
	spmc_mem_usage(H.s->mem, &u);
	CHECK(u.reserved == snap_before.usage.reserved + 1,
	      "a send in fragments started: %u handles reserved, %u before", u.reserved,
	      snap_before.usage.reserved);
	for (uint32_t i = 0; i < MAX_PENDING && !ps; i++)
		if (!H.pend[i].live)
			ps = &H.pend[i];
	CHECK(ps != NULL, "more sends in fragments than the SPMC has slots");
	ps->live = true;
	ps->e = e;
	ps->handle = h;
	ps->total = w1;
	ps->off = w2;
	ps->dest = addr || pages ? addr : H.ep[e].tx;
	ps->dest_size = addr || pages ? (uint64_t)pages * PG : H.ep[e].pages * PG;
	memcpy(ps->buf, b->desc, sizeof(ps->buf));
	handle_add(h);
}

static void after_success(int e, enum op op, const struct build *b, const struct ffa_value *r)
{
	struct endpoint *x = &H.ep[e];
	uint32_t fid = (uint32_t)r->x[0];
	ffa_mem_handle_t named = handle_of(&b->r, 1);

	switch (op) {
	case OP_SHARE:
	case OP_LEND:
	case OP_DONATE:
		if (fid == FFA_MEM_FRAG_RX_32) {
			send_started(e, b, r);
		} else {
			CHECK(fid == FFA_SUCCESS_32, "send: unexpected x0 0x%x", fid);
			CHECK((uint32_t)b->r.x[2] == (uint32_t)b->r.x[1],
			      "send of %u bytes completed by a fragment of %u",
			      (uint32_t)b->r.x[1], (uint32_t)b->r.x[2]);
			send_done(e, r);
		}
		break;
	case OP_FRAG_TX: {
		struct pending_send *ps = pending_find(x->id, named);
		uint32_t len = (uint32_t)b->r.x[3];

		CHECK(ps != NULL, "FRAG_TX accepted for 0x%llx, no send in fragments",
		      (unsigned long long)named);
		if (fid == FFA_MEM_FRAG_RX_32) {
			CHECK(handle_of(r, 1) == named, "FRAG_RX for another transaction");
			CHECK(r->x[3] == ps->off + len && ps->off + len < ps->total,
			      "FRAG_RX offset %llu, expected %u of %u", (unsigned long long)r->x[3],
			      ps->off + len, ps->total);
			check_regs_zero(r, 4, "FRAG_RX");
			ps->off += len;
		} else {
			CHECK(fid == FFA_SUCCESS_32, "FRAG_TX: unexpected x0 0x%x", fid);
			CHECK(ps->off + len == ps->total, "FRAG_TX completed at %u of %u bytes",
			      ps->off + len, ps->total);
			CHECK(handle_of(r, 2) == named, "FRAG_TX completed 0x%llx as 0x%llx",
			      (unsigned long long)named, (unsigned long long)handle_of(r, 2));
			ps->live = false;
			send_done(e, r);
		}
		break;
	}
	case OP_RETRIEVE: {
		uint32_t total = (uint32_t)r->x[1], frag = (uint32_t)r->x[2];
		ffa_mem_handle_t want = 0;
		const struct snap_tx *t;
		/* The normal world borrows nothing through the SPMC: its
		 * retrieves that succeed are the hypervisor's. */
		bool hyp = e == 0;

		CHECK(fid == FFA_MEM_RETRIEVE_RESP_32, "retrieve: unexpected x0 0x%x", fid);
		CHECK(frag && frag <= total && frag <= x->pages * PG,
		      "retrieve response lengths %u/%u", total, frag);
		CHECK(spmc_rx_owned_by_endpoint(H.s, x->id), "retrieve: RX not handed over");
		memcpy(&want, b->desc + 8, 8); /* the handle field of the request as sent */
		t = snap_find(&snap_before, want);
		CHECK(t != NULL, "retrieve of handle 0x%llx, which was not live",
		      (unsigned long long)want);
		resp_tx[e] = *t;
		if (hyp) {
			/* The hypervisor retrieve request changes nothing. */
			snap_take(&snap_after, false);
			CHECK(memcmp(&snap_before.usage, &snap_after.usage, sizeof(snap_after.usage)) == 0 &&
				      memcmp(snap_before.iv, snap_after.iv, sizeof(snap_after.iv)) == 0 &&
				      memcmp(snap_before.tx, snap_after.tx, sizeof(snap_after.tx)) == 0 &&
				      memcmp(snap_before.as, snap_after.as, sizeof(snap_after.as)) == 0,
			      "the hypervisor retrieve request changed the store or mappings");
		}
		if (frag < total) {
			CHECK(frag == x->pages * PG && total <= DESC_MAX,
			      "retrieve response of %u bytes: a first fragment of %u", total, frag);
			memcpy(H.resp[e], phys(x->rx), frag);
			x->rx_frag_pending = true;
			x->rx_frag_hyp = hyp;
			x->rx_frag_handle = want;
			x->rx_frag_total = total;
			x->rx_frag_off = frag;
			break;
		}
		check_resp_bytes(e, phys(x->rx), total, want, t, hyp);
		break;
	}
	case OP_FRAG_RX: {
		uint32_t off = (uint32_t)b->r.x[3], n = (uint32_t)r->x[3];

		CHECK(fid == FFA_MEM_FRAG_TX_32, "FRAG_RX: unexpected x0 0x%x", fid);
		CHECK(handle_of(r, 1) == named, "FRAG_TX for another handle");
		CHECK(n && n <= x->pages * PG, "FRAG_TX of %u bytes", n);
		check_regs_zero(r, 4, "FRAG_TX");
		CHECK(spmc_rx_owned_by_endpoint(H.s, x->id), "FRAG_RX: RX not handed over");
		if (!x->rx_frag_pending || named != x->rx_frag_handle)
			break;
		CHECK(off <= x->rx_frag_off && off < x->rx_frag_total,
		      "FRAG_RX at %u accepted, %u of %u handed out", off, x->rx_frag_off,
		      x->rx_frag_total);
		CHECK(n == (x->rx_frag_total - off < x->pages * PG ? x->rx_frag_total - off
								      : x->pages * PG),
		      "FRAG_TX of %u bytes at %u of %u", n, off, x->rx_frag_total);
		memcpy(H.resp[e] + off, phys(x->rx), n);
		if (off + n > x->rx_frag_off)
			x->rx_frag_off = off + n;
		if (x->rx_frag_off == x->rx_frag_total) {
			x->rx_frag_pending = false;
			check_resp_bytes(e, H.resp[e], x->rx_frag_total, named, &resp_tx[e],
					 x->rx_frag_hyp);
		}
		break;
	}
	case OP_RECLAIM: {
		struct pending_send *ps = pending_find(x->id, named);
		struct spmc_mem_tx_info info;

		CHECK(fid == FFA_SUCCESS_32, "reclaim: unexpected x0 0x%x", fid);
		CHECK(spmc_mem_tx(H.s->mem, named, &info) != 0,
		      "handle 0x%llx still live after its reclaim", (unsigned long long)named);
		if (ps) {
			/* A send in fragments abandoned: its handle was only reserved. */
			struct spmc_mem_usage u;

			spmc_mem_usage(H.s->mem, &u);
			CHECK(u.reserved + 1 == snap_before.usage.reserved,
			      "abandoned send: %u handles reserved, %u before", u.reserved,
			      snap_before.usage.reserved);
			ps->live = false;
		}
		break;
	}
	case OP_RXTX_UNMAP:
		CHECK(fid == FFA_SUCCESS_32, "RXTX_UNMAP: unexpected x0 0x%x", fid);
		x->mapped = false;
		break;
	case OP_RXTX_MAP:
		CHECK(fid == FFA_SUCCESS_32, "RXTX_MAP: unexpected x0 0x%x", fid);
		x->mapped = true;
		x->tx = (uint32_t)b->r.x[0] == FFA_RXTX_MAP_64 ? b->r.x[1] : (uint32_t)b->r.x[1];
		x->rx = (uint32_t)b->r.x[0] == FFA_RXTX_MAP_64 ? b->r.x[2] : (uint32_t)b->r.x[2];
		x->pages = (uint32_t)b->r.x[3] & FFA_RXTX_MAP_PAGE_COUNT_MASK;
		break;
	case OP_RX_RELEASE:
		/* (A response in fragments goes on after it: that is how.) */
		CHECK(fid == FFA_SUCCESS_32, "RX_RELEASE: unexpected x0 0x%x", fid);
		break;
	case OP_RELINQUISH:
		CHECK(fid == FFA_SUCCESS_32, "relinquish: unexpected x0 0x%x", fid);
		break;
	default:
		break;
	}
}

static void step(void)
{
	uint8_t hdr = u8(), opb = u8(), fault = ((hdr >> 3) & 3) == 3 ? u8() : 0;
	int e = hdr & 3, nmut = (hdr >> 5) >= 5 ? (hdr >> 5) - 4 : 0;
	bool is64 = (hdr >> 2) & 1;
	enum op op = canon_op(opb);
	struct endpoint *x = &H.ep[e];
	struct mutation mut[3];
	struct build b;
	struct ffa_value out;
	bool failed, fired;
	ffa_mem_handle_t named = 0;

	memset(&b, 0, sizeof(b));
	b.layout = ep_version(e);
	b.caller = x->id;
	/* Mutations come last in the step but shape how it is built. */
	{
		const uint8_t *save = in;
		size_t save_len = in_len;
		size_t skip = op_args[op];

		if (op == OP_SHARE || op == OP_LEND || op == OP_DONATE) {
			uint8_t a0 = in_len ? in[0] : 0;

			skip += (1 + (a0 & 3)) + 2 * (1 + ((a0 >> 2) & 3));
		}
		skip = skip < in_len ? skip : in_len;
		in += skip;
		in_len -= skip;
		for (int i = 0; i < nmut; i++)
			mut[i] = (struct mutation){u8(), u8(), u8()};
		pre_mutate(&b, mut, nmut);
		in = save;
		in_len = save_len;
	}

	switch (op) {
	case OP_SHARE:
	case OP_LEND:
	case OP_DONATE:
		if (!build_send(e, op, is64, &b) || !room_to_split(e))
			goto skip;
		break;
	case OP_RETRIEVE:
		if (!build_retrieve(e, is64, &b))
			goto skip;
		break;
	case OP_RELINQUISH:
		build_relinquish(e, &b);
		break;
	case OP_RECLAIM: {
		uint8_t a0 = u8(), a1 = u8();
		ffa_mem_handle_t h = pick_handle(a0, a1 >> 3);

		b.r.x[0] = FFA_MEM_RECLAIM_32;
		b.r.x[1] = (uint32_t)h;
		b.r.x[2] = (uint32_t)(h >> 32);
		b.r.x[3] = (a1 & 1 ? FFA_MEM_FLAG_ZERO_MEMORY : 0) |
			   ((a1 & 6) == 6 ? FFA_MEM_FLAG_TIME_SLICING : 0);
		break;
	}
	case OP_FRAG_TX:
		build_frag_tx(e, &b);
		if (!room_to_split(e))
			goto skip;
		break;
	case OP_FRAG_RX:
		build_frag_rx(e, &b);
		break;
	case OP_RX_RELEASE: {
		uint8_t a0 = u8();

		b.r.x[0] = FFA_RX_RELEASE_32;
		b.r.x[1] = a0 < 200 ? 0 : a0 < 230 ? x->id : ep_id[(e + 1) % NEP];
		break;
	}
	case OP_RXTX_UNMAP: {
		uint8_t a0 = u8();

		b.r.x[0] = FFA_RXTX_UNMAP_32;
		b.r.x[1] = a0 < 200 ? 0 : a0 < 230 ? (uint32_t)x->id << 16 : a0;
		break;
	}
	case OP_RXTX_MAP: {
		uint8_t a0 = u8();
		uint64_t base = own_base(e);
		uint32_t n = own_pages(e), pages = a0 & 4 ? 2 : 1;

		b.r.x[0] = is64 ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32;
		switch (a0 & 3) {
		case 0:
		case 1:
			b.r.x[1] = base + MB_PAGE(n) * PG;
			b.r.x[2] = base + (MB_PAGE(n) + 1) * PG;
			pages = 1;
			break;
		case 2:
			b.r.x[1] = base + ALT_PAGE(n) * PG;
			b.r.x[2] = base + (ALT_PAGE(n) + pages) * PG;
			break;
		default:
			/* Someone else's memory, or a misaligned or overlapping pair. */
			b.r.x[1] = known[(a0 >> 3) % NEP].base + ((a0 >> 5) & 1 ? 0x800 : 0);
			b.r.x[2] = a0 & 0x80 ? b.r.x[1] : base + ALT_PAGE(n) * PG;
			break;
		}
		b.r.x[3] = pages;
		break;
	}
	case OP_VERSION: {
		static const uint32_t v[6] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
					      FFA_VERSION_1_3, FFA_VERSION_MAKE(2, 0),
					      FFA_VERSION_1_1 | (1u << 31)};

		b.r.x[0] = FFA_VERSION_32;
		b.r.x[1] = v[u8() % 6];
		break;
	}
	case OP_TOUCH:
		touch(e);
		goto skip;
	default:
		goto skip;
	}
	/* Past the op's bytes: the mutations, read above. */
	for (int i = 0; i < 3 * nmut; i++)
		(void)u8();
	if (b.regs_from_len) {
		b.r.x[1] = b.len;
		b.r.x[2] = b.frag;
	}
	mutate(&b, mut, nmut);
	place(&b);
	if (op == OP_RECLAIM || op == OP_FRAG_TX || op == OP_FRAG_RX)
		named = handle_of(&b.r, 1);

	snap_take(&snap_before, may_zero(op));
	last_in = b.r;
	last_caller = e;
	last_op = op;
	inject(fault);
	out = call(e, b.r);
	fired = faults_fired();
	inject(0);
	last_out = out;
	if (H.trace)
		trace_step(e, op, &b.r, &out, &b);
	/* FFA_VERSION fails with NOT_SUPPORTED in w0, not FFA_ERROR. */
	if (op == OP_VERSION) {
		if (out.x[0] == (uint32_t)FFA_RET_NOT_SUPPORTED) {
			snap_take(&snap_after, false);
			snap_compare(&snap_before, &snap_after, true, false);
		}
		goto checks;
	}
	failed = is_error(&out);
	if (failed) {
		struct pending_send *ps = op == OP_FRAG_TX ? pending_find(x->id, named) : NULL;

		check_error_shape(&out);
		/* The one failure that changes state: the last fragment completed
		 * a descriptor that does not validate, which ends the send (its
		 * reserved handle and its slot go). */
		if (ps && !core_send_slot(x->id, named)) {
			CHECK((uint32_t)b.r.x[3] == ps->total - ps->off,
			      "a failed FRAG_TX of %u bytes (%u of %u sent) ended the send",
			      (uint32_t)b.r.x[3], ps->off, ps->total);
			ps->live = false;
			snap_before.usage.reserved--;
			snap_before.usage.live_tx--;
		}
		snap_take(&snap_after, may_zero(op));
		snap_compare(&snap_before, &snap_after, true, fired);
	} else {
		after_success(e, op, &b, &out);
	}
checks:
	check_store();
	check_cross_layer();
	last_caller = -1;
	return;
skip:
	for (int i = 0; i < 3 * nmut; i++)
		(void)u8();
}

/* ---- seeds ---- */

/* Step builders for write_seeds(); each mirrors the format above. */
struct seed {
	uint8_t b[512];
	size_t n;
};

static void sb(struct seed *s, int count, ...)
{
	va_list ap;

	va_start(ap, count);
	for (int i = 0; i < count && s->n < sizeof(s->b); i++)
		s->b[s->n++] = (uint8_t)va_arg(ap, int);
	va_end(ap);
}

#define HDR(caller, is64) ((caller) | ((is64) ? 4 : 0))
/* One borrower byte: who (0 SP1, 1 SP2, 2 SP3), permissions index. */
#define BORROWER(who, perm) ((who) | ((perm) << 3))

/* caller sends its own pages [page, page + pages) to one borrower. */
static void seed_send1(struct seed *s, int caller, enum op op, int who, int page, int pages,
		       int tag)
{
	sb(s, 8, HDR(caller, 1), op, 0x00, (tag << 2) | (op == OP_SHARE ? 0 : 1), 0,
	   BORROWER(who, 0), page, pages - 1);
}

static void seed_retrieve(struct seed *s, int caller, int back)
{
	/* a1 0: the right type; a2 0: permissions as sent; a3 0. */
	sb(s, 6, HDR(caller, 1), OP_RETRIEVE, back, 0, 0, 0);
}

static void seed_relinquish(struct seed *s, int caller, int back)
{
	sb(s, 4, HDR(caller, 0), OP_RELINQUISH, back, 0);
}

static void seed_reclaim(struct seed *s, int caller, int back)
{
	sb(s, 4, HDR(caller, 0), OP_RECLAIM, back, 0);
}

static void seed_release(struct seed *s, int caller)
{
	sb(s, 3, HDR(caller, 0), OP_RX_RELEASE, 0);
}

static void seed_write(const char *dir, const char *name, const struct seed *s)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s->b, 1, s->n, f) != s->n) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

static void write_seeds(const char *dir)
{
	struct seed s;

	/* NWd shares two pages with SP1: retrieve, release, relinquish, reclaim. */
	memset(&s, 0, sizeof(s));
	seed_send1(&s, 0, OP_SHARE, 0, 2, 2, 1);
	seed_retrieve(&s, 1, 0);
	seed_release(&s, 1);
	seed_relinquish(&s, 1, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "share_flow", &s);

	/* SP1 lends its own page to SP2, and the NWd lends to SP3: each
	 * borrower retrieves and relinquishes, each lender reclaims. */
	memset(&s, 0, sizeof(s));
	seed_send1(&s, 1, OP_LEND, 1, 3, 1, 2);
	seed_retrieve(&s, 2, 0);
	seed_release(&s, 2);
	seed_send1(&s, 0, OP_LEND, 2, 5, 3, 3);
	seed_retrieve(&s, 3, 0);
	seed_release(&s, 3);
	seed_relinquish(&s, 2, 1);
	seed_reclaim(&s, 1, 1);
	seed_relinquish(&s, 3, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "lend_flow", &s);

	/* NWd shares one range with all three SPs (two ranges, RO for SP3);
	 * every SP retrieves, releases and relinquishes; the NWd reclaims. */
	memset(&s, 0, sizeof(s));
	sb(&s, 10, HDR(0, 1), OP_SHARE, 0x02 | 0x04, 0x00, 0, BORROWER(0, 0), BORROWER(1, 0),
	   BORROWER(2, 1), 8, 1);
	sb(&s, 2, 12, 0);
	for (int sp = 1; sp <= 3; sp++) {
		seed_retrieve(&s, sp, 0);
		seed_release(&s, sp);
	}
	for (int sp = 1; sp <= 3; sp++)
		seed_relinquish(&s, sp, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "multi_borrower_share", &s);

	/* Layouts: the NWd at v1.0 shares with SP2 at v1.1; SP3 at v1.2 shares
	 * its own memory with SP1 at v1.0 (32-bit IDs), with a zeroing lend. */
	memset(&s, 0, sizeof(s));
	sb(&s, 3, HDR(0, 0), OP_VERSION, 0);
	sb(&s, 3, HDR(2, 0), OP_VERSION, 1);
	sb(&s, 3, HDR(1, 0), OP_VERSION, 0);
	sb(&s, 8, HDR(0, 0), OP_SHARE, 0x00, 0x04, 0, BORROWER(1, 0), 0, 0);
	sb(&s, 6, HDR(2, 0), OP_RETRIEVE, 0, 0, 0, 0);
	seed_release(&s, 2);
	sb(&s, 8, HDR(3, 0), OP_LEND, 0x10, 0x05, 0, BORROWER(0, 1), 1, 1);
	sb(&s, 6, HDR(1, 0), OP_RETRIEVE, 0, 0, 0, 0);
	seed_release(&s, 1);
	seed_relinquish(&s, 1, 0);
	seed_reclaim(&s, 3, 0);
	seed_relinquish(&s, 2, 1);
	seed_reclaim(&s, 0, 1);
	seed_write(dir, "versions_flow", &s);

	/* What the core may not support yet: a donation retrieved by its new
	 * owner, a share sent in two fragments, a descriptor outside the TX
	 * buffer, a remapped mailbox. */
	memset(&s, 0, sizeof(s));
	seed_send1(&s, 2, OP_DONATE, 2, 4, 1, 4);
	seed_retrieve(&s, 3, 0);
	seed_release(&s, 3);
	sb(&s, 8, HDR(0, 1), OP_SHARE, 0xa0, 0x00, 2, BORROWER(0, 0), 10, 1);
	sb(&s, 4, HDR(0, 0), OP_FRAG_TX, 0, 0);
	seed_retrieve(&s, 1, 0);
	seed_release(&s, 1);
	sb(&s, 8, HDR(0, 1), OP_SHARE, 0xc0, 0x00, 0, BORROWER(1, 0), 12, 0);
	sb(&s, 3, HDR(1, 0), OP_RXTX_UNMAP, 0);
	sb(&s, 3, HDR(1, 1), OP_RXTX_MAP, 2 | 4);
	seed_retrieve(&s, 2, 0);
	seed_write(dir, "donate_frag_flow", &s);

	/* The NWd lends 256 one-page constituents to SP1: the descriptor goes
	 * in two fragments (FRAG_TX continuing the reserved handle), the
	 * response to SP1's retrieve does not fit its one-page RX buffer and
	 * comes in two (RX_RELEASE, FRAG_RX); SP1 relinquishes, the NWd reclaims. */
	memset(&s, 0, sizeof(s));
	sb(&s, 8, HDR(0, 1), OP_LEND, 0x80, (5 << 2) | 1, 31, BORROWER(0, 0), 0, 0);
	sb(&s, 4, HDR(0, 0), OP_FRAG_TX, 0, 0);
	seed_retrieve(&s, 1, 0);
	seed_release(&s, 1);
	sb(&s, 4, HDR(1, 0), OP_FRAG_RX, 0xc0, 0);
	seed_release(&s, 1);
	seed_relinquish(&s, 1, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "bulk_frag_flow", &s);

	/* A bulk share in 1 KiB fragments, abandoned half way with RECLAIM of
	 * its handle; then the hypervisor retrieve request for a share. */
	memset(&s, 0, sizeof(s));
	sb(&s, 8, HDR(0, 1), OP_SHARE, 0x80, 6 << 2, 0x40 | 31, BORROWER(1, 0), 0, 0);
	sb(&s, 4, HDR(0, 0), OP_FRAG_TX, 16, 0);
	seed_reclaim(&s, 0, 0);
	seed_send1(&s, 0, OP_SHARE, 2, 3, 2, 7);
	seed_retrieve(&s, 0, 0);
	seed_release(&s, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "frag_abandon_hyp_flow", &s);
}

/* ---- libFuzzer ---- */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_MEM_ABI_WRITE_SEEDS");

	(void)argc;
	(void)argv;
	if (dir) {
		write_seeds(dir);
		exit(0);
	}
	H.trace = getenv("FUZZ_MEM_ABI_TRACE") != NULL;
	H.hal_faults = getenv("FUZZ_MEM_ABI_HAL_FAULTS") == NULL ||
		       strcmp(getenv("FUZZ_MEM_ABI_HAL_FAULTS"), "0") != 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data;
	in_len = size;
	last_caller = -1;
	H.step = -1;
	system_start();
	check_store();
	check_cross_layer();
	for (H.step = 0; H.step < MAX_STEPS && in_len > 0; H.step++)
		step();
	return 0;
}

#if defined(__clang__)
#pragma clang attribute pop
#endif
