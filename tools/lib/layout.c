/* SPDX-License-Identifier: BSD-3-Clause */
#include "layout.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "json.h"
#include "manifest/manifest.h"
#include "pkg/uuid.h"

struct lctx {
	const char *path;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 4, 5))) static int lfail(const struct lctx *c, unsigned line,
							unsigned col, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, c->errlen, "%s:%u:%u: ", c->path, line, col);

	if (n < 0 || (size_t)n >= c->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* A number written as a JSON integer or a string ("0x..." or decimal). */
static int get_u64(const struct lctx *c, const char *sp, const char *key,
		   const struct json_value *v, uint64_t *out)
{
	if (v->type == JSON_NUMBER) {
		if (json_number_u64(v, out) == 0)
			return 0;
		return lfail(c, v->line, v->col,
			     "SP '%s': \"%s\" must be a non-negative integer below 2^64", sp, key);
	}
	if (v->type == JSON_STRING) {
		const char *s = v->text;
		unsigned base = 10;
		uint64_t x = 0;
		size_t i = 0;

		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			i = 2;
		}
		if (s[i] == '\0')
			goto bad;
		for (; s[i]; i++) {
			unsigned d;

			if (s[i] >= '0' && s[i] <= '9')
				d = (unsigned)(s[i] - '0');
			else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
				d = (unsigned)(s[i] - 'a' + 10);
			else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
				d = (unsigned)(s[i] - 'A' + 10);
			else
				goto bad;
			if (x > (UINT64_MAX - d) / base)
				return lfail(c, v->line, v->col, "SP '%s': \"%s\" %s does not fit 64 bits",
					     sp, key, s);
			x = x * base + d;
		}
		*out = x;
		return 0;
	}
bad:
	return lfail(c, v->line, v->col,
		     "SP '%s': \"%s\" must be a number: an integer or a string like \"0x7a00000\"",
		     sp, key);
}

static char *resolve_path(const char *layout_path, const char *p)
{
	const char *slash = strrchr(layout_path, '/');
	size_t dlen;
	char *r;

	if (p[0] == '/' || !slash)
		return strdup(p);
	dlen = (size_t)(slash - layout_path);
	r = malloc(dlen + 1 + strlen(p) + 1);
	if (r)
		sprintf(r, "%.*s/%s", (int)dlen, layout_path, p);
	return r;
}

/* "image" / "pm": a path, or {"file": path, "offset": n}. */
static int get_file(const struct lctx *c, const char *sp, const char *key,
		    const struct json_value *v, char **path, uint64_t *offset)
{
	const struct json_value *file = v;

	*offset = 0;
	if (v->type == JSON_OBJECT) {
		for (const struct json_value *m = v->first; m; m = m->next)
			if (strcmp(m->key, "file") != 0 && strcmp(m->key, "offset") != 0)
				return lfail(c, m->key_line, m->key_col,
					     "SP '%s': unknown key \"%s\" in \"%s\" (takes \"file\" and \"offset\")",
					     sp, m->key, key);
		file = json_member(v, "file");
		if (!file)
			return lfail(c, v->line, v->col, "SP '%s': \"%s\" has no \"file\"", sp, key);
		if (json_member(v, "offset") &&
		    get_u64(c, sp, "offset", json_member(v, "offset"), offset))
			return -1;
	}
	if (file->type != JSON_STRING || file->len == 0)
		return lfail(c, file->line, file->col,
			     "SP '%s': \"%s\" must be a file path (a non-empty string)%s", sp, key,
			     v->type == JSON_OBJECT ? "" : " or {\"file\": ..., \"offset\": ...}");
	*path = resolve_path(c->path, file->text);
	if (!*path)
		return lfail(c, file->line, file->col, "out of memory");
	return 0;
}

bool layout_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > LAYOUT_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == ',' || ch == '.' || ch == '_' || ch == '+' || ch == '-'))
			return false;
	}
	return strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

static const char *const known_keys[] = {
	"image", "pm", "uuid", "load-address", "physical-load-address", "owner", "package",
	"package-version",
};

/* A near miss for an unknown key, for the message: same letters once '_'
 * and case are ignored. */
static const char *suggest(const char *key)
{
	for (size_t i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++) {
		const char *k = known_keys[i];
		size_t j = 0;

		for (; key[j] && k[j]; j++) {
			char a = key[j] == '_' ? '-' : key[j];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a - 'A' + 'a');
			if (a != k[j])
				break;
		}
		if (!key[j] && !k[j])
			return k;
	}
	return NULL;
}

static int parse_sp(const struct lctx *c, const struct json_value *m, struct layout_sp *sp)
{
	const char *name = m->key;
	const struct json_value *v;

	sp->line = m->key_line;
	sp->col = m->key_col;
	if (!layout_name_ok(name))
		return lfail(c, m->key_line, m->key_col,
			     "SP name \"%.40s\" must be 1..%d characters of [A-Za-z0-9,._+-] (it names a device-tree node and files)",
			     name, LAYOUT_NAME_MAX);
	sp->name = strdup(name);
	if (!sp->name)
		return lfail(c, m->line, m->col, "out of memory");
	if (m->type != JSON_OBJECT)
		return lfail(c, m->line, m->col, "SP '%s' must be an object, not %s", name,
			     json_type_name(m->type));
	for (const struct json_value *k = m->first; k; k = k->next) {
		bool known = false;

		for (size_t i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++)
			known |= strcmp(k->key, known_keys[i]) == 0;
		if (!known) {
			const char *s = suggest(k->key);

			return lfail(c, k->key_line, k->key_col,
				     "SP '%s': unknown key \"%.40s\"%s%s%s", name, k->key,
				     s ? " (did you mean \"" : "", s ? s : "", s ? "\"?)" : "");
		}
	}
	v = json_member(m, "image");
	if (!v)
		return lfail(c, m->line, m->col, "SP '%s': missing key \"image\"", name);
	if (get_file(c, name, "image", v, &sp->image, &sp->image_offset))
		return -1;
	v = json_member(m, "pm");
	if (!v)
		return lfail(c, m->line, m->col, "SP '%s': missing key \"pm\" (its partition manifest)",
			     name);
	if (get_file(c, name, "pm", v, &sp->pm, &sp->pm_offset))
		return -1;
	v = json_member(m, "uuid");
	if (v) {
		if (v->type != JSON_STRING || pkg_uuid_parse(v->text, v->len, sp->uuid) != 0)
			return lfail(c, v->line, v->col,
				     "SP '%s': \"uuid\" must be a string \"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\"",
				     name);
		sp->has_uuid = true;
	}
	v = json_member(m, "load-address");
	if (json_member(m, "physical-load-address")) {
		if (v)
			return lfail(c, v->line, v->col,
				     "SP '%s': give \"load-address\" or \"physical-load-address\", not both",
				     name);
		v = json_member(m, "physical-load-address");
	}
	if (v) {
		if (get_u64(c, name, "load-address", v, &sp->load_address))
			return -1;
		sp->has_load_address = true;
	}
	sp->owner = "SiP";
	v = json_member(m, "owner");
	if (v) {
		if (v->type != JSON_STRING || (strcmp(v->text, "SiP") && strcmp(v->text, "Plat")))
			return lfail(c, v->line, v->col, "SP '%s': \"owner\" must be \"SiP\" or \"Plat\"",
				     name);
		sp->owner = strcmp(v->text, "SiP") == 0 ? "SiP" : "Plat";
	}
	v = json_member(m, "package");
	if (v && (v->type != JSON_STRING || strcmp(v->text, "sp_pkg") != 0))
		return lfail(c, v->line, v->col,
			     "SP '%s': \"package\" must be \"sp_pkg\" (other package formats are not supported)",
			     name);
	sp->pkg_version = 2;
	v = json_member(m, "package-version");
	if (v) {
		uint64_t ver;

		if (v->type != JSON_NUMBER || json_number_u64(v, &ver) || (ver != 1 && ver != 2))
			return lfail(c, v->line, v->col, "SP '%s': \"package-version\" must be 1 or 2",
				     name);
		sp->pkg_version = (uint32_t)ver;
	}
	return 0;
}

int layout_parse(const char *text, size_t len, const char *path, struct layout *out, char *err,
		 size_t errlen)
{
	struct lctx c = {path, err, errlen};
	struct json_doc doc;
	struct json_error je;
	const struct json_value *root;
	int rc = -1;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	out->path = strdup(path);
	if (!out->path) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	if (json_parse(text, len, &doc, &je)) {
		lfail(&c, je.line, je.col, "%s", je.msg);
		goto out;
	}
	root = doc.root;
	if (root->type != JSON_OBJECT) {
		lfail(&c, root->line, root->col,
		      "the layout must be an object of SPs ({\"name\": {\"image\": ..., \"pm\": ...}}), not %s",
		      json_type_name(root->type));
		goto out;
	}
	if (root->count == 0) {
		lfail(&c, root->line, root->col, "the layout lists no SP");
		goto out;
	}
	if (root->count > SP_LIST_MAX) {
		lfail(&c, root->line, root->col, "more than %u SPs", SP_LIST_MAX);
		goto out;
	}
	out->sps = calloc(root->count, sizeof(*out->sps));
	if (!out->sps) {
		lfail(&c, 1, 1, "out of memory");
		goto out;
	}
	for (const struct json_value *m = root->first; m; m = m->next) {
		out->count = ++i;
		if (parse_sp(&c, m, &out->sps[i - 1]))
			goto out;
	}
	rc = 0;
out:
	json_free(&doc);
	if (rc)
		layout_free(out);
	return rc;
}

void layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->count; i++) {
		free(l->sps[i].name);
		free(l->sps[i].image);
		free(l->sps[i].pm);
	}
	free(l->sps);
	free(l->path);
	memset(l, 0, sizeof(*l));
}

static uint32_t be32(const void *p, int i)
{
	const uint8_t *b = (const uint8_t *)p + 4 * i;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

int layout_resolve(const struct layout *l, struct layout_sp *sp, const void *pm_dtb,
		   size_t pm_size, char *err, size_t errlen)
{
	const void *p;
	int len, root;
	char a[PKG_UUID_TEXT_LEN + 1], b[PKG_UUID_TEXT_LEN + 1];

	if (pm_size > INT32_MAX || spmc_mf_fdt_check(pm_dtb, pm_size) != 0) {
		snprintf(err, errlen, "%s: SP '%s': partition manifest %s is not a valid device tree blob",
			 l->path, sp->name, sp->pm);
		return -1;
	}
	root = fdt_path_offset(pm_dtb, "/");
	p = fdt_getprop(pm_dtb, root, "uuid", &len);
	if (p && (len == 0 || len % 16 != 0)) {
		snprintf(err, errlen, "%s: partition manifest's uuid is not a list of 4-cell UUIDs",
			 sp->pm);
		return -1;
	}
	if (p) {
		uint8_t first[16];
		bool match = false;

		for (int u = 0; u < len / 16; u++) {
			uint32_t w[4] = {be32(p, 4 * u), be32(p, 4 * u + 1), be32(p, 4 * u + 2),
					 be32(p, 4 * u + 3)};
			uint8_t bytes[16];

			pkg_uuid_words_to_bytes(w, bytes);
			if (u == 0)
				memcpy(first, bytes, 16);
			if (sp->has_uuid && memcmp(bytes, sp->uuid, 16) == 0)
				match = true;
		}
		if (sp->has_uuid && !match) {
			pkg_uuid_format(sp->uuid, a);
			pkg_uuid_format(first, b);
			snprintf(err, errlen,
				 "%s:%u:%u: SP '%s': uuid in the layout %s differs from partition manifest %s %s",
				 l->path, sp->line, sp->col, sp->name, a, sp->pm, b);
			return -1;
		}
		if (!sp->has_uuid) {
			memcpy(sp->uuid, first, 16);
			sp->has_uuid = true;
		}
	}
	if (!sp->has_uuid) {
		snprintf(err, errlen,
			 "%s:%u:%u: SP '%s': no \"uuid\" in the layout and none in partition manifest %s",
			 l->path, sp->line, sp->col, sp->name, sp->pm);
		return -1;
	}
	if (!sp->has_load_address) {
		p = fdt_getprop(pm_dtb, root, "load-address", &len);
		if (p && len == 4) {
			sp->load_address = be32(p, 0);
		} else if (p && len == 8) {
			sp->load_address = (uint64_t)be32(p, 0) << 32 | be32(p, 1);
		} else {
			snprintf(err, errlen,
				 "%s:%u:%u: SP '%s': no \"load-address\" in the layout and %s in partition manifest %s",
				 l->path, sp->line, sp->col, sp->name, p ? "a malformed one" : "none",
				 sp->pm);
			return -1;
		}
		sp->has_load_address = true;
	}
	return 0;
}

void layout_entries(const struct layout *l, struct sp_list_entry *out)
{
	for (size_t i = 0; i < l->count; i++) {
		out[i].name = l->sps[i].name;
		pkg_uuid_bytes_to_words(l->sps[i].uuid, out[i].uuid);
		out[i].load_address = l->sps[i].load_address;
	}
}

void layout_write_spmc_list(FILE *f, const struct layout *l)
{
	fprintf(f,
		"/*\n * SP packages for the SPMC manifest, generated by spmc-layout from %s.\n"
		" * Include inside the manifest's root node; do not edit.\n */\n"
		"sp_packages {\n\tcompatible = \"arm,sp_pkg\";\n",
		l->path);
	for (size_t i = 0; i < l->count; i++) {
		const struct layout_sp *sp = &l->sps[i];
		uint32_t w[4];
		char text[PKG_UUID_TEXT_LEN + 1];

		pkg_uuid_bytes_to_words(sp->uuid, w);
		pkg_uuid_format(sp->uuid, text);
		fprintf(f,
			"\n\t%s {\n\t\t/* %s */\n\t\tuuid = <0x%08" PRIx32 " 0x%08" PRIx32
			" 0x%08" PRIx32 " 0x%08" PRIx32 ">;\n"
			"\t\tload-address = <0x%" PRIx32 " 0x%" PRIx32 ">;\n\t};\n",
			sp->name, text, w[0], w[1], w[2], w[3], (uint32_t)(sp->load_address >> 32),
			(uint32_t)sp->load_address);
	}
	fprintf(f, "};\n");
}

int layout_write_bl2_list(FILE *f, const struct layout *l, char *err, size_t errlen)
{
	for (size_t i = 0; i < l->count; i++)
		if (l->sps[i].load_address > UINT32_MAX) {
			snprintf(err, errlen,
				 "%s:%u:%u: SP '%s': load address 0x%" PRIx64
				 " does not fit the 32-bit load-address TF-A's BL2 reads",
				 l->path, l->sps[i].line, l->sps[i].col, l->sps[i].name,
				 l->sps[i].load_address);
			return -1;
		}
	fprintf(f,
		"/*\n * BL2's SP list, generated by spmc-layout from %s: the children of\n"
		" * TB_FW_CONFIG's node compatible \"arm,sp\" (TF-A ARM_BL2_SP_LIST_DTS).\n"
		" * Do not edit.\n */\n",
		l->path);
	for (size_t i = 0; i < l->count; i++) {
		const struct layout_sp *sp = &l->sps[i];
		char text[PKG_UUID_TEXT_LEN + 1];

		pkg_uuid_format(sp->uuid, text);
		fprintf(f,
			"\n%s {\n\tuuid = \"%s\";\n\tload-address = <0x%" PRIx64
			">;\n\towner = \"%s\";\n};\n",
			sp->name, text, sp->load_address, sp->owner);
	}
	return 0;
}

struct check_ctx {
	const struct layout *l;
	FILE *out;
};

static void report_dup(void *ctx, const struct sp_list_diff *d)
{
	struct check_ctx *c = ctx;
	char msg[512];

	sp_list_diff_format(d, msg, sizeof(msg));
	fprintf(c->out, "%s: %s\n", c->l->path, msg);
}

size_t layout_check(const struct layout *l, const uint64_t *pkg_size, FILE *out)
{
	struct sp_list_entry *e = calloc(l->count ? l->count : 1, sizeof(*e));
	struct sp_list list = {"the layout", e, l->count};
	struct check_ctx c = {l, out};
	size_t n;

	if (!e) {
		fprintf(out, "%s: out of memory\n", l->path);
		return 1;
	}
	layout_entries(l, e);
	n = sp_list_check(&list, report_dup, &c);
	for (size_t i = 0; i < l->count; i++)
		for (size_t j = 0; j < i; j++) {
			const struct layout_sp *a = &l->sps[j], *b = &l->sps[i];
			uint64_t a_end = a->load_address + pkg_size[j];
			uint64_t b_end = b->load_address + pkg_size[i];

			if (a->load_address == b->load_address)
				continue; /* reported as a duplicate */
			/* Wrapping past 2^64 overlaps everything above the start. */
			if (a_end < a->load_address)
				a_end = UINT64_MAX;
			if (b_end < b->load_address)
				b_end = UINT64_MAX;
			if (a->load_address < b_end && b->load_address < a_end) {
				fprintf(out,
					"%s: SP '%s' package [0x%" PRIx64 ", 0x%" PRIx64
					") overlaps SP '%s' package [0x%" PRIx64 ", 0x%" PRIx64 ") in memory\n",
					l->path, a->name, a->load_address, a_end, b->name,
					b->load_address, b_end);
				n++;
			}
		}
	free(e);
	return n;
}
