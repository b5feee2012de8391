/*
 * rt-metrics: how strategy versions are doing (metric records) and how the
 * market is moving (market records), as of --now.
 *
 *	rt-metrics [--by FIELDS] [--windows LIST] [--now TIME] [--bankroll B]
 *	           [--format ndjson|prom|table] [--reference DURATION] [FILE...]
 *
 * See rt-metrics(1) and docs/metrics.md.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_games.h"
#include "rt_metrics.h"
#include "rt_ndjson.h"
#include "rt_odds.h"
#include "rt_opt.h"
#include "rt_par.h"
#include "rt_strategy.h"
#include "rt_time.h"

static const char SYNOPSIS[] =
    "rt-metrics [--by FIELDS] [--windows LIST] [--now TIME] [--bankroll B]\n"
    "                  [--format ndjson|prom|table] [--reference DURATION]\n"
    "                  [--warmup N] [--cusum-k K] [--ph-delta D] [--reject FILE] [FILE...]";

#define MAXWIN 8

struct group {
	char *strategy, *version, *arm;	/* owned; NULL when not grouped by */
	struct rt_macc acc[MAXWIN];
	struct rt_change ret, clv;
};

struct opts {
	int by;				/* 1 strategy, 2 +version, 3 +arm */
	int nwin;
	char winname[MAXWIN][16];
	int64_t winsecs[MAXWIN];	/* 0: all */
	int64_t now, reference;
	double bankroll, cusum_k, ph_delta;
	int warmup;
	enum { FMT_NDJSON, FMT_PROM, FMT_TABLE } format;
};

struct state {
	struct opts *o;
	struct group *g;
	size_t ng, capg;
	/* open addressing over (strategy, version, arm): group index + 1 */
	uint32_t *idx;
	size_t hcap;
	FILE *spool;			/* every folded bet, for a refold */
	int64_t last_t;
	int32_t last_date;
	int disorder;
	size_t nbets;
	/* market features per game: date, move, differential, margin */
	struct feat { int32_t date; double move, diff, margin; } *f;
	size_t nf, capf;
};

static void
help(void)
{
	printf("usage: %s\n\n", SYNOPSIS);
	fputs("Reads bet records (and game records, for market records) and writes one\n"
	    "metric record per group and window as of --now, then market records.\n\n"
	    "  --by FIELDS          strategy | strategy,version | strategy,version,arm (default)\n"
	    "  --windows LIST       durations and 'all' (default 7d,30d,90d,all)\n"
	    "  --now TIME           as of when (default: the clock)\n"
	    "  --bankroll B         drawdown bankroll (default 100)\n"
	    "  --format F           ndjson (default), prom (Prometheus text), table\n"
	    "  --reference DURATION market: the window before each recent one that it\n"
	    "                       is compared with (default 90d)\n"
	    "  --warmup N           change statistics: bets that fix the reference (50)\n"
	    "  --cusum-k K          CUSUM allowance in standard deviations (0.5)\n"
	    "  --ph-delta D         Page-Hinkley tolerance in standard deviations (0.1)\n"
	    "  --reject FILE        go on after bad records, copying them to FILE\n"
	    "  -h, --help, --version\n", stdout);
}

static void
group_init(struct state *st, struct group *g, const char *s, const char *v,
    const char *a)
{
	int w;

	memset(g, 0, sizeof *g);
	g->strategy = rt_xstrdup(s);
	g->version = st->o->by >= 2 ? rt_xstrdup(v) : NULL;
	g->arm = st->o->by >= 3 ? rt_xstrdup(a) : NULL;
	for (w = 0; w < st->o->nwin; w++)
		rt_macc_init(&g->acc[w], st->o->bankroll);
	rt_change_init(&g->ret, st->o->warmup, st->o->cusum_k, st->o->ph_delta);
	rt_change_init(&g->clv, st->o->warmup, st->o->cusum_k, st->o->ph_delta);
}

static unsigned long
hash3(const char *s, const char *v, const char *a)
{
	unsigned long h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	h = h * 33 + '\t';
	for (; v && *v; v++)
		h = h * 33 + (unsigned char)*v;
	h = h * 33 + '\t';
	for (; a && *a; a++)
		h = h * 33 + (unsigned char)*a;
	return h;
}

static int
same(const char *x, const char *y)
{
	return x == NULL || strcmp(x, y) == 0;
}

/* The group of a bet: a hash table of group indexes (no key is built per
 * bet: a million bets go through here). */
static uint32_t
group_of(struct state *st, const char *s, const char *v, const char *a)
{
	const char *gv = st->o->by >= 2 ? v : NULL, *ga = st->o->by >= 3 ? a : NULL;
	unsigned long h;
	size_t i;

	if (st->ng * 2 >= st->hcap) {
		size_t ncap = st->hcap ? st->hcap * 2 : 64, j;
		uint32_t *ni = rt_xcalloc(ncap, sizeof *ni);

		for (j = 0; j < st->hcap; j++)
			if (st->idx[j] != 0) {
				const struct group *g = &st->g[st->idx[j] - 1];
				size_t k = hash3(g->strategy, g->version, g->arm) & (ncap - 1);

				while (ni[k] != 0)
					k = (k + 1) & (ncap - 1);
				ni[k] = st->idx[j];
			}
		free(st->idx);
		st->idx = ni;
		st->hcap = ncap;
	}
	h = hash3(s, gv, ga);
	for (i = h & (st->hcap - 1); st->idx[i] != 0; i = (i + 1) & (st->hcap - 1)) {
		const struct group *g = &st->g[st->idx[i] - 1];

		if (strcmp(g->strategy, s) == 0 && (gv == NULL || same(g->version, gv)) &&
		    (ga == NULL || same(g->arm, ga)))
			return st->idx[i] - 1;
	}
	if (st->ng == st->capg) {
		st->capg = st->capg ? st->capg * 2 : 16;
		st->g = rt_xrealloc(st->g, st->capg * sizeof *st->g);
	}
	group_init(st, &st->g[st->ng], s, v, a);
	st->idx[i] = (uint32_t)++st->ng;
	return (uint32_t)(st->ng - 1);
}

/* Folds one bet, in time order, into its group's windows. */
static void
fold(struct state *st, const struct rt_mbet *b)
{
	struct group *g = &st->g[b->group];
	int64_t ds = rt_date_time(b->date);
	int w;

	for (w = 0; w < st->o->nwin; w++) {
		int64_t W = st->o->winsecs[w];

		/* "all" is every bet known by now, whatever its game's date */
		if (W == 0 || (ds <= st->o->now && ds > st->o->now - W))
			rt_macc_add(&g->acc[w], b);
	}
	if (b->status != RT_M_VOID) {
		if (b->status != RT_M_PENDING && b->stake > 0)
			rt_change_add(&g->ret, b->profit / b->stake);
		if (isfinite(b->clv))
			rt_change_add(&g->clv, b->clv);
	}
}

/* A decoded record, made in a parsing thread: the bet and its group's names
 * (the group itself is looked up in the main thread). */
struct mitem {
	struct rt_mbet b;
	char s[64], v[96], a[32];
};

static int
copy_name(char *dst, size_t size, const char *src, const char *what,
    struct rt_buf *err)
{
	size_t n = strlen(src);

	if (n >= size) {
		rt_buf_addf(err, "\"%s\" longer than %zu bytes", what, size - 1);
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

static int
decode_bet(const struct rt_json *r, struct mitem *it, struct rt_buf *err)
{
	struct rt_mbet *b = &it->b;
	const char *s = NULL, *v = NULL, *a = NULL, *date = NULL, *placed = NULL;
	const char *status = NULL, *why;
	const struct rt_json *m, *stake = NULL, *profit = NULL, *odds_v = NULL, *close_v = NULL;
	const struct rt_json *cprob = NULL;
	int64_t odds, close;

	/* One walk over the members, not a look-up per field. */
	for (m = rt_json_first(r); m != NULL; m = rt_json_next(m)) {
		const char *k = rt_json_key(m);

		switch (k[0]) {
		case 'a': if (strcmp(k, "arm") == 0) a = rt_json_str(m); break;
		case 'c':
			if (strcmp(k, "close_odds") == 0)
				close_v = m;
			else if (strcmp(k, "close_prob") == 0)
				cprob = m;
			break;
		case 'd': if (strcmp(k, "date") == 0) date = rt_json_str(m); break;
		case 'o': if (strcmp(k, "odds") == 0) odds_v = m; break;
		case 'p':
			if (strcmp(k, "placed") == 0)
				placed = rt_json_str(m);
			else if (strcmp(k, "profit") == 0)
				profit = m;
			break;
		case 's':
			if (strcmp(k, "strategy") == 0)
				s = rt_json_str(m);
			else if (strcmp(k, "status") == 0)
				status = rt_json_str(m);
			else if (strcmp(k, "stake") == 0)
				stake = m;
			break;
		case 'v': if (strcmp(k, "version") == 0) v = rt_json_str(m); break;
		}
	}
	if (s == NULL || v == NULL || date == NULL || status == NULL) {
		rt_buf_adds(err, "bet without strategy, version, date or status");
		return -1;
	}
	if (a == NULL)
		a = "production";
	if (rt_date_parse(date, strlen(date), &b->date, &why) == -1) {
		rt_buf_addf(err, "\"date\" %s: %s", date, why);
		return -1;
	}
	b->t = rt_date_time(b->date);
	if (placed != NULL && rt_time_parse(placed, strlen(placed), &b->t, &why) == -1) {
		rt_buf_addf(err, "\"placed\" %s: %s", placed, why);
		return -1;
	}
	if (strcmp(status, "pending") == 0) b->status = RT_M_PENDING;
	else if (strcmp(status, "win") == 0) b->status = RT_M_WIN;
	else if (strcmp(status, "loss") == 0) b->status = RT_M_LOSS;
	else if (strcmp(status, "push") == 0) b->status = RT_M_PUSH;
	else if (strcmp(status, "void") == 0) b->status = RT_M_VOID;
	else {
		rt_buf_addf(err, "\"status\" is \"%s\", expected pending, win, loss, push or void",
		    status);
		return -1;
	}
	b->stake = 1;
	if (stake != NULL && (rt_json_num(stake, &b->stake) == -1 || b->stake < 0)) {
		rt_buf_adds(err, "\"stake\" is not a number >= 0");
		return -1;
	}
	b->profit = 0;
	if (b->status == RT_M_WIN || b->status == RT_M_LOSS || b->status == RT_M_PUSH) {
		if (rt_json_num(profit, &b->profit) == -1) {
			rt_buf_adds(err, "settled bet without a numeric \"profit\"");
			return -1;
		}
	}
	if (rt_json_int(odds_v, &odds) == -1)
		odds = 0;
	if (rt_json_int(close_v, &close) == -1)
		close = 0;
	rt_mbet_prices(b, (long)odds, (long)close);
	if (cprob != NULL) {
		double q;

		/* a probability at the line: 0, 1 or beyond is bad input */
		if (rt_json_num(cprob, &q) == -1 || !(q > 0 && q < 1)) {
			rt_buf_adds(err, "\"close_prob\" is not a probability in (0, 1)");
			return -1;
		}
		b->cev = rt_odds_close_ev((long)odds, q);
	}
	if (copy_name(it->s, sizeof it->s, s, "strategy", err) == -1 ||
	    copy_name(it->v, sizeof it->v, v, "version", err) == -1 ||
	    copy_name(it->a, sizeof it->a, a, "arm", err) == -1)
		return -1;
	return 0;
}

/* rt_par's callback: runs in a parsing thread. */
static int
decode(enum rt_kind kind, const struct rt_json *rec, void *item, struct rt_buf *err,
    void *arg)
{
	(void)arg;
	if (kind == RT_KIND_GAME)
		return 0;	/* the main thread decodes games: they are few */
	return decode_bet(rec, item, err);
}

/* Market features of a game known by now: move, differential, margin.
 * -1 with a reason in err when the game record is bad. */
static int
add_game(struct state *st, const struct rt_json *rec, struct rt_buf *err)
{
	struct rt_games one;
	struct rt_mfeat f;
	int rc = 0;

	rt_games_init(&one);
	if (rt_games_add(&one, rec, err) == -1) {
		rc = -1;
		goto out;
	}
	if (rt_market_features(&one, &one.v[0], st->o->now, &f) == -1)
		goto out;
	if (st->nf == st->capf) {
		st->capf = st->capf ? st->capf * 2 : 4096;
		st->f = rt_xrealloc(st->f, st->capf * sizeof *st->f);
	}
	st->f[st->nf].date = f.date;
	st->f[st->nf].move = f.move;
	st->f[st->nf].diff = f.diff;
	st->f[st->nf].margin = f.margin;
	st->nf++;
out:
	rt_games_release(&one);
	return rc;
}

static int
cmp_mbet(const void *x, const void *y)
{
	const struct rt_mbet *a = x, *b = y;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->t < b->t ? -1 : a->t > b->t;
}

/* Input out of time order: fold again from the spool, sorted. */
static void
refold(struct state *st)
{
	struct rt_mbet *all;
	size_t n, i, w;

	rt_warnx("bets are not in time order: sorting them (memory grows with the input)");
	rewind(st->spool);
	all = rt_xmalloc((st->nbets + 1) * sizeof *all);
	n = fread(all, sizeof *all, st->nbets, st->spool);
	if (n != st->nbets)
		rt_die(RT_EX_IOERR, "reading the spool back failed");
	qsort(all, n, sizeof *all, cmp_mbet);
	for (i = 0; i < st->ng; i++) {
		for (w = 0; w < (size_t)st->o->nwin; w++)
			rt_macc_init(&st->g[i].acc[w], st->o->bankroll);
		rt_change_init(&st->g[i].ret, st->o->warmup, st->o->cusum_k, st->o->ph_delta);
		rt_change_init(&st->g[i].clv, st->o->warmup, st->o->cusum_k, st->o->ph_delta);
	}
	for (i = 0; i < n; i++)
		fold(st, &all[i]);
	free(all);
}

static void
num_or_null(struct rt_jw *w, const char *key, double v)
{
	rt_jw_key(w, key);
	if (isfinite(v))
		rt_jw_num(w, round(v * 1e6) / 1e6);
	else
		rt_jw_null(w);
}

static void
write_metric(struct state *st, const struct group *g, int win, struct rt_buf *out)
{
	struct rt_mfig f;
	struct rt_jw w;
	char asof[RT_TIME_BUFSZ];

	rt_macc_figures(&g->acc[win], &f);
	rt_time_format(st->o->now, asof);
	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind");
	rt_jw_str(&w, "metric");
	rt_jw_key(&w, "strategy");
	rt_jw_str(&w, g->strategy);
	rt_jw_key(&w, "version");
	rt_jw_str(&w, g->version);
	rt_jw_key(&w, "arm");
	rt_jw_str(&w, g->arm);
	rt_jw_key(&w, "window");
	rt_jw_str(&w, st->o->winname[win]);
	rt_jw_key(&w, "as_of");
	rt_jw_str(&w, asof);
	rt_jw_key(&w, "bets");
	rt_jw_int(&w, f.bets);
	rt_jw_key(&w, "wins");
	rt_jw_int(&w, f.wins);
	rt_jw_key(&w, "losses");
	rt_jw_int(&w, f.losses);
	rt_jw_key(&w, "pushes");
	rt_jw_int(&w, f.pushes);
	num_or_null(&w, "staked", f.staked);
	num_or_null(&w, "profit", f.profit);
	num_or_null(&w, "roi_pct", f.roi_pct);
	num_or_null(&w, "win_rate", f.win_rate);
	num_or_null(&w, "max_drawdown_pct", f.max_drawdown_pct);
	num_or_null(&w, "sharpe", f.sharpe);
	num_or_null(&w, "clv_pct", f.clv_pct);
	rt_jw_key(&w, "pending");
	rt_jw_int(&w, f.pending);
	rt_jw_key(&w, "return_n");
	rt_jw_int(&w, f.return_n);
	num_or_null(&w, "return_mean", f.return_mean);
	num_or_null(&w, "return_sd", f.return_sd);
	num_or_null(&w, "breakeven_rate", f.breakeven_rate);
	rt_jw_key(&w, "close_ev_n");
	rt_jw_int(&w, f.close_ev_n);
	num_or_null(&w, "close_ev_pct", f.close_ev_pct);
	num_or_null(&w, "close_ev_sd", f.close_ev_sd);
	if (st->o->winsecs[win] == 0) {
		rt_jw_key(&w, "change");
		rt_jw_obj(&w);
		rt_jw_key(&w, "returns");
		rt_change_write(&g->ret, &w);
		rt_jw_key(&w, "clv");
		rt_change_write(&g->clv, &w);
		rt_jw_end(&w);
	}
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
}

/* One feature's market record for a window: distribution, PSI, KS. */
enum feature { F_MOVE, F_DIFF, F_MARGIN };

static double
feature_of(const struct feat *f, enum feature which)
{
	return which == F_MOVE ? f->move : which == F_DIFF ? f->diff : f->margin;
}

static void
write_market(struct state *st, int win, const char *feature, enum feature which,
    struct rt_buf *out)
{
	int64_t W = st->o->winsecs[win], R = st->o->reference;
	double *rec = rt_xmalloc((st->nf + 1) * sizeof *rec);
	double *ref = rt_xmalloc((st->nf + 1) * sizeof *ref);
	size_t nrec = 0, nref = 0, i;
	double ks, ksp, sum = 0, sum2 = 0;
	char asof[RT_TIME_BUFSZ];
	struct rt_jw w;

	for (i = 0; i < st->nf; i++) {
		int64_t ds = rt_date_time(st->f[i].date);
		double v = feature_of(&st->f[i], which);

		if (!isfinite(v) || ds > st->o->now)
			continue;
		if (ds > st->o->now - W)
			rec[nrec++] = v;
		else if (ds > st->o->now - W - R)
			ref[nref++] = v;
	}
	for (i = 0; i < nrec; i++) {
		sum += rec[i];
		sum2 += rec[i] * rec[i];
	}
	rt_time_format(st->o->now, asof);
	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind");
	rt_jw_str(&w, "market");
	rt_jw_key(&w, "feature");
	rt_jw_str(&w, feature);
	rt_jw_key(&w, "window");
	rt_jw_str(&w, st->o->winname[win]);
	rt_jw_key(&w, "as_of");
	rt_jw_str(&w, asof);
	rt_jw_key(&w, "n");
	rt_jw_int(&w, (int64_t)nrec);
	rt_jw_key(&w, "reference_n");
	rt_jw_int(&w, (int64_t)nref);
	num_or_null(&w, "mean", nrec ? sum / (double)nrec : NAN);
	num_or_null(&w, "sd", nrec > 1 ? sqrt(fmax(0, (sum2 - sum * sum / (double)nrec) /
	    (double)(nrec - 1))) : NAN);
	num_or_null(&w, "q10", rt_quantile(rec, nrec, 0.10));
	num_or_null(&w, "q50", rt_quantile(rec, nrec, 0.50));
	num_or_null(&w, "q90", rt_quantile(rec, nrec, 0.90));
	num_or_null(&w, "psi", rt_psi(ref, nref, rec, nrec));
	ks = nrec >= 10 && nref >= 10 ? rt_ks(rec, nrec, ref, nref, &ksp) : NAN;
	if (!isfinite(ks))
		ksp = NAN;
	num_or_null(&w, "ks", ks);
	/* a p-value is not rounded: rt-detect's levels go down to 1e-12 */
	rt_jw_key(&w, "ks_p");
	rt_jw_num(&w, ksp);
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
	free(rec);
	free(ref);
}

static void
prom_label(struct rt_buf *b, const char *k, const char *v, int first)
{
	const char *p;

	rt_buf_addf(b, "%s%s=\"", first ? "" : ",", k);
	for (p = v ? v : ""; *p; p++) {
		if (*p == '\\' || *p == '"')
			rt_buf_addc(b, '\\');
		if (*p == '\n') {
			rt_buf_adds(b, "\\n");
			continue;
		}
		rt_buf_addc(b, *p);
	}
	rt_buf_addc(b, '"');
}

static void
write_prom(struct state *st, struct rt_buf *out)
{
	static const struct { const char *name, *help; } fam[] = {
		{ "bets", "settled bets in the window" },
		{ "wins", "winning bets" },
		{ "losses", "losing bets" },
		{ "pushes", "pushed bets" },
		{ "pending", "bets not yet settled" },
		{ "staked", "units staked on settled bets" },
		{ "profit", "profit in units" },
		{ "roi_pct", "return on investment, percent" },
		{ "win_rate", "wins over wins and losses" },
		{ "max_drawdown_pct", "largest fall from a bankroll peak, percent" },
		{ "sharpe", "mean over sample standard deviation of per-bet returns" },
		{ "clv_pct", "mean closing line value, percent" },
	};
	size_t f, i;
	int w;

	for (f = 0; f < sizeof fam / sizeof fam[0]; f++) {
		rt_buf_addf(out, "# HELP rt_%s %s\n# TYPE rt_%s gauge\n", fam[f].name,
		    fam[f].help, fam[f].name);
		for (i = 0; i < st->ng; i++)
			for (w = 0; w < st->o->nwin; w++) {
				struct rt_mfig m;
				double v[12];
				char num[32];

				rt_macc_figures(&st->g[i].acc[w], &m);
				v[0] = (double)m.bets; v[1] = (double)m.wins; v[2] = (double)m.losses;
				v[3] = (double)m.pushes; v[4] = (double)m.pending; v[5] = m.staked;
				v[6] = m.profit; v[7] = m.roi_pct; v[8] = m.win_rate;
				v[9] = m.max_drawdown_pct; v[10] = m.sharpe; v[11] = m.clv_pct;
				if (!isfinite(v[f]))
					continue;	/* null: no sample */
				rt_buf_addf(out, "rt_%s{", fam[f].name);
				prom_label(out, "strategy", st->g[i].strategy, 1);
				if (st->g[i].version)
					prom_label(out, "version", st->g[i].version, 0);
				if (st->g[i].arm)
					prom_label(out, "arm", st->g[i].arm, 0);
				prom_label(out, "window", st->o->winname[w], 0);
				rt_json_fmt_double(v[f], num, sizeof num);
				rt_buf_addf(out, "} %s\n", num);
			}
	}
}

static void
write_table(struct state *st, struct rt_buf *out)
{
	size_t i;
	int w;

	rt_buf_addf(out, "%-14s %-24s %-10s %-6s %6s %6s %8s %8s %7s %7s %7s %7s\n",
	    "strategy", "version", "arm", "window", "bets", "pend", "profit", "roi%",
	    "win", "maxdd%", "sharpe", "clv%");
	for (i = 0; i < st->ng; i++)
		for (w = 0; w < st->o->nwin; w++) {
			struct rt_mfig m;
			char c[6][16];
			double v[6];
			int k;

			rt_macc_figures(&st->g[i].acc[w], &m);
			v[0] = m.profit; v[1] = m.roi_pct; v[2] = m.win_rate;
			v[3] = m.max_drawdown_pct; v[4] = m.sharpe; v[5] = m.clv_pct;
			for (k = 0; k < 6; k++)
				if (isfinite(v[k]) && !(k == 0 && m.bets == 0))
					snprintf(c[k], sizeof c[k], k == 2 || k == 4 ? "%.3f" : "%.2f", v[k]);
				else
					snprintf(c[k], sizeof c[k], "-");
			rt_buf_addf(out, "%-14s %-24s %-10s %-6s %6lld %6lld %8s %8s %7s %7s %7s %7s\n",
			    st->g[i].strategy, st->g[i].version ? st->g[i].version : "*",
			    st->g[i].arm ? st->g[i].arm : "*", st->o->winname[w],
			    (long long)m.bets, (long long)m.pending, c[0], c[1], c[2], c[3], c[4], c[5]);
		}
}

static void
parse_windows(struct opts *o, const char *arg)
{
	const char *p = arg;

	o->nwin = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		int64_t secs;
		const char *why;

		if (o->nwin == MAXWIN || n == 0 || n >= sizeof o->winname[0]) {
			rt_warnx("--windows '%s': at most %d windows like 7d,30d,all", arg, MAXWIN);
			rt_usage_die(SYNOPSIS);
		}
		if (n == 3 && strncmp(p, "all", 3) == 0)
			secs = 0;
		else if (rt_duration_parse(p, n, &secs, &why) == -1) {
			rt_warnx("--windows '%.*s': %s", (int)n, p, why);
			rt_usage_die(SYNOPSIS);
		}
		/* one spelling per window ("2w" is "14d"): it keys stored metrics */
		if (secs == 0)
			snprintf(o->winname[o->nwin], sizeof o->winname[0], "all");
		else
			rt_duration_format(secs, o->winname[o->nwin]);
		o->winsecs[o->nwin++] = secs;
		p += n;
		if (*p == ',')
			p++;
	}
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "by", required_argument, NULL, 'b' },
		{ "windows", required_argument, NULL, 'w' },
		{ "now", required_argument, NULL, 'n' },
		{ "bankroll", required_argument, NULL, 'B' },
		{ "format", required_argument, NULL, 'f' },
		{ "reference", required_argument, NULL, 'R' },
		{ "warmup", required_argument, NULL, 'W' },
		{ "cusum-k", required_argument, NULL, 'k' },
		{ "ph-delta", required_argument, NULL, 'd' },
		{ "reject", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	struct state st;
	struct rt_par *in;
	const struct mitem *it;
	enum rt_kind kind;
	const char *text;
	size_t len;
	struct rt_arena arena;
	struct rt_buf err = RT_BUF_INIT, out = RT_BUF_INIT;
	const char *reject = NULL, *why;
	size_t i;
	int c, rc, w;

	rt_err_init(argv[0]);
	rt_opt_synopsis(SYNOPSIS);
	memset(&o, 0, sizeof o);
	o.by = 3;
	o.now = rt_time_clock();
	o.bankroll = 100;
	o.reference = 90 * 86400;
	o.warmup = 50;
	o.cusum_k = 0.5;
	o.ph_delta = 0.1;
	parse_windows(&o, "7d,30d,90d,all");
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			rt_exit_stdout();
		case 'V':
			rt_print_version();
			rt_exit_stdout();
		case 'b':
			if (strcmp(optarg, "strategy") == 0) o.by = 1;
			else if (strcmp(optarg, "strategy,version") == 0) o.by = 2;
			else if (strcmp(optarg, "strategy,version,arm") == 0) o.by = 3;
			else {
				rt_warnx("--by '%s': strategy, strategy,version or strategy,version,arm", optarg);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case 'w': parse_windows(&o, optarg); break;
		case 'n':
			if (rt_now_parse(optarg, &o.now, &why) == -1) {
				rt_warnx("--now '%s': %s", optarg, why);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case 'B': o.bankroll = rt_opt_num("--bankroll", optarg, 0.01, 1e12); break;
		case 'f':
			if (strcmp(optarg, "ndjson") == 0) o.format = FMT_NDJSON;
			else if (strcmp(optarg, "prom") == 0) o.format = FMT_PROM;
			else if (strcmp(optarg, "table") == 0) o.format = FMT_TABLE;
			else {
				rt_warnx("--format '%s': ndjson, prom or table", optarg);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case 'R':
			if (rt_duration_parse(optarg, strlen(optarg), &o.reference, &why) == -1) {
				rt_warnx("--reference '%s': %s", optarg, why);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case 'W': o.warmup = (int)rt_opt_int("--warmup", optarg, 2, 256); break;
		case 'k': o.cusum_k = rt_opt_num("--cusum-k", optarg, 0, 10); break;
		case 'd': o.ph_delta = rt_opt_num("--ph-delta", optarg, 0, 10); break;
		case 'r': reject = optarg; break;
		default: rt_usage_die(SYNOPSIS);
		}
	}
	memset(&st, 0, sizeof st);
	st.o = &o;
	st.last_t = INT64_MIN;
	st.last_date = INT32_MIN;
	if ((st.spool = tmpfile()) == NULL)
		rt_die(RT_EX_IOERR, "cannot make a spool file: %s", strerror(errno));
	in = rt_par_new(argv + optind, (size_t)(argc - optind), reject, 0,
	    RT_KIND_BIT(RT_KIND_BET) | RT_KIND_BIT(RT_KIND_GAME), sizeof(struct mitem),
	    decode, NULL, 0);
	rt_arena_init(&arena);
	while ((it = rt_par_next(in, &kind, &text, &len)) != NULL) {
		struct rt_mbet b;

		if (kind == RT_KIND_GAME) {
			const struct rt_json *g;

			rt_arena_reset(&arena);
			rt_buf_reset(&err);
			if ((g = rt_json_parse(&arena, text, len, NULL, NULL)) != NULL &&
			    add_game(&st, g, &err) == -1 && !rt_par_reject(in, "%s", err.p))
				break;
			continue;
		}
		b = it->b;
		if (b.t > o.now)
			continue;	/* not placed yet as of --now */
		b.group = group_of(&st, it->s, it->v, it->a);
		if (fwrite(&b, sizeof b, 1, st.spool) != 1)
			rt_die(RT_EX_IOERR, "writing the spool failed: %s", strerror(errno));
		st.nbets++;
		/* time order: by game date, then placement (rt-store's order) */
		if (b.date < st.last_date || (b.date == st.last_date && b.t < st.last_t))
			st.disorder = 1;
		if (b.date > st.last_date || (b.date == st.last_date && b.t > st.last_t)) {
			st.last_date = b.date;
			st.last_t = b.t;
		}
		if (!st.disorder)
			fold(&st, &b);
	}
	rt_arena_release(&arena);
	rc = rt_par_status(in);
	if (rt_par_release(in) == -1 && rc == RT_EX_OK)
		rc = RT_EX_IOERR;
	if (rt_input_stops(rc, reject != NULL))
		goto out;
	if (st.disorder)
		refold(&st);
	if (o.format == FMT_PROM)
		write_prom(&st, &out);
	else if (o.format == FMT_TABLE)
		write_table(&st, &out);
	else {
		for (i = 0; i < st.ng; i++)
			for (w = 0; w < o.nwin; w++)
				write_metric(&st, &st.g[i], w, &out);
		if (st.nf > 0)
			for (w = 0; w < o.nwin; w++) {
				if (o.winsecs[w] == 0)
					continue;
				write_market(&st, w, "move", F_MOVE, &out);
				write_market(&st, w, "differential", F_DIFF, &out);
				write_market(&st, w, "margin", F_MARGIN, &out);
			}
	}
	if (fwrite(out.p ? out.p : "", 1, out.len, stdout) != out.len)
		rc = RT_EX_IOERR;
out:
	for (i = 0; i < st.ng; i++) {
		free(st.g[i].strategy);
		free(st.g[i].version);
		free(st.g[i].arm);
	}
	free(st.idx);
	free(st.g);
	free(st.f);
	fclose(st.spool);
	rt_buf_release(&err);
	rt_buf_release(&out);
	if (rt_close_stdout() == -1)
		rc = RT_EX_IOERR;
	return rc;
}
