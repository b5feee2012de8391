/* rt_cron: five-field cron schedules (see rt_cron.h). */
#include <ctype.h>
#include <strings.h>
#include <string.h>

#include "rt_cron.h"
#include "rt_time.h"

static const char *const MONTHS[] = { "jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec" };
static const char *const DAYS[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* A number or a name at *p; -1 when neither. */
static int
atom(const char **p, int field)
{
	int v = 0, n = 0, i;

	if (isalpha((unsigned char)**p) && (field == 3 || field == 4)) {
		const char *const *names = field == 3 ? MONTHS : DAYS;
		int count = field == 3 ? 12 : 7;

		for (i = 0; i < count; i++)
			if (strncasecmp(*p, names[i], 3) == 0 && !isalpha((unsigned char)(*p)[3])) {
				*p += 3;
				return field == 3 ? i + 1 : i;
			}
		return -1;
	}
	while (isdigit((unsigned char)**p) && n < 3) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n == 0 || isdigit((unsigned char)**p) ? -1 : v;
}

/* One field into a bit set; -1 on a bad field. */
static int
field_parse(const char *s, size_t len, int field, uint64_t *bits, int *star,
    const char **why)
{
	static const int lo[] = { 0, 0, 1, 1, 0 }, hi[] = { 59, 23, 31, 12, 7 };
	char buf[128];
	const char *p;

	if (len == 0 || len >= sizeof buf) {
		*why = "empty or overlong field";
		return -1;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	*bits = 0;
	/* as Vixie cron: a field starting with '*' ("*", "*\/2") is
	 * unrestricted for the day-of-month/day-of-week OR rule */
	*star = buf[0] == '*' || strcmp(buf, "?") == 0;
	if (strcmp(buf, "?") == 0)
		buf[0] = '*';
	for (p = buf; *p;) {
		int a, b, step = 1, v;

		if (*p == '*') {
			a = lo[field];
			b = hi[field];
			p++;
		} else {
			if ((a = atom(&p, field)) < 0) {
				*why = "not a number or name";
				return -1;
			}
			b = a;
			if (*p == '-') {
				p++;
				if ((b = atom(&p, field)) < 0) {
					*why = "bad range";
					return -1;
				}
			}
		}
		if (*p == '/') {
			p++;
			if ((step = atom(&p, -1)) <= 0) {
				*why = "bad step";
				return -1;
			}
			if (a == b && buf[0] != '*')
				b = hi[field];	/* "a/n": from a to the end */
		}
		if (a < lo[field] || b > hi[field] || a > b) {
			*why = "value out of range";
			return -1;
		}
		for (v = a; v <= b; v += step)
			*bits |= (uint64_t)1 << (field == 4 && v == 7 ? 0 : v);
		if (*p == ',')
			p++;
		else if (*p != '\0') {
			*why = "unexpected character";
			return -1;
		}
	}
	return 0;
}

int
rt_cron_parse(const char *expr, struct rt_cron *c, const char **why)
{
	const char *p = expr;
	uint64_t bits[5];
	int stars[5], f;

	memset(c, 0, sizeof *c);
	for (f = 0; f < 5; f++) {
		const char *start;

		while (*p == ' ' || *p == '\t')
			p++;
		start = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (field_parse(start, (size_t)(p - start), f, &bits[f], &stars[f], why) == -1)
			return -1;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0') {
		*why = "more than five fields";
		return -1;
	}
	c->minute = bits[0];
	c->hour = (uint32_t)bits[1];
	c->mday = (uint32_t)bits[2];
	c->month = (uint16_t)bits[3];
	c->wday = (uint8_t)bits[4];
	c->mday_star = stars[2];
	c->wday_star = stars[4];
	return 0;
}

static int
day_matches(const struct rt_cron *c, int32_t days, int mday)
{
	int dm = (c->mday >> mday) & 1, dw = (c->wday >> rt_date_weekday(days)) & 1;

	/* cron: both restricted, either matches; else the restricted one */
	if (!c->mday_star && !c->wday_star)
		return dm || dw;
	return dm && dw;
}

int64_t
rt_cron_next(const struct rt_cron *c, int64_t t)
{
	int64_t m = t / 60 + 1, limit = m + (int64_t)8 * 366 * 1440;

	if (t < 0 && t % 60 != 0)
		m = t / 60;
	while (m < limit) {
		int64_t secs = m * 60;
		int32_t days = rt_time_date(secs);
		int y, mo, d, hh, mi;

		rt_civil_from_days(days, &y, &mo, &d);
		if (!((c->month >> mo) & 1)) {
			/* to the first day of the next month */
			m = (rt_date_time(rt_days_from_civil(mo == 12 ? y + 1 : y,
			    mo == 12 ? 1 : mo + 1, 1))) / 60;
			continue;
		}
		if (!day_matches(c, days, d)) {
			m = rt_date_time(days + 1) / 60;
			continue;
		}
		hh = (int)((secs - rt_date_time(days)) / 3600);
		if (!((c->hour >> hh) & 1)) {
			m = (rt_date_time(days) + (int64_t)(hh + 1) * 3600) / 60;
			continue;
		}
		mi = (int)((secs / 60) % 60);
		if (!((c->minute >> mi) & 1)) {
			m++;
			continue;
		}
		return secs;
	}
	return -1;
}

int
rt_cron_due(const struct rt_cron *c, int64_t last, int64_t now)
{
	int64_t n = rt_cron_next(c, last);

	return n >= 0 && n <= now;
}
