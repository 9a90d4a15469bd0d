/* SPDX-License-Identifier: BSD-3-Clause */
/* The SPMC console: a PL011 UART, polled. */
#include <stddef.h>
#include <stdint.h>

#include "hal.h"
#include "pl011.h"
#include "platform.h"

static void putc_raw(char c)
{
	pl011_putc(PLAT_UART_BASE, c);
}

void hal_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			putc_raw('\r');
		putc_raw(s[i]);
	}
}

void a64_puts(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	hal_console_write(s, n);
}

void a64_put_hex(uint64_t v)
{
	char buf[19];

	buf[0] = '0';
	buf[1] = 'x';
	for (int i = 0; i < 16; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	hal_console_write(buf, 18);
}
