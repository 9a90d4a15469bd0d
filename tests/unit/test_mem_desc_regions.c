/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction descriptor codec (libspmc/mem/mem_desc.[ch]): the
 * memory described. The composite memory region descriptor (shared by every
 * borrower, placement, fields), the constituents (values, reserved field,
 * total page count, overlaps among 100,000 of them) and the parse room.
 *
 * Sources cited per test: the DEN0077 descriptor tables named by title;
 * Hafnium src/ffa_memory.c [H]; TF-A's EL3 SPMC spmc_shared_mem.c [T].
 */
#include "mem_desc_fixture.h"

/* ======================= composite ======================= */

/* [H][T] every borrower points at the same composite. */
static void test_composite_offsets_differ(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;

		fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 3, 2);
		put32(f.buf + off_acc(&f, 2) + 4, (uint32_t)off_comp(&f) + 16);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_MISMATCH);
		put32(f.buf + off_acc(&f, 2) + 4, 0);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_MISMATCH);
		fx_free(&f);
	}
}

/* [H] a send describes memory: composite offset 0 is refused. */
static void test_composite_missing(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;

		fx_make(&f, SPMC_MEM_DESC_LEND, versions[vi], 1, 1);
		put32(f.buf + off_acc(&f, 0) + 4, 0);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_MISSING);
		fx_free(&f);
	}
}

/* [H][T] the composite offset is 16-byte aligned, past the header and the
 * access descriptors (no overlap), and the composite inside the length. */
static void test_composite_placement(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;
		uint32_t comp;

		fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 2, 1);
		comp = (uint32_t)off_comp(&f);
		set_comp(&f, comp + 8);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_ALIGN);
		set_comp(&f, comp + 4);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_ALIGN);
		set_comp(&f, 16);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_OVERLAP);
		set_comp(&f, hdr_of(f.v));
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_OVERLAP);
		set_comp(&f, comp - 16);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_OVERLAP);
		set_comp(&f, (uint32_t)f.len);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_BOUNDS);
		set_comp(&f, 0xfffffff0u);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_BOUNDS);
		/* A gap before the composite is allowed: move it 16 on. */
		fx_resize(&f, f.len + 16);
		memmove(f.buf + comp + 16, f.buf + comp, f.len - comp - 16);
		memset(f.buf + comp, 0, 16);
		set_comp(&f, comp + 16);
		EXPECT_OK(&f);
		fx_free(&f);
	}
}

/* "Composite memory region descriptor": reserved u64 at 8 MBZ; at least one
 * constituent; the constituents inside the length (counts up to 2^32 - 1). */
static void test_composite_fields(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;
		size_t c;

		fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 1, 2);
		c = off_comp(&f);
		f.buf[c + 15] = 1;
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_RESERVED);
		f.buf[c + 15] = 0;
		put32(f.buf + c + 4, 3);
		EXPECT(&f, INVAL, SPMC_MEM_RANGES_BOUNDS);
		put32(f.buf + c + 4, 0xffffffffu);
		EXPECT(&f, INVAL, SPMC_MEM_RANGES_BOUNDS);
		put32(f.buf + c + 4, 1);
		EXPECT(&f, INVAL, SPMC_MEM_LENGTH);
		put32(f.buf + c + 4, 0);
		fx_resize(&f, c + 16);
		EXPECT(&f, INVAL, SPMC_MEM_RANGE_COUNT);
		fx_free(&f);
	}
}

/* ======================= constituents ======================= */

static void range_case(uint64_t addr, uint64_t pages, int rc, enum spmc_mem_desc_why w, int line)
{
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;

		fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 1, 1);
		f.rng[0].addr = addr;
		f.rng[0].pages = pages;
		f.d.total_pages = pages;
		fx_encode(&f);
		expect_at(f.buf, f.len, f.v, f.kind, rc, w, __FILE__, line);
		fx_free(&f);
	}
}

/* [H] a constituent has pages; "Constituent memory region descriptor" and
 * [T]: its address is 4 KiB aligned; [H] address + pages * 4 KiB stays
 * inside the 64-bit space (the last page below 2^64 cannot be described:
 * its end would wrap). */
static void test_constituent_values(void **state)
{
	(void)state;
	range_case(0x10000000, 0, INVAL, SPMC_MEM_RANGE_EMPTY, __LINE__);
	range_case(0x10000800, 1, INVAL, SPMC_MEM_RANGE_ALIGN, __LINE__);
	range_case(0x10000001, 1, INVAL, SPMC_MEM_RANGE_ALIGN, __LINE__);
	range_case(0xfffffffffffff000ull, 1, INVAL, SPMC_MEM_RANGE_OVERFLOW, __LINE__);
	range_case(0xffffffff00000000ull, 0xffffffffu, INVAL, SPMC_MEM_RANGE_OVERFLOW, __LINE__);
	range_case(0xfffff00000002000ull, 0xffffffffu, INVAL, SPMC_MEM_RANGE_OVERFLOW, __LINE__);
	range_case(0xfffff00000000000ull, 0xffffffffu, 0, SPMC_MEM_OK, __LINE__);
	range_case(0xffffffffffffe000ull, 1, 0, SPMC_MEM_OK, __LINE__);
}

/* "Constituent memory region descriptor": the reserved u32 at 12 MBZ. */
static void test_constituent_reserved(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;

		fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 1, 3);
		f.buf[off_cons(&f, 2) + 12] = 1;
		EXPECT(&f, INVAL, SPMC_MEM_RANGE_RESERVED);
		fx_free(&f);
	}
}

/* "Composite memory region descriptor" ([H][T]): the total page count is the
 * sum of the constituents' (no 32-bit wrap of the sum goes unnoticed). */
static void test_total_page_count(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;

		fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 1, 3);
		put32(f.buf + off_comp(&f), 7);
		EXPECT(&f, INVAL, SPMC_MEM_PAGE_COUNT);
		put32(f.buf + off_comp(&f), 5);
		EXPECT(&f, INVAL, SPMC_MEM_PAGE_COUNT);
		/* Two constituents of 2^31 + 1 pages: the sum wraps to 2 in 32 bits. */
		f.rng[0].addr = 0;
		f.rng[0].pages = 0x80000001u;
		f.rng[1].addr = 0x100000000000ull;
		f.rng[1].pages = 0x80000001u;
		f.rng[2].addr = 0x200000000000ull;
		f.rng[2].pages = 1;
		f.d.total_pages = 3;
		fx_encode(&f);
		EXPECT(&f, INVAL, SPMC_MEM_PAGE_COUNT);
		fx_free(&f);
	}
}

/* [H] no page is described twice: constituents overlapping in order, out of
 * order, identical, or one inside another are refused; touching ones are
 * fine. */
static void test_constituent_overlap(void **state)
{
	static const struct {
		uint64_t a[3], p[3];
		int rc;
	} cases[] = {
		{{0x1000, 0x2000, 0x3000}, {1, 1, 1}, 0},
		{{0x3000, 0x1000, 0x2000}, {1, 1, 1}, 0},
		{{0x1000, 0x2000, 0x3000}, {2, 1, 1}, INVAL},
		{{0x5000, 0x1000, 0x4000}, {1, 1, 2}, INVAL},
		{{0x1000, 0x8000, 0x1000}, {1, 1, 1}, INVAL},
		{{0x1000, 0x3000, 0x9000}, {16, 1, 1}, INVAL},
		{{0x9000, 0x3000, 0x1000}, {1, 1, 16}, INVAL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (size_t vi = 0; vi < 3; vi++) {
			struct fx f;

			fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 1, 3);
			f.d.total_pages = 0;
			for (int j = 0; j < 3; j++) {
				f.rng[j].addr = cases[i].a[j];
				f.rng[j].pages = cases[i].p[j];
				f.d.total_pages += cases[i].p[j];
			}
			fx_encode(&f);
			EXPECT(&f, cases[i].rc, cases[i].rc ? SPMC_MEM_RANGE_OVERLAP : SPMC_MEM_OK);
			fx_free(&f);
		}
}

/* The same with 100,000 constituents in shuffled order and one overlap deep
 * inside: found in O(n log n), without extra memory. */
static void test_constituent_overlap_big(void **state)
{
	struct spmc_mem_access acc = {.id = BORROWER0, .perms = PERM_RW};
	struct spmc_mem_range *rng = malloc(sizeof(*rng) * BIG);
	struct spmc_mem_desc d = {0}, out;
	size_t n;
	uint8_t *buf;
	uint32_t x = 12345;

	(void)state;
	assert_non_null(rng);
	for (uint32_t i = 0; i < BIG; i++)
		rng[i] = (struct spmc_mem_range){0x100000000ull + (uint64_t)i * 0x2000, 1};
	for (uint32_t i = BIG - 1; i > 0; i--) { /* Fisher-Yates, fixed seed */
		uint32_t j;
		struct spmc_mem_range t;

		x = x * 1103515245u + 12345u;
		j = x % (i + 1);
		t = rng[i];
		rng[i] = rng[j];
		rng[j] = t;
	}
	d.sender = SENDER;
	d.attributes = ATTR_NORMAL_WB_INNER;
	d.access = &acc;
	d.access_count = 1;
	d.ranges = rng;
	d.range_count = BIG;
	d.total_pages = BIG;
	n = spmc_mem_desc_encoded_size(&d, V12);
	buf = malloc(n);
	assert_non_null(buf);
	assert_int_equal(spmc_mem_desc_encode_send(&d, V12, 0, buf, n, NULL, NULL), 0);
	assert_int_equal(spmc_mem_desc_parse(buf, n, V12, SPMC_MEM_DESC_SHARE, &room, &out), 0);
	assert_same_desc(&out, &d, true);
	rng[BIG / 2].pages = 3; /* 0x2000 apart: 2 pages touch, 3 overlap */
	d.total_pages += 2;
	assert_int_equal(spmc_mem_desc_encode_send(&d, V12, 0, buf, n, NULL, NULL), 0);
	expect_at(buf, n, V12, SPMC_MEM_DESC_SHARE, INVAL, SPMC_MEM_RANGE_OVERLAP, __FILE__,
		  __LINE__);
	free(buf);
	free(rng);
}

/* ======================= room ======================= */

/* More borrowers or constituents than the room holds: NO_MEMORY (the SPMC
 * lacks the memory for a well-formed descriptor); a NULL room holds none. */
static void test_room_too_small(void **state)
{
	struct fx f;
	struct spmc_mem_access a[2];
	struct spmc_mem_range r[3];
	struct spmc_mem_room small = {a, 2, r, 3};
	struct spmc_mem_desc out;
	enum spmc_mem_desc_why why;

	(void)state;
	fx_make(&f, SPMC_MEM_DESC_SHARE, V11, 2, 3);
	assert_int_equal(spmc_mem_desc_parse_ex(f.buf, f.len, f.v, f.kind, &small, &out, &why), 0);
	assert_ptr_equal(out.access, a);
	assert_ptr_equal(out.ranges, r);
	small.max_access = 1;
	assert_int_equal(spmc_mem_desc_parse_ex(f.buf, f.len, f.v, f.kind, &small, &out, &why),
			 FFA_RET_NO_MEMORY);
	assert_int_equal(why, SPMC_MEM_ROOM_ACCESS);
	check_zeroed(&out);
	small.max_access = 2;
	small.max_ranges = 2;
	assert_int_equal(spmc_mem_desc_parse_ex(f.buf, f.len, f.v, f.kind, &small, &out, &why),
			 FFA_RET_NO_MEMORY);
	assert_int_equal(why, SPMC_MEM_ROOM_RANGES);
	assert_int_equal(spmc_mem_desc_parse_ex(f.buf, f.len, f.v, f.kind, NULL, &out, &why),
			 FFA_RET_NO_MEMORY);
	/* A malformed descriptor is reported as such even when it is too big. */
	put32(f.buf + off_acc(&f, 0) + 8, 1);
	assert_int_equal(spmc_mem_desc_parse_ex(f.buf, f.len, f.v, f.kind, NULL, &out, &why), INVAL);
	assert_int_equal(why, SPMC_MEM_ACCESS_RESERVED);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_composite_offsets_differ),
		cmocka_unit_test(test_composite_missing),
		cmocka_unit_test(test_composite_placement),
		cmocka_unit_test(test_composite_fields),
		cmocka_unit_test(test_constituent_values),
		cmocka_unit_test(test_constituent_reserved),
		cmocka_unit_test(test_total_page_count),
		cmocka_unit_test(test_constituent_overlap),
		cmocka_unit_test(test_constituent_overlap_big),
		cmocka_unit_test(test_room_too_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
