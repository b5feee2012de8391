#!/usr/bin/env bats
# shellcheck disable=SC2154 # $output and $stderr are set by bats' run
# No password in a message or a log: a connection string with a password
# that cannot be used is reported by host, port, database and user only,
# by the programs, by rt and by the pipelines.  (That no SQL is built from
# data is tests/lint-sql.bats; that rt_app cannot change the schema is
# tests/rt-db.bats; untrusted text shown verbatim is tests/rt.bats.)

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
