/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * World contexts: their initial values, and the EL1/EL2 system registers a
 * world switch saves and restores (one table, two accessors per register).
 */
#include <stddef.h>

#include "el3.h"

_Static_assert(offsetof(struct el3_ctx, sp_el0) == CTX_SP_EL0, "ctx layout");
_Static_assert(offsetof(struct el3_ctx, elr_el3) == CTX_ELR, "ctx layout");
_Static_assert(offsetof(struct el3_ctx, spsr_el3) == CTX_SPSR, "ctx layout");
_Static_assert(offsetof(struct el3_ctx, scr_el3) == CTX_SCR, "ctx layout");
_Static_assert(offsetof(struct el3_ctx, el3_sp) == CTX_EL3_SP, "ctx layout");

void el3_ctx_save_sysregs(struct el3_ctx *ctx)
{
#define SAVE1(r) ctx->el1.r = EL3_SYSREG_READ(r);
#define SAVE2(r) ctx->el2.r = EL3_SYSREG_READ(r);
	EL3_EL1_REGS(SAVE1)
	EL3_EL2_REGS(SAVE2)
}

void el3_ctx_restore_sysregs(const struct el3_ctx *ctx)
{
#define RESTORE1(r) EL3_SYSREG_WRITE(r, ctx->el1.r);
#define RESTORE2(r) EL3_SYSREG_WRITE(r, ctx->el2.r);
	EL3_EL1_REGS(RESTORE1)
	EL3_EL2_REGS(RESTORE2)
	isb();
}

/*
 * A world's state before it first runs. The normal world has no hypervisor:
 * EL2 is set once here, so that NS-EL1 runs AArch64 with nothing trapped and
 * every PMU counter its own. The secure world starts from the same EL2 values;
 * the SPMC programs its own.
 */
void el3_ctx_init(struct el3_ctx *ctx, int ns, unsigned cpu)
{
	uint64_t pmcr = EL3_SYSREG_READ(pmcr_el0);
	uint8_t *p = (uint8_t *)ctx;

	for (size_t i = 0; i < sizeof(*ctx); i++)
		p[i] = 0;
	ctx->scr_el3 = SCR_SECURE | (ns ? SCR_NS : 0);
	ctx->spsr_el3 = ns ? SPSR_EL1H : SPSR_EL2H;
	ctx->el3_sp = (uint64_t)(uintptr_t)(el3_stacks + (cpu + 1) * EL3_STACK_SIZE);
	ctx->el1.sctlr_el1 = SCTLR_EL1_RES1;
	ctx->el2.hcr_el2 = 1ull << 31;               /* RW: EL1 is AArch64 */
	ctx->el2.sctlr_el2 = SCTLR_EL2_RES1;
	ctx->el2.cptr_el2 = 0x33ff;                  /* RES1 bits, no FP trap */
	ctx->el2.mdcr_el2 = (pmcr >> 11) & 0x1f;     /* HPMN = PMCR_EL0.N */
	ctx->el2.cnthctl_el2 = 3;                    /* EL1PCTEN | EL1PCEN */
	ctx->el2.cntvoff_el2 = 0;
	ctx->el2.vpidr_el2 = EL3_SYSREG_READ(midr_el1);
	ctx->el2.vmpidr_el2 = EL3_SYSREG_READ(mpidr_el1);
	ctx->el2.vttbr_el2 = 0;
}
