/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The generic timer and the PMU from NS-EL1. EL3 gives the normal world every
 * PMU counter (MDCR_EL2.HPMN = PMCR_EL0.N) and lets them count in the Secure
 * state (MDCR_EL3.SPME). Event counters are reached through PMSELR_EL0.
 */
#ifndef NWD_ARCH_H
#define NWD_ARCH_H

#include <stdint.h>

#define NWD_READ(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define NWD_WRITE(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void nwd_isb(void) { __asm__ volatile("isb" : : : "memory"); }

/* ---- generic timer ---- */
static inline uint64_t nwd_cntfrq(void) { return NWD_READ(cntfrq_el0); }
static inline uint64_t nwd_cntvct(void)
{
	nwd_isb();
	return NWD_READ(cntvct_el0);
}

/* ---- PMU ---- */
#define PMCR_E (1u << 0)
#define PMCR_P (1u << 1)     /* reset event counters */
#define PMCR_C (1u << 2)     /* reset the cycle counter */
#define PMCR_LC (1u << 6)
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)
#define PMCNTEN_CYCLES (1u << 31)
#define PMU_EVT_INST_RETIRED 0x08
#define PMU_EVT_CPU_CYCLES 0x11
/* PMEVTYPER<n>_EL0 / PMCCFILTR_EL0 filter bits */
#define PMEVTYPER_P (1u << 31)     /* don't count EL1 */
#define PMEVTYPER_U (1u << 30)     /* don't count EL0 */
#define PMEVTYPER_NSK (1u << 29)   /* NS-EL1: invert P */
#define PMEVTYPER_NSU (1u << 28)
#define PMEVTYPER_NSH (1u << 27)   /* count EL2 */
#define PMEVTYPER_M (1u << 26)     /* with P: don't count EL3 */
#define PMEVTYPER_SH (1u << 24)    /* Secure EL2: invert NSH */

static inline uint64_t nwd_pmcr_read(void) { return NWD_READ(pmcr_el0); }
static inline void nwd_pmcr_write(uint64_t v)
{
	NWD_WRITE(pmcr_el0, v);
	nwd_isb();
}
static inline void nwd_pmcntenset(uint64_t mask) { NWD_WRITE(pmcntenset_el0, mask); nwd_isb(); }
static inline void nwd_pmcntenclr(uint64_t mask) { NWD_WRITE(pmcntenclr_el0, mask); nwd_isb(); }
static inline void nwd_pmevtyper_write(unsigned n, uint64_t v)
{
	NWD_WRITE(pmselr_el0, n);
	nwd_isb();
	NWD_WRITE(pmxevtyper_el0, v);
}
static inline uint64_t nwd_pmevcntr_read(unsigned n)
{
	NWD_WRITE(pmselr_el0, n);
	nwd_isb();
	return NWD_READ(pmxevcntr_el0);
}
static inline void nwd_pmevcntr_write(unsigned n, uint64_t v)
{
	NWD_WRITE(pmselr_el0, n);
	nwd_isb();
	NWD_WRITE(pmxevcntr_el0, v);
}
static inline uint64_t nwd_pmccntr_read(void)
{
	nwd_isb();
	return NWD_READ(pmccntr_el0);
}
static inline void nwd_pmccfiltr_write(uint64_t v) { NWD_WRITE(pmccfiltr_el0, v); }

#endif
