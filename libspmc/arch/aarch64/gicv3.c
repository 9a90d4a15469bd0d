/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The GICv3 driver behind the HAL's interrupt calls: the distributor for
 * SPIs, each CPU's redistributor for its SGIs and PPIs, and the CPU interface
 * through the ICC system registers (secure group 1 for the SPMC). EL3 has
 * enabled the distributor and woken the redistributors; the SPMC configures
 * only the interrupts its partitions own, and the SGI it sends the normal
 * world.
 */
#include <ffa/errors.h>

#include "hal.h"
#include "platform.h"
#include "sysreg.h"

#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_IROUTER 0x6000
#define GICR_SGI_BASE 0x10000 /* the SGI/PPI frame, after RD_base */

/* The CPU interface, by encoding (assemblers differ on the names). */
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_HPPIR1_EL1 S3_0_C12_C12_2
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_HPPIR0_EL1 S3_0_C12_C8_2
#define ICC_ASGI1R_EL1 S3_0_C12_C11_6
/* One more expansion step, so the encodings above replace the names. */
#define XREAD(r) read_sysreg(r)
#define XWRITE(r, v) write_sysreg(r, v)

static volatile uint32_t *reg32(uint64_t addr) { return (volatile uint32_t *)(uintptr_t)addr; }
static volatile uint64_t *reg64(uint64_t addr) { return (volatile uint64_t *)(uintptr_t)addr; }
static volatile uint8_t *reg8(uint64_t addr) { return (volatile uint8_t *)(uintptr_t)addr; }

static uint64_t sgi_frame(uint32_t cpu)
{
	return PLAT_GICR_BASE + (uint64_t)cpu * PLAT_GICR_STRIDE + GICR_SGI_BASE;
}

static uint32_t max_intid(void)
{
	uint32_t lines = *reg32(PLAT_GICD_BASE + GICD_TYPER) & 0x1f;
	uint32_t max = 32 * (lines + 1) - 1;

	return max > 1019 ? 1019 : max;
}

/* The bank (distributor or the CPU's SGI frame) holding intid's registers. */
static uint64_t bank(uint32_t cpu, uint32_t intid)
{
	return intid < 32 ? sgi_frame(cpu) : PLAT_GICD_BASE;
}

static void set_bit(uint64_t base, uint32_t off, uint32_t intid, bool on)
{
	volatile uint32_t *r = reg32(base + off + (intid / 32) * 4);
	uint32_t bit = 1u << (intid % 32);

	*r = on ? (*r | bit) : (*r & ~bit);
}

int hal_irq_configure(const struct hal_irq_cfg *cfg)
{
	uint64_t b;
	volatile uint32_t *icfg;
	uint32_t shift;

	if (cfg->cpu >= hal_cpu_count() || cfg->intid > max_intid() ||
	    cfg->group > HAL_IRQ_GROUP1_NS)
		return FFA_RET_INVALID_PARAMETERS;
	b = bank(cfg->cpu, cfg->intid);
	*reg32(b + GICD_ICENABLER + (cfg->intid / 32) * 4) = 1u << (cfg->intid % 32);
	dsb_sy();
	/* Group 0: IGROUPR 0, MOD 0; secure group 1: 0, 1; non-secure group 1: 1, 0. */
	set_bit(b, GICD_IGROUPR, cfg->intid, cfg->group == HAL_IRQ_GROUP1_NS);
	set_bit(b, GICD_IGRPMODR, cfg->intid, cfg->group == HAL_IRQ_GROUP1_S);
	*reg8(b + GICD_IPRIORITYR + cfg->intid) = cfg->priority;
	if (cfg->intid >= 16) { /* SGIs are always edge-triggered */
		icfg = reg32(b + GICD_ICFGR + (cfg->intid / 16) * 4);
		shift = (cfg->intid % 16) * 2 + 1;
		*icfg = cfg->level ? (*icfg & ~(1u << shift)) : (*icfg | (1u << shift));
	}
	if (cfg->intid >= 32) /* SPIs: routed to the CPU's affinity (Aff0 = index) */
		*reg64(PLAT_GICD_BASE + GICD_IROUTER + 8ull * cfg->intid) = cfg->cpu;
	dsb_sy();
	*reg32(b + GICD_ISENABLER + (cfg->intid / 32) * 4) = 1u << (cfg->intid % 32);
	return 0;
}

void hal_irq_enable(uint32_t cpu, uint32_t intid, bool enable)
{
	uint64_t b;

	if (cpu >= hal_cpu_count() || intid > max_intid())
		return;
	b = bank(cpu, intid);
	*reg32(b + (enable ? GICD_ISENABLER : GICD_ICENABLER) + (intid / 32) * 4) =
		1u << (intid % 32);
}

/* The CPU interface belongs to the CPU that runs the code: `cpu` is always
 * the caller's own on this backend. */
uint32_t hal_irq_ack(uint32_t cpu)
{
	uint32_t id;

	(void)cpu;
	if ((XREAD(ICC_HPPIR0_EL1) & 0xffffff) < 1020)
		return HAL_IRQ_GROUP0_PENDING;
	id = (uint32_t)XREAD(ICC_IAR1_EL1) & 0xffffff;
	return id >= 1020 ? HAL_IRQ_SPURIOUS : id;
}

void hal_irq_eoi(uint32_t cpu, uint32_t intid)
{
	(void)cpu;
	XWRITE(ICC_EOIR1_EL1, intid);
	isb();
}

void hal_irq_set_pmr(uint32_t cpu, uint8_t pmr)
{
	(void)cpu;
	XWRITE(ICC_PMR_EL1, pmr);
}

/* The SPMC's SGIs are the normal world's (the schedule receiver interrupt):
 * ICC_ASGI1R generates group 1 for the other security state. */
void hal_irq_send_sgi(uint32_t target_cpu, uint32_t intid)
{
	if (target_cpu >= hal_cpu_count() || intid > 15)
		return;
	dsb_ishst();
	XWRITE(ICC_ASGI1R_EL1, ((uint64_t)intid << 24) | (1ull << (target_cpu % 16)) |
				       ((uint64_t)(target_cpu / 16) << 16));
	isb();
}

/* The test platform routes no group 0 interrupt to secure code, and its EL3
 * dispatcher does not implement FFA_EL3_INTR_HANDLE: nothing to hand over. */
void hal_el3_intr_handle(uint32_t cpu)
{
	(void)cpu;
	a64_puts("SPMC: group 0 interrupt with no EL3 handler on this platform\n");
}

void a64_gic_cpu_init(uint32_t cpu)
{
	(void)cpu;
	XWRITE(ICC_SRE_EL1, 0x7);
	isb();
	XWRITE(ICC_CTLR_EL1, 0); /* EOI drops priority and deactivates */
	XWRITE(ICC_PMR_EL1, 0xff);
	XWRITE(ICC_IGRPEN1_EL1, 1);
	isb();
}

enum a64_irq_kind a64_gic_pending(void)
{
	if ((XREAD(ICC_HPPIR0_EL1) & 0xffffff) < 1020)
		return A64_IRQ_GROUP0;
	if ((XREAD(ICC_HPPIR1_EL1) & 0xffffff) < 1020)
		return A64_IRQ_SECURE;
	return A64_IRQ_NS;
}
