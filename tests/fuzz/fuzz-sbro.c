/*
 * fuzz-sbro: the SBRO spreadsheet importer (lib/rt_sbro.c) on any text,
 * with and without a --year, stopping at the first bad row and going on
 * with a reject file.  Every game it makes is written as the contract's
 * game record, and that record must be one the rest of rt takes: it
 * parses, and lib/rt_games.c decodes it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_games.h"
#include "rt_json.h"
#include "rt_sbro.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init(argc, argv, "fuzz-sbro");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *paths[1];
	int pass;

	paths[0] = fuzz_file(data, size);
	for (pass = 0; pass < 2; pass++) {
		struct rt_sbro in;
		struct rt_sbro_game g;
		struct rt_games gs;
		struct rt_buf out = RT_BUF_INIT, err = RT_BUF_INIT;
		struct rt_arena arena;

		rt_games_init(&gs);
		rt_arena_init(&arena);
		rt_sbro_init(&in, paths, 1, pass ? "/dev/null" : NULL, 4096, RT_SBRO_MAX_PRICE,
		    pass ? 2019 : 0);
		while (rt_sbro_next(&in, &g)) {
			struct rt_jw w;
			struct rt_json *j;
			const char *why;
			size_t col;

			rt_buf_reset(&out);
			rt_jw_init(&w, &out);
			rt_sbro_write(&g, &w);
			rt_arena_reset(&arena);
			j = rt_json_parse(&arena, out.p, out.len, &why, &col);
			if (j == NULL) {
				fprintf(stderr, "not JSON (%s): %.*s\n", why, (int)out.len, out.p);
				abort();
			}
			rt_buf_reset(&err);
			if (rt_games_add(&gs, j, &err) == -1) {
				fprintf(stderr, "a game rt refuses (%s): %.*s\n", rt_buf_str(&err),
				    (int)out.len, out.p);
				abort();
			}
		}
		rt_sbro_release(&in);
		rt_arena_release(&arena);
		rt_games_release(&gs);
		rt_buf_release(&out);
		rt_buf_release(&err);
	}
	return 0;
}
