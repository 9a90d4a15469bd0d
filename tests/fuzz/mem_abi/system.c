/* SPDX-License-Identifier: BSD-3-Clause */
/* The memory-ABI fuzz harness: input bytes, failure reports, small helpers, and the booted system, restored for every input. */
#include "harness.h"

HARNESS_NO_COVERAGE_BEGIN

struct harness H;

/* ---- input ---- */

const uint8_t *in;
size_t in_len;

uint8_t u8(void)
{
	if (in_len == 0)
		return 0;
	in_len--;
	return *in++;
}

/* ---- failure reports ---- */

struct ffa_value last_in, last_out;
int last_caller = -1;
enum op last_op;

void dump_regs(const char *what, const struct ffa_value *r)
{
	fprintf(stderr, "  %s:", what);
	for (int i = 0; i < 8; i++)
		fprintf(stderr, " x%d=0x%llx", i, (unsigned long long)r->x[i]);
	fprintf(stderr, "\n");
}

__attribute__((noreturn, format(printf, 1, 2))) void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "\nfuzz_mem_abi: invariant broken at step %d", H.step);
	if (last_caller >= 0)
		fprintf(stderr, " (%s from 0x%04x)", op_name[last_op], ep_id[last_caller]);
	fprintf(stderr, ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (last_caller >= 0) {
		dump_regs("call  ", &last_in);
		dump_regs("result", &last_out);
	}
	abort();
}

/* ---- small helpers ---- */

uint32_t ep_version(int e)
{
	return spmc_endpoint_version(H.s, H.ep[e].id);
}

struct spmc_partition *ep_part(int e)
{
	return spmc_partition_find(H.s, H.ep[e].id);
}

uint8_t *phys(uint64_t pa)
{
	return mock_phys_ptr(pa);
}

uint64_t own_base(int e)
{
	return known[e].base;
}

uint32_t own_pages(int e)
{
	return known[e].pages;
}

void handle_add(ffa_mem_handle_t h)
{
	H.handles[H.hnext] = h;
	H.hnext = (H.hnext + 1) % NHANDLES;
	if (H.nhandles < NHANDLES)
		H.nhandles++;
}

/* The handle a selector names: [3:0] steps back among those returned (newest
 * first), [7:4] >= 13 a forged variant of it (or of a made-up one). */
ffa_mem_handle_t pick_handle(uint8_t sel, uint8_t aux)
{
	ffa_mem_handle_t h = 0x1000 + aux;
	uint32_t kind = sel >> 4;

	if (H.nhandles)
		h = H.handles[(H.hnext + NHANDLES - 1 - (sel & 15u) % H.nhandles) % NHANDLES];
	switch (kind) {
	case 13: return h ^ (1ull << (aux & 63));
	case 14: return h | FFA_MEM_HANDLE_ALLOC_HYP;
	case 15: return aux & 1 ? FFA_MEM_HANDLE_INVALID : (ffa_mem_handle_t)aux << 32;
	default: return h;
	}
}

/* ---- sends in fragments ---- */

struct pending_send *pending_find(ffa_id_t id, ffa_mem_handle_t h)
{
	for (uint32_t i = 0; i < MAX_PENDING; i++)
		if (H.pend[i].live && H.ep[H.pend[i].e].id == id && H.pend[i].handle == h)
			return &H.pend[i];
	return NULL;
}

/* The n-th (mod their count) send in fragments from endpoint e, NULL if none. */
struct pending_send *pending_nth(int e, uint32_t n)
{
	uint32_t count = 0;

	for (uint32_t i = 0; i < MAX_PENDING; i++)
		count += H.pend[i].live && H.pend[i].e == e;
	if (count)
		n %= count;
	for (uint32_t i = 0; count && i < MAX_PENDING; i++)
		if (H.pend[i].live && H.pend[i].e == e && n-- == 0)
			return &H.pend[i];
	return NULL;
}

/* The core's record of a send from id in fragments under h, NULL if none. */
const struct spmc_mem_frag *core_send_slot(ffa_id_t id, ffa_mem_handle_t h)
{
	return mem_frag_find(H.s, MEM_FRAG_SEND, id, h);
}

/* ---- the system ---- */

void fill_pattern(void)
{
	for (int e = 0; e < NEP; e++)
		for (uint32_t p = 0; p < known[e].pages; p++)
			memset(phys(known[e].base + p * PG), 0x40 + e * 16 + (int)p, PG);
}

struct ffa_value call(int e, struct ffa_value r)
{
	struct spmc_ec *next = spmc_ffa_call(H.s, 0, H.ep[e].ec, &r);

	CHECK(next == H.ep[e].ec, "the call did not return to its caller (next %p)", (void *)next);
	return r;
}

void map_mailbox(int e, uint64_t tx, uint64_t rx, uint32_t pages)
{
	struct ffa_value r = call(e, (struct ffa_value){{FFA_RXTX_MAP_64, tx, rx, pages}});

	CHECK((uint32_t)r.x[0] == FFA_SUCCESS_32, "boot: RXTX_MAP failed");
	H.ep[e].mapped = true;
	H.ep[e].tx = tx;
	H.ep[e].rx = rx;
	H.ep[e].pages = pages;
}

void system_build(void)
{
	struct ffa_value r;
	struct spmc_ec *ec;
	int rc;

	mock_hal_reset();
	mock_hal.cpu_count = 1;
	memset(&H.cfg, 0, sizeof(H.cfg));
	memset(H.parts, 0, sizeof(H.parts));
	for (int i = 0; i < NSP; i++) {
		H.parts[i] = (struct spmc_partition_cfg){
			.name = "sp",
			.id = ep_id[i + 1],
			.uuid = {0x1000u + (uint32_t)i, 1, 2, 3},
			.ec_count = 1,
			.properties = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND,
			.el = 2,
			.load_addr = SP_BASE(i),
			.mem_size = SP_PAGES * PG,
			.entry = SP_BASE(i),
			.image = (const void *)(uintptr_t)(0x1000 + i),
		};
	}
	H.cfg.spmc_id = SPMC_ID;
	H.cfg.cpu_count = 1;
	H.cfg.partitions = H.parts;
	H.cfg.partition_count = NSP;
	H.cfg.rxtx_max_pages = MAX_RXTX_PAGES;
	H.cfg.ns_mem = &ns_mem;
	H.cfg.ns_mem_count = 1;
	H.cfg.mem_max_tx = MAX_TX;
	H.cfg.mem_max_borrowers = MAX_BORROWERS;
	H.cfg.mem_max_ranges = MAX_RANGES;
	H.cfg.mem_frag_bytes = FRAG_BYTES;
	if (!H.arena) {
		H.arena_size = spmc_arena_size(&H.cfg);
		CHECK(H.arena_size != 0, "boot: no arena size");
		H.arena = aligned_alloc(16, (H.arena_size + 15) & ~(size_t)15);
		CHECK(H.arena != NULL, "boot: out of memory");
	}
	memset(H.arena, 0, H.arena_size);
	rc = spmc_init(&H.s, H.arena, H.arena_size, &H.cfg);
	CHECK(rc == 0 && H.s && H.s->mem, "boot: spmc_init = %d", rc);
	fill_pattern();

	/* Every SP initialises and waits; then the normal world runs. */
	ec = spmc_cpu_on(H.s, 0, &r);
	while (ec && !spmc_ec_is_nwd(ec)) {
		r = (struct ffa_value){{FFA_MSG_WAIT_32}};
		ec = spmc_ffa_call(H.s, 0, ec, &r);
	}
	CHECK(ec == spmc_nwd_ec(H.s, 0), "boot: the normal world does not run");

	memset(H.ep, 0, sizeof(H.ep));
	for (int e = 0; e < NEP; e++) {
		H.ep[e].id = ep_id[e];
		H.ep[e].ec = e == 0 ? spmc_nwd_ec(H.s, 0) : spmc_find_ec(H.s, ep_id[e], 0);
		CHECK(H.ep[e].ec != NULL, "boot: no context for 0x%x", ep_id[e]);
	}
	r = call(0, (struct ffa_value){{FFA_VERSION_32, FFA_VERSION_1_1}});
	for (int e = 0; e < NEP; e++)
		map_mailbox(e, own_base(e) + MB_PAGE(own_pages(e)) * PG,
			    own_base(e) + (MB_PAGE(own_pages(e)) + 1) * PG, 1);
}

/* The booted system, kept to start every input from: restoring a copy is
 * exact (the core keeps all its state in the arena, the fake in mock_hal and
 * its memory, all at the same addresses) and far cheaper than booting. */
static struct {
	bool saved;
	struct mock_hal_state hal;
	uint8_t *arena;
	struct endpoint ep[NEP];
	uint8_t mem[KNOWN_PAGES * PG];
} boot;

void known_mem_copy(uint8_t *copy, bool save)
{
	for (int e = 0; e < NEP; e++) {
		if (save)
			memcpy(copy, phys(known[e].base), known[e].pages * PG);
		else
			memcpy(phys(known[e].base), copy, known[e].pages * PG);
		copy += known[e].pages * PG;
	}
}

/* mock_hal = boot.hal, copying only the address spaces the boot created and
 * the ranges they hold: the whole record is megabytes (MOCK_MAX_AS address
 * spaces of MOCK_MAX_RANGES ranges), which would dominate every input. The
 * harness creates no address space after boot, so the rest is never read. */
void hal_restore(void)
{
	size_t head = offsetof(struct mock_hal_state, as);
	size_t tail = offsetof(struct mock_hal_state, as_count);

	memcpy(&mock_hal, &boot.hal, head);
	for (uint32_t i = 0; i < boot.hal.as_count; i++) {
		const struct hal_as *a = &boot.hal.as[i];

		mock_hal.as[i].live = a->live;
		mock_hal.as[i].part_id = a->part_id;
		mock_hal.as[i].nranges = a->nranges;
		memcpy(mock_hal.as[i].ranges, a->ranges, a->nranges * sizeof(a->ranges[0]));
	}
	memcpy((uint8_t *)&mock_hal + tail, (const uint8_t *)&boot.hal + tail,
	       sizeof(mock_hal) - tail);
}

void system_start(void)
{
	if (!boot.saved) {
		system_build();
		boot.hal = mock_hal;
		boot.arena = malloc(H.arena_size);
		CHECK(boot.arena != NULL, "boot: out of memory");
		memcpy(boot.arena, H.arena, H.arena_size);
		memcpy(boot.ep, H.ep, sizeof(H.ep));
		known_mem_copy(boot.mem, true);
		boot.saved = true;
	} else {
		hal_restore();
		memcpy(H.arena, boot.arena, H.arena_size);
		memcpy(H.ep, boot.ep, sizeof(H.ep));
		known_mem_copy(boot.mem, false);
	}
	memset(H.handles, 0, sizeof(H.handles));
	H.nhandles = H.hnext = 0;
	for (uint32_t i = 0; i < MAX_PENDING; i++)
		H.pend[i].live = false;
}


HARNESS_NO_COVERAGE_END
