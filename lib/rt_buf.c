/* rt_buf: growable buffers (see rt_buf.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"

void *
rt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		rt_die(RT_EX_SOFTWARE, "out of memory (%zu bytes)", n);
	return p;
}

void *
rt_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		rt_die(RT_EX_SOFTWARE, "out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
rt_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		rt_die(RT_EX_SOFTWARE, "out of memory (%zu bytes)", n);
	return q;
}

char *
rt_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(rt_xmalloc(n), s, n);
}

void
rt_buf_init(struct rt_buf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
}

void
rt_buf_release(struct rt_buf *b)
{
	free(b->p);
	rt_buf_init(b);
}

void
rt_buf_reset(struct rt_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void
rt_buf_grow(struct rt_buf *b, size_t extra)
{
	size_t want;

	if (extra >= (size_t)-1 / 2 - b->len)
		rt_die(RT_EX_SOFTWARE, "buffer size overflows");
	want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	if (want < b->cap * 2)
		want = b->cap * 2;
	if (want < 256)
		want = 256;
	b->p = rt_xrealloc(b->p, want);
	b->cap = want;
}

void
rt_buf_add(struct rt_buf *b, const void *p, size_t n)
{
	rt_buf_grow(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
rt_buf_addc(struct rt_buf *b, char c)
{
	if (b->len + 1 >= b->cap)
		rt_buf_grow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void
rt_buf_adds(struct rt_buf *b, const char *s)
{
	rt_buf_add(b, s, strlen(s));
}

void
rt_buf_vaddf(struct rt_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	rt_buf_grow(b, 64);
	va_copy(aq, ap);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, aq);
	va_end(aq);
	if (n < 0)
		rt_die(RT_EX_SOFTWARE, "formatting failed");
	if ((size_t)n >= b->cap - b->len) {
		rt_buf_grow(b, (size_t)n);
		vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void
rt_buf_addf(struct rt_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

const char *
rt_buf_str(const struct rt_buf *b)
{
	return b->p ? b->p : "";
}
