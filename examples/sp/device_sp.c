/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device SP: a secure device's driver split the FF-A v1.1 way. The top half
 * runs when the device interrupts — the SPMC gives the waiting SP
 * FFA_INTERRUPT — and does as little as possible: it records the event and
 * sets a notification for the normal-world driver, asking for the schedule
 * receiver interrupt only once it has returned (delay SRI). The driver's
 * interrupt handler finds the notification (INFO_GET, GET) and sends the
 * bottom half as a direct request, scheduled like any other work.
 */
#include <ffa/ffa.h>

#include "example_sps.h"

#define DRIVER_VM 0u
#define SET_DELAY_SRI (1u << 1)

static uint64_t events, handled;

static void top_half(const struct sim_env *env)
{
	uint64_t ids = 1ull << DEVICE_NOTIFICATION;

	events++;
	env->ffa_call((struct ffa_value){{FFA_NOTIFICATION_SET_32, ffa_pack_ids(env->id, DRIVER_VM),
					  SET_DELAY_SRI, (uint32_t)ids, ids >> 32}});
}

void device_sp_main(const struct sim_env *env)
{
	struct ffa_value r;

	events = handled = 0;
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		uint32_t f = (uint32_t)r.x[0];

		if (f == FFA_INTERRUPT_32) {
			top_half(env);
			r = ffa_msg_wait(env->ffa_call);
		} else if ((f == FFA_MSG_SEND_DIRECT_REQ_64 || f == FFA_MSG_SEND_DIRECT_REQ_32) &&
			   r.x[3] == DEVICE_BOTTOM_HALF) {
			uint64_t n = events - handled;

			env->spend(DEVICE_BH_CYCLES * n);
			handled = events;
			r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(r.x[1]), 0, n, events,
					    0, 0);
		} else if (f == FFA_MSG_SEND_DIRECT_REQ_64 || f == FFA_MSG_SEND_DIRECT_REQ_32) {
			r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(r.x[1]), 1, 0, 0, 0, 0);
		} else {
			r = ffa_msg_wait(env->ffa_call);
		}
	}
}

SIM_SP_IMAGE_ENTRY(device_sp_main)
