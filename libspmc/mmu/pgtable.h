/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AArch64 VMSAv8-64 translation tables, 4 KiB granule, built in memory only.
 *
 * Two kinds of tables:
 *   - PT_STAGE1_EL2: the SPMC's own stage 1 at EL2 (TTBR0_EL2, HCR_EL2.E2H=0,
 *     one VA range, one privilege level), normally an identity map.
 *   - PT_STAGE2 / PT_STAGE2_NS: a partition's stage 2 of the Secure EL1&0
 *     regime. In Secure state a partition's stage 1 outputs into one of two
 *     IPA spaces (its stage-1 NS bit chooses), and each has tables of its
 *     own: the Secure IPA space is walked from VSTTBR_EL2 (PT_STAGE2), the
 *     Non-secure IPA space from VTTBR_EL2 (PT_STAGE2_NS). Stage 2 descriptors
 *     have no NS bit: which PA space a table's outputs are in is set per IPA
 *     space by VSTCR_EL2.SA and VTCR_EL2.NSA (DDI 0487, "Secure EL2 and the
 *     two IPA spaces"; VSTCR_EL2, VTCR_EL2). With the values below, every
 *     PT_STAGE2 output is Secure and every PT_STAGE2_NS output Non-secure, so
 *     a mapping with HAL_MEM_NS belongs in a PT_STAGE2_NS table (pt_map
 *     requires it there and refuses it in a PT_STAGE2 table).
 *
 * Nothing here touches hardware: no barriers, no TLB maintenance, no system
 * registers. After a successful pt_map/pt_unmap on live tables the caller
 * issues DSB ISHST, the TLBI its regime needs (for a stage 2, by IPA or
 * VMALLS12E1IS for the VMID), DSB ISH and ISB. Descriptors are written with
 * single 64-bit stores and a new table is filled before it is linked, but a
 * block replaced by a table (or the reverse) is rewritten in place without
 * break-before-make: the caller changes live tables that way only where the
 * CPUs using them are stopped or FEAT_BBM level 2 holds.
 *
 * Table pages come from a pt_pool: 4 KiB pages from a caller's buffer, no
 * allocation. One pool may serve many tables. Calls on one pool or one table
 * are not thread-safe: the caller serialises them.
 */
#ifndef LIBSPMC_MMU_PGTABLE_H
#define LIBSPMC_MMU_PGTABLE_H

#include <stddef.h>
#include <stdint.h>

#define PT_PAGE_SIZE 4096u

/*
 * MAIR_EL2 value the stage-1 attribute indexes assume:
 *   Attr0 = 0xff: Normal, Inner and Outer Write-Back Non-transient,
 *                 Read- and Write-Allocate (AttrIndx 0, any mapping
 *                 without HAL_MEM_DEVICE);
 *   Attr1 = 0x04: Device-nGnRE (AttrIndx 1, HAL_MEM_DEVICE).
 */
#define PT_MAIR_EL2 0x04ffull

/* A pool of 4 KiB table pages over a caller's buffer. On hardware the SPMC
 * runs with VA == PA for its own memory and passes pa = (uintptr_t)mem; a
 * host test may pass any page-aligned pa. The fields are private. */
struct pt_pool {
	uintptr_t base;   /* first page, as the CPU addresses it */
	uint64_t pa;      /* its physical address */
	size_t pages;     /* pages in the pool */
	size_t free;      /* pages on the free list */
	uint64_t *free_list;
};

/* mem and pa 4 KiB aligned, bytes a non-zero multiple of 4 KiB, pa + bytes
 * within 48 bits. Returns 0 or FFA_RET_INVALID_PARAMETERS. */
int pt_pool_init(struct pt_pool *pool, void *mem, size_t bytes, uint64_t pa);
/* Pages free now. */
size_t pt_pool_free_pages(const struct pt_pool *pool);

enum pt_stage {
	PT_STAGE1_EL2, /* TTBR0_EL2: the SPMC's own stage 1 */
	PT_STAGE2,     /* VSTTBR_EL2: Secure IPA space -> Secure PA space */
	PT_STAGE2_NS,  /* VTTBR_EL2: Non-secure IPA space -> Non-secure PA space */
};

/* One translation table tree. The fields are private; read them through
 * the functions below. */
struct pt {
	enum pt_stage stage;
	unsigned ia_bits;     /* input (VA or IPA) size: 32..48 */
	unsigned oa_bits;     /* output (PA) size */
	unsigned start_level; /* 0 for ia_bits 40..48, 1 for 32..39 */
	uint64_t *root;       /* one root table page, never concatenated */
	struct pt_pool *pool;
};

/*
 * Empty tables for inputs [0, 2^ia_bits), ia_bits 32..48, outputs below
 * 2^oa_bits, oa_bits one of the PA sizes TCR_EL2.PS / VTCR_EL2.PS encode (32,
 * 36, 40, 42, 44, 48: the platform's ID_AA64MMFR0_EL1.PARange or less). A
 * stage 2 needs ia_bits <= oa_bits. Allocates the root page. Returns 0,
 * FFA_RET_INVALID_PARAMETERS or FFA_RET_NO_MEMORY.
 */
int pt_init(struct pt *pt, enum pt_stage stage, unsigned ia_bits, unsigned oa_bits,
	    struct pt_pool *pool);

/*
 * Maps [va, va + size) to [pa, pa + size) with attrs (HAL_MEM_R/W/X/NS/
 * DEVICE from hal.h), replacing whatever was mapped there (blocks partly
 * covered are split). Uses 1 GiB and 2 MiB blocks wherever va, pa and the
 * range allow. va, pa and size 4 KiB aligned, size non-zero, both ranges
 * within the input / output size. attrs: only the HAL_MEM_* bits; never
 * DEVICE with X; stage 1 needs R (EL2 has no write- or execute-only); a
 * stage 2 needs at least one of R/W/X, and NS exactly when it is
 * PT_STAGE2_NS. All or nothing: returns 0, FFA_RET_INVALID_PARAMETERS or
 * FFA_RET_NO_MEMORY (the pool cannot supply the table pages this call needs),
 * and on error the tables and the pool are as before.
 */
int pt_map(struct pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs);

/*
 * Unmaps [va, va + size) (parts not mapped are fine); splits blocks partly
 * covered, frees table pages left empty. Same alignment and range rules as
 * pt_map. Splitting may need table pages: returns 0,
 * FFA_RET_INVALID_PARAMETERS or FFA_RET_NO_MEMORY, all or nothing.
 */
int pt_unmap(struct pt *pt, uint64_t va, uint64_t size);

/*
 * Software walk: the output address of va (any byte, the offset kept) and
 * its HAL_MEM_* attributes (HAL_MEM_NS for a PT_STAGE2_NS table, or a
 * stage-1 mapping of Non-secure memory). Returns 0, FFA_RET_NO_DATA when
 * nothing is mapped there, or FFA_RET_INVALID_PARAMETERS when va is beyond
 * the input size. pa and attrs may be NULL.
 */
int pt_query(const struct pt *pt, uint64_t va, uint64_t *pa, uint32_t *attrs);

/* Frees every table page, the root included; *pt is then unusable. */
void pt_destroy(struct pt *pt);

/* Physical address of the root table: TTBR0_EL2.BADDR, VSTTBR_EL2.BADDR or
 * VTTBR_EL2.BADDR (the caller adds the VMID to VTTBR_EL2, CnP 0). */
uint64_t pt_root_pa(const struct pt *pt);

/*
 * System register values for these tables (DDI 0487, register descriptions
 * of TCR_EL2, VTCR_EL2, VSTCR_EL2):
 *
 * pt_tcr_el2 (PT_STAGE1_EL2; HCR_EL2.E2H = 0): T0SZ = 64 - ia_bits, TG0 =
 *   4 KiB, walks Inner Shareable and Inner/Outer Write-Back RA WA (the
 *   tables live in Normal WB memory, as MAIR Attr0 maps it), PS from
 *   oa_bits, TBI 0, HA/HD 0 (AF is set in every descriptor), RES1 bits 31
 *   and 23.
 * pt_vtcr_el2 (a stage 2; either of a partition's two tables, if they share
 *   ia_bits): T0SZ/SL0 for the Non-secure IPA space (VTTBR_EL2), and the
 *   fields VSTCR_EL2 lacks and so shares for the Secure IPA space: PS, walk
 *   cacheability and shareability as above, TG0 = 4 KiB, VS = 0 (8-bit
 *   VMID; the caller may set bit 19). NSW = 0: the Non-secure IPA space's
 *   tables are in Secure memory (the pool); NSA = 1: its outputs are
 *   Non-secure. RES1 bit 31.
 * pt_vstcr_el2 (PT_STAGE2): T0SZ/SL0 for the Secure IPA space, TG0 = 4 KiB,
 *   SW = 0 (tables in Secure memory), SA = 0 (outputs Secure), RES1 bit 31.
 * Return 0 for a table of the wrong kind.
 */
uint64_t pt_tcr_el2(const struct pt *pt);
uint64_t pt_vtcr_el2(const struct pt *pt);
uint64_t pt_vstcr_el2(const struct pt *pt);

#endif
