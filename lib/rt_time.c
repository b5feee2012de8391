/*
 * rt_time: times, dates and durations.  See rt_time.h.
 *
 * The parsers read digits by hand rather than with sscanf or strtol so that
 * signs, spaces, locale digits and trailing bytes cannot slip through, and
 * the calendar is Howard Hinnant's days_from_civil / civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html) so that nothing
 * depends on the C library's idea of time zones.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "rt_time.h"

#define DAY_SECS	86400

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: what RFC 3339 can write. */
#define TIME_MIN	(-62135596800LL)
#define TIME_MAX	253402300799LL
#define DATE_MIN	(-719162L)	/* 0001-01-01 */
#define DATE_MAX	2932896L	/* 9999-12-31 */

/* "Over 100 years" read as 100 Julian years: "36525d" is the longest
 * duration, and every calendar century (36524 or 36525 days) fits. */
#define DURATION_MAX	(36525LL * DAY_SECS)

static const char BAD_TIME[] = "not an RFC 3339 time";
static const char BAD_DATE[] = "not a YYYY-MM-DD date";

static int
fail(const char **why, const char *msg)
{
	if (why != NULL)
		*why = msg;
	return -1;
}

static int
isdig(char c)
{
	/* Not isdigit(): no locale may widen what counts as a digit. */
	return c >= '0' && c <= '9';
}

/* The value of the n digits at p, or -1 if there are not n digits there. */
static int
digits(const char *p, const char *end, int n)
{
	int i, v = 0;

	if (end - p < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdig(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int n[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

/*
 * "YYYY-MM-DD" at *pp, which is advanced past it.  bad is the reason given
 * for text of the wrong shape, so that a time and a date each say what
 * they expected.
 */
static int
parse_ymd(const char **pp, const char *end, int32_t *days, const char **why,
    const char *bad)
{
	const char *p = *pp;
	const char *q;
	int y, m, d;

	/* Five or more digits and a dash are a year past 9999, not a typo
	 * in the shape ("20190601" is the latter). */
	for (q = p; q != end && isdig(*q); q++)
		;
	if (q - p > 4 && q != end && *q == '-')
		return fail(why, "year out of range");
	if ((y = digits(p, end, 4)) == -1)
		return fail(why, bad);
	if (end - p < 10 || p[4] != '-' || p[7] != '-')
		return fail(why, bad);
	if ((m = digits(p + 5, end, 2)) == -1 ||
	    (d = digits(p + 8, end, 2)) == -1)
		return fail(why, bad);
	if (y == 0)
		return fail(why, "year out of range");
	if (m < 1 || m > 12)
		return fail(why, "month out of range");
	if (d < 1 || d > month_days(y, m))
		return fail(why, "day out of range for month");
	*days = rt_days_from_civil(y, m, d);
	*pp = p + 10;
	return 0;
}

/* Two digits at *pp, no greater than max, then (unless sep is 0) sep. */
static int
parse_field(const char **pp, const char *end, int max, char sep,
    const char **why, const char *range)
{
	const char *p = *pp;
	int v;

	if ((v = digits(p, end, 2)) == -1)
		return fail(why, BAD_TIME);
	p += 2;
	if (sep != 0) {
		if (p == end || *p != sep)
			return fail(why, BAD_TIME);
		p++;
	}
	if (v > max)
		return fail(why, range);
	*pp = p;
	return v;
}

int
rt_time_parse(const char *s, size_t len, int64_t *out, const char **why)
{
	const char *p, *end;
	int32_t days;
	int hh, mm, ss, off = 0, oh, om;
	int64_t t;

	/* Guarded because NULL + 0 is undefined. */
	if (s == NULL || len == 0)
		return fail(why, "empty time");
	p = s;
	end = s + len;
	if (parse_ymd(&p, end, &days, why, BAD_TIME) == -1)
		return -1;
	if (p == end)
		return fail(why, "date without time");
	if (*p != 'T' && *p != 't' && *p != ' ')
		return fail(why, BAD_TIME);
	if (++p == end)
		return fail(why, "date without time");
	if ((hh = parse_field(&p, end, 23, ':', why, "hour out of range")) == -1 ||
	    (mm = parse_field(&p, end, 59, ':', why, "minute out of range")) == -1)
		return -1;
	if ((ss = digits(p, end, 2)) == -1)
		return fail(why, BAD_TIME);
	if (ss == 60)
		return fail(why, "leap seconds are not supported");
	if (ss > 59)
		return fail(why, "second out of range");
	p += 2;
	if (p != end && *p == '.') {
		/* The fraction is only checked: rt counts whole seconds, and
		 * dropping it rounds toward the earlier second. */
		if (++p == end || !isdig(*p))
			return fail(why, BAD_TIME);
		while (p != end && isdig(*p))
			p++;
	}
	if (p == end)
		return fail(why, "time without zone");
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;

		if ((oh = parse_field(&p, end, 23, ':', why,
		    "zone offset out of range")) == -1 ||
		    (om = parse_field(&p, end, 59, 0, why,
		    "zone offset out of range")) == -1)
			return -1;
		off = sign * (oh * 3600 + om * 60);
	} else
		return fail(why, BAD_TIME);
	if (p != end)
		return fail(why, "trailing characters after time");
	t = (int64_t)days * DAY_SECS + hh * 3600 + mm * 60 + ss - off;
	/* An offset can carry 0001-01-01 or 9999-12-31 out of the years rt
	 * can write; refused so that every time read can be written back. */
	if (t < TIME_MIN || t > TIME_MAX)
		return fail(why, "time out of range");
	*out = t;
	return 0;
}

static char *
put(char *p, int v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* "YYYY-MM-DD" at p, unterminated; days must be in DATE_MIN..DATE_MAX. */
static char *
put_date(char *p, int32_t days)
{
	int y, m, d;

	rt_civil_from_days(days, &y, &m, &d);
	p = put(p, y, 4);
	*p++ = '-';
	p = put(p, m, 2);
	*p++ = '-';
	return put(p, d, 2);
}

int
rt_time_format(int64_t t, char *buf)
{
	char *p;
	int32_t days;
	int secs;

	if (t < TIME_MIN || t > TIME_MAX) {
		buf[0] = '\0';
		return -1;
	}
	days = rt_time_date(t);
	secs = (int)(t - rt_date_time(days));
	p = put_date(buf, days);
	*p++ = 'T';
	p = put(p, secs / 3600, 2);
	*p++ = ':';
	p = put(p, secs / 60 % 60, 2);
	*p++ = ':';
	p = put(p, secs % 60, 2);
	*p++ = 'Z';
	*p = '\0';
	return 0;
}

int
rt_date_parse(const char *s, size_t len, int32_t *days, const char **why)
{
	const char *p;
	int32_t n;

	if (s == NULL || len == 0)
		return fail(why, "empty date");
	p = s;
	if (parse_ymd(&p, s + len, &n, why, BAD_DATE) == -1)
		return -1;
	if (p != s + len)
		return fail(why, "trailing characters after date");
	*days = n;
	return 0;
}

int
rt_date_format(int32_t days, char *buf)
{
	if (days < DATE_MIN || days > DATE_MAX) {
		buf[0] = '\0';
		return -1;
	}
	*put_date(buf, days) = '\0';
	return 0;
}

int32_t
rt_time_date(int64_t t)
{
	int64_t d = t / DAY_SECS;

	/* C division truncates; a date is the floor. */
	if (t % DAY_SECS < 0)
		d--;
	/* Only times some 5.8 million years away get here; clamped rather
	 * than left to an implementation-defined conversion. */
	if (d < INT32_MIN)
		return INT32_MIN;
	if (d > INT32_MAX)
		return INT32_MAX;
	return (int32_t)d;
}

int64_t
rt_date_time(int32_t days)
{
	return (int64_t)days * DAY_SECS;
}

/*
 * Hinnant's days_from_civil.  The sums are done in 64 bits so that no
 * argument, however wild (there is no range check), is undefined behaviour.
 */
int32_t
rt_days_from_civil(int y, int m, int d)
{
	int64_t mm = m;
	int64_t yy = (int64_t)y - (mm <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;				/* [0, 399] */
	int64_t doy = (153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5 +
	    (int64_t)d - 1;					/* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* [0, 146096] */

	return (int32_t)(era * 146097 + doe - 719468);
}

/* Hinnant's civil_from_days; every int32_t day gives a year that fits. */
void
rt_civil_from_days(int32_t days, int *y, int *m, int *d)
{
	int64_t z = (int64_t)days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;				/* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	int64_t mp = (5 * doy + 2) / 153;			/* [0, 11] */
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = (int)(yoe + era * 400 + (mm <= 2));
}

int
rt_date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday; 64 bits so INT32_MAX + 4 is defined. */
	int64_t w = ((int64_t)days + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int
rt_duration_parse(const char *s, size_t len, int64_t *secs, const char **why)
{
	const char *p, *end;
	int64_t n = 0, unit;

	if (s == NULL || len == 0)
		return fail(why, "empty duration");
	p = s;
	end = s + len;
	if (!isdig(*p))
		return fail(why, "not a duration");
	for (; p != end && isdig(*p); p++) {
		if (n > (INT64_MAX - (*p - '0')) / 10)
			return fail(why, "duration overflows");
		n = n * 10 + (*p - '0');
	}
	if (p == end)
		return fail(why, "duration without unit");
	if (end - p != 1)
		return fail(why, "unknown duration unit");
	switch (*p) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = DAY_SECS; break;
	case 'w': unit = 7 * DAY_SECS; break;
	default:
		return fail(why, "unknown duration unit");
	}
	if (n == 0)
		return fail(why, "duration must be positive");
	/* Compared before multiplying, so n * unit cannot overflow. */
	if (n > DURATION_MAX / unit)
		return fail(why, "duration over 100 years");
	*secs = n * unit;
	return 0;
}

/*
 * Writes every value, so that a message can show a bad one too ("-3h",
 * "0d"), but returns -1 for those rt_duration_parse would refuse.
 */
int
rt_duration_format(int64_t secs, char *buf)
{
	static const struct { int64_t secs; char c; } units[] = {
		{ DAY_SECS, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' }
	};
	/* Unsigned, and -(secs + 1) + 1, so that INT64_MIN has a magnitude. */
	uint64_t u = secs < 0 ? (uint64_t)-(secs + 1) + 1 : (uint64_t)secs;
	char tmp[24], *p = tmp + sizeof(tmp);
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]) - 1; i++)
		if (u % (uint64_t)units[i].secs == 0)
			break;
	u /= (uint64_t)units[i].secs;
	*--p = '\0';
	*--p = units[i].c;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (secs < 0)
		*--p = '-';
	memcpy(buf, p, (size_t)(tmp + sizeof(tmp) - p));
	return secs > 0 && secs <= DURATION_MAX ? 0 : -1;
}

int
rt_now_parse(const char *arg, int64_t *out, const char **why)
{
	size_t len;
	int32_t days;

	if (arg == NULL || strcmp(arg, "now") == 0) {
		*out = rt_time_clock();
		return 0;
	}
	len = strlen(arg);
	/* Ten bytes can only be a date; a time is longer. */
	if (len == RT_DATE_BUFSZ - 1) {
		if (rt_date_parse(arg, len, &days, why) == -1)
			return -1;
		*out = rt_date_time(days) + DAY_SECS - 1;
		return 0;
	}
	return rt_time_parse(arg, len, out, why);
}

int64_t
rt_time_clock(void)
{
	struct timespec ts;

	/* POSIX guarantees CLOCK_REALTIME, so this cannot fail; should it,
	 * time() is a better answer than an uninitialized ts. */
	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return (int64_t)time(NULL);
	return (int64_t)ts.tv_sec;
}

double
rt_time_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
