/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition manifests: every real-world manifest other projects ship parses,
 * with the values its source says.
 *
 * Rules: TF-A docs/components/ffa-manifest-binding.rst ("binding") and the
 * checks Hafnium's src/manifest.c applies when it loads a partition.
 */
#include "mf_fixture.h"

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
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
