/*
 * rt_rollout: the arithmetic of staged rollouts (issue 8), ahead of the
 * rt-rollout program: which arm a game belongs to, a test that stays valid
 * when a rollout is looked at every day, and the sample-ratio check.
 * See docs/statistics.md ("Rollouts").
 */
#ifndef RT_ROLLOUT_H
#define RT_ROLLOUT_H

#include <stdint.h>

/*
 * A game's bucket in a rollout: a number in [0, 1) from a hash of the two
 * ids alone, so that reruns and other hosts agree.  A game is the
 * candidate's at a stage of pct percent when its bucket is below pct/100:
 * raising the percentage only moves games from the baseline to the
 * candidate, never back.
 */
double rt_rollout_bucket(const char *rollout_id, const char *game_id);
int rt_rollout_is_candidate(const char *rollout_id, const char *game_id, double pct);

/*
 * The normal-mixture sequential test (Robbins 1970; the "mSPRT" of
 * Johari, Pekelis and Walsh 2017) of H0: the mean of a stream is theta0,
 * after n values with mean `mean` and variance `var` (taken as known),
 * mixing over alternatives N(theta0, tau2).  Its p-value may be looked at
 * after every value: P(ever below alpha | H0) <= alpha.  Returns
 * min(1, 1/Lambda_n); keep the running minimum across looks.
 */
double rt_msprt_p(double mean, double var, int64_t n, double theta0, double tau2);
/*
 * The matching confidence sequence: mean +- this half-width holds the true
 * mean at every n at once with probability 1 - alpha.
 */
double rt_msprt_halfwidth(double var, int64_t n, double tau2, double alpha);

/*
 * Sample-ratio mismatch: the p-value of n_cand candidate games and
 * n_base baseline games against a planned candidate share (Pearson's
 * chi-square on one degree of freedom).
 */
double rt_srm_p(int64_t n_cand, int64_t n_base, double share);

#endif
