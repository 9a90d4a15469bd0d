/* SPDX-License-Identifier: BSD-3-Clause */
/* Discovery: FFA_PARTITION_INFO_GET (RX buffer) and FFA_PARTITION_INFO_GET_REGS (v1.2). */
#include "unit.h"

#define PROPS_SP1                                                                     \
	(FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND | FFA_PROP_DIRECT_REQ2_RECV | \
	 FFA_PROP_DIRECT_REQ2_SEND | FFA_PROP_AARCH64)
#define PROPS_SP2                                                                     \
	(FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND | FFA_PROP_DIRECT_REQ2_RECV | \
	 FFA_PROP_AARCH64)

static int setup(void **state)
{
	(void)state;
	ut_std_booted();
	return 0;
}

static struct ffa_value pig(uint32_t cpu, struct spmc_ec *ec, const uint32_t uuid[4],
			    uint32_t flags)
{
	struct ffa_value r =
		FFA(FFA_PARTITION_INFO_GET_32, uuid[0], uuid[1], uuid[2], uuid[3], flags);

	assert_ptr_equal(ut_call(cpu, ec, &r), ec);
	return r;
}

static struct ffa_value pig_in(const uint32_t uuid[4], uint32_t flags)
{
	return FFA(FFA_PARTITION_INFO_GET_32, uuid[0], uuid[1], uuid[2], uuid[3], flags);
}

static const struct ffa_partition_info_v1_1 *nwd_rx(void)
{
	return mock_phys_ptr(NWD_RX);
}

static void assert_desc(const struct ffa_partition_info_v1_1 *d, ffa_id_t id, uint16_t ecs,
			uint32_t props, const uint32_t uuid[4])
{
	assert_int_equal(d->id, id);
	assert_int_equal(d->exec_ctx_count, ecs);
	assert_int_equal(d->properties, props);
	assert_memory_equal(d->uuid, uuid, 16);
}

/* DEN0077 FFA_PARTITION_INFO_GET: nil UUID -> every partition, in the caller's
 * v1.1+ 24-byte layout; w2 = count, w3 = descriptor size; the caller then owns
 * its RX buffer. */
static void test_partition_info_get_nil_uuid_all(void **state)
{
	struct ffa_value r;
	const struct ffa_partition_info_v1_1 *d = nwd_rx();
	uint64_t copied = mock_hal.work[HAL_WORK_BYTES_COPIED];

	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	ut_nwd_map_rxtx();
	r = pig(0, ut_nwd(0), ut_uuid[0], 0);
	assert_ffa_success(&r, 4, sizeof(struct ffa_partition_info_v1_1));
	assert_desc(&d[0], SP1, 1, PROPS_SP1, ut_uuid[1]);
	assert_desc(&d[1], SP2, 4, PROPS_SP2, ut_uuid[2]);
	assert_desc(&d[2], SP3, 1, FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_AARCH64, ut_uuid[3]);
	assert_desc(&d[3], SP4, 1, FFA_PROP_DIRECT_REQ_SEND | FFA_PROP_AARCH64, ut_uuid[4]);
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, NWD));
	assert_int_equal(mock_hal.work[HAL_WORK_BYTES_COPIED] - copied, 4 * 24);
}

/* DEN0077 FFA_PARTITION_INFO_GET: a v1.1 caller sees only the property bits
 * v1.1 defines ([8:0]); the REQ2 bits 9 and 10 are v1.2's. */
static void test_partition_info_get_v1_1_props_masked(void **state)
{
	struct ffa_value r;
	const struct ffa_partition_info_v1_1 *d = nwd_rx();

	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	r = pig(0, ut_nwd(0), ut_uuid[0], 0);
	assert_ffa_success(&r, 4, sizeof(struct ffa_partition_info_v1_1));
	assert_desc(&d[0], SP1, 1, PROPS_SP1 & FFA_PROP_V1_1_MASK, ut_uuid[1]);
	assert_int_equal(d[0].properties & (FFA_PROP_DIRECT_REQ2_RECV | FFA_PROP_DIRECT_REQ2_SEND), 0);
	assert_desc(&d[1], SP2, 4, PROPS_SP2 & FFA_PROP_V1_1_MASK, ut_uuid[2]);
}

/* DEN0077 FFA_PARTITION_INFO_GET: a UUID -> only the partitions with it. */
static void test_partition_info_get_one_uuid(void **state)
{
	struct ffa_value r;
	const struct ffa_partition_info_v1_1 *d = nwd_rx();

	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	memset(mock_phys_ptr(NWD_RX), 0xee, FFA_PAGE_SIZE);
	r = pig(0, ut_nwd(0), ut_uuid[3], 0);
	assert_ffa_success(&r, 1, 24);
	assert_desc(&d[0], SP3, 1, FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_AARCH64, ut_uuid[3]);
	assert_int_equal(((const uint8_t *)d)[24], 0xee); /* nothing past the one descriptor */
}

/* DEN0077 FFA_PARTITION_INFO_GET: several partitions may share a UUID; all match. */
static void test_partition_info_get_shared_uuid(void **state)
{
	struct ut *u = ut_begin_std();
	struct ffa_value r;

	(void)state;
	memcpy(u->parts[3].uuid, ut_uuid[1], 16);
	ut_init(u);
	ut_boot_all();
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	r = pig(0, ut_nwd(0), ut_uuid[1], 0);
	assert_ffa_success(&r, 2, 24);
	assert_int_equal(nwd_rx()[0].id, SP1);
	assert_int_equal(nwd_rx()[1].id, SP4);
}

/* DEN0077 FFA_PARTITION_INFO_GET: a UUID no partition has -> INVALID_PARAMETERS. */
static void test_partition_info_get_unknown_uuid_invalid(void **state)
{
	static const uint32_t unknown[4] = {1, 2, 3, 4};

	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	EXPECT_FFA_ERROR(0, ut_nwd(0), pig_in(unknown, 0), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), pig_in(unknown, FFA_PARTITION_INFO_GET_COUNT_ONLY),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 v1.1 FFA_PARTITION_INFO_GET, w5 bit 0: return the count only; the
 * RX buffer is neither needed nor touched, w3 is zero. */
static void test_partition_info_get_count_only(void **state)
{
	struct ffa_value r;

	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	r = pig(0, ut_nwd(0), ut_uuid[0], FFA_PARTITION_INFO_GET_COUNT_ONLY);
	assert_ffa_success(&r, 4, 0);
	ut_nwd_map_rxtx();
	memset(mock_phys_ptr(NWD_RX), 0xee, FFA_PAGE_SIZE);
	r = pig(0, ut_nwd(0), ut_uuid[2], FFA_PARTITION_INFO_GET_COUNT_ONLY);
	assert_ffa_success(&r, 1, 0);
	assert_int_equal(*(const uint8_t *)mock_phys_ptr(NWD_RX), 0xee);
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, NWD));
	/* Even while the endpoint owns its RX buffer. */
	r = pig(0, ut_nwd(0), ut_uuid[0], 0);
	r = pig(0, ut_nwd(0), ut_uuid[0], FFA_PARTITION_INFO_GET_COUNT_ONLY);
	assert_ffa_success(&r, 4, 0);
}

/* DEN0077 v1.0 FFA_PARTITION_INFO_GET: w5 is reserved (MBZ) in v1.0, so the
 * count-only flag from a v1.0 caller -> INVALID_PARAMETERS. */
static void test_partition_info_get_count_only_v1_0_invalid(void **state)
{
	(void)state;
	ut_nwd_map_rxtx();
	EXPECT_FFA_ERROR(0, ut_nwd(0), pig_in(ut_uuid[0], FFA_PARTITION_INFO_GET_COUNT_ONLY),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_PARTITION_INFO_GET: w5 bits [31:1] are MBZ -> INVALID_PARAMETERS. */
static void test_partition_info_get_reserved_flags_invalid(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_2);
	ut_nwd_map_rxtx();
	EXPECT_FFA_ERROR(0, ut_nwd(0), pig_in(ut_uuid[0], 2), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), pig_in(ut_uuid[0], 0x80000001u), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 v1.0 FFA_PARTITION_INFO_GET: 8-byte descriptors (no UUID), only
 * property bits [2:0] (the ones v1.0 defines), w3 zero. */
static void test_partition_info_get_v1_0_layout(void **state)
{
	const struct ffa_partition_info_v1_0 *d = mock_phys_ptr(NWD_RX);
	struct ffa_value r;

	(void)state;
	ut_nwd_map_rxtx();
	memset(mock_phys_ptr(NWD_RX), 0xee, FFA_PAGE_SIZE);
	r = pig(0, ut_nwd(0), ut_uuid[0], 0);
	assert_ffa_success(&r, 4, 0);
	assert_int_equal(d[0].id, SP1);
	assert_int_equal(d[0].exec_ctx_count, 1);
	assert_int_equal(d[0].properties, FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND);
	assert_int_equal(d[1].id, SP2);
	assert_int_equal(d[1].exec_ctx_count, 4);
	assert_int_equal(d[1].properties, FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND);
	assert_int_equal(d[2].properties, FFA_PROP_DIRECT_REQ_RECV);
	assert_int_equal(d[3].id, SP4);
	assert_int_equal(d[3].properties, FFA_PROP_DIRECT_REQ_SEND);
	assert_int_equal(((const uint8_t *)d)[32], 0xee);
	/* A UUID still selects in v1.0. */
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32), 0, 0);
	r = pig(0, ut_nwd(0), ut_uuid[2], 0);
	assert_ffa_success(&r, 1, 0);
	assert_int_equal(d[0].id, SP2);
}

/* DEN0077 FFA_PARTITION_INFO_GET: the caller has no RX buffer -> BUSY. */
static void test_partition_info_get_rx_not_mapped_busy(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	EXPECT_FFA_ERROR(0, ut_nwd(0), pig_in(ut_uuid[0], 0), FFA_RET_BUSY);
}

/* DEN0077 FFA_PARTITION_INFO_GET: the caller still owns its RX buffer (not
 * released since the last message) -> BUSY; after FFA_RX_RELEASE it works. */
static void test_partition_info_get_rx_busy(void **state)
{
	struct ffa_value r;

	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	r = pig(0, ut_nwd(0), ut_uuid[0], 0);
	assert_ffa_success(&r, 4, 24);
	memset(mock_phys_ptr(NWD_RX), 0xee, FFA_PAGE_SIZE);
	EXPECT_FFA_ERROR(1, ut_nwd(1), pig_in(ut_uuid[1], 0), FFA_RET_BUSY);
	assert_int_equal(*(const uint8_t *)mock_phys_ptr(NWD_RX), 0xee); /* not overwritten */
	EXPECT_FFA_SUCCESS(1, ut_nwd(1), FFA(FFA_RX_RELEASE_32), 0, 0);
	r = pig(1, ut_nwd(1), ut_uuid[1], 0);
	assert_ffa_success(&r, 1, 24);
	assert_int_equal(nwd_rx()[0].id, SP1);
}

/* DEN0077 FFA_PARTITION_INFO_GET: the descriptors do not fit the caller's RX
 * buffer -> NO_MEMORY (171 partitions x 24 bytes > one 4 KiB page). */
static void test_partition_info_get_rx_too_small_no_memory(void **state)
{
	struct ut *u = ut_begin(1);
	struct ffa_value r;

	(void)state;
	for (uint32_t i = 0; i < 171; i++)
		ut_add(u, (ffa_id_t)(0x8001 + i), 1, FFA_PROP_DIRECT_REQ_RECV)->mem_size = 0;
	ut_init(u);
	ut_boot_all();
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	EXPECT_FFA_ERROR(0, ut_nwd(0), pig_in(ut_uuid[0], 0), FFA_RET_NO_MEMORY);
	/* The count alone is still available, and a two-page buffer fits them. */
	r = pig(0, ut_nwd(0), ut_uuid[0], FFA_PARTITION_INFO_GET_COUNT_ONLY);
	assert_ffa_success(&r, 171, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_UNMAP_32), 0, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 2), 0, 0);
	r = pig(0, ut_nwd(0), ut_uuid[0], 0);
	assert_ffa_success(&r, 171, 24);
	assert_int_equal(nwd_rx()[170].id, 0x8001 + 170);
}

/* DEN0077 FFA_PARTITION_INFO_GET from an SP: into the SP's own RX buffer, in
 * the SP's version's layout; RX_RELEASE hands it back. */
static void test_partition_info_get_from_sp(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp = ut_nwd_req(0, SP1, &r);
	const uint64_t tx = UT_SP_BASE(0) + 0x8000, rx = UT_SP_BASE(0) + 0x9000;
	const struct ffa_partition_info_v1_1 *d = mock_phys_ptr(rx);

	(void)state;
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RXTX_MAP_64, tx, rx, 1), 0, 0);
	r = pig(0, sp, ut_uuid[0], 0);
	assert_ffa_success(&r, 4, 24);
	assert_desc(&d[1], SP2, 4, PROPS_SP2, ut_uuid[2]);
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, NWD));
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32), 0, 0);
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
}

/* DEN0077: a v1.0 SP (manifest ffa-version 1.0) gets v1.0 descriptors. */
static void test_partition_info_get_from_v1_0_sp(void **state)
{
	struct ut *u = ut_begin_std();
	struct ffa_value r;
	struct spmc_ec *sp;
	const uint64_t tx = UT_SP_BASE(2) + 0x8000, rx = UT_SP_BASE(2) + 0x9000;
	const struct ffa_partition_info_v1_0 *d = mock_phys_ptr(rx);

	(void)state;
	u->parts[2].ffa_version = FFA_VERSION_1_0;
	ut_init(u);
	ut_boot_all();
	sp = ut_nwd_req(0, SP3, &r);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RXTX_MAP_64, tx, rx, 1), 0, 0);
	r = pig(0, sp, ut_uuid[0], 0);
	assert_ffa_success(&r, 4, 0);
	assert_int_equal(d[3].id, SP4);
	assert_int_equal(d[0].properties, FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND);
}

/* ---- FFA_PARTITION_INFO_GET_REGS ---- */

static const uint32_t many_uuid[7][4] = {
	{0xa0, 1, 2, 3}, {0xa1, 1, 2, 3}, {0xa2, 1, 2, 3}, {0xa3, 1, 2, 3},
	{0xa4, 1, 2, 3}, {0xa5, 1, 2, 3}, {0xa6, 1, 2, 3},
};

/* Seven UP partitions 0x8001..0x8007; NWd negotiated v1.2. */
static void seven_partitions(void)
{
	struct ut *u = ut_begin(2);

	for (uint32_t i = 0; i < 7; i++)
		memcpy(ut_add(u, (ffa_id_t)(0x8001 + i), i == 3 ? 2 : 1,
			      FFA_PROP_DIRECT_REQ_RECV)->uuid,
		       many_uuid[i], 16);
	ut_init(u);
	ut_boot_all();
	ut_nwd_version(FFA_VERSION_1_2);
}

static struct ffa_value pigr_in(const uint32_t uuid[4], uint16_t start, uint16_t tag)
{
	return FFA(FFA_PARTITION_INFO_GET_REGS_64, (uint64_t)uuid[0] | (uint64_t)uuid[1] << 32,
		   (uint64_t)uuid[2] | (uint64_t)uuid[3] << 32,
		   (uint64_t)start | (uint64_t)tag << 16);
}

static void assert_regs_desc(const struct ffa_value *r, uint32_t slot, uint32_t part)
{
	uint64_t props = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_AARCH64;
	uint64_t ecs = part == 3 ? 2 : 1;

	assert_int_equal(r->x[3 + 3 * slot], (0x8001 + part) | ecs << 16 | props << 32);
	assert_int_equal(r->x[4 + 3 * slot],
			 (uint64_t)many_uuid[part][0] | (uint64_t)many_uuid[part][1] << 32);
	assert_int_equal(r->x[5 + 3 * slot],
			 (uint64_t)many_uuid[part][2] | (uint64_t)many_uuid[part][3] << 32);
}

/* DEN0077 FFA_PARTITION_INFO_GET_REGS: more partitions than fit one call (5):
 * the first call returns 0..4 with last index 6, current index 4, tag 0,
 * descriptor size 24; the caller continues from current + 1. */
static void test_partition_info_get_regs_paging(void **state)
{
	struct ffa_value r;

	(void)state;
	seven_partitions();
	r = pigr_in(ut_uuid[0], 0, 0);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_SUCCESS_64);
	assert_int_equal(r.x[1], 0);
	assert_int_equal(r.x[2], ffa_pigr_pack_x2(6, 4, 0, 24));
	for (uint32_t i = 0; i < 5; i++)
		assert_regs_desc(&r, i, i);

	r = pigr_in(ut_uuid[0], 5, 0);
	assert_ptr_equal(ut_call(1, ut_nwd(1), &r), ut_nwd(1));
	assert_int_equal(r.x[0], FFA_SUCCESS_64);
	assert_int_equal(r.x[1], 0);
	assert_int_equal(r.x[2], ffa_pigr_pack_x2(6, 6, 0, 24));
	assert_regs_desc(&r, 0, 5);
	assert_regs_desc(&r, 1, 6);
	for (int i = 9; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], 0);
	/* Discovery through registers leaves the RX buffer alone. */
	assert_int_equal(mock_spmc_maps_live(), 0);
}

/* DEN0077 FFA_PARTITION_INFO_GET_REGS: a UUID selects its partitions only. */
static void test_partition_info_get_regs_one_uuid(void **state)
{
	struct ffa_value r;

	(void)state;
	seven_partitions();
	r = pigr_in(many_uuid[3], 0, 0);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_SUCCESS_64);
	assert_int_equal(r.x[2], ffa_pigr_pack_x2(0, 0, 0, 24));
	assert_regs_desc(&r, 0, 3);
	for (int i = 6; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], 0);
}

/* DEN0077 FFA_PARTITION_INFO_GET_REGS: start index beyond the last
 * descriptor -> INVALID_PARAMETERS. */
static void test_partition_info_get_regs_start_out_of_range_invalid(void **state)
{
	(void)state;
	seven_partitions();
	EXPECT_FFA_ERROR(0, ut_nwd(0), pigr_in(ut_uuid[0], 7, 0), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), pigr_in(ut_uuid[0], 0xffff, 0), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), pigr_in(many_uuid[1], 1, 0), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_PARTITION_INFO_GET_REGS: a tag the SPMC never issued (it only
 * ever returns 0) is not valid -> RETRY. */
static void test_partition_info_get_regs_bad_tag_retry(void **state)
{
	(void)state;
	seven_partitions();
	EXPECT_FFA_ERROR(0, ut_nwd(0), pigr_in(ut_uuid[0], 0, 1), FFA_RET_RETRY);
	EXPECT_FFA_ERROR(0, ut_nwd(0), pigr_in(ut_uuid[0], 5, 0x8000), FFA_RET_RETRY);
}

/* DEN0077 FFA_PARTITION_INFO_GET_REGS: x3 bits [63:32] are MBZ -> INVALID_PARAMETERS. */
static void test_partition_info_get_regs_x3_reserved_invalid(void **state)
{
	struct ffa_value in;

	(void)state;
	seven_partitions();
	in = pigr_in(ut_uuid[0], 0, 0);
	in.x[3] |= 1ull << 40;
	EXPECT_FFA_ERROR(0, ut_nwd(0), in, FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_PARTITION_INFO_GET_REGS: unknown UUID -> INVALID_PARAMETERS. */
static void test_partition_info_get_regs_unknown_uuid_invalid(void **state)
{
	static const uint32_t unknown[4] = {9, 9, 9, 9};

	(void)state;
	seven_partitions();
	EXPECT_FFA_ERROR(0, ut_nwd(0), pigr_in(unknown, 0, 0), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_PARTITION_INFO_GET_REGS is a v1.2 interface: a v1.1 caller ->
 * NOT_SUPPORTED. */
static void test_partition_info_get_regs_v1_1_not_supported(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	EXPECT_FFA_ERROR(0, ut_nwd(0), pigr_in(ut_uuid[0], 0, 0), FFA_RET_NOT_SUPPORTED);
}

/* DEN0077 FFA_PARTITION_INFO_GET_REGS from an SP (v1.2 by manifest). */
static void test_partition_info_get_regs_from_sp(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp = ut_nwd_req(0, SP3, &r);

	(void)state;
	r = pigr_in(ut_uuid[0], 0, 0);
	assert_ptr_equal(ut_call(0, sp, &r), sp);
	assert_int_equal(r.x[0], FFA_SUCCESS_64);
	assert_int_equal(r.x[2], ffa_pigr_pack_x2(3, 3, 0, 24));
	assert_int_equal(r.x[3], SP1 | 1ull << 16 | (uint64_t)PROPS_SP1 << 32);
	assert_int_equal(r.x[6], SP2 | 4ull << 16 | (uint64_t)PROPS_SP2 << 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, ut_teardown)
		T(test_partition_info_get_nil_uuid_all),
		T(test_partition_info_get_v1_1_props_masked),
		T(test_partition_info_get_one_uuid),
		T(test_partition_info_get_shared_uuid),
		T(test_partition_info_get_unknown_uuid_invalid),
		T(test_partition_info_get_count_only),
		T(test_partition_info_get_count_only_v1_0_invalid),
		T(test_partition_info_get_reserved_flags_invalid),
		T(test_partition_info_get_v1_0_layout),
		T(test_partition_info_get_rx_not_mapped_busy),
		T(test_partition_info_get_rx_busy),
		T(test_partition_info_get_rx_too_small_no_memory),
		T(test_partition_info_get_from_sp),
		T(test_partition_info_get_from_v1_0_sp),
		T(test_partition_info_get_regs_paging),
		T(test_partition_info_get_regs_one_uuid),
		T(test_partition_info_get_regs_start_out_of_range_invalid),
		T(test_partition_info_get_regs_bad_tag_retry),
		T(test_partition_info_get_regs_x3_reserved_invalid),
		T(test_partition_info_get_regs_unknown_uuid_invalid),
		T(test_partition_info_get_regs_v1_1_not_supported),
		T(test_partition_info_get_regs_from_sp),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
