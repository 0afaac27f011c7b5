#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lnetmrctl export / import: a node's whole configuration (settings, NIs,
# rails with speeds, configured peers, rules) as YAML and back.  Round
# trip: export, the node torn down (module reloaded), import, export again:
# identical.  Import is idempotent (the same file twice: no change), adds
# what is missing and changes what differs; "replace" also removes what
# the file lacks.  A bad file (syntax, unknown key, bad value) is refused
# naming its line and nothing is applied; an object the kernel refuses is
# named by its line, with the kernel's reason.  Import needs privileges,
# export does not.
source "$(dirname "$0")/lib.sh"
lnet_test_begin setpriv diff

NS=$(ns_create c)
T=$(mktemp -d)
at_exit "rm -rf $T"
ctl() { lnetmrctl -n "$NS" "$@"; }
node_setup() {
	local k
	for k in 0 1 2 3; do
		ip -n "$NS" link add dummy$k type dummy &&
			ip -n "$NS" addr add 10.1.$k.1/24 dev dummy$k &&
			ip -n "$NS" link set dummy$k up || return 1
	done
	ctl ni add tcp0 && ctl rail add tcp0 dev dummy0 speed 100 && ctl rail add tcp0 dev dummy1 &&
		ctl ni add tcp1 && ctl rail add tcp1 dev dummy2 speed 250 &&
		ctl set discovery off timeout 3000 stripe-threshold 128K &&
		ctl peer add 10.1.0.2@tcp nid 10.1.1.2@tcp &&
		ctl policy add src tcp1 priority 5 > /dev/null &&
		ctl policy add dst 10.1.0.2@tcp priority 2 > /dev/null
}
setup "a node: tcp0 over two rails, tcp1 over one, a peer, two rules, settings" node_setup
# torn down as lnetmr.service stops: NIs first (a transport in use stays),
# then every lnetmr module (an earlier test may have loaded lnetmr_o2ib,
# which holds lnetmr); loaded again, the node starts from nothing
reload() {
	ctl ni del tcp && ctl ni del tcp1 && unload_lnetmr && modprobe lnetmr
}

check "export" sh -c "lnetmrctl -n $NS export > $T/a.yaml"
check_match "it holds the rails with their speeds" "- dev: dummy0
        speed: 100" "$(cat "$T/a.yaml")"
check_eq "a rail whose speed is the link's is exported without one (it follows the link)" \
	"- dev: dummy1|- net: tcp1" "$(grep -A1 -e '- dev: dummy1' "$T/a.yaml" | sed 's/^ *//' | paste -sd '|')"
check_match "the configured peer and its NIDs" "- primary: 10.1.0.2@tcp
    nids:
      - 10.1.1.2@tcp" "$(cat "$T/a.yaml")"
check_match "the rules" "- src: tcp1
    priority: 5
  - dst: 10.1.0.2@tcp
    priority: 2" "$(cat "$T/a.yaml")"
check_match "and the settings" "timeout: 3000" "$(cat "$T/a.yaml")"
check_match "importing the node's own export changes nothing" ": 0 changes$" \
	"$(ctl import "$T/a.yaml")"

# ---- round trip ----------------------------------------------------------
reload
check_eq "torn down: a fresh node has no NI, no rule, the default timeout" "0 0 10000" \
	"$(lnetmrctl -j -n "$NS" ni show | jq length) $(lnetmrctl -j -n "$NS" policy show | jq length) $(lnetmrctl -j -n "$NS" node show | jq .timeout)"
out=$(ctl import "$T/a.yaml")
check_match "import onto the fresh node applied it (NIs, rails, peer, rules, settings)" \
	": 9 changes$" "$out"
ctl export > "$T/b.yaml"
check_eq "export again: identical" "" "$(diff "$T/a.yaml" "$T/b.yaml")"
check_match "imported again: no change" ": 0 changes$" "$(ctl import "$T/a.yaml")"
check_match "from standard input too" ": 0 changes$" "$(ctl import - < "$T/a.yaml")"

# ---- changes, additions, replace ------------------------------------------
# dummy0 at 300 Mbit/s, dummy1 and the dst rule gone, dummy3 added to tcp1
awk '
	/- dev: dummy1/ { skip = 1 }
	skip > 0 { skip--; next }
	/- dst: 10.1.0.2@tcp/ { skip = 1; next }
	/speed: 100/ { sub(/100/, "300") }
	{ print }
	/- dev: dummy2/ { getline; print; print "      - dev: dummy3"; print "        speed: 50" }
' "$T/a.yaml" > "$T/c.yaml"
out=$(ctl import "$T/c.yaml")
check_match "a differing speed: the rail added anew at 300" "rail add tcp dev dummy0 speed 300" "$out"
check_match "a missing rail added" "rail add tcp1 dev dummy3 speed 50" "$out"
check_eq "without replace, what the file lacks stays (dummy1, the dst rule)" "dummy1 2" \
	"$(lnetmrctl -j -n "$NS" rail show | jq -r '.[] | select(.dev == "dummy1") | .dev') $(lnetmrctl -j -n "$NS" policy show | jq length)"
out=$(ctl import "$T/c.yaml" replace)
check_match "replace removes them" "rail del tcp dev dummy1" "$out"
ctl export > "$T/d.yaml"
check_eq "and the node is now the file" "" "$(diff "$T/c.yaml" "$T/d.yaml")"
check_match "replace again: no change" ": 0 changes$" "$(ctl import "$T/c.yaml" replace)"
printf 'peers: []\npolicies: []\n' > "$T/e.yaml"
ctl import "$T/e.yaml" replace > /dev/null
check_eq "replace with empty peers and policies removes them all; the NIs, a section the file lacks, stay" \
	"0 0 2" "$(lnetmrctl -j -n "$NS" policy show | jq length) $(ctl export | grep -c primary) $(lnetmrctl -j -n "$NS" ni show | jq length)"
ctl import "$T/c.yaml" > /dev/null
printf 'peers:\n  - primary: 10.1.0.2@tcp\n    nids: []\n' > "$T/f.yaml"
out=$(ctl import "$T/f.yaml" replace)
check_eq "replace drops a peer NID the file lacks (the peer made anew)" "nids: []" \
	"$(ctl export | grep -A1 'primary: 10.1.0.2@tcp' | tail -n 1 | sed 's/^ *//')"
ctl import "$T/c.yaml" > /dev/null
check_match "and a NID added back to a peer" "10.1.1.2@tcp" \
	"$(ctl export | grep -A2 'primary: 10.1.0.2@tcp')"

# ---- bad files: refused by line, nothing applied ---------------------------
bad_file() {	# DESC LINE PATTERN TEXT
	local before after out rc
	printf '%b' "$4" > "$T/bad.yaml"
	before=$(ctl export)
	out=$(ctl import "$T/bad.yaml" 2>&1)
	rc=$?
	after=$(ctl export)
	check_match "$1: refused, naming line $2 ($out)" "bad.yaml line $2: .*$3.*nothing was applied" "$out"
	check_eq "$1: exit 2, nothing applied" "2 same" "$rc $([ "$before" = "$after" ] && echo same)"
}
bad_file "a misspelt key" 7 'unknown key "sped" in a rail' \
	'nis:\n  - net: tcp2\n    rails:\n      - dev: dummy3\n        speed: 5\n      - dev: dummy0\n        sped: 5\n'
bad_file "a bad NID after good objects" 5 '"10.1.0.300@tcp" is not a NID' \
	'nis:\n  - net: tcp2\npeers:\n  - primary: 10.1.0.9@tcp\n    nids: [10.1.0.300@tcp]\n'
bad_file "a bad setting value" 2 'timeout takes a number, not "soon"' 'settings:\n  timeout: soon\n'
bad_file "an unknown setting" 2 'unknown setting "colour"' 'settings:\n  colour: blue\n'
bad_file "an unknown section" 1 'unknown section "routes"' 'routes: []\n'
bad_file "a tab" 2 'tab in the indentation' 'nis:\n\t- net: tcp2\n'
bad_file "a key twice" 3 '"net" given twice' 'nis:\n  - net: tcp2\n    net: tcp3\n'
bad_file "an NI twice" 3 'NI tcp2 given twice' 'nis:\n  - net: tcp2\n  - net: tcp2\n'
bad_file "a rule without priority" 2 'wants src or dst, and priority' 'policies:\n  - src: tcp0\n'
bad_file "a priority out of range" 3 'priority takes 0 to 65535' 'policies:\n  - src: tcp0\n    priority: 70000\n'
bad_file "a speed of 0" 5 'speed takes 1 to 10000000 Mbit/s' \
	'nis:\n  - net: tcp2\n    rails:\n      - dev: dummy3\n        speed: 0\n'
bad_file "one interface in two NIs" 6 'rail dummy3 given twice \(line 4 first\)' \
	'nis:\n  - net: tcp2\n    rails:\n      - dummy3\n  - net: tcp3\n    rails: [dummy3]\n'
bad_file "one NID under two peers" 4 '10.1.5.2@tcp is a NID of the peer of line 2 too' \
	'peers:\n  - primary: 10.1.4.2@tcp\n    nids: [10.1.5.2@tcp]\n  - primary: 10.1.5.2@tcp\n'
bad_file "a peer whose primary is in its nids" 3 'the primary NID is also in nids' \
	'peers:\n  - primary: 10.1.4.2@tcp\n    nids: [10.1.4.2@tcp]\n'
bad_file "a NID twice in a peer" 3 '10.1.4.3@tcp given twice in this peer' \
	'peers:\n  - primary: 10.1.4.2@tcp\n    nids: [10.1.4.3@tcp, 10.1.4.3@tcp]\n'
bad_file "a list where a mapping goes" 1 '"settings" wants a mapping' 'settings: [a, b]\n'
printf 'nis:\n  - net: tcp2\n    rails:\n      - dev: nosuch0\n' > "$T/k.yaml"
out=$(ctl import "$T/k.yaml" 2>&1)
check_match "an object the kernel refuses: named by its line, with the kernel's reason" \
	"nosuch0.*k.yaml line 4: not applied \\(the objects before it were\\)" "$(tr '\n' ' ' <<< "$out")"
check_eq "the NI before it was applied, the rail not" "tcp2 0" \
	"$(lnetmrctl -j -n "$NS" ni show | jq -r '.[] | select(.net == "tcp2") | "\(.net) \(.rails | length)"')"
check_match "a directory: a read error, not an empty file" "line 1: cannot read: Is a directory; nothing was applied" \
	"$(ctl import "$T" 2>&1)"
check_match "a file that is not there: said" "cannot read .*nosuch.yaml" \
	"$(ctl import "$T/nosuch.yaml" 2>&1)"

# ---- privileges -----------------------------------------------------------
nobody() { ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
check "an unprivileged user may export" sh -c "ip netns exec $NS setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all lnetmrctl export | grep -q -- '- net: tcp\$'"
cp "$T/a.yaml" "$T/p.yaml" && chmod 644 "$T/p.yaml" && chmod 755 "$T"
check_match "but not import" "Operation not permitted" "$(nobody lnetmrctl import "$T/p.yaml" 2>&1)"
ktap_end
