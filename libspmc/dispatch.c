/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ABI table: which FF-A functions this SPMC implements, for whom, from
 * which negotiated version, and which argument registers must be zero. The
 * dispatcher and FFA_FEATURES read the same table, so FEATURES never claims
 * what the dispatcher would refuse.
 */
#include "internal.h"

#define NWD SPMC_FROM_NWD
#define SP SPMC_FROM_SP
#define BOTH (NWD | SP)
#define R(i) (1u << (i))
#define R1_7 (R(1) | R(2) | R(3) | R(4) | R(5) | R(6) | R(7))
#define V10 FFA_VERSION_1_0
#define V11 FFA_VERSION_1_1
#define V12 FFA_VERSION_1_2

static const struct spmc_abi abis[] = {
	{FFA_ERROR_32, SP | SPMC_RETURNED, V10, 0, spmc_abi_error},
	{FFA_SUCCESS_32, SPMC_RETURNED, V10, 0, NULL},
	{FFA_SUCCESS_64, SPMC_RETURNED, V10, 0, NULL},
	{FFA_VERSION_32, BOTH, V10, R1_7 & ~R(1), spmc_abi_version},
	{FFA_FEATURES_32, BOTH, V10, R(3) | R(4) | R(5) | R(6) | R(7), spmc_abi_features},
	{FFA_RX_RELEASE_32, BOTH, V10, R1_7 & ~R(1), spmc_abi_rx_release},
	{FFA_RXTX_MAP_32, BOTH, V10, R(4) | R(5) | R(6) | R(7), spmc_abi_rxtx_map},
	{FFA_RXTX_MAP_64, BOTH, V10, R(4) | R(5) | R(6) | R(7), spmc_abi_rxtx_map},
	{FFA_RXTX_UNMAP_32, BOTH, V10, R1_7 & ~R(1), spmc_abi_rxtx_unmap},
	{FFA_PARTITION_INFO_GET_32, BOTH, V10, R(6) | R(7), spmc_abi_partition_info_get},
	{FFA_ID_GET_32, BOTH, V10, R1_7, spmc_abi_id_get},
	{FFA_MSG_WAIT_32, SP, V10, R1_7 & ~R(2), spmc_abi_msg_wait},
	{FFA_YIELD_32, SP, V10, R(1) | R(4) | R(5) | R(6) | R(7), spmc_abi_yield},
	/* From an SP: to resume its callee, preempted in their call chain. */
	{FFA_RUN_32, BOTH, V10, R1_7 & ~R(1), spmc_abi_run},
	{FFA_MSG_SEND_DIRECT_REQ_32, BOTH, V10, 0, spmc_abi_direct_req},
	{FFA_MSG_SEND_DIRECT_REQ_64, BOTH, V10, 0, spmc_abi_direct_req},
	{FFA_MSG_SEND_DIRECT_RESP_32, SP, V10, 0, spmc_abi_direct_resp},
	{FFA_MSG_SEND_DIRECT_RESP_64, SP, V10, 0, spmc_abi_direct_resp},
	{FFA_RX_ACQUIRE_32, NWD, V11, R1_7 & ~R(1), spmc_abi_rx_acquire},
	{FFA_SPM_ID_GET_32, BOTH, V11, R1_7, spmc_abi_spm_id_get},
	{FFA_SECONDARY_EP_REGISTER_32, SP, V11, R1_7 & ~R(1), spmc_abi_secondary_ep_register},
	{FFA_SECONDARY_EP_REGISTER_64, SP, V11, R1_7 & ~R(1), spmc_abi_secondary_ep_register},
	{FFA_MSG_SEND2_32, BOTH, V11, R(3) | R(4) | R(5) | R(6) | R(7), spmc_abi_msg_send2},
	/* The v1.0 indirect messages, for endpoints that negotiated v1.0. */
	{FFA_MSG_SEND_32, BOTH | SPMC_V10_ONLY, V10, R(2) | R(5) | R(6) | R(7), spmc_abi_msg_send},
	{FFA_MSG_POLL_32, BOTH | SPMC_V10_ONLY, V10, R1_7, spmc_abi_msg_poll},
	/* Notifications (v1.1): VM bitmaps are the normal world's to manage. */
	{FFA_NOTIFICATION_BITMAP_CREATE_32, NWD, V11, R(3) | R(4) | R(5) | R(6) | R(7),
	 spmc_abi_notif_bitmap_create},
	{FFA_NOTIFICATION_BITMAP_DESTROY_32, NWD, V11, R1_7 & ~R(1), spmc_abi_notif_bitmap_destroy},
	{FFA_NOTIFICATION_BIND_32, BOTH, V11, R(5) | R(6) | R(7), spmc_abi_notif_bind},
	{FFA_NOTIFICATION_UNBIND_32, BOTH, V11, R(2) | R(5) | R(6) | R(7), spmc_abi_notif_unbind},
	{FFA_NOTIFICATION_SET_32, BOTH, V11, R(5) | R(6) | R(7), spmc_abi_notif_set},
	{FFA_NOTIFICATION_GET_32, BOTH, V11, R(3) | R(4) | R(5) | R(6) | R(7), spmc_abi_notif_get},
	{FFA_NOTIFICATION_INFO_GET_32, NWD, V11, R1_7, spmc_abi_notif_info_get},
	{FFA_NOTIFICATION_INFO_GET_64, NWD, V11, R1_7, spmc_abi_notif_info_get},
	{FFA_CONSOLE_LOG_32, SP, V10, 0, spmc_abi_console_log},
	{FFA_CONSOLE_LOG_64, SP, V10, 0, spmc_abi_console_log},
	{FFA_PARTITION_INFO_GET_REGS_64, BOTH, V12, R1_7 & ~(R(1) | R(2) | R(3)),
	 spmc_abi_partition_info_get_regs},
	{FFA_MSG_SEND_DIRECT_REQ2_64, BOTH, V12, 0, spmc_abi_direct_req},
	{FFA_MSG_SEND_DIRECT_RESP2_64, SP, V12, 0, spmc_abi_direct_resp},
	{FFA_MEM_SHARE_32, BOTH, V10, R(5) | R(6) | R(7), spmc_abi_mem_send},
	{FFA_MEM_SHARE_64, BOTH, V10, R(5) | R(6) | R(7), spmc_abi_mem_send},
	{FFA_MEM_LEND_32, BOTH, V10, R(5) | R(6) | R(7), spmc_abi_mem_send},
	{FFA_MEM_LEND_64, BOTH, V10, R(5) | R(6) | R(7), spmc_abi_mem_send},
	{FFA_MEM_DONATE_32, BOTH, V10, R(5) | R(6) | R(7), spmc_abi_mem_send},
	{FFA_MEM_DONATE_64, BOTH, V10, R(5) | R(6) | R(7), spmc_abi_mem_send},
	/* From the normal world: the hypervisor retrieve request. */
	{FFA_MEM_RETRIEVE_REQ_32, BOTH, V10, R(5) | R(6) | R(7), spmc_abi_mem_retrieve_req},
	{FFA_MEM_RETRIEVE_REQ_64, BOTH, V10, R(5) | R(6) | R(7), spmc_abi_mem_retrieve_req},
	{FFA_MEM_RETRIEVE_RESP_32, SPMC_RETURNED, V10, 0, NULL},
	{FFA_MEM_RELINQUISH_32, BOTH, V10, R1_7, spmc_abi_mem_relinquish},
	{FFA_MEM_RECLAIM_32, BOTH, V10, R(4) | R(5) | R(6) | R(7), spmc_abi_mem_reclaim},
	/* FRAG_TX is also how the SPMC answers FRAG_RX, and FRAG_RX how it
	 * answers a fragment of a send. */
	{FFA_MEM_FRAG_RX_32, BOTH | SPMC_RETURNED, V10, R(5) | R(6) | R(7), spmc_abi_mem_frag_rx},
	{FFA_MEM_FRAG_TX_32, BOTH | SPMC_RETURNED, V10, R(5) | R(6) | R(7), spmc_abi_mem_frag_tx},
	{FFA_MEM_PERM_GET_32, SP | SPMC_SEL0_ONLY, V11, R1_7 & ~(R(1) | R(2)), spmc_abi_mem_perm_get},
	{FFA_MEM_PERM_GET_64, SP | SPMC_SEL0_ONLY, V11, R1_7 & ~(R(1) | R(2)), spmc_abi_mem_perm_get},
	{FFA_MEM_PERM_SET_32, SP | SPMC_SEL0_ONLY, V11, R(4) | R(5) | R(6) | R(7),
	 spmc_abi_mem_perm_set},
	{FFA_MEM_PERM_SET_64, SP | SPMC_SEL0_ONLY, V11, R(4) | R(5) | R(6) | R(7),
	 spmc_abi_mem_perm_set},
};

const struct spmc_abi *spmc_abi_lookup(uint32_t func_id)
{
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(abis); i++)
		if (abis[i].func_id == func_id)
			return &abis[i];
	return NULL;
}

bool spmc_abi_callable(const struct spmc_abi *abi, const struct spmc_partition *caller)
{
	uint8_t who = caller->is_nwd ? SPMC_FROM_NWD : SPMC_FROM_SP;

	/* FFA_VERSION must work before any version is negotiated. */
	if (abi->func_id == FFA_VERSION_32)
		return true;
	if ((abi->from & SPMC_SEL0_ONLY) && !(caller->cfg && caller->cfg->el == 1))
		return false;
	if ((abi->from & SPMC_V10_ONLY) && caller->ffa_version != FFA_VERSION_1_0)
		return false;
	return (abi->from & who) && caller->ffa_version >= abi->min_version;
}

static bool mbz_ok(uint32_t func_id, uint32_t mbz, const struct ffa_value *regs)
{
	/* SMC32 callers only define the low 32 bits of each register (SMCCC). */
	uint64_t mask = FFA_IS_SMC64(func_id) ? ~0ull : 0xffffffffull;

	for (int i = 1; i < FFA_NREGS; i++)
		if ((mbz & (1u << i)) && (regs->x[i] & mask))
			return false;
	return true;
}

static struct spmc_ec *call(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			    struct ffa_value *regs)
{
	uint32_t fid = (uint32_t)regs->x[0];
	const struct spmc_abi *abi;

	if (!caller || cpu >= s->cpu_count)
		return NULL;
	/* A context whose partition was aborted while it ran on another CPU
	 * ends at its next call, as if it had faulted there. */
	if (caller->part->aborted)
		return spmc_ec_abort(s, cpu, caller, regs);
	caller->cpu = cpu;
	abi = spmc_abi_lookup(fid);
	if (!abi || !abi->fn || !spmc_abi_callable(abi, caller->part))
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	if (!mbz_ok(fid, abi->mbz, regs)) {
		/* FFA_VERSION has one failure encoding, NOT_SUPPORTED in w0: it never
		 * returns FFA_ERROR. */
		if (fid == FFA_VERSION_32) {
			*regs = (struct ffa_value){{(uint32_t)FFA_RET_NOT_SUPPORTED}};
			return caller;
		}
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	}
	return abi->fn(s, cpu, caller, regs);
}

struct spmc_ec *spmc_ffa_call(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
			      struct ffa_value *regs)
{
	/* Whoever runs next runs with its own interrupt priority mask. */
	return spmc_irq_exit(s, cpu, call(s, cpu, caller, regs));
}
