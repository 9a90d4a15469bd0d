/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test harness for the whole-system suites: builds a simulator with a chosen
 * set of partitions, starts it (the test thread becomes the normal world on
 * CPU 0), and destroys it in teardown. Only one simulator may exist per
 * process, so every test owns exactly one st::Sim and stops it before the
 * next is started.
 */
#ifndef TESTS_SIM_SIM_FIXTURE_H
#define TESTS_SIM_SIM_FIXTURE_H

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <ffa/ffa.h>

#include "example_sps.h"
#include "profiles/profiles.h"
#include "sim.h"
#include "spmc.h"

#include <CppUTest/TestHarness.h>

namespace st {

/* The example partitions, as the default simulation (tools/spmc-sim.c) sets them up. */
constexpr ffa_id_t ECHO_ID = 0x8001;
constexpr ffa_id_t KV_ID = 0x8002;
extern const uint32_t ECHO_UUID[4];
extern const uint32_t KV_UUID[4];
extern const uint32_t NIL_UUID[4];

/* Where the tests put the normal world's RX/TX buffers (NS DRAM). */
constexpr uint64_t NWD_TX = SIM_NS_DRAM_BASE;
constexpr uint64_t NWD_RX = SIM_NS_DRAM_BASE + FFA_PAGE_SIZE;

/* A partition description; entry runs on every context the SP has. */
sim_sp make_sp(const char *name, ffa_id_t id, sim_entry_fn entry, uint32_t properties,
	       uint16_t ec_count = 1, uint16_t boot_order = 0, void *user = nullptr,
	       const uint32_t *uuid = nullptr);
/* The echo SP: MP with `ec_count` contexts, REQ and REQ2 receiver, boot order 1. */
sim_sp echo_sp(uint16_t ec_count);
/* The key-value SP: UP, sends and receives direct requests, boot order 2. */
sim_sp kv_sp();

/* The normal world's conduit (the running simulator's sim_call), usable with
 * every ffa/client.h wrapper. */
struct ffa_value nwd(struct ffa_value in);

/* One register set. */
struct ffa_value regs(uint64_t x0, uint64_t x1 = 0, uint64_t x2 = 0, uint64_t x3 = 0,
		      uint64_t x4 = 0, uint64_t x5 = 0, uint64_t x6 = 0, uint64_t x7 = 0);
/* REQ2 target UUID as x2/x3 carry it: words 0|1 in x2, 2|3 in x3. */
uint64_t uuid_lo(const uint32_t uuid[4]);
uint64_t uuid_hi(const uint32_t uuid[4]);

/* Every context's runtime state and every endpoint's mailbox ownership and
 * version: what a failed call must leave exactly as it was. */
struct Snapshot {
	std::vector<std::string> items;
	bool operator==(const Snapshot &o) const { return items == o.items; }
	std::string diff(const Snapshot &after) const;
};

class Sim {
public:
	Sim();
	~Sim();
	Sim(const Sim &) = delete;
	Sim &operator=(const Sim &) = delete;

	/* Configuration, before start(). */
	Sim &cpus(uint32_t n);
	Sim &profile(const char *name);
	Sim &placement(enum sim_placement p);
	Sim &trace(size_t capacity);
	Sim &no_pinning(bool on);
	Sim &add(const sim_sp &sp);
	/* echo (MP) and kv (UP), as `make run` has them. */
	Sim &standard();

	/* Creates and boots; fails the current test if either step fails. */
	void start();
	/* Destroys the simulator (safe to call twice); configuration is kept, so
	 * start() again builds the same system. */
	void stop();
	bool running() const { return s_ != nullptr; }
	/* stop(), and back to the default configuration with no partitions. A
	 * test that builds several systems reuses its one Sim this way: CppUTest
	 * leaves a failed test by longjmp, so a running local Sim would never be
	 * destroyed, while the fixture's own is stopped in teardown. */
	void reset();

	struct sim *get() const { return s_; }
	struct spmc *core() const { return sim_spmc(s_); }
	uint32_t cpu_count() const { return cfg_.cpus; }
	const std::vector<sim_sp> &sps() const { return sps_; }

	struct ffa_value call(struct ffa_value in) { return sim_call(s_, in); }
	/* Starts normal-world program fn on idle secondary CPU `cpu`; it runs as
	 * the scheduler picks that CPU (at the latest in wait_idle()). */
	void run_nwd(uint32_t cpu, sim_entry_fn fn, void *user);
	/* CPU 0's normal world waits until no other CPU has work left. */
	void wait_idle() { sim_wait_idle(s_); }
	/* The normal world's view of NS DRAM at physical address pa. */
	void *nwd_ptr(uint64_t pa) const { return sim_nwd_ptr(s_, pa); }

	enum spmc_ec_state state(ffa_id_t id, uint16_t ec) const;
	enum spmc_ec_state nwd_state(uint32_t cpu = 0) const;
	Snapshot snapshot() const;

	/* Everything the SPMC and SPs printed so far. */
	std::string console() const;
	/* The formatted trace, one line per kept event. */
	std::vector<std::string> trace_lines() const;
	/* Kept trace events. */
	std::vector<const sim_trace_event *> events() const;
	/* Kept trace events of one kind (enum sim_trace_kind). */
	std::vector<const sim_trace_event *> events_of(uint8_t kind) const;

private:
	sim_config cfg_;
	std::vector<sim_sp> sps_;
	struct sim *s_ = nullptr;
	FILE *console_ = nullptr;
	char *console_buf_ = nullptr;
	size_t console_len_ = 0;
};

/* ---- checks that report FF-A values by name; macros keep the test's line ---- */
std::string describe(const struct ffa_value &v);
void check_error(const struct ffa_value &v, int32_t code, const char *file, int line);
void check_func(const struct ffa_value &v, uint32_t func, const char *file, int line);
void check_unchanged(const Snapshot &before, const Snapshot &after, const char *file, int line);

} // namespace st

/* v is FFA_ERROR with error code `code`. */
#define CHECK_FFA_ERROR(v, code) st::check_error((v), (code), __FILE__, __LINE__)
/* w0 of v is function ID `func` (FFA_SUCCESS_32, a response ...). */
#define CHECK_FFA_FUNC(v, func) st::check_func((v), (func), __FILE__, __LINE__)
#define CHECK_FFA_SUCCESS(v) st::check_func((v), FFA_SUCCESS_32, __FILE__, __LINE__)
/* Every context state, mailbox owner and version is as in `before`. */
#define CHECK_STATE_UNCHANGED(sim, before) \
	st::check_unchanged((before), (sim).snapshot(), __FILE__, __LINE__)
/* 64-bit register comparisons, printed in hex. */
#define CHECK_REG(expected, actual)                                                          \
	CHECK_EQUAL_TEXT((uint64_t)(expected), (uint64_t)(actual),                           \
			 (HexStringFrom((uint64_t)(expected)) + " expected, got " +         \
			  HexStringFrom((uint64_t)(actual)))                                  \
				 .asCharString())

#endif
