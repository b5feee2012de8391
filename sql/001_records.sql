-- 001: a table for each record kind of the contract.
--
-- Every table keeps the whole record as it came (doc, type json: the text
-- as given, so export gives back what was imported, fields unknown to this
-- schema included) and, beside it, the fields that keys, filters and
-- queries need as typed columns.  rt-store fills both from one parse of the
-- record; nothing else writes these tables.  A game's odds and splits
-- snapshots live in its doc: they are read whole with their game (a
-- backtest replays them in order) and never queried one by one, and a
-- simulated season holds about a million of them.

CREATE TABLE games (
	game_id   text PRIMARY KEY,
	season    integer NOT NULL,
	date      date NOT NULL,
	start     timestamptz,
	home      text NOT NULL,
	away      text NOT NULL,
	final_at  timestamptz,		-- null until final
	doc       json NOT NULL
);
CREATE INDEX games_date ON games (date, start);
CREATE INDEX games_season ON games (season);

CREATE TABLE bets (
	bet_id    text PRIMARY KEY,
	strategy  text NOT NULL,
	version   text NOT NULL,
	arm       text NOT NULL,
	game_id   text NOT NULL,
	date      date NOT NULL,
	placed    timestamptz,
	status    text NOT NULL CHECK (status IN ('pending', 'win', 'loss', 'push', 'void')),
	doc       json NOT NULL
);
CREATE INDEX bets_strategy_date ON bets (strategy, date, placed);
CREATE INDEX bets_version_arm ON bets (version, arm, status);
CREATE INDEX bets_game ON bets (game_id);
CREATE INDEX bets_date ON bets (date, placed);

CREATE TABLE metrics (
	strategy  text NOT NULL,
	version   text NOT NULL,
	arm       text NOT NULL,
	"window"  text NOT NULL,
	as_of     timestamptz NOT NULL,
	doc       json NOT NULL,
	PRIMARY KEY (strategy, version, arm, "window", as_of)
);
CREATE INDEX metrics_as_of ON metrics (as_of);

-- Market feature distributions (issue 4): one record per feature, window
-- and time, optionally per strategy ('' when for the whole market).
CREATE TABLE markets (
	feature   text NOT NULL,
	"window"  text NOT NULL,
	as_of     timestamptz NOT NULL,
	strategy  text NOT NULL DEFAULT '',
	doc       json NOT NULL,
	PRIMARY KEY (feature, "window", as_of, strategy)
);
CREATE INDEX markets_as_of ON markets (as_of);

CREATE TABLE triggers (
	trigger_id text PRIMARY KEY,
	strategy   text NOT NULL,
	type       text NOT NULL CHECK (type IN ('performance_degradation', 'drift',
	           'new_data', 'market_change', 'scheduled', 'manual')),
	severity   text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
	status     text NOT NULL CHECK (status IN ('active', 'resolved')),
	created    timestamptz NOT NULL,
	doc        json NOT NULL
);
CREATE INDEX triggers_strategy_status ON triggers (strategy, status, type);
CREATE INDEX triggers_created ON triggers (created);

-- Alerts carry no id: one alert per strategy, metric and level at a time.
CREATE TABLE alerts (
	strategy  text NOT NULL DEFAULT '',
	metric    text NOT NULL DEFAULT '',
	level     text NOT NULL CHECK (level IN ('warning', 'critical')),
	at        timestamptz NOT NULL,
	doc       json NOT NULL,
	PRIMARY KEY (strategy, metric, level, at)
);
CREATE INDEX alerts_at ON alerts (at);

CREATE TABLE schedules (
	name      text PRIMARY KEY,
	strategy  text NOT NULL,
	type      text NOT NULL CHECK (type IN ('interval', 'cron')),
	enabled   boolean NOT NULL DEFAULT true,
	last_run  timestamptz,
	doc       json NOT NULL
);

CREATE TABLE jobs (
	job_id    text PRIMARY KEY,
	strategy  text NOT NULL,
	status    text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded',
	          'failed', 'cancelled')),
	priority  text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal',
	          'high', 'critical')),
	created   timestamptz NOT NULL DEFAULT now(),
	doc       json NOT NULL
);
CREATE INDEX jobs_status ON jobs (status, priority, created);
CREATE INDEX jobs_strategy ON jobs (strategy, status);

-- A strategy's search space, one row per parameter.
CREATE TABLE params (
	strategy  text NOT NULL,
	name      text NOT NULL,
	doc       json NOT NULL,
	PRIMARY KEY (strategy, name)
);

CREATE TABLE trials (
	study     text NOT NULL,
	number    integer NOT NULL,
	strategy  text NOT NULL DEFAULT '',
	state     text NOT NULL CHECK (state IN ('asked', 'complete', 'failed')),
	value     double precision,
	doc       json NOT NULL,
	PRIMARY KEY (study, number)
);

CREATE TABLE models (
	strategy    text NOT NULL,
	version     text NOT NULL,
	status      text NOT NULL CHECK (status IN ('candidate', 'validated', 'rejected',
	            'canary', 'production', 'retired', 'rolled_back')),
	train_from  date,
	train_until date,
	created     timestamptz NOT NULL DEFAULT now(),
	doc         json NOT NULL,
	PRIMARY KEY (strategy, version),
	-- One production version per strategy, checked at commit so that one
	-- transaction can retire the old version and promote the new one.
	CONSTRAINT models_one_production EXCLUDE (strategy WITH =)
		WHERE (status = 'production') DEFERRABLE INITIALLY DEFERRED
);

-- Every status a model has had, and when: filled by a trigger, so no
-- writer can forget it.
CREATE TABLE model_status_history (
	strategy  text NOT NULL,
	version   text NOT NULL,
	status    text NOT NULL,
	at        timestamptz NOT NULL DEFAULT clock_timestamp(),
	FOREIGN KEY (strategy, version) REFERENCES models ON DELETE CASCADE
);
CREATE INDEX model_status_history_key ON model_status_history (strategy, at);

CREATE FUNCTION models_status_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
		INSERT INTO model_status_history (strategy, version, status)
		VALUES (NEW.strategy, NEW.version, NEW.status);
	END IF;
	RETURN NULL;
END;
$$;
CREATE TRIGGER models_status_history AFTER INSERT OR UPDATE OF status ON models
	FOR EACH ROW EXECUTE FUNCTION models_status_history();

CREATE TABLE verdicts (
	strategy   text NOT NULL,
	candidate  text NOT NULL,
	baseline   text NOT NULL DEFAULT '',	-- '' when there was no production version
	level      text NOT NULL CHECK (level IN ('basic', 'standard', 'rigorous', 'production')),
	decision   text NOT NULL CHECK (decision IN ('pass', 'fail', 'inconclusive')),
	doc        json NOT NULL,
	PRIMARY KEY (strategy, candidate, baseline, level)
);

-- Rollout records are events: every change of a rollout is one row.
CREATE TABLE rollouts (
	strategy   text NOT NULL,
	candidate  text NOT NULL,
	stage      integer NOT NULL,
	state      text NOT NULL CHECK (state IN ('running', 'promoted', 'rolled_back', 'paused')),
	at         timestamptz NOT NULL,
	doc        json NOT NULL,
	PRIMARY KEY (strategy, candidate, at, stage, state)
);
CREATE INDEX rollouts_at ON rollouts (at);

CREATE TABLE assignments (
	strategy  text NOT NULL,
	game_id   text NOT NULL,
	version   text NOT NULL,
	arm       text NOT NULL CHECK (arm IN ('candidate', 'baseline')),
	doc       json NOT NULL,
	PRIMARY KEY (strategy, game_id)
);
CREATE INDEX assignments_version ON assignments (version, arm);
