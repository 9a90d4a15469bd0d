/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A parsed partition manifest onto struct spmc_partition_cfg: what this SPMC
 * can run (AArch64, 4 KiB granule, S-EL0/S-EL1, a known load address and
 * region addresses) and where everything is once the partition's actual load
 * address is known.
 */
#include "../hal.h"
#include "mf_internal.h"

struct cfg_ctx {
	struct spmc_mf_diags *diags;
	uint32_t errors;
};

static void say(struct cfg_ctx *k, enum spmc_mf_severity sev, const char *path,
		const char *prop, const char *msg, bool has_value, uint64_t value)
{
	struct spmc_mf_diag d = {
		.severity = sev,
		.path = path ? path : "/",
		.prop = prop,
		.msg = msg,
		.has_value = has_value,
		.value = value,
		.part = -1,
		.other = -1,
	};

	if (sev == SPMC_MF_ERROR)
		k->errors++;
	mf_emit(k->diags, &d);
}

static void *take(struct spmc_mf_arena *a, size_t count, size_t size, struct cfg_ctx *k,
		  bool *nomem)
{
	uintptr_t start, p;
	size_t n;

	if (count == 0 || *nomem)
		return NULL;
	if (!a || !a->base || count > SIZE_MAX / size || a->used > a->size)
		goto fail;
	n = count * size;
	start = (uintptr_t)a->base;
	p = (uintptr_t)SPMC_ALIGN_UP(start + a->used, 8);
	if (p < start || p - start > a->size || n > a->size - (p - start))
		goto fail;
	a->used = (size_t)(p - start) + n;
	spmc_memset((void *)p, 0, n);
	return (void *)p;
fail:
	*nomem = true;
	say(k, SPMC_MF_ERROR, "/", "", "out of arena memory (bytes needed)", true,
	    count <= SIZE_MAX / size ? (uint64_t)(count * size) : UINT64_MAX);
	return NULL;
}

static uint8_t ns_action(const struct spmc_mf_partition *m)
{
	if (!m->has_ns_int_action && !m->managed_exit)
		return SPMC_NS_INT_DEFAULT;
	switch (m->ns_int_action) {
	case SPMC_MF_NS_QUEUED:
		return SPMC_NS_INT_QUEUED;
	case SPMC_MF_NS_MANAGED_EXIT:
		return SPMC_NS_INT_MANAGED_EXIT;
	default:
		return SPMC_NS_INT_SIGNALED;
	}
}

static void runnable(struct cfg_ctx *k, const struct spmc_mf_partition *m,
		     const struct spmc_mf_cfg_opts *o)
{
	if (m->service_count == 0)
		say(k, SPMC_MF_ERROR, "/", "uuid", "no UUID", false, 0);
	if (m->execution_state != 0)
		say(k, SPMC_MF_ERROR, "/", "execution-state", "only AArch64 partitions run here",
		    true, m->execution_state);
	if (m->xlat_granule != 0)
		say(k, SPMC_MF_ERROR, "/", "xlat-granule", "only the 4 KiB granule is supported",
		    true, m->xlat_granule);
	if (m->exception_level != SPMC_MF_S_EL0 && m->exception_level != SPMC_MF_S_EL1)
		say(k, SPMC_MF_ERROR, "/", "exception-level",
		    "a secure partition runs at S-EL0 (1) or S-EL1 (2)", true, m->exception_level);
	if (m->ec_count == 0 ||
	    (o->cpu_count && m->ec_count != 1 && m->ec_count != o->cpu_count))
		say(k, SPMC_MF_ERROR, "/", "execution-ctx-count", "must be 1 or the number of CPUs",
		    true, m->ec_count);
}

/* The regions, placed once the load address is known. */
static struct spmc_region *regions(struct cfg_ctx *k, const struct spmc_mf_partition *m,
				   uint64_t load, struct spmc_mf_arena *a, bool *nomem)
{
	uint32_t n = m->mem_region_count + m->dev_region_count;
	struct spmc_region *r = take(a, n, sizeof(*r), k, nomem);

	for (uint32_t i = 0; r && i < n; i++) {
		const struct spmc_mf_region *s = i < m->mem_region_count
							 ? &m->mem_regions[i]
							 : &m->dev_regions[i - m->mem_region_count];
		struct spmc_irq *irqs = take(a, s->irq_count, sizeof(*irqs), k, nomem);

		r[i].name = s->description ? s->description : s->name;
		r[i].pages = s->pages;
		r[i].attrs = s->attributes & (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS);
		if (s->device)
			r[i].attrs |= HAL_MEM_DEVICE;
		r[i].exclusive = s->exclusive_access;
		if (s->relative && s->offset <= UINT64_MAX - load) {
			r[i].base = load + s->offset;
		} else if (s->has_base && !s->relative) {
			r[i].base = s->base;
		} else {
			say(k, SPMC_MF_ERROR, s->path, "base-address",
			    "no address: this SPMC does not choose one", false, 0);
		}
		if (r[i].base && mf_region_end(r[i].base, r[i].pages) == 0)
			say(k, SPMC_MF_ERROR, s->path, "pages-count",
			    "the region runs past the address space", true, s->pages);
		for (uint32_t q = 0; irqs && q < s->irq_count; q++) {
			irqs[q].id = s->irqs[q].id;
			irqs[q].attrs = s->irqs[q].attributes;
		}
		r[i].irqs = irqs;
		r[i].irq_count = irqs ? s->irq_count : 0;
	}
	return r;
}

int spmc_mf_partition_cfg(const struct spmc_mf_partition *m, const struct spmc_mf_cfg_opts *o,
			  struct spmc_mf_arena *a, struct spmc_partition_cfg *cfg,
			  struct spmc_mf_diags *diags)
{
	static const struct spmc_mf_cfg_opts none;
	struct cfg_ctx k = {diags, 0};
	size_t used = a ? a->used : 0;
	bool nomem = false;
	struct spmc_service *sv;
	struct spmc_region *rg;
	uint64_t load = 0;

	spmc_memset(cfg, 0, sizeof(*cfg));
	if (!o)
		o = &none;
	runnable(&k, m, o);

	cfg->id = m->has_id && (m->id & FFA_ID_SECURE_BIT) ? m->id : o->id;
	if (!ffa_id_is_secure(cfg->id))
		say(&k, SPMC_MF_ERROR, "/", "id",
		    "no secure endpoint ID: give one in the manifest or the options", true, cfg->id);

	if (o->load_addr) {
		load = o->load_addr;
		if (m->has_load_address && m->load_address != o->load_addr)
			say(&k, SPMC_MF_NOTE, "/", "load-address",
			    "differs from where the partition is loaded; using the latter",
			    true, m->load_address);
	} else if (m->has_load_address) {
		load = m->load_address;
	} else {
		say(&k, SPMC_MF_ERROR, "/", "load-address",
		    "position independent, and no load address given", false, 0);
	}
	if (!SPMC_IS_ALIGNED(load, FFA_PAGE_SIZE))
		say(&k, SPMC_MF_ERROR, "/", "load-address", "not 4 KiB aligned", true, load);
	cfg->load_addr = load;
	cfg->mem_size = o->mem_size ? o->mem_size
		      : m->has_image_size ? SPMC_ALIGN_UP(m->image_size, FFA_PAGE_SIZE) : 0;
	if (!SPMC_IS_ALIGNED(cfg->mem_size, FFA_PAGE_SIZE))
		say(&k, SPMC_MF_ERROR, "/", "image-size", "memory size not a page multiple", true,
		    cfg->mem_size);
	if (m->entrypoint_offset > UINT64_MAX - load)
		say(&k, SPMC_MF_ERROR, "/", "entrypoint-offset", "entry point overflows", true,
		    m->entrypoint_offset);
	cfg->entry = load + m->entrypoint_offset;

	cfg->name = m->description;
	cfg->ec_count = m->ec_count;
	cfg->el = m->exception_level;
	cfg->ffa_version = m->ffa_version;
	cfg->boot_order = m->boot_order;
	cfg->properties = m->messaging | FFA_PROP_AARCH64 |
			  (m->notification_support ? FFA_PROP_NOTIFICATION_RECV : 0) |
			  (m->vm_availability & 1 ? FFA_PROP_VM_CREATED_MSG : 0) |
			  (m->vm_availability & 2 ? FFA_PROP_VM_DESTROYED_MSG : 0);
	cfg->image = o->image;

	sv = take(a, m->service_count, sizeof(*sv), &k, &nomem);
	for (uint32_t i = 0; sv && i < m->service_count; i++) {
		spmc_memcpy(sv[i].uuid, m->services[i].uuid, sizeof(sv[i].uuid));
		sv[i].properties = m->services[i].messaging;
	}
	if (sv)
		spmc_memcpy(cfg->uuid, sv[0].uuid, sizeof(cfg->uuid));
	cfg->services = sv;
	cfg->service_count = sv ? m->service_count : 0;

	rg = regions(&k, m, load, a, &nomem);
	cfg->regions = rg;
	cfg->region_count = rg ? m->mem_region_count + m->dev_region_count : 0;
	if (rg && m->has_rxtx && m->rx_region >= 0 && m->tx_region >= 0 &&
	    (uint32_t)m->rx_region < m->mem_region_count &&
	    (uint32_t)m->tx_region < m->mem_region_count) {
		cfg->rx_addr = rg[m->rx_region].base;
		cfg->tx_addr = rg[m->tx_region].base;
		cfg->rxtx_pages = rg[m->rx_region].pages;
	}
	cfg->boot_info = m->boot_info && m->has_gp_register;
	cfg->boot_info_gpr = m->gp_register_num;
	cfg->ns_int_action = ns_action(m);
	/* other-s-interrupts-action: 0 queued, 1 signaled. */
	if (m->has_other_s_int_action)
		cfg->other_s_int_action = m->other_s_int_action == 0 ? SPMC_OTHER_S_INT_QUEUED
								     : SPMC_OTHER_S_INT_SIGNALED;
	cfg->managed_exit_virq = m->managed_exit_virq;
	cfg->pm_messages = m->pm_messages;

	if (k.errors == 0 && !nomem)
		return 0;
	spmc_memset(cfg, 0, sizeof(*cfg));
	if (a)
		a->used = used;
	return nomem ? FFA_RET_NO_MEMORY : FFA_RET_INVALID_PARAMETERS;
}
