/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated physical memory and address spaces. All DRAM is one shared-memory
 * object; the SPMC sees all of it, and each partition (and the normal world)
 * gets a reserved 4 GiB host window showing its pages exactly as the core
 * maps them, so the host MMU enforces every permission: touching a page that
 * was not mapped, or writing a read-only one, faults.
 *
 * What the core maps is recorded in the address space's page table
 * (sim_pt.h), and reaches the host window only when the partition first
 * touches it: the fault is taken by sim_mem_fault_in(), which maps the run of
 * pages around it and lets the access retry. Mapping and unmapping thus cost
 * no host call for memory nobody touches, and the host holds one mapping per
 * touched run rather than one per constituent the core mapped (the host caps
 * a process's mappings at vm.max_map_count, 65530 by default).
 */
#include "sim_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* memfd layout: secure DRAM first, then NS DRAM. */
static int64_t phys_offset(const struct sim *s, uint64_t pa, uint64_t size)
{
	if (pa >= SIM_SEC_DRAM_BASE && size <= s->sec_size &&
	    pa - SIM_SEC_DRAM_BASE <= s->sec_size - size)
		return (int64_t)(pa - SIM_SEC_DRAM_BASE);
	if (pa >= SIM_NS_DRAM_BASE && size <= s->ns_size &&
	    pa - SIM_NS_DRAM_BASE <= s->ns_size - size)
		return (int64_t)(s->sec_size + (pa - SIM_NS_DRAM_BASE));
	return -1;
}

static struct hal_as *as_new(uint16_t part_id)
{
	struct hal_as *as = calloc(1, sizeof(*as));

	if (!as)
		return NULL;
	as->window = mmap(NULL, SIM_WINDOW_SIZE, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (as->window == MAP_FAILED) {
		free(as);
		return NULL;
	}
	as->size = SIM_WINDOW_SIZE;
	as->part_id = part_id;
	if (sim_pt_init(&as->pt) != 0) {
		munmap(as->window, as->size);
		free(as);
		return NULL;
	}
	return as;
}

static void as_free(struct hal_as *as)
{
	if (!as)
		return;
	munmap(as->window, as->size);
	sim_pt_fini(&as->pt);
	free(as);
}

static void as_unlink(struct sim *s, struct hal_as *as)
{
	if (as->prev)
		as->prev->next = as->next;
	else if (s->spaces == as)
		s->spaces = as->next;
	if (as->next)
		as->next->prev = as->prev;
	as->prev = as->next = NULL;
}

int sim_mem_init(struct sim *s, char *err, size_t errlen)
{
	s->memfd = -1;
	s->sec_size = s->cfg.sec_dram_size ? s->cfg.sec_dram_size : 64ull << 20;
	s->ns_size = s->cfg.ns_dram_size ? s->cfg.ns_dram_size : 64ull << 20;
	if ((s->sec_size | s->ns_size) & (FFA_PAGE_SIZE - 1) ||
	    SIM_SEC_DRAM_BASE + s->sec_size > SIM_NS_DRAM_BASE ||
	    SIM_NS_DRAM_BASE + s->ns_size > SIM_WINDOW_SIZE) {
		snprintf(err, errlen, "DRAM sizes must be page multiples that fit the memory map");
		return -1;
	}
	s->memfd = memfd_create("libspmc-dram", MFD_CLOEXEC);
	if (s->memfd < 0 || ftruncate(s->memfd, (off_t)(s->sec_size + s->ns_size)) != 0) {
		snprintf(err, errlen, "cannot create simulated DRAM");
		return -1;
	}
	s->phys = mmap(NULL, s->sec_size + s->ns_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       s->memfd, 0);
	if (s->phys == MAP_FAILED) {
		s->phys = NULL;
		snprintf(err, errlen, "cannot map simulated DRAM");
		return -1;
	}
	/* The normal world sees NS DRAM at its physical addresses. */
	s->nwd_as = as_new(FFA_ID_NWD_NO_HYP);
	if (!s->nwd_as ||
	    mmap(s->nwd_as->window + SIM_NS_DRAM_BASE, s->ns_size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, s->memfd, (off_t)s->sec_size) == MAP_FAILED) {
		snprintf(err, errlen, "cannot map the normal world's DRAM");
		return -1;
	}
	return 0;
}

void sim_mem_fini(struct sim *s)
{
	while (s->spaces) {
		struct hal_as *as = s->spaces;

		as_unlink(s, as);
		as_free(as);
	}
	as_free(s->nwd_as);
	s->nwd_as = NULL;
	if (s->phys)
		munmap(s->phys, s->sec_size + s->ns_size);
	s->phys = NULL;
	if (s->memfd >= 0)
		close(s->memfd);
	s->memfd = -1;
}

void *sim_nwd_ptr(struct sim *s, uint64_t pa)
{
	if (phys_offset(s, pa, 1) < 0 || pa < SIM_NS_DRAM_BASE)
		return NULL;
	return s->nwd_as->window + pa;
}

/* ---- HAL: memory ---- */

/* Device space: everything below secure DRAM. A device page a partition maps
 * is backed by zeroed host memory of its own (reads see what was written). */
static bool in_device_space(uint64_t pa, uint64_t size)
{
	return size <= SIM_DEV_SIZE && pa <= SIM_DEV_SIZE - size;
}

enum hal_phys_kind hal_phys_kind(uint64_t pa, uint64_t size)
{
	struct sim *s = sim_current;

	if (!s || size == 0)
		return HAL_PHYS_NONE;
	if (phys_offset(s, pa, size) >= 0)
		return pa >= SIM_NS_DRAM_BASE ? HAL_PHYS_NS_DRAM : HAL_PHYS_SECURE_DRAM;
	return in_device_space(pa, size) ? HAL_PHYS_DEVICE : HAL_PHYS_NONE;
}

struct hal_as *hal_as_create(uint16_t part_id)
{
	struct sim *s = sim_current;
	struct hal_as *as = as_new(part_id);

	if (as && s) {
		as->next = s->spaces;
		if (s->spaces)
			s->spaces->prev = as;
		s->spaces = as;
	}
	return as;
}

void hal_as_destroy(struct hal_as *as)
{
	if (!as)
		return;
	if (sim_current)
		as_unlink(sim_current, as);
	as_free(as);
}

static int prot_of(uint32_t attrs)
{
	return ((attrs & HAL_MEM_R) ? PROT_READ : 0) | ((attrs & HAL_MEM_W) ? PROT_WRITE : 0);
}

/* Puts [va, va + size) of the window back to reserved, inaccessible address
 * space (never a hole another host mapping could land in). */
static void window_reserve(struct hal_as *as, uint64_t va, uint64_t size)
{
	mmap(as->window + va, size, PROT_NONE,
	     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
}

int hal_as_map(struct hal_as *as, uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs)
{
	struct sim *s = sim_current;
	int64_t off = s ? phys_offset(s, pa, size) : -1;

	bool device = off < 0 && (attrs & HAL_MEM_DEVICE) && in_device_space(pa, size);

	if (!as || !size || (off < 0 && !device) || ((va | pa | size) & (FFA_PAGE_SIZE - 1)) ||
	    va >= as->size || size > as->size - va)
		return FFA_RET_INVALID_PARAMETERS;
	if (sim_pt_any_mapped(&as->pt, va, size))
		return FFA_RET_DENIED; /* already mapped: unmap first */
	/* Everything that can fail comes before the table changes. */
	if (sim_pt_reserve(&as->pt, va, size) != 0)
		return FFA_RET_NO_MEMORY;
	/* DRAM reaches the window when first touched (sim_mem_fault_in). Device
	 * pages have no physical backing to find then: their memory is made now. */
	if (device && mmap(as->window + va, size, prot_of(attrs),
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
		/* A failed MAP_FIXED may already have removed what was there. */
		window_reserve(as, va, size);
		sim_pt_trim(&as->pt, va, size);
		return FFA_RET_NO_MEMORY;
	}
	sim_pt_set(&as->pt, va, pa, size, attrs, device);
	if (s)
		s->call_pages += size / FFA_PAGE_SIZE;
	return 0;
}

void hal_as_unmap(struct hal_as *as, uint64_t va, uint64_t size)
{
	/* The contract is page-aligned ranges: anything else names no page. */
	if (!as || !size || ((va | size) & (FFA_PAGE_SIZE - 1)) || va >= as->size ||
	    size > as->size - va)
		return;
	/* Pages never touched never reached the host: nothing to take back. */
	if (sim_pt_any_host_mapped(&as->pt, va, size))
		window_reserve(as, va, size);
	sim_pt_clear(&as->pt, va, size);
	if (sim_current)
		sim_current->call_pages += size / FFA_PAGE_SIZE;
}

int hal_as_query(struct hal_as *as, uint64_t va, uint64_t *pa, uint32_t *attrs)
{
	if (!as || !sim_pt_lookup(&as->pt, va, pa, attrs))
		return FFA_RET_INVALID_PARAMETERS;
	return 0;
}

bool sim_mem_fault_in(struct sim *s, const void *addr)
{
	const uint8_t *a = addr;

	for (struct hal_as *as = s->spaces; as; as = as->next) {
		struct sim_pt_run run;
		int64_t off;

		if (a < as->window || a >= as->window + as->size)
			continue;
		if (!sim_pt_unhosted_run(&as->pt, (uint64_t)(a - as->window), &run))
			return false; /* not mapped, or mapped and still refused: a fault */
		off = phys_offset(s, run.pa, run.size);
		if (off < 0) { /* the run crosses from one DRAM into the other: one page */
			uint64_t page = (uint64_t)(a - as->window) & ~(uint64_t)(FFA_PAGE_SIZE - 1);

			run.pa += page - run.va;
			run.va = page;
			run.size = FFA_PAGE_SIZE;
			off = phys_offset(s, run.pa, run.size);
		}
		if (off < 0 || mmap(as->window + run.va, run.size, prot_of(run.attrs),
				    MAP_SHARED | MAP_FIXED, s->memfd, off) == MAP_FAILED)
			return false;
		sim_pt_set_host_mapped(&as->pt, &run);
		return true;
	}
	return false;
}

void *hal_spmc_map(uint64_t pa, uint64_t size, uint32_t attrs)
{
	struct sim *s = sim_current;
	int64_t off = s ? phys_offset(s, pa, size) : -1;

	(void)attrs;
	return off < 0 ? NULL : s->phys + off;
}

void hal_spmc_unmap(void *va, uint64_t size)
{
	(void)va;
	(void)size;
}
