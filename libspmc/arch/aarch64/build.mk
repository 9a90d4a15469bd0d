# The aarch64 SPMC image and the example partitions built for it.
# Included by the top-level Makefile; PLAT selects the platform header.
#
#   make spmc-aarch64   build/qemu/spmc.elf and spmc.bin (PLAT=qemu_virt)
#   make sp-aarch64     the example partitions as raw aarch64 images, and the
#                       QEMU platform's packages and SPMC manifest

PLAT ?= qemu_virt
QB := build/qemu
A64_PLAT_HEADER := \"plat/$(PLAT).h\"
# MMU-off code (boot, EL3, partitions without stage 1) must not make
# unaligned accesses; nothing may call into libgcc's outlined atomics.
A64_FLAGS := -std=c11 $(WARN) -O2 -g -ffreestanding -nostdlib -mgeneral-regs-only \
	-mstrict-align -mno-outline-atomics -mbranch-protection=none -fno-pic -fno-pie \
	-fno-stack-protector -fno-builtin -fno-tree-loop-distribute-patterns
A64_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments

SPMC_ARCH_DIR := libspmc/arch/aarch64
SPMC_ARCH_C := $(wildcard $(SPMC_ARCH_DIR)/*.c)
SPMC_ARCH_INC := -DPLAT_HEADER=$(A64_PLAT_HEADER) -I$(SPMC_ARCH_DIR) -Iinclude -Ilibspmc \
	-I$(AARCH64_B)/fdt
A64_LIBFDT := build/deps/arm64/usr/lib/aarch64-linux-gnu/libfdt.a
$(A64_LIBFDT): tools/fetch-libfdt-arm64.sh | $(DEPS_STAMP)
	sh tools/fetch-libfdt-arm64.sh build/deps/arm64

$(QB)/spmc/spmc.ld: $(SPMC_ARCH_DIR)/spmc.ld.S $(SPMC_ARCH_DIR)/plat/$(PLAT).h | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS_CC) -E -P -x c $(SPMC_ARCH_INC) $< -o $@

# Two builds of the backend: the SPMC (spmc) and the same with every call into
# the core bracketed by an instruction count (spmc-measure, A64_MEASURE).
define spmc_image
$(1)_OBJ := $$(SPMC_ARCH_C:$$(SPMC_ARCH_DIR)/%.c=$$(QB)/$(1)/%.o) $$(QB)/$(1)/entry.o
$$(QB)/$(1)/%.o: $$(SPMC_ARCH_DIR)/%.c $$(wildcard $$(SPMC_ARCH_DIR)/*.h $$(SPMC_ARCH_DIR)/plat/*.h) \
		$$(AARCH64_B)/fdt/libfdt.h | $$(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(CROSS_CC) $$(A64_FLAGS) $$(SPMC_ARCH_INC) $(2) -MMD -MP -c $$< -o $$@
$$(QB)/$(1)/entry.o: $$(SPMC_ARCH_DIR)/entry.S $$(SPMC_ARCH_DIR)/ctx.h | $$(DEPS_STAMP)
	@mkdir -p $$(dir $$@)
	$$(CROSS_CC) $$(SPMC_ARCH_INC) -MMD -MP -c $$< -o $$@
$$(QB)/$(1).elf: $$($(1)_OBJ) $$(AARCH64_B)/libspmc.a $$(QB)/spmc/spmc.ld $$(A64_LIBFDT)
	$$(CROSS_CC) $$(A64_LDFLAGS) -T $$(QB)/spmc/spmc.ld $$($(1)_OBJ) $$(AARCH64_B)/libspmc.a \
		$$(A64_LIBFDT) -o $$@
$$(QB)/$(1).bin: $$(QB)/$(1).elf
	aarch64-linux-gnu-objcopy -O binary $$< $$@
endef
$(eval $(call spmc_image,spmc,))
$(eval $(call spmc_image,spmc-measure,-DA64_MEASURE))
spmc-aarch64: $(QB)/spmc.bin

# Example partitions: the simulator's sources, with the aarch64 environment
# (examples/sp/aarch64), linked where the platform's manifests load them.
QFW_SRC := tests/qemu/fw
sp_load_addr = $(shell sed -n 's/.*load-address = <0x0 \(0x[0-9a-fA-F]*\)>.*/\1/p' $(QFW_SRC)/$(1).dts)
SP_A64_SIZE := 0x40000
SP_A64_DEPS := examples/sp/aarch64/crt0.S examples/sp/aarch64/sp_env.c examples/sp/aarch64/sp.ld.S \
	$(SPMC_ARCH_DIR)/asm_macros.h include/ffa/smc_asm.h \
	examples/sp/sp_rt.c $(wildcard examples/sp/*.h)
define sp_a64_image
$(QB)/sp/$(1)_sp.elf: examples/sp/$(1)_sp.c $(QFW_SRC)/$(2).dts $(SP_A64_DEPS) | $(DEPS_STAMP)
	@mkdir -p $(QB)/sp
	$(CROSS_CC) -E -P -x c -DSP_MEM_BASE=$$(call sp_load_addr,$(2)) -DSP_MEM_SIZE=$(SP_A64_SIZE) \
		-DSP_IMAGE_OFFSET=0x4000 examples/sp/aarch64/sp.ld.S -o $(QB)/sp/$(1)_sp.ld
	$(CROSS_CC) $(A64_FLAGS) $(A64_LDFLAGS) -Iinclude -Isim -Iexamples/sp -I$(SPMC_ARCH_DIR) \
		-DSP_MAIN=$(1)_sp_main -DSP_MEM_BASE=$$(call sp_load_addr,$(2))ull \
		-DSP_MEM_SIZE=$(SP_A64_SIZE)ull -T $(QB)/sp/$(1)_sp.ld examples/sp/aarch64/crt0.S \
		examples/sp/aarch64/sp_env.c examples/sp/$(1)_sp.c examples/sp/sp_rt.c -o $$@
endef
$(eval $(call sp_a64_image,echo,echo))
$(eval $(call sp_a64_image,kv,kv))
$(QB)/sp/%.bin: $(QB)/sp/%.elf
	aarch64-linux-gnu-objcopy -O binary $< $@

# The QEMU platform's firmware artefacts, from tests/qemu/fw/layout.json.
QFW := $(QB)/fw
QFW_STAMP := $(QFW)/spmc_manifest.dtb
$(QFW_STAMP): $(QFW_SRC)/layout.json $(wildcard $(QFW_SRC)/*.dts) $(B)/tools/spmc-layout \
		$(QB)/sp/echo_sp.bin $(QB)/sp/kv_sp.bin
	@mkdir -p $(QFW)
	$(B)/tools/spmc-layout build $(QFW_SRC)/layout.json -o $(QFW) >/dev/null
	dtc -q -I dts -O dtb -i $(QFW) -o $@ $(QFW_SRC)/spmc_manifest.dts
sp-aarch64: $(QFW_STAMP)
.PHONY: spmc-aarch64 sp-aarch64
