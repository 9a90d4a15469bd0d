/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the memory transaction descriptor codec
 * (libspmc/mem/mem_desc.c, mem_desc_enc.c). Every input goes to the
 * descriptor parser in each layout (v1.0, v1.1, v1.2, v1.3) as each kind
 * (share, lend, donate, retrieve request, retrieve response), with a large
 * room and a one-entry room, and to the relinquish parser. Invariants:
 *  - a parsed descriptor's counts are within the room and its arrays are the
 *    room's; a send or response has a borrower and a constituent; borrowers
 *    are unique and never the sender; constituents have pages, are 4 KiB
 *    aligned, end inside the 64-bit space, do not overlap, and add up to the
 *    total page count; a send's handle is 0;
 *  - the small room agrees with the large one: the same result when the
 *    descriptor fits, NO_MEMORY when it does not, and the same rule for
 *    faults found before storing;
 *  - encode(parse(x)) parses back to the same normalized descriptor, in the
 *    same layout and in every other layout that can carry it, and encoding
 *    in fragments gives the one-shot bytes;
 *  - a parsed relinquish descriptor's endpoints are inside the input.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "mem/mem_desc.h"

#define CHECK(c)                          \
	do {                              \
		if (!(c))                 \
			__builtin_trap(); \
	} while (0)

#define MAX_ACCESS 4096u
#define MAX_RANGES 4096u

static struct spmc_mem_access acc_a[MAX_ACCESS], acc_b[MAX_ACCESS], acc_sorted[MAX_ACCESS];
static struct spmc_mem_range rng_a[MAX_RANGES], rng_b[MAX_RANGES], rng_sorted[MAX_RANGES];
static struct spmc_mem_access acc_small[1];
static struct spmc_mem_range rng_small[1];

static const struct spmc_mem_room room_a = {acc_a, MAX_ACCESS, rng_a, MAX_RANGES};
static const struct spmc_mem_room room_b = {acc_b, MAX_ACCESS, rng_b, MAX_RANGES};
static const struct spmc_mem_room room_small = {acc_small, 1, rng_small, 1};

static const uint32_t versions[] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
				    FFA_VERSION_1_3};
static const enum spmc_mem_desc_kind kinds[] = {
	SPMC_MEM_DESC_SHARE, SPMC_MEM_DESC_LEND, SPMC_MEM_DESC_DONATE,
	SPMC_MEM_DESC_RETRIEVE_REQ, SPMC_MEM_DESC_RETRIEVE_RESP};

static int cmp_addr(const void *a, const void *b)
{
	uint64_t x = ((const struct spmc_mem_range *)a)->addr;
	uint64_t y = ((const struct spmc_mem_range *)b)->addr;

	return (x > y) - (x < y);
}

static int cmp_id(const void *a, const void *b)
{
	return (int)((const struct spmc_mem_access *)a)->id -
	       (int)((const struct spmc_mem_access *)b)->id;
}

static bool is_send(enum spmc_mem_desc_kind k)
{
	return k == SPMC_MEM_DESC_SHARE || k == SPMC_MEM_DESC_LEND || k == SPMC_MEM_DESC_DONATE;
}

static void check_valid(const struct spmc_mem_desc *d, uint32_t v, enum spmc_mem_desc_kind k,
			const struct spmc_mem_room *room)
{
	uint64_t sum = 0;

	CHECK(d->version == v);
	CHECK(d->access_count <= room->max_access && d->range_count <= room->max_ranges);
	CHECK(d->access_count == 0 ? d->access == NULL : d->access == room->access);
	CHECK(d->range_count == 0 ? d->ranges == NULL : d->ranges == room->ranges);
	if (k != SPMC_MEM_DESC_RETRIEVE_REQ)
		CHECK(d->access_count >= 1 && d->range_count >= 1);
	if (is_send(k))
		CHECK(d->handle == 0 && (d->attributes & FFA_MEM_ATTR_NS) == 0);
	for (uint32_t i = 0; i < d->range_count; i++) {
		const struct spmc_mem_range *r = &d->ranges[i];

		CHECK(r->pages >= 1 && r->pages <= UINT32_MAX);
		CHECK(r->addr % SPMC_MEM_PAGE_SIZE == 0);
		CHECK(r->pages * SPMC_MEM_PAGE_SIZE <= UINT64_MAX - r->addr);
		sum += r->pages;
	}
	CHECK(sum == d->total_pages);
	memcpy(rng_sorted, d->ranges, sizeof(*rng_sorted) * d->range_count);
	qsort(rng_sorted, d->range_count, sizeof(*rng_sorted), cmp_addr);
	for (uint32_t i = 1; i < d->range_count; i++)
		CHECK(rng_sorted[i - 1].addr + rng_sorted[i - 1].pages * SPMC_MEM_PAGE_SIZE <=
		      rng_sorted[i].addr);
	memcpy(acc_sorted, d->access, sizeof(*acc_sorted) * d->access_count);
	qsort(acc_sorted, d->access_count, sizeof(*acc_sorted), cmp_id);
	for (uint32_t i = 0; i < d->access_count; i++) {
		CHECK(acc_sorted[i].id != d->sender);
		CHECK((acc_sorted[i].perms & 0xf0) == 0);
		if (i)
			CHECK(acc_sorted[i - 1].id != acc_sorted[i].id);
	}
}

static void check_same(const struct spmc_mem_desc *a, const struct spmc_mem_desc *b, bool impdef)
{
	CHECK(a->sender == b->sender && a->attributes == b->attributes && a->flags == b->flags);
	CHECK(a->handle == b->handle && a->tag == b->tag && a->total_pages == b->total_pages);
	CHECK(a->access_count == b->access_count && a->range_count == b->range_count);
	for (uint32_t i = 0; i < a->access_count; i++) {
		CHECK(a->access[i].id == b->access[i].id);
		CHECK(a->access[i].perms == b->access[i].perms);
		CHECK(a->access[i].flags == b->access[i].flags);
		if (impdef)
			CHECK(memcmp(a->access[i].impdef, b->access[i].impdef, 16) == 0);
	}
	for (uint32_t i = 0; i < a->range_count; i++)
		CHECK(a->ranges[i].addr == b->ranges[i].addr && a->ranges[i].pages == b->ranges[i].pages);
}

static int encode(const struct spmc_mem_desc *d, uint32_t v, enum spmc_mem_desc_kind k,
		  uint64_t off, void *out, size_t cap, size_t *written, size_t *total)
{
	if (k == SPMC_MEM_DESC_RETRIEVE_RESP)
		return spmc_mem_desc_encode_retrieve_resp(d, v, off, out, cap, written, total);
	if (k == SPMC_MEM_DESC_RETRIEVE_REQ)
		return spmc_mem_desc_encode_retrieve_req(d, v, off, out, cap, written, total);
	return spmc_mem_desc_encode_send(d, v, off, out, cap, written, total);
}

/* d (parsed in layout v as k) re-encoded in layout v2 parses back as d. */
static void roundtrip(const struct spmc_mem_desc *d, uint32_t v, uint32_t v2,
		      enum spmc_mem_desc_kind k, size_t chunk)
{
	size_t n = spmc_mem_desc_encoded_size(d, v2), written, total, off;
	uint8_t *one, *pieces;
	struct spmc_mem_desc back;
	bool v2_has_impdef = FFA_VERSION_MINOR(v2) >= 2;

	CHECK(n > 0);
	one = malloc(n);
	pieces = malloc(n);
	CHECK(one && pieces);
	CHECK(encode(d, v2, k, 0, one, n, &written, &total) == 0);
	CHECK(written == n && total == n);
	for (off = 0; off < n; off += written) {
		CHECK(encode(d, v2, k, off, pieces + off, chunk, &written, &total) == 0);
		CHECK(written >= 1 && total == n);
	}
	CHECK(memcmp(one, pieces, n) == 0);
	/* The bypass multi-borrower flag exists from v1.2 only. */
	if (k == SPMC_MEM_DESC_RETRIEVE_REQ && (d->flags & FFA_MEM_FLAG_BYPASS_MULTI_BORROWER) &&
	    !v2_has_impdef) {
		CHECK(spmc_mem_desc_parse(one, n, v2, k, &room_b, &back) ==
		      FFA_RET_INVALID_PARAMETERS);
	} else {
		CHECK(spmc_mem_desc_parse(one, n, v2, k, &room_b, &back) == 0);
		check_same(d, &back, v2_has_impdef && FFA_VERSION_MINOR(v) >= 2);
		if (!v2_has_impdef)
			for (uint32_t i = 0; i < back.access_count; i++)
				for (int j = 0; j < 16; j++)
					CHECK(back.access[i].impdef[j] == 0);
	}
	free(one);
	free(pieces);
}

static bool post_room(enum spmc_mem_desc_why w)
{
	return w == SPMC_MEM_DUP_BORROWER || w == SPMC_MEM_RANGE_OVERLAP ||
	       w == SPMC_MEM_ROOM_ACCESS || w == SPMC_MEM_ROOM_RANGES;
}

static bool room_why(enum spmc_mem_desc_why w)
{
	return w == SPMC_MEM_ROOM_ACCESS || w == SPMC_MEM_ROOM_RANGES;
}

static void one_parse(const uint8_t *data, size_t size, uint32_t v, enum spmc_mem_desc_kind k)
{
	struct spmc_mem_desc d, s;
	enum spmc_mem_desc_why w, ws;
	int rc = spmc_mem_desc_parse_ex(data, size, v, k, &room_a, &d, &w);
	int rs = spmc_mem_desc_parse_ex(data, size, v, k, &room_small, &s, &ws);

	CHECK((rc == 0) == (w == SPMC_MEM_OK));
	CHECK(rc == 0 || rc == FFA_RET_INVALID_PARAMETERS || rc == FFA_RET_NO_MEMORY);
	CHECK((rc == FFA_RET_NO_MEMORY) == room_why(w));
	CHECK((rs == FFA_RET_NO_MEMORY) == room_why(ws));
	if (rc == 0) {
		bool fits = d.access_count <= 1 && d.range_count <= 1;

		check_valid(&d, v, k, &room_a);
		CHECK(fits ? rs == 0 : rs == FFA_RET_NO_MEMORY);
		if (fits)
			check_same(&d, &s, true);
		for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
			roundtrip(&d, v, versions[i], k, 97 + (size > 0 ? data[0] : 0) * 61u);
	} else {
		CHECK(rs != 0);
		CHECK(ws == w || (post_room(w) && room_why(ws)));
	}
}

static void relinquish(const uint8_t *data, size_t size)
{
	struct spmc_mem_relinquish r;
	uint32_t sum = 0;

	if (spmc_mem_relinquish_parse(data, size, &r) != 0) {
		CHECK(r.endpoint_count == 0 && r.endpoints == NULL);
		return;
	}
	CHECK(r.endpoint_count >= 1 && (r.flags & ~3u) == 0);
	CHECK(r.endpoints == data + 16);
	CHECK(16 + 2 * (uint64_t)r.endpoint_count <= size);
	for (uint32_t i = 0; i < r.endpoint_count; i++)
		sum += spmc_mem_relinquish_endpoint(&r, i);
	(void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t v = 0; v < sizeof(versions) / sizeof(versions[0]); v++)
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			one_parse(data, size, versions[v], kinds[k]);
	relinquish(data, size);
	return 0;
}
