/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small, strict, bounded JSON (RFC 8259) reader for the host tools.
 * Strict: no comments, no trailing commas, no duplicate keys in an object, no
 * byte-order mark, valid UTF-8 only, nothing after the value. Bounded: input
 * size, nesting depth, value count and string length are capped, so hostile
 * input costs little and never recurses deeply. Every error carries the line
 * and column (1-based; columns count characters, not bytes) where it was
 * found. Host code: uses libc.
 *
 * tools/lib/ holds code several tools share. The build makes one program of
 * each tools/NAME.c, so a tool (or a test) includes the .c files it uses.
 */
#ifndef TOOLS_LIB_JSON_H
#define TOOLS_LIB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_INPUT (1u << 20)
#define JSON_MAX_DEPTH 32
#define JSON_MAX_VALUES 100000u
#define JSON_MAX_STRING 4096u

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_value {
	enum json_type type;
	unsigned line, col;          /* where the value starts */
	/* A member of an object: its key (decoded, NUL-terminated) and where it is. */
	const char *key;
	unsigned key_line, key_col;
	/* JSON_STRING: the decoded text (NUL-terminated, no NUL inside);
	 * JSON_NUMBER: the number's text as written. */
	const char *text;
	size_t len;
	/* JSON_ARRAY / JSON_OBJECT: the elements or members, in order. */
	struct json_value *first;
	size_t count;
	struct json_value *next;     /* the next sibling */
};

struct json_error {
	unsigned line, col;
	char msg[160];
};

struct json_doc {
	struct json_value *root;
	void *mem;                   /* every allocation, for json_free */
};

/* Parses len bytes of text. Returns 0 with doc->root set, or -1 with *err
 * filled; either way json_free(doc) releases everything. */
int json_parse(const char *text, size_t len, struct json_doc *doc, struct json_error *err);

void json_free(struct json_doc *doc);

/* The member of object obj named key, or NULL (also when obj is not an object). */
const struct json_value *json_member(const struct json_value *obj, const char *key);

/* A JSON_NUMBER that is a non-negative integer without fraction or exponent
 * and fits in 64 bits: 0 with *out set, else -1. */
int json_number_u64(const struct json_value *v, uint64_t *out);

/* "string", "number", ...: for messages. */
const char *json_type_name(enum json_type t);

#endif
