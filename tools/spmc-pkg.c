/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spmc-pkg: make and inspect TF-A secure partition packages ("SPKG").
 *
 *   spmc-pkg create --manifest M.dtb --image IMG [--version 1|2]
 *                   [--pm-offset N] [--img-offset N] -o OUT.pkg
 *   spmc-pkg info FILE
 *
 * `info` prints the header and checks the package with the core's reader
 * (libspmc/pkg/sp_pkg.c, the one the SPMC loads packages with); a bad
 * package is exit status 1 and one line naming the file and the problem.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "manifest/manifest.h"
#include "pkg/sp_pkg.h"
#include "pkg/uuid.h"

#include "lib/hostio.h"

#define MAX_FILE (1u << 30)

static void usage(FILE *f)
{
	fprintf(f,
		"usage: spmc-pkg create --manifest M.dtb --image IMG [--version 1|2]\n"
		"                       [--pm-offset N] [--img-offset N] -o OUT.pkg\n"
		"       spmc-pkg info FILE\n"
		"\n"
		"create  wraps a partition manifest (a DTB) and an SP image into an SP package:\n"
		"        six little-endian u32 (magic \"SPKG\", version, manifest offset and size,\n"
		"        image offset and size), then the two parts. Version 2 (default) puts\n"
		"        the manifest at 0x1000 and the image at 0x4000 or the next 4 KiB after\n"
		"        the manifest; version 1 the manifest right after the header and the\n"
		"        image at the next 4 KiB. --pm-offset / --img-offset override.\n"
		"info    prints a package's header and checks it; exit 1 if it is invalid.\n");
}

static int parse_num(const char *s, uint64_t *out)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 0);
	return *end ? -1 : 0;
}

/* A line about the manifest: is it a device tree, and which partition. */
static void describe_manifest(const uint8_t *pm, uint32_t size)
{
	const void *p;
	int len, root;

	if (spmc_mf_fdt_check(pm, size) != 0) {
		printf("  contents:  not a valid device tree blob\n");
		return;
	}
	root = fdt_path_offset(pm, "/");
	printf("  contents:  device tree");
	p = fdt_getprop(pm, root, "description", &len);
	if (p && len > 0 && ((const char *)p)[len - 1] == '\0')
		printf(", \"%s\"", (const char *)p);
	p = fdt_getprop(pm, root, "uuid", &len);
	if (p && len >= 16 && len % 16 == 0) {
		const uint8_t *c = p;
		uint32_t w[4];
		uint8_t b[16];
		char text[PKG_UUID_TEXT_LEN + 1];

		for (int i = 0; i < 4; i++)
			w[i] = (uint32_t)c[4 * i] << 24 | (uint32_t)c[4 * i + 1] << 16 |
			       (uint32_t)c[4 * i + 2] << 8 | c[4 * i + 3];
		pkg_uuid_words_to_bytes(w, b);
		pkg_uuid_format(b, text);
		printf(", uuid %s", text);
		if (len > 16)
			printf(" (+%d more)", len / 16 - 1);
	}
	printf("\n");
}

static int cmd_info(const char *path)
{
	char err[512];
	uint8_t *buf;
	size_t len;
	struct sp_pkg pkg;
	const char *why;
	int rc;

	if (host_read_file(path, MAX_FILE, &buf, &len, err, sizeof(err))) {
		fprintf(stderr, "spmc-pkg: %s\n", err);
		return 1;
	}
	rc = sp_pkg_parse(buf, len, &pkg, &why);
	if (len >= SP_PKG_HEADER_SIZE) {
		const uint8_t *b = buf;
		uint32_t f[6];

		for (int i = 0; i < 6; i++)
			f[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
			       (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
		printf("%s: %zu bytes\n", path, len);
		printf("  magic:     0x%08" PRIx32 "%s\n", f[0],
		       f[0] == SP_PKG_MAGIC ? " (\"SPKG\")" : "");
		printf("  version:   %" PRIu32 "\n", f[1]);
		printf("  manifest:  offset 0x%" PRIx32 ", size 0x%" PRIx32 " (%" PRIu32 " bytes)\n",
		       f[2], f[3], f[3]);
		printf("  image:     offset 0x%" PRIx32 ", size 0x%" PRIx32 " (%" PRIu32 " bytes)\n",
		       f[4], f[5], f[5]);
		if (rc == SP_PKG_ERR_PM_RANGE || rc == SP_PKG_ERR_IMG_RANGE) {
			uint64_t off = rc == SP_PKG_ERR_PM_RANGE ? f[2] : f[4];
			uint64_t size = rc == SP_PKG_ERR_PM_RANGE ? f[3] : f[5];

			fprintf(stderr, "spmc-pkg: %s: invalid SP package: %s (ends at 0x%" PRIx64
				", the file has 0x%zx bytes)\n",
				path, why, off + size, len);
			free(buf);
			return 1;
		}
	}
	if (rc != SP_PKG_OK) {
		fprintf(stderr, "spmc-pkg: %s: invalid SP package: %s\n", path, why);
		free(buf);
		return 1;
	}
	describe_manifest(pkg.pm, pkg.pm_size);
	if (pkg.total_size < len)
		printf("  trailing:  %" PRIu64 " bytes after the image\n", (uint64_t)len - pkg.total_size);
	printf("  valid SP package, version %" PRIu32 "\n", pkg.version);
	free(buf);
	return 0;
}

static int cmd_create(int argc, char **argv)
{
	const char *manifest = NULL, *image = NULL, *out = NULL;
	uint64_t version = 2, pm_off = 0, img_off = 0;
	uint8_t *pm = NULL, *img = NULL, *pkgbuf = NULL;
	size_t pm_len, img_len;
	struct sp_pkg plan;
	const char *why;
	char err[512];
	int rc = 1;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		}
		if (!v) {
			fprintf(stderr, "spmc-pkg: %s needs a value\n", a);
			return 2;
		}
		i++;
		if (!strcmp(a, "--manifest")) {
			manifest = v;
		} else if (!strcmp(a, "--image")) {
			image = v;
		} else if (!strcmp(a, "-o")) {
			out = v;
		} else if (!strcmp(a, "--version")) {
			if (parse_num(v, &version) || (version != 1 && version != 2)) {
				fprintf(stderr, "spmc-pkg: --version takes 1 or 2\n");
				return 2;
			}
		} else if (!strcmp(a, "--pm-offset") || !strcmp(a, "--img-offset")) {
			if (parse_num(v, a[2] == 'p' ? &pm_off : &img_off)) {
				fprintf(stderr, "spmc-pkg: %s takes a number\n", a);
				return 2;
			}
		} else {
			fprintf(stderr, "spmc-pkg: unknown option %s\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!manifest || !image || !out) {
		fprintf(stderr, "spmc-pkg: create needs --manifest, --image and -o\n");
		usage(stderr);
		return 2;
	}
	if (host_read_file(manifest, MAX_FILE, &pm, &pm_len, err, sizeof(err)) ||
	    host_read_file(image, MAX_FILE, &img, &img_len, err, sizeof(err))) {
		fprintf(stderr, "spmc-pkg: %s\n", err);
		goto out;
	}
	if (spmc_mf_fdt_check(pm, pm_len) != 0) {
		fprintf(stderr, "spmc-pkg: %s: not a device tree blob (compile the manifest with dtc)\n",
			manifest);
		goto out;
	}
	if (sp_pkg_plan((uint32_t)version, pm_len, img_len, pm_off, img_off, &plan, &why)) {
		fprintf(stderr, "spmc-pkg: cannot package %s and %s: %s\n", manifest, image, why);
		goto out;
	}
	pkgbuf = malloc(plan.total_size);
	if (!pkgbuf || sp_pkg_write(pkgbuf, plan.total_size, &plan, pm, img, &why)) {
		fprintf(stderr, "spmc-pkg: %s: %s\n", out, pkgbuf ? why : "out of memory");
		goto out;
	}
	if (host_write_file(out, pkgbuf, plan.total_size, err, sizeof(err))) {
		fprintf(stderr, "spmc-pkg: %s\n", err);
		goto out;
	}
	printf("%s: SP package v%" PRIu32 ", manifest 0x%" PRIx32 "+0x%" PRIx32 ", image 0x%" PRIx32
	       "+0x%" PRIx32 ", %" PRIu64 " bytes\n",
	       out, plan.version, plan.pm_offset, plan.pm_size, plan.img_offset, plan.img_size,
	       plan.total_size);
	rc = 0;
out:
	free(pm);
	free(img);
	free(pkgbuf);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "create"))
		return cmd_create(argc - 2, argv + 2);
	if (argc == 3 && !strcmp(argv[1], "info"))
		return cmd_info(argv[2]);
	usage(stderr);
	return 2;
}
