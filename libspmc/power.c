/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Power management: what the SPMC does when the EL3 dispatcher reports that a
 * CPU goes off, suspends or resumes (PSCI, on behalf of the normal world),
 * and FFA_SECONDARY_EP_REGISTER. Partitions that subscribed in their manifest
 * (power-management-messages) get a framework direct request on that CPU —
 * PSCI (w3 = the PSCI function) or warm boot — one partition at a time, and
 * each answers with a PM response (w3 = a PSCI status). Only MP partitions
 * are told: a UP partition's one context is not tied to the CPU.
 */
#include "internal.h"

#define PM_SUB_CPU_OFF (1u << 0)
#define PM_SUB_CPU_SUSPEND (1u << 1)
#define PM_SUB_CPU_RESUME (1u << 2)
#define PSCI_DENIED (-3)
#define SPMD_ID 0xffffu /* who the SPMC answers for a power event */

static uint32_t subscription(uint8_t ev)
{
	return ev == SPMC_PM_CPU_OFF       ? PM_SUB_CPU_OFF
	       : ev == SPMC_PM_CPU_SUSPEND ? PM_SUB_CPU_SUSPEND
					   : PM_SUB_CPU_RESUME;
}

/* The framework request for ev, from the SPMC to partition p. */
static struct ffa_value pm_request(const struct spmc *s, const struct spmc_partition *p,
				   uint8_t ev)
{
	struct ffa_value v = {{FFA_MSG_SEND_DIRECT_REQ_32, ffa_pack_ids(s->spmc_id, p->id)}};

	if (ev == SPMC_PM_CPU_RESUME) {
		v.x[2] = FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_WARM_BOOT;
		v.x[3] = 0; /* warm boot type: resume from suspend */
	} else {
		v.x[2] = FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_PSCI;
		v.x[3] = ev == SPMC_PM_CPU_OFF ? SPMC_PSCI_CPU_OFF : SPMC_PSCI_CPU_SUSPEND_64;
	}
	return v;
}

/* Tells the next subscribed partition, or finishes the event. */
static struct spmc_ec *pm_next(struct spmc *s, uint32_t cpu, struct ffa_value *regs)
{
	struct spmc_cpu *c = &s->cpus[cpu];

	while (c->pm_cursor < s->sp_count) {
		struct spmc_partition *p = s->boot_list[c->pm_cursor++];
		struct spmc_ec *ec;

		if (p->aborted || p->ec_count < 2 || !(p->cfg->pm_messages & subscription(c->pm_event)))
			continue;
		ec = spmc_ec_for_cpu(p, cpu);
		if (!ec || ec->state != SPMC_EC_WAITING) {
			/* Busy (or not started here): it cannot be told, so the
			 * event cannot be agreed to on its behalf. */
			if (c->pm_status == 0)
				c->pm_status = PSCI_DENIED;
			continue;
		}
		ec->state = SPMC_EC_RUNNING;
		ec->rt = SPMC_RT_DIRECT_REQ;
		ec->cpu = cpu;
		ec->req_sender = s->spmc_id;
		ec->req_is_req2 = false;
		ec->req_ec = NULL;
		*regs = pm_request(s, p, c->pm_event);
		return ec;
	}
	c->pm_active = false;
	if (c->pm_event == SPMC_PM_CPU_OFF && c->pm_status == 0) {
		/* The CPU powers down: every context it held is gone. */
		for (uint32_t i = 0; i < s->sp_count; i++) {
			struct spmc_partition *p = &s->sps[i];

			if (p->ec_count > 1 && !p->aborted)
				p->ecs[cpu].state = SPMC_EC_OFF;
		}
		s->nwd.ecs[cpu].state = SPMC_EC_OFF;
		c->booted = false;
	} else {
		s->nwd.ecs[cpu].state = SPMC_EC_RUNNING;
	}
	*regs = (struct ffa_value){{FFA_MSG_SEND_DIRECT_RESP_32, ffa_pack_ids(s->spmc_id, SPMD_ID),
				    FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_PM_RESP,
				    (uint32_t)c->pm_status}};
	return &s->nwd.ecs[cpu];
}

struct spmc_ec *spmc_cpu_pm(struct spmc *s, uint32_t cpu, enum spmc_pm_event ev,
			    struct ffa_value *regs)
{
	struct spmc_cpu *c;

	if (!s || cpu >= s->cpu_count || (unsigned)ev > SPMC_PM_CPU_RESUME)
		return NULL;
	c = &s->cpus[cpu];
	if (c->pm_active || !c->booted)
		return NULL;
	c->pm_active = true;
	c->pm_event = (uint8_t)ev;
	c->pm_cursor = 0;
	c->pm_status = 0;
	return spmc_irq_exit(s, cpu, pm_next(s, cpu, regs));
}

struct spmc_ec *spmc_pm_response(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				 struct ffa_value *regs)
{
	uint32_t w2 = (uint32_t)regs->x[2];

	/* The answer to a framework request is a PM response, sent from the
	 * CPU the request was given on, back to the SPMC. */
	if (w2 != (FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_PM_RESP) || !s->cpus[cpu].pm_active ||
	    caller->cpu != cpu)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if ((int32_t)regs->x[3] != 0 && s->cpus[cpu].pm_status == 0)
		s->cpus[cpu].pm_status = (int32_t)regs->x[3];
	caller->state = SPMC_EC_WAITING;
	caller->rt = SPMC_RT_NONE;
	spmc_irq_me_clear(caller);
	return pm_next(s, cpu, regs);
}

/* FFA_SECONDARY_EP_REGISTER: an MP partition names, while it initialises on
 * the primary CPU, where its contexts start on the other CPUs. */
struct spmc_ec *spmc_abi_secondary_ep_register(struct spmc *s, uint32_t cpu,
					       struct spmc_ec *caller, struct ffa_value *regs)
{
	struct spmc_partition *p = caller->part;
	uint64_t ep = FFA_IS_SMC64((uint32_t)regs->x[0]) ? regs->x[1] : (uint32_t)regs->x[1];

	(void)s;
	(void)cpu;
	if (caller->rt != SPMC_RT_INIT || caller->index != 0)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	/* A UP partition has no secondary contexts; the entry point must lie in
	 * the partition's own memory. */
	if (p->ec_count < 2 || ep < p->cfg->load_addr || ep - p->cfg->load_addr >= p->cfg->mem_size)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	p->secondary_ep = ep;
	return spmc_ret(caller, regs, ffa_success(0));
}
