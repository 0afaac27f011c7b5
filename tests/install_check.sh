#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make install, make uninstall, and a real DKMS build and install for the
# host kernel (dkms from Debian): every file lands where it should, the
# installed modules are what modinfo finds, and the uninstalls leave
# nothing behind.  Prints "install: N passed, N failed"; run as root on the
# host (by make check), since DKMS installs into /lib/modules.
set -u
cd "$(dirname "$0")/.." || exit 1

passed=0 failed=0
check() {	# DESC CMD...
	local desc=$1
	shift
	if "$@" > /dev/null 2>&1; then
		echo "ok: $desc"
		passed=$((passed + 1))
	else
		echo "FAIL: $desc"
		failed=$((failed + 1))
	fi
}

kver=$(scripts/kernels.sh resolve host)
version=$(sed -n 's/^#define LNETMR_MODULE_VERSION "\(.*\)"/\1/p' drivers/lnetmr/version.h)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# make install into a staging root, then make uninstall from it
check "make install DESTDIR=stage" make -s install DESTDIR="$stage"
for f in lib/modules/"$kver"/updates/lnetmr/{lnetmr,lnetmr_tcp,lnetmr_o2ib}.ko \
	 usr/sbin/lnetmrctl usr/share/man/man8/lnetmrctl.8 lib/systemd/system/lnetmr.service \
	 usr/share/lnetmr/empty.conf; do
	check "it installed /$f" test -s "$stage/$f"
done
check "the installed lnetmr.ko is version $version for $kver" \
	bash -c "modinfo '$stage/lib/modules/$kver/updates/lnetmr/lnetmr.ko' |
		grep -q '^version: *$version\$' &&
		modinfo '$stage/lib/modules/$kver/updates/lnetmr/lnetmr.ko' |
		grep -q '^vermagic: *$kver '"
check "the installed lnetmrctl runs" "$stage/usr/sbin/lnetmrctl" -V
# the unit as systemd reads it, its commands the staged ones (verify wants
# every command to exist)
sed -e "s|/usr/sbin/|$stage/usr/sbin/|; s|/usr/share/lnetmr/|$stage/usr/share/lnetmr/|" \
	"$stage/lib/systemd/system/lnetmr.service" > "$stage/lnetmr.service"
check "systemd-analyze verify: lnetmr.service is clean" \
	bash -c "out=\$(systemd-analyze verify --man=no '$stage/lnetmr.service' 2>&1) && [ -z \"\$out\" ] ||
		 { echo \"\$out\" >&2; false; }"
rm -f "$stage/lnetmr.service"
check "dkms.conf's version is the module's" grep -qx "PACKAGE_VERSION=\"$version\"" dkms.conf
check "make uninstall DESTDIR=stage" make -s uninstall DESTDIR="$stage"
check "and nothing is left but directories" test -z "$(find "$stage" ! -type d)"

# DKMS, for real: the host kernel's modules built from /usr/src/lnetmr-VERSION
if ! command -v dkms > /dev/null || [ "$(id -u)" != 0 ]; then
	echo "FAIL: dkms missing or not root (run: make deps, as root)"
	failed=$((failed + 1))
else
	make -s dkms-uninstall > /dev/null 2>&1	# a leftover of an interrupted run
	check "make dkms-install builds and installs for $kver" make -s dkms-install
	check "dkms lists it installed for $kver" \
		bash -c "dkms status lnetmr/$version -k $kver | grep -q 'installed'"
	for m in lnetmr lnetmr_tcp lnetmr_o2ib; do
		check "modinfo -k $kver finds $m in updates/dkms, version $version" \
			bash -c "modinfo -k $kver -F filename $m | grep -q '/updates/dkms/' &&
				 [ \"\$(modinfo -k $kver -F version $m)\" = $version ]"
	done
	check "make dkms-uninstall" make -s dkms-uninstall
	check "dkms knows it no more" test -z "$(dkms status lnetmr 2>/dev/null)"
	check "no lnetmr module is left for $kver" \
		test -z "$(find /lib/modules/"$kver" -name 'lnetmr*.ko*' 2>/dev/null)"
	check "nor its source or DKMS tree" test ! -e /usr/src/lnetmr-"$version" -a \
		! -e /var/lib/dkms/lnetmr
	check "depmod forgot it" bash -c "! modinfo -k $kver lnetmr"
fi

echo "install: $passed passed, $failed failed"
[ "$failed" = 0 ]
