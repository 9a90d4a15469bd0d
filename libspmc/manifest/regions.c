/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A partition manifest's memory-regions and device-regions children, their
 * interrupts and DMA streams, and the RX/TX buffers an rx_tx-info node names
 * by phandle. Overlaps are checked later, over the whole set of partitions
 * (manifest_check.c), because they span partitions too.
 */
#include <libfdt.h>

#include "mf_internal.h"

static const char *const mem_props[] = {
	"description", "base-address", "load-address-relative-offset", "relative-address",
	"pages-count", "attributes", "phandle", "smmu-id", "stream-ids",
	"stream-ids-access-permissions",
};

static const char *const dev_props[] = {
	"description", "base-address", "pages-count", "attributes", "interrupts",
	"interrupts-target", "exclusive-access", "smmu-id", "stream-ids", "phandle",
};

static const char *const regions_node_props[] = {"compatible", "phandle", "description"};

/* Where the region is: base-address, or an offset from the load address. */
static void region_address(struct mf_ctx *c, int node, bool device,
			   const struct spmc_mf_partition *m, struct spmc_mf_region *r)
{
	uint64_t base = 0, off = 0, off2 = 0;
	int gb = mf_u64(c, node, "base-address", &base);
	int go = device ? MF_ABSENT : mf_u64(c, node, "load-address-relative-offset", &off);
	/* An older spelling of the same, from earlier Hafnium releases. */
	int go2 = device ? MF_ABSENT : mf_u64(c, node, "relative-address", &off2);

	if (device && gb == MF_ABSENT)
		mf_error(c, node, "base-address", "mandatory property missing");
	if (go == MF_OK && go2 == MF_OK)
		mf_error(c, node, "relative-address",
			 "given with load-address-relative-offset: they name the same thing");
	if (go != MF_OK && go2 == MF_OK) {
		go = go2;
		off = off2;
	}
	if (gb == MF_OK && go == MF_OK) {
		mf_error(c, node, "base-address",
			 "base-address and load-address-relative-offset are exclusive");
		return;
	}
	if (gb == MF_OK) {
		r->has_base = true;
		r->base = base;
		if (!SPMC_IS_ALIGNED(base, SPMC_MF_PAGE_SIZE))
			mf_error_v(c, node, "base-address", "not 4 KiB aligned", base);
	} else if (go == MF_OK) {
		r->relative = true;
		r->offset = off;
		if (!SPMC_IS_ALIGNED(off, SPMC_MF_PAGE_SIZE))
			mf_error_v(c, node, go2 == MF_OK && go != MF_OK ? "relative-address"
							   : "load-address-relative-offset",
				   "not 4 KiB aligned", off);
		if (m->has_load_address) {
			if (off > UINT64_MAX - m->load_address) {
				mf_error_v(c, node, "load-address-relative-offset",
					   "load-address + offset overflows", off);
				return;
			}
			r->has_base = true;
			r->base = m->load_address + off;
		}
	}
}

static void region_attributes(struct mf_ctx *c, int node, bool device, struct spmc_mf_region *r)
{
	uint32_t a = 0, perm;
	int got = mf_u32_bits(c, node, "attributes", 0xf, &a);

	if (!mf_need(c, node, "attributes", got))
		return;
	r->attributes = a;
	perm = a & (SPMC_MF_ATTR_R | SPMC_MF_ATTR_W | SPMC_MF_ATTR_X);
	/* Hafnium's rule: memory is R, RW or RX (never writable and executable);
	 * a device is R or RW. */
	if (perm == SPMC_MF_ATTR_R || perm == (SPMC_MF_ATTR_R | SPMC_MF_ATTR_W))
		return;
	if (!device && perm == (SPMC_MF_ATTR_R | SPMC_MF_ATTR_X))
		return;
	mf_error_v(c, node, "attributes",
		   device ? "device access must be read (0x1) or read-write (0x3)"
			  : "memory access must be R (0x1), RW (0x3) or RX (0x5)",
		   a);
}

static void region_streams(struct mf_ctx *c, int node, bool device, struct spmc_mf_region *r)
{
	const uint8_t *p;
	uint32_t n = 0, x = 0;
	uint32_t *ids;

	if (mf_u32(c, node, "smmu-id", &x) == MF_OK) {
		r->has_smmu_id = true;
		r->smmu_id = x;
	}
	if (mf_cells(c, node, "stream-ids", 1, &p, &n) != MF_OK)
		n = 0;
	if (n && !r->has_smmu_id)
		mf_error(c, node, "stream-ids", "stream IDs need an smmu-id");
	ids = mf_alloc(c, node, n, sizeof(*ids));
	for (uint32_t i = 0; ids && i < n; i++)
		ids[i] = mf_cell(p, i);
	r->stream_ids = ids;
	r->stream_id_count = ids ? n : 0;
	if (device)
		return;
	if (mf_cells(c, node, "stream-ids-access-permissions", 1, &p, &x) != MF_OK)
		return;
	if (x != n)
		mf_error_v(c, node, "stream-ids-access-permissions",
			   "needs one value per stream ID (values given)", x);
	for (uint32_t i = 0; i < x; i++) {
		uint32_t v = mf_cell(p, i);

		if (v & ~0xfu) {
			mf_error_v(c, node, "stream-ids-access-permissions", "undefined bits set", v);
			break;
		}
		if (i && v != r->stream_access) {
			mf_error(c, node, "stream-ids-access-permissions",
				 "all streams of a device must have the same permissions");
			break;
		}
		r->stream_access = v;
	}
}

static void region_interrupts(struct mf_ctx *c, int node, struct spmc_mf_region *r)
{
	const uint8_t *p;
	uint32_t n = 0;
	struct spmc_mf_irq *irqs;

	if (mf_cells(c, node, "interrupts", 2, &p, &n) != MF_OK)
		return;
	irqs = mf_alloc(c, node, n, sizeof(*irqs));
	if (!irqs)
		return;
	for (uint32_t i = 0; i < n; i++) {
		irqs[i].id = mf_cell(p, 2 * i);
		irqs[i].attributes = mf_cell(p, 2 * i + 1);
		if (irqs[i].attributes & ~0xfffu)
			mf_error_v(c, node, "interrupts", "undefined attribute bits set",
				   irqs[i].attributes);
		else if (SPMC_MF_IRQ_TYPE(irqs[i].attributes) == 3)
			mf_error_v(c, node, "interrupts", "interrupt type 3 is reserved",
				   irqs[i].attributes);
		for (uint32_t j = 0; j < i; j++)
			if (irqs[j].id == irqs[i].id) {
				mf_error_v(c, node, "interrupts", "interrupt listed twice",
					   irqs[i].id);
				break;
			}
	}
	r->irqs = irqs;
	r->irq_count = n;

	/* (id, MPIDR high word, MPIDR low word) routes for some of them. */
	if (mf_cells(c, node, "interrupts-target", 3, &p, &n) != MF_OK)
		return;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t id = mf_cell(p, 3 * i), j;

		for (j = 0; j < r->irq_count && irqs[j].id != id; j++)
			;
		if (j == r->irq_count) {
			mf_error_v(c, node, "interrupts-target", "interrupt not in \"interrupts\"", id);
			continue;
		}
		irqs[j].has_target = true;
		irqs[j].mpidr = (uint64_t)mf_cell(p, 3 * i + 1) << 32 | mf_cell(p, 3 * i + 2);
	}
}

static void one_region(struct mf_ctx *c, int node, bool device, const struct spmc_mf_partition *m,
		       struct spmc_mf_region *r)
{
	uint32_t x = 0;
	int got;

	if (device)
		mf_scan_props(c, node, dev_props, SPMC_ARRAY_SIZE(dev_props));
	else
		mf_scan_props(c, node, mem_props, SPMC_ARRAY_SIZE(mem_props));
	r->device = device;
	r->path = mf_path_dup(c, node);
	r->name = mf_node_name(c, node);
	mf_str(c, node, "description", &r->description);
	region_address(c, node, device, m, r);
	got = mf_u32(c, node, "pages-count", &x);
	if (mf_need(c, node, "pages-count", got)) {
		if (x == 0)
			mf_error(c, node, "pages-count", "must be at least 1");
		r->pages = x;
		if (r->has_base && x && mf_region_end(r->base, x) == 0)
			mf_error_v(c, node, "pages-count", "the region runs past the address space", x);
	}
	region_attributes(c, node, device, r);
	if (mf_u32(c, node, "phandle", &x) == MF_OK) {
		r->has_phandle = true;
		r->phandle = x;
	}
	region_streams(c, node, device, r);
	if (device) {
		region_interrupts(c, node, r);
		mf_bool(c, node, "exclusive-access", &r->exclusive_access);
	}
}

void mf_parse_regions(struct mf_ctx *c, int node, bool device, struct spmc_mf_partition *m)
{
	const char *compat = device ? "arm,ffa-manifest-device-regions"
				    : "arm,ffa-manifest-memory-regions";
	struct spmc_mf_region *r;
	uint32_t n, i = 0;
	int sub;

	mf_scan_props(c, node, regions_node_props, SPMC_ARRAY_SIZE(regions_node_props));
	if (!mf_compatible(c, node, compat))
		mf_error(c, node, "compatible",
			 device ? "must be \"arm,ffa-manifest-device-regions\""
				: "must be \"arm,ffa-manifest-memory-regions\"");
	n = mf_count_subnodes(c, node);
	if (n == 0) {
		mf_note(c, node, "", "no regions in it");
		return;
	}
	r = mf_alloc(c, node, n, sizeof(*r));
	if (!r)
		return;
	fdt_for_each_subnode(sub, c->fdt, node) {
		if (i == n || c->nomem)
			break;
		one_region(c, sub, device, m, &r[i++]);
	}
	if (device) {
		m->dev_regions = r;
		m->dev_region_count = i;
	} else {
		m->mem_regions = r;
		m->mem_region_count = i;
	}
}

/* Hafnium: a stream a memory region lets DMA through must belong to a device
 * region of the same partition. */
void mf_check_streams(struct mf_ctx *c, const struct spmc_mf_partition *m)
{
	for (uint32_t k = 0; k < m->mem_region_count; k++) {
		const struct spmc_mf_region *mr = &m->mem_regions[k];

		for (uint32_t s = 0; s < mr->stream_id_count; s++) {
			bool found = false;

			for (uint32_t d = 0; d < m->dev_region_count && !found; d++) {
				const struct spmc_mf_region *dr = &m->dev_regions[d];

				for (uint32_t t = 0; t < dr->stream_id_count && !found; t++)
					found = dr->stream_ids[t] == mr->stream_ids[s];
			}
			if (!found) {
				struct spmc_mf_diag diag = {
					.severity = SPMC_MF_ERROR,
					.path = mr->path ? mr->path : "/",
					.prop = "stream-ids",
					.msg = "stream ID not declared by any device region",
					.has_value = true,
					.value = mr->stream_ids[s],
					.part = -1,
					.other = -1,
				};

				c->errors++;
				mf_emit(c->diags, &diag);
			}
		}
	}
}

static int32_t region_by_phandle(const struct spmc_mf_partition *m, uint32_t ph)
{
	for (uint32_t i = 0; i < m->mem_region_count; i++)
		if (m->mem_regions[i].has_phandle && m->mem_regions[i].phandle == ph)
			return (int32_t)i;
	return -1;
}

void mf_resolve_rxtx(struct mf_ctx *c, int node, struct spmc_mf_partition *m)
{
	uint32_t rx = 0, tx = 0;
	int grx, gtx;

	if (!mf_compatible(c, node, "arm,ffa-manifest-rx_tx-buffer"))
		mf_error(c, node, "compatible", "must be \"arm,ffa-manifest-rx_tx-buffer\"");
	grx = mf_u32(c, node, "rx-buffer", &rx);
	gtx = mf_u32(c, node, "tx-buffer", &tx);
	mf_need(c, node, "rx-buffer", grx);
	mf_need(c, node, "tx-buffer", gtx);
	if (grx != MF_OK || gtx != MF_OK)
		return;
	m->has_rxtx = true;
	m->rx_region = region_by_phandle(m, rx);
	m->tx_region = region_by_phandle(m, tx);
	if (m->rx_region < 0)
		mf_error_v(c, node, "rx-buffer", "phandle names no memory-regions child", rx);
	if (m->tx_region < 0)
		mf_error_v(c, node, "tx-buffer", "phandle names no memory-regions child", tx);
	if (m->rx_region < 0 || m->tx_region < 0)
		return;
	if (m->rx_region == m->tx_region)
		mf_error(c, node, "tx-buffer", "RX and TX are the same region");
	else if (m->mem_regions[m->rx_region].pages != m->mem_regions[m->tx_region].pages)
		mf_error(c, node, "tx-buffer", "RX and TX buffers differ in size");
}
