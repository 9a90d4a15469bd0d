/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The test EL3 dispatcher (a minimal SPMD): per-CPU world contexts, the
 * assembly/C interface, the console. MMU off throughout.
 */
#ifndef EL3_H
#define EL3_H

#include "el3_asm.h"

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "plat/qemu_virt.h"

#define EL3_SYSREG_READ(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define EL3_SYSREG_WRITE(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb_sy() __asm__ volatile("dsb sy" : : : "memory")

/* The EL1 registers each world owns. */
#define EL3_EL1_REGS(X) \
	X(sctlr_el1) X(cpacr_el1) X(ttbr0_el1) X(ttbr1_el1) X(tcr_el1) X(mair_el1) \
	X(amair_el1) X(vbar_el1) X(sp_el1) X(elr_el1) X(spsr_el1) X(esr_el1) \
	X(far_el1) X(afsr0_el1) X(afsr1_el1) X(contextidr_el1) X(tpidr_el0) \
	X(tpidr_el1) X(tpidrro_el0) X(par_el1) X(cntkctl_el1) X(csselr_el1) \
	X(mdscr_el1)

/* The EL2 registers FEAT_SEL2 shares between Secure and Non-secure EL2. */
#define EL3_EL2_REGS(X) \
	X(hcr_el2) X(sctlr_el2) X(vbar_el2) X(ttbr0_el2) X(tcr_el2) X(mair_el2) \
	X(amair_el2) X(vttbr_el2) X(vtcr_el2) X(sp_el2) X(elr_el2) X(spsr_el2) \
	X(esr_el2) X(far_el2) X(hpfar_el2) X(tpidr_el2) X(cptr_el2) X(mdcr_el2) \
	X(cnthctl_el2) X(cntvoff_el2) X(vmpidr_el2) X(vpidr_el2) X(hstr_el2) \
	X(actlr_el2)

#define EL3_FIELD(r) uint64_t r;
struct el3_el1_regs { EL3_EL1_REGS(EL3_FIELD) };
struct el3_el2_regs { EL3_EL2_REGS(EL3_FIELD) };

/* One world on one CPU. The first fields are laid out for entry.S. */
struct el3_ctx {
	uint64_t x[31];
	uint64_t sp_el0;
	uint64_t elr_el3;
	uint64_t spsr_el3;
	uint64_t scr_el3;
	uint64_t el3_sp;   /* this CPU's EL3 stack top, for the exception entry */
	struct el3_el1_regs el1;
	struct el3_el2_regs el2;
};

/* entry.S */
__attribute__((noreturn)) void el3_eret(struct el3_ctx *ctx);
extern uint8_t el3_stacks[];

/* spmd.c: called from entry.S */
__attribute__((noreturn)) void el3_main(unsigned cpu);
__attribute__((noreturn)) void el3_secondary_main(unsigned cpu);
struct el3_ctx *el3_lower_sync(struct el3_ctx *ctx);
__attribute__((noreturn)) void el3_unexpected(struct el3_ctx *ctx, uint64_t kind);

/* Context and world switch (ctx.c). */
void el3_ctx_init(struct el3_ctx *ctx, int ns, unsigned cpu);
void el3_ctx_save_sysregs(struct el3_ctx *ctx);
void el3_ctx_restore_sysregs(const struct el3_ctx *ctx);
void el3_ctx_write_defaults(void);

/* spmd.c: the CPUs QEMU has (-smp), counted from the GIC redistributors */
extern unsigned el3_cpu_count;

/* psci.c */
struct el3_ctx *el3_psci(struct el3_ctx *ns, unsigned cpu);
int el3_is_psci(uint32_t fid);
void el3_psci_get_entry(unsigned cpu, uint64_t *entry, uint64_t *context_id);

/* console.c */
void el3_puts(const char *s);
void el3_put_hex(uint64_t v);
void el3_put_dec(uint64_t v);
__attribute__((noreturn)) void el3_exit(uint64_t status);

#endif /* !__ASSEMBLER__ */
#endif
