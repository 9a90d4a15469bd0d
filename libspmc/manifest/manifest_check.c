/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Checks over a set of parsed partitions, the ones no single manifest can
 * show: IDs, UUIDs, boot orders and interrupts used twice; memory that two
 * regions (of one partition or of two) claim; regions outside the memory the
 * platform gives the secure world.
 */
#include "mf_internal.h"

struct chk {
	struct spmc_mf_diags *diags;
	uint32_t errors;
};

static void fail(struct chk *k, int32_t part, const char *path, const char *prop,
		 const char *msg, bool has_value, uint64_t value, int32_t other,
		 const char *other_path)
{
	struct spmc_mf_diag d = {
		.severity = SPMC_MF_ERROR,
		.path = path ? path : "/",
		.prop = prop,
		.msg = msg,
		.has_value = has_value,
		.value = value,
		.part = part,
		.other = other,
		.other_path = other_path,
	};

	k->errors++;
	mf_emit(k->diags, &d);
}

static bool same_uuid(const uint32_t *a, const uint32_t *b)
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

static void identities(struct chk *k, const struct spmc_mf_partition *const *p, uint32_t n)
{
	for (uint32_t j = 1; j < n; j++)
		for (uint32_t i = 0; i < j; i++) {
			if (p[i]->has_id && p[j]->has_id && p[i]->id == p[j]->id)
				fail(k, (int32_t)j, "/", "id", "partition ID used by another partition",
				     true, p[j]->id, (int32_t)i, "/");
			if (p[i]->has_boot_order && p[j]->has_boot_order &&
			    p[i]->boot_order == p[j]->boot_order)
				fail(k, (int32_t)j, "/", "boot-order",
				     "boot order shared with another partition (must be unique)", true,
				     p[j]->boot_order, (int32_t)i, "/");
			for (uint32_t b = 0; b < p[j]->service_count; b++)
				for (uint32_t a = 0; a < p[i]->service_count; a++)
					if (same_uuid(p[j]->services[b].uuid, p[i]->services[a].uuid))
						fail(k, (int32_t)j, p[j]->services[b].path, "uuid",
						     "UUID used by another partition", false, 0,
						     (int32_t)i, p[i]->services[a].path);
		}
}

static void interrupts(struct chk *k, const struct spmc_mf_partition *const *p, uint32_t n)
{
	for (uint32_t j = 0; j < n; j++)
		for (uint32_t r = 0; r < p[j]->dev_region_count; r++) {
			const struct spmc_mf_region *rj = &p[j]->dev_regions[r];

			for (uint32_t q = 0; q < rj->irq_count; q++) {
				uint32_t id = rj->irqs[q].id;
				bool dup = false;

				/* Every earlier region, of this partition or an earlier one. */
				for (uint32_t i = 0; i <= j && !dup; i++) {
					uint32_t lim = i == j ? r : p[i]->dev_region_count;

					for (uint32_t s = 0; s < lim && !dup; s++) {
						const struct spmc_mf_region *ri = &p[i]->dev_regions[s];

						for (uint32_t t = 0; t < ri->irq_count && !dup; t++)
							if (ri->irqs[t].id == id) {
								fail(k, (int32_t)j, rj->path, "interrupts",
								     "interrupt claimed by another device region",
								     true, id, (int32_t)i, ri->path);
								dup = true;
							}
					}
				}
			}
		}
}

/* One address range something of a partition occupies. */
struct span {
	uint64_t first, last;
	const char *path;
	const char *prop;
	int32_t part;
	int kind;       /* enum spmc_mf_range_kind it must lie in */
	bool image;     /* the partition's own load range */
	bool relative;  /* placed relative to the load address */
};

/* The span of item number `idx` of partition p (regions, then its image);
 * false if it has none (no known address or size). */
static bool span_of(const struct spmc_mf_partition *p, int32_t part, uint32_t idx, struct span *s)
{
	uint32_t nm = p->mem_region_count, nd = p->dev_region_count;

	s->part = part;
	if (idx < nm + nd) {
		const struct spmc_mf_region *r = idx < nm ? &p->mem_regions[idx]
							  : &p->dev_regions[idx - nm];
		bool ns = (r->attributes & SPMC_MF_ATTR_NS) != 0;

		if (!r->has_base || r->pages == 0 || mf_region_end(r->base, r->pages) == 0)
			return false;
		s->first = r->base;
		s->last = mf_region_end(r->base, r->pages) - 1;
		s->path = r->path;
		s->prop = r->relative ? "load-address-relative-offset" : "base-address";
		s->kind = r->device ? (ns ? SPMC_MF_RANGE_NS_DEV : SPMC_MF_RANGE_DEV)
				    : (ns ? SPMC_MF_RANGE_NS_MEM : SPMC_MF_RANGE_MEM);
		s->image = false;
		s->relative = r->relative;
		return true;
	}
	if (idx > nm + nd || !p->has_load_address || !p->has_image_size || p->image_size == 0 ||
	    p->image_size - 1 > UINT64_MAX - p->load_address)
		return false;
	s->first = p->load_address;
	s->last = p->load_address + (p->image_size - 1);
	s->path = "/";
	s->prop = "load-address";
	s->kind = SPMC_MF_RANGE_MEM;
	s->image = true;
	s->relative = false;
	return true;
}

static uint32_t items(const struct spmc_mf_partition *p)
{
	return p->mem_region_count + p->dev_region_count + 1;
}

static void overlaps(struct chk *k, const struct spmc_mf_partition *const *p, uint32_t n)
{
	for (uint32_t j = 0; j < n; j++)
		for (uint32_t b = 0; b < items(p[j]); b++) {
			struct span y, x;
			bool hit = false;

			if (!span_of(p[j], (int32_t)j, b, &y))
				continue;
			/* Hafnium: an absolute region may not hold the partition's load address. */
			if (!y.image && !y.relative && p[j]->has_load_address &&
			    y.first <= p[j]->load_address && p[j]->load_address <= y.last)
				fail(k, (int32_t)j, y.path, y.prop,
				     "region covers the partition's load-address", true,
				     p[j]->load_address, (int32_t)j, "/");
			for (uint32_t i = 0; i <= j && !hit; i++)
				for (uint32_t a = 0; a < (i == j ? b : items(p[i])) && !hit; a++) {
					if (!span_of(p[i], (int32_t)i, a, &x))
						continue;
					/* Relative regions live inside their own image. */
					if (i == j && (x.image || y.image) && (x.relative || y.relative))
						continue;
					if (y.first <= x.last && x.first <= y.last) {
						fail(k, (int32_t)j, y.path, y.prop,
						     i == j ? "overlaps another region of this partition"
							    : "overlaps a region of another partition",
						     true, y.first, (int32_t)i, x.path);
						hit = true;
					}
				}
		}
}

static const char *const outside_msg[] = {
	[SPMC_MF_RANGE_MEM] = "outside the platform's secure memory",
	[SPMC_MF_RANGE_NS_MEM] = "outside the platform's non-secure memory",
	[SPMC_MF_RANGE_DEV] = "outside the platform's secure device memory",
	[SPMC_MF_RANGE_NS_DEV] = "outside the platform's non-secure device memory",
};

static void platform(struct chk *k, const struct spmc_mf_partition *const *p, uint32_t n,
		     const struct spmc_mf_range *ranges, uint32_t nr)
{
	bool have[SPMC_MF_RANGE_KINDS] = {false};

	for (uint32_t r = 0; r < nr; r++)
		if (ranges[r].kind < SPMC_MF_RANGE_KINDS && ranges[r].size)
			have[ranges[r].kind] = true;
	for (uint32_t j = 0; j < n; j++)
		for (uint32_t b = 0; b < items(p[j]); b++) {
			struct span s;
			bool inside = false;

			if (!span_of(p[j], (int32_t)j, b, &s))
				continue;
			for (uint32_t r = 0; r < nr; r++) {
				const struct spmc_mf_range *g = &ranges[r];
				uint64_t last;

				if (g->size == 0 || g->size - 1 > UINT64_MAX - g->base)
					continue;
				last = g->base + (g->size - 1);
				if (g->kind == SPMC_MF_RANGE_RESERVED && s.first <= last &&
				    g->base <= s.last) {
					fail(k, (int32_t)j, s.path, s.prop,
					     "overlaps memory reserved by the platform (the SPMC)", true,
					     s.first, -1, NULL);
					break;
				}
				if ((int)g->kind == s.kind && g->base <= s.first && s.last <= last)
					inside = true;
			}
			if (have[s.kind] && !inside)
				fail(k, (int32_t)j, s.path, s.prop, outside_msg[s.kind], true, s.first,
				     -1, NULL);
		}
}

int spmc_mf_check_partitions(const struct spmc_mf_partition *const *parts, uint32_t count,
			     const struct spmc_mf_range *ranges, uint32_t range_count,
			     struct spmc_mf_diags *diags)
{
	struct chk k = {diags, 0};

	if (!parts && count)
		return FFA_RET_INVALID_PARAMETERS;
	for (uint32_t i = 0; i < count; i++)
		if (!parts[i])
			return FFA_RET_INVALID_PARAMETERS;
	identities(&k, parts, count);
	interrupts(&k, parts, count);
	overlaps(&k, parts, count);
	if (ranges && range_count)
		platform(&k, parts, count, ranges, range_count);
	return k.errors ? FFA_RET_INVALID_PARAMETERS : 0;
}
