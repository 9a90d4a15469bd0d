/* SPDX-License-Identifier: BSD-3-Clause */
/* The HAL fake for unit tests: see hal_mock.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <ffa/errors.h>

#include "hal_mock.h"
#include "gic.h"
#include "loader/image_place.h"

#define PAGE 4096ull

struct mock_hal_state mock_hal;

static _Alignas(4096) uint8_t sec_mem[MOCK_SEC_SIZE];
static _Alignas(4096) uint8_t ns_mem[MOCK_NS_SIZE];

/* Distinct, never-dereferenced handles for hal_ec_init. */
static uint8_t ec_cookie_store[MOCK_MAX_EC_INIT];

static bool within(uint64_t pa, uint64_t size, uint64_t base, uint64_t len)
{
	return pa >= base && size <= len && pa - base <= len - size;
}

static struct gic *the_gic;

struct gic *mock_gic(void)
{
	return the_gic;
}

void mock_hal_reset(void)
{
	memset(&mock_hal, 0, sizeof(mock_hal));
	mock_hal.cpu_count = 4;
	gic_destroy(the_gic);
	/* Room for tests that raise cpu_count after the reset. */
	the_gic = gic_create(64, 988);
	mock_hal.as_map_fail_rc = FFA_RET_NO_MEMORY;
	memset(sec_mem, 0, sizeof(sec_mem));
	memset(ns_mem, 0, sizeof(ns_mem));
	memset(mock_hal.nwd_access, HAL_MEM_R | HAL_MEM_W | HAL_MEM_X, sizeof(mock_hal.nwd_access));
}

uint32_t mock_nwd_access(uint64_t pa)
{
	return within(pa, 1, MOCK_NS_BASE, MOCK_NS_SIZE) ? mock_hal.nwd_access[(pa - MOCK_NS_BASE) / PAGE]
							 : 0;
}

void *mock_phys_ptr(uint64_t pa)
{
	if (within(pa, 1, MOCK_SEC_BASE, MOCK_SEC_SIZE))
		return sec_mem + (pa - MOCK_SEC_BASE);
	if (within(pa, 1, MOCK_NS_BASE, MOCK_NS_SIZE))
		return ns_mem + (pa - MOCK_NS_BASE);
	return NULL;
}

struct hal_as *mock_as_of(uint16_t part_id)
{
	for (uint32_t i = 0; i < mock_hal.as_count; i++)
		if (mock_hal.as[i].live && mock_hal.as[i].part_id == part_id)
			return &mock_hal.as[i];
	return NULL;
}

uint32_t mock_as_live_count(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < mock_hal.as_count; i++)
		n += mock_hal.as[i].live;
	return n;
}

uint32_t mock_spmc_maps_live(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < MOCK_MAX_SPMC_MAPS; i++)
		n += mock_hal.spmc_maps[i].live;
	return n;
}

const struct mock_spmc_map *mock_spmc_map_of(uint64_t pa)
{
	for (uint32_t i = 0; i < MOCK_MAX_SPMC_MAPS; i++)
		if (mock_hal.spmc_maps[i].live && mock_hal.spmc_maps[i].pa == pa)
			return &mock_hal.spmc_maps[i];
	return NULL;
}

const char *mock_console(void)
{
	mock_hal.console[mock_hal.console_len] = '\0';
	return mock_hal.console;
}

void mock_console_clear(void)
{
	mock_hal.console_len = 0;
	mock_hal.console[0] = '\0';
}

void mock_snapshot_take(struct mock_snapshot *out)
{
	memset(out, 0, sizeof(*out));
	for (uint32_t i = 0; i < mock_hal.as_count; i++) {
		const struct hal_as *as = &mock_hal.as[i];

		if (!as->live)
			continue;
		out->as[out->nas].part_id = as->part_id;
		out->as[out->nas].nranges = as->nranges;
		for (uint32_t r = 0; r < as->nranges; r++) {
			out->as[out->nas].ranges[r].va = as->ranges[r].va;
			out->as[out->nas].ranges[r].pa = as->ranges[r].pa;
			out->as[out->nas].ranges[r].size = as->ranges[r].size;
			out->as[out->nas].ranges[r].attrs = as->ranges[r].attrs;
		}
		out->nas++;
	}
	for (uint32_t i = 0; i < MOCK_MAX_SPMC_MAPS; i++) {
		const struct mock_spmc_map *m = &mock_hal.spmc_maps[i];

		if (!m->live)
			continue;
		out->maps[out->nmaps].live = true;
		out->maps[out->nmaps].pa = m->pa;
		out->maps[out->nmaps].size = m->size;
		out->maps[out->nmaps].attrs = m->attrs;
		out->maps[out->nmaps].va = m->va;
		out->nmaps++;
	}
	out->work[0] = mock_hal.work[0];
	out->work[1] = mock_hal.work[1];
	out->console_len = mock_hal.console_len;
	out->misuse = mock_hal.misuse;
	memcpy(out->nwd_access, mock_hal.nwd_access, sizeof(out->nwd_access));
}

/* ---- HAL: CPU and contexts ---- */

uint32_t hal_cpu_count(void)
{
	return mock_hal.cpu_count;
}

void *hal_ec_init(const struct hal_ec_init *init)
{
	uint32_t n = mock_hal.ec_init_calls;

	if (!init || n >= MOCK_MAX_EC_INIT) {
		mock_hal.misuse++;
		return NULL;
	}
	mock_hal.ec_inits[n] = *init;
	mock_hal.ec_init_calls++;
	if (mock_hal.ec_init_checked) {
		uint16_t part_id = init->part_id;
		uint32_t cpu = init->cpu;

		check_expected(part_id);
		check_expected(cpu);
	}
	if (mock_hal.ec_init_fail && init->part_id == mock_hal.ec_init_fail_id)
		return NULL;
	mock_hal.ec_cookies[n] = &ec_cookie_store[n];
	return mock_hal.ec_cookies[n];
}

/* ---- HAL: memory ---- */

enum hal_phys_kind hal_phys_kind(uint64_t pa, uint64_t size)
{
	if (size == 0)
		return HAL_PHYS_NONE;
	if (within(pa, size, MOCK_SEC_BASE, MOCK_SEC_SIZE))
		return HAL_PHYS_SECURE_DRAM;
	if (within(pa, size, MOCK_NS_BASE, MOCK_NS_SIZE))
		return HAL_PHYS_NS_DRAM;
	if (within(pa, size, MOCK_DEV_BASE, MOCK_DEV_SIZE))
		return HAL_PHYS_DEVICE;
	return HAL_PHYS_NONE;
}

static bool as_ok(const struct hal_as *as)
{
	return as && as >= mock_hal.as && as < mock_hal.as + mock_hal.as_count && as->live;
}

struct hal_as *hal_as_create(uint16_t part_id)
{
	struct hal_as *as;

	if (mock_hal.as_create_fail && part_id == mock_hal.as_create_fail_id)
		return NULL;
	if (mock_hal.as_count == MOCK_MAX_AS)
		return NULL;
	as = &mock_hal.as[mock_hal.as_count++];
	memset(as, 0, sizeof(*as));
	as->live = true;
	as->part_id = part_id;
	return as;
}

void hal_as_destroy(struct hal_as *as)
{
	if (!as_ok(as)) {
		mock_hal.misuse++;
		return;
	}
	as->live = false;
	as->nranges = 0;
	mock_hal.as_destroyed++;
}

int hal_as_map(struct hal_as *as, uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs)
{
	mock_hal.as_map_calls++;
	if (mock_hal.as_map_fail_at && --mock_hal.as_map_fail_at == 0)
		return mock_hal.as_map_fail_rc;
	if (!as_ok(as)) {
		mock_hal.misuse++;
		return FFA_RET_INVALID_PARAMETERS;
	}
	if (size == 0 || ((va | pa | size) & (PAGE - 1)) || va + size < va || pa + size < pa)
		return FFA_RET_INVALID_PARAMETERS;
	for (uint32_t i = 0; i < as->nranges; i++) {
		const struct mock_range *r = &as->ranges[i];

		if (va < r->va + r->size && r->va < va + size)
			return FFA_RET_DENIED; /* already mapped: unmap first */
	}
	if (as->nranges == MOCK_MAX_RANGES)
		return FFA_RET_NO_MEMORY;
	as->ranges[as->nranges++] = (struct mock_range){va, pa, size, attrs};
	return 0;
}

void hal_as_unmap(struct hal_as *as, uint64_t va, uint64_t size)
{
	uint64_t end = va + size;

	mock_hal.as_unmap_calls++;
	if (!as_ok(as) || ((va | size) & (PAGE - 1))) {
		mock_hal.misuse++;
		return;
	}
	/* Trim or split every overlapping range; splits keep the array dense. */
	for (uint32_t i = 0; i < as->nranges;) {
		struct mock_range r = as->ranges[i];
		uint64_t rend = r.va + r.size;

		if (end <= r.va || rend <= va) {
			i++;
			continue;
		}
		as->ranges[i] = as->ranges[--as->nranges];
		if (r.va < va && as->nranges < MOCK_MAX_RANGES)
			as->ranges[as->nranges++] = (struct mock_range){r.va, r.pa, va - r.va, r.attrs};
		if (end < rend && as->nranges < MOCK_MAX_RANGES)
			as->ranges[as->nranges++] =
				(struct mock_range){end, r.pa + (end - r.va), rend - end, r.attrs};
	}
}

int hal_as_query(struct hal_as *as, uint64_t va, uint64_t *pa, uint32_t *attrs)
{
	if (!as_ok(as) || !pa || !attrs) {
		mock_hal.misuse++;
		return FFA_RET_INVALID_PARAMETERS;
	}
	for (uint32_t i = 0; i < as->nranges; i++) {
		const struct mock_range *r = &as->ranges[i];

		if (va >= r->va && va - r->va < r->size) {
			*pa = r->pa + ((va - r->va) & ~(PAGE - 1));
			*attrs = r->attrs;
			return 0;
		}
	}
	return FFA_RET_INVALID_PARAMETERS;
}

void *hal_spmc_map(uint64_t pa, uint64_t size, uint32_t attrs)
{
	enum hal_phys_kind kind = hal_phys_kind(pa, size);
	void *va;

	mock_hal.spmc_map_calls++;
	if (mock_hal.spmc_map_fail_at && --mock_hal.spmc_map_fail_at == 0)
		return NULL;
	/* Only DRAM is backed, and the NS attribute must name the right world. */
	if ((kind != HAL_PHYS_NS_DRAM && kind != HAL_PHYS_SECURE_DRAM) ||
	    ((attrs & HAL_MEM_NS) != 0) != (kind == HAL_PHYS_NS_DRAM) || ((pa | size) & (PAGE - 1)))
		return NULL;
	va = mock_phys_ptr(pa);
	for (uint32_t i = 0; i < MOCK_MAX_SPMC_MAPS; i++) {
		struct mock_spmc_map *m = &mock_hal.spmc_maps[i];

		if (!m->live) {
			*m = (struct mock_spmc_map){true, pa, size, attrs, va};
			return va;
		}
	}
	return NULL;
}

int hal_nwd_access(uint64_t pa, uint64_t size, uint32_t attrs)
{
	mock_hal.nwd_access_calls++;
	if (mock_hal.nwd_access_rc && mock_hal.nwd_access_fail_at == 0)
		return mock_hal.nwd_access_rc;
	if (mock_hal.nwd_access_rc && --mock_hal.nwd_access_fail_at == 0) {
		int rc = mock_hal.nwd_access_rc;

		mock_hal.nwd_access_rc = 0; /* once */
		return rc;
	}
	if (!size || ((pa | size) & (PAGE - 1)) || !within(pa, size, MOCK_NS_BASE, MOCK_NS_SIZE) ||
	    (attrs & ~(uint32_t)(HAL_MEM_R | HAL_MEM_W | HAL_MEM_X))) {
		mock_hal.misuse++;
		return FFA_RET_INVALID_PARAMETERS;
	}
	for (uint64_t p = (pa - MOCK_NS_BASE) / PAGE; p < (pa - MOCK_NS_BASE + size) / PAGE; p++)
		mock_hal.nwd_access[p] = (uint8_t)attrs;
	return 0;
}

void hal_spmc_unmap(void *va, uint64_t size)
{
	mock_hal.spmc_unmap_calls++;
	for (uint32_t i = 0; i < MOCK_MAX_SPMC_MAPS; i++) {
		struct mock_spmc_map *m = &mock_hal.spmc_maps[i];

		if (m->live && m->va == va && m->size == size) {
			memset(m, 0, sizeof(*m));
			return;
		}
	}
	mock_hal.misuse++; /* never mapped, already unmapped, or the wrong size */
}

/* ---- HAL: time and platform ---- */

/* Images are placed the way the hardware backend does, into the partition's
 * memory in the fake physical memory; the handle is the entry point. */
const void *hal_image_load(const struct hal_image_load *req, uint64_t *entry, const char **why)
{
	if (spmc_image_place(req->mem, req->mem_size, req->load_addr, req->entry_offset, req->image,
			     req->image_size, entry, why) != 0)
		return NULL;
	return (const void *)(uintptr_t)*entry;
}

void hal_work(enum hal_work kind, uint64_t count)
{
	if ((unsigned)kind >= 2) {
		mock_hal.misuse++;
		return;
	}
	mock_hal.work[kind] += count;
}

void hal_console_write(const char *s, size_t n)
{
	size_t room = MOCK_CONSOLE_SIZE - 1 - mock_hal.console_len;

	if (n > room)
		n = room;
	memcpy(mock_hal.console + mock_hal.console_len, s, n);
	mock_hal.console_len += n;
	mock_hal.console[mock_hal.console_len] = '\0';
}

/* ---- HAL: interrupts, over the GIC model ---- */

int hal_irq_configure(const struct hal_irq_cfg *c)
{
	mock_hal.irq_configure_calls++;
	if (!c || c->cpu >= mock_hal.cpu_count ||
	    (mock_hal.irq_configure_fail_intid && c->intid == mock_hal.irq_configure_fail_intid) ||
	    gic_configure(the_gic, c->cpu, c->intid, (enum gic_group)c->group, c->priority,
			  c->level) != 0)
		return FFA_RET_INVALID_PARAMETERS;
	return 0;
}

void hal_irq_enable(uint32_t cpu, uint32_t intid, bool enable)
{
	if (gic_set_enable(the_gic, cpu, intid, enable) != 0)
		mock_hal.misuse++;
}

uint32_t hal_irq_ack(uint32_t cpu)
{
	enum gic_group grp;

	if (gic_hppi(the_gic, cpu, &grp, NULL) == GIC_SPURIOUS)
		return HAL_IRQ_SPURIOUS;
	if (grp == GIC_GROUP0)
		return HAL_IRQ_GROUP0_PENDING;
	return grp == GIC_GROUP1_S ? gic_ack(the_gic, cpu, GIC_GROUP1_S) : HAL_IRQ_SPURIOUS;
}

void hal_irq_eoi(uint32_t cpu, uint32_t intid)
{
	if (gic_eoi(the_gic, cpu, intid) != 0)
		mock_hal.misuse++;
}

void hal_irq_set_pmr(uint32_t cpu, uint8_t pmr)
{
	if (cpu >= mock_hal.cpu_count)
		mock_hal.misuse++;
	else
		gic_set_pmr(the_gic, cpu, pmr);
}

void hal_irq_send_sgi(uint32_t target_cpu, uint32_t intid)
{
	mock_hal.sgis_sent++;
	if (gic_send_sgi(the_gic, 0, target_cpu, intid) != 0)
		mock_hal.misuse++;
}

void hal_el3_intr_handle(uint32_t cpu)
{
	uint32_t intid = gic_ack(the_gic, cpu, GIC_GROUP0);

	mock_hal.el3_intr_handled++;
	if (intid == GIC_SPURIOUS)
		mock_hal.misuse++;
	else
		gic_eoi(the_gic, cpu, intid);
}
