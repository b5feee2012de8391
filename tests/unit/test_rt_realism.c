/*
 * test_rt_realism: the market realism measures (lib/rt_realism.c) on a few
 * crafted games whose figures are worked out by hand below: the reference
 * book, fair probabilities (multiplicative margin removal), favourite win
 * share, log loss of the open and the close, calibration bins, move
 * quantiles, the closing margin per book, the follow-the-money rule scored
 * with "truth" (the decision time, the threshold, the latest split and
 * price per book at that time, the best price among books), and the
 * Hosmer-Lemeshow p-value (chi-square with one and two degrees of freedom
 * has a closed form: erfc(sqrt(x/2)) and exp(-x/2)).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_json.h"
#include "rt_realism.h"
#include "rt_test.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define TOL 1e-12

static struct rt_arena arena;

static const struct rt_json *
parse(const char *s)
{
	const char *why = NULL;
	size_t col = 0;
	const struct rt_json *v;

	v = rt_json_parse(&arena, s, strlen(s), &why, &col);
	if (v == NULL)
		printf("# test input refused: %s at column %zu: %s\n",
		    why ? why : "(null)", col, s);
	return v;
}

/* rt_realism_add() of the game text; -2 when the text does not parse. */
static int
add(struct rt_realism *r, const char *text)
{
	const struct rt_json *g = parse(text);

	return g ? rt_realism_add(r, g) : -2;
}

static int
slot_of(const struct rt_realism *r, const char *book)
{
	int i;

	for (i = 0; i < r->nbooks; i++)
		if (strcmp(r->books[i], book) == 0)
			return i;
	return -1;
}

/* American price -> implied probability, written out again. */
static double
imp(double o)
{
	return o < 0 ? -o / (-o + 100) : 100 / (o + 100);
}

/* Fair home probability, multiplicative. */
static double
fair(double h, double a)
{
	return imp(h) / (imp(h) + imp(a));
}

/* ---- the measures over five usable games and a few unusable ones ----- */

#define ML(b, h, a) "{\"book\":\"" b "\",\"home_ml\":" #h ",\"away_ml\":" #a "}"
#define MLT(t, b, h, a) "{\"t\":\"" t "\",\"book\":\"" b "\",\"home_ml\":" #h ",\"away_ml\":" #a "}"
#define RES(h, a) "\"result\":{\"home_score\":" #h ",\"away_score\":" #a "}"

static void
test_measures(void)
{
	struct rt_realism r;
	double po[5], pc[5], want, chi2 = -1, p;
	int s;

	rt_realism_init(&r, "crafted");
	CHECK_STR(r.label, "crafted", "init: the label");
	CHECK(r.decision_min == 30 && r.threshold == 10, "init: decision 30 minutes, threshold 10");
	CHECK(isnan(rt_realism_fav_win(&r)), "empty: favourite win share is NaN");
	CHECK(isnan(rt_realism_move_quantile(&r, 0.5)), "empty: move quantile is NaN");
	CHECK(isnan(rt_realism_hl_pvalue(&r, &chi2)) && chi2 == 0, "empty: HL p NaN, chi2 0");

	/*
	 * G1: pinnacle is the reference though dk comes first: open -150/+150
	 * (fair 0.6, no margin), close -200/+200 (2/3).  dk's last is
	 * -170/+150.  Home wins.
	 */
	CHECK_INT(add(&r, "{\"game_id\":\"G1\",\"odds\":["
	    MLT("2019-06-01T12:00:00Z", "dk", -160, 140) ","
	    MLT("2019-06-01T12:00:00Z", "pinnacle", -150, 150) ","
	    MLT("2019-06-01T22:00:00Z", "pinnacle", -200, 200) ","
	    MLT("2019-06-01T22:00:00Z", "dk", -170, 150) "]," RES(5, 3) "}"), 0, "G1 added");
	po[0] = 0.6;
	pc[0] = 2.0 / 3;
	/* G2: only sbro: open +100/+100 (0.5), close -120/+110; away wins. */
	CHECK_INT(add(&r, "{\"game_id\":\"G2\",\"odds\":[" ML("sbro", 100, 100) ","
	    ML("sbro", -120, 110) "]," RES(2, 4) "}"), 0, "G2 added");
	po[1] = 0.5;
	pc[1] = fair(-120, 110);
	/* G3: -300/+300 throughout, a tie: not decided. */
	CHECK_INT(add(&r, "{\"game_id\":\"G3\",\"odds\":[" ML("sbro", -300, 300) ","
	    ML("sbro", -300, 300) "]," RES(3, 3) "}"), 0, "G3 (a tie) added");
	po[2] = pc[2] = 0.75;
	/* G4: open -150/+150, close -110/-110: a pick'em, no favourite; home wins. */
	CHECK_INT(add(&r, "{\"game_id\":\"G4\",\"odds\":[" ML("sbro", -150, 150) ","
	    ML("sbro", -110, -110) "]," RES(1, 0) "}"), 0, "G4 (a pick'em) added");
	po[3] = 0.6;
	pc[3] = 0.5;
	/* G5: no result: counted for the moves only. */
	CHECK_INT(add(&r, "{\"game_id\":\"G5\",\"odds\":[" ML("sbro", -200, 200) ","
	    ML("sbro", -400, 400) "]}"), 0, "G5 (no result) added");
	po[4] = 2.0 / 3;
	pc[4] = 0.8;

	/* Unusable games change nothing that is counted per game. */
	CHECK_INT(add(&r, "{\"game_id\":\"U1\"}"), -1, "no odds: -1");
	CHECK_INT(add(&r, "{\"game_id\":\"U2\",\"odds\":{}," RES(1, 0) "}"), -1, "odds not an array: -1");
	CHECK_INT(add(&r, "{\"game_id\":\"U3\",\"odds\":[]," RES(1, 0) "}"), -1, "empty odds: -1");
	CHECK_INT(add(&r, "{\"game_id\":\"U4\",\"odds\":[{\"home_ml\":-110,\"away_ml\":-110}]," RES(1, 0) "}"),
	    -1, "no book: -1");
	CHECK_INT(add(&r, "{\"game_id\":\"U5\",\"odds\":[{\"book\":\"pinnacle\",\"total\":8}]," RES(1, 0) "}"),
	    -1, "reference book without moneylines: -1");
	CHECK_INT(add(&r, "{\"game_id\":\"U6\",\"odds\":[" ML("sbro", -110, 50) "]," RES(1, 0) "}"),
	    -1, "a price that is not American: -1");
	CHECK_INT(add(&r, "{\"game_id\":\"U7\",\"odds\":[{\"book\":\"sbro\",\"home_ml\":\"-110\",\"away_ml\":-110}]," RES(1, 0) "}"),
	    -1, "a price as a string: -1");

	CHECK_INT(r.games, 5, "games: 5");
	CHECK_INT(r.decided, 3, "decided: 3 (no tie, with a result)");
	CHECK_INT(r.with_fav, 2, "with a favourite: 2 (the pick'em has none)");
	CHECK_INT(r.fav_wins, 1, "favourite wins: 1");
	CHECK_NEAR(rt_realism_fav_win(&r), 0.5, TOL, "favourite win share 1/2");

	/* G1 home won, G2 away won, G4 home won. */
	want = -log(po[0]) - log(1 - po[1]) - log(po[3]);
	CHECK_NEAR(r.ll_open, want, TOL, "log loss of the open (sum)");
	CHECK_NEAR(r.ll_open / 3, (-2 * log(0.6) - log(0.5)) / 3, TOL, "log loss of the open (mean)");
	want = -log(pc[0]) - log(1 - pc[1]) - log(pc[3]);
	CHECK_NEAR(r.ll_close, want, TOL, "log loss of the close (sum)");
	CHECK_NEAR(pc[1], (120.0 / 220) / (120.0 / 220 + 100.0 / 210), TOL, "G2's fair close by hand");

	/* Calibration: G1 in bin 6; G2 (0.534) and G4 (0.5) in bin 5. */
	CHECK(r.cal_n[5] == 2 && r.cal_n[6] == 1, "calibration: bins 5 and 6");
	CHECK_NEAR(r.cal_p[5], pc[1] + 0.5, TOL, "calibration: bin 5 probabilities");
	CHECK_NEAR(r.cal_win[5], 1, TOL, "calibration: bin 5 wins");
	CHECK_NEAR(r.cal_p[6], 2.0 / 3, TOL, "calibration: bin 6 probability");
	CHECK_NEAR(r.cal_win[6], 1, TOL, "calibration: bin 6 wins");
	{
		size_t n = 0;
		int i;

		for (i = 0; i < 10; i++)
			n += r.cal_n[i];
		CHECK_INT(n, 3, "calibration: the decided games only");
	}
	p = rt_realism_hl_pvalue(&r, &chi2);
	CHECK(isnan(p) && chi2 == 0, "HL: no bin of 5 games: NaN");

	/* Moves, sorted: 0, |pc2-0.5|, 1/15, 0.1, 2/15. */
	CHECK_INT(r.nmoves, 5, "moves: one per game");
	CHECK_NEAR(rt_realism_move_quantile(&r, 0), 0, TOL, "move q0 (G3, no move)");
	CHECK_NEAR(rt_realism_move_quantile(&r, 0.25), pc[1] - 0.5, TOL, "move q0.25: G2");
	CHECK_NEAR(rt_realism_move_quantile(&r, 0.5), 1.0 / 15, TOL, "move median: G1, 2/3 - 0.6");
	CHECK_NEAR(rt_realism_move_quantile(&r, 0.75), 0.1, TOL, "move q0.75: G4, 0.6 - 0.5");
	CHECK_NEAR(rt_realism_move_quantile(&r, 0.9), 2.0 / 15, TOL, "move q0.9: G5, 0.8 - 2/3");
	CHECK_NEAR(rt_realism_move_quantile(&r, 1), 2.0 / 15, TOL, "move q1: the largest");
	CHECK_NEAR(rt_realism_move_quantile(&r, 0.1), 0, TOL, "move q0.1: nearest rank 0");
	CHECK_NEAR(rt_realism_move_quantile(&r, 0.4), 1.0 / 15, TOL, "move q0.4: nearest rank 2");

	/* Closing margin, per book, in order of first appearance. */
	CHECK_INT(r.nbooks, 3, "books: dk, pinnacle, sbro");
	CHECK(slot_of(&r, "dk") == 0 && slot_of(&r, "pinnacle") == 1 && slot_of(&r, "sbro") == 2,
	    "books: in order of first appearance");
	s = slot_of(&r, "dk");
	CHECK(s >= 0 && r.margin_n[s] == 1, "margin dk: one game");
	if (s >= 0)
		CHECK_NEAR(r.margin_sum[s], 170.0 / 270 + 100.0 / 250 - 1, TOL,
		    "margin dk: its last snapshot, -170/+150");
	s = slot_of(&r, "pinnacle");
	CHECK(s >= 0 && r.margin_n[s] == 1, "margin pinnacle: one game");
	if (s >= 0)
		CHECK_NEAR(r.margin_sum[s], 0, TOL, "margin pinnacle: -200/+200 has none");
	s = slot_of(&r, "sbro");
	CHECK(s >= 0 && r.margin_n[s] == 4, "margin sbro: four games");
	if (s >= 0)
		CHECK_NEAR(r.margin_sum[s] / 4, (120.0 / 220 + 100.0 / 210 - 1 + (220.0 / 210 - 1)) / 4,
		    TOL, "margin sbro: mean of the closes");
	CHECK_INT(r.follow_bets, 0, "no truth: no follow-the-money bet");
	CHECK_INT(r.with_truth, 0, "no truth: none counted");

	/* The table: a few of its lines exactly. */
	{
		struct rt_realism *sets[1];
		char *text = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);
		char line[200];

		sets[0] = &r;
		if (fp != NULL) {
			rt_realism_print(fp, sets, 1);
			fclose(fp);
		}
		snprintf(line, sizeof line, "%-34s %18s\n", "measure", "crafted");
		CHECK(text != NULL && strncmp(text, line, strlen(line)) == 0, "print: the header line");
		snprintf(line, sizeof line, "\n%-34s %18d\n", "games", 5);
		CHECK(text != NULL && strstr(text, line) != NULL, "print: games");
		snprintf(line, sizeof line, "\n%-34s %18.4f\n", "favourite wins at the close", 0.5);
		CHECK(text != NULL && strstr(text, line) != NULL, "print: favourite wins");
		snprintf(line, sizeof line, "\nclosing margin, %-18s %18.4f\n", "dk",
		    170.0 / 270 + 100.0 / 250 - 1);
		CHECK(text != NULL && strstr(text, line) != NULL, "print: dk's margin");
		snprintf(line, sizeof line, "\n%-34s %18s\n", "follow-the-money mean return", "nan");
		CHECK(text != NULL && strstr(text, line) != NULL, "print: no bets, nan");
		free(text);
	}
	rt_realism_release(&r);
	CHECK(r.moves == NULL, "release frees the moves");
	rt_arena_reset(&arena);
}

/* ---- results that do not decide -------------------------------------- */

static void
test_results(void)
{
	struct rt_realism r;

	rt_realism_init(&r, "results");
	add(&r, "{\"odds\":[" ML("b", -150, 150) "],\"result\":{\"home_score\":\"5\",\"away_score\":3}}");
	add(&r, "{\"odds\":[" ML("b", -150, 150) "],\"result\":{\"home_score\":5}}");
	add(&r, "{\"odds\":[" ML("b", -150, 150) "],\"result\":null}");
	add(&r, "{\"odds\":[" ML("b", -150, 150) "],\"result\":{\"home_score\":5.5,\"away_score\":3}}");
	CHECK_INT(r.games, 4, "results: four games");
	CHECK_INT(r.decided, 0, "results: none decided by a bad or missing score");
	/* One snapshot is both the open and the close. */
	add(&r, "{\"odds\":[" ML("b", -150, 150) "]," RES(5.0, 3) "}");
	CHECK_INT(r.decided, 1, "results: 5.0 is a whole score");
	CHECK_NEAR(r.ll_open, -log(0.6), TOL, "results: a single snapshot opens");
	CHECK_NEAR(r.ll_close, -log(0.6), TOL, "results: and closes");
	CHECK_NEAR(rt_realism_move_quantile(&r, 1), 0, TOL, "results: no move");
	rt_realism_release(&r);
	rt_arena_reset(&arena);
}

/* ---- follow the money ------------------------------------------------- */

#define SPL(t, b, bets, money) "{\"t\":\"" t "\",\"book\":\"" b "\",\"home_bets_pct\":" #bets \
	",\"home_money_pct\":" #money "}"
#define START "\"start\":\"2019-06-01T23:00:00Z\""

/*
 * F1, start 23:00Z, so the decision is at 22:30Z.  Splits: dk at 22:00
 * (+15), dk at 22:30 (+12, the latest at the decision), dk at 22:31 (-40,
 * too late), fd at 22:10 (+8): mean (12 + 8) / 2 = 10, at the threshold:
 * bet home.  Home prices: pinnacle -150 (20:00) then -130 (22:30, decimal
 * 1.7692), dk -140 (21:00, 1.7143), fd -125 (22:29, 1.8), dk +110 (22:45,
 * too late).  Best 1.8; p_home 0.6: return 0.6 * 1.8 - 1 = 0.08.
 */
#define F1 "{\"game_id\":\"F1\"," START ",\"odds\":[" \
	MLT("2019-06-01T20:00:00Z", "pinnacle", -150, 140) "," \
	MLT("2019-06-01T21:00:00Z", "dk", -140, 120) "," \
	MLT("2019-06-01T22:29:00Z", "fd", -125, 105) "," \
	MLT("2019-06-01T22:30:00Z", "pinnacle", -130, 115) "," \
	MLT("2019-06-01T22:45:00Z", "dk", 110, -130) "]," \
	"\"splits\":[" SPL("2019-06-01T22:00:00Z", "dk", 40, 55) "," \
	SPL("2019-06-01T22:10:00Z", "fd", 50, 58) "," \
	SPL("2019-06-01T22:30:00Z", "dk", 40, 52) "," \
	SPL("2019-06-01T22:31:00Z", "dk", 60, 20) "]," \
	"\"truth\":{\"p_home\":0.6}," RES(1, 0) "}"

/*
 * F2: one split, dk at 22:00, -15: bet away.  Away prices at the decision:
 * pinnacle +120 (2.2), dk +130 at 21:00 then +125 at 22:00 (the latest,
 * 2.25, not the better earlier +130), dk +200 at 22:40 too late.  p_home
 * 0.6: return 0.4 * 2.25 - 1 = -0.1.
 */
#define F2 "{\"game_id\":\"F2\"," START ",\"odds\":[" \
	MLT("2019-06-01T21:00:00Z", "pinnacle", -130, 120) "," \
	MLT("2019-06-01T21:00:00Z", "dk", -150, 130) "," \
	MLT("2019-06-01T22:00:00Z", "dk", -145, 125) "," \
	MLT("2019-06-01T22:40:00Z", "dk", -250, 200) "]," \
	"\"splits\":[" SPL("2019-06-01T22:00:00Z", "dk", 70, 55) "]," \
	"\"truth\":{\"p_home\":0.6}}"

/* F3: +9.5 is under the threshold: no bet. */
#define F3 "{\"game_id\":\"F3\"," START ",\"odds\":[" \
	MLT("2019-06-01T21:00:00Z", "pinnacle", -130, 120) "]," \
	"\"splits\":[" SPL("2019-06-01T22:00:00Z", "dk", 40, 49.5) "]," \
	"\"truth\":{\"p_home\":0.6}}"

/* F4: no truth: not counted at all. */
#define F4 "{\"game_id\":\"F4\"," START ",\"odds\":[" \
	MLT("2019-06-01T21:00:00Z", "pinnacle", -130, 120) "]," \
	"\"splits\":[" SPL("2019-06-01T22:00:00Z", "dk", 10, 90) "]}"

/* F5: truth, but every split after the decision: no bet. */
#define F5 "{\"game_id\":\"F5\"," START ",\"odds\":[" \
	MLT("2019-06-01T21:00:00Z", "pinnacle", -130, 120) "]," \
	"\"splits\":[" SPL("2019-06-01T22:30:01Z", "dk", 10, 90) "]," \
	"\"truth\":{\"p_home\":0.6}}"

/* F6: a qualifying split, but no price before the decision: no bet. */
#define F6 "{\"game_id\":\"F6\"," START ",\"odds\":[" \
	MLT("2019-06-01T22:45:00Z", "pinnacle", -130, 120) "]," \
	"\"splits\":[" SPL("2019-06-01T22:00:00Z", "dk", 10, 90) "]," \
	"\"truth\":{\"p_home\":0.6}}"

/* F7: truth without a start: not counted. */
#define F7 "{\"game_id\":\"F7\",\"odds\":[" \
	MLT("2019-06-01T21:00:00Z", "pinnacle", -130, 120) "]," \
	"\"splits\":[" SPL("2019-06-01T22:00:00Z", "dk", 10, 90) "]," \
	"\"truth\":{\"p_home\":0.6}}"

static void
test_follow(void)
{
	static const char *const games[] = { F1, F2, F3, F4, F5, F6, F7 };
	struct rt_realism r;
	size_t i;
	int ok;

	rt_realism_init(&r, "follow");
	for (ok = 1, i = 0; i < NELEM(games); i++)
		ok &= add(&r, games[i]) == 0;
	CHECK(ok, "follow: every game added");
	CHECK_INT(r.games, 7, "follow: 7 games");
	CHECK_INT(r.with_truth, 5, "follow: 5 with truth and a start");
	CHECK_INT(r.follow_bets, 2, "follow: 2 bets (F1 home, F2 away)");
	CHECK_NEAR(r.follow_ev, (0.6 * 1.8 - 1) + (0.4 * 2.25 - 1), TOL,
	    "follow: 0.08 - 0.1, best latest prices at the decision");
	rt_realism_release(&r);

	/* Each bet alone. */
	rt_realism_init(&r, "F1");
	add(&r, F1);
	CHECK_INT(r.follow_bets, 1, "F1: a home bet at a mean of exactly 10");
	CHECK_NEAR(r.follow_ev, 0.6 * 1.8 - 1, TOL, "F1: fd's -125 is the best price then");
	/* The same game's closing reference price is pinnacle's last: -130/+115. */
	CHECK_NEAR(r.ll_close, -log(fair(-130, 115)), TOL, "F1: the close is pinnacle's last");
	CHECK_NEAR(r.ll_open, -log(fair(-150, 140)), TOL, "F1: the open is pinnacle's first");
	rt_realism_release(&r);

	rt_realism_init(&r, "F2");
	add(&r, F2);
	CHECK_INT(r.follow_bets, 1, "F2: an away bet");
	CHECK_NEAR(r.follow_ev, 0.4 * 2.25 - 1, TOL, "F2: dk's latest +125, not its earlier +130");
	rt_realism_release(&r);

	/* A higher threshold: F1's mean of 10 no longer qualifies; F2's 15 does. */
	rt_realism_init(&r, "threshold 13");
	r.threshold = 13;
	add(&r, F1);
	add(&r, F2);
	CHECK_INT(r.follow_bets, 1, "threshold 13: only F2");
	CHECK_NEAR(r.follow_ev, 0.4 * 2.25 - 1, TOL, "threshold 13: F2's return");
	rt_realism_release(&r);

	/*
	 * Decision 60 minutes before: 22:00.  F1: dk's 22:00 split (+15)
	 * alone: home, at the best of pinnacle -150 (1.6667) and dk -140
	 * (1.7143).  F2: dk's 22:00 split: away at the best of pinnacle +120
	 * and dk's latest +125.
	 */
	rt_realism_init(&r, "decision 60");
	r.decision_min = 60;
	add(&r, F1);
	add(&r, F2);
	CHECK_INT(r.follow_bets, 2, "decision 60: two bets");
	CHECK_NEAR(r.follow_ev, (0.6 * (1 + 100.0 / 140) - 1) + (0.4 * 2.25 - 1), TOL,
	    "decision 60: the splits and prices of 22:00");
	rt_realism_release(&r);

	/*
	 * Decision at first pitch: F1's dk split is now 22:31 (-40) and fd
	 * +8: mean -16, away, at the best of pinnacle +115 (2.15), dk -130
	 * (22:45, 1.7692) and fd +105 (2.05): 0.4 * 2.15 - 1.
	 */
	rt_realism_init(&r, "decision 0");
	r.decision_min = 0;
	add(&r, F1);
	CHECK_INT(r.follow_bets, 1, "decision 0: one bet");
	CHECK_NEAR(r.follow_ev, 0.4 * 2.15 - 1, TOL, "decision 0: away at pinnacle's +115");
	rt_realism_release(&r);
	rt_arena_reset(&arena);
}

/* ---- Hosmer-Lemeshow -------------------------------------------------- */

static void
test_hl(void)
{
	struct rt_realism r;
	double chi2 = -1, p, want;
	int i;

	rt_realism_init(&r, "hl");
	/* Bins 2, 5, 8 with 10, 20, 8 games; bin 9 with 4 (too few). */
	r.cal_n[2] = 10, r.cal_p[2] = 2.5, r.cal_win[2] = 3;
	r.cal_n[5] = 20, r.cal_p[5] = 11, r.cal_win[5] = 10;
	r.cal_n[8] = 8, r.cal_p[8] = 6.8, r.cal_win[8] = 7;
	r.cal_n[9] = 4, r.cal_p[9] = 3.8, r.cal_win[9] = 0;
	want = 0.25 / (2.5 * 0.75) + 1.0 / (11 * 0.45) + 0.04 / (6.8 * 0.15);
	p = rt_realism_hl_pvalue(&r, &chi2);
	CHECK_NEAR(chi2, want, 1e-12, "HL, 3 bins: chi2 by hand");
	CHECK_NEAR(p, erfc(sqrt(want / 2)), 1e-9, "HL, 3 bins: p on 1 degree of freedom");

	/* A fourth usable bin: two degrees of freedom. */
	r.cal_n[9] = 5, r.cal_p[9] = 4.75, r.cal_win[9] = 5;
	want += 0.0625 / (4.75 * 0.05);
	p = rt_realism_hl_pvalue(&r, &chi2);
	CHECK_NEAR(chi2, want, 1e-12, "HL, 4 bins: chi2 by hand");
	CHECK_NEAR(p, exp(-want / 2), 1e-9, "HL, 4 bins: p on 2 degrees of freedom");

	/* A bin whose variance is 0 (every probability 1) does not count. */
	r.cal_n[7] = 6, r.cal_p[7] = 6, r.cal_win[7] = 6;
	CHECK_NEAR(rt_realism_hl_pvalue(&r, &chi2), exp(-want / 2), 1e-9,
	    "HL: a bin without variance is left out");
	CHECK_NEAR(chi2, want, 1e-12, "HL: and adds nothing to chi2");

	/* Two usable bins: NaN, chi2 still their sum. */
	r.cal_n[9] = 0, r.cal_p[9] = 0, r.cal_win[9] = 0;
	r.cal_n[8] = 4;
	want = 0.25 / (2.5 * 0.75) + 1.0 / (11 * 0.45);
	p = rt_realism_hl_pvalue(&r, &chi2);
	CHECK(isnan(p), "HL, 2 usable bins: NaN");
	CHECK_NEAR(chi2, want, 1e-12, "HL, 2 usable bins: chi2 over them");

	/* A perfect fit: chi2 0, p 1. */
	memset(r.cal_n, 0, sizeof r.cal_n);
	for (i = 3; i < 7; i++) {
		r.cal_n[i] = 10;
		r.cal_p[i] = i;		/* 10 games at i/10 */
		r.cal_win[i] = i;
	}
	p = rt_realism_hl_pvalue(&r, &chi2);
	CHECK_NEAR(chi2, 0, 1e-12, "HL, a perfect fit: chi2 0");
	CHECK_NEAR(p, 1, 1e-12, "HL, a perfect fit: p 1");
	rt_realism_release(&r);

	/* Through games: 5 each at fair 0.6 (all won), 2/3 (3 won), 0.75 (none won). */
	rt_realism_init(&r, "hl games");
	for (i = 0; i < 5; i++) {
		add(&r, "{\"odds\":[" ML("b", -150, 150) "]," RES(1, 0) "}");
		add(&r, i < 3 ? "{\"odds\":[" ML("b", -200, 200) "]," RES(2, 1) "}" :
		    "{\"odds\":[" ML("b", -200, 200) "]," RES(0, 1) "}");
		add(&r, "{\"odds\":[" ML("b", -300, 300) "]," RES(0, 1) "}");
		rt_arena_reset(&arena);
	}
	CHECK(r.cal_n[6] == 10 && r.cal_n[7] == 5, "HL games: 0.6 and 2/3 in bin 6, 0.75 in bin 7");
	p = rt_realism_hl_pvalue(&r, &chi2);
	CHECK(isnan(p), "HL games: two bins: NaN");
	/* bin 6: E = 5 * 0.6 + 5 * 2/3 = 19/3, O = 5 + 3; bin 7: E = 3.75, O = 0 */
	want = (8 - 19.0 / 3) * (8 - 19.0 / 3) / (19.0 / 3 * (1 - 19.0 / 30)) +
	    (0 - 3.75) * (0 - 3.75) / (3.75 * 0.25);
	CHECK_NEAR(chi2, want, 1e-9, "HL games: chi2 by hand");
	rt_realism_release(&r);
	rt_arena_reset(&arena);
}

/* ---- book names ------------------------------------------------------- */

#define LONG "a-sportsbook-with-a-long-name"

static void
test_books(void)
{
	struct rt_realism r;
	static const char long_name[] = LONG;	/* 29 bytes */
	char game[512];
	int i;

	/* At most RT_REALISM_BOOKS books; the ninth is left out of the margins. */
	rt_realism_init(&r, "books");
	snprintf(game, sizeof game, "{\"odds\":[" ML("b0", -110, -110) "," ML("b1", -110, -110) ","
	    ML("b2", -110, -110) "," ML("b3", -110, -110) "," ML("b4", -110, -110) ","
	    ML("b5", -110, -110) "," ML("b6", -110, -110) "," ML("b7", -110, -110) ","
	    ML("b8", -110, -110) "]}");
	CHECK_INT(add(&r, game), 0, "nine books: added");
	CHECK_INT(r.nbooks, RT_REALISM_BOOKS, "nine books: eight kept");
	CHECK(slot_of(&r, "b8") == -1 && slot_of(&r, "b7") == 7, "nine books: the ninth left out");
	rt_realism_release(&r);

	/* A book's name longer than the slot: still one book. */
	rt_realism_init(&r, "long");
	for (i = 0; i < 3; i++) {
		snprintf(game, sizeof game, "{\"odds\":[{\"book\":\"%s\",\"home_ml\":-110,\"away_ml\":-110},"
		    "{\"book\":\"%s\",\"home_ml\":-120,\"away_ml\":100}]}", long_name, long_name);
		CHECK_INT(add(&r, game), 0, "long book name: added");
	}
	CHECK_INT(r.nbooks, 1, "long book name: one book");
	CHECK_INT(r.margin_n[0], 3, "long book name: its margin over the three games");
	rt_realism_release(&r);

	/*
	 * Follow the money with that book: its latest split (0 points, at
	 * 22:20) is the one that counts, so no bet; and its latest away price
	 * (+100 at 22:00, not +200 at 21:00) is the one taken.
	 */
	rt_realism_init(&r, "long, splits");
	CHECK_INT(add(&r, "{" START ",\"odds\":[" MLT("2019-06-01T21:00:00Z", LONG, -300, 200) "],"
	    "\"splits\":[" SPL("2019-06-01T22:00:00Z", LONG, 40, 70) ","
	    SPL("2019-06-01T22:20:00Z", LONG, 50, 50) "],\"truth\":{\"p_home\":0.5}}"), 0,
	    "long book name, splits: added");
	CHECK_INT(r.with_truth, 1, "long book name, splits: with truth");
	CHECK_INT(r.follow_bets, 0, "long book name, splits: only its latest split counts: no bet");
	rt_realism_release(&r);
	rt_realism_init(&r, "long, prices");
	CHECK_INT(add(&r, "{" START ",\"odds\":[" MLT("2019-06-01T21:00:00Z", LONG, -300, 200) ","
	    MLT("2019-06-01T22:00:00Z", LONG, -120, 100) "],"
	    "\"splits\":[" SPL("2019-06-01T22:00:00Z", "dk", 70, 50) "],\"truth\":{\"p_home\":0.5}}"), 0,
	    "long book name, prices: added");
	CHECK_INT(r.follow_bets, 1, "long book name, prices: an away bet");
	CHECK_NEAR(r.follow_ev, 0.5 * 2.0 - 1, TOL, "long book name, prices: at its latest +100, not +200");
	rt_realism_release(&r);
	rt_arena_reset(&arena);
}

int
main(int argc, char **argv)
{
	(void)argc;
	rt_err_init(argv[0]);
	rt_arena_init(&arena);
	test_measures();
	test_results();
	test_follow();
	test_hl();
	test_books();
	rt_arena_release(&arena);
	return rt_test_done();
}
