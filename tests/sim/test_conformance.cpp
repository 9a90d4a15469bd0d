/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The FF-A conformance cases of tests/conformance, run by the simulator: one
 * test per case of CONF_CASES, each on a fresh system with the standard
 * partitions (echo MP, kv), the case running as the normal world on CPU 0.
 * The same cases run unchanged as a bare-metal normal world. Beyond each
 * case's own checks, the simulator confirms it left the system as it found
 * it. And the harness itself is tested: a check that fails must be reported.
 */
#include <cstring>
#include <string>

#include "sim_fixture.h"

#include "conf.h"
#include "hal.h"

using namespace st;

namespace {

/* Scratch normal-world memory for the cases: 2 MiB, away from what other
 * suites' fixtures use at the start of NS DRAM. */
constexpr uint64_t CONF_MEM_BASE = SIM_NS_DRAM_BASE + (16ull << 20);
constexpr uint64_t CONF_MEM_SIZE = 2ull << 20;

std::string hex(uint64_t v)
{
	char b[24];
	std::snprintf(b, sizeof(b), "0x%llx", (unsigned long long)v);
	return b;
}

std::string report(const conf_ctx &c)
{
	return std::string("case ") + c.case_name + ": " + (c.fail_file ? c.fail_file : "?") + ":" +
	       std::to_string(c.fail_line) + ": " + (c.fail_expr ? c.fail_expr : "?") +
	       ": got " + hex(c.fail_got) + ", want " + hex(c.fail_want);
}

} // namespace

TEST_GROUP(Conformance)
{
	Sim sim;

	void teardown() override
	{
		sim.stop();
	}

	sim_env env{};

	void boot()
	{
		sim.standard().start();
		env = *sim_nwd_env(sim.get());
		env.mem_base = CONF_MEM_BASE;
		env.mem_size = CONF_MEM_SIZE;
		/* The state a case must leave: the version every case negotiates. */
		ffa_version(nwd, FFA_VERSION_1_2);
	}

	/* One case on the running system, which it must leave as it found it. */
	void run_case(const conf_case *k)
	{
		Snapshot before = sim.snapshot();
		conf_ctx c;

		if (!conf_run(k, &env, &c))
			FAIL_TEST(report(c).c_str());
		CHECK_TRUE(c.checks > 0);
		CHECK_STATE_UNCHANGED(sim, before);
		/* Every scratch page is the normal world's again ... */
		for (uint64_t off = 0; off < CONF_MEM_MIN; off += FFA_PAGE_SIZE)
			CHECK_EQUAL(HAL_MEM_R | HAL_MEM_W | HAL_MEM_X,
				    sim_nwd_access(sim.get(), CONF_MEM_BASE + off));
		/* ... and it has no notification bitmap (creating one succeeds). */
		CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_NOTIFICATION_BITMAP_CREATE_32, env.id, 1, 0, 0,
					    0, 0, 0));
		CHECK_FFA_SUCCESS(ffa_call8(nwd, FFA_NOTIFICATION_BITMAP_DESTROY_32, env.id, 0, 0, 0,
					    0, 0, 0));
	}

	void run(const char *name)
	{
		const conf_case *k = conf_find(name);
		CHECK_TEXT(k != nullptr, name);
		boot();
		run_case(k);
	}
};

#define CONF_TEST(n)                                                                         \
	TEST(Conformance, n)                                                                 \
	{                                                                                    \
		run(#n);                                                                     \
	}
CONF_CASES(CONF_TEST)
#undef CONF_TEST

// Every case on one system, as a bare-metal normal world runs them: in table order, then in reverse; each leaves the system as it found it, so order does not matter
TEST(Conformance, AllCasesInOneSystemBothOrders)
{
	boot();
	for (uint32_t i = 0; i < conf_case_count; i++)
		run_case(&conf_cases[i]);
	for (uint32_t i = conf_case_count; i-- > 0;)
		run_case(&conf_cases[i]);
}

namespace {

int meta_line_eq, meta_line_true;
bool meta_reached;

void meta_failing_eq(conf_ctx *c)
{
	CONF_EQ(c, 1, 1);
	meta_line_eq = __LINE__ + 1;
	CONF_EQ(c, 0x10 + 1, 0x10 + 2);
	meta_reached = true; /* a case stops at its first failure */
}

void meta_failing_true(conf_ctx *c)
{
	meta_line_true = __LINE__ + 1;
	CONF_TRUE(c, 2 + 2 == 5);
	meta_reached = true;
}

void meta_passing(conf_ctx *c)
{
	CONF_EQ(c, 7, 7);
	CONF_TRUE(c, true);
}

ffa_value no_conduit(ffa_value)
{
	FAIL_TEST("the runner made an FF-A call for a case that holds nothing");
	return ffa_value{};
}

} // namespace

// The harness: a failed check is recorded (file, line, expression, got, want), ends the case, and makes the run fail; a case whose checks hold passes
TEST(Conformance, HarnessReportsFailures)
{
	sim_env env{};
	env.ffa_call = no_conduit;
	conf_ctx c;

	const conf_case eq = {"meta_failing_eq", meta_failing_eq};
	meta_reached = false;
	CHECK_FALSE(conf_run(&eq, &env, &c));
	CHECK_FALSE(meta_reached);
	CHECK_EQUAL(2u, c.checks);
	CHECK_EQUAL(1u, c.failures);
	STRCMP_EQUAL("meta_failing_eq", c.case_name);
	STRCMP_CONTAINS("test_conformance.cpp", c.fail_file);
	CHECK_EQUAL(meta_line_eq, c.fail_line);
	STRCMP_EQUAL("0x10 + 1 == 0x10 + 2", c.fail_expr);
	CHECK_EQUAL((uint64_t)0x11, c.fail_got);
	CHECK_EQUAL((uint64_t)0x12, c.fail_want);
	STRCMP_CONTAINS("got 0x11, want 0x12", report(c).c_str());

	const conf_case tr = {"meta_failing_true", meta_failing_true};
	meta_reached = false;
	CHECK_FALSE(conf_run(&tr, &env, &c));
	CHECK_FALSE(meta_reached);
	CHECK_EQUAL(1u, c.failures);
	CHECK_EQUAL(meta_line_true, c.fail_line);
	STRCMP_EQUAL("2 + 2 == 5", c.fail_expr);

	const conf_case ok = {"meta_passing", meta_passing};
	CHECK_TRUE(conf_run(&ok, &env, &c));
	CHECK_EQUAL(2u, c.checks);
	CHECK_EQUAL(0u, c.failures);
}

// The case table: built from CONF_CASES, every name unique and found by conf_find
TEST(Conformance, CaseTable)
{
	CHECK_TRUE(conf_case_count >= 20);
	for (uint32_t i = 0; i < conf_case_count; i++) {
		POINTERS_EQUAL(&conf_cases[i], conf_find(conf_cases[i].name));
		for (uint32_t j = 0; j < i; j++)
			CHECK_TRUE(std::strcmp(conf_cases[i].name, conf_cases[j].name) != 0);
	}
	POINTERS_EQUAL(nullptr, conf_find("no_such_case"));
}
