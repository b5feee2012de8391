/*
 * rt_ndjson: the record reader every program uses.
 *
 * Reads newline-delimited JSON from named files ("-" is standard input)
 * or standard input, one record per line: CRLF is taken, empty lines are
 * skipped, and a line that is not a JSON object with a known "kind" (or
 * is longer than the maximum, has a NUL byte or invalid UTF-8) is bad
 * input, reported as "PROG: FILE:LINE: message".  The contract's policy:
 * without a reject file the reader stops at the first bad line; with one,
 * it copies each bad line there byte for byte (terminator included) and
 * goes on.  Either way rt_reader_failed() says so at the end and the
 * program exits RT_EX_DATAERR.
 *
 * A record is borrowed: it is valid until the next rt_reader_next().
 */
#ifndef RT_NDJSON_H
#define RT_NDJSON_H

#include <stddef.h>
#include <stdio.h>

#include "rt_json.h"
#include "rt_kind.h"
#include "rt_lines.h"

struct rt_record {
	enum rt_kind kind;
	const struct rt_json *json;	/* the object */
	const char *text;		/* the line, without CR/LF */
	size_t len;
	const char *file;		/* name as in messages */
	size_t line;
};

struct rt_reader {
	struct rt_lines lines;
	unsigned kinds;		/* RT_KIND_BIT set returned; others skipped */
	size_t nread;
	struct rt_arena arena;	/* the current record's values */
	struct rt_record rec;
};

/*
 * Opens the reject file when reject_path is not NULL (RT_EX_IOERR via
 * rt_die when it cannot).  kinds: the kinds the program reads (records of
 * other known kinds are skipped silently, as the contract says).
 */
void rt_reader_init(struct rt_reader *r, char *const *paths, size_t npaths,
    const char *reject_path, size_t max_line, unsigned kinds);

/* The next record of a wanted kind, or NULL at the end of input, at the
 * first bad line without a reject file, or on a read error. */
const struct rt_record *rt_reader_next(struct rt_reader *r);

/*
 * For a record the program finds bad after parsing (a missing field, a
 * bad price): reports "FILE:LINE: message" and rejects the current line.
 * Returns 1 when the program should go on with the next record (a reject
 * file is set), 0 when it should stop.
 */
int rt_reader_reject(struct rt_reader *r, const char *fmt, ...) RT_PRINTF(2, 3);

int rt_reader_failed(const struct rt_reader *r);	/* any bad line */
int rt_reader_io_error(const struct rt_reader *r);	/* a read failed */

/* Closes inputs and the reject file; -1 when writing the reject file failed. */
int rt_reader_release(struct rt_reader *r);

/* The exit status the reader's outcome asks for: RT_EX_IOERR, RT_EX_DATAERR or RT_EX_OK. */
int rt_reader_status(const struct rt_reader *r);

#endif
