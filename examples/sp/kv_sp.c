/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Key-value store SP: state that survives across requests, kept in the SP's
 * own memory (its address-space window), plus the discovery calls a real SP
 * makes at boot: version, its ID, RX/TX buffers, partition info, console log.
 */
#include <ffa/ffa.h>

#include "example_sps.h"
#include "sp_mem.h"

struct kv_slot {
	uint64_t key, value;
	uint8_t used;
};

struct kv_state {
	struct kv_slot slots[KV_SLOTS];
	ffa_id_t echo_id; /* found at boot through partition discovery */
};

/* Layout of the top 64 KiB of the SP's memory (the bottom may hold its own
 * package): TX and RX buffers, then the table. */
#define KV_TOP 0x10000u
#define KV_TX_OFF 0x0000u
#define KV_RX_OFF 0x1000u
#define KV_STATE_OFF 0x2000u

static uint64_t kv_base(const struct sim_env *env)
{
	return env->mem_base + env->mem_size - KV_TOP;
}

static struct kv_slot *find(struct kv_state *st, uint64_t key)
{
	for (unsigned i = 0; i < KV_SLOTS; i++)
		if (st->slots[i].used && st->slots[i].key == key)
			return &st->slots[i];
	return 0;
}

static void handle(const struct sim_env *env, struct kv_state *st, const struct ffa_value *req,
		   uint64_t *status, uint64_t *value);

/* KV_PUT_SHM: the pair comes in memory the requester shared with us. */
static void put_shm(const struct sim_env *env, struct kv_state *st, const struct ffa_value *req,
		    uint64_t *status, uint64_t *value)
{
	uint64_t tx = kv_base(env) + KV_TX_OFF, rx = kv_base(env) + KV_RX_OFF, addr = 0;
	uint32_t pages = 0;
	int32_t rc = sp_mem_retrieve(env, tx, rx, FFA_VERSION_1_2, ffa_sender(req->x[1]), req->x[4],
				     &addr, &pages);
	struct ffa_value put;
	volatile struct kv_shm *m;

	if (rc != 0) {
		*status = KV_SHM_ERROR;
		*value = (uint64_t)(int64_t)rc;
		return;
	}
	m = sim_env_ptr(env, addr);
	put = (struct ffa_value){{0, 0, 0, KV_PUT, m->key, m->value}};
	handle(env, st, &put, status, value);
	m->ack = KV_SHM_ACK(m->key, m->value);
	rc = sp_mem_relinquish(env, tx, req->x[4]);
	if (rc != 0) {
		*status = KV_SHM_ERROR;
		*value = (uint64_t)(int64_t)rc;
		return;
	}
	*value = addr;
}

static void handle(const struct sim_env *env, struct kv_state *st, const struct ffa_value *req,
		   uint64_t *status, uint64_t *value)
{
	struct kv_slot *s = find(st, req->x[4]);

	*value = 0;
	switch (req->x[3]) {
	case KV_PUT_SHM:
		put_shm(env, st, req, status, value);
		return;
	case KV_PUT:
		if (!s)
			for (unsigned i = 0; i < KV_SLOTS && !s; i++)
				if (!st->slots[i].used)
					s = &st->slots[i];
		if (!s) {
			*status = KV_FULL;
			return;
		}
		s->used = 1;
		s->key = req->x[4];
		s->value = req->x[5];
		*status = KV_OK;
		env->spend(200); /* the table update, on the modeled CPU */
		return;
	case KV_GET:
	case KV_DEL:
		if (!s) {
			*status = KV_NOT_FOUND;
			return;
		}
		*value = s->value;
		if (req->x[3] == KV_DEL)
			s->used = 0;
		*status = KV_OK;
		env->spend(100);
		return;
	case KV_COUNT: {
		uint64_t n = 0;

		for (unsigned i = 0; i < KV_SLOTS; i++)
			n += st->slots[i].used;
		*value = n;
		*status = KV_OK;
		return;
	}
	case KV_PING_PEER: {
		/* SP-to-SP direct request: ask the echo SP to bounce the key back. */
		struct ffa_value r = ffa_direct_req(env->ffa_call, env->id, st->echo_id, req->x[4],
						    0, 0, 0, 0);

		*status = ffa_is_error(&r) ? KV_PEER_ERROR : KV_OK;
		*value = ffa_is_error(&r) ? (uint64_t)ffa_error_code(&r) : r.x[3];
		return;
	}
	default:
		*status = KV_BAD_CMD;
	}
}

static ffa_id_t discover_echo(const struct sim_env *env)
{
	static const uint32_t echo_uuid[4] = ECHO_SP_UUID;
	ffa_conduit_fn ffa = env->ffa_call;
	struct ffa_value r;
	ffa_id_t id = 0;

	r = ffa_rxtx_map(ffa, kv_base(env) + KV_TX_OFF, kv_base(env) + KV_RX_OFF, 1);
	if (ffa_is_error(&r))
		return 0;
	r = ffa_partition_info_get(ffa, echo_uuid, 0);
	if (ffa_is_success(&r) && r.x[2] == 1) {
		const struct ffa_partition_info_v1_1 *d =
			sim_env_ptr(env, kv_base(env) + KV_RX_OFF);
		id = d->id;
		ffa_rx_release(ffa);
	}
	return id;
}

void kv_sp_main(const struct sim_env *env)
{
	ffa_conduit_fn ffa = env->ffa_call;
	struct kv_state *st = sim_env_ptr(env, kv_base(env) + KV_STATE_OFF);
	struct ffa_value r;

	ffa_version(ffa, FFA_VERSION_1_2);
	st->echo_id = discover_echo(env);
	ffa_console_log(ffa, "kv: ready\n");
	r = ffa_msg_wait(ffa);
	for (;;) {
		uint64_t status, value;

		if (!ffa_is_direct_req(&r)) {
			r = ffa_msg_wait(ffa);
			continue;
		}
		handle(env, st, &r, &status, &value);
		r = ffa_direct_resp(ffa, env->id, ffa_sender(r.x[1]), status, value, 0, 0, 0);
	}
}

SIM_SP_IMAGE_ENTRY(kv_sp_main)
