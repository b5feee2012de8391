#!/usr/bin/env bats
# shellcheck disable=SC2154 # $output and $stderr are set by bats' run
# Output that cannot be written (a full disk, a closed stdout) is exit 74
# with a message, never a silent truncation; a program started with a
# closed standard stream does not write its records into whatever file it
# opens next (its database connection).

setup_file() {
	load lib/helpers
	db_fresh_file
}

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	rt-sim --seed 1 --from 2019-04-01 --to 2019-04-10 --teams 8 >"$tmp/games"
	rt-backtest --strategy line_movement --now 2019-05-01 "$tmp/games" >"$tmp/bets"
	[ -s "$tmp/bets" ]
}

# PROG ARGS... with stdout on a full disk, then closed: 74 and a message each time
full_and_closed() {
	# (bats' run keeps stdout for itself: the redirections go inside)
	run --separate-stderr bash -c 'exec "$@" </dev/null >/dev/full' _ "$@"
	[ "$status" -eq 74 ] || { echo "$* >/dev/full: exit $status: $stderr"; return 1; }
	[[ $stderr == *"writing standard output failed"* ]]
	run --separate-stderr bash -c 'exec "$@" </dev/null >&-' _ "$@"
	[ "$status" -eq 74 ] || { echo "$* >&-: exit $status: $stderr"; return 1; }
}

@test "every program: a full disk or a closed stdout is exit 74 with a message" {
	full_and_closed rt-sim --seed 1 --from 2019-04-01 --to 2019-04-02 --teams 4
	full_and_closed rt-sim --report "$tmp/games"
	full_and_closed rt-backtest --strategy line_movement --now 2019-05-01 "$tmp/games"
	full_and_closed rt-backtest --list-parameters sharp_action
	full_and_closed rt-metrics --now 2019-05-01 "$tmp/bets"
	full_and_closed rt-detect --print-config
	full_and_closed rt-optimize --list-parameters consensus
	full_and_closed rt-import sbro "$RT_TOP/tests/fixtures/rt-import/tidy.csv"
}

@test "rt-store: a closed stdout is 74, and nothing is sent into the connection" {
	db_need
	rt-store import "$tmp/games" "$tmp/bets"
	echo '{"kind":"model","strategy":"line_movement","version":"line_movement@default","params":{},"status":"candidate","created":"2019-03-27T00:00:00Z"}' |
		rt-store import
	rt-rollout promote --store --strategy line_movement --candidate line_movement@default \
		--reason first --now 2019-03-27T12:00:00Z >/dev/null
	before=$(db_digest)
	full_and_closed rt-store export game
	full_and_closed rt-store export model game bet
	full_and_closed rt-rollout status --store
	[ "$(db_digest)" = "$before" ]
	# a closed stdin reads as empty input: nothing imported, exit 0
	run bash -c 'exec rt-store import <&-'
	assert_success
	[ "$(db_digest)" = "$before" ]
}

# A database with the games and a production version for the pipelines.
pipeline_db() {
	rt-store import "$tmp/games"
	echo '{"kind":"model","strategy":"line_movement","version":"line_movement@default","params":{},"status":"candidate","created":"2019-03-27T00:00:00Z"}' |
		rt-store import
	rt-rollout promote --store --strategy line_movement --candidate line_movement@default \
		--reason first --now 2019-03-27T12:00:00Z >/dev/null
	export RT_LOG_DIR=$tmp/logs
}

@test "pipelines: a closed or full stdout is 74 with a message" {
	db_need
	pipeline_db
	# something to say: a manual trigger, for which daily enqueues a job
	# and says so (the story is what fails to go out)
	rt-detect --manual --strategy line_movement --reason r --severity high \
		--now 2019-04-08T05:00:00Z | rt-store import
	for out in '>&-' '>/dev/full'; do
		run --separate-stderr bash -c "exec \"\$@\" $out" _ "$RT_TOP/pipelines/daily" \
			--now 2019-04-08T06:00:00Z --settle-days 5 --market-days 0 --prom "$tmp/rt.prom"
		[ "$status" -eq 74 ] || { echo "daily $out: exit $status: $stderr"; false; }
		[[ $stderr == *"writing standard output failed"* ]]
		# the job went in before the line about it failed to go out
		[ "$(sql "SELECT count(*) FROM jobs")" -eq 1 ]
		sql "DELETE FROM jobs" >/dev/null
	done
}

@test "pipelines: a scratch folder on a full disk is 74 with a message; with room the rerun completes" {
	db_need
	# a real full file system: a 64 kB tmpfs (needs root and mount(2))
	mkdir -p "$tmp/small"
	if ! mount -t tmpfs -o size=64k rt-test-full "$tmp/small" 2>/dev/null; then
		skip "cannot mount a small tmpfs here (not root, or no CAP_SYS_ADMIN): the full-disk test is skipped"
	fi
	pipeline_db
	run --separate-stderr env TMPDIR="$tmp/small" "$RT_TOP/pipelines/daily" \
		--now 2019-04-08T06:00:00Z --settle-days 5 --market-days 0 --prom "$tmp/rt.prom"
	umount "$tmp/small"
	[ "$status" -eq 74 ] || { echo "exit $status: $stderr"; false; }
	[[ $stderr == *"no space left on the file system of $tmp/small"* ]]
	[ ! -e "$tmp/rt.prom" ]
	run --separate-stderr "$RT_TOP/pipelines/daily" \
		--now 2019-04-08T06:00:00Z --settle-days 5 --market-days 0 --prom "$tmp/rt.prom"
	assert_success
	[ -s "$tmp/rt.prom" ]
	[ "$(sql "SELECT count(*) > 0 FROM bets")" = t ]
	# and a rerun changes nothing: the first run left nothing half-done
	before=$(db_digest)
	run --separate-stderr "$RT_TOP/pipelines/daily" \
		--now 2019-04-08T06:00:00Z --settle-days 5 --market-days 0 --prom "$tmp/rt.prom"
	assert_success
	[ "$(db_digest)" = "$before" ]
}
