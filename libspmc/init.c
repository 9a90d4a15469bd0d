/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Building the SPMC state from a configuration: every pool is carved from the
 * arena the backend hands over, sized from the configuration.
 */
#include "internal.h"

struct arena {
	uint8_t *base;
	size_t size, used;
};

static void *arena_take(struct arena *a, size_t n)
{
	size_t off = SPMC_ALIGN_UP(a->used, 16);

	if (off > a->size || n > a->size - off)
		return NULL;
	a->used = off + n;
	return a->base ? a->base + off : (void *)1; /* sizing pass: any non-NULL */
}

static uint32_t notif_vms(const struct spmc_config *cfg)
{
	return cfg->notif_max_vms ? cfg->notif_max_vms : SPMC_NOTIF_DEFAULT_VMS;
}

static uint32_t notif_vcpus(const struct spmc_config *cfg)
{
	return cfg->notif_max_vcpus ? cfg->notif_max_vcpus : cfg->cpu_count;
}

/* Lays out (or, with a NULL base, measures) everything; NULL if it does not fit. */
static struct spmc *carve(struct arena *a, const struct spmc_config *cfg)
{
	uint32_t n = cfg->partition_count, ecs = 0, irqs = 0, virqs = 0;
	struct spmc *s = arena_take(a, sizeof(*s));
	void *sps = arena_take(a, n * sizeof(struct spmc_partition));
	void *by_id = arena_take(a, n * sizeof(struct spmc_partition *));
	void *boot = arena_take(a, n * sizeof(struct spmc_partition *));
	void *cpus = arena_take(a, cfg->cpu_count * sizeof(struct spmc_cpu));
	void *nwd_ecs = arena_take(a, cfg->cpu_count * sizeof(struct spmc_ec));

	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = spmc_irq_cfg_count(&cfg->partitions[i]);

		ecs += cfg->partitions[i].ec_count;
		irqs += k;
		/* Each context queues its partition's interrupts and the SPMC's
		 * own virtual ones (managed exit, notification pending), each at
		 * most once. */
		virqs += cfg->partitions[i].ec_count * (k + 2);
	}
	void *sp_ecs = arena_take(a, ecs * sizeof(struct spmc_ec));
	void *owners = arena_take(a, irqs * sizeof(struct spmc_irq_owner));
	void *virq = arena_take(a, virqs * sizeof(uint32_t));
	/* Notifications: per-vCPU state of every SP context and of every VM
	 * bitmap the normal world may create. */
	uint32_t nvms = notif_vms(cfg), nvcpus = notif_vcpus(cfg);
	void *sp_pend = arena_take(a, ecs * sizeof(struct spmc_notif_pending));
	void *vms = arena_take(a, nvms * sizeof(struct spmc_notif));
	void *vm_pend = arena_take(a, (size_t)nvms * nvcpus * sizeof(struct spmc_notif_pending));
	/* The memory transaction store and the descriptor scratch memory. */
	size_t mem_size = spmc_mem_arena_size(cfg);
	void *mem = mem_size ? arena_take(a, mem_size) : NULL;

	if (!s || !sps || !by_id || !boot || !cpus || !nwd_ecs || !sp_ecs || !owners || !virq ||
	    !sp_pend || !vms || !vm_pend || !mem)
		return NULL;
	if (!a->base)
		return s;
	spmc_memset(a->base, 0, a->used);
	s->sps = sps;
	s->by_id = by_id;
	s->boot_list = boot;
	s->cpus = cpus;
	s->nwd.ecs = nwd_ecs;
	s->mem_scratch = mem; /* laid out by spmc_mem_init */
	s->mem_scratch_size = mem_size;
	s->irq_owners = owners;
	s->vms = vms;
	s->notif_max_vms = nvms;
	s->notif_max_vcpus = (uint16_t)nvcpus;
	for (uint32_t i = 0; i < nvms; i++)
		s->vms[i].vcpu = (struct spmc_notif_pending *)vm_pend + (size_t)i * nvcpus;
	for (uint32_t i = 0, e = 0; i < n; i++) {
		s->sps[i].notif.vcpu = (struct spmc_notif_pending *)sp_pend + e;
		e += cfg->partitions[i].ec_count;
	}
	for (uint32_t i = 0, e = 0, v = 0; i < n; i++) {
		uint16_t cap = (uint16_t)(spmc_irq_cfg_count(&cfg->partitions[i]) + 2);

		s->sps[i].ecs = (struct spmc_ec *)sp_ecs + e;
		for (uint16_t k = 0; k < cfg->partitions[i].ec_count; k++, v += cap) {
			s->sps[i].ecs[k].virq = (uint32_t *)virq + v;
			s->sps[i].ecs[k].virq_cap = cap;
		}
		e += cfg->partitions[i].ec_count;
	}
	return s;
}

static int check_config(const struct spmc_config *cfg)
{
	if (!cfg || cfg->cpu_count == 0 || cfg->cpu_count > 0xffff ||
	    (cfg->partition_count && !cfg->partitions) || (cfg->ns_mem_count && !cfg->ns_mem))
		return FFA_RET_INVALID_PARAMETERS;
	if (!ffa_id_is_secure(cfg->spmc_id))
		return FFA_RET_INVALID_PARAMETERS;
	for (uint32_t i = 0; i < cfg->partition_count; i++) {
		const struct spmc_partition_cfg *p = &cfg->partitions[i];

		if (!ffa_id_is_secure(p->id) || p->id == cfg->spmc_id || p->id == FFA_ID_SPMD)
			return FFA_RET_INVALID_PARAMETERS;
		if (p->ec_count != 1 && p->ec_count != cfg->cpu_count)
			return FFA_RET_INVALID_PARAMETERS;
		if (!SPMC_IS_ALIGNED(p->load_addr | p->mem_size, FFA_PAGE_SIZE))
			return FFA_RET_INVALID_PARAMETERS;
		if (p->ffa_version &&
		    FFA_VERSION_MAJOR(p->ffa_version) != FFA_VERSION_MAJOR(SPMC_FFA_VERSION))
			return FFA_RET_INVALID_PARAMETERS;
		for (uint32_t j = 0; j < i; j++)
			if (cfg->partitions[j].id == p->id)
				return FFA_RET_INVALID_PARAMETERS;
		/* A context's virtual interrupt queue counts in 16 bits. */
		if (spmc_irq_cfg_count(p) >= 0xfffe)
			return FFA_RET_INVALID_PARAMETERS;
	}
	return 0;
}

size_t spmc_arena_size(const struct spmc_config *cfg)
{
	struct arena a = {NULL, (size_t)-1, 0};

	if (check_config(cfg) != 0)
		return 0;
	return carve(&a, cfg) ? a.used : 0;
}

/* Insertion sorts: partition counts are small at init and this keeps the core
 * free of libc; lookups afterwards are binary searches. */
static void sort_by_id(struct spmc_partition **v, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		struct spmc_partition *x = v[i];
		uint32_t j = i;

		for (; j > 0 && v[j - 1]->id > x->id; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void sort_by_boot_order(struct spmc_partition **v, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		struct spmc_partition *x = v[i];
		uint32_t j = i;

		for (; j > 0 && v[j - 1]->boot_order > x->boot_order; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void init_partition(struct spmc_partition *p, const struct spmc_partition_cfg *c)
{
	p->id = c->id;
	p->cfg = c;
	p->ec_count = c->ec_count;
	p->boot_order = c->boot_order;
	spmc_memcpy(p->uuid, c->uuid, sizeof(p->uuid));
	/* Every SP here is AArch64 with PE endpoint IDs (ID type 0). */
	p->properties = (c->properties & ~FFA_PROP_ID_TYPE_MASK) | FFA_PROP_AARCH64;
	p->ffa_version = c->ffa_version ? c->ffa_version : SPMC_FFA_VERSION;
	if (p->ffa_version > SPMC_FFA_VERSION)
		p->ffa_version = SPMC_FFA_VERSION;
	for (uint16_t i = 0; i < p->ec_count; i++) {
		p->ecs[i].part = p;
		p->ecs[i].index = i;
	}
	/* It receives notifications if its manifest says so. */
	p->notif.enabled = (c->properties & FFA_PROP_NOTIFICATION_RECV) != 0;
	p->notif.id = c->id;
	p->notif.vcpu_count = c->ec_count;
}

/* Maps the memory and device regions the manifest asks for, each at its own
 * address (IPA == PA), and the RX/TX buffers it names. A partition whose
 * regions cannot all be mapped is not started: it is aborted before it ever
 * runs, its address space emptied, and the others boot. */
static void map_regions(struct spmc *s, struct spmc_partition *p)
{
	const struct spmc_partition_cfg *c = p->cfg;
	uint32_t i;

	for (i = 0; i < c->region_count; i++) {
		const struct spmc_region *r = &c->regions[i];
		uint64_t size = (uint64_t)r->pages * FFA_PAGE_SIZE;

		if (hal_as_map(p->as, r->base, r->base, size, r->attrs) != 0)
			break;
		hal_work(HAL_WORK_PAGES_MAPPED, r->pages);
	}
	if (i == c->region_count &&
	    (!c->rxtx_pages || spmc_mailbox_map(s, p, c->tx_addr, c->rx_addr, c->rxtx_pages) == 0))
		return;
	while (i--)
		hal_as_unmap(p->as, c->regions[i].base, (uint64_t)c->regions[i].pages * FFA_PAGE_SIZE);
	if (c->mem_size)
		hal_as_unmap(p->as, c->load_addr, c->mem_size);
	spmc_partition_abort(s, p);
}

/* Creates each SP's address space with its own memory mapped; on failure
 * destroys what was created, so nothing is left half-built. */
static int create_address_spaces(struct spmc *s)
{
	for (uint32_t i = 0; i < s->sp_count; i++) {
		struct spmc_partition *p = &s->sps[i];
		int rc = FFA_RET_NO_MEMORY;

		p->as = hal_as_create(p->id);
		if (p->as && p->cfg->mem_size) {
			rc = hal_as_map(p->as, p->cfg->load_addr, p->cfg->load_addr,
					p->cfg->mem_size, HAL_MEM_R | HAL_MEM_W | HAL_MEM_X);
			if (rc == 0)
				hal_work(HAL_WORK_PAGES_MAPPED, p->cfg->mem_size / FFA_PAGE_SIZE);
		} else if (p->as) {
			rc = 0;
		}
		if (rc == 0)
			map_regions(s, p);
		if (rc != 0) {
			for (uint32_t j = 0; j <= i; j++)
				if (s->sps[j].as)
					hal_as_destroy(s->sps[j].as);
			return rc;
		}
	}
	return 0;
}

int spmc_init(struct spmc **out, void *arena, size_t arena_size, const struct spmc_config *cfg)
{
	struct arena a = {arena, arena_size, 0};
	struct spmc *s;
	int rc = check_config(cfg);

	if (rc != 0)
		return rc;
	/* 8 bytes, as spmc.h promises: nothing in the arena needs more. */
	if (!arena || !SPMC_IS_ALIGNED((uintptr_t)arena, 8))
		return FFA_RET_INVALID_PARAMETERS;
	s = carve(&a, cfg);
	if (!s)
		return FFA_RET_NO_MEMORY;

	s->spmc_id = cfg->spmc_id;
	s->cpu_count = cfg->cpu_count;
	/* FFA_RXTX_MAP w3 [5:0] cannot express more than 63 pages, and
	 * FFA_FEATURES must not advertise a size the call would refuse. */
	s->rxtx_max_pages = cfg->rxtx_max_pages ? cfg->rxtx_max_pages : FFA_RXTX_MAP_PAGE_COUNT_MASK;
	if (s->rxtx_max_pages > FFA_RXTX_MAP_PAGE_COUNT_MASK)
		s->rxtx_max_pages = FFA_RXTX_MAP_PAGE_COUNT_MASK;
	s->sp_count = cfg->partition_count;

	s->nwd.id = FFA_ID_NWD_NO_HYP;
	s->nwd.is_nwd = true;
	s->nwd.ec_count = (uint16_t)cfg->cpu_count;
	/* A normal world that never calls FFA_VERSION is treated as v1.0, the
	 * oldest layout, so it never receives descriptors it cannot parse. */
	s->nwd.ffa_version = FFA_VERSION_1_0;
	for (uint32_t c = 0; c < cfg->cpu_count; c++) {
		s->nwd.ecs[c].part = &s->nwd;
		s->nwd.ecs[c].index = (uint16_t)c;
		s->nwd.ecs[c].cpu = c;
		s->nwd.ecs[c].state = SPMC_EC_OFF;
	}

	for (uint32_t i = 0; i < s->sp_count; i++) {
		init_partition(&s->sps[i], &cfg->partitions[i]);
		s->by_id[i] = &s->sps[i];
		s->boot_list[i] = &s->sps[i];
	}
	sort_by_id(s->by_id, s->sp_count);
	sort_by_boot_order(s->boot_list, s->sp_count);
	rc = spmc_irq_init(s);
	if (rc != 0)
		return rc;

	/* Known memory: the normal world's (cfg->ns_mem) and each SP's own. */
	rc = spmc_mem_init(s, s->mem_scratch, s->mem_scratch_size, cfg);
	if (rc != 0)
		return rc;
	rc = create_address_spaces(s);
	if (rc != 0)
		return rc;
	for (uint32_t i = 0; i < s->sp_count; i++)
		if (!s->sps[i].aborted)
			spmc_irq_configure(s, &s->sps[i]);
	*out = s;
	return 0;
}

struct spmc_partition *spmc_partition_find(const struct spmc *s, ffa_id_t id)
{
	uint32_t lo = 0, hi = s->sp_count;

	if (id == s->nwd.id)
		return (struct spmc_partition *)&s->nwd;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		ffa_id_t m = s->by_id[mid]->id;

		if (m == id)
			return s->by_id[mid];
		if (m < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct spmc_ec *spmc_ec_for_cpu(struct spmc_partition *p, uint32_t cpu)
{
	if (p->ec_count == 1)
		return &p->ecs[0];
	return cpu < p->ec_count ? &p->ecs[cpu] : NULL;
}

/* ---- inspection ---- */

struct spmc_ec *spmc_nwd_ec(struct spmc *s, uint32_t cpu)
{
	return cpu < s->cpu_count ? &s->nwd.ecs[cpu] : NULL;
}

struct spmc_ec *spmc_find_ec(struct spmc *s, ffa_id_t id, uint16_t index)
{
	struct spmc_partition *p = spmc_partition_find(s, id);

	return p && index < p->ec_count ? &p->ecs[index] : NULL;
}

ffa_id_t spmc_ec_id(const struct spmc_ec *ec) { return ec->part->id; }
uint16_t spmc_ec_index(const struct spmc_ec *ec) { return ec->index; }
bool spmc_ec_is_nwd(const struct spmc_ec *ec) { return ec->part->is_nwd; }
enum spmc_ec_state spmc_ec_state(const struct spmc_ec *ec) { return (enum spmc_ec_state)ec->state; }
void *spmc_ec_hal(const struct spmc_ec *ec) { return ec->hal; }
void spmc_ec_set_hal(struct spmc_ec *ec, void *hal) { ec->hal = hal; }

uint32_t spmc_endpoint_version(const struct spmc *s, ffa_id_t id)
{
	const struct spmc_partition *p = spmc_partition_find(s, id);

	return p ? p->ffa_version : 0;
}

bool spmc_rx_owned_by_endpoint(const struct spmc *s, ffa_id_t id)
{
	const struct spmc_partition *p = spmc_partition_find(s, id);

	return p && p->mbox.mapped && p->mbox.rx_state == SPMC_RX_FULL;
}

bool spmc_mailbox_mapped(const struct spmc *s, ffa_id_t id)
{
	const struct spmc_partition *p = spmc_partition_find(s, id);

	return p && p->mbox.mapped;
}

bool spmc_partition_aborted(const struct spmc *s, ffa_id_t id)
{
	const struct spmc_partition *p = spmc_partition_find(s, id);

	return p && p->aborted;
}
