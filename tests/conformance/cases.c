/* SPDX-License-Identifier: BSD-3-Clause */
/* The table of every conformance case, from CONF_CASES, and the runner. */
#include "conf.h"

#define CONF_ENTRY(n) {#n, conf_##n},
const struct conf_case conf_cases[] = {CONF_CASES(CONF_ENTRY)};
#undef CONF_ENTRY
const uint32_t conf_case_count = sizeof(conf_cases) / sizeof(conf_cases[0]);

static bool same(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

const struct conf_case *conf_find(const char *name)
{
	for (uint32_t i = 0; i < conf_case_count; i++)
		if (same(conf_cases[i].name, name))
			return &conf_cases[i];
	return NULL;
}

bool conf_run(const struct conf_case *k, const struct sim_env *env, struct conf_ctx *c)
{
	ffa_conduit_fn ffa = env->ffa_call;

	*c = (struct conf_ctx){.env = env, .case_name = k->name};
	k->fn(c);
	/* Give back what a case that stopped early still holds. */
	for (uint32_t i = 0; i < c->handle_count; i++) {
		uint64_t h = c->handles[i];

		(void)ffa_call8(ffa, FFA_MEM_RECLAIM_32, (uint32_t)h, h >> 32, 0, 0, 0, 0, 0);
	}
	c->handle_count = 0;
	if (c->notif_bitmap) {
		(void)ffa_call8(ffa, FFA_NOTIFICATION_BITMAP_DESTROY_32, env->id, 0, 0, 0, 0, 0, 0);
		c->notif_bitmap = false;
	}
	if (c->rxtx_mapped) {
		(void)ffa_rx_release(ffa);
		(void)ffa_rxtx_unmap(ffa);
		c->rxtx_mapped = false;
	}
	return c->failures == 0;
}
