/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance, direct messaging (DEN0077 FFA_MSG_SEND_DIRECT_REQ/RESP,
 * FFA_MSG_SEND_DIRECT_REQ2/RESP2): the normal world to the echo SP, and the
 * key-value SP's protocol (example_sps.h), including its request to a peer.
 */
#include "conf.h"

static const uint32_t echo_uuid[4] = ECHO_SP_UUID;
static const uint32_t kv_uuid[4] = KV_SP_UUID;
static const uint32_t nil_uuid[4] = {0, 0, 0, 0};

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ_64 / RESP_64: w1 = sender | receiver,
 * answered with the two swapped, payload x3..x7 intact. */
void conf_direct_req_echo(struct conf_ctx *c)
{
	static const uint64_t pl[5] = {0x1111222233334444ull, 0x5555666677778888ull,
				       0x99990000aaaabbbbull, 0xccccddddeeeeffffull,
				       0x0123456789abcdefull};
	ffa_id_t echo, me = c->env->id;
	struct ffa_value r;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_find_id(c, echo_uuid, &echo));
	r = ffa_direct_req(c->env->ffa_call, me, echo, pl[0], pl[1], pl[2], pl[3], pl[4]);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	CONF_EQ(c, (uint32_t)r.x[1], ffa_pack_ids(echo, me));
	for (int i = 0; i < 5; i++)
		CONF_EQ(c, r.x[3 + i], pl[i]);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ_32 / RESP_32: the same in w registers. */
void conf_direct_req32_echo(struct conf_ctx *c)
{
	ffa_id_t echo, me = c->env->id;
	struct ffa_value r;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_find_id(c, echo_uuid, &echo));
	r = conf_call(c, FFA_MSG_SEND_DIRECT_REQ_32, ffa_pack_ids(me, echo), 0, 0x11111111u,
		      0x22222222u, 0x33333333u, 0x44444444u, 0x55555555u);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_MSG_SEND_DIRECT_RESP_32);
	CONF_EQ(c, (uint32_t)r.x[1], ffa_pack_ids(echo, me));
	for (uint32_t i = 0; i < 5; i++)
		CONF_EQ(c, (uint32_t)r.x[3 + i], 0x11111111u * (i + 1));
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ2_64 / RESP2_64 (v1.2): x2/x3 the service
 * UUID, payload x4..x17 intact; x2/x3 of the response MBZ. */
void conf_direct_req2_echo_by_uuid(struct conf_ctx *c)
{
	ffa_id_t echo, me = c->env->id;
	struct ffa_value q, r;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_find_id(c, echo_uuid, &echo));
	q.x[0] = FFA_MSG_SEND_DIRECT_REQ2_64;
	q.x[1] = ffa_pack_ids(me, echo);
	q.x[2] = (uint64_t)echo_uuid[0] | (uint64_t)echo_uuid[1] << 32;
	q.x[3] = (uint64_t)echo_uuid[2] | (uint64_t)echo_uuid[3] << 32;
	for (int i = 4; i < FFA_NREGS; i++)
		q.x[i] = 0x0101010101010101ull * (uint64_t)i ^ 0x8000000000000000ull;
	r = c->env->ffa_call(q);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_MSG_SEND_DIRECT_RESP2_64);
	CONF_EQ(c, (uint32_t)r.x[1], ffa_pack_ids(echo, me));
	CONF_EQ(c, r.x[2], 0);
	CONF_EQ(c, r.x[3], 0);
	for (int i = 4; i < FFA_NREGS; i++)
		CONF_EQ(c, r.x[i], q.x[i]);
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: a receiver ID no endpoint has ->
 * INVALID_PARAMETERS. The ID is chosen from the secure range to be none of
 * the partitions listed, nor the SPMC's. */
void conf_direct_req_unknown_id_invalid(struct conf_ctx *c)
{
	const uint8_t *base = conf_ptr(c, conf_rx(c));
	ffa_id_t spmc, unused = 0;
	struct ffa_value r;
	uint32_t n, size;

	CONF_DO(conf_setup(c));
	r = ffa_spm_id_get(c->env->ffa_call);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	spmc = (ffa_id_t)r.x[2];
	CONF_DO(conf_map(c));
	r = ffa_partition_info_get(c->env->ffa_call, nil_uuid, 0);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	n = (uint32_t)r.x[2];
	size = (uint32_t)r.x[3];
	CONF_TRUE(c, size >= 8 && n * size <= FFA_PAGE_SIZE);
	for (uint32_t id = 0xfffe; id > FFA_ID_SECURE_BIT && !unused; id--) {
		bool taken = id == spmc;

		for (uint32_t i = 0; i < n && !taken; i++)
			taken = conf_get16(base + i * size) == id;
		if (!taken)
			unused = (ffa_id_t)id;
	}
	CONF_EQ(c, (uint32_t)ffa_rx_release(c->env->ffa_call).x[0], FFA_SUCCESS_32);
	CONF_DO(conf_unmap(c));
	CONF_TRUE(c, unused != 0);
	CONF_ERROR(c, ffa_direct_req(c->env->ffa_call, c->env->id, unused, 1, 2, 3, 4, 5),
		   FFA_RET_INVALID_PARAMETERS);
}

/* The key-value SP's answer: w3 = status, w4 = value. */
static bool kv(struct conf_ctx *c, ffa_id_t id, uint64_t cmd, uint64_t key, uint64_t value,
	       uint64_t status, uint64_t *out)
{
	struct ffa_value r = ffa_direct_req(c->env->ffa_call, c->env->id, id, cmd, key, value, 0, 0);

	CONF_EQ_R(c, (uint32_t)r.x[0], FFA_MSG_SEND_DIRECT_RESP_64, false);
	CONF_EQ_R(c, (uint32_t)r.x[1], ffa_pack_ids(id, c->env->id), false);
	CONF_EQ_R(c, r.x[3], status, false);
	if (out)
		*out = r.x[4];
	return true;
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ: state an SP keeps across requests (the
 * kv protocol: put, get, delete, then get -> not found). */
void conf_kv_put_get_del(struct conf_ctx *c)
{
	const uint64_t key = 0xc0f0000000000001ull, value = 0x5eed5eed12345678ull;
	uint64_t got = 0;
	ffa_id_t id;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_find_id(c, kv_uuid, &id));
	CONF_DO(kv(c, id, KV_PUT, key, value, KV_OK, NULL));
	CONF_DO(kv(c, id, KV_GET, key, 0, KV_OK, &got));
	CONF_EQ(c, got, value);
	CONF_DO(kv(c, id, KV_DEL, key, 0, KV_OK, &got));
	CONF_EQ(c, got, value);
	CONF_DO(kv(c, id, KV_GET, key, 0, KV_NOT_FOUND, NULL));
}

/* DEN0077 FFA_MSG_SEND_DIRECT_REQ between partitions: the kv SP, inside
 * the normal world's request, sends its own to the echo SP and answers with
 * what came back. */
void conf_kv_ping_peer(struct conf_ctx *c)
{
	const uint64_t token = 0xfeedface0000beefull;
	uint64_t got = 0;
	ffa_id_t id;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_find_id(c, kv_uuid, &id));
	CONF_DO(kv(c, id, KV_PING_PEER, token, 0, KV_OK, &got));
	CONF_EQ(c, got, token);
}
