/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The BL2 model: what TF-A's BL2 does for FIP SPs before the SPMC starts. It
 * reads its SP list (TB_FW_CONFIG's "arm,sp" node, or else the SPMC manifest's
 * own list), finds each package in the FIP by UUID and copies it to the load
 * address the list gives. When both lists are given, every disagreement
 * between them is reported naming both values.
 */
#ifndef SIM_BL2_H
#define SIM_BL2_H

#include <stddef.h>

struct sim;

/* Returns how many packages were placed; problems go to the simulator's log. */
unsigned sim_bl2_load(struct sim *s, const void *fip, size_t fip_size, const void *bl2_cfg,
		      size_t bl2_cfg_size, const void *spmc_manifest, size_t spmc_manifest_size);

#endif
