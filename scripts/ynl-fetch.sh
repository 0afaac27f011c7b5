#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's YNL library (tools/net/ynl) and its netlink schemas
# (Documentation/netlink/*.yaml), taken once from Debian's linux-source-6.12
# and cached: lint checks the spec against the schema, selftests/ynl.sh
# drives the family with the library.  Prints the cache directory.
set -eu
cache=${XDG_CACHE_HOME:-$HOME/.cache}/lnetmr/ynl
src=$cache/linux-source-6.12
if [ ! -f "$src/tools/net/ynl/cli.py" ] || [ ! -f "$src/Documentation/netlink/genetlink-legacy.yaml" ]; then
	mkdir -p "$cache"
	rm -rf "$src"
	(cd "$cache" && rm -f linux-source-6.12_*.deb &&
		apt-get download -qq linux-source-6.12 2>/dev/null &&
		dpkg-deb --fsys-tarfile linux-source-6.12_*.deb |
		tar -xO ./usr/src/linux-source-6.12.tar.xz |
		tar -xJ --wildcards 'linux-source-6.12/tools/net/ynl/*' \
			'linux-source-6.12/Documentation/netlink/*.yaml' &&
		rm -f linux-source-6.12_*.deb) >&2
fi
echo "$src"
