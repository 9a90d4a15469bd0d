#!/bin/sh
# Runs every test binary given and sums their results into one closing line,
# "N passed, N failed". Understands cmocka and CppUTest output; a binary that
# crashes or exits non-zero without reporting a failure counts as one failure.
# With SANITIZER_LOG set (the log_path a sanitizer writes its reports to), a
# binary after which a report file exists counts at least one failure too,
# even if the report came from a program a script suite ran and ignored.
passed=0
failed=0
for t in "$@"; do
	out=$(mktemp)
	echo "== $t"
	[ -n "${SANITIZER_LOG:-}" ] && rm -f "$SANITIZER_LOG".*
	# A hang is a failure, never a stuck CI: each binary gets a time limit.
	limit=${TEST_TIMEOUT:-600}
	case "$t" in
	*sim_tests) timeout -k 10 "$limit" "$t" -v >"$out" 2>&1 ;;
	*.sh) timeout -k 10 "$limit" sh "$t" "${TOOLS_DIR:-build/host}" >"$out" 2>&1 ;;
	*) timeout -k 10 "$limit" "$t" >"$out" 2>&1 ;;
	esac
	rc=$?
	[ "$rc" -eq 124 ] && echo "$t: timed out after ${limit}s"
	p=0
	f=0
	if grep -q '^\[==========\]' "$out"; then
		# cmocka
		# cmocka prints one summary per group: sum them.
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {print s+0}')
		grep -E '^\[  (FAILED|  ERROR)' "$out" | grep -v 'test(s)' || true
	elif grep -qE '^(OK|Errors) \(' "$out"; then
		# CppUTest: "OK (12 tests, 12 ran, ...)" / "Errors (2 failures, 12 tests, 12 ran, ...)"
		line=$(grep -E '^(OK|Errors) \(' "$out" | tail -n1)
		ran=$(echo "$line" | sed -n 's/.* \([0-9]*\) ran.*/\1/p')
		f=$(echo "$line" | sed -n 's/^Errors (\([0-9]*\) failure.*/\1/p')
		f=${f:-0}
		p=$((ran - f))
		grep -B1 -A3 'Failure in\|error:' "$out" | head -n 60 || true
	elif grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$out"; then
		# a script suite's own closing line
		line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n1)
		p=${line%% passed*}
		f=$(echo "$line" | sed 's/.*, \([0-9]*\) failed/\1/')
		grep -E '^FAIL' "$out" | head -n 20 || true
	fi
	p=${p:-0}
	f=${f:-0}
	if [ -n "${SANITIZER_LOG:-}" ] && ls "$SANITIZER_LOG".* >/dev/null 2>&1; then
		echo "$t: sanitizer report:"
		head -n 60 "$SANITIZER_LOG".*
		[ "$f" -eq 0 ] && f=1
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$t exited with status $rc:"
		tail -n 20 "$out"
		f=1
	fi
	echo "   $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
	rm -f "$out"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
