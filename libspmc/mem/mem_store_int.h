/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory store's internals, shared by mem_store.c (sizing, handles,
 * queries), mem_tx.c (slots, constituent chunks, effects), mem_send.c
 * (share/lend/donate), mem_ops.c (retrieve, relinquish, reclaim), mem_owner.c
 * (the page map) and mem_check.c (the invariant checker). Tests that corrupt
 * state on purpose include it too; nothing else should.
 */
#ifndef LIBSPMC_MEM_MEM_STORE_INT_H
#define LIBSPMC_MEM_MEM_STORE_INT_H

#include "mem/mem_store.h"

#define MEM_NIL 0xffffffffu
#define MEM_PAGE_SHIFT 12
/* Constituents per pool chunk: a transaction wastes less than one chunk. */
#define MEM_CHUNK_RANGES 16u
/* Handles: generation [62:32] (never 0), slot [31:0]; bit 63 (allocator) 0. */
#define MEM_GEN_MAX 0x7fffffffu
/* One past the last page number. */
#define MEM_MAX_PAGE_END (1ull << (64 - MEM_PAGE_SHIFT))

#define MEM_PERM_DATA(p) ((uint8_t)((p) & FFA_MEM_DATA_ACCESS_MASK))
#define MEM_PERM_INSTR(p) \
	((uint8_t)(((p) & FFA_MEM_INSTR_ACCESS_MASK) >> FFA_MEM_INSTR_ACCESS_SHIFT))
#define MEM_ATTR_TYPE(a) (((a) & FFA_MEM_TYPE_MASK) >> FFA_MEM_TYPE_SHIFT)
/* Flags of FFA_MEM_SHARE/LEND/DONATE, FFA_MEM_RELINQUISH, FFA_MEM_RECLAIM. */
#define MEM_SEND_FLAGS (FFA_MEM_FLAG_ZERO_MEMORY | FFA_MEM_FLAG_TIME_SLICING)

/* One interval of the page map: pages [start, start + pages) (page numbers,
 * physical address >> 12). */
struct mem_node {
	uint64_t start;
	uint64_t pages;
	uint32_t left, right; /* children, MEM_NIL if none; `left` links the free list */
	uint32_t prev, next;  /* neighbours in address order (MEM_NIL at the ends): a
			       * walk along the map costs O(1) a step */
	uint32_t tx;          /* slot of the transaction holding it, MEM_NIL if OWNED */
	ffa_id_t owner;
	uint8_t state;        /* enum spmc_mem_page_state */
	uint8_t attrs;        /* the owner's own access | kind (kept while lent) */
	int8_t height;        /* AVL height, 1 for a leaf */
	uint8_t in_use;
};

struct mem_borrower {
	uint8_t impdef[16];
	ffa_id_t id;
	uint8_t perms;        /* FF-A permissions as sent */
	uint8_t flags;        /* access descriptor flags as sent */
	uint8_t granted;      /* HAL_MEM_R/W/X while holds > 0 */
	uint8_t zero_after;   /* its retrieve asked to zero after relinquish */
	uint32_t holds;       /* retrieves not yet relinquished */
};

/* A transaction slot's state. */
enum mem_slot_state {
	MEM_SLOT_FREE = 0,
	MEM_SLOT_LIVE,
	MEM_SLOT_RESERVED, /* spmc_mem_reserve: handle given out, no transaction yet */
};

struct mem_tx {
	uint32_t gen;         /* generation of the current (or next) handle */
	uint32_t free_pos;    /* index in free_tx while free */
	uint8_t live;         /* enum mem_slot_state */
	uint8_t op;           /* enum spmc_mem_op */
	uint8_t page_attrs;   /* owner access | kind of every page */
	uint8_t zero_pending; /* a borrower asked to zero after relinquish: zero when the
			       * last holder lets go */
	ffa_id_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint32_t version;
	uint64_t tag;
	uint32_t borrower_count;
	uint32_t holders;     /* borrowers with holds > 0 */
	uint32_t range_count;
	uint32_t first_chunk;
	uint64_t total_pages;
};

struct mem_chunk {
	struct spmc_mem_range r[MEM_CHUNK_RANGES];
	uint32_t next;        /* next chunk of the same transaction, or of the free list */
	uint32_t owner;       /* slot using it, MEM_NIL while free */
};

struct spmc_mem_store {
	uint32_t max_tx, max_borrowers, max_ranges, max_nodes, chunk_count, region_count;
	bool multi_retrieve;

	const struct spmc_mem_region_cfg *regions; /* sorted by base, in the arena */

	struct mem_tx *tx;                /* max_tx slots */
	struct mem_borrower *borrowers;   /* max_borrowers per slot */
	uint32_t *free_tx;                /* stack of free slots */
	uint32_t free_tx_count;
	uint32_t reserved_tx;             /* slots in MEM_SLOT_RESERVED */

	struct mem_chunk *chunks;
	uint32_t free_chunk;              /* head of the free list */
	uint32_t free_chunks;
	uint32_t ranges_used;             /* constituents of live transactions */

	struct mem_node *nodes;
	uint32_t root;
	uint32_t free_node;               /* head of the free list (via left) */
	uint32_t free_nodes;

	uint32_t *scratch;                /* max_ranges entries, for sorting a send */
};

static inline struct mem_borrower *mem_borrowers(const struct spmc_mem_store *s, uint32_t slot)
{
	return &s->borrowers[(size_t)slot * s->max_borrowers];
}

static inline ffa_mem_handle_t mem_handle_of(const struct spmc_mem_store *s, uint32_t slot)
{
	return ((uint64_t)s->tx[slot].gen << 32) | slot;
}

/* The live slot `handle` names, or MEM_NIL (forged, stale, reserved, or
 * hypervisor-allocated). */
uint32_t mem_slot_of(const struct spmc_mem_store *s, ffa_mem_handle_t handle);
/* The reserved slot `handle` names for `caller`, or MEM_NIL. */
uint32_t mem_reserved_slot_of(const struct spmc_mem_store *s, ffa_id_t caller,
			      ffa_mem_handle_t handle);

/* Constituent i of slot's transaction. */
const struct spmc_mem_range *mem_tx_range(const struct spmc_mem_store *s, uint32_t slot,
					  uint32_t i);

/* The page state a transaction of op puts its pages in. */
static inline uint8_t mem_state_of_op(uint8_t op)
{
	return op == SPMC_MEM_OP_SHARE ? SPMC_MEM_PAGE_SHARED
	       : op == SPMC_MEM_OP_LEND ? SPMC_MEM_PAGE_LENT
					: SPMC_MEM_PAGE_DONATING;
}

/* The owner's current access to an interval's pages. */
static inline uint8_t mem_owner_access(const struct mem_node *n)
{
	return n->state == SPMC_MEM_PAGE_OWNED || n->state == SPMC_MEM_PAGE_SHARED
		       ? (uint8_t)(n->attrs & SPMC_MEM_RWX)
		       : 0;
}

/* ---- shared by the operations (mem_tx.c) ---- */

/* Empties an effect, keeping its room. */
void mem_fx_reset(struct spmc_mem_effect *fx);
/* Appends a change: 0, or NO_MEMORY when the room is full. */
int mem_fx_add(struct spmc_mem_effect *fx, ffa_id_t id, uint8_t before, uint8_t after);
/* Empties the effect and returns rc: no error reports a change. */
int mem_fx_fail(struct spmc_mem_effect *fx, int rc);
/* Takes the free slot on top of the stack (there must be one). */
uint32_t mem_slot_alloc(struct spmc_mem_store *s);
/* Frees a live slot, its chunks and borrowers; its handle goes stale. */
void mem_slot_free(struct spmc_mem_store *s, uint32_t slot);
/* Copies d's constituents, in order, into chunks for slot (they must be free). */
void mem_ranges_store(struct spmc_mem_store *s, uint32_t slot, const struct spmc_mem_desc *d);
/* Calls fn on every interval of slot's pages (each carries tx == slot). */
void mem_tx_intervals(struct spmc_mem_store *s, uint32_t slot,
		      void (*fn)(struct mem_node *n, const void *arg), const void *arg);
/* Merges equal neighbours around every constituent of slot. */
void mem_tx_merge(struct spmc_mem_store *s, uint32_t slot);

/* ---- the page map (mem_owner.c) ---- */

/* Builds the map from the sorted regions; every node must be free. */
void mem_map_init(struct spmc_mem_store *s);
/* The interval holding page p, or MEM_NIL. */
uint32_t mem_map_find(const struct spmc_mem_store *s, uint64_t p);
/* The same, starting from *hint (an interval found before, or MEM_NIL): a few
 * steps along the address-order thread before a search from the root. Sets
 * *hint to the result when found. A hint may be any node index: a freed or
 * reused node only costs the search. */
uint32_t mem_map_find_near(const struct spmc_mem_store *s, uint32_t *hint, uint64_t p);
/* The interval with the smallest start > p, or MEM_NIL. */
uint32_t mem_map_next(const struct spmc_mem_store *s, uint64_t p);
/* The interval with the largest start < p, or MEM_NIL. */
uint32_t mem_map_prev(const struct spmc_mem_store *s, uint64_t p);
/* Whether a split at page p would need a new node (p strictly inside an
 * interval); hint as for mem_map_find_near (may be NULL). */
bool mem_map_splits(const struct spmc_mem_store *s, uint32_t *hint, uint64_t p);
/* Makes p an interval boundary; needs a free node when mem_map_splits(p). */
void mem_map_split(struct spmc_mem_store *s, uint32_t *hint, uint64_t p);
/* Merges equal neighbours among the intervals touching [first, end) and the
 * ones on either side; hint as above (may be NULL). */
void mem_map_merge(struct spmc_mem_store *s, uint32_t *hint, uint64_t first, uint64_t end);
/* Number of nodes in use. */
uint32_t mem_map_count(const struct spmc_mem_store *s);

#endif
