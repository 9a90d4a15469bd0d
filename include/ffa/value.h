/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The FF-A register ABI: x0..x17 in, x0..x17 out, plus the encode/decode
 * helpers every endpoint needs. Freestanding.
 */
#ifndef FFA_VALUE_H
#define FFA_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "errors.h"
#include "func_ids.h"

#define FFA_NREGS 18

/* x0 is the function ID (or FFA_SUCCESS/FFA_ERROR); x1..x17 its arguments. */
struct ffa_value {
	uint64_t x[FFA_NREGS];
};

/* ---- versions: bit 31 MBZ, major [30:16], minor [15:0] ---- */
#define FFA_VERSION_MAKE(maj, min) ((uint32_t)(((maj) & 0x7fffu) << 16) | ((min) & 0xffffu))
#define FFA_VERSION_MAJOR(v) (((v) >> 16) & 0x7fffu)
#define FFA_VERSION_MINOR(v) ((v) & 0xffffu)
#define FFA_VERSION_1_0 FFA_VERSION_MAKE(1, 0)
#define FFA_VERSION_1_1 FFA_VERSION_MAKE(1, 1)
#define FFA_VERSION_1_2 FFA_VERSION_MAKE(1, 2)
#define FFA_VERSION_1_3 FFA_VERSION_MAKE(1, 3)

/* ---- endpoint IDs ---- */
typedef uint16_t ffa_id_t;
#define FFA_ID_SECURE_BIT 0x8000u
#define FFA_ID_NWD_NO_HYP 0u   /* the normal world without a hypervisor */
#define FFA_ID_SPMD 0xFFFFu
static inline bool ffa_id_is_secure(ffa_id_t id) { return (id & FFA_ID_SECURE_BIT) != 0; }

/* w1 of direct messages, FFA_NOTIFICATION_*: sender [31:16] | receiver [15:0] */
static inline uint32_t ffa_pack_ids(ffa_id_t sender, ffa_id_t receiver)
{
	return ((uint32_t)sender << 16) | receiver;
}
static inline ffa_id_t ffa_sender(uint64_t w1) { return (ffa_id_t)(w1 >> 16); }
static inline ffa_id_t ffa_receiver(uint64_t w1) { return (ffa_id_t)w1; }

/* FFA_RUN / FFA_INTERRUPT w1: endpoint [31:16] | vCPU [15:0] */
static inline uint32_t ffa_pack_vcpu(ffa_id_t ep, uint16_t vcpu)
{
	return ((uint32_t)ep << 16) | vcpu;
}

/* Direct message w2: bit 31 framework message, [7:0] framework message type. */
#define FFA_DIRECT_MSG_FRAMEWORK (1u << 31)
#define FFA_DIRECT_MSG_TYPE_MASK 0xffu
#define FFA_FWK_MSG_PSCI 0u
#define FFA_FWK_MSG_WARM_BOOT 1u
#define FFA_FWK_MSG_PM_RESP 2u
#define FFA_FWK_MSG_VM_CREATED_REQ 4u
#define FFA_FWK_MSG_VM_CREATED_RESP 5u
#define FFA_FWK_MSG_VM_DESTROYED_REQ 6u
#define FFA_FWK_MSG_VM_DESTROYED_RESP 7u
#define FFA_FWK_MSG_VERSION_REQ 8u
#define FFA_FWK_MSG_VERSION_RESP 9u

/* FFA_PARTITION_INFO_GET w5 flags */
#define FFA_PARTITION_INFO_GET_COUNT_ONLY 1u

/* FFA_RXTX_MAP w3: page count [5:0] (v1.0/1.1), [10:0] in later revisions use
 * the same low bits; the rest MBZ. */
#define FFA_RXTX_MAP_PAGE_COUNT_MASK 0x3fu
#define FFA_PAGE_SIZE 4096u

/* FFA_FEATURES result for FFA_RXTX_MAP: w2 [1:0] min buffer size, [31:16] max pages (v1.2) */
#define FFA_FEATURES_RXTX_MIN_4K 0u
/* FFA_FEATURES for FFA_MEM_SHARE/LEND/DONATE and FFA_MEM_RETRIEVE_REQ (memory
 * management supplement, table 3.1): w2 bit 0, a descriptor may be passed in
 * a buffer other than the TX buffer (w3/w4). */
#define FFA_FEATURES_MEM_DYN_BUFFER (1u << 0)
/* FFA_MEM_RETRIEVE_REQ: input and output bit 1, NS bit handling (a v1.1+
 * caller must set it); output bit 2, retrieval by the hypervisor. */
#define FFA_FEATURES_MEM_RETRIEVE_NS (1u << 1)
#define FFA_FEATURES_MEM_RETRIEVE_HYP (1u << 2)

/* FFA_CONSOLE_LOG: w1 = character count; chars in w2..w7 (32) or x2..x17 (64) */
#define FFA_CONSOLE_LOG_32_MAX 24u
#define FFA_CONSOLE_LOG_64_MAX 128u

/* ---- building results ---- */
static inline struct ffa_value ffa_error(int32_t code)
{
	struct ffa_value v = {{0}};
	v.x[0] = FFA_ERROR_32;
	v.x[2] = (uint32_t)code;
	return v;
}
static inline struct ffa_value ffa_success(uint64_t w2)
{
	struct ffa_value v = {{0}};
	v.x[0] = FFA_SUCCESS_32;
	v.x[2] = w2;
	return v;
}
static inline bool ffa_is_error(const struct ffa_value *v)
{
	return (uint32_t)v->x[0] == FFA_ERROR_32 || (uint32_t)v->x[0] == FFA_ERROR_64;
}
static inline bool ffa_is_success(const struct ffa_value *v)
{
	return (uint32_t)v->x[0] == FFA_SUCCESS_32 || (uint32_t)v->x[0] == FFA_SUCCESS_64;
}
/* The error code of an FFA_ERROR value (w2, sign-extended from 32 bits). */
static inline int32_t ffa_error_code(const struct ffa_value *v) { return (int32_t)(uint32_t)v->x[2]; }

#endif
