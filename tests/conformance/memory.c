/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance, memory management (DEN0077 "Memory management"): the normal
 * world shares or lends one page of its memory to the kv SP (FFA_MEM_SHARE /
 * FFA_MEM_LEND, descriptor in its TX buffer), the SP retrieves it, writes,
 * relinquishes (KV_PUT_SHM), and the normal world reclaims it
 * (FFA_MEM_RECLAIM), after which the handle is gone.
 */
#include "conf.h"

static const uint32_t kv_uuid[4] = KV_SP_UUID;

/* FFA_MEM_SHARE_64 / FFA_MEM_LEND_64 of one page; the handle from w2/w3. */
static bool send_page(struct conf_ctx *c, uint32_t func, ffa_id_t receiver, uint64_t page,
		      uint64_t *handle)
{
	uint32_t len = conf_mem_desc(conf_ptr(c, conf_tx(c)), c->env->id, receiver, page, 1,
				     func == FFA_MEM_SHARE_64);
	struct ffa_value r = conf_call(c, func, len, len, 0, 0, 0, 0, 0);

	CONF_EQ_R(c, (uint32_t)r.x[0], FFA_SUCCESS_32, false);
	*handle = (uint32_t)r.x[2] | r.x[3] << 32;
	conf_hold(c, *handle);
	CONF_TRUE_R(c, *handle != FFA_MEM_HANDLE_INVALID, false);
	return true;
}

static struct ffa_value reclaim(struct conf_ctx *c, uint64_t handle)
{
	return conf_call(c, FFA_MEM_RECLAIM_32, (uint32_t)handle, handle >> 32, 0, 0, 0, 0, 0);
}

static bool reclaim_ok(struct conf_ctx *c, uint64_t handle)
{
	CONF_EQ_R(c, (uint32_t)reclaim(c, handle).x[0], FFA_SUCCESS_32, false);
	conf_drop(c, handle);
	return true;
}

/* The whole cycle with `func`: the pair goes to kv through the page, kv
 * acknowledges in it, the page comes back, the handle ends. */
static void cycle(struct conf_ctx *c, uint32_t func, uint64_t key)
{
	const uint64_t value = key * 3 + 1;
	uint64_t page = c->env->mem_base + CONF_SHARE_OFF, handle = 0;
	uint8_t *m = conf_ptr(c, page);
	struct ffa_value r;
	ffa_id_t id;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_find_id(c, kv_uuid, &id));
	/* struct kv_shm, written before the send: a lender gives up its access. */
	sp_put64(m + offsetof(struct kv_shm, key), key);
	sp_put64(m + offsetof(struct kv_shm, value), value);
	sp_put64(m + offsetof(struct kv_shm, ack), 0);
	CONF_DO(conf_map(c));
	CONF_DO(send_page(c, func, id, page, &handle));

	r = ffa_direct_req(c->env->ffa_call, c->env->id, id, KV_PUT_SHM, handle, 0, 0, 0);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	CONF_EQ(c, r.x[3], KV_OK);

	CONF_DO(reclaim_ok(c, handle));
	CONF_EQ(c, sp_get64(m + offsetof(struct kv_shm, ack)), KV_SHM_ACK(key, value));
	/* The handle ended with the reclaim. */
	CONF_ERROR(c, reclaim(c, handle), FFA_RET_INVALID_PARAMETERS);
	CONF_DO(conf_unmap(c));

	/* kv stored the pair it read from the page; leave its table as found. */
	r = ffa_direct_req(c->env->ffa_call, c->env->id, id, KV_DEL, key, 0, 0, 0);
	CONF_EQ(c, r.x[3], KV_OK);
	CONF_EQ(c, r.x[4], value);
}

/* DEN0077 FFA_MEM_SHARE / FFA_MEM_RETRIEVE_REQ / FFA_MEM_RELINQUISH /
 * FFA_MEM_RECLAIM: the OP-TEE "cookie" flow; a second reclaim of the same
 * handle -> INVALID_PARAMETERS. */
void conf_mem_share_retrieve_reclaim(struct conf_ctx *c)
{
	cycle(c, FFA_MEM_SHARE_64, 0xc0f0000000000010ull);
}

/* DEN0077 FFA_MEM_LEND: the same with the page lent (the normal world reads
 * the SP's write only after reclaiming it). */
void conf_mem_lend_retrieve_reclaim(struct conf_ctx *c)
{
	cycle(c, FFA_MEM_LEND_64, 0xc0f0000000000020ull);
}

/* DEN0077 FFA_MEM_RECLAIM: memory no borrower retrieved comes back at once;
 * the handle then no longer exists -> INVALID_PARAMETERS. */
void conf_mem_reclaim_unretrieved_then_stale(struct conf_ctx *c)
{
	uint64_t handle = 0;
	ffa_id_t id;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_find_id(c, kv_uuid, &id));
	CONF_DO(conf_map(c));
	CONF_DO(send_page(c, FFA_MEM_SHARE_64, id, c->env->mem_base + CONF_SHARE_OFF, &handle));
	CONF_DO(reclaim_ok(c, handle));
	CONF_ERROR(c, reclaim(c, handle), FFA_RET_INVALID_PARAMETERS);
	CONF_DO(conf_unmap(c));
}
