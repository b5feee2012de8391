/*
 * rt_odds: American and decimal prices, implied probabilities and margin
 * removal (see rt_odds.h for the conventions).
 */
#include <math.h>
#include <string.h>

#include "rt_odds.h"

#define ODDS_MIN	100L
#define ODDS_MAX	1000000L

/*
 * Root finding: bisection on a bracket known to hold the single root, so
 * that it cannot wander off or fail on a flat stretch the way Newton can.
 * TOL is relative to the root for k (which can be large when one price is
 * close to 1) and absolute for z (which lies in [0, 1)); either way the
 * sums come out within about 1e-12 of 1 before the final normalisation.
 * MAXIT is far more than the ~45 halvings either bracket needs; hitting it
 * means the input was something the bracket analysis did not foresee.
 */
#define TOL		1e-12
#define MAXIT		200
#define MAXDOUBLE	64	/* doublings of k's upper end: k up to 2^64 */

int
rt_odds_valid(long o)
{
	/* No labs(): labs(LONG_MIN) is undefined. */
	return (o >= ODDS_MIN && o <= ODDS_MAX) ||
	    (o <= -ODDS_MIN && o >= -ODDS_MAX);
}

/* The header asks for valid prices; NaN rather than a division by zero
 * (o = 0) or an overflowing negation (LONG_MIN) when a caller forgets. */
double
rt_odds_close_ev(long odds, double close_prob)
{
	if (!rt_odds_valid(odds) || !(close_prob > 0 && close_prob < 1))
		return NAN;
	return close_prob * rt_odds_decimal(odds) - 1;
}

double
rt_odds_decimal(long o)
{
	if (!rt_odds_valid(o))
		return NAN;
	if (o > 0)
		return 1.0 + (double)o / 100.0;
	return 1.0 + 100.0 / (double)-o;
}

int
rt_odds_from_decimal(double d, long *o)
{
	double v;

	/* !(d > 1) also catches NaN. */
	if (!isfinite(d) || !(d > 1.0))
		return -1;
	if (d >= 2.0)
		v = round(100.0 * (d - 1.0));
	else
		v = round(100.0 / (d - 1.0));
	/* Compare as double: d just above 1 gives a v far past LONG_MAX. */
	if (!(v <= (double)ODDS_MAX))
		return -1;
	*o = d >= 2.0 ? (long)v : -(long)v;
	return 0;
}

/* |o| / (|o| + 100) and 100 / (o + 100) are 1 / decimal(o) with one
 * rounding instead of two. */
double
rt_odds_implied(long o)
{
	if (!rt_odds_valid(o))
		return NAN;
	if (o > 0)
		return 100.0 / ((double)o + 100.0);
	return (double)-o / ((double)-o + 100.0);
}

double
rt_odds_win_profit(long o, double stake)
{
	if (!rt_odds_valid(o))
		return NAN;
	if (o > 0)
		return stake * (double)o / 100.0;
	return stake * 100.0 / (double)-o;
}

double
rt_odds_overround(const double *p, size_t n)
{
	double s = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		s += p[i];
	return s - 1.0;
}

static double
power_excess(const double *p, size_t n, double k)
{
	double s = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		s += pow(p[i], k);
	return s - 1.0;
}

/*
 * sum(p^k) - 1 falls strictly in k (every p in (0,1)) and is S - 1 > 0 at
 * k = 1, so the root lies above 1; the upper end is doubled until the sum
 * drops below 1, which happens by k = log(n) / -log(max p).
 */
static int
power_k(const double *p, size_t n, double *k)
{
	double lo = 1.0, hi = 2.0, mid;
	int i;

	for (i = 0; power_excess(p, n, hi) > 0.0; i++) {
		if (i == MAXDOUBLE)
			return -1;
		lo = hi;
		hi *= 2.0;
	}
	for (i = 0; i < MAXIT; i++) {
		mid = lo + (hi - lo) / 2.0;
		if (hi - lo <= TOL * lo || mid <= lo || mid >= hi) {
			*k = mid;
			return 0;
		}
		if (power_excess(p, n, mid) > 0.0)
			lo = mid;
		else
			hi = mid;
	}
	return -1;
}

/*
 * Shin's fair_i(z) as in the header, rewritten by multiplying through by
 * sqrt(.) + z: 2q / (sqrt(z^2 + 4(1-z)q) + z), q = p_i^2 / S.  The
 * header's form cancels catastrophically as z nears 1 (and divides by
 * zero at 1); this one is exact in the limit (fair_i(1) = q).
 */
static double
shin_fair(double pi, double s, double z)
{
	double q = pi * pi / s;

	return 2.0 * q / (sqrt(z * z + 4.0 * (1.0 - z) * q) + z);
}

static double
shin_excess(const double *p, size_t n, double s, double z)
{
	double t = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		t += shin_fair(p[i], s, z);
	return t - 1.0;
}

/*
 * Each fair_i(z) falls strictly in z; the sum is sqrt(S) > 1 at z = 0 and
 * sum(p^2) / S < 1 at z = 1, so [0, 1] brackets the root.
 */
static int
shin_z(const double *p, size_t n, double s, double *z)
{
	double lo = 0.0, hi = 1.0, mid;
	int i;

	for (i = 0; i < MAXIT; i++) {
		mid = lo + (hi - lo) / 2.0;
		if (hi - lo <= TOL || mid <= lo || mid >= hi) {
			*z = mid;
			return 0;
		}
		if (shin_excess(p, n, s, mid) > 0.0)
			lo = mid;
		else
			hi = mid;
	}
	return -1;
}

int
rt_odds_devig(enum rt_devig method, const double *p, size_t n,
    double *fair, double *z_out)
{
	enum rt_devig how = method;
	double s = 0.0, t, k = 1.0, z = 0.0;
	size_t i;

	if (p == NULL || fair == NULL || n < 2)
		return -1;
	if (method != RT_DEVIG_MULTIPLICATIVE && method != RT_DEVIG_POWER &&
	    method != RT_DEVIG_SHIN)
		return -1;
	for (i = 0; i < n; i++) {
		/* Written so that NaN fails too. */
		if (!(p[i] > 0.0 && p[i] < 1.0))
			return -1;
		s += p[i];
	}

	/*
	 * No margin to remove: power's k would fall below 1 and Shin's z
	 * below 0 (money against the insiders), so every method agrees on
	 * plain normalisation, and z is 0.  The roots are found before fair
	 * is written, since fair may be p.
	 */
	if (s > 1.0) {
		if (how == RT_DEVIG_POWER && power_k(p, n, &k) == -1)
			return -1;
		if (how == RT_DEVIG_SHIN && shin_z(p, n, s, &z) == -1)
			return -1;
	} else
		how = RT_DEVIG_MULTIPLICATIVE;

	t = 0.0;
	for (i = 0; i < n; i++) {
		if (how == RT_DEVIG_POWER)
			fair[i] = pow(p[i], k);
		else if (how == RT_DEVIG_SHIN)
			fair[i] = shin_fair(p[i], s, z);
		else
			fair[i] = p[i];
		t += fair[i];
	}
	/* The root is only good to TOL: renormalise so callers can rely on
	 * a sum of 1 to rounding. */
	for (i = 0; i < n; i++)
		fair[i] /= t;
	if (method == RT_DEVIG_SHIN && z_out != NULL)
		*z_out = z;
	return 0;
}

int
rt_odds_devig_parse(const char *name, enum rt_devig *method)
{
	if (name == NULL)
		return -1;
	if (strcmp(name, "multiplicative") == 0)
		*method = RT_DEVIG_MULTIPLICATIVE;
	else if (strcmp(name, "power") == 0)
		*method = RT_DEVIG_POWER;
	else if (strcmp(name, "shin") == 0)
		*method = RT_DEVIG_SHIN;
	else
		return -1;
	return 0;
}
