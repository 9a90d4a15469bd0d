/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SP packages (libspmc/pkg/sp_pkg.c): TF-A's "SPKG" format, six
 * little-endian u32 (magic, version, manifest offset/size, image
 * offset/size). Rules: FFA-FACTS "Manifests and packages"; TF-A sptool
 * (sptool.c for version 1, sptool.py for version 2); the consumers' checks
 * (Hafnium sp_pkg.c, OP-TEE secure_partition.c process_sp_pkg).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pkg/sp_pkg.h"

static uint8_t buf[0x10000];

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* A header written field by field, the rest of buf zero. */
static void hdr(uint32_t magic, uint32_t version, uint32_t pm_off, uint32_t pm_size,
		uint32_t img_off, uint32_t img_size)
{
	memset(buf, 0, sizeof(buf));
	put32(buf, magic);
	put32(buf + 4, version);
	put32(buf + 8, pm_off);
	put32(buf + 12, pm_size);
	put32(buf + 16, img_off);
	put32(buf + 20, img_size);
}

/* Parses buf[0..len) expecting `status`; the reason is a sentence. */
static void expect(size_t len, int status)
{
	struct sp_pkg p;
	const char *why = NULL;
	int rc = sp_pkg_parse(buf, len, &p, &why);

	if (rc != status)
		fail_msg("expected %s, got %s (%s)", sp_pkg_status_name(status), sp_pkg_status_name(rc),
			 why ? why : "no reason");
	assert_non_null(why);
	if (status != SP_PKG_OK)
		assert_true(strlen(why) > 10);
}

/* FFA-FACTS: magic 0x474B5053 is "SPKG" in memory (little-endian u32). */
static void test_magic_is_spkg_in_memory(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x1000, 16, 0x2000, 16);
	assert_memory_equal(buf, "SPKG", 4);
}

/* TF-A sptool.py (version 2): manifest at 0x1000, image at 0x4000 by default,
 * 4 KiB-aligned; the reader hands back both parts inside the buffer. */
static void test_v2_default_layout_roundtrip(void **state)
{
	uint8_t pm[100], img[300];
	struct sp_pkg plan, p;
	const char *why;

	(void)state;
	memset(pm, 0xd0, sizeof(pm));
	memset(img, 0x1a, sizeof(img));
	assert_int_equal(sp_pkg_plan(2, sizeof(pm), sizeof(img), 0, 0, &plan, &why), SP_PKG_OK);
	assert_int_equal(plan.pm_offset, 0x1000);
	assert_int_equal(plan.img_offset, 0x4000);
	assert_int_equal(plan.total_size, 0x4000 + sizeof(img));
	assert_int_equal(sp_pkg_write(buf, sizeof(buf), &plan, pm, img, &why), SP_PKG_OK);
	assert_int_equal(sp_pkg_parse(buf, plan.total_size, &p, &why), SP_PKG_OK);
	assert_int_equal(p.magic, SP_PKG_MAGIC);
	assert_int_equal(p.version, 2);
	assert_int_equal(p.pm_size, sizeof(pm));
	assert_int_equal(p.img_size, sizeof(img));
	assert_ptr_equal(p.pm, buf + 0x1000);
	assert_ptr_equal(p.img, buf + 0x4000);
	assert_memory_equal(p.pm, pm, sizeof(pm));
	assert_memory_equal(p.img, img, sizeof(img));
	/* The gaps are zero: nothing of the host leaks into a package. */
	for (size_t i = SP_PKG_HEADER_SIZE; i < 0x1000; i++)
		assert_int_equal(buf[i], 0);
}

/* sptool.py refuses a manifest that does not fit below the image; this writer
 * moves the image to the next 4 KiB instead, keeping the alignment. */
static void test_v2_large_manifest_moves_image(void **state)
{
	struct sp_pkg plan;

	(void)state;
	assert_int_equal(sp_pkg_plan(2, 0x3001, 10, 0, 0, &plan, NULL), SP_PKG_OK);
	assert_int_equal(plan.img_offset, 0x5000);
}

/* TF-A's C sptool (version 1): manifest right after the 24-byte header, image
 * at the next 4 KiB boundary. */
static void test_v1_sptool_layout(void **state)
{
	uint8_t pm[40] = {1}, img[8] = {2};
	struct sp_pkg plan, p;

	(void)state;
	assert_int_equal(sp_pkg_plan(1, sizeof(pm), sizeof(img), 0, 0, &plan, NULL), SP_PKG_OK);
	assert_int_equal(plan.pm_offset, SP_PKG_HEADER_SIZE);
	assert_int_equal(plan.img_offset, 0x1000);
	assert_int_equal(sp_pkg_write(buf, sizeof(buf), &plan, pm, img, NULL), SP_PKG_OK);
	assert_int_equal(sp_pkg_parse(buf, plan.total_size, &p, NULL), SP_PKG_OK);
	assert_ptr_equal(p.pm, buf + 24);
	assert_int_equal(p.pm[0], 1);
	assert_int_equal(p.img[0], 2);
}

/* Version 1 places no alignment requirement (OP-TEE loads any layout whose
 * manifest ends before the image). */
static void test_v1_unaligned_offsets_valid(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 1, 24, 10, 37, 5);
	expect(42, SP_PKG_OK);
}

/* The manifest may end exactly where the image begins (Hafnium, OP-TEE: pm
 * end <= img_offset), and the image exactly at the end of the buffer. */
static void test_adjacent_parts_and_exact_end_valid(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x1000, 0x1000, 0x2000, 0x100);
	expect(0x2100, SP_PKG_OK);
}

/* A loader maps the header page first: parse_header checks the header alone
 * and says how much to map, without the parts being present. */
static void test_parse_header_gives_total_size(void **state)
{
	struct sp_pkg p;

	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x1000, 0x80, 0x8000, 0x12345);
	assert_int_equal(sp_pkg_parse_header(buf, SP_PKG_HEADER_SIZE, &p, NULL), SP_PKG_OK);
	assert_int_equal(p.total_size, 0x8000 + 0x12345);
	assert_null(p.pm);
	assert_null(p.img);
	/* ... while the full parse of the same 24 bytes finds the parts missing. */
	expect(SP_PKG_HEADER_SIZE, SP_PKG_ERR_PM_RANGE);
}

/* Short buffer: the header is six u32, 24 bytes. */
static void test_short_buffer_rejected(void **state)
{
	struct sp_pkg p;

	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x1000, 1, 0x2000, 1);
	expect(0, SP_PKG_ERR_SHORT);
	expect(23, SP_PKG_ERR_SHORT);
	assert_int_equal(sp_pkg_parse(NULL, 100, &p, NULL), SP_PKG_ERR_SHORT);
}

/* FFA-FACTS: magic 0x474B5053. */
static void test_bad_magic_rejected(void **state)
{
	(void)state;
	hdr(0x474B5054, 2, 0x1000, 1, 0x2000, 1);
	expect(0x3000, SP_PKG_ERR_MAGIC);
	hdr(0x53504B47, 2, 0x1000, 1, 0x2000, 1); /* "SPKG" big-endian */
	expect(0x3000, SP_PKG_ERR_MAGIC);
}

/* FFA-FACTS: version 1 or 2; Hafnium and OP-TEE reject anything else. */
static void test_unknown_version_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 0, 0x1000, 1, 0x2000, 1);
	expect(0x3000, SP_PKG_ERR_VERSION);
	hdr(SP_PKG_MAGIC, 3, 0x1000, 1, 0x2000, 1);
	expect(0x3000, SP_PKG_ERR_VERSION);
	hdr(SP_PKG_MAGIC, 0x02000000, 0x1000, 1, 0x2000, 1); /* a big-endian 2 */
	expect(0x3000, SP_PKG_ERR_VERSION);
}

/* A package with no manifest cannot describe a partition. */
static void test_zero_size_manifest_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x1000, 0, 0x2000, 1);
	expect(0x3000, SP_PKG_ERR_PM_EMPTY);
}

/* Nor one with no image (the other field sptool always fills from a file it
 * refuses when empty). */
static void test_zero_size_image_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x1000, 1, 0x2000, 0);
	expect(0x3000, SP_PKG_ERR_IMG_EMPTY);
}

/* Offsets/sizes past the end of the buffer. */
static void test_manifest_past_end_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 1, 24, 0x100, 0x1000, 0x10);
	expect(0x100, SP_PKG_ERR_PM_RANGE);  /* ends at 0x118 */
	expect(0x117, SP_PKG_ERR_PM_RANGE);
}

static void test_image_past_end_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x1000, 0x10, 0x2000, 0x1000);
	expect(0x2fff, SP_PKG_ERR_IMG_RANGE);
	expect(0x3000, SP_PKG_OK);
}

/* Overflow-safe arithmetic: offset + size past 2^32 must not wrap around to a
 * small end that would fit the buffer. */
static void test_wrapping_sizes_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 1, 24, 0xffffffff, 0x1000, 0x10);
	/* Rejected for overlapping the image it would wrap over... */
	expect(0x2000, SP_PKG_ERR_OVERLAP);
	hdr(SP_PKG_MAGIC, 2, 0x1000, 0x10, 0xfffff000, 0x2000);
	/* ... or for running past the end, never accepted. */
	expect(sizeof(buf), SP_PKG_ERR_IMG_RANGE);
	hdr(SP_PKG_MAGIC, 1, 24, 0x10, 0xffffffff, 0xffffffff);
	expect(sizeof(buf), SP_PKG_ERR_IMG_RANGE);
}

/* The parts may not overlap the 24-byte header. */
static void test_manifest_over_header_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 1, 23, 0x10, 0x1000, 0x10);
	expect(0x2000, SP_PKG_ERR_PM_HEADER);
	hdr(SP_PKG_MAGIC, 1, 0, 0x10, 0x1000, 0x10);
	expect(0x2000, SP_PKG_ERR_PM_HEADER);
}

static void test_image_over_header_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 1, 0x100, 0x10, 8, 0x10);
	expect(0x2000, SP_PKG_ERR_IMG_HEADER);
}

/* Manifest and image may not overlap each other. */
static void test_overlapping_parts_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 1, 24, 0x100, 0x100, 0x10); /* pm ends at 0x118 */
	expect(0x2000, SP_PKG_ERR_OVERLAP);
	hdr(SP_PKG_MAGIC, 2, 0x1000, 0x1001, 0x2000, 0x10); /* one byte too long */
	expect(0x3000, SP_PKG_ERR_OVERLAP);
	hdr(SP_PKG_MAGIC, 1, 0x100, 0x100, 0x80, 0x100); /* image starts first */
	expect(0x2000, SP_PKG_ERR_OVERLAP);
}

/* Hafnium (sp_pkg_init_v2: "offsets must be in order") and OP-TEE (pm end <=
 * img_offset) both require the manifest before the image. */
static void test_image_before_manifest_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x2000, 0x10, 0x1000, 0x10);
	expect(0x3000, SP_PKG_ERR_ORDER);
}

/* FFA-FACTS: version 2 places both at 4 KiB-aligned offsets. */
static void test_v2_unaligned_manifest_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x1008, 0x10, 0x2000, 0x10);
	expect(0x3000, SP_PKG_ERR_ALIGN);
	hdr(SP_PKG_MAGIC, 2, 24, 0x10, 0x1000, 0x10); /* a valid v1 layout */
	expect(0x3000, SP_PKG_ERR_ALIGN);
}

static void test_v2_unaligned_image_rejected(void **state)
{
	(void)state;
	hdr(SP_PKG_MAGIC, 2, 0x1000, 0x10, 0x2010, 0x10);
	expect(0x3000, SP_PKG_ERR_ALIGN);
}

/* A failed parse leaves *out untouched. */
static void test_failed_parse_leaves_output(void **state)
{
	struct sp_pkg p;

	(void)state;
	memset(&p, 0xa5, sizeof(p));
	hdr(SP_PKG_MAGIC, 2, 0x1000, 0x10, 0x2010, 0x10);
	assert_int_equal(sp_pkg_parse(buf, 0x3000, &p, NULL), SP_PKG_ERR_ALIGN);
	for (size_t i = 0; i < sizeof(p); i++)
		assert_int_equal(((uint8_t *)&p)[i], 0xa5);
}

/* The writer refuses what the reader would: explicit offsets that overlap or
 * break version 2 alignment, sizes past 32 bits, a buffer too small. */
static void test_writer_refuses_invalid_plans(void **state)
{
	struct sp_pkg plan;
	uint8_t pm[4] = {0}, img[4] = {0};

	(void)state;
	assert_int_equal(sp_pkg_plan(2, 0x2000, 1, 0x1000, 0x2000, &plan, NULL), SP_PKG_ERR_OVERLAP);
	assert_int_equal(sp_pkg_plan(2, 1, 1, 0x1800, 0x4000, &plan, NULL), SP_PKG_ERR_ALIGN);
	assert_int_equal(sp_pkg_plan(2, 0, 1, 0, 0, &plan, NULL), SP_PKG_ERR_PM_EMPTY);
	assert_int_equal(sp_pkg_plan(3, 1, 1, 0, 0, &plan, NULL), SP_PKG_ERR_VERSION);
	assert_int_equal(sp_pkg_plan(2, 1ull << 32, 1, 0, 0, &plan, NULL), SP_PKG_ERR_TOO_BIG);
	assert_int_equal(sp_pkg_plan(2, 1, 0xffffffffull, 0, 0, &plan, NULL), SP_PKG_ERR_TOO_BIG);
	assert_int_equal(sp_pkg_plan(2, 4, 4, 0, 0, &plan, NULL), SP_PKG_OK);
	assert_int_equal(plan.total_size, 0x4004);
	assert_int_equal(sp_pkg_write(buf, 0x4003, &plan, pm, img, NULL), SP_PKG_ERR_NOSPACE);
	assert_int_equal(sp_pkg_write(buf, 0x4004, &plan, pm, img, NULL), SP_PKG_OK);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(sp_pkg_status_name(SP_PKG_OK), "SP_PKG_OK");
	assert_string_equal(sp_pkg_status_name(SP_PKG_ERR_ALIGN), "SP_PKG_ERR_ALIGN");
	assert_string_equal(sp_pkg_status_name(SP_PKG_ERR_TOO_BIG), "SP_PKG_ERR_TOO_BIG");
	assert_string_equal(sp_pkg_status_name(-99), "SP_PKG_ERR_?");
	assert_string_equal(sp_pkg_status_name(5), "SP_PKG_ERR_?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_magic_is_spkg_in_memory),
		cmocka_unit_test(test_v2_default_layout_roundtrip),
		cmocka_unit_test(test_v2_large_manifest_moves_image),
		cmocka_unit_test(test_v1_sptool_layout),
		cmocka_unit_test(test_v1_unaligned_offsets_valid),
		cmocka_unit_test(test_adjacent_parts_and_exact_end_valid),
		cmocka_unit_test(test_parse_header_gives_total_size),
		cmocka_unit_test(test_short_buffer_rejected),
		cmocka_unit_test(test_bad_magic_rejected),
		cmocka_unit_test(test_unknown_version_rejected),
		cmocka_unit_test(test_zero_size_manifest_rejected),
		cmocka_unit_test(test_zero_size_image_rejected),
		cmocka_unit_test(test_manifest_past_end_rejected),
		cmocka_unit_test(test_image_past_end_rejected),
		cmocka_unit_test(test_wrapping_sizes_rejected),
		cmocka_unit_test(test_manifest_over_header_rejected),
		cmocka_unit_test(test_image_over_header_rejected),
		cmocka_unit_test(test_overlapping_parts_rejected),
		cmocka_unit_test(test_image_before_manifest_rejected),
		cmocka_unit_test(test_v2_unaligned_manifest_rejected),
		cmocka_unit_test(test_v2_unaligned_image_rejected),
		cmocka_unit_test(test_failed_parse_leaves_output),
		cmocka_unit_test(test_writer_refuses_invalid_plans),
		cmocka_unit_test(test_status_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
