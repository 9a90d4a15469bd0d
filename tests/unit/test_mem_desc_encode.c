/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction descriptor codec (libspmc/mem/mem_desc.[ch]):
 * accepted descriptors and the encoders. Round trips in every layout and
 * size, the retrieve response at the specification's offsets, fragmentation
 * into RX-buffer windows, and the values the encoders refuse.
 *
 * Sources cited per test: the DEN0077 descriptor tables named by title;
 * Hafnium src/ffa_memory.c [H]; TF-A's EL3 SPMC spmc_shared_mem.c [T].
 */
#include "mem_desc_fixture.h"

/* ======================= accepted descriptors ======================= */

/* DEN0077 "Memory transaction descriptor" (v1.0 32-byte header, v1.1 48-byte
 * header with size/offset of the access array, v1.2 32-byte access
 * descriptors): a well-formed share, lend and donate parse in every layout,
 * into the normalized view. */
static void test_send_valid_every_version(void **state)
{
	static const enum spmc_mem_desc_kind kinds[] = {SPMC_MEM_DESC_SHARE, SPMC_MEM_DESC_LEND,
							SPMC_MEM_DESC_DONATE};

	(void)state;
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < 3; i++) {
			struct fx f;
			struct spmc_mem_desc out;

			fx_make(&f, kinds[k], versions[i], 1, 3);
			assert_int_equal(spmc_mem_desc_parse(f.buf, f.len, f.v, f.kind, &room, &out), 0);
			assert_int_equal(out.version, f.v);
			assert_ptr_equal(out.access, room_access);
			assert_ptr_equal(out.ranges, room_ranges);
			assert_same_desc(&out, &f.d, true);
			assert_int_equal(out.total_pages, 6);
			fx_free(&f);
		}
}

/* Round trip parse(encode(x)) == x in v1.0, v1.1, v1.2 with 1 and 16
 * borrowers and 1 and 100,000 constituents (v1.2 keeps the impdef field). */
static void test_roundtrip_sizes(void **state)
{
	static const uint32_t borrowers[] = {1, 16};
	static const uint32_t counts[] = {1, BIG};
	struct spmc_mem_access acc[16];
	struct spmc_mem_range *rng = malloc(sizeof(*rng) * BIG);

	(void)state;
	assert_non_null(rng);
	for (size_t vi = 0; vi < 3; vi++)
		for (size_t bi = 0; bi < 2; bi++)
			for (size_t ci = 0; ci < 2; ci++) {
				struct spmc_mem_desc d = {0}, out;
				uint32_t v = versions[vi], nb = borrowers[bi], nr = counts[ci];
				size_t n, written, total;
				uint8_t *buf;

				d.version = v;
				d.sender = SENDER;
				d.attributes = ATTR_NORMAL_WB_INNER;
				d.flags = FFA_MEM_FLAG_TIME_SLICING;
				d.tag = 42;
				for (uint32_t i = 0; i < nb; i++) {
					memset(&acc[i], 0, sizeof(acc[i]));
					acc[i].id = (ffa_id_t)(0x8100 + 3 * i);
					acc[i].perms = i % 2 ? PERM_RO : PERM_RW;
					if (v >= V12)
						memset(acc[i].impdef, 0x10 + (int)i, 16);
				}
				for (uint32_t i = 0; i < nr; i++) {
					rng[i].addr = 0x1000000000ull + (uint64_t)i * 0x3000;
					rng[i].pages = 1 + i % 2;
					d.total_pages += rng[i].pages;
				}
				d.access = acc;
				d.access_count = nb;
				d.ranges = rng;
				d.range_count = nr;
				n = spmc_mem_desc_encoded_size(&d, v);
				assert_int_equal(n, hdr_of(v) + nb * acc_of(v) + 16 + 16 * (size_t)nr);
				buf = malloc(n);
				assert_non_null(buf);
				assert_int_equal(spmc_mem_desc_encode_send(&d, v, 0, buf, n, &written,
									   &total), 0);
				assert_int_equal(written, n);
				assert_int_equal(total, n);
				assert_int_equal(spmc_mem_desc_parse(buf, n, v, SPMC_MEM_DESC_SHARE, &room,
								     &out), 0);
				assert_same_desc(&out, &d, true);
				assert_true(spmc_mem_desc_time_slicing(&out));
				free(buf);
			}
	free(rng);
}

/* Constituent order is kept even when the overlap check had to sort them
 * (100,000 constituents in descending address order). */
static void test_roundtrip_unsorted_keeps_order(void **state)
{
	struct spmc_mem_access acc = {.id = BORROWER0, .perms = PERM_RW};
	struct spmc_mem_range *rng = malloc(sizeof(*rng) * BIG);
	struct spmc_mem_desc d = {0}, out;
	size_t n;
	uint8_t *buf;

	(void)state;
	assert_non_null(rng);
	for (uint32_t i = 0; i < BIG; i++) {
		rng[i].addr = 0x40000000ull + (uint64_t)(BIG - 1 - i) * 0x2000 + (i % 7 == 0) * 0x1000;
		rng[i].pages = 1;
	}
	d.sender = SENDER;
	d.access = &acc;
	d.access_count = 1;
	d.ranges = rng;
	d.range_count = BIG;
	d.total_pages = BIG;
	n = spmc_mem_desc_encoded_size(&d, V11);
	buf = malloc(n);
	assert_non_null(buf);
	assert_int_equal(spmc_mem_desc_encode_send(&d, V11, 0, buf, n, NULL, NULL), 0);
	assert_int_equal(spmc_mem_desc_parse(buf, n, V11, SPMC_MEM_DESC_LEND, &room, &out), 0);
	assert_same_desc(&out, &d, true);
	free(buf);
	free(rng);
}

/* Cross-version: a v1.0 share, parsed, answered as a v1.2 retrieve response;
 * every field checked at the offsets of the v1.1+ "Memory transaction
 * descriptor" (48-byte header; access size @24, count @28, array offset @32,
 * reserved 36..47), the v1.2 "Endpoint memory access descriptor" (id @0,
 * permissions @2, flags @3, composite offset @4, impdef @8, reserved @24), the
 * "Composite memory region descriptor" and the "Constituent memory region
 * descriptor". The NS bit is the caller's to set. */
static void test_cross_version_v10_send_v12_response(void **state)
{
	struct fx f;
	struct spmc_mem_desc in, resp;
	struct spmc_mem_access granted;
	uint8_t *b;
	size_t n, total, written;

	(void)state;
	fx_make(&f, SPMC_MEM_DESC_SHARE, V10, 2, 3);
	assert_int_equal(f.len, 32 + 2 * 16 + 16 + 3 * 16);
	assert_int_equal(get32(f.buf + 32 + 4), 64); /* v1.0: composite after 2 x 16 */
	assert_int_equal(spmc_mem_desc_parse(f.buf, f.len, V10, f.kind, &room, &in), 0);

	resp = in;
	granted = in.access[1];
	granted.perms = PERM_RO | FFA_MEM_INSTR_NX << FFA_MEM_INSTR_ACCESS_SHIFT;
	memset(granted.impdef, 0x5a, 16);
	resp.access = &granted;
	resp.access_count = 1;
	resp.handle = HANDLE;
	resp.attributes |= FFA_MEM_ATTR_NS;
	resp.flags = FFA_MEM_TRANSACTION_SHARE << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
	n = spmc_mem_desc_encoded_size(&resp, V12);
	assert_int_equal(n, 48 + 32 + 16 + 3 * 16);
	b = malloc(n);
	assert_non_null(b);
	assert_int_equal(spmc_mem_desc_encode_retrieve_resp(&resp, V12, 0, b, n, &written, &total), 0);
	assert_int_equal(written, n);
	assert_int_equal(total, n);

	assert_int_equal(get16(b + 0), SENDER);
	assert_int_equal(get16(b + 2), ATTR_NORMAL_WB_INNER | FFA_MEM_ATTR_NS);
	assert_int_equal(get32(b + 4), 1u << 3);
	assert_int_equal(get64(b + 8), HANDLE);
	assert_int_equal(get64(b + 16), 0x1122334455667788ull);
	assert_int_equal(get32(b + 24), 32);
	assert_int_equal(get32(b + 28), 1);
	assert_int_equal(get32(b + 32), 48);
	for (int i = 36; i < 48; i++)
		assert_int_equal(b[i], 0);
	assert_int_equal(get16(b + 48), BORROWER0 + 1);
	assert_int_equal(b[50], PERM_RO | 1 << 2);
	assert_int_equal(b[51], 0);
	assert_int_equal(get32(b + 52), 80);
	for (int i = 0; i < 16; i++)
		assert_int_equal(b[56 + i], 0x5a);
	assert_int_equal(get64(b + 72), 0);
	assert_int_equal(get32(b + 80), 6);
	assert_int_equal(get32(b + 84), 3);
	assert_int_equal(get64(b + 88), 0);
	for (uint32_t j = 0; j < 3; j++) {
		assert_int_equal(get64(b + 96 + 16 * j), 0x80000000ull + j * 0x10000);
		assert_int_equal(get32(b + 104 + 16 * j), j + 1);
		assert_int_equal(get32(b + 108 + 16 * j), 0);
	}
	/* And the borrower's side reads it back. */
	expect_at(b, n, V12, SPMC_MEM_DESC_RETRIEVE_RESP, 0, SPMC_MEM_OK, __FILE__, __LINE__);
	free(b);
	fx_free(&f);
}

/* The same response in the v1.0 and v1.1 layouts: 16-byte access
 * descriptors, reserved u64 at 8, composite right after them. */
static void test_response_v10_v11_layout(void **state)
{
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct fx f;
		uint32_t h = hdr_of(versions[i]);

		fx_make(&f, SPMC_MEM_DESC_RETRIEVE_RESP, versions[i], 1, 1);
		assert_int_equal(f.len, h + 16 + 16 + 16);
		if (versions[i] == V10) {
			assert_int_equal(f.buf[2], ATTR_NORMAL_WB_INNER);
			assert_int_equal(f.buf[3], 0);
			assert_int_equal(get32(f.buf + 24), 0);
			assert_int_equal(get32(f.buf + 28), 1);
		} else {
			assert_int_equal(get32(f.buf + 24), 16);
			assert_int_equal(get32(f.buf + 32), 48);
		}
		assert_int_equal(get16(f.buf + h), BORROWER0);
		assert_int_equal(get32(f.buf + h + 4), h + 16);
		assert_int_equal(get64(f.buf + h + 8), 0);
		assert_int_equal(get32(f.buf + h + 16 + 4), 1);
		EXPECT_OK(&f);
		fx_free(&f);
	}
}

/* FFA_MEM_FRAG_RX: a response larger than the RX buffer goes out in
 * fragments; the 4096-byte windows, concatenated, are the one-shot stream
 * (and so are windows of odd sizes). */
static void test_fragmented_encoding(void **state)
{
	enum { NR = 1000 };
	static struct spmc_mem_range rng[NR];
	struct spmc_mem_access acc[16];
	struct spmc_mem_desc d = {0};
	static const size_t chunks[] = {4096, 1, 7, 16, 100, 4095};
	size_t n, total;
	uint8_t *one, *pieces;

	(void)state;
	for (uint32_t i = 0; i < 16; i++)
		acc[i] = (struct spmc_mem_access){.id = (ffa_id_t)(0x8001 + i), .perms = PERM_RW};
	for (uint32_t i = 0; i < NR; i++) {
		rng[i] = (struct spmc_mem_range){0x90000000ull + i * 0x5000ull, 1 + i % 4};
		d.total_pages += rng[i].pages;
	}
	d.sender = SENDER;
	d.handle = HANDLE;
	d.access = acc;
	d.access_count = 16;
	d.ranges = rng;
	d.range_count = NR;
	for (size_t vi = 0; vi < 3; vi++) {
		uint32_t v = versions[vi];

		n = spmc_mem_desc_encoded_size(&d, v);
		one = malloc(n);
		pieces = malloc(n);
		assert_non_null(one);
		assert_non_null(pieces);
		assert_int_equal(spmc_mem_desc_encode_retrieve_resp(&d, v, 0, one, n, NULL, &total), 0);
		assert_int_equal(total, n);
		for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
			size_t off = 0, written;
			uint8_t *win = malloc(chunks[c]);

			assert_non_null(win);
			memset(pieces, 0xee, n);
			while (off < n) {
				memset(win, 0xcc, chunks[c]);
				assert_int_equal(spmc_mem_desc_encode_retrieve_resp(&d, v, off, win,
										    chunks[c], &written,
										    &total), 0);
				assert_int_equal(total, n);
				assert_int_equal(written, n - off < chunks[c] ? n - off : chunks[c]);
				memcpy(pieces + off, win, written);
				off += written;
			}
			assert_memory_equal(one, pieces, n);
			/* At the end: nothing more; past it: an error. */
			assert_int_equal(spmc_mem_desc_encode_retrieve_resp(&d, v, n, win, chunks[c],
									    &written, NULL), 0);
			assert_int_equal(written, 0);
			assert_int_equal(spmc_mem_desc_encode_retrieve_resp(&d, v, n + 1, win,
									    chunks[c], &written,
									    NULL), INVAL);
			free(win);
		}
		free(one);
		free(pieces);
	}
}

/* Values the layouts cannot carry are refused by the encoders: v1.0
 * attributes are 8 bits, page counts 32; a response names a borrower and
 * memory. */
static void test_encoder_limits(void **state)
{
	struct fx f;
	uint8_t buf[256];
	size_t w = 99, t = 99;

	(void)state;
	fx_make(&f, SPMC_MEM_DESC_RETRIEVE_RESP, V10, 1, 1);
	f.d.attributes = 0x100;
	assert_int_equal(spmc_mem_desc_encoded_size(&f.d, V10), 0);
	assert_int_equal(spmc_mem_desc_encode_retrieve_resp(&f.d, V10, 0, buf, sizeof(buf), &w, &t),
			 INVAL);
	assert_int_equal(w, 0);
	assert_int_equal(t, 0);
	assert_true(spmc_mem_desc_encoded_size(&f.d, V11) > 0);
	f.d.attributes = 0;
	f.rng[0].pages = 1ull << 32;
	assert_int_equal(spmc_mem_desc_encode_send(&f.d, V11, 0, buf, sizeof(buf), &w, &t), INVAL);
	f.rng[0].pages = 1;
	f.d.total_pages = 1ull << 32;
	assert_int_equal(spmc_mem_desc_encode_send(&f.d, V11, 0, buf, sizeof(buf), &w, &t), INVAL);
	f.d.total_pages = 1;
	f.d.access_count = 0;
	assert_int_equal(spmc_mem_desc_encode_retrieve_resp(&f.d, V11, 0, buf, sizeof(buf), &w, &t),
			 INVAL);
	f.d.access_count = 1;
	f.d.range_count = 0;
	assert_int_equal(spmc_mem_desc_encode_retrieve_resp(&f.d, V11, 0, buf, sizeof(buf), &w, &t),
			 INVAL);
	assert_int_equal(spmc_mem_desc_encode_send(&f.d, FFA_VERSION_MAKE(2, 0), 0, buf,
						   sizeof(buf), &w, &t), FFA_RET_NOT_SUPPORTED);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_send_valid_every_version),
		cmocka_unit_test(test_roundtrip_sizes),
		cmocka_unit_test(test_roundtrip_unsorted_keeps_order),
		cmocka_unit_test(test_cross_version_v10_send_v12_response),
		cmocka_unit_test(test_response_v10_v11_layout),
		cmocka_unit_test(test_fragmented_encoding),
		cmocka_unit_test(test_encoder_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
