/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction descriptor codec (libspmc/mem/mem_desc.[ch]): the
 * descriptors of the borrower's side. Retrieve requests (optional composite,
 * the hypervisor retrieve request, duplicates), retrieve responses as a
 * borrower reads them, and the relinquish descriptor.
 *
 * Sources cited per test: the DEN0077 descriptor tables named by title;
 * Hafnium src/ffa_memory.c [H]; TF-A's EL3 SPMC spmc_shared_mem.c [T].
 */
#include "mem_desc_fixture.h"

/* ======================= retrieve requests ======================= */

/* FFA_MEM_RETRIEVE_REQ: the composite is optional (offset 0: the SPMC
 * chooses the addresses); the descriptor then ends after the access
 * descriptors. Borrower-given ranges are validated like a send's. */
static void test_retrieve_request_composite(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;
		struct spmc_mem_desc out;

		fx_make(&f, SPMC_MEM_DESC_RETRIEVE_REQ, versions[vi], 2, 0);
		assert_int_equal(f.len, hdr_of(f.v) + 2 * acc_of(f.v));
		assert_int_equal(spmc_mem_desc_parse(f.buf, f.len, f.v, f.kind, &room, &out), 0);
		assert_int_equal(out.range_count, 0);
		assert_null(out.ranges);
		assert_int_equal(out.total_pages, 0);
		assert_same_desc(&out, &f.d, true);
		fx_resize(&f, f.len + 16);
		EXPECT(&f, INVAL, SPMC_MEM_LENGTH);
		fx_free(&f);

		fx_make(&f, SPMC_MEM_DESC_RETRIEVE_REQ, versions[vi], 2, 3);
		assert_int_equal(spmc_mem_desc_parse(f.buf, f.len, f.v, f.kind, &room, &out), 0);
		assert_same_desc(&out, &f.d, true);
		put32(f.buf + off_acc(&f, 1) + 4, 0);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_MISMATCH);
		put32(f.buf + off_acc(&f, 1) + 4, (uint32_t)off_comp(&f));
		f.rng[2].addr = f.rng[0].addr;
		fx_encode(&f);
		EXPECT(&f, INVAL, SPMC_MEM_RANGE_OVERLAP);
		fx_free(&f);
	}
}

/* DEN0077 v1.2 "Hypervisor retrieve request" ([H] cites it; TF-A's tests
 * build it): no endpoint memory access descriptor; as TF-A's tests do, the
 * v1.1+ access size and offset may be left 0. It parses with access_count 0;
 * nothing may follow the header. */
static void test_hypervisor_retrieve_request(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;
		struct spmc_mem_desc out;
		uint8_t *b;
		size_t h = hdr_of(versions[vi]);

		fx_make(&f, SPMC_MEM_DESC_RETRIEVE_REQ, versions[vi], 0, 0);
		f.d.flags = 0;
		fx_encode(&f);
		assert_int_equal(f.len, h);
		assert_int_equal(spmc_mem_desc_parse(f.buf, f.len, f.v, f.kind, &room, &out), 0);
		assert_int_equal(out.access_count, 0);
		assert_null(out.access);
		assert_int_equal(out.handle, HANDLE);
		fx_resize(&f, h + 16);
		EXPECT(&f, INVAL, SPMC_MEM_LENGTH);
		fx_free(&f);

		/* TF-A's form: the whole header zero but the handle. */
		b = calloc(1, h);
		assert_non_null(b);
		put64(b + 8, 0x42);
		expect_at(b, h, versions[vi], SPMC_MEM_DESC_RETRIEVE_REQ, 0, SPMC_MEM_OK, __FILE__,
			  __LINE__);
		/* Not a form of any other descriptor. */
		expect_at(b, h, versions[vi], SPMC_MEM_DESC_RETRIEVE_RESP, INVAL,
			  versions[vi] == V10 ? SPMC_MEM_NO_BORROWERS : SPMC_MEM_ACCESS_SIZE,
			  __FILE__, __LINE__);
		free(b);
	}
}

/* A retrieve request lists each borrower once. */
static void test_retrieve_request_duplicates(void **state)
{
	struct fx f;

	(void)state;
	fx_make(&f, SPMC_MEM_DESC_RETRIEVE_REQ, V12, 3, 0);
	f.acc[2].id = f.acc[0].id;
	fx_encode(&f);
	EXPECT(&f, INVAL, SPMC_MEM_DUP_BORROWER);
	fx_free(&f);
}

/* ======================= retrieve responses ======================= */

/* A retrieve response, as a borrower reads it: composite required. */
static void test_response_parse(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;

		fx_make(&f, SPMC_MEM_DESC_RETRIEVE_RESP, versions[vi], 1, 2);
		EXPECT_OK(&f);
		set_comp(&f, 0);
		EXPECT(&f, INVAL, SPMC_MEM_COMPOSITE_MISSING);
		fx_free(&f);
	}
}

/* ======================= relinquish ======================= */

static uint8_t *relinq(uint64_t handle, uint32_t flags, uint32_t count, const uint16_t *ids,
		       uint32_t nids, size_t *len)
{
	uint8_t *b;

	*len = 16 + 2 * (size_t)nids;
	b = malloc(*len);
	assert_non_null(b);
	put64(b, handle);
	put32(b + 8, flags);
	put32(b + 12, count);
	for (uint32_t i = 0; i < nids; i++)
		put16(b + 16 + 2 * i, ids[i]);
	return b;
}

static void expect_relinq(const uint8_t *b, size_t len, int rc, enum spmc_mem_desc_why w, int line)
{
	struct spmc_mem_relinquish r;
	enum spmc_mem_desc_why got;
	int x = spmc_mem_relinquish_parse_ex(b, len, &r, &got);

	if (x != rc || got != w) {
		print_error("line %d: relinquish gave %d (%s), expected %d (%s)\n", line, x,
			    spmc_mem_desc_why_name(got), rc, spmc_mem_desc_why_name(w));
		_fail(__FILE__, line);
	}
	if (x != 0)
		assert_int_equal(r.endpoint_count, 0);
}

/* "Descriptor to relinquish a memory region": handle, flags (bit 0 zero
 * memory after relinquish, bit 1 operation time slicing, [31:2] MBZ),
 * endpoint count >= 1, the endpoint IDs inside the buffer; the length is the
 * buffer's (the call carries none), so bytes after the IDs are ignored. */
static void test_relinquish(void **state)
{
	static const uint16_t ids[] = {0x8001, 0x8003, 0x0002};
	struct spmc_mem_relinquish r;
	size_t len;
	uint8_t *b;

	(void)state;
	b = relinq(HANDLE, 3, 3, ids, 3, &len);
	assert_int_equal(spmc_mem_relinquish_parse(b, len, &r), 0);
	assert_int_equal(r.handle, HANDLE);
	assert_int_equal(r.flags, 3);
	assert_int_equal(r.endpoint_count, 3);
	assert_ptr_equal(r.endpoints, b + 16);
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(spmc_mem_relinquish_endpoint(&r, i), ids[i]);
	expect_relinq(b, len - 1, INVAL, SPMC_MEM_RELINQ_BOUNDS, __LINE__);
	free(b);
	b = relinq(HANDLE, 0, 1, ids, 3, &len);
	expect_relinq(b, len, 0, SPMC_MEM_OK, __LINE__);
	free(b);
	b = relinq(HANDLE, 4, 1, ids, 1, &len);
	expect_relinq(b, len, INVAL, SPMC_MEM_RELINQ_FLAGS, __LINE__);
	free(b);
	b = relinq(HANDLE, 1u << 31, 1, ids, 1, &len);
	expect_relinq(b, len, INVAL, SPMC_MEM_RELINQ_FLAGS, __LINE__);
	free(b);
	b = relinq(HANDLE, 0, 0, ids, 1, &len);
	expect_relinq(b, len, INVAL, SPMC_MEM_RELINQ_COUNT, __LINE__);
	free(b);
	b = relinq(HANDLE, 0, 0xffffffffu, ids, 1, &len);
	expect_relinq(b, len, INVAL, SPMC_MEM_RELINQ_BOUNDS, __LINE__);
	free(b);
	b = relinq(HANDLE, 0, 1, ids, 1, &len);
	for (size_t n = 0; n < 16; n++)
		expect_relinq(b, n, INVAL, SPMC_MEM_RELINQ_SHORT, __LINE__);
	expect_relinq(NULL, 64, INVAL, SPMC_MEM_RELINQ_SHORT, __LINE__);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_retrieve_request_composite),
		cmocka_unit_test(test_hypervisor_retrieve_request),
		cmocka_unit_test(test_retrieve_request_duplicates),
		cmocka_unit_test(test_response_parse),
		cmocka_unit_test(test_relinquish),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
