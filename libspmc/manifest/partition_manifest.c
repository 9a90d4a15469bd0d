/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Partition manifests: the root node's properties, the services (UUIDs and
 * messaging methods, v1.0 lists or v1.1 services node), boot-info and the
 * choice of sub-nodes. Regions and RX/TX buffers are in regions.c.
 *
 * Rules are those of the TF-A "FF-A manifest binding to device tree" and the
 * checks Hafnium applies when it loads a partition; where the binding calls a
 * property mandatory but the manifests projects ship go without it
 * (ns-interrupts-action, load-address), it is optional with Hafnium's default.
 */
#include <libfdt.h>

#include "mf_internal.h"

static const char *const root_props[] = {
	"compatible", "description", "debug_name", "uuid", "id", "auxiliary-id",
	"ffa-version", "execution-ctx-count", "exception-level", "execution-state",
	"load-address", "image-size", "entrypoint-offset", "xlat-granule", "boot-order",
	"messaging-method", "managed-exit", "managed-exit-virq", "ns-interrupts-action",
	"other-s-interrupts-action", "sri-interrupts-policy", "notification-support",
	"gp-register-num", "power-management-messages", "vm-availability-messages",
	"has-primary-scheduler", "time-slice-mem", "lifecycle-support", "abort-action",
	"stream-endpoint-ids", "#address-cells", "#size-cells", "elf-format",
	"legacy-elf-format", "phandle",
};

static const char *const service_props[] = {"uuid", "messaging-method", "description",
					     "phandle"};
static const char *const boot_info_props[] = {"compatible", "ffa_manifest", "hob_list",
					      "phandle"};
static const char *const rxtx_props[] = {"compatible", "rx-buffer", "tx-buffer", "phandle"};
static const char *const services_props[] = {"compatible", "phandle"};

#define MF_REQ2 (FFA_PROP_DIRECT_REQ2_RECV | FFA_PROP_DIRECT_REQ2_SEND)

/* ---- the root compatible ---- */

static bool has_prefix(const char *s, const char *prefix)
{
	while (*prefix && *s == *prefix) {
		s++;
		prefix++;
	}
	return *prefix == '\0';
}

/* The binding minor version from the root compatible list; -1 if unusable (reported). */
static int binding_minor(struct mf_ctx *c)
{
	const uint8_t *v;
	uint32_t len, at = 0;
	int got = mf_prop(c, 0, "compatible", &v, &len);
	bool ffa_other = false, core = false;

	if (got == MF_ABSENT)
		mf_error(c, 0, "compatible", "mandatory property missing");
	if (got != MF_OK)
		return -1;
	while (at < len) {
		const char *s = (const char *)v + at;
		uint32_t n = (uint32_t)spmc_strnlen(s, len - at);

		if (n == len - at)
			break; /* not NUL-terminated */
		if (spmc_streq(s, "arm,ffa-manifest-1.0"))
			return 0;
		if (spmc_streq(s, "arm,ffa-manifest-1.1"))
			return 1;
		if (has_prefix(s, "arm,ffa-manifest-"))
			ffa_other = true;
		if (spmc_streq(s, "arm,ffa-core-manifest-1.0"))
			core = true;
		at += n + 1;
	}
	mf_error(c, 0, "compatible",
		 ffa_other ? "unsupported binding version (arm,ffa-manifest-1.0 and -1.1 are known)"
		 : core	   ? "an SPMC manifest (arm,ffa-core-manifest-1.0), not a partition manifest"
			   : "not an FF-A partition manifest (want \"arm,ffa-manifest-1.0\" or -1.1)");
	return -1;
}

/* ---- services ---- */

static bool check_messaging(struct mf_ctx *c, int node, uint32_t m)
{
	if (m & ~SPMC_MF_MSG_VALID) {
		mf_error_v(c, node, "messaging-method", "undefined bits set", m & ~SPMC_MF_MSG_VALID);
		return false;
	}
	if (m == 0) {
		mf_error(c, node, "messaging-method", "no messaging method set");
		return false;
	}
	return true;
}

/* v1.0: uuid = <4 cells per UUID>; messaging-method = one value, or one per UUID. */
static void services_v1_0(struct mf_ctx *c, struct spmc_mf_partition *m)
{
	const uint8_t *u, *mm = NULL;
	uint32_t nu = 0, nm = 0;
	int gu = mf_cells(c, 0, "uuid", 4, &u, &nu);
	int gm = mf_cells(c, 0, "messaging-method", 1, &mm, &nm);
	struct spmc_mf_service *s;
	const char *path;

	mf_need(c, 0, "uuid", gu);
	mf_need(c, 0, "messaging-method", gm);
	if (gu != MF_OK)
		return;
	if (gm == MF_OK && nm != 1 && nm != nu)
		mf_error_v(c, 0, "messaging-method",
			   "needs one value for every UUID, or a single one (values given)", nm);
	path = mf_path_dup(c, 0);
	s = mf_alloc(c, 0, nu, sizeof(*s));
	if (!s)
		return;
	for (uint32_t i = 0; i < nu; i++) {
		for (uint32_t w = 0; w < 4; w++)
			s[i].uuid[w] = mf_cell(u, 4 * i + w);
		s[i].path = path;
		if (mf_uuid_is_nil(s[i].uuid))
			mf_error_v(c, 0, "uuid", "the nil UUID is not a partition's (UUID index)", i);
		if (gm == MF_OK && (nm == 1 || nm == nu)) {
			s[i].messaging = mf_cell(mm, nm == 1 ? 0 : i);
			if (nm != 1 || i == 0)
				check_messaging(c, 0, s[i].messaging);
		}
	}
	m->services = s;
	m->service_count = nu;
}

static void one_service(struct mf_ctx *c, int node, uint32_t flags, struct spmc_mf_service *s)
{
	const uint8_t *v;
	uint32_t len, msg = 0;
	int got;

	mf_scan_props(c, node, service_props, SPMC_ARRAY_SIZE(service_props));
	s->path = mf_path_dup(c, node);
	got = mf_prop(c, node, "uuid", &v, &len);
	if (got == MF_OK && len == 16) {
		for (uint32_t w = 0; w < 4; w++)
			s->uuid[w] = mf_cell(v, w);
		mf_note(c, node, "uuid", "given as cells; the v1.1 binding wants the canonical string");
	} else if (got == MF_OK) {
		const char *str = NULL;

		if (mf_str(c, node, "uuid", &str) != MF_OK)
			; /* reported */
		else if (!mf_uuid_from_string(str, (flags & SPMC_MF_UUID_STRING_HAFNIUM) != 0,
					      s->uuid))
			mf_error(c, node, "uuid",
				 "not a canonical UUID string (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
		else if (mf_uuid_is_nil(s->uuid))
			mf_error(c, node, "uuid", "the nil UUID is not a partition's");
	} else {
		mf_need(c, node, "uuid", got);
	}
	got = mf_u32(c, node, "messaging-method", &msg);
	if (mf_need(c, node, "messaging-method", got) && check_messaging(c, node, msg))
		s->messaging = msg;
}

/* v1.1: a "services" node, one child per UUID (a string) with its messaging method. */
static void services_v1_1(struct mf_ctx *c, int node, uint32_t flags, struct spmc_mf_partition *m)
{
	struct spmc_mf_service *s;
	uint32_t n, i = 0;
	int sub;

	if (node < 0) {
		mf_error(c, 0, "", "a v1.1 manifest needs a \"services\" node");
		return;
	}
	mf_scan_props(c, node, services_props, SPMC_ARRAY_SIZE(services_props));
	if (!mf_compatible(c, node, "arm,ffa-manifest-services"))
		mf_error(c, node, "compatible", "must be \"arm,ffa-manifest-services\"");
	n = mf_count_subnodes(c, node);
	if (n == 0) {
		mf_error(c, node, "", "no service nodes");
		return;
	}
	s = mf_alloc(c, node, n, sizeof(*s));
	if (!s)
		return;
	fdt_for_each_subnode(sub, c->fdt, node) {
		if (i == n || c->nomem)
			break;
		one_service(c, sub, flags, &s[i++]);
	}
	m->services = s;
	m->service_count = i;
}

static void check_duplicate_uuids(struct mf_ctx *c, const struct spmc_mf_partition *m)
{
	for (uint32_t i = 1; i < m->service_count; i++)
		for (uint32_t j = 0; j < i; j++) {
			const uint32_t *a = m->services[i].uuid, *b = m->services[j].uuid;

			if (!mf_uuid_is_nil(a) && a[0] == b[0] && a[1] == b[1] && a[2] == b[2] &&
			    a[3] == b[3]) {
				mf_error_v(c, 0, "uuid", "the same UUID is listed twice (index)", i);
				return;
			}
		}
}

/* ---- root properties ---- */

static void root_properties(struct mf_ctx *c, struct spmc_mf_partition *m)
{
	uint32_t x = 0;
	uint64_t y = 0;
	int got;

	if (mf_str(c, 0, "description", &m->description) != MF_OK)
		mf_str(c, 0, "debug_name", &m->description);
	if (mf_u32_max(c, 0, "id", 0xffff, &x) == MF_OK) {
		m->has_id = true;
		m->id = (uint16_t)x;
		if (!(x & 0x8000u))
			mf_note(c, 0, "id",
				"not a secure endpoint ID (bit 15 clear): the SPMC assigns the ID");
	}
	if (mf_u32(c, 0, "auxiliary-id", &m->aux_id) == MF_OK)
		m->has_aux_id = true;

	got = mf_u32(c, 0, "ffa-version", &x);
	if (mf_need(c, 0, "ffa-version", got)) {
		if (x & 0x80000000u)
			mf_error_v(c, 0, "ffa-version", "bit 31 must be zero", x);
		else if (FFA_VERSION_MAJOR(x) != 1)
			mf_error_v(c, 0, "ffa-version", "unsupported FF-A major version", x >> 16);
		m->ffa_version = x;
	}
	got = mf_u32_max(c, 0, "execution-ctx-count", 0xffff, &x);
	if (mf_need(c, 0, "execution-ctx-count", got)) {
		if (x == 0)
			mf_error(c, 0, "execution-ctx-count", "must be at least 1");
		m->ec_count = (uint16_t)x;
	}
	got = mf_u32_max(c, 0, "exception-level", SPMC_MF_S_EL1, &x);
	if (mf_need(c, 0, "exception-level", got))
		m->exception_level = (uint8_t)x;
	got = mf_u32_max(c, 0, "execution-state", 1, &x);
	if (mf_need(c, 0, "execution-state", got))
		m->execution_state = (uint8_t)x;

	if (mf_u64(c, 0, "load-address", &y) == MF_OK) {
		m->has_load_address = true;
		m->load_address = y;
		if (!SPMC_IS_ALIGNED(y, SPMC_MF_PAGE_SIZE))
			mf_error_v(c, 0, "load-address", "not 4 KiB aligned", y);
	}
	if (mf_u64(c, 0, "image-size", &m->image_size) == MF_OK)
		m->has_image_size = true;
	if (mf_u64(c, 0, "entrypoint-offset", &m->entrypoint_offset) == MF_OK &&
	    m->has_image_size && m->entrypoint_offset >= m->image_size)
		mf_error_v(c, 0, "entrypoint-offset", "outside the image (image-size)",
			   m->entrypoint_offset);
	if (mf_u32_max(c, 0, "xlat-granule", 2, &x) == MF_OK)
		m->xlat_granule = (uint8_t)x;
	m->boot_order = 0xffff;
	if (mf_u32_max(c, 0, "boot-order", 0xffff, &x) == MF_OK) {
		m->has_boot_order = true;
		m->boot_order = (uint16_t)x;
	}

	mf_bool(c, 0, "managed-exit", &m->managed_exit);
	mf_bool(c, 0, "managed-exit-virq", &m->managed_exit_virq);
	m->ns_int_action = SPMC_MF_NS_SIGNALED;
	if (mf_u32_max(c, 0, "ns-interrupts-action", SPMC_MF_NS_SIGNALED, &x) == MF_OK) {
		m->has_ns_int_action = true;
		m->ns_int_action = (uint8_t)x;
		if (m->managed_exit && x != SPMC_MF_NS_MANAGED_EXIT)
			mf_error_v(c, 0, "ns-interrupts-action", "contradicts managed-exit", x);
	}
	if (m->managed_exit)
		m->ns_int_action = SPMC_MF_NS_MANAGED_EXIT;
	if (mf_u32_max(c, 0, "other-s-interrupts-action", 1, &x) == MF_OK) {
		m->has_other_s_int_action = true;
		m->other_s_int_action = (uint8_t)x;
		if (x == 0 && m->ns_int_action != SPMC_MF_NS_QUEUED)
			mf_error(c, 0, "other-s-interrupts-action",
				 "queued (0) needs ns-interrupts-action queued (0) too");
	}
	if (mf_u32_max(c, 0, "sri-interrupts-policy", 3, &x) == MF_OK) {
		m->has_sri_policy = true;
		m->sri_policy = (uint8_t)x;
	}
	if (mf_u32_max(c, 0, "abort-action", 3, &x) == MF_OK) {
		m->has_abort_action = true;
		m->abort_action = (uint8_t)x;
	}
	mf_bool(c, 0, "notification-support", &m->notification_support);
	if (mf_u32_max(c, 0, "gp-register-num", 3, &x) == MF_OK) {
		m->has_gp_register = true;
		m->gp_register_num = (uint8_t)x;
	}
	/* Bits 0..2 from the binding; bit 3 (CPU_ON) from Hafnium. */
	if (mf_u32_bits(c, 0, "power-management-messages", 0xf, &m->pm_messages) == MF_OK)
		m->has_pm_messages = true;
	mf_u32_bits(c, 0, "vm-availability-messages", 0x3, &m->vm_availability);
	mf_bool(c, 0, "has-primary-scheduler", &m->has_primary_scheduler);
	mf_bool(c, 0, "time-slice-mem", &m->time_slice_mem);
	mf_bool(c, 0, "lifecycle-support", &m->lifecycle_support);
	{
		const uint8_t *p;

		mf_cells(c, 0, "stream-endpoint-ids", 1, &p, &m->stream_endpoint_id_count);
	}
	/* Shape checks only: properties other projects read. */
	mf_u32(c, 0, "#address-cells", &x);
	mf_u32(c, 0, "#size-cells", &x);
	mf_u32(c, 0, "elf-format", &x);
	mf_u32(c, 0, "legacy-elf-format", &x);
	mf_u32(c, 0, "phandle", &x);
}

/* Rules across the root properties (Hafnium's sanity checks). */
static void root_consistency(struct mf_ctx *c, struct spmc_mf_partition *m)
{
	if (m->exception_level == SPMC_MF_S_EL0 && m->ec_count > 1)
		mf_error_v(c, 0, "execution-ctx-count",
			   "an S-EL0 partition has exactly one execution context", m->ec_count);
	if (m->ns_int_action == SPMC_MF_NS_MANAGED_EXIT && m->exception_level != SPMC_MF_S_EL1)
		mf_error(c, 0, m->managed_exit ? "managed-exit" : "ns-interrupts-action",
			 "managed exit is only for S-EL1 partitions");
	if (m->managed_exit_virq && m->ns_int_action != SPMC_MF_NS_MANAGED_EXIT)
		mf_note(c, 0, "managed-exit-virq", "ignored without managed exit");
	if ((m->messaging & MF_REQ2) && m->ffa_version && m->ffa_version < FFA_VERSION_1_2)
		mf_error(c, 0, "messaging-method",
			 "DIRECT_REQ2 (bits 9, 10) needs ffa-version 1.2 or later");
	if (m->has_primary_scheduler && m->exception_level != SPMC_MF_EL1)
		mf_error(c, 0, "has-primary-scheduler", "the primary scheduler runs at EL1");
}

/* ---- sub-nodes ---- */

static void boot_info(struct mf_ctx *c, int node, struct spmc_mf_partition *m)
{
	mf_scan_props(c, node, boot_info_props, SPMC_ARRAY_SIZE(boot_info_props));
	if (!mf_compatible(c, node, "arm,ffa-manifest-boot-info"))
		mf_error(c, node, "compatible", "must be \"arm,ffa-manifest-boot-info\"");
	m->boot_info = true;
	mf_bool(c, node, "ffa_manifest", &m->boot_info_ffa_manifest);
	mf_bool(c, node, "hob_list", &m->boot_info_hob_list);
	if (!m->has_gp_register)
		mf_note(c, node, "", "boot information without gp-register-num is not passed");
}

enum node_role { ROLE_NONE, ROLE_MEM, ROLE_DEV, ROLE_RXTX, ROLE_BOOT, ROLE_SERVICES };

/* A node's role: by name first (as Hafnium finds them), else by compatible. */
static enum node_role role_of(struct mf_ctx *c, int node)
{
	static const struct {
		const char *name, *alt, *compat;
		enum node_role role;
	} roles[] = {
		{"memory-regions", NULL, "arm,ffa-manifest-memory-regions", ROLE_MEM},
		{"device-regions", NULL, "arm,ffa-manifest-device-regions", ROLE_DEV},
		{"rx_tx-info", "rx-tx-buffer", "arm,ffa-manifest-rx_tx-buffer", ROLE_RXTX},
		{"boot-info", NULL, "arm,ffa-manifest-boot-info", ROLE_BOOT},
		{"services", NULL, "arm,ffa-manifest-services", ROLE_SERVICES},
	};
	const char *n = mf_node_name(c, node);

	for (uint32_t i = 0; i < SPMC_ARRAY_SIZE(roles); i++)
		if (mf_name_is(n, roles[i].name) || (roles[i].alt && mf_name_is(n, roles[i].alt)))
			return roles[i].role;
	for (uint32_t i = 0; i < SPMC_ARRAY_SIZE(roles); i++)
		if (mf_compatible(c, node, roles[i].compat))
			return roles[i].role;
	return ROLE_NONE;
}

static void parse(struct mf_ctx *c, uint32_t flags, struct spmc_mf_partition *m)
{
	int nodes[ROLE_SERVICES + 1] = {-1, -1, -1, -1, -1, -1};
	int minor = binding_minor(c), sub;

	if (minor < 0)
		return;
	m->binding_minor = (uint32_t)minor;
	m->rx_region = -1;
	m->tx_region = -1;
	mf_scan_props(c, 0, root_props, SPMC_ARRAY_SIZE(root_props));
	root_properties(c, m);

	fdt_for_each_subnode(sub, c->fdt, 0) {
		enum node_role r = role_of(c, sub);

		if (r == ROLE_NONE) {
			mf_note(c, sub, "", "unknown node, ignored");
			continue;
		}
		if (nodes[r] >= 0) {
			mf_error(c, sub, "", "a second node of this kind");
			continue;
		}
		nodes[r] = sub;
	}

	if (minor == 0) {
		services_v1_0(c, m);
		if (nodes[ROLE_SERVICES] >= 0)
			mf_note(c, nodes[ROLE_SERVICES], "",
				"ignored: a v1.0 manifest lists uuid and messaging-method at the root");
	} else {
		const uint8_t *v;
		uint32_t len;

		if (mf_prop(c, 0, "uuid", &v, &len) == MF_OK)
			mf_note(c, 0, "uuid", "ignored: a v1.1 manifest lists UUIDs in \"services\"");
		if (mf_prop(c, 0, "messaging-method", &v, &len) == MF_OK)
			mf_note(c, 0, "messaging-method",
				"ignored: a v1.1 manifest gives it per service");
		services_v1_1(c, nodes[ROLE_SERVICES], flags, m);
	}
	if (c->nomem)
		return;
	for (uint32_t i = 0; i < m->service_count; i++)
		m->messaging |= m->services[i].messaging;
	check_duplicate_uuids(c, m);
	root_consistency(c, m);

	if (nodes[ROLE_BOOT] >= 0)
		boot_info(c, nodes[ROLE_BOOT], m);
	if (nodes[ROLE_MEM] >= 0)
		mf_parse_regions(c, nodes[ROLE_MEM], false, m);
	if (nodes[ROLE_DEV] >= 0 && !c->nomem)
		mf_parse_regions(c, nodes[ROLE_DEV], true, m);
	if (!c->nomem)
		mf_check_streams(c, m);
	if (nodes[ROLE_RXTX] >= 0 && !c->nomem) {
		mf_scan_props(c, nodes[ROLE_RXTX], rxtx_props, SPMC_ARRAY_SIZE(rxtx_props));
		mf_resolve_rxtx(c, nodes[ROLE_RXTX], m);
	}
}

int spmc_mf_parse_partition(const void *blob, size_t size, uint32_t flags,
			    struct spmc_mf_arena *arena, struct spmc_mf_partition *out,
			    struct spmc_mf_diags *diags)
{
	struct mf_ctx c;
	size_t used = arena ? arena->used : 0;

	spmc_memset(out, 0, sizeof(*out));
	if (!mf_open(&c, blob, size, arena, diags))
		return FFA_RET_INVALID_PARAMETERS;
	parse(&c, flags, out);
	if (c.errors == 0 && !c.nomem)
		return 0;
	spmc_memset(out, 0, sizeof(*out));
	if (arena)
		arena->used = used;
	return c.nomem ? FFA_RET_NO_MEMORY : FFA_RET_INVALID_PARAMETERS;
}

enum spmc_mf_kind spmc_mf_kind(const void *blob, size_t size)
{
	struct mf_ctx c;
	const uint8_t *v;
	uint32_t len, at = 0;

	if (!mf_open(&c, blob, size, NULL, NULL))
		return SPMC_MF_KIND_INVALID;
	if (mf_prop(&c, 0, "compatible", &v, &len) != MF_OK)
		return SPMC_MF_KIND_UNKNOWN;
	while (at < len) {
		const char *s = (const char *)v + at;
		uint32_t n = (uint32_t)spmc_strnlen(s, len - at);

		if (n == len - at)
			break;
		if (spmc_streq(s, "arm,ffa-core-manifest-1.0"))
			return SPMC_MF_KIND_SPMC;
		if (has_prefix(s, "arm,ffa-manifest-"))
			return SPMC_MF_KIND_PARTITION;
		at += n + 1;
	}
	return SPMC_MF_KIND_UNKNOWN;
}
