#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make lint: sparse (C=2) and W=1 over the kernel code against every kernel
# of the matrix (host, 6.12, latest; LINT_KERNELS overrides), checkpatch over
# the C sources, the netlink spec against the kernel's genetlink-legacy
# schema, shellcheck over the scripts.  Fails on any report.
set -u
cd "$(dirname "$0")/.." || exit 1
rc=0

kernels=()
for name in ${LINT_KERNELS:-host 6.12 latest}; do
	k=$(scripts/kernels.sh resolve "$name") || { rc=1; continue; }
	[[ " ${kernels[*]} " == *" $k "* ]] || kernels+=("$k")
done
for k in "${kernels[@]}"; do
	echo "lint: sparse (C=2) and W=1 against $k"
	# a full rebuild, so that every file is checked
	rm -rf "build/$k"
	out=$(scripts/kbuild.sh "$k" W=1 C=2 CHECK="$(scripts/kernels.sh sparse "$k") -Wno-unknown-attribute" \
		modules 2>&1 | grep -v -e '^make' -e 'Skipping BTF generation' -e '^  [A-Z]')
	if [ -n "$out" ]; then
		echo "$out"
		rc=1
	fi
done

# Debian ships checkpatch.pl only inside the kernel source package: take it
# (with its spelling and const-struct lists) from there once and cache it.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/lnetmr/checkpatch
checkpatch=$cache/linux-source-6.1/scripts/checkpatch.pl
if [ ! -f "$checkpatch" ]; then
	mkdir -p "$cache"
	(cd "$cache" && apt-get download -qq linux-source-6.1 2>/dev/null &&
		dpkg-deb --fsys-tarfile linux-source-6.1_*.deb |
		tar -xO ./usr/src/linux-source-6.1.tar.xz |
		tar -xJ --wildcards 'linux-source-6.1/scripts/checkpatch.pl' \
			'linux-source-6.1/scripts/spelling.txt' \
			'linux-source-6.1/scripts/const_structs.checkpatch' &&
		rm -f linux-source-6.1_*.deb)
fi
if [ -f "$checkpatch" ]; then
	echo "lint: checkpatch"
	cp_args=(--no-tree --quiet --show-types --strict
		 --ignore "SPDX_LICENSE_TAG,FILE_PATH_CHANGES,CONST_STRUCT")
	# generated files are exempt; lnet/compat.h is exempt from the checks
	# on its user-space half, which spells out C99 types by design; the
	# trace header from those on the layout every TRACE_EVENT in the
	# kernel has (TP_STRUCT__entry( on a line of its own)
	for f in $(git ls-files 'drivers/*.[ch]' 'lnet/*.[ch]' 'samples/*.[ch]' |
		   grep -v -e nl_gen -e compat.h -e lnetmr_trace.h); do
		perl "$checkpatch" "${cp_args[@]}" -f "$f" || rc=1
	done
	perl "$checkpatch" "${cp_args[@]}" \
		--ignore "PREFER_KERNEL_TYPES,PREFER_DEFINED_ATTRIBUTE_MACRO,CAMELCASE" \
		-f lnet/compat.h || rc=1
	perl "$checkpatch" "${cp_args[@]}" --ignore "OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT" \
		-f lnet/lnetmr_trace.h || rc=1
else
	echo "lint: checkpatch.pl not found, skipped"
fi

# the netlink spec against the kernel's own schema, as YNL checks it
echo "lint: netlink spec against genetlink-legacy.yaml"
if ynl=$(scripts/ynl-fetch.sh); then
	python3 - "$ynl/Documentation/netlink/genetlink-legacy.yaml" \
		Documentation/netlink/specs/lnetmr.yaml <<'PY' || rc=1
import sys
import jsonschema
import yaml

schema, spec = (yaml.safe_load(open(p)) for p in sys.argv[1:])
errors = list(jsonschema.Draft7Validator(schema).iter_errors(spec))
for e in errors:
    print("%s: %s: %s" % (sys.argv[2], "/".join(map(str, e.path)) or "top", e.message))
sys.exit(1 if errors else 0)
PY
else
	echo "lint: no linux-source-6.12 for the schema"
	rc=1
fi

echo "lint: shellcheck"
if ! shellcheck -x -S warning selftests/*.sh selftests/vmrun selftests/vm-init \
	scripts/*.sh tests/*.sh .ci/run; then
	rc=1
fi
[ $rc = 0 ] && echo "lint: clean"
exit $rc
