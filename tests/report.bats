#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# pipelines/report and pipelines/dashboard: the charts (PNG and SVG, what
# they count, the markers), the page (its tables, escaping of what the
# records say, written atomically), and the page as a browser draws it
# (headless Chromium).  One small store is loaded once for the file
# (setup_file): two months of an 8-team league, one strategy's bets, a
# rollout and a promotion, and records with hostile text in them.

# A strategy name that tries everything at once: HTML, a gnuplot quote,
# a path out of the output folder.
ODD="o'<i>odd</i>/../x"

setup_file() {
	load lib/helpers
	# Without the test cluster every test but the first skips (db_need).
	db_fresh_file
	[ "${RT_FILE_DB:-0}" = 1 ] || return 0
	local d=$BATS_FILE_TMPDIR
	rt-sim --seed 1 --from 2019-04-01 --to 2019-05-31 --teams 8 >"$d/season.ndjson"
	rt-backtest --strategy sharp_action --now 2019-06-01 "$d/season.ndjson" >"$d/bets.ndjson"
	# a shadow bet that would have won big: no money on it, so in no chart;
	# a strategy whose only bet is pending: no chart, a line on stderr; and
	# the odd strategy, with two settled bets
	printf '%s\n' \
		'{"kind":"bet","bet_id":"shadow-1","strategy":"sharp_action","version":"sharp_action@2","arm":"shadow","game_id":"g-s","date":"2019-05-25","placed":"2019-05-25T20:00:00Z","stake":1,"odds":900,"status":"win","profit":9}' \
		'{"kind":"bet","bet_id":"pending-1","strategy":"late_flip","version":"late_flip@default","arm":"production","game_id":"g-p","date":"2019-05-31","placed":"2019-05-31T20:00:00Z","stake":1,"odds":110,"status":"pending"}' \
		"$(jq -nc --arg s "$ODD" '{kind: "bet", bet_id: "odd-1", strategy: $s, version: "v1", arm: "production", game_id: "g-o1", date: "2019-05-01", placed: "2019-05-01T20:00:00Z", stake: 1, odds: 100, status: "win", profit: 1}')" \
		"$(jq -nc --arg s "$ODD" '{kind: "bet", bet_id: "odd-2", strategy: $s, version: "v1", arm: "production", game_id: "g-o2", date: "2019-05-02", placed: "2019-05-02T20:00:00Z", stake: 1, odds: 100, status: "loss", profit: -1}')" \
		>>"$d/bets.ndjson"
	rt-store import "$d/season.ndjson" "$d/bets.ndjson"
	rt-store export bet --strategy sharp_action | rt-metrics --now 2019-05-31 | rt-store import
	# the registry: the defaults in production from before the season, a
	# candidate rolled out from May 10 (the A/B test), promoted by hand on May 20
	echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@default","params":{},"status":"candidate","created":"2019-03-27T00:00:00Z"}' |
		rt-store import
	rt-rollout promote --store --strategy sharp_action --candidate sharp_action@default \
		--reason "first deployment" --now 2019-03-27T12:00:00Z >/dev/null
	echo '{"kind":"model","strategy":"sharp_action","version":"sharp_action@2","params":{"min_differential":12},"status":"candidate","train_from":"2019-04-01","train_until":"2019-04-30","objective":"roi_pct","value":4.2,"created":"2019-05-01T00:00:00Z"}' |
		rt-store import
	rt-rollout start --store --strategy sharp_action --candidate sharp_action@2 --force \
		--reason '<script>alert(1)</script> & "more"' --now 2019-05-10T12:00:00Z >/dev/null
	rt-rollout promote --store --strategy sharp_action --reason 'it <b>won</b>' \
		--now 2019-05-20T12:00:00Z >/dev/null
	printf '%s\n' \
		'{"kind":"trigger","trigger_id":"trg-1","strategy":"sharp_action","type":"performance_degradation","severity":"high","reason":"<script>alert(2)</script> roi 30d below floor","evidence":{},"created":"2019-05-31T12:00:00Z","status":"active"}' \
		'{"kind":"trigger","trigger_id":"trg-2","strategy":"sharp_action","type":"drift","severity":"critical","reason":"drift","evidence":{},"created":"2019-05-30T12:00:00Z","status":"active"}' \
		'{"kind":"trigger","trigger_id":"trg-0","strategy":"sharp_action","type":"drift","severity":"low","reason":"long ago","evidence":{},"created":"2019-04-30T12:00:00Z","status":"resolved"}' \
		'{"kind":"job","job_id":"job-1","strategy":"sharp_action","strategy_type":"full_retraining","priority":"high","reason":"trg-1","status":"queued","progress_pct":0,"created":"2019-05-31T13:00:00Z"}' \
		'{"kind":"job","job_id":"job-0","strategy":"sharp_action","strategy_type":"targeted_optimization","priority":"normal","status":"failed","progress_pct":40,"created":"2019-05-01T13:00:00Z","finished":"2019-05-01T15:00:00Z","error":"timeout <b>after</b> 12 h"}' \
		'{"kind":"alert","level":"critical","strategy":"sharp_action","metric":"roi_pct.30d","value":-28.0,"threshold":-10,"message":"roi <img src=x onerror=alert(3)>","at":"2019-05-31T12:00:00Z"}' |
		rt-store import
	# one page for the tests that only read it
	export OUT=$BATS_FILE_TMPDIR/out
	pipelines_dashboard --output "$OUT" --now 2019-06-01T00:00:00Z >"$BATS_FILE_TMPDIR/dashboard.out" \
		2>"$BATS_FILE_TMPDIR/dashboard.err"
}

pipelines_dashboard() { "$RT_TOP/pipelines/dashboard" "$@"; }
pipelines_report() { "$RT_TOP/pipelines/report" "$@"; }

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
}

# PNG: the eight bytes of its signature; SVG: XML with an svg element
# (well-formed, by xmllint, where it is installed).
is_png() {
	[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
}
is_svg() {
	[ "$(head -c 5 "$1")" = "<?xml" ] && grep -q '<svg' "$1" && grep -q '</svg>' "$1" || return 1
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$1"
	fi
}

@test "report and dashboard: --help, usage errors exit 64" {
	run --separate-stderr pipelines_report --help
	assert_success
	assert_output --partial "usage: pipelines/report [--output DIR]"
	run --separate-stderr pipelines_dashboard --help
	assert_success
	assert_output --partial "usage: pipelines/dashboard [--output DIR]"
	run --separate-stderr pipelines_report --frobnicate
	assert_equal "$status" 64
	[[ $stderr == *"report: unknown argument: --frobnicate"* ]]
	run --separate-stderr pipelines_report --window 0
	assert_equal "$status" 64
	run --separate-stderr pipelines_dashboard --output
	assert_equal "$status" 64
	[[ $stderr == *"dashboard: --output needs a value"* ]]
}

@test "report: a PNG and an SVG of each chart per strategy with settled bets; none without" {
	db_need
	run --separate-stderr pipelines_report --output "$tmp/r" --now 2019-06-01T00:00:00Z
	assert_success
	[[ $stderr == *"report: late_flip: no settled bets, no chart"* ]]
	for c in profit roi; do
		is_png "$tmp/r/sharp_action-$c.png"
		is_svg "$tmp/r/sharp_action-$c.svg"
		# the odd name: one file name, inside the folder
		is_png "$tmp/r/o__i_odd__i__.._x-$c.png"
		is_svg "$tmp/r/o__i_odd__i__.._x-$c.svg"
	done
	[ "$(find "$tmp/r" -type f | wc -l)" = 9 ]	# 8 charts and report.json
	[ ! -e "$tmp/x-profit.png" ]
	[ "$(jq -r '.strategies[].strategy' "$tmp/r/report.json" | LC_ALL=C sort | tr '\n' ' ')" = "o'<i>odd</i>/../x sharp_action " ]
	# gnuplot wrote the name as text, quote and all, escaped in its SVG
	grep -qF "o'&lt;i>odd&lt;/i>/../x: cumulative profit" "$tmp/r/o__i_odd__i__.._x-profit.svg"
	# --strategy: that one only
	run --separate-stderr pipelines_report --output "$tmp/one" --strategy sharp_action
	assert_success
	[ "$(jq -r '.strategies[].strategy' "$tmp/one/report.json")" = sharp_action ]
	[ ! -e "$tmp/one/late_flip-profit.png" ]
}

@test "report: profit of the live settled bets only; the rolling ROI's last point is rt-metrics' 30d ROI" {
	db_need
	run --separate-stderr pipelines_report --output "$tmp/r" --strategy sharp_action
	assert_success
	want=$(rt-store export bet --strategy sharp_action |
		jq -s '[.[] | select(.arm != "shadow" and (.status == "win" or .status == "loss" or .status == "push")) | .profit] | add')
	jq -e --argjson want "$want" '.strategies[0] | (.profit - $want | fabs) < 1e-9 and .bets == 51 and .first == "2019-04-01" and .last == "2019-05-31"' \
		"$tmp/r/report.json"
	roi=$(rt-store export metric --strategy sharp_action |
		jq -r 'select(.window == "30d" and .arm == "production" and .version == "sharp_action@default") | .roi_pct')
	jq -e --argjson roi "$roi" '.strategies[0] | .window_days == 30 and (.rolling_roi_pct - $roi | fabs) < 1e-5' "$tmp/r/report.json"
	# a shorter window moves it
	run --separate-stderr pipelines_report --output "$tmp/w7" --strategy sharp_action --window 7
	assert_success
	roi7=$(rt-store export metric --strategy sharp_action | jq -r 'select(.window == "7d" and .arm == "production") | .roi_pct')
	jq -e --argjson roi "$roi7" '(.strategies[0].rolling_roi_pct - $roi | fabs) < 1e-5' "$tmp/w7/report.json"
}

@test "report: the version changes and the rollout events are marked, as known at --now" {
	db_need
	for c in profit roi; do
		grep -q '>sharp_action@2 production</text>' "$OUT/sharp_action-$c.svg"
		grep -q '>A/B test sharp_action@2 20%</text>' "$OUT/sharp_action-$c.svg"
		grep -q '>promoted sharp_action@2</text>' "$OUT/sharp_action-$c.svg"
	done
	# the defaults became production before the first bet: outside the chart
	run ! grep -q 'sharp_action@default production' "$OUT/sharp_action-profit.svg"
	# on May 15 the promotion had not happened
	run --separate-stderr pipelines_report --output "$tmp/r" --strategy sharp_action --now 2019-05-15
	assert_success
	grep -q '>A/B test sharp_action@2 20%</text>' "$tmp/r/sharp_action-profit.svg"
	run ! grep -q 'promoted\|sharp_action@2 production' "$tmp/r/sharp_action-profit.svg"
	jq -e '.strategies[0].last <= "2019-05-15"' "$tmp/r/report.json"
}

@test "dashboard: prints the page's path; the page has the tables, the charts and nothing from elsewhere" {
	db_need
	[ "$(cat "$BATS_FILE_TMPDIR/dashboard.out")" = "$(cd "$OUT" && pwd -P)/index.html" ]
	[[ $(cat "$BATS_FILE_TMPDIR/dashboard.err") == *"late_flip: no settled bets, no chart"* ]]
	f=$OUT/index.html
	head -n 1 "$f" | grep -qx '<!DOCTYPE html>'
	for id in status triggers jobs models rollouts alerts charts; do
		grep -q "<h2 id=\"$id\">" "$f"
	done
	for c in profit roi; do
		grep -qF "<a href=\"sharp_action-$c.svg\"><img src=\"sharp_action-$c.png\"" "$f"
		grep -qF "<img src=\"o__i_odd__i__.._x-$c.png\"" "$f"
	done
	# the status row: production and since when, triggers, jobs, the 30d ROI
	row=$(grep -F '<tr><td>sharp_action</td><td>sharp_action@2</td>' "$f")
	[[ $row == *'<td>2019-05-20T12:00:00Z</td>'* ]]
	[[ $row == *'<td class="num">2</td><td><span class="b critical">critical</span></td><td class="num">1</td><td class="num">0</td>'* ]]
	[[ $row == *'<td class="num neg">-28.01</td><td class="num">23</td>'* ]]
	# active triggers only; jobs with the fields they have; the latest rollout records
	grep -q '>trg-1<' "$f"
	run ! grep -q '>trg-0<' "$f"
	grep -q '<th>error</th>' "$f"
	run ! grep -q '<th>started</th>' "$f"
	[ "$(grep -c '<span class="b promoted">promoted</span>' "$f")" = 2 ]
	# no script, no style sheet or image from elsewhere: it works from file://
	run ! grep -qi '<script\|<link\|src="http\|src="//\|url(' "$f"
}

@test "dashboard: every text from the records is escaped" {
	db_need
	f=$OUT/index.html
	grep -qF '<td>&lt;script&gt;alert(2)&lt;/script&gt; roi 30d below floor</td>' "$f"
	grep -qF '<td>it &lt;b&gt;won&lt;/b&gt;</td>' "$f"
	grep -qF 'roi &lt;img src=x onerror=alert(3)&gt;' "$f"
	grep -qF 'timeout &lt;b&gt;after&lt;/b&gt; 12 h' "$f"
	grep -q '<td>o&[a-z0-9#]*;&lt;i&gt;odd&lt;/i&gt;/\.\./x</td>' "$f"	# jq writes ' as &#39; or &apos;
	run ! grep -q '<i>odd\|<b>\|<img src=x' "$f"
}

@test "dashboard --now: the state as it stood then" {
	db_need
	run --separate-stderr pipelines_dashboard --output "$tmp/d" --now 2019-05-15
	assert_success
	f=$tmp/d/index.html
	row=$(grep -F '<tr><td>sharp_action</td>' "$f")
	[[ $row == *'<td>sharp_action@default</td><td>2019-03-27T12:00:00Z</td><td>stage 0 20% of games, sharp_action@2</td><td><span class="b running">running</span></td>'* ]]
	grep -qF '<td>sharp_action@2</td><td><span class="b canary">canary</span></td>' "$f"
	# the triggers and jobs of May 30 and 31 were not there yet
	[[ $row == *'<td class="num">0</td><td></td><td class="num">0</td>'* ]]
	grep -q 'No active trigger.' "$f"
}

@test "dashboard: the page is replaced whole (a rename), and kept when a run fails" {
	db_need
	cp -r "$OUT" "$tmp/d"
	ino=$(stat -c %i "$tmp/d/index.html")
	run --separate-stderr pipelines_dashboard --output "$tmp/d" --now 2019-06-01T00:00:00Z
	assert_success
	[ "$(stat -c %i "$tmp/d/index.html")" != "$ino" ]
	[ "$(stat -c %a "$tmp/d/index.html")" = 644 ]
	cp "$tmp/d/index.html" "$tmp/before.html"
	# the store is gone: the run fails, the page and charts stay as they were
	run --separate-stderr env RT_DATABASE_URL="postgresql:///no_such_db?host=$RT_HOME/run&user=rt" \
		"$RT_TOP/pipelines/dashboard" --output "$tmp/d"
	assert_failure
	cmp "$tmp/d/index.html" "$tmp/before.html"
	is_png "$tmp/d/sharp_action-profit.png"
	# no staging folder or half-written file left behind
	[ -z "$(find "$tmp/d" -name '.*' ! -path "$tmp/d")" ]
}

@test "dashboard in a browser: headless Chromium draws the page, charts and all" {
	db_need
	command -v chromium >/dev/null 2>&1 ||
		skip "chromium is not installed (bin/rt-deps installs it): no screenshot"
	# --no-sandbox: CI runs as root, where Chromium's sandbox will not start
	run timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$tmp/profile" --screenshot="$tmp/shot.png" --window-size=1280,2000 \
		"file://$OUT/index.html"
	assert_success
	is_png "$tmp/shot.png"
	# a blank 1280x2000 page compresses to a few KB; tables and charts do not
	size=$(stat -c %s "$tmp/shot.png")
	[ "$size" -gt 50000 ] || {
		echo "screenshot of $size bytes: blank?" >&2
		return 1
	}
	# and it is that size: the window asked for
	[ "$(od -An -tu1 -j 16 -N 8 "$tmp/shot.png" | tr -s ' ' | sed 's/^ //')" = "0 0 5 0 0 0 7 208" ]
}
