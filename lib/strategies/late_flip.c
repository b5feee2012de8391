/*
 * late_flip: the sharp side flips in the last hours.
 *
 * The differential (money % - bets % on the home side, ticket-weighted
 * over the books) `flip_window` minutes before the decision marks the
 * early sharp side when it reaches `min_differential`.  The side flipped
 * when by the decision the differential has swung at least `min_swing`
 * points the other way (splits are cumulative: a late swing is late money
 * heavy enough to move the whole book, even when it does not turn its
 * sign).  `follow` late bets the side the late money backs; early the
 * early side.
 */
#include <math.h>

#include "rt_strategy.h"

static const char *const FOLLOW[] = { "late", "early", NULL };

static const struct rt_param PARAMS[] = {
	RT_COMMON_PARAMS,
	{ "flip_window", RT_PARAM_INT, 30, 360, 120, 0, 1, NULL,
	  "minutes before the decision the earlier side is read" },
	{ "min_differential", RT_PARAM_FLOAT, 2, 30, 6, 0, 1, NULL,
	  "differential (points) that marks the early side" },
	{ "min_swing", RT_PARAM_FLOAT, 1, 30, 3, 0, 1, NULL,
	  "points the differential must swing the other way by the decision" },
	{ "follow", RT_PARAM_CHOICE, 0, 0, 0, 0, 1, FOLLOW,
	  "bet the late side or the early side" },
	{ "min_tickets", RT_PARAM_INT, 0, 5000, 100, 0, 0, NULL,
	  "tickets the books must have taken by the decision" },
};

enum { P_WINDOW = RT_P_COMMON, P_DIFF, P_SWING, P_FOLLOW, P_TICKETS };

static int
decide(const struct rt_games *gs, const struct rt_game *g, int64_t at,
    const double *p, struct rt_decision *d)
{
	double b0, m0, t0, b1, m1, t1, d0, d1;

	(void)gs;
	if (rt_splits_at(g, at - (int64_t)p[P_WINDOW] * 60, &b0, &m0, &t0) == -1 ||
	    rt_splits_at(g, at, &b1, &m1, &t1) == -1 || t1 < p[P_TICKETS])
		return 0;
	d0 = m0 - b0;
	d1 = m1 - b1;
	/* an early side, and a late swing against it */
	if (fabs(d0) < p[P_DIFF] || (d0 > 0) == (d1 - d0 > 0) || fabs(d1 - d0) < p[P_SWING])
		return 0;
	if ((int)p[P_FOLLOW] == 0)
		d->side = d1 - d0 > 0 ? RT_HOME : RT_AWAY;
	else
		d->side = d0 > 0 ? RT_HOME : RT_AWAY;
	d->confidence = fmin(1, (fabs(d1 - d0) - p[P_SWING]) / p[P_SWING] + 0.25);
	return 1;
}

const struct rt_strategy rt_strategy_late_flip = {
	"late_flip", "the sharp side flips late: follow the late side or the early one",
	PARAMS, (int)(sizeof PARAMS / sizeof PARAMS[0]), 1, decide
};
