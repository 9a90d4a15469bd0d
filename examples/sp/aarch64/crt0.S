/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry of an example partition built for aarch64 (S-EL1, its own stage 1
 * off). Every vCPU enters here with the FF-A boot registers in x0..x3 and its
 * vCPU index in MPIDR_EL1.Aff0 (the SPMC's virtual MPIDR); each gets its own
 * stack, and vCPU 0, which boots first, clears .bss.
 */
#define STACK_SIZE 0x2000
#define MAX_VCPUS 8

	.section .text.entry, "ax"
	.global _start
_start:
	mrs	x9, mpidr_el1
	and	x9, x9, #0xff
	cmp	x9, #MAX_VCPUS
	b.hs	hang
	adrp	x10, __stacks_end
	add	x10, x10, :lo12:__stacks_end
	mov	x11, #STACK_SIZE
	msub	x10, x9, x11, x10
	mov	sp, x10
	cbnz	x9, 2f
	adrp	x10, __bss_start
	add	x10, x10, :lo12:__bss_start
	adrp	x11, __bss_end
	add	x11, x11, :lo12:__bss_end
1:	cmp	x10, x11
	b.hs	2f
	str	xzr, [x10], #8
	b	1b
2:	mov	x4, x9
	bl	sp_a64_main
	/* Returning from the partition's code is an abort: trap to the SPMC. */
hang:
	udf	#0
	b	hang

/* struct ffa_value sp_a64_smc(struct ffa_value in): x8 = the result's address */
	.text
	.global sp_a64_smc
sp_a64_smc:
	stp	x8, x30, [sp, #-16]!
	mov	x18, x0
	ldp	x0, x1, [x18, #0]
	ldp	x2, x3, [x18, #16]
	ldp	x4, x5, [x18, #32]
	ldp	x6, x7, [x18, #48]
	ldp	x8, x9, [x18, #64]
	ldp	x10, x11, [x18, #80]
	ldp	x12, x13, [x18, #96]
	ldp	x14, x15, [x18, #112]
	ldp	x16, x17, [x18, #128]
	smc	#0
	ldp	x18, x30, [sp], #16
	stp	x0, x1, [x18, #0]
	stp	x2, x3, [x18, #16]
	stp	x4, x5, [x18, #32]
	stp	x6, x7, [x18, #48]
	stp	x8, x9, [x18, #64]
	stp	x10, x11, [x18, #80]
	stp	x12, x13, [x18, #96]
	stp	x14, x15, [x18, #112]
	stp	x16, x17, [x18, #128]
	ret
