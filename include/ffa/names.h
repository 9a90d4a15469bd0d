/* SPDX-License-Identifier: BSD-3-Clause */
/* Human-readable names for FF-A function IDs and error codes (traces, messages). */
#ifndef FFA_NAMES_H
#define FFA_NAMES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "FFA_MSG_SEND_DIRECT_REQ_64" for a known ID, NULL for an unknown one. */
const char *ffa_func_name(uint32_t func_id);
/* "INVALID_PARAMETERS" for -2, NULL for an unknown code. */
const char *ffa_error_name(int32_t code);

#ifdef __cplusplus
}
#endif

#endif
