#!/bin/sh
# Installs the Debian packages the build needs, only those that are missing.
# Fast when everything is present (one dpkg-query); installs only when run as
# root (or through sudo without a password) and something is absent.
set -eu

PKGS="${LIBSPMC_PKGS:-make gcc g++ libc6-dev pkg-config libfdt-dev device-tree-compiler \
libcpputest-dev libcmocka-dev gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu \
clang libclang-rt-14-dev libtsan2 qemu-system-arm}"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "install-deps: missing Debian packages:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "install-deps: not root; install them with: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
