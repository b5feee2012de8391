/*
 * line_movement: bet with (or against) the way the line moved.
 *
 * Moves are in fair (margin-free) home probability, averaged over books.
 * Signals, any of which `signal` can require:
 *   steam    at least `steam_books` books moved `min_move`/2 the same way
 *            within the last `steam_window` minutes;
 *   late     the consensus moved `min_move` in the last `late_window` minutes;
 *   reverse  the line moved `min_move` since the open against the side
 *            holding at least `rlm_min_bets` % of the tickets (needs splits);
 *   any      one of those, or an open-to-now move of `min_move`.
 * `direction` follow bets the side the line moved toward; fade the other.
 * Runs without splits (the SBRO data): reverse then never fires.
 */
#include <math.h>

#include "rt_strategy.h"

static const char *const SIGNAL[] = { "any", "steam", "late", "reverse", NULL };
static const char *const DIRECTION[] = { "follow", "fade", NULL };

static const struct rt_param PARAMS[] = {
	RT_COMMON_PARAMS,
	{ "signal", RT_PARAM_CHOICE, 0, 0, 0, 0, 1, SIGNAL,
	  "which movement makes a bet" },
	{ "direction", RT_PARAM_CHOICE, 0, 0, 0, 0, 1, DIRECTION,
	  "follow the move or fade it" },
	{ "min_move", RT_PARAM_FLOAT, 0.005, 0.08, 0.02, 1, 1, NULL,
	  "move in fair home probability that counts" },
	{ "steam_books", RT_PARAM_INT, 2, 6, 3, 0, 0, NULL,
	  "books that must move together for steam" },
	{ "steam_window", RT_PARAM_INT, 5, 120, 30, 0, 0, NULL,
	  "minutes within which the books move together" },
	{ "late_window", RT_PARAM_INT, 30, 360, 120, 0, 0, NULL,
	  "minutes before the decision that count as late" },
	{ "rlm_min_bets", RT_PARAM_FLOAT, 50, 80, 60, 0, 0, NULL,
	  "ticket share (%) of the side a reverse move goes against" },
};

enum { P_SIGNAL = RT_P_COMMON, P_DIRECTION, P_MOVE, P_STEAM_BOOKS, P_STEAM_WIN,
	P_LATE_WIN, P_RLM_BETS };

static int
decide(const struct rt_games *gs, const struct rt_game *g, int64_t at,
    const double *p, struct rt_decision *d)
{
	double now = 0, open = 0, before = 0, move, late_move = 0, bets, money, tickets;
	double strength = 0;
	int64_t t_steam = at - (int64_t)p[P_STEAM_WIN] * 60;
	int64_t t_late = at - (int64_t)p[P_LATE_WIN] * 60;
	int signal = (int)p[P_SIGNAL], dir = 0, b, up = 0, down = 0;
	int n_now = 0, n_open = 0, n_before = 0;
	int steam = 0, late = 0, reverse = 0, drift = 0;

	(void)gs;
	/* One pass over the books: each price looked up once. */
	for (b = 0; b < g->nbooks; b++) {
		const struct rt_game_book *gb = &g->books[b];
		const struct rt_odds_snap *o1 = rt_book_odds_at(gb, at);
		double f1, f0, fo, fb;

		if (o1 == NULL || (f1 = rt_fair_home(o1)) < 0)
			continue;
		now += f1;
		n_now++;
		if ((fo = rt_fair_home(rt_book_open(gb))) >= 0) {
			open += fo;
			n_open++;
		}
		if ((fb = rt_fair_home(rt_book_odds_at(gb, t_late))) >= 0) {
			before += fb;
			n_before++;
		}
		/* steam: books moving together within the window */
		if ((f0 = rt_fair_home(rt_book_odds_at(gb, t_steam))) < 0)
			continue;
		if (f1 - f0 >= p[P_MOVE] / 2)
			up++;
		else if (f0 - f1 >= p[P_MOVE] / 2)
			down++;
	}
	if (n_now == 0 || n_open == 0)
		return 0;
	now /= n_now;
	open /= n_open;
	move = now - open;
	if (up >= p[P_STEAM_BOOKS] && up > down)
		steam = 1;
	else if (down >= p[P_STEAM_BOOKS] && down > up)
		steam = -1;
	if (n_before > 0) {
		late_move = now - before / n_before;
		if (fabs(late_move) >= p[P_MOVE])
			late = late_move > 0 ? 1 : -1;
	}
	if (fabs(move) >= p[P_MOVE]) {
		drift = move > 0 ? 1 : -1;
		if (rt_splits_at(g, at, &bets, &money, &tickets) == 0 &&
		    ((move < 0 && bets >= p[P_RLM_BETS]) ||
		    (move > 0 && 100 - bets >= p[P_RLM_BETS])))
			reverse = drift;
	}
	switch (signal) {
	case 1: dir = steam; strength = steam ? 1 : 0; break;
	case 2: dir = late; strength = fabs(late_move); break;
	case 3: dir = reverse; strength = fabs(move); break;
	default:
		dir = steam ? steam : late ? late : reverse ? reverse : drift;
		strength = fmax(fabs(move), fabs(late_move));
	}
	if (dir == 0)
		return 0;
	if ((int)p[P_DIRECTION] == 1)
		dir = -dir;
	d->side = dir > 0 ? RT_HOME : RT_AWAY;
	d->confidence = signal == 1 ? 0.75 : fmin(1, strength / (2 * p[P_MOVE]));
	return 1;
}

const struct rt_strategy rt_strategy_line_movement = {
	"line_movement", "steam, late moves and reverse line movement, followed or faded",
	PARAMS, (int)(sizeof PARAMS / sizeof PARAMS[0]), 0, decide
};
