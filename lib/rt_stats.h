/*
 * rt_stats: the tests and thresholds behind rt's decisions, each with its
 * reference in docs/statistics.md.  p-values come from GSL's distribution
 * functions; nothing here is tabulated.
 */
#ifndef RT_STATS_H
#define RT_STATS_H

#include <stddef.h>
#include <stdint.h>

/*
 * One-sided one-sample t test of H0: mean >= mu0 against mean < mu0, from
 * a sample's mean, sample standard deviation and size: the p-value, NAN
 * when n < 2 or sd is not positive.  *t (may be NULL) gets the statistic.
 */
double rt_stats_t_below(double mean, double sd, int64_t n, double mu0, double *t);

/*
 * One-sided Welch test of H0: mean1 >= mean2 against mean1 < mean2 for two
 * independent samples: the p-value (Welch-Satterthwaite degrees of
 * freedom), NAN when either sample has fewer than 2 values.
 */
double rt_stats_welch_below(double m1, double sd1, int64_t n1, double m2, double sd2,
    int64_t n2, double *t);

/* P(X <= k) for X ~ Binomial(n, p): the p-value of "k successes or fewer
 * is too few for a rate p" (exact). */
double rt_stats_binom_below(int64_t k, int64_t n, double p);

/* P(X >= k) for X ~ Binomial(n, p), exact (the upper tail, computed as
 * such: no loss of precision for tiny p-values). */
double rt_stats_binom_above(int64_t k, int64_t n, double p);
/*
 * The decision interval h of a one-sided standardised CUSUM with
 * allowance k whose in-control average run length is arl0 (Siegmund's
 * approximation, solved by bisection): the threshold for a target false-
 * alarm rate, in standard deviations.  NAN when it cannot be met.
 */
double rt_stats_cusum_h(double k, double arl0);

/* Siegmund's approximation of the in-control ARL of that CUSUM. */
double rt_stats_cusum_arl(double k, double h);

/*
 * One-sided test of H0: p1 >= scale * p2 against p1 < scale * p2 for two
 * independent proportions k1/n1 and k2/n2 (normal approximation, unpooled
 * variances): the p-value, NAN when a sample is empty or both rates are 0
 * or 1.  scale 0.9 asks "has the rate fallen by more than 10%?".
 */
double rt_stats_prop_below(int64_t k1, int64_t n1, int64_t k2, int64_t n2, double scale,
    double *z);
/*
 * The p-value of a population stability index between samples of n and m
 * values over `bins` bins: under H0 (one distribution) PSI * nm/(n+m) is
 * about chi-square with bins - 1 degrees of freedom (Yurdakul 2018).
 */
double rt_stats_psi_p(double psi, int64_t n, int64_t m, int bins);

/* Each of two versions' stake and profit on one game (0 where it did
 * not bet there). */
struct rt_game_pair {
	double sc, pc;		/* the candidate's */
	double sb, pb;		/* the baseline's */
};
/*
 * The difference of two ROIs over the n games either version bet on,
 * R_c - R_b with R = sum p / sum s, and the variance of its linearisation
 * by the delta method for ratio estimators (Cochran 1977):
 *   z_g = (p_cg - R_c s_cg) / s̄_c - (p_bg - R_b s_bg) / s̄_b,
 * s̄ a version's mean stake a game, so that R_c - R_b is about the true
 * difference plus mean(z), with standard error sqrt(*var / n).  A game
 * only one version bet on adds what that version did there, not a huge
 * difference.  -1 when n < 2 or a version has no stake.
 */
int rt_stats_ratio_diff(const struct rt_game_pair *g, size_t n, double *diff, double *var);
#endif
