/* rt_bo: Gaussian-process Bayesian optimisation (see rt_bo.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>

#include "rt_bo.h"
#include "rt_buf.h"

struct gp {
	int d;
	size_t n;
	const double *X;	/* n * d, borrowed */
	double *z;		/* standardised values, owned */
	double *ls;		/* d length scales */
	double sf2, sn2;	/* signal and noise variance */
	gsl_matrix *L;		/* Cholesky factor of K + sn2 I */
	gsl_vector *alpha;	/* (K + sn2 I)^-1 z */
};

static double
matern52(const double *a, const double *b, const double *ls, int d, double sf2)
{
	double r2 = 0, r;
	int i;

	for (i = 0; i < d; i++) {
		double t = (a[i] - b[i]) / ls[i];

		r2 += t * t;
	}
	r = sqrt(5 * r2);
	return sf2 * (1 + r + 5 * r2 / 3) * exp(-r);
}

/* Factors K + sn2 I; -1 when it is not positive definite. */
static int
gp_factor(struct gp *g)
{
	size_t i, j;
	int rc;

	if (g->L == NULL) {
		g->L = gsl_matrix_alloc(g->n, g->n);
		g->alpha = gsl_vector_alloc(g->n);
	}
	for (i = 0; i < g->n; i++)
		for (j = 0; j <= i; j++) {
			double k = matern52(g->X + i * g->d, g->X + j * g->d, g->ls, g->d, g->sf2);

			if (i == j)
				k += g->sn2 + 1e-8;
			gsl_matrix_set(g->L, i, j, k);
			gsl_matrix_set(g->L, j, i, k);
		}
	gsl_set_error_handler_off();
	rc = gsl_linalg_cholesky_decomp1(g->L);
	if (rc != 0)
		return -1;
	for (i = 0; i < g->n; i++)
		gsl_vector_set(g->alpha, i, g->z[i]);
	gsl_linalg_cholesky_svx(g->L, g->alpha);
	return 0;
}

static double
gp_nll(struct gp *g)
{
	double nll = 0;
	size_t i;

	if (gp_factor(g) == -1)
		return 1e30;
	for (i = 0; i < g->n; i++)
		nll += 0.5 * g->z[i] * gsl_vector_get(g->alpha, i) + log(gsl_matrix_get(g->L, i, i));
	return nll;
}

/* theta: log length scales, log sf2, log sn2 */
static void
gp_set(struct gp *g, const gsl_vector *th)
{
	int i;

	for (i = 0; i < g->d; i++)
		g->ls[i] = exp(fmin(fmax(gsl_vector_get(th, (size_t)i), log(0.01)), log(20.0)));
	g->sf2 = exp(fmin(fmax(gsl_vector_get(th, (size_t)g->d), log(0.01)), log(100.0)));
	g->sn2 = exp(fmin(fmax(gsl_vector_get(th, (size_t)g->d + 1), log(1e-6)), log(1.0)));
}

static double
nll_f(const gsl_vector *th, void *arg)
{
	struct gp *g = arg;

	gp_set(g, th);
	return gp_nll(g);
}

/* Maximum marginal likelihood, from two starts. */
static void
gp_fit(struct gp *g)
{
	static const double start_ls[] = { 0.3, 1.0 };
	gsl_multimin_function f;
	gsl_vector *th = gsl_vector_alloc((size_t)g->d + 2), *step = gsl_vector_alloc((size_t)g->d + 2);
	gsl_vector *best = gsl_vector_alloc((size_t)g->d + 2);
	double best_v = INFINITY;
	size_t s;
	int i, it;

	f.n = (size_t)g->d + 2;
	f.f = nll_f;
	f.params = g;
	for (s = 0; s < 2; s++) {
		gsl_multimin_fminimizer *m = gsl_multimin_fminimizer_alloc(
		    gsl_multimin_fminimizer_nmsimplex2, f.n);

		for (i = 0; i < g->d; i++)
			gsl_vector_set(th, (size_t)i, log(start_ls[s]));
		gsl_vector_set(th, (size_t)g->d, 0);
		gsl_vector_set(th, (size_t)g->d + 1, log(1e-2));
		gsl_vector_set_all(step, 0.7);
		gsl_multimin_fminimizer_set(m, &f, th, step);
		for (it = 0; it < 60 + 10 * g->d; it++) {
			if (gsl_multimin_fminimizer_iterate(m) != 0)
				break;
			if (gsl_multimin_fminimizer_size(m) < 1e-3)
				break;
		}
		if (m->fval < best_v) {
			best_v = m->fval;
			gsl_vector_memcpy(best, m->x);
		}
		gsl_multimin_fminimizer_free(m);
	}
	gp_set(g, best);
	gsl_vector_free(th);
	gsl_vector_free(step);
	gsl_vector_free(best);
}

static void
gp_predict(const struct gp *g, const double *x, double *mu, double *sd, double *work)
{
	gsl_vector_view kv = gsl_vector_view_array(work, g->n);
	double m = 0, v;
	size_t i;

	for (i = 0; i < g->n; i++) {
		work[i] = matern52(x, g->X + i * g->d, g->ls, g->d, g->sf2);
		m += work[i] * gsl_vector_get(g->alpha, i);
	}
	gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, g->L, &kv.vector);
	gsl_blas_ddot(&kv.vector, &kv.vector, &v);
	*mu = m;
	*sd = sqrt(fmax(g->sf2 - v, 1e-12));
}

/* Expected improvement over the best standardised value. */
static double
ei(double mu, double sd, double best)
{
	double imp = mu - best, z = imp / sd;

	return imp * gsl_cdf_ugaussian_P(z) + sd * gsl_ran_ugaussian_pdf(z);
}

/* A point of the cube made valid: decoded and encoded again. */
static void
project(const struct rt_space *s, double *u)
{
	double v[RT_SPACE_MAXP];

	rt_space_decode(s, u, v);
	rt_space_encode(s, v, u);
}

static void
random_point(const struct rt_space *s, gsl_rng *r, double *u)
{
	int i;

	for (i = 0; i < s->dim; i++)
		u[i] = gsl_rng_uniform(r);
	project(s, u);
}


static int
grid_levels(const struct rt_space_param *p, int levels)
{
	if (p->type == 2)
		return p->nchoices;
	if (p->type == 1 && p->high - p->low + 1 < levels)
		return (int)(p->high - p->low + 1);
	return p->high > p->low ? levels : 1;
}

static int
coprime(size_t a, size_t b)
{
	while (b) {
		size_t t = a % b;

		a = b;
		b = t;
	}
	return a == 1;
}

size_t
rt_bo_grid(const struct rt_space *s, int levels, size_t index, double *u)
{
	size_t total = 1, k, step;
	double v[RT_SPACE_MAXP];
	int i;

	for (i = 0; i < s->n; i++) {
		total *= (size_t)grid_levels(&s->p[i], levels);
		if (total > ((size_t)1 << 40))
			total = (size_t)1 << 40;	/* far past any budget */
	}
	/* a step near total/phi, coprime with total: a scrambled full cycle */
	for (step = (size_t)((double)total * 0.618) | 1; step > 1 && !coprime(step, total); step--)
		;
	if (step == 0)
		step = 1;
	k = (size_t)(((unsigned __int128)(index % total) * step) % total);
	for (i = 0; i < s->n; i++) {
		const struct rt_space_param *p = &s->p[i];
		int l = grid_levels(p, levels), j = (int)(k % (size_t)l);
		double x = l == 1 ? 0.5 : (j + 0.5) / l;

		k /= (size_t)l;
		if (p->type == 2)
			v[i] = j;
		else if (p->type == 1 && l == (int)(p->high - p->low + 1))
			v[i] = p->low + j;
		else if (p->log)
			v[i] = exp(log(p->low) + x * (log(p->high) - log(p->low)));
		else
			v[i] = p->low + x * (p->high - p->low);
		if (p->type == 1)
			v[i] = round(v[i]);
	}
	rt_space_encode(s, v, u);
	return total;
}

int
rt_bo_propose(const struct rt_space *s, enum rt_bo_algo algo, const double *X,
    const double *y, size_t n, int k, int initial, gsl_rng *r, double *out)
{
	int d = s->dim, q, i, j;
	size_t m = 0, t, cap;
	double *fx, *fy, mean = 0, var = 0, sd, best, *work, *cand;
	struct gp g;
	int rc = 0;

	/* the finite observations, the best and the latest RT_BO_FIT of them */
	cap = n + (size_t)k;
	fx = rt_xmalloc(cap * (size_t)d * sizeof *fx);
	fy = rt_xmalloc(cap * sizeof *fy);
	{
		/* A failed trial (NaN) counts as the worst value seen: the
		 * model learns to avoid its region (penalised, never chosen). */
		double worst = INFINITY;
		size_t finite = 0;

		for (t = 0; t < n; t++)
			if (isfinite(y[t])) {
				worst = fmin(worst, y[t]);
				finite++;
			}
		for (t = 0; t < n; t++)
			if (!(isinf(y[t]) && y[t] > 0) && (isfinite(y[t]) || finite > 0)) {
				memcpy(fx + m * (size_t)d, X + t * (size_t)d, (size_t)d * sizeof *fx);
				fy[m++] = isfinite(y[t]) ? y[t] : worst;
			}
		if (finite < (size_t)initial)
			m = 0;	/* not enough to model: a random design */
	}
	if (algo == RT_BO_GRID) {
		for (q = 0; q < k; q++)
			rt_bo_grid(s, 5, n + (size_t)q, out + (size_t)q * (size_t)d);
		goto out;
	}
	if (algo == RT_BO_RANDOM) {
		for (q = 0; q < k; q++)
			random_point(s, r, out + (size_t)q * (size_t)d);
		goto out;
	}
	if (m < (size_t)initial) {
		/* The initial design: half uniform, half near the best point
		 * so far (or the first one asked: a study starts from the
		 * defaults).  In a wide space most uniform points place no
		 * bet at all; the neighbourhood of a working point does. */
		const double *centre = n > 0 ? X : NULL;
		double bestv = -INFINITY;

		for (t = 0; t < n; t++)
			if (isfinite(y[t]) && y[t] > bestv) {
				bestv = y[t];
				centre = X + t * (size_t)d;
			}
		for (q = 0; q < k; q++) {
			double *o = out + (size_t)q * (size_t)d;

			if (centre == NULL || (n + (size_t)q) % 2 == 0)
				random_point(s, r, o);
			else {
				for (i = 0; i < d; i++)
					o[i] = centre[i] + gsl_ran_gaussian(r, 0.15);
				project(s, o);
			}
		}
		goto out;
	}
	if (m > RT_BO_FIT) {
		/* keep the latest half, and the best of the rest */
		size_t latest = RT_BO_FIT / 2, keep = 0, rest = m - latest, j2;
		char *take = rt_xcalloc(m, 1);

		for (t = rest; t < m; t++)
			take[t] = 1;
		for (j2 = 0; j2 < RT_BO_FIT - latest; j2++) {
			size_t b = SIZE_MAX;

			for (t = 0; t < rest; t++)
				if (!take[t] && (b == SIZE_MAX || fy[t] > fy[b]))
					b = t;
			if (b == SIZE_MAX)
				break;
			take[b] = 1;
		}
		for (t = 0; t < m; t++)
			if (take[t]) {
				memmove(fx + keep * (size_t)d, fx + t * (size_t)d, (size_t)d * sizeof *fx);
				fy[keep++] = fy[t];
			}
		free(take);
		m = keep;
	}
	for (t = 0; t < m; t++)
		mean += fy[t];
	mean /= (double)m;
	for (t = 0; t < m; t++)
		var += (fy[t] - mean) * (fy[t] - mean);
	sd = sqrt(var / (double)m);
	if (!(sd > 0))
		sd = 1;
	memset(&g, 0, sizeof g);
	g.d = d;
	g.X = fx;
	g.z = rt_xmalloc(cap * sizeof *g.z);
	g.ls = rt_xmalloc((size_t)d * sizeof *g.ls);
	for (t = 0; t < m; t++)
		g.z[t] = (fy[t] - mean) / sd;
	g.n = m;
	gp_fit(&g);
	/* Points asked and not told yet: the kriging believer, as for a
	 * batch, so that separate asks spread too. */
	for (t = 0; t < n && g.n < cap; t++)
		if (isinf(y[t]) && y[t] > 0) {
			double mu0, s0, *w0;

			if (gp_factor(&g) == -1)
				break;
			w0 = rt_xmalloc(cap * sizeof *w0);
			gp_predict(&g, X + t * (size_t)d, &mu0, &s0, w0);
			free(w0);
			memcpy(fx + g.n * (size_t)d, X + t * (size_t)d, (size_t)d * sizeof *fx);
			g.z[g.n++] = mu0;
			gsl_matrix_free(g.L);
			gsl_vector_free(g.alpha);
			g.L = NULL;
			g.alpha = NULL;
		}
	work = rt_xmalloc(cap * sizeof *work);
	cand = rt_xmalloc((size_t)d * sizeof *cand);
	for (q = 0; q < k; q++) {
		double bx[64], bv = -INFINITY, mu, s_;
		double top[5][64], topv[5];
		int ntop = 0, c;

		if (d > 64) {
			rc = -1;
			break;
		}
		if (gp_factor(&g) == -1) {
			rc = -1;
			break;
		}
		best = -INFINITY;
		for (t = 0; t < g.n; t++)
			best = fmax(best, g.z[t]);
		/* candidates: random, and around the best points seen */
		for (c = 0; c < 768; c++) {
			double v;

			if (c < 512 || g.n == 0)
				random_point(s, r, cand);
			else {
				size_t b = 0;

				for (t = 1; t < g.n; t++)
					if (g.z[t] > g.z[b] || gsl_rng_uniform(r) < 0.05)
						b = t;
				for (i = 0; i < d; i++)
					cand[i] = fx[b * (size_t)d + (size_t)i] +
					    gsl_ran_gaussian(r, 0.08);
				project(s, cand);
			}
			gp_predict(&g, cand, &mu, &s_, work);
			v = ei(mu, s_, best);
			/* keep the five best for local search */
			if (ntop < 5 || v > topv[ntop - 1]) {
				j = ntop < 5 ? ntop++ : 4;
				while (j > 0 && topv[j - 1] < v) {
					topv[j] = topv[j - 1];
					memcpy(top[j], top[j - 1], (size_t)d * sizeof(double));
					j--;
				}
				topv[j] = v;
				memcpy(top[j], cand, (size_t)d * sizeof(double));
			}
		}
		/* local search from each: shrinking random steps */
		for (j = 0; j < ntop; j++) {
			double step = 0.1;
			int it;

			for (it = 0; it < 60; it++, step *= 0.92) {
				double v;

				for (i = 0; i < d; i++)
					cand[i] = top[j][i] + gsl_ran_gaussian(r, step);
				project(s, cand);
				gp_predict(&g, cand, &mu, &s_, work);
				v = ei(mu, s_, best);
				if (v > topv[j]) {
					topv[j] = v;
					memcpy(top[j], cand, (size_t)d * sizeof(double));
				}
			}
			if (topv[j] > bv) {
				bv = topv[j];
				memcpy(bx, top[j], (size_t)d * sizeof(double));
			}
		}
		memcpy(out + (size_t)q * (size_t)d, bx, (size_t)d * sizeof(double));
		/* the kriging believer: the point joins at its predicted value */
		gp_predict(&g, bx, &mu, &s_, work);
		memcpy(fx + g.n * (size_t)d, bx, (size_t)d * sizeof(double));
		g.z[g.n++] = mu;
		gsl_matrix_free(g.L);
		gsl_vector_free(g.alpha);
		g.L = NULL;
		g.alpha = NULL;
	}
	if (g.L)
		gsl_matrix_free(g.L);
	if (g.alpha)
		gsl_vector_free(g.alpha);
	free(g.z);
	free(g.ls);
	free(work);
	free(cand);
	if (rc == -1)
		for (q = 0; q < k; q++)
			random_point(s, r, out + (size_t)q * (size_t)d);
out:
	free(fx);
	free(fy);
	return rc;
}
