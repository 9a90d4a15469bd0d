/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory section of spmc-bench: how fast the whole OP-TEE-style cycle
 * runs through the simulator, and whether its cost grows linearly with the
 * pages it moves. One cycle is
 *
 *   normal world  FFA_MEM_SHARE of NS DRAM (and FFA_MEM_FRAG_TX for the rest
 *                 of a descriptor larger than its TX buffer)
 *   normal world  direct request to the SP with the handle
 *   SP            FFA_MEM_RETRIEVE_REQ (the SPMC maps the memory into it),
 *                 FFA_MEM_FRAG_RX for the rest of a response larger than its
 *                 RX buffer, parses the response, FFA_RX_RELEASE, FFA_MEM_RELINQUISH
 *                 (the SPMC unmaps it), direct response
 *   normal world  FFA_MEM_RECLAIM
 *
 * for 1 to 65536 pages, each as one constituent and as one constituent per
 * page. One-per-page constituents are two pages apart: contiguous ones would
 * be as valid a descriptor, but the SPMC's ownership map joins neighbouring
 * intervals of one transaction (and the host its neighbouring mappings),
 * which would hide the per-constituent cost being measured. The normal
 * world's descriptor is encoded once per case: one that fits its TX buffer is
 * left there (the SPMC never writes there), a larger one is kept aside and
 * sent in fragments (FFA_MEM_SHARE with the first, then FFA_MEM_FRAG_TX for
 * each FFA_MEM_FRAG_RX), copied into the TX buffer a fragment at a time as a
 * driver would. The figures are the FF-A path's, not a driver building
 * descriptors. A retrieve response larger than the SP's RX buffer comes back
 * in fragments too (FFA_MEM_FRAG_RX after each FFA_RX_RELEASE): the SP
 * gathers them in its own memory and parses the whole, as one that fits is
 * parsed in place.
 *
 * Every case runs in each of a few rounds, all cases side by side in a round,
 * for a fixed time each; the median round is reported. A last, shorter pass
 * times each step of the cycle on its own (clock reads would distort the
 * smallest cases if the measured rounds made them), to show where the time
 * goes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "mem_cycle.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ffa/ffa.h>

#include "mem/mem_desc.h"
#include "sim.h"
#include "spmc.h"

#define PAGE ((uint64_t)FFA_PAGE_SIZE)
/* FFA_RXTX_MAP names at most 63 pages (w3[5:0]): one buffer bounds each
 * fragment of a descriptor or of a retrieve response. */
#define BUF_PAGES FFA_RXTX_MAP_PAGE_COUNT_MASK
#define BUF_SIZE ((uint64_t)BUF_PAGES * PAGE)
#define NWD_TX SIM_NS_DRAM_BASE
#define NWD_RX (NWD_TX + BUF_SIZE)
#define SHARED_BASE (SIM_NS_DRAM_BASE + (1ull << 20))
/* Room for the largest case, 65536 pages two apart (512 MiB past SHARED_BASE).
 * Host memory is only used for pages something touches. */
#define NS_DRAM_SIZE (1ull << 30)
#define MEM_SP_ID 0x8001
#define SP_PAGES 128 /* the SP's own memory: its TX buffer, then its RX buffer */
#define SP_TX_OFF 0
#define SP_RX_OFF (64 * PAGE)
#define MAX_PAGES 65536u
/* Live constituents the SPMC keeps room for: one transaction is live at a
 * time, and the largest has one constituent per page. */
#define MEM_MAX_RANGES MAX_PAGES
#define ROUNDS 3
#define CASE_SECONDS 0.3 /* per case per round */
#define MIN_CYCLES 3

static const uint32_t sizes[] = {1, 16, 256, 4096, MAX_PAGES};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
#define SCALE_FROM 256u /* the scaling ratio: ns/page at the largest size / at this */

/* Direct-request commands the SP takes in x3 (the handle in x4). */
enum {
	CMD_CYCLE = 1,
	CMD_CYCLE_CHECK = 2, /* and check the memory holds what the normal world wrote */
	CMD_CYCLE_TIMED = 3, /* and say how long retrieve and relinquish took */
};
/* Its answer in x3: 0, or the step that failed; x4 = constituents it got;
 * for CMD_CYCLE_TIMED x5, x6 = nanoseconds retrieving (FFA_MEM_RETRIEVE_REQ
 * and, for a response in fragments, the FFA_RX_RELEASE + FFA_MEM_FRAG_RX
 * rounds fetching the rest) and in FFA_MEM_RELINQUISH; x7 = the response's
 * fragments. */
enum {
	SP_OK = 0,
	SP_ENCODE,
	SP_RETRIEVE,
	SP_FRAG_RX,
	SP_PARSE,
	SP_RELEASE,
	SP_CONTENTS,
	SP_RELINQUISH,
};
static const char *const sp_steps[] = {"ok", "encode retrieve request", "FFA_MEM_RETRIEVE_REQ",
				       "FFA_MEM_FRAG_RX", "parse retrieve response",
				       "FFA_RX_RELEASE", "memory contents", "FFA_MEM_RELINQUISH"};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the SP ---- */

/* Where the SP parses retrieve responses, and gathers one that comes in
 * fragments (it runs in this process: host memory stands for its own). */
struct sp_room {
	struct spmc_mem_access access[2];
	struct spmc_mem_range *ranges;
	uint32_t max_ranges;
	uint8_t *resp;
	size_t resp_cap;
};

/* Reads word 0 of constituent r through the SP's own mapping: the normal
 * world wrote the constituent's address there. */
static bool sp_sees_marker(const struct sim_env *env, const struct spmc_mem_range *r)
{
	return *(volatile uint64_t *)sim_env_ptr(env, r->addr) == r->addr;
}

static uint64_t ns_since(double t0)
{
	return (uint64_t)((now() - t0) * 1e9);
}

/*
 * Fetches the rest of a retrieve response whose first fragment (have bytes
 * of total) is in the RX buffer, into room->resp: FFA_RX_RELEASE, then
 * FFA_MEM_FRAG_RX at the bytes received so far, until all are in. The RX
 * buffer is released at the end. *frags counts the fragments.
 */
static uint64_t sp_gather(const struct sim_env *env, struct sp_room *room, uint64_t handle,
			  size_t total, size_t have, uint64_t *frags)
{
	const uint8_t *rx = sim_env_ptr(env, env->mem_base + SP_RX_OFF);
	struct ffa_value r;

	if (total > room->resp_cap)
		return SP_PARSE;
	memcpy(room->resp, rx, have);
	for (*frags = 1; have < total; ++*frags) {
		if ((uint32_t)ffa_rx_release(env->ffa_call).x[0] != FFA_SUCCESS_32)
			return SP_RELEASE;
		r = ffa_call8(env->ffa_call, FFA_MEM_FRAG_RX_32, (uint32_t)handle, handle >> 32, have,
			      0, 0, 0, 0);
		if ((uint32_t)r.x[0] != FFA_MEM_FRAG_TX_32 || r.x[1] != (uint32_t)handle ||
		    r.x[2] != handle >> 32 || r.x[3] == 0 || r.x[3] > total - have)
			return SP_FRAG_RX;
		memcpy(room->resp + have, rx, (size_t)r.x[3]);
		have += (size_t)r.x[3];
	}
	if ((uint32_t)ffa_rx_release(env->ffa_call).x[0] != FFA_SUCCESS_32)
		return SP_RELEASE;
	return SP_OK;
}

static uint64_t sp_cycle(const struct sim_env *env, struct sp_room *room, uint64_t handle,
			 uint64_t cmd, uint64_t out[4])
{
	uint8_t *tx = sim_env_ptr(env, env->mem_base + SP_TX_OFF);
	const uint8_t *rx = sim_env_ptr(env, env->mem_base + SP_RX_OFF);
	struct spmc_mem_access acc = {.id = env->id, .perms = FFA_MEM_DATA_RW};
	struct spmc_mem_desc d = {
		.version = SPMC_FFA_VERSION,
		.sender = FFA_ID_NWD_NO_HYP,
		.flags = FFA_MEM_TRANSACTION_SHARE << FFA_MEM_FLAG_TRANSACTION_TYPE_SHIFT,
		.handle = handle,
		.access = &acc,
		.access_count = 1,
	};
	struct spmc_mem_room pr = {room->access, 2, room->ranges, room->max_ranges};
	struct spmc_mem_desc resp;
	struct ffa_mem_relinquish *rel = (struct ffa_mem_relinquish *)(void *)tx;
	size_t written = 0, total = 0;
	struct ffa_value r;
	uint64_t status;
	double t0;

	if (spmc_mem_desc_encode_retrieve_req(&d, SPMC_FFA_VERSION, 0, tx, BUF_SIZE, &written,
					      &total) != 0)
		return SP_ENCODE;
	t0 = cmd == CMD_CYCLE_TIMED ? now() : 0;
	r = ffa_call8(env->ffa_call, FFA_MEM_RETRIEVE_REQ_64, total, written, 0, 0, 0, 0, 0);
	if ((uint32_t)r.x[0] != FFA_MEM_RETRIEVE_RESP_32 || r.x[2] == 0 || r.x[2] > r.x[1] ||
	    r.x[2] > BUF_SIZE)
		return SP_RETRIEVE;
	if (r.x[1] == r.x[2]) {
		/* Whole in the RX buffer: parsed where it is, then released. */
		out[1] = cmd == CMD_CYCLE_TIMED ? ns_since(t0) : 0;
		out[3] = 1;
		if (spmc_mem_desc_parse(rx, (uint32_t)r.x[1], SPMC_FFA_VERSION,
					SPMC_MEM_DESC_RETRIEVE_RESP, &pr, &resp) != 0)
			return SP_PARSE;
		if ((uint32_t)ffa_rx_release(env->ffa_call).x[0] != FFA_SUCCESS_32)
			return SP_RELEASE;
	} else {
		status = sp_gather(env, room, handle, (size_t)r.x[1], (size_t)r.x[2], &out[3]);
		out[1] = cmd == CMD_CYCLE_TIMED ? ns_since(t0) : 0;
		if (status != SP_OK)
			return status;
		if (spmc_mem_desc_parse(room->resp, (uint32_t)r.x[1], SPMC_FFA_VERSION,
					SPMC_MEM_DESC_RETRIEVE_RESP, &pr, &resp) != 0)
			return SP_PARSE;
	}
	out[0] = resp.range_count;
	if (cmd == CMD_CYCLE_CHECK && (!sp_sees_marker(env, &resp.ranges[0]) ||
		      !sp_sees_marker(env, &resp.ranges[resp.range_count - 1])))
		return SP_CONTENTS;
	rel->handle = handle;
	rel->flags = 0;
	rel->endpoint_count = 1;
	rel->endpoints[0] = env->id;
	t0 = cmd == CMD_CYCLE_TIMED ? now() : 0;
	r = ffa_call8(env->ffa_call, FFA_MEM_RELINQUISH_32, 0, 0, 0, 0, 0, 0, 0);
	out[2] = cmd == CMD_CYCLE_TIMED ? ns_since(t0) : 0;
	if ((uint32_t)r.x[0] != FFA_SUCCESS_32)
		return SP_RELINQUISH;
	return SP_OK;
}

static void mem_sp_main(const struct sim_env *env)
{
	struct sp_room *room = env->user;
	struct ffa_value r = ffa_rxtx_map(env->ffa_call, env->mem_base + SP_TX_OFF,
					  env->mem_base + SP_RX_OFF, BUF_PAGES);

	if ((uint32_t)r.x[0] != FFA_SUCCESS_32)
		return; /* an abort: the normal world's first request says so */
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		uint64_t status, out[4] = {0, 0, 0, 0};

		if (!ffa_is_direct_req(&r)) {
			r = ffa_msg_wait(env->ffa_call);
			continue;
		}
		status = sp_cycle(env, room, r.x[4], r.x[3], out);
		r = ffa_direct_resp(env->ffa_call, env->id, ffa_sender(r.x[1]), status, out[0],
				    out[1], out[2], out[3]);
	}
}

/* ---- the normal world ---- */

static struct sim *S;
static struct ffa_value call(struct ffa_value in) { return sim_call(S, in); }

/* The steps timed on their own; "all" is the whole cycle, so the rest of it
 * (the direct request's two hand-offs, the SP parsing the response and
 * releasing its RX buffer) is all minus the others. */
enum { STEP_SHARE, STEP_RETRIEVE, STEP_RELINQUISH, STEP_RECLAIM, STEP_ALL, NSTEPS };

struct mem_case {
	uint32_t pages;
	bool per_page;       /* one constituent per page, else one for all */
	size_t desc_bytes;   /* the share descriptor's length */
	uint32_t resp_frags; /* fragments of the SP's retrieve response */
	double rate[ROUNDS]; /* cycles (ops) per second, each round */
	uint64_t vcycles;    /* virtual CPU cycles per cycle (deterministic) */
	double step_ns[NSTEPS]; /* nanoseconds per cycle in each step */
};

/* The normal world's encoded descriptor of the current case, whole: the
 * source of its fragments when it does not fit the TX buffer. */
static uint8_t *nwd_desc;

static struct spmc_mem_desc share_desc(struct spmc_mem_access *acc, struct spmc_mem_range *r,
				       uint32_t nranges, uint64_t pages)
{
	*acc = (struct spmc_mem_access){.id = MEM_SP_ID, .perms = FFA_MEM_DATA_RW};
	return (struct spmc_mem_desc){
		.version = FFA_VERSION_1_1,
		.sender = FFA_ID_NWD_NO_HYP,
		.attributes = (FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) |
			      (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) |
			      FFA_MEM_INNER_SHAREABLE,
		.access = acc,
		.access_count = 1,
		.ranges = r,
		.range_count = nranges,
		.total_pages = pages,
	};
}

/* The case's constituents in r: how many. */
static uint32_t case_ranges(const struct mem_case *c, struct spmc_mem_range *r)
{
	if (!c->per_page) {
		r[0] = (struct spmc_mem_range){SHARED_BASE, c->pages};
		return 1;
	}
	for (uint32_t i = 0; i < c->pages; i++)
		r[i] = (struct spmc_mem_range){SHARED_BASE + 2 * i * PAGE, 1};
	return c->pages;
}

/* Bytes of the largest case's descriptor in `version`'s layout: the normal
 * world's (v1.1) or the SP's retrieve response (its own). */
static size_t largest_desc(struct spmc_mem_range *r, uint32_t version)
{
	struct mem_case c = {.pages = MAX_PAGES, .per_page = true};
	struct spmc_mem_access acc;
	struct spmc_mem_desc d = share_desc(&acc, r, case_ranges(&c, r), MAX_PAGES);

	return spmc_mem_desc_encoded_size(&d, version);
}

/* Encodes the case's share descriptor into nwd_desc, and into the normal
 * world's TX buffer when it fits there (it then stays: the SPMC never writes
 * the TX buffer); writes a marker into its first and last constituents.
 * The descriptor's length. */
static size_t prepare(const struct mem_case *c, struct spmc_mem_range *r, size_t cap)
{
	uint32_t n = case_ranges(c, r);
	struct spmc_mem_access acc;
	struct spmc_mem_desc d = share_desc(&acc, r, n, c->pages);
	size_t written = 0, total = 0;

	if (spmc_mem_desc_encode_send(&d, FFA_VERSION_1_1, 0, nwd_desc, cap, &written, &total) !=
		    0 ||
	    written != total)
		return 0;
	if (total <= BUF_SIZE)
		memcpy(sim_nwd_ptr(S, NWD_TX), nwd_desc, total);
	*(uint64_t *)sim_nwd_ptr(S, r[0].addr) = r[0].addr;
	*(uint64_t *)sim_nwd_ptr(S, r[n - 1].addr) = r[n - 1].addr;
	return total;
}

static uint32_t share_frags(const struct mem_case *c)
{
	return (uint32_t)((c->desc_bytes + BUF_SIZE - 1) / BUF_SIZE);
}

static bool ok_or_say(struct ffa_value r, uint32_t want, const char *what)
{
	if ((uint32_t)r.x[0] == want)
		return true;
	fprintf(stderr, "spmc-bench: %s failed: w0 0x%x, w2 %d\n", what, (uint32_t)r.x[0],
		(int32_t)r.x[2]);
	return false;
}

/*
 * FFA_MEM_SHARE of the prepared descriptor of len bytes: whole when it is in
 * the TX buffer, else its first buffer's worth with FFA_MEM_SHARE and the
 * rest with FFA_MEM_FRAG_TX, a fragment per FFA_MEM_FRAG_RX (which says how
 * many bytes the SPMC holds). The handle in *h.
 */
static bool share(size_t len, uint64_t *h)
{
	size_t off = len < BUF_SIZE ? len : BUF_SIZE, n;
	uint8_t *tx = sim_nwd_ptr(S, NWD_TX);
	const char *what = "FFA_MEM_SHARE";
	struct ffa_value r;
	uint64_t fh;

	if (off < len)
		memcpy(tx, nwd_desc, off);
	r = ffa_call8(call, FFA_MEM_SHARE_64, len, off, 0, 0, 0, 0, 0);
	while ((uint32_t)r.x[0] == FFA_MEM_FRAG_RX_32) {
		fh = (uint32_t)r.x[1] | (r.x[2] << 32);
		if (off == len || r.x[3] != off) {
			fprintf(stderr, "spmc-bench: FFA_MEM_FRAG_RX at %" PRIu64 " of %zu bytes,"
				" %zu sent\n", r.x[3], len, off);
			return false;
		}
		n = len - off < BUF_SIZE ? len - off : BUF_SIZE;
		memcpy(tx, nwd_desc + off, n);
		off += n;
		r = ffa_call8(call, FFA_MEM_FRAG_TX_32, (uint32_t)fh, fh >> 32, n, 0, 0, 0, 0);
		what = "FFA_MEM_FRAG_TX";
	}
	if (!ok_or_say(r, FFA_SUCCESS_32, what))
		return false;
	if (off != len) {
		fprintf(stderr, "spmc-bench: FFA_MEM_SHARE succeeded with %zu of %zu bytes\n", off,
			len);
		return false;
	}
	*h = (uint32_t)r.x[2] | (r.x[3] << 32);
	return true;
}

/* One share -> retrieve -> relinquish -> reclaim cycle of prepared case c;
 * with CMD_CYCLE_TIMED, adds each step's nanoseconds to step[]. */
static bool one_cycle(struct mem_case *c, uint64_t cmd, double step[NSTEPS])
{
	uint32_t nranges = c->per_page ? c->pages : 1;
	bool timed = cmd == CMD_CYCLE_TIMED;
	double t0 = timed ? now() : 0, t1 = t0;
	struct ffa_value r;
	uint64_t h = 0;
	bool ok = share(c->desc_bytes, &h);

	if (timed)
		step[STEP_SHARE] += (double)ns_since(t0);
	if (!ok)
		return false;
	r = ffa_direct_req(call, 0, MEM_SP_ID, cmd, h, 0, 0, 0);
	if (!ok_or_say(r, FFA_MSG_SEND_DIRECT_RESP_64, "direct request to the SP"))
		return false;
	if (r.x[3] != SP_OK || r.x[4] != nranges) {
		fprintf(stderr, "spmc-bench: SP: %s failed (%" PRIu64 " of %u constituents)\n",
			r.x[3] < sizeof(sp_steps) / sizeof(sp_steps[0]) ? sp_steps[r.x[3]] : "?",
			r.x[4], nranges);
		return false;
	}
	c->resp_frags = (uint32_t)r.x[7];
	if (timed) {
		step[STEP_RETRIEVE] += (double)r.x[5];
		step[STEP_RELINQUISH] += (double)r.x[6];
		t1 = now();
	}
	ok = ok_or_say(ffa_call8(call, FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0, 0, 0, 0, 0),
		       FFA_SUCCESS_32, "FFA_MEM_RECLAIM");
	if (timed) {
		step[STEP_RECLAIM] += (double)ns_since(t1);
		step[STEP_ALL] += (double)ns_since(t0);
	}
	return ok;
}

/* Runs case c for CASE_SECONDS (at least MIN_CYCLES) into c->rate[round]. */
static bool measure(struct mem_case *c, struct spmc_mem_range *r, size_t cap, int round)
{
	uint64_t c0, cycles = 0;
	double t0, t;

	c->desc_bytes = prepare(c, r, cap);
	if (!c->desc_bytes)
		return false;
	/* The first time: the SP checks it sees what the normal world wrote. */
	if (round == 0 && !one_cycle(c, CMD_CYCLE_CHECK, NULL))
		return false;
	c0 = sim_cycles(S, 0);
	t0 = now();
	do {
		if (!one_cycle(c, CMD_CYCLE, NULL))
			return false;
		cycles++;
		t = now() - t0;
	} while (t < CASE_SECONDS || cycles < MIN_CYCLES);
	c->rate[round] = (double)cycles / t;
	c->vcycles = (sim_cycles(S, 0) - c0) / cycles;
	return true;
}

/* The step-by-step pass into c->step_ns: a third of a round's time, at least
 * one cycle. */
static bool time_steps(struct mem_case *c, struct spmc_mem_range *r, size_t cap)
{
	double t0 = now();
	uint64_t cycles = 0;

	c->desc_bytes = prepare(c, r, cap);
	if (!c->desc_bytes)
		return false;
	memset(c->step_ns, 0, sizeof(c->step_ns));
	do {
		if (!one_cycle(c, CMD_CYCLE_TIMED, c->step_ns))
			return false;
		cycles++;
	} while (now() - t0 < CASE_SECONDS / 3);
	for (int i = 0; i < NSTEPS; i++)
		c->step_ns[i] /= (double)cycles;
	return true;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_rate(const struct mem_case *c)
{
	double v[ROUNDS];

	memcpy(v, c->rate, sizeof(v));
	qsort(v, ROUNDS, sizeof(double), cmp_double);
	return v[ROUNDS / 2];
}

static double ns_per_page(const struct mem_case *c)
{
	return 1e9 / median_rate(c) / c->pages;
}

static const char *shape_name(const struct mem_case *c)
{
	return c->per_page ? "per page" : "one";
}

static void print_case(const struct mem_case *c)
{
	double rate = median_rate(c);
	char frags[24];

	snprintf(frags, sizeof(frags), "%u/%u", share_frags(c), c->resp_frags);
	printf("  %6u  %-8s %10.0f %10.1f %9.1f %12" PRIu64 " %10zu %6s\n", c->pages,
	       shape_name(c), rate, 1e6 / rate, ns_per_page(c), c->vcycles, c->desc_bytes, frags);
}

/* Where one op's time goes, in percent of the whole. */
static void print_steps(const struct mem_case *c)
{
	const double *t = c->step_ns;
	double all = t[STEP_ALL] > 0 ? t[STEP_ALL] : 1;
	double rest = t[STEP_ALL] - t[STEP_SHARE] - t[STEP_RETRIEVE] - t[STEP_RELINQUISH] -
		      t[STEP_RECLAIM];

	printf("  %6u  %-8s %10.1f %7.0f%% %8.0f%% %10.0f%% %7.0f%% %6.0f%%\n", c->pages,
	       shape_name(c), t[STEP_ALL] / 1e3, 100 * t[STEP_SHARE] / all,
	       100 * t[STEP_RETRIEVE] / all, 100 * t[STEP_RELINQUISH] / all,
	       100 * t[STEP_RECLAIM] / all, 100 * (rest > 0 ? rest : 0) / all);
}

static const struct mem_case *find(const struct mem_case *cases, size_t n, uint32_t pages,
				   bool per_page)
{
	for (size_t i = 0; i < n; i++)
		if (cases[i].pages == pages && cases[i].per_page == per_page)
			return &cases[i];
	return NULL;
}

static void print_scaling(const struct mem_case *cases, size_t n, bool per_page)
{
	const struct mem_case *base = find(cases, n, SCALE_FROM, per_page);
	const struct mem_case *top = find(cases, n, MAX_PAGES, per_page);
	char what[64];
	double ratio;

	if (!base || !top)
		return;
	ratio = ns_per_page(top) / ns_per_page(base);
	snprintf(what, sizeof(what), "%s, %u / %u pages:",
		 per_page ? "one constituent per page" : "one constituent", MAX_PAGES, SCALE_FROM);
	printf("  %-46s %6.2f  (target <= 2.0: %s)\n", what, ratio, ratio <= 2.0 ? "met" : "NOT met");
}

static bool boot(struct sp_room *room)
{
	static struct sim_sp sp = {
		.name = "mem-bench", .id = MEM_SP_ID, .ec_count = 1,
		.properties = FFA_PROP_DIRECT_REQ_RECV, .mem_pages = SP_PAGES,
		.entry = mem_sp_main,
	};
	struct sim_config cfg = {.cpus = 1, .ns_dram_size = NS_DRAM_SIZE,
				 .rxtx_max_pages = BUF_PAGES, .mem_max_ranges = MEM_MAX_RANGES,
				 .sps = &sp, .sp_count = 1};
	char err[128];

	sp.user = room;
	S = sim_create(&cfg, err, sizeof(err));
	if (!S || sim_start(S) != 0) {
		fprintf(stderr, "spmc-bench: memory: %s\n", S ? "boot failed" : err);
		return false;
	}
	return ok_or_say(ffa_version(call, FFA_VERSION_1_1), SPMC_FFA_VERSION, "FFA_VERSION") &&
	       ok_or_say(ffa_rxtx_map(call, NWD_TX, NWD_RX, BUF_PAGES), FFA_SUCCESS_32,
			 "FFA_RXTX_MAP");
}

int bench_mem_cycle(void)
{
	struct mem_case cases[2 * NSIZES];
	struct sp_room room = {.max_ranges = MAX_PAGES};
	struct spmc_mem_range *r = malloc(MAX_PAGES * sizeof(*r));
	size_t n = 0, cap = 0;
	int rc = -1;

	room.ranges = malloc(MAX_PAGES * sizeof(*room.ranges));
	if (!r || !room.ranges)
		goto out;
	cap = largest_desc(r, FFA_VERSION_1_1);
	room.resp_cap = largest_desc(r, SPMC_FFA_VERSION);
	nwd_desc = cap ? malloc(cap) : NULL;
	room.resp = room.resp_cap ? malloc(room.resp_cap) : NULL;
	if (!nwd_desc || !room.resp || !boot(&room))
		goto out;
	for (size_t i = 0; i < NSIZES; i++) {
		cases[n++] = (struct mem_case){.pages = sizes[i]};
		cases[n++] = (struct mem_case){.pages = sizes[i], .per_page = true};
	}
	for (int round = 0; round <= ROUNDS; round++) {
		for (size_t i = 0; i < n; i++) {
			struct mem_case *c = &cases[i];

			if (!(round < ROUNDS ? measure(c, r, cap, round) : time_steps(c, r, cap))) {
				fprintf(stderr, "spmc-bench: memory: %u pages, %s\n", c->pages,
					c->per_page ? "one constituent per page" : "one constituent");
				goto out;
			}
		}
	}

	printf("\nmemory: one op = FFA_MEM_SHARE (NWd) -> FFA_MEM_RETRIEVE_REQ (SP, mapped) ->\n"
	       "  FFA_MEM_RELINQUISH (SP) -> FFA_MEM_RECLAIM (NWd), NS DRAM, 1 CPU; median of %d\n"
	       "  rounds of %.1f s per case; constituents one for all pages, or one per page with\n"
	       "  pages 2 apart; RX/TX buffers %u pages (the most FFA_RXTX_MAP names); frags =\n"
	       "  fragments of the share descriptor (FFA_MEM_FRAG_TX) / of the retrieve response\n"
	       "  (FFA_MEM_FRAG_RX)\n",
	       ROUNDS, CASE_SECONDS, BUF_PAGES);
	printf("   pages  shape         ops/s      us/op   ns/page  virt cyc/op desc bytes  frags\n");
	for (size_t i = 0; i < n; i++)
		print_case(&cases[i]);
	printf("scaling, ns/page at the larger count / ns/page at the smaller:\n");
	print_scaling(cases, n, false);
	print_scaling(cases, n, true);
	printf("where an op's time goes (a separate pass timing each call; share and retrieve\n"
	       "include their fragment rounds; rest = the direct request's two hand-offs, the SP\n"
	       "building its request, parsing the response and releasing its RX buffer):\n");
	printf("   pages  shape         us/op    share  retrieve  relinquish  reclaim   rest\n");
	for (size_t i = 0; i < n; i++)
		print_steps(&cases[i]);
	rc = 0;
out:
	if (S)
		sim_destroy(S);
	S = NULL;
	free(room.resp);
	free(nwd_desc);
	nwd_desc = NULL;
	free(room.ranges);
	free(r);
	return rc;
}
