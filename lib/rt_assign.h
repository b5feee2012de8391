/*
 * rt_assign: `assignment` records (rt-rollout assign) read and looked up
 * by strategy and game, for rt-rollout and rt-backtest.  The last record
 * of a strategy's game wins, as in the store (one row per strategy and
 * game).  docs/rollout.md has what the fields mean.
 */
#ifndef RT_ASSIGN_H
#define RT_ASSIGN_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_json.h"

struct rt_assign {
	char *strategy, *game_id, *version;
	char *rollout_id;	/* NULL when the record has none */
	int cand;		/* arm: 1 candidate, 0 baseline */
	double pct;		/* traffic_pct when assigned, NAN when absent */
	int64_t at;		/* when assigned, INT64_MIN when absent */
	size_t seq;		/* order read */
};

struct rt_assigns {
	struct rt_assign *v;	/* owned */
	size_t n, cap;
	int sorted;
};

void rt_assigns_init(struct rt_assigns *a);
void rt_assigns_release(struct rt_assigns *a);

/* Decodes and adds one assignment record (of any strategy, or only of
 * `strategy` when not NULL): 0, or -1 with a reason in err. */
int rt_assigns_add(struct rt_assigns *a, const struct rt_json *rec, const char *strategy,
    struct rt_buf *err);

/* The last assignment of a strategy's game, or NULL.  Sorts on first use
 * after an add: O(log n) a lookup. */
const struct rt_assign *rt_assigns_find(struct rt_assigns *a, const char *strategy,
    const char *game_id);

#endif
