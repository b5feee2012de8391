/*
 * rt-import: real historical odds files into game records.
 *
 *	rt-import sbro [--reject FILE] [--max-price N] [--year YYYY]
 *	               [--max-line-length BYTES] [FILE...]
 *
 * See rt-import(1) and lib/rt_sbro.h for the layouts and rules.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_json.h"
#include "rt_opt.h"
#include "rt_sbro.h"

static const char SYNOPSIS[] =
    "rt-import sbro [--reject FILE] [--max-price N] [--year YYYY]\n"
    "                        [--max-line-length BYTES] [FILE...]";

static void
help(void)
{
	printf("usage: %s\n\n", SYNOPSIS);
	fputs("Reads SBRO \"MLB Scores and Odds\" files (tidy one-row-per-game or raw\n"
	    "two-rows-per-game layout, told from the header) and writes one game\n"
	    "record per game: open and close snapshots, run line, result.\n\n"
	    "  --reject FILE           go on after bad rows, copying them to FILE\n"
	    "  --max-price N           |price| above N is refused as a typo (default 1000)\n"
	    "  --year YYYY             year of raw files (default: from the file name)\n"
	    "  --max-line-length BYTES longest input line (default 1048576)\n"
	    "  -h, --help, --version\n", stdout);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "reject", required_argument, NULL, 'r' },
		{ "max-price", required_argument, NULL, 'p' },
		{ "year", required_argument, NULL, 'y' },
		{ "max-line-length", required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 }
	};
	const char *reject = NULL;
	long long max_price = RT_SBRO_MAX_PRICE, year = 0, max_line = 1 << 20;
	struct rt_sbro in;
	struct rt_sbro_game g;
	struct rt_buf out = RT_BUF_INIT;
	struct rt_jw w;
	int c, rc;

	rt_err_init(argv[0]);
	rt_opt_synopsis(SYNOPSIS);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			help();
			rt_exit_stdout();
		case 'V':
			rt_print_version();
			rt_exit_stdout();
		case 'r': reject = optarg; break;
		case 'p': max_price = rt_opt_int("--max-price", optarg, 100, 100000000); break;
		case 'y': year = rt_opt_int("--year", optarg, 1871, 2100); break;
		case 'L': max_line = rt_opt_int("--max-line-length", optarg, 2, 1L << 30); break;
		default: rt_usage_die(SYNOPSIS);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "sbro") != 0) {
		if (optind < argc)
			rt_warnx("unknown source '%s' (known: sbro)", argv[optind]);
		rt_usage_die(SYNOPSIS);
	}
	optind++;
	rt_sbro_init(&in, argv + optind, (size_t)(argc - optind), reject,
	    (size_t)max_line, (long)max_price, (int)year);
	while (rt_sbro_next(&in, &g)) {
		rt_buf_reset(&out);
		rt_jw_init(&w, &out);
		rt_sbro_write(&g, &w);
		rt_buf_addc(&out, '\n');
		if (fwrite(out.p, 1, out.len, stdout) != out.len)
			break;	/* reported by rt_close_stdout */
	}
	rc = rt_lines_status(&in.lines);
	if (rt_sbro_release(&in) == -1 && rc == RT_EX_OK)
		rc = RT_EX_IOERR;
	rt_buf_release(&out);
	if (rt_close_stdout() == -1)
		rc = RT_EX_IOERR;
	return rc;
}
