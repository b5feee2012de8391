#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# rt-backtest: strategies, parameters, pricing, staking and settlement on
# small crafted games (tests/fixtures/rt-backtest), no lookahead, and the
# strategies on rt-sim's market (with its hidden truth) and on SBRO data.
#
# The crafted games: every game starts at about 23:05Z, so with the default
# decision_minutes (30) it is decided at about 22:35Z.  Splits snapshots are
# at 20:00Z (one per book unless said), odds open the day before at 14:00Z
# and close at 23:00Z (tagged).  Every run passes --now, so that nothing
# depends on the clock.

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	F=$FIXTURES/rt-backtest
	NOW=2019-07-01T00:00:00Z
	TIDY=$SHARED_DATA/sbro-tidy-2010-2019/mlb_odds_2010_2019.csv
}

# rt-backtest with everything known.
bt() {
	rt-backtest --now "$NOW" "$@"
}

# One line per bet: game, side, book, odds, stake, status, profit.
brief() {
	jq -r '[.game_id, .side, .book, .odds, .stake, .status, (.profit // "-")] | map(tostring) | join(" ")'
}

# Adds a snapshot ($3, JSON) to the "odds" or "splits" ($2) of game $4 in
# file $1, keeping the snapshots in time order.
add_snap() {
	jq -c --arg k "$2" --argjson s "$3" --arg id "$4" \
		'if .game_id == $id then .[$k] = ((.[$k] // []) + [$s] | sort_by(.t)) else . end' "$1"
}

# The game records of file $1 cut to what was known at $2 (every snapshot
# of the crafted games has a "t"; results have "final_at").
known_at() {
	jq -c --arg now "$2" '
	  ($now | fromdateiso8601) as $n
	  | .odds |= map(select((.t | fromdateiso8601) <= $n))
	  | if has("splits") then .splits |= map(select((.t | fromdateiso8601) <= $n)) else . end
	  | if has("result") and ((.result.final_at | fromdateiso8601) > $n) then del(.result) else . end' "$1"
}

# ---------------------------------------------------------------- interface

@test "--help, --version, --list-strategies (four lines), --timing" {
	run --separate-stderr rt-backtest --help
	assert_success
	assert_output --partial "usage: rt-backtest --strategy NAME"
	assert_equal "$stderr" ""
	run --separate-stderr rt-backtest --version
	assert_success
	assert_output --regexp '^rt-backtest \(rt\) [0-9]+\.[0-9]+\.[0-9]+$'
	run --separate-stderr rt-backtest --list-strategies
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(wc -l <<<"$output")" 4
	assert_equal "$(awk '{print $1}' <<<"$output" | tr '\n' ' ')" \
		"sharp_action line_movement consensus late_flip "
	# the three that read splits say so; line_movement runs on odds alone
	assert_equal "$(grep -c '(needs splits)$' <<<"$output")" 3
	refute_line --regexp '^line_movement .*needs splits'
	# --timing reports on stderr and changes nothing on stdout
	base=$(bt --strategy sharp_action "$F/sharp.ndjson")
	run --separate-stderr bt --strategy sharp_action --timing "$F/sharp.ndjson"
	assert_success
	assert_equal "$output" "$base"
	[[ $stderr == *"6 games loaded"*"backtest: 4 bets"* ]] || fail "--timing said: $stderr"
}

@test "--list-parameters: param records, common parameters first, a high_impact one each" {
	for s in sharp_action line_movement consensus late_flip; do
		run --separate-stderr rt-backtest --list-parameters "$s"
		assert_success
		assert_equal "$stderr" ""
		# every line a param record of the strategy, well formed for its
		# type; the four common parameters first; names unique; at least
		# one of the strategy's own parameters high impact
		jq -s -e --arg s "$s" '
		  all(.[];
		    .kind == "param" and .strategy == $s and (.name | type) == "string"
		    and (.log | type) == "boolean" and (.high_impact | type) == "boolean"
		    and (if .type == "choice" then
		           (.choices | type) == "array" and (.choices | length) >= 2
		           and (.default as $d | .choices | index($d)) != null
		           and (has("low") | not)
		         elif .type == "int" or .type == "float" then
		           (.low | type) == "number" and (.high | type) == "number"
		           and .low < .high and .low <= .default and .default <= .high
		           and (.type == "float" or (.default | floor) == .default)
		         else false end))
		  and (map(.name)[:4] == ["decision_minutes", "price_book", "min_odds", "max_odds"])
		  and (map(.name) | length) == (map(.name) | unique | length)
		  and (.[4:] | map(select(.high_impact)) | length) >= 1' <<<"$output" >/dev/null ||
			fail "$s: the space is malformed: $output"
	done
	# the contract's example: sharp_action's min_differential; the price_book choice
	run --separate-stderr rt-backtest --list-parameters sharp_action
	assert_line '{"kind":"param","strategy":"sharp_action","name":"min_differential","type":"float","low":2,"high":40,"default":10,"log":false,"high_impact":true,"doc":"money % minus bets % on the side, in points, that makes a bet"}'
	assert_line --partial '"name":"price_book","type":"choice","choices":["best","pinnacle","circa","draftkings","fanduel","betmgm","caesars","sbro"],"default":"best"'
}

@test "usage errors (64): unknown strategy, bad options" {
	run --separate-stderr rt-backtest --list-parameters nope
	assert_equal "$status" 64
	assert_output ""
	[[ $stderr == *"unknown strategy 'nope'"* ]]
	run --separate-stderr rt-backtest --strategy nope --params '{}' "$F/sharp.ndjson"
	assert_equal "$status" 64
	assert_output ""
	[[ $stderr == *"unknown strategy 'nope'"* ]]
	run --separate-stderr rt-backtest --params '{}' "$F/sharp.ndjson"
	assert_equal "$status" 64
	[[ $stderr == *"--strategy is required"* ]]
	# other usage errors: 64, nothing on stdout
	for args in "--stake martingale" "--kelly-fraction 2" "--kelly-fraction x" \
		"--kelly-edge 0.9" "--bankroll 0" "--now yesterday-ish" "--frobnicate"; do
		# shellcheck disable=SC2086 # the words are the options
		run --separate-stderr rt-backtest --strategy sharp_action $args "$F/sharp.ndjson"
		assert_equal "$status" 64
		assert_output ""
		[[ $stderr == *"usage: rt-backtest"* ]] || fail "$args: $stderr"
	done
}

# --------------------------------------------------------------- parameters

@test "--params: '{}' takes the defaults (NAME@default); other values a hashed version" {
	run --separate-stderr bt --strategy sharp_action --params '{}' "$F/sharp.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(jq -r .version <<<"$output" | sort -u)" "sharp_action@default"
	# the defaults given by name are still the defaults; no --params too
	assert_equal "$(bt --strategy sharp_action --params '{"min_differential":10,"book_weighting":"sharpness"}' "$F/sharp.ndjson")" "$output"
	assert_equal "$(bt --strategy sharp_action "$F/sharp.ndjson")" "$output"
	# bet_id is VERSION:ARM:GAME_ID:ml
	assert_equal "$(jq -r .bet_id <<<"$output" | head -1)" \
		"sharp_action@default:production:2019-06-01-NYY-BOS-1:ml"
	# other values name a hashed version, the same whatever the key order
	a=$(bt --strategy sharp_action --params '{"min_differential":12,"min_tickets":50}' "$F/sharp.ndjson")
	b=$(bt --strategy sharp_action --params '{"min_tickets":50,"min_differential":12}' "$F/sharp.ndjson")
	assert_equal "$a" "$b"
	assert_regex "$(jq -r .version <<<"$a" | sort -u)" '^sharp_action@[0-9a-f]{8}$'
	# --version and --arm name the bets
	run --separate-stderr bt --strategy sharp_action --version sharp_action@5 --arm candidate "$F/sharp.ndjson"
	assert_success
	assert_equal "$(jq -r '[.version, .arm, .bet_id] | join(" ")' <<<"$output" | head -1)" \
		"sharp_action@5 candidate sharp_action@5:candidate:2019-06-01-NYY-BOS-1:ml"
}

@test "--params: unknown parameter, value out of range, bad choice, not an object: 64" {
	run --separate-stderr rt-backtest --strategy sharp_action --params '{"min_differentail":12}' "$F/sharp.ndjson"
	assert_equal "$status" 64
	assert_output ""
	[[ $stderr == *"unknown parameter 'min_differentail'"* ]]
	# a parameter of another strategy is unknown here
	run --separate-stderr rt-backtest --strategy sharp_action --params '{"flip_window":60}' "$F/sharp.ndjson"
	assert_equal "$status" 64
	[[ $stderr == *"'flip_window'"* ]]
	run --separate-stderr rt-backtest --strategy sharp_action --params '{"min_differential":41}' "$F/sharp.ndjson"
	assert_equal "$status" 64
	[[ $stderr == *"min_differential: expected a number from 2 to 40"* ]]
	run --separate-stderr rt-backtest --strategy sharp_action --params '{"min_tickets":1.5}' "$F/sharp.ndjson"
	assert_equal "$status" 64
	[[ $stderr == *"min_tickets"* ]]
	run --separate-stderr rt-backtest --strategy consensus --params '{"mode":"crazy"}' "$F/consensus.ndjson"
	assert_equal "$status" 64
	[[ $stderr == *"mode: 'crazy' is not one of heavy, mixed"* ]]
	run --separate-stderr rt-backtest --strategy consensus --params '{"mode":1}' "$F/consensus.ndjson"
	assert_equal "$status" 64
	run --separate-stderr rt-backtest --strategy sharp_action --params '[1]' "$F/sharp.ndjson"
	assert_equal "$status" 64
	[[ $stderr == *"must be a JSON object"* ]]
	run --separate-stderr rt-backtest --strategy sharp_action --params '{"min_differential":' "$F/sharp.ndjson"
	assert_equal "$status" 64
	assert_output ""
}

@test "--params: a choice is given by name and changes the rule" {
	# HOU-TEX: pinnacle differential 30, draftkings 0.  sharpness weights
	# (1.5, 1.2): 45/2.7 = 16.67, confidence (16.67-10)/10+0.25 = 0.9167;
	# equal weights: 15, confidence 0.75.
	run --separate-stderr bt --strategy sharp_action "$F/sharp.ndjson"
	assert_equal "$(jq -r 'select(.game_id == "2019-06-01-HOU-TEX-1") | .confidence' <<<"$output")" 0.9167
	run --separate-stderr bt --strategy sharp_action --params '{"book_weighting":"equal"}' "$F/sharp.ndjson"
	assert_success
	assert_equal "$(jq -r 'select(.game_id == "2019-06-01-HOU-TEX-1") | .confidence' <<<"$output")" 0.75
}

@test "--model FILE: strategy, version and params from the model record; not with --params" {
	# line_movement@7: direction fade, min_move 0.03
	run --separate-stderr bt --model "$F/model.ndjson" "$F/line.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(jq -r '[.strategy, .version, .game_id, .side] | join(" ")' <<<"$output")" \
		"line_movement line_movement@7 2019-06-02-NYY-BOS-1 away
line_movement line_movement@7 2019-06-02-TB-TOR-1 home"
	assert_equal "$(jq -r .bet_id <<<"$output" | head -1)" \
		"line_movement@7:production:2019-06-02-NYY-BOS-1:ml"
	# the same as giving its params
	assert_equal "$(bt --strategy line_movement --params '{"direction":"fade","min_move":0.03}' \
		--version line_movement@7 "$F/line.ndjson")" "$output"
	# of two models, --strategy picks one; without it the choice is ambiguous
	run --separate-stderr bt --strategy line_movement --model "$F/models.ndjson" "$F/line.ndjson"
	assert_success
	assert_equal "$(jq -r '[.version, .side] | join(" ")' <<<"$output")" \
		"line_movement@4 away
line_movement@4 home"
	run --separate-stderr bt --model "$F/models.ndjson" "$F/line.ndjson"
	assert_equal "$status" 65
	assert_output ""
	[[ $stderr == *"more than one model"* ]]
	# no model of the strategy, a model with a value out of range
	run --separate-stderr bt --strategy consensus --model "$F/models.ndjson" "$F/line.ndjson"
	assert_equal "$status" 65
	[[ $stderr == *"no model of consensus"* ]]
	run --separate-stderr bt --model "$F/model-bad.ndjson" "$F/line.ndjson"
	assert_equal "$status" 65
	assert_output ""
	[[ $stderr == *"min_move"* ]]
	# --params and --model together: a usage error
	run --separate-stderr rt-backtest --model "$F/model.ndjson" --params '{}' "$F/line.ndjson"
	assert_equal "$status" 64
	assert_output ""
	[[ $stderr == *"give --params or --model, not both"* ]]
}

# --------------------------------------------------------------- the rules

@test "sharp_action: money% - bets% over the threshold bets that side, exactly" {
	# NYY-BOS +15 -> home; TB-TOR -15 -> away; SEA-OAK +8 < 10 -> none;
	# DET-CLE +20 but 50 tickets < 100 -> none; HOU-TEX and MIN-KC (two
	# books) -> home.  Decision 30 minutes before the start.
	run --separate-stderr bt --strategy sharp_action --params '{}' "$F/sharp.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(wc -l <<<"$output")" 4
	assert_line --index 0 '{"kind":"bet","bet_id":"sharp_action@default:production:2019-06-01-NYY-BOS-1:ml","strategy":"sharp_action","version":"sharp_action@default","arm":"production","game_id":"2019-06-01-NYY-BOS-1","date":"2019-06-01","placed":"2019-06-01T22:35:00Z","market":"moneyline","side":"home","book":"pinnacle","odds":-150,"close_odds":-160,"close_prob":0.596273,"stake":1,"confidence":0.75,"status":"win","profit":0.666667}'
	assert_line --index 1 '{"kind":"bet","bet_id":"sharp_action@default:production:2019-06-01-TB-TOR-1:ml","strategy":"sharp_action","version":"sharp_action@default","arm":"production","game_id":"2019-06-01-TB-TOR-1","date":"2019-06-01","placed":"2019-06-01T22:36:00Z","market":"moneyline","side":"away","book":"pinnacle","odds":130,"close_odds":140,"close_prob":0.403727,"stake":1,"confidence":0.75,"status":"win","profit":1.3}'
	assert_equal "$(brief <<<"$output" | sed -n '3,4p')" \
		"2019-06-01-HOU-TEX-1 home pinnacle -150 1 push 0
2019-06-01-MIN-KC-1 home pinnacle -150 1 loss -1"
}

@test "sharp_action: thresholds min_differential, min_tickets, min_books, decision_minutes" {
	# a threshold of 7 takes SEA-OAK's +8 too
	run --separate-stderr bt --strategy sharp_action --params '{"min_differential":7}' "$F/sharp.ndjson"
	assert_success
	assert_equal "$(jq -r .game_id <<<"$output" | tr '\n' ' ')" \
		"2019-06-01-NYY-BOS-1 2019-06-01-TB-TOR-1 2019-06-01-SEA-OAK-1 2019-06-01-HOU-TEX-1 2019-06-01-MIN-KC-1 "
	# and 16 leaves only HOU-TEX (16.67) and MIN-KC (17.78)
	run --separate-stderr bt --strategy sharp_action --params '{"min_differential":16}' "$F/sharp.ndjson"
	assert_equal "$(jq -r .game_id <<<"$output" | tr '\n' ' ')" \
		"2019-06-01-HOU-TEX-1 2019-06-01-MIN-KC-1 "
	# DET-CLE's 50 tickets are enough for min_tickets 50
	run --separate-stderr bt --strategy sharp_action --params '{"min_tickets":50}' "$F/sharp.ndjson"
	assert_equal "$(jq -r 'select(.game_id == "2019-06-01-DET-CLE-1") | [.side, .status] | join(" ")' <<<"$output")" \
		"home loss"
	# min_books 2: only MIN-KC has two books at half the threshold (20, 15);
	# HOU-TEX's draftkings has 0
	run --separate-stderr bt --strategy sharp_action --params '{"min_books":2}' "$F/sharp.ndjson"
	assert_equal "$(jq -r .game_id <<<"$output")" "2019-06-01-MIN-KC-1"
	# decided 240 minutes before the start (19:05), the 20:00 splits are unknown
	run --separate-stderr bt --strategy sharp_action --params '{"decision_minutes":240}' "$F/sharp.ndjson"
	assert_success
	assert_output ""
	# decided 60 minutes before: placed at 22:05
	run --separate-stderr bt --strategy sharp_action --params '{"decision_minutes":60}' "$F/sharp.ndjson"
	assert_equal "$(jq -r .placed <<<"$output" | head -1)" "2019-06-01T22:05:00Z"
}

@test "line_movement: a move from the open over min_move, followed or faded" {
	# NYY-BOS -110/-110 -> -150/+130 at 12:00 (fair home 0.50 -> 0.58):
	# follow bets home.  TB-TOR moves the other way: away.  SEA-OAK
	# -115/-105 (0.51, under 0.02): no bet.
	run --separate-stderr bt --strategy line_movement --params '{}' "$F/line.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(brief <<<"$output")" \
		"2019-06-02-NYY-BOS-1 home pinnacle -150 1 win 0.666667
2019-06-02-TB-TOR-1 away pinnacle -150 1 loss -1"
	assert_line --index 0 '{"kind":"bet","bet_id":"line_movement@default:production:2019-06-02-NYY-BOS-1:ml","strategy":"line_movement","version":"line_movement@default","arm":"production","game_id":"2019-06-02-NYY-BOS-1","date":"2019-06-02","placed":"2019-06-02T22:35:00Z","market":"moneyline","side":"home","book":"pinnacle","odds":-150,"close_odds":-160,"close_prob":0.596273,"stake":1,"confidence":1,"status":"win","profit":0.666667}'
	run --separate-stderr bt --strategy line_movement --params '{"direction":"fade"}' "$F/line.ndjson"
	assert_equal "$(brief <<<"$output")" \
		"2019-06-02-NYY-BOS-1 away pinnacle 130 1 loss -1
2019-06-02-TB-TOR-1 home pinnacle 130 1 win 1.3"
	# min_move 0.005 takes SEA-OAK's 0.0108 too
	run --separate-stderr bt --strategy line_movement --params '{"min_move":0.005}' "$F/line.ndjson"
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output")" \
		"2019-06-02-NYY-BOS-1 home
2019-06-02-SEA-OAK-1 home
2019-06-02-TB-TOR-1 away"
}

@test "line_movement: steam needs steam_books books moving together in the window" {
	# NYY-BOS: pinnacle, circa, draftkings all move toward the away side at
	# 22:20, inside the 30 minutes before the 22:35 decision: steam, away,
	# best price circa -125.  TB-TOR: only two books move.  SEA-OAK: all
	# three move at 12:00, long before the window.
	run --separate-stderr bt --strategy line_movement --params '{"signal":"steam"}' "$F/steam.ndjson"
	assert_success
	assert_equal "$(brief <<<"$output")" "2019-06-03-NYY-BOS-1 away circa -125 1 win 0.8"
	assert_equal "$(jq -r .confidence <<<"$output")" 0.75
	run --separate-stderr bt --strategy line_movement --params '{"signal":"steam","steam_books":2}' "$F/steam.ndjson"
	assert_equal "$(jq -r .game_id <<<"$output" | tr '\n' ' ')" "2019-06-03-NYY-BOS-1 2019-06-03-TB-TOR-1 "
	run --separate-stderr bt --strategy line_movement --params '{"signal":"steam","steam_window":120}' "$F/steam.ndjson"
	assert_equal "$(jq -r .game_id <<<"$output" | tr '\n' ' ')" "2019-06-03-NYY-BOS-1 "
	# any signal: all three moved toward away by the decision
	run --separate-stderr bt --strategy line_movement --params '{"signal":"any"}' "$F/steam.ndjson"
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output" | tr '\n' ' ')" \
		"2019-06-03-NYY-BOS-1 away 2019-06-03-TB-TOR-1 away 2019-06-03-SEA-OAK-1 away "
}

@test "line_movement: reverse line movement against the ticket majority" {
	# NYY-BOS: line toward home, 70% of tickets on away: reverse, home.
	# TB-TOR: toward home with 70% of tickets on home: no.  SEA-OAK: toward
	# away with 65% on home: away.
	run --separate-stderr bt --strategy line_movement --params '{"signal":"reverse"}' "$F/rlm.ndjson"
	assert_success
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output")" \
		"2019-06-04-NYY-BOS-1 home
2019-06-04-SEA-OAK-1 away"
	run --separate-stderr bt --strategy line_movement --params '{"signal":"reverse","direction":"fade"}' "$F/rlm.ndjson"
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output")" \
		"2019-06-04-NYY-BOS-1 away
2019-06-04-SEA-OAK-1 home"
	# rlm_min_bets 66 leaves SEA-OAK's 65% out
	run --separate-stderr bt --strategy line_movement --params '{"signal":"reverse","rlm_min_bets":66}' "$F/rlm.ndjson"
	assert_equal "$(jq -r .game_id <<<"$output")" "2019-06-04-NYY-BOS-1"
	# without splits (line.ndjson) reverse never fires
	run --separate-stderr bt --strategy line_movement --params '{"signal":"reverse"}' "$F/line.ndjson"
	assert_success
	assert_output ""
}

@test "consensus: heavy agreement faded by default, followed on request; mixed" {
	# NYY-BOS bets 80 money 75 (heavy home); SEA-OAK 80/60 (money short);
	# TB-TOR 20/25 (heavy away); HOU-TEX 75/25 (mixed: tickets home, money away).
	run --separate-stderr bt --strategy consensus --params '{}' "$F/consensus.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(brief <<<"$output")" \
		"2019-06-05-NYY-BOS-1 away pinnacle 110 1 loss -1
2019-06-05-TB-TOR-1 home pinnacle -120 1 win 0.833333"
	run --separate-stderr bt --strategy consensus --params '{"direction":"follow"}' "$F/consensus.ndjson"
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output")" \
		"2019-06-05-NYY-BOS-1 home
2019-06-05-TB-TOR-1 away"
	# mixed: follow the money (away), fade it (home, the default direction)
	run --separate-stderr bt --strategy consensus --params '{"mode":"mixed","direction":"follow"}' "$F/consensus.ndjson"
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output")" "2019-06-05-HOU-TEX-1 away"
	run --separate-stderr bt --strategy consensus --params '{"mode":"mixed"}' "$F/consensus.ndjson"
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output")" "2019-06-05-HOU-TEX-1 home"
	# min_money_pct 60 takes SEA-OAK in (heavy home, faded: away)
	run --separate-stderr bt --strategy consensus --params '{"min_money_pct":60}' "$F/consensus.ndjson"
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output" | tr '\n' ' ')" \
		"2019-06-05-NYY-BOS-1 away 2019-06-05-SEA-OAK-1 away 2019-06-05-TB-TOR-1 home "
	# min_tickets over the 1000 taken
	run --separate-stderr bt --strategy consensus --params '{"min_tickets":1001}' "$F/consensus.ndjson"
	assert_output ""
}

@test "late_flip: the differential flips sign in the window: late or early side" {
	# Differentials at 20:35 (decision - flip_window 120) and at 22:35:
	# NYY-BOS +10 then -10: flipped, late = away, early = home.
	# TB-TOR +10 then +12, HOU-TEX +10 then +8: no flip.  SEA-OAK flips
	# only at 22:50, after the decision.  DET-CLE +4 then -10: the early
	# side is under min_differential 6.
	run --separate-stderr bt --strategy late_flip --params '{}' "$F/late_flip.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(brief <<<"$output")" "2019-06-06-NYY-BOS-1 away pinnacle 110 1 loss -1"
	run --separate-stderr bt --strategy late_flip --params '{"follow":"early"}' "$F/late_flip.ndjson"
	assert_equal "$(brief <<<"$output")" "2019-06-06-NYY-BOS-1 home pinnacle -120 1 win 0.833333"
	# min_differential 4 takes DET-CLE's +4 as an early side: away late
	run --separate-stderr bt --strategy late_flip --params '{"min_differential":4}' "$F/late_flip.ndjson"
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output")" \
		"2019-06-06-NYY-BOS-1 away
2019-06-06-DET-CLE-1 away"
	# a window of 30 minutes reads 22:05, after the flip: no flip seen
	run --separate-stderr bt --strategy late_flip --params '{"flip_window":30}' "$F/late_flip.ndjson"
	assert_success
	assert_output ""
	# too few tickets at the decision (900)
	run --separate-stderr bt --strategy late_flip --params '{"min_tickets":901}' "$F/late_flip.ndjson"
	assert_output ""
}

# ------------------------------------------------------------- no lookahead

@test "no lookahead: a splits snapshot after the decision changes nothing, before it does" {
	base=$(bt --strategy sharp_action "$F/sharp.ndjson")
	# draftkings turns to the away side at 22:50 (the decision is 22:35)
	add_snap "$F/sharp.ndjson" splits \
		'{"t":"2019-06-01T22:50:00Z","book":"draftkings","home_bets_pct":80,"home_money_pct":20,"tickets":3000}' \
		2019-06-01-NYY-BOS-1 >"$tmp/after.ndjson"
	run --separate-stderr bt --strategy sharp_action "$tmp/after.ndjson"
	assert_success
	assert_equal "$output" "$base"
	# the same snapshot at 22:20 is known: the bet goes to the away side
	add_snap "$F/sharp.ndjson" splits \
		'{"t":"2019-06-01T22:20:00Z","book":"draftkings","home_bets_pct":80,"home_money_pct":20,"tickets":3000}' \
		2019-06-01-NYY-BOS-1 >"$tmp/before.ndjson"
	run --separate-stderr bt --strategy sharp_action "$tmp/before.ndjson"
	assert_success
	assert_not_equal "$output" "$base"
	assert_equal "$(jq -r 'select(.game_id == "2019-06-01-NYY-BOS-1") | .side' <<<"$output")" away
	# consensus and late_flip: the same rule
	for s in consensus late_flip; do
		base=$(bt --strategy "$s" "$F/$s.ndjson")
		add_snap "$F/$s.ndjson" splits \
			'{"t":"2019-06-05T22:50:00Z","book":"draftkings","home_bets_pct":20,"home_money_pct":20,"tickets":3000}' \
			2019-06-05-NYY-BOS-1 |
			add_snap /dev/stdin splits \
				'{"t":"2019-06-06T22:50:00Z","book":"draftkings","home_bets_pct":50,"home_money_pct":70,"tickets":3000}' \
				2019-06-06-NYY-BOS-1 >"$tmp/after.ndjson"
		assert_equal "$(bt --strategy "$s" "$tmp/after.ndjson")" "$base"
		# the same snapshots at 22:20
		jq -c '(.splits // []) |= map(if .t | endswith("T22:50:00Z") then .t |= sub("T22:50"; "T22:20") else . end)' \
			"$tmp/after.ndjson" >"$tmp/before.ndjson"
		assert_not_equal "$(bt --strategy "$s" "$tmp/before.ndjson")" "$base"
	done
}

@test "no lookahead: an odds snapshot after the decision changes nothing, before it does" {
	# sharp_action: pinnacle moves to -200/+170 at 22:50; the bet keeps -150
	base=$(bt --strategy sharp_action "$F/sharp.ndjson")
	add_snap "$F/sharp.ndjson" odds \
		'{"t":"2019-06-01T22:50:00Z","book":"pinnacle","home_ml":-200,"away_ml":170}' \
		2019-06-01-NYY-BOS-1 >"$tmp/after.ndjson"
	assert_equal "$(bt --strategy sharp_action "$tmp/after.ndjson")" "$base"
	add_snap "$F/sharp.ndjson" odds \
		'{"t":"2019-06-01T22:20:00Z","book":"pinnacle","home_ml":-200,"away_ml":170}' \
		2019-06-01-NYY-BOS-1 >"$tmp/before.ndjson"
	run --separate-stderr bt --strategy sharp_action "$tmp/before.ndjson"
	assert_equal "$(jq -r 'select(.game_id == "2019-06-01-NYY-BOS-1") | .odds' <<<"$output")" -200
	# line_movement: pinnacle swings to the away side at 22:50 (after) or 22:20
	base=$(bt --strategy line_movement "$F/line.ndjson")
	add_snap "$F/line.ndjson" odds \
		'{"t":"2019-06-02T22:50:00Z","book":"pinnacle","home_ml":150,"away_ml":-170}' \
		2019-06-02-NYY-BOS-1 >"$tmp/after.ndjson"
	run --separate-stderr bt --strategy line_movement "$tmp/after.ndjson"
	assert_success
	assert_equal "$output" "$base"
	add_snap "$F/line.ndjson" odds \
		'{"t":"2019-06-02T22:20:00Z","book":"pinnacle","home_ml":150,"away_ml":-170}' \
		2019-06-02-NYY-BOS-1 >"$tmp/before.ndjson"
	run --separate-stderr bt --strategy line_movement "$tmp/before.ndjson"
	assert_equal "$(jq -r 'select(.game_id == "2019-06-02-NYY-BOS-1") | .side' <<<"$output")" away
}

@test "no lookahead: a book that first prices the game after the decision changes nothing" {
	# fanduel opens NYY-BOS only at 22:50, 15 minutes after the decision,
	# at -300/+250.  Nothing of it was known at 22:35, so the bet (home,
	# pinnacle -150) must be as without it: neither its price nor its open
	# (which would turn the open-to-now move toward the away side).
	base=$(bt --strategy line_movement "$F/line.ndjson")
	add_snap "$F/line.ndjson" odds \
		'{"t":"2019-06-02T22:50:00Z","book":"fanduel","tag":"open","home_ml":-300,"away_ml":250}' \
		2019-06-02-NYY-BOS-1 >"$tmp/after.ndjson"
	run --separate-stderr bt --strategy line_movement "$tmp/after.ndjson"
	assert_success
	assert_equal "$output" "$base"
	# the same for the rules on splits
	for s in sharp consensus; do
		jq -c 'if .game_id | endswith("-NYY-BOS-1") then .odds += [{"t": (.date + "T22:50:00Z"),
		  "book":"fanduel","tag":"open","home_ml":-300,"away_ml":250}] else . end' \
			"$F/$s.ndjson" >"$tmp/after.ndjson"
		strategy=$s
		[ "$s" = sharp ] && strategy=sharp_action
		assert_equal "$(bt --strategy "$strategy" "$tmp/after.ndjson")" \
			"$(bt --strategy "$strategy" "$F/$s.ndjson")"
	done
	# a book that opens before the decision counts: fanduel's -130 at 22:20
	# is the best home price
	add_snap "$F/line.ndjson" odds \
		'{"t":"2019-06-02T22:20:00Z","book":"fanduel","tag":"open","home_ml":-130,"away_ml":110}' \
		2019-06-02-NYY-BOS-1 >"$tmp/before.ndjson"
	run --separate-stderr bt --strategy line_movement "$tmp/before.ndjson"
	assert_equal "$(brief <<<"$output" | head -1)" "2019-06-02-NYY-BOS-1 home fanduel -130 1 win 0.769231"
}

@test "--now: a result not known by then is pending, without profit" {
	# decisions 22:35 to 22:40 on 2019-06-07; finals from 02:11 next day
	run --separate-stderr rt-backtest --strategy sharp_action --now 2019-06-08T00:00:00Z "$F/settle.ndjson"
	assert_success
	assert_equal "$(wc -l <<<"$output")" 6
	assert_equal "$(jq -r .status <<<"$output" | sort -u)" pending
	assert_equal "$(jq -s 'map(has("profit")) | any' <<<"$output")" false
	# final_at is when it is known: 02:11 and 02:12 by 02:12, not 02:13
	run --separate-stderr rt-backtest --strategy sharp_action --now 2019-06-08T02:12:00Z "$F/settle.ndjson"
	assert_equal "$(jq -r '.status' <<<"$output" | tr '\n' ' ')" \
		"win win pending pending pending pending "
	# a result without final_at is known from noon (UTC) of the next day
	run --separate-stderr rt-backtest --strategy sharp_action --now 2019-06-08T11:59:59Z "$F/settle.ndjson"
	assert_equal "$(jq -r 'select(.game_id == "2019-06-07-DET-CLE-1") | .status' <<<"$output")" pending
	run --separate-stderr rt-backtest --strategy sharp_action --now 2019-06-08T12:00:00Z "$F/settle.ndjson"
	assert_equal "$(jq -r 'select(.game_id == "2019-06-07-DET-CLE-1") | [.status, .profit] | join(" ")' <<<"$output")" \
		"win 0.666667"
	# a decision after --now is no bet yet: only NYY-BOS is decided by 22:35
	run --separate-stderr rt-backtest --strategy sharp_action --now 2019-06-07T22:35:00Z "$F/settle.ndjson"
	assert_success
	assert_equal "$(jq -r '[.game_id, .status] | join(" ")' <<<"$output")" "2019-06-07-NYY-BOS-1 pending"
	run --separate-stderr rt-backtest --strategy sharp_action --now 2019-06-07T22:34:59Z "$F/settle.ndjson"
	assert_output ""
}

@test "--now: the bet is the one on the input cut to what was known then" {
	# 22:40: the bet on NYY-BOS was placed at 22:35 at draftkings -140;
	# draftkings' 22:50 snapshot and the 23:00 closes were not known yet.
	# (close_odds aside: see the next test)
	T=2019-06-08T22:40:00Z
	known_at "$F/pricing.ndjson" "$T" >"$tmp/known.ndjson"
	expected=$(rt-backtest --strategy sharp_action --now "$T" "$tmp/known.ndjson" | jq -c 'del(.close_odds)')
	assert_equal "$(jq -r '[.game_id, .odds, .status] | join(" ")' <<<"$expected")" \
		"2019-06-08-NYY-BOS-1 -140 pending"
	run --separate-stderr rt-backtest --strategy sharp_action --now "$T" "$F/pricing.ndjson"
	assert_success
	assert_equal "$(jq -c 'del(.close_odds)' <<<"$output")" "$expected"
}

@test "--now: close_odds is not taken from a snapshot after --now" {
	# CONTRACT.md: a program ignores everything not known at --now, odds
	# snapshots taken after it included.  At 22:40 draftkings' close
	# (23:00, -155) is not known: the bet cannot carry it.  (Absent, or the
	# latest price known then, -140.)
	run --separate-stderr rt-backtest --strategy sharp_action --now 2019-06-08T22:40:00Z "$F/pricing.ndjson"
	assert_success
	refute_output --partial '"close_odds":-155'
	assert_equal "$(jq -r '.close_odds // "absent"' <<<"$output" | sed 's/^-140$/absent/')" absent
	# known by 23:00
	run --separate-stderr rt-backtest --strategy sharp_action --now 2019-06-08T23:00:00Z "$F/pricing.ndjson"
	assert_equal "$(jq -r .close_odds <<<"$output")" -155
}

# ------------------------------------------------------------- settlement

@test "settlement: win, loss and push by the contract's payout rule" {
	run --separate-stderr bt --strategy sharp_action "$F/settle.ndjson"
	assert_success
	# a win at -150 pays 100/150 = 0.666667, at +130 1.3; a loss -1; a tie
	# is a push with profit 0; no result at all stays pending
	assert_equal "$(brief <<<"$output")" \
		"2019-06-07-NYY-BOS-1 home pinnacle -150 1 win 0.666667
2019-06-07-TB-TOR-1 away pinnacle 130 1 win 1.3
2019-06-07-SEA-OAK-1 home pinnacle -150 1 loss -1
2019-06-07-HOU-TEX-1 home pinnacle -150 1 push 0
2019-06-07-DET-CLE-1 home pinnacle -150 1 win 0.666667
2019-06-07-MIN-KC-1 home pinnacle -150 1 pending -"
}

# ------------------------------------------------------------------ pricing

@test "pricing: the best price among the books at the decision time, or price_book's" {
	# at 22:35: pinnacle -150, draftkings -140, fanduel -145 for home;
	# draftkings' -120 at 22:50 is too late.  close_odds: draftkings' close.
	run --separate-stderr bt --strategy sharp_action "$F/pricing.ndjson"
	assert_success
	assert_equal "$(jq -c '[.game_id, .book, .odds, .close_odds, .profit]' <<<"$output")" \
		'["2019-06-08-NYY-BOS-1","draftkings",-140,-155,0.714286]'
	# price_book picks one book, and close_odds is that book's close
	run --separate-stderr bt --strategy sharp_action --params '{"price_book":"pinnacle"}' "$F/pricing.ndjson"
	assert_success
	assert_equal "$(jq -c '[.book, .odds, .close_odds]' <<<"$output")" '["pinnacle",-150,-165]'
	run --separate-stderr bt --strategy sharp_action --params '{"price_book":"fanduel"}' "$F/pricing.ndjson"
	assert_equal "$(jq -c '[.book, .odds, .close_odds]' <<<"$output")" '["fanduel",-145,-150]'
	# a book that prices none of the games: no bets
	run --separate-stderr bt --strategy sharp_action --params '{"price_book":"caesars"}' "$F/pricing.ndjson"
	assert_success
	assert_output ""
	run --separate-stderr bt --strategy sharp_action --params '{"price_book":"bet365"}' "$F/pricing.ndjson"
	assert_equal "$status" 64
}

@test "pricing: min_odds and max_odds skip the bet" {
	# TB-TOR's away side is +300, over the default max_odds 250
	run --separate-stderr bt --strategy sharp_action --params '{"max_odds":300}' "$F/pricing.ndjson"
	assert_success
	assert_equal "$(jq -c '[.game_id, .side, .odds, .close_odds]' <<<"$output")" \
		'["2019-06-08-NYY-BOS-1","home",-140,-155]
["2019-06-08-TB-TOR-1","away",300,320]'
	run --separate-stderr bt --strategy sharp_action --params '{"max_odds":299}' "$F/pricing.ndjson"
	assert_equal "$(jq -r .game_id <<<"$output")" "2019-06-08-NYY-BOS-1"
	# min_odds -130: -140 is dearer, skipped; -140 itself is taken
	run --separate-stderr bt --strategy sharp_action --params '{"min_odds":-130}' "$F/pricing.ndjson"
	assert_success
	assert_output ""
	run --separate-stderr bt --strategy sharp_action --params '{"min_odds":-140}' "$F/pricing.ndjson"
	assert_equal "$(jq -r .odds <<<"$output")" -140
}

# ------------------------------------------------------------------- Kelly

@test "Kelly: stake = bankroll * fraction * (p d - 1) / (d - 1), bankroll as known at the decision" {
	# Every game: pinnacle -150/+130; differential +-15: confidence 0.75.
	# home: implied 0.6 and 100/230 = 0.434783, fair 0.6/1.034783 = 0.579832
	#   p = 0.579832 + 0.75 * 0.1 = 0.654832, d = 5/3,
	#   f = (0.654832 * 5/3 - 1) / (2/3) = 0.137080
	# away: fair 0.420168, p = 0.495168, d = 2.3, f = 0.138887 / 1.3 = 0.106836
	# bankroll 200, fraction 0.5:
	#  06-09 NYY-BOS 17:05 home: 200 * 0.5 * 0.137080 = 13.707983, wins at 20:00: +9.138655
	#  06-09 TB-TOR  19:05 away (decided 18:35, NYY-BOS not final yet):
	#                200 * 0.5 * 0.106836 = 10.683581, loses (known 23:30)
	#  06-09 SEA-OAK 23:05 home (decided 22:35: NYY-BOS known, TB-TOR not):
	#                209.138655 * 0.5 * 0.137080 = 14.334346, wins: +9.556231
	#  06-10 DET-CLE home -200/+100, confidence 0.25: f < 0, no bet
	#  06-10 NYY-BOS 23:05 home: 200 + 9.138655 - 10.683581 + 9.556231 = 208.011305
	#                * 0.5 * 0.137080 = 14.257077, loses
	run --separate-stderr bt --strategy sharp_action --stake kelly --kelly-fraction 0.5 \
		--kelly-edge 0.1 --bankroll 200 "$F/kelly.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "$(jq -r '[.game_id, .side, .odds] | join(" ")' <<<"$output")" \
		"2019-06-09-NYY-BOS-1 home -150
2019-06-09-TB-TOR-1 away 130
2019-06-09-SEA-OAK-1 home -150
2019-06-10-NYY-BOS-1 home -150"
	jq -n -e --slurpfile b <(printf '%s\n' "$output") '
	  [13.707983, 10.683581, 14.334346, 14.257077] as $want
	  | [9.138655, -10.683581, 9.556231, -14.257077] as $profit
	  | [range(4)] | all(. as $i
	      | (($b[$i].stake - $want[$i]) | fabs) < 2e-6
	      and (($b[$i].profit - $profit[$i]) | fabs) < 2e-6)' >/dev/null ||
		fail "stakes or profits differ: $output"
	# flat staking bets DET-CLE too, 1 unit each
	run --separate-stderr bt --strategy sharp_action "$F/kelly.ndjson"
	assert_equal "$(jq -r '[.game_id, .stake] | join(" ")' <<<"$output" | sed -n 4p)" "2019-06-10-DET-CLE-1 1"
}

@test "Kelly: the defaults are fraction 0.25, edge 0.03, bankroll 100" {
	# home: p = 0.579832 + 0.75 * 0.03 = 0.602332, f = (0.602332 * 5/3 - 1) / (2/3) = 0.005830
	# 100 * 0.25 * 0.005830 = 0.145746
	# away: p = 0.442668, f = (0.442668 * 2.3 - 1) / 1.3 = 0.013951, 100 * 0.25 * f = 0.34878
	run --separate-stderr bt --strategy sharp_action --stake kelly "$F/kelly.ndjson"
	assert_success
	assert_equal "$(jq -r '.stake' <<<"$output" | head -2 | tr '\n' ' ')" "0.145746 0.34878 "
	# the third is decided when the first has won 0.145746 / 1.5 = 0.097164:
	# 100.097164 * 0.25 * 0.005830 = 0.145887
	assert_equal "$(jq -r '.stake' <<<"$output" | sed -n 3p)" 0.145887
	# with no edge p is the book's own fair price: f < 0, no bet at all
	run --separate-stderr bt --strategy sharp_action --stake kelly --kelly-edge 0 "$F/kelly.ndjson"
	assert_success
	assert_output ""
}

# -------------------------------------------------------------------- SBRO

@test "SBRO games (no start, tagless open/close): line_movement decides at the close, the others skip" {
	# CHC-SF 110/-120 -> 140/-160: toward away, bet at the close -160;
	# TB-KC -110/-110 -> -115/-105: too small; NYY-BOS -> -150/+130: home.
	run --separate-stderr bt --strategy line_movement "$F/sbro.ndjson"
	assert_success
	assert_equal "$stderr" ""
	assert_line --index 0 '{"kind":"bet","bet_id":"line_movement@default:production:2016-06-06-CHC-SF-1:ml","strategy":"line_movement","version":"line_movement@default","arm":"production","game_id":"2016-06-06-CHC-SF-1","date":"2016-06-06","placed":"2016-06-06T23:59:59Z","market":"moneyline","side":"away","book":"sbro","odds":-160,"close_odds":-160,"close_prob":0.596273,"stake":1,"confidence":1,"status":"win","profit":0.625}'
	assert_equal "$(brief <<<"$output" | sed -n 2p)" "2016-06-07-NYY-BOS-1 home sbro -150 1 loss -1"
	assert_equal "$(wc -l <<<"$output")" 2
	# the close is known at the end of the date (a date for --now means its
	# last second); the result (no final_at) at noon the next day
	run --separate-stderr rt-backtest --strategy line_movement --now 2016-06-06 "$F/sbro.ndjson"
	assert_equal "$(jq -r '[.game_id, .status] | join(" ")' <<<"$output")" "2016-06-06-CHC-SF-1 pending"
	run --separate-stderr rt-backtest --strategy line_movement --now 2016-06-06T23:59:58Z "$F/sbro.ndjson"
	assert_success
	assert_output ""
	# the strategies that need splits skip them
	for s in sharp_action consensus late_flip; do
		run --separate-stderr bt --strategy "$s" "$F/sbro.ndjson"
		assert_success
		assert_output ""
		assert_equal "$stderr" ""
	done
}

@test "SBRO data (../shared/data/mlb-odds): line_movement places a plausible number of bets" {
	[ -f "$TIDY" ] || skip "the SBRO data is absent ($SHARED_DATA): real-data test skipped"
	# the file has a few bad rows: rt-import rejects them (and exits 65)
	# shellcheck disable=SC2016 # $1 and $2 are bash -c's arguments
	run --separate-stderr bash -c 'rt-import sbro --reject /dev/null "$1" 2>/dev/null |
		tee "$2" | rt-backtest --strategy line_movement' _ "$TIDY" "$tmp/games.ndjson"
	assert_success
	assert_equal "$stderr" ""
	games=$(wc -l <"$tmp/games.ndjson")
	# bets, then each status, the decision times and books seen, and the
	# games bet twice
	summary=$(jq -r -s '[length,
	    (map(select(.status == "win")) | length), (map(select(.status == "loss")) | length),
	    (map(select(.status == "push")) | length), (map(select(.status == "pending")) | length),
	    (map(.placed[10:]) | unique | join(",")), (map(.book) | unique | join(",")),
	    (length - (map(.game_id) | unique | length))] | map(tostring) | join(" ")' <<<"$output")
	read -r n win loss push pending placed books twice <<<"$summary"
	echo "# SBRO 2010-2019: $games games; line_movement: $n bets ($win win, $loss loss, $push push, $pending pending)" >&3
	# observed: 24646 games, 10767 bets (5862 win, 4896 loss, 8 push, 1 pending)
	assert [ "$games" -ge 20000 ]
	assert [ "$n" -ge 8000 ]
	assert [ "$n" -le 13000 ]
	assert [ "$pending" -le 10 ]
	assert_equal "$((win + loss + push + pending))" "$n"
	# all decided at the close (the end of the date), at sbro's price, once a game
	assert_equal "$placed" "T23:59:59Z"
	assert_equal "$books" "sbro"
	assert_equal "$twice" 0
	run --separate-stderr rt-backtest --strategy sharp_action "$tmp/games.ndjson"
	assert_success
	assert_output ""
}

# ------------------------------------------------------------------ rt-sim

@test "rt-sim data: all four strategies give valid, consistent bet records" {
	# June's games, all final by 2019-07-02 (the last end after midnight UTC)
	rt-sim --seed 5 --from 2019-06-01 --to 2019-06-30 >"$tmp/games.ndjson"
	jq -c '{game_id, date, start}' "$tmp/games.ndjson" >"$tmp/index.ndjson"
	counts=
	for s in sharp_action line_movement consensus late_flip; do
		run --separate-stderr rt-backtest --strategy "$s" --now 2019-07-02T00:00:00Z "$tmp/games.ndjson"
		assert_success
		assert_equal "$stderr" ""
		printf '%s\n' "$output" | sed '/^$/d' >"$tmp/bets.ndjson"
		counts="$counts $s=$(wc -l <"$tmp/bets.ndjson")"
		# every field of the contract's bet, each value as the contract
		# says; profit by the payout rule; one bet a game, decided 30
		# minutes before its start; the first bad bet, if any, is printed
		bad=$(jq -n -c --arg s "$s" --slurpfile g "$tmp/index.ndjson" --slurpfile b "$tmp/bets.ndjson" '
		  ($g | map({key: .game_id, value: .}) | from_entries) as $games
		  | def dec(o): if o > 0 then 1 + o / 100 else 1 + 100 / (-o) end;
		  def pays(b): if b.status == "win" then
		        (if b.odds < 0 then b.stake * 100 / (-b.odds) else b.stake * b.odds / 100 end)
		      elif b.status == "loss" then -b.stake else 0 end;
		  def ok: . as $x | $games[$x.game_id] as $gm
		    | $gm != null
		    and ([ "kind", "bet_id", "strategy", "version", "arm", "game_id", "date", "placed",
		           "market", "side", "odds", "close_odds", "stake", "confidence", "status", "profit" ]
		         | all(. as $k | $x | has($k)))
		    and .kind == "bet" and .strategy == $s and .version == ($s + "@default")
		    and .arm == "production" and .bet_id == "\(.version):\(.arm):\(.game_id):ml"
		    and .date == $gm.date
		    and .placed == ($gm.start | fromdateiso8601 - 1800 | todateiso8601)
		    and .market == "moneyline" and (.side == "home" or .side == "away")
		    and (.odds | type) == "number" and (.odds <= -100 or .odds >= 100)
		    and dec(.odds) >= 1.4 and dec(.odds) <= 3.5
		    and (.close_odds <= -100 or .close_odds >= 100)
		    and .stake == 1 and .confidence >= 0 and .confidence <= 1
		    and (.status | IN("win", "loss", "push"))
		    and ((.profit - pays(.)) | fabs) < 1e-6;
		  if ($b | map(.game_id) | unique | length) != ($b | length) then "a game bet twice"
		  else ($b | map(select(ok | not)) | first // empty) end')
		assert_equal "$bad" ""
	done
	echo "# rt-sim seed 5, June 2019: bets$counts" >&3
}

@test "ground truth: sharp_action has positive expected ROI, negative when sharp money is noise" {
	# Expected profit of a bet from the simulator's hidden truth:
	# p_true(side) * decimal(odds) - 1, p_true = truth.p_home for home bets,
	# 1 - it for away bets; bets joined to games by game_id.  (awk pulls
	# game_id and truth.p_home out of the 64 MB of games: jq takes seconds.)
	ev() {
		LC_ALL=C awk '{
			i = index($0, "\"game_id\":\""); g = substr($0, i + 11)
			g = substr(g, 1, index(g, "\"") - 1)
			j = index($0, "\"truth\":{\"p_home\":")
			if (i && j) print g, substr($0, j + 18, 12) + 0
		}' "$1" >"$tmp/truth.txt"
		jq -n -r --rawfile t "$tmp/truth.txt" --slurpfile b "$2" '
		  ($t | split("\n") | map(select(length > 0) | split(" ") | {key: .[0], value: (.[1] | tonumber)})
		   | from_entries) as $p
		  | [$b[] | (if .side == "home" then $p[.game_id] else 1 - $p[.game_id] end) as $q
		     | (if .odds > 0 then 1 + .odds / 100 else 1 + 100 / (-.odds) end) as $d
		     | ($q * $d - 1) * .stake]
		  | "\(length) \(100 * add / length)"'
	}
	# the two seasons side by side
	rt-sim --seed 2 --season 2018 --truth >"$tmp/games1.ndjson" &
	rt-sim --seed 2 --season 2018 --truth --regime 2018-03-01:sharp_noise=0.2 >"$tmp/games2.ndjson" &
	wait
	for k in 1 2; do
		bt --strategy sharp_action --params '{}' "$tmp/games$k.ndjson" >"$tmp/bets$k.ndjson"
	done
	read -r n1 roi1 < <(ev "$tmp/games1.ndjson" "$tmp/bets1.ndjson")
	read -r n2 roi2 < <(ev "$tmp/games2.ndjson" "$tmp/bets2.ndjson")
	rm -f "$tmp/games1.ndjson" "$tmp/games2.ndjson"
	printf '# sharp_action, rt-sim seed 2 season 2018: %d bets, expected ROI %+.2f%%; with sharp_noise=0.2: %d bets, expected ROI %+.2f%%\n' \
		"$n1" "$roi1" "$n2" "$roi2" >&3
	# observed: 527 bets, +2.53%; 1025 bets, -4.57%
	assert [ "$n1" -ge 100 ]
	assert [ "$n2" -ge 100 ]
	awk -v r="$roi1" 'BEGIN { exit !(r > 0) }' || fail "expected ROI $roi1% is not positive"
	awk -v r="$roi2" 'BEGIN { exit !(r < 0) }' || fail "expected ROI with noise $roi2% is not negative"
}

# --------------------------------------------------------------- bad input

@test "a bad price: exit 65 naming FILE:LINE; with --reject the others are backtested" {
	run --separate-stderr bt --strategy line_movement "$F/bad-price.ndjson"
	assert_equal "$status" 65
	assert_output ""
	assert_equal "$stderr" \
		"rt-backtest: $F/bad-price.ndjson:2: odds snapshot of pinnacle has a price that is not an American price"
	run --separate-stderr bt --strategy line_movement <"$F/bad-price.ndjson"
	assert_equal "$status" 65
	[[ $stderr == "rt-backtest: <stdin>:2: "* ]]
	# --reject: the bad line goes to FILE byte for byte, the others are
	# backtested, and the exit status is still 65
	run --separate-stderr bt --strategy line_movement --reject "$tmp/rej" "$F/bad-price.ndjson"
	assert_equal "$status" 65
	[[ $stderr == *"bad-price.ndjson:2: "* ]]
	assert_equal "$(jq -r '[.game_id, .side] | join(" ")' <<<"$output")" \
		"2019-06-02-NYY-BOS-1 home
2019-06-02-TB-TOR-1 away"
	cmp "$tmp/rej" <(sed -n 2p "$F/bad-price.ndjson")
}

@test "other kinds are ignored; a record without a known kind is bad input" {
	base=$(bt --strategy line_movement "$F/line.ndjson")
	{ sed -n 1p "$F/line.ndjson"; cat "$F/model.ndjson"
	  echo '{"kind":"bet","bet_id":"x","strategy":"sharp_action","version":"v","game_id":"g","date":"2019-06-02","status":"win"}'
	  sed -n '2,$p' "$F/line.ndjson"; } >"$tmp/mixed.ndjson"
	run --separate-stderr bt --strategy line_movement "$tmp/mixed.ndjson"
	assert_success
	assert_equal "$output" "$base"
	{ cat "$F/line.ndjson"; echo '{"game_id":"x"}'; } >"$tmp/nokind.ndjson"
	run --separate-stderr bt --strategy line_movement "$tmp/nokind.ndjson"
	assert_equal "$status" 65
	[[ $stderr == *"nokind.ndjson:4: "* ]]
}

@test "a game given twice is bet once, on its later record" {
	rt-sim --seed 5 --from 2019-06-01 --to 2019-06-01 >"$tmp/day"
	one=$(rt-backtest --strategy line_movement --now 2019-07-01 "$tmp/day")
	twice=$(rt-backtest --strategy line_movement --now 2019-07-01 "$tmp/day" "$tmp/day")
	assert_equal "$twice" "$one"
	# the later record wins: a copy without odds placed last leaves nothing to bet
	jq -c '.odds = []' "$tmp/day" >"$tmp/blank"
	run --separate-stderr rt-backtest --strategy line_movement --now 2019-07-01 "$tmp/day" "$tmp/blank"
	assert_success
	assert_output ""
}

@test "an input that cannot be read stops, --reject or not: exit 74, no bets" {
	run --separate-stderr rt-backtest --strategy sharp_action --reject "$BATS_TEST_TMPDIR/rej" \
		"$FIXTURES/rt-backtest/kelly.ndjson" "$BATS_TEST_TMPDIR/no-such-file"
	assert_failure 74
	assert_output ""
}
