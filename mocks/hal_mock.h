/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A fake of libspmc/hal.h for unit-testing the core alone: a small physical
 * memory map backed by host buffers, address spaces that record their
 * mappings, an SPMC view of physical memory that hands out real pointers, a
 * captured console and counters. Everything is inspectable and a few knobs
 * make individual HAL calls fail. Misuse of the HAL by the core (unmapping
 * what was never mapped, destroying an address space twice, ...) is counted
 * in mock_hal.misuse so tests can assert it never happens.
 *
 * Only hal_ec_init talks to cmocka, and only when a test asks for it
 * (mock_hal.ec_init_checked): then each call checks the expected part_id and
 * cpu, set with expect_value(hal_ec_init, part_id, ...) /
 * expect_value(hal_ec_init, cpu, ...), so a test can pin the exact boot order.
 */
#ifndef MOCKS_HAL_MOCK_H
#define MOCKS_HAL_MOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"

/* The fake physical memory map. */
#define MOCK_SEC_BASE 0x10000000ull /* secure DRAM */
#define MOCK_SEC_SIZE (4ull << 20)
#define MOCK_NS_BASE 0x80000000ull  /* non-secure DRAM */
#define MOCK_NS_SIZE (4ull << 20)
#define MOCK_DEV_BASE 0x09000000ull /* a device region (no host backing) */
#define MOCK_DEV_SIZE (64ull << 10)

#define MOCK_MAX_AS 256      /* address spaces alive or dead since the last reset */
#define MOCK_MAX_RANGES 1024 /* mapped ranges per address space (a retrieve maps
			      * each constituent: hundreds of them) */
#define MOCK_MAX_SPMC_MAPS 64
#define MOCK_MAX_EC_INIT 256
#define MOCK_CONSOLE_SIZE 65536

struct mock_range {
	uint64_t va, pa, size;
	uint32_t attrs;
};

/* Opaque to the core; the fake's record of one address space. */
struct hal_as {
	bool live;
	uint16_t part_id;
	uint32_t nranges;
	struct mock_range ranges[MOCK_MAX_RANGES];
};

struct mock_spmc_map {
	bool live;
	uint64_t pa, size;
	uint32_t attrs;
	void *va;
};

struct mock_hal_state {
	/* ---- configuration (set by tests after mock_hal_reset) ---- */
	uint32_t cpu_count;          /* hal_cpu_count(); default 4 */
	bool ec_init_checked;        /* hal_ec_init checks cmocka expectations */
	bool ec_init_fail;           /* hal_ec_init fails for ec_init_fail_id */
	uint16_t ec_init_fail_id;
	bool as_create_fail;         /* hal_as_create fails for as_create_fail_id */
	uint16_t as_create_fail_id;
	uint32_t as_map_fail_at;     /* the Nth hal_as_map call from now fails (1 = next) */
	int as_map_fail_rc;          /* ... with this code (default FFA_RET_NO_MEMORY) */
	uint32_t spmc_map_fail_at;   /* the Nth hal_spmc_map call from now fails (1 = next) */
	int nwd_access_rc;           /* hal_nwd_access returns this (0 = apply it); with
				      * FFA_RET_NOT_SUPPORTED nothing is recorded */
	uint32_t irq_configure_fail_intid; /* hal_irq_configure refuses this INTID (0 = none) */
	uint32_t nwd_access_fail_at; /* with nwd_access_rc: only the Nth hal_nwd_access
				      * call from now returns it, once (1 = next);
				      * 0 = every call does */

	/* ---- observed ---- */
	struct hal_as as[MOCK_MAX_AS];
	uint32_t as_count;           /* created since reset */
	uint32_t as_destroyed;
	struct mock_spmc_map spmc_maps[MOCK_MAX_SPMC_MAPS];
	uint32_t spmc_map_calls, spmc_unmap_calls, as_map_calls, as_unmap_calls;
	struct hal_ec_init ec_inits[MOCK_MAX_EC_INIT];
	void *ec_cookies[MOCK_MAX_EC_INIT];
	uint32_t ec_init_calls;
	uint64_t work[2];            /* indexed by enum hal_work */
	char console[MOCK_CONSOLE_SIZE];
	size_t console_len;
	uint32_t misuse;             /* HAL contract violations by the core */
	uint8_t nwd_access[MOCK_NS_SIZE / 4096]; /* the normal world's own access per
						  * NS DRAM page (reset: R|W|X) */
	uint32_t nwd_access_calls;
	uint32_t irq_configure_calls;
	uint32_t el3_intr_handled;   /* hal_el3_intr_handle calls */
	uint32_t sgis_sent;          /* hal_irq_send_sgi calls */
};

extern struct mock_hal_state mock_hal;

/* Forget everything: no address spaces, no mappings, zeroed memory, default knobs,
 * a fresh GIC. */
void mock_hal_reset(void);

/* The fake's interrupt controller: the simulator's GICv3 model (sim/gic.h),
 * for mock_hal.cpu_count CPUs as of the last reset, 988 SPIs. Tests raise
 * interrupts on it and read priority masks back. */
struct gic *mock_gic(void);

/* Host pointer for physical address pa (secure or NS DRAM), NULL if unbacked. */
void *mock_phys_ptr(uint64_t pa);

/* The live address space created for part_id, NULL if none. */
struct hal_as *mock_as_of(uint16_t part_id);
uint32_t mock_as_live_count(void);
uint32_t mock_spmc_maps_live(void);
/* The live SPMC mapping of pa, NULL if none. */
const struct mock_spmc_map *mock_spmc_map_of(uint64_t pa);

/* The console output so far, NUL-terminated; cleared by mock_console_clear. */
const char *mock_console(void);
void mock_console_clear(void);

/* The normal world's own access (HAL_MEM_R/W/X) to the NS DRAM page holding pa, as
 * hal_nwd_access last set it; 0 outside NS DRAM. */
uint32_t mock_nwd_access(uint64_t pa);

/* A canonical picture of the fake's live state (address spaces and their
 * mappings, SPMC mappings, work counters, console length), comparable with
 * memcmp: equal pictures mean the core changed nothing the HAL can see. */
struct mock_snapshot {
	uint32_t nas;
	struct {
		uint16_t part_id;
		uint32_t nranges;
		struct mock_range ranges[MOCK_MAX_RANGES];
	} as[MOCK_MAX_AS];
	uint32_t nmaps;
	struct mock_spmc_map maps[MOCK_MAX_SPMC_MAPS];
	uint64_t work[2];
	size_t console_len;
	uint32_t misuse;
	uint8_t nwd_access[MOCK_NS_SIZE / 4096];
};
void mock_snapshot_take(struct mock_snapshot *out);

#endif
