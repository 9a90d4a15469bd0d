/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FF-A manifests, parsed with libfdt: partition manifests
 * ("arm,ffa-manifest-1.0" / "-1.1") and the SPMC manifest
 * ("arm,ffa-core-manifest-1.0"), their cross-partition checks, and the mapping
 * of a parsed partition onto struct spmc_partition_cfg.
 *
 * Freestanding: no libc. Variable-size results (UUIDs, regions, interrupts,
 * SP package lists, CPUs, memory ranges) are carved from a caller-provided
 * arena; a parse that runs out fails with FFA_RET_NO_MEMORY. Strings in the
 * results (descriptions, node names) point into the blob, which must outlive
 * them; paths point into the arena.
 *
 * Every problem is reported through struct spmc_mf_diags with the node path,
 * the property and a message. Errors make the parse fail; notes (an unknown
 * property, ignored) do not. A parse keeps going after an error so that one
 * run reports every problem of a file, then fails; on failure the output is
 * zeroed and the arena is left as it was ("nothing half-loaded remains").
 */
#ifndef LIBSPMC_MANIFEST_H
#define LIBSPMC_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spmc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- memory and diagnostics ---- */

/* Caller-provided memory for variable-size results: [base, base + size), of
 * which `used` bytes are taken. Parses append to it. */
struct spmc_mf_arena {
	void *base;
	size_t size;
	size_t used;
};

enum spmc_mf_severity {
	SPMC_MF_NOTE = 0,  /* worth knowing, not wrong: the parse still succeeds */
	SPMC_MF_ERROR = 1, /* the manifest is invalid: the parse fails */
};

/* One problem. The strings are valid during the report callback only. */
struct spmc_mf_diag {
	enum spmc_mf_severity severity;
	const char *path;        /* node path, "/" for the root; never NULL */
	const char *prop;        /* property name; "" when about the node itself */
	const char *msg;         /* what is wrong, lower case, no trailing period */
	bool has_value;          /* value: the offending number, when there is one */
	uint64_t value;
	/* Cross-partition checks: which partition (index into the set) the problem
	 * is in, and the one it clashes with (and where); -1 / NULL otherwise. */
	int32_t part;
	int32_t other;
	const char *other_path;
};

/* Where problems go. report may be NULL (only count). */
struct spmc_mf_diags {
	void (*report)(void *ctx, const struct spmc_mf_diag *d);
	void *ctx;
	uint32_t errors;         /* counted across every call given this sink */
	uint32_t notes;
};

/* ---- checking a blob before libfdt walks it ---- */

/* fdt_check_full(blob, size), made safe for any bytes: also refuses blobs
 * shorter than a v17 header (which libfdt 1.6.1 would read past) and, before
 * libfdt walks it, a structure block whose property lengths would make libfdt
 * 1.6.1's offset arithmetic wrap (fdt_check_full then loops forever). Returns
 * 0 or a negative FDT_ERR_* code. Every parser here calls it first; other
 * users of libfdt on untrusted blobs should too. */
int spmc_mf_fdt_check(const void *blob, size_t size);

/* ---- what a blob is ---- */

enum spmc_mf_kind {
	SPMC_MF_KIND_INVALID = 0, /* not a well-formed device tree blob */
	SPMC_MF_KIND_UNKNOWN,     /* a DTB, but neither compatible */
	SPMC_MF_KIND_PARTITION,   /* arm,ffa-manifest-1.x */
	SPMC_MF_KIND_SPMC,        /* arm,ffa-core-manifest-1.0 */
};

/* Which manifest [blob, blob + size) is, from its root compatible. Any bytes. */
enum spmc_mf_kind spmc_mf_kind(const void *blob, size_t size);

/* ---- partition manifests ---- */

#define SPMC_MF_PAGE_SIZE 4096u

/* Region attributes (memory-regions / device-regions "attributes"). */
#define SPMC_MF_ATTR_R (1u << 0)
#define SPMC_MF_ATTR_W (1u << 1)
#define SPMC_MF_ATTR_X (1u << 2)
#define SPMC_MF_ATTR_NS (1u << 3)

/* Interrupt attributes (device-regions "interrupts" second cell). */
#define SPMC_MF_IRQ_PRIORITY(a) ((a) & 0xffu)
#define SPMC_MF_IRQ_SECURE (1u << 8)
#define SPMC_MF_IRQ_LEVEL (1u << 9)
#define SPMC_MF_IRQ_TYPE(a) (((a) >> 10) & 3u) /* 0 SGI, 1 PPI, 2 SPI */

/* messaging-method bits (the partition property bits they become). */
#define SPMC_MF_MSG_VALID 0x607u

/* exception-level values */
#define SPMC_MF_EL1 0u   /* a normal-world VM */
#define SPMC_MF_S_EL0 1u
#define SPMC_MF_S_EL1 2u

/* ns-interrupts-action values */
#define SPMC_MF_NS_QUEUED 0u
#define SPMC_MF_NS_MANAGED_EXIT 1u
#define SPMC_MF_NS_SIGNALED 2u

/* Parse flags */
/* Read a v1.1 services "uuid" string the way Hafnium does: each group of
 * eight hex digits is one word, most significant first
 * ("a609f132-0000-6b4f-..." -> 0xa609f132, 0x00006b4f, ...). Without it the
 * string is read as RFC 9562 bytes packed into words as SMCCC's UUID register
 * mapping says, the same packing the v1.0 uuid cells use
 * ("b4b5671e-4a90-4fe1-..." -> 0x1e67b5b4, 0xe14f904a, ...). */
#define SPMC_MF_UUID_STRING_HAFNIUM (1u << 0)

struct spmc_mf_service {
	uint32_t uuid[4];        /* FFA_PARTITION_INFO_GET's w1..w4 */
	uint32_t messaging;      /* messaging-method of this service */
	const char *path;        /* "/" (v1.0 uuid list) or its services child */
};

struct spmc_mf_irq {
	uint32_t id;
	uint32_t attributes;     /* SPMC_MF_IRQ_* */
	bool has_target;         /* interrupts-target gave its route */
	uint64_t mpidr;
};

/* A memory-regions or device-regions child. */
struct spmc_mf_region {
	const char *path;        /* node path */
	const char *name;        /* node name */
	const char *description; /* NULL if none */
	bool device;             /* a device region */
	bool has_base;           /* base is known: base-address, or an offset from a
				  * known load-address; else the SPMC chooses */
	uint64_t base;
	bool relative;           /* given as an offset from the load address */
	uint64_t offset;
	uint32_t pages;          /* 4 KiB pages, at least 1 */
	uint32_t attributes;     /* SPMC_MF_ATTR_* */
	bool has_phandle;
	uint32_t phandle;
	bool has_smmu_id;
	uint32_t smmu_id;
	const uint32_t *stream_ids;  /* arena copies */
	uint32_t stream_id_count;
	uint32_t stream_access;  /* memory regions: stream-ids-access-permissions */
	const struct spmc_mf_irq *irqs; /* device regions */
	uint32_t irq_count;
	bool exclusive_access;   /* device regions */
};

struct spmc_mf_partition {
	uint32_t binding_minor;  /* the Y of arm,ffa-manifest-1.Y */
	const char *description; /* description, else Hafnium's debug_name; may be NULL */
	const struct spmc_mf_service *services; /* one per UUID, at least one */
	uint32_t service_count;
	uint32_t messaging;      /* OR of every service's messaging-method */
	bool has_id;
	uint16_t id;             /* pre-allocated ID (projects use 1.. as well as 0x8001..) */
	bool has_aux_id;
	uint32_t aux_id;
	uint32_t ffa_version;
	uint16_t ec_count;
	uint8_t exception_level; /* SPMC_MF_EL1 / S_EL0 / S_EL1 */
	uint8_t execution_state; /* 0 AArch64, 1 AArch32 */
	uint8_t xlat_granule;    /* 0 4K, 1 16K, 2 64K */
	bool has_load_address;   /* absent: position independent */
	uint64_t load_address;
	bool has_image_size;
	uint64_t image_size;
	uint64_t entrypoint_offset;
	bool has_boot_order;
	uint16_t boot_order;     /* 0xffff when absent (boots last) */
	bool managed_exit;       /* the v1.0 managed-exit flag */
	bool managed_exit_virq;
	bool has_ns_int_action;
	uint8_t ns_int_action;   /* effective: managed-exit -> 1, default 2 (signaled) */
	bool has_other_s_int_action;
	uint8_t other_s_int_action;
	bool has_sri_policy;
	uint8_t sri_policy;
	bool has_abort_action;
	uint8_t abort_action;
	bool notification_support;
	bool has_gp_register;
	uint8_t gp_register_num;
	bool has_pm_messages;
	uint32_t pm_messages;
	uint32_t vm_availability;
	bool has_primary_scheduler;
	bool time_slice_mem;
	bool lifecycle_support;
	uint32_t stream_endpoint_id_count;
	bool boot_info;          /* a boot-info node */
	bool boot_info_ffa_manifest;
	bool boot_info_hob_list;
	bool has_rxtx;           /* rx_tx-info names the RX/TX buffers ... */
	int32_t rx_region;       /* ... these indices into mem_regions (-1 if none) */
	int32_t tx_region;
	const struct spmc_mf_region *mem_regions;
	uint32_t mem_region_count;
	const struct spmc_mf_region *dev_regions;
	uint32_t dev_region_count;
};

/* Parse a partition manifest blob of `size` bytes (any bytes: the blob is
 * checked with fdt_check_full first). flags: SPMC_MF_UUID_*. Returns 0, or
 * FFA_RET_INVALID_PARAMETERS (some error was reported) or FFA_RET_NO_MEMORY
 * (the arena is too small; also reported). diags may be NULL. */
int spmc_mf_parse_partition(const void *blob, size_t size, uint32_t flags,
			    struct spmc_mf_arena *arena, struct spmc_mf_partition *out,
			    struct spmc_mf_diags *diags);

/* ---- the SPMC manifest ---- */

/* An SP package the SPMC manifest lists (OP-TEE, compatible "arm,sp_pkg"). */
struct spmc_mf_sp_pkg {
	const char *path;
	uint32_t uuid[4];
	uint64_t load_address;
};

/* A Hafnium "hypervisor" node child (vm1, vm2, ...). */
struct spmc_mf_vm {
	const char *path;
	const char *debug_name;
	bool is_ffa_partition;
	bool hyp_loaded;
	bool has_load_address;
	uint64_t load_address;
	uint16_t vcpu_count;
	uint64_t mem_size;
};

enum spmc_mf_range_kind {
	SPMC_MF_RANGE_MEM = 0,     /* device_type "memory": secure memory */
	SPMC_MF_RANGE_NS_MEM,      /* "ns-memory" */
	SPMC_MF_RANGE_DEV,         /* "device-memory": secure devices */
	SPMC_MF_RANGE_NS_DEV,      /* "ns-device-memory" */
	SPMC_MF_RANGE_RESERVED,    /* nothing of a partition may be here (the SPMC) */
	SPMC_MF_RANGE_KINDS
};

struct spmc_mf_range {
	uint64_t base;
	uint64_t size;
	uint32_t kind;            /* enum spmc_mf_range_kind */
};

struct spmc_mf_spmc {
	uint16_t spmc_id;
	uint32_t maj_ver, min_ver;
	uint32_t exec_state;
	bool has_load_address;
	uint64_t load_address;
	bool has_entrypoint;
	uint64_t entrypoint;
	bool has_binary_size;
	uint64_t binary_size;
	const struct spmc_mf_sp_pkg *sp_pkgs;
	uint32_t sp_pkg_count;
	const struct spmc_mf_vm *vms;
	uint32_t vm_count;
	uint32_t cpu_count;       /* children of /cpus; 0 if no cpus node */
	const uint64_t *cpu_mpidrs; /* their reg values */
	const struct spmc_mf_range *ranges; /* the memory nodes' reg entries */
	uint32_t range_count;
};

/* Parse an SPMC manifest blob. Returns as spmc_mf_parse_partition. */
int spmc_mf_parse_spmc(const void *blob, size_t size, struct spmc_mf_arena *arena,
		       struct spmc_mf_spmc *out, struct spmc_mf_diags *diags);

/* ---- checks over a set of partitions ---- */

/* Checks what only the whole set shows: duplicate IDs, UUIDs, boot orders and
 * interrupt IDs; regions (and load ranges of known size) that overlap, within a
 * partition or between two; regions outside the platform's memory: each
 * region must lie inside one range of its kind (secure/non-secure,
 * memory/device) when `ranges` holds any range of that kind, and none may
 * touch a RESERVED range. ranges may be NULL. Diagnostics carry the partition
 * index (and the other one). Returns 0 or FFA_RET_INVALID_PARAMETERS. */
int spmc_mf_check_partitions(const struct spmc_mf_partition *const *parts, uint32_t count,
			     const struct spmc_mf_range *ranges, uint32_t range_count,
			     struct spmc_mf_diags *diags);

/* ---- onto the core's configuration ---- */

struct spmc_mf_cfg_opts {
	ffa_id_t id;          /* used when the manifest gives no secure ID (bit 15) */
	uint64_t load_addr;   /* where the partition actually is (its package); 0 =
			       * the manifest's load-address */
	uint64_t mem_size;    /* bytes of it to map; 0 = the manifest's image-size */
	uint32_t cpu_count;   /* if non-zero, ec_count must be 1 or this */
	const void *image;    /* passed through to cfg->image */
};

/* Fill *cfg from a parsed partition manifest; the regions, services and
 * interrupts it points to are carved from arena. Returns 0,
 * FFA_RET_INVALID_PARAMETERS (the partition is valid FF-A but not something
 * this SPMC runs: AArch32, a 16K/64K granule, EL1, no load address, a region
 * without an address, ...; reported) or FFA_RET_NO_MEMORY. */
int spmc_mf_partition_cfg(const struct spmc_mf_partition *m, const struct spmc_mf_cfg_opts *o,
			  struct spmc_mf_arena *arena, struct spmc_partition_cfg *cfg,
			  struct spmc_mf_diags *diags);

/* Fill the SPMC-wide fields of *cfg (spmc_id, cpu_count when the manifest
 * lists CPUs); the partition list is left alone. */
void spmc_mf_spmc_config(const struct spmc_mf_spmc *m, struct spmc_config *cfg);

#ifdef __cplusplus
}
#endif

#endif
