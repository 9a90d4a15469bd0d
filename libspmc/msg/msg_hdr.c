/* SPDX-License-Identifier: BSD-3-Clause */
/* The indirect message header codec: see msg_hdr.h. */
#include <ffa/errors.h>
#include <ffa/func_ids.h>

#include "msg/msg_hdr.h"
#include "util.h"

size_t spmc_msg_hdr_size(uint32_t version)
{
	if (FFA_VERSION_MAJOR(version) != 1 || version < FFA_VERSION_1_1)
		return 0;
	return version >= FFA_VERSION_1_2 ? SPMC_MSG_HDR_SIZE_V1_2 : SPMC_MSG_HDR_SIZE_V1_1;
}

const char *spmc_msg_why_name(enum spmc_msg_why why)
{
	static const char *const names[SPMC_MSG_WHY_COUNT] = {
		[SPMC_MSG_OK] = "ok",
		[SPMC_MSG_BAD_VERSION] = "no indirect message header in this version",
		[SPMC_MSG_SHORT] = "buffer shorter than the header",
		[SPMC_MSG_FLAGS] = "reserved flag set",
		[SPMC_MSG_OFFSET] = "payload starts inside the header",
		[SPMC_MSG_BOUNDS] = "payload runs past the buffer",
		[SPMC_MSG_SAME_ENDPOINT] = "sender and receiver are the same endpoint",
	};

	return (unsigned)why < SPMC_MSG_WHY_COUNT && names[why] ? names[why] : "?";
}

static int fail(struct spmc_msg_hdr *out, enum spmc_msg_why *why, enum spmc_msg_why w)
{
	*out = (struct spmc_msg_hdr){0};
	if (why)
		*why = w;
	return w == SPMC_MSG_BAD_VERSION ? FFA_RET_NOT_SUPPORTED : FFA_RET_INVALID_PARAMETERS;
}

int spmc_msg_hdr_parse(const void *buf, size_t len, uint32_t version, struct spmc_msg_hdr *out,
		       enum spmc_msg_why *why)
{
	const uint8_t *b = buf;
	size_t hsize = spmc_msg_hdr_size(version);
	struct spmc_msg_hdr h = {0};

	if (hsize == 0)
		return fail(out, why, SPMC_MSG_BAD_VERSION);
	if (!buf || len < hsize)
		return fail(out, why, SPMC_MSG_SHORT);
	h.flags = spmc_get_le32(b);
	h.offset = spmc_get_le32(b + 8);
	h.receiver = spmc_get_le16(b + 12);
	h.sender = spmc_get_le16(b + 14);
	h.size = spmc_get_le32(b + 16);
	if (hsize == SPMC_MSG_HDR_SIZE_V1_2)
		for (int i = 0; i < 4; i++)
			h.uuid[i] = spmc_get_le32(b + 24 + 4 * i);
	if (h.flags != 0)
		return fail(out, why, SPMC_MSG_FLAGS);
	if (h.offset < hsize)
		return fail(out, why, SPMC_MSG_OFFSET);
	/* In 64 bits: offset and size are 32-bit values, len a size_t. */
	if ((uint64_t)h.offset > len || (uint64_t)h.size > (uint64_t)len - h.offset)
		return fail(out, why, SPMC_MSG_BOUNDS);
	if (h.sender == h.receiver)
		return fail(out, why, SPMC_MSG_SAME_ENDPOINT);
	*out = h;
	if (why)
		*why = SPMC_MSG_OK;
	return 0;
}

int spmc_msg_hdr_encode(const struct spmc_msg_hdr *h, uint32_t version, void *buf, size_t cap)
{
	uint8_t *b = buf;
	size_t hsize = spmc_msg_hdr_size(version);

	if (hsize == 0 || !buf || cap < hsize)
		return FFA_RET_INVALID_PARAMETERS;
	spmc_memset(b, 0, hsize);
	spmc_put_le32(b, h->flags);
	spmc_put_le32(b + 8, h->offset);
	spmc_put_le16(b + 12, h->receiver);
	spmc_put_le16(b + 14, h->sender);
	spmc_put_le32(b + 16, h->size);
	if (hsize == SPMC_MSG_HDR_SIZE_V1_2)
		for (int i = 0; i < 4; i++)
			spmc_put_le32(b + 24 + 4 * i, h->uuid[i]);
	return 0;
}
