/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core's interrupt handling against the HAL fake, whose interrupt
 * controller is the simulator's GICv3 model: ownership from the manifest's
 * device-region interrupts, delivery by the owner's state, the SPMC-scheduled
 * handling that ends with FFA_MSG_WAIT, non-secure interrupt actions, the
 * priority mask each context runs with, and the FFA_RUN rules around
 * preemption. FF-A v1.2 (DEN0077) chapter 8.
 */
#include "unit.h"

#include <gic.h>

#define IRQ_SPI 40u  /* SP1's device interrupt */
#define IRQ_PPI 20u  /* SP2's (MP): one per CPU */
#define NS_SPI 50u   /* the normal world's */

static const struct spmc_irq sp1_irqs[] = {{IRQ_SPI, 0x20 | (1u << 9)}};
static const struct spmc_irq sp2_irqs[] = {{IRQ_PPI, 0x30}};
static const struct spmc_region sp1_dev = {"dev1", MOCK_DEV_BASE, 1,
					   HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE, sp1_irqs, 1, true};
static const struct spmc_region sp2_dev = {"dev2", MOCK_DEV_BASE + 0x1000, 1,
					   HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE, sp2_irqs, 1, true};

static struct ut *begin(uint8_t sp1_ns_action, uint8_t sp1_other_s)
{
	struct ut *u = ut_begin_std();

	u->parts[0].regions = &sp1_dev;
	u->parts[0].region_count = 1;
	u->parts[0].ns_int_action = sp1_ns_action;
	u->parts[0].other_s_int_action = sp1_other_s;
	u->parts[1].regions = &sp2_dev;
	u->parts[1].region_count = 1;
	return u;
}

static void booted(uint8_t sp1_ns_action, uint8_t sp1_other_s)
{
	ut_init(begin(sp1_ns_action, sp1_other_s));
	ut_boot_all();
}

static int setup(void **state)
{
	(void)state;
	booted(0, 0);
	return 0;
}

/* An SPI routed to cpu 0, configured and enabled, then raised by its device. */
static void spi_pending(uint32_t intid, enum gic_group grp, uint8_t prio)
{
	struct gic *g = mock_gic();

	gic_set_group(g, 0, intid, grp);
	gic_set_priority(g, 0, intid, prio);
	gic_route(g, intid, 0);
	gic_set_enable(g, 0, intid, true);
	gic_assert(g, 0, intid);
}

/* SP1's interrupt, as the SPMC configured it, fires once (edge). */
static void sp1_irq_fires(void)
{
	gic_set_level(mock_gic(), 0, IRQ_SPI, false);
	gic_assert(mock_gic(), 0, IRQ_SPI);
}

/* NWd on cpu 0 has sent SP1 a request SP1 is working on. */
static struct spmc_ec *sp1_in_request(void)
{
	struct ffa_value r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(NWD, SP1), 0, 7);

	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_ec(SP1, 0));
	return ut_ec(SP1, 0);
}

/* DEN0077 partition manifest device-regions interrupts: each is configured
 * secure (group 1 S) and enabled, with the manifest's priority and trigger;
 * an SPI goes to the primary CPU, an MP partition's PPI to every CPU. */
static void test_manifest_interrupts_configured(void **state)
{
	struct gic *g = mock_gic();

	(void)state;
	assert_int_equal(gic_group(g, 0, IRQ_SPI), GIC_GROUP1_S);
	assert_int_equal(gic_priority(g, 0, IRQ_SPI), 0x20);
	assert_true(gic_enabled(g, 0, IRQ_SPI));
	assert_int_equal(gic_target(g, IRQ_SPI), 0);
	for (uint32_t c = 0; c < 4; c++) {
		assert_int_equal(gic_group(g, c, IRQ_PPI), GIC_GROUP1_S);
		assert_int_equal(gic_priority(g, c, IRQ_PPI), 0x30);
		assert_true(gic_enabled(g, c, IRQ_PPI));
	}
	/* Level-sensitive (attributes bit 9): stays pending while asserted. */
	gic_assert(g, 0, IRQ_SPI);
	assert_true(gic_pending(g, 0, IRQ_SPI));
	/* The normal world runs with nothing masked. */
	assert_int_equal(gic_pmr(g, 0), 0xff);
}

/* One owner per interrupt: two partitions claiming one INTID is a bad
 * configuration (INVALID_PARAMETERS), as the manifest checker says too. */
static void test_duplicate_interrupt_owner_rejected(void **state)
{
	struct ut *u = begin(0, 0);

	(void)state;
	u->parts[2].regions = &sp1_dev;
	u->parts[2].region_count = 1;
	assert_int_equal(ut_try_init(u), FFA_RET_INVALID_PARAMETERS);
}

/* An interrupt the platform does not have: the partition claiming it is
 * not started (aborted before it runs); the others boot. */
static void test_unconfigurable_interrupt_aborts_owner(void **state)
{
	struct ut *u = begin(0, 0);

	(void)state;
	mock_hal.irq_configure_fail_intid = IRQ_SPI;
	ut_init(u);
	assert_true(spmc_partition_aborted(u->s, SP1));
	assert_false(spmc_partition_aborted(u->s, SP2));
	ut_boot_all();
}

/* DEN0077 8.3, target waiting: the SPMC acknowledges and ends the physical
 * interrupt, runs the owner with FFA_INTERRUPT (w2 = INTID) with everything
 * masked, and its FFA_MSG_WAIT resumes the preempted normal world with
 * nothing delivered. */
static void test_secure_interrupt_to_waiting_sp(void **state)
{
	struct gic *g = mock_gic();
	struct ffa_value r = {{0}};
	struct spmc_ec *sp1 = ut_ec(SP1, 0);

	(void)state;
	sp1_irq_fires();
	assert_ptr_equal(spmc_interrupt(ut_fx.s, 0, ut_nwd(0), &r), sp1);
	assert_int_equal(r.x[0], FFA_INTERRUPT_32);
	assert_int_equal(r.x[1], 0);
	assert_int_equal(r.x[2], IRQ_SPI);
	assert_false(gic_active(g, 0, IRQ_SPI));
	assert_false(gic_pending(g, 0, IRQ_SPI));
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_PREEMPTED);
	assert_int_equal(gic_pmr(g, 0), 0x00);
	/* Nothing left for a vIRQ: FFA_INTERRUPT carried it. */
	assert_false(spmc_virq_pending(sp1));

	/* The normal world it preempted cannot be scheduled by anyone else. */
	r = FFA(FFA_YIELD_32);
	assert_ptr_equal(ut_call(0, sp1, &r), sp1);
	assert_ffa_error(&r, FFA_RET_DENIED);

	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	for (int i = 0; i < FFA_NREGS; i++)
		assert_int_equal(r.x[i], 0);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_WAITING);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_RUNNING);
	assert_int_equal(gic_pmr(g, 0), 0xff);
	assert_int_equal(mock_hal.misuse, 0);
}

/* Nothing signalled (spurious): the interrupted context just continues, its
 * registers untouched. */
static void test_spurious_interrupt_changes_nothing(void **state)
{
	struct ffa_value r = FFA(0x1234, 5);

	(void)state;
	assert_ptr_equal(spmc_interrupt(ut_fx.s, 0, ut_nwd(0), &r), ut_nwd(0));
	assert_int_equal(r.x[0], 0x1234);
	assert_int_equal(r.x[1], 5);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_RUNNING);
}

/* FFA_EL3_INTR_HANDLE: a group 0 interrupt signalled to the SPMC while an SP
 * runs is EL3's; the SPMC hands it over and the SP continues. */
static void test_group0_interrupt_handed_to_el3(void **state)
{
	struct gic *g = mock_gic();
	struct spmc_ec *sp1 = sp1_in_request();
	struct ffa_value r = {{0}};

	(void)state;
	spi_pending(60, GIC_GROUP0, 0x10);
	assert_ptr_equal(spmc_interrupt(ut_fx.s, 0, sp1, &r), sp1);
	assert_int_equal(mock_hal.el3_intr_handled, 1);
	assert_false(gic_pending(g, 0, 60));
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
}

/* DEN0077 8.3, target running: a virtual interrupt for the backend to
 * signal; taken off the queue once, in order. */
static void test_secure_interrupt_to_running_sp_is_virq(void **state)
{
	struct spmc_ec *sp1 = sp1_in_request();
	struct ffa_value r = {{0}};

	(void)state;
	sp1_irq_fires();
	assert_ptr_equal(spmc_interrupt(ut_fx.s, 0, sp1, &r), sp1);
	assert_true(spmc_virq_pending(sp1));
	assert_int_equal(spmc_virq_get(sp1), IRQ_SPI);
	assert_false(spmc_virq_pending(sp1));
	assert_int_equal(spmc_virq_get(sp1), HAL_IRQ_SPURIOUS);
}

/* DEN0077 8.3, target blocked: queued; when it answers, it handles the
 * interrupt first (FFA_INTERRUPT), and its answer reaches the requester
 * when it waits again. */
static void test_queued_interrupt_handled_before_answer(void **state)
{
	struct spmc_ec *sp1, *sp3 = ut_ec(SP3, 0);
	struct ffa_value r;

	(void)state;
	sp1 = sp1_in_request();
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(SP1, SP3), 0, 1);
	assert_ptr_equal(ut_call(0, sp1, &r), sp3);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_BLOCKED);
	/* SP1's interrupt while SP3 runs: queued for blocked SP1. */
	sp1_irq_fires();
	r = FFA(0);
	assert_ptr_equal(spmc_interrupt(ut_fx.s, 0, sp3, &r), sp3);
	assert_false(spmc_virq_pending(sp1)); /* not running */

	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP3, SP1), 0, 2);
	assert_ptr_equal(ut_call(0, sp3, &r), sp1);
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	/* Running again: the backend signals the vIRQ now. */
	assert_true(spmc_virq_pending(sp1));

	/* Suppose it has no handler and answers the normal world: the queued
	 * interrupt comes first, as FFA_INTERRUPT, then the answer. */
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD), 0, 9);
	assert_ptr_equal(ut_call(0, sp1, &r), sp1);
	assert_int_equal(r.x[0], FFA_INTERRUPT_32);
	assert_int_equal(r.x[2], IRQ_SPI);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_PREEMPTED);
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_MSG_SEND_DIRECT_RESP_64);
	assert_int_equal(r.x[3], 9);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_WAITING);
}

/* An interrupt whose owner was aborted is disabled: nobody will handle it. */
static void test_interrupt_of_aborted_owner_disabled(void **state)
{
	struct gic *g = mock_gic();
	struct spmc_ec *sp1 = sp1_in_request();
	struct ffa_value r = {{0}};

	(void)state;
	assert_ptr_equal(spmc_ec_abort(ut_fx.s, 0, sp1, &r), ut_nwd(0));
	sp1_irq_fires();
	r = FFA(0);
	assert_ptr_equal(spmc_interrupt(ut_fx.s, 0, ut_nwd(0), &r), ut_nwd(0));
	assert_false(gic_enabled(g, 0, IRQ_SPI));
}

/* DEN0077 8.3.1 signaled: the SP is preempted; the normal world gets
 * FFA_INTERRUPT (w1 = SP|vCPU) and resumes it with FFA_RUN, which delivers
 * nothing to it (it continues where it was). */
static void test_ns_signaled_preempts_and_run_resumes(void **state)
{
	struct spmc_ec *sp1 = sp1_in_request();
	struct ffa_value r = {{0}};

	(void)state;
	spi_pending(NS_SPI, GIC_GROUP1_NS, 0xa0);
	assert_int_equal(gic_pmr(mock_gic(), 0), 0xff);
	assert_ptr_equal(spmc_ns_interrupt(ut_fx.s, 0, sp1, &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_INTERRUPT_32);
	assert_int_equal(r.x[1], ffa_pack_vcpu(SP1, 0));
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_PREEMPTED);
	assert_int_equal(spmc_ec_state(ut_nwd(0)), SPMC_EC_RUNNING);
	/* The normal world's interrupt is still its own to take. */
	assert_true(gic_pending(mock_gic(), 0, NS_SPI));

	r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 0));
	assert_ptr_equal(ut_call(1, ut_nwd(1), &r), sp1); /* UP: on another CPU too */
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
	/* Its answer goes to the normal world on the CPU it is given on. */
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD), 0, 3);
	assert_ptr_equal(ut_call(1, sp1, &r), ut_nwd(1));
	assert_int_equal(r.x[3], 3);
}

/* DEN0077 8.3.1 queued: the SP runs with non-secure interrupts masked by
 * priority (PMR 0x80); a signalled one changes nothing. */
static void test_ns_queued_masks_and_changes_nothing(void **state)
{
	struct spmc_ec *sp1;
	struct ffa_value r = FFA(0);

	(void)state;
	booted(SPMC_NS_INT_QUEUED, 0);
	sp1 = sp1_in_request();
	assert_int_equal(gic_pmr(mock_gic(), 0), 0x80);
	assert_ptr_equal(spmc_ns_interrupt(ut_fx.s, 0, sp1, &r), sp1);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
	assert_false(spmc_virq_pending(sp1));
}

/* other-s-interrupts-action queued: everything masked while the SP runs. */
static void test_other_s_queued_masks_everything(void **state)
{
	(void)state;
	booted(SPMC_NS_INT_QUEUED, SPMC_OTHER_S_INT_QUEUED);
	sp1_in_request();
	assert_int_equal(gic_pmr(mock_gic(), 0), 0x00);
}

/* DEN0077 8.3.1 managed exit: the SP gets the managed-exit vIRQ once; the
 * non-secure interrupt is then masked for it until it answers, and an
 * answer drops a managed exit it never took. */
static void test_ns_managed_exit(void **state)
{
	struct spmc_ec *sp1;
	struct ffa_value r = FFA(0);

	(void)state;
	booted(SPMC_NS_INT_MANAGED_EXIT, 0);
	sp1 = sp1_in_request();
	assert_int_equal(gic_pmr(mock_gic(), 0), 0xff);
	assert_ptr_equal(spmc_ns_interrupt(ut_fx.s, 0, sp1, &r), sp1);
	assert_true(spmc_virq_pending(sp1));
	assert_int_equal(gic_pmr(mock_gic(), 0), 0x80);
	/* A second signal adds nothing. */
	assert_ptr_equal(spmc_ns_interrupt(ut_fx.s, 0, sp1, &r), sp1);
	assert_int_equal(spmc_virq_get(sp1), SPMC_VIRQ_MANAGED_EXIT);
	assert_int_equal(spmc_virq_get(sp1), HAL_IRQ_SPURIOUS);

	/* Answered: the next request runs unmasked again. */
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD), 0, 1);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	sp1 = sp1_in_request();
	assert_int_equal(gic_pmr(mock_gic(), 0), 0xff);
	/* A managed exit signalled but never taken is dropped by the answer. */
	assert_ptr_equal(spmc_ns_interrupt(ut_fx.s, 0, sp1, &r), sp1);
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD), 0, 1);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	assert_int_equal(spmc_virq_get(sp1), HAL_IRQ_SPURIOUS);
}

/* FFA_FEATURES feature ID 3: the managed exit interrupt's ID, for SPs only. */
static void test_features_managed_exit_interrupt(void **state)
{
	struct spmc_ec *sp1 = sp1_in_request();
	struct ffa_value r = FFA(FFA_FEATURES_32, FFA_FEATURE_MEI);

	(void)state;
	assert_ptr_equal(ut_call(0, sp1, &r), sp1);
	assert_int_equal(r.x[0], FFA_SUCCESS_32);
	assert_int_equal(r.x[2], SPMC_VIRQ_MANAGED_EXIT);
	r = FFA(FFA_FEATURES_32, FFA_FEATURE_MEI);
	assert_ptr_equal(ut_call(1, ut_nwd(1), &r), ut_nwd(1));
	assert_ffa_error(&r, FFA_RET_NOT_SUPPORTED);
}

/* FFA_RUN rules around preemption: a context preempted for a secure
 * interrupt's handling is the SPMC's (BUSY); an SP may resume only its own
 * callee (DENIED otherwise); a context preempted inside a call chain is its
 * requester's to resume (DENIED to the normal world). Each leaves state
 * unchanged. */
static void test_run_rules_around_preemption(void **state)
{
	struct gic *g = mock_gic();
	struct spmc_ec *sp1, *sp3 = ut_ec(SP3, 0);
	struct ffa_value r;

	(void)state;
	/* SP1 -> SP3, and SP3 is preempted by a non-secure interrupt. */
	sp1 = sp1_in_request();
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(SP1, SP3), 0, 1);
	assert_ptr_equal(ut_call(0, sp1, &r), sp3);
	r = FFA(0);
	assert_ptr_equal(spmc_ns_interrupt(ut_fx.s, 0, sp3, &r), sp1);
	assert_int_equal(r.x[0], FFA_INTERRUPT_32);
	assert_int_equal(r.x[1], ffa_pack_vcpu(SP3, 0));
	assert_int_equal(spmc_ec_state(sp3), SPMC_EC_PREEMPTED);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_RUNNING);
	/* ... and SP1 in turn (the interrupt is still there). */
	r = FFA(0);
	assert_ptr_equal(spmc_ns_interrupt(ut_fx.s, 0, sp1, &r), ut_nwd(0));
	assert_int_equal(r.x[1], ffa_pack_vcpu(SP1, 0));

	/* The normal world may not resume SP3: SP1 must. */
	r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP3, 0));
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_ffa_error(&r, FFA_RET_DENIED);
	assert_int_equal(spmc_ec_state(sp3), SPMC_EC_PREEMPTED);
	/* SP2 (not SP3's requester) may not either. */
	r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 0));
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), sp1);
	r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP1, 0));
	assert_ptr_equal(ut_call(0, sp1, &r), sp1);
	assert_ffa_error(&r, FFA_RET_INVALID_PARAMETERS); /* itself */
	r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP3, 0));
	assert_ptr_equal(ut_call(0, sp1, &r), sp3);
	assert_int_equal(spmc_ec_state(sp1), SPMC_EC_BLOCKED);
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP3, SP1), 0, 5);
	assert_ptr_equal(ut_call(0, sp3, &r), sp1);
	assert_int_equal(r.x[3], 5);

	/* A context preempted for a secure interrupt's handling: BUSY. */
	gic_set_level(g, 0, IRQ_SPI, false);
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD), 0, 1);
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	r = FFA(FFA_MSG_SEND_DIRECT_REQ_64, ffa_pack_ids(NWD, SP3), 0, 1);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), sp3);
	gic_assert(g, 0, IRQ_SPI);
	r = FFA(0);
	assert_ptr_equal(spmc_interrupt(ut_fx.s, 0, sp3, &r), ut_ec(SP1, 0));
	assert_int_equal(spmc_ec_state(sp3), SPMC_EC_PREEMPTED);
	r = FFA(FFA_RUN_32, ffa_pack_vcpu(SP3, 0));
	assert_ptr_equal(ut_call(1, ut_nwd(1), &r), ut_nwd(1));
	assert_ffa_error(&r, FFA_RET_BUSY);
	r = FFA(FFA_MSG_WAIT_32);
	assert_ptr_equal(ut_call(0, ut_ec(SP1, 0), &r), sp3); /* the SPMC resumes it */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_manifest_interrupts_configured, setup),
		cmocka_unit_test(test_duplicate_interrupt_owner_rejected),
		cmocka_unit_test(test_unconfigurable_interrupt_aborts_owner),
		cmocka_unit_test_setup(test_secure_interrupt_to_waiting_sp, setup),
		cmocka_unit_test_setup(test_spurious_interrupt_changes_nothing, setup),
		cmocka_unit_test_setup(test_group0_interrupt_handed_to_el3, setup),
		cmocka_unit_test_setup(test_secure_interrupt_to_running_sp_is_virq, setup),
		cmocka_unit_test_setup(test_queued_interrupt_handled_before_answer, setup),
		cmocka_unit_test_setup(test_interrupt_of_aborted_owner_disabled, setup),
		cmocka_unit_test_setup(test_ns_signaled_preempts_and_run_resumes, setup),
		cmocka_unit_test(test_ns_queued_masks_and_changes_nothing),
		cmocka_unit_test(test_other_s_queued_masks_everything),
		cmocka_unit_test(test_ns_managed_exit),
		cmocka_unit_test_setup(test_features_managed_exit_interrupt, setup),
		cmocka_unit_test_setup(test_run_rules_around_preemption, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
