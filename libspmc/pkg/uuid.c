/* SPDX-License-Identifier: BSD-3-Clause */
#include "pkg/uuid.h"

#include "pkg/le.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int is_dash_pos(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

int pkg_uuid_parse(const char *s, size_t len, uint8_t out[16])
{
	uint8_t b[16];
	size_t n = 0;

	if (!s || len != PKG_UUID_TEXT_LEN)
		return -1;
	for (size_t i = 0; i < len;) {
		int hi, lo;

		if (is_dash_pos(i)) {
			if (s[i] != '-')
				return -1;
			i++;
			continue;
		}
		hi = hexval(s[i]);
		lo = hexval(s[i + 1]);
		/* A dash position never falls between the two digits of a byte. */
		if (hi < 0 || lo < 0)
			return -1;
		b[n++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	for (int i = 0; i < 16; i++)
		out[i] = b[i];
	return 0;
}

void pkg_uuid_format(const uint8_t u[16], char out[PKG_UUID_TEXT_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[u[i] >> 4];
		out[o++] = hex[u[i] & 15];
	}
	out[o] = '\0';
}

void pkg_uuid_bytes_to_words(const uint8_t b[16], uint32_t w[4])
{
	for (int i = 0; i < 4; i++)
		w[i] = pkg_le32(b + 4 * i);
}

void pkg_uuid_words_to_bytes(const uint32_t w[4], uint8_t b[16])
{
	for (int i = 0; i < 4; i++)
		pkg_put_le32(b + 4 * i, w[i]);
}
