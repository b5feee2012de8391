/*
 * rt-optimize: searches a strategy's parameters on walk-forward backtests
 * and emits the best as a candidate model; or, with --ask, proposes the
 * next trials of any study from its history (ask and tell).
 *
 *	rt-optimize --strategy S [--max-evaluations N] [--timeout D] [...] [FILE...]
 *	rt-optimize --space FILE --ask N [--direction D] [--seed S] [HISTORY...]
 *	rt-optimize --list-parameters NAME
 *
 * See rt-optimize(1) and docs/optimization.md.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_rng.h>

#include "rt_backtest.h"
#include "rt_bo.h"
#include "rt_buf.h"
#include "rt_err.h"
#include "rt_games.h"
#include "rt_ndjson.h"
#include "rt_odds.h"
#include "rt_opt.h"
#include "rt_space.h"
#include "rt_strategy.h"
#include "rt_time.h"

static const char SYNOPSIS[] =
    "rt-optimize --strategy S [--algorithm bayesian|random|grid] [--max-evaluations N]\n"
    "                   [--timeout DURATION] [--seed S] [--objective O] [--objective-bound]\n"
    "                   [--folds K] [--embargo DURATION] [--min-bets N]\n"
    "                   [--strategy-type full_retraining|targeted_optimization]\n"
    "                   [--warm-start FILE] [--trials FILE] [--study NAME] [--version V]\n"
    "                   [--job-id ID] [--trigger-id ID]... [--now TIME] [--progress] [FILE...]\n"
    "       rt-optimize --space FILE --ask N [--direction maximize|minimize] [--seed S]\n"
    "                   [--algorithm A] [--study NAME] [HISTORY...]\n"
    "       rt-optimize --list-parameters NAME";

/* Random proposals before the Gaussian process takes over. */
#define INITIAL 5

struct opts {
	const char *strategy, *space_path, *trials_path, *warm_path, *study, *version;
	const char *job_id, *trigger_ids[16];
	int ntriggers;
	enum rt_bo_algo algo;
	int ask, maximize, max_evals, folds, min_bets, bound, targeted, progress;
	long long seed;
	int64_t timeout, embargo, now;
	enum { OBJ_ROI, OBJ_SHARPE, OBJ_CLV, OBJ_LOG } objective;
};

/* The trial history: parameter values (unit cube) and values (NaN: failed,
 * +inf: asked and not told yet, by trial number). */
struct history {
	double *X, *y;
	int *num;
	size_t n, cap;
	int max_number;
	char study[128];
};

/* A search's study: --study, else the history's, else the strategy's name. */
static const char *
study_of(const struct opts *o, const struct history *h)
{
	return o->study ? o->study : h->study[0] ? h->study : o->strategy;
}

static void
history_add(struct history *h, int dim, const double *u, double y, int number)
{
	size_t i;

	/* a told trial replaces its asked record */
	for (i = 0; number >= 0 && i < h->n; i++)
		if (h->num[i] == number && isinf(h->y[i]) && h->y[i] > 0) {
			memcpy(h->X + i * (size_t)dim, u, (size_t)dim * sizeof *u);
			h->y[i] = y;
			return;
		}
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->X = rt_xrealloc(h->X, h->cap * (size_t)dim * sizeof *h->X);
		h->y = rt_xrealloc(h->y, h->cap * sizeof *h->y);
		h->num = rt_xrealloc(h->num, h->cap * sizeof *h->num);
	}
	memcpy(h->X + h->n * (size_t)dim, u, (size_t)dim * sizeof *u);
	h->num[h->n] = number;
	h->y[h->n++] = y;
}

/* Reads trial records into h: complete ones with their value, failed ones
 * as NaN; asked ones (in flight) are left out.  -1 on bad input. */
static int
read_trials(char *const *paths, size_t n, const struct rt_space *s, int maximize,
    struct history *h)
{
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_buf err = RT_BUF_INIT;
	double v[RT_SPACE_MAXP], u[RT_SPACE_MAXDIM];
	int rc;

	rt_reader_init(&in, paths, n, NULL, 0, RT_KIND_BIT(RT_KIND_TRIAL));
	while ((rec = rt_reader_next(&in)) != NULL) {
		const char *state = rt_json_str(rt_json_get(rec->json, "state"));
		const char *study = rt_json_str(rt_json_get(rec->json, "study"));
		const struct rt_json *jn = rt_json_get(rec->json, "number");
		const struct rt_json *jv = rt_json_get(rec->json, "value");
		int64_t num;
		double val;

		/* a number or a value of the wrong type is bad input, not a
		 * failed trial (null is "none") */
		if ((jn != NULL && rt_json_type(jn) != RT_JSON_NULL && rt_json_int(jn, &num) == -1) ||
		    (jv != NULL && rt_json_type(jv) != RT_JSON_NULL && rt_json_num(jv, &val) == -1)) {
			if (!rt_reader_reject(&in, "a trial's number must be a whole number and "
			    "its value a number (or null)"))
				break;
			continue;
		}
		if (rt_json_int(jn, &num) == 0 && num > h->max_number)
			h->max_number = (int)num;
		if (study != NULL && h->study[0] == '\0')
			snprintf(h->study, sizeof h->study, "%s", study);
		if (state == NULL)
			continue;
		rt_buf_reset(&err);
		if (rt_space_values(s, rt_json_get(rec->json, "params"), v, &err) == -1) {
			if (!rt_reader_reject(&in, "%s", err.p))
				break;
			continue;
		}
		rt_space_encode(s, v, u);
		if (rt_json_int(jn, &num) == -1)
			num = -1;
		if (strcmp(state, "asked") == 0)
			history_add(h, s->dim, u, INFINITY, (int)num);	/* in flight */
		else if (strcmp(state, "complete") == 0 &&
		    rt_json_num(jv, &val) == 0 && isfinite(val))
			history_add(h, s->dim, u, maximize ? val : -val, (int)num);
		else
			history_add(h, s->dim, u, NAN, (int)num);
	}
	rc = rt_reader_status(&in);
	rt_reader_release(&in);
	rt_buf_release(&err);
	if (rc != RT_EX_OK) {
		/* the caller stops: nothing of a bad history is kept */
		free(h->X);
		free(h->y);
		free(h->num);
		h->X = h->y = NULL;
		h->num = NULL;
		h->n = h->cap = 0;
		return -1;
	}
	return 0;
}

static void
write_trial(struct rt_buf *out, const char *study, const char *strategy, int number,
    const struct rt_space *s, const double *v, const char *state, double value,
    const double *folds, int nfolds)
{
	struct rt_jw w;
	int i;

	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind");
	rt_jw_str(&w, "trial");
	rt_jw_key(&w, "study");
	rt_jw_str(&w, study);
	if (strategy != NULL) {
		rt_jw_key(&w, "strategy");
		rt_jw_str(&w, strategy);
	}
	rt_jw_key(&w, "number");
	rt_jw_int(&w, number);
	rt_jw_key(&w, "params");
	rt_space_write(s, v, &w);
	if (strcmp(state, "asked") != 0) {
		rt_jw_key(&w, "value");
		if (isfinite(value))
			rt_jw_num(&w, round(value * 1e6) / 1e6);
		else
			rt_jw_null(&w);
		rt_jw_key(&w, "folds");
		rt_jw_arr(&w);
		for (i = 0; i < nfolds; i++)
			if (isfinite(folds[i]))
				rt_jw_num(&w, round(folds[i] * 1e6) / 1e6);
			else
				rt_jw_null(&w);
		rt_jw_end(&w);
	}
	rt_jw_key(&w, "state");
	rt_jw_str(&w, state);
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
}

static void
read_space(const char *path, struct rt_space *s)
{
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_buf err = RT_BUF_INIT;
	char *paths[1];

	paths[0] = (char *)path;
	rt_space_init(s);
	rt_reader_init(&in, paths, 1, NULL, 0, RT_KIND_BIT(RT_KIND_PARAM));
	while ((rec = rt_reader_next(&in)) != NULL) {
		rt_buf_reset(&err);
		if (rt_space_add(s, rec->json, &err) == -1)
			rt_die(RT_EX_DATAERR, "%s:%zu: %s", path, rec->line, err.p);
	}
	if (rt_reader_status(&in) == RT_EX_IOERR)
		rt_die(RT_EX_IOERR, "--space: cannot read '%s'", path);
	if (rt_reader_status(&in) != RT_EX_OK)
		exit(RT_EX_DATAERR);
	rt_reader_release(&in);
	rt_buf_release(&err);
	if (s->n == 0)
		rt_die(RT_EX_DATAERR, "--space %s: no param records", path);
}

/* A strategy's search space: every parameter, or (targeted) the
 * high-impact ones; map[i]: the strategy's index of the space's i-th
 * parameter.  (tests/fuzz/fuzz-trials.c builds its spaces with it.) */
static void
strategy_space(const struct rt_strategy *st, int targeted, struct rt_space *s, int *map)
{
	struct rt_buf sp = RT_BUF_INIT, err = RT_BUF_INIT;
	const char *line;

	rt_space_init(s);
	rt_params_space(st, &sp);
	for (line = sp.p; line && *line;) {
		const char *nl = strchr(line, '\n');
		struct rt_json *pj = rt_json_parse(NULL, line, (size_t)(nl - line), NULL, NULL);
		int hi = 0;

		(void)rt_json_bool(rt_json_get(pj, "high_impact"), &hi);
		if (!targeted || hi) {
			map[s->n] = rt_param_index(st, rt_json_str(rt_json_get(pj, "name")));
			if (rt_space_add(s, pj, &err) == -1)
				rt_die(RT_EX_SOFTWARE, "%s's space: %s", st->name, err.p);
		}
		rt_json_free(pj);
		line = nl + 1;
	}
	rt_buf_release(&sp);
	rt_buf_release(&err);
}

/* --ask N: proposals from the history on the inputs. */
static int
cmd_ask(struct opts *o, char **files, size_t nfiles)
{
	struct rt_space s;
	struct history h;
	struct rt_buf out = RT_BUF_INIT;
	double *u, v[RT_SPACE_MAXP];
	gsl_rng *r;
	int q, rc;

	read_space(o->space_path, &s);
	memset(&h, 0, sizeof h);
	h.max_number = -1;
	if (read_trials(files, nfiles, &s, o->maximize, &h) == -1)
		return RT_EX_DATAERR;
	/* the same history and seed give the same proposals */
	r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, (unsigned long)(o->seed * 7919 + (long long)h.n * 104729 + h.max_number + 1));
	u = rt_xmalloc((size_t)o->ask * (size_t)s.dim * sizeof *u);
	rt_bo_propose(&s, o->algo, h.X, h.y, h.n, o->ask, INITIAL, r, u);
	if (h.n == 0 && h.max_number < 0) {
		/* a new study starts from the defaults (the production values) */
		for (q = 0; q < s.n; q++)
			v[q] = s.p[q].dflt;
		rt_space_encode(&s, v, u);
	}
	for (q = 0; q < o->ask; q++) {
		rt_space_decode(&s, u + (size_t)q * (size_t)s.dim, v);
		write_trial(&out, o->study ? o->study : h.study[0] ? h.study : "study", o->strategy,
		    h.max_number + 1 + q, &s, v, "asked", NAN, NULL, 0);
	}
	rc = fwrite(out.p, 1, out.len, stdout) == out.len ? RT_EX_OK : RT_EX_IOERR;
	gsl_rng_free(r);
	free(u);
	free(h.X);
	free(h.y);
	free(h.num);
	rt_buf_release(&out);
	return rc;
}

/* ---- the full search on walk-forward folds ---- */

/* The objective of one fold's bets; NAN when there are too few. */
static double
fold_value(const struct opts *o, const struct rt_bets *b)
{
	double staked = 0, profit = 0, mean = 0, m2 = 0, clv = 0, lg = 0;
	size_t i, n = 0, nc = 0;

	for (i = 0; i < b->n; i++) {
		const struct rt_bet *x = &b->v[i];
		double r;

		if (x->status == RT_BET_PENDING || x->status == RT_BET_VOID)
			continue;
		n++;
		staked += x->stake;
		profit += x->profit;
		r = x->stake > 0 ? x->profit / x->stake : 0;
		{
			double d = r - mean;

			mean += d / (double)n;
			m2 += d * (r - mean);
		}
		/* log growth of a bankroll staking 1% a bet */
		lg += log1p(0.01 * r);
		if (x->close_odds != 0) {
			clv += 100 * (rt_odds_decimal(x->odds) / rt_odds_decimal(x->close_odds) - 1);
			nc++;
		}
	}
	if ((int)n < o->min_bets)
		return NAN;
	switch (o->objective) {
	case OBJ_SHARPE: return n > 1 && m2 > 0 ? mean / sqrt(m2 / (double)(n - 1)) : 0;
	case OBJ_CLV: return nc ? clv / (double)nc : 0;
	case OBJ_LOG: return 100 * lg / (double)n;
	default: return staked > 0 ? 100 * profit / staked : 0;
	}
}

/*
 * --warm-start FILE: the production model (its parameters are the values
 * of the parameters a targeted search holds, and the first trial) and
 * earlier trials (the best few are tried next).  Fills fixed[] and up to
 * 5 starting points (full parameter vectors) into seeds; returns how many.
 */
static int
warm_start(const char *path, const struct rt_strategy *st, double *fixed,
    double seeds[5][64])
{
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_buf err = RT_BUF_INIT;
	char *paths[1];
	double best[4] = { -INFINITY, -INFINITY, -INFINITY, -INFINITY }, cand[64];
	double trial[4][64];
	int ns = 0, nt = 0, i, j, have_model = 0;

	paths[0] = (char *)path;
	rt_reader_init(&in, paths, 1, NULL, 0,
	    RT_KIND_BIT(RT_KIND_MODEL) | RT_KIND_BIT(RT_KIND_TRIAL));
	while ((rec = rt_reader_next(&in)) != NULL) {
		const char *sname = rt_json_str(rt_json_get(rec->json, "strategy"));
		double val;

		if (sname != NULL && strcmp(sname, st->name) != 0)
			continue;
		rt_buf_reset(&err);
		memcpy(cand, fixed, sizeof cand);
		if (rt_params_from_json(st, rt_json_get(rec->json, "params"), cand, &err) == -1) {
			rt_warnx("%s:%zu: %s", path, rec->line, err.p);
			continue;
		}
		if (rec->kind == RT_KIND_MODEL) {
			memcpy(fixed, cand, sizeof cand);
			have_model = 1;
			continue;
		}
		if (rt_json_num(rt_json_get(rec->json, "value"), &val) == -1 || !isfinite(val))
			continue;
		/* keep the four best */
		for (i = 0; i < 4 && best[i] >= val; i++)
			;
		if (i == 4)
			continue;
		for (j = 3; j > i; j--) {
			best[j] = best[j - 1];
			memcpy(trial[j], trial[j - 1], sizeof trial[0]);
		}
		best[i] = val;
		memcpy(trial[i], cand, sizeof cand);
		if (nt < 4)
			nt++;
	}
	if (rt_reader_status(&in) == RT_EX_IOERR)
		rt_die(RT_EX_IOERR, "--warm-start: cannot read '%s'", path);
	rt_reader_release(&in);
	rt_buf_release(&err);
	if (have_model)
		memcpy(seeds[ns++], fixed, sizeof seeds[0]);
	for (i = 0; i < nt; i++)
		memcpy(seeds[ns++], trial[i], sizeof seeds[0]);
	return ns;
}

static int
cmd_search(struct opts *o, char **files, size_t nfiles)
{
	const struct rt_strategy *st = rt_strategy_find(o->strategy);
	struct rt_space s;
	struct rt_games gs;
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_buf err = RT_BUF_INIT, out = RT_BUF_INIT;
	struct history h;
	struct rt_bets bets;
	struct rt_bt_opts bo;
	double t0 = rt_time_mono(), p[64], best_v = -INFINITY, best_p[64], best_folds[32];
	double fixed[64], u[RT_SPACE_MAXDIM], v[RT_SPACE_MAXP], seeds[5][64];
	int nseeds;
	int32_t dmin = INT32_MAX, dmax = INT32_MIN, bounds[33];
	int map[RT_SPACE_MAXP], i, k, evals = 0, rc = RT_EX_OK, timed_out = 0;
	FILE *tf = NULL;
	gsl_rng *r;
	char tu[RT_DATE_BUFSZ], tf_[RT_DATE_BUFSZ];

	if (st == NULL) {
		rt_warnx("unknown strategy '%s'", o->strategy);
		rt_usage_die(SYNOPSIS);
		return RT_EX_USAGE;
	}
	rt_params_defaults(st, fixed);
	nseeds = o->warm_path ? warm_start(o->warm_path, st, fixed, seeds) : 0;
	strategy_space(st, o->targeted, &s, map);
	/* the games */
	rt_games_init(&gs);
	rt_reader_init(&in, files, nfiles, NULL, 0, RT_KIND_BIT(RT_KIND_GAME));
	while ((rec = rt_reader_next(&in)) != NULL) {
		rt_buf_reset(&err);
		if (rt_games_add(&gs, rec->json, &err) == -1) {
			rt_reader_reject(&in, "%s", err.p);
			break;
		}
		/* the timeout bounds the whole run, loading included */
		if (o->timeout > 0 && (gs.n & 255) == 0 && rt_time_mono() - t0 >= (double)o->timeout) {
			rt_reader_release(&in);
			rt_die(RT_EX_TEMPFAIL, "--timeout reached while loading games (%zu read)", gs.n);
		}
	}
	rc = rt_reader_status(&in);
	rt_reader_release(&in);
	if (rc != RT_EX_OK)
		goto out;
	rt_games_sort(&gs);
	for (i = 0; (size_t)i < gs.n; i++) {
		int64_t known = gs.v[i].result_known;

		if (known > o->now)
			continue;	/* only games final by --now train */
		if (gs.v[i].date < dmin)
			dmin = gs.v[i].date;
		if (gs.v[i].date > dmax)
			dmax = gs.v[i].date;
	}
	if (dmin > dmax)
		rt_die(RT_EX_DATAERR, "no game final by --now to search on");
	/* walk-forward: K+1 blocks of days; fold f tests block f+1 after an
	 * embargo of its training window (blocks 0..f) */
	for (k = 0; k <= o->folds + 1; k++)
		bounds[k] = dmin + (int32_t)((int64_t)(dmax - dmin + 1) * k / (o->folds + 1));
	memset(&h, 0, sizeof h);
	h.max_number = -1;
	if (o->trials_path && access(o->trials_path, F_OK) == 0) {
		char *tp[1];

		tp[0] = (char *)o->trials_path;
		if (read_trials(tp, 1, &s, 1, &h) == -1)
			rt_die(RT_EX_DATAERR, "--trials %s: bad trial history", o->trials_path);
	}
	if (o->trials_path && (tf = fopen(o->trials_path, "a")) == NULL)
		rt_die(RT_EX_IOERR, "--trials: cannot open '%s': %s", o->trials_path, strerror(errno));
	r = gsl_rng_alloc(gsl_rng_mt19937);
	memset(&bo, 0, sizeof bo);
	bo.s = st;
	bo.params = p;
	bo.now = o->now;
	bo.bankroll = 100;
	rt_bets_init(&bets);
	while (evals < o->max_evals) {
		double folds[32], sum = 0, sum2 = 0, value;
		int nf = 0, failed = 0;

		if (o->timeout > 0 && rt_time_mono() - t0 >= (double)o->timeout) {
			timed_out = 1;
			break;
		}
		gsl_rng_set(r, (unsigned long)(o->seed * 7919 + (long long)h.n * 104729));
		rt_bo_propose(&s, o->algo, h.X, h.y, h.n, 1, INITIAL, r, u);
		rt_space_decode(&s, u, v);
		if (h.n < (size_t)nseeds)	/* the warm start's points first */
			for (i = 0; i < s.n; i++)
				v[i] = seeds[h.n][map[i]];
		else if (h.n == 0)	/* else the defaults: a baseline */
			for (i = 0; i < s.n; i++)
				v[i] = s.p[i].dflt;
		memcpy(p, fixed, sizeof p);
		for (i = 0; i < s.n; i++)
			p[map[i]] = v[i];
		for (k = 0; k < o->folds; k++) {
			if (o->timeout > 0 && rt_time_mono() - t0 >= (double)o->timeout) {
				timed_out = 1;
				break;
			}
			bo.from = bounds[k + 1] + (int32_t)(o->embargo / 86400);
			bo.to = bounds[k + 2] - 1;
			rt_backtest_run(&gs, &bo, &bets);
			folds[k] = fold_value(o, &bets);
			if (!isfinite(folds[k]))
				failed = 1;	/* too few bets: penalised, not chosen */
			else {
				sum += folds[k];
				sum2 += folds[k] * folds[k];
				nf++;
			}
		}
		if (timed_out)
			break;	/* the evaluation in flight is lost, as documented */
		value = NAN;
		if (!failed && nf > 0) {
			double mean = sum / nf, sd = nf > 1 ? sqrt(fmax(0, (sum2 - nf * mean * mean) / (nf - 1))) : 0;

			value = o->bound ? mean - sd / sqrt((double)nf) : mean;
		}
		rt_space_encode(&s, v, u);
		history_add(&h, s.dim, u, isfinite(value) ? (o->maximize ? value : -value) : NAN,
		    h.max_number + 1);
		evals++;
		rt_buf_reset(&out);
		write_trial(&out, study_of(o, &h), o->strategy, h.max_number + 1, &s, v, isfinite(value) ? "complete" : "failed",
		    value, folds, o->folds);
		h.max_number++;
		if (fwrite(out.p, 1, out.len, stdout) != out.len)
			break;
		if (tf != NULL && (fwrite(out.p, 1, out.len, tf) != out.len || fflush(tf) != 0))
			rt_die(RT_EX_IOERR, "--trials: writing '%s' failed", o->trials_path);
		if (tf != NULL && fsync(fileno(tf)) == -1 && errno != EINVAL)
			rt_die(RT_EX_IOERR, "--trials: syncing '%s' failed: %s", o->trials_path,
			    strerror(errno));	/* a kill -9 loses at most the trial in flight */
		if (isfinite(value) && value > best_v) {
			best_v = value;
			memcpy(best_p, p, sizeof best_p);
			memcpy(best_folds, folds, sizeof best_folds);
		}
		if (o->progress) {
			double el = rt_time_mono() - t0, left = el / evals * (o->max_evals - evals);
			char b[32];

			if (o->timeout > 0 && left > (double)o->timeout - el)
				left = (double)o->timeout - el;
			if (isfinite(best_v))
				snprintf(b, sizeof b, "%.4f", best_v);
			else
				snprintf(b, sizeof b, "none yet");
			fprintf(stderr, "rt-optimize: evaluation %d of %d, best %s, %.1f s elapsed, "
			    "about %.0f s left\n", evals, o->max_evals, b, el, left);
		}
	}
	/* the best of the whole history (a resumed study included) */
	for (i = 0; (size_t)i < h.n; i++)
		if (isfinite(h.y[i]) && (o->maximize ? h.y[i] : -h.y[i]) > best_v) {
			rt_space_decode(&s, h.X + (size_t)i * (size_t)s.dim, v);
			memcpy(best_p, fixed, sizeof best_p);
			for (k = 0; k < s.n; k++)
				best_p[map[k]] = v[k];
			best_v = o->maximize ? h.y[i] : -h.y[i];
			for (k = 0; k < o->folds; k++)
				best_folds[k] = NAN;
		}
	if (!isfinite(best_v) && timed_out && evals == 0)
		rt_die(RT_EX_TEMPFAIL, "--timeout reached before the first evaluation");
	if (!isfinite(best_v)) {
		rt_warnx("no parameter set placed --min-bets %d bets in every fold", o->min_bets);
		rc = RT_EX_COND;
		goto done;
	}
	{
		struct rt_jw w;

		rt_date_format(dmin, tf_);
		rt_date_format(dmax, tu);
		rt_buf_reset(&out);
		rt_jw_init(&w, &out);
		rt_jw_obj(&w);
		rt_jw_key(&w, "kind");
		rt_jw_str(&w, "model");
		rt_jw_key(&w, "strategy");
		rt_jw_str(&w, st->name);
		rt_jw_key(&w, "version");
		rt_jw_str(&w, o->version ? o->version : "candidate");
		rt_jw_key(&w, "params");
		rt_params_write(st, best_p, &w);
		rt_jw_key(&w, "status");
		rt_jw_str(&w, "candidate");
		rt_jw_key(&w, "train_from");
		rt_jw_str(&w, tf_);
		rt_jw_key(&w, "train_until");
		rt_jw_str(&w, tu);
		rt_jw_key(&w, "objective");
		rt_jw_str(&w, o->objective == OBJ_SHARPE ? "sharpe" : o->objective == OBJ_CLV ?
		    "clv_pct" : o->objective == OBJ_LOG ? "log_growth" : "roi_pct");
		rt_jw_key(&w, "value");
		rt_jw_num(&w, round(best_v * 1e6) / 1e6);
		rt_jw_key(&w, "cv");
		rt_jw_obj(&w);
		rt_jw_key(&w, "folds");
		rt_jw_int(&w, o->folds);
		rt_jw_key(&w, "embargo_days");
		rt_jw_int(&w, o->embargo / 86400);
		rt_jw_key(&w, "bound");
		rt_jw_bool(&w, o->bound);
		rt_jw_key(&w, "fold_values");
		rt_jw_arr(&w);
		for (k = 0; k < o->folds; k++)
			if (isfinite(best_folds[k]))
				rt_jw_num(&w, round(best_folds[k] * 1e6) / 1e6);
			else
				rt_jw_null(&w);
		rt_jw_end(&w);
		rt_jw_end(&w);
		rt_jw_key(&w, "trials");
		rt_jw_int(&w, (int64_t)h.n);
		rt_jw_key(&w, "lineage");
		rt_jw_obj(&w);
		rt_jw_key(&w, "job_id");
		rt_jw_str(&w, o->job_id);
		/* the study whose trials (rt-store's trials table) made it */
		rt_jw_key(&w, "study");
		rt_jw_str(&w, study_of(o, &h));
		rt_jw_key(&w, "trigger_ids");
		rt_jw_arr(&w);
		for (i = 0; i < o->ntriggers; i++)
			rt_jw_str(&w, o->trigger_ids[i]);
		rt_jw_end(&w);
		rt_jw_end(&w);
		rt_jw_end(&w);
		rt_buf_addc(&out, '\n');
		if (fwrite(out.p, 1, out.len, stdout) != out.len)
			rc = RT_EX_IOERR;
	}
	if (timed_out)
		rt_warnx("--timeout reached after %d evaluations", evals);
done:
	gsl_rng_free(r);
	rt_bets_release(&bets);
	if (tf != NULL && fclose(tf) != 0 && rc == RT_EX_OK) {
		rt_warnx("--trials: closing '%s' failed: %s", o->trials_path, strerror(errno));
		rc = RT_EX_IOERR;
	}
	free(h.X);
	free(h.y);
	free(h.num);
out:
	rt_games_release(&gs);
	rt_buf_release(&err);
	rt_buf_release(&out);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "strategy", required_argument, NULL, 's' },
		{ "space", required_argument, NULL, 'S' },
		{ "ask", required_argument, NULL, 'a' },
		{ "direction", required_argument, NULL, 'D' },
		{ "seed", required_argument, NULL, 'e' },
		{ "algorithm", required_argument, NULL, 'A' },
		{ "max-evaluations", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "objective", required_argument, NULL, 'o' },
		{ "objective-bound", no_argument, NULL, 'B' },
		{ "folds", required_argument, NULL, 'f' },
		{ "embargo", required_argument, NULL, 'E' },
		{ "min-bets", required_argument, NULL, 'M' },
		{ "strategy-type", required_argument, NULL, 'T' },
		{ "trials", required_argument, NULL, 'r' },
		{ "warm-start", required_argument, NULL, 'w' },
		{ "study", required_argument, NULL, 'y' },
		{ "version-name", required_argument, NULL, 'v' },
		{ "job-id", required_argument, NULL, 'j' },
		{ "trigger-id", required_argument, NULL, 'g' },
		{ "now", required_argument, NULL, 'n' },
		{ "progress", no_argument, NULL, 'P' },
		{ "list-parameters", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	const struct rt_strategy *st;
	struct rt_buf out = RT_BUF_INIT;
	const char *why;
	int c, rc;

	rt_err_init(argv[0]);
	rt_opt_synopsis(SYNOPSIS);
	memset(&o, 0, sizeof o);
	o.maximize = 1;
	o.max_evals = 50;
	o.folds = 5;
	o.min_bets = 20;
	o.embargo = 86400;
	o.now = rt_time_clock();
	o.progress = isatty(STDERR_FILENO);
	rt_opt_version_name(argc, argv);	/* --version V names the version */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			printf("usage: %s\n\nSee rt-optimize(1) and docs/optimization.md.\n", SYNOPSIS);
			rt_exit_stdout();
		case 'V':
			rt_print_version();
			rt_exit_stdout();
		case 's': o.strategy = optarg; break;
		case 'S': o.space_path = optarg; break;
		case 'a': o.ask = (int)rt_opt_int("--ask", optarg, 1, 1000); break;
		case 'D':
			if (strcmp(optarg, "maximize") == 0) o.maximize = 1;
			else if (strcmp(optarg, "minimize") == 0) o.maximize = 0;
			else { rt_warnx("--direction: maximize or minimize"); rt_usage_die(SYNOPSIS); }
			break;
		case 'e': o.seed = rt_opt_int("--seed", optarg, 0, 1LL << 40); break;
		case 'A':
			if (strcmp(optarg, "bayesian") == 0) o.algo = RT_BO_BAYESIAN;
			else if (strcmp(optarg, "random") == 0) o.algo = RT_BO_RANDOM;
			else if (strcmp(optarg, "grid") == 0) o.algo = RT_BO_GRID;
			else { rt_warnx("--algorithm: bayesian, random or grid"); rt_usage_die(SYNOPSIS); }
			break;
		case 'm': o.max_evals = (int)rt_opt_int("--max-evaluations", optarg, 1, 100000); break;
		case 't':
			if (rt_duration_parse(optarg, strlen(optarg), &o.timeout, &why) == -1) {
				rt_warnx("--timeout '%s': %s", optarg, why);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case 'o':
			if (strcmp(optarg, "roi_pct") == 0) o.objective = OBJ_ROI;
			else if (strcmp(optarg, "sharpe") == 0) o.objective = OBJ_SHARPE;
			else if (strcmp(optarg, "clv_pct") == 0) o.objective = OBJ_CLV;
			else if (strcmp(optarg, "log_growth") == 0) o.objective = OBJ_LOG;
			else { rt_warnx("--objective: roi_pct, sharpe, clv_pct or log_growth"); rt_usage_die(SYNOPSIS); }
			break;
		case 'B': o.bound = 1; break;
		case 'f': o.folds = (int)rt_opt_int("--folds", optarg, 1, 30); break;
		case 'E':
			if (strcmp(optarg, "0") == 0)
				o.embargo = 0;
			else if (rt_duration_parse(optarg, strlen(optarg), &o.embargo, &why) == -1) {
				rt_warnx("--embargo '%s': %s", optarg, why);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case 'M': o.min_bets = (int)rt_opt_int("--min-bets", optarg, 0, 1000000); break;
		case 'T':
			if (strcmp(optarg, "full_retraining") == 0) o.targeted = 0;
			else if (strcmp(optarg, "targeted_optimization") == 0) o.targeted = 1;
			else { rt_warnx("--strategy-type: full_retraining or targeted_optimization"); rt_usage_die(SYNOPSIS); }
			break;
		case 'r': o.trials_path = optarg; break;
		case 'w': o.warm_path = optarg; break;
		case 'y': o.study = optarg; break;
		case 'v': o.version = optarg; break;
		case 'j': o.job_id = optarg; break;
		case 'g':
			if (o.ntriggers == 16)
				rt_die(RT_EX_USAGE, "at most 16 --trigger-id");
			o.trigger_ids[o.ntriggers++] = optarg;
			break;
		case 'n':
			if (rt_now_parse(optarg, &o.now, &why) == -1) {
				rt_warnx("--now '%s': %s", optarg, why);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case 'P': o.progress = 1; break;
		case 'L':
			if ((st = rt_strategy_find(optarg)) == NULL) {
				rt_warnx("unknown strategy '%s'", optarg);
				rt_usage_die(SYNOPSIS);
				return RT_EX_USAGE;
			}
			rt_params_space(st, &out);
			fwrite(out.p, 1, out.len, stdout);
			rt_buf_release(&out);
			rt_exit_stdout();
		default: rt_usage_die(SYNOPSIS);
		}
	}
	if (!o.ask && !o.maximize) {
		rt_warnx("--direction goes with --ask: the search's objectives are all the higher the better");
		rt_usage_die(SYNOPSIS);
	}
	if (o.ask) {
		if (o.space_path == NULL) {
			rt_warnx("--ask needs --space FILE");
			rt_usage_die(SYNOPSIS);
		}
		rc = cmd_ask(&o, argv + optind, (size_t)(argc - optind));
	} else {
		if (o.strategy == NULL) {
			rt_warnx("--strategy is required (or --space with --ask)");
			rt_usage_die(SYNOPSIS);
		}
		rc = cmd_search(&o, argv + optind, (size_t)(argc - optind));
	}
	if (rt_close_stdout() == -1)
		rc = RT_EX_IOERR;
	return rc;
}
