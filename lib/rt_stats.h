/*
 * rt_stats: the tests and thresholds behind rt's decisions, each with its
 * reference in docs/statistics.md.  p-values come from GSL's distribution
 * functions; nothing here is tabulated.
 */
#ifndef RT_STATS_H
#define RT_STATS_H

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

/*
 * The decision interval h of a one-sided standardised CUSUM with
 * allowance k whose in-control average run length is arl0 (Siegmund's
 * approximation, solved by bisection): the threshold for a target false-
 * alarm rate, in standard deviations.  NAN when it cannot be met.
 */
double rt_stats_cusum_h(double k, double arl0);

/* Siegmund's approximation of the in-control ARL of that CUSUM. */
double rt_stats_cusum_arl(double k, double h);

#endif
