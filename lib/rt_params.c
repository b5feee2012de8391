/* rt_params: parameter spaces, and the helpers strategies share (see rt_strategy.h). */
#include <math.h>
#include <string.h>

#include "rt_odds.h"
#include "rt_strategy.h"
#include "rt_time.h"

const char *const rt_price_books[] = {
	"best", "pinnacle", "circa", "draftkings", "fanduel", "betmgm", "caesars",
	"sbro", NULL
};

const struct rt_strategy *
rt_strategy_find(const char *name)
{
	int i;

	for (i = 0; rt_strategies[i] != NULL; i++)
		if (strcmp(rt_strategies[i]->name, name) == 0)
			return rt_strategies[i];
	return NULL;
}

int
rt_param_index(const struct rt_strategy *s, const char *name)
{
	int i;

	for (i = 0; i < s->nparams; i++)
		if (strcmp(s->params[i].name, name) == 0)
			return i;
	return -1;
}

void
rt_params_defaults(const struct rt_strategy *s, double *p)
{
	int i;

	for (i = 0; i < s->nparams; i++)
		p[i] = s->params[i].dflt;
}

static int
nchoices(const struct rt_param *pr)
{
	int n = 0;

	while (pr->choices[n] != NULL)
		n++;
	return n;
}

int
rt_params_from_json(const struct rt_strategy *s, const struct rt_json *obj,
    double *p, struct rt_buf *err)
{
	const struct rt_json *m;

	if (rt_json_type(obj) != RT_JSON_OBJECT) {
		rt_buf_adds(err, "parameters must be a JSON object");
		return -1;
	}
	for (m = rt_json_first(obj); m != NULL; m = rt_json_next(m)) {
		const char *key = rt_json_key(m), *str;
		int i = rt_param_index(s, key), c;
		const struct rt_param *pr;
		double v;
		int64_t iv;

		if (i < 0) {
			rt_buf_addf(err, "unknown parameter '%s' for %s", key, s->name);
			return -1;
		}
		pr = &s->params[i];
		switch (pr->type) {
		case RT_PARAM_CHOICE:
			if ((str = rt_json_str(m)) == NULL) {
				rt_buf_addf(err, "%s: expected one of", key);
				goto choices;
			}
			for (c = 0; pr->choices[c] != NULL; c++)
				if (strcmp(pr->choices[c], str) == 0)
					break;
			if (pr->choices[c] == NULL) {
				rt_buf_addf(err, "%s: '%s' is not one of", key, str);
				goto choices;
			}
			p[i] = c;
			break;
		case RT_PARAM_INT:
			if (rt_json_int(m, &iv) == -1 || iv < pr->low || iv > pr->high) {
				rt_buf_addf(err, "%s: expected a whole number from %g to %g",
				    key, pr->low, pr->high);
				return -1;
			}
			p[i] = (double)iv;
			break;
		case RT_PARAM_FLOAT:
			if (rt_json_num(m, &v) == -1 || v < pr->low || v > pr->high) {
				rt_buf_addf(err, "%s: expected a number from %g to %g",
				    key, pr->low, pr->high);
				return -1;
			}
			p[i] = v;
			break;
		}
		continue;
choices:
		for (c = 0; pr->choices[c] != NULL; c++)
			rt_buf_addf(err, "%s %s", c ? "," : "", pr->choices[c]);
		return -1;
	}
	return 0;
}

void
rt_params_write(const struct rt_strategy *s, const double *p, struct rt_jw *w)
{
	int i;

	rt_jw_obj(w);
	for (i = 0; i < s->nparams; i++) {
		const struct rt_param *pr = &s->params[i];

		rt_jw_key(w, pr->name);
		if (pr->type == RT_PARAM_CHOICE) {
			int c = (int)p[i];

			rt_jw_str(w, c >= 0 && c < nchoices(pr) ? pr->choices[c] : pr->choices[0]);
		} else if (pr->type == RT_PARAM_INT)
			rt_jw_int(w, (int64_t)llround(p[i]));
		else
			rt_jw_num(w, p[i]);
	}
	rt_jw_end(w);
}

void
rt_params_space(const struct rt_strategy *s, struct rt_buf *out)
{
	static const char *const type[] = { "float", "int", "choice" };
	struct rt_jw w;
	int i, c;

	for (i = 0; i < s->nparams; i++) {
		const struct rt_param *pr = &s->params[i];

		rt_jw_init(&w, out);
		rt_jw_obj(&w);
		rt_jw_key(&w, "kind");
		rt_jw_str(&w, "param");
		rt_jw_key(&w, "strategy");
		rt_jw_str(&w, s->name);
		rt_jw_key(&w, "name");
		rt_jw_str(&w, pr->name);
		rt_jw_key(&w, "type");
		rt_jw_str(&w, type[pr->type]);
		if (pr->type == RT_PARAM_CHOICE) {
			rt_jw_key(&w, "choices");
			rt_jw_arr(&w);
			for (c = 0; pr->choices[c] != NULL; c++)
				rt_jw_str(&w, pr->choices[c]);
			rt_jw_end(&w);
			rt_jw_key(&w, "default");
			rt_jw_str(&w, pr->choices[(int)pr->dflt]);
		} else {
			rt_jw_key(&w, "low");
			rt_jw_num(&w, pr->low);
			rt_jw_key(&w, "high");
			rt_jw_num(&w, pr->high);
			rt_jw_key(&w, "default");
			rt_jw_num(&w, pr->dflt);
		}
		rt_jw_key(&w, "log");
		rt_jw_bool(&w, pr->log);
		rt_jw_key(&w, "high_impact");
		rt_jw_bool(&w, pr->high_impact);
		rt_jw_key(&w, "doc");
		rt_jw_str(&w, pr->doc);
		rt_jw_end(&w);
		rt_buf_addc(out, '\n');
	}
}

/* Implied probability of a valid American price, inline: the hot path. */
static double
implied(int32_t o)
{
	return o < 0 ? (double)-o / (double)(100 - o) : 100.0 / (double)(o + 100);
}

double
rt_fair_home(const struct rt_odds_snap *o)
{
	double h, a;

	if (o == NULL || o->home_ml == 0 || o->away_ml == 0)
		return -1;
	/* multiplicative margin removal of a two-way market */
	h = implied(o->home_ml);
	a = implied(o->away_ml);
	return h / (h + a);
}

int
rt_ref_book(const struct rt_games *gs, const struct rt_game *g)
{
	int b, ref = -1;

	for (b = 0; b < g->nbooks; b++)
		if (ref < 0 || strcmp(gs->books[g->books[b].book], "pinnacle") == 0)
			ref = b;
	return ref;
}

double
rt_close_fair_home(const struct rt_games *gs, const struct rt_game *g, int64_t now)
{
	const struct rt_odds_snap *c;
	int ref = rt_ref_book(gs, g);

	if (ref < 0 || (c = rt_book_close(&g->books[ref])) == NULL || c->t > now)
		return -1;
	if (c->tag != RT_TAG_CLOSE &&
	    (g->start != INT64_MIN ? g->start > now : rt_date_time(g->date + 1) > now))
		return -1;
	return rt_fair_home(c);
}

double
rt_consensus_home(const struct rt_game *g, int64_t t)
{
	double sum = 0, f;
	int b, n = 0;

	for (b = 0; b < g->nbooks; b++) {
		const struct rt_odds_snap *o = t == INT64_MIN ? rt_book_open(&g->books[b]) :
		    rt_book_odds_at(&g->books[b], t);

		if ((f = rt_fair_home(o)) >= 0) {
			sum += f;
			n++;
		}
	}
	return n ? sum / n : -1;
}

int
rt_splits_at(const struct rt_game *g, int64_t t, double *bets, double *money,
    double *tickets)
{
	double wb = 0, wm = 0, w = 0;
	int b, n = 0;

	for (b = 0; b < g->nbooks; b++) {
		const struct rt_split_snap *s = rt_book_splits_at(&g->books[b], t);
		double k;

		if (s == NULL || s->home_bets > 100 || s->home_money > 100)
			continue;
		k = s->tickets > 0 ? s->tickets : 1;
		wb += k * s->home_bets;
		wm += k * s->home_money;
		w += k;
		n++;
	}
	if (n == 0)
		return -1;
	*bets = wb / w;
	*money = wm / w;
	*tickets = w;
	return 0;
}
