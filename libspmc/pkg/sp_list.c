/* SPDX-License-Identifier: BSD-3-Clause */
#include "pkg/sp_list.h"

#include <stdbool.h>

#include <libfdt.h>

#include "manifest/manifest.h"

#include "pkg/uuid.h"
#include "util.h"

/* ---- comparison ---- */

static bool uuid_eq(const uint32_t a[4], const uint32_t b[4])
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

static bool name_eq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static size_t report(sp_list_report_fn fn, void *ctx, enum sp_list_diff_kind kind,
		     const struct sp_list *list, const struct sp_list *other,
		     const struct sp_list_entry *x, const struct sp_list_entry *y)
{
	struct sp_list_diff d = {kind, list, other, x, y};

	if (fn)
		fn(ctx, &d);
	return 1;
}

size_t sp_list_check(const struct sp_list *l, sp_list_report_fn fn, void *ctx)
{
	size_t n = 0;

	if (l->count > SP_LIST_MAX)
		return report(fn, ctx, SP_LIST_TOO_MANY, l, NULL, NULL, NULL);
	for (size_t i = 0; i < l->count; i++)
		for (size_t j = 0; j < i; j++) {
			const struct sp_list_entry *x = &l->entries[j], *y = &l->entries[i];

			if (uuid_eq(x->uuid, y->uuid))
				n += report(fn, ctx, SP_LIST_DUP_UUID, l, NULL, x, y);
			if (x->load_address == y->load_address)
				n += report(fn, ctx, SP_LIST_DUP_ADDR, l, NULL, x, y);
		}
	return n;
}

enum pairing { BY_NAME, BY_UUID, BY_ADDR };

static bool pairs(enum pairing how, const struct sp_list_entry *x, const struct sp_list_entry *y)
{
	switch (how) {
	case BY_NAME:
		return name_eq(x->name, y->name);
	case BY_UUID:
		return uuid_eq(x->uuid, y->uuid);
	default:
		return x->load_address == y->load_address;
	}
}

size_t sp_list_match(const struct sp_list *a, const struct sp_list *b, sp_list_report_fn fn,
		     void *ctx)
{
	/* partner_a[i] = 1 + index in b of a's entry i's partner, 0 if none. */
	uint16_t partner_a[SP_LIST_MAX];
	bool taken_b[SP_LIST_MAX];
	size_t n = 0;

	if (a->count > SP_LIST_MAX || b->count > SP_LIST_MAX)
		return (a->count > SP_LIST_MAX
				? report(fn, ctx, SP_LIST_TOO_MANY, a, NULL, NULL, NULL)
				: 0) +
		       (b->count > SP_LIST_MAX
				? report(fn, ctx, SP_LIST_TOO_MANY, b, NULL, NULL, NULL)
				: 0);
	spmc_memset(partner_a, 0, sizeof(partner_a));
	spmc_memset(taken_b, 0, sizeof(taken_b));
	for (int how = BY_NAME; how <= BY_ADDR; how++)
		for (size_t i = 0; i < a->count; i++) {
			if (partner_a[i])
				continue;
			for (size_t j = 0; j < b->count; j++)
				if (!taken_b[j] &&
				    pairs((enum pairing)how, &a->entries[i], &b->entries[j])) {
					partner_a[i] = (uint16_t)(j + 1);
					taken_b[j] = true;
					break;
				}
		}
	for (size_t i = 0; i < a->count; i++) {
		const struct sp_list_entry *x = &a->entries[i], *y;

		if (!partner_a[i]) {
			n += report(fn, ctx, SP_LIST_MISSING, a, b, x, NULL);
			continue;
		}
		y = &b->entries[partner_a[i] - 1];
		if (!uuid_eq(x->uuid, y->uuid))
			n += report(fn, ctx, SP_LIST_UUID_DIFFERS, a, b, x, y);
		if (x->load_address != y->load_address)
			n += report(fn, ctx, SP_LIST_ADDR_DIFFERS, a, b, x, y);
	}
	for (size_t j = 0; j < b->count; j++)
		if (!taken_b[j])
			n += report(fn, ctx, SP_LIST_MISSING, b, a, &b->entries[j], NULL);
	return n;
}

size_t sp_list_compare(const struct sp_list *a, const struct sp_list *b, sp_list_report_fn fn,
		       void *ctx)
{
	/* Too-long lists are reported by the checks; matching them would repeat it. */
	if (a->count > SP_LIST_MAX || b->count > SP_LIST_MAX)
		return sp_list_check(a, fn, ctx) + sp_list_check(b, fn, ctx);
	return sp_list_check(a, fn, ctx) + sp_list_check(b, fn, ctx) +
	       sp_list_match(a, b, fn, ctx);
}

/* ---- messages, without libc ---- */

struct text {
	char *buf;
	size_t cap, len;
};

static void put_c(struct text *t, char c)
{
	if (t->len + 1 < t->cap)
		t->buf[t->len] = c;
	t->len++;
}

static void put_s(struct text *t, const char *s)
{
	while (s && *s)
		put_c(t, *s++);
}

static void put_hex(struct text *t, uint64_t v)
{
	char digits[16];
	int n = 0;

	put_s(t, "0x");
	do {
		digits[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		put_c(t, digits[--n]);
}

static void put_dec(struct text *t, uint64_t v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		put_c(t, digits[--n]);
}

static void put_uuid(struct text *t, const uint32_t w[4])
{
	uint8_t b[16];
	char s[PKG_UUID_TEXT_LEN + 1];

	pkg_uuid_words_to_bytes(w, b);
	pkg_uuid_format(b, s);
	put_s(t, s);
}

/* 'name', or #index when the entry has none. */
static void put_name(struct text *t, const struct sp_list *l, const struct sp_list_entry *e)
{
	if (e->name) {
		put_c(t, '\'');
		put_s(t, e->name);
		put_c(t, '\'');
	} else {
		put_c(t, '#');
		put_dec(t, (uint64_t)(e - l->entries));
	}
}

static const char *label(const struct sp_list *l)
{
	return l && l->label ? l->label : "list";
}

size_t sp_list_diff_format(const struct sp_list_diff *d, char *buf, size_t cap)
{
	struct text t = {buf, cap, 0};

	switch (d->kind) {
	case SP_LIST_UUID_DIFFERS:
	case SP_LIST_ADDR_DIFFERS:
		put_s(&t, "SP ");
		put_name(&t, d->list, d->x);
		if (!name_eq(d->x->name, d->y->name)) {
			put_s(&t, " (");
			put_s(&t, label(d->other));
			put_s(&t, ": ");
			put_name(&t, d->other, d->y);
			put_c(&t, ')');
		}
		if (d->kind == SP_LIST_UUID_DIFFERS) {
			put_s(&t, ": UUID in ");
			put_s(&t, label(d->list));
			put_c(&t, ' ');
			put_uuid(&t, d->x->uuid);
			put_s(&t, " differs from ");
			put_s(&t, label(d->other));
			put_c(&t, ' ');
			put_uuid(&t, d->y->uuid);
		} else {
			put_s(&t, ": load address in ");
			put_s(&t, label(d->list));
			put_c(&t, ' ');
			put_hex(&t, d->x->load_address);
			put_s(&t, " differs from ");
			put_s(&t, label(d->other));
			put_c(&t, ' ');
			put_hex(&t, d->y->load_address);
		}
		break;
	case SP_LIST_MISSING:
		put_s(&t, "SP ");
		put_name(&t, d->list, d->x);
		put_s(&t, " (UUID ");
		put_uuid(&t, d->x->uuid);
		put_s(&t, ", load address ");
		put_hex(&t, d->x->load_address);
		put_s(&t, ") is in ");
		put_s(&t, label(d->list));
		put_s(&t, " but not in ");
		put_s(&t, label(d->other));
		break;
	case SP_LIST_DUP_UUID:
	case SP_LIST_DUP_ADDR:
		put_s(&t, "SPs ");
		put_name(&t, d->list, d->x);
		put_s(&t, " and ");
		put_name(&t, d->list, d->y);
		put_s(&t, " in ");
		put_s(&t, label(d->list));
		if (d->kind == SP_LIST_DUP_UUID) {
			put_s(&t, " both have UUID ");
			put_uuid(&t, d->x->uuid);
		} else {
			put_s(&t, " both have load address ");
			put_hex(&t, d->x->load_address);
		}
		break;
	case SP_LIST_TOO_MANY:
		put_s(&t, label(d->list));
		put_s(&t, " lists more SPs than can be compared");
		break;
	}
	if (cap)
		buf[t.len < cap ? t.len : cap - 1] = '\0';
	return t.len;
}

/* ---- device-tree readers ---- */

static int err_at(struct sp_list_error *err, int status, const char *why, const char *node,
		  const char *prop)
{
	if (err) {
		err->why = why;
		err->node = node;
		err->property = prop;
	}
	return status;
}

/* Big-endian cell i of a property. */
static uint32_t cell(const void *p, int i)
{
	const uint8_t *b = (const uint8_t *)p + 4 * i;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int check_blob(const void *fdt, size_t size, struct sp_list_error *err)
{
	/* libfdt is only safe on a blob that passes the full check. */
	if (!fdt || size > INT32_MAX || spmc_mf_fdt_check(fdt, size) != 0)
		return err_at(err, SP_LIST_ERR_FDT, "not a well-formed device tree blob", NULL, NULL);
	return SP_LIST_OK;
}

enum form { SPMC_FORM, BL2_FORM };

/* Reads the children of `parent` in the given form. */
static int read_children(const void *fdt, int parent, enum form form, struct sp_list_entry *out,
			 size_t cap, size_t *count, struct sp_list_error *err)
{
	size_t n = 0;
	int node;

	fdt_for_each_subnode(node, fdt, parent) {
		struct sp_list_entry e;
		const char *name = fdt_get_name(fdt, node, NULL);
		const void *p;
		int len;

		spmc_memset(&e, 0, sizeof(e));
		e.name = name;
		p = fdt_getprop(fdt, node, "uuid", &len);
		if (!p)
			return err_at(err, SP_LIST_ERR_UUID, "no uuid property", name, "uuid");
		if (form == SPMC_FORM) {
			if (len != 16)
				return err_at(err, SP_LIST_ERR_UUID,
					      "uuid must be 4 cells (<w0 w1 w2 w3>)", name, "uuid");
			for (int i = 0; i < 4; i++)
				e.uuid[i] = cell(p, i);
		} else {
			uint8_t b[16];

			/* A string property: text, then exactly one NUL. */
			if (len != PKG_UUID_TEXT_LEN + 1 ||
			    ((const char *)p)[PKG_UUID_TEXT_LEN] != '\0' ||
			    pkg_uuid_parse(p, PKG_UUID_TEXT_LEN, b) != 0)
				return err_at(err, SP_LIST_ERR_UUID,
					      "uuid must be a string \"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\"",
					      name, "uuid");
			pkg_uuid_bytes_to_words(b, e.uuid);
		}
		p = fdt_getprop(fdt, node, "load-address", &len);
		if (!p)
			return err_at(err, SP_LIST_ERR_ADDR, "no load-address property", name,
				      "load-address");
		if (form == SPMC_FORM && len == 8)
			e.load_address = (uint64_t)cell(p, 0) << 32 | cell(p, 1);
		else if (len == 4)
			e.load_address = cell(p, 0);
		else
			return err_at(err, SP_LIST_ERR_ADDR,
				      form == SPMC_FORM ? "load-address must be 2 cells (or 1)"
							: "load-address must be 1 cell (BL2 reads a u32)",
				      name, "load-address");
		if (n == cap)
			return err_at(err, SP_LIST_ERR_FULL, "more SP entries than fit", name, NULL);
		out[n++] = e;
	}
	*count = n;
	return SP_LIST_OK;
}

int sp_list_from_spmc_manifest(const void *fdt, size_t size, struct sp_list_entry *out,
			       size_t cap, size_t *count, struct sp_list_error *err)
{
	int rc = check_blob(fdt, size, err);
	int root, node;

	*count = 0;
	if (rc != SP_LIST_OK)
		return rc;
	root = fdt_path_offset(fdt, "/");
	if (root < 0 || fdt_node_check_compatible(fdt, root, "arm,ffa-core-manifest-1.0") != 0)
		return err_at(err, SP_LIST_ERR_ROOT,
			      "root node is not compatible \"arm,ffa-core-manifest-1.0\"", "/",
			      "compatible");
	node = fdt_node_offset_by_compatible(fdt, root, "arm,sp_pkg");
	if (node < 0)
		return SP_LIST_OK;
	return read_children(fdt, node, SPMC_FORM, out, cap, count, err);
}

int sp_list_from_bl2_config(const void *fdt, size_t size, struct sp_list_entry *out, size_t cap,
			    size_t *count, struct sp_list_error *err)
{
	int rc = check_blob(fdt, size, err);
	int node;

	*count = 0;
	if (rc != SP_LIST_OK)
		return rc;
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,sp");
	if (node < 0)
		return err_at(err, SP_LIST_ERR_NO_NODE, "no node compatible \"arm,sp\"", NULL,
			      "compatible");
	return read_children(fdt, node, BL2_FORM, out, cap, count, err);
}
