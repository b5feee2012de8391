/* rt_ndjson: the record reader (see rt_ndjson.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_ndjson.h"

#define READ_CHUNK ((size_t)256 << 10)

/* fd of the current input, kept in the FILE-less reader as an int. */
static int
cur_fd(const struct rt_reader *r)
{
	return r->fp ? fileno(r->fp) : -1;
}

void
rt_reader_init(struct rt_reader *r, char *const *paths, size_t npaths,
    const char *reject_path, size_t max_line, unsigned kinds)
{
	memset(r, 0, sizeof *r);
	r->paths = paths;
	r->npaths = npaths;
	r->max_line = max_line ? max_line : RT_MAX_LINE_DEFAULT;
	r->kinds = kinds;
	r->cap = READ_CHUNK;
	r->buf = rt_xmalloc(r->cap);
	rt_arena_init(&r->arena);
	r->reject_path = reject_path;
	if (reject_path != NULL &&
	    (r->reject = fopen(reject_path, "w")) == NULL)
		rt_die(RT_EX_IOERR, "cannot open reject file '%s': %s",
		    reject_path, strerror(errno));
}

/* Opens the next input; 0 when there is none left. */
static int
open_next(struct rt_reader *r)
{
	const char *path;

	if (r->fp != NULL) {
		if (r->fp != stdin)
			fclose(r->fp);
		r->fp = NULL;
	}
	if (r->npaths == 0) {
		if (r->next_path++ > 0)
			return 0;
		path = "-";
	} else {
		if (r->next_path >= r->npaths)
			return 0;
		path = r->paths[r->next_path++];
	}
	r->start = r->end = 0;
	r->eof = 0;
	r->lineno = 0;
	if (strcmp(path, "-") == 0) {
		r->fp = stdin;
		r->name = "<stdin>";
		return 1;
	}
	r->name = path;
	if ((r->fp = fopen(path, "r")) == NULL) {
		rt_warnx("cannot open '%s': %s", path, strerror(errno));
		r->io_error = 1;
		return -1;
	}
	return 1;
}

/* Reads what is there (not waiting for a full buffer: pipelines stream). */
static int
fill(struct rt_reader *r)
{
	ssize_t n;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		r->cap *= 2;
		r->buf = rt_xrealloc(r->buf, r->cap);
	}
	do
		n = read(cur_fd(r), r->buf + r->end, r->cap - r->end);
	while (n == -1 && errno == EINTR);
	if (n == -1) {
		rt_warn_at(r->name, 0, "read error: %s", strerror(errno));
		r->io_error = 1;
		return -1;
	}
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return (int)(n > 0);
}

static void
reject_write(struct rt_reader *r, const void *p, size_t n)
{
	if (r->reject != NULL && n > 0 && fwrite(p, 1, n, r->reject) != n)
		r->reject_error = 1;
}

/*
 * The next line: 1 with [start, start + *rawlen) holding it (terminator
 * included), 0 at the end of this input, -1 on a read error, 2 when the
 * line is longer than the maximum (already copied to the reject file and
 * skipped, or left unread when the reader stops).
 */
static int
next_line(struct rt_reader *r, size_t *rawlen)
{
	size_t scanned = 0;
	unsigned char *nl;

	for (;;) {
		nl = memchr(r->buf + r->start + scanned, '\n',
		    r->end - r->start - scanned);
		if (nl != NULL) {
			*rawlen = (size_t)(nl - (r->buf + r->start)) + 1;
			if (*rawlen - 1 > r->max_line + 1)
				break;	/* too long, though complete */
			return 1;
		}
		scanned = r->end - r->start;
		if (scanned > r->max_line + 1)
			break;
		if (r->eof) {
			*rawlen = scanned;
			return scanned > 0;
		}
		/* fill() moves the partial line to the front: the first
		 * `scanned` bytes stay scanned. */
		if (fill(r) == -1)
			return -1;
	}
	/* Too long: never hold it whole; stream it to the reject file. */
	if (r->reject == NULL)
		return 2;
	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL) {
			size_t n = (size_t)(nl - (r->buf + r->start)) + 1;

			reject_write(r, r->buf + r->start, n);
			r->start += n;
			return 2;
		}
		reject_write(r, r->buf + r->start, r->end - r->start);
		r->start = r->end;
		if (r->eof)
			return 2;
		if (fill(r) == -1)
			return -1;
	}
}

static void
vreport(struct rt_reader *r, const char *fmt, va_list ap)
{
	struct rt_buf msg = RT_BUF_INIT;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	rt_buf_grow(&msg, n > 0 ? (size_t)n : 0);
	vsnprintf(msg.p, msg.cap, fmt, ap);
	rt_warn_at(r->name, r->lineno, "%s", msg.p);
	rt_buf_release(&msg);
	r->nbad++;
}

/* A bad line: report, reject or stop.  Returns 1 to go on. */
static int
bad_line(struct rt_reader *r, const char *fmt, ...) RT_PRINTF(2, 3);
static int
bad_line(struct rt_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, fmt, ap);
	va_end(ap);
	if (r->reject == NULL) {
		r->stopped = 1;
		return 0;
	}
	reject_write(r, r->buf + r->start, r->rawlen);
	return 1;
}

int
rt_reader_reject(struct rt_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(r, fmt, ap);
	va_end(ap);
	if (r->reject == NULL) {
		r->stopped = 1;
		return 0;
	}
	/* The current record's line is still at buf + start - rawlen. */
	reject_write(r, r->buf + r->start - r->rawlen, r->rawlen);
	return 1;
}

const struct rt_record *
rt_reader_next(struct rt_reader *r)
{
	const struct rt_json *v, *kind;
	const char *why, *kname, *s;
	size_t len, col, rawlen;
	enum rt_kind k;
	int rc;

	if (r->stopped)
		return NULL;
	for (;;) {
		if (r->fp == NULL) {
			rc = open_next(r);
			if (rc == 0)
				return NULL;
			if (rc == -1)
				continue;	/* named; go on with the others */
		}
		rc = next_line(r, &rawlen);
		if (rc == 0) {
			rc = open_next(r);
			if (rc == 0)
				return NULL;
			continue;
		}
		if (rc == -1) {
			r->stopped = 1;
			return NULL;
		}
		r->lineno++;
		if (rc == 2) {
			r->rawlen = 0;	/* already copied */
			if (!bad_line(r, "line longer than %zu bytes (--max-line-length)",
			    r->max_line))
				return NULL;
			continue;
		}
		r->rawlen = rawlen;
		s = (const char *)r->buf + r->start;
		len = rawlen;
		if (len > 0 && s[len - 1] == '\n')
			len--;
		if (len > 0 && s[len - 1] == '\r')
			len--;
		if (len == 0) {
			r->start += rawlen;
			continue;
		}
		if (len > r->max_line) {
			/* next_line() let it through with its CR allowance or at EOF */
			rc = bad_line(r, "line longer than %zu bytes (--max-line-length)",
			    r->max_line);
			if (!rc)
				return NULL;
			r->start += rawlen;
			continue;
		}
		rt_arena_reset(&r->arena);
		v = rt_json_parse(&r->arena, s, len, &why, &col);
		if (v == NULL) {
			rc = col ? bad_line(r, "%s at column %zu", why, col)
			    : bad_line(r, "%s", why);
		} else if (rt_json_type(v) != RT_JSON_OBJECT) {
			rc = bad_line(r, "expected a JSON object, found %s",
			    rt_json_type_name(rt_json_type(v)));
		} else if ((kind = rt_json_get(v, "kind")) == NULL) {
			rc = bad_line(r, "record without \"kind\"");
		} else if ((kname = rt_json_str(kind)) == NULL) {
			rc = bad_line(r, "\"kind\" is %s, not a string",
			    rt_json_type_name(rt_json_type(kind)));
		} else if (rt_kind_parse(kname, &k) == -1) {
			rc = bad_line(r, "unknown record kind \"%s\"", kname);
		} else {
			r->start += rawlen;
			if (!(r->kinds & RT_KIND_BIT(k)))
				continue;
			r->nread++;
			r->rec.kind = k;
			r->rec.json = v;
			r->rec.text = s;
			r->rec.len = len;
			r->rec.file = r->name;
			r->rec.line = r->lineno;
			return &r->rec;
		}
		if (!rc)
			return NULL;
		r->start += rawlen;
	}
}

int
rt_reader_failed(const struct rt_reader *r)
{
	return r->nbad > 0;
}

int
rt_reader_io_error(const struct rt_reader *r)
{
	return r->io_error;
}

int
rt_reader_status(const struct rt_reader *r)
{
	if (r->io_error || r->reject_error)
		return RT_EX_IOERR;
	if (r->nbad > 0)
		return RT_EX_DATAERR;
	return RT_EX_OK;
}

int
rt_reader_release(struct rt_reader *r)
{
	int rc = 0;

	if (r->fp != NULL && r->fp != stdin)
		fclose(r->fp);
	r->fp = NULL;
	if (r->reject != NULL) {
		if (fflush(r->reject) != 0 || ferror(r->reject)) {
			rt_warnx("writing reject file '%s' failed: %s",
			    r->reject_path, strerror(errno));
			rc = -1;
		}
		if (fclose(r->reject) != 0 && rc == 0) {
			rt_warnx("writing reject file '%s' failed: %s",
			    r->reject_path, strerror(errno));
			rc = -1;
		}
		r->reject = NULL;
	}
	if (r->reject_error && rc == 0) {
		rt_warnx("writing reject file '%s' failed", r->reject_path);
		rc = -1;
	}
	free(r->buf);
	r->buf = NULL;
	rt_arena_release(&r->arena);
	return rc;
}
