/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction descriptor codec (libspmc/mem/mem_desc.[ch]): the
 * memory region attributes, the flags of each interface (send, retrieve
 * request, retrieve response) and the handle.
 *
 * Sources cited per test: the DEN0077 descriptor tables named by title;
 * Hafnium src/ffa_memory.c [H]; TF-A's EL3 SPMC spmc_shared_mem.c [T].
 */
#include "mem_desc_fixture.h"

/* ======================= attributes ======================= */

static void attr_case(enum spmc_mem_desc_kind k, uint32_t v, uint32_t nb, uint16_t attr, int rc,
		      enum spmc_mem_desc_why w, int line)
{
	struct fx f;

	fx_make(&f, k, v, nb, 1);
	f.d.attributes = attr;
	fx_encode(&f);
	expect_at(f.buf, f.len, f.v, f.kind, rc, w, __FILE__, line);
	fx_free(&f);
}
#define ATTR_CASE(k, v, nb, a, rc, w) attr_case((k), (v), (nb), (a), (rc), (w), __LINE__)
#define TYPE(t) ((uint16_t)((t) << FFA_MEM_TYPE_SHIFT))
#define CACHE(c) ((uint16_t)((c) << FFA_MEM_CACHEABILITY_SHIFT))

/* "Memory region attributes descriptor": v1.0 bits [7:6] reserved, v1.1+
 * bits [15:7] reserved; the NS bit (6) MBZ in a send and a retrieve request
 * ([H]; the SPMC sets it in responses). */
static void test_attr_reserved(void **state)
{
	const uint16_t ok = ATTR_NORMAL_WB_INNER;

	(void)state;
	ATTR_CASE(SPMC_MEM_DESC_SHARE, V10, 1, ok | 0x40, INVAL, SPMC_MEM_ATTR_RESERVED);
	ATTR_CASE(SPMC_MEM_DESC_SHARE, V10, 1, ok | 0x80, INVAL, SPMC_MEM_ATTR_RESERVED);
	ATTR_CASE(SPMC_MEM_DESC_SHARE, V11, 1, ok | FFA_MEM_ATTR_NS, INVAL, SPMC_MEM_ATTR_RESERVED);
	ATTR_CASE(SPMC_MEM_DESC_SHARE, V12, 1, ok | 0x80, INVAL, SPMC_MEM_ATTR_RESERVED);
	ATTR_CASE(SPMC_MEM_DESC_SHARE, V12, 1, ok | 0x8000, INVAL, SPMC_MEM_ATTR_RESERVED);
	ATTR_CASE(SPMC_MEM_DESC_RETRIEVE_REQ, V11, 1, FFA_MEM_ATTR_NS, INVAL,
		  SPMC_MEM_ATTR_RESERVED);
	ATTR_CASE(SPMC_MEM_DESC_RETRIEVE_RESP, V12, 1, ok | FFA_MEM_ATTR_NS, 0, SPMC_MEM_OK);
	ATTR_CASE(SPMC_MEM_DESC_RETRIEVE_RESP, V10, 1, ok | FFA_MEM_ATTR_NS, 0, SPMC_MEM_OK);
	ATTR_CASE(SPMC_MEM_DESC_RETRIEVE_RESP, V12, 1, ok | 0x100, INVAL, SPMC_MEM_ATTR_RESERVED);
}

/* "Memory region attributes descriptor": memory type 3 is reserved;
 * cacheability and shareability only with a type; normal memory cacheability
 * 0 and 2 and shareability 1 are reserved; device memory takes all four
 * device attributes. */
static void test_attr_encodings(void **state)
{
	const enum spmc_mem_desc_kind s = SPMC_MEM_DESC_SHARE;
	const uint16_t normal = TYPE(FFA_MEM_TYPE_NORMAL), dev = TYPE(FFA_MEM_TYPE_DEVICE);

	(void)state;
	ATTR_CASE(s, V11, 1, TYPE(3), INVAL, SPMC_MEM_ATTR_TYPE);
	ATTR_CASE(SPMC_MEM_DESC_RETRIEVE_REQ, V11, 1, TYPE(3), INVAL, SPMC_MEM_ATTR_TYPE);
	ATTR_CASE(s, V11, 1, normal | CACHE(0) | 3, INVAL, SPMC_MEM_ATTR_ENCODING);
	ATTR_CASE(s, V11, 1, normal | CACHE(2) | 3, INVAL, SPMC_MEM_ATTR_ENCODING);
	ATTR_CASE(s, V11, 1, normal | CACHE(3) | 1, INVAL, SPMC_MEM_ATTR_ENCODING);
	ATTR_CASE(s, V11, 1, dev | CACHE(1) | 1, INVAL, SPMC_MEM_ATTR_ENCODING);
	ATTR_CASE(SPMC_MEM_DESC_RETRIEVE_REQ, V11, 1, CACHE(3), INVAL, SPMC_MEM_ATTR_ENCODING);
	ATTR_CASE(SPMC_MEM_DESC_RETRIEVE_REQ, V11, 1, 2, INVAL, SPMC_MEM_ATTR_ENCODING);
	ATTR_CASE(s, V11, 1, normal | CACHE(1) | 0, 0, SPMC_MEM_OK);
	ATTR_CASE(s, V11, 1, normal | CACHE(3) | 2, 0, SPMC_MEM_OK);
	for (uint16_t c = 0; c < 4; c++)
		ATTR_CASE(s, V10, 1, dev | CACHE(c), 0, SPMC_MEM_OK);
}

/* [H] (DEN0077 "Memory region attributes usage"): donate and lend to one
 * borrower leave the memory type "not specified" (the borrower chooses);
 * share and lend to several borrowers specify it. */
static void test_attr_type_per_op(void **state)
{
	const uint16_t normal = ATTR_NORMAL_WB_INNER;

	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		uint32_t v = versions[vi];

		ATTR_CASE(SPMC_MEM_DESC_LEND, v, 1, normal, INVAL, SPMC_MEM_ATTR_TYPE_OP);
		ATTR_CASE(SPMC_MEM_DESC_LEND, v, 1, TYPE(FFA_MEM_TYPE_DEVICE), INVAL,
			  SPMC_MEM_ATTR_TYPE_OP);
		ATTR_CASE(SPMC_MEM_DESC_DONATE, v, 1, normal, INVAL, SPMC_MEM_ATTR_TYPE_OP);
		ATTR_CASE(SPMC_MEM_DESC_DONATE, v, 2, normal, INVAL, SPMC_MEM_ATTR_TYPE_OP);
		ATTR_CASE(SPMC_MEM_DESC_SHARE, v, 1, 0, INVAL, SPMC_MEM_ATTR_TYPE_OP);
		ATTR_CASE(SPMC_MEM_DESC_LEND, v, 2, 0, INVAL, SPMC_MEM_ATTR_TYPE_OP);
		ATTR_CASE(SPMC_MEM_DESC_LEND, v, 2, normal, 0, SPMC_MEM_OK);
		ATTR_CASE(SPMC_MEM_DESC_LEND, v, 1, 0, 0, SPMC_MEM_OK);
		ATTR_CASE(SPMC_MEM_DESC_DONATE, v, 2, 0, 0, SPMC_MEM_OK);
		ATTR_CASE(SPMC_MEM_DESC_RETRIEVE_REQ, v, 1, 0, 0, SPMC_MEM_OK);
		ATTR_CASE(SPMC_MEM_DESC_RETRIEVE_REQ, v, 1, normal, 0, SPMC_MEM_OK);
	}
}

/* ======================= flags and handle ======================= */

static void flags_case(enum spmc_mem_desc_kind k, uint32_t v, uint32_t nb, uint32_t flags, int rc,
		       enum spmc_mem_desc_why w, int line)
{
	struct fx f;

	fx_make(&f, k, v, nb, k == SPMC_MEM_DESC_RETRIEVE_REQ ? 0 : 1);
	f.d.flags = flags;
	fx_encode(&f);
	expect_at(f.buf, f.len, f.v, f.kind, rc, w, __FILE__, line);
	fx_free(&f);
}
#define FLAGS_CASE(k, v, nb, fl, rc, w) flags_case((k), (v), (nb), (fl), (rc), (w), __LINE__)
#define TTYPE(t) ((uint32_t)(t) << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT)

/* FFA_MEM_SHARE/LEND/DONATE flags: bit 0 zero memory, bit 1 operation time
 * slicing, bits [31:2] MBZ — so the retrieve-only bits (zero after
 * relinquish, transaction type) are refused; [H] a share cannot ask for
 * zeroing (the owner keeps access). Time slicing is reported, not judged. */
static void test_send_flags(void **state)
{
	static const enum spmc_mem_desc_kind kinds[] = {SPMC_MEM_DESC_SHARE, SPMC_MEM_DESC_LEND,
							SPMC_MEM_DESC_DONATE};

	(void)state;
	for (size_t vi = 0; vi < 3; vi++)
		for (size_t k = 0; k < 3; k++) {
			uint32_t v = versions[vi];

			FLAGS_CASE(kinds[k], v, 1, FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH, INVAL,
				   SPMC_MEM_FLAGS_RESERVED);
			FLAGS_CASE(kinds[k], v, 1, TTYPE(1), INVAL, SPMC_MEM_FLAGS_RESERVED);
			FLAGS_CASE(kinds[k], v, 1, TTYPE(3), INVAL, SPMC_MEM_FLAGS_RESERVED);
			FLAGS_CASE(kinds[k], v, 1, 1u << 31, INVAL, SPMC_MEM_FLAGS_RESERVED);
			FLAGS_CASE(kinds[k], v, 1, FFA_MEM_FLAG_BYPASS_MULTI_BORROWER, INVAL,
				   SPMC_MEM_FLAGS_RESERVED);
			FLAGS_CASE(kinds[k], v, 1, FFA_MEM_FLAG_TIME_SLICING, 0, SPMC_MEM_OK);
		}
	FLAGS_CASE(SPMC_MEM_DESC_SHARE, V11, 1, FFA_MEM_FLAG_ZERO_MEMORY, INVAL,
		   SPMC_MEM_FLAGS_ZERO_SHARE);
	FLAGS_CASE(SPMC_MEM_DESC_LEND, V11, 1, FFA_MEM_FLAG_ZERO_MEMORY, 0, SPMC_MEM_OK);
	FLAGS_CASE(SPMC_MEM_DESC_DONATE, V10, 1, FFA_MEM_FLAG_ZERO_MEMORY, 0, SPMC_MEM_OK);
}

/* The time-slicing request is visible to the ABI layer, which may refuse it
 * with NOT_SUPPORTED. */
static void test_time_slicing_reported(void **state)
{
	struct fx f;
	struct spmc_mem_desc out;

	(void)state;
	fx_make(&f, SPMC_MEM_DESC_LEND, V11, 1, 1);
	assert_int_equal(spmc_mem_desc_parse(f.buf, f.len, f.v, f.kind, &room, &out), 0);
	assert_false(spmc_mem_desc_time_slicing(&out));
	f.d.flags = FFA_MEM_FLAG_TIME_SLICING | FFA_MEM_FLAG_ZERO_MEMORY;
	fx_encode(&f);
	assert_int_equal(spmc_mem_desc_parse(f.buf, f.len, f.v, f.kind, &room, &out), 0);
	assert_true(spmc_mem_desc_time_slicing(&out));
	assert_int_equal(out.flags, FFA_MEM_FLAG_TIME_SLICING | FFA_MEM_FLAG_ZERO_MEMORY);
	fx_free(&f);
}

/* FFA_MEM_RETRIEVE_REQ flags: transaction type 0..3; [H] no zeroing (before
 * retrieval or after relinquish) for a share; the alignment hint bits [8:5]
 * only with their valid bit 9; bit 10 (bypass multi-borrower check) only
 * from v1.2 and [H] with exactly one borrower listed; bits above MBZ. */
static void test_retrieve_flags(void **state)
{
	const enum spmc_mem_desc_kind r = SPMC_MEM_DESC_RETRIEVE_REQ;
	const uint32_t zero = FFA_MEM_FLAG_ZERO_MEMORY, zrel = FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH;

	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		uint32_t v = versions[vi];

		for (uint32_t t = 0; t < 4; t++)
			FLAGS_CASE(r, v, 1, TTYPE(t), 0, SPMC_MEM_OK);
		FLAGS_CASE(r, v, 1, TTYPE(FFA_MEM_TRANSACTION_SHARE) | zero, INVAL,
			   SPMC_MEM_FLAGS_ZERO_SHARE);
		FLAGS_CASE(r, v, 1, TTYPE(FFA_MEM_TRANSACTION_SHARE) | zrel, INVAL,
			   SPMC_MEM_FLAGS_ZERO_SHARE);
		FLAGS_CASE(r, v, 1, TTYPE(FFA_MEM_TRANSACTION_LEND) | zero | zrel, 0, SPMC_MEM_OK);
		FLAGS_CASE(r, v, 1, TTYPE(FFA_MEM_TRANSACTION_DONATE) | zero | zrel, 0, SPMC_MEM_OK);
		FLAGS_CASE(r, v, 1, zero | zrel | FFA_MEM_FLAG_TIME_SLICING, 0, SPMC_MEM_OK);
		FLAGS_CASE(r, v, 1, 3u << FFA_MEM_FLAG_ALIGN_HINT_SHIFT, INVAL, SPMC_MEM_FLAGS_HINT);
		FLAGS_CASE(r, v, 1, 3u << FFA_MEM_FLAG_ALIGN_HINT_SHIFT | FFA_MEM_FLAG_ALIGN_HINT_VALID,
			   0, SPMC_MEM_OK);
		FLAGS_CASE(r, v, 1, 1u << 11, INVAL, SPMC_MEM_FLAGS_RESERVED);
		FLAGS_CASE(r, v, 1, 1u << 31, INVAL, SPMC_MEM_FLAGS_RESERVED);
	}
	FLAGS_CASE(r, V10, 1, FFA_MEM_FLAG_BYPASS_MULTI_BORROWER, INVAL, SPMC_MEM_FLAGS_RESERVED);
	FLAGS_CASE(r, V11, 1, FFA_MEM_FLAG_BYPASS_MULTI_BORROWER, INVAL, SPMC_MEM_FLAGS_RESERVED);
	FLAGS_CASE(r, V12, 1, FFA_MEM_FLAG_BYPASS_MULTI_BORROWER, 0, SPMC_MEM_OK);
	FLAGS_CASE(r, V12, 2, FFA_MEM_FLAG_BYPASS_MULTI_BORROWER, INVAL, SPMC_MEM_FLAGS_BYPASS);
}

/* FFA_MEM_RETRIEVE_RESP flags: the send's (zero memory, time slicing), zero
 * after relinquish and the transaction type; bits [31:5] MBZ. */
static void test_response_flags(void **state)
{
	(void)state;
	FLAGS_CASE(SPMC_MEM_DESC_RETRIEVE_RESP, V12, 1, TTYPE(2) | 7, 0, SPMC_MEM_OK);
	FLAGS_CASE(SPMC_MEM_DESC_RETRIEVE_RESP, V12, 1, 1u << 5, INVAL, SPMC_MEM_FLAGS_RESERVED);
	FLAGS_CASE(SPMC_MEM_DESC_RETRIEVE_RESP, V11, 1, TTYPE(1) | 1, INVAL,
		   SPMC_MEM_FLAGS_ZERO_SHARE);
}

/* The handle is the SPMC's to allocate: MBZ in a send; a retrieve request
 * names one (0 is a valid value — Hafnium allocates it — the all-ones
 * FFA_MEM_HANDLE_INVALID is not). */
static void test_handle(void **state)
{
	struct fx f;

	(void)state;
	for (size_t vi = 0; vi < 3; vi++) {
		fx_make(&f, SPMC_MEM_DESC_DONATE, versions[vi], 1, 1);
		put64(f.buf + 8, 1);
		EXPECT(&f, INVAL, SPMC_MEM_HANDLE);
		put64(f.buf + 8, 1ull << 63);
		EXPECT(&f, INVAL, SPMC_MEM_HANDLE);
		fx_free(&f);
		fx_make(&f, SPMC_MEM_DESC_RETRIEVE_REQ, versions[vi], 1, 0);
		put64(f.buf + 8, FFA_MEM_HANDLE_INVALID);
		EXPECT(&f, INVAL, SPMC_MEM_HANDLE);
		put64(f.buf + 8, 0);
		EXPECT_OK(&f);
		fx_free(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attr_reserved),
		cmocka_unit_test(test_attr_encodings),
		cmocka_unit_test(test_attr_type_per_op),
		cmocka_unit_test(test_send_flags),
		cmocka_unit_test(test_time_slicing_reported),
		cmocka_unit_test(test_retrieve_flags),
		cmocka_unit_test(test_response_flags),
		cmocka_unit_test(test_handle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
