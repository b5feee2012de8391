/* rt_opt: checked option values (see rt_opt.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "rt_err.h"
#include "rt_opt.h"

static const char *synopsis = "PROG [options]";

void
rt_opt_synopsis(const char *s)
{
	synopsis = s;
}

long long
rt_opt_int(const char *opt, const char *arg, long long lo, long long hi)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		rt_warnx("%s '%s': expected a whole number from %lld to %lld", opt, arg, lo, hi);
		rt_usage_die(synopsis);
	}
	return v;
}

double
rt_opt_num(const char *opt, const char *arg, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(v) || !(v >= lo && v <= hi)) {
		rt_warnx("%s '%s': expected a number from %g to %g", opt, arg, lo, hi);
		rt_usage_die(synopsis);
	}
	return v;
}
