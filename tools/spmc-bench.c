/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spmc-bench (`make bench`): direct-request round trips per second through the
 * simulator, and in the same run the physical limit it is compared against: a
 * raw two-thread pthread ping-pong on one host core using the same hand-off
 * primitive (a semaphore per thread). Rounds alternate between the two so both
 * see the same machine conditions; the median round of each is reported.
 * With SPMC_BENCH_QEMU set (make bench sets it), the same workload on the
 * aarch64 SPMC under QEMU in the same run (bench/qemu_rt.c), and the
 * simulator/QEMU ratio. Then the time to boot 64 SPs from a FIP, notification
 * round trips (bench/notif_cycle.c) and the memory-sharing cycle
 * (bench/mem_cycle.c).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ffa/ffa.h>

#include "bench/mem_cycle.h"
#include "bench/notif_cycle.h"
#include "bench/qemu_rt.h"
#include "example_sps.h"
#include "lib/fwgen.h"
#include "sim.h"

#define ROUNDS 5

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int first_cpu(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return -1;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			return c;
	return -1;
}

static void pin_to(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* ---- raw ping-pong ---- */

struct pp {
	sem_t ping, pong;
	unsigned n;
	int cpu;
};

static void *ponger(void *arg)
{
	struct pp *p = arg;

	pin_to(p->cpu);
	for (unsigned i = 0; i < p->n; i++) {
		sem_wait(&p->ping);
		sem_post(&p->pong);
	}
	return NULL;
}

static double raw_pingpong(unsigned n, int cpu)
{
	struct pp p = {.n = n, .cpu = cpu};
	pthread_t th;
	double t0, t;
	cpu_set_t saved;

	sched_getaffinity(0, sizeof(saved), &saved);
	sem_init(&p.ping, 0, 0);
	sem_init(&p.pong, 0, 0);
	pin_to(cpu);
	pthread_create(&th, NULL, ponger, &p);
	t0 = now();
	for (unsigned i = 0; i < n; i++) {
		sem_post(&p.ping);
		sem_wait(&p.pong);
	}
	t = now() - t0;
	pthread_join(th, NULL);
	sem_destroy(&p.ping);
	sem_destroy(&p.pong);
	sched_setaffinity(0, sizeof(saved), &saved);
	return n / t;
}

/* ---- the simulator ---- */

static struct sim *S;
static struct ffa_value call(struct ffa_value in) { return sim_call(S, in); }

static double sim_round_trips(unsigned n, uint64_t *cycles_per_rt)
{
	static const struct sim_sp sps[] = {
		{.name = "echo", .id = 0x8001, .uuid = ECHO_SP_UUID, .ec_count = 1,
		 .properties = FFA_PROP_DIRECT_REQ_RECV, .entry = echo_sp_main},
	};
	struct sim_config cfg = {.cpus = 1, .sps = sps, .sp_count = 1};
	char err[128];
	double t0, t;
	uint64_t c0;

	S = sim_create(&cfg, err, sizeof(err));
	if (!S || sim_start(S) != 0) {
		fprintf(stderr, "spmc-bench: %s\n", S ? "boot failed" : err);
		exit(1);
	}
	c0 = sim_cycles(S, 0);
	t0 = now();
	for (unsigned i = 0; i < n; i++) {
		struct ffa_value r = ffa_direct_req(call, 0, 0x8001, i, 0, 0, 0, 0);

		if ((uint32_t)r.x[0] != FFA_MSG_SEND_DIRECT_RESP_64 || r.x[3] != i) {
			fprintf(stderr, "spmc-bench: wrong response at %u\n", i);
			exit(1);
		}
	}
	t = now() - t0;
	*cycles_per_rt = (sim_cycles(S, 0) - c0) / n;
	sim_destroy(S);
	return n / t;
}

/* ---- booting many SPs from a FIP ---- */

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    !(buf = malloc((size_t)n)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "spmc-bench: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* Milliseconds from sim_create to every SP initialised (BL2 placing the
 * packages, the SPMC loading them, each SP running to its FFA_MSG_WAIT). */
static double boot_from_fip(const struct fwgen *g, unsigned n)
{
	struct sim_config cfg = {.cpus = 4, .spmc_manifest = g->spmc_manifest,
				 .spmc_manifest_size = g->spmc_manifest_size, .fip = g->fip,
				 .fip_size = g->fip_size};
	char err[256];
	double t0 = now(), t;

	S = sim_create(&cfg, err, sizeof(err));
	if (!S || sim_start(S) != 0) {
		fprintf(stderr, "spmc-bench: FIP boot failed: %s\n", S ? "start" : err);
		exit(1);
	}
	t = now() - t0;
	if (sim_partitions_loaded(S) != n ||
	    (uint32_t)ffa_direct_req(call, 0, (ffa_id_t)(0x8000 + n), 1, 0, 0, 0, 0).x[0] !=
		    FFA_MSG_SEND_DIRECT_RESP_64) {
		fprintf(stderr, "spmc-bench: only %u of %u SPs booted\n", sim_partitions_loaded(S), n);
		exit(1);
	}
	sim_destroy(S);
	return t * 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 100000;
	double raw[ROUNDS], sim[ROUNDS];
	uint64_t cyc = 0;
	int cpu = first_cpu();

	printf("spmc-bench: %u round trips per round, %d rounds, host core %d\n", n, ROUNDS, cpu);
	raw_pingpong(n / 10, cpu); /* warm up */
	sim_round_trips(n / 10, &cyc);
	for (int r = 0; r < ROUNDS; r++) {
		raw[r] = raw_pingpong(n, cpu);
		sim[r] = sim_round_trips(n, &cyc);
		printf("  round %d: raw ping-pong %9.0f rt/s   simulator %9.0f rt/s\n", r + 1, raw[r],
		       sim[r]);
	}
	qsort(raw, ROUNDS, sizeof(double), cmp);
	qsort(sim, ROUNDS, sizeof(double), cmp);
	printf("raw pthread ping-pong (same core):      %9.0f round trips/s (median)\n",
	       raw[ROUNDS / 2]);
	printf("simulator NWd -> echo SP -> NWd:        %9.0f round trips/s (median)\n",
	       sim[ROUNDS / 2]);
	printf("ratio simulator / raw:                  %9.2f\n", sim[ROUNDS / 2] / raw[ROUNDS / 2]);
	printf("virtual cycles per round trip (juno-a57, S-EL2): %" PRIu64 "\n", cyc);
	if (getenv("SPMC_BENCH_QEMU")) {
		/* QEMU runs after the rounds, on a quiet machine as they did. */
		double q = bench_qemu_round_trips(getenv("SPMC_BENCH_QEMU"));

		if (q < 0)
			return 1;
		printf("QEMU, aarch64 SPMC at S-EL2 (TCG):       %9.0f round trips/s\n", q);
		printf("ratio simulator / QEMU:                 %9.2f\n", sim[ROUNDS / 2] / q);
	}

	/* Boot time: 64 SPs from a FIP (each its own image namespace). */
	const unsigned nsp = 64;
	size_t img_size;
	void *img = read_file(SP_IMAGE_DIR "/echo_sp.so", &img_size);
	struct fwgen g;
	double boot[ROUNDS];

	if (fwgen_build(&g, nsp, img, img_size, SIM_SEC_DRAM_BASE, 0x80000, 4) != 0)
		return 1;
	for (int r = 0; r < ROUNDS; r++)
		boot[r] = boot_from_fip(&g, nsp);
	qsort(boot, ROUNDS, sizeof(double), cmp);
	printf("boot %u SPs from a FIP (BL2 + loader + init): %7.1f ms (median of %d)\n", nsp,
	       boot[ROUNDS / 2], ROUNDS);
	fwgen_free(&g);
	free(img);
	if (bench_notif_cycle(n / 5) != 0)
		return 1;
	return bench_mem_cycle() == 0 ? 0 : 1;
}
