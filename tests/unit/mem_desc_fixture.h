/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture for the memory transaction descriptor codec tests
 * (tests/unit/test_mem_desc_*.c, libspmc/mem/mem_desc.[ch]): a valid descriptor
 * of each kind encoded into exact-size heap memory (so `make SAN=1 test` sees
 * any read past it), byte offsets and little-endian accessors independent of
 * the codec, and the checks every test uses: a parse gives the expected error
 * and rule and zeroes its output on failure. Header-only (static inline), as
 * each tests/unit/test_*.c is its own binary.
 */
#ifndef TESTS_UNIT_MEM_DESC_FIXTURE_H
#define TESTS_UNIT_MEM_DESC_FIXTURE_H

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

static inline uint32_t hdr_of(uint32_t v) { return v == V10 ? 32 : 48; }
static inline uint32_t acc_of(uint32_t v) { return v >= V12 ? 32 : 16; }

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

static inline bool is_send(enum spmc_mem_desc_kind k) { return k <= SPMC_MEM_DESC_DONATE; }

/* Encodes f->d into a fresh buffer of exactly its size. */
static inline void fx_encode(struct fx *f)
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
static inline void fx_make(struct fx *f, enum spmc_mem_desc_kind kind, uint32_t v, uint32_t nb,
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

static inline void fx_free(struct fx *f)
{
	free(f->buf);
	f->buf = NULL;
}

/* Byte offsets, from the layout the encoders write. */
static inline size_t off_acc(const struct fx *f, uint32_t i)
{
	return hdr_of(f->v) + (size_t)i * acc_of(f->v);
}
static inline size_t off_comp(const struct fx *f)
{
	return off_acc(f, f->d.access_count);
}
static inline size_t off_cons(const struct fx *f, uint32_t j)
{
	return off_comp(f) + 16 + 16 * (size_t)j;
}

/* Little-endian fields, written and read independently of the codec. */
static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Resizes f's descriptor to n bytes (new bytes zero), in exact-size memory. */
static inline void fx_resize(struct fx *f, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	assert_non_null(b);
	memset(b, 0, n ? n : 1);
	memcpy(b, f->buf, n < f->len ? n : f->len);
	free(f->buf);
	f->buf = b;
	f->len = n;
}

static inline void check_zeroed(const struct spmc_mem_desc *d)
{
	static const struct spmc_mem_desc zero;

	assert_memory_equal(d, &zero, sizeof(zero));
}

static inline void expect_at(const uint8_t *b, size_t len, uint32_t v, enum spmc_mem_desc_kind k,
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
static inline void each_version(enum spmc_mem_desc_kind kind, uint32_t nb, uint32_t nr,
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
static inline void assert_same_desc(const struct spmc_mem_desc *a, const struct spmc_mem_desc *b,
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

/* Points every borrower at a composite at `off`. */
static inline void set_comp(struct fx *f, uint32_t off)
{
	for (uint32_t i = 0; i < f->d.access_count; i++)
		put32(f->buf + off_acc(f, i) + 4, off);
}

#endif
