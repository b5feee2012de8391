/* rt_lines: the line reader (see rt_lines.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_buf.h"
#include "rt_lines.h"

/* `make fuzz` builds with small chunks (-DRT_READ_CHUNK=64): the growth
 * and refill paths then run on every small input. */
#ifndef RT_READ_CHUNK
#define RT_READ_CHUNK ((size_t)256 << 10)
#endif
#define READ_CHUNK RT_READ_CHUNK

void
rt_lines_init(struct rt_lines *l, char *const *paths, size_t npaths,
    const char *reject_path, size_t max_line)
{
	memset(l, 0, sizeof *l);
	l->paths = paths;
	l->npaths = npaths;
	l->max_line = max_line ? max_line : RT_MAX_LINE_DEFAULT;
	l->cap = READ_CHUNK;
	l->buf = rt_xmalloc(l->cap);
	l->reject_path = reject_path;
	if (reject_path != NULL &&
	    (l->reject = fopen(reject_path, "w")) == NULL)
		rt_die(RT_EX_IOERR, "cannot open reject file '%s': %s",
		    reject_path, strerror(errno));
}

/* Opens the next input: 1, 0 when there is none left, -1 when it cannot
 * be opened (named, and the caller goes on with the others). */
static int
open_next(struct rt_lines *l)
{
	const char *path;

	if (l->fp != NULL) {
		if (l->fp != stdin)
			fclose(l->fp);
		l->fp = NULL;
	}
	if (l->npaths == 0) {
		if (l->next_path++ > 0)
			return 0;
		path = "-";
	} else {
		if (l->next_path >= l->npaths)
			return 0;
		path = l->paths[l->next_path++];
	}
	l->start = l->end = 0;
	l->eof = 0;
	l->lineno = 0;
	if (strcmp(path, "-") == 0) {
		l->fp = stdin;
		l->name = "<stdin>";
		return 1;
	}
	l->name = path;
	if ((l->fp = fopen(path, "r")) == NULL) {
		rt_warnx("cannot open '%s': %s", path, strerror(errno));
		l->io_error = 1;
		return -1;
	}
	return 1;
}

/* Reads what is there (not waiting for a full buffer: pipelines stream). */
static int
fill(struct rt_lines *l)
{
	ssize_t n;

	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (l->end == l->cap) {
		l->cap *= 2;
		l->buf = rt_xrealloc(l->buf, l->cap);
	}
	do
		n = read(fileno(l->fp), l->buf + l->end, l->cap - l->end);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		rt_warn_at(l->name, 0, "read error: %s", strerror(errno));
		l->io_error = 1;
		return -1;
	}
	if (n == 0)
		l->eof = 1;
	l->end += (size_t)n;
	return (int)(n > 0);
}

static void
reject_write(struct rt_lines *l, const void *p, size_t n)
{
	if (l->reject != NULL && n > 0 && fwrite(p, 1, n, l->reject) != n)
		l->reject_error = 1;
}

/*
 * The next physical line: 1 with [start, start + *rawlen) holding it
 * (terminator included), 0 at the end of this input, -1 on a read error,
 * 2 when the line is longer than the maximum (already copied to the
 * reject file and skipped, or left unread when the reader stops).
 */
static int
next_physical(struct rt_lines *l, size_t *rawlen)
{
	size_t scanned = 0;
	unsigned char *nl;

	for (;;) {
		nl = memchr(l->buf + l->start + scanned, '\n',
		    l->end - l->start - scanned);
		if (nl != NULL) {
			*rawlen = (size_t)(nl - (l->buf + l->start)) + 1;
			if (*rawlen - 1 > l->max_line + 1)
				break;	/* too long, though complete */
			return 1;
		}
		scanned = l->end - l->start;
		if (scanned > l->max_line + 1)
			break;
		if (l->eof) {
			*rawlen = scanned;
			return scanned > 0;
		}
		/* fill() moves the partial line to the front: the first
		 * `scanned` bytes stay scanned. */
		if (fill(l) == -1)
			return -1;
	}
	/* Too long: never hold it whole; stream it to the reject file. */
	if (l->reject == NULL)
		return 2;
	for (;;) {
		nl = memchr(l->buf + l->start, '\n', l->end - l->start);
		if (nl != NULL) {
			size_t n = (size_t)(nl - (l->buf + l->start)) + 1;

			reject_write(l, l->buf + l->start, n);
			l->start += n;
			return 2;
		}
		reject_write(l, l->buf + l->start, l->end - l->start);
		l->start = l->end;
		if (l->eof)
			return 2;
		if (fill(l) == -1)
			return -1;
	}
}

static void
vreport(struct rt_lines *l, size_t lineno, const char *fmt, va_list ap)
{
	struct rt_buf msg = RT_BUF_INIT;

	rt_buf_vaddf(&msg, fmt, ap);
	rt_warn_at(l->name, lineno, "%s", msg.p);
	rt_buf_release(&msg);
	l->nbad++;
}

int
rt_lines_vbad(struct rt_lines *l, const char *fmt, va_list ap)
{
	vreport(l, l->lineno, fmt, ap);
	if (l->reject == NULL) {
		l->stopped = 1;
		return 0;
	}
	reject_write(l, l->line, l->rawlen);
	return 1;
}

int
rt_lines_bad(struct rt_lines *l, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rt_lines_vbad(l, fmt, ap);
	va_end(ap);
	return rc;
}

int
rt_lines_bad_raw(struct rt_lines *l, size_t lineno, const char *raw,
    size_t rawlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(l, lineno, fmt, ap);
	va_end(ap);
	if (l->reject == NULL) {
		l->stopped = 1;
		return 0;
	}
	reject_write(l, raw, rawlen);
	return 1;
}

void
rt_lines_reject_quiet(struct rt_lines *l)
{
	l->nbad++;
	reject_write(l, l->line, l->rawlen);
}

const char *
rt_lines_raw(const struct rt_lines *l, size_t *len)
{
	*len = l->rawlen;
	return l->line;
}

int
rt_lines_next(struct rt_lines *l)
{
	const char *s;
	size_t len, rawlen;
	int rc;

	if (l->stopped)
		return 0;
	for (;;) {
		if (l->fp == NULL) {
			rc = open_next(l);
			if (rc == 0)
				return 0;
			if (rc == -1)
				continue;	/* named; go on with the others */
		}
		/* The previous line is done with: step over it. */
		l->start += l->rawlen;
		l->rawlen = 0;
		rc = next_physical(l, &rawlen);
		if (rc == 0) {
			if (open_next(l) == 0)
				return 0;
			continue;
		}
		if (rc == -1) {
			l->stopped = 1;
			return 0;
		}
		l->lineno++;
		s = (const char *)l->buf + l->start;
		l->line = s;
		if (rc == 2) {
			l->len = 0;
			l->rawlen = 0;	/* already copied, or left unread */
			if (!rt_lines_bad(l, "line longer than %zu bytes (--max-line-length)",
			    l->max_line))
				return 0;
			continue;
		}
		l->rawlen = rawlen;
		len = rawlen;
		if (len > 0 && s[len - 1] == '\n')
			len--;
		if (len > 0 && s[len - 1] == '\r')
			len--;
		l->len = len;
		if (len == 0)
			continue;
		if (len > l->max_line) {
			/* next_physical() let it through with its CR allowance or at EOF */
			if (!rt_lines_bad(l, "line longer than %zu bytes (--max-line-length)",
			    l->max_line))
				return 0;
			continue;
		}
		return 1;
	}
}

int
rt_lines_flush_reject(struct rt_lines *l)
{
	if (l->reject == NULL)
		return 0;
	if (fflush(l->reject) != 0 || ferror(l->reject) || l->reject_error) {
		rt_warnx("writing reject file '%s' failed: %s", l->reject_path,
		    strerror(errno ? errno : EIO));
		l->reject_error = 1;
		return -1;
	}
	return 0;
}

int
rt_lines_failed(const struct rt_lines *l)
{
	return l->nbad > 0;
}

int
rt_lines_status(const struct rt_lines *l)
{
	if (l->io_error || l->reject_error)
		return RT_EX_IOERR;
	if (l->nbad > 0)
		return RT_EX_DATAERR;
	return RT_EX_OK;
}

int
rt_lines_release(struct rt_lines *l)
{
	int rc = 0;

	if (l->fp != NULL && l->fp != stdin)
		fclose(l->fp);
	l->fp = NULL;
	if (l->reject != NULL) {
		if (fflush(l->reject) != 0 || ferror(l->reject)) {
			rt_warnx("writing reject file '%s' failed: %s",
			    l->reject_path, strerror(errno));
			rc = -1;
		}
		if (fclose(l->reject) != 0 && rc == 0) {
			rt_warnx("writing reject file '%s' failed: %s",
			    l->reject_path, strerror(errno));
			rc = -1;
		}
		l->reject = NULL;
	}
	if (l->reject_error && rc == 0) {
		rt_warnx("writing reject file '%s' failed", l->reject_path);
		rc = -1;
	}
	free(l->buf);
	l->buf = NULL;
	return rc;
}
