/* rt_par: parsing spread over threads, results in order (see rt_par.h). */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_err.h"
#include "rt_lines.h"
#include "rt_par.h"

#define NBATCH 6		/* batches in flight */
#define BATCH_LINES 2048

enum { B_FREE, B_FILLED, B_PARSING, B_PARSED };
enum { L_OK, L_SKIP, L_BAD };

struct batch {
	int state;
	size_t seq;			/* order of filling */
	size_t n;
	struct rt_buf text;		/* the raw lines, back to back */
	size_t off[BATCH_LINES], len[BATCH_LINES], raw[BATCH_LINES];
	size_t lineno[BATCH_LINES];
	const char *name[BATCH_LINES];
	unsigned char status[BATCH_LINES], kind[BATCH_LINES];
	struct rt_buf msgs;		/* reasons of bad lines, NUL-separated */
	size_t msg[BATCH_LINES];
	unsigned char *items;		/* BATCH_LINES * item_size */
};

struct rt_par {
	struct rt_lines lines;
	unsigned kinds;
	size_t item_size;
	rt_par_decode decode;
	void *arg;
	struct batch b[NBATCH];
	size_t next_fill, next_take, next_out;	/* sequence numbers */
	size_t pos;			/* in the batch being handed out */
	int eof, stop, nthreads;
	pthread_t th[8];
	pthread_mutex_t mu;
	pthread_cond_t work, done;
};

/* Parses one line into its item or its reason. */
static void
parse_line(struct rt_par *p, struct batch *b, size_t i, struct rt_arena *arena,
    struct rt_buf *err)
{
	const char *s = b->text.p + b->off[i], *why, *kname;
	const struct rt_json *v, *kind;
	size_t col;
	enum rt_kind k;

	rt_arena_reset(arena);
	rt_buf_reset(err);
	v = rt_json_parse(arena, s, b->len[i], &why, &col);
	if (v == NULL) {
		if (col)
			rt_buf_addf(err, "%s at column %zu", why, col);
		else
			rt_buf_adds(err, why);
	} else if (rt_json_type(v) != RT_JSON_OBJECT) {
		rt_buf_addf(err, "expected a JSON object, found %s",
		    rt_json_type_name(rt_json_type(v)));
	} else if ((kind = rt_json_get(v, "kind")) == NULL) {
		rt_buf_adds(err, "record without \"kind\"");
	} else if ((kname = rt_json_str(kind)) == NULL) {
		rt_buf_addf(err, "\"kind\" is %s, not a string",
		    rt_json_type_name(rt_json_type(kind)));
	} else if (rt_kind_parse(kname, &k) == -1) {
		rt_buf_addf(err, "unknown record kind \"%s\"", kname);
	} else if (!(p->kinds & RT_KIND_BIT(k))) {
		b->status[i] = L_SKIP;
		return;
	} else {
		b->kind[i] = (unsigned char)k;
		if (p->decode(k, v, b->items + i * p->item_size, err, p->arg) == 0) {
			b->status[i] = L_OK;
			return;
		}
	}
	b->status[i] = L_BAD;
	b->msg[i] = b->msgs.len;
	rt_buf_add(&b->msgs, err->p ? err->p : "", err->len);
	rt_buf_addc(&b->msgs, '\0');
}

static void *
worker(void *arg)
{
	struct rt_par *p = arg;
	struct rt_arena arena;
	struct rt_buf err = RT_BUF_INIT;

	rt_arena_init(&arena);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct batch *b = NULL;
		int i;

		while (!p->stop) {
			for (i = 0; i < NBATCH; i++)
				if (p->b[i].state == B_FILLED && p->b[i].seq == p->next_take) {
					b = &p->b[i];
					break;
				}
			if (b != NULL)
				break;
			pthread_cond_wait(&p->work, &p->mu);
		}
		if (p->stop)
			break;
		b->state = B_PARSING;
		p->next_take++;
		pthread_mutex_unlock(&p->mu);
		{
			size_t j;

			rt_buf_reset(&b->msgs);
			for (j = 0; j < b->n; j++)
				parse_line(p, b, j, &arena, &err);
		}
		pthread_mutex_lock(&p->mu);
		b->state = B_PARSED;
		pthread_cond_broadcast(&p->done);
		pthread_cond_broadcast(&p->work);
	}
	pthread_mutex_unlock(&p->mu);
	rt_arena_release(&arena);
	rt_buf_release(&err);
	return NULL;
}

struct rt_par *
rt_par_new(char *const *paths, size_t npaths, const char *reject,
    size_t max_line, unsigned kinds, size_t item_size, rt_par_decode decode,
    void *arg, int nthreads)
{
	struct rt_par *p = rt_xcalloc(1, sizeof *p);
	int i;

	rt_lines_init(&p->lines, paths, npaths, reject, max_line);
	p->kinds = kinds;
	p->item_size = item_size;
	p->decode = decode;
	p->arg = arg;
	for (i = 0; i < NBATCH; i++) {
		rt_buf_init(&p->b[i].text);
		rt_buf_init(&p->b[i].msgs);
		p->b[i].items = rt_xmalloc(BATCH_LINES * item_size);
		p->b[i].state = B_FREE;
	}
	if (nthreads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		nthreads = n < 1 ? 1 : n > 8 ? 8 : (int)n;
	}
	p->nthreads = nthreads;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	rt_json_init();		/* before any thread parses */
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&p->th[i], NULL, worker, p) != 0)
			rt_die(RT_EX_SOFTWARE, "cannot start a parsing thread");
	return p;
}

/* Fills free batches from the input, in order (the calling thread). */
static void
fill(struct rt_par *p)
{
	int i;

	for (i = 0; i < NBATCH && !p->eof; i++) {
		struct batch *b = NULL;
		int j;

		pthread_mutex_lock(&p->mu);
		for (j = 0; j < NBATCH; j++)
			if (p->b[j].state == B_FREE) {
				b = &p->b[j];
				break;
			}
		pthread_mutex_unlock(&p->mu);
		if (b == NULL)
			return;
		b->n = 0;
		rt_buf_reset(&b->text);
		while (b->n < BATCH_LINES) {
			size_t rawlen;
			const char *raw;

			if (!rt_lines_next(&p->lines)) {
				p->eof = 1;
				break;
			}
			raw = rt_lines_raw(&p->lines, &rawlen);
			b->off[b->n] = b->text.len;
			b->len[b->n] = p->lines.len;
			b->raw[b->n] = rawlen;
			b->lineno[b->n] = p->lines.lineno;
			b->name[b->n] = p->lines.name;
			rt_buf_add(&b->text, raw, rawlen);
			b->n++;
		}
		pthread_mutex_lock(&p->mu);
		b->seq = p->next_fill++;
		b->state = B_FILLED;
		pthread_cond_broadcast(&p->work);
		pthread_mutex_unlock(&p->mu);
	}
}

static struct batch *
current(struct rt_par *p)
{
	int i;

	for (i = 0; i < NBATCH; i++)
		if (p->b[i].state != B_FREE && p->b[i].seq == p->next_out)
			return &p->b[i];
	return NULL;
}

const void *
rt_par_next(struct rt_par *p, enum rt_kind *kind, const char **text, size_t *len)
{
	for (;;) {
		struct batch *b;

		fill(p);
		pthread_mutex_lock(&p->mu);
		while ((b = current(p)) != NULL && b->state != B_PARSED)
			pthread_cond_wait(&p->done, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (b == NULL)
			return NULL;	/* nothing filled: the input is done */
		while (p->pos < b->n) {
			size_t i = p->pos++;

			if (b->status[i] == L_SKIP)
				continue;
			if (b->status[i] == L_BAD) {
				/* named as of its own file: batches span files */
				const char *now = p->lines.name;
				int go_on;

				p->lines.name = b->name[i];
				go_on = rt_lines_bad_raw(&p->lines, b->lineno[i],
				    b->text.p + b->off[i], b->raw[i], "%s", b->msgs.p + b->msg[i]);
				p->lines.name = now;
				if (!go_on) {
					p->eof = 1;
					return NULL;
				}
				continue;
			}
			*kind = (enum rt_kind)b->kind[i];
			*text = b->text.p + b->off[i];
			*len = b->len[i];
			return b->items + i * p->item_size;
		}
		pthread_mutex_lock(&p->mu);
		b->state = B_FREE;
		p->next_out++;
		p->pos = 0;
		pthread_mutex_unlock(&p->mu);
	}
}

int
rt_par_reject(struct rt_par *p, const char *fmt, ...)
{
	struct batch *b = current(p);
	struct rt_buf msg = RT_BUF_INIT;
	const char *now = p->lines.name;
	va_list ap;
	size_t i;
	int go_on;

	if (b == NULL || p->pos == 0)
		return 1;
	i = p->pos - 1;		/* the item handed out last */
	va_start(ap, fmt);
	rt_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	p->lines.name = b->name[i];
	go_on = rt_lines_bad_raw(&p->lines, b->lineno[i], b->text.p + b->off[i],
	    b->raw[i], "%s", msg.p);
	p->lines.name = now;
	rt_buf_release(&msg);
	if (!go_on)
		p->eof = 1;
	return go_on;
}

int
rt_par_status(const struct rt_par *p)
{
	return rt_lines_status(&p->lines);
}

int
rt_par_release(struct rt_par *p)
{
	int i, rc;

	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->th[i], NULL);
	for (i = 0; i < NBATCH; i++) {
		rt_buf_release(&p->b[i].text);
		rt_buf_release(&p->b[i].msgs);
		free(p->b[i].items);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	rc = rt_lines_release(&p->lines);
	free(p);
	return rc;
}
