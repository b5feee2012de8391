/*
 * rt_lines: the line reader under every input format (NDJSON records in
 * rt_ndjson, SBRO CSV rows in rt_sbro).  It reads named files ("-" is
 * standard input) or standard input, strips LF and CRLF, skips empty
 * lines, refuses lines longer than the maximum (without ever holding them
 * whole), and applies the contract's bad-input policy: each bad line is
 * reported as "PROG: FILE:LINE: message"; without a reject file reading
 * stops there, with one the line is copied to it byte for byte (terminator
 * included) and reading goes on.
 */
#ifndef RT_LINES_H
#define RT_LINES_H

#include <stddef.h>
#include <stdio.h>

#include "rt_err.h"

#define RT_MAX_LINE_DEFAULT ((size_t)1 << 20)

struct rt_lines {
	char *const *paths;	/* borrowed; NULL/0 means standard input */
	size_t npaths, next_path;
	FILE *fp;		/* current input */
	const char *name;	/* "<stdin>" or the path, for messages */
	size_t lineno;		/* of the current line in the current input */
	unsigned char *buf;	/* owned */
	size_t cap, start, end;
	int eof;
	size_t max_line;
	FILE *reject;		/* owned, or NULL */
	const char *reject_path;
	size_t nbad;
	int io_error, reject_error, stopped;
	const char *line;	/* the current line, without terminator */
	size_t len;
	size_t rawlen;		/* with its terminator, 0 when already copied */
};

/* Opens the reject file when reject_path is set (RT_EX_IOERR when it cannot). */
void rt_lines_init(struct rt_lines *l, char *const *paths, size_t npaths,
    const char *reject_path, size_t max_line);

/*
 * The next non-empty line (l->line, l->len, valid until the next call):
 * returns 1, or 0 at the end of all input, at a read error, or at a bad
 * line that stopped reading.  Lines over the maximum are bad lines.
 */
int rt_lines_next(struct rt_lines *l);

/* Reports the current line as bad and rejects it; 1: go on, 0: stop. */
int rt_lines_bad(struct rt_lines *l, const char *fmt, ...) RT_PRINTF(2, 3);
int rt_lines_vbad(struct rt_lines *l, const char *fmt, va_list ap);

/* Copies the current line to the reject file and counts it bad, without a
 * message (its reason was given once, for the lines around it). */
void rt_lines_reject_quiet(struct rt_lines *l);

/* The current line as read, terminator included (for keeping it). */
const char *rt_lines_raw(const struct rt_lines *l, size_t *len);

/*
 * For records that span lines: reports "FILE:LINE: message" at the given
 * line and copies the given raw bytes to the reject file.  1: go on, 0: stop.
 */
int rt_lines_bad_raw(struct rt_lines *l, size_t lineno, const char *raw,
    size_t rawlen, const char *fmt, ...) RT_PRINTF(5, 6);

/* Flushes the reject file: -1 (reported) when it cannot be written. */
int rt_lines_flush_reject(struct rt_lines *l);

int rt_lines_failed(const struct rt_lines *l);		/* any bad line */
int rt_lines_status(const struct rt_lines *l);		/* RT_EX_IOERR, _DATAERR or _OK */
int rt_lines_release(struct rt_lines *l);		/* -1 when the reject file failed */

#endif
