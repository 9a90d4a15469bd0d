#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Boots the QEMU flow: reset.bin (-bios) -> EL3 dispatcher -> SPMC at S-EL2 ->
# normal-world program at NS-EL1, and passes QEMU's exit status through (the
# program's, through semihosting; 2 = the SPMC failed to boot, 3 = an
# unexpected exception; 124 = timeout, reported as "boot hung").
#
#   tests/qemu/run-qemu.sh --spmc SPMC.bin --manifest M.dtb --nwd PROG.elf \
#       [--load FILE@ADDR]... [--timeout SEC] [--smp N] [--build DIR] [-- QEMU ARGS...]
#
# Options and their environment equivalents:
#   --spmc FILE       SPMC_BIN       raw SPMC image, for PLAT_SPMC_BASE (required)
#   --manifest FILE   SPMC_MANIFEST  SPMC manifest DTB, for PLAT_SPMC_MANIFEST (required)
#   --nwd FILE        NWD_ELF        normal-world ELF, linked with nwd.ld (required)
#   --load FILE@ADDR  QEMU_LOADS     a raw blob at ADDR (SP packages); repeatable,
#                                    the variable holds space-separated FILE@ADDR
#   --timeout SEC     QEMU_TIMEOUT   default 60
#   --smp N           QEMU_SMP       default 2
#   --build DIR       QEMU_BUILD     where reset.bin and el3.elf are; default build/qemu
#   --qemu PATH       QEMU           default qemu-system-aarch64
#   -- ARGS...        QEMU_EXTRA     extra QEMU arguments (e.g. -icount shift=0)
#   RUN_QEMU_VERBOSE=1 prints the QEMU command line first.
#
# Addresses are the ones the firmware sees. QEMU's loader cannot write the
# secure SRAM (0x0e000000-0x0effffff): anything bound there (the SPMC, its
# manifest, SP packages, and el3.elf through its load addresses) is loaded at
# the same offset in the NS DRAM window PLAT_QEMU_SEC_STAGING, which reset.bin
# copies into the secure SRAM before EL3 starts.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
spmc=${SPMC_BIN:-}
manifest=${SPMC_MANIFEST:-}
nwd=${NWD_ELF:-}
timeout_s=${QEMU_TIMEOUT:-60}
smp=${QEMU_SMP:-2}
build=${QEMU_BUILD:-$root/build/qemu}
qemu=${QEMU:-qemu-system-aarch64}
read -r -a loads <<<"${QEMU_LOADS:-}"
read -r -a extra <<<"${QEMU_EXTRA:-}"

usage() { sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64; }
while [ $# -gt 0 ]; do
	case "$1" in
	--spmc) spmc=$2; shift 2 ;;
	--manifest) manifest=$2; shift 2 ;;
	--nwd) nwd=$2; shift 2 ;;
	--load) loads+=("$2"); shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--qemu) qemu=$2; shift 2 ;;
	--) shift; extra+=("$@"); break ;;
	-h|--help) usage ;;
	*) echo "run-qemu: unknown option $1" >&2; usage ;;
	esac
done
for f in "$build/reset.bin" "$build/el3.elf" "$spmc" "$manifest" "$nwd"; do
	if [ -z "$f" ] || [ ! -f "$f" ]; then
		echo "run-qemu: missing file '${f}' (need --spmc, --manifest, --nwd; make qemu)" >&2
		exit 64
	fi
done

# QEMU's loader writes through the Non-secure address space only: an image
# bound for the secure SRAM goes to the same offset in the staging window the
# reset code copies in (see qemu_virt.h). Addresses are as the SPMC sees them.
plat_h=$root/libspmc/arch/aarch64/plat/qemu_virt.h
plat() { sed -n "s/^#define $1 \(0x[0-9a-fA-F]*\).*/\1/p" "$plat_h"; }
sec_base=$(plat PLAT_SEC_RAM_BASE)
sec_size=$(plat PLAT_SEC_RAM_SIZE)
staging=$(plat PLAT_QEMU_SEC_STAGING)
spmc_base=$(plat PLAT_SPMC_BASE)
manifest_base=$(plat PLAT_SPMC_MANIFEST)
if [ -z "$sec_base" ] || [ -z "$sec_size" ] || [ -z "$staging" ]; then
	echo "run-qemu: cannot read the memory map from $plat_h" >&2
	exit 64
fi
load_addr() {
	local a=$(($1))
	if [ "$a" -ge $((sec_base)) ] && [ "$a" -lt $((sec_base + sec_size)) ]; then
		a=$((a - sec_base + staging))
	fi
	printf '0x%x' "$a"
}

cmd=("$qemu" -M virt,secure=on,virtualization=on,gic-version=3 -cpu max -smp "$smp" -m 1G
	-nographic -semihosting -nic none
	-bios "$build/reset.bin"
	-device "loader,file=$build/el3.elf"
	-device "loader,file=$spmc,addr=$(load_addr "$spmc_base"),force-raw=on"
	-device "loader,file=$manifest,addr=$(load_addr "$manifest_base"),force-raw=on")
for l in "${loads[@]}"; do
	case "$l" in
	*@*) cmd+=(-device "loader,file=${l%@*},addr=$(load_addr "${l##*@}"),force-raw=on") ;;
	*) echo "run-qemu: --load wants FILE@ADDR, not $l" >&2; exit 64 ;;
	esac
done
cmd+=(-device "loader,file=$nwd" "${extra[@]}")

[ -n "${RUN_QEMU_VERBOSE:-}" ] && echo "run-qemu: ${cmd[*]}" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
timeout -k 5 "$timeout_s" "${cmd[@]}" </dev/null 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
	echo "run-qemu: boot hung: no exit within ${timeout_s}s; last output:" >&2
	tail -n 15 "$log" | sed 's/^/run-qemu: | /' >&2
	exit 124
fi
exit "$status"
