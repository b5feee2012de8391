/*
 * rt_buf: a growable byte buffer, always NUL-terminated.  Out of memory is
 * fatal (rt_die with RT_EX_SOFTWARE): every caller would do the same.
 */
#ifndef RT_BUF_H
#define RT_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "rt_err.h"

struct rt_buf {
	char *p;	/* owned; "" until the first append */
	size_t len;
	size_t cap;
};

#define RT_BUF_INIT { NULL, 0, 0 }

void rt_buf_init(struct rt_buf *b);
void rt_buf_release(struct rt_buf *b);	/* frees; b can be used again */
void rt_buf_reset(struct rt_buf *b);	/* len = 0, memory kept */
void rt_buf_grow(struct rt_buf *b, size_t extra);
void rt_buf_add(struct rt_buf *b, const void *p, size_t n);
void rt_buf_addc(struct rt_buf *b, char c);
void rt_buf_adds(struct rt_buf *b, const char *s);
void rt_buf_addf(struct rt_buf *b, const char *fmt, ...) RT_PRINTF(2, 3);
void rt_buf_vaddf(struct rt_buf *b, const char *fmt, va_list ap);
const char *rt_buf_str(const struct rt_buf *b);	/* borrowed */

/* malloc/realloc/strdup that die on failure. */
void *rt_xmalloc(size_t n);
void *rt_xcalloc(size_t n, size_t size);
void *rt_xrealloc(void *p, size_t n);
char *rt_xstrdup(const char *s);

#endif
