/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EL3 entry: cold boot of every CPU, the exception vectors, and the return to
 * a lower EL. While a lower EL runs, SP_EL3 points at that world's struct
 * el3_ctx; an exception saves the general registers there, then moves to the
 * CPU's EL3 stack (ctx->el3_sp) for the C handler, which returns the context
 * to resume (possibly the other world's).
 */
#include "asm_macros.h"
#include "el3_asm.h"
#include "plat/qemu_virt.h"

	.section .text.entry, "ax"
	.global el3_entry
el3_entry:
	mrs	x19, mpidr_el1
	and	x19, x19, #0xff			/* linear id = Aff0 */
	cmp	x19, #PLAT_MAX_CPUS
	b.hs	park_forever
	/* sp = el3_stacks + (cpu + 1) * EL3_STACK_SIZE */
	adrp	x0, el3_stacks
	add	x0, x0, :lo12:el3_stacks
	add	x1, x19, #1
	mov	x2, #EL3_STACK_SIZE
	madd	x0, x1, x2, x0
	mov	sp, x0
	cbnz	x19, secondary

	/* Primary: zero .bss (8-byte aligned by the linker script). */
	zero_bss
	mov	x0, x19
	bl	el3_main
	b	park_forever

secondary:
	/* Wait for PSCI CPU_ON to release this CPU. The mailbox lives in
	 * .data: the primary's .bss zeroing leaves it alone. */
	adrp	x0, el3_cpu_mailbox
	add	x0, x0, :lo12:el3_cpu_mailbox
3:	ldr	x1, [x0, x19, lsl #3]
	cbnz	x1, 4f
	wfe
	b	3b
4:	mov	x0, x19
	bl	el3_secondary_main
park_forever:
	wfe
	b	park_forever

/* el3_eret(ctx): resume the world ctx describes. */
	.global el3_eret
	.type el3_eret, %function
el3_eret:
	mov	sp, x0
	ldr	x1, [sp, #CTX_SP_EL0]
	msr	sp_el0, x1
	ldp	x1, x2, [sp, #CTX_ELR]		/* elr, spsr */
	msr	elr_el3, x1
	msr	spsr_el3, x2
	ldr	x1, [sp, #CTX_SCR]
	msr	scr_el3, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	eret

/* Save the lower EL's registers into the context SP_EL3 points at. */
.macro save_ctx
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x0, sp_el0
	stp	x30, x0, [sp, #16 * 15]		/* x30, sp_el0 */
	mrs	x0, elr_el3
	mrs	x1, spsr_el3
	stp	x0, x1, [sp, #CTX_ELR]
	mov	x0, sp
	ldr	x1, [sp, #CTX_EL3_SP]
	mov	sp, x1
.endm

/* An exception EL3 does not expect, taken from EL3 itself. */
.macro vec_current kind
	.balign 0x80
	mov	x0, #0
	mov	x1, #\kind
	b	el3_unexpected
.endm

/* An exception from a lower EL other than a synchronous one (IRQ, FIQ, SError). */
.macro vec_lower kind
	.balign 0x80
	save_ctx
	mov	x1, #\kind
	b	el3_unexpected
.endm

	.section .text.vectors, "ax"
	.balign 0x800
	.global el3_vectors
el3_vectors:
	vec_current EL3_VEC_CUR_SP0 + 0
	vec_current EL3_VEC_CUR_SP0 + 1
	vec_current EL3_VEC_CUR_SP0 + 2
	vec_current EL3_VEC_CUR_SP0 + 3
	vec_current EL3_VEC_CUR_SPX + 0
	vec_current EL3_VEC_CUR_SPX + 1
	vec_current EL3_VEC_CUR_SPX + 2
	vec_current EL3_VEC_CUR_SPX + 3
	/* Lower EL, AArch64: synchronous exceptions are the SMCs. */
	.balign 0x80
	save_ctx
	bl	el3_lower_sync
	b	el3_eret
	vec_lower EL3_VEC_LOWER64 + 1
	vec_lower EL3_VEC_LOWER64 + 2
	vec_lower EL3_VEC_LOWER64 + 3
	vec_lower EL3_VEC_LOWER32 + 0
	vec_lower EL3_VEC_LOWER32 + 1
	vec_lower EL3_VEC_LOWER32 + 2
	vec_lower EL3_VEC_LOWER32 + 3
