/* SPDX-License-Identifier: BSD-3-Clause */
/* The memory-ABI fuzz harness: the seed corpus, complete flows written as inputs (FUZZ_MEM_ABI_WRITE_SEEDS). */
#include "harness.h"

HARNESS_NO_COVERAGE_BEGIN

/* ---- seeds ---- */

/* Step builders for write_seeds(); each mirrors the format above. */
struct seed {
	uint8_t b[512];
	size_t n;
};

static void sb(struct seed *s, int count, ...)
{
	va_list ap;

	va_start(ap, count);
	for (int i = 0; i < count && s->n < sizeof(s->b); i++)
		s->b[s->n++] = (uint8_t)va_arg(ap, int);
	va_end(ap);
}

#define HDR(caller, is64) ((caller) | ((is64) ? 4 : 0))
/* One borrower byte: who (0 SP1, 1 SP2, 2 SP3), permissions index. */
#define BORROWER(who, perm) ((who) | ((perm) << 3))

/* caller sends its own pages [page, page + pages) to one borrower. */
static void seed_send1(struct seed *s, int caller, enum op op, int who, int page, int pages,
		       int tag)
{
	sb(s, 8, HDR(caller, 1), op, 0x00, (tag << 2) | (op == OP_SHARE ? 0 : 1), 0,
	   BORROWER(who, 0), page, pages - 1);
}

static void seed_retrieve(struct seed *s, int caller, int back)
{
	/* a1 0: the right type; a2 0: permissions as sent; a3 0. */
	sb(s, 6, HDR(caller, 1), OP_RETRIEVE, back, 0, 0, 0);
}

static void seed_relinquish(struct seed *s, int caller, int back)
{
	sb(s, 4, HDR(caller, 0), OP_RELINQUISH, back, 0);
}

static void seed_reclaim(struct seed *s, int caller, int back)
{
	sb(s, 4, HDR(caller, 0), OP_RECLAIM, back, 0);
}

static void seed_release(struct seed *s, int caller)
{
	sb(s, 3, HDR(caller, 0), OP_RX_RELEASE, 0);
}

static void seed_write(const char *dir, const char *name, const struct seed *s)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(s->b, 1, s->n, f) != s->n) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

void write_seeds(const char *dir)
{
	struct seed s;

	/* NWd shares two pages with SP1: retrieve, release, relinquish, reclaim. */
	memset(&s, 0, sizeof(s));
	seed_send1(&s, 0, OP_SHARE, 0, 2, 2, 1);
	seed_retrieve(&s, 1, 0);
	seed_release(&s, 1);
	seed_relinquish(&s, 1, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "share_flow", &s);

	/* SP1 lends its own page to SP2, and the NWd lends to SP3: each
	 * borrower retrieves and relinquishes, each lender reclaims. */
	memset(&s, 0, sizeof(s));
	seed_send1(&s, 1, OP_LEND, 1, 3, 1, 2);
	seed_retrieve(&s, 2, 0);
	seed_release(&s, 2);
	seed_send1(&s, 0, OP_LEND, 2, 5, 3, 3);
	seed_retrieve(&s, 3, 0);
	seed_release(&s, 3);
	seed_relinquish(&s, 2, 1);
	seed_reclaim(&s, 1, 1);
	seed_relinquish(&s, 3, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "lend_flow", &s);

	/* NWd shares one range with all three SPs (two ranges, RO for SP3);
	 * every SP retrieves, releases and relinquishes; the NWd reclaims. */
	memset(&s, 0, sizeof(s));
	sb(&s, 10, HDR(0, 1), OP_SHARE, 0x02 | 0x04, 0x00, 0, BORROWER(0, 0), BORROWER(1, 0),
	   BORROWER(2, 1), 8, 1);
	sb(&s, 2, 12, 0);
	for (int sp = 1; sp <= 3; sp++) {
		seed_retrieve(&s, sp, 0);
		seed_release(&s, sp);
	}
	for (int sp = 1; sp <= 3; sp++)
		seed_relinquish(&s, sp, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "multi_borrower_share", &s);

	/* Layouts: the NWd at v1.0 shares with SP2 at v1.1; SP3 at v1.2 shares
	 * its own memory with SP1 at v1.0 (32-bit IDs), with a zeroing lend. */
	memset(&s, 0, sizeof(s));
	sb(&s, 3, HDR(0, 0), OP_VERSION, 0);
	sb(&s, 3, HDR(2, 0), OP_VERSION, 1);
	sb(&s, 3, HDR(1, 0), OP_VERSION, 0);
	sb(&s, 8, HDR(0, 0), OP_SHARE, 0x00, 0x04, 0, BORROWER(1, 0), 0, 0);
	sb(&s, 6, HDR(2, 0), OP_RETRIEVE, 0, 0, 0, 0);
	seed_release(&s, 2);
	sb(&s, 8, HDR(3, 0), OP_LEND, 0x10, 0x05, 0, BORROWER(0, 1), 1, 1);
	sb(&s, 6, HDR(1, 0), OP_RETRIEVE, 0, 0, 0, 0);
	seed_release(&s, 1);
	seed_relinquish(&s, 1, 0);
	seed_reclaim(&s, 3, 0);
	seed_relinquish(&s, 2, 1);
	seed_reclaim(&s, 0, 1);
	seed_write(dir, "versions_flow", &s);

	/* What the core may not support yet: a donation retrieved by its new
	 * owner, a share sent in two fragments, a descriptor outside the TX
	 * buffer, a remapped mailbox. */
	memset(&s, 0, sizeof(s));
	seed_send1(&s, 2, OP_DONATE, 2, 4, 1, 4);
	seed_retrieve(&s, 3, 0);
	seed_release(&s, 3);
	sb(&s, 8, HDR(0, 1), OP_SHARE, 0xa0, 0x00, 2, BORROWER(0, 0), 10, 1);
	sb(&s, 4, HDR(0, 0), OP_FRAG_TX, 0, 0);
	seed_retrieve(&s, 1, 0);
	seed_release(&s, 1);
	sb(&s, 8, HDR(0, 1), OP_SHARE, 0xc0, 0x00, 0, BORROWER(1, 0), 12, 0);
	sb(&s, 3, HDR(1, 0), OP_RXTX_UNMAP, 0);
	sb(&s, 3, HDR(1, 1), OP_RXTX_MAP, 2 | 4);
	seed_retrieve(&s, 2, 0);
	seed_write(dir, "donate_frag_flow", &s);

	/* The NWd lends 256 one-page constituents to SP1: the descriptor goes
	 * in two fragments (FRAG_TX continuing the reserved handle), the
	 * response to SP1's retrieve does not fit its one-page RX buffer and
	 * comes in two (RX_RELEASE, FRAG_RX); SP1 relinquishes, the NWd reclaims. */
	memset(&s, 0, sizeof(s));
	sb(&s, 8, HDR(0, 1), OP_LEND, 0x80, (5 << 2) | 1, 31, BORROWER(0, 0), 0, 0);
	sb(&s, 4, HDR(0, 0), OP_FRAG_TX, 0, 0);
	seed_retrieve(&s, 1, 0);
	seed_release(&s, 1);
	sb(&s, 4, HDR(1, 0), OP_FRAG_RX, 0xc0, 0);
	seed_release(&s, 1);
	seed_relinquish(&s, 1, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "bulk_frag_flow", &s);

	/* A bulk share in 1 KiB fragments, abandoned half way with RECLAIM of
	 * its handle; then the hypervisor retrieve request for a share. */
	memset(&s, 0, sizeof(s));
	sb(&s, 8, HDR(0, 1), OP_SHARE, 0x80, 6 << 2, 0x40 | 31, BORROWER(1, 0), 0, 0);
	sb(&s, 4, HDR(0, 0), OP_FRAG_TX, 16, 0);
	seed_reclaim(&s, 0, 0);
	seed_send1(&s, 0, OP_SHARE, 2, 3, 2, 7);
	seed_retrieve(&s, 0, 0);
	seed_release(&s, 0);
	seed_reclaim(&s, 0, 0);
	seed_write(dir, "frag_abandon_hyp_flow", &s);
}


HARNESS_NO_COVERAGE_END
