#!/usr/bin/env bats
# shellcheck disable=SC2154 # $output and $stderr are set by bats' run
# No password in a message or a log: a connection string with a password
# that cannot be used is reported by host, port, database and user only,
# by the programs, by rt and by the pipelines.  (That no SQL is built from
# data is tests/lint-sql.bats; untrusted text shown verbatim is
# tests/rt.bats.)  Least privilege: the programs are rt_app, which cannot
# change the schema (also tests/rt-db.bats); only rt-store init is the
# owner.

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
	# nothing listens on port 1: the connection fails at once
	export RT_DATABASE_URL='postgresql://rt_app:s3cr3t-pw@127.0.0.1:1/rt?connect_timeout=2'
	export RT_LOG_DIR=$tmp/logs
}

@test "rt-store names the server, never the password" {
	run --separate-stderr rt-store export job
	assert_failure 69
	[[ $stderr == *"127.0.0.1"* ]]
	[[ $stderr != *"s3cr3t-pw"* ]]
	run --separate-stderr rt-store lock x -- true
	assert_failure 69
	[[ $stderr != *"s3cr3t-pw"* ]]
}

@test "rt and the pipelines pass 69 on, and neither their messages nor their logs hold the password" {
	run --separate-stderr rt status
	assert_failure 69
	[[ "$output$stderr" != *"s3cr3t-pw"* ]]
	run --separate-stderr rt jobs status
	assert_failure 69
	[[ "$output$stderr" != *"s3cr3t-pw"* ]]
	for p in daily rollout retrain; do
		run --separate-stderr "$RT_TOP/pipelines/$p" --now 2019-06-01T06:00:00Z
		[ "$status" -eq 69 ] || { echo "$p: exit $status: $stderr"; false; }
		[[ "$output$stderr" != *"s3cr3t-pw"* ]]
	done
	if [ -d "$RT_LOG_DIR" ]; then
		! grep -r "s3cr3t-pw" "$RT_LOG_DIR"
	fi
}

@test "least privilege: without RT_DATABASE_URL the programs connect as rt_app, only init as the owner" {
	if [ "${RT_TEST_DB_OK:-0}" != 1 ] || [ -z "${RT_HOME:-}" ]; then
		skip "no test PostgreSQL cluster (run the tests with tests/run)"
	fi
	unset RT_DATABASE_URL RT_ADMIN_DATABASE_URL
	# the private cluster of the run (tests/run started it, with the roles)
	run --separate-stderr rt-store init
	assert_success
	owner=$(rt-db url)
	# a program's session, seen from the server while it runs
	run --separate-stderr rt-store lock probe -- psql -X -qtA "$owner" -c \
		"SELECT usename FROM pg_stat_activity WHERE application_name = 'rt-store'"
	assert_success
	assert_output rt_app
	# init as rt_app stops before trying, and says whose work it is
	run --separate-stderr env RT_DATABASE_URL="$(rt-db url --app)" rt-store init
	assert_failure 70
	[[ $stderr == *"role 'rt_app' may not change the schema"*"RT_ADMIN_DATABASE_URL"* ]]
	run --separate-stderr env RT_DATABASE_URL="$(rt-db url --app)" RT_ADMIN_DATABASE_URL="$owner" rt-store init
	assert_success
	# and the role cannot drop or alter what it works on
	run psql -X -qtA -v ON_ERROR_STOP=1 "$(rt-db url --app)" -c 'DROP TABLE jobs'
	assert_failure
	run psql -X -qtA -v ON_ERROR_STOP=1 "$(rt-db url --app)" -c 'ALTER TABLE jobs DROP COLUMN doc'
	assert_failure
}
