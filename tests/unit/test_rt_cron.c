/* Unit tests for lib/rt_cron.c: next fire times against a table worked
 * out by hand (and checked with `date -d`), and the parser's refusals. */
#include <string.h>

#include "rt_cron.h"
#include "rt_test.h"
#include "rt_time.h"

static int64_t
T(const char *s)
{
	int64_t t;

	return rt_time_parse(s, strlen(s), &t, NULL) == 0 ? t : -2;
}

static void
next(const char *expr, const char *after, const char *want)
{
	struct rt_cron c;
	const char *why = NULL;
	char got[RT_TIME_BUFSZ] = "", what[160];
	int64_t n;

	snprintf(what, sizeof what, "'%s' after %s is %s", expr, after, want);
	if (rt_cron_parse(expr, &c, &why) == -1) {
		CHECK_STR(why, "(parses)", what);
		return;
	}
	n = rt_cron_next(&c, T(after));
	if (n >= 0)
		rt_time_format(n, got);
	else
		snprintf(got, sizeof got, "never");
	CHECK_STR(got, want, what);
}

static void
bad(const char *expr)
{
	struct rt_cron c;
	const char *why = NULL;
	char what[120];

	snprintf(what, sizeof what, "'%s' refused", expr);
	CHECK(rt_cron_parse(expr, &c, &why) == -1 && why != NULL, what);
}

int
main(void)
{
	/* the seed's schedules */
	next("0 2 1 * *", "2019-06-01T02:00:00Z", "2019-07-01T02:00:00Z");
	next("0 2 1 * *", "2019-06-01T01:59:00Z", "2019-06-01T02:00:00Z");
	next("0 3 1-7 * 0", "2019-06-01T00:00:00Z", "2019-06-01T03:00:00Z");	/* OR rule: June 1 */
	/* every minute, hour, step, list, range */
	next("* * * * *", "2019-06-01T10:00:30Z", "2019-06-01T10:01:00Z");
	next("* * * * *", "2019-06-01T10:00:00Z", "2019-06-01T10:01:00Z");	/* strictly after */
	next("*/15 * * * *", "2019-06-01T10:14:00Z", "2019-06-01T10:15:00Z");
	next("5/15 * * * *", "2019-06-01T10:36:00Z", "2019-06-01T10:50:00Z");
	next("0 9-17/4 * * *", "2019-06-01T13:00:00Z", "2019-06-01T17:00:00Z");
	next("0 0,12 * * *", "2019-06-01T00:00:00Z", "2019-06-01T12:00:00Z");
	next("30 23 * * *", "2019-12-31T23:30:00Z", "2020-01-01T23:30:00Z");
	/* month ends and leap years */
	next("0 0 31 * *", "2019-04-01T00:00:00Z", "2019-05-31T00:00:00Z");
	next("0 0 29 2 *", "2019-01-01T00:00:00Z", "2020-02-29T00:00:00Z");
	next("0 0 29 2 *", "2020-02-29T00:00:00Z", "2024-02-29T00:00:00Z");
	next("0 0 30 2 *", "2019-01-01T00:00:00Z", "never");
	/* month and day names, Sunday as 0 and 7 */
	next("0 12 * jun-aug mon", "2019-05-30T00:00:00Z", "2019-06-03T12:00:00Z");
	next("0 12 * * sun", "2019-06-03T00:00:00Z", "2019-06-09T12:00:00Z");
	next("0 12 * * 0", "2019-06-03T00:00:00Z", "2019-06-09T12:00:00Z");
	next("0 12 * * 7", "2019-06-03T00:00:00Z", "2019-06-09T12:00:00Z");
	next("0 0 * * 1-5", "2019-06-07T00:00:00Z", "2019-06-10T00:00:00Z");	/* Fri -> Mon */
	/* the OR rule: both restricted, either day fires */
	next("0 0 13 * fri", "2019-09-01T00:00:00Z", "2019-09-06T00:00:00Z");	/* a Friday first */
	next("0 0 13 * fri", "2019-09-07T00:00:00Z", "2019-09-13T00:00:00Z");
	next("0 0 15 * mon", "2019-06-11T00:00:00Z", "2019-06-15T00:00:00Z");	/* the 15th, a Saturday */
	/* one restricted: only it counts */
	next("0 0 13 * *", "2019-09-01T00:00:00Z", "2019-09-13T00:00:00Z");
	next("0 0 * * fri", "2019-09-07T00:00:00Z", "2019-09-13T00:00:00Z");
	/* '*' first ("*\/10": days 1, 11, 21, 31) counts as unrestricted, as in
	 * Vixie cron: both must match, and the first Friday the 1st, 11th,
	 * 21st or 31st after September 1 2019 is October 11 */
	next("0 0 */10 * fri", "2019-09-01T00:00:00Z", "2019-10-11T00:00:00Z");
	/* due in (last, now] */
	{
		struct rt_cron c;
		const char *why;

		rt_cron_parse("0 2 * * *", &c, &why);
		CHECK(rt_cron_due(&c, T("2019-06-01T02:00:00Z"), T("2019-06-02T02:00:00Z")),
		    "due at the end of (last, now]");
		CHECK(!rt_cron_due(&c, T("2019-06-01T02:00:00Z"), T("2019-06-02T01:59:59Z")),
		    "not due before it");
		CHECK(!rt_cron_due(&c, T("2019-06-02T02:00:00Z"), T("2019-06-02T02:00:00Z")),
		    "not due again at last_run");
	}
	bad("");
	bad("* * * *");
	bad("* * * * * *");
	bad("60 * * * *");
	bad("* 24 * * *");
	bad("* * 0 * *");
	bad("* * 32 * *");
	bad("* * * 13 *");
	bad("* * * * 8");
	bad("5-1 * * * *");
	bad("*/0 * * * *");
	bad("1,,2 * * * *");
	bad("x * * * *");
	bad("* * * foo *");
	bad("1000 * * * *");
	bad("0 0 L * *");	/* Quartz's L is not cron's */
	return rt_test_done();
}
