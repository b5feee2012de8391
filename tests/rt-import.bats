#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# rt-import: SBRO odds files into game records.  The tests on the real
# files read ../shared/data/mlb-odds and skip, saying so, where it is absent.

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	F=$FIXTURES/rt-import
	TIDY=$SHARED_DATA/sbro-tidy-2010-2019/mlb_odds_2010_2019.csv
	RAW=$SHARED_DATA/sbro-raw-2014-2021
}

need_data() {
	if [ ! -f "$TIDY" ] || [ ! -d "$RAW" ]; then
		skip "the SBRO data is absent ($SHARED_DATA): real-data tests skipped"
	fi
}

@test "rt-import --help, --version; usage errors exit 64" {
	run --separate-stderr rt-import --help
	assert_success
	assert_output --partial "usage: rt-import sbro"
	run --separate-stderr rt-import --version
	assert_output --regexp '^rt-import \(rt\) '
	run --separate-stderr rt-import
	assert_equal "$status" 64
	run --separate-stderr rt-import espn x.csv
	assert_equal "$status" 64
	[[ $stderr == *"unknown source 'espn'"* ]]
	run --separate-stderr rt-import sbro --max-price 50 x.csv
	assert_equal "$status" 64
}

@test "tidy layout: one game per row, open and close snapshots, run line, result" {
	run --separate-stderr rt-import sbro "$F/tidy.csv"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(sed -n 1p <<<"$output")" '{"kind":"game","game_id":"2016-06-06-CHC-SF-1","season":2016,"date":"2016-06-06","home":"SF","away":"CHC","rot":{"home":902,"away":901},"odds":[{"book":"sbro","tag":"open","home_ml":110,"away_ml":-120,"total":7.5,"over":-110,"under":-110},{"book":"sbro","tag":"close","home_ml":120,"away_ml":-130,"total":7,"over":-105,"under":-115,"home_rl":1.5,"home_rl_odds":-160,"away_rl":-1.5,"away_rl_odds":140}],"result":{"home_score":3,"away_score":5},"source":"sbro"}'
	# NA prices are left out, not made up; a tie is kept as played
	assert_equal "$(sed -n 2p <<<"$output" | jq -c '[.odds[0], .result]')" \
		'[{"book":"sbro","tag":"open","total":8,"over":-110,"under":-110},{"home_score":2,"away_score":2}]'
	# no final score: no result; neutral site kept; doubleheader numbered by row order
	assert_equal "$(sed -n 3p <<<"$output" | jq -c '[.game_id, .neutral, has("result")]')" \
		'["2016-06-07-TB-KC-1",true,false]'
	assert_equal "$(sed -n 4p <<<"$output" | jq -c '[.game_id, has("neutral")]')" \
		'["2016-06-07-TB-KC-2",false]'
}

@test "raw layout: two rows per game, year from the file name, CRLF, NL, pitchers" {
	run --separate-stderr rt-import sbro "$F/raw/crafted_2016.csv"
	assert_success
	assert_equal "$(wc -l <<<"$output")" 2
	assert_equal "$(sed -n 1p <<<"$output" | jq -c '[.game_id, .pitchers, .odds[1].under]')" \
		'["2016-06-06-CHC-SF-1",{"home":"MBUMGARNER-L","away":"JLESTER-L"},-115]'
	# the same game in both layouts is the same record, but for the pitchers
	diff <(rt-import sbro "$F/tidy.csv" | sed -n 1p) \
		<(sed -n 1p <<<"$output" | jq -c 'del(.pitchers)')
	# N N: a neutral site; NL: no line
	assert_equal "$(sed -n 2p <<<"$output" | jq -c '[.neutral, .odds[0]]')" \
		'[true,{"book":"sbro","tag":"open","total":8,"over":-110,"under":-110}]'
}

@test "raw layout: a pitcher in invalid UTF-8 is a bad row; a long name is cut between characters" {
	# found by tests/fuzz/fuzz-sbro: the record went out, and every reader refused it
	sed '3s/MBUMGARNER/MBUM\xbd\xadNER/' "$F/raw/crafted_2016.csv" >"$tmp/bad_2016.csv"
	run --separate-stderr rt-import sbro "$tmp/bad_2016.csv"
	assert_failure 65
	[[ $stderr == *"bad_2016.csv:2: "*"home pitcher is not valid UTF-8"* ]]
	[ -z "$output" ]
	# 46 letters and a two-byte é: 47 bytes fit, the é does not, and is not cut
	long=$(printf 'A%.0s' $(seq 46))
	sed "3s/MBUMGARNER-L/${long}é/" "$F/raw/crafted_2016.csv" >"$tmp/long_2016.csv"
	run --separate-stderr rt-import sbro "$tmp/long_2016.csv"
	assert_success
	[ "$(sed -n 1p <<<"$output" | jq -r .pitchers.home)" = "$long" ]
	sed "3s/MBUMGARNER-L/${long:1}é/" "$F/raw/crafted_2016.csv" >"$tmp/fits_2016.csv"
	[ "$(rt-import sbro "$tmp/fits_2016.csv" | sed -n 1p | jq -r .pitchers.home)" = "${long:1}é" ]
}

@test "raw layout: the year can be given; a file without one is refused" {
	cp "$F/raw/crafted_2016.csv" "$tmp/odds.csv"
	run --separate-stderr rt-import sbro "$tmp/odds.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "rt-import: $tmp/odds.csv:1: cannot tell the year of a raw SBRO file: name it mlb_odds_YYYY.csv or give --year"
	run --separate-stderr rt-import sbro --year 2015 "$tmp/odds.csv"
	assert_success
	assert_equal "$(head -n 1 <<<"$output" | jq -r .date)" 2015-06-06
	run --separate-stderr rt-import sbro --year 2016 - <"$tmp/odds.csv"
	assert_success
}

@test "bad rows: the first stops the run (65) with FILE:LINE and its reason" {
	run --separate-stderr rt-import sbro "$F/tidy-bad.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "rt-import: $F/tidy-bad.csv:3: closing visitor moneyline -219.5 is not an American price"
	assert_equal "$(wc -l <<<"$output")" 1
	jq -e . <<<"$output" >/dev/null
}

@test "bad rows with --reject: every reason, the rows copied byte for byte" {
	run --separate-stderr rt-import sbro --reject "$tmp/rej" "$F/tidy-bad.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "rt-import: $F/tidy-bad.csv:3: closing visitor moneyline -219.5 is not an American price
rt-import: $F/tidy-bad.csv:4: unknown team code 'XYZ'
rt-import: $F/tidy-bad.csv:5: opening home moneyline -1235 is beyond --max-price 1000 (a typo?)
rt-import: $F/tidy-bad.csv:6: date '2016-02-30': day out of range for month
rt-import: $F/tidy-bad.csv:7: opening total 80 is not a run total
rt-import: $F/tidy-bad.csv:8: opening visitor moneyline 95 is not an American price
rt-import: $F/tidy-bad.csv:9: 10 fields, expected 23"
	assert_equal "$(jq -r .game_id <<<"$output" | paste -sd' ')" "2016-06-06-CHC-SF-1 2016-06-10-TB-KC-1"
	diff "$tmp/rej" <(sed -n 3,9p "$F/tidy-bad.csv")
}

@test "raw pairing: a visitor without home, a home without visitor; both rows of a bad game rejected" {
	run --separate-stderr rt-import sbro --reject "$tmp/rej" "$F/raw/crafted_2017-bad.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "rt-import: $F/raw/crafted_2017-bad.csv:2: visitor row without its home row
rt-import: $F/raw/crafted_2017-bad.csv:5: date 2017-06-31 does not exist
rt-import: $F/raw/crafted_2017-bad.csv:7: home row without its visitor row"
	assert_equal "$(jq -r .game_id <<<"$output")" 2017-06-06-TB-KC-1
	diff "$tmp/rej" <(sed -n '2p;5,7p' "$F/raw/crafted_2017-bad.csv")
}

@test "with --reject, a file without an SBRO header goes to the reject file and the next file is read" {
	printf 'a,b,c\n1,2,3\n' >"$tmp/junk.csv"
	run --separate-stderr rt-import sbro --reject "$tmp/rej" "$tmp/junk.csv" "$F/tidy.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "rt-import: $tmp/junk.csv:1: not an SBRO header (expected \"seas,date,v_rot,...\" or \"Date,Rot,VH,...\")"
	assert_equal "$(wc -l <<<"$output")" 4
	cmp "$tmp/rej" "$tmp/junk.csv"
}

@test "a visitor row left alone at the end of a raw file is named in that file" {
	head -n 2 "$F/raw/crafted_2016.csv" >"$tmp/mlb_odds_2016.csv"
	run --separate-stderr rt-import sbro --reject "$tmp/rej" "$tmp/mlb_odds_2016.csv" "$F/tidy.csv"
	assert_equal "$status" 65
	assert_equal "$stderr" "rt-import: $tmp/mlb_odds_2016.csv:2: visitor row without its home row"
	cmp "$tmp/rej" <(sed -n 2p "$tmp/mlb_odds_2016.csv")
}

@test "--max-price: a higher bound lets the 2019 typo through" {
	run --separate-stderr rt-import sbro --max-price 2000 "$F/tidy-bad.csv"
	assert_equal "$status" 65
	[[ $stderr == *":3: closing visitor moneyline -219.5"* ]]
}

@test "real tidy file: all 24,649 games but the 3 known bad rows" {
	need_data
	run --separate-stderr rt-import sbro --reject "$tmp/rej" "$TIDY"
	assert_equal "$status" 65
	assert_equal "$stderr" "rt-import: $TIDY:20232: closing visitor moneyline -219.5 is not an American price
rt-import: $TIDY:20666: closing visitor moneyline -219.5 is not an American price
rt-import: $TIDY:22667: opening home moneyline -1235 is beyond --max-price 1000 (a typo?)"
	printf '%s\n' "$output" >"$tmp/games"
	assert_equal "$(wc -l <"$tmp/games")" 24646
	diff "$tmp/rej" <(sed -n '20232p;20666p;22667p' "$TIDY")
	# every id distinct: 263 doubleheaders numbered -1 and -2
	assert_equal "$(jq -r .game_id "$tmp/games" | sort -u | wc -l)" 24646
	assert_equal "$(jq -r 'select(.game_id | endswith("-2")) | .game_id' "$tmp/games" | wc -l)" 263
	# the data's quirks, as its README states them
	assert_equal "$(jq -r 'select(.odds[0].tag == "open" and (.odds[0] | has("home_ml") | not)) | .season' "$tmp/games" | paste -sd' ')" "2019 2019 2019 2019 2019"
	assert_equal "$(jq -r 'select(has("result") | not) | .game_id' "$tmp/games")" 2016-06-06-NYM-PIT-1
	# the README's 20 "tied" rows are 19 ties and the row without a score
	assert_equal "$(jq -r 'select(.result and .result.home_score == .result.away_score) | .game_id' "$tmp/games" | wc -l)" 19
	# canonical team codes only
	assert_equal "$(jq -r '.home, .away' "$tmp/games" | sort -u | wc -l)" 30
	# records are valid for the store
	jq -e 'select(.kind != "game" or (.odds | length) > 2)' "$tmp/games" && false || true
}

@test "real tidy file: spot checks of known games" {
	need_data
	rt-import sbro --reject /dev/null "$TIDY" 2>/dev/null >"$tmp/games" || true
	# Opening day 2010: NYY at BOS, 7-9
	assert_equal "$(grep -F '"2010-04-04-NYY-BOS-1"' "$tmp/games")" '{"kind":"game","game_id":"2010-04-04-NYY-BOS-1","season":2010,"date":"2010-04-04","home":"BOS","away":"NYY","rot":{"home":932,"away":931},"odds":[{"book":"sbro","tag":"open","home_ml":-114,"away_ml":-106,"total":9,"over":-116,"under":-104},{"book":"sbro","tag":"close","home_ml":-117,"away_ml":-103,"total":9,"over":-116,"under":-104}],"result":{"home_score":9,"away_score":7},"source":"sbro"}'
	# SBRO's WAS, KAN, SFO, TAM, CUB, SDG become WSH, KC, SF, TB, CHC, SD
	assert_equal "$(grep -c -F '"2010-04-05-PHI-WSH-1"' "$tmp/games")" 1
	# 2019 Tokyo series: a neutral site
	assert_equal "$(grep -F '"2019-03-20-SEA-OAK-1"' "$tmp/games" | jq -c '[.neutral, .result]')" \
		'[true,{"home_score":7,"away_score":9}]'
}

@test "real raw files 2014-2019 match the tidy file game for game; prices as far as the sources agree" {
	need_data
	rt-import sbro --reject /dev/null "$TIDY" 2>/dev/null |
		jq -c 'select(.season >= 2014 and .season <= 2019)' >"$tmp/tidy" || true
	rt-import sbro --reject /dev/null "$RAW"/mlb_odds_201[4-9].csv 2>/dev/null >"$tmp/raw" || true
	assert_equal "$(wc -l <"$tmp/tidy")" 14781
	assert_equal "$(wc -l <"$tmp/raw")" 14739
	# every raw game is in the tidy file; the tidy file has 42 more:
	# the 2019 postseason (37) and Tokyo series (2), which the raw 2019
	# file lacks, and 3 games whose raw rows are bad (rejected)
	jq -r .game_id "$tmp/tidy" | sort >"$tmp/t.ids"
	jq -r .game_id "$tmp/raw" | sort >"$tmp/r.ids"
	assert_equal "$(comm -13 "$tmp/t.ids" "$tmp/r.ids" | wc -l)" 0
	assert_equal "$(comm -23 "$tmp/t.ids" "$tmp/r.ids" | grep -vc '^2019-10-\|^2019-03-2[01]-SEA-OAK')" 3
	assert_equal "$(comm -23 "$tmp/t.ids" "$tmp/r.ids" | grep -c '^2019-10-')" 37
	# field by field over the 14,739 common games
	jq -s -c --slurpfile t "$tmp/tidy" '
	  ($t | map({(.game_id): .}) | add) as $T
	  | map(. as $r | $T[$r.game_id] as $x
	        | ($x.odds | map({(.tag): .}) | add) as $a
	        | ($r.odds | map({(.tag): .}) | add) as $b
	        | {y: $r.season,
	           result: ($x.result == $r.result),
	           totals: ($a.open.total == $b.open.total and $a.close.total == $b.close.total),
	           ml: ([$a.open.home_ml, $a.open.away_ml, $a.close.home_ml, $a.close.away_ml]
	                == [$b.open.home_ml, $b.open.away_ml, $b.close.home_ml, $b.close.away_ml]),
	           open_ou: ([$a.open.over, $a.open.under] == [$b.open.over, $b.open.under]),
	           tidy_close_ou_is_open: ([$a.close.over, $a.close.under] == [$a.open.over, $a.open.under])})
	  | {games: length,
	     results_differ: map(select(.result | not)) | length,
	     totals_differ: map(select(.totals | not)) | length,
	     ml_differ_2019: map(select(.y == 2019 and (.ml | not))) | length,
	     ml_differ_2014_2018: map(select(.y < 2019 and (.ml | not))) | length,
	     open_ou_differ_2019: map(select(.y == 2019 and (.open_ou | not))) | length,
	     tidy_close_ou_copied: map(select(.tidy_close_ou_is_open)) | length}' "$tmp/raw" >"$tmp/cmp"
	assert_equal "$(cat "$tmp/cmp")" '{"games":14739,"results_differ":2,"totals_differ":0,"ml_differ_2019":0,"ml_differ_2014_2018":10245,"open_ou_differ_2019":0,"tidy_close_ou_copied":14739}'
}

@test "real raw files 2014-2021: 2020's mixed team codes come out canonical" {
	need_data
	rt-import sbro --reject "$tmp/rej" "$RAW"/*.csv 2>"$tmp/err" >"$tmp/raw" || true
	assert_equal "$(wc -l <"$tmp/raw")" 16652
	assert_equal "$(wc -l <"$tmp/err")" 10
	assert_equal "$(jq -r 'select(.season == 2020) | .home, .away' "$tmp/raw" | sort -u | wc -l)" 30
	assert_equal "$(jq -r 'select(.season == 2020) | .home, .away' "$tmp/raw" | grep -c '^CUB$\|^SFG$\|^LOS$\|^BRS$')" 0
	assert_equal "$(jq -r 'select(.season == 2021) | .date' "$tmp/raw" | sort | sed -n '1p;$p' | paste -sd' ')" "2021-04-01 2021-06-13"
}

@test "imported games go into the store as they are" {
	need_data
	db_fresh
	rt-import sbro --reject /dev/null "$TIDY" 2>/dev/null | rt-store import || true
	rt-import sbro --reject /dev/null "$TIDY" 2>/dev/null >"$tmp/games" || true
	assert_equal "$(sql 'SELECT count(*) FROM games')" 24646
	rt-store export game >"$tmp/out"
	diff <(sort "$tmp/games") <(sort "$tmp/out")
}
