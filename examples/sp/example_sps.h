/* SPDX-License-Identifier: BSD-3-Clause */
/* The example secure partitions and the protocol they speak over direct requests. */
#ifndef EXAMPLE_SPS_H
#define EXAMPLE_SPS_H

#include "env.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Echo SP: answers every direct request (REQ/REQ2, 32/64) with its payload. */
#define ECHO_SP_UUID {0xe0e0e0e0u, 0x1111aaaau, 0x2222bbbbu, 0x3333cccc}
void echo_sp_main(const struct sim_env *env);

/* Key-value store SP. Request w3 = command, w4 = key, w5 = value.
 * Response w3 = status (0 ok, 1 not found, 2 full, 3 bad command), w4 = value.
 * KV_PUT_SHM takes the pair from memory the requester shares: x4 = the
 * memory handle, whose first page holds struct kv_shm; the SP retrieves it,
 * stores the pair, writes `ack`, relinquishes it, and answers x4 = the
 * address it found the memory at (the OP-TEE "cookie" flow). */
#define KV_SP_UUID {0x6b766b76u, 0x44445555u, 0x66667777u, 0x88889999u}
enum kv_cmd { KV_PUT = 1, KV_GET = 2, KV_DEL = 3, KV_COUNT = 4, KV_PING_PEER = 5, KV_PUT_SHM = 6 };
enum kv_status {
	KV_OK = 0, KV_NOT_FOUND = 1, KV_FULL = 2, KV_BAD_CMD = 3, KV_PEER_ERROR = 4,
	KV_SHM_ERROR = 5, /* retrieve or relinquish failed: x4 = the FF-A error */
};
struct kv_shm {
	uint64_t key, value;
	uint64_t ack; /* written by the SP: key ^ value */
};
#define KV_SHM_ACK(k, v) ((k) ^ (v))
#define KV_SLOTS 256
void kv_sp_main(const struct sim_env *env);

/* An SP whose code faults during initialisation (touches unmapped memory). */
void faulty_sp_main(const struct sim_env *env);

/* Counter SP: answers x3 = requests served so far (a global), x4 = its address,
 * x5 = the boot information signature it got (0 = none), x6 = the first word
 * of the manifest that boot information carried. */
void counter_sp_main(const struct sim_env *env);

/* Trusted-OS SP: yielding calls as OP-TEE makes them over FF-A. Request
 * w3 = command:
 *   TEE_CALL (w4 = work units, w5 = seed): starts a call on a free thread;
 *   TEE_RETURN_FROM_RPC (w4 = thread, w5 = the RPC's result): resumes it;
 *   TEE_RESUME (w4 = thread): resumes a call a managed exit interrupted.
 * Response w3 = TEE_DONE (w4 = thread, w5 = result), TEE_RPC (w4 = thread,
 * w5 = argument: the normal world answers tee_rpc_service(argument)),
 * TEE_INTERRUPTED (w4 = thread), TEE_BUSY (no free thread) or TEE_BAD.
 * Each unit of work costs TEE_UNIT_CYCLES; halfway through, the call asks
 * the normal world for one RPC. A call's state lives in the SP's memory, not
 * on a CPU, so the normal world may resume it on any CPU. A managed exit
 * (the SP's manifest chooses that action for non-secure interrupts) stops
 * it at the next unit with TEE_INTERRUPTED. Secure interrupts of its devices
 * are counted (TEE_STATS: w4 = device interrupts, w5 = managed exits). */
#define TEE_SP_UUID {0x7ee07ee0u, 0x0f0f0f0fu, 0xa5a5a5a5u, 0x5a5a5a5au}
enum tee_cmd { TEE_CALL = 1, TEE_RETURN_FROM_RPC = 2, TEE_RESUME = 3, TEE_STATS = 4 };
enum tee_status { TEE_DONE = 0, TEE_RPC = 1, TEE_INTERRUPTED = 2, TEE_BUSY = 3, TEE_BAD = 4 };
#define TEE_UNIT_CYCLES 2000u
#define TEE_THREADS 4u
static inline uint64_t tee_mix(uint64_t acc, uint64_t i)
{
	return acc ^ (i + 0x9e3779b97f4a7c15ull + (acc << 6) + (acc >> 2));
}
static inline uint64_t tee_rpc_service(uint64_t arg)
{
	return arg * 0x100000001b3ull + 7;
}
/* The result a call of `units` units from `seed` must end with. */
static inline uint64_t tee_expected(uint64_t units, uint64_t seed)
{
	uint64_t acc = seed;

	for (uint64_t i = 0; i < units; i++) {
		if (i == units / 2)
			acc ^= tee_rpc_service(acc);
		acc = tee_mix(acc, i);
	}
	return acc;
}
void tee_sp_main(const struct sim_env *env);

/* Device SP: the top-half/bottom-half driver pattern. It owns a secure
 * device interrupt; its top half (the interrupt, taken while it waits) only
 * counts the event and notifies the normal-world driver (VM 0, notification
 * DEVICE_NOTIFICATION, schedule receiver interrupt delayed until it has
 * finished), then waits. The bottom half is the driver's direct request
 * w3 = DEVICE_BOTTOM_HALF: DEVICE_BH_CYCLES of work, answered with w4 = the
 * events since the last bottom half, w5 = all events so far. */
#define DEVICE_SP_UUID {0xde51ce00u, 0x1234abcdu, 0x55aa55aau, 0x0f0f0f0fu}
#define DEVICE_NOTIFICATION 7u
#define DEVICE_BOTTOM_HALF 1u
#define DEVICE_BH_CYCLES 3000u
void device_sp_main(const struct sim_env *env);

#ifdef __cplusplus
}
#endif

#endif
