/*
 * detect-quality: rt-detect's decision-quality benchmark (issue 6,
 * docs/triggers.md).  On simulated seasons whose truth is known:
 *
 *   - a stationary market: how many triggers a strategy-season gets,
 *   - a regime change of the realistic market (docs/market-model.md) that
 *     takes about 8 points of ROI from the strategy: the delay to the
 *     first trigger, in bets and days,
 *
 * for rt's rules with the market-shape rules on and off, and for the
 * naive rule (the same thresholds without sample-size and significance
 * gating), in one run.
 *
 * Every figure goes through the code rt-metrics and rt-detect use:
 * rt_sim (the market), rt_backtest (the bets), rt_macc and rt_change (the
 * metric records), rt_market_features, rt_psi and rt_ks (the market
 * records), rt_detect_* (the rules).  What the benchmark adds is the
 * replay: day by day, as of the end of each day, the records that the
 * daily pipeline would give rt-detect, and what an operator does with a
 * trigger: retrain (a new version, whose metrics start afresh, trained on
 * the data so far), then a cooldown.
 *
 *	detect-quality SEEDS [STRATEGY [CHANGE]]
 *
 * CHANGE: the regime from June 1, "key=value,..." (default: the books
 * stop lagging, rec_follow=0.9,market_speed=0.9).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_season.h"
#include "rt_backtest.h"
#include "rt_detect.h"
#include "rt_err.h"
#include "rt_games.h"
#include "rt_json.h"
#include "rt_metrics.h"
#include "rt_odds.h"
#include "rt_sim.h"
#include "rt_strategy.h"
#include "rt_time.h"

/* The market: the realistic one (rt_sim_markets), the season 2019; the
 * change on June 1.  By default the recreational books stop lagging the
 * sharp books and the sharp books move at once: line_movement's true ROI
 * falls from about +6% to about -2% (docs/market-model.md), and its
 * prices show it.  "sharp_noise=0.2" is the change the close cannot see. */
#define SEASON_FROM "2019-03-28"
#define SEASON_TO "2019-09-29"
#define CHANGE "2019-06-01"
static const char *POST = "rec_follow=0.9,market_speed=0.9";

/* Before the change and throughout; after the change on CHANGE. */
static void
simulate(struct bench_season *s, uint64_t seed, int change)
{
	struct bench_regime rg[8];
	static char keys[8][64];
	const char *p = POST;
	int n = 0;

	while (change && *p != '\0' && n < 8) {
		size_t len = strcspn(p, ",");

		snprintf(keys[n], sizeof keys[n], "%.*s", (int)len, p);
		rg[n].from = CHANGE;
		rg[n].setting = keys[n];
		n++;
		p += len + (p[len] == ',');
	}
	bench_simulate_market(s, seed, "realistic", SEASON_FROM, SEASON_TO, rg, n);
}

static void
to_mbet(const struct rt_bet *b, struct rt_mbet *m)
{
	static const unsigned char st[] = { RT_M_PENDING, RT_M_WIN, RT_M_LOSS, RT_M_PUSH,
		RT_M_VOID };

	memset(m, 0, sizeof *m);
	m->t = b->placed;
	m->date = b->g->date;
	m->stake = b->stake;
	m->profit = b->profit;
	m->status = st[b->status];
	rt_mbet_prices(m, b->odds, b->close_odds);
	m->cev = isnan(b->close_prob) ? NAN : rt_odds_close_ev(b->odds, b->close_prob);
}

static void
change_to_d(const struct rt_change *c, struct rt_dchange *d)
{
	double cmax;

	memset(d, 0, sizeof *d);
	d->present = 1;
	d->n = c->n;
	d->warmup = c->warmup;
	d->cusum_k = c->k;
	d->ph_delta = c->delta;
	rt_change_stats(c, &d->cusum_stat, &cmax, &d->ph_stat);
}

/* What a replay found. */
struct run {
	int triggers[RT_T_COUNT];	/* before the change (all, when stationary) */
	int total;
	int business;		/* floors a truly-below strategy met: not false */
	int32_t first_after;		/* first trigger day on or after the change */
	int64_t bets_to_first;		/* the strategy's bets from the change to it */
	int first_types[RT_T_COUNT];	/* the types of that trigger */
	double roi_pre, roi_post;	/* expected ROI (truth) of the bets */
};

static double *feat_buf_rec, *feat_buf_ref;
/* The season's truth of the strategy, percent: its true ROI and its mean
 * expected return at the close, to tell a business trigger (a floor the
 * strategy truly is below) from a false alarm. */
static double g_true_roi, g_true_cev;

static int
business(const struct rt_dcfg *c, const struct rt_dfire *f, int n)
{
	int t;

	for (t = 0; t < n; t++) {
		if ((strcmp(f[t].rule, "roi_floor") == 0 || strcmp(f[t].rule, "win_rate_floor") == 0) &&
		    g_true_roi < c->min_roi)
			continue;
		if (strcmp(f[t].rule, "close_ev_floor") == 0 && g_true_cev < c->min_close_ev)
			continue;
		return 0;
	}
	return 1;
}

static void
replay(const struct bench_season *s, const struct rt_bets *bets, const struct rt_mfeat *feat,
    size_t nfeat, const struct rt_dcfg *c, int market, int32_t change, struct run *r)
{
	int32_t from = bench_date(SEASON_FROM), to = bench_date(SEASON_TO), d;
	int32_t version_start = from, trained = -1, cool_until = -1;
	size_t i;
	int k, t;
	const char *fname[3] = { "move", "differential", "margin" };

	(void)s;
	memset(r, 0, sizeof *r);
	r->first_after = -1;
	for (d = from + 1; d <= to; d++) {
		/* the check at midnight after day d - 1: its bets all settled */
		int64_t as_of = rt_date_time(d) - 1;
		struct rt_macc acc[3];
		struct rt_change ret, clv;
		struct rt_dwin w[3];
		struct rt_dchange dret, dclv;
		struct rt_dfire f[64];
		int n = 0, fired[RT_T_COUNT] = { 0 };

		if (d < cool_until)
			continue;
		for (k = 0; k < 3; k++)
			rt_macc_init(&acc[k], 100);
		rt_change_init(&ret, 50, 0.5, 0.1);
		rt_change_init(&clv, 50, 0.5, 0.1);
		for (i = 0; i < bets->n; i++) {
			const struct rt_bet *b = &bets->v[i];
			struct rt_mbet m;

			/* the bets of the current version settled by the end of d */
			if (b->g->date < version_start || b->g->date >= d)
				continue;
			to_mbet(b, &m);
			for (k = 0; k < 3; k++)
				if (rt_date_time(m.date) > as_of - (int64_t)c->days[k] * 86400)
					rt_macc_add(&acc[k], &m);
			if (m.status != RT_M_VOID && m.status != RT_M_PENDING && m.stake > 0)
				rt_change_add(&ret, m.profit / m.stake);
			if (m.status != RT_M_VOID && isfinite(m.clv))
				rt_change_add(&clv, m.clv);
		}
		for (k = 0; k < 3; k++) {
			w[k].present = 1;
			rt_macc_figures(&acc[k], &w[k].m);
		}
		change_to_d(&ret, &dret);
		change_to_d(&clv, &dclv);
		n += rt_detect_perf(c, w, f + n, 64 - n);
		n += rt_detect_drift(c, &dret, &dclv, f + n, 64 - n);
		/* market records: 7d, 30d, 90d against the 90 days before each;
		 * a shift the production version was trained on does not count */
		for (k = 0; k < 3 && market; k++) {
			int64_t W = (int64_t)c->days[k] * 86400, R = 90 * 86400;
			int fe;

			if (trained >= 0 && as_of - W < rt_date_time(trained + 1))
				continue;
			for (fe = 0; fe < 3; fe++) {
				struct rt_dmarket m;
				size_t nrec = 0, nref = 0;

				memset(&m, 0, sizeof m);
				for (i = 0; i < nfeat; i++) {
					int64_t ds = rt_date_time(feat[i].date);
					double v = fe == 0 ? feat[i].move : fe == 1 ? feat[i].diff :
					    feat[i].margin;

					if (!isfinite(v) || feat[i].known > as_of || ds > as_of)
						continue;
					if (ds > as_of - W)
						feat_buf_rec[nrec++] = v;
					else if (ds > as_of - W - R)
						feat_buf_ref[nref++] = v;
				}
				snprintf(m.feature, sizeof m.feature, "%s", fname[fe]);
				snprintf(m.window, sizeof m.window, "%dd", c->days[k]);
				m.n = (int64_t)nrec;
				m.nref = (int64_t)nref;
				m.psi = rt_psi(feat_buf_ref, nref, feat_buf_rec, nrec);
				m.ks = nrec >= 10 && nref >= 10 ? rt_ks(feat_buf_rec, nrec,
				    feat_buf_ref, nref, &m.ks_p) : NAN;
				if (!isfinite(m.ks))
					m.ks_p = NAN;
				n += rt_detect_market(c, &m, f + n, 64 - n);
			}
		}
		if (n == 0)
			continue;
		for (t = 0; t < n; t++) {
			fired[f[t].type] = 1;
			if (getenv("DQ_DEBUG") && !c->naive)
				fprintf(stderr, "%s day %d: %s\n", change < 0 ? "stationary" : "change",
				    d - from, f[t].reason);
		}
		/* one trigger per type; the operator retrains on all data so far */
		if (change < 0 && business(c, f, n))
			r->business++;
		else
			for (t = 0; t < RT_T_COUNT; t++)
				if (fired[t] && (change < 0 || d < change))
					r->triggers[t]++;
		r->total++;
		if (change >= 0 && d >= change && r->first_after < 0) {
			r->first_after = d;
			memcpy(r->first_types, fired, sizeof fired);
			for (i = 0; i < bets->n; i++)
				r->bets_to_first += bets->v[i].g->date >= change &&
				    bets->v[i].g->date < d;
		}
		version_start = d;
		trained = d - 1;
		cool_until = d + (int32_t)ceil(c->cooldown_h / 24);
	}
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static double
median_i64(int64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_i64);
	return n % 2 ? (double)v[n / 2] : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
}

int
main(int argc, char *argv[])
{
	int seeds = argc > 1 ? atoi(argv[1]) : 20;
	const char *sname = argc > 2 ? argv[2] : "line_movement";
	const struct rt_strategy *st = rt_strategy_find(sname);
	/* rt with the market rules, rt without them, the naive rule */
	struct rt_dcfg cfg[3];
	static const int market_on[3] = { 1, 0, 1 };
	int64_t *delay_b[3], *delay_d[3];
	int false_n[3][RT_T_COUNT], false_total[3], miss[3], seed, v, sc, t;
	int first_n[3][RT_T_COUNT], business_n[3] = { 0, 0, 0 };
	double roi[2][2] = { { 0, 0 }, { 0, 0 } };
	int64_t nbets[2][2] = { { 0, 0 }, { 0, 0 } };
	double p[64];

	rt_err_init(argv[0]);
	rt_json_init();
	if (argc > 3)
		POST = argv[3];
	if (st == NULL || seeds < 1)
		rt_die(RT_EX_USAGE, "usage: detect-quality SEEDS [STRATEGY]");
	rt_params_defaults(st, p);
	rt_dcfg_defaults(&cfg[0]);
	/* a strategy that bets underdogs wins less than half its bets by
	 * design: its win-rate floor is the break-even rate of its prices
	 * (docs/triggers.md); the same for both rules */
	cfg[0].min_wr = NAN;
	cfg[0].wr_warn = NAN;
	cfg[1] = cfg[0];
	cfg[2] = cfg[0];
	cfg[2].naive = 1;
	memset(false_n, 0, sizeof false_n);
	memset(false_total, 0, sizeof false_total);
	memset(miss, 0, sizeof miss);
	memset(first_n, 0, sizeof first_n);
	for (v = 0; v < 3; v++) {
		delay_b[v] = rt_xmalloc((size_t)seeds * sizeof **delay_b);
		delay_d[v] = rt_xmalloc((size_t)seeds * sizeof **delay_d);
	}
	feat_buf_rec = rt_xmalloc(8192 * sizeof *feat_buf_rec);
	feat_buf_ref = rt_xmalloc(8192 * sizeof *feat_buf_ref);
	for (seed = 1; seed <= seeds; seed++) {
		for (sc = 0; sc < 2; sc++) {
			struct bench_season s;
			struct rt_bets bets;
			struct rt_bt_opts o;
			struct rt_mfeat *feat;
			size_t i, nfeat = 0;
			int32_t change = sc ? bench_date(CHANGE) : -1;

			simulate(&s, (uint64_t)seed, sc);
			memset(&o, 0, sizeof o);
			o.s = st;
			o.params = p;
			o.bankroll = 100;
			o.now = INT64_MAX;
			rt_bets_init(&bets);
			rt_backtest_run(&s.gs, &o, &bets);
			{
				double sev = 0, scev = 0;
				int64_t nev = 0, ncev = 0;

				for (i = 0; i < bets.n; i++) {
					const struct rt_bet *x = &bets.v[i];
					double ev = bench_truth_ev(&s, x);
					int post = sc && x->g->date >= bench_date(CHANGE);

					if (isfinite(ev)) {
						roi[sc][post] += ev;
						nbets[sc][post]++;
						sev += ev;
						nev++;
					}
					if (!isnan(x->close_prob)) {
						scev += rt_odds_close_ev(x->odds, x->close_prob);
						ncev++;
					}
				}
				g_true_roi = nev ? 100 * sev / (double)nev : NAN;
				g_true_cev = ncev ? 100 * scev / (double)ncev : NAN;
			}
			feat = rt_xmalloc((s.gs.n + 1) * sizeof *feat);
			for (i = 0; i < s.gs.n; i++)
				if (rt_market_features(&s.gs, &s.gs.v[i], INT64_MAX, &feat[nfeat]) == 0)
					nfeat++;
			if (nfeat > 8192)
				rt_die(RT_EX_SOFTWARE, "more games than the buffers hold");
			for (v = 0; v < 3; v++) {
				struct run r;

				replay(&s, &bets, feat, nfeat, &cfg[v], market_on[v], change, &r);
				if (sc == 0) {
					for (t = 0; t < RT_T_COUNT; t++)
						false_n[v][t] += r.triggers[t];
					false_total[v] += r.total - r.business;
					business_n[v] += r.business;
				} else if (r.first_after < 0) {
					miss[v]++;
					delay_b[v][seed - 1] = INT64_MAX;
					delay_d[v][seed - 1] = INT64_MAX;
				} else {
					for (t = 0; t < RT_T_COUNT; t++)
						first_n[v][t] += r.first_types[t];
					delay_b[v][seed - 1] = r.bets_to_first;
					delay_d[v][seed - 1] = r.first_after - change + 1;
				}
			}
			free(feat);
			rt_bets_release(&bets);
			bench_season_release(&s);
		}
		fprintf(stderr, "\r   seed %d of %d", seed, seeds);
	}
	fprintf(stderr, "\r");
	printf("   %s, %d seeds, season %s..%s, the realistic market; from %s: %s\n", sname,
	    seeds, SEASON_FROM, SEASON_TO, CHANGE, POST);
	printf("   expected ROI from the truth: stationary %+.2f%% (%.0f bets a season); "
	    "change %+.2f%% before, %+.2f%% after\n",
	    100 * roi[0][0] / (double)nbets[0][0], (double)nbets[0][0] / seeds,
	    100 * roi[1][0] / (double)nbets[1][0], 100 * roi[1][1] / (double)nbets[1][1]);
	printf("   %-34s %14s %14s %14s\n", "", "rt-detect", "no market rules", "naive rule");
	printf("   %-34s %14.2f %14.2f %14.2f   (target: at most 1)\n",
	    "false triggers per strategy-season", (double)false_total[0] / seeds,
	    (double)false_total[1] / seeds, (double)false_total[2] / seeds);
	printf("   %-34s %14.2f %14.2f %14.2f\n",
	    "business triggers (truly below a floor)", (double)business_n[0] / seeds,
	    (double)business_n[1] / seeds, (double)business_n[2] / seeds);
	for (t = 0; t < RT_T_COUNT; t++)
		if (false_n[0][t] || false_n[1][t] || false_n[2][t])
			printf("   %-34s %14.2f %14.2f %14.2f\n", rt_ttype_name((enum rt_ttype)t),
			    (double)false_n[0][t] / seeds, (double)false_n[1][t] / seeds,
			    (double)false_n[2][t] / seeds);
	/* undetected runs count as infinitely late (INT64_MAX) in the medians */
	{
		double mb[3], md[3];
		char bb[3][32], bd[3][32];

		for (v = 0; v < 3; v++) {
			mb[v] = median_i64(delay_b[v], seeds);
			md[v] = median_i64(delay_d[v], seeds);
			if (mb[v] >= 1e18)
				snprintf(bb[v], sizeof bb[v], "never");
			else
				snprintf(bb[v], sizeof bb[v], "%.0f", mb[v]);
			if (md[v] >= 1e18)
				snprintf(bd[v], sizeof bd[v], "never");
			else
				snprintf(bd[v], sizeof bd[v], "%.0f", md[v]);
		}
		printf("   %-34s %14s %14s %14s   (target: under 150)\n",
		    "median delay to a trigger, bets", bb[0], bb[1], bb[2]);
		printf("   %-34s %14s %14s %14s\n", "median delay to a trigger, days", bd[0], bd[1],
		    bd[2]);
		printf("   %-34s %14d %14d %14d\n", "changes never detected", miss[0], miss[1],
		    miss[2]);
		printf("   first trigger after the change, by type (runs):\n");
		for (t = 0; t < RT_T_COUNT; t++)
			if (first_n[0][t] || first_n[1][t] || first_n[2][t])
				printf("   %-34s %14d %14d %14d\n", rt_ttype_name((enum rt_ttype)t),
				    first_n[0][t], first_n[1][t], first_n[2][t]);
	}
	for (v = 0; v < 3; v++) {
		free(delay_b[v]);
		free(delay_d[v]);
	}
	free(feat_buf_rec);
	free(feat_buf_ref);
	return 0;
}
