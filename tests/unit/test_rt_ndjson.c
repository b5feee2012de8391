/*
 * test_rt_ndjson: the record reader (lib/rt_ndjson.c) on real files in a
 * mkdtemp(3) directory: line numbers, CRLF, empty lines, the kinds filter,
 * and the contract's bad-input policy (stop at the first bad line, or copy
 * every bad line to the reject file byte for byte and go on).
 *
 * The reader's messages go to standard error; the tests check what the
 * reader returns, its status and the reject file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_json.h"
#include "rt_kind.h"
#include "rt_ndjson.h"
#include "rt_test.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAXREC 64

static char dir[] = "/tmp/test_rt_ndjson.XXXXXX";
static char *made[64];		/* files to remove at the end */
static size_t nmade;

/* "dir/name", kept for the clean-up. */
static char *
tpath(const char *name)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i;

	rt_buf_addf(&b, "%s/%s", dir, name);
	for (i = 0; i < nmade; i++)
		if (strcmp(made[i], b.p) == 0) {
			rt_buf_release(&b);
			return made[i];
		}
	if (nmade == NELEM(made))
		rt_die(RT_EX_SOFTWARE, "too many test files");
	made[nmade++] = b.p;
	return b.p;
}

static char *
write_file(const char *name, const void *p, size_t n)
{
	char *path = tpath(name);
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL ||
	    fwrite(p, 1, n, fp) != n || fclose(fp) != 0)
		rt_die(RT_EX_IOERR, "cannot write %s", path);
	return path;
}

static char *
write_str(const char *name, const char *s)
{
	return write_file(name, s, strlen(s));
}

/* The whole file, or NULL; *n its length. */
static char *
slurp(const char *path, size_t *n)
{
	struct rt_buf b = RT_BUF_INIT;
	char chunk[65536];
	size_t k;
	FILE *fp;

	*n = 0;
	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
		rt_buf_add(&b, chunk, k);
	fclose(fp);
	*n = b.len;
	if (b.p == NULL)
		return rt_xstrdup("");
	return b.p;
}

/* The reject file holds exactly want (n bytes). */
static void
check_file(const char *path, const char *want, size_t n, const char *what)
{
	size_t got_n;
	char *got = slurp(path, &got_n);

	CHECK(got != NULL && got_n == n && memcmp(got, want, n) == 0, what);
	if (got != NULL && (got_n != n || memcmp(got, want, n) != 0)) {
		if (got_n < 400 && n < 400)
			printf("#   got %zu bytes \"%.*s\", want %zu bytes \"%.*s\"\n",
			    got_n, (int)got_n, got, n, (int)n, want);
		else
			printf("#   got %zu bytes, want %zu bytes\n", got_n, n);
	}
	free(got);
}

/* What the reader returned, copied (a record is only borrowed). */
struct got {
	size_t n;
	enum rt_kind kind[MAXREC];
	size_t line[MAXREC];
	const char *file[MAXREC];
	char *text[MAXREC];
	size_t len[MAXREC];
	int64_t id[MAXREC];
};

static void
collect(struct rt_reader *r, struct got *g)
{
	const struct rt_record *rec;

	memset(g, 0, sizeof *g);
	while ((rec = rt_reader_next(r)) != NULL) {
		if (g->n == MAXREC)
			continue;
		g->kind[g->n] = rec->kind;
		g->line[g->n] = rec->line;
		g->file[g->n] = rec->file;
		g->text[g->n] = rt_xmalloc(rec->len + 1);
		memcpy(g->text[g->n], rec->text, rec->len);
		g->text[g->n][rec->len] = '\0';
		g->len[g->n] = rec->len;
		g->id[g->n] = -1;
		rt_json_int(rt_json_get(rec->json, "id"), &g->id[g->n]);
		g->n++;
	}
}

static void
got_free(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->text[i]);
	g->n = 0;
}

/* The ids of the records, "1,3,5", for one CHECK_STR. */
static const char *
ids(const struct got *g)
{
	static char s[512];
	size_t i, o = 0;

	s[0] = '\0';
	for (i = 0; i < g->n && o < sizeof s - 32; i++)
		o += (size_t)snprintf(s + o, sizeof s - o, i ? ",%lld" : "%lld",
		    (long long)g->id[i]);
	return s;
}

static const char *
lines(const struct got *g)
{
	static char s[512];
	size_t i, o = 0;

	s[0] = '\0';
	for (i = 0; i < g->n && o < sizeof s - 32; i++)
		o += (size_t)snprintf(s + o, sizeof s - o, i ? ",%zu" : "%zu",
		    g->line[i]);
	return s;
}

/* ---- good input ------------------------------------------------------- */

static const char mixed[] =
    "{\"kind\":\"game\",\"id\":1}\n"		/* 1 */
    "\n"					/* 2: empty */
    "{\"kind\":\"bet\",\"id\":2}\r\n"		/* 3: CRLF */
    "\r\n"					/* 4: empty CRLF */
    "{\"kind\":\"metric\",\"id\":3}\n"	/* 5 */
    "{\"kind\":\"assignment\",\"id\":4,\"s\":\"\xc3\xa9\"}\r\n"	/* 6 */
    "\n"					/* 7 */
    "\n"					/* 8 */
    "{\"kind\":\"alert\",\"id\":5}";	/* 9: no newline */

static void
test_good(void)
{
	struct rt_reader r;
	struct got g;
	char *path = write_str("mixed.ndjson", mixed);
	char *paths[1];

	paths[0] = path;
	rt_reader_init(&r, paths, 1, NULL, 0, RT_KIND_ALL);
	collect(&r, &g);
	CHECK_INT(g.n, 5, "good: 5 records");
	CHECK_STR(ids(&g), "1,2,3,4,5", "good: in order");
	CHECK_STR(lines(&g), "1,3,5,6,9", "good: line numbers count empty lines");
	CHECK(g.kind[0] == RT_KIND_GAME && g.kind[1] == RT_KIND_BET &&
	    g.kind[2] == RT_KIND_METRIC && g.kind[3] == RT_KIND_ASSIGNMENT &&
	    g.kind[4] == RT_KIND_ALERT, "good: kinds");
	CHECK(g.n == 5 && g.file[0] == path && g.file[4] == path, "good: rec->file is the path");
	CHECK_STR(g.text[1], "{\"kind\":\"bet\",\"id\":2}", "good: CRLF line text without CR");
	CHECK_INT(g.len[1], strlen("{\"kind\":\"bet\",\"id\":2}"), "good: CRLF line len excludes CR");
	CHECK_STR(g.text[0], "{\"kind\":\"game\",\"id\":1}", "good: LF line text");
	CHECK_INT(g.len[0], strlen("{\"kind\":\"game\",\"id\":1}"), "good: LF line len");
	CHECK_STR(g.text[3], "{\"kind\":\"assignment\",\"id\":4,\"s\":\"\xc3\xa9\"}",
	    "good: UTF-8 line text");
	CHECK_STR(g.text[4], "{\"kind\":\"alert\",\"id\":5}", "good: last line without newline");
	CHECK(!rt_reader_failed(&r), "good: not failed");
	CHECK(!rt_reader_io_error(&r), "good: no I/O error");
	CHECK_INT(rt_reader_status(&r), RT_EX_OK, "good: status 0");
	CHECK(rt_reader_next(&r) == NULL, "good: NULL again after the end");
	CHECK_INT(rt_reader_release(&r), 0, "good: release");
	got_free(&g);

	/* The kinds filter: other known kinds are skipped, silently. */
	rt_reader_init(&r, paths, 1, NULL, 0,
	    RT_KIND_BIT(RT_KIND_GAME) | RT_KIND_BIT(RT_KIND_METRIC) |
	    RT_KIND_BIT(RT_KIND_ALERT));
	collect(&r, &g);
	CHECK_STR(ids(&g), "1,3,5", "kinds: only game, metric, alert");
	CHECK_STR(lines(&g), "1,5,9", "kinds: line numbers count skipped records");
	CHECK(!rt_reader_failed(&r), "kinds: skipping is not a failure");
	CHECK_INT(rt_reader_status(&r), RT_EX_OK, "kinds: status 0");
	CHECK_INT(rt_reader_release(&r), 0, "kinds: release");
	got_free(&g);

	rt_reader_init(&r, paths, 1, NULL, 0, 0);
	collect(&r, &g);
	CHECK_INT(g.n, 0, "kinds: none wanted, none returned");
	CHECK_INT(rt_reader_status(&r), RT_EX_OK, "kinds: none wanted, status 0");
	rt_reader_release(&r);
	got_free(&g);
}

static void
test_two_files(void)
{
	struct rt_reader r;
	struct got g;
	char *paths[3];

	paths[0] = write_str("a.ndjson",
	    "{\"kind\":\"game\",\"id\":1}\n\n{\"kind\":\"game\",\"id\":2}\n");
	paths[1] = write_str("empty.ndjson", "");
	paths[2] = write_str("b.ndjson",
	    "\n{\"kind\":\"bet\",\"id\":3}\r\n{\"kind\":\"bet\",\"id\":4}\n");
	rt_reader_init(&r, paths, 3, NULL, 0, RT_KIND_ALL);
	collect(&r, &g);
	CHECK_STR(ids(&g), "1,2,3,4", "two files: all records");
	CHECK_STR(lines(&g), "1,3,2,3", "two files: numbering restarts");
	CHECK(g.n == 4 && g.file[0] == paths[0] && g.file[1] == paths[0] &&
	    g.file[2] == paths[2] && g.file[3] == paths[2], "two files: rec->file");
	CHECK_INT(rt_reader_status(&r), RT_EX_OK, "two files: status 0");
	CHECK_INT(rt_reader_release(&r), 0, "two files: release");
	got_free(&g);

	/* A first file whose last line has no newline. */
	paths[0] = write_str("c.ndjson", "{\"kind\":\"game\",\"id\":5}");
	paths[1] = write_str("d.ndjson", "{\"kind\":\"game\",\"id\":6}\n");
	rt_reader_init(&r, paths, 2, NULL, 0, RT_KIND_ALL);
	collect(&r, &g);
	CHECK_STR(ids(&g), "5,6", "two files: unterminated last line, then the next file");
	CHECK_STR(lines(&g), "1,1", "two files: both on line 1");
	rt_reader_release(&r);
	got_free(&g);
}

/* ---- bad input -------------------------------------------------------- */

/* A JSON line of exactly n bytes: {"kind":"game","id":ID,"p":"xxx"}. */
static void
add_sized(struct rt_buf *b, size_t n, int id)
{
	char head[64];
	int k;

	k = snprintf(head, sizeof head, "{\"kind\":\"game\",\"id\":%d,\"p\":\"", id);
	if ((size_t)k + 2 > n)
		rt_die(RT_EX_SOFTWARE, "add_sized: %zu is too short", n);
	rt_buf_add(b, head, (size_t)k);
	rt_buf_grow(b, n - (size_t)k);
	memset(b->p + b->len, 'x', n - (size_t)k - 2);
	b->len += n - (size_t)k - 2;
	b->p[b->len] = '\0';
	rt_buf_adds(b, "\"}");
}

#define NUL_LINE "{\"kind\":\"game\",\"s\":\"a\0b\"}\n"

static const struct {
	const char *what;
	const char *line;	/* with its terminator */
	size_t len;		/* 0: strlen */
} bad_lines[] = {
	{ "invalid JSON", "{\"kind\":\"game\",\"id\":\n", 0 },
	{ "a JSON array", "[{\"kind\":\"game\"}]\r\n", 0 },
	{ "a JSON string", "\"game\"\n", 0 },
	{ "an object without kind", "{\"id\":9,\"Kind\":\"game\"}\n", 0 },
	{ "kind not a string", "{\"kind\":1}\r\n", 0 },
	{ "kind null", "{\"kind\":null}\n", 0 },
	{ "unknown kind", "{\"kind\":\"games\"}\n", 0 },
	{ "kind in capitals", "{\"kind\":\"GAME\"}\n", 0 },
	{ "a NUL byte", NUL_LINE, sizeof(NUL_LINE) - 1 },
	{ "invalid UTF-8", "{\"kind\":\"game\",\"s\":\"\xc0\xaf\"}\n", 0 },
	{ "a raw tab in a string", "{\"kind\":\"game\",\"s\":\"a\tb\"}\r\n", 0 },
	{ "text after the object", "{\"kind\":\"game\"} {}\n", 0 },
	{ "number out of range", "{\"kind\":\"game\",\"x\":1e999}\n", 0 },
};

static size_t
bad_len(size_t i)
{
	return bad_lines[i].len ? bad_lines[i].len : strlen(bad_lines[i].line);
}

/* good, bad, good: without a reject file the reader stops at the bad line. */
static void
stop_at(const char *what, const char *badline, size_t badlen, size_t max_line)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_reader r;
	struct got g;
	char *paths[2], msg[200];

	rt_buf_adds(&b, "{\"kind\":\"game\",\"id\":1}\n\n");
	rt_buf_add(&b, badline, badlen);
	rt_buf_adds(&b, "{\"kind\":\"game\",\"id\":2}\n");
	paths[0] = write_file("stop.ndjson", b.p, b.len);
	paths[1] = write_str("stop2.ndjson", "{\"kind\":\"game\",\"id\":3}\n");
	rt_reader_init(&r, paths, 2, NULL, max_line, RT_KIND_ALL);
	collect(&r, &g);
	snprintf(msg, sizeof msg, "stop at %s: only the record before it", what);
	CHECK_STR(ids(&g), "1", msg);
	snprintf(msg, sizeof msg, "stop at %s: failed", what);
	CHECK(rt_reader_failed(&r), msg);
	snprintf(msg, sizeof msg, "stop at %s: status 65", what);
	CHECK_INT(rt_reader_status(&r), RT_EX_DATAERR, msg);
	snprintf(msg, sizeof msg, "stop at %s: stays stopped", what);
	CHECK(rt_reader_next(&r) == NULL && rt_reader_next(&r) == NULL, msg);
	snprintf(msg, sizeof msg, "stop at %s: release", what);
	CHECK_INT(rt_reader_release(&r), 0, msg);
	got_free(&g);
	rt_buf_release(&b);
}

static void
test_stop(void)
{
	struct rt_buf b = RT_BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(bad_lines); i++)
		stop_at(bad_lines[i].what, bad_lines[i].line, bad_len(i), 0);
	add_sized(&b, 200, 7);
	rt_buf_addc(&b, '\n');
	stop_at("a 200-byte line, max 64", b.p, b.len, 64);
	rt_buf_reset(&b);
	add_sized(&b, (size_t)3 << 20, 7);
	rt_buf_addc(&b, '\n');
	stop_at("a 3 MiB line", b.p, b.len, 0);
	rt_buf_release(&b);
}

static void
test_reject(void)
{
	struct rt_buf in = RT_BUF_INIT, want = RT_BUF_INIT;
	struct rt_reader r;
	struct got g;
	char *paths[2], *rej = tpath("reject.ndjson");
	size_t i;
	int id = 1;

	/* Every bad line between good records; one too long (max 200). */
	for (i = 0; i < NELEM(bad_lines); i++) {
		rt_buf_addf(&in, "{\"kind\":\"game\",\"id\":%d}\n", id++);
		if (i % 4 == 0)
			rt_buf_adds(&in, "\n");
		rt_buf_add(&in, bad_lines[i].line, bad_len(i));
		rt_buf_add(&want, bad_lines[i].line, bad_len(i));
	}
	rt_buf_addf(&in, "{\"kind\":\"game\",\"id\":%d}\r\n", id++);
	add_sized(&in, 500, 99);
	rt_buf_adds(&in, "\r\n");
	add_sized(&want, 500, 99);
	rt_buf_adds(&want, "\r\n");
	rt_buf_addf(&in, "{\"kind\":\"game\",\"id\":%d}\n", id++);
	rt_buf_adds(&in, "{\"kind\":\"game\"");	/* truncated, no newline */
	rt_buf_adds(&want, "{\"kind\":\"game\"");
	paths[0] = write_file("bad.ndjson", in.p, in.len);
	paths[1] = write_str("after.ndjson", "{\"kind\":\"game\",\"id\":100}\n");

	rt_reader_init(&r, paths, 2, rej, 200, RT_KIND_ALL);
	collect(&r, &g);
	CHECK_INT(g.n, id, "reject: every good record returned");
	CHECK(g.n > 0 && g.id[0] == 1 && g.id[g.n - 1] == 100 &&
	    g.id[g.n - 2] == id - 1, "reject: in order, and the next file read");
	CHECK(rt_reader_failed(&r), "reject: failed");
	CHECK_INT(rt_reader_status(&r), RT_EX_DATAERR, "reject: status 65");
	CHECK_INT(rt_reader_release(&r), 0, "reject: release");
	check_file(rej, want.p, want.len, "reject: the bad lines byte for byte, terminators included");
	got_free(&g);

	/* Good lines of every kind: no bad line, an empty reject file. */
	paths[0] = write_str("allgood.ndjson", mixed);
	rt_reader_init(&r, paths, 1, rej, 0, RT_KIND_ALL);
	collect(&r, &g);
	CHECK_INT(g.n, 5, "reject, no bad line: all records");
	CHECK_INT(rt_reader_status(&r), RT_EX_OK, "reject, no bad line: status 0");
	CHECK_INT(rt_reader_release(&r), 0, "reject, no bad line: release");
	check_file(rej, "", 0, "reject, no bad line: empty reject file");
	got_free(&g);
	rt_buf_release(&in);
	rt_buf_release(&want);
}

/* Lines over max_line: 200 bytes with max 64; 3 MiB with the default. */
static void
test_long_lines(void)
{
	struct rt_buf in = RT_BUF_INIT, want = RT_BUF_INIT;
	struct rt_reader r;
	struct got g;
	char *paths[1], *rej = tpath("reject-long.ndjson");

	rt_buf_adds(&in, "{\"kind\":\"game\",\"id\":1}\n");
	add_sized(&in, 200, 2);
	rt_buf_adds(&in, "\n");
	add_sized(&want, 200, 2);
	rt_buf_adds(&want, "\n");
	rt_buf_adds(&in, "{\"kind\":\"game\",\"id\":3}\n");
	add_sized(&in, 300, 4);	/* the last line, too long, no newline */
	add_sized(&want, 300, 4);
	paths[0] = write_file("long64.ndjson", in.p, in.len);
	rt_reader_init(&r, paths, 1, rej, 64, RT_KIND_ALL);
	collect(&r, &g);
	CHECK_STR(ids(&g), "1,3", "max 64: the short records");
	CHECK_STR(lines(&g), "1,3", "max 64: their lines");
	CHECK_INT(rt_reader_status(&r), RT_EX_DATAERR, "max 64: status 65");
	rt_reader_release(&r);
	check_file(rej, want.p, want.len, "max 64: the long lines rejected whole");
	got_free(&g);

	/* 3 MiB: the buffer grows, then the line is streamed out. */
	rt_buf_reset(&in);
	rt_buf_reset(&want);
	rt_buf_adds(&in, "{\"kind\":\"game\",\"id\":1}\n");
	add_sized(&in, (size_t)3 << 20, 2);
	rt_buf_adds(&in, "\r\n");
	add_sized(&want, (size_t)3 << 20, 2);
	rt_buf_adds(&want, "\r\n");
	add_sized(&in, RT_MAX_LINE_DEFAULT - 1000, 3);	/* long but allowed */
	rt_buf_adds(&in, "\n");
	add_sized(&in, (size_t)3 << 20, 4);	/* again, at the end */
	add_sized(&want, (size_t)3 << 20, 4);
	paths[0] = write_file("long3m.ndjson", in.p, in.len);
	rt_reader_init(&r, paths, 1, rej, 0, RT_KIND_ALL);
	collect(&r, &g);
	CHECK_STR(ids(&g), "1,3", "3 MiB: the records around it");
	CHECK_STR(lines(&g), "1,3", "3 MiB: their lines");
	CHECK_INT(g.n > 1 ? g.len[1] : 0, RT_MAX_LINE_DEFAULT - 1000,
	    "3 MiB: a line of nearly 1 MiB is read whole");
	CHECK_INT(rt_reader_status(&r), RT_EX_DATAERR, "3 MiB: status 65");
	CHECK_INT(rt_reader_release(&r), 0, "3 MiB: release");
	check_file(rej, want.p, want.len, "3 MiB: the whole lines in the reject file");
	got_free(&g);
	rt_buf_release(&in);
	rt_buf_release(&want);
}

/* One line of exactly n bytes then terminator term, max_line 64. */
static void
boundary(size_t n, const char *term, int accepted)
{
	struct rt_buf in = RT_BUF_INIT;
	struct rt_reader r;
	struct got g;
	char *paths[1], *rej = tpath("reject-edge.ndjson"), what[160];
	size_t rejn;
	char *rejected;

	add_sized(&in, n, 1);
	rt_buf_adds(&in, term);
	rt_buf_adds(&in, "{\"kind\":\"game\",\"id\":2}\n");
	paths[0] = write_file("edge.ndjson", in.p, in.len);
	rt_reader_init(&r, paths, 1, rej, 64, RT_KIND_ALL);
	collect(&r, &g);
	rt_reader_release(&r);
	rejected = slurp(rej, &rejn);
	snprintf(what, sizeof what, "max 64: a %zu-byte line ending in %s is %s", n,
	    *term == '\r' ? "CRLF" : "LF", accepted ? "accepted" : "rejected");
	if (accepted)
		CHECK(g.n == 2 && g.id[0] == 1 && g.len[0] == n && rejn == 0, what);
	else
		CHECK(g.n == 1 && g.id[0] == 2 && rejn == in.len - 23, what);
	free(rejected);
	got_free(&g);
	rt_buf_release(&in);
}

/* The same at the end of the file, without a terminator. */
static void
boundary_eof(size_t n, int accepted)
{
	struct rt_buf in = RT_BUF_INIT;
	struct rt_reader r;
	struct got g;
	char *paths[1], *rej = tpath("reject-edge.ndjson"), what[160];
	size_t rejn;
	char *rejected;

	rt_buf_adds(&in, "{\"kind\":\"game\",\"id\":2}\n");
	add_sized(&in, n, 1);
	paths[0] = write_file("edge.ndjson", in.p, in.len);
	rt_reader_init(&r, paths, 1, rej, 64, RT_KIND_ALL);
	collect(&r, &g);
	rt_reader_release(&r);
	rejected = slurp(rej, &rejn);
	snprintf(what, sizeof what, "max 64: a %zu-byte last line without newline is %s",
	    n, accepted ? "accepted" : "rejected");
	if (accepted)
		CHECK(g.n == 2 && g.id[1] == 1 && g.len[1] == n && rejn == 0, what);
	else
		CHECK(g.n == 1 && g.id[0] == 2 && rejn == n, what);
	free(rejected);
	got_free(&g);
	rt_buf_release(&in);
}

static void
test_max_line_edges(void)
{
	boundary(63, "\n", 1);
	boundary(64, "\n", 1);
	boundary(64, "\r\n", 1);
	boundary(65, "\r\n", 0);
	boundary(65, "\n", 0);
	boundary(66, "\n", 0);
	boundary_eof(64, 1);
	boundary_eof(65, 0);
}

/* rt_reader_reject() from the caller, on a good record. */
static void
test_caller_reject(void)
{
	static const char text[] =
	    "{\"kind\":\"bet\",\"id\":1}\n"
	    "{\"kind\":\"bet\",\"id\":2,\"odds\":0}\r\n"
	    "\n"
	    "{\"kind\":\"bet\",\"id\":3}\n"
	    "{\"kind\":\"bet\",\"id\":4,\"odds\":0}";
	const struct rt_record *rec;
	struct rt_reader r;
	char *paths[1], *rej = tpath("reject-caller.ndjson");
	int64_t id;
	int n = 0, rc2 = -1, rc4 = -1;
	size_t line2 = 0;

	paths[0] = write_str("caller.ndjson", text);
	rt_reader_init(&r, paths, 1, rej, 0, RT_KIND_ALL);
	while ((rec = rt_reader_next(&r)) != NULL) {
		n++;
		if (rt_json_get(rec->json, "odds") == NULL)
			continue;
		rt_json_int(rt_json_get(rec->json, "id"), &id);
		if (id == 2) {
			line2 = rec->line;
			rc2 = rt_reader_reject(&r, "bad odds %d", 0);
		} else
			rc4 = rt_reader_reject(&r, "bad odds %d", 0);
	}
	CHECK_INT(n, 4, "caller reject: every record returned");
	CHECK_INT(line2, 2, "caller reject: on line 2");
	CHECK_INT(rc2, 1, "caller reject: with a reject file, go on");
	CHECK_INT(rc4, 1, "caller reject: also on the last line");
	CHECK(rt_reader_failed(&r), "caller reject: failed");
	CHECK_INT(rt_reader_status(&r), RT_EX_DATAERR, "caller reject: status 65");
	CHECK_INT(rt_reader_release(&r), 0, "caller reject: release");
	check_file(rej, "{\"kind\":\"bet\",\"id\":2,\"odds\":0}\r\n{\"kind\":\"bet\",\"id\":4,\"odds\":0}",
	    strlen("{\"kind\":\"bet\",\"id\":2,\"odds\":0}\r\n{\"kind\":\"bet\",\"id\":4,\"odds\":0}"),
	    "caller reject: the lines copied, terminators included");

	/* Without a reject file: 0, and the reader stops. */
	rt_reader_init(&r, paths, 1, NULL, 0, RT_KIND_ALL);
	n = 0;
	rc2 = -1;
	while ((rec = rt_reader_next(&r)) != NULL) {
		n++;
		if (rt_json_get(rec->json, "odds") != NULL)
			rc2 = rt_reader_reject(&r, "bad odds");
	}
	CHECK_INT(rc2, 0, "caller reject without a reject file: 0");
	CHECK_INT(n, 2, "caller reject without a reject file: no record after it");
	CHECK_INT(rt_reader_status(&r), RT_EX_DATAERR, "caller reject without a reject file: status 65");
	CHECK_INT(rt_reader_release(&r), 0, "caller reject without a reject file: release");
}

static void
test_missing_file(void)
{
	struct rt_reader r;
	struct got g;
	char *paths[4], *rej = tpath("reject-missing.ndjson");

	paths[0] = write_str("m1.ndjson", "{\"kind\":\"game\",\"id\":1}\n");
	paths[1] = tpath("no-such-file.ndjson");
	paths[2] = write_str("m2.ndjson", "{\"kind\":\"game\",\"id\":2}\n");
	paths[3] = tpath("no-such-file-either.ndjson");
	rt_reader_init(&r, paths, 4, NULL, 0, RT_KIND_ALL);
	collect(&r, &g);
	CHECK_STR(ids(&g), "1,2", "missing file: the others are read");
	CHECK(rt_reader_io_error(&r), "missing file: I/O error");
	CHECK(!rt_reader_failed(&r), "missing file: not a data error");
	CHECK_INT(rt_reader_status(&r), RT_EX_IOERR, "missing file: status 74");
	rt_reader_release(&r);
	got_free(&g);

	/* With a reject file the reject file itself is fine: release says so. */
	paths[1] = tpath("no-such-file.ndjson");
	rt_reader_init(&r, paths, 3, rej, 0, RT_KIND_ALL);
	collect(&r, &g);
	CHECK_STR(ids(&g), "1,2", "missing file, reject file: the others are read");
	CHECK_INT(rt_reader_status(&r), RT_EX_IOERR, "missing file, reject file: status 74");
	CHECK_INT(rt_reader_release(&r), 0,
	    "missing file, reject file: release is 0 (the reject file was written)");
	check_file(rej, "", 0, "missing file, reject file: empty reject file");
	got_free(&g);

	/* Only a missing file. */
	paths[0] = tpath("no-such-file.ndjson");
	rt_reader_init(&r, paths, 1, NULL, 0, RT_KIND_ALL);
	CHECK(rt_reader_next(&r) == NULL, "only a missing file: no record");
	CHECK_INT(rt_reader_status(&r), RT_EX_IOERR, "only a missing file: status 74");
	rt_reader_release(&r);
}

static void
test_large(void)
{
	enum { N = 200000 };
	const struct rt_record *rec;
	struct rt_reader r;
	char *paths[1], *path = tpath("large.ndjson");
	FILE *fp;
	size_t n = 0, line = 0, badorder = 0, badline = 0, badlen = 0;
	int64_t id;
	long i;

	if ((fp = fopen(path, "w")) == NULL)
		rt_die(RT_EX_IOERR, "cannot write %s", path);
	/* Varying lengths, some CRLF, some empty lines: the lines fall
	 * across the read buffer's edges in every way. */
	for (i = 0; i < N; i++) {
		if (i % 7 == 3) {
			fputs(i % 2 ? "\n" : "\r\n", fp);
			line++;
		}
		fprintf(fp, "{\"kind\":\"%s\",\"id\":%ld,\"p\":\"%.*s\"}%s",
		    i % 3 ? "bet" : "game", i, (int)(i % 37), "abcdefghijklmnopqrstuvwxyz0123456789!",
		    i % 5 == 0 ? "\r\n" : "\n");
		line++;
	}
	if (fclose(fp) != 0)
		rt_die(RT_EX_IOERR, "cannot write %s", path);

	paths[0] = path;
	rt_reader_init(&r, paths, 1, NULL, 0, RT_KIND_ALL);
	line = 0;
	while ((rec = rt_reader_next(&r)) != NULL) {
		line += n % 7 == 3 ? 2 : 1;
		if (rt_json_int(rt_json_get(rec->json, "id"), &id) == -1 ||
		    id != (int64_t)n)
			badorder++;
		if (rec->line != line)
			badline++;
		if (rec->len == 0 || rec->text[rec->len - 1] != '}')
			badlen++;
		n++;
	}
	CHECK_INT(n, N, "large: 200000 records");
	CHECK_INT(badorder, 0, "large: every record in order, none mangled");
	CHECK_INT(badline, 0, "large: every line number right");
	CHECK_INT(badlen, 0, "large: every text ends at the object");
	CHECK_INT(rt_reader_status(&r), RT_EX_OK, "large: status 0");
	CHECK_INT(rt_reader_release(&r), 0, "large: release");

	/* The same, wanting bets only. */
	rt_reader_init(&r, paths, 1, NULL, 0, RT_KIND_BIT(RT_KIND_BET));
	n = 0;
	while ((rec = rt_reader_next(&r)) != NULL)
		n += rec->kind == RT_KIND_BET;
	CHECK_INT(n, N - (N + 2) / 3, "large: bets only");
	rt_reader_release(&r);
}

int
main(int argc, char **argv)
{
	size_t i;

	(void)argc;
	rt_err_init(argv[0]);
	if (mkdtemp(dir) == NULL)
		rt_die(RT_EX_IOERR, "mkdtemp failed");
	test_good();
	test_two_files();
	test_stop();
	test_reject();
	test_long_lines();
	test_max_line_edges();
	test_caller_reject();
	test_missing_file();
	test_large();
	for (i = 0; i < nmade; i++) {
		unlink(made[i]);
		free(made[i]);
	}
	CHECK(rmdir(dir) == 0, "the test directory is removed");
	return rt_test_done();
}
