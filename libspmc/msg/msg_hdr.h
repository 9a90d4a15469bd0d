/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The indirect message header (DEN0077 v1.1+, "Indirect messaging"): what a
 * sender puts at the start of its TX buffer for FFA_MSG_SEND2, and what the
 * receiver finds at the start of its RX buffer. Pure functions: no state, no
 * allocation, no HAL; the ABI that uses them (FFA_MSG_SEND2) builds on this.
 *
 *   offset  v1.1 (20 bytes)                 v1.2+ (40 bytes)
 *   0       flags u32 (MBZ)                 flags u32 (MBZ)
 *   4       reserved u32 (SBZ)              reserved u32 (SBZ)
 *   8       payload offset u32              payload offset u32
 *   12      receiver ID u16                 receiver ID u16
 *   14      sender ID u16                   sender ID u16
 *   16      payload size u32                payload size u32
 *   20                                      reserved u32 (SBZ)
 *   24                                      service UUID, 16 bytes
 *
 * The payload offset counts from the start of the header and is at least the
 * header's size; offset + size must stay inside the buffer. Reserved fields
 * are "should be zero": ignored on parse, written as zero.
 */
#ifndef LIBSPMC_MSG_MSG_HDR_H
#define LIBSPMC_MSG_MSG_HDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/value.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SPMC_MSG_HDR_SIZE_V1_1 20u
#define SPMC_MSG_HDR_SIZE_V1_2 40u

struct spmc_msg_hdr {
	uint32_t flags;       /* MBZ in this revision */
	uint32_t offset;      /* of the payload, from the start of the header */
	ffa_id_t sender;
	ffa_id_t receiver;
	uint32_t size;        /* payload bytes */
	uint32_t uuid[4];     /* v1.2+: the service the message is for (nil: any) */
};

/* Why a parse failed: one value per rule. */
enum spmc_msg_why {
	SPMC_MSG_OK = 0,
	SPMC_MSG_BAD_VERSION,   /* major version != 1, or before v1.1 (NOT_SUPPORTED) */
	SPMC_MSG_SHORT,         /* the buffer is shorter than the header */
	SPMC_MSG_FLAGS,         /* a flag bit is set */
	SPMC_MSG_OFFSET,        /* the payload starts inside the header */
	SPMC_MSG_BOUNDS,        /* the payload runs past the buffer */
	SPMC_MSG_SAME_ENDPOINT, /* sender and receiver are the same endpoint */
	SPMC_MSG_WHY_COUNT
};

/* The header size for a caller of `version` (0 if it has no indirect message header). */
size_t spmc_msg_hdr_size(uint32_t version);

/* The rule's name, for logs ("?" for an unknown value). */
const char *spmc_msg_why_name(enum spmc_msg_why why);

/*
 * Parses the header at the start of buf[0, len) (len: the buffer's size, e.g.
 * the TX buffer's) in `version`'s layout into *out. 0, FFA_RET_NOT_SUPPORTED
 * for a version without the header, or FFA_RET_INVALID_PARAMETERS (why, if
 * not NULL, says which rule). On failure *out is zeroed.
 */
int spmc_msg_hdr_parse(const void *buf, size_t len, uint32_t version, struct spmc_msg_hdr *out,
		       enum spmc_msg_why *why);

/* Writes h as a `version` header at buf (cap bytes): 0, or
 * FFA_RET_INVALID_PARAMETERS if it does not fit or the version has none. */
int spmc_msg_hdr_encode(const struct spmc_msg_hdr *h, uint32_t version, void *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
