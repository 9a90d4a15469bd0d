/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory on aarch64: the platform's memory map, the SPMC's view of memory
 * (its own stage 1 maps everything it may touch at VA == PA), and each
 * partition's stage 2, built by the portable table code (mmu/pgtable.c) in
 * pages of the SPMC's own memory.
 *
 * A partition has two stage-2 tables, one per IPA space (DDI 0487, Secure
 * EL2): secure memory goes in the Secure IPA space's (VSTTBR_EL2), memory the
 * normal world shares or lends in the Non-secure one's (VTTBR_EL2), whose
 * outputs are Non-secure. A partition reaches the Non-secure IPA space
 * through its own stage 1 (descriptor NS bit). The example partitions run
 * with their stage 1 off, so on a platform whose Secure PA space also decodes
 * non-secure DRAM (PLAT_SECURE_SEES_NS_DRAM, QEMU virt) the same pages are
 * mapped in the Secure IPA space too.
 */
#include <ffa/errors.h>

#include "ctx.h"
#include "hal.h"
#include "mmu/pgtable.h"
#include "platform.h"
#include "sysreg.h"

#define A64_MAX_AS 32
#define PT_POOL_BYTES (2u << 20)
#define IPA_BITS 32 /* 4 GiB: secure RAM and non-secure DRAM */
#define PA_BITS 40

struct hal_as {
	struct pt s;  /* Secure IPA space */
	struct pt ns; /* Non-secure IPA space */
	uint16_t vmid;
	bool used;
};

static struct hal_as as_pool[A64_MAX_AS];
static uint8_t pt_mem[PT_POOL_BYTES] __attribute__((aligned(4096)));
static struct pt_pool pool;
static bool pool_ready;

static bool within(uint64_t pa, uint64_t size, uint64_t base, uint64_t len)
{
	return size <= len && pa >= base && pa - base <= len - size;
}

enum hal_phys_kind hal_phys_kind(uint64_t pa, uint64_t size)
{
	if (within(pa, size, PLAT_SP_MEM_BASE, PLAT_SP_MEM_SIZE))
		return HAL_PHYS_SECURE_DRAM;
	if (within(pa, size, PLAT_NS_DRAM_BASE, PLAT_NS_DRAM_SIZE))
		return HAL_PHYS_NS_DRAM;
	if (within(pa, size, PLAT_DEVICE_BASE, PLAT_DEVICE_SIZE))
		return HAL_PHYS_DEVICE;
	return HAL_PHYS_NONE;
}

void *hal_spmc_map(uint64_t pa, uint64_t size, uint32_t attrs)
{
	(void)attrs;
	/* The SPMC's stage 1 maps secure RAM and non-secure DRAM 1:1. */
	if (within(pa, size, PLAT_SEC_RAM_BASE, PLAT_SEC_RAM_SIZE) ||
	    within(pa, size, PLAT_NS_DRAM_BASE, PLAT_NS_DRAM_SIZE))
		return (void *)(uintptr_t)pa;
	return NULL;
}

void hal_spmc_unmap(void *va, uint64_t size)
{
	(void)va;
	(void)size;
}

/* The normal world's own translation tables belong to EL3 or its hypervisor;
 * this platform has no TZC either: the SPMC only records ownership. */
int hal_nwd_access(uint64_t pa, uint64_t size, uint32_t attrs)
{
	(void)pa;
	(void)size;
	(void)attrs;
	return FFA_RET_NOT_SUPPORTED;
}

static void tlb_sync(void)
{
	dsb_ishst();
	__asm__ volatile("tlbi alle1is\n dsb ish\n isb" ::: "memory");
}

struct hal_as *hal_as_create(uint16_t part_id)
{
	(void)part_id;
	if (!pool_ready) {
		if (pt_pool_init(&pool, pt_mem, sizeof(pt_mem), (uint64_t)(uintptr_t)pt_mem) != 0)
			return NULL;
		pool_ready = true;
	}
	for (uint32_t i = 0; i < A64_MAX_AS; i++) {
		struct hal_as *as = &as_pool[i];

		if (as->used)
			continue;
		if (pt_init(&as->s, PT_STAGE2, IPA_BITS, PA_BITS, &pool) != 0)
			return NULL;
		if (pt_init(&as->ns, PT_STAGE2_NS, IPA_BITS, PA_BITS, &pool) != 0) {
			pt_destroy(&as->s);
			return NULL;
		}
		as->vmid = (uint16_t)(i + 1);
		as->used = true;
		return as;
	}
	return NULL;
}

void hal_as_destroy(struct hal_as *as)
{
	if (!as || !as->used)
		return;
	pt_destroy(&as->s);
	pt_destroy(&as->ns);
	as->used = false;
	tlb_sync();
}

int hal_as_map(struct hal_as *as, uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs)
{
	int rc;

	if (!(attrs & HAL_MEM_NS)) {
		rc = pt_map(&as->s, va, pa, size, attrs);
	} else {
		rc = pt_map(&as->ns, va, pa, size, attrs);
		if (rc == 0 && PLAT_SECURE_SEES_NS_DRAM) {
			rc = pt_map(&as->s, va, pa, size, attrs & ~(uint32_t)HAL_MEM_NS);
			if (rc != 0)
				(void)pt_unmap(&as->ns, va, size);
		}
	}
	if (rc == 0)
		tlb_sync();
	return rc;
}

void hal_as_unmap(struct hal_as *as, uint64_t va, uint64_t size)
{
	/* Unmapping whole ranges the core mapped never splits a block it did
	 * not create, so it needs no table page; a failure would be a bug. */
	if (pt_unmap(&as->s, va, size) != 0 || pt_unmap(&as->ns, va, size) != 0)
		a64_puts("SPMC: stage 2 unmap failed\n");
	tlb_sync();
}

int hal_as_query(struct hal_as *as, uint64_t va, uint64_t *pa, uint32_t *attrs)
{
	if (pt_query(&as->ns, va, pa, attrs) == 0 || pt_query(&as->s, va, pa, attrs) == 0)
		return 0;
	return FFA_RET_INVALID_PARAMETERS;
}

void a64_stage2_cpu_init(void)
{
	struct pt shape = {.stage = PT_STAGE2, .ia_bits = IPA_BITS, .oa_bits = PA_BITS,
			   .start_level = 1};

	/* Every partition's tables have this shape. */
	write_sysreg(vtcr_el2, pt_vtcr_el2(&shape));
	write_sysreg(S3_4_C2_C6_2, pt_vstcr_el2(&shape)); /* VSTCR_EL2 */
	isb();
}

void a64_as_load(struct hal_as *as)
{
	write_sysreg(vttbr_el2, pt_root_pa(&as->ns) | ((uint64_t)as->vmid << 48));
	write_sysreg(S3_4_C2_C6_0, pt_root_pa(&as->s)); /* VSTTBR_EL2 */
}
