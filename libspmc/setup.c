/* SPDX-License-Identifier: BSD-3-Clause */
/* Setup and discovery: FFA_VERSION, FFA_FEATURES, FFA_ID_GET, FFA_SPM_ID_GET. */
#include "internal.h"

struct spmc_ec *spmc_abi_version(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				 struct ffa_value *regs)
{
	uint32_t req = (uint32_t)regs->x[1];
	struct ffa_value v = {{0}};

	(void)s;
	(void)cpu;
	/* FFA_VERSION returns the version, or NOT_SUPPORTED, in w0 (not FFA_ERROR). */
	if ((req & (1u << 31)) ||
	    FFA_VERSION_MAJOR(req) != FFA_VERSION_MAJOR(SPMC_FFA_VERSION)) {
		v.x[0] = (uint32_t)FFA_RET_NOT_SUPPORTED;
		return spmc_ret(caller, regs, v);
	}
	/* Compatible: both sides use the lower minor version from now on; the
	 * caller's layouts (partition info, descriptors) follow it. */
	caller->part->ffa_version = req < SPMC_FFA_VERSION ? req : SPMC_FFA_VERSION;
	v.x[0] = SPMC_FFA_VERSION;
	return spmc_ret(caller, regs, v);
}

static bool is_func_id(uint32_t id)
{
	return (id & (1u << 31)) != 0;
}

struct spmc_ec *spmc_abi_features(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				  struct ffa_value *regs)
{
	uint32_t id = (uint32_t)regs->x[1];
	uint32_t props = 0;
	const struct spmc_abi *abi;

	(void)cpu;
	if (!is_func_id(id)) {
		/* Feature IDs: interrupt IDs. Partitions receive the managed exit
		 * and notification pending interrupts, the normal world the
		 * schedule receiver interrupt; each asks only for its own. */
		uint32_t intid = 0;

		if (id == FFA_FEATURE_MEI && !caller->part->is_nwd)
			intid = SPMC_VIRQ_MANAGED_EXIT;
		else if (id == FFA_FEATURE_NPI && !caller->part->is_nwd &&
			 caller->part->ffa_version >= FFA_VERSION_1_1)
			intid = SPMC_VIRQ_NOTIFICATION_PENDING;
		else if (id == FFA_FEATURE_SRI && caller->part->is_nwd &&
			 caller->part->ffa_version >= FFA_VERSION_1_1)
			intid = SPMC_SRI_INTID;
		if (!intid || (uint32_t)regs->x[2] != 0)
			return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
		return spmc_ret(caller, regs, (struct ffa_value){{FFA_SUCCESS_32, 0, intid}});
	}
	/* Input properties (w2) are only defined for FFA_MEM_RETRIEVE_REQ. */
	if ((uint32_t)regs->x[2] != 0 && id != FFA_MEM_RETRIEVE_REQ_32 &&
	    id != FFA_MEM_RETRIEVE_REQ_64)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	abi = spmc_abi_lookup(id);
	/* Result encodings are implemented for every caller (SPMC_RETURNED). */
	if (!abi || (!(abi->from & SPMC_RETURNED) &&
		     (!abi->fn || !spmc_abi_callable(abi, caller->part))))
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	if (id == FFA_RXTX_MAP_32 || id == FFA_RXTX_MAP_64) {
		props = FFA_FEATURES_RXTX_MIN_4K;
		/* v1.2 adds the maximum buffer size in pages, [31:16]. */
		if (caller->part->ffa_version >= FFA_VERSION_1_2)
			props |= (s->rxtx_max_pages & 0xffffu) << 16;
	}
	switch (id) {
	case FFA_MEM_SHARE_32:
	case FFA_MEM_SHARE_64:
	case FFA_MEM_LEND_32:
	case FFA_MEM_LEND_64:
	case FFA_MEM_DONATE_32:
	case FFA_MEM_DONATE_64:
		/* A descriptor may come in a buffer of the sender's (w3/w4). */
		props = FFA_FEATURES_MEM_DYN_BUFFER;
		break;
	case FFA_MEM_RETRIEVE_REQ_32:
	case FFA_MEM_RETRIEVE_REQ_64:
		/* Input: only bit 1 is defined; a v1.1+ caller must say it
		 * handles the NS bit (memory management supplement, table 3.1;
		 * Hafnium answers NOT_SUPPORTED otherwise). */
		if ((uint32_t)regs->x[2] & ~FFA_FEATURES_MEM_RETRIEVE_NS)
			return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
		if (caller->part->ffa_version >= FFA_VERSION_1_1 &&
		    !((uint32_t)regs->x[2] & FFA_FEATURES_MEM_RETRIEVE_NS))
			return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
		/* Requests only in the TX buffer; responses carry the NS bit
		 * from v1.1; the normal world may retrieve as the hypervisor. */
		props = (caller->part->ffa_version >= FFA_VERSION_1_1 ? FFA_FEATURES_MEM_RETRIEVE_NS
								      : 0) |
			(caller->part->is_nwd ? FFA_FEATURES_MEM_RETRIEVE_HYP : 0);
		break;
	default:
		break;
	}
	return spmc_ret(caller, regs, ffa_success(props));
}

struct spmc_ec *spmc_abi_id_get(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				struct ffa_value *regs)
{
	(void)s;
	(void)cpu;
	return spmc_ret(caller, regs, ffa_success(caller->part->id));
}

struct spmc_ec *spmc_abi_spm_id_get(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				    struct ffa_value *regs)
{
	(void)cpu;
	return spmc_ret(caller, regs, ffa_success(s->spmc_id));
}
