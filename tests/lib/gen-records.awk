# Deterministic mixed contract records, every kind, unique natural keys,
# text with quotes, backslashes, SQL and non-ASCII.  -v n=COUNT
function pick(a, n, k) { return a[k % n + 1] }
BEGIN {
	if (n == "") n = 10000
	split("sharp_action line_movement consensus late_flip", S, " ")
	T[1] = "plain"; T[2] = "it''s \\\"quoted\\\""; T[3] = "'; DROP TABLE bets; --"
	T[4] = "back\\\\slash"; T[5] = "caf\303\251 \342\202\254 \360\237\230\200"; T[6] = "tab\\tnew\\nline"
	for (i = 0; i < n; i++) {
		k = i % 14; s = pick(S, 4, i); t = pick(T, 6, i)
		d = sprintf("2019-%02d-%02d", 4 + i % 6, 1 + i % 28)
		ts = d "T" sprintf("%02d:%02d:00Z", i % 24, i % 60)
		if (k == 0)
			printf "{\"kind\":\"game\",\"game_id\":\"g%06d\",\"season\":2019,\"date\":\"%s\",\"start\":\"%s\",\"home\":\"BOS\",\"away\":\"NYY\",\"odds\":[{\"t\":\"%s\",\"book\":\"pinnacle\",\"tag\":\"open\",\"home_ml\":-150,\"away_ml\":138,\"total\":8.5,\"over\":-110,\"under\":-110}],\"splits\":[],\"result\":{\"home_score\":%d,\"away_score\":3,\"final_at\":\"%s\"},\"note\":\"%s\"}\n", i, d, ts, ts, i % 9, ts, t
		else if (k == 1)
			printf "{\"kind\":\"bet\",\"bet_id\":\"b%06d\",\"strategy\":\"%s\",\"version\":\"%s@%d\",\"arm\":\"production\",\"game_id\":\"g%06d\",\"date\":\"%s\",\"placed\":\"%s\",\"market\":\"moneyline\",\"side\":\"home\",\"odds\":-150,\"close_odds\":-160,\"stake\":1.0,\"confidence\":0.71,\"status\":\"win\",\"profit\":0.6667,\"note\":\"%s\"}\n", i, s, s, i % 5, i - 1, d, ts, t
		else if (k == 2)
			printf "{\"kind\":\"metric\",\"strategy\":\"%s\",\"version\":\"%s@%d\",\"arm\":\"production\",\"window\":\"7d\",\"as_of\":\"%s\",\"bets\":41,\"wins\":23,\"losses\":17,\"pushes\":1,\"staked\":41.0,\"profit\":2.31,\"roi_pct\":5.63,\"win_rate\":0.575,\"max_drawdown_pct\":8.2,\"sharpe\":null,\"clv_pct\":1.2,\"pending\":%d}\n", s, s, i, ts, i % 4
		else if (k == 3)
			printf "{\"kind\":\"market\",\"feature\":\"move_size_%d\",\"window\":\"30d\",\"as_of\":\"%s\",\"n\":%d,\"psi\":0.0123,\"ks\":0.05,\"label\":\"%s\"}\n", i, ts, i, t
		else if (k == 4)
			printf "{\"kind\":\"trigger\",\"trigger_id\":\"tr%06d\",\"strategy\":\"%s\",\"type\":\"performance_degradation\",\"severity\":\"high\",\"reason\":\"%s\",\"evidence\":{\"roi\":-3.1,\"p\":0.01},\"created\":\"%s\",\"status\":\"active\"}\n", i, s, t, ts
		else if (k == 5)
			printf "{\"kind\":\"alert\",\"level\":\"warning\",\"strategy\":\"%s\",\"metric\":\"roi_pct_%d\",\"value\":-3.1,\"threshold\":5.0,\"message\":\"%s\",\"at\":\"%s\"}\n", s, i, t, ts
		else if (k == 6)
			printf "{\"kind\":\"schedule\",\"name\":\"weekly %d %s\",\"strategy\":\"%s\",\"type\":\"interval\",\"interval_hours\":168,\"cron\":null,\"priority\":\"normal\",\"last_run\":\"%s\",\"enabled\":true}\n", i, t, s, ts
		else if (k == 7)
			printf "{\"kind\":\"job\",\"job_id\":\"j%06d\",\"strategy\":\"%s\",\"strategy_type\":\"full_retraining\",\"priority\":\"high\",\"reason\":\"%s\",\"max_evaluations\":50,\"timeout_hours\":12,\"status\":\"queued\",\"progress_pct\":0,\"created\":\"%s\"}\n", i, s, t, ts
		else if (k == 8)
			printf "{\"kind\":\"param\",\"strategy\":\"%s\",\"name\":\"p%06d\",\"type\":\"float\",\"low\":5,\"high\":30,\"default\":10,\"log\":false,\"high_impact\":true}\n", s, i
		else if (k == 9)
			printf "{\"kind\":\"trial\",\"study\":\"study-%d\",\"strategy\":\"%s\",\"number\":%d,\"params\":{\"min_differential\":12.5},\"value\":%d.25,\"folds\":[1.5,-0.5],\"state\":\"complete\"}\n", i % 7, s, i, i % 13
		else if (k == 10)
			printf "{\"kind\":\"model\",\"strategy\":\"%s\",\"version\":\"%s@%d\",\"params\":{\"min_differential\":10},\"status\":\"candidate\",\"train_from\":\"2019-03-28\",\"train_until\":\"%s\",\"objective\":\"roi_pct\",\"value\":6.1,\"cv\":{},\"trials\":50,\"lineage\":{\"job_id\":\"j1\",\"trigger_ids\":[\"%s\"]}}\n", s, s, i, d, t
		else if (k == 11)
			printf "{\"kind\":\"verdict\",\"strategy\":\"%s\",\"candidate\":\"%s@%d\",\"baseline\":\"%s@1\",\"level\":\"standard\",\"decision\":\"pass\",\"checks\":[{\"name\":\"roi\",\"pass\":true,\"value\":3.2,\"threshold\":2.0}]}\n", s, s, i, s
		else if (k == 12)
			printf "{\"kind\":\"rollout\",\"strategy\":\"%s\",\"candidate\":\"%s@%d\",\"baseline\":\"%s@1\",\"stage\":1,\"traffic_pct\":10,\"state\":\"running\",\"reason\":\"%s\",\"at\":\"%s\"}\n", s, s, i, s, t, ts
		else
			printf "{\"kind\":\"assignment\",\"game_id\":\"g%06d\",\"strategy\":\"%s\",\"version\":\"%s@2\",\"arm\":\"%s\"}\n", i, s, s, (i % 2) ? "candidate" : "baseline"
	}
}
