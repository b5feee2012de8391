/*
 * rollout-quality: rt-rollout's decision-quality benchmark (issues 8 and
 * 16, docs/rollout.md).  On simulated seasons of the realistic market
 * (docs/market-model.md) whose truth is known, a rollout starts on START
 * and is looked at every day at noon, as a daily cron run does: step
 * (rt_rollout_observe, rt_rollout_decide: the code rt-rollout runs), then
 * the day's games are assigned to arms at the stage's share
 * (rt_rollout_is_candidate; none while paused).  Pairs of versions of
 * several kinds (PAIRS below): the same bets at other prices, and
 * versions that bet on different games (another threshold, another
 * decision time), each with a true ROI gap (from the simulated true
 * probabilities) of 4 to 5 points.  A poor candidate against a good
 * baseline must carry no real stake within days and be rolled back
 * before it reaches 50% of games; a good candidate against a poor
 * baseline must reach 100%.  Beside them, the share of rollouts whose
 * assignment split fails the sample-ratio check when nothing is broken,
 * and when half of the candidate's games are lost.
 *
 *	rollout-quality SEEDS [KIND]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_season.h"
#include "rt_backtest.h"
#include "rt_err.h"
#include "rt_games.h"
#include "rt_json.h"
#include "rt_odds.h"
#include "rt_rollout.h"
#include "rt_sim.h"
#include "rt_strategy.h"
#include "rt_time.h"

#define SEASON_FROM "2019-03-28"
#define SEASON_TO "2019-09-29"
#define START "2019-05-01"

/*
 * The pairs: a good and a poor version of one strategy, their
 * parameters as JSON over the defaults.  True gaps measured on the
 * realistic market are printed with the results.
 */
struct pair {
	const char *kind, *strategy, *good, *poor;
	int equal;	/* no true gap: any rollback or promotion is a mistake */
};
static const struct pair PAIRS[] = {
	{ "same bets, other price", "sharp_action", "{}", "{\"price_book\":\"circa\"}", 0 },
	{ "another threshold", "line_movement", "{}", "{\"min_move\":0.005}", 0 },
	{ "another decision time and threshold", "line_movement", "{}",
	    "{\"decision_minutes\":240,\"min_move\":0.005}", 0 },
	{ "a 2-point gap: decision time and threshold", "sharp_action", "{}",
	    "{\"decision_minutes\":240,\"min_differential\":4}", 0 },
	{ "no true difference, other games", "line_movement", "{}",
	    "{\"decision_minutes\":0}", 1 },
};
#define NPAIRS (sizeof PAIRS / sizeof PAIRS[0])

/* A game's arm: fixed when it is assigned, at the share of that time. */
struct arm {
	const struct rt_game *g;
	int assigned, cand;
	double pct;
};

static int
arm_of(const struct arm *arms, size_t n, const struct rt_game *g)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (arms[i].g == g)
			return arms[i].assigned ? arms[i].cand : 0;
	return 0;
}

struct outcome {
	enum rt_ro_state state;
	double max_pct;		/* the largest share the candidate reached */
	double days;		/* from the start to the end state */
	double roll_pct;	/* share when rolled back */
	double stop_days;	/* from the start to the first day with no real
				 * stake on the candidate (paused or rolled back) */
};

/*
 * One rollout, replayed day by day from START to the season's end.  lose:
 * the share of the candidate's games whose assignment is lost (a broken
 * pipeline), for the sample-ratio check.
 */
static void
replay(const struct bench_season *s, const struct rt_bets *cb, const struct rt_bets *bb,
    const char *rid, double lose, struct outcome *out)
{
	struct rt_rollout_plan p;
	struct rt_rollout_decision d;
	struct rt_rollout_obs o;
	struct rt_ro_bet *rb = rt_xmalloc((cb->n + bb->n + 1) * sizeof *rb);
	struct arm *arms = rt_xmalloc((s->gs.n + 1) * sizeof *arms);
	int32_t day, start = bench_date(START), last = bench_date(SEASON_TO);
	int64_t t0 = rt_date_time(start) + 12 * 3600, stage_t0 = t0, now;
	enum rt_ro_state state = RT_RO_RUNNING;
	enum rt_ro_pause paused_by = RT_PAUSE_NONE;
	int stage;
	size_t i, na = 0, nb;

	rt_rollout_plan_default(&p);
	stage = rt_rollout_first_stage(&p);
	out->max_pct = rt_rollout_stage_pct(&p, stage);
	out->days = NAN;
	out->roll_pct = NAN;
	out->stop_days = INFINITY;
	for (day = start; day <= last + 1; day++) {
		now = rt_date_time(day) + 12 * 3600;
		if (day > start) {
			/* step: what is settled by now, of games since the start */
			memset(&o, 0, sizeof o);
			for (nb = 0, i = 0; i < cb->n + bb->n; i++) {
				const struct rt_bet *b = i < cb->n ? &cb->v[i] : &bb->v[i - cb->n];
				int cand = i < cb->n, a;

				if (b->placed < t0 || b->settles > now ||
				    (b->status != RT_BET_WIN && b->status != RT_BET_LOSS &&
				    b->status != RT_BET_PUSH))
					continue;
				a = arm_of(arms, na, b->g);
				rb[nb].game_id = b->g->id;
				rb[nb].cand = cand;
				rb[nb].live = cand ? a : !a;
				rb[nb].t = b->placed;
				rb[nb].stake = b->stake;
				rb[nb].profit = b->profit;
				rb[nb].clv = NAN;
				rb[nb].cev = isnan(b->close_prob) ? NAN :
				    b->close_prob * rt_odds_decimal(b->odds) - 1;
				if (b->close_odds != 0)
					rb[nb].clv = 100 * (rt_odds_decimal(b->odds) /
					    rt_odds_decimal(b->close_odds) - 1);
				nb++;
			}
			rt_rollout_observe(rb, nb, &o);
			for (i = 0; i < na; i++)
				if (arms[i].assigned)
					rt_rollout_srm_add(&o, arms[i].cand, arms[i].pct);
			rt_rollout_decide(&p, state, paused_by, stage, (double)(now - stage_t0) / 3600,
			    &o, &d);
			if (d.action == RT_RO_RESUME) {
				state = RT_RO_RUNNING;
				stage_t0 = now;
			} else if (d.action == RT_RO_ROLLBACK || d.action == RT_RO_PROMOTE ||
			    d.action == RT_RO_PAUSE) {
				paused_by = d.pause;
				state = d.action == RT_RO_ROLLBACK ? RT_RO_ROLLED_BACK :
				    d.action == RT_RO_PROMOTE ? RT_RO_PROMOTED : RT_RO_PAUSED;
				out->days = (double)(now - t0) / 86400;
				if (isinf(out->stop_days))
					out->stop_days = out->days;
				if (getenv("RT_BENCH_VERBOSE"))
					fprintf(stderr, "%s day %.0f stage %d: %s\n", rid,
					    out->days, stage, d.reason);
				if (state != RT_RO_PAUSED)
					break;
			} else if (d.action == RT_RO_ADVANCE) {
				stage = d.next_stage;
				stage_t0 = now;
				if (rt_rollout_stage_pct(&p, stage) > out->max_pct)
					out->max_pct = rt_rollout_stage_pct(&p, stage);
			}
		}
		/* assign the day's games at the share now in force */
		for (i = 0; i < s->gs.n; i++) {
			const struct rt_game *g = &s->gs.v[i];
			/* a paused rollout puts no real stake on the candidate */
			double pct = state == RT_RO_PAUSED ? 0 : rt_rollout_stage_pct(&p, stage);

			if (g->date != day || g->start < now)
				continue;
			arms[na].g = g;
			arms[na].pct = pct;
			arms[na].cand = rt_rollout_is_candidate(rid, g->id, pct);
			arms[na].assigned = 1;
			/* a lost assignment: the game is bet by the baseline and
			 * no record of the candidate's share remains */
			if (arms[na].cand && lose > 0 &&
			    rt_rollout_bucket("lost", g->id) < lose)
				arms[na].assigned = 0;
			na++;
		}
	}
	out->state = state;
	if (state == RT_RO_ROLLED_BACK)
		out->roll_pct = rt_rollout_stage_pct(&p, stage);
	free(rb);
	free(arms);
}

/* The share of null rollouts (only their assignments) that fail the SRM
 * check: n rollouts of one season's games, daily looks. */
static double
srm_rate(const struct bench_season *s, int n, double lose, double alpha)
{
	struct rt_rollout_plan p;
	int r, fails = 0;
	char rid[48];
	int32_t start = bench_date(START);

	rt_rollout_plan_default(&p);
	for (r = 0; r < n; r++) {
		struct rt_rollout_obs o;
		int32_t day = -1;
		size_t i;
		int failed = 0;
		double pct;
		int st;

		memset(&o, 0, sizeof o);
		snprintf(rid, sizeof rid, "ro-srm-%d", r);
		for (i = 0; i < s->gs.n && !failed; i++) {
			const struct rt_game *g = &s->gs.v[i];
			int k = (g->date - start) / 7, c;

			if (g->date < start)
				continue;
			if (g->date != day && o.srm_n > 0) {
				if (rt_srm_seq_p(o.srm_cand, o.srm_expected, o.srm_var, RT_SRM_TAU2) < alpha)
					failed = 1;
			}
			day = g->date;
			/* the plan's stages in turn, a week each */
			for (st = rt_rollout_first_stage(&p); k > 0 && st >= 0; k--)
				st = rt_rollout_next_stage(&p, st);
			pct = st < 0 ? 100 : rt_rollout_stage_pct(&p, st);
			if (pct >= 100)
				break;
			c = rt_rollout_is_candidate(rid, g->id, pct);
			if (c && lose > 0 && rt_rollout_bucket("lost", g->id) < lose)
				continue;
			rt_rollout_srm_add(&o, c, pct);
		}
		fails += failed;
		if (getenv("RT_BENCH_VERBOSE") && lose > 0)
			fprintf(stderr, "srm %s: n %lld cand %lld expected %.1f var %.1f p %g\n", rid,
			    (long long)o.srm_n, (long long)o.srm_cand, o.srm_expected, o.srm_var,
			    rt_srm_seq_p(o.srm_cand, o.srm_expected, o.srm_var, RT_SRM_TAU2));
	}
	return (double)fails / n;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
	if (n == 0)
		return NAN;
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The days a run took; INFINITY when it never got there. */
static double
frac(int k, int n)
{
	return n ? (double)k / n : NAN;
}

static void
params_of(const struct rt_strategy *st, const char *json, double *p)
{
	struct rt_buf err = RT_BUF_INIT;
	const char *why;
	struct rt_json *o = rt_json_parse(NULL, json, strlen(json), &why, NULL);

	rt_params_defaults(st, p);
	if (o == NULL || rt_params_from_json(st, o, p, &err) == -1)
		rt_die(RT_EX_SOFTWARE, "bad pair parameters %s: %s", json, o ? err.p : why);
	rt_json_free(o);
	rt_buf_release(&err);
}

struct kind_result {
	double ev[2], cev[2];
	int64_t nev[2], ncev[2];
	int64_t shared, either;
	int worse_early, worse_rb, worse_stopped, worse_prom, better_prom, better_rb;
	double *stop, *prom;	/* days, one a seed; INFINITY: never */
};

int
main(int argc, char *argv[])
{
	int seeds = argc > 1 ? atoi(argv[1]) : 50, seed, only = -1;
	double srm0 = 0, srm0_05 = 0, srm_lost = 0;
	struct kind_result kr[NPAIRS];
	struct rt_rollout_plan plan;
	char label[96];
	size_t k;
	int nsrm;

	rt_err_init(argv[0]);
	rt_json_init();
	if (seeds < 1)
		rt_die(RT_EX_USAGE, "usage: rollout-quality SEEDS [KIND]");
	if (argc > 2)
		only = atoi(argv[2]);
	rt_rollout_plan_default(&plan);
	nsrm = seeds < 5 ? seeds : 5;	/* the SRM runs use the first seasons */
	memset(kr, 0, sizeof kr);
	for (k = 0; k < NPAIRS; k++) {
		kr[k].stop = rt_xmalloc((size_t)seeds * sizeof(double));
		kr[k].prom = rt_xmalloc((size_t)seeds * sizeof(double));
	}
	for (seed = 1; seed <= seeds; seed++) {
		struct bench_season s;

		bench_simulate_market(&s, (uint64_t)seed, "realistic", SEASON_FROM, SEASON_TO,
		    NULL, 0);
		for (k = 0; k < NPAIRS; k++) {
			const struct rt_strategy *st = rt_strategy_find(PAIRS[k].strategy);
			struct kind_result *r = &kr[k];
			double good[64], poor[64];
			struct rt_bets bv[2];
			struct rt_bt_opts o;
			struct outcome w, b;
			char rid[48];
			size_t i, j, v;

			if (only >= 0 && (size_t)only != k)
				continue;
			params_of(st, PAIRS[k].good, good);
			params_of(st, PAIRS[k].poor, poor);
			memset(&o, 0, sizeof o);
			o.s = st;
			o.bankroll = 100;
			o.now = INT64_MAX;
			o.from = bench_date(START);
			o.to = bench_date(SEASON_TO);
			for (v = 0; v < 2; v++) {
				rt_bets_init(&bv[v]);
				o.params = v == 0 ? good : poor;
				rt_backtest_run(&s.gs, &o, &bv[v]);
				for (i = 0; i < bv[v].n; i++) {
					const struct rt_bet *x = &bv[v].v[i];
					double t = bench_truth_ev(&s, x);

					if (isfinite(t)) {
						r->ev[v] += t;
						r->nev[v]++;
					}
					if (!isnan(x->close_prob)) {
						r->cev[v] += x->close_prob * rt_odds_decimal(x->odds) - 1;
						r->ncev[v]++;
					}
				}
			}
			/* games both bet on, of the games either did (both sorted
			 * by game start) */
			for (i = 0, j = 0; i < bv[0].n || j < bv[1].n;) {
				const struct rt_game *a = i < bv[0].n ? bv[0].v[i].g : NULL;
				const struct rt_game *c = j < bv[1].n ? bv[1].v[j].g : NULL;

				r->either++;
				if (a == c) {
					r->shared++;
					i++;
					j++;
				} else if (c == NULL || (a != NULL && a < c))
					i++;
				else
					j++;
			}
			snprintf(rid, sizeof rid, "ro-worse-%zu-%d", k, seed);
			replay(&s, &bv[1], &bv[0], rid, 0, &w);
			r->stop[seed - 1] = w.stop_days;
			r->worse_stopped += isfinite(w.stop_days);
			if (w.state == RT_RO_ROLLED_BACK)
				r->worse_rb++;
			r->worse_prom += w.state == RT_RO_PROMOTED;
			if (w.max_pct < 50 && isfinite(w.stop_days))
				r->worse_early++;
			snprintf(rid, sizeof rid, "ro-better-%zu-%d", k, seed);
			replay(&s, &bv[0], &bv[1], rid, 0, &b);
			r->prom[seed - 1] = b.state == RT_RO_PROMOTED ? b.days : INFINITY;
			r->better_prom += b.state == RT_RO_PROMOTED;
			r->better_rb += b.state == RT_RO_ROLLED_BACK;
			rt_bets_release(&bv[0]);
			rt_bets_release(&bv[1]);
		}
		if (seed <= 5 && only < 0) {
			srm0 += srm_rate(&s, 400, 0, plan.srm_significance) / nsrm;
			srm0_05 += srm_rate(&s, 400, 0, 0.05) / nsrm;
			srm_lost += srm_rate(&s, 40, 0.5, plan.srm_significance) / nsrm;
		}
		bench_season_release(&s);
	}
	printf("   realistic market, %d seasons, rollout from " START ", daily looks, default plan\n",
	    seeds);
	for (k = 0; k < NPAIRS; k++) {
		struct kind_result *r = &kr[k];

		if (only >= 0 && (size_t)only != k)
			continue;
		printf("\n   %s: %s %s against %s\n", PAIRS[k].kind, PAIRS[k].strategy,
		    PAIRS[k].good, PAIRS[k].poor);
		printf("   true ROI %+.2f%% against %+.2f%%: %.2f points apart; at the close %.2f"
		    " points; %.0f%% of games shared\n",
		    100 * r->ev[0] / (double)r->nev[0], 100 * r->ev[1] / (double)r->nev[1],
		    100 * (r->ev[0] / (double)r->nev[0] - r->ev[1] / (double)r->nev[1]),
		    100 * (r->cev[0] / (double)r->ncev[0] - r->cev[1] / (double)r->ncev[1]),
		    100 * (double)r->shared / (double)r->either);
		printf("   %-58s %8s %10s\n", "", "rt", "target");
		if (PAIRS[k].equal) {
			printf("   %-58s %8.3f %10s\n", "either way: rolled back (the two directions)",
			    frac(r->worse_rb + r->better_rb, 2 * seeds), "low");
			printf("   %-58s %8.3f %10s\n", "either way: promoted",
			    frac(r->worse_prom + r->better_prom, 2 * seeds), "low");
			free(r->stop);
			free(r->prom);
			continue;
		}
		printf("   %-58s %8.1f %10s\n", "worse: median days until no real stake on it",
		    median(r->stop, seeds), "<= 7");
		printf("   %-58s %8.3f %10s\n", "worse: stopped before it reached 50% of games",
		    frac(r->worse_early, seeds), ">= 0.95");
		printf("   %-58s %8.3f\n", "  rolled back by the rules", frac(r->worse_rb, seeds));
		printf("   %-58s %8.3f\n", "  never stopped", frac(seeds - r->worse_stopped, seeds));
		printf("   %-58s %8.3f %10s\n", "better: promoted (reached 100%)",
		    frac(r->better_prom, seeds), ">= 0.80");
		printf("   %-58s %8.1f %10s\n", "better: median days to promotion",
		    median(r->prom, seeds), "<= 21");
		printf("   %-58s %8.3f\n", "  rolled back (wrongly)", frac(r->better_rb, seeds));
		free(r->stop);
		free(r->prom);
	}
	if (only >= 0)
		return 0;
	printf("\n");
	snprintf(label, sizeof label, "SRM fails, nothing broken (%d rollouts, daily looks)",
	    400 * nsrm);
	printf("   %-58s %8.4f %10s\n", label, srm0, "<= 0.001");
	printf("   %-58s %8.4f %10s\n", "  the same at significance 0.05", srm0_05, "<= 0.05");
	snprintf(label, sizeof label, "SRM fails, half the candidate games lost (%d rollouts)",
	    40 * nsrm);
	printf("   %-58s %8.3f %10s\n", label, srm_lost, "high");
	return 0;
}
