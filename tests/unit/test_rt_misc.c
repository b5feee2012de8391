/*
 * test_rt_misc: the small modules: growable buffers (lib/rt_buf.c), the
 * contract's record kinds (lib/rt_kind.c) and the MLB team table with its
 * aliases (lib/rt_teams.c).
 *
 * rt_buf_addf() is checked where its two paths meet: output that fits the
 * room left (after growing by 64) and output that does not, one byte on
 * either side of the boundary, against snprintf(3) into a plain array.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_assign.h"
#include "rt_buf.h"
#include "rt_err.h"
#include "rt_json.h"
#include "rt_kind.h"
#include "rt_teams.h"
#include "rt_test.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- rt_buf ----------------------------------------------------------- */

/* b holds exactly want (n bytes) and a NUL after them. */
static void
buf_is(const struct rt_buf *b, const char *want, size_t n, const char *what)
{
	int ok = b->len == n && b->p != NULL && memcmp(b->p, want, n) == 0 &&
	    b->p[n] == '\0' && b->cap > n;

	CHECK(ok, what);
	if (!ok)
		printf("#   len %zu (want %zu), cap %zu\n", b->len, n, b->cap);
}

static void
test_buf_basics(void)
{
	struct rt_buf b = RT_BUF_INIT, c;
	const char *p;
	size_t cap;
	int i, ok;

	CHECK_STR(rt_buf_str(&b), "", "buf: RT_BUF_INIT reads as \"\"");
	CHECK(b.p == NULL && b.len == 0 && b.cap == 0, "buf: RT_BUF_INIT holds nothing");
	memset(&c, 0x5a, sizeof c);
	rt_buf_init(&c);
	CHECK(c.p == NULL && c.len == 0 && c.cap == 0, "buf: rt_buf_init empties");
	CHECK_STR(rt_buf_str(&c), "", "buf: an initialised buffer reads as \"\"");
	rt_buf_reset(&c);
	CHECK_STR(rt_buf_str(&c), "", "buf: reset of a never-used buffer");
	CHECK(c.p == NULL, "buf: reset of a never-used buffer allocates nothing");
	rt_buf_release(&c);
	CHECK(c.p == NULL && c.len == 0 && c.cap == 0, "buf: release of a never-used buffer");

	rt_buf_add(&b, "abc", 3);
	buf_is(&b, "abc", 3, "buf: add 3 bytes");
	CHECK_STR(rt_buf_str(&b), "abc", "buf: rt_buf_str is the bytes");
	CHECK(rt_buf_str(&b) == b.p, "buf: rt_buf_str borrows the buffer");
	rt_buf_add(&b, "", 0);
	buf_is(&b, "abc", 3, "buf: add 0 bytes changes nothing");
	rt_buf_add(&b, "d\0e", 3);
	buf_is(&b, "abcd\0e", 6, "buf: add keeps a NUL byte in the middle");
	rt_buf_addc(&b, 'f');
	buf_is(&b, "abcd\0ef", 7, "buf: addc");
	rt_buf_addc(&b, '\0');
	buf_is(&b, "abcd\0ef\0", 8, "buf: addc of a NUL byte counts it");
	rt_buf_adds(&b, "gh");
	buf_is(&b, "abcd\0ef\0gh", 10, "buf: adds");
	rt_buf_adds(&b, "");
	buf_is(&b, "abcd\0ef\0gh", 10, "buf: adds of \"\"");

	/* reset: empty again, the same memory. */
	p = b.p;
	cap = b.cap;
	rt_buf_reset(&b);
	CHECK_INT(b.len, 0, "buf: reset sets len 0");
	CHECK_STR(rt_buf_str(&b), "", "buf: reset reads as \"\"");
	CHECK(b.p == p && b.cap == cap, "buf: reset keeps the memory");
	rt_buf_adds(&b, "xyz");
	buf_is(&b, "xyz", 3, "buf: add after reset");
	CHECK(b.p == p, "buf: add after reset uses the kept memory");

	/* release: nothing held, usable again. */
	rt_buf_release(&b);
	CHECK(b.p == NULL && b.len == 0 && b.cap == 0, "buf: release frees and empties");
	CHECK_STR(rt_buf_str(&b), "", "buf: a released buffer reads as \"\"");
	rt_buf_addc(&b, 'q');
	buf_is(&b, "q", 1, "buf: addc after release");
	rt_buf_release(&b);

	/* addc alone, far past the first capacity. */
	for (i = 0; i < 5000; i++)
		rt_buf_addc(&b, (char)('a' + i % 26));
	ok = b.len == 5000 && b.p[5000] == '\0' && b.cap > 5000;
	for (i = 0; ok && i < 5000; i++)
		ok = b.p[i] == (char)('a' + i % 26);
	CHECK(ok, "buf: 5000 addc, through several growths");
	rt_buf_release(&b);

	/* add of a large block into an empty buffer, then another. */
	{
		char big[10000];

		for (i = 0; i < (int)sizeof big; i++)
			big[i] = (char)(' ' + i % 90);
		rt_buf_add(&b, big, sizeof big);
		ok = b.len == sizeof big && memcmp(b.p, big, sizeof big) == 0 &&
		    b.p[sizeof big] == '\0';
		CHECK(ok, "buf: add of 10000 bytes at once");
		rt_buf_add(&b, big, sizeof big);
		ok = b.len == 2 * sizeof big && memcmp(b.p + sizeof big, big, sizeof big) == 0 &&
		    b.p[2 * sizeof big] == '\0';
		CHECK(ok, "buf: and 10000 more");
		rt_buf_release(&b);
	}

	/* grow: room for that many more bytes and the NUL. */
	rt_buf_adds(&b, "12345");
	rt_buf_grow(&b, 1000);
	CHECK(b.cap >= 5 + 1000 + 1, "buf: grow makes room for the bytes and the NUL");
	buf_is(&b, "12345", 5, "buf: grow keeps the contents");
	p = b.p;
	cap = b.cap;
	rt_buf_grow(&b, 10);
	CHECK(b.p == p && b.cap == cap, "buf: grow within the room does nothing");
	rt_buf_release(&b);
}

static void
test_buf_addf(void)
{
	struct rt_buf b = RT_BUF_INIT;
	char want[4096], fill[3000];
	size_t room, n;
	int i;

	rt_buf_addf(&b, "%d-%s-%c", 42, "x", 'y');
	buf_is(&b, "42-x-y", 6, "addf: a short format");
	rt_buf_addf(&b, "%s", "");
	buf_is(&b, "42-x-y", 6, "addf: empty output");
	rt_buf_addf(&b, "|%5.2f|%-4s|%%", 3.14159, "ab");
	buf_is(&b, "42-x-y| 3.14|ab  |%", 19, "addf: appends");
	rt_buf_release(&b);

	/* Longer than 64 into a fresh buffer. */
	memset(fill, 'z', sizeof fill);
	fill[100] = '\0';
	rt_buf_addf(&b, "<%s>", fill);
	snprintf(want, sizeof want, "<%s>", fill);
	buf_is(&b, want, 102, "addf: 102 bytes into an empty buffer");
	rt_buf_release(&b);

	/* Longer than the capacity of a fresh buffer. */
	memset(fill, 'k', sizeof fill);
	fill[2999] = '\0';
	rt_buf_addf(&b, "%s%d", fill, 7);
	snprintf(want, sizeof want, "%s%d", fill, 7);
	buf_is(&b, want, 3000, "addf: 3000 bytes into an empty buffer");
	rt_buf_release(&b);

	/* Longer than the room left in a used buffer. */
	rt_buf_adds(&b, "head:");
	memset(fill, 'm', sizeof fill);
	fill[700] = '\0';
	rt_buf_addf(&b, "[%s]", fill);
	snprintf(want, sizeof want, "head:[%s]", fill);
	buf_is(&b, want, 5 + 702, "addf: 702 bytes after 5, past the capacity");
	rt_buf_release(&b);

	/*
	 * Each side of the boundary: after rt_buf_grow(64) the room is
	 * cap - len, and output of room - 1 bytes fits (with its NUL) while
	 * output of room bytes takes the second vsnprintf.
	 */
	for (i = -3; i <= 3; i++) {
		char what[120];

		rt_buf_adds(&b, "0123456789");
		rt_buf_grow(&b, 64);
		room = b.cap - b.len;
		n = (size_t)((long)room + i);
		if (n >= sizeof fill)
			n = sizeof fill - 1;
		memset(fill, 'a' + (i + 3), n);
		fill[n] = '\0';
		rt_buf_addf(&b, "%s", fill);
		snprintf(want, sizeof want, "0123456789%s", fill);
		snprintf(what, sizeof what, "addf: output of room%+d bytes", i);
		buf_is(&b, want, 10 + n, what);
		rt_buf_release(&b);
	}

	/* Many small ones, growing as they go. */
	for (i = 0; i < 1000; i++)
		rt_buf_addf(&b, "%03d,", i);
	{
		struct rt_buf c = RT_BUF_INIT;
		char item[16];

		for (i = 0; i < 1000; i++) {
			snprintf(item, sizeof item, "%03d,", i);
			rt_buf_add(&c, item, 4);
		}
		CHECK(b.len == 4000 && c.len == 4000 && memcmp(b.p, c.p, 4000) == 0 &&
		    b.p[4000] == '\0', "addf: 1000 appends of 4 bytes");
		rt_buf_release(&c);
	}
	rt_buf_release(&b);
}

static void
test_xalloc(void)
{
	char *s, *t, *u;
	int *z;
	size_t i;
	int ok;

	s = rt_xstrdup("hello, world");
	CHECK_STR(s, "hello, world", "xstrdup: the same text");
	t = rt_xstrdup(s);
	CHECK(t != s, "xstrdup: a new copy");
	s[0] = 'j';
	CHECK_STR(t, "hello, world", "xstrdup: independent of the original");
	free(s);
	free(t);
	s = rt_xstrdup("");
	CHECK(s != NULL && s[0] == '\0', "xstrdup: the empty string");
	free(s);

	u = rt_xmalloc(0);
	CHECK(u != NULL, "xmalloc(0) is not NULL");
	free(u);
	z = rt_xcalloc(100, sizeof *z);
	for (ok = 1, i = 0; i < 100; i++)
		ok &= z[i] == 0;
	CHECK(ok, "xcalloc zeroes");
	for (i = 0; i < 100; i++)
		z[i] = (int)i;
	z = rt_xrealloc(z, 1000 * sizeof *z);
	for (ok = 1, i = 0; i < 100; i++)
		ok &= z[i] == (int)i;
	CHECK(ok, "xrealloc keeps the contents");
	free(z);
	z = rt_xcalloc(0, 0);
	CHECK(z != NULL, "xcalloc(0, 0) is not NULL");
	free(z);
}

/* ---- rt_kind ---------------------------------------------------------- */

static void
test_kind(void)
{
	static const char *const names[] = {
		"game", "bet", "metric", "market", "trigger", "alert", "schedule",
		"job", "param", "trial", "model", "verdict", "rollout", "assignment"
	};
	static const char *const bad[] = {
		"", "Game", "GAME", "games", "gam", "game ", " game", "kind",
		"bets", "assignments", "?", "unknown"
	};
	enum rt_kind k;
	unsigned bits, all = RT_KIND_ALL;
	size_t i;
	int n, ok;

	CHECK_INT(RT_KIND_COUNT, 14, "kind: 14 kinds");
	CHECK_INT(NELEM(names), RT_KIND_COUNT, "kind: the test lists them all");
	for (i = 0; i < NELEM(names); i++) {
		char what[80];

		k = RT_KIND_COUNT;
		snprintf(what, sizeof what, "kind: '%s' parses", names[i]);
		CHECK(rt_kind_parse(names[i], &k) == 0, what);
		snprintf(what, sizeof what, "kind: '%s' is number %zu", names[i], i);
		CHECK_INT(k, i, what);
		snprintf(what, sizeof what, "kind: number %zu is named '%s'", i, names[i]);
		CHECK_STR(rt_kind_name((enum rt_kind)i), names[i], what);
		snprintf(what, sizeof what, "kind: '%s' round-trips", names[i]);
		CHECK(rt_kind_parse(rt_kind_name(k), &k) == 0 && k == (enum rt_kind)i, what);
	}
	CHECK_INT(RT_KIND_GAME, 0, "kind: game is 0");
	CHECK_INT(RT_KIND_ASSIGNMENT, 13, "kind: assignment is 13");
	for (i = 0; i < NELEM(bad); i++) {
		char what[80];

		k = RT_KIND_JOB;
		snprintf(what, sizeof what, "kind: '%s' refused", bad[i]);
		CHECK(rt_kind_parse(bad[i], &k) == -1, what);
		snprintf(what, sizeof what, "kind: '%s' leaves the kind alone", bad[i]);
		CHECK_INT(k, RT_KIND_JOB, what);
	}
	CHECK_STR(rt_kind_name(RT_KIND_COUNT), "?", "kind: name of RT_KIND_COUNT is ?");
	CHECK_STR(rt_kind_name((enum rt_kind)99), "?", "kind: name of 99 is ?");
	CHECK_STR(rt_kind_name((enum rt_kind)-1), "?", "kind: name of -1 is ?");

	for (n = 0, bits = all; bits != 0; bits &= bits - 1)
		n++;
	CHECK_INT(n, 14, "kind: RT_KIND_ALL has 14 bits");
	CHECK_INT(all, 0x3fff, "kind: RT_KIND_ALL is the low 14 bits");
	for (ok = 1, i = 0; i < RT_KIND_COUNT; i++)
		ok &= (all & RT_KIND_BIT(i)) != 0;
	CHECK(ok, "kind: RT_KIND_ALL has every kind's bit");
	CHECK_INT(RT_KIND_BIT(RT_KIND_BET) | RT_KIND_BIT(RT_KIND_GAME), 3, "kind: bits of game and bet");
}

/* ---- rt_teams --------------------------------------------------------- */

static const char *
canon(const char *s)
{
	return rt_team_canonical(s, strlen(s));
}

static void
test_teams(void)
{
	static const char *const codes[RT_NTEAMS] = {
		"ARI", "ATL", "BAL", "BOS", "CHC", "CWS", "CIN", "CLE", "COL", "DET",
		"HOU", "KC", "LAA", "LAD", "MIA", "MIL", "MIN", "NYM", "NYY", "OAK",
		"PHI", "PIT", "SD", "SEA", "SF", "STL", "TB", "TEX", "TOR", "WSH"
	};
	static const char *const aliases[][2] = {
		{ "ANA", "LAA" }, { "BRS", "BOS" }, { "CHW", "CWS" }, { "CUB", "CHC" },
		{ "FLA", "MIA" }, { "KAN", "KC" }, { "KCR", "KC" }, { "LOS", "LAD" },
		{ "SDG", "SD" }, { "SDP", "SD" }, { "SFG", "SF" }, { "SFO", "SF" },
		{ "TAM", "TB" }, { "TBR", "TB" }, { "WAS", "WSH" }, { "WSN", "WSH" },
		{ "ATH", "OAK" }, { "AZ", "ARI" }
	};
	static const char *const unknown[] = {
		"", "XYZ", "nyy", "Nyy", "N", "NY", "NYYY", "CHI", "LA", "NYA",
		"CUBS", "K", "S", "ARI ", " ARI", "WSH."
	};
	static const char *const divs[] = { "East", "Central", "West" };
	size_t i, j, nal, n;
	int al, nl, ok, per[2][3];
	const char *c;

	CHECK_INT(RT_NTEAMS, 30, "teams: 30 teams");
	for (i = 0; i < RT_NTEAMS; i++) {
		char what[80];

		snprintf(what, sizeof what, "teams: %s is team %zu", codes[i], i);
		CHECK_STR(rt_teams[i].code, codes[i], what);
		c = canon(codes[i]);
		snprintf(what, sizeof what, "teams: %s is canonical for itself", codes[i]);
		CHECK_STR(c, codes[i], what);
		snprintf(what, sizeof what, "teams: %s gives the table's own string", codes[i]);
		CHECK(c == rt_teams[i].code, what);
		snprintf(what, sizeof what, "teams: index of %s is %zu", codes[i], i);
		CHECK_INT(rt_team_index(codes[i]), i, what);
	}
	for (ok = 1, i = 0; i < RT_NTEAMS; i++)
		for (j = i + 1; j < RT_NTEAMS; j++)
			ok &= strcmp(rt_teams[i].code, rt_teams[j].code) != 0;
	CHECK(ok, "teams: the codes are distinct");
	for (ok = 1, i = 0; i < RT_NTEAMS; i++)
		ok &= rt_teams[i].name != NULL && rt_teams[i].name[0] != '\0';
	CHECK(ok, "teams: every team has a name");

	for (i = 0; i < NELEM(aliases); i++) {
		char what[80];

		snprintf(what, sizeof what, "teams: alias %s is %s", aliases[i][0], aliases[i][1]);
		CHECK_STR(canon(aliases[i][0]), aliases[i][1], what);
		snprintf(what, sizeof what, "teams: alias %s is no canonical code", aliases[i][0]);
		CHECK_INT(rt_team_index(aliases[i][0]), -1, what);
	}
	/* The exported list: pairs, NULL-terminated, each alias to a canonical code. */
	for (n = 0; rt_team_aliases[n] != NULL; n++)
		;
	CHECK_INT(n % 2, 0, "teams: rt_team_aliases holds pairs");
	CHECK_INT(n / 2, NELEM(aliases), "teams: rt_team_aliases holds the 18 aliases tested");
	for (ok = 1, i = 0; i + 1 < n; i += 2) {
		const char *a = rt_team_aliases[i], *to = rt_team_aliases[i + 1];

		if (rt_team_index(to) < 0 || rt_team_index(a) >= 0 ||
		    canon(a) == NULL || strcmp(canon(a), to) != 0) {
			printf("#   alias %s -> %s\n", a, to);
			ok = 0;
		}
	}
	CHECK(ok, "teams: every listed alias maps to its canonical code");

	for (i = 0; i < NELEM(unknown); i++) {
		char what[80];

		snprintf(what, sizeof what, "teams: '%s' is unknown", unknown[i]);
		CHECK(canon(unknown[i]) == NULL, what);
	}
	CHECK(rt_team_canonical("NYY", 0) == NULL, "teams: 0 bytes is unknown");

	/* n bytes, not up to a NUL. */
	CHECK_STR(rt_team_canonical("NYYX", 3), "NYY", "teams: 'NYYX' with n=3 is NYY");
	CHECK(rt_team_canonical("NYYX", 4) == NULL, "teams: 'NYYX' with n=4 is unknown");
	CHECK(rt_team_canonical("NY", 2) == NULL, "teams: 'NY' is unknown");
	CHECK_STR(rt_team_canonical("SDG", 2), "SD", "teams: 'SDG' with n=2 is SD");
	CHECK_STR(rt_team_canonical("KANSAS", 3), "KC", "teams: 'KANSAS' with n=3 is KAN, KC");
	CHECK_STR(rt_team_canonical("SFO,5,902", 3), "SF", "teams: a field in a CSV row");
	CHECK_STR(rt_team_canonical("AZX", 2), "ARI", "teams: 'AZX' with n=2 is AZ, ARI");
	CHECK_STR(rt_team_canonical("KC\0X", 2), "KC", "teams: 'KC' before a NUL");

	CHECK_INT(rt_team_index("KAN"), -1, "teams: index of an alias is -1");
	CHECK_INT(rt_team_index(""), -1, "teams: index of \"\" is -1");
	CHECK_INT(rt_team_index("kc"), -1, "teams: index is case-sensitive");
	CHECK_INT(rt_team_index("WSH"), 29, "teams: WSH is the last");

	/* Leagues and divisions. */
	memset(per, 0, sizeof per);
	al = nl = 0;
	ok = 1;
	for (i = 0; i < RT_NTEAMS; i++) {
		int lg = -1, dv = -1;

		if (strcmp(rt_teams[i].league, "AL") == 0)
			lg = 0, al++;
		else if (strcmp(rt_teams[i].league, "NL") == 0)
			lg = 1, nl++;
		for (j = 0; j < NELEM(divs); j++)
			if (strcmp(rt_teams[i].division, divs[j]) == 0)
				dv = (int)j;
		if (lg < 0 || dv < 0) {
			printf("#   %s: league %s, division %s\n", rt_teams[i].code,
			    rt_teams[i].league, rt_teams[i].division);
			ok = 0;
			continue;
		}
		per[lg][dv]++;
	}
	CHECK(ok, "teams: every team is AL or NL, East, Central or West");
	CHECK_INT(al, 15, "teams: 15 AL teams");
	CHECK_INT(nl, 15, "teams: 15 NL teams");
	for (nal = 0; nal < 2; nal++)
		for (j = 0; j < 3; j++) {
			char what[80];

			snprintf(what, sizeof what, "teams: 5 in the %s %s", nal ? "NL" : "AL", divs[j]);
			CHECK_INT(per[nal][j], 5, what);
		}
	/* A few known facts. */
	CHECK(strcmp(rt_teams[rt_team_index("NYY")].league, "AL") == 0 &&
	    strcmp(rt_teams[rt_team_index("NYY")].division, "East") == 0, "teams: NYY AL East");
	CHECK(strcmp(rt_teams[rt_team_index("CHC")].league, "NL") == 0 &&
	    strcmp(rt_teams[rt_team_index("CHC")].division, "Central") == 0, "teams: CHC NL Central");
	CHECK(strcmp(rt_teams[rt_team_index("HOU")].league, "AL") == 0 &&
	    strcmp(rt_teams[rt_team_index("HOU")].division, "West") == 0, "teams: HOU AL West");
	CHECK(strcmp(rt_teams[rt_team_index("MIL")].league, "NL") == 0 &&
	    strcmp(rt_teams[rt_team_index("MIL")].division, "Central") == 0, "teams: MIL NL Central");
}

/* Assignment records: read, checked, the last of a strategy's game wins. */
static void
test_assign(void)
{
	static const char *const recs[] = {
		"{\"kind\":\"assignment\",\"game_id\":\"g2\",\"strategy\":\"s\",\"version\":\"s@1\",\"arm\":\"baseline\"}",
		"{\"kind\":\"assignment\",\"game_id\":\"g1\",\"strategy\":\"s\",\"version\":\"s@2\",\"arm\":\"candidate\",\"rollout_id\":\"r\",\"traffic_pct\":25,\"at\":\"2019-05-01T12:00:00Z\"}",
		"{\"kind\":\"assignment\",\"game_id\":\"g1\",\"strategy\":\"t\",\"version\":\"t@1\",\"arm\":\"baseline\"}",
		"{\"kind\":\"assignment\",\"game_id\":\"g2\",\"strategy\":\"s\",\"version\":\"s@2\",\"arm\":\"candidate\"}",
	};
	static const char *const bad[] = {
		"{\"kind\":\"assignment\",\"game_id\":\"g\",\"strategy\":\"s\",\"arm\":\"baseline\"}",
		"{\"kind\":\"assignment\",\"game_id\":\"g\",\"strategy\":\"s\",\"version\":\"v\",\"arm\":\"shadow\"}",
		"{\"kind\":\"assignment\",\"game_id\":\"g\",\"strategy\":\"s\",\"version\":\"v\",\"arm\":\"baseline\",\"at\":\"2019-05-01\"}",
	};
	struct rt_assigns a, only;
	struct rt_buf err = RT_BUF_INIT;
	const struct rt_assign *x;
	size_t i;
	int ok = 1;

	rt_json_init();
	rt_assigns_init(&a);
	rt_assigns_init(&only);
	for (i = 0; i < sizeof recs / sizeof *recs; i++) {
		struct rt_json *j = rt_json_parse(NULL, recs[i], strlen(recs[i]), NULL, NULL);

		ok &= rt_assigns_add(&a, j, NULL, &err) == 0;
		ok &= rt_assigns_add(&only, j, "s", &err) == 0;
		rt_json_free(j);
	}
	CHECK(ok && a.n == 4 && only.n == 3, "assign: all read; a strategy's only when asked");
	x = rt_assigns_find(&a, "s", "g2");
	CHECK(x != NULL && x->cand && strcmp(x->version, "s@2") == 0, "assign: the last of a game wins");
	x = rt_assigns_find(&a, "s", "g1");
	CHECK(x != NULL && x->cand && x->pct == 25 && strcmp(x->rollout_id, "r") == 0 &&
	    x->at == 1556712000, "assign: rollout_id, traffic_pct and at read");
	x = rt_assigns_find(&a, "t", "g1");
	CHECK(x != NULL && !x->cand && x->rollout_id == NULL && isnan(x->pct) && x->at == INT64_MIN,
	    "assign: per strategy; absent fields marked");
	CHECK(rt_assigns_find(&a, "s", "g3") == NULL && rt_assigns_find(&a, "u", "g1") == NULL &&
	    rt_assigns_find(&only, "t", "g1") == NULL, "assign: unknown games and strategies");
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct rt_json *j = rt_json_parse(NULL, bad[i], strlen(bad[i]), NULL, NULL);

		rt_buf_reset(&err);
		CHECK(rt_assigns_add(&a, j, NULL, &err) == -1 && err.len > 0,
		    "assign: no version, a bad arm or a bad time is refused");
		rt_json_free(j);
	}
	CHECK(a.n == 4, "assign: nothing of a refused record is kept");
	rt_assigns_release(&a);
	rt_assigns_release(&only);
	rt_buf_release(&err);
}

int
main(int argc, char **argv)
{
	(void)argc;
	rt_err_init(argv[0]);
	test_buf_basics();
	test_buf_addf();
	test_xalloc();
	test_kind();
	test_teams();
	test_assign();
	return rt_test_done();
}
