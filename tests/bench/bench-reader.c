/*
 * bench-reader: rt's record reader (lib/rt_ndjson.c over cJSON) on an
 * NDJSON file: every line parsed, checked and its "kind" looked up, one
 * numeric member summed.  Prints "seconds lines sum" so that tests/bench/run
 * can set it beside the bare libraries and jq.
 *
 *   bench-reader FILE [FIELD]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rt_err.h"
#include "rt_json.h"
#include "rt_ndjson.h"

int
main(int argc, char *argv[])
{
	struct rt_reader in;
	const struct rt_record *rec;
	const char *field = argc > 2 ? argv[2] : "profit";
	struct timespec a, b;
	double sum = 0, d;
	size_t lines = 0;

	rt_err_init(argv[0]);
	if (argc < 2 || argc > 3)
		rt_usage_die("bench-reader FILE [FIELD]");
	clock_gettime(CLOCK_MONOTONIC, &a);
	rt_reader_init(&in, argv + 1, 1, NULL, 0, RT_KIND_ALL);
	while ((rec = rt_reader_next(&in)) != NULL) {
		lines++;
		if (rt_json_num(rt_json_get(rec->json, field), &d) == 0)
			sum += d;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.3f %zu %.4f\n", (double)(b.tv_sec - a.tv_sec) +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e9, lines, sum);
	rt_reader_release(&in);
	return rt_reader_status(&in);
}
