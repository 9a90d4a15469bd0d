/* SPDX-License-Identifier: BSD-3-Clause */
/* FF-A v1.1 boot information protocol: header + descriptors (DEN0077). */
#ifndef FFA_BOOT_INFO_H
#define FFA_BOOT_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "static_assert.h"

#define FFA_BOOT_INFO_SIGNATURE 0x0FFAu

/* Descriptor type: bit 7 implementation defined, [6:0] standard type. */
#define FFA_BOOT_INFO_TYPE_STD_FDT 0u
#define FFA_BOOT_INFO_TYPE_STD_HOB 1u
#define FFA_BOOT_INFO_TYPE_IMPDEF (1u << 7)
/* Flags: [1:0] name format (0 string, 1 UUID), [3:2] content format (0 address, 1 value). */
#define FFA_BOOT_INFO_FLAG_NAME_STRING 0u
#define FFA_BOOT_INFO_FLAG_NAME_UUID 1u
#define FFA_BOOT_INFO_FLAG_CONTENT_ADDR (0u << 2)
#define FFA_BOOT_INFO_FLAG_CONTENT_VALUE (1u << 2)

struct ffa_boot_info_header {
	uint32_t signature;    /* 0x0FFA */
	uint32_t version;      /* FF-A version of the blob's layout */
	uint32_t blob_size;    /* header + descriptors + contents */
	uint32_t desc_size;    /* size of one descriptor */
	uint32_t desc_count;
	uint32_t desc_offset;  /* of the descriptor array, from the header */
	uint64_t reserved;
};

struct ffa_boot_info_desc {
	char name[16];
	uint8_t type;
	uint8_t reserved;
	uint16_t flags;
	uint32_t size;         /* of the content */
	uint64_t content;      /* address (IPA) of the content, or the value */
};

FFA_STATIC_ASSERT(sizeof(struct ffa_boot_info_header) == 32, "boot info header is 32 bytes");
FFA_STATIC_ASSERT(sizeof(struct ffa_boot_info_desc) == 32, "boot info descriptor is 32 bytes");
FFA_STATIC_ASSERT(offsetof(struct ffa_boot_info_desc, type) == 16, "type @16");
FFA_STATIC_ASSERT(offsetof(struct ffa_boot_info_desc, content) == 24, "content @24");

#endif
