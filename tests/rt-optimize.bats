#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# rt-optimize: ask and tell, and the walk-forward search (issue 5, in progress).

setup_file() {
	load lib/helpers
	export GAMES=$BATS_FILE_TMPDIR/season.ndjson SPACE=$BATS_FILE_TMPDIR/space.ndjson
	rt-sim --seed 1 --season 2019 >"$GAMES"
	rt-optimize --list-parameters sharp_action >"$SPACE"
}

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
}

@test "--list-parameters prints the same space as rt-backtest" {
	run --separate-stderr rt-optimize --list-parameters sharp_action
	assert_success
	assert_equal "$output" "$(rt-backtest --list-parameters sharp_action)"
	run --separate-stderr rt-optimize --list-parameters nope
	assert_equal "$status" 64
}

@test "usage errors exit 64" {
	run --separate-stderr rt-optimize
	assert_equal "$status" 64
	run --separate-stderr rt-optimize --ask 2
	assert_equal "$status" 64
	[[ $stderr == *"--ask needs --space FILE"* ]]
	run --separate-stderr rt-optimize --strategy sharp_action --objective profit
	assert_equal "$status" 64
	run --separate-stderr rt-optimize --strategy sharp_action --max-evaluations 0
	assert_equal "$status" 64
}

@test "ask: a new study starts from the defaults, numbered from 0, state asked" {
	run --separate-stderr rt-optimize --space "$SPACE" --ask 3 --seed 1 </dev/null
	assert_success
	assert_equal "$(jq -r '[.number, .state] | join(" ")' <<<"$output" | paste -sd,)" "0 asked,1 asked,2 asked"
	assert_equal "$(head -n 1 <<<"$output" | jq -c .params)" \
		"$(rt-backtest --list-parameters sharp_action | jq -s -c 'map({(.name): .default}) | add')"
}

@test "ask: the same history and seed give the same proposals; another seed others" {
	a=$(rt-optimize --space "$SPACE" --ask 4 --seed 7 </dev/null)
	b=$(rt-optimize --space "$SPACE" --ask 4 --seed 7 </dev/null)
	c=$(rt-optimize --space "$SPACE" --ask 4 --seed 8 </dev/null)
	assert_equal "$a" "$b"
	[ "$(sed -n 2p <<<"$a")" != "$(sed -n 2p <<<"$c")" ]
}

@test "ask: every proposal lies inside the space; a batch is spread, not copies" {
	# a history of 12 told trials on a made-up objective, then a batch of 6
	rt-optimize --space "$SPACE" --ask 12 --seed 3 </dev/null |
		jq -c '.state = "complete" | .value = (.params.min_differential - (.params.decision_minutes / 10))' \
		>"$tmp/history"
	run --separate-stderr rt-optimize --space "$SPACE" --ask 6 --seed 3 "$tmp/history"
	assert_success
	assert_equal "$(jq -r .number <<<"$output" | paste -sd' ')" "12 13 14 15 16 17"
	jq -e -n --slurpfile s "$SPACE" --slurpfile t <(printf '%s\n' "$output") '
	  ($s | map({(.name): .}) | add) as $sp
	  | all($t[]; .params | to_entries | all(
	      . as $e | $sp[$e.key] as $p
	      | if $p.type == "choice" then ($p.choices | index($e.value)) != null
	        else $e.value >= $p.low and $e.value <= $p.high
	          and ($p.type != "int" or ($e.value | floor) == $e.value) end))' >/dev/null
	assert_equal "$(jq -c .params <<<"$output" | sort -u | wc -l)" 6
}

@test "ask: minimize turns the objective round" {
	rt-optimize --space "$SPACE" --ask 10 --seed 2 </dev/null |
		jq -c '.state = "complete" | .value = .params.min_differential' >"$tmp/h"
	max=$(rt-optimize --space "$SPACE" --ask 1 --seed 2 "$tmp/h" | jq .params.min_differential)
	min=$(rt-optimize --space "$SPACE" --ask 1 --seed 2 --direction minimize "$tmp/h" | jq .params.min_differential)
	awk -v a="$max" -v b="$min" 'BEGIN { exit !(a > b) }'
}

@test "search: trials with per-fold results, then a candidate model with its lineage" {
	run --separate-stderr rt-optimize --strategy sharp_action --max-evaluations 12 --folds 3 \
		--min-bets 10 --seed 1 --now 2019-10-01 --job-id j-1 --trigger-id t-1 --trigger-id t-2 \
		--version sharp_action@cand "$GAMES"
	assert_success
	assert_equal "$(grep -c '"kind":"trial"' <<<"$output")" 12
	assert_equal "$(grep '"kind":"trial"' <<<"$output" | jq -r '.folds | length' | sort -u)" 3
	model=$(tail -n 1 <<<"$output")
	assert_equal "$(jq -c '[.kind, .strategy, .version, .status, .objective, .trials, .train_from, .train_until, .lineage]' <<<"$model")" \
		'["model","sharp_action","sharp_action@cand","candidate","roi_pct",12,"2019-03-28","2019-09-29",{"job_id":"j-1","study":"sharp_action","trigger_ids":["t-1","t-2"]}]'
	# the model's value is the best complete trial's
	assert_equal "$(jq .value <<<"$model")" \
		"$(grep '"state":"complete"' <<<"$output" | jq -s 'map(.value) | max')"
	# and its parameters run in rt-backtest as they are
	jq -c . <<<"$model" >"$tmp/model"
	run --separate-stderr rt-backtest --model "$tmp/model" --now 2019-10-01 "$GAMES"
	assert_success
}

@test "search: the same seed gives the same study" {
	a=$(rt-optimize --strategy consensus --max-evaluations 8 --folds 2 --min-bets 5 --seed 4 --now 2019-10-01 "$GAMES" | md5sum)
	b=$(rt-optimize --strategy consensus --max-evaluations 8 --folds 2 --min-bets 5 --seed 4 --now 2019-10-01 "$GAMES" | md5sum)
	assert_equal "$a" "$b"
}

@test "search: --trials appends each trial; a second run resumes the study" {
	rt-optimize --strategy sharp_action --max-evaluations 6 --folds 3 --min-bets 10 --seed 1 \
		--now 2019-10-01 --trials "$tmp/t" "$GAMES" >/dev/null
	assert_equal "$(wc -l <"$tmp/t")" 6
	run --separate-stderr rt-optimize --strategy sharp_action --max-evaluations 4 --folds 3 \
		--min-bets 10 --seed 1 --now 2019-10-01 --trials "$tmp/t" "$GAMES"
	assert_success
	assert_equal "$(wc -l <"$tmp/t")" 10
	assert_equal "$(jq -r .number "$tmp/t" | paste -sd' ')" "0 1 2 3 4 5 6 7 8 9"
	assert_equal "$(tail -n 1 <<<"$output" | jq .trials)" 10
}

@test "search: after kill -9 the study resumes with what was written" {
	( rt-optimize --strategy line_movement --max-evaluations 100000 --folds 3 --min-bets 5 \
		--seed 2 --now 2019-10-01 --trials "$tmp/k" "$GAMES" >/dev/null 2>&1 & echo $! >"$tmp/pid"; wait ) &
	for _ in $(seq 1 100); do
		[ -s "$tmp/k" ] && [ "$(wc -l <"$tmp/k")" -ge 5 ] && break
		sleep 0.1
	done
	kill -9 "$(cat "$tmp/pid")"
	wait || true
	n=$(wc -l <"$tmp/k")
	[ "$n" -ge 5 ]
	# every line is whole, numbered without a gap
	jq -e -s 'map(.number) == [range(0; length)]' "$tmp/k" >/dev/null
	rt-optimize --strategy line_movement --max-evaluations 2 --folds 3 --min-bets 5 --seed 2 \
		--now 2019-10-01 --trials "$tmp/k" "$GAMES" >/dev/null
	assert_equal "$(wc -l <"$tmp/k")" "$((n + 2))"
	jq -e -s 'map(.number) == [range(0; length)]' "$tmp/k" >/dev/null
}

@test "search: --timeout stops it within a second" {
	start=$(date +%s)
	run --separate-stderr rt-optimize --strategy sharp_action --max-evaluations 100000 --folds 3 \
		--min-bets 5 --seed 1 --now 2019-10-01 --timeout 3s "$GAMES"
	took=$(($(date +%s) - start))
	[ "$took" -le 4 ] || { echo "took $took s"; false; }
	[[ $stderr == *"--timeout reached"* ]]
}

@test "bayesian beats random on the same budget (Branin, 10 seeds)" {
	# the tree under test: build/, or build/san/ under make sanitize
	run "${RT_UNITDIR:-$RT_TOP/build/tests/unit}/../bench/bench-bo" 10 40
	assert_success
	bo=$(awk '/Branin +bayesian/ { print $(NF-3) }' <<<"$output")
	rnd=$(awk '/Branin +random/ { print $(NF-3) }' <<<"$output")
	echo "# best after 25 evaluations: bayesian $bo, random $rnd" >&3
	awk -v b="$bo" -v r="$rnd" 'BEGIN { exit !(b < r) }'
}

@test "grid: a scrambled full grid, the same points for the same index" {
	run --separate-stderr rt-optimize --space "$SPACE" --ask 6 --algorithm grid </dev/null
	assert_success
	assert_equal "$(jq -c .params <<<"$output" | sort -u | wc -l)" 6
	assert_equal "$output" "$(rt-optimize --space "$SPACE" --ask 6 --algorithm grid --seed 9 </dev/null)"
}

@test "warm start: the production model's values are held by a targeted search and tried first" {
	rt-optimize --strategy sharp_action --max-evaluations 6 --folds 3 --min-bets 10 --seed 1 \
		--now 2019-10-01 "$GAMES" >"$tmp/first"
	tail -n 1 "$tmp/first" | jq -c '.status = "production" | .version = "sharp_action@7"' >"$tmp/warm"
	head -n 6 "$tmp/first" >>"$tmp/warm"
	run --separate-stderr rt-optimize --strategy sharp_action --strategy-type targeted_optimization \
		--warm-start "$tmp/warm" --max-evaluations 4 --folds 3 --min-bets 10 --seed 1 \
		--now 2019-10-01 "$GAMES"
	assert_success
	prod=$(head -n 1 "$tmp/warm" | jq -c .params)
	# trial 0 is the production model, on the high-impact parameters
	assert_equal "$(head -n 1 <<<"$output" | jq -c '.params | keys')" \
		'["decision_minutes","min_differential","timing_weight"]'
	assert_equal "$(head -n 1 <<<"$output" | jq -c .params.min_differential)" "$(jq .min_differential <<<"$prod")"
	# the candidate keeps the production values of the other parameters
	model=$(tail -n 1 <<<"$output")
	for k in price_book min_odds max_odds min_tickets min_books timing_window book_weighting; do
		assert_equal "$(jq -c ".params.$k" <<<"$model")" "$(jq -c ".$k" <<<"$prod")"
	done
}

@test "ask: trials asked and not told yet count, so separate asks spread too" {
	rt-optimize --space "$SPACE" --ask 8 --seed 5 </dev/null |
		jq -c '.state = "complete" | .value = (.params.min_differential / 10)' >"$tmp/h"
	rt-optimize --space "$SPACE" --ask 2 --seed 5 "$tmp/h" >"$tmp/asked"
	assert_equal "$(jq -r .number "$tmp/asked" | paste -sd' ')" "8 9"
	# a second worker asks while 8 and 9 are out: new numbers, other points
	run --separate-stderr rt-optimize --space "$SPACE" --ask 2 --seed 5 "$tmp/h" "$tmp/asked"
	assert_success
	assert_equal "$(jq -r .number <<<"$output" | paste -sd' ')" "10 11"
	assert_equal "$( (jq -c .params "$tmp/asked"; jq -c .params <<<"$output") | sort -u | wc -l)" 4
	# telling 8 replaces its asked record: it is not counted twice
	jq -c 'select(.number == 8) | .state = "complete" | .value = 1' "$tmp/asked" >"$tmp/told"
	run --separate-stderr rt-optimize --space "$SPACE" --ask 1 --seed 5 "$tmp/h" "$tmp/asked" "$tmp/told"
	assert_success
	assert_equal "$(jq -r .number <<<"$output")" 10
}

@test "a planted regime change: the candidate moves toward the new truth" {
	# Before June 15 the recreational books price the public's side dear
	# (fading the public pays), after it they price it cheap (following
	# pays): rec_shade +0.3, then -0.3.  Known from the hidden truth.
	rt-sim --seed 4 --season 2019 --truth --regime 2019-01-01:rec_shade=0.3 \
		--regime 2019-06-15:rec_shade=-0.3 >"$tmp/g"
	grep -E '"date":"2019-0(3|4|5|6-0|6-1[0-4])' "$tmp/g" >"$tmp/pre"
	grep -E '"date":"2019-(06-(1[5-9]|2|3)|07|08)' "$tmp/g" >"$tmp/post"
	grep -E '"date":"2019-09' "$tmp/g" >"$tmp/test"
	jq -c '{game_id, p: .truth.p_home}' "$tmp/test" >"$tmp/truth"
	for set in pre post; do
		rt-optimize --strategy consensus --strategy-type targeted_optimization \
			--max-evaluations 30 --folds 2 --min-bets 5 --seed 1 "$tmp/$set" 2>/dev/null |
			tail -n 1 >"$tmp/model-$set"
		rt-backtest --model "$tmp/model-$set" "$tmp/test" >"$tmp/bets-$set"
	done
	assert_equal "$(jq -r .params.direction "$tmp/model-pre")" fade
	assert_equal "$(jq -r .params.direction "$tmp/model-post")" follow
	# expected return per unit on September's games, from the truth
	ev() {
		jq -n -r --slurpfile t "$tmp/truth" --slurpfile b "$1" '
		  ($t | map({(.game_id): .p}) | add) as $p
		  | [$b[] | (if .side == "home" then $p[.game_id] else 1 - $p[.game_id] end) as $q
		    | (if .odds > 0 then 1 + .odds / 100 else 1 + 100 / (-.odds) end) as $d
		    | $q * $d - 1] | add / length * 100'
	}
	pre=$(ev "$tmp/bets-pre") post=$(ev "$tmp/bets-post")
	echo "# September, expected ROI from the truth: before-candidate $pre%, after-candidate $post%" >&3
	awk -v a="$pre" -v b="$post" 'BEGIN { exit !(b > a && b > 0) }'
}
