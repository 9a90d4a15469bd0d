/* SPDX-License-Identifier: BSD-3-Clause */
/* A PL011 UART's transmit side, polled: for every image's console. */
#ifndef A64_PL011_H
#define A64_PL011_H

#include <stdint.h>

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_TXFF (1u << 5)

static inline void pl011_putc(uintptr_t base, char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)base;

	while (uart[PL011_FR / 4] & PL011_FR_TXFF)
		;
	uart[PL011_DR / 4] = (uint32_t)(unsigned char)c;
}

#endif
