-- 003: the job queue (issue 9, docs/operations.md "The job queue").
--
-- A job's record (doc) stays the whole truth that `rt-store export job`
-- gives back; these columns are what the queue's statements (rt-store job
-- claim|update|finish|cancel|reap) look at and keep in step with it.
--   worker            who claimed it (pipelines/retrain: host-pid)
--   heartbeat         the database clock at the worker's last sign of life
--   claimed_at        the database clock at the claim (timeout_hours counts
--                     from here: real running time, not replayed --now time)
--   attempts          claims so far (a job whose worker died is requeued
--                     until max-attempts, then failed)
--   cancel_requested  set by `rt-store job cancel` on a running job: its
--                     worker stops the job's process group at the next
--                     heartbeat
ALTER TABLE jobs ADD COLUMN worker text;
ALTER TABLE jobs ADD COLUMN heartbeat timestamptz;
ALTER TABLE jobs ADD COLUMN claimed_at timestamptz;
ALTER TABLE jobs ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;

-- At most one running job per strategy, whoever claims: two retraining
-- jobs of one strategy would race to put their candidates into rollout.
CREATE UNIQUE INDEX jobs_one_running ON jobs (strategy) WHERE status = 'running';
