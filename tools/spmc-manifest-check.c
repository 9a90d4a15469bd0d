/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spmc-manifest-check: validate FF-A manifests (partition and SPMC) the way
 * the SPMC core parses them, print what they say, and check a set of
 * partitions against each other and against the SPMC manifest's memory.
 *
 *   spmc-manifest-check [-q] [--hafnium-uuid] FILE...
 *
 * FILE is a DTB, or a .dts compiled with dtc. Exit status 0 when every file is
 * valid (notes allowed), 1 otherwise (one line per problem on stderr:
 * "FILE: /node/path: property: message", notes prefixed "note: "), 2 on usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ffa/ffa.h>

#include "manifest/manifest.h"

/* Files larger than this are not manifests. */
#define MAX_FILE (16u << 20)
/* Arena limit when retrying with more memory. */
#define MAX_ARENA (256u << 20)

struct file {
	const char *name;
	uint8_t *blob;
	size_t size;
	enum spmc_mf_kind kind;
	bool ok;
	void *arena;
	struct spmc_mf_partition part;
	struct spmc_mf_spmc spmc;
};

static struct file *files;
static int nfiles;
static unsigned errors;

static void report(void *ctx, const struct spmc_mf_diag *d)
{
	const struct file *f = ctx;
	const char *name = f ? f->name : "?";

	if (d->part >= 0 && d->part < nfiles)
		name = files[d->part].name;
	fprintf(stderr, "%s%s: %s: ", d->severity == SPMC_MF_NOTE ? "note: " : "", name, d->path);
	if (d->prop && d->prop[0])
		fprintf(stderr, "%s: ", d->prop);
	fputs(d->msg, stderr);
	if (d->has_value)
		fprintf(stderr, " (0x%" PRIx64 ")", d->value);
	if (d->other >= 0 && d->other < nfiles)
		fprintf(stderr, " [with %s:%s]", files[d->other].name,
			d->other_path ? d->other_path : "/");
	fputc('\n', stderr);
	if (d->severity == SPMC_MF_ERROR)
		errors++;
}

static void problem(const char *file, const char *msg, const char *detail)
{
	fprintf(stderr, "%s: /: %s%s%s\n", file, msg, detail ? ": " : "", detail ? detail : "");
	errors++;
}

/* ---- reading ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static uint8_t *slurp(FILE *fp, size_t *size, bool *too_big)
{
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);

	*too_big = false;
	while (buf) {
		size_t got;

		if (n == cap) {
			uint8_t *nb;

			if (cap >= MAX_FILE) {
				*too_big = true;
				free(buf);
				return NULL;
			}
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0) {
			if (ferror(fp)) {
				free(buf);
				return NULL;
			}
			break;
		}
	}
	*size = n;
	return buf;
}

/* dtc on a .dts, its DTB read from a pipe. */
static uint8_t *compile_dts(const char *path, size_t *size)
{
	size_t len = strlen(path), at = 0;
	char *cmd = malloc(len * 4 + 64);
	uint8_t *blob;
	bool too_big;
	FILE *fp;
	int rc;

	if (!cmd)
		return NULL;
	at += (size_t)sprintf(cmd, "dtc -q -I dts -O dtb '");
	for (size_t i = 0; i < len; i++) {
		if (path[i] == '\'') {
			memcpy(cmd + at, "'\\''", 4);
			at += 4;
		} else {
			cmd[at++] = path[i];
		}
	}
	strcpy(cmd + at, "'");
	fflush(NULL);
	fp = popen(cmd, "r");
	free(cmd);
	if (!fp)
		return NULL;
	blob = slurp(fp, size, &too_big);
	rc = pclose(fp);
	if (rc != 0) {
		free(blob);
		return NULL;
	}
	return blob;
}

static bool load(struct file *f)
{
	struct stat st;
	bool too_big = false;
	FILE *fp;

	if (stat(f->name, &st) != 0) {
		problem(f->name, "cannot read", strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		problem(f->name, "cannot read", "not a regular file");
		return false;
	}
	if (ends_with(f->name, ".dts")) {
		f->blob = compile_dts(f->name, &f->size);
		if (!f->blob) {
			problem(f->name, "dtc could not compile it", NULL);
			return false;
		}
		return true;
	}
	fp = fopen(f->name, "rb");
	if (!fp) {
		problem(f->name, "cannot read", strerror(errno));
		return false;
	}
	f->blob = slurp(fp, &f->size, &too_big);
	fclose(fp);
	if (!f->blob) {
		problem(f->name, too_big ? "too large for a manifest" : "cannot read", NULL);
		return false;
	}
	return true;
}

/* ---- parsing, with an arena that grows until the manifest fits ---- */

static int parse_once(struct file *f, uint32_t flags, size_t arena_size,
		      struct spmc_mf_diags *d)
{
	struct spmc_mf_arena a;

	free(f->arena);
	f->arena = malloc(arena_size);
	if (!f->arena)
		return FFA_RET_NO_MEMORY;
	a = (struct spmc_mf_arena){f->arena, arena_size, 0};
	if (f->kind == SPMC_MF_KIND_SPMC)
		return spmc_mf_parse_spmc(f->blob, f->size, &a, &f->spmc, d);
	return spmc_mf_parse_partition(f->blob, f->size, flags, &a, &f->part, d);
}

static void parse(struct file *f, uint32_t flags)
{
	struct spmc_mf_diags quiet = {0};
	struct spmc_mf_diags loud = {report, f, 0, 0};
	size_t size = 64u << 10;
	int rc;

	f->kind = spmc_mf_kind(f->blob, f->size);
	/* Find the arena size silently, then parse once more reporting. */
	while ((rc = parse_once(f, flags, size, &quiet)) == FFA_RET_NO_MEMORY && size < MAX_ARENA)
		size *= 2;
	(void)rc;
	f->ok = parse_once(f, flags, size, &loud) == 0;
}

/* ---- printing ---- */

static void uuid_str(const uint32_t w[4], char out[37])
{
	uint8_t b[16];

	for (int i = 0; i < 16; i++)
		b[i] = (uint8_t)(w[i / 4] >> (8 * (i % 4)));
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
		 b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		 b[14], b[15]);
}

static const char *attr_str(uint32_t a, char *buf)
{
	snprintf(buf, 16, "%s%s%s%s", a & SPMC_MF_ATTR_R ? "R" : "", a & SPMC_MF_ATTR_W ? "W" : "",
		 a & SPMC_MF_ATTR_X ? "X" : "", a & SPMC_MF_ATTR_NS ? " NS" : "");
	return buf;
}

static void print_messaging(uint32_t m)
{
	static const char *const bit[] = {
		[0] = "direct-req-recv", [1] = "direct-req-send", [2] = "indirect",
		[9] = "direct-req2-recv", [10] = "direct-req2-send",
	};
	const char *sep = "";

	printf("0x%x (", m);
	for (unsigned i = 0; i < 11; i++)
		if ((m & (1u << i)) && bit[i]) {
			printf("%s%s", sep, bit[i]);
			sep = ", ";
		}
	printf(")");
}

static void print_region(const struct spmc_mf_region *r)
{
	char a[16];

	printf("  %s region %s:", r->device ? "device" : "memory", r->path);
	if (r->has_base)
		printf(" base 0x%" PRIx64, r->base);
	if (r->relative)
		printf(" (load-address + 0x%" PRIx64 ")", r->offset);
	if (!r->has_base && !r->relative)
		printf(" base chosen by the SPMC");
	printf(" pages %u attributes 0x%x (%s)", r->pages, r->attributes,
	       attr_str(r->attributes, a));
	if (r->description)
		printf(" \"%s\"", r->description);
	for (uint32_t i = 0; i < r->irq_count; i++)
		printf("%s%u (0x%x)", i ? ", " : " interrupts ", r->irqs[i].id,
		       r->irqs[i].attributes);
	if (r->exclusive_access)
		printf(" exclusive");
	if (r->stream_id_count)
		printf(" smmu %u streams %u", r->smmu_id, r->stream_id_count);
	printf("\n");
}

static void print_partition(const struct file *f)
{
	static const char *const els[] = {"EL1", "S-EL0", "S-EL1"};
	static const char *const ns[] = {"queued", "managed exit", "signaled"};
	const struct spmc_mf_partition *m = &f->part;

	printf("%s: partition manifest (arm,ffa-manifest-1.%u)\n", f->name, m->binding_minor);
	printf("  description: %s\n", m->description ? m->description : "(none)");
	for (uint32_t i = 0; i < m->service_count; i++) {
		char s[37];

		uuid_str(m->services[i].uuid, s);
		printf("  uuid: 0x%08x 0x%08x 0x%08x 0x%08x (%s) messaging ",
		       m->services[i].uuid[0], m->services[i].uuid[1], m->services[i].uuid[2],
		       m->services[i].uuid[3], s);
		print_messaging(m->services[i].messaging);
		printf("\n");
	}
	if (m->has_id)
		printf("  id: 0x%x\n", m->id);
	else
		printf("  id: (assigned by the SPMC)\n");
	printf("  ffa-version: %u.%u\n", FFA_VERSION_MAJOR(m->ffa_version),
	       FFA_VERSION_MINOR(m->ffa_version));
	printf("  exception-level: %u (%s)\n", m->exception_level,
	       m->exception_level < 3 ? els[m->exception_level] : "?");
	printf("  execution-state: %u (%s)\n", m->execution_state,
	       m->execution_state ? "AArch32" : "AArch64");
	printf("  execution-ctx-count: %u\n", m->ec_count);
	if (m->has_load_address)
		printf("  load-address: 0x%" PRIx64 "\n", m->load_address);
	else
		printf("  load-address: (position independent)\n");
	if (m->has_image_size)
		printf("  image-size: 0x%" PRIx64 "\n", m->image_size);
	printf("  entrypoint-offset: 0x%" PRIx64 "\n", m->entrypoint_offset);
	printf("  xlat-granule: %s\n", m->xlat_granule == 0 ? "4K" : m->xlat_granule == 1 ? "16K" : "64K");
	if (m->has_boot_order)
		printf("  boot-order: %u\n", m->boot_order);
	else
		printf("  boot-order: (none: boots last)\n");
	printf("  messaging-method: ");
	print_messaging(m->messaging);
	printf("\n  ns-interrupts-action: %u (%s)%s\n", m->ns_int_action,
	       m->ns_int_action < 3 ? ns[m->ns_int_action] : "?",
	       m->has_ns_int_action || m->managed_exit ? "" : " (default)");
	printf("  notification-support: %s\n", m->notification_support ? "yes" : "no");
	if (m->has_gp_register)
		printf("  gp-register-num: %u\n", m->gp_register_num);
	if (m->has_pm_messages)
		printf("  power-management-messages: 0x%x\n", m->pm_messages);
	if (m->vm_availability)
		printf("  vm-availability-messages: 0x%x\n", m->vm_availability);
	if (m->boot_info)
		printf("  boot-info:%s%s\n", m->boot_info_ffa_manifest ? " ffa_manifest" : "",
		       m->boot_info_hob_list ? " hob_list" : "");
	if (m->has_rxtx && m->rx_region >= 0 && m->tx_region >= 0)
		printf("  rx/tx buffers: rx %s, tx %s\n", m->mem_regions[m->rx_region].path,
		       m->mem_regions[m->tx_region].path);
	for (uint32_t i = 0; i < m->mem_region_count; i++)
		print_region(&m->mem_regions[i]);
	for (uint32_t i = 0; i < m->dev_region_count; i++)
		print_region(&m->dev_regions[i]);
}

static void print_spmc(const struct file *f)
{
	static const char *const kinds[] = {"secure memory", "non-secure memory",
					    "secure device memory", "non-secure device memory",
					    "reserved"};
	const struct spmc_mf_spmc *m = &f->spmc;

	printf("%s: SPMC manifest (arm,ffa-core-manifest-1.0)\n", f->name);
	printf("  spmc_id: 0x%x\n", m->spmc_id);
	printf("  version: %u.%u\n", m->maj_ver, m->min_ver);
	printf("  exec_state: %u (%s)\n", m->exec_state, m->exec_state ? "AArch32" : "AArch64");
	if (m->has_load_address)
		printf("  load_address: 0x%" PRIx64 "\n", m->load_address);
	if (m->has_entrypoint)
		printf("  entrypoint: 0x%" PRIx64 "\n", m->entrypoint);
	if (m->has_binary_size)
		printf("  binary_size: 0x%" PRIx64 "\n", m->binary_size);
	if (m->cpu_count)
		printf("  cpus: %u\n", m->cpu_count);
	for (uint32_t i = 0; i < m->sp_pkg_count; i++) {
		char s[37];

		uuid_str(m->sp_pkgs[i].uuid, s);
		printf("  sp package %s: uuid %s load-address 0x%" PRIx64 "\n", m->sp_pkgs[i].path, s,
		       m->sp_pkgs[i].load_address);
	}
	for (uint32_t i = 0; i < m->vm_count; i++) {
		const struct spmc_mf_vm *v = &m->vms[i];

		printf("  partition %s: \"%s\"%s load_address 0x%" PRIx64
		       " vcpu_count %u mem_size 0x%" PRIx64 "\n",
		       v->path, v->debug_name ? v->debug_name : "",
		       v->is_ffa_partition ? " (FF-A)" : "", v->load_address, v->vcpu_count,
		       v->mem_size);
	}
	for (uint32_t i = 0; i < m->range_count; i++)
		printf("  %s: 0x%" PRIx64 " + 0x%" PRIx64 "\n",
		       m->ranges[i].kind < 5 ? kinds[m->ranges[i].kind] : "?", m->ranges[i].base,
		       m->ranges[i].size);
}

/* ---- the set ---- */

static void check_set(void)
{
	const struct spmc_mf_partition **parts = calloc((size_t)nfiles + 1, sizeof(*parts));
	int32_t *index = calloc((size_t)nfiles + 1, sizeof(*index));
	struct spmc_mf_range *ranges = NULL;
	struct spmc_mf_diags d = {report, NULL, 0, 0};
	const struct file *spmc = NULL;
	uint32_t n = 0, nr = 0, spmcs = 0;

	if (!parts || !index) {
		free(parts);
		free(index);
		return;
	}
	for (int i = 0; i < nfiles; i++) {
		if (!files[i].ok)
			continue;
		if (files[i].kind == SPMC_MF_KIND_SPMC) {
			spmc = &files[i];
			spmcs++;
		} else {
			index[n] = i;
			parts[n++] = &files[i].part;
		}
	}
	if (spmcs == 1) {
		ranges = calloc(spmc->spmc.range_count + 1, sizeof(*ranges));
		if (ranges) {
			if (spmc->spmc.range_count)
				memcpy(ranges, spmc->spmc.ranges,
				       spmc->spmc.range_count * sizeof(*ranges));
			nr = spmc->spmc.range_count;
			if (spmc->spmc.has_load_address && spmc->spmc.has_binary_size &&
			    spmc->spmc.binary_size)
				ranges[nr++] = (struct spmc_mf_range){spmc->spmc.load_address,
								      spmc->spmc.binary_size,
								      SPMC_MF_RANGE_RESERVED};
		}
	} else if (spmcs > 1 && n) {
		fprintf(stderr, "note: several SPMC manifests given: partitions not checked "
				"against the platform's memory\n");
	}
	/* Diagnostics name partitions by their index in parts; report() wants file
	 * indices, so translate through a shim array of files. */
	if (n) {
		struct file *saved = files;
		int saved_n = nfiles;
		struct file *view = calloc(n, sizeof(*view));

		if (view) {
			for (uint32_t i = 0; i < n; i++)
				view[i].name = saved[index[i]].name;
			files = view;
			nfiles = (int)n;
			spmc_mf_check_partitions(parts, n, ranges, nr, &d);
			files = saved;
			nfiles = saved_n;
			free(view);
		}
	}
	free(ranges);
	free(parts);
	free(index);
}

static void usage(FILE *to)
{
	fprintf(to,
		"usage: spmc-manifest-check [-q] [--hafnium-uuid] FILE...\n"
		"  Validates FF-A partition and SPMC manifests (DTB, or .dts via dtc),\n"
		"  prints their fields, and checks the partitions given against each other\n"
		"  (and against the memory of the SPMC manifest, if exactly one is given).\n"
		"  -q               print problems only\n"
		"  --hafnium-uuid   read v1.1 UUID strings word by word, as Hafnium does\n"
		"Exit status: 0 all valid, 1 problems found, 2 usage.\n");
}

int main(int argc, char **argv)
{
	uint32_t flags = 0;
	bool quiet = false;
	int first = 1;

	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		if (strcmp(argv[first], "-q") == 0) {
			quiet = true;
		} else if (strcmp(argv[first], "--hafnium-uuid") == 0) {
			flags |= SPMC_MF_UUID_STRING_HAFNIUM;
		} else if (strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[first], "--") == 0) {
			first++;
			break;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (first >= argc) {
		usage(stderr);
		return 2;
	}
	nfiles = argc - first;
	files = calloc((size_t)nfiles, sizeof(*files));
	if (!files)
		return 2;
	for (int i = 0; i < nfiles; i++) {
		struct file *f = &files[i];

		f->name = argv[first + i];
		if (!load(f))
			continue;
		parse(f, flags);
		if (f->ok && !quiet) {
			if (f->kind == SPMC_MF_KIND_SPMC)
				print_spmc(f);
			else
				print_partition(f);
		}
	}
	check_set();
	for (int i = 0; i < nfiles; i++) {
		free(files[i].blob);
		free(files[i].arena);
	}
	free(files);
	return errors ? 1 : 0;
}
