/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture for the manifest tests: reading the real-world manifests from
 * SHARED_DIR, a diagnostics log, an arena, and a builder that writes test DTBs
 * with libfdt's sequential-write API (no dtc at test time). The builder writes
 * a standard valid manifest; a test changes it with overrides: a property
 * replaced, removed or added, a node removed. Header-only: each
 * tests/unit/test_*.c is its own binary.
 */
#ifndef TESTS_UNIT_MF_FIXTURE_H
#define TESTS_UNIT_MF_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <ffa/ffa.h>

#include "manifest/manifest.h"
#include "util.h"

#define RW_DIR SHARED_DIR "/manifests/real-world/"

/* ---- files ---- */

static inline uint8_t *mf_read(const char *name, size_t *size)
{
	char path[512];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "%s%s", RW_DIR, name);
	f = fopen(path, "rb");
	if (!f) {
		print_error("cannot open %s\n", path);
		fail();
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	assert_true(n > 0);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* ---- diagnostics log ---- */

struct mf_logged {
	int sev;
	char path[300];
	char prop[64];
	char msg[200];
	bool has_value;
	uint64_t value;
	int part, other;
	char other_path[300];
};

#define MF_LOG_MAX 512
static struct mf_logged mf_log[MF_LOG_MAX];
static int mf_nlog;

static inline void mf_log_copy(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s ? s : "");
}

/* Every diagnostic has a path (starting at the root), a property string and a
 * message: checked for each one as it arrives. */
static inline void mf_log_report(void *ctx, const struct spmc_mf_diag *d)
{
	struct mf_logged *l;

	(void)ctx;
	assert_non_null(d->path);
	assert_int_equal(d->path[0], '/');
	assert_non_null(d->prop);
	assert_non_null(d->msg);
	assert_true(d->msg[0] != '\0');
	if (mf_nlog >= MF_LOG_MAX)
		return;
	l = &mf_log[mf_nlog++];
	l->sev = d->severity;
	mf_log_copy(l->path, sizeof(l->path), d->path);
	mf_log_copy(l->prop, sizeof(l->prop), d->prop);
	mf_log_copy(l->msg, sizeof(l->msg), d->msg);
	l->has_value = d->has_value;
	l->value = d->value;
	l->part = d->part;
	l->other = d->other;
	mf_log_copy(l->other_path, sizeof(l->other_path), d->other_path);
}

static struct spmc_mf_diags mf_diags;

static inline struct spmc_mf_diags *mf_log_reset(void)
{
	mf_nlog = 0;
	memset(&mf_diags, 0, sizeof(mf_diags));
	mf_diags.report = mf_log_report;
	return &mf_diags;
}

static inline void mf_log_print(void)
{
	for (int i = 0; i < mf_nlog; i++)
		print_error("  %s %s: %s: %s%s\n", mf_log[i].sev == SPMC_MF_ERROR ? "error" : "note",
			    mf_log[i].path, mf_log[i].prop, mf_log[i].msg,
			    mf_log[i].has_value ? " (value)" : "");
}

/* The logged diagnostic of severity sev at path/prop, or NULL. */
static inline const struct mf_logged *mf_log_find(int sev, const char *path, const char *prop)
{
	for (int i = 0; i < mf_nlog; i++)
		if (mf_log[i].sev == sev && strcmp(mf_log[i].path, path) == 0 &&
		    strcmp(mf_log[i].prop, prop) == 0)
			return &mf_log[i];
	return NULL;
}

static inline const struct mf_logged *mf_expect(int sev, const char *path, const char *prop,
						const char *file, int line)
{
	const struct mf_logged *l = mf_log_find(sev, path, prop);

	if (!l) {
		print_error("expected %s at %s property \"%s\"; got:\n",
			    sev == SPMC_MF_ERROR ? "an error" : "a note", path, prop);
		mf_log_print();
		_fail(file, line);
	}
	return l;
}
#define EXPECT_ERROR(path, prop) mf_expect(SPMC_MF_ERROR, (path), (prop), __FILE__, __LINE__)
#define EXPECT_NOTE(path, prop) mf_expect(SPMC_MF_NOTE, (path), (prop), __FILE__, __LINE__)

static inline int mf_count(int sev)
{
	int n = 0;

	for (int i = 0; i < mf_nlog; i++)
		n += mf_log[i].sev == sev;
	return n;
}

/* ---- arena ---- */

#define MF_ARENA_SIZE (1u << 20)
static uint64_t mf_arena_mem[MF_ARENA_SIZE / 8];
static struct spmc_mf_arena mf_arena;

static inline struct spmc_mf_arena *mf_arena_reset(void)
{
	mf_arena.base = mf_arena_mem;
	mf_arena.size = sizeof(mf_arena_mem);
	mf_arena.used = 0;
	return &mf_arena;
}

/* ---- the builder ---- */

/* One change to the standard manifest: at node `node` (a path), property
 * `name` is replaced by `len` bytes of `val` (added if the standard manifest
 * has no such property), or removed (len < 0). name NULL with len < 0 removes
 * the whole node. */
struct mf_ovr {
	const char *node;
	const char *name;
	int len;
	uint8_t val[64];
};

#define OVR_DEL(n, p) ((struct mf_ovr){(n), (p), -1, {0}})
#define OVR_NODE_DEL(n) ((struct mf_ovr){(n), NULL, -1, {0}})
#define OVR_EMPTY(n, p) ((struct mf_ovr){(n), (p), 0, {0}})
static inline struct mf_ovr mf_ovr_cells(const char *node, const char *name, int n, ...)
{
	struct mf_ovr o = {node, name, 4 * n, {0}};
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		uint32_t v = va_arg(ap, uint32_t);

		o.val[4 * i] = (uint8_t)(v >> 24);
		o.val[4 * i + 1] = (uint8_t)(v >> 16);
		o.val[4 * i + 2] = (uint8_t)(v >> 8);
		o.val[4 * i + 3] = (uint8_t)v;
	}
	va_end(ap);
	return o;
}
#define OVR_U32(n, p, v) mf_ovr_cells((n), (p), 1, (uint32_t)(v))
#define OVR_CELLS(n, p, k, ...) mf_ovr_cells((n), (p), (k), __VA_ARGS__)
static inline struct mf_ovr OVR_STR(const char *node, const char *name, const char *s)
{
	struct mf_ovr o = {node, name, (int)strlen(s) + 1, {0}};

	memcpy(o.val, s, strlen(s) + 1);
	return o;
}
static inline struct mf_ovr OVR_RAW(const char *node, const char *name, const void *v, int len)
{
	struct mf_ovr o = {node, name, len, {0}};

	memcpy(o.val, v, (size_t)len);
	return o;
}

#define MF_BUILD_MAX 32
struct mf_builder {
	char buf[1 << 16];
	char path[256];
	int skip;                /* > 0 while inside a removed node */
	const struct mf_ovr *ovr;
	int novr;
	bool used[MF_BUILD_MAX];
};

static struct mf_builder mf_b;

static inline void mf_ok(int rc)
{
	if (rc < 0) {
		print_error("libfdt sequential write: %s\n", fdt_strerror(rc));
		fail();
	}
}

static inline void b_start(const struct mf_ovr *ovr, int n)
{
	assert_true(n <= MF_BUILD_MAX);
	memset(&mf_b.used, 0, sizeof(mf_b.used));
	mf_b.ovr = ovr;
	mf_b.novr = n;
	mf_b.skip = 0;
	mf_b.path[0] = '\0';
	mf_ok(fdt_create(mf_b.buf, sizeof(mf_b.buf)));
	mf_ok(fdt_finish_reservemap(mf_b.buf));
}

static inline const char *b_here(void)
{
	return mf_b.path[0] ? mf_b.path : "/";
}

/* Properties overrides add to the current node: written before its first
 * child (the structure block wants a node's properties before its children). */
static inline void b_flush(void)
{
	for (int i = 0; i < mf_b.novr; i++)
		if (!mf_b.used[i] && mf_b.ovr[i].name && mf_b.ovr[i].len >= 0 &&
		    strcmp(mf_b.ovr[i].node, b_here()) == 0) {
			mf_b.used[i] = true;
			mf_ok(fdt_property(mf_b.buf, mf_b.ovr[i].name, mf_b.ovr[i].val,
					   mf_b.ovr[i].len));
		}
}

static inline void b_node(const char *name)
{
	size_t at = strlen(mf_b.path);

	if (!mf_b.skip && name[0])
		b_flush();
	if (mf_b.skip) {
		mf_b.skip++;
		return;
	}
	if (name[0])
		snprintf(mf_b.path + at, sizeof(mf_b.path) - at, "/%s", name);
	for (int i = 0; i < mf_b.novr; i++)
		if (!mf_b.ovr[i].name && mf_b.ovr[i].len < 0 && strcmp(mf_b.ovr[i].node, b_here()) == 0) {
			mf_b.used[i] = true;
			mf_b.skip = 1;
			return;
		}
	mf_ok(fdt_begin_node(mf_b.buf, name));
}

static inline void b_prop(const char *name, const void *val, int len)
{
	if (mf_b.skip)
		return;
	for (int i = 0; i < mf_b.novr; i++)
		if (mf_b.ovr[i].name && strcmp(mf_b.ovr[i].node, b_here()) == 0 &&
		    strcmp(mf_b.ovr[i].name, name) == 0) {
			mf_b.used[i] = true;
			if (mf_b.ovr[i].len >= 0)
				mf_ok(fdt_property(mf_b.buf, name, mf_b.ovr[i].val, mf_b.ovr[i].len));
			return;
		}
	mf_ok(fdt_property(mf_b.buf, name, val, len));
}

static inline void b_end(void)
{
	char *slash;

	if (mf_b.skip) {
		if (--mf_b.skip == 0)
			goto pop;
		return;
	}
	b_flush();
	mf_ok(fdt_end_node(mf_b.buf));
pop:
	slash = strrchr(mf_b.path, '/');
	if (slash)
		*slash = '\0';
}

static inline void b_u32(const char *name, uint32_t v)
{
	fdt32_t x = cpu_to_fdt32(v);

	b_prop(name, &x, 4);
}

static inline void b_u64(const char *name, uint64_t v)
{
	fdt64_t x = cpu_to_fdt64(v);

	b_prop(name, &x, 8);
}

static inline void b_cells(const char *name, int n, const uint32_t *v)
{
	fdt32_t x[16];

	assert_true(n <= 16);
	for (int i = 0; i < n; i++)
		x[i] = cpu_to_fdt32(v[i]);
	b_prop(name, x, 4 * n);
}

static inline void b_str(const char *name, const char *s)
{
	b_prop(name, s, (int)strlen(s) + 1);
}

static inline void b_bool(const char *name)
{
	b_prop(name, NULL, 0);
}

/* Finish; every override must have found its node. Returns the blob. */
static inline const void *b_finish(size_t *size)
{
	mf_ok(fdt_finish(mf_b.buf));
	for (int i = 0; i < mf_b.novr; i++)
		if (!mf_b.used[i]) {
			print_error("override of %s %s matched nothing\n", mf_b.ovr[i].node,
				    mf_b.ovr[i].name ? mf_b.ovr[i].name : "(node)");
			fail();
		}
	*size = fdt_totalsize(mf_b.buf);
	return mf_b.buf;
}

/* The standard partition manifest: a valid v1.0 S-EL1 partition with two
 * memory regions named as RX/TX buffers, a load-relative region, a device
 * region with an interrupt, and boot information. */
#define STD_UUID0 0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u
static inline const void *mf_std_partition(const struct mf_ovr *ovr, int n, size_t *size)
{
	static const uint32_t uuid[] = {STD_UUID0};

	b_start(ovr, n);
	b_node("");
	b_str("compatible", "arm,ffa-manifest-1.0");
	b_str("description", "test-sp");
	b_cells("uuid", 4, uuid);
	b_u32("id", 0x8001);
	b_u32("ffa-version", 0x10002);
	b_u32("execution-ctx-count", 1);
	b_u32("exception-level", 2);
	b_u32("execution-state", 0);
	b_u64("load-address", 0x10000000);
	b_u64("entrypoint-offset", 0x1000);
	b_u32("xlat-granule", 0);
	b_u32("boot-order", 1);
	b_u32("messaging-method", 3);
	b_u32("ns-interrupts-action", 2);
	b_bool("notification-support");
	b_u32("gp-register-num", 0);

	b_node("memory-regions");
	b_str("compatible", "arm,ffa-manifest-memory-regions");
	b_node("rx");
	b_u64("base-address", 0x10100000);
	b_u32("pages-count", 1);
	b_u32("attributes", 1);
	b_u32("phandle", 1);
	b_end();
	b_node("tx");
	b_u64("base-address", 0x10101000);
	b_u32("pages-count", 1);
	b_u32("attributes", 3);
	b_u32("phandle", 2);
	b_end();
	b_node("heap");
	b_u64("load-address-relative-offset", 0x200000);
	b_u32("pages-count", 4);
	b_u32("attributes", 3);
	b_end();
	b_end();

	b_node("device-regions");
	b_str("compatible", "arm,ffa-manifest-device-regions");
	b_node("uart");
	b_u64("base-address", 0x09000000);
	b_u32("pages-count", 1);
	b_u32("attributes", 3);
	{
		static const uint32_t irq[] = {32, 0x900};

		b_cells("interrupts", 2, irq);
	}
	b_end();
	b_end();

	b_node("rx_tx-info");
	b_str("compatible", "arm,ffa-manifest-rx_tx-buffer");
	b_u32("rx-buffer", 1);
	b_u32("tx-buffer", 2);
	b_end();

	b_node("boot-info");
	b_str("compatible", "arm,ffa-manifest-boot-info");
	b_bool("ffa_manifest");
	b_end();
	b_end();
	return b_finish(size);
}

/* The standard v1.1 partition manifest: a services node with two services. */
static inline const void *mf_std_partition_v11(const struct mf_ovr *ovr, int n, size_t *size)
{
	b_start(ovr, n);
	b_node("");
	b_str("compatible", "arm,ffa-manifest-1.1");
	b_str("debug_name", "test-v11");
	b_u32("ffa-version", 0x10002);
	b_u32("execution-ctx-count", 4);
	b_u32("exception-level", 2);
	b_u32("execution-state", 0);
	b_u32("load-address", 0x20000000);
	b_node("services");
	b_str("compatible", "arm,ffa-manifest-services");
	b_node("s0");
	b_str("uuid", "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb");
	b_u32("messaging-method", 0x201);
	b_end();
	b_node("s1");
	b_str("uuid", "a609f132-0000-6b4f-0000-4c1400009489");
	b_u32("messaging-method", 0x2);
	b_end();
	b_end();
	b_end();
	return b_finish(size);
}

/* The standard SPMC manifest: attribute, two SP packages (OP-TEE's list),
 * two CPUs, secure and non-secure memory, a secure device range. */
static inline const void *mf_std_spmc(const struct mf_ovr *ovr, int n, size_t *size)
{
	static const uint32_t u1[] = {0xaaaa0001, 0xaaaa0002, 0xaaaa0003, 0xaaaa0004};
	static const uint32_t u2[] = {0xbbbb0001, 0xbbbb0002, 0xbbbb0003, 0xbbbb0004};
	static const uint32_t c0[] = {0, 0}, c1[] = {0, 0x100};
	static const uint32_t mem[] = {0, 0x10000000, 0, 0x01000000};
	static const uint32_t ns[] = {0, 0x80000000, 0, 0x10000000};
	static const uint32_t dev[] = {0, 0x09000000, 0, 0x00010000};

	b_start(ovr, n);
	b_node("");
	b_str("compatible", "arm,ffa-core-manifest-1.0");
	b_u32("#address-cells", 2);
	b_u32("#size-cells", 2);
	b_node("attribute");
	b_u32("spmc_id", 0x8000);
	b_u32("maj_ver", 1);
	b_u32("min_ver", 2);
	b_u32("exec_state", 0);
	b_u64("load_address", 0x6000000);
	b_u64("entrypoint", 0x6000000);
	b_u32("binary_size", 0x80000);
	b_end();
	b_node("sp_packages");
	b_str("compatible", "arm,sp_pkg");
	b_node("sp1");
	b_cells("uuid", 4, u1);
	b_u64("load-address", 0x10000000);
	b_end();
	b_node("sp2");
	b_cells("uuid", 4, u2);
	b_u64("load-address", 0x10400000);
	b_end();
	b_end();
	b_node("cpus");
	b_u32("#address-cells", 2);
	b_u32("#size-cells", 0);
	b_node("cpu@0");
	b_str("device_type", "cpu");
	b_cells("reg", 2, c0);
	b_end();
	b_node("cpu@100");
	b_str("device_type", "cpu");
	b_cells("reg", 2, c1);
	b_end();
	b_end();
	b_node("memory@10000000");
	b_str("device_type", "memory");
	b_cells("reg", 4, mem);
	b_end();
	b_node("memory@80000000");
	b_str("device_type", "ns-memory");
	b_cells("reg", 4, ns);
	b_end();
	b_node("memory@9000000");
	b_str("device_type", "device-memory");
	b_cells("reg", 4, dev);
	b_end();
	b_end();
	return b_finish(size);
}

/* ---- parsing ---- */

static struct spmc_mf_partition mf_part;
static struct spmc_mf_spmc mf_spmc;

/* Parse a partition blob with a fresh log and arena. */
static inline int mf_parse(const void *blob, size_t size, uint32_t flags)
{
	return spmc_mf_parse_partition(blob, size, flags, mf_arena_reset(), &mf_part,
				       mf_log_reset());
}

static inline int mf_parse_spmc(const void *blob, size_t size)
{
	return spmc_mf_parse_spmc(blob, size, mf_arena_reset(), &mf_spmc, mf_log_reset());
}

/* Build the standard partition with overrides and expect the parse to fail
 * cleanly (INVALID_PARAMETERS, output zeroed, arena untouched). */
static inline void mf_expect_invalid(const struct mf_ovr *ovr, int n, bool v11, const char *file,
				     int line)
{
	static const struct spmc_mf_partition zero;
	size_t size;
	const void *blob = v11 ? mf_std_partition_v11(ovr, n, &size) : mf_std_partition(ovr, n, &size);
	int rc = mf_parse(blob, size, 0);

	if (rc != FFA_RET_INVALID_PARAMETERS) {
		print_error("expected INVALID_PARAMETERS, got %d\n", rc);
		mf_log_print();
		_fail(file, line);
	}
	if (memcmp(&mf_part, &zero, sizeof(zero)) != 0 || mf_arena.used != 0) {
		print_error("a failed parse left results behind\n");
		_fail(file, line);
	}
	if (mf_diags.errors == 0 || mf_count(SPMC_MF_ERROR) == 0) {
		print_error("a failed parse reported no error\n");
		_fail(file, line);
	}
}
#define INVALID(...)                                                                  \
	do {                                                                           \
		const struct mf_ovr o_[] = {__VA_ARGS__};                             \
		mf_expect_invalid(o_, (int)(sizeof(o_) / sizeof(o_[0])), false, __FILE__, \
				  __LINE__);                                           \
	} while (0)
#define INVALID_V11(...)                                                             \
	do {                                                                          \
		const struct mf_ovr o_[] = {__VA_ARGS__};                            \
		mf_expect_invalid(o_, (int)(sizeof(o_) / sizeof(o_[0])), true, __FILE__, \
				  __LINE__);                                          \
	} while (0)

/* ---- checking a parsed partition ---- */

static inline void assert_uuid(const uint32_t *w, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	assert_int_equal(w[0], a);
	assert_int_equal(w[1], b);
	assert_int_equal(w[2], c);
	assert_int_equal(w[3], d);
}

/* The region called `name`; failing the test if there is none. */
static inline const struct spmc_mf_region *mf_region(const struct spmc_mf_region *r, uint32_t n,
						     const char *name)
{
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(r[i].name, name) == 0)
			return &r[i];
	print_error("no region %s\n", name);
	fail();
	return NULL;
}

#define MEM(m, name) mf_region((m)->mem_regions, (m)->mem_region_count, (name))
#define DEV(m, name) mf_region((m)->dev_regions, (m)->dev_region_count, (name))
#define CACTUS_UUID 0x1e67b5b4, 0xe14f904a, 0x13fb1fb8, 0xcbdae1da

/* Either parser on any bytes: no crash, a valid result, and a failure is
 * reported and leaves the arena empty. */
static inline void mf_parse_any(const void *blob, size_t size)
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

#endif
