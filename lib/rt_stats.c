/* rt_stats: tests and thresholds (see rt_stats.h, docs/statistics.md). */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_cdf.h>

#include "rt_stats.h"

double
rt_stats_t_below(double mean, double sd, int64_t n, double mu0, double *t)
{
	double tt;

	if (n < 2 || !(sd > 0))
		return NAN;
	tt = (mean - mu0) / (sd / sqrt((double)n));
	if (t != NULL)
		*t = tt;
	return gsl_cdf_tdist_P(tt, (double)(n - 1));
}

double
rt_stats_welch_below(double m1, double sd1, int64_t n1, double m2, double sd2,
    int64_t n2, double *t)
{
	double v1, v2, se2, tt, df;

	if (n1 < 2 || n2 < 2)
		return NAN;
	v1 = sd1 * sd1 / (double)n1;
	v2 = sd2 * sd2 / (double)n2;
	se2 = v1 + v2;
	if (!(se2 > 0))
		return NAN;
	tt = (m1 - m2) / sqrt(se2);
	df = se2 * se2 / (v1 * v1 / (double)(n1 - 1) + v2 * v2 / (double)(n2 - 1));
	if (t != NULL)
		*t = tt;
	return gsl_cdf_tdist_P(tt, df);
}

double
rt_stats_binom_below(int64_t k, int64_t n, double p)
{
	if (n <= 0 || k < 0)
		return k < 0 ? 0 : 1;
	if (k >= n)
		return 1;
	return gsl_cdf_binomial_P((unsigned)k, p, (unsigned)n);
}

double
rt_stats_binom_above(int64_t k, int64_t n, double p)
{
	if (k <= 0)
		return 1;
	if (k > n)
		return 0;
	return gsl_cdf_binomial_Q((unsigned)(k - 1), p, (unsigned)n);
}

double
rt_stats_cusum_arl(double k, double h)
{
	/* Siegmund (1985): b = h + 1.166 corrects for overshoot */
	double b = h + 1.166, a = 2 * k * b;

	if (k == 0)
		return b * b;
	return (exp(a) - a - 1) / (2 * k * k);
}

double
rt_stats_cusum_h(double k, double arl0)
{
	double lo = 0, hi = 1;
	int i;

	if (!(arl0 > rt_stats_cusum_arl(k, 0)))
		return NAN;
	while (rt_stats_cusum_arl(k, hi) < arl0)
		if ((hi *= 2) > 1e6)
			return NAN;
	for (i = 0; i < 200; i++) {
		double mid = (lo + hi) / 2;

		if (rt_stats_cusum_arl(k, mid) < arl0)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

double
rt_stats_prop_below(int64_t k1, int64_t n1, int64_t k2, int64_t n2, double scale, double *z)
{
	double p1, p2, se2, zz;

	if (n1 < 1 || n2 < 1)
		return NAN;
	p1 = (double)k1 / (double)n1;
	p2 = (double)k2 / (double)n2;
	se2 = p1 * (1 - p1) / (double)n1 + scale * scale * p2 * (1 - p2) / (double)n2;
	if (!(se2 > 0))
		return NAN;
	zz = (p1 - scale * p2) / sqrt(se2);
	if (z != NULL)
		*z = zz;
	return gsl_cdf_ugaussian_P(zz);
}

int
rt_stats_ratio_diff(const struct rt_game_pair *g, size_t n, double *diff, double *var)
{
	double sc = 0, pc = 0, sb = 0, pb = 0, rc, rb, mc, mb, m2 = 0;
	size_t i;

	*diff = *var = NAN;
	for (i = 0; i < n; i++) {
		sc += g[i].sc;
		pc += g[i].pc;
		sb += g[i].sb;
		pb += g[i].pb;
	}
	if (n < 2 || !(sc > 0) || !(sb > 0))
		return -1;
	rc = pc / sc;
	rb = pb / sb;
	mc = sc / (double)n;
	mb = sb / (double)n;
	/* the z_g sum to 0 by construction: their variance is sum z^2 / (n-1) */
	for (i = 0; i < n; i++) {
		double z = (g[i].pc - rc * g[i].sc) / mc - (g[i].pb - rb * g[i].sb) / mb;

		m2 += z * z;
	}
	*diff = rc - rb;
	*var = m2 / (double)(n - 1);
	return 0;
}

double
rt_stats_psi_p(double psi, int64_t n, int64_t m, int bins)
{
	double ne;

	if (n < 1 || m < 1 || bins < 2 || !(psi >= 0))
		return NAN;
	ne = (double)n * (double)m / (double)(n + m);
	return gsl_cdf_chisq_Q(psi * ne, (double)(bins - 1));
}
