#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks of selftests/vmrun itself: it returns the command's exit status,
# fails a run whose guest kernel log reports a warning, and enforces its
# timeout.  Prints "vmrun: N passed, N failed".
cd "$(dirname "$0")/.." || exit 1
vmrun=selftests/vmrun
passed=0 failed=0
expect() {
	local desc=$1 want=$2 got
	shift 2
	"$@" > /dev/null 2>&1
	got=$?
	if [ "$got" = "$want" ]; then
		echo "ok - vmrun: $desc"
		passed=$((passed + 1))
	else
		echo "not ok - vmrun: $desc (exit $got, expected $want)"
		failed=$((failed + 1))
	fi
}
expect "passes the command's exit status" 7 $vmrun -t 120 sh -c 'test -d /lib/modules/$(uname -r)/updates/lnetmr && exit 7'
expect "fails on a WARNING in the guest kernel log" 125 \
	$vmrun -t 120 sh -c 'echo "WARNING: CPU: 0 PID: 1 at vmrun self-test" > /dev/kmsg'
expect "enforces its timeout" 124 $vmrun -t 3 true
# a crash while booting, before the command ran, is booted once more
out=$(VMRUN_SELFTEST_BOOT_OOPS=1 $vmrun -t 180 sh -c 'exit 5' 2>&1)
rc=$?
if [ "$rc" = 5 ] && grep -q "booting .* once more" <<< "$out"; then
	echo "ok - vmrun: a crash before the command is retried once, and said"
	passed=$((passed + 1))
else
	echo "not ok - vmrun: a crash before the command is retried once (exit $rc)"
	failed=$((failed + 1))
fi
echo "vmrun: $passed passed, $failed failed"
[ "$failed" = 0 ]
