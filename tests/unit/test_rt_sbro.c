/*
 * test_rt_sbro: SBRO odds spreadsheets into games (lib/rt_sbro.c), on small
 * files in a mkdtemp(3) directory: both layouts told from the header,
 * missing values (NA, NL, empty), doubleheaders, neutral sites, pitchers,
 * the run line on the close, CRLF, the year of a raw file from its name or
 * from the year argument, and the bad rows: the messages, the status, and
 * the reject file byte for byte (both rows of a bad raw game).
 *
 * The reader's messages go to standard error.  Each run catches them in a
 * file to compare with what is expected, then copies them to standard
 * error as they were.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_buf.h"
#include "rt_err.h"
#include "rt_json.h"
#include "rt_lines.h"
#include "rt_sbro.h"
#include "rt_test.h"
#include "rt_time.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAXGAMES 32

static char dir[] = "/tmp/test_rt_sbro.XXXXXX";
static char *made[64];		/* files to remove at the end */
static size_t nmade;
static const char *prog;

/* ---- files ------------------------------------------------------------ */

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
write_str(const char *name, const char *s)
{
	char *path = tpath(name);
	size_t n = strlen(s);
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL ||
	    fwrite(s, 1, n, fp) != n || fclose(fp) != 0)
		rt_die(RT_EX_IOERR, "cannot write %s", path);
	return path;
}

/* The whole file (NUL-terminated), or NULL. */
static char *
slurp(const char *path)
{
	struct rt_buf b = RT_BUF_INIT;
	char chunk[4096];
	size_t k;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
		rt_buf_add(&b, chunk, k);
	fclose(fp);
	return b.p ? b.p : rt_xstrdup("");
}

static void
check_file(const char *path, const char *want, const char *what)
{
	char *got = slurp(path);

	CHECK_STR(got, want, what);
	free(got);
}

/* ---- standard error --------------------------------------------------- */

static int saved_stderr = -1;
static char *errpath;

static void
err_begin(void)
{
	int fd;

	fflush(stderr);
	if ((saved_stderr = dup(2)) == -1 ||
	    (fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		rt_die(RT_EX_IOERR, "cannot catch standard error");
	dup2(fd, 2);
	close(fd);
}

/* What went to standard error since err_begin() (copied there too). */
static char *
err_end(void)
{
	char *s;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	saved_stderr = -1;
	s = slurp(errpath);
	if (s == NULL)
		s = rt_xstrdup("(standard error lost)");
	fputs(s, stderr);
	return s;
}

/* Appends "PROG: PATH:LINE: message\n" to b. */
static void
msg(struct rt_buf *b, const char *path, size_t line, const char *text)
{
	rt_buf_addf(b, "%s: %s:%zu: %s\n", prog, path, line, text);
}

/* ---- runs ------------------------------------------------------------- */

struct run {
	size_t n;
	struct rt_sbro_game g[MAXGAMES];
	char *json[MAXGAMES];
	int status, release;
	int after;		/* what rt_sbro_next() returned once more at the end */
	char *err;		/* standard error */
};

static void
run(struct run *r, char **paths, size_t npaths, const char *reject,
    long max_price, int year)
{
	struct rt_sbro s;
	struct rt_sbro_game g;

	memset(r, 0, sizeof *r);
	err_begin();
	rt_sbro_init(&s, paths, npaths, reject, 0, max_price, year);
	while (rt_sbro_next(&s, &g)) {
		struct rt_buf b = RT_BUF_INIT;
		struct rt_jw w;

		rt_jw_init(&w, &b);
		rt_sbro_write(&g, &w);
		if (r->n < MAXGAMES) {
			r->g[r->n] = g;
			r->json[r->n++] = b.p;
		} else
			rt_buf_release(&b);
	}
	r->after = rt_sbro_next(&s, &g);
	r->status = rt_lines_status(&s.lines);
	r->release = rt_sbro_release(&s);
	r->err = err_end();
}

static void
run_free(struct run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->json[i]);
	free(r->err);
	r->n = 0;
}

/* The game ids, space separated. */
static const char *
ids(const struct run *r)
{
	static char s[1024];
	size_t i, o = 0;

	s[0] = '\0';
	for (i = 0; i < r->n && o < sizeof s - 64; i++)
		o += (size_t)snprintf(s + o, sizeof s - o, i ? " %s" : "%s", r->g[i].game_id);
	return s;
}

/* The first lines of the games, comma separated. */
static const char *
lines(const struct run *r)
{
	static char s[512];
	size_t i, o = 0;

	s[0] = '\0';
	for (i = 0; i < r->n && o < sizeof s - 32; i++)
		o += (size_t)snprintf(s + o, sizeof s - o, i ? ",%zu" : "%zu", r->g[i].line);
	return s;
}

static const char *
json(const struct run *r, size_t i)
{
	return i < r->n ? r->json[i] : "(no such game)";
}

/* ---- the layouts ------------------------------------------------------ */

#define TH "seas,date,v_rot,v_team,v_final,h_rot,h_team,h_final,v_ml_open,v_ml_close," \
	"v_rl,v_rl_odds,h_ml_open,h_ml_close,h_rl,h_rl_odds,ou_open,ou_open_ovr,ou_open_und," \
	"ou_close,ou_close_ovr,ou_close_und,neutral"
#define RH "Date,Rot,VH,Team,Pitcher,1st,2nd,3rd,4th,5th,6th,7th,8th,9th,Final,Open," \
	"Close,RunLine,,OpenOU,,CloseOU,"

/* The tidy file: lines 2-9 (4 is empty). */
#define T2 "2016,2016-06-06,901,CUB,5,902,SFO,3,-120,-130,-1.5,140,110,120,1.5,-160,7.5,-110,-110,7,-105,-115,0"
#define T3 "2016,2016-06-06,903,TAM,2,904,KAN,2,NA,105,NA,NA,NA,-115,NA,NA,8,-110,-110,8,-110,-110,0"
#define T5 "2016,2016-06-07,903,TAM,NA,904,KAN,NA,105,105,1.5,-200,-115,-115,-1.5,170,8,-110,-110,8,-110,-110,1"
#define T6 "2016,2016-06-07,903,TAM,4,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0"
#define T7 "2016,2016-06-08,905,NYY,3,906,BRS,4,+150,NL,-1.5,+130,-160,NA,1.5,-150,9.5,-105,-115,NA,NA,NA,0"
#define T8 "2016,2016-06-08,907,LOS,,908,WAS,NA,,,,,NA,NA,NA,NA,NA,NA,NA,,NL,NL,0"
#define T9 "2016,2016-06-07,904,KAN,1,903,TAM,0,-105,-110,NA,NA,-105,100,NA,NA,8,-110,-110,8.5,100,-120,0"

#define OPEN_CHC_SF "{\"book\":\"sbro\",\"tag\":\"open\",\"home_ml\":110,\"away_ml\":-120,\"total\":7.5,\"over\":-110,\"under\":-110}"
#define CLOSE_CHC_SF "{\"book\":\"sbro\",\"tag\":\"close\",\"home_ml\":120,\"away_ml\":-130,\"total\":7,\"over\":-105,\"under\":-115," \
	"\"home_rl\":1.5,\"home_rl_odds\":-160,\"away_rl\":-1.5,\"away_rl_odds\":140}"

#define J2 "{\"kind\":\"game\",\"game_id\":\"2016-06-06-CHC-SF-1\",\"season\":2016,\"date\":\"2016-06-06\"," \
	"\"home\":\"SF\",\"away\":\"CHC\",\"rot\":{\"home\":902,\"away\":901}," \
	"\"odds\":[" OPEN_CHC_SF "," CLOSE_CHC_SF "],\"result\":{\"home_score\":3,\"away_score\":5},\"source\":\"sbro\"}"
#define J3 "{\"kind\":\"game\",\"game_id\":\"2016-06-06-TB-KC-1\",\"season\":2016,\"date\":\"2016-06-06\"," \
	"\"home\":\"KC\",\"away\":\"TB\",\"rot\":{\"home\":904,\"away\":903}," \
	"\"odds\":[{\"book\":\"sbro\",\"tag\":\"open\",\"total\":8,\"over\":-110,\"under\":-110}," \
	"{\"book\":\"sbro\",\"tag\":\"close\",\"home_ml\":-115,\"away_ml\":105,\"total\":8,\"over\":-110,\"under\":-110}]," \
	"\"result\":{\"home_score\":2,\"away_score\":2},\"source\":\"sbro\"}"
#define J5 "{\"kind\":\"game\",\"game_id\":\"2016-06-07-TB-KC-1\",\"season\":2016,\"date\":\"2016-06-07\"," \
	"\"home\":\"KC\",\"away\":\"TB\",\"neutral\":true,\"rot\":{\"home\":904,\"away\":903}," \
	"\"odds\":[{\"book\":\"sbro\",\"tag\":\"open\",\"home_ml\":-115,\"away_ml\":105,\"total\":8,\"over\":-110,\"under\":-110}," \
	"{\"book\":\"sbro\",\"tag\":\"close\",\"home_ml\":-115,\"away_ml\":105,\"total\":8,\"over\":-110,\"under\":-110," \
	"\"home_rl\":-1.5,\"home_rl_odds\":170,\"away_rl\":1.5,\"away_rl_odds\":-200}],\"source\":\"sbro\"}"
#define J6 "{\"kind\":\"game\",\"game_id\":\"2016-06-07-TB-KC-2\",\"season\":2016,\"date\":\"2016-06-07\"," \
	"\"home\":\"KC\",\"away\":\"TB\",\"rot\":{\"home\":904,\"away\":903}," \
	"\"odds\":[{\"book\":\"sbro\",\"tag\":\"open\",\"home_ml\":-125,\"away_ml\":115,\"total\":8,\"over\":-110,\"under\":-110}," \
	"{\"book\":\"sbro\",\"tag\":\"close\",\"home_ml\":-120,\"away_ml\":110,\"total\":8,\"over\":-110,\"under\":-110," \
	"\"home_rl\":-1.5,\"home_rl_odds\":160,\"away_rl\":1.5,\"away_rl_odds\":-190}]," \
	"\"result\":{\"home_score\":1,\"away_score\":4},\"source\":\"sbro\"}"
#define J7 "{\"kind\":\"game\",\"game_id\":\"2016-06-08-NYY-BOS-1\",\"season\":2016,\"date\":\"2016-06-08\"," \
	"\"home\":\"BOS\",\"away\":\"NYY\",\"rot\":{\"home\":906,\"away\":905}," \
	"\"odds\":[{\"book\":\"sbro\",\"tag\":\"open\",\"home_ml\":-160,\"away_ml\":150,\"total\":9.5,\"over\":-105,\"under\":-115}," \
	"{\"book\":\"sbro\",\"tag\":\"close\",\"home_rl\":1.5,\"home_rl_odds\":-150,\"away_rl\":-1.5,\"away_rl_odds\":130}]," \
	"\"result\":{\"home_score\":4,\"away_score\":3},\"source\":\"sbro\"}"
#define J8 "{\"kind\":\"game\",\"game_id\":\"2016-06-08-LAD-WSH-1\",\"season\":2016,\"date\":\"2016-06-08\"," \
	"\"home\":\"WSH\",\"away\":\"LAD\",\"rot\":{\"home\":908,\"away\":907},\"odds\":[],\"source\":\"sbro\"}"
#define J9 "{\"kind\":\"game\",\"game_id\":\"2016-06-07-KC-TB-1\",\"season\":2016,\"date\":\"2016-06-07\"," \
	"\"home\":\"TB\",\"away\":\"KC\",\"rot\":{\"home\":903,\"away\":904}," \
	"\"odds\":[{\"book\":\"sbro\",\"tag\":\"open\",\"home_ml\":-105,\"away_ml\":-105,\"total\":8,\"over\":-110,\"under\":-110}," \
	"{\"book\":\"sbro\",\"tag\":\"close\",\"home_ml\":100,\"away_ml\":-110,\"total\":8.5,\"over\":100,\"under\":-120}]," \
	"\"result\":{\"home_score\":0,\"away_score\":1},\"source\":\"sbro\"}"

/* CRLF on line 3, line 4 empty, no newline at the end. */
#define TIDY TH "\n" T2 "\n" T3 "\r\n\n" T5 "\n" T6 "\n" T7 "\n" T8 "\n" T9

static void
test_tidy(void)
{
	struct run r;
	char *paths[2];

	paths[0] = write_str("tidy.csv", TIDY);
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_INT(r.n, 7, "tidy: 7 games");
	CHECK_STR(ids(&r), "2016-06-06-CHC-SF-1 2016-06-06-TB-KC-1 2016-06-07-TB-KC-1 "
	    "2016-06-07-TB-KC-2 2016-06-08-NYY-BOS-1 2016-06-08-LAD-WSH-1 2016-06-07-KC-TB-1",
	    "tidy: game ids (doubleheader -1, -2; KC at TB is another game)");
	CHECK_STR(lines(&r), "2,3,5,6,7,8,9", "tidy: first lines (empty line 4 counted)");
	CHECK_STR(json(&r, 0), J2, "tidy: a full row, run line on the close");
	CHECK_STR(json(&r, 1), J3, "tidy: NA moneylines left out, CRLF row, a tie kept");
	CHECK_STR(json(&r, 2), J5, "tidy: neutral site, no final score");
	CHECK_STR(json(&r, 3), J6, "tidy: second game of a doubleheader");
	CHECK_STR(json(&r, 4), J7, "tidy: NL close, the run line alone makes the close; +150");
	CHECK_STR(json(&r, 5), J8, "tidy: nothing but missing values");
	CHECK_STR(json(&r, 6), J9, "tidy: the last line without newline; +100 prices");
	if (r.n == 7) {
		const struct rt_sbro_game *g = &r.g[0];

		CHECK(g->season == 2016 && g->date == rt_days_from_civil(2016, 6, 6) &&
		    strcmp(g->home, "SF") == 0 && strcmp(g->away, "CHC") == 0 &&
		    g->home_rot == 902 && g->away_rot == 901 && !g->neutral &&
		    g->have_result && g->home_score == 3 && g->away_score == 5 &&
		    g->number == 1 && g->home_pitcher[0] == '\0' && g->away_pitcher[0] == '\0',
		    "tidy: the game struct");
		CHECK(g->open.have_home_ml && g->open.home_ml == 110 && g->open.have_away_ml &&
		    g->open.away_ml == -120 && g->open.have_total && g->open.total == 7.5 &&
		    g->close.have_over && g->close.over == -105 && g->close.have_under &&
		    g->close.under == -115 && g->have_home_rl && g->home_rl == 1.5 &&
		    g->have_away_rl_odds && g->away_rl_odds == 140, "tidy: the snapshots in the struct");
		CHECK(r.g[3].number == 2 && r.g[4].number == 1 && r.g[6].number == 1,
		    "tidy: doubleheader numbers in the struct");
		CHECK(!r.g[2].have_result && r.g[2].neutral, "tidy: no result, neutral in the struct");
		CHECK(!r.g[5].have_result && !r.g[5].open.have_home_ml && !r.g[5].close.have_total &&
		    !r.g[5].have_home_rl, "tidy: all missing in the struct");
	}
	CHECK_INT(r.status, RT_EX_OK, "tidy: status 0");
	CHECK_INT(r.release, 0, "tidy: release 0");
	CHECK_INT(r.after, 0, "tidy: 0 again after the end");
	CHECK_STR(r.err, "", "tidy: nothing on standard error");
	run_free(&r);

	/* The year argument is for raw files: a tidy row's season stands. */
	run(&r, paths, 1, NULL, 0, 2011);
	CHECK_INT(r.n, 7, "tidy with a year argument: 7 games");
	CHECK_STR(json(&r, 0), J2, "tidy with a year argument: the season from the row");
	run_free(&r);

	/* The same file twice: numbering restarts with each file's header. */
	paths[1] = paths[0];
	run(&r, paths, 2, NULL, 0, 0);
	CHECK_INT(r.n, 14, "tidy twice: 14 games");
	CHECK(r.n == 14 && strcmp(r.g[10].game_id, "2016-06-07-TB-KC-2") == 0 &&
	    strcmp(r.g[9].game_id, "2016-06-07-TB-KC-1") == 0 && r.g[9].line == 5,
	    "tidy twice: the second file numbered afresh");
	CHECK_STR(r.err, "", "tidy twice: nothing on standard error");
	run_free(&r);

	/* Empty lines before the header: the header is still the first line. */
	paths[0] = write_str("tidy-blank.csv", "\n\r\n" TH "\r\n" T2 "\r\n");
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_INT(r.n, 1, "tidy after empty lines: 1 game");
	CHECK_STR(json(&r, 0), J2, "tidy after empty lines, CRLF: the game");
	CHECK_STR(lines(&r), "4", "tidy after empty lines: line 4");
	CHECK_INT(r.status, RT_EX_OK, "tidy after empty lines: status 0");
	run_free(&r);

	/* No rotation numbers (NA, empty, not a number): no "rot". */
	paths[0] = write_str("tidy-rot.csv", TH "\n"
	    "2016,2016-06-08,NA,LOS,,908,WAS,NA,,,,,NA,NA,NA,NA,NA,NA,NA,,NL,NL,0\n"
	    "2016,2016-06-09,907,LOS,,,WAS,NA,,,,,NA,NA,NA,NA,NA,NA,NA,,NL,NL,0\n"
	    "2016,2016-06-10,x,LOS,,y,WAS,NA,,,,,NA,NA,NA,NA,NA,NA,NA,,NL,NL,0\n");
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_INT(r.n, 3, "tidy without rotation numbers: 3 games");
	CHECK_STR(json(&r, 0), "{\"kind\":\"game\",\"game_id\":\"2016-06-08-LAD-WSH-1\",\"season\":2016,"
	    "\"date\":\"2016-06-08\",\"home\":\"WSH\",\"away\":\"LAD\",\"odds\":[],\"source\":\"sbro\"}",
	    "tidy, visitor rotation NA: no rot");
	CHECK(strstr(json(&r, 1), "\"rot\"") == NULL, "tidy, home rotation empty: no rot");
	CHECK(strstr(json(&r, 2), "\"rot\"") == NULL, "tidy, rotation not a number: no rot");
	CHECK_INT(r.status, RT_EX_OK, "tidy without rotation numbers: status 0");
	run_free(&r);

	/* A header alone. */
	paths[0] = write_str("tidy-head.csv", TH "\n");
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_INT(r.n, 0, "tidy header alone: no game");
	CHECK_INT(r.status, RT_EX_OK, "tidy header alone: status 0");
	run_free(&r);
}

/* The raw file, CRLF throughout. */
#define R2 "606,901,V,CUB,JLESTER-L,0,1,0,2,0,0,0,2,0,5,-120,-130,-1.5,140,7.5,-110,7,-105"
#define R3 "606,902,H,SFG, MBUMGARNER-L,0,0,0,0,1,0,2,0,x,3,110,120,1.5,-160,7.5,-110,7,-115"
#define R5 "607,903,N,TAM,CARCHER-R,0,0,0,0,0,0,0,0,2,2,NL,105,1.5,-200,8,-110,8,-110"
#define R6 "607,904,N,KAN,YVENTURA-R  ,0,0,0,0,1,0,0,1,x,2,NL,-115,-1.5,170,8,-110,8,-110"
#define R7 "607,905,V,TAM,BSNELL-L,0,0,0,0,0,0,0,0,0,0,120,125,1.5,-170,8.5,-105,8.5,100"
#define R8 "607,906,H,KAN,DDUFFY-L,1,0,0,0,0,0,0,0,x,1,-130,-135,-1.5,150,8.5,-115,8.5,-120"
#define R9 "1231,907,V,NYY,,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,-110,NL,NL,NL,NL,NL,NL,NL"
#define R10 "1231,908,H,BOS,  ,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,100,NL,NL,NL,NL,NL,NL,NL"
#define R11 "0229,909,V,SEA,FHERNANDEZ-R,0,0,0,0,0,0,0,0,0,0,NL,NL,NL,NL,NL,NL,NL,NL"
#define R12 "0229,910,H,TEX,CHAMELS-L,0,0,0,0,0,0,0,0,0,1,NL,NL,NL,NL,NL,NL,NL,NL"
#define RAW RH "\r\n" R2 "\r\n" R3 "\r\n\r\n" R5 "\r\n" R6 "\r\n" R7 "\r\n" R8 "\r\n" \
	R9 "\r\n" R10 "\r\n" R11 "\r\n" R12 "\r\n"

#define JR2 "{\"kind\":\"game\",\"game_id\":\"2016-06-06-CHC-SF-1\",\"season\":2016,\"date\":\"2016-06-06\"," \
	"\"home\":\"SF\",\"away\":\"CHC\",\"rot\":{\"home\":902,\"away\":901}," \
	"\"pitchers\":{\"home\":\"MBUMGARNER-L\",\"away\":\"JLESTER-L\"}," \
	"\"odds\":[" OPEN_CHC_SF "," CLOSE_CHC_SF "],\"result\":{\"home_score\":3,\"away_score\":5},\"source\":\"sbro\"}"
#define JR5 "{\"kind\":\"game\",\"game_id\":\"2016-06-07-TB-KC-1\",\"season\":2016,\"date\":\"2016-06-07\"," \
	"\"home\":\"KC\",\"away\":\"TB\",\"neutral\":true,\"rot\":{\"home\":904,\"away\":903}," \
	"\"pitchers\":{\"home\":\"YVENTURA-R\",\"away\":\"CARCHER-R\"}," \
	"\"odds\":[{\"book\":\"sbro\",\"tag\":\"open\",\"total\":8,\"over\":-110,\"under\":-110}," \
	"{\"book\":\"sbro\",\"tag\":\"close\",\"home_ml\":-115,\"away_ml\":105,\"total\":8,\"over\":-110,\"under\":-110," \
	"\"home_rl\":-1.5,\"home_rl_odds\":170,\"away_rl\":1.5,\"away_rl_odds\":-200}]," \
	"\"result\":{\"home_score\":2,\"away_score\":2},\"source\":\"sbro\"}"
#define JR7 "{\"kind\":\"game\",\"game_id\":\"2016-06-07-TB-KC-2\",\"season\":2016,\"date\":\"2016-06-07\"," \
	"\"home\":\"KC\",\"away\":\"TB\",\"rot\":{\"home\":906,\"away\":905}," \
	"\"pitchers\":{\"home\":\"DDUFFY-L\",\"away\":\"BSNELL-L\"}," \
	"\"odds\":[{\"book\":\"sbro\",\"tag\":\"open\",\"home_ml\":-130,\"away_ml\":120,\"total\":8.5,\"over\":-105,\"under\":-115}," \
	"{\"book\":\"sbro\",\"tag\":\"close\",\"home_ml\":-135,\"away_ml\":125,\"total\":8.5,\"over\":100,\"under\":-120," \
	"\"home_rl\":-1.5,\"home_rl_odds\":150,\"away_rl\":1.5,\"away_rl_odds\":-170}]," \
	"\"result\":{\"home_score\":1,\"away_score\":0},\"source\":\"sbro\"}"
#define JR9 "{\"kind\":\"game\",\"game_id\":\"2016-12-31-NYY-BOS-1\",\"season\":2016,\"date\":\"2016-12-31\"," \
	"\"home\":\"BOS\",\"away\":\"NYY\",\"rot\":{\"home\":908,\"away\":907}," \
	"\"odds\":[{\"book\":\"sbro\",\"tag\":\"open\",\"home_ml\":100,\"away_ml\":-110}],\"source\":\"sbro\"}"
#define JR11 "{\"kind\":\"game\",\"game_id\":\"2016-02-29-SEA-TEX-1\",\"season\":2016,\"date\":\"2016-02-29\"," \
	"\"home\":\"TEX\",\"away\":\"SEA\",\"rot\":{\"home\":910,\"away\":909}," \
	"\"pitchers\":{\"home\":\"CHAMELS-L\",\"away\":\"FHERNANDEZ-R\"}," \
	"\"odds\":[],\"result\":{\"home_score\":1,\"away_score\":0},\"source\":\"sbro\"}"

/* s with every "2016-" made "2015-" and "2016," made "2015,". */
static char *
year2015(const char *s)
{
	char *t = rt_xstrdup(s), *p;

	for (p = t; (p = strstr(p, "2016")) != NULL; p += 4)
		if (p[4] == '-' || p[4] == ',')
			p[3] = '5';
	return t;
}

static void
test_raw(void)
{
	struct rt_buf want = RT_BUF_INIT;
	struct run r;
	char *paths[2], *rej, *w;

	paths[0] = write_str("mlb_odds_2016.csv", RAW);
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_INT(r.n, 5, "raw: 5 games");
	CHECK_STR(ids(&r), "2016-06-06-CHC-SF-1 2016-06-07-TB-KC-1 2016-06-07-TB-KC-2 "
	    "2016-12-31-NYY-BOS-1 2016-02-29-SEA-TEX-1", "raw: game ids, the year from the name");
	CHECK_STR(lines(&r), "2,5,7,9,11", "raw: a game's line is its visitor row's");
	CHECK_STR(json(&r, 0), JR2, "raw: a full pair, pitchers trimmed, the run line on the close");
	CHECK_STR(json(&r, 1), JR5, "raw: N N is a neutral site; NL moneylines left out");
	CHECK_STR(json(&r, 2), JR7, "raw: second game of a doubleheader");
	CHECK_STR(json(&r, 3), JR9, "raw: MMDD date, no pitchers, no result, open only");
	CHECK_STR(json(&r, 4), JR11, "raw: 0229 in a leap year");
	if (r.n == 5) {
		CHECK(r.g[0].season == 2016 && r.g[0].date == rt_days_from_civil(2016, 6, 6) &&
		    r.g[0].number == 1 && r.g[2].number == 2 && r.g[1].neutral &&
		    !r.g[2].neutral && !r.g[3].have_result && r.g[4].have_result,
		    "raw: the game structs");
		CHECK_STR(r.g[1].home_pitcher, "YVENTURA-R", "raw: trailing blanks trimmed");
		CHECK_STR(r.g[0].home_pitcher, "MBUMGARNER-L", "raw: leading blank trimmed");
		CHECK_STR(r.g[3].home_pitcher, "", "raw: a blank pitcher is empty");
	}
	CHECK_INT(r.status, RT_EX_OK, "raw: status 0");
	CHECK_INT(r.release, 0, "raw: release 0");
	CHECK_STR(r.err, "", "raw: nothing on standard error");
	run_free(&r);

	/* The year argument wins over the name: 2015 has no 29 February. */
	rej = tpath("raw-2015.rej");
	run(&r, paths, 1, rej, 0, 2015);
	CHECK_STR(ids(&r), "2015-06-06-CHC-SF-1 2015-06-07-TB-KC-1 2015-06-07-TB-KC-2 "
	    "2015-12-31-NYY-BOS-1", "raw, year 2015: the year argument wins over the name");
	w = year2015(JR2);
	CHECK_STR(json(&r, 0), w, "raw, year 2015: the season and the date");
	free(w);
	msg(&want, paths[0], 11, "date 2015-02-29 does not exist");
	CHECK_STR(r.err, want.p, "raw, year 2015: 29 February refused");
	check_file(rej, R11 "\r\n" R12 "\r\n", "raw, year 2015: both rows rejected, CRLF kept");
	CHECK_INT(r.status, RT_EX_DATAERR, "raw, year 2015: status 65");
	CHECK_INT(r.release, 0, "raw, year 2015: release 0");
	run_free(&r);
	rt_buf_reset(&want);

	/* The year from other names: the last 19xx or 20xx not followed by a digit. */
	paths[0] = write_str("sbro 2012 to 2014.csv", RH "\n" R2 "\n" R3 "\n");
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_STR(ids(&r), "2014-06-06-CHC-SF-1", "raw: the year from \"sbro 2012 to 2014.csv\"");
	run_free(&r);
	paths[0] = write_str("1999odds.csv", RH "\n" R2 "\n" R3 "\n");
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_STR(ids(&r), "1999-06-06-CHC-SF-1", "raw: the year from \"1999odds.csv\"");
	run_free(&r);

	/*
	 * No year: refused at the header.  Without a reject file reading
	 * stops there; with one, the header and every row of the file go
	 * to it (one message, for the header) and the next file is read.
	 */
	paths[0] = write_str("odds.csv", RAW);
	paths[1] = tpath("tidy.csv");
	run(&r, paths, 2, NULL, 0, 0);
	CHECK_INT(r.n, 0, "raw without a year: no game, the next file not read");
	msg(&want, paths[0], 1, "cannot tell the year of a raw SBRO file: name it "
	    "mlb_odds_YYYY.csv or give --year");
	CHECK_STR(r.err, want.p, "raw without a year: the message");
	CHECK_INT(r.status, RT_EX_DATAERR, "raw without a year: status 65");
	run_free(&r);
	rej = tpath("noyear.rej");
	run(&r, paths, 2, rej, 0, 0);
	CHECK_INT(r.n, 7, "raw without a year, reject: the next file's games");
	CHECK_STR(r.err, want.p, "raw without a year, reject: one message");
	CHECK_INT(r.status, RT_EX_DATAERR, "raw without a year, reject: status 65");
	check_file(rej, RH "\r\n" R2 "\r\n" R3 "\r\n" R5 "\r\n" R6 "\r\n" R7 "\r\n" R8 "\r\n"
	    R9 "\r\n" R10 "\r\n" R11 "\r\n" R12 "\r\n",
	    "raw without a year, reject: the whole file but its empty line");
	run_free(&r);
	rt_buf_reset(&want);
	paths[0] = write_str("mlb_odds_20161.csv", RAW);
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_INT(r.n, 0, "raw named 20161: no year, no game");
	CHECK_INT(r.status, RT_EX_DATAERR, "raw named 20161: status 65");
	run_free(&r);
	paths[0] = write_str("odds.csv", RAW);
	run(&r, paths, 1, NULL, 0, 2016);
	CHECK_INT(r.n, 5, "raw without a year in the name, year given: 5 games");
	CHECK_STR(json(&r, 0), JR2, "raw, year given: the same game");
	CHECK_INT(r.status, RT_EX_OK, "raw, year given: status 0");
	run_free(&r);

	/* Both layouts in one run, each told by its header. */
	paths[0] = tpath("tidy.csv");
	paths[1] = tpath("mlb_odds_2016.csv");
	run(&r, paths, 2, NULL, 0, 0);
	CHECK_INT(r.n, 12, "tidy then raw: 12 games");
	CHECK(r.n == 12 && strcmp(r.json[0], J2) == 0 && strcmp(r.json[7], JR2) == 0 &&
	    r.g[7].line == 2, "tidy then raw: each file read in its layout");
	CHECK_INT(r.status, RT_EX_OK, "tidy then raw: status 0");
	run_free(&r);

	/* Not a header: the same. */
	paths[0] = write_str("nohead.csv", "seas,date,rot\n" T2 "\n");
	rej = tpath("nohead.rej");
	run(&r, paths, 1, rej, 0, 0);
	CHECK_INT(r.n, 0, "no header: no game");
	msg(&want, paths[0], 1, "not an SBRO header (expected \"seas,date,v_rot,...\" "
	    "or \"Date,Rot,VH,...\")");
	CHECK_STR(r.err, want.p, "no header: the message");
	CHECK_INT(r.status, RT_EX_DATAERR, "no header: status 65");
	check_file(rej, "seas,date,rot\n" T2 "\n", "no header: the file rejected");
	run_free(&r);
	rt_buf_reset(&want);
	paths[0] = write_str("headless.csv", T2 "\n" T3 "\r\n");
	paths[1] = tpath("tidy.csv");
	run(&r, paths, 2, NULL, 0, 0);
	CHECK_INT(r.n, 0, "a row for a header: no game, the next file not read");
	msg(&want, paths[0], 1, "not an SBRO header (expected \"seas,date,v_rot,...\" "
	    "or \"Date,Rot,VH,...\")");
	CHECK_STR(r.err, want.p, "a row for a header: the message");
	CHECK_INT(r.status, RT_EX_DATAERR, "a row for a header: status 65");
	run_free(&r);
	rej = tpath("headless.rej");
	run(&r, paths, 2, rej, 0, 0);
	CHECK_INT(r.n, 7, "a row for a header, reject: the next file's games");
	CHECK(r.n == 7 && strcmp(r.json[0], J2) == 0, "a row for a header, reject: the next file whole");
	CHECK_STR(r.err, want.p, "a row for a header, reject: one message");
	check_file(rej, T2 "\n" T3 "\r\n", "a row for a header, reject: both rows rejected");
	CHECK_INT(r.status, RT_EX_DATAERR, "a row for a header, reject: status 65");
	run_free(&r);
	rt_buf_release(&want);
}

/* ---- bad rows --------------------------------------------------------- */

#define B3 "2018,2018-05-07,959,DET,6,960,TEX,7,-125,-219.5,1.5,-210,105,189.5,-1.5,176,9.5,-110,-110,NA,NA,NA,0"
#define B4 "2016,2016-06-07,903,XYZ,4,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0"
#define B5 "2019,2019-05-04,915,SFO,3,916,CIN,2,770,160,1.5,-170,-1235,-175,-1.5,150,8.5,-110,-110,8.5,-110,-110,0"
#define B6 "2016,2016-02-30,903,TAM,4,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0"
#define B7 "2016,2016-06-08,903,TAM,4,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,80,-110,-110,8,-110,-110,0"
#define B8 "2016,2016-06-09,903,TAM,4,904,KAN,1,95,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0"
#define B9 "2016,2016-06-09,903,TAM,4,904,KAN,1,115,110"
#define B10 "16,2016-06-09,903,TAM,4,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0"
#define B11 "2016,2016-06-09,903,TAM,4,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,2"
#define B12 "2016,2016-06-09,903,TAM,4,904,KAN,100,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0"
#define B13 "2016,2016-06-09,903,TAM,4,904,KAN,1,115,110,11,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0"
#define B14 "2016,2016-06-09,903,TAM,4,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,0,-110,-110,0"
#define B15 "2016,2016-06-09,903,TAM,4,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-99,0"
#define B16 "2016,2016-06-09,903,TAM,4,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0,0"
#define B17 "2016,2016-06-09,903,TAM,4,904,,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0"
#define B18 "2016,2016-06-10,903,TAM,4,904,KAN,1,-1000,110,1.5,-190,1000,-120,-1.5,160,8,-110,-110,40,-110,-110,0"
#define B19 "2016,2016-06-11,903,TAM,-1,904,KAN,1,115,110,1.5,-190,-125,-120,-1.5,160,8,-110,-110,8,-110,-110,0"

/* CRLF on line 9; no newline at the end. */
#define TIDY_BAD TH "\n" T2 "\n" B3 "\n" B4 "\n" B5 "\n" B6 "\n" B7 "\n" B8 "\n" B9 "\r\n" \
	B10 "\n" B11 "\n" B12 "\n" B13 "\n" B14 "\n" B15 "\n" B16 "\n" B17 "\n" B18 "\n" B19

static const struct {
	size_t line;
	const char *why;
} tidy_bad[] = {
	{ 3, "closing visitor moneyline -219.5 is not an American price" },
	{ 4, "unknown team code 'XYZ'" },
	{ 5, "opening home moneyline -1235 is beyond --max-price 1000 (a typo?)" },
	{ 6, "date '2016-02-30': day out of range for month" },
	{ 7, "opening total 80 is not a run total" },
	{ 8, "opening visitor moneyline 95 is not an American price" },
	{ 9, "10 fields, expected 23" },
	{ 10, "season '16' is not a year" },
	{ 11, "neutral '2' is not 0 or 1" },
	{ 12, "home score 100 is not a score" },
	{ 13, "visitor run line 11 is not a run line" },
	{ 14, "closing total 0 is not a run total" },
	{ 15, "closing under price -99 is not an American price" },
	{ 16, "24 fields, expected 23" },
	{ 17, "unknown team code ''" },
	{ 19, "visitor score -1 is not a score" },
};

static void
test_tidy_bad(void)
{
	struct rt_buf want = RT_BUF_INIT;
	struct run r;
	char *paths[1], *rej;
	size_t i;

	paths[0] = write_str("tidy-bad.csv", TIDY_BAD);

	/* Without a reject file: stop at the first. */
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_STR(ids(&r), "2016-06-06-CHC-SF-1", "tidy bad, no reject: the game before the bad row");
	CHECK_STR(json(&r, 0), J2, "tidy bad, no reject: that game whole");
	msg(&want, paths[0], 3, tidy_bad[0].why);
	CHECK_STR(r.err, want.p, "tidy bad, no reject: one message, FILE:LINE: reason");
	CHECK_INT(r.status, RT_EX_DATAERR, "tidy bad, no reject: status 65");
	CHECK_INT(r.release, 0, "tidy bad, no reject: release 0");
	CHECK_INT(r.after, 0, "tidy bad, no reject: stays stopped");
	run_free(&r);
	rt_buf_reset(&want);

	/* With one: every reason, the rows copied byte for byte. */
	rej = tpath("tidy-bad.rej");
	run(&r, paths, 1, rej, 0, 0);
	CHECK_STR(ids(&r), "2016-06-06-CHC-SF-1 2016-06-10-TB-KC-1",
	    "tidy bad, reject: the good rows only");
	CHECK_STR(lines(&r), "2,18", "tidy bad, reject: their lines");
	CHECK(r.n == 2 && r.g[1].open.away_ml == -1000 && r.g[1].open.home_ml == 1000 &&
	    r.g[1].close.total == 40, "tidy bad, reject: -1000, 1000 and a total of 40 pass");
	for (i = 0; i < NELEM(tidy_bad); i++)
		msg(&want, paths[0], tidy_bad[i].line, tidy_bad[i].why);
	CHECK_STR(r.err, want.p, "tidy bad, reject: every message");
	check_file(rej, B3 "\n" B4 "\n" B5 "\n" B6 "\n" B7 "\n" B8 "\n" B9 "\r\n" B10 "\n"
	    B11 "\n" B12 "\n" B13 "\n" B14 "\n" B15 "\n" B16 "\n" B17 "\n" B19,
	    "tidy bad, reject: the bad rows byte for byte");
	CHECK_INT(r.status, RT_EX_DATAERR, "tidy bad, reject: status 65");
	CHECK_INT(r.release, 0, "tidy bad, reject: release 0");
	run_free(&r);
	rt_buf_reset(&want);

	/* A higher max price lets -1235 through; 0 means the default 1000. */
	run(&r, paths, 1, rej, 2000, 0);
	CHECK_STR(ids(&r), "2016-06-06-CHC-SF-1 2019-05-04-SF-CIN-1 2016-06-10-TB-KC-1",
	    "tidy bad, max price 2000: the -1235 row is a game");
	CHECK(r.n == 3 && r.g[1].open.home_ml == -1235, "tidy bad, max price 2000: its price");
	CHECK(strstr(r.err, "-1235") == NULL && strstr(r.err, ":3: closing visitor") != NULL,
	    "tidy bad, max price 2000: -219.5 still bad");
	run_free(&r);
	run(&r, paths, 1, rej, 999, 0);
	CHECK(strstr(r.err, ":18: opening visitor moneyline -1000 is beyond --max-price 999 (a typo?)\n")
	    != NULL, "tidy bad, max price 999: -1000 is beyond it");
	CHECK_STR(ids(&r), "2016-06-06-CHC-SF-1", "tidy bad, max price 999: one game");
	run_free(&r);
	run(&r, paths, 1, rej, -5, 0);
	CHECK(strstr(r.err, ":5: opening home moneyline -1235 is beyond --max-price 1000 (a typo?)\n")
	    != NULL, "tidy bad, max price -5: the default 1000");
	run_free(&r);

	/* A row of 33 fields says so (MAXF is 32). */
	paths[0] = write_str("tidy-wide.csv", TH "\n" B16 ",0,0,0,0,0,0,0,0,0\n" T2 "\n");
	rej = tpath("tidy-wide.rej");
	run(&r, paths, 1, rej, 0, 0);
	CHECK_STR(ids(&r), "2016-06-06-CHC-SF-1", "tidy, 33 fields: the next row read");
	msg(&want, paths[0], 2, "33 fields, expected 23");
	CHECK_STR(r.err, want.p, "tidy, 33 fields: the count of fields");
	check_file(rej, B16 ",0,0,0,0,0,0,0,0,0\n", "tidy, 33 fields: rejected");
	run_free(&r);
	rt_buf_release(&want);
}

#define Q2 "606,901,V,CUB,JLESTER-L,0,1,0,2,0,0,0,2,0,5,-120,-130,-1.5,140,7.5,-110,7,-105"
#define Q3 "606,903,V,TAM,CARCHER-R,0,0,0,0,0,0,0,0,2,2,100,105,1.5,-200,8,-110,8,-110"
#define Q4 "606,904,H,KAN,YVENTURA-R,0,0,0,0,1,0,0,1,x,2,-110,-115,-1.5,170,8,-110,8,-110"
#define Q5 "631,905,V,TAM,CARCHER-R,0,0,0,0,0,0,0,0,2,2,100,105,1.5,-200,8,-110,8,-110"
#define Q6 "631,906,H,KAN,YVENTURA-R,0,0,0,0,1,0,0,1,x,2,-110,-115,-1.5,170,8,-110,8,-110"
#define Q7 "607,907,H,KAN,YVENTURA-R,0,0,0,0,1,0,0,1,x,2,-110,-115,-1.5,170,8,-110,8,-110"
#define Q8 "608,908,X,KAN,YVENTURA-R,0,0,0,0,1,0,0,1,x,2,-110,-115,-1.5,170,8,-110,8,-110"
#define Q9 "609,909,V,NYY,A,0,0,0,0,0,0,0,0,0,0,100,105,1.5,-200,8,-110,8,-110"
#define Q10 "610,910,H,BOS,B,0,0,0,0,0,0,0,0,0,1,-110,-115,-1.5,170,8,-110,8,-110"
#define Q11 "1301,911,V,NYY,A,0,0,0,0,0,0,0,0,0,0,100,105,1.5,-200,8,-110,8,-110"
#define Q12 "1301,912,H,BOS,B,0,0,0,0,0,0,0,0,0,1,-110,-115,-1.5,170,8,-110,8,-110"
#define Q13 "612,913,V,NYY,A,1,2"
#define Q14 "612,914,H,BOS,B,0,0,0,0,0,0,0,0,0,1,-110,-115,-1.5,170,8,-110,8,-110"
#define Q15 "613,915,V,ZZZ,A,0,0,0,0,0,0,0,0,0,0,100,105,1.5,-200,8,-110,8,-110"
#define Q16 "613,916,H,BOS,B,0,0,0,0,0,0,0,0,0,1,-110,-115,-1.5,170,8,-110,8,-110"
#define Q17 "614,917,V,NYY,A,0,0,0,0,0,0,0,0,0,0,100,105,1.5,-200,8,-110,8,-110"
#define Q18 "614,918,H,BOS,B,0,0,0,0,0,0,0,0,0,1,-110,abc,-1.5,170,8,-110,8,-110"
#define Q19 "615,919,V,NYY,A,0,0,0,0,0,0,0,0,0,0,100,105,1.5,-200,8,-110,8,-110"
#define Q20 "615,920,H,BOS,B,0,0,0,0,0,0,0,0,0,1,-110,-115,-1.5,170,8,-110,8,-110"
#define Q21 "junk"
#define Q22 "616,921,V,NYY,A,0,0,0,0,0,0,0,0,0,0,100,105,1.5,-200,8,-110,8,-110"

/* CRLF on lines 17 and 18; no newline at the end. */
#define RAW_BAD RH "\n" Q2 "\n" Q3 "\n" Q4 "\n" Q5 "\n" Q6 "\n" Q7 "\n" Q8 "\n" Q9 "\n" Q10 "\n" \
	Q11 "\n" Q12 "\n" Q13 "\n" Q14 "\n" Q15 "\n" Q16 "\n" Q17 "\r\n" Q18 "\r\n" Q19 "\n" Q20 "\n" \
	Q21 "\n" Q22

static const struct {
	size_t line;
	const char *why;
} raw_bad[] = {
	{ 2, "visitor row without its home row" },
	{ 5, "date 2017-06-31 does not exist" },
	{ 7, "home row without its visitor row" },
	{ 8, "VH is 'X', expected V, H or N" },
	{ 9, "home row dated '610', visitor row '609'" },
	{ 11, "date '1301' is not MDD or MMDD" },
	{ 13, "7 fields, expected 23" },
	{ 15, "unknown team code 'ZZZ'" },
	{ 17, "closing home moneyline abc is not an American price" },
	{ 21, "VH is '', expected V, H or N" },
	{ 22, "visitor row without its home row" },
};

static void
test_raw_bad(void)
{
	struct rt_buf want = RT_BUF_INIT;
	struct run r;
	char *paths[2], *rej;
	size_t i;

	paths[0] = write_str("mlb_odds_2017-bad.csv", RAW_BAD);

	/* Without a reject file: the unpaired visitor row stops it. */
	run(&r, paths, 1, NULL, 0, 0);
	CHECK_INT(r.n, 0, "raw bad, no reject: no game");
	msg(&want, paths[0], 2, raw_bad[0].why);
	CHECK_STR(r.err, want.p, "raw bad, no reject: one message, at the visitor row");
	CHECK_INT(r.status, RT_EX_DATAERR, "raw bad, no reject: status 65");
	CHECK_INT(r.release, 0, "raw bad, no reject: release 0");
	run_free(&r);
	rt_buf_reset(&want);

	rej = tpath("raw-bad.rej");
	run(&r, paths, 1, rej, 0, 0);
	CHECK_STR(ids(&r), "2017-06-06-TB-KC-1 2017-06-15-NYY-BOS-1", "raw bad, reject: the good pairs");
	CHECK_STR(lines(&r), "3,19", "raw bad, reject: their lines");
	for (i = 0; i < NELEM(raw_bad); i++)
		msg(&want, paths[0], raw_bad[i].line, raw_bad[i].why);
	CHECK_STR(r.err, want.p, "raw bad, reject: every message, at the visitor rows");
	check_file(rej, Q2 "\n" Q5 "\n" Q6 "\n" Q7 "\n" Q8 "\n" Q9 "\n" Q10 "\n" Q11 "\n"
	    Q12 "\n" Q13 "\n" Q14 "\n" Q15 "\n" Q16 "\n" Q17 "\r\n" Q18 "\r\n" Q21 "\n" Q22,
	    "raw bad, reject: both rows of each bad pair, byte for byte");
	CHECK_INT(r.status, RT_EX_DATAERR, "raw bad, reject: status 65");
	CHECK_INT(r.release, 0, "raw bad, reject: release 0");
	CHECK_INT(r.after, 0, "raw bad, reject: 0 again after the end");
	run_free(&r);
	rt_buf_reset(&want);

	/* Rows of 24 fields, the visitor's or the home's: both rows rejected. */
	paths[0] = write_str("mlb_odds_2019.csv", RH "\n" Q3 ",\n" Q4 "\n" Q3 "\n" Q4 ",0\n"
	    Q3 "\n" Q4 "\n");
	rej = tpath("wide.rej");
	run(&r, paths, 1, rej, 0, 0);
	CHECK_STR(ids(&r), "2019-06-06-TB-KC-1", "raw, 24 fields: the good pair only");
	msg(&want, paths[0], 2, "24 fields, expected 23");
	msg(&want, paths[0], 4, "24 fields, expected 23");
	CHECK_STR(r.err, want.p, "raw, 24 fields: the messages");
	check_file(rej, Q3 ",\n" Q4 "\n" Q3 "\n" Q4 ",0\n", "raw, 24 fields: the pairs rejected");
	run_free(&r);
	rt_buf_reset(&want);

	/*
	 * A visitor row left over at the end of one file is reported with
	 * that file's name and line, and the next file is read as usual.
	 */
	paths[0] = write_str("mlb_odds_2018.csv", RH "\n" Q3 "\n" Q4 "\n" Q19 "\n");
	paths[1] = tpath("tidy.csv");
	rej = tpath("two.rej");
	run(&r, paths, 2, rej, 0, 0);
	CHECK_INT(r.n, 8, "visitor row at the end of a file: the games of both files");
	CHECK(r.n == 8 && strcmp(r.g[0].game_id, "2018-06-06-TB-KC-1") == 0 &&
	    strcmp(r.json[1], J2) == 0, "visitor row at the end of a file: the games");
	msg(&want, paths[0], 4, "visitor row without its home row");
	CHECK_STR(r.err, want.p, "visitor row at the end of a file: named with its own file");
	check_file(rej, Q19 "\n", "visitor row at the end of a file: rejected");
	CHECK_INT(r.status, RT_EX_DATAERR, "visitor row at the end of a file: status 65");
	run_free(&r);
	rt_buf_reset(&want);

	/* A file that cannot be opened: named, the others read, status 74. */
	paths[0] = tpath("no-such-file.csv");
	paths[1] = tpath("tidy.csv");
	run(&r, paths, 2, NULL, 0, 0);
	CHECK_INT(r.n, 7, "missing file: the next file's games");
	rt_buf_addf(&want, "%s: cannot open '%s': No such file or directory\n", prog, paths[0]);
	CHECK_STR(r.err, want.p, "missing file: the message");
	CHECK_INT(r.status, RT_EX_IOERR, "missing file: status 74");
	run_free(&r);
	rt_buf_release(&want);
}

int
main(int argc, char **argv)
{
	size_t i;

	(void)argc;
	rt_err_init(argv[0]);
	prog = rt_err_prog();
	if (mkdtemp(dir) == NULL)
		rt_die(RT_EX_IOERR, "mkdtemp failed");
	errpath = tpath("stderr.txt");
	test_tidy();
	test_raw();
	test_tidy_bad();
	test_raw_bad();
	for (i = 0; i < nmade; i++) {
		unlink(made[i]);
		free(made[i]);
	}
	CHECK(rmdir(dir) == 0, "the test directory is removed");
	return rt_test_done();
}
