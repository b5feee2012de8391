-- 004: whether a game has a result, as a column.  `rt-store export bet
-- --now` asks it of every bet's game; reading it from the game's record
-- parsed the whole record (a day of odds snapshots) for each bet, which
-- made the daily pipeline's export of a season's bets take seconds.
ALTER TABLE games ADD COLUMN has_result boolean
	GENERATED ALWAYS AS (doc->'result' IS NOT NULL AND json_typeof(doc->'result') <> 'null') STORED;
