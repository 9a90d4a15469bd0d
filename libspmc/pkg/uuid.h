/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * UUIDs in the three forms packages and manifests use, and the one mapping
 * between them:
 *  - text, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (RFC 4122), as BL2's
 *    TB_FW_CONFIG and sp_layout.json write them;
 *  - 16 bytes in text order, as a FIP ToC entry and fiptool hold them;
 *  - four 32-bit words, each the little-endian reading of 4 of those bytes:
 *    the device-tree cells of a partition manifest or of the SPMC manifest's
 *    "arm,sp_pkg" list, and FF-A's w1..w4 (FFA_PARTITION_INFO_GET). So
 *    "79b55c73-1d8c-44b9-..." is <0x735cb579 0xb9448c1d ...>.
 * Freestanding core code.
 */
#ifndef LIBSPMC_PKG_UUID_H
#define LIBSPMC_PKG_UUID_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PKG_UUID_TEXT_LEN 36 /* without the terminating NUL */

/* Parses exactly len characters of canonical text (either case) into 16
 * bytes. Returns 0, or -1 if it is not a canonical UUID. */
int pkg_uuid_parse(const char *s, size_t len, uint8_t out[16]);

/* Writes the lower-case canonical text and a NUL into out. */
void pkg_uuid_format(const uint8_t u[16], char out[PKG_UUID_TEXT_LEN + 1]);

void pkg_uuid_bytes_to_words(const uint8_t b[16], uint32_t w[4]);
void pkg_uuid_words_to_bytes(const uint32_t w[4], uint8_t b[16]);

#ifdef __cplusplus
}
#endif

#endif
