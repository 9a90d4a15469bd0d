/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TF-A secure partition packages ("SPKG"): a header of six little-endian u32
 * (magic, version, manifest offset, manifest size, image offset, image size)
 * followed, at those offsets from the package start, by the partition
 * manifest (a DTB) and the partition image.
 *
 * Rules the reader enforces, and where they come from:
 *  - magic 0x474B5053 ("SPKG" in memory), version 1 or 2 (TF-A sptool;
 *    Hafnium and OP-TEE reject anything else);
 *  - manifest and image non-empty, inside the package, not overlapping the
 *    24-byte header nor each other;
 *  - the manifest ends at or before the image starts (Hafnium and OP-TEE both
 *    reject a manifest running past img_offset; every sptool writes it first);
 *  - version 2: both offsets 4 KiB-aligned (sptool.py, Hafnium sp_pkg_init_v2);
 *  - version 1 places nothing further: TF-A's C sptool wrote the manifest
 *    right after the header and the image at the next 4 KiB, Hafnium insists
 *    on exactly that, OP-TEE on nothing; the writer below follows sptool.
 * All arithmetic is done in 64 bits, so no header value can wrap.
 *
 * Freestanding core code: no libc.
 */
#ifndef LIBSPMC_PKG_SP_PKG_H
#define LIBSPMC_PKG_SP_PKG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SP_PKG_MAGIC 0x474B5053u  /* "SPKG" read little-endian */
#define SP_PKG_HEADER_SIZE 24u
#define SP_PKG_V2_ALIGN 0x1000u
/* sptool.py's defaults for version 2 (the image moves up if the manifest
 * does not fit below it). */
#define SP_PKG_V2_PM_OFFSET 0x1000u
#define SP_PKG_V2_IMG_OFFSET 0x4000u

/* Why a package was rejected (0 = valid). */
enum sp_pkg_status {
	SP_PKG_OK = 0,
	SP_PKG_ERR_SHORT = -1,        /* buffer shorter than the header */
	SP_PKG_ERR_MAGIC = -2,
	SP_PKG_ERR_VERSION = -3,      /* not 1 or 2 */
	SP_PKG_ERR_PM_EMPTY = -4,     /* manifest size 0 */
	SP_PKG_ERR_IMG_EMPTY = -5,    /* image size 0 */
	SP_PKG_ERR_PM_HEADER = -6,    /* manifest overlaps the header */
	SP_PKG_ERR_IMG_HEADER = -7,   /* image overlaps the header */
	SP_PKG_ERR_OVERLAP = -8,      /* manifest and image overlap */
	SP_PKG_ERR_ORDER = -9,        /* image placed before the manifest */
	SP_PKG_ERR_ALIGN = -10,       /* version 2 offset not 4 KiB-aligned */
	SP_PKG_ERR_PM_RANGE = -11,    /* manifest runs past the end of the buffer */
	SP_PKG_ERR_IMG_RANGE = -12,   /* image runs past the end of the buffer */
	SP_PKG_ERR_NOSPACE = -13,     /* writer: output buffer too small */
	SP_PKG_ERR_TOO_BIG = -14,     /* writer: an offset or size needs more than 32 bits */
};

/* The header fields, plus where the parts are once a buffer is checked. */
struct sp_pkg {
	uint32_t magic;
	uint32_t version;
	uint32_t pm_offset, pm_size;
	uint32_t img_offset, img_size;
	uint64_t total_size;     /* bytes from the package start to the end of its last part */
	const uint8_t *pm;       /* sp_pkg_parse only: the manifest, inside the buffer */
	const uint8_t *img;      /* sp_pkg_parse only: the image, inside the buffer */
};

/* Checks the header at buf (len >= SP_PKG_HEADER_SIZE bytes readable) on its
 * own, without requiring the parts to be in the buffer: for a loader that maps
 * the first page, learns total_size, then maps the rest. Fills *out (pm/img
 * NULL) and returns SP_PKG_OK, or an SP_PKG_ERR_* with *why (if why is not
 * NULL) set to a static sentence. */
int sp_pkg_parse_header(const void *buf, size_t len, struct sp_pkg *out, const char **why);

/* Checks the whole package in [buf, buf + len): the header rules and both
 * parts inside the buffer. Returns SP_PKG_OK with *out filled (pm and img
 * pointing into buf), or an SP_PKG_ERR_* and *why. */
int sp_pkg_parse(const void *buf, size_t len, struct sp_pkg *out, const char **why);

/* A short name for a status ("SP_PKG_ERR_MAGIC"), for tests and tools. */
const char *sp_pkg_status_name(int status);

/* ---- writing (tools, tests) ---- */

/* Plans a package of `version` for a manifest of pm_size and an image of
 * img_size bytes. pm_offset / img_offset 0 pick the defaults: version 1 the
 * manifest right after the header and the image at the next 4 KiB (TF-A's C
 * sptool), version 2 the manifest at 0x1000 and the image at 0x4000 or the
 * first 4 KiB boundary after the manifest if that is higher (sptool.py).
 * Returns SP_PKG_OK with *out's header fields and total_size set, or why the
 * result would not be a valid package. */
int sp_pkg_plan(uint32_t version, uint64_t pm_size, uint64_t img_size, uint64_t pm_offset,
		uint64_t img_offset, struct sp_pkg *out, const char **why);

/* Writes the package planned in *plan into buf (cap bytes; at least
 * plan->total_size): header, manifest and image, zeros in the gaps. Returns
 * SP_PKG_OK, SP_PKG_ERR_NOSPACE, or the plan's own error if it is invalid. */
int sp_pkg_write(void *buf, size_t cap, const struct sp_pkg *plan, const void *pm,
		 const void *img, const char **why);

#ifdef __cplusplus
}
#endif

#endif
