#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The lnetmr module loads, registers its family, unloads without leaving
# anything behind, many times in a row, also with namespaces and requests
# in flight.
source "$(dirname "$0")/lib.sh"
require_root
ktap_begin

loops=20

unload_lnetmr
out=$(lnetmrctl version 2>&1)
rc=$?
check_eq "lnetmrctl without the module exits 1" 1 "$rc"
check_match "lnetmrctl without the module says so" "lnetmr module not loaded" "$out"

bad=0
for ((i = 0; i < loops; i++)); do
	modprobe lnetmr || { bad=1; break; }
	lnetmrctl version >/dev/null || { bad=2; break; }
	grep -q '^lnetmr ' /proc/modules || { bad=3; break; }
	modprobe -r lnetmr || { bad=4; break; }
	! grep -q '^lnetmr ' /proc/modules || { bad=5; break; }
done
check_eq "load, query, unload $loops times" "0" "$bad"

# unload while namespaces exist and while requests are being made
ns1=$(ns_create ns1)
ns2=$(ns_create ns2)
load_lnetmr
lnetmrctl -n "$ns1" set timeout 2000 >/dev/null
( for ((i = 0; i < 200; i++)); do lnetmrctl -n "$ns2" node show >/dev/null 2>&1; done ) &
querier=$!
sleep 0.5
check "unload with namespaces and queries in flight" modprobe -r lnetmr
wait $querier
check "reload after that" modprobe lnetmr
out=$(lnetmrctl -j -n "$ns1" node show)
check_eq "a reloaded module starts from defaults" 10000 "$(json_get "$out" .timeout)"

refs=$(awk '$1 == "lnetmr" { print $3 }' /proc/modules)
check_eq "no references held on the module" 0 "$refs"
check "final unload" modprobe -r lnetmr

ktap_end
