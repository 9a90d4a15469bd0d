#!/bin/sh
# The aarch64 SPMC image links libfdt built for aarch64. Debian's
# libfdt-dev:arm64 cannot be installed beside the host's libfdt-dev (the two
# conflict), so its archive is downloaded and unpacked into the build tree:
#   fetch-libfdt-arm64.sh OUTDIR  ->  OUTDIR/usr/lib/aarch64-linux-gnu/libfdt.a
set -eu
out=$1
lib="$out/usr/lib/aarch64-linux-gnu/libfdt.a"
[ -f "$lib" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	SUDO=none
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	if [ "$SUDO" = none ]; then
		echo "fetch-libfdt-arm64: run as root once: dpkg --add-architecture arm64 && apt-get update" >&2
		exit 1
	fi
	$SUDO dpkg --add-architecture arm64
	$SUDO apt-get update -qq >&2
fi
mkdir -p "$out"
dl=$(cd "$out" && pwd)
if ! (cd "$dl" && apt-get download -qq libfdt-dev:arm64 2>/dev/null); then
	[ "$SUDO" = none ] || $SUDO apt-get update -qq >&2
	(cd "$dl" && apt-get download -qq libfdt-dev:arm64 2>/dev/null)
fi
dpkg-deb -x "$dl"/libfdt-dev_*_arm64.deb "$dl"
# The archive keeps the package's dates: make would think the library stale.
touch "$lib"
[ -f "$lib" ] || { echo "fetch-libfdt-arm64: $lib missing from the package" >&2; exit 1; }
echo "fetch-libfdt-arm64: $lib"
