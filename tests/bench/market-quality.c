/*
 * market-quality: what a simulated market offers each strategy, measured
 * against its hidden truth (issue 16, docs/market-model.md "The realistic
 * market").  Per strategy at its default parameters: bets a season, the
 * true ROI (the mean of p_true * decimal(odds) - 1), the closing-line
 * expected return (close_prob * decimal(odds) - 1), the realised ROI, and
 * the per-bet spreads of the return and of the closing-line figure.  Per
 * market: how far the reference close is from the truth (RMS in
 * probability, log loss on the results of the close and of the truth).
 *
 *	market-quality SEEDS [before|after] [STRATEGY={json}] [SETTING...]
 *
 * SETTING: "DATE:key=value" as rt-sim's --regime, or "realistic" for the
 * named setting (rt_sim_market_regimes).  before/after: only the games
 * before or after the first regime's date (default: all).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_season.h"
#include "rt_strategy.h"

#define FROM "2019-03-28"
#define TO "2019-09-29"

struct acc { double n, s, ss; };

static void
acc_add(struct acc *a, double x)
{
	a->n++;
	a->s += x;
	a->ss += x * x;
}

static double
acc_mean(const struct acc *a)
{
	return a->n > 0 ? a->s / a->n : NAN;
}

static double
acc_sd(const struct acc *a)
{
	double m = acc_mean(a);

	return a->n > 1 ? sqrt((a->ss - a->n * m * m) / (a->n - 1)) : NAN;
}

int
main(int argc, char *argv[])
{
	struct bench_regime rg[16];
	static char from[16][16], set[16][64];
	int seeds = argc > 1 ? atoi(argv[1]) : 5, nrg = 0, i, k, seed, part = 0;
	struct acc tev[8], cev[8], ret[8], cevsd[8], nb[8], rms, ll_close, ll_true;
	int32_t cut = 0;
	const char *over[8] = { NULL }, *market = "default";

	rt_err_init(argv[0]);
	rt_json_init();
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *c;

		if (strcmp(a, "before") == 0 || strcmp(a, "after") == 0) {
			part = a[0] == 'b' ? -1 : 1;
			continue;
		}
		if ((c = strchr(a, '=')) != NULL && c[1] == '{') {
			for (k = 0; rt_strategies[k] != NULL; k++)
				if (strncmp(rt_strategies[k]->name, a, (size_t)(c - a)) == 0 &&
				    rt_strategies[k]->name[c - a] == '\0')
					over[k] = c + 1;
			continue;
		}
		if (strcmp(a, "realistic") == 0) {
			market = "realistic";
			continue;
		}
		if ((c = strchr(a, ':')) == NULL || c - a != 10 || nrg == 16)
			rt_die(RT_EX_USAGE, "usage: market-quality SEEDS [before|after] [DATE:key=value|realistic]...");
		for (c++; *c != '\0' && nrg < 16; c += strcspn(c, ",") + (c[strcspn(c, ",")] == ',')) {
			snprintf(from[nrg], sizeof from[nrg], "%.10s", a);
			snprintf(set[nrg], sizeof set[nrg], "%.*s", (int)strcspn(c, ","), c);
			if (cut == 0 && strcmp(from[nrg], FROM) > 0)
				cut = bench_date(from[nrg]);
			rg[nrg].from = from[nrg];
			rg[nrg].setting = set[nrg];
			nrg++;
		}
	}
	memset(tev, 0, sizeof tev);
	memset(cev, 0, sizeof cev);
	memset(ret, 0, sizeof ret);
	memset(cevsd, 0, sizeof cevsd);
	memset(nb, 0, sizeof nb);
	memset(&rms, 0, sizeof rms);
	memset(&ll_close, 0, sizeof ll_close);
	memset(&ll_true, 0, sizeof ll_true);
	for (seed = 1; seed <= seeds; seed++) {
		struct bench_season s;

		bench_simulate_market(&s, (uint64_t)seed, market, FROM, TO, rg, nrg);
		for (k = 0; rt_strategies[k] != NULL; k++) {
			const struct rt_strategy *st = rt_strategies[k];
			double params[64];
			struct rt_bt_opts o;
			struct rt_bets b;
			size_t j;
			double n = 0;

			rt_params_defaults(st, params);
			if (over[k] != NULL) {
				struct rt_buf err = RT_BUF_INIT;
				const char *why;
				struct rt_json *po = rt_json_parse(NULL, over[k], strlen(over[k]), &why, NULL);

				if (po == NULL || rt_params_from_json(st, po, params, &err) == -1)
					rt_die(RT_EX_USAGE, "%s: bad parameters", over[k]);
				rt_json_free(po);
				rt_buf_release(&err);
			}
			memset(&o, 0, sizeof o);
			o.s = st;
			o.params = params;
			o.bankroll = 100;
			o.now = INT64_MAX;
			rt_bets_init(&b);
			rt_backtest_run(&s.gs, &o, &b);
			for (j = 0; j < b.n; j++) {
				const struct rt_bet *x = &b.v[j];
				double t = bench_truth_ev(&s, x), d = rt_odds_decimal(x->odds);

				if (part != 0 && cut != 0 && (part < 0) != (x->g->date < cut))
					continue;
				if (x->status != RT_BET_WIN && x->status != RT_BET_LOSS &&
				    x->status != RT_BET_PUSH)
					continue;
				n++;
				if (isfinite(t))
					acc_add(&tev[k], t);
				acc_add(&ret[k], x->profit / x->stake);
				if (!isnan(x->close_prob)) {
					acc_add(&cev[k], x->close_prob * d - 1);
					acc_add(&cevsd[k], x->close_prob * d - 1);
				}
			}
			acc_add(&nb[k], n);
			rt_bets_release(&b);
		}
		for (i = 0; i < (int)s.gs.n; i++) {
			const struct rt_game *g = &s.gs.v[i];
			struct bench_truth key, *t;
			double q = rt_close_fair_home(&s.gs, g, INT64_MAX);
			int hw;

			if (part != 0 && cut != 0 && (part < 0) != (g->date < cut))
				continue;
			snprintf(key.id, sizeof key.id, "%s", g->id);
			t = bsearch(&key, s.tr, s.ntr, sizeof *s.tr, bench_truth_cmp);
			if (t == NULL || q <= 0 || q >= 1 || !g->has_result ||
			    g->home_score == g->away_score)
				continue;
			hw = g->home_score > g->away_score;
			acc_add(&rms, (q - t->p_home) * (q - t->p_home));
			acc_add(&ll_close, -log(hw ? q : 1 - q));
			acc_add(&ll_true, -log(hw ? t->p_home : 1 - t->p_home));
		}
		bench_season_release(&s);
	}
	printf("   %-14s %8s %9s %9s %9s %8s %8s\n", "strategy", "bets/yr", "true ROI",
	    "close EV", "realised", "sd ret", "sd cev");
	for (k = 0; rt_strategies[k] != NULL; k++)
		printf("   %-14s %8.0f %+8.2f%% %+8.2f%% %+8.2f%% %8.3f %8.4f\n",
		    rt_strategies[k]->name, acc_mean(&nb[k]), 100 * acc_mean(&tev[k]),
		    100 * acc_mean(&cev[k]), 100 * acc_mean(&ret[k]), acc_sd(&ret[k]),
		    acc_sd(&cevsd[k]));
	printf("   close against the truth: RMS %.4f in probability; log loss close %.4f, truth %.4f (%.0f games)\n",
	    sqrt(acc_mean(&rms)), acc_mean(&ll_close), acc_mean(&ll_true), ll_close.n);
	return 0;
}
