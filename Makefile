# phi-tools - plain GNU make.  `make`, `make check`, `make install`,
# `make demo`, `make bench`, `make fuzz`, `make dist`, `make clean`.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DATADIR  ?= $(PREFIX)/share/phi-tools
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
FISHFUNCDIR ?= $(PREFIX)/share/fish/vendor_functions.d

BUILD    ?= build
CC       ?= cc
PKG_CONFIG ?= pkg-config
OPT      ?= -O2 -g
SAN      ?=
# Link-time optimisation with gcc: the filters' hot path crosses modules
# (ndjson -> path, token -> hpke -> b64url); inlined it is 5-10% faster
# (bench/run.sh).  Fat objects keep ordinary code too, so plain ar and a
# link without -flto still work.  LTO= turns it off.
CC_IS_GCC := $(shell $(CC) -v 2>&1 | grep -q '^gcc version' && echo yes)
LTO      ?= $(if $(CC_IS_GCC),-flto=auto -ffat-lto-objects)

PROGS    = phi-keygen phi-encrypt phi-decrypt phi-classify phi-audit

# A build never installs anything: with a package missing it stops and
# names the command to run (`make deps`, as root, installs them all).
ifeq ($(filter clean dist uninstall deps,$(MAKECMDGOALS)),)
DEPS_OK := $(shell sh scripts/deps.sh --build >&2 && echo yes)
ifneq ($(DEPS_OK),yes)
$(error build dependencies missing (see the message above))
endif
endif

PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags libcrypto yajl)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs libcrypto yajl)

# common/ in layers, each including only its own and those below it
# (tests/layers.sh checks): base, json, crypto, classify, audit, run.
LAYERS   = base json crypto classify audit run
LAYER_INC = $(LAYERS:%=-Icommon/%)

WARN     = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla \
           -Wmissing-prototypes -Wstrict-prototypes
ALL_CFLAGS = -std=c11 $(OPT) $(LTO) $(WARN) $(SAN) -pthread -D_POSIX_C_SOURCE=200809L \
           -D_DEFAULT_SOURCE -DPHI_VERSION='"$(VERSION)"' \
           -DPHI_DATADIR='"$(DATADIR)"' $(LAYER_INC) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)
LIBS     = $(PKG_LIBS) -lm -pthread

COMMON_SRC := $(wildcard $(LAYERS:%=common/%/*.c))
COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/%.o)
LIBPHI   := $(BUILD)/libphi.a
BINS     := $(PROGS:%=$(BUILD)/bin/%)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
HELPER_SRC := $(wildcard tests/helpers/*.c)
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(BUILD)/tests/%)

all: $(BINS)

# Header dependencies come from the compiler (-MMD -MP: BUILD/**/*.d).
DEPFLAGS = -MMD -MP

# Everything is rebuilt when the flags change (a new PREFIX changes the
# compiled-in data directory): BUILD/cflags holds the last ones used.
CFLAGS_FILE := $(BUILD)/cflags
ifeq ($(filter clean dist uninstall deps,$(MAKECMDGOALS)),)
ifneq ($(file <$(CFLAGS_FILE)),$(ALL_CFLAGS))
$(shell mkdir -p $(BUILD))
$(file >$(CFLAGS_FILE),$(ALL_CFLAGS))
endif
endif

$(BUILD)/common/%.o: common/%.c $(CFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(OPT_$(notdir $*)) $(DEPFLAGS) -c -o $@ $<

# x25519.c and safegcd.c, the join tokens' field arithmetic, at -O3
# where the build optimises (not in the sanitizer builds' -O1): unrolled
# and vectorised it takes 7% less time a token's two X25519s
# (bench/run.sh, and x25519_comb_mul2 timed alone), and an inversion 2.0
# us against 2.1.
OPT_x25519 = $(if $(findstring -O2,$(OPT)),-O3)
OPT_safegcd = $(OPT_x25519)

$(LIBPHI): $(COMMON_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/%: cmd/%.c $(LIBPHI) $(CFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $< $(LIBPHI) $(ALL_LDFLAGS) $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIBPHI) $(CFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Itests/unit -o $@ $< $(LIBPHI) \
	    $(ALL_LDFLAGS) $(LIBS)

$(BUILD)/tests/%: tests/helpers/%.c $(LIBPHI) $(CFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $< $(LIBPHI) $(ALL_LDFLAGS) $(LIBS)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

tests-build: all $(UNIT_BIN) $(HELPER_BIN)

# check: the unit tests and the bats suites with a gcc build (a few
# minutes).  check-full (CI): that, then all again with a clang build
# under ASan + UBSan, lint and the fuzzers.  The last line of output is
# "N passed, N failed".
check:
	@sh scripts/deps.sh --test
	@sh tests/check.sh quick

check-full:
	@sh scripts/deps.sh --test
	@sh tests/check.sh full

# Install the Debian packages the build and the tests need (as root).
deps:
	@sh scripts/deps.sh --install

# One variant only (used by tests/check.sh).
check-one: tests-build
	@sh tests/run-suite.sh $(BUILD)

check-large: all $(BUILD)/tests/gen-events
	@sh tests/large.sh $(BUILD)

demo: all
	@sh share/examples/demo.sh $(BUILD)/bin

bench: all $(BUILD)/tests/gen-events
	@sh bench/run.sh $(BUILD)

fuzz:
	@sh tests/fuzz/run.sh $(or $(FUZZ_SECONDS),60)

lint:
	sh tests/lint.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(FISHFUNCDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 completions/fish-functions/*.fish $(DESTDIR)$(FISHFUNCDIR)
	for f in share/man/man1/*.1; do [ -f "$$f" ] && \
	    install -m 644 "$$f" $(DESTDIR)$(MANDIR)/man1 || true; done
	for f in share/man/man7/*.7; do [ -f "$$f" ] && \
	    install -m 644 "$$f" $(DESTDIR)$(MANDIR)/man7 || true; done
	install -d $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/examples \
	    $(DESTDIR)$(DATADIR)/names
	install -m 644 share/rules/* $(DESTDIR)$(DATADIR)/rules
	install -m 644 share/names/* $(DESTDIR)$(DATADIR)/names
	install -m 644 share/examples/* $(DESTDIR)$(DATADIR)/examples
	chmod 755 $(DESTDIR)$(DATADIR)/examples/*.sh
	for p in $(PROGS); do \
	    install -m 644 completions/phi-tools.bash \
	        $(DESTDIR)$(BASHCOMPDIR)/$$p; \
	    [ -f completions/_$$p ] && install -m 644 \
	        completions/_$$p $(DESTDIR)$(ZSHCOMPDIR)/_$$p; \
	    [ -f completions/$$p.fish ] && install -m 644 \
	        completions/$$p.fish $(DESTDIR)$(FISHCOMPDIR)/$$p.fish; \
	    true; done

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(BINDIR)/$$p \
	    $(DESTDIR)$(MANDIR)/man1/$$p.1 $(DESTDIR)$(BASHCOMPDIR)/$$p \
	    $(DESTDIR)$(ZSHCOMPDIR)/_$$p $(DESTDIR)$(FISHCOMPDIR)/$$p.fish; done
	rm -f $(DESTDIR)$(MANDIR)/man7/phi-tools.7 \
	    $(DESTDIR)$(FISHFUNCDIR)/__phi_tools_paths.fish
	rm -rf $(DESTDIR)$(DATADIR)

DISTDIR ?= .
dist:
	git archive --prefix=phi-tools-$(VERSION)/ \
	    -o $(DISTDIR)/phi-tools-$(VERSION).tar.gz HEAD

clean:
	rm -rf build build-san build-tsan phi-tools-*.tar.gz

.PHONY: all deps check check-full check-one check-large tests-build demo bench fuzz lint \
	install uninstall dist clean
