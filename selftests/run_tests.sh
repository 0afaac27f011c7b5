#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the lnetmr selftests (TEST_PROGS of selftests/Makefile, or the ones
# named on the command line) as kselftest does: KTAP, one test per script,
# each script's own KTAP nested below it, a per-script timeout from
# `settings` (SELFTEST_TIMEOUT overrides it).  Ends with "selftests: N passed, N failed, N skipped" counting
# the individual checks.
cd "$(dirname "$0")" || exit 1

tests=("$@")
[ ${#tests[@]} -gt 0 ] || read -r -a tests <<< "$(make -s print-tests)"
timeout_s=${SELFTEST_TIMEOUT:-$(sed -n 's/^timeout=//p' settings)}

passed=0 failed=0 skipped=0 n=0
echo "KTAP version 1"
echo "1..${#tests[@]}"
for t in "${tests[@]}"; do
	n=$((n + 1))
	echo "# selftests: lnetmr: $t"
	start=$(date +%s)
	out=$(mktemp)
	timeout -k 10 "${timeout_s:-600}" ./"$t" 2>&1 | tee "$out" | sed 's/^/  /'
	rc=${PIPESTATUS[0]}
	secs=$(($(date +%s) - start))
	p=$(grep -cE '^ok [0-9]+ ' "$out" | tr -d ' ')
	s=$(grep -cE '^ok [0-9]+ .*# SKIP' "$out" | tr -d ' ')
	f=$(grep -cE '^not ok [0-9]+ ' "$out" | tr -d ' ')
	p=$((p - s))
	rm -f "$out"
	case $rc in
	0)	[ "$f" -eq 0 ] || rc=1 ;;
	4)	;;
	124)	echo "# $t: TIMEOUT after ${timeout_s}s" ;;
	esac
	if [ "$rc" = 0 ]; then
		echo "ok $n selftests: lnetmr: $t # ${secs}s"
	elif [ "$rc" = 4 ]; then
		[ "$((p + f + s))" -gt 0 ] || s=1
		echo "ok $n selftests: lnetmr: $t # SKIP"
	else
		# a script that died without recording a failure still fails
		[ "$f" -gt 0 ] || f=1
		echo "not ok $n selftests: lnetmr: $t # exit=$rc ${secs}s"
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done
echo "selftests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
