#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lnetmrctl: JSON that parses and says the truth, help, exit codes and
# error messages.
source "$(dirname "$0")/lib.sh"
lnet_test_begin

out=$(lnetmrctl -j version)
check "version -j is valid JSON" jq -e . <<< "$out"
check_eq "family version is 1" 1 "$(json_get "$out" .family)"
check_eq "module version matches modinfo" "$(modinfo -F version lnetmr)" \
	"$(json_get "$out" .module)"
check_eq "kernel matches the running kernel" "$(uname -r)" "$(json_get "$out" .kernel)"
check "build id is not empty" test -n "$(json_get "$out" .build)"

pretty=$(lnetmrctl -j -p node show)
check "pretty JSON is valid and multi-line" \
	test "$(jq -c . <<< "$pretty" | wc -l)" = 1 -a "$(wc -l <<< "$pretty")" -gt 3
check_eq "pretty and compact JSON agree" "$(lnetmrctl -j node show | jq -cS .)" \
	"$(jq -cS . <<< "$pretty")"

text=$(lnetmrctl version)
check_match "text version names the module version" "module $(modinfo -F version lnetmr)" "$text"

out=$(lnetmrctl help)
check_eq "help exits 0" 0 $?
check_match "help lists the set command" "lnetmrctl set" "$out"
out=$(lnetmrctl set help)
check_match "object help shows its usage" "^  lnetmrctl set \\[discovery" "$out"

out=$(lnetmrctl frobnicate 2>&1)
check_eq "unknown object exits 2" 2 $?
check_match "unknown object is named" 'unknown object "frobnicate"' "$out"
out=$(lnetmrctl set timeout 2>&1)
check_eq "missing value exits 2" 2 $?
check_match "missing value is named" '"timeout" needs a value' "$out"
out=$(lnetmrctl set timeout 12abc 2>&1)
check_match "non-number is refused by the CLI" 'timeout takes a number, not "12abc"' "$out"
out=$(lnetmrctl set discovery maybe 2>&1)
check_match "bad on/off is refused by the CLI" 'discovery takes on or off' "$out"

# the kernel's own checks reach the user with the attribute named
out=$(lnetmrctl set timeout 5 2>&1)
check_eq "out-of-range value exits 1" 1 $?
check_match "out-of-range value names the attribute" \
	"^Error: .*\(attribute timeout\)" "$out"
out=$(lnetmrctl set stripe-threshold 99999999 2>&1)
check_match "out-of-range threshold names the attribute" \
	"\(attribute stripe-threshold\)" "$out"

check "set several values at once" lnetmrctl set timeout 3000 stripe-threshold 131072 \
	accept-any-port on
out=$(lnetmrctl -j node show)
check_eq "timeout was set" 3000 "$(json_get "$out" .timeout)"
check_eq "stripe-threshold was set" 131072 "$(json_get "$out" '."stripe-threshold"')"
check_eq "accept-any-port was set" true "$(json_get "$out" '."accept-any-port"')"
lnetmrctl set timeout 4000 stripe-threshold 1 2>/dev/null
check_eq "a partly bad set changes nothing" 3000 \
	"$(json_get "$(lnetmrctl -j node show)" .timeout)"
check_eq "bench-sink-max defaults to 1 MiB" 1048576 \
	"$(json_get "$(lnetmrctl -j node show)" '."bench-sink-max"')"
check "bench-sink-max takes a size with a suffix" lnetmrctl set bench-sink-max 64M
check_eq "and shows it in bytes" 67108864 \
	"$(json_get "$(lnetmrctl -j node show)" '."bench-sink-max"')"
out=$(lnetmrctl set bench-sink-max 65M 2>&1)
check_match "above 64 MiB it is refused, naming the attribute" \
	"\(attribute bench-sink-max\)" "$out"
out=$(lnetmrctl set bench-sink-max lots 2>&1)
check_match "a size that is no size is refused by the CLI" \
	'bench-sink-max takes a size in bytes \(64K, 1M...\), not "lots"' "$out"
check "and back to 1 MiB" lnetmrctl set bench-sink-max 1M

# batch mode: commands from a file or stdin, one per line
ns=$(ns_create batch)
ip -n "$ns" link add b0 type veth peer name b1
ip -n "$ns" addr add 10.7.0.1/24 dev b0
ip -n "$ns" link set b0 up
ip -n "$ns" link set b1 up
batch=$(mktemp)
cat > "$batch" <<'CMDS'
# a node from a file
ni add tcp0
rail add tcp0 dev b0 speed 2000	# with its speed

set timeout 2500
CMDS
check "-b FILE runs every line" lnetmrctl -n "$ns" -b "$batch"
out=$(lnetmrctl -j -n "$ns" ni show)
check_eq "its NI and rail exist, with the speed" "tcp b0 2000" \
	"$(jq -r '.[0] | "\(.net) \(.rails[0].dev) \(.rails[0].speed)"' <<< "$out" 2>/dev/null)"
check_eq "and its setting" 2500 "$(json_get "$(lnetmrctl -j -n "$ns" node show)" .timeout)"
printf 'set timeout 3500\nrail add tcp0 dev nosuchdev\nset timeout 4500\n' > "$batch"
out=$(lnetmrctl -n "$ns" -b - < "$batch" 2>&1)
check_eq "a failing line ends the batch with exit 1" 1 $?
check_match "naming its line" "line 2 failed" "$out"
check_eq "lines before it ran, lines after it did not" 3500 \
	"$(json_get "$(lnetmrctl -j -n "$ns" node show)" .timeout)"
out=$(lnetmrctl -b "$batch" ni show 2>&1)
check_eq "-b with a command on the line too is a usage error" 2 $?
out=$(lnetmrctl -b /nonexistent 2>&1)
check_match "an unreadable batch file is reported" "cannot read /nonexistent" "$out"
rm -f "$batch"
lnetmrctl -n "$ns" ni del tcp0

# an NI holds 16 rails; the 17th is refused, saying why (lnet_rdma.sh
# runs 16 RDMA rails)
lnetmrctl -n "$ns" ni add tcp0
for i in $(seq 0 16); do
	ip -n "$ns" link add "r$i" type dummy && ip -n "$ns" link set "r$i" up &&
		ip -n "$ns" addr add "10.40.$i.1/24" dev "r$i"
done
added=0
for i in $(seq 0 15); do
	lnetmrctl -n "$ns" rail add tcp0 dev "r$i" && added=$((added + 1))
done
check_eq "16 rails on one NI" "16 16" "$added $(lnetmrctl -j -n "$ns" rail show | jq length)"
out=$(lnetmrctl -n "$ns" rail add tcp0 dev r16 2>&1)
check_match "a 17th is refused, saying why" "at most 16 rails" "$out"
check "deleting the NI takes its 16 rails" lnetmrctl -n "$ns" ni del tcp0
check_eq "none is left" 0 "$(lnetmrctl -j -n "$ns" rail show | jq length)"
for i in $(seq 0 16); do ip -n "$ns" link del "r$i"; done

out=$(lnetmrctl -n no-such-ns version 2>&1)
check_match "unknown namespace is reported" 'cannot open network namespace "no-such-ns"' "$out"

ktap_end
