/* SPDX-License-Identifier: BSD-3-Clause */
#include "pkg/sp_pkg.h"

#include "pkg/le.h"
#include "util.h"

static int fail(int status, const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return status;
}

/* The header rules that need no buffer: everything but "inside the buffer". */
static int check_fields(const struct sp_pkg *p, const char **why)
{
	if (p->magic != SP_PKG_MAGIC)
		return fail(SP_PKG_ERR_MAGIC, why, "bad magic (not an SP package: want \"SPKG\")");
	if (p->version != 1 && p->version != 2)
		return fail(SP_PKG_ERR_VERSION, why, "unknown package version (want 1 or 2)");
	if (p->pm_size == 0)
		return fail(SP_PKG_ERR_PM_EMPTY, why, "partition manifest size is 0");
	if (p->img_size == 0)
		return fail(SP_PKG_ERR_IMG_EMPTY, why, "image size is 0");
	if (p->pm_offset < SP_PKG_HEADER_SIZE)
		return fail(SP_PKG_ERR_PM_HEADER, why, "partition manifest overlaps the 24-byte header");
	if (p->img_offset < SP_PKG_HEADER_SIZE)
		return fail(SP_PKG_ERR_IMG_HEADER, why, "image overlaps the 24-byte header");
	if (pkg_ranges_overlap(p->pm_offset, p->pm_size, p->img_offset, p->img_size))
		return fail(SP_PKG_ERR_OVERLAP, why, "partition manifest and image overlap");
	if (p->img_offset < p->pm_offset)
		return fail(SP_PKG_ERR_ORDER, why,
			    "image placed before the partition manifest (SPMCs expect the manifest first)");
	if (p->version == 2 && (!SPMC_IS_ALIGNED(p->pm_offset, SP_PKG_V2_ALIGN) ||
				!SPMC_IS_ALIGNED(p->img_offset, SP_PKG_V2_ALIGN)))
		return fail(SP_PKG_ERR_ALIGN, why,
			    "version 2 package offsets must be 4 KiB-aligned");
	return SP_PKG_OK;
}

int sp_pkg_parse_header(const void *buf, size_t len, struct sp_pkg *out, const char **why)
{
	const uint8_t *b = buf;
	struct sp_pkg p;
	int rc;

	if (!buf || len < SP_PKG_HEADER_SIZE)
		return fail(SP_PKG_ERR_SHORT, why, "shorter than the 24-byte SP package header");
	spmc_memset(&p, 0, sizeof(p));
	p.magic = pkg_le32(b);
	p.version = pkg_le32(b + 4);
	p.pm_offset = pkg_le32(b + 8);
	p.pm_size = pkg_le32(b + 12);
	p.img_offset = pkg_le32(b + 16);
	p.img_size = pkg_le32(b + 20);
	rc = check_fields(&p, why);
	if (rc != SP_PKG_OK)
		return rc;
	/* The image starts after the manifest, so it ends last. */
	p.total_size = (uint64_t)p.img_offset + p.img_size;
	if (out)
		*out = p;
	if (why)
		*why = "valid";
	return SP_PKG_OK;
}

int sp_pkg_parse(const void *buf, size_t len, struct sp_pkg *out, const char **why)
{
	const uint8_t *b = buf;
	struct sp_pkg p;
	int rc = sp_pkg_parse_header(buf, len, &p, why);

	if (rc != SP_PKG_OK)
		return rc;
	if ((uint64_t)p.pm_offset + p.pm_size > (uint64_t)len)
		return fail(SP_PKG_ERR_PM_RANGE, why,
			    "partition manifest runs past the end of the package");
	if ((uint64_t)p.img_offset + p.img_size > (uint64_t)len)
		return fail(SP_PKG_ERR_IMG_RANGE, why, "image runs past the end of the package");
	p.pm = b + p.pm_offset;
	p.img = b + p.img_offset;
	if (out)
		*out = p;
	return SP_PKG_OK;
}

const char *sp_pkg_status_name(int status)
{
	static const char *const names[] = {
		"SP_PKG_OK",           "SP_PKG_ERR_SHORT",      "SP_PKG_ERR_MAGIC",
		"SP_PKG_ERR_VERSION",  "SP_PKG_ERR_PM_EMPTY",   "SP_PKG_ERR_IMG_EMPTY",
		"SP_PKG_ERR_PM_HEADER", "SP_PKG_ERR_IMG_HEADER", "SP_PKG_ERR_OVERLAP",
		"SP_PKG_ERR_ORDER",    "SP_PKG_ERR_ALIGN",      "SP_PKG_ERR_PM_RANGE",
		"SP_PKG_ERR_IMG_RANGE", "SP_PKG_ERR_NOSPACE",   "SP_PKG_ERR_TOO_BIG",
	};

	if (status > 0 || (size_t)-status >= SPMC_ARRAY_SIZE(names))
		return "SP_PKG_ERR_?";
	return names[-status];
}

int sp_pkg_plan(uint32_t version, uint64_t pm_size, uint64_t img_size, uint64_t pm_offset,
		uint64_t img_offset, struct sp_pkg *out, const char **why)
{
	struct sp_pkg p;
	int rc;

	if (version != 1 && version != 2)
		return fail(SP_PKG_ERR_VERSION, why, "unknown package version (want 1 or 2)");
	/* Sizes are 32-bit fields; bounding them first keeps the sums below exact. */
	if (pm_size > UINT32_MAX || img_size > UINT32_MAX || pm_offset > UINT32_MAX ||
	    img_offset > UINT32_MAX)
		return fail(SP_PKG_ERR_TOO_BIG, why, "a size or offset does not fit in 32 bits");
	if (pm_offset == 0)
		pm_offset = version == 1 ? SP_PKG_HEADER_SIZE : SP_PKG_V2_PM_OFFSET;
	if (img_offset == 0) {
		img_offset = SPMC_ALIGN_UP(pm_offset + pm_size, SP_PKG_V2_ALIGN);
		if (version == 2 && img_offset < SP_PKG_V2_IMG_OFFSET)
			img_offset = SP_PKG_V2_IMG_OFFSET;
	}
	if (img_offset > UINT32_MAX || img_offset + img_size > UINT32_MAX)
		return fail(SP_PKG_ERR_TOO_BIG, why, "the package would exceed 4 GiB");
	spmc_memset(&p, 0, sizeof(p));
	p.magic = SP_PKG_MAGIC;
	p.version = version;
	p.pm_offset = (uint32_t)pm_offset;
	p.pm_size = (uint32_t)pm_size;
	p.img_offset = (uint32_t)img_offset;
	p.img_size = (uint32_t)img_size;
	rc = check_fields(&p, why);
	if (rc != SP_PKG_OK)
		return rc;
	p.total_size = img_offset + img_size;
	if (out)
		*out = p;
	return SP_PKG_OK;
}

int sp_pkg_write(void *buf, size_t cap, const struct sp_pkg *plan, const void *pm,
		 const void *img, const char **why)
{
	uint8_t *b = buf;
	int rc = check_fields(plan, why);

	if (rc != SP_PKG_OK)
		return rc;
	if ((uint64_t)plan->img_offset + plan->img_size > (uint64_t)cap)
		return fail(SP_PKG_ERR_NOSPACE, why, "output buffer too small for the package");
	spmc_memset(b, 0, plan->img_offset);
	pkg_put_le32(b, SP_PKG_MAGIC);
	pkg_put_le32(b + 4, plan->version);
	pkg_put_le32(b + 8, plan->pm_offset);
	pkg_put_le32(b + 12, plan->pm_size);
	pkg_put_le32(b + 16, plan->img_offset);
	pkg_put_le32(b + 20, plan->img_size);
	spmc_memcpy(b + plan->pm_offset, pm, plan->pm_size);
	spmc_memcpy(b + plan->img_offset, img, plan->img_size);
	return SP_PKG_OK;
}
