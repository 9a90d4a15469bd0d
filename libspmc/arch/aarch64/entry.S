/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPMC's entry points at Secure EL2, its exception vectors, and the two
 * ways out of the SPMC: into a partition (a64_ctx_run, which returns when the
 * partition traps back) and to the EL3 dispatcher (a64_smc).
 *
 * EL3 enters the SPMC with x0 = the SPMC manifest's address and x4 = the
 * CPU's linear index: at _start on the primary CPU's cold boot, at
 * a64_secondary_entry (registered with FFA_SECONDARY_EP_REGISTER) on others.
 */
#include "asm_macros.h"
#include <ffa/smc_asm.h>

#include "ctx.h"

#define STACK_SIZE 0x4000

	.section .text.entry, "ax"
	.global _start
_start:
	msr	daifset, #0xf
	mov	x19, x0			/* the manifest */
	mov	x20, x4			/* this CPU */
	/* Zero .bss (stacks included: no other CPU runs yet). */
	zero_bss
	bl	set_stack
	mov	x0, x19
	mov	x1, x20
	bl	a64_primary_main
	b	a64_hang

	.global a64_secondary_entry
a64_secondary_entry:
	msr	daifset, #0xf
	mov	x20, x4
	bl	set_stack
	mov	x0, x20
	bl	a64_secondary_main
	b	a64_hang

/* sp = top of this CPU's stack (x20 = CPU index); VBAR_EL2 = the vectors. */
set_stack:
	adrp	x9, __stacks_end
	add	x9, x9, :lo12:__stacks_end
	mov	x10, #STACK_SIZE
	msub	x9, x20, x10, x9
	mov	sp, x9
	adrp	x9, a64_vectors
	add	x9, x9, :lo12:a64_vectors
	msr	vbar_el2, x9
	isb
	ret

	.global a64_hang
a64_hang:
	wfi
	b	a64_hang

/* unsigned a64_ctx_run(struct a64_ctx *ctx) */
	.text
	.global a64_ctx_run
a64_ctx_run:
	sub	sp, sp, #96
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	mrs	x1, tpidr_el2
	str	x0, [x1, #PCPU_CUR]
	ldp	x2, x3, [x0, #CTX_ELR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret
	dsb	nsh
	isb

/* A partition trapped: x1 = the exit kind, its x0/x1 on the stack. */
guest_exit:
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_CUR]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	str	x30, [x0, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #CTX_ELR]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [x0, #CTX_ESR]
	mrs	x2, hpfar_el2
	str	x2, [x0, #CTX_HPFAR]
	mov	x0, x1
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #96
	ret

/* void a64_smc(struct ffa_value *v): to the EL3 dispatcher */
	FFA_SMC_INPLACE a64_smc

/* An exception the SPMC itself took (it runs with interrupts masked, so
 * only a bug gets here): report and stop. */
spmc_fault:
	mrs	x0, esr_el2
	mrs	x1, elr_el2
	mrs	x2, far_el2
	bl	a64_spmc_fault
	b	a64_hang

	.macro	vec_fault
	.balign	0x80
	b	spmc_fault
	.endm
	.macro	vec_guest kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\kind
	b	guest_exit
	.endm

	.balign	0x800
	.global a64_vectors
a64_vectors:
	vec_fault			/* current EL, SP0 */
	vec_fault
	vec_fault
	vec_fault
	vec_fault			/* current EL, SPx */
	vec_fault
	vec_fault
	vec_fault
	vec_guest A64_EXIT_SYNC		/* lower EL, AArch64 */
	vec_guest A64_EXIT_IRQ
	vec_guest A64_EXIT_FIQ
	vec_guest A64_EXIT_SERROR
	vec_fault			/* lower EL, AArch32 */
	vec_fault
	vec_fault
	vec_fault
