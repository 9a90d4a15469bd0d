/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction store and page-ownership map (libspmc/mem/mem_store.h):
 * every error of FFA_MEM_SHARE/LEND/DONATE, each leaving the state
 * byte-for-byte as before.
 *
 * Rules are cited as "DEN0077 <interface>: ..." (the FF-A specification's
 * memory management chapter) or "Hafnium: ..." where the specification leaves
 * the choice and this SPMC follows Hafnium's SPMC.
 */
#include "mem_store_fixture.h"

/* ==== create: errors ==== */

/* Hafnium FFA_MEM_SHARE/LEND/DONATE: the descriptor's sender must be the caller -> DENIED. */
static void test_create_sender_not_caller(void **state)
{
	(void)state;
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(2), SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, SP(1), SP(3), SP_BASE(1), 1), fx()));
}

/* DEN0077 memory transactions: every constituent must be memory the SPMC
 * knows: a range in no region, or running past one -> INVALID_PARAMETERS. */
static void test_create_unknown_memory(void **state)
{
	(void)state;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), GAP_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1),
					    NS_BASE + (NS_PAGES - 1) * PG, 2),
				   fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), RO_BASE + 15 * PG, 2),
				   fx()));
	/* Running into the next SP's memory is known memory: not the
	 * sender's -> DENIED. */
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), SP_BASE(1) + 255 * PG, 2),
				   fx()));
}

/* DEN0077: only the owner, with exclusive access, may share, lend or donate:
 * the normal world naming secure memory (an SP's), or an SP naming another's
 * or the normal world's memory -> DENIED; so is a descriptor mixing the
 * sender's memory with someone else's. */
static void test_create_not_owner(void **state)
{
	struct spmc_mem_range r[2] = {{NS_BASE, 1}, {SP_BASE(1), 1}};

	(void)state;
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), SP_BASE(1), 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, SP(2), SP_BASE(1), 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(2), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(2), SP(3), SP_BASE(1), 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), NS_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, NWD, (ffa_id_t[]){SP(2)}, 1, r, 2), fx()));
}

/* DEN0077: memory lent or being donated is no longer the owner's to send;
 * neither is memory a borrower merely has access to -> DENIED. */
static void test_create_lent_memory_denied(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 4));
	retrieve_ok(h, SP(1));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_DONATE,
				   mk_send1(SPMC_MEM_OP_DONATE, NWD, SP(2), NS_BASE + 2 * PG, 4), fx()));
	EXPECT_ERR(FFA_RET_DENIED,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, SP(1), SP(2), NS_BASE, 1), fx()));
	relinquish_ok(h, SP(1));
	reclaim_ok(h, NWD);
}

/* DEN0077 constituents: 4 KiB aligned, at least one page, inside the address
 * space, not overlapping one another, adding up to the composite's total
 * page count; at least one constituent -> otherwise INVALID_PARAMETERS. */
static void test_create_bad_constituents(void **state)
{
	struct spmc_mem_range r[3];
	struct spmc_mem_desc *d;
	ffa_id_t to = SP(1);

	(void)state;
	r[0] = (struct spmc_mem_range){NS_BASE + 0x800, 1};
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 1),
				   fx()));
	r[0] = (struct spmc_mem_range){NS_BASE, 0};
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 1),
				   fx()));
	r[0] = (struct spmc_mem_range){0xfffffffffffff000ull, 2};
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 1),
				   fx()));
	r[0] = (struct spmc_mem_range){NS_BASE + 8 * PG, 4};
	r[1] = (struct spmc_mem_range){NS_BASE, 2};
	r[2] = (struct spmc_mem_range){NS_BASE + 11 * PG, 1};
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 3),
				   fx()));
	d = mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 2);
	d->total_pages++;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 2);
	d->range_count = 0;
	d->total_pages = 0;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	/* Unsorted but disjoint is fine. */
	assert_int_equal(spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
					 mk_send(SPMC_MEM_OP_LEND, NWD, &to, 1, r, 2), fx()),
			 0);
	check_ok();
}

/* DEN0077 borrowers: at least one; none listed twice, none the sender ->
 * INVALID_PARAMETERS; more than the SPMC tracks per transaction -> NO_MEMORY. */
static void test_create_bad_borrowers(void **state)
{
	struct spmc_mem_range r = {SP_BASE(1), 1};
	ffa_id_t ids[17];

	(void)state;
	for (uint32_t i = 0; i < 17; i++)
		ids[i] = SP(i + 1 < 17 ? i + 2 : 2);
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, SP(1), ids, 0, &r, 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, SP(1), (ffa_id_t[]){SP(2), SP(2)}, 2, &r, 1),
				   fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, SP(1), (ffa_id_t[]){SP(2), SP(1)}, 2, &r, 1),
				   fx()));
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send(SPMC_MEM_OP_SHARE, SP(1), ids, 17, &r, 1), fx()));
}

/* Hafnium's SPMC (FF-A v1.2 memory management): lend and donate go to SPs
 * only; an SP shares with SPs only; the NWd shares with one SP, or with
 * several borrowers mixing worlds -> otherwise INVALID_PARAMETERS. DEN0077
 * FFA_MEM_DONATE has exactly one borrower -> otherwise INVALID_PARAMETERS. */
static void test_create_world_rules(void **state)
{
	ffa_mem_handle_t h;

	(void)state;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, SP(1), NWD, SP_BASE(1), 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, NWD, VM1, NS_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE,
				   mk_send1(SPMC_MEM_OP_SHARE, NWD, VM1, NS_BASE, 1), fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_DONATE,
				   mk_send(SPMC_MEM_OP_DONATE, SP(1), (ffa_id_t[]){SP(2), SP(3)}, 2,
					   &(struct spmc_mem_range){SP_BASE(1), 1}, 1),
				   fx()));
	h = create_ok(SPMC_MEM_OP_SHARE,
		      mk_send(SPMC_MEM_OP_SHARE, NWD, (ffa_id_t[]){VM1, SP(2)}, 2,
			      &(struct spmc_mem_range){NS_BASE, 1}, 1));
	reclaim_ok(h, NWD);
}

/* DEN0077 memory access permissions: share and lend name RO or RW; donate
 * names no data access; no send names the instruction access (bits [3:2]
 * MBZ, as the FF-A ACS checks); reserved encodings -> INVALID_PARAMETERS. */
static void test_create_permission_rules(void **state)
{
	static const struct {
		enum spmc_mem_op op;
		uint32_t n;
		uint8_t perms;
	} bad[] = {
		{SPMC_MEM_OP_SHARE, 1, 0},       {SPMC_MEM_OP_SHARE, 1, RW | NX},
		{SPMC_MEM_OP_SHARE, 1, 3},       {SPMC_MEM_OP_LEND, 1, 0},
		{SPMC_MEM_OP_LEND, 2, RW | NX},  {SPMC_MEM_OP_LEND, 1, RW | (3 << 2)},
		{SPMC_MEM_OP_LEND, 1, RW | NX},  {SPMC_MEM_OP_LEND, 1, RO | XX},
		{SPMC_MEM_OP_LEND, 1, RW | 0x10}, {SPMC_MEM_OP_DONATE, 1, RW},
		{SPMC_MEM_OP_DONATE, 1, NX},
	};
	struct spmc_mem_range r = {SP_BASE(1), 1};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct spmc_mem_desc *d =
			mk_send(bad[i].op, SP(1), (ffa_id_t[]){SP(2), SP(3)}, bad[i].n, &r, 1);

		SD.acc[0].perms = bad[i].perms;
		EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, SP(1), bad[i].op, d, fx()));
	}
}

/* DEN0077 memory region attributes: the NS bit is the SPMC's to set (MBZ in a
 * send); a donate or a lend to one borrower leaves the attributes to the
 * borrower (must be unspecified), a share must give the memory type;
 * reserved flags MBZ; zeroing a shared region is meaningless (the owner
 * keeps access) -> all INVALID_PARAMETERS. */
static void test_create_attribute_and_flag_rules(void **state)
{
	struct spmc_mem_desc *d;

	(void)state;
	d = mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1);
	d->attributes |= FFA_MEM_ATTR_NS;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1);
	d->attributes = 0;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1);
	d->attributes = NORMAL_WB;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send1(SPMC_MEM_OP_DONATE, NWD, SP(1), NS_BASE, 1);
	d->attributes = NORMAL_WB;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_DONATE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_SHARE, NWD, SP(1), NS_BASE, 1);
	d->flags = FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1);
	d->flags = 1u << 4;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1);
	SD.acc[0].flags = 0x2;
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, d, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_NONE, d, fx()));
	EXPECT_ERR(FFA_RET_INVALID_PARAMETERS, spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND, NULL, fx()));
}

/* Hafnium: a borrower cannot be given more than the owner has: RW on memory
 * the owner has read-only -> DENIED; zeroing needs the owner's write access
 * -> DENIED. Read-only memory lends fine as RO. */
static void test_create_more_than_owner_has(void **state)
{
	struct spmc_mem_desc *d;

	(void)state;
	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), RO_BASE, 1);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send1(SPMC_MEM_OP_SHARE, SP(1), SP(2), RO_BASE, 1);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), RO_BASE, 1);
	SD.acc[0].perms = RO;
	d->flags = FFA_MEM_FLAG_ZERO_MEMORY;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND, d, fx()));
	d = mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), RO_BASE, 1);
	SD.acc[0].perms = RO;
	create_ok(SPMC_MEM_OP_LEND, d);
	assert_change(0, SP(1), HAL_MEM_R, 0);
}

/* Hafnium: all constituents must be in the same state with the same access
 * (one mode) -> DENIED for a mix of RW and RO memory. */
static void test_create_mixed_access_denied(void **state)
{
	struct spmc_mem_range r[2] = {{RO_BASE, 1}, {RX_BASE, 1}};
	struct spmc_mem_desc *d = mk_send(SPMC_MEM_OP_LEND, SP(1), (ffa_id_t[]){SP(2)}, 1, r, 2);

	(void)state;
	SD.acc[0].perms = RO;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND, d, fx()));
}

/* Hafnium: device memory can only be lent, to a single borrower -> DENIED
 * for a share or a lend to several. */
static void test_create_device_memory(void **state)
{
	struct spmc_mem_desc *d;
	ffa_mem_handle_t h;

	(void)state;
	d = mk_send1(SPMC_MEM_OP_SHARE, SP(1), SP(2), DEV_BASE, 1);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_SHARE, d, fx()));
	d = mk_send(SPMC_MEM_OP_LEND, SP(1), (ffa_id_t[]){SP(2), SP(3)}, 2,
		    &(struct spmc_mem_range){DEV_BASE, 1}, 1);
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND, d, fx()));
	h = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), DEV_BASE, 2));
	assert_int_equal(FX.kind, HAL_MEM_DEVICE);
	/* Hafnium: device memory is never retrieved as normal memory -> DENIED. */
	mk_req(h);
	RQ.d.attributes = NORMAL_WB;
	EXPECT_ERR(FFA_RET_DENIED, spmc_mem_retrieve(S, SP(2), &RQ.d, fx()));
	retrieve_ok(h, SP(2));
	relinquish_ok(h, SP(2));
	reclaim_ok(h, SP(1));
}

/* Resources: no free transaction slot, no room for the constituents, no room
 * in the page map, or no room for the effect -> NO_MEMORY, nothing changed. */
static void test_create_out_of_resources(void **state)
{
	struct spmc_mem_range r[3] = {{NS_BASE, 1}, {NS_BASE + 2 * PG, 1}, {NS_BASE + 4 * PG, 1}};
	struct spmc_mem_effect none;
	ffa_mem_handle_t h[2];

	(void)state;
	build(2, 4, 4, NSP + 4 + 4, false);
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1)}, 1, r, 3), fx()));
	h[0] = create_ok(SPMC_MEM_OP_LEND, mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1)}, 1, r, 2));
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
				   mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1)}, 1, &r[2], 1),
				   fx()));
	h[1] = create_ok(SPMC_MEM_OP_LEND, mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE + PG, 1));
	EXPECT_ERR(FFA_RET_NO_MEMORY,
		   spmc_mem_create(S, SP(1), SPMC_MEM_OP_LEND,
				   mk_send1(SPMC_MEM_OP_LEND, SP(1), SP(2), SP_BASE(1), 1), fx()));
	reclaim_ok(h[0], NWD);
	reclaim_ok(h[1], NWD);
	memcpy(snap, arena, state_bytes());
	spmc_mem_effect_init(&none, NULL, 0);
	assert_int_equal(spmc_mem_create(S, NWD, SPMC_MEM_OP_LEND,
					 mk_send1(SPMC_MEM_OP_LEND, NWD, SP(1), NS_BASE, 1), &none),
			 FFA_RET_NO_MEMORY);
	assert_int_equal(memcmp(snap, arena, state_bytes()), 0);
	assert_int_equal(none.change_count, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_sender_not_caller, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_unknown_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_not_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_lent_memory_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_bad_constituents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_bad_borrowers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_world_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_permission_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_attribute_and_flag_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_more_than_owner_has, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_mixed_access_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_device_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_out_of_resources, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
