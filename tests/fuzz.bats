#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $output, $stderr and $lines
# The regression run of the fuzz corpus: every input the fuzzers kept
# (tests/fuzz/corpus/NAME, with the ones that once crashed, named
# regress-*) through its harness, linked with tests/fuzz/driver.c instead
# of libFuzzer.  Under `make sanitize` the harnesses are built with ASan
# and UBSan, so a report fails the test.  `make fuzz` does the long runs
# (docs/reliability.md "Fuzzing").

setup() {
	load lib/helpers
	FUZZDIR=${RT_UNITDIR:-$RT_TOP/build/tests/unit}/../fuzz
	CORPUS=$RT_TOP/tests/fuzz/corpus
}

replay() {
	local name=$1 n
	[ -x "$FUZZDIR/fuzz-$name" ] || fail "fuzz-$name is not built ($FUZZDIR): run make"
	n=$(find "$CORPUS/$name" -type f | wc -l)
	[ "$n" -gt 0 ] || fail "no saved corpus for $name"
	run --separate-stderr "$FUZZDIR/fuzz-$name" "$CORPUS/$name"
	assert_success
	# one line per input, and the plan at the end: every input ran to its end
	[ "$(grep -c '^ok ' <<<"$output")" -eq "$n" ]
	[ "${lines[-1]}" = "1..$n" ]
}

@test "fuzz corpus: the NDJSON reader" { replay ndjson; }
@test "fuzz corpus: the record decoders and the backtest on them" { replay decode; }
@test "fuzz corpus: the cron parser" { replay cron; }
@test "fuzz corpus: the SBRO importer (a game it writes is one rt takes)" { replay sbro; }
@test "fuzz corpus: rt-optimize's trial history reader and the proposer" { replay trials; }

@test "fuzz harnesses find what they are for: an invalid pitcher name from SBRO" {
	# the input fuzz-sbro found; with the check in lib/rt_sbro.c taken out
	# the harness aborts on it (checked by hand, docs/reliability.md)
	[ -f "$CORPUS/sbro/regress-pitcher-invalid-utf8" ]
	run --separate-stderr "$FUZZDIR/fuzz-sbro" "$CORPUS/sbro/regress-pitcher-invalid-utf8"
	assert_success
	[[ $stderr == *"pitcher is not valid UTF-8"* ]]
}
