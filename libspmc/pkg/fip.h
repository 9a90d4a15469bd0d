/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TF-A Firmware Image Package (FIP) reader and writer. A FIP starts with a
 * table of contents: a 16-byte header (name 0xAA640001, serial number u32,
 * flags u64) and then 40-byte entries (UUID[16], offset u64 from the FIP
 * start, size u64, flags u64), ended by an entry whose UUID is all zero. All
 * fields little-endian. UUID bytes are in the canonical text order
 * ("01234567-89ab-..." is 01 23 45 67 89 ab ...), as fiptool writes them.
 *
 * Rules the reader enforces:
 *  - the ToC name, and a serial number other than 0 (TF-A's io_fip and fiptool
 *    both treat serial 0 as "not a FIP");
 *  - the terminator entry inside the buffer (its offset and size are not
 *    data: fiptool sets its offset to the end of the FIP);
 *  - every entry's data inside the buffer (64-bit arithmetic that cannot
 *    wrap), after the ToC (not over the header or the entries), not
 *    overlapping another entry's data (empty entries overlap nothing);
 *  - no UUID twice (a lookup by UUID must have one answer);
 *  - at most FIP_MAX_ENTRIES entries (the overlap check is pairwise).
 *
 * Freestanding core code: no libc.
 */
#ifndef LIBSPMC_PKG_FIP_H
#define LIBSPMC_PKG_FIP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FIP_TOC_NAME 0xAA640001u
#define FIP_TOC_HEADER_SIZE 16u
#define FIP_TOC_ENTRY_SIZE 40u
/* The serial number fiptool writes. */
#define FIP_TOC_SERIAL 0x12345678u
/* Entries checked pairwise are bounded; TF-A defines a few dozen image types. */
#define FIP_MAX_ENTRIES 512u

enum fip_status {
	FIP_OK = 0,
	FIP_ERR_SHORT = -1,        /* buffer shorter than the ToC header */
	FIP_ERR_NAME = -2,         /* ToC name is not 0xAA640001 */
	FIP_ERR_SERIAL = -3,       /* serial number 0 */
	FIP_ERR_NO_END = -4,       /* no all-zero-UUID terminator inside the buffer */
	FIP_ERR_RANGE = -5,        /* an entry's data runs past the end of the FIP */
	FIP_ERR_TOC_OVERLAP = -6,  /* an entry's data overlaps the ToC */
	FIP_ERR_OVERLAP = -7,      /* two entries' data overlap */
	FIP_ERR_DUP_UUID = -8,     /* two entries with one UUID */
	FIP_ERR_NOT_FOUND = -9,    /* lookup: no such entry */
	FIP_ERR_NOSPACE = -10,     /* writer: output buffer too small */
	FIP_ERR_ARG = -11,         /* writer: bad argument (nil UUID, alignment) */
	FIP_ERR_TOO_MANY = -12,    /* more than FIP_MAX_ENTRIES entries */
};

/* A validated FIP. */
struct fip {
	const uint8_t *buf;
	size_t len;
	uint32_t serial;
	uint64_t flags;
	uint32_t count;        /* entries, terminator not included */
	uint64_t toc_size;     /* header + entries + terminator */
	/* On failure: the entry at fault and, for overlaps and duplicates, the
	 * other one (UINT32_MAX when not about an entry). */
	uint32_t err_entry, err_other;
};

struct fip_entry {
	uint8_t uuid[16];
	uint64_t offset, size, flags;
	const uint8_t *data;   /* buf + offset */
};

/* Validates the FIP in [buf, buf + len). Returns FIP_OK with *out filled, or
 * a FIP_ERR_* with *why (if why is not NULL) a static sentence and
 * out->err_entry / err_other naming the entries involved. */
int fip_parse(const void *buf, size_t len, struct fip *out, const char **why);

/* Entry `index` (< f->count) of a FIP that fip_parse accepted. Returns FIP_OK
 * or FIP_ERR_NOT_FOUND for an index out of range. */
int fip_entry_get(const struct fip *f, uint32_t index, struct fip_entry *out);

/* The entry with `uuid` (16 bytes, canonical order). Returns its index (>= 0)
 * with *out filled (out may be NULL), or FIP_ERR_NOT_FOUND. */
int fip_find(const struct fip *f, const uint8_t uuid[16], struct fip_entry *out);

const char *fip_status_name(int status);

/* ---- writing (tools, tests) ---- */

struct fip_input {
	uint8_t uuid[16];
	const void *data;
	uint64_t size;
	uint64_t flags;
};

/* Bytes a FIP of these n entries takes, each entry's data starting at a
 * multiple of `align` (a power of two, at least 1): 0 on a bad argument. */
uint64_t fip_size(const struct fip_input *in, uint32_t n, uint32_t align);

/* Writes the FIP (serial FIP_TOC_SERIAL, ToC flags 0) into buf, cap bytes.
 * Returns FIP_OK with *len_out set, or FIP_ERR_NOSPACE / FIP_ERR_ARG (a nil
 * UUID, a repeated UUID, a bad alignment). */
int fip_write(void *buf, size_t cap, const struct fip_input *in, uint32_t n, uint32_t align,
	      size_t *len_out, const char **why);

#ifdef __cplusplus
}
#endif

#endif
