/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The reset vector, given to QEMU with -bios: every CPU starts here, at 0x0 in
 * EL3 with the MMU off. QEMU's loader cannot write the secure SRAM, so the
 * secure images wait in a window of NS DRAM (PLAT_QEMU_SEC_STAGING): CPU 0
 * copies the window into the secure SRAM and then marks its last word; the
 * other CPUs wait for the mark. Then every CPU branches to the EL3 dispatcher.
 * Position independent: addresses are built in registers, no literal pool.
 */
#include "plat/qemu_virt.h"

.macro movl reg, val
	movz	\reg, #((\val) & 0xffff)
	movk	\reg, #(((\val) >> 16) & 0xffff), lsl #16
.endm

	.section .text.reset, "ax"
	.global reset
reset:
	movl	x6, (PLAT_QEMU_SEC_STAGING + PLAT_SEC_RAM_SIZE - 8)	/* the mark */
	movl	x7, PLAT_QEMU_SEC_STAGING_READY
	mrs	x0, mpidr_el1
	tst	x0, #0xff
	b.ne	wait
	movl	x1, PLAT_QEMU_SEC_STAGING
	movl	x2, PLAT_SEC_RAM_BASE
	movl	x3, PLAT_SEC_RAM_SIZE
1:	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x2], #16
	subs	x3, x3, #16
	b.ne	1b
	dsb	sy
	str	w7, [x6]
	dsb	sy
	sev
	b	go
wait:
	ldr	w0, [x6]
	cmp	w0, w7
	b.eq	go
	wfe
	b	wait
go:
	movl	x0, PLAT_EL3_BASE
	br	x0
