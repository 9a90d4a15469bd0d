#!/bin/sh
# End-to-end check of spmc-manifest-check: every real-world manifest is valid
# alone, each project's set is valid against its SPMC manifest, a mixed set
# shows its clashes, and every bad input (empty, truncated, random bytes, a
# directory, a missing file, a .dts dtc refuses, an invalid manifest) is exit 1
# with "FILE: /node/path: property: message" lines and no crash.
# Usage: tests/tools/test_manifest_check.sh [BUILD_DIR] (default build/host;
# the manifests are read from $SHARED_DIR, default ../shared beside the
# repository). Prints "N passed, N failed".
set -u
B=$(cd "${1:-build/host}" && pwd)/tools
RW=${SHARED_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}/manifests/real-world
C="$B/spmc-manifest-check"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/harness.sh"

# Each real-world manifest alone: valid, and its kind printed.
for f in "$RW"/*.dtb; do
	case "$(basename "$f")" in
	*spmc*) expect 0 "SPMC manifest" "$C" "$f" ;;
	*) expect 0 "partition manifest" "$C" "$f" ;;
	esac
done
expect 0 "uuid: 0x1e67b5b4 0xe14f904a 0x13fb1fb8 0xcbdae1da" "$C" "$RW/cactus.dtb"
expect 0 "load-address: 0x7000000" "$C" "$RW/cactus.dtb"
expect 0 "memory region /memory-regions/rx-buffer: base 0x7700000 pages 1 attributes 0x1" \
	"$C" "$RW/cactus.dtb"
expect 0 "spmc_id: 0x8000" "$C" "$RW/acs_spmc.dtb"
expect 0 "^note: .*cactus.dtb: /: id: " "$C" -q "$RW/cactus.dtb"

# A project's partitions with its SPMC manifest: consistent, inside its memory.
expect 0 "" "$C" -q "$RW/tfa_fvp_spmc.dtb" "$RW/cactus.dtb" "$RW/cactus2.dtb" \
	"$RW/cactus3.dtb" "$RW/ivy_sel1.dtb"
expect 0 "" "$C" -q "$RW/acs_spmc.dtb" "$RW/acs_sp1.dtb" "$RW/acs_sp2.dtb" \
	"$RW/acs_sp3.dtb" "$RW/acs_sp4.dtb"
# Two projects' partitions together clash.
expect 1 "cactus.dtb: /: id: partition ID used by another partition (0x1) \[with .*acs_sp1.dtb:/\]" \
	"$C" -q "$RW/acs_sp1.dtb" "$RW/cactus.dtb"
expect 1 "cactus.dtb: /device-regions/sec_wdog: base-address: overlaps" \
	"$C" -q "$RW/acs_sp1.dtb" "$RW/cactus.dtb"

# Bad inputs: one line naming the file each, exit 1.
: > "$T/empty.dtb"
head -c 100 "$RW/cactus.dtb" > "$T/trunc.dtb"
head -c 4096 /dev/urandom > "$T/random.dtb"
printf 'not a tree' > "$T/bad.dts"
expect 1 "empty.dtb: /: not a device tree blob: too short" "$C" "$T/empty.dtb"
expect 1 "trunc.dtb: /: truncated device tree blob" "$C" "$T/trunc.dtb"
expect 1 "random.dtb: /: " "$C" "$T/random.dtb"
expect 1 ": /: cannot read: not a regular file" "$C" "$T"
expect 1 "missing.dtb: /: cannot read" "$C" "$T/missing.dtb"
expect 1 "bad.dts: /: dtc could not compile it" "$C" "$T/bad.dts"
full=$(wc -c < "$RW/cactus3.dtb")
for n in 0 40 41 64 500 1000 $((full - 1)); do
	head -c "$n" "$RW/cactus3.dtb" > "$T/cut.dtb"
	expect 1 "cut.dtb: /: " "$C" "$T/cut.dtb"
done

# An invalid manifest, from source: every problem on its own line.
cat > "$T/sp.dts" <<'EOF'
/dts-v1/;
/ {
	compatible = "arm,ffa-manifest-1.0";
	ffa-version = <0x10001>;
	uuid = <1 2 3 4>;
	execution-ctx-count = <1>;
	exception-level = <5>;
	execution-state = <0>;
	messaging-method = <0x1003>;
	frobnicate = <1>;
	memory-regions {
		compatible = "arm,ffa-manifest-memory-regions";
		r { base-address = <0 0x1001>; pages-count = <0>; attributes = <6>; };
	};
};
EOF
expect 1 "sp.dts: /: exception-level: value out of range (0x5)" "$C" "$T/sp.dts"
expect 1 "sp.dts: /: messaging-method: undefined bits set (0x1000)" "$C" "$T/sp.dts"
expect 1 "sp.dts: /memory-regions/r: base-address: not 4 KiB aligned" "$C" "$T/sp.dts"
expect 1 "sp.dts: /memory-regions/r: pages-count: must be at least 1" "$C" "$T/sp.dts"
expect 1 "sp.dts: /memory-regions/r: attributes: " "$C" "$T/sp.dts"
expect 1 "^note: .*sp.dts: /: frobnicate: unknown property, ignored" "$C" "$T/sp.dts"
# A valid one alongside does not hide it.
expect 1 "sp.dts: /: exception-level" "$C" "$RW/cactus.dtb" "$T/sp.dts"

# Usage.
expect 2 "usage" "$C"
expect 2 "usage" "$C" --bogus
expect 0 "usage" "$C" --help

finish
