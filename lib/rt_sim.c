/* rt_sim: the simulated market (see rt_sim.h, docs/market-model.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rt_games.h"
#include "rt_hash.h"
#include "rt_odds.h"
#include "rt_sim.h"
#include "rt_strategy.h"
#include "rt_teams.h"
#include "rt_time.h"

const struct rt_sim_params RT_SIM_DEFAULTS = {
	.home_adv = 0.16,
	.strength_sd = 0.28,
	.drift_sd = 0.012,
	.pitcher_sd = 0.20,
	.total_mean = 8.8,
	.total_sd = 0.8,
	.open_noise = 0.10,
	.news_sd = 0.12,
	.sharp_noise = 0.03,
	.sharp_activity = 4.0,
	.sharp_threshold = 0.01,
	.sharp_stake = 3000,
	.market_speed = 0.45,
	.public_volume = 300,
	.public_stake = 60,
	.public_fav_bias = 1.0,
	.public_home_bias = 0.15,
	.public_popular_bias = 0.35,
	.public_over_bias = 0.35,
	.rec_shade = 0.04,
	.rec_follow = 0.35,
	.rec_lag_scale = 1.0,
	.margin_scale = 1.0,
};

static const char *const realistic[] = {
	"market_speed=0.25", "sharp_noise=0.03", "rec_follow=0.2", NULL
};
static const char *const defaults[] = { NULL };

const struct rt_sim_setting rt_sim_markets[] = {
	{ "default", "the defaults of the table", defaults },
	{ "realistic", "edges of a few points of ROI; the demo's and the benchmarks' market",
	    realistic },
	{ NULL, NULL, NULL }
};

const struct rt_sim_setting *
rt_sim_market_find(const char *name)
{
	int i;

	for (i = 0; rt_sim_markets[i].name != NULL; i++)
		if (strcmp(rt_sim_markets[i].name, name) == 0)
			return &rt_sim_markets[i];
	return NULL;
}

const char *const rt_sim_param_keys[] = {
	"home_adv", "strength_sd", "drift_sd", "pitcher_sd", "total_mean",
	"total_sd", "open_noise", "news_sd", "sharp_noise", "sharp_activity",
	"sharp_threshold", "sharp_stake", "market_speed", "public_volume",
	"public_stake", "public_fav_bias", "public_home_bias",
	"public_popular_bias", "public_over_bias", "rec_shade", "rec_follow",
	"rec_lag_scale", "margin_scale", NULL
};

const struct rt_sim_book rt_sim_books[RT_SIM_MAXBOOKS] = {
	{ "pinnacle", 1, 0.025, 0, 0, 0 },
	{ "circa", 1, 0.030, 0, 0, 0 },
	{ "draftkings", 0, 0.036, 10, 1, 1 },
	{ "fanduel", 0, 0.038, 15, 1, 1 },
	{ "betmgm", 0, 0.042, 25, 1, 1 },
	{ "caesars", 0, 0.042, 30, 1, 1 },
};

int
rt_sim_param_set(struct rt_sim_params *p, const char *key, const char *value,
    const char **why)
{
	double *slot[] = {
		&p->home_adv, &p->strength_sd, &p->drift_sd, &p->pitcher_sd,
		&p->total_mean, &p->total_sd, &p->open_noise, &p->news_sd, &p->sharp_noise,
		&p->sharp_activity, &p->sharp_threshold, &p->sharp_stake,
		&p->market_speed, &p->public_volume, &p->public_stake,
		&p->public_fav_bias, &p->public_home_bias, &p->public_popular_bias,
		&p->public_over_bias, &p->rec_shade, &p->rec_follow, &p->rec_lag_scale,
		&p->margin_scale
	};
	char *end;
	double v;
	size_t i;

	for (i = 0; rt_sim_param_keys[i] != NULL; i++)
		if (strcmp(rt_sim_param_keys[i], key) == 0)
			break;
	if (rt_sim_param_keys[i] == NULL) {
		*why = "unknown key";
		return -1;
	}
	v = strtod(value, &end);
	if (end == value || *end != '\0' || !isfinite(v) || v < -100 || v > 1e7) {
		*why = "not a number in range";
		return -1;
	}
	/* Spreads, rates, stakes and scales cannot be negative. */
	if (v < 0 && strcmp(key, "home_adv") != 0 && strcmp(key, "public_home_bias") != 0 &&
	    strcmp(key, "public_popular_bias") != 0 && strcmp(key, "public_over_bias") != 0 &&
	    strcmp(key, "public_fav_bias") != 0 && strcmp(key, "rec_shade") != 0) {
		*why = "must not be negative";
		return -1;
	}
	if ((strcmp(key, "market_speed") == 0 || strcmp(key, "rec_follow") == 0) && v > 1) {
		*why = "runs from 0 to 1";
		return -1;
	}
	*slot[i] = v;
	return 0;
}

/* ---- the schedule ------------------------------------------------------ */

#define SLOTS 62		/* three-day series slots, late March to late September */
#define SERIES 54		/* per team: 162 games */
#define TICK 300		/* market clock, seconds */
#define TICKS 324		/* 27 hours before first pitch */

struct sched_game {
	int32_t date;
	unsigned char home, away, number;
};

struct season {
	int year;
	int nteams;
	struct sched_game *games;	/* owned, by date */
	size_t ngames;
	double strength[RT_NTEAMS];
	double pitcher[RT_NTEAMS][5];
	int rotation[RT_NTEAMS];
	int32_t day;			/* strengths are as of this date */
	gsl_rng *rng;			/* owned: the season's own stream */
};

static gsl_rng *
rng_new(uint64_t seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	if (r == NULL)
		rt_die(RT_EX_SOFTWARE, "out of memory for a random generator");
	/* mt19937 takes an unsigned long; keep it the same on every host */
	gsl_rng_set(r, (unsigned long)(rt_mix64(seed) & 0xffffffffUL));
	return r;
}

static int
division(int t, int nteams)
{
	if (nteams != RT_NTEAMS)
		return 0;
	return (strcmp(rt_teams[t].league, "AL") == 0 ? 0 : 3) +
	    (strcmp(rt_teams[t].division, "East") == 0 ? 0 :
	    strcmp(rt_teams[t].division, "Central") == 0 ? 1 : 2);
}

/* Series each pair should play: division rivals 6, league 2, interleague 1 for 10 of 15. */
static void
targets(int n, int need[RT_NTEAMS][RT_NTEAMS])
{
	int a, b, al[15], nl[15], na = 0, nn = 0, j;

	memset(need, 0, sizeof(int) * RT_NTEAMS * RT_NTEAMS);
	if (n != RT_NTEAMS) {
		for (a = 0; a < n; a++)
			for (b = 0; b < n; b++)
				if (a != b)
					need[a][b] = (SERIES + n - 2) / (n - 1);
		return;
	}
	for (a = 0; a < n; a++) {
		if (division(a, n) < 3)
			al[na++] = a;
		else
			nl[nn++] = a;
		for (b = 0; b < n; b++) {
			if (a == b)
				continue;
			if (division(a, n) == division(b, n))
				need[a][b] = 6;
			else if ((division(a, n) < 3) == (division(b, n) < 3))
				need[a][b] = 2;
		}
	}
	for (a = 0; a < 15; a++)
		for (j = 0; j < 10; j++) {
			need[al[a]][nl[(a + j) % 15]] = 1;
			need[nl[(a + j) % 15]][al[a]] = 1;
		}
}

static int
cmp_game(const void *x, const void *y)
{
	const struct sched_game *a = x, *b = y;

	/* a total order: the same schedule whatever qsort does with ties */
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->home != b->home)
		return a->home < b->home ? -1 : 1;
	if (a->away != b->away)
		return a->away < b->away ? -1 : 1;
	return a->number < b->number ? -1 : a->number > b->number;
}

static void
season_init(struct season *s, int year, int nteams, uint64_t seed,
    const struct rt_sim_params *p)
{
	int need[RT_NTEAMS][RT_NTEAMS], left[RT_NTEAMS], homes[RT_NTEAMS];
	int play[RT_NTEAMS] = { 0 }, np, slot, i, j, k, t;
	int32_t day0 = rt_days_from_civil(year, 3, 28);
	size_t cap = (size_t)nteams * SERIES * 3 / 2 + 64;

	memset(s, 0, sizeof *s);
	s->year = year;
	s->nteams = nteams;
	s->rng = rng_new(seed * 1000003u + (uint64_t)year);
	s->games = rt_xcalloc(cap, sizeof *s->games);
	targets(nteams, need);
	for (t = 0; t < nteams; t++) {
		left[t] = SERIES;
		homes[t] = 0;
		s->strength[t] = gsl_ran_gaussian(s->rng, p->strength_sd);
		for (k = 0; k < 5; k++)
			s->pitcher[t][k] = gsl_ran_gaussian(s->rng, p->pitcher_sd);
		s->rotation[t] = (int)gsl_rng_uniform_int(s->rng, 5);
	}
	for (slot = 0; slot < SLOTS; slot++) {
		int rem = SLOTS - slot, sum = 0, want, used[RT_NTEAMS] = { 0 };
		double key[RT_NTEAMS];

		for (t = 0; t < nteams; t++)
			sum += left[t];
		want = (sum + rem - 1) / rem;
		want -= want % 2;
		/* Teams with no slack must play; the rest by most series left. */
		np = 0;
		for (t = 0; t < nteams; t++)
			key[t] = left[t] >= rem ? 1e9 : left[t] + gsl_rng_uniform(s->rng);
		while (np < want || np % 2 == 1) {
			int best = -1;

			for (t = 0; t < nteams; t++)
				if (!used[t] && left[t] > 0 && (best < 0 || key[t] > key[best]))
					best = t;
			if (best < 0)
				break;
			used[best] = 1;
			play[np++] = best;
		}
		if (np % 2 == 1)
			used[play[--np]] = 0;
		/* Pair the most constrained first with whom it most needs. */
		for (i = 0; i < np; i++)
			used[play[i]] = 2;
		for (;;) {
			int a = -1, b = -1, h, g;
			double bs = -1e18;

			for (i = 0; i < np; i++)
				if (used[play[i]] == 2 && (a < 0 || left[play[i]] > left[a]))
					a = play[i];
			if (a < 0)
				break;
			used[a] = 3;
			for (i = 0; i < np; i++) {
				double sc;

				if (used[play[i]] != 2)
					continue;
				sc = need[a][play[i]] + gsl_rng_uniform(s->rng) * 0.5;
				if (sc > bs) {
					bs = sc;
					b = play[i];
				}
			}
			if (b < 0)
				break;
			used[b] = 3;
			need[a][b]--;
			need[b][a]--;
			left[a]--;
			left[b]--;
			h = homes[a] < homes[b] ? a : homes[b] < homes[a] ? b :
			    gsl_rng_uniform_int(s->rng, 2) ? a : b;
			homes[h]++;
			/* Three games; now and then a rainout made up the next
			 * day as a doubleheader. */
			g = gsl_rng_uniform(s->rng) < 0.03 ? (int)gsl_rng_uniform_int(s->rng, 2) : -1;
			for (k = 0, j = 0; k < 3; k++) {
				int32_t d = day0 + slot * 3 + k;
				int n = 1;

				if (k == g)
					continue;	/* rained out */
				if (k == g + 1 && g >= 0)
					n = 2;
				for (; n > 0; n--, j++) {
					struct sched_game *sg = &s->games[s->ngames++];

					sg->date = d;
					sg->home = (unsigned char)h;
					sg->away = (unsigned char)(h == a ? b : a);
					sg->number = (unsigned char)(n == 2 && k == g + 1 ? 1 :
					    k == g + 1 && g >= 0 ? 2 : 1);
				}
			}
		}
	}
	qsort(s->games, s->ngames, sizeof *s->games, cmp_game);
	s->day = day0;
}

static void
season_release(struct season *s)
{
	free(s->games);
	gsl_rng_free(s->rng);
	s->games = NULL;
	s->rng = NULL;
}

/* Strengths drift one day at a time (slowly back toward the mean). */
static void
season_advance(struct season *s, int32_t to, const struct rt_sim_params *p)
{
	int t;

	for (; s->day < to; s->day++)
		for (t = 0; t < s->nteams; t++)
			s->strength[t] = 0.998 * s->strength[t] +
			    gsl_ran_gaussian(s->rng, p->drift_sd);
}

/* ---- one game's market -------------------------------------------------- */

static double
sigmoid(double x)
{
	return 1 / (1 + exp(-x));
}

static double
logit(double p)
{
	return log(p / (1 - p));
}

/* How popular a team is with the public (national brands). */
static double
popularity(int t, int nteams)
{
	static const char *const popular[] = { "NYY", "BOS", "LAD", "CHC", "ATL", "NYM" };
	static const double weight[] = { 1.0, 0.8, 0.8, 0.6, 0.3, 0.3 };
	size_t i;

	if (nteams != RT_NTEAMS)
		return 0;
	for (i = 0; i < sizeof popular / sizeof popular[0]; i++)
		if (strcmp(rt_teams[t].code, popular[i]) == 0)
			return weight[i];
	return 0;
}

struct price {
	long home, away, over, under;
	double total;
};

/* A two-way price from a fair probability q and a margin. */
static void
two_way(double q, double margin, int round5, long *a, long *b)
{
	double pa = q * (1 + margin), pb = (1 - q) * (1 + margin);
	long *out[2] = { a, b };
	double pp[2] = { pa, pb };
	int i;

	for (i = 0; i < 2; i++) {
		double p = pp[i] < 0.01 ? 0.01 : pp[i] > 0.99 ? 0.99 : pp[i];
		long o;

		if (rt_odds_from_decimal(1 / p, &o) == -1)
			o = p >= 0.5 ? -100 : 100;
		if (round5) {
			/* Recreational books quote in fives. */
			if (o < 0)
				o = -(((-o) + 2) / 5 * 5);
			else
				o = (o + 2) / 5 * 5;
			if (o > -100 && o < 100)
				o = o < 0 ? -100 : 100;
		}
		*out[i] = o;
	}
}

struct book_state {
	int open_tick;
	double line;		/* logit of the fair home probability */
	double own;		/* its own move on sharp money, decaying */
	double shade;		/* against its public liability */
	double q_over;		/* fair probability of the over */
	double total;
	double tk_home, tk_away, m_home, m_away;	/* tickets and money */
	double tk_over, tk_under, m_over, m_under;
	struct price last;	/* last price written */
	int written;
};

static void
book_price(const struct book_state *bs, const struct rt_sim_book *b, double scale,
    struct price *pr)
{
	double m = b->margin * scale;

	two_way(sigmoid(bs->line + bs->own + bs->shade), m, b->round5, &pr->home, &pr->away);
	two_way(bs->q_over, m, b->round5, &pr->over, &pr->under);
	pr->total = bs->total;
}

static double
implied(long o)
{
	return rt_odds_implied(o);
}

static void
emit_odds(struct rt_jw *w, int64_t t, const char *book, const char *tag,
    const struct price *p)
{
	char ts[RT_TIME_BUFSZ];

	rt_time_format(t, ts);
	rt_jw_obj(w);
	rt_jw_key(w, "t");
	rt_jw_str(w, ts);
	rt_jw_key(w, "book");
	rt_jw_str(w, book);
	if (tag != NULL) {
		rt_jw_key(w, "tag");
		rt_jw_str(w, tag);
	}
	rt_jw_key(w, "home_ml");
	rt_jw_int(w, p->home);
	rt_jw_key(w, "away_ml");
	rt_jw_int(w, p->away);
	rt_jw_key(w, "total");
	rt_jw_num(w, p->total);
	rt_jw_key(w, "over");
	rt_jw_int(w, p->over);
	rt_jw_key(w, "under");
	rt_jw_int(w, p->under);
	rt_jw_end(w);
}

static long
pct(double part, double all)
{
	return all > 0 ? lround(100 * part / all) : 50;
}

struct game_ctx {
	const struct season *s;
	const struct sched_game *g;
	int hp, ap;			/* the starters' rotation slots */
	const struct rt_sim_params *p;
	const struct rt_sim_opts *o;
	uint64_t seed;
	char id[48];
	int64_t start;
};

static double
round_half(double x)
{
	return floor(x * 2 + 0.5) / 2;
}

static void
write_game(struct game_ctx *c, struct rt_buf *out)
{
	const struct rt_sim_params *p = c->p;
	const struct sched_game *g = c->g;
	int h = g->home, a = g->away, nb = 0, bi[RT_SIM_MAXBOOKS] = { 0 };
	struct book_state bs[RT_SIM_MAXBOOKS];
	double sharp_hist[TICKS], lp, pt, exp_total, s_est, s_total, m0, t0;
	int sharp_at[64] = { 0 }, nsharp, i, k, tick, active_from, every, news_tick;
	double news;
	uint64_t hseed = c->seed;
	gsl_rng *r;
	struct rt_jw w;
	char d[RT_DATE_BUFSZ], ts[RT_TIME_BUFSZ];
	int home_won, hs, as, lam;
	double hp = c->s->pitcher[h][c->hp];
	double ap = c->s->pitcher[a][c->ap];

	for (i = 0; c->id[i]; i++)
		hseed = hseed * 131 + (unsigned char)c->id[i];
	r = rng_new(hseed);
	for (i = 0; i < RT_SIM_MAXBOOKS; i++)
		if (c->o->books & (1u << i))
			bi[nb++] = i;

	/* The hidden truth. */
	lp = c->s->strength[h] - c->s->strength[a] + p->home_adv + hp - ap;
	pt = sigmoid(lp);
	exp_total = p->total_mean + gsl_ran_gaussian(r, p->total_sd);
	exp_total = exp_total < 5.5 ? 5.5 : exp_total > 13 ? 13 : exp_total;

	/* News (lineups, weather, a scratched starter) moves the truth
	 * itself in the last hours; results come from the truth after it. */
	news_tick = TICKS - 12 - (int)gsl_rng_uniform_int(r, 60);
	news = gsl_ran_gaussian(r, p->news_sd);

	/* What the market and the sharps believe. */
	m0 = lp + gsl_ran_gaussian(r, p->open_noise);
	s_est = lp + gsl_ran_gaussian(r, p->sharp_noise);
	t0 = round_half(exp_total + gsl_ran_gaussian(r, 0.45));
	s_total = exp_total + gsl_ran_gaussian(r, 0.25);
	nsharp = (int)gsl_ran_poisson(r, p->sharp_activity);
	if (nsharp > 64)
		nsharp = 64;
	for (i = 0; i < nsharp; i++)
		sharp_at[i] = 8 + (int)gsl_rng_uniform_int(r, TICKS - 10);
	for (i = 1; i < nsharp; i++)	/* in time order */
		for (k = i; k > 0 && sharp_at[k - 1] > sharp_at[k]; k--) {
			int tmp = sharp_at[k];

			sharp_at[k] = sharp_at[k - 1];
			sharp_at[k - 1] = tmp;
		}
	memset(bs, 0, sizeof bs);
	for (k = 0; k < nb; k++) {
		const struct rt_sim_book *b = &rt_sim_books[bi[k]];

		bs[k].open_tick = b->sharp ? (bi[k] == 0 ? 0 : 6) :
		    24 + (int)gsl_rng_uniform_int(r, 13);
		bs[k].line = m0;
		bs[k].q_over = 0.5 + 0.03 * (exp_total + gsl_ran_gaussian(r, 0.45) - t0);
		bs[k].q_over = bs[k].q_over < 0.44 ? 0.44 : bs[k].q_over > 0.56 ? 0.56 : bs[k].q_over;
		bs[k].total = t0;
	}

	rt_date_format(g->date, d);
	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	rt_jw_key(&w, "kind");
	rt_jw_str(&w, "game");
	rt_jw_key(&w, "game_id");
	rt_jw_str(&w, c->id);
	rt_jw_key(&w, "season");
	rt_jw_int(&w, c->s->year);
	rt_jw_key(&w, "date");
	rt_jw_str(&w, d);
	rt_time_format(c->start, ts);
	rt_jw_key(&w, "start");
	rt_jw_str(&w, ts);
	rt_jw_key(&w, "home");
	rt_jw_str(&w, rt_teams[h].code);
	rt_jw_key(&w, "away");
	rt_jw_str(&w, rt_teams[a].code);
	rt_jw_key(&w, "pitchers");
	rt_jw_obj(&w);
	rt_jw_key(&w, "home");
	{
		char pn[16];

		snprintf(pn, sizeof pn, "%s-SP%d", rt_teams[h].code, c->hp + 1);
		rt_jw_str(&w, pn);
		rt_jw_key(&w, "away");
		snprintf(pn, sizeof pn, "%s-SP%d", rt_teams[a].code, c->ap + 1);
		rt_jw_str(&w, pn);
	}
	rt_jw_end(&w);

	/* The market, tick by tick; odds written when they change, splits
	 * at the cadence, everything in time order. */
	{
		struct rt_buf splits = RT_BUF_INIT;
		struct rt_jw sw;
		int next_sharp = 0;
		double vol_norm = 0;

		rt_jw_init(&sw, &splits);
		for (tick = 0; tick < TICKS; tick++)
			vol_norm += exp((tick - TICKS) / 60.0);
		every = c->o->interval_min * 60 / TICK;
		if (every < 1)
			every = 1;
		active_from = TICKS - c->o->active_hours * 3600 / TICK;
		if (active_from < 1)
			active_from = 1;
		rt_jw_key(&w, "odds");
		rt_jw_arr(&w);
		for (tick = 0; tick < TICKS; tick++) {
			int64_t t = c->start - (int64_t)(TICKS - tick) * TICK;
			int last = tick == TICKS - 1;
			int cadence = tick >= active_from && (TICKS - 1 - tick) % every == 0;

			if (tick == news_tick) {
				/* Everyone hears it; the sharp books price it in at once. */
				lp += news;
				s_est += news;
				for (k = 0; k < nb; k++)
					if (rt_sim_books[bi[k]].sharp)
						bs[k].line += news;
			}
			/* Sharp money: bets where its estimate finds an edge,
			 * at every open book, and moves the line it hits. */
			while (next_sharp < nsharp && sharp_at[next_sharp] == tick) {
				next_sharp++;
				for (k = 0; k < nb; k++) {
					const struct rt_sim_book *b = &rt_sim_books[bi[k]];
					struct price pr;
					double ps = sigmoid(s_est), stake, eh, ea;

					if (tick < bs[k].open_tick)
						continue;
					book_price(&bs[k], b, p->margin_scale, &pr);
					/* expected return per unit at this price */
					eh = ps / implied(pr.home) - 1;
					ea = (1 - ps) / implied(pr.away) - 1;
					stake = p->sharp_stake * gsl_ran_lognormal(r, -0.125, 0.5);
					if (eh > p->sharp_threshold || ea > p->sharp_threshold) {
						int home = eh > ea;
						double gap = s_est - (bs[k].line + bs[k].own + bs[k].shade);

						if (home) {
							bs[k].tk_home += 1;
							bs[k].m_home += stake;
						} else {
							bs[k].tk_away += 1;
							bs[k].m_away += stake;
						}
						if (b->sharp)
							bs[k].line += p->market_speed * gap;
						else
							bs[k].own += 0.5 * p->market_speed * gap;
					}
					/* totals: a run-sized disagreement is worth a bet */
					if (fabs(s_total - bs[k].total) > 0.35) {
						int over = s_total > bs[k].total;

						if (over) {
							bs[k].tk_over += 1;
							bs[k].m_over += stake;
						} else {
							bs[k].tk_under += 1;
							bs[k].m_under += stake;
						}
						bs[k].q_over += (over ? 1 : -1) * 0.025 * (0.5 + p->market_speed);
						if (fabs(bs[k].q_over - 0.5) > 0.07) {
							bs[k].total += bs[k].q_over > 0.5 ? 0.5 : -0.5;
							bs[k].q_over = 0.5;
						}
					}
				}
			}
			/* The sharp books' line as it was, for the followers. */
			sharp_hist[tick] = bs[0].line;
			for (k = 0; k < nb; k++) {
				const struct rt_sim_book *b = &rt_sim_books[bi[k]];
				double lam_t, ph, po, all;
				unsigned n, j;

				if (b->sharp || tick < bs[k].open_tick)
					continue;
				{
					int lag = (int)lround(b->lag_min * p->rec_lag_scale * 60 / TICK);
					int from = tick - lag < 0 ? 0 : tick - lag;

					/* Slow books take only part of the sharp
					 * books' move since the open, and late. */
					bs[k].line = m0 + p->rec_follow * (sharp_hist[from] - m0);
				}
				bs[k].own *= 0.97;
				/* Public tickets, more as first pitch nears. */
				lam_t = p->public_volume * exp((tick - TICKS) / 60.0) / vol_norm;
				n = gsl_ran_poisson(r, lam_t);
				ph = sigmoid(p->public_fav_bias * 4 * (sigmoid(bs[k].line) - 0.5) +
				    p->public_home_bias + p->public_popular_bias *
				    (popularity(h, c->s->nteams) - popularity(a, c->s->nteams)));
				po = sigmoid(p->public_over_bias);
				for (j = 0; j < n; j++) {
					double st = p->public_stake * gsl_ran_lognormal(r, -0.5, 1.0);

					if (gsl_rng_uniform(r) < ph) {
						bs[k].tk_home += 1;
						bs[k].m_home += st;
					} else {
						bs[k].tk_away += 1;
						bs[k].m_away += st;
					}
					if (gsl_rng_uniform(r) < po) {
						bs[k].tk_over += 1;
						bs[k].m_over += st;
					} else {
						bs[k].tk_under += 1;
						bs[k].m_under += st;
					}
				}
				all = bs[k].m_home + bs[k].m_away;
				/* Liability: make the side the public loads up on dearer. */
				bs[k].shade = all > 0 ? p->rec_shade *
				    (bs[k].m_home - bs[k].m_away) / (all + 5000) : 0;
			}
			for (k = 0; k < nb; k++) {
				const struct rt_sim_book *b = &rt_sim_books[bi[k]];
				struct price pr;
				const char *tag = NULL;

				if (tick < bs[k].open_tick)
					continue;
				book_price(&bs[k], b, p->margin_scale, &pr);
				if (!bs[k].written)
					tag = "open";
				else if (last)
					tag = "close";
				else if (!cadence || memcmp(&pr, &bs[k].last, sizeof pr) == 0)
					continue;
				emit_odds(&w, t, b->name, tag, &pr);
				bs[k].last = pr;
				bs[k].written = 1;
			}
			if (cadence)
				for (k = 0; k < nb; k++) {
					const struct rt_sim_book *b = &rt_sim_books[bi[k]];
					double tk = bs[k].tk_home + bs[k].tk_away;

					if (!b->splits || tick < bs[k].open_tick || tk == 0)
						continue;
					rt_time_format(t, ts);
					rt_jw_obj(&sw);
					rt_jw_key(&sw, "t");
					rt_jw_str(&sw, ts);
					rt_jw_key(&sw, "book");
					rt_jw_str(&sw, b->name);
					rt_jw_key(&sw, "home_bets_pct");
					rt_jw_int(&sw, pct(bs[k].tk_home, tk));
					rt_jw_key(&sw, "home_money_pct");
					rt_jw_int(&sw, pct(bs[k].m_home, bs[k].m_home + bs[k].m_away));
					rt_jw_key(&sw, "over_bets_pct");
					rt_jw_int(&sw, pct(bs[k].tk_over, bs[k].tk_over + bs[k].tk_under));
					rt_jw_key(&sw, "over_money_pct");
					rt_jw_int(&sw, pct(bs[k].m_over, bs[k].m_over + bs[k].m_under));
					rt_jw_key(&sw, "tickets");
					rt_jw_int(&sw, (int64_t)tk);
					rt_jw_end(&sw);
				}
		}
		rt_jw_end(&w);
		rt_jw_key(&w, "splits");
		rt_jw_arr(&w);
		if (splits.len > 0)
			rt_jw_raw(&w, splits.p, splits.len);
		rt_jw_end(&w);
		rt_buf_release(&splits);
	}

	/* The result, drawn from the truth on a stream of its own, so that
	 * it does not depend on which books are simulated. */
	gsl_rng_free(r);
	r = rng_new(hseed ^ UINT64_C(0x9e3779b97f4a7c15));
	pt = sigmoid(lp);
	home_won = gsl_rng_uniform(r) < pt;
	lam = 0;
	{
		double ll = (exp_total - 1 - 1.6) / 2;
		unsigned lo = gsl_ran_poisson(r, ll < 0.5 ? 0.5 : ll);
		unsigned hi = lo + 1 + gsl_ran_poisson(r, 1.6);

		hs = (int)(home_won ? hi : lo);
		as = (int)(home_won ? lo : hi);
		(void)lam;
	}
	rt_jw_key(&w, "result");
	rt_jw_obj(&w);
	rt_jw_key(&w, "home_score");
	rt_jw_int(&w, hs);
	rt_jw_key(&w, "away_score");
	rt_jw_int(&w, as);
	rt_time_format(c->start + 10200 + (int64_t)gsl_ran_gaussian(r, 900), ts);
	rt_jw_key(&w, "final_at");
	rt_jw_str(&w, ts);
	rt_jw_end(&w);
	if (c->o->truth) {
		rt_jw_key(&w, "truth");
		rt_jw_obj(&w);
		rt_jw_key(&w, "p_home");
		rt_jw_num(&w, round(pt * 1e6) / 1e6);
		rt_jw_key(&w, "exp_total");
		rt_jw_num(&w, round(exp_total * 1e4) / 1e4);
		rt_jw_key(&w, "sharp_p_home");
		rt_jw_num(&w, round(sigmoid(s_est) * 1e6) / 1e6);
		rt_jw_key(&w, "open_p_home");
		rt_jw_num(&w, round(sigmoid(m0) * 1e6) / 1e6);
		rt_jw_end(&w);
	}
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
	gsl_rng_free(r);
	(void)logit;
}

/* ---- the run ------------------------------------------------------------ */

/* The parameters in force on a date: defaults, then every regime up to it. */
static void
params_on(const struct rt_sim_opts *o, int32_t date, struct rt_sim_params *p)
{
	size_t i;
	const char *why;

	*p = RT_SIM_DEFAULTS;
	for (i = 0; o->market != NULL && o->market->settings[i] != NULL; i++) {
		char key[32];
		const char *set = o->market->settings[i], *eq = strchr(set, '=');

		snprintf(key, sizeof key, "%.*s", (int)(eq - set), set);
		(void)rt_sim_param_set(p, key, eq + 1, &why);
	}
	for (i = 0; i < o->nregimes; i++)
		if (o->regimes[i].from <= date)
			(void)rt_sim_param_set(p, o->regimes[i].key, o->regimes[i].value, &why);
}

struct day_game {
	int64_t start;
	char id[48];
	size_t idx;
	int hp, ap;
};

static int
cmp_day(const void *x, const void *y)
{
	const struct day_game *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return strcmp(a->id, b->id);
}

int
rt_sim_run(const struct rt_sim_opts *o,
    int (*emit)(const char *line, size_t len, void *arg), void *arg)
{
	int y0, y1, year, m, dd, rc = 0;
	struct rt_buf out = RT_BUF_INIT;
	struct rt_sim_params p;

	rt_civil_from_days(o->from, &y0, &m, &dd);
	rt_civil_from_days(o->to, &y1, &m, &dd);
	for (year = y0; year <= y1 && rc == 0; year++) {
		struct season s;
		size_t i = 0, j;

		params_on(o, rt_days_from_civil(year, 3, 28), &p);
		season_init(&s, year, o->nteams, o->seed, &p);
		while (i < s.ngames && rc == 0) {
			int32_t date = s.games[i].date;
			struct day_game dg[64] = { { 0, { 0 }, 0, 0, 0 } };
			size_t n = 0;

			params_on(o, date, &p);
			season_advance(&s, date, &p);
			for (j = i; j < s.ngames && s.games[j].date == date && n < 64; j++, n++) {
				const struct sched_game *g = &s.games[j];
				char d[RT_DATE_BUFSZ];
				gsl_rng *tr;
				double u;
				int64_t st;

				rt_date_format(date, d);
				snprintf(dg[n].id, sizeof dg[n].id, "%s-%s-%s-%d", d,
				    rt_teams[g->away].code, rt_teams[g->home].code, g->number);
				tr = rng_new(o->seed ^ rt_mix64((uint64_t)date * 977 + g->home * 31 + g->away + g->number));
				u = gsl_rng_uniform(tr);
				gsl_rng_free(tr);
				/* First pitch, UTC: day games, evening games, the west coast. */
				st = rt_date_time(date) + (u < 0.15 ? 17 * 3600 + 300 :
				    u < 0.25 ? 20 * 3600 + 600 : u < 0.65 ? 23 * 3600 + 300 :
				    u < 0.80 ? 24 * 3600 + 600 : 26 * 3600 + 600);
				if (g->number == 2)
					st = rt_date_time(date) + 23 * 3600 + 300;
				else if (j + 1 < s.ngames && s.games[j + 1].date == date &&
				    s.games[j + 1].home == g->home && s.games[j + 1].number == 2)
					st = rt_date_time(date) + 17 * 3600 + 300;
				dg[n].start = st;
				dg[n].idx = j;
				/* Starters take their turn game by game, in schedule
				 * order, whether or not the day is written. */
				dg[n].hp = s.rotation[g->home];
				dg[n].ap = s.rotation[g->away];
				s.rotation[g->home] = (s.rotation[g->home] + 1) % 5;
				s.rotation[g->away] = (s.rotation[g->away] + 1) % 5;
			}
			if (date >= o->from && date <= o->to) {
				qsort(dg, n, sizeof dg[0], cmp_day);
				for (j = 0; j < n && rc == 0; j++) {
					struct game_ctx c;

					c.s = &s;
					c.g = &s.games[dg[j].idx];
					c.p = &p;
					c.o = o;
					c.seed = o->seed;
					c.start = dg[j].start;
					c.hp = dg[j].hp;
					c.ap = dg[j].ap;
					memcpy(c.id, dg[j].id, sizeof c.id);
					rt_buf_reset(&out);
					write_game(&c, &out);
					if (emit(out.p, out.len, arg) == -1)
						rc = -1;
				}
			}
			i += n;
			if (date > o->to)
				break;
		}
		season_release(&s);
	}
	rt_buf_release(&out);
	return rc;
}

/* ---- --redraw-results --------------------------------------------------- */

/* The draw's seed: (seed, game_id) only, on a stream apart from the
 * simulator's own (FNV-1a of the id, a constant for "redraw"). */
static uint64_t
redraw_key(uint64_t seed, const char *id)
{
	return rt_mix64(seed ^ UINT64_C(0x7265647261772121)) ^ rt_fnv1a64(RT_FNV64_INIT, id);
}

enum rt_sim_redraw
rt_sim_redraw(const struct rt_json *game, uint64_t seed, const char *book,
    struct rt_buf *out, struct rt_buf *err)
{
	struct rt_games gs;
	const struct rt_game *g;
	const struct rt_json *m, *r;
	struct rt_jw w;
	gsl_rng *rng;
	double fair = -1;
	int b, ref = -1, idx, home_won, hs, as, win, lose;

	/* Decoded as every reader of games decodes them: what rt-backtest
	 * and rt-metrics reject is bad input here too. */
	rt_games_init(&gs);
	if (rt_games_add(&gs, game, err) == -1) {
		rt_games_release(&gs);
		return RT_SIM_REDRAW_BAD;
	}
	g = &gs.v[0];
	if (!g->has_result) {
		rt_games_release(&gs);
		return RT_SIM_REDRAW_NO_RESULT;
	}
	if (book != NULL) {
		idx = rt_games_book(&gs, book);
		for (b = 0; b < g->nbooks && idx >= 0; b++)
			if (g->books[b].book == idx)
				ref = b;
	} else {
		ref = rt_ref_book(&gs, g);	/* rt_market_features' choice */
	}
	if (ref >= 0)
		fair = rt_fair_home(rt_book_close(&g->books[ref]));
	if (!(fair > 0 && fair < 1)) {
		rt_games_release(&gs);
		return RT_SIM_REDRAW_NO_PRICE;
	}
	rng = rng_new(redraw_key(seed, g->id));
	home_won = gsl_rng_uniform(rng) < fair;
	gsl_rng_free(rng);
	hs = g->home_score;
	as = g->away_score;
	rt_games_release(&gs);

	/* The winner's runs and the loser's: the original pair, ordered, when
	 * it has a winner; from a tie k-k, k+1 and k-1 (the same total); from
	 * 0-0, 1 and 0. */
	win = hs > as ? hs : as;
	lose = hs > as ? as : hs;
	if (hs == as) {
		win = hs + 1;
		lose = hs > 0 ? hs - 1 : 0;
	}
	if ((home_won ? win : lose) == hs && (home_won ? lose : win) == as)
		return RT_SIM_REDRAW_SAME;
	hs = home_won ? win : lose;
	as = home_won ? lose : win;

	rt_jw_init(&w, out);
	rt_jw_obj(&w);
	for (m = rt_json_first(game); m != NULL; m = rt_json_next(m)) {
		rt_jw_key(&w, rt_json_key(m));
		if (strcmp(rt_json_key(m), "result") != 0) {
			rt_jw_value(&w, m);
			continue;
		}
		rt_jw_obj(&w);
		for (r = rt_json_first(m); r != NULL; r = rt_json_next(r)) {
			rt_jw_key(&w, rt_json_key(r));
			if (strcmp(rt_json_key(r), "home_score") == 0)
				rt_jw_int(&w, hs);
			else if (strcmp(rt_json_key(r), "away_score") == 0)
				rt_jw_int(&w, as);
			else
				rt_jw_value(&w, r);
		}
		rt_jw_end(&w);
	}
	rt_jw_end(&w);
	rt_buf_addc(out, '\n');
	return RT_SIM_REDRAW_DONE;
}
