/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPMC's memory transaction store and page-ownership map (DEN0077,
 * "Memory management"): pure, freestanding state, no HAL calls. The ABI
 * handlers parse descriptors (mem_desc.h), call these operations, and map or
 * unmap through the HAL what each operation reports in its effect.
 *
 * State lives in one arena carved at init: the transaction slots (handles are
 * slot index + generation, looked up in O(1)), their borrowers, their
 * constituents (in chunks from a pool), and the page map: the physical
 * ranges of known memory as disjoint intervals in a balanced search tree
 * (AVL, O(log n)), each with its owner, state and the owner's access; a
 * borrower's access lives in its transaction, which every interval of a
 * transaction's pages names. A 65536-page range costs one interval, like a
 * 1-page one.
 *
 * Page states (per interval):
 *   OWNED     the owner has exclusive access (its own HAL_MEM_R/W/X);
 *   SHARED    FFA_MEM_SHARE: the owner keeps access; borrowers gain theirs
 *             when they retrieve;
 *   LENT      FFA_MEM_LEND: the owner has no access; borrowers gain theirs
 *             when they retrieve;
 *   DONATING  FFA_MEM_DONATE sent, not yet retrieved: the owner has no
 *             access; the retrieve makes the borrower the owner (OWNED) and
 *             ends the transaction; nothing comes back to the donor.
 *
 * Every operation is all-or-nothing and comes in two forms: the _check one
 * validates and fills the effect without changing anything; the plain one
 * validates again and applies. Given no other call in between, the plain
 * one succeeds whenever the _check one did, so the ABI layer can check,
 * prepare the HAL (which may fail), then apply.
 *
 * Errors are FFA_RET_* codes; on error nothing changed and *fx holds no
 * changes.
 */
#ifndef LIBSPMC_MEM_MEM_STORE_H
#define LIBSPMC_MEM_MEM_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"
#include "mem/mem_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Access bits, as the HAL maps them. */
#define SPMC_MEM_RWX (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X)
/* Physical properties of a page that travel with it. */
#define SPMC_MEM_KIND (HAL_MEM_NS | HAL_MEM_DEVICE)

/* Defaults for zero configuration fields. */
#define SPMC_MEM_DEFAULT_MAX_TX 4096u
#define SPMC_MEM_DEFAULT_MAX_BORROWERS 16u
#define SPMC_MEM_DEFAULT_MAX_RANGES 131072u

/* One range of known memory and who owns it at boot. */
struct spmc_mem_region_cfg {
	uint64_t base;    /* physical address, 4 KiB aligned */
	uint64_t pages;   /* 4 KiB pages, at least 1 */
	ffa_id_t owner;   /* FFA_ID_NWD_NO_HYP for normal-world memory, or the SP's ID */
	uint32_t attrs;   /* the owner's access (HAL_MEM_R/W/X), | HAL_MEM_NS for
			   * non-secure memory, | HAL_MEM_DEVICE for device memory */
};

struct spmc_mem_store_cfg {
	uint32_t max_tx;        /* concurrent transactions; 0 = SPMC_MEM_DEFAULT_MAX_TX */
	uint32_t max_borrowers; /* per transaction; 0 = SPMC_MEM_DEFAULT_MAX_BORROWERS */
	uint32_t max_ranges;    /* constituents across live transactions (one
				 * transaction may hold all); 0 = the default */
	uint32_t max_intervals; /* page-map intervals; 0 = regions + 2 * max_ranges +
				 * 2 * max_tx (each live constituent splits at most
				 * two; completed donations leave boundaries behind:
				 * a send that cannot split gets NO_MEMORY) */
	bool multi_retrieve;    /* a borrower may retrieve again while it holds the
				 * memory, each retrieve matched by a relinquish
				 * (TF-A, OP-TEE); false: DENIED (Hafnium) */
	const struct spmc_mem_region_cfg *regions; /* disjoint, any order */
	uint32_t region_count;
};

struct spmc_mem_store;

/* Bytes of arena spmc_mem_store_init needs for cfg; 0 if cfg is unusable
 * (overlapping, empty, unaligned or wrapping regions, a normal-world owner of
 * secure memory, sizes that overflow). */
size_t spmc_mem_store_size(const struct spmc_mem_store_cfg *cfg);

/* Builds the store in mem (8-byte aligned, spmc_mem_store_size bytes): every
 * region's pages OWNED by its owner. 0, FFA_RET_INVALID_PARAMETERS for an
 * unusable cfg, FFA_RET_NO_MEMORY if size is too small. */
int spmc_mem_store_init(struct spmc_mem_store **out, void *mem, size_t size,
			const struct spmc_mem_store_cfg *cfg);

/* ---- effects: what the ABI layer applies through the HAL ---- */

/* Endpoint `id`'s access to every page of the transaction goes from `before`
 * to `after` (HAL_MEM_R/W/X; 0 = none): map (after != 0) or unmap. */
struct spmc_mem_change {
	ffa_id_t id;
	uint8_t before;
	uint8_t after;
};

struct spmc_mem_effect {
	ffa_mem_handle_t handle;
	uint8_t op;              /* enum spmc_mem_op of the transaction */
	uint8_t kind;            /* HAL_MEM_NS / HAL_MEM_DEVICE of its pages */
	bool zero;               /* zero every page: after the changes that take access
				  * away, before those that grant it */
	bool ends;               /* the handle dies on apply (reclaim, donate retrieved) */
	ffa_id_t owner_before, owner_after; /* differ when ownership moves (donate) */
	uint32_t change_count;
	struct spmc_mem_change *changes; /* the caller's room ... */
	uint32_t max_changes;            /* ... for this many; at most 1 is needed
					  * except by relinquish (one per endpoint) */
};

/* Sets up *fx with room for n changes (room may be NULL if n == 0). */
static inline void spmc_mem_effect_init(struct spmc_mem_effect *fx, struct spmc_mem_change *room,
					uint32_t n)
{
	*fx = (struct spmc_mem_effect){.changes = room, .max_changes = n};
}

/* ---- operations ---- */

/*
 * FFA_MEM_SHARE / LEND / DONATE from `caller`: records transaction d (op),
 * and on success fx->handle is its handle (bit 63 clear, never 0, unique
 * among live handles). d is a parsed, validated send descriptor; the checks
 * its layout does not imply are repeated here. Every page must be known
 * memory (else INVALID_PARAMETERS), owned by the sender in the OWNED state
 * with one access and kind throughout, cover the access it grants, and be
 * memory the sender may send (else DENIED). Effect: lend/donate: the sender
 * loses its access; share: no change; zero if the sender asked for it.
 */
int spmc_mem_create_check(struct spmc_mem_store *s, ffa_id_t caller, enum spmc_mem_op op,
			  const struct spmc_mem_desc *d, struct spmc_mem_effect *fx);
/* (A send whose descriptor arrives in fragments names its handle before the
 * descriptor is complete: spmc_mem_reserve takes one for `caller`, and a
 * create whose d->handle is that reserved handle uses it; other non-zero
 * d->handle values are INVALID_PARAMETERS.) */
int spmc_mem_create(struct spmc_mem_store *s, ffa_id_t caller, enum spmc_mem_op op,
		    const struct spmc_mem_desc *d, struct spmc_mem_effect *fx);

/*
 * FFA_MEM_RETRIEVE_REQ from borrower `caller` with the parsed request rq
 * (rq->handle names the transaction). Effect: the caller gains the
 * permissions it asked for, no more than sent (none on a counted repeat with
 * multi_retrieve); for a donation the caller becomes the owner and the
 * handle ends (read the ranges with _check first). Never zeroes: memory the
 * sender asked to zero was zeroed by the send's effect (the retrieve
 * response's flag bit 0 is the send's, spmc_mem_tx_info.flags).
 */
int spmc_mem_retrieve_check(struct spmc_mem_store *s, ffa_id_t caller,
			    const struct spmc_mem_desc *rq, struct spmc_mem_effect *fx);
int spmc_mem_retrieve(struct spmc_mem_store *s, ffa_id_t caller, const struct spmc_mem_desc *rq,
		      struct spmc_mem_effect *fx);

/*
 * FFA_MEM_RELINQUISH from `caller` (an SP names itself; the normal world names
 * normal-world endpoints) for the endpoints in rq. Effect: one change per
 * endpoint that stops holding the memory; zero when the last holder lets go
 * if any borrower asked for it (relinquish flag bit 0, or its retrieve's
 * zero-after-relinquish flag), now or in an earlier relinquish.
 */
int spmc_mem_relinquish_check(struct spmc_mem_store *s, ffa_id_t caller,
			      const struct spmc_mem_relinquish *rq, struct spmc_mem_effect *fx);
int spmc_mem_relinquish(struct spmc_mem_store *s, ffa_id_t caller,
			const struct spmc_mem_relinquish *rq, struct spmc_mem_effect *fx);

/*
 * FFA_MEM_RECLAIM of `handle` by its sender `caller` with the call's flags
 * (bit 0 zero memory). DENIED while any borrower holds the memory. Effect:
 * the owner regains its access (lend, donate not yet retrieved); the handle
 * ends (read the ranges with _check first).
 */
int spmc_mem_reclaim_check(struct spmc_mem_store *s, ffa_id_t caller, ffa_mem_handle_t handle,
			   uint32_t flags, struct spmc_mem_effect *fx);
int spmc_mem_reclaim(struct spmc_mem_store *s, ffa_id_t caller, ffa_mem_handle_t handle,
		     uint32_t flags, struct spmc_mem_effect *fx);

/*
 * Reserves a transaction slot for `caller`: *handle is the handle a later
 * spmc_mem_create with d->handle == *handle gives the transaction. A reserved
 * handle names no transaction (queries, retrieve, relinquish and reclaim see
 * an unknown handle) but counts against max_tx. 0, or NO_MEMORY when every
 * slot is taken.
 */
int spmc_mem_reserve(struct spmc_mem_store *s, ffa_id_t caller, ffa_mem_handle_t *handle);
/* Releases a reservation `caller` holds: 0, or INVALID_PARAMETERS if handle
 * is not a reservation of caller's. The handle is stale afterwards. */
int spmc_mem_unreserve(struct spmc_mem_store *s, ffa_id_t caller, ffa_mem_handle_t handle);

/*
 * FFA_MEM_PERM_SET: the owner's own access to pages [base, base + pages * 4 KiB)
 * becomes `access` (HAL_MEM_R/W/X), so later sends are judged by it and a
 * reclaim restores it. Every page must be known memory OWNED by caller and
 * held by no transaction (else INVALID_PARAMETERS); access may not exceed the
 * region's configured access (DENIED); NO_MEMORY when the map cannot split.
 * No effect: the caller changes the owner's own mappings.
 */
int spmc_mem_set_owner_access_check(struct spmc_mem_store *s, ffa_id_t caller, uint64_t base,
				    uint64_t pages, uint32_t access);
int spmc_mem_set_owner_access(struct spmc_mem_store *s, ffa_id_t caller, uint64_t base,
			      uint64_t pages, uint32_t access);

/* ---- queries ---- */

enum spmc_mem_page_state {
	SPMC_MEM_PAGE_OWNED = 0,
	SPMC_MEM_PAGE_SHARED,
	SPMC_MEM_PAGE_LENT,
	SPMC_MEM_PAGE_DONATING,
};

/* One page of the map, as spmc_mem_page reports it. */
struct spmc_mem_page_info {
	ffa_id_t owner;
	uint8_t state;            /* enum spmc_mem_page_state */
	uint8_t attrs;            /* the owner's own access | kind, whatever the state */
	ffa_mem_handle_t handle;  /* the transaction holding it; 0 if OWNED */
	uint64_t base, pages;     /* the interval it lies in (physical, pages) */
};

/* The page holding physical address pa: 0 and *out, or INVALID_PARAMETERS
 * if pa is not known memory. */
int spmc_mem_page(const struct spmc_mem_store *s, uint64_t pa, struct spmc_mem_page_info *out);
/* Who owns the page holding pa; FFA_ID_SPMD (0xffff) if pa is not known memory. */
ffa_id_t spmc_mem_owner(const struct spmc_mem_store *s, uint64_t pa);
/* Endpoint id's access (HAL_MEM_R/W/X, 0 = none) to the page holding pa. */
uint32_t spmc_mem_access(const struct spmc_mem_store *s, ffa_id_t id, uint64_t pa);

/* A live transaction, for building retrieve responses and for tests. */
struct spmc_mem_tx_info {
	uint8_t op;               /* enum spmc_mem_op */
	uint8_t kind;             /* HAL_MEM_NS / HAL_MEM_DEVICE of its pages */
	uint8_t owner_access;     /* the sender's own access to its pages */
	ffa_id_t sender;
	uint16_t attributes;      /* as sent */
	uint32_t flags;           /* as sent, with the transaction type in [4:3] */
	uint32_t version;         /* layout version of the send */
	uint64_t tag;
	uint32_t borrower_count;
	uint32_t holders;         /* borrowers holding the memory now */
	uint32_t range_count;
	uint64_t total_pages;
};
/* 0 and *out, or INVALID_PARAMETERS for a handle that is not live. */
int spmc_mem_tx(const struct spmc_mem_store *s, ffa_mem_handle_t handle,
		struct spmc_mem_tx_info *out);

struct spmc_mem_borrower_info {
	struct spmc_mem_access sent; /* the access descriptor as sent */
	uint8_t granted;          /* HAL_MEM_R/W/X while holding, else 0 */
	uint32_t holds;           /* retrieves not yet relinquished */
};
/* Borrower i (< borrower_count) of a live transaction: 0 or INVALID_PARAMETERS. */
int spmc_mem_tx_borrower(const struct spmc_mem_store *s, ffa_mem_handle_t handle, uint32_t i,
			 struct spmc_mem_borrower_info *out);
/* Copies constituents [first, first + max) of a live transaction (in the
 * order sent) to out; returns how many were copied (0 if the handle is not
 * live or first >= range_count). O(first / 16 + max). */
uint32_t spmc_mem_tx_ranges(const struct spmc_mem_store *s, ffa_mem_handle_t handle,
			    uint32_t first, struct spmc_mem_range *out, uint32_t max);

/* The first live transaction after `after` (0: from the start; in slot
 * order) that endpoint id holds as a borrower (retrieved, not yet
 * relinquished); 0 if none. O(slots * borrowers). */
ffa_mem_handle_t spmc_mem_next_held(const struct spmc_mem_store *s, ffa_id_t id,
				    ffa_mem_handle_t after);

/* Pool usage, for tests and diagnostics. */
struct spmc_mem_usage {
	uint32_t live_tx, max_tx; /* live_tx includes reservations ... */
	uint32_t reserved;        /* ... of which these */
	uint32_t ranges, max_ranges;
	uint32_t intervals, max_intervals;
	uint32_t chunks_free, chunks;
};
void spmc_mem_usage(const struct spmc_mem_store *s, struct spmc_mem_usage *out);

/* ---- the debug invariant checker ---- */

enum spmc_mem_invariant {
	SPMC_MEM_INV_OK = 0,
	SPMC_MEM_INV_TREE,         /* search tree: order, balance or links broken */
	SPMC_MEM_INV_NODES,        /* interval pool accounting */
	SPMC_MEM_INV_OVERLAP,      /* two intervals overlap (a page with two owners) */
	SPMC_MEM_INV_COVERAGE,     /* known memory without an owner, or unknown memory in the map */
	SPMC_MEM_INV_UNMERGED,     /* two adjacent intervals that should be one */
	SPMC_MEM_INV_PAGE_STATE,   /* a page's state disagrees with its transaction */
	SPMC_MEM_INV_TX_PAGES,     /* a transaction's constituents are not exactly its pages */
	SPMC_MEM_INV_ACCESS,       /* access beyond what was sent or what the owner has */
	SPMC_MEM_INV_LENDER,       /* a lender or donor can reach pages it gave away */
	SPMC_MEM_INV_HOLDERS,      /* holder counts disagree */
	SPMC_MEM_INV_BORROWERS,    /* borrower list malformed */
	SPMC_MEM_INV_SLOTS,        /* transaction slot / free-list accounting */
	SPMC_MEM_INV_HANDLE,       /* a live transaction's handle does not find it */
	SPMC_MEM_INV_RANGES,       /* constituent pool accounting */
	SPMC_MEM_INV_COUNT
};

struct spmc_mem_check_report {
	int code;            /* enum spmc_mem_invariant */
	const char *what;    /* one line: what failed */
	uint64_t where;      /* a page number, slot or node index, per `what` */
};

/* Checks every invariant of the store: 0, or the failing invariant's code
 * (also in *r with a message; r may be NULL). Linear in the state:
 * O(intervals + slots + live transactions * borrowers^2 + constituents *
 * log intervals); changes nothing. */
int spmc_mem_check(const struct spmc_mem_store *s, struct spmc_mem_check_report *r);
/* The invariant's name, for logs. */
const char *spmc_mem_invariant_name(int code);

#ifdef __cplusplus
}
#endif

#endif
