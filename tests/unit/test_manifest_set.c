/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPMC manifests, the checks over a set of partitions, and the mapping of a
 * partition manifest onto the core's configuration.
 *
 * Rules: TF-A docs/components/ffa-manifest-binding.rst ("binding"), TF-A's
 * SPMD reading the attribute node, OP-TEE's FIP SP flow (core/arch/arm/kernel/
 * sp.c: "arm,sp_pkg" children, 64-bit load-address, 4-cell uuid), Hafnium's
 * src/manifest.c (memory nodes, hypervisor node, overlap checks).
 */
#include "mf_fixture.h"

#include "../../mocks/hal_mock.h"

static uint8_t *blobs[8];
static size_t sizes[8];
static struct spmc_mf_partition parts[8];
static uint64_t set_arena_mem[1 << 16];
static struct spmc_mf_arena set_arena;

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++) {
		free(blobs[i]);
		blobs[i] = NULL;
	}
	return 0;
}

static const struct spmc_mf_spmc *spmc_file(const char *name)
{
	free(blobs[7]);
	blobs[7] = mf_read(name, &sizes[7]);
	if (mf_parse_spmc(blobs[7], sizes[7]) != 0) {
		print_error("%s failed\n", name);
		mf_log_print();
		fail();
	}
	return &mf_spmc;
}

static void assert_range(const struct spmc_mf_range *r, uint32_t kind, uint64_t base,
			 uint64_t size)
{
	assert_int_equal(r->kind, kind);
	assert_int_equal(r->base, base);
	assert_int_equal(r->size, size);
}

/* ---- SPMC manifests ---- */

/* ff-a-acs fvp_spmc_manifest: the attribute node, Hafnium's four partitions,
 * eight CPUs, and the four kinds of memory node Hafnium reads. */
static void test_rw_acs_spmc(void **state)
{
	const struct spmc_mf_spmc *m = spmc_file("acs_spmc.dtb");

	(void)state;
	assert_int_equal(m->spmc_id, 0x8000);
	assert_int_equal(m->maj_ver, 1);
	assert_int_equal(m->min_ver, 2);
	assert_int_equal(m->exec_state, 0);
	assert_int_equal(m->load_address, 0x6000000);
	assert_int_equal(m->entrypoint, 0x6000000);
	assert_int_equal(m->binary_size, 0x80000);
	assert_int_equal(m->cpu_count, 8);
	assert_int_equal(m->cpu_mpidrs[1], 0x10300);
	assert_int_equal(m->vm_count, 4);
	assert_string_equal(m->vms[1].debug_name, "ff-a-acs SP2");
	assert_true(m->vms[1].is_ffa_partition);
	assert_int_equal(m->vms[1].load_address, 0x7200000);
	assert_int_equal(m->vms[1].vcpu_count, 8);
	assert_int_equal(m->vms[1].mem_size, 0x200000);
	assert_int_equal(m->sp_pkg_count, 0);
	assert_int_equal(m->range_count, 12);
	assert_range(&m->ranges[0], SPMC_MF_RANGE_MEM, 0xfd000000, 0x2000000);
	assert_range(&m->ranges[3], SPMC_MF_RANGE_NS_MEM, 0x880080000000ull, 0x7f000000);
	assert_range(&m->ranges[5], SPMC_MF_RANGE_DEV, 0x2bfe0000, 0x20000);
	assert_range(&m->ranges[11], SPMC_MF_RANGE_NS_DEV, 0x1c0f0000, 0x40000);
}

static void test_rw_tfa_fvp_spmc(void **state)
{
	const struct spmc_mf_spmc *m = spmc_file("tfa_fvp_spmc.dtb");

	(void)state;
	assert_int_equal(m->min_ver, 3);
	assert_int_equal(m->cpu_count, 8);
	assert_int_equal(m->vm_count, 4);
	assert_string_equal(m->vms[3].debug_name, "ivy");
	assert_int_equal(m->vms[3].load_address, 0x7600000);
	assert_int_equal(m->vms[2].mem_size, 0x300000);
	assert_int_equal(m->range_count, 11);
	assert_range(&m->ranges[4], SPMC_MF_RANGE_NS_MEM, 0x880000000ull, 0x180000000ull);
	assert_range(&m->ranges[10], SPMC_MF_RANGE_NS_DEV, 0x1c090000, 0x20000);
}

static void test_rw_tfa_fvp_spmc_optee(void **state)
{
	const struct spmc_mf_spmc *m = spmc_file("tfa_fvp_spmc_optee.dtb");

	(void)state;
	assert_int_equal(m->vm_count, 1);
	assert_string_equal(m->vms[0].debug_name, "op-tee");
	assert_int_equal(m->vms[0].load_address, 0x6280000);
	assert_int_equal(m->vms[0].mem_size, 0xd80000);
	assert_int_equal(m->range_count, 5);
	assert_range(&m->ranges[0], SPMC_MF_RANGE_MEM, 0x6000000, 0x2000000);
}

/* The OP-TEE S-EL1 SPMC and Corstone-1000 manifests: attribute node only
 * (#size-cells 1 at the root, no memory nodes to read with it). */
static void test_rw_attribute_only(void **state)
{
	const struct spmc_mf_spmc *m = spmc_file("tfa_fvp_spmc_el1_optee.dtb");

	(void)state;
	assert_int_equal(m->min_ver, 1);
	assert_int_equal(m->load_address, 0x6000000);
	assert_int_equal(m->cpu_count + m->vm_count + m->range_count + m->sp_pkg_count, 0);
	m = spmc_file("tfa_corstone1000_spmc.dtb");
	assert_int_equal(m->spmc_id, 0x8000);
	assert_int_equal(m->load_address, 0x2002000);
	assert_int_equal(m->entrypoint, 0x2002000);
	assert_int_equal(m->binary_size, 0xae000);
}

/* OP-TEE's FIP flow: the SPMC manifest lists SP packages in the node
 * compatible "arm,sp_pkg", each with a 4-cell uuid and a 64-bit load-address. */
static void test_spmc_sp_packages(void **state)
{
	size_t size;
	const void *blob = mf_std_spmc(NULL, 0, &size);
	struct spmc_config cfg = {0};

	(void)state;
	assert_int_equal(mf_parse_spmc(blob, size), 0);
	assert_int_equal(mf_diags.errors + mf_diags.notes, 0);
	assert_int_equal(mf_spmc.sp_pkg_count, 2);
	assert_int_equal(mf_spmc.sp_pkgs[1].uuid[0], 0xbbbb0001);
	assert_int_equal(mf_spmc.sp_pkgs[1].load_address, 0x10400000);
	assert_string_equal(mf_spmc.sp_pkgs[0].path, "/sp_packages/sp1");
	assert_int_equal(mf_spmc.cpu_count, 2);
	assert_int_equal(mf_spmc.range_count, 3);
	spmc_mf_spmc_config(&mf_spmc, &cfg);
	assert_int_equal(cfg.spmc_id, 0x8000);
	assert_int_equal(cfg.cpu_count, 2);
}

static void spmc_invalid(const struct mf_ovr *o, int n, const char *file, int line)
{
	static const struct spmc_mf_spmc zero;
	size_t size;
	const void *blob = mf_std_spmc(o, n, &size);
	int rc = mf_parse_spmc(blob, size);

	if (rc != FFA_RET_INVALID_PARAMETERS || memcmp(&mf_spmc, &zero, sizeof(zero)) ||
	    mf_arena.used != 0) {
		print_error("expected a clean INVALID_PARAMETERS, got %d\n", rc);
		mf_log_print();
		_fail(file, line);
	}
}
#define SPMC_INVALID(...)                                                              \
	do {                                                                            \
		const struct mf_ovr o_[] = {__VA_ARGS__};                              \
		spmc_invalid(o_, (int)(sizeof(o_) / sizeof(o_[0])), __FILE__, __LINE__); \
	} while (0)

/* TF-A SPMD: the attribute node with spmc_id, maj_ver, min_ver is required;
 * the SPMC ID is a secure endpoint ID; the entry point lies in the binary. */
static void test_err_spmc_attribute(void **state)
{
	(void)state;
	SPMC_INVALID(OVR_NODE_DEL("/attribute"));
	EXPECT_ERROR("/", "");
	SPMC_INVALID(OVR_DEL("/attribute", "spmc_id"));
	EXPECT_ERROR("/attribute", "spmc_id");
	SPMC_INVALID(OVR_U32("/attribute", "spmc_id", 0x7fff));
	EXPECT_ERROR("/attribute", "spmc_id");
	SPMC_INVALID(OVR_DEL("/attribute", "maj_ver"));
	EXPECT_ERROR("/attribute", "maj_ver");
	SPMC_INVALID(OVR_U32("/attribute", "maj_ver", 2));
	EXPECT_ERROR("/attribute", "maj_ver");
	SPMC_INVALID(OVR_U32("/attribute", "exec_state", 2));
	EXPECT_ERROR("/attribute", "exec_state");
	SPMC_INVALID(OVR_CELLS("/attribute", "entrypoint", 2, 0, 0x6080000));
	EXPECT_ERROR("/attribute", "entrypoint");
	SPMC_INVALID(OVR_STR("/", "compatible", "arm,ffa-manifest-1.0"));
	EXPECT_ERROR("/", "compatible");
}

/* OP-TEE: uuid is exactly four cells, load-address exactly two; two packages
 * can be neither the same UUID nor at the same address. */
static void test_err_spmc_packages(void **state)
{
	(void)state;
	SPMC_INVALID(OVR_CELLS("/sp_packages/sp1", "uuid", 3, 1, 2, 3));
	EXPECT_ERROR("/sp_packages/sp1", "uuid");
	SPMC_INVALID(OVR_U32("/sp_packages/sp2", "load-address", 0x10400000));
	EXPECT_ERROR("/sp_packages/sp2", "load-address");
	SPMC_INVALID(OVR_DEL("/sp_packages/sp2", "load-address"));
	EXPECT_ERROR("/sp_packages/sp2", "load-address");
	SPMC_INVALID(OVR_CELLS("/sp_packages/sp2", "load-address", 2, 0, 0x10000000));
	EXPECT_ERROR("/sp_packages/sp2", "load-address");
	SPMC_INVALID(OVR_CELLS("/sp_packages/sp2", "uuid", 4, 0xaaaa0001, 0xaaaa0002,
			       0xaaaa0003, 0xaaaa0004));
	EXPECT_ERROR("/sp_packages/sp2", "uuid");
}

/* Memory nodes: reg entries of #address-cells + #size-cells cells, non-empty,
 * not overlapping; CPUs with distinct MPIDRs; an unknown device_type. */
static void test_err_spmc_memory_and_cpus(void **state)
{
	size_t size;
	const struct mf_ovr ok[] = {OVR_STR("/memory@9000000", "device_type", "ns-device-memory")};
	const void *blob = mf_std_spmc(ok, 1, &size);

	(void)state;
	assert_int_equal(mf_parse_spmc(blob, size), 0);
	assert_int_equal(mf_spmc.ranges[2].kind, SPMC_MF_RANGE_NS_DEV);
	SPMC_INVALID(OVR_CELLS("/memory@10000000", "reg", 3, 0, 0x10000000, 0));
	EXPECT_ERROR("/memory@10000000", "reg");
	SPMC_INVALID(OVR_CELLS("/memory@10000000", "reg", 4, 0, 0x10000000, 0, 0));
	EXPECT_ERROR("/memory@10000000", "reg");
	SPMC_INVALID(OVR_CELLS("/memory@80000000", "reg", 4, 0, 0x10800000, 0, 0x1000));
	EXPECT_ERROR("/memory@80000000", "reg");
	SPMC_INVALID(OVR_STR("/memory@10000000", "device_type", "mem"));
	EXPECT_ERROR("/memory@10000000", "device_type");
	SPMC_INVALID(OVR_CELLS("/cpus/cpu@100", "reg", 2, 0, 0));
	EXPECT_ERROR("/cpus/cpu@100", "reg");
	SPMC_INVALID(OVR_U32("/", "#size-cells", 3));
	EXPECT_ERROR("/", "#size-cells");
}

/* ---- checks over a set ---- */

static void load_set(const char *const *names, uint32_t n)
{
	set_arena = (struct spmc_mf_arena){set_arena_mem, sizeof(set_arena_mem), 0};
	for (uint32_t i = 0; i < n; i++) {
		free(blobs[i]);
		blobs[i] = mf_read(names[i], &sizes[i]);
		assert_int_equal(spmc_mf_parse_partition(blobs[i], sizes[i], 0, &set_arena, &parts[i],
							 mf_log_reset()),
				 0);
	}
}

static const struct spmc_mf_partition *const pset[8] = {&parts[0], &parts[1], &parts[2],
							&parts[3], &parts[4], &parts[5],
							&parts[6], &parts[7]};

/* Ranges of an SPMC manifest, plus the SPMC's own image as reserved. */
static uint32_t platform_ranges(const struct spmc_mf_spmc *m, struct spmc_mf_range *out)
{
	memcpy(out, m->ranges, m->range_count * sizeof(*out));
	out[m->range_count] = (struct spmc_mf_range){m->load_address, m->binary_size,
						     SPMC_MF_RANGE_RESERVED};
	return m->range_count + 1;
}

/* The partitions each project boots together are consistent, and lie in the
 * memory its SPMC manifest gives: tf-a-tests' cactus x3 + ivy with TF-A's
 * fvp_spmc_manifest, ff-a-acs' four SPs with its own. */
static void test_rw_sets_consistent(void **state)
{
	static const char *const tft[] = {"cactus.dtb", "cactus2.dtb", "cactus3.dtb",
					  "ivy_sel1.dtb"};
	static const char *const acs[] = {"acs_sp1.dtb", "acs_sp2.dtb", "acs_sp3.dtb",
					  "acs_sp4.dtb"};
	struct spmc_mf_range r[32];
	uint32_t nr;

	(void)state;
	nr = platform_ranges(spmc_file("tfa_fvp_spmc.dtb"), r);
	load_set(tft, 4);
	if (spmc_mf_check_partitions(pset, 4, r, nr, mf_log_reset()) != 0) {
		mf_log_print();
		fail();
	}
	nr = platform_ranges(spmc_file("acs_spmc.dtb"), r);
	load_set(acs, 4);
	if (spmc_mf_check_partitions(pset, 4, r, nr, mf_log_reset()) != 0) {
		mf_log_print();
		fail();
	}
}

/* Binding "id": pre-allocated IDs are unique; "uuid": the same protocol UUID
 * in two partitions is ambiguous here (we refuse it); "boot-order": a unique
 * number amongst all partitions. ff-a-acs sp1 and cactus both claim ID 1,
 * UUID b4b5671e-..., boot order 0 and the same watchdog. */
static void test_set_duplicates(void **state)
{
	static const char *const two[] = {"acs_sp1.dtb", "cactus.dtb"};
	const struct mf_logged *l;

	(void)state;
	load_set(two, 2);
	assert_int_equal(spmc_mf_check_partitions(pset, 2, NULL, 0, mf_log_reset()),
			 FFA_RET_INVALID_PARAMETERS);
	l = EXPECT_ERROR("/", "id");
	assert_int_equal(l->part, 1);
	assert_int_equal(l->other, 0);
	EXPECT_ERROR("/", "uuid");
	EXPECT_ERROR("/", "boot-order");
	l = EXPECT_ERROR("/device-regions/sec_wdog", "interrupts");
	assert_string_equal(l->other_path, "/device-regions/sec_twdog");
	l = EXPECT_ERROR("/device-regions/sec_wdog", "base-address");
	assert_int_equal(l->part, 1);
	assert_string_equal(l->other_path, "/device-regions/sec_twdog");
}

/* Hafnium check_and_record_memory_used: no two regions overlap, within one
 * partition or across; an absolute region may not cover the load address;
 * regions lie in the SPMC manifest's memory of their kind (secure/NS,
 * memory/device) and never in the SPMC's own. */
static void test_set_overlaps_and_platform(void **state)
{
	static uint64_t mem[1 << 14];
	struct spmc_mf_arena a = {mem, sizeof(mem), 0};
	struct spmc_mf_range plat[] = {
		{0x10000000, 0x01000000, SPMC_MF_RANGE_MEM},
		{0x09000000, 0x00010000, SPMC_MF_RANGE_DEV},
		{0x10400000, 0x00001000, SPMC_MF_RANGE_RESERVED},
	};
	const struct spmc_mf_partition *one[] = {&parts[0]};
	const struct mf_logged *l;
	size_t size;
	const void *blob;

	(void)state;
	blob = mf_std_partition(NULL, 0, &size);
	assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &parts[0], NULL), 0);
	assert_int_equal(spmc_mf_check_partitions(one, 1, plat, 3, mf_log_reset()), 0);

	/* Within one partition: tx over rx. */
	{
		const struct mf_ovr o[] = {OVR_CELLS("/memory-regions/tx", "base-address", 2, 0,
						     0x10100000)};

		blob = mf_std_partition(o, 1, &size);
		assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &parts[0], NULL), 0);
		assert_int_equal(spmc_mf_check_partitions(one, 1, NULL, 0, mf_log_reset()),
				 FFA_RET_INVALID_PARAMETERS);
		l = EXPECT_ERROR("/memory-regions/tx", "base-address");
		assert_string_equal(l->other_path, "/memory-regions/rx");
	}
	/* A region over the load address. */
	{
		const struct mf_ovr o[] = {OVR_CELLS("/memory-regions/tx", "base-address", 2, 0,
						     0x10000000)};

		blob = mf_std_partition(o, 1, &size);
		assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &parts[0], NULL), 0);
		assert_int_equal(spmc_mf_check_partitions(one, 1, NULL, 0, mf_log_reset()),
				 FFA_RET_INVALID_PARAMETERS);
		EXPECT_ERROR("/memory-regions/tx", "base-address");
	}
	/* Outside the platform's secure memory; a non-secure region with no NS
	 * ranges given is not checked; the SPMC's own memory is off limits. */
	{
		const struct mf_ovr o[] = {
			OVR_CELLS("/memory-regions/tx", "base-address", 2, 0, 0x20000000),
			OVR_U32("/memory-regions/rx", "attributes", 0x9),
			OVR_U32("/memory-regions/heap", "load-address-relative-offset", 0x400000),
		};

		blob = mf_std_partition(o, 3, &size);
		assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &parts[0], NULL), 0);
		assert_int_equal(spmc_mf_check_partitions(one, 1, plat, 3, mf_log_reset()),
				 FFA_RET_INVALID_PARAMETERS);
		EXPECT_ERROR("/memory-regions/tx", "base-address");
		EXPECT_ERROR("/memory-regions/heap", "load-address-relative-offset");
		assert_null(mf_log_find(SPMC_MF_ERROR, "/memory-regions/rx", "base-address"));
		assert_int_equal(mf_nlog, 2);
	}
	/* A device outside the device ranges. */
	{
		const struct mf_ovr o[] = {
			OVR_CELLS("/device-regions/uart", "base-address", 2, 0, 0x09010000)};

		blob = mf_std_partition(o, 1, &size);
		assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &parts[0], NULL), 0);
		assert_int_equal(spmc_mf_check_partitions(one, 1, plat, 3, mf_log_reset()),
				 FFA_RET_INVALID_PARAMETERS);
		EXPECT_ERROR("/device-regions/uart", "base-address");
	}
}

/* Regions placed relative to the load address may lie inside the partition's
 * own image (that is what they are for); absolute ones may not, and two images
 * of known size may not overlap. */
static void test_set_relative_regions_and_images(void **state)
{
	static uint64_t mem[1 << 14];
	struct spmc_mf_arena a = {mem, sizeof(mem), 0};
	const struct mf_ovr o1[] = {OVR_U32("/", "image-size", 0x400000)};
	const struct mf_ovr o2[] = {
		OVR_CELLS("/", "load-address", 2, 0, 0x10300000), OVR_U32("/", "id", 0x8002),
		OVR_CELLS("/", "uuid", 4, 9, 9, 9, 9), OVR_U32("/", "boot-order", 2),
		OVR_U32("/", "image-size", 0x100000),
		OVR_NODE_DEL("/memory-regions"), OVR_NODE_DEL("/device-regions"),
		OVR_NODE_DEL("/rx_tx-info"),
	};
	const struct mf_logged *l;
	size_t size;
	const void *blob;

	(void)state;
	blob = mf_std_partition(o1, 1, &size);
	assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &parts[0], mf_log_reset()), 0);
	blob = mf_std_partition(o2, 8, &size);
	assert_int_equal(spmc_mf_parse_partition(blob, size, 0, &a, &parts[1], mf_log_reset()), 0);
	/* Partition 0's image [0x10000000, 0x10400000) holds its absolute rx/tx
	 * (an overlap) and its relative heap (fine). */
	assert_int_equal(spmc_mf_check_partitions(pset, 1, NULL, 0, mf_log_reset()),
			 FFA_RET_INVALID_PARAMETERS);
	l = EXPECT_ERROR("/", "load-address");
	assert_string_equal(l->other_path, "/memory-regions/rx");
	for (int i = 0; i < mf_nlog; i++) {
		assert_string_not_equal(mf_log[i].path, "/memory-regions/heap");
		assert_string_not_equal(mf_log[i].other_path, "/memory-regions/heap");
	}
	/* Partition 1's image [0x10300000, 0x10400000) is inside partition 0's. */
	parts[0].has_image_size = false;
	assert_int_equal(spmc_mf_check_partitions(pset, 2, NULL, 0, mf_log_reset()), 0);
	parts[0].has_image_size = true;
	assert_int_equal(spmc_mf_check_partitions(pset, 2, NULL, 0, mf_log_reset()),
			 FFA_RET_INVALID_PARAMETERS);
	l = NULL;
	for (int i = 0; i < mf_nlog; i++)
		if (mf_log[i].part == 1)
			l = &mf_log[i];
	assert_non_null(l);
	assert_string_equal(l->path, "/");
	assert_string_equal(l->prop, "load-address");
	assert_int_equal(l->other, 0);
}

/* ---- onto the core's configuration ---- */

static uint64_t cfg_arena_mem[1 << 14];

static struct spmc_mf_arena *cfg_arena(void)
{
	static struct spmc_mf_arena a;

	a = (struct spmc_mf_arena){cfg_arena_mem, sizeof(cfg_arena_mem), 0};
	return &a;
}

/* cactus.dtb onto spmc_partition_cfg: the non-secure pre-allocated ID 1 gives
 * way to the caller's; properties are messaging-method plus notifications
 * (bit 3) and AArch64 (bit 8); every region mapped with its attributes, the
 * RX/TX buffers named, boot information in x0, managed exit. */
static void test_cfg_cactus(void **state)
{
	struct spmc_partition_cfg cfg;
	struct spmc_mf_cfg_opts o = {.id = 0x8001, .cpu_count = 8, .mem_size = 0x100000};

	(void)state;
	load_set((const char *const[]){"cactus.dtb"}, 1);
	assert_int_equal(spmc_mf_partition_cfg(&parts[0], &o, cfg_arena(), &cfg, mf_log_reset()), 0);
	assert_int_equal(cfg.id, 0x8001);
	assert_string_equal(cfg.name, "Base-1");
	assert_int_equal(cfg.uuid[0], 0x1e67b5b4);
	assert_int_equal(cfg.uuid[3], 0xcbdae1da);
	assert_int_equal(cfg.service_count, 1);
	assert_int_equal(cfg.ec_count, 8);
	assert_int_equal(cfg.el, 2);
	assert_int_equal(cfg.ffa_version, 0x10003);
	assert_int_equal(cfg.load_addr, 0x7000000);
	assert_int_equal(cfg.mem_size, 0x100000);
	assert_int_equal(cfg.entry, 0x7002000);
	assert_int_equal(cfg.boot_order, 0);
	assert_int_equal(cfg.properties, 0x7 | FFA_PROP_NOTIFICATION_RECV | FFA_PROP_AARCH64);
	assert_int_equal(cfg.region_count, 9);
	assert_int_equal(cfg.regions[5].base, 0x90000000);
	assert_int_equal(cfg.regions[5].attrs, HAL_MEM_R | HAL_MEM_W | HAL_MEM_NS);
	assert_int_equal(cfg.regions[7].attrs, HAL_MEM_R | HAL_MEM_W | HAL_MEM_DEVICE);
	assert_int_equal(cfg.regions[7].irq_count, 1);
	assert_int_equal(cfg.regions[7].irqs[0].id, 56);
	assert_int_equal(cfg.rx_addr, 0x7700000);
	assert_int_equal(cfg.tx_addr, 0x7701000);
	assert_int_equal(cfg.rxtx_pages, 1);
	assert_true(cfg.boot_info);
	assert_int_equal(cfg.boot_info_gpr, 0);
	assert_int_equal(cfg.ns_int_action, SPMC_NS_INT_MANAGED_EXIT);
	assert_int_equal(cfg.pm_messages, 1);
}

/* The four ff-a-acs SPs map onto a configuration spmc_init accepts (IDs from
 * the caller, 8 CPUs as their SPMC manifest says, memory sizes from it). */
static void test_cfg_acs_set_accepted_by_core(void **state)
{
	static const char *const acs[] = {"acs_sp1.dtb", "acs_sp2.dtb", "acs_sp3.dtb",
					  "acs_sp4.dtb"};
	struct spmc_partition_cfg cfgs[4];
	struct spmc_config cfg = {0};
	const struct spmc_mf_spmc *sm;
	struct spmc_mf_arena *a = cfg_arena();

	(void)state;
	load_set(acs, 4);
	sm = spmc_file("acs_spmc.dtb");
	spmc_mf_spmc_config(sm, &cfg);
	for (uint32_t i = 0; i < 4; i++) {
		struct spmc_mf_cfg_opts o = {
			.id = (ffa_id_t)(0x8001 + i),
			.load_addr = sm->vms[i].load_address,
			.mem_size = sm->vms[i].mem_size,
			.cpu_count = cfg.cpu_count,
		};

		assert_int_equal(spmc_mf_partition_cfg(&parts[i], &o, a, &cfgs[i], mf_log_reset()), 0);
	}
	assert_int_equal(cfgs[1].ns_int_action, SPMC_NS_INT_MANAGED_EXIT);
	assert_int_equal(cfgs[2].ns_int_action, SPMC_NS_INT_QUEUED);
	assert_int_equal(cfgs[0].properties & 0x600, 0x600);
	cfg.partitions = cfgs;
	cfg.partition_count = 4;
	assert_int_equal(cfg.spmc_id, 0x8000);
	assert_int_equal(cfg.cpu_count, 8);
	assert_true(spmc_arena_size(&cfg) > 0);
}

/* What this SPMC cannot run is refused with a diagnostic: AArch32, a 16K
 * granule, EL1 (a VM), a position-independent image with no load address, an
 * MP partition whose context count is not the CPU count, no secure ID. */
static void test_cfg_refusals(void **state)
{
	struct spmc_partition_cfg cfg;
	struct spmc_mf_cfg_opts o = {.id = 0x8001, .cpu_count = 4};
	const struct {
		struct mf_ovr ovr;
		const char *prop;
	} cases[] = {
		{OVR_U32("/", "execution-state", 1), "execution-state"},
		{OVR_U32("/", "xlat-granule", 1), "xlat-granule"},
		{OVR_U32("/", "exception-level", 0), "exception-level"},
		{OVR_DEL("/", "load-address"), "load-address"},
		{OVR_U32("/", "execution-ctx-count", 2), "execution-ctx-count"},
		{OVR_U32("/", "id", 0x0001), "id"},
	};
	static const struct spmc_partition_cfg zero;

	(void)state;
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(cases); i++) {
		size_t size;
		const void *blob = mf_std_partition(&cases[i].ovr, 1, &size);
		struct spmc_mf_arena *a = cfg_arena();
		struct spmc_mf_cfg_opts oo = o;

		if (i == 5)
			oo.id = 0x0002; /* and no secure fallback either */
		assert_int_equal(mf_parse(blob, size, 0), 0);
		assert_int_equal(spmc_mf_partition_cfg(&mf_part, &oo, a, &cfg, mf_log_reset()),
				 FFA_RET_INVALID_PARAMETERS);
		EXPECT_ERROR("/", cases[i].prop);
		assert_int_equal(a->used, 0);
		assert_memory_equal(&cfg, &zero, sizeof(cfg));
	}
}

/* Where the partition actually is wins over its manifest's load-address
 * (Hafnium warns when they differ); relative regions move with it. */
static void test_cfg_load_address_from_package(void **state)
{
	struct spmc_partition_cfg cfg;
	struct spmc_mf_cfg_opts o = {.load_addr = 0x30000000, .mem_size = 0x10000};
	size_t size;
	const void *blob = mf_std_partition(NULL, 0, &size);

	(void)state;
	assert_int_equal(mf_parse(blob, size, 0), 0);
	assert_int_equal(spmc_mf_partition_cfg(&mf_part, &o, cfg_arena(), &cfg, mf_log_reset()), 0);
	EXPECT_NOTE("/", "load-address");
	assert_int_equal(cfg.id, 0x8001); /* the manifest's secure ID */
	assert_int_equal(cfg.load_addr, 0x30000000);
	assert_int_equal(cfg.entry, 0x30001000);
	assert_int_equal(cfg.regions[2].base, 0x30200000); /* heap: load + 0x200000 */
	assert_int_equal(cfg.regions[0].base, 0x10100000); /* rx: absolute */
	assert_int_equal(cfg.ns_int_action, SPMC_NS_INT_SIGNALED);
}

/* A too-small arena fails the mapping with NO_MEMORY and leaves it as it was. */
static void test_cfg_no_memory(void **state)
{
	struct spmc_partition_cfg cfg;
	struct spmc_mf_cfg_opts o = {0};
	struct spmc_mf_arena a = {cfg_arena_mem, 40, 0};
	size_t size;
	const void *blob = mf_std_partition(NULL, 0, &size);

	(void)state;
	assert_int_equal(mf_parse(blob, size, 0), 0);
	assert_int_equal(spmc_mf_partition_cfg(&mf_part, &o, &a, &cfg, mf_log_reset()),
			 FFA_RET_NO_MEMORY);
	assert_int_equal(a.used, 0);
	assert_true(mf_diags.errors > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_teardown(fn, teardown)
		T(test_rw_acs_spmc),
		T(test_rw_tfa_fvp_spmc),
		T(test_rw_tfa_fvp_spmc_optee),
		T(test_rw_attribute_only),
		T(test_spmc_sp_packages),
		T(test_err_spmc_attribute),
		T(test_err_spmc_packages),
		T(test_err_spmc_memory_and_cpus),
		T(test_rw_sets_consistent),
		T(test_set_duplicates),
		T(test_set_overlaps_and_platform),
		T(test_set_relative_regions_and_images),
		T(test_cfg_cactus),
		T(test_cfg_acs_set_accepted_by_core),
		T(test_cfg_refusals),
		T(test_cfg_load_address_from_package),
		T(test_cfg_no_memory),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
