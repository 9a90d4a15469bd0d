/* SPDX-License-Identifier: BSD-3-Clause */
/* Handler instruction counts (see measure.h). */
#ifdef A64_MEASURE
#include "measure.h"
#include "platform.h"
#include "sysreg.h"

#define PMCR_E (1ull << 0)
#define PMEVTYPER_P (1ull << 31)   /* do not count EL1 */
#define PMEVTYPER_U (1ull << 30)   /* do not count EL0 */
#define PMEVTYPER_NSH (1ull << 27) /* count EL2 */
#define EVENT_INST_RETIRED 0x08

static uint64_t overhead;

uint64_t a64_measure_now(void)
{
	isb();
	return read_sysreg(pmevcntr0_el0);
}

void a64_measure_cpu_init(void)
{
	uint64_t t0;

	write_sysreg(pmevtyper0_el0, PMEVTYPER_P | PMEVTYPER_U | PMEVTYPER_NSH | EVENT_INST_RETIRED);
	write_sysreg(pmcntenset_el0, 1);
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | PMCR_E);
	isb();
	/* What an empty bracket counts, taken off every measurement. */
	t0 = a64_measure_now();
	overhead = a64_measure_now() - t0;
}

void a64_measure_report(uint32_t fid, uint64_t start)
{
	uint64_t n = a64_measure_now() - start - overhead;

	a64_puts("spmc-insns ");
	a64_put_hex(fid);
	a64_puts(" ");
	a64_put_hex(n);
	a64_puts("\n");
}
#else
/* ISO C wants something in every translation unit. */
typedef int a64_measure_unused;
#endif
