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
echo "vmrun: $passed passed, $failed failed"
[ "$failed" = 0 ]
