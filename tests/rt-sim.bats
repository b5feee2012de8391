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
