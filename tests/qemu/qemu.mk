# The QEMU (virt, -cpu max) boot flow, cross-built for aarch64, MMU off:
#   build/qemu/reset.bin  the -bios image: every CPU branches to the EL3 dispatcher
#   build/qemu/el3.elf    the EL3 dispatcher (a minimal SPMD), at PLAT_EL3_BASE
#   build/qemu/libnwd.a   the normal-world runtime (crt0, console, SMC conduit,
#                         PSCI, semihosting exit); a program links it with
#                         build/qemu/nwd.ld (the preprocessed tests/qemu/nwd/nwd.ld):
#     $(CROSS_CC) $(QEMU_LDFLAGS) -T build/qemu/nwd.ld prog.o build/qemu/libnwd.a -o prog.elf
# tests/qemu/run-qemu.sh boots them. Included from the top-level Makefile.

QEMU_B := build/qemu
QEMU_CFLAGS := -std=c11 $(WARN) -O2 -g -ffreestanding -nostdlib -mgeneral-regs-only \
	-mstrict-align -mbranch-protection=none -fno-pic -fno-pie -fno-stack-protector \
	-mno-outline-atomics -fno-tree-loop-distribute-patterns \
	-Iinclude -Ilibspmc/arch/aarch64 -MMD -MP
QEMU_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments
# Linker scripts go through the preprocessor for the platform's addresses.
QEMU_LDS_CPP := $(CROSS_CC) -E -P -undef -x c -Ilibspmc/arch/aarch64

QEMU_EL3_SRC := $(wildcard tests/qemu/el3/*.c tests/qemu/el3/*.S)
QEMU_NWD_SRC := tests/qemu/nwd/crt0.S $(filter-out tests/qemu/nwd/crt0.S, \
	$(wildcard tests/qemu/nwd/*.c tests/qemu/nwd/*.S))
QEMU_EL3_OBJ := $(patsubst tests/qemu/%,$(QEMU_B)/%.o,$(QEMU_EL3_SRC))
QEMU_NWD_OBJ := $(patsubst tests/qemu/%,$(QEMU_B)/%.o,$(QEMU_NWD_SRC))

.PHONY: qemu
qemu: $(QEMU_B)/reset.bin $(QEMU_B)/el3.elf $(QEMU_B)/libnwd.a $(QEMU_B)/nwd.ld

$(QEMU_B)/el3/%.o: tests/qemu/el3/% | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(QEMU_CFLAGS) -Itests/qemu/el3 -c $< -o $@
$(QEMU_B)/nwd/%.o: tests/qemu/nwd/% | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(QEMU_CFLAGS) -Itests/qemu/nwd -c $< -o $@
$(QEMU_B)/boot/%.o: tests/qemu/boot/% | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(QEMU_CFLAGS) -c $< -o $@

$(QEMU_B)/el3.ld: tests/qemu/el3/el3.ld tests/qemu/el3/el3_asm.h libspmc/arch/aarch64/plat/qemu_virt.h
	@mkdir -p $(dir $@)
	$(QEMU_LDS_CPP) -Itests/qemu/el3 $< -o $@
$(QEMU_B)/nwd.ld: tests/qemu/nwd/nwd.ld libspmc/arch/aarch64/plat/qemu_virt.h
	@mkdir -p $(dir $@)
	$(QEMU_LDS_CPP) $< -o $@

$(QEMU_B)/reset.elf: $(QEMU_B)/boot/reset.S.o
	$(CROSS_CC) $(QEMU_LDFLAGS) -Wl,-Ttext=0 -Wl,-e,reset $^ -o $@
$(QEMU_B)/reset.bin: $(QEMU_B)/reset.elf
	aarch64-linux-gnu-objcopy -O binary $< $@

$(QEMU_B)/el3.elf: $(QEMU_EL3_OBJ) $(QEMU_B)/el3.ld
	$(CROSS_CC) $(QEMU_LDFLAGS) -T $(QEMU_B)/el3.ld $(QEMU_EL3_OBJ) -o $@

$(QEMU_B)/libnwd.a: $(QEMU_NWD_OBJ)
	rm -f $@ && $(CROSS_AR) rcs $@ $^
