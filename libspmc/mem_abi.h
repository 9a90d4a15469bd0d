/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the memory management ABI handlers share (mem_*.c at this level): where
 * a caller's descriptor comes from, the pool holding descriptors that travel
 * in fragments, and applying a store effect to the partitions' translation
 * tables through the HAL. The decisions themselves are the store's
 * (mem/mem_store.h); the byte layouts the codec's (mem/mem_desc.h).
 */
#ifndef LIBSPMC_MEM_ABI_H
#define LIBSPMC_MEM_ABI_H

#include "internal.h"
#include "mem/mem_desc.h"

/* ---- the caller's descriptor buffer (mem_src.c) ---- */

/* Where a caller passes a descriptor: its TX buffer, or (FFA_MEM_SHARE/LEND/
 * DONATE w3/w4) a buffer of its own memory it names by address and size. */
struct mem_src {
	uint64_t addr;  /* 0: the TX buffer */
	uint32_t pages; /* of the named buffer */
};

/* The source w3/w4 of regs name for p: 0, or INVALID_PARAMETERS (half given,
 * unaligned, or not p's readable memory). */
int mem_src_of(struct spmc *s, const struct spmc_partition *p, const struct ffa_value *regs,
	       struct mem_src *src);
/* Bytes the source holds (0: the TX buffer is not mapped). */
uint64_t mem_src_size(const struct spmc_partition *p, const struct mem_src *src);
/* Copies the source's first len bytes to dst (the one read of caller memory
 * per fragment): 0, or INVALID_PARAMETERS if it no longer holds them. */
int mem_src_read(struct spmc *s, const struct spmc_partition *p, const struct mem_src *src,
		 void *dst, uint32_t len);

/* ---- descriptors in fragments (mem_frag.c) ---- */

enum mem_frag_kind {
	MEM_FRAG_FREE = 0,
	MEM_FRAG_SEND, /* a send being assembled from FFA_MEM_FRAG_TX fragments */
	MEM_FRAG_RESP, /* a retrieve response being read with FFA_MEM_FRAG_RX */
	MEM_FRAG_TEMP, /* a whole descriptor larger than the scratch memory, for one call */
};

struct spmc_mem_frag {
	uint8_t kind;          /* enum mem_frag_kind */
	uint8_t op;            /* MEM_FRAG_SEND: enum spmc_mem_op */
	ffa_id_t owner;        /* the endpoint sending or reading it */
	ffa_mem_handle_t handle;
	struct mem_src src;    /* MEM_FRAG_SEND: where the fragments come from */
	size_t off;            /* in the pool */
	uint32_t len;          /* the whole descriptor */
	uint32_t done;         /* bytes received (SEND) or handed out (RESP) */
};

/* A pool slot of len bytes: NULL when no slot or no room is free. */
struct spmc_mem_frag *mem_frag_alloc(struct spmc *s, uint8_t kind, ffa_id_t owner,
				     ffa_mem_handle_t handle, uint32_t len);
void mem_frag_free(struct spmc *s, struct spmc_mem_frag *f);
/* The slot of this kind, owner and handle; NULL if none. */
struct spmc_mem_frag *mem_frag_find(struct spmc *s, uint8_t kind, ffa_id_t owner,
				    ffa_mem_handle_t handle);
static inline uint8_t *mem_frag_bytes(struct spmc *s, const struct spmc_mem_frag *f)
{
	return s->mem_frag_pool + f->off;
}

/* ---- applying effects (mem_hal.c) ---- */

static inline void mem_effect_init(struct spmc *s, struct spmc_mem_effect *fx)
{
	spmc_mem_effect_init(fx, s->mem_changes, s->mem_max_changes);
}

static inline struct spmc_mem_room mem_parse_room(struct spmc *s)
{
	return (struct spmc_mem_room){s->mem_access, s->mem_max_borrowers, s->mem_ranges,
				      s->mem_max_ranges};
}

/* A live transaction's constituents, read into the second half of the range
 * room: their count (0 if the handle is not live). */
uint32_t mem_tx_ranges(struct spmc *s, ffa_mem_handle_t h, struct spmc_mem_range **out);

/*
 * Applies the effect's access changes to r[0, n): SP address spaces through
 * hal_as_map/unmap (IPA == PA), the normal world's access through
 * hal_nwd_access; first every removal, then zeroing, then every grant. All or
 * nothing: on failure what was done is undone and the code returned (the
 * store must then not be applied).
 */
int mem_hal_apply(struct spmc *s, const struct spmc_mem_effect *fx,
		  const struct spmc_mem_range *r, uint32_t n);

/* HAL access bits -> the FF-A permissions a descriptor states. */
uint8_t mem_ffa_perms(uint32_t access);

static inline bool mem_is_smc64(const struct ffa_value *regs)
{
	return FFA_IS_SMC64((uint32_t)regs->x[0]);
}

static inline uint64_t mem_mailbox_size(const struct spmc_mailbox *mb)
{
	return (uint64_t)mb->pages * FFA_PAGE_SIZE;
}

/* SUCCESS with a handle in w2 (low) / w3 (high). */
static inline struct ffa_value mem_success_handle(ffa_mem_handle_t h)
{
	struct ffa_value v = ffa_success((uint32_t)h);

	v.x[3] = (uint32_t)(h >> 32);
	return v;
}

/* The handle FFA_MEM_FRAG_RX / FRAG_TX / RECLAIM carry in w1 (low) / w2 (high). */
static inline ffa_mem_handle_t mem_handle_w1w2(const struct ffa_value *regs)
{
	return (uint32_t)regs->x[1] | ((uint64_t)(uint32_t)regs->x[2] << 32);
}

/* Drops every fragmented response `owner` (MEM_FRAG_ANY_OWNER: anyone) was
 * reading for `handle` but keep (which may be NULL). */
#define MEM_FRAG_ANY_OWNER FFA_ID_SPMD
void mem_frag_drop_resp(struct spmc *s, ffa_id_t owner, ffa_mem_handle_t handle,
			const struct spmc_mem_frag *keep);

#endif
