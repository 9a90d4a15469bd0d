/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction descriptor codec (libspmc/mem/mem_desc.[ch]): the
 * endpoint memory access descriptors. Borrowers (count, duplicates, the
 * sender, reserved fields and flags) and their memory access permissions
 * (encodings, data and instruction access per operation).
 *
 * Sources cited per test: the DEN0077 descriptor tables named by title;
 * Hafnium src/ffa_memory.c [H]; TF-A's EL3 SPMC spmc_shared_mem.c [T].
 */
#include "mem_desc_fixture.h"

/* ======================= borrowers ======================= */

static void set_count0(struct fx *f) { put32(f->buf + 28, 0); }

/* [H][T] a send names at least one borrower (endpoint memory access
 * descriptor count >= 1). */
static void test_zero_borrowers(void **state)
{
	(void)state;
	each_version(SPMC_MEM_DESC_SHARE, 1, 1, set_count0, INVAL, SPMC_MEM_NO_BORROWERS);
	each_version(SPMC_MEM_DESC_DONATE, 1, 1, set_count0, INVAL, SPMC_MEM_NO_BORROWERS);
	each_version(SPMC_MEM_DESC_RETRIEVE_RESP, 1, 1, set_count0, INVAL, SPMC_MEM_NO_BORROWERS);
}

/* [H][T] a borrower is listed once: with few borrowers (pairwise) and many
 * (sorted in the room), and the order survives the check. */
static void test_duplicate_borrowers(void **state)
{
	static const uint32_t counts[] = {2, 16, 33, 64};

	(void)state;
	for (size_t vi = 0; vi < 3; vi++)
		for (size_t c = 0; c < 4; c++) {
			struct fx f;
			uint32_t n = counts[c];
			struct spmc_mem_desc out;

			fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], n, 1);
			/* Valid first: many borrowers, reversed IDs, order kept. */
			for (uint32_t i = 0; i < n; i++)
				f.acc[i].id = (ffa_id_t)(0x9000 - i);
			fx_encode(&f);
			assert_int_equal(spmc_mem_desc_parse(f.buf, f.len, f.v, f.kind, &room, &out), 0);
			assert_same_desc(&out, &f.d, true);
			f.acc[n - 1].id = f.acc[n / 2 - 1].id;
			fx_encode(&f);
			EXPECT(&f, INVAL, SPMC_MEM_DUP_BORROWER);
			fx_free(&f);
		}
}

/* [H] memory is not sent to its own owner: the sender is no borrower. */
static void test_sender_as_borrower(void **state)
{
	static const enum spmc_mem_desc_kind kinds[] = {
		SPMC_MEM_DESC_SHARE, SPMC_MEM_DESC_LEND, SPMC_MEM_DESC_DONATE,
		SPMC_MEM_DESC_RETRIEVE_REQ, SPMC_MEM_DESC_RETRIEVE_RESP};

	(void)state;
	for (size_t k = 0; k < 5; k++) {
		struct fx f;

		fx_make(&f, kinds[k], V11, 2, 1);
		f.acc[1].id = SENDER;
		fx_encode(&f);
		EXPECT(&f, INVAL, SPMC_MEM_SENDER_BORROWER);
		fx_free(&f);
	}
}

/* Borrower IDs are not judged here (unknown endpoints are the caller's to
 * refuse): any ID other than the sender's parses, secure or not. */
static void test_borrower_ids_structural_only(void **state)
{
	static const ffa_id_t ids[] = {0x0001, 0x7fff, 0x8000, 0xffff};
	struct fx f;

	(void)state;
	fx_make(&f, SPMC_MEM_DESC_SHARE, V12, 4, 1);
	for (int i = 0; i < 4; i++)
		f.acc[i].id = ids[i];
	fx_encode(&f);
	EXPECT_OK(&f);
	fx_free(&f);
}

/* "Endpoint memory access descriptor": the reserved u64 MBZ (at 8 in the
 * 16-byte v1.0/v1.1 form, at 24 in v1.2); v1.2's impdef field at 8 is free
 * and kept. */
static void test_access_reserved(void **state)
{
	(void)state;
	for (size_t vi = 0; vi < 3; vi++)
		for (int byte = 0; byte < 8; byte++) {
			struct fx f;
			size_t res = versions[vi] >= V12 ? 24 : 8;

			fx_make(&f, SPMC_MEM_DESC_SHARE, versions[vi], 2, 1);
			f.buf[off_acc(&f, 1) + res + byte] = 1;
			EXPECT(&f, INVAL, SPMC_MEM_ACCESS_RESERVED);
			fx_free(&f);
		}
}

/* "Memory access permissions descriptor" flags: bit 0 (non-retrieval
 * borrower) is for retrieve requests and responses, bits [7:1] MBZ. */
static void test_access_flags(void **state)
{
	struct fx f;

	(void)state;
	fx_make(&f, SPMC_MEM_DESC_LEND, V11, 1, 1);
	f.acc[0].flags = FFA_MEM_ACCESS_FLAG_NON_RETRIEVAL_BORROWER;
	fx_encode(&f);
	EXPECT(&f, INVAL, SPMC_MEM_ACCESS_FLAGS);
	fx_free(&f);
	fx_make(&f, SPMC_MEM_DESC_RETRIEVE_REQ, V11, 2, 0);
	f.acc[0].flags = FFA_MEM_ACCESS_FLAG_NON_RETRIEVAL_BORROWER;
	fx_encode(&f);
	EXPECT_OK(&f);
	f.acc[1].flags = 2;
	fx_encode(&f);
	EXPECT(&f, INVAL, SPMC_MEM_ACCESS_FLAGS);
	f.acc[1].flags = 0x80;
	fx_encode(&f);
	EXPECT(&f, INVAL, SPMC_MEM_ACCESS_FLAGS);
	fx_free(&f);
}

/* ======================= permissions ======================= */

static void perm_case(enum spmc_mem_desc_kind k, uint32_t nb, uint8_t perms, int rc,
		      enum spmc_mem_desc_why w, int line)
{
	for (size_t vi = 0; vi < 3; vi++) {
		struct fx f;

		fx_make(&f, k, versions[vi], nb, 1);
		f.acc[nb - 1].perms = perms;
		fx_encode(&f);
		expect_at(f.buf, f.len, f.v, f.kind, rc, w, __FILE__, line);
		fx_free(&f);
	}
}
#define PERM_CASE(k, nb, p, rc, w) perm_case((k), (nb), (p), (rc), (w), __LINE__)
#define INSTR(x) ((uint8_t)((x) << FFA_MEM_INSTR_ACCESS_SHIFT))

/* "Memory access permissions descriptor": bits [7:4] reserved; data access
 * 3 and instruction access 3 are reserved encodings. */
static void test_perm_encodings(void **state)
{
	(void)state;
	PERM_CASE(SPMC_MEM_DESC_SHARE, 1, PERM_RW | 0x10, INVAL, SPMC_MEM_PERM_RESERVED);
	PERM_CASE(SPMC_MEM_DESC_SHARE, 1, PERM_RW | 0x80, INVAL, SPMC_MEM_PERM_RESERVED);
	PERM_CASE(SPMC_MEM_DESC_SHARE, 2, 3, INVAL, SPMC_MEM_PERM_DATA);
	PERM_CASE(SPMC_MEM_DESC_RETRIEVE_REQ, 1, 3, INVAL, SPMC_MEM_PERM_DATA);
	PERM_CASE(SPMC_MEM_DESC_SHARE, 1, PERM_RW | INSTR(3), INVAL, SPMC_MEM_PERM_INSTR);
	PERM_CASE(SPMC_MEM_DESC_RETRIEVE_RESP, 1, PERM_RW | INSTR(3), INVAL, SPMC_MEM_PERM_INSTR);
}

/* [H] data access per operation: share and lend name RO or RW (not "not
 * specified"); donate leaves it "not specified" for the receiver. */
static void test_perm_data_per_op(void **state)
{
	(void)state;
	PERM_CASE(SPMC_MEM_DESC_SHARE, 1, 0, INVAL, SPMC_MEM_PERM_DATA_OP);
	PERM_CASE(SPMC_MEM_DESC_LEND, 1, 0, INVAL, SPMC_MEM_PERM_DATA_OP);
	PERM_CASE(SPMC_MEM_DESC_LEND, 3, 0, INVAL, SPMC_MEM_PERM_DATA_OP);
	PERM_CASE(SPMC_MEM_DESC_DONATE, 1, PERM_RW, INVAL, SPMC_MEM_PERM_DATA_OP);
	PERM_CASE(SPMC_MEM_DESC_DONATE, 1, PERM_RO, INVAL, SPMC_MEM_PERM_DATA_OP);
	PERM_CASE(SPMC_MEM_DESC_SHARE, 1, PERM_RO, 0, SPMC_MEM_OK);
	PERM_CASE(SPMC_MEM_DESC_LEND, 1, PERM_RO, 0, SPMC_MEM_OK);
	/* A retrieve request may leave it to the SPMC. */
	PERM_CASE(SPMC_MEM_DESC_RETRIEVE_REQ, 1, 0, 0, SPMC_MEM_OK);
}

/* [H] citing DEN0077 v1.1 "Instruction access permission usage": the sender
 * never specifies instruction access (share and multi-borrower lend get NX,
 * donate and single-borrower lend the borrower's choice); a retrieve request
 * may. */
static void test_perm_instr_per_op(void **state)
{
	(void)state;
	PERM_CASE(SPMC_MEM_DESC_SHARE, 1, PERM_RW | INSTR(FFA_MEM_INSTR_NX), INVAL,
		  SPMC_MEM_PERM_INSTR_OP);
	PERM_CASE(SPMC_MEM_DESC_SHARE, 2, PERM_RW | INSTR(FFA_MEM_INSTR_X), INVAL,
		  SPMC_MEM_PERM_INSTR_OP);
	PERM_CASE(SPMC_MEM_DESC_LEND, 1, PERM_RW | INSTR(FFA_MEM_INSTR_X), INVAL,
		  SPMC_MEM_PERM_INSTR_OP);
	PERM_CASE(SPMC_MEM_DESC_LEND, 2, PERM_RW | INSTR(FFA_MEM_INSTR_NX), INVAL,
		  SPMC_MEM_PERM_INSTR_OP);
	PERM_CASE(SPMC_MEM_DESC_DONATE, 1, INSTR(FFA_MEM_INSTR_X), INVAL, SPMC_MEM_PERM_INSTR_OP);
	PERM_CASE(SPMC_MEM_DESC_RETRIEVE_REQ, 1, PERM_RW | INSTR(FFA_MEM_INSTR_X), 0, SPMC_MEM_OK);
	PERM_CASE(SPMC_MEM_DESC_RETRIEVE_RESP, 1, PERM_RO | INSTR(FFA_MEM_INSTR_X), 0, SPMC_MEM_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_borrowers),
		cmocka_unit_test(test_duplicate_borrowers),
		cmocka_unit_test(test_sender_as_borrower),
		cmocka_unit_test(test_borrower_ids_structural_only),
		cmocka_unit_test(test_access_reserved),
		cmocka_unit_test(test_access_flags),
		cmocka_unit_test(test_perm_encodings),
		cmocka_unit_test(test_perm_data_per_op),
		cmocka_unit_test(test_perm_instr_per_op),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
