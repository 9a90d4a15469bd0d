/* SPDX-License-Identifier: BSD-3-Clause */
/* The normal-world runtime: SMC conduit, PSCI, CPU start, exit, exceptions. */
#include "nwd.h"

#define NWD_STACK_SIZE 0x4000   /* crt0.S */

uint8_t nwd_stacks[PLAT_MAX_CPUS * NWD_STACK_SIZE]
	__attribute__((aligned(16), section(".stacks")));

static volatile nwd_cpu_fn cpu_fn[PLAT_MAX_CPUS];

__attribute__((weak)) int nwd_main(void)
{
	nwd_puts("nwd: no test program linked (nwd_main)\n");
	return 1;
}

__attribute__((weak)) int nwd_irq_handler(void)
{
	return 0;
}

struct ffa_value nwd_smc(struct ffa_value in)
{
	nwd_smc_inplace(&in);
	return in;
}

static uint64_t smc1(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct ffa_value v = {{0}};

	v.x[0] = fid;
	v.x[1] = a1;
	v.x[2] = a2;
	v.x[3] = a3;
	nwd_smc_inplace(&v);
	return v.x[0];
}

uint32_t nwd_psci_version(void) { return (uint32_t)smc1(PSCI_VERSION, 0, 0, 0); }
int32_t nwd_psci_features(uint32_t fid) { return (int32_t)smc1(PSCI_FEATURES, fid, 0, 0); }
int32_t nwd_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id)
{
	return (int32_t)smc1(PSCI_CPU_ON_64, mpidr, entry, context_id);
}

void nwd_system_off(void)
{
	smc1(PSCI_SYSTEM_OFF, 0, 0, 0);
	nwd_puts("nwd: SYSTEM_OFF returned\n");
	nwd_exit(3);
}

unsigned nwd_cpu_id(void)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned)(mpidr & 0xff);
}

int32_t nwd_cpu_on(unsigned cpu, nwd_cpu_fn fn, uint64_t arg)
{
	if (cpu >= PLAT_MAX_CPUS)
		return PSCI_E_INVALID_PARAMETERS;
	cpu_fn[cpu] = fn;
	__asm__ volatile("dsb sy" : : : "memory");
	return nwd_psci_cpu_on(cpu, (uint64_t)(uintptr_t)nwd_secondary_entry, arg);
}

/* crt0.S: a CPU started by nwd_cpu_on. */
void nwd_secondary_start(unsigned cpu, uint64_t arg);
void nwd_secondary_start(unsigned cpu, uint64_t arg)
{
	nwd_cpu_fn fn = cpu_fn[cpu];

	if (fn)
		fn(cpu, arg);
	else
		nwd_printf("nwd: cpu %u started with nothing to run\n", cpu);
}

void nwd_exit(int status)
{
	volatile uint64_t block[2];

	block[0] = 0x20026;             /* ADP_Stopped_ApplicationExit */
	block[1] = (uint64_t)(int64_t)status;
	for (;;) {
		register uint64_t x0 __asm__("x0") = 0x18;  /* SYS_EXIT */
		register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;
		__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	}
}

/* crt0.S: an exception the runtime does not handle. kind: the vector index. */
__attribute__((noreturn)) void nwd_exception(uint64_t kind);
void nwd_exception(uint64_t kind)
{
	static const char *const from[] = { "EL1t", "EL1h", "EL0/64", "EL0/32" };
	static const char *const what[] = { "synchronous", "IRQ", "FIQ", "SError" };
	uint64_t esr, elr, far;

	__asm__ volatile("mrs %0, esr_el1" : "=r"(esr));
	__asm__ volatile("mrs %0, elr_el1" : "=r"(elr));
	__asm__ volatile("mrs %0, far_el1" : "=r"(far));
	nwd_printf("nwd: cpu %u: unexpected %s exception from %s: ESR_EL1 0x%lx ELR_EL1 0x%lx "
		   "FAR_EL1 0x%lx\n", nwd_cpu_id(), what[kind & 3], from[(kind >> 2) & 3],
		   (unsigned long)esr, (unsigned long)elr, (unsigned long)far);
	nwd_exit(3);
}
