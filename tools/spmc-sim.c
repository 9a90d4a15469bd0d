/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spmc-sim: the default simulation (`make run`). Boots the SPMC with the echo
 * and key-value SPs — from a FIP and an SPMC manifest, from embedded SP
 * packages, or registered in-process — has the normal world probe them the way
 * the Linux FF-A driver does, runs a workload of direct requests, and prints
 * the decoded trace of the first calls and a summary.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ffa/ffa.h>

#include "example_sps.h"
#include "hal.h"
#include "mem/mem_desc.h"
#include "image.h"
#include "nwd_probe.h"
#include "profiles/profiles.h"
#include "run/run.h"
#include "sim.h"

#define ECHO_ID 0x8001
#define KV_ID 0x8002

static struct sim *S;

static struct ffa_value call(struct ffa_value in)
{
	return sim_call(S, in);
}

static void die(const char *what, const struct ffa_value *r)
{
	const char *e = ffa_error_name(ffa_error_code(r));

	fprintf(stderr, "spmc-sim: %s failed: %s\n", what, ffa_is_error(r) && e ? e : "unexpected");
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* What the Linux FF-A driver does at probe. */
static void probe(void)
{
	const struct sim_env *env = sim_nwd_env(S);
	const uint32_t nil[4] = {0, 0, 0, 0};
	uint64_t tx = SIM_NS_DRAM_BASE, rx = SIM_NS_DRAM_BASE + FFA_PAGE_SIZE;
	struct ffa_value r;

	r = ffa_version(call, FFA_VERSION_1_2);
	if ((int32_t)r.x[0] < 0)
		die("FFA_VERSION", &r);
	r = ffa_id_get(call);
	if (!ffa_is_success(&r))
		die("FFA_ID_GET", &r);
	r = ffa_features(call, FFA_RXTX_MAP_64);
	if (!ffa_is_success(&r))
		die("FFA_FEATURES(RXTX_MAP_64)", &r);
	ffa_features(call, FFA_MSG_SEND_DIRECT_REQ2_64);
	ffa_features(call, FFA_FEATURE_NPI); /* not implemented: NOT_SUPPORTED */
	r = ffa_rxtx_map(call, tx, rx, 1);
	if (!ffa_is_success(&r))
		die("FFA_RXTX_MAP", &r);
	r = ffa_partition_info_get(call, nil, 0);
	if (!ffa_is_success(&r))
		die("FFA_PARTITION_INFO_GET", &r);
	printf("partitions (%" PRIu64 ", descriptor size %" PRIu64 "):\n", r.x[2], r.x[3]);
	for (uint64_t i = 0; i < r.x[2]; i++) {
		const struct ffa_partition_info_v1_1 *d =
			(const void *)(sim_env_ptr(env, rx) + i * r.x[3]);
		printf("  0x%04x  contexts %u  properties 0x%03x  uuid %08x-%08x-%08x-%08x\n", d->id,
		       d->exec_ctx_count, d->properties, d->uuid[0], d->uuid[1], d->uuid[2],
		       d->uuid[3]);
	}
	r = ffa_rx_release(call);
	if (!ffa_is_success(&r))
		die("FFA_RX_RELEASE", &r);
}

static void check_resp(const struct ffa_value *r, uint64_t want3, uint64_t want4, const char *what)
{
	if ((uint32_t)r->x[0] != FFA_MSG_SEND_DIRECT_RESP_64 || r->x[3] != want3 ||
	    r->x[4] != want4)
		die(what, r);
}

/* The workload: echo round trips and key-value operations, checked. */
static void workload(unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct ffa_value r;

		switch (i % 4) {
		case 0:
			r = ffa_direct_req(call, 0, ECHO_ID, i, i * 3, 0, 0, 7);
			check_resp(&r, i, i * 3, "echo");
			break;
		case 1:
			r = ffa_direct_req(call, 0, KV_ID, KV_PUT, i % 200, i, 0, 0);
			check_resp(&r, KV_OK, 0, "kv put");
			break;
		case 2:
			r = ffa_direct_req(call, 0, KV_ID, KV_GET, (i - 1) % 200, 0, 0, 0);
			check_resp(&r, KV_OK, i - 1, "kv get");
			break;
		default:
			r = ffa_direct_req(call, 0, KV_ID, KV_PING_PEER, i, 0, 0, 0);
			check_resp(&r, KV_OK, i, "kv -> echo");
			break;
		}
	}
}

/*
 * The OP-TEE "cookie" flow: the normal world shares a page of its memory
 * (FFA_MEM_SHARE) and gets a handle, passes the handle to the key-value SP in
 * a direct request; the SP retrieves the memory, uses it, relinquishes it and
 * answers; the normal world sees the SP's write and reclaims. Then the same
 * with FFA_MEM_LEND, during which the normal world has no access to the page.
 * Returns the virtual cycles of the share flow.
 */
#define COOKIE_PA (SIM_NS_DRAM_BASE + 0x100000)

static uint64_t send_page(uint32_t func, uint64_t key)
{
	uint8_t *tx = sim_nwd_ptr(S, SIM_NS_DRAM_BASE);
	struct kv_shm *m = sim_nwd_ptr(S, COOKIE_PA);
	struct spmc_mem_access acc = {.id = KV_ID, .perms = FFA_MEM_DATA_RW};
	struct spmc_mem_range rng = {COOKIE_PA, 1};
	struct spmc_mem_desc d = {
		.version = FFA_VERSION_1_2, .sender = 0, .access = &acc, .access_count = 1,
		.ranges = &rng, .range_count = 1, .total_pages = 1,
	};
	size_t written = 0, total = 0;
	struct ffa_value r;

	/* Written before the send: a lend takes the page away. */
	*m = (struct kv_shm){.key = key, .value = key * 3 + 1, .ack = 0};
	if (func == FFA_MEM_SHARE_64)
		d.attributes = (FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) |
			       (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) |
			       FFA_MEM_INNER_SHAREABLE;
	if (spmc_mem_desc_encode_send(&d, FFA_VERSION_1_2, 0, tx, FFA_PAGE_SIZE, &written,
				      &total) != 0) {
		fprintf(stderr, "spmc-sim: cannot encode the memory descriptor\n");
		exit(1);
	}
	r = call((struct ffa_value){{func, total, written}});
	if (!ffa_is_success(&r))
		die(func == FFA_MEM_SHARE_64 ? "FFA_MEM_SHARE" : "FFA_MEM_LEND", &r);
	return (uint32_t)r.x[2] | (r.x[3] << 32);
}

static uint64_t cookie_flow(void)
{
	struct kv_shm *m = sim_nwd_ptr(S, COOKIE_PA);
	uint64_t c0 = sim_cycles(S, 0), cycles = 0;

	static const uint32_t funcs[] = {FFA_MEM_SHARE_64, FFA_MEM_LEND_64};

	for (unsigned i = 0; i < 2; i++) {
		uint32_t func = funcs[i];
		uint64_t key = 1000 + (func == FFA_MEM_LEND_64), h = send_page(func, key);
		struct ffa_value r = ffa_direct_req(call, 0, KV_ID, KV_PUT_SHM, h, 0, 0, 0);

		check_resp(&r, KV_OK, COOKIE_PA, "kv put from shared memory");
		r = call((struct ffa_value){{FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0}});
		if (!ffa_is_success(&r))
			die("FFA_MEM_RECLAIM", &r);
		if (sim_nwd_access(S, COOKIE_PA) != (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X) ||
		    m->ack != KV_SHM_ACK(key, key * 3 + 1)) {
			fprintf(stderr, "spmc-sim: the SP's write to shared memory is missing\n");
			exit(1);
		}
		r = ffa_direct_req(call, 0, KV_ID, KV_GET, key, 0, 0, 0);
		check_resp(&r, KV_OK, key * 3 + 1, "kv get of the shared pair");
		if (func == FFA_MEM_SHARE_64)
			cycles = sim_cycles(S, 0) - c0;
	}
	return cycles;
}

/* A normal-world program for a secondary CPU: echo requests to the MP echo
 * SP, which serves each CPU with that CPU's own execution context. */
static void parallel_nwd(const struct sim_env *env)
{
	unsigned n = *(const unsigned *)env->user;

	for (unsigned i = 0; i < n; i++) {
		struct ffa_value r = ffa_direct_req(env->ffa_call, 0, ECHO_ID, env->ec_index, i, 0,
						    0, 0);

		check_resp(&r, env->ec_index, i, "parallel echo");
	}
}

static void *slurp(const char *path, size_t *size);

/* The normal world as an image, run on CPU 0 (this thread), then its report. */
static int run_nwd_image(const char *path, unsigned show)
{
	const struct sim_env *env = sim_nwd_env(S);
	size_t size;
	void *bytes = slurp(path, &size);
	char err[256];
	struct sim_image *img = sim_image_load(bytes, size, "nwd", err, sizeof(err));
	struct nwd_probe_report rep;

	if (!img) {
		fprintf(stderr, "spmc-sim: %s: %s\n", path, err);
		return 1;
	}
	sim_image_entry(img)(env);
	/* The report lives in the normal world's memory, gone with the simulator. */
	memcpy(&rep, sim_env_ptr(env, env->mem_base), sizeof(rep));
	if (show) {
		printf("\ntrace (first %u events):\n", show);
		sim_trace_print(sim_trace(S), stdout, 0, show);
	}
	if (rep.magic == NWD_PROBE_MAGIC)
		printf("\nnormal-world image %s: FF-A version 0x%x, %u partitions, %u answered\n",
		       path, rep.version, rep.partitions, rep.answered);
	else
		printf("\nnormal-world image %s ran (no probe report)\n", path);
	printf("cpu0: %" PRIu64 " virtual cycles\n", sim_cycles(S, 0));
	sim_destroy(S);
	sim_image_unload(img);
	free(bytes);
	return rep.magic == NWD_PROBE_MAGIC && !rep.done;
}

static void usage(void)
{
	printf("usage: spmc-sim [--requests N] [--cpus N] [--profile juno-a53|juno-a57|n1sdp]\n"
	       "                [--placement sel2|sel1|el3] [--trace N] [--quiet]\n"
	       "                [--spmc-manifest DTB (--fip FIP [--bl2-config DTB] |\n"
	       "                                      --embedded PKG ...)]\n"
	       "                [--nwd-image SO]  run this normal-world image instead of the\n"
	       "                                  built-in probe and workload\n"
	       "Without --spmc-manifest the example SPs are registered in-process. The\n"
	       "workload expects the echo SP at 0x8001 and the key-value SP at 0x8002.\n");
}

/* Reads a whole file; exits with a message naming it on failure. */
static void *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		perror(path);
		exit(1);
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			buf = realloc(buf, cap);
			if (!buf) {
				fprintf(stderr, "%s: out of memory\n", path);
				exit(1);
			}
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		if (!got)
			break;
		n += got;
	}
	if (ferror(f)) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*size = n;
	return buf;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"requests", required_argument, 0, 'n'}, {"cpus", required_argument, 0, 'c'},
		{"profile", required_argument, 0, 'p'},  {"placement", required_argument, 0, 'P'},
		{"trace", required_argument, 0, 't'},    {"quiet", no_argument, 0, 'q'},
		{"help", no_argument, 0, 'h'},           {"spmc-manifest", required_argument, 0, 'M'},
		{"fip", required_argument, 0, 'F'},      {"bl2-config", required_argument, 0, 'B'},
		{"embedded", required_argument, 0, 'E'}, {"nwd-image", required_argument, 0, 'N'},
		{0, 0, 0, 0},
	};
	const char *nwd_path = NULL;
	const char *manifest_path = NULL, *fip_path = NULL, *bl2_path = NULL;
	const char *embedded_paths[64];
	unsigned nembedded = 0;
	unsigned requests = 20000, cpus = 4, show = 40;
	const char *profile = "juno-a57";
	enum sim_placement placement = SIM_SPMC_SEL2;
	int o;
	char err[200];

	while ((o = getopt_long(argc, argv, "n:c:p:P:t:qh", opts, NULL)) != -1) {
		switch (o) {
		case 'n': requests = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'c': cpus = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'p': profile = optarg; break;
		case 'P':
			placement = !strcmp(optarg, "sel1") ? SIM_SPMC_SEL1
				    : !strcmp(optarg, "el3") ? SIM_SPMC_EL3 : SIM_SPMC_SEL2;
			break;
		case 't': show = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'q': show = 0; break;
		case 'M': manifest_path = optarg; break;
		case 'N': nwd_path = optarg; break;
		case 'F': fip_path = optarg; break;
		case 'B': bl2_path = optarg; break;
		case 'E':
			if (nembedded == 64) {
				fprintf(stderr, "spmc-sim: at most 64 --embedded packages\n");
				return 2;
			}
			embedded_paths[nembedded++] = optarg;
			break;
		default: usage(); return o == 'h' ? 0 : 2;
		}
	}

	const struct sim_sp sps[] = {
		{.name = "echo", .id = ECHO_ID, .uuid = ECHO_SP_UUID, .ec_count = (uint16_t)cpus,
		 .properties = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ2_RECV, .boot_order = 1,
		 .entry = echo_sp_main},
		{.name = "kv-store", .id = KV_ID, .uuid = KV_SP_UUID, .ec_count = 1,
		 .properties = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND, .boot_order = 2,
		 .entry = kv_sp_main},
	};
	struct sim_config cfg = {
		.cpus = cpus, .profile = profile, .placement = placement,
		.trace_capacity = show ? 4096 : 0, .sps = sps, .sp_count = 2,
	};

	struct sim_pkg embedded[64];
	if (manifest_path) {
		cfg.sps = NULL;
		cfg.sp_count = 0;
		cfg.spmc_manifest = slurp(manifest_path, &cfg.spmc_manifest_size);
		if (fip_path)
			cfg.fip = slurp(fip_path, &cfg.fip_size);
		if (bl2_path)
			cfg.bl2_config = slurp(bl2_path, &cfg.bl2_config_size);
		for (unsigned i = 0; i < nembedded; i++)
			embedded[i].data = slurp(embedded_paths[i], &embedded[i].size);
		cfg.embedded = nembedded ? embedded : NULL;
		cfg.embedded_count = nembedded;
		if (!fip_path && !nembedded) {
			fprintf(stderr, "spmc-sim: --spmc-manifest needs --fip or --embedded\n");
			return 2;
		}
	} else if (fip_path || nembedded || bl2_path) {
		fprintf(stderr, "spmc-sim: --fip, --bl2-config and --embedded need --spmc-manifest\n");
		return 2;
	}

	S = sim_create(&cfg, err, sizeof(err));
	if (!S) {
		fprintf(stderr, "spmc-sim: %s\n", err);
		return 1;
	}
	if (manifest_path)
		printf("booted from %s: %u partitions loaded, %u left out\n",
		       fip_path ? "a FIP" : "embedded SP packages", sim_partitions_loaded(S),
		       sim_partitions_failed(S));
	printf("libspmc simulator: %u CPUs, profile %s, SPMC at %s\n", cpus, profile,
	       placement == SIM_SPMC_SEL1 ? "S-EL1" : placement == SIM_SPMC_EL3 ? "EL3" : "S-EL2");
	if (sim_start(S) != 0)
		return 1;
	uint64_t boot_cycles = sim_cycles(S, 0);
	const struct sim_cost_profile *prof = sim_profile_find(profile);
	if (nwd_path)
		return run_nwd_image(nwd_path, show);
	probe();

	/* One measured round trip, then the workload. */
	uint64_t c0 = sim_cycles(S, 0);
	struct ffa_value r = ffa_direct_req(call, 0, ECHO_ID, 1, 2, 3, 4, 5);
	uint64_t rt_cycles = sim_cycles(S, 0) - c0;
	check_resp(&r, 1, 2, "echo round trip");
	uint64_t cookie_cycles = cookie_flow();

	double t0 = now();
	c0 = sim_cycles(S, 0);
	workload(requests);
	double secs = now() - t0;
	uint64_t work_cycles = sim_cycles(S, 0) - c0;

	/* Every secondary CPU runs its own normal-world program at once. */
	unsigned per_cpu = requests / 10;
	for (unsigned c = 1; c < cpus; c++)
		sim_run_nwd(S, c, parallel_nwd, &per_cpu);
	sim_wait_idle(S);

	if (show) {
		const struct sim_trace *t = sim_trace(S);

		printf("\ntrace (first %u of %zu events; cpu, virtual cycle, caller call => callee "
		       "result):\n", show, t->count);
		sim_trace_print(t, stdout, 0, show);
	}

	printf("\nsummary\n  calls per ABI:\n");
	for (unsigned w = 0; w < 2; w++)
		for (unsigned fn = 0x60; fn < 0x100; fn++) {
			uint32_t id = w ? FFA_SMC64(fn) : FFA_SMC32(fn);
			uint64_t n = sim_calls(S, id);
			const char *name = ffa_func_name(id);

			if (n)
				printf("    %-32s %10" PRIu64 "\n", name ? name : "?", n);
		}
	printf("  boot: %" PRIu64 " virtual cycles on cpu0\n", boot_cycles);
	printf("  direct-request round trip (NWd -> echo SP -> NWd): %" PRIu64 " virtual cycles"
	       " (%.2f us at %u MHz)\n", rt_cycles, rt_cycles / (double)prof->mhz, prof->mhz);
	printf("  memory sharing (share a page -> kv SP retrieves, uses, relinquishes -> reclaim;"
	       " then the same lent): %" PRIu64 " virtual cycles for the share\n", cookie_cycles);
	printf("  workload: %u requests, %" PRIu64 " virtual cycles, %.1f cycles/request\n",
	       requests, work_cycles, requests ? (double)work_cycles / requests : 0.0);
	if (cpus > 1)
		printf("  parallel phase: cpus 1..%u each sent %u echo requests\n", cpus - 1, per_cpu);
	for (unsigned c = 0; c < sim_cpu_count(S); c++)
		printf("  cpu%u: %" PRIu64 " virtual cycles%s\n", c, sim_cycles(S, c),
		       c == 0 ? " (boot, probe, workload)" : "");
	printf("  host: %.0f round trips/s (wall clock; varies by machine)\n",
	       secs > 0 ? requests / secs : 0.0);
	sim_destroy(S);
	S = NULL;

	/* Interrupts, then what each SPMC placement costs. */
	if (!run_interrupt_scenario(profile, show ? 60 : 0) || !run_placement_comparison(profile))
		return 1;
	return 0;
}
