/*
 * rt_sim: a simulated MLB betting market whose hidden truth is known
 * (docs/market-model.md).  A season's schedule (30 teams, series of three,
 * 162 games a team, rainouts made up as doubleheaders), team strengths
 * that drift day by day, starting pitchers, and for every game a market:
 * books that open from a noisy estimate of the truth, public money biased
 * toward favourites, home teams, popular teams and overs, sharp money that
 * bets when its better estimate finds an edge and moves the sharp books
 * first, recreational books that follow them with a lag and shade against
 * their public liability.  Steam and reverse line movement come out of
 * that mechanism.  Everything is drawn from GSL's generators seeded by
 * (seed, season) and (seed, game): the same options give the same bytes,
 * and a game does not depend on which other games are written.
 */
#ifndef RT_SIM_H
#define RT_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_json.h"

/* The hidden parameters a regime can change (docs/market-model.md). */
struct rt_sim_params {
	double home_adv;	/* true home edge, logit */
	double strength_sd;	/* team strength spread, logit */
	double drift_sd;	/* daily random walk of strength, logit */
	double pitcher_sd;	/* starting pitcher quality spread, logit */
	double total_mean;	/* expected runs per game */
	double total_sd;	/* spread of games' expected totals */
	double open_noise;	/* error of the opening estimate, logit */
	double news_sd;		/* late news that moves the truth, logit */
	double sharp_noise;	/* error of the sharp estimate, logit */
	double sharp_activity;	/* expected sharp bet events per game */
	double sharp_threshold;	/* edge (probability) sharps need */
	double sharp_stake;	/* mean stake of a sharp bet */
	double market_speed;	/* share of the gap a sharp bet closes */
	double public_volume;	/* expected public tickets per game and book */
	double public_stake;	/* mean public stake */
	double public_fav_bias;	/* pull of the favourite on public tickets */
	double public_home_bias; /* pull of the home team, logit */
	double public_popular_bias; /* pull of popular teams, logit */
	double public_over_bias; /* pull of the over, logit */
	double rec_shade;	/* how far rec books shade against public money */
	double rec_follow;	/* share of the sharp books' move rec books take */
	double rec_lag_scale;	/* multiplies the rec books' lags */
	double margin_scale;	/* multiplies every book's margin */
};

extern const struct rt_sim_params RT_SIM_DEFAULTS;

/* Sets "key=value" in p; -1 with *why when the key is unknown or the value bad. */
int rt_sim_param_set(struct rt_sim_params *p, const char *key, const char *value,
    const char **why);

/* The documented keys, in order, for --help and docs: NULL-terminated. */
extern const char *const rt_sim_param_keys[];

/*
 * A named market: settings applied before any --regime, from the first
 * day on (rt-sim --market NAME).  "realistic" is the market of the demo
 * and of the decision benchmarks (docs/market-model.md, "The realistic
 * market"): strategies' true edges of a few points, not tens.
 */
struct rt_sim_setting {
	const char *name;
	const char *about;
	const char *const *settings;	/* "key=value", NULL-terminated */
};

extern const struct rt_sim_setting rt_sim_markets[];	/* NULL name ends */
const struct rt_sim_setting *rt_sim_market_find(const char *name);

#define RT_SIM_MAXBOOKS 6

struct rt_sim_book {
	const char *name;
	int sharp;		/* moves on sharp money at once, no lag */
	double margin;		/* overround, before margin_scale */
	int lag_min;		/* minutes behind the sharp books (rec books) */
	int splits;		/* publishes betting splits */
	int round5;		/* prices in steps of 5 */
};

extern const struct rt_sim_book rt_sim_books[RT_SIM_MAXBOOKS];

struct rt_sim_regime {
	int32_t from;		/* date the change takes effect */
	int order;		/* position on the command line */
	char key[32];
	char value[32];
};

struct rt_sim_opts {
	uint64_t seed;
	int32_t from, to;	/* dates, inclusive */
	int nteams;		/* 2..30, even */
	unsigned books;		/* bit set over rt_sim_books */
	int interval_min;	/* snapshot cadence in the active window */
	int active_hours;	/* snapshots this long before first pitch */
	int truth;		/* add the hidden truth to each game */
	struct rt_sim_regime *regimes;	/* borrowed, sorted by date */
	size_t nregimes;
	const struct rt_sim_setting *market;	/* NULL: the defaults; its settings
						 * hold before every regime */
};

/*
 * Writes every game of [from, to] as one NDJSON line each, day by day, to
 * the callback (which returns -1 to stop, e.g. on a write error).  Returns
 * 0, or -1 when stopped.
 */
int rt_sim_run(const struct rt_sim_opts *o,
    int (*emit)(const char *line, size_t len, void *arg), void *arg);

/*
 * rt-sim --redraw-results: an efficient market out of any game record
 * (docs/market-model.md).  The home team wins with the fair (margin-free,
 * multiplicative) home probability of the reference book's close: `book`,
 * or when NULL pinnacle if the game has it, else the book of its first
 * odds snapshot (the choice of rt-metrics' market features).  The close is
 * the last snapshot tagged close, else the last.  The draw comes from an MT19937
 * seeded by (seed, game_id) alone, so it does not depend on the other
 * games or their order.  The scores follow the drawn winner: swapped when
 * the original winner lost the draw (the total stays), a tie k-k becomes
 * (k+1)-(k-1), 0-0 becomes 1-0.
 */
enum rt_sim_redraw {
	RT_SIM_REDRAW_BAD = -1,		/* bad record: the reason in err */
	RT_SIM_REDRAW_NO_RESULT,	/* not final: unchanged */
	RT_SIM_REDRAW_NO_PRICE,		/* no fair probability at the reference close: unchanged */
	RT_SIM_REDRAW_SAME,		/* the draw kept the original scores: unchanged */
	RT_SIM_REDRAW_DONE		/* the record with its new result is in out */
};

/* Redraws one game record's result.  Only with RT_SIM_REDRAW_DONE is
 * anything written to out: the record, members in their order, and a
 * newline. */
enum rt_sim_redraw rt_sim_redraw(const struct rt_json *game, uint64_t seed,
    const char *book, struct rt_buf *out, struct rt_buf *err);

#endif
