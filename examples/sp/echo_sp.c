/* SPDX-License-Identifier: BSD-3-Clause */
/* Echo SP: the smallest useful partition; answers each direct request with its payload. */
#include <ffa/ffa.h>

#include "example_sps.h"

void echo_sp_main(const struct sim_env *env)
{
	ffa_conduit_fn ffa = env->ffa_call;
	struct ffa_value r = ffa_msg_wait(ffa);

	for (;;) {
		uint32_t f = (uint32_t)r.x[0];
		struct ffa_value resp = r;
		ffa_id_t from = ffa_sender(r.x[1]);

		if (f == FFA_MSG_SEND_DIRECT_REQ_32 || f == FFA_MSG_SEND_DIRECT_REQ_64) {
			resp.x[0] = f == FFA_MSG_SEND_DIRECT_REQ_32 ? FFA_MSG_SEND_DIRECT_RESP_32
								    : FFA_MSG_SEND_DIRECT_RESP_64;
			resp.x[1] = ffa_pack_ids(env->id, from);
			resp.x[2] = 0;
		} else if (f == FFA_MSG_SEND_DIRECT_REQ2_64) {
			resp.x[0] = FFA_MSG_SEND_DIRECT_RESP2_64;
			resp.x[1] = ffa_pack_ids(env->id, from);
			resp.x[2] = resp.x[3] = 0;
		} else {
			r = ffa_msg_wait(ffa); /* FFA_RUN with nothing to do */
			continue;
		}
		r = ffa(resp);
	}
}

SIM_SP_IMAGE_ENTRY(echo_sp_main)
