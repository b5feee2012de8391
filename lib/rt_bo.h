/*
 * rt_bo: Bayesian optimisation of a function over an rt_space, proposal by
 * proposal (ask and tell: the caller evaluates).  The model is a Gaussian
 * process with a Matern 5/2 kernel and one length scale per unit-cube
 * coordinate; its hyperparameters (length scales, signal and noise
 * variance) maximise the marginal likelihood (Nelder-Mead over their logs,
 * GSL), fitted on at most RT_BO_FIT points (the best and the latest).  The
 * next point maximises expected improvement over candidates drawn at random
 * and around the best points, refined by local search; every candidate is
 * projected through the space (rounded ints, one-hot choices) first.  A
 * batch is spread with the "kriging believer": each chosen point joins the
 * data at its predicted value before the next is chosen.  References in
 * docs/optimization.md (Rasmussen and Williams 2006; Jones, Schonlau and
 * Welch 1998; Snoek, Larochelle and Adams 2012; Ginsbourger et al. 2010).
 */
#ifndef RT_BO_H
#define RT_BO_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "rt_space.h"

#define RT_BO_FIT 96

enum rt_bo_algo { RT_BO_BAYESIAN, RT_BO_RANDOM, RT_BO_GRID };

/*
 * The index-th point (unit cube, s->dim values into u) of the grid with
 * `levels` values per float or int parameter (fewer for an int with a
 * smaller range; every value of a choice).  Points come in a scrambled
 * order (index * a prime coprime with the grid's size) so that a budget
 * smaller than the grid still covers all of it; the grid repeats after
 * its last point.  Returns the grid's size.
 */
size_t rt_bo_grid(const struct rt_space *s, int levels, size_t index, double *u);

/*
 * Proposes k points (unit cube, k * s->dim values into out) given n
 * observations X (n * s->dim) with values y (NaN: a failed trial, modelled
 * at the worst value seen; +inf: a point asked and not told yet, taken at
 * its predicted value), maximising y.  Fewer than `initial` finite
 * observations: a random design.  Returns 0, -1 when the numerics fail (the caller falls
 * back to random).
 */
int rt_bo_propose(const struct rt_space *s, enum rt_bo_algo algo, const double *X,
    const double *y, size_t n, int k, int initial, gsl_rng *r, double *out);

#endif
