/*
 * bench_season.h: a simulated season with its truth, for the
 * decision-quality benchmarks (detect-quality, rollout-quality): rt_sim's
 * games decoded as rt_games, every game's true home-win probability, and
 * a bet's expected return under it.  Header only, like tests/unit/rt_test.h.
 */
#ifndef BENCH_SEASON_H
#define BENCH_SEASON_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_backtest.h"
#include "rt_err.h"
#include "rt_games.h"
#include "rt_json.h"
#include "rt_odds.h"
#include "rt_sim.h"
#include "rt_time.h"

struct bench_truth {
	char id[48];
	double p_home;
};

struct bench_season {
	struct rt_games gs;
	struct bench_truth *tr;	/* sorted by id */
	size_t ntr, captr;
};

/* A regime change of the market: "key=value" from a date on. */
struct bench_regime {
	const char *from;	/* YYYY-MM-DD */
	const char *setting;
};

static inline int32_t
bench_date(const char *s)
{
	int32_t d;
	const char *why;

	if (rt_date_parse(s, strlen(s), &d, &why) == -1)
		rt_die(RT_EX_SOFTWARE, "%s: %s", s, why);
	return d;
}

static inline int
bench_truth_cmp(const void *a, const void *b)
{
	return strcmp(((const struct bench_truth *)a)->id, ((const struct bench_truth *)b)->id);
}

static inline int
bench_emit(const char *line, size_t len, void *arg)
{
	struct bench_season *s = arg;
	struct rt_buf err = RT_BUF_INIT;
	const char *why;
	struct rt_json *o = rt_json_parse(NULL, line, len, &why, NULL);
	double p;

	if (o == NULL)
		rt_die(RT_EX_SOFTWARE, "rt_sim wrote bad JSON: %s", why);
	if (rt_games_add(&s->gs, o, &err) == -1)
		rt_die(RT_EX_SOFTWARE, "rt_sim wrote a bad game: %s", err.p);
	if (rt_json_num(rt_json_get(rt_json_get(o, "truth"), "p_home"), &p) == 0) {
		if (s->ntr == s->captr) {
			s->captr = s->captr ? 2 * s->captr : 4096;
			s->tr = rt_xrealloc(s->tr, s->captr * sizeof *s->tr);
		}
		snprintf(s->tr[s->ntr].id, sizeof s->tr[s->ntr].id, "%s",
		    rt_json_str(rt_json_get(o, "game_id")));
		s->tr[s->ntr++].p_home = p;
	}
	rt_json_free(o);
	rt_buf_release(&err);
	return 0;
}

/*
 * Simulates the season from..to with every book, 15-minute snapshots and
 * the truth; the regimes in order (sorted by date, as rt-sim's command line).
 */
static inline void
bench_simulate_in(struct bench_season *s, uint64_t seed, const struct rt_sim_setting *market,
    const char *from, const char *to, const struct bench_regime *rg, int nrg)
{
	struct rt_sim_regime r[16];
	struct rt_sim_opts o;
	int i;

	if (nrg > 16)
		rt_die(RT_EX_SOFTWARE, "bench_simulate: too many regimes");
	memset(&o, 0, sizeof o);
	memset(r, 0, sizeof r);
	o.seed = seed;
	o.from = bench_date(from);
	o.to = bench_date(to);
	o.nteams = 30;
	for (i = 0; i < RT_SIM_MAXBOOKS && rt_sim_books[i].name != NULL; i++)
		o.books |= 1u << i;
	o.interval_min = 15;
	o.active_hours = 10;
	o.truth = 1;
	o.market = market;
	for (i = 0; i < nrg; i++) {
		r[i].from = bench_date(rg[i].from);
		r[i].order = i;
		sscanf(rg[i].setting, "%31[^=]=%31s", r[i].key, r[i].value);
	}
	o.regimes = r;
	o.nregimes = nrg;
	rt_games_init(&s->gs);
	s->tr = NULL;
	s->ntr = s->captr = 0;
	if (rt_sim_run(&o, bench_emit, s) == -1)
		rt_die(RT_EX_SOFTWARE, "rt_sim_run failed");
	rt_games_sort(&s->gs);
	qsort(s->tr, s->ntr, sizeof *s->tr, bench_truth_cmp);
}

static inline void
bench_simulate(struct bench_season *s, uint64_t seed, const char *from, const char *to,
    const struct bench_regime *rg, int nrg)
{
	bench_simulate_in(s, seed, NULL, from, to, rg, nrg);
}

/* The same in a named market (rt_sim_markets): its settings hold from
 * the first day, before the regimes (rt_sim_opts.market). */
static inline void
bench_simulate_market(struct bench_season *s, uint64_t seed, const char *market,
    const char *from, const char *to, const struct bench_regime *rg, int nrg)
{
	const struct rt_sim_setting *m = rt_sim_market_find(market);

	if (m == NULL)
		rt_die(RT_EX_SOFTWARE, "no market %s", market);
	bench_simulate_in(s, seed, m, from, to, rg, nrg);
}

static inline void
bench_season_release(struct bench_season *s)
{
	rt_games_release(&s->gs);
	free(s->tr);
}

/* A bet's expected return under the truth, p * decimal(odds) - 1; NAN
 * when its game has no truth. */
static inline double
bench_truth_ev(const struct bench_season *s, const struct rt_bet *b)
{
	struct bench_truth key, *t;
	double p;

	snprintf(key.id, sizeof key.id, "%s", b->g->id);
	t = bsearch(&key, s->tr, s->ntr, sizeof *s->tr, bench_truth_cmp);
	if (t == NULL)
		return NAN;
	p = b->side == RT_HOME ? t->p_home : 1 - t->p_home;
	return p * rt_odds_decimal(b->odds) - 1;
}

#endif
