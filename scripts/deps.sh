#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, idempotently, everything lnetmr's build, demo and tests need on a
# Debian 12 machine: Debian packages, then the kernels of the test matrix
# (scripts/kernels.sh prepare).  Does nothing (and needs no network) when
# all is there.
set -eu

pkgs=(
	# build: modules against the Debian kernel, the CLI, the generator
	build-essential linux-image-amd64 linux-headers-amd64 pkg-config
	libnl-3-dev libnl-genl-3-dev python3 python3-yaml git
	# the kernel's YNL library checks the netlink spec against its schema
	python3-jsonschema
	# the build root of the newer kernels (scripts/kernels.sh)
	debootstrap
	# lint
	sparse shellcheck
	# the VM and what runs inside it
	qemu-system-x86 busybox-static cpio kmod iproute2 procps util-linux
	ethtool jq socat iperf3 rdma-core ibverbs-utils
	# RDMA rails in the VM: Soft-RoCE's provider, rping, perftest, and
	# what the scripted stock o2iblnd peer is built with
	ibverbs-providers rdmacm-utils perftest libibverbs-dev librdmacm-dev
	# make bench: MPTCP for iperf3, and the plot (drawn on the host)
	mptcpize gnuplot-nox
	# lnet_trace.sh: the trace events read by a tracing tool
	trace-cmd
	# tests/install_check.sh (make check): a real DKMS build for the host
	# kernel, and systemd-analyze for lnetmr.service
	dkms systemd
)

missing=()
for p in "${pkgs[@]}"; do
	[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] ||
		missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages present"
else
	echo "deps: installing ${missing[*]}"
	if [ "$(id -u)" != 0 ]; then
		echo "deps: need root to install packages" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
"$(dirname "$0")/kernels.sh" prepare
ynl=$("$(dirname "$0")/ynl-fetch.sh")
echo "deps: YNL in $ynl"
echo "deps: kernels: $("$(dirname "$0")/kernels.sh" list | tr '\n' ' ')"
