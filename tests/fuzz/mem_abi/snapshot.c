/* SPDX-License-Identifier: BSD-3-Clause */
/* The memory-ABI fuzz harness: snapshots for "a failed call changed nothing", and the invariants checked after every step. */
#include "harness.h"

HARNESS_NO_COVERAGE_BEGIN

struct snap snap_before, snap_after;


int cmp_range(const void *a, const void *b)
{
	const struct snap_range *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

/* Sorted by VA with touching, compatible ranges joined: the same page map
 * gives the same list however it was built. */
uint64_t canon_ranges(struct snap_range *r, uint64_t n)
{
	uint64_t k = 0;

	qsort(r, (size_t)n, sizeof(*r), cmp_range);
	for (uint64_t i = 0; i < n; i++) {
		if (k && r[k - 1].va + r[k - 1].size == r[i].va &&
		    r[k - 1].pa + r[k - 1].size == r[i].pa && r[k - 1].attrs == r[i].attrs) {
			r[k - 1].size += r[i].size;
			continue;
		}
		r[k++] = r[i];
	}
	for (uint64_t i = k; i < n; i++)
		memset(&r[i], 0, sizeof(r[i]));
	return k;
}

bool snap_has_tx(const struct snap *o, ffa_mem_handle_t h)
{
	for (uint64_t i = 0; i < o->ntx; i++)
		if (o->tx[i].handle == h)
			return true;
	return false;
}

void snap_tx_add(struct snap *o, ffa_mem_handle_t h)
{
	const struct spmc_mem_store *m = H.s->mem;
	struct spmc_mem_tx_info info;
	struct snap_tx *t;
	uint32_t n;

	if (h == 0 || snap_has_tx(o, h) || spmc_mem_tx(m, h, &info) != 0)
		return;
	CHECK(o->ntx < NHANDLES + MAX_TX, "more live transactions than the store holds");
	CHECK(info.borrower_count <= MAX_BORROWERS && info.range_count <= MAX_RANGES,
	      "transaction 0x%llx: %u borrowers, %u ranges", (unsigned long long)h,
	      info.borrower_count, info.range_count);
	t = &o->tx[o->ntx++];
	t->handle = h;
	t->op = info.op;
	t->kind = info.kind;
	t->owner_access = info.owner_access;
	t->sender = info.sender;
	t->attributes = info.attributes;
	t->flags = info.flags;
	t->version = info.version;
	t->tag = info.tag;
	t->borrower_count = info.borrower_count;
	t->holders = info.holders;
	t->range_count = info.range_count;
	t->total_pages = info.total_pages;
	for (uint32_t i = 0; i < info.borrower_count; i++) {
		struct spmc_mem_borrower_info b;

		CHECK(spmc_mem_tx_borrower(m, h, i, &b) == 0, "borrower %u of a live handle", i);
		t->b[i].id = b.sent.id;
		t->b[i].perms = b.sent.perms;
		t->b[i].flags = b.sent.flags;
		memcpy(t->b[i].impdef, b.sent.impdef, sizeof(b.sent.impdef));
		t->b[i].granted = b.granted;
		t->b[i].holds = b.holds;
	}
	n = spmc_mem_tx_ranges(m, h, 0, t->r, MAX_RANGES);
	CHECK(n == info.range_count, "transaction 0x%llx: %u of %u ranges read",
	      (unsigned long long)h, n, info.range_count);
}

void snap_take(struct snap *o, bool with_mem)
{
	const struct spmc_mem_store *m = H.s->mem;

	memset(o, 0, offsetof(struct snap, mem));
	spmc_mem_usage(m, &o->usage);
	/* The page map, interval by interval over known memory. */
	for (int e = 0; e < NEP; e++) {
		uint64_t pa = known[e].base, end = known[e].base + known[e].pages * PG;

		while (pa < end) {
			struct spmc_mem_page_info pi;
			struct snap_iv *v;
			uint64_t next;

			CHECK(spmc_mem_page(m, pa, &pi) == 0, "known page 0x%llx unknown to the store",
			      (unsigned long long)pa);
			CHECK(pi.pages && pa >= pi.base && pa - pi.base < pi.pages * PG,
			      "page 0x%llx outside its interval", (unsigned long long)pa);
			CHECK(o->niv < 2 * KNOWN_PAGES, "too many intervals");
			v = &o->iv[o->niv++];
			v->base = pi.base;
			v->pages = pi.pages;
			v->owner = pi.owner;
			v->state = pi.state;
			v->attrs = pi.attrs;
			v->handle = pi.handle;
			next = pi.base + pi.pages * PG;
			pa = next > pa ? next : pa + PG;
		}
	}
	/* Every live transaction: those the page map names, those handed out. */
	for (uint64_t i = 0; i < o->niv; i++)
		snap_tx_add(o, o->iv[i].handle);
	for (uint32_t i = 0; i < H.nhandles; i++)
		snap_tx_add(o, H.handles[i]);
	for (uint32_t i = 0; i < MAX_PENDING; i++)
		if (H.pend[i].live)
			snap_tx_add(o, H.pend[i].handle);
	/* The fake: live address spaces and SPMC mappings, as page maps. */
	for (uint32_t i = 0; i < mock_hal.as_count; i++) {
		const struct hal_as *as = &mock_hal.as[i];
		struct snap_as *a;

		if (!as->live)
			continue;
		CHECK(o->nas < NEP, "more address spaces than partitions");
		a = &o->as[o->nas++];
		a->part_id = as->part_id;
		for (uint32_t k = 0; k < as->nranges; k++)
			a->r[k] = (struct snap_range){as->ranges[k].va, as->ranges[k].pa,
						      as->ranges[k].size, as->ranges[k].attrs};
		a->nranges = canon_ranges(a->r, as->nranges);
	}
	/* Which ranges the SPMC has mapped, not with what attributes: the fake
	 * hands out one VA per PA, so when the core maps a page it already has
	 * mapped (zeroing a mailbox page an endpoint sent) and unmaps it again,
	 * the fake may drop either record and keep the other's attributes. */
	for (uint32_t i = 0; i < MOCK_MAX_SPMC_MAPS; i++) {
		const struct mock_spmc_map *sm = &mock_hal.spmc_maps[i];

		if (sm->live)
			o->maps[o->nmaps++] = (struct snap_range){(uint64_t)(uintptr_t)sm->va, sm->pa,
								  sm->size, 0};
	}
	o->nmaps = canon_ranges(o->maps, o->nmaps);
	o->work[0] = mock_hal.work[0];
	o->work[1] = mock_hal.work[1];
	o->console_len = mock_hal.console_len;
	o->misuse = mock_hal.misuse;
	/* The core's mailboxes and versions. */
	for (int e = 0; e < NEP; e++) {
		const struct spmc_partition *p = ep_part(e);
		struct snap_part *q = &o->part[e];

		q->version = p->ffa_version;
		q->mapped = p->mbox.mapped;
		q->rx_state = p->mbox.rx_state;
		q->pages = p->mbox.pages;
		q->tx_addr = p->mbox.tx_addr;
		q->rx_addr = p->mbox.rx_addr;
		q->tx_pa = p->mbox.tx_pa;
		q->rx_pa = p->mbox.rx_pa;
		q->tx = (uint64_t)(uintptr_t)p->mbox.tx;
		q->rx = (uint64_t)(uintptr_t)p->mbox.rx;
		q->rx_owned = spmc_rx_owned_by_endpoint(H.s, p->id);
	}
	for (uint32_t i = 0; i < NS_PAGES; i++)
		o->nwd[i] = (uint8_t)mock_nwd_access(MOCK_NS_BASE + i * PG);
	o->have_mem = with_mem;
	if (with_mem) {
		uint64_t off = 0;

		for (int e = 0; e < NEP; e++) {
			memcpy(o->mem + off, phys(known[e].base), known[e].pages * PG);
			off += known[e].pages * PG;
		}
	}
}

#define SNAP_SAME(field, what)                                                        \
	CHECK(memcmp(&a->field, &b->field, sizeof(a->field)) == 0,                    \
	      "state changed by a failed call: %s", what)

/* zero_ok: memory may have changed to zeros (and only to zeros); see
 * faults_fired(). */
void snap_compare(const struct snap *a, const struct snap *b, bool store_too,
			 bool zero_ok)
{
	SNAP_SAME(nas, "address spaces");
	SNAP_SAME(as, "address space mappings");
	SNAP_SAME(nmaps, "SPMC mappings");
	SNAP_SAME(maps, "SPMC mappings");
	SNAP_SAME(work, "work counters");
	SNAP_SAME(console_len, "console output");
	SNAP_SAME(part, "mailboxes or versions");
	SNAP_SAME(nwd, "the normal world's access");
	if (store_too) {
		SNAP_SAME(usage, "store usage");
		SNAP_SAME(niv, "page intervals");
		SNAP_SAME(iv, "page intervals");
		SNAP_SAME(ntx, "live transactions");
		SNAP_SAME(tx, "live transactions");
	}
	if (a->have_mem && b->have_mem && memcmp(a->mem, b->mem, sizeof(a->mem)) != 0) {
		size_t i = 0;

		while (a->mem[i] == b->mem[i] || (zero_ok && b->mem[i] == 0))
			if (++i == sizeof(a->mem))
				return;
		fail("memory changed by a failed call at known page %zu (0x%02x -> 0x%02x)",
		     (size_t)(i / PG), a->mem[i], b->mem[i]);
	}
}

/* ---- invariants after every step ---- */

bool known_page(uint64_t pa)
{
	for (int e = 0; e < NEP; e++)
		if (pa >= known[e].base && pa - known[e].base < known[e].pages * PG)
			return true;
	return false;
}

void check_store(void)
{
	struct spmc_mem_check_report rep = {0};
	int rc = spmc_mem_check(H.s->mem, &rep);

	CHECK(rc == 0, "spmc_mem_check: %s (%s, where 0x%llx)", spmc_mem_invariant_name(rc),
	      rep.what ? rep.what : "?", (unsigned long long)rep.where);
}

/* Index of a known page in walk order, -1 if pa is not known memory. */
int known_index(uint64_t pa)
{
	int base = 0;

	for (int e = 0; e < NEP; e++) {
		if (pa >= known[e].base && pa - known[e].base < known[e].pages * PG)
			return base + (int)((pa - known[e].base) / PG);
		base += (int)known[e].pages;
	}
	return -1;
}

/* The store and the SPs' address spaces tell the same story. Walked per
 * store interval (a borrower's access is its transaction's, the owner's the
 * interval's, so one answer holds for the whole interval) against a page
 * picture of the fake's ranges. */
void check_cross_layer(void)
{
	const struct spmc_mem_store *m = H.s->mem;
	static struct {
		bool mapped;
		uint64_t pa;
		uint32_t attrs;
	} pg[KNOWN_PAGES];

	for (int e = 1; e < NEP; e++) {
		struct hal_as *as = mock_as_of(H.ep[e].id);
		ffa_id_t id = H.ep[e].id;

		CHECK(as != NULL, "SP 0x%x has no address space", id);
		memset(pg, 0, sizeof(pg));
		for (uint32_t i = 0; i < as->nranges; i++) {
			for (uint64_t off = 0; off < as->ranges[i].size; off += PG) {
				uint64_t va = as->ranges[i].va + off;
				int k = known_index(va);

				/* These SPs have no regions beyond known memory. */
				CHECK(k >= 0, "SP 0x%x: 0x%llx mapped, not known memory", id,
				      (unsigned long long)va);
				CHECK(!pg[k].mapped, "SP 0x%x: 0x%llx mapped twice", id,
				      (unsigned long long)va);
				pg[k].mapped = true;
				pg[k].pa = as->ranges[i].pa + off;
				pg[k].attrs = as->ranges[i].attrs;
			}
		}
		for (int r = 0; r < NEP; r++) {
			uint64_t pa = known[r].base, end = known[r].base + known[r].pages * PG;

			while (pa < end) {
				struct spmc_mem_page_info pi;
				uint32_t acc;
				uint64_t iend;

				CHECK(spmc_mem_page(m, pa, &pi) == 0 && pi.pages,
				      "known page 0x%llx unknown to the store", (unsigned long long)pa);
				acc = spmc_mem_access(m, id, pa);
				iend = pi.base + pi.pages * PG;
				iend = iend > end ? end : iend > pa ? iend : pa + PG;
				for (; pa < iend; pa += PG) {
					int k = known_index(pa);

					CHECK(pg[k].mapped == (acc != 0),
					      "SP 0x%x: page 0x%llx %s mapped but the store gives "
					      "access 0x%x",
					      id, (unsigned long long)pa,
					      pg[k].mapped ? "is" : "is not", acc);
					CHECK(!pg[k].mapped ||
						      (pg[k].pa == pa &&
						       (pg[k].attrs & SPMC_MEM_RWX) == acc &&
						       (pg[k].attrs & SPMC_MEM_KIND) ==
							       (pi.attrs & SPMC_MEM_KIND)),
					      "SP 0x%x: page 0x%llx mapped to 0x%llx attrs 0x%x, "
					      "store: access 0x%x kind 0x%x",
					      id, (unsigned long long)pa, (unsigned long long)pg[k].pa,
					      pg[k].attrs, acc, pi.attrs & SPMC_MEM_KIND);
				}
			}
		}
	}
	for (int e = 0; e < NEP; e++) {
		const struct spmc_partition *p = ep_part(e);
		const struct endpoint *x = &H.ep[e];

		CHECK(p->mbox.mapped == x->mapped, "0x%x: mailbox mapped %d, endpoint thinks %d",
		      x->id, p->mbox.mapped, x->mapped);
		if (!x->mapped)
			continue;
		CHECK(p->mbox.tx_addr == x->tx && p->mbox.rx_addr == x->rx &&
			      p->mbox.pages == x->pages && p->mbox.tx_pa == x->tx &&
			      p->mbox.rx_pa == x->rx,
		      "0x%x: mailbox recorded at 0x%llx/0x%llx, mapped at 0x%llx/0x%llx", x->id,
		      (unsigned long long)p->mbox.tx_pa, (unsigned long long)p->mbox.rx_pa,
		      (unsigned long long)x->tx, (unsigned long long)x->rx);
		CHECK(mock_spmc_map_of(x->tx) && mock_spmc_map_of(x->rx),
		      "0x%x: the SPMC has no mapping of its mailbox", x->id);
	}
	/* The normal world's own access to its memory is what the store gives
	 * it: taken away while lent or donated, back when reclaimed. */
	for (uint64_t pa = MOCK_NS_BASE; pa < MOCK_NS_BASE + NS_PAGES * PG; pa += PG)
		CHECK(mock_nwd_access(pa) == (spmc_mem_access(m, NWD, pa) & SPMC_MEM_RWX),
		      "NWd: page 0x%llx accessible 0x%x but the store gives access 0x%x",
		      (unsigned long long)pa, mock_nwd_access(pa), spmc_mem_access(m, NWD, pa));
	/* Sends in fragments: exactly those the senders know of, as far along
	 * as they know. */
	for (uint32_t i = 0; i < H.s->mem_frag_count; i++) {
		const struct spmc_mem_frag *f = &H.s->mem_frags[i];
		const struct pending_send *ps = f->kind == MEM_FRAG_SEND ? pending_find(f->owner, f->handle)
									 : NULL;

		if (f->kind != MEM_FRAG_SEND)
			continue;
		CHECK(ps != NULL, "a send from 0x%x in fragments under 0x%llx nobody started",
		      f->owner, (unsigned long long)f->handle);
		CHECK(f->len == ps->total && f->done == ps->off,
		      "send 0x%llx in fragments: %u of %u bytes, the sender knows of %u of %u",
		      (unsigned long long)f->handle, f->done, f->len, ps->off, ps->total);
	}
	for (uint32_t i = 0; i < MAX_PENDING; i++)
		CHECK(!H.pend[i].live || core_send_slot(H.ep[H.pend[i].e].id, H.pend[i].handle),
		      "send 0x%llx in fragments lost", (unsigned long long)H.pend[i].handle);
	CHECK(mock_hal.misuse == 0, "the core misused the HAL (%u times)", mock_hal.misuse);
}


HARNESS_NO_COVERAGE_END
