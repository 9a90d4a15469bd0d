# Normal-world programs for the QEMU platform, and the targets that boot them.
# Included from the top-level Makefile, after tests/qemu/qemu.mk and
# libspmc/arch/aarch64/build.mk.
#
#   make qemu-test        boots the SPMC at S-EL2 with the example partitions
#                         and runs every conformance case (tests/conformance)
#                         from the normal world; fails when a case fails or the
#                         boot hangs. Then proves a broken case is caught by
#                         name (CONF_BREAK_CASE, default direct_req_echo).

QEMU_PROG_FLAGS := $(QEMU_CFLAGS) -fno-delete-null-pointer-checks -Isim -Iexamples/sp \
	-Itests/conformance -Itests/qemu/nwd
CONF_SRC := $(wildcard tests/conformance/*.c)
CONF_BREAK_CASE ?= direct_req_echo

$(QB)/programs/%.o: tests/qemu/programs/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(QEMU_PROG_FLAGS) -c $< -o $@
$(QB)/conf/%.o: tests/conformance/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(QEMU_PROG_FLAGS) -c $< -o $@
# The same cases with one deliberately wrong expectation.
$(QB)/conf-break/%.o: tests/conformance/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(QEMU_PROG_FLAGS) -DCONF_BREAK_CASE=$(CONF_BREAK_CASE) -c $< -o $@

define nwd_program
$(QB)/$(1).elf: $(2) $(QB)/libnwd.a $(QB)/nwd.ld
	$$(CROSS_CC) $$(QEMU_LDFLAGS) -T $(QB)/nwd.ld $(2) $(QB)/libnwd.a -o $$@
endef
$(eval $(call nwd_program,conformance,$(QB)/programs/conformance.o \
	$(CONF_SRC:tests/conformance/%.c=$(QB)/conf/%.o)))
$(eval $(call nwd_program,conformance-break,$(QB)/programs/conformance.o \
	$(CONF_SRC:tests/conformance/%.c=$(QB)/conf-break/%.o)))
$(eval $(call nwd_program,measure,$(QB)/programs/measure.o $(QB)/conf/conf_util.o))
$(eval $(call nwd_program,bench,$(QB)/programs/bench.o $(QB)/conf/conf_util.o))

# Everything a boot needs besides the normal-world program.
QEMU_BOOT := $(QB)/reset.bin $(QB)/el3.elf $(QB)/spmc.bin $(QFW_STAMP)
# The SP packages, each at its manifest's load address (QEMU plays BL2).
QEMU_SP_LOADS = --load $(QFW)/echo.pkg@$(call sp_load_addr,echo) \
	--load $(QFW)/kv-store.pkg@$(call sp_load_addr,kv)
QEMU_RUN = bash tests/qemu/run-qemu.sh --spmc $(QB)/spmc.bin --manifest $(QFW_STAMP) \
	$(QEMU_SP_LOADS)

# make bench runs the direct-request workload on QEMU too (bench.c).
bench: $(QEMU_BOOT) $(QB)/bench.elf

.PHONY: qemu-test qemu-measure qemu-measure-check
qemu-test: $(QEMU_BOOT) $(QB)/conformance.elf $(QB)/conformance-break.elf
	@QEMU_RUN="$(QEMU_RUN)" sh tests/qemu/qemu-test.sh $(QB) $(CONF_BREAK_CASE)

# Handler costs for the simulator: the measurement build of the SPMC, one CPU,
# QEMU counting instructions (-icount shift=0), the paths measure.c drives.
QEMU_MEASURE = $(QEMU_RUN:$(QB)/spmc.bin=$(QB)/spmc-measure.bin) --smp 1 \
	--nwd $(QB)/measure.elf -- -icount shift=0
$(QB)/measure.log: $(QEMU_BOOT) $(QB)/spmc-measure.bin $(QB)/measure.elf
	$(QEMU_MEASURE) >$@ 2>&1 || { tail -n 20 $@; rm -f $@; exit 1; }
qemu-measure: $(QB)/measure.log
	sh tools/qemu-measure-costs.sh $< sim/profiles/spmc_insns.h
# The table in the tree is what the current code measures (counts are exact).
qemu-measure-check: $(QB)/measure.log
	sh tools/qemu-measure-costs.sh $< $(QB)/spmc_insns.h >/dev/null
	@diff -u sim/profiles/spmc_insns.h $(QB)/spmc_insns.h && \
		echo "qemu-measure-check: sim/profiles/spmc_insns.h matches a fresh measurement"
