/*
 * rt_strategy: what a betting strategy is to rt, and the registry of them.
 *
 * A strategy is a decision rule over the snapshots of one game known at
 * its decision time, with a parameter space (the contract's `param`
 * records).  The rules live one per file under lib/strategies/; adding a
 * strategy is adding a file and a line in lib/strategies/registry.c.  The
 * backtest engine (rt_backtest.h) owns everything the rules share: the
 * decision time, pricing, staking, settlement.
 *
 * Every space starts with the common parameters (RT_COMMON_PARAMS), read
 * by the engine: decision_minutes, price_book, min_odds, max_odds.
 */
#ifndef RT_STRATEGY_H
#define RT_STRATEGY_H

#include <stdint.h>

#include "rt_buf.h"
#include "rt_games.h"
#include "rt_json.h"

enum rt_param_type { RT_PARAM_FLOAT, RT_PARAM_INT, RT_PARAM_CHOICE };

struct rt_param {
	const char *name;
	enum rt_param_type type;
	double low, high;	/* float and int */
	double dflt;		/* choice: index into choices */
	int log;		/* searched on a log scale */
	int high_impact;	/* moves results most: targeted optimization */
	const char *const *choices;	/* NULL-terminated, choice only */
	const char *doc;
};

extern const char *const rt_price_books[];	/* "best", then book names */

/* Indexes of the common parameters in every space. */
enum { RT_P_DECISION, RT_P_BOOK, RT_P_MIN_ODDS, RT_P_MAX_ODDS, RT_P_COMMON };

#define RT_COMMON_PARAMS \
	{ "decision_minutes", RT_PARAM_INT, 0, 240, 30, 0, 1, NULL, \
	  "minutes before first pitch the bet is decided and placed" }, \
	{ "price_book", RT_PARAM_CHOICE, 0, 0, 0, 0, 0, rt_price_books, \
	  "where the bet is priced: the best price of all books, or one book" }, \
	{ "min_odds", RT_PARAM_INT, -1000, -100, -250, 0, 0, NULL, \
	  "no bet on a side dearer than this American price" }, \
	{ "max_odds", RT_PARAM_INT, 100, 1000, 250, 0, 0, NULL, \
	  "no bet on a side longer than this American price" }

enum rt_side { RT_HOME, RT_AWAY };

struct rt_decision {
	enum rt_side side;
	double confidence;	/* 0..1: how strongly the rule fired */
};

struct rt_strategy {
	const char *name;
	const char *summary;
	const struct rt_param *params;
	int nparams;
	int needs_splits;	/* games without splits are skipped */
	/*
	 * 1 and *d filled when the rule bets on g at time at; 0 when not.
	 * Only snapshots known at `at` may be read (rt_book_*_at()).
	 */
	int (*decide)(const struct rt_games *gs, const struct rt_game *g,
	    int64_t at, const double *p, struct rt_decision *d);
};

extern const struct rt_strategy *const rt_strategies[];	/* NULL-terminated */

const struct rt_strategy *rt_strategy_find(const char *name);

/* The defaults of a space into p (nparams values). */
void rt_params_defaults(const struct rt_strategy *s, double *p);

/*
 * Parameters from a JSON object (borrowed): missing ones keep their value
 * in p, unknown ones and values outside the space are refused with a
 * reason in err.  Choice values are given by name.
 */
int rt_params_from_json(const struct rt_strategy *s, const struct rt_json *obj,
    double *p, struct rt_buf *err);

/* Writes the parameters as a JSON object (choices by name). */
void rt_params_write(const struct rt_strategy *s, const double *p, struct rt_jw *w);

/* Writes the space as `param` records, one line each, into out. */
void rt_params_space(const struct rt_strategy *s, struct rt_buf *out);

/* Index of a parameter by name, or -1. */
int rt_param_index(const struct rt_strategy *s, const char *name);

/* ---- helpers the rules share ---- */

/* Fair (margin-free) home probability of a snapshot, or -1. */
double rt_fair_home(const struct rt_odds_snap *o);

/*
 * The reference book of a game: pinnacle where it has it, else its first
 * book (the sharpest close we can name); -1 for a game without books.
 * rt_metrics' market features, rt-sim's redraw and the closing-line
 * figures below all price against it.
 */
int rt_ref_book(const struct rt_games *gs, const struct rt_game *g);

/*
 * The fair (no-vig, multiplicative) home probability of the reference
 * book's close, once the market had closed by `now`: a snapshot tagged
 * close known by then, or an untagged last snapshot once the first pitch
 * (else the end of the game's day) has passed.  -1 when not known.
 * docs/metrics.md ("Closing-line value").
 */
double rt_close_fair_home(const struct rt_games *gs, const struct rt_game *g, int64_t now);

/* Mean fair home probability over the books' latest prices at t (or their
 * opens when t is INT64_MIN), -1 when none. */
double rt_consensus_home(const struct rt_game *g, int64_t t);

/*
 * Ticket-weighted split figures over the books' latest splits at t:
 * home bets %, home money %, tickets.  -1 when no book has splits by t.
 */
int rt_splits_at(const struct rt_game *g, int64_t t, double *bets, double *money,
    double *tickets);

#endif
