/* SPDX-License-Identifier: BSD-3-Clause */
/* Assembly helpers every aarch64 image of the project shares (the SPMC, the
 * test EL3 dispatcher, the normal world, partitions). */
#ifndef A64_ASM_MACROS_H
#define A64_ASM_MACROS_H

#ifdef __ASSEMBLER__

/* \reg = the address of \sym, PC-relative (any load address within 4 GiB). */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/* Zeroes [__bss_start, __bss_end) (8-byte aligned by the linker script);
 * clobbers \a and \b (x0 and x1 unless given). */
.macro zero_bss a=x0, b=x1
	adr_l	\a, __bss_start
	adr_l	\b, __bss_end
.Lzero_bss\@:
	cmp	\a, \b
	b.hs	.Lzero_bss_done\@
	str	xzr, [\a], #8
	b	.Lzero_bss\@
.Lzero_bss_done\@:
.endm

#endif /* __ASSEMBLER__ */

#endif
