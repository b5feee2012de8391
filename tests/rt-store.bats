#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# rt-store: schema, import, export against a real PostgreSQL.

setup_file() {
	load lib/helpers
	db_fresh
	export RT_DATABASE_URL
}

setup() {
	load lib/helpers
	[ -n "${RT_DATABASE_URL:-}" ] || skip "no database"
	sql "TRUNCATE games, bets, metrics, markets, triggers, alerts, schedules, jobs,
	     params, trials, models, model_status_history, verdicts, rollouts, assignments"
	tmp=$BATS_TEST_TMPDIR
}

@test "rt-store --help prints the synopsis on stdout and exits 0" {
	run --separate-stderr rt-store --help
	assert_success
	assert_output --partial "usage: rt-store init"
	assert_equal "$stderr" ""
}

@test "rt-store --version names the program" {
	run --separate-stderr rt-store --version
	assert_success
	assert_output --regexp '^rt-store \(rt\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "rt-store without a command is a usage error (64)" {
	run --separate-stderr rt-store
	assert_equal "$status" 64
	assert_equal "$output" ""
	[[ $stderr == *"usage: rt-store init"* ]]
}

@test "rt-store with an unknown command or kind is a usage error (64)" {
	run --separate-stderr rt-store frobnicate
	assert_equal "$status" 64
	[[ $stderr == *"unknown command 'frobnicate'"* ]]
	run --separate-stderr rt-store export bets
	assert_equal "$status" 64
	[[ $stderr == *"unknown record kind 'bets'"* ]]
	run --separate-stderr rt-store export schedule --since 2019-01-01
	assert_equal "$status" 64
	[[ $stderr == *"no time to filter on"* ]]
	run --separate-stderr rt-store export bet --since yesterday
	assert_equal "$status" 64
}

@test "rt-store init is idempotent and records each migration once" {
	run --separate-stderr rt-store init
	assert_success
	run --separate-stderr rt-store init --verbose
	assert_success
	[[ $stderr == *"0 migrations applied"* ]]
	assert_equal "$(sql 'SELECT count(*) FROM rt_migrations')" \
		"$(find "$RT_TOP/sql" -name '[0-9]*.sql' | wc -l)"
}

@test "import then export of 10,000 mixed records gives them back, equal as JSON" {
	awk -v n=10000 -f "$RT_TOP/tests/lib/gen-records.awk" >"$tmp/in.ndjson"
	run --separate-stderr rt-store import "$tmp/in.ndjson"
	assert_success
	assert_equal "$stderr" ""
	for k in game bet metric market trigger alert schedule job param trial model verdict rollout assignment; do
		rt-store export "$k"
	done >"$tmp/out.ndjson"
	assert_equal "$(wc -l <"$tmp/out.ndjson")" 10000
	canon "$tmp/in.ndjson" >"$tmp/in.canon"
	canon "$tmp/out.ndjson" >"$tmp/out.canon"
	cmp "$tmp/in.canon" "$tmp/out.canon"
	# The stored text is the record as given: byte for byte, too.
	LC_ALL=C sort "$tmp/in.ndjson" >"$tmp/in.sorted"
	LC_ALL=C sort "$tmp/out.ndjson" >"$tmp/out.sorted"
	cmp "$tmp/in.sorted" "$tmp/out.sorted"
}

@test "importing the same input twice leaves the same rows and rewrites none" {
	awk -v n=2800 -f "$RT_TOP/tests/lib/gen-records.awk" >"$tmp/in.ndjson"
	rt-store import "$tmp/in.ndjson"
	before=$(db_digest)
	rows=$(db_rows)
	history=$(sql 'SELECT count(*) FROM model_status_history')
	run --separate-stderr rt-store import --verbose "$tmp/in.ndjson"
	assert_success
	[[ $stderr == *"bet: 200 read, 0 written"* ]]
	[[ $stderr == *"model: 200 read, 0 written"* ]]
	assert_equal "$(db_digest)" "$before"
	assert_equal "$(db_rows)" "$rows"
	assert_equal "$(sql 'SELECT count(*) FROM model_status_history')" "$history"
	assert_equal "$rows" 2800
}

@test "a changed record replaces the stored one; the last of one key in an input wins" {
	printf '%s\n' \
	  '{"kind":"job","job_id":"j1","strategy":"consensus","status":"queued","priority":"low"}' \
	  '{"kind":"job","job_id":"j1","strategy":"consensus","status":"running","priority":"low"}' \
	  >"$tmp/a.ndjson"
	rt-store import "$tmp/a.ndjson"
	assert_equal "$(sql "SELECT status FROM jobs WHERE job_id = 'j1'")" running
	echo '{"kind":"job","job_id":"j1","strategy":"consensus","status":"succeeded","priority":"low"}' |
		rt-store import
	assert_equal "$(sql "SELECT status FROM jobs WHERE job_id = 'j1'")" succeeded
	run rt-store export job
	assert_output '{"kind":"job","job_id":"j1","strategy":"consensus","status":"succeeded","priority":"low"}'
}

@test "text holding SQL, quotes, backslashes and unicode round-trips verbatim" {
	cat >"$tmp/evil.ndjson" <<'JSON'
{"kind":"trigger","trigger_id":"'; DROP TABLE bets; --","strategy":"x'); DELETE FROM games; --","type":"manual","severity":"low","reason":"quote ' double \" back \\ slash \\\\ two $(rm -rf /) `id` %s %n","created":"2019-06-01T00:00:00Z","status":"active","evidence":{"k\"ey":"v\u00e9 caf\u00e9 \ud83d\ude00 日本語 \t\n"}}
{"kind":"schedule","name":"Robert'); DROP TABLE students;--","strategy":"sharp_action","type":"cron","cron":"0 2 1 * *","enabled":false,"description":"back\\slash and \"quotes\" and \\N and tab\there"}
JSON
	run --separate-stderr rt-store import "$tmp/evil.ndjson"
	assert_success
	{ rt-store export trigger; rt-store export schedule; } >"$tmp/out.ndjson"
	cmp "$tmp/evil.ndjson" "$tmp/out.ndjson"
	assert_equal "$(sql "SELECT count(*) FROM pg_tables WHERE tablename IN ('bets', 'games')")" 2
	assert_equal "$(sql "SELECT strategy FROM triggers")" "x'); DELETE FROM games; --"
	assert_equal "$(sql "SELECT enabled FROM schedules")" f
}

@test "a bad line in the middle of an import writes nothing and exits 65 naming the line" {
	echo '{"kind":"bet","bet_id":"keep","strategy":"s","version":"s@1","game_id":"g","date":"2019-06-01","status":"win"}' |
		rt-store import
	before=$(db_digest)
	run --separate-stderr rt-store import "$FIXTURES/rt-store/bad-middle.ndjson"
	assert_equal "$status" 65
	assert_equal "$output" ""
	assert_equal "$stderr" "rt-store: $FIXTURES/rt-store/bad-middle.ndjson:3: truncated JSON at column 132"
	assert_equal "$(db_digest)" "$before"
	assert_equal "$(sql 'SELECT count(*) FROM bets')" 1
}

@test "a bad line on standard input is named <stdin>:LINE" {
	run --separate-stderr rt-store import <"$FIXTURES/rt-store/bad-middle.ndjson"
	assert_equal "$status" 65
	[[ $stderr == "rt-store: <stdin>:3: "* ]]
	assert_equal "$(sql 'SELECT count(*) FROM bets')" 0
}

@test "--reject keeps the good records, copies the bad line byte for byte, exits 65" {
	run --separate-stderr rt-store import --reject "$tmp/rej" "$FIXTURES/rt-store/bad-middle.ndjson"
	assert_equal "$status" 65
	[[ $stderr == *"bad-middle.ndjson:3: truncated JSON"* ]]
	sed -n 3p "$FIXTURES/rt-store/bad-middle.ndjson" >"$tmp/want"
	cmp "$tmp/want" "$tmp/rej"
	assert_equal "$(sql "SELECT string_agg(bet_id, ',' ORDER BY bet_id) FROM bets")" "x1,x2,x4"
}

@test "records that break the contract are refused with the reason" {
	run --separate-stderr rt-store import <<'JSON'
{"kind":"bet","bet_id":"b1","strategy":"s","version":"s@1","game_id":"g","date":"2019-06-01","status":"won"}
JSON
	assert_equal "$status" 65
	assert_equal "$stderr" 'rt-store: <stdin>:1: "status" is "won", expected one of pending, win, loss, push, void'
	run --separate-stderr rt-store import <<'JSON'
{"kind":"bet","bet_id":"b1","strategy":"s","version":"s@1","game_id":"g","date":"2019-02-30","status":"win"}
JSON
	assert_equal "$status" 65
	assert_equal "$stderr" 'rt-store: <stdin>:1: "date" is not a date (YYYY-MM-DD): "2019-02-30": day out of range for month'
	run --separate-stderr rt-store import <<'JSON'
{"kind":"trigger","trigger_id":"t","strategy":"s","type":"manual","severity":"low","status":"active","created":"2019-06-01T10:00:00"}
JSON
	assert_equal "$status" 65
	[[ $stderr == *'"created" is not an RFC 3339 time: "2019-06-01T10:00:00": time without zone' ]]
	run --separate-stderr rt-store import <<'JSON'
{"kind":"game","season":2019,"date":"2019-06-01","home":"BOS","away":"NYY"}
JSON
	assert_equal "$status" 65
	assert_equal "$stderr" 'rt-store: <stdin>:1: game without "game_id"'
	run --separate-stderr rt-store import <<'JSON'
{"kind":"wager","id":1}
JSON
	assert_equal "$status" 65
	assert_equal "$stderr" 'rt-store: <stdin>:1: unknown record kind "wager"'
	assert_equal "$(db_rows)" 0
}

@test "two production versions of one strategy are refused at commit, nothing written" {
	run --separate-stderr rt-store import <<'JSON'
{"kind":"model","strategy":"consensus","version":"consensus@1","params":{},"status":"production"}
{"kind":"model","strategy":"consensus","version":"consensus@2","params":{},"status":"production"}
JSON
	assert_equal "$status" 65
	[[ $stderr == *"models_one_production"* ]]
	assert_equal "$(sql 'SELECT count(*) FROM models')" 0
}

@test "promotion in one input: old version retired, new one production, history kept" {
	rt-store import <<'JSON'
{"kind":"model","strategy":"consensus","version":"consensus@1","params":{},"status":"production"}
JSON
	rt-store import <<'JSON'
{"kind":"model","strategy":"consensus","version":"consensus@2","params":{},"status":"production"}
{"kind":"model","strategy":"consensus","version":"consensus@1","params":{},"status":"retired"}
JSON
	assert_equal "$(sql "SELECT version FROM models WHERE status = 'production'")" consensus@2
	assert_equal "$(sql "SELECT string_agg(version || '=' || status, ',' ORDER BY at, version DESC) FROM model_status_history")" \
		"consensus@1=production,consensus@1=retired,consensus@2=production"
}

@test "export filters by strategy, status and time, oldest first" {
	awk -v n=1400 -f "$RT_TOP/tests/lib/gen-records.awk" | rt-store import
	run --separate-stderr rt-store export bet --strategy line_movement
	assert_success
	assert_equal "$(printf '%s\n' "$output" | jq -r .strategy | sort -u)" line_movement
	assert_equal "$(printf '%s\n' "$output" | wc -l)" 50
	dates=$(printf '%s\n' "$output" | jq -r .date)
	assert_equal "$dates" "$(printf '%s\n' "$dates" | sort)"
	run rt-store export bet --since 2019-05-01 --until 2019-05-31
	assert_equal "$(printf '%s\n' "$output" | jq -r .date | cut -c1-7 | sort -u)" 2019-05
	day=$(rt-store export trigger | head -n 1 | jq -r .created | cut -c1-10)
	run rt-store export trigger --since "${day}T00:00:00Z" --until "${day}T23:59:59Z"
	assert_equal "$(printf '%s\n' "$output" | jq -r .created | cut -c1-10 | sort -u)" "$day"
	assert_equal "$(printf '%s\n' "$output" | wc -l)" \
		"$(rt-store export trigger | jq -r .created | grep -c "^$day")"
	run rt-store export bet --status loss
	assert_output ""
	run --separate-stderr rt-store export param --status x
	assert_equal "$status" 64
}

@test "export --now leaves out what was not known yet: snapshots, results, later records" {
	rt-store import "$FIXTURES/rt-store/games-crlf.ndjson"
	run --separate-stderr rt-store export game --now 2019-06-01T21:00:00Z
	assert_success
	line=$(printf '%s\n' "$output" | grep 2019-06-01-NYY)
	assert_equal "$(jq -c '[.odds[].t]' <<<"$line")" '["2019-05-31T14:00:00Z","2019-06-01T20:00:00Z"]'
	assert_equal "$(jq -c '[.splits[].t]' <<<"$line")" '["2019-06-01T12:00:00Z"]'
	assert_equal "$(jq -c 'has("result")' <<<"$line")" false
	run rt-store export game --now 2019-06-02T03:00:00Z
	line=$(printf '%s\n' "$output" | grep 2019-06-01-NYY)
	assert_equal "$(jq -c '.result.home_score' <<<"$line")" 5
	assert_equal "$(jq -c '.odds | length' <<<"$line")" 3
	# SBRO games have no times: the open line from the day's start, the
	# close at the end of the day, the result from noon the day after.
	run rt-store export game --now 2014-04-01T12:00:00Z
	line=$(printf '%s\n' "$output" | grep 2014-04-01)
	assert_equal "$(jq -c '[.odds[].tag], has("result")' <<<"$line" | paste -sd' ')" '["open"] false'
	run rt-store export game --now 2014-04-02T12:00:00Z
	line=$(printf '%s\n' "$output" | grep 2014-04-01)
	assert_equal "$(jq -c '[.odds[].tag], has("result")' <<<"$line" | paste -sd' ')" '["open","close"] true'
	# Bets placed after --now did not exist yet.
	printf '%s\n' \
	  '{"kind":"bet","bet_id":"early","strategy":"s","version":"s@1","game_id":"g","date":"2019-06-01","placed":"2019-06-01T20:00:00Z","status":"win"}' \
	  '{"kind":"bet","bet_id":"late","strategy":"s","version":"s@1","game_id":"g","date":"2019-06-01","placed":"2019-06-01T22:00:00Z","status":"win"}' |
		rt-store import
	run rt-store export bet --now 2019-06-01T21:00:00Z
	assert_equal "$(jq -r .bet_id <<<"$output")" early
}

@test "export bet --now: a bet whose game was not final by then is pending, without profit" {
	rt-store import "$FIXTURES/rt-store/games-crlf.ndjson"
	printf '%s\n' \
	  '{"kind":"bet","bet_id":"b1","strategy":"s","version":"s@1","game_id":"2019-06-01-NYY-BOS-1","date":"2019-06-01","placed":"2019-06-01T20:00:00Z","odds":-150,"stake":1,"status":"win","profit":0.6667}' \
	  '{"kind":"bet","bet_id":"b2","strategy":"s","version":"s@1","game_id":"2014-04-01-SDG-LAD-1","date":"2014-04-01","status":"loss","profit":-1}' |
		rt-store import
	run rt-store export bet --now 2019-06-02T01:00:00Z
	assert_equal "$(sed -n 2p <<<"$output")" '{"kind":"bet","bet_id":"b1","strategy":"s","version":"s@1","game_id":"2019-06-01-NYY-BOS-1","date":"2019-06-01","placed":"2019-06-01T20:00:00Z","odds":-150,"stake":1,"status":"pending"}'
	assert_equal "$(sed -n 1p <<<"$output" | jq -c '[.status, .profit]')" '["loss",-1]'
	run rt-store export bet --now 2019-06-02T03:00:00Z
	assert_equal "$(sed -n 2p <<<"$output" | jq -c '[.status, .profit]')" '["win",0.6667]'
	# SBRO games have no final_at: final from noon the day after
	run rt-store export bet --now 2014-04-02T11:00:00Z
	assert_equal "$(jq -c '[.status, .profit]' <<<"$output")" '["pending",null]'
}

@test "records of one key across several files: the last given wins" {
	echo '{"kind":"job","job_id":"j","strategy":"s","status":"queued"}' >"$tmp/a"
	printf '%s\n' '{"kind":"job","job_id":"x","strategy":"s","status":"queued"}' \
	  '{"kind":"job","job_id":"y","strategy":"s","status":"queued"}' \
	  '{"kind":"job","job_id":"j","strategy":"s","status":"failed"}' >"$tmp/b"
	echo '{"kind":"job","job_id":"j","strategy":"s","status":"running"}' >"$tmp/c"
	rt-store import "$tmp/b" "$tmp/c" "$tmp/a"
	assert_equal "$(sql "SELECT status FROM jobs WHERE job_id = 'j'")" queued
}

@test "an absent field and its default are one key; no error on a collision" {
	printf '%s\n' \
	  '{"kind":"metric","strategy":"s","window":"7d","as_of":"2019-06-01T00:00:00Z","bets":1}' \
	  '{"kind":"metric","strategy":"s","version":"","arm":"","window":"7d","as_of":"2019-06-01T00:00:00Z","bets":2}' |
		rt-store import
	assert_equal "$(sql 'SELECT count(*) FROM metrics')" 1
	assert_equal "$(rt-store export metric | jq .bets)" 2
}

@test "a record with a key twice, a byte order mark, a bad snapshot time: refused" {
	run --separate-stderr rt-store import <<<'{"kind":"bet","bet_id":"b","strategy":"s","version":"v","game_id":"g","date":"2019-06-01","status":"win","status":"bogus"}'
	assert_equal "$status" 65
	assert_equal "$stderr" 'rt-store: <stdin>:1: duplicate key'
	run --separate-stderr rt-store import < <(printf '\357\273\277{"kind":"job","job_id":"j","strategy":"s","status":"queued"}\n')
	assert_equal "$status" 65
	assert_equal "$stderr" 'rt-store: <stdin>:1: UTF-8 byte order mark at column 1'
	run --separate-stderr rt-store import <<<'{"kind":"game","game_id":"g","season":2019,"date":"2019-06-01","home":"BOS","away":"NYY","odds":[{"t":"2019-06-01T12:00:00Z"},{"t":"noon"}]}'
	assert_equal "$status" 65
	assert_equal "$stderr" 'rt-store: <stdin>:1: odds[1].t is not an RFC 3339 time: not an RFC 3339 time'
	assert_equal "$(db_rows)" 0
}

@test "input with white space is stored compact" {
	printf '%s\n' '{ "kind" : "job", "job_id":"j", "strategy":"s",  "status":"queued", "n": [1, 2.50] }' | rt-store import
	run rt-store export job
	assert_output '{"kind":"job","job_id":"j","strategy":"s","status":"queued","n":[1,2.5]}'
}

@test "a reject file that cannot be written: nothing committed, exit 74" {
	[ -w /dev/full ] || skip "no /dev/full"
	run --separate-stderr rt-store import --reject /dev/full "$FIXTURES/rt-store/bad-middle.ndjson"
	assert_equal "$status" 74
	[[ $stderr == *"writing reject file '/dev/full' failed"* ]]
	assert_equal "$(sql 'SELECT count(*) FROM bets')" 0
}

@test "CRLF input is taken; the stored record has no CR" {
	run --separate-stderr rt-store import "$FIXTURES/rt-store/games-crlf.ndjson"
	assert_success
	run rt-store export game
	assert_equal "$(printf '%s\n' "$output" | grep -c $'\r')" 0
	assert_equal "$(printf '%s\n' "$output" | wc -l)" 2
}

@test "export streams: memory does not grow with the table" {
	[ -z "${RT_SANITIZE:-}" ] || skip "memory figures mean nothing under AddressSanitizer"
	command -v /usr/bin/time >/dev/null || skip "/usr/bin/time missing"
	awk -v n=60000 -f "$RT_TOP/tests/bench/gen-bets.awk" >"$tmp/bets"
	head -n 6000 "$tmp/bets" | rt-store import
	/usr/bin/time -f '%M' -o "$tmp/rss-small" rt-store export bet >"$tmp/out"
	assert_equal "$(wc -l <"$tmp/out")" 6000
	rt-store import "$tmp/bets"
	[ "$(sql 'SELECT sum(octet_length(doc::text)) FROM bets')" -gt 18000000 ]
	/usr/bin/time -f '%M' -o "$tmp/rss-large" rt-store export bet >"$tmp/out"
	assert_equal "$(wc -l <"$tmp/out")" 60000
	# Max resident set in KiB: ten times the rows, 18 MB of records, and
	# the same memory give or take 2 MB.
	small=$(cat "$tmp/rss-small") large=$(cat "$tmp/rss-large")
	[ "$large" -lt $((small + 2048)) ] || { echo "rss $small KiB -> $large KiB"; false; }
}

@test "an unreachable server gives exit 69 naming the server tried" {
	RT_DATABASE_URL="postgresql:///rt?host=$tmp/nowhere&user=rt" run --separate-stderr rt-store export bet
	assert_equal "$status" 69
	assert_equal "$output" ""
	[[ $stderr == "rt-store: PostgreSQL is unavailable at socket $tmp/nowhere/.s.PGSQL.5432, database \"rt\", user \"rt\": "* ]]
	RT_DATABASE_URL="host=127.0.0.1 port=1 dbname=rt user=rt password=sekrit" run --separate-stderr rt-store init
	assert_equal "$status" 69
	[[ $stderr == *"host 127.0.0.1 port 1"* ]]
	[[ $stderr != *sekrit* ]]
}
