/*
 * rt_backtest: runs one strategy version over games and makes its bets.
 *
 * For each game, in start order: the decision time is `decision_minutes`
 * before first pitch (a game without a start time, like SBRO's, is decided
 * at its closing line); strategies that need splits skip games without
 * them; the rule sees only what was known then.  A bet is priced at the
 * best price among the books at that time (or at `price_book`), skipped
 * when outside [min_odds, max_odds], staked flat (1 unit) or by Kelly, and
 * settled if the result was known by `now`: win, loss, or push on a tie.
 * Its close_odds are the same book's closing price on the same side; its
 * close_prob the side's no-vig probability at the reference book's close
 * (docs/metrics.md, "Closing-line value").
 *
 * Kelly: p = fair probability of the side at the bet's book (multiplicative
 * margin removal) + confidence * kelly_edge; stake = bankroll *
 * kelly_fraction * max(0, (p d - 1) / (d - 1)), the bankroll being the
 * starting one plus the profit of every bet settled before the decision.
 */
#ifndef RT_BACKTEST_H
#define RT_BACKTEST_H

#include <stdint.h>

#include "rt_games.h"
#include "rt_strategy.h"

struct rt_bt_opts {
	const struct rt_strategy *s;
	const double *params;
	int kelly;
	double kelly_fraction;	/* of the full Kelly stake */
	double kelly_edge;	/* edge over the fair price at confidence 1 */
	double bankroll;
	int64_t now;		/* INT64_MAX: everything known */
	int32_t from, to;	/* game dates bet on; both 0: all */
};

enum rt_bet_status { RT_BET_PENDING, RT_BET_WIN, RT_BET_LOSS, RT_BET_PUSH, RT_BET_VOID };

struct rt_bet {
	const struct rt_game *g;	/* borrowed from the games */
	enum rt_side side;
	int book;
	int64_t placed;
	int32_t odds, close_odds;	/* close_odds 0 when unknown */
	/* the no-vig closing probability of the bet's side at the reference
	 * book (rt_close_fair_home); NAN when not known by `now` */
	double close_prob;
	double stake, confidence, profit;
	enum rt_bet_status status;
	int64_t settles;		/* when the result became known */
	int counted;			/* in the Kelly bankroll already */
};

struct rt_bets {
	struct rt_bet *v;	/* owned */
	size_t n, cap;
};

void rt_bets_init(struct rt_bets *b);
void rt_bets_release(struct rt_bets *b);

/* The bets of one run (appended to out, which is reset first). */
void rt_backtest_run(const struct rt_games *gs, const struct rt_bt_opts *o,
    struct rt_bets *out);

/* Writes one bet record. */
void rt_bet_write(const struct rt_bet *b, const struct rt_games *gs,
    const char *strategy, const char *version, const char *arm, struct rt_jw *w);

const char *rt_bet_status_name(enum rt_bet_status s);

#endif
