/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loading secure partitions from SP packages, both ways OP-TEE documents:
 *  - FIP SPs: BL2 has placed each package at a load address the SPMC manifest
 *    lists (an "arm,sp_pkg" list, or Hafnium's hypervisor/vmN nodes); the
 *    loader finds each there through hal_spmc_map();
 *  - embedded SPs: packages inside the SPMC image, handed over in memory; each
 *    partition runs at its manifest's load-address.
 * For every package: check the package, parse its manifest, check the set
 * (duplicate IDs/UUIDs, overlapping memory), prepare the image (hal_image_load)
 * and write its boot information. A partition that fails any step is left out,
 * with every problem reported, and the others still load; a bad SPMC manifest
 * fails the whole load.
 */
#ifndef LIBSPMC_LOADER_H
#define LIBSPMC_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "manifest/manifest.h"
#include "spmc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A package handed to the loader in memory (the embedded flow). */
struct spmc_embedded_pkg {
	const void *pkg;
	size_t size;
};

struct spmc_load_input {
	const void *spmc_manifest;    /* DTB, in the SPMC's view */
	size_t spmc_manifest_size;
	const struct spmc_embedded_pkg *embedded; /* NULL: the FIP flow */
	uint32_t embedded_count;
	uint32_t cpu_count;           /* 0: the SPMC manifest's cpus node */
	/* Working memory a partition gets beyond its package when nothing states
	 * its size (Hafnium's vmN mem_size, the manifest's image-size). 0 = 256 KiB. */
	uint64_t default_extra_mem;
};

/* Loads every partition it can. The configuration (partitions, their
 * regions and services) is carved from arena, which must outlive it. Returns
 * 0 — some partitions may have been left out, each with errors reported —
 * or an FFA_RET_* code when the SPMC manifest itself is unusable or the arena
 * too small. *loaded / *failed count the partitions. */
int spmc_load(const struct spmc_load_input *in, struct spmc_mf_arena *arena,
	      struct spmc_config *out, uint32_t *loaded, uint32_t *failed,
	      struct spmc_mf_diags *diags);

#ifdef __cplusplus
}
#endif

#endif
