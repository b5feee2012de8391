/*
 * rt_exit.h: the exit status of every rt program, one table for all
 * (CONTRACT.md "Exit status"; the values are sysexits(3)'s).
 */
#ifndef RT_EXIT_H
#define RT_EXIT_H

enum rt_exit {
	RT_EX_OK = 0,		/* done */
	RT_EX_COND = 1,		/* done, and a condition asked for holds */
	RT_EX_USAGE = 64,	/* usage error */
	RT_EX_DATAERR = 65,	/* bad input data, first bad record named */
	RT_EX_UNAVAILABLE = 69,	/* a service (PostgreSQL) is unavailable */
	RT_EX_SOFTWARE = 70,	/* internal error */
	RT_EX_IOERR = 74,	/* cannot read or write */
	RT_EX_TEMPFAIL = 75	/* try again later: a lock is held */
};

/*
 * Whether a program stops after reading its input with this status: a
 * read that failed always stops it (what was read is not the input), bad
 * records only without --reject (with it they were set aside).
 */
static inline int
rt_input_stops(int status, int rejecting)
{
	return status == RT_EX_IOERR || (status != RT_EX_OK && !rejecting);
}

#endif
