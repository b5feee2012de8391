/*
 * rt_json: parsed JSON values and the JSON writer.
 *
 * The parser is cJSON (chosen by measurement: docs/json-library.md), kept
 * behind this header so that it can change: no program includes cJSON.
 * rt_json_parse() adds what cJSON leaves out and rt's inputs need: strict
 * number syntax (no "01", "1.", "+1"), no raw control characters, valid
 * UTF-8, no "\u0000", no numbers that overflow a double, no non-ASCII
 * byte (a byte order mark, say) outside strings, no key twice in one
 * object, nothing after the value.  It never builds a value of its own: it checks bytes, and cJSON
 * builds the tree.
 *
 * Ownership: a value parsed into an arena lives until rt_arena_reset() or
 * rt_arena_release() of that arena and is never freed on its own; a value
 * parsed with a NULL arena is new and freed with rt_json_free().  Every
 * accessor returns a borrowed pointer into its parent.
 *
 * The writer builds compact JSON into an rt_buf: keys in the order they are
 * written, strings escaped, doubles in the shortest form that reads back to
 * the same double, non-finite doubles as null.
 */
#ifndef RT_JSON_H
#define RT_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"

struct rt_json;		/* opaque: a parsed value */

enum rt_json_type {
	RT_JSON_INVALID,
	RT_JSON_NULL,
	RT_JSON_BOOL,
	RT_JSON_NUMBER,
	RT_JSON_STRING,
	RT_JSON_ARRAY,
	RT_JSON_OBJECT
};

/* A bump allocator for parsed values, reset once per record. */
struct rt_arena_chunk;
struct rt_arena {
	struct rt_arena_chunk *head;	/* owned */
	size_t used;			/* in head */
};

void rt_arena_init(struct rt_arena *a);
void rt_arena_reset(struct rt_arena *a);	/* keeps the largest chunk */
void rt_arena_release(struct rt_arena *a);

/*
 * Parses len bytes (no NUL needed) as one JSON value.  Returns the value
 * (see ownership above), or NULL with *why (static text) and *col (1-based
 * byte column of the problem, 0 when unknown) set.
 */
struct rt_json *rt_json_parse(struct rt_arena *a, const char *s, size_t len,
    const char **why, size_t *col);
void rt_json_free(struct rt_json *v);	/* only for values parsed without arena */

/* After a successful rt_json_parse(): 1 when the text had white space
 * between tokens (it is not compact).  After a "duplicate key" failure:
 * the key (valid until the arena is reset). */
extern _Thread_local int rt_json_last_loose;
extern _Thread_local const char *rt_json_last_dup;

/* Sets cJSON up; rt_json_parse() does it too, but a program that parses
 * in several threads calls it before starting them. */
void rt_json_init(void);

enum rt_json_type rt_json_type(const struct rt_json *v);	/* NULL -> INVALID */
const char *rt_json_type_name(enum rt_json_type t);

/* Object member by key (the first, for duplicate keys), or NULL. */
const struct rt_json *rt_json_get(const struct rt_json *obj, const char *key);

/* Children of an array or object, in order: first, then next, NULL at end. */
const struct rt_json *rt_json_first(const struct rt_json *v);
const struct rt_json *rt_json_next(const struct rt_json *v);
const char *rt_json_key(const struct rt_json *member);	/* member name */
size_t rt_json_size(const struct rt_json *v);	/* children, 0 for scalars */

/* Scalars: NULL / -1 when v is absent or of another type. */
const char *rt_json_str(const struct rt_json *v);
int rt_json_num(const struct rt_json *v, double *out);
int rt_json_bool(const struct rt_json *v, int *out);
/* A number that is a whole value in [INT64_MIN/2, INT64_MAX/2] ("5", "5.0", "5e2"). */
int rt_json_int(const struct rt_json *v, int64_t *out);

/* The first of "%.15g", "%.16g", "%.17g" that reads back to d (so 0.1 is
 * "0.1"): at most 24 bytes plus NUL; "null" when d is not finite. */
int rt_json_fmt_double(double d, char *buf, size_t size);

/*
 * Drops the whitespace between the tokens of JSON text (PostgreSQL's
 * jsonb prints `{"a": 1, "b": 2}`), in place; returns the new length.
 * Whitespace inside strings is kept.  No NUL is added.
 */
size_t rt_json_compact(char *s, size_t len);

/* The writer. */
#define RT_JW_MAXDEPTH 64
struct rt_jw {
	struct rt_buf *out;		/* borrowed */
	int depth;
	unsigned char first[RT_JW_MAXDEPTH];	/* no member written yet */
	char close[RT_JW_MAXDEPTH];		/* '}' or ']' per open level */
	unsigned char after_key;
};

void rt_jw_init(struct rt_jw *w, struct rt_buf *out);
void rt_jw_obj(struct rt_jw *w);	/* { */
void rt_jw_arr(struct rt_jw *w);	/* [ */
void rt_jw_end(struct rt_jw *w);	/* } or ] */
void rt_jw_key(struct rt_jw *w, const char *key);
void rt_jw_str(struct rt_jw *w, const char *s);
void rt_jw_strn(struct rt_jw *w, const char *s, size_t n);
void rt_jw_int(struct rt_jw *w, int64_t v);
void rt_jw_num(struct rt_jw *w, double v);	/* null when not finite */
void rt_jw_bool(struct rt_jw *w, int v);
void rt_jw_null(struct rt_jw *w);
void rt_jw_raw(struct rt_jw *w, const char *json, size_t n);	/* trusted JSON text */
void rt_jw_value(struct rt_jw *w, const struct rt_json *v);	/* a parsed value */

/* Escapes s (n bytes of valid UTF-8) as a JSON string into b, quotes included. */
void rt_json_quote(struct rt_buf *b, const char *s, size_t n);

/* The length of the longest valid UTF-8 (RFC 3629) prefix of s[0..n):
 * n when all of it is valid.  Text from outside JSON (a CSV field) must
 * pass before it goes into a record: every reader refuses invalid UTF-8. */
size_t rt_utf8_valid_prefix(const char *s, size_t n);

#endif
