/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The aarch64 SPMC's boot: the primary CPU turns its MMU on, loads the
 * partitions the SPMC manifest lists (the packages are where BL2 put them),
 * builds the core and starts the run loop; a secondary CPU joins when the
 * normal world turns it on.
 */
#include <libfdt.h>

#include <ffa/ffa.h>

#include "ctx.h"
#include "loader/loader.h"
#include "measure.h"
#include "mem/mem_store.h"
#include "platform.h"
#include "sysreg.h"

void a64_primary_main(uint64_t manifest, uint64_t cpu);
void a64_secondary_main(uint64_t cpu);
void a64_spmc_fault(uint64_t esr, uint64_t elr, uint64_t far);

/* Partitions' manifests and configuration, and the core's own state. */
static uint8_t load_arena[512 << 10] __attribute__((aligned(16)));
static uint8_t core_arena[3 << 20] __attribute__((aligned(16)));
static struct spmc_config cfg;
static struct spmc_mem_region_cfg ns_mem;
static struct spmc *spmc;

static void report(void *ctx, const struct spmc_mf_diag *d)
{
	(void)ctx;
	a64_puts(d->severity == SPMC_MF_NOTE ? "SPMC: manifest note: " : "SPMC: manifest: ");
	a64_puts(d->path);
	if (d->prop[0]) {
		a64_puts(": ");
		a64_puts(d->prop);
	}
	a64_puts(": ");
	a64_puts(d->msg);
	if (d->has_value) {
		a64_puts(" (");
		a64_put_hex(d->value);
		a64_puts(")");
	}
	a64_puts("\n");
}

static void cpu_setup(uint32_t cpu)
{
	a64_mmu_enable();
	a64_cpus[cpu].id = cpu;
	/* (Again) to tell EL3 when this CPU's contexts have initialised. */
	a64_cpus[cpu].nwd_started = false;
	a64_cpus[cpu].loaded = NULL;
	write_sysreg(tpidr_el2, (uint64_t)(uintptr_t)&a64_cpus[cpu]);
	a64_stage2_cpu_init();
	a64_gic_cpu_init(cpu);
	a64_measure_cpu_init();
}

/* Boot failed: EL3 takes FFA_ERROR before init is done as "no SPMC". */
static void boot_failed(const char *why, int rc)
{
	struct ffa_value v = {{FFA_ERROR_32, 0, (uint64_t)(uint32_t)rc}};

	a64_puts("SPMC: boot failed: ");
	a64_puts(why);
	a64_puts("\n");
	a64_smc(&v);
	for (;;)
		__asm__ volatile("wfi");
}

static int load(uint64_t manifest)
{
	const void *fdt = (const void *)(uintptr_t)manifest;
	struct spmc_mf_arena arena = {load_arena, sizeof(load_arena), 0};
	struct spmc_mf_diags diags = {.report = report};
	uint32_t loaded = 0, failed = 0;
	struct spmc_load_input in;
	int rc;

	if (fdt_magic(fdt) != FDT_MAGIC || fdt_totalsize(fdt) > PLAT_SPMC_MANIFEST_SIZE)
		return FFA_RET_INVALID_PARAMETERS;
	in = (struct spmc_load_input){
		.spmc_manifest = fdt, .spmc_manifest_size = fdt_totalsize(fdt),
	};
	rc = spmc_load(&in, &arena, &cfg, &loaded, &failed, &diags);
	if (rc != 0)
		return rc;
	a64_puts("SPMC: partitions loaded: ");
	a64_put_hex(loaded);
	a64_puts(", left out: ");
	a64_put_hex(failed);
	a64_puts("\n");
	return 0;
}

void a64_primary_main(uint64_t manifest, uint64_t cpu)
{
	struct ffa_value regs;
	size_t need;
	int rc;

	if (a64_mmu_setup() != 0) {
		a64_puts("SPMC: cannot build its own translation tables\n");
		a64_hang();
	}
	cpu_setup((uint32_t)cpu);
	a64_puts("SPMC: libspmc at S-EL2 on " PLAT_NAME "\n");
	rc = load(manifest);
	if (rc != 0)
		boot_failed("the SPMC manifest is unusable", rc);
	if (!cfg.spmc_id)
		cfg.spmc_id = 0x8000;
	if (cfg.cpu_count == 0 || cfg.cpu_count > PLAT_MAX_CPUS)
		boot_failed("the SPMC manifest's CPU count does not fit the platform", 0);
	a64_set_cpu_count(cfg.cpu_count);
	/* The normal world owns all of its DRAM: it may share or lend any of it. */
	ns_mem = (struct spmc_mem_region_cfg){
		.base = PLAT_NS_DRAM_BASE, .pages = PLAT_NS_DRAM_SIZE / FFA_PAGE_SIZE,
		.owner = FFA_ID_NWD_NO_HYP, .attrs = HAL_MEM_R | HAL_MEM_W | HAL_MEM_X | HAL_MEM_NS,
	};
	cfg.ns_mem = &ns_mem;
	cfg.ns_mem_count = 1;
	cfg.mem_max_tx = 256;
	cfg.mem_max_ranges = 4096;
	need = spmc_arena_size(&cfg);
	if (need == 0 || need > sizeof(core_arena))
		boot_failed("the core's state does not fit its arena", 0);
	rc = spmc_init(&spmc, core_arena, need, &cfg);
	if (rc != 0)
		boot_failed("core initialisation", rc);
	regs = (struct ffa_value){{FFA_SECONDARY_EP_REGISTER_64,
				   (uint64_t)(uintptr_t)a64_secondary_entry}};
	a64_smc(&regs);
	a64_lock();
	a64_run(spmc, (uint32_t)cpu, spmc_cpu_on(spmc, (uint32_t)cpu, &regs), &regs);
}

void a64_secondary_main(uint64_t cpu)
{
	struct ffa_value regs;

	cpu_setup((uint32_t)cpu);
	a64_lock();
	a64_run(spmc, (uint32_t)cpu, spmc_cpu_on(spmc, (uint32_t)cpu, &regs), &regs);
}

void a64_spmc_fault(uint64_t esr, uint64_t elr, uint64_t far)
{
	a64_puts("SPMC: exception at EL2: ESR ");
	a64_put_hex(esr);
	a64_puts(" ELR ");
	a64_put_hex(elr);
	a64_puts(" FAR ");
	a64_put_hex(far);
	a64_puts("\n");
}
