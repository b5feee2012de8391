-- 002: the model registry and rollouts (issue 8, docs/rollout.md).

-- A status history has the time the status was given, as the record
-- says (status_at: rt-rollout writes it; a replay at --now gives the
-- replayed time), else, for a new model, the record's created time, else
-- the clock; and an order (id) for two changes at one time.
ALTER TABLE model_status_history ADD COLUMN id bigserial;
ALTER TABLE model_status_history ADD COLUMN reason text;

CREATE OR REPLACE FUNCTION models_status_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
		INSERT INTO model_status_history (strategy, version, status, at, reason)
		VALUES (NEW.strategy, NEW.version, NEW.status,
		        COALESCE((NEW.doc->>'status_at')::timestamptz,
		                 CASE WHEN TG_OP = 'INSERT' THEN (NEW.doc->>'created')::timestamptz END,
		                 clock_timestamp()),
		        NEW.doc->>'status_reason');
	END IF;
	RETURN NULL;
END;
$$;

-- A rollout is a list of events (rt-rollout): seq numbers them.  Two
-- runs that both moved a rollout from one state cannot both be stored.
ALTER TABLE rollouts ADD COLUMN rollout_id text;
ALTER TABLE rollouts ADD COLUMN seq integer;
CREATE UNIQUE INDEX rollouts_id_seq ON rollouts (rollout_id, seq)
	WHERE rollout_id IS NOT NULL;
