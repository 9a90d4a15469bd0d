#!/bin/sh
# make qemu-test: the conformance cases on QEMU, then the same program with
# one case broken on purpose, which must fail and be named.
#   QEMU_RUN="<run-qemu.sh and its image options>" qemu-test.sh BUILD_DIR BROKEN_CASE
set -u
b=$1
broken=$2
log=$b/qemu-test.log

echo "qemu-test: conformance cases, SPMC at S-EL2 (log: $log)"
$QEMU_RUN --nwd "$b/conformance.elf" >"$log" 2>&1
rc=$?
grep -E '^\[|^conformance:|^SPMC: (partitions|boot failed|partition )|^el3: (error|unexpected)' "$log" |
	tr -d '\r'
if [ $rc -ne 0 ]; then
	echo "qemu-test: FAILED (QEMU exit status $rc)"
	tail -n 20 "$log"
	exit 1
fi

blog=$b/qemu-test-break.log
$QEMU_RUN --nwd "$b/conformance-break.elf" >"$blog" 2>&1
brc=$?
if [ $brc -ne 1 ] || ! grep -q "^\[  FAILED  \] $broken:" "$blog"; then
	echo "qemu-test: FAILED: the deliberately broken case $broken was not reported" \
	     "(exit status $brc)"
	tail -n 20 "$blog"
	exit 1
fi
echo "qemu-test: a broken $broken fails as it must: $(grep "^\[  FAILED  \] $broken:" "$blog" | tr -d '\r')"
echo "qemu-test: passed"
