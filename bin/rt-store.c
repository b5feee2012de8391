/*
 * rt-store: the PostgreSQL bridge.  Applies the schema, imports any mix of
 * contract records (upserted by their natural keys, one input in one
 * transaction), exports them back as NDJSON.  See rt-store(1).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <libpq-fe.h>

#include "rt_buf.h"
#include "rt_db.h"
#include "rt_err.h"
#include "rt_game.h"
#include "rt_json.h"
#include "rt_kind.h"
#include "rt_ndjson.h"
#include "rt_opt.h"
#include "rt_queue.h"
#include "rt_time.h"

static const char SYNOPSIS[] =
    "rt-store init\n"
    "       rt-store import [--new-only] [--reject FILE] [--max-line-length BYTES]\n"
    "                       [--verbose] [FILE...]\n"
    "       rt-store export KIND... [--strategy S] [--status S] [--since TIME] [--until TIME]\n"
    "                            [--now TIME] [--as-of TIME]\n"
    "       rt-store job claim --worker W [--parallel-jobs N] [--limit N] [--now TIME]\n"
    "       rt-store job update JOB_ID --worker W [--progress PCT] [--host H] [--pgid N]\n"
    "       rt-store job finish JOB_ID --worker W --status succeeded|failed [--error MSG]\n"
    "                           [--result JSON] [--now TIME]\n"
    "       rt-store job release JOB_ID --worker W [--error MSG] [--max-attempts N]\n"
    "                            [--now TIME]\n"
    "       rt-store job cancel JOB_ID [--now TIME]\n"
    "       rt-store job reap [--stale-seconds S] [--max-attempts N] [--now TIME]\n"
    "       rt-store remove schedule NAME\n"
    "       rt-store lock NAME [--wait] -- COMMAND [ARG...]";

/*
 * How each kind maps onto its table: the fields that become typed columns
 * (the first nkey of them the natural key) and the column exports filter
 * and sort on.  Only these constant names ever enter SQL text; every value
 * travels through COPY or as a parameter.
 */
enum col_type { T_TEXT, T_INT, T_FLOAT, T_DATE, T_TIME, T_BOOL };

struct col {
	const char *field;		/* "a" or "a.b" in the record */
	const char *column;
	enum col_type type;
	int required;
	const char *dflt;		/* SQL expression when absent, or NULL */
	const char *const *allowed;	/* NULL-terminated, or NULL */
};

#define MAXCOLS 8

struct kind_map {
	const char *table;
	int nkey;
	struct col cols[MAXCOLS];
	const char *time_col;		/* --since/--until/--now, or NULL */
	const char *status_col;		/* --status, or NULL */
	int has_strategy;
	const char *order;
};

static const char *const BET_STATUS[] = { "pending", "win", "loss", "push", "void", NULL };
static const char *const TRIGGER_TYPE[] = { "performance_degradation", "drift",
	"new_data", "market_change", "scheduled", "manual", NULL };
static const char *const SEVERITY[] = { "low", "medium", "high", "critical", NULL };
static const char *const TRIGGER_STATUS[] = { "active", "resolved", NULL };
static const char *const ALERT_LEVEL[] = { "warning", "critical", NULL };
static const char *const SCHEDULE_TYPE[] = { "interval", "cron", NULL };
static const char *const JOB_STATUS[] = { "queued", "running", "succeeded", "failed",
	"cancelled", NULL };
static const char *const PRIORITY[] = { "low", "normal", "high", "critical", NULL };
static const char *const TRIAL_STATE[] = { "asked", "complete", "failed", NULL };
static const char *const MODEL_STATUS[] = { "candidate", "validated", "rejected",
	"canary", "production", "retired", "rolled_back", NULL };
static const char *const LEVEL[] = { "basic", "standard", "rigorous", "production", NULL };
static const char *const DECISION[] = { "pass", "fail", "inconclusive", NULL };
static const char *const ROLLOUT_STATE[] = { "running", "promoted", "rolled_back",
	"paused", NULL };
static const char *const ARM[] = { "candidate", "baseline", NULL };

static const struct kind_map MAPS[RT_KIND_COUNT] = {
	[RT_KIND_GAME] = { "games", 1, {
		{ "game_id", "game_id", T_TEXT, 1, NULL, NULL },
		{ "season", "season", T_INT, 1, NULL, NULL },
		{ "date", "date", T_DATE, 1, NULL, NULL },
		{ "start", "start", T_TIME, 0, NULL, NULL },
		{ "home", "home", T_TEXT, 1, NULL, NULL },
		{ "away", "away", T_TEXT, 1, NULL, NULL },
		{ "result.final_at", "final_at", T_TIME, 0, NULL, NULL } },
		"date", NULL, 0, "date, start, game_id" },
	[RT_KIND_BET] = { "bets", 1, {
		{ "bet_id", "bet_id", T_TEXT, 1, NULL, NULL },
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "version", "version", T_TEXT, 1, NULL, NULL },
		{ "arm", "arm", T_TEXT, 0, "'production'", NULL },
		{ "game_id", "game_id", T_TEXT, 1, NULL, NULL },
		{ "date", "date", T_DATE, 1, NULL, NULL },
		{ "placed", "placed", T_TIME, 0, NULL, NULL },
		{ "status", "status", T_TEXT, 1, NULL, BET_STATUS } },
		"date", "status", 1, "date, placed, bet_id" },
	[RT_KIND_METRIC] = { "metrics", 5, {
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "version", "version", T_TEXT, 0, "''", NULL },
		{ "arm", "arm", T_TEXT, 0, "''", NULL },
		{ "window", "\"window\"", T_TEXT, 1, NULL, NULL },
		{ "as_of", "as_of", T_TIME, 1, NULL, NULL } },
		"as_of", NULL, 1, "as_of, strategy, version, arm, \"window\"" },
	[RT_KIND_MARKET] = { "markets", 4, {
		{ "feature", "feature", T_TEXT, 1, NULL, NULL },
		{ "window", "\"window\"", T_TEXT, 1, NULL, NULL },
		{ "as_of", "as_of", T_TIME, 1, NULL, NULL },
		{ "strategy", "strategy", T_TEXT, 0, "''", NULL } },
		"as_of", NULL, 1, "as_of, feature, \"window\", strategy" },
	[RT_KIND_TRIGGER] = { "triggers", 1, {
		{ "trigger_id", "trigger_id", T_TEXT, 1, NULL, NULL },
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "type", "type", T_TEXT, 1, NULL, TRIGGER_TYPE },
		{ "severity", "severity", T_TEXT, 1, NULL, SEVERITY },
		{ "status", "status", T_TEXT, 1, NULL, TRIGGER_STATUS },
		{ "created", "created", T_TIME, 1, NULL, NULL } },
		"created", "status", 1, "created, trigger_id" },
	[RT_KIND_ALERT] = { "alerts", 4, {
		{ "strategy", "strategy", T_TEXT, 0, "''", NULL },
		{ "metric", "metric", T_TEXT, 0, "''", NULL },
		{ "level", "level", T_TEXT, 1, NULL, ALERT_LEVEL },
		{ "at", "at", T_TIME, 1, NULL, NULL } },
		"at", "level", 1, "at, strategy, metric, level" },
	[RT_KIND_SCHEDULE] = { "schedules", 1, {
		{ "name", "name", T_TEXT, 1, NULL, NULL },
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "type", "type", T_TEXT, 1, NULL, SCHEDULE_TYPE },
		{ "enabled", "enabled", T_BOOL, 0, "true", NULL },
		{ "last_run", "last_run", T_TIME, 0, NULL, NULL } },
		NULL, NULL, 1, "name" },
	[RT_KIND_JOB] = { "jobs", 1, {
		{ "job_id", "job_id", T_TEXT, 1, NULL, NULL },
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "status", "status", T_TEXT, 1, NULL, JOB_STATUS },
		{ "priority", "priority", T_TEXT, 0, "'normal'", PRIORITY },
		{ "created", "created", T_TIME, 0, "now()", NULL } },
		"created", "status", 1, "created, job_id" },
	[RT_KIND_PARAM] = { "params", 2, {
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "name", "name", T_TEXT, 1, NULL, NULL } },
		NULL, NULL, 1, "strategy, name" },
	[RT_KIND_TRIAL] = { "trials", 2, {
		{ "study", "study", T_TEXT, 1, NULL, NULL },
		{ "number", "number", T_INT, 1, NULL, NULL },
		{ "strategy", "strategy", T_TEXT, 0, "''", NULL },
		{ "state", "state", T_TEXT, 1, NULL, TRIAL_STATE },
		{ "value", "value", T_FLOAT, 0, NULL, NULL } },
		NULL, "state", 1, "study, number" },
	[RT_KIND_MODEL] = { "models", 2, {
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "version", "version", T_TEXT, 0, NULL, NULL },	/* numbered when absent */
		{ "status", "status", T_TEXT, 1, NULL, MODEL_STATUS },
		{ "train_from", "train_from", T_DATE, 0, NULL, NULL },
		{ "train_until", "train_until", T_DATE, 0, NULL, NULL },
		{ "created", "created", T_TIME, 0, "now()", NULL } },
		"created", "status", 1, "strategy, created, version" },
	[RT_KIND_VERDICT] = { "verdicts", 4, {
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "candidate", "candidate", T_TEXT, 1, NULL, NULL },
		{ "baseline", "baseline", T_TEXT, 0, "''", NULL },
		{ "level", "level", T_TEXT, 1, NULL, LEVEL },
		{ "decision", "decision", T_TEXT, 1, NULL, DECISION } },
		NULL, "decision", 1, "strategy, candidate, baseline, level" },
	[RT_KIND_ROLLOUT] = { "rollouts", 5, {
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "candidate", "candidate", T_TEXT, 1, NULL, NULL },
		{ "at", "at", T_TIME, 1, NULL, NULL },
		{ "stage", "stage", T_INT, 1, NULL, NULL },
		{ "state", "state", T_TEXT, 1, NULL, ROLLOUT_STATE },
		{ "rollout_id", "rollout_id", T_TEXT, 0, NULL, NULL },
		{ "seq", "seq", T_INT, 0, NULL, NULL } },
		"at", "state", 1, "at, strategy, candidate, seq, stage" },
	[RT_KIND_ASSIGNMENT] = { "assignments", 2, {
		{ "strategy", "strategy", T_TEXT, 1, NULL, NULL },
		{ "game_id", "game_id", T_TEXT, 1, NULL, NULL },
		{ "version", "version", T_TEXT, 1, NULL, NULL },
		{ "arm", "arm", T_TEXT, 1, NULL, ARM } },
		NULL, NULL, 1, "strategy, game_id" },
};

static const char *const SQL_TYPE[] = {
	[T_TEXT] = "text", [T_INT] = "integer", [T_FLOAT] = "double precision",
	[T_DATE] = "date", [T_TIME] = "timestamptz", [T_BOOL] = "boolean"
};

static int verbose;
static int new_only;		/* import --new-only */

static void
usage(void)
{
	rt_usage_die(SYNOPSIS);
}

static void
help(void)
{
	printf("usage: %s\n\n", SYNOPSIS);
	fputs("Keeps rt's records in PostgreSQL (RT_DATABASE_URL, else the private\n"
	    "cluster of rt-db).\n\n"
	    "  init                    apply the pending schema migrations\n"
	    "  import [FILE...]        upsert records by their natural keys, all in one\n"
	    "                          transaction: a bad line means nothing is written\n"
	    "  export KIND...          stream records of these kinds back, kind after\n"
	    "                          kind, each oldest first (the filters apply to each)\n"
	    "  job claim               claim queued jobs (priority, then age) for a worker:\n"
	    "                          at most --parallel-jobs (2) running in all, one\n"
	    "                          per strategy; prints the claimed job records\n"
	    "  job update JOB_ID       a worker's heartbeat; exit 1: the job is no longer\n"
	    "                          the worker's (cancelled, reaped): stop it\n"
	    "  job finish JOB_ID       succeeded or failed, with --error and --result\n"
	    "  job release JOB_ID      give back a claimed job whose work never started\n"
	    "                          (queued again; failed after --max-attempts);\n"
	    "                          exit 1: not the worker's, or it has started\n"
	    "  job cancel JOB_ID       a queued job ends; a running one's worker stops it\n"
	    "                          at its next heartbeat; exit 1: it had ended\n"
	    "  job reap                requeue jobs whose worker is silent for\n"
	    "                          --stale-seconds (600; failed after --max-attempts,\n"
	    "                          3, claims); fail those past their timeout_hours\n"
	    "  remove schedule NAME    delete a schedule; exit 1: there was none\n"
	    "  lock NAME -- COMMAND    run COMMAND holding the advisory lock NAME (one\n"
	    "                          holder across every host of the database); exit\n"
	    "                          75 at once when another holds it (--wait: wait)\n\n"
	    "  --new-only              import: records whose key is stored stay as stored\n"
	    "  --reject FILE           import the good records, copy bad lines to FILE\n"
	    "  --max-line-length BYTES longest input line (default 1048576)\n"
	    "  --verbose               counts per kind on stderr\n"
	    "  --strategy S, --status S, --since TIME, --until TIME\n"
	    "                          export filters (dates or RFC 3339 times)\n"
	    "  --now TIME              export only what was known at TIME\n"
	    "  --as-of TIME            models: the versions as they stood at TIME, by\n"
	    "                          default the production one (--status S: those\n"
	    "                          whose status was S); a date means its end\n"
	    "  -h, --help, --version\n\n"
	    "Kinds: game bet metric market trigger alert schedule job param trial\n"
	    "model verdict rollout assignment.  See rt-store(1).\n", stdout);
}

/* ---- init ------------------------------------------------------------ */

static int
cmd_init(PGconn *conn)
{
	PGresult *res;
	int i, code = RT_EX_SOFTWARE, applied = 0;
	char vbuf[16];
	const char *params[2];

	/* Migrations are DDL: a role without CREATE on the schema (rt_app)
	 * is told whose work this is, before anything is tried. */
	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "checking the role",
	    "SELECT has_schema_privilege('public', 'CREATE'), current_user", 0, NULL)) == NULL)
		return code;
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0) {
		rt_warnx("init: role '%s' may not change the schema (the least-privilege "
		    "role cannot): run it as the database's owner, with RT_ADMIN_DATABASE_URL "
		    "(docs/operations.md)", PQgetvalue(res, 0, 1));
		PQclear(res);
		return RT_EX_SOFTWARE;
	}
	PQclear(res);
	/* One init at a time; the lock goes with the session. */
	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "locking migrations",
	    "SELECT pg_advisory_lock(7265)", 0, NULL)) == NULL)
		return code;
	PQclear(res);
	if ((res = rt_db_exec(conn, PGRES_COMMAND_OK, &code, "creating rt_migrations",
	    "CREATE TABLE IF NOT EXISTS rt_migrations ("
	    " version integer PRIMARY KEY, name text NOT NULL,"
	    " applied_at timestamptz NOT NULL DEFAULT now())", 0, NULL)) == NULL)
		return code;
	PQclear(res);
	/* Default privileges (sql/roles.sql) would let rt_app rewrite history. */
	if ((res = rt_db_exec(conn, PGRES_COMMAND_OK, &code, "protecting rt_migrations",
	    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rt_app') THEN"
	    " REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON rt_migrations FROM rt_app;"
	    " END IF; END $$", 0, NULL)) == NULL)
		return code;
	PQclear(res);
	for (i = 0; i < rt_nmigrations; i++) {
		const struct rt_migration *m = &rt_migrations[i];

		snprintf(vbuf, sizeof vbuf, "%d", m->version);
		params[0] = vbuf;
		params[1] = m->name;
		if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "reading rt_migrations",
		    "SELECT 1 FROM rt_migrations WHERE version = $1", 1, params)) == NULL)
			return code;
		if (PQntuples(res) > 0) {
			PQclear(res);
			continue;
		}
		PQclear(res);
		/* A migration is DDL from our own sql/ folder, compiled in. */
		res = PQexec(conn, "BEGIN");
		PQclear(res);
		/* lint-sql: a migration: sql/NNN_*.sql, compiled in */
		res = PQexec(conn, m->sql);
		if (PQresultStatus(res) != PGRES_COMMAND_OK &&
		    PQresultStatus(res) != PGRES_TUPLES_OK) {
			code = rt_db_failure_code(conn, res);
			rt_warnx("migration %s failed: %s", m->name,
			    PQresultErrorMessage(res));
			PQclear(res);
			PQclear(PQexec(conn, "ROLLBACK"));
			return code;
		}
		PQclear(res);
		if ((res = rt_db_exec(conn, PGRES_COMMAND_OK, &code, "recording a migration",
		    "INSERT INTO rt_migrations (version, name) VALUES ($1, $2)",
		    2, params)) == NULL) {
			PQclear(PQexec(conn, "ROLLBACK"));
			return code;
		}
		PQclear(res);
		if ((res = rt_db_exec(conn, PGRES_COMMAND_OK, &code, "committing a migration",
		    "COMMIT", 0, NULL)) == NULL)
			return code;
		PQclear(res);
		applied++;
		if (verbose)
			rt_warnx("applied %s", m->name);
	}
	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "unlocking migrations",
	    "SELECT pg_advisory_unlock(7265)", 0, NULL)) == NULL)
		return code;
	PQclear(res);
	if (verbose)
		rt_warnx("%d migration%s applied, schema at version %d", applied,
		    applied == 1 ? "" : "s",
		    rt_nmigrations ? rt_migrations[rt_nmigrations - 1].version : 0);
	return RT_EX_OK;
}

/* ---- import ---------------------------------------------------------- */

/* COPY text format: backslash, and the three characters that end fields and rows. */
static void
copy_escape(struct rt_buf *b, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *esc;

		switch (s[i]) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		rt_buf_add(b, s + run, i - run);
		rt_buf_add(b, esc, 2);
		run = i + 1;
	}
	rt_buf_add(b, s + run, n - run);
}

static const struct rt_json *
field(const struct rt_json *rec, const char *path)
{
	const char *dot = strchr(path, '.');
	char head[64];
	size_t n;

	if (dot == NULL)
		return rt_json_get(rec, path);
	n = (size_t)(dot - path);
	if (n >= sizeof head)
		return NULL;
	memcpy(head, path, n);
	head[n] = '\0';
	return rt_json_get(rt_json_get(rec, head), dot + 1);
}

static void
list_allowed(struct rt_buf *b, const char *const *allowed)
{
	size_t i;

	for (i = 0; allowed[i] != NULL; i++)
		rt_buf_addf(b, "%s%s", i ? ", " : "", allowed[i]);
}

/*
 * Appends the record's COPY row (line, kind, c1..c8, doc) to out.  Returns
 * 0, or -1 with a message in err (the row is then not added).
 */
/* Every snapshot time of a game must parse: --now relies on them. */
static int
check_game(const struct rt_record *rec, struct rt_buf *err)
{
	static const char *const arrays[] = { "odds", "splits" };
	const struct rt_json *a, *snap, *t;
	const char *s, *why;
	int64_t when;
	size_t i, k;

	for (k = 0; k < 2; k++) {
		a = rt_json_get(rec->json, arrays[k]);
		if (a == NULL || rt_json_type(a) == RT_JSON_NULL)
			continue;
		if (rt_json_type(a) != RT_JSON_ARRAY) {
			rt_buf_addf(err, "\"%s\" is %s, expected an array", arrays[k],
			    rt_json_type_name(rt_json_type(a)));
			return -1;
		}
		for (snap = rt_json_first(a), i = 0; snap != NULL; snap = rt_json_next(snap), i++) {
			if (rt_json_type(snap) != RT_JSON_OBJECT) {
				rt_buf_addf(err, "%s[%zu] is %s, expected an object",
				    arrays[k], i, rt_json_type_name(rt_json_type(snap)));
				return -1;
			}
			t = rt_json_get(snap, "t");
			if (t == NULL || rt_json_type(t) == RT_JSON_NULL)
				continue;
			if ((s = rt_json_str(t)) == NULL ||
			    rt_time_parse(s, strlen(s), &when, &why) == -1) {
				rt_buf_addf(err, "%s[%zu].t is not an RFC 3339 time%s%s",
				    arrays[k], i, s ? ": " : "", s ? why : "");
				return -1;
			}
		}
	}
	return 0;
}

static int
stage_row(const struct rt_record *rec, size_t seq, struct rt_buf *out,
    struct rt_buf *err)
{
	const struct kind_map *km = &MAPS[rec->kind];
	size_t mark = out->len;
	int i;

	if (rec->kind == RT_KIND_GAME && check_game(rec, err) == -1)
		return -1;
	/* a model without "version" is numbered (NUMBER_SQL adds the
	 * member); one with "version":null would end up with two */
	if (rec->kind == RT_KIND_MODEL && rt_json_get(rec->json, "version") != NULL &&
	    rt_json_type(rt_json_get(rec->json, "version")) == RT_JSON_NULL) {
		rt_buf_adds(err, "\"version\" is null: leave it out for the store to number "
		    "the model");
		return -1;
	}
	/* seq orders the records of one input across its files. */
	rt_buf_addf(out, "%zu\t%s", seq, rt_kind_name(rec->kind));
	for (i = 0; i < MAXCOLS; i++) {
		const struct col *c = &km->cols[i];
		const struct rt_json *v;
		const char *s, *why;
		char tmp[40];
		double d;
		int64_t n, t;
		int32_t days;
		int b, j;

		rt_buf_addc(out, '\t');
		if (c->field == NULL) {
			rt_buf_adds(out, "\\N");
			continue;
		}
		v = field(rec->json, c->field);
		if (v == NULL || rt_json_type(v) == RT_JSON_NULL) {
			if (c->required) {
				rt_buf_addf(err, "%s without \"%s\"",
				    rt_kind_name(rec->kind), c->field);
				goto bad;
			}
			rt_buf_adds(out, "\\N");
			continue;
		}
		switch (c->type) {
		case T_TEXT:
			if ((s = rt_json_str(v)) == NULL) {
				rt_buf_addf(err, "\"%s\" is %s, expected a string",
				    c->field, rt_json_type_name(rt_json_type(v)));
				goto bad;
			}
			if (c->required && *s == '\0') {
				rt_buf_addf(err, "\"%s\" is empty", c->field);
				goto bad;
			}
			if (c->allowed != NULL) {
				for (j = 0; c->allowed[j] != NULL; j++)
					if (strcmp(s, c->allowed[j]) == 0)
						break;
				if (c->allowed[j] == NULL) {
					rt_buf_addf(err, "\"%s\" is \"%s\", expected one of ",
					    c->field, s);
					list_allowed(err, c->allowed);
					goto bad;
				}
			}
			copy_escape(out, s, strlen(s));
			break;
		case T_INT:
			if (rt_json_int(v, &n) == -1 || n < -2147483647 || n > 2147483647) {
				rt_buf_addf(err, "\"%s\" is not a whole number in range",
				    c->field);
				goto bad;
			}
			rt_buf_addf(out, "%lld", (long long)n);
			break;
		case T_FLOAT:
			if (rt_json_num(v, &d) == -1) {
				rt_buf_addf(err, "\"%s\" is %s, expected a number",
				    c->field, rt_json_type_name(rt_json_type(v)));
				goto bad;
			}
			rt_json_fmt_double(d, tmp, sizeof tmp);
			rt_buf_adds(out, tmp);
			break;
		case T_DATE:
			if ((s = rt_json_str(v)) == NULL ||
			    rt_date_parse(s, strlen(s), &days, &why) == -1) {
				rt_buf_addf(err, "\"%s\" is not a date (YYYY-MM-DD)",
				    c->field);
				if (s != NULL)
					rt_buf_addf(err, ": \"%s\": %s", s, why);
				goto bad;
			}
			rt_date_format(days, tmp);
			rt_buf_adds(out, tmp);
			break;
		case T_TIME:
			if ((s = rt_json_str(v)) == NULL ||
			    rt_time_parse(s, strlen(s), &t, &why) == -1) {
				rt_buf_addf(err, "\"%s\" is not an RFC 3339 time",
				    c->field);
				if (s != NULL)
					rt_buf_addf(err, ": \"%s\": %s", s, why);
				goto bad;
			}
			rt_time_format(t, tmp);
			rt_buf_adds(out, tmp);
			break;
		case T_BOOL:
			if (rt_json_bool(v, &b) == -1) {
				rt_buf_addf(err, "\"%s\" is %s, expected true or false",
				    c->field, rt_json_type_name(rt_json_type(v)));
				goto bad;
			}
			rt_buf_adds(out, b ? "t" : "f");
			break;
		}
	}
	rt_buf_addc(out, '\t');
	if (rt_json_last_loose) {
		/* Stored compact, as the contract writes records. */
		struct rt_buf tmp = RT_BUF_INIT;
		struct rt_jw w;

		rt_jw_init(&w, &tmp);
		rt_jw_value(&w, rec->json);
		copy_escape(out, tmp.p, tmp.len);
		rt_buf_release(&tmp);
	} else
		copy_escape(out, rec->text, rec->len);
	rt_buf_addc(out, '\n');
	return 0;
bad:
	out->len = mark;
	out->p[mark] = '\0';
	return -1;
}

/* Stage column i of a kind, typed, with its default. */
static void
col_expr(struct rt_buf *q, const struct kind_map *km, int i)
{
	if (km->cols[i].dflt != NULL)
		rt_buf_addf(q, "COALESCE(c%d::%s, %s)", i + 1,
		    SQL_TYPE[km->cols[i].type], km->cols[i].dflt);
	else
		rt_buf_addf(q, "c%d::%s", i + 1, SQL_TYPE[km->cols[i].type]);
}

/* The statement that moves one kind from the stage into its table. */
static void
upsert_sql(struct rt_buf *q, enum rt_kind k)
{
	const struct kind_map *km = &MAPS[k];
	int i, n;

	for (n = 0; n < MAXCOLS && km->cols[n].field != NULL; n++)
		;
	rt_buf_addf(q, "INSERT INTO %s AS t (", km->table);
	for (i = 0; i < n; i++)
		rt_buf_addf(q, "%s, ", km->cols[i].column);
	/* Keys are compared as stored: an absent field and its default are
	 * one key. */
	rt_buf_adds(q, "doc) SELECT DISTINCT ON (");
	for (i = 0; i < km->nkey; i++) {
		rt_buf_adds(q, i ? ", " : "");
		col_expr(q, km, i);
	}
	rt_buf_adds(q, ") ");
	for (i = 0; i < n; i++) {
		col_expr(q, km, i);
		rt_buf_adds(q, ", ");
	}
	rt_buf_addf(q, "doc FROM rt_stage WHERE kind = $1 ORDER BY ");
	for (i = 0; i < km->nkey; i++) {
		col_expr(q, km, i);
		rt_buf_adds(q, ", ");
	}
	/* The last of several records with one key wins, as in a replay. */
	rt_buf_adds(q, "line DESC ON CONFLICT (");
	for (i = 0; i < km->nkey; i++)
		rt_buf_addf(q, "%s%s", i ? ", " : "", km->cols[i].column);
	if (new_only) {
		/* A job enqueued again must not be sent back to the queue. */
		rt_buf_adds(q, ") DO NOTHING");
		return;
	}
	rt_buf_adds(q, ") DO UPDATE SET ");
	for (i = km->nkey; i < n; i++)
		rt_buf_addf(q, "%s = excluded.%s, ", km->cols[i].column,
		    km->cols[i].column);
	/* Unchanged records are not rewritten: importing twice changes nothing. */
	rt_buf_adds(q, "doc = excluded.doc WHERE t.doc::text IS DISTINCT FROM "
	    "excluded.doc::text");
	/* A model's status moves forward in time: a record older than the
	 * stored one (status_at) does not undo a promotion or a rollback
	 * (re-importing rt-optimize's candidate record, say). */
	if (k == RT_KIND_MODEL)
		rt_buf_adds(q, " AND (t.doc->>'status_at' IS NULL OR"
		    " (excluded.doc->>'status_at' IS NOT NULL AND"
		    " (excluded.doc->>'status_at')::timestamptz >="
		    " (t.doc->>'status_at')::timestamptz))");
}

/*
 * Models without a version get the strategy's next number, S@N (N one
 * more than the largest S@<number> stored or in this input), in input
 * order, under a lock so that two imports cannot hand out one number.
 * The version is added to the stored record; the numbered records are
 * written on standard output after the commit.
 */
static const char NUMBER_SQL[] =
    "WITH todo AS ("
    " SELECT line, c1 AS strategy, row_number() OVER (PARTITION BY c1 ORDER BY line) AS k"
    " FROM rt_stage WHERE kind = 'model' AND c2 IS NULL),"
    " top AS ("
    " SELECT s.strategy, COALESCE(max(x.n), 0) AS n"
    " FROM (SELECT DISTINCT strategy FROM todo) s LEFT JOIN LATERAL ("
    "  SELECT substr(version, length(s.strategy) + 2)::bigint AS n FROM models"
    "  WHERE strategy = s.strategy AND left(version, length(s.strategy) + 1) = s.strategy || '@'"
    "  AND substr(version, length(s.strategy) + 2) ~ '^[0-9]{1,9}$'"
    "  UNION ALL"
    "  SELECT substr(c2, length(s.strategy) + 2)::bigint FROM rt_stage"
    "  WHERE kind = 'model' AND c1 = s.strategy AND c2 IS NOT NULL"
    "  AND left(c2, length(s.strategy) + 1) = s.strategy || '@'"
    "  AND substr(c2, length(s.strategy) + 2) ~ '^[0-9]{1,9}$') x ON true"
    " GROUP BY s.strategy)"
    " UPDATE rt_stage st SET c2 = t.strategy || '@' || (top.n + t.k),"
    " doc = (left(rtrim(st.doc::text), -1) || ',\"version\":' ||"
    " to_json(t.strategy || '@' || (top.n + t.k))::text || '}')::json"
    " FROM todo t JOIN top ON top.strategy = t.strategy"
    " WHERE st.kind = 'model' AND st.line = t.line RETURNING st.doc::text";

static int
copy_send(PGconn *conn, struct rt_buf *b)
{
	if (b->len == 0)
		return 0;
	if (PQputCopyData(conn, b->p, (int)b->len) != 1)
		return -1;
	rt_buf_reset(b);
	return 0;
}

static int
cmd_import(PGconn *conn, char **files, size_t nfiles, const char *reject,
    size_t max_line)
{
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_buf rows = RT_BUF_INIT, err = RT_BUF_INIT, q = RT_BUF_INIT;
	size_t seen[RT_KIND_COUNT] = { 0 }, seq = 0, unnumbered = 0;
	PGresult *res = NULL, *numbered = NULL;
	int k, code = RT_EX_OK, in_copy = 0, rc;
	char line[512];

	rt_reader_init(&in, files, nfiles, reject, max_line, RT_KIND_ALL);
	if ((res = rt_db_exec(conn, PGRES_COMMAND_OK, &code, "starting the import",
	    "BEGIN", 0, NULL)) == NULL)
		goto out;
	PQclear(res);
	/* A temporary table is not WAL-logged and has no index: the cheap
	 * place to stream into. */
	if ((res = rt_db_exec(conn, PGRES_COMMAND_OK, &code, "creating the stage",
	    "CREATE TEMPORARY TABLE rt_stage (line bigint, kind text,"
	    " c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text,"
	    " c8 text, doc json) ON COMMIT DROP", 0, NULL)) == NULL)
		goto out;
	PQclear(res);
	res = PQexec(conn, "COPY rt_stage FROM STDIN");
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		code = rt_db_failure_code(conn, res);
		rt_warnx("starting COPY: %s", PQresultErrorMessage(res));
		goto out;
	}
	PQclear(res);
	res = NULL;
	in_copy = 1;
	while ((rec = rt_reader_next(&in)) != NULL) {
		rt_buf_reset(&err);
		if (stage_row(rec, ++seq, &rows, &err) == -1) {
			if (!rt_reader_reject(&in, "%s", rt_buf_str(&err)))
				break;
			continue;
		}
		seen[rec->kind]++;
		if (rec->kind == RT_KIND_MODEL && rt_json_get(rec->json, "version") == NULL)
			unnumbered++;	/* numbered below */
		if (rows.len >= (size_t)1 << 16 && copy_send(conn, &rows) == -1)
			break;
	}
	if (rt_reader_io_error(&in) || (rt_reader_failed(&in) && reject == NULL)) {
		/* Nothing of a bad input is written. */
		PQputCopyEnd(conn, "rt-store: bad input");
		PQclear(PQgetResult(conn));
		in_copy = 0;
		code = rt_reader_status(&in);
		goto out;
	}
	if (copy_send(conn, &rows) == -1 || PQputCopyEnd(conn, NULL) != 1) {
		code = rt_db_failure_code(conn, NULL);
		rt_warnx("sending records to PostgreSQL at %s: %s",
		    rt_db_describe(conn), PQerrorMessage(conn));
		goto out;
	}
	in_copy = 0;
	res = PQgetResult(conn);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		code = rt_db_failure_code(conn, res);
		rt_warnx("COPY failed: %s", PQresultErrorMessage(res));
		goto out;
	}
	PQclear(res);
	while ((res = PQgetResult(conn)) != NULL)
		PQclear(res);
	if (unnumbered > 0) {
		if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "locking model numbers",
		    "SELECT pg_advisory_xact_lock(hashtext('rt-store model numbers'))",
		    0, NULL)) == NULL)
			goto out;
		PQclear(res);
		if ((numbered = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "numbering models",
		    NUMBER_SQL, 0, NULL)) == NULL)
			goto out;
	}
	for (k = 0; k < RT_KIND_COUNT; k++) {
		const char *param[1];

		if (seen[k] == 0)
			continue;
		rt_buf_reset(&q);
		upsert_sql(&q, (enum rt_kind)k);
		param[0] = rt_kind_name((enum rt_kind)k);
		snprintf(line, sizeof line, "importing %s records",
		    rt_kind_name((enum rt_kind)k));
		/* lint-sql: upsert_sql: names from MAPS only; the values came by COPY */
		if ((res = rt_db_exec(conn, PGRES_COMMAND_OK, &code, line,
		    q.p, 1, param)) == NULL)
			goto out;
		if (verbose)
			rt_warnx("%s: %zu read, %s written", param[0], seen[k],
			    PQcmdTuples(res));
		PQclear(res);
		res = NULL;
	}
	/* Bad lines set aside must be safe before the good ones are committed. */
	if (rt_lines_flush_reject(&in.lines) == -1) {
		code = RT_EX_IOERR;
		goto out;
	}
	res = rt_db_exec(conn, PGRES_COMMAND_OK, &code, "committing the import",
	    "COMMIT", 0, NULL);
	if (res == NULL)
		goto out;
	PQclear(res);
	res = NULL;
	code = rt_reader_status(&in);
	if (numbered != NULL) {
		int i, n = PQntuples(numbered);

		for (i = 0; i < n; i++)
			printf("%s\n", PQgetvalue(numbered, i, 0));
	}
out:
	PQclear(numbered);
	if (in_copy) {
		PQputCopyEnd(conn, "rt-store: import abandoned");
		PQclear(PQgetResult(conn));
	}
	PQclear(res);
	if (code != RT_EX_OK && PQstatus(conn) == CONNECTION_OK &&
	    PQtransactionStatus(conn) != PQTRANS_IDLE)
		PQclear(PQexec(conn, "ROLLBACK"));
	rc = rt_reader_release(&in);
	if (rc == -1 && code == RT_EX_OK)
		code = RT_EX_IOERR;
	rt_buf_release(&rows);
	rt_buf_release(&err);
	rt_buf_release(&q);
	return code;
}

/* ---- export ---------------------------------------------------------- */

struct export_opts {
	const char *strategy, *status, *since, *until, *now, *as_of;
};

/* A model as it stood at --as-of: its status then, and since when
 * (`at`, formatted by the query). */
static int
write_as_of(struct rt_arena *arena, struct rt_buf *out, const char *doc, size_t len,
    const char *status, const char *at)
{
	const struct rt_json *m, *mem;
	struct rt_jw w;

	rt_arena_reset(arena);
	if ((m = rt_json_parse(arena, doc, len, NULL, NULL)) == NULL) {
		rt_warnx("export: a stored model is unreadable");
		return -1;
	}
	rt_buf_reset(out);
	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	for (mem = rt_json_first(m); mem != NULL; mem = rt_json_next(mem)) {
		const char *key = rt_json_key(mem);

		if (strcmp(key, "status") == 0 || strcmp(key, "status_at") == 0)
			continue;
		rt_jw_key(&w, key);
		rt_jw_value(&w, mem);
	}
	rt_jw_key(&w, "status");
	rt_jw_str(&w, status);
	rt_jw_key(&w, "status_at");
	rt_jw_str(&w, at);
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
	return 0;
}

/* A --since/--until/--now value: a date or a time, as an RFC 3339 time. */
static void
time_arg(const char *opt, const char *arg, int end_of_day, char *out)
{
	int32_t days;
	int64_t t;
	const char *why;

	if (rt_date_parse(arg, strlen(arg), &days, &why) == 0)
		t = rt_date_time(days) + (end_of_day ? 86399 : 0);
	else if (rt_time_parse(arg, strlen(arg), &t, &why) == -1) {
		rt_warnx("%s '%s': not a date or RFC 3339 time: %s", opt, arg, why);
		usage();
	}
	rt_time_format(t, out);
}

/* A settled bet as it stood before its game was final: pending, no profit. */
static int
write_unsettled(struct rt_arena *arena, struct rt_buf *out, const char *doc,
    size_t len)
{
	const struct rt_json *b, *m;
	struct rt_jw w;

	rt_arena_reset(arena);
	if ((b = rt_json_parse(arena, doc, len, NULL, NULL)) == NULL) {
		rt_warnx("export: a stored bet is unreadable");
		return -1;
	}
	rt_buf_reset(out);
	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	for (m = rt_json_first(b); m != NULL; m = rt_json_next(m)) {
		const char *key = rt_json_key(m);

		if (strcmp(key, "profit") == 0)
			continue;
		rt_jw_key(&w, key);
		if (strcmp(key, "status") == 0)
			rt_jw_str(&w, "pending");
		else
			rt_jw_value(&w, m);
	}
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
	return 0;
}

/* The filters a kind cannot take are usage errors (exit 64). */
static void
export_check(enum rt_kind k, const struct export_opts *o)
{
	const struct kind_map *km = &MAPS[k];

	if (o->strategy && !km->has_strategy)
		rt_die(RT_EX_USAGE, "--strategy: %s records have no strategy", km->table);
	if (o->status && km->status_col == NULL)
		rt_die(RT_EX_USAGE, "--status: %s records have no status", km->table);
	if ((o->since || o->until) && km->time_col == NULL)
		rt_die(RT_EX_USAGE, "--since/--until: %s records have no time to filter on",
		    km->table);
	if (o->as_of && k != RT_KIND_MODEL)
		rt_die(RT_EX_USAGE, "--as-of: only for models (the versions as they stood)");
}

static int
cmd_export(PGconn *conn, enum rt_kind k, const struct export_opts *o)
{
	const struct kind_map *km = &MAPS[k];
	struct rt_buf q = RT_BUF_INIT, out = RT_BUF_INIT;
	char since[RT_TIME_BUFSZ], until[RT_TIME_BUFSZ], now[RT_TIME_BUFSZ];
	const char *params[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
	char as_of[RT_TIME_BUFSZ];
	int64_t now_t = 0;
	struct rt_arena arena;
	PGresult *res;
	int code = RT_EX_OK, done = 0, i;
	const char *tcol = km->time_col;
	int tcol_is_date = tcol != NULL && (strcmp(tcol, "date") == 0);

	export_check(k, o);
	if (o->since) {
		time_arg("--since", o->since, 0, since);
		params[2] = since;
	}
	if (o->until) {
		time_arg("--until", o->until, 1, until);
		params[3] = until;
	}
	if (o->now) {
		const char *why;

		if (rt_now_parse(o->now, &now_t, &why) == -1) {
			rt_warnx("--now '%s': %s", o->now, why);
			usage();
		}
		rt_time_format(now_t, now);
		params[4] = now;
	}
	params[0] = o->strategy;
	params[1] = o->status;
	if (o->as_of) {
		time_arg("--as-of", o->as_of, 1, as_of);
		params[5] = as_of;
	}

	/* Constant names only; the values are the six parameters. */
	if (k == RT_KIND_MODEL && o->as_of)
		/* each model's last status at or before --as-of (status history;
		 * a model made later has none): by default the production one */
		rt_buf_adds(&q, "SELECT m.doc, h.status, to_char(h.at AT TIME ZONE 'UTC',"
		    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM models m"
		    " JOIN LATERAL (SELECT status, at FROM model_status_history h"
		    " WHERE h.strategy = m.strategy AND h.version = m.version AND h.at <= $6"
		    " ORDER BY h.at DESC, h.id DESC LIMIT 1) h ON true"
		    " WHERE h.status = COALESCE($2, 'production')"
		    " AND ($1::text IS NULL OR m.strategy = $1)"
		    " AND $3::timestamptz IS NULL AND $4::timestamptz IS NULL"
		    " AND ($5::timestamptz IS NULL OR true)"
		    " AND $6::timestamptz IS NOT NULL"
		    " ORDER BY m.strategy, h.at, m.version");
	else if (k == RT_KIND_BET)
		/* A bet is settled as of --now only if its game was final by
		 * then (rt_game.h's rule for results without final_at). */
		rt_buf_adds(&q, "SELECT doc, $5::timestamptz IS NOT NULL AND status IN"
		    " ('win', 'loss', 'push') AND EXISTS (SELECT 1 FROM games g WHERE"
		    " g.game_id = bets.game_id AND (NOT g.has_result OR"
		    " COALESCE(g.final_at, (g.date + 1)::timestamptz + interval '12 hours')"
		    " > $5)) FROM bets WHERE true");
	else
		rt_buf_addf(&q, "SELECT doc FROM %s WHERE true", km->table);
	if (k == RT_KIND_MODEL && o->as_of)
		goto send;
	if (km->has_strategy)
		rt_buf_adds(&q, " AND ($1::text IS NULL OR strategy = $1)");
	else
		rt_buf_adds(&q, " AND $1::text IS NULL");
	if (km->status_col)
		rt_buf_addf(&q, " AND ($2::text IS NULL OR %s = $2)", km->status_col);
	else
		rt_buf_adds(&q, " AND $2::text IS NULL");
	if (tcol && tcol_is_date)
		rt_buf_addf(&q, " AND ($3::timestamptz IS NULL OR %s >= ($3::timestamptz"
		    " AT TIME ZONE 'UTC')::date) AND ($4::timestamptz IS NULL OR %s <="
		    " ($4::timestamptz AT TIME ZONE 'UTC')::date)", tcol, tcol);
	else if (tcol)
		rt_buf_addf(&q, " AND ($3::timestamptz IS NULL OR %s >= $3) AND"
		    " ($4::timestamptz IS NULL OR %s <= $4)", tcol, tcol);
	else
		rt_buf_adds(&q, " AND $3::timestamptz IS NULL AND $4::timestamptz IS NULL");
	/* --now: records made after it did not exist yet.  Games existed
	 * (as a schedule); what of them was known is cut below. */
	if (k == RT_KIND_BET)
		rt_buf_adds(&q, " AND ($5::timestamptz IS NULL OR COALESCE(placed,"
		    " date::timestamp AT TIME ZONE 'UTC') <= $5)");
	else if (tcol && k != RT_KIND_GAME)
		rt_buf_addf(&q, " AND ($5::timestamptz IS NULL OR %s <= $5)", tcol);
	else
		rt_buf_adds(&q, " AND ($5::timestamptz IS NULL OR true)");
	rt_buf_addf(&q, " AND $6::timestamptz IS NULL ORDER BY %s", km->order);
send:

	/* lint-sql: names from MAPS only; every value is a parameter ($1..$6) */
	if (!PQsendQueryParams(conn, q.p, 6, NULL, params, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(conn)) {
		rt_warnx("export: %s", PQerrorMessage(conn));
		rt_buf_release(&q);
		return rt_db_failure_code(conn, NULL);
	}
	rt_arena_init(&arena);
	/* One row at a time: memory does not grow with the table. */
	while ((res = PQgetResult(conn)) != NULL) {
		ExecStatusType st = PQresultStatus(res);

		if (st == PGRES_SINGLE_TUPLE && !done) {
			char *doc = PQgetvalue(res, 0, 0);
			size_t len = (size_t)PQgetlength(res, 0, 0);

			/* The queue rewrites jobs as jsonb, which prints spaced. */
			if (k == RT_KIND_JOB)
				len = rt_json_compact(doc, len);

			if (k == RT_KIND_MODEL && o->as_of != NULL) {
				if (write_as_of(&arena, &out, doc, len, PQgetvalue(res, 0, 1),
				    PQgetvalue(res, 0, 2)) == -1) {
					code = RT_EX_SOFTWARE;
					done = 1;
				} else if (fwrite(out.p, 1, out.len, stdout) != out.len)
					done = 1;
			} else if (k == RT_KIND_BET && PQnfields(res) > 1 &&
			    PQgetvalue(res, 0, 1)[0] == 't') {
				if (write_unsettled(&arena, &out, doc, len) == -1) {
					code = RT_EX_SOFTWARE;
					done = 1;
				} else if (fwrite(out.p, 1, out.len, stdout) != out.len)
					done = 1;
			} else if (k == RT_KIND_GAME && o->now != NULL) {
				const struct rt_json *g;
				struct rt_jw w;
				const char *why = NULL;

				rt_arena_reset(&arena);
				g = rt_json_parse(&arena, doc, len, &why, NULL);
				rt_buf_reset(&out);
				rt_jw_init(&w, &out);
				if (g == NULL || rt_game_write_known(&w, g, now_t, &why) == -1) {
					rt_warnx("export: stored game is unreadable: %s",
					    why ? why : "?");
					code = RT_EX_SOFTWARE;
					done = 1;
				} else {
					rt_buf_addc(&out, '\n');
					if (fwrite(out.p, 1, out.len, stdout) != out.len)
						done = 1;
				}
			} else if (fwrite(doc, 1, len, stdout) != len ||
			    putchar('\n') == EOF)
				done = 1;	/* reported by rt_close_stdout */
		} else if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK) {
			code = rt_db_failure_code(conn, res);
			rt_warnx("export: %s", PQresultErrorMessage(res));
			done = 1;
		}
		PQclear(res);
	}
	for (i = 0; i < 6; i++)
		(void)params[i];
	rt_arena_release(&arena);
	rt_buf_release(&q);
	rt_buf_release(&out);
	return code;
}

/* ---- job queue, remove, lock ----------------------------------------- */

/* --now (or the clock) as "YYYY-MM-DDTHH:MM:SSZ". */
static void
now_arg(const char *arg, char *out)
{
	const char *why;
	int64_t t;

	if (rt_now_parse(arg, &t, &why) == -1) {
		rt_warnx("--now '%s': %s", arg, why);
		usage();
	}
	rt_time_format(t, out);
}

static int
cmd_remove_schedule(PGconn *conn, const char *name)
{
	const char *params[1] = { name };
	PGresult *res;
	int code = RT_EX_OK, n;

	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "removing the schedule",
	    "DELETE FROM schedules WHERE name = $1 RETURNING doc::text", 1, params)) == NULL)
		return code;
	n = PQntuples(res);
	if (n == 0)
		rt_warnx("no schedule '%s'", name);
	else
		printf("%s\n", PQgetvalue(res, 0, 0));
	PQclear(res);
	return n == 0 ? RT_EX_COND : RT_EX_OK;
}

static volatile sig_atomic_t lock_child;

static void
forward_signal(int sig)
{
	if (lock_child > 0)
		kill(lock_child, sig);
}

/*
 * rt-store lock NAME [--wait] -- COMMAND [ARG...]: COMMAND runs while this
 * process holds the session advisory lock NAME, so one holder at a time
 * across every host that shares the database; a killed holder's
 * connection closes and the lock goes with it.  The exit status is
 * COMMAND's (128 + signal when a signal ended it).
 */
static int
cmd_lock(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block, old;
	const char *params[1];
	PGresult *res;
	PGconn *conn;
	int wait_for = 0, i = 0, status, code = RT_EX_OK, fd;
	pid_t pid, parent;

	if (argc < 1 || argv[0][0] == '-')
		usage();
	params[0] = argv[i++];
	if (i < argc && strcmp(argv[i], "--wait") == 0) {
		wait_for = 1;
		i++;
	}
	if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc)
		usage();
	i++;
	conn = rt_db_connect();
	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "taking the lock",
	    wait_for ? "SELECT pg_advisory_lock(hashtext($1)), true"
	    : "SELECT pg_try_advisory_lock(hashtext($1))", 1, params)) == NULL) {
		PQfinish(conn);
		return code;
	}
	if (strcmp(PQgetvalue(res, 0, wait_for ? 1 : 0), "t") != 0) {
		rt_warnx("lock '%s' is held by another run: try again later", params[0]);
		PQclear(res);
		PQfinish(conn);
		return RT_EX_TEMPFAIL;
	}
	PQclear(res);
	/* COMMAND must not inherit the session: outliving us, it would keep
	 * the lock. */
	fd = PQsocket(conn);
	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
	fflush(NULL);
	parent = getpid();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = forward_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A signal between fork() and lock_child = pid would be lost: they
	 * wait, blocked, until the child is known. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	if ((pid = fork()) == -1) {
		rt_warnx("fork: %s", strerror(errno));
		sigprocmask(SIG_SETMASK, &old, NULL);
		PQfinish(conn);
		return RT_EX_SOFTWARE;
	}
	if (pid == 0) {
#ifdef __linux__
		/* A holder killed with SIGKILL frees the lock (its session
		 * ends): COMMAND must not go on unlocked.  It gets SIGTERM. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 || getppid() != parent)
			_exit(128 + SIGTERM);
#endif
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(argv[i], argv + i);
		rt_warnx("%s: %s", argv[i], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	lock_child = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			rt_warnx("waitpid: %s", strerror(errno));
			PQfinish(conn);
			return RT_EX_SOFTWARE;
		}
	}
	PQfinish(conn);		/* the lock goes with the session */
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "reject", required_argument, NULL, 'r' },
		{ "max-line-length", required_argument, NULL, 'L' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "strategy", required_argument, NULL, 's' },
		{ "status", required_argument, NULL, 'S' },
		{ "since", required_argument, NULL, 'f' },
		{ "until", required_argument, NULL, 'u' },
		{ "now", required_argument, NULL, 'n' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "new-only", no_argument, NULL, 'N' },
		{ "worker", required_argument, NULL, 'w' },
		{ "parallel-jobs", required_argument, NULL, 'P' },
		{ "limit", required_argument, NULL, 'l' },
		{ "progress", required_argument, NULL, 'p' },
		{ "host", required_argument, NULL, 'H' },
		{ "pgid", required_argument, NULL, 'g' },
		{ "error", required_argument, NULL, 'e' },
		{ "result", required_argument, NULL, 'R' },
		{ "stale-seconds", required_argument, NULL, 'T' },
		{ "max-attempts", required_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 }
	};
	struct export_opts eo = { NULL, NULL, NULL, NULL, NULL, NULL };
	struct rt_queue_opts qo;
	char nowbuf[RT_TIME_BUFSZ], pgbuf[32];
	const char *job_id = NULL, *sub = NULL;
	const char *reject = NULL, *cmd;
	size_t max_line = RT_MAX_LINE_DEFAULT;
	enum rt_kind kind = RT_KIND_GAME;
	PGconn *conn;
	int c, code, init;

	rt_err_init(argv[0]);
	rt_opt_synopsis(SYNOPSIS);
	/* lock's COMMAND has options of its own: not ours to parse. */
	if (argc > 1 && strcmp(argv[1], "lock") == 0)
		return cmd_lock(argc - 2, argv + 2);
	memset(&qo, 0, sizeof qo);
	qo.parallel_jobs = 2;
	qo.limit = 1000;
	qo.stale_seconds = 600;
	qo.max_attempts = 3;
	while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			rt_exit_stdout();
		case 'V':
			rt_print_version();
			rt_exit_stdout();
		case 'r': reject = optarg; break;
		case 'L':
			max_line = (size_t)rt_opt_int("--max-line-length", optarg, 2, 1LL << 30);
			break;
		case 'v': verbose = 1; break;
		case 's': eo.strategy = optarg; break;
		case 'S': eo.status = optarg; break;
		case 'f': eo.since = optarg; break;
		case 'u': eo.until = optarg; break;
		case 'n': eo.now = optarg; break;
		case 'a': eo.as_of = optarg; break;
		case 'N': new_only = 1; break;
		case 'w': qo.worker = optarg; break;
		case 'P':
			qo.parallel_jobs = (long)rt_opt_int("--parallel-jobs", optarg, 1, 1000);
			break;
		case 'l': qo.limit = (long)rt_opt_int("--limit", optarg, 0, 1000000); break;
		case 'p':
			snprintf(pgbuf, sizeof pgbuf, "%.6g",
			    rt_opt_num("--progress", optarg, 0, 100));
			qo.progress = pgbuf;
			break;
		case 'H': qo.host = optarg; break;
		case 'g':
			qo.pgid = optarg;
			(void)rt_opt_int("--pgid", optarg, 1, 2147483647);
			break;
		case 'e': qo.error = optarg; break;
		case 'R': {
			struct rt_arena a;
			const char *why = NULL;
			const struct rt_json *v;

			rt_arena_init(&a);
			v = rt_json_parse(&a, optarg, strlen(optarg), &why, NULL);
			if (rt_json_type(v) != RT_JSON_OBJECT) {
				rt_warnx("--result: not a JSON object%s%s", why ? ": " : "",
				    why ? why : "");
				rt_arena_release(&a);
				usage();
			}
			rt_arena_release(&a);
			qo.result = optarg;
			break;
		}
		case 'T':
			qo.stale_seconds = (long)rt_opt_int("--stale-seconds", optarg, 1, 1L << 30);
			break;
		case 'M': qo.max_attempts = (long)rt_opt_int("--max-attempts", optarg, 1, 1000); break;
		default: usage();
		}
	}
	qo.status = eo.status;
	if (optind >= argc)
		usage();
	cmd = argv[optind++];
	if (strcmp(cmd, "init") == 0) {
		if (optind != argc)
			usage();
	} else if (strcmp(cmd, "export") == 0) {
		int i;

		if (optind >= argc)
			usage();
		for (i = optind; i < argc; i++)
			if (rt_kind_parse(argv[i], &kind) == -1) {
				rt_warnx("unknown record kind '%s'", argv[i]);
				usage();
			}
	} else if (strcmp(cmd, "job") == 0) {
		if (optind >= argc)
			usage();
		sub = argv[optind++];
		if (strcmp(sub, "claim") == 0 || strcmp(sub, "reap") == 0) {
			if (optind != argc)
				usage();
		} else if (strcmp(sub, "update") == 0 || strcmp(sub, "finish") == 0 ||
		    strcmp(sub, "release") == 0 || strcmp(sub, "cancel") == 0) {
			if (optind + 1 != argc)
				usage();
			job_id = argv[optind];
		} else {
			rt_warnx("unknown job command '%s'", sub);
			usage();
		}
		if (strcmp(sub, "cancel") != 0 && strcmp(sub, "reap") != 0 &&
		    (qo.worker == NULL || *qo.worker == '\0')) {
			rt_warnx("job %s needs --worker", sub);
			usage();
		}
		if (strcmp(sub, "finish") == 0 && (qo.status == NULL ||
		    (strcmp(qo.status, "succeeded") != 0 && strcmp(qo.status, "failed") != 0))) {
			rt_warnx("job finish needs --status succeeded or failed");
			usage();
		}
		now_arg(eo.now, nowbuf);
		qo.now = nowbuf;
	} else if (strcmp(cmd, "remove") == 0) {
		if (optind + 2 != argc || strcmp(argv[optind], "schedule") != 0)
			usage();
	} else if (strcmp(cmd, "import") != 0) {
		rt_warnx("unknown command '%s'", cmd);
		usage();
	}
	/* migrations are DDL: the owner's (RT_ADMIN_DATABASE_URL); the rest
	 * rows only, as rt_app on the private cluster */
	init = strcmp(cmd, "init") == 0;
	conn = init ? rt_db_connect_owner() : rt_db_connect();
	if (init)
		code = cmd_init(conn);
	else if (strcmp(cmd, "job") == 0)
		code = strcmp(sub, "claim") == 0 ? rt_queue_claim(conn, &qo) :
		    strcmp(sub, "update") == 0 ? rt_queue_update(conn, job_id, &qo) :
		    strcmp(sub, "finish") == 0 ? rt_queue_finish(conn, job_id, &qo) :
		    strcmp(sub, "release") == 0 ? rt_queue_release(conn, job_id, &qo) :
		    strcmp(sub, "cancel") == 0 ? rt_queue_cancel(conn, job_id, &qo) :
		    rt_queue_reap(conn, &qo);
	else if (strcmp(cmd, "remove") == 0)
		code = cmd_remove_schedule(conn, argv[optind + 1]);
	else if (strcmp(cmd, "import") == 0)
		code = cmd_import(conn, argv + optind, (size_t)(argc - optind),
		    reject, max_line);
	else {
		/* Several kinds: one after the other, on one connection (a
		 * connection costs more than a small export), every filter
		 * checked before the first record is written, all of them
		 * read from one snapshot (a rollout written between two of
		 * the queries must not show up in one kind and not another). */
		int i, several = argc - optind > 1;
		PGresult *res;

		for (i = optind; i < argc; i++) {
			(void)rt_kind_parse(argv[i], &kind);
			export_check(kind, &eo);
		}
		code = RT_EX_OK;
		if (several && (res = rt_db_exec(conn, PGRES_COMMAND_OK, &code, "starting the export",
		    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL)) != NULL)
			PQclear(res);
		for (i = optind; i < argc && code == RT_EX_OK; i++) {
			(void)rt_kind_parse(argv[i], &kind);
			code = cmd_export(conn, kind, &eo);
		}
		if (several && code == RT_EX_OK && (res = rt_db_exec(conn, PGRES_COMMAND_OK,
		    &code, "ending the export", "COMMIT", 0, NULL)) != NULL)
			PQclear(res);
	}
	PQfinish(conn);
	if (rt_close_stdout() == -1 && code == RT_EX_OK)
		code = RT_EX_IOERR;
	return code;
}
