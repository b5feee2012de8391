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

/*
 * The same check for a split whose planned share changed along the way
 * (each stage has its own): n_cand candidate games of n, against
 * `expected` = the sum of the planned shares of those n games and `var` =
 * the sum of share * (1 - share).  A sequential test (the normal mixture
 * above on the standardised count, tau2 on the scale of the count's
 * tilt), so that a rollout checked every day fails it with probability at
 * most alpha over its whole life when nothing is broken.
 */
double rt_srm_seq_p(int64_t n_cand, double expected, double var, double tau2);
/*
 * The mixture's scale for the SRM check: a tilt of 0.22 is a share off by
 * 0.22 * s * (1 - s), 3.5 points at a planned 20%: half the candidate's
 * games lost is found within weeks, a hash's noise practically never.
 */
#define RT_SRM_TAU2 0.05

/* ---- the state machine of one rollout (rt-rollout step) -------------- */

#define RT_RO_MAXSTAGES 8

/* How a rollout is run: fixed at its start and carried in its records. */
struct rt_rollout_plan {
	double ab_pct;			/* A/B test share, stage 0; 0: none */
	double ab_hours;		/* its least duration */
	double stages[RT_RO_MAXSTAGES];	/* stage k >= 1 runs at stages[k-1] % */
	int nstages;
	double stage_hours;		/* least duration of stages 1.. */
	double max_stage_hours;		/* a stage still undecided after this: pause */
	int min_bets;			/* each version's settled bets before any test */
	double significance;		/* of the worse and not-worse tests */
	double margin_pct;		/* not worse: lower bound above -margin, points a game */
	double effect_pct;		/* the returns' mixture scale, points */
	double close_effect_pct;	/* the closing-line mixture scale, points */
	int min_close_games;		/* games with closing prices before that test */
	double min_improvement_pct;	/* promotion: the estimate at least this, points */
	double max_drawdown_pct;	/* guardrail on the candidate's live bets */
	double min_clv_pct;		/* guardrail on the candidate's mean CLV */
	double srm_significance;
};

void rt_rollout_plan_default(struct rt_rollout_plan *p);

/* The share of games at stage k (0: the A/B test), in percent. */
double rt_rollout_stage_pct(const struct rt_rollout_plan *p, int stage);
/*
 * The stage after k: the next whose share is above stage k's (a stage at
 * or below the A/B test's share is skipped, so that a game never goes
 * back from candidate to baseline), or -1 when k is the last.
 */
int rt_rollout_next_stage(const struct rt_rollout_plan *p, int stage);
/* The first stage of a rollout. */
int rt_rollout_first_stage(const struct rt_rollout_plan *p);
/* Least hours at stage k. */
double rt_rollout_stage_hours(const struct rt_rollout_plan *p, int stage);

enum rt_ro_state { RT_RO_RUNNING, RT_RO_PAUSED, RT_RO_PROMOTED, RT_RO_ROLLED_BACK };

/* What is known of a rollout at a look, gathered by the caller. */
struct rt_rollout_obs {
	/* paired: per settled game either version bet on since the start,
	 * the candidate's return minus the baseline's (0 for no bet), live
	 * and shadow bets alike: each version's decision on every game is
	 * known, whichever arm the game was in */
	int64_t pair_n;
	double pair_mean, pair_var;
	int64_t cand_bets, base_bets;	/* settled, live and shadow */
	/* the live arms: the bets that carried money */
	int64_t live_cand_n, live_base_n;
	double live_cand_mean, live_cand_var, live_base_mean, live_base_var;
	double cand_drawdown_pct;	/* live candidate bets, 100-unit bankroll */
	int64_t cand_clv_n;
	double cand_clv_mean;		/* percent */
	/* closing-line evidence, over the games either version bet on all
	 * of whose bets have a closing probability: the candidate's ROI at
	 * the close (mean expected return at the close, docs/metrics.md) less
	 * the baseline's, and the variance of a game's influence on it (one
	 * game's share of the difference: rt_rollout_observe) */
	int64_t close_n;
	double close_mean, close_var;
	/* assignments: candidate games of all, against the planned shares */
	int64_t srm_n, srm_cand;
	double srm_expected, srm_var;
};

/* A settled bet of either version, as rt_rollout_observe needs it. */
struct rt_ro_bet {
	const char *game_id;
	int cand;		/* 1: the candidate's, 0: the baseline's */
	int live;		/* placed with money (its game was in its arm) */
	int64_t t;		/* placed */
	double stake, profit;
	double clv;		/* percent; NAN without close_odds */
	double cev;		/* close_prob * decimal(odds) - 1; NAN without */
};

/*
 * Fills the bet figures of o (pairs, counts, live arms, drawdown, CLV)
 * from n settled bets; sorts them.  The assignment figures (srm_*) are
 * the caller's: rt_rollout_srm_add for each assigned game.
 */
void rt_rollout_observe(struct rt_ro_bet *b, size_t n, struct rt_rollout_obs *o);
void rt_rollout_srm_add(struct rt_rollout_obs *o, int cand, double pct);

enum rt_ro_action { RT_RO_HOLD, RT_RO_ADVANCE, RT_RO_PROMOTE, RT_RO_ROLLBACK, RT_RO_PAUSE,
	RT_RO_RESUME };

/* What made a pause, which says whether the rules may end it. */
enum rt_ro_pause { RT_PAUSE_NONE, RT_PAUSE_DEADLINE, RT_PAUSE_SRM, RT_PAUSE_OPERATOR };

struct rt_rollout_decision {
	enum rt_ro_action action;
	int next_stage;			/* ADVANCE */
	char reason[256];
	/* the figures behind it; NAN when not computed */
	double diff_pct, lower_pct, upper_pct;	/* paired ROI difference per game */
	double live_diff_pct, live_upper_pct;
	double close_diff_pct, close_lower_pct, close_upper_pct;	/* ROI at the close */
	double srm_p;
	enum rt_ro_pause pause;		/* PAUSE: which rule */
};

/*
 * One look at a rollout in state `state` (paused by `paused_by`), at
 * stage `stage` since `stage_hours` hours.  In order: guardrails
 * (drawdown, CLV) and a credibly worse candidate (at the close, by its
 * returns, by its live arm) roll back, running or paused; a rollout
 * paused by the deadline resumes when the evidence would advance it, any
 * other pause holds; a failed sample-ratio check pauses; a stage that has
 * lasted long enough, with the candidate not worse by more than the
 * margin on the evidence it can be judged on (the closing line where its
 * bets have closing prices, else the returns), advances, and at the last
 * stage promotes once the estimate also shows min_improvement_pct; one
 * past max_stage_hours pauses.  The tests are confidence
 * sequences, valid however often the rollout is looked at
 * (docs/rollout.md).
 */
void rt_rollout_decide(const struct rt_rollout_plan *p, enum rt_ro_state state,
    enum rt_ro_pause paused_by, int stage, double stage_hours,
    const struct rt_rollout_obs *o, struct rt_rollout_decision *d);

/*
 * The plan's arithmetic ahead of a rollout (rt-rollout plan): the half-width
 * of the closing-line sequence after n games of per-game spread sd, and
 * the games a true difference of effect_pct needs before the sequence
 * excludes 0 (its half-width falls below the difference), or -1 past
 * 100,000.
 */
int64_t rt_rollout_games_needed(const struct rt_rollout_plan *p, double sd, double effect_pct);
/*
 * rt-rollout plan's estimate from the production version alone: two
 * versions on different games give a game's influence a spread of about
 * sqrt(2) times one bet's spread at the close (sd_bet); the games either
 * version bets on are at least per_day a day.  *games as above, *days
 * ceil(games / per_day) (-1 when not computable).
 */
void rt_rollout_plan_effect(const struct rt_rollout_plan *p, double sd_bet, double per_day,
    double effect_pct, int64_t *games, double *days);
/* The least days to a promotion: the first stage's and every later
 * stage's least duration (72 + 3 x 24 hours by default). */
double rt_rollout_least_days(const struct rt_rollout_plan *p);

const char *rt_rollout_pause_name(enum rt_ro_pause r);
int rt_rollout_pause_parse(const char *s, enum rt_ro_pause *out);

const char *rt_rollout_action_name(enum rt_ro_action a);
const char *rt_rollout_state_name(enum rt_ro_state s);
int rt_rollout_state_parse(const char *s, enum rt_ro_state *out);

#endif
