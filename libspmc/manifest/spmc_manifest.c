/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPMC manifest ("arm,ffa-core-manifest-1.0"): the attribute node the SPMD
 * reads (TF-A), the SP package list of OP-TEE's FIP flow (a node compatible
 * "arm,sp_pkg", one child per package with uuid and load-address), Hafnium's
 * "hypervisor" node (vm1, vm2, ...: load address, vCPUs and memory size of each
 * partition), the CPUs, and the memory nodes that give the secure world its
 * memory and devices (device_type "memory", "ns-memory", "device-memory",
 * "ns-device-memory", as Hafnium reads them).
 */
#include <libfdt.h>

#include "mf_internal.h"

static const char *const root_props[] = {"compatible", "#address-cells", "#size-cells",
					 "model", "phandle"};
static const char *const attr_props[] = {"spmc_id",	 "maj_ver",    "min_ver",
					 "exec_state",	 "load_address", "entrypoint",
					 "binary_size", "phandle"};
static const char *const hyp_props[] = {"compatible", "ffa_tee_enabled", "phandle"};
static const char *const vm_props[] = {
	"is_ffa_partition", "hyp_loaded",	"debug_name",	    "load_address",
	"vcpu_count",	    "mem_size",		"smc_whitelist",    "smc_whitelist_permissive",
	"kernel_filename",  "ramdisk_filename", "boot_address",	    "fdt_filename",
	"exception-level",  "phandle",
};
static const char *const pkgs_props[] = {"compatible", "phandle"};
static const char *const pkg_props[] = {"uuid", "load-address", "description", "phandle"};
static const char *const cpus_props[] = {"#address-cells", "#size-cells", "phandle"};
static const char *const cpu_props[] = {"device_type", "compatible", "reg", "enable-method",
					"phandle"};
static const char *const mem_props[] = {"device_type", "reg", "phandle"};

static const char *const range_types[] = {
	[SPMC_MF_RANGE_MEM] = "memory",
	[SPMC_MF_RANGE_NS_MEM] = "ns-memory",
	[SPMC_MF_RANGE_DEV] = "device-memory",
	[SPMC_MF_RANGE_NS_DEV] = "ns-device-memory",
};

/* ---- attribute ---- */

static void attribute(struct mf_ctx *c, int node, struct spmc_mf_spmc *m)
{
	uint32_t x = 0;
	int got;

	mf_scan_props(c, node, attr_props, SPMC_ARRAY_SIZE(attr_props));
	got = mf_u32_max(c, node, "spmc_id", 0xffff, &x);
	if (mf_need(c, node, "spmc_id", got)) {
		m->spmc_id = (uint16_t)x;
		if (!(x & 0x8000u))
			mf_error_v(c, node, "spmc_id", "must be a secure endpoint ID (bit 15 set)", x);
	}
	got = mf_u32(c, node, "maj_ver", &m->maj_ver);
	if (mf_need(c, node, "maj_ver", got) && m->maj_ver != 1)
		mf_error_v(c, node, "maj_ver", "unsupported FF-A major version", m->maj_ver);
	got = mf_u32_max(c, node, "min_ver", 0xffff, &m->min_ver);
	mf_need(c, node, "min_ver", got);
	mf_u32_max(c, node, "exec_state", 1, &m->exec_state);
	if (mf_u64(c, node, "load_address", &m->load_address) == MF_OK) {
		m->has_load_address = true;
		if (!SPMC_IS_ALIGNED(m->load_address, SPMC_MF_PAGE_SIZE))
			mf_error_v(c, node, "load_address", "not 4 KiB aligned", m->load_address);
	}
	if (mf_u64(c, node, "entrypoint", &m->entrypoint) == MF_OK)
		m->has_entrypoint = true;
	if (mf_u64(c, node, "binary_size", &m->binary_size) == MF_OK)
		m->has_binary_size = true;
	if (m->has_load_address && m->has_binary_size &&
	    m->binary_size > UINT64_MAX - m->load_address)
		mf_error_v(c, node, "binary_size", "load_address + binary_size overflows",
			   m->binary_size);
	else if (m->has_load_address && m->has_binary_size && m->has_entrypoint &&
		 (m->entrypoint < m->load_address ||
		  m->entrypoint - m->load_address >= m->binary_size))
		mf_error_v(c, node, "entrypoint", "outside [load_address, + binary_size)",
			   m->entrypoint);
}

/* ---- Hafnium's partition list ---- */

static void one_vm(struct mf_ctx *c, int node, struct spmc_mf_vm *v)
{
	const uint8_t *p;
	const char *s;
	uint32_t x = 0;
	uint64_t y = 0;
	bool b;
	int got;

	mf_scan_props(c, node, vm_props, SPMC_ARRAY_SIZE(vm_props));
	v->path = mf_path_dup(c, node);
	mf_need(c, node, "debug_name", mf_str(c, node, "debug_name", &v->debug_name));
	mf_bool(c, node, "is_ffa_partition", &v->is_ffa_partition);
	mf_bool(c, node, "hyp_loaded", &v->hyp_loaded);
	got = mf_u64(c, node, "load_address", &v->load_address);
	if (got == MF_OK) {
		v->has_load_address = true;
		if (!SPMC_IS_ALIGNED(v->load_address, SPMC_MF_PAGE_SIZE))
			mf_error_v(c, node, "load_address", "not 4 KiB aligned", v->load_address);
	} else if (v->is_ffa_partition && !v->hyp_loaded) {
		mf_need(c, node, "load_address", got);
	}
	got = mf_u32_max(c, node, "vcpu_count", 0xffff, &x);
	if (mf_need(c, node, "vcpu_count", got))
		v->vcpu_count = (uint16_t)x;
	mf_need(c, node, "mem_size", mf_u64(c, node, "mem_size", &v->mem_size));
	/* Shape checks of what Hafnium reads besides. */
	mf_cells(c, node, "smc_whitelist", 1, &p, &x);
	mf_bool(c, node, "smc_whitelist_permissive", &b);
	mf_str(c, node, "kernel_filename", &s);
	mf_str(c, node, "ramdisk_filename", &s);
	mf_str(c, node, "fdt_filename", &s);
	mf_u64(c, node, "boot_address", &y);
	mf_u32_max(c, node, "exception-level", 0xff, &x);
}

static void hypervisor(struct mf_ctx *c, int node, struct spmc_mf_spmc *m)
{
	struct spmc_mf_vm *v;
	uint32_t n, i = 0;
	bool b;
	int sub;

	mf_scan_props(c, node, hyp_props, SPMC_ARRAY_SIZE(hyp_props));
	if (!mf_compatible(c, node, "hafnium,hafnium"))
		mf_error(c, node, "compatible", "must be \"hafnium,hafnium\"");
	mf_bool(c, node, "ffa_tee_enabled", &b);
	n = mf_count_subnodes(c, node);
	v = mf_alloc(c, node, n, sizeof(*v));
	if (!v)
		return;
	fdt_for_each_subnode(sub, c->fdt, node) {
		if (i == n || c->nomem)
			break;
		one_vm(c, sub, &v[i++]);
	}
	m->vms = v;
	m->vm_count = i;
}

/* ---- OP-TEE's SP package list ---- */

static void one_pkg(struct mf_ctx *c, int node, struct spmc_mf_sp_pkg *p)
{
	const uint8_t *v;
	uint32_t len;
	int got;

	mf_scan_props(c, node, pkg_props, SPMC_ARRAY_SIZE(pkg_props));
	p->path = mf_path_dup(c, node);
	got = mf_prop(c, node, "uuid", &v, &len);
	if (mf_need(c, node, "uuid", got)) {
		if (len != 16) {
			mf_error_v(c, node, "uuid", "expected four 32-bit cells (bytes given)", len);
		} else {
			for (uint32_t w = 0; w < 4; w++)
				p->uuid[w] = mf_cell(v, w);
			if (mf_uuid_is_nil(p->uuid))
				mf_error(c, node, "uuid", "the nil UUID is not a partition's");
		}
	}
	/* OP-TEE reads exactly 64 bits here, so a one-cell address fails there. */
	got = mf_prop(c, node, "load-address", &v, &len);
	if (mf_need(c, node, "load-address", got)) {
		if (len != 8) {
			mf_error_v(c, node, "load-address", "expected two 32-bit cells (bytes given)",
				   len);
		} else {
			p->load_address = (uint64_t)mf_cell(v, 0) << 32 | mf_cell(v, 1);
			if (!SPMC_IS_ALIGNED(p->load_address, SPMC_MF_PAGE_SIZE))
				mf_error_v(c, node, "load-address", "not 4 KiB aligned",
					   p->load_address);
		}
	}
}

static void sp_packages(struct mf_ctx *c, int node, struct spmc_mf_spmc *m)
{
	struct spmc_mf_sp_pkg *p;
	uint32_t n, i = 0;
	int sub;

	mf_scan_props(c, node, pkgs_props, SPMC_ARRAY_SIZE(pkgs_props));
	n = mf_count_subnodes(c, node);
	p = mf_alloc(c, node, n, sizeof(*p));
	if (!p)
		return;
	fdt_for_each_subnode(sub, c->fdt, node) {
		if (i == n || c->nomem)
			break;
		one_pkg(c, sub, &p[i++]);
		for (uint32_t j = 0; j + 1 < i; j++) {
			const uint32_t *a = p[j].uuid, *b = p[i - 1].uuid;

			if (!mf_uuid_is_nil(a) && a[0] == b[0] && a[1] == b[1] && a[2] == b[2] &&
			    a[3] == b[3])
				mf_error(c, sub, "uuid", "two packages with the same UUID");
			if (p[j].load_address && p[j].load_address == p[i - 1].load_address)
				mf_error_v(c, sub, "load-address", "two packages at the same address",
					   p[j].load_address);
		}
	}
	m->sp_pkgs = p;
	m->sp_pkg_count = i;
}

/* ---- CPUs ---- */

/* #address-cells / #size-cells of node (default dflt): 1 or 2, else 0 (reported). */
static uint32_t ncells(struct mf_ctx *c, int node, const char *name, uint32_t dflt)
{
	uint32_t x = dflt;
	int got = mf_u32(c, node, name, &x);

	if (got == MF_BAD)
		return 0;
	if (x == 0 || x > 2) {
		mf_error_v(c, node, name, "must be 1 or 2 to read addresses here", x);
		return 0;
	}
	return x;
}

static bool is_cpu(struct mf_ctx *c, int node)
{
	const uint8_t *v;
	uint32_t len;

	/* Compared byte by byte: this is asked more than once per node, and a
	 * malformed device_type is reported by the memory node reader, if at all. */
	if (mf_prop(c, node, "device_type", &v, &len) == MF_OK)
		return len == 4 && v[0] == 'c' && v[1] == 'p' && v[2] == 'u' && v[3] == '\0';
	return mf_name_is(mf_node_name(c, node), "cpu");
}

static void cpus(struct mf_ctx *c, int node, struct spmc_mf_spmc *m)
{
	uint32_t ac = ncells(c, node, "#address-cells", 2), n = 0, i = 0;
	uint64_t *ids;
	int sub;

	mf_scan_props(c, node, cpus_props, SPMC_ARRAY_SIZE(cpus_props));
	fdt_for_each_subnode(sub, c->fdt, node)
		if (is_cpu(c, sub))
			n++;
	ids = mf_alloc(c, node, n, sizeof(*ids));
	if (!ids)
		return;
	fdt_for_each_subnode(sub, c->fdt, node) {
		const uint8_t *v;
		uint32_t cnt = 0;
		const char *s;

		if (!is_cpu(c, sub)) {
			mf_note(c, sub, "", "not a cpu node, ignored");
			continue;
		}
		if (i == n)
			break;
		mf_scan_props(c, sub, cpu_props, SPMC_ARRAY_SIZE(cpu_props));
		mf_str(c, sub, "enable-method", &s);
		if (ac && mf_need(c, sub, "reg", mf_cells(c, sub, "reg", ac, &v, &cnt))) {
			if (cnt != 1)
				mf_error_v(c, sub, "reg", "expected one MPIDR (values given)", cnt);
			ids[i] = ac == 2 ? (uint64_t)mf_cell(v, 0) << 32 | mf_cell(v, 1) : mf_cell(v, 0);
			for (uint32_t j = 0; j < i; j++)
				if (ids[j] == ids[i]) {
					mf_error_v(c, sub, "reg", "two CPUs with the same MPIDR", ids[i]);
					break;
				}
		}
		i++;
	}
	m->cpu_mpidrs = ids;
	m->cpu_count = i;
}

/* ---- memory nodes ---- */

/* The range kind a node's device_type names; -1 if it is no memory node. */
static int range_kind(struct mf_ctx *c, int node)
{
	const uint8_t *v;
	uint32_t len;

	if (mf_prop(c, node, "device_type", &v, &len) != MF_OK)
		return -1;
	for (uint32_t k = 0; k < SPMC_ARRAY_SIZE(range_types); k++)
		if (range_types[k] && len == spmc_strnlen(range_types[k], 32) + 1 &&
		    spmc_streq((const char *)v, range_types[k]))
			return (int)k;
	return -1;
}

static void memory_nodes(struct mf_ctx *c, struct spmc_mf_spmc *m)
{
	uint32_t total = 0, at = 0;
	struct spmc_mf_range *r;
	uint32_t ac, sc;
	int sub;

	fdt_for_each_subnode(sub, c->fdt, 0)
		if (range_kind(c, sub) >= 0)
			break;
	if (sub < 0)
		return; /* no memory nodes: the cell counts do not matter */
	ac = ncells(c, 0, "#address-cells", 2);
	sc = ncells(c, 0, "#size-cells", 1);
	if (ac == 0 || sc == 0)
		return;
	fdt_for_each_subnode(sub, c->fdt, 0) {
		const uint8_t *v;
		uint32_t len;

		if (range_kind(c, sub) >= 0 && mf_prop(c, sub, "reg", &v, &len) == MF_OK &&
		    len % (4 * (ac + sc)) == 0)
			total += len / (4 * (ac + sc));
	}
	r = mf_alloc(c, 0, total, sizeof(*r));
	fdt_for_each_subnode(sub, c->fdt, 0) {
		int kind = range_kind(c, sub);
		const uint8_t *v;
		uint32_t n = 0;

		if (kind < 0)
			continue;
		mf_scan_props(c, sub, mem_props, SPMC_ARRAY_SIZE(mem_props));
		if (!mf_need(c, sub, "reg", mf_cells(c, sub, "reg", ac + sc, &v, &n)) || !r)
			continue;
		for (uint32_t i = 0; i < n && at < total; i++) {
			const uint8_t *e = v + 4 * (size_t)(ac + sc) * i;
			uint64_t base = ac == 2 ? (uint64_t)mf_cell(e, 0) << 32 | mf_cell(e, 1)
						: mf_cell(e, 0);
			uint64_t size = sc == 2 ? (uint64_t)mf_cell(e, ac) << 32 | mf_cell(e, ac + 1)
						: mf_cell(e, ac);

			if (size == 0) {
				mf_error_v(c, sub, "reg", "empty range (entry)", i);
				continue;
			}
			if (base > UINT64_MAX - (size - 1)) {
				mf_error_v(c, sub, "reg", "range runs past the address space", base);
				continue;
			}
			if (!SPMC_IS_ALIGNED(base | size, SPMC_MF_PAGE_SIZE))
				mf_error_v(c, sub, "reg", "range not 4 KiB aligned", base);
			for (uint32_t j = 0; j < at; j++)
				if (base <= r[j].base + (r[j].size - 1) &&
				    r[j].base <= base + (size - 1)) {
					mf_error_v(c, sub, "reg", "range overlaps another memory range",
						   base);
					break;
				}
			r[at].base = base;
			r[at].size = size;
			r[at].kind = (uint32_t)kind;
			at++;
		}
	}
	m->ranges = r;
	m->range_count = r ? at : 0;
}

/* ---- root ---- */

static void parse(struct mf_ctx *c, struct spmc_mf_spmc *m)
{
	int attr = -1, hyp = -1, pkgs = -1, cpu = -1, sub;

	if (!mf_compatible(c, 0, "arm,ffa-core-manifest-1.0")) {
		mf_error(c, 0, "compatible",
			 mf_compatible(c, 0, "arm,ffa-manifest-1.0") ||
					 mf_compatible(c, 0, "arm,ffa-manifest-1.1")
				 ? "a partition manifest, not an SPMC manifest"
				 : "must be \"arm,ffa-core-manifest-1.0\"");
		return;
	}
	mf_scan_props(c, 0, root_props, SPMC_ARRAY_SIZE(root_props));
	fdt_for_each_subnode(sub, c->fdt, 0) {
		const char *n = mf_node_name(c, sub);
		int *slot = NULL;

		if (mf_name_is(n, "attribute"))
			slot = &attr;
		else if (mf_name_is(n, "hypervisor") || mf_compatible(c, sub, "hafnium,hafnium"))
			slot = &hyp;
		else if (mf_compatible(c, sub, "arm,sp_pkg"))
			slot = &pkgs;
		else if (mf_name_is(n, "cpus"))
			slot = &cpu;
		else if (range_kind(c, sub) >= 0)
			continue;
		else if (mf_name_is(n, "memory"))
			mf_error(c, sub, "device_type",
				 "a memory node needs device_type \"memory\", \"ns-memory\", "
				 "\"device-memory\" or \"ns-device-memory\"");
		else
			mf_note(c, sub, "", "unknown node, ignored");
		if (!slot)
			continue;
		if (*slot >= 0)
			mf_error(c, sub, "", "a second node of this kind");
		else
			*slot = sub;
	}
	if (attr < 0)
		mf_error(c, 0, "", "the \"attribute\" node is missing");
	else
		attribute(c, attr, m);
	if (hyp >= 0 && !c->nomem)
		hypervisor(c, hyp, m);
	if (pkgs >= 0 && !c->nomem)
		sp_packages(c, pkgs, m);
	if (cpu >= 0 && !c->nomem)
		cpus(c, cpu, m);
	if (!c->nomem)
		memory_nodes(c, m);
}

int spmc_mf_parse_spmc(const void *blob, size_t size, struct spmc_mf_arena *arena,
		       struct spmc_mf_spmc *out, struct spmc_mf_diags *diags)
{
	struct mf_ctx c;
	size_t used = arena ? arena->used : 0;

	spmc_memset(out, 0, sizeof(*out));
	if (!mf_open(&c, blob, size, arena, diags))
		return FFA_RET_INVALID_PARAMETERS;
	parse(&c, out);
	if (c.errors == 0 && !c.nomem)
		return 0;
	spmc_memset(out, 0, sizeof(*out));
	if (arena)
		arena->used = used;
	return c.nomem ? FFA_RET_NO_MEMORY : FFA_RET_INVALID_PARAMETERS;
}

void spmc_mf_spmc_config(const struct spmc_mf_spmc *m, struct spmc_config *cfg)
{
	cfg->spmc_id = m->spmc_id;
	if (m->cpu_count)
		cfg->cpu_count = m->cpu_count;
}
