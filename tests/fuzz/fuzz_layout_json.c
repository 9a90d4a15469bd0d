/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the host tools' JSON reader and layout parser
 * (tools/lib/json.c, tools/lib/layout.c): bad input must give an error with
 * a position, never a crash, a leak or a deep recursion. Invariants:
 *  - a parsed tree is consistent: counts match the sibling lists, strings
 *    are NUL-terminated at their length, nesting stays within the bound;
 *  - an error has a line and column inside the input and a message;
 *  - a parsed layout has valid names, versions and owners, and renders.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/lib/json.h"
#include "../../tools/lib/layout.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

static void walk(const struct json_value *v, int depth)
{
	size_t n = 0;

	CHECK(depth <= JSON_MAX_DEPTH);
	CHECK(v->line >= 1 && v->col >= 1);
	if (v->type == JSON_STRING || v->type == JSON_NUMBER)
		CHECK(v->text && strlen(v->text) == v->len);
	for (const struct json_value *c = v->first; c; c = c->next) {
		if (v->type == JSON_OBJECT)
			CHECK(c->key != NULL);
		walk(c, depth + 1);
		n++;
	}
	CHECK(n == v->count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_doc doc;
	struct json_error err;
	struct layout l;
	char msg[512];
	unsigned lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (json_parse((const char *)data, size, &doc, &err) == 0) {
		walk(doc.root, 0);
	} else {
		CHECK(err.msg[0] && err.line >= 1 && err.line <= lines && err.col >= 1);
	}
	json_free(&doc);

	if (layout_parse((const char *)data, size, "fuzz.json", &l, msg, sizeof(msg)) == 0) {
		FILE *f = fopen("/dev/null", "w");
		uint64_t *sizes = calloc(l.count, sizeof(*sizes));

		CHECK(f && sizes && l.count >= 1 && l.count <= SP_LIST_MAX);
		for (size_t i = 0; i < l.count; i++) {
			CHECK(layout_name_ok(l.sps[i].name));
			CHECK(l.sps[i].pkg_version == 1 || l.sps[i].pkg_version == 2);
			CHECK(!strcmp(l.sps[i].owner, "SiP") || !strcmp(l.sps[i].owner, "Plat"));
			CHECK(l.sps[i].image && l.sps[i].pm);
			sizes[i] = 0x1000;
		}
		layout_write_spmc_list(f, &l);
		layout_write_bl2_list(f, &l, msg, sizeof(msg));
		layout_check(&l, sizes, f);
		fclose(f);
		free(sizes);
		layout_free(&l);
	} else {
		CHECK(!strncmp(msg, "fuzz.json", 9));
	}
	return 0;
}
