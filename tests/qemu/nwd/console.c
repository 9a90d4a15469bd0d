/* SPDX-License-Identifier: BSD-3-Clause */
/* The normal world's console: polling PL011, a small printf. */
#include <stdarg.h>

#include "nwd.h"
#include "pl011.h"

void nwd_putc(char c)
{
	if (c == '\n')
		pl011_putc(PLAT_UART_BASE, '\r');
	pl011_putc(PLAT_UART_BASE, c);
}

void nwd_puts(const char *s)
{
	while (*s)
		nwd_putc(*s++);
}

/* Digits of v in base into the end of buf (at least 23 bytes); returns the start. */
static char *fmt_num(char *end, uint64_t v, unsigned base)
{
	*--end = 0;
	do {
		*--end = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	return end;
}

void nwd_put_hex(uint64_t v)
{
	char buf[24];

	nwd_puts("0x");
	nwd_puts(fmt_num(buf + sizeof(buf), v, 16));
}

void nwd_put_dec(uint64_t v)
{
	char buf[24];

	nwd_puts(fmt_num(buf + sizeof(buf), v, 10));
}

void nwd_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		char buf[24], pad = ' ';
		const char *s;
		unsigned width = 0, longs = 0;
		uint64_t u;
		int neg = 0;

		if (*fmt != '%') {
			nwd_putc(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			longs++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t d = longs ? va_arg(ap, int64_t) : va_arg(ap, int);

			neg = d < 0;
			u = neg ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;
			s = fmt_num(buf + sizeof(buf), u, 10);
			break;
		}
		case 'u':
		case 'x':
			u = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			s = fmt_num(buf + sizeof(buf), u, *fmt == 'x' ? 16 : 10);
			break;
		case 'p':
			nwd_puts("0x");
			s = fmt_num(buf + sizeof(buf), (uint64_t)(uintptr_t)va_arg(ap, void *), 16);
			break;
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			buf[1] = 0;
			s = buf;
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			break;
		case '%':
			s = "%";
			break;
		case 0:
			fmt--;
			s = "";
			break;
		default:
			buf[0] = '%';
			buf[1] = *fmt;
			buf[2] = 0;
			s = buf;
		}
		size_t len = strlen(s) + (size_t)neg;
		if (neg && pad == '0')
			nwd_putc('-');
		for (; width > len; width--)
			nwd_putc(pad);
		if (neg && pad != '0')
			nwd_putc('-');
		nwd_puts(s);
	}
	va_end(ap);
}
