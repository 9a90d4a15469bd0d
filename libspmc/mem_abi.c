/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory management ABIs, first slice (the OP-TEE "cookie" flow):
 * FFA_MEM_SHARE / FFA_MEM_LEND (32/64), FFA_MEM_RETRIEVE_REQ (32/64, from an
 * SP), FFA_MEM_RELINQUISH and FFA_MEM_RECLAIM.
 *
 * Each handler copies the caller's descriptor out of its TX buffer once, into
 * the SPMC's scratch memory, and only ever parses that copy (mem_desc.h) in
 * the caller's negotiated layout. The transaction store (mem_store.h) decides;
 * its effect (who gains or loses access to the transaction's ranges) is
 * applied to SP address spaces through the HAL between the store's _check and
 * apply forms, so a HAL failure leaves everything as it was.
 *
 * Not supported yet (FFA_ERROR(NOT_SUPPORTED)): descriptors in a buffer other
 * than the TX buffer (w3/w4 != 0), fragmented descriptors (fragment length !=
 * total length), retrieve responses larger than the borrower's RX buffer,
 * operation time slicing, FFA_MEM_DONATE, retrieve requests from the normal
 * world (hypervisor retrieve).
 *
 * The normal world's own access is not enforced: there is no HAL call yet
 * that revokes (or restores) the normal world's access to its memory (its
 * stage-2 / granule protection belongs to EL3 or the hypervisor). When the
 * normal world lends memory the store records it as no longer accessible to
 * the lender, but nothing stops the normal world touching it.
 */
#include "internal.h"
#include "mem/mem_desc.h"

/* Changes one effect can report: 1 except for relinquish (one per endpoint). */
#define MEM_ABI_MAX_CHANGES 16

static uint32_t mem_max_pages(const struct spmc_config *cfg)
{
	uint32_t n = cfg->rxtx_max_pages ? cfg->rxtx_max_pages : FFA_RXTX_MAP_PAGE_COUNT_MASK;

	return n > FFA_RXTX_MAP_PAGE_COUNT_MASK ? FFA_RXTX_MAP_PAGE_COUNT_MASK : n;
}

static uint32_t region_count(const struct spmc_config *cfg)
{
	uint32_t n = cfg->ns_mem ? cfg->ns_mem_count : 0;

	for (uint32_t i = 0; i < cfg->partition_count; i++)
		if (cfg->partitions[i].mem_size)
			n++;
	return n;
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

struct mem_layout {
	size_t regions, scratch, access, ranges, store, store_size, total;
	uint32_t nregions, max_ranges, max_borrowers;
	size_t scratch_size;
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
	size_t off = 0;

	l->nregions = n;
	l->max_borrowers = sc.max_borrowers;
	l->scratch_size = (size_t)mem_max_pages(cfg) * FFA_PAGE_SIZE;
	l->max_ranges = (uint32_t)(l->scratch_size / 16);
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
		if (l->store_size == 0 || sc.max_borrowers > 0xffff)
			return false;
		l->store_size += (size_t)n * sizeof(struct spmc_mem_region_cfg) + 128;
	}
	l->regions = take(&off, (size_t)n * sizeof(struct spmc_mem_region_cfg));
	l->scratch = take(&off, l->scratch_size);
	l->access = take(&off, (size_t)l->max_borrowers * sizeof(struct spmc_mem_access));
	/* Two halves: a parsed descriptor's ranges, and a live transaction's. */
	l->ranges = take(&off, 2 * (size_t)l->max_ranges * sizeof(struct spmc_mem_range));
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
	sc = store_cfg(cfg, k);
	sc.regions = regions;
	return spmc_mem_store_init(&s->mem, base + l.store, l.store_size, &sc);
}

/* ---- helpers ---- */

static bool is_smc64(const struct ffa_value *regs)
{
	return FFA_IS_SMC64((uint32_t)regs->x[0]);
}

static uint64_t mb_size(const struct spmc_mailbox *mb)
{
	return (uint64_t)mb->pages * FFA_PAGE_SIZE;
}

/* The common register checks of SHARE/LEND/RETRIEVE_REQ: w1 total length, w2
 * fragment length, w3/w4 buffer address and page count. 0 or an error code. */
static int check_length_regs(const struct spmc_mailbox *mb, const struct ffa_value *regs,
			     uint32_t *len)
{
	uint32_t total = (uint32_t)regs->x[1], frag = (uint32_t)regs->x[2];
	uint64_t addr = is_smc64(regs) ? regs->x[3] : (uint32_t)regs->x[3];
	uint32_t pages = (uint32_t)regs->x[4];

	/* A descriptor in a dynamically allocated buffer (FFA_FEATURES bit 0
	 * says it is not supported) rather than the TX buffer. */
	if (addr != 0 || pages != 0)
		return FFA_RET_NOT_SUPPORTED;
	if (total == 0 || frag == 0 || frag > total)
		return FFA_RET_INVALID_PARAMETERS;
	if (!mb->mapped)
		return FFA_RET_INVALID_PARAMETERS;
	if (frag > mb_size(mb))
		return FFA_RET_INVALID_PARAMETERS;
	/* Fragmented descriptors (FFA_MEM_FRAG_TX) are later work. */
	if (frag != total)
		return FFA_RET_NOT_SUPPORTED;
	*len = total;
	return 0;
}

/* Copies len bytes of p's TX buffer into the scratch memory: the only read of
 * the caller's memory; everything after works on the copy. */
static const uint8_t *copy_tx(struct spmc *s, const struct spmc_mailbox *mb, size_t len)
{
	spmc_memcpy(s->mem_scratch, mb->tx, len);
	return s->mem_scratch;
}

static struct spmc_mem_room parse_room(struct spmc *s)
{
	return (struct spmc_mem_room){s->mem_access, s->mem_max_borrowers, s->mem_ranges,
				      s->mem_max_ranges};
}

/* The live transaction's constituents, in the second half of the range room;
 * 0 if they do not all fit (cannot happen: one TX buffer held them). */
static uint32_t tx_ranges(struct spmc *s, ffa_mem_handle_t h, struct spmc_mem_range **out)
{
	struct spmc_mem_tx_info info;
	struct spmc_mem_range *r = s->mem_ranges + s->mem_max_ranges;

	if (spmc_mem_tx(s->mem, h, &info) != 0 || info.range_count > s->mem_max_ranges)
		return 0;
	*out = r;
	return spmc_mem_tx_ranges(s->mem, h, 0, r, s->mem_max_ranges);
}

static void unmap_ranges(struct hal_as *as, const struct spmc_mem_range *r, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		hal_as_unmap(as, r[i].addr, r[i].pages * FFA_PAGE_SIZE);
}

/* Maps r[0, n) at IPA == PA; all or nothing. */
static int map_ranges(struct hal_as *as, const struct spmc_mem_range *r, uint32_t n,
		      uint32_t attrs)
{
	for (uint32_t i = 0; i < n; i++) {
		int rc = hal_as_map(as, r[i].addr, r[i].addr, r[i].pages * FFA_PAGE_SIZE, attrs);

		if (rc != 0) {
			unmap_ranges(as, r, i);
			return rc;
		}
	}
	return 0;
}

static uint64_t total_pages(const struct spmc_mem_range *r, uint32_t n)
{
	uint64_t t = 0;

	for (uint32_t i = 0; i < n; i++)
		t += r[i].pages;
	return t;
}

/* The SP whose address space a change applies to; NULL for the normal world
 * (see the file comment: its access is not enforced yet) and for no change. */
static struct spmc_partition *change_sp(struct spmc *s, const struct spmc_mem_change *c)
{
	struct spmc_partition *p = spmc_partition_find(s, c->id);

	return p && !p->is_nwd && p->as && c->before != c->after ? p : NULL;
}

/* Zeroes r[0, n) through the SPMC's own view: 0 or NO_MEMORY (nothing zeroed
 * past the failing range). */
static int zero_ranges(const struct spmc_mem_range *r, uint32_t n, uint32_t kind)
{
	for (uint32_t i = 0; i < n; i++) {
		uint64_t size = r[i].pages * FFA_PAGE_SIZE;
		void *v = hal_spmc_map(r[i].addr, size, HAL_MEM_R | HAL_MEM_W | (kind & HAL_MEM_NS));

		if (!v)
			return FFA_RET_NO_MEMORY;
		spmc_memset(v, 0, (size_t)size);
		hal_spmc_unmap(v, size);
	}
	return 0;
}

/*
 * Applies the effect's access changes to SP address spaces over r[0, n):
 * first every unmap, then zeroing, then every map (IPA == PA, with the
 * transaction's NS/device kind). On failure, undoes what it did (unmapped
 * access mapped back) and returns the code: the store is then not applied.
 */
static int hal_apply(struct spmc *s, const struct spmc_mem_effect *fx,
		     const struct spmc_mem_range *r, uint32_t n)
{
	uint32_t kind = fx->kind & SPMC_MEM_KIND;
	uint32_t i;
	int rc = 0;

	for (i = 0; i < fx->change_count; i++) {
		struct spmc_partition *p = change_sp(s, &fx->changes[i]);

		if (p && fx->changes[i].before)
			unmap_ranges(p->as, r, n);
	}
	if (fx->zero)
		rc = zero_ranges(r, n, kind);
	for (i = 0; rc == 0 && i < fx->change_count; i++) {
		struct spmc_partition *p = change_sp(s, &fx->changes[i]);

		if (p && fx->changes[i].after)
			rc = map_ranges(p->as, r, n, fx->changes[i].after | kind);
	}
	if (rc == 0) {
		for (i = 0; i < fx->change_count; i++)
			if (change_sp(s, &fx->changes[i]) && fx->changes[i].after)
				hal_work(HAL_WORK_PAGES_MAPPED, total_pages(r, n));
		return 0;
	}
	/* Undo: changes [0, i - 1) were mapped (the failing one cleaned up after
	 * itself); every unmapped "before" goes back. */
	while (i-- > 1) {
		struct spmc_partition *p = change_sp(s, &fx->changes[i - 1]);

		if (p && fx->changes[i - 1].after)
			unmap_ranges(p->as, r, n);
	}
	for (i = 0; i < fx->change_count; i++) {
		struct spmc_partition *p = change_sp(s, &fx->changes[i]);

		if (p && fx->changes[i].before)
			(void)map_ranges(p->as, r, n, fx->changes[i].before | kind);
	}
	return rc;
}

static struct spmc_ec *ret_handle(struct spmc_ec *caller, struct ffa_value *regs,
				  ffa_mem_handle_t h)
{
	struct ffa_value v = ffa_success((uint32_t)h);

	v.x[3] = (uint32_t)(h >> 32);
	return spmc_ret(caller, regs, v);
}

/* ---- FFA_MEM_SHARE / FFA_MEM_LEND ---- */

struct spmc_ec *spmc_abi_mem_send(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				  struct ffa_value *regs)
{
	uint32_t fid = (uint32_t)regs->x[0];
	bool lend = fid == FFA_MEM_LEND_32 || fid == FFA_MEM_LEND_64;
	struct spmc_partition *me = caller->part;
	struct spmc_mem_room room = parse_room(s);
	struct spmc_mem_change ch[MEM_ABI_MAX_CHANGES];
	struct spmc_mem_effect fx;
	struct spmc_mem_desc d;
	const uint8_t *buf;
	uint32_t len;
	enum spmc_mem_op op = lend ? SPMC_MEM_OP_LEND : SPMC_MEM_OP_SHARE;
	int rc;

	(void)cpu;
	rc = check_length_regs(&me->mbox, regs, &len);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	buf = copy_tx(s, &me->mbox, len);
	rc = spmc_mem_desc_parse(buf, len, me->ffa_version,
				 lend ? SPMC_MEM_DESC_LEND : SPMC_MEM_DESC_SHARE, &room, &d);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	/* The sender must be the caller (DEN0077: INVALID_PARAMETERS). */
	if (d.sender != me->id)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (spmc_mem_desc_time_slicing(&d))
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	/* Borrowers: SPs this SPMC knows (the normal world's endpoints are not
	 * borrowers of memory sent through the SPMC in this slice). */
	for (uint32_t i = 0; i < d.access_count; i++) {
		const struct spmc_partition *p = spmc_partition_find(s, d.access[i].id);

		if (!p || p->is_nwd)
			return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	}
	if (!s->mem)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	spmc_mem_effect_init(&fx, ch, MEM_ABI_MAX_CHANGES);
	rc = spmc_mem_create_check(s->mem, me->id, op, &d, &fx);
	if (rc == 0)
		rc = hal_apply(s, &fx, d.ranges, d.range_count); /* an SP lender loses its mapping */
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	spmc_mem_effect_init(&fx, ch, MEM_ABI_MAX_CHANGES);
	rc = spmc_mem_create(s->mem, me->id, op, &d, &fx);
	if (rc != 0) /* cannot happen: checked just above with nothing in between */
		return spmc_ret_err(caller, regs, rc);
	hal_work(HAL_WORK_BYTES_COPIED, len);
	return ret_handle(caller, regs, fx.handle);
}

/* ---- FFA_MEM_RETRIEVE_REQ ---- */

/* HAL access bits -> FF-A permissions, as the retrieve response states them. */
static uint8_t ffa_perms(uint32_t access)
{
	uint8_t data = (access & HAL_MEM_W) ? FFA_MEM_DATA_RW : FFA_MEM_DATA_RO;
	uint8_t instr = (access & HAL_MEM_X) ? FFA_MEM_INSTR_X : FFA_MEM_INSTR_NX;

	return (uint8_t)(data | (instr << FFA_MEM_INSTR_ACCESS_SHIFT));
}

struct spmc_ec *spmc_abi_mem_retrieve_req(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
					  struct ffa_value *regs)
{
	struct spmc_partition *me = caller->part;
	struct spmc_mailbox *mb = &me->mbox;
	struct spmc_mem_room room = parse_room(s);
	struct spmc_mem_change ch[MEM_ABI_MAX_CHANGES];
	struct spmc_mem_effect fx;
	struct spmc_mem_desc rq, resp;
	struct spmc_mem_tx_info info;
	struct spmc_mem_access acc;
	struct spmc_mem_range *r = NULL;
	uint32_t len, n, granted = 0;
	size_t written = 0, total = 0, size;
	bool found = false;
	int rc;

	(void)cpu;
	rc = check_length_regs(mb, regs, &len);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	/* The response goes into the caller's RX buffer, which must be free. */
	if (mb->rx_state != SPMC_RX_FREE)
		return spmc_ret_err(caller, regs, FFA_RET_BUSY);
	rc = spmc_mem_desc_parse(copy_tx(s, mb, len), len, me->ffa_version,
				 SPMC_MEM_DESC_RETRIEVE_REQ, &room, &rq);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	/* No access descriptor: a hypervisor retrieve request, not an SP's. */
	if (rq.access_count == 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (spmc_mem_desc_time_slicing(&rq))
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	if (!s->mem)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	spmc_mem_effect_init(&fx, ch, MEM_ABI_MAX_CHANGES);
	rc = spmc_mem_retrieve_check(s->mem, me->id, &rq, &fx);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	if (spmc_mem_tx(s->mem, rq.handle, &info) != 0 || (n = tx_ranges(s, rq.handle, &r)) == 0 ||
	    n != info.range_count)
		return spmc_ret_err(caller, regs, FFA_RET_NO_MEMORY);
	/* The caller's access descriptor as sent, with what it is granted. */
	for (uint32_t i = 0; i < info.borrower_count; i++) {
		struct spmc_mem_borrower_info b;

		if (spmc_mem_tx_borrower(s->mem, rq.handle, i, &b) == 0 && b.sent.id == me->id) {
			acc = b.sent;
			granted = b.granted;
			found = true;
		}
	}
	for (uint32_t i = 0; i < fx.change_count; i++)
		if (fx.changes[i].id == me->id && fx.changes[i].after)
			granted = fx.changes[i].after;
	if (!found)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	acc.perms = ffa_perms(granted);
	resp = (struct spmc_mem_desc){
		.version = me->ffa_version,
		.sender = info.sender,
		.attributes = info.attributes,
		.flags = info.flags,
		.handle = rq.handle,
		.tag = info.tag,
		.access = &acc,
		.access_count = 1,
		.ranges = r,
		.range_count = n,
		.total_pages = info.total_pages,
	};
	/* The NS bit exists from v1.1; a v1.0 borrower cannot be told. */
	if ((info.kind & HAL_MEM_NS) && me->ffa_version >= FFA_VERSION_1_1)
		resp.attributes |= FFA_MEM_ATTR_NS;
	size = spmc_mem_desc_encoded_size(&resp, me->ffa_version);
	/* A response larger than the RX buffer needs FFA_MEM_FRAG_RX: later work. */
	if (size == 0 || size > mb_size(mb))
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	rc = hal_apply(s, &fx, r, n);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	spmc_mem_effect_init(&fx, ch, MEM_ABI_MAX_CHANGES);
	rc = spmc_mem_retrieve(s->mem, me->id, &rq, &fx);
	if (rc != 0) /* cannot happen: checked just above with nothing in between */
		return spmc_ret_err(caller, regs, rc);
	(void)spmc_mem_desc_encode_retrieve_resp(&resp, me->ffa_version, 0, mb->rx,
						 (size_t)mb_size(mb), &written, &total);
	mb->rx_state = SPMC_RX_FULL;
	hal_work(HAL_WORK_BYTES_COPIED, (uint64_t)len + written);
	return spmc_ret(caller, regs,
			(struct ffa_value){{FFA_MEM_RETRIEVE_RESP_32, (uint32_t)total,
					    (uint32_t)written}});
}

/* ---- FFA_MEM_RELINQUISH ---- */

struct spmc_ec *spmc_abi_mem_relinquish(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
					struct ffa_value *regs)
{
	struct spmc_partition *me = caller->part;
	struct spmc_mailbox *mb = &me->mbox;
	struct spmc_mem_change ch[MEM_ABI_MAX_CHANGES];
	struct spmc_mem_effect fx;
	struct spmc_mem_relinquish rq;
	struct spmc_mem_range *r = NULL;
	uint64_t len, rest;
	uint32_t n;
	int rc;

	(void)cpu;
	if (!mb->mapped)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* Copied once: the 16-byte header, then exactly the endpoints the copied
	 * header counts (clipped to the buffer; the parser rejects a short one). */
	len = sizeof(struct ffa_mem_relinquish);
	spmc_memcpy(s->mem_scratch, mb->tx, (size_t)len);
	rest = 2ull * spmc_get_le32(s->mem_scratch + 12);
	if (rest > mb_size(mb) - len)
		rest = mb_size(mb) - len;
	spmc_memcpy(s->mem_scratch + len, (const uint8_t *)mb->tx + len, (size_t)rest);
	len += rest;
	rc = spmc_mem_relinquish_parse(s->mem_scratch, (size_t)len, &rq);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	if (rq.flags & FFA_MEM_FLAG_TIME_SLICING)
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	if (!s->mem)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	spmc_mem_effect_init(&fx, ch, MEM_ABI_MAX_CHANGES);
	rc = spmc_mem_relinquish_check(s->mem, me->id, &rq, &fx);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	n = tx_ranges(s, rq.handle, &r);
	if (n == 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	rc = hal_apply(s, &fx, r, n);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	spmc_mem_effect_init(&fx, ch, MEM_ABI_MAX_CHANGES);
	rc = spmc_mem_relinquish(s->mem, me->id, &rq, &fx);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	hal_work(HAL_WORK_BYTES_COPIED, len);
	return spmc_ret(caller, regs, ffa_success(0));
}

/* ---- FFA_MEM_RECLAIM ---- */

struct spmc_ec *spmc_abi_mem_reclaim(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				     struct ffa_value *regs)
{
	ffa_mem_handle_t h = (uint32_t)regs->x[1] | ((uint64_t)(uint32_t)regs->x[2] << 32);
	uint32_t flags = (uint32_t)regs->x[3];
	struct spmc_mem_change ch[MEM_ABI_MAX_CHANGES];
	struct spmc_mem_effect fx;
	struct spmc_mem_range *r = NULL;
	uint32_t n;
	int rc;

	(void)cpu;
	if (flags & FFA_MEM_FLAG_TIME_SLICING)
		return spmc_ret_err(caller, regs, FFA_RET_NOT_SUPPORTED);
	if (!s->mem)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	spmc_mem_effect_init(&fx, ch, MEM_ABI_MAX_CHANGES);
	rc = spmc_mem_reclaim_check(s->mem, caller->part->id, h, flags, &fx);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	n = tx_ranges(s, h, &r);
	if (n == 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	rc = hal_apply(s, &fx, r, n); /* an SP lender gets its mapping back */
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	spmc_mem_effect_init(&fx, ch, MEM_ABI_MAX_CHANGES);
	rc = spmc_mem_reclaim(s->mem, caller->part->id, h, flags, &fx);
	if (rc != 0)
		return spmc_ret_err(caller, regs, rc);
	return spmc_ret(caller, regs, ffa_success(0));
}
