#!/usr/bin/env bats
# shellcheck disable=SC2154 # $output and $stderr are set by bats' run
# tests/lint-sql: the check `make lint` runs so that no SQL text is built
# from data.  It passes on the tree, and fails, naming file and line, on
# each way SQL can be built at run time.

setup() {
	load lib/helpers
	tmp=$BATS_TEST_TMPDIR
}

lint() { run --separate-stderr "$RT_TOP/tests/lint-sql" "$@"; }

@test "the tree passes: every statement a literal, a named constant, or a marked exception" {
	lint --list "$RT_TOP"/lib/*.c "$RT_TOP"/lib/strategies/*.c "$RT_TOP"/bin/*.c
	assert_success
	assert_output --partial "every statement's SQL is a literal or a named constant"
	# each exception is listed with its reason
	assert_output --partial "bin/rt-store.c:"
	assert_output --partial "marked: a migration"
}

@test "SQL built with a format and data fails, naming file and line" {
	cat >"$tmp/bad.c" <<'C'
static void
f(PGconn *conn, const char *name)
{
	char q[256];

	snprintf(q, sizeof q, "SELECT doc FROM models WHERE version = '%s'", name);
	PQclear(PQexec(conn, q));
}
C
	lint "$tmp/bad.c"
	assert_failure 1
	[[ $stderr == *"$tmp/bad.c:7: SQL built at run time in PQexec(): q"* ]]
	[[ $stderr == *"pass data as parameters"* ]]
}

@test "every call is checked: rt_db_exec, PQexecParams, PQsendQueryParams, PQprepare" {
	cat >"$tmp/bad.c" <<'C'
static const char OK_SQL[] = "SELECT 1 WHERE $1::text IS NOT NULL";

static void
f(PGconn *conn, struct rt_buf *b, const char *const *p)
{
	PGresult *res;
	int code;

	res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "reading", b->p, 1, p);
	res = PQexecParams(conn, sqlbuf, 1, NULL, p, NULL, NULL, 0);
	PQsendQueryParams(conn, strcat(x, y), 1, NULL, p, NULL, NULL, 0);
	PQprepare(conn, "q", made, 1, NULL);
	/* allowed: literals, concatenated, with macros; a named constant */
	res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "reading",
	    "SELECT doc FROM jobs"	/* a comment, with a comma, inside */
	    " WHERE job_id = $1 ORDER BY " PRIORITY_RANK, 1, p);
	res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "reading", OK_SQL, 1, p);
	res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "reading",
	    wait ? "SELECT pg_advisory_lock(1)" : "SELECT pg_try_advisory_lock(1)", 0, NULL);
}
C
	lint "$tmp/bad.c"
	assert_failure 1
	[ "$(grep -c 'SQL built at run time' <<<"$stderr")" -eq 4 ]
	[[ $stderr == *"bad.c:9: SQL built at run time in rt_db_exec(): b->p"* ]]
	[[ $stderr == *"bad.c:10: SQL built at run time in PQexecParams(): sqlbuf"* ]]
	[[ $stderr == *"bad.c:11: SQL built at run time in PQsendQueryParams(): strcat(x, y)"* ]]
	[[ $stderr == *"bad.c:12: SQL built at run time in PQprepare(): made"* ]]
}

@test "a marked exception passes only with its reason on or just above the call" {
	cat >"$tmp/marked.c" <<'C'
static void
f(PGconn *conn, struct rt_buf *q)
{
	/* lint-sql: names from a constant table only */
	PQclear(PQexec(conn, q->p));
}
C
	lint --list "$tmp/marked.c"
	assert_success
	assert_output --partial "marked.c:5: PQexec(q->p): marked: names from a constant table only"
	sed -i '/lint-sql/d' "$tmp/marked.c"
	lint "$tmp/marked.c"
	assert_failure 1
}
