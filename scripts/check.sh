#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: build for every kernel of the matrix, lint, host unit tests,
# then the selftests inside a VM of each kernel: all of them on the newest
# one (latest), all but the RDMA ones on the host's Debian 12 kernel (6.1),
# the module, netlink and two-node tests on Debian 13's 6.12.  Prints the time of each
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
phase build

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Standards: generated code matches the spec, sparse/W=1/checkpatch/
# and shell lint report nothing.  It counts as one check.
if make -s lint; then
	passed=$((passed + 1))
else
	echo "check: lint reported problems"
	failed=$((failed + 1))
fi
phase lint

make -s -C tests/unit run 2>&1 | tee "$log"
urc=${PIPESTATUS[0]}
line=$(grep -E '^unit: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
if [ -z "$line" ]; then
	line="unit: 0 passed, 1 failed"
elif [ "$urc" != 0 ] && grep -q ' 0 failed' <<< "$line"; then
	failed=$((failed + 1))	# crashed or sanitizer report after the count
fi
add_counts "$line"
phase "host unit tests"

# make install/uninstall staged, and a real DKMS install for the host kernel
tests/install_check.sh 2>&1 | tee "$log"
line=$(grep -E '^install: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
add_counts "${line:-install: 0 passed, 1 failed}"
phase "install and DKMS"

tests/vmrun_selftest.sh 2>&1 | tee "$log"
add_counts "$(grep -E '^vmrun: [0-9]+ passed' "$log" | tail -n 1)"
phase "VM runner self-test"

# selftests_on KERNEL [TEST...]: one VM boot of KERNEL running the tests
selftests_on() {
	local k=$1 vrc line
	shift
	echo "check: selftests on $k ($(scripts/kernels.sh resolve "$k"))"
	selftests/vmrun -k "$k" -t 2400 selftests/run_tests.sh "$@" 2>&1 | tee "$log"
	vrc=${PIPESTATUS[0]}
	line=$(grep -E '^selftests: [0-9]+ passed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "check: the VM run on $k produced no result (vmrun exit $vrc)"
		failed=$((failed + 1))
		return
	fi
	add_counts "$line"
	if [ "$vrc" != 0 ] && grep -q ' 0 failed' <<< "$line"; then
		# the tests passed but the guest kernel log or the VM itself did not
		echo "check: vmrun exit $vrc on $k (kernel log report, timeout or VM failure)"
		failed=$((failed + 1))
	fi
}

# RDMA tests need rdma_rxe per network namespace (kernels after 6.12):
# they run on the newest kernel only (elsewhere they would skip)
rdma_tests="lnet_rdma.sh lnet_rdma_multirail.sh lnet_stock_o2ib.sh"
read -r -a host_tests <<< "$(make -s -C selftests print-tests | tr ' ' '\n' |
	grep -vxF -f <(tr ' ' '\n' <<< "$rdma_tests") | tr '\n' ' ')"
selftests_on host "${host_tests[@]}"
phase "selftests in the VM (host kernel)"
selftests_on latest
phase "selftests in the VM (newest kernel)"
selftests_on 6.12 module_load.sh netlink_input.sh lnet_two_nodes.sh
phase "selftests in the VM (6.12)"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
