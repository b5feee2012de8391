/*
 * rt_metrics: the measures of a strategy version's bets (CONTRACT.md,
 * `metric`) and of the market (`market`), as docs/metrics.md defines them.
 *
 * Bets are folded one at a time, in time order, into an accumulator per
 * group and window: counts and sums for the order-free figures, a bankroll
 * path for the drawdown, and per group the change statistics (CUSUM and
 * Page-Hinkley on standardised per-bet returns and on CLV) that rt-detect
 * reads.  Memory is per group and window, not per bet.
 */
#ifndef RT_METRICS_H
#define RT_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_json.h"

enum rt_mstatus { RT_M_PENDING, RT_M_WIN, RT_M_LOSS, RT_M_PUSH, RT_M_VOID };

/* A bet as the metrics need it.  Bets are folded in time order, which is
 * the order rt-store export gives: by game date, then placement time. */
struct rt_mbet {
	int64_t t;		/* placed, else the start of its date */
	int32_t date;
	uint32_t group;
	double stake, profit;
	double clv;		/* NaN without close_odds */
	double implied;		/* 1 / decimal(odds), NaN without odds */
	double cev;		/* expected return at the close (rt_odds_close_ev),
				 * NaN without close_prob */
	unsigned char status;
};

/* Sequential change detection on one series (docs/statistics.md). */
struct rt_change {
	int warmup;		/* values that fix the reference mean and sd */
	double k;		/* CUSUM allowance, in sd */
	double delta;		/* Page-Hinkley tolerance, in sd */
	double wv[256];		/* the warm-up values (warmup <= 256) */
	int nw;
	double mu0, sd0;	/* reference, once warm */
	int64_t n;
	double cusum, cusum_max;	/* lower CUSUM: evidence of a fall */
	double ph_sum, ph_min, ph_mean;	/* Page-Hinkley for a fall */
	int64_t ph_n;
};

/* A bet's price figures from its American odds and closing odds (0 or an
 * invalid price: unknown): the implied probability 1/decimal(odds) and
 * the CLV, 100 * (decimal(odds) / decimal(close) - 1); NAN when unknown. */
void rt_mbet_prices(struct rt_mbet *b, long odds, long close_odds);

void rt_change_init(struct rt_change *c, int warmup, double k, double delta);
void rt_change_add(struct rt_change *c, double x);
void rt_change_write(const struct rt_change *c, struct rt_jw *w);
/* The statistics as the record has them: NAN until warmed up. */
void rt_change_stats(const struct rt_change *c, double *cusum, double *cusum_max, double *ph);

struct rt_macc {
	int64_t bets, wins, losses, pushes, pending, voids, clv_n, n_r, cev_n;
	double cev_mean, cev_m2;	/* Welford, over settled and pending bets */
	double staked, profit, mean_r, m2_r, clv_sum;
	int64_t be_n;		/* won or lost bets with odds */
	double be_sum;
	double bank, peak, maxdd;	/* bankroll path, in time order */
	int any;
};

void rt_macc_init(struct rt_macc *a, double bankroll);
void rt_macc_add(struct rt_macc *a, const struct rt_mbet *b);

/* The figures of an accumulator; NAN where the contract wants null. */
struct rt_mfig {
	int64_t bets, wins, losses, pushes, pending;
	double staked, profit, roi_pct, win_rate, max_drawdown_pct, sharpe, clv_pct;
	double breakeven_rate;	/* mean 1/decimal(odds) of won and lost bets */
	int64_t return_n;	/* settled bets with a positive stake */
	double return_mean, return_sd;	/* of their returns profit/stake */
	/* the expected return at the close (docs/metrics.md): bets with a
	 * close_prob, settled or pending; mean and sd in points of ROI */
	int64_t close_ev_n;
	double close_ev_pct, close_ev_sd;
};

void rt_macc_figures(const struct rt_macc *a, struct rt_mfig *f);

/* ---- market features ---- */

struct rt_games;
struct rt_game;
/* A game's market features as known at `now` (docs/metrics.md): the
 * reference book's (pinnacle, else the first) open-to-close move in fair
 * home probability, the money-minus-bets differential of the latest
 * splits (NAN without splits), the closing margin (NAN without both
 * prices).  -1 when the game does not count (no open or close known by
 * now, or no fair probability); *known gets when both were known. */
struct rt_mfeat {
	int32_t date;
	double move, diff, margin;
	int64_t known;
};
int rt_market_features(const struct rt_games *gs, const struct rt_game *g, int64_t now,
    struct rt_mfeat *f);


/* Population stability index of recent against reference (10 reference
 * deciles); NAN when either sample is too small (< 10). */
double rt_psi(const double *ref, size_t nref, const double *rec, size_t nrec);

/* Two-sample Kolmogorov-Smirnov: D, and its asymptotic p-value. */
double rt_ks(const double *a, size_t na, const double *b, size_t nb, double *p);

/* Sorts in place, then the q-quantile (nearest rank). */
double rt_quantile(double *v, size_t n, double q);

#endif
