/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction descriptor codec (libspmc/mem/mem_desc.[ch]): the
 * header and the length (every prefix, versions, reserved fields, the access
 * array's size, offset and count), and reads confined to [buf, buf + len)
 * (run under `make SAN=1 test`: descriptors live in exact-size heap buffers);
 * every rule has a name.
 *
 * Sources cited per test: the DEN0077 descriptor tables named by title;
 * Hafnium src/ffa_memory.c [H]; TF-A's EL3 SPMC spmc_shared_mem.c [T].
 */
#include "mem_desc_fixture.h"

/* ======================= header and length ======================= */

/* Length checks: shorter than the header, than the access array, than the
 * composite, than the constituents; longer than the descriptor ([H] and [T]
 * require the length to be the descriptor's). Every prefix is refused. */
static void test_length_every_prefix(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;
		size_t full;

		fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 2, 2);
		full = f.len;
		for (size_t n = 0; n < full; n++) {
			uint8_t *b = malloc(n ? n : 1);
			enum spmc_mem_desc_why w;

			assert_non_null(b);
			memcpy(b, f.buf, n);
			if (n < hdr_of(f.v))
				w = SPMC_MEM_SHORT_HEADER;
			else if (n < off_comp(&f))
				w = SPMC_MEM_ACCESS_BOUNDS;
			else if (n < off_comp(&f) + 16)
				w = SPMC_MEM_COMPOSITE_BOUNDS;
			else
				w = SPMC_MEM_RANGES_BOUNDS;
			expect_at(b, n, f.v, f.kind, INVAL, w, __FILE__, __LINE__);
			free(b);
		}
		fx_resize(&f, full + 16);
		EXPECT(&f, INVAL, SPMC_MEM_LENGTH);
		fx_resize(&f, full + 1);
		EXPECT(&f, INVAL, SPMC_MEM_LENGTH);
		fx_free(&f);
	}
}

/* A NULL buffer is an empty one. */
static void test_null_buffer(void **state)
{
	struct spmc_mem_desc out;

	(void)state;
	assert_int_equal(spmc_mem_desc_parse(NULL, 100, V11, SPMC_MEM_DESC_SHARE, &room, &out), INVAL);
}

/* FF-A version: only major version 1 layouts are known (NOT_SUPPORTED
 * otherwise); v1.3 uses the v1.2 layout. */
static void test_versions(void **state)
{
	struct fx f;

	(void)state;
	fx_make(&f, SPMC_MEM_DESC_SHARE, V12, 1, 1);
	expect_at(f.buf, f.len, FFA_VERSION_1_3, f.kind, 0, SPMC_MEM_OK, __FILE__, __LINE__);
	expect_at(f.buf, f.len, FFA_VERSION_MAKE(2, 0), f.kind, FFA_RET_NOT_SUPPORTED,
		  SPMC_MEM_BAD_VERSION, __FILE__, __LINE__);
	expect_at(f.buf, f.len, V12 | 1u << 31, f.kind, FFA_RET_NOT_SUPPORTED,
		  SPMC_MEM_BAD_VERSION, __FILE__, __LINE__);
	expect_at(f.buf, f.len, V12, (enum spmc_mem_desc_kind)9, INVAL, SPMC_MEM_BAD_KIND,
		  __FILE__, __LINE__);
	fx_free(&f);
}

/* v1.0 "Memory transaction descriptor": byte 3 and the u32 at 24 are
 * reserved (MBZ). */
static void test_v10_header_reserved(void **state)
{
	struct fx f;

	(void)state;
	fx_make(&f, SPMC_MEM_DESC_SHARE, V10, 1, 1);
	f.buf[3] = 1;
	EXPECT(&f, INVAL, SPMC_MEM_HDR_RESERVED);
	f.buf[3] = 0;
	f.buf[27] = 0x80;
	EXPECT(&f, INVAL, SPMC_MEM_HDR_RESERVED);
	fx_free(&f);
}

/* v1.1+ "Memory transaction descriptor": the 12 bytes at 36 are reserved
 * (MBZ), each of them ([H] checks them too). */
static void test_v11_header_reserved(void **state)
{
	(void)state;
	for (size_t vi = 1; vi < 3; vi++)
		for (int i = 36; i < 48; i++) {
			struct fx f;

			fx_make(&f, SPMC_MEM_DESC_LEND, versions[vi], 1, 1);
			f.buf[i] = 0x40;
			EXPECT(&f, INVAL, SPMC_MEM_HDR_RESERVED);
			fx_free(&f);
		}
}

/* v1.1+: the access descriptor size comes from the header and must be 16 in
 * v1.1, 32 (or the v1.1 layout's 16, as [H] accepts) in v1.2. */
static void test_access_size(void **state)
{
	static const uint32_t bad11[] = {0, 8, 32, 48, 0xffffffffu};
	static const uint32_t bad12[] = {0, 8, 24, 48, 64};
	struct fx f;

	(void)state;
	for (size_t i = 0; i < 5; i++) {
		fx_make(&f, SPMC_MEM_DESC_SHARE, V11, 1, 1);
		put32(f.buf + 24, bad11[i]);
		EXPECT(&f, INVAL, SPMC_MEM_ACCESS_SIZE);
		fx_free(&f);
		fx_make(&f, SPMC_MEM_DESC_SHARE, V12, 1, 1);
		put32(f.buf + 24, bad12[i]);
		EXPECT(&f, INVAL, SPMC_MEM_ACCESS_SIZE);
		fx_free(&f);
	}
	/* A v1.1-layout descriptor from a v1.2 caller: no impdef field. */
	fx_make(&f, SPMC_MEM_DESC_SHARE, V11, 2, 1);
	f.v = V12;
	{
		struct spmc_mem_desc out;

		assert_int_equal(spmc_mem_desc_parse(f.buf, f.len, V12, f.kind, &room, &out), 0);
		for (int i = 0; i < 16; i++)
			assert_int_equal(out.access[1].impdef[i], 0);
		assert_int_equal(out.access[1].id, BORROWER0 + 1);
	}
	fx_free(&f);
}

/* v1.1+: the access array offset is 16-byte aligned and past the 48-byte
 * header ([T]); a gap after the header is allowed — the array is found where
 * the header says. */
static void test_access_offset(void **state)
{
	static const uint32_t bad[] = {0, 16, 32, 40, 52, 56, 63};
	struct fx f;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fx_make(&f, SPMC_MEM_DESC_SHARE, V12, 1, 1);
		put32(f.buf + 32, bad[i]);
		EXPECT(&f, INVAL, SPMC_MEM_ACCESS_OFFSET);
		fx_free(&f);
	}
	/* Array at 64 instead of 48: shift everything after the header by 16. */
	fx_make(&f, SPMC_MEM_DESC_SHARE, V12, 2, 2);
	{
		size_t n = f.len + 16;
		uint8_t *b = calloc(1, n);
		struct spmc_mem_desc out;

		assert_non_null(b);
		memcpy(b, f.buf, 48);
		memcpy(b + 64, f.buf + 48, f.len - 48);
		put32(b + 32, 64);
		put32(b + 64 + 4, (uint32_t)off_comp(&f) + 16);
		put32(b + 64 + 32 + 4, (uint32_t)off_comp(&f) + 16);
		assert_int_equal(spmc_mem_desc_parse(b, n, V12, f.kind, &room, &out), 0);
		assert_same_desc(&out, &f.d, true);
		free(b);
	}
	fx_free(&f);
}

/* The access array must fit in the length (counts up to 2^32 - 1: no
 * overflow). */
static void test_access_count_huge(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;

		fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 1, 1);
		put32(f.buf + 28, 0xffffffffu);
		EXPECT(&f, INVAL, SPMC_MEM_ACCESS_BOUNDS);
		put32(f.buf + 28, 0x10000000u);
		EXPECT(&f, INVAL, SPMC_MEM_ACCESS_BOUNDS);
		fx_free(&f);
	}
}

/* ======================= memory safety ======================= */

/* Parsing reads only [buf, buf + len) and never writes it: every prefix and
 * thousands of mutations of valid descriptors of every kind and version, each
 * in a heap buffer of exactly its length (ASan reports a read past it under
 * `make SAN=1 test`); the input is unchanged afterwards. */
static void test_reads_stay_in_buffer(void **state)
{
	static const enum spmc_mem_desc_kind kinds[] = {
		SPMC_MEM_DESC_SHARE, SPMC_MEM_DESC_LEND, SPMC_MEM_DESC_DONATE,
		SPMC_MEM_DESC_RETRIEVE_REQ, SPMC_MEM_DESC_RETRIEVE_RESP};
	uint32_t x = 7;

	(void)state;
	for (size_t k = 0; k < 5; k++)
		for (size_t vi = 0; vi < 3; vi++) {
			struct fx f;

			fx_make(&f, kinds[k], versions[vi], 3, 4);
			for (size_t n = 0; n <= f.len; n++) {
				uint8_t *b = malloc(n ? n : 1);
				struct spmc_mem_desc out;

				assert_non_null(b);
				memcpy(b, f.buf, n);
				(void)spmc_mem_desc_parse(b, n, f.v, f.kind, &room, &out);
				assert_memory_equal(b, f.buf, n);
				free(b);
			}
			for (int m = 0; m < 2000; m++) {
				uint8_t *b = malloc(f.len), *copy = malloc(f.len);
				struct spmc_mem_desc out;

				assert_non_null(b);
				assert_non_null(copy);
				memcpy(b, f.buf, f.len);
				for (int flips = 0; flips < 1 + m % 4; flips++) {
					x = x * 1664525u + 1013904223u;
					b[(x >> 8) % f.len] ^= (uint8_t)(1u << (x >> 29));
				}
				memcpy(copy, b, f.len);
				if (spmc_mem_desc_parse(b, f.len, f.v, f.kind, &room, &out) == 0) {
					assert_true(out.access_count <= ROOM_ACCESS);
					assert_true(out.range_count <= ROOM_RANGES);
				}
				assert_memory_equal(b, copy, f.len);
				(void)spmc_mem_relinquish_parse(b, f.len, &(struct spmc_mem_relinquish){0});
				free(b);
				free(copy);
			}
			fx_free(&f);
		}
}

/* Every rule has a name for logs. */
static void test_why_names(void **state)
{
	(void)state;
	for (int w = 0; w < SPMC_MEM_WHY_COUNT; w++)
		assert_string_not_equal(spmc_mem_desc_why_name((enum spmc_mem_desc_why)w), "?");
	assert_string_equal(spmc_mem_desc_why_name(SPMC_MEM_WHY_COUNT), "?");
	assert_int_equal(spmc_mem_desc_kind_op(SPMC_MEM_DESC_DONATE), SPMC_MEM_OP_DONATE);
	assert_int_equal(spmc_mem_desc_kind_op(SPMC_MEM_DESC_RETRIEVE_REQ), SPMC_MEM_OP_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length_every_prefix),
		cmocka_unit_test(test_null_buffer),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_v10_header_reserved),
		cmocka_unit_test(test_v11_header_reserved),
		cmocka_unit_test(test_access_size),
		cmocka_unit_test(test_access_offset),
		cmocka_unit_test(test_access_count_huge),
		cmocka_unit_test(test_reads_stay_in_buffer),
		cmocka_unit_test(test_why_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
