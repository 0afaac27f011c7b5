#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: build for every kernel of the matrix, lint, host unit tests,
# then the selftests inside a VM of each kernel: all of them on the newest
# one (latest), those whose code differs between kernels and an admin's
# first steps on the host's Debian 12 kernel (6.1), the module, netlink
# and two-node tests on Debian 13's 6.12.  Prints the time of each
# phase and one closing line "N passed, N failed, N skipped" over all
# checks; exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.." || exit 1

phase_start=$(date +%s)
phase() {
	local now
	now=$(date +%s)
	echo "check: phase '$1' took $((now - phase_start))s"
	phase_start=$now
}

passed=0 failed=0 skipped=0
# add_counts "N passed, N failed[, N skipped]" line
add_counts() {
	local p f s
	p=$(sed -n 's/.* \([0-9]\+\) passed.*/\1/p' <<< "$1")
	f=$(sed -n 's/.* \([0-9]\+\) failed.*/\1/p' <<< "$1")
	s=$(sed -n 's/.* \([0-9]\+\) skipped.*/\1/p' <<< "$1")
	passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0})) skipped=$((skipped + ${s:-0}))
}

log=$(mktemp)
failures=$(mktemp)
trap 'rm -f "$log" "$failures"' EXIT

# note_failures PHASE [checks-only]: keep the failing lines of the phase's
# log (failed checks; unless checks-only, also timeouts and the VM's and
# the guest kernel log's reports, with the reported lines), so that the
# end of the output names what failed even when only its tail is read
note_failures() {
	local pat='^ *not ok '
	if [ $# -eq 1 ]; then
		pat+='|TIMEOUT|^check: (the VM|vmrun exit)|^vmrun: (the guest (did|failed|ended)|no kernel|cannot)'
		grep -E -A4 'kernel log reports problems' "$log" | sed "s/^/[$1] /" >> "$failures"
	fi
	grep -E "$pat" "$log" | sed "s/^ */[$1] /" >> "$failures"
}

# Standards: generated code matches the spec, sparse/W=1/checkpatch/
# and shell lint report nothing.  It counts as one check.  It comes first:
# its sparse pass is a full W=1 build of the modules for every kernel of
# the matrix, which the build below then finds up to date (one compile of
# everything instead of two).
if make -s lint; then
	passed=$((passed + 1))
else
	echo "check: lint reported problems"
	echo "[lint] make lint failed (its output is above)" >> "$failures"
	failed=$((failed + 1))
fi
phase lint

for k in 6.12 latest; do
	if ! make -s modules KVER=$k; then
		echo "check: build for $k failed"
		echo "0 passed, 1 failed"
		exit 1
	fi
done
if ! make -s all; then
	echo "check: build failed"
	echo "0 passed, 1 failed"
	exit 1
fi
phase "build (the modules left by lint, lnetmrctl, the test helpers)"

make -s -C tests/unit run 2>&1 | tee "$log"
urc=${PIPESTATUS[0]}
line=$(grep -E '^unit: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
if [ -z "$line" ]; then
	line="unit: 0 passed, 1 failed"
elif [ "$urc" != 0 ] && grep -q ' 0 failed' <<< "$line"; then
	failed=$((failed + 1))	# crashed or sanitizer report after the count
fi
add_counts "$line"
note_failures unit
phase "host unit tests"

# make install/uninstall staged, and a real DKMS install for the host kernel
tests/install_check.sh 2>&1 | tee "$log"
line=$(grep -E '^install: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
add_counts "${line:-install: 0 passed, 1 failed}"
note_failures install
phase "install and DKMS"

tests/vmrun_selftest.sh 2>&1 | tee "$log"
add_counts "$(grep -E '^vmrun: [0-9]+ passed' "$log" | tail -n 1)"
note_failures vmrun checks-only
phase "VM runner self-test"

# selftests_on KERNEL [TEST...]: one VM boot of KERNEL running the tests
selftests_on() {
	local k=$1 vrc line
	shift
	echo "check: selftests on $k ($(scripts/kernels.sh resolve "$k"))"
	selftests/vmrun -k "$k" -t 3600 env "LNETMR_EXPECT_RXE_NETNS=${expect_rxe:-}" \
		selftests/run_tests.sh "$@" 2>&1 | tee "$log"
	vrc=${PIPESTATUS[0]}
	line=$(grep -E '^selftests: [0-9]+ passed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "check: the VM run on $k produced no result (vmrun exit $vrc)" | tee -a "$log"
		note_failures "$k"
		{	# what the run said last, and the space left where vmrun writes
			tail -n 12 "$log"
			df -h "${TMPDIR:-/tmp}" | tail -n 1
		} | sed "s/^/[$k] /" >> "$failures"
		failed=$((failed + 1))
		return
	fi
	add_counts "$line"
	if [ "$vrc" != 0 ] && grep -q ' 0 failed' <<< "$line"; then
		# the tests passed but the guest kernel log or the VM itself did not
		echo "check: vmrun exit $vrc on $k (kernel log report, timeout or VM failure)" | tee -a "$log"
		failed=$((failed + 1))
	fi
	note_failures "$k"
}

# The newest kernel runs every selftest: it is the one with UBSAN and
# KFENCE, and the only one whose rdma_rxe works per network namespace (the
# RDMA tests skip elsewhere).  Debian 12's 6.1 runs the tests whose code
# paths differ between the kernels (lnet/kcompat.h: netlink dumps,
# socket bind/connect, namespace references, sending pages without a copy;
# module load and unload; the fuzzers of the netlink family and of the
# wire) and what an admin does first on a node (the CLI, a stock peer,
# the boot configuration and its unit); 6.12 the module,
# netlink and two-node ones.  Running the rest twice more would not fit
# the suite in its hour on this machine.
every_kernel="module_load.sh netns.sh cli.sh netlink_input.sh netlink_fuzz.sh lnet_two_nodes.sh lnet_striping.sh lnet_failover.sh lnet_stock.sh wire_fuzz.sh config.sh service.sh lnet_unload.sh"
read -r -a host_tests <<< "$every_kernel"
selftests_on host "${host_tests[@]}"
phase "selftests in the VM (host kernel)"
# there a failed Soft-RoCE probe fails the RDMA tests instead of skipping
expect_rxe=1 selftests_on latest
phase "selftests in the VM (newest kernel)"
selftests_on 6.12 module_load.sh netlink_input.sh lnet_two_nodes.sh
phase "selftests in the VM (6.12)"

if [ -s "$failures" ]; then
	echo "check: what failed, by phase:"
	head -n 80 "$failures"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
