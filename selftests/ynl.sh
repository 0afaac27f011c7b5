#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The netlink spec is enough for a tool author: the kernel's own YNL
# library (tools/net/ynl of linux-source-6.12, cached by make deps) checks
# Documentation/netlink/specs/lnetmr.yaml against the kernel's
# genetlink-legacy schema, then drives every operation of the family and
# reads every event, knowing nothing of lnetmr but the spec.  Results are
# read back through YNL or lnetmrctl; an error shows its extack message.
source "$(dirname "$0")/lib.sh"
lnet_test_begin python3 tc

YNL_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/lnetmr/ynl/linux-source-6.12
SPEC=$LIB_DIR/../Documentation/netlink/specs/lnetmr.yaml
[ -f "$SPEC" ] || SPEC=$LIB_DIR/lnetmr.yaml	# installed selftests
if [ ! -f "$YNL_DIR/tools/net/ynl/cli.py" ] || ! python3 -c 'import yaml, jsonschema' 2>/dev/null; then
	# a failure in CI (lib.sh's skip), where make deps fetched them
	skip "the kernel's YNL library" "no YNL in $YNL_DIR or no python3 yaml/jsonschema (run make deps)"
	ktap_end
fi

# ynl_checked NS ARGS...: the kernel's YNL CLI in NS, JSON out, the spec
# checked against the kernel's genetlink-legacy schema first (the event
# listener and the first request); ynl NS ARGS...: the same without the
# check, which doubles the cost of a call under emulation
ynl_checked() {
	local ns=$1
	shift
	ip netns exec "$ns" python3 "$YNL_DIR/tools/net/ynl/cli.py" --spec "$SPEC" \
		--schema "$YNL_DIR/Documentation/netlink/genetlink-legacy.yaml" --output-json "$@"
}
ynl() {
	local ns=$1
	shift
	ip netns exec "$ns" python3 "$YNL_DIR/tools/net/ynl/cli.py" --spec "$SPEC" \
		--no-schema --output-json "$@"
}
nid() {	# NID: as a number (as rawpeer.py reads one)
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import rawpeer; print(rawpeer.nid_of(sys.argv[2]))' \
		"$LIB_DIR" "$1"
}

setup "two nodes" two_nodes
NB=$(nid "$NID_B") NP=$(nid 10.1.0.5@tcp) NP2=$(nid 10.1.0.6@tcp)
ip -n "$NS_A" link add dum0 type dummy
ip -n "$NS_A" addr add 10.5.0.1/24 dev dum0
ip -n "$NS_A" link set dum0 up

# ---- events: YNL reads each while lnetmrctl makes it happen ----------------
events=$(mktemp) events_err=$(mktemp)
ynl_checked "$NS_A" --subscribe events --sleep 45 > "$events" 2> "$events_err" &
listener=$!
t0=$SECONDS
sleep 10	# subscribed (the library loads and checks the spec first)
lnetmrctl -n "$NS_A" set timeout 1000
lnetmrctl -n "$NS_A" ni add tcp5
lnetmrctl -n "$NS_A" rail add tcp5 dev dum0 speed 2500
ip -n "$NS_B" link set eth0 down	# A's rail follows its carrier
sleep 1
ip -n "$NS_B" link set eth0 up
wait_for 10 eval '[ "$(lnetmrctl -j -n "$NS_A" rail show tcp0 | jq -r ".[0].state")" = up ]'
lnetmrctl -n "$NS_A" ping "$NID_B" > /dev/null	# discovery
# A's link silent under traffic: rail and peer NID health fall, then recover
tc -n "$NS_A" qdisc replace dev eth0 root netem loss 100%
lnetmrctl -n "$NS_A" bench "$NID_B" op put size 4096 count 2 concurrency 2 > /dev/null 2>&1 &
bench=$!
sleep 3
tc -n "$NS_A" qdisc del dev eth0 root
wait $bench
wait_for 20 all_healthy "$NS_A"
lnetmrctl -n "$NS_A" rail del tcp5 dev dum0
lnetmrctl -n "$NS_A" ni del tcp5
echo "# events made in $((SECONDS - t0)) s of the listener's 45"
wait "$listener"
names=$(jq -r '.[].name' "$events" 2>/dev/null | sort -u | paste -sd' ' -)
[ -n "$names" ] || sed 's/^/# /' "$events" "$events_err" | head -20
for ev in ni-new-ntf ni-del-ntf rail-new-ntf rail-del-ntf rail-state-ntf rail-health-ntf \
	  peer-health-ntf discovery-ntf; do
	check "event $ev read through YNL" grep -qw -- "$ev" <<< "$names"
done
check "a rail event carries its interface and speed" \
	jq -e 'any(.[]; .name == "rail-new-ntf" and .msg.ifname == "dum0" and .msg.speed == 2500)' "$events"
check "a rail-state event says down" \
	jq -e 'any(.[]; .name == "rail-state-ntf" and .msg.state == "down")' "$events"
rm -f "$events" "$events_err"
lnetmrctl -n "$NS_A" set timeout 10000

# ---- every operation ----------------------------------------------------------
out=$(ynl_checked "$NS_A" --do node-get --json '{}')
check_eq "node-get: the module's version" "$(modinfo -F version lnetmr)" \
	"$(jq -r '."module-version"' <<< "$out" 2>/dev/null)"
check "and the settings" jq -e '.timeout == 10000 and .["peer-age"] == 3600' <<< "$out"
ynl "$NS_A" --do node-set --json '{"peer-age": 1234, "timeout": 1000, "discovery": 1}' > /dev/null
check_eq "node-set, read back by lnetmrctl" "1234 1000" \
	"$(lnetmrctl -j -n "$NS_A" node show | jq -r '"\(.settings."peer-age" // ."peer-age") \(.settings.timeout // .timeout)"')"
out=$(ynl "$NS_A" --do node-set --json '{"stripe-threshold": 1}' 2>&1)
rc=$?
check "a bad value: refused (exit $rc), YNL shows the extack message and the attribute" \
	test $rc -ne 0 -a -n "$(grep "extack" <<< "$out" | grep "stripe-threshold")"

ynl "$NS_A" --do ni-add --json '{"net": "tcp5"}' > /dev/null
ynl "$NS_A" --do rail-add --json '{"net": "tcp5", "ifname": "dum0", "speed": 2500}' > /dev/null
out=$(ynl "$NS_A" --do ni-get --json '{"net": "tcp5"}')
check_eq "ni-add, rail-add, ni-get: the NI with its rail" "tcp5 dum0" \
	"$(jq -r '"\(.net) \(.rail[0].ifname // .rail.ifname)"' <<< "$out" 2>/dev/null)"
out=$(ynl "$NS_A" --dump ni-get --json '{}')
check_eq "ni-get dump: both NIs" "tcp tcp5" "$(jq -r '[.[].net] | sort | join(" ")' <<< "$out")"
out=$(ynl "$NS_A" --dump rail-get --json '{"net": "tcp5"}')
check_eq "rail-get dump: dum0 at 2500 Mbit/s, up" "dum0 2500 up" \
	"$(jq -r '.[] | "\(.ifname) \(.speed) \(.state)"' <<< "$out")"
check "with its counters" jq -e '.[0].stats.entry | length > 20' <<< "$out"
ynl "$NS_A" --do rail-del --json '{"net": "tcp5", "ifname": "dum0"}' > /dev/null
ynl "$NS_A" --do ni-del --json '{"net": "tcp5"}' > /dev/null
check_eq "rail-del, ni-del: gone" "tcp" \
	"$(ynl "$NS_A" --dump ni-get --json '{}' | jq -r '[.[].net] | join(" ")')"

out=$(ynl "$NS_A" --do ping --json "{\"nid\": $NB, \"timeout\": 5000}")
check "ping: B answers with its NIDs" jq -e --argjson n "$NB" 'any(.nid[]?; . == $n) or any(.entry[]?; .nid == $n)' <<< "$out"
ynl "$NS_A" --do peer-add --json "{\"primary-nid\": $NP, \"nid\": [$NP2]}" > /dev/null
out=$(ynl "$NS_A" --dump peer-get --json '{}')
check "peer-add, peer-get: the declared peer and B" \
	jq -e --argjson b "$NB" --argjson p "$NP" '(map(."primary-nid") | index($p) != null) and (map(."primary-nid") | index($b) != null)' <<< "$out"
ynl "$NS_A" --do peer-del --json "{\"primary-nid\": $NP}" > /dev/null
check "peer-del: gone" jq -e --argjson p "$NP" 'map(."primary-nid") | index($p) == null' \
	<<< "$(ynl "$NS_A" --dump peer-get --json '{}')"

out=$(ynl "$NS_A" --do policy-add --json '{"kind": "src", "net": "tcp0", "priority": 3}')
id=$(jq -r .id <<< "$out")
check "policy-add: an id ($id)" test "$id" -ge 1
check_eq "policy-get: the rule" "src 3" \
	"$(ynl "$NS_A" --dump policy-get --json '{}' | jq -r --argjson i "$id" '.[] | select(.id == $i) | "\(.kind) \(.priority)"')"
ynl "$NS_A" --do policy-del --json "{\"id\": $id}" > /dev/null
check_eq "policy-del: none left" 0 "$(ynl "$NS_A" --dump policy-get --json '{}' | jq length)"

out=$(ynl "$NS_A" --do bench-start --json "{\"target\": $NB, \"op\": \"put\", \"size\": 65536, \"count\": 50, \"concurrency\": 4}")
bid=$(jq -r .id <<< "$out")
check "bench-start: an id ($bid)" test "$bid" -ge 1
for _ in $(seq 50); do
	out=$(ynl "$NS_A" --do bench-get --json "{\"id\": $bid}")
	[ "$(jq -r .state <<< "$out")" = "done" ] && break
	sleep 0.2
done
check_eq "bench-get: done, 50 messages, no error" "done 50 0" \
	"$(jq -r '"\(.state) \(.msgs) \(.errors)"' <<< "$out")"
bid=$(ynl "$NS_A" --do bench-start --json "{\"target\": $NB, \"op\": \"get\", \"size\": 65536, \"duration\": 30000, \"concurrency\": 2}" | jq -r .id)
sleep 1
ynl "$NS_A" --do bench-stop --json "{\"id\": $bid}" > /dev/null
for _ in $(seq 50); do
	out=$(ynl "$NS_A" --do bench-get --json "{\"id\": $bid}")
	[ "$(jq -r .state <<< "$out")" = "done" ] && break
	sleep 0.2
done
check "bench-stop: a 30 s bench ends early" jq -e '.state == "done" and .errors == 0 and .msgs > 0' <<< "$out"


ktap_end
