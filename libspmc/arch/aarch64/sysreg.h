/* SPDX-License-Identifier: BSD-3-Clause */
/* System register access and barriers for the aarch64 backend. */
#ifndef A64_SYSREG_H
#define A64_SYSREG_H

#include <stdint.h>

#define read_sysreg(r)                                                          \
	({                                                                      \
		uint64_t v_;                                                    \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));                     \
		v_;                                                             \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }

/* ESR_ELx exception classes the backend tells apart. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_EC_HVC64 0x16
#define ESR_EC_SMC64 0x17
#define ESR_EC_IABT_LOW 0x20
#define ESR_EC_DABT_LOW 0x24

/* HCR_EL2 while a partition runs: stage 2 on, SMC trapped to the SPMC,
 * physical interrupts and SErrors taken to EL2, AArch64 EL1, and (with its
 * own stage 1 off) the partition's memory treated as Normal cacheable. */
#define HCR_VM (1ull << 0)
#define HCR_SWIO (1ull << 1)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_VI (1ull << 7)
#define HCR_DC (1ull << 12)
#define HCR_TSC (1ull << 19)
#define HCR_RW (1ull << 31)
#define HCR_SP_RUN (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_DC | HCR_TSC | HCR_RW)

/* SPSR for a partition's first entry: EL1h, every interrupt masked. */
#define SPSR_EL1H_MASKED 0x3c5ull

#endif
