/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SP layout file: one JSON object, one member per secure partition, in
 * the spirit of TF-A's sp_layout.json (SP_LAYOUT_FILE), so that each SP's
 * UUID and load address are written once and everything else is generated
 * from it. Host code.
 *
 *   {
 *       "echo": {
 *           "image": "build/host/sp/echo_sp.so",
 *           "pm": "examples/sp/echo.dts",
 *           "uuid": "79b55c73-1d8c-44b9-8593-61e1770ad8d2",
 *           "load-address": "0x7a00000",
 *           "owner": "SiP"
 *       },
 *       "kv": { "image": {"file": "kv.bin", "offset": "0x8000"},
 *               "pm": {"file": "kv.dts", "offset": "0x1000"},
 *               "package-version": 1 }
 *   }
 *
 * The member name is the SP's name: the node name in both generated lists
 * and the base name of its files (1..31 characters of [A-Za-z0-9,._+-]).
 * Keys of an SP (anything else is an error, so a typo cannot pass silently):
 *   image            required. Path of the SP image, or {"file": path,
 *                    "offset": n} to place it at offset n in the package.
 *   pm               required. Path of the partition manifest, DTS (run
 *                    through cpp and dtc) or DTB, or {"file", "offset"}.
 *   uuid             optional. Canonical text. Without it, the partition
 *                    manifest's first uuid is used; with it, the manifest's
 *                    uuid (if any) must agree.
 *   load-address     optional (TF-A's name "physical-load-address" is also
 *                    taken; not both). Where BL2 loads the package and the
 *                    SPMC finds it. Without it, the manifest's load-address.
 *   owner            optional. "SiP" (default) or "Plat" (TF-A dualroot).
 *   package          optional. "sp_pkg" (the only format supported).
 *   package-version  optional. 1 or 2 (default 2).
 * Numbers (offsets, addresses) are JSON integers or strings, decimal or
 * "0x" hex. Relative paths are relative to the layout file's directory, as
 * in TF-A.
 */
#ifndef TOOLS_LIB_LAYOUT_H
#define TOOLS_LIB_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pkg/sp_list.h"

#define LAYOUT_NAME_MAX 31

struct layout_sp {
	char *name;
	unsigned line, col;          /* of its key in the layout file */
	char *image, *pm;            /* resolved paths */
	uint64_t image_offset, pm_offset; /* 0: the package format's default */
	bool has_uuid;
	uint8_t uuid[16];            /* text order */
	bool has_load_address;
	uint64_t load_address;
	const char *owner;           /* "SiP" or "Plat" */
	uint32_t pkg_version;
};

struct layout {
	char *path;
	struct layout_sp *sps;
	size_t count;
};

/* Parses the layout text read from path. Returns 0, or -1 with err set to
 * "PATH:LINE:COL: message". */
int layout_parse(const char *text, size_t len, const char *path, struct layout *out, char *err,
		 size_t errlen);

void layout_free(struct layout *l);

/* Completes sp from its compiled partition manifest (a DTB of pm_size bytes):
 * the UUID and load address it lacks, and a check that the UUID it has is one
 * the manifest declares. Returns 0, or -1 with err set. */
int layout_resolve(const struct layout *l, struct layout_sp *sp, const void *pm_dtb,
		   size_t pm_size, char *err, size_t errlen);

/* The layout as an SP list (every SP resolved), into out[0..l->count). */
void layout_entries(const struct layout *l, struct sp_list_entry *out);

/* The SPMC manifest's package list: a DTS fragment, the node compatible
 * "arm,sp_pkg", to include in the SPMC manifest's root node. */
void layout_write_spmc_list(FILE *f, const struct layout *l);

/* BL2's SP list: DTS child nodes for TB_FW_CONFIG's node compatible
 * "arm,sp" (what TF-A's ARM_BL2_SP_LIST_DTS injects). Returns 0, or -1 with
 * err set when a load address does not fit the u32 BL2 reads. */
int layout_write_bl2_list(FILE *f, const struct layout *l, char *err, size_t errlen);

/* Checks a resolved layout on its own: no UUID or load address twice, and
 * no two packages (pkg_size[i] bytes from each load address) overlapping in
 * memory. Prints each problem as "PATH: message" to `out`; returns how many. */
size_t layout_check(const struct layout *l, const uint64_t *pkg_size, FILE *out);

/* Whether s is a valid SP name: 1..31 of [A-Za-z0-9,._+-]. */
bool layout_name_ok(const char *s);

#endif
