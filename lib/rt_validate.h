/*
 * rt_validate: does a candidate version beat the baseline out of sample?
 * The checks of rt-validate (docs/validation.md), on the settled bets
 * each version made on the holdout's games.
 *
 * The program (bin/rt-validate.c) backtests both versions and hands the
 * bets here; the decision-quality benchmark uses the same program.
 */
#ifndef RT_VALIDATE_H
#define RT_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_json.h"

enum rt_vlevel { RT_V_BASIC, RT_V_STANDARD, RT_V_RIGOROUS, RT_V_PRODUCTION };
const char *rt_vlevel_name(enum rt_vlevel l);
int rt_vlevel_parse(const char *s, enum rt_vlevel *l);

/* A settled bet (win, loss or push), as the checks need it. */
struct rt_vbet {
	char game[48];		/* game_id: the pairing key */
	int32_t date;
	int64_t t;		/* placed */
	int book;		/* index into the books' names */
	double stake, profit;
	double dec;		/* decimal odds taken */
	double cev;		/* expected return at the close; NAN without close_prob */
	int outcome;		/* 1 win, 0 loss, -1 push */
};

struct rt_vset {
	struct rt_vbet *v;
	size_t n, cap;
};
void rt_vset_add(struct rt_vset *s, const struct rt_vbet *b);
void rt_vset_release(struct rt_vset *s);

/* Thresholds and settings, with the documented defaults. */
struct rt_vcfg {
	double min_improvement;	/* points of ROI (2.0) */
	double min_roi;		/* percent (2.0) */
	double min_win_rate;	/* 0.52; NAN: the break-even rate */
	int64_t min_sample;	/* bets per version (50) */
	double alpha;		/* significance (0.05) */
	double confidence;	/* of intervals (0.95) */
	double max_drawdown;	/* percent of the bankroll (15) */
	double min_sharpe;	/* annualised (0.8) */
	double bankroll;	/* units (100) */
	double ruin_level;	/* a fall to this share of the bankroll (0.5) */
	double max_ruin;	/* probability (0.05) */
	int bootstrap;		/* resamples (2000) */
	uint64_t seed;
	int folds;		/* walk-forward folds (5) */
	int periods;		/* temporal sub-periods (4) */
	int trials;		/* the optimizer's trials (from the model) */
	int min_group;		/* bets a book or month needs to count (10) */
	int season_days;	/* game days in a year: Sharpe's annualisation (186) */
	int evidence;		/* RT_EVIDENCE_*: what improvement is judged on */
};

/*
 * The evidence of the edge and improvement checks (issue 16): the
 * closing line (each bet's expected return at the close, stake *
 * (close_prob * decimal(odds) - 1), stands for its profit) when both
 * versions have --min-sample bets with a closing probability, else the
 * returns; or one of them by force.
 */
enum { RT_EVIDENCE_AUTO, RT_EVIDENCE_CLOSE, RT_EVIDENCE_RETURNS };
void rt_vcfg_defaults(struct rt_vcfg *c);

/* One check, enough to recompute it. */
struct rt_vcheck {
	char name[40];
	const char *method;
	int64_t n, n2;
	double value, threshold, stat, p, lo, hi;	/* NAN when not used */
	int pass;
	char note[160];
};

struct rt_vreport {
	enum rt_vlevel level;
	const char *decision;	/* pass, fail, inconclusive */
	const char *pairing;	/* paired, independent */
	const char *evidence;	/* close, returns */
	int64_t shared;		/* games both bet on */
	struct rt_vcheck c[40];
	int n;
	char why[200];		/* the reason for the decision */
};

/*
 * Runs the checks of a level on the candidate's and the baseline's bets
 * (each sorted by date then time), over the holdout [from, until] (days).
 * gamedays: the dates of the holdout on which there were games (sorted,
 * distinct), the days of the daily Sharpe ratio.
 */
void rt_validate(const struct rt_vcfg *c, enum rt_vlevel level, const struct rt_vset *cand,
    const struct rt_vset *base, int32_t from, int32_t until, const int32_t *gamedays,
    size_t ngamedays, struct rt_vreport *r);

/*
 * The holdout of a retraining, sized by bets rather than days (issue 16):
 * the first day of the holdout that ends on `last` (inclusive) and holds
 * at least min_bets of the baseline's settled bets, whose dates are
 * dates[0..n) (any order), and at least min_days days; never more than
 * max_days days (then the holdout is max_days long, whatever it holds).
 * The baseline's bet rate alone sizes it: nothing of the candidate, which
 * does not exist yet, leaks into its own proof.
 */
int32_t rt_holdout_from(const int32_t *dates, size_t n, int32_t last, int min_days,
    int max_days, int64_t min_bets);

/* Writes the checks as the verdict's "checks" array. */
void rt_vreport_checks(const struct rt_vreport *r, struct rt_jw *w);

/* Helpers, exposed for the unit tests. */
struct rt_vsum {
	int64_t n, wins, losses;
	double staked, profit, roi, mean, sd, breakeven;
};
void rt_vsum(const struct rt_vbet *v, size_t n, struct rt_vsum *s);
/* Percentile bootstrap interval of ROI(cand) - ROI(base), in points. */
void rt_vboot_diff(const struct rt_vset *a, const struct rt_vset *b, int paired,
    int resamples, uint64_t seed, double confidence, double *lo, double *hi);
/*
 * Deflated Sharpe ratio (Bailey and Lopez de Prado 2014): the probability
 * that the true Sharpe ratio exceeds the highest one expected among
 * `trials` trials without skill.  sr: per observation over t observations
 * with skewness g3 and kurtosis g4 (3 for the normal); v: the variance of
 * the trials' Sharpe ratios, NAN for that of the estimator itself,
 * (1 - g3 sr + (g4 - 1)/4 sr^2) / (t - 1) (Mertens 2002).  *sr0 gets the
 * expected maximum.
 */
double rt_deflated_sharpe(double sr, int64_t t, double g3, double g4, int trials, double v,
    double *sr0);

#endif
