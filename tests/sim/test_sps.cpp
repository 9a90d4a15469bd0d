/* SPDX-License-Identifier: BSD-3-Clause */
#include "test_sps.h"

#include "msg/msg_hdr.h"

#include <cstring>

namespace tsp {

void Ctl::add(const sim_env *env, uint32_t tag, const ffa_value &v)
{
	if (n >= sizeof(ev) / sizeof(ev[0]))
		return;
	Event &e = ev[n++];
	e.id = env->id;
	e.ec = env->ec_index;
	e.tag = tag;
	std::memcpy(e.x, v.x, sizeof(e.x));
}

std::vector<Event> Ctl::of(uint32_t tag) const
{
	std::vector<Event> out;

	for (unsigned i = 0; i < n; i++)
		if (ev[i].tag == tag)
			out.push_back(ev[i]);
	return out;
}

static Ctl *ctl(const sim_env *env)
{
	return static_cast<Ctl *>(env->user);
}

static bool is_req(const ffa_value &r)
{
	uint32_t f = (uint32_t)r.x[0];

	return f == FFA_MSG_SEND_DIRECT_REQ_32 || f == FFA_MSG_SEND_DIRECT_REQ_64;
}

static ffa_value respond(const sim_env *env, const ffa_value &req, uint64_t a3, uint64_t a4 = 0,
			 uint64_t a5 = 0, uint64_t a6 = 0, uint64_t a7 = 0)
{
	return ffa_direct_resp(env->ffa_call, env->id, ffa_sender(req.x[1]), a3, a4, a5, a6, a7);
}

static ffa_value echo(const sim_env *env, const ffa_value &req)
{
	ffa_value resp = req;

	resp.x[0] = (uint32_t)req.x[0] == FFA_MSG_SEND_DIRECT_REQ_32 ? FFA_MSG_SEND_DIRECT_RESP_32
								   : FFA_MSG_SEND_DIRECT_RESP_64;
	resp.x[1] = ffa_pack_ids(env->id, ffa_sender(req.x[1]));
	resp.x[2] = 0;
	return env->ffa_call(resp);
}

/* The message loop: each request goes to `handle`, which must answer it and
 * return what the answering call returned; anything else (FFA_RUN) waits. */
template <typename F> static void serve(const sim_env *env, ffa_value r, F handle)
{
	for (;;) {
		if (is_req(r))
			r = handle(r);
		else
			r = ffa_msg_wait(env->ffa_call);
	}
}

void pinger_main(const sim_env *env)
{
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) {
		ffa_value res;

		switch (q.x[3]) {
		case PING_FORWARD:
			res = ffa_call8(env->ffa_call, FFA_MSG_SEND_DIRECT_REQ_64, q.x[4], q.x[5],
					q.x[6], q.x[7], 0, 0, 0);
			ctl(env)->add(env, EV_RESULT, res);
			return respond(env, q, res.x[0], res.x[2], res.x[3], res.x[4], res.x[1]);
		case PING_BAD_RESP:
			res = ffa_direct_resp(env->ffa_call, env->id, 0x7ff0, 1, 2, 3, 4, 5);
			ctl(env)->add(env, EV_RESULT, res);
			return respond(env, q, res.x[0], res.x[2]);
		case PING_WAIT_IN_REQ:
			res = ffa_msg_wait(env->ffa_call);
			ctl(env)->add(env, EV_RESULT, res);
			return respond(env, q, res.x[0], res.x[2]);
		case PING_FORWARD_REQ2: {
			ffa_value v = {{FFA_MSG_SEND_DIRECT_REQ2_64,
					ffa_pack_ids(env->id, (ffa_id_t)q.x[4]), 0, 0, q.x[5]}};

			res = env->ffa_call(v);
			ctl(env)->add(env, EV_RESULT, res);
			return respond(env, q, res.x[0], res.x[2], res.x[4]);
		}
		case PING_FAULT:
			ctl(env)->fault_ipa = env->mem_base + env->mem_size;
			*static_cast<volatile uint8_t *>(sim_env_ptr(env, ctl(env)->fault_ipa)) = 1;
			return respond(env, q, 0xbad); /* not reached */
		case PING_SPEND:
			env->spend(q.x[4]);
			return respond(env, q, q.x[4]);
		default:
			return respond(env, q, 0xbad);
		}
	});
}

void yielder_main(const sim_env *env)
{
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) {
		uint64_t n = q.x[3], ok = 0;

		ctl(env)->add(env, EV_REQ, q);
		for (uint64_t i = 0; i < n; i++) {
			ffa_value y = ffa_call8(env->ffa_call, FFA_YIELD_32, 0, 0x1000 + i, 0xabc, 0,
						0, 0, 0);

			ctl(env)->add(env, EV_YIELD_RET, y);
			ok += ffa_is_success(&y);
		}
		return respond(env, q, n, ok, q.x[4]);
	});
}

void error_init_main(const sim_env *env)
{
	ctl(env)->add(env, EV_BOOT, ffa_value{});
	ffa_call8(env->ffa_call, FFA_ERROR_32, 0, (uint32_t)FFA_RET_NOT_READY, 0, 0, 0, 0, 0);
	/* Not reached: the partition is aborted. Should it come back, serve so
	 * that the test sees answers it does not expect. */
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) { return echo(env, q); });
}

void return_init_main(const sim_env *env)
{
	ctl(env)->add(env, EV_BOOT, ffa_value{});
}

void return_on_request_main(const sim_env *env)
{
	ffa_value r = ffa_msg_wait(env->ffa_call);

	while (!is_req(r))
		r = ffa_msg_wait(env->ffa_call);
	ctl(env)->add(env, EV_REQ, r);
}

void fault_on_request_main(const sim_env *env)
{
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) {
		uint64_t ipa = env->mem_base + env->mem_size;

		ctl(env)->add(env, EV_REQ, q);
		ctl(env)->fault_ipa = ipa;
		*static_cast<volatile uint8_t *>(sim_env_ptr(env, ipa)) = 1;
		return echo(env, q); /* not reached */
	});
}

void v10_main(const sim_env *env)
{
	ffa_conduit_fn ffa = env->ffa_call;
	uint64_t tx = env->mem_base, rx = env->mem_base + FFA_PAGE_SIZE;
	ffa_value r;

	r = ffa_version(ffa, FFA_VERSION_1_0);
	ctl(env)->add(env, EV_VERSION, r);
	/* v1.0 drivers map with the SMC32 form. */
	r = ffa_call8(ffa, FFA_RXTX_MAP_32, tx, rx, 1, 0, 0, 0, 0);
	ctl(env)->add(env, EV_MAP, r);
	r = ffa_partition_info_get(ffa, st::NIL_UUID, 0);
	ctl(env)->add(env, EV_INFO, r);
	std::memcpy(ctl(env)->rx, sim_env_ptr(env, rx), sizeof(ctl(env)->rx));
	r = ffa_rx_release(ffa);
	ctl(env)->add(env, EV_RELEASE, r);
	r = ffa_partition_info_get(ffa, st::NIL_UUID, FFA_PARTITION_INFO_GET_COUNT_ONLY);
	ctl(env)->add(env, EV_COUNT, r);
	serve(env, ffa_msg_wait(ffa), [env](const ffa_value &q) { return echo(env, q); });
}

void whoami_main(const sim_env *env)
{
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) {
		return respond(env, q, env->ec_index, q.x[3], env->id);
	});
}

void mp_caller_main(const sim_env *env)
{
	ffa_value r;

	for (;;) {
		r = ffa_direct_req(env->ffa_call, env->id, ctl(env)->target, 100 + env->ec_index,
				   0, 0, 0, 0);
		if (!(ffa_is_error(&r) && ffa_error_code(&r) == FFA_RET_BUSY))
			break;
		/* A UP target is busy on another CPU: back off and retry, as a
		 * driver with no free thread on the other side does. */
		ctl(env)->add(env, EV_BUSY, r);
		env->spend(1000);
	}
	ctl(env)->add(env, EV_RESULT, r);
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) { return echo(env, q); });
}

void stepper_main(const sim_env *env)
{
	for (unsigned i = 0; i < ctl(env)->calls; i++) {
		env->spend(ctl(env)->step[env->ec_index]);
		ffa_id_get(env->ffa_call);
	}
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) { return echo(env, q); });
}

void spender_main(const sim_env *env)
{
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) {
		env->spend(q.x[3]);
		return respond(env, q, q.x[3]);
	});
}

void recorder_main(const sim_env *env)
{
	ffa_value r;

	ctl(env)->add(env, EV_BOOT, ffa_value{});
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		if ((uint32_t)r.x[0] == FFA_RUN_32) {
			ctl(env)->add(env, EV_RUN, r);
			r = ffa_msg_wait(env->ffa_call);
		} else if (is_req(r)) {
			ctl(env)->add(env, EV_REQ, r);
			r = echo(env, r);
		} else {
			r = ffa_msg_wait(env->ffa_call);
		}
	}
}

NwdProgram &NwdProgram::call(const ffa_value &v, uint64_t spend_before)
{
	if (n < sizeof(in) / sizeof(in[0])) {
		in[n] = v;
		spend[n] = spend_before;
		n++;
	}
	return *this;
}

void nwd_program_main(const sim_env *env)
{
	NwdProgram *p = static_cast<NwdProgram *>(env->user);

	p->cpu = env->ec_index;
	for (unsigned i = 0; i < p->n; i++) {
		if (p->spend[i])
			env->spend(p->spend[i]);
		p->out[i] = env->ffa_call(p->in[i]);
	}
	p->done = true;
}

/* ---- interrupts ---- */

/* irq_sp's state: one per test (the simulator runs one system at a time). */
static uint64_t irq_virqs;
static bool irq_me;

static void irq_sp_handler(const sim_env *env, uint32_t intid)
{
	ctl(env)->add(env, EV_VIRQ, ffa_value{{intid}});
	irq_virqs++;
	if (intid == SPMC_VIRQ_MANAGED_EXIT)
		irq_me = true;
}

static ffa_value irq_work(const sim_env *env, const ffa_value &q, uint64_t slices, uint64_t cycles)
{
	uint64_t done = 0;

	irq_virqs = 0;
	irq_me = false;
	for (; done < slices && !irq_me; done++)
		env->spend(cycles);
	return respond(env, q, done, irq_virqs, irq_me);
}

void irq_sp_main(const sim_env *env)
{
	ffa_value r;

	if (!ctl(env)->no_handler)
		env->set_irq_handler(irq_sp_handler);
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		if ((uint32_t)r.x[0] == FFA_INTERRUPT_32) {
			ctl(env)->add(env, EV_INTERRUPT, r);
			env->spend(ctl(env)->handler_cycles);
			if (ctl(env)->yield_in_handler)
				ctl(env)->add(env, EV_RESULT,
					      ffa_call8(env->ffa_call, FFA_YIELD_32, 0, 0, 0, 0, 0, 0, 0));
			r = ffa_msg_wait(env->ffa_call);
		} else if (is_req(r)) {
			ffa_value q = r, f;

			switch (q.x[3]) {
			case IRQ_WORK:
				r = irq_work(env, q, q.x[4], q.x[5]);
				break;
			case IRQ_FEATURES:
				f = ffa_features(env->ffa_call, (uint32_t)q.x[4]);
				r = respond(env, q, f.x[0], f.x[2]);
				break;
			case IRQ_YIELD_THEN_WORK:
				ctl(env)->add(env, EV_YIELD_RET,
					      ffa_call8(env->ffa_call, FFA_YIELD_32, 0, 0, 0, 0, 0, 0, 0));
				r = irq_work(env, q, q.x[4], q.x[5]);
				break;
			default:
				r = respond(env, q, 0xbad);
				break;
			}
		} else {
			r = ffa_msg_wait(env->ffa_call);
		}
	}
}

void relay_main(const sim_env *env)
{
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) {
		ffa_id_t target = (ffa_id_t)q.x[3];
		uint64_t interrupts = 0;
		ffa_value res = ffa_direct_req(env->ffa_call, env->id, target, IRQ_WORK, q.x[4],
					       q.x[5], 0, 0);

		while ((uint32_t)res.x[0] == FFA_INTERRUPT_32) {
			ctl(env)->add(env, EV_RESULT, res);
			interrupts++;
			res = ffa_run(env->ffa_call, (ffa_id_t)((uint32_t)res.x[1] >> 16),
				      (uint16_t)res.x[1]);
		}
		ctl(env)->add(env, EV_RESULT, res);
		return respond(env, q, res.x[0], res.x[3], interrupts);
	});
}

/* ---- power management ---- */

static ffa_value secondary_ep_register(const sim_env *env)
{
	return ffa_call8(env->ffa_call, FFA_SECONDARY_EP_REGISTER_64, env->mem_base + 0x800, 0, 0,
			 0, 0, 0, 0);
}

void pm_sp_main(const sim_env *env)
{
	ffa_value r;

	ctl(env)->add(env, EV_BOOT, ffa_value{{env->entry, env->ec_index, env->mem_base}});
	if (env->ec_index == 0)
		ctl(env)->add(env, EV_RESULT, secondary_ep_register(env));
	r = ffa_msg_wait(env->ffa_call);
	for (;;) {
		if (is_req(r) && ((uint32_t)r.x[2] & FFA_DIRECT_MSG_FRAMEWORK)) {
			ffa_value a = {{FFA_MSG_SEND_DIRECT_RESP_32, ffa_pack_ids(env->id, ffa_sender(r.x[1])),
					FFA_DIRECT_MSG_FRAMEWORK | FFA_FWK_MSG_PM_RESP,
					(uint32_t)ctl(env)->pm_status}};

			ctl(env)->add(env, EV_PM, r);
			if (ctl(env)->pm_bad_answer) {
				ffa_value bad = a;

				bad.x[2] = 0;
				ctl(env)->add(env, EV_RESULT, env->ffa_call(bad));
				ctl(env)->pm_bad_answer = false;
			}
			r = env->ffa_call(a);
		} else if (is_req(r)) {
			ffa_value q = r;

			if (q.x[3] == 1) {
				ffa_value e = secondary_ep_register(env);
				r = respond(env, q, e.x[0], e.x[2]);
			} else {
				r = respond(env, q, env->ec_index);
			}
		} else {
			r = ffa_msg_wait(env->ffa_call);
		}
	}
}

/* ---- notifications ---- */

static void notif_sp_handler(const sim_env *env, uint32_t intid)
{
	ctl(env)->add(env, EV_VIRQ, ffa_value{{intid}});
	if (intid == SPMC_VIRQ_NOTIFICATION_PENDING)
		ctl(env)->add(env, EV_RESULT,
			       ffa_call8(env->ffa_call, FFA_NOTIFICATION_GET_32,
					 (uint32_t)env->ec_index << 16 | env->id, 0xf, 0, 0, 0, 0, 0));
}

void notif_sp_main(const sim_env *env)
{
	env->set_irq_handler(notif_sp_handler);
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) {
		ffa_value r{};
		uint64_t ids = q.x[6];

		switch (q.x[3]) {
		case NOTIF_BIND:
			r = ffa_call8(env->ffa_call, FFA_NOTIFICATION_BIND_32,
				      ffa_pack_ids((ffa_id_t)q.x[4], env->id), q.x[5], (uint32_t)ids,
				      ids >> 32, 0, 0, 0);
			break;
		case NOTIF_SET:
			r = ffa_call8(env->ffa_call, FFA_NOTIFICATION_SET_32,
				      ffa_pack_ids(env->id, (ffa_id_t)q.x[4]), q.x[5], (uint32_t)ids,
				      ids >> 32, 0, 0, 0);
			break;
		case NOTIF_GET:
			r = ffa_call8(env->ffa_call, FFA_NOTIFICATION_GET_32,
				      (uint32_t)env->ec_index << 16 | env->id, q.x[4], 0, 0, 0, 0, 0);
			break;
		case NOTIF_UNBIND:
			r = ffa_call8(env->ffa_call, FFA_NOTIFICATION_UNBIND_32,
				      ffa_pack_ids((ffa_id_t)q.x[4], env->id), 0, (uint32_t)ids,
				      ids >> 32, 0, 0, 0);
			break;
		case NOTIF_RAW:
			r = ffa_call8(env->ffa_call, FFA_NOTIFICATION_SET_32, q.x[4], q.x[5],
				      (uint32_t)ids, ids >> 32, 0, 0, 0);
			break;
		default:
			break;
		}
		return respond(env, q, r.x[0], r.x[2], r.x[3], r.x[4]);
	});
}

/* ---- indirect messaging ---- */

static uint64_t msg_tx(const sim_env *env) { return env->mem_base + 0x8000; }
static uint64_t msg_rx(const sim_env *env) { return env->mem_base + 0x9000; }

static void msg_sp_handler(const sim_env *env, uint32_t intid)
{
	if (intid != SPMC_VIRQ_NOTIFICATION_PENDING)
		return;
	ffa_value g = ffa_call8(env->ffa_call, FFA_NOTIFICATION_GET_32,
				(uint32_t)env->ec_index << 16 | env->id, 0xf, 0, 0, 0, 0, 0);
	if (!(g.x[6] & 1))
		return;
	const uint8_t *rx = static_cast<const uint8_t *>(sim_env_ptr(env, msg_rx(env)));
	spmc_msg_hdr h;
	ffa_value m{};

	if (spmc_msg_hdr_parse(rx, FFA_PAGE_SIZE, FFA_VERSION_1_2, &h, nullptr) == 0) {
		m.x[0] = h.sender;
		m.x[1] = h.size;
		std::memcpy(&m.x[2], rx + h.offset, h.size < 8 ? h.size : 8);
		m.x[4] = h.offset;
	}
	m.x[3] = ffa_call8(env->ffa_call, FFA_RX_RELEASE_32, 0, 0, 0, 0, 0, 0, 0).x[0];
	ctl(env)->add(env, EV_MSG, m);
}

int write_message(void *tx, ffa_id_t sender, ffa_id_t to, uint32_t offset, uint32_t size,
		  uint64_t payload)
{
	uint8_t *b = static_cast<uint8_t *>(tx);
	spmc_msg_hdr h{};

	h.sender = sender;
	h.receiver = to;
	h.offset = offset;
	h.size = size;
	std::memset(b, 0, FFA_PAGE_SIZE);
	if (offset <= FFA_PAGE_SIZE - 8)
		std::memcpy(b + offset, &payload, 8);
	return spmc_msg_hdr_encode(&h, FFA_VERSION_1_2, b, FFA_PAGE_SIZE);
}

static ffa_value msg_send(const sim_env *env, ffa_id_t to, uint64_t payload, uint32_t flags,
			  uint32_t offset, uint32_t size, ffa_id_t sender)
{
	write_message(sim_env_ptr(env, msg_tx(env)), sender, to, offset, size, payload);
	return ffa_call8(env->ffa_call, FFA_MSG_SEND2_32, 0, flags, 0, 0, 0, 0, 0);
}

void msg_sp_main(const sim_env *env)
{
	ffa_rxtx_map(env->ffa_call, msg_tx(env), msg_rx(env), 1);
	env->set_irq_handler(msg_sp_handler);
	serve(env, ffa_msg_wait(env->ffa_call), [env](const ffa_value &q) {
		ffa_value r{};

		if (q.x[3] == MSG_SEND)
			r = msg_send(env, (ffa_id_t)q.x[4], q.x[5], (uint32_t)q.x[6],
				     SPMC_MSG_HDR_SIZE_V1_2, 8, env->id);
		else if (q.x[3] == MSG_SEND_RAW)
			r = msg_send(env, (ffa_id_t)q.x[4], 0x1234, 0, (uint32_t)q.x[5],
				     (uint32_t)q.x[6], (ffa_id_t)q.x[7]);
		else if (q.x[3] == MSG_POLL) {
			uint64_t word = 0, rel = 0;

			r = ffa_call8(env->ffa_call, FFA_MSG_POLL_32, 0, 0, 0, 0, 0, 0, 0);
			if ((uint32_t)r.x[0] == FFA_MSG_SEND_32) {
				std::memcpy(&word, sim_env_ptr(env, msg_rx(env)), 8);
				rel = ffa_rx_release(env->ffa_call).x[0];
			}
			return respond(env, q, r.x[0], r.x[1], r.x[3], word, rel);
		}
		return respond(env, q, r.x[0], r.x[2]);
	});
}

} // namespace tsp
