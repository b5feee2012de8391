/* Unit tests for lib/rt_rollout.c: assignment, the mixture sequential
 * test under daily looks, the sample-ratio check. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rt_rollout.h"
#include "rt_test.h"

int
main(void)
{
	char g[32];
	int i, n10 = 0, n25 = 0, both = 0, moved_back = 0, p;
	int bad_seq = 0, bad_naive = 0;
	const int N = 100000, PATHS = 1000, LOOKS = 500;
	gsl_rng *rng;

	/* assignment: deterministic, in [0, 1), the planned share, monotone
	 * in the percentage, independent across rollouts */
	CHECK(rt_rollout_bucket("r1", "2019-06-01-NYY-BOS-1") ==
	    rt_rollout_bucket("r1", "2019-06-01-NYY-BOS-1"), "the same ids, the same bucket");
	CHECK(rt_rollout_bucket("r1", "g") != rt_rollout_bucket("r2", "g"), "another rollout, another bucket");
	CHECK(rt_rollout_bucket("r1g", "") != rt_rollout_bucket("r1", "g"), "the ids do not run together");
	for (i = 0; i < N; i++) {
		double b;

		snprintf(g, sizeof g, "2019-%05d-G", i);
		b = rt_rollout_bucket("rollout-7", g);
		if (b < 0 || b >= 1)
			moved_back++;
		n10 += rt_rollout_is_candidate("rollout-7", g, 10);
		n25 += rt_rollout_is_candidate("rollout-7", g, 25);
		for (p = 10; p <= 100; p += 15)
			if (rt_rollout_is_candidate("rollout-7", g, p) &&
			    !rt_rollout_is_candidate("rollout-7", g, p + 15))
				moved_back++;
		both += rt_rollout_is_candidate("rollout-7", g, 50) &&
		    rt_rollout_is_candidate("rollout-8", g, 50);
	}
	CHECK(moved_back == 0, "buckets in [0, 1); raising the percentage never moves a game back");
	/* binomial sd at 100,000: 0.00095 at 10%, 0.00137 at 25%: 4 sd */
	CHECK(fabs(n10 / (double)N - 0.10) < 0.0038, "10% of games at 10%");
	CHECK(fabs(n25 / (double)N - 0.25) < 0.0055, "25% of games at 25%");
	CHECK(fabs(both / (double)N - 0.25) < 0.0055, "two rollouts at 50%: a quarter in both");

	/* the mixture test by hand: var 1, n 100, tau2 0.01, mean 0.3 over
	 * theta0 0: log Lambda = ln(1/2)/2 + 100^2 0.01 0.09 / (2 * 2) =
	 * 1.9034264, p = 0.1490570 */
	CHECK_NEAR(rt_msprt_p(0.3, 1, 100, 0, 0.01), 0.149057012839, 1e-9, "mSPRT p by hand");
	/* sqrt(2 * 1 * 2 / (100^2 * 0.01) * (ln 20 + ln(2) / 2)) = 0.3656395 */
	CHECK_NEAR(rt_msprt_halfwidth(1, 100, 0.01, 0.05), 0.3656394871, 1e-9, "half-width by hand");
	CHECK_NEAR(rt_msprt_p(rt_msprt_halfwidth(1, 100, 0.01, 0.05), 1, 100, 0, 0.01), 0.05, 1e-9,
	    "at the half-width the p-value is alpha");
	CHECK(rt_msprt_p(0, 1, 100, 0, 0.01) == 1, "no difference: p 1");

	/* under H0, looked at after every value for 500 values: the mixture
	 * test rejects at most alpha of the paths; a fixed-sample z test
	 * looked at as often rejects far more (Armitage, McPherson and Rowe
	 * 1969) */
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 42);
	for (p = 0; p < PATHS; p++) {
		double sum = 0, pmin = 1;
		int hit_naive = 0;

		for (i = 1; i <= LOOKS; i++) {
			double m;

			sum += gsl_ran_gaussian(rng, 1);
			m = sum / i;
			pmin = fmin(pmin, rt_msprt_p(m, 1, i, 0, 0.01));
			if (i >= 10 && 2 * gsl_cdf_ugaussian_Q(fabs(m) * sqrt((double)i)) < 0.05)
				hit_naive = 1;
		}
		bad_seq += pmin < 0.05;
		bad_naive += hit_naive;
	}
	gsl_rng_free(rng);
	printf("# under H0, %d paths of %d looks: mSPRT rejects %.3f, naive z test %.3f\n",
	    PATHS, LOOKS, bad_seq / (double)PATHS, bad_naive / (double)PATHS);
	/* alpha 0.05 and a Monte Carlo sd of 0.007 */
	CHECK(bad_seq / (double)PATHS <= 0.065, "repeated looks: the mixture test stays at alpha");
	CHECK(bad_naive / (double)PATHS > 0.2, "repeated looks: the naive test does not");

	/* sample ratio: 550 against 450 planned half and half: chi-square
	 * 10 on 1 df, p = 0.0015654 (table: 10.83 is 0.001, 7.88 is 0.005) */
	CHECK_NEAR(rt_srm_p(550, 450, 0.5), 0.0015654022580, 1e-10, "SRM p by hand");
	CHECK_NEAR(rt_srm_p(100, 900, 0.1), 1, 1e-12, "exactly as planned: p 1");
	CHECK(isnan(rt_srm_p(0, 0, 0.5)), "nothing assigned: no test");
	/* the plan: the 10% stage is skipped after a 20% A/B test */
	{
		struct rt_rollout_plan pl;
		struct rt_rollout_obs o;
		struct rt_rollout_decision d;

		rt_rollout_plan_default(&pl);
		CHECK(rt_rollout_first_stage(&pl) == 0, "the A/B test is stage 0");
		CHECK(rt_rollout_next_stage(&pl, 0) == 2, "10% is skipped after 20%");
		CHECK(rt_rollout_next_stage(&pl, 3) == 4 && rt_rollout_next_stage(&pl, 4) == -1,
		    "50% -> 100% -> end");
		pl.ab_pct = 0;
		CHECK(rt_rollout_first_stage(&pl) == 1, "no A/B test: stage 1 first");
		rt_rollout_plan_default(&pl);
		/* the edges of a step: equal versions, enough bets */
		memset(&o, 0, sizeof o);
		o.pair_n = o.cand_bets = o.base_bets = 30;
		o.cand_clv_mean = NAN;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 71.999, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "71.999 h of 72: hold");
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 72, &o, &d);
		CHECK(d.action == RT_RO_ADVANCE && d.next_stage == 2, "72 h: advance to stage 2");
		o.base_bets = 29;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 100, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "29 baseline bets: hold");
		o.base_bets = 30;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 4, 24, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "the last stage done, equal versions: no promotion");
		o.pair_mean = 0.03;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 4, 24, &o, &d);
		CHECK(d.action == RT_RO_PROMOTE, "the last stage done, 3 points better: promote");
		o.pair_mean = 0;
		rt_rollout_decide(&pl, RT_RO_PAUSED, RT_PAUSE_NONE, 0, 100, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "paused: holds");
		o.cand_drawdown_pct = 30.01;
		rt_rollout_decide(&pl, RT_RO_PAUSED, RT_PAUSE_NONE, 0, 1, &o, &d);
		CHECK(d.action == RT_RO_ROLLBACK, "drawdown past 30%: rollback, even paused");
		o.cand_drawdown_pct = 30;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 1, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "drawdown at 30%: hold");
		/* credibly worse: the upper bound of the sequence below 0 */
		o.pair_mean = -0.5;
		o.pair_var = 1;
		o.pair_n = 200;
		o.cand_bets = o.base_bets = 200;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 1, &o, &d);
		CHECK(d.action == RT_RO_ROLLBACK && d.upper_pct < 0, "-50 points over 200 games: rollback");
		CHECK(fabs(d.upper_pct - 100 * (-0.5 + rt_msprt_halfwidth(1, 200, 0.0025, 0.05))) < 1e-9,
		    "upper bound = mean + confidence sequence half-width");
		o.pair_n = 40;
		o.cand_bets = o.base_bets = 40;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 1, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "the same over 40 games: not yet credible");
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 672, &o, &d);
		CHECK(d.action == RT_RO_PAUSE, "undecided after 672 h: pause");
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 671.9, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "undecided after 671.9 h: hold");
		/* sample ratio */
		memset(&o, 0, sizeof o);
		o.cand_clv_mean = NAN;
		for (i = 0; i < 400; i++)
			rt_rollout_srm_add(&o, i < 40, 20);
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 1, &o, &d);
		CHECK(d.action == RT_RO_PAUSE && d.srm_p < 0.001, "40 of 400 at 20%: SRM pause");
		memset(&o, 0, sizeof o);
		o.cand_clv_mean = NAN;
		for (i = 0; i < 400; i++)
			rt_rollout_srm_add(&o, i < 72, 20);
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 1, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "72 of 400 at 20%: within chance");
	}
	/* rt_rollout_observe: the closing-line ROI difference over the games
	 * whose bets all have an expected return at the close */
	{
		struct rt_ro_bet b[] = {
			/* g1: both bet; g2: the candidate alone; g3: the baseline
			 * alone; g4: the candidate's bet has no close: left out */
			{ "g1", 1, 1, 10, 1, 1, NAN, 0.05 }, { "g1", 0, 0, 10, 1, -1, NAN, 0.01 },
			{ "g2", 1, 1, 20, 1, -1, NAN, 0.03 }, { "g3", 0, 0, 30, 1, 1, NAN, 0.00 },
			{ "g4", 1, 1, 40, 1, 1, NAN, NAN }, { "g4", 0, 0, 40, 1, 1, NAN, 0.02 },
		};
		struct rt_rollout_obs o;

		memset(&o, 0, sizeof o);
		rt_rollout_observe(b, sizeof b / sizeof b[0], &o);
		/* R_c = (0.05 + 0.03) / 2, R_b = (0.01 + 0) / 2 */
		CHECK(o.close_n == 3 && fabs(o.close_mean - (0.04 - 0.005)) < 1e-12,
		    "observe: ROI difference at the close over the 3 priced games");
		CHECK(o.pair_n == 4 && o.cand_bets == 3 && o.base_bets == 3,
		    "observe: the returns' pairs count every game");
	}

	/* the closing line (issue 16): evidence without outcome noise */
	{
		struct rt_rollout_plan pl;
		struct rt_rollout_obs o;
		struct rt_rollout_decision d;

		rt_rollout_plan_default(&pl);
		memset(&o, 0, sizeof o);
		o.cand_clv_mean = NAN;
		/* 25 games, returns silent (too few bets), 4.5 points worse at
		 * the close with a per-game spread of 4 points */
		o.pair_n = o.cand_bets = o.base_bets = 25;
		o.pair_var = 1.4;
		o.close_n = 25;
		o.close_mean = -0.045;
		o.close_var = 0.04 * 0.04;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 24, &o, &d);
		CHECK(d.action == RT_RO_ROLLBACK && d.close_upper_pct < 0,
		    "4.5 points worse at the close over 25 games: rollback");
		CHECK(fabs(d.close_upper_pct - 100 * (-0.045 + rt_msprt_halfwidth(0.0016, 25,
		    0.0004, 0.05))) < 1e-9, "its upper bound: the closing-line sequence");
		o.close_n = 19;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 24, &o, &d);
		CHECK(d.action == RT_RO_HOLD && isnan(d.close_diff_pct),
		    "19 games of 20 with closing prices: not yet tested");
		rt_rollout_decide(&pl, RT_RO_PAUSED, RT_PAUSE_DEADLINE, 0, 24, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "paused by the deadline, no evidence: holds");
		/* 4.5 points better: advance on the closing line alone */
		o.close_n = 40;
		o.close_mean = 0.045;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 72, &o, &d);
		CHECK(d.action == RT_RO_ADVANCE && d.close_lower_pct > -pl.margin_pct,
		    "4.5 points better at the close: advance");
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 4, 24, &o, &d);
		CHECK(d.action == RT_RO_PROMOTE, "and at the last stage: promote");
		o.close_mean = 0.015;
		o.close_n = 2000;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 4, 24, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "1.5 points better, under the 2 asked: no promotion");
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 2, 24, &o, &d);
		CHECK(d.action == RT_RO_ADVANCE, "but not worse: advance below 100%");
		/* the pauses */
		rt_rollout_decide(&pl, RT_RO_PAUSED, RT_PAUSE_DEADLINE, 2, 1, &o, &d);
		CHECK(d.action == RT_RO_RESUME, "paused by the deadline, not worse now: resume");
		rt_rollout_decide(&pl, RT_RO_PAUSED, RT_PAUSE_OPERATOR, 2, 1, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "paused by hand: the rules do not resume it");
		rt_rollout_decide(&pl, RT_RO_PAUSED, RT_PAUSE_SRM, 2, 1, &o, &d);
		CHECK(d.action == RT_RO_HOLD, "paused by the split check: neither");
		o.close_mean = -0.003;
		o.close_var = 0.05 * 0.05;
		o.close_n = 30;
		rt_rollout_decide(&pl, RT_RO_RUNNING, RT_PAUSE_NONE, 0, 672, &o, &d);
		CHECK(d.action == RT_RO_PAUSE && d.pause == RT_PAUSE_DEADLINE,
		    "undecided at the close after 672 h: a deadline pause");
		CHECK(strcmp(rt_rollout_pause_name(RT_PAUSE_DEADLINE), "deadline") == 0 &&
		    strcmp(rt_rollout_action_name(RT_RO_RESUME), "resume") == 0, "names");
		/* the plan's arithmetic */
		CHECK(rt_rollout_least_days(&pl) == 6, "least days to promote: 72 h + 3 x 24 h");
		{
			int64_t ng;
			double dd;

			rt_rollout_plan_effect(&pl, 0.04 / sqrt(2), 2.0, 4.5, &ng, &dd);
			CHECK(ng == rt_rollout_games_needed(&pl, 0.04, 4.5) && dd == ceil((double)ng / 2),
			    "plan effect: sqrt(2) x a bet's spread, days at the bet rate");
			rt_rollout_plan_effect(&pl, 0.04, 0, 4.5, &ng, &dd);
			CHECK(dd == -1, "no bets a day: no days");
		}
		CHECK(rt_rollout_games_needed(&pl, 0.04, 4.5) > pl.min_close_games - 1 &&
		    rt_rollout_games_needed(&pl, 0.04, 4.5) < rt_rollout_games_needed(&pl, 0.04, 2),
		    "a larger effect needs fewer games");
		CHECK(rt_msprt_halfwidth(0.0016, rt_rollout_games_needed(&pl, 0.04, 1), 0.0004, 0.05) < 0.01 &&
		    rt_msprt_halfwidth(0.0016, rt_rollout_games_needed(&pl, 0.04, 1) - 1, 0.0004, 0.05) >= 0.01,
		    "games needed: the first n whose half-width is below the effect");
	}
	return rt_test_done();
}
