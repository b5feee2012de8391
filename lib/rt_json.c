/*
 * rt_json: cJSON behind rt's interface, with the checks cJSON leaves out
 * (see rt_json.h and docs/json-library.md).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "rt_json.h"

/* ---- arena ------------------------------------------------------------ */

struct rt_arena_chunk {
	struct rt_arena_chunk *next;
	size_t size;		/* usable bytes in data */
	_Alignas(16) unsigned char data[];
};

#ifndef RT_ARENA_MIN_CHUNK	/* `make fuzz`: small, see lib/rt_lines.c */
#define RT_ARENA_MIN_CHUNK ((size_t)256 << 10)
#endif
#define ARENA_MIN_CHUNK RT_ARENA_MIN_CHUNK
#define ARENA_MAX_CHUNK ((size_t)64 << 20)

/* The arena cJSON allocates from while rt_json_parse runs; NULL: the heap. */
static _Thread_local struct rt_arena *cur_arena;

void
rt_arena_init(struct rt_arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void
rt_arena_reset(struct rt_arena *a)
{
	struct rt_arena_chunk *c, *next;

	/* The head is the newest and largest chunk: keep it, free the rest. */
	if (a->head != NULL) {
		for (c = a->head->next; c != NULL; c = next) {
			next = c->next;
			free(c);
		}
		a->head->next = NULL;
	}
	a->used = 0;
}

void
rt_arena_release(struct rt_arena *a)
{
	rt_arena_reset(a);
	free(a->head);
	rt_arena_init(a);
}

static void *
arena_alloc(struct rt_arena *a, size_t n)
{
	struct rt_arena_chunk *c;
	size_t size;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (a->head == NULL || a->head->size - a->used < n) {
		size = a->head ? a->head->size * 2 : ARENA_MIN_CHUNK;
		if (size > ARENA_MAX_CHUNK)
			size = ARENA_MAX_CHUNK;
		if (size < n)
			size = n;
		c = malloc(sizeof *c + size);
		if (c == NULL)
			return NULL;	/* cJSON reports the failure */
		c->size = size;
		c->next = a->head;
		a->head = c;
		a->used = 0;
	}
	p = a->head->data + a->used;
	a->used += n;
	return p;
}

static void *
hook_malloc(size_t n)
{
	return cur_arena ? arena_alloc(cur_arena, n) : malloc(n);
}

static void
hook_free(void *p)
{
	/* Arena memory goes back all at once in rt_arena_reset(). */
	if (cur_arena == NULL)
		free(p);
}

/* ---- strictness checks ---------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (RFC 3629), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;	/* overlong */
		if (c == 0xED && s[1] >= 0xA0)
			return 0;	/* UTF-16 surrogate */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;	/* above U+10FFFF */
		return 4;
	}
	return 0;
}

size_t
rt_utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = utf8_seq(u + i, n - i)) == 0)
			break;
		i += k;
	}
	return i;
}

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')

/* A JSON number at s[i]; returns the index after it, or 0 when malformed.
 * *risky is set when the value might not fit a double (cJSON would give
 * inf), so that the tree is checked after parsing. */
static size_t
number_end(const unsigned char *s, size_t len, size_t i, int *risky)
{
	size_t digits = 0;

	if (s[i] == '-')
		i++;
	if (i >= len || !IS_DIGIT(s[i]))
		return 0;
	if (s[i] == '0')
		i++, digits++;
	else
		while (i < len && IS_DIGIT(s[i]))
			i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		if (i >= len || !IS_DIGIT(s[i]))
			return 0;
		while (i < len && IS_DIGIT(s[i]))
			i++;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= len || !IS_DIGIT(s[i]))
			return 0;
		while (i < len && IS_DIGIT(s[i]))
			i++;
		*risky = 1;
	}
	if (digits > 300)
		*risky = 1;
	if (i < len && (IS_DIGIT(s[i]) || s[i] == '.' || s[i] == 'e' ||
	    s[i] == 'E' || s[i] == '+' || s[i] == '-'))
		return 0;	/* "01", "1.2.3", "1e5e" */
	return i;
}

/* Byte classes for the check: most bytes of a record are plain string
 * characters, and one table look-up per byte keeps the check a fraction
 * of cJSON's own time. */
enum { C_PLAIN, C_QUOTE, C_BSLASH, C_CTRL, C_HIGH, C_OPEN, C_CLOSE, C_NUM,
	C_ALPHA, C_WS, C_NUL };

static unsigned char cls[256];	/* outside strings */
static unsigned char scls[256];	/* inside: only quote, backslash, control, high */

static void
cls_init(void)
{
	int c;

	for (c = 0; c < 256; c++)
		cls[c] = c >= 0x80 ? C_HIGH : c < 0x20 ? C_CTRL : C_PLAIN;
	cls[0] = C_NUL;
	cls['"'] = C_QUOTE;
	cls['\\'] = C_BSLASH;
	cls['{'] = cls['['] = C_OPEN;
	cls['}'] = cls[']'] = C_CLOSE;
	cls['-'] = C_NUM;
	for (c = '0'; c <= '9'; c++)
		cls[c] = C_NUM;
	for (c = 'a'; c <= 'z'; c++)
		cls[c] = cls[c - 'a' + 'A'] = C_ALPHA;
	cls['\t'] = cls['\n'] = cls['\r'] = cls[' '] = C_WS;
	for (c = 0; c < 256; c++)
		scls[c] = cls[c] == C_QUOTE || cls[c] == C_BSLASH || cls[c] == C_CTRL ||
		    cls[c] == C_HIGH || cls[c] == C_NUL ? cls[c] : C_PLAIN;
	scls['\t'] = scls['\n'] = scls['\r'] = C_CTRL;
}

/* Checks the bytes of a JSON text for what cJSON accepts and JSON does not. */
static int
precheck(const unsigned char *s, size_t len, const char **why, size_t *col,
    int *risky, int *open, int *loose)
{
	size_t i = 0, n;
	int in_str = 0;
	long depth = 0;

	if (cls['"'] != C_QUOTE)
		cls_init();
	while (i < len) {
		if (in_str) {
			while (i < len && scls[s[i]] == C_PLAIN)
				i++;
			if (i >= len)
				break;
			switch (scls[s[i]]) {
			case C_QUOTE:
				in_str = 0;
				i++;
				continue;
			case C_BSLASH:
				if (i + 5 < len && s[i + 1] == 'u' &&
				    memcmp(s + i + 2, "0000", 4) == 0) {
					*why = "\\u0000 in a string is not supported";
					goto bad;
				}
				i += 2;
				continue;
			case C_HIGH:
				if ((n = utf8_seq(s + i, len - i)) == 0) {
					*why = "invalid UTF-8";
					goto bad;
				}
				i += n;
				continue;
			case C_NUL:
				*why = "NUL byte";
				goto bad;
			default:
				*why = "control character in string";
				goto bad;
			}
		}
		switch (cls[s[i]]) {
		case C_QUOTE:
			in_str = 1;
			i++;
			break;
		case C_OPEN:
			depth++;
			i++;
			break;
		case C_CLOSE:
			depth--;
			i++;
			break;
		case C_NUM:
			if ((n = number_end(s, len, i, risky)) == 0) {
				*why = "invalid number";
				goto bad;
			}
			i = n;
			break;
		case C_ALPHA:
			while (i < len && cls[s[i]] == C_ALPHA)
				i++;	/* true, false, null: cJSON checks them */
			break;
		case C_HIGH:
			/* JSON allows non-ASCII only inside strings; cJSON would
			 * also skip a byte order mark, which PostgreSQL refuses. */
			if (i == 0 && len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
				*why = "UTF-8 byte order mark";
			else if (utf8_seq(s + i, len - i) == 0)
				*why = "invalid UTF-8";
			else
				*why = "non-ASCII character outside a string";
			goto bad;
		case C_NUL:
			*why = "NUL byte";
			goto bad;
		case C_WS:
			*loose = 1;
			i++;
			break;
		case C_CTRL:
			*why = "control character";
			goto bad;
		default:
			i++;
		}
	}
	/* Unclosed: cJSON would blame the last byte; say what happened. */
	*open = in_str || depth > 0;
	return 0;
bad:
	*col = i + 1;
	return -1;
}

/* The first key that occurs twice in one object anywhere in v, or NULL:
 * cJSON keeps both and rt_json_get() would see the first where jq and
 * PostgreSQL see the last, so a record with one is refused. */
static const char *
duplicate_key(const cJSON *v)
{
	const cJSON *a, *b, *c;
	const char *d;
	uint64_t seen[4];

	for (c = v; c != NULL; c = c->next) {
		if (c->child == NULL)
			continue;
		if (cJSON_IsObject(c) && c->child->next != NULL) {
			/* A 256-bit filter on a cheap hash of each key: only a
			 * key whose bit is already set is compared with the keys
			 * before it.  Pairwise comparison cost a quarter of the
			 * parse on bets. */
			memset(seen, 0, sizeof seen);
			for (a = c->child; a != NULL; a = a->next) {
				const unsigned char *k = (const unsigned char *)a->string;
				size_t n = strlen(a->string);
				unsigned h = n ? (unsigned)(n * 31u + k[0] * 7u + k[n - 1] * 13u +
				    k[n / 2]) & 255u : 0;

				if (seen[h >> 6] & (UINT64_C(1) << (h & 63))) {
					for (b = c->child; b != a; b = b->next)
						if (strcmp(a->string, b->string) == 0)
							return a->string;
				}
				seen[h >> 6] |= UINT64_C(1) << (h & 63);
			}
		}
		if ((d = duplicate_key(c->child)) != NULL)
			return d;
	}
	return NULL;
}

static int
all_finite(const cJSON *v)
{
	for (; v != NULL; v = v->next) {
		if (cJSON_IsNumber(v) && !isfinite(v->valuedouble))
			return 0;
		if (v->child != NULL && !all_finite(v->child))
			return 0;
	}
	return 1;
}

/* ---- parsing and access ------------------------------------------- */

_Thread_local int rt_json_last_loose;
_Thread_local const char *rt_json_last_dup;

static int hooked;

/* cJSON's allocator hooks are global: set them once, before any thread
 * parses (rt_par calls this first).  Which arena they use is per thread.
 * cJSON also records the last error position in a global; rt reads the
 * position cJSON returns instead, so threads never read that global. */
void
rt_json_init(void)
{
	if (!hooked) {
		cJSON_Hooks h = { hook_malloc, hook_free };

		cJSON_InitHooks(&h);
		hooked = 1;
	}
}

struct rt_json *
rt_json_parse(struct rt_arena *a, const char *s, size_t len, const char **why,
    size_t *col)
{
	const char *end = NULL, *dup;
	const char *dummy_why;
	size_t dummy_col, i;
	int risky = 0, open = 0, loose = 0;
	cJSON *v;

	if (why == NULL)
		why = &dummy_why;
	if (col == NULL)
		col = &dummy_col;
	*why = NULL;
	*col = 0;
	rt_json_init();
	if (precheck((const unsigned char *)s, len, why, col, &risky, &open, &loose) == -1)
		return NULL;
	cur_arena = a;
	v = cJSON_ParseWithLengthOpts(s, len, &end, 0);
	cur_arena = NULL;
	if (v == NULL) {
		*why = "invalid JSON";
		if (end != NULL && end >= s && end <= s + len)
			*col = (size_t)(end - s) + 1;
		/* cJSON blames the last byte when it runs out of text. */
		if (len == 0 || (open && *col >= len)) {
			*why = "truncated JSON";
			*col = len + 1;
		}
		return NULL;
	}
	for (i = (size_t)(end - s); i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
			*why = "text after the JSON value";
			*col = i + 1;
			goto fail;
		}
	if (risky && !all_finite(v)) {
		*why = "number out of range";
		goto fail;
	}
	if ((dup = duplicate_key(v)) != NULL) {
		*why = "duplicate key";
		rt_json_last_dup = dup;
		goto fail;
	}
	rt_json_last_loose = loose;
	return (struct rt_json *)v;
fail:
	if (a == NULL)
		cJSON_Delete(v);
	return NULL;
}

void
rt_json_free(struct rt_json *v)
{
	cJSON_Delete((cJSON *)v);
}

enum rt_json_type
rt_json_type(const struct rt_json *jv)
{
	const cJSON *v = (const cJSON *)jv;

	if (v == NULL)
		return RT_JSON_INVALID;
	switch (v->type & 0xFF) {
	case cJSON_NULL:	return RT_JSON_NULL;
	case cJSON_False:
	case cJSON_True:	return RT_JSON_BOOL;
	case cJSON_Number:	return RT_JSON_NUMBER;
	case cJSON_String:	return RT_JSON_STRING;
	case cJSON_Array:	return RT_JSON_ARRAY;
	case cJSON_Object:	return RT_JSON_OBJECT;
	default:		return RT_JSON_INVALID;
	}
}

const char *
rt_json_type_name(enum rt_json_type t)
{
	static const char *names[] = {
		"nothing", "null", "a boolean", "a number", "a string",
		"an array", "an object"
	};

	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

const struct rt_json *
rt_json_get(const struct rt_json *obj, const char *key)
{
	const cJSON *c;

	if (rt_json_type(obj) != RT_JSON_OBJECT)
		return NULL;
	for (c = ((const cJSON *)obj)->child; c != NULL; c = c->next)
		if (c->string != NULL && strcmp(c->string, key) == 0)
			return (const struct rt_json *)c;
	return NULL;
}

const struct rt_json *
rt_json_first(const struct rt_json *v)
{
	return v ? (const struct rt_json *)((const cJSON *)v)->child : NULL;
}

const struct rt_json *
rt_json_next(const struct rt_json *v)
{
	return v ? (const struct rt_json *)((const cJSON *)v)->next : NULL;
}

const char *
rt_json_key(const struct rt_json *member)
{
	return member ? ((const cJSON *)member)->string : NULL;
}

size_t
rt_json_size(const struct rt_json *v)
{
	const cJSON *c;
	size_t n = 0;

	if (v == NULL)
		return 0;
	for (c = ((const cJSON *)v)->child; c != NULL; c = c->next)
		n++;
	return n;
}

const char *
rt_json_str(const struct rt_json *v)
{
	return rt_json_type(v) == RT_JSON_STRING ? ((const cJSON *)v)->valuestring : NULL;
}

int
rt_json_num(const struct rt_json *v, double *out)
{
	if (rt_json_type(v) != RT_JSON_NUMBER)
		return -1;
	*out = ((const cJSON *)v)->valuedouble;
	return 0;
}

int
rt_json_bool(const struct rt_json *v, int *out)
{
	if (rt_json_type(v) != RT_JSON_BOOL)
		return -1;
	*out = (((const cJSON *)v)->type & 0xFF) == cJSON_True;
	return 0;
}

int
rt_json_int(const struct rt_json *v, int64_t *out)
{
	double d;

	if (rt_json_num(v, &d) == -1 || d != floor(d) ||
	    d < -4611686018427387904.0 || d >= 4611686018427387904.0)
		return -1;
	*out = (int64_t)d;
	return 0;
}

/* ---- writing -------------------------------------------------------- */

int
rt_json_fmt_double(double d, char *buf, size_t size)
{
	int prec, n = 0;

	if (!isfinite(d))
		return snprintf(buf, size, "null");
	/* %.15g is exact for every decimal of up to 15 digits, and %.17g
	 * for every double: the first that reads back is the shortest of
	 * the three. */
	for (prec = 15; prec <= 17; prec++) {
		n = snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return n;
}

void
rt_json_quote(struct rt_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	rt_buf_grow(b, n + 2);
	rt_buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[6];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		rt_buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':  esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			rt_buf_add(b, u, 6);
		}
		if (esc)
			rt_buf_adds(b, esc);
	}
	rt_buf_add(b, s + run, n - run);
	rt_buf_addc(b, '"');
}

void
rt_jw_init(struct rt_jw *w, struct rt_buf *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = 1;
	w->after_key = 0;
}

/* Separator before a value or key. */
static void
jw_sep(struct rt_jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (!w->first[w->depth])
		rt_buf_addc(w->out, ',');
	w->first[w->depth] = 0;
}

static void
jw_open(struct rt_jw *w, char c)
{
	jw_sep(w);
	rt_buf_addc(w->out, c);
	if (w->depth + 1 >= RT_JW_MAXDEPTH)
		rt_die(RT_EX_SOFTWARE, "JSON output nested too deeply");
	w->first[++w->depth] = 1;
	w->close[w->depth] = c == '{' ? '}' : ']';
}

void rt_jw_obj(struct rt_jw *w) { jw_open(w, '{'); }
void rt_jw_arr(struct rt_jw *w) { jw_open(w, '['); }

void
rt_jw_end(struct rt_jw *w)
{
	if (w->depth == 0)
		rt_die(RT_EX_SOFTWARE, "JSON writer: end without an open object");
	rt_buf_addc(w->out, w->close[w->depth]);
	w->depth--;
}

void
rt_jw_key(struct rt_jw *w, const char *key)
{
	jw_sep(w);
	rt_json_quote(w->out, key, strlen(key));
	rt_buf_addc(w->out, ':');
	w->after_key = 1;
}

void
rt_jw_str(struct rt_jw *w, const char *s)
{
	if (s == NULL) {
		rt_jw_null(w);
		return;
	}
	rt_jw_strn(w, s, strlen(s));
}

void
rt_jw_strn(struct rt_jw *w, const char *s, size_t n)
{
	jw_sep(w);
	rt_json_quote(w->out, s, n);
}

void
rt_jw_int(struct rt_jw *w, int64_t v)
{
	jw_sep(w);
	rt_buf_addf(w->out, "%lld", (long long)v);
}

void
rt_jw_num(struct rt_jw *w, double v)
{
	char tmp[32];
	int n;

	jw_sep(w);
	n = rt_json_fmt_double(v, tmp, sizeof tmp);
	rt_buf_add(w->out, tmp, (size_t)n);
}

void
rt_jw_bool(struct rt_jw *w, int v)
{
	jw_sep(w);
	rt_buf_adds(w->out, v ? "true" : "false");
}

void
rt_jw_null(struct rt_jw *w)
{
	jw_sep(w);
	rt_buf_adds(w->out, "null");
}

void
rt_jw_raw(struct rt_jw *w, const char *json, size_t n)
{
	jw_sep(w);
	rt_buf_add(w->out, json, n);
}

void
rt_jw_value(struct rt_jw *w, const struct rt_json *jv)
{
	const cJSON *v = (const cJSON *)jv, *c;

	switch (rt_json_type(jv)) {
	case RT_JSON_NULL:
	case RT_JSON_INVALID:
		rt_jw_null(w);
		break;
	case RT_JSON_BOOL:
		rt_jw_bool(w, (v->type & 0xFF) == cJSON_True);
		break;
	case RT_JSON_NUMBER:
		rt_jw_num(w, v->valuedouble);
		break;
	case RT_JSON_STRING:
		rt_jw_str(w, v->valuestring);
		break;
	case RT_JSON_ARRAY:
		rt_jw_arr(w);
		for (c = v->child; c != NULL; c = c->next)
			rt_jw_value(w, (const struct rt_json *)c);
		rt_jw_end(w);
		break;
	case RT_JSON_OBJECT:
		rt_jw_obj(w);
		for (c = v->child; c != NULL; c = c->next) {
			rt_jw_key(w, c->string);
			rt_jw_value(w, (const struct rt_json *)c);
		}
		rt_jw_end(w);
		break;
	}
}

size_t
rt_json_compact(char *s, size_t len)
{
	size_t i, n = 0;
	int in_str = 0, esc = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (in_str) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			continue;
		}
		s[n++] = c;
	}
	return n;
}
