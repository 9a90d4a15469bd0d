/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory transaction descriptors (DEN0077, "Memory management" chapter) for
 * v1.0 (32-byte header), v1.1 (48-byte header, 16-byte access descriptors)
 * and v1.2 (32-byte access descriptors with an implementation-defined field).
 * Parsers must take sizes and offsets from the header, never from sizeof().
 */
#ifndef FFA_MEM_DESC_H
#define FFA_MEM_DESC_H

#include <stddef.h>
#include <stdint.h>

#include "static_assert.h"

typedef uint64_t ffa_mem_handle_t;
#define FFA_MEM_HANDLE_INVALID 0xffffffffffffffffull
#define FFA_MEM_HANDLE_ALLOC_HYP (1ull << 63) /* 0 = allocated by the SPMC */

/* Memory access permissions (u8) */
#define FFA_MEM_DATA_ACCESS_MASK 0x3u
#define FFA_MEM_DATA_NOT_SPECIFIED 0u
#define FFA_MEM_DATA_RO 1u
#define FFA_MEM_DATA_RW 2u
#define FFA_MEM_INSTR_ACCESS_SHIFT 2
#define FFA_MEM_INSTR_ACCESS_MASK (0x3u << 2)
#define FFA_MEM_INSTR_NOT_SPECIFIED 0u
#define FFA_MEM_INSTR_NX 1u
#define FFA_MEM_INSTR_X 2u

/* Memory region attributes */
#define FFA_MEM_SHAREABILITY_MASK 0x3u
#define FFA_MEM_NON_SHAREABLE 0u
#define FFA_MEM_OUTER_SHAREABLE 2u
#define FFA_MEM_INNER_SHAREABLE 3u
#define FFA_MEM_CACHEABILITY_SHIFT 2
#define FFA_MEM_CACHEABILITY_MASK (0x3u << 2)
#define FFA_MEM_NORMAL_NC 1u
#define FFA_MEM_NORMAL_WB 3u
#define FFA_MEM_DEV_NGNRNE 0u
#define FFA_MEM_DEV_NGNRE 1u
#define FFA_MEM_DEV_NGRE 2u
#define FFA_MEM_DEV_GRE 3u
#define FFA_MEM_TYPE_SHIFT 4
#define FFA_MEM_TYPE_MASK (0x3u << 4)
#define FFA_MEM_TYPE_UNSPECIFIED 0u
#define FFA_MEM_TYPE_DEVICE 1u
#define FFA_MEM_TYPE_NORMAL 2u
#define FFA_MEM_ATTR_NS (1u << 6) /* v1.1+, set by the SPMC in retrieve responses */

/* Flags of FFA_MEM_SHARE/LEND/DONATE and FFA_MEM_RETRIEVE_REQ */
#define FFA_MEM_FLAG_ZERO_MEMORY (1u << 0)
#define FFA_MEM_FLAG_TIME_SLICING (1u << 1)
#define FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH (1u << 2)
#define FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT 3
#define FFA_MEM_FLAG_TRANSACTION_TYPE_MASK (0x3u << 3)
#define FFA_MEM_TRANSACTION_UNSPECIFIED 0u
#define FFA_MEM_TRANSACTION_SHARE 1u
#define FFA_MEM_TRANSACTION_LEND 2u
#define FFA_MEM_TRANSACTION_DONATE 3u
#define FFA_MEM_FLAG_ALIGN_HINT_SHIFT 5
#define FFA_MEM_FLAG_ALIGN_HINT_MASK (0xfu << 5)
#define FFA_MEM_FLAG_ALIGN_HINT_VALID (1u << 9)
#define FFA_MEM_FLAG_BYPASS_MULTI_BORROWER (1u << 10) /* v1.2 */

/* Endpoint memory access descriptor flags */
#define FFA_MEM_ACCESS_FLAG_NON_RETRIEVAL_BORROWER (1u << 0)

/* Memory access permissions descriptor (4 bytes) */
struct ffa_mem_access_perm {
	uint16_t endpoint;
	uint8_t perms;
	uint8_t flags;
};

/* Constituent memory region descriptor (16 bytes) */
struct ffa_mem_constituent {
	uint64_t address;
	uint32_t page_count;
	uint32_t reserved;
};

/* Composite memory region descriptor (16 bytes + constituents) */
struct ffa_mem_composite {
	uint32_t total_page_count;
	uint32_t range_count;
	uint64_t reserved;
	struct ffa_mem_constituent ranges[];
};

/* Endpoint memory access descriptor, v1.0 and v1.1 (16 bytes) */
struct ffa_mem_access_v1_0 {
	struct ffa_mem_access_perm perm;
	uint32_t composite_offset;
	uint64_t reserved;
};

/* Endpoint memory access descriptor, v1.2 (32 bytes) */
struct ffa_mem_access_v1_2 {
	struct ffa_mem_access_perm perm;
	uint32_t composite_offset;
	uint8_t impdef[16];
	uint64_t reserved;
};

/* Memory transaction descriptor, v1.0 (32-byte header) */
struct ffa_mem_region_v1_0 {
	uint16_t sender;
	uint8_t attributes;
	uint8_t reserved0;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t reserved1;
	uint32_t receiver_count;
	struct ffa_mem_access_v1_0 receivers[];
};

/* Memory transaction descriptor, v1.1 and later (48-byte header) */
struct ffa_mem_region_v1_1 {
	uint16_t sender;
	uint16_t attributes;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t mem_access_size;  /* 16 in v1.1, 32 from v1.2 */
	uint32_t receiver_count;
	uint32_t receivers_offset; /* 16-byte aligned */
	uint8_t reserved[12];
};

/* FFA_MEM_RELINQUISH descriptor */
struct ffa_mem_relinquish {
	uint64_t handle;
	uint32_t flags;
	uint32_t endpoint_count;
	uint16_t endpoints[];
};

FFA_STATIC_ASSERT(sizeof(struct ffa_mem_access_perm) == 4, "permissions descriptor");
FFA_STATIC_ASSERT(sizeof(struct ffa_mem_constituent) == 16, "constituent descriptor");
FFA_STATIC_ASSERT(sizeof(struct ffa_mem_composite) == 16, "composite header");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_composite, ranges) == 16, "constituents at 16");
FFA_STATIC_ASSERT(sizeof(struct ffa_mem_access_v1_0) == 16, "v1.0/1.1 access descriptor");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_access_v1_0, composite_offset) == 4, "composite offset @4");
FFA_STATIC_ASSERT(sizeof(struct ffa_mem_access_v1_2) == 32, "v1.2 access descriptor");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_access_v1_2, impdef) == 8, "impdef @8");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_access_v1_2, reserved) == 24, "reserved @24");
FFA_STATIC_ASSERT(sizeof(struct ffa_mem_region_v1_0) == 32, "v1.0 header is 32 bytes");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_region_v1_0, flags) == 4, "flags @4");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_region_v1_0, handle) == 8, "handle @8");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_region_v1_0, tag) == 16, "tag @16");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_region_v1_0, receiver_count) == 28, "count @28");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_region_v1_0, receivers) == 32, "access descs @32");
FFA_STATIC_ASSERT(sizeof(struct ffa_mem_region_v1_1) == 48, "v1.1 header is 48 bytes");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_region_v1_1, mem_access_size) == 24, "size @24");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_region_v1_1, receiver_count) == 28, "count @28");
FFA_STATIC_ASSERT(offsetof(struct ffa_mem_region_v1_1, receivers_offset) == 32, "offset @32");
FFA_STATIC_ASSERT(sizeof(struct ffa_mem_relinquish) == 16, "relinquish header");

#endif
