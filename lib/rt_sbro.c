/* rt_sbro: SBRO odds spreadsheets into games (see rt_sbro.h). */
#include <stdlib.h>
#include <string.h>

#include "rt_sbro.h"
#include "rt_teams.h"
#include "rt_time.h"

#define MAXF 64

struct field {
	const char *p;
	size_t n;
};

/* Doubleheader numbering: how many games of a date, visitor and home so far. */
struct rt_sbro_seen {
	size_t cap, used;
	struct seen_slot {
		char key[24];	/* "YYYYMMDD AWAY HOME" */
		int count;
	} *slot;
};

static unsigned long
hash(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static int
seen_bump(struct rt_sbro_seen *t, const char *key)
{
	size_t i;

	if (t->used * 2 >= t->cap) {
		struct rt_sbro_seen bigger;

		bigger.cap = t->cap ? t->cap * 2 : 1024;
		bigger.used = 0;
		bigger.slot = rt_xcalloc(bigger.cap, sizeof *bigger.slot);
		for (i = 0; i < t->cap; i++)
			if (t->slot[i].count > 0) {
				size_t j = hash(t->slot[i].key) & (bigger.cap - 1);

				while (bigger.slot[j].count > 0)
					j = (j + 1) & (bigger.cap - 1);
				bigger.slot[j] = t->slot[i];
				bigger.used++;
			}
		free(t->slot);
		*t = bigger;
	}
	i = hash(key) & (t->cap - 1);
	while (t->slot[i].count > 0 && strcmp(t->slot[i].key, key) != 0)
		i = (i + 1) & (t->cap - 1);
	if (t->slot[i].count == 0) {
		snprintf(t->slot[i].key, sizeof t->slot[i].key, "%s", key);
		t->used++;
	}
	return ++t->slot[i].count;
}

static void
seen_clear(struct rt_sbro_seen *t)
{
	free(t->slot);
	t->slot = NULL;
	t->cap = t->used = 0;
}

void
rt_sbro_init(struct rt_sbro *s, char *const *paths, size_t npaths,
    const char *reject_path, size_t max_line, long max_price, int year)
{
	memset(s, 0, sizeof *s);
	rt_lines_init(&s->lines, paths, npaths, reject_path, max_line);
	s->max_price = max_price > 0 ? max_price : RT_SBRO_MAX_PRICE;
	s->year_override = year;
	s->seen = rt_xcalloc(1, sizeof *s->seen);
	rt_buf_init(&s->pending_raw);
}

int
rt_sbro_release(struct rt_sbro *s)
{
	seen_clear(s->seen);
	free(s->seen);
	rt_buf_release(&s->pending_raw);
	return rt_lines_release(&s->lines);
}

static size_t
split(const char *line, size_t len, struct field *f)
{
	size_t n = 0, i, start = 0;

	for (i = 0; i <= len && n < MAXF; i++)
		if (i == len || line[i] == ',') {
			f[n].p = line + start;
			f[n].n = i - start;
			n++;
			start = i + 1;
		}
	return n;
}

static int
is(const struct field *f, const char *s)
{
	return f->n == strlen(s) && memcmp(f->p, s, f->n) == 0;
}

static int
missing(const struct field *f)
{
	return f->n == 0 || is(f, "NA") || is(f, "NL");
}

/* A whole number in [lo, hi]; -1 when the text is not one. */
static int
whole(const struct field *f, long lo, long hi, long *out)
{
	size_t i = 0;
	long v = 0;
	int neg = 0;

	if (f->n > 0 && (f->p[0] == '-' || f->p[0] == '+'))
		neg = f->p[i++] == '-';
	if (i >= f->n || f->n - i > 9)
		return -1;
	for (; i < f->n; i++) {
		if (f->p[i] < '0' || f->p[i] > '9')
			return -1;
		v = v * 10 + (f->p[i] - '0');
	}
	v = neg ? -v : v;
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* A decimal like "8.5", "-1.5", "9"; -1 when not one. */
static int
decimal(const struct field *f, double *out)
{
	char tmp[32], *end;
	size_t i;

	if (f->n == 0 || f->n >= sizeof tmp)
		return -1;
	for (i = 0; i < f->n; i++)
		if (!((f->p[i] >= '0' && f->p[i] <= '9') || f->p[i] == '.' ||
		    (i == 0 && (f->p[i] == '-' || f->p[i] == '+'))))
			return -1;
	memcpy(tmp, f->p, f->n);
	tmp[f->n] = '\0';
	*out = strtod(tmp, &end);
	return *end == '\0' ? 0 : -1;
}

static int
price(struct rt_sbro *s, const struct field *f, const char *what, int *have,
    long *out, struct rt_buf *err)
{
	long v;

	*have = 0;
	if (missing(f))
		return 0;
	if (whole(f, -100000000, 100000000, &v) == -1 || (v > -100 && v < 100)) {
		rt_buf_addf(err, "%s %.*s is not an American price", what, (int)f->n, f->p);
		return -1;
	}
	if (labs(v) > s->max_price) {
		rt_buf_addf(err, "%s %.*s is beyond --max-price %ld (a typo?)", what,
		    (int)f->n, f->p, s->max_price);
		return -1;
	}
	*have = 1;
	*out = v;
	return 0;
}

static int
total(const struct field *f, const char *what, int *have, double *out,
    struct rt_buf *err)
{
	*have = 0;
	if (missing(f))
		return 0;
	if (decimal(f, out) == -1 || *out <= 0 || *out > 40) {
		rt_buf_addf(err, "%s %.*s is not a run total", what, (int)f->n, f->p);
		return -1;
	}
	*have = 1;
	return 0;
}

static int
runline(const struct field *f, const char *what, int *have, double *out,
    struct rt_buf *err)
{
	*have = 0;
	if (missing(f))
		return 0;
	if (decimal(f, out) == -1 || *out < -10 || *out > 10) {
		rt_buf_addf(err, "%s %.*s is not a run line", what, (int)f->n, f->p);
		return -1;
	}
	*have = 1;
	return 0;
}

static int
score(const struct field *f, const char *what, int *have, int *out,
    struct rt_buf *err)
{
	long v;

	*have = 0;
	if (missing(f))
		return 0;
	if (whole(f, 0, 99, &v) == -1) {
		rt_buf_addf(err, "%s %.*s is not a score", what, (int)f->n, f->p);
		return -1;
	}
	*have = 1;
	*out = (int)v;
	return 0;
}

static int
team(const struct field *f, const char **out, struct rt_buf *err)
{
	if ((*out = rt_team_canonical(f->p, f->n)) == NULL) {
		rt_buf_addf(err, "unknown team code '%.*s'", (int)f->n, f->p);
		return -1;
	}
	return 0;
}

static void
finish(struct rt_sbro *s, struct rt_sbro_game *g)
{
	char d[RT_DATE_BUFSZ], key[24];

	rt_date_format(g->date, d);
	snprintf(key, sizeof key, "%.10s %s %s", d, g->away, g->home);
	g->number = seen_bump(s->seen, key);
	snprintf(g->game_id, sizeof g->game_id, "%s-%s-%s-%d", d, g->away,
	    g->home, g->number);
}

static int
tidy_row(struct rt_sbro *s, const struct field *f, size_t n,
    struct rt_sbro_game *g, struct rt_buf *err)
{
	long v;
	int hv, ha;
	const char *why;

	if (n != 23) {
		rt_buf_addf(err, "%zu fields, expected 23", n);
		return -1;
	}
	if (whole(&f[0], 1871, 2100, &v) == -1) {
		rt_buf_addf(err, "season '%.*s' is not a year", (int)f[0].n, f[0].p);
		return -1;
	}
	g->season = (int)v;
	if (rt_date_parse(f[1].p, f[1].n, &g->date, &why) == -1) {
		rt_buf_addf(err, "date '%.*s': %s", (int)f[1].n, f[1].p, why);
		return -1;
	}
	if (whole(&f[2], 0, 99999, &v) == 0)
		g->away_rot = (int)v;
	if (whole(&f[5], 0, 99999, &v) == 0)
		g->home_rot = (int)v;
	g->have_rot = g->away_rot > 0 && g->home_rot > 0;
	if (team(&f[3], &g->away, err) == -1 || team(&f[6], &g->home, err) == -1)
		return -1;
	if (score(&f[4], "visitor score", &ha, &g->away_score, err) == -1 ||
	    score(&f[7], "home score", &hv, &g->home_score, err) == -1)
		return -1;
	g->have_result = ha && hv;
	if (price(s, &f[8], "opening visitor moneyline", &g->open.have_away_ml, &g->open.away_ml, err) == -1 ||
	    price(s, &f[9], "closing visitor moneyline", &g->close.have_away_ml, &g->close.away_ml, err) == -1 ||
	    runline(&f[10], "visitor run line", &g->have_away_rl, &g->away_rl, err) == -1 ||
	    price(s, &f[11], "visitor run line price", &g->have_away_rl_odds, &g->away_rl_odds, err) == -1 ||
	    price(s, &f[12], "opening home moneyline", &g->open.have_home_ml, &g->open.home_ml, err) == -1 ||
	    price(s, &f[13], "closing home moneyline", &g->close.have_home_ml, &g->close.home_ml, err) == -1 ||
	    runline(&f[14], "home run line", &g->have_home_rl, &g->home_rl, err) == -1 ||
	    price(s, &f[15], "home run line price", &g->have_home_rl_odds, &g->home_rl_odds, err) == -1 ||
	    total(&f[16], "opening total", &g->open.have_total, &g->open.total, err) == -1 ||
	    price(s, &f[17], "opening over price", &g->open.have_over, &g->open.over, err) == -1 ||
	    price(s, &f[18], "opening under price", &g->open.have_under, &g->open.under, err) == -1 ||
	    total(&f[19], "closing total", &g->close.have_total, &g->close.total, err) == -1 ||
	    price(s, &f[20], "closing over price", &g->close.have_over, &g->close.over, err) == -1 ||
	    price(s, &f[21], "closing under price", &g->close.have_under, &g->close.under, err) == -1)
		return -1;
	if (!is(&f[22], "0") && !is(&f[22], "1")) {
		rt_buf_addf(err, "neutral '%.*s' is not 0 or 1", (int)f[22].n, f[22].p);
		return -1;
	}
	g->neutral = is(&f[22], "1");
	return 0;
}

/* The pitcher's name, trimmed, cut to fit at a character's boundary.
 * Invalid UTF-8 is refused: the game record would be refused by every
 * reader of it (found by tests/fuzz/fuzz-sbro). */
static int
pitcher(const struct field *f, const char *who, char *out, size_t size, struct rt_buf *err)
{
	const char *p = f->p;
	size_t n = f->n;

	while (n > 0 && *p == ' ')
		p++, n--;
	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (rt_utf8_valid_prefix(p, n) != n) {
		rt_buf_addf(err, "%s pitcher is not valid UTF-8", who);
		return -1;
	}
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;	/* not in the middle of a character */
	}
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

/* A raw game from its visitor row v and home row h. */
static int
raw_pair(struct rt_sbro *s, const struct field *v, size_t nv,
    const struct field *h, size_t nh, struct rt_sbro_game *g, struct rt_buf *err)
{
	long d, x;
	int hv, ha, have_h_total;
	double h_total;

	if (nv != 23 || nh != 23) {
		rt_buf_addf(err, "%zu fields, expected 23", nv != 23 ? nv : nh);
		return -1;
	}
	if (whole(&v[0], 101, 1231, &d) == -1 || d % 100 < 1 || d % 100 > 31 ||
	    d / 100 < 1 || d / 100 > 12) {
		rt_buf_addf(err, "date '%.*s' is not MDD or MMDD", (int)v[0].n, v[0].p);
		return -1;
	}
	if (!(h[0].n == v[0].n && memcmp(h[0].p, v[0].p, v[0].n) == 0)) {
		rt_buf_addf(err, "home row dated '%.*s', visitor row '%.*s'",
		    (int)h[0].n, h[0].p, (int)v[0].n, v[0].p);
		return -1;
	}
	{
		int y = s->year, m = (int)(d / 100), dd = (int)(d % 100), y2, m2, d2;

		g->date = rt_days_from_civil(y, m, dd);
		rt_civil_from_days(g->date, &y2, &m2, &d2);
		if (y2 != y || m2 != m || d2 != dd) {
			rt_buf_addf(err, "date %d-%02d-%02d does not exist", y, m, dd);
			return -1;
		}
		g->season = y;
	}
	if (whole(&v[1], 0, 99999, &x) == 0)
		g->away_rot = (int)x;
	if (whole(&h[1], 0, 99999, &x) == 0)
		g->home_rot = (int)x;
	g->have_rot = g->away_rot > 0 && g->home_rot > 0;
	g->neutral = is(&v[2], "N");
	if (team(&v[3], &g->away, err) == -1 || team(&h[3], &g->home, err) == -1)
		return -1;
	if (pitcher(&v[4], "visitor", g->away_pitcher, sizeof g->away_pitcher, err) == -1 ||
	    pitcher(&h[4], "home", g->home_pitcher, sizeof g->home_pitcher, err) == -1)
		return -1;
	if (score(&v[14], "visitor score", &ha, &g->away_score, err) == -1 ||
	    score(&h[14], "home score", &hv, &g->home_score, err) == -1)
		return -1;
	g->have_result = ha && hv;
	if (price(s, &v[15], "opening visitor moneyline", &g->open.have_away_ml, &g->open.away_ml, err) == -1 ||
	    price(s, &v[16], "closing visitor moneyline", &g->close.have_away_ml, &g->close.away_ml, err) == -1 ||
	    runline(&v[17], "visitor run line", &g->have_away_rl, &g->away_rl, err) == -1 ||
	    price(s, &v[18], "visitor run line price", &g->have_away_rl_odds, &g->away_rl_odds, err) == -1 ||
	    total(&v[19], "opening total", &g->open.have_total, &g->open.total, err) == -1 ||
	    price(s, &v[20], "opening over price", &g->open.have_over, &g->open.over, err) == -1 ||
	    total(&v[21], "closing total", &g->close.have_total, &g->close.total, err) == -1 ||
	    price(s, &v[22], "closing over price", &g->close.have_over, &g->close.over, err) == -1 ||
	    price(s, &h[15], "opening home moneyline", &g->open.have_home_ml, &g->open.home_ml, err) == -1 ||
	    price(s, &h[16], "closing home moneyline", &g->close.have_home_ml, &g->close.home_ml, err) == -1 ||
	    runline(&h[17], "home run line", &g->have_home_rl, &g->home_rl, err) == -1 ||
	    price(s, &h[18], "home run line price", &g->have_home_rl_odds, &g->home_rl_odds, err) == -1 ||
	    total(&h[19], "opening total", &have_h_total, &h_total, err) == -1 ||
	    price(s, &h[20], "opening under price", &g->open.have_under, &g->open.under, err) == -1 ||
	    total(&h[21], "closing total", &have_h_total, &h_total, err) == -1 ||
	    price(s, &h[22], "closing under price", &g->close.have_under, &g->close.under, err) == -1)
		return -1;
	return 0;
}

/* The year of a raw file: --year, else the last 19xx/20xx in its name. */
static int
file_year(const char *name)
{
	const char *base = strrchr(name, '/'), *p;
	int y = 0;

	base = base ? base + 1 : name;
	for (p = base; p[0] && p[1] && p[2] && p[3]; p++)
		if ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) {
			if (p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
			    !(p[4] >= '0' && p[4] <= '9'))
				y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
				    (p[2] - '0') * 10 + (p[3] - '0');
		}
	return y;
}

/* A header line: 0 and the layout; 1 when it is bad but reading goes on
 * (a reject file: the file's lines follow it there); -1 to stop. */
static int
header(struct rt_sbro *s, const struct field *f, size_t n)
{
	struct rt_lines *l = &s->lines;

	seen_clear(s->seen);
	s->pending = 0;
	if (n >= 3 && is(&f[0], "seas") && is(&f[1], "date") && is(&f[2], "v_rot")) {
		s->layout = RT_SBRO_TIDY;
		return 0;
	}
	if (n >= 3 && is(&f[0], "Date") && is(&f[1], "Rot") && is(&f[2], "VH")) {
		s->layout = RT_SBRO_RAW;
		s->year = s->year_override ? s->year_override : file_year(l->name);
		if (s->year == 0) {
			s->layout = RT_SBRO_UNKNOWN;
			return rt_lines_bad(l, "cannot tell the year of a raw SBRO file: "
			    "name it mlb_odds_YYYY.csv or give --year") ? 1 : -1;
		}
		return 0;
	}
	s->layout = RT_SBRO_UNKNOWN;
	return rt_lines_bad(l, "not an SBRO header (expected \"seas,date,v_rot,...\" "
	    "or \"Date,Rot,VH,...\")") ? 1 : -1;
}

int
rt_sbro_next(struct rt_sbro *s, struct rt_sbro_game *g)
{
	struct rt_lines *l = &s->lines;
	struct field f[MAXF], pv[MAXF];
	struct rt_buf err = RT_BUF_INIT;
	size_t n, npv, rawlen;
	const char *raw;
	int rc = 0, ok;

	while (rt_lines_next(l)) {
		if (l->next_path != s->cur_file) {
			if (s->pending) {
				/* the previous file's last row: named as of that file */
				const char *now = l->name;
				int go_on;

				l->name = s->pending_name;
				go_on = rt_lines_bad_raw(l, s->pending_line, s->pending_raw.p,
				    s->pending_raw.len, "visitor row without its home row");
				l->name = now;
				s->pending = 0;
				if (!go_on)
					break;
			}
			s->cur_file = l->next_path;
			n = split(l->line, l->len, f);
			if (header(s, f, n) == -1)
				break;
			continue;
		}
		if (s->layout == RT_SBRO_UNKNOWN) {
			/* a file without a usable header: its rows follow it */
			rt_lines_reject_quiet(l);
			continue;
		}
		n = split(l->line, l->len, f);
		memset(g, 0, sizeof *g);
		g->line = l->lineno;
		rt_buf_reset(&err);
		if (s->layout == RT_SBRO_TIDY) {
			if (tidy_row(s, f, n, g, &err) == -1) {
				if (!rt_lines_bad(l, "%s", err.p))
					break;
				continue;
			}
			finish(s, g);
			rc = 1;
			break;
		}
		/* raw: a visitor (or first neutral) row waits for its home row */
		if (n < 3 || !(is(&f[2], "V") || is(&f[2], "H") || is(&f[2], "N"))) {
			if (!rt_lines_bad(l, "VH is '%.*s', expected V, H or N",
			    n < 3 ? 0 : (int)f[2].n, n < 3 ? "" : f[2].p))
				break;
			continue;
		}
		if (!s->pending) {
			if (is(&f[2], "H")) {
				if (!rt_lines_bad(l, "home row without its visitor row"))
					break;
				continue;
			}
			raw = rt_lines_raw(l, &rawlen);
			rt_buf_reset(&s->pending_raw);
			rt_buf_add(&s->pending_raw, raw, rawlen);
			s->pending_line = l->lineno;
			s->pending_name = l->name;
			s->pending = 1;
			continue;
		}
		if (is(&f[2], "V")) {
			ok = rt_lines_bad_raw(l, s->pending_line, s->pending_raw.p,
			    s->pending_raw.len, "visitor row without its home row");
			raw = rt_lines_raw(l, &rawlen);
			rt_buf_reset(&s->pending_raw);
			rt_buf_add(&s->pending_raw, raw, rawlen);
			s->pending_line = l->lineno;
			s->pending_name = l->name;
			if (!ok)
				break;
			continue;
		}
		s->pending = 0;
		/* The visitor row's fields point into pending_raw. */
		npv = split(s->pending_raw.p, strcspn(s->pending_raw.p, "\r\n"), pv);
		g->line = s->pending_line;
		if (raw_pair(s, pv, npv, f, n, g, &err) == -1) {
			raw = rt_lines_raw(l, &rawlen);
			rt_buf_add(&s->pending_raw, raw, rawlen);
			if (!rt_lines_bad_raw(l, s->pending_line, s->pending_raw.p,
			    s->pending_raw.len, "%s", err.p))
				break;
			continue;
		}
		finish(s, g);
		rc = 1;
		break;
	}
	if (rc == 0 && s->pending && !l->stopped) {
		rt_lines_bad_raw(l, s->pending_line, s->pending_raw.p,
		    s->pending_raw.len, "visitor row without its home row");
		s->pending = 0;
	}
	rt_buf_release(&err);
	return rc;
}

static void
snap(struct rt_jw *w, const char *tag, const struct rt_sbro_snap *p,
    const struct rt_sbro_game *g, int with_rl)
{
	rt_jw_obj(w);
	rt_jw_key(w, "book");
	rt_jw_str(w, "sbro");
	rt_jw_key(w, "tag");
	rt_jw_str(w, tag);
	if (p->have_home_ml) {
		rt_jw_key(w, "home_ml");
		rt_jw_int(w, p->home_ml);
	}
	if (p->have_away_ml) {
		rt_jw_key(w, "away_ml");
		rt_jw_int(w, p->away_ml);
	}
	if (p->have_total) {
		rt_jw_key(w, "total");
		rt_jw_num(w, p->total);
	}
	if (p->have_over) {
		rt_jw_key(w, "over");
		rt_jw_int(w, p->over);
	}
	if (p->have_under) {
		rt_jw_key(w, "under");
		rt_jw_int(w, p->under);
	}
	if (with_rl) {
		if (g->have_home_rl) {
			rt_jw_key(w, "home_rl");
			rt_jw_num(w, g->home_rl);
		}
		if (g->have_home_rl_odds) {
			rt_jw_key(w, "home_rl_odds");
			rt_jw_int(w, g->home_rl_odds);
		}
		if (g->have_away_rl) {
			rt_jw_key(w, "away_rl");
			rt_jw_num(w, g->away_rl);
		}
		if (g->have_away_rl_odds) {
			rt_jw_key(w, "away_rl_odds");
			rt_jw_int(w, g->away_rl_odds);
		}
	}
	rt_jw_end(w);
}

static int
snap_empty(const struct rt_sbro_snap *p)
{
	return !p->have_home_ml && !p->have_away_ml && !p->have_total &&
	    !p->have_over && !p->have_under;
}

void
rt_sbro_write(const struct rt_sbro_game *g, struct rt_jw *w)
{
	char d[RT_DATE_BUFSZ];
	int rl = g->have_home_rl || g->have_away_rl || g->have_home_rl_odds ||
	    g->have_away_rl_odds;

	rt_date_format(g->date, d);
	rt_jw_obj(w);
	rt_jw_key(w, "kind");
	rt_jw_str(w, "game");
	rt_jw_key(w, "game_id");
	rt_jw_str(w, g->game_id);
	rt_jw_key(w, "season");
	rt_jw_int(w, g->season);
	rt_jw_key(w, "date");
	rt_jw_str(w, d);
	rt_jw_key(w, "home");
	rt_jw_str(w, g->home);
	rt_jw_key(w, "away");
	rt_jw_str(w, g->away);
	if (g->neutral) {
		rt_jw_key(w, "neutral");
		rt_jw_bool(w, 1);
	}
	if (g->have_rot) {
		rt_jw_key(w, "rot");
		rt_jw_obj(w);
		rt_jw_key(w, "home");
		rt_jw_int(w, g->home_rot);
		rt_jw_key(w, "away");
		rt_jw_int(w, g->away_rot);
		rt_jw_end(w);
	}
	if (g->home_pitcher[0] || g->away_pitcher[0]) {
		rt_jw_key(w, "pitchers");
		rt_jw_obj(w);
		rt_jw_key(w, "home");
		rt_jw_str(w, g->home_pitcher);
		rt_jw_key(w, "away");
		rt_jw_str(w, g->away_pitcher);
		rt_jw_end(w);
	}
	rt_jw_key(w, "odds");
	rt_jw_arr(w);
	if (!snap_empty(&g->open))
		snap(w, "open", &g->open, g, 0);
	if (!snap_empty(&g->close) || rl)
		snap(w, "close", &g->close, g, 1);
	rt_jw_end(w);
	if (g->have_result) {
		rt_jw_key(w, "result");
		rt_jw_obj(w);
		rt_jw_key(w, "home_score");
		rt_jw_int(w, g->home_score);
		rt_jw_key(w, "away_score");
		rt_jw_int(w, g->away_score);
		rt_jw_end(w);
	}
	rt_jw_key(w, "source");
	rt_jw_str(w, "sbro");
	rt_jw_end(w);
}
