/* rt_ndjson: the record reader (see rt_ndjson.h), on rt_lines. */
#include <stdarg.h>
#include <string.h>

#include "rt_err.h"
#include "rt_ndjson.h"

void
rt_reader_init(struct rt_reader *r, char *const *paths, size_t npaths,
    const char *reject_path, size_t max_line, unsigned kinds)
{
	memset(r, 0, sizeof *r);
	rt_lines_init(&r->lines, paths, npaths, reject_path, max_line);
	r->kinds = kinds;
	rt_arena_init(&r->arena);
}

int
rt_reader_reject(struct rt_reader *r, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = rt_lines_vbad(&r->lines, fmt, ap);
	va_end(ap);
	return rc;
}

const struct rt_record *
rt_reader_next(struct rt_reader *r)
{
	struct rt_lines *l = &r->lines;
	const struct rt_json *v, *kind;
	const char *why, *kname;
	size_t col;
	enum rt_kind k;
	int rc;

	while (rt_lines_next(l)) {
		rt_arena_reset(&r->arena);
		v = rt_json_parse(&r->arena, l->line, l->len, &why, &col);
		if (v == NULL) {
			rc = col ? rt_lines_bad(l, "%s at column %zu", why, col)
			    : rt_lines_bad(l, "%s", why);
		} else if (rt_json_type(v) != RT_JSON_OBJECT) {
			rc = rt_lines_bad(l, "expected a JSON object, found %s",
			    rt_json_type_name(rt_json_type(v)));
		} else if ((kind = rt_json_get(v, "kind")) == NULL) {
			rc = rt_lines_bad(l, "record without \"kind\"");
		} else if ((kname = rt_json_str(kind)) == NULL) {
			rc = rt_lines_bad(l, "\"kind\" is %s, not a string",
			    rt_json_type_name(rt_json_type(kind)));
		} else if (rt_kind_parse(kname, &k) == -1) {
			rc = rt_lines_bad(l, "unknown record kind \"%s\"", kname);
		} else {
			if (!(r->kinds & RT_KIND_BIT(k)))
				continue;
			r->nread++;
			r->rec.kind = k;
			r->rec.json = v;
			r->rec.text = l->line;
			r->rec.len = l->len;
			r->rec.file = l->name;
			r->rec.line = l->lineno;
			return &r->rec;
		}
		if (!rc)
			return NULL;
	}
	return NULL;
}

int
rt_reader_failed(const struct rt_reader *r)
{
	return rt_lines_failed(&r->lines);
}

int
rt_reader_io_error(const struct rt_reader *r)
{
	return r->lines.io_error || r->lines.reject_error;
}

int
rt_reader_status(const struct rt_reader *r)
{
	return rt_lines_status(&r->lines);
}

int
rt_reader_release(struct rt_reader *r)
{
	rt_arena_release(&r->arena);
	return rt_lines_release(&r->lines);
}
