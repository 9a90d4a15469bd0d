/* SPDX-License-Identifier: BSD-3-Clause */
#include "util.h"

/* Word at a time where both sides are 8-byte aligned (buffers, descriptors,
 * pages: the bulk of what the SPMC copies and clears), bytes otherwise.
 * may_alias: the words may be any type's storage. */
typedef uint64_t __attribute__((may_alias)) spmc_word;

void spmc_memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0)
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(spmc_word *)(void *)d = *(const spmc_word *)(const void *)s;
	while (n--)
		*d++ = *s++;
}

void spmc_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (((uintptr_t)d & 7) == 0) {
		spmc_word w = (unsigned char)c * 0x0101010101010101ull;

		for (; n >= 8; n -= 8, d += 8)
			*(spmc_word *)(void *)d = w;
	}
	while (n--)
		*d++ = (unsigned char)c;
}

size_t spmc_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int spmc_strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return (int)*x - (int)*y;
}

int spmc_streq(const char *a, const char *b)
{
	return spmc_strcmp(a, b) == 0;
}

static void heap_swap(unsigned char *a, unsigned char *b, size_t size)
{
	while (size--) {
		unsigned char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Moves element `root` down the max-heap base[0, n). */
static void heap_sift(unsigned char *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		heap_swap(base + root * size, base + child * size, size);
		root = child;
	}
}

void spmc_heapsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	unsigned char *b = base;

	if (n < 2)
		return;
	for (size_t i = n / 2; i-- > 0;)
		heap_sift(b, i, n, size, cmp);
	for (size_t end = n - 1; end > 0; end--) {
		heap_swap(b, b + end * size, size);
		heap_sift(b, 0, end, size, cmp);
	}
}
