/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition boot (spmc_cpu_on) and aborts during initialisation. FF-A: each
 * SP runs from its entry point, in boot order, until its first FFA_MSG_WAIT;
 * an SP that reports FFA_ERROR or faults while initialising is aborted and the
 * next one boots; the SPMC then hands the CPU to the normal world.
 */
#include "unit.h"

static int setup(void **state)
{
	(void)state;
	ut_begin_std();
	return 0;
}

static void assert_zero_regs(const struct ffa_value *r)
{
	for (int i = 0; i < FFA_NREGS; i++)
		assert_int_equal(r->x[i], 0);
}

/* FF-A boot protocol: SPs start in ascending boot order, ties in config order;
 * each starts with zeroed boot registers and runs until FFA_MSG_WAIT. */
static void test_boot_order_on_primary_cpu(void **state)
{
	struct ut *u = &ut_fx;
	const ffa_id_t order[4] = {SP2, SP4, SP3, SP1};
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	u->parts[0].boot_order = 2; /* SP1 */
	u->parts[1].boot_order = 0; /* SP2 */
	u->parts[2].boot_order = 1; /* SP3 */
	u->parts[3].boot_order = 0; /* SP4, ties with SP2: config order */
	ut_init(u);
	mock_hal.ec_init_checked = true;
	for (int i = 0; i < 4; i++) {
		expect_value(hal_ec_init, part_id, order[i]);
		expect_value(hal_ec_init, cpu, 0);
	}

	memset(&r, 0xa5, sizeof(r));
	ec = spmc_cpu_on(u->s, 0, &r);
	for (int i = 0; i < 4; i++) {
		assert_non_null(ec);
		assert_int_equal(spmc_ec_id(ec), order[i]);
		assert_int_equal(spmc_ec_index(ec), 0);
		assert_int_equal(spmc_ec_state(ec), SPMC_EC_RUNNING);
		assert_zero_regs(&r);
		/* The ones after it have not started yet. */
		for (int j = i + 1; j < 4; j++)
			assert_int_equal(spmc_ec_state(ut_ec(order[j], 0)), SPMC_EC_OFF);
		r = FFA(FFA_MSG_WAIT_32);
		ec = ut_call(0, ec, &r);
		assert_int_equal(spmc_ec_state(ut_ec(order[i], 0)), SPMC_EC_WAITING);
	}
	/* Done on this CPU: the normal world runs, told FFA_MSG_WAIT. */
	assert_ptr_equal(ec, ut_nwd(0));
	assert_int_equal(spmc_ec_state(ec), SPMC_EC_RUNNING);
	assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
	for (int i = 1; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], 0);
	assert_int_equal(mock_hal.ec_init_calls, 4);
}

/* hal_ec_init receives the partition's entry, EL, image, address space and
 * context index; the returned handle is the context's backend handle. */
static void test_boot_ec_init_parameters(void **state)
{
	struct ut *u = &ut_fx;

	(void)state;
	u->parts[1].el = 1; /* SP2 at S-EL0 */
	ut_init(u);
	ut_boot_cpu(0);
	assert_int_equal(mock_hal.ec_init_calls, 4);
	for (uint32_t i = 0; i < 4; i++) {
		const struct hal_ec_init *in = &mock_hal.ec_inits[i];

		assert_int_equal(in->part_id, u->parts[i].id);
		assert_int_equal(in->ec_index, 0);
		assert_int_equal(in->cpu, 0);
		assert_int_equal(in->el, u->parts[i].el);
		assert_int_equal(in->entry, u->parts[i].entry);
		assert_ptr_equal(in->image, u->parts[i].image);
		assert_ptr_equal(in->as, mock_as_of(u->parts[i].id));
		assert_ptr_equal(spmc_ec_hal(ut_ec(in->part_id, 0)), mock_hal.ec_cookies[i]);
	}
}

/* Secondary CPUs: only MP partitions start there, each with the context pinned
 * to that CPU; UP partitions' single context was started on the primary. */
static void test_boot_secondary_cpu_starts_only_mp_contexts(void **state)
{
	struct ut *u = &ut_fx;
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	ut_boot_cpu(0);
	mock_hal.ec_init_checked = true;
	for (uint32_t cpu = 1; cpu < 4; cpu++) {
		expect_value(hal_ec_init, part_id, SP2);
		expect_value(hal_ec_init, cpu, cpu);
		ec = spmc_cpu_on(u->s, cpu, &r);
		assert_ptr_equal(ec, ut_ec(SP2, (uint16_t)cpu));
		assert_zero_regs(&r);
		assert_int_equal(mock_hal.ec_inits[mock_hal.ec_init_calls - 1].ec_index, cpu);
		r = FFA(FFA_MSG_WAIT_32);
		ec = ut_call(cpu, ec, &r);
		assert_ptr_equal(ec, ut_nwd(cpu));
		assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
		assert_int_equal(spmc_ec_state(ut_ec(SP2, (uint16_t)cpu)), SPMC_EC_WAITING);
	}
	assert_int_equal(mock_hal.ec_init_calls, 4 + 3);
	for (uint32_t c = 0; c < 4; c++)
		assert_int_equal(spmc_ec_state(ut_nwd(c)), SPMC_EC_RUNNING);
}

/* Before a secondary CPU comes up, the MP context pinned to it is still OFF. */
static void test_boot_mp_context_off_until_its_cpu_is_on(void **state)
{
	(void)state;
	ut_init(&ut_fx);
	ut_boot_cpu(0);
	assert_int_equal(spmc_ec_state(ut_ec(SP2, 0)), SPMC_EC_WAITING);
	for (uint16_t i = 1; i < 4; i++)
		assert_int_equal(spmc_ec_state(ut_ec(SP2, i)), SPMC_EC_OFF);
}

/* FFA_ERROR while initialising reports an initialisation failure: the SP is
 * aborted (every context) and the next SP in boot order starts at once. */
static void test_boot_ffa_error_during_init_aborts_and_next_boots(void **state)
{
	struct ut *u = &ut_fx;
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	ec = spmc_cpu_on(u->s, 0, &r);
	assert_ptr_equal(ec, ut_ec(SP1, 0));
	r = FFA(FFA_MSG_WAIT_32);
	ec = ut_call(0, ec, &r); /* SP1 fine */
	assert_ptr_equal(ec, ut_ec(SP2, 0));
	r = FFA(FFA_ERROR_32, 0, (uint32_t)FFA_RET_NO_MEMORY);
	ec = ut_call(0, ec, &r);
	assert_ptr_equal(ec, ut_ec(SP3, 0));
	assert_zero_regs(&r);
	assert_true(spmc_partition_aborted(u->s, SP2));
	for (uint16_t i = 0; i < 4; i++)
		assert_int_equal(spmc_ec_state(ut_ec(SP2, i)), SPMC_EC_ABORTED);
	assert_false(spmc_partition_aborted(u->s, SP1));
	assert_int_equal(spmc_ec_state(ut_ec(SP1, 0)), SPMC_EC_WAITING);
	/* The rest still boots. */
	r = FFA(FFA_MSG_WAIT_32);
	ec = ut_call(0, ec, &r);
	assert_ptr_equal(ec, ut_ec(SP4, 0));
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, ec, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
}

/* A fault while initialising (spmc_ec_abort) aborts the SP; the next boots. */
static void test_boot_fault_during_init_aborts_and_next_boots(void **state)
{
	struct ut *u = &ut_fx;
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	ec = spmc_cpu_on(u->s, 0, &r);
	assert_ptr_equal(ec, ut_ec(SP1, 0));
	memset(&r, 0x5a, sizeof(r));
	ec = spmc_ec_abort(u->s, 0, ec, &r);
	assert_ptr_equal(ec, ut_ec(SP2, 0));
	assert_zero_regs(&r);
	assert_true(spmc_partition_aborted(u->s, SP1));
	assert_int_equal(spmc_ec_state(ut_ec(SP1, 0)), SPMC_EC_ABORTED);
	assert_int_equal(spmc_ec_state(ut_ec(SP2, 0)), SPMC_EC_RUNNING);
}

/* The last SP failing its initialisation hands the CPU to the NWd (FFA_MSG_WAIT). */
static void test_boot_last_sp_abort_returns_to_nwd(void **state)
{
	struct ut *u = ut_begin(1);
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_add(u, SP1, 1, 0);
	ut_init(u);
	ec = spmc_cpu_on(u->s, 0, &r);
	assert_ptr_equal(ec, ut_ec(SP1, 0));
	ec = spmc_ec_abort(u->s, 0, ec, &r);
	assert_ptr_equal(ec, ut_nwd(0));
	assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
	for (int i = 1; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], 0);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_RUNNING);
}

/* hal_ec_init failing: the partition cannot run and is aborted; the next
 * SP boots, and the aborted one is skipped on every CPU. */
static void test_boot_ec_init_failure_aborts_partition(void **state)
{
	struct ut *u = &ut_fx;
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	mock_hal.ec_init_fail = true;
	mock_hal.ec_init_fail_id = SP2;
	ec = spmc_cpu_on(u->s, 0, &r);
	assert_ptr_equal(ec, ut_ec(SP1, 0));
	r = FFA(FFA_MSG_WAIT_32);
	ec = ut_call(0, ec, &r);
	assert_ptr_equal(ec, ut_ec(SP3, 0)); /* SP2 skipped */
	assert_true(spmc_partition_aborted(u->s, SP2));
	for (uint16_t i = 0; i < 4; i++)
		assert_int_equal(spmc_ec_state(ut_ec(SP2, i)), SPMC_EC_ABORTED);
	assert_null(spmc_ec_hal(ut_ec(SP2, 0)));
	r = FFA(FFA_MSG_WAIT_32);
	ec = ut_call(0, ec, &r);
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, ec, &r), ut_nwd(0));
	/* Secondary CPU: the only MP partition is aborted, so nothing starts. */
	{
		uint32_t calls = mock_hal.ec_init_calls;

		ec = spmc_cpu_on(u->s, 1, &r);
		assert_ptr_equal(ec, ut_nwd(1));
		assert_int_equal(r.x[0], FFA_MSG_WAIT_32);
		assert_int_equal(mock_hal.ec_init_calls, calls);
	}
}

/* An MP partition that failed its initialisation on the primary CPU does not
 * start on secondary CPUs. */
static void test_boot_aborted_mp_partition_skipped_on_secondaries(void **state)
{
	struct ut *u = &ut_fx;
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	ec = spmc_cpu_on(u->s, 0, &r);
	r = FFA(FFA_MSG_WAIT_32);
	ec = ut_call(0, ec, &r); /* SP1 waits; SP2 runs */
	assert_ptr_equal(ec, ut_ec(SP2, 0));
	ec = spmc_ec_abort(u->s, 0, ec, &r);
	while (!spmc_ec_is_nwd(ec)) {
		r = FFA(FFA_MSG_WAIT_32);
		ec = ut_call(0, ec, &r);
	}
	ec = spmc_cpu_on(u->s, 2, &r);
	assert_ptr_equal(ec, ut_nwd(2));
	assert_int_equal(spmc_ec_state(ut_ec(SP2, 2)), SPMC_EC_ABORTED);
}

/* An SP may make FF-A calls while initialising; it stays the running context
 * and boot continues at its FFA_MSG_WAIT. */
static void test_boot_calls_during_init_return_to_sp(void **state)
{
	struct ut *u = &ut_fx;
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	ec = spmc_cpu_on(u->s, 0, &r);
	EXPECT_FFA_SUCCESS(0, ec, FFA(FFA_ID_GET_32), SP1, 0);
	assert_int_equal(spmc_ec_state(ec), SPMC_EC_RUNNING);
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, ec, &r), ut_ec(SP2, 0));
}

/* DEN0077 direct messaging during boot: an SP may send a direct request to an
 * SP that has already initialised; the response returns to the initialising
 * SP, which then finishes with FFA_MSG_WAIT. */
static void test_boot_direct_req_to_initialised_sp_during_init(void **state)
{
	struct ut *u = &ut_fx;
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	ec = spmc_cpu_on(u->s, 0, &r);
	r = FFA(FFA_MSG_WAIT_32);
	ec = ut_call(0, ec, &r); /* SP1 waiting, SP2 initialising */
	assert_ptr_equal(ec, ut_ec(SP2, 0));
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_32, ffa_pack_ids(SP2, SP1), 0, 7);
	ec = ut_call(0, ec, &r);
	assert_ptr_equal(ec, ut_ec(SP1, 0));
	assert_int_equal(r.x[3], 7);
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_32, ffa_pack_ids(SP1, SP2), 0, 8);
	ec = ut_call(0, ec, &r);
	assert_ptr_equal(ec, ut_ec(SP2, 0));
	assert_int_equal(r.x[3], 8);
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, ec, &r), ut_ec(SP3, 0));
}

/* A direct request to an SP that has not initialised yet -> BUSY. */
static void test_boot_direct_req_to_uninitialised_sp_busy(void **state)
{
	struct ut *u = &ut_fx;
	struct ffa_value r;
	struct spmc_ec *ec;

	(void)state;
	ut_init(u);
	ec = spmc_cpu_on(u->s, 0, &r);
	assert_ptr_equal(ec, ut_ec(SP1, 0));
	EXPECT_FFA_ERROR(0, ec, FFA(FFA_MSG_SEND_DIRECT_REQ_32, ffa_pack_ids(SP1, SP3)),
			 FFA_RET_BUSY);
}

/* FFA_ERROR outside initialisation is not an ABI the SPMC implements for an
 * SP -> NOT_SUPPORTED, nothing changes. */
static void test_boot_ffa_error_at_runtime_not_supported(void **state)
{
	struct ffa_value r;
	struct spmc_ec *sp;

	(void)state;
	ut_init(&ut_fx);
	ut_boot_all();
	sp = ut_nwd_req(0, SP1, &r);
	EXPECT_FFA_ERROR(0, sp, FFA(FFA_ERROR_32, 0, (uint32_t)FFA_RET_DENIED),
			 FFA_RET_NOT_SUPPORTED);
}

/* FFA_ERROR invoked by the normal world -> NOT_SUPPORTED, nothing changes. */
static void test_boot_ffa_error_from_nwd_not_supported(void **state)
{
	(void)state;
	ut_init(&ut_fx);
	ut_boot_all();
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_ERROR_32, 0, (uint32_t)FFA_RET_DENIED),
			 FFA_RET_NOT_SUPPORTED);
}

/* Backend misuse is refused without touching state: unknown CPU, no caller,
 * aborting the normal world. */
static void test_boot_backend_misuse_refused(void **state)
{
	struct ut *u = &ut_fx;
	struct ffa_value r = FFA(FFA_ID_GET_32);

	(void)state;
	ut_init(u);
	ut_boot_all();
	ut_snap_take(&ut_snap_before);
	assert_null(spmc_cpu_on(u->s, 4, &r));
	assert_null(spmc_ffa_call(u->s, 0, NULL, &r));
	assert_null(spmc_ffa_call(u->s, 4, ut_nwd(0), &r));
	assert_null(spmc_ec_abort(u->s, 0, ut_nwd(0), &r));
	ut_snap_take(&ut_snap_after);
	ut_snap_compare(&ut_snap_before, &ut_snap_after, __FILE__, __LINE__);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, ut_teardown)
		T(test_boot_order_on_primary_cpu),
		T(test_boot_ec_init_parameters),
		T(test_boot_secondary_cpu_starts_only_mp_contexts),
		T(test_boot_mp_context_off_until_its_cpu_is_on),
		T(test_boot_ffa_error_during_init_aborts_and_next_boots),
		T(test_boot_fault_during_init_aborts_and_next_boots),
		T(test_boot_last_sp_abort_returns_to_nwd),
		T(test_boot_ec_init_failure_aborts_partition),
		T(test_boot_aborted_mp_partition_skipped_on_secondaries),
		T(test_boot_calls_during_init_return_to_sp),
		T(test_boot_direct_req_to_initialised_sp_during_init),
		T(test_boot_direct_req_to_uninitialised_sp_busy),
		T(test_boot_ffa_error_at_runtime_not_supported),
		T(test_boot_ffa_error_from_nwd_not_supported),
		T(test_boot_backend_misuse_refused),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
