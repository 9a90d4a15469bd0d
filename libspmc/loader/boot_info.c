/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FF-A v1.1 boot information: a header, an array of descriptors, then the
 * contents they point to. The partition gets the blob's address in the
 * register its manifest names (gp-register-num) and finds its own manifest
 * through the "manifest" FDT descriptor.
 */
#include <ffa/boot_info.h>

#include "boot_info.h"
#include "util.h"

size_t spmc_boot_info_write(void *dst, size_t cap, uint64_t blob_ipa, uint32_t ffa_version,
			    const void *manifest, uint32_t manifest_size)
{
	const size_t hdr = sizeof(struct ffa_boot_info_header);
	const size_t desc = sizeof(struct ffa_boot_info_desc);
	/* The manifest follows the descriptors, 8-byte aligned (an FDT's alignment). */
	const size_t content_off = SPMC_ALIGN_UP(hdr + desc, 8);
	struct ffa_boot_info_header h;
	struct ffa_boot_info_desc d;
	uint8_t *out = dst;

	if (!dst || !manifest || manifest_size == 0 || cap < content_off ||
	    manifest_size > cap - content_off || content_off + manifest_size > UINT32_MAX)
		return 0;
	spmc_memset(&h, 0, sizeof(h));
	h.signature = FFA_BOOT_INFO_SIGNATURE;
	h.version = ffa_version;
	h.blob_size = (uint32_t)(content_off + manifest_size);
	h.desc_size = (uint32_t)desc;
	h.desc_count = 1;
	h.desc_offset = (uint32_t)hdr;

	spmc_memset(&d, 0, sizeof(d));
	spmc_memcpy(d.name, "manifest", sizeof("manifest"));
	d.type = FFA_BOOT_INFO_TYPE_STD_FDT;
	d.flags = FFA_BOOT_INFO_FLAG_NAME_STRING | FFA_BOOT_INFO_FLAG_CONTENT_ADDR;
	d.size = manifest_size;
	d.content = blob_ipa + content_off;

	spmc_memset(out, 0, content_off);
	spmc_memcpy(out, &h, hdr);
	spmc_memcpy(out + hdr, &d, desc);
	spmc_memcpy(out + content_off, manifest, manifest_size);
	return content_off + manifest_size;
}
