/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the manifest parsers: the parse context, diagnostics, arena and
 * typed property readers over libfdt. Not a public interface. */
#ifndef LIBSPMC_MANIFEST_MF_INTERNAL_H
#define LIBSPMC_MANIFEST_MF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/ffa.h>

#include "../util.h"
#include "manifest.h"

/* Node paths in messages; longer ones are shortened to their last component. */
#define MF_PATH_MAX 256

struct mf_ctx {
	const void *fdt;
	struct spmc_mf_arena *arena;
	struct spmc_mf_diags *diags;
	uint32_t errors;  /* errors of this parse */
	bool nomem;       /* the arena ran out: stop */
	char path[MF_PATH_MAX];
};

/* Outcome of a property read. */
enum mf_got {
	MF_BAD = -1,    /* present but malformed (reported) */
	MF_ABSENT = 0,
	MF_OK = 1,
};

/* Validate the blob (fdt_check_full) and set up *c; false (reported) if the
 * bytes are not a well-formed DTB. */
bool mf_open(struct mf_ctx *c, const void *blob, size_t size, struct spmc_mf_arena *arena,
	     struct spmc_mf_diags *diags);

/* ---- diagnostics ---- */
void mf_report(struct mf_ctx *c, enum spmc_mf_severity sev, int node, const char *prop,
	       const char *msg, bool has_value, uint64_t value);
void mf_error(struct mf_ctx *c, int node, const char *prop, const char *msg);
void mf_error_v(struct mf_ctx *c, int node, const char *prop, const char *msg, uint64_t v);
void mf_note(struct mf_ctx *c, int node, const char *prop, const char *msg);
/* Report to a sink without a blob (cross checks); counts like the others. */
void mf_emit(struct spmc_mf_diags *d, const struct spmc_mf_diag *diag);

/* The path of node, in c->path (valid until the next call). */
const char *mf_path(struct mf_ctx *c, int node);

/* ---- arena ---- */
/* count * size zeroed bytes, 8-byte aligned; NULL (reported once, c->nomem)
 * if the arena is exhausted. count 0 returns NULL without failing. */
void *mf_alloc(struct mf_ctx *c, int node, size_t count, size_t size);
/* An arena copy of node's path; NULL if out of memory. */
const char *mf_path_dup(struct mf_ctx *c, int node);

/* ---- node helpers ---- */
/* Whether a node name is `base` with or without a unit address ("name@...") */
bool mf_name_is(const char *name, const char *base);
/* The name of node ("" for the root). */
const char *mf_node_name(struct mf_ctx *c, int node);
/* Whether node's compatible list holds compat. */
bool mf_compatible(struct mf_ctx *c, int node, const char *compat);
/* Reports a note for every property of node not in known[0..n) (n <= 64) and
 * an error for a known one given twice. */
void mf_scan_props(struct mf_ctx *c, int node, const char *const *known, uint32_t n);
/* Number of subnodes of node. */
uint32_t mf_count_subnodes(struct mf_ctx *c, int node);

/* ---- typed property readers: each reports what it finds wrong ---- */
/* Raw value; MF_BAD only for libfdt errors other than "not found". */
int mf_prop(struct mf_ctx *c, int node, const char *name, const uint8_t **val, uint32_t *len);
/* One 32-bit cell (also two cells whose value fits 32 bits, as Hafnium reads them). */
int mf_u32(struct mf_ctx *c, int node, const char *name, uint32_t *out);
/* mf_u32, and at most max (else reported, MF_BAD). */
int mf_u32_max(struct mf_ctx *c, int node, const char *name, uint32_t max, uint32_t *out);
/* mf_u32 whose set bits all lie in mask (else reported, MF_BAD). */
int mf_u32_bits(struct mf_ctx *c, int node, const char *name, uint32_t mask, uint32_t *out);
/* One or two cells. */
int mf_u64(struct mf_ctx *c, int node, const char *name, uint64_t *out);
/* An empty property: present or not. */
int mf_bool(struct mf_ctx *c, int node, const char *name, bool *out);
/* One NUL-terminated string. */
int mf_str(struct mf_ctx *c, int node, const char *name, const char **out);
/* A non-empty list of groups of `group` cells; *count = number of groups. */
int mf_cells(struct mf_ctx *c, int node, const char *name, uint32_t group, const uint8_t **p,
	     uint32_t *count);
/* Cell i of a list from mf_cells. */
uint32_t mf_cell(const uint8_t *p, uint32_t i);
/* Report a missing mandatory property when got is MF_ABSENT; returns got == MF_OK. */
bool mf_need(struct mf_ctx *c, int node, const char *name, int got);

/* ---- UUIDs ---- */
/* Canonical "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" into words (see
 * SPMC_MF_UUID_STRING_HAFNIUM); false if malformed. */
bool mf_uuid_from_string(const char *s, bool hafnium, uint32_t w[4]);
bool mf_uuid_is_nil(const uint32_t w[4]);

/* ---- parts of the partition parser ---- */
void mf_parse_regions(struct mf_ctx *c, int node, bool device, struct spmc_mf_partition *m);
void mf_resolve_rxtx(struct mf_ctx *c, int rxtx_node, struct spmc_mf_partition *m);
void mf_check_streams(struct mf_ctx *c, const struct spmc_mf_partition *m);

/* Region end (exclusive), or 0 if base + pages overflows. */
static inline uint64_t mf_region_end(uint64_t base, uint32_t pages)
{
	uint64_t len = (uint64_t)pages * SPMC_MF_PAGE_SIZE;

	return base > UINT64_MAX - len ? 0 : base + len;
}

#endif
