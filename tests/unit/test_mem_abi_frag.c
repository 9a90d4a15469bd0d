/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A transaction descriptor sent in fragments: FFA_MEM_SHARE/LEND/DONATE with
 * a fragment shorter than the total, then FFA_MEM_FRAG_TX until it is
 * complete (DEN0077, FFA_MEM_FRAG_TX / FFA_MEM_FRAG_RX and the transmission
 * of a descriptor in fragments). Descriptors are cut with the encoders at odd
 * offsets; every error leaves the store, the fragment pool, the core and the
 * HAL fake as they were, and the assembly can go on.
 */
#include "mem_abi_fixture.h"

static int setup_cfg(uint32_t nwd_version, uint32_t max_frags, uint64_t frag_bytes,
		     uint32_t max_tx)
{
	struct ut *u = mem_fx_begin();

	u->cfg.mem_max_frags = max_frags;
	u->cfg.mem_frag_bytes = frag_bytes;
	if (max_tx)
		u->cfg.mem_max_tx = max_tx;
	mem_fx_boot(u, nwd_version);
	return 0;
}

static int setup_v10(void **state)
{
	(void)state;
	return setup_cfg(FFA_VERSION_1_0, 0, 0, 0);
}

static int setup_v12(void **state)
{
	(void)state;
	return setup_cfg(FFA_VERSION_1_2, 0, 0, 0);
}

static int setup_one_frag(void **state)
{
	(void)state;
	return setup_cfg(FFA_VERSION_1_1, 1, 0, 0);
}

static int setup_small_pool(void **state)
{
	(void)state;
	return setup_cfg(FFA_VERSION_1_1, 0, 256, 0);
}

static int setup_two_tx(void **state)
{
	(void)state;
	return setup_cfg(FFA_VERSION_1_1, 0, 0, 2);
}

static struct desc t, t2;
static struct mem_snap before, after;

/* SP1 lends its own page SP1_LENT to SP3: the descriptor, 112 bytes (v1.2). */
static void sp1_lend_desc(struct desc *d)
{
	desc_simple(d, FFA_VERSION_1_2, SPMC_MEM_OP_LEND, SP1, SP3, SP1_LENT, 1);
	assert_int_equal(desc_size(d), 112);
}

/* DEN0077 FFA_MEM_SHARE with w2 (fragment length) < w1 (total length): the
 * SPMC answers FFA_MEM_FRAG_RX with the handle in w1/w2 and the bytes
 * received in w3; the FFA_MEM_FRAG_TX that completes the descriptor is
 * answered with FFA_SUCCESS and the same handle in w2/w3. Until then the
 * handle names no transaction; afterwards the borrower retrieves it. */
static void test_share_in_two_fragments(void **state)
{
	static const uint32_t cut = 37;
	struct spmc_mem_tx_info info;
	struct spmc_mem_usage use;
	struct spmc_mem_desc d;
	struct ffa_value r;
	ffa_mem_handle_t h;
	struct spmc_ec *sp;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 2);
	assert_int_equal(desc_size(&t), 96);
	h = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t, cut);
	assert_int_equal(h >> 63, 0);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), FFA_RET_INVALID_PARAMETERS);
	spmc_mem_usage(ut_fx.s->mem, &use);
	assert_int_equal(use.reserved, 1);

	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, cut, 96 - cut);
	assert_ffa_success(&r, H_LO(h), H_HI(h));
	MEM_OK();
	spmc_mem_usage(ut_fx.s->mem, &use);
	assert_int_equal(use.reserved, 0);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), 0);
	assert_int_equal(info.op, SPMC_MEM_OP_SHARE);
	assert_int_equal(info.sender, NWD);
	assert_int_equal(info.range_count, 1);
	assert_int_equal(info.total_pages, 2);

	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_retrieve_resp(&r, r.x[1], r.x[1]);
	parse_resp(mock_phys_ptr(SP1_RX), (size_t)r.x[1], FFA_VERSION_1_2, &d);
	assert_int_equal(d.handle, h);
	assert_int_equal(d.range_count, 1);
	assert_int_equal(resp_rng[0].addr, SHBUF);
	assert_int_equal(resp_rng[0].pages, 2);
	assert_true(mapped(SP1, SHBUF, NULL));
	assert_true(mapped(SP1, SHBUF + FFA_PAGE_SIZE, NULL));
	MEM_OK();
}

/* DEN0077 FFA_MEM_FRAG_TX: five fragments (FFA_MEM_SHARE_32), each answered
 * with FFA_MEM_FRAG_RX(handle, bytes so far); the transaction holds every
 * constituent in the order sent and the borrower maps them all. */
static void test_share_in_five_fragments(void **state)
{
	static const uint32_t cuts[] = {1, 13, 101, 555};
	struct spmc_mem_tx_info info;
	struct spmc_mem_desc d;
	struct ffa_value r;
	ffa_mem_handle_t h;
	struct spmc_ec *sp;

	(void)state;
	desc_big(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, 40);
	assert_int_equal(desc_size(&t), 720);
	h = send_frags(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_32, &t, cuts, 4);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, h, &info), 0);
	assert_int_equal(info.range_count, 40);
	assert_int_equal(info.total_pages, 40);
	for (uint32_t i = 0; i < 40; i++)
		assert_int_equal(spmc_mem_owner(ut_fx.s->mem, big_page(i)), NWD);

	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_retrieve_resp(&r, r.x[1], r.x[1]);
	parse_resp(mock_phys_ptr(SP1_RX), (size_t)r.x[1], FFA_VERSION_1_2, &d);
	assert_int_equal(d.handle, h);
	assert_int_equal(d.range_count, 40);
	for (uint32_t i = 0; i < 40; i++) {
		assert_int_equal(resp_rng[i].addr, big_page(i));
		assert_int_equal(resp_rng[i].pages, 1);
		assert_true(mapped(SP1, big_page(i), NULL));
	}
	MEM_OK();
}

/* DEN0077 FFA_MEM_LEND in fragments from a v1.0 caller (v1.0 layout: 32-byte
 * header): the lender loses access when the last fragment arrives, not
 * before; retrieve, relinquish and reclaim work as for a whole descriptor. */
static void test_lend_in_fragments_v10(void **state)
{
	static const uint32_t cuts[] = {33, 77};
	struct ffa_value r;
	ffa_mem_handle_t h;
	struct spmc_ec *sp;

	(void)state;
	desc_init(&t, FFA_VERSION_1_0, SPMC_MEM_OP_LEND, NWD);
	desc_borrower(&t, SPMC_MEM_OP_LEND, SP1);
	desc_range(&t, SHBUF, 1);
	desc_range(&t, SHBUF + 4 * FFA_PAGE_SIZE, 2);
	desc_range(&t, SHBUF + 2 * FFA_PAGE_SIZE, 1);
	assert_int_equal(desc_size(&t), 32 + 16 + 16 + 3 * 16);
	h = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_32, &t, cuts[0]);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), RWX);
	assert_int_equal(mock_nwd_access(SHBUF), RWX);
	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, cuts[0], cuts[1] - cuts[0]);
	assert_frag_rx(&r, h, cuts[1]);
	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, cuts[1], desc_size(&t) - cuts[1]);
	assert_ffa_success(&r, H_LO(h), H_HI(h));
	MEM_OK();
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), 0);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF + 5 * FFA_PAGE_SIZE), 0);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF + 3 * FFA_PAGE_SIZE), RWX);
	assert_int_equal(mock_nwd_access(SHBUF + 2 * FFA_PAGE_SIZE), 0);

	sp = sp1_with_rxtx();
	r = retrieve(sp, SP1_TX, NWD, h, LEND_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_true(mapped(SP1, SHBUF, NULL));
	assert_true(mapped(SP1, SHBUF + 5 * FFA_PAGE_SIZE, NULL));
	assert_false(mapped(SP1, SHBUF + 3 * FFA_PAGE_SIZE, NULL));
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	relinquish_on(0, sp, h);
	reclaim_on(0, ut_nwd(0), h);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), RWX);
	assert_int_equal(mock_nwd_access(SHBUF + 5 * FFA_PAGE_SIZE), RWX);
}

/* DEN0077 FFA_MEM_DONATE in fragments from a v1.2 caller (v1.2 layout:
 * 32-byte access descriptors), the last fragment a single byte: the borrower
 * retrieves it and becomes the owner. */
static void test_donate_in_fragments_v12(void **state)
{
	static const uint32_t cuts[] = {3, 65, 127};
	struct ffa_value r;
	ffa_mem_handle_t h;
	struct spmc_ec *sp;

	(void)state;
	desc_init(&t, FFA_VERSION_1_2, SPMC_MEM_OP_DONATE, NWD);
	desc_borrower(&t, SPMC_MEM_OP_DONATE, SP2);
	desc_range(&t, SHBUF + 2 * FFA_PAGE_SIZE, 1);
	desc_range(&t, SHBUF, 1);
	assert_int_equal(desc_size(&t), 128);
	h = send_frags(0, ut_nwd(0), NWD_TX, FFA_MEM_DONATE_64, &t, cuts, 3);
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, SHBUF), 0);

	sp = sp_with_rxtx(1, SP2);
	r = retrieve_on(1, sp, NWD, h, DONATE_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	MEM_OK();
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, SHBUF), SP2);
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, SHBUF + 2 * FFA_PAGE_SIZE), SP2);
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, SHBUF + FFA_PAGE_SIZE), NWD);
	assert_true(mapped(SP2, SHBUF, NULL));
	assert_true(mapped(SP2, SHBUF + 2 * FFA_PAGE_SIZE, NULL));
}

/* DEN0077 FFA_MEM_FRAG_TX from an SP: an SP lends its own page in fragments
 * (FFA_MEM_LEND_64); its mapping goes at completion; the borrower maps it. */
static void test_sp_lend_in_fragments(void **state)
{
	static const uint32_t cuts[] = {47};
	struct spmc_ec *sp1 = sp1_with_rxtx(), *sp3;
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	sp1_lend_desc(&t);
	h = send_first(0, sp1, SP1_TX, FFA_MEM_LEND_64, &t, cuts[0]);
	assert_true(mapped(SP1, SP1_LENT, NULL));
	r = frag_tx(0, sp1, SP1_TX, &t, h, cuts[0], 112 - cuts[0]);
	assert_ffa_success(&r, H_LO(h), H_HI(h));
	MEM_OK();
	assert_false(mapped(SP1, SP1_LENT, NULL));
	sp3 = sp_with_rxtx(1, SP3);
	r = retrieve_on(1, sp3, SP1, h, LEND_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_true(mapped(SP3, SP1_LENT, NULL));
	MEM_OK();
}

/* DEN0077 FFA_MEM_FRAG_TX: a handle that does not name a send in progress
 * (forged: one bit changed in either half; 0) -> INVALID_PARAMETERS, nothing
 * changed; the real assembly goes on. */
static void test_frag_tx_forged_handle(void **state)
{
	ffa_mem_handle_t h, bad[4];
	struct ffa_value r;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 2);
	h = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t, 35);
	bad[0] = h ^ 1;
	bad[1] = h ^ (1ull << 32);
	bad[2] = 0;
	bad[3] = h | (1ull << 63);
	desc_put(&t, 35, 96 - 35, NWD_TX);
	for (int i = 0; i < 4; i++)
		EXPECT_MEM_ERROR(0, ut_nwd(0),
				 FFA(FFA_MEM_FRAG_TX_32, H_LO(bad[i]), H_HI(bad[i]), 96 - 35),
				 FFA_RET_INVALID_PARAMETERS);
	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, 35, 96 - 35);
	assert_ffa_success(&r, H_LO(h), H_HI(h));
	MEM_OK();
}

/* DEN0077 FFA_MEM_FRAG_TX: only the sender continues its send; another
 * endpoint naming its handle (FRAG_TX, or RECLAIM to abandon it) ->
 * INVALID_PARAMETERS, nothing changed. Both ways: an SP with the NWd's
 * handle, the NWd with an SP's. */
static void test_frag_tx_other_endpoints_handle(void **state)
{
	struct spmc_ec *sp1 = sp1_with_rxtx();
	ffa_mem_handle_t hn, hs;
	struct ffa_value r;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 2);
	hn = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t, 41);
	sp1_lend_desc(&t2);
	hs = send_first(0, sp1, SP1_TX, FFA_MEM_LEND_64, &t2, 41);
	assert_true(hn != hs);

	desc_put(&t, 41, 96 - 41, SP1_TX);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_FRAG_TX_32, H_LO(hn), H_HI(hn), 96 - 41),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_RECLAIM_32, H_LO(hn), H_HI(hn), 0),
			 FFA_RET_INVALID_PARAMETERS);
	desc_put(&t2, 41, 112 - 41, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(hs), H_HI(hs), 112 - 41),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, H_LO(hs), H_HI(hs), 0),
			 FFA_RET_INVALID_PARAMETERS);

	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, hn, 41, 96 - 41);
	assert_ffa_success(&r, H_LO(hn), H_HI(hn));
	r = frag_tx(0, sp1, SP1_TX, &t2, hs, 41, 112 - 41);
	assert_ffa_success(&r, H_LO(hs), H_HI(hs));
	MEM_OK();
}

/* DEN0077 FFA_MEM_FRAG_TX w3, the fragment length: 0, longer than what is
 * left of the total, or longer than the TX buffer holds ->
 * INVALID_PARAMETERS, nothing changed (the bytes received stay as they were,
 * the next FFA_MEM_FRAG_RX offset too); so are w4 bits the call does not
 * define and another endpoint's ID in w4[31:16]. */
static void test_frag_tx_bad_length(void **state)
{
	uint32_t total, done = 101;
	ffa_mem_handle_t h;
	struct ffa_value r;

	(void)state;
	desc_big(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, BIG_PAGES);
	total = desc_size(&t);
	assert_int_equal(total, 48 + 16 + 16 + 16 * BIG_PAGES);
	h = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t, done);

	desc_put(&t, done, FFA_PAGE_SIZE, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), 0),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0),
			 FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE + 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), 0xffffffffu),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), 64, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0),
			 FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), 64, (uint32_t)SP1 << 16),
			 FFA_RET_INVALID_PARAMETERS);

	/* Two full buffers, then one byte more than is left. */
	for (int i = 0; i < 2; i++) {
		r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, done, FFA_PAGE_SIZE);
		done += FFA_PAGE_SIZE;
		assert_frag_rx(&r, h, done);
	}
	desc_put(&t, done, total - done, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0),
			 FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), total - done + 1),
			 FFA_RET_INVALID_PARAMETERS);
	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, done, total - done);
	assert_ffa_success(&r, H_LO(h), H_HI(h));
	MEM_OK();
}

/* DEN0077 FFA_MEM_FRAG_TX once the descriptor is complete: the handle names a
 * transaction, not a send in progress -> INVALID_PARAMETERS, nothing changed;
 * the transaction is untouched and reclaimed as usual. */
static void test_frag_tx_after_completion(void **state)
{
	static const uint32_t cuts[] = {51};
	ffa_mem_handle_t h;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF, 1);
	h = send_frags(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t, cuts, 1);
	desc_put(&t, 0, 16, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), 16),
			 FFA_RET_INVALID_PARAMETERS);
	reclaim_on(0, ut_nwd(0), h);
	assert_int_equal(mock_nwd_access(SHBUF), RWX);
}

/* DEN0077 FFA_MEM_FRAG_TX completing a descriptor that is not valid (a
 * borrower that is no SP; memory that is not the sender's; a total length
 * longer than the descriptor): the error is returned and the transaction
 * ends: its handle is gone (FRAG_TX and RECLAIM with it -> INVALID_PARAMETERS)
 * and its pool slot free (the only one here: a new send in fragments works),
 * the store as before the first fragment. */
static void test_completed_invalid_descriptor_ends_send(void **state)
{
	static const struct {
		ffa_id_t borrower;
		uint64_t addr;
		uint32_t extra;
		int32_t code;
	} cases[] = {
		{0x8009, SHBUF, 0, FFA_RET_INVALID_PARAMETERS},
		{SP1, UT_SP_BASE(1), 0, FFA_RET_DENIED},
		{SP1, SHBUF, 16, FFA_RET_INVALID_PARAMETERS},
	};
	static const uint32_t cuts[] = {29};
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t len;

		mem_snap(&before);
		desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, cases[i].borrower,
			    cases[i].addr, 1);
		len = desc_size(&t) + cases[i].extra;
		desc_put(&t, 0, 29, NWD_TX);
		r = call(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, 29));
		assert_int_equal((uint32_t)r.x[0], FFA_MEM_FRAG_RX_32);
		h = (uint32_t)r.x[1] | ((uint64_t)(uint32_t)r.x[2] << 32);
		assert_frag_rx(&r, h, 29);
		/* The rest, padded with zeroes to the stated length. */
		memset(mock_phys_ptr(NWD_TX), 0, len - 29);
		desc_put(&t, 29, desc_size(&t) - 29, NWD_TX);
		r = call(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), len - 29));
		assert_ffa_error(&r, cases[i].code);
		MEM_OK();
		mem_snap(&after);
		MEM_SNAP_EQUAL(&before, &after);
		assert_int_equal(mock_nwd_access(SHBUF), RWX);

		EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), 16),
				 FFA_RET_INVALID_PARAMETERS);
		EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 0),
				 FFA_RET_INVALID_PARAMETERS);
	}
	/* The one pool slot is free again. */
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 1);
	h = send_frags(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t, cuts, 1);
	reclaim_on(0, ut_nwd(0), h);
}

/* DEN0077 FFA_MEM_RECLAIM of a handle whose descriptor is still arriving
 * abandons the send: SUCCESS, the store and the pool as before the first
 * fragment, the handle unusable (FRAG_TX, RECLAIM -> INVALID_PARAMETERS) and
 * never handed out again. Flags other than zero-memory -> INVALID_PARAMETERS,
 * nothing changed. */
static void test_reclaim_abandons_send(void **state)
{
	ffa_mem_handle_t h, h2;
	struct ffa_value r;

	(void)state;
	mem_snap(&before);
	desc_big(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, BIG_PAGES);
	h = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t, 999);
	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, 999, 3001);
	assert_frag_rx(&r, h, 4000);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 2),
			 FFA_RET_INVALID_PARAMETERS);

	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 0), 0, 0);
	MEM_OK();
	mem_snap(&after);
	MEM_SNAP_EQUAL(&before, &after);
	for (uint32_t i = 0; i < BIG_PAGES; i++)
		assert_int_equal(mock_nwd_access(big_page(i)), RWX);
	desc_put(&t, 4000, 96, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), 96),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_RECLAIM_32, H_LO(h), H_HI(h), 0),
			 FFA_RET_INVALID_PARAMETERS);

	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 2);
	h2 = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t);
	assert_true(h2 != h);
}

/* DEN0077 FFA_MEM_SHARE: the SPMC lacks the memory to hold a second
 * descriptor in fragments (one pool slot) -> NO_MEMORY, nothing changed.
 * Whole descriptors still go through; once the first send completes, the
 * second can start. */
static void test_pool_slots_exhausted(void **state)
{
	static const uint32_t cuts[] = {19};
	struct spmc_ec *sp1 = sp1_with_rxtx();
	ffa_mem_handle_t h, hs;
	struct ffa_value r;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 2);
	h = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t, 19);

	sp1_lend_desc(&t2);
	desc_put(&t2, 0, 19, SP1_TX);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_LEND_64, 112, 19), FFA_RET_NO_MEMORY);
	hs = send_whole(0, sp1, SP1_TX, FFA_MEM_LEND_64, &t2);
	reclaim_on(0, sp1, hs);

	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h, 19, 96 - 19);
	assert_ffa_success(&r, H_LO(h), H_HI(h));
	hs = send_frags(0, sp1, SP1_TX, FFA_MEM_LEND_64, &t2, cuts, 1);
	reclaim_on(0, sp1, hs);
	reclaim_on(0, ut_nwd(0), h);
}

/* DEN0077 FFA_MEM_SHARE: the pool's bytes (256 here) run out: a descriptor
 * larger than what is free -> NO_MEMORY, nothing changed; two small ones fit
 * at once, a third does not until one completes. */
static void test_pool_bytes_exhausted(void **state)
{
	static struct desc s2;
	ffa_mem_handle_t h1, h2, h3;
	struct ffa_value r;

	(void)state;
	desc_big(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, 40);
	desc_put(&t, 0, 99, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, desc_size(&t), 99),
			 FFA_RET_NO_MEMORY);

	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 1);
	desc_simple(&t2, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP2, SHBUF + FFA_PAGE_SIZE, 1);
	desc_simple(&s2, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP3, SHBUF + 2 * FFA_PAGE_SIZE,
		    1);
	h1 = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t, 17);
	h2 = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t2, 17);
	desc_put(&s2, 0, 17, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, 96, 17), FFA_RET_NO_MEMORY);

	r = frag_tx(0, ut_nwd(0), NWD_TX, &t, h1, 17, 96 - 17);
	assert_ffa_success(&r, H_LO(h1), H_HI(h1));
	h3 = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &s2, 17);
	r = frag_tx(0, ut_nwd(0), NWD_TX, &s2, h3, 17, 96 - 17);
	assert_ffa_success(&r, H_LO(h3), H_HI(h3));
	r = frag_tx(0, ut_nwd(0), NWD_TX, &t2, h2, 17, 96 - 17);
	assert_ffa_success(&r, H_LO(h2), H_HI(h2));
	MEM_OK();
}

/* DEN0077 FFA_MEM_SHARE in fragments names its handle at once: with every
 * transaction slot taken (2 here) there is none to give -> NO_MEMORY,
 * nothing changed (no pool slot kept); after a reclaim it works. */
static void test_no_handle_left(void **state)
{
	static const uint32_t cuts[] = {61};
	ffa_mem_handle_t h1, h2, h3;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 1);
	h1 = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t);
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP2, SHBUF + FFA_PAGE_SIZE, 1);
	h2 = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t);

	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP3, SHBUF + 2 * FFA_PAGE_SIZE, 1);
	desc_put(&t, 0, 61, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, 96, 61), FFA_RET_NO_MEMORY);

	reclaim_on(0, ut_nwd(0), h1);
	h3 = send_frags(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &t, cuts, 1);
	reclaim_on(0, ut_nwd(0), h2);
	reclaim_on(0, ut_nwd(0), h3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ut_teardown)
#define TS(f, s) cmocka_unit_test_setup_teardown(f, s, ut_teardown)
		T(test_share_in_two_fragments),
		T(test_share_in_five_fragments),
		TS(test_lend_in_fragments_v10, setup_v10),
		TS(test_donate_in_fragments_v12, setup_v12),
		T(test_sp_lend_in_fragments),
		T(test_frag_tx_forged_handle),
		T(test_frag_tx_other_endpoints_handle),
		T(test_frag_tx_bad_length),
		T(test_frag_tx_after_completion),
		TS(test_completed_invalid_descriptor_ends_send, setup_one_frag),
		T(test_reclaim_abandons_send),
		TS(test_pool_slots_exhausted, setup_one_frag),
		TS(test_pool_bytes_exhausted, setup_small_pool),
		TS(test_no_handle_left, setup_two_tx),
#undef T
#undef TS
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
