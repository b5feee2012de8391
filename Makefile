# rt: automated retraining for betting strategies.  See README.md.
include config.mk

# Where objects and binaries go.  `make sanitize` builds a second tree
# (BUILD=build/san BINDIR=build/san/bin) and runs the tests against it.
BUILD  = build
BINDIR = bin

LIB_SRC   = $(sort $(wildcard lib/*.c lib/*/*.c))
LIB_OBJ   = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/rt_migrations.o
SQL       = $(sort $(wildcard sql/[0-9]*.sql))
LIB       = $(BUILD)/librt.a
PROG_SRC  = $(sort $(wildcard bin/rt-*.c))
PROGS     = $(PROG_SRC:bin/%.c=%)
PROG_BIN  = $(PROGS:%=$(BINDIR)/%)
SCRIPTS   = $(wildcard bin/rt bin/rt-db bin/rt-deps)
UNIT_SRC  = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
FUZZ_SRC  = $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BIN  = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/fuzz/%)
# The fuzz harnesses' main(): the corpus replay (tests/fuzz/driver.c) in
# normal builds; `make fuzz` empties it and links libFuzzer's instead.
FUZZ_MAIN = $(BUILD)/tests/fuzz/driver.o
BENCH_BIN = $(BUILD)/tests/bench/bench-reader $(BUILD)/tests/bench/bench-bo $(BUILD)/tests/bench/detect-quality $(BUILD)/tests/bench/rollout-quality \
	$(BUILD)/tests/bench/market-quality
MANPAGES  = $(sort $(wildcard docs/man/*.1))

ALL_CFLAGS = $(RT_CFLAGS) $(EXTRA_CFLAGS) $(if $(DEVELOPER),-Werror) $(CFLAGS)
ALL_CPPFLAGS = $(RT_CPPFLAGS) $(CPPFLAGS)
ALL_LDFLAGS = $(EXTRA_LDFLAGS) $(LDFLAGS)

all: $(PROG_BIN) $(UNIT_BIN) $(BENCH_BIN) $(FUZZ_BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The migrations are compiled in: an installed rt-store needs no sql/ folder.
$(BUILD)/gen/rt_migrations.c: $(SQL) lib/gen-sql.awk
	@mkdir -p $(@D)
	awk -f lib/gen-sql.awk $(SQL) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/rt_migrations.o: $(BUILD)/gen/rt_migrations.c
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BINDIR)/rt-%: $(BUILD)/bin/rt-%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(RT_LDLIBS) $(LDLIBS)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(RT_LDLIBS) $(LDLIBS)

$(BUILD)/tests/bench/%: $(BUILD)/tests/bench/%.o $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(RT_LDLIBS) $(LDLIBS)

$(BUILD)/tests/fuzz/%: $(BUILD)/tests/fuzz/%.o $(FUZZ_MAIN) $(LIB)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(FUZZ_MAIN) $(LIB) $(RT_LDLIBS) $(LDLIBS)

-include $(LIB_OBJ:.o=.d) $(PROG_SRC:%.c=$(BUILD)/%.d) $(UNIT_SRC:%.c=$(BUILD)/%.d) \
	$(FUZZ_SRC:%.c=$(BUILD)/%.d)

# Installs what is missing (apt-get as root; otherwise says what to install).
deps:
	@bin/rt-deps

check: deps
	@$(MAKE) --no-print-directory all DEVELOPER=$(DEVELOPER)
	@tests/run

# The whole test suite again under AddressSanitizer and UBSan, on a
# separate build tree so that the normal binaries stay as they are.
SAN_FLAGS = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
sanitize: deps
	@$(MAKE) --no-print-directory all BUILD=build/san BINDIR=build/san/bin \
		EXTRA_CFLAGS="$(SAN_FLAGS)" EXTRA_LDFLAGS="$(SAN_FLAGS)" DEVELOPER=$(DEVELOPER)
	@RT_SANITIZE=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		RT_BINDIR=$(CURDIR)/build/san/bin RT_UNITDIR=$(CURDIR)/build/san/tests/unit tests/run

# libFuzzer (clang) under ASan and UBSan, each harness for FUZZ_SECONDS
# (default 600), two at a time; what it finds is in build/fuzz/findings/,
# the figures in build/fuzz/report.txt (docs/reliability.md "Fuzzing").
FUZZ_SECONDS = 600
FUZZ_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz: deps
	@bin/rt-deps --fuzz
	@$(MAKE) --no-print-directory $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/tests/fuzz/%) \
		BUILD=build/fuzz CC=clang FUZZ_MAIN= \
		EXTRA_CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -DRT_READ_CHUNK=64 -DRT_ARENA_MIN_CHUNK=256" \
		EXTRA_LDFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer"
	@tests/fuzz/run build/fuzz $(FUZZ_SECONDS)

bench: all
	@bin/rt-deps --bench
	@tests/bench/run

lint: deps
	tests/lint-sql $(LIB_SRC) $(PROG_SRC)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 --inline-suppr -Ilib $(LIB_SRC) $(PROG_SRC)
	shellcheck -x $(SCRIPTS) pipelines/* tests/run tests/bench/run tests/bench/validate-quality tests/lib/*.bash tests/lib/fake-ssh tests/kill-trials tests/soak tests/fuzz/run tests/bad-input/generate tests/*.bats .ci/run

demo: deps all
	@pipelines/demo

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(PREFIX)/share/rt/sql \
		$(DESTDIR)$(PREFIX)/share/rt/pipelines
	cp -f $(PROG_BIN) $(SCRIPTS) $(DESTDIR)$(PREFIX)/bin/
	cp -f sql/*.sql $(DESTDIR)$(PREFIX)/share/rt/sql/
	cp -f pipelines/* $(DESTDIR)$(PREFIX)/share/rt/pipelines/
	cp -f $(MANPAGES) $(DESTDIR)$(MANPREFIX)/man1/

uninstall:
	cd $(DESTDIR)$(PREFIX)/bin && rm -f $(PROGS) $(SCRIPTS:bin/%=%)
	rm -rf $(DESTDIR)$(PREFIX)/share/rt
	cd $(DESTDIR)$(MANPREFIX)/man1 && rm -f $(MANPAGES:docs/man/%=%)

clean:
	rm -rf $(BUILD) $(PROG_BIN)

.PHONY: all deps check sanitize fuzz bench lint demo install uninstall clean
