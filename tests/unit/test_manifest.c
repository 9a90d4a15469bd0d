/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition manifests: every real-world manifest other projects ship parses,
 * with the values its source says; every class of error is reported with its
 * node path and property and fails the parse cleanly; no bytes crash it.
 *
 * Rules: TF-A docs/components/ffa-manifest-binding.rst ("binding") and the
 * checks Hafnium's src/manifest.c applies when it loads a partition.
 */
#include "mf_fixture.h"

static void parse_any(const void *blob, size_t size);

/* ---- the real-world manifests ---- */

static uint8_t *rw_blob;
static size_t rw_size;

static const struct spmc_mf_partition *rw_parse(const char *name, uint32_t flags)
{
	int rc;

	free(rw_blob);
	rw_blob = mf_read(name, &rw_size);
	rc = mf_parse(rw_blob, rw_size, flags);
	if (rc != 0) {
		print_error("%s: parse failed (%d)\n", name, rc);
		mf_log_print();
		fail();
	}
	assert_int_equal(mf_count(SPMC_MF_ERROR), 0);
	assert_int_equal(spmc_mf_kind(rw_blob, rw_size), SPMC_MF_KIND_PARTITION);
	return &mf_part;
}

static int rw_teardown(void **state)
{
	(void)state;
	free(rw_blob);
	rw_blob = NULL;
	return 0;
}

static void assert_uuid(const uint32_t *w, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	assert_int_equal(w[0], a);
	assert_int_equal(w[1], b);
	assert_int_equal(w[2], c);
	assert_int_equal(w[3], d);
}

static const struct spmc_mf_region *region(const struct spmc_mf_region *r, uint32_t n,
					   const char *name)
{
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(r[i].name, name) == 0)
			return &r[i];
	print_error("no region %s\n", name);
	fail();
	return NULL;
}

#define MEM(m, name) region((m)->mem_regions, (m)->mem_region_count, (name))
#define DEV(m, name) region((m)->dev_regions, (m)->dev_region_count, (name))
#define CACTUS_UUID 0x1e67b5b4, 0xe14f904a, 0x13fb1fb8, 0xcbdae1da

/* ff-a-acs sp1.dts: v1.0 binding, FF-A 1.2, S-EL1 MP, REQ2 messaging, four
 * device regions (one with an SPI), one memory region. The pre-allocated ID 1
 * lacks bit 15: a note, not an error (Hafnium ignores "id"). */
static void test_rw_acs_sp1(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("acs_sp1.dtb", 0);
	const struct spmc_mf_region *r;

	(void)state;
	assert_int_equal(m->binding_minor, 0);
	assert_string_equal(m->description, "Base-1");
	assert_int_equal(m->service_count, 1);
	assert_uuid(m->services[0].uuid, CACTUS_UUID);
	assert_true(m->has_id);
	assert_int_equal(m->id, 1);
	EXPECT_NOTE("/", "id");
	assert_int_equal(m->aux_id, 0xae);
	assert_int_equal(m->stream_endpoint_id_count, 4);
	assert_int_equal(m->ffa_version, 0x10002);
	assert_int_equal(m->ec_count, 8);
	assert_int_equal(m->exception_level, SPMC_MF_S_EL1);
	assert_int_equal(m->load_address, 0x7000000);
	assert_int_equal(m->entrypoint_offset, 0x4000);
	assert_int_equal(m->messaging, 0x607);
	assert_int_equal(m->ns_int_action, SPMC_MF_NS_SIGNALED);
	assert_true(m->notification_support);
	assert_int_equal(m->dev_region_count, 4);
	r = DEV(m, "uart2");
	assert_int_equal(r->base, 0x1c0b0000);
	assert_int_equal(r->pages, 16);
	assert_int_equal(r->attributes, 0xb);
	r = DEV(m, "sec_twdog");
	assert_int_equal(r->irq_count, 1);
	assert_int_equal(r->irqs[0].id, 56);
	assert_int_equal(r->irqs[0].attributes, 0x900);
	assert_int_equal(SPMC_MF_IRQ_TYPE(r->irqs[0].attributes), 2); /* SPI */
	assert_true(r->irqs[0].attributes & SPMC_MF_IRQ_SECURE);
	assert_int_equal(m->mem_region_count, 1);
	r = MEM(m, "ro_memory");
	assert_string_equal(r->path, "/memory-regions/ro_memory");
	assert_int_equal(r->base, 0xfe300000);
	assert_int_equal(r->attributes, SPMC_MF_ATTR_R);
}

/* ff-a-acs sp1.dts at S-EL0: one context; uart2's base-address is a single
 * cell, which the binding's <u64> readers accept (Hafnium reads 1 or 2 cells). */
static void test_rw_acs_sp1_el0(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("acs_sp1_el0.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, CACTUS_UUID);
	assert_int_equal(m->exception_level, SPMC_MF_S_EL0);
	assert_int_equal(m->ec_count, 1);
	assert_int_equal(m->load_address, 0x7000000);
	assert_int_equal(DEV(m, "uart2")->base, 0x1c0b0000);
	assert_int_equal(DEV(m, "nvm")->base, 0x82800000);
}

/* ff-a-acs sp2.dts: load-address 0x07200000 (its bytes decompile as a
 * string); managed-exit (v1.0) means ns-interrupts-action 1; DMA streams. */
static void test_rw_acs_sp2(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("acs_sp2.dtb", 0);
	const struct spmc_mf_region *r;

	(void)state;
	assert_uuid(m->services[0].uuid, 0x092358d1, 0xb94723f0, 0x64447c82, 0xc88f57f5);
	assert_int_equal(m->id, 2);
	assert_int_equal(m->ec_count, 8);
	assert_int_equal(m->exception_level, SPMC_MF_S_EL1);
	assert_int_equal(m->load_address, 0x7200000);
	assert_int_equal(m->boot_order, 1);
	assert_true(m->managed_exit);
	assert_int_equal(m->ns_int_action, SPMC_MF_NS_MANAGED_EXIT);
	r = DEV(m, "ref_clk_system");
	assert_int_equal(r->irqs[0].id, 0x3a);
	r = DEV(m, "smmuv3-testengine");
	assert_true(r->has_smmu_id);
	assert_int_equal(r->stream_id_count, 1);
	assert_int_equal(r->pages, 0x12);
	r = MEM(m, "smmuv3-memcpy-1");
	assert_int_equal(r->base, 0x7800000);
	assert_int_equal(r->pages, 16);
	assert_int_equal(r->stream_ids[0], 1);
	assert_int_equal(r->stream_access, 3);
}

/* ff-a-acs sp3.dts: UP S-EL1, ns-interrupts-action queued, no regions. */
static void test_rw_acs_sp3(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("acs_sp3.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, 0x735cb579, 0xb9448c1d, 0xe1619385, 0xd2d80a77);
	assert_int_equal(m->ec_count, 1);
	assert_int_equal(m->load_address, 0x7400000);
	assert_int_equal(m->messaging, 0x603);
	assert_int_equal(m->ns_int_action, SPMC_MF_NS_QUEUED);
	assert_int_equal(m->mem_region_count + m->dev_region_count, 0);
}

/* ff-a-acs sp4.dts: managed exit signalled as a vIRQ. */
static void test_rw_acs_sp4(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("acs_sp4.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, 0x2658cda4, 0xcf6713e1, 0x49cd10f9, 0x31ef6813);
	assert_int_equal(m->load_address, 0x7600000);
	assert_int_equal(m->boot_order, 3);
	assert_int_equal(m->ns_int_action, SPMC_MF_NS_MANAGED_EXIT);
	assert_true(m->managed_exit_virq);
}

/* ff-a-acs v11/sp1.dts: FF-A 1.1, messaging without the 1.2 REQ2 bits. */
static void test_rw_acs_v11_sp1(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("acs_v11_sp1.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, CACTUS_UUID);
	assert_int_equal(m->ffa_version, 0x10001);
	assert_int_equal(m->messaging, 0x7);
	assert_int_equal(m->ec_count, 8);
	assert_int_equal(m->load_address, 0x7000000);
}

/* tf-a-tests cactus.dts: RX/TX buffers named by phandle through Hafnium's
 * rx_tx-info node; boot-info; power management messages; an eSPI. */
static void test_rw_cactus(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("cactus.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, CACTUS_UUID);
	assert_int_equal(m->ffa_version, 0x10003);
	assert_int_equal(m->ec_count, 8);
	assert_int_equal(m->exception_level, SPMC_MF_S_EL1);
	assert_int_equal(m->load_address, 0x7000000);
	assert_int_equal(m->entrypoint_offset, 0x2000);
	assert_int_equal(m->ns_int_action, SPMC_MF_NS_MANAGED_EXIT);
	assert_true(m->has_pm_messages);
	assert_int_equal(m->pm_messages, 1);
	assert_true(m->boot_info && m->boot_info_ffa_manifest && !m->boot_info_hob_list);
	assert_true(m->has_gp_register);
	assert_int_equal(m->gp_register_num, 0);
	assert_true(m->has_rxtx);
	assert_int_equal(m->mem_region_count, 6);
	assert_int_equal(m->dev_region_count, 3);
	assert_true(m->rx_region >= 0 && m->tx_region >= 0);
	assert_int_equal(m->mem_regions[m->rx_region].base, 0x7700000);
	assert_int_equal(m->mem_regions[m->tx_region].base, 0x7701000);
	assert_int_equal(MEM(m, "smmuv3-ns-region")->attributes, 0xb);
	assert_int_equal(DEV(m, "espi_test_node")->irqs[0].id, 5000);
}

static void test_rw_cactus2(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("cactus2.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, 0x092358d1, 0xb94723f0, 0x64447c82, 0xc88f57f5);
	assert_int_equal(m->ec_count, 8);
	assert_int_equal(m->load_address, 0x7100000);
	assert_int_equal(m->messaging, 3);
	assert_int_equal(m->mem_regions[m->rx_region].base, 0x7702000);
	assert_false(m->has_gp_register);
}

/* tf-a-tests cactus-tertiary.dts: image-size; a 64-bit NS region above 4 GiB;
 * a one-cell base-address; boot-info with a HOB list. */
static void test_rw_cactus3(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("cactus3.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, 0x735cb579, 0xb9448c1d, 0xe1619385, 0xd2d80a77);
	assert_int_equal(m->ec_count, 1);
	assert_int_equal(m->load_address, 0x7200000);
	assert_true(m->has_image_size);
	assert_int_equal(m->image_size, 0x300000);
	assert_int_equal(m->entrypoint_offset, 0x3000);
	assert_true(m->boot_info_hob_list);
	assert_int_equal(MEM(m, "share-memory-ns")->base, 0x880080001000ull);
	assert_int_equal(MEM(m, "ns_comm_buffer")->base, 0x80000000);
	assert_int_equal(MEM(m, "rx-tx-buffers")->pages, 0x100);
	assert_false(m->has_rxtx); /* a region's name is not a designation */
}

/* Hafnium's service_sp_second (EL0): binding 1.1, UUID in a services node as
 * a string, debug_name for the description, VM availability messages. */
static void test_rw_hf_el0_sp_second(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("hf_el0_sp_second.dtb", 0);

	(void)state;
	assert_int_equal(m->binding_minor, 1);
	assert_string_equal(m->description, "SP Service Second EL0");
	assert_int_equal(m->service_count, 1);
	/* RFC 9562 bytes a6 09 f1 32 ... packed as SMCCC packs UUIDs into registers. */
	assert_uuid(m->services[0].uuid, 0x32f109a6, 0x4f6b0000, 0x144c0000, 0x89940000);
	assert_string_equal(m->services[0].path, "/services/service0");
	assert_int_equal(m->messaging, 0x607);
	assert_false(m->has_id);
	assert_int_equal(m->ec_count, 1);
	assert_int_equal(m->exception_level, SPMC_MF_S_EL0);
	assert_int_equal(m->load_address, 0x6380000);
	assert_int_equal(m->vm_availability, 3);
	assert_int_equal(m->boot_order, 4);
	assert_int_equal(m->dev_region_count, 2);
}

/* The same UUID string read as Hafnium reads it: eight hex digits per word. */
static void test_rw_hf_sp_second_hafnium_uuid_order(void **state)
{
	const struct spmc_mf_partition *m =
		rw_parse("hf_sp_second.dtb", SPMC_MF_UUID_STRING_HAFNIUM);

	(void)state;
	assert_uuid(m->services[0].uuid, 0xa609f132, 0x00006b4f, 0x00004c14, 0x00009489);
	assert_int_equal(m->ec_count, 8);
	assert_int_equal(m->exception_level, SPMC_MF_S_EL1);
	assert_int_equal(m->load_address, 0x6380000);
	assert_int_equal(m->pm_messages, 1);
	assert_int_equal(m->dev_region_count, 3);
}

/* tf-a-tests ivy: no "id" (the SPMC assigns it), S-EL0 and S-EL1 variants. */
static void test_rw_ivy(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("ivy_sel0.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, 0xd883baea, 0xaf4eafba, 0xfdf74481, 0xa744e5cb);
	assert_false(m->has_id);
	assert_int_equal(m->exception_level, SPMC_MF_S_EL0);
	assert_int_equal(m->ec_count, 1);
	assert_int_equal(m->load_address, 0x7600000);
	assert_int_equal(m->boot_order, 3);
	m = rw_parse("ivy_sel1.dtb", 0);
	assert_int_equal(m->exception_level, SPMC_MF_S_EL1);
	assert_string_equal(m->description, "ivy-sel1-fvp");
}

/* OP-TEE's totalcompute SP manifest: FF-A 1.0, OP-TEE at S-EL1 as an SP. */
static void test_rw_optee_tc_sp(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("optee_tc_sp.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, 0xe0786148, 0xe311f8e7, 0x02005ebc, 0x1bc5d5a5);
	assert_int_equal(m->ffa_version, 0x10000);
	assert_int_equal(m->ec_count, 8);
	assert_int_equal(m->exception_level, SPMC_MF_S_EL1);
	assert_int_equal(m->load_address, 0xfd280000);
	assert_int_equal(m->entrypoint_offset, 0x4000);
	assert_int_equal(DEV(m, "ap_s_uart")->base, 0x2a410000);
	assert_int_equal(m->ns_int_action, SPMC_MF_NS_SIGNALED); /* Hafnium's default */
	assert_false(m->has_ns_int_action);
}

/* TF-A's fvp_cactus_sp_manifest (EL3 SPMC): no load-address (binding:
 * position independent), a secure ID 0x8001, #address-cells at the root. */
static void test_rw_tfa_fvp_cactus_sp(void **state)
{
	const struct spmc_mf_partition *m = rw_parse("tfa_fvp_cactus_sp.dtb", 0);

	(void)state;
	assert_uuid(m->services[0].uuid, CACTUS_UUID);
	assert_true(m->has_id);
	assert_int_equal(m->id, 0x8001);
	assert_false(m->has_load_address);
	assert_int_equal(m->ec_count, 8);
	assert_int_equal(m->messaging, 3);
	assert_int_equal(mf_count(SPMC_MF_NOTE), 0);
}

/* Every file of the collection parses without error as what it is. */
static void test_rw_all_files_parse(void **state)
{
	static const char *const spmc[] = {"acs_spmc.dtb", "tfa_fvp_spmc.dtb",
					   "tfa_fvp_spmc_optee.dtb", "tfa_fvp_spmc_el1_optee.dtb",
					   "tfa_corstone1000_spmc.dtb"};
	static const char *const part[] = {
		"acs_sp1.dtb",	"acs_sp1_el0.dtb",  "acs_sp2.dtb",	    "acs_sp3.dtb",
		"acs_sp4.dtb",	"acs_v11_sp1.dtb",  "cactus.dtb",	    "cactus2.dtb",
		"cactus3.dtb",	"hf_el0_sp_second.dtb", "hf_sp_second.dtb", "ivy_sel0.dtb",
		"ivy_sel1.dtb", "optee_tc_sp.dtb", "tfa_fvp_cactus_sp.dtb",
	};

	(void)state;
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(part); i++)
		rw_parse(part[i], 0);
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(spmc); i++) {
		free(rw_blob);
		rw_blob = mf_read(spmc[i], &rw_size);
		assert_int_equal(spmc_mf_kind(rw_blob, rw_size), SPMC_MF_KIND_SPMC);
		if (mf_parse_spmc(rw_blob, rw_size) != 0) {
			print_error("%s\n", spmc[i]);
			mf_log_print();
			fail();
		}
		/* And the partition parser says what it is. */
		assert_int_equal(mf_parse(rw_blob, rw_size, 0), FFA_RET_INVALID_PARAMETERS);
		EXPECT_ERROR("/", "compatible");
	}
}

/* ---- the standard test manifest ---- */

/* The builder's standard manifests are valid; relative regions are placed from
 * load-address; rx_tx-info resolves to the regions its phandles name. */
static void test_std_manifest_valid(void **state)
{
	size_t size;
	const void *blob = mf_std_partition(NULL, 0, &size);
	const struct spmc_mf_region *heap;

	(void)state;
	assert_int_equal(mf_parse(blob, size, 0), 0);
	assert_int_equal(mf_diags.errors + mf_diags.notes, 0);
	heap = MEM(&mf_part, "heap");
	assert_true(heap->relative && heap->has_base);
	assert_int_equal(heap->base, 0x10200000);
	assert_int_equal(mf_part.rx_region, 0);
	assert_int_equal(mf_part.tx_region, 1);

	blob = mf_std_partition_v11(NULL, 0, &size);
	assert_int_equal(mf_parse(blob, size, 0), 0);
	assert_int_equal(mf_part.service_count, 2);
	assert_uuid(mf_part.services[0].uuid, CACTUS_UUID);
	assert_int_equal(mf_part.services[0].messaging, 0x201);
	assert_int_equal(mf_part.messaging, 0x203);
	assert_int_equal(mf_part.ns_int_action, SPMC_MF_NS_SIGNALED);
	assert_int_equal(mf_part.boot_order, 0xffff);
}

/* ---- errors: the blob ---- */

/* A corrupt or truncated DTB is refused by fdt_check_full before anything is
 * read: the diagnostic names the root and no property. */
static void test_err_not_a_dtb(void **state)
{
	static const uint8_t junk[64] = {1, 2, 3};
	uint8_t hdr[40];
	size_t size;
	const void *blob = mf_std_partition(NULL, 0, &size);

	(void)state;
	assert_int_equal(mf_parse(junk, sizeof(junk), 0), FFA_RET_INVALID_PARAMETERS);
	EXPECT_ERROR("/", "");
	assert_int_equal(mf_parse(NULL, 0, 0), FFA_RET_INVALID_PARAMETERS);
	EXPECT_ERROR("/", "");
	assert_int_equal(mf_parse(blob, size - 1, 0), FFA_RET_INVALID_PARAMETERS);
	EXPECT_ERROR("/", "");
	/* A header whose sizes point outside the buffer. */
	memcpy(hdr, blob, sizeof(hdr));
	assert_int_equal(mf_parse(hdr, sizeof(hdr), 0), FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(spmc_mf_kind(hdr, sizeof(hdr)), SPMC_MF_KIND_INVALID);
}

/* Never hang: a property length that wraps libfdt 1.6.1's int offset
 * arithmetic back onto the property (len = -12) made fdt_check_full loop
 * forever (found by fuzz_manifest); the structure block is walked with checked
 * arithmetic first. Every length near 2^32 is refused, whichever property. */
static void test_err_property_length_wraps(void **state)
{
	size_t size;
	const uint8_t *blob = mf_std_partition(NULL, 0, &size);
	uint8_t *copy = malloc(size);
	uint32_t off = fdt_off_dt_struct(blob), n = 0;

	(void)state;
	for (uint32_t at = off; at + 12 <= off + fdt_size_dt_struct(blob); at += 4) {
		if (fdt32_ld((const fdt32_t *)(blob + at)) != FDT_PROP)
			continue;
		for (uint32_t k = 1; k <= 16; k++) {
			fdt32_t bad = cpu_to_fdt32(0u - 4 * k);

			memcpy(copy, blob, size);
			memcpy(copy + at + 4, &bad, 4);
			if (mf_parse(copy, size, 0) == 0)
				continue; /* "at" was inside a value, not a property tag */
			assert_int_equal(spmc_mf_fdt_check(copy, size), -FDT_ERR_BADSTRUCTURE);
			n++;
			parse_any(copy, size);
		}
	}
	assert_true(n > 100);
	assert_int_equal(spmc_mf_fdt_check(blob, size), 0);
	free(copy);
}

/* Binding: compatible must be "arm,ffa-manifest-X.Y"; only 1.0 and 1.1 are
 * known; an SPMC manifest is not a partition manifest. */
static void test_err_compatible(void **state)
{
	(void)state;
	INVALID(OVR_STR("/", "compatible", "arm,something-else"));
	EXPECT_ERROR("/", "compatible");
	INVALID(OVR_STR("/", "compatible", "arm,ffa-manifest-2.0"));
	EXPECT_ERROR("/", "compatible");
	INVALID(OVR_STR("/", "compatible", "arm,ffa-core-manifest-1.0"));
	EXPECT_ERROR("/", "compatible");
	INVALID(OVR_DEL("/", "compatible"));
	EXPECT_ERROR("/", "compatible");
	INVALID(OVR_RAW("/", "compatible", "arm,ffa-manifest-1.0", 20)); /* no NUL */
	EXPECT_ERROR("/", "compatible");
}

/* Binding [mandatory]: ffa-version, uuid, execution-ctx-count,
 * exception-level, execution-state, messaging-method (v1.0 at the root). */
static void test_err_mandatory_missing(void **state)
{
	static const char *const props[] = {"ffa-version", "uuid", "execution-ctx-count",
					    "exception-level", "execution-state",
					    "messaging-method"};

	(void)state;
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(props); i++) {
		INVALID(OVR_DEL("/", props[i]));
		EXPECT_ERROR("/", props[i]);
	}
}

/* Binding value types: <u32>, <u64>, <string>, <empty>, 4-cell UUID tuples. */
static void test_err_types_and_lengths(void **state)
{
	static const uint8_t two[2] = {0, 2}, twelve[12] = {0};

	(void)state;
	INVALID(OVR_RAW("/", "exception-level", two, 2));
	EXPECT_ERROR("/", "exception-level");
	INVALID(OVR_RAW("/", "uuid", twelve, 12));
	EXPECT_ERROR("/", "uuid");
	INVALID(OVR_STR("/", "ffa-version", "1.2"));
	EXPECT_ERROR("/", "ffa-version");
	INVALID(OVR_RAW("/", "description", "abc", 3));
	EXPECT_ERROR("/", "description");
	INVALID(OVR_U32("/", "notification-support", 1));
	EXPECT_ERROR("/", "notification-support");
	INVALID(OVR_CELLS("/", "load-address", 3, 0, 0, 0x1000));
	EXPECT_ERROR("/", "load-address");
	INVALID(OVR_CELLS("/", "execution-ctx-count", 2, 1, 0)); /* 0x100000000 */
	EXPECT_ERROR("/", "execution-ctx-count");
}

/* Binding value ranges: exception-level 0..2, execution-state 0..1,
 * xlat-granule 0..2, ns-interrupts-action 0..2, boot-order <= 0xffff; Hafnium:
 * gp-register-num x0..x3, vm-availability-messages bits 0..1; the binding's
 * power-management-messages bits (0..2, and Hafnium's CPU_ON bit 3). */
static void test_err_out_of_range(void **state)
{
	static const struct {
		const char *prop;
		uint32_t bad;
	} cases[] = {
		{"exception-level", 3},	     {"execution-state", 2},
		{"xlat-granule", 3},	     {"ns-interrupts-action", 3},
		{"boot-order", 0x10000},     {"gp-register-num", 4},
		{"execution-ctx-count", 0},  {"vm-availability-messages", 4},
		{"power-management-messages", 0x10}, {"id", 0x10000},
		{"other-s-interrupts-action", 2}, {"abort-action", 4},
		{"sri-interrupts-policy", 4},
	};

	(void)state;
	for (size_t i = 0; i < SPMC_ARRAY_SIZE(cases); i++) {
		INVALID(OVR_U32("/", cases[i].prop, cases[i].bad));
		EXPECT_ERROR("/", cases[i].prop);
	}
}

/* Binding: ffa-version is major [30:16] / minor [15:0]; only FF-A 1.x. */
static void test_err_ffa_version(void **state)
{
	(void)state;
	INVALID(OVR_U32("/", "ffa-version", 0x20000));
	EXPECT_ERROR("/", "ffa-version");
	INVALID(OVR_U32("/", "ffa-version", 0x80010002));
	EXPECT_ERROR("/", "ffa-version");
}

/* Binding messaging-method bits 0, 1, 2, 9, 10; Hafnium: non-zero, and the
 * REQ2 bits only for FF-A 1.2 or later. */
static void test_err_messaging_method(void **state)
{
	(void)state;
	INVALID(OVR_U32("/", "messaging-method", 0x8));
	EXPECT_ERROR("/", "messaging-method");
	INVALID(OVR_U32("/", "messaging-method", 0));
	EXPECT_ERROR("/", "messaging-method");
	INVALID(OVR_U32("/", "messaging-method", 0x201), OVR_U32("/", "ffa-version", 0x10001));
	EXPECT_ERROR("/", "messaging-method");
	/* One value, or one per UUID: two values for one UUID is neither. */
	INVALID(OVR_CELLS("/", "messaging-method", 2, 3, 3));
	EXPECT_ERROR("/", "messaging-method");
}

/* Binding v1.0: several UUIDs, one messaging method each (or one for all);
 * Hafnium: the nil UUID is refused, and a UUID listed twice is one service. */
static void test_v10_uuid_list(void **state)
{
	size_t size;
	const struct mf_ovr two[] = {
		OVR_CELLS("/", "uuid", 8, STD_UUID0, 5, 6, 7, 8),
		OVR_CELLS("/", "messaging-method", 2, 1, 0x2),
	};
	const void *blob = mf_std_partition(two, 2, &size);

	(void)state;
	assert_int_equal(mf_parse(blob, size, 0), 0);
	assert_int_equal(mf_part.service_count, 2);
	assert_uuid(mf_part.services[1].uuid, 5, 6, 7, 8);
	assert_int_equal(mf_part.services[1].messaging, 2);
	assert_int_equal(mf_part.messaging, 3);
	INVALID(OVR_CELLS("/", "uuid", 4, 0, 0, 0, 0));
	EXPECT_ERROR("/", "uuid");
	INVALID(OVR_CELLS("/", "uuid", 8, STD_UUID0, STD_UUID0));
	EXPECT_ERROR("/", "uuid");
}

/* Hafnium: an S-EL0 partition has one execution context; managed exit is
 * only for S-EL1 partitions; managed-exit and ns-interrupts-action must agree;
 * other-s-interrupts-action queued needs NS interrupts queued. */
static void test_err_cross_property_rules(void **state)
{
	(void)state;
	INVALID(OVR_U32("/", "exception-level", 1), OVR_U32("/", "execution-ctx-count", 2));
	EXPECT_ERROR("/", "execution-ctx-count");
	INVALID(OVR_U32("/", "exception-level", 1), OVR_U32("/", "ns-interrupts-action", 1));
	EXPECT_ERROR("/", "ns-interrupts-action");
	INVALID(OVR_EMPTY("/", "managed-exit"));
	EXPECT_ERROR("/", "ns-interrupts-action");
	INVALID(OVR_U32("/", "other-s-interrupts-action", 0));
	EXPECT_ERROR("/", "other-s-interrupts-action");
	INVALID(OVR_EMPTY("/", "has-primary-scheduler"));
	EXPECT_ERROR("/", "has-primary-scheduler");
}

/* Binding: unknown properties are ignored; the parse notes them and succeeds. */
static void test_unknown_property_is_a_note(void **state)
{
	size_t size;
	const struct mf_ovr o[] = {OVR_U32("/", "frobnicate", 1),
				   OVR_U32("/memory-regions/rx", "colour", 2)};
	const void *blob = mf_std_partition(o, 2, &size);

	(void)state;
	assert_int_equal(mf_parse(blob, size, 0), 0);
	EXPECT_NOTE("/", "frobnicate");
	EXPECT_NOTE("/memory-regions/rx", "colour");
	assert_int_equal(mf_diags.errors, 0);
	assert_int_equal(mf_diags.notes, 2);
}

/* A property given twice is not a value to pick from. */
static void test_err_duplicate_property(void **state)
{
	size_t size;
	const void *blob;

	(void)state;
	b_start(NULL, 0);
	b_node("");
	b_str("compatible", "arm,ffa-manifest-1.0");
	b_u32("ffa-version", 0x10002);
	b_cells("uuid", 4, (const uint32_t[]){STD_UUID0});
	b_u32("execution-ctx-count", 1);
	b_u32("exception-level", 2);
	b_u32("exception-level", 1);
	b_u32("execution-state", 0);
	b_u32("messaging-method", 1);
	b_end();
	blob = b_finish(&size);
	assert_int_equal(mf_parse(blob, size, 0), FFA_RET_INVALID_PARAMETERS);
	EXPECT_ERROR("/", "exception-level");
}

/* ---- errors: regions ---- */

/* Binding memory regions: pages-count and attributes mandatory; base-address
 * or load-address-relative-offset, not both, granule-aligned; pages-count at
 * least 1 (Hafnium); attribute bits R W X NS only; Hafnium: memory R, RW or RX,
 * device R or RW. */
static void test_err_memory_regions(void **state)
{
	(void)state;
	INVALID(OVR_U32("/memory-regions/rx", "pages-count", 0));
	EXPECT_ERROR("/memory-regions/rx", "pages-count");
	INVALID(OVR_DEL("/memory-regions/rx", "pages-count"));
	EXPECT_ERROR("/memory-regions/rx", "pages-count");
	INVALID(OVR_DEL("/memory-regions/tx", "attributes"));
	EXPECT_ERROR("/memory-regions/tx", "attributes");
	INVALID(OVR_U32("/memory-regions/tx", "attributes", 0x13));
	EXPECT_ERROR("/memory-regions/tx", "attributes");
	INVALID(OVR_U32("/memory-regions/tx", "attributes", 0x2)); /* write-only */
	EXPECT_ERROR("/memory-regions/tx", "attributes");
	INVALID(OVR_U32("/memory-regions/tx", "attributes", 0x7)); /* W and X */
	EXPECT_ERROR("/memory-regions/tx", "attributes");
	INVALID(OVR_CELLS("/memory-regions/tx", "base-address", 2, 0, 0x10101800));
	EXPECT_ERROR("/memory-regions/tx", "base-address");
	INVALID(OVR_U32("/memory-regions/tx", "load-address-relative-offset", 0x3000));
	EXPECT_ERROR("/memory-regions/tx", "base-address");
	INVALID(OVR_U32("/memory-regions/heap", "load-address-relative-offset", 0x800));
	EXPECT_ERROR("/memory-regions/heap", "load-address-relative-offset");
	INVALID(OVR_CELLS("/memory-regions/tx", "base-address", 2, 0xffffffff, 0xfffff000),
		OVR_U32("/memory-regions/tx", "pages-count", 2));
	EXPECT_ERROR("/memory-regions/tx", "pages-count");
	INVALID(OVR_STR("/memory-regions", "compatible", "arm,ffa-manifest-device-regions"));
	EXPECT_ERROR("/memory-regions", "compatible");
	/* Hafnium: stream IDs need an SMMU, and a device region declaring them. */
	INVALID(OVR_U32("/memory-regions/tx", "stream-ids", 1));
	EXPECT_ERROR("/memory-regions/tx", "stream-ids");
	INVALID(OVR_U32("/memory-regions/tx", "stream-ids", 1),
		OVR_U32("/memory-regions/tx", "smmu-id", 0));
	EXPECT_ERROR("/memory-regions/tx", "stream-ids");
}

/* A memory region without any address is valid (binding: the partition
 * manager chooses one); relative to an unknown load address its base is open. */
static void test_region_without_address(void **state)
{
	size_t size;
	const struct mf_ovr o[] = {OVR_DEL("/", "load-address")};
	const void *blob = mf_std_partition(o, 1, &size);
	const struct spmc_mf_region *heap;

	(void)state;
	assert_int_equal(mf_parse(blob, size, 0), 0);
	heap = MEM(&mf_part, "heap");
	assert_true(heap->relative);
	assert_false(heap->has_base);
	assert_int_equal(heap->offset, 0x200000);
}

/* Binding device regions: base-address mandatory; interrupts are (id,
 * attributes) pairs, attributes priority [7:0], security 8, config 9, type
 * [11:10] (SGI 0, PPI 1, SPI 2); interrupts-target names listed interrupts. */
static void test_err_device_regions(void **state)
{
	(void)state;
	INVALID(OVR_DEL("/device-regions/uart", "base-address"));
	EXPECT_ERROR("/device-regions/uart", "base-address");
	INVALID(OVR_U32("/device-regions/uart", "attributes", 0x5)); /* executable device */
	EXPECT_ERROR("/device-regions/uart", "attributes");
	INVALID(OVR_CELLS("/device-regions/uart", "interrupts", 3, 32, 0x900, 33));
	EXPECT_ERROR("/device-regions/uart", "interrupts");
	INVALID(OVR_CELLS("/device-regions/uart", "interrupts", 2, 32, 0xd00));
	EXPECT_ERROR("/device-regions/uart", "interrupts");
	INVALID(OVR_CELLS("/device-regions/uart", "interrupts", 2, 32, 0x1900));
	EXPECT_ERROR("/device-regions/uart", "interrupts");
	INVALID(OVR_CELLS("/device-regions/uart", "interrupts", 4, 32, 0x900, 32, 0x900));
	EXPECT_ERROR("/device-regions/uart", "interrupts");
	INVALID(OVR_CELLS("/device-regions/uart", "interrupts-target", 3, 33, 0, 0x100));
	EXPECT_ERROR("/device-regions/uart", "interrupts-target");
	INVALID(OVR_U32("/device-regions/uart", "exclusive-access", 1));
	EXPECT_ERROR("/device-regions/uart", "exclusive-access");
	INVALID(OVR_STR("/device-regions", "compatible", "arm,ffa-manifest-memory-regions"));
	EXPECT_ERROR("/device-regions", "compatible");
}

/* interrupts-target routes a listed interrupt to an MPIDR. */
static void test_interrupt_target(void **state)
{
	size_t size;
	const struct mf_ovr o[] = {
		OVR_CELLS("/device-regions/uart", "interrupts-target", 3, 32, 0x1, 0x100),
		OVR_EMPTY("/device-regions/uart", "exclusive-access"),
	};
	const void *blob = mf_std_partition(o, 2, &size);
	const struct spmc_mf_region *r;

	(void)state;
	assert_int_equal(mf_parse(blob, size, 0), 0);
	r = DEV(&mf_part, "uart");
	assert_true(r->irqs[0].has_target);
	assert_int_equal(r->irqs[0].mpidr, 0x100000100ull);
	assert_true(r->exclusive_access);
}

/* Hafnium rx_tx-info: compatible "arm,ffa-manifest-rx_tx-buffer", rx-buffer and
 * tx-buffer phandles of memory-regions children of the same size. */
static void test_err_rxtx(void **state)
{
	(void)state;
	INVALID(OVR_U32("/rx_tx-info", "rx-buffer", 9));
	EXPECT_ERROR("/rx_tx-info", "rx-buffer");
	INVALID(OVR_DEL("/rx_tx-info", "tx-buffer"));
	EXPECT_ERROR("/rx_tx-info", "tx-buffer");
	INVALID(OVR_U32("/memory-regions/tx", "pages-count", 2));
	EXPECT_ERROR("/rx_tx-info", "tx-buffer");
	INVALID(OVR_U32("/rx_tx-info", "tx-buffer", 1));
	EXPECT_ERROR("/rx_tx-info", "tx-buffer");
	INVALID(OVR_STR("/rx_tx-info", "compatible", "arm,rx-tx"));
	EXPECT_ERROR("/rx_tx-info", "compatible");
	INVALID(OVR_STR("/boot-info", "compatible", "arm,boot"));
	EXPECT_ERROR("/boot-info", "compatible");
}

/* Binding 1.1: a "services" node (compatible "arm,ffa-manifest-services")
 * with at least one child: uuid a canonical string, messaging-method. */
static void test_err_services_v11(void **state)
{
	(void)state;
	INVALID_V11(OVR_NODE_DEL("/services"));
	EXPECT_ERROR("/", "");
	INVALID_V11(OVR_STR("/services/s1", "uuid", "a609f132-0000-6b4f-0000-4c140000948"));
	EXPECT_ERROR("/services/s1", "uuid");
	INVALID_V11(OVR_STR("/services/s1", "uuid", "a609f132+0000-6b4f-0000-4c1400009489"));
	EXPECT_ERROR("/services/s1", "uuid");
	INVALID_V11(OVR_STR("/services/s1", "uuid", "00000000-0000-0000-0000-000000000000"));
	EXPECT_ERROR("/services/s1", "uuid");
	INVALID_V11(OVR_STR("/services/s1", "uuid", "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb"));
	EXPECT_ERROR("/", "uuid");
	INVALID_V11(OVR_DEL("/services/s0", "messaging-method"));
	EXPECT_ERROR("/services/s0", "messaging-method");
	INVALID_V11(OVR_U32("/services/s0", "messaging-method", 0x100));
	EXPECT_ERROR("/services/s0", "messaging-method");
	INVALID_V11(OVR_STR("/services", "compatible", "arm,services"));
	EXPECT_ERROR("/services", "compatible");
	INVALID_V11(OVR_NODE_DEL("/services/s0"), OVR_NODE_DEL("/services/s1"));
	EXPECT_ERROR("/services", "");
}

/* UUID strings: upper-case hex is hex; cells in a v1.1 service are taken with a
 * note. */
static void test_v11_uuid_forms(void **state)
{
	size_t size;
	const struct mf_ovr o[] = {
		OVR_STR("/services/s0", "uuid", "B4B5671E-4A90-4FE1-B81F-FB13DAE1DACB"),
		OVR_CELLS("/services/s1", "uuid", 4, 1, 2, 3, 4),
	};
	const void *blob = mf_std_partition_v11(o, 2, &size);

	(void)state;
	assert_int_equal(mf_parse(blob, size, 0), 0);
	assert_uuid(mf_part.services[0].uuid, CACTUS_UUID);
	assert_uuid(mf_part.services[1].uuid, 1, 2, 3, 4);
	EXPECT_NOTE("/services/s1", "uuid");
}

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

static void parse_any(const void *blob, size_t size)
{
	static uint64_t mem[1 << 14];
	struct spmc_mf_arena a = {mem, sizeof(mem), 0};
	int rc = spmc_mf_parse_partition(blob, size, 0, &a, &mf_part, mf_log_reset());

	assert_true(rc == 0 || rc == FFA_RET_INVALID_PARAMETERS || rc == FFA_RET_NO_MEMORY);
	assert_true(a.used <= a.size);
	if (rc != 0)
		assert_true(mf_diags.errors > 0 && a.used == 0);
	a.used = 0;
	rc = spmc_mf_parse_spmc(blob, size, &a, &mf_spmc, mf_log_reset());
	assert_true(rc == 0 || rc == FFA_RET_INVALID_PARAMETERS || rc == FFA_RET_NO_MEMORY);
	(void)spmc_mf_kind(blob, size);
}

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
			parse_any(cut, n);
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
			parse_any(copy, size);
		}
	}
	free(copy);
	free(blob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_teardown(fn, rw_teardown)
		T(test_rw_acs_sp1),
		T(test_rw_acs_sp1_el0),
		T(test_rw_acs_sp2),
		T(test_rw_acs_sp3),
		T(test_rw_acs_sp4),
		T(test_rw_acs_v11_sp1),
		T(test_rw_cactus),
		T(test_rw_cactus2),
		T(test_rw_cactus3),
		T(test_rw_hf_el0_sp_second),
		T(test_rw_hf_sp_second_hafnium_uuid_order),
		T(test_rw_ivy),
		T(test_rw_optee_tc_sp),
		T(test_rw_tfa_fvp_cactus_sp),
		T(test_rw_all_files_parse),
		T(test_std_manifest_valid),
		T(test_err_not_a_dtb),
		T(test_err_property_length_wraps),
		T(test_err_compatible),
		T(test_err_mandatory_missing),
		T(test_err_types_and_lengths),
		T(test_err_out_of_range),
		T(test_err_ffa_version),
		T(test_err_messaging_method),
		T(test_v10_uuid_list),
		T(test_err_cross_property_rules),
		T(test_unknown_property_is_a_note),
		T(test_err_duplicate_property),
		T(test_err_memory_regions),
		T(test_region_without_address),
		T(test_err_device_regions),
		T(test_interrupt_target),
		T(test_err_rxtx),
		T(test_err_services_v11),
		T(test_v11_uuid_forms),
		T(test_arena_sizes),
		T(test_truncated_real_world),
		T(test_corrupted_real_world),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
