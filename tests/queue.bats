#!/usr/bin/env bats
# shellcheck disable=SC2154,SC2016 # bats assigns $output, $stderr and $status; the single-quoted scripts expand in their own shell
# rt-store's job queue through the command line, against the real
# PostgreSQL: claim (priority, age, the limits, one running job per
# strategy, claimers racing), update, finish, cancel, reap, release, import
# --new-only of jobs, remove schedule, lock NAME -- COMMAND, and the
# least-privilege role rt_app.

# One database for the file (a fresh one per test costs seconds on a busy
# machine); each test starts from empty tables.  Without the test cluster
# every test skips (bats 1.8 reports a skip in setup_file as a failure).
setup_file() {
	load lib/helpers
	db_fresh_file
}

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	db_need
	sql "TRUNCATE jobs, schedules" >/dev/null
}

# A lock holder's command left running by a failed test (hold, below).
teardown() {
	if [ -s "$tmp/held.pid" ]; then
		kill "$(cat "$tmp/held.pid")" 2>/dev/null || true
	fi
}

# job ID STRATEGY PRIORITY CREATED [STATUS]: one job record.
job() {
	printf '{"kind":"job","job_id":"%s","strategy":"%s","strategy_type":"full_retraining","priority":"%s","reason":"test","max_evaluations":3,"timeout_hours":1,"status":"%s","progress_pct":0,"created":"%s"}\n' \
		"$1" "$2" "$3" "${5:-queued}" "$4"
}

T=2019-05-01T12:00:00Z

# The job's record, one field: jf ID FIELD
jf() {
	rt-store export job | jq -r --arg id "$1" "select(.job_id == \$id) | $2"
}

# Claimed job ids, in claim order, one line: claim_ids [OPTION...]
claim_ids() {
	rt-store job claim --now "$T" "$@" | jq -r .job_id | tr '\n' ' '
}

@test "claim: priority first (critical > high > normal > low), then the oldest" {
	{
		job jl sharp_action low 2019-04-01T00:00:00Z
		job jn line_movement normal 2019-04-02T00:00:00Z
		job jh2 consensus high 2019-04-04T00:00:00Z
		job jh1 late_flip high 2019-04-03T00:00:00Z
		job jc public_fade critical 2019-04-05T00:00:00Z
	} | rt-store import
	run --separate-stderr claim_ids --worker w1 --parallel-jobs 10
	assert_success
	assert_output "jc jh1 jh2 jn jl "
	# one at a time gives the same order
	sql "UPDATE jobs SET status = 'queued', worker = NULL"
	order=''
	for _ in 1 2 3 4 5 6; do
		order+=$(claim_ids --worker w1 --parallel-jobs 10 --limit 1)
	done
	[ "$order" = "jc jh1 jh2 jn jl " ]
}

@test "claim: the claimed record is running, with worker, started and attempts 1" {
	job j1 sharp_action normal 2019-04-01T00:00:00Z | rt-store import
	run --separate-stderr rt-store job claim --worker w1 --now "$T"
	assert_success
	[ "$(jq -r '[.job_id, .status, .worker, .started, .updated, .attempts, .progress_pct] | join(" ")' <<<"$output")" = \
		"j1 running w1 $T $T 1 0" ]
	# the record stored is the one printed, and the columns agree
	[ "$(rt-store export job | jq -cS .)" = "$(jq -cS . <<<"$output")" ]
	[ "$(sql "SELECT status, worker, attempts, cancel_requested, heartbeat IS NOT NULL, claimed_at IS NOT NULL FROM jobs")" = \
		"running|w1|1|f|t|t" ]
	# nothing left: nothing printed, exit 0
	run --separate-stderr rt-store job claim --worker w2 --now "$T"
	assert_success
	[ -z "$output" ]
}

@test "claim: at most --parallel-jobs running in all (default 2), over every worker" {
	for i in 1 2 3 4 5; do
		job "j$i" "s$i" normal "2019-04-0${i}T00:00:00Z"
	done | rt-store import
	[ "$(claim_ids --worker w1)" = "j1 j2 " ]
	[ -z "$(claim_ids --worker w2)" ]
	[ "$(claim_ids --worker w2 --parallel-jobs 3)" = "j3 " ]
	[ -z "$(claim_ids --worker w3 --parallel-jobs 3)" ]
	# --limit bounds one claim
	[ "$(claim_ids --worker w3 --parallel-jobs 10 --limit 1)" = "j4 " ]
	[ "$(sql "SELECT count(*) FROM jobs WHERE status = 'running'")" = 4 ]
	# a job that ends frees its place
	rt-store job finish j1 --worker w1 --status succeeded --now "$T" >/dev/null
	[ "$(claim_ids --worker w4 --parallel-jobs 4)" = "j5 " ]
}

@test "claim: never two running jobs of one strategy; the second stays queued" {
	{
		job a1 sharp_action critical 2019-04-01T00:00:00Z
		job a2 sharp_action critical 2019-04-02T00:00:00Z
		job b1 line_movement low 2019-04-03T00:00:00Z
	} | rt-store import
	[ "$(claim_ids --worker w1 --parallel-jobs 10)" = "a1 b1 " ]
	[ -z "$(claim_ids --worker w2 --parallel-jobs 10)" ]
	[ "$(jf a2 .status)" = queued ]
	[ "$(jf a2 '.worker // "none"')" = none ]
	# the database refuses it too, whoever writes
	run sql "UPDATE jobs SET status = 'running' WHERE job_id = 'a2'"
	assert_failure
	# once the first has ended the second goes
	rt-store job finish a1 --worker w1 --status failed --error boom --now "$T" >/dev/null
	[ "$(claim_ids --worker w2 --parallel-jobs 10)" = "a2 " ]
}

@test "claim: a job created after --now is not claimed" {
	{
		job early sharp_action low 2019-05-01T11:00:00Z
		job late line_movement critical 2019-05-01T12:00:01Z
	} | rt-store import
	[ "$(claim_ids --worker w1 --parallel-jobs 10)" = "early " ]
	[ "$(jf late .status)" = queued ]
	[ "$(rt-store job claim --worker w1 --parallel-jobs 10 --now 2019-05-01T12:00:01Z | jq -r .job_id)" = late ]
}

@test "claim: four claimers at once take disjoint jobs, all of them, round after round" {
	for round in 1 2 3 4; do
		# the jobs of the round before have ended
		sql "UPDATE jobs SET status = 'succeeded' WHERE status = 'running'" >/dev/null
		for s in sharp_action line_movement consensus late_flip; do
			job "r$round-$s" "$s" normal 2019-04-01T00:00:00Z
		done | rt-store import
		pids=()
		for w in 1 2 3 4; do
			rt-store job claim --worker "w$w" --parallel-jobs 4 --limit 1 --now "$T" >"$tmp/c$w" 3>&- &
			pids+=($!)
		done
		for p in "${pids[@]}"; do
			wait "$p"
		done
		# one job each (disjoint), the four of the round, each record naming its worker
		for w in 1 2 3 4; do
			[ "$(wc -l <"$tmp/c$w")" -eq 1 ]
			grep -q "\"worker\":\"w$w\"" "$tmp/c$w"
		done
		cat "$tmp"/c[1-4] | jq -r .job_id | sort >"$tmp/claimed"
		echo "round $round: $(tr '\n' ' ' <"$tmp/claimed")"
		[ "$(sort -u "$tmp/claimed" | tr '\n' ' ')" = "r$round-consensus r$round-late_flip r$round-line_movement r$round-sharp_action " ]
	done
	[ "$(sql "SELECT count(*) FILTER (WHERE status = 'running'), count(*), sum(attempts) FROM jobs")" = "4|16|16" ]
}

@test "claim: more claimers than places never run more than --parallel-jobs" {
	for i in 1 2 3 4 5 6 7 8; do
		job "j$i" "s$i" normal 2019-04-01T00:00:00Z
	done | rt-store import
	pids=()
	for w in 1 2 3 4 5 6; do
		rt-store job claim --worker "w$w" --parallel-jobs 3 --limit 2 --now "$T" >"$tmp/c$w" 3>&- &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p"
	done
	[ "$(cat "$tmp"/c[1-6] | wc -l)" -eq 3 ]
	[ "$(sql "SELECT count(*) FROM jobs WHERE status = 'running'")" = 3 ]
}

@test "update: the owner's heartbeat writes progress, host and pgid; anyone else gets 1; no such job 65" {
	job j1 sharp_action normal 2019-04-01T00:00:00Z | rt-store import
	rt-store job claim --worker w1 --now "$T" >/dev/null
	sql "UPDATE jobs SET heartbeat = now() - interval '1 hour'" >/dev/null
	run --separate-stderr rt-store job update j1 --worker w1 --progress 42.5 --host hostA --pgid 4242
	assert_success
	[ "$(jf j1 '[.progress_pct, .host, .pgid, .status, .worker] | map(tostring) | join(" ")')" = "42.5 hostA 4242 running w1" ]
	[ "$(sql "SELECT heartbeat > now() - interval '1 minute' FROM jobs")" = t ]
	# a beat without options keeps what was written
	rt-store job update j1 --worker w1
	[ "$(jf j1 '[.progress_pct, .host, .pgid] | map(tostring) | join(" ")')" = "42.5 hostA 4242" ]
	before=$(db_digest)
	run --separate-stderr rt-store job update j1 --worker w2 --progress 99
	assert_failure 1
	[[ $stderr == *"runs for worker 'w1', not 'w2'"* ]]
	[ "$(db_digest)" = "$before" ]
	run --separate-stderr rt-store job update nosuchjob --worker w1
	assert_failure 65
	[[ $stderr == *"no job 'nosuchjob'"* ]]
	# a queued job is nobody's
	job j2 line_movement normal 2019-04-01T00:00:00Z | rt-store import
	run --separate-stderr rt-store job update j2 --worker w1
	assert_failure 1
	# usage: no --worker, bad progress, bad pgid
	run --separate-stderr rt-store job update j1
	assert_failure 64
	run --separate-stderr rt-store job update j1 --worker w1 --progress 101
	assert_failure 64
	run --separate-stderr rt-store job update j1 --worker w1 --pgid 0
	assert_failure 64
}

@test "update after a cancel: exit 1, the worker must stop" {
	job j1 sharp_action normal 2019-04-01T00:00:00Z | rt-store import
	rt-store job claim --worker w1 --now "$T" >/dev/null
	rt-store job cancel j1 --now "$T" >/dev/null
	run --separate-stderr rt-store job update j1 --worker w1 --progress 10
	assert_failure 1
	[[ $stderr == *"j1 was cancelled: stop it"* ]]
	[ "$(jf j1 .status)" = cancelled ]
	[ "$(jf j1 .progress_pct)" = 0 ]
}

@test "finish: succeeded keeps --result as result, progress 100; a second finish is 1" {
	job j1 sharp_action normal 2019-04-01T00:00:00Z | rt-store import
	rt-store job claim --worker w1 --now "$T" >/dev/null
	rt-store job update j1 --worker w1 --progress 30
	run --separate-stderr rt-store job finish j1 --worker w1 --status succeeded --now 2019-05-01T13:00:00Z \
		--result '{"model":"sharp_action@2","decision":"pass","n":[1,2]}'
	assert_success
	[ "$(jq -cS '[.status, .progress_pct, .finished, .updated, .result]' <<<"$output")" = \
		'["succeeded",100,"2019-05-01T13:00:00Z","2019-05-01T13:00:00Z",{"decision":"pass","model":"sharp_action@2","n":[1,2]}]' ]
	[ "$(rt-store export job | jq -cS .)" = "$(jq -cS . <<<"$output")" ]
	[ "$(sql "SELECT status FROM jobs")" = succeeded ]
	before=$(db_digest)
	run --separate-stderr rt-store job finish j1 --worker w1 --status failed --error late --now "$T"
	assert_failure 1
	[[ $stderr == *"job j1 is succeeded"* ]]
	[ "$(db_digest)" = "$before" ]
}

@test "finish: failed keeps the error; a bad --result is a usage error (64) and changes nothing" {
	{
		job j1 sharp_action normal 2019-04-01T00:00:00Z
		job j2 line_movement normal 2019-04-01T00:00:00Z
	} | rt-store import
	rt-store job claim --worker w1 --now "$T" >/dev/null
	rt-store job update j1 --worker w1 --progress 30
	before=$(db_digest)
	# --result must be a JSON object: anything else is refused as a usage error
	run --separate-stderr rt-store job finish j1 --worker w1 --status succeeded --result '{"model":' --now "$T"
	assert_failure 64
	run --separate-stderr rt-store job finish j1 --worker w1 --status succeeded --result '[1]' --now "$T"
	assert_failure 64
	[[ $stderr == *"not a JSON object"* ]]
	[ "$(db_digest)" = "$before" ]
	[ "$(jf j1 .status)" = running ]
	run --separate-stderr rt-store job finish j1 --worker w1 --status "done" --now "$T"
	assert_failure 64
	run --separate-stderr rt-store job finish j1 --status failed --now "$T"
	assert_failure 64
	[ "$(db_digest)" = "$before" ]
	# another worker's finish is 1
	run --separate-stderr rt-store job finish j1 --worker w2 --status succeeded --now "$T"
	assert_failure 1
	[ "$(db_digest)" = "$before" ]
	run --separate-stderr rt-store job finish j2 --worker w1 --status failed --error "exit 3: boom" --now "$T"
	assert_success
	[ "$(jq -c '[.status, .error, .progress_pct, (.result // null)]' <<<"$output")" = '["failed","exit 3: boom",0,null]' ]
	run --separate-stderr rt-store job finish nosuchjob --worker w1 --status failed --now "$T"
	assert_failure 65
}

@test "cancel: queued -> cancelled; running -> cancelled with cancel_requested; ended: 1; unknown: 65" {
	{
		job q sharp_action normal 2019-04-01T00:00:00Z
		job r line_movement high 2019-04-01T00:00:00Z
		job f consensus critical 2019-04-01T00:00:00Z
	} | rt-store import
	rt-store job claim --worker w1 --now "$T" >/dev/null	# f and r
	rt-store job finish f --worker w1 --status succeeded --now "$T" --result '{}' >/dev/null
	run --separate-stderr rt-store job cancel q --now 2019-05-02T00:00:00Z
	assert_success
	[ "$(jq -c '[.status, .cancel_requested, .finished]' <<<"$output")" = '["cancelled",false,"2019-05-02T00:00:00Z"]' ]
	[ "$(sql "SELECT status, cancel_requested FROM jobs WHERE job_id = 'q'")" = "cancelled|f" ]
	run --separate-stderr rt-store job cancel r --now 2019-05-02T00:00:00Z
	assert_success
	[ "$(jq -c '[.status, .cancel_requested]' <<<"$output")" = '["cancelled",true]' ]
	[ "$(sql "SELECT status, cancel_requested FROM jobs WHERE job_id = 'r'")" = "cancelled|t" ]
	# a cancelled job is not claimed again
	[ -z "$(claim_ids --worker w2 --parallel-jobs 10)" ]
	before=$(db_digest)
	for id in f q r; do
		run --separate-stderr rt-store job cancel "$id"
		assert_failure 1
	done
	[[ $stderr == *"job r is cancelled"* ]]
	run --separate-stderr rt-store job cancel nosuchjob
	assert_failure 65
	[[ $stderr == *"no job 'nosuchjob'"* ]]
	[ "$(db_digest)" = "$before" ]
	# the running job's worker cannot finish it now
	run --separate-stderr rt-store job finish r --worker w1 --status succeeded --now "$T"
	assert_failure 1
	[ "$(jf r .status)" = cancelled ]
}

@test "reap: a silent worker's job is queued again, naming the worker; at --max-attempts failed" {
	{
		job old sharp_action normal 2019-04-01T00:00:00Z
		job fresh line_movement normal 2019-04-01T00:00:00Z
	} | rt-store import
	rt-store job claim --worker wdead --now "$T" >/dev/null
	rt-store job update old --worker wdead --host hostX --pgid 77
	sql "UPDATE jobs SET heartbeat = now() - interval '1 hour' WHERE job_id = 'old'" >/dev/null
	fresh_before=$(rt-store export job | jq -c 'select(.job_id == "fresh")')
	run --separate-stderr rt-store job reap --stale-seconds 600 --max-attempts 2 --now 2019-05-01T13:00:00Z
	assert_success
	[ "$(jq -r .job_id <<<"$output")" = old ]
	[ "$(jf old '[.status, .updated, (.worker // "-"), (.host // "-"), (.pgid // "-" | tostring)] | join(" ")')" = \
		"queued 2019-05-01T13:00:00Z - - -" ]
	[[ $(jf old .error) == "worker wdead lost: no heartbeat since "*"(attempt 1 of 2)" ]]
	[ "$(sql "SELECT status, worker IS NULL, attempts FROM jobs WHERE job_id = 'old'")" = "queued|t|1" ]
	# the fresh one is untouched
	[ "$(rt-store export job | jq -c 'select(.job_id == "fresh")')" = "$fresh_before" ]
	[ "$(sql "SELECT status, worker FROM jobs WHERE job_id = 'fresh'")" = "running|wdead" ]
	# claimed again: attempt 2, the old error gone
	[ "$(rt-store job claim --worker w2 --now "$T" | jq -r '[.job_id, .attempts, (.error // "-")] | join(" ")')" = "old 2 -" ]
	sql "UPDATE jobs SET heartbeat = now() - interval '1 hour' WHERE job_id = 'old'" >/dev/null
	run --separate-stderr rt-store job reap --stale-seconds 600 --max-attempts 2 --now 2019-05-01T14:00:00Z
	assert_success
	[ "$(jf old '[.status, .finished] | join(" ")')" = "failed 2019-05-01T14:00:00Z" ]
	[[ $(jf old .error) == "worker w2 lost: "*"(attempt 2 of 2)" ]]
	# nothing more to reap
	before=$(db_digest)
	run --separate-stderr rt-store job reap --stale-seconds 600 --now 2019-05-01T15:00:00Z
	assert_success
	[ -z "$output" ]
	[ "$(db_digest)" = "$before" ]
}

@test "reap: a running job past its timeout_hours fails 'timed out'; a cancelled one is left alone" {
	{
		job slow sharp_action normal 2019-04-01T00:00:00Z
		job ok line_movement normal 2019-04-01T00:00:00Z
	} | rt-store import
	rt-store job claim --worker w1 --now "$T" >/dev/null
	# timeout_hours is 1: claimed 2 hours ago, beating all along
	sql "UPDATE jobs SET claimed_at = now() - interval '2 hours' WHERE job_id = 'slow'" >/dev/null
	run --separate-stderr rt-store job reap --now 2019-05-01T13:00:00Z
	assert_success
	[ "$(jq -r .job_id <<<"$output")" = slow ]
	[ "$(jf slow '[.status, .error, .finished] | join(" ")')" = "failed timed out after 1 hours 2019-05-01T13:00:00Z" ]
	# its worker's next beat tells it to stop
	run --separate-stderr rt-store job update slow --worker w1
	assert_failure 1
	[ "$(jf ok .status)" = running ]
	# a cancelled job whose worker went silent is not sent back to the queue
	rt-store job cancel ok >/dev/null
	sql "UPDATE jobs SET heartbeat = now() - interval '1 hour', claimed_at = now() - interval '5 hours'" >/dev/null
	before=$(db_digest)
	run --separate-stderr rt-store job reap --stale-seconds 1
	assert_success
	[ -z "$output" ]
	[ "$(db_digest)" = "$before" ]
}

@test "reap: the timeout of a job without timeout_hours is the default 12, and its message says so" {
	job j1 sharp_action normal 2019-04-01T00:00:00Z | jq -c 'del(.timeout_hours)' | rt-store import
	rt-store job claim --worker w1 --now "$T" >/dev/null
	sql "UPDATE jobs SET claimed_at = now() - interval '11 hours'" >/dev/null
	run --separate-stderr rt-store job reap --now "$T"
	assert_success
	[ -z "$output" ]
	sql "UPDATE jobs SET claimed_at = now() - interval '13 hours'" >/dev/null
	run --separate-stderr rt-store job reap --now "$T"
	assert_success
	[ "$(jq -r '[.status, .error] | join(" ")' <<<"$output")" = "failed timed out after 12 hours" ]
}

@test "reap: a running job that never had a heartbeat (imported from a backup) is queued again" {
	# operations.md: an NDJSON export is a backup that rt-store import reads
	# back; a job that was running then has no worker, heartbeat or claim here
	{
		job j1 sharp_action normal 2019-04-01T00:00:00Z running | jq -c '.worker = "wgone"'
		job j2 sharp_action normal 2019-04-02T00:00:00Z
	} | rt-store import
	[ "$(sql "SELECT status, heartbeat IS NULL FROM jobs WHERE job_id = 'j1'")" = "running|t" ]
	run --separate-stderr rt-store job reap --stale-seconds 1 --now "$T"
	assert_success
	# no worker beats for it: it must not hold its strategy's place forever
	[ "$(jf j1 .status)" = queued ]
	[ "$(claim_ids --worker w1)" = "j1 " ]
}

@test "release: a claimed job that never started is queued again, naming why; started, or another's: 1" {
	{
		job never sharp_action normal 2019-04-01T00:00:00Z
		job began line_movement normal 2019-04-01T00:00:00Z
	} | rt-store import
	rt-store job claim --worker w1 --now "$T" >/dev/null
	rt-store job update began --worker w1 --host hostA --pgid 77
	run --separate-stderr rt-store job release never --worker w1 --max-attempts 2 \
		--error "on hostB: exit 255" --now 2019-05-01T13:00:00Z
	assert_success
	[ "$(jq -r '[.job_id, .status] | join(" ")' <<<"$output")" = "never queued" ]
	[ "$(jf never '[.status, .updated, (.worker // "-"), (.started // "-"), .error] | join(" ")')" = \
		"queued 2019-05-01T13:00:00Z - - did not start: on hostB: exit 255 (attempt 1 of 2)" ]
	[ "$(sql "SELECT status, worker IS NULL, attempts FROM jobs WHERE job_id = 'never'")" = "queued|t|1" ]
	# a job whose work started is not given back: it may still run (the reaper's)
	before=$(db_digest)
	run --separate-stderr rt-store job release began --worker w1 --now "$T"
	assert_failure 1
	[ "$(db_digest)" = "$before" ]
	# nor another worker's; an unknown job is 65; --worker is needed
	rt-store job claim --worker w2 --now "$T" >/dev/null
	run --separate-stderr rt-store job release never --worker w1 --now "$T"
	assert_failure 1
	[[ $stderr == *"runs for worker 'w2', not 'w1'"* ]]
	run --separate-stderr rt-store job release nosuch --worker w1 --now "$T"
	assert_failure 65
	run --separate-stderr rt-store job release never --now "$T"
	assert_failure 64
	# at --max-attempts: failed, and finished
	run --separate-stderr rt-store job release never --worker w2 --max-attempts 2 --now 2019-05-01T14:00:00Z
	assert_success
	[ "$(jf never '[.status, .finished, .error] | join(" ")')" = \
		"failed 2019-05-01T14:00:00Z did not start: its worker gave it back (attempt 2 of 2)" ]
}

@test "import --new-only: a job imported again keeps its first record" {
	job j1 sharp_action normal 2019-04-01T00:00:00Z >"$tmp/j1"
	rt-store import --new-only "$tmp/j1"
	rt-store job claim --worker w1 --now "$T" >/dev/null
	before=$(db_digest)
	run --separate-stderr rt-store import --new-only --verbose "$tmp/j1"
	assert_success
	[ "$(db_digest)" = "$before" ]
	[ "$(jf j1 '[.status, .worker] | join(" ")')" = "running w1" ]
	[ "$(sql "SELECT status, worker, attempts FROM jobs")" = "running|w1|1" ]
	# new keys still go in, in the same input
	{
		cat "$tmp/j1"
		job j2 line_movement normal 2019-04-01T00:00:00Z
	} | rt-store import --new-only
	[ "$(sql "SELECT string_agg(job_id || ':' || status, ' ' ORDER BY job_id) FROM jobs")" = "j1:running j2:queued" ]
}

@test "remove schedule: 0 when there was one, then 1" {
	echo '{"kind":"schedule","name":"weekly-sharp","strategy":"sharp_action","type":"interval","interval_hours":168,"priority":"normal","enabled":true}' |
		rt-store import
	run --separate-stderr rt-store remove schedule weekly-sharp
	assert_success
	[ "$(jq -r .name <<<"$output")" = weekly-sharp ]
	[ "$(sql "SELECT count(*) FROM schedules")" = 0 ]
	run --separate-stderr rt-store remove schedule weekly-sharp
	assert_failure 1
	[[ $stderr == *"no schedule 'weekly-sharp'"* ]]
	run --separate-stderr rt-store remove schedule
	assert_failure 64
	run --separate-stderr rt-store remove job weekly-sharp
	assert_failure 64
}

# Holds the lock NAME in the background until told: hold NAME SECONDS.
# Returns once the command runs (the lock is held); $holder is its pid.
hold() {
	rm -f "$tmp/held"
	rt-store lock "$1" -- bash -c 'echo $$ >"$0/held.pid"; touch "$0/held"; sleep "$1"' "$tmp" "$2" 3>&- &
	holder=$!
	local i
	for i in $(seq 100); do
		[ -e "$tmp/held" ] && return 0
		sleep 0.05
	done
	return 1
}

@test "lock: a second holder exits 75 at once; --wait waits and runs" {
	hold rt-test 2
	start=$(date +%s%N)
	run --separate-stderr rt-store lock rt-test -- touch "$tmp/second"
	assert_failure 75
	[[ $stderr == *"lock 'rt-test' is held by another run: try again later"* ]]
	[ ! -e "$tmp/second" ]
	[ $(($(date +%s%N) - start)) -lt 1000000000 ]
	# another name is another lock
	rt-store lock rt-other -- true
	start=$(date +%s%N)
	run --separate-stderr rt-store lock rt-test --wait -- touch "$tmp/second"
	assert_success
	[ -e "$tmp/second" ]
	# it ran only once the holder was done
	[ $(($(date +%s%N) - start)) -gt 500000000 ]
	wait "$holder"
	run --separate-stderr rt-store lock rt-test -- true
	assert_success
}

@test "lock: the command's exit status passes through; a signal is 128+N; a missing command 127" {
	run rt-store lock rt-test -- sh -c 'exit 7'
	assert_failure 7
	run rt-store lock rt-test -- sh -c 'kill -TERM $$'
	assert_failure 143
	run -127 rt-store lock rt-test -- "$tmp/no-such-command"
	assert_failure 127
	# the command's own options are its own
	run --separate-stderr rt-store lock rt-test -- printf '%s-%s' --now x
	assert_success
	[ "$output" = "--now-x" ]
}

@test "lock: a holder killed with kill -9 frees the lock, and its command is stopped" {
	hold rt-test 30
	kill -9 "$holder"
	wait "$holder" 2>/dev/null || true
	ok=0
	for _ in $(seq 40); do
		rc=0
		rt-store lock rt-test -- true 2>/dev/null || rc=$?
		if [ "$rc" -eq 0 ]; then
			ok=1
			break
		fi
		[ "$rc" -eq 75 ]
		sleep 0.1
	done
	[ "$ok" -eq 1 ]
	# the command must not go on unlocked: it got SIGTERM
	for _ in $(seq 20); do
		kill -0 "$(cat "$tmp/held.pid")" 2>/dev/null || break
		sleep 0.1
	done
	run kill -0 "$(cat "$tmp/held.pid")"
	assert_failure
}

@test "lock: usage errors exit 64" {
	run --separate-stderr rt-store lock
	assert_failure 64
	run --separate-stderr rt-store lock rt-test
	assert_failure 64
	run --separate-stderr rt-store lock rt-test true
	assert_failure 64
	run --separate-stderr rt-store lock rt-test --
	assert_failure 64
	run --separate-stderr rt-store lock rt-test --wait
	assert_failure 64
	run --separate-stderr rt-store lock --wait -- true
	assert_failure 64
	run --separate-stderr rt-store lock rt-test --bogus -- true
	assert_failure 64
}

@test "the queue works as the least-privilege role rt_app" {
	{
		job j1 sharp_action normal 2019-04-01T00:00:00Z
		job j2 line_movement high 2019-04-01T00:00:00Z
		job j3 consensus low 2019-04-01T00:00:00Z
	} | rt-store import
	[[ $RT_DATABASE_URL == *"user=rt" ]]
	app=${RT_DATABASE_URL%user=rt}user=rt_app
	[ "$(RT_DATABASE_URL=$app sql "SELECT current_user")" = rt_app ]
	run --separate-stderr env RT_DATABASE_URL="$app" rt-store job claim --worker wapp --now "$T"
	assert_success
	[ "$(jq -r .job_id <<<"$output" | tr '\n' ' ')" = "j2 j1 " ]
	RT_DATABASE_URL=$app rt-store job update j2 --worker wapp --progress 50 --host h --pgid 9
	RT_DATABASE_URL=$app rt-store job finish j2 --worker wapp --status succeeded --result '{"x":1}' --now "$T" >/dev/null
	RT_DATABASE_URL=$app rt-store job cancel j3 --now "$T" >/dev/null
	sql "UPDATE jobs SET heartbeat = now() - interval '1 hour' WHERE job_id = 'j1'" >/dev/null
	RT_DATABASE_URL=$app rt-store job reap --stale-seconds 60 --now "$T" >/dev/null
	RT_DATABASE_URL=$app rt-store job claim --worker wapp --now "$T" >/dev/null
	RT_DATABASE_URL=$app rt-store job release j1 --worker wapp --now "$T" >/dev/null
	RT_DATABASE_URL=$app rt-store import --new-only <<<"$(job j4 late_flip normal 2019-04-01T00:00:00Z)"
	RT_DATABASE_URL=$app rt-store lock rt-test -- true
	[ "$(sql "SELECT string_agg(job_id || ':' || status, ' ' ORDER BY job_id) FROM jobs")" = \
		"j1:queued j2:succeeded j3:cancelled j4:queued" ]
	# and rt_app cannot change the schema
	run env RT_DATABASE_URL="$app" psql -X -q -v ON_ERROR_STOP=1 "$app" -c "DROP INDEX jobs_one_running"
	assert_failure
}
