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
	int32_t d0 = rt_days_from_civil(2019, 7, 1);
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
	rt_vcfg_defaults(&c);
	rt_validate(&c, RT_V_STANDARD, &a, &b, d0, d0 + 59, NULL, &r);
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

	/* below the minimum sample: inconclusive, whatever else */
	c.min_sample = 101;
	rt_validate(&c, RT_V_BASIC, &a, &b, d0, d0 + 59, NULL, &r);
	CHECK(strcmp(r.decision, "inconclusive") == 0, "100 bets < 101: inconclusive");
	rt_vset_release(&a);
	rt_vset_release(&b);
	return rt_test_done();
}
