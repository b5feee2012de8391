/*
 * rt_err: diagnostics and exits shared by every program.  Messages follow
 * the contract: "PROG: FILE:LINE: message" for bad input, "PROG: message"
 * otherwise; lower case, no full stop, the problem first.  rt_die() is the
 * only place in lib/ that calls exit().
 */
#ifndef RT_ERR_H
#define RT_ERR_H

#include <stddef.h>
#include <stdio.h>

#include "rt_exit.h"

#if defined(__GNUC__)
#define RT_PRINTF(f, a) __attribute__((format(printf, f, a)))
/* C11's _Noreturn, and GNU's spelling, which static analysers read too */
#define RT_NORETURN _Noreturn __attribute__((noreturn))
#else
#define RT_PRINTF(f, a)
#define RT_NORETURN _Noreturn
#endif

/* Sets the program name used in messages (the basename of argv0). */
void rt_err_init(const char *argv0);
const char *rt_err_prog(void);

/* "PROG: message" on stderr. */
void rt_warnx(const char *fmt, ...) RT_PRINTF(1, 2);

/* "PROG: FILE:LINE: message" on stderr; line 0 leaves ":LINE" out. */
void rt_warn_at(const char *file, size_t line, const char *fmt, ...) RT_PRINTF(3, 4);

/* "PROG: message" and exit(code). */
RT_NORETURN void rt_die(int code, const char *fmt, ...) RT_PRINTF(2, 3);

/* Prints "usage: SYNOPSIS" on stderr and exits RT_EX_USAGE. */
RT_NORETURN void rt_usage_die(const char *synopsis);

/* --version: "PROG (rt) VERSION" on stdout. */
void rt_print_version(void);

/*
 * Flushes and closes stdout and reports a failure ("writing standard
 * output failed: ..."): returns 0, or -1 when output was lost (the caller
 * exits RT_EX_IOERR).  EPIPE counts as failure too: SIGPIPE is left at its
 * default, so a program writing into a closed pipe normally dies first.
 */
int rt_close_stdout(void);

/* rt_close_stdout, then exit: 0, or RT_EX_IOERR when output was lost
 * (--help, --version and the other options that only print). */
RT_NORETURN void rt_exit_stdout(void);

#endif
