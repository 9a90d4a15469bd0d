/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EL3 dispatcher's PSCI service, for the normal world: CPU_ON, CPU_OFF
 * and CPU_SUSPEND, with the SPMD's part — telling the SPMC, which tells the
 * partitions that asked (spmc_cpu_pm) and starts contexts again on a CPU that
 * comes back (spmc_cpu_on). In this simulator CPU_ON's entry point is a
 * normal-world program of this process (a sim_entry_fn) and its context
 * argument that program's user pointer.
 */
#include "sim_internal.h"

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_SUSPEND_32 0x84000001u
#define PSCI_CPU_SUSPEND_64 0xc4000001u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON_32 0x84000003u
#define PSCI_CPU_ON_64 0xc4000003u

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_INVALID_ADDRESS (-9)

bool sim_is_psci(uint32_t fid)
{
	/* SMCCC standard secure service calls 0x00..0x1f: PSCI's range. */
	return (fid & ~0x4000001fu) == 0x84000000u;
}

static struct ffa_value ret(int64_t v)
{
	return (struct ffa_value){{(uint64_t)v}};
}

/* The SPMD tells the SPMC of power event ev on cpu; the partitions it tells
 * run in turn. Returns the SPMC's status (a PSCI code). */
static int32_t tell_spmc(struct sim *s, struct sim_thread *me, uint32_t cpu,
			 enum spmc_pm_event ev, const struct ffa_value *in)
{
	struct ffa_value regs = {{0}};
	struct spmc_ec *next;

	s->cur_cpu = cpu;
	/* The SMC into EL3, PSCI and the SPMD's framework request to the SPMC. */
	s->cpus[cpu].cycles += sim_entry_cost(s, true) + s->prof->spmc_handler_base;
	next = spmc_cpu_pm(s->core, cpu, ev, &regs);
	if (!next)
		return PSCI_DENIED;
	s->cpus[cpu].cycles += sim_exit_cost(s, spmc_ec_is_nwd(next), true);
	sim_record(s, SIM_TRACE_CALL, cpu, me->ec, in, next, &regs, 0);
	if (!spmc_ec_is_nwd(next)) {
		sim_place(s, cpu, next, &regs);
		sim_reschedule(s, me); /* back with the SPMC's answer */
		regs = me->in;
	}
	return (int32_t)regs.x[3];
}

static struct ffa_value cpu_on(struct sim *s, struct sim_thread *me, struct ffa_value in)
{
	uint64_t target = in.x[1], entry = in.x[2];
	struct ffa_value regs;
	struct spmc_ec *ec;

	if (target >= s->ncpu)
		return ret(PSCI_INVALID_PARAMETERS);
	if (!s->cpus[target].off)
		return ret(PSCI_ALREADY_ON);
	if (!entry)
		return ret(PSCI_INVALID_ADDRESS);
	if (!sim_nwd_thread(s, (uint32_t)target, (sim_entry_fn)(uintptr_t)entry,
			    (void *)(uintptr_t)in.x[3]))
		return ret(PSCI_DENIED);
	s->cpus[target].off = false;
	/* It was off: its clock starts from the moment it is turned on. */
	if (s->cpus[target].cycles < s->cpus[me->cpu].cycles)
		s->cpus[target].cycles = s->cpus[me->cpu].cycles;
	s->cur_cpu = (uint32_t)target;
	ec = spmc_cpu_on(s->core, (uint32_t)target, &regs);
	sim_record(s, SIM_TRACE_BOOT, (uint32_t)target, NULL, NULL, ec, &regs, 0);
	sim_place(s, (uint32_t)target, ec, &regs);
	return ret(PSCI_SUCCESS);
}

struct ffa_value sim_psci(struct sim *s, struct sim_thread *me, struct ffa_value in)
{
	uint32_t fid = (uint32_t)in.x[0], cpu = me->cpu;
	int32_t rc;

	switch (fid) {
	case PSCI_VERSION:
		return ret(0x10001); /* 1.1 */
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		return cpu_on(s, me, in);
	case PSCI_CPU_OFF:
		/* CPU 0 runs the simulation's own normal world: it stays on. */
		if (cpu == 0 || !me->has_thread)
			return ret(PSCI_DENIED);
		rc = tell_spmc(s, me, cpu, SPMC_PM_CPU_OFF, &in);
		if (rc != PSCI_SUCCESS)
			return ret(PSCI_DENIED);
		s->cpus[cpu].off = true;
		sim_thread_exit(me); /* CPU_OFF does not return */
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64:
		/* A suspend the CPU wakes from at once: the partitions hear of
		 * both the suspend and the warm boot. */
		rc = tell_spmc(s, me, cpu, SPMC_PM_CPU_SUSPEND, &in);
		if (rc == PSCI_SUCCESS)
			rc = tell_spmc(s, me, cpu, SPMC_PM_CPU_RESUME, &in);
		return ret(rc);
	default:
		return ret(PSCI_NOT_SUPPORTED);
	}
}
