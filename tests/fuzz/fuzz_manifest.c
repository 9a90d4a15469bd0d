/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the manifest parsers: arbitrary bytes go to the
 * partition and SPMC manifest parsers, with a small arena and a large one,
 * then through the set checks and the mapping onto the core's configuration.
 * Invariants checked after every input: every diagnostic has a path, a
 * property string and a message; a failed parse reports an error, zeroes its
 * output and gives the arena back; a successful one returns counts and
 * pointers that lie inside the arena (or, for strings, inside the blob).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "manifest/manifest.h"

#define CHECK(x)                        \
	do {                            \
		if (!(x))               \
			__builtin_trap(); \
	} while (0)

static void on_diag(void *ctx, const struct spmc_mf_diag *d)
{
	(void)ctx;
	CHECK(d->path && d->path[0] == '/');
	CHECK(d->prop);
	CHECK(d->msg && d->msg[0]);
	CHECK(d->severity == SPMC_MF_NOTE || d->severity == SPMC_MF_ERROR);
	/* Touch every byte: ASan sees a dangling or unterminated string. */
	CHECK(strlen(d->path) < 4096 && strlen(d->prop) < 4096 && strlen(d->msg) < 4096);
	if (d->other_path)
		CHECK(d->other_path[0] == '/');
}

static bool in(const void *p, size_t n, const void *base, size_t size)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;

	return a >= b && n <= size && a - b <= size - n;
}

static bool in_arena(const void *p, size_t count, size_t elem, const struct spmc_mf_arena *a)
{
	if (count == 0)
		return true;
	return p && count <= a->used / elem && in(p, count * elem, a->base, a->used);
}

static bool str_in(const char *s, const uint8_t *data, size_t size)
{
	return !s || (in(s, 1, data, size) && memchr(s, 0, size - (size_t)((const uint8_t *)s - data)));
}

static bool path_ok(const char *p, const struct spmc_mf_arena *a)
{
	return !p || (in(p, 1, a->base, a->used) && p[0] == '/');
}

static void check_region(const struct spmc_mf_region *r, const struct spmc_mf_arena *a,
			 const uint8_t *data, size_t size)
{
	CHECK(path_ok(r->path, a));
	CHECK(str_in(r->description, data, size));
	CHECK(r->name && str_in(r->name, data, size));
	CHECK(in_arena(r->irqs, r->irq_count, sizeof(*r->irqs), a));
	CHECK(in_arena(r->stream_ids, r->stream_id_count, sizeof(*r->stream_ids), a));
	CHECK(r->pages > 0);
	CHECK((r->attributes & ~0xfu) == 0);
}

static void partition(const uint8_t *data, size_t size, void *mem, size_t msize, uint32_t flags)
{
	static const struct spmc_mf_partition zero;
	struct spmc_mf_arena a = {mem, msize, 0};
	struct spmc_mf_diags d = {on_diag, NULL, 0, 0};
	struct spmc_mf_partition m;
	int rc = spmc_mf_parse_partition(data, size, flags, &a, &m, &d);

	CHECK(a.used <= a.size);
	if (rc != 0) {
		CHECK(rc == FFA_RET_INVALID_PARAMETERS || rc == FFA_RET_NO_MEMORY);
		CHECK(d.errors > 0);
		CHECK(a.used == 0);
		CHECK(memcmp(&m, &zero, sizeof(m)) == 0);
		return;
	}
	CHECK(d.errors == 0);
	CHECK(m.service_count >= 1);
	CHECK(in_arena(m.services, m.service_count, sizeof(*m.services), &a));
	CHECK(in_arena(m.mem_regions, m.mem_region_count, sizeof(*m.mem_regions), &a));
	CHECK(in_arena(m.dev_regions, m.dev_region_count, sizeof(*m.dev_regions), &a));
	CHECK(str_in(m.description, data, size));
	CHECK(m.ec_count >= 1 && m.exception_level <= 2 && m.execution_state <= 1);
	CHECK((m.messaging & ~SPMC_MF_MSG_VALID) == 0);
	for (uint32_t i = 0; i < m.service_count; i++)
		CHECK(path_ok(m.services[i].path, &a));
	for (uint32_t i = 0; i < m.mem_region_count; i++)
		check_region(&m.mem_regions[i], &a, data, size);
	for (uint32_t i = 0; i < m.dev_region_count; i++)
		check_region(&m.dev_regions[i], &a, data, size);
	if (m.has_rxtx)
		CHECK(m.rx_region >= 0 && (uint32_t)m.rx_region < m.mem_region_count &&
		      m.tx_region >= 0 && (uint32_t)m.tx_region < m.mem_region_count);

	/* The set checks: alone, and against itself (everything duplicated). */
	{
		const struct spmc_mf_partition *set[2] = {&m, &m};
		struct spmc_mf_range r[3] = {{0x0, 0x80000000, SPMC_MF_RANGE_MEM},
					     {0x80000000, 0x1000, SPMC_MF_RANGE_RESERVED},
					     {0, UINT64_MAX, SPMC_MF_RANGE_NS_MEM}};
		struct spmc_mf_diags d2 = {on_diag, NULL, 0, 0};
		int c1 = spmc_mf_check_partitions(set, 1, r, 3, &d2);
		int c2 = spmc_mf_check_partitions(set, 2, NULL, 0, &d2);

		CHECK(c1 == 0 || c1 == FFA_RET_INVALID_PARAMETERS);
		CHECK(c2 == FFA_RET_INVALID_PARAMETERS); /* the same UUIDs twice */
	}
	/* Onto the core's configuration, in what is left of the arena. */
	{
		struct spmc_mf_cfg_opts o = {.id = 0x8001, .cpu_count = 4};
		struct spmc_partition_cfg cfg;
		struct spmc_mf_diags d3 = {on_diag, NULL, 0, 0};
		size_t before = a.used;
		int c = spmc_mf_partition_cfg(&m, &o, &a, &cfg, &d3);

		CHECK(a.used <= a.size);
		if (c != 0) {
			CHECK(c == FFA_RET_INVALID_PARAMETERS || c == FFA_RET_NO_MEMORY);
			CHECK(a.used == before && d3.errors > 0);
		} else {
			CHECK(cfg.service_count == m.service_count);
			CHECK(cfg.region_count == m.mem_region_count + m.dev_region_count);
			CHECK(in_arena(cfg.regions, cfg.region_count, sizeof(*cfg.regions), &a));
			CHECK(in_arena(cfg.services, cfg.service_count, sizeof(*cfg.services), &a));
			CHECK(ffa_id_is_secure(cfg.id));
		}
	}
}

static void spmc(const uint8_t *data, size_t size, void *mem, size_t msize)
{
	static const struct spmc_mf_spmc zero;
	struct spmc_mf_arena a = {mem, msize, 0};
	struct spmc_mf_diags d = {on_diag, NULL, 0, 0};
	struct spmc_mf_spmc m;
	int rc = spmc_mf_parse_spmc(data, size, &a, &m, &d);

	CHECK(a.used <= a.size);
	if (rc != 0) {
		CHECK(rc == FFA_RET_INVALID_PARAMETERS || rc == FFA_RET_NO_MEMORY);
		CHECK(d.errors > 0 && a.used == 0);
		CHECK(memcmp(&m, &zero, sizeof(m)) == 0);
		return;
	}
	CHECK(ffa_id_is_secure(m.spmc_id) && m.maj_ver == 1);
	CHECK(in_arena(m.sp_pkgs, m.sp_pkg_count, sizeof(*m.sp_pkgs), &a));
	CHECK(in_arena(m.vms, m.vm_count, sizeof(*m.vms), &a));
	CHECK(in_arena(m.cpu_mpidrs, m.cpu_count, sizeof(*m.cpu_mpidrs), &a));
	CHECK(in_arena(m.ranges, m.range_count, sizeof(*m.ranges), &a));
	for (uint32_t i = 0; i < m.sp_pkg_count; i++)
		CHECK(path_ok(m.sp_pkgs[i].path, &a));
	for (uint32_t i = 0; i < m.vm_count; i++)
		CHECK(path_ok(m.vms[i].path, &a) && str_in(m.vms[i].debug_name, data, size));
	for (uint32_t i = 0; i < m.range_count; i++)
		CHECK(m.ranges[i].size > 0 && m.ranges[i].kind < SPMC_MF_RANGE_RESERVED);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t small[256], large[1 << 15];
	enum spmc_mf_kind k = spmc_mf_kind(data, size);

	CHECK(k <= SPMC_MF_KIND_SPMC);
	partition(data, size, small, sizeof(small), 0);
	partition(data, size, large, sizeof(large), SPMC_MF_UUID_STRING_HAFNIUM);
	spmc(data, size, small, sizeof(small));
	spmc(data, size, large, sizeof(large));
	return 0;
}
