/*
 * rt-sim: a simulated MLB betting market with known truth, as game records.
 *
 *	rt-sim [--seed N] (--season YEAR | --from DATE --to DATE) [--teams N]
 *	       [--books LIST] [--interval DURATION] [--active-hours H]
 *	       [--market NAME] [--regime DATE:key=value,...]... [--truth]
 *	rt-sim --report [--decision-minutes M] [--threshold P] [FILE...]
 *	rt-sim --redraw-results [--seed N] [--reference-book B] [--reject FILE] [FILE...]
 *
 * See rt-sim(1) and docs/market-model.md.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_ndjson.h"
#include "rt_opt.h"
#include "rt_realism.h"
#include "rt_sim.h"
#include "rt_teams.h"
#include "rt_time.h"

static const char SYNOPSIS[] =
    "rt-sim [--seed N] (--season YEAR | --from DATE --to DATE) [--teams N]\n"
    "              [--books LIST] [--interval DURATION] [--active-hours H]\n"
    "              [--market NAME] [--regime DATE:key=value,...]... [--truth]\n"
    "       rt-sim --report [--decision-minutes M] [--threshold P] [FILE...]\n"
    "       rt-sim --redraw-results [--seed N] [--reference-book B] [--reject FILE]\n"
    "              [FILE...]";

static void
help(void)
{
	size_t i;

	printf("usage: %s\n\n", SYNOPSIS);
	fputs("Writes the games of a simulated MLB market, day by day, one game record\n"
	    "per line: schedule, odds and betting-splits snapshots through each game\n"
	    "day at several books, results.  The same options give the same bytes.\n\n"
	    "  --seed N             random seed (default 1)\n"
	    "  --season YEAR        a whole regular season (March 28 to late September)\n"
	    "  --from, --to DATE    the games of these dates only (seasons are drawn whole)\n"
	    "  --teams N            teams, even, 2 to 30 (default 30)\n"
	    "  --books LIST         comma-separated, from pinnacle,circa,draftkings,\n"
	    "                       fanduel,betmgm,caesars (default all)\n"
	    "  --interval DURATION  snapshot cadence (default 15m)\n"
	    "  --active-hours H     snapshots this long before first pitch (default 10)\n"
	    "  --market NAME        a named market: realistic (the demo's and the\n"
	    "                       benchmarks'), default (docs/market-model.md)\n"
	    "  --regime DATE:k=v,.. change hidden parameters from DATE on (repeatable)\n"
	    "  --truth              add each game's hidden probabilities (\"truth\")\n"
	    "  --report [FILE...]   measure game records (rt-sim's or rt-import's) for\n"
	    "                       realism, one column per file, side by side\n"
	    "  --decision-minutes M, --threshold P\n"
	    "                       the report's follow-the-money rule (30, 10)\n"
	    "  --redraw-results [FILE...]\n"
	    "                       an efficient market: game records written back with\n"
	    "                       a new result, the home team winning with the fair\n"
	    "                       probability of the reference book's close; scores\n"
	    "                       swapped to fit (the total kept), a tie k-k made\n"
	    "                       (k+1)-(k-1), 0-0 made 1-0; the draw depends on --seed\n"
	    "                       and game_id only; games without a result or without\n"
	    "                       a closing price pass unchanged, as do other records\n"
	    "  --reference-book B   the book whose close sets the probability (default\n"
	    "                       pinnacle if the game has it, else the book of its\n"
	    "                       first odds snapshot)\n"
	    "  --reject FILE        (--redraw-results) go on after bad records, copying\n"
	    "                       them to FILE\n"
	    "  -h, --help, --version\n\nRegime keys (defaults):", stdout);
	for (i = 0; rt_sim_param_keys[i] != NULL; i++) {
		struct rt_sim_params p = RT_SIM_DEFAULTS;
		const double *v = &p.home_adv + i;

		printf("%s %s=%g", i % 4 ? "" : "\n ", rt_sim_param_keys[i], *v);
	}
	fputs("\nSee docs/market-model.md for what each one does.\n", stdout);
}

static RT_NORETURN void
bad_arg(const char *opt, const char *arg, const char *why)
{
	rt_warnx("%s '%s': %s", opt, arg, why);
	rt_usage_die(SYNOPSIS);
}

static int
date_arg(const char *opt, const char *arg)
{
	int32_t d;
	const char *why;

	if (rt_date_parse(arg, strlen(arg), &d, &why) == -1)
		bad_arg(opt, arg, why);
	return d;
}

/* "DATE:key=value,key=value" into regimes, each checked now. */
static void
regime_arg(const char *arg, struct rt_sim_regime **rs, size_t *n)
{
	const char *colon = strchr(arg, ':'), *p, *why;
	struct rt_sim_params probe = RT_SIM_DEFAULTS;
	char date[16];

	if (colon == NULL || colon - arg >= (long)sizeof date) {
		bad_arg("--regime", arg, "expected DATE:key=value,...");
		return;		/* not reached: for the static analysers */
	}
	snprintf(date, sizeof date, "%.*s", (int)(colon - arg), arg);
	for (p = colon + 1; *p;) {
		const char *comma = strchr(p, ','), *eq;
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		struct rt_sim_regime *r;

		eq = memchr(p, '=', len);
		if (eq == NULL || eq == p || (size_t)(eq - p) >= sizeof r->key ||
		    len - (size_t)(eq - p) - 1 >= sizeof r->value) {
			bad_arg("--regime", arg, "expected key=value pairs");
			return;		/* not reached */
		}
		*rs = rt_xrealloc(*rs, (*n + 1) * sizeof **rs);
		r = &(*rs)[*n];
		r->order = (int)(*n)++;
		r->from = date_arg("--regime", date);
		/* lengths checked above; snprintf bounds them all the same */
		snprintf(r->key, sizeof r->key, "%.*s", (int)(eq - p), p);
		snprintf(r->value, sizeof r->value, "%.*s", (int)(len - (size_t)(eq - p) - 1), eq + 1);
		if (rt_sim_param_set(&probe, r->key, r->value, &why) == -1) {
			char msg[96];

			snprintf(msg, sizeof msg, "%s: %s", r->key, why);
			bad_arg("--regime", arg, msg);
		}
		p += len;
		if (*p == ',')
			p++;
	}
}

static int
cmp_regime(const void *x, const void *y)
{
	const struct rt_sim_regime *a = x, *b = y;

	/* by date, then as given: a later --regime of a date wins */
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* --report: one column of measures per input. */
static int
report(char **files, size_t n, int decision, int threshold)
{
	struct rt_realism *sets[16], *r;
	char *dash[1] = { "-" };
	size_t i;
	int rc = RT_EX_OK;

	if (n == 0) {
		files = dash;
		n = 1;
	}
	if (n > 16)
		rt_die(RT_EX_USAGE, "--report: at most 16 inputs");
	for (i = 0; i < n; i++) {
		struct rt_reader in;
		const struct rt_record *rec;
		const char *slash = strrchr(files[i], '/');

		r = sets[i] = rt_xmalloc(sizeof *r);
		rt_realism_init(r, strcmp(files[i], "-") == 0 ? "<stdin>" :
		    slash ? slash + 1 : files[i]);
		r->decision_min = decision;
		r->threshold = threshold;
		rt_reader_init(&in, files + i, 1, NULL, 0, RT_KIND_BIT(RT_KIND_GAME));
		while ((rec = rt_reader_next(&in)) != NULL)
			(void)rt_realism_add(r, rec->json);
		if (rt_reader_status(&in) != RT_EX_OK)
			rc = rt_reader_status(&in);
		rt_reader_release(&in);
	}
	if (rc == RT_EX_OK)
		rt_realism_print(stdout, sets, n);
	for (i = 0; i < n; i++) {
		rt_realism_release(sets[i]);
		free(sets[i]);
	}
	return rc;
}

/* --redraw-results: one record at a time, in input order. */
static int
redraw(char **files, size_t n, uint64_t seed, const char *book, const char *reject)
{
	struct rt_reader in;
	const struct rt_record *rec;
	struct rt_buf out = RT_BUF_INIT, err = RT_BUF_INIT;
	size_t unpriced = 0;
	int rc;

	rt_reader_init(&in, files, n, reject, 0, RT_KIND_ALL);
	while ((rec = rt_reader_next(&in)) != NULL) {
		enum rt_sim_redraw st = RT_SIM_REDRAW_NO_RESULT;

		rt_buf_reset(&out);
		rt_buf_reset(&err);
		if (rec->kind == RT_KIND_GAME)
			st = rt_sim_redraw(rec->json, seed, book, &out, &err);
		if (st == RT_SIM_REDRAW_BAD) {
			if (!rt_reader_reject(&in, "%s", rt_buf_str(&err)))
				break;
			continue;
		}
		if (st == RT_SIM_REDRAW_NO_PRICE)
			unpriced++;
		if (st != RT_SIM_REDRAW_DONE) {
			/* unchanged: the line as read, byte for byte */
			rt_buf_add(&out, rec->text, rec->len);
			rt_buf_addc(&out, '\n');
		}
		if (fwrite(out.p, 1, out.len, stdout) != out.len)
			break;	/* rt_close_stdout() reports it */
	}
	rc = rt_reader_status(&in);
	if (rt_reader_release(&in) == -1 && rc == RT_EX_OK)
		rc = RT_EX_IOERR;
	if (unpriced > 0)
		rt_warnx("%zu game%s left unchanged: no fair home probability at the "
		    "close of %s", unpriced, unpriced == 1 ? "" : "s",
		    book != NULL ? book : "the reference book");
	rt_buf_release(&out);
	rt_buf_release(&err);
	return rc;
}

static int
emit(const char *line, size_t len, void *arg)
{
	(void)arg;
	return fwrite(line, 1, len, stdout) == len ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "seed", required_argument, NULL, 's' },
		{ "season", required_argument, NULL, 'S' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "teams", required_argument, NULL, 'n' },
		{ "books", required_argument, NULL, 'b' },
		{ "interval", required_argument, NULL, 'i' },
		{ "active-hours", required_argument, NULL, 'a' },
		{ "regime", required_argument, NULL, 'r' },
		{ "market", required_argument, NULL, 'M' },
		{ "truth", no_argument, NULL, 'T' },
		{ "report", no_argument, NULL, 'R' },
		{ "decision-minutes", required_argument, NULL, 'D' },
		{ "threshold", required_argument, NULL, 'P' },
		{ "redraw-results", no_argument, NULL, 'X' },
		{ "reference-book", required_argument, NULL, 'B' },
		{ "reject", required_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct rt_sim_opts o;
	struct rt_sim_regime *regimes = NULL;
	size_t nregimes = 0;
	int c, season = 0, have_from = 0, have_to = 0, rc, do_report = 0;
	int decision = 30, threshold = 10, do_redraw = 0, li = -1;
	const char *sim_opt = NULL, *redraw_opt = NULL;
	const char *book = NULL, *reject = NULL;
	const struct rt_sim_setting *market = NULL;

	rt_err_init(argv[0]);
	rt_opt_synopsis(SYNOPSIS);
	memset(&o, 0, sizeof o);
	o.seed = 1;
	o.nteams = RT_NTEAMS;
	o.books = (1u << RT_SIM_MAXBOOKS) - 1;
	o.interval_min = 15;
	o.active_hours = 10;
	while ((c = getopt_long(argc, argv, "h", longopts, &li)) != -1) {
		/* which mode an option belongs to, for the checks below */
		if (c != '?' && li >= 0 && strchr("SftnbiarTDPM", c) != NULL)
			sim_opt = longopts[li].name;
		else if (c != '?' && li >= 0 && strchr("Bj", c) != NULL)
			redraw_opt = longopts[li].name;
		li = -1;
		switch (c) {
		case 'h':
			help();
			rt_exit_stdout();
		case 'V':
			rt_print_version();
			rt_exit_stdout();
		case 's': o.seed = (uint64_t)rt_opt_int("--seed", optarg, 0, INT64_MAX); break;
		case 'S': season = (int)rt_opt_int("--season", optarg, 1900, 9998); break;
		case 'f': o.from = date_arg("--from", optarg); have_from = 1; break;
		case 't': o.to = date_arg("--to", optarg); have_to = 1; break;
		case 'n':
			o.nteams = (int)rt_opt_int("--teams", optarg, 2, RT_NTEAMS);
			if (o.nteams % 2)
				bad_arg("--teams", optarg, "must be even");
			break;
		case 'b': {
			const char *p = optarg;

			o.books = 0;
			while (*p) {
				size_t len = strcspn(p, ","), i;

				for (i = 0; i < RT_SIM_MAXBOOKS; i++)
					if (strlen(rt_sim_books[i].name) == len &&
					    strncmp(rt_sim_books[i].name, p, len) == 0)
						break;
				if (i == RT_SIM_MAXBOOKS)
					bad_arg("--books", optarg, "unknown book");
				o.books |= 1u << i;
				p += len;
				if (*p == ',')
					p++;
			}
			if (!(o.books & 3u))
				bad_arg("--books", optarg, "needs pinnacle or circa: the market follows a sharp book");
			break;
		}
		case 'i': {
			int64_t secs;
			const char *why;

			if (rt_duration_parse(optarg, strlen(optarg), &secs, &why) == -1)
				bad_arg("--interval", optarg, why);
			if (secs < 300 || secs % 300 != 0 || secs > 6 * 3600)
				bad_arg("--interval", optarg, "a multiple of 5m, up to 6h");
			o.interval_min = (int)(secs / 60);
			break;
		}
		case 'a': o.active_hours = (int)rt_opt_int("--active-hours", optarg, 1, 26); break;
		case 'r': regime_arg(optarg, &regimes, &nregimes); break;
		case 'M': market = rt_sim_market_find(optarg);
			if (market == NULL)
				bad_arg("--market", optarg, "realistic or default");
			break;
		case 'T': o.truth = 1; break;
		case 'R': do_report = 1; break;
		case 'D': decision = (int)rt_opt_int("--decision-minutes", optarg, 0, 1440); break;
		case 'P': threshold = (int)rt_opt_int("--threshold", optarg, 1, 100); break;
		case 'X': do_redraw = 1; break;
		case 'B':
			if (*optarg == '\0')
				bad_arg("--reference-book", optarg, "empty");
			book = optarg;
			break;
		case 'j': reject = optarg; break;
		default: rt_usage_die(SYNOPSIS);
		}
	}
	if (do_redraw && (do_report || sim_opt != NULL)) {
		rt_warnx("--%s: not with --redraw-results", do_report ? "report" : sim_opt);
		rt_usage_die(SYNOPSIS);
	}
	if (!do_redraw && redraw_opt != NULL) {
		rt_warnx("--%s: only with --redraw-results", redraw_opt);
		rt_usage_die(SYNOPSIS);
	}
	if (do_redraw) {
		free(regimes);
		rc = redraw(argv + optind, (size_t)(argc - optind), o.seed, book, reject);
		if (rt_close_stdout() == -1)
			rc = RT_EX_IOERR;
		return rc;
	}
	if (do_report) {
		free(regimes);
		rc = report(argv + optind, (size_t)(argc - optind), decision, threshold);
		if (rt_close_stdout() == -1)
			rc = RT_EX_IOERR;
		return rc;
	}
	if (optind != argc)
		rt_usage_die(SYNOPSIS);
	if (season && (have_from || have_to)) {
		rt_warnx("give --season or --from/--to, not both");
		rt_usage_die(SYNOPSIS);
	}
	if (season) {
		o.from = rt_days_from_civil(season, 1, 1);
		o.to = rt_days_from_civil(season, 12, 31);
	} else if (!have_from || !have_to) {
		rt_warnx("give --season YEAR or --from DATE --to DATE");
		rt_usage_die(SYNOPSIS);
	}
	if (o.to < o.from) {
		rt_warnx("--to is before --from");
		rt_usage_die(SYNOPSIS);
	}
	if (nregimes > 1)
		qsort(regimes, nregimes, sizeof *regimes, cmp_regime);
	o.regimes = regimes;
	o.nregimes = nregimes;
	o.market = market;	/* its settings hold before every regime */
	rc = rt_sim_run(&o, emit, NULL) == -1 ? RT_EX_IOERR : RT_EX_OK;
	free(regimes);
	if (rt_close_stdout() == -1)
		rc = RT_EX_IOERR;
	return rc;
}
