/* SPDX-License-Identifier: BSD-3-Clause */
#include "json.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every allocation is a block on one list, freed together. */
struct json_blk {
	struct json_blk *prev;
	max_align_t data[];
};

struct json_parser {
	const unsigned char *p, *end;
	unsigned line, col;
	size_t values;
	struct json_doc *doc;
	struct json_error *err;
	bool failed;
	unsigned char scratch[JSON_MAX_STRING + 8]; /* a string being decoded */
};

static void *jalloc(struct json_parser *ps, size_t n)
{
	struct json_blk *b = calloc(1, sizeof(*b) + n);

	if (!b)
		return NULL;
	b->prev = ps->doc->mem;
	ps->doc->mem = b;
	return b->data;
}

__attribute__((format(printf, 4, 5))) static int jfail_at(struct json_parser *ps, unsigned line,
							   unsigned col, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed)
		return -1;
	ps->failed = true;
	if (ps->err) {
		ps->err->line = line;
		ps->err->col = col;
		va_start(ap, fmt);
		vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}
#define jfail(ps, ...) jfail_at((ps), (ps)->line, (ps)->col, __VA_ARGS__)

static bool at_end(const struct json_parser *ps)
{
	return ps->p >= ps->end;
}

/* Moves past one byte, keeping line and column (columns count characters:
 * UTF-8 continuation bytes do not start one). */
static void adv(struct json_parser *ps)
{
	unsigned char c = *ps->p++;

	if (c == '\n') {
		ps->line++;
		ps->col = 1;
	} else if ((c & 0xc0) != 0x80) {
		ps->col++;
	}
}

static void skip_ws(struct json_parser *ps)
{
	while (!at_end(ps) && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		adv(ps);
}

/* How to name the byte at the cursor in a message. */
static const char *describe(const struct json_parser *ps, char *buf, size_t n)
{
	unsigned char c;

	if (at_end(ps))
		return "end of input";
	c = *ps->p;
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, n, "'%c'", c);
	else
		snprintf(buf, n, "byte 0x%02x", c);
	return buf;
}

static struct json_value *new_value(struct json_parser *ps, enum json_type t)
{
	struct json_value *v;

	if (++ps->values > JSON_MAX_VALUES) {
		jfail(ps, "more than %u values", JSON_MAX_VALUES);
		return NULL;
	}
	v = jalloc(ps, sizeof(*v));
	if (!v) {
		jfail(ps, "out of memory");
		return NULL;
	}
	v->type = t;
	v->line = ps->line;
	v->col = ps->col;
	return v;
}

static int hex4(struct json_parser *ps, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char c;

		if (at_end(ps))
			return jfail(ps, "unterminated \\u escape");
		c = *ps->p;
		if (c >= '0' && c <= '9')
			v = v << 4 | (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v << 4 | (unsigned)(c - 'A' + 10);
		else
			return jfail(ps, "\\u needs four hex digits");
		adv(ps);
	}
	*out = v;
	return 0;
}

static size_t put_utf8(unsigned char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of the valid UTF-8 sequence (2..4 bytes) at the cursor, 0 if invalid:
 * no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t utf8_seq(const struct json_parser *ps)
{
	const unsigned char *s = ps->p;
	size_t avail = (size_t)(ps->end - s), n;
	unsigned cp, min;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* A string at the cursor (on its opening quote): decoded into *out. */
static int parse_string(struct json_parser *ps, const char **out, size_t *out_len)
{
	unsigned line = ps->line, col = ps->col;
	unsigned char *buf = ps->scratch;
	char *copy;
	size_t n = 0;

	adv(ps); /* the quote */
	for (;;) {
		unsigned char c;

		if (at_end(ps))
			return jfail_at(ps, line, col, "unterminated string");
		if (n > JSON_MAX_STRING)
			return jfail_at(ps, line, col, "string longer than %u bytes", JSON_MAX_STRING);
		c = *ps->p;
		if (c == '"') {
			adv(ps);
			break;
		}
		if (c < 0x20)
			return jfail(ps, "control character (0x%02x) in a string: escape it", c);
		if (c == '\\') {
			unsigned cp, bl = ps->line, bc = ps->col;

			adv(ps);
			if (at_end(ps))
				return jfail_at(ps, line, col, "unterminated string");
			c = *ps->p;
			switch (c) {
			case '"': case '\\': case '/':
				buf[n++] = c;
				adv(ps);
				continue;
			case 'b': buf[n++] = '\b'; adv(ps); continue;
			case 'f': buf[n++] = '\f'; adv(ps); continue;
			case 'n': buf[n++] = '\n'; adv(ps); continue;
			case 'r': buf[n++] = '\r'; adv(ps); continue;
			case 't': buf[n++] = '\t'; adv(ps); continue;
			case 'u':
				break;
			default:
				if (c > 0x20 && c < 0x7f)
					return jfail_at(ps, bl, bc, "invalid escape \\%c in a string", c);
				return jfail_at(ps, bl, bc, "invalid escape in a string");
			}
			adv(ps);
			if (hex4(ps, &cp))
				return -1;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return jfail_at(ps, bl, bc, "\\u escape is a lone low surrogate");
			if (cp >= 0xd800 && cp <= 0xdbff) {
				unsigned lo;

				if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
					return jfail_at(ps, bl, bc,
							"\\u escape is a high surrogate without its low half");
				adv(ps);
				adv(ps);
				if (hex4(ps, &lo))
					return -1;
				if (lo < 0xdc00 || lo > 0xdfff)
					return jfail_at(ps, bl, bc, "\\u surrogate pair has a bad low half");
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (cp == 0)
				return jfail_at(ps, bl, bc, "\\u0000 (NUL) is not allowed in a string here");
			n += put_utf8(buf + n, cp);
			continue;
		}
		if (c < 0x80) {
			buf[n++] = c;
			adv(ps);
		} else {
			size_t k = utf8_seq(ps);

			if (k == 0)
				return jfail(ps, "invalid UTF-8 in a string");
			for (size_t i = 0; i < k; i++) {
				buf[n++] = *ps->p;
				adv(ps);
			}
		}
	}
	copy = jalloc(ps, n + 1);
	if (!copy)
		return jfail(ps, "out of memory");
	memcpy(copy, buf, n);
	*out = copy;
	*out_len = n;
	return 0;
}

static bool is_digit(const struct json_parser *ps)
{
	return !at_end(ps) && *ps->p >= '0' && *ps->p <= '9';
}

static int parse_number(struct json_parser *ps, struct json_value *v)
{
	const unsigned char *start = ps->p;
	char *text;
	size_t n;

	if (*ps->p == '-')
		adv(ps);
	if (!is_digit(ps))
		return jfail(ps, "a number needs a digit here");
	if (*ps->p == '0') {
		adv(ps);
		if (is_digit(ps))
			return jfail(ps, "numbers may not have leading zeros (write hex as a string: \"0x...\")");
	} else {
		while (is_digit(ps))
			adv(ps);
	}
	if (!at_end(ps) && *ps->p == '.') {
		adv(ps);
		if (!is_digit(ps))
			return jfail(ps, "a digit must follow the decimal point");
		while (is_digit(ps))
			adv(ps);
	}
	if (!at_end(ps) && (*ps->p == 'e' || *ps->p == 'E')) {
		adv(ps);
		if (!at_end(ps) && (*ps->p == '+' || *ps->p == '-'))
			adv(ps);
		if (!is_digit(ps))
			return jfail(ps, "an exponent needs a digit");
		while (is_digit(ps))
			adv(ps);
	}
	n = (size_t)(ps->p - start);
	if (n > 64)
		return jfail_at(ps, v->line, v->col, "number longer than 64 characters");
	text = jalloc(ps, n + 1);
	if (!text)
		return jfail(ps, "out of memory");
	memcpy(text, start, n);
	v->text = text;
	v->len = n;
	return 0;
}

static int parse_literal(struct json_parser *ps, const char *word, struct json_value *v)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return jfail(ps, "unknown word (expected a value: string, number, object, array, true, false or null)");
	for (size_t i = 0; i < n; i++)
		adv(ps);
	(void)v;
	return 0;
}

static struct json_value *parse_value(struct json_parser *ps, int depth);

static int parse_container(struct json_parser *ps, struct json_value *v, int depth)
{
	bool object = v->type == JSON_OBJECT;
	char close = object ? '}' : ']';
	struct json_value **tail = &v->first;
	char d[16];

	if (depth >= JSON_MAX_DEPTH)
		return jfail(ps, "nested deeper than %d levels", JSON_MAX_DEPTH);
	adv(ps); /* the opening bracket */
	skip_ws(ps);
	if (!at_end(ps) && *ps->p == (unsigned char)close) {
		adv(ps);
		return 0;
	}
	for (;;) {
		const char *key = NULL;
		size_t key_len = 0;
		unsigned kl = 0, kc = 0;
		struct json_value *m;

		skip_ws(ps);
		if (object) {
			if (at_end(ps) || *ps->p != '"') {
				if (!at_end(ps) && *ps->p == '}')
					return jfail(ps, "trailing comma before '}'");
				return jfail(ps, "expected a member name (a string), found %s",
					     describe(ps, d, sizeof(d)));
			}
			kl = ps->line;
			kc = ps->col;
			if (parse_string(ps, &key, &key_len))
				return -1;
			for (const struct json_value *o = v->first; o; o = o->next)
				if (strcmp(o->key, key) == 0)
					return jfail_at(ps, kl, kc, "duplicate key \"%.60s\" (first at %u:%u)",
							key, o->key_line, o->key_col);
			skip_ws(ps);
			if (at_end(ps) || *ps->p != ':')
				return jfail(ps, "expected ':' after the member name, found %s",
					     describe(ps, d, sizeof(d)));
			adv(ps);
			skip_ws(ps);
		} else if (!at_end(ps) && *ps->p == ']') {
			return jfail(ps, "trailing comma before ']'");
		}
		m = parse_value(ps, depth + 1);
		if (!m)
			return -1;
		m->key = key;
		m->key_line = kl;
		m->key_col = kc;
		*tail = m;
		tail = &m->next;
		v->count++;
		skip_ws(ps);
		if (at_end(ps))
			return jfail_at(ps, v->line, v->col, "unterminated %s (no closing '%c')",
					object ? "object" : "array", close);
		if (*ps->p == ',') {
			adv(ps);
			continue;
		}
		if (*ps->p == (unsigned char)close) {
			adv(ps);
			return 0;
		}
		return jfail(ps, "expected ',' or '%c', found %s", close, describe(ps, d, sizeof(d)));
	}
}

static struct json_value *parse_value(struct json_parser *ps, int depth)
{
	struct json_value *v;
	char d[16];
	int rc;

	skip_ws(ps);
	if (at_end(ps)) {
		jfail(ps, "unexpected end of input (expected a value)");
		return NULL;
	}
	switch (*ps->p) {
	case '{':
		v = new_value(ps, JSON_OBJECT);
		rc = v ? parse_container(ps, v, depth) : -1;
		break;
	case '[':
		v = new_value(ps, JSON_ARRAY);
		rc = v ? parse_container(ps, v, depth) : -1;
		break;
	case '"':
		v = new_value(ps, JSON_STRING);
		rc = v ? parse_string(ps, &v->text, &v->len) : -1;
		break;
	case 't':
		v = new_value(ps, JSON_TRUE);
		rc = v ? parse_literal(ps, "true", v) : -1;
		break;
	case 'f':
		v = new_value(ps, JSON_FALSE);
		rc = v ? parse_literal(ps, "false", v) : -1;
		break;
	case 'n':
		v = new_value(ps, JSON_NULL);
		rc = v ? parse_literal(ps, "null", v) : -1;
		break;
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
			v = new_value(ps, JSON_NUMBER);
			rc = v ? parse_number(ps, v) : -1;
			break;
		}
		if (*ps->p == '/')
			jfail(ps, "comments are not JSON");
		else if (*ps->p == '\'')
			jfail(ps, "strings take double quotes");
		else
			jfail(ps, "expected a value, found %s", describe(ps, d, sizeof(d)));
		return NULL;
	}
	return rc ? NULL : v;
}

/* The whole input: one value, then only whitespace. */
static int parse_document(struct json_parser *ps, size_t len)
{
	struct json_value *v;
	char d[16];

	if (len > JSON_MAX_INPUT)
		return jfail_at(ps, 1, 1, "input larger than %u bytes", JSON_MAX_INPUT);
	if (len >= 3 && ps->p[0] == 0xef && ps->p[1] == 0xbb && ps->p[2] == 0xbf)
		return jfail_at(ps, 1, 1, "byte-order mark at the start (save the file without one)");
	v = parse_value(ps, 0);
	if (!v)
		return -1;
	skip_ws(ps);
	if (!at_end(ps))
		return jfail(ps, "%s after the end of the JSON value", describe(ps, d, sizeof(d)));
	ps->doc->root = v;
	return 0;
}

int json_parse(const char *text, size_t len, struct json_doc *doc, struct json_error *err)
{
	/* On the heap: the parser carries a string-sized scratch buffer. */
	struct json_parser *ps = calloc(1, sizeof(*ps));
	int rc;

	doc->root = NULL;
	doc->mem = NULL;
	if (err)
		memset(err, 0, sizeof(*err));
	if (!ps) {
		if (err)
			snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	if (!text) {
		text = "";
		len = 0;
	}
	ps->p = (const unsigned char *)text;
	ps->end = ps->p + len;
	ps->line = 1;
	ps->col = 1;
	ps->doc = doc;
	ps->err = err;
	rc = parse_document(ps, len);
	free(ps);
	return rc;
}

void json_free(struct json_doc *doc)
{
	struct json_blk *b = doc->mem;

	while (b) {
		struct json_blk *prev = b->prev;

		free(b);
		b = prev;
	}
	doc->mem = NULL;
	doc->root = NULL;
}

const struct json_value *json_member(const struct json_value *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (const struct json_value *m = obj->first; m; m = m->next)
		if (strcmp(m->key, key) == 0)
			return m;
	return NULL;
}

int json_number_u64(const struct json_value *v, uint64_t *out)
{
	uint64_t x = 0;

	if (!v || v->type != JSON_NUMBER || v->len == 0)
		return -1;
	for (size_t i = 0; i < v->len; i++) {
		unsigned d;

		if (v->text[i] < '0' || v->text[i] > '9')
			return -1;
		d = (unsigned)(v->text[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*out = x;
	return 0;
}

const char *json_type_name(enum json_type t)
{
	switch (t) {
	case JSON_NULL: return "null";
	case JSON_FALSE:
	case JSON_TRUE: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	case JSON_OBJECT: return "an object";
	}
	return "?";
}
