/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory transaction descriptor codec (libspmc/mem/mem_desc.[ch]): every
 * validation rule with the FF-A error code and the rule it trips, round
 * trips in every layout, the retrieve response at the specification's
 * offsets, fragmentation, and reads confined to [buf, buf + len) (run under
 * `make SAN=1 test`: descriptors live in exact-size heap buffers).
 *
 * Sources cited per test: the DEN0077 descriptor tables named by title;
 * Hafnium src/ffa_memory.c [H]; TF-A's EL3 SPMC spmc_shared_mem.c [T].
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "mem/mem_desc.h"

#define V10 FFA_VERSION_1_0
#define V11 FFA_VERSION_1_1
#define V12 FFA_VERSION_1_2
#define INVAL FFA_RET_INVALID_PARAMETERS

#define SENDER 0x0000u  /* the normal world without a hypervisor */
#define BORROWER0 0x8001u
#define HANDLE 0x0000000100000007ull
#define BIG 100000u
#define ATTR_NORMAL_WB_INNER ((FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) | \
			      (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) | \
			      FFA_MEM_INNER_SHAREABLE)
#define PERM_RW FFA_MEM_DATA_RW
#define PERM_RO FFA_MEM_DATA_RO

static const uint32_t versions[] = {V10, V11, V12};

/* The parse room, shared by all tests (large enough for BIG constituents). */
#define ROOM_ACCESS 4096u
#define ROOM_RANGES (BIG + 16)
static struct spmc_mem_access room_access[ROOM_ACCESS];
static struct spmc_mem_range room_ranges[ROOM_RANGES];
static const struct spmc_mem_room room = {room_access, ROOM_ACCESS, room_ranges, ROOM_RANGES};

static uint32_t hdr_of(uint32_t v) { return v == V10 ? 32 : 48; }
static uint32_t acc_of(uint32_t v) { return v >= V12 ? 32 : 16; }

/* ---- fixtures: a valid descriptor of a kind, its bytes in exact-size memory ---- */

#define FX_MAX 64
struct fx {
	enum spmc_mem_desc_kind kind;
	uint32_t v;
	struct spmc_mem_desc d;
	struct spmc_mem_access acc[FX_MAX];
	struct spmc_mem_range rng[FX_MAX];
	uint8_t *buf;
	size_t len;
};

static bool is_send(enum spmc_mem_desc_kind k) { return k <= SPMC_MEM_DESC_DONATE; }

/* Encodes f->d into a fresh buffer of exactly its size. */
static void fx_encode(struct fx *f)
{
	size_t n = spmc_mem_desc_encoded_size(&f->d, f->v), written = 0, total = 0;
	int rc;

	assert_true(n > 0);
	free(f->buf);
	f->buf = malloc(n);
	assert_non_null(f->buf);
	if (f->kind == SPMC_MEM_DESC_RETRIEVE_RESP)
		rc = spmc_mem_desc_encode_retrieve_resp(&f->d, f->v, 0, f->buf, n, &written, &total);
	else if (f->kind == SPMC_MEM_DESC_RETRIEVE_REQ)
		rc = spmc_mem_desc_encode_retrieve_req(&f->d, f->v, 0, f->buf, n, &written, &total);
	else
		rc = spmc_mem_desc_encode_send(&f->d, f->v, 0, f->buf, n, &written, &total);
	assert_int_equal(rc, 0);
	assert_int_equal(written, n);
	assert_int_equal(total, n);
	f->len = n;
}

/* A valid descriptor: nb borrowers (BORROWER0 + i), nr constituents (range
 * i: 64 KiB apart, i + 1 pages); a retrieve request without a composite when
 * nr is 0. Attributes and permissions follow the operation's rules. */
static void fx_make(struct fx *f, enum spmc_mem_desc_kind kind, uint32_t v, uint32_t nb,
		    uint32_t nr)
{
	bool multi_lend = kind == SPMC_MEM_DESC_LEND && nb > 1;

	assert_true(nb <= FX_MAX && nr <= FX_MAX);
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->v = v;
	f->d.version = v;
	f->d.sender = SENDER;
	f->d.tag = 0x1122334455667788ull;
	if (kind == SPMC_MEM_DESC_SHARE || multi_lend || kind == SPMC_MEM_DESC_RETRIEVE_RESP)
		f->d.attributes = ATTR_NORMAL_WB_INNER;
	if (!is_send(kind))
		f->d.handle = HANDLE;
	if (kind == SPMC_MEM_DESC_RETRIEVE_REQ)
		f->d.flags = FFA_MEM_TRANSACTION_LEND << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
	if (kind == SPMC_MEM_DESC_RETRIEVE_RESP)
		f->d.flags = FFA_MEM_TRANSACTION_SHARE << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
	for (uint32_t i = 0; i < nb; i++) {
		f->acc[i].id = (ffa_id_t)(BORROWER0 + i);
		f->acc[i].perms = kind == SPMC_MEM_DESC_DONATE ? 0 : PERM_RW;
		if (kind == SPMC_MEM_DESC_RETRIEVE_RESP)
			f->acc[i].perms |= FFA_MEM_INSTR_NX << FFA_MEM_INSTR_ACCESS_SHIFT;
		if (v >= V12)
			for (int k = 0; k < 16; k++)
				f->acc[i].impdef[k] = (uint8_t)(0xa0 + i + k);
	}
	for (uint32_t i = 0; i < nr; i++) {
		f->rng[i].addr = 0x80000000ull + (uint64_t)i * 0x10000;
		f->rng[i].pages = i + 1;
		f->d.total_pages += i + 1;
	}
	f->d.access = nb ? f->acc : NULL;
	f->d.access_count = nb;
	f->d.ranges = nr ? f->rng : NULL;
	f->d.range_count = nr;
	fx_encode(f);
}

static void fx_free(struct fx *f)
{
	free(f->buf);
	f->buf = NULL;
}

/* Byte offsets, from the layout the encoders write. */
static size_t off_acc(const struct fx *f, uint32_t i)
{
	return hdr_of(f->v) + (size_t)i * acc_of(f->v);
}
static size_t off_comp(const struct fx *f)
{
	return off_acc(f, f->d.access_count);
}
static size_t off_cons(const struct fx *f, uint32_t j)
{
	return off_comp(f) + 16 + 16 * (size_t)j;
}

/* Little-endian fields, written and read independently of the codec. */
static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Resizes f's descriptor to n bytes (new bytes zero), in exact-size memory. */
static void fx_resize(struct fx *f, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	assert_non_null(b);
	memset(b, 0, n ? n : 1);
	memcpy(b, f->buf, n < f->len ? n : f->len);
	free(f->buf);
	f->buf = b;
	f->len = n;
}

static void check_zeroed(const struct spmc_mem_desc *d)
{
	static const struct spmc_mem_desc zero;

	assert_memory_equal(d, &zero, sizeof(zero));
}

static void expect_at(const uint8_t *b, size_t len, uint32_t v, enum spmc_mem_desc_kind k,
		      int rc, enum spmc_mem_desc_why w, const char *file, int line)
{
	struct spmc_mem_desc out;
	enum spmc_mem_desc_why got = SPMC_MEM_WHY_COUNT;
	int r = spmc_mem_desc_parse_ex(b, len, v, k, &room, &out, &got);

	if (r != rc || got != w) {
		print_error("%s:%d: parse gave %d (%s), expected %d (%s)\n", file, line, r,
			    spmc_mem_desc_why_name(got), rc, spmc_mem_desc_why_name(w));
		_fail(file, line);
	}
	if (r != 0)
		check_zeroed(&out);
}
#define EXPECT(f, rc, w) \
	expect_at((f)->buf, (f)->len, (f)->v, (f)->kind, (rc), (w), __FILE__, __LINE__)
#define EXPECT_OK(f) EXPECT((f), 0, SPMC_MEM_OK)

/* A descriptor of `kind` in every version, with `mutate` applied, gives
 * (rc, w). */
static void each_version(enum spmc_mem_desc_kind kind, uint32_t nb, uint32_t nr,
			 void (*mutate)(struct fx *), int rc, enum spmc_mem_desc_why w)
{
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		struct fx f;

		fx_make(&f, kind, versions[i], nb, nr);
		EXPECT_OK(&f);
		mutate(&f);
		EXPECT(&f, rc, w);
		fx_free(&f);
	}
}

/* Compares two normalized descriptors (impdef only when both layouts have it). */
static void assert_same_desc(const struct spmc_mem_desc *a, const struct spmc_mem_desc *b,
			     bool impdef)
{
	assert_int_equal(a->sender, b->sender);
	assert_int_equal(a->attributes, b->attributes);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->handle, b->handle);
	assert_int_equal(a->tag, b->tag);
	assert_int_equal(a->access_count, b->access_count);
	for (uint32_t i = 0; i < a->access_count; i++) {
		assert_int_equal(a->access[i].id, b->access[i].id);
		assert_int_equal(a->access[i].perms, b->access[i].perms);
		assert_int_equal(a->access[i].flags, b->access[i].flags);
		if (impdef)
			assert_memory_equal(a->access[i].impdef, b->access[i].impdef, 16);
	}
	assert_int_equal(a->range_count, b->range_count);
	for (uint32_t i = 0; i < a->range_count; i++) {
		assert_int_equal(a->ranges[i].addr, b->ranges[i].addr);
		assert_int_equal(a->ranges[i].pages, b->ranges[i].pages);
	}
	assert_int_equal(a->total_pages, b->total_pages);
}

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

static void set_comp(struct fx *f, uint32_t off)
{
	for (uint32_t i = 0; i < f->d.access_count; i++)
		put32(f->buf + off_acc(f, i) + 4, off);
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
		cmocka_unit_test(test_send_valid_every_version),
		cmocka_unit_test(test_roundtrip_sizes),
		cmocka_unit_test(test_roundtrip_unsorted_keeps_order),
		cmocka_unit_test(test_cross_version_v10_send_v12_response),
		cmocka_unit_test(test_response_v10_v11_layout),
		cmocka_unit_test(test_fragmented_encoding),
		cmocka_unit_test(test_encoder_limits),
		cmocka_unit_test(test_length_every_prefix),
		cmocka_unit_test(test_null_buffer),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_v10_header_reserved),
		cmocka_unit_test(test_v11_header_reserved),
		cmocka_unit_test(test_access_size),
		cmocka_unit_test(test_access_offset),
		cmocka_unit_test(test_access_count_huge),
		cmocka_unit_test(test_zero_borrowers),
		cmocka_unit_test(test_duplicate_borrowers),
		cmocka_unit_test(test_sender_as_borrower),
		cmocka_unit_test(test_borrower_ids_structural_only),
		cmocka_unit_test(test_access_reserved),
		cmocka_unit_test(test_access_flags),
		cmocka_unit_test(test_perm_encodings),
		cmocka_unit_test(test_perm_data_per_op),
		cmocka_unit_test(test_perm_instr_per_op),
		cmocka_unit_test(test_attr_reserved),
		cmocka_unit_test(test_attr_encodings),
		cmocka_unit_test(test_attr_type_per_op),
		cmocka_unit_test(test_send_flags),
		cmocka_unit_test(test_time_slicing_reported),
		cmocka_unit_test(test_retrieve_flags),
		cmocka_unit_test(test_response_flags),
		cmocka_unit_test(test_handle),
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
		cmocka_unit_test(test_retrieve_request_composite),
		cmocka_unit_test(test_hypervisor_retrieve_request),
		cmocka_unit_test(test_retrieve_request_duplicates),
		cmocka_unit_test(test_response_parse),
		cmocka_unit_test(test_relinquish),
		cmocka_unit_test(test_reads_stay_in_buffer),
		cmocka_unit_test(test_why_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
