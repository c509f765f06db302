# folio - build, test, demo and benchmark.
#
#   make deps     install the Debian packages everything below needs
#   make          build ./folio
#   make check    run every test (SANITIZE=address,undefined for ASan/UBSan)
#   make demo     ingest archive/samples/ into archive/folio.db and show it
#   make bench    measure ingest and search beside a baseline

CC ?= cc
CFLAGS ?= -O2 -g
# The project's own flags, kept apart from CFLAGS so users can override those.
FOLIO_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
	-Wshadow -Wpointer-arith -Wstrict-prototypes -Wmissing-prototypes -MMD -MP
PKGS := sqlite3 libcmark yaml-0.1 libutf8proc nettle libzstd uchardet libxml-2.0 libqpdf zlib libmicrohttpd \
	harfbuzz harfbuzz-subset libjpeg libpng
# libharu and libhyphen ship no pkg-config file; ingest prepares inputs on
# POSIX threads.
LIBS_NO_PC := -lhpdf -lhyphen -lm -pthread
SANITIZE ?=

ifeq ($(SANITIZE),)
BUILD := build
else
BUILD := build/san
FOLIO_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
FOLIO_LDFLAGS += -fsanitize=$(SANITIZE)
endif

# Debian packages for building, testing, the demo and the benchmark.
DEB_PACKAGES := build-essential pkg-config clang libclang-rt-14-dev clang-tidy cppcheck valgrind libsqlite3-dev sqlite3 libcmark-dev \
	libyaml-dev libutf8proc-dev nettle-dev libzstd-dev libuchardet-dev libxml2-dev \
	libharfbuzz-dev libhpdf-dev libjpeg62-turbo-dev libpng-dev libhyphen-dev hyphen-en-us openssh-client python3 python3-fonttools qpdf poppler-utils zstd time \
	python3-pikepdf icc-profiles-free ghostscript libqpdf-dev zlib1g-dev libmicrohttpd-dev curl apache2-utils chromium chromium-driver python3-selenium \
	fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-dejavu-core \
	fonts-dejavu-extra fonts-hanazono fonts-noto-cjk fonts-noto-core debian-reference-zh-cn debian-faq-zh-cn

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(LIBS_NO_PC)

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c src/archive/*.c src/read/*.c src/layout/*.c src/cmd/*.c src/serve/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# The fuzz harnesses again, with a plain main() that replays files: make
# check runs them over the seeds and every input that once broke folio.
REPLAY_BIN := $(wildcard tests/fuzz/fuzz_*.c)
REPLAY_BIN := $(REPLAY_BIN:tests/fuzz/fuzz_%.c=$(BUILD)/tests/replay_%)

.PHONY: all deps fonts check demo bench fuzz lint clean print-libs

all: folio

ifeq ($(SANITIZE),)
folio: $(BUILD)/folio
	cp $< $@
endif

$(BUILD)/folio: $(MAIN_OBJ) $(BUILD)/libfolio.a
	$(CC) $(CFLAGS) $(FOLIO_LDFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

$(BUILD)/libfolio.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(FOLIO_CFLAGS) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libfolio.a
	@mkdir -p $(dir $@)
	$(CC) $(FOLIO_CFLAGS) $(PKG_CFLAGS) -Isrc $(CPPFLAGS) $(CFLAGS) $(FOLIO_LDFLAGS) $(LDFLAGS) \
		-o $@ $< $(BUILD)/libfolio.a $(PKG_LIBS) $(LDLIBS)

$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(wildcard tests/fuzz/*.h) $(BUILD)/libfolio.a
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Isrc $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) \
		$(FOLIO_LDFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libfolio.a $(PKG_LIBS) $(LDLIBS)

# The libraries a program linking build/libfolio.a needs (bench/run's tools).
print-libs:
	@echo $(PKG_LIBS) $(LDLIBS)

# Installs only what is missing; does nothing when everything is present.
deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@$(MAKE) --no-print-directory fonts

# Fonts prepared for libharu (composite glyphs decomposed): see fonts/README.md.
# prepare.py redoes only what changed (0.04 s when nothing did).  Debian's
# fontTools is for /usr/bin/python3, which may not be the python3 on PATH.
fonts:
	@/usr/bin/python3 fonts/prepare.py fonts/roles fonts/prepared

check: deps
	$(MAKE) --no-print-directory $(BUILD)/folio $(UNIT_BIN) $(REPLAY_BIN)
	@BUILD=$(BUILD) FOLIO=$(CURDIR)/$(BUILD)/folio tests/run

demo: deps
	$(MAKE) --no-print-directory folio
	@sh archive/demo.sh

bench: deps
	$(MAKE) --no-print-directory folio
	@bench/run

# Static analysis: cppcheck and clang-tidy (.clang-tidy) over src/; any
# finding fails.  Suppressions are written, with their reason, in place.
lint:
	cppcheck --enable=warning,performance,portability --inline-suppr --quiet \
		--error-exitcode=1 --std=c11 -Isrc src
	clang-tidy --quiet --warnings-as-errors='*' $(LIB_SRC) src/main.c -- -std=c11 \
		-D_POSIX_C_SOURCE=200809L -Isrc $(PKG_CFLAGS)

# Fuzzing: libFuzzer harnesses (tests/fuzz/fuzz_*.c) built with clang
# against a clang build of the library, each run for FUZZ_SECONDS on its
# corpus (tests/fuzz/corpus/NAME, seeded from tests/ and ../shared/data).
# Crashes are written to build/fuzz/crashes/NAME/.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_OBJ := $(LIB_SRC:%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra $(PKG_CFLAGS) $(FUZZ_FLAGS) -c -o $@ $<

build/fuzz/libfolio.a: $(FUZZ_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(wildcard tests/fuzz/*.h) build/fuzz/libfolio.a
	$(FUZZ_CC) -std=c11 -D_POSIX_C_SOURCE=200809L -Isrc $(PKG_CFLAGS) -g -O1 \
		-fsanitize=fuzzer,address,undefined -o $@ $< build/fuzz/libfolio.a $(PKG_LIBS)

fuzz: deps
	$(MAKE) --no-print-directory $(FUZZ_BIN)
	@tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_BIN)

clean:
	rm -rf build folio fonts/prepared

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)
