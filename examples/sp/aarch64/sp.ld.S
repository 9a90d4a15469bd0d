/* SPDX-License-Identifier: BSD-3-Clause */
/* An example partition's raw image, linked where its package puts it:
 * the manifest's load-address plus the package's image offset. */
ENTRY(_start)
SECTIONS
{
	. = SP_MEM_BASE + SP_IMAGE_OFFSET;
	.text : { *(.text.entry) *(.text .text.*) }
	. = ALIGN(16);
	.rodata : { *(.rodata .rodata.*) }
	. = ALIGN(16);
	.data : { *(.data .data.*) }
	. = ALIGN(16);
	__bss_start = .;
	.bss (NOLOAD) : {
		*(.bss .bss.*) *(COMMON)
		. = ALIGN(16);
		__stacks_start = .;
		. += 0x2000 * 8;
		__stacks_end = .;
	}
	__bss_end = .;
	ASSERT(__bss_end <= SP_MEM_BASE + SP_MEM_SIZE, "partition image larger than its memory")
	/DISCARD/ : { *(.comment) *(.note*) *(.eh_frame*) }
}
