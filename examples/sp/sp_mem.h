/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What an SP needs to borrow memory, without a C library or the SPMC's own
 * codec: a retrieve request for one handle (FF-A v1.1+ layout, DEN0077
 * "Memory management"), the first constituent of the response, and the
 * relinquish descriptor. Offsets and sizes of the response are read from its
 * header, not assumed, so it works for v1.1 and v1.2 responses alike. (C and
 * C++: the simulator suites use it too.)
 */
#ifndef EXAMPLE_SP_MEM_H
#define EXAMPLE_SP_MEM_H

#include <ffa/ffa.h>

#include "env.h"

static inline void sp_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void sp_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static inline void sp_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static inline uint32_t sp_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t sp_get64(const uint8_t *p)
{
	return sp_get32(p) | (uint64_t)sp_get32(p + 4) << 32;
}

/*
 * Retrieves `handle` sent by `sender`, read-write, with the TX/RX buffers at
 * addresses tx/rx of the SP (mapped, RX free); version is what the SP
 * negotiated (1.1 or later). On success returns 0 with the first
 * constituent's address and page count, the RX buffer released; else the
 * FF-A error code, or 1 for a response this helper cannot read.
 */
static inline int32_t sp_mem_retrieve(const struct sim_env *env, uint64_t tx, uint64_t rx,
				      uint32_t version, ffa_id_t sender, uint64_t handle,
				      uint64_t *addr, uint32_t *pages)
{
	uint8_t *q = (uint8_t *)sim_env_ptr(env, tx);
	const uint8_t *a = (const uint8_t *)sim_env_ptr(env, rx);
	uint32_t acc_size = version >= FFA_VERSION_1_2 ? 32 : 16, len = 48 + acc_size;
	struct ffa_value r;
	uint32_t off, comp;

	for (uint32_t i = 0; i < len; i++)
		q[i] = 0;
	sp_put16(q + 0, sender);
	sp_put64(q + 8, handle);
	sp_put32(q + 24, acc_size);
	sp_put32(q + 28, 1);
	sp_put32(q + 32, 48);
	sp_put16(q + 48, env->id);
	q[50] = FFA_MEM_DATA_RW;
	r = ffa_call8(env->ffa_call, FFA_MEM_RETRIEVE_REQ_64, len, len, 0, 0, 0, 0, 0);
	if (ffa_is_error(&r))
		return ffa_error_code(&r);
	if ((uint32_t)r.x[0] != FFA_MEM_RETRIEVE_RESP_32 || r.x[1] != r.x[2] || r.x[2] < 48) {
		ffa_rx_release(env->ffa_call);
		return 1;
	}
	/* The composite of our access descriptor, then its first constituent. */
	off = sp_get32(a + 32);
	comp = off + 4 < r.x[2] ? sp_get32(a + off + 4) : 0;
	if (comp == 0 || comp + 32 > r.x[2]) {
		ffa_rx_release(env->ffa_call);
		return 1;
	}
	*addr = sp_get64(a + comp + 16);
	*pages = sp_get32(a + comp + 24);
	ffa_rx_release(env->ffa_call);
	return 0;
}

/* Relinquishes `handle` (descriptor in the TX buffer at tx): 0 or the FF-A error. */
static inline int32_t sp_mem_relinquish(const struct sim_env *env, uint64_t tx, uint64_t handle)
{
	uint8_t *q = (uint8_t *)sim_env_ptr(env, tx);
	struct ffa_value r;

	for (int i = 0; i < 18; i++)
		q[i] = 0;
	sp_put64(q, handle);
	sp_put32(q + 12, 1);
	sp_put16(q + 16, env->id);
	r = ffa_call8(env->ffa_call, FFA_MEM_RELINQUISH_32, 0, 0, 0, 0, 0, 0, 0);
	return ffa_is_error(&r) ? ffa_error_code(&r) : 0;
}

#endif
