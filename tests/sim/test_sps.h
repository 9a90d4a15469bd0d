/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test-only secure partitions. They run on simulator threads, so they never
 * use CppUTest checks (a failure there would unwind the wrong thread): they
 * record what they saw in a tsp::Ctl the test hands them as `user`, and the
 * test checks it afterwards. Hand-offs between simulator threads are
 * semaphore-ordered, so the test sees every record made before its call returned.
 */
#ifndef TESTS_SIM_TEST_SPS_H
#define TESTS_SIM_TEST_SPS_H

#include "sim_fixture.h"

namespace tsp {

enum Tag : uint32_t {
	EV_BOOT = 1,  /* entry point reached */
	EV_RUN,       /* received FFA_RUN */
	EV_REQ,       /* received a direct request */
	EV_YIELD_RET, /* what FFA_YIELD returned */
	EV_RESULT,    /* the result of a call the SP made on command */
	EV_VERSION,   /* v1.0 SP: FFA_VERSION result */
	EV_MAP,       /* v1.0 SP: FFA_RXTX_MAP result */
	EV_INFO,      /* v1.0 SP: FFA_PARTITION_INFO_GET result */
	EV_RELEASE,   /* v1.0 SP: FFA_RX_RELEASE result */
	EV_COUNT,     /* v1.0 SP: count-only FFA_PARTITION_INFO_GET result */
	EV_BUSY,      /* mp_caller: its request was refused with BUSY (it retries) */
	EV_VIRQ,      /* irq_sp: its handler took a virtual interrupt (x[0] = INTID) */
	EV_INTERRUPT, /* irq_sp: FFA_INTERRUPT delivered to it (x[] = the registers) */
	EV_PM,        /* pm_sp: a framework message from the SPMC (x[] = the request) */
	EV_MSG,       /* msg_sp: an indirect message (x[0] sender, x[1] size, x[2] payload
		       * word, x[3] its RX_RELEASE result, x[4] header offset) */
};

struct Event {
	ffa_id_t id;
	uint16_t ec;
	uint32_t tag;
	uint64_t x[8];
};

struct Ctl {
	/* What the partitions saw, in order. */
	unsigned n = 0;
	Event ev[256];
	/* Parameters. */
	ffa_id_t target = 0;   /* mp_caller: the partition it calls at boot */
	unsigned calls = 0;    /* stepper: FFA_ID_GET calls while initialising */
	uint64_t step[8] = {}; /* stepper: cycles spent before each call, per context */
	/* Observations. */
	uint64_t handler_cycles = 0; /* irq_sp: cycles its FFA_INTERRUPT handling takes */
	bool yield_in_handler = false; /* irq_sp: calls FFA_YIELD while handling one (EV_RESULT) */
	bool no_handler = false;       /* irq_sp: installs no vIRQ handler */
	int32_t pm_status = 0;         /* pm_sp: the PSCI status it answers power events with */
	bool pm_bad_answer = false;    /* pm_sp: first answers without the framework flag */
	uint64_t fault_ipa = 0; /* fault_on_request: the address it touched */
	uint8_t rx[64] = {};    /* v10: start of its RX buffer after PARTITION_INFO_GET */

	void add(const sim_env *env, uint32_t tag, const ffa_value &v);
	/* Test side: the events with `tag`, in order. */
	std::vector<Event> of(uint32_t tag) const;
};

/* Pinger commands (request w3); the response carries what the SP observed. */
enum PingCmd : uint64_t {
	/* Send FFA_MSG_SEND_DIRECT_REQ_64 with w1 = x4 (sender|receiver, not
	 * checked, so it can lie), w2 = x5, payload x3 = x6, x4 = x7.
	 * Response x3..x7 = result x0, x2, x3, x4, x1. */
	PING_FORWARD = 1,
	/* Answer first with a response to an endpoint that never sent the
	 * request; response x3/x4 = that call's x0/x2. */
	PING_BAD_RESP = 2,
	/* Call FFA_MSG_WAIT while handling the request; response x3/x4 = its x0/x2. */
	PING_WAIT_IN_REQ = 3,
	/* Send FFA_MSG_SEND_DIRECT_REQ2_64 to x4 (nil UUID) with payload x4 = x5.
	 * Response x3..x5 = result x0, x2, x4. */
	PING_FORWARD_REQ2 = 4,
	/* Write to the first address past its own memory (a data abort). */
	PING_FAULT = 5,
	/* Spend x4 cycles of modeled compute, then answer x3 = x4. */
	PING_SPEND = 6,
};

/* Serves PingCmd requests; FFA_RUN -> FFA_MSG_WAIT. */
void pinger_main(const sim_env *env);
/* On a request with w3 = n: FFA_YIELD n times (timeout w2 = 0x1000 + i,
 * w3 = 0xabc), then responds x3 = n, x4 = how many yields returned
 * FFA_SUCCESS, x5 = the request's x4. */
void yielder_main(const sim_env *env);
/* Reports failed initialisation with FFA_ERROR. */
void error_init_main(const sim_env *env);
/* Entry point returns during initialisation. */
void return_init_main(const sim_env *env);
/* Entry point returns while handling its first request. */
void return_on_request_main(const sim_env *env);
/* Writes to the first address past its own memory while handling a request. */
void fault_on_request_main(const sim_env *env);
/* Negotiates v1.0 and runs the discovery calls at boot (EV_VERSION ... EV_COUNT),
 * then echoes requests. */
void v10_main(const sim_env *env);
/* Responds x3 = its context index, x4 = the request's x3, x5 = its ID. */
void whoami_main(const sim_env *env);
/* MP: while initialising on each CPU, sends a request with x3 = 100 + context
 * index to Ctl::target and records the response (EV_RESULT); on BUSY it
 * records EV_BUSY, spends 1000 cycles and retries. Then echoes. */
void mp_caller_main(const sim_env *env);
/* MP: while initialising, Ctl::calls times: spend Ctl::step[ctx] cycles, then
 * FFA_ID_GET; then echoes. */
void stepper_main(const sim_env *env);
/* Spends w3 cycles of its own computation, then responds x3 = w3. */
void spender_main(const sim_env *env);
/* Records its boot (EV_BOOT), every FFA_RUN (EV_RUN) and request (EV_REQ);
 * echoes requests; answers FFA_RUN with FFA_MSG_WAIT. */
void recorder_main(const sim_env *env);

/* irq_sp requests (w3). */
enum IrqCmd : uint64_t {
	/* Spend w4 slices of w5 cycles each; stop early after a managed exit.
	 * Response x3 = slices done, x4 = vIRQs its handler took, x5 = 1 if a
	 * managed exit stopped it. */
	IRQ_WORK = 1,
	/* FFA_FEATURES(w4); response x3/x4 = result x0/x2. */
	IRQ_FEATURES = 2,
	/* FFA_YIELD once, then as IRQ_WORK with w4 slices of w5 cycles. */
	IRQ_YIELD_THEN_WORK = 3,
};
/* Owns interrupts (its regions say which); records every vIRQ (EV_VIRQ) and
 * FFA_INTERRUPT (EV_INTERRUPT, then Ctl::handler_cycles of work, then
 * FFA_MSG_WAIT); serves IrqCmd requests. */
void irq_sp_main(const sim_env *env);
/* Relays a request: w3 = target, w4/w5 = its IRQ_WORK slices/cycles. While
 * the target is preempted in their call chain (FFA_INTERRUPT), records it
 * (EV_RESULT) and resumes it with FFA_RUN. Response x3 = the final result's
 * x0, x4 = its x3, x5 = how many FFA_INTERRUPTs it saw. */
void relay_main(const sim_env *env);

/* MP, power-management aware: records its boot (EV_BOOT, x[0] = env->entry,
 * x[2] = env->mem_base),
 * registers its secondary entry point (mem_base + 0x800) from context 0 while
 * initialising (EV_RESULT), records each framework message (EV_PM) and answers
 * it with a PM response of Ctl::pm_status. Requests: w3 = 1 registers the
 * secondary entry point again (answer x3/x4 = result x0/x2); else answers
 * x3 = its context index. */
void pm_sp_main(const sim_env *env);

/* notif_sp requests (w3); each answers x3/x4 = the call's x0/x2, x5/x6 = x3/x4. */
enum NotifCmd : uint64_t {
	NOTIF_BIND = 1,  /* bind IDs w6 from sender w4 to itself, flags w5 */
	NOTIF_SET = 2,   /* set IDs w6 for receiver w4, flags w5 */
	NOTIF_GET = 3,   /* get its own (its vCPU's) notifications, flags w4 */
	NOTIF_RAW = 4,   /* FFA_NOTIFICATION_SET with w1 = w4 as given (spoofing) */
	NOTIF_UNBIND = 5, /* unbind IDs w6 of sender w4 from itself */
};
/* Receives and sends notifications on command; its vIRQ handler takes the
 * notification pending interrupt (EV_VIRQ) and calls FFA_NOTIFICATION_GET for
 * its vCPU (EV_RESULT: the GET's registers). */
void notif_sp_main(const sim_env *env);

/* msg_sp: maps RX/TX at boot (mem_base + 0x9000 / + 0x8000, one page each);
 * its vIRQ handler takes the notification pending interrupt, GETs, and on
 * "RX buffer full" (SPM framework bit 0) records the message (EV_MSG) and
 * releases the buffer. Request w3 = MSG_SEND: FFA_MSG_SEND2 of an 8-byte
 * payload w5 to w4 (w6 = flags), header as its version has it; MSG_SEND_RAW:
 * the header's offset = w5, size = w6, sender = w7, receiver w4. Answers
 * x3/x4 = the call's x0/x2. */
enum MsgCmd : uint64_t {
	MSG_SEND = 1,
	MSG_SEND_RAW = 2,
	/* v1.0: FFA_MSG_POLL; answers x3 = its x0, x4 = w1, x5 = w3 (size), x6 =
	 * the first 8 bytes of its RX buffer, x7 = its RX_RELEASE's x0. */
	MSG_POLL = 3,
};
/* Writes a v1.2 message header and an 8-byte payload at `offset` into a
 * one-page buffer (zeroed first); spmc_msg_hdr_encode's result. */
int write_message(void *tx, ffa_id_t sender, ffa_id_t to, uint32_t offset, uint32_t size,
		  uint64_t payload);
void msg_sp_main(const sim_env *env);

/* A normal-world program for a secondary CPU (sim_run_nwd): makes `n`
 * calls, spending spend[i] cycles before call i, and records every result. */
struct NwdProgram {
	unsigned n = 0;
	ffa_value in[16] = {};
	uint64_t spend[16] = {};
	ffa_value out[16] = {};
	uint32_t cpu = 0; /* the CPU it ran on */
	bool done = false;

	NwdProgram &call(const ffa_value &v, uint64_t spend_before = 0);
};
void nwd_program_main(const sim_env *env);

} // namespace tsp

#endif
