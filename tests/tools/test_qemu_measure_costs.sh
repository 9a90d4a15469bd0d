#!/bin/sh
# tools/qemu-measure-costs.sh, on made-up measurement logs: each path's count
# is the median of its group's calls, the per-page figure the 16-page count's
# excess over 15 pages, and a log that is cut short or lacks a path is
# refused, naming what is missing. Prints "N passed, N failed".
set -u
S=$(cd "$(dirname "$0")/../.." && pwd)/tools/qemu-measure-costs.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/harness.sh"

# A log as the measurement boot prints it (CRLF line ends from the UART).
log() {
	printf 'SPMC: libspmc at S-EL2\r\n'
	printf 'measure: version\r\n'
	for v in 0x17b 0x17b 0x190; do # 379 379 400: median 379
		printf 'spmc-insns 0x0000000084000063 %s\r\n' "$v"
		printf 'spmc-insns 0x0000000084000069 0x1b0\r\n'
	done
	printf 'measure: partition_info_get\r\n'
	printf 'spmc-insns 0x0000000084000068 0x520\r\nspmc-insns 0x0000000084000065 0x191\r\n'
	printf 'measure: direct_req\r\n'
	printf 'spmc-insns 0x00000000c400006f 0x296\r\nspmc-insns 0x00000000c4000070 0x29d\r\n'
	for pages in 1 16; do
		printf 'measure: mem pages=%s\r\n' "$pages"
		# retrieve: 1000 at one page, 1000 + 15 * 100 at 16 pages
		r=$((1000 + (pages - 1) * 100))
		printf 'spmc-insns 0x00000000c4000073 0x1183\r\n'
		printf 'spmc-insns 0x00000000c400006f 0x286\r\n'
		printf 'spmc-insns 0x00000000c4000074 0x%x\r\n' "$r"
		printf 'spmc-insns 0x0000000084000076 0x%x\r\n' $((500 + (pages - 1) * 10))
		printf 'spmc-insns 0x0000000084000077 0x88f\r\n'
	done
	[ "${1:-}" = cut ] || printf 'measure: done\r\n'
}

log >"$T/good.log"
expect 0 "qemu-measure-costs: $T/out.h" sh "$S" "$T/good.log" "$T/out.h"
expect 0 '{"FFA_VERSION", {0x84000063u}, 379, 0}' cat "$T/out.h"
expect 0 '{"FFA_PARTITION_INFO_GET", {0x84000068u}, 1312, 0}' cat "$T/out.h"
expect 0 '{"FFA_MSG_SEND_DIRECT_REQ", {0x8400006fu, 0xc400006fu}, 662, 0}' cat "$T/out.h"
expect 0 '{"FFA_MEM_RETRIEVE_REQ", {0x84000074u, 0xc4000074u}, 1000, 100}' cat "$T/out.h"
expect 0 '{"FFA_MEM_RELINQUISH", {0x84000076u}, 500, 10}' cat "$T/out.h"
# The direct request inside the memory groups is another path: not mixed in.
expect 1 '' grep -q 646 "$T/out.h"

log cut >"$T/cut.log"
expect 1 "did not finish" sh "$S" "$T/cut.log" "$T/cut.h"
grep -v 84000077 "$T/good.log" >"$T/noreclaim.log"
expect 1 "no count for FFA_MEM_RECLAIM" sh "$S" "$T/noreclaim.log" "$T/x.h"
[ ! -e "$T/x.h" ] && ok || bad "a refused log still wrote its table"
finish
