/*
 * fuzz-ndjson: the record reader (lib/rt_ndjson.c, lib/rt_lines.c,
 * lib/rt_json.c) on any bytes: lines, CRLF, NUL, invalid UTF-8, long
 * lines, duplicate keys, any JSON.  Read twice: stopping at the first
 * bad line, and with a reject file (going on).  Every record read is
 * walked, written back with the JSON writer, and that text must parse
 * again to the same text (the writer's output is always valid JSON).
 */
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_exit.h"
#include "rt_json.h"
#include "rt_ndjson.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init(argc, argv, "fuzz-ndjson");
	return 0;
}

static size_t
walk(const struct rt_json *v, int depth)
{
	const struct rt_json *c;
	size_t n = 1;
	double d;
	int b;

	(void)rt_json_str(v);
	(void)rt_json_num(v, &d);
	(void)rt_json_bool(v, &b);
	for (c = rt_json_first(v); c != NULL; c = rt_json_next(c)) {
		if (rt_json_type(v) == RT_JSON_OBJECT && rt_json_key(c) == NULL)
			abort();
		n += walk(c, depth + 1);
	}
	return n;
}

static void
round_trip(const struct rt_json *v)
{
	struct rt_buf a = RT_BUF_INIT, b = RT_BUF_INIT;
	struct rt_arena arena;
	struct rt_json *again;
	struct rt_jw w;
	const char *why;
	size_t col;

	rt_jw_init(&w, &a);
	rt_jw_value(&w, v);
	rt_arena_init(&arena);
	again = rt_json_parse(&arena, a.p, a.len, &why, &col);
	if (again == NULL) {
		fprintf(stderr, "the writer's output does not parse (%s at %zu): %.*s\n",
		    why, col, (int)a.len, a.p);
		abort();
	}
	rt_jw_init(&w, &b);
	rt_jw_value(&w, again);
	if (a.len != b.len || memcmp(a.p, b.p, a.len) != 0) {
		fprintf(stderr, "written twice, two texts:\n%.*s\n%.*s\n",
		    (int)a.len, a.p, (int)b.len, b.p);
		abort();
	}
	rt_arena_release(&arena);
	rt_buf_release(&a);
	rt_buf_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *paths[1];
	int pass;

	paths[0] = fuzz_file(data, size);
	for (pass = 0; pass < 2; pass++) {
		struct rt_reader in;
		const struct rt_record *rec;
		size_t last = 0;

		/* a small maximum, so that the fuzzer reaches "too long" */
		rt_reader_init(&in, paths, 1, pass ? "/dev/null" : NULL, 4096, RT_KIND_ALL);
		while ((rec = rt_reader_next(&in)) != NULL) {
			if (rec->line <= last || rec->kind >= RT_KIND_COUNT ||
			    rt_json_type(rec->json) != RT_JSON_OBJECT)
				abort();
			last = rec->line;
			walk(rec->json, 0);
			round_trip(rec->json);
		}
		if (rt_reader_failed(&in) != (rt_reader_status(&in) == RT_EX_DATAERR) &&
		    !rt_reader_io_error(&in))
			abort();
		rt_reader_release(&in);
	}
	return 0;
}
