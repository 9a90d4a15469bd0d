/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the SP list readers and the comparison
 * (libspmc/pkg/sp_list.c): the input is a device-tree blob read as an SPMC
 * manifest and as a BL2 config. Invariants after every input:
 *  - no read past the blob (ASan), a bounded entry count, every entry named
 *    by a string inside the blob;
 *  - a failure says why, and names a node inside the blob (or the root);
 *  - comparing the two lists reports exactly what the callback saw, each
 *    report formats to a NUL-terminated line whose length the formatter
 *    predicts, also when truncated;
 *  - a list matched against itself misses nothing.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkg/sp_list.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)
#define CAP 16

static size_t seen;

static void on_diff(void *ctx, const struct sp_list_diff *d)
{
	char small[7], big[600];
	size_t need = sp_list_diff_format(d, big, sizeof(big));

	(void)ctx;
	CHECK(need > 0 && need < sizeof(big) && strlen(big) == need);
	CHECK(sp_list_diff_format(d, small, sizeof(small)) == need);
	CHECK(strlen(small) == (need < sizeof(small) ? need : sizeof(small) - 1));
	seen++;
}

static void no_missing(void *ctx, const struct sp_list_diff *d)
{
	(void)ctx;
	CHECK(d->kind != SP_LIST_MISSING);
}

static void check_entries(const uint8_t *data, size_t size, const struct sp_list_entry *e,
			  size_t n, int rc, const struct sp_list_error *err)
{
	if (rc != SP_LIST_OK) {
		CHECK(rc < 0 && err->why && n == 0);
		if (err->node && strcmp(err->node, "/") != 0)
			CHECK((const uint8_t *)err->node >= data &&
			      (const uint8_t *)err->node < data + size);
		return;
	}
	CHECK(n <= CAP);
	for (size_t i = 0; i < n; i++) {
		CHECK(e[i].name);
		CHECK((const uint8_t *)e[i].name >= data && (const uint8_t *)e[i].name < data + size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sp_list_entry a[CAP], b[CAP];
	struct sp_list_error ea = {0}, eb = {0};
	size_t na = 0, nb = 0, n;
	int ra = sp_list_from_spmc_manifest(data, size, a, CAP, &na, &ea);
	int rb = sp_list_from_bl2_config(data, size, b, CAP, &nb, &eb);
	struct sp_list la, lb;

	if (ra != SP_LIST_OK)
		na = 0;
	if (rb != SP_LIST_OK)
		nb = 0;
	check_entries(data, size, a, na, ra, &ea);
	check_entries(data, size, b, nb, rb, &eb);
	la = (struct sp_list){"SPMC manifest", a, na};
	lb = (struct sp_list){"BL2 list", b, nb};
	seen = 0;
	n = sp_list_compare(&la, &lb, on_diff, NULL);
	CHECK(n == seen);
	sp_list_match(&la, &la, no_missing, NULL);
	sp_list_match(&lb, &lb, no_missing, NULL);
	return 0;
}
