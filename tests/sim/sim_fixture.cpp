/* SPDX-License-Identifier: BSD-3-Clause */
#include "sim_fixture.h"

#include <cinttypes>
#include <cstdlib>
#include <cstring>

namespace st {

const uint32_t ECHO_UUID[4] = ECHO_SP_UUID;
const uint32_t KV_UUID[4] = KV_SP_UUID;
const uint32_t NIL_UUID[4] = {0, 0, 0, 0};

/* The simulator the normal-world conduit talks to (one per process). */
static Sim *current;

sim_sp make_sp(const char *name, ffa_id_t id, sim_entry_fn entry, uint32_t properties,
	       uint16_t ec_count, uint16_t boot_order, void *user, const uint32_t *uuid)
{
	sim_sp sp;

	std::memset(&sp, 0, sizeof(sp));
	sp.name = name;
	sp.id = id;
	sp.ec_count = ec_count;
	sp.properties = properties;
	sp.boot_order = boot_order;
	sp.entry = entry;
	sp.user = user;
	if (uuid) {
		std::memcpy(sp.uuid, uuid, sizeof(sp.uuid));
	} else { /* a distinct UUID per ID, so UUID lookups never match by accident */
		sp.uuid[0] = 0x75000000u | id;
		sp.uuid[1] = 0x1234;
		sp.uuid[2] = 0x5678;
		sp.uuid[3] = id;
	}
	return sp;
}

sim_sp echo_sp(uint16_t ec_count)
{
	return make_sp("echo", ECHO_ID, echo_sp_main,
		       FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ2_RECV, ec_count, 1, nullptr,
		       ECHO_UUID);
}

sim_sp kv_sp()
{
	return make_sp("kv-store", KV_ID, kv_sp_main,
		       FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND, 1, 2, nullptr, KV_UUID);
}

struct ffa_value nwd(struct ffa_value in)
{
	if (!current || !current->running())
		FAIL("normal-world call with no simulator running");
	return current->call(in);
}

struct ffa_value regs(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4,
		      uint64_t x5, uint64_t x6, uint64_t x7)
{
	struct ffa_value v = {{x0, x1, x2, x3, x4, x5, x6, x7}};

	return v;
}

uint64_t uuid_lo(const uint32_t uuid[4])
{
	return (uint64_t)uuid[0] | ((uint64_t)uuid[1] << 32);
}

uint64_t uuid_hi(const uint32_t uuid[4])
{
	return (uint64_t)uuid[2] | ((uint64_t)uuid[3] << 32);
}

/* ---- Sim ---- */

Sim::Sim()
{
	reset();
}

void Sim::reset()
{
	stop();
	sps_.clear();
	std::memset(&cfg_, 0, sizeof(cfg_));
	cfg_.cpus = 4;
	cfg_.profile = "juno-a57";
	cfg_.placement = SIM_SPMC_SEL2;
	cfg_.trace_capacity = 4096;
}

Sim::~Sim()
{
	stop();
}

Sim &Sim::cpus(uint32_t n)
{
	cfg_.cpus = n;
	return *this;
}

Sim &Sim::profile(const char *name)
{
	cfg_.profile = name;
	return *this;
}

Sim &Sim::placement(enum sim_placement p)
{
	cfg_.placement = p;
	return *this;
}

Sim &Sim::trace(size_t capacity)
{
	cfg_.trace_capacity = capacity;
	return *this;
}

Sim &Sim::no_pinning(bool on)
{
	cfg_.no_pinning = on;
	return *this;
}

Sim &Sim::add(const sim_sp &sp)
{
	sps_.push_back(sp);
	return *this;
}

Sim &Sim::standard()
{
	add(echo_sp((uint16_t)cfg_.cpus));
	return add(kv_sp());
}

void Sim::start()
{
	char err[256] = "";

	if (s_)
		FAIL("Sim::start: already running");
	if (current)
		FAIL("Sim::start: another simulator is running (one per process)");
	cfg_.sps = sps_.data();
	cfg_.sp_count = (uint32_t)sps_.size();
	s_ = sim_create(&cfg_, err, sizeof(err));
	if (!s_)
		FAIL((std::string("sim_create: ") + err).c_str());
	current = this;
	console_ = open_memstream(&console_buf_, &console_len_);
	if (console_)
		sim_set_console(s_, console_);
	if (sim_start(s_) != 0)
		FAIL("sim_start failed");
}

void Sim::stop()
{
	if (s_) {
		sim_destroy(s_);
		s_ = nullptr;
	}
	if (current == this)
		current = nullptr;
	if (console_) {
		std::fclose(console_);
		console_ = nullptr;
	}
	std::free(console_buf_);
	console_buf_ = nullptr;
	console_len_ = 0;
}

void Sim::run_nwd(uint32_t cpu, sim_entry_fn fn, void *user)
{
	if (sim_run_nwd(s_, cpu, fn, user) != 0)
		FAIL("sim_run_nwd refused");
}

enum spmc_ec_state Sim::state(ffa_id_t id, uint16_t ec) const
{
	struct spmc_ec *e = spmc_find_ec(core(), id, ec);

	if (!e)
		FAIL("Sim::state: no such context");
	return spmc_ec_state(e);
}

enum spmc_ec_state Sim::nwd_state(uint32_t cpu) const
{
	return spmc_ec_state(spmc_nwd_ec(core(), cpu));
}

Snapshot Sim::snapshot() const
{
	Snapshot snap;
	char buf[128];
	std::vector<ffa_id_t> ids;

	ids.push_back(FFA_ID_NWD_NO_HYP);
	for (const sim_sp &sp : sps_)
		ids.push_back(sp.id);
	for (ffa_id_t id : ids) {
		bool nwd = id == FFA_ID_NWD_NO_HYP;
		uint32_t n = nwd ? cfg_.cpus : 0;

		std::snprintf(buf, sizeof(buf), "%04x: version 0x%x, RX %s, %s", id,
			      spmc_endpoint_version(core(), id),
			      spmc_rx_owned_by_endpoint(core(), id) ? "owned by endpoint" : "free",
			      spmc_partition_aborted(core(), id) ? "aborted" : "alive");
		snap.items.push_back(buf);
		for (uint16_t ec = 0;; ec++) {
			struct spmc_ec *e = nwd ? (ec < n ? spmc_nwd_ec(core(), ec) : nullptr)
						: spmc_find_ec(core(), id, ec);

			if (!e)
				break;
			std::snprintf(buf, sizeof(buf), "%04x/%u: state %d", id, ec,
				      (int)spmc_ec_state(e));
			snap.items.push_back(buf);
		}
	}
	return snap;
}

std::string Snapshot::diff(const Snapshot &after) const
{
	std::string out;

	for (size_t i = 0; i < items.size() || i < after.items.size(); i++) {
		const std::string a = i < items.size() ? items[i] : "(none)";
		const std::string b = i < after.items.size() ? after.items[i] : "(none)";

		if (a != b)
			out += "\n\tbefore: " + a + "\n\tafter:  " + b;
	}
	return out;
}

std::string Sim::console() const
{
	if (!console_)
		return "";
	std::fflush(console_);
	return std::string(console_buf_ ? console_buf_ : "", console_len_);
}

std::vector<std::string> Sim::trace_lines() const
{
	std::vector<std::string> out;
	char line[512];

	for (const sim_trace_event *e : events())
		out.push_back(sim_trace_format(e, line, sizeof(line)));
	return out;
}

std::vector<const sim_trace_event *> Sim::events() const
{
	std::vector<const sim_trace_event *> out;
	const struct sim_trace *t = sim_trace(s_);

	for (size_t i = 0; i < sim_trace_kept(t); i++)
		out.push_back(sim_trace_at(t, i));
	return out;
}

std::vector<const sim_trace_event *> Sim::events_of(uint8_t kind) const
{
	std::vector<const sim_trace_event *> out;

	for (const sim_trace_event *e : events())
		if (e->kind == kind)
			out.push_back(e);
	return out;
}

/* ---- checks ---- */

std::string describe(const struct ffa_value &v)
{
	char buf[160];
	uint32_t f = (uint32_t)v.x[0];
	const char *name = ffa_func_name(f);

	if (ffa_is_error(&v)) {
		const char *e = ffa_error_name(ffa_error_code(&v));

		std::snprintf(buf, sizeof(buf), "FFA_ERROR(%s)", e ? e : "?");
	} else {
		std::snprintf(buf, sizeof(buf), "%s (x0=0x%08x) x1=0x%" PRIx64 " x2=0x%" PRIx64
			      " x3=0x%" PRIx64, name ? name : "?", f, v.x[1], v.x[2], v.x[3]);
	}
	return buf;
}

void check_error(const struct ffa_value &v, int32_t code, const char *file, int line)
{
	if (ffa_is_error(&v) && ffa_error_code(&v) == code)
		return;
	const char *want = ffa_error_name(code);
	std::string msg = std::string("expected FFA_ERROR(") + (want ? want : "?") + "), got " +
			  describe(v);
	FAIL_TEST_LOCATION(msg.c_str(), file, line);
}

void check_func(const struct ffa_value &v, uint32_t func, const char *file, int line)
{
	if ((uint32_t)v.x[0] == func)
		return;
	const char *want = ffa_func_name(func);
	std::string msg = std::string("expected ") + (want ? want : "?") + ", got " + describe(v);
	FAIL_TEST_LOCATION(msg.c_str(), file, line);
}

void check_unchanged(const Snapshot &before, const Snapshot &after, const char *file, int line)
{
	if (before == after)
		return;
	std::string msg = "state changed by a failed call:" + before.diff(after);
	FAIL_TEST_LOCATION(msg.c_str(), file, line);
}

} // namespace st
