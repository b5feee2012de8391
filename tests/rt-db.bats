#!/usr/bin/env bats
# shellcheck disable=SC2154 # bats assigns $stderr and $output
# rt-db: the private cluster, in a home of its own (not the one tests/run
# started), so that stopping it here disturbs no other test.

setup_file() {
	load lib/helpers
	command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 ||
		skip "PostgreSQL server binaries are not installed"
	RT_HOME=$(mktemp -d /tmp/rt-db-test.XXXXXX)
	chmod 755 "$RT_HOME"
	export RT_HOME RT_DB_FSYNC=off
	unset RT_DATABASE_URL
}

teardown_file() {
	rt-db stop >/dev/null 2>&1 || true
	rm -rf "$RT_HOME"
}

setup() {
	load lib/helpers
	unset RT_DATABASE_URL
}

@test "rt-db --help prints usage and exits 0; a bad command exits 64" {
	run --separate-stderr rt-db --help
	assert_success
	assert_output --partial "usage: rt-db start|stop|status"
	run --separate-stderr rt-db bogus
	assert_equal "$status" 64
	[[ $stderr == *"usage: rt-db"* ]]
}

@test "rt-db status says not running (3) before start" {
	run rt-db status
	assert_equal "$status" 3
	assert_output --partial "not running"
}

@test "rt-db start creates and starts the cluster; starting again changes nothing" {
	run rt-db start
	assert_success
	run rt-db status
	assert_success
	assert_output "running: postgresql:///rt?host=$RT_HOME/run&user=rt"
	run rt-db start
	assert_success
	[ -S "$RT_HOME/run/.s.PGSQL.5432" ]
}

@test "rt-db url: the owner's, --app the programs' (rt_app); rt-store works without RT_DATABASE_URL" {
	assert_equal "$(rt-db url)" "postgresql:///rt?host=$RT_HOME/run&user=rt"
	assert_equal "$(rt-db url --app)" "postgresql:///rt?host=$RT_HOME/run&user=rt_app"
	run --separate-stderr rt-store init
	assert_success
	echo '{"kind":"schedule","name":"weekly","strategy":"sharp_action","type":"interval","interval_hours":168}' |
		rt-store import
	run rt-store export schedule
	assert_output '{"kind":"schedule","name":"weekly","strategy":"sharp_action","type":"interval","interval_hours":168}'
}

@test "the cluster listens on its Unix socket only" {
	run rt-db psql -tAc 'SHOW listen_addresses'
	assert_success
	assert_output ""
	run grep -c "^listen_addresses = ''" "$RT_HOME/pgdata/postgresql.conf"
	assert_output 1
}

@test "rt_app reads and writes rows but cannot drop or alter tables" {
	app=$(rt-db url --app)
	run psql -X -qtA -v ON_ERROR_STOP=1 "$app" -c "INSERT INTO jobs (job_id, strategy, status, doc) VALUES ('j', 's', 'queued', '{}')"
	assert_success
	run psql -X -qtA "$app" -c 'SELECT count(*) FROM jobs'
	assert_output 1
	run psql -X -qtA -v ON_ERROR_STOP=1 "$app" -c 'DROP TABLE bets'
	assert_failure
	assert_output --partial "must be owner"
	run psql -X -qtA -v ON_ERROR_STOP=1 "$app" -c 'ALTER TABLE bets ADD COLUMN x int'
	assert_failure
	run psql -X -qtA -v ON_ERROR_STOP=1 "$app" -c 'CREATE TABLE evil (x int)'
	assert_failure
	run psql -X -qtA -v ON_ERROR_STOP=1 "$app" -c 'TRUNCATE bets'
	assert_failure
	run psql -X -qtA -v ON_ERROR_STOP=1 "$app" -c 'DELETE FROM rt_migrations'
	assert_failure
}

@test "a stopped server: rt-store exits 69 naming the socket; after a restart the data is there" {
	run rt-db stop
	assert_success
	run rt-db stop
	assert_success
	run rt-db status
	assert_equal "$status" 3
	run --separate-stderr rt-store export schedule
	assert_equal "$status" 69
	[[ $stderr == *"PostgreSQL is unavailable at socket $RT_HOME/run/.s.PGSQL.5432"* ]]
	[[ $stderr == *"rt-db start"* ]]
	run rt-db start
	assert_success
	run rt-store export schedule
	assert_success
	assert_output --partial '"name":"weekly"'
}
