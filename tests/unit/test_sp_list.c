/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SP package lists (libspmc/pkg/sp_list.c) and UUID forms (pkg/uuid.c).
 * CONTEXT "SP loading in OP-TEE": in the FIP flow each package's UUID and
 * load address are written twice, in the SPMC manifest (node compatible
 * "arm,sp_pkg", OP-TEE core/arch/arm/kernel/secure_partition.c) and in BL2's
 * TB_FW_CONFIG (node compatible "arm,sp", TF-A fconf_arm_sp_getter.c), and
 * nothing checks they agree. sp_list_compare is that check: every
 * disagreement, naming both values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "pkg/sp_list.h"
#include "pkg/uuid.h"

#define U1 {0x11111111, 0x11111111, 0x11111111, 0x11111111}
#define U2 {0x22222222, 0x22222222, 0x22222222, 0x22222222}
#define U3 {0x33333333, 0x33333333, 0x33333333, 0x33333333}

/* Collected reports, formatted. */
static char msgs[16][256];
static int nmsgs;

static void collect(void *ctx, const struct sp_list_diff *d)
{
	(void)ctx;
	assert_true(nmsgs < 16);
	sp_list_diff_format(d, msgs[nmsgs], sizeof(msgs[0]));
	nmsgs++;
}

static size_t compare(const struct sp_list_entry *a, size_t na, const struct sp_list_entry *b,
		      size_t nb)
{
	struct sp_list la = {"SPMC manifest", a, na}, lb = {"BL2 list", b, nb};
	size_t n;

	nmsgs = 0;
	n = sp_list_compare(&la, &lb, collect, NULL);
	assert_int_equal(n, (size_t)nmsgs);
	return n;
}

/* Agreement: same SPs, same UUIDs and addresses, in any order. */
static void test_compare_agree(void **state)
{
	const struct sp_list_entry a[] = {{"echo", U1, 0x7a00000}, {"kv", U2, 0x7b00000}};
	const struct sp_list_entry b[] = {{"kv", U2, 0x7b00000}, {"echo", U1, 0x7a00000}};

	(void)state;
	assert_int_equal(compare(a, 2, b, 2), 0);
	assert_int_equal(compare(NULL, 0, NULL, 0), 0);
}

/* A UUID written differently in the two places: both values named. */
static void test_compare_uuid_differs(void **state)
{
	const struct sp_list_entry a[] = {{"echo", U1, 0x7a00000}};
	const struct sp_list_entry b[] = {{"echo", U2, 0x7a00000}};

	(void)state;
	assert_int_equal(compare(a, 1, b, 1), 1);
	assert_string_equal(msgs[0],
			    "SP 'echo': UUID in SPMC manifest 11111111-1111-1111-1111-111111111111 "
			    "differs from BL2 list 22222222-2222-2222-2222-222222222222");
}

/* A load address written differently: both values named. */
static void test_compare_address_differs(void **state)
{
	const struct sp_list_entry a[] = {{"echo", U1, 0x7a00000}};
	const struct sp_list_entry b[] = {{"echo", U1, 0x7b00000}};

	(void)state;
	assert_int_equal(compare(a, 1, b, 1), 1);
	assert_string_equal(msgs[0], "SP 'echo': load address in SPMC manifest 0x7a00000 differs "
				     "from BL2 list 0x7b00000");
}

/* Both fields wrong: both reported, not just the first. */
static void test_compare_both_differ(void **state)
{
	const struct sp_list_entry a[] = {{"echo", U1, 0x7a00000}};
	const struct sp_list_entry b[] = {{"echo", U2, 0x100000000ull}};

	(void)state;
	assert_int_equal(compare(a, 1, b, 1), 2);
	assert_non_null(strstr(msgs[0], "UUID in SPMC manifest 11111111"));
	assert_non_null(strstr(msgs[1], "0x7a00000 differs from BL2 list 0x100000000"));
}

/* An SP in one list only: BL2 would not load it, or the SPMC would not look
 * for it. */
static void test_compare_missing_sp(void **state)
{
	const struct sp_list_entry a[] = {{"echo", U1, 0x7a00000}, {"kv", U2, 0x7b00000}};
	const struct sp_list_entry b[] = {{"echo", U1, 0x7a00000}, {"extra", U3, 0x7c00000}};

	(void)state;
	assert_int_equal(compare(a, 2, b, 2), 2);
	assert_string_equal(msgs[0], "SP 'kv' (UUID 22222222-2222-2222-2222-222222222222, load "
				     "address 0x7b00000) is in SPMC manifest but not in BL2 list");
	assert_string_equal(msgs[1], "SP 'extra' (UUID 33333333-3333-3333-3333-333333333333, load "
				     "address 0x7c00000) is in BL2 list but not in SPMC manifest");
	assert_int_equal(compare(a, 2, NULL, 0), 2);
}

/* Node names may differ between the two files: entries then pair by UUID,
 * then by address, and the message names both nodes. */
static void test_compare_pairs_by_uuid_then_address(void **state)
{
	const struct sp_list_entry a[] = {{"echo", U1, 0x7a00000}, {"kv", U2, 0x7b00000}};
	const struct sp_list_entry b[] = {{"echo_sp", U1, 0x7a10000}, {"kv_sp", U3, 0x7b00000}};

	(void)state;
	assert_int_equal(compare(a, 2, b, 2), 2);
	assert_string_equal(msgs[0], "SP 'echo' (BL2 list: 'echo_sp'): load address in SPMC "
				     "manifest 0x7a00000 differs from BL2 list 0x7a10000");
	assert_string_equal(msgs[1], "SP 'kv' (BL2 list: 'kv_sp'): UUID in SPMC manifest "
				     "22222222-2222-2222-2222-222222222222 differs from BL2 list "
				     "33333333-3333-3333-3333-333333333333");
}

/* A name match wins over a UUID match: swapped UUIDs are two UUID
 * disagreements, not a silent re-pairing. */
static void test_compare_swapped_uuids(void **state)
{
	const struct sp_list_entry a[] = {{"echo", U1, 0x7a00000}, {"kv", U2, 0x7b00000}};
	const struct sp_list_entry b[] = {{"echo", U2, 0x7a00000}, {"kv", U1, 0x7b00000}};

	(void)state;
	assert_int_equal(compare(a, 2, b, 2), 2);
	assert_non_null(strstr(msgs[0], "SP 'echo': UUID"));
	assert_non_null(strstr(msgs[1], "SP 'kv': UUID"));
}

/* Inside one list, two SPs with one UUID or one load address are an error
 * too (BL2 would load one over the other). */
static void test_duplicates_in_a_list(void **state)
{
	const struct sp_list_entry a[] = {{"a", U1, 0x7a00000}, {"b", U1, 0x7a00000}};
	struct sp_list l = {"BL2 list", a, 2};

	(void)state;
	nmsgs = 0;
	assert_int_equal(sp_list_check(&l, collect, NULL), 2);
	assert_string_equal(msgs[0], "SPs 'a' and 'b' in BL2 list both have UUID "
				     "11111111-1111-1111-1111-111111111111");
	assert_string_equal(msgs[1], "SPs 'a' and 'b' in BL2 list both have load address 0x7a00000");
	/* compare includes them; match alone does not. */
	assert_int_equal(sp_list_match(&l, &l, NULL, NULL), 0);
	assert_int_equal(compare(a, 2, a, 2), 4);
}

/* Entries without names are numbered in messages. */
static void test_unnamed_entries(void **state)
{
	const struct sp_list_entry a[] = {{NULL, U1, 0x1000}, {NULL, U2, 0x2000}};
	const struct sp_list_entry b[] = {{NULL, U1, 0x1000}, {NULL, U2, 0x3000}};

	(void)state;
	assert_int_equal(compare(a, 2, b, 2), 1);
	assert_string_equal(msgs[0], "SP #1 (BL2 list: #1): load address in SPMC manifest 0x2000 "
				     "differs from BL2 list 0x3000");
}

/* The comparison is bounded: longer lists are reported, not compared. */
static void test_too_many_entries(void **state)
{
	static struct sp_list_entry big[SP_LIST_MAX + 1];
	struct sp_list l = {"SPMC manifest", big, SP_LIST_MAX + 1};

	(void)state;
	nmsgs = 0;
	assert_int_equal(sp_list_check(&l, collect, NULL), 1);
	assert_string_equal(msgs[0], "SPMC manifest lists more SPs than can be compared");
	assert_int_equal(compare(big, SP_LIST_MAX + 1, NULL, 0), 1);
}

/* Formatting truncates safely and reports the length it needed. */
static void test_format_truncates(void **state)
{
	const struct sp_list_entry x = {"echo", U1, 0x7a00000}, y = {"echo", U1, 0x7b00000};
	struct sp_list la = {"SPMC manifest", &x, 1}, lb = {"BL2 list", &y, 1};
	struct sp_list_diff d = {SP_LIST_ADDR_DIFFERS, &la, &lb, &x, &y};
	char small[10], full[200];
	size_t need = sp_list_diff_format(&d, full, sizeof(full));

	(void)state;
	assert_int_equal(need, strlen(full));
	assert_int_equal(sp_list_diff_format(&d, small, sizeof(small)), need);
	assert_string_equal(small, "SP 'echo'");
	assert_int_equal(sp_list_diff_format(&d, NULL, 0), need);
}

/* The one mapping between UUID forms: TF-A's cactus partition manifest says
 * uuid = <0x1e67b5b4 0xe14f904a 0x13fb1fb8 0xcbdae1da> and its TB_FW_CONFIG
 * "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb": each cell is the little-endian
 * reading of four bytes of the text. */
static void test_uuid_forms(void **state)
{
	const uint32_t cactus[4] = {0x1e67b5b4, 0xe14f904a, 0x13fb1fb8, 0xcbdae1da};
	uint8_t b[16], b2[16];
	uint32_t w[4];
	char text[37];

	(void)state;
	assert_int_equal(pkg_uuid_parse("B4B5671E-4a90-4fe1-b81f-fb13dae1dacb", 36, b), 0);
	pkg_uuid_bytes_to_words(b, w);
	assert_memory_equal(w, cactus, sizeof(w));
	pkg_uuid_words_to_bytes(cactus, b2);
	assert_memory_equal(b, b2, 16);
	pkg_uuid_format(b, text);
	assert_string_equal(text, "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb");
	/* Not canonical: wrong length, dash misplaced, non-hex, braces. */
	assert_int_equal(pkg_uuid_parse("b4b5671e-4a90-4fe1-b81f-fb13dae1dac", 35, b), -1);
	assert_int_equal(pkg_uuid_parse("b4b5671e4-a90-4fe1-b81f-fb13dae1dacb", 36, b), -1);
	assert_int_equal(pkg_uuid_parse("g4b5671e-4a90-4fe1-b81f-fb13dae1dacb", 36, b), -1);
	assert_int_equal(pkg_uuid_parse("{4b5671e-4a90-4fe1-b81f-fb13dae1dac}", 36, b), -1);
	assert_int_equal(pkg_uuid_parse(NULL, 36, b), -1);
}

/* ---- the device-tree forms ---- */

static uint8_t blob[8192];

struct node {
	const char *name;
	const void *uuid;
	int uuid_len;     /* bytes; 0 = no property */
	int addr_cells;   /* 0 = no property */
	uint64_t addr;
};

/* A tree: root compatible root_compat, a list node compatible list_compat
 * (none if NULL) holding the given children. */
static void build(const char *root_compat, const char *list_compat, const struct node *n,
		  int count)
{
	assert_int_equal(fdt_create(blob, sizeof(blob)), 0);
	assert_int_equal(fdt_finish_reservemap(blob), 0);
	assert_int_equal(fdt_begin_node(blob, ""), 0);
	if (root_compat)
		assert_int_equal(fdt_property_string(blob, "compatible", root_compat), 0);
	if (list_compat) {
		assert_int_equal(fdt_begin_node(blob, "sp_packages"), 0);
		assert_int_equal(fdt_property_string(blob, "compatible", list_compat), 0);
		for (int i = 0; i < count; i++) {
			assert_int_equal(fdt_begin_node(blob, n[i].name), 0);
			if (n[i].uuid_len)
				assert_int_equal(fdt_property(blob, "uuid", n[i].uuid, n[i].uuid_len), 0);
			if (n[i].addr_cells == 1)
				assert_int_equal(fdt_property_u32(blob, "load-address", (uint32_t)n[i].addr), 0);
			if (n[i].addr_cells == 2)
				assert_int_equal(fdt_property_u64(blob, "load-address", n[i].addr), 0);
			if (n[i].addr_cells == 3) {
				uint32_t c[3] = {0, 0, cpu_to_fdt32((uint32_t)n[i].addr)};

				assert_int_equal(fdt_property(blob, "load-address", c, sizeof(c)), 0);
			}
			assert_int_equal(fdt_end_node(blob), 0);
		}
		assert_int_equal(fdt_end_node(blob), 0);
	}
	assert_int_equal(fdt_end_node(blob), 0);
	assert_int_equal(fdt_finish(blob), 0);
}

static const uint32_t cells_u1[4] = {0x11111111, 0x11111111, 0x11111111, 0x11111111};
static uint32_t be_cells[4];

static const void *uuid_cells(const uint32_t w[4])
{
	for (int i = 0; i < 4; i++)
		be_cells[i] = cpu_to_fdt32(w[i]);
	return be_cells;
}

#define SPMC_ROOT "arm,ffa-core-manifest-1.0"

static struct sp_list_entry out[8];
static size_t nout;
static struct sp_list_error lerr;

/* OP-TEE's SPMC manifest: "arm,sp_pkg" children with uuid <4 cells> and
 * load-address <2 cells> (OP-TEE reads a u64); one cell is taken too. */
static void test_read_spmc_list(void **state)
{
	const struct node n[] = {
		{"block_storage", uuid_cells(cells_u1), 16, 2, 0x7a00000},
		{"crypto_sp", be_cells, 16, 1, 0x7b80000},
	};

	(void)state;
	build(SPMC_ROOT, "arm,sp_pkg", n, 2);
	assert_int_equal(sp_list_from_spmc_manifest(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_OK);
	assert_int_equal(nout, 2);
	assert_string_equal(out[0].name, "block_storage");
	assert_memory_equal(out[0].uuid, cells_u1, 16);
	assert_int_equal(out[0].load_address, 0x7a00000);
	assert_int_equal(out[1].load_address, 0x7b80000);
	/* The output array bounds the read. */
	assert_int_equal(sp_list_from_spmc_manifest(blob, sizeof(blob), out, 1, &nout, &lerr),
			 SP_LIST_ERR_FULL);
}

/* OP-TEE: "SP packages are optional, it's not an error if we don't find any". */
static void test_read_spmc_without_list(void **state)
{
	(void)state;
	build(SPMC_ROOT, NULL, NULL, 0);
	assert_int_equal(sp_list_from_spmc_manifest(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_OK);
	assert_int_equal(nout, 0);
}

/* OP-TEE checks the root is an SPMC manifest before reading its packages. */
static void test_read_spmc_wrong_root(void **state)
{
	(void)state;
	build("arm,ffa-manifest-1.0", "arm,sp_pkg", NULL, 0);
	assert_int_equal(sp_list_from_spmc_manifest(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_ROOT);
	assert_string_equal(lerr.property, "compatible");
}

/* Malformed entries are named by node and property. */
static void test_read_spmc_malformed(void **state)
{
	struct node n = {"echo", uuid_cells(cells_u1), 12, 2, 0x1000};

	(void)state;
	build(SPMC_ROOT, "arm,sp_pkg", &n, 1);
	assert_int_equal(sp_list_from_spmc_manifest(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_UUID);
	assert_string_equal(lerr.node, "echo");
	assert_string_equal(lerr.property, "uuid");
	n.uuid_len = 0;
	build(SPMC_ROOT, "arm,sp_pkg", &n, 1);
	assert_int_equal(sp_list_from_spmc_manifest(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_UUID);
	n.uuid_len = 16;
	n.addr_cells = 0;
	build(SPMC_ROOT, "arm,sp_pkg", &n, 1);
	assert_int_equal(sp_list_from_spmc_manifest(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_ADDR);
	assert_string_equal(lerr.property, "load-address");
	n.addr_cells = 3;
	build(SPMC_ROOT, "arm,sp_pkg", &n, 1);
	assert_int_equal(sp_list_from_spmc_manifest(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_ADDR);
}

/* libfdt is only safe on checked blobs: garbage and truncation are refused. */
static void test_read_bad_blob(void **state)
{
	const struct node n = {"echo", uuid_cells(cells_u1), 16, 2, 0x1000};

	(void)state;
	memset(blob, 0x5a, sizeof(blob));
	assert_int_equal(sp_list_from_spmc_manifest(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_FDT);
	assert_int_equal(sp_list_from_bl2_config(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_FDT);
	build(SPMC_ROOT, "arm,sp_pkg", &n, 1);
	assert_int_equal(sp_list_from_spmc_manifest(blob, 64, out, 8, &nout, &lerr),
			 SP_LIST_ERR_FDT);
	assert_int_equal(sp_list_from_spmc_manifest(NULL, 0, out, 8, &nout, &lerr),
			 SP_LIST_ERR_FDT);
}

/* TF-A's TB_FW_CONFIG: "arm,sp" children with uuid a string and
 * load-address one cell (fconf reads them with fdtw_read_uuid and
 * fdt_read_uint32). */
static void test_read_bl2_list(void **state)
{
	static const char text[] = "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb";
	const uint32_t cactus[4] = {0x1e67b5b4, 0xe14f904a, 0x13fb1fb8, 0xcbdae1da};
	const struct node n = {"cactus-primary", text, sizeof(text), 1, 0x7000000};

	(void)state;
	build(NULL, "arm,sp", &n, 1);
	assert_int_equal(sp_list_from_bl2_config(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_OK);
	assert_int_equal(nout, 1);
	assert_string_equal(out[0].name, "cactus-primary");
	assert_memory_equal(out[0].uuid, cactus, sizeof(cactus));
	assert_int_equal(out[0].load_address, 0x7000000);
}

static void test_read_bl2_malformed(void **state)
{
	struct node n = {"sp", "b4b5671e-4a90-4fe1-b81f-fb13dae1dacX", 37, 1, 0x7000000};

	(void)state;
	build(NULL, "arm,sp", &n, 1);
	assert_int_equal(sp_list_from_bl2_config(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_UUID);
	/* The cell form belongs to the SPMC manifest, not to BL2's list. */
	n.uuid = uuid_cells(cells_u1);
	n.uuid_len = 16;
	build(NULL, "arm,sp", &n, 1);
	assert_int_equal(sp_list_from_bl2_config(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_UUID);
	/* BL2 reads a u32: two cells are refused. */
	n.uuid = "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb";
	n.uuid_len = 37;
	n.addr_cells = 2;
	build(NULL, "arm,sp", &n, 1);
	assert_int_equal(sp_list_from_bl2_config(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_ADDR);
	assert_non_null(strstr(lerr.why, "1 cell"));
	/* BL2 fails without the node; so does the reader. */
	build(NULL, NULL, NULL, 0);
	assert_int_equal(sp_list_from_bl2_config(blob, sizeof(blob), out, 8, &nout, &lerr),
			 SP_LIST_ERR_NO_NODE);
}

/* End to end on the device-tree forms: a hand-written SPMC manifest list and
 * BL2 list that disagree on one UUID and one address. */
static void test_compare_device_tree_forms(void **state)
{
	static uint8_t spmc[8192];
	static struct sp_list_entry se[8], be[8];
	const uint32_t w1[4] = {0x735cb579, 0xb9448c1d, 0xe1619385, 0xd2d80a77};
	const uint32_t w2[4] = {0x11111111, 0x22222222, 0x33333333, 0x44444444};
	struct node sn[2] = {{"echo", NULL, 16, 2, 0x7a00000}, {"kv", NULL, 16, 2, 0x7b00000}};
	const struct node bn[2] = {
		{"echo", "79b55c73-1d8c-44b9-8593-61e1770ad8d2", 37, 1, 0x7a00000},
		{"kv", "11111111-2222-2222-3333-333344444444", 37, 1, 0x7c00000},
	};
	uint32_t c1[4], c2[4];
	size_t ns, nb;

	(void)state;
	for (int i = 0; i < 4; i++) {
		c1[i] = cpu_to_fdt32(w1[i] ^ (i == 3 ? 1 : 0));
		c2[i] = cpu_to_fdt32(w2[i]);
	}
	sn[0].uuid = c1;
	sn[1].uuid = c2;
	build(SPMC_ROOT, "arm,sp_pkg", sn, 2);
	memcpy(spmc, blob, sizeof(spmc));
	build(NULL, "arm,sp", bn, 2);
	assert_int_equal(sp_list_from_spmc_manifest(spmc, sizeof(spmc), se, 8, &ns, &lerr), 0);
	assert_int_equal(sp_list_from_bl2_config(blob, sizeof(blob), be, 8, &nb, &lerr), 0);
	assert_int_equal(compare(se, ns, be, nb), 2);
	assert_string_equal(msgs[0], "SP 'echo': UUID in SPMC manifest "
				     "79b55c73-1d8c-44b9-8593-61e1760ad8d2 differs from BL2 list "
				     "79b55c73-1d8c-44b9-8593-61e1770ad8d2");
	assert_string_equal(msgs[1], "SP 'kv': load address in SPMC manifest 0x7b00000 differs "
				     "from BL2 list 0x7c00000");
}

static uint8_t *read_shared(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	uint8_t *b = malloc(1 << 16);

	snprintf(path, sizeof(path), "%s/manifests/real-world/%s", SHARED_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	*len = fread(b, 1, 1 << 16, f);
	fclose(f);
	return b;
}

/* Real SPMC manifests TF-A ships: the FVP OP-TEE ones list no packages (an
 * empty list, not an error); a partition manifest is not an SPMC manifest. */
static void test_real_world_manifests(void **state)
{
	size_t len;
	uint8_t *b;

	(void)state;
	b = read_shared("tfa_fvp_spmc_optee.dtb", &len);
	assert_int_equal(sp_list_from_spmc_manifest(b, len, out, 8, &nout, &lerr), SP_LIST_OK);
	assert_int_equal(nout, 0);
	free(b);
	b = read_shared("tfa_fvp_spmc_el1_optee.dtb", &len);
	assert_int_equal(sp_list_from_spmc_manifest(b, len, out, 8, &nout, &lerr), SP_LIST_OK);
	free(b);
	b = read_shared("cactus.dtb", &len);
	assert_int_equal(sp_list_from_spmc_manifest(b, len, out, 8, &nout, &lerr),
			 SP_LIST_ERR_ROOT);
	assert_int_equal(sp_list_from_bl2_config(b, len, out, 8, &nout, &lerr),
			 SP_LIST_ERR_NO_NODE);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_agree),
		cmocka_unit_test(test_compare_uuid_differs),
		cmocka_unit_test(test_compare_address_differs),
		cmocka_unit_test(test_compare_both_differ),
		cmocka_unit_test(test_compare_missing_sp),
		cmocka_unit_test(test_compare_pairs_by_uuid_then_address),
		cmocka_unit_test(test_compare_swapped_uuids),
		cmocka_unit_test(test_duplicates_in_a_list),
		cmocka_unit_test(test_unnamed_entries),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_format_truncates),
		cmocka_unit_test(test_uuid_forms),
		cmocka_unit_test(test_read_spmc_list),
		cmocka_unit_test(test_read_spmc_without_list),
		cmocka_unit_test(test_read_spmc_wrong_root),
		cmocka_unit_test(test_read_spmc_malformed),
		cmocka_unit_test(test_read_bad_blob),
		cmocka_unit_test(test_read_bl2_list),
		cmocka_unit_test(test_read_bl2_malformed),
		cmocka_unit_test(test_compare_device_tree_forms),
		cmocka_unit_test(test_real_world_manifests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
