#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run kbuild for lnetmr's modules against one kernel of the matrix.
#
#   scripts/kbuild.sh KVER [MAKE ARGS...]     (default target: modules)
#
# KVER is a full version (scripts/kernels.sh resolve).  Each kernel builds in
# its own tree, build/KVER/, a mirror of the sources made of symbolic links
# (kbuild writes objects next to the sources, and one tree cannot hold the
# objects of three kernels); the modules end up there.  A kernel whose
# headers live in the cached build root (scripts/kernels.sh) is built inside
# that root, with its own compiler, in a private mount namespace that sees
# this checkout at the same path.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
kver=$1
shift
[ $# -gt 0 ] || set -- modules

obj=$top/build/$kver
mkdir -p "$obj"
# the mirror follows the sources: stale links go, new files get one
find "$obj" -type l -delete
(cd "$top" && git ls-files -co --exclude-standard Kbuild uapi lnet drivers samples 2>/dev/null ||
	find Kbuild uapi lnet drivers samples -type f) | while read -r f; do
	case $f in *.c|*.h|Kbuild) ;; *) continue ;; esac
	mkdir -p "$obj/$(dirname "$f")"
	ln -s "$top/$f" "$obj/$f"
done

# the build id is taken here: the build root has no git
id=$(git -C "$top" describe --always --dirty --tags 2>/dev/null || echo unknown)
set -- LNETMR_BUILD_ID="$id" "$@"

root=$("$top/scripts/kernels.sh" root "$kver")
kdir=$("$top/scripts/kernels.sh" kdir "$kver")
if [ -z "$root" ]; then
	[ -d "$kdir" ] || { echo "kbuild: no kernel build tree at $kdir (run: make deps)" >&2; exit 1; }
	exec make -C "$kdir" M="$obj" "$@"
fi
[ -d "$root$kdir" ] || { echo "kbuild: no headers for $kver in $root (run: make deps)" >&2; exit 1; }
mkdir -p "$root$top"
# shellcheck disable=SC2016
exec unshare -m sh -c 'mount --bind "$1" "$2$1" && mount -t proc proc "$0/proc" &&
	shift 2 && exec chroot "$0" "$@"' \
	"$root" "$top" "$root" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
	make -C "$kdir" M="$obj" "$@"
