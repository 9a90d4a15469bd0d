/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Indirect messaging (FF-A v1.1+): FFA_MSG_SEND2. The sender writes a message
 * header and payload in its TX buffer; the SPMC checks the header, copies the
 * message into the receiver's RX buffer — in the header layout of the
 * receiver's version — and hands that buffer to the receiver until it calls
 * FFA_RX_RELEASE (or FFA_MSG_WAIT without keeping it). The receiver learns of
 * it from the "RX buffer full" framework notification: the SPM framework
 * bitmap of an SP, the hypervisor framework bitmap of a VM, raised with the
 * schedule receiver interrupt (or after the sender returns, with the delay
 * flag). Normal world to SP, SP to SP and SP to normal world; a failure
 * changes nothing.
 */
#include "internal.h"
#include "msg/msg_hdr.h"

#define SEND2_DELAY_SRI (1u << 1)

/* Whether `to` takes indirect messages: an SP that says so in its
 * properties (and negotiated a version with the header), or the normal
 * world from v1.1. */
static bool receives(const struct spmc_partition *to)
{
	if (to->aborted || spmc_msg_hdr_size(to->ffa_version) == 0)
		return false;
	return to->is_nwd || (to->properties & FFA_PROP_INDIRECT_MSG);
}

struct spmc_ec *spmc_abi_msg_send2(struct spmc *s, uint32_t cpu, struct spmc_ec *caller,
				   struct ffa_value *regs)
{
	uint32_t flags = (uint32_t)regs->x[2];
	struct spmc_partition *from = caller->part, *to;
	struct spmc_mailbox *tx = &from->mbox, *rx;
	struct spmc_msg_hdr h;
	size_t tx_size, rx_size, out_hdr;

	/* w1 carries a sender VM ID only when a hypervisor forwards: MBZ here. */
	if ((uint32_t)regs->x[1] != 0 || flags & ~SEND2_DELAY_SRI)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (!tx->mapped)
		return spmc_ret_err(caller, regs, FFA_RET_DENIED);
	tx_size = (size_t)tx->pages * FFA_PAGE_SIZE;
	if (spmc_msg_hdr_parse(tx->tx, tx_size, from->ffa_version, &h, NULL) != 0)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* Nobody sends in another's name. */
	if (h.sender != from->id)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	to = spmc_partition_find(s, h.receiver);
	/* The normal world's messages to itself are not the SPMC's to carry. */
	if (!to || (to->is_nwd && from->is_nwd))
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	if (!receives(to))
		return spmc_ret_err(caller, regs, to->aborted ? FFA_RET_ABORTED : FFA_RET_DENIED);
	rx = &to->mbox;
	if (!rx->mapped)
		return spmc_ret_err(caller, regs, FFA_RET_INVALID_PARAMETERS);
	/* The receiver still holds its RX buffer: the message must wait. */
	if (rx->rx_state != SPMC_RX_FREE)
		return spmc_ret_err(caller, regs, FFA_RET_BUSY);
	rx_size = (size_t)rx->pages * FFA_PAGE_SIZE;
	out_hdr = spmc_msg_hdr_size(to->ffa_version);
	if (h.size > rx_size - out_hdr)
		return spmc_ret_err(caller, regs, FFA_RET_NO_MEMORY);

	/* The header in the receiver's layout, the payload right after it. */
	struct spmc_msg_hdr out = h;

	out.offset = (uint32_t)out_hdr;
	if (to->ffa_version < FFA_VERSION_1_2 || from->ffa_version < FFA_VERSION_1_2)
		spmc_memset(out.uuid, 0, sizeof(out.uuid));
	spmc_msg_hdr_encode(&out, to->ffa_version, rx->rx, rx_size);
	spmc_memcpy((uint8_t *)rx->rx + out_hdr, (const uint8_t *)tx->tx + h.offset, h.size);
	hal_work(HAL_WORK_BYTES_COPIED, out_hdr + h.size);
	rx->rx_state = SPMC_RX_FULL;
	/* The receiver learns of it through its framework notification, when it
	 * has one (an SP without notification support finds it when it runs). */
	(void)spmc_notif_rx_full(s, cpu, to->id, !from->is_nwd, flags & SEND2_DELAY_SRI);
	return spmc_ret(caller, regs, ffa_success(0));
}
