/* SPDX-License-Identifier: BSD-3-Clause */
#include "pkg/fip.h"

#include "pkg/le.h"
#include "util.h"

static int fail(struct fip *f, int status, const char **why, const char *msg, uint32_t entry,
		uint32_t other)
{
	if (f) {
		f->err_entry = entry;
		f->err_other = other;
	}
	if (why)
		*why = msg;
	return status;
}

static int uuid_is_nil(const uint8_t *u)
{
	uint8_t acc = 0;

	for (int i = 0; i < 16; i++)
		acc |= u[i];
	return acc == 0;
}

static int uuid_eq(const uint8_t *a, const uint8_t *b)
{
	for (int i = 0; i < 16; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Entry i of the ToC at b (the caller knows it lies in the buffer). */
static void read_entry(const uint8_t *b, uint32_t i, struct fip_entry *e)
{
	const uint8_t *p = b + FIP_TOC_HEADER_SIZE + (size_t)i * FIP_TOC_ENTRY_SIZE;

	spmc_memcpy(e->uuid, p, 16);
	e->offset = pkg_le64(p + 16);
	e->size = pkg_le64(p + 24);
	e->flags = pkg_le64(p + 32);
	e->data = b + e->offset;
}

int fip_parse(const void *buf, size_t len, struct fip *out, const char **why)
{
	const uint8_t *b = buf;
	struct fip f;
	uint64_t pos;
	uint32_t n = 0;
	int terminated = 0;

	spmc_memset(&f, 0, sizeof(f));
	f.err_entry = f.err_other = UINT32_MAX;
	if (out)
		*out = f;
	if (!buf || len < FIP_TOC_HEADER_SIZE)
		return fail(out, FIP_ERR_SHORT, why, "shorter than the 16-byte FIP ToC header",
			    UINT32_MAX, UINT32_MAX);
	if (pkg_le32(b) != FIP_TOC_NAME)
		return fail(out, FIP_ERR_NAME, why, "bad ToC name (not a FIP: want 0xAA640001)",
			    UINT32_MAX, UINT32_MAX);
	f.serial = pkg_le32(b + 4);
	f.flags = pkg_le64(b + 8);
	if (f.serial == 0)
		return fail(out, FIP_ERR_SERIAL, why, "ToC serial number is 0", UINT32_MAX,
			    UINT32_MAX);

	for (pos = FIP_TOC_HEADER_SIZE; pos + FIP_TOC_ENTRY_SIZE <= (uint64_t)len;
	     pos += FIP_TOC_ENTRY_SIZE) {
		if (uuid_is_nil(b + pos)) {
			terminated = 1;
			break;
		}
		if (n == FIP_MAX_ENTRIES)
			return fail(out, FIP_ERR_TOO_MANY, why, "more ToC entries than this reader takes",
				    n, UINT32_MAX);
		n++;
	}
	if (!terminated)
		return fail(out, FIP_ERR_NO_END, why,
			    "no ToC terminator (all-zero UUID entry) before the end of the FIP", n,
			    UINT32_MAX);
	f.count = n;
	f.toc_size = pos + FIP_TOC_ENTRY_SIZE;

	for (uint32_t i = 0; i < n; i++) {
		struct fip_entry e;

		read_entry(b, i, &e);
		if (e.offset > (uint64_t)len || e.size > (uint64_t)len - e.offset)
			return fail(out, FIP_ERR_RANGE, why, "entry data runs past the end of the FIP", i,
				    UINT32_MAX);
		if (e.size != 0 && e.offset < f.toc_size)
			return fail(out, FIP_ERR_TOC_OVERLAP, why, "entry data overlaps the ToC", i,
				    UINT32_MAX);
	}
	/* Every range is now inside the buffer, so the ends below cannot wrap. */
	for (uint32_t i = 0; i < n; i++) {
		struct fip_entry a;

		read_entry(b, i, &a);
		for (uint32_t j = 0; j < i; j++) {
			struct fip_entry c;

			read_entry(b, j, &c);
			if (uuid_eq(a.uuid, c.uuid))
				return fail(out, FIP_ERR_DUP_UUID, why, "two ToC entries have the same UUID",
					    i, j);
			if (pkg_ranges_overlap(a.offset, a.size, c.offset, c.size))
				return fail(out, FIP_ERR_OVERLAP, why, "two entries' data overlap", i, j);
		}
	}
	f.buf = b;
	f.len = len;
	if (out)
		*out = f;
	if (why)
		*why = "valid";
	return FIP_OK;
}

int fip_entry_get(const struct fip *f, uint32_t index, struct fip_entry *out)
{
	if (!f || !f->buf || index >= f->count)
		return FIP_ERR_NOT_FOUND;
	read_entry(f->buf, index, out);
	return FIP_OK;
}

int fip_find(const struct fip *f, const uint8_t uuid[16], struct fip_entry *out)
{
	struct fip_entry e;

	if (!f || !f->buf)
		return FIP_ERR_NOT_FOUND;
	for (uint32_t i = 0; i < f->count; i++) {
		read_entry(f->buf, i, &e);
		if (uuid_eq(e.uuid, uuid)) {
			if (out)
				*out = e;
			return (int)i;
		}
	}
	return FIP_ERR_NOT_FOUND;
}

const char *fip_status_name(int status)
{
	static const char *const names[] = {
		"FIP_OK",          "FIP_ERR_SHORT",   "FIP_ERR_NAME",        "FIP_ERR_SERIAL",
		"FIP_ERR_NO_END",  "FIP_ERR_RANGE",   "FIP_ERR_TOC_OVERLAP", "FIP_ERR_OVERLAP",
		"FIP_ERR_DUP_UUID", "FIP_ERR_NOT_FOUND", "FIP_ERR_NOSPACE",   "FIP_ERR_ARG",
		"FIP_ERR_TOO_MANY",
	};

	if (status > 0 || (size_t)-status >= SPMC_ARRAY_SIZE(names))
		return "FIP_ERR_?";
	return names[-status];
}

/* Where each entry's data goes; 0 on a bad argument or a FIP past 2^64. */
static uint64_t plan(const struct fip_input *in, uint32_t n, uint32_t align, uint64_t *offsets)
{
	uint64_t pos;

	if (align == 0 || (align & (align - 1)) != 0 || n > FIP_MAX_ENTRIES || (n && !in))
		return 0;
	pos = FIP_TOC_HEADER_SIZE + ((uint64_t)n + 1) * FIP_TOC_ENTRY_SIZE;
	for (uint32_t i = 0; i < n; i++) {
		if (in[i].size > UINT64_MAX / 2 || pos > UINT64_MAX / 2)
			return 0;
		pos = SPMC_ALIGN_UP(pos, align);
		if (offsets)
			offsets[i] = pos;
		pos += in[i].size;
	}
	return pos;
}

uint64_t fip_size(const struct fip_input *in, uint32_t n, uint32_t align)
{
	return plan(in, n, align, NULL);
}

int fip_write(void *buf, size_t cap, const struct fip_input *in, uint32_t n, uint32_t align,
	      size_t *len_out, const char **why)
{
	uint8_t *b = buf;
	uint64_t total = plan(in, n, align, NULL);
	uint64_t pos;

	if (total == 0)
		return fail(NULL, FIP_ERR_ARG, why,
			    "bad FIP layout (alignment not a power of two, or too many entries)",
			    UINT32_MAX, UINT32_MAX);
	for (uint32_t i = 0; i < n; i++) {
		if (uuid_is_nil(in[i].uuid))
			return fail(NULL, FIP_ERR_ARG, why, "the nil UUID ends a ToC; no entry may use it",
				    i, UINT32_MAX);
		for (uint32_t j = 0; j < i; j++)
			if (uuid_eq(in[i].uuid, in[j].uuid))
				return fail(NULL, FIP_ERR_ARG, why, "two entries have the same UUID", i,
					    j);
	}
	if (total > (uint64_t)cap)
		return fail(NULL, FIP_ERR_NOSPACE, why, "output buffer too small for the FIP",
			    UINT32_MAX, UINT32_MAX);
	spmc_memset(b, 0, (size_t)total);
	pkg_put_le32(b, FIP_TOC_NAME);
	pkg_put_le32(b + 4, FIP_TOC_SERIAL);
	pkg_put_le64(b + 8, 0);
	pos = FIP_TOC_HEADER_SIZE + ((uint64_t)n + 1) * FIP_TOC_ENTRY_SIZE;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t *e = b + FIP_TOC_HEADER_SIZE + (size_t)i * FIP_TOC_ENTRY_SIZE;

		pos = SPMC_ALIGN_UP(pos, align);
		spmc_memcpy(e, in[i].uuid, 16);
		pkg_put_le64(e + 16, pos);
		pkg_put_le64(e + 24, in[i].size);
		pkg_put_le64(e + 32, in[i].flags);
		if (in[i].size)
			spmc_memcpy(b + pos, in[i].data, (size_t)in[i].size);
		pos += in[i].size;
	}
	/* The terminator: nil UUID, offset at the end of the FIP, as fiptool writes it. */
	pkg_put_le64(b + FIP_TOC_HEADER_SIZE + (size_t)n * FIP_TOC_ENTRY_SIZE + 16, pos);
	if (len_out)
		*len_out = (size_t)total;
	return FIP_OK;
}
