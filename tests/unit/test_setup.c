/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Setup and discovery: FFA_VERSION, FFA_FEATURES, FFA_ID_GET, FFA_SPM_ID_GET,
 * and the dispatcher's rules every ABI shares (unknown IDs, MBZ registers,
 * SMC32 register width).
 */
#include "unit.h"

static int setup(void **state)
{
	(void)state;
	ut_std_booted();
	return 0;
}

static void expect_version(struct spmc_ec *ec, uint64_t x1, uint32_t negotiated)
{
	struct ffa_value r = FFA(FFA_VERSION_32, x1);

	assert_ptr_equal(ut_call(0, ec, &r), ec);
	assert_int_equal(r.x[0], SPMC_FFA_VERSION);
	for (int i = 1; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], 0);
	assert_int_equal(spmc_endpoint_version(ut_fx.s, spmc_ec_id(ec)), negotiated);
}

/* DEN0077 FFA_VERSION: compatible caller (same major, older minor) -> the
 * callee's version in w0; the caller's minor is used from then on. */
static void test_version_older_minor_negotiated(void **state)
{
	(void)state;
	expect_version(ut_nwd(0), FFA_VERSION_1_1, FFA_VERSION_1_1);
	/* One NWd endpoint: the version holds on every CPU. */
	assert_int_equal(spmc_endpoint_version(ut_fx.s, NWD), FFA_VERSION_1_1);
}

/* DEN0077 FFA_VERSION: a newer minor than the SPMC's -> w0 = SPMC version,
 * the SPMC's version is what both use. */
static void test_version_newer_minor_capped(void **state)
{
	(void)state;
	expect_version(ut_nwd(1), FFA_VERSION_MAKE(1, 9), SPMC_FFA_VERSION);
}

/* DEN0077 FFA_VERSION: negotiating v1.0 is allowed; the caller then gets
 * v1.0 (8-byte) partition information descriptors. */
static void test_version_v1_0_caller_gets_8_byte_descriptors(void **state)
{
	const struct ffa_partition_info_v1_0 *d;
	struct ffa_value r;

	(void)state;
	expect_version(ut_nwd(0), FFA_VERSION_1_0, FFA_VERSION_1_0);
	ut_nwd_map_rxtx();
	r = FFA(FFA_PARTITION_INFO_GET_32);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_ffa_success(&r, 4, 0); /* v1.0: no descriptor size in w3 */
	d = mock_phys_ptr(NWD_RX);
	assert_int_equal(d[0].id, SP1);
	assert_int_equal(d[1].id, SP2);
	assert_int_equal(d[1].exec_ctx_count, 4);
	assert_int_equal(d[2].id, SP3);
	assert_int_equal(d[3].id, SP4);
}

/* DEN0077 FFA_VERSION: an SP negotiates its own version, independent of the NWd. */
static void test_version_sp_negotiates_own_version(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp = ut_nwd_req(0, SP1, &r);

	(void)state;
	expect_version(sp, FFA_VERSION_1_1, FFA_VERSION_1_1);
	assert_int_equal(spmc_endpoint_version(ut_fx.s, NWD), FFA_VERSION_1_0);
	assert_int_equal(spmc_endpoint_version(ut_fx.s, SP2), SPMC_FFA_VERSION);
}

/* DEN0077 FFA_VERSION: incompatible major version -> NOT_SUPPORTED in w0
 * (not FFA_ERROR), negotiated version unchanged. */
static void test_version_incompatible_major_not_supported_in_w0(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	EXPECT_VERSION_FAIL(0, ut_nwd(0), FFA(FFA_VERSION_32, FFA_VERSION_MAKE(2, 0)));
	EXPECT_VERSION_FAIL(0, ut_nwd(0), FFA(FFA_VERSION_32, FFA_VERSION_MAKE(0, 9)));
	assert_int_equal(spmc_endpoint_version(ut_fx.s, NWD), FFA_VERSION_1_1);
}

/* DEN0077 FFA_VERSION: input bit 31 set (MBZ) -> NOT_SUPPORTED in w0, whose
 * bit 31 is then set (negative error code). */
static void test_version_bit31_not_supported(void **state)
{
	struct ffa_value r = FFA(FFA_VERSION_32, 0x80000000u | FFA_VERSION_1_1);

	(void)state;
	EXPECT_VERSION_FAIL(0, ut_nwd(0), r);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_true(r.x[0] & (1u << 31));
	assert_int_equal((int32_t)(uint32_t)r.x[0], FFA_RET_NOT_SUPPORTED);
}

/* DEN0077 FFA_VERSION: its only failure is NOT_SUPPORTED in w0; reserved
 * w2..w7 non-zero fails that way too, never with FFA_ERROR. */
static void test_version_reserved_regs_not_supported_in_w0(void **state)
{
	(void)state;
	EXPECT_VERSION_FAIL(0, ut_nwd(0), FFA(FFA_VERSION_32, FFA_VERSION_1_1, 1));
	EXPECT_VERSION_FAIL(0, ut_nwd(0), FFA(FFA_VERSION_32, FFA_VERSION_1_1, 0, 0, 0, 0, 0, 1));
	assert_int_equal(spmc_endpoint_version(ut_fx.s, NWD), FFA_VERSION_1_0);
}

/* SMCCC: an SMC32 call defines only the low 32 bits of each register; the
 * upper halves are ignored (FFA_VERSION w1). */
static void test_version_smc32_upper_half_ignored(void **state)
{
	(void)state;
	expect_version(ut_nwd(0), 0xffffffff00000000ull | FFA_VERSION_1_1, FFA_VERSION_1_1);
}

static void expect_features_ok(struct spmc_ec *ec, uint32_t fid, uint32_t w2)
{
	struct ffa_value r = FFA(FFA_FEATURES_32, fid);

	assert_ptr_equal(ut_call(spmc_ec_is_nwd(ec) ? spmc_ec_index(ec) : 0, ec, &r), ec);
	if ((uint32_t)r.x[0] != FFA_SUCCESS_32)
		fail_msg("FFA_FEATURES(0x%x) should succeed, got error %d", fid,
			 (int)ffa_error_code(&r));
	assert_ffa_success(&r, w2, 0);
}

/* DEN0077 FFA_FEATURES: every function the SPMC implements for the caller ->
 * SUCCESS, w2 = 0 (no properties), other registers zero. */
static void test_features_implemented_ids_success(void **state)
{
	static const uint32_t common[] = {
		FFA_SUCCESS_32, FFA_SUCCESS_64, FFA_ERROR_32, FFA_MEM_RETRIEVE_RESP_32,
		FFA_VERSION_32, FFA_FEATURES_32,
		FFA_RX_RELEASE_32, FFA_RXTX_UNMAP_32, FFA_PARTITION_INFO_GET_32, FFA_ID_GET_32,
		FFA_MSG_SEND_DIRECT_REQ_32, FFA_MSG_SEND_DIRECT_REQ_64, FFA_SPM_ID_GET_32,
		FFA_PARTITION_INFO_GET_REGS_64, FFA_MSG_SEND_DIRECT_REQ2_64,
	};
	static const uint32_t nwd_only[] = {FFA_RUN_32, FFA_RX_ACQUIRE_32};
	static const uint32_t sp_only[] = {
		FFA_MSG_WAIT_32, FFA_YIELD_32, FFA_MSG_SEND_DIRECT_RESP_32,
		FFA_MSG_SEND_DIRECT_RESP_64, FFA_CONSOLE_LOG_32, FFA_CONSOLE_LOG_64,
		FFA_MSG_SEND_DIRECT_RESP2_64,
	};
	struct ffa_value r;
	struct spmc_ec *sp;

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(common); i++)
		expect_features_ok(ut_nwd(0), common[i], 0);
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(nwd_only); i++)
		expect_features_ok(ut_nwd(0), nwd_only[i], 0);
	sp = ut_nwd_req(0, SP1, &r);
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(common); i++)
		expect_features_ok(sp, common[i], 0);
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(sp_only); i++)
		expect_features_ok(sp, sp_only[i], 0);
}

/* DEN0077 FFA_FEATURES: functions not implemented at this FF-A instance ->
 * NOT_SUPPORTED; nothing changes. */
static void test_features_unimplemented_ids_not_supported(void **state)
{
	static const uint32_t ids[] = {
		FFA_SMC32(0x78) /* MEM_OP_PAUSE */, FFA_SMC32(0x79) /* MEM_OP_RESUME */,
		FFA_MEM_PERM_GET_32 /* S-EL0 partitions only */, FFA_MSG_POLL_32, FFA_MSG_SEND_32,
		FFA_NOTIFICATION_BIND2_64, FFA_INTERRUPT_32,
		FFA_MSG_WAIT_64, FFA_YIELD_64, FFA_RUN_64, FFA_ABORT_32, FFA_EL3_INTR_HANDLE_32,
		FFA_SMC64(0x63) /* no SMC64 FFA_VERSION */, 0x840000ffu, 0x84000001u,
	};

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(ids); i++)
		EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, ids[i]), FFA_RET_NOT_SUPPORTED);
}

/* DEN0077 FFA_FEATURES: an interface the SPMC implements only for the other
 * kind of endpoint is not supported for this caller. */
static void test_features_wrong_caller_kind_not_supported(void **state)
{
	static const uint32_t sp_only[] = {
		FFA_MSG_WAIT_32, FFA_YIELD_32, FFA_MSG_SEND_DIRECT_RESP_32, FFA_CONSOLE_LOG_64,
	};
	struct ffa_value r;
	struct spmc_ec *sp;

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(sp_only); i++)
		EXPECT_FFA_ERROR(1, ut_nwd(1), FFA(FFA_FEATURES_32, sp_only[i]),
				 FFA_RET_NOT_SUPPORTED);
	sp = ut_nwd_req(0, SP3, &r);
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_FEATURES_32, FFA_RX_ACQUIRE_32), FFA_RET_NOT_SUPPORTED);
	/* FFA_RUN is an SP's too (v1.1): it resumes a callee preempted in its
	 * call chain. */
	expect_features_ok(sp, FFA_RUN_32, 0);
}

/* DEN0077 FFA_FEATURES: ABIs introduced after the caller's negotiated version
 * are reported NOT_SUPPORTED to it (v1.0 NWd: SPM_ID_GET, RX_ACQUIRE,
 * PARTITION_INFO_GET_REGS, DIRECT_REQ2). */
static void test_features_respect_negotiated_version(void **state)
{
	static const uint32_t newer[] = {
		FFA_SPM_ID_GET_32, FFA_RX_ACQUIRE_32, FFA_PARTITION_INFO_GET_REGS_64,
		FFA_MSG_SEND_DIRECT_REQ2_64,
	};

	(void)state;
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(newer); i++)
		EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, newer[i]), FFA_RET_NOT_SUPPORTED);
	ut_nwd_version(FFA_VERSION_1_1);
	expect_features_ok(ut_nwd(0), FFA_SPM_ID_GET_32, 0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_PARTITION_INFO_GET_REGS_64),
			 FFA_RET_NOT_SUPPORTED);
}

/* DEN0077 FFA_FEATURES: feature IDs (w1 bit 31 clear: NPI, SRI, ME interrupt)
 * this SPMC does not implement -> NOT_SUPPORTED. */
static void test_features_feature_ids_not_supported(void **state)
{
	(void)state;
	/* The normal world receives neither partition interrupt; a v1.0 normal
	 * world has no notifications, so no schedule receiver interrupt. */
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_FEATURE_NPI), FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_FEATURE_SRI), FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_FEATURE_MEI), FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, 0), FFA_RET_NOT_SUPPORTED);
	/* From v1.1 it does. */
	ut_nwd_version(FFA_VERSION_1_1);
	expect_features_ok(ut_nwd(0), FFA_FEATURE_SRI, SPMC_SRI_INTID);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_FEATURE_SRI, 1),
			 FFA_RET_NOT_SUPPORTED);
}

/* DEN0077 FFA_FEATURES for FFA_RXTX_MAP: w2 [1:0] = minimum buffer size
 * (0: 4 KiB); for v1.0/v1.1 callers nothing else. */
static void test_features_rxtx_map_properties_pre_v1_2(void **state)
{
	(void)state;
	expect_features_ok(ut_nwd(0), FFA_RXTX_MAP_32, FFA_FEATURES_RXTX_MIN_4K);
	expect_features_ok(ut_nwd(0), FFA_RXTX_MAP_64, FFA_FEATURES_RXTX_MIN_4K);
	ut_nwd_version(FFA_VERSION_1_1);
	expect_features_ok(ut_nwd(0), FFA_RXTX_MAP_64, FFA_FEATURES_RXTX_MIN_4K);
}

/* DEN0077 v1.2 FFA_FEATURES for FFA_RXTX_MAP: w2 [31:16] = maximum buffer
 * size in pages; it is a size FFA_RXTX_MAP then accepts. */
static void test_features_rxtx_map_v1_2_max_pages(void **state)
{
	struct ffa_value r;
	uint32_t max;

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	r = FFA(FFA_FEATURES_32, FFA_RXTX_MAP_64);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_ffa_success(&r, r.x[2], 0);
	assert_int_equal(r.x[2] & 3, FFA_FEATURES_RXTX_MIN_4K);
	assert_int_equal(r.x[2] & 0xfffc, 0);
	max = (uint32_t)r.x[2] >> 16;
	assert_int_equal(max, 63);
	/* The advertised maximum maps; one more page does not. */
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_TX + 0x100000, max + 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_TX + 0x100000, max), 0,
			   0);
}

/* DEN0077 v1.2 FFA_FEATURES for FFA_RXTX_MAP: a configured limit is reported. */
static void test_features_rxtx_map_configured_max(void **state)
{
	struct ut *u = ut_begin_std();

	(void)state;
	u->cfg.rxtx_max_pages = 8;
	ut_init(u);
	ut_boot_all();
	ut_nwd_version(FFA_VERSION_1_2);
	expect_features_ok(ut_nwd(0), FFA_RXTX_MAP_32, 8u << 16);
}

/* DEN0077 FFA_FEATURES: input properties in w2 are defined only for memory
 * retrieve requests; non-zero otherwise -> INVALID_PARAMETERS. */
static void test_features_input_properties_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_FEATURES_32, FFA_ID_GET_32, 1),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_FEATURES: w3..w7 are MBZ -> INVALID_PARAMETERS. */
static void test_features_mbz_invalid(void **state)
{
	(void)state;
	for (int i = 3; i <= 7; i++) {
		struct ffa_value in = FFA(FFA_FEATURES_32, FFA_ID_GET_32);

		in.x[i] = 1;
		EXPECT_FFA_ERROR(0, ut_nwd(0), in, FFA_RET_INVALID_PARAMETERS);
	}
}

/* DEN0077 FFA_ID_GET: returns the caller's own endpoint ID in w2 (NWd: 0). */
static void test_id_get_returns_own_id(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp;

	(void)state;
	EXPECT_FFA_SUCCESS(2, ut_nwd(2), FFA(FFA_ID_GET_32), NWD, 0);
	sp = ut_nwd_req(1, SP2, &r);
	assert_ptr_equal(sp, ut_ec(SP2, 1));
	EXPECT_FFA_SUCCESS(1, sp, FFA(FFA_ID_GET_32), SP2, 0);
}

/* DEN0077 FFA_SPM_ID_GET (v1.1): returns the SPMC's ID to NWd and SPs. */
static void test_spm_id_get_returns_spmc_id(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp;

	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_SPM_ID_GET_32), SPMC_ID, 0);
	sp = ut_nwd_req(0, SP3, &r);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_SPM_ID_GET_32), SPMC_ID, 0);
}

/* DEN0077 FFA_SPM_ID_GET is a v1.1 interface: a v1.0 caller -> NOT_SUPPORTED. */
static void test_spm_id_get_v1_0_caller_not_supported(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_SPM_ID_GET_32), FFA_RET_NOT_SUPPORTED);
}

/* DEN0077: a function ID the FF-A instance does not implement -> NOT_SUPPORTED. */
static void test_unknown_function_id_not_supported(void **state)
{
	static const uint32_t ids[] = {
		0x84000099u, FFA_SMC64(0x63), FFA_SMC64(0x69), 0x84000000u, 0x8400005fu, 0u,
		0xffffffffu, FFA_SMC32(0x78), FFA_NOTIFICATION_GET2_64, FFA_SMC32(0x79),
	};
	struct ffa_value r;
	struct spmc_ec *sp;

	(void)state;
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(ids); i++)
		EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(ids[i]), FFA_RET_NOT_SUPPORTED);
	sp = ut_nwd_req(0, SP1, &r);
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(ids); i++)
		EXPECT_FFA_ERROR(0, sp, FFA(ids[i]), FFA_RET_NOT_SUPPORTED);
}

/* DEN0077: a function ID from a later version than the caller negotiated ->
 * NOT_SUPPORTED (the dispatcher agrees with FFA_FEATURES). */
static void test_newer_abi_than_negotiated_not_supported(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32), FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_PARTITION_INFO_GET_REGS_64), FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(0, ut_nwd(0),
			 FFA(FFA_MSG_SEND_DIRECT_REQ2_64, ffa_pack_ids(NWD, SP1)),
			 FFA_RET_NOT_SUPPORTED);
}

/* DEN0077 reserved (MBZ) argument registers non-zero -> INVALID_PARAMETERS,
 * for every register an ABI reserves (here FFA_ID_GET w1..w7). */
static void test_mbz_registers_invalid_parameters(void **state)
{
	(void)state;
	for (int i = 1; i <= 7; i++) {
		struct ffa_value in = FFA(FFA_ID_GET_32);

		in.x[i] = 1u << (i * 3);
		EXPECT_FFA_ERROR(0, ut_nwd(0), in, FFA_RET_INVALID_PARAMETERS);
	}
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32, 0, 1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_UNMAP_32, 0, 0, 1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 0), 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_PARTITION_INFO_GET_32, 0, 0, 0, 0, 0, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 1, 1),
			 FFA_RET_INVALID_PARAMETERS);
}

/* SMCCC: for SMC32 calls only w0..w7 are defined; garbage in the upper halves
 * of x1..x7 is ignored (FFA_ID_GET, FFA_FEATURES, FFA_RX_RELEASE). */
static void test_smc32_upper_halves_ignored(void **state)
{
	const uint64_t hi = 0xdead0000ull << 32;

	(void)state;
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_ID_GET_32, hi, hi, hi, hi, hi, hi, hi), NWD, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_FEATURES_32, hi | FFA_ID_GET_32, hi, hi), 0, 0);
	/* ... and x0's upper half does not change the function. */
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(hi | FFA_ID_GET_32), NWD, 0);
}

/* SMCCC: for SMC64 calls the whole register counts: a non-zero upper half of
 * an MBZ register -> INVALID_PARAMETERS (FFA_PARTITION_INFO_GET_REGS x4). */
static void test_smc64_upper_halves_checked(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_PARTITION_INFO_GET_REGS_64, 0, 0, 0, 1ull << 32),
			 FFA_RET_INVALID_PARAMETERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, ut_teardown)
		T(test_version_older_minor_negotiated),
		T(test_version_newer_minor_capped),
		T(test_version_v1_0_caller_gets_8_byte_descriptors),
		T(test_version_sp_negotiates_own_version),
		T(test_version_incompatible_major_not_supported_in_w0),
		T(test_version_bit31_not_supported),
		T(test_version_reserved_regs_not_supported_in_w0),
		T(test_version_smc32_upper_half_ignored),
		T(test_features_implemented_ids_success),
		T(test_features_unimplemented_ids_not_supported),
		T(test_features_wrong_caller_kind_not_supported),
		T(test_features_respect_negotiated_version),
		T(test_features_feature_ids_not_supported),
		T(test_features_rxtx_map_properties_pre_v1_2),
		T(test_features_rxtx_map_v1_2_max_pages),
		T(test_features_rxtx_map_configured_max),
		T(test_features_input_properties_invalid),
		T(test_features_mbz_invalid),
		T(test_id_get_returns_own_id),
		T(test_spm_id_get_returns_spmc_id),
		T(test_spm_id_get_v1_0_caller_not_supported),
		T(test_unknown_function_id_not_supported),
		T(test_newer_abi_than_negotiated_not_supported),
		T(test_mbz_registers_invalid_parameters),
		T(test_smc32_upper_halves_ignored),
		T(test_smc64_upper_halves_checked),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
