/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness for the indirect message header codec (libspmc/msg/
 * msg_hdr.h). Input: byte 0 picks the version (v1.0, v1.1, v1.2, or an
 * unknown one), bytes 1..2 how much of the rest is the buffer's length; the
 * rest is the buffer. Checked: parsing never reads past len (ASan: the buffer
 * is a heap copy of exactly len bytes), an accepted header's payload lies
 * inside the buffer past the header, and encoding it back reproduces the
 * fields a second parse reads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ffa/ffa.h>

#include "msg/msg_hdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t versions[] = {FFA_VERSION_1_0, FFA_VERSION_1_1, FFA_VERSION_1_2,
					    FFA_VERSION_MAKE(1, 3), FFA_VERSION_MAKE(2, 0)};
	struct spmc_msg_hdr h, again;
	enum spmc_msg_why why;
	uint32_t version;
	size_t len;
	uint8_t *buf;
	int rc;

	if (size < 3)
		return 0;
	version = versions[data[0] % (sizeof(versions) / sizeof(versions[0]))];
	len = (size_t)(data[1] | data[2] << 8) % (size - 2 + 1);
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	memcpy(buf, data + 3, len < size - 3 ? len : size - 3);
	if (len > size - 3)
		memset(buf + (size - 3), 0, len - (size - 3));
	rc = spmc_msg_hdr_parse(buf, len, version, &h, &why);
	if (rc == 0) {
		size_t hsize = spmc_msg_hdr_size(version);

		if (why != SPMC_MSG_OK || h.offset < hsize || h.offset > len ||
		    h.size > len - h.offset || h.flags || h.sender == h.receiver)
			abort();
		if (spmc_msg_hdr_encode(&h, version, buf, len) != 0 ||
		    spmc_msg_hdr_parse(buf, len, version, &again, NULL) != 0 ||
		    memcmp(&h, &again, sizeof(h)) != 0)
			abort();
	} else if (rc != FFA_RET_INVALID_PARAMETERS && rc != FFA_RET_NOT_SUPPORTED) {
		abort();
	} else if (why == SPMC_MSG_OK || why >= SPMC_MSG_WHY_COUNT) {
		abort();
	}
	free(buf);
	return 0;
}
