/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The manifest parsers' footing: blob validation, diagnostics with node paths,
 * the result arena, and typed property readers over libfdt's checked API.
 * Every reader checks the length before it reads, so no byte outside a
 * property is ever touched whatever the blob holds.
 */
#include <libfdt.h>

#include "mf_internal.h"

static uint32_t be32_at(const uint8_t *p)
{
	return fdt32_ld((const fdt32_t *)(const void *)p);
}

/*
 * libfdt 1.6.1 (Debian 12's) computes a property's end in int arithmetic, so
 * a length that wraps it back onto the property makes fdt_next_tag return the
 * same offset forever, and fdt_check_full never ends. Walk the structure block
 * once with checked arithmetic first: afterwards every libfdt walk over it
 * moves forward and stays inside it.
 */
static bool struct_block_sane(const uint8_t *b, size_t size)
{
	uint32_t ver = fdt_version(b), off = fdt_off_dt_struct(b), len;
	const uint8_t *s;
	uint64_t at = 0;

	/* (The caller has checked totalsize <= size.) */
	if (ver < 16 || off > fdt_totalsize(b))
		return false;
	len = ver >= 17 ? fdt_size_dt_struct(b) : fdt_totalsize(b) - off;
	if (len > size - off)
		return false;
	s = b + off;
	while (at + 4 <= len) {
		switch (be32_at(s + at)) {
		case FDT_BEGIN_NODE:
			for (at += 4; at < len && s[at]; at++)
				;
			if (at >= len)
				return false;
			at = SPMC_ALIGN_UP(at + 1, 4);
			break;
		case FDT_END_NODE:
		case FDT_NOP:
			at += 4;
			break;
		case FDT_PROP:
			if (at + 12 > len || be32_at(s + at + 4) > len)
				return false;
			at = SPMC_ALIGN_UP(at + 12 + be32_at(s + at + 4), 4);
			break;
		case FDT_END:
			return true;
		default:
			return false;
		}
	}
	return false;
}

int spmc_mf_fdt_check(const void *blob, size_t size)
{
	int rc;

	if (!blob || size < sizeof(struct fdt_header))
		return -FDT_ERR_TRUNCATED;
	rc = fdt_check_header(blob);
	if (rc != 0)
		return rc;
	/* libfdt's offsets are ints. */
	if (fdt_totalsize(blob) > size || fdt_totalsize(blob) > INT32_MAX)
		return -FDT_ERR_TRUNCATED;
	if (!struct_block_sane(blob, size))
		return -FDT_ERR_BADSTRUCTURE;
	return fdt_check_full(blob, size);
}

bool mf_open(struct mf_ctx *c, const void *blob, size_t size, struct spmc_mf_arena *arena,
	     struct spmc_mf_diags *diags)
{
	int rc;

	spmc_memset(c, 0, sizeof(*c));
	c->arena = arena;
	c->diags = diags;
	/* libfdt reads the whole v17 header before it knows the version: make sure
	 * those bytes exist (older libfdt only checks for the v1 header size). */
	if (!blob || size < sizeof(struct fdt_header)) {
		mf_report(c, SPMC_MF_ERROR, -1, "", "not a device tree blob: too short", true, size);
		return false;
	}
	if (fdt_check_header(blob) == 0 && fdt_totalsize(blob) > size) {
		mf_report(c, SPMC_MF_ERROR, -1, "", "truncated device tree blob: totalsize",
			  true, fdt_totalsize(blob));
		return false;
	}
	rc = spmc_mf_fdt_check(blob, size);
	if (rc != 0) {
		/* The value is libfdt's error number (FDT_ERR_*). */
		mf_report(c, SPMC_MF_ERROR, -1, "",
			  rc == -FDT_ERR_BADMAGIC ? "not a device tree blob: bad magic"
			  : rc == -FDT_ERR_TRUNCATED ? "truncated device tree blob"
			  : rc == -FDT_ERR_BADVERSION ? "unsupported device tree blob version"
			  : rc == -FDT_ERR_BADSTRUCTURE ? "corrupt device tree blob: bad structure"
						       : "corrupt device tree blob (libfdt error)",
			  true, (uint64_t)-(int64_t)rc);
		return false;
	}
	c->fdt = blob;
	return true;
}

/* ---- diagnostics ---- */

void mf_emit(struct spmc_mf_diags *d, const struct spmc_mf_diag *diag)
{
	if (!d)
		return;
	if (diag->severity == SPMC_MF_ERROR)
		d->errors++;
	else
		d->notes++;
	if (d->report)
		d->report(d->ctx, diag);
}

static void copy_str(char *dst, size_t cap, size_t *at, const char *s, size_t n)
{
	while (n-- && *at + 1 < cap)
		dst[(*at)++] = *s++;
	dst[*at] = '\0';
}

const char *mf_path(struct mf_ctx *c, int node)
{
	int len = 0;
	const char *name;
	size_t at = 0;

	if (!c->fdt || node <= 0) {
		c->path[0] = '/';
		c->path[1] = '\0';
		return c->path;
	}
	if (fdt_get_path(c->fdt, node, c->path, (int)sizeof(c->path)) == 0)
		return c->path;
	/* Too deep or too long for the buffer: its own name is what matters. */
	name = fdt_get_name(c->fdt, node, &len);
	copy_str(c->path, sizeof(c->path), &at, "/.../", 5);
	if (name && len > 0)
		copy_str(c->path, sizeof(c->path), &at, name, (size_t)len);
	return c->path;
}

void mf_report(struct mf_ctx *c, enum spmc_mf_severity sev, int node, const char *prop,
	       const char *msg, bool has_value, uint64_t value)
{
	struct spmc_mf_diag d = {
		.severity = sev,
		.path = mf_path(c, node),
		.prop = prop ? prop : "",
		.msg = msg,
		.has_value = has_value,
		.value = value,
		.part = -1,
		.other = -1,
		.other_path = NULL,
	};

	if (sev == SPMC_MF_ERROR)
		c->errors++;
	mf_emit(c->diags, &d);
}

void mf_error(struct mf_ctx *c, int node, const char *prop, const char *msg)
{
	mf_report(c, SPMC_MF_ERROR, node, prop, msg, false, 0);
}

void mf_error_v(struct mf_ctx *c, int node, const char *prop, const char *msg, uint64_t v)
{
	mf_report(c, SPMC_MF_ERROR, node, prop, msg, true, v);
}

void mf_note(struct mf_ctx *c, int node, const char *prop, const char *msg)
{
	mf_report(c, SPMC_MF_NOTE, node, prop, msg, false, 0);
}

/* ---- arena ---- */

void *mf_alloc(struct mf_ctx *c, int node, size_t count, size_t size)
{
	struct spmc_mf_arena *a = c->arena;
	uintptr_t start, p;
	size_t n;

	if (count == 0 || c->nomem)
		return NULL;
	if (!a || !a->base || size == 0 || count > SIZE_MAX / size || a->used > a->size)
		goto nomem;
	n = count * size;
	start = (uintptr_t)a->base;
	p = (uintptr_t)SPMC_ALIGN_UP(start + a->used, 8);
	if (p < start || p - start > a->size || n > a->size - (p - start))
		goto nomem;
	a->used = (size_t)(p - start) + n;
	spmc_memset((void *)p, 0, n);
	return (void *)p;
nomem:
	c->nomem = true;
	mf_error_v(c, node, "", "out of arena memory (bytes needed)",
		   size && count <= SIZE_MAX / size ? (uint64_t)(count * size) : UINT64_MAX);
	return NULL;
}

const char *mf_path_dup(struct mf_ctx *c, int node)
{
	const char *p = mf_path(c, node);
	size_t n = spmc_strnlen(p, MF_PATH_MAX);
	char *d = mf_alloc(c, node, n + 1, 1);

	if (d)
		spmc_memcpy(d, p, n + 1);
	return d;
}

/* ---- nodes ---- */

bool mf_name_is(const char *name, const char *base)
{
	while (*base && *name == *base) {
		name++;
		base++;
	}
	return *base == '\0' && (*name == '\0' || *name == '@');
}

const char *mf_node_name(struct mf_ctx *c, int node)
{
	int len = 0;
	const char *n = fdt_get_name(c->fdt, node, &len);

	return n ? n : "";
}

bool mf_compatible(struct mf_ctx *c, int node, const char *compat)
{
	return fdt_node_check_compatible(c->fdt, node, compat) == 0;
}

void mf_scan_props(struct mf_ctx *c, int node, const char *const *known, uint32_t n)
{
	uint64_t seen = 0;
	int off;

	fdt_for_each_property_offset(off, c->fdt, node) {
		const char *name = NULL;
		int len = 0;
		uint32_t i;

		if (!fdt_getprop_by_offset(c->fdt, off, &name, &len) || !name) {
			mf_error(c, node, "", "unreadable property");
			continue;
		}
		for (i = 0; i < n && i < 64; i++)
			if (spmc_streq(name, known[i]))
				break;
		if (i == n || i == 64) {
			mf_note(c, node, name, "unknown property, ignored");
			continue;
		}
		if (seen & (1ull << i))
			mf_error(c, node, name, "property given more than once");
		seen |= 1ull << i;
	}
}

uint32_t mf_count_subnodes(struct mf_ctx *c, int node)
{
	uint32_t n = 0;
	int sub;

	fdt_for_each_subnode(sub, c->fdt, node)
		n++;
	return n;
}

/* ---- typed properties ---- */

int mf_prop(struct mf_ctx *c, int node, const char *name, const uint8_t **val, uint32_t *len)
{
	int l = 0;
	const void *v = fdt_getprop(c->fdt, node, name, &l);

	if (!v) {
		if (l == -FDT_ERR_NOTFOUND)
			return MF_ABSENT;
		mf_error_v(c, node, name, "unreadable property (libfdt error)", (uint64_t)(int64_t)l);
		return MF_BAD;
	}
	if (l < 0) {
		mf_error(c, node, name, "unreadable property");
		return MF_BAD;
	}
	*val = v;
	*len = (uint32_t)l;
	return MF_OK;
}

uint32_t mf_cell(const uint8_t *p, uint32_t i)
{
	return fdt32_ld((const fdt32_t *)(const void *)(p + 4 * (size_t)i));
}

int mf_u64(struct mf_ctx *c, int node, const char *name, uint64_t *out)
{
	const uint8_t *v;
	uint32_t len;
	int got = mf_prop(c, node, name, &v, &len);

	if (got != MF_OK)
		return got;
	if (len == 4) {
		*out = mf_cell(v, 0);
		return MF_OK;
	}
	if (len == 8) {
		*out = ((uint64_t)mf_cell(v, 0) << 32) | mf_cell(v, 1);
		return MF_OK;
	}
	mf_error_v(c, node, name, "expected one or two 32-bit cells (bytes given)", len);
	return MF_BAD;
}

int mf_u32(struct mf_ctx *c, int node, const char *name, uint32_t *out)
{
	const uint8_t *v;
	uint32_t len;
	int got = mf_prop(c, node, name, &v, &len);
	uint64_t x;

	if (got != MF_OK)
		return got;
	if (len == 4) {
		*out = mf_cell(v, 0);
		return MF_OK;
	}
	if (len == 8) {
		x = ((uint64_t)mf_cell(v, 0) << 32) | mf_cell(v, 1);
		if (x <= UINT32_MAX) {
			*out = (uint32_t)x;
			return MF_OK;
		}
		mf_error_v(c, node, name, "value does not fit 32 bits", x);
		return MF_BAD;
	}
	mf_error_v(c, node, name, "expected one 32-bit cell (bytes given)", len);
	return MF_BAD;
}

int mf_u32_max(struct mf_ctx *c, int node, const char *name, uint32_t max, uint32_t *out)
{
	uint32_t x = 0;
	int got = mf_u32(c, node, name, &x);

	if (got != MF_OK)
		return got;
	if (x > max) {
		mf_error_v(c, node, name, "value out of range", x);
		return MF_BAD;
	}
	*out = x;
	return MF_OK;
}

int mf_u32_bits(struct mf_ctx *c, int node, const char *name, uint32_t mask, uint32_t *out)
{
	uint32_t x = 0;
	int got = mf_u32(c, node, name, &x);

	if (got != MF_OK)
		return got;
	if (x & ~mask) {
		mf_error_v(c, node, name, "undefined bits set", x & ~mask);
		return MF_BAD;
	}
	*out = x;
	return MF_OK;
}

int mf_bool(struct mf_ctx *c, int node, const char *name, bool *out)
{
	const uint8_t *v;
	uint32_t len;
	int got = mf_prop(c, node, name, &v, &len);

	*out = false;
	if (got != MF_OK)
		return got;
	if (len != 0) {
		mf_error_v(c, node, name, "boolean property must be empty (bytes given)", len);
		return MF_BAD;
	}
	*out = true;
	return MF_OK;
}

int mf_str(struct mf_ctx *c, int node, const char *name, const char **out)
{
	const uint8_t *v;
	uint32_t len;
	int got = mf_prop(c, node, name, &v, &len);

	if (got != MF_OK)
		return got;
	if (len == 0 || v[len - 1] != '\0' ||
	    spmc_strnlen((const char *)v, len) != len - 1) {
		mf_error(c, node, name, "expected one NUL-terminated string");
		return MF_BAD;
	}
	*out = (const char *)v;
	return MF_OK;
}

int mf_cells(struct mf_ctx *c, int node, const char *name, uint32_t group, const uint8_t **p,
	     uint32_t *count)
{
	const uint8_t *v;
	uint32_t len;
	int got = mf_prop(c, node, name, &v, &len);

	if (got != MF_OK)
		return got;
	if (len == 0 || len % (4 * group) != 0) {
		mf_error_v(c, node, name,
			   group == 1 ? "expected a list of 32-bit cells (bytes given)"
				      : "expected a list of cell groups (bytes given)",
			   len);
		return MF_BAD;
	}
	*p = v;
	*count = len / (4 * group);
	return MF_OK;
}

bool mf_need(struct mf_ctx *c, int node, const char *name, int got)
{
	if (got == MF_ABSENT)
		mf_error(c, node, name, "mandatory property missing");
	return got == MF_OK;
}

/* ---- UUIDs ---- */

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

bool mf_uuid_from_string(const char *s, bool hafnium, uint32_t w[4])
{
	uint8_t b[16];
	uint32_t nb = 0;

	for (uint32_t i = 0; i < 36; i++) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
			continue;
		}
		hi = hexval(s[i]);
		if (hi < 0)
			return false;
		lo = hexval(s[++i]);
		if (lo < 0)
			return false;
		b[nb++] = (uint8_t)(hi << 4 | lo);
	}
	if (s[36] != '\0' || nb != 16)
		return false;
	for (uint32_t i = 0; i < 4; i++) {
		const uint8_t *q = &b[4 * i];

		w[i] = hafnium ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3]
			       : (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
	}
	return true;
}

bool mf_uuid_is_nil(const uint32_t w[4])
{
	return (w[0] | w[1] | w[2] | w[3]) == 0;
}
