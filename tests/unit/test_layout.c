/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host side of the package tools, tested as functions (no processes):
 * the strict JSON reader (tools/lib/json.c: RFC 8259, errors at line:column)
 * and the SP layout file (tools/lib/layout.c: TF-A sp_layout.json's keys,
 * each SP's UUID and load address written once, the generated lists).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "../../tools/lib/json.h"
#include "../../tools/lib/layout.h"
#include "pkg/uuid.h"

/* ---- JSON ---- */

static struct json_doc doc;
static struct json_error jerr;

static const struct json_value *parse_ok(const char *text)
{
	if (json_parse(text, strlen(text), &doc, &jerr) != 0)
		fail_msg("%u:%u: %s", jerr.line, jerr.col, jerr.msg);
	return doc.root;
}

/* Expects an error at line:col whose message contains `what`. */
static void parse_bad(const char *text, size_t len, unsigned line, unsigned col, const char *what)
{
	int rc = json_parse(text, len, &doc, &jerr);

	json_free(&doc);
	if (rc == 0)
		fail_msg("accepted: %s", text);
	if (jerr.line != line || jerr.col != col || !strstr(jerr.msg, what))
		fail_msg("want %u:%u '%s', got %u:%u '%s'", line, col, what, jerr.line, jerr.col,
			 jerr.msg);
}
#define BAD(text, line, col, what) parse_bad((text), strlen(text), (line), (col), (what))

/* RFC 8259 values: objects keep member order, strings are decoded (escapes,
 * \u with surrogate pairs into UTF-8), numbers keep their text. */
static void test_json_values(void **state)
{
	const struct json_value *r, *a;
	uint64_t n;

	(void)state;
	r = parse_ok(" {\"a\": [1, -2.5e3, true, false, null], \"s\": \"x\\n\\u00e9\\ud83d\\ude00/\\/\","
		     " \"big\": 18446744073709551615, \"o\": {}}\n");
	assert_int_equal(r->type, JSON_OBJECT);
	assert_int_equal(r->count, 4);
	assert_string_equal(r->first->key, "a");
	a = json_member(r, "a");
	assert_int_equal(a->type, JSON_ARRAY);
	assert_int_equal(a->count, 5);
	assert_int_equal(a->first->type, JSON_NUMBER);
	assert_string_equal(a->first->next->text, "-2.5e3");
	assert_int_equal(a->first->next->next->type, JSON_TRUE);
	assert_int_equal(a->first->next->next->next->next->type, JSON_NULL);
	assert_string_equal(json_member(r, "s")->text, "x\n\xc3\xa9\xf0\x9f\x98\x80//");
	assert_int_equal(json_number_u64(json_member(r, "big"), &n), 0);
	assert_true(n == UINT64_MAX);
	assert_int_equal(json_number_u64(a->first->next, &n), -1); /* not an integer */
	assert_int_equal(json_member(r, "o")->count, 0);
	assert_null(json_member(r, "missing"));
	json_free(&doc);
}

/* Strictness, each error at its line:column. */
static void test_json_errors(void **state)
{
	(void)state;
	BAD("", 1, 1, "unexpected end");
	BAD("{\"a\": 1,}", 1, 9, "trailing comma");
	BAD("[1, 2,]", 1, 7, "trailing comma");
	BAD("{\n  \"a\": 1,\n  \"a\": 2\n}", 3, 3, "duplicate key \"a\" (first at 2:3)");
	BAD("{\"a\" 1}", 1, 6, "expected ':'");
	BAD("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}'");
	BAD("{\"a\": \"abc", 1, 7, "unterminated string");
	BAD("[\"a\\x\"]", 1, 4, "invalid escape");
	BAD("[\"a\tb\"]", 1, 4, "control character");
	BAD("[\"\\ud800\"]", 1, 3, "without its low half");
	BAD("[\"\\udc00\"]", 1, 3, "lone low surrogate");
	BAD("[\"\\u0000\"]", 1, 3, "NUL");
	BAD("[01]", 1, 3, "leading zeros");
	BAD("[1.]", 1, 4, "decimal point");
	BAD("[-]", 1, 3, "digit");
	BAD("[tru]", 1, 2, "unknown word");
	BAD("{} x", 1, 4, "after the end");
	BAD("// c\n{}", 1, 1, "comments");
	BAD("{'a': 1}", 1, 2, "expected a member name");
	BAD("['a']", 1, 2, "double quotes");
	BAD("\xef\xbb\xbf{}", 1, 1, "byte-order mark");
	BAD("[1,\n 2,\n  {\"k\": }]", 3, 9, "expected a value");
	BAD("[\"\xc3\"]", 1, 3, "invalid UTF-8");
	BAD("[\"\xc0\xaf\"]", 1, 3, "invalid UTF-8");        /* overlong '/' */
	BAD("[\"\xed\xa0\x80\"]", 1, 3, "invalid UTF-8");    /* encoded surrogate */
	/* Columns count characters: é is one. */
	BAD("[\"\xc3\xa9\", x]", 1, 7, "expected a value");
	BAD("{\"a\": [1, 2", 1, 7, "unterminated array");
}

/* Bounded: nesting depth, input size. */
static void test_json_bounds(void **state)
{
	char deep[2 * JSON_MAX_DEPTH + 8];
	char *big;
	size_t n = 0;

	(void)state;
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		deep[n++] = '[';
	deep[n] = '\0';
	BAD(deep, 1, JSON_MAX_DEPTH + 1, "nested deeper");
	big = malloc(JSON_MAX_INPUT + 2);
	memset(big, ' ', JSON_MAX_INPUT + 1);
	big[0] = '1';
	parse_bad(big, JSON_MAX_INPUT + 1, 1, 1, "larger than");
	free(big);
	assert_int_equal(json_parse(NULL, 0, &doc, &jerr), -1);
	json_free(&doc);
}

/* Every prefix of a valid document is an error with a position, never a
 * crash or an acceptance (except the complete text). */
static void test_json_truncations(void **state)
{
	static const char text[] = "{\"echo\": {\"image\": \"a\\u00e9\", \"n\": [1, 2.5, true]}}";

	(void)state;
	for (size_t len = 0; len < sizeof(text) - 1; len++) {
		assert_int_equal(json_parse(text, len, &doc, &jerr), -1);
		assert_true(jerr.line == 1 && jerr.col >= 1 && jerr.msg[0]);
		json_free(&doc);
	}
	assert_int_equal(json_parse(text, sizeof(text) - 1, &doc, &jerr), 0);
	json_free(&doc);
}

/* ---- layout ---- */

static struct layout lay;
static char err[1024];

static void layout_ok(const char *text)
{
	if (layout_parse(text, strlen(text), "cfg/sp_layout.json", &lay, err, sizeof(err)))
		fail_msg("%s", err);
}

static void layout_bad(const char *text, const char *want)
{
	assert_int_equal(layout_parse(text, strlen(text), "cfg/sp_layout.json", &lay, err,
				      sizeof(err)),
			 -1);
	if (!strstr(err, want))
		fail_msg("want '%s' in '%s'", want, err);
	assert_int_equal(lay.count, 0);
}

/* TF-A sp_layout.json keys: image and pm as paths or {file, offset}, uuid,
 * physical-load-address, owner; paths relative to the layout's directory. */
static void test_layout_parse(void **state)
{
	(void)state;
	layout_ok("{\n"
		  " \"echo\": {\"image\": \"echo.so\", \"pm\": \"/abs/echo.dts\",\n"
		  "          \"uuid\": \"79B55C73-1d8c-44b9-8593-61e1770ad8d2\",\n"
		  "          \"load-address\": \"0x7a00000\", \"owner\": \"Plat\"},\n"
		  " \"kv\": {\"image\": {\"file\": \"kv.bin\", \"offset\": \"0x8000\"},\n"
		  "        \"pm\": {\"file\": \"kv.dtb\", \"offset\": 4096},\n"
		  "        \"physical-load-address\": 128974848, \"package\": \"sp_pkg\",\n"
		  "        \"package-version\": 1}\n"
		  "}\n");
	assert_int_equal(lay.count, 2);
	assert_string_equal(lay.sps[0].name, "echo");
	assert_string_equal(lay.sps[0].image, "cfg/echo.so");
	assert_string_equal(lay.sps[0].pm, "/abs/echo.dts");
	assert_true(lay.sps[0].has_uuid);
	assert_int_equal(lay.sps[0].uuid[0], 0x79);
	assert_int_equal(lay.sps[0].load_address, 0x7a00000);
	assert_string_equal(lay.sps[0].owner, "Plat");
	assert_int_equal(lay.sps[0].pkg_version, 2);
	assert_int_equal(lay.sps[0].line, 2);
	assert_int_equal(lay.sps[0].col, 2);
	assert_string_equal(lay.sps[1].image, "cfg/kv.bin");
	assert_int_equal(lay.sps[1].image_offset, 0x8000);
	assert_int_equal(lay.sps[1].pm_offset, 4096);
	assert_int_equal(lay.sps[1].load_address, 128974848);
	assert_false(lay.sps[1].has_uuid);
	assert_string_equal(lay.sps[1].owner, "SiP");
	assert_int_equal(lay.sps[1].pkg_version, 1);
	layout_free(&lay);
}

/* Missing keys, unknown keys, bad values: the file, line and column, and
 * what is wrong. */
static void test_layout_errors(void **state)
{
	(void)state;
	layout_bad("[]", "cfg/sp_layout.json:1:1: the layout must be an object");
	layout_bad("{}", "lists no SP");
	layout_bad("{\"a\": {\"pm\": \"x.dts\"}}", "1:7: SP 'a': missing key \"image\"");
	layout_bad("{\"a\": {\"image\": \"x\"}}", "SP 'a': missing key \"pm\"");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\",\n \"load_address\": \"0x1000\"}}",
		   "2:2: SP 'a': unknown key \"load_address\" (did you mean \"load-address\"?)");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"colour\": 1}}",
		   "unknown key \"colour\"");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"uuid\": \"1234\"}}",
		   "\"uuid\" must be a string \"xxxxxxxx-");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"load-address\": \"0x12g\"}}",
		   "\"load-address\" must be a number");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"load-address\": -1}}",
		   "non-negative integer");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"load-address\": \"0x10000000000000000\"}}",
		   "does not fit 64 bits");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"load-address\": 1,"
		   " \"physical-load-address\": 1}}",
		   "not both");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"owner\": \"sip\"}}",
		   "\"owner\" must be \"SiP\" or \"Plat\"");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"package\": \"tl_pkg\"}}",
		   "\"package\" must be \"sp_pkg\"");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"package-version\": 3}}",
		   "\"package-version\" must be 1 or 2");
	layout_bad("{\"a\": {\"image\": 5, \"pm\": \"y\"}}", "\"image\" must be a file path");
	layout_bad("{\"a\": {\"image\": {\"path\": \"x\"}, \"pm\": \"y\"}}",
		   "unknown key \"path\" in \"image\"");
	layout_bad("{\"a\": {\"image\": {\"offset\": 1}, \"pm\": \"y\"}}", "\"image\" has no \"file\"");
	layout_bad("{\"a/b\": {\"image\": \"x\", \"pm\": \"y\"}}", "SP name \"a/b\"");
	layout_bad("{\"0123456789012345678901234567890123\": {}}", "1..31 characters");
	layout_bad("{\"a\": 1}", "SP 'a' must be an object");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\"},}", "1:33: trailing comma");
	layout_bad("{\"a\": {\"image\": \"x\", \"pm\": \"y\"}, \"a\": {}}", "duplicate key \"a\"");
}

/* A partition manifest blob: uuid cells (count UUIDs) and load-address. */
static uint8_t pm[4096];

static void build_pm(const uint32_t *uuid_words, int nuuids, int addr_cells, uint64_t addr)
{
	assert_int_equal(fdt_create(pm, sizeof(pm)), 0);
	assert_int_equal(fdt_finish_reservemap(pm), 0);
	assert_int_equal(fdt_begin_node(pm, ""), 0);
	assert_int_equal(fdt_property_string(pm, "compatible", "arm,ffa-manifest-1.0"), 0);
	if (nuuids) {
		uint32_t c[8];

		for (int i = 0; i < 4 * nuuids; i++)
			c[i] = cpu_to_fdt32(uuid_words[i]);
		assert_int_equal(fdt_property(pm, "uuid", c, 16 * nuuids), 0);
	}
	if (addr_cells == 1)
		assert_int_equal(fdt_property_u32(pm, "load-address", (uint32_t)addr), 0);
	if (addr_cells == 2)
		assert_int_equal(fdt_property_u64(pm, "load-address", addr), 0);
	assert_int_equal(fdt_end_node(pm), 0);
	assert_int_equal(fdt_finish(pm), 0);
}

static const uint32_t cactus_w[8] = {0x1e67b5b4, 0xe14f904a, 0x13fb1fb8, 0xcbdae1da,
				     0x11111111, 0x22222222, 0x33333333, 0x44444444};

/* Written once: without "uuid" / "load-address" the layout takes the
 * partition manifest's (as TF-A's sp_mk_generator.py does). */
static void test_resolve_from_manifest(void **state)
{
	char text[37];

	(void)state;
	layout_ok("{\"cactus\": {\"image\": \"c.bin\", \"pm\": \"c.dts\"}}");
	build_pm(cactus_w, 1, 2, 0x7000000);
	assert_int_equal(layout_resolve(&lay, &lay.sps[0], pm, sizeof(pm), err, sizeof(err)), 0);
	pkg_uuid_format(lay.sps[0].uuid, text);
	assert_string_equal(text, "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb");
	assert_int_equal(lay.sps[0].load_address, 0x7000000);
	layout_free(&lay);
	/* One cell works too; nothing at all is an error naming the manifest. */
	layout_ok("{\"c\": {\"image\": \"c.bin\", \"pm\": \"c.dts\"}}");
	build_pm(cactus_w, 1, 1, 0x7100000);
	assert_int_equal(layout_resolve(&lay, &lay.sps[0], pm, sizeof(pm), err, sizeof(err)), 0);
	assert_int_equal(lay.sps[0].load_address, 0x7100000);
	layout_free(&lay);
	layout_ok("{\"c\": {\"image\": \"c.bin\", \"pm\": \"c.dts\"}}");
	build_pm(cactus_w, 1, 0, 0);
	assert_int_equal(layout_resolve(&lay, &lay.sps[0], pm, sizeof(pm), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no \"load-address\" in the layout and none in partition manifest cfg/c.dts"));
	layout_free(&lay);
	layout_ok("{\"c\": {\"image\": \"c.bin\", \"pm\": \"c.dts\"}}");
	build_pm(cactus_w, 0, 1, 0x1000);
	assert_int_equal(layout_resolve(&lay, &lay.sps[0], pm, sizeof(pm), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no \"uuid\" in the layout and none in partition manifest"));
	layout_free(&lay);
}

/* A UUID in both places must agree (any of the manifest's UUIDs, for a
 * partition with several services); the error names both values. */
static void test_resolve_uuid_disagreement(void **state)
{
	(void)state;
	layout_ok("{\"c\": {\"image\": \"c.bin\", \"pm\": \"c.dts\","
		  " \"uuid\": \"11111111-2222-2222-3333-333344444444\"}}");
	build_pm(cactus_w, 2, 1, 0x1000);
	assert_int_equal(layout_resolve(&lay, &lay.sps[0], pm, sizeof(pm), err, sizeof(err)), 0);
	build_pm(cactus_w, 1, 1, 0x1000);
	assert_int_equal(layout_resolve(&lay, &lay.sps[0], pm, sizeof(pm), err, sizeof(err)), -1);
	assert_string_equal(err, "cfg/sp_layout.json:1:2: SP 'c': uuid in the layout "
				 "11111111-2222-2222-3333-333344444444 differs from partition manifest "
				 "cfg/c.dts b4b5671e-4a90-4fe1-b81f-fb13dae1dacb");
	memset(pm, 0, 64);
	assert_int_equal(layout_resolve(&lay, &lay.sps[0], pm, sizeof(pm), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a valid device tree blob"));
	layout_free(&lay);
}

static char *render(int bl2)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	if (bl2)
		assert_int_equal(layout_write_bl2_list(f, &lay, err, sizeof(err)), 0);
	else
		layout_write_spmc_list(f, &lay);
	fclose(f);
	return text;
}

/* The generated lists: OP-TEE's SPMC manifest form (uuid cells, 2-cell
 * load-address) and TF-A BL2's form (uuid text, 1-cell load-address, owner). */
static void test_generated_lists(void **state)
{
	char *s;

	(void)state;
	layout_ok("{\"echo\": {\"image\": \"e\", \"pm\": \"p\","
		  " \"uuid\": \"79b55c73-1d8c-44b9-8593-61e1770ad8d2\", \"load-address\": \"0x7a00000\"}}");
	s = render(0);
	assert_non_null(strstr(s, "sp_packages {\n\tcompatible = \"arm,sp_pkg\";\n"));
	assert_non_null(strstr(s, "\techo {\n"));
	assert_non_null(strstr(s, "uuid = <0x735cb579 0xb9448c1d 0xe1619385 0xd2d80a77>;"));
	assert_non_null(strstr(s, "load-address = <0x0 0x7a00000>;"));
	free(s);
	s = render(1);
	assert_non_null(strstr(s, "echo {\n\tuuid = \"79b55c73-1d8c-44b9-8593-61e1770ad8d2\";\n"
				  "\tload-address = <0x7a00000>;\n\towner = \"SiP\";\n};"));
	free(s);
	/* BL2 reads a u32: an address above 4 GiB cannot be written for it. */
	lay.sps[0].load_address = 0x880000000ull;
	{
		FILE *f = fopen("/dev/null", "w");

		assert_int_equal(layout_write_bl2_list(f, &lay, err, sizeof(err)), -1);
		fclose(f);
	}
	assert_non_null(strstr(err, "0x880000000 does not fit the 32-bit load-address"));
	layout_free(&lay);
}

/* A layout checked on its own: no UUID or address twice, no packages
 * overlapping in memory. */
static void test_layout_check(void **state)
{
	uint64_t sizes[3] = {0x10000, 0x10000, 0x10000};
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	layout_ok("{\"a\": {\"image\": \"x\", \"pm\": \"y\", \"uuid\": \"11111111-1111-1111-1111-111111111111\","
		  " \"load-address\": \"0x100000\"},"
		  " \"b\": {\"image\": \"x\", \"pm\": \"y\", \"uuid\": \"22222222-2222-2222-2222-222222222222\","
		  " \"load-address\": \"0x110000\"},"
		  " \"c\": {\"image\": \"x\", \"pm\": \"y\", \"uuid\": \"11111111-1111-1111-1111-111111111111\","
		  " \"load-address\": \"0x118000\"}}");
	f = open_memstream(&text, &len);
	assert_int_equal(layout_check(&lay, sizes, f), 2);
	fclose(f);
	assert_non_null(strstr(text, "SPs 'a' and 'c' in the layout both have UUID 11111111-1111-1111-1111-111111111111"));
	assert_non_null(strstr(text, "SP 'b' package [0x110000, 0x120000) overlaps SP 'c' package [0x118000, 0x128000)"));
	free(text);
	sizes[1] = 0x8000;
	lay.sps[2].uuid[0] = 0x33;
	f = fopen("/dev/null", "w");
	assert_int_equal(layout_check(&lay, sizes, f), 0);
	fclose(f);
	layout_free(&lay);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_values),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_json_bounds),
		cmocka_unit_test(test_json_truncations),
		cmocka_unit_test(test_layout_parse),
		cmocka_unit_test(test_layout_errors),
		cmocka_unit_test(test_resolve_from_manifest),
		cmocka_unit_test(test_resolve_uuid_disagreement),
		cmocka_unit_test(test_generated_lists),
		cmocka_unit_test(test_layout_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
