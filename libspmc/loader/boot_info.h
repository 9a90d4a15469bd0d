/* SPDX-License-Identifier: BSD-3-Clause */
/* Building the FF-A v1.1 boot information a partition receives at its entry point. */
#ifndef LIBSPMC_LOADER_BOOT_INFO_H
#define LIBSPMC_LOADER_BOOT_INFO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes a boot information blob at dst (which the partition sees at
 * blob_ipa) holding one FDT descriptor, "manifest", whose content is a copy
 * of the partition manifest placed right after the descriptor. Returns the
 * blob's size, or 0 if it does not fit in cap bytes (nothing is written then). */
size_t spmc_boot_info_write(void *dst, size_t cap, uint64_t blob_ipa, uint32_t ffa_version,
			    const void *manifest, uint32_t manifest_size);

#ifdef __cplusplus
}
#endif

#endif
