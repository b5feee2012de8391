/* rt_validate: rt-validate's checks (see rt_validate.h, docs/validation.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "rt_kind.h"
#include "rt_metrics.h"
#include "rt_stats.h"
#include "rt_time.h"
#include "rt_validate.h"

static const char *const LEVEL[] = { "basic", "standard", "rigorous", "production" };

const char *
rt_vlevel_name(enum rt_vlevel l)
{
	return l <= RT_V_PRODUCTION ? LEVEL[l] : "?";
}

int
rt_vlevel_parse(const char *s, enum rt_vlevel *l)
{
	int i = rt_name_index(LEVEL, RT_V_PRODUCTION + 1, s);

	if (i < 0)
		return -1;
	*l = (enum rt_vlevel)i;
	return 0;
}

void
rt_vset_add(struct rt_vset *s, const struct rt_vbet *b)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->v = rt_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = *b;
}

void
rt_vset_release(struct rt_vset *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

void
rt_vcfg_defaults(struct rt_vcfg *c)
{
	memset(c, 0, sizeof *c);
	/* the operators' validation criteria of the system rt replaces */
	c->min_improvement = 2.0;
	c->min_roi = 2.0;
	c->min_win_rate = 0.52;
	c->min_sample = 50;
	c->alpha = 0.05;
	c->confidence = 0.95;
	c->max_drawdown = 15.0;
	c->min_sharpe = 0.8;
	/* rt's own */
	c->bankroll = 100;
	c->ruin_level = 0.5;
	c->max_ruin = 0.05;
	c->bootstrap = 2000;
	c->seed = 1;
	c->folds = 5;
	c->periods = 4;
	c->trials = 1;
	c->min_group = 10;
	c->season_days = 186;	/* MLB's regular season: March 28 to September 29, 2019 */
}

/* The figures of a set of bets, as rt-metrics computes them (rt_macc):
 * counts, ROI, mean and sd of the returns, break-even rate, drawdown. */
static void
figures(const struct rt_vbet *v, size_t n, double bankroll, struct rt_mfig *f)
{
	static const unsigned char st[] = { RT_M_PUSH, RT_M_LOSS, RT_M_WIN };
	struct rt_macc a;
	size_t i;

	rt_macc_init(&a, bankroll);
	for (i = 0; i < n; i++) {
		struct rt_mbet m;

		memset(&m, 0, sizeof m);
		m.t = v[i].t;
		m.date = v[i].date;
		m.stake = v[i].stake;
		m.profit = v[i].profit;
		m.status = st[v[i].outcome + 1];
		m.clv = m.cev = NAN;
		m.implied = v[i].dec > 1 ? 1 / v[i].dec : NAN;
		rt_macc_add(&a, &m);
	}
	rt_macc_figures(&a, f);
}

void
rt_vsum(const struct rt_vbet *v, size_t n, struct rt_vsum *s)
{
	struct rt_mfig f;

	figures(v, n, 100, &f);
	s->n = f.bets;
	s->wins = f.wins;
	s->losses = f.losses;
	s->staked = f.staked;
	s->profit = f.profit;
	s->roi = f.roi_pct;
	s->mean = f.return_mean;
	s->sd = f.return_sd;
	s->breakeven = f.breakeven_rate;
}

/* ---- pairing ---- */

/* One game of the union: each version's stake and profit on it. */
struct pair {
	const char *game;
	int32_t date;
	double sc, pc, sb, pb;
	int in_c, in_b;
};

static int
cmp_vbet_game(const void *x, const void *y)
{
	return strcmp((*(struct rt_vbet *const *)x)->game, (*(struct rt_vbet *const *)y)->game);
}

static int
cmp_pair(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;
	int k = strcmp(a->game, b->game);

	return k ? k : (a->in_c < b->in_c) - (a->in_c > b->in_c);
}

/* The union of the games either version bet on, merged by game. */
static struct pair *
pairs(const struct rt_vset *a, const struct rt_vset *b, size_t *np)
{
	struct pair *p = rt_xmalloc((a->n + b->n + 1) * sizeof *p);
	size_t i, n = 0, m = 0;

	for (i = 0; i < a->n; i++)
		p[n++] = (struct pair){ a->v[i].game, a->v[i].date, a->v[i].stake,
		    a->v[i].profit, 0, 0, 1, 0 };
	for (i = 0; i < b->n; i++)
		p[n++] = (struct pair){ b->v[i].game, b->v[i].date, 0, 0, b->v[i].stake,
		    b->v[i].profit, 0, 1 };
	qsort(p, n, sizeof *p, cmp_pair);
	for (i = 0; i < n; i++) {
		if (m > 0 && strcmp(p[m - 1].game, p[i].game) == 0) {
			p[m - 1].sc += p[i].sc;
			p[m - 1].pc += p[i].pc;
			p[m - 1].sb += p[i].sb;
			p[m - 1].pb += p[i].pb;
			p[m - 1].in_c |= p[i].in_c;
			p[m - 1].in_b |= p[i].in_b;
		} else
			p[m++] = p[i];
	}
	*np = m;
	return p;
}

static double
roi_diff(double sc, double pc, double sb, double pb)
{
	if (!(sc > 0) || !(sb > 0))
		return NAN;
	return 100 * (pc / sc - pb / sb);
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static double
quantile_sorted(const double *v, size_t n, double q)
{
	/* linear between order statistics (Hyndman and Fan type 7) */
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)floor(h);

	if (n == 0)
		return NAN;
	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

void
rt_vboot_diff(const struct rt_vset *a, const struct rt_vset *b, int paired, int resamples,
    uint64_t seed, double confidence, double *lo, double *hi)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *d = rt_xmalloc(((size_t)resamples + 1) * sizeof *d);
	size_t np = 0, i, nd = 0;
	struct pair *p = paired ? pairs(a, b, &np) : NULL;
	int k;

	gsl_rng_set(rng, (unsigned long)seed);
	*lo = *hi = NAN;
	for (k = 0; k < resamples; k++) {
		double sc = 0, pc = 0, sb = 0, pb = 0, x;

		if (paired) {
			/* whole games: what the two did on one game stays together */
			for (i = 0; i < np; i++) {
				const struct pair *q = &p[gsl_rng_uniform_int(rng, np)];

				sc += q->sc;
				pc += q->pc;
				sb += q->sb;
				pb += q->pb;
			}
		} else {
			for (i = 0; i < a->n; i++) {
				const struct rt_vbet *q = &a->v[gsl_rng_uniform_int(rng, a->n)];

				sc += q->stake;
				pc += q->profit;
			}
			for (i = 0; i < b->n; i++) {
				const struct rt_vbet *q = &b->v[gsl_rng_uniform_int(rng, b->n)];

				sb += q->stake;
				pb += q->profit;
			}
		}
		x = roi_diff(sc, pc, sb, pb);
		if (isfinite(x))
			d[nd++] = x;
	}
	if (nd > 0) {
		qsort(d, nd, sizeof *d, cmp_double);
		*lo = quantile_sorted(d, nd, (1 - confidence) / 2);
		*hi = quantile_sorted(d, nd, 1 - (1 - confidence) / 2);
	}
	free(d);
	free(p);
	gsl_rng_free(rng);
}

double
rt_deflated_sharpe(double sr, int64_t t, double g3, double g4, int trials, double v,
    double *sr0)
{
	const double euler = 0.5772156649015329;
	double spread, e0 = 0;

	*sr0 = NAN;
	if (t < 2 || !isfinite(sr))
		return NAN;
	spread = 1 - g3 * sr + (g4 - 1) / 4 * sr * sr;
	if (!(spread > 0))
		return NAN;
	if (isnan(v))
		v = spread / (double)(t - 1);
	if (trials > 1)
		e0 = sqrt(v) * ((1 - euler) * gsl_cdf_ugaussian_Pinv(1 - 1.0 / trials) +
		    euler * gsl_cdf_ugaussian_Pinv(1 - 1.0 / (trials * M_E)));
	*sr0 = e0;
	return gsl_cdf_ugaussian_P((sr - e0) * sqrt((double)(t - 1)) / sqrt(spread));
}

/* ---- the checks ---- */

static struct rt_vcheck *
check(struct rt_vreport *r, const char *name, const char *method)
{
	struct rt_vcheck *c;

	if (r->n >= (int)(sizeof r->c / sizeof r->c[0]))
		return &r->c[r->n - 1];	/* never: the levels have fewer */
	c = &r->c[r->n++];
	memset(c, 0, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->method = method;
	c->value = c->threshold = c->stat = c->p = c->lo = c->hi = NAN;
	return c;
}

/* ROI difference of the bets of [d0, d1] (dates), and whether both bet. */
static double
diff_between(const struct rt_vset *a, const struct rt_vset *b, int32_t d0, int32_t d1,
    int64_t *na, int64_t *nb)
{
	double sc = 0, pc = 0, sb = 0, pb = 0;
	size_t i;

	*na = *nb = 0;
	for (i = 0; i < a->n; i++)
		if (a->v[i].date >= d0 && a->v[i].date <= d1) {
			sc += a->v[i].stake;
			pc += a->v[i].profit;
			(*na)++;
		}
	for (i = 0; i < b->n; i++)
		if (b->v[i].date >= d0 && b->v[i].date <= d1) {
			sb += b->v[i].stake;
			pb += b->v[i].profit;
			(*nb)++;
		}
	return roi_diff(sc, pc, sb, pb);
}

/* The holdout cut into k spans of (almost) equal days: the improvement in
 * each span where both versions bet; *pos the spans it was positive in. */
static int
spans(const struct rt_vset *a, const struct rt_vset *b, int32_t from, int32_t until, int k,
    double *d, int *pos)
{
	int i, n = 0;
	int64_t days = (int64_t)until - from + 1;

	*pos = 0;
	for (i = 0; i < k; i++) {
		int32_t d0 = from + (int32_t)(days * i / k), d1 = from + (int32_t)(days * (i + 1) / k) - 1;
		int64_t na, nb;
		double x = diff_between(a, b, d0, d1, &na, &nb);

		if (d1 < d0 || !isfinite(x))
			continue;
		d[n++] = x;
		*pos += x > 0;
	}
	return n;
}

/* Largest fall from a running peak, percent of the peak, of a bankroll
 * moved by each bet's profit in order (rt-metrics' max_drawdown_pct). */
static double
drawdown(const struct rt_vset *s, double bankroll)
{
	struct rt_mfig f;

	figures(s->v, s->n, bankroll, &f);
	return isfinite(f.max_drawdown_pct) ? f.max_drawdown_pct : 0;
}

static int
cmp_i32(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;

	return (a > b) - (a < b);
}

/* Sharpe ratio of the daily profit over the game days of the holdout (0
 * on game days without a bet), times sqrt(game days in a year): a season
 * of betting is a year of it. */
static double
daily_sharpe(const struct rt_vset *s, const int32_t *days, size_t ndays, int season_days)
{
	double *p, mean = 0, m2 = 0;
	size_t i, k;

	if (ndays < 2)
		return NAN;
	p = calloc(ndays, sizeof *p);
	if (p == NULL)
		return NAN;
	for (k = 0; k < s->n; k++) {
		const int32_t *d = bsearch(&s->v[k].date, days, ndays, sizeof *days, cmp_i32);

		if (d != NULL)
			p[d - days] += s->v[k].profit;
	}
	for (i = 0; i < ndays; i++) {
		double d = p[i] - mean;

		mean += d / (double)(i + 1);
		m2 += d * (p[i] - mean);
	}
	free(p);
	if (!(m2 > 0))
		return NAN;
	return mean / sqrt(m2 / (double)(ndays - 1)) * sqrt((double)season_days);
}

/* Share of bootstrap paths of n bets (drawn with replacement from the
 * candidate's) on which the bankroll falls to ruin_level of its start. */
static double
ruin(const struct rt_vcfg *c, const struct rt_vset *s)
{
	gsl_rng *rng;
	int k, ruined = 0;
	size_t i;

	if (s->n == 0)
		return NAN;
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, (unsigned long)(c->seed + 1));
	for (k = 0; k < c->bootstrap; k++) {
		double bank = c->bankroll;

		for (i = 0; i < s->n; i++) {
			bank += s->v[gsl_rng_uniform_int(rng, s->n)].profit;
			if (bank <= c->ruin_level * c->bankroll) {
				ruined++;
				break;
			}
		}
	}
	gsl_rng_free(rng);
	return (double)ruined / c->bootstrap;
}

/* The candidate's ROI with every price x worse (decimal odds times 1 - x:
 * a win pays less; losses and pushes are what they were). */
static double
stressed_roi(const struct rt_vset *s, double x)
{
	double staked = 0, profit = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct rt_vbet *b = &s->v[i];

		staked += b->stake;
		if (b->outcome == 1 && b->dec > 1)
			profit += b->stake * (b->dec * (1 - x) - 1);
		else
			profit += b->profit;
	}
	return staked > 0 ? 100 * profit / staked : NAN;
}

/* Candidate ROI > 0 in a strict majority of the groups (books or months)
 * with at least min_group bets. */
static void
stability(const struct rt_vcfg *c, const struct rt_vset *s, int by_book, struct rt_vcheck *k)
{
	enum { MAXG = 512 };
	int key[MAXG];
	double st[MAXG], pr[MAXG];
	int64_t cnt[MAXG];
	int ng = 0, g, groups = 0, pos = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		int y, m, d, kk;

		if (by_book)
			kk = s->v[i].book;
		else {
			rt_civil_from_days(s->v[i].date, &y, &m, &d);
			kk = y * 12 + m;
		}
		for (g = 0; g < ng && key[g] != kk; g++)
			;
		if (g == ng) {
			if (ng == MAXG)
				continue;
			key[ng] = kk;
			st[ng] = pr[ng] = 0;
			cnt[ng++] = 0;
		}
		st[g] += s->v[i].stake;
		pr[g] += s->v[i].profit;
		cnt[g]++;
	}
	for (g = 0; g < ng; g++)
		if (cnt[g] >= c->min_group && st[g] > 0) {
			groups++;
			pos += pr[g] > 0;
		}
	k->n = groups;
	k->value = groups ? (double)pos / groups : NAN;
	k->threshold = 0.5;
	k->pass = groups > 0 && 2 * pos > groups;
	snprintf(k->note, sizeof k->note, "candidate ROI positive in %d of %d %s with %d bets or more",
	    pos, groups, by_book ? "books" : "months", c->min_group);
}

/*
 * close_not_worse: the closing line's word on the candidate (issue 16).
 * Over the games either version bet on whose bets all have a closing
 * probability, the ROI difference at the close (stake-weighted expected
 * returns at the no-vig closing probability, docs/metrics.md) and its
 * delta-method standard error (rt_stats_ratio_diff).  It fails when the
 * candidate is credibly worse there: the upper end of the one-sided
 * (1 - alpha) bound below 0.  A candidate that won its holdout by luck
 * with worse prices, the usual way a search's winner passes on a market
 * with no edge, is caught here; one whose prices the close cannot judge
 * (no closing probabilities, bets at the close) is not held back.
 * The p-value is that of "better at the close" (H0: difference <= 0).
 */
static void
close_check(const struct rt_vcfg *c, struct rt_vreport *r, const struct rt_vset *cand,
    const struct rt_vset *base)
{
	struct rt_vcheck *k = check(r, "close_not_worse",
	    "one-sided t bound of the ROI difference at the close, games paired (delta method)");
	struct rt_vbet **all = rt_xmalloc((cand->n + base->n + 1) * sizeof *all);
	struct rt_game_pair *g = rt_xmalloc((cand->n + base->n + 1) * sizeof *g);
	size_t i, j, n = 0, ng = 0;
	double d, v, se, upper;

	for (i = 0; i < cand->n; i++)
		all[n++] = &cand->v[i];
	for (i = 0; i < base->n; i++)
		all[n++] = &base->v[i];
	qsort(all, n, sizeof *all, cmp_vbet_game);
	for (i = 0; i < n; i = j) {
		struct rt_game_pair gp = { 0, 0, 0, 0 };
		int priced = 1;

		for (j = i; j < n && strcmp(all[j]->game, all[i]->game) == 0; j++) {
			int is_c = all[j] >= cand->v && all[j] < cand->v + cand->n;

			if (isnan(all[j]->cev))
				priced = 0;
			else if (is_c) {
				gp.sc += all[j]->stake;
				gp.pc += all[j]->stake * all[j]->cev;
			} else {
				gp.sb += all[j]->stake;
				gp.pb += all[j]->stake * all[j]->cev;
			}
		}
		if (priced)
			g[ng++] = gp;
	}
	k->n = (int64_t)ng;
	k->threshold = 0;
	if (rt_stats_ratio_diff(g, ng, &d, &v) == 0) {
		se = sqrt(v / (double)ng);
		upper = d + (se > 0 ? gsl_cdf_tdist_Pinv(1 - c->alpha, (double)(ng - 1)) * se : 0);
		k->value = 100 * d;
		k->hi = 100 * upper;
		k->stat = se > 0 ? d / se : NAN;
		k->p = se > 0 ? gsl_cdf_tdist_Q(d / se, (double)(ng - 1)) : NAN;
		k->pass = upper >= 0;
		snprintf(k->note, sizeof k->note,
		    "%zu games with closing prices; upper bound %+.2f points", ng, k->hi);
	} else {
		k->pass = 1;
		snprintf(k->note, sizeof k->note,
		    "no closing-line comparison (%zu games with closing prices): not judged", ng);
	}
	free(all);
	free(g);
}

/* The bets with a closing probability, each valued at its expected
 * return at the close: profit = stake * cev (the closing-line evidence). */
static void
priced(const struct rt_vset *in, struct rt_vset *out)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (!isnan(in->v[i].cev)) {
			struct rt_vbet b = in->v[i];

			b.profit = b.stake * b.cev;
			rt_vset_add(out, &b);
		}
}

void
rt_validate(const struct rt_vcfg *c, enum rt_vlevel level, const struct rt_vset *cand,
    const struct rt_vset *base, int32_t from, int32_t until, const int32_t *gamedays,
    size_t ngamedays, struct rt_vreport *r)
{
	struct rt_vsum a, b, ra, rb;
	struct rt_vset pcand = { 0 }, pbase = { 0 };
	const struct rt_vset *rcand, *rbase;
	struct rt_vcheck *k;
	struct pair *p;
	size_t np, i, npc = 0, npb = 0;
	int paired, sample_ok, failed = 0, j, closeev;
	double diff;

	memset(r, 0, sizeof *r);
	r->level = level;
	/* the real bets: the sample, the win rate */
	rt_vsum(cand->v, cand->n, &ra);
	rt_vsum(base->v, base->n, &rb);
	/*
	 * The evidence: with the closing line, each bet's profit is its
	 * expected return at the close (no outcome noise: the edge and
	 * improvement checks see in a hundred bets what results show in
	 * thousands), over the bets that have one.  The sample and the win
	 * rate stay on the results.
	 */
	for (i = 0; i < cand->n; i++)
		npc += !isnan(cand->v[i].cev);
	for (i = 0; i < base->n; i++)
		npb += !isnan(base->v[i].cev);
	closeev = c->evidence == RT_EVIDENCE_CLOSE ||
	    (c->evidence == RT_EVIDENCE_AUTO && (int64_t)npc >= c->min_sample &&
	    (int64_t)npb >= c->min_sample);
	r->evidence = closeev ? "close" : "returns";
	rcand = cand;
	rbase = base;
	if (closeev) {
		priced(cand, &pcand);
		priced(base, &pbase);
		cand = &pcand;
		base = &pbase;
	}
	rt_vsum(cand->v, cand->n, &a);
	rt_vsum(base->v, base->n, &b);
	diff = isfinite(a.roi) && isfinite(b.roi) ? a.roi - b.roi : NAN;
	/* paired when the two bet on the same games: at least 90% of each
	 * version's games are shared */
	p = pairs(cand, base, &np);
	{
		int64_t gc = 0, gb = 0;

		for (i = 0; i < np; i++) {
			r->shared += p[i].in_c && p[i].in_b;
			gc += p[i].in_c;
			gb += p[i].in_b;
		}
		paired = gc > 0 && gb > 0 && r->shared >= 0.9 * (double)gc &&
		    r->shared >= 0.9 * (double)gb;
	}
	r->pairing = paired ? "paired" : "independent";

	/* basic */
	k = check(r, "sample", "count of settled bets in the holdout, each version");
	k->n = ra.n;
	k->n2 = rb.n;
	k->value = (double)(ra.n < rb.n ? ra.n : rb.n);
	k->threshold = (double)c->min_sample;
	k->pass = sample_ok = ra.n >= c->min_sample && rb.n >= c->min_sample;

	k = check(r, "improvement", closeev ?
	    "ROI(candidate) - ROI(baseline) at the close, points" :
	    "ROI(candidate) - ROI(baseline), points");
	k->n = a.n;
	k->n2 = b.n;
	k->value = diff;
	k->threshold = c->min_improvement;
	k->pass = isfinite(diff) && diff >= c->min_improvement;

	k = check(r, "roi", closeev ?
	    "ROI of the candidate, percent: at the close, or its results' when higher" :
	    "ROI of the candidate, percent");
	k->n = a.n;
	k->value = a.roi;
	/*
	 * A business floor, not a test (the tests are improvement_test and
	 * win_rate_vs_breakeven).  The close understates an edge built on
	 * what it has not taken in (a sharp's information: docs/metrics.md),
	 * so on the closing line the floor takes the higher of the two
	 * estimates of the candidate's ROI.
	 */
	if (closeev && isfinite(ra.roi) && (!isfinite(a.roi) || ra.roi > a.roi)) {
		k->value = ra.roi;
		snprintf(k->note, sizeof k->note, "the results' ROI: %.2f%% at the close", a.roi);
	}
	k->threshold = c->min_roi;
	k->pass = isfinite(k->value) && k->value >= c->min_roi;

	if (closeev) {
		/* the closing line's win rate: the mean no-vig closing
		 * probability of the candidate's sides, against the floor or
		 * the break-even rate of the same bets' prices */
		double sp = 0, sb = 0;

		k = check(r, "win_rate", "expected win rate of the candidate at the close");
		for (i = 0; i < cand->n; i++) {
			sp += (cand->v[i].cev + 1) / cand->v[i].dec;
			sb += 1 / cand->v[i].dec;
		}
		k->n = (int64_t)cand->n;
		k->value = cand->n ? sp / (double)cand->n : NAN;
		k->threshold = isnan(c->min_win_rate) ? (cand->n ? sb / (double)cand->n : NAN) :
		    c->min_win_rate;
	} else {
		k = check(r, "win_rate", "wins / (wins + losses) of the candidate");
		k->n = ra.wins + ra.losses;
		k->value = ra.wins + ra.losses ? (double)ra.wins / (double)(ra.wins + ra.losses) :
		    NAN;
		k->threshold = isnan(c->min_win_rate) ? ra.breakeven : c->min_win_rate;
	}
	k->pass = isfinite(k->value) && k->value >= k->threshold;
	if (isnan(c->min_win_rate))
		snprintf(k->note, sizeof k->note, "threshold: the break-even rate of its prices");

	if (level >= RT_V_STANDARD) {
		k = check(r, "improvement_test", paired ?
		    "one-sided t test of the ROI difference, games paired (delta method over the "
		    "games either bet on)" : "one-sided Welch t test of per-bet returns");
		if (paired) {
			/* ROI = sum profit / sum stake per version; over the G games of
			 * the union, z_g = (p_cg - R_c s_cg) / s_c - (p_bg - R_b s_bg) / s_b
			 * (s: mean stake a game) linearises R_c - R_b: its standard error
			 * is sd(z) / sqrt(G) (Cochran 1977, ratio estimators) */
			struct rt_game_pair *gp = rt_xmalloc((np + 1) * sizeof *gp);
			int64_t g = (int64_t)np;
			double d, v, t;

			for (i = 0; i < np; i++)
				gp[i] = (struct rt_game_pair){ p[i].sc, p[i].pc, p[i].sb, p[i].pb };
			if (rt_stats_ratio_diff(gp, np, &d, &v) == -1)
				d = v = NAN;
			free(gp);
			k->n = g;
			k->n2 = r->shared;
			k->value = 100 * d;
			t = v > 0 ? d / (sqrt(v) / sqrt((double)g)) : NAN;
			k->stat = t;
			k->p = isfinite(t) ? gsl_cdf_tdist_Q(t, (double)(g - 1)) : NAN;
		} else {
			double t = NAN;

			k->n = a.n;
			k->n2 = b.n;
			k->p = rt_stats_welch_below(b.mean, b.sd, b.n, a.mean, a.sd, a.n, &t);
			k->stat = -t;
			k->value = 100 * (a.mean - b.mean);
		}
		k->threshold = c->alpha;
		k->pass = isfinite(k->p) && k->p < c->alpha;

		k = check(r, "improvement_interval", paired ?
		    "percentile bootstrap of the ROI difference, resampling games" :
		    "percentile bootstrap of the ROI difference, resampling each version's bets");
		rt_vboot_diff(cand, base, paired, c->bootstrap, c->seed, c->confidence, &k->lo,
		    &k->hi);
		k->n = a.n;
		k->n2 = b.n;
		k->value = diff;
		k->threshold = 0;
		k->pass = isfinite(k->lo) && k->lo > 0;
		snprintf(k->note, sizeof k->note, "%d resamples, seed %llu, %.0f%% interval",
		    c->bootstrap, (unsigned long long)c->seed, 100 * c->confidence);

		if (closeev) {
			/* the closing line's form of the question: is the
			 * candidate's mean expected return at the close above 0? */
			double t = NAN;

			k = check(r, "win_rate_vs_breakeven",
			    "one-sided t test: the candidate's expected return at the close above 0");
			k->n = a.n;
			k->value = a.roi;
			k->threshold = c->alpha;
			k->p = isfinite(a.mean) && isfinite(a.sd) ?
			    1 - rt_stats_t_below(a.mean, a.sd, a.n, 0, &t) : NAN;
			if (isfinite(a.mean) && a.sd == 0)
				k->p = a.mean > 0 ? 0 : 1;
			k->stat = t;
			k->pass = isfinite(k->p) && k->p < c->alpha;
			snprintf(k->note, sizeof k->note,
			    "evidence: the closing line; value: ROI at the close, percent");
		} else {
		k = check(r, "win_rate_vs_breakeven",
		    "one-sided exact binomial: wins against the break-even rate of the prices taken");
		k->n = a.wins + a.losses;
		k->value = k->n ? (double)a.wins / (double)k->n : NAN;
		k->threshold = c->alpha;
		/* P(X >= wins) for X ~ Binomial(n, breakeven) */
		k->p = isfinite(a.breakeven) && k->n > 0 ?
		    rt_stats_binom_above(a.wins, k->n, a.breakeven) : NAN;
		k->pass = isfinite(k->p) && k->p < c->alpha;
		if (isfinite(a.breakeven))
			snprintf(k->note, sizeof k->note, "break-even rate of the prices taken: %.6f",
			    a.breakeven);
		else
			snprintf(k->note, sizeof k->note, "no decided bet with a price");
		}

		{
			double d[64];
			int n, pos;

			k = check(r, "temporal", "ROI difference in equal sub-periods of the holdout");
			n = spans(cand, base, from, until, c->periods < 64 ? c->periods : 64, d, &pos);
			k->n = n;
			k->value = n ? (double)pos / n : NAN;
			k->threshold = 0.5;
			k->pass = n >= 2 && 2 * pos > n;
			snprintf(k->note, sizeof k->note,
			    "improvement positive in %d of %d sub-periods (of %d) with bets of both",
			    pos, n, c->periods);
		}
		close_check(c, r, cand, base);
	}
	/* the stricter levels judge the money itself: the real results */
	cand = rcand;
	base = rbase;
	a = ra;
	b = rb;
	if (level >= RT_V_RIGOROUS) {
		double d[64], mean = 0, m2 = 0, v;
		int n, pos;

		k = check(r, "walk_forward",
		    "ROI difference per time fold: one-sided t bound, mean - t(1-a, K-1) sd/sqrt(K)");
		n = spans(cand, base, from, until, c->folds < 64 ? c->folds : 64, d, &pos);
		for (j = 0; j < n; j++) {
			double dd = d[j] - mean;

			mean += dd / (j + 1);
			m2 += dd * (d[j] - mean);
		}
		k->n = n;
		k->value = n > 1 ? mean - gsl_cdf_tdist_Pinv(1 - c->alpha, n - 1) *
		    sqrt(m2 / (n - 1)) / sqrt((double)n) : NAN;
		k->stat = n ? mean : NAN;
		k->threshold = 0;
		k->pass = n >= 2 && k->value > 0;
		snprintf(k->note, sizeof k->note, "%d folds with bets of both; positive in %d", n, pos);

		k = check(r, "max_drawdown", "largest fall of the candidate's bankroll, percent of peak");
		k->n = a.n;
		k->value = drawdown(cand, c->bankroll);
		k->threshold = c->max_drawdown;
		k->pass = k->value <= c->max_drawdown;
		snprintf(k->note, sizeof k->note, "bankroll %g units, the bets' own stakes", c->bankroll);

		k = check(r, "sharpe",
		    "daily profit mean / sd over the holdout's game days, x sqrt(game days a year)");
		k->n = (int64_t)ngamedays;
		k->value = daily_sharpe(cand, gamedays, ngamedays, c->season_days);
		snprintf(k->note, sizeof k->note, "%d game days a year", c->season_days);
		k->threshold = c->min_sharpe;
		k->pass = isfinite(k->value) && k->value >= c->min_sharpe;

		k = check(r, "ruin", "bootstrap paths of the candidate's bets: share that fall to the ruin level");
		k->n = a.n;
		k->value = ruin(c, cand);
		k->threshold = c->max_ruin;
		k->pass = isfinite(k->value) && k->value <= c->max_ruin;
		snprintf(k->note, sizeof k->note, "%d paths of %lld bets; ruin: %g%% of %g units",
		    c->bootstrap, (long long)a.n, 100 * c->ruin_level, c->bankroll);

		for (j = 1; j <= 3; j++) {
			char name[24];

			snprintf(name, sizeof name, "stress_%dpct", j);
			k = check(r, name, "candidate ROI with prices worse, minus the baseline's ROI");
			v = stressed_roi(cand, j / 100.0);
			k->n = a.n;
			k->value = isfinite(v) && isfinite(b.roi) ? v - b.roi : NAN;
			k->threshold = 0;
			k->pass = isfinite(k->value) && k->value > 0;
			snprintf(k->note, sizeof k->note,
			    "candidate's decimal odds x %.2f; the baseline at its own prices", 1 - j / 100.0);
		}
	}
	if (level >= RT_V_PRODUCTION) {
		double g3 = 0, g4 = 0, sr0;

		k = check(r, "deflated_sharpe",
		    "deflated Sharpe ratio (Bailey and Lopez de Prado 2014), per bet");
		if (a.n > 2 && a.sd > 0) {
			for (i = 0; i < cand->n; i++) {
				double z = (cand->v[i].stake > 0 ? cand->v[i].profit / cand->v[i].stake : 0) -
				    a.mean;

				g3 += z * z * z;
				g4 += z * z * z * z;
			}
			g3 /= (double)a.n * a.sd * a.sd * a.sd;
			g4 /= (double)a.n * a.sd * a.sd * a.sd * a.sd;
			k->value = rt_deflated_sharpe(a.mean / a.sd, a.n, g3, g4, c->trials, NAN, &sr0);
			k->stat = a.mean / a.sd;
		} else
			sr0 = NAN;
		k->n = a.n;
		k->n2 = c->trials;
		k->threshold = c->confidence;
		k->pass = isfinite(k->value) && k->value >= c->confidence;
		snprintf(k->note, sizeof k->note,
		    "%d trials; statistic: Sharpe per bet; the best of the trials without skill "
		    "is expected at %.4f", c->trials, sr0);

		k = check(r, "stability_books", "candidate ROI by book");
		stability(c, cand, 1, k);
		k = check(r, "stability_months", "candidate ROI by calendar month");
		stability(c, cand, 0, k);
	}
	free(p);
	for (j = 0; j < r->n; j++)
		failed += !r->c[j].pass;
	if (!sample_ok) {
		r->decision = "inconclusive";
		snprintf(r->why, sizeof r->why,
		    "too few bets to tell: %lld and %lld, %lld needed of each",
		    (long long)ra.n, (long long)rb.n, (long long)c->min_sample);
	} else if (failed) {
		r->decision = "fail";
		for (j = 0; j < r->n && r->c[j].pass; j++)
			;
		snprintf(r->why, sizeof r->why, "%d of %d checks failed, the first: %s", failed, r->n,
		    r->c[j].name);
	} else {
		r->decision = "pass";
		snprintf(r->why, sizeof r->why, "all %d checks passed", r->n);
	}
	rt_vset_release(&pcand);
	rt_vset_release(&pbase);
}

int32_t
rt_holdout_from(const int32_t *dates, size_t n, int32_t last, int min_days, int max_days,
    int64_t min_bets)
{
	int32_t from = last - (max_days > 0 ? max_days : 1) + 1, d;
	int64_t have = 0;
	size_t i;
	int64_t *per = rt_xmalloc((size_t)(last - from + 1) * sizeof *per);

	memset(per, 0, (size_t)(last - from + 1) * sizeof *per);
	for (i = 0; i < n; i++)
		if (dates[i] >= from && dates[i] <= last)
			per[dates[i] - from]++;
	/* walk back from the last day until both minimums hold */
	for (d = last; d >= from; d--) {
		have += per[d - from];
		if (last - d + 1 >= min_days && have >= min_bets)
			break;
	}
	free(per);
	return d < from ? from : d;
}

void
rt_vreport_checks(const struct rt_vreport *r, struct rt_jw *w)
{
	int j;

	rt_jw_arr(w);
	for (j = 0; j < r->n; j++) {
		const struct rt_vcheck *k = &r->c[j];

		rt_jw_obj(w);
		rt_jw_key(w, "name");
		rt_jw_str(w, k->name);
		rt_jw_key(w, "pass");
		rt_jw_bool(w, k->pass);
		rt_jw_key(w, "value");
		rt_jw_num(w, k->value);
		rt_jw_key(w, "threshold");
		rt_jw_num(w, k->threshold);
		rt_jw_key(w, "method");
		rt_jw_str(w, k->method);
		rt_jw_key(w, "n");
		rt_jw_int(w, k->n);
		if (k->n2) {
			rt_jw_key(w, "n2");
			rt_jw_int(w, k->n2);
		}
		if (isfinite(k->stat)) {
			rt_jw_key(w, "statistic");
			rt_jw_num(w, k->stat);
		}
		if (isfinite(k->p)) {
			rt_jw_key(w, "p_value");
			rt_jw_num(w, k->p);
		}
		if (isfinite(k->lo) || isfinite(k->hi)) {
			rt_jw_key(w, "interval");
			rt_jw_arr(w);
			rt_jw_num(w, k->lo);
			rt_jw_num(w, k->hi);
			rt_jw_end(w);
		}
		if (k->note[0]) {
			rt_jw_key(w, "note");
			rt_jw_str(w, k->note);
		}
		rt_jw_end(w);
	}
	rt_jw_end(w);
}
