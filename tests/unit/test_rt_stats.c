/* Unit tests for lib/rt_stats.c against published tables and hand values. */
#include <math.h>

#include "rt_stats.h"
#include "rt_test.h"

int
main(void)
{
	double t;

	/* t distribution: with 10 degrees of freedom, P(T <= -1.812) = 0.05
	 * and P(T <= -2.764) = 0.01 (any t table, three decimals) */
	CHECK_NEAR(rt_stats_t_below(-1.812 * 2 / sqrt(11), 2, 11, 0, &t), 0.05, 5e-4,
	    "one-sample t: 10 df at -1.812 is 0.05");
	CHECK_NEAR(t, -1.812, 1e-9, "its statistic");
	CHECK_NEAR(rt_stats_t_below(-2.764 / sqrt(11), 1, 11, 0, NULL), 0.01, 5e-4,
	    "one-sample t: 10 df at -2.764 is 0.01");
	CHECK_NEAR(rt_stats_t_below(5, 1, 30, 5, &t), 0.5, 1e-12, "at the floor: p = 0.5");
	CHECK(isnan(rt_stats_t_below(1, 1, 1, 0, NULL)), "one value: no test");
	CHECK(isnan(rt_stats_t_below(1, 0, 10, 0, NULL)), "no spread: no test");
	/* Welch: equal variances and sizes reduce to 2(n-1) degrees of freedom:
	 * samples of 11 with sd 1, means 0 and 0.7725 give t = -1.8117 on 20 df,
	 * P = 0.0425 (t table: 20 df, 0.05 at 1.725, 0.025 at 2.086) */
	CHECK_NEAR(rt_stats_welch_below(0, 1, 11, 0.7725, 1, 11, &t), 0.04252, 2e-4,
	    "Welch on equal samples: 20 df");
	CHECK_NEAR(t, -0.7725 / sqrt(2.0 / 11), 1e-9, "Welch statistic");
	/* binomial: P(X <= 2 | 10, 0.5) = (1 + 10 + 45) / 1024 */
	CHECK_NEAR(rt_stats_binom_below(2, 10, 0.5), 56.0 / 1024, 1e-12, "binomial exact");
	CHECK_NEAR(rt_stats_binom_below(10, 10, 0.5), 1, 0, "all successes: 1");
	CHECK_NEAR(rt_stats_binom_below(0, 3, 0.5), 0.125, 1e-12, "none of 3");
	/* upper tail: P(X >= 60 | 100, 0.5) = 0.028443966820490 (exact sum);
	 * P(X >= 100 | 100, 0.5) = 2^-100, which 1 - P(X <= 99) loses */
	CHECK_NEAR(rt_stats_binom_above(60, 100, 0.5), 0.028443966820490, 1e-13, "upper tail");
	CHECK_NEAR(rt_stats_binom_above(100, 100, 0.5) / pow(2, -100), 1, 1e-9, "tiny tail kept");
	CHECK(rt_stats_binom_above(0, 10, 0.3) == 1 && rt_stats_binom_above(11, 10, 0.3) == 0,
	    "edges");
	/* CUSUM: Siegmund's ARL for k = 0.5, h = 4 is 338 (Montgomery,
	 * Introduction to Statistical Quality Control, table of one-sided
	 * CUSUM ARLs: 336), and h = 5 gives 930 (table: 930) */
	CHECK_NEAR(rt_stats_cusum_arl(0.5, 4), 338.1, 1, "ARL0 at k 0.5, h 4");
	CHECK_NEAR(rt_stats_cusum_arl(0.5, 5), 930, 10, "ARL0 at k 0.5, h 5");
	CHECK_NEAR(rt_stats_cusum_h(0.5, 338.1), 4, 0.01, "h for ARL0 338 is 4");
	CHECK_NEAR(rt_stats_cusum_arl(0.5, rt_stats_cusum_h(0.5, 500)), 500, 1e-6,
	    "h solves the ARL equation");
	CHECK(isnan(rt_stats_cusum_h(0.5, 1)), "an ARL below h = 0's: none");
	/* two proportions: 40/100 against 50/100 unscaled: z = -0.1 /
	 * sqrt(0.24/100 + 0.25/100) = -1.42857, P = 0.07656 (normal table) */
	CHECK_NEAR(rt_stats_prop_below(40, 100, 50, 100, 1, &t), 0.076564, 1e-5,
	    "two proportions, unscaled");
	CHECK_NEAR(t, -0.1 / sqrt(0.0049), 1e-9, "its statistic");
	/* scaled by 0.8: H0 p1 >= 0.4; 40/100 sits on it: p = 0.5 */
	CHECK_NEAR(rt_stats_prop_below(40, 100, 50, 100, 0.8, NULL), 0.5, 1e-12,
	    "on the scaled rate: 0.5");
	CHECK(isnan(rt_stats_prop_below(0, 0, 5, 10, 1, NULL)), "empty sample: no test");
	CHECK(isnan(rt_stats_prop_below(10, 10, 5, 5, 1, NULL)), "no variance: no test");
	/* PSI: n = m = 200 gives ne = 100; PSI 0.16919 makes chi-square 16.919
	 * on 9 df, the 5% point (table: 16.919) */
	CHECK_NEAR(rt_stats_psi_p(0.16919, 200, 200, 10), 0.05, 1e-4, "PSI p at chi2(9) 5%");
	CHECK_NEAR(rt_stats_psi_p(0, 200, 200, 10), 1, 1e-12, "PSI 0: p = 1");
	CHECK(isnan(rt_stats_psi_p(0.1, 0, 200, 10)), "empty sample: no p");
	/* the ROI difference by the delta method, by hand: R_c = 0/2,
	 * R_b = -0.5/2, mean stakes 2/3; z = 2.625, -1.5, -1.125 (sum 0),
	 * variance (6.890625 + 2.25 + 1.265625) / 2 = 5.203125 */
	{
		const struct rt_game_pair g[] = { { 1, 1, 1, -1 }, { 1, -1, 0, 0 }, { 0, 0, 1, 0.5 } };
		double d, v;

		CHECK(rt_stats_ratio_diff(g, 3, &d, &v) == 0, "ratio diff: three games");
		CHECK_NEAR(d, 0.25, 1e-12, "ratio diff: R_c - R_b");
		CHECK_NEAR(v, 5.203125, 1e-12, "ratio diff: variance of z");
		CHECK(rt_stats_ratio_diff(g, 1, &d, &v) == -1 && isnan(d), "one game: none");
		CHECK(rt_stats_ratio_diff(g + 2, 1, &d, &v) == -1, "no candidate stake: none");
	}
	return rt_test_done();
}
