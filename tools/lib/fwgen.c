/* SPDX-License-Identifier: BSD-3-Clause */
#include "fwgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "pkg/fip.h"
#include "pkg/sp_pkg.h"
#include "pkg/uuid.h"

#define FDT_CAP (64u << 10)

static void uuid_of(unsigned i, uint32_t w[4])
{
	w[0] = 0x5e5e0000u | i;
	w[1] = 0x11112222u;
	w[2] = 0x33334444u;
	w[3] = 0x55556666u;
}

static int cells_u64(void *fdt, const char *name, uint64_t v)
{
	fdt32_t c[2] = {cpu_to_fdt32((uint32_t)(v >> 32)), cpu_to_fdt32((uint32_t)v)};

	return fdt_property(fdt, name, c, sizeof(c));
}

static int partition_manifest(void *fdt, unsigned i, uint64_t load)
{
	uint32_t u[4];
	fdt32_t uc[4];
	char desc[32];
	int rc = 0;

	uuid_of(i, u);
	for (int k = 0; k < 4; k++)
		uc[k] = cpu_to_fdt32(u[k]);
	snprintf(desc, sizeof(desc), "sp%u", i);
	rc |= fdt_create(fdt, FDT_CAP);
	rc |= fdt_finish_reservemap(fdt);
	rc |= fdt_begin_node(fdt, "");
	rc |= fdt_property_string(fdt, "compatible", "arm,ffa-manifest-1.0");
	rc |= fdt_property_string(fdt, "description", desc);
	rc |= fdt_property_u32(fdt, "ffa-version", 0x10002);
	rc |= fdt_property(fdt, "uuid", uc, sizeof(uc));
	rc |= fdt_property_u32(fdt, "id", 0x8001 + i);
	rc |= fdt_property_u32(fdt, "execution-ctx-count", 1);
	rc |= fdt_property_u32(fdt, "exception-level", 2);
	rc |= fdt_property_u32(fdt, "execution-state", 0);
	rc |= cells_u64(fdt, "load-address", load);
	rc |= fdt_property_u32(fdt, "entrypoint-offset", SP_PKG_V2_IMG_OFFSET);
	rc |= fdt_property_u32(fdt, "xlat-granule", 0);
	rc |= fdt_property_u32(fdt, "boot-order", i);
	rc |= fdt_property_u32(fdt, "messaging-method", 1);
	rc |= fdt_end_node(fdt);
	rc |= fdt_finish(fdt);
	return rc ? -1 : 0;
}

static int spmc_manifest(void *fdt, unsigned n, uint64_t base, uint64_t stride, unsigned cpus)
{
	int rc = 0;

	rc |= fdt_create(fdt, FDT_CAP + n * 128u);
	rc |= fdt_finish_reservemap(fdt);
	rc |= fdt_begin_node(fdt, "");
	rc |= fdt_property_string(fdt, "compatible", "arm,ffa-core-manifest-1.0");
	rc |= fdt_property_u32(fdt, "#address-cells", 2);
	rc |= fdt_property_u32(fdt, "#size-cells", 1);
	rc |= fdt_begin_node(fdt, "attribute");
	rc |= fdt_property_u32(fdt, "spmc_id", 0x8000);
	rc |= fdt_property_u32(fdt, "maj_ver", 1);
	rc |= fdt_property_u32(fdt, "min_ver", 2);
	rc |= fdt_property_u32(fdt, "exec_state", 0);
	rc |= cells_u64(fdt, "load_address", 0x0e000000);
	rc |= cells_u64(fdt, "entrypoint", 0x0e000000);
	rc |= fdt_property_u32(fdt, "binary_size", 0x80000);
	rc |= fdt_end_node(fdt);
	rc |= fdt_begin_node(fdt, "cpus");
	rc |= fdt_property_u32(fdt, "#address-cells", 2);
	rc |= fdt_property_u32(fdt, "#size-cells", 0);
	for (unsigned c = 0; c < cpus; c++) {
		char name[16];
		fdt32_t reg[2] = {0, cpu_to_fdt32(c << 8)};

		snprintf(name, sizeof(name), "cpu@%x", c << 8);
		rc |= fdt_begin_node(fdt, name);
		rc |= fdt_property_string(fdt, "device_type", "cpu");
		rc |= fdt_property_string(fdt, "compatible", "arm,armv8");
		rc |= fdt_property(fdt, "reg", reg, sizeof(reg));
		rc |= fdt_end_node(fdt);
	}
	rc |= fdt_end_node(fdt);
	rc |= fdt_begin_node(fdt, "sp_packages");
	rc |= fdt_property_string(fdt, "compatible", "arm,sp_pkg");
	for (unsigned i = 0; i < n; i++) {
		char name[16];
		uint32_t u[4];
		fdt32_t uc[4];

		uuid_of(i, u);
		for (int k = 0; k < 4; k++)
			uc[k] = cpu_to_fdt32(u[k]);
		snprintf(name, sizeof(name), "sp%u", i);
		rc |= fdt_begin_node(fdt, name);
		rc |= fdt_property(fdt, "uuid", uc, sizeof(uc));
		rc |= cells_u64(fdt, "load-address", base + i * stride);
		rc |= fdt_end_node(fdt);
	}
	rc |= fdt_end_node(fdt);
	rc |= fdt_end_node(fdt);
	rc |= fdt_finish(fdt);
	return rc ? -1 : 0;
}

int fwgen_build(struct fwgen *out, unsigned n, const void *image, size_t image_size,
		uint64_t base, uint64_t stride, unsigned cpus)
{
	struct fip_input *in = calloc(n ? n : 1, sizeof(*in));
	unsigned char **pkgs = calloc(n ? n : 1, sizeof(*pkgs));
	unsigned char *pm = malloc(FDT_CAP);
	const char *why = "";
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!in || !pkgs || !pm)
		goto done;
	for (unsigned i = 0; i < n; i++) {
		struct sp_pkg plan;
		uint32_t u[4];

		if (partition_manifest(pm, i, base + i * stride) != 0 ||
		    sp_pkg_plan(2, fdt_totalsize(pm), image_size, 0, 0, &plan, &why) != SP_PKG_OK ||
		    !(pkgs[i] = malloc(plan.total_size)) ||
		    sp_pkg_write(pkgs[i], plan.total_size, &plan, pm, image, &why) != SP_PKG_OK) {
			fprintf(stderr, "fwgen: package %u: %s\n", i, why);
			goto done;
		}
		uuid_of(i, u);
		pkg_uuid_words_to_bytes(u, in[i].uuid);
		in[i].data = pkgs[i];
		in[i].size = plan.total_size;
	}
	out->fip_size = fip_size(in, n, 8);
	out->fip = malloc(out->fip_size);
	out->spmc_manifest = malloc(FDT_CAP + n * 128u);
	if (!out->fip || !out->spmc_manifest ||
	    fip_write(out->fip, out->fip_size, in, n, 8, &out->fip_size, &why) != FIP_OK ||
	    spmc_manifest(out->spmc_manifest, n, base, stride, cpus) != 0) {
		fprintf(stderr, "fwgen: FIP or SPMC manifest: %s\n", why);
		goto done;
	}
	out->spmc_manifest_size = fdt_totalsize(out->spmc_manifest);
	rc = 0;
done:
	for (unsigned i = 0; pkgs && i < n; i++)
		free(pkgs[i]);
	free(pkgs);
	free(in);
	free(pm);
	if (rc)
		fwgen_free(out);
	return rc;
}

void fwgen_free(struct fwgen *g)
{
	free(g->fip);
	free(g->spmc_manifest);
	g->fip = g->spmc_manifest = NULL;
}
