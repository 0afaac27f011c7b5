#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Trace events: the lnetmr trace system (lnet/lnetmr_trace.h) tells the
# decisions an admin debugs, read here through tracefs and trace-cmd: the
# path of each message and why, its send and completion, stripes set out
# and landing in place (every byte of every transfer once), connections up
# and down, resends and their cause, health falling and coming back, a
# policy deciding.
source "$(dirname "$0")/lib.sh"
lnet_test_begin tc awk stat trace-cmd

trace_begin
EV=$TRACEFS/events/lnetmr
events="lnetmr_path lnetmr_send lnetmr_send_done lnetmr_resend lnetmr_health
	lnetmr_stripe_issue lnetmr_stripe_land lnetmr_conn"

check "tracefs lists the lnetmr trace system" test -d $EV
for e in $events; do
	check "event $e with its format" grep -q "^name: $e\$" "$EV/$e/format"
done
check_eq "trace-cmd lists the 8 events" 8 \
	"$(trace-cmd list -e '^lnetmr:' | grep -c '^lnetmr:lnetmr_')"
count_of() { trace_count "$@"; }
field() { trace_field "$@"; }
# show_stripes FILE EVENT NODE: the stripe events, as diagnostics
show_stripes() { trace_fields "$@" | sed 's/^/# /' | head -n 60 >&2; }

NID_A=10.1.0.1@tcp NID_B=10.1.0.2@tcp
STRIPE=524288	# a 1 MiB transfer over 2 rails: 2 stripes of 512 KiB
setup "two nodes with two rails each" rail_nodes t 2
node_a=$(netns_inode "$NS_A") node_b=$(netns_inode "$NS_B")
tmp=$(mktemp -d)
at_exit "rm -rf $tmp"

# ---- connections, paths, sends, stripes -------------------------------------
trace_start
lnetmrctl -n "$NS_A" ping $NID_B > /dev/null
s0=$(node_stat "$NS_A" tx-stripes)
put=$(bench_json "$NS_A" $NID_B op put size 1M count 16 concurrency 4)
get=$(bench_json "$NS_A" $NID_B op get size 1M count 8 concurrency 4)
stripes=$(($(node_stat "$NS_A" tx-stripes) - s0))
trace_stop "$tmp/t1"
check_eq "16 PUTs and 8 GETs of 1 MiB, striped, intact" "16 0 0 8 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$put$get" | tr '\n' ' ' | sed 's/ $//')"
check "no event was lost (the buffer held them all)" \
	test "$(grep -c 'LOST' "$tmp/t1")" = 0

for k in 0 1; do
	check "A's connections over eth$k came up, named by rail and peer" \
		test "$(count_of "$tmp/t1" lnetmr_conn "$node_a" tcp "rail=10.1.$k.1@tcp" \
			"dev=eth$k" "peer=10.1.$k.2@tcp" up status=0)" -ge 1
done
check "and B saw them come in, from A's NID on eth0" \
	test "$(count_of "$tmp/t1" lnetmr_conn "$node_b" up "peer=$NID_A" dev=eth0)" -ge 1

n_issue=$(count_of "$tmp/t1" lnetmr_stripe_issue "$node_a")
check_eq "one lnetmr_stripe_issue per stripe the node counted ($stripes)" "$stripes" "$n_issue"
bad=$(stripe_bad_tiles "$tmp/t1" lnetmr_stripe_issue "$node_a")
check_eq "every transfer's issued stripes tile it, once" 0 "$bad"
[ "$bad" = 0 ] || show_stripes "$tmp/t1" lnetmr_stripe_issue "$node_a"
check_eq "in 24 transfers" 24 "$(stripe_xfers "$tmp/t1" lnetmr_stripe_issue "$node_a")"

check_eq "B: the PUTs' stripes landed in 16 transfers" 16 \
	"$(stripe_xfers "$tmp/t1" lnetmr_stripe_land "$node_b" PUT status=0)"
bad=$(stripe_bad_tiles "$tmp/t1" lnetmr_stripe_land "$node_b" PUT status=0)
check_eq "every byte of each PUT landed, once" 0 "$bad"
[ "$bad" = 0 ] || show_stripes "$tmp/t1" lnetmr_stripe_land "$node_b"
check_eq "A: the GETs' answers landed in 8 transfers" 8 \
	"$(stripe_xfers "$tmp/t1" lnetmr_stripe_land "$node_a" GET status=0)"
check_eq "every byte of each GET landed, once" 0 \
	"$(stripe_bad_tiles "$tmp/t1" lnetmr_stripe_land "$node_a" GET status=0)"
check_eq "no stripe failed to land" 0 "$(($(count_of "$tmp/t1" lnetmr_stripe_land "$node_a") +
	$(count_of "$tmp/t1" lnetmr_stripe_land "$node_b") - 48))"

for k in 0 1; do
	n=$(count_of "$tmp/t1" lnetmr_path "$node_a" bytes=$STRIPE "dev=eth$k" why=turn tied=2)
	check "A chose eth$k for stripes by turn between 2 equal paths ($n times)" test "$n" -ge 10
done
check_eq "every stripe A set out got a path" "$n_issue" \
	"$(count_of "$tmp/t1" lnetmr_path "$node_a" bytes=$STRIPE)"
sends=$(trace_fields "$tmp/t1" lnetmr_send "$node_a" | field msg | sort)
dones=$(trace_fields "$tmp/t1" lnetmr_send_done "$node_a" status=0 | field msg | sort)
check "A sent more than its stripes ($(wc -l <<< "$sends") sends)" \
	test "$(wc -l <<< "$sends")" -gt "$stripes"
check_eq "and each send completed, status 0" "$sends" "$dones"
sent_put=$(count_of "$tmp/t1" lnetmr_send "$node_a" PUT bytes=$STRIPE)
check_eq "A sent each PUT as 2 stripes of 512 KiB, one per rail" 32 "$sent_put"
check_eq "no resend without a failure" 0 "$(count_of "$tmp/t1" lnetmr_resend "$node_a")"

# ---- a rail down under traffic ------------------------------------------------
trace_start
out=$(bench_across_flap "$NS_A" eth1 2 "$NS_A" $NID_B op put size 1M time 8 concurrency 8)
wait_for 20 all_healthy "$NS_A"
trace_stop "$tmp/t2"
check_eq "a bench across eth1 going down: no error, no mismatch" "0 0" \
	"$(jq -r '"\(.errors) \(.mismatches)"' <<< "$out")"
resends=$(trace_fields "$tmp/t2" lnetmr_resend "$node_a" "rail=10.1.1.1@tcp")
n=$(wc -l <<< "$resends")
check "what eth1 carried was resent ($n events)" test -n "$resends"
check_eq "the resends count what the rail counted" "$(rail_stat "$NS_A" eth1 resends)" \
	"$(count_of "$tmp/t2" lnetmr_resend "$node_a" "rail=10.1.1.1@tcp")"
causes=$(field cause <<< "$resends" | sort -u | tr '\n' ' ')
check "each with its cause, an errno ($causes)" \
	test -z "$(field cause <<< "$resends" | grep -v '^-[0-9]\+$')"
check "eth1's connections went down with an error" \
	test "$(count_of "$tmp/t2" lnetmr_conn "$node_a" dev=eth1 down)" -ge 1
check "and came back up" test "$(count_of "$tmp/t2" lnetmr_conn "$node_a" dev=eth1 up)" -ge 1
fell=$(trace_fields "$tmp/t2" lnetmr_health "$node_a" "rail=10.1.1.1@tcp" why=failed)
check "eth1's health fell, each step with its error" \
	test -n "$fell" -a -z "$(field status <<< "$fell" | grep -v '^-[0-9]\+$')"
last=$(trace_fields "$tmp/t2" lnetmr_health "$node_a" "rail=10.1.1.1@tcp" | tail -n 1)
check_match "and its last change brought it back to 1000" "health=1000" "$last"
check_eq "eth0's health never fell" 0 "$(count_of "$tmp/t2" lnetmr_health "$node_a" \
	"rail=10.1.0.1@tcp" why=failed)"
n=$(count_of "$tmp/t2" lnetmr_path "$node_a" PUT dev=eth0 why=only-path paths=1)
check "while eth1 was down, eth0 was the only path ($n times)" test "$n" -ge 10

# ---- a policy decides ----------------------------------------------------------
id=$(lnetmrctl -n "$NS_A" policy add src 10.1.1.1@tcp priority 0 | awk '{ print $2 }')
trace_start
out=$(bench_json "$NS_A" $NID_B op put size 1M count 4)
trace_stop "$tmp/t3"
lnetmrctl -n "$NS_A" policy del "$id"
check_eq "with a rule preferring eth1: 4 PUTs intact" "4 0 0" \
	"$(jq -r '"\(.msgs) \(.errors) \(.mismatches)"' <<< "$out")"
n=$(count_of "$tmp/t3" lnetmr_path "$node_a" PUT dev=eth1 why=rail-policy)
check "the paths say the rail policy chose eth1 ($n times)" test "$n" -ge 8
check_eq "and none went by eth0" 0 "$(count_of "$tmp/t3" lnetmr_path "$node_a" PUT dev=eth0)"

# ---- trace-cmd ------------------------------------------------------------------
(cd "$tmp" && trace-cmd record -q -e lnetmr:lnetmr_path -e lnetmr:lnetmr_send \
	lnetmrctl -n "$NS_A" ping $NID_B > /dev/null 2>&1)
report=$(cd "$tmp" && trace-cmd report 2> /dev/null)
check_match "trace-cmd records a ping's path, as text fields" \
	"lnetmr_path: +node=$node_a msg=[0-9a-fx]+ GET bytes=[0-9]+ target=$NID_B via rail=10.1.[01].1@tcp dev=eth[01]" \
	"$report"
check_match "and its send" "lnetmr_send: +node=$node_a .* GET bytes=0 stripe=-1 rail=10.1.[01].1@tcp" \
	"$report"

ktap_end
