/* SPDX-License-Identifier: BSD-3-Clause */
#include "handler_cost.h"

#include "spmc_insns.h"

const struct sim_measured_call *sim_measured_call_find(uint32_t fid)
{
	for (uint32_t i = 0; i < sizeof(sim_measured_calls) / sizeof(sim_measured_calls[0]); i++)
		for (int j = 0; j < 2; j++)
			if (sim_measured_calls[i].fids[j] == fid && fid)
				return &sim_measured_calls[i];
	return 0;
}

void sim_measured_index(const struct sim_measured_call *index[2][256])
{
	for (uint32_t i = 0; i < 2 * 256; i++)
		index[i / 256][i % 256] = 0;
	for (uint32_t i = 0; i < sizeof(sim_measured_calls) / sizeof(sim_measured_calls[0]); i++)
		for (int j = 0; j < 2; j++) {
			uint32_t fid = sim_measured_calls[i].fids[j];

			if (fid)
				index[(fid >> 30) & 1u][fid & 0xffu] = &sim_measured_calls[i];
		}
}

uint64_t sim_measured_cycles(const struct sim_cost_profile *p, const struct sim_measured_call *m,
			     uint64_t pages)
{
	return (m->insns + (pages > 1 ? (pages - 1) * m->insns_per_page : 0)) * p->cpi_milli /
	       1000;
}

uint64_t sim_handler_cycles(const struct sim_cost_profile *p, uint32_t fid, uint64_t pages)
{
	const struct sim_measured_call *m = sim_measured_call_find(fid);

	return m ? sim_measured_cycles(p, m, pages) : p->spmc_handler_base;
}
