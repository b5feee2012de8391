/*
 * rt-validate: proves out of sample, or fails to prove, that a candidate
 * version of a strategy beats the baseline (by default the production
 * version).  Reads game and model records; writes a verdict.
 *
 *	rt-validate --strategy S --candidate-version V [--baseline-version V]
 *	            [--validation-level L] [...] [FILE...]
 *
 * Both versions are backtested on the same games after the candidate's
 * train_until plus an embargo; the checks are lib/rt_validate.c.  See
 * rt-validate(1) and docs/validation.md.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_backtest.h"
#include "rt_buf.h"
#include "rt_db.h"
#include "rt_err.h"
#include "rt_games.h"
#include "rt_ndjson.h"
#include "rt_odds.h"
#include "rt_opt.h"
#include "rt_strategy.h"
#include "rt_time.h"
#include "rt_validate.h"

static const char SYNOPSIS[] =
    "rt-validate --strategy S --candidate-version V [--baseline-version V]\n"
    "                   [--validation-level basic|standard|rigorous|production]\n"
    "                   [--embargo DURATION] [--holdout-until DATE] [--now TIME]\n"
    "                   [--min-improvement P] [--min-roi P] [--min-win-rate R|breakeven]\n"
    "                   [--min-sample N] [--significance A] [--confidence C]\n"
    "                   [--max-drawdown P] [--min-sharpe S] [--max-ruin P] [--bootstrap N]\n"
    "                   [--seed S] [--folds K] [--periods K] [--season-days N]\n"
    "                   [--evidence auto|close|returns] [--output-file FILE]\n"
    "                   [--exit-status] [--no-store] [--reject FILE] [FILE...]\n"
    "       rt-validate --plan-holdout --strategy S [--baseline-version V]\n"
    "                   [--holdout-bets N] [--min-holdout-days D] [--max-holdout-days D]\n"
    "                   [--now TIME] [--no-store] [--reject FILE] [FILE...]";

static void
help(void)
{
	printf("usage: %s\n\n", SYNOPSIS);
	fputs("Backtests the candidate and the baseline on the same games after the\n"
	    "candidate's train_until plus the embargo, runs the checks of the level and\n"
	    "writes one verdict record: pass, fail or inconclusive (too few bets).\n\n"
	    "  --strategy S             the strategy (required)\n"
	    "  --candidate-version V    the candidate's model (required)\n"
	    "  --baseline-version V     the baseline's model (default: the production\n"
	    "                           model; S@default: the default parameters)\n"
	    "  --validation-level L     basic, standard (default), rigorous, production\n"
	    "  --embargo DURATION       days left out after train_until (default 1d)\n"
	    "  --holdout-until DATE     the holdout's last day (default: the last game\n"
	    "                           with a result known at --now)\n"
	    "  --now TIME               what is known (default: the clock)\n"
	    "  --min-improvement P      points of ROI over the baseline (2.0)\n"
	    "  --min-roi P              the candidate's ROI, percent (2.0)\n"
	    "  --min-win-rate R         the candidate's win rate (0.52; breakeven: the\n"
	    "                           break-even rate of its prices)\n"
	    "  --min-sample N           settled bets of each version (50)\n"
	    "  --significance A         one-sided tests (0.05)\n"
	    "  --confidence C           intervals, and the deflated Sharpe ratio (0.95)\n"
	    "  --max-drawdown P         percent of the bankroll of 100 units (15)\n"
	    "  --min-sharpe S           daily over game days, times sqrt(--season-days) (0.8)\n"
	    "  --season-days N          game days in a year, the Sharpe ratio's year (186)\n"
	    "  --max-ruin P             probability of losing half the bankroll (0.05)\n"
	    "  --bootstrap N            resamples (2000); --seed S (1)\n"
	    "  --folds K                walk-forward folds (5); --periods K sub-periods (4)\n"
	    "  --evidence E             what improvement is judged on: close (expected\n"
	    "                           returns at the close), returns, or auto (default:\n"
	    "                           close when both versions have --min-sample bets\n"
	    "                           with a closing probability)\n"
	    "  --output-file FILE       the full report as JSON (written whole or not at all)\n"
	    "  --exit-status            exit 1 unless the decision is pass\n"
	    "  --no-store               models from the input only, never the store\n"
	    "  --reject FILE            write bad lines to FILE and go on\n"
	    "  --plan-holdout           no verdict: the holdout a retraining should keep\n"
	    "                           back, sized by the baseline's bets (a holdout record)\n"
	    "  --holdout-bets N         its baseline's settled bets, at least (100)\n"
	    "  --min-holdout-days D     its days, at least (21); --max-holdout-days D (90)\n"
	    "  -h, --help, --version\n\n"
	    "Models come from the input; one not there is read from the store\n"
	    "(RT_DATABASE_URL).  See rt-validate(1) and docs/validation.md.\n", stdout);
}

struct model {
	struct rt_json *doc;	/* owned, or NULL for the defaults */
	char version[128];
	int32_t train_from, train_until;	/* -1 without */
	int trials;
};

static int
model_dates(struct model *m, struct rt_buf *err)
{
	const char *k[2] = { "train_from", "train_until" };
	int32_t *d[2] = { &m->train_from, &m->train_until };
	int i;
	int64_t trials;

	m->train_from = m->train_until = -1;
	m->trials = 1;
	if (m->doc == NULL)
		return 0;
	for (i = 0; i < 2; i++) {
		const char *s = rt_json_str(rt_json_get(m->doc, k[i])), *why;

		if (s != NULL && rt_date_parse(s, strlen(s), d[i], &why) == -1) {
			rt_buf_addf(err, "model %s: \"%s\": %s", m->version, k[i], why);
			return -1;
		}
	}
	if (rt_json_int(rt_json_get(m->doc, "trials"), &trials) == 0 && trials >= 1 &&
	    trials < 1000000)
		m->trials = (int)trials;
	return 0;
}

/* A model of the store: by version, or the production one (version NULL). */
static struct rt_json *
store_model(PGconn **conn, const char *strategy, const char *version, int64_t now)
{
	char nowbuf[RT_TIME_BUFSZ];
	const char *params[3] = { strategy, nowbuf, version };
	PGresult *res;
	struct rt_json *doc = NULL;
	const char *why;
	int code;

	rt_time_format(now, nowbuf);
	if (*conn == NULL)
		*conn = rt_db_connect();
	/* a model whose record says it was made after --now is not known yet */
	res = version ?
	    rt_db_exec(*conn, PGRES_TUPLES_OK, &code, "reading the model",
	    "SELECT doc::text FROM models WHERE strategy = $1 AND version = $3 "
	    "AND (doc->>'created' IS NULL OR (doc->>'created')::timestamptz <= $2::timestamptz)",
	    3, params) :
	    rt_db_exec(*conn, PGRES_TUPLES_OK, &code, "reading the production model",
	    "SELECT doc::text FROM models WHERE strategy = $1 AND status = 'production' "
	    "AND (doc->>'created' IS NULL OR (doc->>'created')::timestamptz <= $2::timestamptz) "
	    "ORDER BY created DESC LIMIT 1", 2, params);
	if (res == NULL)
		exit(code);
	if (PQntuples(res) > 0) {
		const char *t = PQgetvalue(res, 0, 0);

		doc = rt_json_parse(NULL, t, strlen(t), &why, NULL);
		if (doc == NULL)
			rt_die(RT_EX_DATAERR, "the store's model %s: %s", version ? version : "", why);
	}
	PQclear(res);
	return doc;
}

static void
to_vset(const struct rt_bets *bets, struct rt_vset *out)
{
	size_t i;

	for (i = 0; i < bets->n; i++) {
		const struct rt_bet *b = &bets->v[i];
		struct rt_vbet v;

		if (b->status != RT_BET_WIN && b->status != RT_BET_LOSS && b->status != RT_BET_PUSH)
			continue;
		memset(&v, 0, sizeof v);
		snprintf(v.game, sizeof v.game, "%s", b->g->id);
		v.date = b->g->date;
		v.t = b->placed;
		v.book = b->book;
		v.stake = b->stake;
		v.profit = b->profit;
		v.dec = rt_odds_decimal(b->odds);
		v.cev = isnan(b->close_prob) ? NAN : rt_odds_close_ev(b->odds, b->close_prob);
		v.outcome = b->status == RT_BET_WIN ? 1 : b->status == RT_BET_LOSS ? 0 : -1;
		rt_vset_add(out, &v);
	}
}

static void
backtest(const struct rt_games *gs, const struct rt_strategy *s, const struct model *m,
    int32_t from, int32_t until, int64_t now, struct rt_vset *out)
{
	double p[64];
	struct rt_bt_opts o;
	struct rt_bets bets;
	struct rt_buf err = RT_BUF_INIT;
	const struct rt_json *params = m->doc ? rt_json_get(m->doc, "params") : NULL;

	rt_params_defaults(s, p);
	if (params != NULL && rt_params_from_json(s, params, p, &err) == -1)
		rt_die(RT_EX_DATAERR, "model %s: %s", m->version, err.p);
	memset(&o, 0, sizeof o);
	o.s = s;
	o.params = p;
	o.bankroll = 100;
	o.kelly_fraction = 0.25;
	o.kelly_edge = 0.03;
	o.now = now;
	o.from = from;
	o.to = until;
	rt_bets_init(&bets);
	rt_backtest_run(gs, &o, &bets);
	to_vset(&bets, out);
	rt_bets_release(&bets);
	rt_buf_release(&err);
}

static void
summary(struct rt_jw *w, const char *key, const struct rt_vset *s)
{
	struct rt_vsum a;

	rt_vsum(s->v, s->n, &a);
	rt_jw_key(w, key);
	rt_jw_obj(w);
	rt_jw_key(w, "bets");
	rt_jw_int(w, a.n);
	rt_jw_key(w, "wins");
	rt_jw_int(w, a.wins);
	rt_jw_key(w, "losses");
	rt_jw_int(w, a.losses);
	rt_jw_key(w, "staked");
	rt_jw_num(w, a.staked);
	rt_jw_key(w, "profit");
	rt_jw_num(w, a.profit);
	rt_jw_key(w, "roi_pct");
	rt_jw_num(w, a.roi);
	rt_jw_key(w, "win_rate");
	rt_jw_num(w, a.wins + a.losses ? (double)a.wins / (double)(a.wins + a.losses) : NAN);
	rt_jw_key(w, "breakeven_rate");
	rt_jw_num(w, a.breakeven);
	rt_jw_end(w);
}

static void
date_member(struct rt_jw *w, const char *key, int32_t d)
{
	char buf[RT_DATE_BUFSZ];

	rt_jw_key(w, key);
	if (d < 0 && d != INT32_MIN) {
		rt_jw_null(w);
		return;
	}
	rt_date_format(d, buf);
	rt_jw_str(w, buf);
}

static void
verdict_members(struct rt_jw *w, const char *sname, const struct model *cand,
    const struct model *base, enum rt_vlevel level, const struct rt_vreport *rep, int32_t from,
    int32_t until, int64_t embargo, const struct rt_vset *cs, const struct rt_vset *bs)
{
	rt_jw_key(w, "kind");
	rt_jw_str(w, "verdict");
	rt_jw_key(w, "strategy");
	rt_jw_str(w, sname);
	rt_jw_key(w, "candidate");
	rt_jw_str(w, cand->version);
	rt_jw_key(w, "baseline");
	rt_jw_str(w, base->version);
	rt_jw_key(w, "level");
	rt_jw_str(w, rt_vlevel_name(level));
	rt_jw_key(w, "decision");
	rt_jw_str(w, rep->decision);
	rt_jw_key(w, "reason");
	rt_jw_str(w, rep->why);
	rt_jw_key(w, "holdout");
	rt_jw_obj(w);
	date_member(w, "from", from);
	date_member(w, "until", until >= from ? until : from - 1);
	rt_jw_end(w);
	rt_jw_key(w, "training");
	rt_jw_obj(w);
	date_member(w, "from", cand->train_from);
	date_member(w, "until", cand->train_until);
	rt_jw_end(w);
	rt_jw_key(w, "baseline_training");
	rt_jw_obj(w);
	date_member(w, "from", base->train_from);
	date_member(w, "until", base->train_until);
	rt_jw_end(w);
	rt_jw_key(w, "embargo_days");
	rt_jw_int(w, embargo / 86400);
	rt_jw_key(w, "comparison");
	rt_jw_str(w, rep->pairing);
	rt_jw_key(w, "evidence");
	rt_jw_str(w, rep->evidence);
	rt_jw_key(w, "shared_games");
	rt_jw_int(w, rep->shared);
	summary(w, "candidate_figures", cs);
	summary(w, "baseline_figures", bs);
	rt_jw_key(w, "checks");
	rt_vreport_checks(rep, w);
}

static void
settings(struct rt_jw *w, const struct rt_vcfg *cfg)
{
	rt_jw_key(w, "settings");
	rt_jw_obj(w);
	rt_jw_key(w, "min_improvement");
	rt_jw_num(w, cfg->min_improvement);
	rt_jw_key(w, "min_roi");
	rt_jw_num(w, cfg->min_roi);
	rt_jw_key(w, "min_win_rate");
	if (isnan(cfg->min_win_rate))
		rt_jw_str(w, "breakeven");
	else
		rt_jw_num(w, cfg->min_win_rate);
	rt_jw_key(w, "min_sample");
	rt_jw_int(w, cfg->min_sample);
	rt_jw_key(w, "significance");
	rt_jw_num(w, cfg->alpha);
	rt_jw_key(w, "confidence");
	rt_jw_num(w, cfg->confidence);
	rt_jw_key(w, "max_drawdown");
	rt_jw_num(w, cfg->max_drawdown);
	rt_jw_key(w, "min_sharpe");
	rt_jw_num(w, cfg->min_sharpe);
	rt_jw_key(w, "max_ruin");
	rt_jw_num(w, cfg->max_ruin);
	rt_jw_key(w, "ruin_level");
	rt_jw_num(w, cfg->ruin_level);
	rt_jw_key(w, "bankroll");
	rt_jw_num(w, cfg->bankroll);
	rt_jw_key(w, "bootstrap");
	rt_jw_int(w, cfg->bootstrap);
	rt_jw_key(w, "seed");
	rt_jw_int(w, (int64_t)cfg->seed);
	rt_jw_key(w, "folds");
	rt_jw_int(w, cfg->folds);
	rt_jw_key(w, "periods");
	rt_jw_int(w, cfg->periods);
	rt_jw_key(w, "season_days");
	rt_jw_int(w, cfg->season_days);
	rt_jw_key(w, "trials");
	rt_jw_int(w, cfg->trials);
	rt_jw_end(w);
}

/* Writes FILE whole or not at all: a temporary file beside it, renamed. */
static void
write_file(const char *path, const struct rt_buf *b)
{
	struct rt_buf tmp = RT_BUF_INIT;
	FILE *f;
	int ok;

	rt_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	if ((f = fopen(tmp.p, "w")) == NULL) {
		rt_die(RT_EX_IOERR, "--output-file: cannot create '%s': %s", tmp.p, strerror(errno));
		return;	/* not reached: for cppcheck */
	}
	ok = fwrite(b->p, 1, b->len, f) == b->len && fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp.p, path) != 0) {
		unlink(tmp.p);
		rt_die(RT_EX_IOERR, "--output-file: cannot write '%s': %s", path, strerror(errno));
	}
	rt_buf_release(&tmp);
}

/*
 * --plan-holdout: the holdout a retraining should keep back, sized by the
 * baseline's settled bets on the games of the input (rt_holdout_from).
 * One holdout record: the days, the bets, and the training window's end
 * (the day before the embargo that precedes the holdout).
 */
static int
plan_holdout(const char *sname, const struct rt_strategy *s, const struct rt_games *gs,
    const struct model *base, int64_t now, int64_t min_bets, int min_days, int max_days,
    int32_t embargo_days, struct rt_buf *out)
{
	struct rt_vset bs = { 0 };
	struct rt_jw w;
	int32_t last = INT32_MIN, first = INT32_MAX, from, *dates;
	char d1[RT_DATE_BUFSZ], d2[RT_DATE_BUFSZ], d3[RT_DATE_BUFSZ];
	int64_t have = 0;
	size_t i;

	for (i = 0; i < gs->n; i++)
		if (gs->v[i].has_result && gs->v[i].result_known <= now) {
			if (gs->v[i].date > last)
				last = gs->v[i].date;
			if (gs->v[i].date < first)
				first = gs->v[i].date;
		}
	if (last == INT32_MIN)
		rt_die(RT_EX_DATAERR, "no game with a result known at --now: no holdout to plan");
	/* never more than half the history given: the rest must train */
	if ((last - first + 1) / 2 < max_days)
		max_days = (last - first + 1) / 2 > 0 ? (last - first + 1) / 2 : 1;
	if (min_days > max_days)
		min_days = max_days;
	backtest(gs, s, base, last - max_days + 1, last, now, &bs);
	dates = rt_xmalloc((bs.n + 1) * sizeof *dates);
	for (i = 0; i < bs.n; i++)
		dates[i] = bs.v[i].date;
	from = rt_holdout_from(dates, bs.n, last, min_days, max_days, min_bets);
	for (i = 0; i < bs.n; i++)
		have += dates[i] >= from;
	free(dates);
	rt_date_format(from, d1);
	rt_date_format(last, d2);
	/* the training window ends before the embargo that precedes it */
	rt_date_format(from - 1 - embargo_days, d3);
	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind"); rt_jw_str(&w, "holdout");
	rt_jw_key(&w, "strategy"); rt_jw_str(&w, sname);
	rt_jw_key(&w, "baseline"); rt_jw_str(&w, base->version);
	rt_jw_key(&w, "from"); rt_jw_str(&w, d1);
	rt_jw_key(&w, "until"); rt_jw_str(&w, d2);
	rt_jw_key(&w, "days"); rt_jw_int(&w, last - from + 1);
	rt_jw_key(&w, "baseline_bets"); rt_jw_int(&w, have);
	rt_jw_key(&w, "enough"); rt_jw_bool(&w, have >= min_bets);
	rt_jw_key(&w, "train_until"); rt_jw_str(&w, d3);
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
	rt_vset_release(&bs);
	return RT_EX_OK;
}

int
main(int argc, char *argv[])
{
	enum { O_STRATEGY = 256, O_CAND, O_BASE, O_LEVEL, O_EMBARGO, O_UNTIL, O_NOW, O_MINIMP,
		O_MINROI, O_MINWR, O_MINSAMPLE, O_SIG, O_CONF, O_MAXDD, O_MINSHARPE, O_MAXRUIN,
		O_BOOT, O_SEED, O_FOLDS, O_PERIODS, O_OUT, O_EXIT, O_NOSTORE, O_REJECT, O_VERSION,
		O_SEASONDAYS, O_PLAN, O_HBETS, O_HMIN, O_HMAX, O_EVID };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ "strategy", required_argument, NULL, O_STRATEGY },
		{ "candidate-version", required_argument, NULL, O_CAND },
		{ "baseline-version", required_argument, NULL, O_BASE },
		{ "validation-level", required_argument, NULL, O_LEVEL },
		{ "embargo", required_argument, NULL, O_EMBARGO },
		{ "holdout-until", required_argument, NULL, O_UNTIL },
		{ "now", required_argument, NULL, O_NOW },
		{ "min-improvement", required_argument, NULL, O_MINIMP },
		{ "min-roi", required_argument, NULL, O_MINROI },
		{ "min-win-rate", required_argument, NULL, O_MINWR },
		{ "min-sample", required_argument, NULL, O_MINSAMPLE },
		{ "significance", required_argument, NULL, O_SIG },
		{ "confidence", required_argument, NULL, O_CONF },
		{ "max-drawdown", required_argument, NULL, O_MAXDD },
		{ "min-sharpe", required_argument, NULL, O_MINSHARPE },
		{ "max-ruin", required_argument, NULL, O_MAXRUIN },
		{ "bootstrap", required_argument, NULL, O_BOOT },
		{ "seed", required_argument, NULL, O_SEED },
		{ "folds", required_argument, NULL, O_FOLDS },
		{ "periods", required_argument, NULL, O_PERIODS },
		{ "season-days", required_argument, NULL, O_SEASONDAYS },
		{ "output-file", required_argument, NULL, O_OUT },
		{ "exit-status", no_argument, NULL, O_EXIT },
		{ "no-store", no_argument, NULL, O_NOSTORE },
		{ "reject", required_argument, NULL, O_REJECT },
		{ "plan-holdout", no_argument, NULL, O_PLAN },
		{ "evidence", required_argument, NULL, O_EVID },
		{ "holdout-bets", required_argument, NULL, O_HBETS },
		{ "min-holdout-days", required_argument, NULL, O_HMIN },
		{ "max-holdout-days", required_argument, NULL, O_HMAX },
		{ NULL, 0, NULL, 0 }
	};
	const char *sname = NULL, *cand_v = NULL, *base_v = NULL, *out_path = NULL;
	const char *reject = NULL, *why;
	const struct rt_strategy *s;
	struct rt_vcfg cfg;
	enum rt_vlevel level = RT_V_STANDARD;
	int64_t embargo = 86400, now, until_arg = -1;
	int c, rc, exit_status = 0, no_store = 0, plan = 0, hmin = 21, hmax = 90;
	int64_t hbets = 100;
	struct rt_games gs;
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_buf err = RT_BUF_INIT, out = RT_BUF_INIT;
	struct model cand, base;
	struct rt_vset cs = { 0 }, bs = { 0 };
	struct rt_vreport rep;
	PGconn *conn = NULL;
	int32_t from, until = INT32_MIN, *gamedays = NULL;
	size_t i, ngd = 0, capgd = 0;

	rt_err_init(argv[0]);
	rt_opt_synopsis(SYNOPSIS);
	rt_vcfg_defaults(&cfg);
	now = rt_time_clock();
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			rt_exit_stdout();
		case O_VERSION:
			rt_print_version();
			rt_exit_stdout();
		case O_STRATEGY: sname = optarg; break;
		case O_CAND: cand_v = optarg; break;
		case O_BASE: base_v = optarg; break;
		case O_LEVEL:
			if (rt_vlevel_parse(optarg, &level) == -1) {
				rt_warnx("--validation-level '%s': expected basic, standard, rigorous "
				    "or production", optarg);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case O_EMBARGO:
			if (rt_duration_parse(optarg, strlen(optarg), &embargo, &why) == -1 ||
			    embargo % 86400 != 0) {
				rt_warnx("--embargo '%s': expected whole days (7d)", optarg);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case O_UNTIL: {
			int32_t d;

			if (rt_date_parse(optarg, strlen(optarg), &d, &why) == -1) {
				rt_warnx("--holdout-until '%s': %s", optarg, why);
				rt_usage_die(SYNOPSIS);
			}
			until_arg = d;
			break;
		}
		case O_NOW:
			if (rt_now_parse(optarg, &now, &why) == -1) {
				rt_warnx("--now '%s': %s", optarg, why);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case O_MINIMP: cfg.min_improvement = rt_opt_num("--min-improvement", optarg, -100, 1000); break;
		case O_MINROI: cfg.min_roi = rt_opt_num("--min-roi", optarg, -100, 1000); break;
		case O_MINWR:
			cfg.min_win_rate = strcmp(optarg, "breakeven") == 0 ? NAN :
			    rt_opt_num("--min-win-rate", optarg, 0, 1);
			break;
		case O_MINSAMPLE: cfg.min_sample = rt_opt_int("--min-sample", optarg, 2, 100000000); break;
		case O_SIG: cfg.alpha = rt_opt_num("--significance", optarg, 1e-9, 0.5); break;
		case O_CONF: cfg.confidence = rt_opt_num("--confidence", optarg, 0.5, 0.999999); break;
		case O_MAXDD: cfg.max_drawdown = rt_opt_num("--max-drawdown", optarg, 0, 100); break;
		case O_MINSHARPE: cfg.min_sharpe = rt_opt_num("--min-sharpe", optarg, -100, 100); break;
		case O_MAXRUIN: cfg.max_ruin = rt_opt_num("--max-ruin", optarg, 0, 1); break;
		case O_BOOT: cfg.bootstrap = (int)rt_opt_int("--bootstrap", optarg, 100, 1000000); break;
		case O_SEED: cfg.seed = (uint64_t)rt_opt_int("--seed", optarg, 0, 4294967295LL); break;
		case O_FOLDS: cfg.folds = (int)rt_opt_int("--folds", optarg, 2, 64); break;
		case O_PERIODS: cfg.periods = (int)rt_opt_int("--periods", optarg, 2, 64); break;
		case O_SEASONDAYS: cfg.season_days = (int)rt_opt_int("--season-days", optarg, 1, 366); break;
		case O_OUT: out_path = optarg; break;
		case O_EXIT: exit_status = 1; break;
		case O_NOSTORE: no_store = 1; break;
		case O_REJECT: reject = optarg; break;
		case O_PLAN: plan = 1; break;
		case O_EVID:
			if (strcmp(optarg, "auto") == 0)
				cfg.evidence = RT_EVIDENCE_AUTO;
			else if (strcmp(optarg, "close") == 0)
				cfg.evidence = RT_EVIDENCE_CLOSE;
			else if (strcmp(optarg, "returns") == 0)
				cfg.evidence = RT_EVIDENCE_RETURNS;
			else {
				rt_warnx("--evidence '%s': auto, close or returns", optarg);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case O_HBETS: hbets = rt_opt_int("--holdout-bets", optarg, 1, 1000000); break;
		case O_HMIN: hmin = (int)rt_opt_int("--min-holdout-days", optarg, 1, 3660); break;
		case O_HMAX: hmax = (int)rt_opt_int("--max-holdout-days", optarg, 1, 3660); break;
		default: rt_usage_die(SYNOPSIS);
		}
	}
	if (plan && (cand_v != NULL || hmin > hmax)) {
		rt_warnx(cand_v ? "--plan-holdout takes no --candidate-version" :
		    "--min-holdout-days is above --max-holdout-days");
		rt_usage_die(SYNOPSIS);
	}
	if (plan)
		cand_v = "";	/* no candidate: matches no model */
	if (sname == NULL || cand_v == NULL) {
		rt_warnx("--strategy and --candidate-version are required");
		rt_usage_die(SYNOPSIS);
	}
	if ((s = rt_strategy_find(sname)) == NULL) {
		rt_warnx("unknown strategy '%s' (see rt-backtest --list-strategies)", sname);
		rt_usage_die(SYNOPSIS);
		return RT_EX_USAGE;	/* not reached: for cppcheck */
	}
	if (s->nparams > 64)
		rt_die(RT_EX_SOFTWARE, "%s has more parameters than rt-validate holds", s->name);

	/* games and models from the input */
	memset(&cand, 0, sizeof cand);
	memset(&base, 0, sizeof base);
	snprintf(cand.version, sizeof cand.version, "%s", cand_v);
	rt_games_init(&gs);
	rt_reader_init(&in, argv + optind, (size_t)(argc - optind), reject, 0,
	    RT_KIND_BIT(RT_KIND_GAME) | RT_KIND_BIT(RT_KIND_MODEL));
	while ((rec = rt_reader_next(&in)) != NULL) {
		rt_buf_reset(&err);
		if (rec->kind == RT_KIND_GAME) {
			if (rt_games_add(&gs, rec->json, &err) == -1 &&
			    !rt_reader_reject(&in, "%s", err.p))
				break;
			continue;
		} else {
			const char *ms = rt_json_str(rt_json_get(rec->json, "strategy"));
			const char *mv = rt_json_str(rt_json_get(rec->json, "version"));
			const char *st = rt_json_str(rt_json_get(rec->json, "status"));
			struct model *m = NULL;

			if (ms == NULL || mv == NULL) {
				if (!rt_reader_reject(&in, "a model needs \"strategy\" and \"version\""))
					break;
				continue;
			}
			if (strcmp(ms, sname) != 0)
				continue;
			{
				const struct rt_json *crv = rt_json_get(rec->json, "created");
				const char *cr = rt_json_str(crv);
				int64_t t;

				if (crv != NULL && rt_json_type(crv) != RT_JSON_NULL &&
				    (cr == NULL || rt_time_parse(cr, strlen(cr), &t, &why) == -1)) {
					if (!rt_reader_reject(&in, "\"created\" is not a time "
					    "(YYYY-MM-DDTHH:MM:SSZ)"))
						break;
					continue;
				}
				if (cr != NULL && t > now)
					continue;	/* made after --now: not known then */
			}
			/* the production model read earlier is no longer production */
			if (base_v == NULL && base.doc != NULL && strcmp(mv, base.version) == 0 &&
			    (st == NULL || strcmp(st, "production") != 0)) {
				rt_json_free(base.doc);
				base.doc = NULL;
			}
			/* a later record of a model wins; one model may be both */
			for (m = &cand; m != NULL; m = m == &cand ? &base : NULL) {
				int match = m == &cand ? strcmp(mv, cand_v) == 0 :
				    base_v ? strcmp(mv, base_v) == 0 :
				    st != NULL && strcmp(st, "production") == 0;

				if (!match)
					continue;
				rt_json_free(m->doc);
				m->doc = rt_json_parse(NULL, rec->text, rec->len, &why, NULL);
				snprintf(m->version, sizeof m->version, "%s", mv);
			}
		}
	}
	rc = rt_reader_status(&in);
	rt_reader_release(&in);
	if (rt_input_stops(rc, reject != NULL))
		goto done;
	rt_games_sort(&gs);

	/* models missing from the input: the store */
	if (plan)
		;	/* no candidate */
	else if (cand.doc == NULL && !no_store)
		cand.doc = store_model(&conn, sname, cand_v, now);
	if (cand.doc == NULL && !plan)
		rt_die(RT_EX_DATAERR, "no model %s of %s in the input%s", cand_v, sname,
		    no_store ? "" : " or the store");
	if (base.doc == NULL && base_v != NULL) {
		char dflt[96];

		snprintf(dflt, sizeof dflt, "%s@default", sname);
		if (strcmp(base_v, dflt) != 0) {
			if (!no_store)
				base.doc = store_model(&conn, sname, base_v, now);
			if (base.doc == NULL)
				rt_die(RT_EX_DATAERR, "no model %s of %s in the input%s", base_v, sname,
				    no_store ? "" : " or the store");
		}
		snprintf(base.version, sizeof base.version, "%s", base_v);
	} else if (base.doc == NULL) {
		if (!no_store)
			base.doc = store_model(&conn, sname, NULL, now);
		if (base.doc != NULL)
			snprintf(base.version, sizeof base.version, "%s",
			    rt_json_str(rt_json_get(base.doc, "version")) ?
			    rt_json_str(rt_json_get(base.doc, "version")) : "?");
		else
			snprintf(base.version, sizeof base.version, "%s@default", sname);
	}
	if (conn != NULL)
		PQfinish(conn);
	if (model_dates(&cand, &err) == -1 || model_dates(&base, &err) == -1)
		rt_die(RT_EX_DATAERR, "%s", err.p);
	if (plan) {
		rc = plan_holdout(sname, s, &gs, &base, now, hbets, hmin, hmax,
		    (int32_t)(embargo / 86400), &out);
		goto done;
	}
	cfg.trials = cand.trials;
	if (cand.train_until < 0)
		rt_die(RT_EX_DATAERR, "model %s has no train_until: its holdout cannot be known",
		    cand_v);

	/* the holdout: after train_until and the embargo, up to the last game
	 * whose result was known at --now (or --holdout-until) */
	from = cand.train_until + 1 + (int32_t)(embargo / 86400);
	for (i = 0; i < gs.n; i++)
		if (gs.v[i].has_result && gs.v[i].result_known <= now && gs.v[i].date > until)
			until = gs.v[i].date;
	if (until_arg >= 0 && (until == INT32_MIN || until_arg < until))
		until = (int32_t)until_arg;
	if (until == INT32_MIN || until < from)
		until = from - 1;	/* empty: inconclusive */
	/* never on data it was trained on */
	if (cand.train_from >= 0 && until >= cand.train_from && from <= cand.train_until)
		rt_die(RT_EX_SOFTWARE, "the holdout overlaps the candidate's training");

	if (until >= from) {
		backtest(&gs, s, &cand, from, until, now, &cs);
		backtest(&gs, s, &base, from, until, now, &bs);
	}
	/* the holdout's game days (games are sorted by date) */
	for (i = 0; i < gs.n; i++)
		if (gs.v[i].date >= from && gs.v[i].date <= until &&
		    (ngd == 0 || gamedays[ngd - 1] != gs.v[i].date)) {
			if (ngd == capgd) {
				capgd = capgd ? 2 * capgd : 256;
				gamedays = rt_xrealloc(gamedays, capgd * sizeof *gamedays);
			}
			gamedays[ngd++] = gs.v[i].date;
		}
	rt_validate(&cfg, level, &cs, &bs, from, until, gamedays, ngd, &rep);

	/* the verdict; the full report adds the settings it ran with */
	{
		struct rt_jw w;

		rt_jw_init(&w, &out);
		rt_jw_obj(&w);
		verdict_members(&w, sname, &cand, &base, level, &rep, from, until, embargo, &cs, &bs);
		rt_jw_end(&w);
		rt_buf_addc(&out, '\n');
		if (out_path != NULL) {
			struct rt_buf full = RT_BUF_INIT;

			rt_jw_init(&w, &full);
			rt_jw_obj(&w);
			verdict_members(&w, sname, &cand, &base, level, &rep, from, until, embargo,
			    &cs, &bs);
			settings(&w, &cfg);
			rt_jw_end(&w);
			rt_buf_addc(&full, '\n');
			write_file(out_path, &full);
			rt_buf_release(&full);
		}
	}
	if (rc == RT_EX_OK && exit_status && strcmp(rep.decision, "pass") != 0)
		rc = RT_EX_COND;
done:
	if (out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len)
		rc = RT_EX_IOERR;
	free(gamedays);
	rt_vset_release(&cs);
	rt_vset_release(&bs);
	rt_json_free(cand.doc);
	rt_json_free(base.doc);
	rt_games_release(&gs);
	rt_buf_release(&err);
	rt_buf_release(&out);
	if (rt_close_stdout() == -1)
		rc = RT_EX_IOERR;
	return rc;
}
