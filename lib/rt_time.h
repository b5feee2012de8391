/*
 * rt_time: times, dates and durations as the contract writes them.
 *
 * A time is an int64_t count of seconds since 1970-01-01T00:00:00Z; a date
 * an int32_t count of days since 1970-01-01.  Text forms: RFC 3339 in UTC
 * ("2019-06-01T23:05:00Z"), dates "YYYY-MM-DD", durations "7d", "36h",
 * "90m", "45s", "2w".  Years run 0001..9999.  Every parser checks the whole
 * string (no trailing bytes), the calendar (2019-02-29 is refused, 2020-02-29
 * taken) and overflow, and returns -1 with a short reason in *why (a static
 * string, lower case, no full stop) on bad text.
 */
#ifndef RT_TIME_H
#define RT_TIME_H

#include <stddef.h>
#include <stdint.h>

#define RT_TIME_BUFSZ 21	/* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
#define RT_DATE_BUFSZ 11	/* "YYYY-MM-DD" + NUL */

/*
 * RFC 3339 date-time: "T" or "t" or " " between date and time, seconds
 * required, fraction allowed (dropped: rt's resolution is a second, toward
 * the earlier second), zone "Z"/"z" or "+HH:MM"/"-HH:MM" (converted to UTC).
 * A time without zone is refused ("time without zone"); a leap second
 * (":60") is refused.  s need not be NUL-terminated: len bytes are read.
 */
int rt_time_parse(const char *s, size_t len, int64_t *out, const char **why);

/* Writes "YYYY-MM-DDTHH:MM:SSZ" into buf (RT_TIME_BUFSZ bytes); returns
 * -1 (buf set to "") when t is outside years 0001..9999. */
int rt_time_format(int64_t t, char *buf);

/* "YYYY-MM-DD" exactly. */
int rt_date_parse(const char *s, size_t len, int32_t *days, const char **why);
int rt_date_format(int32_t days, char *buf);	/* RT_DATE_BUFSZ bytes */

/* The date (UTC) a time falls on, and the time a date starts at (00:00Z). */
int32_t rt_time_date(int64_t t);
int64_t rt_date_time(int32_t days);

/* Days from a civil date and back (proleptic Gregorian); no range check. */
int32_t rt_days_from_civil(int y, int m, int d);
void rt_civil_from_days(int32_t days, int *y, int *m, int *d);

/* 0 Sunday .. 6 Saturday */
int rt_date_weekday(int32_t days);

/*
 * A duration: a positive whole number followed by one unit, s m h d w
 * ("90m", "7d"); "0d" is refused, as is anything over 100 years.
 */
int rt_duration_parse(const char *s, size_t len, int64_t *secs, const char **why);

/* The shortest exact form: 604800 -> "7d", 129600 -> "36h", 5400 -> "90m";
 * buf needs 24 bytes.  Weeks are written as days ("14d"). */
int rt_duration_format(int64_t secs, char *buf);

/*
 * The --now option: an RFC 3339 time, a date (meaning the end of that day,
 * 23:59:59Z, so that "--now 2019-06-01" knows that day's games), or
 * "now" (the clock).  NULL means the clock.
 */
int rt_now_parse(const char *arg, int64_t *out, const char **why);

/* The clock, in seconds. */
int64_t rt_time_clock(void);
/* Seconds on the monotonic clock, for measuring how long something took. */
double rt_time_mono(void);

#endif
