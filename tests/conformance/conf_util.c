/* SPDX-License-Identifier: BSD-3-Clause */
/* The checks and the helpers conformance cases share. No C library. */
#include "conf.h"

#define CONF_STR_(x) #x
#define CONF_STR(x) CONF_STR_(x)

static bool conf_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* True for the first check of the case -DCONF_BREAK_CASE names. */
static bool conf_broken(const struct conf_ctx *c)
{
#ifdef CONF_BREAK_CASE
	return c->checks == 1 && c->case_name && conf_streq(c->case_name, CONF_STR(CONF_BREAK_CASE));
#else
	(void)c;
	(void)conf_streq;
	return false;
#endif
}

static void conf_fail(struct conf_ctx *c, const char *file, int line, const char *expr,
		      uint64_t got, uint64_t want)
{
	if (c->failures++)
		return;
	c->fail_file = file;
	c->fail_line = line;
	c->fail_expr = expr;
	c->fail_got = got;
	c->fail_want = want;
}

bool conf_check_eq(struct conf_ctx *c, uint64_t got, uint64_t want, const char *file, int line,
		   const char *expr)
{
	c->checks++;
	if (conf_broken(c))
		want += 1;
	if (got == want)
		return true;
	conf_fail(c, file, line, expr, got, want);
	return false;
}

bool conf_check_true(struct conf_ctx *c, bool cond, const char *file, int line, const char *expr)
{
	c->checks++;
	if (conf_broken(c))
		cond = !cond;
	if (cond)
		return true;
	conf_fail(c, file, line, expr, 0, 1);
	return false;
}

bool conf_expect_error(struct conf_ctx *c, const struct ffa_value *r, int32_t code,
		       const char *file, int line)
{
	return conf_check_eq(c, (uint32_t)r->x[0], FFA_ERROR_32, file, line,
			     "w0 == FFA_ERROR_32") &&
	       conf_check_eq(c, (uint32_t)r->x[2], (uint32_t)code, file, line,
			     "w2 (error code) == expected");
}

/* DEN0077 FFA_VERSION: every case speaks v1.2 (layouts follow the negotiated version). */
bool conf_setup(struct conf_ctx *c)
{
	struct ffa_value r = ffa_version(c->env->ffa_call, FFA_VERSION_1_2);

	CONF_EQ_R(c, FFA_VERSION_MAJOR((uint32_t)r.x[0]), 1, false);
	CONF_TRUE_R(c, FFA_VERSION_MINOR((uint32_t)r.x[0]) >= 2, false);
	CONF_EQ_R(c, c->env->mem_base % FFA_PAGE_SIZE, 0, false);
	CONF_TRUE_R(c, c->env->mem_size >= CONF_MEM_MIN, false);
	return true;
}

bool conf_map(struct conf_ctx *c)
{
	struct ffa_value r = ffa_rxtx_map(c->env->ffa_call, conf_tx(c), conf_rx(c), 1);

	CONF_EQ_R(c, (uint32_t)r.x[0], FFA_SUCCESS_32, false);
	c->rxtx_mapped = true;
	return true;
}

bool conf_unmap(struct conf_ctx *c)
{
	struct ffa_value r = ffa_rxtx_unmap(c->env->ffa_call);

	CONF_EQ_R(c, (uint32_t)r.x[0], FFA_SUCCESS_32, false);
	c->rxtx_mapped = false;
	return true;
}

/* DEN0077 FFA_PARTITION_INFO_GET: one descriptor per partition with the UUID,
 * in the caller's RX buffer, which it owns until FFA_RX_RELEASE. */
bool conf_find_id(struct conf_ctx *c, const uint32_t uuid[4], ffa_id_t *id)
{
	bool mapped_here = !c->rxtx_mapped;
	struct ffa_value r;

	if (mapped_here && !conf_map(c))
		return false;
	r = ffa_partition_info_get(c->env->ffa_call, uuid, 0);
	CONF_EQ_R(c, (uint32_t)r.x[0], FFA_SUCCESS_32, false);
	CONF_EQ_R(c, (uint32_t)r.x[2], 1, false);
	*id = conf_get16(conf_ptr(c, conf_rx(c)));
	r = ffa_rx_release(c->env->ffa_call);
	CONF_EQ_R(c, (uint32_t)r.x[0], FFA_SUCCESS_32, false);
	CONF_TRUE_R(c, ffa_id_is_secure(*id), false);
	return mapped_here ? conf_unmap(c) : true;
}

void conf_hold(struct conf_ctx *c, uint64_t handle)
{
	if (c->handle_count < CONF_MAX_HANDLES)
		c->handles[c->handle_count++] = handle;
}

void conf_drop(struct conf_ctx *c, uint64_t handle)
{
	for (uint32_t i = 0; i < c->handle_count; i++)
		if (c->handles[i] == handle) {
			c->handles[i] = c->handles[--c->handle_count];
			return;
		}
}

/* The v1.2 layout: 48-byte header, one 32-byte endpoint memory access
 * descriptor at 48, the composite at 80, one constituent at 96. */
uint32_t conf_mem_desc(uint8_t *d, ffa_id_t sender, ffa_id_t receiver, uint64_t addr,
		       uint32_t pages, bool share)
{
	for (uint32_t i = 0; i < CONF_MEM_DESC_LEN; i++)
		d[i] = 0;
	sp_put16(d + 0, sender);
	/* Shared memory keeps the sender's view, so the sender chooses its
	 * attributes; a single borrower of lent memory chooses them itself. */
	if (share)
		sp_put16(d + 2, (FFA_MEM_TYPE_NORMAL << FFA_MEM_TYPE_SHIFT) |
				       (FFA_MEM_NORMAL_WB << FFA_MEM_CACHEABILITY_SHIFT) |
				       FFA_MEM_INNER_SHAREABLE);
	sp_put32(d + 24, 32);
	sp_put32(d + 28, 1);
	sp_put32(d + 32, 48);
	sp_put16(d + 48, receiver);
	d[50] = FFA_MEM_DATA_RW;
	sp_put32(d + 52, 80);
	sp_put32(d + 80, pages);
	sp_put32(d + 84, 1);
	sp_put64(d + 96, addr);
	sp_put32(d + 104, pages);
	return CONF_MEM_DESC_LEN;
}
