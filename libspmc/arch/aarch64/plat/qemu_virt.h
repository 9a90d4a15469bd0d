/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The QEMU "virt" platform (secure=on, virtualization=on, gic-version=3,
 * -cpu max): every address and constant the aarch64 SPMC, the test EL3
 * dispatcher and the test normal world need. Another platform (an FVP, a
 * board) is another file like this one, chosen with PLAT= at build time.
 * Used from C and from assembly: plain #defines only.
 */
#ifndef PLAT_QEMU_VIRT_H
#define PLAT_QEMU_VIRT_H

#define PLAT_NAME "qemu-virt"
#define PLAT_CPU_COUNT 2            /* QEMU -smp; MPIDR Aff0 = linear index */
#define PLAT_MAX_CPUS 8

/* ---- devices ---- */
#define PLAT_UART_BASE 0x09000000   /* PL011 UART0, shared by every world */
#define PLAT_GICD_BASE 0x08000000   /* GICv3 distributor */
#define PLAT_GICR_BASE 0x080a0000   /* redistributors, one frame pair per CPU */
#define PLAT_GICR_STRIDE 0x20000
#define PLAT_DEVICE_BASE 0x08000000 /* [0x08000000, 0x10000000): MMIO */
#define PLAT_DEVICE_SIZE 0x08000000

/* ---- secure memory: QEMU's secure SRAM, 16 MiB ---- */
#define PLAT_SEC_RAM_BASE 0x0e000000
#define PLAT_SEC_RAM_SIZE 0x01000000
#define PLAT_EL3_BASE 0x0e000000      /* the EL3 dispatcher (512 KiB) */
#define PLAT_EL3_SIZE 0x00080000
#define PLAT_SPMC_MANIFEST 0x0e080000 /* SPMC manifest DTB, 64 KiB (TOS_FW_CONFIG) */
#define PLAT_SPMC_MANIFEST_SIZE 0x00010000
#define PLAT_SPMC_BASE 0x0e100000     /* SPMC image: code, data, stacks, arena */
#define PLAT_SPMC_SIZE 0x00700000
#define PLAT_SP_MEM_BASE 0x0e800000   /* partitions: packages placed here by the loader */
#define PLAT_SP_MEM_SIZE 0x00800000

/* ---- normal world: QEMU's DRAM ---- */
#define PLAT_NS_DRAM_BASE 0x40000000
#define PLAT_NS_DRAM_SIZE 0x40000000  /* -m 1G */
/* QEMU writes its generated DTB at the base of RAM when it boots firmware
 * (-bios); nothing else may be loaded there. */
#define PLAT_QEMU_DTB_BASE 0x40000000
#define PLAT_QEMU_DTB_SIZE 0x00100000
#define PLAT_NWD_ENTRY 0x40100000     /* the normal-world program (NS-EL1) */
#define PLAT_NWD_IMAGE_SIZE 0x00100000
#define PLAT_NWD_SCRATCH 0x40200000   /* its buffers: RX/TX, memory it shares */
#define PLAT_NWD_SCRATCH_SIZE 0x00200000

/*
 * QEMU's -device loader writes through the Non-secure address space, which
 * does not reach the secure SRAM. Images for [PLAT_SEC_RAM_BASE, +SIZE) are
 * therefore loaded at the same offsets in this window at the top of NS DRAM,
 * and the reset code (-bios) copies the window into the secure SRAM before the
 * EL3 dispatcher runs. The window is not the normal world's to use.
 */
#define PLAT_QEMU_SEC_STAGING 0x7f000000
#define PLAT_QEMU_SEC_STAGING_READY 0x5ec5eadd  /* in the window's last word: copied */

/* QEMU's Secure physical address space also decodes non-secure DRAM (as a
 * TrustZone-unaware interconnect would): a partition with its stage 1 off,
 * which only reaches the Secure IPA space, can still use memory the normal
 * world shares when the SPMC maps it there too. */
#define PLAT_SECURE_SEES_NS_DRAM 1

#endif
