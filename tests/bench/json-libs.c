/*
 * json-libs: the measurement behind rt's choice of JSON library
 * (docs/json-library.md).  Parses every line of an NDJSON file with one of
 * Debian's packaged C JSON libraries, looks up one numeric member and sums
 * it, so that each library does the work rt's record reader does: a whole
 * validating parse of the line plus a member lookup.
 *
 *   json-libs-LIB LABEL FILE   one binary per library (-DUSE_LIB); a LABEL
 *                              containing "arena" turns on allocator hooks
 *                              where the library takes them
 *
 * Prints "LIB seconds lines sum"; the sums must agree across libraries.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The libraries' headers clash (json_object, json_type, ...): the file is
 * compiled once per library with -DUSE_<LIB>. */
#if defined(USE_JANSSON)
#include <jansson.h>
#elif defined(USE_JSONC)
#include <json-c/json.h>
#elif defined(USE_JSONPARSER)
#include <json-parser/json.h>
#elif defined(USE_CJSON)
#include <cjson/cJSON.h>
#elif defined(USE_YAJL)
#include <yajl/yajl_tree.h>
#elif defined(USE_JSMN)
#define JSMN_STRICT
#include <jsmn.h>
#endif

/* The member summed: "profit" at the top, or "A.B" one level down. */
static const char *FIELD = "profit", *FIELD2;

/* A bump allocator reset after every line: what "allocator hooks" buy. */
static char *arena;
static size_t arena_used, arena_cap = 64 << 20;

static void * __attribute__((unused))
arena_alloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (arena_used + n > arena_cap)
		return malloc(n);	/* oversized line: leaks in the bench only */
	p = arena + arena_used;
	arena_used += n;
	return p;
}

static void __attribute__((unused)) arena_free(void *p) { (void)p; }
#ifdef USE_JSONPARSER
static void *jp_alloc(size_t n, int zero, void *u)
{
	void *p = arena_alloc(n);
	(void)u;
	if (zero && p)
		memset(p, 0, n);
	return p;
}
static void jp_free(void *p, void *u) { (void)p; (void)u; }
#endif

#ifdef USE_JANSSON
static double
one_jansson(const char *s, size_t n)
{
	json_error_t e;
	json_t *v = json_loadb(s, n, 0, &e), *f;
	double d = 0;

	if (v == NULL) { fprintf(stderr, "jansson: %s\n", e.text); exit(1); }
	f = json_object_get(v, FIELD);
	if (f != NULL && FIELD2 != NULL)
		f = json_object_get(f, FIELD2);
	if (f != NULL)
		d = json_number_value(f);
	json_decref(v);
	return d;
}
#endif

#ifdef USE_JSONC
static double
one_jsonc(json_tokener *tok, const char *s, size_t n)
{
	struct json_object *v, *f;
	double d = 0;

	json_tokener_reset(tok);
	v = json_tokener_parse_ex(tok, s, (int)n);
	if (v == NULL) { fprintf(stderr, "json-c: parse error\n"); exit(1); }
	if (json_object_object_get_ex(v, FIELD, &f) &&
	    (FIELD2 == NULL || json_object_object_get_ex(f, FIELD2, &f)))
		d = json_object_get_double(f);
	json_object_put(v);
	return d;
}
#endif

#ifdef USE_JSONPARSER
static double
one_jsonparser(json_settings *st, const char *s, size_t n)
{
	char err[json_error_max];
	json_value *v = json_parse_ex(st, s, n, err);
	double d = 0;
	unsigned i;

	if (v == NULL) { fprintf(stderr, "json-parser: %s\n", err); exit(1); }
	for (i = 0; i < v->u.object.length; i++)
		if (strcmp(v->u.object.values[i].name, FIELD) == 0) {
			json_value *f = v->u.object.values[i].value;
			unsigned j;

			if (FIELD2 != NULL && f->type == json_object)
				for (j = 0; j < f->u.object.length; j++)
					if (strcmp(f->u.object.values[j].name, FIELD2) == 0) {
						f = f->u.object.values[j].value;
						break;
					}
			d = f->type == json_integer ? (double)f->u.integer : f->u.dbl;
		}
	if (st->mem_alloc == NULL)
		json_value_free(v);
	return d;
}
#endif

#ifdef USE_CJSON
static double
one_cjson(const char *s, size_t n)
{
	cJSON *v = cJSON_ParseWithLength(s, n), *f;
	double d = 0;

	if (v == NULL) { fprintf(stderr, "cjson: parse error\n"); exit(1); }
	f = cJSON_GetObjectItemCaseSensitive(v, FIELD);
	if (f != NULL && FIELD2 != NULL)
		f = cJSON_GetObjectItemCaseSensitive(f, FIELD2);
	if (f != NULL)
		d = f->valuedouble;
	cJSON_Delete(v);
	return d;
}
#endif

#ifdef USE_YAJL
static double
one_yajl(char *s)
{
	char err[256];
	const char *path[] = { FIELD, FIELD2, NULL };
	yajl_val v = yajl_tree_parse(s, err, sizeof err), f;
	double d = 0;

	if (v == NULL) { fprintf(stderr, "yajl: %s\n", err); exit(1); }
	if ((f = yajl_tree_get(v, path, yajl_t_number)) != NULL)
		d = YAJL_GET_DOUBLE(f);
	yajl_tree_free(v);
	return d;
}
#endif

#ifdef USE_JSMN
static double
one_jsmn(const char *s, size_t n)
{
	static jsmntok_t tok[65536];
	jsmn_parser p;
	int i, k;
	size_t fl = strlen(FIELD);

	jsmn_init(&p);
	k = jsmn_parse(&p, s, n, tok, 65536);
	if (k < 1 || tok[0].type != JSMN_OBJECT) { fprintf(stderr, "jsmn: parse error\n"); exit(1); }
	if (FIELD2 != NULL) {
		fprintf(stderr, "jsmn: nested lookups not measured\n");
		exit(1);
	}
	for (i = 1; i + 1 < k; i += 2)	/* flat objects only: enough here */
		if ((size_t)(tok[i].end - tok[i].start) == fl &&
		    memcmp(s + tok[i].start, FIELD, fl) == 0)
			return strtod(s + tok[i + 1].start, NULL);
	return 0;
}
#endif

int
main(int argc, char *argv[])
{
	const char *lib;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, lines = 0;
	ssize_t n;
	double sum = 0, t;
	struct timespec a, b;
	int use_arena;
#ifdef USE_JSONPARSER
	json_settings st;
#endif
#ifdef USE_JSONC
	json_tokener *tok = json_tokener_new();
#endif

	if (argc == 4) {
		char *dot;

		FIELD = argv[3];
		if ((dot = strchr(argv[3], '.')) != NULL) {
			*dot = '\0';
			FIELD2 = dot + 1;
		}
	} else if (argc != 3) {
		fprintf(stderr, "usage: json-libs LABEL FILE [FIELD[.FIELD]]\n");
		return 64;
	}
	lib = argv[1];
	use_arena = strstr(lib, "arena") != NULL;
	if ((fp = fopen(argv[2], "r")) == NULL) { perror(argv[2]); return 74; }
	arena = malloc(arena_cap);
#ifdef USE_JSONPARSER
	memset(&st, 0, sizeof st);
	if (use_arena) {
		st.mem_alloc = jp_alloc;
		st.mem_free = jp_free;
	}
#endif
#ifdef USE_CJSON
	if (use_arena) {
		cJSON_Hooks h = { arena_alloc, arena_free };
		cJSON_InitHooks(&h);
	}
#endif
#ifdef USE_JANSSON
	if (use_arena)
		json_set_alloc_funcs(arena_alloc, arena_free);
#endif
	(void)use_arena;
	clock_gettime(CLOCK_MONOTONIC, &a);
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		arena_used = 0;
		lines++;
#if defined(USE_JANSSON)
		sum += one_jansson(line, (size_t)n);
#elif defined(USE_JSONC)
		sum += one_jsonc(tok, line, (size_t)n);
#elif defined(USE_JSONPARSER)
		sum += one_jsonparser(&st, line, (size_t)n);
#elif defined(USE_CJSON)
		sum += one_cjson(line, (size_t)n);
#elif defined(USE_YAJL)
		sum += one_yajl(line);
#elif defined(USE_JSMN)
		sum += one_jsmn(line, (size_t)n);
#endif
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("%-20s %7.2f s %9zu lines  sum %.4f\n", lib, t, lines, sum);
	free(line);
	free(arena);
	fclose(fp);
#ifdef USE_JSONC
	json_tokener_free(tok);
#endif
	return 0;
}
