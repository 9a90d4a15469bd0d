/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sizing and building the memory management state in the SPMC's arena: the
 * transaction store (mem/mem_store.h) over every memory region the SPMC knows
 * (the normal world's ns_mem, each SP's own memory), the scratch memory a
 * descriptor is copied into, the parse rooms, and the fragment pool.
 */
#include "mem_abi.h"

static uint32_t mem_max_pages(const struct spmc_config *cfg)
{
	uint32_t n = cfg->rxtx_max_pages ? cfg->rxtx_max_pages : FFA_RXTX_MAP_PAGE_COUNT_MASK;

	return n > FFA_RXTX_MAP_PAGE_COUNT_MASK ? FFA_RXTX_MAP_PAGE_COUNT_MASK : n;
}

/* A device region its partition may lend (exclusive access: nobody else maps it). */
static bool lendable_device(const struct spmc_region *r)
{
	return (r->attrs & HAL_MEM_DEVICE) && r->exclusive && r->pages;
}

/* Upper bound of the store's regions. */
static uint32_t region_count(const struct spmc_config *cfg)
{
	uint32_t n = cfg->ns_mem ? cfg->ns_mem_count : 0;

	for (uint32_t i = 0; i < cfg->partition_count; i++) {
		const struct spmc_partition_cfg *p = &cfg->partitions[i];

		n += p->mem_size != 0;
		for (uint32_t k = 0; p->regions && k < p->region_count; k++)
			n += lendable_device(&p->regions[k]);
	}
	return n;
}

static bool overlaps_any(const struct spmc_mem_region_cfg *have, uint32_t n, uint64_t base,
			 uint64_t pages)
{
	for (uint32_t i = 0; i < n; i++)
		if (base < have[i].base + have[i].pages * FFA_PAGE_SIZE &&
		    have[i].base < base + pages * FFA_PAGE_SIZE)
			return true;
	return false;
}

/* The store's configuration; regions filled in by the caller. */
static struct spmc_mem_store_cfg store_cfg(const struct spmc_config *cfg, uint32_t nregions)
{
	struct spmc_mem_store_cfg sc = {
		.max_tx = cfg->mem_max_tx ? cfg->mem_max_tx : SPMC_MEM_DEFAULT_MAX_TX,
		.max_borrowers = cfg->mem_max_borrowers ? cfg->mem_max_borrowers
							: SPMC_MEM_DEFAULT_MAX_BORROWERS,
		.max_ranges = cfg->mem_max_ranges ? cfg->mem_max_ranges
						  : SPMC_MEM_DEFAULT_MAX_RANGES,
		.region_count = nregions,
	};
	/* Given explicitly (the store's own default formula), so the size does
	 * not depend on the regions' contents and can be measured before they
	 * are laid out. */
	sc.max_intervals = nregions + 2 * sc.max_ranges + 2 * sc.max_tx;
	return sc;
}

/* The largest descriptor (v1.2 layout, the largest) of n borrowers and r
 * constituents: header, access descriptors, composite, constituents. */
static uint64_t desc_bytes(uint32_t n, uint32_t r)
{
	return 48 + 32ull * n + 16 + 16ull * r;
}

struct mem_layout {
	size_t regions, scratch, access, ranges, changes, frags, pool, store, store_size, total;
	uint32_t nregions, max_ranges, max_borrowers, max_frags;
	size_t scratch_size, pool_size;
};

static size_t take(size_t *off, size_t n)
{
	size_t at = (size_t)SPMC_ALIGN_UP(*off, 16);

	*off = at + n;
	return at;
}

static bool mem_plan(const struct spmc_config *cfg, struct mem_layout *l)
{
	uint32_t n = region_count(cfg);
	struct spmc_mem_store_cfg sc = store_cfg(cfg, n);
	uint64_t pool, room;
	size_t off = 0;

	l->nregions = n;
	l->max_borrowers = sc.max_borrowers;
	l->scratch_size = (size_t)mem_max_pages(cfg) * FFA_PAGE_SIZE;
	l->max_frags = cfg->mem_max_frags ? cfg->mem_max_frags : SPMC_MEM_DEFAULT_MAX_FRAGS;
	pool = cfg->mem_frag_bytes ? cfg->mem_frag_bytes
				   : desc_bytes(sc.max_borrowers, sc.max_ranges);
	if (sc.max_borrowers > 0xffff || pool > 0xffffffffull || l->max_frags > 0xffff)
		return false;
	l->pool_size = (size_t)SPMC_ALIGN_UP(pool, 16);
	/* A parsed descriptor holds no more constituents than its bytes do, nor
	 * than the store could ever take. */
	room = (l->pool_size > l->scratch_size ? l->pool_size : l->scratch_size) / 16;
	l->max_ranges = (uint32_t)(room < sc.max_ranges ? room : sc.max_ranges);
	l->store_size = 0;
	if (n) {
		/* Measured with one stand-in region: the layout depends only on
		 * the counts, plus the region array itself and alignment slack. */
		struct spmc_mem_region_cfg one = {
			.base = 0, .pages = 1, .owner = 0x8000, .attrs = HAL_MEM_R};
		struct spmc_mem_store_cfg m = sc;

		m.regions = &one;
		m.region_count = 1;
		l->store_size = spmc_mem_store_size(&m);
		if (l->store_size == 0)
			return false;
		l->store_size += (size_t)n * sizeof(struct spmc_mem_region_cfg) + 128;
	}
	l->regions = take(&off, (size_t)n * sizeof(struct spmc_mem_region_cfg));
	l->scratch = take(&off, l->scratch_size);
	l->access = take(&off, (size_t)l->max_borrowers * sizeof(struct spmc_mem_access));
	/* Two halves: a parsed descriptor's ranges, and a live transaction's. */
	l->ranges = take(&off, 2 * (size_t)l->max_ranges * sizeof(struct spmc_mem_range));
	l->changes = take(&off, ((size_t)l->max_borrowers + 1) * sizeof(struct spmc_mem_change));
	l->frags = take(&off, (size_t)l->max_frags * sizeof(struct spmc_mem_frag));
	l->pool = take(&off, l->pool_size);
	l->store = take(&off, l->store_size);
	l->total = (size_t)SPMC_ALIGN_UP(off, 16);
	return true;
}

size_t spmc_mem_arena_size(const struct spmc_config *cfg)
{
	struct mem_layout l;

	return mem_plan(cfg, &l) ? l.total : 0;
}

int spmc_mem_init(struct spmc *s, void *mem, size_t size, const struct spmc_config *cfg)
{
	struct mem_layout l;
	uint8_t *base = mem;
	struct spmc_mem_region_cfg *regions;
	struct spmc_mem_store_cfg sc;
	uint32_t k = 0;

	if (!mem_plan(cfg, &l) || size < l.total)
		return FFA_RET_NO_MEMORY;
	regions = (struct spmc_mem_region_cfg *)(void *)(base + l.regions);
	s->mem_scratch = base + l.scratch;
	s->mem_scratch_size = l.scratch_size;
	s->mem_access = (struct spmc_mem_access *)(void *)(base + l.access);
	s->mem_max_borrowers = l.max_borrowers;
	s->mem_ranges = (struct spmc_mem_range *)(void *)(base + l.ranges);
	s->mem_max_ranges = l.max_ranges;
	s->mem_changes = (struct spmc_mem_change *)(void *)(base + l.changes);
	s->mem_max_changes = l.max_borrowers + 1;
	s->mem_frags = (struct spmc_mem_frag *)(void *)(base + l.frags);
	s->mem_frag_count = l.max_frags;
	s->mem_frag_pool = base + l.pool;
	s->mem_frag_pool_size = l.pool_size;
	for (uint32_t i = 0; i < l.max_frags; i++)
		s->mem_frags[i] = (struct spmc_mem_frag){.kind = MEM_FRAG_FREE};
	s->mem = NULL;
	if (l.nregions == 0)
		return 0; /* no known memory: every transaction is refused */
	for (uint32_t i = 0; cfg->ns_mem && i < cfg->ns_mem_count; i++)
		regions[k++] = cfg->ns_mem[i];
	/* Each SP owns its own memory, mapped RWX at IPA == PA. */
	for (uint32_t i = 0; i < cfg->partition_count; i++) {
		const struct spmc_partition_cfg *p = &cfg->partitions[i];

		if (p->mem_size)
			regions[k++] = (struct spmc_mem_region_cfg){
				.base = p->load_addr,
				.pages = p->mem_size / FFA_PAGE_SIZE,
				.owner = p->id,
				.attrs = HAL_MEM_R | HAL_MEM_W | HAL_MEM_X,
			};
	}
	/* And its exclusive device regions, which it may lend (FF-A: device
	 * memory is lent to one borrower at a time). One that overlaps memory
	 * already known is left out of memory management (the manifest
	 * checks catch real conflicts; this only keeps the store consistent). */
	for (uint32_t i = 0; i < cfg->partition_count; i++) {
		const struct spmc_partition_cfg *p = &cfg->partitions[i];

		for (uint32_t j = 0; p->regions && j < p->region_count; j++) {
			const struct spmc_region *r = &p->regions[j];

			if (lendable_device(r) && !overlaps_any(regions, k, r->base, r->pages))
				regions[k++] = (struct spmc_mem_region_cfg){
					.base = r->base,
					.pages = r->pages,
					.owner = p->id,
					.attrs = (r->attrs & (HAL_MEM_R | HAL_MEM_W)) | HAL_MEM_DEVICE,
				};
		}
	}
	sc = store_cfg(cfg, k);
	sc.regions = regions;
	return spmc_mem_store_init(&s->mem, base + l.store, l.store_size, &sc);
}
