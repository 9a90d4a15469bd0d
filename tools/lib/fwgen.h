/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Generates a platform's firmware artifacts in memory: n SP packages around
 * one image, a FIP holding them, and the SPMC manifest listing them, for
 * benchmarks and tests that need many partitions.
 */
#ifndef TOOLS_LIB_FWGEN_H
#define TOOLS_LIB_FWGEN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct fwgen {
	unsigned char *fip;
	size_t fip_size;
	unsigned char *spmc_manifest;
	size_t spmc_manifest_size;
};

/* n UP partitions 0x8001.., each receiving direct requests, running `image`,
 * packaged at base + i * stride (secure DRAM), for cpus CPUs. 0 or -1 with a
 * message on stderr. Free with fwgen_free. */
int fwgen_build(struct fwgen *out, unsigned n, const void *image, size_t image_size,
		uint64_t base, uint64_t stride, unsigned cpus);
void fwgen_free(struct fwgen *g);

#ifdef __cplusplus
}
#endif

#endif
