/* rt_detect: rt-detect's rules (see rt_detect.h, docs/triggers.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_detect.h"
#include "rt_kind.h"
#include "rt_stats.h"

static const char *const TTYPE[RT_T_COUNT] = {
	"performance_degradation", "drift", "new_data", "market_change", "scheduled", "manual"
};
static const char *const SEVERITY[] = { "low", "medium", "high", "critical" };

const char *
rt_ttype_name(enum rt_ttype t)
{
	return t < RT_T_COUNT ? TTYPE[t] : "?";
}

int
rt_ttype_parse(const char *s, enum rt_ttype *t)
{
	int i = rt_name_index(TTYPE, RT_T_COUNT, s);

	if (i < 0)
		return -1;
	*t = (enum rt_ttype)i;
	return 0;
}

const char *
rt_severity_name(int sev)
{
	return sev >= 1 && sev <= 4 ? SEVERITY[sev - 1] : "?";
}

int
rt_severity_parse(const char *s)
{
	int i = rt_name_index(SEVERITY, 4, s);

	return i < 0 ? -1 : i + 1;
}

void
rt_dcfg_defaults(struct rt_dcfg *c)
{
	memset(c, 0, sizeof *c);
	/* the operators' settings of the system rt replaces (docs/triggers.md) */
	c->min_roi = 5.0;
	c->roi_drop = 15.0;
	c->min_wr = 0.55;
	c->wr_drop = 10.0;
	c->days[0] = 7;
	c->days[1] = 30;
	c->days[2] = 90;
	/* rt's own, chosen with the decision-quality benchmark */
	c->min_bets = 50;
	c->min_close_ev = 0;
	c->close_min_bets = 20;
	c->alpha = 0.01;
	c->drift_arl = 20000;
	c->market_alpha = 1e-4;
	c->psi_min = 0.1;
	c->ks_min = 0.1;
	c->market_min = 50;
	c->drift_clv = 0;
	c->new_games = 100;
	c->new_outcomes = 50;
	c->max_days = 30;
	c->cooldown_h = 72;
	c->roi_warn = 5.0;
	c->roi_crit = 0.0;
	c->wr_warn = 0.55;
	c->wr_crit = 0.50;
	c->dd_warn = 10.0;
	c->dd_crit = 15.0;
	c->psi_warn = 0.1;
	c->psi_crit = 0.25;
}

/*
 * The settings: name, kind, field, range.  Kinds: 'd' a number, 'i' a
 * whole number, 'w' a number or "breakeven" (NAN), 'D' window days, 'b' a
 * boolean.  One list makes both the table and the fields' addresses.
 */
#define DCFG_KEYS(X) \
	X("min_roi_percentage", 'd', min_roi, -100, 1000) \
	X("roi_degradation_percentage", 'd', roi_drop, 0, 1000) \
	X("min_close_ev_percentage", 'd', min_close_ev, -100, 100) \
	X("close_ev_min_bets", 'i', close_min_bets, 2, 1e9) \
	X("min_win_rate", 'w', min_wr, 0, 1) \
	X("win_rate_degradation_percentage", 'd', wr_drop, 0, 100) \
	X("short_term_days", 'D', days[0], 1, 3660) \
	X("medium_term_days", 'D', days[1], 1, 3660) \
	X("long_term_days", 'D', days[2], 1, 3660) \
	X("min_bets", 'i', min_bets, 2, 1e9) \
	X("significance_level", 'd', alpha, 1e-12, 0.5) \
	X("drift_arl_bets", 'd', drift_arl, 10, 1e12) \
	X("market_significance", 'd', market_alpha, 1e-12, 0.5) \
	X("psi_threshold", 'd', psi_min, 0, 100) \
	X("ks_threshold", 'd', ks_min, 0, 1) \
	X("market_min_games", 'i', market_min, 10, 1e9) \
	X("drift_clv", 'b', drift_clv, 0, 1) \
	X("new_data_games", 'i', new_games, 1, 1e9) \
	X("new_data_outcomes", 'i', new_outcomes, 1, 1e9) \
	X("max_days_since_retraining", 'd', max_days, 0, 1e6) \
	X("cooldown_hours", 'd', cooldown_h, 0, 1e6) \
	X("alert_roi_warning", 'd', roi_warn, -100, 1000) \
	X("alert_roi_critical", 'd', roi_crit, -100, 1000) \
	X("alert_win_rate_warning", 'w', wr_warn, 0, 1) \
	X("alert_win_rate_critical", 'w', wr_crit, 0, 1) \
	X("alert_drawdown_warning", 'd', dd_warn, 0, 100) \
	X("alert_drawdown_critical", 'd', dd_crit, 0, 100) \
	X("alert_psi_warning", 'd', psi_warn, 0, 100) \
	X("alert_psi_critical", 'd', psi_crit, 0, 100) \
	X("naive", 'b', naive, 0, 1)

struct key {
	const char *name;
	char kind;
	double lo, hi;
};
#define KEY_ROW(n, k, f, lo, hi) { n, k, lo, hi },
static const struct key KEYS[] = { DCFG_KEYS(KEY_ROW) };
#undef KEY_ROW
#define NKEYS (sizeof KEYS / sizeof KEYS[0])

/* The address of setting i in c (the order of DCFG_KEYS). */
static void *
key_field(struct rt_dcfg *c, size_t i)
{
#define KEY_ADDR(n, k, f, lo, hi) (void *)&c->f,
	void *addr[] = { DCFG_KEYS(KEY_ADDR) };
#undef KEY_ADDR

	return i < NKEYS ? addr[i] : NULL;
}

int
rt_dcfg_set(struct rt_dcfg *c, const char *key, const char *val, struct rt_buf *err)
{
	size_t i;
	double d;
	char *end;

	for (i = 0; i < NKEYS; i++) {
		const struct key *k = &KEYS[i];
		void *p = key_field(c, i);

		if (strcmp(key, k->name) != 0)
			continue;
		if (k->kind == 'b') {
			if (strcmp(val, "true") == 0 || strcmp(val, "yes") == 0 || strcmp(val, "1") == 0)
				*(int *)p = 1;
			else if (strcmp(val, "false") == 0 || strcmp(val, "no") == 0 ||
			    strcmp(val, "0") == 0)
				*(int *)p = 0;
			else {
				rt_buf_addf(err, "%s: '%s' is not true or false", key, val);
				return -1;
			}
			return 0;
		}
		if (k->kind == 'w' && strcmp(val, "breakeven") == 0) {
			*(double *)p = NAN;
			return 0;
		}
		d = strtod(val, &end);
		if (end == val || *end != '\0' || !isfinite(d) || d < k->lo || d > k->hi) {
			rt_buf_addf(err, "%s: '%s' is not a number from %g to %g%s", key, val,
			    k->lo, k->hi, k->kind == 'w' ? " or breakeven" : "");
			return -1;
		}
		if ((k->kind == 'i' || k->kind == 'D') && d != floor(d)) {
			rt_buf_addf(err, "%s: '%s' is not a whole number", key, val);
			return -1;
		}
		if (k->kind == 'i')
			*(int64_t *)p = (int64_t)d;
		else if (k->kind == 'D')
			*(int *)p = (int)d;
		else
			*(double *)p = d;
		return 0;
	}
	rt_buf_addf(err, "unknown setting '%s'", key);
	return -1;
}

void
rt_dcfg_write(const struct rt_dcfg *c, struct rt_buf *out)
{
	struct rt_dcfg copy = *c;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		const struct key *k = &KEYS[i];
		const void *p = key_field(&copy, i);

		rt_buf_addf(out, "%s = ", k->name);
		if (k->kind == 'b')
			rt_buf_adds(out, *(const int *)p ? "true" : "false");
		else if (k->kind == 'i')
			rt_buf_addf(out, "%lld", (long long)*(const int64_t *)p);
		else if (k->kind == 'D')
			rt_buf_addf(out, "%d", *(const int *)p);
		else if (isnan(*(const double *)p))
			rt_buf_adds(out, "breakeven");
		else
			rt_buf_addf(out, "%.10g", *(const double *)p);
		rt_buf_addc(out, '\n');
	}
}

/* ---- rules ---- */

/* Severity of a rule that fired: low, one step more for each tenfold
 * margin of its p-value under the level, one more when far past the
 * threshold.  Without a test (naive), only the distance counts. */
static int
severity(const struct rt_dcfg *c, double p, int far)
{
	int s = 1;

	if (!c->naive && isfinite(p)) {
		s += p <= c->alpha / 10;
		s += p <= c->alpha / 100;
	}
	s += far;
	return s > 4 ? 4 : s;
}

static struct rt_dfire *
add(struct rt_dfire *out, int *n, int max)
{
	struct rt_dfire *f;

	if (*n >= max)
		return NULL;
	f = &out[(*n)++];
	memset(f, 0, sizeof *f);
	f->stat = f->p = NAN;
	f->test = "";
	return f;
}

static void
winname(char *buf, size_t size, int days)
{
	snprintf(buf, size, "%dd", days);
}

/* The rest of the long window once a shorter one is taken out of it: the
 * count, mean and sample sd of its returns, from the two windows' (the
 * shorter is a part of the longer: its bets are the newest ones). */
static int
rest_returns(const struct rt_dwin *L, const struct rt_dwin *W, int64_t *n, double *m, double *sd)
{
	double sl, sw, ql, qw, sr, qr, var;

	*n = L->m.return_n - W->m.return_n;
	if (*n < 2 || !isfinite(L->m.return_mean) || !isfinite(L->m.return_sd))
		return -1;
	sl = (double)L->m.return_n * L->m.return_mean;
	ql = (double)(L->m.return_n - 1) * L->m.return_sd * L->m.return_sd + sl * L->m.return_mean;
	sw = W->m.return_n > 0 ? (double)W->m.return_n * W->m.return_mean : 0;
	qw = W->m.return_n > 1 ? (double)(W->m.return_n - 1) * W->m.return_sd * W->m.return_sd +
	    sw * W->m.return_mean : sw * (W->m.return_n > 0 ? W->m.return_mean : 0);
	sr = sl - sw;
	qr = ql - qw;
	*m = sr / (double)*n;
	var = (qr - sr * *m) / (double)(*n - 1);
	*sd = sqrt(var > 0 ? var : 0);
	return 0;
}

int
rt_detect_perf(const struct rt_dcfg *c, const struct rt_dwin w[3], struct rt_dfire *out, int max)
{
	int n = 0, i;
	int64_t need = c->naive ? 1 : c->min_bets;

	for (i = 0; i < 3; i++) {
		const struct rt_dwin *x = &w[i];
		char wn[16];
		struct rt_dfire *f;
		double floor_wr;
		int64_t nd;

		if (!x->present)
			continue;
		winname(wn, sizeof wn, c->days[i]);
		/* ROI below its floor: one-sided t test of the mean return */
		if (x->m.return_n >= need && isfinite(x->m.return_mean) && isfinite(x->m.roi_pct)) {
			double t = NAN, p = c->naive ? NAN :
			    rt_stats_t_below(x->m.return_mean, x->m.return_sd, x->m.return_n,
			    c->min_roi / 100, &t);
			int fires = c->naive ? x->m.roi_pct < c->min_roi : p < c->alpha;

			if (fires && (f = add(out, &n, max)) != NULL) {
				f->type = RT_T_PERF;
				f->rule = "roi_floor";
				snprintf(f->window, sizeof f->window, "%s", wn);
				f->value = x->m.roi_pct;
				f->threshold = c->min_roi;
				f->n = x->m.return_n;
				f->test = c->naive ? "" : "one-sided t test of the mean return";
				f->stat = t;
				f->p = p;
				f->severity = severity(c, p, x->m.roi_pct < 0 && c->min_roi > 0);
				snprintf(f->reason, sizeof f->reason,
				    "roi %s %.1f%% below floor %.1f%% (%lld bets)", wn,
				    x->m.roi_pct, c->min_roi, (long long)x->m.return_n);
			}
		}
		/*
		 * The expected return at the close below its floor (0: no edge
		 * by the market's own final estimate), a one-sided t test of
		 * its mean.  Its per-bet spread is a few points, not the ~100
		 * of a return, so tens of bets suffice: a strategy whose edge
		 * is gone is seen from its prices within days, whatever the
		 * market's shape does (docs/triggers.md, "close_ev_floor").
		 */
		if (x->m.close_ev_n >= (c->naive ? 1 : c->close_min_bets) &&
		    isfinite(x->m.close_ev_pct)) {
			double t = NAN, p = c->naive ? NAN :
			    rt_stats_t_below(x->m.close_ev_pct / 100, x->m.close_ev_sd / 100,
			    x->m.close_ev_n, c->min_close_ev / 100, &t);
			int fires = c->naive ? x->m.close_ev_pct < c->min_close_ev : p < c->alpha;

			if (fires && (f = add(out, &n, max)) != NULL) {
				f->type = RT_T_PERF;
				f->rule = "close_ev_floor";
				snprintf(f->window, sizeof f->window, "%s", wn);
				f->value = x->m.close_ev_pct;
				f->threshold = c->min_close_ev;
				f->n = x->m.close_ev_n;
				f->test = c->naive ? "" :
				    "one-sided t test of the mean expected return at the close";
				f->stat = t;
				f->p = p;
				f->severity = severity(c, p, x->m.close_ev_pct < c->min_close_ev - 2);
				snprintf(f->reason, sizeof f->reason,
				    "expected return at the close %s %+.2f%% below floor %+.2f%% "
				    "(%lld bets)", wn, x->m.close_ev_pct, c->min_close_ev,
				    (long long)x->m.close_ev_n);
			}
		}
		/* win rate below its floor: exact binomial */
		nd = x->m.wins + x->m.losses;
		floor_wr = isnan(c->min_wr) ? x->m.breakeven_rate : c->min_wr;
		if (nd >= need && isfinite(x->m.win_rate) && isfinite(floor_wr)) {
			double p = c->naive ? NAN : rt_stats_binom_below(x->m.wins, nd, floor_wr);
			int fires = c->naive ? x->m.win_rate < floor_wr : p < c->alpha;

			if (fires && (f = add(out, &n, max)) != NULL) {
				f->type = RT_T_PERF;
				f->rule = "win_rate_floor";
				snprintf(f->window, sizeof f->window, "%s", wn);
				f->value = x->m.win_rate;
				f->threshold = floor_wr;
				f->n = nd;
				f->test = c->naive ? "" : "exact binomial, one-sided";
				f->p = p;
				f->severity = severity(c, p, x->m.win_rate < floor_wr - 0.05);
				snprintf(f->reason, sizeof f->reason,
				    "win rate %s %.3f below floor %.3f%s (%lld decided)", wn,
				    x->m.win_rate, floor_wr, isnan(c->min_wr) ? " (break-even)" : "",
				    (long long)nd);
			}
		}
	}
	/* drops: the short and medium windows against the rest of the long */
	for (i = 0; i < 2; i++) {
		const struct rt_dwin *x = &w[i], *L = &w[2];
		char wn[16], ln[16];
		struct rt_dfire *f;
		int64_t nr, dw, dr;
		double mr, sr;

		if (!x->present || !L->present)
			continue;
		winname(wn, sizeof wn, c->days[i]);
		winname(ln, sizeof ln, c->days[2]);
		if (x->m.return_n >= need && isfinite(x->m.return_mean) &&
		    rest_returns(L, x, &nr, &mr, &sr) == 0 && nr >= need) {
			double level = mr - c->roi_drop / 100 * fabs(mr);
			double t = NAN, p = c->naive ? NAN :
			    rt_stats_welch_below(x->m.return_mean, x->m.return_sd, x->m.return_n,
			    level, sr, nr, &t);
			int fires = c->naive ? x->m.return_mean < level : p < c->alpha;
			double drop = mr != 0 ? 100 * (mr - x->m.return_mean) / fabs(mr) : NAN;

			if (fires && (f = add(out, &n, max)) != NULL) {
				f->type = RT_T_PERF;
				f->rule = "roi_drop";
				snprintf(f->window, sizeof f->window, "%s", wn);
				f->value = 100 * x->m.return_mean;
				f->threshold = 100 * level;
				f->n = x->m.return_n;
				f->n2 = nr;
				f->test = c->naive ? "" :
				    "one-sided Welch t test against the rest of the long window";
				f->stat = t;
				f->p = p;
				f->severity = severity(c, p, isfinite(drop) &&
				    drop >= 2 * c->roi_drop && x->m.return_mean < 0);
				snprintf(f->reason, sizeof f->reason,
				    "roi %s %.1f%% down from %.1f%% in the rest of %s (more than %.0f%%)",
				    wn, 100 * x->m.return_mean, 100 * mr, ln, c->roi_drop);
			}
		}
		dw = x->m.wins + x->m.losses;
		dr = L->m.wins + L->m.losses - dw;
		if (dw >= need && dr >= need) {
			double scale = 1 - c->wr_drop / 100, z = NAN;
			int64_t wr = L->m.wins - x->m.wins;
			double rate_r = (double)wr / (double)dr, rate_w = (double)x->m.wins / (double)dw;
			double p = c->naive ? NAN :
			    rt_stats_prop_below(x->m.wins, dw, wr, dr, scale, &z);
			int fires = c->naive ? rate_w < scale * rate_r : p < c->alpha;

			if (fires && (f = add(out, &n, max)) != NULL) {
				f->type = RT_T_PERF;
				f->rule = "win_rate_drop";
				snprintf(f->window, sizeof f->window, "%s", wn);
				f->value = rate_w;
				f->threshold = scale * rate_r;
				f->n = dw;
				f->n2 = dr;
				f->test = c->naive ? "" : "one-sided two-proportion z test";
				f->stat = z;
				f->p = p;
				f->severity = severity(c, p, rate_w < (1 - 2 * c->wr_drop / 100) * rate_r);
				snprintf(f->reason, sizeof f->reason,
				    "win rate %s %.3f down from %.3f in the rest of %s (more than %.0f%%)",
				    wn, rate_w, rate_r, ln, c->wr_drop);
			}
		}
	}
	return n;
}

double
rt_detect_drift_h(const struct rt_dcfg *c, double k, double arl_scale)
{
	return rt_stats_cusum_h(k, c->drift_arl * arl_scale);
}

static void
drift_one(const struct rt_dcfg *c, const char *series, const char *rule, double k,
    double stat, int64_t n, struct rt_dfire *out, int *nout, int max)
{
	double h = rt_detect_drift_h(c, k, 1);
	struct rt_dfire *f;

	if (!isfinite(stat) || !isfinite(h) || stat < h || (f = add(out, nout, max)) == NULL)
		return;
	f->type = RT_T_DRIFT;
	f->rule = rule;
	snprintf(f->window, sizeof f->window, "%s", series);
	f->value = stat;
	f->threshold = h;
	f->n = n;
	f->test = strcmp(rule, "cusum") == 0 ? "lower CUSUM, threshold for the target ARL "
	    "(Siegmund)" : "Page-Hinkley, threshold for the target ARL (Siegmund)";
	/* the in-control ARL at which this statistic would be the threshold */
	f->stat = rt_stats_cusum_arl(k, stat);
	f->severity = 2 + (stat >= rt_detect_drift_h(c, k, 10)) +
	    (stat >= rt_detect_drift_h(c, k, 100));
	snprintf(f->reason, sizeof f->reason,
	    "%s of %s %.2f beyond %.2f (in-control ARL %.0f bets)", rule, series, stat, h,
	    c->drift_arl);
}

int
rt_detect_drift(const struct rt_dcfg *c, const struct rt_dchange *ret,
    const struct rt_dchange *clv, struct rt_dfire *out, int max)
{
	const struct rt_dchange *s[2] = { ret, clv };
	const char *names[2] = { "returns", "clv" };
	int i, n = 0;

	for (i = 0; i < 2; i++) {
		if (s[i] == NULL || !s[i]->present || (i == 1 && !c->drift_clv))
			continue;
		drift_one(c, names[i], "cusum", s[i]->cusum_k, s[i]->cusum_stat, s[i]->n,
		    out, &n, max);
		drift_one(c, names[i], "page_hinkley", s[i]->ph_delta, s[i]->ph_stat, s[i]->n,
		    out, &n, max);
	}
	return n;
}

int
rt_detect_market(const struct rt_dcfg *c, const struct rt_dmarket *m, struct rt_dfire *out,
    int max)
{
	int n = 0;
	struct rt_dfire *f;

	/* a few days of games, or a reference of a few weeks, say little */
	if (!c->naive && (m->n < c->market_min || m->nref < 4 * c->market_min))
		return 0;
	/*
	 * The test is KS: its p-value holds for any continuous distribution,
	 * and ties (margins take few values) only make it conservative.  The
	 * PSI's chi-square p-value does not survive ties and empty bins (one
	 * empty decile of 90 games adds 0.6 to the PSI), so PSI serves as an
	 * effect size only: a significant KS fires when D or the PSI is
	 * beyond its threshold.
	 */
	if (!isfinite(m->ks) || !isfinite(m->ks_p))
		return 0;
	if (!(m->ks >= c->ks_min || (isfinite(m->psi) && m->psi >= c->psi_min)))
		return 0;
	if (!c->naive && !(m->ks_p < c->market_alpha))
		return 0;
	if ((f = add(out, &n, max)) == NULL)
		return 0;
	f->type = RT_T_MARKET;
	f->rule = m->ks >= c->ks_min ? "ks" : "psi";
	snprintf(f->feature, sizeof f->feature, "%s", m->feature);
	snprintf(f->window, sizeof f->window, "%s", m->window);
	f->value = m->ks >= c->ks_min ? m->ks : m->psi;
	f->threshold = m->ks >= c->ks_min ? c->ks_min : c->psi_min;
	f->n = m->n;
	f->n2 = m->nref;
	f->test = "two-sample Kolmogorov-Smirnov";
	f->stat = m->ks;
	f->p = m->ks_p;
	f->severity = 1 + (!c->naive && m->ks_p <= c->market_alpha / 10) +
	    (!c->naive && m->ks_p <= c->market_alpha / 100) +
	    (m->ks >= 2 * c->ks_min || (isfinite(m->psi) && m->psi >= c->psi_crit));
	if (f->severity > 4)
		f->severity = 4;
	snprintf(f->reason, sizeof f->reason,
	    "market %s %s: KS %.3f (p=%.2g), PSI %.3f against the period before",
	    m->feature, m->window, m->ks, m->ks_p, m->psi);
	return n;
}

/* ---- alerts ---- */

static void
alert(struct rt_dfire *out, int *n, int max, const char *rule, const char *window,
    double value, double threshold, int crit, const char *fmt, int64_t cnt)
{
	struct rt_dfire *f = add(out, n, max);

	if (f == NULL)
		return;
	f->rule = rule;
	snprintf(f->window, sizeof f->window, "%s", window);
	f->value = value;
	f->threshold = threshold;
	f->n = cnt;
	f->severity = crit ? 4 : 2;
	snprintf(f->reason, sizeof f->reason, fmt, rule, window, value, threshold);
}

int
rt_detect_alerts_win(const struct rt_dcfg *c, const struct rt_dwin *w, const char *window,
    struct rt_dfire *out, int max)
{
	int n = 0;
	int64_t need = c->naive ? 1 : c->min_bets;
	double ww, wc;

	if (!w->present || w->m.bets < need)
		return 0;
	if (isfinite(w->m.roi_pct) && w->m.roi_pct < c->roi_warn)
		alert(out, &n, max, "roi_pct", window, w->m.roi_pct,
		    w->m.roi_pct < c->roi_crit ? c->roi_crit : c->roi_warn,
		    w->m.roi_pct < c->roi_crit, "%s %s %.2f below %.2f", w->m.bets);
	ww = isnan(c->wr_warn) ? w->m.breakeven_rate : c->wr_warn;
	wc = isnan(c->wr_crit) ? w->m.breakeven_rate - 0.05 : c->wr_crit;
	if (isfinite(w->m.win_rate) && isfinite(ww) && w->m.win_rate < ww)
		alert(out, &n, max, "win_rate", window, w->m.win_rate,
		    isfinite(wc) && w->m.win_rate < wc ? wc : ww,
		    isfinite(wc) && w->m.win_rate < wc, "%s %s %.3f below %.3f", w->m.bets);
	if (isfinite(w->m.max_drawdown_pct) && w->m.max_drawdown_pct > c->dd_warn)
		alert(out, &n, max, "max_drawdown_pct", window, w->m.max_drawdown_pct,
		    w->m.max_drawdown_pct > c->dd_crit ? c->dd_crit : c->dd_warn,
		    w->m.max_drawdown_pct > c->dd_crit, "%s %s %.2f above %.2f", w->m.bets);
	return n;
}

int
rt_detect_alerts_market(const struct rt_dcfg *c, const struct rt_dmarket *m,
    struct rt_dfire *out, int max)
{
	int n = 0;

	if (!isfinite(m->psi) || m->psi < c->psi_warn)
		return 0;
	/* a PSI of a small sample is mostly noise, and its own p-value fails
	 * with ties (see rt_detect_market): the KS test must agree */
	if (!c->naive && !(isfinite(m->ks_p) && m->ks_p < c->alpha))
		return 0;
	alert(out, &n, max, "psi", m->window, m->psi,
	    m->psi >= c->psi_crit ? c->psi_crit : c->psi_warn, m->psi >= c->psi_crit,
	    "%s %s %.3f above %.3f", m->n);
	if (n == 1) {
		snprintf(out[0].feature, sizeof out[0].feature, "%s", m->feature);
		snprintf(out[0].reason, sizeof out[0].reason, "market %s psi %s %.3f above %.3f",
		    m->feature, m->window, m->psi, out[0].threshold);
	}
	return n;
}
