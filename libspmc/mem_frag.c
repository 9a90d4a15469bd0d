/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The fragment pool: descriptors that do not travel in one piece. A send
 * whose total length exceeds its first fragment is assembled here from
 * FFA_MEM_FRAG_TX fragments; a retrieve response larger than the borrower's
 * RX buffer is encoded here once and handed out with FFA_MEM_FRAG_RX. Both
 * sizes are known up front (w1 of the send; the encoder's total), so each
 * takes one contiguous allocation, first fit in a byte pool sized from the
 * configuration: fragments are limited only by that memory, not counted.
 *
 * Slots are few (mem_max_frags); allocation scans them, O(slots^2).
 */
#include "mem_abi.h"

/* Whether [off, off + len) overlaps no slot in use. */
static bool pool_free_at(const struct spmc *s, size_t off, size_t len)
{
	for (uint32_t i = 0; i < s->mem_frag_count; i++) {
		const struct spmc_mem_frag *f = &s->mem_frags[i];

		if (f->kind != MEM_FRAG_FREE && off < f->off + SPMC_ALIGN_UP(f->len, 16) &&
		    f->off < off + len)
			return false;
	}
	return true;
}

struct spmc_mem_frag *mem_frag_alloc(struct spmc *s, uint8_t kind, ffa_id_t owner,
				     ffa_mem_handle_t handle, uint32_t len)
{
	struct spmc_mem_frag *slot = NULL;
	size_t need = (size_t)SPMC_ALIGN_UP(len, 16);
	size_t at = (size_t)-1;

	if (len == 0 || need > s->mem_frag_pool_size)
		return NULL;
	for (uint32_t i = 0; i < s->mem_frag_count && !slot; i++)
		if (s->mem_frags[i].kind == MEM_FRAG_FREE)
			slot = &s->mem_frags[i];
	if (!slot)
		return NULL;
	/* Candidates: the pool's start and the end of every slot in use. */
	if (pool_free_at(s, 0, need))
		at = 0;
	for (uint32_t i = 0; i < s->mem_frag_count && at == (size_t)-1; i++) {
		const struct spmc_mem_frag *f = &s->mem_frags[i];
		size_t end = f->off + SPMC_ALIGN_UP(f->len, 16);

		if (f->kind != MEM_FRAG_FREE && end <= s->mem_frag_pool_size - need &&
		    pool_free_at(s, end, need))
			at = end;
	}
	if (at == (size_t)-1)
		return NULL;
	*slot = (struct spmc_mem_frag){
		.kind = kind, .owner = owner, .handle = handle, .off = at, .len = len};
	return slot;
}

void mem_frag_free(struct spmc *s, struct spmc_mem_frag *f)
{
	(void)s;
	*f = (struct spmc_mem_frag){.kind = MEM_FRAG_FREE};
}

struct spmc_mem_frag *mem_frag_find(struct spmc *s, uint8_t kind, ffa_id_t owner,
				    ffa_mem_handle_t handle)
{
	for (uint32_t i = 0; i < s->mem_frag_count; i++) {
		struct spmc_mem_frag *f = &s->mem_frags[i];

		if (f->kind == kind && f->kind != MEM_FRAG_FREE && f->owner == owner &&
		    f->handle == handle)
			return f;
	}
	return NULL;
}

void mem_frag_drop_resp(struct spmc *s, ffa_id_t owner, ffa_mem_handle_t handle,
			const struct spmc_mem_frag *keep)
{
	for (uint32_t i = 0; i < s->mem_frag_count; i++) {
		struct spmc_mem_frag *f = &s->mem_frags[i];

		if (f != keep && f->kind == MEM_FRAG_RESP &&
		    (owner == MEM_FRAG_ANY_OWNER || f->owner == owner) && f->handle == handle)
			mem_frag_free(s, f);
	}
}
