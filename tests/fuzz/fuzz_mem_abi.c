/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stateful libFuzzer harness for the memory management ABIs, driven through
 * the core's public entry (spmc_ffa_call) on the HAL fake: a system of the
 * normal world (ID 0, owning NS_PAGES of non-secure DRAM) and three SPs (each
 * owning SP_PAGES of its own secure memory), booted on one CPU, every
 * endpoint with an RX/TX pair mapped. The input is a program of FF-A calls
 * from those endpoints; memory goes NWd -> SP and SP -> SP.
 *
 * Input format. A sequence of steps, each
 *     hdr op [fault] args[op] mut[n * 3]
 * hdr [1:0] is the caller (0 NWd, 1..3 SP1..SP3), [2] picks the SMC64
 * function ID where there is one, [4:3] == 3 adds the fault byte, [7:5] the
 * mutation count n (0..4: none, 5..7: 1..3); op (mod OP_COUNT) the call;
 * fault makes a HAL call fail during it (see inject()); args the op's
 * fixed-size argument bytes (see op_args and the build_* functions); each
 * mutation is (kind, pos, val) and spoils the descriptor or the registers
 * after they are built (see mutate()). Bytes past the end read as 0; at most
 * MAX_STEPS steps run. Handles are picked from a table of those earlier calls
 * returned (selector [3:0] = how many steps back, newest first; [7:4] >= 13
 * forges one); descriptors are encoded from the argument bytes with the
 * codec's own encoders (libspmc/mem/mem_desc.h), in the caller's negotiated
 * layout, with pages mostly inside the caller's own memory and borrowers
 * mostly SPs. Every input starts from the same freshly booted system.
 *
 * Invariants, after every step:
 *  - spmc_mem_check passes on the core's store;
 *  - the call returns to its caller; FFA_ERROR carries a known code and
 *    nothing else (w1 and w3.. zero);
 *  - a call that returns FFA_ERROR changed nothing: the fake's address
 *    spaces and SPMC mappings (compared as page maps, so a mapping undone
 *    and redone in pieces still matches), its work counters and console,
 *    the core's mailboxes and negotiated versions, the store's usage, page
 *    intervals, and every live transaction with its borrowers and
 *    constituents, and the contents of known memory;
 *  - every SP's address space agrees with the store: a page of known memory
 *    is mapped (at IPA == PA, with the NS bit of its kind) iff the store gives
 *    the SP access to it, with exactly that access; nothing else is mapped;
 *  - each endpoint's mailbox as the core records it is the one the endpoint
 *    mapped, and the fake holds the SPMC's mappings of it;
 *  - results: a send returns a new, live, SPMC-allocated handle; a retrieve
 *    response parses in the caller's layout and states the transaction as
 *    it was sent (handle, sender, tag, type, ranges, NS bit) with the access
 *    granted; a reclaimed handle is dead; the HAL was never misused.
 *  - the normal world's own access to each of its pages (the fake's
 *    mock_nwd_access) is the access the store gives it;
 *  - sends in fragments: a send with w2 < w1 answers FFA_MEM_FRAG_RX with a
 *    new reserved handle and w2; FRAG_TX continues it (FRAG_RX with the
 *    bytes received, SUCCESS with the same handle on the last); the core's
 *    fragment slots are exactly the sends the senders know of, as far
 *    along; RECLAIM of one abandons it. The one failing call that changes
 *    state: a last FRAG_TX whose descriptor does not validate ends the send
 *    (one reservation and the slot fewer, nothing else);
 *  - a retrieve response larger than the RX buffer comes a buffer at a time
 *    (RETRIEVE_RESP w1 > w2, then FRAG_RX -> FRAG_TX after each
 *    RX_RELEASE) and, put together, states the transaction as retrieved;
 *    the hypervisor retrieve request (the normal world, no access
 *    descriptor) lists every borrower and changes nothing.
 * Bulk sends (delivery 4 in build_send) of up to 256 one-page constituents
 * make both kinds of fragments routine.
 *
 * HAL fault injection (the fault byte: hal_as_map, hal_spmc_map and
 * hal_nwd_access failures) is on unless FUZZ_MEM_ABI_HAL_FAULTS=0. A failed
 * call during which an injected failure happened may leave memory zeroed
 * (see faults_fired()).
 *
 * The seed corpus (tests/fuzz/seeds/fuzz_mem_abi/) is written by this
 * program: FUZZ_MEM_ABI_WRITE_SEEDS=<dir> build/fuzz/fuzz_mem_abi writes one
 * file per flow in write_seeds() and exits. FUZZ_MEM_ABI_TRACE=1 prints every
 * step (for reading a reproducer).
 */
#include "mem_abi/harness.h"

HARNESS_NO_COVERAGE_BEGIN

/* ---- one step ---- */

/* HAL failures the fake can inject into the next call: fault [1:0] 1 the
 * (n)th hal_as_map, 2 the (n)th hal_spmc_map, 3 both, n = 1 + [3:2]; [4]
 * hal_as_map fails with DENIED rather than NO_MEMORY; [5] the (n)th
 * hal_nwd_access fails with DENIED. 0 clears them. */
static struct {
	bool as_map, spmc_map, nwd;
} armed;

void inject(uint8_t fault)
{
	uint32_t n = 1 + ((fault >> 2) & 3);

	if (!H.hal_faults)
		fault = 0;
	mock_hal.as_map_fail_at = fault & 1 ? n : 0;
	mock_hal.spmc_map_fail_at = fault & 2 ? n : 0;
	mock_hal.as_map_fail_rc = fault & 0x10 ? FFA_RET_DENIED : FFA_RET_NO_MEMORY;
	mock_hal.nwd_access_rc = fault & 0x20 ? FFA_RET_DENIED : 0;
	mock_hal.nwd_access_fail_at = fault & 0x20 ? n : 0;
	armed.as_map = fault & 1;
	armed.spmc_map = fault & 2;
	armed.nwd = fault & 0x20;
}

/*
 * Whether an injected failure happened during the call just made. A failed
 * call may then have left memory zeroed, and nothing else changed: zeroing
 * cannot be undone, and it comes after the last check that could refuse the
 * call (libspmc/mem_hal.c) -- a grant (hal_as_map, hal_nwd_access) failing
 * after it, or a hal_spmc_map failing in the zeroing pass itself. The latter
 * is outside the HAL contract (the same range was mapped successfully by the
 * probe in the same call) but the fake's counter can place it there; rather
 * than steering the counter away from it, memory changing to zeros is
 * tolerated after any injected failure, and only then.
 */
bool faults_fired(void)
{
	return (armed.as_map && mock_hal.as_map_fail_at == 0) ||
	       (armed.spmc_map && mock_hal.spmc_map_fail_at == 0) ||
	       (armed.nwd && mock_hal.nwd_access_rc == 0);
}

void trace_step(int e, enum op op, const struct ffa_value *in_r,
		       const struct ffa_value *out_r, const struct build *b)
{
	enum spmc_mem_desc_why why = SPMC_MEM_OK;

	fprintf(stderr, "step %2d: 0x%04x %-12s x0=0x%08llx x1=0x%llx x2=0x%llx x3=0x%llx "
		"x4=0x%llx -> x0=0x%08llx x1=0x%llx x2=0x%llx x3=0x%llx\n",
		H.step, H.ep[e].id, op_name[op], (unsigned long long)in_r->x[0],
		(unsigned long long)in_r->x[1], (unsigned long long)in_r->x[2],
		(unsigned long long)in_r->x[3], (unsigned long long)in_r->x[4],
		(unsigned long long)out_r->x[0], (unsigned long long)out_r->x[1],
		(unsigned long long)out_r->x[2], (unsigned long long)out_r->x[3]);
	/* For a refused descriptor, what the codec thinks of it. */
	if (is_error(out_r) && b->len && b->r.x[0] != FFA_MEM_RELINQUISH_32 &&
	    b->r.x[0] != FFA_MEM_FRAG_TX_32) {
		static const enum spmc_mem_desc_kind kinds[3] = {
			SPMC_MEM_DESC_SHARE, SPMC_MEM_DESC_LEND, SPMC_MEM_DESC_DONATE};
		struct spmc_mem_access acc[MAX_BORROWERS];
		struct spmc_mem_range rng[MAX_RANGES];
		struct spmc_mem_room room = {acc, MAX_BORROWERS, rng, MAX_RANGES};
		struct spmc_mem_desc d;
		enum spmc_mem_desc_kind k = op == OP_RETRIEVE ? SPMC_MEM_DESC_RETRIEVE_REQ
							     : kinds[op - OP_SHARE];

		(void)spmc_mem_desc_parse_ex(b->desc, b->len, ep_version(e), k, &room, &d, &why);
		fprintf(stderr, "         descriptor: %u bytes, codec says %s\n", b->len,
			spmc_mem_desc_why_name(why));
	}
}

void step(void)
{
	uint8_t hdr = u8(), opb = u8(), fault = ((hdr >> 3) & 3) == 3 ? u8() : 0;
	int e = hdr & 3, nmut = (hdr >> 5) >= 5 ? (hdr >> 5) - 4 : 0;
	bool is64 = (hdr >> 2) & 1;
	enum op op = canon_op(opb);
	struct endpoint *x = &H.ep[e];
	struct mutation mut[3];
	struct build b;
	struct ffa_value out;
	bool failed, fired;
	ffa_mem_handle_t named = 0;

	memset(&b, 0, sizeof(b));
	b.layout = ep_version(e);
	b.caller = x->id;
	/* Mutations come last in the step but shape how it is built. */
	{
		const uint8_t *save = in;
		size_t save_len = in_len;
		size_t skip = op_args[op];

		if (op == OP_SHARE || op == OP_LEND || op == OP_DONATE) {
			uint8_t a0 = in_len ? in[0] : 0;

			skip += (1 + (a0 & 3)) + 2 * (1 + ((a0 >> 2) & 3));
		}
		skip = skip < in_len ? skip : in_len;
		in += skip;
		in_len -= skip;
		for (int i = 0; i < nmut; i++)
			mut[i] = (struct mutation){u8(), u8(), u8()};
		pre_mutate(&b, mut, nmut);
		in = save;
		in_len = save_len;
	}

	switch (op) {
	case OP_SHARE:
	case OP_LEND:
	case OP_DONATE:
		if (!build_send(e, op, is64, &b) || !room_to_split(e))
			goto skip;
		break;
	case OP_RETRIEVE:
		if (!build_retrieve(e, is64, &b))
			goto skip;
		break;
	case OP_RELINQUISH:
		build_relinquish(e, &b);
		break;
	case OP_RECLAIM: {
		uint8_t a0 = u8(), a1 = u8();
		ffa_mem_handle_t h = pick_handle(a0, a1 >> 3);

		b.r.x[0] = FFA_MEM_RECLAIM_32;
		b.r.x[1] = (uint32_t)h;
		b.r.x[2] = (uint32_t)(h >> 32);
		b.r.x[3] = (a1 & 1 ? FFA_MEM_FLAG_ZERO_MEMORY : 0) |
			   ((a1 & 6) == 6 ? FFA_MEM_FLAG_TIME_SLICING : 0);
		break;
	}
	case OP_FRAG_TX:
		build_frag_tx(e, &b);
		if (!room_to_split(e))
			goto skip;
		break;
	case OP_FRAG_RX:
		build_frag_rx(e, &b);
		break;
	case OP_RX_RELEASE: {
		uint8_t a0 = u8();

		b.r.x[0] = FFA_RX_RELEASE_32;
		b.r.x[1] = a0 < 200 ? 0 : a0 < 230 ? x->id : ep_id[(e + 1) % NEP];
		break;
	}
	case OP_RXTX_UNMAP: {
		uint8_t a0 = u8();

		b.r.x[0] = FFA_RXTX_UNMAP_32;
		b.r.x[1] = a0 < 200 ? 0 : a0 < 230 ? (uint32_t)x->id << 16 : a0;
		break;
	}
	case OP_RXTX_MAP: {
		uint8_t a0 = u8();
		uint64_t base = own_base(e);
		uint32_t n = own_pages(e), pages = a0 & 4 ? 2 : 1;

		b.r.x[0] = is64 ? FFA_RXTX_MAP_64 : FFA_RXTX_MAP_32;
		switch (a0 & 3) {
		case 0:
		case 1:
			b.r.x[1] = base + MB_PAGE(n) * PG;
			b.r.x[2] = base + (MB_PAGE(n) + 1) * PG;
			pages = 1;
			break;
		case 2:
			b.r.x[1] = base + ALT_PAGE(n) * PG;
			b.r.x[2] = base + (ALT_PAGE(n) + pages) * PG;
			break;
		default:
			/* Someone else's memory, or a misaligned or overlapping pair. */
			b.r.x[1] = known[(a0 >> 3) % NEP].base + ((a0 >> 5) & 1 ? 0x800 : 0);
			b.r.x[2] = a0 & 0x80 ? b.r.x[1] : base + ALT_PAGE(n) * PG;
			break;
		}
		b.r.x[3] = pages;
		break;
	}
	case OP_VERSION: {
		static const uint32_t v[6] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
					      FFA_VERSION_1_3, FFA_VERSION_MAKE(2, 0),
					      FFA_VERSION_1_1 | (1u << 31)};

		b.r.x[0] = FFA_VERSION_32;
		b.r.x[1] = v[u8() % 6];
		break;
	}
	case OP_TOUCH:
		touch(e);
		goto skip;
	default:
		goto skip;
	}
	/* Past the op's bytes: the mutations, read above. */
	for (int i = 0; i < 3 * nmut; i++)
		(void)u8();
	if (b.regs_from_len) {
		b.r.x[1] = b.len;
		b.r.x[2] = b.frag;
	}
	mutate(&b, mut, nmut);
	place(&b);
	if (op == OP_RECLAIM || op == OP_FRAG_TX || op == OP_FRAG_RX)
		named = handle_of(&b.r, 1);

	snap_take(&snap_before, may_zero(op));
	last_in = b.r;
	last_caller = e;
	last_op = op;
	inject(fault);
	out = call(e, b.r);
	fired = faults_fired();
	inject(0);
	last_out = out;
	if (H.trace)
		trace_step(e, op, &b.r, &out, &b);
	/* FFA_VERSION fails with NOT_SUPPORTED in w0, not FFA_ERROR. */
	if (op == OP_VERSION) {
		if (out.x[0] == (uint32_t)FFA_RET_NOT_SUPPORTED) {
			snap_take(&snap_after, false);
			snap_compare(&snap_before, &snap_after, true, false);
		}
		goto checks;
	}
	failed = is_error(&out);
	if (failed) {
		struct pending_send *ps = op == OP_FRAG_TX ? pending_find(x->id, named) : NULL;

		check_error_shape(&out);
		/* The one failure that changes state: the last fragment completed
		 * a descriptor that does not validate, which ends the send (its
		 * reserved handle and its slot go). */
		if (ps && !core_send_slot(x->id, named)) {
			CHECK((uint32_t)b.r.x[3] == ps->total - ps->off,
			      "a failed FRAG_TX of %u bytes (%u of %u sent) ended the send",
			      (uint32_t)b.r.x[3], ps->off, ps->total);
			ps->live = false;
			snap_before.usage.reserved--;
			snap_before.usage.live_tx--;
		}
		snap_take(&snap_after, may_zero(op));
		snap_compare(&snap_before, &snap_after, true, fired);
	} else {
		after_success(e, op, &b, &out);
	}
checks:
	check_store();
	check_cross_layer();
	last_caller = -1;
	return;
skip:
	for (int i = 0; i < 3 * nmut; i++)
		(void)u8();
}

/* ---- libFuzzer ---- */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("FUZZ_MEM_ABI_WRITE_SEEDS");

	(void)argc;
	(void)argv;
	if (dir) {
		write_seeds(dir);
		exit(0);
	}
	H.trace = getenv("FUZZ_MEM_ABI_TRACE") != NULL;
	H.hal_faults = getenv("FUZZ_MEM_ABI_HAL_FAULTS") == NULL ||
		       strcmp(getenv("FUZZ_MEM_ABI_HAL_FAULTS"), "0") != 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	in = data;
	in_len = size;
	last_caller = -1;
	H.step = -1;
	system_start();
	check_store();
	check_cross_layer();
	for (H.step = 0; H.step < MAX_STEPS && in_len > 0; H.step++)
		step();
	return 0;
}


HARNESS_NO_COVERAGE_END
