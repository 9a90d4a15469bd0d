/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PSCI for the normal world: VERSION, FEATURES, CPU_ON (64-bit), SYSTEM_OFF.
 * Results are 32-bit values in w0 (upper half zero): compare as int32_t.
 * CPU_ON releases a CPU parked in entry.S; it boots the SPMC on itself, and
 * enters the normal world at the given entry once the SPMC sends FFA_MSG_WAIT.
 */
#include "el3.h"

#define PSCI_VERSION 0x84000000u
#define PSCI_FEATURES 0x8400000au
#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON (-4)

/* Read by parked CPUs (entry.S), written by CPU_ON; in .data, which the
 * primary's .bss zeroing leaves alone while the secondaries park. A CPU may
 * reach its parking loop after CPU_ON released it: it then leaves at once. */
volatile uint64_t el3_cpu_mailbox[PLAT_MAX_CPUS] __attribute__((section(".data")));

static volatile uint64_t on_entry[PLAT_MAX_CPUS];
static volatile uint64_t on_context_id[PLAT_MAX_CPUS];

int el3_is_psci(uint32_t fid)
{
	return (fid & 0xbfffffe0u) == 0x84000000u;  /* 0x84000000-1F, 0xC4000000-1F */
}

void el3_psci_get_entry(unsigned cpu, uint64_t *entry, uint64_t *context_id)
{
	*entry = on_entry[cpu];
	*context_id = on_context_id[cpu];
}

static int32_t cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id)
{
	uint64_t cpu = mpidr & 0xff;

	if ((mpidr & 0xff00ffff00ull) != 0 || cpu >= el3_cpu_count)
		return PSCI_INVALID_PARAMETERS;
	if (cpu == 0 || el3_cpu_mailbox[cpu])
		return PSCI_ALREADY_ON;
	on_entry[cpu] = entry;
	on_context_id[cpu] = context_id;
	dsb_sy();
	el3_cpu_mailbox[cpu] = 1;
	__asm__ volatile("dsb sy\n\tsev" : : : "memory");
	return PSCI_SUCCESS;
}

struct el3_ctx *el3_psci(struct el3_ctx *ns, unsigned cpu)
{
	uint32_t fid = (uint32_t)ns->x[0];
	int32_t ret;

	(void)cpu;
	switch (fid) {
	case PSCI_VERSION:
		ret = 0x00010001;
		break;
	case PSCI_FEATURES:
		switch ((uint32_t)ns->x[1]) {
		case PSCI_VERSION:
		case PSCI_FEATURES:
		case PSCI_CPU_ON_64:
		case PSCI_SYSTEM_OFF:
			ret = PSCI_SUCCESS;
			break;
		default:
			ret = PSCI_NOT_SUPPORTED;
		}
		break;
	case PSCI_CPU_ON_64:
		ret = cpu_on(ns->x[1], ns->x[2], ns->x[3]);
		break;
	case PSCI_SYSTEM_OFF:
		el3_puts("el3: SYSTEM_OFF\n");
		el3_exit(0);
	default:
		ret = PSCI_NOT_SUPPORTED;
	}
	ns->x[0] = (uint32_t)ret;
	return ns;
}
