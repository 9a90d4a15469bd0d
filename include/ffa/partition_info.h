/* SPDX-License-Identifier: BSD-3-Clause */
/* Partition information descriptors (DEN0077, FFA_PARTITION_INFO_GET). */
#ifndef FFA_PARTITION_INFO_H
#define FFA_PARTITION_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "static_assert.h"

/* Partition properties */
#define FFA_PROP_DIRECT_REQ_RECV (1u << 0)
#define FFA_PROP_DIRECT_REQ_SEND (1u << 1)
#define FFA_PROP_INDIRECT_MSG (1u << 2)
#define FFA_PROP_NOTIFICATION_RECV (1u << 3)
#define FFA_PROP_ID_TYPE_SHIFT 4 /* [5:4]: 0 PE endpoint ID */
#define FFA_PROP_ID_TYPE_MASK (3u << 4)
#define FFA_PROP_VM_CREATED_MSG (1u << 6)
#define FFA_PROP_VM_DESTROYED_MSG (1u << 7)
#define FFA_PROP_AARCH64 (1u << 8)
#define FFA_PROP_DIRECT_REQ2_RECV (1u << 9)
#define FFA_PROP_DIRECT_REQ2_SEND (1u << 10)
/* The only property bits v1.0 defines: [2:0]. */
#define FFA_PROP_V1_0_MASK 0x7u
/* v1.1 defines [8:0]; v1.2 adds bits 9 and 10 (REQ2). */
#define FFA_PROP_V1_1_MASK 0x1ffu

/* v1.0: 8 bytes */
struct ffa_partition_info_v1_0 {
	uint16_t id;
	uint16_t exec_ctx_count;
	uint32_t properties;
};

/* v1.1 and v1.2: 24 bytes, adds the UUID (as four little-endian words, the
 * order in which FFA_PARTITION_INFO_GET takes it in w1..w4). */
struct ffa_partition_info_v1_1 {
	uint16_t id;
	uint16_t exec_ctx_count;
	uint32_t properties;
	uint32_t uuid[4];
};

FFA_STATIC_ASSERT(sizeof(struct ffa_partition_info_v1_0) == 8, "v1.0 descriptor is 8 bytes");
FFA_STATIC_ASSERT(sizeof(struct ffa_partition_info_v1_1) == 24, "v1.1 descriptor is 24 bytes");
FFA_STATIC_ASSERT(offsetof(struct ffa_partition_info_v1_1, uuid) == 8, "UUID at offset 8");

/* FFA_PARTITION_INFO_GET_REGS x3 input / x2 output fields */
#define FFA_PIGR_START_INDEX(x3) ((uint16_t)(x3))
#define FFA_PIGR_TAG(x3) ((uint16_t)((x3) >> 16))
#define FFA_PIGR_PER_CALL 5u
static inline uint64_t ffa_pigr_pack_x2(uint16_t last, uint16_t cur, uint16_t tag, uint16_t size)
{
	return (uint64_t)last | ((uint64_t)cur << 16) | ((uint64_t)tag << 32) | ((uint64_t)size << 48);
}

#endif
