#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Selection policies: rules added, shown (text and JSON) and removed; ids
# counted from 1 and never reused; every bad request, over the CLI and raw
# netlink, refused with its exact message and nothing left behind; at most
# 64 rules; one rule table per namespace; writes need privileges.  (That a
# rule moves traffic belongs to the path selection tests.)
source "$(dirname "$0")/lib.sh"
lnet_test_begin setpriv unshare

NS=$(ns_create p)
NS2=$(ns_create q)
export NLRAW_NS=$NS
# rails 10.1.0.2@tcp and 10.2.0.1@tcp1, for src rules by NID
rails_setup() {
	ip -n "$NS" link add dummy0 type dummy && ip -n "$NS" link add dummy1 type dummy &&
	ip -n "$NS" addr add 10.1.0.2/24 dev dummy0 && ip -n "$NS" addr add 10.2.0.1/24 dev dummy1 &&
	ip -n "$NS" link set dummy0 up && ip -n "$NS" link set dummy1 up &&
	lnetmrctl -n "$NS" ni add tcp && lnetmrctl -n "$NS" ni add tcp1 &&
	lnetmrctl -n "$NS" rail add tcp dev dummy0 && lnetmrctl -n "$NS" rail add tcp1 dev dummy1
}
setup "a node with rails 10.1.0.2@tcp and 10.2.0.1@tcp1" rails_setup

ctl() {
	lnetmrctl -n "$NS" "$@"
}

# rules [NS]: the rules of a namespace as lines "ID KIND NID-or-NET PRIO MATCHES"
rules() {
	lnetmrctl -j -n "${1:-$NS}" policy show |
		jq -r '.[] | "\(.id) \(.kind) \(.nid // .net) \(.priority) \(.matches)"'
}

# expect_raw DESC EXPECTED NLRAW_ARGS...: nlraw prints exactly EXPECTED
expect_raw() {
	local desc=$1 want=$2
	shift 2
	check_eq "$desc" "$want" "$(nlraw "$@")"
}

# expect_cli DESC EXIT STDERR ARGS...: lnetmrctl exits EXIT, first line STDERR
expect_cli() {
	local desc=$1 want_rc=$2 want=$3 out rc
	shift 3
	out=$(ctl "$@" 2>&1)
	rc=$?
	check_eq "$desc" "$want_rc $want" "$rc $(head -n 1 <<< "$out")"
}

ADD=$(enum_val LNETMR_CMD_POLICY_ADD)
DEL=$(enum_val LNETMR_CMD_POLICY_DEL)
A_ID=$(enum_val LNETMR_A_POLICY_ID)
A_KIND=$(enum_val LNETMR_A_POLICY_KIND)
A_NID=$(enum_val LNETMR_A_POLICY_NID)
A_NET=$(enum_val LNETMR_A_POLICY_NET)
A_PRIO=$(enum_val LNETMR_A_POLICY_PRIORITY)
A_MATCHES=$(enum_val LNETMR_A_POLICY_MATCHES)
SRC=$(enum_val LNETMR_POLICY_SRC)
DST=$(enum_val LNETMR_POLICY_DST)
check "UAPI enums found" test -n "$ADD" -a -n "$DEL" -a -n "$A_ID" -a -n "$A_KIND" \
	-a -n "$A_NID" -a -n "$A_NET" -a -n "$A_PRIO" -a -n "$A_MATCHES" -a -n "$SRC" -a -n "$DST"
# 10.1.0.2@tcp and 10.7.0.1@tcp as numbers
NID_B=$(printf '%d' 0x000200000a010002)
NID_X=$(printf '%d' 0x000200000a070001)

# ---- round trip ------------------------------------------------------

check_eq "a new node has no rules" "[]" "$(ctl -j policy show)"
check_eq "add a src rule by network: id 1" "id 1" "$(ctl policy add src tcp1 priority 1)"
out=$(ctl -j policy add dst 10.1.0.2@tcp priority 0)
check_eq "add a dst rule by NID, JSON answer: id 2" 2 "$(json_get "$out" .id)"
check_eq "add a src rule by NID: id 3" "id 3" "$(ctl policy add src 10.2.0.1@tcp1 priority 65535)"
check_eq "add a dst rule by network: id 4" "id 4" "$(ctl policy add dst tcp priority 7)"
expect_cli "a src rule for a NID that is no rail of ours is refused (kernel)" 1 \
	"Error: no rail of this node has this NID (attribute nid)" \
	policy add src 10.1.0.9@tcp priority 1
check_eq "the same NID as the other kind is another rule: id 5" "id 5" \
	"$(ctl policy add src 10.1.0.2@tcp priority 3)"

want="id 1 kind src net tcp1 priority 1 matches 0
id 2 kind dst nid 10.1.0.2@tcp priority 0 matches 0
id 3 kind src nid 10.2.0.1@tcp1 priority 65535 matches 0
id 4 kind dst net tcp priority 7 matches 0
id 5 kind src nid 10.1.0.2@tcp priority 3 matches 0"
check_eq "text show lists the rules in order" "$want" "$(ctl policy show)"
want="1 src tcp1 1 0
2 dst 10.1.0.2@tcp 0 0
3 src 10.2.0.1@tcp1 65535 0
4 dst tcp 7 0
5 src 10.1.0.2@tcp 3 0"
check_eq "JSON show says the same" "$want" "$(rules)"
check "JSON show: every rule has a numeric matches counter" \
	jq -e 'length == 5 and all(.[]; (.matches | type) == "number")' <<< "$(ctl -j policy show)"
check_eq "policy_matches reads one rule's counter" 0 "$(policy_matches "$NS" 3)"
check "JSON show: a rule has either nid or net" \
	jq -e 'all(.[]; has("nid") != has("net"))' <<< "$(ctl -j policy show)"

check "del by id" ctl policy del 1
check "del by kind and NID" ctl policy del dst 10.1.0.2@tcp
check "del by kind and network (tcp0 is tcp)" ctl policy del dst tcp0
check_eq "what is left" "3 src 10.2.0.1@tcp1 65535 0
5 src 10.1.0.2@tcp 3 0" "$(rules)"
check_eq "ids are not reused: the next is 6" "id 6" "$(ctl policy add src tcp1 priority 2)"
out=$(nlraw "$ADD" "$A_KIND:u8:$DST" "$A_NID:u64:$NID_X" "$A_PRIO:u32:4")
check_match "raw add answers with the id attribute" "^attr $A_ID 4" "$out"
check_eq "raw add took id 7" "7 dst 10.7.0.1@tcp 4 0" "$(rules | tail -n 1)"
expect_raw "raw del by id" ok "$DEL" "$A_ID:u32:7"
expect_raw "raw del by kind and net" ok "$DEL" "$A_KIND:u8:$SRC" "$A_NET:str:tcp1"

# ---- bad input, raw netlink ------------------------------------------

before=$(rules)
expect_missing "add without kind" "$A_KIND" "$ADD" "$A_NET:str:tcp1" "$A_PRIO:u32:1"
expect_missing "add without priority" "$A_PRIO" "$ADD" "$A_KIND:u8:$SRC" "$A_NET:str:tcp1"
expect_raw "add with neither nid nor net" \
	"error 22 msg=a rule matches a nid or a net: give one of them offs_type=0 miss_type=0" \
	"$ADD" "$A_KIND:u8:$SRC" "$A_PRIO:u32:1"
expect_raw "add with both nid and net" \
	"error 22 msg=a rule matches a nid or a net, not both offs_type=$A_NET miss_type=0" \
	"$ADD" "$A_KIND:u8:$SRC" "$A_NID:u64:$NID_B" "$A_NET:str:tcp1" "$A_PRIO:u32:1"
expect_raw "add with a bad network name" \
	"error 22 msg=not a network name: want TYPE[NUM] such as tcp0 offs_type=$A_NET miss_type=0" \
	"$ADD" "$A_KIND:u8:$SRC" "$A_NET:str:tcpX" "$A_PRIO:u32:1"
expect_raw "add with an empty network name" \
	"error 22 msg=not a network name: want TYPE[NUM] such as tcp0 offs_type=$A_NET miss_type=0" \
	"$ADD" "$A_KIND:u8:$SRC" "$A_NET:str:" "$A_PRIO:u32:1"
expect_err "add with an overlong network name" 22 "$A_NET" \
	"$ADD" "$A_KIND:u8:$SRC" "$A_NET:str:tcp00000000000000000" "$A_PRIO:u32:1"
expect_raw "add with NID ANY" \
	"error 22 msg=not a NID a rule can match offs_type=$A_NID miss_type=0" \
	"$ADD" "$A_KIND:u8:$DST" "$A_NID:u64:18446744073709551615" "$A_PRIO:u32:1"
expect_raw "add with NID 0" \
	"error 22 msg=not a NID a rule can match offs_type=$A_NID miss_type=0" \
	"$ADD" "$A_KIND:u8:$DST" "$A_NID:u64:0" "$A_PRIO:u32:1"
expect_err "add with nid as u32" 22 "$A_NID" \
	"$ADD" "$A_KIND:u8:$DST" "$A_NID:u32:5" "$A_PRIO:u32:1"
expect_raw "add with kind 2" \
	"error 34 msg=integer out of range offs_type=$A_KIND miss_type=0" \
	"$ADD" "$A_KIND:u8:2" "$A_NET:str:tcp1" "$A_PRIO:u32:1"
expect_raw "add with priority 65536" \
	"error 34 msg=integer out of range offs_type=$A_PRIO miss_type=0" \
	"$ADD" "$A_KIND:u8:$SRC" "$A_NET:str:tcp9" "$A_PRIO:u32:65536"
expect_err "add with an id" 22 "$A_ID" \
	"$ADD" "$A_ID:u32:3" "$A_KIND:u8:$SRC" "$A_NET:str:tcp9" "$A_PRIO:u32:1"
expect_err "add with matches" 22 "$A_MATCHES" \
	"$ADD" "$A_KIND:u8:$SRC" "$A_NET:str:tcp9" "$A_PRIO:u32:1" "$A_MATCHES:u64:1"
expect_raw "add of a duplicate NID rule (other priority)" \
	"error 17 msg=a rule of this kind already matches this NID offs_type=$A_NID miss_type=0" \
	"$ADD" "$A_KIND:u8:$SRC" "$A_NID:u64:$(printf '%d' 0x000200010a020001)" "$A_PRIO:u32:9"
check_eq "add of a rule for tcp1" "id 8" "$(ctl policy add src tcp1 priority 1)"
before=$(rules)
expect_raw "add of a duplicate network rule (tcp1 again)" \
	"error 17 msg=a rule of this kind already matches this network offs_type=$A_NET miss_type=0" \
	"$ADD" "$A_KIND:u8:$SRC" "$A_NET:str:tcp1" "$A_PRIO:u32:1"
expect_raw "del of an unknown id" \
	"error 2 msg=no rule has this id offs_type=$A_ID miss_type=0" "$DEL" "$A_ID:u32:1"
expect_raw "del of id 0" \
	"error 34 msg=integer out of range offs_type=$A_ID miss_type=0" "$DEL" "$A_ID:u32:0"
expect_raw "del with id and kind" \
	"error 22 msg=give a rule's id, or its kind and nid or net, not both offs_type=$A_KIND miss_type=0" \
	"$DEL" "$A_ID:u32:3" "$A_KIND:u8:$SRC"
expect_raw "del with id and nid" \
	"error 22 msg=give a rule's id, or its kind and nid or net, not both offs_type=$A_NID miss_type=0" \
	"$DEL" "$A_ID:u32:3" "$A_NID:u64:$NID_B"
expect_raw "del with nothing" \
	"error 22 msg=give a rule's id, or its kind and nid or net offs_type=0 miss_type=0" "$DEL"
expect_missing "del by nid without kind" "$A_KIND" "$DEL" "$A_NID:u64:$NID_B"
expect_raw "del by kind without nid or net" \
	"error 22 msg=a rule matches a nid or a net: give one of them offs_type=0 miss_type=0" \
	"$DEL" "$A_KIND:u8:$SRC"
expect_raw "del with a bad network name" \
	"error 22 msg=not a network name: want TYPE[NUM] such as tcp0 offs_type=$A_NET miss_type=0" \
	"$DEL" "$A_KIND:u8:$SRC" "$A_NET:str:x9"
expect_raw "del of an unmatched NID rule" \
	"error 2 msg=no rule of this kind matches this NID offs_type=$A_NID miss_type=0" \
	"$DEL" "$A_KIND:u8:$DST" "$A_NID:u64:$NID_B"
expect_raw "del of an unmatched network rule (right net, wrong kind)" \
	"error 2 msg=no rule of this kind matches this network offs_type=$A_NET miss_type=0" \
	"$DEL" "$A_KIND:u8:$DST" "$A_NET:str:tcp1"
check_eq "refused requests changed nothing" "$before" "$(rules)"
check_eq "refused adds used no id: the next is 9" "id 9" "$(ctl policy add dst tcp2 priority 5)"
check "remove it again" ctl policy del 9

# ---- bad input, CLI ----------------------------------------------------

before=$(rules)
expect_cli "CLI: bad kind" 2 'Error: want src or dst, not "sideways"' \
	policy add sideways tcp1 priority 1
expect_cli "CLI: bad NID" 2 'Error: "10.1.0@tcp" is not a NID (e.g. 10.0.0.1@tcp)' \
	policy add src 10.1.0@tcp priority 1
expect_cli "CLI: bad network" 2 'Error: "tcpX" is not a NID or a network name (e.g. tcp1)' \
	policy add src tcpX priority 1
expect_cli "CLI: priority not a number" 2 'Error: priority takes a number, not "high"' \
	policy add src tcp1 priority high
expect_cli "CLI: priority keyword missing" 2 \
	'Error: want: { src | dst } { NID | NET } priority N' policy add src tcp1 1
expect_cli "CLI: del of a word that is no id" 2 'Error: "one" is not a rule id' policy del one
expect_cli "CLI: del src without NID or NET" 2 'Error: NID or NET is missing after "src"' \
	policy del src
expect_cli "CLI: priority out of range (kernel)" 1 \
	"Error: integer out of range (attribute priority)" policy add src tcp7 priority 65536
expect_cli "CLI: duplicate (kernel)" 1 \
	"Error: a rule of this kind already matches this network (attribute net)" \
	policy add src tcp1 priority 4
expect_cli "CLI: duplicate NID (kernel)" 1 \
	"Error: a rule of this kind already matches this NID (attribute nid)" \
	policy add src 10.2.0.1@tcp1 priority 4
expect_cli "CLI: del of an unknown id (kernel)" 1 \
	"Error: no rule has this id (attribute id)" policy del 4
expect_cli "CLI: del of an unmatched rule (kernel)" 1 \
	"Error: no rule of this kind matches this NID (attribute nid)" \
	policy del dst 10.2.0.1@tcp1
check_eq "refused CLI commands changed nothing" "$before" "$(rules)"

# ---- the limit ---------------------------------------------------------

n=$(rules | wc -l)
ok=0
for ((i = n + 1; i <= 64; i++)); do
	nlraw "$ADD" "$A_KIND:u8:$DST" "$A_NID:u64:$((0x000200000a090000 + i))" \
		"$A_PRIO:u32:$i" > /dev/null && ok=$((ok + 1))
done
check_eq "rules up to 64 are taken" $((64 - n)) "$ok"
check_eq "the node has 64 rules" 64 "$(rules | wc -l)"
last=$(rules | tail -n 1 | cut -d' ' -f1)
before=$(rules)
expect_raw "a 65th rule is refused" \
	"error 28 msg=a node has at most 64 rules offs_type=0 miss_type=0" \
	"$ADD" "$A_KIND:u8:$DST" "$A_NET:str:tcp3" "$A_PRIO:u32:1"
expect_cli "CLI: a 65th rule is refused" 1 "Error: a node has at most 64 rules" \
	policy add src tcp3 priority 1
check_eq "still 64 rules, the same ones" "$before" "$(rules)"
check "after a del, a rule fits again" ctl policy del "$last"
check_eq "and takes the next id" "id $((last + 1))" "$(ctl policy add src tcp3 priority 1)"

# ---- namespaces ----------------------------------------------------------

check_eq "another namespace has no rules" "" "$(rules "$NS2")"
check_eq "nor has the initial one" "[]" "$(lnetmrctl -j policy show)"
check_eq "ids count per namespace" "id 1" "$(lnetmrctl -n "$NS2" policy add src tcp1 priority 9)"
expect_cli "a rule of another namespace cannot be deleted by id here" 1 \
	"Error: no rule has this id (attribute id)" policy del 1
check_eq "the first namespace still has 64 rules" 64 "$(rules | wc -l)"
check_eq "the other namespace has its one rule" "1 src tcp1 9 0" "$(rules "$NS2")"
check "a namespace with rules can be deleted" ip netns del "$NS2"
check "rules can all be deleted" bash -c "
	for id in \$(lnetmrctl -j -n '$NS' policy show | jq '.[].id'); do
		lnetmrctl -n '$NS' policy del \$id || exit 1
	done"
check_eq "and then there are none" "" "$(rules)"
check "a rule left for the namespace's teardown" ctl policy add dst tcp priority 1

# ---- privileges ------------------------------------------------------------

as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"
}

check_eq "root adds a rule in the initial namespace" "id 1" \
	"$(lnetmrctl policy add src tcp1 priority 1)"
out=$(as_nobody lnetmrctl -j policy show 2>&1)
check_eq "unprivileged users may read the rules" "$(lnetmrctl -j policy show)" "$out"
out=$(as_nobody lnetmrctl policy add src tcp2 priority 1 2>&1)
check_eq "unprivileged add exits 1" 1 $?
check_match "unprivileged add is refused with a reason" \
	"^Error: Operation not permitted.*CAP_NET_ADMIN" "$out"
out=$(as_nobody lnetmrctl policy del 1 2>&1)
check_match "unprivileged del is refused" "^Error: Operation not permitted" "$out"
out=$(as_nobody "$NLRAW" "$ADD" "$A_KIND:u8:$SRC" "$A_NET:str:tcp2" "$A_PRIO:u32:1")
check_match "refused at the netlink level (EPERM)" "^error 1 " "$out"
check_eq "the refused writes changed nothing" "1 src tcp1 1 0" "$(lnetmrctl -j policy show |
	jq -r '.[] | "\(.id) \(.kind) \(.nid // .net) \(.priority) \(.matches)"')"
out=$(as_nobody unshare -Urn bash -c \
	'lnetmrctl policy add dst tcp5 priority 2 && lnetmrctl -j policy show' 2>&1)
check_eq "user-namespace root may add rules in its own network namespace" \
	"dst tcp5" "$(jq -r '.[] | "\(.kind) \(.net)"' <<< "$(tail -n 1 <<< "$out")" 2>&1)"
check "root deletes its rule" lnetmrctl policy del 1

# ---- a rule moves traffic --------------------------------------------------

policy_nodes() {
	rail_nodes p 2 && lnetmrctl -n "$NS_A" ping 10.1.0.2@tcp > /dev/null
}
bulk_share() {	# bulk bytes A's eth0 and eth1 sent: "eth0 eth1"
	rail_counters "$NS_A" tx-bulk-bytes
}
put_bench() {	# 100 PUTs of 256 KiB: "msgs errors mismatches"
	bench_json "$NS_A" 10.1.0.2@tcp op put size 256k count 100 concurrency 8 |
		jq -r '"\(.msgs) \(.errors) \(.mismatches)"'
}
setup "two nodes with two rails" policy_nodes
id=$(lnetmrctl -n "$NS_A" policy add src 10.1.1.1@tcp priority 0 | awk '{ print $2 }')
check_eq "eth1 shows the priority its rule gives" 0 \
	"$(lnetmrctl -j -n "$NS_A" rail show | jq -r '.[] | select(.dev == "eth1") | .priority')"
read -r a0 a1 <<< "$(bulk_share)"
check_eq "with eth1 preferred, a bench is intact" "100 0 0" "$(put_bench)"
read -r b0 b1 <<< "$(bulk_share)"
check_eq "and all of it went over eth1" "0 $((100 * 262144))" "$((b0 - a0)) $((b1 - a1))"
check "the rule counted the paths it decided" \
	test "$(lnetmrctl -j -n "$NS_A" policy show | jq --argjson id "$id" '.[] | select(.id == $id) | .matches')" -gt 0

ip -n "$NS_A" link set eth1 down
check_eq "with eth1 down, the bench is intact" "100 0 0" "$(put_bench)"
read -r c0 c1 <<< "$(bulk_share)"
check_eq "and all of it went over eth0" "$((100 * 262144)) 0" "$((c0 - b0)) $((c1 - b1))"
ip -n "$NS_A" link set eth1 up
eth1_back() {
	[ "$(lnetmrctl -j -n "$NS_A" rail show | jq -r '.[] | select(.dev == "eth1") | "\(.state) \(.health)"')" = "up 1000" ]
}
for _ in $(seq 100); do eth1_back && break; sleep 0.1; done
check "eth1 is back up, at full health" eth1_back
read -r c0 c1 <<< "$(bulk_share)"
check_eq "a bench after its return is intact" "100 0 0" "$(put_bench)"
read -r d0 d1 <<< "$(bulk_share)"
check_eq "and goes over the preferred eth1 again" "0 $((100 * 262144))" "$((d0 - c0)) $((d1 - c1))"
check "without the rule" lnetmrctl -n "$NS_A" policy del "$id"
read -r e0 e1 <<< "$(bulk_share)"
check_eq "a bench is intact" "100 0 0" "$(put_bench)"
read -r f0 f1 <<< "$(bulk_share)"
check "both rails carry it (eth0 $((f0 - e0)), eth1 $((f1 - e1)))" \
	test $((f0 - e0)) -gt 0 -a $((f1 - e1)) -gt 0

ktap_end
