/* rt_space: search spaces and the unit cube (see rt_space.h). */
#include <math.h>
#include <string.h>

#include "rt_space.h"

void
rt_space_init(struct rt_space *s)
{
	memset(s, 0, sizeof *s);
}

int
rt_space_add(struct rt_space *s, const struct rt_json *rec, struct rt_buf *err)
{
	struct rt_space_param *p;
	const char *name = rt_json_str(rt_json_get(rec, "name"));
	const char *type = rt_json_str(rt_json_get(rec, "type"));
	const struct rt_json *c;
	int lg = 0, hi = 0;

	if (s->n == RT_SPACE_MAXP) {
		rt_buf_addf(err, "more than %d parameters", RT_SPACE_MAXP);
		return -1;
	}
	if (name == NULL || type == NULL || strlen(name) >= sizeof p->name) {
		rt_buf_adds(err, "param without a name or type");
		return -1;
	}
	p = &s->p[s->n];
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", name);
	(void)rt_json_bool(rt_json_get(rec, "log"), &lg);
	(void)rt_json_bool(rt_json_get(rec, "high_impact"), &hi);
	p->log = lg;
	p->high_impact = hi;
	if (strcmp(type, "choice") == 0) {
		const char *d = rt_json_str(rt_json_get(rec, "default"));

		p->type = 2;
		for (c = rt_json_first(rt_json_get(rec, "choices")); c != NULL; c = rt_json_next(c)) {
			const char *cs = rt_json_str(c);

			if (cs == NULL || p->nchoices == RT_SPACE_MAXCHOICE ||
			    strlen(cs) >= sizeof p->choices[0]) {
				rt_buf_addf(err, "%s: choices must be up to %d short strings",
				    name, RT_SPACE_MAXCHOICE);
				return -1;
			}
			if (d != NULL && strcmp(d, cs) == 0)
				p->dflt = p->nchoices;
			snprintf(p->choices[p->nchoices++], sizeof p->choices[0], "%s", cs);
		}
		if (p->nchoices < 1) {
			rt_buf_addf(err, "%s: a choice without choices", name);
			return -1;
		}
		p->ncoords = p->nchoices;
	} else if (strcmp(type, "float") == 0 || strcmp(type, "int") == 0) {
		p->type = type[0] == 'i';
		if (rt_json_num(rt_json_get(rec, "low"), &p->low) == -1 ||
		    rt_json_num(rt_json_get(rec, "high"), &p->high) == -1 ||
		    !(p->low <= p->high) || (p->log && p->low <= 0)) {
			rt_buf_addf(err, "%s: low and high must be numbers, low <= high%s",
			    name, p->log ? ", low > 0 on a log scale" : "");
			return -1;
		}
		if (rt_json_num(rt_json_get(rec, "default"), &p->dflt) == -1)
			p->dflt = p->low;
		p->ncoords = 1;
	} else {
		rt_buf_addf(err, "%s: type '%s' is not float, int or choice", name, type);
		return -1;
	}
	if (s->dim + p->ncoords > RT_SPACE_MAXDIM) {
		rt_buf_addf(err, "%s: the space would need more than %d coordinates",
		    name, RT_SPACE_MAXDIM);
		return -1;
	}
	p->coord = s->dim;
	s->dim += p->ncoords;
	s->n++;
	return 0;
}

static double
clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

void
rt_space_decode(const struct rt_space *s, const double *u, double *v)
{
	int i, k;

	for (i = 0; i < s->n; i++) {
		const struct rt_space_param *p = &s->p[i];
		double x = clamp01(u[p->coord]);

		if (p->type == 2) {
			int best = 0;

			for (k = 1; k < p->nchoices; k++)
				if (u[p->coord + k] > u[p->coord + best])
					best = k;
			v[i] = best;
			continue;
		}
		if (p->log)
			v[i] = exp(log(p->low) + x * (log(p->high) - log(p->low)));
		else
			v[i] = p->low + x * (p->high - p->low);
		if (p->type == 1)
			v[i] = round(v[i]);
		if (v[i] < p->low)
			v[i] = p->low;
		if (v[i] > p->high)
			v[i] = p->high;
	}
}

void
rt_space_encode(const struct rt_space *s, const double *v, double *u)
{
	int i, k;

	for (i = 0; i < s->n; i++) {
		const struct rt_space_param *p = &s->p[i];

		if (p->type == 2) {
			for (k = 0; k < p->nchoices; k++)
				u[p->coord + k] = k == (int)v[i] ? 1 : 0;
			continue;
		}
		if (p->high == p->low)
			u[p->coord] = 0.5;
		else if (p->log)
			u[p->coord] = (log(v[i]) - log(p->low)) / (log(p->high) - log(p->low));
		else
			u[p->coord] = (v[i] - p->low) / (p->high - p->low);
		u[p->coord] = clamp01(u[p->coord]);
	}
}

int
rt_space_values(const struct rt_space *s, const struct rt_json *params, double *v,
    struct rt_buf *err)
{
	int i, k;

	if (rt_json_type(params) != RT_JSON_OBJECT) {
		rt_buf_adds(err, "\"params\" is not an object");
		return -1;
	}
	for (i = 0; i < s->n; i++) {
		const struct rt_space_param *p = &s->p[i];
		const struct rt_json *x = rt_json_get(params, p->name);
		const char *str;

		if (x == NULL) {
			rt_buf_addf(err, "params without \"%s\"", p->name);
			return -1;
		}
		if (p->type == 2) {
			if ((str = rt_json_str(x)) == NULL)
				goto bad;
			for (k = 0; k < p->nchoices; k++)
				if (strcmp(p->choices[k], str) == 0)
					break;
			if (k == p->nchoices)
				goto bad;
			v[i] = k;
		} else if (rt_json_num(x, &v[i]) == -1 || v[i] < p->low || v[i] > p->high ||
		    (p->type == 1 && v[i] != floor(v[i])))
			goto bad;
		continue;
bad:
		rt_buf_addf(err, "\"%s\" is outside the space", p->name);
		return -1;
	}
	return 0;
}

void
rt_space_write(const struct rt_space *s, const double *v, struct rt_jw *w)
{
	int i;

	rt_jw_obj(w);
	for (i = 0; i < s->n; i++) {
		const struct rt_space_param *p = &s->p[i];

		rt_jw_key(w, p->name);
		if (p->type == 2)
			rt_jw_str(w, p->choices[(int)v[i]]);
		else if (p->type == 1)
			rt_jw_int(w, (int64_t)llround(v[i]));
		else
			rt_jw_num(w, v[i]);
	}
	rt_jw_end(w);
}
