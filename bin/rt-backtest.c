/*
 * rt-backtest: the bets one strategy version would have placed on games.
 *
 *	rt-backtest --strategy NAME (--params JSON | --model FILE) [--version V]
 *	            [--arm A] [--stake flat|kelly] [--kelly-fraction F]
 *	            [--bankroll B] [--now T] [FILE...]
 *	rt-backtest --list-strategies | --list-parameters NAME
 *
 * See rt-backtest(1), docs/strategies.md and lib/rt_backtest.h.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_assign.h"
#include "rt_backtest.h"
#include "rt_buf.h"
#include "rt_err.h"
#include "rt_games.h"
#include "rt_hash.h"
#include "rt_ndjson.h"
#include "rt_opt.h"
#include "rt_strategy.h"
#include "rt_time.h"

static const char SYNOPSIS[] =
    "rt-backtest --strategy NAME [--params JSON | --model FILE] [--version V]\n"
    "                   [--arm A] [--stake flat|kelly] [--kelly-fraction F]\n"
    "                   [--kelly-edge E] [--bankroll B] [--now TIME] [--reject FILE] [FILE...]\n"
    "       rt-backtest --list-strategies | --list-parameters NAME";

static void
help(void)
{
	printf("usage: %s\n\n", SYNOPSIS);
	fputs("Reads game records and writes the bets one strategy version would have\n"
	    "placed, settled where the result was known by --now, pending otherwise.\n\n"
	    "  --strategy NAME        sharp_action, line_movement, consensus, late_flip\n"
	    "  --params JSON          parameters; missing ones take their defaults\n"
	    "  --model FILE           a model record: its strategy, version and params\n"
	    "  --version V            version named in the bets (default: from the model,\n"
	    "                         else NAME@default or NAME@<hash of the params>)\n"
	    "  --arm A                arm named in the bets (default production)\n"
	    "  --stake flat|kelly     1 unit a bet, or Kelly (default flat)\n"
	    "  --kelly-fraction F     share of the full Kelly stake (default 0.25)\n"
	    "  --kelly-edge E         edge over the fair price at confidence 1 (default 0.03)\n"
	    "  --bankroll B           starting bankroll for Kelly (default 100)\n"
	    "  --now TIME             what was known then (default: the clock)\n"
	    "  --reject FILE          go on after bad records, copying them to FILE\n"
	    "  --timing               report load and backtest times on stderr\n"
	    "  --list-strategies      one line per strategy\n"
	    "  --list-parameters NAME the strategy's space as param records\n"
	    "  -h, --help, --version\n", stdout);
}

/* The model record of FILE for the strategy (or the only one). */
static struct rt_json *
read_model(const char *path, const char *strategy, struct rt_buf *err)
{
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_json *found = NULL;
	char *paths[1];
	const char *why;

	paths[0] = (char *)path;
	rt_reader_init(&in, paths, 1, NULL, 0, RT_KIND_BIT(RT_KIND_MODEL));
	while ((rec = rt_reader_next(&in)) != NULL) {
		const char *s = rt_json_str(rt_json_get(rec->json, "strategy"));

		if (strategy != NULL && (s == NULL || strcmp(s, strategy) != 0))
			continue;
		if (found != NULL) {
			rt_buf_addf(err, "%s holds more than one model%s%s: give --strategy",
			    path, strategy ? " of " : "", strategy ? strategy : "");
			rt_json_free(found);
			found = NULL;
			break;
		}
		found = rt_json_parse(NULL, rec->text, rec->len, &why, NULL);
	}
	if (rt_reader_status(&in) == RT_EX_IOERR)
		rt_die(RT_EX_IOERR, "--model: cannot read '%s'", path);
	if (rt_reader_status(&in) != RT_EX_OK && err->len == 0)
		rt_buf_addf(err, "cannot read a model from %s", path);
	else if (found == NULL && err->len == 0)
		rt_buf_addf(err, "no model%s%s in %s", strategy ? " of " : "",
		    strategy ? strategy : "", path);
	rt_reader_release(&in);
	return err->len ? (rt_json_free(found), NULL) : found;
}

/*
 * During a rollout (rt-rollout assign) a game's bet is live ("candidate",
 * or --arm for the baseline) for the version its assignment names, and
 * "shadow" for the other: what that version would have bet, settled like
 * any bet, with no money on it (docs/rollout.md).
 */
static const char *
arm_of(struct rt_assigns *asg, const char *strategy, const char *game_id,
    const char *version, const char *arm)
{
	const struct rt_assign *a = rt_assigns_find(asg, strategy, game_id);

	if (a == NULL)
		return arm;
	if (strcmp(a->version, version) != 0)
		return "shadow";
	return a->cand ? "candidate" : arm;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "strategy", required_argument, NULL, 's' },
		{ "params", required_argument, NULL, 'p' },
		{ "model", required_argument, NULL, 'm' },
		{ "version-name", required_argument, NULL, 'v' },
		{ "arm", required_argument, NULL, 'a' },
		{ "stake", required_argument, NULL, 'k' },
		{ "kelly-fraction", required_argument, NULL, 'f' },
		{ "kelly-edge", required_argument, NULL, 'e' },
		{ "bankroll", required_argument, NULL, 'b' },
		{ "now", required_argument, NULL, 'n' },
		{ "reject", required_argument, NULL, 'r' },
		{ "timing", no_argument, NULL, 'T' },
		{ "list-strategies", no_argument, NULL, 'L' },
		{ "list-parameters", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	const char *sname = NULL, *params_json = NULL, *model_path = NULL;
	const char *version = NULL, *arm = "production", *reject = NULL, *why;
	struct rt_bt_opts o;
	const struct rt_strategy *s;
	struct rt_json *model = NULL, *pj = NULL;
	struct rt_games gs;
	struct rt_assigns asg;
	struct rt_bets bets;
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_buf err = RT_BUF_INIT, out = RT_BUF_INIT, vbuf = RT_BUF_INIT;
	double p[64], t0, t1, t2;
	int c, i, rc, timing = 0, all_default = 1;
	size_t k;

	rt_err_init(argv[0]);
	rt_opt_synopsis(SYNOPSIS);
	memset(&o, 0, sizeof o);
	o.kelly_fraction = 0.25;
	o.kelly_edge = 0.03;
	o.bankroll = 100;
	o.now = rt_time_clock();
	rt_opt_version_name(argc, argv);	/* --version V names the version */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			rt_exit_stdout();
		case 'V':
			rt_print_version();
			rt_exit_stdout();
		case 's': sname = optarg; break;
		case 'p': params_json = optarg; break;
		case 'm': model_path = optarg; break;
		case 'v': version = optarg; break;
		case 'a': arm = optarg; break;
		case 'k':
			if (strcmp(optarg, "kelly") == 0)
				o.kelly = 1;
			else if (strcmp(optarg, "flat") != 0) {
				rt_warnx("--stake '%s': expected flat or kelly", optarg);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case 'f': o.kelly_fraction = rt_opt_num("--kelly-fraction", optarg, 0.001, 1); break;
		case 'e': o.kelly_edge = rt_opt_num("--kelly-edge", optarg, 0, 0.5); break;
		case 'b': o.bankroll = rt_opt_num("--bankroll", optarg, 0.01, 1e12); break;
		case 'n':
			if (rt_now_parse(optarg, &o.now, &why) == -1) {
				rt_warnx("--now '%s': %s", optarg, why);
				rt_usage_die(SYNOPSIS);
			}
			break;
		case 'r': reject = optarg; break;
		case 'T': timing = 1; break;
		case 'L':
			for (i = 0; rt_strategies[i] != NULL; i++)
				printf("%-14s %s%s\n", rt_strategies[i]->name,
				    rt_strategies[i]->summary,
				    rt_strategies[i]->needs_splits ? " (needs splits)" : "");
			rt_exit_stdout();
		case 'P':
			if ((s = rt_strategy_find(optarg)) == NULL) {
				rt_warnx("unknown strategy '%s' (see --list-strategies)", optarg);
				rt_usage_die(SYNOPSIS);
				return RT_EX_USAGE;	/* not reached: for cppcheck */
			}
			rt_params_space(s, &out);
			fwrite(out.p, 1, out.len, stdout);
			rt_buf_release(&out);
			rt_exit_stdout();
		default: rt_usage_die(SYNOPSIS);
		}
	}
	if (params_json && model_path) {
		rt_warnx("give --params or --model, not both");
		rt_usage_die(SYNOPSIS);
	}
	if (model_path) {
		if ((model = read_model(model_path, sname, &err)) == NULL)
			rt_die(RT_EX_DATAERR, "--model: %s", err.p);
		if (sname == NULL)
			sname = rt_json_str(rt_json_get(model, "strategy"));
		if (version == NULL)
			version = rt_json_str(rt_json_get(model, "version"));
	}
	if (sname == NULL) {
		rt_warnx("--strategy is required");
		rt_usage_die(SYNOPSIS);
	}
	if ((s = rt_strategy_find(sname)) == NULL) {
		rt_warnx("unknown strategy '%s' (see --list-strategies)", sname);
		rt_usage_die(SYNOPSIS);
		return RT_EX_USAGE;	/* not reached: for cppcheck */
	}
	if (s->nparams > (int)(sizeof p / sizeof p[0]))
		rt_die(RT_EX_SOFTWARE, "%s has more parameters than rt-backtest holds", s->name);
	rt_params_defaults(s, p);
	if (params_json != NULL) {
		if ((pj = rt_json_parse(NULL, params_json, strlen(params_json), &why, NULL)) == NULL) {
			rt_warnx("--params: %s", why);
			rt_usage_die(SYNOPSIS);
		}
		if (rt_params_from_json(s, pj, p, &err) == -1) {
			rt_warnx("--params: %s", err.p);
			rt_usage_die(SYNOPSIS);
		}
	} else if (model != NULL) {
		const struct rt_json *mp = rt_json_get(model, "params");

		if (mp != NULL && rt_params_from_json(s, mp, p, &err) == -1)
			rt_die(RT_EX_DATAERR, "--model %s: %s", model_path, err.p);
	}
	for (i = 0; i < s->nparams; i++)
		if (p[i] != s->params[i].dflt)
			all_default = 0;
	if (version == NULL) {
		struct rt_jw w;

		rt_jw_init(&w, &out);
		rt_params_write(s, p, &w);
		if (all_default)
			rt_buf_addf(&vbuf, "%s@default", s->name);
		else
			rt_buf_addf(&vbuf, "%s@%08x", s->name, rt_fnv1a32(out.p, out.len));
		version = vbuf.p;
		rt_buf_reset(&out);
	}
	o.s = s;
	o.params = p;

	t0 = rt_time_mono();
	rt_games_init(&gs);
	rt_assigns_init(&asg);
	rt_reader_init(&in, argv + optind, (size_t)(argc - optind), reject, 0,
	    RT_KIND_BIT(RT_KIND_GAME) | RT_KIND_BIT(RT_KIND_ASSIGNMENT));
	while ((rec = rt_reader_next(&in)) != NULL) {
		rt_buf_reset(&err);
		if (rec->kind == RT_KIND_ASSIGNMENT) {
			if (rt_assigns_add(&asg, rec->json, s->name, &err) == -1 &&
			    !rt_reader_reject(&in, "%s", err.p))
				break;
			continue;
		}
		if (rt_games_add(&gs, rec->json, &err) == -1 &&
		    !rt_reader_reject(&in, "%s", err.p))
			break;
	}
	rc = rt_reader_status(&in);
	rt_reader_release(&in);
	if (rt_input_stops(rc, reject != NULL))
		goto out;
	rt_games_sort(&gs);
	t1 = rt_time_mono();
	rt_bets_init(&bets);
	rt_backtest_run(&gs, &o, &bets);
	t2 = rt_time_mono();
	if (timing) {
		/* the best of several runs: the figure rt-optimize lives on */
		double best = t2 - t1;

		for (i = 0; i < 20; i++) {
			double a = rt_time_mono();

			rt_backtest_run(&gs, &o, &bets);
			if (rt_time_mono() - a < best)
				best = rt_time_mono() - a;
		}
		rt_warnx("%zu games loaded in %.3f s; backtest: %zu bets in %.2f ms (best of 21)",
		    gs.n, t1 - t0, bets.n, best * 1e3);
	}
	for (k = 0; k < bets.n; k++) {
		struct rt_jw w;

		rt_buf_reset(&out);
		rt_jw_init(&w, &out);
		rt_bet_write(&bets.v[k], &gs, s->name, version,
		    arm_of(&asg, s->name, bets.v[k].g->id, version, arm), &w);
		rt_buf_addc(&out, '\n');
		if (fwrite(out.p, 1, out.len, stdout) != out.len)
			break;
	}
	rt_bets_release(&bets);
out:
	rt_games_release(&gs);
	rt_json_free(model);
	rt_json_free(pj);
	rt_buf_release(&err);
	rt_buf_release(&out);
	rt_buf_release(&vbuf);
	rt_assigns_release(&asg);
	if (rt_close_stdout() == -1)
		rc = RT_EX_IOERR;
	return rc;
}
