/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The v1.0 indirect messages, FFA_MSG_SEND and FFA_MSG_POLL, for endpoints
 * that negotiated v1.0 (v1.1 replaced them with FFA_MSG_SEND2, and they are
 * NOT_SUPPORTED to anyone newer). The payload has no header: the sender's TX
 * buffer from offset 0, w3 bytes, lands at offset 0 of the receiver's RX
 * buffer, which the receiver then owns; it learns who sent what with
 * FFA_MSG_POLL (FFA_MSG_SEND: w1 sender | receiver, w3 size) and gives the
 * buffer back with FFA_RX_RELEASE. RETRY when nothing is there.
 */
#include "internal.h"

struct spmc_ec *spmc_abi_msg_send(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				  struct ffa_value *regs)
{
	uint32_t w1 = (uint32_t)regs->x[1], size = (uint32_t)regs->x[3];
	struct spmc_partition *from = caller->part, *to;
	struct spmc_mailbox *tx = &from->mbox;

	(void)cpu;
	/* w4: flags; none is defined here. */
	if (ffa_sender(w1) != from->id || (uint32_t)regs->x[4] != 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	to = spmc_partition_find(s, ffa_receiver(w1));
	if (!to || to == from || (to->is_nwd && from->is_nwd))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (!tx->mapped)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	if (size == 0 || size > (uint64_t)tx->pages * FFA_PAGE_SIZE)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* The receiver polls for it: it must speak v1.0 and take indirect
	 * messages (an SP says so in its properties). */
	if (to->aborted)
		return spmc_ret_err(caller, regs, FFA_RET_ABORTED);
	if (to->ffa_version != FFA_VERSION_1_0 ||
	    (!to->is_nwd && !(to->properties & FFA_PROP_INDIRECT_MSG)))
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	if (!to->mbox.mapped || size > (uint64_t)to->mbox.pages * FFA_PAGE_SIZE)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (to->mbox.rx_state != SPMC_RX_FREE)
		return spmc_ret_err(caller, regs, FFA_RET_BUSY);
	spmc_memcpy(to->mbox.rx, tx->tx, size);
	hal_work(HAL_WORK_BYTES_COPIED, size);
	to->mbox.rx_state = SPMC_RX_FULL;
	to->legacy_msg = true;
	to->legacy_sender = from->id;
	to->legacy_size = size;
	return spmc_ret(caller, regs, ffa_success(0));
}

struct spmc_ec *spmc_abi_msg_poll(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				  struct ffa_value *regs)
{
	struct spmc_partition *p = caller->part;

	(void)s;
	(void)cpu;
	if (!p->legacy_msg)
		return spmc_ret_err(caller, regs, FFA_RET_RETRY);
	p->legacy_msg = false;
	return spmc_ret(caller, regs,
			(struct ffa_value){{FFA_MSG_SEND_32, ffa_pack_ids(p->legacy_sender, p->id), 0,
					    p->legacy_size}});
}
