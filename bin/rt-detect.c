/*
 * rt-detect: decides, as of --now, which strategies need retraining and
 * what to alert on.  Reads metric, market, schedule, trigger, job, model,
 * game and bet records (one mixed stream); writes trigger and alert
 * records, and the schedule records whose last_run moved.
 *
 *	rt-detect [--now T] [--config FILE] [--strategy S]... [FILE...]
 *	rt-detect --manual --strategy S --reason R --severity LEVEL [FILE...]
 *
 * The rules are lib/rt_detect.c; see rt-detect(1) and docs/triggers.md.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_buf.h"
#include "rt_cron.h"
#include "rt_detect.h"
#include "rt_err.h"
#include "rt_game.h"
#include "rt_hash.h"
#include "rt_ndjson.h"
#include "rt_opt.h"
#include "rt_time.h"

static const char SYNOPSIS[] =
    "rt-detect [--now T] [--config FILE] [--strategy S]... [--SETTING VALUE]...\n"
    "                 [--naive] [--exit-status] [--verbose] [--reject FILE] [FILE...]\n"
    "       rt-detect --manual --strategy S --reason R --severity LEVEL [--force] [FILE...]\n"
    "       rt-detect --print-config [--config FILE] [--strategy S]";

#define MAXSTRAT 256
#define MAXWIN 16
#define MAXFIRE 64

/* One strategy version's latest metric records (production arm). */
struct group {
	char strategy[64], version[96];
	struct {
		char name[16];
		int64_t as_of;
		struct rt_dwin w;
	} win[MAXWIN];
	int nwin;
	int64_t change_as_of;
	struct rt_dchange ret, clv;
};

struct market {
	struct rt_dmarket m;
	int64_t as_of;
};

struct schedule {
	char name[128], strategy[64], priority[16];
	int cron_type, enabled, has_last;
	double interval_h;
	struct rt_cron cron;
	char cron_expr[128];
	int64_t last_run;
	char *doc;		/* the record as read, to write back updated */
};

struct trig {
	char id[128], strategy[64];
	enum rt_ttype type;
	int active;
};

struct job {
	char id[128], strategy[64], status[16];
	int64_t finished;	/* finished, else updated, else created; -1 */
};

struct model {
	char strategy[64], version[96];
	int32_t train_until;	/* -1 without */
	int64_t created;	/* -1 without */
};

struct sbet {
	int strategy;		/* index in the strategy list */
	int32_t date;
	uint64_t id;		/* hash of bet_id: a bet given twice counts once */
};

struct sgame {
	int32_t date;
	uint64_t id;		/* hash of game_id */
};

struct strat {
	char name[64];
	struct rt_dcfg cfg;
};

/* A setting from --config or an option: applied in order. */
struct setting {
	char section[64];	/* "" for all strategies */
	char key[64], val[64];
	const char *file;
	size_t line;
};

static struct {
	struct group *g;
	size_t ng;
	struct market *mk;
	size_t nmk;
	struct schedule *sc;
	size_t nsc;
	struct trig *tr;
	size_t ntr;
	struct job *jb;
	size_t njb;
	struct model *md;
	size_t nmd;
	struct sgame *games;	/* games final by now */
	size_t ngames;
	struct sbet *bets;
	size_t nbets;
	struct strat st[MAXSTRAT];
	int nst;
	struct setting *set;
	size_t nset;
	const char *only[MAXSTRAT];
	int nonly;
	int64_t now;
	int verbose;
} S;

#define GROW(arr, n) do { \
	if (((n) & ((n) - 1)) == 0) \
		(arr) = rt_xrealloc((arr), ((n) ? 2 * (n) : 1) * sizeof *(arr)); \
} while (0)

static void
help(void)
{
	printf("usage: %s\n\n", SYNOPSIS);
	fputs("Reads metric, market, schedule, trigger, job, model, game and bet records\n"
	    "and writes, as of --now, a trigger record per strategy and type whose rules\n"
	    "fire, alert records for figures beyond their alert levels, and the schedule\n"
	    "records that came due (their last_run moved to their latest fire time).\n\n"
	    "  --now T              the time decided at (default: the clock)\n"
	    "  --config FILE        settings, 'key = value', [strategy] sections\n"
	    "  --strategy S         only these strategies (repeatable)\n"
	    "  --SETTING VALUE      any setting of the config file as an option, with\n"
	    "                       dashes for underscores: --min-roi-percentage 3\n"
	    "  --naive              no sample-size and significance gating (comparison)\n"
	    "  --exit-status        exit 1 when a trigger was written\n"
	    "  --verbose            say on stderr which triggers were held back, and why\n"
	    "  --reject FILE        write bad lines to FILE and go on\n"
	    "  --manual             one manual trigger: --strategy, --reason, --severity\n"
	    "  --force              with --manual: write it even if one is active\n"
	    "  --print-config       print the settings in effect and exit\n"
	    "  -h, --help, --version\n\n"
	    "Settings and their defaults (rt-detect --print-config):\n", stdout);
	{
		struct rt_dcfg c;
		struct rt_buf b = RT_BUF_INIT;

		rt_dcfg_defaults(&c);
		rt_dcfg_write(&c, &b);
		fwrite(b.p, 1, b.len, stdout);
		rt_buf_release(&b);
	}
	fputs("\nSee rt-detect(1) and docs/triggers.md.\n", stdout);
}


/* ---- settings ---- */

static void
add_setting(const char *section, const char *key, const char *val, const char *file,
    size_t line)
{
	struct setting *s;

	GROW(S.set, S.nset);
	s = &S.set[S.nset++];
	memset(s, 0, sizeof *s);
	snprintf(s->section, sizeof s->section, "%s", section);
	snprintf(s->key, sizeof s->key, "%s", key);
	snprintf(s->val, sizeof s->val, "%s", val);
	s->file = file;
	s->line = line;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

/* The config file: "key = value" lines, '#' comments, "[strategy]" sections. */
static void
read_config(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024], section[64] = "";
	size_t ln = 0;
	struct rt_dcfg probe;
	struct rt_buf err = RT_BUF_INIT;

	if (f == NULL) {
		rt_die(RT_EX_IOERR, "--config: cannot open '%s'", path);
		return;	/* not reached: for cppcheck */
	}
	rt_dcfg_defaults(&probe);
	while (fgets(line, sizeof line, f) != NULL) {
		char *s, *eq, *hash;

		ln++;
		if (strchr(line, '\n') == NULL && !feof(f))
			rt_die(RT_EX_DATAERR, "%s:%zu: line too long", path, ln);
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		s = trim(line);
		if (*s == '\0')
			continue;
		if (*s == '[') {
			char *e = strchr(s, ']');

			if (e == NULL || e[1] != '\0' || e - s - 1 < 1 || e - s - 1 >= 64) {
				rt_die(RT_EX_DATAERR, "%s:%zu: expected [strategy]", path, ln);
				return;	/* not reached: for cppcheck */
			}
			*e = '\0';
			snprintf(section, sizeof section, "%s", trim(s + 1));
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			rt_die(RT_EX_DATAERR, "%s:%zu: expected 'key = value'", path, ln);
			return;	/* not reached: for cppcheck */
		}
		*eq = '\0';
		rt_buf_reset(&err);
		if (strlen(trim(s)) >= 64 || strlen(trim(eq + 1)) >= 64 ||
		    rt_dcfg_set(&probe, trim(s), trim(eq + 1), &err) == -1)
			rt_die(RT_EX_DATAERR, "%s:%zu: %s", path, ln,
			    err.len ? err.p : "key or value too long");
		add_setting(section, trim(s), trim(eq + 1), path, ln);
	}
	if (ferror(f))
		rt_die(RT_EX_IOERR, "--config: reading '%s' failed", path);
	fclose(f);
	rt_buf_release(&err);
}

static int
strat_index(const char *name)
{
	int i;

	if (name == NULL || *name == '\0' || strlen(name) >= 64)
		return -1;
	for (i = 0; i < S.nst; i++)
		if (strcmp(S.st[i].name, name) == 0)
			return i;
	if (S.nst == MAXSTRAT)
		rt_die(RT_EX_DATAERR, "more than %d strategies", MAXSTRAT);
	snprintf(S.st[S.nst].name, sizeof S.st[S.nst].name, "%s", name);
	return S.nst++;
}

/* The settings of a strategy: defaults, the file's global settings, its
 * section, then the options (which are global), in that order. */
static void
strat_cfg(const char *name, struct rt_dcfg *c)
{
	struct rt_buf err = RT_BUF_INIT;
	size_t i;
	int pass;

	rt_dcfg_defaults(c);
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < S.nset; i++) {
			const struct setting *s = &S.set[i];
			int want = s->file == NULL ? 2 : s->section[0] ? 1 : 0;

			if (want != pass || (pass == 1 && strcmp(s->section, name) != 0))
				continue;
			rt_buf_reset(&err);
			if (rt_dcfg_set(c, s->key, s->val, &err) == -1)
				rt_die(RT_EX_USAGE, "%s", err.p);	/* checked before */
		}
	rt_buf_release(&err);
}

/* ---- records ---- */

static int
get_str(const struct rt_json *o, const char *key, int required, char *buf, size_t size,
    struct rt_buf *err)
{
	const struct rt_json *v = rt_json_get(o, key);
	const char *s;

	buf[0] = '\0';
	if (v == NULL || rt_json_type(v) == RT_JSON_NULL) {
		if (required)
			rt_buf_addf(err, "missing \"%s\"", key);
		return required ? -1 : 0;
	}
	if ((s = rt_json_str(v)) == NULL) {
		rt_buf_addf(err, "\"%s\" is not a string", key);
		return -1;
	}
	if (strlen(s) >= size || (required && *s == '\0')) {
		rt_buf_addf(err, "\"%s\" is %s", key, *s ? "too long" : "empty");
		return -1;
	}
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

/* A time member: 0 (set), 1 (absent or null: *t = -1), -1 (bad). */
static int
get_time(const struct rt_json *o, const char *key, int64_t *t, struct rt_buf *err)
{
	const struct rt_json *v = rt_json_get(o, key);
	const char *s, *why;

	*t = -1;
	if (v == NULL || rt_json_type(v) == RT_JSON_NULL)
		return 1;
	if ((s = rt_json_str(v)) == NULL || rt_time_parse(s, strlen(s), t, &why) == -1) {
		rt_buf_addf(err, "\"%s\" is not a time (YYYY-MM-DDTHH:MM:SSZ)", key);
		return -1;
	}
	return 0;
}

/* A number member: NAN when absent or null; -1 when not a number. */
static int
get_num(const struct rt_json *o, const char *key, double *d, struct rt_buf *err)
{
	const struct rt_json *v = rt_json_get(o, key);

	*d = NAN;
	if (v == NULL || rt_json_type(v) == RT_JSON_NULL)
		return 0;
	if (rt_json_num(v, d) == -1) {
		rt_buf_addf(err, "\"%s\" is not a number", key);
		return -1;
	}
	return 0;
}

static int
get_int(const struct rt_json *o, const char *key, int64_t *n, struct rt_buf *err)
{
	double d;

	if (get_num(o, key, &d, err) == -1)
		return -1;
	if (isnan(d)) {
		*n = 0;
		return 0;
	}
	if (d != floor(d) || d < 0 || d > 1e15) {
		rt_buf_addf(err, "\"%s\" is not a whole number >= 0", key);
		return -1;
	}
	*n = (int64_t)d;
	return 0;
}

/* A number read by get_num (NAN: absent) within [lo, hi]. */
static int
in_range(double d, const char *key, double lo, double hi, struct rt_buf *err)
{
	if (isnan(d) || (d >= lo && d <= hi))
		return 0;
	if (isinf(hi))
		rt_buf_addf(err, "\"%s\" %g is below %g", key, d, lo);
	else
		rt_buf_addf(err, "\"%s\" %g is outside %g..%g", key, d, lo, hi);
	return -1;
}

static int
read_change(const struct rt_json *ch, const char *key, struct rt_dchange *c,
    struct rt_buf *err)
{
	const struct rt_json *s = rt_json_get(ch, key), *cu, *ph;

	memset(c, 0, sizeof *c);
	if (s == NULL || rt_json_type(s) == RT_JSON_NULL)
		return 0;
	cu = rt_json_get(s, "cusum");
	ph = rt_json_get(s, "page_hinkley");
	if (rt_json_type(s) != RT_JSON_OBJECT || rt_json_type(cu) != RT_JSON_OBJECT ||
	    rt_json_type(ph) != RT_JSON_OBJECT) {
		rt_buf_addf(err, "\"change.%s\" is not a change object", key);
		return -1;
	}
	if (get_int(s, "n", &c->n, err) == -1 || get_int(s, "warmup", &c->warmup, err) == -1 ||
	    get_num(cu, "k", &c->cusum_k, err) == -1 ||
	    get_num(cu, "stat", &c->cusum_stat, err) == -1 ||
	    get_num(ph, "delta", &c->ph_delta, err) == -1 ||
	    get_num(ph, "stat", &c->ph_stat, err) == -1)
		return -1;
	if (!isfinite(c->cusum_k) || c->cusum_k < 0 || !isfinite(c->ph_delta) || c->ph_delta < 0) {
		rt_buf_addf(err, "\"change.%s\" has no allowance k or delta >= 0", key);
		return -1;
	}
	c->present = 1;
	return 0;
}

static int
add_metric(const struct rt_json *o, struct rt_buf *err)
{
	char strategy[64], version[96], arm[32], window[16];
	int64_t as_of;
	struct rt_dwin w;
	struct group *g = NULL;
	const struct rt_json *ch;
	size_t i;
	int k;

	memset(&w, 0, sizeof w);
	if (get_str(o, "strategy", 1, strategy, sizeof strategy, err) == -1 ||
	    get_str(o, "version", 0, version, sizeof version, err) == -1 ||
	    get_str(o, "arm", 0, arm, sizeof arm, err) == -1 ||
	    get_str(o, "window", 1, window, sizeof window, err) == -1)
		return -1;
	if (get_time(o, "as_of", &as_of, err) != 0) {
		if (err->len == 0)
			rt_buf_adds(err, "missing \"as_of\"");
		return -1;
	}
	if (get_int(o, "bets", &w.m.bets, err) == -1 || get_int(o, "wins", &w.m.wins, err) == -1 ||
	    get_int(o, "losses", &w.m.losses, err) == -1 ||
	    get_int(o, "return_n", &w.m.return_n, err) == -1 ||
	    get_num(o, "roi_pct", &w.m.roi_pct, err) == -1 ||
	    get_num(o, "win_rate", &w.m.win_rate, err) == -1 ||
	    get_num(o, "return_mean", &w.m.return_mean, err) == -1 ||
	    get_num(o, "return_sd", &w.m.return_sd, err) == -1 ||
	    get_num(o, "max_drawdown_pct", &w.m.max_drawdown_pct, err) == -1 ||
	    get_num(o, "breakeven_rate", &w.m.breakeven_rate, err) == -1 ||
	    get_int(o, "close_ev_n", &w.m.close_ev_n, err) == -1 ||
	    get_num(o, "close_ev_pct", &w.m.close_ev_pct, err) == -1 ||
	    get_num(o, "close_ev_sd", &w.m.close_ev_sd, err) == -1)
		return -1;
	if (w.m.wins + w.m.losses > w.m.bets) {
		rt_buf_adds(err, "\"wins\" and \"losses\" exceed \"bets\"");
		return -1;
	}
	/* Figures out of their range are bad input, not a reason for an
	 * alert: a win rate of 1.5 would hide a real collapse. */
	if (in_range(w.m.win_rate, "win_rate", 0, 1, err) == -1 ||
	    in_range(w.m.breakeven_rate, "breakeven_rate", 0, 1, err) == -1 ||
	    in_range(w.m.roi_pct, "roi_pct", -100, INFINITY, err) == -1 ||
	    in_range(w.m.return_sd, "return_sd", 0, INFINITY, err) == -1 ||
	    in_range(w.m.close_ev_pct, "close_ev_pct", -100, INFINITY, err) == -1 ||
	    in_range(w.m.close_ev_sd, "close_ev_sd", 0, INFINITY, err) == -1 ||
	    in_range(w.m.max_drawdown_pct, "max_drawdown_pct", 0, INFINITY, err) == -1)
		return -1;
	w.present = 1;
	if (as_of > S.now)
		return 0;	/* measured after --now: not known yet */
	if (arm[0] && strcmp(arm, "production") != 0)
		return 0;	/* A/B arms are rt-rollout's business */
	if (strat_index(strategy) < 0)
		return 0;
	for (i = 0; i < S.ng; i++)
		if (strcmp(S.g[i].strategy, strategy) == 0 && strcmp(S.g[i].version, version) == 0)
			g = &S.g[i];
	if (g == NULL) {
		GROW(S.g, S.ng);
		g = &S.g[S.ng++];
		memset(g, 0, sizeof *g);
		memcpy(g->strategy, strategy, sizeof strategy);
		memcpy(g->version, version, sizeof version);
		g->change_as_of = -1;
	}
	if ((ch = rt_json_get(o, "change")) != NULL && rt_json_type(ch) != RT_JSON_NULL &&
	    as_of >= g->change_as_of) {
		if (rt_json_type(ch) != RT_JSON_OBJECT) {
			rt_buf_adds(err, "\"change\" is not an object");
			return -1;
		}
		if (read_change(ch, "returns", &g->ret, err) == -1 ||
		    read_change(ch, "clv", &g->clv, err) == -1)
			return -1;
		g->change_as_of = as_of;
	}
	for (k = 0; k < g->nwin; k++)
		if (strcmp(g->win[k].name, window) == 0)
			break;
	if (k == g->nwin) {
		if (g->nwin == MAXWIN)
			return 0;
		g->nwin++;
		memcpy(g->win[k].name, window, sizeof window);
		g->win[k].as_of = -1;
	}
	if (as_of >= g->win[k].as_of) {
		g->win[k].as_of = as_of;
		g->win[k].w = w;
	}
	return 0;
}

static int
add_market(const struct rt_json *o, struct rt_buf *err)
{
	struct market m;
	size_t i;

	memset(&m, 0, sizeof m);
	if (get_str(o, "feature", 1, m.m.feature, sizeof m.m.feature, err) == -1 ||
	    get_str(o, "window", 1, m.m.window, sizeof m.m.window, err) == -1)
		return -1;
	if (get_time(o, "as_of", &m.as_of, err) != 0) {
		if (err->len == 0)
			rt_buf_adds(err, "missing \"as_of\"");
		return -1;
	}
	if (get_int(o, "n", &m.m.n, err) == -1 || get_int(o, "reference_n", &m.m.nref, err) == -1 ||
	    get_num(o, "psi", &m.m.psi, err) == -1 || get_num(o, "ks", &m.m.ks, err) == -1 ||
	    get_num(o, "ks_p", &m.m.ks_p, err) == -1)
		return -1;
	if (m.as_of > S.now || strcmp(m.m.window, "all") == 0)
		return 0;
	for (i = 0; i < S.nmk; i++)
		if (strcmp(S.mk[i].m.feature, m.m.feature) == 0 &&
		    strcmp(S.mk[i].m.window, m.m.window) == 0) {
			if (m.as_of >= S.mk[i].as_of)
				S.mk[i] = m;
			return 0;
		}
	GROW(S.mk, S.nmk);
	S.mk[S.nmk++] = m;
	return 0;
}

static int
add_schedule(const struct rt_record *rec, struct rt_buf *err)
{
	const struct rt_json *o = rec->json, *en;
	struct schedule sc;
	char type[16];
	const char *why;
	size_t i;

	memset(&sc, 0, sizeof sc);
	sc.enabled = 1;
	if (get_str(o, "name", 1, sc.name, sizeof sc.name, err) == -1 ||
	    get_str(o, "strategy", 1, sc.strategy, sizeof sc.strategy, err) == -1 ||
	    get_str(o, "type", 1, type, sizeof type, err) == -1 ||
	    get_str(o, "priority", 0, sc.priority, sizeof sc.priority, err) == -1)
		return -1;
	if (sc.priority[0] == '\0')
		strcpy(sc.priority, "normal");
	if (strcmp(sc.priority, "low") != 0 && strcmp(sc.priority, "normal") != 0 &&
	    strcmp(sc.priority, "high") != 0 && strcmp(sc.priority, "critical") != 0) {
		rt_buf_adds(err, "\"priority\" is not low, normal, high or critical");
		return -1;
	}
	if ((en = rt_json_get(o, "enabled")) != NULL && rt_json_type(en) != RT_JSON_NULL &&
	    rt_json_bool(en, &sc.enabled) == -1) {
		rt_buf_adds(err, "\"enabled\" is not true or false");
		return -1;
	}
	if (get_time(o, "last_run", &sc.last_run, err) == -1)
		return -1;
	sc.has_last = sc.last_run >= 0;
	if (strcmp(type, "interval") == 0) {
		if (get_num(o, "interval_hours", &sc.interval_h, err) == -1)
			return -1;
		if (!(sc.interval_h >= 1.0 / 60) || sc.interval_h > 1e6) {
			rt_buf_adds(err, "an interval schedule needs \"interval_hours\" from 1/60 (a minute) to 1e6");
			return -1;
		}
	} else if (strcmp(type, "cron") == 0) {
		sc.cron_type = 1;
		if (get_str(o, "cron", 1, sc.cron_expr, sizeof sc.cron_expr, err) == -1)
			return -1;
		if (rt_cron_parse(sc.cron_expr, &sc.cron, &why) == -1) {
			rt_buf_addf(err, "\"cron\" '%s': %s", sc.cron_expr, why);
			return -1;
		}
	} else {
		rt_buf_adds(err, "\"type\" is not interval or cron");
		return -1;
	}
	if (strat_index(sc.strategy) < 0)
		return 0;
	sc.doc = rt_xmalloc(rec->len + 1);
	memcpy(sc.doc, rec->text, rec->len);
	sc.doc[rec->len] = '\0';
	for (i = 0; i < S.nsc; i++)
		if (strcmp(S.sc[i].name, sc.name) == 0) {
			free(S.sc[i].doc);
			S.sc[i] = sc;
			return 0;
		}
	GROW(S.sc, S.nsc);
	S.sc[S.nsc++] = sc;
	return 0;
}

static int
add_trigger(const struct rt_json *o, struct rt_buf *err)
{
	struct trig t;
	char type[32], status[16];
	int64_t created;
	size_t i;

	memset(&t, 0, sizeof t);
	if (get_str(o, "trigger_id", 1, t.id, sizeof t.id, err) == -1 ||
	    get_str(o, "strategy", 1, t.strategy, sizeof t.strategy, err) == -1 ||
	    get_str(o, "type", 1, type, sizeof type, err) == -1 ||
	    get_str(o, "status", 1, status, sizeof status, err) == -1 ||
	    get_time(o, "created", &created, err) == -1)
		return -1;
	if (rt_ttype_parse(type, &t.type) == -1) {
		rt_buf_addf(err, "\"type\" '%s' is not a trigger type", type);
		return -1;
	}
	if (strcmp(status, "active") != 0 && strcmp(status, "resolved") != 0) {
		rt_buf_adds(err, "\"status\" is not active or resolved");
		return -1;
	}
	t.active = strcmp(status, "active") == 0;
	strat_index(t.strategy);
	if (created > S.now)
		return 0;	/* raised after --now: not known then */
	for (i = 0; i < S.ntr; i++)
		if (strcmp(S.tr[i].id, t.id) == 0) {
			S.tr[i] = t;	/* a later record of a trigger wins */
			return 0;
		}
	GROW(S.tr, S.ntr);
	S.tr[S.ntr++] = t;
	return 0;
}

static int
add_job(const struct rt_json *o, struct rt_buf *err)
{
	static const char *const ST[] = { "queued", "running", "succeeded", "failed",
		"cancelled", NULL };
	struct job j;
	int64_t t;
	size_t i;
	int k;

	memset(&j, 0, sizeof j);
	if (get_str(o, "job_id", 1, j.id, sizeof j.id, err) == -1 ||
	    get_str(o, "strategy", 1, j.strategy, sizeof j.strategy, err) == -1 ||
	    get_str(o, "status", 1, j.status, sizeof j.status, err) == -1)
		return -1;
	for (k = 0; ST[k] != NULL && strcmp(ST[k], j.status) != 0; k++)
		;
	if (ST[k] == NULL) {
		rt_buf_adds(err, "\"status\" is not queued, running, succeeded, failed or cancelled");
		return -1;
	}
	j.finished = -1;
	if (get_time(o, "created", &t, err) == -1)
		return -1;
	strat_index(j.strategy);
	if (t > S.now)
		return 0;	/* queued after --now: not known then */
	if (get_time(o, "finished", &t, err) == -1)
		return -1;
	if (t < 0 && get_time(o, "updated", &t, err) == -1)
		return -1;
	if (t < 0 && get_time(o, "created", &t, err) == -1)
		return -1;
	j.finished = t;
	/* ended after --now: it was still running then */
	if (t > S.now && (strcmp(j.status, "succeeded") == 0 || strcmp(j.status, "failed") == 0 ||
	    strcmp(j.status, "cancelled") == 0))
		strcpy(j.status, "running");
	for (i = 0; i < S.njb; i++)
		if (strcmp(S.jb[i].id, j.id) == 0) {
			S.jb[i] = j;
			return 0;
		}
	GROW(S.jb, S.njb);
	S.jb[S.njb++] = j;
	return 0;
}

static int
add_model(const struct rt_json *o, struct rt_buf *err)
{
	struct model m;
	char status[16], until[16];
	const char *why;
	size_t i;

	memset(&m, 0, sizeof m);
	if (get_str(o, "strategy", 1, m.strategy, sizeof m.strategy, err) == -1 ||
	    get_str(o, "version", 1, m.version, sizeof m.version, err) == -1 ||
	    get_str(o, "status", 1, status, sizeof status, err) == -1 ||
	    get_str(o, "train_until", 0, until, sizeof until, err) == -1 ||
	    get_time(o, "created", &m.created, err) == -1)
		return -1;
	m.train_until = -1;
	if (until[0] && rt_date_parse(until, strlen(until), &m.train_until, &why) == -1) {
		rt_buf_addf(err, "\"train_until\": %s", why);
		return -1;
	}
	strat_index(m.strategy);
	if (m.created > S.now)
		return 0;	/* made after --now: not known then */
	for (i = 0; i < S.nmd; i++)
		if (strcmp(S.md[i].strategy, m.strategy) == 0 &&
		    strcmp(S.md[i].version, m.version) == 0) {
			if (strcmp(status, "production") == 0)
				S.md[i] = m;
			else
				S.md[i].strategy[0] = '\0';	/* no longer production */
			return 0;
		}
	if (strcmp(status, "production") != 0)
		return 0;
	GROW(S.md, S.nmd);
	S.md[S.nmd++] = m;
	return 0;
}

static int
add_game(const struct rt_json *o, struct rt_buf *err)
{
	char date[16], id[128];
	int32_t d;
	int64_t known;
	const char *why;

	if (get_str(o, "game_id", 1, id, sizeof id, err) == -1 ||
	    get_str(o, "date", 1, date, sizeof date, err) == -1)
		return -1;
	if (rt_date_parse(date, strlen(date), &d, &why) == -1) {
		rt_buf_addf(err, "\"date\": %s", why);
		return -1;
	}
	if (rt_game_result_known(o, &known) == -1) {
		rt_buf_adds(err, "\"result\" has a malformed final_at");
		return -1;
	}
	if (known > S.now)
		return 0;
	GROW(S.games, S.ngames);
	S.games[S.ngames].date = d;
	S.games[S.ngames++].id = rt_fnv1a64(RT_FNV64_INIT, id);
	return 0;
}

static int
add_bet(const struct rt_json *o, struct rt_buf *err)
{
	char strategy[64], date[16], status[16], id[128];
	int64_t placed;
	int32_t d;
	const char *why;
	int i;

	if (get_str(o, "bet_id", 1, id, sizeof id, err) == -1 ||
	    get_str(o, "strategy", 1, strategy, sizeof strategy, err) == -1 ||
	    get_str(o, "date", 1, date, sizeof date, err) == -1 ||
	    get_str(o, "status", 1, status, sizeof status, err) == -1 ||
	    get_time(o, "placed", &placed, err) == -1)
		return -1;
	if (rt_date_parse(date, strlen(date), &d, &why) == -1) {
		rt_buf_addf(err, "\"date\": %s", why);
		return -1;
	}
	if (placed > S.now || rt_date_time(d) > S.now)
		return 0;
	if (strcmp(status, "win") != 0 && strcmp(status, "loss") != 0 &&
	    strcmp(status, "push") != 0)
		return 0;
	if ((i = strat_index(strategy)) < 0)
		return 0;
	GROW(S.bets, S.nbets);
	S.bets[S.nbets].strategy = i;
	S.bets[S.nbets].id = rt_fnv1a64(RT_FNV64_INIT, id);
	S.bets[S.nbets++].date = d;
	return 0;
}

static int
add_record(const struct rt_record *rec, struct rt_buf *err)
{
	switch (rec->kind) {
	case RT_KIND_METRIC: return add_metric(rec->json, err);
	case RT_KIND_MARKET: return add_market(rec->json, err);
	case RT_KIND_SCHEDULE: return add_schedule(rec, err);
	case RT_KIND_TRIGGER: return add_trigger(rec->json, err);
	case RT_KIND_JOB: return add_job(rec->json, err);
	case RT_KIND_MODEL: return add_model(rec->json, err);
	case RT_KIND_GAME: return add_game(rec->json, err);
	case RT_KIND_BET: return add_bet(rec->json, err);
	default: return 0;
	}
}

/* ---- decisions ---- */

/* FNV-1a of a field and a separator no text contains (the byte 0xff). */
static uint64_t
fnv64(uint64_t h, const char *s)
{
	return rt_fnv1a64(rt_fnv1a64(h, s), "\xff");
}

static void
write_fire_json(struct rt_jw *w, const struct rt_dfire *f, const char *version)
{
	rt_jw_obj(w);
	rt_jw_key(w, "rule");
	rt_jw_str(w, f->rule);
	if (f->feature[0]) {
		rt_jw_key(w, "feature");
		rt_jw_str(w, f->feature);
	}
	if (f->window[0]) {
		rt_jw_key(w, f->type == RT_T_DRIFT ? "series" : "window");
		rt_jw_str(w, f->window);
	}
	if (version != NULL && *version) {
		rt_jw_key(w, "version");
		rt_jw_str(w, version);
	}
	rt_jw_key(w, "value");
	rt_jw_num(w, f->value);
	rt_jw_key(w, "threshold");
	rt_jw_num(w, f->threshold);
	if (f->type == RT_T_NEW_DATA && strcmp(f->rule, "max_days_since_retraining") != 0) {
		rt_jw_key(w, "new_games");
		rt_jw_int(w, f->n);
		rt_jw_key(w, "new_outcomes");
		rt_jw_int(w, f->n2);
	} else {
		if (f->n > 0) {
			rt_jw_key(w, "n");
			rt_jw_int(w, f->n);
		}
		if (f->n2 > 0) {
			rt_jw_key(w, "n_reference");
			rt_jw_int(w, f->n2);
		}
	}
	if (f->test[0]) {
		rt_jw_key(w, "test");
		rt_jw_str(w, f->test);
	}
	if (f->type == RT_T_DRIFT) {
		rt_jw_key(w, "arl_at_value");
		rt_jw_num(w, f->stat);
	} else if (isfinite(f->stat)) {
		rt_jw_key(w, "statistic");
		rt_jw_num(w, f->stat);
	}
	if (isfinite(f->p)) {
		rt_jw_key(w, "p_value");
		rt_jw_num(w, f->p);
	}
	rt_jw_key(w, "severity");
	rt_jw_str(w, rt_severity_name(f->severity));
	rt_jw_key(w, "reason");
	rt_jw_str(w, f->reason);
	rt_jw_end(w);
}

struct fires {
	struct rt_dfire f[MAXFIRE];
	const char *version[MAXFIRE];
	int n;
};

static void
collect(struct fires *fs, int n, const char *version)
{
	int i;

	for (i = fs->n; i < fs->n + n; i++)
		fs->version[i] = version;
	fs->n += n;
}

static int
emit_trigger(struct rt_buf *out, const char *strategy, enum rt_ttype type,
    const struct fires *fs, const struct rt_dcfg *c, const char *extra_id)
{
	char created[RT_TIME_BUFSZ], id[40];
	int i, top = -1, sev = 0, any = 0;
	uint64_t h = RT_FNV64_INIT;
	struct rt_jw w;

	for (i = 0; i < fs->n; i++)
		if (fs->f[i].type == type) {
			any++;
			if (fs->f[i].severity > sev) {
				sev = fs->f[i].severity;
				top = i;
			}
		}
	if (!any)
		return 0;
	rt_time_format(S.now, created);
	h = fnv64(h, strategy);
	h = fnv64(h, rt_ttype_name(type));
	h = fnv64(h, created);
	h = fnv64(h, extra_id ? extra_id : "");
	snprintf(id, sizeof id, "trg-%016llx", (unsigned long long)h);
	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind");
	rt_jw_str(&w, "trigger");
	rt_jw_key(&w, "trigger_id");
	rt_jw_str(&w, id);
	rt_jw_key(&w, "strategy");
	rt_jw_str(&w, strategy);
	rt_jw_key(&w, "type");
	rt_jw_str(&w, rt_ttype_name(type));
	rt_jw_key(&w, "severity");
	rt_jw_str(&w, rt_severity_name(sev));
	rt_jw_key(&w, "reason");
	if (any > 1) {
		char r[256];

		snprintf(r, sizeof r, "%s (and %d more)", fs->f[top].reason, any - 1);
		rt_jw_str(&w, r);
	} else
		rt_jw_str(&w, fs->f[top].reason);
	rt_jw_key(&w, "evidence");
	rt_jw_obj(&w);
	rt_jw_key(&w, "as_of");
	rt_jw_str(&w, created);
	if (type == RT_T_PERF || type == RT_T_MARKET) {
		rt_jw_key(&w, "naive");
		rt_jw_bool(&w, c->naive);
	}
	if (type == RT_T_PERF && !c->naive) {
		rt_jw_key(&w, "significance_level");
		rt_jw_num(&w, c->alpha);
		rt_jw_key(&w, "min_bets");
		rt_jw_int(&w, c->min_bets);
	} else if (type == RT_T_DRIFT) {
		rt_jw_key(&w, "target_arl_bets");
		rt_jw_num(&w, c->drift_arl);
	} else if (type == RT_T_MARKET && !c->naive) {
		rt_jw_key(&w, "significance_level");
		rt_jw_num(&w, c->market_alpha);
	}
	rt_jw_key(&w, "rules");
	rt_jw_arr(&w);
	for (i = 0; i < fs->n; i++)
		if (fs->f[i].type == type)
			write_fire_json(&w, &fs->f[i], fs->version[i]);
	rt_jw_end(&w);
	rt_jw_end(&w);
	rt_jw_key(&w, "created");
	rt_jw_str(&w, created);
	rt_jw_key(&w, "status");
	rt_jw_str(&w, "active");
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
	return 1;
}

static void
emit_alert(struct rt_buf *out, const char *strategy, const char *version,
    const struct rt_dfire *f, const char *metric)
{
	char at[RT_TIME_BUFSZ];
	struct rt_jw w;

	rt_time_format(S.now, at);
	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind");
	rt_jw_str(&w, "alert");
	rt_jw_key(&w, "level");
	rt_jw_str(&w, f->severity >= 4 ? "critical" : "warning");
	rt_jw_key(&w, "strategy");
	if (strategy)
		rt_jw_str(&w, strategy);
	else
		rt_jw_null(&w);
	if (version && *version) {
		rt_jw_key(&w, "version");
		rt_jw_str(&w, version);
	}
	rt_jw_key(&w, "metric");
	rt_jw_str(&w, metric);
	rt_jw_key(&w, "value");
	rt_jw_num(&w, f->value);
	rt_jw_key(&w, "threshold");
	rt_jw_num(&w, f->threshold);
	rt_jw_key(&w, "message");
	rt_jw_str(&w, f->reason);
	rt_jw_key(&w, "at");
	rt_jw_str(&w, at);
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
}

/* A window's figures and time: 0, or -1 (*w absent) when not given. */
static int
find_win(const struct group *g, const char *name, struct rt_dwin *w, int64_t *at)
{
	int k;

	for (k = 0; k < g->nwin; k++)
		if (strcmp(g->win[k].name, name) == 0) {
			*w = g->win[k].w;
			*at = g->win[k].as_of;
			return 0;
		}
	memset(w, 0, sizeof *w);
	*at = -1;
	return -1;
}

/* The version a production model names for the strategy, or NULL. */
static const char *
production_version(const char *strategy)
{
	size_t i;

	for (i = 0; i < S.nmd; i++)
		if (strcmp(S.md[i].strategy, strategy) == 0)
			return S.md[i].version;
	return NULL;
}

static int
wanted(const char *name)
{
	int i;

	if (S.nonly == 0)
		return 1;
	for (i = 0; i < S.nonly; i++)
		if (strcmp(S.only[i], name) == 0)
			return 1;
	return 0;
}

/*
 * The time a due schedule last fired, from its first fire time in
 * (last_run, now]: the new last_run, so that an interval keeps its
 * rhythm and a missed fire is not run twice.
 */
static int64_t
last_fire(const struct schedule *sc, int64_t first)
{
	int64_t t = first, next;
	long guard;

	if (!sc->cron_type) {
		int64_t step = (int64_t)(sc->interval_h * 3600);

		if (!sc->has_last || step <= 0)
			return S.now;
		return t + (S.now - t) / step * step;
	}
	/* a year of minutes at most; beyond that, --now itself */
	for (guard = 0; guard < 530000; guard++) {
		next = rt_cron_next(&sc->cron, t);
		if (next < 0 || next > S.now)
			return t;
		t = next;
	}
	return S.now;
}

/* Why a new trigger of this type for this strategy is held back, or NULL. */
static const char *
held_back(const char *strategy, enum rt_ttype type, const struct rt_dcfg *c,
    char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < S.ntr; i++)
		if (S.tr[i].active && S.tr[i].type == type &&
		    strcmp(S.tr[i].strategy, strategy) == 0) {
			snprintf(buf, size, "trigger %s of this type is active", S.tr[i].id);
			return buf;
		}
	if (type == RT_T_MANUAL || type == RT_T_SCHEDULED)
		return NULL;
	for (i = 0; i < S.njb; i++) {
		const struct job *j = &S.jb[i];

		if (strcmp(j->strategy, strategy) != 0)
			continue;
		if (strcmp(j->status, "queued") == 0 || strcmp(j->status, "running") == 0) {
			snprintf(buf, size, "retraining job %s is %s", j->id, j->status);
			return buf;
		}
		if (strcmp(j->status, "succeeded") == 0 && j->finished >= 0 &&
		    j->finished <= S.now && (double)(S.now - j->finished) < c->cooldown_h * 3600) {
			snprintf(buf, size, "cooling down after retraining job %s (%.0f h)",
			    j->id, c->cooldown_h);
			return buf;
		}
	}
	return NULL;
}

struct manual {
	int on, force, severity;
	const char *strategy, *reason;
};

static int
decide(struct rt_buf *out, const struct manual *man)
{
	int si, written = 0;
	size_t i, k;

	for (si = 0; si < S.nst; si++) {
		const char *name = S.st[si].name;
		struct rt_dcfg *c = &S.st[si].cfg;
		struct fires fs;
		struct rt_dfire al[MAXFIRE];
		int t, na;

		if (!wanted(name))
			continue;
		fs.n = 0;
		if (man->on) {
			if (strcmp(man->strategy, name) != 0)
				continue;
			memset(&fs.f[0], 0, sizeof fs.f[0]);
			fs.f[0].type = RT_T_MANUAL;
			fs.f[0].rule = "manual";
			fs.f[0].severity = man->severity;
			fs.f[0].stat = fs.f[0].p = NAN;
			fs.f[0].value = fs.f[0].threshold = NAN;
			fs.f[0].test = "";
			snprintf(fs.f[0].reason, sizeof fs.f[0].reason, "%s", man->reason);
			fs.version[0] = NULL;
			fs.n = 1;
			goto emit;
		}
		for (i = 0; i < S.ng; i++) {
			struct group *g = &S.g[i];
			struct rt_dwin w[3];
			int64_t at[3], latest = -1;
			const char *prod = production_version(name);
			int j, n;

			if (strcmp(g->strategy, name) != 0)
				continue;
			/* with a production model given, only its version is judged:
			 * a version it replaced keeps its bad windows for months */
			if (prod != NULL && strcmp(prod, g->version) != 0)
				continue;
			for (j = 0; j < 3; j++) {
				char wn[16];

				snprintf(wn, sizeof wn, "%dd", c->days[j]);
				if (find_win(g, wn, &w[j], &at[j]) == 0 && at[j] > latest)
					latest = at[j];
			}
			for (j = 0; j < 3; j++) {
				char wn[16];

				/* the windows are compared with each other: one time */
				if (w[j].present && at[j] != latest)
					memset(&w[j], 0, sizeof w[j]);
				snprintf(wn, sizeof wn, "%dd", c->days[j]);
				na = rt_detect_alerts_win(c, &w[j], wn, al, MAXFIRE);
				for (t = 0; t < na; t++) {
					char metric[48];

					snprintf(metric, sizeof metric, "%s.%s", al[t].rule, wn);
					emit_alert(out, name, g->version, &al[t], metric);
				}
			}
			n = rt_detect_perf(c, w, fs.f + fs.n, MAXFIRE - fs.n);
			collect(&fs, n, g->version);
			n = rt_detect_drift(c, &g->ret, &g->clv, fs.f + fs.n, MAXFIRE - fs.n);
			for (j = fs.n; j < fs.n + n; j++) {
				char metric[48];
				struct rt_dfire a = fs.f[j];

				a.severity = a.severity >= 4 ? 4 : 2;
				snprintf(metric, sizeof metric, "%s.%s", a.rule, a.window);
				emit_alert(out, name, g->version, &a, metric);
			}
			collect(&fs, n, g->version);
		}
		for (i = 0; i < S.nmk; i++) {
			int64_t W;
			const char *why;
			int n;

			/* a shift the production version was trained on is no news:
			 * only recent windows that began after its train_until count */
			if (rt_duration_parse(S.mk[i].m.window, strlen(S.mk[i].m.window), &W,
			    &why) == -1)
				continue;
			for (k = 0; k < S.nmd; k++)
				if (strcmp(S.md[k].strategy, name) == 0 && S.md[k].train_until >= 0 &&
				    S.mk[i].as_of - W < rt_date_time(S.md[k].train_until + 1))
					break;
			if (k < S.nmd)
				continue;
			n = rt_detect_market(c, &S.mk[i].m, fs.f + fs.n, MAXFIRE - fs.n);
			collect(&fs, n, NULL);
		}
		/* new data since the production model's training */
		for (i = 0; i < S.nmd; i++) {
			const struct model *m = &S.md[i];
			int64_t ng = 0, nb = 0, last;
			struct rt_dfire *f;
			char d[RT_DATE_BUFSZ];

			if (strcmp(m->strategy, name) != 0 || m->train_until < 0)
				continue;
			/* sorted by id (main): a record given twice counts once */
			for (k = 0; k < S.ngames; k++)
				ng += S.games[k].date > m->train_until &&
				    (k == 0 || S.games[k].id != S.games[k - 1].id);
			for (k = 0; k < S.nbets; k++)
				nb += S.bets[k].strategy == si && S.bets[k].date > m->train_until &&
				    (k == 0 || S.bets[k].id != S.bets[k - 1].id);
			rt_date_format(m->train_until, d);
			if ((ng >= c->new_games || nb >= c->new_outcomes) && fs.n < MAXFIRE) {
				f = &fs.f[fs.n];
				memset(f, 0, sizeof *f);
				f->type = RT_T_NEW_DATA;
				f->rule = ng >= c->new_games ? "new_games" : "new_outcomes";
				f->value = (double)(ng >= c->new_games ? ng : nb);
				f->threshold = (double)(ng >= c->new_games ? c->new_games :
				    c->new_outcomes);
				f->n = ng;
				f->n2 = nb;
				f->stat = f->p = NAN;
				f->test = "";
				f->severity = 1;
				snprintf(f->reason, sizeof f->reason,
				    "%lld new games and %lld settled bets since train_until %s",
				    (long long)ng, (long long)nb, d);
				collect(&fs, 1, m->version);
			}
			/* the last retraining: a succeeded job, the model's creation,
			 * or at least the end of its training data */
			last = m->created >= 0 ? m->created : rt_date_time(m->train_until + 1);
			for (k = 0; k < S.njb; k++)
				if (strcmp(S.jb[k].strategy, name) == 0 &&
				    strcmp(S.jb[k].status, "succeeded") == 0 &&
				    S.jb[k].finished > last && S.jb[k].finished <= S.now)
					last = S.jb[k].finished;
			if ((double)(S.now - last) > c->max_days * 86400 && fs.n < MAXFIRE) {
				f = &fs.f[fs.n];
				memset(f, 0, sizeof *f);
				f->type = RT_T_NEW_DATA;
				f->rule = "max_days_since_retraining";
				f->value = (double)(S.now - last) / 86400;
				f->threshold = c->max_days;
				f->stat = f->p = NAN;
				f->test = "";
				f->severity = 2;
				snprintf(f->reason, sizeof f->reason,
				    "%.0f days since the last retraining (more than %.0f)",
				    f->value, c->max_days);
				collect(&fs, 1, m->version);
			}
		}
		/* schedules that came due in (last_run, now] */
		for (i = 0; i < S.nsc; i++) {
			struct schedule *sc = &S.sc[i];
			struct rt_dfire *f;
			int due;
			int64_t fire;

			if (strcmp(sc->strategy, name) != 0 || !sc->enabled || fs.n >= MAXFIRE)
				continue;
			if (sc->has_last && sc->last_run > S.now)
				continue;
			if (sc->cron_type) {
				fire = rt_cron_next(&sc->cron, sc->has_last ? sc->last_run :
				    S.now - 366 * 86400LL);
				due = fire >= 0 && fire <= S.now;
			} else {
				fire = sc->has_last ? sc->last_run + (int64_t)(sc->interval_h * 3600) :
				    S.now;
				due = fire <= S.now;
			}
			if (!due)
				continue;
			f = &fs.f[fs.n];
			memset(f, 0, sizeof *f);
			f->type = RT_T_SCHEDULED;
			f->rule = sc->cron_type ? "cron" : "interval";
			snprintf(f->window, sizeof f->window, "%s", "");
			f->value = f->threshold = NAN;
			f->stat = f->p = NAN;
			f->test = "";
			f->severity = strcmp(sc->priority, "normal") == 0 ? 2 :
			    rt_severity_parse(sc->priority);
			if (sc->cron_type)
				snprintf(f->reason, sizeof f->reason, "schedule %.80s (cron '%.60s') due",
				    sc->name, sc->cron_expr);
			else
				snprintf(f->reason, sizeof f->reason, "schedule %.80s (every %g h) due",
				    sc->name, sc->interval_h);
			collect(&fs, 1, NULL);
			sc->last_run = last_fire(sc, fire);	/* written back below */
			sc->has_last = 2;
		}
emit:
		for (t = 0; t < RT_T_COUNT; t++) {
			const char *hb;
			char buf[256];
			int any = 0;

			for (k = 0; k < (size_t)fs.n; k++)
				any |= fs.f[k].type == (enum rt_ttype)t;
			if (!any)
				continue;
			hb = man->on && man->force ? NULL :
			    held_back(name, (enum rt_ttype)t, c, buf, sizeof buf);
			if (hb != NULL) {
				if (S.verbose || man->on)
					rt_warnx("%s %s: held back: %s", name,
					    rt_ttype_name((enum rt_ttype)t), hb);
				continue;
			}
			written += emit_trigger(out, name, (enum rt_ttype)t, &fs, c,
			    man->on ? man->reason : NULL);
		}
	}
	/* the market's own alerts, once (settings of the first strategy
	 * section do not apply: the market belongs to none) */
	if (!man->on) {
		struct rt_dcfg c;
		struct rt_dfire al[4];

		strat_cfg("", &c);
		for (i = 0; i < S.nmk; i++) {
			int na = rt_detect_alerts_market(&c, &S.mk[i].m, al, 4);

			for (k = 0; k < (size_t)na; k++) {
				char metric[64];

				snprintf(metric, sizeof metric, "psi.%s.%s", S.mk[i].m.feature,
				    S.mk[i].m.window);
				emit_alert(out, NULL, NULL, &al[k], metric);
			}
		}
		/* schedules whose last_run moved */
		for (i = 0; i < S.nsc; i++) {
			struct schedule *sc = &S.sc[i];
			struct rt_json *o;
			const struct rt_json *m;
			const char *why;
			char lr[RT_TIME_BUFSZ];
			struct rt_jw w;

			if (sc->has_last != 2)
				continue;
			o = rt_json_parse(NULL, sc->doc, strlen(sc->doc), &why, NULL);
			if (o == NULL)
				rt_die(RT_EX_SOFTWARE, "schedule %s: %s", sc->name, why);
			rt_time_format(sc->last_run, lr);
			rt_jw_init(&w, out);
			rt_jw_obj(&w);
			for (m = rt_json_first(o); m != NULL; m = rt_json_next(m)) {
				if (strcmp(rt_json_key(m), "last_run") == 0)
					continue;
				rt_jw_key(&w, rt_json_key(m));
				rt_jw_value(&w, m);
			}
			rt_jw_key(&w, "last_run");
			rt_jw_str(&w, lr);
			rt_jw_end(&w);
			rt_buf_addc(out, '\n');
			rt_json_free(o);
		}
	}
	return written;
}

/* ---- main ---- */

/* By id; of one id, the later date first: a game or bet given twice
 * counts once, at the later of its dates. */
static int
cmp_game(const void *x, const void *y)
{
	const struct sgame *a = x, *b = y;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return (a->date < b->date) - (a->date > b->date);
}

static int
cmp_bet(const void *x, const void *y)
{
	const struct sbet *a = x, *b = y;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return (a->date < b->date) - (a->date > b->date);
}

int
main(int argc, char *argv[])
{
	enum { O_CONFIG = 256, O_STRATEGY, O_NOW, O_NAIVE, O_EXIT, O_VERBOSE, O_REJECT,
		O_MANUAL, O_REASON, O_SEVERITY, O_FORCE, O_PRINT, O_HELP, O_VERSION, O_SET };
	static const struct option fixed[] = {
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "strategy", required_argument, NULL, O_STRATEGY },
		{ "now", required_argument, NULL, O_NOW },
		{ "naive", no_argument, NULL, O_NAIVE },
		{ "exit-status", no_argument, NULL, O_EXIT },
		{ "verbose", no_argument, NULL, O_VERBOSE },
		{ "reject", required_argument, NULL, O_REJECT },
		{ "manual", no_argument, NULL, O_MANUAL },
		{ "reason", required_argument, NULL, O_REASON },
		{ "severity", required_argument, NULL, O_SEVERITY },
		{ "force", no_argument, NULL, O_FORCE },
		{ "print-config", no_argument, NULL, O_PRINT },
	};
	/* every setting is an option too: --min-roi-percentage 3 */
	static const char *const setting_opts[] = {
		"min-roi-percentage", "roi-degradation-percentage", "min-close-ev-percentage",
		"close-ev-min-bets", "min-win-rate",
		"win-rate-degradation-percentage", "short-term-days", "medium-term-days",
		"long-term-days", "min-bets", "significance-level", "drift-arl-bets",
		"market-significance", "psi-threshold", "ks-threshold", "market-min-games", "drift-clv", "new-data-games",
		"new-data-outcomes", "max-days-since-retraining", "cooldown-hours",
		"alert-roi-warning", "alert-roi-critical", "alert-win-rate-warning",
		"alert-win-rate-critical", "alert-drawdown-warning", "alert-drawdown-critical",
		"alert-psi-warning", "alert-psi-critical", NULL
	};
	/* the fixed options, the settings and the terminating zero */
	struct option longopts[sizeof fixed / sizeof fixed[0] +
	    sizeof setting_opts / sizeof setting_opts[0]];
	const char *reject = NULL, *why, *severity = NULL;
	struct manual man = { 0, 0, 0, NULL, NULL };
	struct rt_buf out = RT_BUF_INIT, err = RT_BUF_INIT;
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_dcfg probe;
	int c, idx, rc, exit_status = 0, print = 0, written, i, nfixed, nsettings;
	char **files;
	size_t nfiles;

	rt_err_init(argv[0]);
	rt_opt_synopsis(SYNOPSIS);
	S.now = rt_time_clock();
	nfixed = (int)(sizeof fixed / sizeof fixed[0]);
	memcpy(longopts, fixed, sizeof fixed);
	for (i = 0; setting_opts[i] != NULL; i++) {
		longopts[nfixed + i].name = setting_opts[i];
		longopts[nfixed + i].has_arg = required_argument;
		longopts[nfixed + i].flag = NULL;
		longopts[nfixed + i].val = O_SET + i;
	}
	nsettings = i;
	memset(&longopts[nfixed + i], 0, sizeof longopts[0]);
	rt_dcfg_defaults(&probe);
	while ((c = getopt_long(argc, argv, "h", longopts, &idx)) != -1) {
		switch (c) {
		case 'h':
		case O_HELP:
			help();
			rt_exit_stdout();
		case O_VERSION:
			rt_print_version();
			rt_exit_stdout();
		case O_CONFIG: read_config(optarg); break;
		case O_STRATEGY:
			if (S.nonly == MAXSTRAT || strlen(optarg) >= 64 || *optarg == '\0') {
				rt_warnx("--strategy '%s': empty, too long or too many", optarg);
				rt_usage_die(SYNOPSIS);
			}
			S.only[S.nonly++] = optarg;
			break;
		case O_NOW:
			if (rt_now_parse(optarg, &S.now, &why) == -1) {
				rt_warnx("--now '%s': %s", optarg, why);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case O_NAIVE: add_setting("", "naive", "true", NULL, 0); break;
		case O_EXIT: exit_status = 1; break;
		case O_VERBOSE: S.verbose = 1; break;
		case O_REJECT: reject = optarg; break;
		case O_MANUAL: man.on = 1; break;
		case O_REASON: man.reason = optarg; break;
		case O_SEVERITY: severity = optarg; break;
		case O_FORCE: man.force = 1; break;
		case O_PRINT: print = 1; break;
		default:
			if (c >= O_SET && c < O_SET + nsettings) {
				char key[64], *p;

				snprintf(key, sizeof key, "%s", setting_opts[c - O_SET]);
				for (p = key; *p; p++)
					if (*p == '-')
						*p = '_';
				rt_buf_reset(&err);
				if (strlen(optarg) >= 64 || rt_dcfg_set(&probe, key, optarg, &err) == -1) {
					rt_warnx("--%s: %s", setting_opts[c - O_SET],
					    err.len ? err.p : "value too long");
					rt_usage_die(SYNOPSIS);
				}
				add_setting("", key, optarg, NULL, 0);
				break;
			}
			rt_usage_die(SYNOPSIS);
		}
	}
	if (print) {
		struct rt_dcfg cfg;

		strat_cfg(S.nonly ? S.only[0] : "", &cfg);
		rt_dcfg_write(&cfg, &out);
		fwrite(out.p, 1, out.len, stdout);
		rt_buf_release(&out);
		rt_exit_stdout();
	}
	if (man.on) {
		if (S.nonly != 1 || man.reason == NULL || severity == NULL) {
			rt_warnx("--manual needs one --strategy, --reason and --severity");
			rt_usage_die(SYNOPSIS);
		}
		if ((man.severity = rt_severity_parse(severity)) < 0) {
			rt_warnx("--severity '%s': expected low, medium, high or critical", severity);
			rt_usage_die(SYNOPSIS);
		}
		if (*man.reason == '\0' || strlen(man.reason) > 180) {
			rt_warnx("--reason: empty or longer than 180 bytes");
			rt_usage_die(SYNOPSIS);
		}
		man.strategy = S.only[0];
		strat_index(man.strategy);
	} else if (man.reason || severity || man.force) {
		rt_warnx("--reason, --severity and --force go with --manual");
		rt_usage_die(SYNOPSIS);
	}
	for (i = 0; i < S.nonly; i++)
		strat_index(S.only[i]);

	/* --manual from a terminal reads no input: there is nothing to check
	 * it against but what is piped in */
	files = argv + optind;
	nfiles = (size_t)(argc - optind);
	rc = RT_EX_OK;
	if (!(man.on && nfiles == 0 && isatty(STDIN_FILENO))) {
		rt_reader_init(&in, files, nfiles, reject, 0, RT_KIND_ALL);
		while ((rec = rt_reader_next(&in)) != NULL) {
			rt_buf_reset(&err);
			if (add_record(rec, &err) == -1 && !rt_reader_reject(&in, "%s", err.p))
				break;
		}
		rc = rt_reader_status(&in);
		rt_reader_release(&in);
		if (rt_input_stops(rc, reject != NULL))
			goto done;
	}
	for (i = 0; i < S.nst; i++)
		strat_cfg(S.st[i].name, &S.st[i].cfg);
	if (S.ngames > 1)
		qsort(S.games, S.ngames, sizeof *S.games, cmp_game);
	if (S.nbets > 1)
		qsort(S.bets, S.nbets, sizeof *S.bets, cmp_bet);
	written = decide(&out, &man);
	if (out.len > 0 && fwrite(out.p, 1, out.len, stdout) != out.len)
		rc = RT_EX_IOERR;
	if (rc == RT_EX_OK && exit_status && written > 0)
		rc = 1;
done:
	rt_buf_release(&out);
	rt_buf_release(&err);
	for (i = 0; i < (int)S.nsc; i++)
		free(S.sc[i].doc);
	free(S.sc);
	free(S.g);
	free(S.mk);
	free(S.tr);
	free(S.jb);
	free(S.md);
	free(S.games);
	free(S.bets);
	free(S.set);
	if (rt_close_stdout() == -1)
		rc = RT_EX_IOERR;
	return rc;
}
