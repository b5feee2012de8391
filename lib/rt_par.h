/*
 * rt_par: the record reader with the parsing spread over threads, for the
 * programs that read a million records (rt-metrics).  The calling thread
 * reads lines (rt_lines) into batches and hands them to worker threads,
 * which parse each line and run the program's decode callback on it; the
 * caller then gets the decoded items back in input order, and bad lines
 * are reported and rejected in order too, exactly as rt_ndjson does.
 *
 * The decode callback runs in a worker: it may read the record (borrowed,
 * valid during the call) and write its item and err, nothing shared.
 */
#ifndef RT_PAR_H
#define RT_PAR_H

#include <stddef.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_json.h"
#include "rt_kind.h"

/* 0 (item written), or -1 with a reason in err (the line is bad). */
typedef int (*rt_par_decode)(enum rt_kind kind, const struct rt_json *rec,
    void *item, struct rt_buf *err, void *arg);

struct rt_par;

/* nthreads 0: as many as the machine has cores, at most 8. */
struct rt_par *rt_par_new(char *const *paths, size_t npaths, const char *reject,
    size_t max_line, unsigned kinds, size_t item_size, rt_par_decode decode,
    void *arg, int nthreads);

/*
 * The next item in input order (borrowed until the next call), its kind
 * and its line's text; NULL at the end, or at the first bad line when
 * there is no reject file.
 */
const void *rt_par_next(struct rt_par *p, enum rt_kind *kind, const char **text,
    size_t *len);

/* For an item the caller finds bad: reported at its line and rejected.
 * 1: go on; 0: stop (no reject file). */
int rt_par_reject(struct rt_par *p, const char *fmt, ...) RT_PRINTF(2, 3);

int rt_par_status(const struct rt_par *p);	/* RT_EX_OK, _DATAERR, _IOERR */
int rt_par_release(struct rt_par *p);		/* -1 when the reject file failed */

#endif
