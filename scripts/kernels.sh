#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels lnetmr is built and tested against, found by name.
#
#   scripts/kernels.sh prepare        make the cached build root and VM kernels
#                                     (idempotent; no network once all is there)
#   scripts/kernels.sh resolve NAME   print the full version NAME stands for
#   scripts/kernels.sh list           print every known kernel, one per line
#   scripts/kernels.sh root KVER      the build root of KVER ("" for the host)
#   scripts/kernels.sh kdir KVER      its kbuild tree, as seen from that root
#   scripts/kernels.sh image KVER     its boot image, for the VM
#   scripts/kernels.sh modroot KVER   the directory holding lib/modules/KVER
#                                     ("/" for the host's own kernels)
#   scripts/kernels.sh sparse KVER    the sparse to check KVER's build with
#
# NAME is "host" (the newest kernel installed on this machine, Debian 12's
# 6.1, which is also the default), "latest" (the newest kernel known),
# "debug" (the debug kernel of scripts/debug-kernel.sh, not in "list"), a
# version prefix ("6.1", "6.12", "7.3") meaning the newest kernel it starts
# with, or a full version string ("6.12.118+deb13-amd64").
#
# Besides the host's own kernels, "prepare" keeps in $LNETMR_CACHE
# (default ~/.cache/lnetmr):
#   trixie/          a Debian 13 minbase root (debootstrap) with gcc, make,
#                    sparse and the headers of trixie's kernel (6.12) and of
#                    the newest kernel of trixie-backports: Debian's newer
#                    headers want the compiler they were built with, which
#                    bookworm's gcc-12 is not;
#   kernels/KVER/    those two kernels' images and modules, unpacked from
#                    their packages, with a depmod index, for the VM.
set -eu

cache=${LNETMR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lnetmr}
root=$cache/trixie
kernels=$cache/kernels
mirror=${LNETMR_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${LNETMR_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}

die() { echo "kernels: $*" >&2; exit 1; }

host_kernels() {
	local d v
	for d in /lib/modules/*/build; do
		v=${d%/build}
		v=${v##*/}
		[ -d "$d" ] && [ -f "/boot/vmlinuz-$v" ] && echo "$v"
	done
	return 0
}

# the kernels of $kernels: the fetched ones (the matrix), or with "debug"
# the ones scripts/debug-kernel.sh built
cache_kernels() {
	local d v
	for d in "$kernels"/*/.ready; do
		[ -f "$d" ] || continue
		d=${d%/.ready}
		v=${d##*/}
		case $v in
		*-lnetmr-debug) [ "${1:-}" = debug ] && echo "$v" ;;
		*) [ "${1:-}" = debug ] || echo "$v" ;;
		esac
	done
	return 0
}

all_kernels() {
	{ host_kernels; cache_kernels; } | sort -V -u
}

# The newest version that equals NAME or starts with "NAME." / "NAME-"
# / "NAME+".
resolve() {
	local name=$1 v found=""
	case $name in
	""|host) found=$(host_kernels | sort -V | tail -n 1) ;;
	latest) found=$(all_kernels | tail -n 1) ;;
	debug) found=$(cache_kernels debug | sort -V | tail -n 1) ;;
	*-lnetmr-debug) cache_kernels debug | grep -qxF -- "$name" && found=$name ;;
	*)
		for v in $(all_kernels); do
			case $v in
			"$name"|"$name".*|"$name"-*|"$name"+*) found=$v ;;
			esac
		done
		;;
	esac
	case $name in
	debug|*-lnetmr-debug) [ -n "$found" ] || die "no debug kernel (run: make debug-kernel)" ;;
	esac
	[ -n "$found" ] || die "no kernel known as '$name' (known: $(all_kernels | tr '\n' ' '); run: make deps)"
	echo "$found"
}

is_host() { [ -d "/lib/modules/$1/build" ] && [ -f "/boot/vmlinuz-$1" ]; }

cmd_root() { is_host "$1" || echo "$root"; }

cmd_kdir() {
	if is_host "$1"; then
		echo "/lib/modules/$1/build"
	else
		echo "/usr/src/linux-headers-$1"
	fi
}

cmd_image() {
	local f
	if is_host "$1"; then
		echo "/boot/vmlinuz-$1"
		return
	fi
	for f in "$kernels/$1/boot/vmlinuz-$1" "$kernels/$1/lib/modules/$1/vmlinuz"; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
	die "no boot image for $1"
}

cmd_modroot() {
	if is_host "$1"; then
		echo /
	else
		echo "$kernels/$1"
	fi
}

# ---- prepare -------------------------------------------------------------

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }

# The newest versioned package a metapackage of SUITE depends on, e.g.
# linux-headers-amd64 -> linux-headers-6.12.118+deb13-amd64.
versioned() {
	local meta=$1 suite=$2
	in_root apt-cache depends -t "$suite" --no-recommends "$meta" 2>/dev/null |
		sed -n "s/^  Depends: \(${meta%-amd64}-[0-9][^ ]*-amd64\)$/\1/p" | head -n 1
}

make_root() {
	local tmp=$root.tmp
	echo "kernels: building the Debian 13 build root in $root"
	rm -rf "$tmp"
	debootstrap --variant=minbase --include=make,gcc,libc6-dev,sparse \
		trixie "$tmp" "$mirror" > "$cache/debootstrap.log" 2>&1 ||
		die "debootstrap failed, see $cache/debootstrap.log"
	cat > "$tmp/etc/apt/sources.list" <<EOF
deb $mirror trixie main
deb $mirror trixie-updates main
deb $security trixie-security main
deb $mirror trixie-backports main
EOF
	# sid is there to download one package from (see sid_sparse), never
	# to install from
	echo "deb [check-valid-until=no] $mirror sid main" > "$tmp/etc/apt/sources.list.d/sid.list"
	printf 'Package: *\nPin: release n=sid\nPin-Priority: -1\n' \
		> "$tmp/etc/apt/preferences.d/sid"
	mv "$tmp" "$root"
}

# Newer kernels run scripts/checker-valid.sh before sparse (C=1/C=2) and
# skip sparse when it is missing, which Debian's linux-kbuild packages do
# not ship: put a stand-in there that accepts a checker that runs.
checker_shim() {
	local d f
	for d in "$root"/usr/lib/linux-kbuild-*/scripts; do
		f=$d/checker-valid.sh
		[ -e "$f" ] && continue
		printf '%s\n' '#!/bin/sh' \
			"# lnetmr's stand-in (scripts/kernels.sh): a checker that runs is valid" \
			"echo 'int lnetmr_checker_probe;' | \"\$@\" - >/dev/null 2>&1 && echo 1" > "$f"
		chmod +x "$f"
	done
}

# Debian 13's sparse (0.6.4) does not parse the __typeof_unqual__ of the
# 7.x headers; sid's 0.6.5 release candidate does.  Its binary runs on
# trixie: it is unpacked into /opt/sparse of the build root and used there
# for every kernel (scripts/kernels.sh sparse).
sid_sparse() {
	local dl=$root/tmp/lnetmr-sparse
	[ -x "$root/opt/sparse/usr/bin/sparse" ] && return
	rm -rf "$dl"
	mkdir -p "$dl"
	in_root sh -c 'apt-get update -qq && cd /tmp/lnetmr-sparse && apt-get download -qq sparse/sid' \
		> "$cache/download.log" 2>&1 || die "cannot download sid's sparse, see $cache/download.log"
	dpkg-deb -x "$dl"/sparse_*.deb "$root/opt/sparse"
	rm -rf "$dl"
}

prepare() {
	local h6 h7 v
	mkdir -p "$cache" "$kernels"
	if [ ! -f "$root/.ready" ]; then
		[ -d "$root" ] || make_root
		in_root apt-get update -qq
		h6=$(versioned linux-headers-amd64 trixie)
		h7=$(versioned linux-headers-amd64 trixie-backports)
		[ -n "$h6" ] && [ -n "$h7" ] || die "cannot find trixie's kernel headers"
		echo "kernels: installing $h6 and $h7 in the build root"
		in_root apt-get install -y -qq --no-install-recommends "$h6" "$h7" \
			> "$cache/apt.log" 2>&1 || die "apt-get failed, see $cache/apt.log"
		touch "$root/.ready"
	fi
	checker_shim
	sid_sparse
	for v in "$root"/usr/src/linux-headers-*-amd64; do
		v=${v##*/linux-headers-}
		[ -f "$kernels/$v/.ready" ] || fetch_kernel "$v"
	done
}

# Unpack KVER's image and modules (6.12: one package; 7.x: split in
# binary, modules and base) for the VM, and index them with depmod.
fetch_kernel() {
	local v=$1 dir=$kernels/$1 dl=$root/tmp/lnetmr-kernel pkgs p
	echo "kernels: fetching the $v kernel for the VM"
	rm -rf "$dir" "$dl"
	mkdir -p "$dir" "$dl"
	if in_root apt-cache show "linux-binary-$v" > /dev/null 2>&1; then
		pkgs="linux-binary-$v linux-modules-$v linux-base-$v"
	else
		pkgs="linux-image-$v"
	fi
	# shellcheck disable=SC2086
	(cd "$dl" && in_root sh -c "cd /tmp/lnetmr-kernel && apt-get download -qq $pkgs") \
		> "$cache/download.log" 2>&1 || die "cannot download $pkgs, see $cache/download.log"
	for p in "$dl"/*.deb; do
		dpkg-deb -x "$p" "$dir"
	done
	rm -rf "$dl"
	# merged /usr: the modules are under usr/lib; depmod -b wants lib/
	[ -e "$dir/lib" ] || ln -s usr/lib "$dir/lib"
	[ -d "$dir/lib/modules/$v" ] || die "no modules in the $v packages"
	depmod -b "$dir" "$v"
	touch "$dir/.ready"
}

case ${1:-} in
prepare) prepare ;;
resolve) resolve "${2:-}" ;;
list) all_kernels ;;
root) cmd_root "$(resolve "${2:-}")" ;;
kdir) cmd_kdir "$(resolve "${2:-}")" ;;
image) cmd_image "$(resolve "${2:-}")" ;;
modroot) cmd_modroot "$(resolve "${2:-}")" ;;
sparse) if is_host "$(resolve "${2:-}")"; then echo sparse; else echo /opt/sparse/usr/bin/sparse; fi ;;
*) sed -n '3,33s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
