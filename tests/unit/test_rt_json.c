/*
 * test_rt_json: the JSON parser's strictness, the accessors, the arena and
 * the writer (lib/rt_json.c).
 *
 * The writer's doubles are checked against strtod(3), which shares no code
 * with it, over 100000 pseudo-random bit patterns; every output is also read
 * back through rt_json_parse(), so that the reader takes what the writer
 * writes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_json.h"
#include "rt_test.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct rt_arena arena;

/* Parses s (a C string) into the arena; NULL when refused. */
static const struct rt_json *
parse(const char *s)
{
	const char *why = NULL;
	size_t col = 0;
	const struct rt_json *v;

	v = rt_json_parse(&arena, s, strlen(s), &why, &col);
	if (v == NULL)
		printf("# \"%s\" refused: %s at column %zu\n", s,
		    why ? why : "(null)", col);
	return v;
}

/* s (len bytes) must be refused for the reason want, at column wantcol. */
static void
bad(const char *label, const char *s, size_t len, const char *want,
    size_t wantcol)
{
	char what[200];
	const char *why = "(not set)";
	size_t col = 9999;
	struct rt_json *v;

	v = rt_json_parse(&arena, s, len, &why, &col);
	snprintf(what, sizeof(what), "refuse %s: %s", label, want);
	CHECK_STR(v == NULL ? why : "(accepted)", want, what);
	snprintf(what, sizeof(what), "refuse %s: column %zu", label, wantcol);
	CHECK_INT(col, wantcol, what);
	/* The same without an arena: a tree cJSON built must not leak. */
	v = rt_json_parse(NULL, s, len, NULL, NULL);
	snprintf(what, sizeof(what), "refuse %s without an arena", label);
	CHECK(v == NULL, what);
	if (v != NULL)
		rt_json_free(v);
	rt_arena_reset(&arena);
}

#define BAD(s, why, col) bad(#s, (s), sizeof(s) - 1, (why), (col))

/* The number s must parse to exactly want (bit for bit). */
static void
num_ok(const char *s, double want)
{
	char what[160];
	const struct rt_json *v;
	double d = 12345;

	snprintf(what, sizeof(what), "number %s is %.17g", s, want);
	v = parse(s);
	CHECK(v != NULL && rt_json_type(v) == RT_JSON_NUMBER &&
	    rt_json_num(v, &d) == 0 && memcmp(&d, &want, sizeof d) == 0, what);
	if (memcmp(&d, &want, sizeof d) != 0)
		printf("#   got %.17g\n", d);
}

static void
test_scalars(void)
{
	const struct rt_json *v;
	int b = -1;
	double d = 0;
	int64_t i = 0;

	v = parse("true");
	CHECK_INT(rt_json_type(v), RT_JSON_BOOL, "true is a boolean");
	CHECK(rt_json_bool(v, &b) == 0 && b == 1, "true is 1");
	v = parse("false");
	CHECK(rt_json_bool(v, &b) == 0 && b == 0, "false is 0");
	v = parse("null");
	CHECK_INT(rt_json_type(v), RT_JSON_NULL, "null is null");
	CHECK(rt_json_bool(v, &b) == -1, "null is not a boolean");
	CHECK(rt_json_num(v, &d) == -1, "null is not a number");
	CHECK(rt_json_int(v, &i) == -1, "null is not an int");
	CHECK(rt_json_str(v) == NULL, "null is not a string");
	CHECK_INT(rt_json_size(v), 0, "null has no children");
	CHECK(rt_json_first(v) == NULL, "null has no first child");
	v = parse(" \t\r\n 42 \t\r\n ");
	CHECK(rt_json_num(v, &d) == 0 && d == 42, "whitespace around a value");
	v = parse("\"plain\"");
	CHECK_STR(rt_json_str(v), "plain", "a string at top level");
	CHECK(rt_json_num(v, &d) == -1, "a string is not a number");
	CHECK(rt_json_bool(v, &b) == -1, "a string is not a boolean");

	CHECK_INT(rt_json_type(NULL), RT_JSON_INVALID, "type of NULL");
	CHECK(rt_json_get(NULL, "a") == NULL, "get on NULL");
	CHECK(rt_json_first(NULL) == NULL, "first of NULL");
	CHECK(rt_json_next(NULL) == NULL, "next of NULL");
	CHECK(rt_json_key(NULL) == NULL, "key of NULL");
	CHECK_INT(rt_json_size(NULL), 0, "size of NULL");
	CHECK(rt_json_str(NULL) == NULL, "str of NULL");
	CHECK(rt_json_num(NULL, &d) == -1, "num of NULL");
	CHECK(rt_json_bool(NULL, &b) == -1, "bool of NULL");
	CHECK(rt_json_int(NULL, &i) == -1, "int of NULL");
	CHECK_STR(rt_json_type_name(RT_JSON_OBJECT), "an object", "type name of an object");
	CHECK_STR(rt_json_type_name(RT_JSON_ARRAY), "an array", "type name of an array");
	rt_arena_reset(&arena);
}

static void
test_numbers(void)
{
	const struct rt_json *v;
	int64_t i;
	double d;

	num_ok("0", 0.0);
	num_ok("-0", -0.0);
	num_ok("1.5", 1.5);
	num_ok("1e3", 1000.0);
	num_ok("1E3", 1000.0);
	num_ok("1e+3", 1000.0);
	num_ok("-2.5E-3", -2.5e-3);
	num_ok("0.1", 0.1);
	num_ok("-0.0", -0.0);
	num_ok("9007199254740993", 9007199254740992.0);	/* nearest double */
	num_ok("1.7976931348623157e308", 1.7976931348623157e308);
	num_ok("5e-324", 5e-324);
	num_ok("1e-400", 0.0);		/* underflow is not an error */
	num_ok("123456789012345678901234567890123456789012345678901234567890123456789",
	    1.2345678901234568e68);	/* longer than cJSON's old 63 bytes */

	v = parse("-0");
	d = 1;
	CHECK(rt_json_num(v, &d) == 0 && d == 0 && signbit(d), "-0 keeps its sign");

	/* rt_json_int: whole values only. */
	i = 0;
	CHECK(rt_json_int(parse("5"), &i) == 0 && i == 5, "int: 5");
	i = 0;
	CHECK(rt_json_int(parse("5.0"), &i) == 0 && i == 5, "int: 5.0");
	i = 0;
	CHECK(rt_json_int(parse("5e2"), &i) == 0 && i == 500, "int: 5e2");
	i = 0;
	CHECK(rt_json_int(parse("-7"), &i) == 0 && i == -7, "int: -7");
	i = 0;
	CHECK(rt_json_int(parse("-0"), &i) == 0 && i == 0, "int: -0");
	i = 0;
	CHECK(rt_json_int(parse("9007199254740993"), &i) == 0 &&
	    i == 9007199254740992LL, "int: 9007199254740993 (as its double)");
	i = 77;
	CHECK(rt_json_int(parse("5.5"), &i) == -1 && i == 77, "int: 5.5 refused, *out untouched");
	CHECK(rt_json_int(parse("-0.5"), &i) == -1, "int: -0.5 refused");
	CHECK(rt_json_int(parse("\"5\""), &i) == -1, "int: the string \"5\" refused");
	CHECK(rt_json_int(parse("true"), &i) == -1, "int: true refused");
	CHECK(rt_json_int(parse("1e300"), &i) == -1, "int: 1e300 refused");
	CHECK(rt_json_int(parse("-1e300"), &i) == -1, "int: -1e300 refused");
	/* The range is [INT64_MIN/2, INT64_MAX/2] = [-2^62, 2^62 - 1]. */
	i = 0;
	CHECK(rt_json_int(parse("-4611686018427387904"), &i) == 0 &&
	    i == -4611686018427387904LL, "int: -2^62 (INT64_MIN/2) accepted");
	i = 0;
	CHECK(rt_json_int(parse("4611686018427386880"), &i) == 0 &&
	    i == 4611686018427386880LL, "int: the largest double below 2^62 accepted");
	CHECK(rt_json_int(parse("4611686018427387904"), &i) == -1,
	    "int: 2^62 (> INT64_MAX/2) refused");
	CHECK(rt_json_int(parse("-4611686018427388928"), &i) == -1,
	    "int: the double below -2^62 refused");
	rt_arena_reset(&arena);
}

static void
test_strings(void)
{
	const struct rt_json *v;
	const char *s;

	v = parse("\"a\\nb\\\"c\\\\d\\/e\\tf\\rg\\bh\\fi\"");
	CHECK_STR(rt_json_str(v), "a\nb\"c\\d/e\tf\rg\bh\fi", "escapes \\n \\\" \\\\ \\/ \\t \\r \\b \\f");
	v = parse("\"\\u00e9\"");
	CHECK_STR(rt_json_str(v), "\xc3\xa9", "\\u00e9 is C3 A9");
	v = parse("\"\\u00E9\\u0041\\u20ac\"");
	CHECK_STR(rt_json_str(v), "\xc3\xa9" "A" "\xe2\x82\xac", "\\u00E9 \\u0041 \\u20ac");
	v = parse("\"\\ud83d\\ude00\"");
	s = rt_json_str(v);
	CHECK(s != NULL && strlen(s) == 4 && memcmp(s, "\xf0\x9f\x98\x80", 4) == 0,
	    "surrogate pair \\ud83d\\ude00 is F0 9F 98 80");
	v = parse("\"\xf0\x9f\x98\x80 \xc3\xa9\"");
	CHECK_STR(rt_json_str(v), "\xf0\x9f\x98\x80 \xc3\xa9", "raw UTF-8 kept");
	v = parse("\"\\u0001\"");
	CHECK_STR(rt_json_str(v), "\x01", "\\u0001 is allowed");
	v = parse("\"\"");
	CHECK_STR(rt_json_str(v), "", "empty string");
	v = parse("\"\\\\u0000\"");
	CHECK_STR(rt_json_str(v), "\\u0000", "an escaped backslash before u0000 is no \\u0000");
	v = parse("\"a\x7f\"");
	CHECK_STR(rt_json_str(v), "a\x7f", "raw DEL in a string is allowed");
	v = parse("\t[\r\n\"\\\\\",\"\\\"\"\t]\n");
	CHECK(v != NULL && rt_json_size(v) == 2 &&
	    strcmp(rt_json_str(rt_json_first(v)), "\\") == 0 &&
	    strcmp(rt_json_str(rt_json_next(rt_json_first(v))), "\"") == 0,
	    "tab, CR, LF are whitespace; strings ending in escapes");
	rt_arena_reset(&arena);
}

static void
test_containers(void)
{
	const struct rt_json *v, *c, *m;
	const char *doc =
	    "{\"kind\":\"game\",\"n\":3,\"a\":[1,\"two\",[3,[4]],{\"x\":null}],"
	    "\"o\":{\"p\":{\"q\":true}},\"dup\":1,\"dup2\":2,\"e\":[],\"f\":{}}";
	double d;
	int64_t i;
	int b, n;

	v = parse(doc);
	CHECK_INT(rt_json_type(v), RT_JSON_OBJECT, "object parsed");
	CHECK_INT(rt_json_size(v), 8, "object has 8 members");
	CHECK_STR(rt_json_str(rt_json_get(v, "kind")), "game", "get kind");
	CHECK(rt_json_int(rt_json_get(v, "n"), &i) == 0 && i == 3, "get n");
	CHECK(rt_json_get(v, "missing") == NULL, "get missing key");
	CHECK(rt_json_get(v, "KIND") == NULL, "keys are case-sensitive");
	CHECK(rt_json_int(rt_json_get(v, "dup2"), &i) == 0 && i == 2,
	    "get a key that shares a prefix");

	/* Members in order, with their keys. */
	{
		static const char *keys[] = {
			"kind", "n", "a", "o", "dup", "dup2", "e", "f"
		};
		int ok = 1;

		n = 0;
		for (m = rt_json_first(v); m != NULL; m = rt_json_next(m), n++)
			if (n >= (int)NELEM(keys) || rt_json_key(m) == NULL ||
			    strcmp(rt_json_key(m), keys[n]) != 0)
				ok = 0;
		CHECK(ok && n == (int)NELEM(keys), "first/next/key walk the members in order");
	}

	c = rt_json_get(v, "a");
	CHECK_INT(rt_json_type(c), RT_JSON_ARRAY, "a is an array");
	CHECK_INT(rt_json_size(c), 4, "a has 4 elements");
	CHECK(rt_json_get(c, "x") == NULL, "get on an array is NULL");
	m = rt_json_first(c);
	CHECK(rt_json_num(m, &d) == 0 && d == 1, "a[0] is 1");
	CHECK(rt_json_key(m) == NULL, "array elements have no key");
	m = rt_json_next(m);
	CHECK_STR(rt_json_str(m), "two", "a[1] is \"two\"");
	m = rt_json_next(m);
	CHECK_INT(rt_json_size(m), 2, "a[2] has 2 elements");
	CHECK(rt_json_num(rt_json_first(rt_json_next(rt_json_first(m))), &d) == 0 &&
	    d == 4, "a[2][1][0] is 4");
	m = rt_json_next(m);
	CHECK_INT(rt_json_type(rt_json_get(m, "x")), RT_JSON_NULL, "a[3].x is null");
	CHECK(rt_json_next(m) == NULL, "next after the last element is NULL");

	c = rt_json_get(rt_json_get(rt_json_get(v, "o"), "p"), "q");
	CHECK(rt_json_bool(c, &b) == 0 && b == 1, "o.p.q is true");
	CHECK_INT(rt_json_size(rt_json_get(v, "e")), 0, "empty array");
	CHECK(rt_json_first(rt_json_get(v, "e")) == NULL, "empty array has no first");
	CHECK_INT(rt_json_type(rt_json_get(v, "f")), RT_JSON_OBJECT, "empty object");
	CHECK_INT(rt_json_size(rt_json_get(v, "f")), 0, "empty object has no members");

	v = parse(" [ 1 , [ ] , { } , \"x\" ] ");
	CHECK_INT(rt_json_size(v), 4, "array with whitespace");
	v = parse("{\"\xc3\xa9t\xc3\xa9\":\"\\u00e9\",\"\":0}");
	CHECK_STR(rt_json_str(rt_json_get(v, "\xc3\xa9t\xc3\xa9")), "\xc3\xa9", "UTF-8 key");
	CHECK(rt_json_num(rt_json_get(v, ""), &d) == 0 && d == 0, "empty key");
	v = parse("{\"a\\u0062\":1}");
	CHECK(rt_json_get(v, "ab") != NULL, "escaped key is decoded");
	rt_arena_reset(&arena);
}

static void
test_rejections(void)
{
	/* Numbers. */
	BAD("01", "invalid number", 1);
	BAD("-01", "invalid number", 1);
	BAD("[1,01]", "invalid number", 4);
	BAD("1.", "invalid number", 1);
	BAD("1.e5", "invalid number", 1);
	BAD("1e", "invalid number", 1);
	BAD("1e+", "invalid number", 1);
	BAD("+1", "invalid JSON", 1);
	BAD(".5", "invalid JSON", 1);
	BAD("1.2.3", "invalid number", 1);
	BAD("-", "invalid number", 1);
	BAD("[-]", "invalid number", 2);
	BAD("NaN", "invalid JSON", 1);
	BAD("Infinity", "invalid JSON", 1);
	BAD("-Infinity", "invalid number", 1);
	BAD("[1,NaN]", "invalid JSON", 4);
	BAD("{\"a\":tru}", "invalid JSON", 6);

	/* Control characters, NUL, UTF-8. */
	BAD("\"a\tb\"", "control character in string", 3);
	BAD("\"a\nb\"", "control character in string", 3);
	BAD("{\"k\":\"x\ry\"}", "control character in string", 8);
	BAD("[\x01]", "control character", 2);
	BAD("\x01", "control character", 1);
	BAD("{}\0", "NUL byte", 3);
	BAD("\"a\0b\"", "NUL byte", 3);
	BAD("\"\x80\"", "invalid UTF-8", 2);
	BAD("\"\xc0\xaf\"", "invalid UTF-8", 2);
	BAD("\"\xc1\xbf\"", "invalid UTF-8", 2);
	BAD("\"\xe0\x80\xaf\"", "invalid UTF-8", 2);
	BAD("\"\xed\xa0\x80\"", "invalid UTF-8", 2);
	BAD("\"\xf0\x80\x80\xaf\"", "invalid UTF-8", 2);
	BAD("\"\xf4\x90\x80\x80\"", "invalid UTF-8", 2);
	BAD("\"\xf5\x80\x80\x80\"", "invalid UTF-8", 2);
	BAD("\"ab\xe2\x82\"", "invalid UTF-8", 4);
	BAD("\"ab\xe2\x82", "invalid UTF-8", 4);
	BAD("\xff", "invalid UTF-8", 1);
	BAD("[\xff]", "invalid UTF-8", 2);
	BAD("[\xc3\xa9]", "non-ASCII character outside a string", 2);
	BAD("\xef\xbb\xbf{}", "UTF-8 byte order mark", 1);
	BAD("{\"a\":1,\"a\":2}", "duplicate key", 0);
	BAD("{\"a\":{\"b\":1,\"c\":2,\"b\":3}}", "duplicate key", 0);
	BAD("[{\"x\":1},{\"y\":1,\"y\":1}]", "duplicate key", 0);
	BAD("[1,\x1f]", "control character", 4);
	BAD("[\"a\x1f\"]", "control character in string", 4);
	BAD("TRUE", "invalid JSON", 1);
	BAD("[nul]", "invalid JSON", 2);
	BAD("\"\\u0000\"", "\\u0000 in a string is not supported", 2);
	BAD("{\"a\":\"xy\\u0000\"}", "\\u0000 in a string is not supported", 9);
	BAD("\"\\udc00\"", "invalid JSON", 2);
	BAD("\"\\ud83d\"", "invalid JSON", 2);
	BAD("\"\\ud83dx\"", "invalid JSON", 2);
	BAD("\"\\ud83d\\u0041\"", "invalid JSON", 2);
	BAD("\"\\x\"", "invalid JSON", 2);

	/* Structure. */
	BAD("{} x", "text after the JSON value", 4);
	BAD("1 2", "text after the JSON value", 3);
	BAD("{}{}", "text after the JSON value", 3);
	BAD("[1,]", "invalid JSON", 4);
	BAD("{\"a\" 1}", "invalid JSON", 6);
	/* Unclosed, but the error is before the end: not "truncated". */
	BAD("[1 2,3", "invalid JSON", 4);
	BAD("{\"a\":x,\"b\":[", "invalid JSON", 6);
	BAD("", "truncated JSON", 1);
	/*
	 * The input ends where a value should start: rt_json_parse means to
	 * say "truncated JSON" there (lib/rt_json.c:294), at the column just
	 * past the end.
	 */
	BAD("{\"a\":", "truncated JSON", 6);
	BAD("[1,2", "truncated JSON", 5);

	/* Out of range: the column is the number's or 0 (unknown). */
	{
		const char *why = NULL;
		size_t col = 9999;
		const char *s = "[1,1e400]";
		struct rt_json *v;

		v = rt_json_parse(&arena, s, strlen(s), &why, &col);
		CHECK_STR(v == NULL ? why : "(accepted)", "number out of range",
		    "refuse [1,1e400]: number out of range");
		CHECK(col == 0 || col == 4, "refuse [1,1e400]: column 0 or 4");
		v = rt_json_parse(NULL, "1e400", 5, &why, &col);
		CHECK_STR(v == NULL ? why : "(accepted)", "number out of range",
		    "refuse 1e400 without an arena: number out of range");
		v = rt_json_parse(NULL, "-1e400", 6, &why, &col);
		CHECK_STR(v == NULL ? why : "(accepted)", "number out of range",
		    "refuse -1e400: number out of range");
		v = rt_json_parse(NULL, "{\"a\":{\"b\":[1.8e308]}}", 21, &why, &col);
		CHECK_STR(v == NULL ? why : "(accepted)", "number out of range",
		    "refuse nested 1.8e308: number out of range");
		rt_arena_reset(&arena);
	}
	/* why and col may be NULL. */
	CHECK(rt_json_parse(&arena, "01", 2, NULL, NULL) == NULL, "refusal with why and col NULL");
	rt_arena_reset(&arena);
}

/* A document of n inner arrays of m numbers: [[0,1,...],[...],...]. */
static void
make_big(struct rt_buf *b, int n, int m)
{
	int i, j;

	rt_buf_reset(b);
	rt_buf_addc(b, '[');
	for (i = 0; i < n; i++) {
		if (i > 0)
			rt_buf_addc(b, ',');
		rt_buf_addc(b, '[');
		for (j = 0; j < m; j++)
			rt_buf_addf(b, j ? ",%d" : "%d", i * m + j);
		rt_buf_addc(b, ']');
	}
	rt_buf_addc(b, ']');
}

/* Sum of every number in v, and the count of numbers. */
static double
sum_numbers(const struct rt_json *v, long *count)
{
	const struct rt_json *c;
	double d, s = 0;

	if (rt_json_num(v, &d) == 0) {
		(*count)++;
		return d;
	}
	for (c = rt_json_first(v); c != NULL; c = rt_json_next(c))
		s += sum_numbers(c, count);
	return s;
}

static void
test_arena(void)
{
	struct rt_arena a;
	struct rt_buf big = RT_BUF_INIT;
	const struct rt_json *docs[50], *v, *v2;
	char text[64];
	int i, ok, round;
	long count;
	double sum, want;
	int64_t k;

	rt_arena_init(&a);
	CHECK(a.head == NULL && a.used == 0, "arena: init is empty");
	rt_arena_reset(&a);	/* reset and release of an empty arena */
	rt_arena_release(&a);
	CHECK(a.head == NULL, "arena: release of an empty arena");

	/* Many documents in one arena: all readable until the reset. */
	for (i = 0; i < (int)NELEM(docs); i++) {
		snprintf(text, sizeof(text), "{\"i\":%d,\"s\":\"doc %d\",\"a\":[%d]}", i, i, i);
		docs[i] = rt_json_parse(&a, text, strlen(text), NULL, NULL);
	}
	memset(text, 'x', sizeof(text));	/* values must not point into it */
	ok = 1;
	for (i = 0; i < (int)NELEM(docs); i++) {
		char s[32];

		snprintf(s, sizeof(s), "doc %d", i);
		if (rt_json_int(rt_json_get(docs[i], "i"), &k) == -1 || k != i ||
		    rt_json_str(rt_json_get(docs[i], "s")) == NULL ||
		    strcmp(rt_json_str(rt_json_get(docs[i], "s")), s) != 0 ||
		    rt_json_int(rt_json_first(rt_json_get(docs[i], "a")), &k) == -1 ||
		    k != i)
			ok = 0;
	}
	CHECK(ok, "arena: 50 documents stay readable together");

	/* Rounds of reset, a small document and a big one (> 256 KiB text,
	 * megabytes of nodes: the arena must grow by chunks). */
	make_big(&big, 2000, 100);
	CHECK(big.len > ((size_t)256 << 10), "arena: the big document is over 256 KiB");
	want = 199999.0 * 200000.0 / 2;
	for (round = 0; round < 3; round++) {
		char what[80];

		rt_arena_reset(&a);
		v = rt_json_parse(&a, "{\"small\":[1,2,3]}", 17, NULL, NULL);
		v2 = rt_json_parse(&a, big.p, big.len, NULL, NULL);
		snprintf(what, sizeof(what), "arena round %d: big document parsed", round);
		CHECK(v2 != NULL, what);
		count = 0;
		sum = sum_numbers(v2, &count);
		snprintf(what, sizeof(what), "arena round %d: 200000 numbers", round);
		CHECK_INT(count, 200000, what);
		snprintf(what, sizeof(what), "arena round %d: their sum", round);
		CHECK_NEAR(sum, want, 0, what);
		snprintf(what, sizeof(what), "arena round %d: 2000 inner arrays", round);
		CHECK_INT(rt_json_size(v2), 2000, what);
		snprintf(what, sizeof(what), "arena round %d: small document still readable", round);
		CHECK_INT(rt_json_size(rt_json_get(v, "small")), 3, what);
	}
	/* After a reset only one chunk is kept, and parsing reuses it. */
	rt_arena_reset(&a);
	CHECK(a.head != NULL && a.used == 0, "arena: reset keeps a chunk");
	v = rt_json_parse(&a, "[true]", 6, NULL, NULL);
	CHECK_INT(rt_json_type(rt_json_first(v)), RT_JSON_BOOL, "arena: parse after reset");
	rt_arena_release(&a);
	CHECK(a.head == NULL && a.used == 0, "arena: release empties it");
	/* Usable again after release. */
	v = rt_json_parse(&a, "[1]", 3, NULL, NULL);
	CHECK_INT(rt_json_size(v), 1, "arena: usable after release");
	rt_arena_release(&a);

	/* Without an arena: the heap, freed by rt_json_free. */
	{
		struct rt_json *h;

		h = rt_json_parse(NULL, big.p, big.len, NULL, NULL);
		count = 0;
		CHECK(h != NULL && sum_numbers(h, &count) == want && count == 200000,
		    "heap: big document parsed without arena");
		rt_json_free(h);
		const char *small = "{\"a\":\"b\",\"c\":[1,{\"d\":null}]}";

		h = rt_json_parse(NULL, small, strlen(small), NULL, NULL);
		CHECK_STR(rt_json_str(rt_json_get(h, "a")), "b", "heap: small document");
		rt_json_free(h);
		rt_json_free(NULL);
	}
	rt_buf_release(&big);
}

/* ---- writer ------------------------------------------------------------ */

static void
test_writer(void)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_jw w;

	rt_jw_init(&w, &b);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind");
	rt_jw_str(&w, "bet");
	rt_jw_key(&w, "z");
	rt_jw_int(&w, -150);
	rt_jw_key(&w, "a");
	rt_jw_num(&w, 1.5);
	rt_jw_key(&w, "ok");
	rt_jw_bool(&w, 1);
	rt_jw_key(&w, "no");
	rt_jw_bool(&w, 0);
	rt_jw_key(&w, "nil");
	rt_jw_null(&w);
	rt_jw_key(&w, "arr");
	rt_jw_arr(&w);
	rt_jw_int(&w, 1);
	rt_jw_arr(&w);
	rt_jw_end(&w);
	rt_jw_obj(&w);
	rt_jw_end(&w);
	rt_jw_obj(&w);
	rt_jw_key(&w, "x");
	rt_jw_arr(&w);
	rt_jw_str(&w, "y");
	rt_jw_null(&w);
	rt_jw_end(&w);
	rt_jw_key(&w, "w");
	rt_jw_obj(&w);
	rt_jw_end(&w);
	rt_jw_end(&w);
	rt_jw_int(&w, 2);
	rt_jw_end(&w);
	rt_jw_key(&w, "raw");
	rt_jw_raw(&w, "{\"r\":1}", 7);
	rt_jw_key(&w, "last");
	rt_jw_strn(&w, "abcdef", 3);
	rt_jw_end(&w);
	CHECK_STR(rt_buf_str(&b),
	    "{\"kind\":\"bet\",\"z\":-150,\"a\":1.5,\"ok\":true,\"no\":false,\"nil\":null,"
	    "\"arr\":[1,[],{},{\"x\":[\"y\",null],\"w\":{}},2],\"raw\":{\"r\":1},"
	    "\"last\":\"abc\"}",
	    "writer: nested objects and arrays, keys in order");
	CHECK_INT(w.depth, 0, "writer: depth back to 0");

	rt_buf_reset(&b);
	rt_jw_init(&w, &b);
	rt_jw_obj(&w);
	rt_jw_end(&w);
	CHECK_STR(rt_buf_str(&b), "{}", "writer: empty object");
	rt_buf_reset(&b);
	rt_jw_init(&w, &b);
	rt_jw_arr(&w);
	rt_jw_end(&w);
	CHECK_STR(rt_buf_str(&b), "[]", "writer: empty array");
	rt_buf_reset(&b);
	rt_jw_init(&w, &b);
	rt_jw_arr(&w);
	rt_jw_int(&w, INT64_MAX);
	rt_jw_int(&w, INT64_MIN);
	rt_jw_int(&w, 0);
	rt_jw_str(&w, NULL);
	rt_jw_end(&w);
	CHECK_STR(rt_buf_str(&b), "[9223372036854775807,-9223372036854775808,0,null]",
	    "writer: int64 extremes, NULL string is null");

	/* Escaping. */
	rt_buf_reset(&b);
	rt_jw_init(&w, &b);
	rt_jw_obj(&w);
	rt_jw_key(&w, "q\"k\\");
	rt_jw_str(&w, "a\"b\\c/\n\t\r\b\f\x01\x1f\x7f \xc3\xa9\xf0\x9f\x98\x80");
	rt_jw_end(&w);
	CHECK_STR(rt_buf_str(&b),
	    "{\"q\\\"k\\\\\":\"a\\\"b\\\\c/\\n\\t\\r\\b\\f\\u0001\\u001f\x7f \xc3\xa9\xf0\x9f\x98\x80\"}",
	    "writer: quote, backslash, controls escaped; UTF-8 passed through");
	rt_buf_reset(&b);
	rt_jw_init(&w, &b);
	rt_jw_strn(&w, "a\0b", 3);
	CHECK_STR(rt_buf_str(&b), "\"a\\u0000b\"", "writer: NUL as \\u0000");
	rt_buf_reset(&b);
	rt_json_quote(&b, "x\x10y", 3);
	CHECK_STR(rt_buf_str(&b), "\"x\\u0010y\"", "quote: \\u0010");
	rt_buf_reset(&b);
	rt_json_quote(&b, "", 0);
	CHECK_STR(rt_buf_str(&b), "\"\"", "quote: empty string");

	/* Escaped output parses back to the input. */
	{
		const char *s = "a\"b\\c\n\x01\x1f\xc3\xa9\t";
		const struct rt_json *v;

		rt_buf_reset(&b);
		rt_json_quote(&b, s, strlen(s));
		v = rt_json_parse(&arena, b.p, b.len, NULL, NULL);
		CHECK_STR(rt_json_str(v), s, "quote: parses back to the same bytes");
		rt_arena_reset(&arena);
	}
	rt_buf_release(&b);
}

/* rt_jw_num of d alone. */
static const char *
num_text(struct rt_buf *b, double d)
{
	struct rt_jw w;

	rt_buf_reset(b);
	rt_jw_init(&w, b);
	rt_jw_num(&w, d);
	return rt_buf_str(b);
}

static int
same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static void
test_writer_numbers(void)
{
	struct rt_buf b = RT_BUF_INIT;
	const struct rt_json *v;
	double d, third = 1.0 / 3;

	CHECK_STR(num_text(&b, 0.1), "0.1", "num: 0.1");
	CHECK_STR(num_text(&b, 100), "100", "num: 100");
	CHECK_STR(num_text(&b, 0), "0", "num: 0");
	CHECK_STR(num_text(&b, -0.0), "-0", "num: -0.0 is -0");
	CHECK_STR(num_text(&b, 1.5), "1.5", "num: 1.5");
	CHECK_STR(num_text(&b, -2.5e-3), "-0.0025", "num: -0.0025");
	CHECK_STR(num_text(&b, NAN), "null", "num: NaN is null");
	CHECK_STR(num_text(&b, INFINITY), "null", "num: inf is null");
	CHECK_STR(num_text(&b, -INFINITY), "null", "num: -inf is null");

	num_text(&b, third);
	CHECK(same_double(strtod(b.p, NULL), third), "num: 1.0/3 round-trips");
	CHECK_STR(b.p, "0.3333333333333333", "num: 1.0/3 has 16 digits");
	num_text(&b, 1e300);
	CHECK(same_double(strtod(b.p, NULL), 1e300), "num: 1e300 round-trips");
	v = rt_json_parse(&arena, b.p, b.len, NULL, NULL);
	CHECK(rt_json_num(v, &d) == 0 && d == 1e300, "num: 1e300 output is JSON that reads back");
	num_text(&b, 5e-324);
	CHECK(same_double(strtod(b.p, NULL), 5e-324), "num: 5e-324 round-trips");
	v = rt_json_parse(&arena, b.p, b.len, NULL, NULL);
	CHECK(rt_json_num(v, &d) == 0 && d == 5e-324, "num: 5e-324 output is JSON that reads back");
	num_text(&b, 1.7976931348623157e308);
	CHECK(same_double(strtod(b.p, NULL), 1.7976931348623157e308), "num: DBL_MAX round-trips");
	num_text(&b, 0.1 + 0.2);
	CHECK(same_double(strtod(b.p, NULL), 0.1 + 0.2), "num: 0.1+0.2 round-trips");
	CHECK_STR(b.p, "0.30000000000000004", "num: 0.1+0.2 needs 17 digits");
	rt_arena_reset(&arena);
	rt_buf_release(&b);
}

/* A compact document re-serialised by rt_jw_value is the same text. */
static void
value_round_trip(const char *doc)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_jw w;
	const struct rt_json *v;
	char what[200];

	v = parse(doc);
	rt_jw_init(&w, &b);
	rt_jw_value(&w, v);
	snprintf(what, sizeof(what), "jw_value: %.150s", doc);
	CHECK_STR(rt_buf_str(&b), doc, what);
	rt_buf_release(&b);
	rt_arena_reset(&arena);
}

static void
test_writer_value(void)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_jw w;

	value_round_trip("{\"kind\":\"game\",\"game_id\":\"2019-06-01-NYY-BOS-1\",\"season\":2019,"
	    "\"odds\":[{\"t\":\"2019-05-31T14:00:00Z\",\"home_ml\":-150,\"away_ml\":138,\"total\":8.5}],"
	    "\"result\":{\"home_score\":5,\"away_score\":3},\"x\":null,\"y\":true,\"z\":false}");
	value_round_trip("[1,2.5,-3,0,-0,1e+300,0.1,-0.0025,[],{},[[[]]],\"\"]");
	value_round_trip("{\"a\":\"x\\ny\\\"z\\\\\\u0001\\t\",\"\xc3\xa9\":\"\xf0\x9f\x98\x80\"}");
	value_round_trip("{\"dup\":1,\"dup2\":2}");
	value_round_trip("\"top\"");
	value_round_trip("null");

	/* A value inside a writer's object, after a key. */
	{
		const struct rt_json *v = parse("{\"p\":[1,{\"q\":\"r\"}]}");

		rt_jw_init(&w, &b);
		rt_jw_obj(&w);
		rt_jw_key(&w, "before");
		rt_jw_int(&w, 0);
		rt_jw_key(&w, "v");
		rt_jw_value(&w, rt_json_get(v, "p"));
		rt_jw_key(&w, "after");
		rt_jw_value(&w, v);
		rt_jw_end(&w);
		CHECK_STR(rt_buf_str(&b),
		    "{\"before\":0,\"v\":[1,{\"q\":\"r\"}],\"after\":{\"p\":[1,{\"q\":\"r\"}]}}",
		    "jw_value: parsed values inside a written object");
		rt_jw_init(&w, &b);
		rt_buf_reset(&b);
		rt_jw_value(&w, NULL);
		CHECK_STR(rt_buf_str(&b), "null", "jw_value: NULL is null");
		rt_arena_reset(&arena);
	}
	rt_buf_release(&b);
}

/* xorshift64*: fixed seed, so every run checks the same doubles. */
static uint64_t
xorshift(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static void
test_double_property(void)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL, bits;
	char buf[32];
	double d, back, parsed;
	int i, n, tested = 0, bad_strtod = 0, bad_parse = 0, bad_len = 0;

	for (i = 0; i < 100000; i++) {
		const struct rt_json *v;

		bits = xorshift(&seed);
		/* Half of them with a small exponent: ordinary magnitudes. */
		if (i & 1)
			bits = (bits & 0x800fffffffffffffULL) |
			    ((uint64_t)(1023 - 30 + (int)(bits >> 52 & 63)) << 52);
		memcpy(&d, &bits, sizeof d);
		if (!isfinite(d))
			continue;
		tested++;
		n = rt_json_fmt_double(d, buf, sizeof buf);
		if (n < 1 || n > 24 || (size_t)n != strlen(buf)) {
			if (bad_len++ == 0)
				printf("# length %d for %s\n", n, buf);
		}
		back = strtod(buf, NULL);
		if (!same_double(back, d)) {
			if (bad_strtod++ == 0)
				printf("# %.17g written as %s reads back as %.17g\n", d, buf, back);
		}
		v = rt_json_parse(&arena, buf, strlen(buf), NULL, NULL);
		if (rt_json_num(v, &parsed) == -1 || !same_double(parsed, d)) {
			if (bad_parse++ == 0)
				printf("# %.17g written as %s is not read back by rt_json_parse\n", d, buf);
		}
		rt_arena_reset(&arena);
	}
	CHECK(tested > 99000, "fmt_double: nearly all bit patterns finite");
	CHECK_INT(bad_strtod, 0, "fmt_double: 100000 random doubles round-trip through strtod");
	CHECK_INT(bad_parse, 0, "fmt_double: and through rt_json_parse");
	CHECK_INT(bad_len, 0, "fmt_double: at most 24 bytes, return value is the length");

	/* Small buffer: no overflow, NUL-terminated. */
	memset(buf, 'x', sizeof buf);
	n = rt_json_fmt_double(0.1, buf, 2);
	CHECK(n > 0 && buf[1] == '\0' && buf[2] == 'x', "fmt_double: a small buffer is not overrun");
}

/* rt_json_compact: jsonb's spaced text back to compact, strings untouched. */
static void
test_compact(void)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "{\"a\": 1, \"b\": [1, 2, {\"c\": null}]}", "{\"a\":1,\"b\":[1,2,{\"c\":null}]}" },
		{ "{\"r\": \"a, b: c\"}", "{\"r\":\"a, b: c\"}" },
		{ "{\"q\": \"say \\\"x, y\\\" \\\\\", \"n\": 2}", "{\"q\":\"say \\\"x, y\\\" \\\\\",\"n\":2}" },
		{ " \t\r\n[ ]\n", "[]" },
		{ "", "" },
	};
	char buf[128];
	size_t i, n;

	for (i = 0; i < NELEM(cases); i++) {
		n = strlen(cases[i].in);
		memcpy(buf, cases[i].in, n);
		n = rt_json_compact(buf, n);
		buf[n] = '\0';
		CHECK_STR(buf, cases[i].out, "compact: whitespace between tokens goes, inside strings stays");
		if (n > 0)
			CHECK(parse(buf) != NULL, "compact: the result still parses");
		rt_arena_reset(&arena);
	}
}

/* rt_utf8_valid_prefix: what a CSV field must pass before it goes into a
 * record (lib/rt_sbro.c), by the same rules as the parser's. */
static void
test_utf8_prefix(void)
{
	static const struct {
		const char *s;
		size_t want;
		const char *what;
	} cases[] = {
		{ "JLESTER-L", 9, "ASCII: all of it" },
		{ "", 0, "empty" },
		{ "P\xc3\xa9rez", 6, "a two-byte letter" },
		{ "\xe2\x82\xac" "1", 4, "a three-byte sign" },
		{ "\xf0\x9f\x98\x80", 4, "a four-byte emoji" },
		{ "MBUM\xbd\xadNER", 4, "a stray continuation byte stops it" },
		{ "ab\xc3", 2, "a sequence cut at the end" },
		{ "\xc0\xaf", 0, "overlong" },
		{ "\xed\xa0\x80", 0, "a UTF-16 surrogate" },
		{ "\xf4\x90\x80\x80", 0, "above U+10FFFF" },
		{ "x\xff", 1, "0xFF is never UTF-8" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_INT((long long)rt_utf8_valid_prefix(cases[i].s, strlen(cases[i].s)),
		    (long long)cases[i].want, cases[i].what);
}

int
main(void)
{
	rt_arena_init(&arena);
	test_scalars();
	test_numbers();
	test_strings();
	test_containers();
	test_rejections();
	test_arena();
	test_writer();
	test_writer_numbers();
	test_writer_value();
	test_double_property();
	test_compact();
	test_utf8_prefix();
	rt_arena_release(&arena);
	return rt_test_done();
}
