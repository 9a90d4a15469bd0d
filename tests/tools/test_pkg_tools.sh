#!/bin/sh
# End-to-end check of the package tools (spmc-layout, spmc-pkg, spmc-fip) on
# a throw-away layout: build every artefact, read each back, and make sure
# every disagreement and every bad input is exit 1 with a message naming the
# file and the problem. Usage: tests/tools/test_pkg_tools.sh [BUILD_DIR]
# (default build/host; needs dtc and cpp). Prints "N passed, N failed".
set -u
B=$(cd "${1:-build/host}" && pwd)/tools
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/harness.sh"

cd "$T" || exit 1
cat > echo.dts <<'EOF'
/dts-v1/;
/ {
	compatible = "arm,ffa-manifest-1.0";
	uuid = <0x735cb579 0xb9448c1d 0xe1619385 0xd2d80a77>;
	load-address = <0x0 0x7a00000>;
};
EOF
cat > kv.dts <<'EOF'
/dts-v1/;
/ {
	compatible = "arm,ffa-manifest-1.0";
	uuid = <0x11111111 0x22222222 0x33333333 0x44444444>;
};
EOF
head -c 20000 /dev/zero | tr '\0' 'e' > echo.bin
head -c 3000 /dev/zero | tr '\0' 'k' > kv.bin
cat > layout.json <<'EOF'
{
	"echo": { "image": "echo.bin", "pm": "echo.dts" },
	"kv": { "image": "kv.bin", "pm": "kv.dts", "load-address": "0x7c00000",
		"package-version": 1, "owner": "Plat" }
}
EOF

# Build: every artefact, each readable by the other tools.
expect 0 "wrote" "$B/spmc-layout" build layout.json -o out
for f in echo.dtb echo.pkg kv.dtb kv.pkg sp_packages.dtsi bl2_sp_list.dtsi sp_packages.fip; do
	if [ -s "out/$f" ]; then ok; else bad "out/$f missing"; fi
done
expect 0 "valid SP package, version 2" "$B/spmc-pkg" info out/echo.pkg
expect 0 "valid SP package, version 1" "$B/spmc-pkg" info out/kv.pkg
expect 0 "79b55c73-1d8c-44b9-8593-61e1770ad8d2.*SP package v2" "$B/spmc-fip" list out/sp_packages.fip
expect 0 'owner = "Plat"' cat out/bl2_sp_list.dtsi
expect 0 "agree with the layout: 2 SP packages" "$B/spmc-layout" check \
	--spmc-manifest out/sp_packages.dtsi --bl2-list out/bl2_sp_list.dtsi --layout layout.json

# Hand-written lists that disagree: both values named, exit 1.
sed 's/0x7c00000/0x7d00000/' out/bl2_sp_list.dtsi > bl2.dtsi
sed 's/0xd2d80a77/0xd2d80a78/' out/sp_packages.dtsi > spmc.dtsi
expect 1 "SP 'kv': load address in SPMC manifest 0x7c00000 differs from BL2 list 0x7d00000" \
	"$B/spmc-layout" check --spmc-manifest out/sp_packages.dtsi --bl2-list bl2.dtsi
expect 1 "SP 'echo': UUID in SPMC manifest 79b55c73-1d8c-44b9-8593-61e1780ad8d2 differs from BL2 list 79b55c73-1d8c-44b9-8593-61e1770ad8d2" \
	"$B/spmc-layout" check --spmc-manifest spmc.dtsi --bl2-list out/bl2_sp_list.dtsi
printf 'echo {\n\tuuid = "79b55c73-1d8c-44b9-8593-61e1770ad8d2";\n\tload-address = <0x7a00000>;\n};\n' > one.dtsi
expect 1 "SP 'kv' (UUID 11111111-2222-2222-3333-333344444444, load address 0x7c00000) is in SPMC manifest but not in BL2 list" \
	"$B/spmc-layout" check --spmc-manifest out/sp_packages.dtsi --bl2-list one.dtsi

# Bad layouts: file:line:column and the problem; nothing written.
printf '{\n  "a": {\n    "image": "echo.bin",\n    "pm": "echo.dts",\n    "load_address": 1\n  }\n}\n' > typo.json
expect 1 "typo.json:5:5: SP 'a': unknown key \"load_address\" (did you mean \"load-address\"?)" \
	"$B/spmc-layout" build typo.json -o out2
printf '{"a": {"image": "echo.bin", "pm": "echo.dts",}}' > comma.json
expect 1 "comma.json:1:46: trailing comma" "$B/spmc-layout" build comma.json -o out2
printf '{"a": {"image": "echo.bin", "pm": "echo.dts", "uuid": "11111111-2222-2222-3333-333344444444"}}' > uuid.json
expect 1 "uuid in the layout 11111111-2222-2222-3333-333344444444 differs from partition manifest echo.dts 79b55c73" \
	"$B/spmc-layout" build uuid.json -o out2
printf '{"a": {"image": "echo.bin", "pm": "echo.dts"}, "b": {"image": "kv.bin", "pm": "kv.dts", "load-address": "0x7a04000"}}' > overlap.json
expect 1 "overlaps SP 'b' package" "$B/spmc-layout" build overlap.json -o out2
if [ -e out2 ]; then bad "out2 written for a bad layout"; else ok; fi

# Bad packages and FIPs.
head -c 5000 out/echo.pkg > trunc.pkg
expect 1 "trunc.pkg: invalid SP package: image runs past the end" "$B/spmc-pkg" info trunc.pkg
printf 'not a package at all, no' > junk.pkg
expect 1 "junk.pkg: invalid SP package: bad magic" "$B/spmc-pkg" info junk.pkg
head -c 2000 out/sp_packages.fip > trunc.fip
expect 1 "trunc.fip: invalid FIP: entry 0 .*runs past the end" "$B/spmc-fip" list trunc.fip
expect 1 "not a device tree blob" "$B/spmc-pkg" create --manifest echo.bin --image kv.bin -o x.pkg
expect 0 "FIP, 1 entry" "$B/spmc-fip" create -o one.fip --entry b4b5671e-4a90-4fe1-b81f-fb13dae1dacb=out/kv.pkg
expect 0 "b4b5671e-4a90-4fe1-b81f-fb13dae1dacb.*SP package v1" "$B/spmc-fip" list one.fip

finish
