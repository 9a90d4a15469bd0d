/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FIP (libspmc/pkg/fip.c): TF-A's firmware image package. Rules:
 * FFA-FACTS "Manifests and packages" (ToC header name 0xAA640001, serial,
 * flags u64; 40-byte entries UUID[16], offset u64 from the FIP start, size
 * u64, flags u64; an all-zero-UUID terminator) and TF-A's fiptool / io_fip
 * (serial number 0 is not a FIP; entries must lie inside the file).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pkg/fip.h"
#include "pkg/uuid.h"

static uint8_t buf[0x8000];

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A ToC header (serial as fiptool writes it) and nothing else. */
static void toc(void)
{
	memset(buf, 0, sizeof(buf));
	put32(buf, FIP_TOC_NAME);
	put32(buf + 4, FIP_TOC_SERIAL);
}

/* Entry i: UUID all bytes `tag`, then offset/size/flags. A tag of 0 writes
 * a terminator with those offset/size values. */
static void entry(uint32_t i, uint8_t tag, uint64_t off, uint64_t size, uint64_t flags)
{
	uint8_t *e = buf + FIP_TOC_HEADER_SIZE + i * FIP_TOC_ENTRY_SIZE;

	memset(e, tag, 16);
	put64(e + 16, off);
	put64(e + 24, size);
	put64(e + 32, flags);
}

#define TOC_END(n) (FIP_TOC_HEADER_SIZE + ((n) + 1) * FIP_TOC_ENTRY_SIZE)

static struct fip fip_out;

static void expect(size_t len, int status)
{
	const char *why = NULL;
	int rc = fip_parse(buf, len, &fip_out, &why);

	if (rc != status)
		fail_msg("expected %s, got %s (%s)", fip_status_name(status), fip_status_name(rc),
			 why ? why : "no reason");
	assert_non_null(why);
	if (status != FIP_OK)
		assert_true(strlen(why) > 10);
}

/* The smallest FIP: a header and a terminator (fiptool create with no images). */
static void test_empty_fip_valid(void **state)
{
	(void)state;
	toc();
	entry(0, 0, 0, 0, 0);
	expect(TOC_END(0), FIP_OK);
	assert_int_equal(fip_out.count, 0);
	assert_int_equal(fip_out.serial, FIP_TOC_SERIAL);
	assert_int_equal(fip_out.toc_size, TOC_END(0));
}

/* Writer and reader agree: entries come back in order, data where the ToC
 * says, each aligned as asked; lookup by UUID finds each one. */
static void test_write_parse_iterate_find(void **state)
{
	static const char *const uuids[] = {
		"b4b5671e-4a90-4fe1-b81f-fb13dae1dacb",
		"486178e0-e7f8-11e3-bc5e-0002a5d5c51b",
		"79b55c73-1d8c-44b9-8593-61e1770ad8d2",
	};
	uint8_t data[3][100];
	struct fip_input in[3];
	struct fip f;
	struct fip_entry e;
	size_t len = 0;

	(void)state;
	for (int i = 0; i < 3; i++) {
		memset(data[i], 0x10 + i, sizeof(data[i]));
		assert_int_equal(pkg_uuid_parse(uuids[i], 36, in[i].uuid), 0);
		in[i].data = data[i];
		in[i].size = 37 + 10 * i;
		in[i].flags = 0x100 + i;
	}
	assert_int_equal(fip_size(in, 3, 64), 0x140 + 57);
	assert_int_equal(fip_write(buf, sizeof(buf), in, 3, 64, &len, NULL), FIP_OK);
	assert_int_equal(len, 0x140 + 57);
	assert_int_equal(fip_parse(buf, len, &f, NULL), FIP_OK);
	assert_int_equal(f.count, 3);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(fip_entry_get(&f, i, &e), FIP_OK);
		assert_memory_equal(e.uuid, in[i].uuid, 16);
		assert_int_equal(e.offset % 64, 0);
		assert_int_equal(e.size, in[i].size);
		assert_int_equal(e.flags, 0x100 + i);
		assert_ptr_equal(e.data, buf + e.offset);
		assert_int_equal(e.data[0], 0x10 + i);
		assert_int_equal(fip_find(&f, in[i].uuid, &e), (int)i);
		assert_int_equal(e.size, in[i].size);
	}
	assert_int_equal(fip_entry_get(&f, 3, &e), FIP_ERR_NOT_FOUND);
	in[0].uuid[15] ^= 1;
	assert_int_equal(fip_find(&f, in[0].uuid, NULL), FIP_ERR_NOT_FOUND);
	/* UUID bytes in text order, as fiptool stores them. */
	assert_int_equal(buf[FIP_TOC_HEADER_SIZE], 0xb4);
	assert_int_equal(buf[FIP_TOC_HEADER_SIZE + 15], 0xcb);
}

/* fiptool sets the terminator's offset to the end of the FIP: its offset
 * and size are not data and are not checked. */
static void test_terminator_offset_ignored(void **state)
{
	(void)state;
	toc();
	entry(0, 1, TOC_END(1), 16, 0);
	entry(1, 0, 0xffffffffffffffffull, 0xffffffffffffffffull, 0);
	expect(TOC_END(1) + 16, FIP_OK);
	assert_int_equal(fip_out.count, 1);
}

/* Empty entries overlap nothing, even at another entry's offset or at the
 * very end of the FIP. */
static void test_empty_entries_valid(void **state)
{
	(void)state;
	toc();
	entry(0, 1, TOC_END(3), 16, 0);
	entry(1, 2, TOC_END(3) + 8, 0, 0);
	entry(2, 3, TOC_END(3) + 16, 0, 0);
	entry(3, 0, 0, 0, 0);
	expect(TOC_END(3) + 16, FIP_OK);
	assert_int_equal(fip_out.count, 3);
}

/* Short buffer: the ToC header is 16 bytes. */
static void test_short_buffer_rejected(void **state)
{
	(void)state;
	toc();
	expect(0, FIP_ERR_SHORT);
	expect(FIP_TOC_HEADER_SIZE - 1, FIP_ERR_SHORT);
	assert_int_equal(fip_parse(NULL, 100, NULL, NULL), FIP_ERR_SHORT);
}

/* FFA-FACTS: ToC name 0xAA640001. */
static void test_bad_toc_name_rejected(void **state)
{
	(void)state;
	toc();
	put32(buf, 0xAA640002);
	expect(TOC_END(0), FIP_ERR_NAME);
	put32(buf, 0x0164AA00); /* byte-swapped */
	expect(TOC_END(0), FIP_ERR_NAME);
}

/* TF-A io_fip is_valid_header / fiptool: serial number 0 is not a FIP. */
static void test_zero_serial_rejected(void **state)
{
	(void)state;
	toc();
	put32(buf + 4, 0);
	expect(TOC_END(0), FIP_ERR_SERIAL);
}

/* The terminator must be inside the buffer: a header alone, entries running
 * to the end, or a terminator cut short are all rejected. */
static void test_missing_terminator_rejected(void **state)
{
	(void)state;
	toc();
	expect(FIP_TOC_HEADER_SIZE, FIP_ERR_NO_END);
	expect(TOC_END(0) - 1, FIP_ERR_NO_END);
	entry(0, 1, 0, 0, 0);
	entry(1, 2, 0, 0, 0);
	expect(TOC_END(1), FIP_ERR_NO_END);
	assert_int_equal(fip_out.err_entry, 2);
}

/* Entries' data must lie inside the FIP. */
static void test_entry_past_end_rejected(void **state)
{
	(void)state;
	toc();
	entry(0, 1, TOC_END(1), 0x100, 0);
	expect(TOC_END(1) + 0xff, FIP_ERR_RANGE);
	assert_int_equal(fip_out.err_entry, 0);
	expect(TOC_END(1) + 0x100, FIP_OK);
	entry(0, 1, TOC_END(1) + 0x200, 0, 0); /* even empty, not past the end */
	expect(TOC_END(1) + 0x100, FIP_ERR_RANGE);
}

/* Overflow-safe: offset + size wrapping past 2^64 to a small value is still
 * outside. */
static void test_wrapping_entry_rejected(void **state)
{
	(void)state;
	toc();
	entry(0, 1, TOC_END(2), 0x10, 0);
	entry(1, 2, 0xffffffffffffff00ull, 0x200, 0);
	expect(0x1000, FIP_ERR_RANGE);
	assert_int_equal(fip_out.err_entry, 1);
	entry(1, 2, TOC_END(2) + 0x10, 0xfffffffffffffff8ull, 0);
	expect(0x1000, FIP_ERR_RANGE);
}

/* Two entries may not share bytes. */
static void test_overlapping_entries_rejected(void **state)
{
	(void)state;
	toc();
	entry(0, 1, TOC_END(3), 0x20, 0);
	entry(1, 2, TOC_END(3) + 0x20, 0x20, 0);
	entry(2, 3, TOC_END(3) + 0x3f, 0x10, 0); /* last byte of entry 1 */
	expect(0x1000, FIP_ERR_OVERLAP);
	assert_int_equal(fip_out.err_entry, 2);
	assert_int_equal(fip_out.err_other, 1);
	entry(2, 3, TOC_END(3) + 0x40, 0x10, 0);
	expect(0x1000, FIP_OK);
	entry(2, 3, TOC_END(3), 0x100, 0); /* covers both */
	expect(0x1000, FIP_ERR_OVERLAP);
}

/* Data over the ToC (header, entries or terminator) is corrupt. */
static void test_entry_over_toc_rejected(void **state)
{
	(void)state;
	toc();
	entry(0, 1, 0, 0x10, 0);
	expect(0x1000, FIP_ERR_TOC_OVERLAP);
	entry(0, 1, TOC_END(1) - 1, 0x10, 0);
	expect(0x1000, FIP_ERR_TOC_OVERLAP);
}

/* Two entries with one UUID would make a lookup ambiguous. */
static void test_duplicate_uuid_rejected(void **state)
{
	(void)state;
	toc();
	entry(0, 7, TOC_END(2), 0x10, 0);
	entry(1, 7, TOC_END(2) + 0x10, 0x10, 0);
	expect(0x1000, FIP_ERR_DUP_UUID);
	assert_int_equal(fip_out.err_entry, 1);
	assert_int_equal(fip_out.err_other, 0);
}

/* The pairwise checks are bounded. */
static void test_too_many_entries_rejected(void **state)
{
	(void)state;
	toc();
	for (uint32_t i = 0; i <= FIP_MAX_ENTRIES; i++) {
		entry(i, 1, 0, 0, 0);
		buf[FIP_TOC_HEADER_SIZE + i * FIP_TOC_ENTRY_SIZE] = (uint8_t)i;
		buf[FIP_TOC_HEADER_SIZE + i * FIP_TOC_ENTRY_SIZE + 1] = (uint8_t)(i >> 8);
	}
	assert_true(TOC_END(FIP_MAX_ENTRIES + 1) <= sizeof(buf));
	expect(sizeof(buf), FIP_ERR_TOO_MANY);
}

/* The writer refuses a nil UUID (it would end the ToC), a repeated UUID, a
 * bad alignment and a short buffer. */
static void test_writer_refusals(void **state)
{
	struct fip_input in[2];
	uint8_t d[4] = {0};
	size_t len;

	(void)state;
	memset(in, 0, sizeof(in));
	in[0].data = in[1].data = d;
	in[0].size = in[1].size = sizeof(d);
	assert_int_equal(fip_write(buf, sizeof(buf), in, 1, 1, &len, NULL), FIP_ERR_ARG);
	memset(in[0].uuid, 1, 16);
	memset(in[1].uuid, 1, 16);
	assert_int_equal(fip_write(buf, sizeof(buf), in, 2, 1, &len, NULL), FIP_ERR_ARG);
	in[1].uuid[0] = 2;
	assert_int_equal(fip_write(buf, sizeof(buf), in, 2, 3, &len, NULL), FIP_ERR_ARG);
	assert_int_equal(fip_size(in, 2, 0), 0);
	assert_int_equal(fip_size(in, 2, 1), TOC_END(2) + 8);
	assert_int_equal(fip_write(buf, TOC_END(2) + 7, in, 2, 1, &len, NULL), FIP_ERR_NOSPACE);
	assert_int_equal(fip_write(buf, TOC_END(2) + 8, in, 2, 1, &len, NULL), FIP_OK);
	assert_int_equal(len, TOC_END(2) + 8);
	expect(len, FIP_OK);
}

static void test_status_names(void **state)
{
	(void)state;
	assert_string_equal(fip_status_name(FIP_ERR_OVERLAP), "FIP_ERR_OVERLAP");
	assert_string_equal(fip_status_name(FIP_ERR_TOO_MANY), "FIP_ERR_TOO_MANY");
	assert_string_equal(fip_status_name(-100), "FIP_ERR_?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_fip_valid),
		cmocka_unit_test(test_write_parse_iterate_find),
		cmocka_unit_test(test_terminator_offset_ignored),
		cmocka_unit_test(test_empty_entries_valid),
		cmocka_unit_test(test_short_buffer_rejected),
		cmocka_unit_test(test_bad_toc_name_rejected),
		cmocka_unit_test(test_zero_serial_rejected),
		cmocka_unit_test(test_missing_terminator_rejected),
		cmocka_unit_test(test_entry_past_end_rejected),
		cmocka_unit_test(test_wrapping_entry_rejected),
		cmocka_unit_test(test_overlapping_entries_rejected),
		cmocka_unit_test(test_entry_over_toc_rejected),
		cmocka_unit_test(test_duplicate_uuid_rejected),
		cmocka_unit_test(test_too_many_entries_rejected),
		cmocka_unit_test(test_writer_refusals),
		cmocka_unit_test(test_status_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
