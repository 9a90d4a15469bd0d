# Shared by the tool test scripts (sourced, not run): counters, the expect
# check, and the closing "N passed, N failed" line run-tests.sh reads.
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect STATUS PATTERN CMD...: CMD exits STATUS and its output matches PATTERN.
expect() {
	want=$1 pat=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		bad "$* -> exit $rc, want $want: $(printf '%s\n' "$out" | head -n 5)"
	elif ! printf '%s\n' "$out" | grep -q -- "$pat"; then
		bad "$* -> no '$pat' in: $(printf '%s\n' "$out" | head -n 5)"
	else
		ok
	fi
}

# The closing line, and the script's status.
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
