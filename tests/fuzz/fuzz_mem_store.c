/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stateful libFuzzer harness for the memory store (libspmc/mem/mem_store.h):
 * the input is a program of share/lend/donate, retrieve, relinquish and
 * reclaim calls from random endpoints over a small platform (normal-world
 * DRAM, four SPs, read-only and device memory, gaps), with mostly-valid
 * arguments and random mutations. Small pools make NO_MEMORY reachable.
 *
 * Invariants after every step:
 *  - spmc_mem_check passes;
 *  - the _check form changed nothing, and the applied call returned the same
 *    code and the same effect;
 *  - a failed call changed nothing (byte-for-byte) and reported no change;
 *  - a shadow map, updated only from the reported effects (each change's
 *    `before` must match it), agrees with the store's own answers for every
 *    page and endpoint: owner and access. So no access is lost, invented or
 *    duplicated, and every page has exactly one owner.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "mem/mem_store.h"
#include "mem/mem_store_int.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

#define PG 4096ull
#define NEP 6
static const ffa_id_t eps[NEP] = {0x0000, 0x0001, 0x8001, 0x8002, 0x8003, 0x8004};

static const struct spmc_mem_region_cfg regions[] = {
	{0x80000000ull, 64, 0x0000, HAL_MEM_R | HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS},
	{0x10000000ull, 16, 0x8001, HAL_MEM_R | HAL_MEM_W | HAL_MEM_X},
	{0x10010000ull, 16, 0x8002, HAL_MEM_R | HAL_MEM_W | HAL_MEM_X},
	{0x10020000ull, 16, 0x8003, HAL_MEM_R | HAL_MEM_W},
	{0x10040000ull, 16, 0x8004, HAL_MEM_R | HAL_MEM_W | HAL_MEM_X},
	{0x20000000ull, 4, 0x8001, HAL_MEM_R},
	{0x09000000ull, 2, 0x8002, HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE},
};
#define NREG (sizeof(regions) / sizeof(regions[0]))
#define NPAGES (64 + 16 * 4 + 4 + 2)

static struct spmc_mem_store *S;
static uint8_t *arena, *snap;
static size_t arena_size;

/* The shadow: per page, its owner and every endpoint's access. */
static ffa_id_t sh_owner[NPAGES];
static uint8_t sh_acc[NEP][NPAGES];

static const uint8_t *in;
static size_t in_len;

static uint8_t u8(void)
{
	if (in_len == 0)
		return 0;
	in_len--;
	return *in++;
}

static int ep_index(ffa_id_t id)
{
	for (int i = 0; i < NEP; i++)
		if (eps[i] == id)
			return i;
	return -1;
}

/* Index of the page at pa in the shadow, or -1 for unknown memory. */
static int page_index(uint64_t pa)
{
	int base = 0;

	for (size_t r = 0; r < NREG; r++) {
		if (pa >= regions[r].base && pa < regions[r].base + regions[r].pages * PG)
			return base + (int)((pa - regions[r].base) / PG);
		base += (int)regions[r].pages;
	}
	return -1;
}

static uint64_t page_addr(int idx)
{
	for (size_t r = 0; r < NREG; r++) {
		if (idx < (int)regions[r].pages)
			return regions[r].base + (uint64_t)idx * PG;
		idx -= (int)regions[r].pages;
	}
	return 0;
}

static size_t state_bytes(void)
{
	return (size_t)((uint8_t *)S->scratch - arena);
}

/* Applies an effect to the shadow over the given constituents. */
static void shadow_apply(const struct spmc_mem_effect *fx, const struct spmc_mem_range *r,
			 uint32_t n)
{
	for (uint32_t k = 0; k < n; k++) {
		for (uint64_t p = 0; p < r[k].pages; p++) {
			int pi = page_index(r[k].addr + p * PG);

			CHECK(pi >= 0);
			CHECK(sh_owner[pi] == fx->owner_before);
			for (uint32_t c = 0; c < fx->change_count; c++) {
				int e = ep_index(fx->changes[c].id);

				CHECK(e >= 0);
				CHECK(sh_acc[e][pi] == fx->changes[c].before);
				sh_acc[e][pi] = fx->changes[c].after;
			}
			sh_owner[pi] = fx->owner_after;
		}
	}
}

static void shadow_compare(void)
{
	for (int p = 0; p < NPAGES; p++) {
		uint64_t pa = page_addr(p);

		CHECK(spmc_mem_owner(S, pa) == sh_owner[p]);
		for (int e = 0; e < NEP; e++)
			CHECK(spmc_mem_access(S, eps[e], pa) == sh_acc[e][p]);
	}
	/* Unknown memory: nobody's. */
	CHECK(spmc_mem_owner(S, 0x30000000ull) == FFA_ID_SPMD);
	CHECK(spmc_mem_access(S, eps[0], 0x30000000ull) == 0);
}

static void reset(bool multi)
{
	struct spmc_mem_store_cfg cfg = {
		.max_tx = 8,
		.max_borrowers = 4,
		.max_ranges = 16,
		.max_intervals = NREG + 24,
		.multi_retrieve = multi,
		.regions = regions,
		.region_count = NREG,
	};
	int p = 0;

	if (!arena) {
		arena_size = spmc_mem_store_size(&cfg);
		CHECK(arena_size > 0);
		arena = aligned_alloc(16, (arena_size + 15) & ~(size_t)15);
		snap = malloc(arena_size);
		CHECK(arena && snap);
	}
	CHECK(spmc_mem_store_init(&S, arena, arena_size, &cfg) == 0);
	memset(sh_acc, 0, sizeof(sh_acc));
	for (size_t r = 0; r < NREG; r++)
		for (uint64_t i = 0; i < regions[r].pages; i++, p++) {
			sh_owner[p] = regions[r].owner;
			sh_acc[ep_index(regions[r].owner)][p] = regions[r].attrs & SPMC_MEM_RWX;
		}
}

/* ---- handles the program can name ---- */

#define NH 16
static ffa_mem_handle_t handles[NH];
static uint32_t nhandles;

static ffa_mem_handle_t pick_handle(void)
{
	uint8_t b = u8();

	if (nhandles == 0 || b == 0xff) {
		ffa_mem_handle_t h = 0;

		for (int i = 0; i < 8; i++)
			h = (h << 8) | u8();
		return h;
	}
	return handles[b % nhandles];
}

static void remember(ffa_mem_handle_t h)
{
	if (nhandles < NH)
		handles[nhandles++] = h;
	else
		handles[h % NH] = h;
}

/* ---- running a call in both forms ---- */

struct call {
	int kind; /* 0 create, 1 retrieve, 2 relinquish, 3 reclaim */
	ffa_id_t caller;
	enum spmc_mem_op op;
	const struct spmc_mem_desc *d;
	const struct spmc_mem_relinquish *rl;
	ffa_mem_handle_t handle;
	uint32_t flags;
};

static int run(const struct call *c, bool apply, struct spmc_mem_effect *fx)
{
	switch (c->kind) {
	case 0:
		return apply ? spmc_mem_create(S, c->caller, c->op, c->d, fx)
			     : spmc_mem_create_check(S, c->caller, c->op, c->d, fx);
	case 1:
		return apply ? spmc_mem_retrieve(S, c->caller, c->d, fx)
			     : spmc_mem_retrieve_check(S, c->caller, c->d, fx);
	case 2:
		return apply ? spmc_mem_relinquish(S, c->caller, c->rl, fx)
			     : spmc_mem_relinquish_check(S, c->caller, c->rl, fx);
	default:
		return apply ? spmc_mem_reclaim(S, c->caller, c->handle, c->flags, fx)
			     : spmc_mem_reclaim_check(S, c->caller, c->handle, c->flags, fx);
	}
}

static void step(const struct call *c, ffa_mem_handle_t named)
{
	static struct spmc_mem_change ra[8], rb[8];
	static struct spmc_mem_range ranges[16];
	struct spmc_mem_effect a, b;
	uint32_t n = 0;
	int rca, rcb;

	/* The room: usually enough, sometimes not. */
	spmc_mem_effect_init(&a, ra, (u8() & 7) == 0 ? 0 : 8);
	spmc_mem_effect_init(&b, rb, a.max_changes);
	memcpy(snap, arena, state_bytes());
	rca = run(c, false, &a);
	CHECK(memcmp(snap, arena, state_bytes()) == 0);
	/* The constituents, read while the transaction still lives. */
	if (rca == 0 && c->kind == 0) {
		n = c->d->range_count;
		memcpy(ranges, c->d->ranges, n * sizeof(ranges[0]));
	} else if (rca == 0) {
		n = spmc_mem_tx_ranges(S, named, 0, ranges, 16);
		CHECK(n > 0);
	}
	rcb = run(c, true, &b);
	CHECK(rca == rcb);
	if (rcb != 0) {
		CHECK(rcb < 0);
		CHECK(memcmp(snap, arena, state_bytes()) == 0);
		CHECK(b.change_count == 0 && !b.zero);
	} else {
		CHECK(a.handle == b.handle && a.op == b.op && a.kind == b.kind && a.zero == b.zero &&
		      a.ends == b.ends && a.owner_before == b.owner_before &&
		      a.owner_after == b.owner_after && a.change_count == b.change_count);
		CHECK(memcmp(ra, rb, a.change_count * sizeof(ra[0])) == 0);
		CHECK(b.handle >> 63 == 0);
		if (c->kind == 0)
			remember(b.handle);
		shadow_apply(&b, ranges, n);
		if (b.ends)
			CHECK(spmc_mem_tx(S, b.handle, &(struct spmc_mem_tx_info){0}) != 0);
	}
	{
		struct spmc_mem_check_report r;

		CHECK(spmc_mem_check(S, &r) == 0);
	}
	shadow_compare();
}

/* ---- building arguments ---- */

static ffa_id_t pick_ep(void)
{
	return eps[u8() % NEP];
}

/* A constituent: usually inside one of `owner`'s regions, sometimes
 * anywhere (another's memory, a gap), sometimes malformed. */
static struct spmc_mem_range pick_range(ffa_id_t owner)
{
	uint8_t r = u8(), off = u8(), len = u8();
	struct spmc_mem_range x;
	size_t g = r % (NREG + 1);

	if ((r & 0xe0) != 0xe0) {
		/* The k-th region of the owner, k from r. */
		size_t mine[NREG], n = 0;

		for (size_t i = 0; i < NREG; i++)
			if (regions[i].owner == owner)
				mine[n++] = i;
		g = n ? mine[(r >> 3) % n] : g;
	}
	if (g == NREG) { /* a gap */
		x.addr = 0x30000000ull + (uint64_t)(off % 4) * PG;
	} else {
		x.addr = regions[g].base + (uint64_t)(off % regions[g].pages) * PG;
	}
	x.pages = 1 + len % 6;
	if ((len & 0xc0) == 0xc0 && (off & 0x80))
		x.addr += 0x800; /* unaligned */
	if ((len & 0xc0) == 0x80 && (off & 0x80))
		x.pages = 0;
	return x;
}

/* Borrower i: usually an SP other than the sender and the ones before it. */
static ffa_id_t pick_borrower(ffa_id_t sender, const struct spmc_mem_access *acc, uint32_t i,
			      bool sane)
{
	for (int tries = 0; sane && tries < 8; tries++) {
		ffa_id_t e = eps[2 + u8() % (NEP - 2)];
		bool dup = e == sender;

		for (uint32_t j = 0; j < i; j++)
			dup |= acc[j].id == e;
		if (!dup)
			return e;
	}
	return pick_ep();
}

static void do_create(void)
{
	static struct spmc_mem_access acc[6];
	static struct spmc_mem_range rng[6];
	struct spmc_mem_desc d = {0};
	uint8_t ctl = u8(), how = u8();
	enum spmc_mem_op op = (enum spmc_mem_op)(1 + ctl % 3);
	uint32_t nb = 1 + (ctl >> 2) % 4, nr = 1 + (ctl >> 4) % 4;
	struct call c = {.kind = 0, .op = op, .d = &d};
	bool wild = (how & 0x0f) == 0x0f, sane = (how & 0x70) != 0x70;

	if (op == SPMC_MEM_OP_DONATE && sane)
		nb = 1;
	d.version = (how & 0x80) ? FFA_VERSION_1_2 : FFA_VERSION_1_1;
	d.sender = pick_ep();
	if (sane && d.sender == eps[1])
		d.sender = eps[0];
	c.caller = (u8() & 15) == 0 ? pick_ep() : d.sender;
	d.tag = u8();
	d.access = acc;
	d.access_count = nb;
	d.ranges = rng;
	d.range_count = nr;
	d.attributes = op == SPMC_MEM_OP_DONATE || (op == SPMC_MEM_OP_LEND && nb == 1)
			       ? 0
			       : (FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) |
					 (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) |
					 FFA_MEM_INNER_SHAREABLE;
	if (wild)
		d.attributes = (uint16_t)(u8() | (u8() << 8));
	d.flags = (u8() & 3) == 0 && op != SPMC_MEM_OP_SHARE ? FFA_MEM_FLAG_ZERO_MEMORY : 0;
	if (wild)
		d.flags = u8();
	for (uint32_t i = 0; i < nb; i++) {
		uint8_t p = u8();

		memset(&acc[i], 0, sizeof(acc[i]));
		acc[i].id = pick_borrower(d.sender, acc, i, sane);
		acc[i].perms = op == SPMC_MEM_OP_DONATE ? 0 : (p & 1) ? FFA_MEM_DATA_RO : FFA_MEM_DATA_RW;
		if (wild)
			acc[i].perms = p & 0x1f;
		acc[i].impdef[0] = p;
	}
	for (uint32_t i = 0; i < nr; i++) {
		rng[i] = pick_range(d.sender);
		d.total_pages += rng[i].pages;
	}
	if (wild && (u8() & 1))
		d.total_pages++;
	step(&c, 0);
}

static void do_retrieve(void)
{
	static struct spmc_mem_access acc[6];
	struct spmc_mem_desc rq = {0};
	struct spmc_mem_tx_info t = {0};
	uint8_t mut = u8();
	struct call c = {.kind = 1, .d = &rq};

	/* Mostly a well-formed request from a borrower. */
	if ((mut & 0x07) != 0x07)
		mut &= 0x12;
	ffa_mem_handle_t h = pick_handle();

	c.caller = pick_ep();
	rq.version = FFA_VERSION_1_2;
	rq.handle = h;
	rq.access = acc;
	if (spmc_mem_tx(S, h, &t) == 0) {
		rq.sender = t.sender;
		rq.tag = t.tag;
		rq.flags = (uint32_t)t.op << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
		rq.access_count = t.borrower_count;
		for (uint32_t i = 0; i < t.borrower_count && i < 6; i++) {
			struct spmc_mem_borrower_info b;

			CHECK(spmc_mem_tx_borrower(S, h, i, &b) == 0);
			acc[i] = b.sent;
			acc[i].flags = 0;
			acc[i].perms = (b.sent.perms & FFA_MEM_DATA_ACCESS_MASK) == FFA_MEM_DATA_RO
					       ? FFA_MEM_DATA_RO
					       : FFA_MEM_DATA_RW;
			/* A single borrower of a lend, or a donee, picks X or NX. */
			if (!(t.op == SPMC_MEM_OP_SHARE ||
			      (t.op == SPMC_MEM_OP_LEND && t.borrower_count > 1)))
				acc[i].perms |= ((u8() & 1) ? FFA_MEM_INSTR_X : FFA_MEM_INSTR_NX)
						<< FFA_MEM_INSTR_ACCESS_SHIFT;
		}
		/* Usually a borrower asks. */
		if ((mut & 0x80) == 0 && t.borrower_count)
			c.caller = acc[u8() % t.borrower_count].id;
	} else {
		rq.access_count = 1;
		acc[0] = (struct spmc_mem_access){.id = c.caller, .perms = FFA_MEM_DATA_RW};
	}
	if (mut & 1)
		for (uint32_t i = 0; i < rq.access_count; i++)
			acc[i].perms = u8() & 0x1f;
	if (mut & 2)
		rq.flags |= (uint32_t)u8() & (FFA_MEM_FLAG_ZERO_MEMORY |
					      FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH | (1u << 10));
	if (mut & 4)
		rq.tag++;
	if (mut & 8)
		rq.sender = pick_ep();
	if ((mut & 16) && rq.access_count) {
		for (uint32_t i = 0; i < rq.access_count; i++)
			if (acc[i].id == c.caller)
				acc[0] = acc[i];
		rq.access_count = 1;
		rq.flags |= FFA_MEM_FLAG_BYPASS_MULTI_BORROWER;
	}
	if (mut & 32)
		rq.version = FFA_VERSION_1_1;
	if (mut & 64)
		rq.attributes = u8();
	step(&c, h);
}

static void do_relinquish(void)
{
	static uint8_t raw[8];
	struct spmc_mem_relinquish rl = {0};
	uint8_t ctl = u8();
	struct call c = {.kind = 2, .rl = &rl};

	rl.handle = pick_handle();
	rl.endpoint_count = 1 + (ctl & 3) % 3;
	rl.flags = (ctl & 4) ? FFA_MEM_FLAG_ZERO_MEMORY : 0;
	if ((ctl & 0x18) == 0x18)
		rl.flags = u8();
	rl.endpoints = raw;
	c.caller = pick_ep();
	/* Mostly a borrower of a live transaction, for itself. */
	if ((ctl & 0xc0) != 0xc0) {
		struct spmc_mem_tx_info t;
		struct spmc_mem_borrower_info b;

		if (spmc_mem_tx(S, rl.handle, &t) == 0 &&
		    spmc_mem_tx_borrower(S, rl.handle, u8() % t.borrower_count, &b) == 0)
			c.caller = b.sent.id;
		if ((ctl & 3) != 3)
			rl.endpoint_count = 1;
	}
	for (uint32_t i = 0; i < rl.endpoint_count; i++) {
		ffa_id_t e = (i == 0 && (ctl & 0x20) == 0) ? c.caller : pick_ep();

		raw[2 * i] = (uint8_t)e;
		raw[2 * i + 1] = (uint8_t)(e >> 8);
	}
	step(&c, rl.handle);
}

static void do_reclaim(void)
{
	struct spmc_mem_tx_info t;
	uint8_t ctl = u8();
	struct call c = {.kind = 3};

	c.handle = pick_handle();
	c.caller = (spmc_mem_tx(S, c.handle, &t) == 0 && (ctl & 1) == 0) ? t.sender : pick_ep();
	c.flags = (ctl & 2) ? FFA_MEM_FLAG_ZERO_MEMORY : 0;
	if ((ctl & 0x0c) == 0x0c)
		c.flags = u8();
	step(&c, c.handle);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data;
	in_len = size;
	nhandles = 0;
	reset(u8() & 1);
	shadow_compare();
	for (int steps = 0; in_len > 0 && steps < 200; steps++) {
		switch (u8() % 4) {
		case 0:
			do_create();
			break;
		case 1:
			do_retrieve();
			break;
		case 2:
			do_relinquish();
			break;
		default:
			do_reclaim();
			break;
		}
	}
	return 0;
}
