/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory transaction descriptor parser (see mem_desc.h). Rules, and where
 * they come from:
 *  [H]  Hafnium, src/ffa_memory.c (ffa_memory_region_sanity_check,
 *       ffa_memory_send_validate, ffa_memory_retrieve_validate,
 *       ffa_send_check_update, ffa_memory_check_overlap), which cites
 *       DEN0077 v1.1 "Instruction access permission usage" for share and
 *       v1.2 "Hypervisor retrieve request" for the zero-borrower form;
 *  [T]  TF-A EL3 SPMC, services/std_svc/spm/el3_spmc/spmc_shared_mem.c
 *       (spmc_validate_mtd_start, spmc_shmem_check_obj);
 *  [D]  the descriptor tables of DEN0077 (v1.0 "Memory transaction
 *       descriptor", v1.1/v1.2 "Memory region attributes descriptor",
 *       "Memory access permissions descriptor", "Endpoint memory access
 *       descriptor", "Composite memory region descriptor", "Constituent memory
 *       region descriptor", and the flags tables of FFA_MEM_SHARE/LEND/DONATE
 *       and FFA_MEM_RETRIEVE_REQ/RESP): reserved fields and encodings MBZ.
 */
#include "mem/mem_desc.h"

#include "mem/mem_desc_layout.h"
#include "util.h"

static const char *const why_names[SPMC_MEM_WHY_COUNT] = {
	[SPMC_MEM_OK] = "ok",
	[SPMC_MEM_BAD_VERSION] = "unsupported version",
	[SPMC_MEM_BAD_KIND] = "unknown descriptor kind",
	[SPMC_MEM_SHORT_HEADER] = "shorter than the header",
	[SPMC_MEM_HDR_RESERVED] = "reserved header field not zero",
	[SPMC_MEM_ACCESS_SIZE] = "bad access descriptor size",
	[SPMC_MEM_ACCESS_OFFSET] = "bad access descriptor array offset",
	[SPMC_MEM_ACCESS_BOUNDS] = "access descriptors past the end",
	[SPMC_MEM_NO_BORROWERS] = "no borrower",
	[SPMC_MEM_HANDLE] = "bad handle",
	[SPMC_MEM_FLAGS_RESERVED] = "reserved flag set",
	[SPMC_MEM_FLAGS_ZERO_SHARE] = "zero-memory flag with a share",
	[SPMC_MEM_FLAGS_HINT] = "alignment hint without its valid bit",
	[SPMC_MEM_FLAGS_BYPASS] = "bypass multi-borrower check needs one borrower",
	[SPMC_MEM_ATTR_RESERVED] = "reserved attribute bit set",
	[SPMC_MEM_ATTR_TYPE] = "reserved memory type",
	[SPMC_MEM_ATTR_ENCODING] = "reserved cacheability/shareability",
	[SPMC_MEM_ATTR_TYPE_OP] = "memory type not allowed for the operation",
	[SPMC_MEM_ACCESS_RESERVED] = "access descriptor reserved field not zero",
	[SPMC_MEM_ACCESS_FLAGS] = "bad access descriptor flags",
	[SPMC_MEM_PERM_RESERVED] = "reserved permission bits set",
	[SPMC_MEM_PERM_DATA] = "reserved data access",
	[SPMC_MEM_PERM_INSTR] = "reserved instruction access",
	[SPMC_MEM_PERM_DATA_OP] = "data access not allowed for the operation",
	[SPMC_MEM_PERM_INSTR_OP] = "instruction access not allowed for the operation",
	[SPMC_MEM_SENDER_BORROWER] = "sender listed as a borrower",
	[SPMC_MEM_DUP_BORROWER] = "borrower listed twice",
	[SPMC_MEM_COMPOSITE_MISSING] = "no composite",
	[SPMC_MEM_COMPOSITE_MISMATCH] = "borrowers point at different composites",
	[SPMC_MEM_COMPOSITE_ALIGN] = "composite offset not 16-byte aligned",
	[SPMC_MEM_COMPOSITE_OVERLAP] = "composite overlaps header or access descriptors",
	[SPMC_MEM_COMPOSITE_BOUNDS] = "composite past the end",
	[SPMC_MEM_COMPOSITE_RESERVED] = "composite reserved field not zero",
	[SPMC_MEM_RANGE_COUNT] = "no constituent",
	[SPMC_MEM_RANGES_BOUNDS] = "constituents past the end",
	[SPMC_MEM_LENGTH] = "length beyond the descriptor",
	[SPMC_MEM_RANGE_RESERVED] = "constituent reserved field not zero",
	[SPMC_MEM_RANGE_EMPTY] = "constituent of no pages",
	[SPMC_MEM_RANGE_ALIGN] = "constituent not 4 KiB aligned",
	[SPMC_MEM_RANGE_OVERFLOW] = "constituent past 2^64",
	[SPMC_MEM_RANGE_OVERLAP] = "constituents overlap",
	[SPMC_MEM_PAGE_COUNT] = "total page count differs from the constituents'",
	[SPMC_MEM_ROOM_ACCESS] = "more borrowers than room",
	[SPMC_MEM_ROOM_RANGES] = "more constituents than room",
	[SPMC_MEM_RELINQ_SHORT] = "relinquish descriptor too short",
	[SPMC_MEM_RELINQ_FLAGS] = "reserved relinquish flag set",
	[SPMC_MEM_RELINQ_COUNT] = "relinquish without endpoints",
	[SPMC_MEM_RELINQ_BOUNDS] = "relinquish endpoints past the end",
};

const char *spmc_mem_desc_why_name(enum spmc_mem_desc_why why)
{
	if ((unsigned)why >= SPMC_MEM_WHY_COUNT || !why_names[why])
		return "?";
	return why_names[why];
}

enum spmc_mem_op spmc_mem_desc_kind_op(enum spmc_mem_desc_kind kind)
{
	switch (kind) {
	case SPMC_MEM_DESC_SHARE:
		return SPMC_MEM_OP_SHARE;
	case SPMC_MEM_DESC_LEND:
		return SPMC_MEM_OP_LEND;
	case SPMC_MEM_DESC_DONATE:
		return SPMC_MEM_OP_DONATE;
	default:
		return SPMC_MEM_OP_NONE;
	}
}

/* Retrieve request flags [D]: bits 0..9; bit 10 (bypass) from v1.2. */
#define REQ_FLAGS_V1_1 0x3ffu
#define REQ_FLAGS_V1_2 0x7ffu
/* Retrieve response flags: zero memory, time slicing, zero after
 * relinquish, transaction type (the send's flags and its type). */
#define RESP_FLAGS 0x1fu

/* Everything the header says, and where things are. */
struct md_parse {
	const uint8_t *b;
	size_t len;
	enum spmc_mem_desc_kind kind;
	struct md_layout l;
	bool send;          /* SHARE, LEND or DONATE */
	ffa_id_t sender;
	uint16_t attr;
	uint32_t flags;
	uint64_t handle;
	uint64_t tag;
	uint32_t asize;     /* access descriptor size, from the header */
	uint32_t aoff;      /* access array offset, from the header */
	uint32_t count;     /* access descriptors */
	uint64_t aend;      /* end of the access array */
	uint32_t comp;      /* composite offset; 0 = none */
	uint32_t nranges;
	uint32_t total_pages;
};

static enum spmc_mem_desc_why md_header(struct md_parse *p)
{
	const uint8_t *b = p->b;

	if (p->len < p->l.hdr)
		return SPMC_MEM_SHORT_HEADER;
	p->sender = spmc_get_le16(b + MD_SENDER);
	p->flags = spmc_get_le32(b + MD_FLAGS);
	p->handle = spmc_get_le64(b + MD_HANDLE);
	p->tag = spmc_get_le64(b + MD_TAG);
	p->count = spmc_get_le32(b + MD_COUNT);
	if (p->l.v1_0) {
		/* v1.0: attributes u8, then a reserved byte; reserved u32 at 24. */
		p->attr = b[MD_ATTR];
		if (b[MD_V1_0_RES0] != 0 || spmc_get_le32(b + MD_V1_0_RES1) != 0)
			return SPMC_MEM_HDR_RESERVED;
		p->asize = MD_ACC_V1_0;
		p->aoff = MD_HDR_V1_0;
	} else {
		/* The hypervisor retrieve request (no access descriptor) may leave
		 * the size and offset 0, as TF-A's tests build it. */
		bool hyp = p->kind == SPMC_MEM_DESC_RETRIEVE_REQ && p->count == 0;

		p->attr = spmc_get_le16(b + MD_ATTR);
		for (size_t i = 0; i < MD_V1_1_RES_SIZE; i++)
			if (b[MD_V1_1_RES + i] != 0)
				return SPMC_MEM_HDR_RESERVED;
		p->asize = spmc_get_le32(b + MD_ACCESS_SIZE);
		p->aoff = spmc_get_le32(b + MD_ACCESS_OFFSET);
		/* v1.1: 16 bytes; v1.2+: 32, or 16 as Hafnium accepts. */
		if (!(p->asize == MD_ACC_V1_0 || (p->l.v1_2 && p->asize == MD_ACC_V1_2) ||
		      (hyp && p->asize == 0)))
			return SPMC_MEM_ACCESS_SIZE;
		if (hyp && p->aoff == 0)
			p->aoff = p->l.hdr;
		/* [D] 16-byte aligned; [T] not inside the header. */
		if (p->aoff < p->l.hdr || p->aoff % MD_ALIGN != 0)
			return SPMC_MEM_ACCESS_OFFSET;
	}
	p->aend = p->aoff + (uint64_t)p->count * p->asize;
	if (p->aend > p->len)
		return SPMC_MEM_ACCESS_BOUNDS;
	return SPMC_MEM_OK;
}

static enum spmc_mem_desc_why md_flags(const struct md_parse *p)
{
	uint32_t f = p->flags;
	uint32_t type = (f & FFA_MEM_FLAG_TRANSACTION_TYPE_MASK) >>
			FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT;
	uint32_t zero = FFA_MEM_FLAG_ZERO_MEMORY | FFA_MEM_FLAG_ZERO_AFTER_RELINQUISH;

	if (p->send) {
		/* [D][H] a send defines zero memory and time slicing only. */
		if (f & ~(FFA_MEM_FLAG_ZERO_MEMORY | FFA_MEM_FLAG_TIME_SLICING))
			return SPMC_MEM_FLAGS_RESERVED;
		/* [H] the owner keeps access to shared memory: no zeroing. */
		if (p->kind == SPMC_MEM_DESC_SHARE && (f & FFA_MEM_FLAG_ZERO_MEMORY))
			return SPMC_MEM_FLAGS_ZERO_SHARE;
		return SPMC_MEM_OK;
	}
	if (p->kind == SPMC_MEM_DESC_RETRIEVE_RESP) {
		if (f & ~RESP_FLAGS)
			return SPMC_MEM_FLAGS_RESERVED;
	} else {
		if (f & ~(p->l.v1_2 ? REQ_FLAGS_V1_2 : REQ_FLAGS_V1_1))
			return SPMC_MEM_FLAGS_RESERVED;
		/* [D] the hint bits mean something only when marked valid. */
		if (!(f & FFA_MEM_FLAG_ALIGN_HINT_VALID) && (f & FFA_MEM_FLAG_ALIGN_HINT_MASK))
			return SPMC_MEM_FLAGS_HINT;
		/* [H] bypassing the multi-borrower check: one borrower listed. */
		if ((f & FFA_MEM_FLAG_BYPASS_MULTI_BORROWER) && p->count != 1)
			return SPMC_MEM_FLAGS_BYPASS;
	}
	/* [H] neither zero flag with a share. */
	if (type == FFA_MEM_TRANSACTION_SHARE && (f & zero))
		return SPMC_MEM_FLAGS_ZERO_SHARE;
	return SPMC_MEM_OK;
}

static enum spmc_mem_desc_why md_attributes(const struct md_parse *p)
{
	uint16_t a = p->attr;
	uint32_t type = (a & FFA_MEM_TYPE_MASK) >> FFA_MEM_TYPE_SHIFT;
	uint32_t cache = (a & FFA_MEM_CACHEABILITY_MASK) >> FFA_MEM_CACHEABILITY_SHIFT;
	uint32_t share = a & FFA_MEM_SHAREABILITY_MASK;
	/* [D] v1.0: bits [7:6] reserved; v1.1+: [15:7] reserved and the NS bit
	 * MBZ in a send or retrieve request (it is the SPMC's to set in a
	 * response; Hafnium sets it in v1.0 responses too). */
	uint16_t reserved = p->l.v1_0 ? 0xc0u : 0xff80u;

	if (p->kind != SPMC_MEM_DESC_RETRIEVE_RESP)
		reserved |= FFA_MEM_ATTR_NS;
	else
		reserved &= (uint16_t)~FFA_MEM_ATTR_NS;
	if (a & reserved)
		return SPMC_MEM_ATTR_RESERVED;
	if (type == 3)
		return SPMC_MEM_ATTR_TYPE;
	/* [D] cacheability/shareability only with a type; normal memory
	 * cacheability 0 and 2 and shareability 1 are reserved. */
	if (type == FFA_MEM_TYPE_UNSPECIFIED && (a & 0xfu))
		return SPMC_MEM_ATTR_ENCODING;
	if (type == FFA_MEM_TYPE_NORMAL && cache != FFA_MEM_NORMAL_NC && cache != FFA_MEM_NORMAL_WB)
		return SPMC_MEM_ATTR_ENCODING;
	if (type != FFA_MEM_TYPE_UNSPECIFIED && share == 1)
		return SPMC_MEM_ATTR_ENCODING;
	/* [H][D] donate, or lend to one borrower: the borrower chooses the
	 * type, the owner leaves it unspecified; share, or lend to several:
	 * the owner specifies it, so every borrower maps it alike. */
	if (p->kind == SPMC_MEM_DESC_DONATE ||
	    (p->kind == SPMC_MEM_DESC_LEND && p->count == 1)) {
		if (type != FFA_MEM_TYPE_UNSPECIFIED)
			return SPMC_MEM_ATTR_TYPE_OP;
	} else if (p->send && type == FFA_MEM_TYPE_UNSPECIFIED) {
		return SPMC_MEM_ATTR_TYPE_OP;
	}
	return SPMC_MEM_OK;
}

/* One endpoint memory access descriptor, as far as it can be checked alone. */
static enum spmc_mem_desc_why md_access_one(const struct md_parse *p, const uint8_t *a)
{
	uint8_t perms = a[MD_ACC_PERMS];
	uint8_t flags = a[MD_ACC_FLAGS];
	uint32_t data = perms & FFA_MEM_DATA_ACCESS_MASK;
	uint32_t instr = (perms & FFA_MEM_INSTR_ACCESS_MASK) >> FFA_MEM_INSTR_ACCESS_SHIFT;
	size_t res = p->asize == MD_ACC_V1_2 ? MD_ACC_V1_2_RES : MD_ACC_V1_0_RES;

	/* [D][H] reserved u64 MBZ (v1.2: after the impdef field). */
	if (spmc_get_le64(a + res) != 0)
		return SPMC_MEM_ACCESS_RESERVED;
	/* [D] flags: bit 0 (non-retrieval borrower) belongs to retrieve
	 * requests and responses; bits [7:1] MBZ. */
	if ((flags & ~FFA_MEM_ACCESS_FLAG_NON_RETRIEVAL_BORROWER) ||
	    (p->send && flags != 0))
		return SPMC_MEM_ACCESS_FLAGS;
	if (perms & 0xf0u)
		return SPMC_MEM_PERM_RESERVED;
	if (data == 3)
		return SPMC_MEM_PERM_DATA;
	if (instr == 3)
		return SPMC_MEM_PERM_INSTR;
	/* [H] share and lend name the data access; donate leaves it to the
	 * receiver. */
	if (p->kind == SPMC_MEM_DESC_DONATE ? data != FFA_MEM_DATA_NOT_SPECIFIED
					    : (p->send && data == FFA_MEM_DATA_NOT_SPECIFIED))
		return SPMC_MEM_PERM_DATA_OP;
	/* [H] (DEN0077 v1.1 "Instruction access permission usage") the owner
	 * never specifies instruction access: NX for share and multi-borrower
	 * lend, the borrower's choice for donate and single-borrower lend. */
	if (p->send && instr != FFA_MEM_INSTR_NOT_SPECIFIED)
		return SPMC_MEM_PERM_INSTR_OP;
	/* [H] memory is not sent to its own owner. */
	if (spmc_get_le16(a + MD_ACC_ID) == p->sender)
		return SPMC_MEM_SENDER_BORROWER;
	return SPMC_MEM_OK;
}

static enum spmc_mem_desc_why md_access(struct md_parse *p)
{
	for (uint32_t i = 0; i < p->count; i++) {
		const uint8_t *a = p->b + p->aoff + (uint64_t)i * p->asize;
		enum spmc_mem_desc_why w = md_access_one(p, a);
		uint32_t comp = spmc_get_le32(a + MD_ACC_COMPOSITE);

		if (w != SPMC_MEM_OK)
			return w;
		/* [H][T] all borrowers describe the same composite. */
		if (i == 0)
			p->comp = comp;
		else if (comp != p->comp)
			return SPMC_MEM_COMPOSITE_MISMATCH;
	}
	return SPMC_MEM_OK;
}

/* The composite's place, and the descriptor's end. */
static enum spmc_mem_desc_why md_composite(struct md_parse *p)
{
	uint64_t end = p->aend;

	if (p->comp == 0) {
		/* [H] a send and a response describe memory; a retrieve
		 * request may, to give the borrower's own ranges. */
		if (p->kind != SPMC_MEM_DESC_RETRIEVE_REQ)
			return SPMC_MEM_COMPOSITE_MISSING;
	} else {
		const uint8_t *c = p->b + p->comp;

		/* [H][T] 16-byte aligned, after the access descriptors. */
		if (p->comp % MD_ALIGN != 0)
			return SPMC_MEM_COMPOSITE_ALIGN;
		if (p->comp < p->aend)
			return SPMC_MEM_COMPOSITE_OVERLAP;
		if ((uint64_t)p->comp + MD_COMP_SIZE > p->len)
			return SPMC_MEM_COMPOSITE_BOUNDS;
		if (spmc_get_le64(c + MD_COMP_RES) != 0)
			return SPMC_MEM_COMPOSITE_RESERVED;
		p->total_pages = spmc_get_le32(c + MD_COMP_TOTAL);
		p->nranges = spmc_get_le32(c + MD_COMP_COUNT);
		if (p->nranges == 0)
			return SPMC_MEM_RANGE_COUNT;
		end = (uint64_t)p->comp + MD_COMP_SIZE + (uint64_t)p->nranges * MD_CONS_SIZE;
		if (end > p->len)
			return SPMC_MEM_RANGES_BOUNDS;
	}
	/* [H][T] the length is the descriptor's: nothing after its end. */
	if (p->len != end)
		return SPMC_MEM_LENGTH;
	return SPMC_MEM_OK;
}

static const uint8_t *md_cons(const struct md_parse *p, uint32_t i)
{
	return p->b + p->comp + MD_COMP_SIZE + (uint64_t)i * MD_CONS_SIZE;
}

static enum spmc_mem_desc_why md_ranges(const struct md_parse *p)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < p->nranges; i++) {
		const uint8_t *c = md_cons(p, i);
		uint64_t addr = spmc_get_le64(c + MD_CONS_ADDR);
		uint64_t size = (uint64_t)spmc_get_le32(c + MD_CONS_PAGES) * SPMC_MEM_PAGE_SIZE;

		if (spmc_get_le32(c + MD_CONS_RES) != 0)
			return SPMC_MEM_RANGE_RESERVED;
		/* [H] a constituent has pages; [D][T] 4 KiB aligned; [H] and
		 * ends inside the 64-bit space. */
		if (size == 0)
			return SPMC_MEM_RANGE_EMPTY;
		if (addr % SPMC_MEM_PAGE_SIZE != 0)
			return SPMC_MEM_RANGE_ALIGN;
		if (size > UINT64_MAX - addr)
			return SPMC_MEM_RANGE_OVERFLOW;
		sum += size / SPMC_MEM_PAGE_SIZE;
	}
	/* [D][H][T] the total is the constituents' sum. */
	if (sum != p->total_pages)
		return SPMC_MEM_PAGE_COUNT;
	return SPMC_MEM_OK;
}

static void md_load_access(const struct md_parse *p, struct spmc_mem_access *dst)
{
	for (uint32_t i = 0; i < p->count; i++) {
		const uint8_t *a = p->b + p->aoff + (uint64_t)i * p->asize;

		dst[i].id = spmc_get_le16(a + MD_ACC_ID);
		dst[i].perms = a[MD_ACC_PERMS];
		dst[i].flags = a[MD_ACC_FLAGS];
		if (p->asize == MD_ACC_V1_2)
			spmc_memcpy(dst[i].impdef, a + MD_ACC_IMPDEF, sizeof(dst[i].impdef));
		else
			spmc_memset(dst[i].impdef, 0, sizeof(dst[i].impdef));
	}
}

static void md_load_ranges(const struct md_parse *p, struct spmc_mem_range *dst)
{
	for (uint32_t i = 0; i < p->nranges; i++) {
		const uint8_t *c = md_cons(p, i);

		dst[i].addr = spmc_get_le64(c + MD_CONS_ADDR);
		dst[i].pages = spmc_get_le32(c + MD_CONS_PAGES);
	}
}

static int md_cmp_id(const void *a, const void *b)
{
	ffa_id_t x = ((const struct spmc_mem_access *)a)->id;
	ffa_id_t y = ((const struct spmc_mem_access *)b)->id;

	return (x > y) - (x < y);
}

static int md_cmp_addr(const void *a, const void *b)
{
	uint64_t x = ((const struct spmc_mem_range *)a)->addr;
	uint64_t y = ((const struct spmc_mem_range *)b)->addr;

	return (x > y) - (x < y);
}

/* Small lists are compared pairwise; larger ones are sorted in the room
 * (O(n log n), no extra memory) and then re-read in their original order
 * from the descriptor. */
#define MD_PAIRWISE_MAX 32u

static enum spmc_mem_desc_why md_unique_borrowers(const struct md_parse *p,
						  struct spmc_mem_access *acc)
{
	bool dup = false;

	if (p->count <= MD_PAIRWISE_MAX) {
		for (uint32_t i = 0; i < p->count && !dup; i++)
			for (uint32_t j = i + 1; j < p->count && !dup; j++)
				dup = acc[i].id == acc[j].id;
	} else {
		spmc_heapsort(acc, p->count, sizeof(*acc), md_cmp_id);
		for (uint32_t i = 1; i < p->count && !dup; i++)
			dup = acc[i - 1].id == acc[i].id;
		md_load_access(p, acc);
	}
	/* [H][T] a borrower is listed once. */
	return dup ? SPMC_MEM_DUP_BORROWER : SPMC_MEM_OK;
}

/* Ranges were checked to end inside the 64-bit space: the end is exact. */
static bool md_sorted_disjoint(const struct spmc_mem_range *r, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++)
		if (r[i - 1].addr + r[i - 1].pages * SPMC_MEM_PAGE_SIZE > r[i].addr)
			return false;
	return true;
}

static enum spmc_mem_desc_why md_disjoint_ranges(const struct md_parse *p,
						 struct spmc_mem_range *r)
{
	bool sorted = true, ok;

	for (uint32_t i = 1; i < p->nranges && sorted; i++)
		sorted = r[i - 1].addr < r[i].addr;
	if (sorted) {
		ok = md_sorted_disjoint(r, p->nranges);
	} else {
		spmc_heapsort(r, p->nranges, sizeof(*r), md_cmp_addr);
		ok = md_sorted_disjoint(r, p->nranges);
		md_load_ranges(p, r);
	}
	/* [H] no page is described twice. */
	return ok ? SPMC_MEM_OK : SPMC_MEM_RANGE_OVERLAP;
}

static enum spmc_mem_desc_why md_parse(struct md_parse *p, const struct spmc_mem_room *room,
				       struct spmc_mem_desc *out)
{
	enum spmc_mem_desc_why w;
	uint32_t max_access = room && room->access ? room->max_access : 0;
	uint32_t max_ranges = room && room->ranges ? room->max_ranges : 0;

	if ((w = md_header(p)) != SPMC_MEM_OK)
		return w;
	/* [H][T] a send names at least one borrower (a response at least the
	 * retriever); a retrieve request without one is the hypervisor's. */
	if (p->kind != SPMC_MEM_DESC_RETRIEVE_REQ && p->count == 0)
		return SPMC_MEM_NO_BORROWERS;
	/* [D] the handle is the SPMC's to allocate: MBZ in a send; a retrieve
	 * names one (0 is a valid handle: Hafnium allocates it). */
	if (p->send ? p->handle != 0 : p->handle == FFA_MEM_HANDLE_INVALID)
		return SPMC_MEM_HANDLE;
	if ((w = md_flags(p)) != SPMC_MEM_OK || (w = md_attributes(p)) != SPMC_MEM_OK ||
	    (w = md_access(p)) != SPMC_MEM_OK || (w = md_composite(p)) != SPMC_MEM_OK ||
	    (w = md_ranges(p)) != SPMC_MEM_OK)
		return w;
	if (p->count > max_access)
		return SPMC_MEM_ROOM_ACCESS;
	if (p->nranges > max_ranges)
		return SPMC_MEM_ROOM_RANGES;
	if (p->count) {
		md_load_access(p, room->access);
		if ((w = md_unique_borrowers(p, room->access)) != SPMC_MEM_OK)
			return w;
	}
	if (p->nranges) {
		md_load_ranges(p, room->ranges);
		if ((w = md_disjoint_ranges(p, room->ranges)) != SPMC_MEM_OK)
			return w;
	}
	out->sender = p->sender;
	out->attributes = p->attr;
	out->flags = p->flags;
	out->handle = p->handle;
	out->tag = p->tag;
	out->access = p->count ? room->access : NULL;
	out->access_count = p->count;
	out->ranges = p->nranges ? room->ranges : NULL;
	out->range_count = p->nranges;
	out->total_pages = p->total_pages;
	return SPMC_MEM_OK;
}

static int md_code(enum spmc_mem_desc_why w)
{
	switch (w) {
	case SPMC_MEM_OK:
		return 0;
	case SPMC_MEM_BAD_VERSION:
		return FFA_RET_NOT_SUPPORTED;
	case SPMC_MEM_ROOM_ACCESS:
	case SPMC_MEM_ROOM_RANGES:
		return FFA_RET_NO_MEMORY;
	default:
		return FFA_RET_INVALID_PARAMETERS;
	}
}

int spmc_mem_desc_parse_ex(const void *buf, size_t len, uint32_t version,
			   enum spmc_mem_desc_kind kind, const struct spmc_mem_room *room,
			   struct spmc_mem_desc *out, enum spmc_mem_desc_why *why)
{
	struct md_parse p;
	enum spmc_mem_desc_why w;

	spmc_memset(out, 0, sizeof(*out));
	spmc_memset(&p, 0, sizeof(p));
	p.b = buf;
	p.len = buf ? len : 0;
	p.kind = kind;
	p.send = kind == SPMC_MEM_DESC_SHARE || kind == SPMC_MEM_DESC_LEND ||
		 kind == SPMC_MEM_DESC_DONATE;
	if (!md_layout_of(version, &p.l))
		w = SPMC_MEM_BAD_VERSION;
	else if ((unsigned)kind > SPMC_MEM_DESC_RETRIEVE_RESP)
		w = SPMC_MEM_BAD_KIND;
	else
		w = md_parse(&p, room, out);
	if (w != SPMC_MEM_OK)
		spmc_memset(out, 0, sizeof(*out));
	else
		out->version = version;
	if (why)
		*why = w;
	return md_code(w);
}

int spmc_mem_desc_parse(const void *buf, size_t len, uint32_t version,
			enum spmc_mem_desc_kind kind, const struct spmc_mem_room *room,
			struct spmc_mem_desc *out)
{
	return spmc_mem_desc_parse_ex(buf, len, version, kind, room, out, NULL);
}

int spmc_mem_relinquish_parse_ex(const void *buf, size_t len, struct spmc_mem_relinquish *out,
				 enum spmc_mem_desc_why *why)
{
	const uint8_t *b = buf;
	enum spmc_mem_desc_why w = SPMC_MEM_OK;
	uint32_t flags = 0, count = 0;

	spmc_memset(out, 0, sizeof(*out));
	if (!b || len < MD_REL_HDR) {
		w = SPMC_MEM_RELINQ_SHORT;
	} else {
		flags = spmc_get_le32(b + MD_REL_FLAGS);
		count = spmc_get_le32(b + MD_REL_COUNT);
		/* [D] bit 0 zero memory after relinquish, bit 1 operation
		 * time slicing; [31:2] MBZ. */
		if (flags & ~(FFA_MEM_FLAG_ZERO_MEMORY | FFA_MEM_FLAG_TIME_SLICING))
			w = SPMC_MEM_RELINQ_FLAGS;
		else if (count == 0)
			w = SPMC_MEM_RELINQ_COUNT;
		else if (MD_REL_HDR + (uint64_t)count * sizeof(ffa_id_t) > len)
			w = SPMC_MEM_RELINQ_BOUNDS;
	}
	if (w == SPMC_MEM_OK) {
		out->handle = spmc_get_le64(b + MD_REL_HANDLE);
		out->flags = flags;
		out->endpoints = b + MD_REL_HDR;
		out->endpoint_count = count;
	}
	if (why)
		*why = w;
	return md_code(w);
}

int spmc_mem_relinquish_parse(const void *buf, size_t len, struct spmc_mem_relinquish *out)
{
	return spmc_mem_relinquish_parse_ex(buf, len, out, NULL);
}
