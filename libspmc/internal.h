/* SPDX-License-Identifier: BSD-3-Clause */
/* State shared between the core's ABI modules. Not for backends. */
#ifndef LIBSPMC_INTERNAL_H
#define LIBSPMC_INTERNAL_H

#include <ffa/ffa.h>

#include "hal.h"
#include "mem/mem_store.h"
#include "notif.h"
#include "spmc.h"
#include "util.h"

/* Why a RUNNING (or BLOCKED) context is running. */
enum spmc_rt_model {
	SPMC_RT_NONE = 0,
	SPMC_RT_INIT,       /* initialising, until its first FFA_MSG_WAIT */
	SPMC_RT_DIRECT_REQ, /* handling a direct request */
	SPMC_RT_RUN,        /* given CPU cycles by the NWd scheduler with FFA_RUN */
	SPMC_RT_SEC_INT,    /* handling a secure interrupt, scheduled by the SPMC
			     * (FFA_INTERRUPT until its FFA_MSG_WAIT) */
};

/* Ownership of an RX buffer. */
enum spmc_rx_state {
	SPMC_RX_FREE = 0, /* owned by the SPMC (producer): it may write */
	SPMC_RX_FULL,     /* owned by the endpoint until FFA_RX_RELEASE */
	SPMC_RX_ACQUIRED, /* taken by the NWd with FFA_RX_ACQUIRE */
};

struct spmc_mailbox {
	bool mapped;
	uint8_t rx_state;  /* enum spmc_rx_state */
	uint32_t pages;
	uint64_t tx_addr, rx_addr; /* as the endpoint named them (IPA or PA) */
	uint64_t tx_pa, rx_pa;
	void *tx, *rx;     /* the SPMC's view */
};

struct spmc_partition;
struct spmc_mem_frag;

struct spmc_ec {
	struct spmc_partition *part;
	uint16_t index;
	uint8_t state;        /* enum spmc_ec_state */
	uint8_t rt;           /* enum spmc_rt_model */
	uint32_t cpu;         /* CPU it runs, or last ran, on */
	/* Direct request being handled (rt == SPMC_RT_DIRECT_REQ). */
	ffa_id_t req_sender;
	bool req_is_req2;
	struct spmc_ec *req_ec;      /* blocked requester, when an SP */
	struct spmc_ec *waiting_on;  /* while BLOCKED: the context it waits for */
	struct ffa_value resume;     /* delivered when FFA_RUN resumes it from PREEMPTED */
	/* Interrupts (irq.c). */
	bool spmc_sched;             /* PREEMPTED for a secure interrupt's handling:
				      * the SPMC resumes it, FFA_RUN may not */
	bool me_pending;             /* managed exit signalled, not yet answered */
	struct spmc_ec *int_preempted; /* rt == SEC_INT: the context to resume after */
	uint32_t *virq;              /* pending virtual interrupts, oldest first */
	uint16_t virq_count, virq_cap;
	void *hal;
};

#define SPMC_LOG_LINE 128

struct spmc_partition {
	ffa_id_t id;
	bool is_nwd;
	bool aborted;
	uint16_t ec_count;
	uint16_t boot_order;
	uint64_t secondary_ep; /* FFA_SECONDARY_EP_REGISTER; 0 = the entry point */
	uint32_t uuid[4];
	uint32_t properties;
	uint32_t ffa_version;  /* negotiated (or from the manifest) */
	const struct spmc_partition_cfg *cfg; /* NULL for the NWd */
	struct hal_as *as;
	struct spmc_ec *ecs;
	struct spmc_mailbox mbox;
	struct spmc_notif notif;  /* as a receiver (SPs; notif.c) */
	/* A v1.0 message (FFA_MSG_SEND) in its RX buffer, not yet polled. */
	bool legacy_msg;
	ffa_id_t legacy_sender;
	uint32_t legacy_size;
	uint16_t log_len;
	char log[SPMC_LOG_LINE];
};

/* A secure interrupt a partition's manifest claims (device-regions interrupts). */
struct spmc_irq_owner {
	uint32_t intid;
	struct spmc_partition *part;
};

struct spmc_cpu {
	uint32_t boot_cursor;  /* index into spmc.boot_list */
	bool booted;
	/* A power event being told to partitions (power.c). */
	bool sri_pending;      /* schedule receiver interrupt owed to the normal
				* world when it runs next (delayed SRI) */
	bool pm_active;
	uint8_t pm_event;      /* enum spmc_pm_event */
	uint32_t pm_cursor;    /* index into spmc.boot_list */
	int32_t pm_status;     /* first failure a partition reported, else 0 */
};

struct spmc {
	ffa_id_t spmc_id;
	uint32_t cpu_count;
	uint32_t rxtx_max_pages;
	uint32_t sp_count;
	struct spmc_partition nwd;
	struct spmc_partition *sps;       /* config order */
	struct spmc_partition **by_id;    /* sorted by ID, for binary search */
	struct spmc_partition **boot_list;/* boot order */
	struct spmc_cpu *cpus;
	/* Memory management (mem_*.c). mem is NULL when no memory is known
	 * (no SP memory and no ns_mem): every transaction is then refused. */
	struct spmc_mem_store *mem;
	uint8_t *mem_scratch;             /* one TX buffer's worth: the caller's
					   * descriptor, copied once */
	size_t mem_scratch_size;
	struct spmc_mem_access *mem_access; /* parse room: mem_max_borrowers */
	uint32_t mem_max_borrowers;
	struct spmc_mem_range *mem_ranges;  /* parse room, then a live transaction's */
	uint32_t mem_max_ranges;
	struct spmc_mem_change *mem_changes; /* an effect's room: max_borrowers + 1 */
	uint32_t mem_max_changes;
	struct spmc_mem_frag *mem_frags;  /* descriptors in fragments (mem_frag.c) */
	uint32_t mem_frag_count;
	uint8_t *mem_frag_pool;
	size_t mem_frag_pool_size;
	/* Notifications (notif.c): the normal world's VMs, by bitmap slot. */
	struct spmc_notif *vms;
	uint32_t notif_max_vms;
	uint16_t notif_max_vcpus;
	/* Secure interrupts (irq.c): owners sorted by INTID. */
	struct spmc_irq_owner *irq_owners;
	uint32_t irq_owner_count;
};

/* ---- lookups (init.c) ---- */
struct spmc_partition *spmc_partition_find(const struct spmc *s, ffa_id_t id);
/* The context of p that runs on cpu: MP partitions are pinned, UP ones migrate. */
struct spmc_ec *spmc_ec_for_cpu(struct spmc_partition *p, uint32_t cpu);
static inline bool spmc_uuid_is_nil(const uint32_t u[4])
{
	return (u[0] | u[1] | u[2] | u[3]) == 0;
}
static inline bool spmc_uuid_eq(const uint32_t a[4], const uint32_t b[4])
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}
/* A partition's services (UUIDs): the manifest's list, or just its uuid[]. */
static inline uint32_t spmc_service_count(const struct spmc_partition *p)
{
	return p->cfg && p->cfg->services && p->cfg->service_count ? p->cfg->service_count : 1;
}
static inline const uint32_t *spmc_service_uuid(const struct spmc_partition *p, uint32_t i)
{
	return p->cfg && p->cfg->services && p->cfg->service_count ? p->cfg->services[i].uuid
								   : p->uuid;
}
/* Discovery properties of service i: its messaging methods, plus what holds
 * for the whole partition (execution state, notifications, VM messages). */
static inline uint32_t spmc_service_props(const struct spmc_partition *p, uint32_t i)
{
	const uint32_t msg = FFA_PROP_DIRECT_REQ_RECV | FFA_PROP_DIRECT_REQ_SEND |
			     FFA_PROP_INDIRECT_MSG | FFA_PROP_DIRECT_REQ2_RECV |
			     FFA_PROP_DIRECT_REQ2_SEND;

	if (!(p->cfg && p->cfg->services && p->cfg->service_count))
		return p->properties;
	return (p->properties & ~msg) | (p->cfg->services[i].properties & msg);
}

/* ---- results ---- */
static inline struct spmc_ec *spmc_ret(struct spmc_ec *caller, struct ffa_value *regs,
				       struct ffa_value v)
{
	*regs = v;
	return caller;
}
static inline struct spmc_ec *spmc_ret_err(struct spmc_ec *caller, struct ffa_value *regs,
					   int32_t code)
{
	return spmc_ret(caller, regs, ffa_error(code));
}

/* ---- mailboxes (rxtx.c) ---- */
/* Maps p's RX/TX buffer pair (p's addresses), as FFA_RXTX_MAP does: 0 or an
 * FFA_RET_* code, nothing changed on failure. */
int spmc_mailbox_map(struct spmc *s, struct spmc_partition *p, uint64_t tx, uint64_t rx,
		     uint32_t pages);

/* ---- boot (boot.c) ---- */
struct spmc_ec *spmc_boot_next(struct spmc *s, uint32_t cpu, struct ffa_value *regs);
void spmc_partition_abort(struct spmc *s, struct spmc_partition *p);
/* Runs `to` next on cpu with v in *regs; if `to`'s partition was aborted,
 * unwinds instead to whoever it was working for, with FFA_ERROR(ABORTED). */
struct spmc_ec *spmc_resume(struct spmc *s, uint32_t cpu, struct spmc_ec *to,
			    struct ffa_value *regs, struct ffa_value v);

/* ---- interrupts (irq.c) ---- */
/* Partition interrupt count of cfg, and the virtual interrupt queue each of
 * its contexts needs (its own interrupts plus the SPMC's virtual ones). */
uint32_t spmc_irq_cfg_count(const struct spmc_partition_cfg *c);
/* Fills and sorts s->irq_owners; FFA_RET_INVALID_PARAMETERS if two
 * partitions claim one INTID. */
int spmc_irq_init(struct spmc *s);
/* Configures each partition's interrupts in the GIC (after its address space
 * exists); a partition whose interrupts the platform refuses is aborted. */
void spmc_irq_configure(struct spmc *s, struct spmc_partition *p);
/* The priority mask for running `next` on cpu, applied through the HAL: every
 * handler's exit. Returns next. */
struct spmc_ec *spmc_irq_exit(struct spmc *s, uint32_t cpu, struct spmc_ec *next);
/* ec has just stopped running to hand `next` the values in *regs (its
 * FFA_MSG_WAIT or direct response). If interrupts were queued for ec while
 * it was busy, it handles them now, before `next` runs. Returns who runs. */
struct spmc_ec *spmc_irq_after_idle(struct spmc *s, uint32_t cpu, struct spmc_ec *ec,
				    struct spmc_ec *next, struct ffa_value *regs);
/* FFA_MSG_WAIT from a context handling a secure interrupt. */
struct spmc_ec *spmc_irq_handled(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				 struct ffa_value *regs);
/* Queues virtual interrupt intid for ec (once: a pending one is not queued
 * again). */
void spmc_virq_push(struct spmc_ec *ec, uint32_t intid);
/* Drops a managed exit that is no longer wanted (ec answered or waits). */
void spmc_irq_me_clear(struct spmc_ec *ec);

/* ---- notifications (notif.c) ---- */
/* The schedule receiver interrupt owed on cpu (delayed SRI) is sent now
 * that the normal world runs there. */
void spmc_notif_exit_to_nwd(struct spmc *s, uint32_t cpu);
/* Framework notification "RX buffer full" for endpoint `id` (indirect
 * messaging): 0 or an FFA_RET_* code. */
int spmc_notif_rx_full(struct spmc *s, uint32_t cpu, ffa_id_t id, bool from_sp, bool delay_sri);

/* ---- power management (power.c) ---- */
/* `caller` answered a framework message of the SPMC's: the PM response is
 * recorded and the next partition is told, or the dispatcher learns the
 * event is done. */
struct spmc_ec *spmc_pm_response(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				 struct ffa_value *regs);

/* ---- ABI handlers: each returns the next context and sets *regs ---- */
typedef struct spmc_ec *(*spmc_abi_fn)(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				       struct ffa_value *regs);

struct spmc_ec *spmc_abi_version(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_features(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_id_get(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_spm_id_get(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_console_log(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_rxtx_map(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_rxtx_unmap(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_rx_release(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_rx_acquire(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_partition_info_get(struct spmc *, uint32_t, struct spmc_ec *,
					    struct ffa_value *);
struct spmc_ec *spmc_abi_partition_info_get_regs(struct spmc *, uint32_t, struct spmc_ec *,
						 struct ffa_value *);
struct spmc_ec *spmc_abi_direct_req(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_direct_resp(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_msg_wait(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_run(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_yield(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_error(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_secondary_ep_register(struct spmc *, uint32_t, struct spmc_ec *,
					       struct ffa_value *);
struct spmc_ec *spmc_abi_notif_bitmap_create(struct spmc *, uint32_t, struct spmc_ec *,
					     struct ffa_value *);
struct spmc_ec *spmc_abi_notif_bitmap_destroy(struct spmc *, uint32_t, struct spmc_ec *,
					      struct ffa_value *);
struct spmc_ec *spmc_abi_notif_bind(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_notif_unbind(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_notif_set(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_notif_get(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_notif_info_get(struct spmc *, uint32_t, struct spmc_ec *,
					struct ffa_value *);
struct spmc_ec *spmc_abi_msg_send2(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_msg_send(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_msg_poll(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_mem_send(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_mem_retrieve_req(struct spmc *, uint32_t, struct spmc_ec *,
					  struct ffa_value *);
struct spmc_ec *spmc_abi_mem_relinquish(struct spmc *, uint32_t, struct spmc_ec *,
					struct ffa_value *);
struct spmc_ec *spmc_abi_mem_reclaim(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_mem_frag_tx(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_mem_frag_rx(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_mem_perm_get(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);
struct spmc_ec *spmc_abi_mem_perm_set(struct spmc *, uint32_t, struct spmc_ec *, struct ffa_value *);

/* ---- memory management (mem_init.c) ---- */
/* Arena bytes for the store and the scratch memory (an upper bound). */
size_t spmc_mem_arena_size(const struct spmc_config *cfg);
/* Builds the store in mem (spmc_mem_arena_size bytes): 0 or an FFA_RET_* code. */
int spmc_mem_init(struct spmc *s, void *mem, size_t size, const struct spmc_config *cfg);
/* Partition p was aborted (mem_release.c): it lets go of all memory it
 * borrowed and of its descriptors in fragments, so lenders can reclaim. */
void spmc_mem_partition_aborted(struct spmc *s, struct spmc_partition *p);

/* ---- dispatch table (dispatch.c), also the source of FFA_FEATURES answers ---- */
#define SPMC_FROM_NWD (1u << 0)
#define SPMC_FROM_SP (1u << 1)
/* A result encoding the SPMC returns (FFA_SUCCESS, FFA_ERROR,
 * FFA_MEM_RETRIEVE_RESP): FFA_FEATURES reports it to every caller, though
 * calling it into the SPMC means nothing unless `from` says otherwise. */
#define SPMC_RETURNED (1u << 2)
/* Only S-EL0 partitions may call it (FFA_MEM_PERM_GET/SET). */
#define SPMC_SEL0_ONLY (1u << 3)
/* Removed after v1.0: only callers that negotiated v1.0 have it. */
#define SPMC_V10_ONLY (1u << 4)

struct spmc_abi {
	uint32_t func_id;
	uint8_t from;          /* SPMC_FROM_* */
	uint32_t min_version;  /* caller's negotiated version must be at least this */
	uint32_t mbz;          /* bit i set: register x(i) must be zero (w(i) for SMC32) */
	spmc_abi_fn fn;
};
const struct spmc_abi *spmc_abi_lookup(uint32_t func_id);
bool spmc_abi_callable(const struct spmc_abi *abi, const struct spmc_partition *caller);

#endif
