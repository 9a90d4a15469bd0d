/* SPDX-License-Identifier: BSD-3-Clause */
/* The memory-ABI fuzz harness: building calls from fuzz bytes: descriptors, registers, mutations, where the bytes go. */
#include "harness.h"

HARNESS_NO_COVERAGE_BEGIN

/* Layout-changing mutations apply before encoding. */
void pre_mutate(struct build *b, const struct mutation *m, int n)
{
	for (int i = 0; i < n; i++)
		if (m[i].kind % 8 == 6)
			b->layout = versions[m[i].val % 3];
}

/*
 * Spoils the call: 0 flip a descriptor bit, 1 overwrite a descriptor byte,
 * 2 the total length (w1) zeroed, past the buffer, or off by a signed
 * amount, 3 the same for the fragment length (w2), 4 a buffer address and
 * page count in w3/w4, 5 overwrite a 32-bit descriptor field, 6 another
 * layout version (applied when encoding), 7 a must-be-zero register.
 * Without a descriptor 0/1/5 hit w1..w3 instead.
 */
void mutate(struct build *b, const struct mutation *m, int n)
{
	for (int i = 0; i < n; i++) {
		uint8_t k = m[i].kind % 8, pos = m[i].pos, val = m[i].val;

		if (!b->len && (k == 0 || k == 1 || k == 5)) {
			b->r.x[1 + pos % 3] ^= (uint64_t)val << (8 * (pos / 3 % 4));
			continue;
		}
		switch (k) {
		case 0:
			b->desc[pos % b->len] ^= (uint8_t)(1u << (val & 7));
			break;
		case 1:
			b->desc[pos % b->len] = val;
			break;
		case 2:
		case 3:
			/* 0, a length past the buffer, or off by a little. */
			if (!val)
				b->r.x[k - 1] = 0;
			else if (val >= 0xc0)
				b->r.x[k - 1] = (uint32_t)(val & 0x3f) << 10;
			else
				b->r.x[k - 1] = (uint32_t)((int32_t)b->r.x[k - 1] + (int8_t)val);
			break;
		case 4:
			b->r.x[3] = val & 1 ? MOCK_NS_BASE + (uint64_t)(val >> 1) * PG : 0;
			b->r.x[4] = val >> 6;
			break;
		case 5: {
			uint32_t at = (pos % b->len) & ~3u;
			uint32_t v = val < 128 ? val : 0xffffff00u | val;

			if (at + 4 <= b->len)
				memcpy(b->desc + at, &v, 4);
			break;
		}
		case 6:
			break;
		default:
			b->r.x[5 + val % 3] |= (uint64_t)val | 1;
			if (val & 0x80)
				b->r.x[1] |= 1ull << 40; /* SMC64: upper half of w1 */
			break;
		}
	}
}

uint32_t send_fid(enum op op, bool is64)
{
	switch (op) {
	case OP_SHARE: return is64 ? FFA_MEM_SHARE_64 : FFA_MEM_SHARE_32;
	case OP_LEND: return is64 ? FFA_MEM_LEND_64 : FFA_MEM_LEND_32;
	default: return is64 ? FFA_MEM_DONATE_64 : FFA_MEM_DONATE_32;
	}
}

/* An endpoint choice for a borrower byte [2:0]: mostly SPs. */
ffa_id_t pick_borrower(int caller, uint8_t c)
{
	switch (c & 7) {
	case 0: case 3: return ep_id[1];
	case 1: case 4: return ep_id[2];
	case 2: return ep_id[3];
	case 5: return ep_id[1 + (caller + 1) % NSP];
	case 6: return c & 0x40 ? NWD : ep_id[caller];
	default: return c & 0x40 ? UNKNOWN_SP : SPMC_ID;
	}
}

/*
 * SHARE / LEND / DONATE. Args:
 *   a0 [1:0] borrowers - 1, [3:2] ranges - 1, [4] zero memory, [7:5]
 *      delivery: 0..3 the TX buffer, 4 bulk (8 * (1 + a2 [4:0]) one-page
 *      constituents of the caller's own memory from the first range's page
 *      on, in fragments of the TX buffer or, a2 [6], 1 KiB), 5 in
 *      fragments, 6 a buffer outside the TX buffer (w3/w4), 7 with the
 *      time-slicing flag;
 *   a1 [1:0] attributes, [7:2] tag;
 *   a2 the v1.2 impdef fill, and the fragment length (delivery 4 and 5);
 *   then per borrower one byte: [2:0] who (pick_borrower; [6] picks between
 *   two strangers), [5:3] permissions (perm_choice), [7] an access flag;
 *   then per range two bytes: page offset, then [2:0] pages - 1, [4:3] whose
 *   memory (0..2 the caller's own, 3: region [7:5] % 4).
 */
bool build_send(int e, enum op op, bool is64, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8(), a2 = u8();
	uint32_t nb = 1 + (a0 & 3), nr = 1 + ((a0 >> 2) & 3), delivery = a0 >> 5;
	struct spmc_mem_access acc[4];
	struct spmc_mem_range rng[MAX_RANGES];
	struct spmc_mem_desc d;
	uint64_t total_pages = 0;
	size_t w = 0, total = 0;

	memset(acc, 0, sizeof(acc));
	for (uint32_t i = 0; i < nb; i++) {
		uint8_t c = u8();

		acc[i].id = pick_borrower(e, c);
		acc[i].perms = perm_choice[(c >> 3) & 7];
		if (op == OP_DONATE && ((c >> 3) & 7) < 5)
			acc[i].perms = 0;
		acc[i].flags = c >> 7;
		memset(acc[i].impdef, a2, sizeof(acc[i].impdef));
	}
	for (uint32_t i = 0; i < nr; i++) {
		uint8_t p = u8(), c = u8();
		int region = ((c >> 3) & 3) == 3 ? (c >> 5) % NEP : e;

		rng[i].pages = 1 + (c & 7);
		rng[i].addr = known[region].base + (uint64_t)(p % known[region].pages) * PG;
		if (delivery == 4 && i == 0) {
			/* Bulk: one-page constituents from the first range's page
			 * on, as many as a2 [4:0] says (up to 256). */
			uint32_t first = p % own_pages(e), want = 8 * (1 + (a2 & 31));

			nr = want < own_pages(e) - first ? want : own_pages(e) - first;
			for (uint32_t k = 0; k < nr; k++)
				rng[k] = (struct spmc_mem_range){own_base(e) + (first + k) * PG, 1};
			total_pages = nr;
			/* The other range bytes are still part of the input. */
			for (uint32_t k = 1; k < 1 + ((a0 >> 2) & 3u); k++)
				(void)u8(), (void)u8();
			break;
		}
		total_pages += rng[i].pages;
	}
	d = (struct spmc_mem_desc){
		.version = b->layout,
		.sender = H.ep[e].id,
		.attributes = attr_choice[a1 & 3],
		.flags = (a0 & 0x10 ? FFA_MEM_FLAG_ZERO_MEMORY : 0) |
			 (delivery == 7 ? FFA_MEM_FLAG_TIME_SLICING : 0),
		.tag = a1 >> 2,
		.access = acc,
		.access_count = nb,
		.ranges = rng,
		.range_count = nr,
		.total_pages = total_pages,
	};
	if (spmc_mem_desc_encode_send(&d, b->layout, 0, b->desc, sizeof(b->desc), &w, &total) != 0 ||
	    w != total)
		return false;
	b->len = (uint32_t)total;
	b->r.x[0] = send_fid(op, is64);
	b->regs_from_len = true;
	b->frag = b->len;
	b->dest = H.ep[e].tx;
	if (delivery == 5 && b->len > 16)
		b->frag = 16 * (1 + a2 % ((b->len - 1) / 16));
	/* Bulk: as much as the TX buffer holds, or 1 KiB, at a time. */
	if (delivery == 4) {
		uint32_t most = a2 & 0x40 ? 1024u : H.ep[e].pages * (uint32_t)PG;

		if (b->frag > most)
			b->frag = most;
	}
	if (delivery == 6) {
		b->dest = own_base(e) + BUF_PAGE(own_pages(e)) * PG;
		b->r.x[3] = b->dest;
		b->r.x[4] = 1;
	}
	b->dest_len = b->frag;
	return true;
}

/*
 * RETRIEVE_REQ. Args:
 *   a0 the handle; a1 [1:0] transaction type (0, 3 right; 1 unspecified; 2
 *   wrong), [2] zero after relinquish, [3] zero memory, [4] bypass the
 *   multi-borrower check (list only the caller; from the normal world, which
 *   otherwise sends the hypervisor request with no access descriptor), [5] and [6] time slicing,
 *   [7] a bad alignment hint;
 *   a2 [2:0] permissions (0..4 as sent, 5 RO, 6 RW and X, 7 unspecified), [3]
 *   wrong sender, [4] wrong tag, [5] normal-memory attributes, [6] list a
 *   non-borrower too, [7] leave the last borrower out;
 *   a3 [0] a wrong impdef value, [1] an access flag, [2] a composite with a
 *   range, [7:3] the forging aux byte.
 */
bool build_retrieve(int e, bool is64, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8(), a2 = u8(), a3 = u8();
	ffa_mem_handle_t h = pick_handle(a0, a3 >> 3);
	struct spmc_mem_tx_info info;
	struct spmc_mem_access acc[MAX_BORROWERS + 1];
	struct spmc_mem_range rng = {own_base(e), 1};
	struct spmc_mem_desc d;
	uint32_t n = 0, type;
	size_t w = 0, total = 0;

	memset(acc, 0, sizeof(acc));
	memset(&info, 0, sizeof(info));
	if (spmc_mem_tx(H.s->mem, h, &info) == 0) {
		for (uint32_t i = 0; i < info.borrower_count && i < MAX_BORROWERS; i++) {
			struct spmc_mem_borrower_info bi;

			if (spmc_mem_tx_borrower(H.s->mem, h, i, &bi) != 0)
				continue;
			if ((a1 & 0x10) && bi.sent.id != H.ep[e].id)
				continue;
			acc[n] = bi.sent;
			if ((a2 & 7) >= 5 && bi.sent.id == H.ep[e].id)
				acc[n].perms = (a2 & 7) == 5 ? PERM(FFA_MEM_DATA_RO, 0)
					       : (a2 & 7) == 6 ? PERM(FFA_MEM_DATA_RW, FFA_MEM_INSTR_X)
							       : 0;
			n++;
		}
	} else {
		info.sender = NWD;
		acc[n++] = (struct spmc_mem_access){.id = H.ep[e].id, .perms = FFA_MEM_DATA_RW};
	}
	if ((a2 & 0x80) && n > 1)
		n--;
	if (a2 & 0x40)
		acc[n++] = (struct spmc_mem_access){.id = ep_id[1 + (e + 1) % NSP],
						    .perms = FFA_MEM_DATA_RO};
	/* The normal world: mostly the hypervisor retrieve request (no access
	 * descriptor at all). */
	if (e == 0 && !(a1 & 0x10) && !(a2 & 0x40))
		n = 0;
	if (n && (a3 & 1))
		acc[0].impdef[0] ^= 0x5a;
	if (n && (a3 & 2))
		acc[0].flags = FFA_MEM_ACCESS_FLAG_NON_RETRIEVAL_BORROWER;
	switch (a1 & 3) {
	case 1: type = FFA_MEM_TRANSACTION_UNSPECIFIED; break;
	case 2: type = (info.op + 1) & 3; break;
	default: type = info.op; break;
	}
	d = (struct spmc_mem_desc){
		.version = b->layout,
		.sender = (ffa_id_t)(info.sender ^ (a2 & 8 ? 0x8001u : 0)),
		.attributes = a2 & 0x20 ? ATTR_WB : 0,
		.flags = type << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT |
			 (a1 & 4 ? FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH : 0) |
			 (a1 & 8 ? FFA_MEM_FLAG_ZERO_MEMORY : 0) |
			 (a1 & 0x10 ? FFA_MEM_FLAG_BYPASS_MULTI_BORROWER : 0) |
			 ((a1 & 0x60) == 0x60 ? FFA_MEM_FLAG_TIME_SLICING : 0) |
			 (a1 & 0x80 ? 3u << FFA_MEM_FLAG_ALIGN_HINT_SHIFT : 0),
		.handle = h,
		.tag = info.tag ^ (a2 & 0x10 ? 1 : 0),
		.access = acc,
		.access_count = n,
		.ranges = &rng,
		.range_count = a3 & 4 ? 1 : 0,
		.total_pages = a3 & 4 ? 1 : 0,
	};
	if (spmc_mem_desc_encode_retrieve_req(&d, b->layout, 0, b->desc, sizeof(b->desc), &w,
					      &total) != 0 ||
	    w != total)
		return false;
	b->len = (uint32_t)total;
	b->r.x[0] = is64 ? FFA_MEM_RETRIEVE_REQ_64 : FFA_MEM_RETRIEVE_REQ_32;
	b->regs_from_len = true;
	b->frag = b->len;
	b->dest = H.ep[e].tx;
	b->dest_len = b->len;
	return true;
}

/*
 * RELINQUISH. Args: a0 the handle; a1 [1:0] endpoints (0, 1 the caller; 2
 * the caller and another SP; 3 another endpoint), [2] zero memory, [3] time
 * slicing, [4] a reserved flag, [5] a count larger than the list, [7:6] the
 * forging aux byte.
 */
void build_relinquish(int e, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8();
	ffa_mem_handle_t h = pick_handle(a0, a1 >> 6);
	ffa_id_t ids[2] = {H.ep[e].id, ep_id[1 + e % NSP]};
	uint32_t n = (a1 & 3) == 2 ? 2 : 1;
	uint32_t flags = (a1 & 4 ? FFA_MEM_FLAG_ZERO_MEMORY : 0) |
			 (a1 & 8 ? FFA_MEM_FLAG_TIME_SLICING : 0) | (a1 & 0x10 ? 1u << 7 : 0);

	if ((a1 & 3) == 3)
		ids[0] = ids[1];
	memset(b->desc, 0, 32);
	for (int i = 0; i < 8; i++)
		b->desc[i] = (uint8_t)(h >> (8 * i));
	memcpy(b->desc + 8, &flags, 4);
	b->desc[12] = (uint8_t)(n + (a1 & 0x20 ? 3 : 0));
	for (uint32_t i = 0; i < n; i++) {
		b->desc[16 + 2 * i] = (uint8_t)ids[i];
		b->desc[17 + 2 * i] = (uint8_t)(ids[i] >> 8);
	}
	b->len = 16 + 2 * n;
	b->r.x[0] = FFA_MEM_RELINQUISH_32;
	b->dest = H.ep[e].tx;
	b->dest_len = b->len;
}

/* FRAG_TX. Args: a0 the fragment length (0: the rest, at most what the
 * buffer holds; else 16 * a0, at most the rest); a1 [1:0] handle (0, 3 a
 * pending send's; 1 forged; 2 the table's), [2] a sender ID in w4, [7:4]
 * which of the caller's pending sends (and the table selector). */
void build_frag_tx(int e, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8();
	struct endpoint *x = &H.ep[e];
	const struct pending_send *ps = pending_nth(e, a1 >> 4);
	ffa_mem_handle_t h = pick_handle(a1 >> 4, a0);
	uint32_t rest = ps ? ps->total - ps->off : 64;
	uint64_t room = ps ? ps->dest_size : x->pages * PG;
	uint32_t n = a0 ? 16u * a0 : (uint32_t)(rest < room ? rest : room);

	if (n > rest)
		n = rest;
	if (ps && ((a1 & 3) == 0 || (a1 & 3) == 3))
		h = ps->handle;
	else if ((a1 & 3) == 1)
		h ^= 1ull << (a0 & 31);
	/* (A total the sender spoilt can run past what it kept: zeros.) */
	b->len = n < DESC_MAX ? n : DESC_MAX;
	if (ps && ps->off < DESC_MAX)
		memcpy(b->desc, ps->buf + ps->off,
		       b->len < DESC_MAX - ps->off ? b->len : DESC_MAX - ps->off);
	b->dest = ps ? ps->dest : x->tx;
	b->dest_len = b->len;
	b->r.x[0] = FFA_MEM_FRAG_TX_32;
	b->r.x[1] = (uint32_t)h;
	b->r.x[2] = (uint32_t)(h >> 32);
	b->r.x[3] = n;
	b->r.x[4] = a1 & 4 ? (uint32_t)x->id << 16 : 0;
}

/* FRAG_RX. Args: a0 the handle (a pending response's when [7:4] == 12);
 * a1 the offset (0: where the pending response is; else 16 * a1). */
void build_frag_rx(int e, struct build *b)
{
	uint8_t a0 = u8(), a1 = u8();
	struct endpoint *x = &H.ep[e];
	ffa_mem_handle_t h = pick_handle(a0, a1);
	uint32_t off = 16u * a1;

	if (x->rx_frag_pending && (a0 >> 4) == 12)
		h = x->rx_frag_handle;
	if (x->rx_frag_pending && a1 == 0)
		off = x->rx_frag_off;
	b->r.x[0] = FFA_MEM_FRAG_RX_32;
	b->r.x[1] = (uint32_t)h;
	b->r.x[2] = (uint32_t)(h >> 32);
	b->r.x[3] = off;
}

/* Writes a call's descriptor where it goes: every byte the endpoint meant,
 * the rest of the page zeroed so nothing stale is read as a descriptor. */
void place(const struct build *b)
{
	uint8_t *p;

	if (!b->len || !b->dest)
		return;
	/* Page by page (a fragment may span a two-page buffer). */
	for (uint32_t off = 0; off == 0 || off < b->dest_len; off += (uint32_t)PG) {
		uint32_t n = b->dest_len - off < PG ? b->dest_len - off : (uint32_t)PG;

		p = phys(b->dest + off);
		/* An endpoint cannot write a page it has given away (or never had). */
		if (!p || !known_page(b->dest + off) ||
		    !(spmc_mem_access(H.s->mem, b->caller, b->dest + off) & HAL_MEM_W))
			return;
		memset(p, 0, PG);
		memcpy(p, b->desc + off, n);
	}
}


HARNESS_NO_COVERAGE_END
