/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the translation table builder's files: descriptor encodings,
 * level arithmetic, and the pool's page primitives.
 *
 * References are to the Arm Architecture Reference Manual for A-profile,
 * DDI 0487 (issue K.a numbering; D5.x in issues before I.a):
 *   D8.2  Translation process: levels 0..3 resolve IA bits [47:39],
 *         [38:30], [29:21], [20:12]; the start level follows T0SZ (stage 1)
 *         or SL0 (stage 2).
 *   D8.3  Translation table descriptor formats: bits[1:0] = 0b11 table
 *         (levels 0..2) or page (level 3), 0b01 block (levels 1 and 2 with
 *         a 4 KiB granule), bit[0] = 0 invalid; next-level table address
 *         and output address in bits [47:12].
 *   D8.4  Memory access control: stage 1 AP[2:1] in bits [7:6] (AP[1] RES1
 *         in a regime with one privilege level, as EL2 with E2H = 0), XN in
 *         bit 54; stage 2 S2AP in bits [7:6] (bit 6 read, bit 7 write),
 *         XN[1:0] in bits [54:53] (0b10 = execute at no EL; bit 53 is the
 *         FEAT_XNX extension and stays 0).
 *   D8.6  Memory region attributes: stage 1 AttrIndx in bits [4:2] into
 *         MAIR_EL2, NS in bit 5 (Secure stage 1 only); stage 2 MemAttr in
 *         bits [5:2] (FWB off: 0b1111 Normal Inner/Outer WB, 0b0001
 *         Device-nGnRE); SH in bits [9:8]; AF in bit 10.
 */
#ifndef LIBSPMC_MMU_PT_INT_H
#define LIBSPMC_MMU_PT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <ffa/errors.h>

#include "hal.h"
#include "mmu/pgtable.h"

#define ENTRIES 512u
#define OA_MASK 0x0000fffffffff000ull /* bits [47:12] */
#define ATTR_MASK 0xffff000000000ffcull /* every bit a leaf keeps when split */

#define D_VALID (1ull << 0)
#define D_TYPE_MASK 3ull
#define D_TABLE 3ull /* levels 0..2 */
#define D_PAGE 3ull  /* level 3 */
#define D_BLOCK 1ull /* levels 1..2 */

#define D_ATTRINDX(i) ((uint64_t)(i) << 2) /* stage 1 */
#define D_NS (1ull << 5)                   /* stage 1 */
#define D_AP_RES1 (1ull << 6)              /* stage 1 AP[1], one privilege level */
#define D_AP_RO (1ull << 7)                /* stage 1 AP[2] */
#define D_MEMATTR(m) ((uint64_t)(m) << 2)  /* stage 2 */
#define D_S2AP_R (1ull << 6)
#define D_S2AP_W (1ull << 7)
#define D_SH_INNER (3ull << 8)
#define D_AF (1ull << 10)
#define D_XN (1ull << 54)

#define S2_MEMATTR_NORMAL_WB 0xfu
#define S2_MEMATTR_DEVICE_NGNRE 0x1u
#define S1_IDX_NORMAL 0u
#define S1_IDX_DEVICE 1u

#define HAL_MEM_ALL (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS | HAL_MEM_DEVICE)

static inline uint64_t level_shift(unsigned level)
{
	return 12u + 9u * (3u - level);
}

static inline uint64_t level_size(unsigned level)
{
	return 1ull << level_shift(level);
}

static inline unsigned level_index(uint64_t va, unsigned level)
{
	return (unsigned)((va >> level_shift(level)) & (ENTRIES - 1));
}

static inline bool is_table(uint64_t d, unsigned level)
{
	return level < 3 && (d & D_TYPE_MASK) == D_TABLE;
}

static inline uint64_t leaf_type(unsigned level)
{
	return level == 3 ? D_PAGE : D_BLOCK;
}

/* Single-copy atomic descriptor store: a walker never sees half of one. */
static inline void set_desc(uint64_t *e, uint64_t d)
{
	*(volatile uint64_t *)e = d;
}

static inline uint64_t to_pa(const struct pt_pool *pool, const uint64_t *p)
{
	return pool->pa + ((uintptr_t)p - pool->base);
}

static inline uint64_t *to_va(const struct pt_pool *pool, uint64_t pa)
{
	return (uint64_t *)(pool->base + (uintptr_t)(pa - pool->pa));
}

static inline uint64_t *next_table(const struct pt *pt, uint64_t d)
{
	return to_va(pt->pool, d & OA_MASK);
}

/* A zeroed page from the pool, or NULL. */
uint64_t *pt_page_alloc(struct pt_pool *pool);
void pt_page_free(struct pt_pool *pool, uint64_t *p);
/* Frees table t (entries at `level`) and every table below it. */
void pt_free_tree(struct pt *pt, uint64_t *t, unsigned level);
/* The leaf descriptor bits for HAL_MEM_* attrs (no type, no address), or
 * false when this kind of table cannot express them. */
bool pt_encode_attrs(const struct pt *pt, uint32_t attrs, uint64_t *out);

#endif
