/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Notifications (FF-A v1.1 chapter 10): FFA_NOTIFICATION_BITMAP_CREATE and
 * _DESTROY for the normal world's VMs, BIND / UNBIND by the receiver, SET by
 * the sender, GET by the receiver (INFO_GET is in notif_info.c). A
 * notification that becomes pending for a receiver the normal world must
 * schedule raises the schedule receiver interrupt (SRI) in the normal world,
 * at once or, with the delay flag, when the sender's CPU next returns there;
 * an SP receiver also gets the notification pending interrupt (NPI), a
 * virtual interrupt, when it next runs. Every failure leaves state as it was.
 */
#include "internal.h"

#define BIND_PER_VCPU (1u << 0)
#define SET_PER_VCPU (1u << 0)
#define SET_DELAY_SRI (1u << 1)
#define SET_VCPU(w2) ((uint16_t)((w2) >> 16))
#define SET_FLAGS_MBZ 0x0000fffcu
#define GET_FROM_SP (1u << 0)
#define GET_FROM_VM (1u << 1)
#define GET_SPM_FWK (1u << 2)
#define GET_HYP_FWK (1u << 3)

static uint64_t bitmap(const struct ffa_value *regs)
{
	return (uint32_t)regs->x[3] | ((uint64_t)(uint32_t)regs->x[4] << 32);
}

/* The receiver `id`'s state: an SP with notification support, or a VM whose
 * bitmap exists. NULL if there is none. */
static struct spmc_notif *receiver(struct spmc *s, ffa_id_t id)
{
	if (ffa_id_is_secure(id)) {
		struct spmc_partition *p = spmc_partition_find(s, id);

		return p && !p->is_nwd && !p->aborted && p->notif.enabled ? &p->notif : NULL;
	}
	for (uint32_t i = 0; i < s->notif_max_vms; i++)
		if (s->vms[i].enabled && s->vms[i].id == id)
			return &s->vms[i];
	return NULL;
}

/* Whether `id` names an endpoint that may send notifications at all. */
static bool sender_exists(struct spmc *s, ffa_id_t id)
{
	if (!ffa_id_is_secure(id))
		return true; /* a VM: the normal world vouches for its own IDs */
	struct spmc_partition *p = spmc_partition_find(s, id);

	return p && !p->is_nwd && !p->aborted;
}

/* The caller speaks for endpoint `id`: an SP only for itself; the normal
 * world for its VMs (no hypervisor here: the normal world's IDs). */
static bool speaks_for(const struct spmc_ec *caller, ffa_id_t id)
{
	return caller->part->is_nwd ? !ffa_id_is_secure(id) : caller->part->id == id;
}

/* ---- VM bitmaps ---- */

struct spmc_ec *spmc_abi_notif_bitmap_create(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
					     struct ffa_value *regs)
{
	ffa_id_t vm = (ffa_id_t)regs->x[1];
	uint32_t vcpus = (uint32_t)regs->x[2];
	struct spmc_notif *slot = NULL;

	(void)cpu;
	if (ffa_id_is_secure(vm) || vcpus == 0 || vcpus > s->notif_max_vcpus ||
	    (uint32_t)regs->x[1] >> 16)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (receiver(s, vm))
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	for (uint32_t i = 0; i < s->notif_max_vms && !slot; i++)
		if (!s->vms[i].enabled)
			slot = &s->vms[i];
	if (!slot)
		return spmc_ret_err(caller, regs, FFA_RET_NO_MEMORY);
	struct spmc_notif_pending *room = slot->vcpu;

	*slot = (struct spmc_notif){.enabled = true, .id = vm, .vcpu_count = (uint16_t)vcpus,
				    .vcpu = room};
	for (uint32_t v = 0; v < vcpus; v++)
		room[v] = (struct spmc_notif_pending){0};
	return spmc_ret(caller, regs, ffa_success(0));
}

struct spmc_ec *spmc_abi_notif_bitmap_destroy(struct spmc *s, uint32_t cpu,
					      struct spmc_ec *caller, struct ffa_value *regs)
{
	ffa_id_t vm = (ffa_id_t)regs->x[1];
	struct spmc_notif *n;

	(void)cpu;
	if (ffa_id_is_secure(vm) || (uint32_t)regs->x[1] >> 16)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	n = receiver(s, vm);
	if (!n)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* Pending notifications would be lost. */
	if (spmc_notif_any_pending(n))
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	n->enabled = false;
	return spmc_ret(caller, regs, ffa_success(0));
}

/* ---- binding ---- */

struct spmc_ec *spmc_abi_notif_bind(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				    struct ffa_value *regs)
{
	uint32_t w1 = (uint32_t)regs->x[1], flags = (uint32_t)regs->x[2];
	ffa_id_t snd = ffa_sender(w1), rcv = ffa_receiver(w1);
	uint64_t ids = bitmap(regs);
	struct spmc_notif *n;

	(void)cpu;
	if (!speaks_for(caller, rcv) || flags & ~BIND_PER_VCPU || ids == 0 || snd == rcv ||
	    !sender_exists(s, snd))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	n = receiver(s, rcv);
	if (!n)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* The normal world's VMs take notifications from SPs only (VM to VM is
	 * the hypervisor's business), and per-vCPU ones need several vCPUs. */
	if ((!ffa_id_is_secure(rcv) && !ffa_id_is_secure(snd)) ||
	    ((flags & BIND_PER_VCPU) && n->vcpu_count < 2))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	for (uint32_t i = 0; i < SPMC_NOTIF_IDS; i++)
		if ((ids >> i & 1) && (n->bound >> i & 1) && n->sender[i] != snd)
			return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	for (uint32_t i = 0; i < SPMC_NOTIF_IDS; i++)
		if (ids >> i & 1)
			n->sender[i] = snd;
	n->bound |= ids;
	if (flags & BIND_PER_VCPU)
		n->per_vcpu |= ids;
	else
		n->per_vcpu &= ~ids;
	return spmc_ret(caller, regs, ffa_success(0));
}

struct spmc_ec *spmc_abi_notif_unbind(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				      struct ffa_value *regs)
{
	uint32_t w1 = (uint32_t)regs->x[1];
	ffa_id_t snd = ffa_sender(w1), rcv = ffa_receiver(w1);
	uint64_t ids = bitmap(regs);
	struct spmc_notif *n;

	(void)cpu;
	if (!speaks_for(caller, rcv) || ids == 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	n = receiver(s, rcv);
	if (!n)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	for (uint32_t i = 0; i < SPMC_NOTIF_IDS; i++)
		if ((ids >> i & 1) && (!(n->bound >> i & 1) || n->sender[i] != snd))
			return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	n->bound &= ~ids;
	n->per_vcpu &= ~ids;
	return spmc_ret(caller, regs, ffa_success(0));
}

/* ---- signalling ---- */

void spmc_notif_exit_to_nwd(struct spmc *s, uint32_t cpu)
{
	if (s->cpus[cpu].sri_pending) {
		s->cpus[cpu].sri_pending = false;
		hal_irq_send_sgi(cpu, SPMC_SRI_INTID);
	}
}

/* A notification became pending for receiver n (on vCPU `vcpu`, or global
 * for vcpu < 0), sent from cpu: the normal world must learn it has someone
 * to schedule (SRI) and an SP receiver that it has notifications (NPI). */
static void signal_pending(struct spmc *s, uint32_t cpu, struct spmc_notif *n, int vcpu,
			   bool from_sp, bool delay_sri)
{
	if (ffa_id_is_secure(n->id)) {
		struct spmc_partition *p = spmc_partition_find(s, n->id);
		struct spmc_ec *ec = vcpu >= 0 ? &p->ecs[vcpu] : spmc_ec_for_cpu(p, cpu);

		if (ec)
			spmc_virq_push(ec, SPMC_VIRQ_NOTIFICATION_PENDING);
	}
	/* A sender in the normal world knows already whom it notified. */
	if (!from_sp)
		return;
	if (delay_sri)
		s->cpus[cpu].sri_pending = true;
	else
		hal_irq_send_sgi(cpu, SPMC_SRI_INTID);
}

struct spmc_ec *spmc_abi_notif_set(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				   struct ffa_value *regs)
{
	uint32_t w1 = (uint32_t)regs->x[1], flags = (uint32_t)regs->x[2];
	ffa_id_t snd = ffa_sender(w1), rcv = ffa_receiver(w1);
	bool per_vcpu = flags & SET_PER_VCPU, from_sp = ffa_id_is_secure(snd);
	uint16_t vcpu = SET_VCPU(flags);
	uint64_t ids = bitmap(regs);
	struct spmc_notif_pending *pend;
	struct spmc_notif *n;

	/* The sender must be the caller itself: nobody sets for another. */
	if (!speaks_for(caller, snd) || flags & SET_FLAGS_MBZ || ids == 0 || snd == rcv)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (!per_vcpu && vcpu != 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	n = receiver(s, rcv);
	if (!n || (per_vcpu && vcpu >= n->vcpu_count))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* Every ID bound to this sender, and as global or per-vCPU as set. */
	if ((ids & n->bound) != ids)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	for (uint32_t i = 0; i < SPMC_NOTIF_IDS; i++)
		if ((ids >> i & 1) && n->sender[i] != snd)
			return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	if (per_vcpu ? (ids & n->per_vcpu) != ids : (ids & n->per_vcpu) != 0)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);

	pend = per_vcpu ? &n->vcpu[vcpu] : &n->global;
	if (from_sp)
		pend->from_sp |= ids;
	else
		pend->from_vm |= ids;
	pend->unlisted = true;
	signal_pending(s, cpu, n, per_vcpu ? vcpu : -1, from_sp, flags & SET_DELAY_SRI);
	return spmc_ret(caller, regs, ffa_success(0));
}

int spmc_notif_rx_full(struct spmc *s, uint32_t cpu, ffa_id_t id, bool from_sp, bool delay_sri)
{
	struct spmc_notif *n = receiver(s, id);

	if (!n)
		return FFA_RET_NOT_SUPPORTED;
	if (ffa_id_is_secure(id))
		n->spm_fwk |= 1u;
	else
		n->hyp_fwk |= 1u;
	n->global.unlisted = true;
	signal_pending(s, cpu, n, -1, from_sp, delay_sri);
	return 0;
}

/* ---- retrieval ---- */

struct spmc_ec *spmc_abi_notif_get(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				   struct ffa_value *regs)
{
	uint32_t w1 = (uint32_t)regs->x[1], flags = (uint32_t)regs->x[2];
	ffa_id_t rcv = (ffa_id_t)w1;
	uint16_t vcpu = (uint16_t)(w1 >> 16);
	uint64_t sp = 0, vm = 0;
	uint32_t spm = 0, hyp = 0;
	struct spmc_notif *n;

	(void)cpu;
	if (!speaks_for(caller, rcv) || flags & ~0xfu)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	n = receiver(s, rcv);
	if (!n || vcpu >= n->vcpu_count)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* An SP reads its own vCPU's per-vCPU notifications. */
	if (!caller->part->is_nwd && caller->part->ec_count > 1 && vcpu != caller->index)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* The hypervisor framework bitmap is for VMs, the SPM one for SPs. */
	if (flags & GET_FROM_SP) {
		sp = n->global.from_sp | n->vcpu[vcpu].from_sp;
		n->global.from_sp = n->vcpu[vcpu].from_sp = 0;
	}
	if (flags & GET_FROM_VM) {
		vm = n->global.from_vm | n->vcpu[vcpu].from_vm;
		n->global.from_vm = n->vcpu[vcpu].from_vm = 0;
	}
	if (flags & GET_SPM_FWK) {
		spm = n->spm_fwk;
		n->spm_fwk = 0;
	}
	if (flags & GET_HYP_FWK) {
		hyp = n->hyp_fwk;
		n->hyp_fwk = 0;
	}
	if (!(n->global.from_sp | n->global.from_vm | n->spm_fwk | n->hyp_fwk))
		n->global.unlisted = false;
	if (!(n->vcpu[vcpu].from_sp | n->vcpu[vcpu].from_vm))
		n->vcpu[vcpu].unlisted = false;
	return spmc_ret(caller, regs,
			(struct ffa_value){{FFA_SUCCESS_32, 0, (uint32_t)sp, (uint32_t)(sp >> 32),
					    (uint32_t)vm, (uint32_t)(vm >> 32), spm, hyp}});
}
