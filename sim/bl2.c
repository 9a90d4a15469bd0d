/* SPDX-License-Identifier: BSD-3-Clause */
#include "sim_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bl2.h"
#include "pkg/fip.h"
#include "pkg/sp_list.h"
#include "pkg/uuid.h"

static void report_diff(void *ctx, const struct sp_list_diff *d)
{
	char line[256];

	sp_list_diff_format(d, line, sizeof(line));
	sim_log(ctx, "BL2: %s", line);
}

static bool read_list(struct sim *s, const char *what, int rc, const struct sp_list_error *e)
{
	if (rc == SP_LIST_OK)
		return true;
	sim_log(s, "BL2: %s: %s%s%s%s%s", what, e->why, e->node ? " (node " : "",
		e->node ? e->node : "", e->property ? ", property " : "",
		e->property ? e->property : "");
	if (e->node)
		sim_log(s, ")");
	return false;
}

unsigned sim_bl2_load(struct sim *s, const void *fip, size_t fip_size, const void *bl2_cfg,
		      size_t bl2_cfg_size, const void *spmc_manifest, size_t spmc_manifest_size)
{
	struct sp_list_entry *mf = calloc(SP_LIST_MAX, sizeof(*mf));
	struct sp_list_entry *bl = calloc(SP_LIST_MAX, sizeof(*bl));
	struct sp_list_error err = {0};
	size_t nmf = 0, nbl = 0;
	struct fip f;
	const char *why = "";
	unsigned placed = 0;
	const struct sp_list_entry *use;
	size_t nuse;

	if (!mf || !bl)
		goto out;
	if (fip_parse(fip, fip_size, &f, &why) != FIP_OK) {
		sim_log(s, "BL2: FIP: %s", why);
		goto out;
	}
	if (!read_list(s, "SPMC manifest SP list",
		       sp_list_from_spmc_manifest(spmc_manifest, spmc_manifest_size, mf, SP_LIST_MAX,
						  &nmf, &err), &err))
		nmf = 0;
	if (bl2_cfg) {
		if (!read_list(s, "BL2 SP list",
			       sp_list_from_bl2_config(bl2_cfg, bl2_cfg_size, bl, SP_LIST_MAX, &nbl,
						       &err), &err))
			goto out;
		/* Two hand-written lists of the same packages: they must agree. */
		struct sp_list a = {"SPMC manifest", mf, nmf}, b = {"BL2 list", bl, nbl};
		sp_list_compare(&a, &b, report_diff, s);
		use = bl;
		nuse = nbl;
	} else {
		use = mf;
		nuse = nmf;
	}
	for (size_t i = 0; i < nuse; i++) {
		struct fip_entry e;
		uint8_t uuid[16];
		char text[PKG_UUID_TEXT_LEN + 1];
		void *dst;

		pkg_uuid_words_to_bytes(use[i].uuid, uuid);
		pkg_uuid_format(uuid, text);
		if (fip_find(&f, uuid, &e) < 0) {
			sim_log(s, "BL2: SP %s: no package in the FIP", text);
			continue;
		}
		dst = hal_phys_kind(use[i].load_address, e.size) == HAL_PHYS_SECURE_DRAM
			      ? hal_spmc_map(use[i].load_address, e.size, HAL_MEM_W)
			      : NULL;
		if (!dst) {
			sim_log(s, "BL2: SP %s: load address 0x%" PRIx64 " (+0x%" PRIx64
				   ") is not in secure DRAM", text, use[i].load_address, e.size);
			continue;
		}
		memcpy(dst, e.data, e.size);
		placed++;
	}
out:
	free(mf);
	free(bl);
	return placed;
}
