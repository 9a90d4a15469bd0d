/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A send whose descriptor is in a buffer of the sender's own memory rather
 * than its TX buffer (DEN0077 FFA_MEM_SHARE/LEND/DONATE w3: the buffer's
 * address, w4: its size in 4 KiB pages; both 0: the TX buffer). FFA_FEATURES
 * advertises it (w2 bit 0). The NWd names the buffer by physical address and
 * it must be NS memory the NWd still has access to; an SP names it by the
 * address it sees, which must be mapped for it. Every refusal leaves
 * everything as it was.
 */
#include "mem_abi_fixture.h"

#define SP1_BUF (UT_SP_BASE(0) + 0x30000) /* a page of SP1's own memory */

/* The largest RX/TX buffer one page: the SPMC's scratch memory for a whole
 * descriptor is that page; the fragment pool has one slot. */
static int setup_small_scratch(void **state)
{
	struct ut *u = mem_fx_begin();

	(void)state;
	u->cfg.rxtx_max_pages = 1;
	u->cfg.mem_max_frags = 1;
	mem_fx_boot(u, FFA_VERSION_1_1);
	return 0;
}

static struct desc t;

/* The TX buffer at tx filled with bytes that are no descriptor, so a send
 * that read it instead of the named buffer would fail. */
static void spoil_tx(uint64_t tx)
{
	memset(mock_phys_ptr(tx), 0xff, FFA_PAGE_SIZE);
}

/* DEN0077 FFA_FEATURES for FFA_MEM_SHARE/LEND/DONATE (32 and 64): w2 bit 0
 * set, a buffer other than the TX buffer may hold the descriptor; for
 * FFA_MEM_RETRIEVE_REQ, which takes no such buffer, bit 0 is clear. */
static void test_features_dynamic_buffer(void **state)
{
	static const uint32_t fids[] = {FFA_MEM_SHARE_32, FFA_MEM_SHARE_64, FFA_MEM_LEND_32,
					FFA_MEM_LEND_64,  FFA_MEM_DONATE_32, FFA_MEM_DONATE_64};
	struct spmc_ec *sp = sp1_with_rxtx();
	struct ffa_value r;

	(void)state;
	for (size_t i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_FEATURES_32, fids[i]),
				   FFA_FEATURES_MEM_DYN_BUFFER, 0);
		EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_FEATURES_32, fids[i]),
				   FFA_FEATURES_MEM_DYN_BUFFER, 0);
	}
	r = call(0, ut_nwd(0),
		 FFA(FFA_FEATURES_32, FFA_MEM_RETRIEVE_REQ_64, FFA_FEATURES_MEM_RETRIEVE_NS));
	assert_int_equal((uint32_t)r.x[0], FFA_SUCCESS_32);
	assert_int_equal(r.x[2] & FFA_FEATURES_MEM_DYN_BUFFER, 0);
}

/* DEN0077 FFA_MEM_SHARE_64, FFA_MEM_SHARE_32 (w3 read as 32 bits: the upper
 * half of an SMC32 argument is not the caller's to set) and FFA_MEM_LEND_64
 * with the descriptor in an NS page the NWd owns: SUCCESS, the TX buffer not
 * read; the buffer stays the NWd's; the borrower retrieves what was sent. */
static void test_nwd_sends_from_own_buffer(void **state)
{
	static const struct {
		uint32_t fid;
		enum spmc_mem_op op;
		uint64_t w3;
		uint64_t addr;
	} cases[] = {
		{FFA_MEM_SHARE_64, SPMC_MEM_OP_SHARE, NWBUF, SHBUF},
		{FFA_MEM_SHARE_32, SPMC_MEM_OP_SHARE, NWBUF | (0xdeadull << 32), SHBUF + FFA_PAGE_SIZE},
		{FFA_MEM_LEND_64, SPMC_MEM_OP_LEND, NWBUF, SHBUF + 2 * FFA_PAGE_SIZE},
	};
	ffa_mem_handle_t h[3];
	struct spmc_mem_desc d;
	struct ffa_value r;
	struct spmc_ec *sp;

	(void)state;
	for (int i = 0; i < 3; i++) {
		uint32_t len;

		desc_simple(&t, FFA_VERSION_1_1, cases[i].op, NWD, SP1, cases[i].addr, 1);
		len = desc_size(&t);
		spoil_tx(NWD_TX);
		desc_put(&t, 0, len, NWBUF);
		r = call(0, ut_nwd(0), FFA(cases[i].fid, len, len, cases[i].w3, 1));
		assert_ffa_success(&r, r.x[2], r.x[3]);
		h[i] = success_handle(&r);
		MEM_OK();
	}
	assert_int_equal(spmc_mem_access(ut_fx.s->mem, NWD, NWBUF), RWX);
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, NWBUF), NWD);
	assert_int_equal(mock_nwd_access(SHBUF + 2 * FFA_PAGE_SIZE), 0);

	sp = sp1_with_rxtx();
	for (int i = 0; i < 3; i++) {
		r = retrieve(sp, SP1_TX, NWD, h[i], TYPE_FLAGS(cases[i].op));
		assert_retrieve_resp(&r, r.x[1], r.x[1]);
		parse_resp(mock_phys_ptr(SP1_RX), (size_t)r.x[1], FFA_VERSION_1_2, &d);
		assert_int_equal(d.handle, h[i]);
		assert_int_equal(resp_rng[0].addr, cases[i].addr);
		assert_true(mapped(SP1, cases[i].addr, NULL));
		EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	}
	MEM_OK();
}

/* DEN0077 FFA_MEM_SHARE w4: the buffer may be several pages, larger than the
 * TX buffer: a descriptor of BIG_PAGES constituents (more than two pages)
 * sent whole from a three-page buffer. */
static void test_nwd_buffer_larger_than_tx(void **state)
{
	struct spmc_mem_tx_info info;
	struct ffa_value r;
	uint32_t len;

	(void)state;
	desc_big(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP2, BIG_PAGES);
	len = desc_size(&t);
	assert_true(len > 2 * FFA_PAGE_SIZE && len <= 3 * FFA_PAGE_SIZE);
	spoil_tx(NWD_TX);
	desc_put(&t, 0, len, NWBUF);
	/* (one page short: INVALID_PARAMETERS, nothing changed) */
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, NWBUF, 2),
			 FFA_RET_INVALID_PARAMETERS);
	r = call(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, NWBUF, 3));
	assert_ffa_success(&r, r.x[2], r.x[3]);
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, success_handle(&r), &info), 0);
	assert_int_equal(info.range_count, BIG_PAGES);
	assert_int_equal(info.total_pages, BIG_PAGES);
	MEM_OK();
}

/* DEN0077 FFA_MEM_SHARE w4: a whole descriptor from a buffer of the NWd's
 * larger than the largest TX buffer (and so than the SPMC's scratch memory)
 * is taken whole too (SUCCESS), through the fragment pool, which is free
 * again afterwards; when the pool has no room left (its only slot holds a
 * send in progress) -> NO_MEMORY, nothing changed. */
static void test_nwd_buffer_larger_than_scratch(void **state)
{
	static struct desc other;
	static struct mem_snap b, a;
	struct spmc_mem_tx_info info;
	ffa_mem_handle_t hp;
	struct ffa_value r;
	uint32_t len;

	(void)state;
	desc_big(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP2, BIG_PAGES);
	len = desc_size(&t);
	desc_put(&t, 0, len, NWBUF);
	desc_simple(&other, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 1);
	hp = send_first(0, ut_nwd(0), NWD_TX, FFA_MEM_SHARE_64, &other, 27);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, NWBUF, 3),
			 FFA_RET_NO_MEMORY);
	reclaim_on(0, ut_nwd(0), hp);

	mem_snap(&b);
	r = call(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, NWBUF, 3));
	assert_ffa_success(&r, r.x[2], r.x[3]);
	MEM_OK();
	assert_int_equal(spmc_mem_tx(ut_fx.s->mem, success_handle(&r), &info), 0);
	assert_int_equal(info.range_count, BIG_PAGES);
	mem_snap(&a);
	assert_memory_equal(b.frag, a.frag, sizeof(b.frag));
}

/* DEN0077 FFA_MEM_FRAG_TX from a buffer of the NWd's that it lent away since
 * the first fragment: the fragment cannot be read -> INVALID_PARAMETERS,
 * nothing changed; once the NWd has the page back the send goes on. */
static void test_buffer_lent_between_fragments(void **state)
{
	static struct desc lend;
	ffa_mem_handle_t h, hl;
	struct ffa_value r;
	uint32_t len;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP2, SHBUF, 2);
	len = desc_size(&t);
	desc_put(&t, 0, 40, NWBUF);
	r = call(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, 40, NWBUF, 1));
	h = (uint32_t)r.x[1] | ((uint64_t)(uint32_t)r.x[2] << 32);
	assert_frag_rx(&r, h, 40);

	desc_simple(&lend, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, NWBUF, 1);
	hl = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &lend);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), len - 40),
			 FFA_RET_INVALID_PARAMETERS);
	reclaim_on(0, ut_nwd(0), hl);
	r = frag_tx(0, ut_nwd(0), NWBUF, &t, h, 40, len - 40);
	assert_ffa_success(&r, H_LO(h), H_HI(h));
	MEM_OK();
}

/* DEN0077 FFA_MEM_FRAG_TX after a send from a buffer of the sender's: each
 * fragment comes from that same buffer (the TX buffer is not read); a
 * fragment longer than the buffer -> INVALID_PARAMETERS, nothing changed. */
static void test_nwd_buffer_in_fragments(void **state)
{
	uint32_t len, done;
	struct ffa_value r;
	ffa_mem_handle_t h;

	(void)state;
	desc_big(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, BIG_PAGES);
	len = desc_size(&t);
	spoil_tx(NWD_TX);
	desc_put(&t, 0, 3001, NWBUF);
	r = call(0, ut_nwd(0), FFA(FFA_MEM_LEND_64, len, 3001, NWBUF, 1));
	h = (uint32_t)r.x[1] | ((uint64_t)(uint32_t)r.x[2] << 32);
	assert_frag_rx(&r, h, 3001);
	done = 3001;
	desc_put(&t, done, FFA_PAGE_SIZE, NWBUF);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_FRAG_TX_32, H_LO(h), H_HI(h), FFA_PAGE_SIZE + 1),
			 FFA_RET_INVALID_PARAMETERS);
	while (done < len) {
		uint32_t n = len - done < FFA_PAGE_SIZE ? len - done : FFA_PAGE_SIZE;

		spoil_tx(NWD_TX);
		r = frag_tx(0, ut_nwd(0), NWBUF, &t, h, done, n);
		done += n;
		if (done < len)
			assert_frag_rx(&r, h, done);
		else
			assert_ffa_success(&r, H_LO(h), H_HI(h));
		MEM_OK();
	}
	for (uint32_t i = 0; i < BIG_PAGES; i++)
		assert_int_equal(mock_nwd_access(big_page(i)), 0);
}

/* DEN0077 FFA_MEM_SHARE w3/w4: an address without a size or a size without
 * an address, an address not 4 KiB aligned, or a fragment longer than the
 * buffer -> INVALID_PARAMETERS, nothing changed. */
static void test_buffer_arguments_invalid(void **state)
{
	uint32_t len;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 1);
	len = desc_size(&t);
	desc_put(&t, 0, len, NWD_TX);
	desc_put(&t, 0, len, NWBUF);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, 0, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, NWBUF, 0),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, NWBUF + 0x10, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_LEND_64, len, len, NWBUF + 1, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, ut_nwd(0),
			 FFA(FFA_MEM_SHARE_64, FFA_PAGE_SIZE + 16, FFA_PAGE_SIZE + 16, NWBUF, 1),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_MEM_SHARE from the NWd naming memory that is not its own to
 * read: a page it has lent away, a page it has donated, secure memory, device
 * memory, an address no memory backs -> INVALID_PARAMETERS, nothing changed. */
static void test_nwd_buffer_not_its_memory(void **state)
{
	static const uint64_t bad[] = {
		NWBUF, NWBUF + FFA_PAGE_SIZE, UT_SP_BASE(0), MOCK_DEV_BASE, 0x1000,
	};
	uint32_t len;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, NWBUF, 1);
	(void)send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t);
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_DONATE, NWD, SP2, NWBUF + FFA_PAGE_SIZE, 1);
	(void)send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_DONATE_64, &t);

	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, SHBUF, 1);
	len = desc_size(&t);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mock_phys_ptr(bad[i]))
			desc_put(&t, 0, len, bad[i]);
		EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, bad[i], 1),
				 FFA_RET_INVALID_PARAMETERS);
	}
}

/* DEN0077 FFA_MEM_SHARE from a two-page buffer whose second page is not the
 * NWd's to read (lent away; past the end of its memory): the descriptor runs
 * into it -> INVALID_PARAMETERS, nothing changed. */
static void test_nwd_buffer_second_page_unreadable(void **state)
{
	uint64_t last = MOCK_NS_BASE + MOCK_NS_SIZE - FFA_PAGE_SIZE;
	struct ffa_value r;
	uint32_t len;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, NWBUF + FFA_PAGE_SIZE, 1);
	(void)send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t);

	desc_big(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP2, 300);
	len = desc_size(&t);
	assert_true(len > FFA_PAGE_SIZE && len <= 2 * FFA_PAGE_SIZE);
	desc_put(&t, 0, FFA_PAGE_SIZE, NWBUF);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, NWBUF, 2),
			 FFA_RET_INVALID_PARAMETERS);
	desc_put(&t, 0, FFA_PAGE_SIZE, last);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, last, 2),
			 FFA_RET_INVALID_PARAMETERS);
	/* The same descriptor from readable pages goes through. */
	desc_put(&t, 0, len, NWBUF + 2 * FFA_PAGE_SIZE);
	r = call(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len, NWBUF + 2 * FFA_PAGE_SIZE, 2));
	assert_ffa_success(&r, r.x[2], r.x[3]);
	MEM_OK();
}

/* DEN0077 FFA_MEM_LEND_64 from an SP with the descriptor in a page of its own
 * memory, named by the address it sees: SUCCESS, its TX buffer not read; the
 * borrower retrieves the page. */
static void test_sp_sends_from_own_buffer(void **state)
{
	struct spmc_ec *sp1 = sp1_with_rxtx(), *sp3;
	struct ffa_value r;
	ffa_mem_handle_t h;
	uint32_t len;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_LEND, SP1, SP3, SP1_LENT, 1);
	len = desc_size(&t);
	spoil_tx(SP1_TX);
	desc_put(&t, 0, len, SP1_BUF);
	r = call(0, sp1, FFA(FFA_MEM_LEND_64, len, len, SP1_BUF, 1));
	assert_ffa_success(&r, r.x[2], r.x[3]);
	h = success_handle(&r);
	MEM_OK();
	assert_false(mapped(SP1, SP1_LENT, NULL));
	assert_true(mapped(SP1, SP1_BUF, NULL));
	sp3 = sp_with_rxtx(1, SP3);
	r = retrieve_on(1, sp3, SP1, h, LEND_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	assert_true(mapped(SP3, SP1_LENT, NULL));
}

/* DEN0077 FFA_MEM_LEND from an SP naming a buffer it cannot read: another
 * SP's memory, NS memory not mapped for it, a page of its own it has lent
 * away -> INVALID_PARAMETERS, nothing changed. */
static void test_sp_buffer_not_mapped(void **state)
{
	static const uint64_t bad[] = {UT_SP_BASE(1) + 0x30000, NWBUF, SP1_LENT};
	struct spmc_ec *sp1 = sp1_with_rxtx();
	uint32_t len;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_LEND, SP1, SP3, SP1_LENT, 1);
	(void)send_whole(0, sp1, SP1_TX, FFA_MEM_LEND_64, &t);

	desc_simple(&t, FFA_VERSION_1_2, SPMC_MEM_OP_SHARE, SP1, SP3, SP1_LENT + FFA_PAGE_SIZE, 1);
	len = desc_size(&t);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		desc_put(&t, 0, len, bad[i]);
		EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_SHARE_64, len, len, bad[i], 1),
				 FFA_RET_INVALID_PARAMETERS);
	}
	assert_true(mapped(SP1, SP1_LENT + FFA_PAGE_SIZE, NULL));
}

/* DEN0077 FFA_MEM_RETRIEVE_REQ w3/w4: this SPMC takes a retrieve request in
 * the TX buffer only (FFA_FEATURES bit 0 clear): a buffer named, or half
 * named -> INVALID_PARAMETERS, nothing changed; from the TX buffer it works. */
static void test_retrieve_req_with_buffer_invalid(void **state)
{
	ffa_mem_handle_t h = nwd_share(SP1);
	struct spmc_ec *sp = sp1_with_rxtx();
	struct ffa_value r;
	size_t len;

	(void)state;
	len = enc_retrieve(SP1_BUF, FFA_VERSION_1_2, NWD, SP1, h, SHARE_FLAGS);
	(void)enc_retrieve(SP1_TX, FFA_VERSION_1_2, NWD, SP1, h, SHARE_FLAGS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len, SP1_BUF, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_32, len, len, SP1_BUF, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len, 0, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_MEM_ERROR(0, sp, FFA(FFA_MEM_RETRIEVE_REQ_64, len, len, SP1_BUF, 0),
			 FFA_RET_INVALID_PARAMETERS);
	assert_false(mapped(SP1, SHBUF, NULL));
	r = retrieve(sp, SP1_TX, NWD, h, SHARE_FLAGS);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ut_teardown)
		T(test_features_dynamic_buffer),
		T(test_nwd_sends_from_own_buffer),
		T(test_nwd_buffer_larger_than_tx),
		cmocka_unit_test_setup_teardown(test_nwd_buffer_larger_than_scratch,
						setup_small_scratch, ut_teardown),
		T(test_nwd_buffer_in_fragments),
		T(test_buffer_lent_between_fragments),
		T(test_buffer_arguments_invalid),
		T(test_nwd_buffer_not_its_memory),
		T(test_nwd_buffer_second_page_unreadable),
		T(test_sp_sends_from_own_buffer),
		T(test_sp_buffer_not_mapped),
		T(test_retrieve_req_with_buffer_invalid),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
