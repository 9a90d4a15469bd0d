/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition manifests: the parse arena has no fixed limits and fails cleanly
 * when too small; no bytes crash the parsers (every truncation and
 * single-byte corruption of real-world manifests).
 *
 * Rules: TF-A docs/components/ffa-manifest-binding.rst ("binding") and the
 * checks Hafnium's src/manifest.c applies when it loads a partition.
 */
#include "mf_fixture.h"

/* ---- memory ---- */

/* No fixed limits: 200 regions with 300 interrupts fit when the arena does;
 * an arena too small fails with NO_MEMORY, reported, nothing left behind; the
 * parse succeeds exactly from some arena size on. */
static void test_arena_sizes(void **state)
{
	static uint64_t mem[1 << 16];
	struct spmc_mf_arena a;
	size_t size, need = 0;
	const void *blob;
	char name[16];

	(void)state;
	b_start(NULL, 0);
	b_node("");
	b_str("compatible", "arm,ffa-manifest-1.0");
	b_u32("ffa-version", 0x10002);
	b_cells("uuid", 4, (const uint32_t[]){STD_UUID0});
	b_u32("execution-ctx-count", 1);
	b_u32("exception-level", 2);
	b_u32("execution-state", 0);
	b_u32("messaging-method", 1);
	b_node("device-regions");
	b_str("compatible", "arm,ffa-manifest-device-regions");
	for (uint32_t i = 0; i < 200; i++) {
		uint32_t irqs[6] = {100 + 3 * i, 0x900, 101 + 3 * i, 0x900, 102 + 3 * i, 0x900};

		snprintf(name, sizeof(name), "d%u", i);
		b_node(name);
		b_u64("base-address", 0x40000000ull + 0x1000ull * i);
		b_u32("pages-count", 1);
		b_u32("attributes", 3);
		if (i < 100)
			b_cells("interrupts", 6, irqs);
		b_end();
	}
	b_end();
	b_end();
	blob = b_finish(&size);

	a = (struct spmc_mf_arena){mem, sizeof(mem), 0};
	assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &mf_part, mf_log_reset()), 0);
	assert_int_equal(mf_part.dev_region_count, 200);
	assert_int_equal(mf_part.dev_regions[99].irq_count, 3);
	need = a.used;
	for (size_t s = 0; s <= need; s += (s < 64 ? 1 : 97)) {
		a = (struct spmc_mf_arena){mem, s, 0};
		assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &mf_part, mf_log_reset()),
				 FFA_RET_NO_MEMORY);
		assert_int_equal(a.used, 0);
		assert_int_equal(mf_part.dev_region_count, 0);
		EXPECT_ERROR(mf_log[0].path, "");
	}
	a = (struct spmc_mf_arena){mem, need, 0};
	assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &mf_part, mf_log_reset()), 0);
	/* Parses append: a second partition after the first. */
	a.size = sizeof(mem);
	assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &mf_part, mf_log_reset()), 0);
	assert_true(a.used >= 2 * need && a.used < 2 * need + 8); /* 8-byte alignment */
}

/* ---- robustness ---- */

/* DESIGN 6 / fdt_check_full: every truncation of a real-world manifest fails
 * with an error and reads nothing past the end (copied into an exact-size
 * heap buffer so ASan sees any overread). */
static void test_truncated_real_world(void **state)
{
	static const char *const names[] = {"cactus.dtb", "acs_spmc.dtb"};

	(void)state;
	for (size_t f = 0; f < SPMC_ARRAY_SIZE(names); f++) {
		size_t size;
		uint8_t *blob = mf_read(names[f], &size);

		for (size_t n = 0; n < size; n++) {
			uint8_t *cut = malloc(n ? n : 1);

			memcpy(cut, blob, n);
			assert_int_equal(mf_parse(cut, n, 0), FFA_RET_INVALID_PARAMETERS);
			EXPECT_ERROR("/", "");
			mf_parse_any(cut, n);
			free(cut);
		}
		free(blob);
	}
}

/* Corrupting any single byte of a real-world manifest never crashes either
 * parser, and every failure is reported with a path. */
static void test_corrupted_real_world(void **state)
{
	size_t size;
	uint8_t *blob = mf_read("cactus3.dtb", &size);
	uint8_t *copy = malloc(size);

	(void)state;
	for (size_t i = 0; i < size; i++) {
		static const uint8_t flips[] = {0xff, 0x01, 0x80};

		for (size_t k = 0; k < SPMC_ARRAY_SIZE(flips); k++) {
			memcpy(copy, blob, size);
			copy[i] ^= flips[k];
			mf_parse_any(copy, size);
		}
	}
	free(copy);
	free(blob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_sizes),
		cmocka_unit_test(test_truncated_real_world),
		cmocka_unit_test(test_corrupted_real_world),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
