/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPMC core's public interface: a non-blocking state machine.
 *
 * Every handler takes an event on a CPU (an FF-A call trapped from a context,
 * a fault, a CPU coming up) and returns the execution context to run next on
 * that CPU, with the registers to deliver to it in *regs. The backend owns the
 * switch. Handlers never block, never allocate from libc, and leave all state
 * unchanged when the call fails.
 */
#ifndef LIBSPMC_SPMC_H
#define LIBSPMC_SPMC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ffa/value.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version this SPMC implements. */
#define SPMC_FFA_VERSION FFA_VERSION_1_2

/* One secure partition, as the manifest (or a test) describes it. */
struct spmc_partition_cfg {
	const char *name;         /* description, for messages; may be NULL */
	ffa_id_t id;              /* secure endpoint ID (bit 15 set) */
	uint32_t uuid[4];         /* as FFA_PARTITION_INFO_GET takes it in w1..w4 */
	uint16_t ec_count;        /* 1 (UP, migratable) or the CPU count (MP, pinned) */
	uint32_t properties;      /* FFA_PROP_* messaging capabilities */
	uint16_t boot_order;      /* lower boots first; ties keep the config order */
	uint8_t el;               /* manifest encoding: 1 S-EL0, 2 S-EL1 */
	uint32_t ffa_version;     /* manifest ffa-version; 0 = SPMC_FFA_VERSION */
	uint64_t load_addr;       /* secure PA of the partition's memory, mapped at the same IPA */
	uint64_t mem_size;        /* bytes, page multiple */
	uint64_t entry;           /* entry point VA */
	const void *image;        /* opaque, passed to hal_ec_init */
};

struct spmc_config {
	ffa_id_t spmc_id;               /* commonly 0x8000 */
	uint32_t cpu_count;
	uint32_t partition_count;
	const struct spmc_partition_cfg *partitions;
	uint32_t rxtx_max_pages;        /* largest RX/TX buffer, in 4 KiB pages; 0 or more
					 * than 63 (the most FFA_RXTX_MAP can name) = 63 */
};

/* FF-A partition runtime states of an execution context. */
enum spmc_ec_state {
	SPMC_EC_OFF = 0,   /* not yet started on its CPU */
	SPMC_EC_RUNNING,
	SPMC_EC_WAITING,   /* idle in FFA_MSG_WAIT, can take a direct request */
	SPMC_EC_BLOCKED,   /* waiting for the reply to a request it sent */
	SPMC_EC_PREEMPTED, /* yielded or interrupted; resumed with FFA_RUN */
	SPMC_EC_ABORTED,
};

struct spmc;
struct spmc_ec;

/* Bytes of arena spmc_init() needs for cfg (0 if cfg is unusable). */
size_t spmc_arena_size(const struct spmc_config *cfg);

/* Build the SPMC state in arena (8-byte aligned). Returns 0, or an FFA_RET_*
 * code when the configuration is invalid or the arena too small. */
int spmc_init(struct spmc **out, void *arena, size_t arena_size, const struct spmc_config *cfg);

/* CPU `cpu` has come up: returns the first context to run on it (the next
 * partition to initialise, or the normal world when all are done). */
struct spmc_ec *spmc_cpu_on(struct spmc *s, uint32_t cpu, struct ffa_value *regs);

/* `caller` on `cpu` made the FF-A call in *regs. */
struct spmc_ec *spmc_ffa_call(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			      struct ffa_value *regs);

/* `caller` on `cpu` faulted (or its code ended): abort it. */
struct spmc_ec *spmc_ec_abort(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			      struct ffa_value *regs);

/* ---- inspection, for backends, traces and tests ---- */

/* The normal world's context on `cpu`. */
struct spmc_ec *spmc_nwd_ec(struct spmc *s, uint32_t cpu);
/* Context `index` of partition `id`, NULL if none. */
struct spmc_ec *spmc_find_ec(struct spmc *s, ffa_id_t id, uint16_t index);
ffa_id_t spmc_ec_id(const struct spmc_ec *ec);
uint16_t spmc_ec_index(const struct spmc_ec *ec);
bool spmc_ec_is_nwd(const struct spmc_ec *ec);
enum spmc_ec_state spmc_ec_state(const struct spmc_ec *ec);
/* The backend's handle for a context (from hal_ec_init, or set for NWd contexts). */
void *spmc_ec_hal(const struct spmc_ec *ec);
void spmc_ec_set_hal(struct spmc_ec *ec, void *hal);
/* FF-A version negotiated by endpoint `id` (0 if unknown endpoint). */
uint32_t spmc_endpoint_version(const struct spmc *s, ffa_id_t id);
/* Whether endpoint `id`'s RX buffer is currently owned by the endpoint. */
bool spmc_rx_owned_by_endpoint(const struct spmc *s, ffa_id_t id);
/* Whether partition `id` is aborted. */
bool spmc_partition_aborted(const struct spmc *s, ffa_id_t id);

#ifdef __cplusplus
}
#endif

#endif
