#!/bin/sh
# Checks that a static library of the core needs nothing from outside except
# the HAL (hal_*), libfdt (fdt_*, which the platform links) and the four functions GCC requires of any freestanding
# environment (memcpy, memmove, memset, memcmp). Usage: check-freestanding.sh NM LIB
nm=$1
lib=$2
defined=$($nm --defined-only "$lib" | awk 'NF == 3 {print $3}' | sort -u)
undefined=$($nm -u "$lib" | awk 'NF == 2 {print $2}' | sort -u)
bad=""
for s in $undefined; do
	echo "$defined" | grep -qx "$s" && continue
	case "$s" in
	hal_*|fdt_*|memcpy|memmove|memset|memcmp) ;;
	*) bad="$bad $s" ;;
	esac
done
if [ -n "$bad" ]; then
	echo "check-freestanding: $lib needs symbols outside the HAL:$bad" >&2
	exit 1
fi
echo "check-freestanding: $lib needs only the HAL, libfdt and memcpy/memset/memmove/memcmp"
