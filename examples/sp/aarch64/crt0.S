/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry of an example partition built for aarch64 (S-EL1, its own stage 1
 * off). Every vCPU enters here with the FF-A boot registers in x0..x3 and its
 * vCPU index in MPIDR_EL1.Aff0 (the SPMC's virtual MPIDR); each gets its own
 * stack, and vCPU 0, which boots first, clears .bss.
 */
#include <ffa/smc_asm.h>

#include "asm_macros.h"

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
	zero_bss x10, x11		/* x0..x3: the boot registers */
2:	mov	x4, x9
	bl	sp_a64_main
	/* Returning from the partition's code is an abort: trap to the SPMC. */
hang:
	udf	#0
	b	hang

/* void sp_a64_smc_inplace(struct ffa_value *v): trapped by the SPMC */
	.text
	FFA_SMC_INPLACE sp_a64_smc_inplace
