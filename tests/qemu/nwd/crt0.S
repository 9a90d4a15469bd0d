/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Normal-world start-up at NS-EL1: a stack per CPU, the exception vectors,
 * .bss zeroed once by the primary, then nwd_main (CPU 0) or the function
 * nwd_cpu_on registered (other CPUs). Also the SMC conduit.
 */
#include "asm_macros.h"
#include <ffa/smc_asm.h>
#include "plat/qemu_virt.h"

#define NWD_STACK_SIZE 0x4000

	.section .text.start, "ax"
	.global _start
_start:
	bl	cpu_setup
	cbnz	x19, 3f				/* a secondary entered here: as CPU_ON */
	zero_bss
	bl	nwd_main
	bl	nwd_exit

/* The PSCI CPU_ON entry point nwd_cpu_on gives: x0 = context id. */
	.global nwd_secondary_entry
nwd_secondary_entry:
	mov	x20, x0
	bl	cpu_setup
3:	mov	x0, x19
	mov	x1, x20
	bl	nwd_secondary_start
4:	wfe
	b	4b

/* x19 = linear CPU id; sp = its stack; VBAR_EL1 = nwd_vectors. Clobbers x0-x2. */
cpu_setup:
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff
	cmp	x19, #PLAT_MAX_CPUS
	b.hs	4b
	adrp	x0, nwd_stacks
	add	x0, x0, :lo12:nwd_stacks
	add	x1, x19, #1
	mov	x2, #NWD_STACK_SIZE
	madd	x0, x1, x2, x0
	mov	sp, x0
	adrp	x0, nwd_vectors
	add	x0, x0, :lo12:nwd_vectors
	msr	vbar_el1, x0
	isb
	ret

	.text
/* nwd_smc_inplace(v): x0-x17 from *v, smc #0, x0-x17 back into *v. */
	FFA_SMC_INPLACE nwd_smc_inplace

/* ---- exception vectors ---- */
.macro vec_fatal kind
	.balign 0x80
	mov	x0, #\kind
	b	nwd_exception
.endm

.macro vec_irq kind
	.balign 0x80
	sub	sp, sp, #192
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	irq_entry
.endm

	.balign 0x800
	.global nwd_vectors
nwd_vectors:
	vec_fatal 0
	vec_fatal 1
	vec_fatal 2
	vec_fatal 3
	vec_fatal 4
	vec_irq 5
	vec_fatal 6
	vec_fatal 7
	vec_fatal 8
	vec_irq 9
	vec_fatal 10
	vec_fatal 11
	vec_fatal 12
	vec_fatal 13
	vec_fatal 14
	vec_fatal 15

/* An IRQ: the caller-saved registers (x0/x1 already stored by the vector)
 * around nwd_irq_handler; an IRQ it does not handle is fatal. */
irq_entry:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #160]
	stp	x30, x1, [sp, #176]
	bl	nwd_irq_handler
	cbnz	x0, 1f
	ldr	x0, [sp, #184]
	b	nwd_exception
1:	ldp	x2, x3, [sp, #160]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldr	x30, [sp, #176]
	ldp	x18, x29, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #192
	eret
