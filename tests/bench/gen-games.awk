# Deterministic synthetic game records shaped like rt-sim's: six books,
# snapshots every 15 minutes over a day (-v n=GAMES -v snaps=PER_BOOK).
BEGIN {
	if (n == "") n = 10000
	if (snaps == "") snaps = 40
	split("pinnacle circa draftkings fanduel betmgm caesars", B, " ")
	seed = 7
	for (g = 1; g <= n; g++) {
		printf "{\"kind\":\"game\",\"game_id\":\"2019-06-01-G%05d-1\",\"season\":2019,\"date\":\"2019-06-01\",\"start\":\"2019-06-01T23:05:00Z\",\"home\":\"BOS\",\"away\":\"NYY\",\"odds\":[", g
		sep = ""
		for (s = 0; s < snaps; s++)
			for (b = 1; b <= 6; b++) {
				seed = (seed * 1103515245 + 12345) % 2147483648
				hm = -(110 + seed % 60); am = 100 + seed % 55
				printf "%s{\"t\":\"2019-06-01T%02d:%02d:00Z\",\"book\":\"%s\",\"tag\":\"%s\",\"home_ml\":%d,\"away_ml\":%d,\"total\":8.5,\"over\":-110,\"under\":-110}", \
					sep, 13 + int(s / 4), (s % 4) * 15, B[b], s == 0 ? "open" : (s == snaps - 1 ? "close" : ""), hm, am
				sep = ","
			}
		printf "],\"splits\":["
		sep = ""
		for (s = 0; s < snaps; s++)
			for (b = 3; b <= 6; b++) {
				printf "%s{\"t\":\"2019-06-01T%02d:%02d:00Z\",\"book\":\"%s\",\"home_bets_pct\":%d,\"home_money_pct\":%d,\"over_bets_pct\":55,\"over_money_pct\":51,\"tickets\":%d}", \
					sep, 13 + int(s / 4), (s % 4) * 15, B[b], 40 + seed % 30, 35 + seed % 40, 100 + s * 40
				sep = ","
			}
		printf "],\"result\":{\"home_score\":%d,\"away_score\":%d,\"final_at\":\"2019-06-02T02:11:00Z\"}}\n", g % 11, g % 7
	}
}
