/* SPDX-License-Identifier: BSD-3-Clause */
/* spmc_init: configuration validation, arena sizing, address-space creation. */
#include "unit.h"

static int setup(void **state)
{
	(void)state;
	ut_begin_std();
	return 0;
}

/* A config error is reported as INVALID_PARAMETERS and the HAL is never touched. */
static void expect_invalid(struct ut *u)
{
	struct spmc *before = (struct spmc *)(uintptr_t)0x1234;

	u->s = before;
	assert_int_equal(spmc_arena_size(&u->cfg), 0);
	u->arena = ut_aligned(1 << 20);
	assert_int_equal(spmc_init(&u->s, u->arena, 1 << 20, &u->cfg), FFA_RET_INVALID_PARAMETERS);
	assert_ptr_equal(u->s, before);
	assert_int_equal(mock_hal.as_count, 0);
	assert_int_equal(mock_hal.as_map_calls, 0);
	assert_int_equal(mock_hal.ec_init_calls, 0);
}

/* Valid configuration: every SP gets its own address space with its memory
 * identity-mapped RWX, and nothing else is created. */
static void test_init_valid_config_builds_address_spaces(void **state)
{
	struct ut *u = &ut_fx;

	(void)state;
	ut_init(u);
	assert_int_equal(mock_as_live_count(), 4);
	for (uint32_t i = 0; i < 4; i++) {
		struct hal_as *as = mock_as_of(u->parts[i].id);

		assert_non_null(as);
		assert_int_equal(as->nranges, 1);
		assert_int_equal(as->ranges[0].va, UT_SP_BASE(i));
		assert_int_equal(as->ranges[0].pa, UT_SP_BASE(i));
		assert_int_equal(as->ranges[0].size, UT_SP_MEM);
		assert_int_equal(as->ranges[0].attrs, HAL_MEM_R | HAL_MEM_W | HAL_MEM_X);
	}
	assert_int_equal(mock_hal.work[HAL_WORK_PAGES_MAPPED], 4 * UT_SP_MEM / FFA_PAGE_SIZE);
	assert_int_equal(mock_hal.ec_init_calls, 0); /* contexts start at spmc_cpu_on */
	assert_int_equal(mock_spmc_maps_live(), 0);
}

/* Initial state: every context OFF, nothing aborted, no RX owned; the NWd is
 * treated as v1.0 until it negotiates; SPs default to the SPMC's version. */
static void test_init_initial_state(void **state)
{
	struct ut *u = &ut_fx;
	struct spmc *s;

	(void)state;
	s = ut_init(u);
	for (uint32_t c = 0; c < 4; c++) {
		assert_int_equal(spmc_ec_state(ut_nwd(c)), SPMC_EC_OFF);
		assert_true(spmc_ec_is_nwd(ut_nwd(c)));
		assert_int_equal(spmc_ec_id(ut_nwd(c)), NWD);
		assert_int_equal(spmc_ec_index(ut_nwd(c)), c);
	}
	assert_null(spmc_nwd_ec(s, 4));
	assert_int_equal(spmc_endpoint_version(s, NWD), FFA_VERSION_1_0);
	for (uint32_t i = 0; i < 4; i++) {
		ffa_id_t id = u->parts[i].id;

		assert_int_equal(spmc_endpoint_version(s, id), SPMC_FFA_VERSION);
		assert_false(spmc_partition_aborted(s, id));
		assert_false(spmc_rx_owned_by_endpoint(s, id));
		for (uint16_t e = 0; e < u->parts[i].ec_count; e++) {
			assert_int_equal(spmc_ec_state(ut_ec(id, e)), SPMC_EC_OFF);
			assert_false(spmc_ec_is_nwd(ut_ec(id, e)));
			assert_int_equal(spmc_ec_index(ut_ec(id, e)), e);
		}
		assert_null(spmc_find_ec(s, id, u->parts[i].ec_count));
	}
	assert_null(spmc_find_ec(s, 0x8077, 0));
	assert_int_equal(spmc_endpoint_version(s, 0x8077), 0);
	assert_false(spmc_partition_aborted(s, 0x8077));
}

/* The manifest ffa-version is honoured; a newer minor is capped at the SPMC's. */
static void test_init_manifest_version(void **state)
{
	struct ut *u = &ut_fx;

	(void)state;
	u->parts[0].ffa_version = FFA_VERSION_1_0;
	u->parts[1].ffa_version = FFA_VERSION_1_1;
	u->parts[2].ffa_version = FFA_VERSION_MAKE(1, 7);
	ut_init(u);
	assert_int_equal(spmc_endpoint_version(u->s, SP1), FFA_VERSION_1_0);
	assert_int_equal(spmc_endpoint_version(u->s, SP2), FFA_VERSION_1_1);
	assert_int_equal(spmc_endpoint_version(u->s, SP3), SPMC_FFA_VERSION);
}

/* Duplicate partition IDs -> INVALID_PARAMETERS. */
static void test_init_duplicate_ids_invalid(void **state)
{
	(void)state;
	ut_fx.parts[3].id = SP2;
	expect_invalid(&ut_fx);
}

/* A partition ID without bit 15 (a normal-world ID) -> INVALID_PARAMETERS. */
static void test_init_non_secure_sp_id_invalid(void **state)
{
	(void)state;
	ut_fx.parts[1].id = 0x0002;
	expect_invalid(&ut_fx);
}

/* A partition using the SPMC's own ID -> INVALID_PARAMETERS. */
static void test_init_sp_id_is_spmc_id_invalid(void **state)
{
	(void)state;
	ut_fx.parts[0].id = SPMC_ID;
	expect_invalid(&ut_fx);
}

/* A partition using the SPMD's ID 0xFFFF -> INVALID_PARAMETERS. */
static void test_init_sp_id_is_spmd_id_invalid(void **state)
{
	(void)state;
	ut_fx.parts[0].id = FFA_ID_SPMD;
	expect_invalid(&ut_fx);
}

/* A non-secure SPMC ID -> INVALID_PARAMETERS. */
static void test_init_non_secure_spmc_id_invalid(void **state)
{
	(void)state;
	ut_fx.cfg.spmc_id = 0x7fff;
	expect_invalid(&ut_fx);
}

/* Execution-context count must be 1 (UP) or the CPU count (MP): 0 -> INVALID_PARAMETERS. */
static void test_init_ec_count_zero_invalid(void **state)
{
	(void)state;
	ut_fx.parts[0].ec_count = 0;
	expect_invalid(&ut_fx);
}

/* Execution-context count neither 1 nor the CPU count -> INVALID_PARAMETERS. */
static void test_init_ec_count_partial_invalid(void **state)
{
	(void)state;
	ut_fx.parts[1].ec_count = 3;
	expect_invalid(&ut_fx);
}

/* More contexts than CPUs -> INVALID_PARAMETERS. */
static void test_init_ec_count_too_large_invalid(void **state)
{
	(void)state;
	ut_fx.parts[1].ec_count = 5;
	expect_invalid(&ut_fx);
}

/* Partition memory base not page-aligned -> INVALID_PARAMETERS. */
static void test_init_unaligned_load_addr_invalid(void **state)
{
	(void)state;
	ut_fx.parts[2].load_addr += 0x800;
	expect_invalid(&ut_fx);
}

/* Partition memory size not a page multiple -> INVALID_PARAMETERS. */
static void test_init_unaligned_mem_size_invalid(void **state)
{
	(void)state;
	ut_fx.parts[2].mem_size = 0x1001;
	expect_invalid(&ut_fx);
}

/* Manifest FF-A major version other than the SPMC's -> INVALID_PARAMETERS. */
static void test_init_incompatible_major_invalid(void **state)
{
	(void)state;
	ut_fx.parts[0].ffa_version = FFA_VERSION_MAKE(2, 0);
	expect_invalid(&ut_fx);
}

/* No CPUs, or partitions promised but no array -> INVALID_PARAMETERS. */
static void test_init_bad_counts_invalid(void **state)
{
	(void)state;
	ut_fx.cfg.cpu_count = 0;
	expect_invalid(&ut_fx);
	ut_begin_std();
	ut_fx.cfg.partitions = NULL;
	expect_invalid(&ut_fx);
	assert_int_equal(spmc_arena_size(NULL), 0);
	assert_int_equal(spmc_init(&ut_fx.s, ut_fx.arena, 1 << 20, NULL), FFA_RET_INVALID_PARAMETERS);
}

/* The arena must be non-NULL and 8-byte aligned (spmc.h contract). */
static void test_init_arena_alignment(void **state)
{
	struct ut *u = &ut_fx;
	size_t n = spmc_arena_size(&u->cfg);
	uint8_t *buf = ut_aligned(n + 32);

	(void)state;
	u->arena = buf;
	assert_int_equal(spmc_init(&u->s, NULL, n, &u->cfg), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(spmc_init(&u->s, buf + 4, n, &u->cfg), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(mock_hal.as_count, 0);
	/* 8-byte aligned but not 16: accepted. */
	assert_int_equal(spmc_init(&u->s, buf + 8, n, &u->cfg), 0);
	assert_int_equal(mock_as_live_count(), 4);
}

/* An arena one byte short of spmc_arena_size() -> NO_MEMORY, nothing created. */
static void test_init_arena_too_small_no_memory(void **state)
{
	struct ut *u = &ut_fx;
	size_t n = spmc_arena_size(&u->cfg);
	struct spmc *before = (struct spmc *)(uintptr_t)0x1234;

	(void)state;
	assert_true(n > 0);
	u->arena = ut_aligned(n + 16);
	u->s = before;
	assert_int_equal(spmc_init(&u->s, u->arena, n - 1, &u->cfg), FFA_RET_NO_MEMORY);
	assert_int_equal(spmc_init(&u->s, u->arena, 0, &u->cfg), FFA_RET_NO_MEMORY);
	assert_ptr_equal(u->s, before);
	assert_int_equal(mock_hal.as_count, 0);
	/* Exactly spmc_arena_size() is enough. */
	assert_int_equal(spmc_init(&u->s, u->arena, n, &u->cfg), 0);
}

/* The arena grows with the configuration (sizes come from the config). */
static void test_init_arena_size_scales(void **state)
{
	struct ut *u = &ut_fx;
	size_t four = spmc_arena_size(&u->cfg);

	(void)state;
	ut_add(u, 0x8005, 4, 0);
	assert_true(spmc_arena_size(&u->cfg) > four);
}

/* hal_as_create failing for the third SP -> NO_MEMORY; the address spaces
 * already created are destroyed, nothing is left half-built. */
static void test_init_as_create_failure_no_memory_nothing_left(void **state)
{
	struct ut *u = &ut_fx;
	struct spmc *before = (struct spmc *)(uintptr_t)0x1234;

	(void)state;
	mock_hal.as_create_fail = true;
	mock_hal.as_create_fail_id = SP3;
	u->s = before;
	assert_int_equal(ut_try_init(u), FFA_RET_NO_MEMORY);
	assert_ptr_equal(u->s, before);
	assert_int_equal(mock_hal.as_count, 2);
	assert_int_equal(mock_hal.as_destroyed, 2);
	assert_int_equal(mock_as_live_count(), 0);
	assert_int_equal(mock_hal.ec_init_calls, 0);
	assert_int_equal(mock_spmc_maps_live(), 0);
}

/* hal_as_map failing for the second SP -> its error is returned, and every
 * address space created so far (including the failing SP's) is destroyed. */
static void test_init_as_map_failure_nothing_left(void **state)
{
	struct ut *u = &ut_fx;

	(void)state;
	mock_hal.as_map_fail_at = 2;
	mock_hal.as_map_fail_rc = FFA_RET_NO_MEMORY;
	assert_int_equal(ut_try_init(u), FFA_RET_NO_MEMORY);
	assert_int_equal(mock_hal.as_count, 2);
	assert_int_equal(mock_as_live_count(), 0);
	assert_int_equal(mock_hal.as_destroyed, 2);
}

/* A partition with no memory of its own still gets an (empty) address space. */
static void test_init_zero_memory_partition(void **state)
{
	struct ut *u = &ut_fx;

	(void)state;
	u->parts[3].mem_size = 0;
	ut_init(u);
	assert_non_null(mock_as_of(SP4));
	assert_int_equal(mock_as_of(SP4)->nranges, 0);
}

/* Reported properties: AArch64 is set, the ID-type field is the SPMC's (PE
 * endpoint, 0) whatever the config says. */
static void test_init_properties_normalised(void **state)
{
	struct ut *u = &ut_fx;
	const struct spmc_partition *p;

	(void)state;
	u->parts[0].properties |= FFA_PROP_ID_TYPE_MASK;
	ut_init(u);
	p = spmc_partition_find(u->s, SP1);
	assert_non_null(p);
	assert_int_equal(p->properties & FFA_PROP_ID_TYPE_MASK, 0);
	assert_true(p->properties & FFA_PROP_AARCH64);
	assert_true(p->properties & FFA_PROP_DIRECT_REQ_RECV);
}

/* The configured RX/TX limit is kept; 0 and values FFA_RXTX_MAP cannot express
 * fall back to 63 pages. */
static void test_init_rxtx_max_pages(void **state)
{
	struct ut *u = &ut_fx;

	(void)state;
	u->cfg.rxtx_max_pages = 8;
	ut_init(u);
	assert_int_equal(u->s->rxtx_max_pages, 8);
	ut_begin_std();
	ut_init(u);
	assert_int_equal(u->s->rxtx_max_pages, 63);
	ut_begin_std();
	u->cfg.rxtx_max_pages = 1000;
	ut_init(u);
	assert_int_equal(u->s->rxtx_max_pages, 63);
}

/* IDs are looked up by binary search: any config order works. */
static void test_init_lookup_unsorted_ids(void **state)
{
	struct ut *u = ut_begin(2);

	(void)state;
	ut_add(u, 0x8009, 1, 0);
	ut_add(u, 0x8001, 2, 0);
	ut_add(u, 0x8005, 1, 0);
	ut_add(u, 0x8003, 1, 0);
	ut_init(u);
	assert_int_equal(spmc_ec_id(ut_ec(0x8001, 1)), 0x8001);
	assert_int_equal(spmc_ec_id(ut_ec(0x8003, 0)), 0x8003);
	assert_int_equal(spmc_ec_id(ut_ec(0x8005, 0)), 0x8005);
	assert_int_equal(spmc_ec_id(ut_ec(0x8009, 0)), 0x8009);
	assert_null(spmc_find_ec(u->s, 0x8004, 0));
	assert_ptr_equal(spmc_partition_find(u->s, NWD), &u->s->nwd);
}

/* No partitions at all is a valid (if dull) system. */
static void test_init_no_partitions(void **state)
{
	struct ut *u = ut_begin(1);

	(void)state;
	ut_init(u);
	assert_int_equal(mock_hal.as_count, 0);
	ut_boot_cpu(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, ut_teardown)
		T(test_init_valid_config_builds_address_spaces),
		T(test_init_initial_state),
		T(test_init_manifest_version),
		T(test_init_duplicate_ids_invalid),
		T(test_init_non_secure_sp_id_invalid),
		T(test_init_sp_id_is_spmc_id_invalid),
		T(test_init_sp_id_is_spmd_id_invalid),
		T(test_init_non_secure_spmc_id_invalid),
		T(test_init_ec_count_zero_invalid),
		T(test_init_ec_count_partial_invalid),
		T(test_init_ec_count_too_large_invalid),
		T(test_init_unaligned_load_addr_invalid),
		T(test_init_unaligned_mem_size_invalid),
		T(test_init_incompatible_major_invalid),
		T(test_init_bad_counts_invalid),
		T(test_init_arena_alignment),
		T(test_init_arena_too_small_no_memory),
		T(test_init_arena_size_scales),
		T(test_init_as_create_failure_no_memory_nothing_left),
		T(test_init_as_map_failure_nothing_left),
		T(test_init_zero_memory_partition),
		T(test_init_properties_normalised),
		T(test_init_rxtx_max_pages),
		T(test_init_lookup_unsorted_ids),
		T(test_init_no_partitions),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
