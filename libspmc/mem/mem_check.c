/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory store's invariant checker: walks the whole state once, changes
 * nothing, and names the first invariant it finds broken. Cheap enough to run
 * after every operation in tests and fuzzers: O(intervals + slots + free
 * chunks + live transactions * borrowers^2 + constituents * log intervals),
 * linear in the state, no allocation, no recursion deeper than the tree.
 */
#include "mem/mem_store_int.h"

/* An AVL tree of 2^32 nodes is at most ~46 high; deeper means a cycle. */
#define MAX_DEPTH 64

struct ctx {
	const struct spmc_mem_store *s;
	struct spmc_mem_check_report *r;
	/* in-order walk */
	const struct mem_node *prev;
	uint32_t prev_index;           /* MEM_NIL before the first */
	uint64_t run_start, run_end;   /* the current run of contiguous intervals */
	bool in_run;
	uint32_t region;               /* next region to match */
	uint64_t tx_pages;             /* pages of intervals held by transactions */
};

static int fail(struct ctx *c, int code, const char *what, uint64_t where)
{
	if (c->r) {
		c->r->code = code;
		c->r->what = what;
		c->r->where = where;
	}
	return code;
}

/* BST order within (lo, hi), heights, balance; counts the nodes. */
static int tree(struct ctx *c, uint32_t i, uint64_t lo, uint64_t hi, bool has_lo, bool has_hi,
		int depth, uint32_t *count, int *h)
{
	const struct spmc_mem_store *s = c->s;
	const struct mem_node *n;
	int hl = 0, hr = 0, rc;

	*h = 0;
	if (i == MEM_NIL)
		return 0;
	if (i >= s->max_nodes || depth > MAX_DEPTH || *count >= s->max_nodes)
		return fail(c, SPMC_MEM_INV_TREE, "tree link out of range or cyclic", i);
	n = &s->nodes[i];
	if (!n->in_use)
		return fail(c, SPMC_MEM_INV_NODES, "free node in the tree", i);
	if ((has_lo && n->start <= lo) || (has_hi && n->start >= hi))
		return fail(c, SPMC_MEM_INV_TREE, "tree out of order", i);
	(*count)++;
	rc = tree(c, n->left, lo, n->start, has_lo, true, depth + 1, count, &hl);
	if (rc)
		return rc;
	rc = tree(c, n->right, n->start, hi, true, has_hi, depth + 1, count, &hr);
	if (rc)
		return rc;
	*h = (hl > hr ? hl : hr) + 1;
	if (n->height != *h || hl - hr > 1 || hr - hl > 1)
		return fail(c, SPMC_MEM_INV_TREE, "tree height or balance wrong", i);
	return 0;
}

/* Tree nodes are marked in use (tree() checks), free-list nodes are not, so
 * the two sets are disjoint; together they must be the whole pool. */
static int nodes(struct ctx *c, uint32_t in_tree)
{
	const struct spmc_mem_store *s = c->s;
	uint32_t free_len = 0;

	if (s->free_nodes != s->max_nodes - in_tree)
		return fail(c, SPMC_MEM_INV_NODES, "node neither in the tree nor free", in_tree);
	for (uint32_t i = s->free_node; i != MEM_NIL; i = s->nodes[i].left) {
		if (i >= s->max_nodes || free_len >= s->free_nodes || s->nodes[i].in_use)
			return fail(c, SPMC_MEM_INV_NODES, "free list broken", i);
		free_len++;
	}
	if (free_len != s->free_nodes)
		return fail(c, SPMC_MEM_INV_NODES, "free list shorter than the count", free_len);
	return 0;
}

/* Known memory, as maximal runs of contiguous regions, must equal the
 * intervals' runs. Compares the run just closed with the next region run. */
static int close_run(struct ctx *c)
{
	const struct spmc_mem_store *s = c->s;
	uint64_t start, end;

	if (c->region >= s->region_count)
		return fail(c, SPMC_MEM_INV_COVERAGE, "map holds memory outside the regions",
			    c->run_start);
	start = s->regions[c->region].base >> MEM_PAGE_SHIFT;
	end = start + s->regions[c->region].pages;
	while (++c->region < s->region_count &&
	       s->regions[c->region].base >> MEM_PAGE_SHIFT == end)
		end += s->regions[c->region].pages;
	if (c->run_start != start || c->run_end != end)
		return fail(c, SPMC_MEM_INV_COVERAGE, "known memory without an owner (or extra)",
			    c->run_start < start ? c->run_start : start);
	return 0;
}

static int interval(struct ctx *c, const struct mem_node *n, uint32_t i)
{
	const struct spmc_mem_store *s = c->s;
	const struct mem_node *p = c->prev;
	int rc;

	/* The address-order thread matches the in-order walk. */
	if (n->prev != c->prev_index || (p && p->next != i))
		return fail(c, SPMC_MEM_INV_TREE, "address-order links broken", i);

	if (n->pages == 0 || n->pages > MEM_MAX_PAGE_END - n->start)
		return fail(c, SPMC_MEM_INV_TREE, "empty or wrapping interval", i);
	if (p && p->start + p->pages > n->start)
		return fail(c, SPMC_MEM_INV_OVERLAP, "intervals overlap", n->start);
	if (p && p->start + p->pages == n->start && p->owner == n->owner &&
	    p->state == n->state && p->attrs == n->attrs && p->tx == n->tx)
		return fail(c, SPMC_MEM_INV_UNMERGED, "equal neighbours not merged", n->start);
	if (c->in_run && c->run_end == n->start) {
		c->run_end += n->pages;
	} else {
		if (c->in_run) {
			rc = close_run(c);
			if (rc)
				return rc;
		}
		c->in_run = true;
		c->run_start = n->start;
		c->run_end = n->start + n->pages;
	}
	if (n->attrs & ~(SPMC_MEM_RWX | SPMC_MEM_KIND))
		return fail(c, SPMC_MEM_INV_ACCESS, "interval attributes out of range", n->start);
	if (!ffa_id_is_secure(n->owner) && !(n->attrs & HAL_MEM_NS))
		return fail(c, SPMC_MEM_INV_ACCESS, "normal world owns secure memory", n->start);
	if (n->state == SPMC_MEM_PAGE_OWNED) {
		if (n->tx != MEM_NIL)
			return fail(c, SPMC_MEM_INV_PAGE_STATE, "owned page held by a transaction",
				    n->start);
	} else {
		const struct mem_tx *t;

		if (n->state > SPMC_MEM_PAGE_DONATING || n->tx >= s->max_tx ||
		    s->tx[n->tx].live != MEM_SLOT_LIVE)
			return fail(c, SPMC_MEM_INV_PAGE_STATE,
				    "shared/lent/donated page without a live transaction", n->start);
		t = &s->tx[n->tx];
		if (n->state != mem_state_of_op(t->op) || n->owner != t->sender ||
		    n->attrs != t->page_attrs)
			return fail(c, SPMC_MEM_INV_PAGE_STATE,
				    "page state disagrees with its transaction", n->start);
		c->tx_pages += n->pages;
	}
	c->prev = n;
	c->prev_index = i;
	return 0;
}

static int in_order(struct ctx *c, uint32_t i)
{
	int rc;

	if (i == MEM_NIL)
		return 0;
	rc = in_order(c, c->s->nodes[i].left);
	if (rc)
		return rc;
	rc = interval(c, &c->s->nodes[i], i);
	if (rc)
		return rc;
	return in_order(c, c->s->nodes[i].right);
}

static bool slot_counts_ok(const struct spmc_mem_store *s, uint32_t live, uint32_t reserved)
{
	return reserved == s->reserved_tx && live + reserved + s->free_tx_count == s->max_tx;
}

static int slots(struct ctx *c)
{
	const struct spmc_mem_store *s = c->s;
	uint32_t live = 0, reserved = 0;

	if (s->free_tx_count > s->max_tx)
		return fail(c, SPMC_MEM_INV_SLOTS, "free slot count too large", s->free_tx_count);
	for (uint32_t i = 0; i < s->free_tx_count; i++) {
		uint32_t slot = s->free_tx[i];

		if (slot >= s->max_tx || s->tx[slot].live || s->tx[slot].free_pos != i)
			return fail(c, SPMC_MEM_INV_SLOTS, "free slot stack broken", i);
	}
	for (uint32_t slot = 0; slot < s->max_tx; slot++) {
		const struct mem_tx *t = &s->tx[slot];

		if (t->gen == 0 || t->gen > MEM_GEN_MAX)
			return fail(c, SPMC_MEM_INV_HANDLE, "generation out of range", slot);
		if (t->live == MEM_SLOT_RESERVED) {
			if (t->range_count || t->borrower_count || t->first_chunk != MEM_NIL)
				return fail(c, SPMC_MEM_INV_SLOTS, "reserved slot holds a transaction",
					    slot);
			reserved++;
			continue;
		}
		if (t->live != MEM_SLOT_LIVE)
			continue;
		live++;
		if (mem_slot_of(s, mem_handle_of(s, slot)) != slot)
			return fail(c, SPMC_MEM_INV_HANDLE, "live handle does not find its slot", slot);
	}
	if (!slot_counts_ok(s, live, reserved))
		return fail(c, SPMC_MEM_INV_SLOTS, "slots neither live, reserved nor free", live);
	return 0;
}

/* Whether `granted` stays within what the transaction allows borrower b. */
static bool grant_ok(const struct mem_tx *t, const struct mem_borrower *b, uint8_t granted)
{
	uint8_t own = t->page_attrs & SPMC_MEM_RWX;
	uint8_t data = b->perms & FFA_MEM_DATA_ACCESS_MASK;
	uint8_t instr = (b->perms & FFA_MEM_INSTR_ACCESS_MASK) >> FFA_MEM_INSTR_ACCESS_SHIFT;
	uint8_t allowed = HAL_MEM_R;

	if (data != FFA_MEM_DATA_RO)
		allowed |= HAL_MEM_W;
	if (instr != FFA_MEM_INSTR_NX && t->op != SPMC_MEM_OP_SHARE &&
	    !(t->op == SPMC_MEM_OP_LEND && t->borrower_count > 1))
		allowed |= HAL_MEM_X;
	allowed &= own;
	return (granted & HAL_MEM_R) && !(granted & ~allowed);
}

static int borrowers(struct ctx *c, uint32_t slot)
{
	const struct spmc_mem_store *s = c->s;
	const struct mem_tx *t = &s->tx[slot];
	const struct mem_borrower *b = mem_borrowers(s, slot);
	uint32_t holders = 0;

	if (t->borrower_count == 0 || t->borrower_count > s->max_borrowers)
		return fail(c, SPMC_MEM_INV_BORROWERS, "borrower count out of range", slot);
	for (uint32_t i = 0; i < t->borrower_count; i++) {
		if (b[i].id == t->sender)
			return fail(c, b[i].holds ? SPMC_MEM_INV_LENDER : SPMC_MEM_INV_BORROWERS,
				    "the sender is its own borrower", slot);
		for (uint32_t j = 0; j < i; j++)
			if (b[j].id == b[i].id)
				return fail(c, SPMC_MEM_INV_BORROWERS, "borrower listed twice", slot);
		if ((b[i].holds == 0) != (b[i].granted == 0))
			return fail(c, SPMC_MEM_INV_HOLDERS, "access without a hold (or the reverse)",
				    slot);
		if (b[i].holds > 1 && !s->multi_retrieve)
			return fail(c, SPMC_MEM_INV_HOLDERS, "retrieved twice", slot);
		if (b[i].holds && !grant_ok(t, &b[i], b[i].granted))
			return fail(c, SPMC_MEM_INV_ACCESS, "borrower has more access than sent", slot);
		holders += b[i].holds != 0;
	}
	if (holders != t->holders)
		return fail(c, SPMC_MEM_INV_HOLDERS, "holder count wrong", slot);
	if (t->op == SPMC_MEM_OP_DONATE && holders)
		return fail(c, SPMC_MEM_INV_HOLDERS, "retrieved donation still live", slot);
	if (t->zero_pending && (holders == 0 || t->op == SPMC_MEM_OP_SHARE))
		return fail(c, SPMC_MEM_INV_HOLDERS, "zeroing pending with no holder", slot);
	return 0;
}

/* A transaction's constituents: its chunk chain, its pages in the map. */
static int tx_ranges(struct ctx *c, uint32_t slot, uint64_t *ranges, uint64_t *used)
{
	const struct spmc_mem_store *s = c->s;
	const struct mem_tx *t = &s->tx[slot];
	uint32_t ch = t->first_chunk;
	uint64_t pages = 0;

	if (t->range_count == 0 || t->range_count > s->max_ranges)
		return fail(c, SPMC_MEM_INV_RANGES, "constituent count out of range", slot);
	for (uint32_t i = 0; i < t->range_count; i++) {
		const struct spmc_mem_range *r;
		uint64_t p, end;

		if (i % MEM_CHUNK_RANGES == 0) {
			if (i != 0)
				ch = s->chunks[ch].next;
			if (ch >= s->chunk_count || s->chunks[ch].owner != slot)
				return fail(c, SPMC_MEM_INV_RANGES, "chunk chain broken", slot);
			(*used)++;
		}
		r = &s->chunks[ch].r[i % MEM_CHUNK_RANGES];
		p = r->addr >> MEM_PAGE_SHIFT;
		if (r->pages == 0 || r->pages > MEM_MAX_PAGE_END - p)
			return fail(c, SPMC_MEM_INV_TX_PAGES, "empty or wrapping constituent", slot);
		pages += r->pages;
		for (end = p + r->pages; p < end;) {
			uint32_t n = mem_map_find(s, p);

			if (n == MEM_NIL || s->nodes[n].tx != slot)
				return fail(c, SPMC_MEM_INV_TX_PAGES,
					    "constituent page not held by its transaction", p);
			p = s->nodes[n].start + s->nodes[n].pages;
		}
	}
	if (s->chunks[ch].next != MEM_NIL)
		return fail(c, SPMC_MEM_INV_RANGES, "chunk chain too long", slot);
	if (pages != t->total_pages)
		return fail(c, SPMC_MEM_INV_TX_PAGES, "constituents do not add up to the total", slot);
	*ranges += t->range_count;
	return 0;
}

/* Chains hold chunks owned by their slot (tx_ranges checks), the free list
 * chunks owned by nobody: disjoint sets that must make up the whole pool. */
static int chunks(struct ctx *c, uint64_t ranges, uint64_t used)
{
	const struct spmc_mem_store *s = c->s;
	uint32_t free_len = 0;

	if (ranges != s->ranges_used || ranges > s->max_ranges)
		return fail(c, SPMC_MEM_INV_RANGES, "constituent count wrong", ranges);
	for (uint32_t i = s->free_chunk; i != MEM_NIL; i = s->chunks[i].next) {
		if (i >= s->chunk_count || free_len >= s->free_chunks ||
		    s->chunks[i].owner != MEM_NIL)
			return fail(c, SPMC_MEM_INV_RANGES, "chunk free list broken", i);
		free_len++;
	}
	if (free_len != s->free_chunks || used + free_len != s->chunk_count)
		return fail(c, SPMC_MEM_INV_RANGES, "chunks neither used nor free", used);
	return 0;
}

int spmc_mem_check(const struct spmc_mem_store *s, struct spmc_mem_check_report *r)
{
	struct ctx c = {.s = s, .r = r, .prev_index = MEM_NIL};
	uint32_t count = 0;
	uint64_t ranges = 0, used = 0, tx_total = 0;
	int h, rc;

	if (r)
		*r = (struct spmc_mem_check_report){0, "ok", 0};
	rc = tree(&c, s->root, 0, 0, false, false, 0, &count, &h);
	if (!rc)
		rc = nodes(&c, count);
	if (!rc)
		rc = slots(&c);
	if (!rc)
		rc = in_order(&c, s->root);
	if (!rc && c.prev && c.prev->next != MEM_NIL)
		rc = fail(&c, SPMC_MEM_INV_TREE, "address-order links broken", c.prev_index);
	if (!rc && c.in_run)
		rc = close_run(&c);
	if (!rc && c.region != s->region_count)
		rc = fail(&c, SPMC_MEM_INV_COVERAGE, "known memory without an owner", c.region);
	for (uint32_t slot = 0; !rc && slot < s->max_tx; slot++) {
		const struct mem_tx *t = &s->tx[slot];

		if (t->live != MEM_SLOT_LIVE)
			continue;
		rc = borrowers(&c, slot);
		if (!rc)
			rc = tx_ranges(&c, slot, &ranges, &used);
		tx_total += t->total_pages;
		/* Lent or donated: the sender reaches none of it. */
		if (!rc && t->op != SPMC_MEM_OP_SHARE) {
			const struct spmc_mem_range *r0 = mem_tx_range(s, slot, 0);

			if (spmc_mem_access(s, t->sender, r0->addr) != 0)
				rc = fail(&c, SPMC_MEM_INV_LENDER, "lender can reach lent memory", slot);
		}
	}
	if (!rc && tx_total != c.tx_pages)
		rc = fail(&c, SPMC_MEM_INV_TX_PAGES, "pages held by no transaction's constituents",
			  c.tx_pages);
	if (!rc)
		rc = chunks(&c, ranges, used);
	return rc;
}

const char *spmc_mem_invariant_name(int code)
{
	static const char *const names[SPMC_MEM_INV_COUNT] = {
		[SPMC_MEM_INV_OK] = "ok",
		[SPMC_MEM_INV_TREE] = "tree",
		[SPMC_MEM_INV_NODES] = "nodes",
		[SPMC_MEM_INV_OVERLAP] = "overlap",
		[SPMC_MEM_INV_COVERAGE] = "coverage",
		[SPMC_MEM_INV_UNMERGED] = "unmerged",
		[SPMC_MEM_INV_PAGE_STATE] = "page-state",
		[SPMC_MEM_INV_TX_PAGES] = "tx-pages",
		[SPMC_MEM_INV_ACCESS] = "access",
		[SPMC_MEM_INV_LENDER] = "lender",
		[SPMC_MEM_INV_HOLDERS] = "holders",
		[SPMC_MEM_INV_BORROWERS] = "borrowers",
		[SPMC_MEM_INV_SLOTS] = "slots",
		[SPMC_MEM_INV_HANDLE] = "handle",
		[SPMC_MEM_INV_RANGES] = "ranges",
	};

	return code >= 0 && code < SPMC_MEM_INV_COUNT ? names[code] : "?";
}
