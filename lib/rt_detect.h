/*
 * rt_detect: the decisions of rt-detect (docs/triggers.md).  Given the
 * figures rt-metrics measured for one strategy version (its windows, its
 * change statistics) and the market's, which rules fire, how surely, and
 * which figures are beyond their alert levels.
 *
 * The program (bin/rt-detect.c) fills these structures from records; the
 * decision-quality benchmark (tests/bench/detect-quality.c) fills them
 * from the same library functions rt-metrics uses, so both decide with
 * this code.
 */
#ifndef RT_DETECT_H
#define RT_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_metrics.h"

enum rt_ttype {
	RT_T_PERF,		/* performance_degradation */
	RT_T_DRIFT,		/* drift */
	RT_T_NEW_DATA,		/* new_data */
	RT_T_MARKET,		/* market_change */
	RT_T_SCHEDULED,		/* scheduled */
	RT_T_MANUAL,		/* manual */
	RT_T_COUNT
};
const char *rt_ttype_name(enum rt_ttype t);
int rt_ttype_parse(const char *s, enum rt_ttype *t);

/* low, medium, high, critical: 1..4 */
const char *rt_severity_name(int sev);
int rt_severity_parse(const char *s);	/* 1..4, -1 when unknown */

/* Thresholds and levels; see docs/triggers.md for each key. */
struct rt_dcfg {
	double min_roi;		/* min_roi_percentage */
	double min_close_ev;	/* min_close_ev_percentage: the closing-line floor */
	int64_t close_min_bets;	/* close_ev_min_bets: bets with close_prob before it */
	double roi_drop;	/* roi_degradation_percentage: relative drop, % */
	double min_wr;		/* min_win_rate; NAN: the break-even rate */
	double wr_drop;		/* win_rate_degradation_percentage */
	int days[3];		/* short, medium, long window, days */
	int64_t min_bets;	/* a window's bets before its rules may fire */
	double alpha;		/* significance_level: one-sided, per test */
	double drift_arl;	/* target in-control ARL, bets */
	double market_alpha;	/* market_significance */
	double psi_min;		/* psi_threshold: smallest PSI that counts */
	double ks_min;		/* ks_threshold: smallest KS D that counts */
	int64_t market_min;	/* market_min_games: recent sample; reference 4x */
	int drift_clv;		/* drift_clv: the CLV series too */
	int64_t new_games;	/* new_data_games */
	int64_t new_outcomes;	/* new_data_outcomes */
	double max_days;	/* max_days_since_retraining */
	double cooldown_h;	/* cooldown_hours after a retraining */
	/* alert levels */
	double roi_warn, roi_crit;		/* roi_pct below */
	double wr_warn, wr_crit;		/* win_rate below (NAN: break-even) */
	double dd_warn, dd_crit;		/* max_drawdown_pct above */
	double psi_warn, psi_crit;		/* psi above */
	int naive;		/* no sample-size and significance gating */
};

void rt_dcfg_defaults(struct rt_dcfg *c);
/*
 * Sets one key (the names of docs/triggers.md) from its text: 0, or -1
 * with a message in err.  The window keys take whole days.
 */
int rt_dcfg_set(struct rt_dcfg *c, const char *key, const char *val, struct rt_buf *err);
/* Writes the configuration as a config file would hold it. */
void rt_dcfg_write(const struct rt_dcfg *c, struct rt_buf *out);

/* One window's figures: a metric record, as rt-metrics makes them (NAN
 * where the record has null). */
struct rt_dwin {
	int present;
	struct rt_mfig m;
};

/* One change series (metric `change.returns` or `change.clv`). */
struct rt_dchange {
	int present;
	int64_t n, warmup;
	double cusum_k, cusum_stat, ph_delta, ph_stat;	/* NAN before warm-up */
};

/* One market record. */
struct rt_dmarket {
	char feature[24], window[16];
	int64_t n, nref;
	double psi, ks, ks_p;
};

/* A rule that fired (or, with alerts, a figure beyond its level). */
struct rt_dfire {
	enum rt_ttype type;
	const char *rule;	/* roi_floor, roi_drop, win_rate_floor, ... */
	char window[16];	/* the window, or the change series */
	char feature[24];	/* market rules and alerts: the feature */
	double value, threshold;
	int64_t n, n2;		/* sample sizes (n2: the comparison's) */
	const char *test;	/* the test, "" without one */
	double stat, p;		/* NAN without a test */
	int severity;		/* 1..4 */
	char reason[192];
};

/*
 * The performance rules on the short, medium and long windows (w[0..2]):
 * floors on each window, drops of the short and medium against the rest
 * of the long one.  Appends what fires to out (at most max); returns the
 * count appended.
 */
int rt_detect_perf(const struct rt_dcfg *c, const struct rt_dwin w[3],
    struct rt_dfire *out, int max);
/* The drift rules on the change series of returns and CLV. */
int rt_detect_drift(const struct rt_dcfg *c, const struct rt_dchange *ret,
    const struct rt_dchange *clv, struct rt_dfire *out, int max);
/* The market rules on one market record. */
int rt_detect_market(const struct rt_dcfg *c, const struct rt_dmarket *m,
    struct rt_dfire *out, int max);
/* The CUSUM (allowance k) threshold for the configured ARL, and the
 * severity of a statistic against it. */
double rt_detect_drift_h(const struct rt_dcfg *c, double k, double arl_scale);

/* An alert: severity 2 is a warning, 4 critical. */
int rt_detect_alerts_win(const struct rt_dcfg *c, const struct rt_dwin *w,
    const char *window, struct rt_dfire *out, int max);
int rt_detect_alerts_market(const struct rt_dcfg *c, const struct rt_dmarket *m,
    struct rt_dfire *out, int max);

#endif
