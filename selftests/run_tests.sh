#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the lnetmr selftests (TEST_PROGS of selftests/Makefile, or the ones
# named on the command line) as kselftest does: KTAP, one test per script,
# each script's own KTAP nested below it, a per-script timeout from
# `settings` (SELFTEST_TIMEOUT overrides it).  Ends with "selftests: N passed, N failed, N skipped" counting
# the individual checks.  Under a kernel with kmemleak (the debug kernel),
# memory is scanned after each script and a leak it reports fails the script.
cd "$(dirname "$0")" || exit 1

kmemleak=/sys/kernel/debug/kmemleak
# Scan (twice: an object is reported once two scans found it unreferenced
# and it is older than kmemleak's minimum age) and print what it suspects.
kmemleak_report() {
	[ -w "$kmemleak" ] || return 0
	sleep 5
	echo scan > "$kmemleak" 2>/dev/null
	echo scan > "$kmemleak" 2>/dev/null
	cat "$kmemleak" 2>/dev/null
	echo clear > "$kmemleak" 2>/dev/null
}
if [ -w "$kmemleak" ]; then	# what booting left behind is not a test's
	echo scan > "$kmemleak" 2>/dev/null
	echo clear > "$kmemleak" 2>/dev/null
fi

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
	leaks=$(kmemleak_report)
	if [ -n "$leaks" ]; then
		echo "# $t: kmemleak reports suspected leaks:"
		sed 's/^/# /' <<< "$leaks"
		f=$((f + 1)) rc=1
	fi
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
