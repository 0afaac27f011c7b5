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

say "two network namespaces, two independent LNet nodes"
ip netns add demo-a
ip netns add demo-b
trap 'ip netns del demo-a; ip netns del demo-b; modprobe -r lnetmr' EXIT
run lnetmrctl -n demo-a node show
run lnetmrctl -n demo-b node show

say "settings are per node"
run lnetmrctl -n demo-a set discovery off timeout 2000
run lnetmrctl -n demo-a node show
run lnetmrctl -n demo-b node show

say "JSON for scripts"
run lnetmrctl -j -p -n demo-a node show

say "bad input gets a precise error"
run lnetmrctl -n demo-a set timeout 5 || true

say "writes need CAP_NET_ADMIN"
run setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	lnetmrctl set discovery off || true
