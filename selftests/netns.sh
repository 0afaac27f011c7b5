#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Each network namespace is its own LNet node: the family answers in every
# namespace, with its own incarnation and settings.
source "$(dirname "$0")/lib.sh"
lnet_test_begin

ns1=$(ns_create ns1)
ns2=$(ns_create ns2)

j0=$(lnetmrctl -j node show)
j1=$(lnetmrctl -j -n "$ns1" node show)
j2=$(lnetmrctl -j -n "$ns2" node show)
i0=$(json_get "$j0" .incarnation)
i1=$(json_get "$j1" .incarnation)
i2=$(json_get "$j2" .incarnation)
check "family answers in the initial namespace" test -n "$i0"
check "family answers in $ns1" test -n "$i1"
check "family answers in $ns2" test -n "$i2"
check "every namespace has its own incarnation" \
	test "$i0" != "$i1" -a "$i1" != "$i2" -a "$i0" != "$i2"

lnetmrctl -n "$ns1" set discovery off timeout 1500
check_eq "setting in $ns1 applies there (discovery)" false \
	"$(json_get "$(lnetmrctl -j -n "$ns1" node show)" .discovery)"
check_eq "setting in $ns1 applies there (timeout)" 1500 \
	"$(json_get "$(lnetmrctl -j -n "$ns1" node show)" .timeout)"
check_eq "$ns2 keeps its own discovery" true \
	"$(json_get "$(lnetmrctl -j -n "$ns2" node show)" .discovery)"
check_eq "initial namespace keeps its own timeout" 10000 \
	"$(json_get "$(lnetmrctl -j node show)" .timeout)"

# a node that goes away and comes back is a new incarnation
ip netns del "$ns2"
ip netns add "$ns2"
i2b=$(json_get "$(lnetmrctl -j -n "$ns2" node show)" .incarnation)
check "a re-created namespace is a new incarnation" test "$i2b" != "$i2"
check_eq "a re-created namespace starts from defaults" true \
	"$(json_get "$(lnetmrctl -j -n "$ns2" node show)" .discovery)"

# many namespaces created and destroyed while the family is in use
bad=0
for ((i = 0; i < 30; i++)); do
	t=$(ns_create t) || { bad=1; break; }
	lnetmrctl -n "$t" set timeout $((1000 + i)) || { bad=2; break; }
	[ "$(json_get "$(lnetmrctl -j -n "$t" node show)" .timeout)" = $((1000 + i)) ] ||
		{ bad=3; break; }
	ip netns del "$t"
done
check_eq "30 namespaces made, configured and removed" 0 "$bad"

ktap_end
