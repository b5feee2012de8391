#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# rt-validate: the holdout (never the training data), the models (input,
# store, defaults), the verdict and its checks, the levels, the report
# file, exit statuses and bad input.  The statistics themselves are
# checked against published and hand values in tests/unit/test_rt_validate.c.

setup_file() {
	# one simulated season for every test: the sharps are informed and the
	# recreational books slow, so following the sharp money at the best
	# price earns about 4 points more than at pinnacle's price
	export SEASON=$BATS_FILE_TMPDIR/season.ndjson
	rt-sim --seed 11 --season 2019 --regime 2019-03-28:market_speed=0.25 \
		--regime 2019-03-28:sharp_noise=0.01 --regime 2019-03-28:rec_follow=0.15 >"$SEASON"
}

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	# candidate: the defaults (best price); baseline: pinnacle's price
	cat >"$tmp/models" <<-'EOF'
	{"kind":"model","strategy":"sharp_action","version":"sharp_action@2","status":"candidate","params":{},"train_from":"2019-03-28","train_until":"2019-06-30","trials":40}
	{"kind":"model","strategy":"sharp_action","version":"sharp_action@1","status":"production","params":{"price_book":"pinnacle"},"train_from":"2019-03-28","train_until":"2019-05-31"}
	EOF
}

validate() {
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--now 2019-10-01 --no-store "$@" "$SEASON" "$tmp/models"
}

v() { jq -c "$1" <<<"$output"; }
chk() { jq -c --arg n "$1" ".checks[] | select(.name == \$n) | $2" <<<"$output"; }

@test "rt-validate --help prints the synopsis and every threshold's default" {
	run --separate-stderr rt-validate --help
	assert_success
	assert_output --partial "usage: rt-validate --strategy S --candidate-version V"
	assert_output --partial "--min-improvement P      points of ROI over the baseline (2.0)"
	assert_output --partial "--min-sample N           settled bets of each version (50)"
}

@test "the holdout starts after train_until and the embargo, and never overlaps the training" {
	validate
	assert_success
	assert_equal "$(v '[.kind,.strategy,.candidate,.baseline,.level]')" \
		'["verdict","sharp_action","sharp_action@2","sharp_action@1","standard"]'
	assert_equal "$(v '[.holdout.from,.holdout.until,.training.from,.training.until,.embargo_days]')" \
		'["2019-07-02","2019-09-29","2019-03-28","2019-06-30",1]'
	validate --embargo 7d --holdout-until 2019-08-31
	assert_equal "$(v '[.holdout.from,.holdout.until,.embargo_days]')" '["2019-07-08","2019-08-31",7]'
	# the bets counted are the holdout's only: the backtest of July 8 to
	# August 31 by rt-backtest gives the same count
	n=$(rt-backtest --strategy sharp_action --now 2019-10-01 "$SEASON" |
		jq -s '[.[] | select(.date >= "2019-07-08" and .date <= "2019-08-31" and (.status == "win" or .status == "loss" or .status == "push"))] | length')
	assert_equal "$(v .candidate_figures.bets)" "$n"
	# as of noon on August 15, only what was final by then: the games of
	# the 14th (the last of them final in the early hours of the 15th)
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--now 2019-08-15T12:00:00Z --no-store "$SEASON" "$tmp/models"
	assert_equal "$(v .holdout.until)" '"2019-08-14"'
}

@test "standard: every check names its method, sample, statistic or interval, threshold and outcome" {
	validate --output-file "$tmp/report.json"
	assert_success
	assert_equal "$(v '[.checks[].name]')" \
		'["sample","improvement","roi","win_rate","improvement_test","improvement_interval","win_rate_vs_breakeven","temporal","close_not_worse"]'
	# the closing line: the ROI difference at the close, its upper bound, a p-value of "better"
	assert_equal "$(chk close_not_worse '[(.value | type), (.p_value | type), .threshold]')" '["number","number",0]'
	[[ $(chk close_not_worse .note) == *"games with closing prices; upper bound"* ]]
	assert_equal "$(v .comparison)" '"paired"'
	[ "$(v .shared_games)" -gt 100 ]
	# simulated bets have closing probabilities: the closing line is the evidence
	assert_equal "$(v .evidence)" '"close"'
	[[ $(chk improvement .method) == *"at the close"* ]]
	close_first=$output
	# on the returns, the improvement is the difference of the two ROIs
	validate --evidence returns
	assert_equal "$(v .evidence)" '"returns"'
	jq -e '(.checks[] | select(.name == "improvement") | .value) - (.candidate_figures.roi_pct - .baseline_figures.roi_pct) | fabs < 1e-9' <<<"$output"
	output=$close_first
	assert_equal "$(chk improvement_test '[(.p_value | type), (.statistic | type), .threshold]')" '["number","number",0.05]'
	assert_equal "$(chk improvement_interval '[(.interval | length), .threshold]')" '[2,0]'
	# the decision follows the checks
	want=$(jq -r 'if .checks[0].pass | not then "inconclusive" elif all(.checks[]; .pass) then "pass" else "fail" end' <<<"$output")
	assert_equal "$(v .decision)" "\"$want\""
	# the report file: the verdict and the settings
	assert_equal "$(jq -c 'del(.settings)' "$tmp/report.json")" "$output"
	assert_equal "$(jq -c '.settings | [.min_improvement,.min_roi,.min_win_rate,.min_sample,.significance,.confidence,.max_drawdown,.min_sharpe]' "$tmp/report.json")" \
		'[2,2,0.52,50,0.05,0.95,15,0.8]'
}

@test "levels add their checks: basic < standard < rigorous < production" {
	for l in basic standard rigorous production; do
		validate --validation-level "$l"
		assert_success
		echo "$l $(v '.checks | length')" >>"$tmp/n"
	done
	assert_equal "$(tr '\n' ' ' <"$tmp/n")" "basic 4 standard 9 rigorous 16 production 19 "
	assert_equal "$(v '[.checks[9:][].name]')" \
		'["walk_forward","max_drawdown","sharpe","ruin","stress_1pct","stress_2pct","stress_3pct","deflated_sharpe","stability_books","stability_months"]'
	assert_equal "$(chk deflated_sharpe .n2)" 40
}

@test "the same seed gives the same verdict; another seed another interval" {
	validate --validation-level rigorous
	first=$output
	validate --validation-level rigorous
	assert_equal "$output" "$first"
	validate --validation-level rigorous --seed 2
	refute [ "$(chk improvement_interval .interval)" = "$(jq -c '.checks[] | select(.name == "improvement_interval") | .interval' <<<"$first")" ]
}

@test "inconclusive below the minimum sample; --exit-status makes anything but pass exit 1" {
	validate --holdout-until 2019-07-05
	assert_success
	assert_equal "$(v '[.decision,.checks[0].name,.checks[0].pass]')" '["inconclusive","sample",false]'
	[[ "$(v .reason)" == '"too few bets to tell:'* ]]
	validate --holdout-until 2019-07-05 --exit-status
	assert_failure 1
	# a candidate against itself cannot improve: fail, exit 1
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--baseline-version sharp_action@2 --now 2019-10-01 --no-store --exit-status "$SEASON" "$tmp/models"
	assert_failure 1
	assert_equal "$(v '[.decision,(.checks[] | select(.name == "improvement") | .value)]')" '["fail",0]'
}

@test "the baseline: --baseline-version, the production model, or the defaults" {
	validate --baseline-version sharp_action@default
	assert_equal "$(v .baseline)" '"sharp_action@default"'
	# the defaults are the candidate's parameters here: no improvement
	assert_equal "$(chk improvement .value)" 0
	grep -v production "$tmp/models" >"$tmp/m2"
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--now 2019-10-01 --no-store "$SEASON" "$tmp/m2"
	assert_equal "$(v .baseline)" '"sharp_action@default"'
}

@test "models from the store when the input has none" {
	db_fresh
	rt-store import "$tmp/models"
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--now 2019-10-01 "$SEASON"
	assert_success
	assert_equal "$(v '[.candidate,.baseline,.training.until]')" '["sharp_action@2","sharp_action@1","2019-06-30"]'
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version nope@1 \
		--now 2019-10-01 "$SEASON"
	assert_failure 65
	assert_equal "$stderr" "rt-validate: no model nope@1 of sharp_action in the input or the store"
	# a model of the store made after --now is not known then
	echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@3","status":"candidate","params":{},"train_until":"2019-06-30","created":"2019-10-05T00:00:00Z"}' |
		rt-store import
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@3 \
		--now 2019-10-01 "$SEASON"
	assert_failure 65
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@3 \
		--now 2019-10-06 "$SEASON"
	assert_success
}

@test "bad input and bad usage" {
	run --separate-stderr rt-validate --candidate-version x </dev/null
	assert_failure 64
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version x --validation-level extreme </dev/null
	assert_failure 64
	printf '{"kind":"game","game_id":"g","date":"2019-02-30"}\n' >"$tmp/bad"
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--no-store "$tmp/models" "$tmp/bad"
	assert_failure 65
	[[ "$stderr" == "rt-validate: $tmp/bad:1: "* ]]
	assert_output ""
	# a model's created must be a time
	echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@2","status":"candidate","params":{},"train_until":"2019-06-30","created":"2019-10-02"}' >"$tmp/m8"
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--no-store "$tmp/m8" </dev/null
	assert_failure 65
	assert_equal "$stderr" "rt-validate: $tmp/m8:1: \"created\" is not a time (YYYY-MM-DDTHH:MM:SSZ)"
	# a candidate without train_until has no holdout
	echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@9","status":"candidate","params":{}}' >"$tmp/m9"
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@9 \
		--no-store "$tmp/m9" </dev/null
	assert_failure 65
	assert_equal "$stderr" "rt-validate: model sharp_action@9 has no train_until: its holdout cannot be known"
	# --output-file in a directory that does not exist: exit 74, no verdict half-written
	validate --output-file "$tmp/no/such/dir/report.json"
	assert_failure 74
	assert_output ""
}

@test "models made after --now are not known; a later record that retires the production model wins" {
	validate
	assert_equal "$(v '[.baseline,.baseline_training.until]')" '["sharp_action@1","2019-05-31"]'
	# the production model was made after --now: the defaults instead
	sed 's/"status":"production",/"status":"production","created":"2019-10-02T00:00:00Z",/' "$tmp/models" >"$tmp/m2"
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--now 2019-10-01 --no-store "$SEASON" "$tmp/m2"
	assert_equal "$(v .baseline)" '"sharp_action@default"'
	# a later record of sharp_action@1 retires it
	{ cat "$tmp/models"; echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@1","status":"retired","params":{"price_book":"pinnacle"}}'; } >"$tmp/m3"
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--now 2019-10-01 --no-store "$SEASON" "$tmp/m3"
	assert_equal "$(v .baseline)" '"sharp_action@default"'
}

@test "an input that cannot be read stops, --reject or not: exit 74, no verdict" {
	run --separate-stderr rt-validate --strategy sharp_action --candidate-version sharp_action@2 \
		--now 2019-10-01 --no-store --reject "$tmp/rej" "$tmp/models" "$tmp/no-such-file"
	assert_failure 74
	assert_output ""
}
