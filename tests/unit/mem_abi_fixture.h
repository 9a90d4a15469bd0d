/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture for the memory management ABI suites (tests/unit/test_mem_abi*.c):
 * the standard system with the normal world's memory known to the SPMC, the
 * store's and the fragment pool's state for "an error and nothing changed",
 * descriptors built with the codec's encoders (whole, or cut into fragments
 * at any offset) and the flows every suite repeats (send, send in fragments,
 * retrieve, read a response in fragments, relinquish, reclaim). Header-only
 * (static inline), as each tests/unit/test_*.c is its own binary.
 */
#ifndef TESTS_UNIT_MEM_ABI_FIXTURE_H
#define TESTS_UNIT_MEM_ABI_FIXTURE_H

#include "unit.h"

#include "mem/mem_desc.h"
#include "mem/mem_store.h"
#include "mem_abi.h"

#define ATTR_WB ((FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) | \
		 (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) | FFA_MEM_INNER_SHAREABLE)

/* NS memory the tests send (pages relative to MOCK_NS_BASE: the NWd's TX
 * buffer is page 0, its RX buffer page 16). */
#define NS_PAGE(n) (MOCK_NS_BASE + (uint64_t)(n) * FFA_PAGE_SIZE)
#define SHBUF NS_PAGE(256)  /* 2 pages the NWd shares */
#define NWBUF NS_PAGE(64)   /* up to 4 pages: a descriptor buffer of the NWd's own */
#define BIGBUF NS_PAGE(400) /* 600 pages: many constituents */
#define BIG_PAGES 600u

/* Each SP's RX/TX buffers (one page each) and a page of its own it sends. */
#define SP_TX(id) (UT_SP_BASE((id) - SP1) + 0x8000)
#define SP_RX(id) (UT_SP_BASE((id) - SP1) + 0xa000)
#define SP1_TX SP_TX(SP1)
#define SP1_RX SP_RX(SP1)
#define SP2_TX SP_TX(SP2)
#define SP2_RX SP_RX(SP2)
#define SP3_TX SP_TX(SP3)
#define SP3_RX SP_RX(SP3)
#define SP1_LENT (UT_SP_BASE(0) + 0x20000)

#define TYPE_FLAGS(t) ((uint32_t)(t) << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT)
#define SHARE_FLAGS TYPE_FLAGS(FFA_MEM_TRANSACTION_SHARE)
#define LEND_FLAGS TYPE_FLAGS(FFA_MEM_TRANSACTION_LEND)
#define DONATE_FLAGS TYPE_FLAGS(FFA_MEM_TRANSACTION_DONATE)

#define RWX (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X)

static const struct spmc_mem_region_cfg ns_mem = {
	.base = MOCK_NS_BASE,
	.pages = MOCK_NS_SIZE / FFA_PAGE_SIZE,
	.owner = NWD,
	.attrs = HAL_MEM_R | HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS,
};

/* ---- setup ---- */

/* The standard system with the NWd's memory known; change u->cfg or
 * u->parts, then mem_fx_boot. */
static inline struct ut *mem_fx_begin(void)
{
	struct ut *u = ut_begin_std();

	u->cfg.ns_mem = &ns_mem;
	u->cfg.ns_mem_count = 1;
	u->cfg.mem_max_tx = 32;
	u->cfg.mem_max_ranges = 1024;
	return u;
}

/* Initialised, booted, the NWd at `version` with its RX/TX mapped. */
static inline void mem_fx_boot(struct ut *u, uint32_t version)
{
	ut_init(u);
	ut_boot_all();
	ut_nwd_version(version);
	ut_nwd_map_rxtx();
}

static inline int setup(void **state)
{
	(void)state;
	mem_fx_boot(mem_fx_begin(), FFA_VERSION_1_1);
	return 0;
}

/* ---- the store's and the pool's state, for "nothing changed" ---- */

#define SNAP_PAGES (MOCK_NS_SIZE / FFA_PAGE_SIZE + 4 * UT_SP_MEM / FFA_PAGE_SIZE)
#define SNAP_IDS 5
#define SNAP_FRAGS 64

static const ffa_id_t probe_id[SNAP_IDS] = {NWD, SP1, SP2, SP3, SP4};

/* Every page of the NWd's memory and of SP1..SP4's: owner, state, the
 * owner's attributes, the transaction and each endpoint's access; and every
 * fragment pool slot. Fields copied one by one into zeroed memory, so
 * memcmp compares no padding. */
struct mem_snap {
	struct spmc_mem_usage usage;
	struct {
		uint64_t handle;
		ffa_id_t owner;
		uint8_t state, attrs;
		uint8_t access[SNAP_IDS];
	} page[SNAP_PAGES];
	struct {
		uint64_t handle, off;
		uint32_t len, done;
		ffa_id_t owner;
		uint8_t kind, op;
	} frag[SNAP_FRAGS];
};

static inline uint64_t snap_pa(uint32_t i)
{
	uint32_t ns = MOCK_NS_SIZE / FFA_PAGE_SIZE;

	return i < ns ? NS_PAGE(i) : MOCK_SEC_BASE + (uint64_t)(i - ns) * FFA_PAGE_SIZE;
}

static inline void mem_snap(struct mem_snap *m)
{
	const struct spmc *s = ut_fx.s;
	struct spmc_mem_usage u;

	memset(m, 0, sizeof(*m));
	assert_int_equal(spmc_mem_check(s->mem, NULL), 0);
	spmc_mem_usage(s->mem, &u);
	m->usage.live_tx = u.live_tx;
	m->usage.max_tx = u.max_tx;
	m->usage.reserved = u.reserved;
	m->usage.ranges = u.ranges;
	m->usage.max_ranges = u.max_ranges;
	m->usage.intervals = u.intervals;
	m->usage.max_intervals = u.max_intervals;
	m->usage.chunks_free = u.chunks_free;
	m->usage.chunks = u.chunks;
	for (uint32_t i = 0; i < SNAP_PAGES; i++) {
		struct spmc_mem_page_info pg;
		uint64_t pa = snap_pa(i);

		assert_int_equal(spmc_mem_page(s->mem, pa, &pg), 0);
		m->page[i].handle = pg.handle;
		m->page[i].owner = pg.owner;
		m->page[i].state = pg.state;
		m->page[i].attrs = pg.attrs;
		for (int e = 0; e < SNAP_IDS; e++)
			m->page[i].access[e] = (uint8_t)spmc_mem_access(s->mem, probe_id[e], pa);
	}
	assert_true(s->mem_frag_count <= SNAP_FRAGS);
	for (uint32_t i = 0; i < s->mem_frag_count; i++) {
		const struct spmc_mem_frag *f = &s->mem_frags[i];

		m->frag[i].kind = f->kind;
		if (f->kind == MEM_FRAG_FREE)
			continue;
		m->frag[i].op = f->op;
		m->frag[i].owner = f->owner;
		m->frag[i].handle = f->handle;
		m->frag[i].off = f->off;
		m->frag[i].len = f->len;
		m->frag[i].done = f->done;
	}
}

static inline void mem_snap_equal(const struct mem_snap *b, const struct mem_snap *a,
				  const char *file, int line)
{
	if (memcmp(&b->usage, &a->usage, sizeof(b->usage)) != 0) {
		print_error("the store's usage changed (live %u -> %u, reserved %u -> %u)\n",
			    b->usage.live_tx, a->usage.live_tx, b->usage.reserved,
			    a->usage.reserved);
		_fail(file, line);
	}
	for (uint32_t i = 0; i < SNAP_PAGES; i++)
		if (memcmp(&b->page[i], &a->page[i], sizeof(b->page[i])) != 0) {
			print_error("page 0x%llx changed in the store\n",
				    (unsigned long long)snap_pa(i));
			_fail(file, line);
		}
	if (memcmp(b->frag, a->frag, sizeof(b->frag)) != 0) {
		print_error("the fragment pool changed\n");
		_fail(file, line);
	}
}
#define MEM_SNAP_EQUAL(b, a) mem_snap_equal((b), (a), __FILE__, __LINE__)

/* EXPECT_FFA_ERROR (core and HAL fake unchanged), and the store and the
 * fragment pool unchanged too. */
#define EXPECT_MEM_ERROR(cpu, ec, in, code)                                  \
	do {                                                                 \
		static struct mem_snap b_, a_;                               \
		mem_snap(&b_);                                               \
		EXPECT_FFA_ERROR((cpu), (ec), (in), (code));                 \
		mem_snap(&a_);                                               \
		MEM_SNAP_EQUAL(&b_, &a_);                                    \
	} while (0)

/* The invariants hold and the HAL was never misused. */
#define MEM_OK()                                                             \
	do {                                                                 \
		assert_int_equal(spmc_mem_check(ut_fx.s->mem, NULL), 0);     \
		assert_int_equal(mock_hal.misuse, 0);                        \
	} while (0)

/* ---- descriptors ---- */

#define DESC_MAX_RANGES 1024

/* A send descriptor being built: its normalized form and the arrays it
 * points into. */
struct desc {
	struct spmc_mem_desc d;
	struct spmc_mem_access acc[4];
	struct spmc_mem_range rng[DESC_MAX_RANGES];
};

/*
 * An empty send of `op` by `sender` in `v`'s layout, with the attributes and
 * permissions the operation requires: a share (and a lend to several) names
 * the memory type and RW, a lend to one borrower leaves the type unspecified,
 * a donate leaves both the type and the data access to the borrower.
 */
static inline void desc_init(struct desc *t, uint32_t v, enum spmc_mem_op op, ffa_id_t sender)
{
	memset(t, 0, sizeof(*t));
	t->d.version = v;
	t->d.sender = sender;
	t->d.attributes = op == SPMC_MEM_OP_SHARE ? ATTR_WB : 0;
	t->d.access = t->acc;
	t->d.ranges = t->rng;
}

/* Adds a borrower with the operation's default permissions. */
static inline void desc_borrower(struct desc *t, enum spmc_mem_op op, ffa_id_t id)
{
	assert_true(t->d.access_count < 4);
	t->acc[t->d.access_count++] = (struct spmc_mem_access){
		.id = id, .perms = op == SPMC_MEM_OP_DONATE ? 0 : FFA_MEM_DATA_RW};
	if (op == SPMC_MEM_OP_LEND && t->d.access_count > 1)
		t->d.attributes = ATTR_WB;
}

static inline void desc_range(struct desc *t, uint64_t addr, uint64_t pages)
{
	assert_true(t->d.range_count < DESC_MAX_RANGES);
	t->rng[t->d.range_count++] = (struct spmc_mem_range){addr, pages};
	t->d.total_pages += pages;
}

/* A send of `op` by `sender` to one borrower of [addr, addr + pages). */
static inline void desc_simple(struct desc *t, uint32_t v, enum spmc_mem_op op, ffa_id_t sender,
			       ffa_id_t borrower, uint64_t addr, uint64_t pages)
{
	desc_init(t, v, op, sender);
	desc_borrower(t, op, borrower);
	desc_range(t, addr, pages);
}

/*
 * BIG_PAGES one-page constituents covering BIGBUF, in an order that is not
 * the address order (a permutation: page (7 * i) % BIG_PAGES at i), so no
 * two consecutive constituents are adjacent pages.
 */
static inline uint64_t big_page(uint32_t i)
{
	return BIGBUF + (uint64_t)((7u * i) % BIG_PAGES) * FFA_PAGE_SIZE;
}

static inline void desc_big(struct desc *t, uint32_t v, enum spmc_mem_op op, ffa_id_t sender,
			    ffa_id_t borrower, uint32_t n)
{
	desc_init(t, v, op, sender);
	desc_borrower(t, op, borrower);
	for (uint32_t i = 0; i < n; i++)
		desc_range(t, big_page(i), 1);
}

static inline uint32_t desc_size(const struct desc *t)
{
	size_t n = spmc_mem_desc_encoded_size(&t->d, t->d.version);

	assert_true(n > 0);
	return (uint32_t)n;
}

/* Writes bytes [off, off + len) of the encoded descriptor at physical
 * address pa (a TX buffer, or a buffer of the sender's). */
static inline void desc_put(const struct desc *t, uint32_t off, uint32_t len, uint64_t pa)
{
	size_t w = 0, total = 0;

	assert_non_null(mock_phys_ptr(pa));
	assert_int_equal(spmc_mem_desc_encode_send(&t->d, t->d.version, off, mock_phys_ptr(pa),
						   len, &w, &total),
			 0);
	assert_int_equal(w, len);
}

/* ---- registers ---- */

static inline uint32_t send_fid(enum spmc_mem_op op, bool smc64)
{
	switch (op) {
	case SPMC_MEM_OP_LEND:
		return smc64 ? FFA_MEM_LEND_64 : FFA_MEM_LEND_32;
	case SPMC_MEM_OP_DONATE:
		return smc64 ? FFA_MEM_DONATE_64 : FFA_MEM_DONATE_32;
	default:
		return smc64 ? FFA_MEM_SHARE_64 : FFA_MEM_SHARE_32;
	}
}

/* The handle of SUCCESS (w2 low, w3 high). */
static inline ffa_mem_handle_t success_handle(const struct ffa_value *r)
{
	return (uint32_t)r->x[2] | ((uint64_t)(uint32_t)r->x[3] << 32);
}

#define H_LO(h) ((uint32_t)(h))
#define H_HI(h) ((uint32_t)((h) >> 32))

static inline void ut_assert_regs(const struct ffa_value *r, uint32_t fid, uint64_t w1,
				  uint64_t w2, uint64_t w3, const char *file, int line)
{
	if ((uint32_t)r->x[0] != fid || r->x[1] != w1 || r->x[2] != w2 || r->x[3] != w3) {
		print_error("expected 0x%x(0x%llx, 0x%llx, 0x%llx), got 0x%llx(0x%llx, 0x%llx, "
			    "0x%llx)\n",
			    fid, (unsigned long long)w1, (unsigned long long)w2,
			    (unsigned long long)w3, (unsigned long long)r->x[0],
			    (unsigned long long)r->x[1], (unsigned long long)r->x[2],
			    (unsigned long long)r->x[3]);
		_fail(file, line);
	}
	ut_assert_zero_from(r, 4, "answer", file, line);
}
/* FFA_MEM_FRAG_RX(handle, bytes received so far): the answer to a fragment. */
#define assert_frag_rx(r, h, off) \
	ut_assert_regs((r), FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), (off), __FILE__, __LINE__)
/* FFA_MEM_FRAG_TX(handle, fragment length): the answer to FFA_MEM_FRAG_RX. */
#define assert_frag_tx(r, h, len) \
	ut_assert_regs((r), FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), (len), __FILE__, __LINE__)
/* FFA_MEM_RETRIEVE_RESP(total length, fragment length). */
#define assert_retrieve_resp(r, total, len) \
	ut_assert_regs((r), FFA_MEM_RETRIEVE_RESP_32, (total), (len), 0, __FILE__, __LINE__)

/* ---- flows ---- */

/* One call from ec on cpu; it must return to ec. */
static inline struct ffa_value call(uint32_t cpu, struct spmc_ec *ec, struct ffa_value r)
{
	assert_ptr_equal(ut_call(cpu, ec, &r), ec);
	return r;
}

/* t sent whole from ec's TX buffer tx with `fid`: the handle. */
static inline ffa_mem_handle_t send_whole(uint32_t cpu, struct spmc_ec *ec, uint64_t tx,
					  uint32_t fid, const struct desc *t)
{
	uint32_t len = desc_size(t);
	struct ffa_value r;

	desc_put(t, 0, len, tx);
	r = call(cpu, ec, FFA(fid, len, len));
	assert_ffa_success(&r, r.x[2], r.x[3]);
	assert_int_not_equal(success_handle(&r), 0);
	MEM_OK();
	return success_handle(&r);
}

/* The first `first` bytes of t with `fid` (t's total in w1): FRAG_RX(h,
 * first) expected; the handle. */
static inline ffa_mem_handle_t send_first(uint32_t cpu, struct spmc_ec *ec, uint64_t tx,
					  uint32_t fid, const struct desc *t, uint32_t first)
{
	struct ffa_value r;
	ffa_mem_handle_t h;

	desc_put(t, 0, first, tx);
	r = call(cpu, ec, FFA(fid, desc_size(t), first));
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_FRAG_RX_32);
	h = (uint32_t)r.x[1] | ((uint64_t)(uint32_t)r.x[2] << 32);
	assert_int_not_equal(h, 0);
	assert_frag_rx(&r, h, first);
	MEM_OK();
	return h;
}

/* FFA_MEM_FRAG_TX(h) of t's bytes [off, off + len), written to tx first. */
static inline struct ffa_value frag_tx(uint32_t cpu, struct spmc_ec *ec, uint64_t tx,
				       const struct desc *t, ffa_mem_handle_t h, uint32_t off,
				       uint32_t len)
{
	desc_put(t, off, len, tx);
	return call(cpu, ec, FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), len));
}

/*
 * t sent in fragments cut at cuts[0] < cuts[1] < ... < cuts[n - 1] < total:
 * every intermediate answer FRAG_RX(h, bytes so far), the last SUCCESS with
 * the same handle in w2/w3. Returns the handle.
 */
static inline ffa_mem_handle_t send_frags(uint32_t cpu, struct spmc_ec *ec, uint64_t tx,
					  uint32_t fid, const struct desc *t,
					  const uint32_t *cuts, uint32_t n)
{
	uint32_t total = desc_size(t);
	ffa_mem_handle_t h = send_first(cpu, ec, tx, fid, t, cuts[0]);
	struct ffa_value r;

	for (uint32_t i = 1; i <= n; i++) {
		uint32_t off = cuts[i - 1], end = i < n ? cuts[i] : total;

		assert_true(off < end);
		r = frag_tx(cpu, ec, tx, t, h, off, end - off);
		if (end < total)
			assert_frag_rx(&r, h, end);
		else
			assert_ffa_success(&r, H_LO(h), H_HI(h));
		MEM_OK();
	}
	return h;
}

/* SP `id` handling a direct request from the NWd on `cpu`, with its RX/TX
 * buffers mapped. */
static inline struct spmc_ec *sp_with_rxtx(uint32_t cpu, ffa_id_t id)
{
	struct ffa_value r;
	struct spmc_ec *sp = ut_nwd_req(cpu, id, &r);

	EXPECT_FFA_SUCCESS(cpu, sp, FFA(FFA_RXTX_MAP_64, SP_TX(id), SP_RX(id), 1), 0, 0);
	return sp;
}

static inline struct spmc_ec *sp1_with_rxtx(void)
{
	return sp_with_rxtx(0, SP1);
}

/* A retrieve request by `borrower` for h asking for `perms`, in the layout of
 * `v`, at tx; its length. */
static inline size_t enc_retrieve_perms(uint64_t tx_pa, uint32_t v, ffa_id_t sender,
					ffa_id_t borrower, ffa_mem_handle_t h, uint32_t flags,
					uint8_t perms)
{
	struct spmc_mem_access acc = {.id = borrower, .perms = perms};
	struct spmc_mem_desc d = {
		.version = v,
		.sender = sender,
		.flags = flags,
		.handle = h,
		.access = &acc,
		.access_count = 1,
	};
	size_t w = 0, total = 0;

	assert_int_equal(spmc_mem_desc_encode_retrieve_req(&d, v, 0, mock_phys_ptr(tx_pa),
							   FFA_PAGE_SIZE, &w, &total),
			 0);
	return total;
}

/* The same asking for read/write access. */
static inline size_t enc_retrieve(uint64_t tx_pa, uint32_t v, ffa_id_t sender, ffa_id_t borrower,
				  ffa_mem_handle_t h, uint32_t flags)
{
	return enc_retrieve_perms(tx_pa, v, sender, borrower, h, flags, FFA_MEM_DATA_RW);
}

/* The hypervisor retrieve request: no access descriptor, just the handle. */
static inline size_t enc_hyp_retrieve(uint64_t tx_pa, uint32_t v, ffa_id_t sender,
				      ffa_mem_handle_t h)
{
	struct spmc_mem_desc d = {.version = v, .sender = sender, .handle = h};
	size_t w = 0, total = 0;

	assert_int_equal(spmc_mem_desc_encode_retrieve_req(&d, v, 0, mock_phys_ptr(tx_pa),
							   FFA_PAGE_SIZE, &w, &total),
			 0);
	return total;
}

/* FFA_MEM_RETRIEVE_REQ_64 of h by the SP context sp on cpu, in the layout
 * of the version the SP negotiated; the raw answer. */
static inline struct ffa_value retrieve_on(uint32_t cpu, struct spmc_ec *sp, ffa_id_t sender,
					   ffa_mem_handle_t h, uint32_t flags)
{
	ffa_id_t id = spmc_ec_id(sp);
	size_t len = enc_retrieve(SP_TX(id), spmc_endpoint_version(ut_fx.s, id), sender, id, h,
				  flags);

	return call(cpu, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len));
}

static inline struct ffa_value retrieve(struct spmc_ec *sp, uint64_t tx, ffa_id_t sender,
					ffa_mem_handle_t h, uint32_t flags)
{
	assert_int_equal(tx, SP_TX(spmc_ec_id(sp)));
	return retrieve_on(0, sp, sender, h, flags);
}

static inline void enc_relinquish(uint64_t tx_pa, ffa_mem_handle_t h, ffa_id_t id)
{
	uint8_t *p = mock_phys_ptr(tx_pa);

	memset(p, 0, 32);
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(h >> (8 * i));
	p[12] = 1; /* endpoint count */
	p[16] = (uint8_t)id;
	p[17] = (uint8_t)(id >> 8);
}

/* The SP context sp (on cpu) releases its RX buffer and relinquishes h. */
static inline void relinquish_on(uint32_t cpu, struct spmc_ec *sp, ffa_mem_handle_t h)
{
	enc_relinquish(SP_TX(spmc_ec_id(sp)), h, spmc_ec_id(sp));
	EXPECT_FFA_SUCCESS(cpu, sp, FFA(FFA_MEM_RELINQUISH_32), 0, 0);
	MEM_OK();
}

static inline void reclaim_on(uint32_t cpu, struct spmc_ec *ec, ffa_mem_handle_t h)
{
	EXPECT_FFA_SUCCESS(cpu, ec, FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 0), 0, 0);
	MEM_OK();
}

/* NWd shares SHBUF (2 pages) with `borrower`; returns the handle. */
static inline ffa_mem_handle_t nwd_share(ffa_id_t borrower)
{
	struct desc t;

	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, borrower, SHBUF, 2);
	return send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t);
}

/* Whether `id` maps va (at IPA == PA), and with which attributes. */
static inline bool mapped(ffa_id_t id, uint64_t va, uint32_t *attrs)
{
	uint64_t pa;
	uint32_t a;

	if (hal_as_query(mock_as_of(id), va, &pa, &a) != 0)
		return false;
	assert_int_equal(pa, va);
	if (attrs)
		*attrs = a;
	return true;
}

/* ---- reading a response ---- */

/* Room for parsing a response of up to DESC_MAX_RANGES constituents. */
static struct spmc_mem_access resp_acc[8];
static struct spmc_mem_range resp_rng[DESC_MAX_RANGES];
static const struct spmc_mem_room resp_room = {resp_acc, 8, resp_rng, DESC_MAX_RANGES};

/* Parses a retrieve response of len bytes at buf in layout v (into resp_acc
 * and resp_rng). */
static inline void parse_resp(const void *buf, size_t len, uint32_t v, struct spmc_mem_desc *d)
{
	assert_int_equal(spmc_mem_desc_parse(buf, len, v, SPMC_MEM_DESC_RETRIEVE_RESP, &resp_room,
					     d),
			 0);
}

/*
 * After a RETRIEVE_RESP `r` (whose first fragment is in the RX buffer at
 * rx), reads the whole response: releases RX, FFA_MEM_FRAG_RX(h, offset),
 * FFA_MEM_FRAG_TX(h, length) expected, until every byte is in. Copies it to
 * out (cap bytes); returns the total. *rounds is the number of FRAG_RX calls.
 */
static inline uint32_t read_resp(uint32_t cpu, struct spmc_ec *ec, uint64_t rx, ffa_mem_handle_t h,
				 const struct ffa_value *r, uint8_t *out, size_t cap,
				 uint32_t *rounds)
{
	uint32_t total = (uint32_t)r->x[1], got = (uint32_t)r->x[2];
	uint32_t rx_size = FFA_PAGE_SIZE;

	assert_int_equal((uint32_t)r->x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_true(total <= cap);
	assert_true(got > 0 && got <= total && got <= rx_size);
	memcpy(out, mock_phys_ptr(rx), got);
	if (rounds)
		*rounds = 0;
	while (got < total) {
		uint32_t want = total - got < rx_size ? total - got : rx_size;
		struct ffa_value f;

		EXPECT_FFA_SUCCESS(cpu, ec, FFA(FFA_RX_RELEASE_32), 0, 0);
		f = call(cpu, ec, FFA(FFA_MEM_FRAG_RX_32, H_LO(h), H_HI(h), got));
		assert_frag_tx(&f, h, want);
		memcpy(out + got, mock_phys_ptr(rx), want);
		got += want;
		if (rounds)
			(*rounds)++;
		MEM_OK();
	}
	return total;
}

#endif
