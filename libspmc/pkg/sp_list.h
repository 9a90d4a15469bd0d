/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SP package lists: which packages exist (a name, a UUID, a load address),
 * and whether two descriptions of them agree.
 *
 * In the FIP flow OP-TEE documents, each SP package's UUID and load address
 * are written twice: in the SPMC manifest (node compatible "arm,sp_pkg", one
 * child per package with uuid = <4 cells> and load-address = <2 cells>) and
 * in BL2's TB_FW_CONFIG (node compatible "arm,sp", one child per SP with
 * uuid = "text", load-address = <1 cell>, optional owner). BL2 loads each
 * package where its list says; the SPMC looks for it where its manifest says.
 * Nothing in TF-A or OP-TEE checks that they agree. sp_list_compare does.
 *
 * The comparison takes plain arrays, so any source (a manifest parser, a
 * layout file, a test) can feed it. Freestanding core code; the device-tree
 * readers use libfdt.
 */
#ifndef LIBSPMC_PKG_SP_LIST_H
#define LIBSPMC_PKG_SP_LIST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The most entries a list may have for sp_list_compare / sp_list_check
 * (TF-A's BL2 takes 8). */
#define SP_LIST_MAX 256u

struct sp_list_entry {
	const char *name;          /* node name or layout key; may be NULL */
	uint32_t uuid[4];          /* device-tree cell / FF-A word form (see pkg/uuid.h) */
	uint64_t load_address;
};

struct sp_list {
	const char *label;         /* for messages: "SPMC manifest", "BL2 list" */
	const struct sp_list_entry *entries;
	size_t count;
};

enum sp_list_diff_kind {
	SP_LIST_UUID_DIFFERS,      /* a pair (x in a, y in b) with different UUIDs */
	SP_LIST_ADDR_DIFFERS,      /* a pair with different load addresses */
	SP_LIST_MISSING,           /* x is in `list` and nothing in `other` matches it */
	SP_LIST_DUP_UUID,          /* x and y in `list` share a UUID */
	SP_LIST_DUP_ADDR,          /* x and y in `list` share a load address */
	SP_LIST_TOO_MANY,          /* `list` has more than SP_LIST_MAX entries: not compared */
};

struct sp_list_diff {
	enum sp_list_diff_kind kind;
	const struct sp_list *list;     /* *_DIFFERS: a */
	const struct sp_list *other;    /* *_DIFFERS: b; MISSING: the list lacking x */
	const struct sp_list_entry *x;  /* *_DIFFERS: in a */
	const struct sp_list_entry *y;  /* *_DIFFERS: in b; DUP_*: the later entry */
};

typedef void (*sp_list_report_fn)(void *ctx, const struct sp_list_diff *d);

/* Reports (through fn, if not NULL) every disagreement between a and b, and
 * every duplicate inside either; returns how many. Entries pair up by name
 * first (both named, equal names), then the rest by UUID, then by load
 * address; a paired entry reports each field that differs, an unpaired one
 * is MISSING from the other list. */
size_t sp_list_compare(const struct sp_list *a, const struct sp_list *b, sp_list_report_fn fn,
		       void *ctx);

/* Only the pairing part of sp_list_compare: disagreements between a and b,
 * not duplicates inside either (for comparing one list with several others
 * without repeating its duplicates). */
size_t sp_list_match(const struct sp_list *a, const struct sp_list *b, sp_list_report_fn fn,
		     void *ctx);

/* Reports duplicate UUIDs and duplicate load addresses inside one list;
 * returns how many. */
size_t sp_list_check(const struct sp_list *l, sp_list_report_fn fn, void *ctx);

/* One line of text for a disagreement, naming both values, e.g.
 * "SP 'echo': UUID in SPMC manifest 11111111-... differs from BL2 list 22222222-...".
 * Writes at most cap bytes including the NUL (truncating); returns the full
 * length it needed, without the NUL. */
size_t sp_list_diff_format(const struct sp_list_diff *d, char *buf, size_t cap);

/* ---- reading the device-tree forms ---- */

enum sp_list_status {
	SP_LIST_OK = 0,
	SP_LIST_ERR_FDT = -1,       /* not a well-formed device tree */
	SP_LIST_ERR_ROOT = -2,      /* SPMC manifest root not "arm,ffa-core-manifest-1.0" */
	SP_LIST_ERR_NO_NODE = -3,   /* BL2 config has no "arm,sp" node */
	SP_LIST_ERR_UUID = -4,      /* uuid missing or malformed */
	SP_LIST_ERR_ADDR = -5,      /* load-address missing or malformed */
	SP_LIST_ERR_FULL = -6,      /* more entries than the output array holds */
};

/* Where reading stopped: a static sentence, and the node and property at
 * fault (node: a name inside the blob, or "/" for the root; NULL when not
 * about one). */
struct sp_list_error {
	const char *why;
	const char *node;
	const char *property;
};

/* Reads the SPMC manifest's SP package list (the children of the node
 * compatible "arm,sp_pkg": uuid 4 cells, load-address 2 cells or 1) from the
 * blob fdt of size bytes into out[0..cap). No such node is a valid, empty
 * list (OP-TEE: packages are optional). Names point into the blob. Returns
 * SP_LIST_OK with *count set, or an SP_LIST_ERR_* with *err filled. */
int sp_list_from_spmc_manifest(const void *fdt, size_t size, struct sp_list_entry *out,
			       size_t cap, size_t *count, struct sp_list_error *err);

/* Reads BL2's SP list (the children of the node compatible "arm,sp" in
 * TB_FW_CONFIG: uuid a text string, load-address 1 cell, as TF-A's fconf
 * reads them). The node is required (BL2 fails without it). */
int sp_list_from_bl2_config(const void *fdt, size_t size, struct sp_list_entry *out, size_t cap,
			    size_t *count, struct sp_list_error *err);

#ifdef __cplusplus
}
#endif

#endif
