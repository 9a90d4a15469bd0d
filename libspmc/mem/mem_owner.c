/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The page-ownership map: known memory as disjoint intervals of pages, kept
 * in an AVL tree keyed by first page, nodes from the store's pool. Every
 * operation is O(log n); an interval's size does not matter. Adjacent
 * intervals with the same owner, state, access and transaction are merged,
 * so the map stays as small as the ownership it describes. A node's key
 * never changes while it is in the tree: a split shrinks a node and inserts
 * the tail, a merge grows the left node and erases the right one.
 *
 * Intervals are also threaded in address order (prev/next), and lookups
 * may start from a hint, the interval an operation found last: operations
 * walk a transaction's constituents, usually in address order, so most
 * lookups are a step or two along the thread instead of a descent from the
 * root, and a merge walks its neighbours the same way. Inserts and erases
 * still go through the tree.
 */
#include "mem/mem_store_int.h"

static struct mem_node *N(const struct spmc_mem_store *s, uint32_t i)
{
	return &s->nodes[i];
}

static int height(const struct spmc_mem_store *s, uint32_t i)
{
	return i == MEM_NIL ? 0 : N(s, i)->height;
}

static void fix_height(const struct spmc_mem_store *s, uint32_t i)
{
	int l = height(s, N(s, i)->left), r = height(s, N(s, i)->right);

	N(s, i)->height = (int8_t)((l > r ? l : r) + 1);
}

static uint32_t rotate_right(const struct spmc_mem_store *s, uint32_t i)
{
	uint32_t l = N(s, i)->left;

	N(s, i)->left = N(s, l)->right;
	N(s, l)->right = i;
	fix_height(s, i);
	fix_height(s, l);
	return l;
}

static uint32_t rotate_left(const struct spmc_mem_store *s, uint32_t i)
{
	uint32_t r = N(s, i)->right;

	N(s, i)->right = N(s, r)->left;
	N(s, r)->left = i;
	fix_height(s, i);
	fix_height(s, r);
	return r;
}

static uint32_t balance(const struct spmc_mem_store *s, uint32_t i)
{
	int b;

	fix_height(s, i);
	b = height(s, N(s, i)->left) - height(s, N(s, i)->right);
	if (b > 1) {
		uint32_t l = N(s, i)->left;

		if (height(s, N(s, l)->left) < height(s, N(s, l)->right))
			N(s, i)->left = rotate_left(s, l);
		return rotate_right(s, i);
	}
	if (b < -1) {
		uint32_t r = N(s, i)->right;

		if (height(s, N(s, r)->right) < height(s, N(s, r)->left))
			N(s, i)->right = rotate_right(s, r);
		return rotate_left(s, i);
	}
	return i;
}

/* Recursion depth is the tree height: at most ~1.44 log2(n), under 64. */
static uint32_t insert(const struct spmc_mem_store *s, uint32_t t, uint32_t i)
{
	if (t == MEM_NIL)
		return i;
	if (N(s, i)->start < N(s, t)->start)
		N(s, t)->left = insert(s, N(s, t)->left, i);
	else
		N(s, t)->right = insert(s, N(s, t)->right, i);
	return balance(s, t);
}

static uint32_t detach_min(const struct spmc_mem_store *s, uint32_t t, uint32_t *min)
{
	if (N(s, t)->left == MEM_NIL) {
		*min = t;
		return N(s, t)->right;
	}
	N(s, t)->left = detach_min(s, N(s, t)->left, min);
	return balance(s, t);
}

static void node_free(struct spmc_mem_store *s, uint32_t i)
{
	struct mem_node *n = N(s, i);

	*n = (struct mem_node){.left = s->free_node, .right = MEM_NIL, .prev = MEM_NIL,
			       .next = MEM_NIL, .tx = MEM_NIL};
	s->free_node = i;
	s->free_nodes++;
}

/* Removes node `key` from the tree t (it must be there) and frees it. */
static uint32_t erase(struct spmc_mem_store *s, uint32_t t, uint64_t key)
{
	if (key < N(s, t)->start) {
		N(s, t)->left = erase(s, N(s, t)->left, key);
	} else if (key > N(s, t)->start) {
		N(s, t)->right = erase(s, N(s, t)->right, key);
	} else {
		uint32_t l = N(s, t)->left, r = N(s, t)->right, m;

		node_free(s, t);
		if (r == MEM_NIL)
			return l;
		r = detach_min(s, r, &m);
		N(s, m)->left = l;
		N(s, m)->right = r;
		return balance(s, m);
	}
	return balance(s, t);
}

static uint32_t node_alloc(struct spmc_mem_store *s)
{
	uint32_t i = s->free_node;

	s->free_node = N(s, i)->left;
	s->free_nodes--;
	N(s, i)->left = MEM_NIL;
	N(s, i)->right = MEM_NIL;
	N(s, i)->height = 1;
	N(s, i)->in_use = 1;
	return i;
}

/* Node with the largest start <= p (if le) or < p, or MEM_NIL. */
static uint32_t floor_node(const struct spmc_mem_store *s, uint64_t p, bool le)
{
	uint32_t t = s->root, best = MEM_NIL;

	while (t != MEM_NIL) {
		if (N(s, t)->start < p || (le && N(s, t)->start == p)) {
			best = t;
			t = N(s, t)->right;
		} else {
			t = N(s, t)->left;
		}
	}
	return best;
}

/* Node with the smallest start > p (if gt) or >= p, or MEM_NIL. */
static uint32_t ceil_node(const struct spmc_mem_store *s, uint64_t p, bool gt)
{
	uint32_t t = s->root, best = MEM_NIL;

	while (t != MEM_NIL) {
		if (N(s, t)->start > p || (!gt && N(s, t)->start == p)) {
			best = t;
			t = N(s, t)->left;
		} else {
			t = N(s, t)->right;
		}
	}
	return best;
}

/* Steps along the thread a lookup tries before it searches the tree. */
#define HINT_STEPS 4

uint32_t mem_map_find_near(const struct spmc_mem_store *s, uint32_t *hint, uint64_t p)
{
	uint32_t i = hint ? *hint : MEM_NIL;

	for (int k = 0; i != MEM_NIL && k < HINT_STEPS; k++) {
		if (!N(s, i)->in_use)
			break;
		if (p < N(s, i)->start)
			i = N(s, i)->prev;
		else if (p - N(s, i)->start < N(s, i)->pages)
			return *hint = i;
		else
			i = N(s, i)->next;
	}
	i = floor_node(s, p, true);
	if (i != MEM_NIL && p - N(s, i)->start < N(s, i)->pages) {
		if (hint)
			*hint = i;
		return i;
	}
	return MEM_NIL;
}

uint32_t mem_map_find(const struct spmc_mem_store *s, uint64_t p)
{
	return mem_map_find_near(s, NULL, p);
}

uint32_t mem_map_next(const struct spmc_mem_store *s, uint64_t p)
{
	return ceil_node(s, p, true);
}

uint32_t mem_map_prev(const struct spmc_mem_store *s, uint64_t p)
{
	return floor_node(s, p, false);
}

bool mem_map_splits(const struct spmc_mem_store *s, uint32_t *hint, uint64_t p)
{
	uint32_t i = mem_map_find_near(s, hint, p);

	return i != MEM_NIL && N(s, i)->start != p;
}

void mem_map_split(struct spmc_mem_store *s, uint32_t *hint, uint64_t p)
{
	uint32_t i = mem_map_find_near(s, hint, p), j;
	uint64_t head;

	if (i == MEM_NIL || N(s, i)->start == p)
		return;
	head = p - N(s, i)->start;
	j = node_alloc(s);
	N(s, j)->start = p;
	N(s, j)->pages = N(s, i)->pages - head;
	N(s, j)->tx = N(s, i)->tx;
	N(s, j)->owner = N(s, i)->owner;
	N(s, j)->state = N(s, i)->state;
	N(s, j)->attrs = N(s, i)->attrs;
	N(s, i)->pages = head;
	/* The tail comes right after i in address order. */
	N(s, j)->prev = i;
	N(s, j)->next = N(s, i)->next;
	if (N(s, i)->next != MEM_NIL)
		N(s, N(s, i)->next)->prev = j;
	N(s, i)->next = j;
	s->root = insert(s, s->root, j);
}

static bool mergeable(const struct mem_node *a, const struct mem_node *b)
{
	return a->start + a->pages == b->start && a->owner == b->owner && a->state == b->state &&
	       a->attrs == b->attrs && a->tx == b->tx;
}

void mem_map_merge(struct spmc_mem_store *s, uint32_t *hint, uint64_t first, uint64_t end)
{
	/* From the interval before `first` (the one holding it if it starts
	 * earlier, else its left neighbour) along the thread to `end`. */
	uint32_t cur = mem_map_find_near(s, hint, first);

	if (cur == MEM_NIL)
		cur = ceil_node(s, first, false);
	if (cur != MEM_NIL && N(s, cur)->start == first && N(s, cur)->prev != MEM_NIL)
		cur = N(s, cur)->prev;
	else if (cur != MEM_NIL && N(s, cur)->start > first && N(s, cur)->prev != MEM_NIL)
		cur = N(s, cur)->prev;
	while (cur != MEM_NIL && N(s, cur)->start < end) {
		uint32_t nx = N(s, cur)->next;

		if (nx == MEM_NIL)
			break;
		if (mergeable(N(s, cur), N(s, nx))) {
			if (hint && *hint == nx)
				*hint = cur;
			N(s, cur)->pages += N(s, nx)->pages;
			N(s, cur)->next = N(s, nx)->next;
			if (N(s, nx)->next != MEM_NIL)
				N(s, N(s, nx)->next)->prev = cur;
			s->root = erase(s, s->root, N(s, nx)->start);
			continue;
		}
		cur = nx;
	}
}

/* Threads the tree's nodes in address order (init only: recursion depth is
 * the tree height). */
static void thread(struct spmc_mem_store *s, uint32_t t, uint32_t *last)
{
	if (t == MEM_NIL)
		return;
	thread(s, N(s, t)->left, last);
	N(s, t)->prev = *last;
	N(s, t)->next = MEM_NIL;
	if (*last != MEM_NIL)
		N(s, *last)->next = t;
	*last = t;
	thread(s, N(s, t)->right, last);
}

uint32_t mem_map_count(const struct spmc_mem_store *s)
{
	return s->max_nodes - s->free_nodes;
}

void mem_map_init(struct spmc_mem_store *s)
{
	uint32_t last = MEM_NIL;

	s->root = MEM_NIL;
	for (uint32_t r = 0; r < s->region_count; r++) {
		const struct spmc_mem_region_cfg *g = &s->regions[r];
		uint32_t i = node_alloc(s);

		N(s, i)->start = g->base >> MEM_PAGE_SHIFT;
		N(s, i)->pages = g->pages;
		N(s, i)->tx = MEM_NIL;
		N(s, i)->owner = g->owner;
		N(s, i)->state = SPMC_MEM_PAGE_OWNED;
		N(s, i)->attrs = (uint8_t)g->attrs;
		s->root = insert(s, s->root, i);
	}
	thread(s, s->root, &last);
	mem_map_merge(s, NULL, 0, UINT64_MAX);
}
