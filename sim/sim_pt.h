/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bookkeeping of one simulated address space: a two-level software page
 * table over its 4 GiB window, page number -> (physical page, attributes,
 * whether the host window maps it yet). Leaves (512 pages, 2 MiB each) exist
 * only where something is mapped, and a leaf one map fills is kept as a block
 * (one base, one set of attributes), so an operation costs the pages it
 * touches in partly covered leaves plus one step per whole leaf, whatever else
 * the space holds, and a lookup is two array reads.
 *
 * The table is the address space; the host window is a cache of it, filled
 * a run of pages at a time when the partition first touches one (see
 * sim_mem.c): a page can be mapped here and not yet "host-mapped".
 *
 * Changes are made in two steps so a caller can stay all-or-nothing around a
 * host operation that may fail: sim_pt_reserve() allocates every leaf a range
 * needs (the only step that can fail), sim_pt_set() then cannot fail, and
 * sim_pt_trim() gives back leaves a failed attempt left empty.
 */
#ifndef SIM_SIM_PT_H
#define SIM_SIM_PT_H

#include <stdbool.h>
#include <stdint.h>

#define SIM_PT_PAGE_SHIFT 12
#define SIM_PT_LEAF_SHIFT 9
#define SIM_PT_LEAF_PAGES (1u << SIM_PT_LEAF_SHIFT)
#define SIM_PT_SPAN_SHIFT 32 /* the window the table covers: 4 GiB */
#define SIM_PT_LEAVES (1u << (SIM_PT_SPAN_SHIFT - SIM_PT_PAGE_SHIFT - SIM_PT_LEAF_SHIFT))

struct sim_pt_leaf;

struct sim_pt {
	struct sim_pt_leaf **leaves; /* SIM_PT_LEAVES slots, NULL where nothing is mapped */
};

/* A run of mapped pages: contiguous in the window and in physical memory,
 * with one set of attributes. */
struct sim_pt_run {
	uint64_t va, pa, size;
	uint32_t attrs;
};

/* Ranges below are page-aligned and inside the span; callers check both. */

/* An empty table: 0, or -1 when out of memory. */
int sim_pt_init(struct sim_pt *pt);
/* Frees every leaf and the table itself. */
void sim_pt_fini(struct sim_pt *pt);
/* Whether any page of [va, va + size) is mapped. */
bool sim_pt_any_mapped(const struct sim_pt *pt, uint64_t va, uint64_t size);
/* Whether any page of [va, va + size) is host-mapped. */
bool sim_pt_any_host_mapped(const struct sim_pt *pt, uint64_t va, uint64_t size);
/* Allocates every leaf [va, va + size) needs: 0, or -1 with nothing allocated. */
int sim_pt_reserve(struct sim_pt *pt, uint64_t va, uint64_t size);
/* Frees the leaves over [va, va + size) that map nothing. */
void sim_pt_trim(struct sim_pt *pt, uint64_t va, uint64_t size);
/* Maps [va, va + size) -> [pa, pa + size) with attrs, already host-mapped or
 * not; its leaves are reserved. */
void sim_pt_set(struct sim_pt *pt, uint64_t va, uint64_t pa, uint64_t size, uint32_t attrs,
		bool host_mapped);
/* Unmaps [va, va + size) (unmapped pages ignored), freeing leaves left empty. */
void sim_pt_clear(struct sim_pt *pt, uint64_t va, uint64_t size);
/* The page holding va: true with *pa (page address) and *attrs if mapped. */
bool sim_pt_lookup(const struct sim_pt *pt, uint64_t va, uint64_t *pa, uint32_t *attrs);
/* The page holding va is mapped but not host-mapped: true, with the longest
 * run of such pages around it, within its leaf, that shares its attributes
 * and continues its physical addresses. Allocates nothing, calls nothing
 * (safe in a signal handler). */
bool sim_pt_unhosted_run(const struct sim_pt *pt, uint64_t va, struct sim_pt_run *run);
/* Records the pages of run as host-mapped. */
void sim_pt_set_host_mapped(struct sim_pt *pt, const struct sim_pt_run *run);

#endif
