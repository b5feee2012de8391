#!/usr/bin/env bats
# shellcheck disable=SC2154,SC2086 # bats assigns $stderr and $output; $S is a constant
# rt, the operator's front end: every command against a real store (one
# database for the file, emptied before each test), --help of each, usage
# errors (64, before the store is touched), rt-store's exit status passed
# up, --json that parses, and untrusted text stored and shown verbatim and
# never executed.  What the programs behind rt decide is their own tests'.

setup_file() {
	load lib/helpers
	# Without the test cluster the tests that need no store still run.
	if [ "${RT_TEST_DB_OK:-0}" = 1 ] && [ -n "${RT_HOME:-}" ]; then
		db_fresh
		export RT_DATABASE_URL RT_T_DB=1
	fi
}

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	S=sharp_action
	# Text that a shell would run if it ever reached one unquoted.
	EVIL="it said \"hi\" \$(touch $tmp/pwned) \`touch $tmp/pwned2\` 'q' \\ \$HOME;"
}

# A test that needs the store: an empty one.
need_db() {
	[ -n "${RT_T_DB:-}" ] || skip "no test PostgreSQL cluster (run the tests with tests/run)"
	sql "TRUNCATE games, bets, metrics, markets, triggers, alerts, schedules, jobs,
	     params, trials, models, model_status_history, verdicts, rollouts, assignments"
}

# Every line of the output is a JSON object.
all_json() { [ -n "$1" ] && jq -e -s 'length > 0 and all(type == "object")' <<<"$1" >/dev/null; }

models() {
	cat <<-'EOF' | rt-store import
	{"kind":"model","strategy":"sharp_action","version":"sharp_action@1","params":{"price_book":"circa"},"status":"production","created":"2019-04-01T00:00:00Z","train_from":"2019-03-01","train_until":"2019-03-31","objective":"roi_pct","value":4.5,"trials":50,"lineage":{"job_id":"job-1"}}
	{"kind":"model","strategy":"sharp_action","version":"sharp_action@2","params":{},"status":"candidate","created":"2019-04-30T00:00:00Z","lineage":{"job_id":"job-7","trigger_ids":["trg-1"]}}
	EOF
}

# Production metrics on May 31 (ROI -9.5) and June 1 (4.25), bets as many
# as the window's days (400 for all); a candidate arm beside them.
metrics() {
	local a w bets roi
	for a in 2019-05-31T00:00:00Z 2019-06-01T00:00:00Z; do
		roi=-9.5
		[ "$a" = 2019-05-31T00:00:00Z ] || roi=4.25
		for w in 7d 30d 90d all; do
			bets=${w%d}
			[ "$w" != all ] || bets=400
			printf '{"kind":"metric","strategy":"sharp_action","version":"sharp_action@1","arm":"production","window":"%s","as_of":"%s","bets":%s,"roi_pct":%s,"win_rate":0.55,"max_drawdown_pct":8.2,"clv_pct":1.2}\n' \
				"$w" "$a" "$bets" "$roi"
		done
		printf '{"kind":"metric","strategy":"sharp_action","version":"sharp_action@2","arm":"candidate","window":"30d","as_of":"%s","bets":12,"roi_pct":7.5,"win_rate":0.6,"max_drawdown_pct":3,"clv_pct":null}\n' "$a"
	done | rt-store import
}

alerts() {
	cat <<-'EOF' | rt-store import
	{"kind":"alert","level":"warning","strategy":"sharp_action","metric":"roi_pct.30d","value":-1.5,"threshold":5,"message":"old round","at":"2019-05-31T06:00:00Z"}
	{"kind":"alert","level":"warning","strategy":"sharp_action","metric":"roi_pct.7d","value":3.1,"threshold":5,"message":"roi 7d below 5","at":"2019-06-01T06:00:00Z"}
	{"kind":"alert","level":"critical","strategy":"sharp_action","metric":"max_drawdown_pct.90d","value":16,"threshold":15,"message":"drawdown","at":"2019-06-01T06:00:00Z"}
	EOF
}

@test "rt --help, rt help, rt --version; no command is a usage error" {
	run --separate-stderr rt --help
	assert_success
	assert_output --partial "usage: rt [--json] COMMAND [ARGS]"
	[ -z "$stderr" ]
	run rt help
	assert_success
	assert_output --partial "usage: rt [--json] COMMAND"
	run rt --version
	assert_success
	[ "$output" = "rt $(rt-store --version | awk '{ print $NF }')" ]
	run --separate-stderr rt
	assert_failure 64
	[[ $stderr == *"usage: rt"* ]]
}

@test "every command answers --help on stdout with exit 0, and rt help CMD says the same" {
	local c
	for c in status "triggers" "triggers check" "triggers create" "triggers resolve" "triggers stats" \
		jobs "jobs start" "jobs status" "jobs cancel" monitoring "monitoring status" "monitoring alerts" \
		"monitoring dashboard" schedules "schedules create" "schedules list" "schedules remove" \
		models "models list" "models validate" "models promote" "models rollback" \
		optimize "optimize list-parameters"; do
		# shellcheck disable=SC2086 # the command's words
		run --separate-stderr rt $c --help
		[ "$status" -eq 0 ] || { echo "rt $c --help: exit $status" && false; }
		[[ $output == "usage: rt ${c%% *}"* ]] || { echo "rt $c --help: $output" && false; }
		[ -z "$stderr" ]
	done
	for c in "triggers create" jobs "models promote" "optimize list-parameters"; do
		# shellcheck disable=SC2086 # the command's words
		[ "$(rt help $c)" = "$(rt $c --help)" ]
	done
	run rt jobs start -h
	assert_success
	assert_output --partial "--max-evaluations N   the most trials of the search (50)"
}

@test "usage errors exit 64 with rt: on stderr, before the store is touched" {
	# shellcheck disable=SC2030 # for this test only
	export RT_DATABASE_URL="postgresql:///none?host=$tmp/none&user=rt"
	local args
	while IFS= read -r args; do
		eval "set -- $args"
		run --separate-stderr rt "$@"
		[ "$status" -eq 64 ] || { echo "rt $args: exit $status, $stderr" && false; }
		[[ $stderr == "rt: "* ]] || { echo "rt $args: $stderr" && false; }
		[ -z "$output" ]
	done <<-'EOF'
	nope
	--frobnicate
	triggers
	triggers check --bogus
	triggers check --watch 0
	triggers create --strategy sharp_action --severity high
	triggers create --strategy sharp_action --reason x --severity urgent
	triggers create --strategy nosuch --reason x --severity low
	triggers create --strategy sharp_action --reason x --severity low --now yesterday
	triggers resolve
	jobs
	jobs start
	jobs start --strategy sharp_action --priority urgent
	jobs start --strategy sharp_action --strategy-type quick
	jobs start --strategy sharp_action --max-evaluations 0
	jobs start --strategy sharp_action --timeout-hours -1
	jobs cancel
	jobs cancel job-1
	monitoring alerts --level info
	schedules create --name n --strategy sharp_action --type weekly
	schedules create --name n --strategy sharp_action --type interval
	schedules create --name n --strategy sharp_action --type interval --interval-hours 0
	schedules create --name n --strategy sharp_action --type cron --cron "0 2 1 *"
	schedules create --name n --strategy sharp_action --type cron --interval-hours 5 --cron "0 2 1 * *"
	schedules remove
	models
	models list --limit 0
	models validate --strategy sharp_action
	models validate --strategy sharp_action --candidate-version v --validation-level extreme
	optimize list-parameters
	optimize list-parameters nosuch
	help nosuch
	../rt-store
	EOF
	# jobs cancel without --force and without a terminal: nobody to ask
	run --separate-stderr rt jobs cancel job-1 </dev/null
	assert_failure 64
	[[ $stderr == *"not a terminal: use --force"* ]]
}

@test "rt NAME runs rt-NAME beside rt, like git" {
	run rt store --help
	assert_success
	assert_output --partial "usage: rt-store init"
	run rt help backtest
	assert_success
	assert_output --partial "usage: rt-backtest"
	run rt backtest --list-strategies
	assert_success
	assert_output --partial "sharp_action"
}

@test "a store that is down: rt-store's exit status (69) and message come up" {
	# shellcheck disable=SC2030,SC2031 # for this test only
	export RT_DATABASE_URL="postgresql:///none?host=$tmp/none&user=rt"
	run --separate-stderr rt triggers check
	assert_failure 69
	[[ $stderr == "rt-store: "*unavailable* ]]
	run --separate-stderr rt jobs start --strategy sharp_action
	assert_failure 69
	run --separate-stderr rt status
	assert_failure 69
}

@test "triggers: created with hostile text, shown verbatim, held back, forced, resolved, counted" {
	need_db
	run --separate-stderr rt triggers create --strategy $S --reason "$EVIL" --severity high --now 2019-06-01T00:00:00Z
	assert_success
	[[ $output =~ ^trg-[0-9a-f]{16}$ ]]
	id=$output
	[ "$(rt-store export trigger | jq -r .reason)" = "$EVIL" ]
	run rt triggers check
	assert_success
	assert_line --index 0 --regexp '^trigger_id +strategy +type +severity +created +reason$'
	assert_line --index 1 "$id  sharp_action  manual  high      2019-06-01 00:00  $EVIL"
	run rt triggers check --json --strategy $S
	assert_success
	all_json "$output"
	[ "$(jq -r .reason <<<"$output")" = "$EVIL" ]
	[ "$output" = "$(rt-store export trigger)" ]
	# the same again: held back, and said so
	run --separate-stderr rt triggers create --strategy $S --reason again --severity low --now 2019-06-02T00:00:00Z
	assert_failure 1
	[[ $stderr == *"held back"*"$id"* ]]
	[[ $stderr == *"--force"* ]]
	run rt --json triggers create --strategy $S --reason again --severity low --force --now 2019-06-02T00:00:00Z
	assert_success
	[ "$(jq -r '[.type, .severity, .status] | join(" ")' <<<"$output")" = "manual low active" ]
	run rt triggers check --strategy line_movement
	assert_output "no active triggers"
	# resolved: status and time kept in the store; again: said, no change
	run rt triggers resolve "$id" --now 2019-06-03T00:00:00Z
	assert_success
	assert_output "resolved $id"
	[ "$(rt-store export trigger --status resolved | jq -r '[.trigger_id, .resolved_at, .reason == $e] | join(" ")' --arg e "$EVIL")" = "$id 2019-06-03T00:00:00Z true" ]
	run --separate-stderr rt triggers resolve "$id"
	assert_success
	[[ $stderr == *"resolved already"* ]]
	run --separate-stderr rt triggers resolve trg-nosuch
	assert_failure 65
	[[ $stderr == *"no trigger trg-nosuch"* ]]
	run rt triggers stats
	assert_success
	assert_line --regexp '^sharp_action +manual +1 +1 +2$'
	assert_line --regexp '^high +0 +1 +1$'
	assert_line --regexp '^low +1 +0 +1$'
	run rt triggers stats --json
	[ "$(jq -c '[.active, .resolved, .total, (.by_severity | length)]' <<<"$output")" = "[1,1,2,2]" ]
	[ ! -e "$tmp/pwned" ] && [ ! -e "$tmp/pwned2" ]
}

@test "triggers check --watch repeats until interrupted; no clearing off a terminal" {
	need_db
	run timeout 1.5 rt triggers check --watch 1
	[ "$status" -eq 124 ]
	assert_line --index 0 --regexp '^every 1s, at .* \(Ctrl-C stops\)$'
	assert_line "no active triggers"
	[[ $output != *$'\033'* ]]
}

@test "jobs: started, refused while queued, shown, cancelled (queued, then finished)" {
	need_db
	run --separate-stderr rt jobs start --strategy $S --priority high --reason "$EVIL" --max-evaluations 25 \
		--timeout-hours 6 --strategy-type targeted_optimization --now 2019-06-01T12:00:00Z
	assert_success
	[[ $output =~ ^job-20190601T120000-[0-9a-f]{6}$ ]]
	id=$output
	[ "$(rt-store export job | jq -c '[.strategy, .strategy_type, .priority, .reason, .max_evaluations, .timeout_hours, .status, .progress_pct, .created, .trigger_ids]')" = \
		"$(jq -nc --arg r "manual: $EVIL" '["sharp_action","targeted_optimization","high",$r,25,6,"queued",0,"2019-06-01T12:00:00Z",[]]')" ]
	run --separate-stderr rt jobs start --strategy $S
	assert_failure 1
	[[ $stderr == *"job $id is already queued for sharp_action; rt jobs cancel $id first"* ]]
	run rt jobs start --strategy line_movement --json --now 2019-06-01T13:00:00Z
	assert_success
	[ "$(jq -r '[.strategy_type, .priority, .reason, .max_evaluations, .timeout_hours] | join(" ")' <<<"$output")" = \
		"full_retraining normal manual: rt jobs start 50 12" ]
	run rt jobs status
	assert_success
	assert_line --index 0 --regexp '^job_id +strategy +type +priority +status +progress +created +started +finished +worker +result$'
	assert_line --regexp "^$id +sharp_action +targeted_optimization +high +queued +0% +2019-06-01 12:00 +- +- +- +-$"
	run rt jobs status --strategy line_movement --json
	all_json "$output"
	[ "$(jq -r .strategy <<<"$output")" = line_movement ]
	run rt jobs status --job-id "$id"
	assert_success
	assert_line --regexp '^reason: +manual: it said "hi"'
	assert_line --partial "manual: $EVIL"
	assert_line --regexp '^max_evaluations: +25$'
	run rt jobs status --job-id "$id" --json
	[ "$(jq -r .job_id <<<"$output")" = "$id" ]
	run --separate-stderr rt jobs status --job-id job-nosuch
	assert_failure 65
	# on a terminal (script(1) makes one) rt asks, and "n" leaves the job
	if command -v script >/dev/null; then
		run script -qec "rt jobs cancel $id" /dev/null <<<n
		assert_failure 1
		assert_output --partial "cancel job $id (strategy sharp_action, queued)? [y/N]"
		assert_output --partial "not cancelled"
		[ "$(rt-store export job --strategy $S | jq -r .status)" = queued ]
	fi
	run rt jobs cancel "$id" --force --now 2019-06-01T12:30:00Z
	assert_success
	assert_output "cancelled $id (it was queued)"
	[ "$(rt-store export job --strategy $S | jq -r .status)" = cancelled ]
	run --separate-stderr rt jobs cancel "$id" --force
	assert_failure 1
	[[ $stderr == *"had finished already"* ]]
	run --separate-stderr rt jobs cancel job-nosuch --force
	assert_failure 65
	# a finished job ends a watch of it; cancelled ones stay in the default view
	run timeout 10 rt jobs status --job-id "$id" --watch 1
	assert_success
	assert_line --regexp '^status: +cancelled$'
	run rt jobs status
	assert_line --regexp "^$id +.* cancelled "
	[ ! -e "$tmp/pwned" ] && [ ! -e "$tmp/pwned2" ]
}

@test "jobs cancel: a running job here has its process group signalled; elsewhere its worker stops it" {
	need_db
	id=$(rt jobs start --strategy $S --now 2019-06-01T12:00:00Z)
	rt-store job claim --worker w1 --now 2019-06-01T12:01:00Z >/dev/null
	# a stand-in for the worker's job: a process group of its own
	setsid sleep 60 </dev/null >/dev/null 2>&1 &
	pg=$!
	rt-store job update "$id" --worker w1 --progress 40 --host "$(hostname)" --pgid "$pg"
	run rt jobs status
	assert_line --regexp "^$id +sharp_action +full_retraining +normal +running +40% .* w1@$(hostname) +-$"
	run rt jobs cancel "$id" --force
	assert_success
	assert_output "cancelled $id: process group $pg on $(hostname) sent SIGTERM"
	for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pg" 2>/dev/null || break; sleep 0.1; done
	run kill -0 "$pg"
	assert_failure
	run rt jobs status --job-id "$id"
	assert_line --regexp '^status: +cancelled$'
	assert_line --regexp '^cancel_requested: +true$'
	# on another host: nothing signalled here
	id=$(rt jobs start --strategy line_movement --now 2019-06-01T12:00:00Z)
	rt-store job claim --worker w2 --now 2019-06-01T12:01:00Z >/dev/null
	rt-store job update "$id" --worker w2 --host elsewhere.example --pgid 4242
	run rt jobs cancel "$id" --force --json
	assert_success
	[ "$(jq -r '[.status, .cancel_requested] | join(" ")' <<<"$output")" = "cancelled true" ]
	run rt jobs status --job-id "$id"
	run rt jobs cancel "$id" --force
	assert_failure 1
}

@test "schedules: created (interval, cron), listed, a bad cron refused, a name taken, removed" {
	need_db
	run rt schedules create --name "Weekly Sharp Action" --strategy $S --type interval --interval-hours 168 \
		--description "$EVIL"
	assert_success
	assert_output "created schedule Weekly Sharp Action"
	run rt schedules create --name monthly --strategy line_movement --type cron --cron "0 3 1-7 * 0" --priority high --json
	assert_success
	[ "$output" = '{"kind":"schedule","name":"monthly","strategy":"line_movement","type":"cron","cron":"0 3 1-7 * 0","priority":"high","enabled":true}' ]
	run --separate-stderr rt schedules create --name bad --strategy $S --type cron --cron "61 2 * * *"
	assert_failure 64
	[[ $stderr == *"bad --cron '61 2 * * *'"* ]]
	run --separate-stderr rt schedules create --name monthly --strategy $S --type interval --interval-hours 1
	assert_failure 1
	[[ $stderr == *"schedule 'monthly' exists"* ]]
	run rt schedules list
	assert_success
	assert_line --index 0 --regexp '^name +strategy +type +every/cron +priority +last_run +enabled +description$'
	assert_line --index 1 --regexp '^Weekly Sharp Action +sharp_action +interval +168 h +normal +- +yes +it said'
	[[ ${lines[1]} == *"$EVIL" ]]
	assert_line --index 2 --regexp '^monthly +line_movement +cron +0 3 1-7 \* 0 +high +- +yes +-$'
	run rt schedules list --json
	all_json "$output"
	[ "$(jq -r 'select(.type == "interval") | .description' <<<"$output")" = "$EVIL" ]
	run rt schedules remove monthly
	assert_success
	assert_output "removed schedule monthly"
	run --separate-stderr rt schedules remove monthly
	assert_failure 1
	[ "$(rt-store export schedule | jq -r .name)" = "Weekly Sharp Action" ]
	[ ! -e "$tmp/pwned" ] && [ ! -e "$tmp/pwned2" ]
}

@test "models: listed newest first, as of a date, promoted and rolled back by hand" {
	need_db
	models
	run rt models list
	assert_success
	assert_line --index 0 --regexp '^strategy +version +status +since +trained_on +objective +trials +job$'
	assert_line --index 1 --regexp '^sharp_action +sharp_action@2 +candidate +2019-04-30 00:00 +- +- +- +job-7$'
	assert_line --index 2 --regexp '^sharp_action +sharp_action@1 +production +2019-04-01 00:00 +2019-03-01..2019-03-31 +roi_pct 4.5 +50 +job-1$'
	run rt models list --limit 1 --json
	[ "$(jq -r .version <<<"$output")" = sharp_action@2 ]
	run rt models promote --strategy $S --candidate $S@2 --reason "$EVIL" --now 2019-05-02T00:00:00Z
	assert_success
	assert_line --index 0 --regexp '^rollout ro-[0-9a-f]+: promoted \(sharp_action@2 against sharp_action@1\)$'
	assert_line --regexp '^sharp_action +sharp_action@2 +production +2019-05-02 00:00 +it said'
	assert_line --regexp '^sharp_action +sharp_action@1 +retired +2019-05-02 00:00 '
	[ "$(rt-store export model --strategy $S --as-of 2019-05-03 | jq -r '[.version, .status_reason == $e] | join(" ")' --arg e "$EVIL")" = "sharp_action@2 true" ]
	run rt models rollback --strategy $S --now 2019-05-03T00:00:00Z --json
	assert_success
	all_json "$output"
	[ "$(jq -r 'select(.kind == "model") | [.version, .status, .status_reason] | join(" ")' <<<"$output")" = \
		"sharp_action@2 rolled_back by hand: rt models rollback
sharp_action@1 production by hand: rt models rollback" ]
	# the registry as it stood between the two
	run rt models list --as-of 2019-05-02T12:00:00Z
	assert_line --regexp '^sharp_action +sharp_action@2 +production +2019-05-02 00:00'
	assert_line --regexp '^sharp_action +sharp_action@1 +retired +2019-05-02 00:00'
	run --separate-stderr rt models promote --strategy $S --now 2019-05-04T00:00:00Z
	assert_failure 65
	[ ! -e "$tmp/pwned" ] && [ ! -e "$tmp/pwned2" ]
}

@test "models validate: the store's games and models, the verdict stored, its checks shown; exit 0 only for pass" {
	need_db
	models
	echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@3","params":{"min_differential":5},"status":"candidate","created":"2019-04-30T00:00:00Z","train_from":"2019-04-01","train_until":"2019-04-30"}' |
		rt-store import
	rt-sim --seed 3 --from 2019-05-01 --to 2019-05-31 | rt-store import
	run --separate-stderr rt models validate --strategy $S --candidate-version $S@3 --validation-level basic \
		--now 2019-06-05T00:00:00Z --output-file "$tmp/report.json"
	decision=$(rt-store export verdict | jq -r .decision)
	[ -n "$decision" ]
	if [ "$decision" = pass ]; then [ "$status" -eq 0 ]; else [ "$status" -eq 1 ]; fi
	assert_line --index 0 --regexp '^check +result +value +threshold +p_value$'
	assert_line --regexp '^sample +(pass|FAIL) +[0-9]+ +50 +-$'
	assert_line --regexp "^decision: $decision \\(sharp_action@3 against sharp_action@1, basic\\)"
	jq -e . "$tmp/report.json" >/dev/null
	run rt models validate --strategy $S --candidate-version $S@3 --validation-level basic --now 2019-06-05T00:00:00Z --json
	all_json "$output"
	[ "$(jq -r .decision <<<"$output")" = "$decision" ]
}

@test "monitoring status and alerts: the latest round by default, everything on request" {
	need_db
	metrics
	alerts
	run rt monitoring status --now 2019-06-02T00:00:00Z
	assert_success
	assert_line --index 0 --regexp '^strategy +version +arm +window +bets +roi_pct +win_rate +drawdown_pct +clv_pct +as_of$'
	assert_line --index 1 --regexp '^sharp_action +sharp_action@1 +production +7d +7 +4.25 +0.550 +8.20 +1.20 +2019-06-01 00:00$'
	assert_line --index 3 --regexp '^sharp_action +sharp_action@1 +production +90d +90 +4.25 '
	[ "${#lines[@]}" -eq 4 ]
	# what was known on May 31: that day's figures
	run rt monitoring status --now 2019-05-31T12:00:00Z --strategy $S
	assert_line --index 2 --regexp '^sharp_action +sharp_action@1 +production +30d +30 +-9.50 '
	run rt monitoring status --detailed --now 2019-06-02T00:00:00Z
	assert_line --regexp '^sharp_action +sharp_action@1 +production +all +400 '
	assert_line --regexp '^sharp_action +sharp_action@2 +candidate +30d +12 +7.50 +0.600 +3.00 +- +2019-06-01 00:00$'
	[ "${#lines[@]}" -eq 6 ]
	run rt monitoring status --json --detailed
	all_json "$output"
	[ "$(jq -s length <<<"$output")" -eq 5 ]
	run rt monitoring status --strategy consensus
	assert_output "no metrics"
	run rt monitoring alerts
	assert_success
	assert_line --index 0 --regexp '^at +level +strategy +metric +value +threshold +message$'
	assert_line --regexp '^2019-06-01 06:00 +critical +sharp_action +max_drawdown_pct.90d +16 +15 +drawdown$'
	assert_line --regexp '^2019-06-01 06:00 +warning +sharp_action +roi_pct.7d +3.1 +5 +roi 7d below 5$'
	[ "${#lines[@]}" -eq 3 ]
	run rt monitoring alerts --history
	[ "${#lines[@]}" -eq 4 ]
	assert_line --index 1 --partial "old round"
	run rt monitoring alerts --level critical --json
	[ "$(jq -r .message <<<"$output")" = drawdown ]
	run rt monitoring alerts --strategy line_movement
	assert_output "no alerts"
}

@test "status: a line per strategy; --detailed adds metrics and the last job; --json" {
	need_db
	models
	metrics
	alerts
	rt triggers create --strategy $S --reason "$EVIL" --severity critical --now 2019-06-01T08:00:00Z >/dev/null
	rt jobs start --strategy $S --now 2019-06-01T09:00:00Z >/dev/null
	run rt status --now 2019-06-01T12:00:00Z
	assert_success
	assert_line --index 0 --regexp '^strategy +production +since +rollout +triggers +queued +running +roi_30d +bets_30d +alerts_24h$'
	assert_line --index 1 --regexp '^sharp_action +sharp_action@1 +2019-04-01 00:00 +- +1 \(critical\) +1 +0 +4.25 +30 +2$'
	assert_line --index 2 --regexp '^line_movement +- +- +- +0 +0 +0 +- +- +0$'
	[ "${#lines[@]}" -eq "$(($(rt-backtest --list-strategies | wc -l) + 1))" ]
	run rt status --detailed --now 2019-06-01T12:00:00Z
	assert_line "latest metrics (production arm):"
	assert_line --regexp '^sharp_action +sharp_action@1 +production +all +400 '
	assert_line "last job of each strategy:"
	assert_line --regexp '^job-20190601T090000-[0-9a-f]{6} +sharp_action +full_retraining +normal +queued '
	run rt status --json --detailed --now 2019-06-01T12:00:00Z
	all_json "$output"
	[ "$(jq -c 'select(.strategy == "sharp_action") | [.production, .active_triggers, .top_severity, .jobs_queued, .roi_pct_30d, .alerts_24h, (.metrics | length), .last_job.status]' <<<"$output")" = \
		'["sharp_action@1",1,"critical",1,4.25,2,4,"queued"]' ]
	[ ! -e "$tmp/pwned" ] && [ ! -e "$tmp/pwned2" ]
}

@test "optimize list-parameters: the space as a table, --json as rt-backtest prints it" {
	run rt optimize list-parameters $S
	assert_success
	assert_line --index 0 --regexp '^name +type +range +default +high_impact +doc$'
	assert_line --regexp '^min_differential +float +2..40 +10 +yes +money % minus bets %'
	assert_line --regexp '^price_book +choice +best,pinnacle,circa,'
	run rt optimize list-parameters $S --json
	assert_success
	[ "$output" = "$(rt-backtest --list-parameters $S)" ]
}

@test "monitoring dashboard: runs the pipeline into --output and says where the page is" {
	need_db
	[ -x "$RT_TOP/pipelines/dashboard" ] || skip "pipelines/dashboard is not there yet"
	models
	run --separate-stderr rt monitoring dashboard --output "$tmp/dash" --now 2019-06-01T12:00:00Z
	assert_success
	assert_output "dashboard: $tmp/dash/index.html"
	[ -s "$tmp/dash/index.html" ]
}
