/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulator's configuration and lifecycle: building the platform and the
 * partitions' configuration, booting every CPU, tearing everything down; and
 * the accessors tests use.
 */
#include "sim_internal.h"

#include "profiles/handler_cost.h"

#include "bl2.h"
#include "loader/loader.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* ---- lifecycle ---- */

static void set_err(char *err, size_t len, const char *msg)
{
	if (err && len)
		snprintf(err, len, "%s", msg);
}

static void free_codes(struct sim *s)
{
	while (s->codes) {
		struct sim_code *c = s->codes;

		s->codes = c->next;
		sim_image_unload(c->img);
		free(c);
	}
}

void sim_log(struct sim *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (s->log_len + (size_t)n + 2 > s->log_cap) {
		size_t cap = (s->log_len + (size_t)n + 2) * 2;
		char *p = realloc(s->log, cap);

		if (!p)
			return;
		s->log = p;
		s->log_cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(s->log + s->log_len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if (!s->cfg.quiet)
		fprintf(stderr, "%s\n", s->log + s->log_len);
	s->log_len += (size_t)n;
	s->log[s->log_len++] = '\n';
	s->log[s->log_len] = '\0';
}

/* Frees everything a simulator holds but its threads. */
static void release(struct sim *s)
{
	free_codes(s);
	sim_mem_fini(s);
	free(s->nwd_access);
	free(s->trace.ev);
	free(s->arena);
	free(s->load_arena);
	free(s->log);
	free(s->cpus);
	free(s->pcfg);
	gic_destroy(s->gic);
	free(s->events);
	if (sim_current == s)
		sim_current = NULL;
	free(s);
}

/* Loader diagnostics, as "path: property: message (value)" lines. */
static void log_diag(void *ctx, const struct spmc_mf_diag *d)
{
	struct sim *s = ctx;
	char value[40] = "";

	if (d->has_value)
		snprintf(value, sizeof(value), " (0x%" PRIx64 ")", d->value);
	sim_log(s, "%s%s%s%s: %s%s", d->severity == SPMC_MF_NOTE ? "note: " : "", d->path,
		d->prop[0] ? ": " : "", d->prop, d->msg, value);
}

/* Boots from firmware artifacts: the BL2 model places the FIP's packages,
 * then the SPMC's loader builds the configuration from the manifests. */
static int load_artifacts(struct sim *s, struct spmc_config *cc, char *err, size_t errlen)
{
	const struct sim_config *cfg = &s->cfg;
	struct spmc_embedded_pkg *emb = NULL;
	struct spmc_mf_diags diags = {.report = log_diag, .ctx = s};
	size_t arena_size = (1u << 20) + (size_t)(cfg->embedded_count + 64) * (64u << 10);
	struct spmc_mf_arena arena;
	int rc;

	if (cfg->fip)
		sim_bl2_load(s, cfg->fip, cfg->fip_size, cfg->bl2_config, cfg->bl2_config_size,
			     cfg->spmc_manifest, cfg->spmc_manifest_size);
	if (cfg->embedded_count) {
		emb = calloc(cfg->embedded_count, sizeof(*emb));
		if (!emb)
			return -1;
		for (uint32_t i = 0; i < cfg->embedded_count; i++)
			emb[i] = (struct spmc_embedded_pkg){cfg->embedded[i].data, cfg->embedded[i].size};
	}
	s->load_arena = malloc(arena_size);
	if (!s->load_arena) {
		free(emb);
		return -1;
	}
	arena = (struct spmc_mf_arena){s->load_arena, arena_size, 0};
	struct spmc_load_input in = {
		.spmc_manifest = cfg->spmc_manifest, .spmc_manifest_size = cfg->spmc_manifest_size,
		.embedded = emb, .embedded_count = cfg->embedded_count, .cpu_count = s->ncpu,
	};
	rc = spmc_load(&in, &arena, cc, &s->loaded, &s->load_failed, &diags);
	free(emb);
	if (rc != 0) {
		snprintf(err, errlen, "SPMC manifest unusable, boot stopped: %s",
			 s->log ? s->log : "(no detail)");
		if (err && errlen && strlen(err) && err[strlen(err) - 1] == '\n')
			err[strlen(err) - 1] = '\0';
		return -1;
	}
	if (!cc->spmc_id)
		cc->spmc_id = SIM_SPMC_ID;
	cc->cpu_count = s->ncpu;
	cc->rxtx_max_pages = cfg->rxtx_max_pages;
	return 0;
}

struct sim *sim_create(const struct sim_config *cfg, char *err, size_t errlen)
{
	struct sim *s;
	struct spmc_config cc;
	uint64_t next_pa = SIM_SEC_DRAM_BASE;
	size_t arena_size;
	int rc;

	if (sim_current) {
		set_err(err, errlen, "one simulator per process at a time");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->cfg = *cfg;
	s->console = stdout;
	s->ncpu = cfg->cpus ? cfg->cpus : 4;
	s->prof = sim_profile_find(cfg->profile ? cfg->profile : "juno-a57");
	if (!s->prof) {
		set_err(err, errlen, "unknown cost profile (juno-a53, juno-a57, n1sdp)");
		goto fail;
	}
	sim_measured_index(s->measured);
	s->cpus = calloc(s->ncpu, sizeof(*s->cpus));
	s->pcfg = calloc(cfg->sp_count ? cfg->sp_count : 1, sizeof(*s->pcfg));
	/* A GIC with the SPIs a GICv3 can have: the SPMC configures its
	 * partitions' interrupts while it initialises. */
	s->gic = gic_create(s->ncpu, 988);
	if (!s->cpus || !s->pcfg || !s->gic)
		goto fail;
	if (sim_mem_init(s, err, errlen) != 0)
		goto fail;
	if (cfg->spmc_manifest) {
		sim_current = s; /* the loader reaches memory and images through the HAL */
		rc = load_artifacts(s, &cc, err, errlen);
		sim_current = NULL;
		if (rc != 0)
			goto fail;
		goto configured;
	}
	/* Each SP gets its own slice of secure DRAM, mapped at IPA == PA. */
	for (uint32_t i = 0; i < cfg->sp_count; i++) {
		const struct sim_sp *sp = &cfg->sps[i];
		uint64_t size = (uint64_t)(sp->mem_pages ? sp->mem_pages : 16) * FFA_PAGE_SIZE;

		if (next_pa + size > SIM_SEC_DRAM_BASE + s->sec_size) {
			set_err(err, errlen, "secure DRAM too small for the partitions' memory");
			goto fail;
		}
		struct sim_image *img = NULL;

		if (sp->image) {
			img = sim_image_load(sp->image, sp->image_size, sp->name ? sp->name : "sp",
					     err, errlen);
			if (!img)
				goto fail;
		} else if (!sp->entry) {
			set_err(err, errlen, "a partition has neither an entry function nor an image");
			goto fail;
		}
		const struct sim_code *code = sim_code_new(s, sp->entry, img, sp->user);
		if (!code) {
			sim_image_unload(img);
			goto fail;
		}
		s->pcfg[i] = (struct spmc_partition_cfg){
			.name = sp->name, .id = sp->id, .ec_count = sp->ec_count ? sp->ec_count : 1,
			.properties = sp->properties, .boot_order = sp->boot_order, .el = sp->el ? sp->el : 2,
			.ffa_version = sp->ffa_version, .load_addr = next_pa, .mem_size = size,
			.entry = 0, .image = code, .regions = sp->regions,
			.region_count = sp->regions ? sp->region_count : 0,
			.ns_int_action = sp->ns_int_action, .other_s_int_action = sp->other_s_int_action,
			.pm_messages = sp->pm_messages,
		};
		memcpy(s->pcfg[i].uuid, sp->uuid, sizeof(sp->uuid));
		next_pa += size;
	}
	cc = (struct spmc_config){
		.spmc_id = SIM_SPMC_ID, .cpu_count = s->ncpu, .partition_count = cfg->sp_count,
		.partitions = s->pcfg, .rxtx_max_pages = cfg->rxtx_max_pages,
	};
configured:
	/* The normal world owns all of NS DRAM: it may share or lend any of it. */
	s->ns_mem = (struct spmc_mem_region_cfg){
		.base = SIM_NS_DRAM_BASE, .pages = s->ns_size / FFA_PAGE_SIZE,
		.owner = FFA_ID_NWD_NO_HYP, .attrs = HAL_MEM_R | HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS,
	};
	cc.ns_mem = &s->ns_mem;
	cc.ns_mem_count = 1;
	/* 4096 concurrent transactions, as the core's default, but by default
	 * room for 16384 live constituents rather than 131072: the store's pools
	 * are the bulk of the SPMC's arena, which every simulator start clears. */
	cc.mem_max_tx = 4096;
	cc.mem_max_ranges = cfg->mem_max_ranges ? cfg->mem_max_ranges : 16384;
	arena_size = spmc_arena_size(&cc);
	if (!arena_size) {
		set_err(err, errlen, "invalid partition configuration (IDs, contexts, versions)");
		goto fail;
	}
	s->arena = aligned_alloc(16, (arena_size + 15) & ~(size_t)15);
	if (!s->arena)
		goto fail;
	if (cfg->trace_capacity) {
		s->trace.ev = calloc(cfg->trace_capacity, sizeof(*s->trace.ev));
		if (!s->trace.ev)
			goto fail;
		s->trace.capacity = cfg->trace_capacity;
	}
	sim_current = s;
	rc = spmc_init(&s->core, s->arena, arena_size, &cc);
	if (rc != 0) {
		set_err(err, errlen, "SPMC initialisation failed");
		sim_current = NULL;
		goto fail;
	}
	return s;
fail:
	release(s);
	return NULL;
}

static void choose_host_cpu(struct sim *s)
{
	s->host_cpu = -1;
	if (s->cfg.no_pinning)
		return;
	if (sched_getaffinity(0, sizeof(s->saved_affinity), &s->saved_affinity) != 0)
		return;
	s->affinity_saved = true;
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &s->saved_affinity)) {
			s->host_cpu = c;
			break;
		}
}

int sim_start(struct sim *s)
{
	struct sigaction sa;
	struct ffa_value regs;
	struct spmc_ec *ec;

	if (s->started)
		return -1;
	s->started = true;
	choose_host_cpu(s);
	sim_pin(s);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sim_on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, &s->old_segv);
	sigaction(SIGBUS, &sa, &s->old_bus);

	s->nwd0.sim = s;
	s->nwd0.is_nwd = true;
	s->nwd0.ran = true; /* the caller's own thread: already running */
	s->nwd0.ec = spmc_nwd_ec(s->core, 0);
	s->nwd0.env = (struct sim_env){
		.ffa_call = sim_conduit, .spend = sim_spend, .window = s->nwd_as->window,
		.mem_base = SIM_NS_DRAM_BASE, .mem_size = s->ns_size, .id = FFA_ID_NWD_NO_HYP,
	};
	sem_init(&s->nwd0.sem, 0, 0);
	spmc_ec_set_hal(s->nwd0.ec, &s->nwd0);
	sim_set_self(&s->nwd0);

	/* Cold boot of the primary CPU: every SP initialises, in boot order. */
	s->cur_cpu = 0;
	ec = spmc_cpu_on(s->core, 0, &regs);
	sim_record(s, SIM_TRACE_BOOT, 0, NULL, NULL, ec, &regs, 0);
	sim_place(s, 0, ec, &regs);
	sim_reschedule(s, &s->nwd0);

	/* Then the normal world brings up the secondaries; it waits until each
	 * has initialised its MP partitions' contexts. */
	for (uint32_t c = 1; c < s->ncpu; c++) {
		s->cpus[c].cycles = s->cpus[0].cycles;
		s->cur_cpu = c;
		ec = spmc_cpu_on(s->core, c, &regs);
		sim_record(s, SIM_TRACE_BOOT, c, NULL, NULL, ec, &regs, 0);
		sim_place(s, c, ec, &regs);
	}
	sim_wait_idle(s);
	return 0;
}

struct ffa_value sim_call(struct sim *s, struct ffa_value in)
{
	(void)s;
	return sim_conduit(in);
}

void sim_destroy(struct sim *s)
{
	if (!s)
		return;
	s->shutdown = true;
	for (size_t i = 0; i < s->nthreads; i++) {
		struct sim_thread *t = s->threads[i];

		sem_post(&t->sem);
		pthread_join(t->th, NULL);
		sem_destroy(&t->sem);
		free(t);
	}
	free(s->threads);
	if (s->started) {
		sigaction(SIGSEGV, &s->old_segv, NULL);
		sigaction(SIGBUS, &s->old_bus, NULL);
		sem_destroy(&s->nwd0.sem);
		sim_set_self(NULL);
		if (s->affinity_saved)
			sched_setaffinity(0, sizeof(s->saved_affinity), &s->saved_affinity);
	}
	release(s);
}

/* ---- accessors ---- */

const struct sim_env *sim_nwd_env(struct sim *s) { return &s->nwd0.env; }
struct spmc *sim_spmc(struct sim *s) { return s->core; }
uint64_t sim_cycles(const struct sim *s, uint32_t cpu) { return cpu < s->ncpu ? s->cpus[cpu].cycles : 0; }
uint32_t sim_cpu_count(const struct sim *s) { return s->ncpu; }
const struct sim_trace *sim_trace(const struct sim *s) { return &s->trace; }
uint64_t sim_faults(const struct sim *s) { return s->faults; }
void sim_set_console(struct sim *s, FILE *f) { s->console = f; }

uint64_t sim_calls(const struct sim *s, uint32_t func_id)
{
	return s->calls[FFA_IS_SMC64(func_id)][func_id & 0xff];
}

const char *sim_load_log(const struct sim *s) { return s->log ? s->log : ""; }
uint32_t sim_partitions_loaded(const struct sim *s) { return s->loaded; }
uint32_t sim_partitions_failed(const struct sim *s) { return s->load_failed; }
