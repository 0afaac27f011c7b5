#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside the VM by scripts/demo.sh.  Every namespace is its own
# LNet node; lnetmrctl configures and inspects them over netlink.
set -eu

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

say "load the driver"
run modprobe lnetmr
run lnetmrctl version

say "two network namespaces joined by a veth pair: two LNet nodes"
ip netns add demo-a
ip netns add demo-b
trap 'ip netns del demo-a; ip netns del demo-b; modprobe -r lnetmr' EXIT
ip link add eth0 netns demo-a type veth peer name eth0 netns demo-b
ip -n demo-a addr add 10.1.0.1/24 dev eth0
ip -n demo-b addr add 10.1.0.2/24 dev eth0
ip -n demo-a link set eth0 up
ip -n demo-b link set eth0 up
run lnetmrctl -n demo-a ni add tcp0
run lnetmrctl -n demo-a rail add tcp0 dev eth0
run lnetmrctl -n demo-b ni add tcp0
run lnetmrctl -n demo-b rail add tcp0 dev eth0
run lnetmrctl -n demo-a ni show

say "LNet ping (a GET of the peer's ping buffer, as stock Lustre does)"
run lnetmrctl -n demo-a ping 10.1.0.2@tcp
run lnetmrctl -n demo-b ping 10.1.0.1@tcp

say "the in-kernel bench: 1 MiB PUTs for 3 s, every byte checked"
run lnetmrctl -n demo-a bench 10.1.0.2@tcp op put size 1M time 3 concurrency 8
run lnetmrctl -n demo-a bench 10.1.0.2@tcp op get size 64k count 2000 concurrency 16

say "counters per rail and per peer"
run lnetmrctl -n demo-a -s rail show
run lnetmrctl -j -p -n demo-a peer show

say "settings are per node; bad input gets a precise error"
run lnetmrctl -n demo-a set timeout 2000
run lnetmrctl -n demo-a node show
run lnetmrctl -n demo-a set timeout 5 || true
run lnetmrctl -n demo-a rail add tcp0 dev nosuch0 || true

say "writes need CAP_NET_ADMIN"
run setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	lnetmrctl -n demo-a ni del tcp0 || true
