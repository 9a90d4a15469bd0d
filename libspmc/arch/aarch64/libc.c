/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The few C library functions the SPMC image needs without a C library: the
 * four GCC requires of any freestanding environment, and those libfdt calls
 * (declared by libfdt_env.h). Copies and clears are the core's own.
 */
#include <stddef.h>
#include <stdint.h>

#include "libfdt_env.h"
#include "platform.h"
#include "util.h"

unsigned long strtoul(const char *s, char **end, int base);
void __stack_chk_fail(void);

void *memcpy(void *dst, const void *src, size_t n)
{
	spmc_memcpy(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n) {
		spmc_memcpy(dst, src, n);
		return dst;
	}
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	spmc_memset(dst, c, n);
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	return spmc_strnlen(s, max);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)(uintptr_t)last;
	}
}

unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;

	if (base == 0)
		base = 10;
	for (;; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	if (end)
		*end = (char *)(uintptr_t)s;
	return v;
}

/* libfdt is built with the stack protector. */
uintptr_t __stack_chk_guard = 0x5b3c9d4e1f2a6078ull;

void __stack_chk_fail(void)
{
	a64_puts("SPMC: stack smashing detected\n");
	a64_hang();
}
