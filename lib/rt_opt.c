/* rt_opt: checked option values (see rt_opt.h). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

void
rt_opt_version_name(int argc, char **argv)
{
	static char buf[512];
	int i;

	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--version=", 10) == 0) {
			snprintf(buf, sizeof buf, "--version-name=%s", argv[i] + 10);
			argv[i] = buf;
		} else if (strcmp(argv[i], "--version") == 0 && i + 1 < argc &&
		    argv[i + 1][0] != '-' && access(argv[i + 1], F_OK) != 0)
			argv[i] = "--version-name";
	}
}
