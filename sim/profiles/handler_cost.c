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

const struct sim_measured_call *sim_measured_calls_all(uint32_t *count)
{
	*count = (uint32_t)(sizeof(sim_measured_calls) / sizeof(sim_measured_calls[0]));
	return sim_measured_calls;
}

uint64_t sim_insns_to_cycles(const struct sim_cost_profile *p, uint64_t insns)
{
	return insns * p->cpi_milli / 1000;
}

uint64_t sim_handler_cycles(const struct sim_cost_profile *p, uint32_t fid, uint64_t pages)
{
	const struct sim_measured_call *m = sim_measured_call_find(fid);

	if (!m)
		return p->spmc_handler_base;
	return sim_insns_to_cycles(p, m->insns + (pages > 1 ? (pages - 1) * m->insns_per_page : 0));
}
