/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spmc-flash: packs the secure world's images into one boot flash image for
 * the QEMU virt test platform, whose secure RAM only the CPU can write (QEMU's
 * loaders see the non-secure address space). The image:
 *   0x0000  the reset code (tests/qemu/boot/reset.S), at most 2 KiB;
 *   0x0800  the load table: {flash offset, destination, size} per image,
 *           64-bit little-endian each, ended by an all-zero entry;
 *   0x1000  the images, each 4 KiB aligned.
 * The reset code copies every image to its destination, then enters EL3.
 *
 *   spmc-flash -o FLASH.bin RESET.bin FILE@ADDR...
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hostio.h"

#define RESET_MAX 0x800u
#define TABLE_OFF 0x800u
#define TABLE_MAX ((0x1000u - TABLE_OFF) / 24u - 1u)
#define IMAGES_OFF 0x1000u
#define FLASH_MAX (64u << 20) /* QEMU virt's secure flash */
#define IMAGE_MAX (16u << 20)

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int usage(void)
{
	fprintf(stderr, "usage: spmc-flash -o FLASH.bin RESET.bin FILE@ADDR...\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	char err[256];
	uint8_t *flash, *reset;
	size_t reset_len, end = IMAGES_OFF;
	int first, n;

	if (argc < 4 || strcmp(argv[1], "-o") != 0)
		return usage();
	out = argv[2];
	first = 4;
	n = argc - first;
	if ((unsigned)n > TABLE_MAX) {
		fprintf(stderr, "spmc-flash: at most %u images\n", TABLE_MAX);
		return 1;
	}
	flash = calloc(1, FLASH_MAX);
	if (!flash)
		return 1;
	if (host_read_file(argv[3], RESET_MAX, &reset, &reset_len, err, sizeof(err)) != 0) {
		fprintf(stderr, "spmc-flash: %s\n", err);
		return 1;
	}
	memcpy(flash, reset, reset_len);
	free(reset);
	for (int i = 0; i < n; i++) {
		char *arg = argv[first + i], *at = strrchr(arg, '@'), *endp;
		uint8_t *img;
		size_t len;
		uint64_t addr;

		if (!at) {
			fprintf(stderr, "spmc-flash: %s: want FILE@ADDR\n", arg);
			return 1;
		}
		*at = '\0';
		errno = 0;
		addr = strtoull(at + 1, &endp, 0);
		if (errno || *endp || endp == at + 1) {
			fprintf(stderr, "spmc-flash: %s: bad address '%s'\n", arg, at + 1);
			return 1;
		}
		if (host_read_file(arg, IMAGE_MAX, &img, &len, err, sizeof(err)) != 0) {
			fprintf(stderr, "spmc-flash: %s\n", err);
			return 1;
		}
		if (len > FLASH_MAX - end) {
			fprintf(stderr, "spmc-flash: %s: the flash is full\n", arg);
			return 1;
		}
		memcpy(flash + end, img, len);
		put64(flash + TABLE_OFF + 24u * (unsigned)i, end);
		put64(flash + TABLE_OFF + 24u * (unsigned)i + 8, addr);
		put64(flash + TABLE_OFF + 24u * (unsigned)i + 16, (len + 7) & ~(size_t)7);
		end = (end + len + 0xfff) & ~(size_t)0xfff;
		free(img);
	}
	if (host_write_file(out, flash, end, err, sizeof(err)) != 0) {
		fprintf(stderr, "spmc-flash: %s\n", err);
		return 1;
	}
	free(flash);
	return 0;
}
