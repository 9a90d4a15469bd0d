/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory store: sizing from configuration, the arena layout, handles
 * (slot + generation, O(1) lookup), constituent chunks, and the queries.
 * The operations are in mem_ops.c, the page map in mem_owner.c.
 */
#include "mem/mem_store_int.h"
#include "util.h"

/* The configuration with defaults filled in, and where each array goes. */
struct layout {
	uint32_t max_tx, max_borrowers, max_ranges, max_nodes, chunks;
	size_t regions, tx, borrowers, free_tx, chunk, nodes, scratch, total;
};

static bool add_array(size_t *off, size_t *at, uint64_t count, size_t elem)
{
	uint64_t bytes;

	*off = (size_t)SPMC_ALIGN_UP(*off, 8);
	if (count != 0 && elem > SIZE_MAX / count)
		return false;
	bytes = count * elem;
	if (bytes > SIZE_MAX - *off - 8)
		return false;
	*at = *off;
	*off += (size_t)bytes;
	return true;
}

static bool region_ok(const struct spmc_mem_region_cfg *g)
{
	const uint64_t max_page = UINT64_MAX >> MEM_PAGE_SHIFT;

	if (g->pages == 0 || !SPMC_IS_ALIGNED(g->base, FFA_PAGE_SIZE))
		return false;
	if (g->pages > max_page + 1 - (g->base >> MEM_PAGE_SHIFT))
		return false;
	if (g->attrs & ~(uint32_t)(SPMC_MEM_RWX | SPMC_MEM_KIND))
		return false;
	/* Secure memory belongs to the secure world. */
	if (!ffa_id_is_secure(g->owner) && !(g->attrs & HAL_MEM_NS))
		return false;
	return true;
}

static bool regions_overlap(const struct spmc_mem_region_cfg *a,
			    const struct spmc_mem_region_cfg *b)
{
	uint64_t as = a->base >> MEM_PAGE_SHIFT, bs = b->base >> MEM_PAGE_SHIFT;

	return as < bs ? bs - as < a->pages : as - bs < b->pages;
}

static bool plan(const struct spmc_mem_store_cfg *cfg, struct layout *l)
{
	uint64_t nodes;
	size_t off = sizeof(struct spmc_mem_store);

	if (!cfg || (cfg->region_count && !cfg->regions) || cfg->region_count == 0)
		return false;
	l->max_tx = cfg->max_tx ? cfg->max_tx : SPMC_MEM_DEFAULT_MAX_TX;
	l->max_borrowers = cfg->max_borrowers ? cfg->max_borrowers : SPMC_MEM_DEFAULT_MAX_BORROWERS;
	l->max_ranges = cfg->max_ranges ? cfg->max_ranges : SPMC_MEM_DEFAULT_MAX_RANGES;
	/* Slot and node indices must stay below MEM_NIL. */
	if (l->max_tx >= MEM_NIL || l->max_ranges >= MEM_NIL / 2)
		return false;
	/* Live transactions need at most two splits per constituent; the
	 * slack keeps room for boundaries completed donations leave behind. */
	nodes = cfg->max_intervals ? cfg->max_intervals
				   : (uint64_t)cfg->region_count + 2 * (uint64_t)l->max_ranges +
					     2 * (uint64_t)l->max_tx;
	if (nodes < cfg->region_count || nodes >= MEM_NIL)
		return false;
	l->max_nodes = (uint32_t)nodes;
	l->chunks = (l->max_ranges + MEM_CHUNK_RANGES - 1) / MEM_CHUNK_RANGES + l->max_tx;
	if (l->chunks < l->max_tx || l->chunks >= MEM_NIL)
		return false;
	for (uint32_t i = 0; i < cfg->region_count; i++) {
		if (!region_ok(&cfg->regions[i]))
			return false;
		for (uint32_t j = 0; j < i; j++)
			if (regions_overlap(&cfg->regions[i], &cfg->regions[j]))
				return false;
	}
	return add_array(&off, &l->regions, cfg->region_count, sizeof(struct spmc_mem_region_cfg)) &&
	       add_array(&off, &l->tx, l->max_tx, sizeof(struct mem_tx)) &&
	       add_array(&off, &l->borrowers, (uint64_t)l->max_tx * l->max_borrowers,
			 sizeof(struct mem_borrower)) &&
	       add_array(&off, &l->free_tx, l->max_tx, sizeof(uint32_t)) &&
	       add_array(&off, &l->chunk, l->chunks, sizeof(struct mem_chunk)) &&
	       add_array(&off, &l->nodes, l->max_nodes, sizeof(struct mem_node)) &&
	       add_array(&off, &l->scratch, l->max_ranges, sizeof(uint32_t)) &&
	       (l->total = off, true);
}

size_t spmc_mem_store_size(const struct spmc_mem_store_cfg *cfg)
{
	struct layout l;

	return plan(cfg, &l) ? l.total : 0;
}

int spmc_mem_store_init(struct spmc_mem_store **out, void *mem, size_t size,
			const struct spmc_mem_store_cfg *cfg)
{
	struct layout l;
	struct spmc_mem_store *s;
	struct spmc_mem_region_cfg *regions;
	uint8_t *base = mem;

	if (!out || !plan(cfg, &l))
		return FFA_RET_INVALID_PARAMETERS;
	if (!mem || size < l.total || !SPMC_IS_ALIGNED((uintptr_t)mem, 8))
		return FFA_RET_NO_MEMORY;
	spmc_memset(mem, 0, l.total);
	s = mem;
	s->max_tx = l.max_tx;
	s->max_borrowers = l.max_borrowers;
	s->max_ranges = l.max_ranges;
	s->max_nodes = l.max_nodes;
	s->chunk_count = l.chunks;
	s->region_count = cfg->region_count;
	s->multi_retrieve = cfg->multi_retrieve;
	regions = (struct spmc_mem_region_cfg *)(void *)(base + l.regions);
	s->tx = (struct mem_tx *)(void *)(base + l.tx);
	s->borrowers = (struct mem_borrower *)(void *)(base + l.borrowers);
	s->free_tx = (uint32_t *)(void *)(base + l.free_tx);
	s->chunks = (struct mem_chunk *)(void *)(base + l.chunk);
	s->nodes = (struct mem_node *)(void *)(base + l.nodes);
	s->scratch = (uint32_t *)(void *)(base + l.scratch);

	/* Regions sorted by base (insertion sort: configuration is small and
	 * this runs once). */
	for (uint32_t i = 0; i < cfg->region_count; i++) {
		uint32_t j = i;

		while (j > 0 && regions[j - 1].base > cfg->regions[i].base) {
			regions[j] = regions[j - 1];
			j--;
		}
		regions[j] = cfg->regions[i];
	}
	s->regions = regions;

	/* Free slots as a stack, slot 0 on top; handles start at generation 1. */
	for (uint32_t i = 0; i < s->max_tx; i++) {
		uint32_t slot = s->max_tx - 1 - i;

		s->tx[slot].gen = 1;
		s->tx[slot].free_pos = i;
		s->tx[slot].first_chunk = MEM_NIL;
		s->free_tx[i] = slot;
	}
	s->free_tx_count = s->max_tx;

	s->free_chunk = MEM_NIL;
	for (uint32_t i = s->chunk_count; i-- > 0;) {
		s->chunks[i].next = s->free_chunk;
		s->chunks[i].owner = MEM_NIL;
		s->free_chunk = i;
	}
	s->free_chunks = s->chunk_count;

	s->free_node = MEM_NIL;
	for (uint32_t i = s->max_nodes; i-- > 0;) {
		s->nodes[i].left = s->free_node;
		s->nodes[i].right = MEM_NIL;
		s->nodes[i].tx = MEM_NIL;
		s->free_node = i;
	}
	s->free_nodes = s->max_nodes;
	mem_map_init(s);
	*out = s;
	return 0;
}

/* ---- handles ---- */

uint32_t mem_slot_of(const struct spmc_mem_store *s, ffa_mem_handle_t handle)
{
	uint32_t slot = (uint32_t)handle, gen = (uint32_t)(handle >> 32);

	if ((handle & FFA_MEM_HANDLE_ALLOC_HYP) || slot >= s->max_tx)
		return MEM_NIL;
	if (s->tx[slot].live != MEM_SLOT_LIVE || s->tx[slot].gen != gen || gen == 0)
		return MEM_NIL;
	return slot;
}

uint32_t mem_reserved_slot_of(const struct spmc_mem_store *s, ffa_id_t caller,
			      ffa_mem_handle_t handle)
{
	uint32_t slot = (uint32_t)handle, gen = (uint32_t)(handle >> 32);

	if ((handle & FFA_MEM_HANDLE_ALLOC_HYP) || slot >= s->max_tx)
		return MEM_NIL;
	if (s->tx[slot].live != MEM_SLOT_RESERVED || s->tx[slot].gen != gen ||
	    s->tx[slot].sender != caller)
		return MEM_NIL;
	return slot;
}

int spmc_mem_reserve(struct spmc_mem_store *s, ffa_id_t caller, ffa_mem_handle_t *handle)
{
	uint32_t slot;

	if (s->free_tx_count == 0)
		return FFA_RET_NO_MEMORY;
	slot = mem_slot_alloc(s);
	s->tx[slot].live = MEM_SLOT_RESERVED;
	s->tx[slot].sender = caller;
	s->reserved_tx++;
	*handle = mem_handle_of(s, slot);
	return 0;
}

int spmc_mem_unreserve(struct spmc_mem_store *s, ffa_id_t caller, ffa_mem_handle_t handle)
{
	uint32_t slot = mem_reserved_slot_of(s, caller, handle);

	if (slot == MEM_NIL)
		return FFA_RET_INVALID_PARAMETERS;
	s->reserved_tx--;
	mem_slot_free(s, slot);
	return 0;
}

/* ---- constituents ---- */

const struct spmc_mem_range *mem_tx_range(const struct spmc_mem_store *s, uint32_t slot,
					  uint32_t i)
{
	uint32_t c = s->tx[slot].first_chunk;

	for (uint32_t k = i / MEM_CHUNK_RANGES; k > 0; k--)
		c = s->chunks[c].next;
	return &s->chunks[c].r[i % MEM_CHUNK_RANGES];
}

/* ---- queries ---- */

int spmc_mem_page(const struct spmc_mem_store *s, uint64_t pa, struct spmc_mem_page_info *out)
{
	uint32_t i = mem_map_find(s, pa >> MEM_PAGE_SHIFT);
	const struct mem_node *n;

	if (i == MEM_NIL)
		return FFA_RET_INVALID_PARAMETERS;
	n = &s->nodes[i];
	out->owner = n->owner;
	out->state = n->state;
	out->attrs = n->attrs;
	out->handle = n->tx == MEM_NIL ? 0 : mem_handle_of(s, n->tx);
	out->base = n->start << MEM_PAGE_SHIFT;
	out->pages = n->pages;
	return 0;
}

ffa_id_t spmc_mem_owner(const struct spmc_mem_store *s, uint64_t pa)
{
	uint32_t i = mem_map_find(s, pa >> MEM_PAGE_SHIFT);

	return i == MEM_NIL ? FFA_ID_SPMD : s->nodes[i].owner;
}

uint32_t spmc_mem_access(const struct spmc_mem_store *s, ffa_id_t id, uint64_t pa)
{
	uint32_t i = mem_map_find(s, pa >> MEM_PAGE_SHIFT);
	const struct mem_node *n;
	uint32_t acc = 0;

	if (i == MEM_NIL)
		return 0;
	n = &s->nodes[i];
	if (n->owner == id)
		acc = mem_owner_access(n);
	if (n->tx != MEM_NIL && n->tx < s->max_tx) {
		const struct mem_borrower *b = mem_borrowers(s, n->tx);

		for (uint32_t k = 0; k < s->tx[n->tx].borrower_count && k < s->max_borrowers; k++)
			if (b[k].id == id && b[k].holds)
				acc |= b[k].granted;
	}
	return acc;
}

int spmc_mem_tx(const struct spmc_mem_store *s, ffa_mem_handle_t handle,
		struct spmc_mem_tx_info *out)
{
	uint32_t slot = mem_slot_of(s, handle);
	const struct mem_tx *t;

	if (slot == MEM_NIL)
		return FFA_RET_INVALID_PARAMETERS;
	t = &s->tx[slot];
	*out = (struct spmc_mem_tx_info){
		.op = t->op,
		.kind = t->page_attrs & SPMC_MEM_KIND,
		.owner_access = t->page_attrs & SPMC_MEM_RWX,
		.sender = t->sender,
		.attributes = t->attributes,
		.flags = t->flags,
		.version = t->version,
		.tag = t->tag,
		.borrower_count = t->borrower_count,
		.holders = t->holders,
		.range_count = t->range_count,
		.total_pages = t->total_pages,
	};
	return 0;
}

int spmc_mem_tx_borrower(const struct spmc_mem_store *s, ffa_mem_handle_t handle, uint32_t i,
			 struct spmc_mem_borrower_info *out)
{
	uint32_t slot = mem_slot_of(s, handle);
	const struct mem_borrower *b;

	if (slot == MEM_NIL || i >= s->tx[slot].borrower_count)
		return FFA_RET_INVALID_PARAMETERS;
	b = &mem_borrowers(s, slot)[i];
	spmc_memset(out, 0, sizeof(*out));
	out->sent.id = b->id;
	out->sent.perms = b->perms;
	out->sent.flags = b->flags;
	spmc_memcpy(out->sent.impdef, b->impdef, sizeof(b->impdef));
	out->granted = b->granted;
	out->holds = b->holds;
	return 0;
}

uint32_t spmc_mem_tx_ranges(const struct spmc_mem_store *s, ffa_mem_handle_t handle,
			    uint32_t first, struct spmc_mem_range *out, uint32_t max)
{
	uint32_t slot = mem_slot_of(s, handle), n = 0, c;

	if (slot == MEM_NIL || first >= s->tx[slot].range_count)
		return 0;
	c = s->tx[slot].first_chunk;
	for (uint32_t k = first / MEM_CHUNK_RANGES; k > 0; k--)
		c = s->chunks[c].next;
	for (uint32_t i = first; i < s->tx[slot].range_count && n < max; i++, n++) {
		if (i != first && i % MEM_CHUNK_RANGES == 0)
			c = s->chunks[c].next;
		out[n] = s->chunks[c].r[i % MEM_CHUNK_RANGES];
	}
	return n;
}

ffa_mem_handle_t spmc_mem_next_held(const struct spmc_mem_store *s, ffa_id_t id,
				    ffa_mem_handle_t after)
{
	uint32_t first = after ? (uint32_t)after + 1 : 0;

	for (uint32_t slot = first; slot < s->max_tx; slot++) {
		const struct mem_borrower *b = mem_borrowers(s, slot);

		if (s->tx[slot].live != MEM_SLOT_LIVE)
			continue;
		for (uint32_t i = 0; i < s->tx[slot].borrower_count; i++)
			if (b[i].id == id && b[i].holds)
				return mem_handle_of(s, slot);
	}
	return 0;
}

void spmc_mem_usage(const struct spmc_mem_store *s, struct spmc_mem_usage *out)
{
	*out = (struct spmc_mem_usage){
		.live_tx = s->max_tx - s->free_tx_count,
		.max_tx = s->max_tx,
		.reserved = s->reserved_tx,
		.ranges = s->ranges_used,
		.max_ranges = s->max_ranges,
		.intervals = mem_map_count(s),
		.max_intervals = s->max_nodes,
		.chunks_free = s->free_chunks,
		.chunks = s->chunk_count,
	};
}
