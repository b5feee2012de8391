/*
 * rt_opt: option values checked the same way in every program.  A value
 * that is not a number, has trailing text or lies outside its range is a
 * usage error: "PROG: --opt 'value': expected ... from LO to HI", the
 * synopsis, exit RT_EX_USAGE.
 */
#ifndef RT_OPT_H
#define RT_OPT_H

/* The synopsis printed on a usage error (borrowed; set once in main). */
void rt_opt_synopsis(const char *synopsis);

long long rt_opt_int(const char *opt, const char *arg, long long lo, long long hi);
double rt_opt_num(const char *opt, const char *arg, double lo, double hi);

#endif
