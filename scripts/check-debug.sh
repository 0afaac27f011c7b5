#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-debug [TESTS="a.sh b.sh"]: the selftests (all of them, or
# TESTS) in one VM boot of the debug kernel (scripts/debug-kernel.sh:
# KASAN, lockdep, kmemleak, DEBUG_OBJECTS, UBSAN, KFENCE,
# DEBUG_ATOMIC_SLEEP), built first when it is not there.  Any report of
# those checkers in the guest's kernel log fails the run (selftests/vmrun),
# and so does a leak kmemleak suspects after a test script (run_tests.sh).
# Ends with "N passed, N failed, N skipped"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.." || exit 1

scripts/debug-kernel.sh build || exit 1
kver=$(scripts/debug-kernel.sh version) || exit 1
make -s modules KVER="$kver" && make -s all || { echo "0 passed, 1 failed"; exit 1; }

read -r -a tests <<< "${TESTS:-}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
# Under KASAN and lockdep a test runs about three times as long: more time
# per script, and more memory for KASAN's shadow and kmemleak's objects.
selftests/vmrun -k "$kver" -m 4096 -t 10800 env LNETMR_EXPECT_RXE_NETNS=1 \
	SELFTEST_TIMEOUT="${SELFTEST_TIMEOUT:-2400}" selftests/run_tests.sh "${tests[@]}" 2>&1 |
	tee "$log"
vrc=${PIPESTATUS[0]}
echo "check-debug: $(( $(date +%s) - start ))s in the VM of $kver"
line=$(grep -E '^selftests: [0-9]+ passed' "$log" | tail -n 1)
if [ -z "$line" ]; then
	echo "check-debug: the VM run produced no result (vmrun exit $vrc)"
	echo "0 passed, 1 failed"
	exit 1
fi
grep -E '^ *not ok |kernel log reports problems' "$log" | head -n 40
if [ "$vrc" != 0 ] && grep -q ' 0 failed' <<< "$line"; then
	echo "check-debug: vmrun exit $vrc (a kernel log report, a timeout or a VM failure)"
	echo "${line#selftests: }" | sed 's/ \([0-9]\+\) failed/ 1 failed/'
	exit 1
fi
echo "${line#selftests: }"
[ "$vrc" = 0 ]
