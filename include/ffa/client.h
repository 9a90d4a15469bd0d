/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Compact FF-A call wrappers for endpoint code (SPs, normal-world drivers,
 * tests). Each takes the conduit (SMC/HVC/SVC, or the simulator's) and returns
 * the raw result registers. Freestanding.
 */
#ifndef FFA_CLIENT_H
#define FFA_CLIENT_H

#include "value.h"

typedef struct ffa_value (*ffa_conduit_fn)(struct ffa_value in);

static inline struct ffa_value ffa_call8(ffa_conduit_fn c, uint64_t x0, uint64_t x1, uint64_t x2,
					 uint64_t x3, uint64_t x4, uint64_t x5, uint64_t x6,
					 uint64_t x7)
{
	struct ffa_value v = {{x0, x1, x2, x3, x4, x5, x6, x7}};

	return c(v);
}

static inline struct ffa_value ffa_version(ffa_conduit_fn c, uint32_t v)
{
	return ffa_call8(c, FFA_VERSION_32, v, 0, 0, 0, 0, 0, 0);
}

static inline struct ffa_value ffa_features(ffa_conduit_fn c, uint32_t id)
{
	return ffa_call8(c, FFA_FEATURES_32, id, 0, 0, 0, 0, 0, 0);
}

static inline struct ffa_value ffa_id_get(ffa_conduit_fn c)
{
	return ffa_call8(c, FFA_ID_GET_32, 0, 0, 0, 0, 0, 0, 0);
}

static inline struct ffa_value ffa_spm_id_get(ffa_conduit_fn c)
{
	return ffa_call8(c, FFA_SPM_ID_GET_32, 0, 0, 0, 0, 0, 0, 0);
}

static inline struct ffa_value ffa_rxtx_map(ffa_conduit_fn c, uint64_t tx, uint64_t rx,
					    uint32_t pages)
{
	return ffa_call8(c, FFA_RXTX_MAP_64, tx, rx, pages, 0, 0, 0, 0);
}

static inline struct ffa_value ffa_rxtx_unmap(ffa_conduit_fn c)
{
	return ffa_call8(c, FFA_RXTX_UNMAP_32, 0, 0, 0, 0, 0, 0, 0);
}

static inline struct ffa_value ffa_rx_release(ffa_conduit_fn c)
{
	return ffa_call8(c, FFA_RX_RELEASE_32, 0, 0, 0, 0, 0, 0, 0);
}

static inline struct ffa_value ffa_partition_info_get(ffa_conduit_fn c, const uint32_t uuid[4],
						      uint32_t flags)
{
	return ffa_call8(c, FFA_PARTITION_INFO_GET_32, uuid[0], uuid[1], uuid[2], uuid[3], flags,
			 0, 0);
}

static inline struct ffa_value ffa_msg_wait(ffa_conduit_fn c)
{
	return ffa_call8(c, FFA_MSG_WAIT_32, 0, 0, 0, 0, 0, 0, 0);
}

static inline struct ffa_value ffa_run(ffa_conduit_fn c, ffa_id_t id, uint16_t vcpu)
{
	return ffa_call8(c, FFA_RUN_32, ffa_pack_vcpu(id, vcpu), 0, 0, 0, 0, 0, 0);
}

static inline struct ffa_value ffa_yield(ffa_conduit_fn c)
{
	return ffa_call8(c, FFA_YIELD_32, 0, 0, 0, 0, 0, 0, 0);
}

/* FFA_MSG_SEND_DIRECT_REQ_64 with payload x3..x7 */
static inline struct ffa_value ffa_direct_req(ffa_conduit_fn c, ffa_id_t from, ffa_id_t to,
					      uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
					      uint64_t a7)
{
	return ffa_call8(c, FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(from, to), 0, a3, a4, a5, a6,
			 a7);
}

/* FFA_MSG_SEND_DIRECT_RESP_64 with payload x3..x7 */
static inline struct ffa_value ffa_direct_resp(ffa_conduit_fn c, ffa_id_t from, ffa_id_t to,
					       uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
					       uint64_t a7)
{
	return ffa_call8(c, FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(from, to), 0, a3, a4, a5, a6,
			 a7);
}

/* FFA_CONSOLE_LOG_64 of up to 128 characters of s (stops at NUL). */
static inline struct ffa_value ffa_console_log(ffa_conduit_fn c, const char *s)
{
	struct ffa_value v = {{FFA_CONSOLE_LOG_64}};
	uint32_t n = 0;

	while (n < FFA_CONSOLE_LOG_64_MAX && s[n]) {
		v.x[2 + n / 8] |= (uint64_t)(uint8_t)s[n] << (8 * (n % 8));
		n++;
	}
	v.x[1] = n;
	return c(v);
}

static inline bool ffa_is_direct_req(const struct ffa_value *v)
{
	uint32_t f = (uint32_t)v->x[0];

	return f == FFA_MSG_SEND_DIRECT_REQ_32 || f == FFA_MSG_SEND_DIRECT_REQ_64;
}

#endif
