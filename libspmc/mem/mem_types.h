/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPMC's own, version-independent view of a memory transaction, shared by
 * the descriptor codec (mem_desc.c: bytes in any FF-A layout <-> this) and the
 * transaction store (mem_store.c: live transactions and page ownership). The
 * ABI handlers translate between the two.
 *
 * Variable-size parts (borrowers, ranges) live in caller-provided memory: a
 * parse never allocates.
 */
#ifndef LIBSPMC_MEM_TYPES_H
#define LIBSPMC_MEM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/mem_desc.h>
#include <ffa/value.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The transaction type, with the values of the retrieve flags' [4:3] field. */
enum spmc_mem_op {
	SPMC_MEM_OP_NONE = FFA_MEM_TRANSACTION_UNSPECIFIED,
	SPMC_MEM_OP_SHARE = FFA_MEM_TRANSACTION_SHARE,
	SPMC_MEM_OP_LEND = FFA_MEM_TRANSACTION_LEND,
	SPMC_MEM_OP_DONATE = FFA_MEM_TRANSACTION_DONATE,
};

/* One constituent: [addr, addr + pages * 4 KiB). */
struct spmc_mem_range {
	uint64_t addr;
	uint64_t pages;
};

/* One endpoint memory access descriptor. */
struct spmc_mem_access {
	ffa_id_t id;
	uint8_t perms;          /* FFA_MEM_DATA_* | FFA_MEM_INSTR_* << 2 */
	uint8_t flags;          /* FFA_MEM_ACCESS_FLAG_* */
	uint8_t impdef[16];     /* v1.2 implementation-defined field (zero before) */
};

/* A transaction descriptor, whatever layout it came in. */
struct spmc_mem_desc {
	uint32_t version;       /* FF-A version of the layout it was read in */
	ffa_id_t sender;
	uint16_t attributes;    /* memory region attributes (v1.0: 8 bits) */
	uint32_t flags;
	ffa_mem_handle_t handle;
	uint64_t tag;
	struct spmc_mem_access *access;   /* access_count entries */
	uint32_t access_count;
	struct spmc_mem_range *ranges;    /* range_count entries; none in most retrieve requests */
	uint32_t range_count;
	uint64_t total_pages;             /* the composite's total page count */
};

/* Caller-provided room for a parse: at most max_access access descriptors and
 * max_ranges constituents. */
struct spmc_mem_room {
	struct spmc_mem_access *access;
	uint32_t max_access;
	struct spmc_mem_range *ranges;
	uint32_t max_ranges;
};

/* FFA_MEM_RELINQUISH's descriptor. */
struct spmc_mem_relinquish {
	ffa_mem_handle_t handle;
	uint32_t flags;
	const uint8_t *endpoints; /* endpoint_count little-endian u16s, in the caller's copy */
	uint32_t endpoint_count;
};

#ifdef __cplusplus
}
#endif

#endif
