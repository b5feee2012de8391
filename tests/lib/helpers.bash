# Shared by the bats files: paths, assertions, a fresh database per file.
# shellcheck shell=bash

bats_require_minimum_version 1.5.0

RT_TOP=${RT_TOP:-$(cd "$BATS_TEST_DIRNAME/.." && pwd)}
RT_BINDIR=${RT_BINDIR:-$RT_TOP/bin}
export PATH="$RT_BINDIR:$RT_TOP/bin:$PATH"
# shellcheck disable=SC2034 # used by the bats files
FIXTURES=$RT_TOP/tests/fixtures
# shellcheck disable=SC2034
SHARED_DATA=$RT_TOP/../shared/data/mlb-odds

load_assertions() {
	local d
	for d in /usr/lib/bats /usr/local/lib/bats /usr/share/bats; do
		if [ -f "$d/bats-support/load.bash" ] && [ -f "$d/bats-assert/load.bash" ]; then
			load "$d/bats-support/load.bash"
			load "$d/bats-assert/load.bash"
			return 0
		fi
	done
	echo "bats-support and bats-assert are missing (make deps)" >&2
	return 1
}
load_assertions

# A database of its own for the calling file (or test), schema applied,
# RT_DATABASE_URL pointing at it.  Needs the cluster tests/run started.
db_fresh() {
	if [ "${RT_TEST_DB_OK:-0}" != 1 ] || [ -z "${RT_HOME:-}" ]; then
		skip "no test PostgreSQL cluster (run the tests with tests/run)"
	fi
	local name
	name="t_$(basename "$BATS_TEST_FILENAME" .bats | tr -c 'a-z0-9\n' _)_${BATS_SUITE_TEST_NUMBER:-0}_$$_$RANDOM"
	createdb -h "$RT_HOME/run" -U rt "$name"
	export RT_DATABASE_URL="postgresql:///$name?host=$RT_HOME/run&user=rt"
	psql -X -q -v ON_ERROR_STOP=1 "$RT_DATABASE_URL" -f "$RT_TOP/sql/roles.sql" >/dev/null
	rt-store init
}

# For setup_file: a fresh database for the whole file (db_fresh), and
# RT_FILE_DB=1 for db_need; without the test cluster, nothing (a skip in
# setup_file is reported as a failure by bats 1.8: each test skips instead).
db_fresh_file() {
	if [ "${RT_TEST_DB_OK:-0}" != 1 ] || [ -z "${RT_HOME:-}" ]; then
		return 0
	fi
	db_fresh
	export RT_DATABASE_URL RT_FILE_DB=1
}

# In a test of a file that called db_fresh_file: skip without its database.
db_need() {
	[ "${RT_FILE_DB:-0}" = 1 ] || skip "no test PostgreSQL cluster (run the tests with tests/run)"
}

# One value from SQL, unaligned.
sql() {
	psql -X -qtA -v ON_ERROR_STOP=1 "$RT_DATABASE_URL" -c "$1"
}

# Every table's rows as one checksum: "nothing changed" in one compare.
db_digest() {
	sql "SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (
	  SELECT 'g' || doc::text AS t FROM games UNION ALL SELECT 'b' || doc::text FROM bets
	  UNION ALL SELECT 'm' || doc::text FROM metrics UNION ALL SELECT 'k' || doc::text FROM markets
	  UNION ALL SELECT 't' || doc::text FROM triggers UNION ALL SELECT 'a' || doc::text FROM alerts
	  UNION ALL SELECT 's' || doc::text FROM schedules UNION ALL SELECT 'j' || doc::text FROM jobs
	  UNION ALL SELECT 'p' || doc::text FROM params UNION ALL SELECT 'r' || doc::text FROM trials
	  UNION ALL SELECT 'o' || doc::text FROM models UNION ALL SELECT 'v' || doc::text FROM verdicts
	  UNION ALL SELECT 'l' || doc::text FROM rollouts UNION ALL SELECT 'x' || doc::text FROM assignments
	  UNION ALL SELECT 'h' || strategy || version || status FROM model_status_history) s"
}

# The rows of every table, counted.
db_rows() {
	sql "SELECT (SELECT count(*) FROM games) + (SELECT count(*) FROM bets) +
	  (SELECT count(*) FROM metrics) + (SELECT count(*) FROM markets) +
	  (SELECT count(*) FROM triggers) + (SELECT count(*) FROM alerts) +
	  (SELECT count(*) FROM schedules) + (SELECT count(*) FROM jobs) +
	  (SELECT count(*) FROM params) + (SELECT count(*) FROM trials) +
	  (SELECT count(*) FROM models) + (SELECT count(*) FROM verdicts) +
	  (SELECT count(*) FROM rollouts) + (SELECT count(*) FROM assignments)"
}

# JSON lines in a canonical form (sorted keys, sorted lines) for "equal as JSON".
canon() {
	jq -cS . "$@" | LC_ALL=C sort
}
