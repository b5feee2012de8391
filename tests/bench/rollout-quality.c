/*
 * rollout-quality: rt-rollout's decision-quality benchmark (issue 8,
 * docs/rollout.md).  On simulated seasons whose truth is known, a rollout
 * starts on START and is looked at every day at noon, as a daily cron run
 * does: step (rt_rollout_observe, rt_rollout_decide: the code rt-rollout
 * runs), then the day's games are assigned to arms at the stage's share
 * (rt_rollout_is_candidate).  Two versions of sharp_action:
 *
 *   good: the defaults, priced at the best book;
 *   poor: the same bets, priced at one slow book (circa),
 *
 * whose true ROI (from the simulated true probabilities) differs by about
 * 5 points.  A poor candidate against a good baseline must be rolled back
 * before it reaches 50% of games; a good candidate against a poor
 * baseline must reach 100%.  Beside them, the share of rollouts whose
 * assignment split fails the sample-ratio check when nothing is broken,
 * and when half of the candidate's games are lost.
 *
 *	rollout-quality SEEDS
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
static const struct bench_regime REGIMES[] = { { SEASON_FROM, "market_speed=0.25" },
	{ SEASON_FROM, "sharp_noise=0.01" }, { SEASON_FROM, "rec_follow=0.05" } };
#define NREGIMES 3
/* the poor version */
static const char *const POOR[][2] = { { "price_book", "circa" } };
#define NPOOR 1

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
	int stage;
	size_t i, na = 0, nb;

	rt_rollout_plan_default(&p);
	stage = rt_rollout_first_stage(&p);
	out->max_pct = rt_rollout_stage_pct(&p, stage);
	out->days = NAN;
	out->roll_pct = NAN;
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
				if (b->close_odds != 0)
					rb[nb].clv = 100 * (rt_odds_decimal(b->odds) /
					    rt_odds_decimal(b->close_odds) - 1);
				nb++;
			}
			rt_rollout_observe(rb, nb, &o);
			for (i = 0; i < na; i++)
				if (arms[i].assigned)
					rt_rollout_srm_add(&o, arms[i].cand, arms[i].pct);
			rt_rollout_decide(&p, state, stage, (double)(now - stage_t0) / 3600,
			    &o, &d);
			if (d.action == RT_RO_ROLLBACK || d.action == RT_RO_PROMOTE ||
			    d.action == RT_RO_PAUSE) {
				state = d.action == RT_RO_ROLLBACK ? RT_RO_ROLLED_BACK :
				    d.action == RT_RO_PROMOTE ? RT_RO_PROMOTED : RT_RO_PAUSED;
				out->days = (double)(now - t0) / 86400;
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
			double pct = rt_rollout_stage_pct(&p, stage);

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

int
main(int argc, char *argv[])
{
	int seeds = argc > 1 ? atoi(argv[1]) : 50;
	const struct rt_strategy *st = rt_strategy_find("sharp_action");
	double good[64], poor[64], ev[2] = { 0, 0 }, *dprom, *droll;
	int64_t nev[2] = { 0, 0 };
	int seed, k, worse_rb = 0, worse_rb_early = 0, worse_paused = 0, better_prom = 0;
	int better_rb = 0, nprom = 0, nroll = 0;
	double srm0 = 0, srm0_05 = 0, srm_lost = 0;
	struct rt_rollout_plan plan;
	char label[80];
	int nsrm;

	rt_err_init(argv[0]);
	rt_json_init();
	if (st == NULL || seeds < 1)
		rt_die(RT_EX_USAGE, "usage: rollout-quality SEEDS");
	rt_params_defaults(st, good);
	rt_params_defaults(st, poor);
	for (k = 0; k < NPOOR; k++) {
		int i = rt_param_index(st, POOR[k][0]);
		const struct rt_param *pp = &st->params[i];

		if (pp->type == RT_PARAM_CHOICE) {
			int c;

			for (c = 0; pp->choices[c] != NULL; c++)
				if (strcmp(pp->choices[c], POOR[k][1]) == 0)
					poor[i] = c;
		} else
			poor[i] = atof(POOR[k][1]);
	}
	rt_rollout_plan_default(&plan);
	nsrm = seeds < 5 ? seeds : 5;	/* the SRM runs use the first seasons */
	dprom = rt_xmalloc((size_t)seeds * sizeof *dprom);
	droll = rt_xmalloc((size_t)seeds * sizeof *droll);
	for (seed = 1; seed <= seeds; seed++) {
		struct bench_season s;
		struct rt_bets bg, bp;
		struct rt_bt_opts o;
		struct outcome w, b;
		char rid[48];
		size_t i;

		bench_simulate(&s, (uint64_t)seed, SEASON_FROM, SEASON_TO, REGIMES, NREGIMES);
		memset(&o, 0, sizeof o);
		o.s = st;
		o.bankroll = 100;
		o.now = INT64_MAX;
		o.from = bench_date(START);
		o.to = bench_date(SEASON_TO);
		rt_bets_init(&bg);
		rt_bets_init(&bp);
		o.params = good;
		rt_backtest_run(&s.gs, &o, &bg);
		o.params = poor;
		rt_backtest_run(&s.gs, &o, &bp);
		for (i = 0; i < bg.n; i++)
			if (isfinite(bench_truth_ev(&s, &bg.v[i]))) {
				ev[0] += bench_truth_ev(&s, &bg.v[i]);
				nev[0]++;
			}
		for (i = 0; i < bp.n; i++)
			if (isfinite(bench_truth_ev(&s, &bp.v[i]))) {
				ev[1] += bench_truth_ev(&s, &bp.v[i]);
				nev[1]++;
			}
		snprintf(rid, sizeof rid, "ro-worse-%d", seed);
		replay(&s, &bp, &bg, rid, 0, &w);
		if (w.state == RT_RO_ROLLED_BACK) {
			worse_rb++;
			droll[nroll++] = w.days;
			if (w.max_pct < 50)
				worse_rb_early++;
		} else if (w.state == RT_RO_PAUSED)
			worse_paused++;
		snprintf(rid, sizeof rid, "ro-better-%d", seed);
		replay(&s, &bg, &bp, rid, 0, &b);
		if (b.state == RT_RO_PROMOTED) {
			better_prom++;
			dprom[nprom++] = b.days;
		} else if (b.state == RT_RO_ROLLED_BACK)
			better_rb++;
		if (seed <= 5) {
			srm0 += srm_rate(&s, 400, 0, plan.srm_significance) / nsrm;
			srm0_05 += srm_rate(&s, 400, 0, 0.05) / nsrm;
			srm_lost += srm_rate(&s, 40, 0.5, plan.srm_significance) / nsrm;
		}
		rt_bets_release(&bg);
		rt_bets_release(&bp);
		bench_season_release(&s);
	}
	printf("   versions: good (defaults, best price) true ROI %+.2f%%, poor (%s=%s) %+.2f%%:"
	    " %.2f points apart (%d seasons, rollout from " START ")\n",
	    100 * ev[0] / (double)nev[0], POOR[0][0], POOR[0][1],
	    100 * ev[1] / (double)nev[1], 100 * (ev[0] / (double)nev[0] - ev[1] / (double)nev[1]),
	    seeds);
	printf("   %-58s %8s %10s\n", "", "rt", "target");
	printf("   %-58s %8.3f %10s\n", "worse candidate rolled back before 50% of games",
	    (double)worse_rb_early / seeds, ">= 0.95");
	printf("   %-58s %8.3f\n", "  of which paused first, or rolled back later", (double)(worse_rb - worse_rb_early) / seeds);
	printf("   %-58s %8.3f\n", "  paused at a deadline (not rolled back)", (double)worse_paused / seeds);
	printf("   %-58s %8.1f\n", "  median days to rollback", median(droll, nroll));
	printf("   %-58s %8.3f %10s\n", "better candidate promoted (reached 100%)",
	    (double)better_prom / seeds, ">= 0.80");
	printf("   %-58s %8.3f\n", "  rolled back (wrongly)", (double)better_rb / seeds);
	printf("   %-58s %8.1f\n", "  median days to promotion", median(dprom, nprom));
	snprintf(label, sizeof label, "SRM fails, nothing broken (%d rollouts, daily looks)",
	    400 * nsrm);
	printf("   %-58s %8.4f %10s\n", label,
	    srm0, "<= 0.001");
	printf("   %-58s %8.4f %10s\n", "  the same at significance 0.05", srm0_05, "<= 0.05");
	snprintf(label, sizeof label, "SRM fails, half the candidate games lost (%d rollouts)",
	    40 * nsrm);
	printf("   %-58s %8.3f %10s\n", label,
	    srm_lost, "high");
	free(dprom);
	free(droll);
	return 0;
}
