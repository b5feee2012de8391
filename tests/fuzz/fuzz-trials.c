/*
 * fuzz-trials: rt-optimize's trial history reader (read_trials() in
 * bin/rt-optimize.c, the reader of --trials and of --ask's HISTORY) on
 * any input, against the space of every strategy; a history it takes is
 * then given to the proposer, as --ask does (the Gaussian process on
 * duplicates, NaN values, in-flight trials), and every proposal must lie
 * in the unit cube.
 *
 * The program is compiled in whole with its main() renamed: the reader is
 * static, and the harness must run the code rt-optimize runs.
 */
#include <stdint.h>

int rt_optimize_main(int argc, char *argv[]);
#define main rt_optimize_main
#include "../../bin/rt-optimize.c"
#undef main

#include "fuzz.h"

static struct rt_space spaces[8];
static int nspaces;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const struct rt_strategy *const *sp;

	fuzz_init(argc, argv, "fuzz-trials");
	for (sp = rt_strategies; *sp != NULL && nspaces < 8; sp++) {
		int map[RT_SPACE_MAXP];

		strategy_space(*sp, 0, &spaces[nspaces++], map);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *paths[1];
	int i;

	paths[0] = fuzz_file(data, size);
	for (i = 0; i < nspaces; i++) {
		const struct rt_space *s = &spaces[i];
		struct history h;
		double u[2 * RT_SPACE_MAXDIM];
		gsl_rng *r;
		int k;

		memset(&h, 0, sizeof h);
		h.max_number = -1;
		if (read_trials(paths, 1, s, i % 2, &h) == -1) {
			if (h.X != NULL || h.n != 0)
				abort();	/* nothing of a bad history is kept */
			continue;
		}
		r = gsl_rng_alloc(gsl_rng_mt19937);
		gsl_rng_set(r, (unsigned long)h.n);
		rt_bo_propose(s, RT_BO_BAYESIAN, h.X, h.y, h.n, 2, INITIAL, r, u);
		for (k = 0; k < 2 * s->dim; k++)
			if (!(u[k] >= 0 && u[k] <= 1)) {
				fprintf(stderr, "proposal outside the unit cube: %g\n", u[k]);
				abort();
			}
		gsl_rng_free(r);
		free(h.X);
		free(h.y);
		free(h.num);
	}
	return 0;
}
