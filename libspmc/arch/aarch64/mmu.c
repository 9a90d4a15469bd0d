/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPMC's own stage 1 at EL2: an identity map of the platform, built by
 * the same table code as the partitions' stage 2 (mmu/pgtable.c): secure RAM
 * as normal memory, the device window as device memory, non-secure DRAM as
 * normal non-executable memory in the non-secure address space. The SPMC
 * reads partitions' and the normal world's buffers through it (hal_spmc_map
 * is the identity on this platform).
 */
#include <stdint.h>

#include "mmu/pgtable.h"
#include "platform.h"
#include "sysreg.h"

#define SCTLR_EL2_RES1 0x30c50830ull
#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)

/* Blocks cover most of it: a few table pages are plenty. */
static uint8_t tables[16 * PT_PAGE_SIZE] __attribute__((aligned(PT_PAGE_SIZE)));
static struct pt_pool pool;
static struct pt spmc_pt;

int a64_mmu_setup(void)
{
	int rc = pt_pool_init(&pool, tables, sizeof(tables), (uint64_t)(uintptr_t)tables);

	if (rc == 0)
		rc = pt_init(&spmc_pt, PT_STAGE1_EL2, 32, 40, &pool);
	if (rc == 0)
		rc = pt_map(&spmc_pt, PLAT_DEVICE_BASE, PLAT_DEVICE_BASE, PLAT_DEVICE_SIZE,
			    HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE);
	if (rc == 0)
		rc = pt_map(&spmc_pt, PLAT_SEC_RAM_BASE, PLAT_SEC_RAM_BASE, PLAT_SEC_RAM_SIZE,
			    HAL_MEM_R | HAL_MEM_W | HAL_MEM_X);
	if (rc == 0)
		rc = pt_map(&spmc_pt, PLAT_NS_DRAM_BASE, PLAT_NS_DRAM_BASE, PLAT_NS_DRAM_SIZE,
			    HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS);
	return rc;
}

void a64_mmu_enable(void)
{
	write_sysreg(mair_el2, PT_MAIR_EL2);
	write_sysreg(tcr_el2, pt_tcr_el2(&spmc_pt));
	write_sysreg(ttbr0_el2, pt_root_pa(&spmc_pt));
	isb();
	__asm__ volatile("tlbi alle2\n dsb ish\n isb" ::: "memory");
	write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I);
	isb();
}
