/* rt_rollout: rollout arithmetic (see rt_rollout.h). */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "rt_hash.h"
#include "rt_rollout.h"

double
rt_rollout_bucket(const char *rollout_id, const char *game_id)
{
	uint64_t h = rt_fnv1a64(RT_FNV64_INIT, rollout_id);

	h = rt_fnv1a64(h ^ 0xff, game_id);	/* 0xff: no text holds it */
	/* the top 53 bits: a double in [0, 1) */
	return (double)(rt_mix64(h) >> 11) * (1.0 / 9007199254740992.0);
}

int
rt_rollout_is_candidate(const char *rollout_id, const char *game_id, double pct)
{
	return rt_rollout_bucket(rollout_id, game_id) < pct / 100;
}

double
rt_msprt_p(double mean, double var, int64_t n, double theta0, double tau2)
{
	double nn = (double)n, d = mean - theta0, log_lambda;

	if (n < 1 || !(var > 0) || !(tau2 > 0))
		return 1;
	log_lambda = 0.5 * log(var / (var + nn * tau2)) +
	    nn * nn * tau2 * d * d / (2 * var * (var + nn * tau2));
	return log_lambda <= 0 ? 1 : exp(-log_lambda);
}

double
rt_msprt_halfwidth(double var, int64_t n, double tau2, double alpha)
{
	double nn = (double)n;

	if (n < 1 || !(var > 0) || !(tau2 > 0) || !(alpha > 0 && alpha < 1))
		return INFINITY;
	return sqrt(2 * var * (var + nn * tau2) / (nn * nn * tau2) *
	    (log(1 / alpha) + 0.5 * log(1 + nn * tau2 / var)));
}

double
rt_srm_p(int64_t n_cand, int64_t n_base, double share)
{
	double n = (double)(n_cand + n_base), ec, eb, x2;

	if (n_cand + n_base <= 0 || !(share > 0 && share < 1))
		return NAN;
	ec = n * share;
	eb = n * (1 - share);
	x2 = (n_cand - ec) * (n_cand - ec) / ec + (n_base - eb) * (n_base - eb) / eb;
	return gsl_cdf_chisq_Q(x2, 1);
}
