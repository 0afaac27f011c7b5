#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# etc/lnetmr.service does what it says: its ExecStart commands, run as
# systemd runs them (a "-" command may fail), load the driver and make the
# initial namespace's node match /etc/lnetmr.conf; ExecReload applies an
# edited file (replace); ExecStop takes every NI, peer and rule down and
# unloads every lnetmr module.  (tests/install_check.sh has systemd-analyze
# verify the unit.)
source "$(dirname "$0")/lib.sh"
lnet_test_begin
unit=$TOP_DIR/etc/lnetmr.service
conf=/etc/lnetmr.conf
[ -e $conf ] && { echo "# SKIP: $conf exists"; exit "$KSFT_SKIP"; }
at_exit "rm -f $conf; ip link del lnmrsvc0; ip link del lnmrsvc1"
for k in 0 1; do
	ip link add lnmrsvc$k type dummy && ip addr add 10.77.$k.1/24 dev lnmrsvc$k &&
		ip link set lnmrsvc$k up
done

# exec_lines KEY: the unit's KEY= commands, the installed paths mapped to
# this checkout's (lnetmrctl is on PATH; empty.conf is in etc/)
exec_lines() {
	sed -n "s/^$1=//p" "$unit" |
		sed -e 's|/usr/sbin/lnetmrctl|lnetmrctl|' -e "s|/usr/share/lnetmr/|$TOP_DIR/etc/|"
}
# run_unit KEY: run them in order as systemd does; fails at the first
# failing command without "-"
run_unit() {
	local line may_fail
	while read -r line; do
		may_fail=0
		[ "${line:0:1}" = - ] && may_fail=1 line=${line:1}
		# shellcheck disable=SC2086 # a command line, split as systemd splits it
		$line > /dev/null 2>&1 || [ $may_fail = 1 ] || { echo "failed: $line"; return 1; }
	done <<< "$(exec_lines "$1")"
}

modprobe -r lnetmr 2>/dev/null
cat > $conf <<'CONF'
settings:
  timeout: 4000
nis:
  - net: tcp0
    rails:
      - dev: lnmrsvc0
        speed: 123
policies:
  - src: tcp0
    priority: 7
CONF
check_eq "the unit has two start commands and stop commands" "2 yes" \
	"$(exec_lines ExecStart | wc -l) $([ "$(exec_lines ExecStop | wc -l)" -ge 2 ] && echo yes)"
check "ExecStart: runs" run_unit ExecStart
check_eq "the driver is loaded and the node is the file's: rail, speed, rule, setting" \
	"lnmrsvc0 123 1 4000" \
	"$(lnetmrctl -j rail show | jq -r '.[] | "\(.dev) \(.speed)"') $(lnetmrctl -j policy show | jq length) $(lnetmrctl -j node show | jq .timeout)"
sed -i 's/- dev: lnmrsvc0/- dev: lnmrsvc1/' $conf
check "ExecReload after an edit: runs" run_unit ExecReload
check_eq "and the node follows the file (lnmrsvc0 replaced by lnmrsvc1)" "lnmrsvc1" \
	"$(lnetmrctl -j rail show | jq -r '.[].dev' | tr '\n' ' ' | sed 's/ $//')"
check "ExecStop: runs" run_unit ExecStop
check_eq "and no lnetmr module is left" "" "$(lsmod | awk '$1 ~ /^lnetmr/ { print $1 }')"
ktap_end
