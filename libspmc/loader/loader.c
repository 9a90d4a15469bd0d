/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SP loader. It works in passes so that nothing is prepared for a
 * partition that a later check throws out: locate and parse every package,
 * check the whole set, then prepare images and boot information for the
 * partitions that remain.
 */
#include <ffa/ffa.h>

#include "hal.h"
#include "loader.h"
#include "loader/boot_info.h"
#include "pkg/sp_pkg.h"
#include "util.h"

#define DEFAULT_EXTRA_MEM (256u * 1024u)

/* One partition being loaded. */
struct cand {
	const char *path;          /* where the SPMC manifest lists it ("" if embedded) */
	bool has_list_uuid;
	uint32_t list_uuid[4];
	uint64_t pkg_addr;         /* FIP flow: where BL2 put the package */
	uint64_t list_mem_size;    /* Hafnium vmN mem_size, 0 if none */
	const uint8_t *pkg;        /* the package, in the SPMC's view */
	struct sp_pkg hdr;
	struct spmc_mf_partition m;
	uint64_t load_addr, mem_size;
	bool ok;
};

static void *take(struct spmc_mf_arena *a, size_t n)
{
	size_t off = SPMC_ALIGN_UP(a->used, 16);

	if (off > a->size || n > a->size - off)
		return NULL;
	a->used = off + n;
	return (uint8_t *)a->base + off;
}

static void report(struct spmc_mf_diags *d, const char *path, const char *prop, const char *msg,
		   bool has_value, uint64_t value)
{
	struct spmc_mf_diag x = {
		.severity = SPMC_MF_ERROR, .path = path ? path : "/", .prop = prop ? prop : "",
		.msg = msg, .has_value = has_value, .value = value, .part = -1, .other = -1,
	};

	if (!d)
		return;
	d->errors++;
	if (d->report)
		d->report(d->ctx, &x);
}

static bool uuid_eq(const uint32_t a[4], const uint32_t b[4])
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

/* Finds a FIP-flow package at its load address: the header first, then all of it. */
static bool locate(struct cand *c, struct spmc_mf_diags *d)
{
	const char *why = "";
	const uint8_t *h = hal_spmc_map(c->pkg_addr, SP_PKG_HEADER_SIZE, HAL_MEM_R);

	if (!h) {
		report(d, c->path, "load_address", "no memory at the SP package's load address", true,
		       c->pkg_addr);
		return false;
	}
	if (sp_pkg_parse_header(h, SP_PKG_HEADER_SIZE, &c->hdr, &why) != SP_PKG_OK) {
		report(d, c->path, "load_address", why, true, c->pkg_addr);
		return false;
	}
	c->pkg = hal_spmc_map(c->pkg_addr, c->hdr.total_size, HAL_MEM_R);
	if (!c->pkg) {
		report(d, c->path, "load_address", "SP package runs past the end of memory", true,
		       c->pkg_addr);
		return false;
	}
	return true;
}

static bool parse(struct cand *c, size_t pkg_size, struct spmc_mf_arena *a,
		  struct spmc_mf_diags *d)
{
	const char *why = "";

	if (sp_pkg_parse(c->pkg, pkg_size, &c->hdr, &why) != SP_PKG_OK) {
		report(d, c->path, "", why, c->pkg_addr != 0, c->pkg_addr);
		return false;
	}
	if (spmc_mf_parse_partition(c->hdr.pm, c->hdr.pm_size, 0, a, &c->m, d) != 0)
		return false;
	/* The SPMC manifest names the package's UUID too: they must agree. */
	if (c->has_list_uuid) {
		bool found = false;

		for (uint32_t i = 0; i < c->m.service_count; i++)
			found |= uuid_eq(c->m.services[i].uuid, c->list_uuid);
		if (!found) {
			report(d, c->path, "uuid",
			       "the SPMC manifest's UUID for this package differs from the "
			       "partition manifest's first UUID (value: the latter's first word)",
			       true, c->m.services[0].uuid[0]);
			return false;
		}
	}
	return true;
}

/* Where the partition lives and how much memory it gets. */
static bool place(struct cand *c, uint64_t extra, bool embedded, struct spmc_mf_diags *d)
{
	uint64_t size;

	if (embedded) {
		if (!c->m.has_load_address) {
			report(d, "/", "load-address",
			       "an embedded partition needs a load address", false, 0);
			return false;
		}
		c->load_addr = c->m.load_address;
	} else {
		c->load_addr = c->pkg_addr;
	}
	if (c->list_mem_size)
		size = c->list_mem_size;
	else if (c->m.has_image_size)
		size = c->m.image_size;
	else
		size = SPMC_ALIGN_UP(c->hdr.total_size, FFA_PAGE_SIZE) + extra;
	c->mem_size = SPMC_ALIGN_UP(size, FFA_PAGE_SIZE);
	/* The image runs at entrypoint-offset in the partition's memory: it must
	 * fit there (and, from a FIP, the whole package it came in must too). */
	if (c->m.entrypoint_offset > c->mem_size ||
	    c->hdr.img_size > c->mem_size - c->m.entrypoint_offset ||
	    (!embedded && c->hdr.total_size > c->mem_size)) {
		report(d, c->path[0] ? c->path : "/", "mem_size",
		       "image larger than the partition's memory (value: the memory size)", true,
		       c->mem_size);
		return false;
	}
	if (!SPMC_IS_ALIGNED(c->load_addr, FFA_PAGE_SIZE) ||
	    hal_phys_kind(c->load_addr, c->mem_size) != HAL_PHYS_SECURE_DRAM) {
		report(d, c->path[0] ? c->path : "/", "load-address",
		       "partition memory is not inside secure DRAM", true, c->load_addr);
		return false;
	}
	return true;
}

/* Two partitions whose memory overlaps: the later one is left out. */
static void check_overlaps(struct cand *c, uint32_t n, struct spmc_mf_diags *d)
{
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < i && c[i].ok; j++)
			if (c[j].ok && c[i].load_addr < c[j].load_addr + c[j].mem_size &&
			    c[j].load_addr < c[i].load_addr + c[i].mem_size) {
				report(d, c[i].path[0] ? c[i].path : "/", "load-address",
				       "partition memory overlaps an earlier partition's "
				       "(value: this one's address)",
				       true, c[i].load_addr);
				c[i].ok = false;
			}
}

/* Forwards the set checks' reports to the caller and leaves out each
 * partition a report names (the later one of a clashing pair). */
struct set_sink {
	struct spmc_mf_diags *outer;
	struct cand *c;
	const uint32_t *idx; /* set index -> candidate index */
};

static void set_report(void *ctx, const struct spmc_mf_diag *d)
{
	struct set_sink *k = ctx;

	if (k->outer && k->outer->report)
		k->outer->report(k->outer->ctx, d);
	if (d->severity == SPMC_MF_ERROR && d->part >= 0)
		k->c[k->idx[d->part]].ok = false;
}

static void check_set(struct cand *c, uint32_t n, const struct spmc_mf_partition **set,
		      uint32_t *idx, struct spmc_mf_diags *outer)
{
	uint32_t k = 0;
	struct set_sink sink = {outer, c, idx};
	struct spmc_mf_diags d = {.report = set_report, .ctx = &sink};

	for (uint32_t i = 0; i < n; i++)
		if (c[i].ok) {
			idx[k] = i;
			set[k++] = &c[i].m;
		}
	if (k > 1)
		spmc_mf_check_partitions(set, k, NULL, 0, &d);
	if (outer) {
		outer->errors += d.errors;
		outer->notes += d.notes;
	}
}

/* An ID no partition of the set names for itself, for one whose manifest
 * gives no secure ID (the SPMC assigns it, counting up from 0x8001). */
static ffa_id_t next_free_id(const struct cand *c, uint32_t n, uint32_t *next)
{
	for (; *next <= 0xffff; (*next)++) {
		bool used = false;

		for (uint32_t i = 0; i < n && !used; i++)
			used = c[i].ok && c[i].m.has_id && c[i].m.id == *next;
		if (!used)
			return (ffa_id_t)(*next)++;
	}
	return 0;
}

/* Configuration, boot information and image, in that order, so that nothing
 * is loaded for a partition a later step would refuse. Fills cfg. */
static bool prepare(struct cand *c, ffa_id_t default_id, uint32_t cpus,
		    struct spmc_mf_arena *a, struct spmc_partition_cfg *cfg,
		    struct spmc_mf_diags *d)
{
	struct hal_image_load req;
	const void *image;
	uint64_t entry = 0, info_size = 0, used;
	const char *why = "";
	uint8_t *mem = hal_spmc_map(c->load_addr, c->mem_size, HAL_MEM_R | HAL_MEM_W);
	struct spmc_mf_cfg_opts o = {
		.id = default_id, .load_addr = c->load_addr, .mem_size = c->mem_size,
		.cpu_count = cpus,
	};

	if (!mem) {
		report(d, "/", "load-address", "cannot map the partition's memory", true,
		       c->load_addr);
		return false;
	}
	if (spmc_mf_partition_cfg(&c->m, &o, a, cfg, d) != 0)
		return false;
	if (cfg->boot_info) {
		/* The blob goes in the last pages of the partition's memory, above
		 * its image (and, from a FIP, above its whole package). */
		used = c->m.entrypoint_offset + c->hdr.img_size;
		if (c->pkg_addr && c->hdr.total_size > used)
			used = c->hdr.total_size;
		info_size = SPMC_ALIGN_UP(64 + c->hdr.pm_size, FFA_PAGE_SIZE);
		if (info_size > c->mem_size || used > c->mem_size - info_size) {
			report(d, "/boot-info", "", "no room for the boot information above the image",
			       true, c->mem_size);
			return false;
		}
	}
	req = (struct hal_image_load){
		.part_id = cfg->id, .name = c->m.description, .image = c->hdr.img,
		.image_size = c->hdr.img_size, .mem = mem, .load_addr = c->load_addr,
		.mem_size = c->mem_size, .entry_offset = c->m.entrypoint_offset,
	};
	image = hal_image_load(&req, &entry, &why);
	if (!image) {
		report(d, "/", "", why, false, 0);
		return false;
	}
	cfg->image = image;
	cfg->entry = entry;
	if (cfg->boot_info) {
		uint64_t off = c->mem_size - info_size;

		spmc_boot_info_write(mem + off, info_size, c->load_addr + off, cfg->ffa_version,
				     c->hdr.pm, c->hdr.pm_size);
		cfg->boot_info_addr = c->load_addr + off;
	}
	return true;
}

int spmc_load(const struct spmc_load_input *in, struct spmc_mf_arena *arena,
	      struct spmc_config *out, uint32_t *loaded, uint32_t *failed,
	      struct spmc_mf_diags *diags)
{
	struct spmc_mf_spmc sm;
	struct cand *c;
	const struct spmc_mf_partition **set;
	struct spmc_partition_cfg *cfgs;
	uint32_t *idx;
	uint32_t n, good = 0;
	bool embedded = in->embedded != NULL;
	uint64_t extra = in->default_extra_mem ? in->default_extra_mem : DEFAULT_EXTRA_MEM;
	int rc;

	*loaded = *failed = 0;
	spmc_memset(out, 0, sizeof(*out));
	rc = spmc_mf_parse_spmc(in->spmc_manifest, in->spmc_manifest_size, arena, &sm, diags);
	if (rc != 0)
		return rc;
	spmc_mf_spmc_config(&sm, out);
	if (in->cpu_count)
		out->cpu_count = in->cpu_count;
	if (!out->cpu_count) {
		report(diags, "/cpus", "", "no CPU count: the SPMC manifest lists no CPUs", false, 0);
		return FFA_RET_INVALID_PARAMETERS;
	}

	n = embedded ? in->embedded_count : sm.sp_pkg_count + sm.vm_count;
	c = take(arena, (n ? n : 1) * sizeof(*c));
	set = take(arena, (n ? n : 1) * sizeof(*set));
	cfgs = take(arena, (n ? n : 1) * sizeof(*cfgs));
	idx = take(arena, (n ? n : 1) * sizeof(*idx));
	if (!c || !set || !cfgs || !idx)
		return FFA_RET_NO_MEMORY;
	spmc_memset(c, 0, n * sizeof(*c));

	/* Pass 1: find and parse each package. */
	for (uint32_t i = 0; i < n; i++) {
		size_t pkg_size;

		c[i].path = "";
		if (embedded) {
			c[i].pkg = in->embedded[i].pkg;
			pkg_size = in->embedded[i].size;
		} else {
			if (i < sm.sp_pkg_count) {
				c[i].path = sm.sp_pkgs[i].path;
				c[i].pkg_addr = sm.sp_pkgs[i].load_address;
				c[i].has_list_uuid = true;
				spmc_memcpy(c[i].list_uuid, sm.sp_pkgs[i].uuid, 16);
			} else {
				const struct spmc_mf_vm *vm = &sm.vms[i - sm.sp_pkg_count];

				c[i].path = vm->path;
				if (!vm->is_ffa_partition || !vm->has_load_address) {
					report(diags, vm->path, "load_address",
					       "not an FF-A partition with a load address", false, 0);
					continue;
				}
				c[i].pkg_addr = vm->load_address;
				c[i].list_mem_size = vm->mem_size;
			}
			if (!locate(&c[i], diags))
				continue;
			pkg_size = c[i].hdr.total_size;
		}
		c[i].ok = parse(&c[i], pkg_size, arena, diags) &&
			  place(&c[i], extra, embedded, diags);
	}

	/* Pass 2: what only the whole set shows. */
	check_overlaps(c, n, diags);
	check_set(c, n, set, idx, diags);

	/* Pass 3: images and boot information for the partitions that remain. */
	uint32_t next_id = 0x8001;
	for (uint32_t i = 0; i < n; i++) {
		ffa_id_t id = c[i].m.has_id && ffa_id_is_secure(c[i].m.id)
				      ? c[i].m.id
				      : next_free_id(c, n, &next_id);

		if (c[i].ok && prepare(&c[i], id, out->cpu_count, arena, &cfgs[good], diags))
			good++;
		else
			(*failed)++;
	}
	out->partitions = cfgs;
	out->partition_count = good;
	*loaded = good;
	return 0;
}
