/* SPDX-License-Identifier: BSD-3-Clause */
/* Placing a partition image in its memory (the hardware backends' image loader). */
#ifndef LIBSPMC_LOADER_IMAGE_PLACE_H
#define LIBSPMC_LOADER_IMAGE_PLACE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Places image [img, img + img_size) into the partition's memory, which the
 * SPMC sees at mem and the partition at [load_addr, load_addr + mem_size):
 *  - an ELF64 image (little-endian, AArch64 or this host's machine): each
 *    PT_LOAD segment is copied to load_addr + entry_offset + p_vaddr and its
 *    tail up to p_memsz zeroed; the entry point is that base + e_entry;
 *  - anything else is a raw image, copied to load_addr + entry_offset, entered
 *    at its first byte.
 * Returns 0 and *entry, or an FFA_RET_* code with *why set; on failure the
 * partition's memory is left as it was.
 */
int spmc_image_place(uint8_t *mem, uint64_t mem_size, uint64_t load_addr, uint64_t entry_offset,
		     const void *img, uint64_t img_size, uint64_t *entry, const char **why);

#ifdef __cplusplus
}
#endif

#endif
