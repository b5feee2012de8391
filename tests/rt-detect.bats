#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# rt-detect: each rule on crafted metric, market, model, game, bet and
# schedule records, at and around its threshold; hygiene (active
# triggers, jobs, cooldown); severity; alerts; bad input; the settings.
#
# Hand values: t tails on 99 df by Simpson's rule on the t density (2e5
# steps): P(T <= -2.5) = 0.0070313, P(T <= -2.2) = 0.015066; binomial
# tails by exact sums of C(n,k) p^k (1-p)^(n-k); the CUSUM threshold for
# k 0.5 and an ARL of 20000 by bisection on Siegmund's formula
# (e^b - b - 1) / (2 k^2), b = h + 1.166: 8.04536.

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	NOW=2019-07-31T23:59:59Z
}

# metric WINDOW RETURN_N RETURN_MEAN RETURN_SD [WINS LOSSES [extra jq]]:
# a production metric record of sharp_action@1 as of $NOW.
metric() {
	local w=$1 n=$2 m=$3 sd=$4 wins=${5:-0} losses=${6:-0} extra=${7:-.}
	jq -nc --arg w "$w" --arg now "$NOW" --argjson n "$n" --argjson m "$m" \
		--argjson sd "$sd" --argjson wi "$wins" --argjson lo "$losses" '
		{kind:"metric",strategy:"sharp_action",version:"sharp_action@1",arm:"production",
		 window:$w,as_of:$now,bets:$n,wins:$wi,losses:$lo,pushes:0,staked:$n,
		 profit:($m*$n),roi_pct:(100*$m),win_rate:(if $wi+$lo > 0 then $wi/($wi+$lo) else null end),
		 max_drawdown_pct:5,sharpe:null,clv_pct:null,pending:0,return_n:$n,
		 return_mean:$m,return_sd:$sd,breakeven_rate:0.45}' | jq -c "$extra"
}

# detect ARGS...: rt-detect --now $NOW on $tmp/in, output in $output.
detect() {
	run --separate-stderr rt-detect --now "$NOW" "$@" "$tmp/in"
}

triggers() { jq -c "select(.kind == \"trigger\") | $1" <<<"$output"; }
rules() { jq -c "select(.kind == \"trigger\") | .evidence.rules[] | $1" <<<"$output"; }

@test "rt-detect --help and --print-config show every setting and its default" {
	run --separate-stderr rt-detect --help
	assert_success
	assert_output --partial "usage: rt-detect"
	assert_output --partial "min_roi_percentage = 5"
	run --separate-stderr rt-detect --print-config
	assert_success
	assert_line "min_roi_percentage = 5"
	assert_line "roi_degradation_percentage = 15"
	assert_line "min_win_rate = 0.55"
	assert_line "win_rate_degradation_percentage = 10"
	assert_line "short_term_days = 7"
	assert_line "medium_term_days = 30"
	assert_line "long_term_days = 90"
	assert_line "new_data_games = 100"
	assert_line "new_data_outcomes = 50"
	assert_line "max_days_since_retraining = 30"
	assert_line "min_bets = 50"
	assert_line "significance_level = 0.01"
}

@test "roi floor: fires when the one-sided t test is below the level, with the evidence" {
	# n 100, sd 1: se 0.1; mean -0.2 gives t = (-0.2 - 0.05) / 0.1 = -2.5, p 0.0070313
	metric 30d 100 -0.2 1 >"$tmp/in"
	detect --min-win-rate 0
	assert_success
	assert_equal "$(triggers '[.strategy,.type,.status]')" '["sharp_action","performance_degradation","active"]'
	assert_equal "$(rules '[.rule,.window,.n,.threshold]')" '["roi_floor","30d",100,5]'
	jq -e '(.statistic + 2.5) | fabs < 1e-9' <<<"$(rules .)" >/dev/null
	jq -e '(.p_value - 0.0070313) | fabs < 1e-7' <<<"$(rules .)" >/dev/null
	assert_equal "$(rules .test)" '"one-sided t test of the mean return"'
	# mean -0.17: t = -2.2, p 0.015066 > 0.01: nothing
	metric 30d 100 -0.17 1 >"$tmp/in"
	detect --min-win-rate 0
	assert_success
	assert_equal "$(triggers .type)" ""
	# the level is settable: at 0.02 it fires
	detect --min-win-rate 0 --significance-level 0.02
	assert_equal "$(triggers .type)" '"performance_degradation"'
}

@test "closing-line floor: the mean expected return at the close below 0, t test, 20 bets" {
	# returns fine (ROI +10%); at the close: n 100, sd 3 points, mean
	# -0.75 points: t = -0.75 / 0.3 = -2.5, p 0.0070313 on 99 df
	metric 30d 100 0.1 1 0 0 '.close_ev_n = 100 | .close_ev_pct = -0.75 | .close_ev_sd = 3' >"$tmp/in"
	detect --min-win-rate 0
	assert_success
	assert_equal "$(rules '[.rule,.window,.n,.threshold]')" '["close_ev_floor","30d",100,0]'
	jq -e '(.statistic + 2.5) | fabs < 1e-9' <<<"$(rules .)" >/dev/null
	jq -e '(.p_value - 0.0070313) | fabs < 1e-7' <<<"$(rules .)" >/dev/null
	assert_equal "$(triggers .type)" '"performance_degradation"'
	# -0.66: t = -2.2, p 0.015066 > 0.01: nothing
	metric 30d 100 0.1 1 0 0 '.close_ev_n = 100 | .close_ev_pct = -0.66 | .close_ev_sd = 3' >"$tmp/in"
	detect --min-win-rate 0
	assert_equal "$(triggers .type)" ""
	# the floor is a business level: at +1% the same figures fire
	detect --min-win-rate 0 --min-close-ev-percentage 1
	assert_equal "$(rules '[.rule,.threshold]')" '["close_ev_floor",1]'
	# 19 bets with a closing price are not enough (close_ev_min_bets 20)
	metric 30d 100 0.1 1 0 0 '.close_ev_n = 19 | .close_ev_pct = -5 | .close_ev_sd = 3' >"$tmp/in"
	detect --min-win-rate 0
	assert_equal "$(triggers .type)" ""
	# out of range is bad input, named by file and line
	metric 30d 100 0.1 1 0 0 '.close_ev_n = 100 | .close_ev_pct = -101 | .close_ev_sd = 3' >"$tmp/in"
	detect --min-win-rate 0
	assert_failure 65
	[[ $stderr == *"$tmp/in:1:"*close_ev_pct* ]]
}

@test "sample-size gating: 49 bets never fire; --naive fires on the figure alone" {
	metric 30d 49 -0.5 1 >"$tmp/in"
	detect --min-win-rate 0
	assert_success
	assert_equal "$(triggers .type)" ""
	metric 30d 50 -0.5 1 >"$tmp/in"
	detect --min-win-rate 0
	assert_equal "$(triggers .type)" '"performance_degradation"'
	# naive: 3 bets at 4.9% are below the 5% floor
	metric 7d 3 0.049 1 >"$tmp/in"
	detect --min-win-rate 0 --naive
	assert_equal "$(rules '[.rule,.window]')" '["roi_floor","7d"]'
	assert_equal "$(triggers .evidence.naive)" "true"
	metric 7d 3 0.05 1 >"$tmp/in"
	detect --min-win-rate 0 --naive
	assert_equal "$(triggers .type)" ""
}

@test "win-rate floor: exact binomial; breakeven takes the window's break-even rate" {
	# 20 wins of 50 at a floor of 0.55: P(X <= 20) = 0.0235358 > 0.01; 18: 0.0052968
	metric 30d 50 0.1 1 20 30 >"$tmp/in"
	detect
	assert_equal "$(triggers .type)" ""
	metric 30d 50 0.1 1 18 32 >"$tmp/in"
	detect
	assert_equal "$(rules '[.rule,.n,.threshold]')" '["win_rate_floor",50,0.55]'
	jq -e '(.p_value - 0.0052968) | fabs < 1e-6' <<<"$(rules .)" >/dev/null
	# 18 of 50 against the break-even rate 0.45 is no evidence
	detect --min-win-rate breakeven
	assert_equal "$(triggers .type)" ""
}

@test "roi drop: the short window against the rest of the long one, Welch" {
	# 90d: 300 returns, mean 0.1, sd 1; 7d: 60 returns, mean -0.3, sd 1.
	# rest: 240 returns, mean (30 + 18) / 240 = 0.2; level 0.2 - 0.15*0.2 = 0.17
	{
		metric 7d 60 -0.3 1
		metric 90d 300 0.1 1
	} >"$tmp/in"
	detect --min-win-rate 0 --min-roi-percentage -100
	assert_success
	assert_equal "$(rules '[.rule,.window,.n,.n_reference]')" '["roi_drop","7d",60,240]'
	jq -e '(.threshold - 17) | fabs < 1e-9' <<<"$(rules .)" >/dev/null
	# the same short window a little better: mean 0.0, not credible
	{
		metric 7d 60 0.0 1
		metric 90d 300 0.1 1
	} >"$tmp/in"
	detect --min-win-rate 0 --min-roi-percentage -100
	assert_equal "$(triggers .type)" ""
}

@test "win-rate drop: two proportions against the rest of the long window" {
	# 90d 150 of 300 decided; 30d 18 of 60: rest 132 of 240 (0.55), the
	# level 0.9 * 0.55 = 0.495; z = (0.3 - 0.495) / 0.0658 = -2.96, p 0.0015
	# (20 of 60 gives p 0.011: nothing)
	{
		metric 30d 60 0.05 1 20 40
		metric 90d 300 0.05 1 150 150
	} >"$tmp/in"
	detect --min-win-rate 0 --min-roi-percentage -100
	assert_equal "$(triggers .type)" ""
	{
		metric 30d 60 0.05 1 18 42
		metric 90d 300 0.05 1 150 150
	} >"$tmp/in"
	detect --min-win-rate 0 --min-roi-percentage -100
	assert_equal "$(rules '[.rule,.window,.n,.n_reference]')" '["win_rate_drop","30d",60,240]'
	jq -e '(.threshold - 0.9 * 132 / 240) | fabs < 1e-9' <<<"$(rules .)" >/dev/null
}

@test "severity: the highest of the rules that fired wins, and every reason is kept" {
	# ROI -40% on 100 bets: p tiny and below 0: critical; the win rate too
	metric 30d 100 -0.4 1 30 70 >"$tmp/in"
	detect
	assert_equal "$(triggers .severity)" '"critical"'
	assert_equal "$(rules .rule | sort | tr '\n' ' ')" '"roi_floor" "win_rate_floor" '
	[[ "$(triggers .reason)" == *"(and 1 more)"* ]]
	# just past the level but losing money: medium (low, one step for ROI < 0)
	metric 30d 100 -0.2 1 >"$tmp/in"
	detect --min-win-rate 0
	assert_equal "$(triggers .severity)" '"medium"'
	# credibly under 5% but not losing: 4000 bets at +1%, t -2.53, p 0.0057: low
	metric 90d 4000 0.01 1 >"$tmp/in"
	detect --min-win-rate 0
	assert_equal "$(triggers .severity)" '"low"'
}

@test "drift: the CUSUM threshold for the target ARL (8.04536 at k 0.5, ARL 20000)" {
	ch() {
		metric all 500 0 1 0 0 ".change = {returns:{n:500,warmup:50,mu0:0,sd0:1,cusum:{k:0.5,stat:$1,max:$1},page_hinkley:{delta:0.1,stat:0}},clv:{n:500,warmup:50,mu0:0,sd0:1,cusum:{k:0.5,stat:50,max:50},page_hinkley:{delta:0.1,stat:50}}}"
	}
	ch 8.04 >"$tmp/in"
	detect --min-win-rate 0 --min-roi-percentage -100
	assert_equal "$(triggers .type)" ""
	ch 8.05 >"$tmp/in"
	detect --min-win-rate 0 --min-roi-percentage -100
	assert_equal "$(triggers .type)" '"drift"'
	assert_equal "$(rules '[.rule,.series,.severity]')" '["cusum","returns","medium"]'
	jq -e '(.threshold - 8.04536) | fabs < 1e-4' <<<"$(rules .)" >/dev/null
	# a lower ARL lowers the threshold; the CLV series counts only when asked
	ch 6 >"$tmp/in"
	detect --min-win-rate 0 --min-roi-percentage -100 --drift-arl-bets 1000
	assert_equal "$(rules .rule)" '"cusum"'
	detect --min-win-rate 0 --min-roi-percentage -100 --drift-clv true
	assert_equal "$(rules .series | sort -u | tr '\n' ' ')" '"clv" '
	# and an alert beside the trigger
	assert_output --partial '"metric":"cusum.clv"'
}

@test "market change: KS below the level with D or PSI beyond its threshold, enough games" {
	mk() { jq -nc --arg now "$NOW" --argjson n "$1" --argjson p "$2" --argjson d "$3" \
		'{kind:"market",feature:"move",window:"7d",as_of:$now,n:$n,reference_n:($n*4),psi:0.05,ks:$d,ks_p:$p}'; }
	{ metric 30d 10 0 1; mk 100 5e-5 0.15; } >"$tmp/in"
	detect
	assert_equal "$(triggers '[.strategy,.type]')" '["sharp_action","market_change"]'
	assert_equal "$(rules '[.rule,.feature,.window,.n,.n_reference]')" '["ks","move","7d",100,400]'
	{ metric 30d 10 0 1; mk 100 2e-4 0.15; } >"$tmp/in"
	detect
	assert_equal "$(triggers .type)" ""
	{ metric 30d 10 0 1; mk 100 5e-5 0.09; } >"$tmp/in"
	detect
	assert_equal "$(triggers .type)" ""
	{ metric 30d 10 0 1; mk 49 5e-5 0.3; } >"$tmp/in"
	detect
	assert_equal "$(triggers .type)" ""
	# a shift the production model was trained on does not count
	{ metric 30d 10 0 1; mk 100 5e-5 0.15
	  echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@1","status":"production","train_until":"2019-07-30","params":{}}'
	} >"$tmp/in"
	detect --new-data-games 1000000 --new-data-outcomes 1000000
	assert_equal "$(triggers .type)" ""
}

@test "new data: games and settled bets since train_until, and days since the last retraining" {
	model='{"kind":"model","strategy":"sharp_action","version":"sharp_action@1","status":"production","train_until":"2019-07-20","created":"2019-07-21T00:00:00Z","params":{}}'
	game() { printf '{"kind":"game","game_id":"g%s","date":"%s","result":{"home":1,"away":2,"final_at":"%sT23:00:00Z"}}\n' "$1" "$2" "$2"; }
	{
		echo "$model"
		for i in $(seq 1 99); do game "$i" 2019-07-25; done
		game old 2019-07-20
	} >"$tmp/in"
	detect
	assert_success
	assert_equal "$(triggers .type)" ""
	game 100 2019-07-26 >>"$tmp/in"
	detect
	assert_equal "$(triggers '[.type,.severity]')" '["new_data","low"]'
	assert_equal "$(rules '[.rule,.new_games,.new_outcomes,.threshold]')" '["new_games",100,0,100]'
	# the same game twice counts once
	game 100 2019-07-26 >>"$tmp/in"
	detect
	assert_equal "$(rules '[.rule,.new_games]')" '["new_games",100]'
	detect --new-data-games 101
	assert_equal "$(triggers .type)" ""
	# a game final after --now is not new data yet
	game late 2019-08-02 >>"$tmp/in"
	detect --new-data-games 101
	assert_equal "$(triggers .type)" ""
	# 50 settled bets
	{
		echo "$model"
		for i in $(seq 1 50); do
			printf '{"kind":"bet","bet_id":"b%s","strategy":"sharp_action","version":"sharp_action@1","game_id":"g","date":"2019-07-28","status":"win","profit":1}\n' "$i"
		done
	} >"$tmp/in"
	detect
	assert_equal "$(rules '[.rule,.new_outcomes]')" '["new_outcomes",50]'
	# 31 days after the model was made
	echo "$model" >"$tmp/in"
	NOW=2019-08-21T00:00:01Z detect
	assert_equal "$(rules '[.rule,.severity]')" '["max_days_since_retraining","medium"]'
}

@test "scheduled: interval and cron, due when a fire time lies in (last_run, now]; last_run moves" {
	cat >"$tmp/in" <<-'EOF'
	{"kind":"schedule","name":"weekly","strategy":"sharp_action","type":"cron","cron":"0 2 * * mon","priority":"high","last_run":"2019-07-22T02:00:00Z","enabled":true}
	{"kind":"schedule","name":"daily","strategy":"consensus","type":"interval","interval_hours":24,"priority":"low","last_run":"2019-07-31T00:00:00Z","enabled":true}
	{"kind":"schedule","name":"off","strategy":"late_flip","type":"interval","interval_hours":1,"last_run":null,"enabled":false}
	EOF
	# Monday 2019-07-29 02:00 lies in (07-22 02:00, 07-31]: due; the daily one is not.
	# last_run becomes that fire time, not --now
	detect
	assert_success
	assert_equal "$(triggers '[.strategy,.type,.severity]')" '["sharp_action","scheduled","high"]'
	assert_equal "$(jq -c 'select(.kind == "schedule") | [.name,.last_run,.cron]' <<<"$output")" \
		'["weekly","2019-07-29T02:00:00Z","0 2 * * mon"]'
	# run again at the next Monday: the weekly one ran on 07-29 02:00
	sed -i 's/2019-07-22T02:00:00Z/2019-07-29T02:00:00Z/' "$tmp/in"
	# as of Monday 01:59 the cron is not due yet, but the interval is
	NOW=2019-08-05T01:59:00Z detect
	assert_equal "$(triggers '[.strategy,.severity]')" '["consensus","low"]'
	NOW=2019-08-05T02:00:00Z detect
	assert_equal "$(triggers .strategy | sort | tr '\n' ' ')" '"consensus" "sharp_action" '
	# an interval keeps its rhythm: 24 h from 07-31 00:00, as of 08-05 02:00,
	# last fired 08-05 00:00
	assert_equal "$(jq -c 'select(.kind == "schedule" and .name == "daily") | .last_run' <<<"$output")" \
		'"2019-08-05T00:00:00Z"'
	# a priority of the contract's four only
	echo '{"kind":"schedule","name":"x","strategy":"s","type":"interval","interval_hours":1,"priority":"medium"}' >"$tmp/in"
	detect
	assert_failure 65
}

@test "manual: a trigger of the given severity; held back while one is active unless --force" {
	run --separate-stderr rt-detect --manual --strategy sharp_action --reason "new pitcher data" \
		--severity high --now "$NOW" </dev/null
	assert_success
	assert_equal "$(triggers '[.strategy,.type,.severity,.reason,.status,.created]')" \
		"[\"sharp_action\",\"manual\",\"high\",\"new pitcher data\",\"active\",\"$NOW\"]"
	echo "$output" >"$tmp/in"
	id=$(triggers .trigger_id | tr -d '"')
	[[ "$id" == trg-* ]]
	run --separate-stderr rt-detect --manual --strategy sharp_action --reason again --severity low \
		--now "$NOW" "$tmp/in"
	assert_success
	assert_output ""
	assert_equal "$stderr" "rt-detect: sharp_action manual: held back: trigger $id of this type is active"
	run --separate-stderr rt-detect --manual --strategy sharp_action --reason again --severity low \
		--now "$NOW" --force "$tmp/in"
	assert_equal "$(triggers .reason)" '"again"'
	run --separate-stderr rt-detect --manual --strategy sharp_action --reason x --severity urgent </dev/null
	assert_failure 64
}

@test "hygiene: an active trigger of the type, a queued or running job, the cooldown" {
	metric 30d 100 -0.4 1 >"$tmp/metric"
	trig='{"kind":"trigger","trigger_id":"t1","strategy":"sharp_action","type":"performance_degradation","severity":"low","reason":"x","evidence":{},"created":"2019-07-30T00:00:00Z","status":"active"}'
	{ cat "$tmp/metric"; echo "$trig"; } >"$tmp/in"
	detect --verbose
	assert_equal "$(triggers .type)" ""
	assert_equal "$stderr" "rt-detect: sharp_action performance_degradation: held back: trigger t1 of this type is active"
	# resolved later in the stream: no longer holds
	{ cat "$tmp/metric"; echo "$trig"; echo "${trig/\"active\"/\"resolved\"}"; } >"$tmp/in"
	detect
	assert_equal "$(triggers .type)" '"performance_degradation"'
	for st in queued running; do
		{ cat "$tmp/metric"; echo "{\"kind\":\"job\",\"job_id\":\"j1\",\"strategy\":\"sharp_action\",\"status\":\"$st\"}"; } >"$tmp/in"
		detect
		assert_equal "$(triggers .type)" ""
	done
	# succeeded 10 hours ago: cooling down (72 h); 80 hours ago: not
	{ cat "$tmp/metric"; echo '{"kind":"job","job_id":"j1","strategy":"sharp_action","status":"succeeded","finished":"2019-07-31T14:00:00Z"}'; } >"$tmp/in"
	detect
	assert_equal "$(triggers .type)" ""
	detect --cooldown-hours 5
	assert_equal "$(triggers .type)" '"performance_degradation"'
	{ cat "$tmp/metric"; echo '{"kind":"job","job_id":"j1","strategy":"sharp_action","status":"succeeded","finished":"2019-07-28T15:00:00Z"}'; } >"$tmp/in"
	detect
	assert_equal "$(triggers .type)" '"performance_degradation"'
}

@test "alerts: each figure beyond its level, the highest level, with value and threshold" {
	metric 30d 100 0.03 1 50 50 '.max_drawdown_pct = 16' >"$tmp/in"
	detect --significance-level 1e-9
	assert_equal "$(triggers .type)" ""
	assert_equal "$(jq -c 'select(.kind == "alert") | [.level,.strategy,.metric,.value,.threshold]' <<<"$output")" \
		'["warning","sharp_action","roi_pct.30d",3,5]
["warning","sharp_action","win_rate.30d",0.5,0.55]
["critical","sharp_action","max_drawdown_pct.30d",16,15]'
	metric 30d 100 -0.01 1 40 60 >"$tmp/in"
	detect --significance-level 1e-9
	assert_equal "$(jq -c 'select(.kind == "alert") | [.level,.metric,.threshold]' <<<"$output")" \
		'["critical","roi_pct.30d",0]
["critical","win_rate.30d",0.5]'
}

@test "settings: a [strategy] section beats the file's globals, options beat both" {
	cat >"$tmp/conf" <<-'EOF'
	# thresholds
	min_win_rate = breakeven
	[sharp_action]
	min_roi_percentage = -50   # this one bets dogs
	EOF
	metric 30d 100 -0.3 1 >"$tmp/in"
	metric 30d 100 -0.3 1 0 0 '.strategy = "consensus"' >>"$tmp/in"
	detect --config "$tmp/conf"
	assert_equal "$(triggers .strategy)" '"consensus"'
	detect --config "$tmp/conf" --min-roi-percentage 5
	assert_equal "$(triggers .strategy | sort | tr '\n' ' ')" '"consensus" "sharp_action" '
	run --separate-stderr rt-detect --print-config --config "$tmp/conf" --strategy sharp_action
	assert_line "min_roi_percentage = -50"
	assert_line "min_win_rate = breakeven"
	# --strategy limits the output
	detect --config "$tmp/conf" --min-roi-percentage 5 --strategy sharp_action
	assert_equal "$(triggers .strategy)" '"sharp_action"'
}

@test "bad settings: the config file's line, or a usage error for an option" {
	printf 'min_bets = 50\nmin_roi_percentage = lots\n' >"$tmp/conf"
	run --separate-stderr rt-detect --config "$tmp/conf" --print-config
	assert_failure 65
	assert_equal "$stderr" "rt-detect: $tmp/conf:2: min_roi_percentage: 'lots' is not a number from -100 to 1000"
	printf 'no_such_key = 1\n' >"$tmp/conf"
	run --separate-stderr rt-detect --config "$tmp/conf" --print-config
	assert_failure 65
	assert_equal "$stderr" "rt-detect: $tmp/conf:1: unknown setting 'no_such_key'"
	run --separate-stderr rt-detect --config "$tmp/none" --print-config
	assert_failure 74
	run --separate-stderr rt-detect --min-bets 1.5 --print-config
	assert_failure 64
}

@test "bad input: the first bad record named by file and line, exit 65, nothing written" {
	{
		metric 30d 100 -0.4 1
		echo '{"kind":"metric","strategy":"sharp_action","as_of":"2019-07-31T00:00:00Z"}'
	} >"$tmp/in"
	detect
	assert_failure 65
	assert_output ""
	assert_equal "$stderr" "rt-detect: $tmp/in:2: missing \"window\""
	echo '{"kind":"schedule","name":"x","strategy":"s","type":"cron","cron":"61 * * * *"}' >"$tmp/in"
	detect
	assert_failure 65
	[[ "$stderr" == "rt-detect: $tmp/in:1: \"cron\" '61 * * * *': "* ]]
	# --reject goes on and still exits 65
	{
		echo '{"kind":"trigger","trigger_id":"t","strategy":"s","type":"hunch","status":"active"}'
		metric 30d 100 -0.4 1
	} >"$tmp/in"
	detect --reject "$tmp/rej"
	assert_failure 65
	assert_equal "$(triggers .type)" '"performance_degradation"'
	assert_equal "$(cat "$tmp/rej")" "$(head -n 1 "$tmp/in")"
}

@test "as of --now: later metric records, other arms and future bets are not read" {
	{
		metric 30d 100 -0.4 1 0 0 '.as_of = "2019-08-01T00:00:00Z"'
		metric 30d 100 -0.4 1 0 0 '.arm = "candidate"'
	} >"$tmp/in"
	detect
	assert_success
	assert_output ""
}

@test "--exit-status: 1 when a trigger was written, 0 when none; reruns give the same trigger ids" {
	metric 30d 100 -0.4 1 >"$tmp/in"
	detect --exit-status
	assert_failure 1
	first=$output
	detect
	assert_equal "$output" "$first"
	metric 30d 100 0.4 1 0 0 >"$tmp/in"
	detect --exit-status
	assert_success
}

@test "triggers and alerts go into the store and come back as active triggers" {
	db_fresh
	metric 30d 100 -0.4 1 >"$tmp/in"
	detect
	echo "$output" | rt-store import
	assert_equal "$(sql "SELECT type, severity, status FROM triggers")" "performance_degradation|critical|active"
	assert_equal "$(sql "SELECT metric, level FROM alerts")" "roi_pct.30d|critical"
	# the next run reads them back and holds the same trigger back
	{ cat "$tmp/in"; rt-store export trigger; } >"$tmp/in2"
	run --separate-stderr rt-detect --now "$NOW" "$tmp/in2"
	assert_equal "$(triggers .type)" ""
}

@test "a simulated season: the market change is found after the regime change and not before" {
	rt-sim --seed 3 --season 2019 --regime 2019-06-15:sharp_noise=0.2 >"$tmp/games"
	rt-backtest --strategy sharp_action --now 2019-10-01 "$tmp/games" >"$tmp/bets"
	for d in 2019-05-15 2019-06-14; do
		run --separate-stderr bash -c "cat '$tmp/games' '$tmp/bets' | rt-metrics --now $d | rt-detect --now $d --min-win-rate breakeven"
		assert_success
		assert_equal "$(triggers .type | grep -c market_change)" 0
	done
	run --separate-stderr bash -c "cat '$tmp/games' '$tmp/bets' | rt-metrics --now 2019-07-10 | rt-detect --now 2019-07-10 --min-win-rate breakeven"
	assert_success
	assert_equal "$(triggers .type | grep -c market_change)" 1
}

@test "docs/examples/rt-detect.conf is read as documented" {
	run --separate-stderr rt-detect --config "$RT_TOP/docs/examples/rt-detect.conf" --print-config
	assert_success
	assert_line "min_win_rate = breakeven"
	assert_line "long_term_days = 90"
	run --separate-stderr rt-detect --config "$RT_TOP/docs/examples/rt-detect.conf" --print-config --strategy consensus
	assert_line "long_term_days = 180"
}

@test "crontab.example's daily line runs as cron would run it, installed; a second at once exits 75" {
	db_fresh
	# an installed layout (make install PREFIX=$RT): bin/, share/rt/pipelines/
	mkdir -p "$tmp/rt/bin" "$tmp/rt/share/rt" "$tmp/rt/etc" "$tmp/rt/var"
	for p in "$RT_BINDIR"/rt-*; do
		case $p in *.c | *.o | *.d) continue ;; esac
		ln -s "$p" "$tmp/rt/bin/"
	done
	cp -R "$RT_TOP/pipelines" "$tmp/rt/share/rt/pipelines"
	cp "$RT_TOP/docs/examples/rt-detect.conf" "$tmp/rt/etc/rt-detect.conf"
	printf '#!/bin/sh\nexec rt-sim --seed 2 --from 2019-05-01 --to 2019-05-31\n' >"$tmp/rt/etc/rt-source"
	chmod +x "$tmp/rt/etc/rt-source"
	# the command field of the line, with cron's % escapes undone
	line=$(grep '^0 6 \* \* \*' "$RT_TOP/crontab.example" | sed 's/^0 6 \* \* \* *//; s/\\%/%/g')
	[ -n "$line" ]
	run env -u RT_BINDIR RT="$tmp/rt" RT_LOG_DIR="$tmp/rt/logs" PATH="$tmp/rt/bin:/usr/bin:/bin" sh -c "$line"
	assert_success
	[ "$(sql "SELECT count(*) FROM games")" -gt 0 ]
	grep -q '^rt_daily_last_run_timestamp_seconds ' "$tmp/rt/var/prometheus/rt.prom"
	grep -q 'daily run done' "$tmp/rt/logs/performance_monitoring.log"
	# a second run while one holds the lock exits 75 at once
	rt-store lock rt-daily -- sleep 5 &
	sleep 1
	run env -u RT_BINDIR RT="$tmp/rt" RT_LOG_DIR="$tmp/rt/logs" PATH="$tmp/rt/bin:/usr/bin:/bin" sh -c "$line"
	assert_failure 75
	wait
}

@test "a production model names the version judged; others are left alone" {
	{
		metric 30d 100 -0.4 1
		metric 30d 100 0.2 1 0 0 '.version = "sharp_action@2"'
	} >"$tmp/in"
	detect --min-win-rate 0
	assert_equal "$(rules .version)" '"sharp_action@1"'
	echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@2","status":"production","params":{}}' >>"$tmp/in"
	detect --min-win-rate 0
	assert_equal "$(triggers .type)" ""
	assert_equal "$(jq -c 'select(.kind == "alert") | .version' <<<"$output" | sort -u)" ""
}

@test "windows of different times are not compared; records from after --now are not known" {
	# the 7d window is a day older than the 90d one: no drop test across them
	{
		metric 7d 60 -0.3 1 0 0 '.as_of = "2019-07-30T23:59:59Z"'
		metric 90d 300 0.1 1
	} >"$tmp/in"
	detect --min-win-rate 0 --min-roi-percentage -100
	assert_equal "$(triggers .type)" ""
	# a trigger raised, a job queued, a model made after --now do not hold anything back
	metric 30d 100 -0.4 1 >"$tmp/metric"
	for rec in \
		'{"kind":"trigger","trigger_id":"t1","strategy":"sharp_action","type":"performance_degradation","severity":"low","status":"active","created":"2019-08-01T00:00:00Z"}' \
		'{"kind":"job","job_id":"j1","strategy":"sharp_action","status":"queued","created":"2019-08-01T00:00:00Z"}' \
		'{"kind":"model","strategy":"sharp_action","version":"sharp_action@2","status":"production","created":"2019-08-01T00:00:00Z","params":{}}'; do
		{ cat "$tmp/metric"; echo "$rec"; } >"$tmp/in"
		detect --min-win-rate 0
		assert_equal "$(triggers .type)" '"performance_degradation"'
	done
	# a job that succeeded after --now was still running then
	{ cat "$tmp/metric"; echo '{"kind":"job","job_id":"j1","strategy":"sharp_action","status":"succeeded","created":"2019-07-30T00:00:00Z","finished":"2019-08-02T00:00:00Z"}'; } >"$tmp/in"
	detect --min-win-rate 0 --verbose
	assert_equal "$(triggers .type)" ""
	assert_equal "$stderr" "rt-detect: sharp_action performance_degradation: held back: retraining job j1 is running"
}
