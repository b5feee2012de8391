/*
 * bench-bo: sample efficiency of rt_bo's proposals (the code behind
 * rt-optimize --ask) on the standard test functions Branin (2-D) and
 * Hartmann-6, bayesian beside random, over several seeds.  The functions
 * live here, not in rt-optimize.
 *
 *	bench-bo [SEEDS] [EVALUATIONS]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "rt_bo.h"
#include "rt_err.h"
#include "rt_space.h"

static double
branin(const double *x)
{
	double a = 1, b = 5.1 / (4 * M_PI * M_PI), c = 5 / M_PI, r = 6, s = 10;
	double t = 1 / (8 * M_PI);

	return a * pow(x[1] - b * x[0] * x[0] + c * x[0] - r, 2) + s * (1 - t) * cos(x[0]) + s;
}

static double
hartmann6(const double *x)
{
	static const double al[4] = { 1.0, 1.2, 3.0, 3.2 };
	static const double A[4][6] = {
		{ 10, 3, 17, 3.5, 1.7, 8 }, { 0.05, 10, 17, 0.1, 8, 14 },
		{ 3, 3.5, 1.7, 10, 17, 8 }, { 17, 8, 0.05, 10, 0.1, 14 } };
	static const double P[4][6] = {
		{ .1312, .1696, .5569, .0124, .8283, .5886 },
		{ .2329, .4135, .8307, .3736, .1004, .9991 },
		{ .2348, .1451, .3522, .2883, .3047, .6650 },
		{ .4047, .8828, .8732, .5743, .1091, .0381 } };
	double sum = 0;
	int i, j;

	for (i = 0; i < 4; i++) {
		double in = 0;

		for (j = 0; j < 6; j++)
			in += A[i][j] * (x[j] - P[i][j]) * (x[j] - P[i][j]);
		sum += al[i] * exp(-in);
	}
	return -sum;
}

struct fn {
	const char *name;
	int d;
	double lo[6], hi[6], opt;
	double (*f)(const double *);
};

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* One run: evaluations to get within 1% of the optimum, best at checkpoints. */
static int
run(const struct fn *fn, enum rt_bo_algo algo, unsigned long seed, int evals,
    double *best_at, double *secs)
{
	struct rt_space s;
	double *X = rt_xmalloc((size_t)evals * 6 * sizeof *X), y[1024], u[6], v[6];
	double best = INFINITY;
	int i, hit = -1;
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	clock_t t0 = clock();

	gsl_rng_set(r, seed);
	rt_space_init(&s);
	for (i = 0; i < fn->d; i++) {
		struct rt_space_param *p = &s.p[s.n++];

		memset(p, 0, sizeof *p);
		snprintf(p->name, sizeof p->name, "x%d", i);
		p->low = fn->lo[i];
		p->high = fn->hi[i];
		p->ncoords = 1;
		p->coord = s.dim++;
	}
	for (i = 0; i < evals; i++) {
		rt_bo_propose(&s, algo, X, y, (size_t)i, 1, 5, r, u);	/* as rt-optimize */
		memcpy(X + (size_t)i * (size_t)s.dim, u, (size_t)s.dim * sizeof *u);
		rt_space_decode(&s, u, v);
		y[i] = -fn->f(v);	/* rt_bo maximises */
		best = fmin(best, -y[i]);
		if (hit < 0 && best - fn->opt <= 0.01 * fabs(fn->opt))
			hit = i + 1;
		if (i + 1 == 25)
			best_at[0] = best;
		if (i + 1 == 50)
			best_at[1] = best;
		if (i + 1 == 100)
			best_at[2] = best;
	}
	*secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	gsl_rng_free(r);
	free(X);
	return hit < 0 ? evals + 1 : hit;
}

int
main(int argc, char *argv[])
{
	static const struct fn fns[] = {
		{ "Branin", 2, { -5, 0 }, { 10, 15 }, 0.397887, branin },
		{ "Hartmann-6", 6, { 0, 0, 0, 0, 0, 0 }, { 1, 1, 1, 1, 1, 1 }, -3.32237, hartmann6 },
	};
	int seeds = argc > 1 ? atoi(argv[1]) : 20, evals = argc > 2 ? atoi(argv[2]) : 100;
	size_t f;
	int a, sd;

	rt_err_init(argv[0]);
	if (seeds < 1 || evals < 10 || evals > 1000)
		rt_usage_die("bench-bo [SEEDS] [EVALUATIONS<=1000]");
	printf("   %-11s %-9s %16s %10s %10s %10s %9s\n", "function", "search",
	    "evals to 1% (med)", "best@25", "best@50", "best@100", "s/run");
	for (f = 0; f < sizeof fns / sizeof fns[0]; f++)
		for (a = 0; a < 2; a++) {
			int *hits = rt_xmalloc((size_t)seeds * sizeof *hits);
			double b25 = 0, b50 = 0, b100 = 0, tsum = 0;
			char med[32];

			for (sd = 0; sd < seeds; sd++) {
				double ba[3] = { NAN, NAN, NAN }, t;

				hits[sd] = run(&fns[f], a ? RT_BO_RANDOM : RT_BO_BAYESIAN,
				    (unsigned long)sd + 1, evals, ba, &t);
				b25 += ba[0] / seeds;
				b50 += ba[1] / seeds;
				b100 += ba[2] / seeds;
				tsum += t;
			}
			qsort(hits, (size_t)seeds, sizeof *hits, cmp_int);
			if (hits[seeds / 2] > evals)
				snprintf(med, sizeof med, "> %d", evals);
			else
				snprintf(med, sizeof med, "%d", hits[seeds / 2]);
			printf("   %-11s %-9s %16s %10.4f %10.4f %10.4f %9.2f\n", fns[f].name,
			    a ? "random" : "bayesian", med, b25, b50, b100, tsum / seeds);
			free(hits);
		}
	printf("   (mean best value over %d seeds; optima: Branin 0.3979, Hartmann-6 -3.3224)\n",
	    seeds);
	/* the cost of one proposal as the history grows (Hartmann-6) */
	{
		static const size_t sizes[] = { 50, 200, 500 };
		static const double target[] = { NAN, 0.1, 1.0 };
		struct rt_space sp;
		gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
		double *X = rt_xmalloc(500 * 6 * sizeof *X), *y = rt_xmalloc(500 * sizeof *y), u[6];
		size_t z, t;
		int i;

		rt_space_init(&sp);
		for (i = 0; i < 6; i++) {
			struct rt_space_param *p = &sp.p[sp.n++];

			memset(p, 0, sizeof *p);
			snprintf(p->name, sizeof p->name, "x%d", i);
			p->high = 1;
			p->ncoords = 1;
			p->coord = sp.dim++;
		}
		gsl_rng_set(r, 1);
		for (t = 0; t < 500; t++) {
			for (i = 0; i < 6; i++)
				X[t * 6 + (size_t)i] = gsl_rng_uniform(r);
			y[t] = -hartmann6(X + t * 6);
		}
		printf("\n   %-40s %10s   %s\n", "trials of history: proposal cost (s)", "seconds", "target");
		for (z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
			double best = INFINITY;
			int rep;

			for (rep = 0; rep < 3; rep++) {
				clock_t c0 = clock();

				rt_bo_propose(&sp, RT_BO_BAYESIAN, X, y, sizes[z], 1, 5, r, u);
				best = fmin(best, (double)(clock() - c0) / CLOCKS_PER_SEC);
			}
			if (isnan(target[z]))
				printf("   %-40zu %10.3f\n", sizes[z], best);
			else
				printf("   %-40zu %10.3f   under %.1f s\n", sizes[z], best, target[z]);
		}
		gsl_rng_free(r);
		free(X);
		free(y);
	}
	return rt_close_stdout() == -1 ? RT_EX_IOERR : RT_EX_OK;
}
