/*
 * rt-rollout: moves a validated candidate into production step by step,
 * with an A/B comparison against the production version and automatic
 * rollback (issue 8; docs/rollout.md, rt-rollout(1)).
 *
 *	rt-rollout start    --strategy S [--candidate V] [plan options] [FILE...]
 *	rt-rollout assign   [--strategy S] [--horizon-hours H] [FILE...]
 *	rt-rollout step     [--strategy S] [--verbose] [FILE...]
 *	rt-rollout rollback|promote|pause|resume --strategy S --reason R [FILE...]
 *	rt-rollout status   [--strategy S] [FILE...]
 *
 * A rollout is a list of events: every change is one `rollout` record
 * (rollout_id, seq), and the state of a rollout is its latest record.
 * The program reads the records it needs (rollout, model, verdict,
 * assignment, bet, game) from its input, or with --store from the store,
 * and writes the changes: rollout records, the model records whose status
 * changed, assignment records.  With --store the changes go through one
 * `rt-store import`, one transaction, under an advisory lock.  Every
 * decision is a function of the records and --now: the same step run twice
 * at the same --now writes the same records, which change nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt_assign.h"
#include "rt_buf.h"
#include "rt_db.h"
#include "rt_err.h"
#include "rt_hash.h"
#include "rt_json.h"
#include "rt_ndjson.h"
#include "rt_odds.h"
#include "rt_opt.h"
#include "rt_rollout.h"
#include "rt_time.h"

static const char SYNOPSIS[] =
    "rt-rollout start --strategy S [--candidate V] [--force] [--reason R]\n"
    "                  [--ab-test-traffic-pct P] [--ab-test-duration-hours H]\n"
    "                  [--rollout-stages P,P,...] [--rollout-stage-duration-hours H]\n"
    "                  [--max-stage-hours H] [--min-bets N] [--significance A]\n"
    "                  [--margin-pct M] [--effect-pct E] [--close-effect-pct E]\n"
    "                  [--min-close-games N] [--min-improvement-pct I] [--max-drawdown-pct D]\n"
    "                  [--min-clv-pct C] [--srm-significance A] [COMMON] [FILE...]\n"
    "       rt-rollout assign [--strategy S] [--horizon-hours H] [COMMON] [FILE...]\n"
    "       rt-rollout step [--strategy S] [COMMON] [FILE...]\n"
    "       rt-rollout rollback|promote|pause|resume --strategy S --reason R\n"
    "                  [--candidate V] [COMMON] [FILE...]\n"
    "       rt-rollout status [--strategy S] [COMMON] [FILE...]\n"
    "       rt-rollout plan --strategy S [plan options] [COMMON] [FILE...]\n"
    "  COMMON: [--now TIME] [--store [--wait SECS]] [--verbose] [--reject FILE]";

static void
help(void)
{
	printf("usage: %s\n\n", SYNOPSIS);
	fputs("Stages a candidate version into production: an A/B test against the\n"
	    "production version, then a growing share of games, with automatic rollback.\n\n"
	    "  start      from a pass verdict, the candidate's rollout begins (stage 0,\n"
	    "             the A/B test); the candidate's model becomes canary\n"
	    "  assign     assignment records for the games that start within the\n"
	    "             horizon and have none: the arm is a hash of game and rollout\n"
	    "  step       looks at every active rollout: advance, promote, roll back,\n"
	    "             pause, or nothing (docs/rollout.md has the rules)\n"
	    "  rollback   the active rollout is rolled back; without one, production\n"
	    "             goes back to the previous production version\n"
	    "  promote    the active rollout's candidate (or --candidate V, with no\n"
	    "             rollout) becomes production now\n"
	    "  pause, resume  stop or restart a rollout's advance (rollback still acts)\n"
	    "  status     the latest record of each rollout\n"
	    "  plan       what a rollout of the strategy can decide, and in how many\n"
	    "             days: from production's bet rate and closing-line spread\n\n"
	    "  --strategy S           the strategy (start and the hand commands: required)\n"
	    "  --candidate V          the version (start: default, the candidate of the\n"
	    "                         last pass verdict read)\n"
	    "  --reason R             why, kept in the record\n"
	    "  --force                start without a pass verdict\n"
	    "  --ab-test-traffic-pct P     share of games in the A/B test (20; 0: none)\n"
	    "  --ab-test-duration-hours H  its least duration (72)\n"
	    "  --rollout-stages LIST       shares of the stages (10,25,50,100; a stage\n"
	    "                              not above the A/B share is skipped)\n"
	    "  --rollout-stage-duration-hours H  least duration of each stage (24)\n"
	    "  --max-stage-hours H    a stage still undecided after H hours pauses (672)\n"
	    "  --min-bets N           each version's settled bets before a test (30)\n"
	    "  --significance A       of the worse and not-worse tests (0.05)\n"
	    "  --margin-pct M         not worse: lower bound above -M points a game (1)\n"
	    "  --effect-pct E         scale of the returns' sequential test (5)\n"
	    "  --close-effect-pct E   scale of the closing-line sequential test (2)\n"
	    "  --min-close-games N    games with closing prices before that test (20)\n"
	    "  --min-improvement-pct I  promotion: the estimate at least I points (2)\n"
	    "  --max-drawdown-pct D   guardrail: the candidate's live drawdown (30)\n"
	    "  --min-clv-pct C        guardrail: the candidate's mean CLV (-2)\n"
	    "  --srm-significance A   the sample-ratio check (0.001)\n"
	    "  --horizon-hours H      assign games starting within H hours (36)\n"
	    "  --now TIME             what is known, and the time of the change\n"
	    "  --store                read from the store and write through rt-store\n"
	    "                         import (one transaction, advisory lock: exit 75\n"
	    "                         when another run holds it)\n"
	    "  --wait SECS            with --store: wait up to SECS for the lock (default:\n"
	    "                         none, exit 75 at once)\n"
	    "  --verbose              say on stderr what each rollout waits for\n"
	    "  --reject FILE          set bad input lines aside, go on (exit 65 at end)\n"
	    "  -h, --help, --version\n\n"
	    "Reads rollout, model, verdict, assignment, bet and game records; writes\n"
	    "rollout, model and assignment records.  Exit 0 done, 64 usage, 65 bad input\n"
	    "or a change the records do not allow, 69 store unavailable, 74 I/O, 75 lock\n"
	    "held.  See rt-rollout(1).\n", stdout);
}

enum cmd { C_START, C_ASSIGN, C_STEP, C_ROLLBACK, C_PROMOTE, C_PAUSE, C_RESUME, C_STATUS,
	C_PLAN };
static const char *const CMDS[] = { "start", "assign", "step", "rollback", "promote",
	"pause", "resume", "status", "plan", NULL };

/* ---- what the input holds ------------------------------------------- */

struct rollout {
	char *id, *strategy, *candidate, *baseline, *doc;
	int64_t seq, at, started, stage_started;
	int64_t srm_since;	/* the sample-ratio check counts assignments from then */
	int stage;
	double pct;
	enum rt_ro_state state;
	enum rt_ro_pause paused_by;	/* what paused it: whether rules may resume */
	struct rt_rollout_plan plan;
};

struct model {
	char *strategy, *version, *status, *doc;
	int64_t status_at;	/* INT64_MIN when the record has none */
};

struct verdict {
	char *strategy, *candidate, *baseline, *decision, *level;
};

struct bet {
	char *strategy, *version, *game_id;
	int64_t placed;
	double stake, profit, clv;
	double cev;		/* expected return at the close; NAN without */
	int settled;
};

struct game {
	char *id;
	int64_t start;
	int32_t date;
	size_t seq;
};

#define VEC(T) struct { T *v; size_t n, cap; }
#define PUSH(vec) (((vec).n == (vec).cap ? ((vec).cap = (vec).cap ? 2 * (vec).cap : 64, \
	(vec).v = rt_xrealloc((vec).v, (vec).cap * sizeof *(vec).v)) : 0), \
	memset(&(vec).v[(vec).n], 0, sizeof *(vec).v), &(vec).v[(vec).n++])

static VEC(struct rollout) rollouts;
static VEC(struct model) models;
static VEC(struct verdict) verdicts;
static struct rt_assigns assigns;
static VEC(struct bet) bets;
static VEC(struct game) games;

static struct rt_buf out = RT_BUF_INIT;	/* the changes, NDJSON */
static int64_t now;
static int verbose;

static char *
xstrndup(const char *s, size_t n)
{
	char *p = rt_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *
str_or_null(const struct rt_json *o, const char *key)
{
	const char *s = rt_json_str(rt_json_get(o, key));

	return s ? rt_xstrdup(s) : NULL;
}

static int
time_field(const struct rt_json *o, const char *key, int64_t *t)
{
	const char *s = rt_json_str(rt_json_get(o, key)), *why;

	if (s == NULL)
		return -1;
	return rt_time_parse(s, strlen(s), t, &why);
}

static int
num_field(const struct rt_json *o, const char *key, double *d)
{
	return rt_json_num(rt_json_get(o, key), d);
}

static void
plan_read(const struct rt_json *pj, struct rt_rollout_plan *p)
{
	const struct rt_json *st, *e;
	double d;

	rt_rollout_plan_default(p);
	if (pj == NULL)
		return;
	num_field(pj, "ab_test_traffic_pct", &p->ab_pct);
	num_field(pj, "ab_test_duration_hours", &p->ab_hours);
	num_field(pj, "rollout_stage_duration_hours", &p->stage_hours);
	num_field(pj, "max_stage_hours", &p->max_stage_hours);
	if (num_field(pj, "min_bets", &d) == 0)
		p->min_bets = (int)d;
	num_field(pj, "significance", &p->significance);
	num_field(pj, "margin_pct", &p->margin_pct);
	num_field(pj, "effect_pct", &p->effect_pct);
	num_field(pj, "close_effect_pct", &p->close_effect_pct);
	if (num_field(pj, "min_close_games", &d) == 0)
		p->min_close_games = (int)d;
	num_field(pj, "min_improvement_pct", &p->min_improvement_pct);
	num_field(pj, "max_drawdown_pct", &p->max_drawdown_pct);
	num_field(pj, "min_clv_pct", &p->min_clv_pct);
	num_field(pj, "srm_significance", &p->srm_significance);
	if ((st = rt_json_get(pj, "rollout_stages")) != NULL &&
	    rt_json_type(st) == RT_JSON_ARRAY) {
		p->nstages = 0;
		for (e = rt_json_first(st); e != NULL && p->nstages < RT_RO_MAXSTAGES;
		    e = rt_json_next(e))
			if (rt_json_num(e, &d) == 0)
				p->stages[p->nstages++] = d;
	}
}

static void
plan_write(struct rt_jw *w, const struct rt_rollout_plan *p)
{
	int i;

	rt_jw_obj(w);
	rt_jw_key(w, "ab_test_traffic_pct"); rt_jw_num(w, p->ab_pct);
	rt_jw_key(w, "ab_test_duration_hours"); rt_jw_num(w, p->ab_hours);
	rt_jw_key(w, "rollout_stages");
	rt_jw_arr(w);
	for (i = 0; i < p->nstages; i++)
		rt_jw_num(w, p->stages[i]);
	rt_jw_end(w);
	rt_jw_key(w, "rollout_stage_duration_hours"); rt_jw_num(w, p->stage_hours);
	rt_jw_key(w, "max_stage_hours"); rt_jw_num(w, p->max_stage_hours);
	rt_jw_key(w, "min_bets"); rt_jw_int(w, p->min_bets);
	rt_jw_key(w, "significance"); rt_jw_num(w, p->significance);
	rt_jw_key(w, "margin_pct"); rt_jw_num(w, p->margin_pct);
	rt_jw_key(w, "effect_pct"); rt_jw_num(w, p->effect_pct);
	rt_jw_key(w, "close_effect_pct"); rt_jw_num(w, p->close_effect_pct);
	rt_jw_key(w, "min_close_games"); rt_jw_int(w, p->min_close_games);
	rt_jw_key(w, "min_improvement_pct"); rt_jw_num(w, p->min_improvement_pct);
	rt_jw_key(w, "max_drawdown_pct"); rt_jw_num(w, p->max_drawdown_pct);
	rt_jw_key(w, "min_clv_pct"); rt_jw_num(w, p->min_clv_pct);
	rt_jw_key(w, "srm_significance"); rt_jw_num(w, p->srm_significance);
	rt_jw_end(w);
}

/* Reads one record into the tables; 0, or -1 with a reason. */
static int
take(const struct rt_record *r, struct rt_buf *why)
{
	const struct rt_json *o = r->json;
	const char *s;
	int64_t n;
	double d;

	switch (r->kind) {
	case RT_KIND_ROLLOUT: {
		struct rollout x;

		memset(&x, 0, sizeof x);
		x.strategy = str_or_null(o, "strategy");
		x.candidate = str_or_null(o, "candidate");
		x.baseline = str_or_null(o, "baseline");
		x.id = str_or_null(o, "rollout_id");
		s = rt_json_str(rt_json_get(o, "state"));
		if (x.strategy == NULL || x.candidate == NULL || x.id == NULL || s == NULL ||
		    rt_rollout_state_parse(s, &x.state) == -1 ||
		    time_field(o, "at", &x.at) == -1) {
			rt_buf_adds(why, "a rollout record needs strategy, candidate, rollout_id,"
			    " state and at (rt-rollout writes them)");
			free(x.strategy); free(x.candidate); free(x.baseline); free(x.id);
			return -1;
		}
		if (x.at > now) {	/* not happened yet */
			free(x.strategy); free(x.candidate); free(x.baseline); free(x.id);
			return 0;
		}
		x.seq = rt_json_int(rt_json_get(o, "seq"), &n) == 0 ? n : 0;
		x.stage = rt_json_int(rt_json_get(o, "stage"), &n) == 0 ? (int)n : 0;
		if (time_field(o, "started", &x.started) == -1)
			x.started = x.at;
		if (time_field(o, "stage_started", &x.stage_started) == -1)
			x.stage_started = x.at;
		if (time_field(o, "srm_since", &x.srm_since) == -1)
			x.srm_since = x.started;
		plan_read(rt_json_get(o, "plan"), &x.plan);
		/* a pause of a record without pause_rule (before issue 16) is
		 * the operator's: the rules never end it */
		x.paused_by = RT_PAUSE_NONE;
		if (x.state == RT_RO_PAUSED &&
		    ((s = rt_json_str(rt_json_get(o, "pause_rule"))) == NULL ||
		    rt_rollout_pause_parse(s, &x.paused_by) == -1))
			x.paused_by = RT_PAUSE_OPERATOR;
		x.pct = num_field(o, "traffic_pct", &d) == 0 ? d :
		    rt_rollout_stage_pct(&x.plan, x.stage);
		x.doc = xstrndup(r->text, r->len);
		*PUSH(rollouts) = x;
		return 0;
	}
	case RT_KIND_MODEL: {
		struct model *m;
		int64_t t;

		if (rt_json_str(rt_json_get(o, "strategy")) == NULL ||
		    rt_json_str(rt_json_get(o, "version")) == NULL) {
			rt_buf_adds(why, "a model record needs strategy and version");
			return -1;
		}
		if (time_field(o, "created", &t) == 0 && t > now)
			return 0;
		m = PUSH(models);
		m->strategy = str_or_null(o, "strategy");
		m->version = str_or_null(o, "version");
		m->status = str_or_null(o, "status");
		if (m->status == NULL)
			m->status = rt_xstrdup("candidate");
		if (time_field(o, "status_at", &m->status_at) == -1)
			m->status_at = INT64_MIN;
		m->doc = xstrndup(r->text, r->len);
		return 0;
	}
	case RT_KIND_VERDICT: {
		struct verdict *v = PUSH(verdicts);

		v->strategy = str_or_null(o, "strategy");
		v->candidate = str_or_null(o, "candidate");
		v->baseline = str_or_null(o, "baseline");
		v->decision = str_or_null(o, "decision");
		v->level = str_or_null(o, "level");
		if (v->strategy == NULL || v->candidate == NULL || v->decision == NULL) {
			rt_buf_adds(why, "a verdict record needs strategy, candidate and decision");
			verdicts.n--;
			free(v->strategy); free(v->candidate); free(v->baseline);
			free(v->decision); free(v->level);
			return -1;
		}
		return 0;
	}
	case RT_KIND_ASSIGNMENT:
		return rt_assigns_add(&assigns, o, NULL, why);
	case RT_KIND_BET: {
		struct bet *b;
		long odds = 0, close = 0;
		int64_t t;

		s = rt_json_str(rt_json_get(o, "status"));
		if (rt_json_str(rt_json_get(o, "strategy")) == NULL ||
		    rt_json_str(rt_json_get(o, "version")) == NULL ||
		    rt_json_str(rt_json_get(o, "game_id")) == NULL || s == NULL) {
			rt_buf_adds(why, "a bet needs strategy, version, game_id and status");
			return -1;
		}
		if (time_field(o, "placed", &t) == -1) {
			const char *ds = rt_json_str(rt_json_get(o, "date")), *e;
			int32_t day;

			if (ds == NULL || rt_date_parse(ds, strlen(ds), &day, &e) == -1) {
				rt_buf_adds(why, "a bet needs placed or date");
				return -1;
			}
			t = rt_date_time(day);
		}
		if (t > now)
			return 0;
		b = PUSH(bets);
		b->strategy = str_or_null(o, "strategy");
		b->version = str_or_null(o, "version");
		b->game_id = str_or_null(o, "game_id");
		b->placed = t;
		b->settled = strcmp(s, "win") == 0 || strcmp(s, "loss") == 0 ||
		    strcmp(s, "push") == 0;
		if (num_field(o, "stake", &b->stake) == -1)
			b->stake = 1;
		if (num_field(o, "profit", &b->profit) == -1)
			b->profit = 0;
		b->clv = b->cev = NAN;
		if (rt_json_int(rt_json_get(o, "odds"), &n) == 0)
			odds = (long)n;
		if (rt_json_get(o, "close_prob") != NULL &&
		    rt_json_type(rt_json_get(o, "close_prob")) != RT_JSON_NULL) {
			/* a probability at the line, or bad input */
			if (num_field(o, "close_prob", &d) == -1 || !(d > 0 && d < 1)) {
				rt_buf_adds(why, "a bet's \"close_prob\" must be a probability in (0, 1)");
				bets.n--;
				free(b->strategy); free(b->version); free(b->game_id);
				return -1;
			}
			b->cev = rt_odds_close_ev(odds, d);
		}
		if (rt_json_int(rt_json_get(o, "close_odds"), &n) == 0)
			close = (long)n;
		if (rt_odds_valid(odds) && rt_odds_valid(close))
			b->clv = 100 * (rt_odds_decimal(odds) / rt_odds_decimal(close) - 1);
		if (!(isfinite(b->stake) && isfinite(b->profit))) {
			rt_buf_adds(why, "a bet's stake and profit must be numbers");
			bets.n--;
			free(b->strategy); free(b->version); free(b->game_id);
			return -1;
		}
		return 0;
	}
	case RT_KIND_GAME: {
		struct game *g;
		const char *ds = rt_json_str(rt_json_get(o, "date")), *e;
		int32_t day;

		if (rt_json_str(rt_json_get(o, "game_id")) == NULL || ds == NULL ||
		    rt_date_parse(ds, strlen(ds), &day, &e) == -1) {
			rt_buf_adds(why, "a game needs game_id and date");
			return -1;
		}
		g = PUSH(games);
		g->seq = games.n;
		g->id = str_or_null(o, "game_id");
		g->date = day;
		if (time_field(o, "start", &g->start) == -1) {
			const struct rt_json *st = rt_json_get(o, "start");

			if (st != NULL && rt_json_type(st) != RT_JSON_NULL) {
				/* given but unreadable (no zone, say): the game
				 * would silently fall out of the horizon */
				rt_buf_adds(why, "a game's start must be an RFC 3339 time with its zone");
				games.n--;
				free(g->id);
				return -1;
			}
			g->start = rt_date_time(day) + 23 * 3600;	/* evening, unknown */
		}
		return 0;
	}
	default:
		return 0;
	}
}

/* ---- lookups ---------------------------------------------------------- */

/* The latest record of each rollout, in the order they started. */
static struct rollout **latest;
static size_t nlatest;

static int
rollout_cmp(const void *a, const void *b)
{
	const struct rollout *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

static int
started_cmp(const void *a, const void *b)
{
	const struct rollout *x = *(struct rollout *const *)a, *y = *(struct rollout *const *)b;

	if (x->started != y->started)
		return x->started < y->started ? -1 : 1;
	return strcmp(x->id, y->id);
}

static void
index_rollouts(void)
{
	size_t i;

	if (rollouts.n > 1)	/* qsort of NULL, 0 is undefined */
		qsort(rollouts.v, rollouts.n, sizeof *rollouts.v, rollout_cmp);
	latest = rt_xmalloc((rollouts.n + 1) * sizeof *latest);
	nlatest = 0;
	for (i = 0; i < rollouts.n; i++)
		if (i + 1 == rollouts.n || strcmp(rollouts.v[i].id, rollouts.v[i + 1].id) != 0)
			latest[nlatest++] = &rollouts.v[i];
	qsort(latest, nlatest, sizeof *latest, started_cmp);
}

static int
active(const struct rollout *r)
{
	return r->state == RT_RO_RUNNING || r->state == RT_RO_PAUSED;
}

/* The strategy's active rollout, or NULL. */
static struct rollout *
active_of(const char *strategy)
{
	size_t i;

	for (i = nlatest; i-- > 0;)
		if (strcmp(latest[i]->strategy, strategy) == 0 && active(latest[i]))
			return latest[i];
	return NULL;
}

/* The last record of a model in the input (later lines win, as in the store). */
static struct model *
model_of(const char *strategy, const char *version)
{
	size_t i;

	for (i = models.n; i-- > 0;)
		if (strcmp(models.v[i].strategy, strategy) == 0 &&
		    strcmp(models.v[i].version, version) == 0)
			return &models.v[i];
	return NULL;
}

static struct model *
production_of(const char *strategy)
{
	size_t i;
	struct model *m;

	for (i = models.n; i-- > 0;) {
		m = &models.v[i];
		if (strcmp(m->strategy, strategy) == 0 && strcmp(m->status, "production") == 0 &&
		    model_of(strategy, m->version) == m)
			return m;
	}
	return NULL;
}

/* ---- writing ------------------------------------------------------------ */

/* The verdict and rollout a canary came from, for its lineage. */
struct origin {
	const struct verdict *v;	/* or NULL (started with --force) */
	const char *rollout_id;
};

static void
write_origin(struct rt_jw *w, const struct origin *g)
{
	rt_jw_key(w, "verdict");
	if (g->v != NULL) {
		rt_jw_obj(w);
		rt_jw_key(w, "baseline"); rt_jw_str(w, g->v->baseline ? g->v->baseline : "");
		rt_jw_key(w, "level"); rt_jw_str(w, g->v->level ? g->v->level : "");
		rt_jw_key(w, "decision"); rt_jw_str(w, g->v->decision);
		rt_jw_end(w);
	} else
		rt_jw_null(w);
	rt_jw_key(w, "rollout_id");
	rt_jw_str(w, g->rollout_id);
}

/* A model record with a new status: every other field as it was, the
 * status history (`history`) extended; with an origin, the lineage
 * (the triggers, job and trials it came from, as rt-optimize wrote them)
 * gains the verdict and the rollout. */
static void
write_model(const struct model *m, const char *status, const char *reason,
    const struct origin *origin)
{
	struct rt_arena a;
	const struct rt_json *doc, *mem, *h;
	struct rt_jw w;
	char t[RT_TIME_BUFSZ];
	const char *why;
	int lineage = 0;

	rt_time_format(now, t);
	rt_arena_init(&a);
	if ((doc = rt_json_parse(&a, m->doc, strlen(m->doc), &why, NULL)) == NULL)
		rt_die(RT_EX_SOFTWARE, "model %s: %s", m->version, why);
	rt_jw_init(&w, &out);
	rt_jw_obj(&w);
	for (mem = rt_json_first(doc); mem != NULL; mem = rt_json_next(mem)) {
		const char *k = rt_json_key(mem);

		if (strcmp(k, "status") == 0 || strcmp(k, "status_at") == 0 ||
		    strcmp(k, "history") == 0 || strcmp(k, "status_reason") == 0)
			continue;
		rt_jw_key(&w, k);
		if (origin != NULL && strcmp(k, "lineage") == 0 &&
		    rt_json_type(mem) == RT_JSON_OBJECT) {
			const struct rt_json *x;

			rt_jw_obj(&w);
			for (x = rt_json_first(mem); x != NULL; x = rt_json_next(x))
				if (strcmp(rt_json_key(x), "verdict") != 0 &&
				    strcmp(rt_json_key(x), "rollout_id") != 0) {
					rt_jw_key(&w, rt_json_key(x));
					rt_jw_value(&w, x);
				}
			write_origin(&w, origin);
			rt_jw_end(&w);
			lineage = 1;
		} else
			rt_jw_value(&w, mem);
	}
	if (origin != NULL && !lineage) {
		rt_jw_key(&w, "lineage");
		rt_jw_obj(&w);
		write_origin(&w, origin);
		rt_jw_end(&w);
	}
	rt_jw_key(&w, "status");
	rt_jw_str(&w, status);
	rt_jw_key(&w, "status_at");
	rt_jw_str(&w, t);
	rt_jw_key(&w, "status_reason");
	rt_jw_str(&w, reason);
	rt_jw_key(&w, "history");
	rt_jw_arr(&w);
	if ((h = rt_json_get(doc, "history")) != NULL && rt_json_type(h) == RT_JSON_ARRAY)
		for (mem = rt_json_first(h); mem != NULL; mem = rt_json_next(mem))
			rt_jw_value(&w, mem);
	else {
		/* the status it had before rt-rollout first changed it */
		const char *s = rt_json_str(rt_json_get(doc, "status"));
		const char *at = rt_json_str(rt_json_get(doc, "status_at"));

		if (at == NULL)
			at = rt_json_str(rt_json_get(doc, "created"));
		rt_jw_obj(&w);
		rt_jw_key(&w, "status");
		rt_jw_str(&w, s ? s : "candidate");
		rt_jw_key(&w, "at");
		if (at)
			rt_jw_str(&w, at);
		else
			rt_jw_null(&w);
		rt_jw_end(&w);
	}
	rt_jw_obj(&w);
	rt_jw_key(&w, "status");
	rt_jw_str(&w, status);
	rt_jw_key(&w, "at");
	rt_jw_str(&w, t);
	rt_jw_key(&w, "reason");
	rt_jw_str(&w, reason);
	rt_jw_end(&w);
	rt_jw_end(&w);
	rt_jw_end(&w);
	rt_buf_addc(&out, '\n');
	rt_arena_release(&a);
}

struct change {
	const char *action;
	int stage;
	enum rt_ro_state state;
	int64_t stage_started;
	int64_t srm_since;
	enum rt_ro_pause pause;		/* the rule or hand that paused it */
	const char *reason;
	const struct rt_rollout_decision *d;	/* or NULL */
	const struct rt_rollout_obs *o;		/* or NULL */
};

static void
num_or_null(struct rt_jw *w, const char *key, double v, double scale)
{
	rt_jw_key(w, key);
	if (isfinite(v))
		rt_jw_num(w, round(v * scale) / scale);
	else
		rt_jw_null(w);
}

/* The next record of rollout r (seq + 1), or the first when r->seq is 0. */
static void
write_rollout(const struct rollout *r, const struct change *c, const char *verdict_level)
{
	struct rt_jw w;
	char t[RT_TIME_BUFSZ];

	rt_jw_init(&w, &out);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind"); rt_jw_str(&w, "rollout");
	rt_jw_key(&w, "rollout_id"); rt_jw_str(&w, r->id);
	rt_jw_key(&w, "seq"); rt_jw_int(&w, r->seq + 1);
	rt_jw_key(&w, "strategy"); rt_jw_str(&w, r->strategy);
	rt_jw_key(&w, "candidate"); rt_jw_str(&w, r->candidate);
	rt_jw_key(&w, "baseline"); rt_jw_str(&w, r->baseline ? r->baseline : "");
	rt_jw_key(&w, "stage"); rt_jw_int(&w, c->stage);
	rt_jw_key(&w, "traffic_pct");
	/* the candidate's share of real money: none while paused */
	rt_jw_num(&w, c->state == RT_RO_PROMOTED ? 100 : c->state == RT_RO_ROLLED_BACK ||
	    c->state == RT_RO_PAUSED ? 0 : rt_rollout_stage_pct(&r->plan, c->stage));
	rt_jw_key(&w, "state"); rt_jw_str(&w, rt_rollout_state_name(c->state));
	rt_jw_key(&w, "action"); rt_jw_str(&w, c->action);
	if (c->state == RT_RO_PAUSED) {
		rt_jw_key(&w, "pause_rule");
		rt_jw_str(&w, rt_rollout_pause_name(c->pause));
	}
	rt_jw_key(&w, "reason"); rt_jw_str(&w, c->reason);
	rt_time_format(now, t);
	rt_jw_key(&w, "at"); rt_jw_str(&w, t);
	rt_time_format(r->seq ? r->started : now, t);
	rt_jw_key(&w, "started"); rt_jw_str(&w, t);
	rt_time_format(c->stage_started, t);
	rt_jw_key(&w, "stage_started"); rt_jw_str(&w, t);
	rt_time_format(c->srm_since, t);
	rt_jw_key(&w, "srm_since"); rt_jw_str(&w, t);
	if (verdict_level != NULL) {
		rt_jw_key(&w, "verdict_level");
		rt_jw_str(&w, verdict_level);
	}
	rt_jw_key(&w, "plan");
	plan_write(&w, &r->plan);
	if (c->o != NULL && c->d != NULL) {
		rt_jw_key(&w, "evidence");
		rt_jw_obj(&w);
		rt_jw_key(&w, "games"); rt_jw_int(&w, c->o->pair_n);
		rt_jw_key(&w, "candidate_bets"); rt_jw_int(&w, c->o->cand_bets);
		rt_jw_key(&w, "baseline_bets"); rt_jw_int(&w, c->o->base_bets);
		num_or_null(&w, "diff_pct", c->d->diff_pct, 1e4);
		num_or_null(&w, "lower_pct", c->d->lower_pct, 1e4);
		num_or_null(&w, "upper_pct", c->d->upper_pct, 1e4);
		rt_jw_key(&w, "live_candidate_bets"); rt_jw_int(&w, c->o->live_cand_n);
		rt_jw_key(&w, "live_baseline_bets"); rt_jw_int(&w, c->o->live_base_n);
		num_or_null(&w, "live_diff_pct", c->d->live_diff_pct, 1e4);
		num_or_null(&w, "live_upper_pct", c->d->live_upper_pct, 1e4);
		rt_jw_key(&w, "close_games"); rt_jw_int(&w, c->o->close_n);
		num_or_null(&w, "close_diff_pct", c->d->close_diff_pct, 1e4);
		num_or_null(&w, "close_lower_pct", c->d->close_lower_pct, 1e4);
		num_or_null(&w, "close_upper_pct", c->d->close_upper_pct, 1e4);
		num_or_null(&w, "candidate_drawdown_pct", c->o->cand_drawdown_pct, 1e4);
		num_or_null(&w, "candidate_clv_pct", c->o->cand_clv_mean, 1e4);
		rt_jw_key(&w, "assigned_games"); rt_jw_int(&w, c->o->srm_n);
		rt_jw_key(&w, "candidate_games"); rt_jw_int(&w, c->o->srm_cand);
		num_or_null(&w, "planned_candidate_games", c->o->srm_expected, 1e4);
		rt_jw_key(&w, "srm_p");
		if (isfinite(c->d->srm_p))
			rt_jw_num(&w, c->d->srm_p);
		else
			rt_jw_null(&w);
		rt_jw_end(&w);
	}
	rt_jw_end(&w);
	rt_buf_addc(&out, '\n');
}

/* ---- the commands ------------------------------------------------------- */

/* A rollout's id: a hash of what started it, so a rerun gives the same. */
static void
rollout_id(char id[40], const char *strategy, const char *version, const char *what)
{
	char t[RT_TIME_BUFSZ];
	uint64_t h;

	rt_time_format(now, t);
	h = rt_fnv1a64(RT_FNV64_INIT, strategy);
	h = rt_fnv1a64(h ^ 0xff, version);
	h = rt_fnv1a64(h ^ 0xff, what);
	h = rt_fnv1a64(h ^ 0xff, t);
	snprintf(id, 40, "ro-%016llx", (unsigned long long)h);
}

struct opts {
	const char *strategy, *candidate, *reason;
	int force;
	double horizon_hours;
	struct rt_rollout_plan plan;
};

/* A change the records do not allow: said on stderr, exit 65. */
#define FAIL(...) (rt_warnx(__VA_ARGS__), RT_EX_DATAERR)

static int
cmd_start(const struct opts *o)
{
	struct rollout r, *act;
	struct model *cand, *prod;
	struct verdict *v = NULL;
	const char *cv = o->candidate;
	struct change c;
	char reason[512];
	size_t i;
	char id[40];

	/* the verdict: the latest pass of a candidate against production */
	prod = production_of(o->strategy);
	for (i = verdicts.n; i-- > 0;) {
		struct verdict *x = &verdicts.v[i];

		if (strcmp(x->strategy, o->strategy) != 0 || (cv && strcmp(x->candidate, cv) != 0))
			continue;
		if (strcmp(x->decision, "pass") == 0 || (o->force && v == NULL))
			v = x;
		if (strcmp(x->decision, "pass") == 0)
			break;
	}
	if (cv == NULL) {
		if (v == NULL)
			return FAIL("no pass verdict for %s: name the candidate with "
			    "--candidate (and --force to start without one)", o->strategy);
		cv = v->candidate;
	}
	if ((cand = model_of(o->strategy, cv)) == NULL)
		return FAIL("no model %s of %s in the input or the store", cv, o->strategy);
	if ((act = active_of(o->strategy)) != NULL) {
		/* the same start again, at the same time: nothing to do */
		if (strcmp(act->candidate, cv) == 0 && act->started == now)
			return RT_EX_OK;
		return FAIL("%s already has an active rollout (%s, of %s): roll it back or "
		    "promote it first", o->strategy, act->id, act->candidate);
	}
	if (prod == NULL)
		return FAIL("%s has no production version to compare with: promote one "
		    "first (rt-rollout promote --strategy %s --candidate %s)", o->strategy,
		    o->strategy, cv);
	if (strcmp(prod->version, cv) == 0)
		return FAIL("%s is already %s's production version", cv, o->strategy);
	if (strcmp(cand->status, "candidate") != 0 && strcmp(cand->status, "validated") != 0)
		return FAIL("%s is %s: only a candidate or validated version starts a "
		    "rollout", cv, cand->status);
	if (!o->force) {
		if (v == NULL || strcmp(v->decision, "pass") != 0)
			return FAIL("no pass verdict for %s (rt-validate first, or --force)",
			    cv);
		if (v->baseline == NULL || strcmp(v->baseline, prod->version) != 0)
			return FAIL("%s's pass verdict is against %s, but production is %s: "
			    "validate against production", cv,
			    v->baseline && *v->baseline ? v->baseline : "no baseline",
			    prod->version);
	}
	memset(&r, 0, sizeof r);
	r.strategy = (char *)o->strategy;
	r.candidate = (char *)cv;
	r.baseline = prod->version;
	r.plan = o->plan;
	rollout_id(id, o->strategy, cv, prod->version);
	r.id = id;
	snprintf(reason, sizeof reason, "%s%s%s", o->reason,
	    *o->reason ? "; " : "", v && strcmp(v->decision, "pass") == 0 ?
	    "pass verdict" : "started with --force, no pass verdict");
	memset(&c, 0, sizeof c);
	c.action = "start";
	c.stage = rt_rollout_first_stage(&r.plan);
	if (c.stage < 0)
		return FAIL("the plan has no stage");
	c.state = RT_RO_RUNNING;
	c.stage_started = c.srm_since = now;
	c.reason = reason;
	write_rollout(&r, &c, v ? v->level : NULL);
	{
		struct origin g = { v && strcmp(v->decision, "pass") == 0 ? v : NULL, r.id };

		write_model(cand, "canary", reason, &g);
	}
	return RT_EX_OK;
}

static int
game_cmp(const void *a, const void *b)
{
	const struct game *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int
start_cmp(const void *a, const void *b)
{
	const struct game *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int
cmd_assign(const struct opts *o)
{
	size_t i, k, n;
	char nowbuf[RT_TIME_BUFSZ];

	rt_time_format(now, nowbuf);
	/* a game given twice counts once, as its last record */
	if (games.n > 1)
		qsort(games.v, games.n, sizeof *games.v, game_cmp);
	for (i = n = 0; i < games.n; i++) {
		if (i + 1 < games.n && strcmp(games.v[i].id, games.v[i + 1].id) == 0) {
			free(games.v[i].id);
			continue;
		}
		games.v[n++] = games.v[i];
	}
	games.n = n;
	if (games.n > 1)
		qsort(games.v, games.n, sizeof *games.v, start_cmp);
	for (k = 0; k < nlatest; k++) {
		const struct rollout *r = latest[k];
		/* a paused rollout puts no real money on the candidate, whatever
		 * share an older record of its pause says */
		double pct = r->state == RT_RO_PAUSED ? 0 : r->pct;

		if (!active(r) || (o->strategy && strcmp(r->strategy, o->strategy) != 0))
			continue;
		for (i = 0; i < games.n; i++) {
			const struct game *g = &games.v[i];
			struct rt_jw w;
			int cand;

			/* upcoming games only, of this rollout's time, once */
			if (g->start <= now || g->start < r->started ||
			    (double)(g->start - now) > o->horizon_hours * 3600 ||
			    rt_assigns_find(&assigns, r->strategy, g->id) != NULL)
				continue;
			cand = rt_rollout_is_candidate(r->id, g->id, pct);
			rt_jw_init(&w, &out);
			rt_jw_obj(&w);
			rt_jw_key(&w, "kind"); rt_jw_str(&w, "assignment");
			rt_jw_key(&w, "game_id"); rt_jw_str(&w, g->id);
			rt_jw_key(&w, "strategy"); rt_jw_str(&w, r->strategy);
			rt_jw_key(&w, "version"); rt_jw_str(&w, cand ? r->candidate : r->baseline);
			rt_jw_key(&w, "arm"); rt_jw_str(&w, cand ? "candidate" : "baseline");
			rt_jw_key(&w, "rollout_id"); rt_jw_str(&w, r->id);
			rt_jw_key(&w, "stage"); rt_jw_int(&w, r->stage);
			rt_jw_key(&w, "traffic_pct"); rt_jw_num(&w, pct);
			rt_jw_key(&w, "bucket");
			rt_jw_num(&w, round(rt_rollout_bucket(r->id, g->id) * 1e6) / 1e6);
			rt_jw_key(&w, "at"); rt_jw_str(&w, nowbuf);
			rt_jw_end(&w);
			rt_buf_addc(&out, '\n');
		}
	}
	return RT_EX_OK;
}

/* What is known of rollout r: its versions' settled bets since it started,
 * and its assignments. */
static void
observe(const struct rollout *r, struct rt_rollout_obs *o)
{
	struct rt_ro_bet *rb = rt_xmalloc((bets.n + 1) * sizeof *rb);
	size_t i, n = 0;

	memset(o, 0, sizeof *o);
	for (i = 0; i < bets.n; i++) {
		const struct bet *b = &bets.v[i];
		const struct rt_assign *a;
		int cand;

		if (!b->settled || b->placed < r->started || strcmp(b->strategy, r->strategy) != 0)
			continue;
		if (strcmp(b->version, r->candidate) == 0)
			cand = 1;
		else if (r->baseline && strcmp(b->version, r->baseline) == 0)
			cand = 0;
		else
			continue;
		a = rt_assigns_find(&assigns, r->strategy, b->game_id);
		rb[n].game_id = b->game_id;
		rb[n].cand = cand;
		/* a game without an assignment was the production version's */
		rb[n].live = a == NULL ? !cand : a->cand == cand;
		rb[n].t = b->placed;
		rb[n].stake = b->stake;
		rb[n].profit = b->profit;
		rb[n].clv = b->clv;
		rb[n].cev = b->cev;
		n++;
	}
	rt_rollout_observe(rb, n, o);
	free(rb);
	for (i = 0; i < assigns.n; i++) {
		const struct rt_assign *a = &assigns.v[i];

		if (a->rollout_id != NULL && strcmp(a->rollout_id, r->id) == 0 &&
		    isfinite(a->pct) && (a->at == INT64_MIN || a->at >= r->srm_since))
			rt_rollout_srm_add(o, a->cand, a->pct);
	}
}

/* The model changes of a rollout's end. */
static int
finish(const struct rollout *r, enum rt_ro_state st, const char *reason)
{
	struct model *cand = model_of(r->strategy, r->candidate);
	struct model *base = r->baseline ? model_of(r->strategy, r->baseline) : NULL;

	if (cand == NULL)
		return FAIL("no model %s of %s in the input or the store", r->candidate,
		    r->strategy);
	if (st == RT_RO_PROMOTED) {
		write_model(cand, "production", reason, NULL);
		if (base != NULL && strcmp(base->status, "production") == 0)
			write_model(base, "retired", reason, NULL);
	} else
		write_model(cand, "rolled_back", reason, NULL);
	return RT_EX_OK;
}

static int
cmd_step(const struct opts *o)
{
	size_t k;
	int rc = RT_EX_OK;

	for (k = 0; k < nlatest; k++) {
		const struct rollout *r = latest[k];
		struct rt_rollout_obs ob;
		struct rt_rollout_decision d;
		struct change c;

		if (!active(r) || (o->strategy && strcmp(r->strategy, o->strategy) != 0))
			continue;
		observe(r, &ob);
		rt_rollout_decide(&r->plan, r->state, r->paused_by, r->stage,
		    (double)(now - r->stage_started) / 3600, &ob, &d);
		if (verbose || d.action != RT_RO_HOLD)
			rt_warnx("%s %s (%s): %s: %s", r->strategy, r->candidate, r->id,
			    rt_rollout_action_name(d.action), d.reason);
		if (d.action == RT_RO_HOLD)
			continue;
		memset(&c, 0, sizeof c);
		c.action = rt_rollout_action_name(d.action);
		c.stage = r->stage;
		c.state = r->state;
		c.stage_started = r->stage_started;
		c.srm_since = r->srm_since;
		c.pause = r->paused_by;
		c.reason = d.reason;
		c.d = &d;
		c.o = &ob;
		switch (d.action) {
		case RT_RO_ADVANCE:
			c.stage = d.next_stage;
			c.stage_started = now;
			break;
		case RT_RO_PROMOTE:
			c.state = RT_RO_PROMOTED;
			break;
		case RT_RO_ROLLBACK:
			c.state = RT_RO_ROLLED_BACK;
			break;
		case RT_RO_PAUSE:
			c.state = RT_RO_PAUSED;
			c.pause = d.pause;
			break;
		case RT_RO_RESUME:
			/* the deadline's pause ends on the evidence: the stage's
			 * clock starts again, the split was never in doubt */
			c.state = RT_RO_RUNNING;
			c.stage_started = now;
			break;
		case RT_RO_HOLD:
			break;
		}
		write_rollout(r, &c, NULL);
		if ((c.state == RT_RO_PROMOTED || c.state == RT_RO_ROLLED_BACK) &&
		    finish(r, c.state, d.reason) != RT_EX_OK)
			rc = RT_EX_DATAERR;
	}
	return rc;
}

/* The version production had before the current one: the retired model
 * retired last. */
static struct model *
previous_production(const char *strategy)
{
	struct model *best = NULL;
	size_t i;

	for (i = 0; i < models.n; i++) {
		struct model *m = &models.v[i];

		if (strcmp(m->strategy, strategy) != 0 || strcmp(m->status, "retired") != 0 ||
		    model_of(strategy, m->version) != m)
			continue;
		if (best == NULL || m->status_at >= best->status_at)
			best = m;
	}
	return best;
}

static int
cmd_hand(enum cmd cmd, const struct opts *o)
{
	struct rollout *act = active_of(o->strategy), r;
	struct change c;
	struct model *prod, *prev, *cand;
	char id[40];
	size_t k;

	memset(&c, 0, sizeof c);
	c.reason = o->reason;
	c.action = CMDS[cmd];
	if (act != NULL) {
		if (o->candidate && strcmp(o->candidate, act->candidate) != 0)
			return FAIL("%s's active rollout is of %s, not %s", o->strategy,
			    act->candidate, o->candidate);
		c.stage = act->stage;
		c.stage_started = act->stage_started;
		c.srm_since = act->srm_since;
		switch (cmd) {
		case C_ROLLBACK:
			c.state = RT_RO_ROLLED_BACK;
			break;
		case C_PROMOTE:
			c.state = RT_RO_PROMOTED;
			break;
		case C_PAUSE:
			if (act->state == RT_RO_PAUSED)
				return RT_EX_OK;
			c.state = RT_RO_PAUSED;
			c.pause = RT_PAUSE_OPERATOR;
			break;
		default:
			/* resume: the stage's clock starts again, and so does the
			 * sample-ratio count (a split fixed after an SRM pause is
			 * judged on the assignments made since) */
			if (act->state == RT_RO_RUNNING)
				return RT_EX_OK;
			c.state = RT_RO_RUNNING;
			c.stage_started = c.srm_since = now;
			break;
		}
		write_rollout(act, &c, NULL);
		if (c.state == RT_RO_PROMOTED || c.state == RT_RO_ROLLED_BACK)
			return finish(act, c.state, o->reason);
		return RT_EX_OK;
	}
	/* no active rollout */
	for (k = nlatest; k-- > 0;)
		if (strcmp(latest[k]->strategy, o->strategy) == 0) {
			/* this very command already ran at this time */
			if (latest[k]->at == now && strcmp(CMDS[cmd], "rollback") == 0 &&
			    latest[k]->state == RT_RO_ROLLED_BACK)
				return RT_EX_OK;
			if (latest[k]->at == now && cmd == C_PROMOTE &&
			    latest[k]->state == RT_RO_PROMOTED)
				return RT_EX_OK;
			break;
		}
	if (cmd == C_PAUSE || cmd == C_RESUME)
		return FAIL("%s has no active rollout to %s", o->strategy, CMDS[cmd]);
	prod = production_of(o->strategy);
	memset(&r, 0, sizeof r);
	r.strategy = (char *)o->strategy;
	rt_rollout_plan_default(&r.plan);
	c.stage = r.plan.nstages;
	c.stage_started = c.srm_since = now;
	if (cmd == C_ROLLBACK) {
		/* production goes back to the version before it */
		if (prod == NULL)
			return FAIL("%s has no production version to roll back",
			    o->strategy);
		if ((prev = previous_production(o->strategy)) == NULL)
			return FAIL("%s has no earlier production version to go back to "
			    "(%s is the first)", o->strategy, prod->version);
		r.candidate = prod->version;
		r.baseline = prev->version;
		c.state = RT_RO_ROLLED_BACK;
	} else {
		if (o->candidate == NULL)
			return FAIL("%s has no active rollout: promote a version with "
			    "--candidate V", o->strategy);
		if ((cand = model_of(o->strategy, o->candidate)) == NULL)
			return FAIL("no model %s of %s in the input or the store",
			    o->candidate, o->strategy);
		if (prod != NULL && strcmp(prod->version, cand->version) == 0)
			return RT_EX_OK;
		r.candidate = cand->version;
		r.baseline = prod ? prod->version : NULL;
		c.state = RT_RO_PROMOTED;
	}
	rollout_id(id, o->strategy, r.candidate, CMDS[cmd]);
	r.id = id;
	write_rollout(&r, &c, NULL);
	if (cmd == C_ROLLBACK) {
		write_model(prod, "rolled_back", o->reason, NULL);
		write_model(prev, "production", o->reason, NULL);
	} else {
		write_model(model_of(o->strategy, r.candidate), "production", o->reason, NULL);
		if (prod != NULL)
			write_model(prod, "retired", o->reason, NULL);
	}
	return RT_EX_OK;
}

static int
cmd_status(const struct opts *o)
{
	size_t k;

	for (k = 0; k < nlatest; k++)
		if (o->strategy == NULL || strcmp(latest[k]->strategy, o->strategy) == 0) {
			rt_buf_adds(&out, latest[k]->doc);
			rt_buf_addc(&out, '\n');
		}
	return RT_EX_OK;
}

/*
 * plan: what a rollout of o->strategy can decide, from the production
 * version's settled bets of the last 30 days: its bets a day (the games
 * either version bets on are at least as many) and the spread of a bet's
 * expected return at the close.  Two versions on different games give a
 * game's influence on the ROI difference a spread of about sqrt(2) times
 * that (rt_rollout_observe); the plan's sequence then excludes 0 for a
 * true difference of e points after rt_rollout_games_needed games.  One
 * rollout_plan record; a table on standard error.
 */
static int
cmd_plan(const struct opts *o)
{
	static const double effects[] = { 1, 2, 3, 4, 6 };
	struct model *prod = NULL;
	double m = 0, m2 = 0, sd, per_day, days;
	int64_t n = 0, nb = 0, g;
	size_t i, e;
	struct rt_jw w;

	for (i = 0; i < models.n; i++)
		if (strcmp(models.v[i].strategy, o->strategy) == 0 &&
		    strcmp(models.v[i].status, "production") == 0 &&
		    model_of(o->strategy, models.v[i].version) == &models.v[i])
			prod = &models.v[i];
	if (prod == NULL)
		return FAIL("%s has no production version: nothing to plan against", o->strategy);
	for (i = 0; i < bets.n; i++) {
		const struct bet *b = &bets.v[i];
		double d;

		if (!b->settled || strcmp(b->strategy, o->strategy) != 0 ||
		    strcmp(b->version, prod->version) != 0 || b->placed < now - 30 * 86400)
			continue;
		nb++;
		if (isnan(b->cev))
			continue;
		d = b->cev - m;
		n++;
		m += d / (double)n;
		m2 += d * (b->cev - m);
	}
	if (n < 2)
		return FAIL("%s's production version %s has %lld bets with a closing probability "
		    "in the last 30 days: too few to plan from", o->strategy, prod->version,
		    (long long)n);
	sd = sqrt(m2 / (double)(n - 1));
	per_day = (double)nb / 30;
	rt_jw_init(&w, &out);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind"); rt_jw_str(&w, "rollout_plan");
	rt_jw_key(&w, "strategy"); rt_jw_str(&w, o->strategy);
	rt_jw_key(&w, "baseline"); rt_jw_str(&w, prod->version);
	rt_jw_key(&w, "bets_per_day"); rt_jw_num(&w, round(per_day * 100) / 100);
	rt_jw_key(&w, "close_sd_pct"); rt_jw_num(&w, round(1e4 * sd) / 100);
	rt_jw_key(&w, "margin_pct"); rt_jw_num(&w, o->plan.margin_pct);
	rt_jw_key(&w, "min_improvement_pct"); rt_jw_num(&w, o->plan.min_improvement_pct);
	rt_jw_key(&w, "least_days_to_promote");
	rt_jw_num(&w, rt_rollout_least_days(&o->plan));
	rt_jw_key(&w, "effects");
	rt_jw_arr(&w);
	rt_warnx("%s against %s: %.2f bets a day, a bet's expected return at the close "
	    "spread %.2f points", o->strategy, prod->version, per_day, 100 * sd);
	for (e = 0; e < sizeof effects / sizeof effects[0]; e++) {
		rt_rollout_plan_effect(&o->plan, sd, per_day, effects[e], &g, &days);
		rt_jw_obj(&w);
		rt_jw_key(&w, "effect_pct"); rt_jw_num(&w, effects[e]);
		rt_jw_key(&w, "games"); rt_jw_int(&w, g);
		rt_jw_key(&w, "days");
		rt_jw_num(&w, days >= 0 ? days : NAN);	/* null when not computable */
		rt_jw_end(&w);
		if (days >= 0)
			rt_warnx("  a true difference of %.0f points: %lld games, about %.0f days",
			    effects[e], (long long)g, days);
	}
	rt_jw_end(&w);
	rt_jw_end(&w);
	rt_buf_addc(&out, '\n');
	return RT_EX_OK;
}

/* Everything read, and the output: a clean exit for leak checkers. */
static void
release_all(void)
{
	size_t i;

	for (i = 0; i < rollouts.n; i++) {
		free(rollouts.v[i].id);
		free(rollouts.v[i].strategy);
		free(rollouts.v[i].candidate);
		free(rollouts.v[i].baseline);
		free(rollouts.v[i].doc);
	}
	free(rollouts.v);
	for (i = 0; i < models.n; i++) {
		free(models.v[i].strategy);
		free(models.v[i].version);
		free(models.v[i].status);
		free(models.v[i].doc);
	}
	free(models.v);
	for (i = 0; i < verdicts.n; i++) {
		free(verdicts.v[i].strategy);
		free(verdicts.v[i].candidate);
		free(verdicts.v[i].baseline);
		free(verdicts.v[i].decision);
		free(verdicts.v[i].level);
	}
	free(verdicts.v);
	for (i = 0; i < bets.n; i++) {
		free(bets.v[i].strategy);
		free(bets.v[i].version);
		free(bets.v[i].game_id);
	}
	free(bets.v);
	for (i = 0; i < games.n; i++)
		free(games.v[i].id);
	free(games.v);
	rt_assigns_release(&assigns);
	free(latest);
	rt_buf_release(&out);
}

/* ---- the store ---------------------------------------------------------- */

/* rt-store beside this program, else on PATH. */
static const char *
rt_store_path(void)
{
	static char path[PATH_MAX];
	const char *env = getenv("RT_STORE");
	ssize_t n;
	char *slash;

	if (env != NULL && *env != '\0')
		return env;
	n = readlink("/proc/self/exe", path, sizeof path - 16);
	if (n > 0) {
		path[n] = '\0';
		if ((slash = strrchr(path, '/')) != NULL) {
			strcpy(slash + 1, "rt-store");
			if (access(path, X_OK) == 0)
				return path;
		}
	}
	return "rt-store";
}

/* Runs rt-store with args, its stdout read as records (or its stdin fed
 * from `feed` when not NULL).  Returns rt-store's exit status. */
static int
run_store(char *const args[], unsigned kinds, const struct rt_buf *feed, int *code)
{
	int fd[2], status;
	pid_t pid;
	const char *prog = rt_store_path();
	char *argv[16];
	size_t i;

	argv[0] = (char *)prog;
	for (i = 0; i < 14 && args[i] != NULL; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	fflush(NULL);
	if (pipe(fd) == -1)
		rt_die(RT_EX_SOFTWARE, "pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		rt_die(RT_EX_SOFTWARE, "fork: %s", strerror(errno));
	if (pid == 0) {
		if (feed != NULL)
			dup2(fd[0], 0);
		else
			dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp(prog, argv);
		fprintf(stderr, "%s: cannot run %s: %s\n", rt_err_prog(), prog, strerror(errno));
		_exit(RT_EX_UNAVAILABLE);
	}
	if (feed != NULL) {
		size_t off = 0;

		close(fd[0]);
		while (off < feed->len) {
			ssize_t w = write(fd[1], feed->p + off, feed->len - off);

			if (w <= 0) {
				if (w < 0 && errno == EINTR)
					continue;
				break;
			}
			off += (size_t)w;
		}
		close(fd[1]);
	} else {
		char name[32];
		char *paths[1];
		const struct rt_record *rec;
		struct rt_buf why = RT_BUF_INIT;
		struct rt_reader in, *into = &in;

		close(fd[1]);
		snprintf(name, sizeof name, "/dev/fd/%d", fd[0]);
		paths[0] = name;
		rt_reader_init(into, paths, 1, NULL, 0, kinds);
		while ((rec = rt_reader_next(into)) != NULL) {
			rt_buf_reset(&why);
			if (take(rec, &why) == -1) {
				rt_reader_reject(into, "the store's %s: %s", rt_kind_name(rec->kind),
				    rt_buf_str(&why));
				break;
			}
		}
		rt_buf_release(&why);
		*code = rt_reader_status(into);
		rt_reader_release(into);
		close(fd[0]);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			rt_die(RT_EX_SOFTWARE, "waitpid: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : RT_EX_SOFTWARE;
}

static void
load_store(enum cmd cmd)
{
	char nowbuf[RT_TIME_BUFSZ], since[RT_TIME_BUFSZ];
	int code = 0, rc;
	size_t k;
	int64_t first = INT64_MAX;
	char *a_roll[] = { "export", "rollout", "--now", nowbuf, NULL };
	char *a_model[] = { "export", "model", NULL };	/* as of --now: take() */
	char *a_verd[] = { "export", "verdict", NULL };
	char *a_asg[] = { "export", "assignment", NULL };
	char *a_bet[] = { "export", "bet", "--now", nowbuf, "--since", since, NULL };
	char *a_game[] = { "export", "game", "--now", nowbuf, "--since", since, NULL };

	rt_time_format(now, nowbuf);
#define LOAD(args, kind) do { \
	rc = run_store(args, RT_KIND_BIT(kind), NULL, &code); \
	if (rc != 0) \
		exit(rc); \
	if (code != 0) \
		exit(code); \
} while (0)
	LOAD(a_roll, RT_KIND_ROLLOUT);
	if (cmd == C_STEP || cmd == C_ASSIGN) {
		/* only what the active rollouts need (the index stays valid:
		 * no rollout records come after this); with none, nothing
		 * more is read: the pipelines run step and assign every day */
		index_rollouts();
		for (k = 0; k < nlatest; k++)
			if (active(latest[k]) && latest[k]->started < first)
				first = latest[k]->started;
		if (first == INT64_MAX)
			return;
	}
	LOAD(a_model, RT_KIND_MODEL);
	if (cmd == C_START)
		LOAD(a_verd, RT_KIND_VERDICT);
	if (cmd == C_ASSIGN || cmd == C_STEP)
		LOAD(a_asg, RT_KIND_ASSIGNMENT);
	if (cmd == C_PLAN) {
		/* the production version's last 30 days: its bet rate, its spread */
		rt_date_format(rt_time_date(now) - 30, since);
		LOAD(a_bet, RT_KIND_BET);
	}
	if (cmd == C_STEP || cmd == C_ASSIGN) {
		if (cmd == C_STEP) {
			rt_date_format(rt_time_date(first), since);
			LOAD(a_bet, RT_KIND_BET);
		} else {
			rt_date_format(rt_time_date(now), since);
			LOAD(a_game, RT_KIND_GAME);
		}
	}
#undef LOAD
}

int
main(int argc, char *argv[])
{
	enum { O_STRAT = 256, O_CAND, O_REASON, O_FORCE, O_ABPCT, O_ABH, O_STAGES, O_STAGEH,
		O_MAXH, O_MINB, O_SIG, O_MARGIN, O_EFFECT, O_CEFFECT, O_CGAMES, O_IMPR, O_DD, O_CLV, O_SRM, O_HOR, O_NOW,
		O_STORE, O_WAIT, O_REJECT };
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "strategy", required_argument, NULL, O_STRAT },
		{ "candidate", required_argument, NULL, O_CAND },
		{ "reason", required_argument, NULL, O_REASON },
		{ "force", no_argument, NULL, O_FORCE },
		{ "ab-test-traffic-pct", required_argument, NULL, O_ABPCT },
		{ "ab-test-duration-hours", required_argument, NULL, O_ABH },
		{ "rollout-stages", required_argument, NULL, O_STAGES },
		{ "rollout-stage-duration-hours", required_argument, NULL, O_STAGEH },
		{ "max-stage-hours", required_argument, NULL, O_MAXH },
		{ "min-bets", required_argument, NULL, O_MINB },
		{ "significance", required_argument, NULL, O_SIG },
		{ "margin-pct", required_argument, NULL, O_MARGIN },
		{ "effect-pct", required_argument, NULL, O_EFFECT },
		{ "close-effect-pct", required_argument, NULL, O_CEFFECT },
		{ "min-close-games", required_argument, NULL, O_CGAMES },
		{ "min-improvement-pct", required_argument, NULL, O_IMPR },
		{ "max-drawdown-pct", required_argument, NULL, O_DD },
		{ "min-clv-pct", required_argument, NULL, O_CLV },
		{ "srm-significance", required_argument, NULL, O_SRM },
		{ "horizon-hours", required_argument, NULL, O_HOR },
		{ "now", required_argument, NULL, O_NOW },
		{ "store", no_argument, NULL, O_STORE },
		{ "wait", required_argument, NULL, O_WAIT },
		{ "verbose", no_argument, NULL, 'v' },
		{ "reject", required_argument, NULL, O_REJECT },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_buf why = RT_BUF_INIT;
	const char *reject = NULL, *w;
	double wait_secs = -1;		/* --wait; -1: none */
	int c, rc, store = 0, cmdi, status = RT_EX_OK;
	enum cmd cmd;
	PGconn *lock = NULL;

	rt_err_init(argv[0]);
	rt_opt_synopsis(SYNOPSIS);
	rt_json_init();
	memset(&o, 0, sizeof o);
	o.horizon_hours = 36;
	rt_rollout_plan_default(&o.plan);
	now = rt_time_clock();
	while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			rt_exit_stdout();
		case 'V':
			rt_print_version();
			rt_exit_stdout();
		case 'v': verbose = 1; break;
		case O_STRAT: o.strategy = optarg; break;
		case O_CAND: o.candidate = optarg; break;
		case O_REASON: o.reason = optarg; break;
		case O_FORCE: o.force = 1; break;
		case O_ABPCT: o.plan.ab_pct = rt_opt_num("--ab-test-traffic-pct", optarg, 0, 100); break;
		case O_ABH: o.plan.ab_hours = rt_opt_num("--ab-test-duration-hours", optarg, 0, 1e5); break;
		case O_STAGES: {
			char *s = optarg, *end;
			double prev = 0, d;

			o.plan.nstages = 0;
			for (;;) {
				errno = 0;
				d = strtod(s, &end);
				if (end == s || errno || !(d > prev) || d > 100 ||
				    o.plan.nstages == RT_RO_MAXSTAGES) {
					rt_warnx("--rollout-stages '%s': increasing percentages in "
					    "(0, 100], at most %d, ending at 100", optarg,
					    RT_RO_MAXSTAGES);
					rt_usage_die(SYNOPSIS);
				}
				o.plan.stages[o.plan.nstages++] = prev = d;
				if (*end == '\0')
					break;
				if (*end != ',') {
					rt_warnx("--rollout-stages '%s': percentages separated by commas", optarg);
					rt_usage_die(SYNOPSIS);
				}
				s = end + 1;
			}
			if (prev != 100) {
				rt_warnx("--rollout-stages '%s': the last stage is 100", optarg);
				rt_usage_die(SYNOPSIS);
			}
			break;
		}
		case O_STAGEH: o.plan.stage_hours = rt_opt_num("--rollout-stage-duration-hours", optarg, 0, 1e5); break;
		case O_MAXH: o.plan.max_stage_hours = rt_opt_num("--max-stage-hours", optarg, 1, 1e6); break;
		case O_MINB: o.plan.min_bets = (int)rt_opt_int("--min-bets", optarg, 2, 1000000); break;
		case O_SIG: o.plan.significance = rt_opt_num("--significance", optarg, 1e-9, 0.5); break;
		case O_MARGIN: o.plan.margin_pct = rt_opt_num("--margin-pct", optarg, 0, 100); break;
		case O_EFFECT: o.plan.effect_pct = rt_opt_num("--effect-pct", optarg, 0.01, 100); break;
		case O_CEFFECT: o.plan.close_effect_pct = rt_opt_num("--close-effect-pct", optarg, 0.01, 100); break;
		case O_CGAMES: o.plan.min_close_games = (int)rt_opt_num("--min-close-games", optarg, 2, 100000); break;
		case O_IMPR: o.plan.min_improvement_pct = rt_opt_num("--min-improvement-pct", optarg, -100, 100); break;
		case O_DD: o.plan.max_drawdown_pct = rt_opt_num("--max-drawdown-pct", optarg, 0.1, 100); break;
		case O_CLV: o.plan.min_clv_pct = rt_opt_num("--min-clv-pct", optarg, -100, 100); break;
		case O_SRM: o.plan.srm_significance = rt_opt_num("--srm-significance", optarg, 1e-12, 0.5); break;
		case O_HOR: o.horizon_hours = rt_opt_num("--horizon-hours", optarg, 0, 1e5); break;
		case O_NOW:
			if (rt_now_parse(optarg, &now, &w) == -1) {
				rt_warnx("--now '%s': %s", optarg, w);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case O_STORE: store = 1; break;
		case O_WAIT: wait_secs = rt_opt_num("--wait", optarg, 0, 86400); break;
		case O_REJECT: reject = optarg; break;
		default: rt_usage_die(SYNOPSIS);
		}
	}
	if (optind >= argc)
		rt_usage_die(SYNOPSIS);
	if ((cmdi = rt_name_index(CMDS, 9, argv[optind])) < 0) {
		rt_warnx("unknown command '%s'", argv[optind]);
		rt_usage_die(SYNOPSIS);
	}
	cmd = (enum cmd)cmdi;
	optind++;
	if ((cmd == C_START || cmd == C_ROLLBACK || cmd == C_PROMOTE || cmd == C_PAUSE ||
	    cmd == C_RESUME || cmd == C_PLAN) && o.strategy == NULL) {
		rt_warnx("%s needs --strategy", CMDS[cmd]);
		rt_usage_die(SYNOPSIS);
	}
	if (cmd >= C_ROLLBACK && cmd <= C_RESUME && (o.reason == NULL || *o.reason == '\0')) {
		rt_warnx("%s needs --reason: every change by hand says why", CMDS[cmd]);
		rt_usage_die(SYNOPSIS);
	}
	if (o.reason == NULL)
		o.reason = "";
	if (wait_secs >= 0 && !store) {
		rt_warnx("--wait is for the store's lock: it needs --store");
		rt_usage_die(SYNOPSIS);
	}
	if (store && optind < argc) {
		rt_warnx("--store reads the store: no input files");
		rt_usage_die(SYNOPSIS);
	}

	if (store) {
		/* one run at a time changes rollouts: a session advisory lock,
		 * held from the first read to the import's commit */
		if (cmd != C_STATUS && cmd != C_PLAN) {
			PGresult *res;
			int code;

			lock = rt_db_connect();
			if (wait_secs >= 0) {
				/* --wait: a retraining job's start must not fail
				 * because the cron's step or another job's start
				 * holds the lock for a moment.  lock_timeout bounds
				 * the wait; its error (55P03) is exit 75. */
				char ms[32];
				const char *p[1] = { ms };

				/* at least 1 ms: a lock_timeout of 0 would wait for ever */
				snprintf(ms, sizeof ms, "%.0f", wait_secs * 1000 + 1);
				res = rt_db_exec(lock, PGRES_TUPLES_OK, &code, "setting lock_timeout",
				    "SELECT set_config('lock_timeout', $1, false)", 1, p);
				if (res != NULL) {
					PQclear(res);
					res = rt_db_exec(lock, PGRES_TUPLES_OK, &code,
					    "taking the rollout lock",
					    "SELECT pg_advisory_lock(hashtext('rt-rollout'))", 0, NULL);
				}
				if (res == NULL && code == RT_EX_TEMPFAIL)
					rt_warnx("the rollout lock stayed held for %g s: try again later",
					    wait_secs);
			} else
				res = rt_db_exec(lock, PGRES_TUPLES_OK, &code, "taking the rollout lock",
				    "SELECT pg_try_advisory_lock(hashtext('rt-rollout'))", 0, NULL);
			if (res == NULL) {
				/* the connection goes too: LeakSanitizer caught the
				 * --wait timeout returning without it */
				PQfinish(lock);
				rt_buf_release(&why);
				return code;
			}
			if (wait_secs < 0 && PQgetvalue(res, 0, 0)[0] != 't') {
				PQclear(res);
				PQfinish(lock);
				rt_warnx("another rt-rollout holds the rollout lock: try again later");
				return RT_EX_TEMPFAIL;
			}
			PQclear(res);
		}
		load_store(cmd);
	} else {
		rt_reader_init(&in, argv + optind, (size_t)(argc - optind), reject, 0,
		    RT_KIND_BIT(RT_KIND_ROLLOUT) | RT_KIND_BIT(RT_KIND_MODEL) |
		    RT_KIND_BIT(RT_KIND_VERDICT) | RT_KIND_BIT(RT_KIND_ASSIGNMENT) |
		    RT_KIND_BIT(RT_KIND_BET) | RT_KIND_BIT(RT_KIND_GAME));
		while ((rec = rt_reader_next(&in)) != NULL) {
			rt_buf_reset(&why);
			if (take(rec, &why) == -1 && !rt_reader_reject(&in, "%s", rt_buf_str(&why)))
				break;
		}
		status = rt_reader_status(&in);
		if (rt_reader_release(&in) == -1 && status == RT_EX_OK)
			status = RT_EX_IOERR;
		rt_buf_release(&why);
		if (rt_input_stops(status, reject != NULL)) {
			release_all();
			return status;
		}
	}
	if (latest == NULL)
		index_rollouts();
	switch (cmd) {
	case C_START: rc = cmd_start(&o); break;
	case C_ASSIGN: rc = cmd_assign(&o); break;
	case C_STEP: rc = cmd_step(&o); break;
	case C_STATUS: rc = cmd_status(&o); break;
	case C_PLAN: rc = cmd_plan(&o); break;
	default: rc = cmd_hand(cmd, &o); break;
	}
	if (rc == RT_EX_OK && store && out.len > 0 && cmd != C_STATUS && cmd != C_PLAN) {
		char *a_imp[] = { "import", NULL };
		int code = 0;

		/* all the changes in one transaction */
		rc = run_store(a_imp, 0, &out, &code);
		if (rc != RT_EX_OK)
			rt_warnx("rt-store import failed (exit %d): nothing was changed", rc);
	}
	if (rc == RT_EX_OK && out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len)
		rc = RT_EX_IOERR;
	if (lock != NULL)
		PQfinish(lock);
	rt_buf_release(&why);
	release_all();
	if (rt_close_stdout() == -1 && rc == RT_EX_OK)
		rc = RT_EX_IOERR;
	if (rc == RT_EX_OK && !store)
		rc = status;	/* lines set aside with --reject: 65 at the end */
	return rc;
}
