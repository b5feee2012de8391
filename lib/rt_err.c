/* rt_err: diagnostics and exits (see rt_err.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "rt_err.h"

static const char *prog = "rt";

void
rt_err_init(const char *argv0)
{
	const char *slash;
	int fd;

	/*
	 * A program started with standard input, output or error closed
	 * (`prog >&-`) would give that number to the next file it opens:
	 * its database connection, say, into which the records would then
	 * be written.  Each closed one is taken by /dev/null, read-only: a
	 * closed stdin reads as empty, and a write to a closed stdout fails
	 * (EBADF) and ends the program with exit 74, as it would have.
	 */
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
			int n = open("/dev/null", O_RDONLY);

			if (n != -1 && n != fd) {
				(void)dup2(n, fd);
				(void)close(n);
			}
		}

	if (argv0 == NULL || *argv0 == '\0')
		return;
	slash = strrchr(argv0, '/');
	prog = slash ? slash + 1 : argv0;
}

const char *
rt_err_prog(void)
{
	return prog;
}

void
rt_warnx(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
rt_warn_at(const char *file, size_t line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (line > 0)
		fprintf(stderr, "%s: %s:%zu: ", prog, file, line);
	else
		fprintf(stderr, "%s: %s: ", prog, file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
rt_die(int code, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

void
rt_usage_die(const char *synopsis)
{
	fprintf(stderr, "usage: %s\n", synopsis);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(RT_EX_USAGE);
}

void
rt_print_version(void)
{
	printf("%s (rt) %s\n", prog, RT_VERSION);
}

int
rt_close_stdout(void)
{
	int bad = 0, saved = 0;

	if (fflush(stdout) != 0) {
		bad = 1;
		saved = errno;
	}
	if (ferror(stdout) && !bad) {
		struct statvfs fs;

		/* An earlier write failed and its errno is gone: a full file
		 * system is the likely cause, and worth naming (an operator
		 * told "Input/output error" looks for a broken disk). */
		bad = 1;
		saved = errno ? errno : EIO;
		if (fstatvfs(fileno(stdout), &fs) == 0 && fs.f_bavail == 0 && fs.f_blocks > 0)
			saved = ENOSPC;
	}
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		saved = errno;
	}
	if (bad) {
		fprintf(stderr, "%s: writing standard output failed: %s\n",
		    prog, strerror(saved ? saved : EIO));
		return -1;
	}
	return 0;
}

void
rt_exit_stdout(void)
{
	exit(rt_close_stdout() == -1 ? RT_EX_IOERR : RT_EX_OK);
}
