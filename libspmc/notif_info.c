/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_NOTIFICATION_INFO_GET: the normal world's scheduler asks which
 * endpoints (and which of their vCPUs) have notifications pending that it has
 * not been told of yet, after a schedule receiver interrupt. The answer is a
 * set of lists packed in registers — an endpoint ID, then up to three vCPU IDs
 * (none: global notifications, any vCPU will do) — 16 bits each from x3: 20
 * IDs in the SMC64 form, 10 in the SMC32 form. w2 bit 0 says more are
 * pending than fitted, [11:7] counts the lists and, from bit 12, two bits per
 * list give its vCPU count. What is listed is not listed again until it is
 * set again, so repeated calls drain everything.
 */
#include "internal.h"

#define INFO_MORE_PENDING 1u
#define INFO_LIST_COUNT_SHIFT 7
#define INFO_VCPUS_SHIFT 12
#define INFO_MAX_VCPUS_PER_LIST 3u
#define INFO_MAX_IDS 20u

struct info {
	uint32_t max_ids, max_lists;
	uint16_t ids[INFO_MAX_IDS];
	uint8_t vcpus[INFO_MAX_IDS]; /* per list */
	uint32_t nids, nlists;
	bool full;
};

/* Adds a list of endpoint `id` and vcpus[0..k): false (and full) if it does not fit. */
static bool add_list(struct info *in, ffa_id_t id, const uint16_t *vcpus, uint32_t k)
{
	if (in->full || in->nids + 1 + k > in->max_ids || in->nlists == in->max_lists) {
		in->full = true;
		return false;
	}
	in->ids[in->nids++] = id;
	for (uint32_t i = 0; i < k; i++)
		in->ids[in->nids++] = vcpus[i];
	in->vcpus[in->nlists++] = (uint8_t)k;
	return true;
}

static void list_receiver(struct info *in, struct spmc_notif *n)
{
	uint16_t group[INFO_MAX_VCPUS_PER_LIST];
	uint32_t k = 0;

	if (!n->enabled)
		return;
	if (n->global.unlisted && add_list(in, n->id, NULL, 0))
		n->global.unlisted = false;
	for (uint16_t v = 0; v < n->vcpu_count && !in->full; v++) {
		if (!n->vcpu[v].unlisted)
			continue;
		group[k++] = v;
		if (k == INFO_MAX_VCPUS_PER_LIST) {
			if (!add_list(in, n->id, group, k))
				return;
			for (uint32_t i = 0; i < k; i++)
				n->vcpu[group[i]].unlisted = false;
			k = 0;
		}
	}
	/* The last, shorter list. */
	if (k && add_list(in, n->id, group, k))
		for (uint32_t i = 0; i < k; i++)
			n->vcpu[group[i]].unlisted = false;
}

struct spmc_ec *spmc_abi_notif_info_get(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
					struct ffa_value *regs)
{
	bool is64 = FFA_IS_SMC64((uint32_t)regs->x[0]);
	uint32_t per_reg = is64 ? 4 : 2;
	struct info in = {.max_ids = 5 * per_reg,
			  /* Two bits per list from bit 12 of w2/x2, and five bits of count. */
			  .max_lists = is64 ? 26 : 10};
	struct ffa_value v = {{is64 ? FFA_SUCCESS_64 : FFA_SUCCESS_32}};

	(void)cpu;
	for (uint32_t i = 0; i < s->sp_count && !in.full; i++)
		if (!s->by_id[i]->aborted)
			list_receiver(&in, &s->by_id[i]->notif);
	for (uint32_t i = 0; i < s->notif_max_vms && !in.full; i++)
		list_receiver(&in, &s->vms[i]);
	if (in.nids == 0)
		return spmc_ret_err(caller, regs, FFA_RET_NO_DATA);

	v.x[2] = (in.full ? INFO_MORE_PENDING : 0) | (uint64_t)in.nlists << INFO_LIST_COUNT_SHIFT;
	for (uint32_t l = 0; l < in.nlists; l++)
		v.x[2] |= (uint64_t)in.vcpus[l] << (INFO_VCPUS_SHIFT + 2 * l);
	for (uint32_t i = 0; i < in.nids; i++)
		v.x[3 + i / per_reg] |= (uint64_t)in.ids[i] << (16 * (i % per_reg));
	return spmc_ret(caller, regs, v);
}
