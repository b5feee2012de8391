/*
 * rt_space: a search space (the contract's `param` records) and its
 * encoding into the unit cube the optimizers work in.  A float or int
 * parameter is one coordinate (log-scaled when `log`; an int is rounded
 * on decoding); a choice of k values is k coordinates, decoded by the
 * largest (one-hot).  Optimizers see points only after decode + encode,
 * so every point they model is a point that can really be evaluated
 * (Garrido-Merchan and Hernandez-Lobato 2020).
 */
#ifndef RT_SPACE_H
#define RT_SPACE_H

#include <stddef.h>

#include "rt_buf.h"
#include "rt_json.h"

#define RT_SPACE_MAXP 32
#define RT_SPACE_MAXCHOICE 16
#define RT_SPACE_MAXDIM 64	/* unit-cube coordinates, choices one-hot */

struct rt_space_param {
	char name[48];
	int type;		/* 0 float, 1 int, 2 choice */
	double low, high, dflt;	/* choice: dflt is an index */
	int log, high_impact;
	int nchoices;
	char choices[RT_SPACE_MAXCHOICE][32];
	int coord, ncoords;	/* its coordinates in the unit cube */
};

struct rt_space {
	struct rt_space_param p[RT_SPACE_MAXP];
	int n;			/* parameters */
	int dim;		/* unit-cube coordinates */
};

void rt_space_init(struct rt_space *s);
/* Adds a `param` record; -1 with a reason in err. */
int rt_space_add(struct rt_space *s, const struct rt_json *param, struct rt_buf *err);

/* Unit cube <-> values (values: one double per parameter, choices as indexes). */
void rt_space_decode(const struct rt_space *s, const double *u, double *v);
void rt_space_encode(const struct rt_space *s, const double *v, double *u);

/* Values from a trial's "params" object; -1 with a reason when a value is
 * missing, unknown or outside the space. */
int rt_space_values(const struct rt_space *s, const struct rt_json *params,
    double *v, struct rt_buf *err);

/* Writes values as a "params" JSON object (choices by name, ints whole). */
void rt_space_write(const struct rt_space *s, const double *v, struct rt_jw *w);

#endif
