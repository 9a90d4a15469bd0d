/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The normal world's access to its own memory (hal_nwd_access): memory it
 * lends or donates to an SP is taken away from it, as a hypervisor's stage-2
 * tables or the granule protection tables would, and given back on reclaim.
 * The simulator changes the protection of the normal world's window, so a
 * normal-world program touching memory it gave away faults, and keeps a
 * per-page record that tests query with sim_nwd_access().
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sim_internal.h"

#define NWD_RWX (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X)

static int prot_of(uint32_t attrs)
{
	return ((attrs & HAL_MEM_R) ? PROT_READ : 0) | ((attrs & HAL_MEM_W) ? PROT_WRITE : 0);
}

int hal_nwd_access(uint64_t pa, uint64_t size, uint32_t attrs)
{
	struct sim *s = sim_current;
	uint64_t first, n;

	if (!s || !s->nwd_as || !size || ((pa | size) & (FFA_PAGE_SIZE - 1)) ||
	    pa < SIM_NS_DRAM_BASE || pa - SIM_NS_DRAM_BASE > s->ns_size ||
	    size > s->ns_size - (pa - SIM_NS_DRAM_BASE) || (attrs & ~(uint32_t)NWD_RWX))
		return FFA_RET_INVALID_PARAMETERS;
	if (!s->nwd_access) {
		s->nwd_access = malloc(s->ns_size / FFA_PAGE_SIZE);
		if (!s->nwd_access)
			return FFA_RET_NO_MEMORY;
		memset(s->nwd_access, NWD_RWX, s->ns_size / FFA_PAGE_SIZE);
	}
	if (mprotect(s->nwd_as->window + pa, size, prot_of(attrs)) != 0)
		return FFA_RET_NO_MEMORY;
	first = (pa - SIM_NS_DRAM_BASE) / FFA_PAGE_SIZE;
	n = size / FFA_PAGE_SIZE;
	memset(s->nwd_access + first, (int)attrs, n);
	return 0;
}

uint32_t sim_nwd_access(const struct sim *s, uint64_t pa)
{
	if (pa < SIM_NS_DRAM_BASE || pa - SIM_NS_DRAM_BASE >= s->ns_size)
		return 0;
	if (!s->nwd_access)
		return NWD_RWX;
	return s->nwd_access[(pa - SIM_NS_DRAM_BASE) / FFA_PAGE_SIZE];
}
