/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A normal-world program as an image: what the Linux FF-A driver does at
 * probe (version, ID, RX/TX buffers, partition discovery), then one direct
 * request to every partition that accepts them. It links against no C
 * library, like a partition image, and leaves a report at the start of its
 * memory: struct nwd_probe_report.
 */
#include <ffa/ffa.h>

#include "env.h"
#include "nwd_probe.h"

static void probe(const struct sim_env *env)
{
	ffa_conduit_fn ffa = env->ffa_call;
	struct nwd_probe_report *rep = sim_env_ptr(env, env->mem_base);
	uint64_t tx = env->mem_base + 0x10000, rx = tx + FFA_PAGE_SIZE;
	const uint32_t nil[4] = {0, 0, 0, 0};
	struct ffa_value r;

	rep->magic = NWD_PROBE_MAGIC;
	r = ffa_version(ffa, FFA_VERSION_1_2);
	rep->version = (uint32_t)r.x[0];
	r = ffa_rxtx_map(ffa, tx, rx, 1);
	if (ffa_is_error(&r))
		return;
	r = ffa_partition_info_get(ffa, nil, 0);
	if (!ffa_is_success(&r))
		return;
	rep->partitions = (uint32_t)r.x[2];
	for (uint32_t i = 0; i < rep->partitions && i < NWD_PROBE_MAX; i++) {
		const struct ffa_partition_info_v1_1 *d =
			(const void *)((const uint8_t *)sim_env_ptr(env, rx) + i * r.x[3]);

		rep->ids[i] = d->id;
		rep->props[i] = d->properties;
	}
	ffa_rx_release(ffa);
	for (uint32_t i = 0; i < rep->partitions && i < NWD_PROBE_MAX; i++) {
		if (!(rep->props[i] & FFA_PROP_DIRECT_REQ_RECV))
			continue;
		r = ffa_direct_req(ffa, 0, rep->ids[i], 0, 0, 0, 0, 0);
		rep->answered += (uint32_t)r.x[0] == FFA_MSG_SEND_DIRECT_RESP_64;
	}
	rep->done = 1;
}

SIM_SP_IMAGE_ENTRY(probe)
