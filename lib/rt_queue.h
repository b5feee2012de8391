/*
 * rt_queue: the retraining job queue in PostgreSQL (rt-store job ...).
 *
 * Jobs are rows of `jobs` (sql/001_records.sql, sql/003_queue.sql); the
 * record in `doc` is kept in step with the columns by every statement
 * here, so `rt-store export job` always gives the whole job.  Workers
 * claim with FOR UPDATE SKIP LOCKED under a short transaction-level
 * advisory lock (the limit of running jobs is a count, which row locks
 * cannot guard); a partial unique index keeps one running job per
 * strategy whatever happens.  Liveness (heartbeat, timeout) is measured
 * on the database clock, so that hosts with skewed clocks agree; the
 * times written into the record (started, updated, finished) are the
 * caller's --now, so that a replayed history reads as it happened.
 *
 * claim, finish, cancel and reap print the job records they changed on
 * stdout, one per line (update, the heartbeat, prints nothing); every
 * function returns an exit status (rt_exit.h).
 */
#ifndef RT_QUEUE_H
#define RT_QUEUE_H

#include <libpq-fe.h>

struct rt_queue_opts {
	const char *now;	/* RFC 3339, written into the records */
	const char *worker;	/* claim, update, finish */
	const char *host;	/* update: where the job's processes run */
	const char *pgid;	/* update: their process group */
	const char *progress;	/* update: percent done */
	const char *status;	/* finish: succeeded or failed */
	const char *error;	/* finish: why it failed; release: why it did not start */
	const char *result;	/* finish: a JSON object kept as "result" */
	long parallel_jobs;	/* claim: running jobs at most, in all */
	long limit;		/* claim: jobs to claim at most */
	long stale_seconds;	/* reap: heartbeat older than this: worker lost */
	long max_attempts;	/* reap, release: requeued until this many claims */
};

/* Claims queued jobs (created by now), highest priority and oldest first. */
int rt_queue_claim(PGconn *conn, const struct rt_queue_opts *o);

/*
 * A worker's heartbeat (with progress, host, process group).  RT_EX_COND
 * (1) when the job is no longer running for this worker (cancelled,
 * reaped, finished): the worker must stop it.  RT_EX_DATAERR: no such job.
 */
int rt_queue_update(PGconn *conn, const char *job_id, const struct rt_queue_opts *o);

/* The end of a job the worker holds: RT_EX_COND when it holds it no more. */
int rt_queue_finish(PGconn *conn, const char *job_id, const struct rt_queue_opts *o);

/*
 * Gives back a job the worker claimed but whose work never started (no
 * heartbeat recorded its process group: the host was down, ssh failed):
 * queued again, or failed after max_attempts claims, with error.
 * RT_EX_COND (1) when the job is not the worker's or has started.
 */
int rt_queue_release(PGconn *conn, const char *job_id, const struct rt_queue_opts *o);

/*
 * Cancels a queued or running job (a running one's worker stops it at
 * its next heartbeat).  RT_EX_COND: it had already ended.
 */
int rt_queue_cancel(PGconn *conn, const char *job_id, const struct rt_queue_opts *o);

/*
 * Running jobs whose worker went silent for stale_seconds are queued
 * again (failed after max_attempts claims); running jobs past their
 * timeout_hours are failed (their worker stops them at its next
 * heartbeat).
 */
int rt_queue_reap(PGconn *conn, const struct rt_queue_opts *o);

#endif
