# Deterministic synthetic bet records for benchmarks: N lines (-v n=...),
# in time order.
# The shape and sizes follow the contract's example bet (about 300 bytes).
BEGIN {
	if (n == "") n = 1000000
	split("sharp_action line_movement consensus late_flip", S, " ")
	split("NYY BOS TOR TAM BAL CWS CLE DET KAN MIN", T, " ")
	split("win loss win loss push win loss void win loss", ST, " ")
	seed = 12345
	for (i = 1; i <= n; i++) {
		seed = (seed * 1103515245 + 12345) % 2147483648
		r = seed
		s = S[int(r / 65536) % 4 + 1]; st = ST[int(r / 7) % 10 + 1]
		# in time order, as rt-store export gives them: 168 days from April 1
		doy = int((i - 1) * 168 / n); mon = 4 + int(doy / 28); day = 1 + doy % 28
		odds = (r % 2) ? -(100 + int(r / 19) % 150) : (100 + int(r / 23) % 150)
		cl = odds - 5 + int(r / 29) % 11
		if (cl > -100 && cl < 100) cl = odds
		stake = 1 + (r % 3) * 0.5
		if (st == "win") profit = (odds < 0) ? stake * 100 / -odds : stake * odds / 100
		else if (st == "loss") profit = -stake
		else profit = 0
		printf "{\"kind\":\"bet\",\"bet_id\":\"b%07d\",\"strategy\":\"%s\",\"version\":\"%s@%d\",\"arm\":\"production\",\"game_id\":\"2019-%02d-%02d-%s-%s-1\",\"date\":\"2019-%02d-%02d\",\"placed\":\"2019-%02d-%02dT22:35:00Z\",\"market\":\"moneyline\",\"side\":\"%s\",\"odds\":%d,\"close_odds\":%d,\"stake\":%.1f,\"confidence\":%.2f,\"status\":\"%s\",\"profit\":%.4f}\n", \
			i, s, s, 1 + r % 5, mon, day, T[r % 10 + 1], T[(r + 3) % 10 + 1], mon, day, mon, day, (r % 3) ? "home" : "away", odds, cl, stake, (r % 100) / 100, st, profit
	}
}
