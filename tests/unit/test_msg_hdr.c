/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The indirect message header (DEN0077 v1.1 table "Indirect message header",
 * v1.2 adds the service UUID): layouts by version, and every rule a header
 * must meet before FFA_MSG_SEND2 may act on it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <ffa/ffa.h>

#include "msg/msg_hdr.h"

static uint8_t buf[4096];

static struct spmc_msg_hdr hdr(uint32_t offset, uint32_t size)
{
	struct spmc_msg_hdr h = {.offset = offset, .sender = 0x8001, .receiver = 0x8002,
				 .size = size};

	return h;
}

static void put(const struct spmc_msg_hdr *h, uint32_t version)
{
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(spmc_msg_hdr_encode(h, version, buf, sizeof(buf)), 0);
}

static void expect_invalid(size_t len, uint32_t version, enum spmc_msg_why want)
{
	struct spmc_msg_hdr out;
	enum spmc_msg_why why = SPMC_MSG_OK;

	memset(&out, 0x5a, sizeof(out));
	assert_int_equal(spmc_msg_hdr_parse(buf, len, version, &out, &why),
			 FFA_RET_INVALID_PARAMETERS);
	assert_int_equal(why, want);
	assert_int_equal(out.sender | out.receiver | out.offset | out.size, 0);
}

/* DEN0077 v1.1: a 20-byte header; flags @0, payload offset @8, receiver @12,
 * sender @14, size @16, in that byte order. */
static void test_v1_1_layout(void **state)
{
	struct spmc_msg_hdr h = hdr(SPMC_MSG_HDR_SIZE_V1_1, 100), out;

	(void)state;
	assert_int_equal(spmc_msg_hdr_size(FFA_VERSION_1_1), 20);
	put(&h, FFA_VERSION_1_1);
	assert_int_equal(buf[8], 20);
	assert_int_equal(buf[12] | buf[13] << 8, 0x8002);
	assert_int_equal(buf[14] | buf[15] << 8, 0x8001);
	assert_int_equal(buf[16], 100);
	assert_int_equal(buf[20], 0xa5); /* nothing written past the header */
	assert_int_equal(spmc_msg_hdr_parse(buf, sizeof(buf), FFA_VERSION_1_1, &out, NULL), 0);
	assert_int_equal(out.sender, 0x8001);
	assert_int_equal(out.receiver, 0x8002);
	assert_int_equal(out.offset, 20);
	assert_int_equal(out.size, 100);
}

/* DEN0077 v1.2: 40 bytes, the service UUID @24; reserved words written as 0. */
static void test_v1_2_layout_with_uuid(void **state)
{
	struct spmc_msg_hdr h = hdr(48, 8), out;

	(void)state;
	h.uuid[0] = 0x11223344;
	h.uuid[3] = 0xdeadbeef;
	assert_int_equal(spmc_msg_hdr_size(FFA_VERSION_1_2), 40);
	put(&h, FFA_VERSION_1_2);
	assert_int_equal(buf[4] | buf[20], 0);
	assert_int_equal(buf[24], 0x44);
	assert_int_equal(buf[39], 0xde);
	assert_int_equal(spmc_msg_hdr_parse(buf, sizeof(buf), FFA_VERSION_1_2, &out, NULL), 0);
	assert_memory_equal(out.uuid, h.uuid, sizeof(h.uuid));
	/* A v1.1 reader of the same bytes sees no UUID. */
	assert_int_equal(spmc_msg_hdr_parse(buf, sizeof(buf), FFA_VERSION_1_1, &out, NULL), 0);
	assert_int_equal(out.uuid[0] | out.uuid[3], 0);
}

/* DEN0077: indirect messages exist from v1.1; a v1.0 caller (FFA_MSG_SEND)
 * and unknown majors have no such header: NOT_SUPPORTED. */
static void test_versions_without_header(void **state)
{
	struct spmc_msg_hdr h = hdr(40, 0), out;
	enum spmc_msg_why why;

	static const uint32_t versions[] = {FFA_VERSION_1_0, FFA_VERSION_MAKE(2, 0), 0};

	(void)state;
	put(&h, FFA_VERSION_1_2);
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		uint32_t v = versions[i];

		assert_int_equal(spmc_msg_hdr_size(v), 0);
		assert_int_equal(spmc_msg_hdr_parse(buf, sizeof(buf), v, &out, &why),
				 FFA_RET_NOT_SUPPORTED);
		assert_int_equal(why, SPMC_MSG_BAD_VERSION);
		assert_int_equal(spmc_msg_hdr_encode(&h, v, buf, sizeof(buf)),
				 FFA_RET_INVALID_PARAMETERS);
	}
}

/* Every rule: a buffer shorter than the header, a flag set, a payload that
 * starts inside the header, one that runs past the buffer (including 32-bit
 * wrap-around of offset + size), and a message to oneself. */
static void test_rules(void **state)
{
	struct spmc_msg_hdr h;

	(void)state;
	h = hdr(20, 4);
	put(&h, FFA_VERSION_1_1);
	expect_invalid(19, FFA_VERSION_1_1, SPMC_MSG_SHORT);
	expect_invalid(39, FFA_VERSION_1_2, SPMC_MSG_SHORT);
	h.flags = 1u << 31;
	put(&h, FFA_VERSION_1_1);
	expect_invalid(sizeof(buf), FFA_VERSION_1_1, SPMC_MSG_FLAGS);
	h = hdr(19, 4);
	put(&h, FFA_VERSION_1_1);
	expect_invalid(sizeof(buf), FFA_VERSION_1_1, SPMC_MSG_OFFSET);
	h = hdr(20, 4);
	put(&h, FFA_VERSION_1_2); /* a v1.2 reader wants 40 bytes of header */
	expect_invalid(sizeof(buf), FFA_VERSION_1_2, SPMC_MSG_OFFSET);
	h = hdr(20, sizeof(buf) - 19);
	put(&h, FFA_VERSION_1_1);
	expect_invalid(sizeof(buf), FFA_VERSION_1_1, SPMC_MSG_BOUNDS);
	h = hdr(sizeof(buf) + 1, 0);
	put(&h, FFA_VERSION_1_1);
	expect_invalid(sizeof(buf), FFA_VERSION_1_1, SPMC_MSG_BOUNDS);
	h = hdr(0xfffffff0u, 0x20);
	put(&h, FFA_VERSION_1_1);
	expect_invalid(sizeof(buf), FFA_VERSION_1_1, SPMC_MSG_BOUNDS);
	h = hdr(20, 4);
	h.receiver = h.sender;
	put(&h, FFA_VERSION_1_1);
	expect_invalid(sizeof(buf), FFA_VERSION_1_1, SPMC_MSG_SAME_ENDPOINT);
	assert_string_equal(spmc_msg_why_name(SPMC_MSG_BOUNDS), "payload runs past the buffer");
	assert_string_equal(spmc_msg_why_name(SPMC_MSG_WHY_COUNT), "?");
}

/* The edges that are fine: a payload ending exactly at the buffer's end, an
 * empty payload right after the header, reserved words not zero (SBZ: ignored). */
static void test_edges_accepted(void **state)
{
	struct spmc_msg_hdr h = hdr(20, sizeof(buf) - 20), out;

	(void)state;
	put(&h, FFA_VERSION_1_1);
	assert_int_equal(spmc_msg_hdr_parse(buf, sizeof(buf), FFA_VERSION_1_1, &out, NULL), 0);
	h = hdr(40, 0);
	put(&h, FFA_VERSION_1_2);
	buf[4] = 1;
	buf[20] = 1;
	assert_int_equal(spmc_msg_hdr_parse(buf, 40, FFA_VERSION_1_2, &out, NULL), 0);
	assert_int_equal(out.size, 0);
	/* A buffer too small to encode into. */
	assert_int_equal(spmc_msg_hdr_encode(&h, FFA_VERSION_1_2, buf, 39),
			 FFA_RET_INVALID_PARAMETERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v1_1_layout),
		cmocka_unit_test(test_v1_2_layout_with_uuid),
		cmocka_unit_test(test_versions_without_header),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_edges_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
