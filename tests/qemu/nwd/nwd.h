/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The normal-world runtime for the QEMU tests: a bare-metal program at NS-EL1,
 * MMU off, no libc. A program provides `int nwd_main(void)` (its return value
 * is QEMU's exit status) and links against build/qemu/libnwd.a with
 * build/qemu/nwd.ld (the platform-preprocessed tests/qemu/nwd/nwd.ld), which
 * places crt0's `_start` first, at PLAT_NWD_ENTRY, and pulls it from the
 * archive itself:
 *
 *   aarch64-linux-gnu-gcc $(QEMU_CFLAGS) -Itests/qemu/nwd -c prog.c -o prog.o
 *   aarch64-linux-gnu-gcc $(QEMU_LDFLAGS) -T build/qemu/nwd.ld \
 *       prog.o build/qemu/libnwd.a -o prog.elf
 *
 * (QEMU_CFLAGS / QEMU_LDFLAGS: tests/qemu/qemu.mk; they include -Iinclude and
 * -Ilibspmc/arch/aarch64.) The MMU stays off: all memory is Device, so keep
 * -mstrict-align. FP/SIMD is disabled (CPACR_EL1.FPEN = 0): -mgeneral-regs-only.
 *
 * CPU 0 runs nwd_main; others run the function given to nwd_cpu_on. Console
 * output is not locked: lines from two CPUs may interleave.
 */
#ifndef NWD_H
#define NWD_H

#include <stddef.h>
#include <stdint.h>

#include "ffa/value.h"
#include "plat/qemu_virt.h"

/* The test program's entry on CPU 0; returns the exit status. The runtime's
 * weak default reports that no program was linked and returns 1. */
int nwd_main(void);

/* ---- console (PL011, polling) ---- */
void nwd_putc(char c);
void nwd_puts(const char *s);
void nwd_put_hex(uint64_t v);           /* 0x-prefixed */
void nwd_put_dec(uint64_t v);
/* %s %c %d %i %u %x %p %%, optional '0' flag and width, l / ll / z modifiers */
void nwd_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the FF-A conduit: x0-x17 in, x0-x17 out, through EL3 to the SPMC ---- */
struct ffa_value nwd_smc(struct ffa_value in);
void nwd_smc_inplace(struct ffa_value *v);   /* crt0.S */

/* ---- PSCI (handled by EL3); results compare as int32_t ---- */
#define PSCI_VERSION 0x84000000u
#define PSCI_FEATURES 0x8400000au
#define PSCI_CPU_ON_64 0xc4000003u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_E_SUCCESS 0
#define PSCI_E_NOT_SUPPORTED (-1)
#define PSCI_E_INVALID_PARAMETERS (-2)
#define PSCI_E_ALREADY_ON (-4)

uint32_t nwd_psci_version(void);
int32_t nwd_psci_features(uint32_t fid);
int32_t nwd_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context_id);
__attribute__((noreturn)) void nwd_system_off(void);

/* Start CPU `cpu` (MPIDR Aff0) in the normal world running fn(cpu, arg) on its
 * own stack; when fn returns the CPU parks. Returns the PSCI result. */
typedef void (*nwd_cpu_fn)(unsigned cpu, uint64_t arg);
int32_t nwd_cpu_on(unsigned cpu, nwd_cpu_fn fn, uint64_t arg);
unsigned nwd_cpu_id(void);             /* MPIDR_EL1.Aff0 */
void nwd_secondary_entry(void);        /* crt0.S: the CPU_ON entry point */

/* ---- the way out: semihosting SYS_EXIT, QEMU exits with status ---- */
__attribute__((noreturn)) void nwd_exit(int status);

/* An IRQ taken at NS-EL1 calls this; return nonzero when handled. The weak
 * default returns 0, which reports an unexpected exception (exit status 3). */
int nwd_irq_handler(void);

/* ---- freestanding C ---- */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#endif
