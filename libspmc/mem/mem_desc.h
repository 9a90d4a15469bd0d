/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction descriptor codec (DEN0077, "Memory management"):
 * bytes in any FF-A layout <-> the normalized view of mem_types.h. Pure
 * functions: no state, no allocation, no HAL.
 *
 * Layouts, chosen by the FF-A version the caller negotiated:
 *   v1.0   32-byte header; 16-byte endpoint memory access descriptors at 32.
 *   v1.1   48-byte header; access descriptor size (must be 16) and array
 *          offset (16-byte aligned, past the header) taken from the header.
 *   v1.2+  as v1.1; access descriptors of 32 bytes with a 16-byte
 *          implementation-defined field at 8 (16-byte ones are read too, as
 *          Hafnium does for a v1.2 caller using the v1.1 layout).
 * Every size and offset is taken from the header; arithmetic is in 64 bits
 * on values of at most 32 bits, so it cannot overflow.
 *
 * Parsing reads the caller's private copy of the descriptor (the ABI layer
 * copies the TX buffer, or the reassembled fragments, once) and never writes
 * it. `len` is the descriptor's total length (FFA_MEM_SHARE/LEND/DONATE and
 * FFA_MEM_RETRIEVE_REQ w1): it must equal the end of the last part the
 * descriptor describes, as Hafnium and the TF-A EL3 SPMC require.
 *
 * Results: 0, or a negative FFA_RET_* code:
 *  - FFA_RET_INVALID_PARAMETERS: the descriptor breaks a rule (the _ex
 *    variants also say which, as an spmc_mem_desc_why);
 *  - FFA_RET_NO_MEMORY: the descriptor is well formed as far as it can be
 *    checked without storing it, but has more borrowers or constituents than
 *    the room holds (the SPMC lacks the memory to take it). Duplicate
 *    borrowers and overlapping constituents are only detected in the room,
 *    so an over-sized descriptor with those faults reports NO_MEMORY;
 *  - FFA_RET_NOT_SUPPORTED: a version whose layout is not known (major != 1).
 * On failure *out is zeroed and the room's contents are unspecified.
 *
 * What is left to the caller (it needs state the codec does not have): that
 * the sender is the caller and the borrowers are known endpoints; a retrieve
 * request's fields against the stored transaction (sender, tag, type,
 * borrowers, permissions no wider than sent, zero flags against the send);
 * whether the time-slicing flag (FFA_MEM_FLAG_TIME_SLICING) or an address
 * range alignment hint is supported (both are reported in out->flags; the
 * ABI layer may answer NOT_SUPPORTED); handle allocation and lookup.
 */
#ifndef LIBSPMC_MEM_MEM_DESC_H
#define LIBSPMC_MEM_MEM_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem/mem_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SPMC_MEM_PAGE_SIZE 4096u

/* Which descriptor, and so which rules. */
enum spmc_mem_desc_kind {
	SPMC_MEM_DESC_SHARE,         /* FFA_MEM_SHARE, from the owner */
	SPMC_MEM_DESC_LEND,          /* FFA_MEM_LEND, from the owner */
	SPMC_MEM_DESC_DONATE,        /* FFA_MEM_DONATE, from the owner */
	SPMC_MEM_DESC_RETRIEVE_REQ,  /* FFA_MEM_RETRIEVE_REQ; no access
				      * descriptors = the hypervisor retrieve
				      * request */
	SPMC_MEM_DESC_RETRIEVE_RESP, /* FFA_MEM_RETRIEVE_RESP, as a borrower
				      * reads it (SP and normal-world helpers) */
};

/* Why a parse failed: one value per rule. */
enum spmc_mem_desc_why {
	SPMC_MEM_OK = 0,
	SPMC_MEM_BAD_VERSION,        /* major version != 1 (NOT_SUPPORTED) */
	SPMC_MEM_BAD_KIND,
	SPMC_MEM_SHORT_HEADER,       /* len < the header */
	SPMC_MEM_HDR_RESERVED,       /* a reserved header field is not 0 */
	SPMC_MEM_ACCESS_SIZE,        /* access descriptor size wrong for the version */
	SPMC_MEM_ACCESS_OFFSET,      /* access array offset unaligned or inside the header */
	SPMC_MEM_ACCESS_BOUNDS,      /* access array past len */
	SPMC_MEM_NO_BORROWERS,       /* no access descriptor in a send or response */
	SPMC_MEM_HANDLE,             /* handle set in a send, invalid in a retrieve */
	SPMC_MEM_FLAGS_RESERVED,     /* a flag the operation or version does not define */
	SPMC_MEM_FLAGS_ZERO_SHARE,   /* a zero-memory flag with a share */
	SPMC_MEM_FLAGS_HINT,         /* alignment hint given without its valid bit */
	SPMC_MEM_FLAGS_BYPASS,       /* bypass multi-borrower check with != 1 borrower */
	SPMC_MEM_ATTR_RESERVED,      /* reserved attribute bits (and NS where MBZ) */
	SPMC_MEM_ATTR_TYPE,          /* memory type 3 (reserved) */
	SPMC_MEM_ATTR_ENCODING,      /* reserved cacheability/shareability encoding */
	SPMC_MEM_ATTR_TYPE_OP,       /* memory type (un)specified against the operation */
	SPMC_MEM_ACCESS_RESERVED,    /* access descriptor reserved field not 0 */
	SPMC_MEM_ACCESS_FLAGS,       /* access descriptor flags */
	SPMC_MEM_PERM_RESERVED,      /* permissions bits [7:4] */
	SPMC_MEM_PERM_DATA,          /* data access encoding 3 */
	SPMC_MEM_PERM_INSTR,         /* instruction access encoding 3 */
	SPMC_MEM_PERM_DATA_OP,       /* data access against the operation */
	SPMC_MEM_PERM_INSTR_OP,      /* instruction access against the operation */
	SPMC_MEM_SENDER_BORROWER,    /* the sender listed as a borrower */
	SPMC_MEM_DUP_BORROWER,       /* a borrower listed twice */
	SPMC_MEM_COMPOSITE_MISSING,  /* composite offset 0 where one is required */
	SPMC_MEM_COMPOSITE_MISMATCH, /* borrowers point at different composites */
	SPMC_MEM_COMPOSITE_ALIGN,    /* composite offset not 16-byte aligned */
	SPMC_MEM_COMPOSITE_OVERLAP,  /* composite inside the header or access array */
	SPMC_MEM_COMPOSITE_BOUNDS,   /* composite header past len */
	SPMC_MEM_COMPOSITE_RESERVED, /* composite reserved field not 0 */
	SPMC_MEM_RANGE_COUNT,        /* composite with no constituent */
	SPMC_MEM_RANGES_BOUNDS,      /* constituents past len */
	SPMC_MEM_LENGTH,             /* len longer than the descriptor */
	SPMC_MEM_RANGE_RESERVED,     /* constituent reserved field not 0 */
	SPMC_MEM_RANGE_EMPTY,        /* constituent of 0 pages */
	SPMC_MEM_RANGE_ALIGN,        /* constituent address not 4 KiB aligned */
	SPMC_MEM_RANGE_OVERFLOW,     /* address + pages * 4 KiB past 2^64 - 1 */
	SPMC_MEM_RANGE_OVERLAP,      /* two constituents overlap */
	SPMC_MEM_PAGE_COUNT,         /* total page count != sum of constituents */
	SPMC_MEM_ROOM_ACCESS,        /* more borrowers than the room (NO_MEMORY) */
	SPMC_MEM_ROOM_RANGES,        /* more constituents than the room (NO_MEMORY) */
	SPMC_MEM_RELINQ_SHORT,       /* relinquish descriptor shorter than 16 bytes */
	SPMC_MEM_RELINQ_FLAGS,       /* relinquish flags beyond bits 0 and 1 */
	SPMC_MEM_RELINQ_COUNT,       /* relinquish endpoint count 0 */
	SPMC_MEM_RELINQ_BOUNDS,      /* relinquish endpoints past len */
	SPMC_MEM_WHY_COUNT
};

/* The rule's name, for logs ("?" for an unknown value). */
const char *spmc_mem_desc_why_name(enum spmc_mem_desc_why why);

/* The transaction type of a send kind; SPMC_MEM_OP_NONE for the others. */
enum spmc_mem_op spmc_mem_desc_kind_op(enum spmc_mem_desc_kind kind);

/*
 * Parses and validates the descriptor buf[0, len) in `version`'s layout as a
 * `kind`, into *out, whose access and range arrays are room's (room may be
 * NULL when nothing needs storing). Borrowers and constituents keep the
 * order they have in the descriptor. A retrieve request without a composite
 * has range_count 0 and total_pages 0; a hypervisor retrieve request has
 * access_count 0.
 */
int spmc_mem_desc_parse(const void *buf, size_t len, uint32_t version,
			enum spmc_mem_desc_kind kind, const struct spmc_mem_room *room,
			struct spmc_mem_desc *out);
/* The same, also saying which rule failed (why may be NULL). */
int spmc_mem_desc_parse_ex(const void *buf, size_t len, uint32_t version,
			   enum spmc_mem_desc_kind kind, const struct spmc_mem_room *room,
			   struct spmc_mem_desc *out, enum spmc_mem_desc_why *why);

/*
 * Encoders: d as a byte stream in `version`'s layout (header, the access
 * descriptors right after it, then one composite and its constituents when
 * d->range_count > 0; every access descriptor points at that composite).
 * Writes bytes [offset, offset + cap) of the stream to out (*written of them:
 * fewer than cap only at the end of the stream), so a stream larger than one
 * buffer goes out in fragments (FFA_MEM_FRAG_RX / FFA_MEM_FRAG_TX); *total is
 * the stream's whole length. Every byte of the window is written (reserved
 * fields as 0); nothing depends on memory the descriptor does not name.
 * Values are written as given: the encoders check only that they can be
 * represented (FFA_RET_INVALID_PARAMETERS otherwise, or for offset > total).
 * written and total may be NULL.
 *
 * The retrieve response: d is what the borrower is told, built by the caller
 * from the stored transaction: its borrowers (usually just the retriever, all
 * of them for the hypervisor), the permissions granted, the flags (the
 * transaction type in bits [4:3]), the handle, and the attributes with the NS
 * bit (FFA_MEM_ATTR_NS) set by the caller when the memory is non-secure. It
 * needs at least one borrower and one constituent.
 */
int spmc_mem_desc_encode_retrieve_resp(const struct spmc_mem_desc *d, uint32_t version,
				       uint64_t offset, void *out, size_t cap, size_t *written,
				       size_t *total);
/* A share/lend/donate descriptor (tests, fuzz seeds, endpoint helpers). */
int spmc_mem_desc_encode_send(const struct spmc_mem_desc *d, uint32_t version, uint64_t offset,
			      void *out, size_t cap, size_t *written, size_t *total);
/* A retrieve request (a composite only when d->range_count > 0). */
int spmc_mem_desc_encode_retrieve_req(const struct spmc_mem_desc *d, uint32_t version,
				      uint64_t offset, void *out, size_t cap, size_t *written,
				      size_t *total);
/* The stream length the encoders produce for d; 0 if d cannot be encoded. */
size_t spmc_mem_desc_encoded_size(const struct spmc_mem_desc *d, uint32_t version);

/*
 * FFA_MEM_RELINQUISH's descriptor in buf[0, len) (len: the bytes available,
 * e.g. the TX buffer size; the call has no length argument): handle, flags
 * (bit 0 zero memory after relinquish, bit 1 operation time slicing, the rest
 * MBZ), endpoint count >= 1, the endpoints inside len. out->endpoints points
 * into buf.
 */
int spmc_mem_relinquish_parse(const void *buf, size_t len, struct spmc_mem_relinquish *out);
int spmc_mem_relinquish_parse_ex(const void *buf, size_t len, struct spmc_mem_relinquish *out,
				 enum spmc_mem_desc_why *why);

/* Endpoint i (< endpoint_count) of a parsed relinquish descriptor. */
static inline ffa_id_t spmc_mem_relinquish_endpoint(const struct spmc_mem_relinquish *r,
						    uint32_t i)
{
	return (ffa_id_t)(r->endpoints[2 * (size_t)i] | (r->endpoints[2 * (size_t)i + 1] << 8));
}

/* Whether the sender or retriever asked for operation time slicing. */
static inline bool spmc_mem_desc_time_slicing(const struct spmc_mem_desc *d)
{
	return (d->flags & FFA_MEM_FLAG_TIME_SLICING) != 0;
}

#ifdef __cplusplus
}
#endif

#endif
