/*
 * test_rt_game: what of a game record was known at a time (lib/rt_game.c),
 * the rule behind every --now: snapshots with "t" from t, tagless "open"
 * (or untagged) snapshots from 00:00Z of the game's date, tagless "close"
 * ones from "start" or else 23:59:59Z of the date, results from "final_at"
 * or else noon UTC of the next day, no result never; and the game written
 * as known at a time, byte for byte.
 *
 * The expected times are written out as seconds since the epoch (from
 * date(1)), so that they share no code with rt_time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_game.h"
#include "rt_json.h"
#include "rt_test.h"

static struct rt_arena arena;

/* 2019-06-01 and around, from `date -u -d ... +%s`. */
#define T_0531_1400	INT64_C(1559311200)	/* 2019-05-31T14:00:00Z */
#define T_0601_0000	INT64_C(1559347200)	/* 2019-06-01T00:00:00Z */
#define T_0601_2000	INT64_C(1559419200)	/* 2019-06-01T20:00:00Z */
#define T_0601_2200	INT64_C(1559426400)	/* 2019-06-01T22:00:00Z */
#define T_0601_2305	INT64_C(1559430300)	/* 2019-06-01T23:05:00Z */
#define T_0601_2359	INT64_C(1559433599)	/* 2019-06-01T23:59:59Z */
#define T_0602_0211	INT64_C(1559441460)	/* 2019-06-02T02:11:00Z */
#define T_0602_1200	INT64_C(1559476800)	/* 2019-06-02T12:00:00Z */

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

/* The first snapshot of the game's "odds". */
static const struct rt_json *
snap0(const struct rt_json *game)
{
	return rt_json_first(rt_json_get(game, "odds"));
}

/* rt_game_snapshot_known() of the game's first odds snapshot. */
static void
snap_at(const char *label, const char *game_text, int want_rc, int64_t want)
{
	char what[200];
	const struct rt_json *g = parse(game_text);
	int64_t at = 12345;
	int rc;

	rc = g ? rt_game_snapshot_known(g, snap0(g), &at) : -2;
	snprintf(what, sizeof what, "snapshot %s: returns %d", label, want_rc);
	CHECK_INT(rc, want_rc, what);
	if (want_rc == 0) {
		snprintf(what, sizeof what, "snapshot %s: known at %lld", label,
		    (long long)want);
		CHECK_INT(at, want, what);
	}
	rt_arena_reset(&arena);
}

static void
result_at(const char *label, const char *game_text, int want_rc, int64_t want)
{
	char what[200];
	const struct rt_json *g = parse(game_text);
	int64_t at = 12345;
	int rc;

	rc = g ? rt_game_result_known(g, &at) : -2;
	snprintf(what, sizeof what, "result %s: returns %d", label, want_rc);
	CHECK_INT(rc, want_rc, what);
	if (want_rc == 0) {
		snprintf(what, sizeof what, "result %s: known at %lld", label,
		    (long long)want);
		CHECK_INT(at, want, what);
	}
	rt_arena_reset(&arena);
}

static void
test_snapshots(void)
{
	const struct rt_json *g, *s;
	int64_t at;
	int i, n;

	snap_at("with t", "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":\"2019-05-31T14:00:00Z\"}]}",
	    0, T_0531_1400);
	snap_at("with t and an offset",
	    "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":\"2019-05-31T16:00:00+02:00\"}]}",
	    0, T_0531_1400);
	snap_at("with t and a fraction (the earlier second)",
	    "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":\"2019-05-31T14:00:00.999Z\"}]}",
	    0, T_0531_1400);
	snap_at("with t tagged close: t wins over start",
	    "{\"date\":\"2019-06-01\",\"start\":\"2019-06-01T23:05:00Z\","
	    "\"odds\":[{\"t\":\"2019-06-01T20:00:00Z\",\"tag\":\"close\"}]}",
	    0, T_0601_2000);
	snap_at("with t tagged open: t wins over the date",
	    "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":\"2019-06-01T22:00:00Z\",\"tag\":\"open\"}]}",
	    0, T_0601_2200);
	snap_at("with t and no date", "{\"odds\":[{\"t\":\"2019-06-01T22:00:00Z\"}]}",
	    0, T_0601_2200);
	snap_at("tagless open", "{\"date\":\"2019-06-01\",\"start\":\"2019-06-01T23:05:00Z\","
	    "\"odds\":[{\"tag\":\"open\"}]}", 0, T_0601_0000);
	snap_at("untagged", "{\"date\":\"2019-06-01\",\"odds\":[{\"book\":\"sbro\"}]}",
	    0, T_0601_0000);
	snap_at("other tag", "{\"date\":\"2019-06-01\",\"odds\":[{\"tag\":\"mid\"}]}",
	    0, T_0601_0000);
	snap_at("t null is tagless", "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":null,\"tag\":\"open\"}]}",
	    0, T_0601_0000);
	snap_at("tagless close with start",
	    "{\"date\":\"2019-06-01\",\"start\":\"2019-06-01T23:05:00Z\",\"odds\":[{\"tag\":\"close\"}]}",
	    0, T_0601_2305);
	snap_at("tagless close without start",
	    "{\"date\":\"2019-06-01\",\"odds\":[{\"tag\":\"close\"}]}", 0, T_0601_2359);
	snap_at("tagless close, start null",
	    "{\"date\":\"2019-06-01\",\"start\":null,\"odds\":[{\"tag\":\"close\"}]}", 0, T_0601_2359);
	snap_at("tagless close on the last day of a year",
	    "{\"date\":\"2019-12-31\",\"odds\":[{\"tag\":\"close\"}]}", 0, INT64_C(1577836799));
	snap_at("tagless open on a leap day",
	    "{\"date\":\"2020-02-29\",\"odds\":[{\"tag\":\"open\"}]}", 0, INT64_C(1582934400));

	/* Malformed times: -1. */
	snap_at("t without zone", "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":\"2019-06-01T22:00:00\"}]}",
	    -1, 0);
	snap_at("t a date", "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":\"2019-06-01\"}]}", -1, 0);
	snap_at("t a number", "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":1559426400}]}", -1, 0);
	snap_at("t empty", "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":\"\"}]}", -1, 0);
	snap_at("t on 2019-02-29", "{\"date\":\"2019-06-01\",\"odds\":[{\"t\":\"2019-02-29T00:00:00Z\"}]}",
	    -1, 0);
	snap_at("tagless, no date", "{\"odds\":[{\"tag\":\"open\"}]}", -1, 0);
	snap_at("tagless, bad date", "{\"date\":\"2019-6-1\",\"odds\":[{\"tag\":\"open\"}]}", -1, 0);
	snap_at("tagless, date a number", "{\"date\":20190601,\"odds\":[{\"tag\":\"open\"}]}", -1, 0);
	snap_at("tagless close, bad start",
	    "{\"date\":\"2019-06-01\",\"start\":\"23:05\",\"odds\":[{\"tag\":\"close\"}]}", -1, 0);
	snap_at("tagless close, no date",
	    "{\"start\":\"2019-06-01T23:05:00Z\",\"odds\":[{\"tag\":\"close\"}]}", -1, 0);
	/* A bad start does not matter to an open snapshot. */
	snap_at("tagless open, bad start",
	    "{\"date\":\"2019-06-01\",\"start\":\"23:05\",\"odds\":[{\"tag\":\"open\"}]}",
	    0, T_0601_0000);

	/* The same rules for splits snapshots, all in one game. */
	g = parse("{\"date\":\"2019-06-01\",\"start\":\"2019-06-01T23:05:00Z\",\"splits\":["
	    "{\"t\":\"2019-06-01T20:00:00Z\"},{\"tag\":\"open\"},{\"tag\":\"close\"},{}]}");
	{
		static const int64_t want[] = { T_0601_2000, T_0601_0000, T_0601_2305, T_0601_0000 };

		n = 0;
		for (i = 0, s = rt_json_first(rt_json_get(g, "splits")); s != NULL;
		    s = rt_json_next(s), i++) {
			at = 0;
			if (rt_game_snapshot_known(g, s, &at) == 0 && i < 4 && at == want[i])
				n++;
		}
		CHECK_INT(n, 4, "splits snapshots: the same four rules");
	}
	rt_arena_reset(&arena);
}

static void
test_results(void)
{
	result_at("with final_at",
	    "{\"date\":\"2019-06-01\",\"result\":{\"home_score\":5,\"away_score\":3,"
	    "\"final_at\":\"2019-06-02T02:11:00Z\"}}", 0, T_0602_0211);
	result_at("with final_at and an offset",
	    "{\"date\":\"2019-06-01\",\"result\":{\"final_at\":\"2019-06-01T22:11:00-04:00\"}}",
	    0, T_0602_0211);
	result_at("with final_at and no date",
	    "{\"result\":{\"final_at\":\"2019-06-02T02:11:00Z\"}}", 0, T_0602_0211);
	result_at("without final_at: noon the day after",
	    "{\"date\":\"2019-06-01\",\"result\":{\"home_score\":5,\"away_score\":3}}",
	    0, T_0602_1200);
	result_at("final_at null: noon the day after",
	    "{\"date\":\"2019-06-01\",\"result\":{\"final_at\":null}}", 0, T_0602_1200);
	result_at("without final_at, end of month",
	    "{\"date\":\"2019-06-30\",\"result\":{}}", 0, INT64_C(1561982400));	/* 2019-07-01T12:00:00Z */
	result_at("without final_at, end of year",
	    "{\"date\":\"2019-12-31\",\"result\":{}}", 0, INT64_C(1577880000));	/* 2020-01-01T12:00:00Z */
	result_at("without final_at, 28 February of a leap year",
	    "{\"date\":\"2020-02-28\",\"result\":{}}", 0, INT64_C(1582977600));	/* 2020-02-29T12:00:00Z */
	result_at("no result", "{\"date\":\"2019-06-01\"}", 0, INT64_MAX);
	result_at("result null", "{\"date\":\"2019-06-01\",\"result\":null}", 0, INT64_MAX);
	result_at("no result, no date", "{}", 0, INT64_MAX);

	result_at("final_at malformed",
	    "{\"date\":\"2019-06-01\",\"result\":{\"final_at\":\"2019-06-02 02:11\"}}", -1, 0);
	result_at("final_at a number",
	    "{\"date\":\"2019-06-01\",\"result\":{\"final_at\":0}}", -1, 0);
	result_at("without final_at, bad date",
	    "{\"date\":\"2019-06-31\",\"result\":{}}", -1, 0);
	result_at("without final_at, no date", "{\"result\":{}}", -1, 0);
}

/* The game as known at now, as text; rc and why through the pointers. */
static char *
known(const struct rt_json *g, int64_t now, int *rc, const char **why)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_jw w;

	*why = NULL;
	rt_jw_init(&w, &b);
	*rc = rt_game_write_known(&w, g, now, why);
	if (b.p == NULL)
		return rt_xstrdup("");
	return b.p;
}

static void
known_is(const struct rt_json *g, const char *label, int64_t now, const char *want)
{
	char what[200];
	const char *why;
	char *got;
	int rc;

	got = known(g, now, &rc, &why);
	snprintf(what, sizeof what, "write_known %s: returns 0", label);
	CHECK_INT(rc, 0, what);
	snprintf(what, sizeof what, "write_known %s: the record", label);
	CHECK_STR(got, want, what);
	free(got);
}

#define SA "{\"t\":\"2019-05-31T14:00:00Z\",\"book\":\"p\",\"home_ml\":-150,\"total\":8.5}"
#define SB "{\"book\":\"sbro\",\"tag\":\"open\",\"home_ml\":-140}"
#define SC "{\"book\":\"sbro\",\"tag\":\"close\",\"home_ml\":-160}"
#define SD "{\"t\":\"2019-06-01T22:00:00Z\",\"book\":\"p\",\"home_ml\":-155}"
#define P1 "{\"t\":\"2019-06-01T20:00:00Z\",\"book\":\"dk\",\"home_bets_pct\":62}"
#define P2 "{\"t\":\"2019-06-01T23:00:00Z\",\"book\":\"dk\",\"home_bets_pct\":64}"
#define RS "{\"home_score\":5,\"away_score\":3,\"final_at\":\"2019-06-02T02:11:00Z\"}"
#define HEAD "{\"kind\":\"game\",\"game_id\":\"g1\",\"date\":\"2019-06-01\"," \
	"\"start\":\"2019-06-01T23:05:00Z\","
#define TAIL "\"note\":{\"a\":[1,2.5,null,true,\"q\\\"s\"],\"b\":{}}}"

static void
test_write_known(void)
{
	const struct rt_json *g;
	const char *why;
	char *got;
	int rc;

	/* Members in a mixed order: it must be kept. */
	g = parse(HEAD "\"odds\":[" SA "," SB "," SC "," SD "],\"home\":\"BOS\","
	    "\"splits\":[" P1 "," P2 "],\"result\":" RS "," TAIL);
	known_is(g, "a second before the first snapshot", T_0531_1400 - 1,
	    HEAD "\"odds\":[],\"home\":\"BOS\",\"splits\":[]," TAIL);
	known_is(g, "at the first snapshot's t", T_0531_1400,
	    HEAD "\"odds\":[" SA "],\"home\":\"BOS\",\"splits\":[]," TAIL);
	known_is(g, "a second before the date", T_0601_0000 - 1,
	    HEAD "\"odds\":[" SA "],\"home\":\"BOS\",\"splits\":[]," TAIL);
	known_is(g, "at 00:00Z of the date", T_0601_0000,
	    HEAD "\"odds\":[" SA "," SB "],\"home\":\"BOS\",\"splits\":[]," TAIL);
	known_is(g, "at the first split", T_0601_2000,
	    HEAD "\"odds\":[" SA "," SB "],\"home\":\"BOS\",\"splits\":[" P1 "]," TAIL);
	known_is(g, "at 22:00", T_0601_2200,
	    HEAD "\"odds\":[" SA "," SB "," SD "],\"home\":\"BOS\",\"splits\":[" P1 "]," TAIL);
	known_is(g, "a second before the start", T_0601_2305 - 1,
	    HEAD "\"odds\":[" SA "," SB "," SD "],\"home\":\"BOS\",\"splits\":[" P1 "," P2 "]," TAIL);
	known_is(g, "at the start (the close, in array order)", T_0601_2305,
	    HEAD "\"odds\":[" SA "," SB "," SC "," SD "],\"home\":\"BOS\",\"splits\":[" P1 "," P2 "]," TAIL);
	known_is(g, "a second before final_at", T_0602_0211 - 1,
	    HEAD "\"odds\":[" SA "," SB "," SC "," SD "],\"home\":\"BOS\",\"splits\":[" P1 "," P2 "]," TAIL);
	known_is(g, "at final_at", T_0602_0211,
	    HEAD "\"odds\":[" SA "," SB "," SC "," SD "],\"home\":\"BOS\",\"splits\":[" P1 "," P2 "],"
	    "\"result\":" RS "," TAIL);
	known_is(g, "at INT64_MAX", INT64_MAX,
	    HEAD "\"odds\":[" SA "," SB "," SC "," SD "],\"home\":\"BOS\",\"splits\":[" P1 "," P2 "],"
	    "\"result\":" RS "," TAIL);
	known_is(g, "long before", INT64_C(0),
	    HEAD "\"odds\":[],\"home\":\"BOS\",\"splits\":[]," TAIL);
	rt_arena_reset(&arena);

	/* No start: the close is known at 23:59:59Z; no final_at: noon next day. */
	g = parse("{\"date\":\"2019-06-01\",\"odds\":[" SC "],\"result\":{\"home_score\":1,\"away_score\":0}}");
	known_is(g, "tagless close without start, before", T_0601_2359 - 1,
	    "{\"date\":\"2019-06-01\",\"odds\":[]}");
	known_is(g, "tagless close without start, at 23:59:59Z", T_0601_2359,
	    "{\"date\":\"2019-06-01\",\"odds\":[" SC "]}");
	known_is(g, "result without final_at, a second before noon", T_0602_1200 - 1,
	    "{\"date\":\"2019-06-01\",\"odds\":[" SC "]}");
	known_is(g, "result without final_at, at noon the day after", T_0602_1200,
	    "{\"date\":\"2019-06-01\",\"odds\":[" SC "],\"result\":{\"home_score\":1,\"away_score\":0}}");
	rt_arena_reset(&arena);

	/* odds and splits that are not arrays are copied as they are. */
	g = parse("{\"date\":\"2019-06-01\",\"odds\":null,\"splits\":{\"t\":\"x\"},\"z\":[]}");
	known_is(g, "odds and splits not arrays", INT64_C(0),
	    "{\"date\":\"2019-06-01\",\"odds\":null,\"splits\":{\"t\":\"x\"},\"z\":[]}");
	rt_arena_reset(&arena);

	/* Nothing but copied members. */
	g = parse("{}");
	known_is(g, "an empty object", T_0601_0000, "{}");
	rt_arena_reset(&arena);

	/* Malformed times: -1 with the reason, whatever now is. */
	g = parse("{\"date\":\"2019-06-01\",\"odds\":[" SA ",{\"t\":\"yesterday\"}]}");
	got = known(g, INT64_MAX, &rc, &why);
	CHECK_INT(rc, -1, "write_known: a malformed snapshot t is refused");
	CHECK_STR(why, "snapshot with a malformed time", "write_known: its reason");
	free(got);
	got = known(g, INT64_C(0), &rc, &why);
	CHECK_INT(rc, -1, "write_known: refused at time 0 as well");
	free(got);
	rt_arena_reset(&arena);

	g = parse("{\"date\":\"2019-06-01\",\"splits\":[{\"tag\":\"close\"}],\"start\":\"soon\"}");
	got = known(g, INT64_MAX, &rc, &why);
	CHECK_INT(rc, -1, "write_known: a tagless close split with a bad start is refused");
	CHECK_STR(why, "snapshot with a malformed time", "write_known: its reason (split)");
	free(got);
	rt_arena_reset(&arena);

	g = parse("{\"date\":\"2019-06-01\",\"odds\":[],\"result\":{\"final_at\":\"late\"}}");
	got = known(g, INT64_MAX, &rc, &why);
	CHECK_INT(rc, -1, "write_known: a malformed final_at is refused");
	CHECK_STR(why, "result with a malformed final_at", "write_known: its reason (result)");
	free(got);
	rt_arena_reset(&arena);

	g = parse("{\"odds\":[],\"result\":{\"home_score\":1}}");
	got = known(g, INT64_MAX, &rc, &why);
	CHECK_INT(rc, -1, "write_known: a result without final_at nor date is refused");
	CHECK_STR(why, "result with a malformed final_at", "write_known: its reason (no date)");
	free(got);
	rt_arena_reset(&arena);
}

int
main(int argc, char **argv)
{
	(void)argc;
	rt_err_init(argv[0]);
	rt_arena_init(&arena);
	test_snapshots();
	test_results();
	test_write_known();
	rt_arena_release(&arena);
	return rt_test_done();
}
