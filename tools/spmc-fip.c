/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spmc-fip: make and list TF-A firmware image packages (FIP).
 *
 *   spmc-fip create -o OUT.fip --entry UUID=FILE [--entry UUID=FILE ...] [--align N]
 *   spmc-fip list FILE
 *
 * UUIDs are canonical text ("79b55c73-1d8c-44b9-8593-61e1770ad8d2"), stored in
 * text byte order as fiptool stores them. `list` checks the FIP with the
 * core's reader (libspmc/pkg/fip.c) and says which entries are SP packages.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/fip.h"
#include "pkg/sp_pkg.h"
#include "pkg/uuid.h"

#include "lib/hostio.h"

#define MAX_FILE (1u << 30)

static void usage(FILE *f)
{
	fprintf(f,
		"usage: spmc-fip create -o OUT.fip --entry UUID=FILE [--entry UUID=FILE ...] [--align N]\n"
		"       spmc-fip list FILE\n"
		"\n"
		"create  packs files into a FIP: a ToC (name 0xAA640001, serial, flags), one\n"
		"        40-byte entry per file (UUID, offset, size, flags) and an all-zero\n"
		"        terminator, then the files, each at a multiple of N bytes (default 16).\n"
		"list    prints a FIP's entries and checks it; exit 1 if it is invalid.\n");
}

static int cmd_list(const char *path)
{
	char err[512], text[PKG_UUID_TEXT_LEN + 1];
	uint8_t *buf;
	size_t len;
	struct fip f;
	const char *why;
	int rc;

	if (host_read_file(path, MAX_FILE, &buf, &len, err, sizeof(err))) {
		fprintf(stderr, "spmc-fip: %s\n", err);
		return 1;
	}
	rc = fip_parse(buf, len, &f, &why);
	if (rc != FIP_OK) {
		fprintf(stderr, "spmc-fip: %s: invalid FIP: ", path);
		if (f.err_entry != UINT32_MAX && f.err_entry < FIP_MAX_ENTRIES &&
		    rc != FIP_ERR_NO_END && rc != FIP_ERR_TOO_MANY) {
			const uint8_t *e = buf + FIP_TOC_HEADER_SIZE + (size_t)f.err_entry * FIP_TOC_ENTRY_SIZE;
			uint64_t off = 0, size = 0;

			for (int i = 7; i >= 0; i--) {
				off = off << 8 | e[16 + i];
				size = size << 8 | e[24 + i];
			}
			pkg_uuid_format(e, text);
			fprintf(stderr, "entry %" PRIu32 " (%s, offset 0x%" PRIx64 ", size 0x%" PRIx64 ")",
				f.err_entry, text, off, size);
			if (f.err_other != UINT32_MAX)
				fprintf(stderr, " and entry %" PRIu32, f.err_other);
			fprintf(stderr, ": ");
		}
		fprintf(stderr, "%s", why);
		if (rc == FIP_ERR_RANGE)
			fprintf(stderr, " (the file has 0x%zx bytes)", len);
		fprintf(stderr, "\n");
		free(buf);
		return 1;
	}
	printf("%s: FIP, %zu bytes, serial 0x%08" PRIx32 ", flags 0x%" PRIx64 ", %" PRIu32
	       " entr%s\n",
	       path, len, f.serial, f.flags, f.count, f.count == 1 ? "y" : "ies");
	for (uint32_t i = 0; i < f.count; i++) {
		struct fip_entry e;
		struct sp_pkg pkg;

		fip_entry_get(&f, i, &e);
		pkg_uuid_format(e.uuid, text);
		printf("  [%" PRIu32 "] %s  offset 0x%" PRIx64 "  size 0x%" PRIx64 "  flags 0x%" PRIx64,
		       i, text, e.offset, e.size, e.flags);
		if (sp_pkg_parse(e.data, (size_t)e.size, &pkg, &why) == SP_PKG_OK)
			printf("  SP package v%" PRIu32 " (manifest %" PRIu32 " bytes, image %" PRIu32
			       " bytes)",
			       pkg.version, pkg.pm_size, pkg.img_size);
		else if (e.size >= 4 && e.data[0] == 'S' && e.data[1] == 'P' && e.data[2] == 'K' &&
			 e.data[3] == 'G')
			printf("  invalid SP package: %s", why);
		printf("\n");
	}
	free(buf);
	return 0;
}

static int cmd_create(int argc, char **argv)
{
	struct fip_input *in = calloc(FIP_MAX_ENTRIES, sizeof(*in));
	uint8_t **data = calloc(FIP_MAX_ENTRIES, sizeof(*data));
	uint32_t n = 0, align = 16;
	const char *out = NULL, *why;
	uint8_t *fipbuf = NULL;
	uint64_t total;
	size_t len;
	char err[512];
	int rc = 1;

	if (!in || !data) {
		fprintf(stderr, "spmc-fip: out of memory\n");
		goto out;
	}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			rc = 0;
			goto out;
		}
		if (!v) {
			fprintf(stderr, "spmc-fip: %s needs a value\n", a);
			rc = 2;
			goto out;
		}
		i++;
		if (!strcmp(a, "-o")) {
			out = v;
		} else if (!strcmp(a, "--align")) {
			char *end;
			unsigned long x = strtoul(v, &end, 0);

			if (*end || x == 0 || (x & (x - 1)) || x > (1ul << 20)) {
				fprintf(stderr, "spmc-fip: --align takes a power of two up to 1 MiB\n");
				rc = 2;
				goto out;
			}
			align = (uint32_t)x;
		} else if (!strcmp(a, "--entry")) {
			const char *eq = strchr(v, '=');
			size_t flen;

			if (n == FIP_MAX_ENTRIES) {
				fprintf(stderr, "spmc-fip: more than %u entries\n", FIP_MAX_ENTRIES);
				goto out;
			}
			if (!eq || pkg_uuid_parse(v, (size_t)(eq - v), in[n].uuid) != 0 || !eq[1]) {
				fprintf(stderr,
					"spmc-fip: --entry %s: want UUID=FILE with a canonical UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)\n",
					v);
				rc = 2;
				goto out;
			}
			if (host_read_file(eq + 1, MAX_FILE, &data[n], &flen, err, sizeof(err))) {
				fprintf(stderr, "spmc-fip: %s\n", err);
				goto out;
			}
			in[n].data = data[n];
			in[n].size = flen;
			n++;
		} else {
			fprintf(stderr, "spmc-fip: unknown option %s\n", a);
			usage(stderr);
			rc = 2;
			goto out;
		}
	}
	if (!out) {
		fprintf(stderr, "spmc-fip: create needs -o OUT.fip\n");
		rc = 2;
		goto out;
	}
	total = fip_size(in, n, align);
	fipbuf = total && total <= SIZE_MAX ? malloc((size_t)total) : NULL;
	if (!fipbuf) {
		fprintf(stderr, "spmc-fip: %s: out of memory\n", out);
		goto out;
	}
	if (fip_write(fipbuf, (size_t)total, in, n, align, &len, &why) != FIP_OK) {
		fprintf(stderr, "spmc-fip: %s: %s\n", out, why);
		goto out;
	}
	if (host_write_file(out, fipbuf, len, err, sizeof(err))) {
		fprintf(stderr, "spmc-fip: %s\n", err);
		goto out;
	}
	printf("%s: FIP, %" PRIu32 " entr%s, %zu bytes\n", out, n, n == 1 ? "y" : "ies", len);
	rc = 0;
out:
	for (uint32_t i = 0; data && i < n; i++)
		free(data[i]);
	free(data);
	free(in);
	free(fipbuf);
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
	if (argc == 3 && !strcmp(argv[1], "list"))
		return cmd_list(argv[2]);
	usage(stderr);
	return 2;
}
