/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reading a caller's descriptor: from its TX buffer, or from a buffer of its
 * own memory it names in w3 (address) / w4 (pages) of FFA_MEM_SHARE/LEND/
 * DONATE (FFA_FEATURES w2 bit 0 advertises it). An SP names the buffer by
 * the address it sees (translated through its address space, page by page);
 * the normal world by physical address, which must be normal-world memory the
 * normal world still has access to. Each fragment is read exactly once, into
 * memory the caller cannot reach.
 */
#include "mem_abi.h"

/* The physical page holding p's address va, and whether p may read it. */
static int src_page(struct spmc *s, const struct spmc_partition *p, uint64_t va, uint64_t *pa,
		    uint32_t *kind)
{
	uint32_t attrs = 0;

	if (p->is_nwd) {
		if (hal_phys_kind(va, FFA_PAGE_SIZE) != HAL_PHYS_NS_DRAM || !s->mem ||
		    !(spmc_mem_access(s->mem, p->id, va) & HAL_MEM_R))
			return FFA_RET_INVALID_PARAMETERS;
		*pa = va;
		*kind = HAL_MEM_NS;
		return 0;
	}
	if (!p->as || hal_as_query(p->as, va, pa, &attrs) != 0 || !(attrs & HAL_MEM_R) ||
	    (attrs & HAL_MEM_DEVICE))
		return FFA_RET_INVALID_PARAMETERS;
	*kind = attrs & HAL_MEM_NS;
	return 0;
}

int mem_src_of(struct spmc *s, const struct spmc_partition *p, const struct ffa_value *regs,
	       struct mem_src *src)
{
	uint64_t addr = mem_is_smc64(regs) ? regs->x[3] : (uint32_t)regs->x[3];
	uint32_t pages = (uint32_t)regs->x[4];
	uint64_t pa;
	uint32_t kind;

	*src = (struct mem_src){0, 0};
	if (addr == 0 && pages == 0)
		return 0;
	if (addr == 0 || pages == 0 || (addr & (FFA_PAGE_SIZE - 1)) ||
	    pages > (UINT64_MAX - addr) / FFA_PAGE_SIZE)
		return FFA_RET_INVALID_PARAMETERS;
	/* The first page must be the caller's to read; mem_src_read checks
	 * each page it reads (a later fragment may come after the caller gave
	 * pages away, and w4 alone must not make the SPMC walk 2^32 pages). */
	if (src_page(s, p, addr, &pa, &kind) != 0)
		return FFA_RET_INVALID_PARAMETERS;
	*src = (struct mem_src){addr, pages};
	return 0;
}

uint64_t mem_src_size(const struct spmc_partition *p, const struct mem_src *src)
{
	if (src->addr)
		return (uint64_t)src->pages * FFA_PAGE_SIZE;
	return p->mbox.mapped ? mem_mailbox_size(&p->mbox) : 0;
}

int mem_src_read(struct spmc *s, const struct spmc_partition *p, const struct mem_src *src,
		 void *dst, uint32_t len)
{
	uint8_t *out = dst;

	if (len > mem_src_size(p, src))
		return FFA_RET_INVALID_PARAMETERS;
	if (!src->addr) {
		spmc_memcpy(dst, p->mbox.tx, len);
		return 0;
	}
	for (uint32_t done = 0; done < len;) {
		uint64_t pa;
		uint32_t kind, n = len - done < FFA_PAGE_SIZE ? len - done : FFA_PAGE_SIZE;
		void *v;

		if (src_page(s, p, src->addr + done, &pa, &kind) != 0)
			return FFA_RET_INVALID_PARAMETERS;
		v = hal_spmc_map(pa, FFA_PAGE_SIZE, HAL_MEM_R | kind);
		if (!v)
			return FFA_RET_INVALID_PARAMETERS;
		spmc_memcpy(out + done, v, n);
		hal_spmc_unmap(v, FFA_PAGE_SIZE);
		done += n;
	}
	return 0;
}
