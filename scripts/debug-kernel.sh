#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel for the VM, once (cached): Debian's newest kernel
# source (linux-source of trixie-backports, the kernel whose Soft-RoCE works
# per namespace) with Debian's own configuration of that kernel, its modules
# cut down to what the VM and the selftests load, and these checkers on:
# KASAN (generic, inline), lockdep (PROVE_LOCKING), kmemleak, DEBUG_OBJECTS,
# UBSAN, KFENCE, DEBUG_ATOMIC_SLEEP and the list and notifier checks.
#
#   scripts/debug-kernel.sh build     build it unless it is there (idempotent)
#   scripts/debug-kernel.sh version   print its version (when built)
#
# It builds inside the Debian 13 build root of scripts/kernels.sh, with that
# root's compiler, and installs like a fetched kernel: the image and the
# modules in $LNETMR_CACHE/kernels/KVER/, the build tree (which out-of-tree
# modules build against) as the root's /usr/src/linux-headers-KVER.  KVER
# ends in "-lnetmr-debug"; scripts/kernels.sh knows it as "debug" and leaves
# it out of "latest" and of the matrix.  On this 2-core machine the build
# takes about 40 minutes; see Documentation/testing.rst.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LNETMR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lnetmr}
root=$cache/trixie
kernels=$cache/kernels
suffix=-lnetmr-debug
work=/usr/src/lnetmr-debug		# in the build root

log=$cache/debug-kernel.log

die() { echo "debug-kernel: $*" >&2; exit 1; }
# in the build root, with a /proc of its own (objtool reads it)
in_root() {
	# shellcheck disable=SC2016
	unshare -m sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$root" \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# The modules the VM and the selftests load (what "make localmodconfig"
# keeps; everything built in stays): the VM's 9p root, veth, dummy, bridge
# and bonding rails, the qdiscs that shape them, Soft-RoCE and rdma_cm with
# their user-space interfaces, and what those pull in.
keep_modules="virtio_pci virtio_pci_modern_dev virtio_pci_legacy_dev virtio_ring virtio
9pnet_virtio 9pnet 9p netfs overlay veth dummy bridge stp llc bonding tls
sch_tbf sch_netem sch_fq_codel sch_prio sch_htb sch_ingress cls_u32 cls_basic
cls_matchall act_mirred act_gact ifb tun macvlan ipvlan vrf 8021q garp mrp configfs
ib_core ib_uverbs ib_uverbs_support ib_umad rdma_cm rdma_ucm iw_cm ib_cm ib_ipoib
rdma_rxe ip6_udp_tunnel udp_tunnel libcrc32c
inet_diag tcp_diag udp_diag mptcp_diag netlink_diag af_packet_diag"

# checkers on; what would only slow the build or stop it off
checkers="--enable KASAN --enable KASAN_GENERIC --enable KASAN_INLINE
--enable PROVE_LOCKING --enable PROVE_RCU --set-val LOCKDEP_BITS 18
--set-val LOCKDEP_CHAINS_BITS 18 --set-val LOCKDEP_STACK_TRACE_BITS 20
--set-val LOCKDEP_STACK_TRACE_HASH_BITS 16 --set-val LOCKDEP_CIRCULAR_QUEUE_BITS 12
--enable DEBUG_ATOMIC_SLEEP --enable DEBUG_KMEMLEAK --disable DEBUG_KMEMLEAK_DEFAULT_OFF
--disable DEBUG_KMEMLEAK_AUTO_SCAN --set-val DEBUG_KMEMLEAK_MEM_POOL_SIZE 16000
--enable DEBUG_OBJECTS --enable DEBUG_OBJECTS_FREE --enable DEBUG_OBJECTS_TIMERS
--enable DEBUG_OBJECTS_WORK --enable DEBUG_OBJECTS_RCU_HEAD
--enable DEBUG_OBJECTS_PERCPU_COUNTER --set-val DEBUG_OBJECTS_ENABLE_DEFAULT 1
--enable UBSAN --enable UBSAN_BOUNDS --enable KFENCE --enable DEBUG_LIST
--enable DEBUG_NOTIFIERS --enable DEBUG_SG
--disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT --disable DEBUG_INFO_DWARF4
--disable DEBUG_INFO_DWARF5 --enable DEBUG_INFO_NONE --disable DEBUG_INFO --disable DEBUG_INFO_BTF
--disable DEBUG_INFO_BTF_MODULES --disable MODULE_SIG --disable MODULE_SIG_ALL
--set-str MODULE_SIG_KEY '' --set-str SYSTEM_TRUSTED_KEYS ''
--disable SYSTEM_REVOCATION_LIST --disable MODULE_COMPRESS
--set-str LOCALVERSION $suffix --disable LOCALVERSION_AUTO"

# the newest kernel of the build root: the one whose source is wanted
base_version() {
	local v
	v=$(ls -d "$root"/usr/src/linux-headers-*-amd64 2>/dev/null | sed 's,.*/linux-headers-,,' |
		grep -v -- "$suffix" | sort -V | tail -n 1)
	[ -n "$v" ] || die "no build root with kernel headers (run: make deps)"
	echo "$v"
}

built_version() {
	local d
	for d in "$kernels"/*"$suffix"/.ready; do
		[ -f "$d" ] || continue
		d=${d%/.ready}
		echo "${d##*/}"
	done | sort -V | tail -n 1
}

# configure BASE SRC: Debian's .config of BASE in SRC, cut down, checkers on
configure() {
	local base=$1 src=$2 c
	cp "$root/usr/src/linux-headers-$base/.config" "$root$src/.config"
	printf '%s 0 0\n' $keep_modules > "$root$work/lsmod"
	in_root sh -c "cd $src && yes '' | make -s LSMOD=$work/lsmod localmodconfig" >> "$log" 2>&1 ||
		die "localmodconfig failed, see $log"
	in_root sh -c "cd $src && scripts/config $(tr '\n' ' ' <<< "$checkers") &&
		make -s olddefconfig" >> "$log" 2>&1 ||
		die "configuration failed, see $log"
	for c in DEBUG_INFO MODULE_COMPRESS; do
		grep -Eq "^CONFIG_$c=y" "$root$src/.config" && die "CONFIG_$c did not go off"
	done
	for c in KASAN PROVE_LOCKING DEBUG_KMEMLEAK DEBUG_OBJECTS UBSAN KFENCE DEBUG_ATOMIC_SLEEP \
		 RDMA_RXE INFINIBAND_ADDR_TRANS VETH NET_SCH_NETEM NET_SCH_TBF BONDING MPTCP \
		 NET_9P_VIRTIO OVERLAY_FS; do
		grep -Eq "^CONFIG_$c=[ym]" "$root$src/.config" || die "CONFIG_$c did not stay on"
	done
}

build() {
	local base series src kver dir stamp
	[ -n "$(built_version)" ] && { echo "debug-kernel: $(built_version) is built"; return; }
	[ -f "$root/.ready" ] || "$top/scripts/kernels.sh" prepare
	base=$(base_version)
	series=${base%%-*}
	series=${series%.*}			# 7.3.4+deb13 -> 7.3
	series=${series%%+*}
	echo "debug-kernel: building $series from Debian's linux-source-$series (log: $log)"
	in_root apt-get install -y -qq --no-install-recommends "linux-source-$series" \
		bc bison flex libssl-dev libelf-dev cpio kmod xz-utils zstd perl python3 > "$log" 2>&1 ||
		die "cannot install linux-source-$series, see $log"
	src=$work/linux-source-$series
	if [ ! -f "$root$src/Makefile" ]; then
		rm -rf "${root:?}$work"
		mkdir -p "$root$work"
		tar -C "$root$work" -xf "$root/usr/src/linux-source-$series.tar.xz" ||
			die "cannot unpack the source"
	fi
	# Debian's configuration of the kernel it ships, its modules cut down
	# (once per content of this script: a build cut short goes on from
	# where it stopped)
	stamp=$(md5sum < "$0" | cut -c1-12)
	if [ "$(cat "$root$work/configured" 2>/dev/null)" != "$stamp" ]; then
		configure "$base" "$src"
		echo "$stamp" > "$root$work/configured"
	fi
	in_root sh -c "cd $src && nice make -s -j$(nproc) bzImage modules" >> "$log" 2>&1 ||
		die "the build failed, see $log"
	kver=$(in_root sh -c "cd $src && make -s kernelrelease")
	case $kver in *"$suffix") ;; *) die "unexpected release $kver" ;; esac
	dir=$kernels/$kver
	rm -rf "$dir"
	mkdir -p "$dir/boot"
	in_root sh -c "cd $src && make -s INSTALL_MOD_PATH=/tmp/lnetmr-debug-mods modules_install" \
		>> "$log" 2>&1 || die "modules_install failed, see $log"
	mv "$root/tmp/lnetmr-debug-mods/lib" "$dir/lib"
	rm -rf "$root/tmp/lnetmr-debug-mods"
	rm -f "$dir/lib/modules/$kver/build" "$dir/lib/modules/$kver/source"
	cp "$root$src/arch/x86/boot/bzImage" "$dir/boot/vmlinuz-$kver"
	cp "$root$src/.config" "$dir/boot/config-$kver"
	cp "$root$src/.config" "$dir/lib/modules/$kver/config"
	depmod -b "$dir" "$kver"
	ln -sfn "${src#/usr/src/}" "$root/usr/src/linux-headers-$kver"	# relative: seen from the host too
	touch "$dir/.ready"
	echo "debug-kernel: $kver built"
}

case ${1:-} in
build) build ;;
version) v=$(built_version); [ -n "$v" ] || die "not built (run: make debug-kernel)"; echo "$v" ;;
*) sed -n '3,20s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
