/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to the descriptor codec (mem_desc.c, mem_desc_enc.c): the layout a
 * version selects, and field offsets, all from the static-asserted structures
 * of include/ffa/mem_desc.h. Sizes and offsets of a given descriptor always
 * come from its header; these are only the fixed positions of fields.
 */
#ifndef LIBSPMC_MEM_MEM_DESC_LAYOUT_H
#define LIBSPMC_MEM_MEM_DESC_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/mem_desc.h>
#include <ffa/value.h>

/* Memory transaction descriptor header. */
#define MD_HDR_V1_0 ((uint32_t)sizeof(struct ffa_mem_region_v1_0))
#define MD_HDR_V1_1 ((uint32_t)sizeof(struct ffa_mem_region_v1_1))
#define MD_SENDER offsetof(struct ffa_mem_region_v1_1, sender)
#define MD_ATTR offsetof(struct ffa_mem_region_v1_1, attributes)
#define MD_V1_0_RES0 offsetof(struct ffa_mem_region_v1_0, reserved0)
#define MD_FLAGS offsetof(struct ffa_mem_region_v1_1, flags)
#define MD_HANDLE offsetof(struct ffa_mem_region_v1_1, handle)
#define MD_TAG offsetof(struct ffa_mem_region_v1_1, tag)
#define MD_V1_0_RES1 offsetof(struct ffa_mem_region_v1_0, reserved1)
#define MD_ACCESS_SIZE offsetof(struct ffa_mem_region_v1_1, mem_access_size)
#define MD_COUNT offsetof(struct ffa_mem_region_v1_1, receiver_count)
#define MD_ACCESS_OFFSET offsetof(struct ffa_mem_region_v1_1, receivers_offset)
#define MD_V1_1_RES offsetof(struct ffa_mem_region_v1_1, reserved)
#define MD_V1_1_RES_SIZE sizeof(((struct ffa_mem_region_v1_1 *)0)->reserved)

/* Endpoint memory access descriptor. */
#define MD_ACC_V1_0 ((uint32_t)sizeof(struct ffa_mem_access_v1_0))
#define MD_ACC_V1_2 ((uint32_t)sizeof(struct ffa_mem_access_v1_2))
#define MD_ACC_ID offsetof(struct ffa_mem_access_v1_2, perm.endpoint)
#define MD_ACC_PERMS offsetof(struct ffa_mem_access_v1_2, perm.perms)
#define MD_ACC_FLAGS offsetof(struct ffa_mem_access_v1_2, perm.flags)
#define MD_ACC_COMPOSITE offsetof(struct ffa_mem_access_v1_2, composite_offset)
#define MD_ACC_V1_0_RES offsetof(struct ffa_mem_access_v1_0, reserved)
#define MD_ACC_IMPDEF offsetof(struct ffa_mem_access_v1_2, impdef)
#define MD_ACC_V1_2_RES offsetof(struct ffa_mem_access_v1_2, reserved)

/* Composite memory region descriptor and its constituents. */
#define MD_COMP_SIZE ((uint32_t)sizeof(struct ffa_mem_composite))
#define MD_COMP_TOTAL offsetof(struct ffa_mem_composite, total_page_count)
#define MD_COMP_COUNT offsetof(struct ffa_mem_composite, range_count)
#define MD_COMP_RES offsetof(struct ffa_mem_composite, reserved)
#define MD_CONS_SIZE ((uint32_t)sizeof(struct ffa_mem_constituent))
#define MD_CONS_ADDR offsetof(struct ffa_mem_constituent, address)
#define MD_CONS_PAGES offsetof(struct ffa_mem_constituent, page_count)
#define MD_CONS_RES offsetof(struct ffa_mem_constituent, reserved)

/* Relinquish descriptor. */
#define MD_REL_HDR ((uint32_t)sizeof(struct ffa_mem_relinquish))
#define MD_REL_HANDLE offsetof(struct ffa_mem_relinquish, handle)
#define MD_REL_FLAGS offsetof(struct ffa_mem_relinquish, flags)
#define MD_REL_COUNT offsetof(struct ffa_mem_relinquish, endpoint_count)

/* Offsets inside the descriptor are 16-byte aligned. */
#define MD_ALIGN 16u

/* The layout a version selects: v1.0, v1.1, v1.2 and later. */
struct md_layout {
	bool v1_0;
	bool v1_2;          /* v1.2 or later: 32-byte access descriptors */
	uint32_t hdr;       /* header size */
	uint32_t acc;       /* access descriptor size the version writes */
};

/* False for a version whose layout is unknown (bit 31 set or major != 1). */
static inline bool md_layout_of(uint32_t version, struct md_layout *l)
{
	if ((version >> 31) != 0 || FFA_VERSION_MAJOR(version) != 1)
		return false;
	l->v1_0 = FFA_VERSION_MINOR(version) == 0;
	l->v1_2 = FFA_VERSION_MINOR(version) >= 2;
	l->hdr = l->v1_0 ? MD_HDR_V1_0 : MD_HDR_V1_1;
	l->acc = l->v1_2 ? MD_ACC_V1_2 : MD_ACC_V1_0;
	return true;
}

#endif
