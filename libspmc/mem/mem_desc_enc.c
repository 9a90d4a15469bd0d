/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory transaction descriptor encoders (see mem_desc.h): a normalized
 * descriptor as a byte stream in a version's layout, any window of it at a
 * time. The layout is the one Hafnium, TF-A and Linux write: header, access
 * descriptors from the end of the header (v1.1+: array offset 48), one
 * composite right after them, its constituents right after it.
 */
#include "mem/mem_desc.h"

#include "mem/mem_desc_layout.h"
#include "util.h"

/* Where everything goes in the stream. */
struct me_layout {
	struct md_layout l;
	uint64_t aoff;      /* access array */
	uint64_t comp;      /* composite; 0 = none */
	uint64_t cons;      /* first constituent */
	uint64_t total;
};

static int me_layout(const struct spmc_mem_desc *d, uint32_t version, struct me_layout *m)
{
	if (!md_layout_of(version, &m->l))
		return FFA_RET_NOT_SUPPORTED;
	if ((d->access_count && !d->access) || (d->range_count && !d->ranges))
		return FFA_RET_INVALID_PARAMETERS;
	/* v1.0 attributes are 8 bits; page counts are 32 bits. */
	if ((m->l.v1_0 && d->attributes > 0xffu) || d->total_pages > UINT32_MAX)
		return FFA_RET_INVALID_PARAMETERS;
	for (uint32_t i = 0; i < d->range_count; i++)
		if (d->ranges[i].pages > UINT32_MAX)
			return FFA_RET_INVALID_PARAMETERS;
	m->aoff = m->l.hdr;
	m->comp = m->aoff + (uint64_t)d->access_count * m->l.acc;
	m->cons = m->comp + MD_COMP_SIZE;
	m->total = m->cons + (uint64_t)d->range_count * MD_CONS_SIZE;
	if (d->range_count == 0) {
		m->total = m->comp;
		m->comp = 0;
	}
	/* Offsets in the descriptor, and its length (w1), are 32 bits. */
	if (m->total > UINT32_MAX)
		return FFA_RET_INVALID_PARAMETERS;
	return 0;
}

/* The output window: stream bytes [lo, hi) go to out[0, hi - lo). */
struct me_win {
	uint8_t *out;
	uint64_t lo, hi;
};

/* Puts stream bytes [at, at + n), given in p, where they meet the window. */
static void me_put(const struct me_win *w, uint64_t at, const uint8_t *p, size_t n)
{
	uint64_t from = at > w->lo ? at : w->lo;
	uint64_t to = at + n < w->hi ? at + n : w->hi;

	if (from < to)
		spmc_memcpy(w->out + (from - w->lo), p + (from - at), (size_t)(to - from));
}

/* The elements of an array of n of `size` bytes at `at` the window meets. */
static void me_span(const struct me_win *w, uint64_t at, uint64_t size, uint32_t n,
		    uint32_t *first, uint32_t *end)
{
	uint64_t f = w->lo > at ? (w->lo - at) / size : 0;
	uint64_t e = w->hi > at ? (w->hi - at + size - 1) / size : 0;

	*first = (uint32_t)(f < n ? f : n);
	*end = (uint32_t)(e < n ? e : n);
}

static void me_header(const struct spmc_mem_desc *d, const struct me_layout *m,
		      const struct me_win *w)
{
	uint8_t h[MD_HDR_V1_1];

	spmc_memset(h, 0, sizeof(h));
	spmc_put_le16(h + MD_SENDER, d->sender);
	if (m->l.v1_0)
		h[MD_ATTR] = (uint8_t)d->attributes;
	else
		spmc_put_le16(h + MD_ATTR, d->attributes);
	spmc_put_le32(h + MD_FLAGS, d->flags);
	spmc_put_le64(h + MD_HANDLE, d->handle);
	spmc_put_le64(h + MD_TAG, d->tag);
	spmc_put_le32(h + MD_COUNT, d->access_count);
	if (!m->l.v1_0) {
		spmc_put_le32(h + MD_ACCESS_SIZE, m->l.acc);
		spmc_put_le32(h + MD_ACCESS_OFFSET, (uint32_t)m->aoff);
	}
	me_put(w, 0, h, m->l.hdr);
}

static void me_access(const struct spmc_mem_desc *d, const struct me_layout *m,
		      const struct me_win *w)
{
	uint32_t first, end;

	me_span(w, m->aoff, m->l.acc, d->access_count, &first, &end);
	for (uint32_t i = first; i < end; i++) {
		const struct spmc_mem_access *x = &d->access[i];
		uint8_t a[MD_ACC_V1_2];

		spmc_memset(a, 0, sizeof(a));
		spmc_put_le16(a + MD_ACC_ID, x->id);
		a[MD_ACC_PERMS] = x->perms;
		a[MD_ACC_FLAGS] = x->flags;
		spmc_put_le32(a + MD_ACC_COMPOSITE, (uint32_t)m->comp);
		if (m->l.v1_2)
			spmc_memcpy(a + MD_ACC_IMPDEF, x->impdef, sizeof(x->impdef));
		me_put(w, m->aoff + (uint64_t)i * m->l.acc, a, m->l.acc);
	}
}

static void me_composite(const struct spmc_mem_desc *d, const struct me_layout *m,
			 const struct me_win *w)
{
	uint8_t c[MD_COMP_SIZE];
	uint32_t first, end;

	if (m->comp == 0)
		return;
	spmc_memset(c, 0, sizeof(c));
	spmc_put_le32(c + MD_COMP_TOTAL, (uint32_t)d->total_pages);
	spmc_put_le32(c + MD_COMP_COUNT, d->range_count);
	me_put(w, m->comp, c, sizeof(c));
	me_span(w, m->cons, MD_CONS_SIZE, d->range_count, &first, &end);
	for (uint32_t i = first; i < end; i++) {
		uint8_t r[MD_CONS_SIZE];

		spmc_memset(r, 0, sizeof(r));
		spmc_put_le64(r + MD_CONS_ADDR, d->ranges[i].addr);
		spmc_put_le32(r + MD_CONS_PAGES, (uint32_t)d->ranges[i].pages);
		me_put(w, m->cons + (uint64_t)i * MD_CONS_SIZE, r, sizeof(r));
	}
}

static int me_encode(const struct spmc_mem_desc *d, uint32_t version, uint64_t offset,
		     void *out, size_t cap, size_t *written, size_t *total)
{
	struct me_layout m;
	struct me_win w;
	uint64_t n;
	int rc;

	if (written)
		*written = 0;
	if (total)
		*total = 0;
	rc = me_layout(d, version, &m);
	if (rc != 0)
		return rc;
	if (total)
		*total = (size_t)m.total;
	if (offset > m.total || (cap && !out))
		return FFA_RET_INVALID_PARAMETERS;
	n = m.total - offset < cap ? m.total - offset : cap;
	w.out = out;
	w.lo = offset;
	w.hi = offset + n;
	if (n) {
		me_header(d, &m, &w);
		me_access(d, &m, &w);
		me_composite(d, &m, &w);
	}
	if (written)
		*written = (size_t)n;
	return 0;
}

size_t spmc_mem_desc_encoded_size(const struct spmc_mem_desc *d, uint32_t version)
{
	struct me_layout m;

	return me_layout(d, version, &m) == 0 ? (size_t)m.total : 0;
}

int spmc_mem_desc_encode_retrieve_resp(const struct spmc_mem_desc *d, uint32_t version,
				       uint64_t offset, void *out, size_t cap, size_t *written,
				       size_t *total)
{
	/* A response tells the borrower its access and the memory. */
	if (d->access_count == 0 || d->range_count == 0) {
		if (written)
			*written = 0;
		if (total)
			*total = 0;
		return FFA_RET_INVALID_PARAMETERS;
	}
	return me_encode(d, version, offset, out, cap, written, total);
}

int spmc_mem_desc_encode_send(const struct spmc_mem_desc *d, uint32_t version, uint64_t offset,
			      void *out, size_t cap, size_t *written, size_t *total)
{
	return me_encode(d, version, offset, out, cap, written, total);
}

int spmc_mem_desc_encode_retrieve_req(const struct spmc_mem_desc *d, uint32_t version,
				      uint64_t offset, void *out, size_t cap, size_t *written,
				      size_t *total)
{
	return me_encode(d, version, offset, out, cap, written, total);
}
