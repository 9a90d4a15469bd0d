/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spmc-layout: one layout file -> every artefact of the FIP flow, so that an
 * SP's UUID and load address are written once; and a checker for hand-written
 * lists that reports every place they disagree.
 *
 *   spmc-layout build LAYOUT.json -o OUTDIR [-DNAME[=V]] [-IDIR]
 *   spmc-layout check --spmc-manifest FILE --bl2-list FILE [--layout LAYOUT.json]
 *                     [-DNAME[=V]] [-IDIR]
 *
 * The layout format is described in tools/lib/layout.h and by --help.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg/fip.h"
#include "pkg/sp_list.h"
#include "pkg/sp_pkg.h"
#include "pkg/uuid.h"

#include "lib/hostio.h"
#include "lib/json.h"
#include "lib/layout.h"

#define MAX_IMAGE (256u << 20)
#define MAX_CPP_ARGS 32

static void usage(FILE *f)
{
	fprintf(f,
"usage: spmc-layout build LAYOUT.json -o OUTDIR [-DNAME[=VALUE]] [-IDIR]\n"
"       spmc-layout check --spmc-manifest FILE --bl2-list FILE [--layout LAYOUT.json]\n"
"                         [-DNAME[=VALUE]] [-IDIR]\n"
"\n"
"build   reads the layout and writes into OUTDIR:\n"
"          NAME.dtb          each SP's partition manifest, compiled\n"
"          NAME.pkg          each SP's package (manifest + image, TF-A SPKG format)\n"
"          sp_packages.dtsi  the SPMC manifest's package list (node compatible\n"
"                            \"arm,sp_pkg\": uuid, load-address); include it in the\n"
"                            SPMC manifest's root node\n"
"          bl2_sp_list.dtsi  BL2's SP list (children of TB_FW_CONFIG's node compatible\n"
"                            \"arm,sp\": uuid, load-address, owner), what TF-A's\n"
"                            ARM_BL2_SP_LIST_DTS takes\n"
"          sp_packages.fip   a FIP holding every package under its SP's UUID\n"
"        It refuses a layout where two SPs share a UUID or a load address, or\n"
"        where two packages would overlap in memory.\n"
"check   compares an SPMC manifest's package list with BL2's SP list (and, with\n"
"        --layout, each of them with the layout) and prints every disagreement,\n"
"        naming both values; exit 1 if there is any. Each FILE is a DTB or DTS\n"
"        source; source is run through cpp (-D / -I apply) and dtc, and may be a\n"
"        fragment: the list node or just its children, as in OP-TEE's build.\n"
"\n"
"The layout, in the spirit of TF-A's sp_layout.json: one object, one member per SP.\n"
"  {\n"
"    \"echo\": {\n"
"      \"image\": \"build/host/sp/echo_sp.so\",\n"
"      \"pm\": \"echo.dts\",\n"
"      \"uuid\": \"79b55c73-1d8c-44b9-8593-61e1770ad8d2\",\n"
"      \"load-address\": \"0x7a00000\",\n"
"      \"owner\": \"SiP\"\n"
"    }\n"
"  }\n"
"The member name names the SP (node names, file names: 1..31 of [A-Za-z0-9,._+-]).\n"
"Keys (any other is an error):\n"
"  image            required: image path, or {\"file\": path, \"offset\": n}\n"
"  pm               required: partition manifest (DTS or DTB), or {\"file\", \"offset\"}\n"
"  uuid             canonical text; default the manifest's first uuid, which must\n"
"                   otherwise agree\n"
"  load-address     where BL2 loads the package (TF-A's \"physical-load-address\" is\n"
"                   accepted too); default the manifest's load-address\n"
"  owner            \"SiP\" (default) or \"Plat\"\n"
"  package          \"sp_pkg\" (the only format)\n"
"  package-version  1 or 2 (default 2)\n"
"Numbers are JSON integers or strings (\"0x...\" or decimal). Relative paths are\n"
"relative to the layout file's directory.\n");
}

struct opts {
	const char *layout, *out, *spmc, *bl2;
	char *cpp[MAX_CPP_ARGS];
	size_t ncpp;
};

static int parse_opts(int argc, char **argv, struct opts *o, bool build)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		}
		if ((a[0] == '-' && (a[1] == 'D' || a[1] == 'I') && a[2])) {
			if (o->ncpp == MAX_CPP_ARGS) {
				fprintf(stderr, "spmc-layout: too many -D/-I options\n");
				return -1;
			}
			o->cpp[o->ncpp++] = argv[i];
			continue;
		}
		if (a[0] != '-') {
			if (!build || o->layout) {
				fprintf(stderr, "spmc-layout: unexpected argument %s\n", a);
				return -1;
			}
			o->layout = a;
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "spmc-layout: %s needs a value\n", a);
			return -1;
		}
		if (build && !strcmp(a, "-o"))
			o->out = argv[++i];
		else if (!build && !strcmp(a, "--spmc-manifest"))
			o->spmc = argv[++i];
		else if (!build && !strcmp(a, "--bl2-list"))
			o->bl2 = argv[++i];
		else if (!build && !strcmp(a, "--layout"))
			o->layout = argv[++i];
		else {
			fprintf(stderr, "spmc-layout: unknown option %s\n", a);
			return -1;
		}
	}
	return 0;
}

/* Reads and resolves a layout (compiling each partition manifest). */
static int load_layout(const struct opts *o, struct layout *l)
{
	char err[1024];
	uint8_t *text;
	size_t len;

	if (host_read_file(o->layout, JSON_MAX_INPUT, &text, &len, err, sizeof(err))) {
		fprintf(stderr, "spmc-layout: %s\n", err);
		return -1;
	}
	if (layout_parse((const char *)text, len, o->layout, l, err, sizeof(err))) {
		fprintf(stderr, "spmc-layout: %s\n", err);
		free(text);
		return -1;
	}
	free(text);
	for (size_t i = 0; i < l->count; i++) {
		struct layout_sp *sp = &l->sps[i];
		uint8_t *blob;
		size_t blen;

		if (host_dt_load(sp->pm, HOST_DT_AS_IS, o->cpp, o->ncpp, &blob, &blen, err,
				 sizeof(err))) {
			fprintf(stderr, "spmc-layout: SP '%s': %s\n", sp->name, err);
			return -1;
		}
		if (layout_resolve(l, sp, blob, blen, err, sizeof(err))) {
			fprintf(stderr, "spmc-layout: %s\n", err);
			free(blob);
			return -1;
		}
		free(blob);
	}
	return 0;
}

static char *join(const char *dir, const char *name, const char *ext)
{
	char *p = NULL;

	if (asprintf(&p, "%s/%s%s", dir, name, ext) < 0)
		return NULL;
	return p;
}

struct printer {
	size_t n;
};

static void print_diff(void *ctx, const struct sp_list_diff *d)
{
	struct printer *p = ctx;
	char msg[512];

	sp_list_diff_format(d, msg, sizeof(msg));
	fprintf(stderr, "spmc-layout: %s\n", msg);
	p->n++;
}

/* Reads a list file of either form into a malloc'd array. */
static int load_list(const char *path, bool spmc, const struct opts *o, uint8_t **blob,
		     struct sp_list_entry **entries, size_t *count)
{
	struct sp_list_error le = {0};
	char err[1024];
	size_t len;
	int rc;

	*entries = calloc(SP_LIST_MAX, sizeof(**entries));
	if (!*entries) {
		fprintf(stderr, "spmc-layout: out of memory\n");
		return -1;
	}
	if (host_dt_load(path, spmc ? HOST_DT_SPMC_LIST : HOST_DT_BL2_LIST, o->cpp, o->ncpp, blob,
			 &len, err, sizeof(err))) {
		fprintf(stderr, "spmc-layout: %s\n", err);
		return -1;
	}
	rc = spmc ? sp_list_from_spmc_manifest(*blob, len, *entries, SP_LIST_MAX, count, &le)
		  : sp_list_from_bl2_config(*blob, len, *entries, SP_LIST_MAX, count, &le);
	if (rc != SP_LIST_OK) {
		fprintf(stderr, "spmc-layout: %s: ", path);
		if (le.node)
			fprintf(stderr, "node '%s', ", le.node);
		if (le.property)
			fprintf(stderr, "property '%s': ", le.property);
		fprintf(stderr, "%s\n", le.why);
		return -1;
	}
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	struct opts o = {0};
	uint8_t *spmc_blob = NULL, *bl2_blob = NULL;
	struct sp_list_entry *se = NULL, *be = NULL, *le = NULL;
	size_t sn = 0, bn = 0;
	struct layout l = {0};
	struct printer p = {0};
	int rc = 1;

	if (parse_opts(argc, argv, &o, false))
		return 2;
	if (!o.spmc || !o.bl2) {
		fprintf(stderr, "spmc-layout: check needs --spmc-manifest and --bl2-list\n");
		return 2;
	}
	if (load_list(o.spmc, true, &o, &spmc_blob, &se, &sn) ||
	    load_list(o.bl2, false, &o, &bl2_blob, &be, &bn))
		goto out;
	if (sn == 0)
		fprintf(stderr, "spmc-layout: note: %s lists no SP packages (no children of a node "
				"compatible \"arm,sp_pkg\")\n", o.spmc);
	if (bn == 0)
		fprintf(stderr, "spmc-layout: note: %s lists no SPs\n", o.bl2);
	{
		struct sp_list a = {"SPMC manifest", se, sn}, b = {"BL2 list", be, bn};

		/* Each list's own duplicates once, then every pair of lists. */
		sp_list_check(&a, print_diff, &p);
		sp_list_check(&b, print_diff, &p);
		sp_list_match(&a, &b, print_diff, &p);
		if (o.layout) {
			struct sp_list c;

			if (load_layout(&o, &l))
				goto out;
			le = calloc(l.count, sizeof(*le));
			if (!le) {
				fprintf(stderr, "spmc-layout: out of memory\n");
				goto out;
			}
			layout_entries(&l, le);
			c = (struct sp_list){"layout", le, l.count};
			sp_list_check(&c, print_diff, &p);
			sp_list_match(&c, &a, print_diff, &p);
			sp_list_match(&c, &b, print_diff, &p);
		}
	}
	if (p.n) {
		fprintf(stderr, "spmc-layout: %zu disagreement%s\n", p.n, p.n == 1 ? "" : "s");
		goto out;
	}
	printf("%s and %s agree%s: %zu SP package%s\n", o.spmc, o.bl2,
	       o.layout ? " with the layout" : "", sn, sn == 1 ? "" : "s");
	rc = 0;
out:
	free(spmc_blob);
	free(bl2_blob);
	free(se);
	free(be);
	free(le);
	layout_free(&l);
	return rc;
}

/* Every output, built in memory first so a failure writes nothing half-done. */
static int cmd_build(int argc, char **argv)
{
	struct opts o = {0};
	struct layout l = {0};
	uint8_t **pm = NULL, **pkg = NULL, *fipbuf = NULL;
	size_t *pm_len = NULL, fip_len = 0;
	uint64_t *pkg_len = NULL;
	struct fip_input *fin = NULL;
	char err[1024], *path = NULL;
	char *spmc_text = NULL, *bl2_text = NULL;
	size_t spmc_size = 0, bl2_size = 0;
	const char *why;
	int rc = 1;

	if (parse_opts(argc, argv, &o, true))
		return 2;
	if (!o.layout || !o.out) {
		fprintf(stderr, "spmc-layout: build needs LAYOUT.json and -o OUTDIR\n");
		return 2;
	}
	{
		/* The layout is read first to size the arrays. */
		uint8_t *text;
		size_t len;

		if (host_read_file(o.layout, JSON_MAX_INPUT, &text, &len, err, sizeof(err))) {
			fprintf(stderr, "spmc-layout: %s\n", err);
			return 1;
		}
		if (layout_parse((const char *)text, len, o.layout, &l, err, sizeof(err))) {
			fprintf(stderr, "spmc-layout: %s\n", err);
			free(text);
			return 1;
		}
		free(text);
	}
	pm = calloc(l.count, sizeof(*pm));
	pm_len = calloc(l.count, sizeof(*pm_len));
	pkg = calloc(l.count, sizeof(*pkg));
	pkg_len = calloc(l.count, sizeof(*pkg_len));
	fin = calloc(l.count, sizeof(*fin));
	if (!pm || !pm_len || !pkg || !pkg_len || !fin) {
		fprintf(stderr, "spmc-layout: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < l.count; i++) {
		struct layout_sp *sp = &l.sps[i];
		struct sp_pkg plan, check;
		uint8_t *img;
		size_t img_len;

		if (host_dt_load(sp->pm, HOST_DT_AS_IS, o.cpp, o.ncpp, &pm[i], &pm_len[i], err,
				 sizeof(err))) {
			fprintf(stderr, "spmc-layout: SP '%s': %s\n", sp->name, err);
			goto out;
		}
		if (layout_resolve(&l, sp, pm[i], pm_len[i], err, sizeof(err))) {
			fprintf(stderr, "spmc-layout: %s\n", err);
			goto out;
		}
		if (host_read_file(sp->image, MAX_IMAGE, &img, &img_len, err, sizeof(err))) {
			fprintf(stderr, "spmc-layout: SP '%s': %s\n", sp->name, err);
			goto out;
		}
		if (sp_pkg_plan(sp->pkg_version, pm_len[i], img_len, sp->pm_offset, sp->image_offset,
				&plan, &why) ||
		    !(pkg[i] = malloc(plan.total_size)) ||
		    sp_pkg_write(pkg[i], plan.total_size, &plan, pm[i], img, &why) ||
		    sp_pkg_parse(pkg[i], plan.total_size, &check, &why)) {
			fprintf(stderr, "spmc-layout: %s:%u:%u: SP '%s': cannot package %s and %s: %s\n",
				l.path, sp->line, sp->col, sp->name, sp->pm, sp->image,
				pkg[i] ? why : "out of memory");
			free(img);
			goto out;
		}
		free(img);
		pkg_len[i] = plan.total_size;
		memcpy(fin[i].uuid, sp->uuid, 16);
		fin[i].data = pkg[i];
		fin[i].size = pkg_len[i];
	}
	if (layout_check(&l, pkg_len, stderr)) {
		fprintf(stderr, "spmc-layout: %s: nothing written\n", l.path);
		goto out;
	}
	{
		FILE *f = open_memstream(&spmc_text, &spmc_size);

		if (!f) {
			fprintf(stderr, "spmc-layout: out of memory\n");
			goto out;
		}
		layout_write_spmc_list(f, &l);
		fclose(f);
		f = open_memstream(&bl2_text, &bl2_size);
		if (!f) {
			fprintf(stderr, "spmc-layout: out of memory\n");
			goto out;
		}
		if (layout_write_bl2_list(f, &l, err, sizeof(err))) {
			fclose(f);
			fprintf(stderr, "spmc-layout: %s\n", err);
			goto out;
		}
		fclose(f);
	}
	{
		uint64_t total = fip_size(fin, (uint32_t)l.count, 16);
		struct fip parsed;

		fipbuf = total && total <= SIZE_MAX ? malloc((size_t)total) : NULL;
		if (!fipbuf ||
		    fip_write(fipbuf, (size_t)total, fin, (uint32_t)l.count, 16, &fip_len, &why) ||
		    fip_parse(fipbuf, fip_len, &parsed, &why)) {
			fprintf(stderr, "spmc-layout: the FIP: %s\n", fipbuf ? why : "out of memory");
			goto out;
		}
	}

	if (host_mkdirs(o.out, err, sizeof(err))) {
		fprintf(stderr, "spmc-layout: %s\n", err);
		goto out;
	}
#define WRITE(name, ext, buf, len)                                                   \
	do {                                                                         \
		free(path);                                                          \
		path = join(o.out, (name), (ext));                                   \
		if (!path || host_write_file(path, (buf), (len), err, sizeof(err))) { \
			fprintf(stderr, "spmc-layout: %s\n", path ? err : "out of memory"); \
			goto out;                                                    \
		}                                                                    \
	} while (0)
	for (size_t i = 0; i < l.count; i++) {
		WRITE(l.sps[i].name, ".dtb", pm[i], pm_len[i]);
		WRITE(l.sps[i].name, ".pkg", pkg[i], (size_t)pkg_len[i]);
	}
	WRITE("sp_packages", ".dtsi", spmc_text, spmc_size);
	WRITE("bl2_sp_list", ".dtsi", bl2_text, bl2_size);
	WRITE("sp_packages", ".fip", fipbuf, fip_len);
#undef WRITE

	/* Read the generated lists back the way `check` reads hand-written ones:
	 * they must describe the layout exactly. */
	{
		struct opts ro = {0};
		uint8_t *sb = NULL, *bb = NULL;
		struct sp_list_entry *se = NULL, *be = NULL, *le = calloc(l.count, sizeof(*le));
		size_t sn = 0, bn = 0;
		struct printer p = {0};
		char *sp_path = join(o.out, "sp_packages", ".dtsi");
		char *bl_path = join(o.out, "bl2_sp_list", ".dtsi");

		if (le && sp_path && bl_path && !load_list(sp_path, true, &ro, &sb, &se, &sn) &&
		    !load_list(bl_path, false, &ro, &bb, &be, &bn)) {
			struct sp_list a = {"generated SPMC list", se, sn};
			struct sp_list b = {"generated BL2 list", be, bn};
			struct sp_list c = {"layout", le, l.count};

			layout_entries(&l, le);
			sp_list_compare(&c, &a, print_diff, &p);
			sp_list_compare(&c, &b, print_diff, &p);
		} else {
			p.n++;
		}
		free(sb);
		free(bb);
		free(se);
		free(be);
		free(le);
		free(sp_path);
		free(bl_path);
		if (p.n) {
			fprintf(stderr, "spmc-layout: the generated lists do not read back as the layout\n");
			goto out;
		}
	}

	for (size_t i = 0; i < l.count; i++) {
		char text[PKG_UUID_TEXT_LEN + 1];

		pkg_uuid_format(l.sps[i].uuid, text);
		printf("%-16s %s  load 0x%-10" PRIx64 " package v%" PRIu32 " %" PRIu64 " bytes\n",
		       l.sps[i].name, text, l.sps[i].load_address, l.sps[i].pkg_version, pkg_len[i]);
	}
	printf("wrote %s/{NAME.dtb,NAME.pkg,sp_packages.dtsi,bl2_sp_list.dtsi,sp_packages.fip}\n",
	       o.out);
	rc = 0;
out:
	for (size_t i = 0; i < l.count; i++) {
		if (pm)
			free(pm[i]);
		if (pkg)
			free(pkg[i]);
	}
	free(pm);
	free(pm_len);
	free(pkg);
	free(pkg_len);
	free(fin);
	free(fipbuf);
	free(spmc_text);
	free(bl2_text);
	free(path);
	layout_free(&l);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "build"))
		return cmd_build(argc - 2, argv + 2);
	if (argc >= 2 && !strcmp(argv[1], "check"))
		return cmd_check(argc - 2, argv + 2);
	usage(stderr);
	return 2;
}
