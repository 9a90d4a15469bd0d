/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Drives the ABI paths whose SPMC handler cost the simulator models, on an
 * SPMC built with A64_MEASURE (which prints "spmc-insns <fid> <count>" for
 * every call it handles). Each group is announced with a "measure: <path>"
 * line so tools/qemu/measure-costs.sh can attribute the counts:
 *   - FFA_VERSION and FFA_ID_GET (the fixed cost of any call);
 *   - FFA_PARTITION_INFO_GET of every partition into the RX buffer;
 *   - direct requests to the echo SP (request and response handlers);
 *   - the memory cycle with the kv SP (share, retrieve, relinquish, reclaim)
 *     for one constituent of 1 and of 16 pages.
 */
#include <ffa/ffa.h>

#include "programs.h"

#define REPEAT 8
#define TX (PLAT_NWD_SCRATCH + CONF_TX_OFF)
#define RX (PLAT_NWD_SCRATCH + CONF_RX_OFF)
#define SHARE (PLAT_NWD_SCRATCH + 0x10000)

static const uint32_t echo_uuid[4] = ECHO_SP_UUID;
static const uint32_t kv_uuid[4] = KV_SP_UUID;

static int fail(const char *what, const struct ffa_value *r)
{
	nwd_printf("measure: %s failed: x0 0x%llx x2 0x%llx\n", what, (unsigned long long)r->x[0],
		   (unsigned long long)r->x[2]);
	return 1;
}

static int mem_cycle(ffa_id_t kv, uint32_t pages)
{
	volatile uint64_t *m = (volatile uint64_t *)(uintptr_t)SHARE;
	uint32_t len = conf_mem_desc((uint8_t *)(uintptr_t)TX, 0, kv, SHARE, pages, true);
	struct ffa_value r;
	uint64_t handle;

	m[0] = 7; /* struct kv_shm: key, value, ack */
	m[1] = pages;
	m[2] = 0;
	r = ffa_call8(nwd_smc, FFA_MEM_SHARE_64, len, len, 0, 0, 0, 0, 0);
	if ((uint32_t)r.x[0] != FFA_SUCCESS_32)
		return fail("FFA_MEM_SHARE", &r);
	handle = (uint32_t)r.x[2] | r.x[3] << 32;
	r = ffa_direct_req(nwd_smc, 0, kv, KV_PUT_SHM, handle, 0, 0, 0);
	if (r.x[3] != KV_OK)
		return fail("KV_PUT_SHM", &r);
	r = ffa_call8(nwd_smc, FFA_MEM_RECLAIM_32, (uint32_t)handle, handle >> 32, 0, 0, 0, 0, 0);
	if ((uint32_t)r.x[0] != FFA_SUCCESS_32)
		return fail("FFA_MEM_RECLAIM", &r);
	ffa_direct_req(nwd_smc, 0, kv, KV_DEL, 7, 0, 0, 0);
	return 0;
}

int nwd_main(void)
{
	const struct sim_env env = nwd_env();
	struct ffa_value r;
	ffa_id_t echo, kv;

	ffa_version(nwd_smc, FFA_VERSION_1_2);
	if (nwd_find_partition(&env, echo_uuid, &echo) || nwd_find_partition(&env, kv_uuid, &kv))
		return 1;
	/* The scratch buffers conf_find_id used, kept mapped from here on. */
	r = ffa_rxtx_map(nwd_smc, TX, RX, 1);
	if ((uint32_t)r.x[0] != FFA_SUCCESS_32)
		return fail("FFA_RXTX_MAP", &r);

	nwd_printf("measure: version\n");
	for (int i = 0; i < REPEAT; i++) {
		ffa_version(nwd_smc, FFA_VERSION_1_2);
		ffa_id_get(nwd_smc);
	}
	nwd_printf("measure: partition_info_get\n");
	for (int i = 0; i < REPEAT; i++) {
		static const uint32_t nil[4];

		r = ffa_partition_info_get(nwd_smc, nil, 0);
		if ((uint32_t)r.x[0] != FFA_SUCCESS_32)
			return fail("FFA_PARTITION_INFO_GET", &r);
		ffa_rx_release(nwd_smc);
	}
	nwd_printf("measure: direct_req\n");
	for (int i = 0; i < REPEAT; i++) {
		r = ffa_direct_req(nwd_smc, 0, echo, (uint64_t)i, 2, 3, 4, 5);
		if ((uint32_t)r.x[0] != FFA_MSG_SEND_DIRECT_RESP_64 || r.x[3] != (uint64_t)i)
			return fail("direct request", &r);
	}
	for (uint32_t pages = 1; pages <= 16; pages += 15) {
		nwd_printf("measure: mem pages=%u\n", pages);
		for (int i = 0; i < REPEAT; i++)
			if (mem_cycle(kv, pages))
				return 1;
	}
	nwd_printf("measure: done\n");
	return 0;
}
