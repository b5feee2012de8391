/*
 * rt_test.h: the unit tests' few macros.  Each test binary prints TAP
 * ("ok N - what", "not ok N - what" with the failing values as a
 * "# " diagnostic), which tests/run counts together with bats' TAP.
 *
 *	int main(void) { CHECK(1 + 1 == 2, "adds"); return rt_test_done(); }
 */
#ifndef RT_TEST_H
#define RT_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int rt_test_n, rt_test_failed;

static void
rt_test_report(int ok, const char *what, const char *file, int line)
{
	rt_test_n++;
	if (!ok)
		rt_test_failed++;
	printf("%sok %d - %s\n", ok ? "" : "not ", rt_test_n, what);
	if (!ok)
		printf("# failed at %s:%d\n", file, line);
}

#define CHECK(cond, what) rt_test_report((cond) != 0, (what), __FILE__, __LINE__)

#define CHECK_INT(got, want, what) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	rt_test_report(g_ == w_, (what), __FILE__, __LINE__);		\
	if (g_ != w_)							\
		printf("#   got %lld, want %lld\n", g_, w_);		\
} while (0)

#define CHECK_NEAR(got, want, tol, what) do {				\
	double g_ = (got), w_ = (want);					\
	int ok_ = fabs(g_ - w_) <= (tol);				\
	rt_test_report(ok_, (what), __FILE__, __LINE__);		\
	if (!ok_)							\
		printf("#   got %.17g, want %.17g (tolerance %g)\n", g_, w_, (double)(tol)); \
} while (0)

#define CHECK_STR(got, want, what) do {					\
	const char *g_ = (got), *w_ = (want);				\
	int ok_ = g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0;	\
	rt_test_report(ok_, (what), __FILE__, __LINE__);		\
	if (!ok_)							\
		printf("#   got \"%s\", want \"%s\"\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

static int
rt_test_done(void)
{
	printf("1..%d\n", rt_test_n);
	return rt_test_failed ? 1 : 0;
}

#endif
