/*
 * fuzz-decode: the record decoders on whatever records the reader lets
 * through: games (lib/rt_games.c, lib/rt_game.c, the realism checks), the
 * backtest of every strategy on the decoded games with its default
 * parameters (prices, Kelly stakes, settling), bets written back, the
 * assignments, the parameter space records and a model's parameters,
 * and the time, date and duration parsers on every string.
 */
#include <stdint.h>
#include <string.h>

#include "rt_assign.h"
#include "rt_backtest.h"
#include "rt_buf.h"
#include "rt_err.h"
#include "rt_game.h"
#include "rt_games.h"
#include "rt_json.h"
#include "rt_ndjson.h"
#include "rt_realism.h"
#include "rt_space.h"
#include "rt_strategy.h"
#include "rt_time.h"
#include "fuzz.h"

static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if ((devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	fuzz_init(argc, argv, "fuzz-decode");
	return 0;
}

/* Every string of the record through the time parsers. */
static void
times(const struct rt_json *v)
{
	const struct rt_json *c;
	const char *s = rt_json_str(v), *why;

	if (s != NULL) {
		int64_t t;
		int32_t d;

		(void)rt_time_parse(s, strlen(s), &t, &why);
		(void)rt_date_parse(s, strlen(s), &d, &why);
		(void)rt_duration_parse(s, strlen(s), &t, &why);
	}
	for (c = rt_json_first(v); c != NULL; c = rt_json_next(c))
		times(c);
}

static void
known(const struct rt_json *game)
{
	struct rt_buf b = RT_BUF_INIT;
	struct rt_jw w;
	const struct rt_json *odds = rt_json_get(game, "odds"), *s;
	const char *why;
	int64_t at;

	(void)rt_game_result_known(game, &at);
	for (s = rt_json_first(odds); s != NULL; s = rt_json_next(s))
		(void)rt_game_snapshot_known(game, s, &at);
	rt_jw_init(&w, &b);
	(void)rt_game_write_known(&w, game, 1560000000, &why);
	rt_buf_release(&b);
}

static void
backtest(const struct rt_games *gs)
{
	const struct rt_strategy *const *sp;
	struct rt_bets bets;
	struct rt_buf out = RT_BUF_INIT;

	rt_bets_init(&bets);
	for (sp = rt_strategies; *sp != NULL; sp++) {
		double p[64];
		struct rt_bt_opts o;
		size_t k;

		memset(&o, 0, sizeof o);
		rt_params_defaults(*sp, p);
		o.s = *sp;
		o.params = p;
		o.kelly = (sp - rt_strategies) % 2;
		o.kelly_fraction = 0.25;
		o.kelly_edge = 0.03;
		o.bankroll = 100;
		o.now = INT64_MAX;
		rt_backtest_run(gs, &o, &bets);
		for (k = 0; k < bets.n; k++) {
			struct rt_jw w;

			rt_buf_reset(&out);
			rt_jw_init(&w, &out);
			rt_bet_write(&bets.v[k], gs, (*sp)->name, "fuzz@1", "production", &w);
		}
	}
	rt_bets_release(&bets);
	rt_buf_release(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *paths[1];
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_games gs;
	struct rt_assigns as;
	struct rt_realism re;
	struct rt_space space;
	struct rt_buf err = RT_BUF_INIT;

	paths[0] = fuzz_file(data, size);
	rt_games_init(&gs);
	rt_assigns_init(&as);
	rt_realism_init(&re, "fuzz");
	rt_space_init(&space);
	rt_reader_init(&in, paths, 1, "/dev/null", 1 << 16, RT_KIND_ALL);
	while ((rec = rt_reader_next(&in)) != NULL) {
		const struct rt_json *j = rec->json;

		rt_buf_reset(&err);
		times(j);
		switch (rec->kind) {
		case RT_KIND_GAME:
			known(j);
			(void)rt_realism_add(&re, j);
			if (rt_games_add(&gs, j, &err) == -1 && err.len == 0)
				abort();	/* a refusal always says why */
			break;
		case RT_KIND_ASSIGNMENT:
			if (rt_assigns_add(&as, j, NULL, &err) == 0)
				(void)rt_assigns_find(&as, rt_json_str(rt_json_get(j, "strategy")),
				    rt_json_str(rt_json_get(j, "game_id")));
			else if (err.len == 0)
				abort();
			break;
		case RT_KIND_PARAM:
			if (space.n < RT_SPACE_MAXP && rt_space_add(&space, j, &err) == -1 && err.len == 0)
				abort();
			break;
		case RT_KIND_MODEL:
		case RT_KIND_TRIAL: {
			const struct rt_strategy *s =
			    rt_strategy_find(rt_json_str(rt_json_get(j, "strategy")) ?
			    rt_json_str(rt_json_get(j, "strategy")) : "sharp_action");
			double p[64], v[RT_SPACE_MAXP], u[RT_SPACE_MAXDIM];

			if (s != NULL) {
				rt_params_defaults(s, p);
				(void)rt_params_from_json(s, rt_json_get(j, "params"), p, &err);
			}
			rt_buf_reset(&err);
			if (space.n > 0 &&
			    rt_space_values(&space, rt_json_get(j, "params"), v, &err) == 0) {
				struct rt_buf b = RT_BUF_INIT;
				struct rt_jw w;

				rt_space_encode(&space, v, u);
				rt_space_decode(&space, u, v);
				rt_jw_init(&w, &b);
				rt_space_write(&space, v, &w);
				rt_buf_release(&b);
			}
			break;
		}
		default:
			break;
		}
	}
	rt_reader_release(&in);
	rt_games_sort(&gs);
	backtest(&gs);
	{
		struct rt_realism *sets[1] = { &re };

		rt_realism_print(devnull, sets, 1);
	}
	rt_realism_release(&re);
	rt_assigns_release(&as);
	rt_games_release(&gs);
	rt_buf_release(&err);
	return 0;
}
