#!/bin/sh
# Runs each libFuzzer harness given for RUNS inputs (seeds from
# tests/fuzz/seeds/<harness>/ when present) and fails if any finds a crash,
# leak or sanitizer report. Usage: run-fuzz.sh RUNS HARNESS...
runs=$1
shift
status=0
for f in "$@"; do
	name=$(basename "$f")
	corpus=build/fuzz/corpus-$name
	seeds=tests/fuzz/seeds/$name
	mkdir -p "$corpus"
	[ -d "$seeds" ] || seeds=
	log=build/fuzz/$name.log
	if "$f" -runs="$runs" -max_len=65536 "$corpus" $seeds >"$log" 2>&1; then
		echo "$name: $(grep -aE '^Done [0-9]+ runs' "$log" | tail -n 1)"
	else
		echo "$name: FAILED (see $log)"
		tail -n 30 "$log"
		status=1
	fi
done
exit $status
