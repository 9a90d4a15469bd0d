/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device memory (DEN0077 "Memory management": memory type device): an SP's
 * exclusive device region is memory it owns and may lend, to one borrower at a
 * time (as Hafnium allows), never share; the borrower maps it as device
 * memory, the lender loses it until it reclaims. SP1 has a 4-page exclusive
 * device region at MOCK_DEV_BASE.
 */
#include "mem_abi_fixture.h"

#define DEV MOCK_DEV_BASE

static const struct spmc_region dev_region = {
	.name = "uart",
	.base = DEV,
	.pages = 4,
	.attrs = HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE,
	.exclusive = true,
};

static int setup_dev(void **state)
{
	struct ut *u = mem_fx_begin();

	(void)state;
	u->parts[0].regions = &dev_region;
	u->parts[0].region_count = 1;
	mem_fx_boot(u, FFA_VERSION_1_1);
	return 0;
}

static struct desc t;

/* The device region is SP1's in the memory store, mapped as device memory. */
static void test_device_region_is_owned(void **state)
{
	uint32_t a = 0;

	(void)state;
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, DEV), SP1);
	assert_int_equal(spmc_mem_owner(ut_fx.s->mem, DEV + 3 * FFA_PAGE_SIZE), SP1);
	assert_true(mapped(SP1, DEV, &a));
	assert_true(a & HAL_MEM_DEVICE);
}

/* DEN0077 FFA_MEM_LEND of device memory to one borrower: the lender loses its
 * mapping; the borrower maps it device-nGnRE on retrieve; reclaim gives it
 * back, still device memory. */
static void test_lend_device_to_one_borrower(void **state)
{
	struct spmc_ec *sp1, *sp2;
	ffa_mem_handle_t h;
	struct ffa_value r;
	uint32_t a = 0;

	(void)state;
	sp1 = sp1_with_rxtx();
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, SP1, SP2, DEV, 2);
	h = send_whole(0, sp1, SP1_TX, FFA_MEM_LEND_64, &t);
	assert_false(mapped(SP1, DEV, NULL));
	assert_true(mapped(SP1, DEV + 2 * FFA_PAGE_SIZE, NULL)); /* not lent */
	sp2 = sp_with_rxtx(0, SP2);
	r = retrieve(sp2, SP_TX(SP2), SP1, h, 0);
	assert_int_equal((uint32_t)r.x[0], FFA_MEM_RETRIEVE_RESP_32);
	EXPECT_FFA_SUCCESS(0, sp2, FFA(FFA_RX_RELEASE_32), 0, 0);
	assert_true(mapped(SP2, DEV, &a));
	assert_true(a & HAL_MEM_DEVICE);
	assert_false(a & HAL_MEM_NS);
	relinquish_on(0, sp2, h);
	assert_false(mapped(SP2, DEV, NULL));
	reclaim_on(0, sp1, h);
	assert_true(mapped(SP1, DEV, &a));
	assert_true(a & HAL_MEM_DEVICE);
	assert_int_equal(mock_hal.misuse, 0);
}

/* Device memory is never shared, nor lent to several borrowers: DENIED, and
 * nothing changes. */
static void test_device_share_and_multi_lend_denied(void **state)
{
	struct spmc_ec *sp1;
	uint32_t len;

	(void)state;
	sp1 = sp1_with_rxtx();
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_SHARE, SP1, SP2, DEV, 1);
	len = desc_size(&t);
	desc_put(&t, 0, len, SP1_TX);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_SHARE_64, len, len), FFA_RET_DENIED);
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, SP1, SP2, DEV, 1);
	desc_borrower(&t, SPMC_MEM_OP_LEND, SP3);
	len = desc_size(&t);
	desc_put(&t, 0, len, SP1_TX);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_LEND_64, len, len), FFA_RET_DENIED);
	assert_true(mapped(SP1, DEV, NULL));
}

/* A page range mixing the device region and normal memory: DENIED (one
 * transaction has one memory kind). */
static void test_device_and_normal_mixed_denied(void **state)
{
	struct spmc_ec *sp1;
	uint32_t len;

	(void)state;
	sp1 = sp1_with_rxtx();
	desc_simple(&t, FFA_VERSION_1_1, SPMC_MEM_OP_LEND, SP1, SP2, DEV, 1);
	desc_range(&t, SP1_LENT, 1);
	len = desc_size(&t);
	desc_put(&t, 0, len, SP1_TX);
	EXPECT_MEM_ERROR(0, sp1, FFA(FFA_MEM_LEND_64, len, len), FFA_RET_DENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_dev, ut_teardown)
		T(test_device_region_is_owned),
		T(test_lend_device_to_one_borrower),
		T(test_device_share_and_multi_lend_denied),
		T(test_device_and_normal_mixed_denied),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
