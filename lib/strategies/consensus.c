/*
 * consensus: heavy or mixed agreement of the public.
 *
 * Ticket-weighted over the books' latest splits at the decision time:
 *   heavy  bets % and money % both reach `min_bets_pct`/`min_money_pct` on
 *          one side: `direction` follow bets that side, fade the other;
 *   mixed  bets % reach `min_bets_pct` on one side while money % reach
 *          `min_money_pct` on the other: follow bets the money's side,
 *          fade bets the tickets' side.
 */
#include <math.h>

#include "rt_strategy.h"

static const char *const MODE[] = { "heavy", "mixed", NULL };
static const char *const DIRECTION[] = { "follow", "fade", NULL };

static const struct rt_param PARAMS[] = {
	RT_COMMON_PARAMS,
	{ "mode", RT_PARAM_CHOICE, 0, 0, 0, 0, 1, MODE,
	  "heavy: tickets and money agree; mixed: they disagree" },
	{ "direction", RT_PARAM_CHOICE, 0, 0, 1, 0, 1, DIRECTION,
	  "follow or fade (see the rule)" },
	{ "min_bets_pct", RT_PARAM_FLOAT, 52, 90, 70, 0, 1, NULL,
	  "ticket share (%) on a side that counts as agreement" },
	{ "min_money_pct", RT_PARAM_FLOAT, 52, 90, 70, 0, 0, NULL,
	  "money share (%) on a side that counts as agreement" },
	{ "min_tickets", RT_PARAM_INT, 0, 5000, 100, 0, 0, NULL,
	  "tickets the books must have taken on the game" },
};

enum { P_MODE = RT_P_COMMON, P_DIRECTION, P_BETS, P_MONEY, P_TICKETS };

static int
decide(const struct rt_games *gs, const struct rt_game *g, int64_t at,
    const double *p, struct rt_decision *d)
{
	double bets, money, tickets;
	int side = 0;	/* +1 home, -1 away: the side the rule backs when following */

	(void)gs;
	if (rt_splits_at(g, at, &bets, &money, &tickets) == -1 || tickets < p[P_TICKETS])
		return 0;
	if ((int)p[P_MODE] == 0) {
		if (bets >= p[P_BETS] && money >= p[P_MONEY])
			side = 1;
		else if (100 - bets >= p[P_BETS] && 100 - money >= p[P_MONEY])
			side = -1;
		d->confidence = side ? fmin(1, (fmax(fabs(bets - 50), fabs(money - 50)) -
		    (p[P_BETS] - 50)) / 20 + 0.25) : 0;
	} else {
		/* follow = the money's side */
		if (bets >= p[P_BETS] && 100 - money >= p[P_MONEY])
			side = -1;
		else if (100 - bets >= p[P_BETS] && money >= p[P_MONEY])
			side = 1;
		d->confidence = side ? fmin(1, fabs(money - bets) / 50) : 0;
	}
	if (side == 0)
		return 0;
	if ((int)p[P_DIRECTION] == 1)
		side = -side;
	d->side = side > 0 ? RT_HOME : RT_AWAY;
	return 1;
}

const struct rt_strategy rt_strategy_consensus = {
	"consensus", "follow or fade heavy (or mixed) public agreement",
	PARAMS, (int)(sizeof PARAMS / sizeof PARAMS[0]), 1, decide
};
