/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_CONSOLE_LOG (v1.2): characters packed little-endian in w2..w7 (SMC32,
 * at most 24) or x2..x17 (SMC64, at most 128). Lines are assembled per
 * partition so interleaved partitions never mix characters on one line.
 */
#include "internal.h"

static void emit_line(struct spmc_partition *p)
{
	static const char hex[] = "0123456789abcdef";
	char prefix[] = "[SP 0x0000] ";

	for (int i = 0; i < 4; i++)
		prefix[6 + i] = hex[(p->id >> (12 - 4 * i)) & 0xf];
	hal_console_write(prefix, sizeof(prefix) - 1);
	hal_console_write(p->log, p->log_len);
	hal_console_write("\n", 1);
	p->log_len = 0;
}

struct spmc_ec *spmc_abi_console_log(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				     struct ffa_value *regs)
{
	bool is64 = FFA_IS_SMC64((uint32_t)regs->x[0]);
	uint32_t max = is64 ? FFA_CONSOLE_LOG_64_MAX : FFA_CONSOLE_LOG_32_MAX;
	uint32_t per_reg = is64 ? 8 : 4;
	uint32_t n = (uint32_t)regs->x[1];
	struct spmc_partition *p = caller->part;

	(void)s;
	(void)cpu;
	if (n == 0 || n > max)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	for (uint32_t i = 0; i < n; i++) {
		char c = (char)(regs->x[2 + i / per_reg] >> (8 * (i % per_reg)));

		if (c == '\n' || p->log_len == SPMC_LOG_LINE) {
			emit_line(p);
			if (c == '\n')
				continue;
		}
		p->log[p->log_len++] = c;
	}
	hal_work(HAL_WORK_BYTES_COPIED, n);
	return spmc_ret(caller, regs, ffa_success(0));
}
