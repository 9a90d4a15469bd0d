/* SPDX-License-Identifier: BSD-3-Clause */
/* RX/TX mailboxes: FFA_RXTX_MAP (32/64), FFA_RXTX_UNMAP, FFA_RX_RELEASE, FFA_RX_ACQUIRE. */
#include "unit.h"

static int setup(void **state)
{
	(void)state;
	ut_std_booted();
	return 0;
}

/* SP1's buffers: two pages inside its own memory (identity-mapped IPA). */
#define SP1_TX (UT_SP_BASE(0) + 0x8000)
#define SP1_RX (UT_SP_BASE(0) + 0xa000)

/* SP1 running (handling a direct request from the NWd on CPU 0). */
static struct spmc_ec *sp1_running(void)
{
	struct ffa_value r;

	return ut_nwd_req(0, SP1, &r);
}

/* Fills the caller's RX (PARTITION_INFO_GET), so the endpoint owns it. */
static void fill_rx(uint32_t cpu, struct spmc_ec *ec)
{
	struct ffa_value r = FFA(FFA_PARTITION_INFO_GET_32);

	assert_ptr_equal(ut_call(cpu, ec, &r), ec);
	assert_int_equal(r.x[0], FFA_SUCCESS_32);
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, spmc_ec_id(ec)));
}

/* DEN0077 FFA_RXTX_MAP_64 from the NWd: TX/RX physical addresses in NS memory
 * -> SUCCESS (other registers zero); the SPMC maps TX read-only and RX
 * read-write, both non-secure. */
static void test_rxtx_map_64_nwd_success(void **state)
{
	const struct mock_spmc_map *tx, *rx;

	(void)state;
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 2), 0, 0);
	assert_int_equal(mock_spmc_maps_live(), 2);
	tx = mock_spmc_map_of(NWD_TX);
	rx = mock_spmc_map_of(NWD_RX);
	assert_non_null(tx);
	assert_non_null(rx);
	assert_int_equal(tx->size, 2 * FFA_PAGE_SIZE);
	assert_int_equal(rx->size, 2 * FFA_PAGE_SIZE);
	assert_int_equal(tx->attrs, HAL_MEM_R | HAL_MEM_NS);
	assert_int_equal(rx->attrs, HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS);
	assert_int_equal(mock_hal.work[HAL_WORK_PAGES_MAPPED], 4 * 64 + 4);
	/* The RX buffer starts owned by the SPMC (producer), not the endpoint. */
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, NWD));
}

/* DEN0077 FFA_RXTX_MAP_32: addresses are w1/w2; upper halves are ignored. */
static void test_rxtx_map_32_success_upper_halves_ignored(void **state)
{
	const uint64_t hi = 0xffffffffull << 32;

	(void)state;
	EXPECT_FFA_SUCCESS(1, ut_nwd(1), FFA(FFA_RXTX_MAP_32, hi | NWD_TX, hi | NWD_RX, hi | 1), 0,
			   0);
	assert_non_null(mock_spmc_map_of(NWD_TX));
	assert_non_null(mock_spmc_map_of(NWD_RX));
}

/* DEN0077 FFA_RXTX_MAP from an SP: IPAs in its own address space, resolved to
 * the physical pages it maps read-write; mapped secure. */
static void test_rxtx_map_sp_success(void **state)
{
	struct spmc_ec *sp = sp1_running();
	const struct mock_spmc_map *tx, *rx;

	(void)state;
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), 0, 0);
	tx = mock_spmc_map_of(SP1_TX);
	rx = mock_spmc_map_of(SP1_RX);
	assert_non_null(tx);
	assert_non_null(rx);
	assert_int_equal(tx->attrs, HAL_MEM_R);
	assert_int_equal(rx->attrs, HAL_MEM_R | HAL_MEM_W);
	assert_ptr_equal(rx->va, mock_phys_ptr(SP1_RX));
}

/* An SP's IPA may map to a different PA: the SPMC maps the PA, not the IPA. */
static void test_rxtx_map_sp_ipa_translated(void **state)
{
	struct spmc_ec *sp = sp1_running();
	const uint64_t ipa = 0x40000000ull, pa = MOCK_SEC_BASE + 0x300000ull;

	(void)state;
	assert_int_equal(hal_as_map(mock_as_of(SP1), ipa, pa, 2 * FFA_PAGE_SIZE,
				    HAL_MEM_R | HAL_MEM_W),
			 0);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RXTX_MAP_64, ipa, ipa + FFA_PAGE_SIZE, 1), 0, 0);
	assert_non_null(mock_spmc_map_of(pa));
	assert_non_null(mock_spmc_map_of(pa + FFA_PAGE_SIZE));
	assert_null(mock_spmc_map_of(ipa));
}

/* DEN0077 FFA_RXTX_MAP: a buffer pair is already registered -> DENIED. */
static void test_rxtx_map_already_mapped_denied(void **state)
{
	(void)state;
	ut_nwd_map_rxtx();
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX + 0x100000, NWD_RX + 0x100000, 1),
			 FFA_RET_DENIED);
	/* The mailbox belongs to the endpoint, not the CPU. */
	EXPECT_FFA_ERROR(3, ut_nwd(3), FFA(FFA_RXTX_MAP_32, NWD_TX, NWD_RX, 1), FFA_RET_DENIED);
}

/* DEN0077 FFA_RXTX_MAP: TX or RX address not aligned to the 4 KiB minimum
 * buffer size -> INVALID_PARAMETERS. */
static void test_rxtx_map_unaligned_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX + 0x800, NWD_RX, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX + 8, 1),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RXTX_MAP: page count 0 -> INVALID_PARAMETERS. */
static void test_rxtx_map_zero_pages_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 0),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RXTX_MAP: more pages than the SPMC supports -> INVALID_PARAMETERS. */
static void test_rxtx_map_too_many_pages_invalid(void **state)
{
	struct ut *u = ut_begin_std();

	(void)state;
	u->cfg.rxtx_max_pages = 4;
	ut_init(u);
	ut_boot_all();
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_TX + 0x100000, 5),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_TX + 0x100000, 4), 0, 0);
}

/* DEN0077 FFA_RXTX_MAP: w3 bits [31:6] are MBZ -> INVALID_PARAMETERS. */
static void test_rxtx_map_page_count_reserved_bits_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 0x41),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 0x80000001u),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RXTX_MAP: TX and RX must be distinct buffers; overlapping
 * ranges -> INVALID_PARAMETERS. */
static void test_rxtx_map_overlapping_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_TX, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_TX + FFA_PAGE_SIZE, 2),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX + FFA_PAGE_SIZE, NWD_TX, 2),
			 FFA_RET_INVALID_PARAMETERS);
	/* Adjacent is fine. */
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_TX + 2 * FFA_PAGE_SIZE, 2),
			   0, 0);
}

/* DEN0077 FFA_RXTX_MAP: a range that wraps the address space -> INVALID_PARAMETERS. */
static void test_rxtx_map_wrapping_range_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, 0xfffffffffffff000ull, NWD_RX, 2),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RXTX_MAP: the NWd naming secure memory (or memory that is not
 * NS DRAM) for a buffer -> INVALID_PARAMETERS. */
static void test_rxtx_map_nwd_secure_memory_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, UT_SP_BASE(0), NWD_RX, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, UT_SP_BASE(1), 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, MOCK_DEV_BASE, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, 0x1000, 1),
			 FFA_RET_INVALID_PARAMETERS);
	/* Straddling the end of NS DRAM. */
	EXPECT_FFA_ERROR(0, ut_nwd(0),
			 FFA(FFA_RXTX_MAP_64, NWD_TX, MOCK_NS_BASE + MOCK_NS_SIZE - FFA_PAGE_SIZE, 2),
			 FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RXTX_MAP: an SP naming an IPA it has not mapped -> INVALID_PARAMETERS. */
static void test_rxtx_map_sp_unmapped_ipa_invalid(void **state)
{
	struct spmc_ec *sp = sp1_running();

	(void)state;
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_RXTX_MAP_64, 0x50000000ull, SP1_RX, 1),
			 FFA_RET_INVALID_PARAMETERS);
	/* Another SP's memory is not in SP1's address space. */
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_RXTX_MAP_64, SP1_TX, UT_SP_BASE(1), 1),
			 FFA_RET_INVALID_PARAMETERS);
	/* Partly outside its memory. */
	EXPECT_FFA_ERROR(0, sp,
			 FFA(FFA_RXTX_MAP_64, SP1_TX, UT_SP_BASE(0) + UT_SP_MEM - FFA_PAGE_SIZE, 2),
			 FFA_RET_INVALID_PARAMETERS);
	/* A hole: the second page of a two-page buffer is no longer mapped. */
	hal_as_unmap(mock_as_of(SP1), SP1_RX + FFA_PAGE_SIZE, FFA_PAGE_SIZE);
	assert_int_equal(mock_as_of(SP1)->nranges, 2);
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 2),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), 0, 0);
}

/* DEN0077 FFA_RXTX_MAP: an SP's buffer must be memory it can write: a
 * read-only or device mapping -> INVALID_PARAMETERS. */
static void test_rxtx_map_sp_not_writable_or_device_invalid(void **state)
{
	struct spmc_ec *sp = sp1_running();
	const uint64_t ro = 0x40000000ull, dev = 0x41000000ull;

	(void)state;
	assert_int_equal(hal_as_map(mock_as_of(SP1), ro, MOCK_SEC_BASE + 0x300000, FFA_PAGE_SIZE,
				    HAL_MEM_R),
			 0);
	assert_int_equal(hal_as_map(mock_as_of(SP1), dev, MOCK_SEC_BASE + 0x301000, FFA_PAGE_SIZE,
				    HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE),
			 0);
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_RXTX_MAP_64, SP1_TX, ro, 1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_RXTX_MAP_64, dev, SP1_RX, 1), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RXTX_MAP: a buffer must be physically contiguous; IPA pages
 * backed by scattered PAs -> INVALID_PARAMETERS. */
static void test_rxtx_map_sp_non_contiguous_invalid(void **state)
{
	struct spmc_ec *sp = sp1_running();
	const uint64_t ipa = 0x40000000ull;
	struct hal_as *as = mock_as_of(SP1);

	(void)state;
	assert_int_equal(hal_as_map(as, ipa, MOCK_SEC_BASE + 0x300000, FFA_PAGE_SIZE,
				    HAL_MEM_R | HAL_MEM_W),
			 0);
	assert_int_equal(hal_as_map(as, ipa + FFA_PAGE_SIZE, MOCK_SEC_BASE + 0x302000,
				    FFA_PAGE_SIZE, HAL_MEM_R | HAL_MEM_W),
			 0);
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_RXTX_MAP_64, ipa, SP1_RX, 2), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RXTX_MAP: the SPMC cannot map the TX buffer -> NO_MEMORY,
 * nothing left mapped. */
static void test_rxtx_map_spmc_map_tx_failure_no_memory(void **state)
{
	(void)state;
	mock_hal.spmc_map_fail_at = 1;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 1), FFA_RET_NO_MEMORY);
	assert_int_equal(mock_spmc_maps_live(), 0);
}

/* DEN0077 FFA_RXTX_MAP: the SPMC cannot map the RX buffer -> NO_MEMORY; the
 * TX mapping already made is undone. */
static void test_rxtx_map_spmc_map_rx_failure_no_memory(void **state)
{
	(void)state;
	mock_hal.spmc_map_fail_at = 2;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_MAP_64, NWD_TX, NWD_RX, 1), FFA_RET_NO_MEMORY);
	assert_int_equal(mock_hal.spmc_map_calls, 2);
	assert_int_equal(mock_hal.spmc_unmap_calls, 1);
	assert_int_equal(mock_spmc_maps_live(), 0);
	/* And the endpoint can try again. */
	ut_nwd_map_rxtx();
}

/* DEN0077 FFA_RXTX_UNMAP: unregisters the caller's pair -> SUCCESS; the SPMC
 * unmaps both; a new pair can then be mapped. */
static void test_rxtx_unmap_success(void **state)
{
	(void)state;
	ut_nwd_map_rxtx();
	fill_rx(0, ut_nwd(0));
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RXTX_UNMAP_32), 0, 0);
	assert_int_equal(mock_spmc_maps_live(), 0);
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, NWD));
	EXPECT_FFA_SUCCESS(2, ut_nwd(2), FFA(FFA_RXTX_MAP_64, NWD_RX, NWD_TX, 1), 0, 0);
}

/* DEN0077 FFA_RXTX_UNMAP: w1 [31:16] may name the caller itself. */
static void test_rxtx_unmap_naming_self_success(void **state)
{
	struct spmc_ec *sp = sp1_running();

	(void)state;
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), 0, 0);
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RXTX_UNMAP_32, (uint32_t)SP1 << 16), 0, 0);
	assert_int_equal(mock_spmc_maps_live(), 0);
}

/* DEN0077 FFA_RXTX_UNMAP: no buffer pair registered -> INVALID_PARAMETERS. */
static void test_rxtx_unmap_not_mapped_invalid(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_UNMAP_32), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RXTX_UNMAP: naming another endpoint's ID, or w1 [15:0] non-zero
 * (MBZ) -> INVALID_PARAMETERS; the pair stays mapped. */
static void test_rxtx_unmap_other_id_invalid(void **state)
{
	(void)state;
	ut_nwd_map_rxtx();
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_UNMAP_32, (uint32_t)SP1 << 16),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RXTX_UNMAP_32, 1), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(mock_spmc_maps_live(), 2);
}

/* DEN0077 FFA_RX_RELEASE: the endpoint owns its RX (after the SPMC filled it)
 * and gives it back -> SUCCESS; ownership returns to the SPMC. */
static void test_rx_release_success(void **state)
{
	(void)state;
	ut_nwd_map_rxtx();
	fill_rx(0, ut_nwd(0));
	EXPECT_FFA_SUCCESS(1, ut_nwd(1), FFA(FFA_RX_RELEASE_32), 0, 0);
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, NWD));
	/* The SPMC may produce into it again. */
	fill_rx(0, ut_nwd(0));
}

/* DEN0077 FFA_RX_RELEASE: the caller does not own its RX buffer -> DENIED. */
static void test_rx_release_not_owned_denied(void **state)
{
	(void)state;
	ut_nwd_map_rxtx();
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32), FFA_RET_DENIED);
	fill_rx(0, ut_nwd(0));
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32), 0, 0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32), FFA_RET_DENIED);
}

/* DEN0077 FFA_RX_RELEASE: no RX buffer at all -> DENIED. */
static void test_rx_release_not_mapped_denied(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32), FFA_RET_DENIED);
}

/* DEN0077 FFA_RX_RELEASE: w1 may only name the caller -> otherwise INVALID_PARAMETERS. */
static void test_rx_release_other_id_invalid(void **state)
{
	(void)state;
	ut_nwd_map_rxtx();
	fill_rx(0, ut_nwd(0));
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32, SP2), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32, 0x10000), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RX_RELEASE from an SP releases that SP's own buffer only. */
static void test_rx_release_per_endpoint(void **state)
{
	struct spmc_ec *sp;

	(void)state;
	ut_nwd_map_rxtx();
	sp = sp1_running();
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), 0, 0);
	fill_rx(0, sp);
	EXPECT_FFA_ERROR(1, ut_nwd(1), FFA(FFA_RX_RELEASE_32), FFA_RET_DENIED);
	assert_true(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
	EXPECT_FFA_SUCCESS(0, sp, FFA(FFA_RX_RELEASE_32, SP1), 0, 0);
	assert_false(spmc_rx_owned_by_endpoint(ut_fx.s, SP1));
}

/* DEN0077 FFA_RX_ACQUIRE (v1.1): the NWd takes its free RX buffer -> SUCCESS;
 * the SPMC may not write it (PARTITION_INFO_GET -> BUSY) until RX_RELEASE. */
static void test_rx_acquire_success(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32, NWD), 0, 0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_PARTITION_INFO_GET_32), FFA_RET_BUSY);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32), 0, 0);
	fill_rx(0, ut_nwd(0));
}

/* DEN0077 FFA_RX_ACQUIRE: no buffer pair registered for the endpoint ->
 * INVALID_PARAMETERS. */
static void test_rx_acquire_unmapped_invalid(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32, NWD), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RX_ACQUIRE: the SPMC does not own the buffer (already full, or
 * already acquired), so cannot hand it over -> DENIED. */
static void test_rx_acquire_not_free_denied(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	fill_rx(0, ut_nwd(0));
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32, NWD), FFA_RET_DENIED);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RX_RELEASE_32), 0, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32, NWD), 0, 0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32, NWD), FFA_RET_DENIED);
}

/* DEN0077 FFA_RX_ACQUIRE: w1 must name a normal-world endpoint -> otherwise
 * INVALID_PARAMETERS. */
static void test_rx_acquire_bad_id_invalid(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_1);
	ut_nwd_map_rxtx();
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32, SP1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32, 0x10000), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32, 0x0005), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_RX_ACQUIRE is a v1.1 NWd-to-SPMC interface: a v1.0 caller or an
 * SP -> NOT_SUPPORTED. */
static void test_rx_acquire_not_supported(void **state)
{
	struct spmc_ec *sp;

	(void)state;
	ut_nwd_map_rxtx();
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_RX_ACQUIRE_32, NWD), FFA_RET_NOT_SUPPORTED);
	sp = sp1_running();
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_RX_ACQUIRE_32, SP1), FFA_RET_NOT_SUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, ut_teardown)
		T(test_rxtx_map_64_nwd_success),
		T(test_rxtx_map_32_success_upper_halves_ignored),
		T(test_rxtx_map_sp_success),
		T(test_rxtx_map_sp_ipa_translated),
		T(test_rxtx_map_already_mapped_denied),
		T(test_rxtx_map_unaligned_invalid),
		T(test_rxtx_map_zero_pages_invalid),
		T(test_rxtx_map_too_many_pages_invalid),
		T(test_rxtx_map_page_count_reserved_bits_invalid),
		T(test_rxtx_map_overlapping_invalid),
		T(test_rxtx_map_wrapping_range_invalid),
		T(test_rxtx_map_nwd_secure_memory_invalid),
		T(test_rxtx_map_sp_unmapped_ipa_invalid),
		T(test_rxtx_map_sp_not_writable_or_device_invalid),
		T(test_rxtx_map_sp_non_contiguous_invalid),
		T(test_rxtx_map_spmc_map_tx_failure_no_memory),
		T(test_rxtx_map_spmc_map_rx_failure_no_memory),
		T(test_rxtx_unmap_success),
		T(test_rxtx_unmap_naming_self_success),
		T(test_rxtx_unmap_not_mapped_invalid),
		T(test_rxtx_unmap_other_id_invalid),
		T(test_rx_release_success),
		T(test_rx_release_not_owned_denied),
		T(test_rx_release_not_mapped_denied),
		T(test_rx_release_other_id_invalid),
		T(test_rx_release_per_endpoint),
		T(test_rx_acquire_success),
		T(test_rx_acquire_unmapped_invalid),
		T(test_rx_acquire_not_free_denied),
		T(test_rx_acquire_bad_id_invalid),
		T(test_rx_acquire_not_supported),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
