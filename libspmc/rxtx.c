/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX/TX mailboxes: FFA_RXTX_MAP (32/64), FFA_RXTX_UNMAP, FFA_RX_RELEASE,
 * FFA_RX_ACQUIRE. The RX buffer has one owner at a time: the SPMC (producer)
 * while it is free, the endpoint after the SPMC has written into it, until
 * the endpoint releases it.
 */
#include "internal.h"

/* Whether p holds [pa, pa + size) alone, as far as memory management knows:
 * memory it lent, shared or donated, or memory it only borrowed, cannot be a
 * mailbox (the SPMC would write into memory another endpoint holds; as
 * Hafnium, "owned and exclusive"). Memory the store does not know (manifest
 * regions outside memory management) is the partition's own. */
static bool held_alone(const struct spmc *s, const struct spmc_partition *p, uint64_t pa,
		       uint64_t size)
{
	for (uint64_t off = 0; s->mem && off < size; off += FFA_PAGE_SIZE) {
		struct spmc_mem_page_info pg;

		if (spmc_mem_page(s->mem, pa + off, &pg) != 0)
			continue;
		if (pg.owner != p->id || pg.state != SPMC_MEM_PAGE_OWNED)
			return false;
	}
	return true;
}

/* Resolves an endpoint's buffer address to one contiguous physical range it
 * may write. The normal world names physical addresses, which must be
 * non-secure memory; an SP names IPAs in its own address space, which must be
 * mapped read-write. Either way the memory must be the endpoint's alone. */
static int resolve(const struct spmc *s, struct spmc_partition *p, uint64_t addr, uint64_t size,
		   uint64_t *pa_out)
{
	uint64_t pa0 = 0;

	if (p->is_nwd) {
		if (hal_phys_kind(addr, size) != HAL_PHYS_NS_DRAM || !held_alone(s, p, addr, size))
			return FFA_RET_INVALID_PARAMETERS;
		*pa_out = addr;
		return 0;
	}
	for (uint64_t off = 0; off < size; off += FFA_PAGE_SIZE) {
		uint64_t pa;
		uint32_t attrs;

		if (hal_as_query(p->as, addr + off, &pa, &attrs) != 0)
			return FFA_RET_INVALID_PARAMETERS;
		if ((attrs & (HAL_MEM_R | HAL_MEM_W)) != (HAL_MEM_R | HAL_MEM_W) ||
		    (attrs & HAL_MEM_DEVICE))
			return FFA_RET_INVALID_PARAMETERS;
		if (off == 0)
			pa0 = pa;
		else if (pa != pa0 + off)
			return FFA_RET_INVALID_PARAMETERS;
	}
	if (!held_alone(s, p, pa0, size))
		return FFA_RET_INVALID_PARAMETERS;
	*pa_out = pa0;
	return 0;
}

int spmc_mailbox_map(struct spmc *s, struct spmc_partition *p, uint64_t tx, uint64_t rx,
		     uint32_t pages)
{
	uint64_t size = (uint64_t)pages * FFA_PAGE_SIZE;
	struct spmc_mailbox *mb = &p->mbox;
	uint64_t tx_pa, rx_pa;
	uint32_t ns = p->is_nwd ? HAL_MEM_NS : 0;
	void *txv, *rxv;
	int rc;

	if (mb->mapped)
		return FFA_RET_DENIED;
	if (pages == 0 || pages > s->rxtx_max_pages)
		return FFA_RET_INVALID_PARAMETERS;
	if (!SPMC_IS_ALIGNED(tx | rx, FFA_PAGE_SIZE) || tx + size < tx || rx + size < rx)
		return FFA_RET_INVALID_PARAMETERS;
	if (tx < rx + size && rx < tx + size) /* the two buffers overlap */
		return FFA_RET_INVALID_PARAMETERS;
	rc = resolve(s, p, tx, size, &tx_pa);
	if (rc == 0)
		rc = resolve(s, p, rx, size, &rx_pa);
	if (rc != 0)
		return rc;

	txv = hal_spmc_map(tx_pa, size, HAL_MEM_R | ns);
	rxv = txv ? hal_spmc_map(rx_pa, size, HAL_MEM_R | HAL_MEM_W | ns) : NULL;
	if (!rxv) {
		if (txv)
			hal_spmc_unmap(txv, size);
		return FFA_RET_NO_MEMORY;
	}
	hal_work(HAL_WORK_PAGES_MAPPED, 2ull * pages);
	*mb = (struct spmc_mailbox){
		.mapped = true,
		.rx_state = SPMC_RX_FREE,
		.pages = pages,
		.tx_addr = tx,
		.rx_addr = rx,
		.tx_pa = tx_pa,
		.rx_pa = rx_pa,
		.tx = txv,
		.rx = rxv,
	};
	return 0;
}

struct spmc_ec *spmc_abi_rxtx_map(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				  struct ffa_value *regs)
{
	bool is64 = FFA_IS_SMC64((uint32_t)regs->x[0]);
	uint64_t tx = is64 ? regs->x[1] : (uint32_t)regs->x[1];
	uint64_t rx = is64 ? regs->x[2] : (uint32_t)regs->x[2];
	uint32_t w3 = (uint32_t)regs->x[3];
	int rc;

	(void)cpu;
	if (caller->part->mbox.mapped)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	if (w3 & ~FFA_RXTX_MAP_PAGE_COUNT_MASK)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	rc = spmc_mailbox_map(s, caller->part, tx, rx, w3 & FFA_RXTX_MAP_PAGE_COUNT_MASK);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	return spmc_ret(caller, regs, ffa_success(0));
}

/* w1 [31:16] of UNMAP/RELEASE names the endpoint for a hypervisor acting on a
 * VM's behalf; a caller may only name itself (or leave it zero). */
static bool names_self(const struct spmc_ec *caller, uint32_t id)
{
	return id == 0 || id == caller->part->id;
}

struct spmc_ec *spmc_abi_rxtx_unmap(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				    struct ffa_value *regs)
{
	struct spmc_mailbox *mb = &caller->part->mbox;
	uint64_t size = (uint64_t)mb->pages * FFA_PAGE_SIZE;

	(void)s;
	(void)cpu;
	if (!names_self(caller, (uint32_t)regs->x[1] >> 16) || ((uint32_t)regs->x[1] & 0xffff))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (!mb->mapped)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	hal_spmc_unmap(mb->tx, size);
	hal_spmc_unmap(mb->rx, size);
	*mb = (struct spmc_mailbox){0};
	return spmc_ret(caller, regs, ffa_success(0));
}

struct spmc_ec *spmc_abi_rx_release(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				    struct ffa_value *regs)
{
	struct spmc_mailbox *mb = &caller->part->mbox;

	(void)s;
	(void)cpu;
	if (!names_self(caller, (uint32_t)regs->x[1]))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* Releasing a buffer the caller does not own is DENIED (DEN0077 FFA_RX_RELEASE). */
	if (!mb->mapped || mb->rx_state == SPMC_RX_FREE)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	mb->rx_state = SPMC_RX_FREE;
	return spmc_ret(caller, regs, ffa_success(0));
}

struct spmc_ec *spmc_abi_rx_acquire(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				    struct ffa_value *regs)
{
	struct spmc_partition *p = spmc_partition_find(s, (ffa_id_t)regs->x[1]);

	(void)cpu;
	/* Only the normal world's own endpoints (no hypervisor: itself). */
	if ((uint32_t)regs->x[1] > 0xffff || !p || !p->is_nwd)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* No buffer pair registered: INVALID_PARAMETERS; the SPMC does not own it
	 * (it is full, or already acquired), so cannot hand it over: DENIED. */
	if (!p->mbox.mapped)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (p->mbox.rx_state != SPMC_RX_FREE)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	p->mbox.rx_state = SPMC_RX_ACQUIRED;
	return spmc_ret(caller, regs, ffa_success(0));
}
