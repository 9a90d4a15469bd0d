# libspmc — one build entry point. See README.md.
#   make            build everything for the host
#   make run        the default simulation (trace + summary)
#   make test       every suite; last line "N passed, N failed"
#   make bench      simulator vs raw pthread ping-pong; notifications, messages;
#                   memory share cycles
#   make aarch64    cross-build the core as a freestanding aarch64 static library
#                   (and check the conformance cases compile freestanding too)
#   make conformance-break CONF_BREAK_CASE=<case>
#                   the conformance suite must fail a case built to be wrong
#   make qemu       the QEMU boot flow: reset.bin, the EL3 dispatcher, the
#                   normal-world runtime (tests/qemu/qemu.mk, tests/qemu/run-qemu.sh)
#   make qemu-test  boots the aarch64 SPMC at S-EL2 under qemu-system-aarch64 and
#                   runs the conformance cases from its normal world
#   make qemu-measure  regenerates sim/profiles/spmc_insns.h (handler costs
#                   measured with -icount)
#   make SAN=1 ...  the same with ASan + UBSan (separate build directory)
#   make TSAN=1 ... the same with ThreadSanitizer (separate build directory)

CC ?= gcc
CXX ?= g++
CROSS_CC ?= aarch64-linux-gnu-gcc
CROSS_AR ?= aarch64-linux-gnu-ar
AR ?= ar

TEST_ENV :=
ifeq ($(TSAN),1)
ifeq ($(SAN),1)
$(error SAN=1 and TSAN=1 cannot be combined: ASan and TSan exclude each other)
endif
# What it cannot see: the SP and normal-world images stay uninstrumented (they
# are shared with build/host), so only the simulator, the core and the tests
# are checked; and simulated DRAM is one memfd mapped at several addresses,
# which ThreadSanitizer tracks as unrelated memory. The simulator's threads
# hand over through semaphores, which it does see.
B := build/tsan
SANFLAGS := -fsanitize=thread -fno-omit-frame-pointer
OPT := -O1
# Under test, the first report ends the binary with a non-zero status, and
# every report is also written to a file the runner checks after each binary:
# a report from a tool that a script suite runs fails that suite too.
# TSAN_OPTIONS from the environment come last and so take precedence.
TSAN_LOG := $(abspath $(B))/tsan-report
TEST_ENV := TSAN_OPTIONS="halt_on_error=1 exitcode=66 log_path=$(TSAN_LOG) $$TSAN_OPTIONS" \
	SANITIZER_LOG=$(TSAN_LOG)
else ifeq ($(SAN),1)
B := build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT := -O1
else
B := build/host
SANFLAGS :=
OPT := -O2
endif

WARN := -Wall -Wextra -Werror
INC := -Iinclude -Ilibspmc -Isim -Iexamples/sp -Iexamples/nwd -Itools
# The real-world manifests other projects ship live beside the repository;
# tests read them from there.
SHARED_DIR ?= $(abspath ../shared)
CFLAGS := -std=c11 $(WARN) $(OPT) -g $(SANFLAGS) $(INC) -MMD -MP \
	-DSHARED_DIR='"$(SHARED_DIR)"' -DSP_IMAGE_DIR='"$(abspath build/host)/sp"' \
	-DFW_DIR='"$(abspath build/fw)"'
CXXFLAGS := -std=c++17 $(WARN) $(OPT) -g $(SANFLAGS) $(INC) -MMD -MP \
	-DSHARED_DIR='"$(SHARED_DIR)"' -DSP_IMAGE_DIR='"$(abspath build/host)/sp"' \
	-DFW_DIR='"$(abspath build/fw)"'
LDFLAGS := $(SANFLAGS) -pthread -lfdt -ldl
# The core is freestanding: no libc, no builtins turned into libc calls.
CORE_FLAGS := -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns

DEPS_STAMP := build/.deps-ok
CORE_SRC := $(wildcard libspmc/*.c libspmc/*/*.c)
SIM_SRC := $(wildcard sim/*.c sim/profiles/*.c)
SP_SRC := $(wildcard examples/sp/*_sp.c)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
SIMTEST_SRC := $(wildcard tests/sim/*.cpp)
# FF-A conformance cases: C against the normal world's environment, run by the
# simulator suite now and by a bare-metal normal world later.
CONF_SRC := $(wildcard tests/conformance/*.c)

CORE_OBJ := $(CORE_SRC:%.c=$(B)/%.o)
SIM_OBJ := $(SIM_SRC:%.c=$(B)/%.o)
SP_OBJ := $(SP_SRC:%.c=$(B)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/unit/%)
SIMTEST_OBJ := $(SIMTEST_SRC:%.cpp=$(B)/%.o)
CONF_OBJ := $(CONF_SRC:%.c=$(B)/%.o)
SIMTEST_BIN := $(B)/tests/sim/sim_tests
TOOLS := $(patsubst tools/%.c,$(B)/tools/%,$(wildcard tools/*.c))
# Defined before any rule names them: prerequisites expand when read.
SP_IMAGES := $(SP_SRC:examples/sp/%.c=build/host/sp/%.so)
NWD_IMAGES := $(patsubst examples/nwd/%.c,build/host/nwd/%.so,$(wildcard examples/nwd/*.c))

.PHONY: all deps run test bench aarch64 clean fuzz sp-images fw conformance-aarch64 conformance-break
all: $(B)/libspmc.a $(B)/libsim.a $(TOOLS) $(UNIT_BIN) $(SIMTEST_BIN) $(SP_IMAGES) $(NWD_IMAGES)

# Missing Debian packages are installed before anything needs them.
deps: $(DEPS_STAMP)
$(DEPS_STAMP): tools/install-deps.sh
	@sh tools/install-deps.sh
	@mkdir -p $(dir $@) && touch $@

# (% spans subdirectories: libspmc/manifest/x.c is a core source too.)
$(B)/libspmc/%.o: libspmc/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CORE_FLAGS) -c $< -o $@

$(B)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D_GNU_SOURCE -c $< -o $@

$(B)/%.o: %.cpp | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -c $< -o $@

# SP images: host shared objects with one exported entry symbol and no C
# library, loaded by the simulator into a namespace of their own. Built
# without sanitizers, as firmware images are, so both builds share them.
SP_IMAGE_FLAGS := -std=c11 $(WARN) -O2 -g -fPIC -shared -nostdlib -ffreestanding \
	-fvisibility=hidden -DSIM_SP_IMAGE -Iinclude -Isim -Iexamples/sp \
	-Wl,-z,defs -Wl,-Bsymbolic
build/host/sp/%.so: examples/sp/%.c examples/sp/sp_rt.c $(wildcard examples/sp/*.h) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(SP_IMAGE_FLAGS) $(filter %.c,$^) -o $@
# Normal-world programs as images, built the same way.
build/host/nwd/%.so: examples/nwd/%.c examples/sp/sp_rt.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(SP_IMAGE_FLAGS) -Iexamples/nwd $^ -o $@
sp-images: $(SP_IMAGES) $(NWD_IMAGES)

$(B)/libspmc.a: $(CORE_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/libsim.a: $(SIM_OBJ) $(SP_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

# libsim implements the HAL libspmc calls, and calls libspmc: link them as a group.
LIBS := -Wl,--start-group $(B)/libsim.a $(B)/libspmc.a -Wl,--end-group
# Host code the tools share (JSON, the layout format, file I/O).
TOOLS_LIB_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard tools/lib/*.c))
$(B)/libtools.a: $(TOOLS_LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/tools/%: $(B)/tools/%.o $(B)/libtools.a $(B)/libsim.a $(B)/libspmc.a
	$(CC) $< $(B)/libtools.a $(LIBS) $(LDFLAGS) -o $@

# Tools that are not simulator programs still link the same way; the linker
# only pulls what they use.

# spmc-bench's sections beyond its own file.
BENCH_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard tools/bench/*.c))
$(B)/tools/spmc-bench: $(B)/tools/spmc-bench.o $(BENCH_OBJ) $(B)/libtools.a $(B)/libsim.a \
		$(B)/libspmc.a
	$(CC) $< $(BENCH_OBJ) $(B)/libtools.a $(LIBS) $(LDFLAGS) -o $@

# spmc-sim's scenarios beyond its own file.
RUN_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard tools/run/*.c))
$(B)/tools/spmc-sim: $(B)/tools/spmc-sim.o $(RUN_OBJ) $(B)/libtools.a $(B)/libsim.a $(B)/libspmc.a
	$(CC) $< $(RUN_OBJ) $(B)/libtools.a $(LIBS) $(LDFLAGS) -o $@

# Unit tests: the core against the HAL mock, one cmocka binary per file.
# The fake's interrupt controller is the simulator's GIC model.
$(B)/tests/unit/%: $(B)/tests/unit/%.o $(B)/mocks/hal_mock.o $(B)/sim/gic.o $(B)/libtools.a \
		$(B)/libspmc.a
	$(CC) $^ $(LDFLAGS) -lcmocka -o $@

# libFuzzer harnesses (clang): one per parser, over the core's sources.
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined $(INC) -D_GNU_SOURCE
FUZZ_RUNS ?= 20000
build/fuzz/%: tests/fuzz/%.c $(CORE_SRC) mocks/hal_mock.c sim/gic.c $(wildcard tools/lib/*.c) \
		| $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $(filter %.c,$^) -lfdt -lcmocka -o $@
# A harness too large for one file keeps its parts in tests/fuzz/<name>/.
build/fuzz/fuzz_mem_abi: $(wildcard tests/fuzz/mem_abi/*.c tests/fuzz/mem_abi/*.h)
fuzz: $(FUZZ_BIN)
	@sh tools/run-fuzz.sh $(FUZZ_RUNS) $(FUZZ_BIN)

$(SIMTEST_BIN): $(SIMTEST_OBJ) $(CONF_OBJ) $(B)/libtools.a $(B)/libsim.a $(B)/libspmc.a $(FW_STAMP)
	$(CXX) $(SIMTEST_OBJ) $(CONF_OBJ) $(B)/libtools.a $(LIBS) $(LDFLAGS) -lCppUTest -lCppUTestExt -o $@

# The conformance cases use no C library, here as on bare metal.
$(CONF_OBJ): CFLAGS += $(CORE_FLAGS) -Itests/conformance
$(B)/tests/sim/test_conformance.o $(B)/tests/sim/test_cycle_model.o: CXXFLAGS += -Itests/conformance

# Proof the conformance runner reports a failing case: the suite again, with
# the checks built to get the first check of case CONF_BREAK_CASE wrong. It
# must fail that case, and only that one.
CONF_BREAK_CASE ?= direct_req_echo
CONF_BREAK_B := $(B)/conf-break/$(CONF_BREAK_CASE)
$(CONF_BREAK_B)/conf_util.o: tests/conformance/conf_util.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CORE_FLAGS) -Itests/conformance -DCONF_BREAK_CASE=$(CONF_BREAK_CASE) \
		-c $< -o $@
$(CONF_BREAK_B)/sim_tests: $(SIMTEST_OBJ) $(filter-out %/conf_util.o,$(CONF_OBJ)) \
		$(CONF_BREAK_B)/conf_util.o $(B)/libtools.a $(B)/libsim.a $(B)/libspmc.a $(FW_STAMP)
	$(CXX) $(filter %.o,$^) $(B)/libtools.a $(LIBS) $(LDFLAGS) -lCppUTest -lCppUTestExt -o $@
conformance-break: $(CONF_BREAK_B)/sim_tests $(SP_IMAGES)
	@out=$$($< -g Conformance 2>&1); \
	if echo "$$out" | grep -q 'case $(CONF_BREAK_CASE): ' && \
	   echo "$$out" | grep -q '^Errors (1 failures'; then \
		echo "$$out" | grep -m1 'case $(CONF_BREAK_CASE): '; \
		echo "conformance-break: the broken case $(CONF_BREAK_CASE) failed, alone, as it must"; \
	else echo "$$out" | tail -n 30; \
		echo "conformance-break: expected exactly one failure, in $(CONF_BREAK_CASE)"; exit 1; fi

# Firmware artifacts of the example platform, all from examples/fw/layout.json:
# SP packages, a FIP, the SPMC manifest and BL2's configuration.
FW := build/fw
FW_STAMP := $(FW)/sp_packages.fip
$(FW_STAMP): examples/fw/layout.json $(wildcard examples/fw/*.dts) \
		$(B)/tools/spmc-layout $(SP_IMAGES)
	@mkdir -p $(FW)
	$(B)/tools/spmc-layout build examples/fw/layout.json -o $(FW) >/dev/null
	dtc -q -I dts -O dtb -i $(FW) -o $(FW)/spmc_manifest.dtb examples/fw/spmc_manifest.dts
	dtc -q -I dts -O dtb -i $(FW) -o $(FW)/tb_fw_config.dtb examples/fw/tb_fw_config.dts
fw: $(FW_STAMP)

run: $(B)/tools/spmc-sim $(FW_STAMP)
	$(B)/tools/spmc-sim --fip $(FW)/sp_packages.fip --spmc-manifest $(FW)/spmc_manifest.dtb \
		--bl2-config $(FW)/tb_fw_config.dtb

test: $(UNIT_BIN) $(SIMTEST_BIN) $(SP_IMAGES) $(FW_STAMP) $(TOOLS)
	@TOOLS_DIR=$(B) $(TEST_ENV) sh tools/run-tests.sh $(UNIT_BIN) $(SIMTEST_BIN) $(wildcard tests/tools/test_*.sh)

# (and the QEMU images: tests/qemu/programs/programs.mk)
bench: $(B)/tools/spmc-bench $(SP_IMAGES)
	SPMC_BENCH_QEMU="$(QEMU_RUN) --nwd $(QB)/bench.elf" $(B)/tools/spmc-bench

# The core, cross-compiled freestanding for aarch64: proof it stays portable.
AARCH64_B := build/aarch64
AARCH64_OBJ := $(CORE_SRC:%.c=$(AARCH64_B)/%.o)
aarch64: $(AARCH64_B)/libspmc.a conformance-aarch64
	@sh tools/check-freestanding.sh aarch64-linux-gnu-nm $<
	@aarch64-linux-gnu-objdump -f $(AARCH64_B)/libspmc/init.o | grep -m1 'file format'
$(AARCH64_B)/libspmc/%.o: libspmc/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS_CC) -std=c11 $(WARN) -O2 $(CORE_FLAGS) -nostdlib -mgeneral-regs-only \
		-Iinclude -Ilibspmc -I$(AARCH64_B)/fdt -MMD -MP -c $< -o $@
# The libfdt API headers are architecture-neutral; only its environment header
# reaches for libc, so the freestanding build uses a shim in its place.
$(AARCH64_OBJ): $(AARCH64_B)/fdt/libfdt.h
$(AARCH64_B)/fdt/libfdt.h: libspmc/arch/aarch64/libfdt_env.h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	cp libspmc/arch/aarch64/libfdt_env.h $(AARCH64_B)/fdt/libfdt_env.h
	cp /usr/include/fdt.h $(AARCH64_B)/fdt/fdt.h
	cp /usr/include/libfdt.h $@
$(AARCH64_B)/libspmc.a: $(AARCH64_OBJ)
	rm -f $@ && $(CROSS_AR) rcs $@ $^

# The conformance cases as the bare-metal normal world will build them: they
# compile freestanding for NS-EL1 and need nothing from outside but the
# compiler's own memcpy/memset/memmove/memcmp.
AARCH64_CONF_OBJ := $(CONF_SRC:%.c=$(AARCH64_B)/%.o)
CONF_CROSS_FLAGS := -std=c11 $(WARN) -O2 -ffreestanding -nostdlib -mgeneral-regs-only \
	-mstrict-align -fno-delete-null-pointer-checks -Iinclude -Isim -Iexamples/sp \
	-Itests/conformance -MMD -MP
conformance-aarch64: $(AARCH64_B)/conformance.o
	@undef=$$(aarch64-linux-gnu-nm -u $< | awk '{print $$NF}' | \
		grep -vxE 'memcpy|memset|memmove|memcmp' || true); \
	if [ -n "$$undef" ]; then \
		echo "conformance cases need symbols a bare-metal program lacks:" $$undef; exit 1; \
	fi; echo "conformance cases: freestanding aarch64, needing only:" \
		$$(aarch64-linux-gnu-nm -u $< | awk '{print $$NF}')
# All cases in one relocatable object: what they need from outside, together.
$(AARCH64_B)/conformance.o: $(AARCH64_CONF_OBJ)
	$(CROSS_CC) -nostdlib -r $^ -o $@
$(AARCH64_B)/tests/conformance/%.o: tests/conformance/%.c $(wildcard tests/conformance/*.h) \
		| $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CONF_CROSS_FLAGS) -c $< -o $@

# The aarch64 SPMC image, the example partitions built for it, and the QEMU
# platform's firmware.
include tests/qemu/qemu.mk
include libspmc/arch/aarch64/build.mk
include tests/qemu/programs/programs.mk

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
