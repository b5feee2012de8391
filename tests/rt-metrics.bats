#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# rt-metrics: metric records (CONTRACT.md, `metric`) checked against values
# computed by hand from small fixtures in tests/fixtures/rt-metrics, and
# market records from a simulated quarter season.
#
# Numbers in metric records are rounded to 6 decimals (num_or_null), so they
# are compared exactly; the change statistics are not rounded and are
# compared to within 1e-9 (near).

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	F=$FIXTURES/rt-metrics
}

# near ACTUAL EXPECTED: two jq numeric expressions that agree to 1e-9
# (EXPECTED may be arithmetic, like 74/21).
near() {
	jq -en "(($1) - ($2)) | fabs < 1e-9" >/dev/null 2>&1 || {
		echo "near: got $1, expected $2" >&2
		return 1
	}
}

# win WINDOW JQ: JQ applied to the metric record of WINDOW in $output.
win() {
	jq -c --arg w "$1" "select(.kind == \"metric\" and .window == \$w) | $2" <<<"$output"
}

@test "rt-metrics --help prints the synopsis on stdout and exits 0" {
	run --separate-stderr rt-metrics --help
	assert_success
	assert_output --partial "usage: rt-metrics [--by FIELDS]"
	assert_output --partial "--warmup N"
	assert_equal "$stderr" ""
}

@test "counts, staked, profit, roi_pct, win_rate: voids count nowhere, pushes only in bets, pending only in pending" {
	# counts.ndjson (alpha alpha@1 production), in time order:
	#   c1 win  -150 stake 3 profit  2      c5 void    stake 5 (close_odds -200)
	#   c2 loss +120 stake 2 profit -2      c6 pending stake 2
	#   c3 win  +150 stake 1 profit  1.5    c7 loss -200 stake 2 profit -2
	#   c4 push -110 stake 1 profit  0
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all "$F/counts.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(jq -c '[.kind,.strategy,.version,.arm,.window,.as_of]' <<<"$output")" \
		'["metric","alpha","alpha@1","production","all","2019-06-30T23:59:59Z"]'
	# bets    = c1 c2 c3 c4 c7 (win, loss, push)       = 5
	# wins 2 (c1 c3), losses 2 (c2 c7), pushes 1 (c4), pending 1 (c6)
	# staked  = 3 + 2 + 1 + 1 + 2                      = 9   (not 14 with the void, 16 with pending too)
	# profit  = 2 - 2 + 1.5 + 0 - 2                    = -0.5
	# roi_pct = 100 * -0.5 / 9 = -5.5555...            = -5.555556
	# win_rate = 2 / (2 + 2)                           = 0.5 (the push is not in it)
	assert_equal "$(win all '[.bets,.wins,.losses,.pushes,.pending,.staked,.profit,.roi_pct,.win_rate]')" \
		'[5,2,2,1,1,9,-0.5,-5.555556,0.5]'
	# bankroll 100 -> 102 (peak) -> 100 -> 101.5 -> 101.5 -> 99.5:
	#   max_drawdown_pct = 100 * (102 - 99.5) / 102 = 2.45098039...  = 2.45098
	# returns profit/stake: 2/3, -1, 1.5, 0, -1; mean = (1/6)/5 = 1/30
	#   sum r^2 = 4/9 + 1 + 2.25 + 0 + 1 = 4.694444; var = (4.694444 - 5/900)/4 = 1.172222
	#   sharpe = 0.033333 / sqrt(1.172222) = 0.033333 / 1.082692     = 0.030787
	# clv_pct: only c5 has close_odds, and it is void                = null
	assert_equal "$(win all '[.max_drawdown_pct,.sharpe,.clv_pct]')" '[2.45098,0.030787,null]'
}

@test "void and pending bets change nothing but pending; pushes are bets but not in win_rate" {
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all "$F/counts.ndjson"
	assert_success
	full=$(win all 'del(.pending, .change)')
	# The same bets without the void (c5) and the pending one (c6).
	grep -v -e '"status":"void"' -e '"status":"pending"' "$F/counts.ndjson" >"$tmp/settled.ndjson"
	assert_equal "$(wc -l <"$tmp/settled.ndjson")" 5
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all "$tmp/settled.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(win all 'del(.pending, .change)')" "$full"
	assert_equal "$(win all '.pending')" 0

	# change.ndjson: 2 wins, 3 losses, 3 pushes, stake 1 each.
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all "$F/change.ndjson"
	assert_success
	assert_equal "$stderr" ""
	# bets = 2 + 3 + 3 = 8; win_rate = 2 / (2 + 3) = 0.4 (not 2/8 = 0.25)
	# profit = 2 + 1 - 1 - 1 - 1 = 0 -> roi_pct 0; staked 8
	assert_equal "$(win all '[.bets,.wins,.losses,.pushes,.staked,.profit,.roi_pct,.win_rate]')" \
		'[8,2,3,3,8,0,0,0.4]'
}

@test "max_drawdown_pct: peak, fall, new peak, deeper fall, with --bankroll 10 and the default 100" {
	# path.ndjson (delta), profits in time order: +2, -3, +5, -2, -4, +1
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all --bankroll 10 "$F/path.ndjson"
	assert_success
	assert_equal "$stderr" ""
	# bankroll 10 -> 12 (peak) -> 9 (fall 3/12 = 25%) -> 14 (new peak)
	#   -> 12 (2/14 = 14.29%) -> 8 (6/14 = 42.857142...%) -> 9
	# max_drawdown_pct = 100 * 6 / 14 = 42.857143 (not the first fall's 25)
	# staked 1+3+2+2+4+2 = 14, profit -1, roi = -100/14 = -7.142857, win_rate 3/6 = 0.5
	assert_equal "$(win all '[.bets,.staked,.profit,.roi_pct,.win_rate,.max_drawdown_pct]')" \
		'[6,14,-1,-7.142857,0.5,42.857143]'
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all "$F/path.ndjson"
	assert_success
	# bankroll 100 -> 102 -> 99 (3/102 = 2.94%) -> 104 -> 102 -> 98 (6/104 = 5.769230...%) -> 99
	assert_equal "$(win all '.max_drawdown_pct')" 5.769231
}

@test "sharpe is mean over sample sd of per-bet returns profit/stake, whatever the stakes" {
	# sharpe.ndjson (sigma): stake 2 win +150 profit 3; stake 4 loss -4;
	#   stake 1 win -200 profit 0.5; stake 5 win +100 profit 5
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all "$F/sharpe.ndjson"
	assert_success
	assert_equal "$stderr" ""
	# returns r = 3/2, -4/4, 0.5/1, 5/5 = 1.5, -1, 0.5, 1; mean = 2/4 = 0.5
	# deviations 1, -1.5, 0, 0.5; squares 1 + 2.25 + 0 + 0.25 = 3.5
	# sample sd = sqrt(3.5 / 3) = 1.0801234; sharpe = 0.5 / 1.0801234 = 0.4629100 -> 0.46291
	# (profit-based, stake-blind figures would give mean 1.125 of 3, -4, 0.5, 5 instead)
	# staked 12, profit 4.5, roi_pct 100 * 4.5 / 12 = 37.5, win_rate 3/4 = 0.75
	# bankroll 100 -> 103 -> 99 (4/103 = 3.883495%) -> 99.5 -> 104.5
	assert_equal "$(win all '[.bets,.staked,.profit,.roi_pct,.win_rate,.max_drawdown_pct,.sharpe]')" \
		'[4,12,4.5,37.5,0.75,3.883495,0.46291]'
}

@test "clv_pct: mean over the bets with close_odds, with + and - prices" {
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all --warmup 4 "$F/clv.ndjson"
	assert_success
	assert_equal "$stderr" ""
	# decimal(o) = 1 + o/100 (o > 0), 1 + 100/|o| (o < 0)
	#   k1 -150 / close -160: (5/3) / (13/8) = 40/39 -> 100/39   =  2.5641026
	#   k2 +120 / close +110: 2.2 / 2.1     = 22/21 -> 100/21    =  4.7619048
	#   k3 +105 / close -105: 2.05 / (205/105) = 1.05 -> 5       =  5
	#   k4 -110 / close +100: (21/11) / 2   = 21/22 -> -100/22   = -4.5454545
	#   k5 -120 without close_odds, k6 +130 with close_odds null: not counted
	# clv_pct = (2.5641026 + 4.7619048 + 5 - 4.5454545) / 4 = 7.7805528 / 4 = 1.945138
	assert_equal "$(win all '[.bets,.clv_pct]')" '[6,1.945138]'
	# The clv change series holds those same four values.
	assert_equal "$(win all '.change.clv.n')" 4
	near "$(win all '.change.clv.mu0')" "(100/39 + 100/21 + 5 - 100/22) / 4"
}

@test "close_ev_pct: the mean expected return at the close over the bets with close_prob; bad ones refused" {
	# -150 at a fair 0.62: 0.62 * 5/3 - 1 = +3.3333 points; +120 at 0.44:
	# 0.44 * 2.2 - 1 = -3.2 points; a pending bet counts (its close is
	# known before its result); a bet without close_prob does not
	cat >"$tmp/b" <<-'EOF2'
	{"kind":"bet","strategy":"s","version":"s@1","date":"2019-06-01","odds":-150,"close_prob":0.62,"stake":1,"status":"win","profit":0.666667}
	{"kind":"bet","strategy":"s","version":"s@1","date":"2019-06-02","odds":120,"close_prob":0.44,"stake":1,"status":"pending"}
	{"kind":"bet","strategy":"s","version":"s@1","date":"2019-06-03","odds":110,"stake":1,"status":"loss","profit":-1}
	EOF2
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all "$tmp/b"
	assert_success
	assert_equal "$(win all '.close_ev_n')" 2
	# (records round to 6 decimals)
	jq -en "($(win all '.close_ev_pct') - (100 * (0.62 * 5 / 3 - 1) + 100 * (0.44 * 2.2 - 1)) / 2) | fabs < 1e-6" >/dev/null
	jq -en "($(win all '.close_ev_sd') - (100 * (0.62 * 5 / 3 - 1) - 100 * (0.44 * 2.2 - 1)) / (2 | sqrt)) | fabs < 1e-6" >/dev/null
	# a probability of 1 (or 0, or beyond) is bad input at its line
	sed '2s/0.44/1/' "$tmp/b" >"$tmp/bad"
	run --separate-stderr rt-metrics --now 2019-06-30 "$tmp/bad"
	assert_failure 65
	[[ $stderr == *"$tmp/bad:2:"*"close_prob"*"(0, 1)"* ]]
	[ -z "$output" ]
}

@test "windows at their edges with --now DATE (end of day, 23:59:59Z)" {
	# windows.ndjson (omega): all losses, stakes 1, 2, 4, 8, 16 so that staked says
	# which bets are in:  w1 2019-05-31 (1)  w2 2019-06-01 (2)  w3 2019-06-23 (4)
	#                     w4 2019-06-24 (8)  w5 2019-06-30 placed 18:00Z (16)
	run --separate-stderr rt-metrics --now 2019-06-30 --windows 7d,30d,all "$F/windows.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(win all '.as_of')" '"2019-06-30T23:59:59Z"'
	# 7d  = (06-23T23:59:59, 06-30T23:59:59]: w4 (as_of - 6 days) in, w3 (as_of - 7 days) out: 8 + 16 = 24
	# 30d = (05-31T23:59:59, 06-30T23:59:59]: w2 (as_of - 29 days) in, w1 (as_of - 30 days) out: 2+4+8+16 = 30
	# all: 1 + 2 + 4 + 8 + 16 = 31
	assert_equal "$(win 7d '[.bets,.staked,.profit,.roi_pct]')" '[2,24,-24,-100]'
	assert_equal "$(win 30d '[.bets,.staked,.profit,.roi_pct]')" '[4,30,-30,-100]'
	assert_equal "$(win all '[.bets,.staked,.profit,.roi_pct]')" '[5,31,-31,-100]'
	# only "all" carries the change statistics
	assert_equal "$(win 7d 'has("change")')" false
	assert_equal "$(win 30d 'has("change")')" false
	assert_equal "$(win all 'has("change")')" true
}

@test "windows at midnight: the same edges; a bet placed after --now is ignored" {
	# --now 2019-06-30T00:00:00Z: 7d = (06-23T00:00, 06-30T00:00], so w3 (06-23) is still
	# out and w4 (06-24) in; w5 was placed at 18:00Z, after --now: ignored everywhere.
	run --separate-stderr rt-metrics --now 2019-06-30T00:00:00Z --windows 7d,30d,all "$F/windows.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(win all '.as_of')" '"2019-06-30T00:00:00Z"'
	assert_equal "$(win 7d '[.bets,.staked]')" '[1,8]'    # w4
	assert_equal "$(win 30d '[.bets,.staked]')" '[3,14]'  # w2 + w3 + w4 = 2 + 4 + 8
	assert_equal "$(win all '[.bets,.staked]')" '[4,15]'  # 1 + 2 + 4 + 8
	# One second before w5 was placed: still ignored; at the second it was placed: in.
	run --separate-stderr rt-metrics --now 2019-06-30T17:59:59Z --windows 7d,all "$F/windows.ndjson"
	assert_success
	assert_equal "$(win 7d '[.bets,.staked]')" '[1,8]'
	assert_equal "$(win all '[.bets,.staked]')" '[4,15]'
	run --separate-stderr rt-metrics --now 2019-06-30T18:00:00Z --windows 7d,all "$F/windows.ndjson"
	assert_success
	assert_equal "$(win 7d '[.bets,.staked]')" '[2,24]'  # 8 + 16
	assert_equal "$(win all '[.bets,.staked]')" '[5,31]'
}

@test "empty windows give null roi_pct, win_rate, max_drawdown_pct, sharpe, clv_pct; one bet gives null sharpe" {
	# sparse.ndjson (rho): r1 2019-06-01 win -150 (close -160) stake 3 profit 2;
	#   r2 2019-06-28 void (close +100); r3 2019-06-29 pending, no close_odds
	run --separate-stderr rt-metrics --now 2019-06-30 --windows 7d,30d,all --warmup 4 "$F/sparse.ndjson"
	assert_success
	assert_equal "$stderr" ""
	# 7d holds only the void and the pending bet: no settled bet, no close_odds that count.
	assert_equal "$(win 7d '[.bets,.wins,.losses,.pushes,.staked,.profit,.pending]')" '[0,0,0,0,0,0,1]'
	assert_equal "$(win 7d '[.roi_pct,.win_rate,.max_drawdown_pct,.sharpe,.clv_pct]')" \
		'[null,null,null,null,null]'
	# 30d: one settled bet. roi = 100 * 2 / 3 = 66.666667, win_rate 1/1 = 1,
	# drawdown 0 (100 -> 102 only rises), sharpe needs two returns: null,
	# clv = 100 * (40/39 - 1) = 2.564103 (the void's close_odds does not count)
	assert_equal "$(win 30d '[.bets,.staked,.profit,.roi_pct,.win_rate,.max_drawdown_pct,.sharpe,.clv_pct,.pending]')" \
		'[1,3,2,66.666667,1,0,null,2.564103,1]'
	# A window with no bet at all.
	run --separate-stderr rt-metrics --now 2019-06-30 --windows 7d "$F/sharpe.ndjson"
	assert_success
	assert_equal "$(win 7d '[.bets,.pending,.staked,.profit,.roi_pct,.win_rate,.max_drawdown_pct,.sharpe,.clv_pct]')" \
		'[0,0,0,0,null,null,null,null,null]'
}

@test "--by strategy vs strategy,version vs strategy,version,arm (the default)" {
	# by.ndjson:  y1 alpha alpha@1 production win  stake 2 profit  2
	#             y2 alpha alpha@1 candidate  loss stake 1 profit -1
	#             y3 alpha alpha@2 candidate  win  stake 2 profit  1
	#             y4 alpha alpha@2 production loss stake 3 profit -3
	#             y5 beta  beta@1  (no arm)   loss stake 4 profit -4
	sel='[.strategy,.version,.arm,.bets,.wins,.losses,.staked,.profit,.roi_pct]'
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all --by strategy "$F/by.ndjson"
	assert_success
	assert_equal "$stderr" ""
	# alpha: 4 bets, 2 wins, staked 2+1+2+3 = 8, profit 2-1+1-3 = -1, roi -12.5
	# beta: 1 bet, staked 4, profit -4, roi -100
	assert_equal "$(jq -c "$sel" <<<"$output" | LC_ALL=C sort)" \
		'["alpha",null,null,4,2,2,8,-1,-12.5]
["beta",null,null,1,0,1,4,-4,-100]'
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all --by strategy,version "$F/by.ndjson"
	assert_success
	assert_equal "$stderr" ""
	# alpha@1: y1 y2 staked 3 profit 1 roi 33.333333; alpha@2: y3 y4 staked 5 profit -2 roi -40
	assert_equal "$(jq -c "$sel" <<<"$output" | LC_ALL=C sort)" \
		'["alpha","alpha@1",null,2,1,1,3,1,33.333333]
["alpha","alpha@2",null,2,1,1,5,-2,-40]
["beta","beta@1",null,1,0,1,4,-4,-100]'
	# default: one group per strategy, version and arm; y5's missing arm is production
	for by in strategy,version,arm ''; do
		run --separate-stderr rt-metrics --now 2019-06-30 --windows all ${by:+--by "$by"} "$F/by.ndjson"
		assert_success
		assert_equal "$stderr" ""
		assert_equal "$(jq -c "$sel" <<<"$output" | LC_ALL=C sort)" \
			'["alpha","alpha@1","candidate",1,0,1,1,-1,-100]
["alpha","alpha@1","production",1,1,0,2,2,100]
["alpha","alpha@2","candidate",1,1,0,2,1,50]
["alpha","alpha@2","production",1,0,1,3,-3,-100]
["beta","beta@1","production",1,0,1,4,-4,-100]'
	done
}

@test "the same metrics from bets in time order or shuffled, with a note on stderr when shuffled" {
	# path-shuffled.ndjson holds path.ndjson's lines in the order 5 2 6 1 4 3.
	assert_equal "$(LC_ALL=C sort "$F/path-shuffled.ndjson")" "$(LC_ALL=C sort "$F/path.ndjson")"
	run --separate-stderr rt-metrics --now 2019-06-30 --windows 7d,30d,all --bankroll 10 --warmup 2 "$F/path.ndjson"
	assert_success
	assert_equal "$stderr" ""
	ordered=$output
	# Drawdown and change statistics depend on the order: they must be there.
	assert_equal "$(win all '.max_drawdown_pct')" 42.857143
	assert_equal "$(win all '.change.returns.n')" 6
	run --separate-stderr rt-metrics --now 2019-06-30 --windows 7d,30d,all --bankroll 10 --warmup 2 "$F/path-shuffled.ndjson"
	assert_success
	assert_equal "$stderr" "rt-metrics: bets are not in time order: sorting them (memory grows with the input)"
	assert_equal "$output" "$ordered"
	# Several groups, input reversed: the same records (in whatever order).
	run --separate-stderr rt-metrics --now 2019-06-30 "$F/by.ndjson"
	assert_success
	assert_equal "$stderr" ""
	canon <<<"$output" >"$tmp/ordered"
	tac "$F/by.ndjson" >"$tmp/reversed.ndjson"
	run --separate-stderr rt-metrics --now 2019-06-30 "$tmp/reversed.ndjson"
	assert_success
	assert_equal "$stderr" "rt-metrics: bets are not in time order: sorting them (memory grows with the input)"
	canon <<<"$output" >"$tmp/reversed"
	cmp "$tmp/ordered" "$tmp/reversed"
}

@test "--format prom: HELP and TYPE per family, labels, nulls omitted" {
	run --separate-stderr rt-metrics --now 2019-06-30 --windows 7d,all --by strategy --format prom "$F/by.ndjson"
	assert_success
	assert_equal "$stderr" ""
	# One HELP and one TYPE (gauge) per metric, in this order.
	want=""
	for m in bets wins losses pushes pending staked profit roi_pct win_rate max_drawdown_pct sharpe clv_pct; do
		want+=$(grep -c "^# HELP rt_$m " <<<"$output")$(grep -c "^# TYPE rt_$m gauge$" <<<"$output")" $m;"
	done
	assert_equal "$want" "11 bets;11 wins;11 losses;11 pushes;11 pending;11 staked;11 profit;11 roi_pct;11 win_rate;11 max_drawdown_pct;11 sharpe;11 clv_pct;"
	assert_equal "$(grep '^# TYPE' <<<"$output" | cut -d' ' -f3 | tr '\n' ' ')" \
		"rt_bets rt_wins rt_losses rt_pushes rt_pending rt_staked rt_profit rt_roi_pct rt_win_rate rt_max_drawdown_pct rt_sharpe rt_clv_pct "
	# Every sample: name{strategy,window} value; no version or arm label when not grouped by them.
	refute_output --regexp 'version=|arm='
	assert_equal "$(grep -v '^#' <<<"$output" | grep -cvE '^rt_[a-z_]+\{strategy="(alpha|beta)",window="(7d|all)"\} -?[0-9][0-9.e+-]*$')" 0
	# Samples of each family follow their own TYPE line.
	assert_equal "$(awk '/^# TYPE/ { fam = $3; next } /^#/ { next } { split($0, a, "{"); if (a[1] != fam) bad++ } END { print bad + 0 }' <<<"$output")" 0
	# The counts: 2 groups x 2 windows, null-free families.
	assert_line 'rt_bets{strategy="alpha",window="7d"} 0'
	assert_line 'rt_bets{strategy="alpha",window="all"} 4'
	assert_line 'rt_bets{strategy="beta",window="all"} 1'
	assert_line 'rt_wins{strategy="alpha",window="all"} 2'
	assert_line 'rt_losses{strategy="beta",window="all"} 1'
	assert_line 'rt_pushes{strategy="alpha",window="all"} 0'
	assert_line 'rt_pending{strategy="beta",window="7d"} 0'
	assert_line 'rt_staked{strategy="alpha",window="all"} 8'      # 2 + 1 + 2 + 3
	assert_line 'rt_profit{strategy="alpha",window="all"} -1'     # 2 - 1 + 1 - 3
	assert_line 'rt_roi_pct{strategy="alpha",window="all"} -12.5' # 100 * -1 / 8
	assert_line 'rt_roi_pct{strategy="beta",window="all"} -100'   # 100 * -4 / 4
	assert_line 'rt_win_rate{strategy="alpha",window="all"} 0.5'  # 2 / 4
	assert_line 'rt_win_rate{strategy="beta",window="all"} 0'     # 0 / 1
	assert_line 'rt_max_drawdown_pct{strategy="beta",window="all"} 4' # 100 -> 96
	# alpha: 100 -> 102 -> 101 -> 102 -> 99: 100 * 3 / 102
	near "$(sed -n 's/^rt_max_drawdown_pct{strategy="alpha",window="all"} //p' <<<"$output")" "300/102"
	# alpha returns 1, -1, 0.5, -1: mean -0.125, squares of deviations 3.1875, sd sqrt(3.1875/3)
	near "$(sed -n 's/^rt_sharpe{strategy="alpha",window="all"} //p' <<<"$output")" "-0.125 / (3.1875/3 | sqrt)"
	# Nulls omitted: roi, win_rate, drawdown, sharpe of the empty 7d windows; beta's
	# sharpe (one bet); clv_pct everywhere (no close_odds).  7 x 4 + 2 + 2 + 2 + 1 + 0.
	refute_output --regexp '^rt_(roi_pct|win_rate|max_drawdown_pct|sharpe|clv_pct)\{[^}]*window="7d"'
	refute_output --partial 'rt_sharpe{strategy="beta"'
	refute_output --regexp '^rt_clv_pct\{'
	refute_output --partial 'null'
	refute_output --partial 'NaN'
	assert_equal "$(grep -cv '^#' <<<"$output")" 35
	# Grouped by all three: the labels strategy, version, arm, window.
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all --format prom "$F/by.ndjson"
	assert_success
	assert_line 'rt_bets{strategy="alpha",version="alpha@1",arm="production",window="all"} 1'
	assert_line 'rt_profit{strategy="beta",version="beta@1",arm="production",window="all"} -4'
}

@test "--format prom passes promtool check metrics" {
	command -v promtool >/dev/null || skip "promtool is not installed"
	rt-metrics --now 2019-06-30 --windows 7d,30d,all --format prom "$F/by.ndjson" "$F/clv.ndjson" >"$tmp/prom"
	run --separate-stderr promtool check metrics <"$tmp/prom"
	assert_success
}

@test "--format table: a header and aligned columns, - for null, * for fields not grouped by" {
	run --separate-stderr rt-metrics --now 2019-06-30 --windows 7d,all --by strategy --format table "$F/by.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 5
	assert_equal "$(awk '{ print length($0) }' <<<"$output" | sort -u)" 121
	assert_equal "$(awk '{ $1 = $1; print }' <<<"$output")" \
		"strategy version arm window bets pend profit roi% win maxdd% sharpe clv%
alpha * * 7d 0 0 - - - - - -
alpha * * all 4 0 -1.00 -12.50 0.500 2.94 -0.121 -
beta * * 7d 0 0 - - - - - -
beta * * all 1 0 -4.00 -100.00 0.000 4.00 - -"
	# alpha all: profit -1, roi -12.5, win 2/4, maxdd 300/102 = 2.94, sharpe -0.1213 (see prom)
	# Aligned: each column's values end where its heading ends.
	assert_equal "$(cut -c1-14 <<<"$output" | sed 's/ *$//' | tr '\n' '|')" "strategy|alpha|alpha|beta|beta|"
	assert_equal "$(cut -c59-64 <<<"$output" | tr '\n' '|')" "  bets|     0|     4|     0|     1|"
	assert_equal "$(cut -c73-80 <<<"$output" | tr '\n' '|')" "  profit|       -|   -1.00|       -|   -4.00|"
	assert_equal "$(cut -c82-89 <<<"$output" | tr '\n' '|')" "    roi%|       -|  -12.50|       -| -100.00|"
	assert_equal "$(cut -c115-121 <<<"$output" | tr '\n' '|')" "   clv%|      -|      -|      -|      -|"
}

@test "a bet with status \"won\" is bad input: exit 65 naming FILE:LINE, nothing on stdout" {
	run --separate-stderr rt-metrics --now 2019-06-30 "$F/bad-status.ndjson"
	assert_equal "$status" 65
	assert_output ""
	assert_equal "$stderr" "rt-metrics: $F/bad-status.ndjson:2: \"status\" is \"won\", expected pending, win, loss, push or void"
	# The same from standard input.
	run --separate-stderr rt-metrics --now 2019-06-30 <"$F/bad-status.ndjson"
	assert_equal "$status" 65
	assert_output ""
	assert_equal "$stderr" "rt-metrics: <stdin>:2: \"status\" is \"won\", expected pending, win, loss, push or void"
}

@test "--reject goes on past the bad bet, copies it byte for byte, exits 65; a trigger is ignored" {
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all --reject "$tmp/rejected" "$F/bad-status.ndjson"
	assert_equal "$status" 65
	assert_equal "$stderr" "rt-metrics: $F/bad-status.ndjson:2: \"status\" is \"won\", expected pending, win, loss, push or void"
	sed -n 2p "$F/bad-status.ndjson" >"$tmp/want"
	cmp "$tmp/want" "$tmp/rejected"
	# x1 win stake 2 profit 2, x3 loss stake 1 profit -1 (the trigger on line 3 is skipped):
	# bets 2, staked 3, profit 1, roi 33.333333, win_rate 0.5
	assert_equal "$(win all '[.bets,.wins,.losses,.staked,.profit,.roi_pct,.win_rate]')" '[2,1,1,3,1,33.333333,0.5]'
	rejected=$output
	# The same as the input without the bad line: the trigger record is silently ignored.
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all "$F/with-trigger.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$output" "$rejected"
	# A record of a kind the contract does not know is bad input.
	run --separate-stderr rt-metrics --now 2019-06-30 <<<'{"kind":"wager","strategy":"alpha"}'
	assert_equal "$status" 65
	assert_output ""
	assert_equal "$stderr" 'rt-metrics: <stdin>:1: unknown record kind "wager"'
}

@test "usage errors exit 64: --by bogus, --windows 7x, --format xml" {
	run --separate-stderr rt-metrics --by bogus </dev/null
	assert_equal "$status" 64
	assert_output ""
	[[ $stderr == "rt-metrics: --by 'bogus': strategy, strategy,version or strategy,version,arm"$'\n'"usage: rt-metrics "* ]]
	run --separate-stderr rt-metrics --windows 7x </dev/null
	assert_equal "$status" 64
	assert_output ""
	[[ $stderr == "rt-metrics: --windows '7x': "*$'\n'"usage: rt-metrics "* ]]
	run --separate-stderr rt-metrics --format xml </dev/null
	assert_equal "$status" 64
	assert_output ""
	[[ $stderr == "rt-metrics: --format 'xml': ndjson, prom or table"$'\n'"usage: rt-metrics "* ]]
	[[ $stderr == *"Try 'rt-metrics --help' for more information." ]]
}

@test "change statistics: --warmup 4 fixes mu0 and sd0; lower CUSUM and Page-Hinkley by hand" {
	# change.ndjson (mu), stake 1 each, returns r in time order:
	#   2 (win +200), 0, 0, 0 (pushes), -1, -1, -1 (losses), 1 (win +100)
	run --separate-stderr rt-metrics --now 2019-06-30 --windows 7d,all --warmup 4 "$F/change.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(win 7d 'has("change")')" false
	# warm-up on the first 4: mu0 = (2 + 0 + 0 + 0) / 4 = 0.5
	#   sd0 = sqrt((1.5^2 + 3 * 0.5^2) / (4 - 1)) = sqrt(3 / 3) = 1
	# z = (r - 0.5) / 1: 1.5, -0.5, -0.5, -0.5, -1.5, -1.5, -1.5, 0.5
	assert_equal "$(win all '.change.returns | [.n,.warmup,.mu0,.sd0,.cusum.k,.page_hinkley.delta]')" \
		'[8,4,0.5,1,0.5,0.1]'
	# lower CUSUM, k = 0.5: C = max(0, C - z - k)
	#   1.5: max(0, -2) = 0;  -0.5 (x3): max(0, 0) = 0;
	#   -1.5: 1; -1.5: 2; -1.5: 3 (max); 0.5: 3 - 0.5 - 0.5 = 2
	near "$(win all '.change.returns.cusum.stat')" 2
	near "$(win all '.change.returns.cusum.max')" 3
	# Page-Hinkley, delta = 0.1: m_t = m_{t-1} + mean_t - z_t - delta, stat = m_T - min(0, m_t)
	#   t1 mean 1.5:  m = 1.5 - 1.5 - 0.1            = -0.1  (the minimum)
	#   t2 mean 0.5:  m += 0.5 + 0.5 - 0.1 = 0.9    ->  0.8
	#   t3 mean 1/6:  m += 1/6 + 0.5 - 0.1          ->  1.2 + 1/6
	#   t4 mean 0:    m += 0 + 0.5 - 0.1 = 0.4      ->  1.6 + 1/6
	#   t5 mean -0.3: m += -0.3 + 1.5 - 0.1 = 1.1   ->  2.7 + 1/6
	#   t6 mean -0.5: m += -0.5 + 1.5 - 0.1 = 0.9   ->  3.6 + 1/6
	#   t7 mean -9/14: m += 1.4 - 9/14              ->  5.0 + 1/6 - 9/14
	#   t8 mean -0.5: m += -0.5 - 0.5 - 0.1 = -1.1  ->  3.9 + 1/6 - 9/14 = 3.9 - 10/21
	#   stat = (3.9 - 10/21) - (-0.1) = 4 - 10/21 = 74/21 = 3.5238095
	near "$(win all '.change.returns.page_hinkley.stat')" "74/21"
	# no close_odds: the clv series is empty and not warm
	assert_equal "$(win all '.change.clv | [.n,.mu0,.sd0,.cusum.stat,.cusum.max,.page_hinkley.stat]')" \
		'[0,null,null,null,null,null]'

	# Again with --cusum-k 1 --ph-delta 0.
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all --warmup 4 --cusum-k 1 --ph-delta 0 "$F/change.ndjson"
	assert_success
	assert_equal "$(win all '.change.returns | [.cusum.k,.page_hinkley.delta]')" '[1,0]'
	# CUSUM k = 1: 0, 0, 0, 0, 0.5, 1, 1.5 (max), 1.5 - 0.5 - 1 = 0
	near "$(win all '.change.returns.cusum.stat')" 0
	near "$(win all '.change.returns.cusum.max')" 1.5
	# PH delta 0: increments 0, 1, 2/3, 1/2, 6/5, 1, 6/7, -1; the minimum is m_1 = 0
	#   stat = 1 + 2/3 + 1/2 + 6/5 + 1 + 6/7 - 1 = (210+140+105+252+180)/210 = 887/210
	near "$(win all '.change.returns.page_hinkley.stat')" "887/210"

	# Fewer returns than --warmup: the statistics are null, n counts what there is.
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all --warmup 9 "$F/change.ndjson"
	assert_success
	assert_equal "$(win all '.change.returns | [.n,.warmup,.mu0,.sd0,.cusum.stat,.cusum.max,.page_hinkley.stat]')" \
		'[8,9,null,null,null,null,null]'
}

@test "market records from rt-sim: move, differential, margin for 7d and 30d, n and reference_n per date range" {
	rt-sim --seed 3 --from 2019-05-01 --to 2019-07-31 >"$tmp/sim.ndjson"
	total=$(wc -l <"$tmp/sim.ndjson")
	run --separate-stderr rt-metrics --now 2019-07-31 --windows 7d,30d "$tmp/sim.ndjson"
	assert_success
	assert_equal "$stderr" ""
	# No bets: only market records, three features per window.
	assert_equal "$(jq -c '[.kind,.feature,.window,.as_of]' <<<"$output" | tr '\n' ' ')" \
		'["market","move","7d","2019-07-31T23:59:59Z"] ["market","differential","7d","2019-07-31T23:59:59Z"] ["market","margin","7d","2019-07-31T23:59:59Z"] ["market","move","30d","2019-07-31T23:59:59Z"] ["market","differential","30d","2019-07-31T23:59:59Z"] ["market","margin","30d","2019-07-31T23:59:59Z"] '
	# Each game's date and the time of its pinnacle close, in one pass of jq.
	jq -r '[.date, ([.odds[] | select(.book == "pinnacle" and .tag == "close") | .t][0] // "-")] | @tsv' \
		"$tmp/sim.ndjson" >"$tmp/dates"
	assert_equal "$(wc -l <"$tmp/dates")" "$total"
	# Games dated in (LO, HI]: all of them, and those whose close was posted by --now.
	games() {
		awk -F '\t' -v lo="$1" -v hi="$2" '$1 > lo && $1 <= hi { n++ } END { print n + 0 }' "$tmp/dates"
	}
	closed() {
		awk -F '\t' -v lo="$1" -v hi="$2" '$1 > lo && $1 <= hi && $2 != "-" && $2 <= "2019-07-31T23:59:59Z" { n++ } END { print n + 0 }' "$tmp/dates"
	}
	# 7d: dates 07-25..07-31; reference (--reference 90d before it): (04-25, 07-24]
	n7=$(closed 2019-07-24 2019-07-31)
	r7=$(closed 2019-04-25 2019-07-24)
	# 30d: dates 07-02..07-31; reference (04-02, 07-01]
	n30=$(closed 2019-07-01 2019-07-31)
	r30=$(closed 2019-04-02 2019-07-01)
	# The games whose close comes after --now are dated 07-31 (they start after
	# midnight UTC): only they are missing from the 7d and 30d counts.
	late=$(awk -F '\t' '$2 > "2019-07-31T23:59:59Z" { print $1 }' "$tmp/dates" | sort | uniq -c | awk '{ print $2, $1 }')
	[[ -z $late || $late == "2019-07-31 "* ]]
	nlate=${late#2019-07-31 }
	assert_equal "$n7" "$(($(games 2019-07-24 2019-07-31) - ${nlate:-0}))"
	assert_equal "$n30" "$(($(games 2019-07-01 2019-07-31) - ${nlate:-0}))"
	[ "$n7" -gt 50 ]
	assert_equal "$r7" "$(games 2019-04-25 2019-07-24)"
	assert_equal "$r30" "$(games 2019-04-02 2019-07-01)"
	# The 30d window and its reference cover the whole simulated range.
	assert_equal "$(($(games 2019-07-01 2019-07-31) + r30))" "$total"
	for f in move differential margin; do
		assert_equal "$(jq -c --arg f "$f" 'select(.feature == $f and .window == "7d") | [.n,.reference_n]' <<<"$output")" "[$n7,$r7]"
		assert_equal "$(jq -c --arg f "$f" 'select(.feature == $f and .window == "30d") | [.n,.reference_n]' <<<"$output")" "[$n30,$r30]"
	done
	# Drift statistics in range (and not null: both samples are large).
	assert_equal "$(jq -s 'all(.[]; (.psi | type) == "number" and .psi >= 0
		and (.ks | type) == "number" and .ks >= 0 and .ks <= 1
		and (.ks_p | type) == "number" and .ks_p >= 0 and .ks_p <= 1
		and .q10 <= .q50 and .q50 <= .q90 and .sd >= 0)' <<<"$output")" true
}

@test "window all counts a bet placed before --now on a game dated after it (pending)" {
	# future.ndjson (phi): f1 dated 2019-06-30 win stake 1 profit 0.8;
	#   f2 placed 2019-06-30T20:00Z, before --now, on a game dated 2019-07-01: pending.
	# CONTRACT.md: "all is every bet"; only bets placed after --now are ignored.
	# 7d = (06-23T23:59:59, 06-30T23:59:59] does not hold f2's date: pending 0 there.
	run --separate-stderr rt-metrics --now 2019-06-30 --windows 7d,all "$F/future.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(win 7d '[.bets,.pending]')" '[1,0]'
	assert_equal "$(win all '[.bets,.pending]')" '[1,1]'
}

@test "input in time order: memory does not grow with the number of bets" {
	[ -z "${RT_SANITIZE:-}" ] || skip "memory figures mean nothing under AddressSanitizer"
	command -v /usr/bin/time >/dev/null || skip "/usr/bin/time missing"
	awk -v n=20000 -f "$RT_TOP/tests/bench/gen-bets.awk" >"$BATS_TEST_TMPDIR/small"
	awk -v n=400000 -f "$RT_TOP/tests/bench/gen-bets.awk" >"$BATS_TEST_TMPDIR/large"
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/m1" rt-metrics --now 2020-01-01 "$BATS_TEST_TMPDIR/small" >/dev/null
	/usr/bin/time -f %M -o "$BATS_TEST_TMPDIR/m2" rt-metrics --now 2020-01-01 "$BATS_TEST_TMPDIR/large" >/dev/null
	a=$(cat "$BATS_TEST_TMPDIR/m1") b=$(cat "$BATS_TEST_TMPDIR/m2")
	# twenty times the bets (120 MB), the same memory give or take 4 MB
	[ "$b" -lt $((a + 4096)) ] || { echo "rss $a KiB -> $b KiB"; false; }
}

@test "market: a game still open at --now has no close yet; it counts once it has started" {
	# cut at 21:00 (as rt-store export game --now gives it): no snapshot tagged close
	cat >"$tmp/game" <<-'EOF2'
	{"kind":"game","game_id":"2019-06-01-NYY-BOS-1","season":2019,"date":"2019-06-01","start":"2019-06-01T23:05:00Z","home":"BOS","away":"NYY","odds":[{"t":"2019-05-31T14:00:00Z","book":"pinnacle","tag":"open","home_ml":-150,"away_ml":138},{"t":"2019-06-01T20:00:00Z","book":"pinnacle","home_ml":-160,"away_ml":147}]}
	EOF2
	# (no game counts, so there is no market record at all)
	run --separate-stderr rt-metrics --now 2019-06-01T21:00:00Z --windows 7d "$tmp/game"
	assert_success
	assert_output ""
	run --separate-stderr rt-metrics --now 2019-06-01T23:05:00Z --windows 7d "$tmp/game"
	assert_equal "$(jq -c 'select(.feature == "move") | .n' <<<"$output")" 1
	# without a start time, the end of its date
	jq -c 'del(.start)' "$tmp/game" >"$tmp/nostart"
	run --separate-stderr rt-metrics --now 2019-06-01T23:59:59Z --windows 7d "$tmp/nostart"
	assert_output ""
	run --separate-stderr rt-metrics --now 2019-06-02T00:00:00Z --windows 7d "$tmp/nostart"
	assert_equal "$(jq -c 'select(.feature == "move") | .n' <<<"$output")" 1
}

@test "return_n, return_mean, return_sd and breakeven_rate: by hand" {
	# sharpe.ndjson: returns 1.5, -1, 0.5, 1 (see the sharpe test): mean
	# 0.5, sample sd sqrt(3.5/3) = 1.080123; break-even rates 1/decimal(odds)
	# of the won and lost bets: 1/2.5, 110/210, 1/1.5, 1/2, mean 0.522619
	run --separate-stderr rt-metrics --now 2019-06-30 --windows all "$F/sharpe.ndjson"
	assert_success
	assert_equal "$(win all '[.return_n,.return_mean,.return_sd,.breakeven_rate]')" \
		'[4,0.5,1.080123,0.522619]'
	# one bet: no sd; none: no mean
	run --separate-stderr rt-metrics --now 2019-06-10 --windows all "$F/sharpe.ndjson"
	assert_equal "$(win all '[.return_n,.return_mean,.return_sd,.breakeven_rate]')" '[1,1.5,null,0.4]'
}

@test "an input that cannot be read stops, --reject or not: exit 74, no records" {
	run --separate-stderr rt-metrics --now 2019-06-30 --reject "$tmp/rej" "$F/sharpe.ndjson" "$tmp/no-such-file"
	assert_failure 74
	assert_output ""
}
