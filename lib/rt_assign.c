/* rt_assign: assignment records (see rt_assign.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rt_assign.h"
#include "rt_time.h"

void
rt_assigns_init(struct rt_assigns *a)
{
	memset(a, 0, sizeof *a);
}

void
rt_assigns_release(struct rt_assigns *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].strategy);
		free(a->v[i].game_id);
		free(a->v[i].version);
		free(a->v[i].rollout_id);
	}
	free(a->v);
	memset(a, 0, sizeof *a);
}

int
rt_assigns_add(struct rt_assigns *a, const struct rt_json *rec, const char *strategy,
    struct rt_buf *err)
{
	const char *st = rt_json_str(rt_json_get(rec, "strategy"));
	const char *g = rt_json_str(rt_json_get(rec, "game_id"));
	const char *v = rt_json_str(rt_json_get(rec, "version"));
	const char *arm = rt_json_str(rt_json_get(rec, "arm"));
	const char *rid = rt_json_str(rt_json_get(rec, "rollout_id"));
	const char *at = rt_json_str(rt_json_get(rec, "at")), *why;
	struct rt_assign *x;
	double pct;
	int64_t t = INT64_MIN;

	if (st == NULL || g == NULL || v == NULL || arm == NULL ||
	    (strcmp(arm, "candidate") != 0 && strcmp(arm, "baseline") != 0)) {
		rt_buf_adds(err, "an assignment needs strategy, game_id, version and arm "
		    "(candidate or baseline)");
		return -1;
	}
	if (at != NULL && rt_time_parse(at, strlen(at), &t, &why) == -1) {
		rt_buf_addf(err, "an assignment's \"at\" is not an RFC 3339 time: %s", why);
		return -1;
	}
	if (strategy != NULL && strcmp(st, strategy) != 0)
		return 0;
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 256;
		a->v = rt_xrealloc(a->v, a->cap * sizeof *a->v);
	}
	x = &a->v[a->n];
	x->strategy = rt_xstrdup(st);
	x->game_id = rt_xstrdup(g);
	x->version = rt_xstrdup(v);
	x->rollout_id = rid ? rt_xstrdup(rid) : NULL;
	x->cand = strcmp(arm, "candidate") == 0;
	x->pct = rt_json_num(rt_json_get(rec, "traffic_pct"), &pct) == 0 ? pct : NAN;
	x->at = t;
	x->seq = a->n++;
	a->sorted = 0;
	return 0;
}

static int
key_cmp(const char *s1, const char *g1, const char *s2, const char *g2)
{
	int c = strcmp(s1, s2);

	return c != 0 ? c : strcmp(g1, g2);
}

static int
assign_cmp(const void *p, const void *q)
{
	const struct rt_assign *x = p, *y = q;
	int c = key_cmp(x->strategy, x->game_id, y->strategy, y->game_id);

	return c != 0 ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

const struct rt_assign *
rt_assigns_find(struct rt_assigns *a, const char *strategy, const char *game_id)
{
	size_t lo = 0, hi = a->n, mid;

	if (a->n == 0)
		return NULL;	/* (a->v is NULL: no qsort of it) */
	if (!a->sorted) {
		qsort(a->v, a->n, sizeof *a->v, assign_cmp);
		a->sorted = 1;
	}
	while (lo < hi) {	/* past the last of the key's records */
		mid = lo + (hi - lo) / 2;
		if (key_cmp(a->v[mid].strategy, a->v[mid].game_id, strategy, game_id) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && key_cmp(a->v[lo - 1].strategy, a->v[lo - 1].game_id, strategy,
	    game_id) == 0)
		return &a->v[lo - 1];
	return NULL;
}
