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

#define SPMC_ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define SPMC_IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)
#define SPMC_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
