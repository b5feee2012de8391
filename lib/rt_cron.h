/*
 * rt_cron: the five-field crontab schedule of `schedule` records
 * (CONTRACT.md), as cron(8) reads it: minute hour day-of-month month
 * day-of-week, each a list of values, ranges (a-b), steps (*\/n, a-b/n,
 * a/n: from a to the end), month names (jan..dec) and day names
 * (sun..sat), Sunday as 0 or 7, and cron's rule that when both
 * day-of-month and day-of-week are restricted (neither is *) a day
 * matches if either does.  Times are UTC.
 */
#ifndef RT_CRON_H
#define RT_CRON_H

#include <stdint.h>

struct rt_cron {
	uint64_t minute;	/* bit m: minute m (0..59) */
	uint32_t hour;		/* 0..23 */
	uint32_t mday;		/* bit d: day d (1..31) */
	uint16_t month;		/* bit m: month m (1..12) */
	uint8_t wday;		/* bit d: weekday d (0..6, Sunday 0) */
	int mday_star, wday_star;	/* the field was * (unrestricted) */
};

/* Parses an expression; -1 with *why (static text) on a bad one. */
int rt_cron_parse(const char *expr, struct rt_cron *c, const char **why);

/* The first fire time strictly after t (seconds, UTC, on a minute), or -1
 * when there is none within eight years (e.g. "0 0 30 2 *"). */
int64_t rt_cron_next(const struct rt_cron *c, int64_t t);

/* 1 when the schedule fires in (last, now]. */
int rt_cron_due(const struct rt_cron *c, int64_t last, int64_t now);

#endif
