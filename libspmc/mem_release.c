/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An aborted partition never runs again, so it can never relinquish: the
 * SPMC relinquishes for it every transaction it holds as a borrower (its
 * mappings go, zeroing happens if asked for), so the lenders can reclaim,
 * and drops the descriptors it was sending or reading in fragments. Memory
 * it lent or donated stays as it is: its borrowers keep what they hold and
 * nobody reclaims it (the partition owning it is gone).
 */
#include "mem_abi.h"

/* One relinquish of h for id: whether it happened. */
static bool relinquish_for(struct spmc *s, ffa_id_t id, ffa_mem_handle_t h)
{
	uint8_t ep[2] = {(uint8_t)id, (uint8_t)(id >> 8)};
	struct spmc_mem_relinquish rq = {.handle = h, .endpoint_count = 1, .endpoints = ep};
	struct spmc_mem_effect fx;
	struct spmc_mem_range *r = NULL;
	uint32_t n;

	mem_effect_init(s, &fx);
	if (spmc_mem_relinquish_check(s->mem, id, &rq, &fx) != 0)
		return false;
	n = mem_tx_ranges(s, h, &r);
	if (n == 0 || mem_hal_apply(s, &fx, r, n) != 0)
		return false; /* the HAL could not unmap: the partition keeps holding it */
	mem_effect_init(s, &fx);
	return spmc_mem_relinquish(s->mem, id, &rq, &fx) == 0;
}

static bool holds(struct spmc *s, ffa_id_t id, ffa_mem_handle_t h)
{
	struct spmc_mem_tx_info info;

	if (spmc_mem_tx(s->mem, h, &info) != 0)
		return false;
	for (uint32_t i = 0; i < info.borrower_count; i++) {
		struct spmc_mem_borrower_info b;

		if (spmc_mem_tx_borrower(s->mem, h, i, &b) == 0 && b.sent.id == id)
			return b.holds != 0;
	}
	return false;
}

void spmc_mem_partition_aborted(struct spmc *s, struct spmc_partition *p)
{
	ffa_mem_handle_t h = 0;

	for (uint32_t i = 0; i < s->mem_frag_count; i++) {
		struct spmc_mem_frag *f = &s->mem_frags[i];

		if (f->kind == MEM_FRAG_FREE || f->owner != p->id)
			continue;
		if (f->kind == MEM_FRAG_SEND && s->mem)
			(void)spmc_mem_unreserve(s->mem, p->id, f->handle);
		mem_frag_free(s, f);
	}
	if (!s->mem)
		return;
	/* A holder with several retrieves (multi_retrieve) needs as many
	 * relinquishes. */
	while ((h = spmc_mem_next_held(s->mem, p->id, h)) != 0)
		while (relinquish_for(s, p->id, h) && holds(s, p->id, h))
			;
}
