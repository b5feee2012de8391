/* Unit tests for lib/rt_validate.c against published and hand values. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rt_test.h"
#include "rt_time.h"
#include "rt_validate.h"

/* A bet of stake 1 at decimal odds dec on date d that won or lost. */
static void
bet(struct rt_vset *s, const char *game, int32_t d, double dec, int won)
{
	struct rt_vbet b;

	memset(&b, 0, sizeof b);
	strcpy(b.game, game);
	b.date = d;
	b.stake = 1;
	b.dec = dec;
	b.outcome = won;
	b.profit = won ? dec - 1 : -1;
	b.cev = NAN;	/* no closing probability: the returns are the evidence */
	rt_vset_add(s, &b);
}

static const struct rt_vcheck *
find(const struct rt_vreport *r, const char *name)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->c[i].name, name) == 0)
			return &r->c[i];
	return NULL;
}

int
main(void)
{
	struct rt_vset a = { 0 }, b = { 0 };
	struct rt_vsum s;
	struct rt_vcfg c;
	struct rt_vreport r;
	const struct rt_vcheck *k;
	double sr0, lo, hi, lo2, hi2;
	int32_t d0 = rt_days_from_civil(2019, 7, 1), days[60];
	int i;

	/* Bailey and Lopez de Prado (2014), section 5's example: annualised
	 * SR 2.5 on 1250 daily returns (250 a year), skewness -3, kurtosis 10,
	 * 100 trials whose annualised Sharpe ratios have variance 1/2: the
	 * expected maximum is 1.7894 a year and DSR = 0.9004 */
	CHECK_NEAR(rt_deflated_sharpe(2.5 / sqrt(250), 1250, -3, 10, 100, 0.5 / 250, &sr0),
	    0.9004, 5e-5, "DSR of the paper's example");
	CHECK_NEAR(sr0 * sqrt(250), 1.7894, 5e-5, "its expected maximum Sharpe ratio");
	/* one trial: the probabilistic Sharpe ratio; SR 0 gives 0.5 */
	CHECK_NEAR(rt_deflated_sharpe(0, 100, 0, 3, 1, NAN, &sr0), 0.5, 1e-12, "PSR at SR 0");
	CHECK(sr0 == 0, "one trial: no deflation");

	/* figures: wins at 2.0 and 2.5, a loss at 1.5: returns 1, 1.5, -1 */
	bet(&a, "g1", d0, 2.0, 1);
	bet(&a, "g2", d0 + 1, 2.5, 1);
	bet(&a, "g3", d0 + 2, 1.5, 0);
	rt_vsum(a.v, a.n, &s);
	CHECK(s.n == 3 && s.wins == 2 && s.losses == 1, "counts");
	CHECK_NEAR(s.roi, 100 * 1.5 / 3, 1e-12, "ROI 50%");
	CHECK_NEAR(s.mean, 0.5, 1e-12, "mean return");
	/* deviations 0.5, 1, -1.5: squares 0.25 + 1 + 2.25 = 3.5, over 2 */
	CHECK_NEAR(s.sd, sqrt(1.75), 1e-12, "sample sd");
	CHECK_NEAR(s.breakeven, (0.5 + 0.4 + 1 / 1.5) / 3, 1e-12, "break-even rate");
	rt_vset_release(&a);

	/* two versions on the same 100 games at even money: the candidate wins
	 * 60, the baseline 50 */
	for (i = 0; i < 100; i++) {
		char g[16];

		snprintf(g, sizeof g, "g%03d", i);
		bet(&a, g, d0 + i % 60, 2.0, i < 60);
		bet(&b, g, d0 + i % 60, 2.0, i % 2 == 0);
	}
	for (i = 0; i < 60; i++)
		days[i] = d0 + i;
	rt_vcfg_defaults(&c);
	rt_validate(&c, RT_V_STANDARD, &a, &b, d0, d0 + 59, days, 60, &r);
	CHECK(strcmp(r.pairing, "paired") == 0 && r.shared == 100, "same games: paired");
	k = find(&r, "improvement");
	CHECK(k != NULL && fabs(k->value - 20) < 1e-9 && k->pass, "20 points of improvement");
	/* paired differences of returns: games 0-59 the candidate won, the
	 * baseline the even ones: 30 x 0, 30 x +2; games 60-99 the candidate
	 * lost, the baseline won the even ones: 20 x -2, 20 x 0.  Mean 0.2;
	 * deviations 1.8 (30), -2.2 (20), -0.2 (50) */
	k = find(&r, "improvement_test");
	{
		double sd = sqrt((30 * 1.8 * 1.8 + 20 * 2.2 * 2.2 + 50 * 0.04) / 99);

		CHECK(k != NULL && k->n == 100, "paired test on 100 games");
		CHECK_NEAR(k->stat, 0.2 / (sd / 10), 1e-9, "paired t statistic");
		/* t = 0.2 / (sqrt(196/99) / 10) = 1.421411 on 99 df: P(T >= t) =
		 * 0.0791700 (Simpson's rule on the t density): 20 points on 100
		 * games is not yet proof */
		CHECK_NEAR(k->p, 0.0791700, 1e-6, "paired t p-value");
		CHECK(!k->pass, "not significant at 0.05");
	}
	/* 60 wins of 100 against a break-even rate of 0.5: P(X >= 60) = 0.028444 */
	k = find(&r, "win_rate_vs_breakeven");
	CHECK(k != NULL, "binomial check present");
	CHECK_NEAR(k->p, 0.028443966820490, 1e-9, "binomial upper tail, exact");
	k = find(&r, "improvement_interval");
	CHECK(k != NULL && k->lo < 0 && k->hi > 20, "bootstrap interval spans 0 and 20");
	CHECK(strcmp(r.decision, "fail") == 0, "so the candidate fails");
	rt_vboot_diff(&a, &b, 1, 2000, 1, 0.95, &lo, &hi);
	rt_vboot_diff(&a, &b, 1, 2000, 1, 0.95, &lo2, &hi2);
	CHECK(lo == lo2 && hi == hi2, "bootstrap: the same seed, the same interval");
	rt_vboot_diff(&a, &a, 1, 500, 3, 0.95, &lo, &hi);
	CHECK(lo == 0 && hi == 0, "a version against itself, paired: [0, 0]");
	CHECK(strcmp(r.decision, "pass") == 0 || strcmp(r.decision, "fail") == 0, "decided");

	/* rigorous on the same bets: risk figures by hand */
	c.min_sample = 50;
	rt_validate(&c, RT_V_PRODUCTION, &a, &b, d0, d0 + 59, days, 60, &r);
	/* the candidate's bets in order: 60 wins then 40 losses (games 60-99
	 * fall on days 0-39 again, but the set is in input order): the
	 * bankroll rises to 160 and falls to 120: 25% */
	k = find(&r, "max_drawdown");
	CHECK(k != NULL, "max_drawdown present");
	CHECK_NEAR(k->value, 25, 1e-9, "drawdown 40 of 160");
	CHECK(!k->pass, "25% > 15%: fails");
	/* with every price 1% worse a win at 2.0 pays 0.98: ROI (60 * 0.98 -
	 * 40) / 100 = 18.8%, the baseline's 0%: 18.8 points */
	k = find(&r, "stress_1pct");
	CHECK(k != NULL && fabs(k->value - 18.8) < 1e-9 && k->pass, "stress 1%: 18.8 points");
	k = find(&r, "stress_3pct");
	CHECK(k != NULL && fabs(k->value - (60 * 0.94 - 40)) < 1e-9, "stress 3%: 16.4 points");
	/* daily profit: days 0-39 hold a win and a loss (0), days 40-59 a win
	 * (+1): mean 1/3, sd sqrt(20 * (2/3)^2 + 40 * (1/3)^2) / 59) */
	k = find(&r, "sharpe");
	{
		double sd = sqrt((20 * 4.0 / 9 + 40 * 1.0 / 9) / 59);

		CHECK(k != NULL, "sharpe present");
		CHECK_NEAR(k->value, (1.0 / 3) / sd * sqrt(186.0), 1e-9,
		    "daily Sharpe over the 60 game days x sqrt(186)");
	}
	/* winning 60% at even money from 100 units, 100 bets: a fall to 50
	 * needs 50 more losses than wins: never in 2000 paths */
	k = find(&r, "ruin");
	CHECK(k != NULL && k->value == 0 && k->pass, "no ruin");
	k = find(&r, "stability_months");
	/* July (days 0-30): 31 wins, 31 losses, ROI 0; August: 29 wins, 9
	 * losses: positive in 1 of 2 months, no strict majority */
	CHECK(k != NULL && k->n == 2 && k->value == 0.5 && !k->pass, "months: 1 of 2 positive");
	k = find(&r, "deflated_sharpe");
	CHECK(k != NULL && k->n2 == 1 && k->value > 0.95, "one trial: PSR of SR 0.2 on 100 bets");

	/* independent samples: different games, Welch on per-bet returns */
	{
		struct rt_vset x = { 0 }, y = { 0 };
		double m1, m2, v1, v2;

		for (i = 0; i < 60; i++) {
			char g[16];

			snprintf(g, sizeof g, "x%03d", i);
			bet(&x, g, d0 + i, 2.0, i % 3 != 0);	/* 40 wins of 60 */
			snprintf(g, sizeof g, "y%03d", i);
			bet(&y, g, d0 + i, 2.0, i % 2 == 0);	/* 30 of 60 */
		}
		rt_vcfg_defaults(&c);
		rt_validate(&c, RT_V_STANDARD, &x, &y, d0, d0 + 59, days, 60, &r);
		CHECK(strcmp(r.pairing, "independent") == 0 && r.shared == 0, "no shared game: independent");
		/* returns +1/-1: means 1/3 and 0; variances (60/59)(1 - 1/9) and 60/59 */
		m1 = 1.0 / 3;
		m2 = 0;
		v1 = 60.0 / 59 * (1 - 1.0 / 9);
		v2 = 60.0 / 59;
		k = find(&r, "improvement_test");
		CHECK(k != NULL && strstr(k->method, "Welch") != NULL, "the Welch test");
		CHECK_NEAR(k->stat, (m1 - m2) / sqrt(v1 / 60 + v2 / 60), 1e-9, "Welch statistic");
		rt_vset_release(&x);
		rt_vset_release(&y);
	}

	/* the closing line: a candidate 4 points worse at the close fails
	 * close_not_worse, whatever its results; without closing
	 * probabilities the check does not judge */
	{
		struct rt_vset x = { 0 }, y = { 0 };
		const struct rt_vcheck *kc;
		struct rt_vreport rr;
		size_t gi;
		char g[16];

		for (gi = 0; gi < 40; gi++) {
			snprintf(g, sizeof g, "g%zu", gi);
			bet(&x, g, d0 + (int32_t)(gi / 2), 2.0, 1);
			bet(&y, g, d0 + (int32_t)(gi / 2), 2.0, gi % 2);
			x.v[gi].cev = -0.03 + 0.01 * (double)(gi % 3);	/* mean about -0.02 */
			y.v[gi].cev = 0.02 + 0.01 * (double)(gi % 2);
		}
		rt_validate(&c, RT_V_STANDARD, &x, &y, d0, d0 + 59, days, 60, &rr);
		kc = find(&rr, "close_not_worse");
		CHECK(kc != NULL && !kc->pass && kc->n == 40 && kc->value < -3 && kc->hi < 0,
		    "4 points worse at the close: close_not_worse fails");
		CHECK(kc != NULL && kc->p > 0.99, "its p-value of better is near 1");
		for (gi = 0; gi < 40; gi++)
			x.v[gi].cev = y.v[gi].cev = NAN;
		rt_validate(&c, RT_V_STANDARD, &x, &y, d0, d0 + 59, days, 60, &rr);
		kc = find(&rr, "close_not_worse");
		CHECK(kc != NULL && kc->pass && kc->n == 0 && strstr(kc->note, "not judged") != NULL,
		    "no closing probabilities: not judged, passes");
		rt_vset_release(&x);
		rt_vset_release(&y);
	}

	/* the closing line as the evidence: the same results, the candidate
	 * 5 points better at the close on 60 shared games */
	{
		struct rt_vset x = { 0 }, y = { 0 };
		const struct rt_vcheck *kc;
		struct rt_vreport rr;
		size_t gi;
		char g[16];

		for (gi = 0; gi < 60; gi++) {
			snprintf(g, sizeof g, "c%zu", gi);
			bet(&x, g, d0 + (int32_t)gi, 2.0, gi % 2);
			bet(&y, g, d0 + (int32_t)gi, 2.0, gi % 2);
			x.v[gi].cev = 0.05 + 0.01 * (double)(gi % 3 == 0);
			y.v[gi].cev = 0.01 * (double)(gi % 3 == 0);
		}
		rt_validate(&c, RT_V_STANDARD, &x, &y, d0, d0 + 59, days, 60, &rr);
		CHECK(strcmp(rr.evidence, "close") == 0, "60 priced bets each: the closing line");
		kc = find(&rr, "improvement");
		CHECK(kc != NULL && fabs(kc->value - 5) < 1e-9 && kc->pass, "improvement at the close: 5 points");
		kc = find(&rr, "improvement_test");
		CHECK(kc != NULL && kc->pass, "improvement_test at the close passes");
		kc = find(&rr, "win_rate_vs_breakeven");
		CHECK(kc != NULL && kc->pass && strstr(kc->method, "at the close") != NULL,
		    "the candidate's own edge at the close");
		kc = find(&rr, "sample");
		CHECK(kc != NULL && kc->n == 60, "the sample counts the real bets");
		/* the win rate at the close: mean (cev + 1) / dec = (40 * 1.05 +
		 * 20 * 1.06) / 60 / 2 */
		kc = find(&rr, "win_rate");
		CHECK(kc != NULL && fabs(kc->value - (40 * 1.05 + 20 * 1.06) / 120) < 1e-12 && kc->pass,
		    "win_rate: the expected win rate at the close");
		c.evidence = RT_EVIDENCE_RETURNS;
		rt_validate(&c, RT_V_STANDARD, &x, &y, d0, d0 + 59, days, 60, &rr);
		kc = find(&rr, "improvement");
		CHECK(strcmp(rr.evidence, "returns") == 0 && kc != NULL && fabs(kc->value) < 1e-9,
		    "--evidence returns: the same results, no improvement");
		c.evidence = RT_EVIDENCE_AUTO;
		rt_vset_release(&x);
		rt_vset_release(&y);
	}

	/* the holdout sized by the baseline's bets: 2 bets a day from day
	 * 100 back; 14 days at least, 90 at most */
	{
		int32_t dts[400];
		size_t di;

		for (di = 0; di < 400; di++)
			dts[di] = 100 - (int32_t)(di / 2);
		CHECK(rt_holdout_from(dts, 400, 100, 14, 90, 10) == 87, "10 bets: the 14 days win");
		CHECK(rt_holdout_from(dts, 400, 100, 14, 90, 100) == 51, "100 bets: 50 days");
		CHECK(rt_holdout_from(dts, 400, 100, 14, 90, 1000) == 11, "1000 bets: capped at 90 days");
		CHECK(rt_holdout_from(dts, 0, 100, 14, 90, 100) == 11, "no bets: the cap");
		CHECK(rt_holdout_from(dts, 400, 100, 14, 90, 29) == 86, "29 bets: day 86 (15 days)");
	}

	/* below the minimum sample: inconclusive, whatever else */
	c.min_sample = 101;
	rt_validate(&c, RT_V_BASIC, &a, &b, d0, d0 + 59, days, 60, &r);
	CHECK(strcmp(r.decision, "inconclusive") == 0, "100 bets < 101: inconclusive");
	rt_vset_release(&a);
	rt_vset_release(&b);
	return rt_test_done();
}
