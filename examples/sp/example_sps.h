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

#ifdef __cplusplus
}
#endif

#endif
