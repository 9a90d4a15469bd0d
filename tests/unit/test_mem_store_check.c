/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction store and page-ownership map (libspmc/mem/mem_store.h):
 * the invariant checker, run after every step of the other tests, shown to
 * catch each kind of corruption.
 *
 * Rules are cited as "DEN0077 <interface>: ..." (the FF-A specification's
 * memory management chapter) or "Hafnium: ..." where the specification leaves
 * the choice and this SPMC follows Hafnium's SPMC.
 */
#include "mem_store_fixture.h"

/* ==== the checker catches corruption ==== */

static ffa_mem_handle_t corrupt_setup(void)
{
	ffa_mem_handle_t h;

	h = create_ok(SPMC_MEM_OP_LEND,
		      mk_send(SPMC_MEM_OP_LEND, NWD, (ffa_id_t[]){SP(1), SP(2)}, 2,
			      (struct spmc_mem_range[]){{NS_BASE + 4 * PG, 2}, {NS_BASE + 10 * PG, 3}},
			      2));
	retrieve_ok(h, SP(1));
	create_ok(SPMC_MEM_OP_SHARE, mk_send1(SPMC_MEM_OP_SHARE, SP(3), SP(4), SP_BASE(3), 5));
	memcpy(snap, arena, state_bytes());
	return h;
}

static struct mem_node *node_at(uint64_t pa)
{
	uint32_t i = mem_map_find(S, pa >> MEM_PAGE_SHIFT);

	assert_true(i != MEM_NIL);
	return &S->nodes[i];
}

#define EXPECT_CORRUPT(code)                                                              \
	do {                                                                              \
		struct spmc_mem_check_report r_;                                          \
		int rc_ = spmc_mem_check(S, &r_);                                         \
		if (rc_ != (code)) {                                                      \
			print_error("expected invariant %s, got %s (%s)\n",               \
				    spmc_mem_invariant_name(code), spmc_mem_invariant_name(rc_), \
				    r_.what);                                             \
			fail();                                                           \
		}                                                                         \
		assert_non_null(r_.what);                                                 \
		memcpy(arena, snap, state_bytes());                                       \
		check_ok();                                                               \
	} while (0)

/* Each invariant the checker guards, broken on purpose, is reported as that
 * invariant; restoring the state makes the check pass again. */
static void test_checker_detects_corruption(void **state)
{
	ffa_mem_handle_t h;
	uint32_t slot;
	struct mem_borrower *b;

	(void)state;
	h = corrupt_setup();
	slot = (uint32_t)h;
	b = mem_borrowers(S, slot);

	/* tree */
	S->nodes[S->root].height++;
	EXPECT_CORRUPT(SPMC_MEM_INV_TREE);
	{
		struct mem_node *n = &S->nodes[S->root];
		uint32_t t = n->left;

		n->left = n->right;
		n->right = t;
	}
	EXPECT_CORRUPT(SPMC_MEM_INV_TREE);
	/* the address-order thread */
	{
		struct mem_node *n = node_at(NS_BASE + 4 * PG);
		uint32_t t = n->next;

		n->next = n->prev;
		EXPECT_CORRUPT(SPMC_MEM_INV_TREE);
		n->next = t;
		S->nodes[t].prev = MEM_NIL;
		EXPECT_CORRUPT(SPMC_MEM_INV_TREE);
	}
	/* node pool */
	S->nodes[S->free_node].in_use = 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_NODES);
	S->free_nodes--;
	EXPECT_CORRUPT(SPMC_MEM_INV_NODES);
	/* a page with two owners */
	node_at(NS_BASE + 4 * PG)->pages += 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_OVERLAP);
	/* a page with no owner */
	node_at(NS_BASE + 4 * PG)->pages -= 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_COVERAGE);
	node_at(NS_BASE + (NS_PAGES - 1) * PG)->pages += 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_COVERAGE);
	/* two equal neighbours */
	mem_map_split(S, NULL, (SP_BASE(5) >> MEM_PAGE_SHIFT) + 7);
	EXPECT_CORRUPT(SPMC_MEM_INV_UNMERGED);
	/* lent pages that claim to be the owner's again */
	node_at(NS_BASE + 4 * PG)->state = SPMC_MEM_PAGE_OWNED;
	EXPECT_CORRUPT(SPMC_MEM_INV_PAGE_STATE);
	node_at(NS_BASE + 4 * PG)->state = SPMC_MEM_PAGE_SHARED;
	EXPECT_CORRUPT(SPMC_MEM_INV_PAGE_STATE);
	node_at(NS_BASE + 4 * PG)->owner = SP(9);
	EXPECT_CORRUPT(SPMC_MEM_INV_PAGE_STATE);
	/* constituents that are not the transaction's pages */
	((struct spmc_mem_range *)mem_tx_range(S, slot, 1))->pages = 2;
	EXPECT_CORRUPT(SPMC_MEM_INV_TX_PAGES);
	((struct spmc_mem_range *)mem_tx_range(S, slot, 0))->addr += PG;
	EXPECT_CORRUPT(SPMC_MEM_INV_TX_PAGES);
	S->tx[slot].total_pages++;
	EXPECT_CORRUPT(SPMC_MEM_INV_TX_PAGES);
	/* access beyond what was granted */
	b[0].granted |= HAL_MEM_X;
	EXPECT_CORRUPT(SPMC_MEM_INV_ACCESS);
	b[0].perms = RO;
	EXPECT_CORRUPT(SPMC_MEM_INV_ACCESS);
	/* the lender reaching lent pages */
	b[1].id = NWD;
	b[1].holds = 1;
	b[1].granted = HAL_MEM_R;
	S->tx[slot].holders++;
	EXPECT_CORRUPT(SPMC_MEM_INV_LENDER);
	/* holder accounting */
	S->tx[slot].holders++;
	EXPECT_CORRUPT(SPMC_MEM_INV_HOLDERS);
	b[0].holds = 2;
	EXPECT_CORRUPT(SPMC_MEM_INV_HOLDERS);
	b[1].granted = HAL_MEM_R;
	EXPECT_CORRUPT(SPMC_MEM_INV_HOLDERS);
	{
		struct spmc_mem_page_info p;

		assert_int_equal(spmc_mem_page(S, SP_BASE(3), &p), 0);
		S->tx[(uint32_t)p.handle].zero_pending = 1; /* a share, nobody holds it */
	}
	EXPECT_CORRUPT(SPMC_MEM_INV_HOLDERS);
	/* borrower lists */
	b[1].id = b[0].id;
	EXPECT_CORRUPT(SPMC_MEM_INV_BORROWERS);
	S->tx[slot].borrower_count = 0;
	EXPECT_CORRUPT(SPMC_MEM_INV_BORROWERS);
	/* slots and handles */
	S->tx[S->free_tx[0]].live = 1;
	EXPECT_CORRUPT(SPMC_MEM_INV_SLOTS);
	S->free_tx_count--;
	EXPECT_CORRUPT(SPMC_MEM_INV_SLOTS);
	S->tx[slot].gen = 0;
	EXPECT_CORRUPT(SPMC_MEM_INV_HANDLE);
	/* constituent pool */
	S->ranges_used++;
	EXPECT_CORRUPT(SPMC_MEM_INV_RANGES);
	S->chunks[S->free_chunk].owner = slot;
	EXPECT_CORRUPT(SPMC_MEM_INV_RANGES);
	S->free_chunks++;
	EXPECT_CORRUPT(SPMC_MEM_INV_RANGES);
	S->tx[slot].first_chunk = MEM_NIL;
	EXPECT_CORRUPT(SPMC_MEM_INV_RANGES);
	assert_string_equal(spmc_mem_invariant_name(SPMC_MEM_INV_LENDER), "lender");
	assert_string_equal(spmc_mem_invariant_name(99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_checker_detects_corruption, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
