/*
 * fuzz-cron: the cron expression parser (lib/rt_cron.c) on any text, and
 * for every expression it takes, the next firing times and "due" from a
 * few starting points: each next time is later than its start, on a
 * whole minute, and due says yes for it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rt_cron.h"
#include "rt_err.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init(argc, argv, "fuzz-cron");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t starts[] = { 0, 951782400 /* 2000-02-29 */, 1560211200,
		1583020799 /* 2020-02-29T23:59:59Z */, 4102444800 /* 2100-01-01 */ };
	struct rt_cron c;
	const char *why = NULL;
	char *expr;
	size_t i;

	if (size > 4096)
		return 0;
	expr = malloc(size + 1);
	if (expr == NULL)
		abort();
	memcpy(expr, data, size);
	expr[size] = '\0';
	if (rt_cron_parse(expr, &c, &why) == -1) {
		if (why == NULL)
			abort();	/* a refusal says why */
	} else {
		for (i = 0; i < sizeof starts / sizeof starts[0]; i++) {
			int64_t n = rt_cron_next(&c, starts[i]);

			if (n == -1)
				continue;	/* never fires (30 February) */
			if (n <= starts[i] || n % 60 != 0 || !rt_cron_due(&c, starts[i], n) ||
			    rt_cron_due(&c, starts[i], n - 1)) {
				fprintf(stderr, "'%s' from %lld: next %lld\n", expr,
				    (long long)starts[i], (long long)n);
				abort();
			}
		}
	}
	free(expr);
	return 0;
}
