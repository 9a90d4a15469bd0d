/* SPDX-License-Identifier: BSD-3-Clause */
/* EL3's console (polling PL011, no locking) and its way out (semihosting). */
#include "el3.h"
#include "pl011.h"

static void el3_putc(char c)
{
	pl011_putc(PLAT_UART_BASE, c);
}

void el3_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			el3_putc('\r');
		el3_putc(*s);
	}
}

void el3_put_hex(uint64_t v)
{
	char buf[19];
	int i = 18;

	buf[i] = 0;
	do {
		buf[--i] = "0123456789abcdef"[v & 0xf];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	el3_puts(&buf[i]);
}

void el3_put_dec(uint64_t v)
{
	char buf[21];
	int i = 20;

	buf[i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	el3_puts(&buf[i]);
}

/* Semihosting SYS_EXIT with ADP_Stopped_ApplicationExit: QEMU exits with status. */
void el3_exit(uint64_t status)
{
	volatile uint64_t block[2];

	block[0] = 0x20026;
	block[1] = status;
	for (;;) {
		register uint64_t x0 __asm__("x0") = 0x18;
		register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;
		__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	}
}
