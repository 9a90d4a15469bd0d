/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFA_CONSOLE_LOG (v1.2): an SP logs characters packed little-endian in
 * w2..w7 (SMC32, at most 24) or x2..x17 (SMC64, at most 128), w1 = count.
 */
#include "unit.h"

static struct spmc_ec *sp1, *sp3;

static int setup(void **state)
{
	(void)state;
	ut_std_booted();
	sp1 = ut_nwd_run(0, SP1, 0);
	sp3 = ut_nwd_run(1, SP3, 0);
	mock_console_clear();
	return 0;
}

/* FFA_CONSOLE_LOG_64 (or _32 with upper-half garbage) of the first n chars of s. */
static struct ffa_value log_in(bool is64, const char *s, uint32_t n)
{
	struct ffa_value v = FFA(is64 ? FFA_CONSOLE_LOG_64 : FFA_CONSOLE_LOG_32, n);
	uint32_t per = is64 ? 8 : 4;

	for (uint32_t i = 0; i < n; i++)
		v.x[2 + i / per] |= (uint64_t)(uint8_t)s[i] << (8 * (i % per));
	if (!is64)
		for (int r = 1; r < 8; r++)
			v.x[r] |= 0xbad0000000000000ull;
	return v;
}

static void log_ok(uint32_t cpu, struct spmc_ec *ec, bool is64, const char *s)
{
	EXPECT_FFA_SUCCESS(cpu, ec, log_in(is64, s, (uint32_t)strlen(s)), 0, 0);
}

/* DEN0077 FFA_CONSOLE_LOG_64: 8 characters per register from x2; the SPMC
 * prints whole lines, tagged with the partition. */
static void test_console_log_64_packing(void **state)
{
	uint64_t copied = mock_hal.work[HAL_WORK_BYTES_COPIED];

	(void)state;
	log_ok(0, sp1, true, "hello, 64-bit console\n");
	assert_string_equal(mock_console(), "[SP 0x8001] hello, 64-bit console\n");
	assert_int_equal(mock_hal.work[HAL_WORK_BYTES_COPIED] - copied, 22);
}

/* DEN0077 FFA_CONSOLE_LOG_32: 4 characters per register from w2; upper
 * halves of the registers are not characters. */
static void test_console_log_32_packing(void **state)
{
	(void)state;
	log_ok(1, sp3, false, "abcdefghijklmnopqrstuvw\n");
	assert_string_equal(mock_console(), "[SP 0x8003] abcdefghijklmnopqrstuvw\n");
}

/* Appends "[SP 0x8001] " + n copies of c + "\n" to want. */
static void want_line(char *want, char c, size_t n)
{
	size_t len = strlen(want);

	len += (size_t)sprintf(want + len, "[SP 0x8001] ");
	memset(want + len, c, n);
	want[len + n] = '\n';
	want[len + n + 1] = '\0';
}

/* DEN0077 FFA_CONSOLE_LOG: the full register capacity (24 / 128 characters)
 * is accepted. */
static void test_console_log_max_lengths(void **state)
{
	char s[129], want[1024] = "";

	(void)state;
	memset(s, 'x', sizeof(s));
	EXPECT_FFA_SUCCESS(0, sp1, log_in(false, s, FFA_CONSOLE_LOG_32_MAX), 0, 0);
	EXPECT_FFA_SUCCESS(0, sp1, log_in(true, "\n", 1), 0, 0);
	s[127] = '\n';
	EXPECT_FFA_SUCCESS(0, sp1, log_in(true, s, FFA_CONSOLE_LOG_64_MAX), 0, 0);
	want_line(want, 'x', 24);
	want_line(want, 'x', 127);
	assert_string_equal(mock_console(), want);
}

/* DEN0077 FFA_CONSOLE_LOG: a character count of 0 -> INVALID_PARAMETERS;
 * nothing printed, the pending line untouched. */
static void test_console_log_zero_count_invalid(void **state)
{
	(void)state;
	log_ok(0, sp1, true, "pending");
	EXPECT_FFA_ERROR(0, sp1, log_in(true, "", 0), FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, log_in(false, "", 0), FFA_RET_INVALID_PARAMETERS);
	log_ok(0, sp1, true, "\n");
	assert_string_equal(mock_console(), "[SP 0x8001] pending\n");
}

/* DEN0077 FFA_CONSOLE_LOG: more characters than the registers hold (25 for
 * SMC32, 129 for SMC64) -> INVALID_PARAMETERS. */
static void test_console_log_count_too_large_invalid(void **state)
{
	char s[130];

	(void)state;
	memset(s, 'y', sizeof(s));
	EXPECT_FFA_ERROR(0, sp1, log_in(false, s, FFA_CONSOLE_LOG_32_MAX + 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_CONSOLE_LOG_64, FFA_CONSOLE_LOG_64_MAX + 1),
			 FFA_RET_INVALID_PARAMETERS);
	EXPECT_FFA_ERROR(0, sp1, FFA(FFA_CONSOLE_LOG_64, 0xffffffffu), FFA_RET_INVALID_PARAMETERS);
	assert_string_equal(mock_console(), "");
}

/* FFA_CONSOLE_LOG: a line may span calls; it is printed once complete. */
static void test_console_log_line_assembly(void **state)
{
	(void)state;
	log_ok(0, sp1, true, "split ");
	log_ok(0, sp1, false, "acro");
	assert_string_equal(mock_console(), "");
	log_ok(0, sp1, true, "ss calls\nand a second ");
	assert_string_equal(mock_console(), "[SP 0x8001] split across calls\n");
	log_ok(0, sp1, true, "line\n\n");
	assert_string_equal(mock_console(), "[SP 0x8001] split across calls\n"
					    "[SP 0x8001] and a second line\n"
					    "[SP 0x8001] \n");
}

/* FFA_CONSOLE_LOG: lines are assembled per partition, so interleaved
 * partitions never mix characters on one line. */
static void test_console_log_per_partition_lines(void **state)
{
	(void)state;
	log_ok(0, sp1, true, "one ");
	log_ok(1, sp3, false, "two ");
	log_ok(0, sp1, false, "uno\n");
	log_ok(1, sp3, true, "dos\n");
	assert_string_equal(mock_console(), "[SP 0x8001] one uno\n"
					    "[SP 0x8003] two dos\n");
}

/* FFA_CONSOLE_LOG: a line longer than the SPMC's line buffer (128) is
 * printed in pieces rather than lost. */
static void test_console_log_long_line_wraps(void **state)
{
	char s[101], want[1024] = "";

	(void)state;
	memset(s, 'z', 100);
	s[100] = '\0';
	log_ok(0, sp1, true, s);
	log_ok(0, sp1, true, s);
	log_ok(0, sp1, true, "\n");
	want_line(want, 'z', SPMC_LOG_LINE);
	want_line(want, 'z', 200 - SPMC_LOG_LINE);
	assert_string_equal(mock_console(), want);
}

/* DEN0077 FFA_CONSOLE_LOG is for secure partitions: from the NWd -> NOT_SUPPORTED. */
static void test_console_log_from_nwd_not_supported(void **state)
{
	(void)state;
	EXPECT_FFA_ERROR(2, ut_nwd(2), log_in(true, "nwd\n", 4), FFA_RET_NOT_SUPPORTED);
	EXPECT_FFA_ERROR(2, ut_nwd(2), log_in(false, "nwd\n", 4), FFA_RET_NOT_SUPPORTED);
	assert_string_equal(mock_console(), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, ut_teardown)
		T(test_console_log_64_packing),
		T(test_console_log_32_packing),
		T(test_console_log_max_lengths),
		T(test_console_log_zero_count_invalid),
		T(test_console_log_count_too_large_invalid),
		T(test_console_log_line_assembly),
		T(test_console_log_per_partition_lines),
		T(test_console_log_long_line_wraps),
		T(test_console_log_from_nwd_not_supported),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
