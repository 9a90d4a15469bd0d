/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the memory operations share: effects, transaction slots and their
 * constituent chunks, and walking a transaction's pages in the map.
 */
#include "mem/mem_store_int.h"
#include "util.h"

/* ---- effects ---- */

void mem_fx_reset(struct spmc_mem_effect *fx)
{
	struct spmc_mem_change *room = fx->changes;
	uint32_t n = fx->max_changes;

	*fx = (struct spmc_mem_effect){.changes = room, .max_changes = n};
}

int mem_fx_add(struct spmc_mem_effect *fx, ffa_id_t id, uint8_t before, uint8_t after)
{
	if (!fx->changes || fx->change_count >= fx->max_changes)
		return FFA_RET_NO_MEMORY;
	fx->changes[fx->change_count++] = (struct spmc_mem_change){id, before, after};
	return 0;
}

/* Any error leaves an empty effect. */
int mem_fx_fail(struct spmc_mem_effect *fx, int rc)
{
	mem_fx_reset(fx);
	return rc;
}

/* ---- transaction slots and constituent chunks ---- */

uint32_t mem_slot_alloc(struct spmc_mem_store *s)
{
	uint32_t slot = s->free_tx[--s->free_tx_count];

	s->tx[slot].live = MEM_SLOT_LIVE;
	return slot;
}

void mem_slot_free(struct spmc_mem_store *s, uint32_t slot)
{
	struct mem_tx *t = &s->tx[slot];
	uint32_t c = t->first_chunk;

	while (c != MEM_NIL) {
		uint32_t next = s->chunks[c].next;

		s->chunks[c].next = s->free_chunk;
		s->chunks[c].owner = MEM_NIL;
		s->free_chunk = c;
		s->free_chunks++;
		c = next;
	}
	s->ranges_used -= t->range_count;
	spmc_memset(mem_borrowers(s, slot), 0, sizeof(struct mem_borrower) * t->borrower_count);
	/* A new generation: the old handle is stale from now on. */
	*t = (struct mem_tx){
		.gen = t->gen >= MEM_GEN_MAX ? 1 : t->gen + 1,
		.free_pos = s->free_tx_count,
		.first_chunk = MEM_NIL,
	};
	s->free_tx[s->free_tx_count++] = slot;
}

void mem_ranges_store(struct spmc_mem_store *s, uint32_t slot, const struct spmc_mem_desc *d)
{
	uint32_t tail = MEM_NIL, c = MEM_NIL;

	for (uint32_t i = 0; i < d->range_count; i++) {
		if (i % MEM_CHUNK_RANGES == 0) {
			c = s->free_chunk;
			s->free_chunk = s->chunks[c].next;
			s->free_chunks--;
			s->chunks[c].next = MEM_NIL;
			s->chunks[c].owner = slot;
			if (tail == MEM_NIL)
				s->tx[slot].first_chunk = c;
			else
				s->chunks[tail].next = c;
			tail = c;
		}
		s->chunks[c].r[i % MEM_CHUNK_RANGES] = d->ranges[i];
	}
	s->ranges_used += d->range_count;
}

/* ---- the page map, a transaction at a time ---- */

/* Calls fn on every interval of slot's pages (they carry tx == slot). */
void mem_tx_intervals(struct spmc_mem_store *s, uint32_t slot,
		      void (*fn)(struct mem_node *n, const void *arg), const void *arg)
{
	uint32_t c = s->tx[slot].first_chunk, hint = MEM_NIL;

	for (uint32_t i = 0; i < s->tx[slot].range_count; i++) {
		const struct spmc_mem_range *r;
		uint64_t p, end;

		if (i != 0 && i % MEM_CHUNK_RANGES == 0)
			c = s->chunks[c].next;
		r = &s->chunks[c].r[i % MEM_CHUNK_RANGES];
		p = r->addr >> MEM_PAGE_SHIFT;
		end = p + r->pages;
		while (p < end) {
			struct mem_node *n = &s->nodes[mem_map_find_near(s, &hint, p)];

			/* Merged with a neighbouring constituent's interval
			 * and already done: skip. */
			if (n->tx == slot)
				fn(n, arg);
			p = n->start + n->pages;
		}
	}
}

void mem_tx_merge(struct spmc_mem_store *s, uint32_t slot)
{
	uint32_t c = s->tx[slot].first_chunk, hint = MEM_NIL;

	for (uint32_t i = 0; i < s->tx[slot].range_count; i++) {
		const struct spmc_mem_range *r;

		if (i != 0 && i % MEM_CHUNK_RANGES == 0)
			c = s->chunks[c].next;
		r = &s->chunks[c].r[i % MEM_CHUNK_RANGES];
		mem_map_merge(s, &hint, r->addr >> MEM_PAGE_SHIFT,
			      (r->addr >> MEM_PAGE_SHIFT) + r->pages);
	}
}
