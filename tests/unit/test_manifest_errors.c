/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition manifests: the builder's standard manifest is valid, and every
 * class of error in it is reported with its node path and property and fails
 * the parse cleanly.
 *
 * Rules: TF-A docs/components/ffa-manifest-binding.rst ("binding") and the
 * checks Hafnium's src/manifest.c applies when it loads a partition.
 */
#include "mf_fixture.h"

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
			mf_parse_any(copy, size);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_std_manifest_valid),
		cmocka_unit_test(test_err_not_a_dtb),
		cmocka_unit_test(test_err_property_length_wraps),
		cmocka_unit_test(test_err_compatible),
		cmocka_unit_test(test_err_mandatory_missing),
		cmocka_unit_test(test_err_types_and_lengths),
		cmocka_unit_test(test_err_out_of_range),
		cmocka_unit_test(test_err_ffa_version),
		cmocka_unit_test(test_err_messaging_method),
		cmocka_unit_test(test_v10_uuid_list),
		cmocka_unit_test(test_err_cross_property_rules),
		cmocka_unit_test(test_unknown_property_is_a_note),
		cmocka_unit_test(test_err_duplicate_property),
		cmocka_unit_test(test_err_memory_regions),
		cmocka_unit_test(test_region_without_address),
		cmocka_unit_test(test_err_device_regions),
		cmocka_unit_test(test_interrupt_target),
		cmocka_unit_test(test_err_rxtx),
		cmocka_unit_test(test_err_services_v11),
		cmocka_unit_test(test_v11_uuid_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
