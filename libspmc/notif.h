/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notification state (FF-A v1.1 chapter 10): what one receiver — an SP, or a
 * normal-world VM whose bitmap the normal world created — has bound and has
 * pending. 64 notification IDs; each bound to one sender, globally or per
 * vCPU. Pending bits are kept apart by the kind of sender (SPs, VMs), as
 * FFA_NOTIFICATION_GET returns them, plus the framework bitmaps.
 */
#ifndef LIBSPMC_NOTIF_H
#define LIBSPMC_NOTIF_H

#include <stdbool.h>
#include <stdint.h>

#include <ffa/value.h>

#define SPMC_NOTIF_IDS 64u

/* Pending notifications of one kind for one receiver (global) or one of its
 * vCPUs: from SPs, from VMs, and whether INFO_GET has listed them since they
 * became pending. */
struct spmc_notif_pending {
	uint64_t from_sp, from_vm;
	bool unlisted;
};

struct spmc_notif {
	bool enabled;          /* SP: notification support; VM: bitmap created */
	ffa_id_t id;           /* the receiver */
	uint16_t vcpu_count;
	uint64_t bound, per_vcpu;
	ffa_id_t sender[SPMC_NOTIF_IDS];
	struct spmc_notif_pending global;
	struct spmc_notif_pending *vcpu; /* [vcpu_count] */
	uint32_t spm_fwk, hyp_fwk;       /* framework notifications (bit 0: RX buffer full) */
};

static inline bool spmc_notif_any_pending(const struct spmc_notif *n)
{
	if (n->global.from_sp | n->global.from_vm | n->spm_fwk | n->hyp_fwk)
		return true;
	for (uint16_t v = 0; v < n->vcpu_count; v++)
		if (n->vcpu[v].from_sp | n->vcpu[v].from_vm)
			return true;
	return false;
}

#endif
