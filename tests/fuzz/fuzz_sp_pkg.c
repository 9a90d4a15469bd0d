/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the SP package reader (libspmc/pkg/sp_pkg.c).
 * Invariants after every input:
 *  - a valid package's parts are non-empty, inside the buffer, after the
 *    header, in order and not overlapping; version 2 offsets are 4 KiB-aligned;
 *  - the header-only check agrees with the full one (a full-parse failure
 *    other than a part past the end is a header failure too);
 *  - a valid package re-planned with its own offsets and re-written reads
 *    back identical (writer and reader agree);
 *  - the input split into a manifest and an image always packages, in both
 *    versions, with the default layout.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/sp_pkg.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static void check_valid(const uint8_t *data, size_t size, const struct sp_pkg *p)
{
	uint64_t pm_end = (uint64_t)p->pm_offset + p->pm_size;
	uint64_t img_end = (uint64_t)p->img_offset + p->img_size;

	CHECK(p->magic == SP_PKG_MAGIC);
	CHECK(p->version == 1 || p->version == 2);
	CHECK(p->pm_size > 0 && p->img_size > 0);
	CHECK(p->pm_offset >= SP_PKG_HEADER_SIZE && p->img_offset >= SP_PKG_HEADER_SIZE);
	CHECK(pm_end <= p->img_offset);
	CHECK(pm_end <= size && img_end <= size);
	CHECK(p->total_size == img_end);
	CHECK(p->pm == data + p->pm_offset && p->img == data + p->img_offset);
	if (p->version == 2)
		CHECK(p->pm_offset % 0x1000 == 0 && p->img_offset % 0x1000 == 0);
}

static void roundtrip(const struct sp_pkg *p)
{
	struct sp_pkg plan, q;
	uint8_t *out;

	CHECK(sp_pkg_plan(p->version, p->pm_size, p->img_size, p->pm_offset, p->img_offset, &plan,
			  NULL) == SP_PKG_OK);
	CHECK(plan.pm_offset == p->pm_offset && plan.img_offset == p->img_offset);
	out = malloc(plan.total_size);
	CHECK(out);
	CHECK(sp_pkg_write(out, plan.total_size, &plan, p->pm, p->img, NULL) == SP_PKG_OK);
	CHECK(sp_pkg_parse(out, plan.total_size, &q, NULL) == SP_PKG_OK);
	CHECK(q.pm_size == p->pm_size && q.img_size == p->img_size);
	CHECK(memcmp(q.pm, p->pm, p->pm_size) == 0 && memcmp(q.img, p->img, p->img_size) == 0);
	free(out);
}

static void package_input(const uint8_t *data, size_t size)
{
	size_t split;

	if (size < 3)
		return;
	split = 1 + data[0] % (size - 2);
	for (uint32_t v = 1; v <= 2; v++) {
		struct sp_pkg plan, q;
		uint8_t *out;

		CHECK(sp_pkg_plan(v, split, size - split, 0, 0, &plan, NULL) == SP_PKG_OK);
		out = malloc(plan.total_size);
		CHECK(out);
		CHECK(sp_pkg_write(out, plan.total_size, &plan, data, data + split, NULL) == SP_PKG_OK);
		CHECK(sp_pkg_parse(out, plan.total_size, &q, NULL) == SP_PKG_OK);
		CHECK(memcmp(q.pm, data, split) == 0);
		CHECK(memcmp(q.img, data + split, size - split) == 0);
		free(out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_pkg p, h;
	const char *why = NULL;
	int rc = sp_pkg_parse(data, size, &p, &why);
	int hrc = sp_pkg_parse_header(data, size, &h, NULL);

	CHECK(why != NULL);
	if (rc == SP_PKG_OK) {
		check_valid(data, size, &p);
		CHECK(hrc == SP_PKG_OK && h.total_size == p.total_size);
		roundtrip(&p);
	} else if (rc == SP_PKG_ERR_PM_RANGE || rc == SP_PKG_ERR_IMG_RANGE) {
		CHECK(hrc == SP_PKG_OK && h.total_size > size);
	} else {
		CHECK(hrc == rc);
	}
	package_input(data, size);
	return 0;
}
