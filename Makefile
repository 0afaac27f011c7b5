# SPDX-License-Identifier: GPL-2.0
#
# lnetmr top-level Makefile.
#
#   make            build the kernel modules (W=1, warnings are errors),
#                   lnetmrctl and the selftest helpers
#   make deps       install what the build, demo and tests need (apt-get)
#   make demo       boot a VM and show lnetmr at work
#   make check      host unit tests, then every selftest inside the VM
#   make lint       sparse (C=2), checkpatch, shellcheck, spec/code agreement
#   make bench      benchmarks in the VM, printed as ratios to baselines
#   make fuzz       the netlink fuzzer in the VM for DURATION seconds (600)
#   make debug-kernel  build (once, cached) the VM's debug kernel: KASAN,
#                   lockdep, kmemleak, DEBUG_OBJECTS, UBSAN, KFENCE (about
#                   40 minutes here; not part of make deps or make check)
#   make check-debug   the selftests (or TESTS="a.sh b.sh") on that kernel
#   make install    modules into /lib/modules/KVER/updates/lnetmr (depmod),
#                   lnetmrctl into /usr/sbin, the man page; DESTDIR=/stage
#                   stages them instead; make uninstall takes them away
#   make dkms-install  the source into /usr/src/lnetmr-VERSION, built and
#                   installed by DKMS for every kernel with headers (and
#                   rebuilt by DKMS for each new one);
#                   make dkms-uninstall removes it for every kernel
#
# KVER=host|6.12|latest|FULL-VERSION picks the kernel to build the modules
# for (scripts/kernels.sh; default: the host's), in build/FULL-VERSION/ and
# with that kernel's own toolchain.  KDIR=/path builds in this tree against
# any kernel build tree instead.

KVER	?= host
W	?= 1

SPEC	:= Documentation/netlink/specs/lnetmr.yaml
GEN_OUT	:= uapi/linux/lnetmr.h drivers/lnetmr/nl_gen.c drivers/lnetmr/nl_gen.h \
	   tools/lnetmrctl/nl_names.c

all: modules tools selftests-helpers

modules:
ifdef KDIR
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=$(W) modules
else
	@kver=$$(scripts/kernels.sh resolve $(KVER)) && \
	scripts/kbuild.sh $$kver W=$(W) modules
endif

tools:
	$(MAKE) -C tools/lnetmrctl

selftests-helpers:
	$(MAKE) -C selftests helpers

deps:
	@scripts/deps.sh

gen:
	python3 scripts/nlspec-gen.py $(SPEC) --uapi uapi/linux/lnetmr.h \
		--kernel-c drivers/lnetmr/nl_gen.c --kernel-h drivers/lnetmr/nl_gen.h \
		--user-c tools/lnetmrctl/nl_names.c

# The committed generated files must match what the spec generates.
gen-check:
	@tmp=$$(mktemp -d) && \
	python3 scripts/nlspec-gen.py $(SPEC) --uapi $$tmp/lnetmr.h \
		--kernel-c $$tmp/nl_gen.c --kernel-h $$tmp/nl_gen.h \
		--user-c $$tmp/nl_names.c && \
	rc=0; for f in $(GEN_OUT); do \
		diff -u $$f $$tmp/$$(basename $$f) || rc=1; done; rm -rf $$tmp; \
	if [ $$rc != 0 ]; then echo "gen-check: generated files differ from $(SPEC); run make gen"; exit 1; fi; \
	echo "gen-check: generated files match the spec"

lint: gen-check
	scripts/lint.sh

unit:
	$(MAKE) -C tests/unit run

check: deps
	@scripts/check.sh

demo: deps
	@scripts/demo.sh

bench: deps
	@scripts/bench.sh

fuzz: deps
	@scripts/fuzz.sh

debug-kernel: deps
	@scripts/debug-kernel.sh build

check-debug: deps
	@TESTS="$(TESTS)" scripts/check-debug.sh

VERSION	 = $(shell sed -n 's/^\#define LNETMR_MODULE_VERSION "\(.*\)"/\1/p' drivers/lnetmr/version.h)
INSTALL_KOS := lnetmr.ko lnetmr_tcp.ko lnetmr_o2ib.ko
DKMS_SRC = $(DESTDIR)/usr/src/lnetmr-$(VERSION)

install: modules tools
	@kver=$$(scripts/kernels.sh resolve $(KVER)) && \
	moddir=$(DESTDIR)/lib/modules/$$kver/updates/lnetmr && \
	install -d $$moddir $(DESTDIR)/usr/sbin $(DESTDIR)/usr/share/man/man8 \
		$(DESTDIR)/lib/systemd/system $(DESTDIR)/usr/share/lnetmr && \
	for ko in $(INSTALL_KOS); do install -m 644 build/$$kver/$$ko $$moddir/; done && \
	install -m 755 tools/lnetmrctl/lnetmrctl $(DESTDIR)/usr/sbin/ && \
	install -m 644 Documentation/man/lnetmrctl.8 $(DESTDIR)/usr/share/man/man8/ && \
	install -m 644 etc/lnetmr.service $(DESTDIR)/lib/systemd/system/ && \
	install -m 644 etc/empty.conf $(DESTDIR)/usr/share/lnetmr/ && \
	if [ -z "$(DESTDIR)" ]; then depmod -a $$kver; fi && \
	echo "install: lnetmr $(VERSION) for $$kver into $${DESTDIR:-/}"

uninstall:
	@kver=$$(scripts/kernels.sh resolve $(KVER)) && \
	rm -rf $(DESTDIR)/lib/modules/$$kver/updates/lnetmr && \
	rm -f $(DESTDIR)/usr/sbin/lnetmrctl $(DESTDIR)/usr/share/man/man8/lnetmrctl.8 \
		$(DESTDIR)/lib/systemd/system/lnetmr.service && \
	rm -rf $(DESTDIR)/usr/share/lnetmr && \
	if [ -z "$(DESTDIR)" ]; then depmod -a $$kver; fi && \
	echo "uninstall: lnetmr for $$kver removed from $${DESTDIR:-/}"

dkms-install:
	@rm -rf $(DKMS_SRC) && install -d $(DKMS_SRC) && \
	git ls-files -z -co --exclude-standard Kbuild dkms.conf uapi lnet drivers samples | \
		xargs -0 cp --parents -t $(DKMS_SRC) && \
	dkms add lnetmr/$(VERSION) && \
	for b in /lib/modules/*/build; do \
		[ -d $$b ] || continue; k=$${b%/build}; k=$${k##*/}; \
		dkms install lnetmr/$(VERSION) -k $$k || exit 1; \
	done

dkms-uninstall:
	@if dkms status lnetmr/$(VERSION) | grep -q .; then \
		dkms remove lnetmr/$(VERSION) --all; fi; rm -rf $(DKMS_SRC)

clean:
	rm -rf build
	find lnet drivers \( -name "*.o" -o -name "*.ko" -o -name "*.mod" -o -name "*.mod.c" -o -name ".*.cmd" \) -delete
	rm -f modules.order Module.symvers
	$(MAKE) -C tools/lnetmrctl clean
	$(MAKE) -C selftests clean
	$(MAKE) -C tests/unit clean

.PHONY: all modules tools selftests-helpers deps gen gen-check lint unit check demo bench fuzz \
	debug-kernel check-debug clean \
	install uninstall dkms-install dkms-uninstall
