#!/usr/bin/env bats
# shellcheck disable=SC2154,SC2086,SC2094 # bats assigns $stderr and $output; $S and $T0 are constants; rt-rollout reads all its input before it writes a byte, so appending its output to an input is safe
# rt-rollout: start, assignment split and stability, each transition of the
# step at its edges, the hand commands, idempotent steps, a crash between
# steps, the store (--store: one transaction, the lock) and the registry
# (numbered versions, production as of a date).  The statistics are checked
# in tests/unit/test_rt_rollout.c; how well the rules decide is the
# benchmark's (make bench).

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	S=sharp_action
	cat >"$tmp/models" <<-'EOF2'
	{"kind":"model","strategy":"sharp_action","version":"sharp_action@1","params":{"price_book":"circa"},"status":"production","created":"2019-04-01T00:00:00Z"}
	{"kind":"model","strategy":"sharp_action","version":"sharp_action@2","params":{},"status":"candidate","created":"2019-04-30T00:00:00Z","lineage":{"job_id":"job-7","trigger_ids":["trg-1"]}}
	{"kind":"verdict","strategy":"sharp_action","candidate":"sharp_action@2","baseline":"sharp_action@1","level":"standard","decision":"pass","checks":[]}
	EOF2
	T0=2019-05-01T12:00:00Z
}

start() { rt-rollout start --strategy $S --now $T0 "$@"; }

# N settled games on 2019-05-02, one bet each by both versions at even
# money; the baseline wins every second game; the candidate wins where
# CAND_RULE (awk, on i) holds.  Live: the candidate's where ARM says so.
# With PC (PB) set, the candidate's (baseline's) bets carry that
# close_prob: at even money, an expected return at the close of 2 PC - 1.
bets() {
	local n=$1 rule=$2
	awk -v n="$n" -v S=$S -v pc="${PC:-}" -v pb="${PB:-}" 'BEGIN {
		for (i = 1; i <= n; i++) {
			d = "2019-05-02"
			for (v = 1; v <= 2; v++) {
				if (v == 1) win = i % 2 == 0; else win = ('"$rule"')
				q = v == 2 ? pc : pb
				cp = q == "" ? "" : sprintf("\"close_prob\":%s,", q)
				printf "{\"kind\":\"bet\",\"bet_id\":\"b%d-%d\",\"strategy\":\"%s\",\"version\":\"%s@%d\",\"arm\":\"production\",\"game_id\":\"g%03d\",\"date\":\"%s\",\"placed\":\"%sT20:00:00Z\",\"market\":\"moneyline\",\"side\":\"home\",\"odds\":100,\"close_odds\":100,%s\"stake\":1,\"status\":\"%s\",\"profit\":%d}\n", \
					i, v, S, S, v, i, d, d, cp, win ? "win" : "loss", win ? 1 : -1
			}
		}
	}'
}

step() { rt-rollout step --now "$1" "$tmp/models" "$tmp/changes" "${@:2}"; }

@test "rt-rollout --help prints the synopsis and every default" {
	run rt-rollout --help
	assert_success
	assert_output --partial "usage: rt-rollout start --strategy S"
	assert_output --partial "--ab-test-traffic-pct P     share of games in the A/B test (20; 0: none)"
	assert_output --partial "--rollout-stages LIST       shares of the stages (10,25,50,100"
	assert_output --partial "--max-stage-hours H    a stage still undecided after H hours pauses (672)"
}

@test "start: a pass verdict against production begins the A/B test; the candidate becomes canary" {
	run --separate-stderr start "$tmp/models"
	assert_success
	r=$(head -1 <<<"$output")
	[ "$(jq -r '[.kind,.seq,.stage,.traffic_pct,.state,.action,.baseline] | join(" ")' <<<"$r")" = "rollout 1 0 20 running start sharp_action@1" ]
	[ "$(jq -r .plan.rollout_stages <<<"$r" | jq -c .)" = "[10,25,50,100]" ]
	m=$(sed -n 2p <<<"$output")
	[ "$(jq -r '[.version,.status,.status_at] | join(" ")' <<<"$m")" = "sharp_action@2 canary $T0" ]
	[ "$(jq -c '[.history[].status]' <<<"$m")" = '["candidate","canary"]' ]
	# the lineage keeps the job and triggers and gains the verdict and rollout
	[ "$(jq -c .lineage <<<"$m")" = "{\"job_id\":\"job-7\",\"trigger_ids\":[\"trg-1\"],\"verdict\":{\"baseline\":\"sharp_action@1\",\"level\":\"standard\",\"decision\":\"pass\"},\"rollout_id\":\"$(jq -r .rollout_id <<<"$r")\"}" ]
}

@test "start refuses without a pass verdict, with an active rollout, or without production" {
	grep -v verdict "$tmp/models" >"$tmp/noverdict"
	run --separate-stderr start --candidate $S@2 "$tmp/noverdict"
	assert_failure 65
	[[ $stderr == *"no pass verdict for sharp_action@2"* ]]
	run --separate-stderr start --candidate $S@2 --force "$tmp/noverdict"
	assert_success
	[[ $(head -1 <<<"$output") == *'"reason":"started with --force, no pass verdict"'* ]]
	start "$tmp/models" >"$tmp/changes"
	run --separate-stderr rt-rollout start --strategy $S --now 2019-05-02 "$tmp/models" "$tmp/changes"
	assert_failure 65
	[[ $stderr == *"already has an active rollout"* ]]
	# the same start at the same time: nothing more
	run --separate-stderr start "$tmp/models" "$tmp/changes"
	assert_success
	[ -z "$output" ]
	sed 's/"production"/"retired"/' "$tmp/models" >"$tmp/noprod"
	run --separate-stderr start "$tmp/noprod"
	assert_failure 65
	[[ $stderr == *"no production version to compare with"* ]]
}

@test "start: a verdict against another baseline is not enough" {
	sed 's/"baseline":"sharp_action@1"/"baseline":"sharp_action@default"/' "$tmp/models" >"$tmp/m2"
	run --separate-stderr start "$tmp/m2"
	assert_failure 65
	[[ $stderr == *"pass verdict is against sharp_action@default, but production is sharp_action@1"* ]]
}

@test "assign: the share follows the stage, the arm is stable, raising the share only adds candidate games" {
	rt-sim --seed 3 --from 2019-05-01 --to 2019-05-31 >"$tmp/games"
	start "$tmp/models" >"$tmp/changes"
	for pct in 10 25 50; do
		sed "s/\"traffic_pct\":20/\"traffic_pct\":$pct/" "$tmp/changes" >"$tmp/c$pct"
		rt-rollout assign --now $T0 --horizon-hours 1000 "$tmp/models" "$tmp/c$pct" "$tmp/games" >"$tmp/a$pct"
	done
	n=$(wc -l <"$tmp/a10")
	[ "$n" -eq "$(grep -c '"kind":"game"' "$tmp/games")" ] || [ "$n" -gt 300 ]
	for pct in 10 25 50; do
		c=$(grep -c '"arm":"candidate"' "$tmp/a$pct")
		share=$(awk -v c="$c" -v n="$n" 'BEGIN { printf "%.0f", 100 * c / n }')
		echo "$pct% planned, $share% observed"
		[ $((share - pct)) -le 6 ] && [ $((pct - share)) -le 6 ]
	done
	# every candidate game at 10% is a candidate game at 25% and 50%
	for lo_hi in "10 25" "25 50"; do
		set -- $lo_hi
		comm -23 <(jq -r 'select(.arm == "candidate") | .game_id' "$tmp/a$1" | sort) \
			<(jq -r 'select(.arm == "candidate") | .game_id' "$tmp/a$2" | sort) >"$tmp/back"
		[ ! -s "$tmp/back" ]
	done
	# reruns agree, byte for byte; and assigned games are not assigned again
	rt-rollout assign --now $T0 --horizon-hours 1000 "$tmp/models" "$tmp/c25" "$tmp/games" | cmp - "$tmp/a25"
	run rt-rollout assign --now $T0 --horizon-hours 1000 "$tmp/models" "$tmp/c25" "$tmp/games" "$tmp/a25"
	assert_success
	[ -z "$output" ]
	# the version named is the arm's
	[ "$(jq -r 'select(.arm == "candidate") | .version' "$tmp/a25" | sort -u)" = "sharp_action@2" ]
	[ "$(jq -r 'select(.arm == "baseline") | .version' "$tmp/a25" | sort -u)" = "sharp_action@1" ]
}

@test "assign: only upcoming games within the horizon, none before the rollout or after it ended" {
	rt-sim --seed 3 --from 2019-04-28 --to 2019-05-04 >"$tmp/games"
	start "$tmp/models" >"$tmp/changes"
	rt-rollout assign --now 2019-05-02T12:00:00Z --horizon-hours 24 "$tmp/models" "$tmp/changes" "$tmp/games" >"$tmp/a"
	# the evening's games of the day; tomorrow's start after the horizon
	[ "$(jq -r '.game_id[0:10]' "$tmp/a" | sort -u | tr '\n' ' ')" = "2019-05-02 " ]
	[ "$(wc -l <"$tmp/a")" -eq "$(grep -c '"date":"2019-05-02"' "$tmp/games")" ]
	rt-rollout rollback --strategy $S --reason "bad" --now 2019-05-02T13:00:00Z "$tmp/models" "$tmp/changes" >>"$tmp/changes"
	run rt-rollout assign --now 2019-05-02T14:00:00Z --horizon-hours 24 "$tmp/models" "$tmp/changes" "$tmp/games"
	assert_success
	[ -z "$output" ]
}

@test "rt-backtest: with assignments, the other version's bets are shadow bets" {
	rt-sim --seed 3 --from 2019-05-01 --to 2019-05-20 >"$tmp/games"
	start "$tmp/models" >"$tmp/changes"
	rt-rollout assign --now $T0 --horizon-hours 1000 "$tmp/models" "$tmp/changes" "$tmp/games" >"$tmp/a"
	rt-backtest --strategy $S --version $S@2 --now 2019-06-01 "$tmp/games" "$tmp/a" >"$tmp/b2"
	rt-backtest --strategy $S --version $S@1 --params '{"price_book":"circa"}' --now 2019-06-01 "$tmp/games" "$tmp/a" >"$tmp/b1"
	jq -r .arm "$tmp/b2" | sort -u | tr '\n' ' ' | grep -qx 'candidate shadow '
	jq -r .arm "$tmp/b1" | sort -u | tr '\n' ' ' | grep -qx 'production shadow '
	# live candidate bets are on candidate games, and only there
	comm -23 <(jq -r 'select(.arm == "candidate") | .game_id' "$tmp/b2" | sort) \
		<(jq -r 'select(.arm == "candidate") | .game_id' "$tmp/a" | sort) >"$tmp/x"
	[ ! -s "$tmp/x" ]
	comm -12 <(jq -r 'select(.arm == "production") | .game_id' "$tmp/b1" | sort) \
		<(jq -r 'select(.arm == "candidate") | .game_id' "$tmp/a" | sort) >"$tmp/x"
	[ ! -s "$tmp/x" ]
}

@test "step: holds while the stage is young or bets are few; advances at the edge" {
	start "$tmp/models" >"$tmp/changes"
	bets 40 'i % 2 == 0' >"$tmp/bets"	# the candidate bets exactly as the baseline
	run --separate-stderr step 2019-05-04T11:59:59Z "$tmp/bets" --verbose
	assert_success
	[ -z "$output" ]
	[[ $stderr == *"hold: stage 0 has run 72.00 of 72 hours"* ]]
	bets 29 'i % 2 == 0' >"$tmp/few"
	run --separate-stderr step 2019-05-06T12:00:00Z "$tmp/few" --verbose
	[ -z "$output" ]
	[[ $stderr == *"waiting for bets: candidate 29, baseline 29"* ]]
	run --separate-stderr step 2019-05-06T12:00:00Z "$tmp/bets"
	assert_success
	# 72 h and 30 bets: on, skipping the 10% stage (below the A/B test's 20%)
	[ "$(jq -r '[.seq,.stage,.traffic_pct,.action,.stage_started] | join(" ")' <<<"$output")" = "2 2 25 advance 2019-05-06T12:00:00Z" ]
}

@test "step: walks the stages to promotion; the old version retires" {
	start "$tmp/models" >"$tmp/changes"
	# the same results, the candidate 3 points better at the close
	PC=0.515 PB=0.5 bets 40 'i % 2 == 0' >"$tmp/bets"
	for t in 2019-05-06T12:00:00Z 2019-05-07T11:00:00Z 2019-05-07T12:00:00Z 2019-05-08T12:00:00Z 2019-05-09T12:00:00Z; do
		step $t "$tmp/bets" >>"$tmp/changes" 2>/dev/null
	done
	[ "$(jq -r 'select(.kind == "rollout") | "\(.traffic_pct)/\(.state)"' "$tmp/changes" | tr '\n' ' ')" = "20/running 25/running 50/running 100/running 100/promoted " ]
	[[ $(jq -r 'select(.state == "promoted") | .reason' "$tmp/changes") == "better at the close at 100% of games: +3.00 points (at least 2.00)"* ]]
	[ "$(jq -r 'select(.state == "promoted") | .evidence.close_games' "$tmp/changes")" = 40 ]
	[ "$(jq -r 'select(.kind == "model") | "\(.version)=\(.status)"' "$tmp/changes" | tr '\n' ' ')" = "sharp_action@2=canary sharp_action@2=production sharp_action@1=retired " ]
	# over: nothing more happens
	run step 2019-05-20T12:00:00Z "$tmp/bets"
	[ -z "$output" ]
}

@test "step: a credibly worse candidate is rolled back, not before the evidence" {
	start "$tmp/models" >"$tmp/changes"
	bets 200 'i % 4 == 0' >"$tmp/bets"	# loses half the games the baseline wins
	run --separate-stderr step 2019-05-03T12:00:00Z "$tmp/bets"
	assert_success
	r=$(head -1 <<<"$output")
	[ "$(jq -r '[.state,.action,.evidence.games] | join(" ")' <<<"$r")" = "rolled_back rollback 200" ]
	[[ $(jq -r .reason <<<"$r") == "the candidate is credibly worse: -50.00 points"* ]]
	[ "$(jq -r '.evidence.upper_pct < 0' <<<"$r")" = true ]
	[ "$(sed -n 2p <<<"$output" | jq -r '[.version,.status] | join(" ")')" = "sharp_action@2 rolled_back" ]
	# 40 games of the same record are not evidence enough yet
	bets 40 'i % 4 == 0' >"$tmp/few"
	run --separate-stderr step 2019-05-03T12:00:00Z "$tmp/few" --verbose
	[ -z "$output" ]
	[[ $stderr == *"hold: stage 0 has run 48.00 of 72 hours"* ]]
}

@test "step: a guardrail rolls back (CLV), a deadline pauses, a paused rollout holds" {
	start "$tmp/models" >"$tmp/changes"
	bets 40 'i % 2 == 0' | sed 's/"version":"sharp_action@2","arm":"production"\(.*\)"close_odds":100/"version":"sharp_action@2","arm":"candidate"\1"close_odds":130/' >"$tmp/bets"
	run --separate-stderr step 2019-05-03T12:00:00Z "$tmp/bets"
	[[ $(jq -r .reason <<<"$(head -1 <<<"$output")") == "guardrail: the candidate's mean CLV -13.04% over 40 bets is below -2.00%" ]]
	# undecided for 672 hours: paused (an alternating record, too noisy)
	bets 40 'i % 3 == 0' >"$tmp/noisy"
	run --separate-stderr step 2019-05-29T11:00:00Z "$tmp/noisy"
	[ -z "$output" ]
	run --separate-stderr step 2019-05-29T12:00:00Z "$tmp/noisy"
	[ "$(jq -r '[.state,.action] | join(" ")' <<<"$output")" = "paused pause" ]
	step 2019-05-29T12:00:00Z "$tmp/noisy" >>"$tmp/changes" 2>/dev/null
	run --separate-stderr step 2019-06-10T12:00:00Z "$tmp/bets" --verbose
	[[ $stderr == *"rollback"* ]]	# a guardrail still acts on a paused rollout
	# a deadline's pause: no money on the candidate; evidence that it is
	# not worse resumes it (issue 16), a pause by hand waits for a hand
	[ "$(jq -r 'select(.action == "pause") | "\(.pause_rule) \(.traffic_pct)"' "$tmp/changes")" = "deadline 0" ]
	bets 40 'i % 2 == 0' >"$tmp/fine"
	run --separate-stderr step 2019-06-10T12:00:00Z "$tmp/fine" --verbose
	[ "$(jq -r '[.state,.action,.traffic_pct,.stage_started] | join(" ")' <<<"$output")" = "running resume 20 2019-06-10T12:00:00Z" ]
	[[ $stderr == *"resume: the evidence has come: not worse in returns"* ]]
	step 2019-06-10T12:00:00Z "$tmp/fine" >>"$tmp/changes" 2>/dev/null
	rt-rollout pause --strategy $S --reason "all-star break" --now 2019-06-11T00:00:00Z "$tmp/models" "$tmp/changes" >>"$tmp/changes"
	run --separate-stderr step 2019-06-12T12:00:00Z "$tmp/fine" --verbose
	[ -z "$output" ]
	[[ $stderr == *"paused: waits for resume"* ]]
	[ "$(jq -r 'select(.reason == "all-star break") | .pause_rule' "$tmp/changes")" = operator ]
	# paused: every new game goes to the baseline, at a share of 0
	rt-sim --seed 3 --from 2019-06-12 --to 2019-06-13 >"$tmp/g12"
	rt-rollout assign --now 2019-06-12T12:00:00Z --horizon-hours 36 "$tmp/models" "$tmp/changes" "$tmp/g12" >"$tmp/a12"
	[ -s "$tmp/a12" ]
	[ "$(jq -r '"\(.arm) \(.traffic_pct)"' "$tmp/a12" | sort -u)" = "baseline 0" ]
}

@test "step: the closing line rolls back a worse candidate that the returns cannot see yet" {
	start "$tmp/models" >"$tmp/changes"
	# identical results, the candidate 4 points worse at the close
	PC=0.48 PB=0.5 bets 25 'i % 2 == 0' >"$tmp/bets"
	run --separate-stderr step 2019-05-03T12:00:00Z "$tmp/bets"
	assert_success
	r=$(head -1 <<<"$output")
	[ "$(jq -r '[.state,.action,.traffic_pct,.evidence.close_games,.evidence.close_diff_pct] | join(" ")' <<<"$r")" = "rolled_back rollback 0 25 -4" ]
	[[ $(jq -r .reason <<<"$r") == "the candidate is credibly worse at the close: -4.00 points of ROI over 25 games"* ]]
	# 19 games with closing prices: not yet (min_close_games 20)
	PC=0.48 PB=0.5 bets 19 'i % 2 == 0' >"$tmp/few"
	run --separate-stderr step 2019-05-03T12:00:00Z "$tmp/few" --verbose
	[ -z "$output" ]
	[[ $stderr == *"(19 with closing prices of 20)"* ]]
}

@test "plan: the days a rollout needs, from production's bet rate and closing-line spread" {
	# 60 bets of the production version @1 in the 30 days to June 1: 2 a
	# day; expected returns at the close of -1 or +3 points (sd 2.0169)
	awk 'BEGIN { for (i = 1; i <= 60; i++) {
		d = sprintf("2019-05-%02d", 2 + int((i - 1) / 2)); q = i % 2 ? 0.495 : 0.515
		printf "{\"kind\":\"bet\",\"bet_id\":\"p%d\",\"strategy\":\"sharp_action\",\"version\":\"sharp_action@1\",\"game_id\":\"g%d\",\"date\":\"%s\",\"placed\":\"%sT20:00:00Z\",\"odds\":100,\"close_prob\":%s,\"stake\":1,\"status\":\"loss\",\"profit\":-1}\n", i, i, d, d, q } }' >"$tmp/pbets"
	run --separate-stderr rt-rollout plan --strategy $S --now 2019-06-01T12:00:00Z "$tmp/models" "$tmp/pbets"
	assert_success
	[ "$(jq -r '[.kind,.baseline,.bets_per_day,.close_sd_pct,.least_days_to_promote] | join(" ")' <<<"$output")" = "rollout_plan sharp_action@1 2 2.02 6" ]
	# larger effects need fewer games, never fewer than min_close_games
	jq -e '.effects | (.[0].games > .[1].games) and (.[1].games >= .[2].games) and (map(.games) | min) >= 20' <<<"$output" >/dev/null
	jq -e '.effects[] | select(.effect_pct == 4) | .days == ((.games / 2) | ceil)' <<<"$output" >/dev/null
	[[ $stderr == *"a true difference of 2 points:"* ]]
	# no production version, or no priced bets: exit 65
	run --separate-stderr rt-rollout plan --strategy late_flip --now 2019-06-01T12:00:00Z "$tmp/models"
	assert_failure 65
	run --separate-stderr rt-rollout plan --strategy $S --now 2019-06-01T12:00:00Z "$tmp/models"
	assert_failure 65
	[[ $stderr == *"too few to plan from"* ]]
}

@test "step: a broken split (sample ratio) pauses the rollout" {
	start "$tmp/models" >"$tmp/changes"
	rid=$(jq -r 'select(.kind == "rollout") | .rollout_id' "$tmp/changes")
	# 400 games assigned at 20%, 40 of them to the candidate: half are lost
	awk -v r="$rid" 'BEGIN { for (i = 1; i <= 400; i++)
		printf "{\"kind\":\"assignment\",\"game_id\":\"a%d\",\"strategy\":\"sharp_action\",\"version\":\"v\",\"arm\":\"%s\",\"rollout_id\":\"%s\",\"traffic_pct\":20}\n", i, i <= 40 ? "candidate" : "baseline", r }' >"$tmp/asg"
	run --separate-stderr step 2019-05-03T12:00:00Z "$tmp/asg"
	[ "$(jq -r '[.state,.action] | join(" ")' <<<"$output")" = "paused pause" ]
	[[ $(jq -r .reason <<<"$output") == "sample ratio mismatch: 40 candidate games of 400, 80.0 planned"* ]]
	# 72 of 400: within chance
	awk -v r="$rid" 'BEGIN { for (i = 1; i <= 400; i++)
		printf "{\"kind\":\"assignment\",\"game_id\":\"b%d\",\"strategy\":\"sharp_action\",\"version\":\"v\",\"arm\":\"%s\",\"rollout_id\":\"%s\",\"traffic_pct\":20,\"at\":\"2019-05-04T12:00:00Z\"}\n", i, i <= 72 ? "candidate" : "baseline", r }' >"$tmp/good"
	run --separate-stderr step 2019-05-03T12:00:00Z "$tmp/good"
	[ -z "$output" ]
	# paused for the broken split, fixed, resumed: the check counts the
	# assignments made since the resume, not the broken ones before
	sed 's/"traffic_pct":20}/"traffic_pct":20,"at":"2019-05-02T12:00:00Z"}/' "$tmp/asg" >"$tmp/old"
	step 2019-05-03T12:00:00Z "$tmp/old" >>"$tmp/changes" 2>/dev/null
	rt-rollout resume --strategy $S --reason "assignment fixed" --now 2019-05-04T11:00:00Z \
		"$tmp/models" "$tmp/changes" >>"$tmp/changes"
	[ "$(jq -r 'select(.action == "resume") | .srm_since' "$tmp/changes")" = 2019-05-04T11:00:00Z ]
	run --separate-stderr step 2019-05-05T12:00:00Z "$tmp/old" "$tmp/good" --verbose
	[ -z "$output" ]
	[[ $stderr == *"hold"* ]]
	[[ $stderr != *"sample ratio"* ]]
}

@test "by hand: pause, resume, promote and rollback, each recorded; --reason is required" {
	start "$tmp/models" >"$tmp/changes"
	run --separate-stderr rt-rollout pause --strategy $S --now 2019-05-02 "$tmp/models" "$tmp/changes"
	assert_failure 64
	[[ $stderr == *"pause needs --reason"* ]]
	rt-rollout pause --strategy $S --reason "wait for the all-star break" --now 2019-05-02 "$tmp/models" "$tmp/changes" >>"$tmp/changes"
	run rt-rollout pause --strategy $S --reason again --now 2019-05-02 "$tmp/models" "$tmp/changes"
	[ -z "$output" ]
	rt-rollout resume --strategy $S --reason go --now 2019-05-03T00:00:00Z "$tmp/models" "$tmp/changes" >>"$tmp/changes"
	rt-rollout promote --strategy $S --reason "confident" --now 2019-05-04 "$tmp/models" "$tmp/changes" >>"$tmp/changes"
	[ "$(jq -r 'select(.kind == "rollout") | "\(.action):\(.state):\(.reason)"' "$tmp/changes" | tr '\n' '|')" = \
		"start:running:pass verdict|pause:paused:wait for the all-star break|resume:running:go|promote:promoted:confident|" ]
	[ "$(jq -r 'select(.kind == "rollout" and .action == "resume") | .stage_started' "$tmp/changes")" = "2019-05-03T00:00:00Z" ]
	# production is @2 now; a rollback with no rollout goes back to @1
	rt-rollout rollback --strategy $S --reason "lost money" --now 2019-05-10 "$tmp/models" "$tmp/changes" >"$tmp/rb"
	[ "$(jq -r 'select(.kind == "rollout") | "\(.candidate) \(.baseline) \(.state)"' "$tmp/rb")" = "sharp_action@2 sharp_action@1 rolled_back" ]
	[ "$(jq -r 'select(.kind == "model") | "\(.version)=\(.status)"' "$tmp/rb" | tr '\n' ' ')" = "sharp_action@2=rolled_back sharp_action@1=production " ]
	# the same rollback at the same time again: nothing
	run rt-rollout rollback --strategy $S --reason "lost money" --now 2019-05-10 "$tmp/models" "$tmp/changes" "$tmp/rb"
	assert_success
	[ -z "$output" ]
}

@test "promote --candidate deploys a version with no rollout; bad input names file and line" {
	sed 's/"production"/"retired"/' "$tmp/models" | grep -v sharp_action@2 >"$tmp/m"
	echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@default","params":{},"status":"candidate"}' >>"$tmp/m"
	run --separate-stderr rt-rollout promote --strategy $S --candidate $S@default --reason "first deployment" --now 2019-03-01 "$tmp/m"
	assert_success
	[ "$(jq -r 'select(.kind == "model") | "\(.version)=\(.status)"' <<<"$output")" = "sharp_action@default=production" ]
	printf '%s\n' '{"kind":"rollout","strategy":"sharp_action"}' >"$tmp/bad"
	run --separate-stderr rt-rollout step --now 2019-05-03 "$tmp/models" "$tmp/bad"
	assert_failure 65
	[[ $stderr == *"$tmp/bad:1: a rollout record needs strategy, candidate, rollout_id, state and at"* ]]
	[ -z "$output" ]
	# a closing probability outside (0, 1) is bad input, not a bet without one
	start "$tmp/models" >"$tmp/changes"
	PC=1.2 bets 2 'i % 2 == 0' >"$tmp/badp"
	run --separate-stderr step 2019-05-03T12:00:00Z "$tmp/badp"
	assert_failure 65
	[[ $stderr == *"$tmp/badp:2: a bet's \"close_prob\" must be a probability in (0, 1)"* ]]
	[ -z "$output" ]
}

@test "the store: registry numbers versions, production as of a date, one transaction per step" {
	db_fresh
	printf '%s\n' '{"kind":"model","strategy":"sharp_action","params":{"price_book":"circa"},"status":"production","created":"2019-04-01T00:00:00Z"}' \
		'{"kind":"model","strategy":"sharp_action","params":{},"status":"candidate","created":"2019-04-30T00:00:00Z"}' >"$tmp/new"
	run rt-store import "$tmp/new"
	assert_success
	[ "$(jq -r .version <<<"$output" | tr '\n' ' ')" = "sharp_action@1 sharp_action@2 " ]
	echo '{"kind":"model","strategy":"sharp_action","version":"candidate_v2.1","params":{},"status":"candidate"}' | rt-store import
	sed 's/"production"/"candidate"/' "$tmp/new" >"$tmp/new2"
	run rt-store import "$tmp/new2"	# numbered again: new versions
	[ "$(jq -r .version <<<"$output" | tr '\n' ' ')" = "sharp_action@3 sharp_action@4 " ]
	# "version":null is not "no version": refused, nothing written
	run --separate-stderr rt-store import <<<'{"kind":"model","strategy":"sharp_action","version":null,"status":"candidate"}'
	assert_failure 65
	[[ $stderr == *'<stdin>:1: "version" is null: leave it out for the store to number the model'* ]]
	[ "$(sql "select count(*) from models")" = 5 ]
	grep verdict "$tmp/models" | rt-store import
	run --separate-stderr rt-rollout start --store --strategy $S --now $T0
	assert_success
	PC=0.515 PB=0.5 bets 40 'i % 2 == 0' | rt-store import
	for t in 2019-05-06T12:00:00Z 2019-05-07T12:00:00Z 2019-05-08T12:00:00Z; do
		rt-rollout step --store --now $t 2>/dev/null
	done
	d=$(db_digest)
	# the same step again at the same time: nothing changes
	rt-rollout step --store --now 2019-05-08T12:00:00Z
	[ "$(db_digest)" = "$d" ]
	# a crash between steps: the step's output never reached the store
	rt-rollout step --now 2019-05-09T12:00:00Z <(rt-store export rollout; rt-store export model; rt-store export bet) >"$tmp/lost" 2>/dev/null
	[ -s "$tmp/lost" ]
	[ "$(db_digest)" = "$d" ]
	run --separate-stderr rt-rollout step --store --now 2019-05-09T12:00:00Z
	assert_success
	diff <(canon <<<"$output") <(canon "$tmp/lost")
	[ "$(sql "select string_agg(version || '=' || status, ' ' order by version) from models where strategy = 'sharp_action' and status in ('production', 'retired')")" = "sharp_action@1=retired sharp_action@2=production" ]
	for d in 2019-03-31 2019-04-15 2019-05-09 2019-05-10; do
		rt-store export model --strategy $S --as-of $d | jq -r '"\(.version) \(.status) \(.status_at)"'
	done >"$tmp/asof"
	cat "$tmp/asof"
	# nothing was production on 31 March
	[ "$(cat "$tmp/asof")" = "sharp_action@1 production 2019-04-01T00:00:00Z
sharp_action@2 production 2019-05-09T12:00:00Z
sharp_action@2 production 2019-05-09T12:00:00Z" ]
	# re-importing the candidate's first record does not undo the promotion
	rt-store export model --status production | jq -c '.status = "candidate" | del(.status_at, .history)' | rt-store import
	[ "$(sql "select status from models where version = 'sharp_action@2'")" = production ]
	# the status history has every change with its time
	[ "$(sql "select string_agg(status || '@' || to_char(at at time zone 'UTC', 'MM-DD HH24'), ' ' order by id) from model_status_history where version = 'sharp_action@2'")" = "candidate@04-30 00 canary@05-01 12 production@05-09 12" ]
	# rollback by hand, through the store: back to @1, recorded
	rt-rollout rollback --store --strategy $S --reason "bad week" --now 2019-05-12
	[ "$(rt-store export model --strategy $S --as-of 2019-05-12 | jq -r .version)" = sharp_action@1 ]
	[ "$(rt-store export rollout | jq -r 'select(.reason == "bad week") | .state')" = rolled_back ]
}

@test "the store: another run holding the lock means exit 75, nothing written" {
	db_fresh
	rt-store import "$tmp/models"
	d=$(db_digest)
	psql -X -q "$RT_DATABASE_URL" -c "select pg_advisory_lock(hashtext('rt-rollout')); select pg_sleep(5)" >/dev/null &
	sleep 1
	run --separate-stderr rt-rollout start --store --strategy $S --now $T0
	assert_failure 75
	[[ $stderr == *"another rt-rollout holds the rollout lock"* ]]
	[ "$(db_digest)" = "$d" ]
	wait
	run --separate-stderr rt-rollout start --store --strategy $S --now $T0
	assert_success
}

@test "the store: --wait waits for the lock, up to its limit, then 75" {
	db_fresh
	rt-store import "$tmp/models"
	d=$(db_digest)
	psql -X -q "$RT_DATABASE_URL" -c "select pg_advisory_lock(hashtext('rt-rollout')); select pg_sleep(4)" >/dev/null &
	sleep 1
	# a wait shorter than the hold: 75, with the reason, nothing written
	run --separate-stderr rt-rollout start --store --wait 1 --strategy $S --now $T0
	assert_failure 75
	[[ $stderr == *"the rollout lock stayed held for 1 s"* ]]
	[ "$(db_digest)" = "$d" ]
	# a longer one: the start goes through once the holder lets go
	run --separate-stderr rt-rollout start --store --wait 30 --strategy $S --now $T0
	assert_success
	[ "$(rt-store export rollout | jq -r '"\(.state) \(.action)"')" = "running start" ]
	wait
	# --wait belongs to the store's lock
	run --separate-stderr rt-rollout start --wait 5 --strategy $S --now $T0 "$tmp/models"
	assert_failure 64
}
