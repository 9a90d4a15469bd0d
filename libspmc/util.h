/* SPDX-License-Identifier: BSD-3-Clause */
/* Freestanding helpers: the core links against no libc. */
#ifndef LIBSPMC_UTIL_H
#define LIBSPMC_UTIL_H

#include <stddef.h>
#include <stdint.h>

void spmc_memcpy(void *dst, const void *src, size_t n);
void spmc_memset(void *dst, int c, size_t n);
size_t spmc_strnlen(const char *s, size_t max);
/* strcmp's contract: <0, 0, >0 as a sorts before, equal to, after b. */
int spmc_strcmp(const char *a, const char *b);
/* Whether NUL-terminated a and b are the same string. */
int spmc_streq(const char *a, const char *b);

/* Little-endian loads and stores at any alignment (FF-A data is little-endian). */
static inline uint16_t spmc_get_le16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | (b[1] << 8));
}

static inline uint32_t spmc_get_le32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
	       ((uint32_t)b[3] << 24);
}

static inline uint64_t spmc_get_le64(const void *p)
{
	const uint8_t *b = p;

	return (uint64_t)spmc_get_le32(b) | ((uint64_t)spmc_get_le32(b + 4) << 32);
}

static inline void spmc_put_le16(void *p, uint16_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static inline void spmc_put_le32(void *p, uint32_t v)
{
	uint8_t *b = p;

	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(v >> (8 * i));
}

static inline void spmc_put_le64(void *p, uint64_t v)
{
	spmc_put_le32(p, (uint32_t)v);
	spmc_put_le32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

/* In-place heapsort of n elements of `size` bytes by cmp, which
 * returns <0, 0, >0 as a sorts before, with, after b. O(n log n) time, O(1)
 * memory, no recursion; not stable. */
void spmc_heapsort(void *base, size_t n, size_t size,
		   int (*cmp)(const void *a, const void *b));

#define SPMC_ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define SPMC_IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)
#define SPMC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
