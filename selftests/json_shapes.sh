#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# JSON output is what Documentation/lnetmrctl.rst says it is: every
# command's output has the documented keys, nesting and counters, nothing
# missing and nothing undocumented (json_shapes.py reads the doc).
source "$(dirname "$0")/lib.sh"
lnet_test_begin python3

DOC=$LIB_DIR/../Documentation/lnetmrctl.rst
[ -f "$DOC" ] || DOC=$LIB_DIR/lnetmrctl.rst	# installed selftests
shape() {	# COMMAND (as documented) -- LNETMRCTL ARGS...
	local cmd=$1 out
	shift 2
	out=$(lnetmrctl -j -n "$NS_A" "$@" | python3 "$LIB_DIR/json_shapes.py" "$DOC" "$cmd" 2>&1)
	check "$cmd: the documented shape${out:+ ($(tr '\n' ';' <<< "$out"))}" test -z "$out"
}

setup "two nodes" two_nodes
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null
lnetmrctl -n "$NS_A" policy add src tcp0 priority 1 > /dev/null
lnetmrctl -n "$NS_A" policy add dst "$NID_B" priority 2 > /dev/null

shape "version" -- version
shape "node show" -- node show
shape "-s node show" -- -s node show
shape "ni show" -- ni show
shape "rail show" -- rail show
shape "rail show -s" -- rail show -s
shape "rail show -s interval 1" -- rail show -s interval 0.3 count 2
shape "peer show" -- peer show
shape "policy show" -- policy show
shape "ping NID" -- ping "$NID_B"
shape "stats show" -- stats show
out=$(lnetmrctl -j -n "$NS_A" bench "$NID_B" op put size 64k time 3 interval 1)
check "a bench with an interval: progress lines, then the summary" \
	test "$(wc -l <<< "$out")" -ge 3
r=$(head -n -1 <<< "$out" | python3 "$LIB_DIR/json_shapes.py" "$DOC" "bench NID ... interval 1" 2>&1)
check "bench NID ... interval 1: the documented shape${r:+ ($(tr '\n' ';' <<< "$r"))}" test -z "$r"
r=$(tail -n 1 <<< "$out" | python3 "$LIB_DIR/json_shapes.py" "$DOC" "bench NID ..." 2>&1)
check "bench NID ...: the documented shape${r:+ ($(tr '\n' ';' <<< "$r"))}" test -z "$r"

# the checker itself catches a difference
r=$(echo '{"family": 1, "module": "m", "build": "b", "extra": 1}' |
	python3 "$LIB_DIR/json_shapes.py" "$DOC" version)
check_eq "the checker names a missing and an undocumented key" \
	"version: no key kernel;version: undocumented key extra;" "$(tr '\n' ';' <<< "$r")"

ktap_end
