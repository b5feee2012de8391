/* rt_metrics: bet and market measures (see rt_metrics.h, docs/metrics.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rt_games.h"
#include "rt_metrics.h"
#include "rt_odds.h"
#include "rt_strategy.h"
#include "rt_time.h"

void
rt_change_init(struct rt_change *c, int warmup, double k, double delta)
{
	memset(c, 0, sizeof *c);
	c->warmup = warmup < 2 ? 2 : warmup > 256 ? 256 : warmup;
	c->k = k;
	c->delta = delta;
}

static void
change_step(struct rt_change *c, double x)
{
	double z = c->sd0 > 0 ? (x - c->mu0) / c->sd0 : 0;

	c->n++;
	/* lower CUSUM (Page 1954): grows while values run below the reference */
	c->cusum = fmax(0, c->cusum - z - c->k);
	if (c->cusum > c->cusum_max)
		c->cusum_max = c->cusum;
	/* Page-Hinkley for a decrease: m_t = sum(mean_t - z_i - delta) */
	c->ph_n++;
	c->ph_mean += (z - c->ph_mean) / (double)c->ph_n;
	c->ph_sum += c->ph_mean - z - c->delta;
	if (c->ph_sum < c->ph_min)
		c->ph_min = c->ph_sum;
}

void
rt_change_add(struct rt_change *c, double x)
{
	int i;

	if (!isfinite(x))
		return;
	if (c->nw < c->warmup) {
		c->wv[c->nw++] = x;
		if (c->nw == c->warmup) {
			double m = 0, s = 0;

			for (i = 0; i < c->nw; i++)
				m += c->wv[i];
			m /= c->nw;
			for (i = 0; i < c->nw; i++)
				s += (c->wv[i] - m) * (c->wv[i] - m);
			c->mu0 = m;
			c->sd0 = sqrt(s / (c->nw - 1));
			for (i = 0; i < c->nw; i++)
				change_step(c, c->wv[i]);
		}
		return;
	}
	change_step(c, x);
}

void
rt_mbet_prices(struct rt_mbet *b, long odds, long close_odds)
{
	b->implied = b->clv = NAN;
	b->cev = NAN;
	if (!rt_odds_valid(odds))
		return;
	b->implied = 1 / rt_odds_decimal(odds);
	if (rt_odds_valid(close_odds))
		b->clv = 100 * (rt_odds_decimal(odds) / rt_odds_decimal(close_odds) - 1);
}

void
rt_change_stats(const struct rt_change *c, double *cusum, double *cusum_max, double *ph)
{
	int warm = c->nw >= c->warmup;

	*cusum = warm ? c->cusum : NAN;
	*cusum_max = warm ? c->cusum_max : NAN;
	/* PH_T = m_T - min_t m_t: how far the sum rose above its low */
	*ph = warm ? c->ph_sum - c->ph_min : NAN;
}

void
rt_change_write(const struct rt_change *c, struct rt_jw *w)
{
	int warm = c->nw >= c->warmup;
	double cusum, cusum_max, ph;

	rt_jw_obj(w);
	rt_jw_key(w, "n");
	rt_jw_int(w, warm ? c->n : c->nw);
	rt_jw_key(w, "warmup");
	rt_jw_int(w, c->warmup);
	rt_jw_key(w, "mu0");
	if (warm) rt_jw_num(w, c->mu0); else rt_jw_null(w);
	rt_jw_key(w, "sd0");
	if (warm) rt_jw_num(w, c->sd0); else rt_jw_null(w);
	rt_jw_key(w, "cusum");
	rt_jw_obj(w);
	rt_jw_key(w, "k");
	rt_jw_num(w, c->k);
	rt_change_stats(c, &cusum, &cusum_max, &ph);
	rt_jw_key(w, "stat");
	rt_jw_num(w, cusum);	/* null when NAN */
	rt_jw_key(w, "max");
	rt_jw_num(w, cusum_max);
	rt_jw_end(w);
	rt_jw_key(w, "page_hinkley");
	rt_jw_obj(w);
	rt_jw_key(w, "delta");
	rt_jw_num(w, c->delta);
	rt_jw_key(w, "stat");
	rt_jw_num(w, ph);
	rt_jw_end(w);
	rt_jw_end(w);
}

void
rt_macc_init(struct rt_macc *a, double bankroll)
{
	memset(a, 0, sizeof *a);
	a->bank = a->peak = bankroll;
}

void
rt_macc_add(struct rt_macc *a, const struct rt_mbet *b)
{
	a->any = 1;
	if (b->status == RT_M_VOID) {
		a->voids++;
		return;
	}
	if (isfinite(b->clv)) {
		a->clv_sum += b->clv;
		a->clv_n++;
	}
	if (isfinite(b->cev)) {
		double d = b->cev - a->cev_mean;

		a->cev_n++;
		a->cev_mean += d / (double)a->cev_n;
		a->cev_m2 += d * (b->cev - a->cev_mean);
	}
	if (b->status == RT_M_PENDING) {
		a->pending++;
		return;
	}
	a->bets++;
	a->wins += b->status == RT_M_WIN;
	a->losses += b->status == RT_M_LOSS;
	a->pushes += b->status == RT_M_PUSH;
	if (b->status != RT_M_PUSH && isfinite(b->implied)) {
		a->be_sum += b->implied;
		a->be_n++;
	}
	a->staked += b->stake;
	a->profit += b->profit;
	if (b->stake > 0) {
		/* Welford: equal returns give a variance of exactly 0, where
		 * sums of squares left rounding noise and a huge Sharpe */
		double r = b->profit / b->stake, delta = r - a->mean_r;

		a->n_r++;
		a->mean_r += delta / (double)a->n_r;
		a->m2_r += delta * (r - a->mean_r);
	}
	a->bank += b->profit;
	if (a->bank > a->peak)
		a->peak = a->bank;
	else if (a->peak > 0 && (a->peak - a->bank) / a->peak > a->maxdd)
		a->maxdd = (a->peak - a->bank) / a->peak;
}

void
rt_macc_figures(const struct rt_macc *a, struct rt_mfig *f)
{
	double n = (double)a->bets;

	f->bets = a->bets;
	f->wins = a->wins;
	f->losses = a->losses;
	f->pushes = a->pushes;
	f->pending = a->pending;
	f->staked = a->staked;
	f->profit = a->profit;
	f->roi_pct = a->staked > 0 ? 100 * a->profit / a->staked : NAN;
	f->win_rate = a->wins + a->losses > 0 ?
	    (double)a->wins / (double)(a->wins + a->losses) : NAN;
	f->max_drawdown_pct = a->bets > 0 ? 100 * a->maxdd : NAN;
	f->sharpe = NAN;
	f->return_n = a->n_r;
	f->return_mean = a->n_r > 0 ? a->mean_r : NAN;
	f->return_sd = NAN;
	if (a->n_r >= 2) {
		double var = a->m2_r / (double)(a->n_r - 1);

		f->return_sd = sqrt(var);
		if (var > 0)
			f->sharpe = a->mean_r / sqrt(var);
	}
	(void)n;
	f->breakeven_rate = a->be_n > 0 ? a->be_sum / (double)a->be_n : NAN;
	f->clv_pct = a->clv_n > 0 ? a->clv_sum / (double)a->clv_n : NAN;
	f->close_ev_n = a->cev_n;
	f->close_ev_pct = a->cev_n > 0 ? 100 * a->cev_mean : NAN;
	f->close_ev_sd = a->cev_n > 1 ? 100 * sqrt(a->cev_m2 / (double)(a->cev_n - 1)) : NAN;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

double
rt_quantile(double *v, size_t n, double q)
{
	size_t i;

	if (n == 0)
		return NAN;
	qsort(v, n, sizeof *v, cmp_double);
	i = (size_t)ceil(q * (double)n);
	return v[i == 0 ? 0 : i - 1];
}

double
rt_psi(const double *ref, size_t nref, const double *rec, size_t nrec)
{
	double *r, edges[9], psi = 0;
	size_t cr[10] = { 0 }, cq[10] = { 0 }, i;
	int b;

	if (nref < 10 || nrec < 10)
		return NAN;
	r = rt_xmalloc(nref * sizeof *r);
	memcpy(r, ref, nref * sizeof *r);
	for (b = 0; b < 9; b++)
		edges[b] = rt_quantile(r, nref, (b + 1) / 10.0);
	free(r);
	for (i = 0; i < nref + nrec; i++) {
		double x = i < nref ? ref[i] : rec[i - nref];

		for (b = 0; b < 9 && x > edges[b]; b++)
			;
		if (i < nref)
			cr[b]++;
		else
			cq[b]++;
	}
	for (b = 0; b < 10; b++) {
		/* an empty bin gets a small share, not a log of zero */
		double p = fmax((double)cr[b] / (double)nref, 1e-4);
		double q = fmax((double)cq[b] / (double)nrec, 1e-4);

		psi += (q - p) * log(q / p);
	}
	return psi;
}

double
rt_ks(const double *a, size_t na, const double *b, size_t nb, double *p)
{
	double *x, *y, d = 0, ne, lambda, sum = 0, term;
	size_t i = 0, j = 0;
	int k;

	*p = NAN;
	if (na == 0 || nb == 0)
		return NAN;
	x = rt_xmalloc(na * sizeof *x);
	y = rt_xmalloc(nb * sizeof *y);
	memcpy(x, a, na * sizeof *x);
	memcpy(y, b, nb * sizeof *y);
	qsort(x, na, sizeof *x, cmp_double);
	qsort(y, nb, sizeof *y, cmp_double);
	while (i < na && j < nb) {
		double v = x[i] < y[j] ? x[i] : y[j];

		while (i < na && x[i] <= v)
			i++;
		while (j < nb && y[j] <= v)
			j++;
		d = fmax(d, fabs((double)i / (double)na - (double)j / (double)nb));
	}
	free(x);
	free(y);
	/* Kolmogorov's limiting distribution with Stephens' correction
	 * (Numerical Recipes 14.3). */
	ne = (double)na * (double)nb / (double)(na + nb);
	lambda = (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) * d;
	for (k = 1; k <= 100; k++) {
		term = 2 * ((k % 2) ? 1 : -1) * exp(-2.0 * k * k * lambda * lambda);
		sum += term;
		if (fabs(term) < 1e-10)
			break;
	}
	/* the series fails to converge only for tiny lambda: p is 1 there */
	*p = k > 100 || lambda < 1e-3 ? 1 : fmin(1, fmax(0, sum));
	return d;
}

int
rt_market_features(const struct rt_games *gs, const struct rt_game *g, int64_t now,
    struct rt_mfeat *f)
{
	const struct rt_odds_snap *o, *c;
	double bets, money, tk, open, close;
	int ref = rt_ref_book(gs, g);

	if (ref < 0)
		return -1;
	o = rt_book_open(&g->books[ref]);
	c = rt_book_close(&g->books[ref]);
	if (o == NULL || c == NULL || c->t > now || o->t > now)
		return -1;
	/*
	 * Of a game cut at `now` (rt-store export --now), the last snapshot
	 * is not its close until the market has closed: a snapshot tagged
	 * close, or the first pitch (else the end of the day) by now.  A game
	 * in play would count its move so far as its whole move.
	 */
	if (c->tag != RT_TAG_CLOSE &&
	    (g->start != INT64_MIN ? g->start > now : rt_date_time(g->date + 1) > now))
		return -1;
	open = rt_fair_home(o);
	close = rt_fair_home(c);
	if (open < 0 || close < 0)
		return -1;
	f->date = g->date;
	f->known = c->t > o->t ? c->t : o->t;
	if (c->tag != RT_TAG_CLOSE) {
		int64_t closed = g->start != INT64_MIN ? g->start : rt_date_time(g->date + 1);

		if (closed > f->known)
			f->known = closed;
	}
	f->move = fabs(close - open);
	f->margin = c->home_ml && c->away_ml ?
	    rt_odds_implied(c->home_ml) + rt_odds_implied(c->away_ml) - 1 : NAN;
	f->diff = rt_splits_at(g, now, &bets, &money, &tk) == 0 ? money - bets : NAN;
	return 0;
}
