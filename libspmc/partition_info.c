/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Discovery: FFA_PARTITION_INFO_GET (descriptors into the caller's RX buffer,
 * in the layout of the caller's negotiated version) and
 * FFA_PARTITION_INFO_GET_REGS (v1.2, descriptors in registers).
 */
#include "internal.h"

static bool matches(const struct spmc_partition *p, const uint32_t uuid[4])
{
	return spmc_uuid_is_nil(uuid) || spmc_uuid_eq(p->uuid, uuid);
}

static uint32_t count_matching(const struct spmc *s, const uint32_t uuid[4])
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < s->sp_count; i++)
		n += matches(s->by_id[i], uuid);
	return n;
}

/* A caller only sees the property bits its version defines. */
static uint32_t props_for(const struct spmc_partition *p, uint32_t version)
{
	if (version < FFA_VERSION_1_1)
		return p->properties & FFA_PROP_V1_0_MASK;
	if (version < FFA_VERSION_1_2)
		return p->properties & FFA_PROP_V1_1_MASK;
	return p->properties;
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
	count = count_matching(s, uuid);
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
	for (uint32_t i = 0; i < s->sp_count; i++) {
		const struct spmc_partition *p = s->by_id[i];
		struct ffa_partition_info_v1_1 d;

		if (!matches(p, uuid))
			continue;
		d.id = p->id;
		d.exec_ctx_count = p->ec_count;
		d.properties = props_for(p, version);
		spmc_memcpy(d.uuid, p->uuid, sizeof(d.uuid));
		spmc_memcpy(out + (size_t)written * desc_size, &d, desc_size);
		written++;
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
	count = count_matching(s, uuid);
	if (count == 0 || start >= count)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);

	for (uint32_t i = 0; i < s->sp_count && n < FFA_PIGR_PER_CALL; i++) {
		const struct spmc_partition *p = s->by_id[i];

		if (!matches(p, uuid))
			continue;
		if (idx++ < start)
			continue;
		v.x[3 + 3 * n] = (uint64_t)p->id | ((uint64_t)p->ec_count << 16) |
				 ((uint64_t)p->properties << 32);
		v.x[4 + 3 * n] = (uint64_t)p->uuid[0] | ((uint64_t)p->uuid[1] << 32);
		v.x[5 + 3 * n] = (uint64_t)p->uuid[2] | ((uint64_t)p->uuid[3] << 32);
		n++;
	}
	v.x[0] = FFA_SUCCESS_64;
	v.x[2] = ffa_pigr_pack_x2((uint16_t)(count - 1), (uint16_t)(start + n - 1), 0,
				  sizeof(struct ffa_partition_info_v1_1));
	return spmc_ret(caller, regs, v);
}
