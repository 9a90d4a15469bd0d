/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The translation table builder against a reference model: thousands of
 * random map and unmap operations (fixed seeds) over a small input range,
 * every page compared with the model through the decoder of
 * pgtable_fixture.h, with 1 GiB, 2 MiB and 4 KiB descriptors all in use, no
 * empty table left behind, and a pool small enough to run out.
 */
#include "pgtable_fixture.h"

#define WIN (2 * GB1)
#define WIN_PAGES (WIN / PAGE)
static uint64_t model_pa[WIN_PAGES];
static uint8_t model_at[WIN_PAGES]; /* attrs + 1; 0 = not mapped */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static uint64_t rnd_below(uint64_t n)
{
	return rnd() % n;
}

static uint32_t rnd_attrs(enum pt_stage stage)
{
	uint32_t a;

	if (stage == PT_STAGE1_EL2) {
		a = HAL_MEM_R | (uint32_t)(rnd() & (HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS));
	} else {
		do
			a = (uint32_t)(rnd() & (HAL_MEM_R | HAL_MEM_W | HAL_MEM_X));
		while (!a);
	}
	if (rnd_below(5) == 0) {
		a &= ~HAL_MEM_X;
		a |= HAL_MEM_DEVICE;
		if (stage != PT_STAGE1_EL2 && !(a & (HAL_MEM_R | HAL_MEM_W)))
			a |= HAL_MEM_R;
	}
	return a;
}

static void check_page(uint64_t va)
{
	struct leaf l = w_walk(&pt, va);
	uint64_t i = va / PAGE;

	if (va >= WIN) {
		assert_int_equal(l.level, -1);
		return;
	}
	if (!model_at[i]) {
		if (l.level != -1) {
			print_error("va 0x%llx mapped, the model says not\n", (unsigned long long)va);
			fail();
		}
		return;
	}
	if (l.level < 0 || l.pa != model_pa[i] || l.attrs != (uint32_t)(model_at[i] - 1)) {
		print_error("va 0x%llx: level %d pa 0x%llx attrs 0x%x; model pa 0x%llx attrs 0x%x\n",
			    (unsigned long long)va, l.level, (unsigned long long)l.pa, l.attrs,
			    (unsigned long long)model_pa[i], model_at[i] - 1);
		fail();
	}
}

static uint64_t leaf_pages;
static unsigned nhold; /* pool pages held back by random_run */
static unsigned seen[4]; /* leaves by level, summed over check_all() */

static void check_table(const uint64_t *tab, unsigned level, uint64_t base)
{
	for (unsigned i = 0; i < 512; i++) {
		uint64_t d = tab[i], va = base + ((uint64_t)i << w_shift(level));
		uint64_t n, pa;
		uint32_t a;

		if (!W_VALID(d))
			continue;
		if (level < 3 && W_TYPE(d) == 3) {
			check_table(tva(W_ADDR(d)), level + 1, va);
			continue;
		}
		assert_true(level >= 1);
		n = 1ull << (w_shift(level) - 12);
		pa = W_ADDR(d);
		a = w_decode(pt.stage, d, level);
		assert_true(va + n * PAGE <= WIN);
		for (uint64_t p = 0; p < n; p++) {
			uint64_t k = va / PAGE + p;

			if (model_at[k] != a + 1 || model_pa[k] != pa + p * PAGE) {
				print_error("va 0x%llx: pa 0x%llx attrs 0x%x; model pa 0x%llx "
					    "attrs 0x%x\n", (unsigned long long)(k * PAGE),
					    (unsigned long long)(pa + p * PAGE), a,
					    (unsigned long long)model_pa[k], model_at[k] - 1);
				fail();
			}
		}
		leaf_pages += n;
	}
}

/* The whole tree against the whole model, and the pool's accounting. */
static void check_all(void)
{
	uint64_t mapped = 0;
	struct census c = w_census(&pt);

	for (unsigned l = 0; l < 4; l++)
		seen[l] += c.leaves[l];
	for (uint64_t i = 0; i < WIN_PAGES; i++)
		mapped += model_at[i] != 0;
	leaf_pages = 0;
	check_table(tva(pt_root_pa(&pt)), w_start_level(pt.ia_bits), 0);
	assert_int_equal(leaf_pages, mapped);
	assert_int_equal(c.tables + nhold + pt_pool_free_pages(&pool), POOL_PAGES);
	assert_int_equal(c.empty, c.leaves[0] + c.leaves[1] + c.leaves[2] + c.leaves[3] ? 0 : 1);
}

static void random_run(enum pt_stage stage, unsigned ia, uint64_t seed, unsigned ops,
		       size_t pool_limit, unsigned *failures)
{
	static struct pt hold[POOL_PAGES];

	nhold = 0;
	memset(seen, 0, sizeof(seen));
	rng_state = seed;
	memset(model_pa, 0, sizeof(model_pa));
	memset(model_at, 0, sizeof(model_at));
	init(stage, ia, 40);
	/* A smaller pool: hold pages in empty tables of their own. */
	while (pt_pool_free_pages(&pool) > pool_limit)
		assert_int_equal(pt_init(&hold[nhold++], PT_STAGE2, 32, 40, &pool), 0);

	for (unsigned op = 0; op < ops; op++) {
		static const uint64_t grain[] = {PAGE, PAGE, MB2, MB2, GB1};
		uint64_t g = grain[rnd_below(5)];
		uint64_t va = rnd_below(WIN / g) * g, size = g * (1 + rnd_below(g == GB1 ? 2 : 6));
		uint64_t delta, pa;
		uint32_t attrs = rnd_attrs(stage);
		bool unmap = rnd_below(5) < 2;
		size_t free_before = pt_pool_free_pages(&pool);
		int rc;

		if (rnd_below(3) == 0) { /* ragged edges: blocks partly covered */
			va += rnd_below(4) * PAGE;
			size += rnd_below(4) * PAGE;
		}
		if (va >= WIN)
			va = WIN - PAGE;
		if (size > WIN - va)
			size = WIN - va;
		/* Output: block-aligned most of the time, a page off sometimes. */
		delta = (1 + rnd_below(60)) * GB1;
		if (rnd_below(4) == 0)
			delta += rnd_below(8) * MB2 + rnd_below(3) * PAGE;
		pa = va + delta;
		if (stage == PT_STAGE2_NS)
			attrs |= HAL_MEM_NS;

		rc = unmap ? pt_unmap(&pt, va, size) : pt_map(&pt, va, pa, size, attrs);
		if (rc == FFA_RET_NO_MEMORY) {
			(*failures)++;
			assert_int_equal(pt_pool_free_pages(&pool), free_before);
		} else {
			assert_int_equal(rc, 0);
			for (uint64_t p = 0; p < size / PAGE; p++) {
				model_at[va / PAGE + p] = unmap ? 0 : (uint8_t)(attrs + 1);
				model_pa[va / PAGE + p] = unmap ? 0 : pa + p * PAGE;
			}
		}
		/* Spot checks in and around the range, whole checks now and then. */
		check_page(va);
		check_page(va + size - PAGE);
		if (va >= PAGE)
			check_page(va - PAGE);
		check_page(va + size);
		for (unsigned k = 0; k < 6; k++)
			check_page(va + rnd_below(size / PAGE) * PAGE);
		if (op % 50 == 49 || (rc == FFA_RET_NO_MEMORY && *failures % 8 == 1))
			check_all();
	}
	check_all();
	/* The run went through every descriptor size. */
	assert_true(seen[1] > 0 && seen[2] > 0 && seen[3] > 0);
	/* Unmapping the window returns every page but the root. */
	assert_int_equal(pt_unmap(&pt, 0, WIN), 0);
	memset(model_at, 0, sizeof(model_at));
	check_all();
	assert_int_equal(pt_pool_free_pages(&pool), pool_limit);
	pt_destroy(&pt);
	while (nhold > 0)
		pt_destroy(&hold[--nhold]);
	assert_int_equal(pt_pool_free_pages(&pool), POOL_PAGES);
}

static void test_random_stage2(void **state)
{
	unsigned failures = 0;

	(void)state;
	random_run(PT_STAGE2, 32, 0x5eed0001ull, 3000, POOL_PAGES - 1, &failures);
	assert_int_equal(failures, 0);
}

static void test_random_stage1(void **state)
{
	unsigned failures = 0;

	(void)state;
	random_run(PT_STAGE1_EL2, 40, 0x5eed0002ull, 3000, POOL_PAGES - 1, &failures);
	assert_int_equal(failures, 0);
}

/* A pool too small for the worst case: some calls fail, and change nothing. */
static void test_random_small_pool(void **state)
{
	unsigned failures = 0;

	(void)state;
	random_run(PT_STAGE2_NS, 36, 0x5eed0003ull, 2000, 120, &failures);
	assert_true(failures > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_random_stage2, setup),
		cmocka_unit_test_setup(test_random_stage1, setup),
		cmocka_unit_test_setup(test_random_small_pool, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
