#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Reads are open; writes need CAP_NET_ADMIN over the namespace: an
# unprivileged user is refused, root in a user namespace may change only
# the network namespaces that user namespace owns.
source "$(dirname "$0")/lib.sh"
lnet_test_begin setpriv unshare

as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- "$@"
}

before=$(lnetmrctl -j node show)
out=$(as_nobody lnetmrctl -j node show 2>&1)
check_eq "unprivileged read works" "$before" "$out"

out=$(as_nobody lnetmrctl set discovery off 2>&1)
check_eq "unprivileged write exits 1" 1 $?
check_match "unprivileged write is refused with a reason" \
	"Operation not permitted.*CAP_NET_ADMIN" "$out"
check_eq "refused write changed nothing" "$before" "$(lnetmrctl -j node show)"

out=$(as_nobody "$NLRAW" 2 5:u8:0)
check_match "refused at the netlink level (EPERM)" "^error 1 " "$out"

# root of a fresh user namespace owns the network namespace made with it
out=$(as_nobody unshare -Urn bash -c \
	'lnetmrctl set timeout 1234 && lnetmrctl -j node show' 2>&1)
check_eq "root in own user+net namespace may write there" 1234 \
	"$(json_get "$out" .timeout 2>/dev/null)"
check_eq "that did not touch the initial namespace" "$before" "$(lnetmrctl -j node show)"

# but not in a network namespace owned by the initial user namespace
ns1=$(ns_create ns1)
out=$(unshare -U -r --net=/run/netns/"$ns1" lnetmrctl set timeout 999 2>&1)
check_match "user-namespace root cannot write a foreign network namespace" \
	"Operation not permitted" "$out"

ktap_end
