/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The FF-A register convention in assembly: an SMC conduit taking and
 * returning x0..x17 through a struct ffa_value (value.h: 18 64-bit words).
 * For every aarch64 image that makes FF-A calls (the SPMC towards EL3, the
 * normal world, partitions).
 *
 *   FFA_SMC_INPLACE name   defines `void name(struct ffa_value *v)`: SMC with
 *                          x0..x17 from *v, the results written back to *v.
 */
#ifndef FFA_SMC_ASM_H
#define FFA_SMC_ASM_H

#ifdef __ASSEMBLER__

/* x0..x17 from / to the struct at [\base]; \base is none of them. */
.macro ffa_regs_load base
	ldp	x0, x1, [\base, #0]
	ldp	x2, x3, [\base, #16]
	ldp	x4, x5, [\base, #32]
	ldp	x6, x7, [\base, #48]
	ldp	x8, x9, [\base, #64]
	ldp	x10, x11, [\base, #80]
	ldp	x12, x13, [\base, #96]
	ldp	x14, x15, [\base, #112]
	ldp	x16, x17, [\base, #128]
.endm

.macro ffa_regs_store base
	stp	x0, x1, [\base, #0]
	stp	x2, x3, [\base, #16]
	stp	x4, x5, [\base, #32]
	stp	x6, x7, [\base, #48]
	stp	x8, x9, [\base, #64]
	stp	x10, x11, [\base, #80]
	stp	x12, x13, [\base, #96]
	stp	x14, x15, [\base, #112]
	stp	x16, x17, [\base, #128]
.endm

/* x18 (caller-saved) holds the struct's address across the call; the
 * callee of the SMC preserves x18..x30. */
.macro FFA_SMC_INPLACE name
	.global	\name
	.type	\name, %function
\name:
	str	x0, [sp, #-16]!
	mov	x18, x0
	ffa_regs_load x18
	smc	#0
	ldr	x18, [sp], #16
	ffa_regs_store x18
	ret
	.size	\name, . - \name
.endm

#endif /* __ASSEMBLER__ */

#endif
