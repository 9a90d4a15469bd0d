/* SPDX-License-Identifier: BSD-3-Clause */
/* The memory-ABI fuzz harness: checking what a call returned: error shapes, sends, retrieve responses, the state after a success. */
#include "harness.h"

HARNESS_NO_COVERAGE_BEGIN

/* ---- result checks ---- */

bool is_error(const struct ffa_value *r)
{
	return (uint32_t)r->x[0] == FFA_ERROR_32;
}

void check_error_shape(const struct ffa_value *r)
{
	int32_t code = ffa_error_code(r);

	CHECK(code <= -1 && code >= -10, "FFA_ERROR with code %d", code);
	CHECK(r->x[1] == 0 && (r->x[2] >> 32) == 0, "FFA_ERROR: x1/x2 carry more than the code");
	for (int i = 3; i < FFA_NREGS; i++)
		CHECK(r->x[i] == 0, "FFA_ERROR: x%d = 0x%llx", i, (unsigned long long)r->x[i]);
}

ffa_mem_handle_t handle_of(const struct ffa_value *r, int lo)
{
	return (uint32_t)r->x[lo] | ((uint64_t)(uint32_t)r->x[lo + 1] << 32);
}

/* A send completed with FFA_SUCCESS: a new handle, live, allocated here. */
void send_done(int e, const struct ffa_value *r)
{
	ffa_mem_handle_t h = handle_of(r, 2);
	struct spmc_mem_tx_info info;

	CHECK(h != 0 && !(h & FFA_MEM_HANDLE_ALLOC_HYP), "send returned handle 0x%llx",
	      (unsigned long long)h);
	CHECK(!snap_has_tx(&snap_before, h), "send returned live handle 0x%llx",
	      (unsigned long long)h);
	CHECK(r->x[1] == 0, "send: x1 = 0x%llx", (unsigned long long)r->x[1]);
	for (int i = 4; i < FFA_NREGS; i++)
		CHECK(r->x[i] == 0, "send: x%d = 0x%llx", i, (unsigned long long)r->x[i]);
	CHECK(spmc_mem_tx(H.s->mem, h, &info) == 0, "send returned dead handle 0x%llx",
	      (unsigned long long)h);
	CHECK(info.sender == H.ep[e].id, "handle 0x%llx: sender 0x%x, caller 0x%x",
	      (unsigned long long)h, info.sender, H.ep[e].id);
	handle_add(h);
}

/* A write by endpoint e to one of its pages, if it has write access: keeps
 * memory contents varied so a wrongful zeroing is seen. */
void touch(int e)
{
	uint8_t a0 = u8(), a1 = u8();
	uint32_t idx = a0 % KNOWN_PAGES;
	uint64_t pa = 0;

	for (int k = 0; k < NEP; k++) {
		if (idx < known[k].pages) {
			pa = known[k].base + idx * PG;
			break;
		}
		idx -= known[k].pages;
	}
	if (spmc_mem_access(H.s->mem, H.ep[e].id, pa) & HAL_MEM_W)
		memset(phys(pa) + (a1 & 0x3f) * 64, a1 | 1, 64);
}

/* SPs' address spaces the fake can still split safely: its hal_as_unmap
 * drops the tail of a range it splits when the table is full. A send from an
 * SP splits its own mapping once per constituent. */
bool room_to_split(int e)
{
	struct hal_as *as = e ? mock_as_of(H.ep[e].id) : NULL;

	return !as || as->nranges + 8 <= MOCK_MAX_RANGES;
}

/* Which steps may change memory (zeroing): their failures compare it too. */
bool may_zero(enum op op)
{
	return op == OP_SHARE || op == OP_LEND || op == OP_DONATE || op == OP_RELINQUISH ||
	       op == OP_RECLAIM || op == OP_FRAG_TX || op == OP_RETRIEVE;
}

const struct snap_tx *snap_find(const struct snap *o, ffa_mem_handle_t h)
{
	for (uint64_t i = 0; i < o->ntx; i++)
		if (o->tx[i].handle == h)
			return &o->tx[i];
	return NULL;
}

/* A retrieve response tells the borrower the transaction as it stood: its
 * sender, tag, type, memory (with the NS bit from v1.1 when it is
 * non-secure) and the access the borrower now has. */
struct snap_tx resp_tx[NEP];

void check_retrieve_resp(int e, const struct spmc_mem_desc *d, const struct snap_tx *t,
				bool hyp)
{
	struct spmc_mem_tx_info info;
	bool ns = ep_version(e) >= FFA_VERSION_1_1 && (t ? t->kind & HAL_MEM_NS : 0);
	const struct spmc_mem_access *mine = NULL;

	CHECK(t != NULL, "retrieve of handle 0x%llx, which was not live",
	      (unsigned long long)d->handle);
	CHECK(d->sender == t->sender && d->tag == t->tag &&
		      ((d->flags & FFA_MEM_FLAG_TRANSACTION_TYPE_MASK) >>
		       FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT) == t->op,
	      "retrieve response: sender 0x%x tag %llu flags 0x%x, sent by 0x%llx tag %llu op %llu",
	      d->sender, (unsigned long long)d->tag, d->flags, (unsigned long long)t->sender,
	      (unsigned long long)t->tag, (unsigned long long)t->op);
	CHECK(((d->attributes & FFA_MEM_ATTR_NS) != 0) == ns,
	      "retrieve response: NS attribute 0x%x for memory of kind 0x%llx", d->attributes,
	      (unsigned long long)t->kind);
	CHECK(d->range_count == t->range_count && d->total_pages == t->total_pages,
	      "retrieve response: %u ranges / %llu pages, sent %llu / %llu", d->range_count,
	      (unsigned long long)d->total_pages, (unsigned long long)t->range_count,
	      (unsigned long long)t->total_pages);
	for (uint32_t i = 0; i < d->range_count; i++)
		CHECK(d->ranges[i].addr == t->r[i].addr && d->ranges[i].pages == t->r[i].pages,
		      "retrieve response: range %u is 0x%llx+%llu, sent 0x%llx+%llu", i,
		      (unsigned long long)d->ranges[i].addr, (unsigned long long)d->ranges[i].pages,
		      (unsigned long long)t->r[i].addr, (unsigned long long)t->r[i].pages);
	if (hyp) {
		/* The hypervisor's view: every borrower, as sent. */
		CHECK(d->access_count == t->borrower_count,
		      "hypervisor retrieve response: %u borrowers, sent %llu", d->access_count,
		      (unsigned long long)t->borrower_count);
		for (uint32_t i = 0; i < d->access_count; i++)
			CHECK(d->access[i].id == t->b[i].id,
			      "hypervisor retrieve response: borrower %u is 0x%x, sent 0x%llx", i,
			      d->access[i].id, (unsigned long long)t->b[i].id);
		return;
	}
	for (uint32_t i = 0; i < d->access_count; i++)
		if (d->access[i].id == H.ep[e].id)
			mine = &d->access[i];
	CHECK(mine != NULL, "retrieve response does not name the borrower");
	/* The access granted, while the transaction lives (a donation ends). */
	if (spmc_mem_tx(H.s->mem, d->handle, &info) == 0) {
		for (uint32_t i = 0; i < info.borrower_count; i++) {
			struct spmc_mem_borrower_info bi;

			if (spmc_mem_tx_borrower(H.s->mem, d->handle, i, &bi) != 0 ||
			    bi.sent.id != H.ep[e].id)
				continue;
			CHECK(((mine->perms & FFA_MEM_DATA_ACCESS_MASK) == FFA_MEM_DATA_RW) ==
				      ((bi.granted & HAL_MEM_W) != 0),
			      "retrieve response: permissions 0x%x, granted 0x%x", mine->perms,
			      bi.granted);
		}
	}
}

/* A complete retrieve response in buf parses and states the transaction. */
void check_resp_bytes(int e, const uint8_t *buf, uint32_t total, ffa_mem_handle_t want,
			     const struct snap_tx *t, bool hyp)
{
	static struct spmc_mem_range rng[MAX_RANGES];
	struct spmc_mem_access acc[MAX_BORROWERS];
	struct spmc_mem_room room = {acc, MAX_BORROWERS, rng, MAX_RANGES};
	struct spmc_mem_desc d;
	int rc = spmc_mem_desc_parse(buf, total, ep_version(e), SPMC_MEM_DESC_RETRIEVE_RESP, &room,
				     &d);

	CHECK(rc == 0, "retrieve response does not parse (%d)", rc);
	CHECK(d.handle == want, "retrieve response names handle 0x%llx, asked 0x%llx",
	      (unsigned long long)d.handle, (unsigned long long)want);
	check_retrieve_resp(e, &d, t, hyp);
}

void check_regs_zero(const struct ffa_value *r, int from, const char *what)
{
	for (int i = from; i < FFA_NREGS; i++)
		CHECK(r->x[i] == 0, "%s: x%d = 0x%llx", what, i, (unsigned long long)r->x[i]);
}

/* The first fragment of a send was taken (FFA_MEM_FRAG_RX): a new reserved
 * handle; the rest goes with FRAG_TX through the same buffer. */
void send_started(int e, const struct build *b, const struct ffa_value *r)
{
	uint32_t w1 = (uint32_t)b->r.x[1], w2 = (uint32_t)b->r.x[2];
	uint64_t addr = FFA_IS_SMC64((uint32_t)b->r.x[0]) ? b->r.x[3] : (uint32_t)b->r.x[3];
	uint32_t pages = (uint32_t)b->r.x[4];
	ffa_mem_handle_t h = handle_of(r, 1);
	struct spmc_mem_usage u;
	struct pending_send *ps = NULL;

	CHECK(w2 < w1, "FRAG_RX for a descriptor sent whole (w1 %u, w2 %u)", w1, w2);
	CHECK(r->x[3] == w2, "FRAG_RX offset %llu, sent %u", (unsigned long long)r->x[3], w2);
	check_regs_zero(r, 4, "FRAG_RX");
	CHECK(h != 0 && !(h & FFA_MEM_HANDLE_ALLOC_HYP) && !snap_has_tx(&snap_before, h) &&
		      spmc_mem_tx(H.s->mem, h, &(struct spmc_mem_tx_info){0}) != 0,
	      "FRAG_RX with handle 0x%llx", (unsigned long long)h);
	CHECK(!pending_find(H.ep[e].id, h), "FRAG_RX with the handle of a send in progress");
	spmc_mem_usage(H.s->mem, &u);
	CHECK(u.reserved == snap_before.usage.reserved + 1,
	      "a send in fragments started: %u handles reserved, %u before", u.reserved,
	      snap_before.usage.reserved);
	for (uint32_t i = 0; i < MAX_PENDING && !ps; i++)
		if (!H.pend[i].live)
			ps = &H.pend[i];
	CHECK(ps != NULL, "more sends in fragments than the SPMC has slots");
	ps->live = true;
	ps->e = e;
	ps->handle = h;
	ps->total = w1;
	ps->off = w2;
	ps->dest = addr || pages ? addr : H.ep[e].tx;
	ps->dest_size = addr || pages ? (uint64_t)pages * PG : H.ep[e].pages * PG;
	memcpy(ps->buf, b->desc, sizeof(ps->buf));
	handle_add(h);
}

void after_success(int e, enum op op, const struct build *b, const struct ffa_value *r)
{
	struct endpoint *x = &H.ep[e];
	uint32_t fid = (uint32_t)r->x[0];
	ffa_mem_handle_t named = handle_of(&b->r, 1);

	switch (op) {
	case OP_SHARE:
	case OP_LEND:
	case OP_DONATE:
		if (fid == FFA_MEM_FRAG_RX_32) {
			send_started(e, b, r);
		} else {
			CHECK(fid == FFA_SUCCESS_32, "send: unexpected x0 0x%x", fid);
			CHECK((uint32_t)b->r.x[2] == (uint32_t)b->r.x[1],
			      "send of %u bytes completed by a fragment of %u",
			      (uint32_t)b->r.x[1], (uint32_t)b->r.x[2]);
			send_done(e, r);
		}
		break;
	case OP_FRAG_TX: {
		struct pending_send *ps = pending_find(x->id, named);
		uint32_t len = (uint32_t)b->r.x[3];

		CHECK(ps != NULL, "FRAG_TX accepted for 0x%llx, no send in fragments",
		      (unsigned long long)named);
		if (fid == FFA_MEM_FRAG_RX_32) {
			CHECK(handle_of(r, 1) == named, "FRAG_RX for another transaction");
			CHECK(r->x[3] == ps->off + len && ps->off + len < ps->total,
			      "FRAG_RX offset %llu, expected %u of %u", (unsigned long long)r->x[3],
			      ps->off + len, ps->total);
			check_regs_zero(r, 4, "FRAG_RX");
			ps->off += len;
		} else {
			CHECK(fid == FFA_SUCCESS_32, "FRAG_TX: unexpected x0 0x%x", fid);
			CHECK(ps->off + len == ps->total, "FRAG_TX completed at %u of %u bytes",
			      ps->off + len, ps->total);
			CHECK(handle_of(r, 2) == named, "FRAG_TX completed 0x%llx as 0x%llx",
			      (unsigned long long)named, (unsigned long long)handle_of(r, 2));
			ps->live = false;
			send_done(e, r);
		}
		break;
	}
	case OP_RETRIEVE: {
		uint32_t total = (uint32_t)r->x[1], frag = (uint32_t)r->x[2];
		ffa_mem_handle_t want = 0;
		const struct snap_tx *t;
		/* The normal world borrows nothing through the SPMC: its
		 * retrieves that succeed are the hypervisor's. */
		bool hyp = e == 0;

		CHECK(fid == FFA_MEM_RETRIEVE_RESP_32, "retrieve: unexpected x0 0x%x", fid);
		CHECK(frag && frag <= total && frag <= x->pages * PG,
		      "retrieve response lengths %u/%u", total, frag);
		CHECK(spmc_rx_owned_by_endpoint(H.s, x->id), "retrieve: RX not handed over");
		memcpy(&want, b->desc + 8, 8); /* the handle field of the request as sent */
		t = snap_find(&snap_before, want);
		CHECK(t != NULL, "retrieve of handle 0x%llx, which was not live",
		      (unsigned long long)want);
		resp_tx[e] = *t;
		if (hyp) {
			/* The hypervisor retrieve request changes nothing. */
			snap_take(&snap_after, false);
			CHECK(memcmp(&snap_before.usage, &snap_after.usage, sizeof(snap_after.usage)) == 0 &&
				      memcmp(snap_before.iv, snap_after.iv, sizeof(snap_after.iv)) == 0 &&
				      memcmp(snap_before.tx, snap_after.tx, sizeof(snap_after.tx)) == 0 &&
				      memcmp(snap_before.as, snap_after.as, sizeof(snap_after.as)) == 0,
			      "the hypervisor retrieve request changed the store or mappings");
		}
		if (frag < total) {
			CHECK(frag == x->pages * PG && total <= DESC_MAX,
			      "retrieve response of %u bytes: a first fragment of %u", total, frag);
			memcpy(H.resp[e], phys(x->rx), frag);
			x->rx_frag_pending = true;
			x->rx_frag_hyp = hyp;
			x->rx_frag_handle = want;
			x->rx_frag_total = total;
			x->rx_frag_off = frag;
			break;
		}
		check_resp_bytes(e, phys(x->rx), total, want, t, hyp);
		break;
	}
	case OP_FRAG_RX: {
		uint32_t off = (uint32_t)b->r.x[3], n = (uint32_t)r->x[3];

		CHECK(fid == FFA_MEM_FRAG_TX_32, "FRAG_RX: unexpected x0 0x%x", fid);
		CHECK(handle_of(r, 1) == named, "FRAG_TX for another handle");
		CHECK(n && n <= x->pages * PG, "FRAG_TX of %u bytes", n);
		check_regs_zero(r, 4, "FRAG_TX");
		CHECK(spmc_rx_owned_by_endpoint(H.s, x->id), "FRAG_RX: RX not handed over");
		if (!x->rx_frag_pending || named != x->rx_frag_handle)
			break;
		CHECK(off <= x->rx_frag_off && off < x->rx_frag_total,
		      "FRAG_RX at %u accepted, %u of %u handed out", off, x->rx_frag_off,
		      x->rx_frag_total);
		CHECK(n == (x->rx_frag_total - off < x->pages * PG ? x->rx_frag_total - off
								      : x->pages * PG),
		      "FRAG_TX of %u bytes at %u of %u", n, off, x->rx_frag_total);
		memcpy(H.resp[e] + off, phys(x->rx), n);
		if (off + n > x->rx_frag_off)
			x->rx_frag_off = off + n;
		if (x->rx_frag_off == x->rx_frag_total) {
			x->rx_frag_pending = false;
			check_resp_bytes(e, H.resp[e], x->rx_frag_total, named, &resp_tx[e],
					 x->rx_frag_hyp);
		}
		break;
	}
	case OP_RECLAIM: {
		struct pending_send *ps = pending_find(x->id, named);
		struct spmc_mem_tx_info info;

		CHECK(fid == FFA_SUCCESS_32, "reclaim: unexpected x0 0x%x", fid);
		CHECK(spmc_mem_tx(H.s->mem, named, &info) != 0,
		      "handle 0x%llx still live after its reclaim", (unsigned long long)named);
		if (ps) {
			/* A send in fragments abandoned: its handle was only reserved. */
			struct spmc_mem_usage u;

			spmc_mem_usage(H.s->mem, &u);
			CHECK(u.reserved + 1 == snap_before.usage.reserved,
			      "abandoned send: %u handles reserved, %u before", u.reserved,
			      snap_before.usage.reserved);
			ps->live = false;
		}
		break;
	}
	case OP_RXTX_UNMAP:
		CHECK(fid == FFA_SUCCESS_32, "RXTX_UNMAP: unexpected x0 0x%x", fid);
		x->mapped = false;
		break;
	case OP_RXTX_MAP:
		CHECK(fid == FFA_SUCCESS_32, "RXTX_MAP: unexpected x0 0x%x", fid);
		x->mapped = true;
		x->tx = (uint32_t)b->r.x[0] == FFA_RXTX_MAP_64 ? b->r.x[1] : (uint32_t)b->r.x[1];
		x->rx = (uint32_t)b->r.x[0] == FFA_RXTX_MAP_64 ? b->r.x[2] : (uint32_t)b->r.x[2];
		x->pages = (uint32_t)b->r.x[3] & FFA_RXTX_MAP_PAGE_COUNT_MASK;
		break;
	case OP_RX_RELEASE:
		/* (A response in fragments goes on after it: that is how.) */
		CHECK(fid == FFA_SUCCESS_32, "RX_RELEASE: unexpected x0 0x%x", fid);
		break;
	case OP_RELINQUISH:
		CHECK(fid == FFA_SUCCESS_32, "relinquish: unexpected x0 0x%x", fid);
		break;
	default:
		break;
	}
}


HARNESS_NO_COVERAGE_END
