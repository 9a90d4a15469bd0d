/* SPDX-License-Identifier: BSD-3-Clause */
/* What the example normal-world image reports, at the start of its memory. */
#ifndef EXAMPLES_NWD_PROBE_H
#define EXAMPLES_NWD_PROBE_H

#include <stdint.h>

#define NWD_PROBE_MAGIC 0x4e57444fu /* "NWDO" */
#define NWD_PROBE_MAX 64

struct nwd_probe_report {
	uint32_t magic;
	uint32_t version;      /* what FFA_VERSION returned */
	uint32_t partitions;   /* FFA_PARTITION_INFO_GET's count */
	uint32_t answered;     /* direct requests answered with a response */
	uint32_t done;
	uint16_t ids[NWD_PROBE_MAX];
	uint32_t props[NWD_PROBE_MAX];
};

#endif
