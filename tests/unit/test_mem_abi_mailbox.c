/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory sharing and RX/TX mailboxes keep out of each other's way: the SPMC
 * writes an endpoint's RX buffer and reads its TX buffer for as long as they
 * are mapped, so a mailbox page is never memory to send, and memory the
 * endpoint does not hold alone (lent away, or only borrowed) never becomes a
 * mailbox (Hafnium: "owned and exclusive").
 */
#include "mem_abi_fixture.h"

static struct desc t;

/* A send naming the sender's own TX (or RX) buffer page: DENIED, nothing changes. */
static void test_send_own_mailbox_denied(void **state)
{
	uint32_t len;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, NWD_TX, 1);
	len = desc_size(&t);
	desc_put(&t, 0, len, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_LEND_64, len, len), FFA_RET_DENIED);
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, NWD, SP1, NWD_RX, 1);
	len = desc_size(&t);
	desc_put(&t, 0, len, NWD_TX);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_MEM_SHARE_64, len, len), FFA_RET_DENIED);
}

/* DEN0077 FFA_RXTX_MAP: buffers in memory the SP only borrowed are refused
 * (INVALID_PARAMETERS): once it relinquished them the SPMC would write into
 * the lender's memory. */
static void test_rxtx_map_of_borrowed_memory_refused(void **state)
{
	struct spmc_ec *sp1;
	ffa_mem_handle_t h;
	struct ffa_value r;

	(void)state;
	h = nwd_share(SP1);
	sp1 = sp1_with_rxtx();
	r = retrieve(sp1, SP1_TX, NWD, h, 0);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_RX_RELEASE_32), 0, 0);
	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_RXTX_UNMAP_32), 0, 0);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_RXTX_MAP_64, SHBUF, SHBUF + FFA_PAGE_SIZE, 1),
			 FFA_RET_INVALID_PARAMETERS);
	/* Its own memory still works. */
	EXPECT_FFA_SUCCESS(0, sp1, FFA(FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), 0, 0);
}

/* The normal world cannot make a mailbox of memory it has lent away. */
static void test_nwd_rxtx_map_of_lent_memory_refused(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, NWD, SP1, SHBUF, 2);
	h = send_whole(0, ut_nwd(0), NWD_TX, FFA_MEM_LEND_64, &t);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_UNMAP_32), 0, 0);
	EXPECT_MEM_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, SHBUF, SHBUF + FFA_PAGE_SIZE, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 1), 0, 0);
	reclaim_on(0, ut_nwd(0), h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, ut_teardown)
		T(test_send_own_mailbox_denied),
		T(test_rxtx_map_of_borrowed_memory_refused),
		T(test_nwd_rxtx_map_of_lent_memory_refused),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
