/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction store and page-ownership map (libspmc/mem/mem_store.h):
 * every error of FFA_MEM_RELINQUISH and FFA_MEM_RECLAIM, each leaving the
 * state byte-for-byte as before; relinquish for normal-world endpoints and
 * zeroing after the last relinquish.
 *
 * Rules are cited as "DEN0077 <interface>: ..." (the FF-A specification's
 * memory management chapter) or "Hafnium: ..." where the specification leaves
 * the choice and this SPMC follows Hafnium's SPMC.
 */
#include "mem_store_fixture.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_relinquish_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relinquish_nwd_endpoints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_relinquish_zero_waits_for_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reclaim_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
