/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the FIP reader (libspmc/pkg/fip.c). Invariants after
 * every input:
 *  - a valid FIP's ToC is inside the buffer; every entry's data is inside the
 *    buffer and after the ToC; no two entries' data overlap; no UUID twice,
 *    none nil; lookup by each UUID finds that entry;
 *  - a valid FIP re-written from its entries reads back with the same
 *    entries and data (writer and reader agree);
 *  - a failure names an entry only when one is at fault.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/fip.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static int nil(const uint8_t *u)
{
	for (int i = 0; i < 16; i++)
		if (u[i])
			return 0;
	return 1;
}

static void check_valid(const uint8_t *data, size_t size, const struct fip *f)
{
	struct fip_entry a, b;

	CHECK(f->buf == data && f->len == size);
	CHECK(f->count <= FIP_MAX_ENTRIES);
	CHECK(f->toc_size == FIP_TOC_HEADER_SIZE + ((uint64_t)f->count + 1) * FIP_TOC_ENTRY_SIZE);
	CHECK(f->toc_size <= size);
	CHECK(nil(data + f->toc_size - FIP_TOC_ENTRY_SIZE));
	for (uint32_t i = 0; i < f->count; i++) {
		CHECK(fip_entry_get(f, i, &a) == FIP_OK);
		CHECK(!nil(a.uuid));
		CHECK(a.offset <= size && a.size <= size - a.offset);
		CHECK(a.data == data + a.offset);
		if (a.size)
			CHECK(a.offset >= f->toc_size);
		CHECK(fip_find(f, a.uuid, &b) == (int)i && b.offset == a.offset);
		for (uint32_t j = 0; j < i; j++) {
			CHECK(fip_entry_get(f, j, &b) == FIP_OK);
			CHECK(memcmp(a.uuid, b.uuid, 16) != 0);
			CHECK(a.size == 0 || b.size == 0 || a.offset + a.size <= b.offset ||
			      b.offset + b.size <= a.offset);
		}
	}
	CHECK(fip_entry_get(f, f->count, &a) == FIP_ERR_NOT_FOUND);
}

static void roundtrip(const struct fip *f)
{
	struct fip_input *in = calloc(f->count + 1, sizeof(*in));
	struct fip g;
	uint64_t total;
	uint8_t *out;
	size_t len;

	CHECK(in);
	for (uint32_t i = 0; i < f->count; i++) {
		struct fip_entry e;

		fip_entry_get(f, i, &e);
		memcpy(in[i].uuid, e.uuid, 16);
		in[i].data = e.data;
		in[i].size = e.size;
		in[i].flags = e.flags;
	}
	total = fip_size(in, f->count, 8);
	CHECK(total >= f->toc_size);
	out = malloc(total);
	CHECK(out);
	CHECK(fip_write(out, total, in, f->count, 8, &len, NULL) == FIP_OK && len == total);
	CHECK(fip_parse(out, len, &g, NULL) == FIP_OK && g.count == f->count);
	for (uint32_t i = 0; i < f->count; i++) {
		struct fip_entry e;

		CHECK(fip_entry_get(&g, i, &e) == FIP_OK);
		CHECK(e.size == in[i].size && e.flags == in[i].flags && e.offset % 8 == 0);
		CHECK(memcmp(e.uuid, in[i].uuid, 16) == 0);
		CHECK(e.size == 0 || memcmp(e.data, in[i].data, e.size) == 0);
	}
	free(out);
	free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fip f;
	const char *why = NULL;
	int rc = fip_parse(data, size, &f, &why);

	CHECK(why != NULL);
	if (rc == FIP_OK) {
		check_valid(data, size, &f);
		roundtrip(&f);
	} else {
		CHECK(rc < 0);
		if (rc == FIP_ERR_SHORT || rc == FIP_ERR_NAME || rc == FIP_ERR_SERIAL)
			CHECK(f.err_entry == UINT32_MAX);
		if (rc == FIP_ERR_OVERLAP || rc == FIP_ERR_DUP_UUID)
			CHECK(f.err_other < f.err_entry);
	}
	return 0;
}
