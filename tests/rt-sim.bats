#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# rt-sim: the simulated market.  One season is drawn once per file and
# shared by the tests (setup_file), so the suite stays quick.

setup_file() {
	load lib/helpers
	export SIM=$BATS_FILE_TMPDIR/season.ndjson
	rt-sim --seed 7 --season 2019 --truth >"$SIM"
}

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
}

@test "rt-sim --help lists every regime key; usage errors exit 64" {
	run --separate-stderr rt-sim --help
	assert_success
	for k in home_adv open_noise news_sd sharp_noise sharp_activity market_speed \
		public_fav_bias public_over_bias rec_follow rec_lag_scale margin_scale; do
		assert_output --partial "$k="
	done
	run --separate-stderr rt-sim
	assert_equal "$status" 64
	[[ $stderr == *"give --season YEAR or --from DATE --to DATE"* ]]
	run --separate-stderr rt-sim --season 2019 --teams 7
	assert_equal "$status" 64
	[[ $stderr == *"--teams '7': must be even"* ]]
	run --separate-stderr rt-sim --season 2019 --books pinnacle,bovada
	assert_equal "$status" 64
	[[ $stderr == *"unknown book"* ]]
	run --separate-stderr rt-sim --season 2019 --regime 2019-06-01:sharp_nose=1
	assert_equal "$status" 64
	[[ $stderr == *"sharp_nose: unknown key"* ]]
	run --separate-stderr rt-sim --season 2019 --regime 2019-02-30:sharp_noise=1
	assert_equal "$status" 64
	run --separate-stderr rt-sim --season 2019 --regime 2019-06-01:market_speed=2
	assert_equal "$status" 64
	run --separate-stderr rt-sim --season 2019 --interval 7m
	assert_equal "$status" 64
}

@test "the same options give the same bytes; another seed gives another season" {
	a=$(rt-sim --seed 3 --from 2019-05-01 --to 2019-05-03 | md5sum)
	b=$(rt-sim --seed 3 --from 2019-05-01 --to 2019-05-03 | md5sum)
	c=$(rt-sim --seed 4 --from 2019-05-01 --to 2019-05-03 | md5sum)
	assert_equal "$a" "$b"
	[ "$a" != "$c" ]
}

@test "a date range gives exactly those games of the whole season, byte for byte" {
	rt-sim --seed 7 --from 2019-06-10 --to 2019-06-12 --truth >"$tmp/part"
	grep -E '"date":"2019-06-1[012]"' "$SIM" >"$tmp/want"
	cmp "$tmp/want" "$tmp/part"
	[ "$(wc -l <"$tmp/part")" -gt 30 ]
}

@test "the schedule: 30 teams, 162 games each, late March to late September, doubleheaders" {
	assert_equal "$(wc -l <"$SIM")" 2430
	assert_equal "$(jq -r '.home, .away' "$SIM" | sort | uniq -c | awk '{ print $1 }' | sort -u)" 162
	assert_equal "$(jq -r '.home, .away' "$SIM" | sort -u | wc -l)" 30
	assert_equal "$(jq -r .date "$SIM" | sed -n '1p;$p' | paste -sd' ')" "2019-03-28 2019-09-29"
	per_day=$(jq -r .date "$SIM" | uniq -c | awk '{ print $1 }' | sort -n | sed -n '1p;$p' | paste -sd' ')
	[[ $per_day =~ ^1[0-3]\ 1[5-6]$ ]] || { echo "games a day: $per_day"; false; }
	dh=$(jq -r 'select(.game_id | endswith("-2")) | .game_id' "$SIM" | wc -l)
	[ "$dh" -ge 10 ] && [ "$dh" -le 80 ]
	# every home team between 75 and 87 home games
	jq -r .home "$SIM" | sort | uniq -c | awk '$1 < 75 || $1 > 87 { bad = 1 } END { exit bad }'
	# ids unique, records in day and start order
	assert_equal "$(jq -r .game_id "$SIM" | sort -u | wc -l)" 2430
	jq -r '[.date, .start] | join(" ")' "$SIM" >"$tmp/order"
	sort -c "$tmp/order"
}

@test "every record is a valid game: snapshots in time order, open and close, nothing after first pitch" {
	jq -e -s 'all(.[];
	    .kind == "game" and (.odds | length) >= 12
	    and ([.odds[].t] == ([.odds[].t] | sort))
	    and ([.splits[].t] == ([.splits[].t] | sort))
	    and (.start as $s | all(.odds[]; .t < $s) and all(.splits[]; .t < $s))
	    and ([.odds[] | select(.tag == "open")] | length) == 6
	    and ([.odds[] | select(.tag == "close")] | length) == 6
	    and all(.odds[]; (.home_ml | fabs) >= 100 and (.away_ml | fabs) >= 100 and .total > 4)
	    and all(.splits[]; .home_bets_pct >= 0 and .home_bets_pct <= 100
	        and .home_money_pct >= 0 and .home_money_pct <= 100 and .tickets > 0)
	    and (.result.final_at > .start)
	    and (.truth.p_home > 0 and .truth.p_home < 1))' "$SIM" >/dev/null
	# the store takes them as they are
	run rt-sim --seed 7 --from 2019-06-10 --to 2019-06-10 --books pinnacle
	assert_success
	assert_equal "$(jq -r '[.odds[].book] | unique | join(",")' <<<"$output" | sort -u)" pinnacle
}

@test "--truth only when asked; --books, --interval and --active-hours shape the snapshots" {
	run rt-sim --seed 7 --from 2019-06-10 --to 2019-06-10
	assert_equal "$(jq -r 'has("truth")' <<<"$output" | sort -u)" false
	run rt-sim --seed 7 --from 2019-06-10 --to 2019-06-10 --books pinnacle,draftkings --interval 1h --active-hours 3
	assert_equal "$(jq -r '[.splits[].book] | unique | join(",")' <<<"$output" | sort -u)" draftkings
	# splits every hour over the last 3 hours: at most 3 a game
	assert_equal "$(jq -r '.splits | length' <<<"$output" | sort -n | tail -n 1)" 3
}

@test "realism: favourites win 55-62%, margins 2-5%, the close beats the open, calibrated" {
	rt-sim --report "$SIM" >"$tmp/r"
	fav=$(awk '/^favourite wins/ { print $NF }' "$tmp/r")
	awk -v f="$fav" 'BEGIN { exit !(f >= 0.55 && f <= 0.62) }'
	lo=$(awk '/^log loss, opening/ { print $NF }' "$tmp/r")
	lc=$(awk '/^log loss, closing/ { print $NF }' "$tmp/r")
	awk -v o="$lo" -v c="$lc" 'BEGIN { exit !(c < o) }'
	awk '/^closing margin/ { if ($NF < 0.02 || $NF > 0.05) bad = 1; n++ } END { exit bad || n != 6 }' "$tmp/r"
	p=$(awk '/Hosmer-Lemeshow/ { print $NF }' "$tmp/r")
	awk -v p="$p" 'BEGIN { exit !(p > 0.01) }'
}

@test "realism: open-to-close moves in the range of the real SBRO lines" {
	[ -f "$SHARED_DATA/sbro-tidy-2010-2019/mlb_odds_2010_2019.csv" ] ||
		skip "the SBRO data is absent ($SHARED_DATA): comparison skipped"
	rt-import sbro --reject /dev/null "$SHARED_DATA/sbro-tidy-2010-2019/mlb_odds_2010_2019.csv" \
		>"$tmp/sbro" 2>/dev/null || true
	rt-sim --report "$SIM" "$tmp/sbro" >"$tmp/r"
	sed "s/^/# /" "$tmp/r" >&3
	# every quantile of the simulated move within half to twice the real one
	awk '/^open->close move/ { if ($(NF-1) < $NF / 2 || $(NF-1) > $NF * 2) bad = 1; n++ }
	     END { exit bad || n != 6 }' "$tmp/r"
}

@test "ground truth: following the sharp money pays before a regime that weakens the sharp signal, and loses after" {
	rt-sim --report "$SIM" >"$tmp/before"
	rt-sim --seed 7 --season 2019 --truth --regime 2019-03-01:sharp_noise=0.2 |
		rt-sim --report >"$tmp/after"
	b=$(awk '/mean return/ { print $NF }' "$tmp/before")
	a=$(awk '/mean return/ { print $NF }' "$tmp/after")
	nb=$(awk '/follow-the-money bets/ { print $NF }' "$tmp/before")
	echo "# follow the money: $b on $nb bets before, $a after" >&3
	awk -v b="$b" -v a="$a" -v n="$nb" 'BEGIN { exit !(b > 0.01 && a < -0.01 && n > 300) }'
}

@test "a regime changes the market from its date on, not before" {
	rt-sim --seed 7 --from 2019-06-01 --to 2019-06-30 --truth \
		--regime 2019-06-15:sharp_activity=0,news_sd=0 >"$tmp/reg"
	# before the change the same games as without it
	cmp <(grep -E '"date":"2019-06-(0[1-9]|1[0-4])"' "$tmp/reg") \
		<(grep -E '"date":"2019-06-(0[1-9]|1[0-4])"' "$SIM")
	# after it no sharp money moves the sharp book: its line never moves
	moved=$(grep -E '"date":"2019-06-(1[5-9]|2[0-9]|30)"' "$tmp/reg" |
		jq -r '[.odds[] | select(.book == "pinnacle") | .home_ml] | unique | length' | sort -u)
	assert_equal "$moved" 1
}

@test "--market realistic: its settings from the first day, before every --regime; an unknown market is a usage error" {
	rt-sim --seed 7 --from 2019-06-01 --to 2019-06-03 --market realistic >"$tmp/real"
	rt-sim --seed 7 --from 2019-06-01 --to 2019-06-03 \
		--regime 2000-01-01:market_speed=0.25,rec_follow=0.2 >"$tmp/same"
	cmp "$tmp/real" "$tmp/same"
	# not the default market
	rt-sim --seed 7 --from 2019-06-01 --to 2019-06-03 >"$tmp/dflt"
	run cmp -s "$tmp/real" "$tmp/dflt"
	assert_failure
	cmp <(rt-sim --seed 7 --from 2019-06-01 --to 2019-06-03 --market default) \
		<(rt-sim --seed 7 --from 2019-06-01 --to 2019-06-03)
	# a --regime of any date overrides the market's setting from its date on
	rt-sim --seed 7 --from 2019-06-01 --to 2019-06-03 --market realistic \
		--regime 2019-06-01:rec_follow=0.35 >"$tmp/over"
	cmp "$tmp/over" <(rt-sim --seed 7 --from 2019-06-01 --to 2019-06-03 \
		--regime 2000-01-01:market_speed=0.25)
	run --separate-stderr rt-sim --seed 7 --season 2019 --market bogus
	assert_failure 64
	[[ $stderr == *"--market"*"bogus"* ]]
}

@test "memory does not grow with the number of days" {
	[ -z "${RT_SANITIZE:-}" ] || skip "memory figures mean nothing under AddressSanitizer"
	command -v /usr/bin/time >/dev/null || skip "/usr/bin/time missing"
	/usr/bin/time -f %M -o "$tmp/m1" rt-sim --seed 1 --from 2019-04-01 --to 2019-04-07 >/dev/null
	/usr/bin/time -f %M -o "$tmp/m3" rt-sim --seed 1 --from 2017-04-01 --to 2019-09-30 >/dev/null
	a=$(cat "$tmp/m1") b=$(cat "$tmp/m3")
	[ "$b" -lt $((a + 2048)) ] || { echo "rss $a KiB -> $b KiB"; false; }
}

@test "a closed standard output is an I/O error (74), not a crash" {
	run bash -c 'rt-sim --season 2019 2>/dev/null >/dev/full; echo $?'
	assert_output 74
}

# --redraw-results: an efficient market out of any games (issue 7's false-promotion benchmark).

# Per game, tab-separated: the fair home probability of the reference
# book's close (the last snapshot tagged close, else the last one;
# multiplicative margin removal of home_ml and away_ml) and 1 when the home
# team won.  $1: the book.
fair_and_win() {
	jq -r --arg b "$1" '
	    def implied: if . < 0 then -. / (100 - .) else 100 / (100 + .) end;
	    ([.odds[] | select(.book == $b)] | (map(select(.tag == "close")) | last) // last) as $c
	    | ($c.home_ml | implied) as $h | ($c.away_ml | implied) as $a
	    | [$h / ($h + $a), (if .result.home_score > .result.away_score then 1 else 0 end)] | @tsv'
}

# Home wins are independent Bernoulli(p_i) draws in an efficient market:
# their count has mean sum(p_i) and variance sum(p_i (1 - p_i)), so the
# home-win rate minus the mean fair probability is within three standard
# errors, sqrt(sum p(1-p)) / n, unless the draw is off (a 0.3% chance).
assert_efficient() {
	awk '{ p += $1; v += $1 * (1 - $1); w += $2; n++ }
	     END { z = (w - p) / sqrt(v)
	           printf "# %d games: home wins %.4f, mean fair close %.4f, z %.2f\n", n, w / n, p / n, z
	           exit !(n > 1000 && z > -3 && z < 3) }' >&3
}

@test "--redraw-results: the same seed gives the same bytes, another seed another draw, whatever the order" {
	rt-sim --redraw-results --seed 3 "$SIM" >"$tmp/a"
	rt-sim --redraw-results --seed 3 <"$SIM" >"$tmp/b"
	rt-sim --redraw-results --seed 4 "$SIM" >"$tmp/c"
	cmp "$tmp/a" "$tmp/b"
	run ! cmp -s "$tmp/a" "$tmp/c"
	# a game's draw depends on the seed and its game_id only: the games in
	# reverse order come out as the same lines, reversed
	tac "$SIM" | rt-sim --redraw-results --seed 3 | tac | cmp - "$tmp/a"
	# the default seed is 1
	cmp <(rt-sim --redraw-results "$SIM") <(rt-sim --redraw-results --seed 1 "$SIM")
}

@test "--redraw-results: only the scores change, the winner fits them, the total stays" {
	rt-sim --redraw-results --seed 3 "$SIM" >"$tmp/r"
	assert_equal "$(wc -l <"$tmp/r")" 2430
	# every other member as it was (truth too), and in the result final_at
	cmp <(jq -c 'del(.result)' "$SIM") <(jq -c 'del(.result)' "$tmp/r")
	cmp <(jq -c '.result | del(.home_score, .away_score)' "$SIM") \
		<(jq -c '.result | del(.home_score, .away_score)' "$tmp/r")
	# byte for byte, in the same member order, but for the two scores
	scores='s/"home_score":[0-9]+,"away_score":[0-9]+/SCORES/'
	cmp <(sed -E "$scores" "$SIM") <(sed -E "$scores" "$tmp/r")
	# the same two scores (rt-sim has no ties), swapped when the winner changed
	paste -d ' ' <(jq -r '.result | "\(.home_score) \(.away_score)"' "$SIM") \
		<(jq -r '.result | "\(.home_score) \(.away_score)"' "$tmp/r") |
		awk '$3 == $4 || !(($1 == $3 && $2 == $4) || ($1 == $4 && $2 == $3)) { bad++ }
		     $1 != $3 { changed++ }
		     END { printf "# %d of %d winners changed\n", changed, NR; exit bad || changed < NR * 0.3 }' >&3
}

@test "--redraw-results: the home team wins as often as the fair closing line says" {
	rt-sim --seed 1 --season 2019 | rt-sim --redraw-results --seed 7 >"$tmp/r"
	fair_and_win pinnacle <"$tmp/r" | assert_efficient
}

@test "--redraw-results: --reference-book chooses the book; games it cannot price pass unchanged, counted" {
	grep -F '"date":"2019-06-10"' "$SIM" >"$tmp/day"
	n=$(wc -l <"$tmp/day")
	rt-sim --redraw-results --seed 5 "$tmp/day" >"$tmp/pin"
	cmp "$tmp/pin" <(rt-sim --redraw-results --seed 5 --reference-book pinnacle "$tmp/day")
	# pinnacle even when it is not the game's first book
	jq -c '.odds |= sort_by(.book != "circa")' "$tmp/day" >"$tmp/circa-first"
	cmp <(jq -c .result "$tmp/pin") \
		<(rt-sim --redraw-results --seed 5 "$tmp/circa-first" | jq -c .result)
	# without pinnacle, the first book
	jq -c '.odds |= map(select(.book != "pinnacle"))' "$tmp/circa-first" >"$tmp/nopin"
	cmp <(rt-sim --redraw-results --seed 5 "$tmp/nopin") \
		<(rt-sim --redraw-results --seed 5 --reference-book circa "$tmp/nopin")
	# a book the games do not have: every game as it was, and a word on stderr
	run --separate-stderr rt-sim --redraw-results --seed 5 --reference-book bovada "$tmp/day"
	assert_success
	assert_equal "$output" "$(cat "$tmp/day")"
	assert_equal "$stderr" "rt-sim: $n games left unchanged: no fair home probability at the close of bovada"
	# a close without prices: that game only
	{ head -n 1 "$tmp/day" | jq -c '.odds |= map(if .book == "pinnacle" then del(.home_ml) else . end)'
	  tail -n +2 "$tmp/day"; } >"$tmp/noprice"
	run --separate-stderr rt-sim --redraw-results --seed 5 "$tmp/noprice"
	assert_success
	assert_equal "$(head -n 1 <<<"$output")" "$(head -n 1 "$tmp/noprice")"
	assert_equal "$(tail -n +2 <<<"$output")" "$(tail -n +2 "$tmp/pin")"
	assert_equal "$stderr" "rt-sim: 1 game left unchanged: no fair home probability at the close of the reference book"
}

@test "--redraw-results: games without a result and other records pass unchanged; ties get a winner" {
	head -n 3 "$SIM" >"$tmp/three"
	{ jq -c 'del(.result)' "$tmp/three"
	  echo '{"kind":"bet","bet_id":"b1","game_id":"g","stake":1.50}'
	  jq -c '.result.home_score = 3 | .result.away_score = 3' "$tmp/three"
	  jq -c '.result.home_score = 0 | .result.away_score = 0' "$tmp/three"
	} >"$tmp/in"
	run --separate-stderr rt-sim --redraw-results --seed 2 "$tmp/in"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(head -n 4 <<<"$output")" "$(head -n 4 "$tmp/in")"
	# 3-3 becomes 4-2 or 2-4 (the total kept), 0-0 becomes 1-0 or 0-1
	assert_equal "$(sed -n 5,7p <<<"$output" | jq -r '[.result.home_score, .result.away_score] | sort | map(tostring) | join("-")' | sort -u)" 2-4
	assert_equal "$(sed -n 8,10p <<<"$output" | jq -r '[.result.home_score, .result.away_score] | sort | map(tostring) | join("-")' | sort -u)" 0-1
	# the winner of a tie is the one the draw of the game gave
	assert_equal "$(sed -n 5,7p <<<"$output" | jq -r '.result.home_score > .result.away_score')" \
		"$(rt-sim --redraw-results --seed 2 "$tmp/three" | jq -r '.result.home_score > .result.away_score')"
}

@test "--redraw-results: a bad line exits 65 naming FILE:LINE; --reject goes on; usage errors exit 64" {
	{ head -n 2 "$SIM"
	  echo '{"kind":"game","game_id":"g","season":2019,"date":"2019-06-01","home":"BOS","away":"NYY","odds":[{"book":"pinnacle","tag":"close","home_ml":50,"away_ml":-110}],"result":{"home_score":1,"away_score":0}}'
	  echo 'not json'
	  tail -n 1 "$SIM"; } >"$tmp/in"
	run --separate-stderr rt-sim --redraw-results "$tmp/in"
	assert_equal "$status" 65
	[[ $stderr == "rt-sim: $tmp/in:3: odds snapshot of pinnacle has a price that is not an American price" ]]
	assert_equal "$(wc -l <<<"$output")" 2
	run --separate-stderr rt-sim --redraw-results --reject "$tmp/rej" "$tmp/in"
	assert_equal "$status" 65
	[[ $stderr == *"$tmp/in:4: "* ]]
	assert_equal "$(wc -l <<<"$output")" 3
	cmp "$tmp/rej" <(sed -n 3,4p "$tmp/in")
	run --separate-stderr rt-sim --redraw-results <<<'{"kind":"game"'
	assert_equal "$status" 65
	[[ $stderr == "rt-sim: <stdin>:1: "* ]]
	# a result without its scores is bad input, as for every reader of games
	run --separate-stderr rt-sim --redraw-results < <(head -n 1 "$SIM" | jq -c 'del(.result.home_score)')
	assert_equal "$status" 65
	[[ $stderr == "rt-sim: <stdin>:1: result without whole home_score and away_score" ]]
	run --separate-stderr rt-sim --redraw-results --season 2019
	assert_equal "$status" 64
	[[ $stderr == *"--season: not with --redraw-results"* ]]
	run --separate-stderr rt-sim --season 2019 --reference-book pinnacle
	assert_equal "$status" 64
	[[ $stderr == *"--reference-book: only with --redraw-results"* ]]
	run --separate-stderr rt-sim --help
	assert_output --partial "--redraw-results"
}

@test "--redraw-results streams: memory does not grow with the input" {
	[ -z "${RT_SANITIZE:-}" ] || skip "memory figures mean nothing under AddressSanitizer"
	command -v /usr/bin/time >/dev/null || skip "/usr/bin/time missing"
	head -n 10 "$SIM" >"$tmp/ten"
	/usr/bin/time -f %M -o "$tmp/m1" rt-sim --redraw-results "$tmp/ten" >/dev/null
	/usr/bin/time -f %M -o "$tmp/m2" rt-sim --redraw-results "$SIM" "$SIM" >/dev/null
	a=$(cat "$tmp/m1") b=$(cat "$tmp/m2")
	[ "$b" -lt $((a + 2048)) ] || { echo "rss $a KiB -> $b KiB"; false; }
}

@test "--redraw-results on the real SBRO lines of 2019: an efficient market of them" {
	[ -f "$SHARED_DATA/sbro-tidy-2010-2019/mlb_odds_2010_2019.csv" ] ||
		skip "the SBRO data is absent ($SHARED_DATA): real-data test skipped"
	awk -F , 'NR == 1 || $1 == 2019' "$SHARED_DATA/sbro-tidy-2010-2019/mlb_odds_2010_2019.csv" >"$tmp/2019.csv"
	rt-import sbro --reject /dev/null "$tmp/2019.csv" >"$tmp/sbro" 2>/dev/null || true
	[ "$(wc -l <"$tmp/sbro")" -gt 2400 ]
	run --separate-stderr rt-sim --redraw-results --seed 7 "$tmp/sbro"
	assert_success
	assert_equal "$stderr" ""
	printf '%s\n' "$output" >"$tmp/r"
	cmp <(jq -c 'del(.result)' "$tmp/sbro") <(jq -c 'del(.result)' "$tmp/r")
	# the total of runs kept wherever the original had a winner or a tie above 0-0
	paste -d ' ' <(jq -r 'select(has("result")) | .result | "\(.home_score) \(.away_score)"' "$tmp/sbro") \
		<(jq -r 'select(has("result")) | .result | "\(.home_score) \(.away_score)"' "$tmp/r") |
		awk '$3 == $4 || ($1 + $2 != $3 + $4 && $1 + $2 > 0) { bad++ }
		     $1 == $2 { ties++ }
		     END { printf "# %d games, %d ties given a winner\n", NR, ties; exit bad || NR < 2400 }' >&3
	# the reference book: rt-import's only one, sbro
	fair_and_win sbro <"$tmp/r" | assert_efficient
}
