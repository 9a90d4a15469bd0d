/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The test EL3 dispatcher: a minimal SPMD. It boots the SPMC at S-EL2 on each
 * CPU, then relays FF-A calls: an FF-A SMC from the normal world becomes the
 * result of the SPMC's pending SMC, and every SMC from the initialised SPMC
 * (its answer: not always a function ID in w0) the result of the normal
 * world's. PSCI from the normal world is handled here (psci.c).
 */
#include "el3.h"
#include "ffa/errors.h"
#include "ffa/func_ids.h"

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_EC_SMC64 0x17
#define SPSR_EL(spsr) (((spsr) >> 2) & 3)

struct el3_cpu {
	struct el3_ctx secure;
	struct el3_ctx ns;
	int spmc_ready;      /* the SPMC on this CPU has sent FFA_MSG_WAIT */
};

static struct el3_cpu cpus[PLAT_MAX_CPUS];
static volatile uint64_t spmc_secondary_ep;

/* ---- per-CPU hardware setup ---- */

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_IGRPMODR 0x0d00
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ENABLES 0x7u           /* EnableGrp0 | EnableGrp1NS | EnableGrp1S */
#define GICD_CTLR_ARE (3u << 4)          /* ARE_S | ARE_NS */
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_IGRPMODR0 (GICR_SGI + 0x0d00)

static volatile uint32_t *mmio32(uint64_t addr) { return (volatile uint32_t *)(uintptr_t)addr; }

static void gicd_init(void)
{
	uint32_t lines = (*mmio32(PLAT_GICD_BASE + GICD_TYPER) & 0x1f) + 1;

	*mmio32(PLAT_GICD_BASE + GICD_CTLR) = GICD_CTLR_ARE;
	while (*mmio32(PLAT_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
	/* Every SPI group 1 non-secure; the SPMC claims its own. */
	for (uint32_t n = 1; n < lines; n++) {
		*mmio32(PLAT_GICD_BASE + GICD_IGROUPR + 4 * n) = 0xffffffffu;
		*mmio32(PLAT_GICD_BASE + GICD_IGRPMODR + 4 * n) = 0;
	}
	*mmio32(PLAT_GICD_BASE + GICD_CTLR) = GICD_CTLR_ARE | GICD_CTLR_ENABLES;
	while (*mmio32(PLAT_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

/* The CPUs there are: one redistributor each, the last one marked. */
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1u << 4)
unsigned el3_cpu_count;

static void count_cpus(void)
{
	unsigned n = 0;

	while (n < PLAT_MAX_CPUS) {
		uint64_t rd = PLAT_GICR_BASE + (uint64_t)n++ * PLAT_GICR_STRIDE;

		if (*mmio32(rd + GICR_TYPER) & GICR_TYPER_LAST)
			break;
	}
	el3_cpu_count = n;
}

static void gicr_init(unsigned cpu)
{
	uint64_t rd = PLAT_GICR_BASE + (uint64_t)cpu * PLAT_GICR_STRIDE;

	*mmio32(rd + GICR_WAKER) &= ~GICR_WAKER_SLEEP;
	while (*mmio32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP)
		;
	*mmio32(rd + GICR_IGROUPR0) = 0xffffffffu;
	*mmio32(rd + GICR_IGRPMODR0) = 0;
}

extern char el3_vectors[];

static void el3_cpu_init(unsigned cpu)
{
	EL3_SYSREG_WRITE(vbar_el3, (uint64_t)(uintptr_t)el3_vectors);
	EL3_SYSREG_WRITE(sctlr_el3, SCTLR_EL3_RES1 | SCTLR_I);
	EL3_SYSREG_WRITE(scr_el3, SCR_SECURE);
	EL3_SYSREG_WRITE(cptr_el3, 0);
	EL3_SYSREG_WRITE(mdcr_el3, MDCR_EL3_SPME);
	isb();
	EL3_SYSREG_WRITE(icc_sre_el3, 0xf);
	isb();
	EL3_SYSREG_WRITE(icc_sre_el2, 0xf);
	isb();
	gicr_init(cpu);
	EL3_SYSREG_WRITE(icc_igrpen1_el3, 3);
	isb();
	if (cpu == 0 && !(EL3_SYSREG_READ(mdcr_el3) & MDCR_EL3_SPME))
		el3_puts("el3: warning: MDCR_EL3.SPME did not stick\n");

	el3_ctx_init(&cpus[cpu].secure, 0, cpu);
	el3_ctx_init(&cpus[cpu].ns, 1, cpu);
	cpus[cpu].spmc_ready = 0;
}

/* Enter the SPMC at S-EL2 on this CPU: x0 manifest (cold boot), x4 linear id. */
static __attribute__((noreturn)) void enter_spmc(unsigned cpu, uint64_t ep, uint64_t manifest)
{
	struct el3_ctx *s = &cpus[cpu].secure;

	s->elr_el3 = ep;
	s->x[0] = manifest;
	s->x[4] = cpu;
	el3_ctx_restore_sysregs(s);
	el3_eret(s);
}

void el3_main(unsigned cpu)
{
	el3_puts("el3: " PLAT_NAME " boot, entering the SPMC at S-EL2\n");
	gicd_init();
	count_cpus();
	el3_cpu_init(cpu);
	enter_spmc(cpu, PLAT_SPMC_BASE, PLAT_SPMC_MANIFEST);
}

void el3_secondary_main(unsigned cpu)
{
	uint64_t ep = spmc_secondary_ep;

	el3_cpu_init(cpu);
	enter_spmc(cpu, ep ? ep : PLAT_SPMC_BASE, 0);
}

/* ---- world switches ---- */

static struct el3_ctx *to_ns(unsigned cpu)
{
	el3_ctx_save_sysregs(&cpus[cpu].secure);
	el3_ctx_restore_sysregs(&cpus[cpu].ns);
	return &cpus[cpu].ns;
}

static struct el3_ctx *to_secure(unsigned cpu)
{
	el3_ctx_save_sysregs(&cpus[cpu].ns);
	el3_ctx_restore_sysregs(&cpus[cpu].secure);
	return &cpus[cpu].secure;
}

static void copy_args(struct el3_ctx *to, const struct el3_ctx *from)
{
	for (int i = 0; i < 18; i++)
		to->x[i] = from->x[i];
}

static int is_ffa(uint32_t fid)
{
	return (fid >= 0x84000060u && fid <= 0x840000ffu) ||
	       (fid >= 0xc4000060u && fid <= 0xc40000ffu);
}

static struct el3_ctx *ret_secure(struct el3_ctx *s, uint64_t x0)
{
	for (int i = 0; i < 8; i++)
		s->x[i] = 0;
	s->x[0] = x0;
	return s;
}

static struct el3_ctx *from_spmc(struct el3_ctx *s, unsigned cpu)
{
	uint32_t fid = (uint32_t)s->x[0];

	if (fid == FFA_SECONDARY_EP_REGISTER_64 || fid == FFA_SECONDARY_EP_REGISTER_32) {
		spmc_secondary_ep = fid == FFA_SECONDARY_EP_REGISTER_32 ? (uint32_t)s->x[1] : s->x[1];
		return ret_secure(s, FFA_SUCCESS_32);
	}
	if (!cpus[cpu].spmc_ready) {
		if (fid == FFA_MSG_WAIT_32) {
			uint64_t entry = PLAT_NWD_ENTRY, context_id = 0;
			struct el3_ctx *ns;

			cpus[cpu].spmc_ready = 1;
			el3_puts("el3: cpu ");
			el3_put_dec(cpu);
			el3_puts(": SPMC initialised\n");
			if (cpu != 0)
				el3_psci_get_entry(cpu, &entry, &context_id);
			ns = to_ns(cpu);
			ns->elr_el3 = entry;
			ns->x[0] = context_id;
			return ns;
		}
		if (fid == FFA_ERROR_32) {
			el3_puts("el3: cpu ");
			el3_put_dec(cpu);
			el3_puts(": SPMC failed to boot, FFA_ERROR ");
			el3_put_hex((uint32_t)s->x[2]);
			el3_puts("\n");
			el3_exit(2);
		}
		/* Nothing else is served to an SPMC that has not finished booting. */
		if (is_ffa(fid)) {
			ret_secure(s, FFA_ERROR_32);
			s->x[2] = (uint32_t)FFA_RET_NOT_SUPPORTED;
			return s;
		}
		return ret_secure(s, 0xffffffffu);
	}
	/* Once it runs, every other SMC from the SPMC answers the normal world's
	 * pending call: w0 is not always a function ID (FFA_VERSION returns the
	 * version itself). */
	{
		struct el3_ctx *ns = to_ns(cpu);

		copy_args(ns, s);
		return ns;
	}
}

static struct el3_ctx *from_ns(struct el3_ctx *ns, unsigned cpu)
{
	uint32_t fid = (uint32_t)ns->x[0];

	if (is_ffa(fid)) {
		struct el3_ctx *s = to_secure(cpu);

		copy_args(s, ns);
		return s;
	}
	if (el3_is_psci(fid))
		return el3_psci(ns, cpu);
	ns->x[0] = 0xffffffffu;
	return ns;
}

static unsigned this_cpu(void)
{
	return (unsigned)(EL3_SYSREG_READ(mpidr_el1) & 0xff);
}

struct el3_ctx *el3_lower_sync(struct el3_ctx *ctx)
{
	unsigned cpu = this_cpu();
	uint64_t esr = EL3_SYSREG_READ(esr_el3);
	int ns = (ctx->scr_el3 & SCR_NS) != 0;
	unsigned el = SPSR_EL(ctx->spsr_el3);

	if (ESR_EC(esr) != ESR_EC_SMC64)
		el3_unexpected(ctx, EL3_VEC_LOWER64);
	if (ns && el == 1)
		return from_ns(ctx, cpu);
	if (!ns && el == 2)
		return from_spmc(ctx, cpu);
	el3_unexpected(ctx, EL3_BAD_SMC);
}

void el3_unexpected(struct el3_ctx *ctx, uint64_t kind)
{
	static const char *const what[] = { "synchronous exception", "IRQ", "FIQ", "SError" };
	uint64_t spsr = ctx ? ctx->spsr_el3 : EL3_SYSREG_READ(spsr_el3);
	uint64_t scr = ctx ? ctx->scr_el3 : EL3_SYSREG_READ(scr_el3);

	el3_puts("el3: cpu ");
	el3_put_dec(this_cpu());
	el3_puts(": unexpected ");
	el3_puts(kind == EL3_BAD_SMC ? "SMC" : what[kind & 3]);
	if (kind < EL3_VEC_LOWER64) {
		el3_puts(" at EL3");
	} else {
		el3_puts(scr & SCR_NS ? " from NS-" : " from S-");
		if (kind >= EL3_VEC_LOWER32 && kind < EL3_BAD_SMC) {
			el3_puts("AArch32");
		} else {
			el3_puts("EL");
			el3_put_dec(SPSR_EL(spsr));
		}
	}
	el3_puts("\nel3: ESR_EL3 ");
	el3_put_hex(EL3_SYSREG_READ(esr_el3));
	el3_puts(" ELR_EL3 ");
	el3_put_hex(EL3_SYSREG_READ(elr_el3));
	el3_puts(" FAR_EL3 ");
	el3_put_hex(EL3_SYSREG_READ(far_el3));
	el3_puts(" SPSR_EL3 ");
	el3_put_hex(spsr);
	el3_puts("\n");
	el3_exit(3);
}
