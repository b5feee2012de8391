/*
 * sharp_action: follow the money when money % runs well above bets % on
 * one side: a few large tickets, the mark of sharp bettors.
 *
 * The differential (money % - bets % on the home side) of each book that
 * publishes splits, as of its latest snapshot known at the decision time,
 * plus `timing_weight` times its change over the last `timing_window`
 * minutes (later money is stronger); books are then averaged with weights
 * (`book_weighting`: equal, by tickets, or by how sharp a book's customers
 * are).  The rule bets the
 * side the money favours when the differential reaches `min_differential`
 * on at least `min_books` books and the tickets reach `min_tickets`.
 */
#include <math.h>
#include <string.h>

#include "rt_strategy.h"

static const char *const WEIGHTING[] = { "equal", "tickets", "sharpness", NULL };

static const struct rt_param PARAMS[] = {
	RT_COMMON_PARAMS,
	{ "min_differential", RT_PARAM_FLOAT, 2, 40, 10, 0, 1, NULL,
	  "money % minus bets % on the side, in points, that makes a bet" },
	{ "min_tickets", RT_PARAM_INT, 0, 5000, 100, 0, 0, NULL,
	  "tickets the books must have taken on the game" },
	{ "min_books", RT_PARAM_INT, 1, 4, 1, 0, 0, NULL,
	  "books whose own differential must reach half the threshold" },
	{ "timing_window", RT_PARAM_INT, 15, 240, 60, 0, 0, NULL,
	  "minutes of recent money that count extra" },
	{ "timing_weight", RT_PARAM_FLOAT, 0, 2, 0.5, 0, 1, NULL,
	  "how much extra: the differential's change in the window, times this" },
	{ "book_weighting", RT_PARAM_CHOICE, 0, 0, 2, 0, 0, WEIGHTING,
	  "how books are weighed against each other" },
};

enum { P_DIFF = RT_P_COMMON, P_TICKETS, P_BOOKS, P_WINDOW, P_WEIGHT, P_WEIGHTING };

static int
decide(const struct rt_games *gs, const struct rt_game *g, int64_t at,
    const double *p, struct rt_decision *d)
{
	double sum = 0, wsum = 0, tickets = 0;
	int64_t before = at - (int64_t)p[P_WINDOW] * 60;
	int b, home_books = 0, away_books = 0;

	for (b = 0; b < g->nbooks; b++) {
		const struct rt_game_book *gb = &g->books[b];
		const struct rt_split_snap *last = rt_book_splits_at(gb, at), *prev;
		double diff, w;

		if (last == NULL || last->home_bets > 100 || last->home_money > 100)
			continue;
		diff = (double)last->home_money - (double)last->home_bets;
		/* Later is stronger: the differential's change over the last
		 * timing_window minutes counts again, timing_weight times. */
		prev = rt_book_splits_at(gb, before);
		if (prev != NULL && prev->home_bets <= 100 && prev->home_money <= 100)
			diff += p[P_WEIGHT] * (diff - ((double)prev->home_money -
			    (double)prev->home_bets));
		switch ((int)p[P_WEIGHTING]) {
		case 1: w = last->tickets > 0 ? last->tickets : 1; break;
		case 2: w = gs->sharpness[gb->book]; break;
		default: w = 1;
		}
		sum += w * diff;
		wsum += w;
		tickets += last->tickets > 0 ? last->tickets : 0;
		if (diff >= p[P_DIFF] / 2)
			home_books++;
		else if (diff <= -p[P_DIFF] / 2)
			away_books++;
	}
	if (wsum == 0 || tickets < p[P_TICKETS])
		return 0;
	sum /= wsum;
	if (sum >= p[P_DIFF] && home_books >= p[P_BOOKS])
		d->side = RT_HOME;
	else if (sum <= -p[P_DIFF] && away_books >= p[P_BOOKS])
		d->side = RT_AWAY;
	else
		return 0;
	d->confidence = fmin(1, (fabs(sum) - p[P_DIFF]) / p[P_DIFF] + 0.25);
	return 1;
}

const struct rt_strategy rt_strategy_sharp_action = {
	"sharp_action", "follow the money where money % runs well above bets %",
	PARAMS, (int)(sizeof PARAMS / sizeof PARAMS[0]), 1, decide
};
