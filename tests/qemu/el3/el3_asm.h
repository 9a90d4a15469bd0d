/* SPDX-License-Identifier: BSD-3-Clause */
/* Constants shared by the EL3 dispatcher's C and assembly. */
#ifndef EL3_ASM_H
#define EL3_ASM_H

#define EL3_STACK_SIZE 0x2000

/* struct el3_ctx offsets (checked in ctx.c) */
#define CTX_X0 0
#define CTX_SP_EL0 (31 * 8)
#define CTX_ELR (32 * 8)
#define CTX_SPSR (33 * 8)
#define CTX_SCR (34 * 8)
#define CTX_EL3_SP (35 * 8)

/* el3_unexpected kinds: the vector table's entry index */
#define EL3_VEC_CUR_SP0 0
#define EL3_VEC_CUR_SPX 4
#define EL3_VEC_LOWER64 8
#define EL3_VEC_LOWER32 12
/* + 0 sync, 1 IRQ, 2 FIQ, 3 SError; a bad SMC: */
#define EL3_BAD_SMC 16

/* SCR_EL3 */
#define SCR_NS (1 << 0)
#define SCR_RES1 (3 << 4)
#define SCR_HCE (1 << 8)
#define SCR_RW (1 << 10)
#define SCR_APK (1 << 16)
#define SCR_API (1 << 17)
#define SCR_EEL2 (1 << 18)
#define SCR_SECURE (SCR_RES1 | SCR_HCE | SCR_RW | SCR_APK | SCR_API | SCR_EEL2)

/* SPSR: EL1h / EL2h with D, A, I, F masked */
#define SPSR_DAIF (0xf << 6)
#define SPSR_EL1H (SPSR_DAIF | 0x5)
#define SPSR_EL2H (SPSR_DAIF | 0x9)

#define SCTLR_EL3_RES1 0x30c50830
#define SCTLR_EL2_RES1 0x30c50830
#define SCTLR_EL1_RES1 0x30d00800
#define SCTLR_I (1 << 12)
#define MDCR_EL3_SPME (1 << 17)

#endif
