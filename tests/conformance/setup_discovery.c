/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance, setup and discovery (DEN0077 "Setup and discovery
 * interfaces"): FFA_VERSION, FFA_ID_GET, FFA_FEATURES, FFA_RXTX_MAP,
 * FFA_RXTX_UNMAP, FFA_PARTITION_INFO_GET, FFA_RX_RELEASE.
 */
#include "conf.h"

static const uint32_t echo_uuid[4] = ECHO_SP_UUID;
static const uint32_t kv_uuid[4] = KV_SP_UUID;
static const uint32_t nil_uuid[4] = {0, 0, 0, 0};

/* Descriptor fields at the v1.1/v1.2 offsets (24 bytes each). */
#define PI_SIZE 24u
#define PI_ID(p) conf_get16((p) + 0)
#define PI_EC_COUNT(p) conf_get16((p) + 2)
#define PI_PROPS(p) sp_get32((p) + 4)
#define PI_UUID(p, i) sp_get32((p) + 8 + 4 * (i))

static bool uuid_is(const uint8_t *p, const uint32_t uuid[4])
{
	for (int i = 0; i < 4; i++)
		if (PI_UUID(p, i) != uuid[i])
			return false;
	return true;
}

/* DEN0077 FFA_VERSION: the callee answers its own version in w0 (major 1,
 * minor at least 1 for an SPMC with these ABIs); the caller may ask again
 * with another compatible minor version. */
void conf_version_negotiation(struct conf_ctx *c)
{
	struct ffa_value r = ffa_version(c->env->ffa_call, FFA_VERSION_1_1);
	uint32_t v = (uint32_t)r.x[0];

	CONF_EQ(c, v >> 31, 0);
	CONF_EQ(c, FFA_VERSION_MAJOR(v), 1);
	CONF_TRUE(c, FFA_VERSION_MINOR(v) >= 1);
	r = ffa_version(c->env->ffa_call, FFA_VERSION_1_2);
	CONF_EQ(c, (uint32_t)r.x[0], v);
	CONF_DO(conf_setup(c));
}

/* DEN0077 FFA_VERSION: bit 31 of the requested version MBZ -> NOT_SUPPORTED
 * in w0 (FFA_VERSION never answers FFA_ERROR). */
void conf_version_bit31_not_supported(struct conf_ctx *c)
{
	struct ffa_value r;

	CONF_DO(conf_setup(c));
	r = ffa_version(c->env->ffa_call, 0x80000000u | FFA_VERSION_1_2);
	CONF_EQ(c, (uint32_t)r.x[0], (uint32_t)FFA_RET_NOT_SUPPORTED);
	/* The caller is still served at the version it negotiated before. */
	r = ffa_partition_info_get(c->env->ffa_call, nil_uuid, FFA_PARTITION_INFO_GET_COUNT_ONLY);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	CONF_TRUE(c, r.x[2] >= 2);
}

/* DEN0077 FFA_ID_GET: the normal world without a hypervisor is endpoint 0. */
void conf_id_get_nwd_is_zero(struct conf_ctx *c)
{
	struct ffa_value r;

	CONF_DO(conf_setup(c));
	r = ffa_id_get(c->env->ffa_call);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	CONF_EQ(c, (uint32_t)r.x[2], FFA_ID_NWD_NO_HYP);
	CONF_EQ(c, (uint32_t)r.x[2], c->env->id);
}

/* DEN0077 FFA_FEATURES: every interface a v1.2 normal world relies on is
 * reported present; FFA_RXTX_MAP accepts 4 KiB buffers. */
void conf_features_mandatory(struct conf_ctx *c)
{
	static const uint32_t ids[] = {
		FFA_VERSION_32,           FFA_FEATURES_32,         FFA_ID_GET_32,
		FFA_RXTX_MAP_64,          FFA_RXTX_UNMAP_32,       FFA_RX_RELEASE_32,
		FFA_PARTITION_INFO_GET_32, FFA_MSG_SEND_DIRECT_REQ_32, FFA_MSG_SEND_DIRECT_REQ_64,
		FFA_MSG_SEND_DIRECT_REQ2_64, FFA_MEM_SHARE_64,     FFA_MEM_LEND_64,
		FFA_MEM_RECLAIM_32,
	};
	struct ffa_value r;

	CONF_DO(conf_setup(c));
	for (uint32_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		r = ffa_features(c->env->ffa_call, ids[i]);
		uint32_t unsupported = ffa_is_success(&r) ? 0 : ids[i];

		CONF_EQ(c, unsupported, 0);
	}
	r = ffa_features(c->env->ffa_call, FFA_RXTX_MAP_64);
	CONF_EQ(c, r.x[2] & 3u, FFA_FEATURES_RXTX_MIN_4K);
}

/* DEN0077 FFA_FEATURES: an ID of no interface (unassigned function number,
 * the SMC64 form of an SMC32-only function, an undefined feature ID) ->
 * FFA_ERROR NOT_SUPPORTED. */
void conf_features_unknown_not_supported(struct conf_ctx *c)
{
	CONF_DO(conf_setup(c));
	CONF_ERROR(c, ffa_features(c->env->ffa_call, FFA_SMC32(0xff)), FFA_RET_NOT_SUPPORTED);
	CONF_ERROR(c, ffa_features(c->env->ffa_call, FFA_SMC64(0x63)), FFA_RET_NOT_SUPPORTED);
	CONF_ERROR(c, ffa_features(c->env->ffa_call, 0xffu), FFA_RET_NOT_SUPPORTED);
}

/* DEN0077 FFA_RXTX_MAP / FFA_RXTX_UNMAP: one pair per endpoint (a second map
 * -> DENIED); unmap frees it (a second unmap -> INVALID_PARAMETERS), after
 * which a map succeeds again. */
void conf_rxtx_map_unmap(struct conf_ctx *c)
{
	uint64_t alt = c->env->mem_base + CONF_ALT_OFF;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_map(c));
	CONF_ERROR(c, ffa_rxtx_map(c->env->ffa_call, alt, alt + FFA_PAGE_SIZE, 1), FFA_RET_DENIED);
	CONF_DO(conf_unmap(c));
	CONF_ERROR(c, ffa_rxtx_unmap(c->env->ffa_call), FFA_RET_INVALID_PARAMETERS);
	CONF_EQ(c, (uint32_t)ffa_rxtx_map(c->env->ffa_call, alt, alt + FFA_PAGE_SIZE, 1).x[0],
		FFA_SUCCESS_32);
	c->rxtx_mapped = true;
	CONF_DO(conf_unmap(c));
}

/* DEN0077 FFA_PARTITION_INFO_GET w5 bit 0: only the count, in w2; no RX
 * buffer is needed. */
void conf_partition_info_count_only(struct conf_ctx *c)
{
	struct ffa_value r;

	CONF_DO(conf_setup(c));
	r = ffa_partition_info_get(c->env->ffa_call, nil_uuid, FFA_PARTITION_INFO_GET_COUNT_ONLY);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	CONF_TRUE(c, (uint32_t)r.x[2] >= 2);
	r = ffa_partition_info_get(c->env->ffa_call, echo_uuid, FFA_PARTITION_INFO_GET_COUNT_ONLY);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	CONF_EQ(c, (uint32_t)r.x[2], 1);
	r = ffa_partition_info_get(c->env->ffa_call, kv_uuid, FFA_PARTITION_INFO_GET_COUNT_ONLY);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	CONF_EQ(c, (uint32_t)r.x[2], 1);
}

/* DEN0077 FFA_PARTITION_INFO_GET by UUID: w2 = 1, w3 = the descriptor size
 * (24 bytes at v1.2); the descriptor in RX names a secure endpoint with at
 * least one execution context, its receipt of direct requests, the UUID. */
void conf_partition_info_by_uuid(struct conf_ctx *c)
{
	const uint8_t *p = conf_ptr(c, conf_rx(c));
	struct ffa_value r;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_map(c));
	r = ffa_partition_info_get(c->env->ffa_call, echo_uuid, 0);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	CONF_EQ(c, (uint32_t)r.x[2], 1);
	CONF_EQ(c, (uint32_t)r.x[3], PI_SIZE);
	CONF_TRUE(c, ffa_id_is_secure(PI_ID(p)));
	CONF_TRUE(c, PI_EC_COUNT(p) >= 1);
	CONF_EQ(c, PI_PROPS(p) & FFA_PROP_DIRECT_REQ_RECV, FFA_PROP_DIRECT_REQ_RECV);
	CONF_EQ(c, PI_PROPS(p) & FFA_PROP_DIRECT_REQ2_RECV, FFA_PROP_DIRECT_REQ2_RECV);
	CONF_TRUE(c, uuid_is(p, echo_uuid));
	CONF_EQ(c, (uint32_t)ffa_rx_release(c->env->ffa_call).x[0], FFA_SUCCESS_32);

	r = ffa_partition_info_get(c->env->ffa_call, kv_uuid, 0);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	CONF_EQ(c, (uint32_t)r.x[2], 1);
	CONF_TRUE(c, ffa_id_is_secure(PI_ID(p)));
	CONF_EQ(c, PI_EC_COUNT(p), 1); /* a UP partition */
	CONF_EQ(c, PI_PROPS(p) & (FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND),
		FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND);
	CONF_TRUE(c, uuid_is(p, kv_uuid));
	CONF_EQ(c, (uint32_t)ffa_rx_release(c->env->ffa_call).x[0], FFA_SUCCESS_32);
	CONF_DO(conf_unmap(c));
}

/* DEN0077 FFA_PARTITION_INFO_GET with the nil UUID: every partition, the
 * count agreeing with the count-only form, each ID once, echo and kv among
 * them. */
void conf_partition_info_nil_uuid_lists_all(struct conf_ctx *c)
{
	const uint8_t *base = conf_ptr(c, conf_rx(c));
	uint32_t n, size, echo = 0, kv = 0;
	struct ffa_value r;

	CONF_DO(conf_setup(c));
	r = ffa_partition_info_get(c->env->ffa_call, nil_uuid, FFA_PARTITION_INFO_GET_COUNT_ONLY);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	n = (uint32_t)r.x[2];
	CONF_DO(conf_map(c));
	r = ffa_partition_info_get(c->env->ffa_call, nil_uuid, 0);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	CONF_EQ(c, (uint32_t)r.x[2], n);
	size = (uint32_t)r.x[3];
	CONF_EQ(c, size, PI_SIZE);
	CONF_TRUE(c, n * size <= FFA_PAGE_SIZE);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = base + i * size;

		CONF_TRUE(c, ffa_id_is_secure(PI_ID(p)));
		CONF_TRUE(c, PI_EC_COUNT(p) >= 1);
		for (uint32_t j = 0; j < i; j++)
			CONF_TRUE(c, PI_ID(base + j * size) != PI_ID(p));
		echo += uuid_is(p, echo_uuid);
		kv += uuid_is(p, kv_uuid);
	}
	CONF_EQ(c, echo, 1);
	CONF_EQ(c, kv, 1);
	CONF_EQ(c, (uint32_t)ffa_rx_release(c->env->ffa_call).x[0], FFA_SUCCESS_32);
	CONF_DO(conf_unmap(c));
}

/* DEN0077 FFA_PARTITION_INFO_GET: a UUID no partition implements ->
 * INVALID_PARAMETERS, and the RX buffer stays the caller's to fill (nothing
 * to release: FFA_RX_RELEASE -> DENIED). */
void conf_partition_info_unknown_uuid_invalid(struct conf_ctx *c)
{
	static const uint32_t unknown[4] = {0x0bad0bad, 0x0bad0bad, 0x0bad0bad, 0x0bad0bad};

	CONF_DO(conf_setup(c));
	CONF_DO(conf_map(c));
	CONF_ERROR(c, ffa_partition_info_get(c->env->ffa_call, unknown, 0),
		   FFA_RET_INVALID_PARAMETERS);
	CONF_ERROR(c, ffa_rx_release(c->env->ffa_call), FFA_RET_DENIED);
	CONF_DO(conf_unmap(c));
}

/* DEN0077 FFA_PARTITION_INFO_GET / FFA_RX_RELEASE: the caller owns its RX
 * buffer from a successful call until it releases it; a call meanwhile ->
 * BUSY; a release of a buffer it does not own -> DENIED. */
void conf_partition_info_rx_busy_until_release(struct conf_ctx *c)
{
	ffa_conduit_fn ffa = c->env->ffa_call;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_map(c));
	CONF_EQ(c, (uint32_t)ffa_partition_info_get(ffa, nil_uuid, 0).x[0], FFA_SUCCESS_32);
	CONF_ERROR(c, ffa_partition_info_get(ffa, nil_uuid, 0), FFA_RET_BUSY);
	CONF_EQ(c, (uint32_t)ffa_rx_release(ffa).x[0], FFA_SUCCESS_32);
	CONF_ERROR(c, ffa_rx_release(ffa), FFA_RET_DENIED);
	CONF_EQ(c, (uint32_t)ffa_partition_info_get(ffa, kv_uuid, 0).x[0], FFA_SUCCESS_32);
	CONF_TRUE(c, uuid_is(conf_ptr(c, conf_rx(c)), kv_uuid));
	CONF_EQ(c, (uint32_t)ffa_rx_release(ffa).x[0], FFA_SUCCESS_32);
	CONF_DO(conf_unmap(c));
}
