#!/usr/bin/env bats
# shellcheck disable=SC2154,SC2016 # bats assigns $output, $stderr and $status; the single-quoted scripts expand in their own shell
# The shell pipelines end to end on a tiny season (8 teams, April to
# mid-May 2019): daily (bets of the live versions, metrics, the Prometheus
# file, a source of games, all or nothing, the lock, jobs enqueued once),
# retrain and retrain-job (a job to a stored candidate, verdict and
# resolved triggers; fan-out over hosts through an ssh stand-in; two
# workers on one database; cancel; a worker killed mid-job) and rollout
# (games assigned, a rerun changes nothing).

# One database is built for the file (the season, the production models)
# and each test gets a copy of it (createdb -T: a file copy, much cheaper
# than importing again).  Without the test cluster every test skips (bats
# 1.8 reports a skip in setup_file as a failure).
setup_file() {
	load lib/helpers
	db_fresh_file
	[ "${RT_FILE_DB:-0}" = 1 ] || return 0
	rt-sim --seed 1 --from 2019-04-01 --to 2019-05-20 --teams 8 >"$BATS_FILE_TMPDIR/season.ndjson"
	rt-store import "$BATS_FILE_TMPDIR/season.ndjson"
	local s
	for s in sharp_action line_movement; do
		printf '{"kind":"model","strategy":"%s","version":"%s@default","params":{},"status":"candidate","created":"2019-03-27T00:00:00Z"}\n' "$s" "$s" |
			rt-store import
		rt-rollout promote --store --strategy "$s" --candidate "$s@default" --reason first \
			--now 2019-03-31T12:00:00Z >/dev/null
	done
	PIPE_TEMPLATE=${RT_DATABASE_URL#postgresql:///}
	PIPE_TEMPLATE=${PIPE_TEMPLATE%%\?*}
	export PIPE_TEMPLATE
}

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	[ -n "${PIPE_TEMPLATE:-}" ] || skip "no test PostgreSQL cluster (run the tests with tests/run)"
	local name="${PIPE_TEMPLATE}_${BATS_TEST_NUMBER}" i
	# the template's last session may take a moment to go
	for i in 1 2 3 4 5 6 7 8 9 10; do
		if createdb -h "$RT_HOME/run" -U rt -T "$PIPE_TEMPLATE" "$name" 2>"$tmp/createdb.err"; then
			break
		fi
		[ "$i" -lt 10 ] || { cat "$tmp/createdb.err" >&2; return 1; }
		sleep 0.3
	done
	# everything runs as the least-privilege role (sql/roles.sql), as in production
	export RT_DATABASE_URL="postgresql:///$name?host=$RT_HOME/run&user=rt_app"
	export RT_LOG_DIR=$tmp/logs RT_HEARTBEAT_SECONDS=1 RT_OPTIMIZE_ARGS="--folds 2 --min-bets 1"
	unset RT_SOURCE RT_DETECT_CONFIG RT_PROM_FILE RT_HOST FAKE_SSH_LOG
	P=$RT_TOP/pipelines
	T=2019-05-06T06:00:00Z
}

# What a failed test left running: a lock holder, the retrain run and its
# job's group.
teardown() {
	if [ -n "${holder:-}" ]; then
		kill "$holder" 2>/dev/null || true
	fi
	if [ -n "${rp:-}" ]; then
		kill "$rp" 2>/dev/null || true
	fi
	if [ -n "${pgid:-}" ]; then
		kill -KILL -- "-$pgid" 2>/dev/null || true
	fi
}

# daily with the tests' defaults; more options after.
daily() {
	"$P/daily" --settle-days 20 --market-days 0 --prom "$tmp/rt.prom" "$@"
}

# job ID STRATEGY [MAX_EVALUATIONS [EXTRA_JSON]]: a queued job, created at $T.
job() {
	jq -c -n --arg id "$1" --arg s "$2" --argjson n "${3:-3}" --arg now "$T" --argjson x "${4:-{\}}" \
		'{kind: "job", job_id: $id, strategy: $s, strategy_type: "full_retraining", priority: "normal",
		  reason: "test", max_evaluations: $n, timeout_hours: 1, status: "queued", progress_pct: 0,
		  created: $now} + $x'
}

# The job's record, one field: jf ID FIELD
jf() {
	rt-store export job | jq -r --arg id "$1" "select(.job_id == \$id) | $2"
}

# Waits (up to 20 s) until the job runs with a process group; prints it.
wait_pgid() {
	local i pg
	for i in $(seq 100); do
		pg=$(jf "$1" 'select(.status == "running") | .pgid // empty')
		if [ -n "$pg" ]; then
			echo "$pg"
			return 0
		fi
		sleep 0.2
	done
	return 1
}

# Waits up to $2 tenths of a second until the process group $1 is gone.
group_gone() {
	local i
	for i in $(seq "$2"); do
		kill -0 -- "-$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

@test "pipelines answer --help" {
	for p in daily retrain rollout retrain-job; do
		run "$P/$p" --help
		assert_success
		assert_output --partial "$p"
	done
	run "$P/daily" --bogus
	assert_failure 64
	run "$P/retrain" --parallel-jobs x
	assert_failure 64
}

@test "daily: bets of both production versions, metrics, the Prometheus file; a rerun changes nothing" {
	run --separate-stderr daily --now 2019-04-20T06:00:00Z
	assert_success
	[ "$(rt-store export bet | jq -r '"\(.version) \(.arm)"' | sort -u | tr '\n' ,)" = \
		"line_movement@default production,sharp_action@default production," ]
	# only games of the window, placed by --now
	[ "$(rt-store export bet | jq -r 'select(.date < "2019-03-31" or .date > "2019-04-20" or .placed > "2019-04-20T06:00:00Z") | .bet_id' | wc -l)" -eq 0 ]
	[ "$(rt-store export metric | jq -r .version | sort -u | tr '\n' ,)" = "line_movement@default,sharp_action@default," ]
	[ "$(rt-store export metric | jq -r .as_of | sort -u)" = 2019-04-20T06:00:00Z ]
	[ -s "$tmp/rt.prom" ]
	grep -q '^rt_' "$tmp/rt.prom"
	grep -q '^rt_daily_last_run_timestamp_seconds 1555740000$' "$tmp/rt.prom"
	[ "$(find "$tmp" -maxdepth 1 -name 'rt.prom*' | wc -l)" -eq 1 ]	# no temporary file left
	grep -q 'daily run done' "$RT_LOG_DIR/performance_monitoring.log"
	before=$(db_digest)
	run --separate-stderr daily --now 2019-04-20T06:00:00Z
	assert_success
	[ "$(db_digest)" = "$before" ]
}

@test "daily --source: the command's games are imported, with RT_SINCE and RT_UNTIL" {
	# days after the stored season: settle-days 3 back from the 25th, to the 26th
	run --separate-stderr daily --settle-days 3 --now 2019-05-25T06:00:00Z \
		--source 'echo "$RT_NOW $RT_SINCE $RT_UNTIL" >"'"$tmp"'/env"; rt-sim --seed 2 --from "$RT_SINCE" --to "$RT_UNTIL" --teams 8'
	assert_success
	[ "$(cat "$tmp/env")" = "2019-05-25T06:00:00Z 2019-05-22 2019-05-26" ]
	[ "$(sql "SELECT min(doc->>'date') || ' ' || max(doc->>'date') FROM games WHERE doc->>'date' > '2019-05-20'")" = \
		"2019-05-22 2019-05-26" ]
	grep -q 'source: [1-9][0-9]* game records' "$RT_LOG_DIR/performance_monitoring.log"
}

@test "daily --source: a bad line from the source: exit 65; a failing source: 69; nothing written" {
	before=$(db_digest)
	run --separate-stderr daily --settle-days 3 --now 2019-05-25T06:00:00Z \
		--source 'rt-sim --seed 2 --from "$RT_SINCE" --to "$RT_UNTIL" --teams 8; echo "{\"kind\":\"game\",\"game_id\":17}"'
	assert_failure 65
	[[ $stderr == *":"* ]]
	[ "$(db_digest)" = "$before" ]
	# a source that fails is a service unavailable: 69, nothing taken
	run --separate-stderr daily --settle-days 3 --now 2019-05-25T06:00:00Z \
		--source 'rt-sim --seed 2 --from "$RT_SINCE" --to "$RT_UNTIL" --teams 8; exit 3'
	assert_failure 69
	[[ $stderr == *"the source command failed (exit 3)"* ]]
	[ "$(db_digest)" = "$before" ]
	[ ! -e "$tmp/rt.prom" ]
}

@test "daily: a second run while another holds the lock exits 75" {
	rt-store lock rt-daily -- bash -c 'touch "$0/held"; exec sleep 30' "$tmp" 3>&- &
	holder=$!
	for _ in $(seq 100); do
		[ -e "$tmp/held" ] && break
		sleep 0.05
	done
	[ -e "$tmp/held" ]
	before=$(db_digest)
	run --separate-stderr daily --now 2019-04-20T06:00:00Z
	assert_failure 75
	[[ $stderr == *"lock 'rt-daily' is held by another run"* ]]
	[ "$(db_digest)" = "$before" ]
	# the holder passes a TERM on to its command
	kill "$holder"
	rc=0
	wait "$holder" || rc=$?
	holder=''
	[ "$rc" -eq 143 ]
}

@test "daily: a manual trigger enqueues exactly one job, once" {
	rt-detect --manual --strategy sharp_action --reason r --severity high --now "$T" | rt-store import
	trg=$(rt-store export trigger | jq -r .trigger_id)
	run --separate-stderr daily --now "$T" --settle-days 1 --max-evaluations 3
	assert_success
	[ "$(rt-store export job | jq -c '[.strategy, .status, .priority, .max_evaluations, .trigger_ids]')" = \
		"[\"sharp_action\",\"queued\",\"high\",3,[\"$trg\"]]" ]
	grep -q 'queued job-sharp_action-' "$RT_LOG_DIR/retraining_jobs.log"
	run --separate-stderr daily --now "$T" --settle-days 1 --max-evaluations 3
	assert_success
	[ "$(sql "SELECT count(*) FROM jobs")" = 1 ]
	# and not while it runs either
	rt-store job claim --worker w1 --now "$T" >/dev/null
	run --separate-stderr daily --now 2019-05-07T06:00:00Z --settle-days 1 --max-evaluations 3
	assert_success
	[ "$(sql "SELECT count(*) || ' ' || min(status) FROM jobs")" = "1 running" ]
}

@test "retrain: a queued job ends succeeded with a new version, a verdict, its triggers resolved" {
	rt-detect --manual --strategy sharp_action --reason r --severity high --now "$T" | rt-store import
	trg=$(rt-store export trigger | jq -r .trigger_id)
	job j1 sharp_action 3 "{\"trigger_ids\":[\"$trg\"]}" | rt-store import
	run --separate-stderr "$P/retrain" --now "$T" --joblog "$tmp/joblog"
	assert_success
	[ "$(jf j1 '[.status, .attempts, .progress_pct] | map(tostring) | join(" ")')" = "succeeded 1 100" ]
	version=$(jf j1 .result.model)
	[[ $version =~ ^sharp_action@[0-9]+$ ]]
	# the candidate is in the registry, with its lineage, and judged
	[ "$(rt-store export model --strategy sharp_action | jq -r --arg v "$version" 'select(.version == $v) | .lineage.job_id')" = j1 ]
	[ "$(rt-store export verdict | jq -r '"\(.candidate) \(.baseline)"')" = "$version sharp_action@default" ]
	[ "$(jf j1 .result.decision)" = "$(rt-store export verdict | jq -r .decision)" ]
	# the trials of the study are stored
	[ "$(rt-store export trial | jq -r 'select(.study == "j1") | .number' | wc -l)" -ge 3 ]
	[ "$(rt-store export trigger | jq -r '"\(.status) \(.resolution)"')" = "resolved job j1: $version $(jf j1 .result.decision)" ]
	# GNU parallel's job log: a line for the job, exit 0
	[ "$(grep -c 'retrain-job ' "$tmp/joblog")" -eq 1 ]
	[ "$(grep 'retrain-job j1 ' "$tmp/joblog" | cut -f7)" = 0 ]
	[ -s "$RT_LOG_DIR/jobs/j1.log" ]
	# nothing more to do
	before=$(db_digest)
	run --separate-stderr "$P/retrain" --now "$T" --joblog "$tmp/joblog"
	assert_success
	[ "$(db_digest)" = "$before" ]
}

@test "retrain: fan-out over two hosts through ssh, one job on each" {
	{
		job ja sharp_action
		job jb line_movement
	} | rt-store import
	export FAKE_SSH_LOG=$tmp/ssh.log
	run --separate-stderr "$P/retrain" --now "$T" --joblog "$tmp/joblog" --parallel-jobs 2 \
		--sshlogin 1/hostA --sshlogin 1/hostB --ssh "$RT_TOP/tests/lib/fake-ssh"
	# shown only when the test fails: what became of each job, and why
	printf '%s\n' "$output" "$stderr"
	rt-store export job
	tail -n 30 "$RT_LOG_DIR"/jobs/*.log || true
	assert_success
	[ "$(rt-store export job | jq -r .status | sort | tr '\n' ' ')" = "succeeded succeeded " ]
	[ "$(rt-store export job | jq -r .host | sort | tr '\n' ' ')" = "hostA hostB " ]
	[ "$(sort -u "$FAKE_SSH_LOG" | tr '\n' ' ')" = "hostA hostB " ]
	[ "$(grep retrain-job "$tmp/joblog" | cut -f2 | sort | tr '\n' ' ')" = "hostA hostB " ]
	[ "$(rt-store export model | jq -r 'select(.lineage.job_id) | .lineage.job_id' | sort | tr '\n' ' ')" = "ja jb " ]
}

@test "retrain: a job whose host refuses ssh is given back to the queue (exit 69); the next run completes it" {
	{
		job ja sharp_action
		job jb line_movement
	} | rt-store import
	run --separate-stderr env FAKE_SSH_DOWN=hostB "$P/retrain" --now "$T" --joblog "$tmp/joblog" \
		--parallel-jobs 2 --sshlogin 1/hostA --sshlogin 1/hostB --ssh "$RT_TOP/tests/lib/fake-ssh"
	printf '%s\n' "$output" "$stderr"
	rt-store export job
	assert_failure 69
	# one ran on hostA; the other never started, and says where and why
	[ "$(rt-store export job | jq -r '"\(.status) \(.attempts)"' | sort | tr '\n' ' ')" = "queued 1 succeeded 1 " ]
	down=$(rt-store export job | jq -r 'select(.status == "queued") | .job_id')
	[[ $(jf "$down" .error) == "did not start: on hostB: exit 255; see $tmp/joblog (attempt 1 of 3)" ]]
	[[ $stderr == *"retrain: job $down did not start: on hostB: exit 255"* ]]
	[[ $stderr == *"retrain: 1 of the claimed jobs did not start (given back to the queue)" ]]
	grep -q "released $down: did not start" "$RT_LOG_DIR/retraining_jobs.log"
	# a wrapper that runs nothing and says it succeeded (GNU parallel's,
	# where the remote SHELL is unset) is caught the same way
	run --separate-stderr env FAKE_SSH_SHELL= "$P/retrain" --now "$T" --joblog "$tmp/joblog" \
		--sshlogin 1/hostC --ssh "$RT_TOP/tests/lib/fake-ssh"
	assert_failure 69
	[[ $(jf "$down" '"\(.status) \(.attempts) \(.error)"') == "queued 2 did not start: on hostC: exit 0; "* ]]
	# with the host back, the next run completes it
	run --separate-stderr "$P/retrain" --now "$T" --joblog "$tmp/joblog" \
		--sshlogin 1/hostB --ssh "$RT_TOP/tests/lib/fake-ssh"
	assert_success
	[ "$(jf "$down" '"\(.status) \(.attempts) \(.host)"')" = "succeeded 3 hostB" ]
}

@test "retrain: two workers at once on one database run every job exactly once" {
	for s in sharp_action line_movement consensus late_flip; do
		job "j-$s" "$s"
	done | rt-store import
	# each starts two at a time, so each claims two and both take part
	"$P/retrain" --now "$T" --parallel-jobs 4 --jobs 2 --worker wA --joblog "$tmp/joblogA" >"$tmp/outA" 2>&1 3>&- &
	pa=$!
	"$P/retrain" --now "$T" --parallel-jobs 4 --jobs 2 --worker wB --joblog "$tmp/joblogB" >"$tmp/outB" 2>&1 3>&- &
	pb=$!
	wait "$pa"
	wait "$pb"
	cat "$tmp/outA" "$tmp/outB"
	[ "$(rt-store export job | jq -r '"\(.status) \(.attempts)"' | sort | uniq -c | awk '{print $1, $2, $3}')" = "4 succeeded 1" ]
	[ "$(rt-store export job | jq -r .worker | sort | uniq -c | awk '{print $1, $2}' | tr '\n' ,)" = "2 wA,2 wB," ]
	# each job ran once: one line in one job log, one candidate each
	[ "$(cat "$tmp/joblogA" "$tmp/joblogB" | grep -c retrain-job)" -eq 4 ]
	[ "$(cat "$tmp/joblogA" "$tmp/joblogB" | grep -o 'retrain-job j-[a-z_]*' | sort -u | wc -l)" -eq 4 ]
	[ "$(rt-store export model | jq -r '.lineage.job_id // empty' | sort | uniq -c | awk '$1 != 1' | wc -l)" -eq 0 ]
	[ "$(rt-store export model | jq -r '.lineage.job_id // empty' | wc -l)" -eq 4 ]
}

# on HOST, through the ssh stand-in, in the background: the pid in $!
on_host() {
	local host=$1
	shift
	"$RT_TOP/tests/lib/fake-ssh" "$host" -- "$(printf '%q ' "$@")" 3>&- &
}

@test "two dailies, then two retrains, at once on two hosts: no duplicate trigger or job, no job run twice" {
	# a floor no strategy reaches, on the few bets of the tiny season:
	# rt-detect raises a trigger for each strategy
	printf 'min_roi_percentage = 500\nmin_bets = 5\nsignificance_level = 0.2\n' >"$tmp/detect.conf"
	export RT_DETECT_CONFIG=$tmp/detect.conf
	local round h rc ok
	for round in 1 2 3; do
		ok=0
		on_host hostA "$P/daily" --settle-days 20 --market-days 0 --prom "$tmp/A.prom" --now "$T" >"$tmp/dA$round" 2>&1
		pa=$!
		on_host hostB "$P/daily" --settle-days 20 --market-days 0 --prom "$tmp/B.prom" --now "$T" >"$tmp/dB$round" 2>&1
		pb=$!
		for h in "$pa" "$pb"; do
			rc=0
			wait "$h" || rc=$?
			# the one that found the lock held says so and exits 75
			case $rc in 0) ok=$((ok + 1)) ;; 75) ;; *) cat "$tmp/dA$round" "$tmp/dB$round"; false ;; esac
		done
		[ "$ok" -ge 1 ]
	done
	grep -h 'another run holds' "$tmp"/d[AB]? || true
	# one active trigger per strategy and type, however many runs
	[ "$(rt-store export trigger --status active | jq -r '"\(.strategy) \(.type)"' | sort | uniq -d | wc -l)" -eq 0 ]
	[ "$(rt-store export trigger --status active | jq -r .strategy | sort -u | tr '\n' ' ')" = "line_movement sharp_action " ]
	# one queued job per strategy
	[ "$(rt-store export job | jq -r '"\(.strategy) \(.status)"' | sort | tr '\n' ,)" = "line_movement queued,sharp_action queued," ]

	# two retrains at once, one on each host, sharing the work
	on_host hostA "$P/retrain" --now "$T" --parallel-jobs 4 --jobs 2 --worker wA --joblog "$tmp/joblogA" >"$tmp/rA" 2>&1
	pa=$!
	on_host hostB "$P/retrain" --now "$T" --parallel-jobs 4 --jobs 2 --worker wB --joblog "$tmp/joblogB" >"$tmp/rB" 2>&1
	pb=$!
	wait "$pa"
	wait "$pb"
	cat "$tmp/rA" "$tmp/rB"
	# each job succeeded on its first claim, on the host of its worker
	[ "$(rt-store export job | jq -r '"\(.status) \(.attempts)"' | sort | uniq -c | awk '{print $1, $2, $3}')" = "2 succeeded 1" ]
	rt-store export job | jq -r '"\(.worker) \(.host)"' | while read -r w hst; do
		[ "$w $hst" = "wA hostA" ] || [ "$w $hst" = "wB hostB" ]
	done
	# run once: one line in the job logs, one start in the log, one candidate
	[ "$(cat "$tmp"/joblog[AB] 2>/dev/null | grep -c retrain-job)" -eq 2 ]
	[ "$(grep -c ' starts on ' "$RT_LOG_DIR/retraining_jobs.log")" -eq 2 ]
	[ "$(rt-store export model | jq -r '.lineage.job_id // empty' | sort | uniq -c | awk '{print $1}' | tr '\n' ' ')" = "1 1 " ]
	# and their triggers answered: nothing left to enqueue
	[ "$(rt-store export trigger --status active | wc -l)" -eq 0 ]
	on_host hostA "$P/daily" --settle-days 20 --market-days 0 --prom "$tmp/A.prom" --now "$T" >"$tmp/dA4" 2>&1
	wait $!
	[ "$(rt-store export job | wc -l)" -eq 2 ]
}

@test "retrain: cancelling a running job stops its process group and the run" {
	job slow line_movement 500 | rt-store import
	"$P/retrain" --now "$T" --worker wc --joblog "$tmp/joblog" >"$tmp/out" 2>&1 3>&- &
	rp=$!
	pgid=$(wait_pgid slow)
	[ "$(jf slow .worker)" = wc ]
	sleep 1
	kill -0 -- "-$pgid"
	run --separate-stderr rt-store job cancel slow --now "$T"
	assert_success
	group_gone "$pgid" 80
	for _ in $(seq 50); do
		kill -0 "$rp" 2>/dev/null || break
		sleep 0.1
	done
	run kill -0 "$rp"
	assert_failure
	wait "$rp"
	rp='' pgid=''
	[ "$(jf slow '[.status, .cancel_requested] | map(tostring) | join(" ")')" = "cancelled true" ]
	[ "$(sql "SELECT status FROM jobs")" = cancelled ]
	grep -q 'job slow stopped: no longer this worker' "$RT_LOG_DIR/retraining_jobs.log"
	# no candidate came of it
	[ "$(rt-store export model | jq -r 'select(.lineage.job_id == "slow") | .version' | wc -l)" -eq 0 ]
}

# kill_worker_mid_job JOB WORKER: retrain runs JOB (queued) as WORKER in
# the background (its pid in $rp); once the work has its process group
# ($pgid), the worker's side of retrain-job, the group's parent
# ($parent), is killed with kill -9.
kill_worker_mid_job() {
	"$P/retrain" --now "$T" --worker "$2" --joblog "$tmp/joblog" >"$tmp/out" 2>&1 3>&- &
	rp=$!
	pgid=$(wait_pgid "$1")
	parent=$(ps -o ppid= -p "$pgid" | tr -d ' ')
	[ -n "$parent" ]
	kill -9 "$parent"
}

@test "retrain: a worker killed with kill -9 mid-job: the next run requeues and completes it" {
	job lost sharp_action 5 | rt-store import
	kill_worker_mid_job lost wdead
	kill -9 -- "-$pgid"
	wait "$rp" || true
	group_gone "$pgid" 30
	# shellcheck disable=SC2030 # shellcheck's bats: each test a subshell; kill_worker_mid_job sets them anew
	rp='' pgid=''
	[ "$(jf lost '[.status, .worker, .attempts] | map(tostring) | join(" ")')" = "running wdead 1" ]
	sleep 1.2	# the last heartbeat is older than --stale-seconds 1
	run --separate-stderr "$P/retrain" --now "$T" --worker wnext --stale-seconds 1 --joblog "$tmp/joblog2"
	assert_success
	[[ $output == *"job      lost queued: worker wdead lost"* ]]
	[ "$(jf lost '[.status, .worker, .attempts] | map(tostring) | join(" ")')" = "succeeded wnext 2" ]
	[[ $(jf lost .result.model) == sharp_action@* ]]
}

@test "retrain: the work of a job whose worker side is killed stops within seconds, writing nothing more" {
	job orphan sharp_action 500 | rt-store import
	kill_worker_mid_job orphan wgone	# only the worker's side
	# shellcheck disable=SC2031 # set by kill_worker_mid_job just above, not by the test before
	group_gone "$pgid" 80	# the watchdog looks every second
	# shellcheck disable=SC2031
	wait "$rp" || true
	rp='' pgid=''
	grep -q "job orphan: its worker (pid $parent) is gone: the work stops here" "$RT_LOG_DIR/jobs/orphan.log"
	# no candidate of it, no verdict: the requeued job will make them
	[ -z "$(rt-store export model | jq -r 'select(.lineage.job_id == "orphan") | .version')" ]
	[ "$(rt-store export verdict | wc -l)" -eq 0 ]
	[ "$(jf orphan .status)" = running ]
}

@test "rollout: a started rollout gets its games assigned; a rerun changes nothing" {
	version=$(echo '{"kind":"model","strategy":"sharp_action","params":{"min_differential":8},"status":"candidate","created":"2019-05-06T00:00:00Z"}' |
		rt-store import | jq -r .version)
	[[ $version =~ ^sharp_action@[0-9]+$ ]]
	rt-rollout start --store --force --strategy sharp_action --candidate "$version" --reason demo --now "$T" >/dev/null
	rid=$(rt-store export rollout | jq -r 'select(.candidate == "'"$version"'") | .rollout_id')
	run --separate-stderr "$P/rollout" --now 2019-05-06T07:00:00Z
	assert_success
	n=$(rt-store export assignment | jq -r --arg r "$rid" 'select(.rollout_id == $r) | .game_id' | wc -l)
	[ "$n" -gt 0 ]
	[ "$(rt-store export assignment | wc -l)" -eq "$n" ]
	# the games of the next 36 hours, each assigned to one of the arms
	[ "$(rt-store export assignment | jq -r '"\(.arm) \(.version)"' | sort -u | grep -cv -e "^candidate $version\$" -e '^baseline sharp_action@default$')" -eq 0 ]
	[ "$(rt-store export assignment | jq -r '.game_id[0:10]' | sort -u | tr '\n' ' ')" = "2019-05-06 2019-05-07 " ]
	before=$(db_digest)
	run --separate-stderr "$P/rollout" --now 2019-05-06T07:00:00Z
	assert_success
	[ "$(db_digest)" = "$before" ]
}

# hold_rollout_lock SECONDS: a session holds the rollout lock for that
# long, in the background (pid in $holder), once it has it.
hold_rollout_lock() {
	psql -X -q "$RT_DATABASE_URL" -c "SELECT pg_advisory_lock(hashtext('rt-rollout')); SELECT pg_sleep($1)" \
		>/dev/null 3>&- &
	holder=$!
	for _ in $(seq 100); do
		[ "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 0 ] || return 0
		sleep 0.05
	done
	return 1
}

@test "rollout: waits for a rollout lock held a moment; held past RT_ROLLOUT_WAIT: 75, nothing changed" {
	version=$(echo '{"kind":"model","strategy":"sharp_action","params":{"min_differential":8},"status":"candidate","created":"2019-05-06T00:00:00Z"}' |
		rt-store import | jq -r .version)
	rt-rollout start --store --force --strategy sharp_action --candidate "$version" --reason demo --now "$T" >/dev/null
	# held longer than the wait: 75, the reason on stderr, nothing written
	hold_rollout_lock 6
	before=$(db_digest)
	run --separate-stderr env RT_ROLLOUT_WAIT=1 "$P/rollout" --now 2019-05-06T07:00:00Z
	assert_failure 75
	[[ $stderr == *"the rollout lock stayed held for 1 s"* ]]
	[ "$(db_digest)" = "$before" ]
	wait "$holder"
	# held a moment (a job's start, a killed run's session): the run waits and does its work
	hold_rollout_lock 2
	run --separate-stderr env RT_ROLLOUT_WAIT=30 "$P/rollout" --now 2019-05-06T07:00:00Z
	assert_success
	wait "$holder"
	holder=''
	[ "$(rt-store export assignment | wc -l)" -gt 0 ]
	run --separate-stderr env RT_ROLLOUT_WAIT=soon "$P/rollout" --now 2019-05-06T07:00:00Z
	assert_failure 64
}
