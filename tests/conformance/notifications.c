/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Conformance, notifications (DEN0077 "Notifications"): the normal world
 * without a hypervisor has its bitmap created (FFA_NOTIFICATION_BITMAP_CREATE,
 * as the Linux driver does at probe), binds a partition as a sender
 * (FFA_NOTIFICATION_BIND), reads nothing pending, and undoes it all.
 */
#include "conf.h"

static const uint32_t echo_uuid[4] = ECHO_SP_UUID;

static struct ffa_value create(struct conf_ctx *c)
{
	return conf_call(c, FFA_NOTIFICATION_BITMAP_CREATE_32, c->env->id, 1, 0, 0, 0, 0, 0);
}

static struct ffa_value destroy(struct conf_ctx *c)
{
	return conf_call(c, FFA_NOTIFICATION_BITMAP_DESTROY_32, c->env->id, 0, 0, 0, 0, 0, 0);
}

static bool create_ok(struct conf_ctx *c)
{
	CONF_EQ_R(c, (uint32_t)create(c).x[0], FFA_SUCCESS_32, false);
	c->notif_bitmap = true;
	return true;
}

static bool destroy_ok(struct conf_ctx *c)
{
	CONF_EQ_R(c, (uint32_t)destroy(c).x[0], FFA_SUCCESS_32, false);
	c->notif_bitmap = false;
	return true;
}

/* DEN0077 FFA_NOTIFICATION_BITMAP_CREATE / _DESTROY: one bitmap per VM (a
 * second create -> DENIED); once destroyed it is gone (a second destroy ->
 * INVALID_PARAMETERS). */
void conf_notif_bitmap_create_destroy(struct conf_ctx *c)
{
	CONF_DO(conf_setup(c));
	CONF_DO(create_ok(c));
	CONF_ERROR(c, create(c), FFA_RET_DENIED);
	CONF_DO(destroy_ok(c));
	CONF_ERROR(c, destroy(c), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_NOTIFICATION_BIND / _GET / _UNBIND / _INFO_GET: the receiver
 * binds a notification to an SP sender; nothing is pending (GET returns
 * empty bitmaps, INFO_GET -> NO_DATA); unbinding a bound ID succeeds. */
void conf_notif_bind_get_unbind(struct conf_ctx *c)
{
	const uint64_t ids = 1ull << 5 | 1ull << 40;
	ffa_id_t echo, me = c->env->id;
	struct ffa_value r;

	CONF_DO(conf_setup(c));
	CONF_DO(conf_find_id(c, echo_uuid, &echo));
	CONF_DO(create_ok(c));
	r = conf_call(c, FFA_NOTIFICATION_BIND_32, ffa_pack_ids(echo, me), 0, (uint32_t)ids,
		      ids >> 32, 0, 0, 0);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	/* w1 receiver | vCPU 0; w2: the SP, VM, SPM and hypervisor bitmaps. */
	r = conf_call(c, FFA_NOTIFICATION_GET_32, me, 0xf, 0, 0, 0, 0, 0);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	for (int i = 2; i <= 7; i++)
		CONF_EQ(c, (uint32_t)r.x[i], 0);
	CONF_ERROR(c, conf_call(c, FFA_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0),
		   FFA_RET_NO_DATA);
	r = conf_call(c, FFA_NOTIFICATION_UNBIND_32, ffa_pack_ids(echo, me), 0, (uint32_t)ids,
		      ids >> 32, 0, 0, 0);
	CONF_EQ(c, (uint32_t)r.x[0], FFA_SUCCESS_32);
	CONF_DO(destroy_ok(c));
}
