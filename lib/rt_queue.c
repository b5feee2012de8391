/* rt_queue: the retraining job queue (see rt_queue.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_db.h"
#include "rt_err.h"
#include "rt_exit.h"
#include "rt_json.h"
#include "rt_queue.h"

/* Highest priority first (the index jobs_status (status, priority,
 * created) finds the queued ones). */
#define PRIORITY_RANK \
	"CASE priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1" \
	" WHEN 'normal' THEN 2 ELSE 3 END"

/*
 * One job: the best queued one created by $4 whose strategy has none
 * running, while fewer than $1 run in all.  Rows another claimer holds
 * are skipped, not waited for.  started/updated are the caller's time;
 * what an earlier attempt left (finished, error) goes.
 */
static const char CLAIM_SQL[] =
    "UPDATE jobs SET status = 'running', worker = $2, heartbeat = clock_timestamp(),"
    " claimed_at = clock_timestamp(), attempts = attempts + 1, cancel_requested = false,"
    " doc = ((doc::jsonb - 'finished' - 'error' - 'host' - 'pgid' - 'cancel_requested')"
    "  || jsonb_build_object('status', 'running', 'worker', $2::text,"
    "  'started', $3::text, 'updated', $3::text, 'attempts', attempts + 1,"
    "  'progress_pct', 0))::json"
    " WHERE job_id = ("
    "  SELECT job_id FROM jobs j WHERE status = 'queued' AND created <= $4::timestamptz"
    "  AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.strategy = j.strategy"
    "   AND r.status = 'running')"
    "  AND (SELECT count(*) FROM jobs WHERE status = 'running') < $1::integer"
    "  ORDER BY " PRIORITY_RANK ", created, job_id"
    "  LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " RETURNING doc::text";

/* BEGIN or COMMIT: 0, or -1 with *code set (rt_db_exec says why). */
static int
txn(PGconn *conn, int *code, const char *sql)
{
	/* lint-sql: "BEGIN" or "COMMIT": every call of txn is linted */
	PGresult *res = rt_db_exec(conn, PGRES_COMMAND_OK, code, sql, sql, 0, NULL);

	PQclear(res);
	return res == NULL ? -1 : 0;
}

static void
rollback(PGconn *conn)
{
	if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE)
		PQclear(PQexec(conn, "ROLLBACK"));
}

/*
 * The end of a transaction that changed jobs: committed, then what it
 * changed (out) printed, once it is sure; or rolled back.  Releases out.
 */
static int
end_txn(PGconn *conn, int code, struct rt_buf *out)
{
	if (code == RT_EX_OK && txn(conn, &code, "COMMIT") == 0 && out->len > 0)
		fwrite(out->p, 1, out->len, stdout);
	if (code != RT_EX_OK)
		rollback(conn);
	rt_buf_release(out);
	return code;
}

/* Row i's first column (a job record) as one compact line into out. */
static void
add_row(struct rt_buf *out, const PGresult *res, int i)
{
	char *doc = PQgetvalue(res, i, 0);
	size_t len = rt_json_compact(doc, (size_t)PQgetlength(res, i, 0));

	rt_buf_add(out, doc, len);
	rt_buf_addc(out, '\n');
}

/* Every row's first column, a line each. */
static void
print_rows(const PGresult *res)
{
	struct rt_buf out = RT_BUF_INIT;
	int i;

	for (i = 0; i < PQntuples(res); i++)
		add_row(&out, res, i);
	if (out.len > 0)
		fwrite(out.p, 1, out.len, stdout);
	rt_buf_release(&out);
}

int
rt_queue_claim(PGconn *conn, const struct rt_queue_opts *o)
{
	struct rt_buf out = RT_BUF_INIT;
	PGresult *res;
	char limit[32];
	const char *params[4];
	int code = RT_EX_OK;
	long n;

	snprintf(limit, sizeof limit, "%ld", o->parallel_jobs);
	params[0] = limit;
	params[1] = o->worker;
	params[2] = o->now;
	params[3] = o->now;	/* one parameter, one type: $3 is text */
	if (txn(conn, &code, "BEGIN") == -1)
		goto out;
	/* Claims one at a time: the running count is checked by a statement,
	 * and only one claimer may check it at once. */
	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "locking the queue",
	    "SELECT pg_advisory_xact_lock(hashtext('rt-store job claim'))", 0, NULL)) == NULL)
		goto out;
	PQclear(res);
	for (n = 0; n < o->limit; n++) {
		if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "claiming a job",
		    CLAIM_SQL, 4, params)) == NULL)
			goto out;
		if (PQntuples(res) == 0) {
			PQclear(res);
			break;
		}
		add_row(&out, res, 0);
		PQclear(res);
	}
out:
	/* Printed only once they are ours for sure. */
	return end_txn(conn, code, &out);
}

/* Why a job is not the worker's to go on with, on stderr. */
static int
explain(PGconn *conn, const char *job_id, const char *worker)
{
	const char *params[1] = { job_id };
	PGresult *res;
	int code = RT_EX_COND;

	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "reading the job",
	    "SELECT status, COALESCE(worker, ''), cancel_requested, COALESCE(doc->>'error', '')"
	    " FROM jobs WHERE job_id = $1", 1, params)) == NULL)
		return code;
	if (PQntuples(res) == 0) {
		rt_warnx("no job '%s'", job_id);
		code = RT_EX_DATAERR;
	} else if (worker != NULL && strcmp(PQgetvalue(res, 0, 0), "cancelled") == 0) {
		rt_warnx("job %s was cancelled: stop it", job_id);
	} else if (strcmp(PQgetvalue(res, 0, 0), "running") == 0) {
		rt_warnx("job %s runs for worker '%s', not '%s'", job_id,
		    PQgetvalue(res, 0, 1), worker ? worker : "");
	} else {
		rt_warnx("job %s is %s%s%s", job_id, PQgetvalue(res, 0, 0),
		    *PQgetvalue(res, 0, 3) ? ": " : "", PQgetvalue(res, 0, 3));
	}
	PQclear(res);
	return code;
}

/*
 * One statement that changes the job or nothing: the record it returns
 * is printed (print), else why it changed nothing is said (explain).
 */
static int
change_one(PGconn *conn, const char *what, const char *sql, int nparams,
    const char *const *params, const char *job_id, const char *worker, int print)
{
	PGresult *res;
	int code = RT_EX_OK, n;

	/* lint-sql: the caller's literal: every call of change_one is linted */
	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, what, sql, nparams,
	    params)) == NULL)
		return code;
	n = PQntuples(res);
	if (print)
		print_rows(res);
	PQclear(res);
	return n == 1 ? RT_EX_OK : explain(conn, job_id, worker);
}

int
rt_queue_update(PGconn *conn, const char *job_id, const struct rt_queue_opts *o)
{
	const char *params[5] = { job_id, o->worker, o->progress, o->host, o->pgid };

	return change_one(conn, "recording the heartbeat",
	    "UPDATE jobs SET heartbeat = clock_timestamp(),"
	    " doc = (doc::jsonb || jsonb_strip_nulls(jsonb_build_object("
	    "  'progress_pct', $3::double precision, 'host', $4::text, 'pgid', $5::integer)))::json"
	    " WHERE job_id = $1 AND worker = $2 AND status = 'running' AND NOT cancel_requested"
	    " RETURNING 1", 5, params, job_id, o->worker, 0);
}

int
rt_queue_finish(PGconn *conn, const char *job_id, const struct rt_queue_opts *o)
{
	const char *params[6] = { job_id, o->worker, o->status, o->now, o->error, o->result };

	return change_one(conn, "finishing the job",
	    "UPDATE jobs SET status = $3,"
	    " doc = (doc::jsonb || jsonb_build_object('status', $3::text, 'finished', $4::text,"
	    "  'updated', $4::text)"
	    "  || CASE WHEN $3 = 'succeeded' THEN '{\"progress_pct\":100}'::jsonb ELSE '{}' END"
	    "  || jsonb_strip_nulls(jsonb_build_object('error', $5::text, 'result', $6::jsonb)))::json"
	    " WHERE job_id = $1 AND worker = $2 AND status = 'running' AND NOT cancel_requested"
	    " RETURNING doc::text", 6, params, job_id, o->worker, 1);
}

/*
 * A running job given up by its worker (release) or lost with it (reap):
 * queued again while its claims are fewer than $2 (max attempts), else
 * failed and finished at $3 (--now); the worker, host, pgid and started
 * go.  Between the two halves, the SQL expression of its error.  One
 * text for both statements, so that the two cannot drift apart.
 */
#define REQUEUE_OR_FAIL_HEAD \
    " status = CASE WHEN attempts < $2::integer THEN 'queued' ELSE 'failed' END," \
    " worker = NULL," \
    " doc = ((doc::jsonb - 'worker' - 'host' - 'pgid' - 'started')" \
    "  || jsonb_build_object(" \
    "  'status', CASE WHEN attempts < $2::integer THEN 'queued' ELSE 'failed' END," \
    "  'updated', $3::text," \
    "  'error', "
#define REQUEUE_OR_FAIL_TAIL \
    ")" \
    "  || CASE WHEN attempts < $2::integer THEN '{}'::jsonb" \
    "   ELSE jsonb_build_object('finished', $3::text) END)::json"

int
rt_queue_release(PGconn *conn, const char *job_id, const struct rt_queue_opts *o)
{
	char attempts[32];
	const char *params[5] = { job_id, attempts, o->now, o->worker, o->error };

	snprintf(attempts, sizeof attempts, "%ld", o->max_attempts);
	/* Only a job whose work never started (no heartbeat has given it a
	 * process group): one that started may still be running somewhere,
	 * and is the reaper's, once its heartbeat has gone stale. */
	return change_one(conn, "releasing the job",
	    "UPDATE jobs SET" REQUEUE_OR_FAIL_HEAD
	    "format('did not start: %s (attempt %s of %s)',"
	    "   COALESCE($5::text, 'its worker gave it back'), attempts, $2::integer)"
	    REQUEUE_OR_FAIL_TAIL
	    " WHERE job_id = $1 AND worker = $4 AND status = 'running' AND NOT cancel_requested"
	    " AND doc->'pgid' IS NULL"
	    " RETURNING doc::text", 5, params, job_id, o->worker, 1);
}

int
rt_queue_cancel(PGconn *conn, const char *job_id, const struct rt_queue_opts *o)
{
	const char *params[2] = { job_id, o->now };

	/* SET sees the row as it was: a running job asks its worker to stop. */
	return change_one(conn, "cancelling the job",
	    "UPDATE jobs SET status = 'cancelled', cancel_requested = (status = 'running'),"
	    " doc = (doc::jsonb || jsonb_build_object('status', 'cancelled',"
	    "  'finished', $2::text, 'updated', $2::text,"
	    "  'cancel_requested', status = 'running'))::json"
	    " WHERE job_id = $1 AND status IN ('queued', 'running')"
	    " RETURNING doc::text", 2, params, job_id, NULL, 1);
}

int
rt_queue_reap(PGconn *conn, const struct rt_queue_opts *o)
{
	struct rt_buf out = RT_BUF_INIT;
	char stale[32], attempts[32];
	const char *params[3];
	PGresult *res;
	int code = RT_EX_OK, i;

	snprintf(stale, sizeof stale, "%ld", o->stale_seconds);
	snprintf(attempts, sizeof attempts, "%ld", o->max_attempts);
	params[0] = stale;
	params[1] = attempts;
	params[2] = o->now;
	if (txn(conn, &code, "BEGIN") == -1)
		return code;
	/* A worker that went silent died (or lost its host): run the job
	 * again elsewhere, unless it has had its tries. */
	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "requeueing lost jobs",
	    "UPDATE jobs SET" REQUEUE_OR_FAIL_HEAD
	    "format('worker %s lost: no heartbeat since %s (attempt %s of %s)',"
	    "   COALESCE(worker, doc->>'worker', '?'), COALESCE(to_char(heartbeat AT TIME ZONE 'UTC',"
	    "   'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'its claim'), attempts, $2::integer)"
	    REQUEUE_OR_FAIL_TAIL
	    /* no heartbeat at all: a running job restored from a backup,
	     * whose worker is long gone */
	    " WHERE status = 'running' AND NOT cancel_requested"
	    " AND (heartbeat IS NULL OR heartbeat < clock_timestamp() - $1::integer * interval '1 second')"
	    " RETURNING doc::text", 3, params)) == NULL)
		goto out;
	for (i = 0; i < PQntuples(res); i++)
		add_row(&out, res, i);
	PQclear(res);
	/* Running too long: failed; its worker sees cancel_requested at its
	 * next heartbeat and stops the process group. */
	if ((res = rt_db_exec(conn, PGRES_TUPLES_OK, &code, "failing jobs past their timeout",
	    "UPDATE jobs SET status = 'failed', cancel_requested = true,"
	    " doc = (doc::jsonb || jsonb_build_object('status', 'failed',"
	    "  'finished', $1::text, 'updated', $1::text,"
	    "  'error', format('timed out after %s hours', CASE WHEN doc->>'timeout_hours'"
	    "   ~ '^[0-9]+([.][0-9]+)?$' THEN doc->>'timeout_hours' ELSE '12' END)))::json"
	    /* a timeout_hours that is not a number (import does not check
	     * it) counts as the default rather than stopping every reap */
	    " WHERE status = 'running' AND claimed_at"
	    "  + (CASE WHEN doc->>'timeout_hours' ~ '^[0-9]+([.][0-9]+)?$'"
	    "   THEN (doc->>'timeout_hours')::double precision ELSE 12 END) * interval '1 hour'"
	    "  < clock_timestamp()"
	    " RETURNING doc::text", 1, params + 2)) == NULL)
		goto out;
	for (i = 0; i < PQntuples(res); i++)
		add_row(&out, res, i);
	PQclear(res);
out:
	return end_txn(conn, code, &out);
}
