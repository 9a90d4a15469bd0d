/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Little-endian field access for the package readers and writers. Byte by
 * byte, so the buffers may sit at any alignment and the host's byte order
 * does not matter (the formats are little-endian on every machine).
 */
#ifndef LIBSPMC_PKG_LE_H
#define LIBSPMC_PKG_LE_H

#include <stdint.h>

static inline uint32_t pkg_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t pkg_le64(const uint8_t *p)
{
	return (uint64_t)pkg_le32(p) | (uint64_t)pkg_le32(p + 4) << 32;
}

static inline void pkg_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void pkg_put_le64(uint8_t *p, uint64_t v)
{
	pkg_put_le32(p, (uint32_t)v);
	pkg_put_le32(p + 4, (uint32_t)(v >> 32));
}

/* Half-open ranges [a, a + alen) and [b, b + blen) share a byte. Empty ranges
 * share nothing. Ends are computed by the callers without overflow. */
static inline int pkg_ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen != 0 && blen != 0 && a < b + blen && b < a + alen;
}

#endif
