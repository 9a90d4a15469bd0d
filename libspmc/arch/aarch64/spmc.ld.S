/* SPDX-License-Identifier: BSD-3-Clause */
/* The SPMC image: loaded at the platform's SPMC base, entered at its first byte. */
#include PLAT_HEADER

ENTRY(_start)
SECTIONS
{
	. = PLAT_SPMC_BASE;
	.text : { *(.text.entry) *(.text .text.*) }
	. = ALIGN(16);
	.rodata : { *(.rodata .rodata.*) }
	. = ALIGN(16);
	.data : { *(.data .data.*) }
	. = ALIGN(4096);
	__bss_start = .;
	.bss (NOLOAD) : {
		*(.bss .bss.*) *(COMMON)
		. = ALIGN(4096);
		__stacks_start = .;
		. += 0x4000 * PLAT_MAX_CPUS;
		__stacks_end = .;
	}
	. = ALIGN(16);
	__bss_end = .;
	ASSERT(__bss_end <= PLAT_SPMC_BASE + PLAT_SPMC_SIZE, "SPMC image larger than its region")
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
