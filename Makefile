# areavasta - top-level build.  GNU make + pkg-config; see docs/internals/build.md.
#
#   make            release binary build/areavasta and the web UI (web/dist)
#   make demo       install deps, build, create var/demo.db, serve on :8080
#   make check      install deps, build, run every test (unit, fuzz replay,
#                   HTTP end-to-end, browser); non-zero on any failure
#   make asan       sanitizer build build/asan/areavasta (tests use it)
#   make unit | e2e | browser | fuzz-replay | lint   single test layers
#   make fuzz       libFuzzer targets with clang (not part of check)

CC      ?= gcc
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium gmp zlib libmagic \
           xlsxwriter
# libcurl: the notifications' SMTP client (src/modules/notifiche).
PKGS    += libcurl
# raptor2: the catalogue's DCAT-AP_IT RDF (src/modules/dati/dcat*.c).
PKGS    += raptor2
# libpcre2-8: Table Schema pattern constraints (modules/dati/tableschema).
PKGS    += libpcre2-8
# libcrypto: RS256 for PDND and ANAC (src/modules/pcp/jose.c), and the
# digital signatures (OpenSSL CMS, modules/firma).
PKGS    += libcrypto
# libxml2: the eForms notices (modules/pcp/eforms.c) and the signatures'
# trusted list (modules/firma).
PKGS    += libxml-2.0
# lasso (with xmlsec1 and libxml2): the SPID/CIE SAML2 Service Provider
# (src/identity/saml*.c, docs/spid-cie.md).
PKGS    += lasso xmlsec1-openssl glib-2.0 gobject-2.0
# libzip: the container of the campaigns' .xlsx answers
# (modules/dati/xlsx_read.c; its XML parts read with libxml2).
PKGS    += libzip
# libfreexl: the campaigns' answers in the old .xls (modules/dati/xls_read.c).
PKGS    += freexl
# libgsf: the .xls compound file read before FreeXL, to bound what its
# sheets claim (modules/dati/xls_bound.c).
PKGS    += libgsf-1
WARN    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wold-style-definition -Wvla -Wwrite-strings \
           -Wpointer-arith -Wundef -Wimplicit-fallthrough -fno-common
# Route tables are positional initialisers; fields appended to struct route
# (upload, scope, body, ...) are NULL/0 for the routes that do not name them.
WARN    += -Wno-missing-field-initializers
INC     := -Isrc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm \
              -lgfshare
# libharu (no .pc file in Debian): the minutes' PDF (modules/sua/verbale_pdf.c).
PKG_LIBS   += -lhpdf

REL_CFLAGS  := $(WARN) $(INC) $(PKG_CFLAGS) -O2 -g -D_FORTIFY_SOURCE=2 \
               -fstack-protector-strong -fPIE -MMD -MP
REL_LDFLAGS := -pie -Wl,-z,relro,-z,now
ASAN_FLAGS  := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=all
ASAN_CFLAGS := $(WARN) $(INC) $(PKG_CFLAGS) $(ASAN_FLAGS) -MMD -MP

SRC      := $(shell find src -name '*.c' | sort)
LIB_SRC  := $(filter-out src/main.c,$(SRC))
UNIT_SRC := $(shell find tests/unit -name '*_test.c' 2>/dev/null | sort)
FUZZ_SRC := $(filter-out fuzz/replay.c,$(wildcard fuzz/*_fuzz.c))

DIALECTS   := sqlite postgres
MIGRATIONS := $(sort $(wildcard src/db/migrations/*/*.sql))
GEN_SRC    := $(DIALECTS:%=build/gen/migrations_%.c)

REL_OBJ  := $(LIB_SRC:%.c=build/rel/%.o) $(DIALECTS:%=build/rel/gen/migrations_%.o)
ASAN_OBJ := $(LIB_SRC:%.c=build/asan/%.o) $(DIALECTS:%=build/asan/gen/migrations_%.o)
UNIT_BIN := $(UNIT_SRC:%.c=build/asan/%)
FUZZ_BIN := $(FUZZ_SRC:fuzz/%.c=build/asan/fuzz/%)

# `make V=1` shows the full commands.
Q := $(if $(V),,@)

.PHONY: all demo check deps asan unit e2e browser fuzz-replay fuzz lint web \
        clean bench print-cflags print-libs
all: build/areavasta web

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	$(Q)$(CC) $(REL_CFLAGS) -c $< -o $@

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC asan $<'
	$(Q)$(CC) $(ASAN_CFLAGS) -c $< -o $@

# The migration list is regenerated whenever a .sql file is added or changed
# (the script only rewrites the file when its content changes).
$(GEN_SRC): build/gen/migrations_%.c: $(MIGRATIONS) scripts/embed-migrations.sh FORCE
	@mkdir -p build/gen
	@scripts/embed-migrations.sh $* $@

build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	$(Q)$(CC) $(REL_CFLAGS) -c $< -o $@

build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo '  CC asan $<'
	$(Q)$(CC) $(ASAN_CFLAGS) -c $< -o $@

FORCE:

# Generated sources stay after the build (make would delete intermediates).
.PRECIOUS: build/gen/%.c

build/rel/libav.a: $(REL_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

build/asan/libav.a: $(ASAN_OBJ)
	@rm -f $@
	$(Q)ar rcs $@ $^

build/areavasta: build/rel/src/main.o build/rel/libav.a
	@echo '  LINK    $@'
	$(Q)$(CC) $(REL_CFLAGS) $(REL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/asan/areavasta: build/asan/src/main.o build/asan/libav.a
	@echo '  LINK    $@'
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $^ $(PKG_LIBS)

asan: build/asan/areavasta

# One criterion binary per test file, linked against the sanitizer library.
build/asan/tests/unit/%: tests/unit/%.c build/asan/libav.a
	@mkdir -p $(dir $@)
	@echo '  TEST    $@'
	$(Q)$(CC) $(ASAN_CFLAGS) -Itests -o $@ $< build/asan/libav.a $(PKG_LIBS) \
		-lcriterion

# Fuzz targets built with gcc + replay.c main: they replay the committed
# corpus in every `make check`.
build/asan/fuzz/%: fuzz/%.c fuzz/replay.c build/asan/libav.a
	@mkdir -p $(dir $@)
	@echo '  FUZZ    $@'
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $< fuzz/replay.c build/asan/libav.a \
		$(PKG_LIBS)

unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

fuzz-replay: $(FUZZ_BIN)
	@scripts/run-fuzz-replay.sh $(FUZZ_BIN)

# `make fuzz`: the same targets built with clang's libFuzzer, from their own
# objects (build/fuzzer: the library instrumented with fuzzer-no-link, the
# target linked with -fsanitize=fuzzer), so the flags and libraries are the
# ones above and cannot drift from the real build.
FZ_CC     := clang
FZ_CFLAGS := $(WARN) $(INC) $(PKG_CFLAGS) -O1 -g -fno-omit-frame-pointer \
             -fsanitize=fuzzer-no-link,address,undefined
FZ_OBJ    := $(LIB_SRC:%.c=build/fuzzer/%.o) \
             $(DIALECTS:%=build/fuzzer/gen/migrations_%.o)
FZ_BIN    := $(FUZZ_SRC:fuzz/%.c=build/fuzzer/fuzz/%)

build/fuzzer/%.o: %.c
	@mkdir -p $(dir $@)
	@echo '  CC fuzz $<'
	$(Q)$(FZ_CC) $(FZ_CFLAGS) -c $< -o $@

build/fuzzer/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo '  CC fuzz $<'
	$(Q)$(FZ_CC) $(FZ_CFLAGS) -c $< -o $@

build/fuzzer/libav.a: $(FZ_OBJ)
	@echo '  AR      $@'
	$(Q)rm -f $@ && ar rcs $@ $^

build/fuzzer/fuzz/%: fuzz/%.c build/fuzzer/libav.a
	@mkdir -p $(dir $@)
	@echo '  FUZZ    $@'
	$(Q)$(FZ_CC) $(FZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		build/fuzzer/libav.a $(PKG_LIBS)

fuzz: $(FZ_BIN)
	@scripts/run-libfuzzer.sh $(FZ_BIN)

web:
	@scripts/build-web.sh

e2e: build/asan/areavasta web
	@scripts/run-e2e.sh

browser: build/areavasta web
	@scripts/run-browser.sh

lint: build/areavasta
	@scripts/check-format.sh
	@scripts/check-banned.sh
	@scripts/check-docs.sh
	@scripts/check-layers.sh
	@scripts/check-migrations.sh
	@scripts/check-generated.sh

deps:
	@scripts/install-deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

check: deps
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory all asan
	@scripts/run-all-tests.sh

bench: build/areavasta web
	@bench/http.sh
	@bench/bids.sh
	@bench/bids-crash.sh
	@bench/ingest.sh
	@bench/search.sh

# The compile and link flags of anything built on libav.a (bench/europa.sh),
# so a library added here is never missing there.
print-cflags:
	@echo $(PKG_CFLAGS)
print-libs:
	@echo $(PKG_LIBS)

clean:
	rm -rf build web/dist

-include $(shell find build -name '*.d' 2>/dev/null)
