/*
 * test_rt_time: times, dates and durations (lib/rt_time.c).
 *
 * The calendar is checked against two oracles that share no code with it:
 * a day-by-day walk with its own month table over all of 0001..9999, and
 * the C library's gmtime_r over a spread of times.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rt_test.h"
#include "rt_time.h"

#define TIME_MIN	(-62135596800LL)	/* 0001-01-01T00:00:00Z */
#define TIME_MAX	253402300799LL		/* 9999-12-31T23:59:59Z */
#define DATE_MIN	(-719162)		/* 0001-01-01 */
#define DATE_MAX	2932896			/* 9999-12-31 */

static const char BAD_TIME[] = "not an RFC 3339 time";
static const char BAD_DATE[] = "not a YYYY-MM-DD date";

/* s must be read as the UTC time want ("YYYY-MM-DDTHH:MM:SSZ"). */
static void
time_ok(const char *s, const char *want)
{
	char got[RT_TIME_BUFSZ + 64], what[160];
	const char *why = NULL;
	int64_t t;

	snprintf(what, sizeof(what), "time \"%s\" is %s", s, want);
	if (rt_time_parse(s, strlen(s), &t, &why) == 0)
		rt_time_format(t, got);
	else
		snprintf(got, sizeof(got), "refused: %s", why ? why : "(null)");
	CHECK_STR(got, want, what);
}

/* s must be refused, for the reason want. */
static void
time_bad(const char *s, size_t len, const char *want)
{
	char what[160];
	const char *why = NULL;
	int64_t t = 12345;
	int rc;

	snprintf(what, sizeof(what), "time \"%.*s\" refused: %s", (int)len, s ? s : "", want);
	rc = rt_time_parse(s, len, &t, &why);
	CHECK_STR(rc == -1 ? why : "(accepted)", want, what);
	CHECK_INT(t, 12345, "a refused time leaves *out alone");
}

static void
date_ok(const char *s, int32_t want)
{
	char what[160];
	const char *why = "(not set)";
	int32_t d = INT32_MIN;

	snprintf(what, sizeof(what), "date \"%s\" is day %" PRId32, s, want);
	if (rt_date_parse(s, strlen(s), &d, &why) != 0)
		printf("# refused: %s\n", why ? why : "(null)");
	CHECK_INT(d, want, what);
}

static void
date_bad(const char *s, const char *want)
{
	char what[160];
	const char *why = NULL;
	int32_t d = 777;
	int rc;

	snprintf(what, sizeof(what), "date \"%s\" refused: %s", s, want);
	rc = rt_date_parse(s, strlen(s), &d, &why);
	CHECK_STR(rc == -1 ? why : "(accepted)", want, what);
	CHECK_INT(d, 777, "a refused date leaves *days alone");
}

static void
dur_ok(const char *s, int64_t want)
{
	char what[160];
	const char *why = "(not set)";
	int64_t n = -1;

	snprintf(what, sizeof(what), "duration \"%s\" is %" PRId64 "s", s, want);
	if (rt_duration_parse(s, strlen(s), &n, &why) != 0)
		printf("# refused: %s\n", why ? why : "(null)");
	CHECK_INT(n, want, what);
}

static void
dur_bad(const char *s, const char *want)
{
	char what[160];
	const char *why = NULL;
	int64_t n = 99;
	int rc;

	snprintf(what, sizeof(what), "duration \"%s\" refused: %s", s, want);
	rc = rt_duration_parse(s, strlen(s), &n, &why);
	CHECK_STR(rc == -1 ? why : "(accepted)", want, what);
	CHECK_INT(n, 99, "a refused duration leaves *secs alone");
}

static void
dur_fmt(int64_t secs, const char *want, int want_rc)
{
	char buf[24], what[160];
	int rc;

	memset(buf, 'x', sizeof(buf));
	rc = rt_duration_format(secs, buf);
	snprintf(what, sizeof(what), "duration %" PRId64 " written %s", secs, want);
	CHECK_STR(buf, want, what);
	snprintf(what, sizeof(what), "duration %" PRId64 " format returns %d",
	    secs, want_rc);
	CHECK_INT(rc, want_rc, what);
}

static void
test_time_parse(void)
{
	char buf[64];

	time_ok("2019-06-01T23:05:00Z", "2019-06-01T23:05:00Z");
	time_ok("2019-06-01t23:05:00z", "2019-06-01T23:05:00Z");
	time_ok("2019-06-01 23:05:00Z", "2019-06-01T23:05:00Z");
	time_ok("2019-06-01T23:05:00+02:00", "2019-06-01T21:05:00Z");
	time_ok("2019-06-01T23:05:00-05:30", "2019-06-02T04:35:00Z");
	time_ok("2019-06-01T23:05:00+00:00", "2019-06-01T23:05:00Z");
	time_ok("2019-06-01T23:05:00-00:00", "2019-06-01T23:05:00Z");
	time_ok("2019-06-01T00:00:00+23:59", "2019-05-31T00:01:00Z");
	time_ok("2019-06-01T23:59:59-23:59", "2019-06-02T23:58:59Z");
	time_ok("2019-12-31T23:30:00-01:00", "2020-01-01T00:30:00Z");
	time_ok("2020-03-01T00:30:00+01:00", "2020-02-29T23:30:00Z");
	time_ok("2019-03-01T00:30:00+01:00", "2019-02-28T23:30:00Z");

	/* The fraction is dropped, toward the earlier second. */
	time_ok("2019-06-01T23:05:00.999Z", "2019-06-01T23:05:00Z");
	time_ok("2019-06-01T23:05:00.0Z", "2019-06-01T23:05:00Z");
	time_ok("2019-06-01T23:05:59.999999999999999999999z", "2019-06-01T23:05:59Z");
	time_ok("2019-06-01T23:05:00.5+01:00", "2019-06-01T22:05:00Z");
	time_ok("1969-12-31T23:59:59.9Z", "1969-12-31T23:59:59Z");

	/* Leap days. */
	time_ok("2020-02-29T00:00:00Z", "2020-02-29T00:00:00Z");
	time_ok("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z");
	time_ok("2400-02-29T12:00:00Z", "2400-02-29T12:00:00Z");
	time_bad("2019-02-29T00:00:00Z", 20, "day out of range for month");
	time_bad("1900-02-29T00:00:00Z", 20, "day out of range for month");
	time_bad("2100-02-29T00:00:00Z", 20, "day out of range for month");
	time_bad("2019-02-30T00:00:00Z", 20, "day out of range for month");
	time_bad("2020-02-30T00:00:00Z", 20, "day out of range for month");
	time_bad("2019-04-31T00:00:00Z", 20, "day out of range for month");
	time_bad("2019-01-32T00:00:00Z", 20, "day out of range for month");
	time_bad("2019-01-00T00:00:00Z", 20, "day out of range for month");
	time_bad("2019-13-01T00:00:00Z", 20, "month out of range");
	time_bad("2019-00-01T00:00:00Z", 20, "month out of range");

	/* The clock's fields. */
	time_ok("2019-06-01T00:00:00Z", "2019-06-01T00:00:00Z");
	time_ok("2019-06-01T23:59:59Z", "2019-06-01T23:59:59Z");
	time_bad("2019-06-01T24:00:00Z", 20, "hour out of range");
	time_bad("2019-06-01T23:60:00Z", 20, "minute out of range");
	time_bad("2016-12-31T23:59:60Z", 20, "leap seconds are not supported");
	time_bad("2019-06-01T23:59:61Z", 20, "second out of range");
	time_bad("2019-06-01T23:59:99Z", 20, "second out of range");

	/* Zones. */
	time_bad("2019-06-01T23:05:00", 19, "time without zone");
	time_bad("2019-06-01T23:05:00.25", 22, "time without zone");
	time_bad("2019-06-01T23:05:00+24:00", 25, "zone offset out of range");
	time_bad("2019-06-01T23:05:00+02:60", 25, "zone offset out of range");
	time_bad("2019-06-01T23:05:00+0200", 24, BAD_TIME);
	time_bad("2019-06-01T23:05:00+02", 22, BAD_TIME);
	time_bad("2019-06-01T23:05:00+2:00", 24, BAD_TIME);
	time_bad("2019-06-01T23:05:00UTC", 22, BAD_TIME);
	time_bad("2019-06-01T23:05:00 Z", 21, BAD_TIME);

	/* Years. */
	time_ok("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z");
	time_ok("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z");
	time_bad("0000-01-01T00:00:00Z", 20, "year out of range");
	time_bad("0000-12-31T23:59:59Z", 20, "year out of range");
	time_bad("10000-01-01T00:00:00Z", 21, "year out of range");
	time_bad("0001-01-01T00:30:00+01:00", 25, "time out of range");
	time_bad("9999-12-31T23:30:00-01:00", 25, "time out of range");

	/* Shape. */
	time_bad("", 0, "empty time");
	time_bad(NULL, 0, "empty time");
	time_bad("2019-06-01", 10, "date without time");
	time_bad("2019-06-01T", 11, "date without time");
	time_bad("2019-06-01 ", 11, "date without time");
	time_bad("20190601T230500Z", 16, BAD_TIME);
	time_bad("2019-06-01T23:05Z", 17, BAD_TIME);
	time_bad("2019-06-01T23:05:0Z", 19, BAD_TIME);
	time_bad("2019-06-01X23:05:00Z", 20, BAD_TIME);
	time_bad("2019-06-01T23-05-00Z", 20, BAD_TIME);
	time_bad("2019-06-01T23:05:00.Z", 21, BAD_TIME);
	time_bad("2019-06-01T23:05:00,5Z", 22, BAD_TIME);
	time_bad("2019-6-01T23:05:00Z", 19, BAD_TIME);
	time_bad("2019/06/01T23:05:00Z", 20, BAD_TIME);
	time_bad("19-06-01T23:05:00Z", 18, BAD_TIME);
	time_bad(" 2019-06-01T23:05:00Z", 21, BAD_TIME);
	time_bad("+2019-06-01T23:05:00Z", 21, BAD_TIME);
	time_bad("-2019-06-01T23:05:00Z", 21, BAD_TIME);
	time_bad("2019-06-01T+1:05:00Z", 20, BAD_TIME);
	time_bad("2019-06-01T 1:05:00Z", 20, BAD_TIME);
	time_bad("2019-06-01T23:-5:00Z", 20, BAD_TIME);
	time_bad("2019-06-01T23:05:00Z ", 21, "trailing characters after time");
	time_bad("2019-06-01T23:05:00Zjunk", 24, "trailing characters after time");
	time_bad("2019-06-01T23:05:00ZZ", 21, "trailing characters after time");
	time_bad("2019-06-01T23:05:00+02:00x", 26, "trailing characters after time");
	time_bad("2019-06-01T23:05:00+02:000", 26, "trailing characters after time");
	time_bad("2019-06-01T23:05:00Z\0", 21, "trailing characters after time");
	time_bad("2019-06-01T23:05\0:00Z", 20, BAD_TIME);
	time_bad("\xef\xbc\x92" "019-06-01T23:05:00Z", 22, BAD_TIME);
	time_bad("now", 3, BAD_TIME);

	/* len bytes are read, not up to a NUL. */
	{
		const char *s = "2019-06-01T23:05:00Zjunk";
		int64_t t = 0;

		CHECK_INT(rt_time_parse(s, 20, &t, NULL), 0,
		    "time read from the first len bytes");
		CHECK_INT(t, 1559430300, "2019-06-01T23:05:00Z is 1559430300");
		time_bad(s, 19, "time without zone");
		time_bad(s, 5, BAD_TIME);
	}

	/* why may be NULL. */
	{
		int64_t t = 5;

		CHECK_INT(rt_time_parse("x", 1, &t, NULL), -1,
		    "bad time with why NULL is -1");
		CHECK_INT(t, 5, "and *out is left alone");
	}

	/* Known values. */
	{
		static const struct { const char *s; int64_t t; } k[] = {
			{ "1970-01-01T00:00:00Z", 0 },
			{ "1970-01-01T00:00:01Z", 1 },
			{ "1969-12-31T23:59:59Z", -1 },
			{ "1969-07-20T20:17:00Z", -14182980 },
			{ "1900-01-01T00:00:00Z", -2208988800LL },
			{ "2000-02-29T00:00:00Z", 951782400 },
			{ "2019-06-01T23:05:00Z", 1559430300 },
			{ "2038-01-19T03:14:08Z", 2147483648LL },
			{ "0001-01-01T00:00:00Z", TIME_MIN },
			{ "9999-12-31T23:59:59Z", TIME_MAX },
		};
		size_t i;

		for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
			int64_t t = 0;

			snprintf(buf, sizeof(buf), "%s parses", k[i].s);
			CHECK_INT(rt_time_parse(k[i].s, strlen(k[i].s), &t, NULL), 0, buf);
			snprintf(buf, sizeof(buf), "%s is %" PRId64, k[i].s, k[i].t);
			CHECK_INT(t, k[i].t, buf);
		}
	}
}

static void
test_time_format(void)
{
	char buf[RT_TIME_BUFSZ];
	static const int64_t bad[] = {
		TIME_MIN - 1, TIME_MAX + 1, INT64_MIN, INT64_MAX
	};
	size_t i;

	CHECK_INT(rt_time_format(0, buf), 0, "format 0");
	CHECK_STR(buf, "1970-01-01T00:00:00Z", "0 is the epoch");
	CHECK_INT(rt_time_format(-1, buf), 0, "format -1");
	CHECK_STR(buf, "1969-12-31T23:59:59Z", "-1 is the last second of 1969");
	rt_time_format(-86400, buf);
	CHECK_STR(buf, "1969-12-31T00:00:00Z", "-86400 is the start of 1969-12-31");
	rt_time_format(-86401, buf);
	CHECK_STR(buf, "1969-12-30T23:59:59Z", "-86401 is the end of 1969-12-30");
	rt_time_format(1559430300, buf);
	CHECK_STR(buf, "2019-06-01T23:05:00Z", "format 1559430300");
	CHECK_INT(rt_time_format(TIME_MIN, buf), 0, "format the first second of 0001");
	CHECK_STR(buf, "0001-01-01T00:00:00Z", "first second of 0001");
	CHECK_INT(rt_time_format(TIME_MAX, buf), 0, "format the last second of 9999");
	CHECK_STR(buf, "9999-12-31T23:59:59Z", "last second of 9999");
	CHECK_INT((int)strlen(buf), RT_TIME_BUFSZ - 1, "RT_TIME_BUFSZ fits exactly");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[80];

		memset(buf, 'x', sizeof(buf));
		snprintf(what, sizeof(what), "format %" PRId64 " is -1", bad[i]);
		CHECK_INT(rt_time_format(bad[i], buf), -1, what);
		snprintf(what, sizeof(what), "format %" PRId64 " leaves \"\"", bad[i]);
		CHECK_STR(buf, "", what);
	}
}

static void
test_date(void)
{
	char buf[RT_DATE_BUFSZ];
	static const int32_t bad[] = {
		DATE_MIN - 1, DATE_MAX + 1, INT32_MIN, INT32_MAX
	};
	size_t i;

	date_ok("1970-01-01", 0);
	date_ok("1969-12-31", -1);
	date_ok("2019-06-01", 18048);
	date_ok("2020-02-29", 18321);
	date_ok("2000-02-29", 11016);
	date_ok("0001-01-01", DATE_MIN);
	date_ok("9999-12-31", DATE_MAX);
	date_bad("2019-02-29", "day out of range for month");
	date_bad("1900-02-29", "day out of range for month");
	date_bad("2019-02-30", "day out of range for month");
	date_bad("2019-06-31", "day out of range for month");
	date_bad("2019-06-00", "day out of range for month");
	date_bad("2019-13-01", "month out of range");
	date_bad("2019-00-01", "month out of range");
	date_bad("0000-01-01", "year out of range");
	date_bad("10000-01-01", "year out of range");
	date_bad("99999-01-01", "year out of range");
	date_bad("000002019-06-01", "year out of range");
	date_bad("201906010", BAD_DATE);
	date_bad("", "empty date");
	date_bad("2019-06-1", BAD_DATE);
	date_bad("2019-6-01", BAD_DATE);
	date_bad("2019-06", BAD_DATE);
	date_bad("20190601", BAD_DATE);
	date_bad("2019_06_01", BAD_DATE);
	date_bad(" 2019-06-01", BAD_DATE);
	date_bad("-2019-06-01", BAD_DATE);
	date_bad("2019-+6-01", BAD_DATE);
	date_bad("2019-06- 1", BAD_DATE);
	date_bad("2019-06-01 ", "trailing characters after date");
	date_bad("2019-06-01T00:00:00Z", "trailing characters after date");
	date_bad("2019-06-01x", "trailing characters after date");

	{
		int32_t d = 1;

		CHECK_INT(rt_date_parse("2019-06-01junk", 10, &d, NULL), 0,
		    "date read from the first len bytes");
		CHECK_INT(d, 18048, "2019-06-01 is day 18048");
		CHECK_INT(rt_date_parse(NULL, 0, &d, NULL), -1, "NULL date refused");
		CHECK_INT(rt_date_parse("2019-06-01\0", 11, &d, NULL), -1,
		    "a NUL inside len is a trailing byte");
	}

	CHECK_INT(rt_date_format(0, buf), 0, "format day 0");
	CHECK_STR(buf, "1970-01-01", "day 0 is 1970-01-01");
	rt_date_format(-1, buf);
	CHECK_STR(buf, "1969-12-31", "day -1 is 1969-12-31");
	CHECK_INT(rt_date_format(DATE_MIN, buf), 0, "format 0001-01-01");
	CHECK_STR(buf, "0001-01-01", "first day");
	CHECK_INT(rt_date_format(DATE_MAX, buf), 0, "format 9999-12-31");
	CHECK_STR(buf, "9999-12-31", "last day");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[80];

		memset(buf, 'x', sizeof(buf));
		snprintf(what, sizeof(what), "format day %" PRId32 " is -1", bad[i]);
		CHECK_INT(rt_date_format(bad[i], buf), -1, what);
		snprintf(what, sizeof(what), "format day %" PRId32 " leaves \"\"", bad[i]);
		CHECK_STR(buf, "", what);
	}
}

static void
test_time_date(void)
{
	CHECK_INT(rt_time_date(0), 0, "time 0 is day 0");
	CHECK_INT(rt_time_date(86399), 0, "time 86399 is day 0");
	CHECK_INT(rt_time_date(86400), 1, "time 86400 is day 1");
	CHECK_INT(rt_time_date(-1), -1, "time -1 is day -1");
	CHECK_INT(rt_time_date(-43200), -1, "1969-12-31T12:00Z is day -1");
	CHECK_INT(rt_time_date(-86400), -1, "time -86400 is day -1");
	CHECK_INT(rt_time_date(-86401), -2, "time -86401 is day -2");
	CHECK_INT(rt_time_date(-14182980), -165, "1969-07-20T20:17Z is day -165");
	CHECK_INT(rt_time_date(-2208988800LL), -25567, "1900-01-01 is day -25567");
	CHECK_INT(rt_time_date(-2208988801LL), -25568, "a second earlier is 1899-12-31");
	CHECK_INT(rt_time_date(TIME_MIN), DATE_MIN, "first second of 0001 is its first day");
	CHECK_INT(rt_time_date(TIME_MAX), DATE_MAX, "last second of 9999 is its last day");
	CHECK_INT(rt_time_date(1559430300), 18048, "2019-06-01T23:05Z is 2019-06-01");
	CHECK_INT(rt_time_date(INT64_MIN), INT32_MIN, "INT64_MIN clamps to INT32_MIN");
	CHECK_INT(rt_time_date(INT64_MAX), INT32_MAX, "INT64_MAX clamps to INT32_MAX");

	CHECK_INT(rt_date_time(0), 0, "day 0 starts at 0");
	CHECK_INT(rt_date_time(-1), -86400, "day -1 starts at -86400");
	CHECK_INT(rt_date_time(18048), 1559347200, "2019-06-01 starts at 1559347200");
	CHECK_INT(rt_date_time(INT32_MIN), (int64_t)INT32_MIN * 86400,
	    "day INT32_MIN does not overflow");
	CHECK_INT(rt_date_time(INT32_MAX), (int64_t)INT32_MAX * 86400,
	    "day INT32_MAX does not overflow");
}

static void
test_civil(void)
{
	int y, m, d;

	CHECK_INT(rt_days_from_civil(1970, 1, 1), 0, "1970-01-01 is day 0");
	CHECK_INT(rt_days_from_civil(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	CHECK_INT(rt_days_from_civil(1, 1, 1), DATE_MIN, "0001-01-01");
	CHECK_INT(rt_days_from_civil(0, 12, 31), DATE_MIN - 1, "year 0 is there (no range check)");
	CHECK_INT(rt_days_from_civil(-1, 3, 1), DATE_MIN - 366 - 306,
	    "negative years are proleptic Gregorian");

	rt_civil_from_days(-1, &y, &m, &d);
	CHECK(y == 1969 && m == 12 && d == 31, "day -1 is 1969-12-31");
	rt_civil_from_days(11016, &y, &m, &d);
	CHECK(y == 2000 && m == 2 && d == 29, "day 11016 is 2000-02-29");

	/* The ends of int32_t come back to themselves, without overflow. */
	rt_civil_from_days(INT32_MIN, &y, &m, &d);
	CHECK_INT(rt_days_from_civil(y, m, d), INT32_MIN, "INT32_MIN round trip");
	rt_civil_from_days(INT32_MAX, &y, &m, &d);
	CHECK_INT(rt_days_from_civil(y, m, d), INT32_MAX, "INT32_MAX round trip");
}

static int
oracle_leap(int y)
{
	return y % 400 == 0 || (y % 100 != 0 && y % 4 == 0);
}

/*
 * Every day of 0001..9999, walked one at a time with an independent month
 * table: civil <-> days both ways, date format and parse, the weekday
 * cycle, and a time each day through format and parse (with an offset).
 */
static void
test_walk(void)
{
	static const int mdays[13] = {
		0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y = 1, m = 1, d = 1;
	int32_t day = DATE_MIN;
	long civil_bad = 0, from_bad = 0, fmt_bad = 0, parse_bad = 0;
	long wd_bad = 0, time_bad_n = 0, off_bad = 0, n = 0, n1900 = 0;
	int wd = 1;	/* 0001-01-01 was a Monday (proleptic Gregorian) */

	for (;;) {
		char want[40], buf[RT_TIME_BUFSZ], txt[80];
		int cy, cm, cd;
		int32_t back;
		int64_t t, t2;
		int secs, off;

		rt_civil_from_days(day, &cy, &cm, &cd);
		if (cy != y || cm != m || cd != d)
			civil_bad++;
		if (rt_days_from_civil(y, m, d) != day)
			from_bad++;
		snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
		if (rt_date_format(day, buf) != 0 || strcmp(buf, want) != 0)
			fmt_bad++;
		if (rt_date_parse(want, 10, &back, NULL) != 0 || back != day)
			parse_bad++;
		if (rt_date_weekday(day) != wd)
			wd_bad++;

		/* A second of the day that moves around from day to day. */
		secs = (int)(((int64_t)day * 7919 % 86400 + 86400) % 86400);
		t = rt_date_time(day) + secs;
		if (rt_time_format(t, buf) != 0 ||
		    rt_time_parse(buf, strlen(buf), &t2, NULL) != 0 || t2 != t)
			time_bad_n++;

		/* The same instant written in a zone east or west of UTC. */
		off = (day % 2 ? 1 : -1) * ((day & 0xff) % 24 * 3600 + (day % 4) * 15 * 60);
		if (t + off >= TIME_MIN && t + off <= TIME_MAX) {
			int32_t ld = rt_time_date(t + off);
			int ls = (int)(t + off - rt_date_time(ld));
			int ly, lm, ldd, a = off < 0 ? -off : off;

			rt_civil_from_days(ld, &ly, &lm, &ldd);
			snprintf(txt, sizeof(txt), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
			    ly, lm, ldd, ls / 3600, ls / 60 % 60, ls % 60,
			    off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
			if (rt_time_parse(txt, strlen(txt), &t2, NULL) != 0 || t2 != t) {
				if (off_bad++ == 0)
					printf("# first offset miss: %s\n", txt);
			}
		}

		n++;
		if (y >= 1900 && y <= 2100)
			n1900++;
		if (day == DATE_MAX)
			break;
		day++;
		wd = (wd + 1) % 7;
		if (++d > mdays[m] + (m == 2 && oracle_leap(y))) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	CHECK_INT(y * 10000 + m * 100 + d, 99991231, "walk ends on 9999-12-31");
	CHECK_INT(n, (long)DATE_MAX - DATE_MIN + 1, "walk saw every day of 0001..9999");
	CHECK_INT(n1900, 73414, "walk saw every day of 1900..2100");
	CHECK_INT(civil_bad, 0, "rt_civil_from_days matches the walk every day");
	CHECK_INT(from_bad, 0, "rt_days_from_civil matches the walk every day");
	CHECK_INT(fmt_bad, 0, "rt_date_format writes every day");
	CHECK_INT(parse_bad, 0, "rt_date_parse reads every day back");
	CHECK_INT(wd_bad, 0, "weekdays cycle every day");
	CHECK_INT(time_bad_n, 0, "a time each day round-trips through format and parse");
	CHECK_INT(off_bad, 0, "a time each day, written with an offset, reads back");
}

/* gmtime_r as a second, independent oracle for rt_time_format. */
static void
test_gmtime(void)
{
	long bad = 0, n = 0;
	int64_t t;

	if (sizeof(time_t) < 8) {
		CHECK(1, "# SKIP gmtime_r oracle needs a 64-bit time_t");
		return;
	}
	for (t = TIME_MIN; t <= TIME_MAX; t += 7777777) {
		char want[80], buf[RT_TIME_BUFSZ];
		time_t tt = (time_t)t;
		struct tm tm;

		n++;
		if (gmtime_r(&tt, &tm) == NULL) {
			bad++;
			continue;
		}
		snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec);
		if (rt_time_format(t, buf) != 0 || strcmp(buf, want) != 0) {
			if (bad++ == 0)
				printf("# first gmtime_r miss: %s vs %s\n", buf, want);
		}
		if (rt_date_weekday(rt_time_date(t)) != tm.tm_wday)
			bad++;
	}
	CHECK(n > 40000, "gmtime_r oracle saw enough times");
	CHECK_INT(bad, 0, "rt_time_format and weekday agree with gmtime_r");
}

static void
test_weekday(void)
{
	CHECK_INT(rt_date_weekday(0), 4, "1970-01-01 was a Thursday");
	CHECK_INT(rt_date_weekday(18048), 6, "2019-06-01 was a Saturday");
	CHECK_INT(rt_date_weekday(-1), 3, "1969-12-31 was a Wednesday");
	CHECK_INT(rt_date_weekday(-4), 0, "1969-12-28 was a Sunday");
	CHECK_INT(rt_date_weekday(-5), 6, "1969-12-27 was a Saturday");
	CHECK_INT(rt_date_weekday(rt_days_from_civil(2000, 1, 1)), 6,
	    "2000-01-01 was a Saturday");
	CHECK_INT(rt_date_weekday(rt_days_from_civil(1900, 1, 1)), 1,
	    "1900-01-01 was a Monday");
	CHECK_INT(rt_date_weekday(DATE_MIN), 1, "0001-01-01 was a Monday");
	CHECK_INT(rt_date_weekday(DATE_MAX), 5, "9999-12-31 is a Friday");
	CHECK_INT(rt_date_weekday(INT32_MAX), (int)(((int64_t)INT32_MAX + 4) % 7),
	    "weekday of INT32_MAX without overflow");
	CHECK_INT(rt_date_weekday(INT32_MIN),
	    (int)((((int64_t)INT32_MIN + 4) % 7 + 7) % 7),
	    "weekday of INT32_MIN in 0..6");
}

static void
test_duration(void)
{
	char buf[24];
	long bad = 0;
	int64_t s;

	dur_ok("7d", 604800);
	dur_ok("36h", 129600);
	dur_ok("90m", 5400);
	dur_ok("45s", 45);
	dur_ok("1s", 1);
	dur_ok("2w", 1209600);
	dur_ok("1w", 604800);
	dur_ok("007d", 604800);
	dur_ok("36525d", 3155760000LL);
	dur_ok("5217w", 5217LL * 604800);
	dur_ok("3155760000s", 3155760000LL);
	dur_ok("52596000m", 3155760000LL);
	dur_ok("876600h", 3155760000LL);

	dur_bad("0d", "duration must be positive");
	dur_bad("0s", "duration must be positive");
	dur_bad("000w", "duration must be positive");
	dur_bad("36526d", "duration over 100 years");
	dur_bad("5218w", "duration over 100 years");
	dur_bad("3155760001s", "duration over 100 years");
	dur_bad("876601h", "duration over 100 years");
	dur_bad("9223372036854775807s", "duration over 100 years");
	dur_bad("9223372036854775807w", "duration over 100 years");
	dur_bad("9223372036854775808s", "duration overflows");
	dur_bad("99999999999999999999d", "duration overflows");
	dur_bad("-5d", "not a duration");
	dur_bad("+5d", "not a duration");
	dur_bad(" 5d", "not a duration");
	dur_bad("d", "not a duration");
	dur_bad("-0d", "not a duration");
	dur_bad("", "empty duration");
	dur_bad("5", "duration without unit");
	dur_bad("604800", "duration without unit");
	dur_bad("5y", "unknown duration unit");
	dur_bad("5D", "unknown duration unit");
	dur_bad("5H", "unknown duration unit");
	dur_bad("5ms", "unknown duration unit");
	dur_bad("5d ", "unknown duration unit");
	dur_bad("5 d", "unknown duration unit");
	dur_bad("5dd", "unknown duration unit");
	dur_bad("1h30m", "unknown duration unit");
	dur_bad("1.5h", "unknown duration unit");

	CHECK_INT(rt_duration_parse("7dx", 2, &s, NULL), 0,
	    "duration read from the first len bytes");
	CHECK_INT(s, 604800, "and is 7d");
	CHECK_INT(rt_duration_parse("7d\0", 3, &s, NULL), -1,
	    "a NUL inside len is refused");
	CHECK_INT(rt_duration_parse(NULL, 0, &s, NULL), -1, "NULL duration refused");

	dur_fmt(604800, "7d", 0);
	dur_fmt(1209600, "14d", 0);
	dur_fmt(129600, "36h", 0);
	dur_fmt(5400, "90m", 0);
	dur_fmt(45, "45s", 0);
	dur_fmt(61, "61s", 0);
	dur_fmt(3600, "1h", 0);
	dur_fmt(86400, "1d", 0);
	dur_fmt(90000, "25h", 0);
	dur_fmt(86460, "1441m", 0);
	dur_fmt(86401, "86401s", 0);
	dur_fmt(3155760000LL, "36525d", 0);
	dur_fmt(3155760001LL, "3155760001s", -1);
	dur_fmt(0, "0d", -1);
	dur_fmt(-1, "-1s", -1);
	dur_fmt(-3600, "-1h", -1);
	dur_fmt(-604800, "-7d", -1);
	dur_fmt(INT64_MAX, "9223372036854775807s", -1);
	dur_fmt(INT64_MIN, "-9223372036854775808s", -1);

	/* Round trips: every second up to two days and then every minute to
	 * 100 days, then every day to 100 years. */
	for (s = 1; s <= 3155760000LL; s += s < 172800 ? 1 : s < 8640000 ? 60 : 86400) {
		int64_t back = 0;

		if (rt_duration_format(s, buf) != 0 ||
		    rt_duration_parse(buf, strlen(buf), &back, NULL) != 0 ||
		    back != s) {
			if (bad++ == 0)
				printf("# first duration miss: %" PRId64 " -> %s\n", s, buf);
		}
	}
	CHECK_INT(bad, 0, "durations round-trip through format and parse");
}

static void
test_now(void)
{
	int64_t t, before, after;
	const char *why = NULL;

	before = (int64_t)time(NULL);
	CHECK_INT(rt_now_parse(NULL, &t, &why), 0, "NULL means the clock");
	after = (int64_t)time(NULL);
	CHECK(t >= before - 1 && t <= after + 1, "NULL gives the clock's time");
	CHECK_INT(rt_now_parse("now", &t, &why), 0, "\"now\" means the clock");
	CHECK(t >= before - 1 && t <= (int64_t)time(NULL) + 1, "\"now\" gives the clock's time");

	CHECK_INT(rt_now_parse("2019-06-01", &t, &why), 0, "a date is taken");
	CHECK_INT(t, 1559433599, "a date means 23:59:59Z that day");
	CHECK_INT(rt_now_parse("2020-02-29", &t, &why), 0, "a leap day is taken");
	CHECK_INT(t, rt_date_time(18321) + 86399, "2020-02-29 means 23:59:59Z");
	CHECK_INT(rt_now_parse("9999-12-31", &t, &why), 0, "the last date is taken");
	CHECK_INT(t, TIME_MAX, "9999-12-31 means the last second");
	CHECK_INT(rt_now_parse("1969-12-31", &t, &why), 0, "a date before 1970");
	CHECK_INT(t, -1, "1969-12-31 means time -1");
	CHECK_INT(rt_now_parse("2019-06-01T12:00:00+02:00", &t, &why), 0,
	    "an RFC 3339 time is taken");
	CHECK_INT(t, 1559383200, "2019-06-01T12:00:00+02:00 is 10:00Z");
	CHECK_INT(rt_now_parse("2019-06-01 12:00:00Z", &t, &why), 0,
	    "a space-separated time is taken");

	t = 42;
	why = NULL;
	CHECK_INT(rt_now_parse("2019-02-29", &t, &why), -1, "a bad date refused");
	CHECK_STR(why, "day out of range for month", "and the date says why");
	CHECK_INT(t, 42, "and *out is left alone");
	why = NULL;
	CHECK_INT(rt_now_parse("2019-06-01T12:00:00", &t, &why), -1,
	    "a time without zone refused");
	CHECK_STR(why, "time without zone", "and says so");
	why = NULL;
	CHECK_INT(rt_now_parse("NOW", &t, &why), -1, "\"NOW\" refused");
	CHECK_STR(why, BAD_TIME, "\"NOW\" is not a time");
	why = NULL;
	CHECK_INT(rt_now_parse("now ", &t, &why), -1, "\"now \" refused");
	why = NULL;
	CHECK_INT(rt_now_parse("", &t, &why), -1, "\"\" refused");
	CHECK_STR(why, "empty time", "\"\" is an empty time");
	why = NULL;
	CHECK_INT(rt_now_parse("2019-06-01 ", &t, &why), -1, "a date and a space refused");
	CHECK_STR(why, "date without time", "a date and a space is not a time");
	CHECK_INT(rt_now_parse("tomorrow", &t, NULL), -1, "\"tomorrow\" refused, why NULL");
	CHECK_INT(rt_now_parse("0000-01-01", &t, NULL), -1, "year 0 refused");
	CHECK_INT(t, 42, "*out still alone");
}

static void
test_clock(void)
{
	int64_t a, c, b;

	a = (int64_t)time(NULL);
	c = rt_time_clock();
	b = (int64_t)time(NULL);
	CHECK(c >= a - 1 && c <= b + 1, "rt_time_clock agrees with time()");
	CHECK(c > 1500000000, "the clock is after 2017");
}

int
main(void)
{
	test_time_parse();
	test_time_format();
	test_date();
	test_time_date();
	test_civil();
	test_weekday();
	test_walk();
	test_gmtime();
	test_duration();
	test_now();
	test_clock();
	return rt_test_done();
}
