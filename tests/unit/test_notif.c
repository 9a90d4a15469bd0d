/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notifications (FF-A v1.1+ DEN0077 chapter 10) on the core with the HAL
 * fake: VM bitmaps, binding, setting, getting and INFO_GET, and every refusal
 * with the error the specification names and nothing changed (the snapshot
 * covers each receiver's bindings and pending bits, every context's virtual
 * interrupt queue, delayed SRIs and the SGIs sent).
 */
#include "unit.h"

#include <gic.h>

#define SET_PER_VCPU 1u
#define SET_DELAY_SRI 2u
#define GET_ALL 0xfu

static int setup(void **state)
{
	struct ut *u = ut_begin_std();

	(void)state;
	/* SP1 (UP) and SP2 (MP) receive notifications; SP3 and SP4 do not. */
	u->parts[0].properties |= FFA_PROP_NOTIFICATION_RECV;
	u->parts[1].properties |= FFA_PROP_NOTIFICATION_RECV;
	ut_init(u);
	ut_boot_all();
	ut_nwd_version(FFA_VERSION_1_2);
	return 0;
}

static struct ffa_value bind(ffa_id_t snd, ffa_id_t rcv, uint32_t flags, uint64_t ids)
{
	return FFA(FFA_NOTIFICATION_BIND_32, ffa_pack_ids(snd, rcv), flags, (uint32_t)ids, ids >> 32);
}

static struct ffa_value set(ffa_id_t snd, ffa_id_t rcv, uint32_t flags, uint64_t ids)
{
	return FFA(FFA_NOTIFICATION_SET_32, ffa_pack_ids(snd, rcv), flags, (uint32_t)ids, ids >> 32);
}

static struct ffa_value get(ffa_id_t rcv, uint16_t vcpu, uint32_t flags)
{
	return FFA(FFA_NOTIFICATION_GET_32, (uint32_t)vcpu << 16 | rcv, flags);
}

/* An SP context running (handling a NWd request on cpu), to call from. */
static struct spmc_ec *running(ffa_id_t id, uint32_t cpu)
{
	struct ffa_value r;

	return ut_nwd_req(cpu, id, &r);
}

static void ok(uint32_t cpu, struct spmc_ec *ec, struct ffa_value in)
{
	assert_ptr_equal(ut_call(cpu, ec, &in), ec);
	assert_int_equal(in.x[0], FFA_SUCCESS_32);
}

static bool npi_queued(struct spmc_ec *ec)
{
	for (uint16_t i = 0; i < ec->virq_count; i++)
		if (ec->virq[i] == SPMC_VIRQ_NOTIFICATION_PENDING)
			return true;
	return false;
}

/* DEN0077 FFA_NOTIFICATION_BITMAP_CREATE / _DESTROY: the normal world creates
 * one bitmap per VM (DENIED twice), for a non-secure ID and 1..max vCPUs
 * (INVALID_PARAMETERS otherwise); NO_MEMORY when all are in use; DESTROY of
 * one that does not exist is INVALID_PARAMETERS; only the normal world may. */
static void test_bitmap_create_destroy(void **state)
{
	struct spmc_ec *sp1 = running(SP1, 0);

	(void)state;
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 0, 4), 0, 0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 0, 4), FFA_RET_DENIED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 0x8010, 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 1, 0),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 1, 5),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_DESTROY_32, 7),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 2, 1),
			 FFA_RET_NOT_SUPPORTED);
	for (uint32_t vm = 1; vm < SPMC_NOTIF_DEFAULT_VMS; vm++)
		EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, vm, 1), 0, 0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 99, 1),
			 FFA_RET_NO_MEMORY);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_DESTROY_32, 3), 0, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 99, 1), 0, 0);
}

/* DEN0077 FFA_NOTIFICATION_BITMAP_DESTROY with notifications pending: DENIED
 * (they would be lost); once retrieved, it goes. */
static void test_bitmap_destroy_with_pending_denied(void **state)
{
	struct spmc_ec *sp1;

	(void)state;
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 0, 2), 0, 0);
	EXPECT_FFA_SUCCESS(0, ut_nwd(0), bind(SP1, 0, 0, 0x10), 0, 0);
	sp1 = running(SP1, 0);
	ok(0, sp1, set(SP1, 0, 0, 0x10));
	EXPECT_FFA_ERROR(1, ut_nwd(1), FFA(FFA_NOTIFICATION_BITMAP_DESTROY_32, 0), FFA_RET_DENIED);
	EXPECT_FFA_SUCCESS(1, ut_nwd(1), get(0, 0, GET_ALL), 0x10, 0);
	EXPECT_FFA_SUCCESS(1, ut_nwd(1), FFA(FFA_NOTIFICATION_BITMAP_DESTROY_32, 0), 0, 0);
}

/* DEN0077 FFA_NOTIFICATION_BIND: by the receiver, for itself; an ID bound
 * to another sender is DENIED; bad IDs, flags, empty bitmaps, receivers
 * without notification support, per-vCPU binding of a UP receiver are
 * INVALID_PARAMETERS. Each refusal changes nothing. */
static void test_bind_rules(void **state)
{
	struct spmc_ec *sp1 = running(SP1, 0);

	(void)state;
	ok(0, sp1, bind(SP3, SP1, 0, 0x3));
	EXPECT_FFA_ERROR(0, sp1, bind(SP4, SP1, 0, 0x2), FFA_RET_DENIED);
	EXPECT_FFA_ERROR(0, sp1, bind(SP3, SP2, 0, 0x4), FFA_RET_INVALID_PARAMETERS); /* for another */
	EXPECT_FFA_ERROR(0, sp1, bind(SP3, SP1, SET_PER_VCPU, 0x4), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, bind(SP3, SP1, 0, 0), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, bind(SP3, SP1, 4, 0x4), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, bind(0x8077, SP1, 0, 0x4), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, bind(SP1, SP1, 0, 0x4), FFA_RET_INVALID_PARAMETERS);
	/* Rebinding to the same sender is fine. */
	ok(0, sp1, bind(SP3, SP1, 0, 0x1));
	/* SP3 has no notification support. */
	EXPECT_FFA_ERROR(1, running(SP3, 1), bind(SP1, SP3, 0, 1), FFA_RET_INVALID_PARAMETERS);
	/* A VM's bitmap must exist; then VMs take notifications from SPs only. */
	EXPECT_FFA_ERROR(2, ut_nwd(2), bind(SP1, 0, 0, 1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(2, ut_nwd(2), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 0, 4), 0, 0);
	EXPECT_FFA_ERROR(2, ut_nwd(2), bind(5, 0, 0, 1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_SUCCESS(2, ut_nwd(2), bind(SP1, 0, SET_PER_VCPU, 1ull << 63), 0, 0);
	/* The normal world cannot bind for an SP. */
	EXPECT_FFA_ERROR(2, ut_nwd(2), bind(0, SP1, 0, 1ull << 40), FFA_RET_INVALID_PARAMETERS);
}

/* DEN0077 FFA_NOTIFICATION_SET: by the sender, for itself (spoofing is
 * INVALID_PARAMETERS); IDs not bound to it, or bound per-vCPU when set
 * globally (and the reverse), are DENIED; a bad vCPU is INVALID_PARAMETERS.
 * A set from an SP raises the schedule receiver interrupt in the normal
 * world and queues the notification pending interrupt for an SP receiver. */
static void test_set_rules_and_signals(void **state)
{
	struct spmc_ec *sp2_0, *sp3;
	uint32_t sgis;

	(void)state;
	sp2_0 = running(SP2, 0);
	ok(0, sp2_0, bind(SP3, SP2, 0, 0x1));
	ok(0, sp2_0, bind(SP3, SP2, SET_PER_VCPU, 0x2));
	{
		struct ffa_value r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP2, NWD));

		assert_ptr_equal(ut_call(0, sp2_0, &r), ut_nwd(0));
	}
	sp3 = running(SP3, 1);
	EXPECT_FFA_ERROR(1, sp3, set(SP4, SP2, 0, 0x1), FFA_RET_INVALID_PARAMETERS); /* spoofed */
	EXPECT_FFA_ERROR(1, sp3, set(SP3, SP2, 0, 0x4), FFA_RET_DENIED);             /* unbound */
	EXPECT_FFA_ERROR(1, sp3, set(SP3, SP2, 0, 0x2), FFA_RET_DENIED);             /* per-vCPU */
	EXPECT_FFA_ERROR(1, sp3, set(SP3, SP2, SET_PER_VCPU, 0x1), FFA_RET_DENIED);  /* global */
	EXPECT_FFA_ERROR(1, sp3, set(SP3, SP2, SET_PER_VCPU | (4u << 16), 0x2),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(1, sp3, set(SP3, SP2, 2u << 16, 0x1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(1, sp3, set(SP3, SP2, 0x100, 0x1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(1, sp3, set(SP3, SP3, 0, 0x1), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(1, sp3, set(SP3, SP2, 0, 0), FFA_RET_INVALID_PARAMETERS);

	sgis = mock_hal.sgis_sent;
	ok(1, sp3, set(SP3, SP2, SET_PER_VCPU | (2u << 16), 0x2));
	assert_int_equal(mock_hal.sgis_sent, sgis + 1);
	assert_true(gic_pending(mock_gic(), 1, SPMC_SRI_INTID));
	assert_true(npi_queued(ut_ec(SP2, 2)));
	assert_false(npi_queued(ut_ec(SP2, 1)));
	/* Global: the NPI goes to the context for the sender's CPU. */
	ok(1, sp3, set(SP3, SP2, 0, 0x1));
	assert_true(npi_queued(ut_ec(SP2, 1)));
}

/* DEN0077 FFA_NOTIFICATION_SET delay-SRI flag: the schedule receiver
 * interrupt waits until the sender's CPU returns to the normal world. */
static void test_delayed_sri(void **state)
{
	struct spmc_ec *sp1, *sp3;
	struct ffa_value r;
	uint32_t sgis;

	(void)state;
	sp1 = running(SP1, 0);
	ok(0, sp1, bind(SP3, SP1, 0, 0x8));
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD));
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	sp3 = running(SP3, 0);
	sgis = mock_hal.sgis_sent;
	ok(0, sp3, set(SP3, SP1, SET_DELAY_SRI, 0x8));
	assert_int_equal(mock_hal.sgis_sent, sgis);
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP3, NWD));
	assert_ptr_equal(ut_call(0, sp3, &r), ut_nwd(0));
	assert_int_equal(mock_hal.sgis_sent, sgis + 1);
	assert_true(gic_pending(mock_gic(), 0, SPMC_SRI_INTID));
}

/* DEN0077 FFA_NOTIFICATION_GET: by the receiver for itself, returning and
 * clearing the bitmaps asked for (w2/w3 from SPs, w4/w5 from VMs); an MP SP
 * reads its own vCPU's per-vCPU notifications only. */
static void test_get(void **state)
{
	struct spmc_ec *sp2_2, *sp1, *sp3;
	struct ffa_value r;

	(void)state;
	sp2_2 = running(SP2, 2);
	ok(2, sp2_2, bind(SP1, SP2, SET_PER_VCPU, 0xf0));
	ok(2, sp2_2, bind(NWD, SP2, 0, 1ull << 33));
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP2, NWD));
	assert_ptr_equal(ut_call(2, sp2_2, &r), ut_nwd(2));
	sp1 = running(SP1, 0);
	ok(0, sp1, set(SP1, SP2, SET_PER_VCPU | (2u << 16), 0x30));
	ok(0, sp1, set(SP1, SP2, SET_PER_VCPU | (1u << 16), 0x40));
	EXPECT_FFA_SUCCESS(3, ut_nwd(3), set(NWD, SP2, 0, 1ull << 33), 0, 0);

	sp2_2 = running(SP2, 2);
	EXPECT_FFA_ERROR(2, sp2_2, get(SP2, 1, GET_ALL), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(2, sp2_2, get(SP1, 0, GET_ALL), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(2, sp2_2, get(SP2, 2, 0x10), FFA_RET_INVALID_PARAMETERS);
	/* Only the VM bitmap asked for: the SP one stays. */
	r = get(SP2, 2, 0x2);
	assert_ptr_equal(ut_call(2, sp2_2, &r), sp2_2);
	assert_int_equal(r.x[0], FFA_SUCCESS_32);
	assert_int_equal(r.x[2], 0);
	assert_int_equal(r.x[5], 2); /* ID 33, high word */
	r = get(SP2, 2, GET_ALL);
	assert_ptr_equal(ut_call(2, sp2_2, &r), sp2_2);
	assert_int_equal(r.x[2], 0x30);
	assert_int_equal(r.x[4] | r.x[5], 0);
	r = get(SP2, 2, GET_ALL);
	assert_ptr_equal(ut_call(2, sp2_2, &r), sp2_2);
	assert_int_equal(r.x[2] | r.x[3] | r.x[4] | r.x[5], 0);
	/* vCPU 1's are still there for context 1. */
	sp3 = running(SP2, 1);
	r = get(SP2, 1, GET_ALL);
	assert_ptr_equal(ut_call(1, sp3, &r), sp3);
	assert_int_equal(r.x[2], 0x40);
}

/* DEN0077 FFA_NOTIFICATION_UNBIND: IDs not bound to that sender are DENIED;
 * afterwards, setting them is DENIED too. */
static void test_unbind(void **state)
{
	struct spmc_ec *sp1 = running(SP1, 0), *sp3;
	struct ffa_value r;

	(void)state;
	ok(0, sp1, bind(SP3, SP1, 0, 0x3));
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_NOTIFICATION_UNBIND_32, ffa_pack_ids(SP4, SP1), 0, 0x1),
			 FFA_RET_DENIED);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_NOTIFICATION_UNBIND_32, ffa_pack_ids(SP3, SP1), 0, 0x4),
			 FFA_RET_DENIED);
	ok(0, sp1, FFA(FFA_NOTIFICATION_UNBIND_32, ffa_pack_ids(SP3, SP1), 0, 0x1));
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD));
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));
	sp3 = running(SP3, 0);
	EXPECT_FFA_ERROR(0, sp3, set(SP3, SP1, 0, 0x1), FFA_RET_DENIED);
	ok(0, sp3, set(SP3, SP1, 0, 0x2));
}

/* Packed lists of an INFO_GET answer. */
struct lists {
	uint32_t n, more;
	uint16_t id[32];
	uint32_t vcpus[32];
	uint16_t vcpu[32][3];
};

static struct lists unpack(const struct ffa_value *r, bool is64)
{
	struct lists l = {0};
	uint32_t per = is64 ? 4 : 2, k = 0;

	l.more = r->x[2] & 1;
	l.n = (r->x[2] >> 7) & 0x1f;
	for (uint32_t i = 0; i < l.n; i++) {
		l.vcpus[i] = (r->x[2] >> (12 + 2 * i)) & 3;
		l.id[i] = (uint16_t)(r->x[3 + k / per] >> (16 * (k % per)));
		k++;
		for (uint32_t v = 0; v < l.vcpus[i]; v++, k++)
			l.vcpu[i][v] = (uint16_t)(r->x[3 + k / per] >> (16 * (k % per)));
	}
	return l;
}

/* DEN0077 FFA_NOTIFICATION_INFO_GET: NO_DATA when nothing is pending; lists
 * of an endpoint and up to three vCPUs; when they do not fit (10 IDs in the
 * SMC32 form) the more-pending bit is set and the next call continues, until
 * NO_DATA: nothing listed twice, nothing missed. SPs may not call it. */
static void test_info_get_drains(void **state)
{
	struct spmc_ec *sp1, *sp2;
	struct ffa_value r;
	uint32_t seen_ids = 0;

	(void)state;
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_INFO_GET_32), FFA_RET_NO_DATA);
	for (uint32_t vm = 0; vm < 6; vm++) {
		EXPECT_FFA_SUCCESS(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, vm, 1), 0, 0);
		EXPECT_FFA_SUCCESS(0, ut_nwd(0), bind(SP1, (ffa_id_t)vm, 0, 1), 0, 0);
	}
	sp2 = running(SP2, 0);
	ok(0, sp2, bind(SP1, SP2, SET_PER_VCPU, 1));
	ok(0, sp2, bind(SP1, SP2, 0, 2));
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP2, NWD));
	assert_ptr_equal(ut_call(0, sp2, &r), ut_nwd(0));
	sp1 = running(SP1, 0);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_NOTIFICATION_INFO_GET_32), FFA_RET_NOT_SUPPORTED);
	for (uint16_t v = 0; v < 4; v++)
		ok(0, sp1, set(SP1, SP2, SET_PER_VCPU | (uint32_t)v << 16, 1));
	ok(0, sp1, set(SP1, SP2, 0, 2));
	for (uint32_t vm = 0; vm < 6; vm++)
		ok(0, sp1, set(SP1, (ffa_id_t)vm, 0, 1));
	r = FFA(FFA_MSG_SEND_DIRECT_RESP_64, ffa_pack_ids(SP1, NWD));
	assert_ptr_equal(ut_call(0, sp1, &r), ut_nwd(0));

	/* SP2: global [SP2], then [SP2 0 1 2], [SP2 3]; the VMs: [0] ... [5].
	 * 1 + 4 + 2 + 6 = 13 IDs: 10 fit in the first answer. */
	r = FFA(FFA_NOTIFICATION_INFO_GET_32);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_SUCCESS_32);
	struct lists l = unpack(&r, false);
	assert_int_equal(l.more, 1);
	assert_int_equal(l.n, 6);
	assert_int_equal(l.id[0], SP2);
	assert_int_equal(l.vcpus[0], 0);
	assert_int_equal(l.id[1], SP2);
	assert_int_equal(l.vcpus[1], 3);
	assert_int_equal(l.vcpu[1][2], 2);
	assert_int_equal(l.id[2], SP2);
	assert_int_equal(l.vcpus[2], 1);
	assert_int_equal(l.vcpu[2][0], 3);
	assert_int_equal(l.id[3], 0);
	assert_int_equal(l.id[5], 2);
	seen_ids += 10;
	/* The 64-bit form continues where it stopped: VMs 3..5. */
	r = FFA(FFA_NOTIFICATION_INFO_GET_64);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	assert_int_equal(r.x[0], FFA_SUCCESS_64);
	l = unpack(&r, true);
	assert_int_equal(l.more, 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.id[0], 3);
	assert_int_equal(l.id[2], 5);
	seen_ids += 3;
	assert_int_equal(seen_ids, 13);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_INFO_GET_64), FFA_RET_NO_DATA);
	/* Setting again lists again. */
	sp1 = running(SP1, 1);
	ok(1, sp1, set(SP1, 4, 0, 1));
	r = FFA(FFA_NOTIFICATION_INFO_GET_64);
	assert_ptr_equal(ut_call(0, ut_nwd(0), &r), ut_nwd(0));
	l = unpack(&r, true);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.id[0], 4);
}

/* Notifications are v1.1: a v1.0 caller gets NOT_SUPPORTED. */
static void test_v10_caller_not_supported(void **state)
{
	(void)state;
	ut_nwd_version(FFA_VERSION_1_0);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_BITMAP_CREATE_32, 0, 1),
			 FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(0, ut_nwd(0), FFA(FFA_NOTIFICATION_INFO_GET_64), FFA_RET_NOT_SUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_bitmap_create_destroy, setup),
		cmocka_unit_test_setup(test_bitmap_destroy_with_pending_denied, setup),
		cmocka_unit_test_setup(test_bind_rules, setup),
		cmocka_unit_test_setup(test_set_rules_and_signals, setup),
		cmocka_unit_test_setup(test_delayed_sri, setup),
		cmocka_unit_test_setup(test_get, setup),
		cmocka_unit_test_setup(test_unbind, setup),
		cmocka_unit_test_setup(test_info_get_drains, setup),
		cmocka_unit_test_setup(test_v10_caller_not_supported, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
