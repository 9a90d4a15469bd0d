/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Discovery: FFA_PARTITION_INFO_GET (descriptors into the caller's RX buffer,
 * in the layout of the caller's negotiated version) and
 * FFA_PARTITION_INFO_GET_REGS (v1.2, descriptors in registers).
 */
#include "internal.h"

/*
 * The discovery entries a query selects, in partition-ID order. A partition
 * implementing several services (UUIDs) appears once per service for a nil
 * UUID query from a v1.1+ caller (the descriptors carry the UUID), once for a
 * v1.0 caller (they do not), and once, with that UUID, for a query naming one
 * of its services.
 */
struct entry_it {
	uint32_t part, svc;
};

static bool next_entry(const struct spmc *s, const uint32_t uuid[4], bool per_service,
		       struct entry_it *it, const struct spmc_partition **p, uint32_t *svc)
{
	for (; it->part < s->sp_count; it->part++, it->svc = 0) {
		const struct spmc_partition *q = s->by_id[it->part];
		uint32_t n = spmc_service_count(q);

		for (; it->svc < n; it->svc++) {
			bool nil = spmc_uuid_is_nil(uuid);

			if ((nil && (per_service || it->svc == 0)) ||
			    (!nil && spmc_uuid_eq(spmc_service_uuid(q, it->svc), uuid))) {
				*p = q;
				*svc = it->svc;
				/* a named UUID selects a partition once */
				if (nil)
					it->svc++;
				else
					it->svc = n;
				return true;
			}
		}
	}
	return false;
}

static uint32_t count_matching(const struct spmc *s, const uint32_t uuid[4], bool per_service)
{
	struct entry_it it = {0, 0};
	const struct spmc_partition *p;
	uint32_t svc, n = 0;

	while (next_entry(s, uuid, per_service, &it, &p, &svc))
		n++;
	return n;
}

/* A caller only sees the property bits its version defines. */
static uint32_t props_for(const struct spmc_partition *p, uint32_t svc, uint32_t version)
{
	uint32_t props = spmc_service_props(p, svc);

	if (version < FFA_VERSION_1_1)
		return props & FFA_PROP_V1_0_MASK;
	if (version < FFA_VERSION_1_2)
		return props & FFA_PROP_V1_1_MASK;
	return props;
}

struct spmc_ec *spmc_abi_partition_info_get(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
					    struct ffa_value *regs)
{
	uint32_t uuid[4] = {(uint32_t)regs->x[1], (uint32_t)regs->x[2], (uint32_t)regs->x[3],
			    (uint32_t)regs->x[4]};
	uint32_t flags = (uint32_t)regs->x[5];
	uint32_t version = caller->part->ffa_version;
	uint32_t desc_size = version < FFA_VERSION_1_1 ? sizeof(struct ffa_partition_info_v1_0)
						       : sizeof(struct ffa_partition_info_v1_1);
	struct spmc_mailbox *mb = &caller->part->mbox;
	uint32_t count, written = 0;
	uint8_t *out;

	(void)cpu;
	if (flags & ~FFA_PARTITION_INFO_GET_COUNT_ONLY)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* The count-only flag is a v1.1 addition. */
	if ((flags & FFA_PARTITION_INFO_GET_COUNT_ONLY) && version < FFA_VERSION_1_1)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	count = count_matching(s, uuid, version >= FFA_VERSION_1_1);
	if (count == 0 && !spmc_uuid_is_nil(uuid))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (flags & FFA_PARTITION_INFO_GET_COUNT_ONLY)
		return spmc_ret(caller, regs, ffa_success(count));

	/* The SPMC may only write the RX buffer while it owns it. */
	if (!mb->mapped || mb->rx_state != SPMC_RX_FREE)
		return spmc_ret_err(caller, regs, FFA_RET_BUSY);
	if ((uint64_t)count * desc_size > (uint64_t)mb->pages * FFA_PAGE_SIZE)
		return spmc_ret_err(caller, regs, FFA_RET_NO_MEMORY);

	out = mb->rx;
	{
		struct entry_it it = {0, 0};
		const struct spmc_partition *p;
		uint32_t svc;

		while (next_entry(s, uuid, version >= FFA_VERSION_1_1, &it, &p, &svc)) {
			struct ffa_partition_info_v1_1 d;

			d.id = p->id;
			d.exec_ctx_count = p->ec_count;
			d.properties = props_for(p, svc, version);
			spmc_memcpy(d.uuid, spmc_service_uuid(p, svc), sizeof(d.uuid));
			spmc_memcpy(out + (size_t)written * desc_size, &d, desc_size);
			written++;
		}
	}
	hal_work(HAL_WORK_BYTES_COPIED, (uint64_t)count * desc_size);
	mb->rx_state = SPMC_RX_FULL;

	struct ffa_value v = ffa_success(count);
	if (version >= FFA_VERSION_1_1)
		v.x[3] = desc_size;
	return spmc_ret(caller, regs, v);
}

struct spmc_ec *spmc_abi_partition_info_get_regs(struct spmc *s, uint32_t cpu,
						 struct spmc_ec *caller, struct ffa_value *regs)
{
	uint32_t uuid[4] = {(uint32_t)regs->x[1], (uint32_t)(regs->x[1] >> 32),
			    (uint32_t)regs->x[2], (uint32_t)(regs->x[2] >> 32)};
	uint16_t start = FFA_PIGR_START_INDEX(regs->x[3]);
	uint16_t tag = FFA_PIGR_TAG(regs->x[3]);
	uint32_t count, idx = 0, n = 0;
	struct ffa_value v = {{0}};

	(void)cpu;
	/* Bits [63:32] are MBZ. Tags are only issued by an SPMC whose partition
	 * set changes at run time; ours never does, so the only valid tag is 0,
	 * and an invalid tag is RETRY (DEN0077 FFA_PARTITION_INFO_GET_REGS). */
	if (regs->x[3] >> 32)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (tag != 0)
		return spmc_ret_err(caller, regs, FFA_RET_RETRY);
	count = count_matching(s, uuid, true);
	if (count == 0 || start >= count)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);

	{
		struct entry_it it = {0, 0};
		const struct spmc_partition *p;
		uint32_t svc;

		while (n < FFA_PIGR_PER_CALL && next_entry(s, uuid, true, &it, &p, &svc)) {
			const uint32_t *u = spmc_service_uuid(p, svc);

			if (idx++ < start)
				continue;
			v.x[3 + 3 * n] = (uint64_t)p->id | ((uint64_t)p->ec_count << 16) |
					 ((uint64_t)spmc_service_props(p, svc) << 32);
			v.x[4 + 3 * n] = (uint64_t)u[0] | ((uint64_t)u[1] << 32);
			v.x[5 + 3 * n] = (uint64_t)u[2] | ((uint64_t)u[3] << 32);
			n++;
		}
	}
	v.x[0] = FFA_SUCCESS_64;
	v.x[2] = ffa_pigr_pack_x2((uint16_t)(count - 1), (uint16_t)(start + n - 1), 0,
				  sizeof(struct ffa_partition_info_v1_1));
	return spmc_ret(caller, regs, v);
}
