#!/usr/bin/env bats
# shellcheck disable=SC2154,SC2016 # $output and $stderr are set by bats' run; the source command is expanded by daily
# PostgreSQL stopped in the middle of a pipeline: the run ends with 69
# (or 75) and a clear message; after a restart the next run completes and
# nothing is lost or doubled.  The file runs a cluster of its own (rt-db,
# in a temporary RT_HOME), since it stops it.

setup_file() {
	load lib/helpers
	if [ "${RT_TEST_DB_OK:-0}" != 1 ]; then
		return 0
	fi
	FAULT_HOME=$(mktemp -d /tmp/rt-faults.XXXXXX)
	chmod 755 "$FAULT_HOME"
	export FAULT_HOME
	RT_HOME=$FAULT_HOME RT_DB_FSYNC=off rt-db start >/dev/null
}

teardown_file() {
	if [ -n "${FAULT_HOME:-}" ]; then
		RT_HOME=$FAULT_HOME rt-db stop >/dev/null 2>&1 || true
		rm -rf "$FAULT_HOME"
	fi
}

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	[ -n "${FAULT_HOME:-}" ] || skip "no test PostgreSQL cluster (run the tests with tests/run)"
	export RT_HOME=$FAULT_HOME RT_LOG_DIR=$tmp/logs RT_HEARTBEAT_SECONDS=1
	RT_HOME=$FAULT_HOME rt-db start >/dev/null
	local name="f_${BATS_TEST_NUMBER}_$$"
	createdb -h "$FAULT_HOME/run" -U rt "$name"
	export RT_DATABASE_URL="postgresql:///$name?host=$FAULT_HOME/run&user=rt"
	psql -X -q -v ON_ERROR_STOP=1 "$RT_DATABASE_URL" -f "$RT_TOP/sql/roles.sql" >/dev/null
	rt-store init
	echo '{"kind":"model","strategy":"line_movement","version":"line_movement@default","params":{},"status":"candidate","created":"2019-03-27T00:00:00Z"}' |
		rt-store import
	rt-rollout promote --store --strategy line_movement --candidate line_movement@default \
		--reason first --now 2019-03-31T12:00:00Z >/dev/null
	src='rt-sim --seed 3 --teams 8 --from "$RT_SINCE" --to "$RT_UNTIL"'
}

# the bets and the games, as one checksum
store_sum() {
	sql "SELECT md5(string_agg(doc::text, '|' ORDER BY bet_id)) FROM bets"
	sql "SELECT count(*) FROM games"
}

@test "daily: the database stopped during the run is exit 69 with a message; the rerun completes, nothing doubled" {
	# a source that is slow to answer: the database goes away meanwhile
	(
		rc=0
		"$RT_TOP/pipelines/daily" --now 2019-05-10T06:00:00Z --settle-days 20 \
			--market-days 0 --prom "$tmp/rt.prom" --source "sleep 3; $src" \
			>"$tmp/d1.out" 2>"$tmp/d1.err" || rc=$?
		echo "$rc" >"$tmp/d1.rc"
	) &
	sleep 1
	RT_HOME=$FAULT_HOME rt-db stop >/dev/null
	wait
	rc=$(cat "$tmp/d1.rc")
	[ "$rc" -eq 69 ] || [ "$rc" -eq 75 ] || { echo "exit $rc: $(cat "$tmp/d1.err")"; false; }
	grep -q 'PostgreSQL' "$tmp/d1.err"
	RT_HOME=$FAULT_HOME rt-db start >/dev/null
	run --separate-stderr "$RT_TOP/pipelines/daily" --now 2019-05-10T06:00:00Z --settle-days 20 \
		--market-days 0 --prom "$tmp/rt.prom" --source "sleep 3; $src"
	[ "$status" -eq 0 ] || { echo "rerun: exit $status: $stderr"; false; }
	after=$(store_sum)
	# the same run again: the same records (upserts by key: nothing doubled)
	"$RT_TOP/pipelines/daily" --now 2019-05-10T06:00:00Z --settle-days 20 --market-days 0 \
		--prom "$tmp/rt.prom" --source "$src"
	[ "$(store_sum)" = "$after" ]
	[ "$(sql "SELECT count(*) FROM bets")" -gt 0 ]
}

@test "daily: a database that is down at the start is exit 69, naming the server and no password" {
	RT_HOME=$FAULT_HOME rt-db stop >/dev/null
	run --separate-stderr "$RT_TOP/pipelines/daily" --now 2019-05-10T06:00:00Z --market-days 0 \
		--prom "$tmp/rt.prom"
	assert_failure 69
	[[ $stderr == *"PostgreSQL is unavailable"* ]]
	RT_HOME=$FAULT_HOME rt-db start >/dev/null
}

@test "retrain: the database stopped during a job; after the restart the job is requeued and completes once" {
	rt-sim --seed 3 --teams 8 --from 2019-04-01 --to 2019-05-20 | rt-store import
	printf '%s\n' '{"kind":"job","job_id":"jf","strategy":"line_movement","strategy_type":"targeted_optimization","priority":"high","reason":"fault","max_evaluations":300,"timeout_hours":12,"status":"queued","created":"2019-05-20T06:00:00Z","trigger_ids":[]}' |
		rt-store import
	export RT_OPTIMIZE_ARGS="--folds 2 --min-bets 1" RT_TRAIN_DAYS=30 RT_HOLDOUT_DAYS=10
	"$RT_TOP/pipelines/retrain" --now 2019-05-20T07:00:00Z --worker w1 >"$tmp/r1.out" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		[ "$(sql "SELECT status FROM jobs WHERE job_id = 'jf'")" = running ] && break
		sleep 0.2
	done
	RT_HOME=$FAULT_HOME rt-db stop >/dev/null
	wait "$pid" || true
	RT_HOME=$FAULT_HOME rt-db start >/dev/null
	# the job was left running by a worker that lost its database
	sleep 2
	export RT_OPTIMIZE_ARGS="--folds 2 --min-bets 1"
	run --separate-stderr "$RT_TOP/pipelines/retrain" --now 2019-05-20T08:00:00Z --worker w2 --stale-seconds 1
	[ "$status" -eq 0 ] || { echo "exit $status: $stderr $output"; false; }
	row=$(sql "SELECT status || ' ' || attempts || ' ' || worker FROM jobs WHERE job_id = 'jf'")
	[ "$row" = "succeeded 2 w2" ] || { echo "job: $row"; cat "$tmp/r1.out"; false; }
	# one candidate from it, not two
	[ "$(sql "SELECT count(*) FROM models WHERE doc->'lineage'->>'job_id' = 'jf'")" = 1 ]
}
