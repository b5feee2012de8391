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

/*
 * For programs where the contract's --version V names a version (of bets,
 * of a model) beside --version, the program's own: rewrites "--version=V",
 * and "--version V" where V is neither an option nor an existing file (an
 * input), into "--version-name", in place.
 */
void rt_opt_version_name(int argc, char **argv);

long long rt_opt_int(const char *opt, const char *arg, long long lo, long long hi);
double rt_opt_num(const char *opt, const char *arg, double lo, double hi);

#endif
