/* rt_rollout: rollout arithmetic (see rt_rollout.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "rt_buf.h"
#include "rt_hash.h"
#include "rt_kind.h"
#include "rt_rollout.h"
#include "rt_stats.h"

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

double
rt_srm_seq_p(int64_t n_cand, double expected, double var, double tau2)
{
	/* the count's deviation S = n_cand - expected with variance V is the
	 * mean S/V of "one value" of variance 1/V: rt_msprt_p's form */
	if (!(var > 0))
		return 1;
	return rt_msprt_p(((double)n_cand - expected) / var, 1 / var, 1, 0, tau2);
}

void
rt_rollout_plan_default(struct rt_rollout_plan *p)
{
	static const double stages[] = { 10, 25, 50, 100 };

	memset(p, 0, sizeof *p);
	p->ab_pct = 20;
	p->ab_hours = 72;
	memcpy(p->stages, stages, sizeof stages);
	p->nstages = 4;
	p->stage_hours = 24;
	p->max_stage_hours = 28 * 24;
	p->min_bets = 30;
	p->significance = 0.05;
	p->margin_pct = 1;
	p->effect_pct = 5;
	p->close_effect_pct = 2;
	p->min_close_games = 20;
	p->min_improvement_pct = 2;
	p->max_drawdown_pct = 30;
	p->min_clv_pct = -2;
	p->srm_significance = 0.001;
}

double
rt_rollout_stage_pct(const struct rt_rollout_plan *p, int stage)
{
	if (stage <= 0)
		return p->ab_pct;
	return stage <= p->nstages ? p->stages[stage - 1] : 100;
}

int
rt_rollout_next_stage(const struct rt_rollout_plan *p, int stage)
{
	double now = rt_rollout_stage_pct(p, stage);
	int k;

	for (k = stage + 1; k <= p->nstages; k++)
		if (p->stages[k - 1] > now)
			return k;
	return -1;
}

int
rt_rollout_first_stage(const struct rt_rollout_plan *p)
{
	return p->ab_pct > 0 ? 0 : rt_rollout_next_stage(p, 0);
}

double
rt_rollout_stage_hours(const struct rt_rollout_plan *p, int stage)
{
	return stage == 0 ? p->ab_hours : p->stage_hours;
}

static const char *const ACTIONS[] = { "hold", "advance", "promote", "rollback", "pause",
	"resume" };
static const char *const PAUSES[] = { "none", "deadline", "sample_ratio", "operator" };
static const char *const STATES[] = { "running", "paused", "promoted", "rolled_back" };

const char *
rt_rollout_action_name(enum rt_ro_action a)
{
	return ACTIONS[a];
}

const char *
rt_rollout_state_name(enum rt_ro_state s)
{
	return STATES[s];
}

const char *
rt_rollout_pause_name(enum rt_ro_pause r)
{
	return PAUSES[r];
}

int
rt_rollout_state_parse(const char *s, enum rt_ro_state *out)
{
	int i = rt_name_index(STATES, 4, s);

	if (i < 0)
		return -1;
	*out = (enum rt_ro_state)i;
	return 0;
}

int
rt_rollout_pause_parse(const char *s, enum rt_ro_pause *out)
{
	int i = rt_name_index(PAUSES, 4, s);

	if (i < 0)
		return -1;
	*out = (enum rt_ro_pause)i;
	return 0;
}

/*
 * The plug-in variance of a difference of returns has a floor: two
 * versions that bet alike give a variance near 0, and a confidence
 * sequence of width 0 would judge on a handful of games.  (0.01)^2 is a
 * per-game spread of one point of ROI.  The closing-line differences
 * have no outcome noise, so their floor is a tenth of a point.
 */
#define VAR_FLOOR 1e-4
#define CLOSE_VAR_FLOOR 1e-6

int64_t
rt_rollout_games_needed(const struct rt_rollout_plan *p, double sd, double effect_pct)
{
	double tau2 = (p->close_effect_pct / 100) * (p->close_effect_pct / 100);
	double v = sd * sd > CLOSE_VAR_FLOOR ? sd * sd : CLOSE_VAR_FLOOR;
	int64_t n;

	for (n = p->min_close_games > 1 ? p->min_close_games : 1; n <= 100000; n++)
		if (rt_msprt_halfwidth(v, n, tau2, p->significance) < effect_pct / 100)
			return n;
	return -1;
}

void
rt_rollout_plan_effect(const struct rt_rollout_plan *p, double sd_bet, double per_day,
    double effect_pct, int64_t *games, double *days)
{
	*games = rt_rollout_games_needed(p, sqrt(2) * sd_bet, effect_pct);
	*days = *games < 0 || !(per_day > 0) ? -1 : ceil((double)*games / per_day);
}

double
rt_rollout_least_days(const struct rt_rollout_plan *p)
{
	double h = 0;
	int k;

	for (k = rt_rollout_first_stage(p); k >= 0; k = rt_rollout_next_stage(p, k))
		h += rt_rollout_stage_hours(p, k);
	return h / 24;
}

void
rt_rollout_decide(const struct rt_rollout_plan *p, enum rt_ro_state state,
    enum rt_ro_pause paused_by, int stage, double stage_hours,
    const struct rt_rollout_obs *o, struct rt_rollout_decision *d)
{
	double tau2 = (p->effect_pct / 100) * (p->effect_pct / 100);
	double ctau2 = (p->close_effect_pct / 100) * (p->close_effect_pct / 100);
	double alpha = p->significance, hw, v, est, low;
	int enough, close, judged, improved, next;
	const char *on;

	memset(d, 0, sizeof *d);
	d->action = RT_RO_HOLD;
	d->diff_pct = d->lower_pct = d->upper_pct = NAN;
	d->live_diff_pct = d->live_upper_pct = d->srm_p = NAN;
	d->close_diff_pct = d->close_lower_pct = d->close_upper_pct = NAN;
	if (state == RT_RO_PROMOTED || state == RT_RO_ROLLED_BACK) {
		snprintf(d->reason, sizeof d->reason, "the rollout is over (%s)",
		    rt_rollout_state_name(state));
		return;
	}
	/* guardrails on the money the candidate carries */
	if (o->cand_drawdown_pct > p->max_drawdown_pct) {
		d->action = RT_RO_ROLLBACK;
		snprintf(d->reason, sizeof d->reason,
		    "guardrail: the candidate's live drawdown %.1f%% is past %.1f%%",
		    o->cand_drawdown_pct, p->max_drawdown_pct);
		return;
	}
	if (o->cand_clv_n >= p->min_bets && o->cand_clv_mean < p->min_clv_pct) {
		d->action = RT_RO_ROLLBACK;
		snprintf(d->reason, sizeof d->reason,
		    "guardrail: the candidate's mean CLV %.2f%% over %lld bets is below %.2f%%",
		    o->cand_clv_mean, (long long)o->cand_clv_n, p->min_clv_pct);
		return;
	}
	/* the closing line: expected returns at the close, no outcome noise */
	close = o->close_n >= p->min_close_games && o->close_n > 1;
	if (close) {
		v = o->close_var > CLOSE_VAR_FLOOR ? o->close_var : CLOSE_VAR_FLOOR;
		hw = rt_msprt_halfwidth(v, o->close_n, ctau2, alpha);
		d->close_diff_pct = 100 * o->close_mean;
		d->close_lower_pct = 100 * (o->close_mean - hw);
		d->close_upper_pct = 100 * (o->close_mean + hw);
		if (d->close_upper_pct < 0) {
			d->action = RT_RO_ROLLBACK;
			snprintf(d->reason, sizeof d->reason,
			    "the candidate is credibly worse at the close: %+.2f points of "
			    "ROI over %lld games (%.0f%% confidence sequence "
			    "%+.2f..%+.2f)", d->close_diff_pct, (long long)o->close_n,
			    100 * (1 - alpha), d->close_lower_pct, d->close_upper_pct);
			return;
		}
	}
	enough = o->cand_bets >= p->min_bets && o->base_bets >= p->min_bets &&
	    o->pair_n >= p->min_bets;
	if (enough) {
		v = o->pair_var > VAR_FLOOR ? o->pair_var : VAR_FLOOR;
		hw = rt_msprt_halfwidth(v, o->pair_n, tau2, alpha);
		d->diff_pct = 100 * o->pair_mean;
		d->lower_pct = 100 * (o->pair_mean - hw);
		d->upper_pct = 100 * (o->pair_mean + hw);
		if (d->upper_pct < 0) {
			d->action = RT_RO_ROLLBACK;
			snprintf(d->reason, sizeof d->reason,
			    "the candidate is credibly worse: %+.2f points of return a game "
			    "over %lld games (%.0f%% confidence sequence %+.2f..%+.2f)",
			    d->diff_pct, (long long)o->pair_n, 100 * (1 - alpha),
			    d->lower_pct, d->upper_pct);
			return;
		}
	}
	if (o->live_cand_n >= p->min_bets && o->live_base_n >= p->min_bets) {
		/* the live arms are disjoint games: a two-sample sequence */
		double vc = o->live_cand_var > VAR_FLOOR ? o->live_cand_var : VAR_FLOOR;
		double vb = o->live_base_var > VAR_FLOOR ? o->live_base_var : VAR_FLOOR;

		v = vc / (double)o->live_cand_n + vb / (double)o->live_base_n;
		hw = rt_msprt_halfwidth(v, 1, tau2, alpha);
		d->live_diff_pct = 100 * (o->live_cand_mean - o->live_base_mean);
		d->live_upper_pct = d->live_diff_pct + 100 * hw;
		if (d->live_upper_pct < 0) {
			d->action = RT_RO_ROLLBACK;
			snprintf(d->reason, sizeof d->reason,
			    "the candidate's live bets are credibly worse: ROI %+.2f points "
			    "(upper bound %+.2f)", d->live_diff_pct, d->live_upper_pct);
			return;
		}
	}
	/*
	 * The evidence the candidate is judged on: the closing line where
	 * its games have closing prices, else the returns.  Not worse: the
	 * lower end above -margin; better: the estimate at least
	 * min_improvement_pct.
	 */
	if (close) {
		on = "at the close";
		est = d->close_diff_pct;
		low = d->close_lower_pct;
	} else {
		on = "in returns";
		est = d->diff_pct;
		low = d->lower_pct;
	}
	judged = (close || enough) && low > -p->margin_pct;
	improved = judged && est >= p->min_improvement_pct;
	if (state == RT_RO_PAUSED) {
		/* resumes where the rules would now move it on: a candidate
		 * not worse but not better stays paused at the last stage */
		if (paused_by == RT_PAUSE_DEADLINE && judged &&
		    (rt_rollout_next_stage(p, stage) >= 0 || improved)) {
			d->action = RT_RO_RESUME;
			snprintf(d->reason, sizeof d->reason,
			    "the evidence has come: not worse %s, %+.2f points, lower "
			    "bound %+.2f above -%.2f", on, est, low, p->margin_pct);
			return;
		}
		snprintf(d->reason, sizeof d->reason, paused_by == RT_PAUSE_DEADLINE ?
		    "paused: shadow bets go on; resumes when not worse, rolls back when worse" :
		    "paused: waits for resume, promote or rollback");
		return;
	}
	if (o->srm_n > 0) {
		d->srm_p = rt_srm_seq_p(o->srm_cand, o->srm_expected, o->srm_var, RT_SRM_TAU2);
		if (d->srm_p < p->srm_significance) {
			d->action = RT_RO_PAUSE;
			d->pause = RT_PAUSE_SRM;
			snprintf(d->reason, sizeof d->reason,
			    "sample ratio mismatch: %lld candidate games of %lld, %.1f planned "
			    "(p %.2g): assignment is broken",
			    (long long)o->srm_cand, (long long)o->srm_n, o->srm_expected, d->srm_p);
			return;
		}
	}
	next = rt_rollout_next_stage(p, stage);
	if (stage_hours >= rt_rollout_stage_hours(p, stage) && judged && (next >= 0 || improved)) {
		if (next < 0) {
			d->action = RT_RO_PROMOTE;
			snprintf(d->reason, sizeof d->reason,
			    "better %s at %.0f%% of games: %+.2f points (at least %.2f), "
			    "lower bound %+.2f above -%.2f", on, rt_rollout_stage_pct(p, stage),
			    est, p->min_improvement_pct, low, p->margin_pct);
		} else {
			d->action = RT_RO_ADVANCE;
			d->next_stage = next;
			snprintf(d->reason, sizeof d->reason,
			    "stage %d done, not worse %s: %+.2f points, lower bound %+.2f "
			    "above -%.2f; to %.0f%% of games", stage, on, est, low,
			    p->margin_pct, rt_rollout_stage_pct(p, next));
		}
		return;
	}
	if (stage_hours >= p->max_stage_hours) {
		d->action = RT_RO_PAUSE;
		d->pause = RT_PAUSE_DEADLINE;
		if (close || enough)
			snprintf(d->reason, sizeof d->reason,
			    "inconclusive after %.0f hours at stage %d (%lld games; %+.2f points "
			    "%s, lower bound %+.2f, needs above -%.2f%s)", stage_hours,
			    stage, (long long)(close ? o->close_n : o->pair_n), est, on, low,
			    p->margin_pct, next < 0 ? " and an improvement" : "");
		else
			snprintf(d->reason, sizeof d->reason,
			    "inconclusive after %.0f hours at stage %d: too few bets (candidate "
			    "%lld, baseline %lld, games %lld; %d each needed)", stage_hours, stage,
			    (long long)o->cand_bets, (long long)o->base_bets, (long long)o->pair_n,
			    p->min_bets);
		return;
	}
	if (!close && !enough)
		snprintf(d->reason, sizeof d->reason,
		    "waiting for bets: candidate %lld, baseline %lld, games %lld of %d "
		    "(%lld with closing prices of %d)",
		    (long long)o->cand_bets, (long long)o->base_bets, (long long)o->pair_n,
		    p->min_bets, (long long)o->close_n, p->min_close_games);
	else if (stage_hours < rt_rollout_stage_hours(p, stage))
		snprintf(d->reason, sizeof d->reason, "stage %d has run %.2f of %.0f hours",
		    stage, stage_hours, rt_rollout_stage_hours(p, stage));
	else if (!judged)
		snprintf(d->reason, sizeof d->reason,
		    "not yet shown not worse %s: lower bound %+.2f, needs above -%.2f",
		    on, low, p->margin_pct);
	else
		snprintf(d->reason, sizeof d->reason,
		    "not yet shown better %s: %+.2f points, needs %.2f",
		    on, est, p->min_improvement_pct);
}

static int
by_game(const void *a, const void *b)
{
	const struct rt_ro_bet *x = a, *y = b;
	int c = strcmp(x->game_id, y->game_id);

	if (c != 0)
		return c;
	return x->t < y->t ? -1 : x->t > y->t;
}

static int
by_time(const void *a, const void *b)
{
	const struct rt_ro_bet *x = a, *y = b;
	int c = (x->t > y->t) - (x->t < y->t);

	return c != 0 ? c : strcmp(x->game_id, y->game_id);
}

/* Welford's running mean and variance. */
struct run { int64_t n; double mean, m2; };

static void
run_add(struct run *r, double x)
{
	double d = x - r->mean;

	r->n++;
	r->mean += d / (double)r->n;
	r->m2 += d * (x - r->mean);
}

static double
run_var(const struct run *r)
{
	return r->n > 1 ? r->m2 / (double)(r->n - 1) : 0;
}

void
rt_rollout_observe(struct rt_ro_bet *b, size_t n, struct rt_rollout_obs *o)
{
	struct run pair = { 0, 0, 0 }, lc = { 0, 0, 0 }, lb = { 0, 0, 0 }, clv = { 0, 0, 0 };
	/* per priced game: each version's bets (stake 1 each) and expected
	 * returns at the close, for the ROI difference below */
	struct rt_game_pair *gp = rt_xmalloc((n + 1) * sizeof *gp);
	size_t ng = 0;
	double bank = 100, peak = 100, dd = 0;
	size_t i, j;

	o->cand_bets = o->base_bets = 0;
	qsort(b, n, sizeof *b, by_game);
	for (i = 0; i < n; i = j) {
		double rc = 0, rb = 0, ec = 0, eb = 0, nc = 0, nbb = 0;
		int priced = 1;

		for (j = i; j < n && strcmp(b[j].game_id, b[i].game_id) == 0; j++) {
			double r = b[j].stake > 0 ? b[j].profit / b[j].stake : 0;

			if (isnan(b[j].cev))
				priced = 0;
			else if (b[j].cand) {
				ec += b[j].cev;
				nc++;
			} else {
				eb += b[j].cev;
				nbb++;
			}

			if (b[j].cand) {
				rc += r;
				o->cand_bets++;
				if (b[j].live)
					run_add(&lc, r);
				if (!isnan(b[j].clv))
					run_add(&clv, b[j].clv);
			} else {
				rb += r;
				o->base_bets++;
				if (b[j].live)
					run_add(&lb, r);
			}
		}
		run_add(&pair, rc - rb);
		if (priced)
			gp[ng++] = (struct rt_game_pair){ nc, ec, nbb, eb };
	}
	/* the candidate's live bankroll path, in time order */
	qsort(b, n, sizeof *b, by_time);
	for (i = 0; i < n; i++) {
		if (!b[i].cand || !b[i].live)
			continue;
		bank += b[i].profit;
		if (bank > peak)
			peak = bank;
		else if (peak > 0 && 100 * (peak - bank) / peak > dd)
			dd = 100 * (peak - bank) / peak;
	}
	o->pair_n = pair.n;
	o->pair_mean = pair.mean;
	o->pair_var = run_var(&pair);
	o->live_cand_n = lc.n;
	o->live_cand_mean = lc.mean;
	o->live_cand_var = run_var(&lc);
	o->live_base_n = lb.n;
	o->live_base_mean = lb.mean;
	o->live_base_var = run_var(&lb);
	o->cand_drawdown_pct = dd;
	o->cand_clv_n = clv.n;
	o->cand_clv_mean = clv.n ? clv.mean : NAN;
	/*
	 * The closing-line evidence is a difference of ROI, in points of
	 * ROI whatever games each version bet on: R_c - R_b, R = (sum of
	 * expected returns at the close) / (bets), with the variance of a
	 * game's influence on it (rt_stats_ratio_diff, the delta method): a
	 * game only one version bet on adds its closing-line figure, a few
	 * points, not its whole return.
	 */
	o->close_n = 0;
	if (rt_stats_ratio_diff(gp, ng, &o->close_mean, &o->close_var) == 0)
		o->close_n = (int64_t)ng;
	free(gp);
}

void
rt_rollout_srm_add(struct rt_rollout_obs *o, int cand, double pct)
{
	double s = pct / 100;

	o->srm_n++;
	o->srm_cand += cand != 0;
	o->srm_expected += s;
	o->srm_var += s * (1 - s);
}
