/* rt_realism: market realism measures (see rt_realism.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "rt_buf.h"
#include "rt_odds.h"
#include "rt_realism.h"
#include "rt_time.h"

void
rt_realism_init(struct rt_realism *r, const char *label)
{
	memset(r, 0, sizeof *r);
	r->label = label;
	r->decision_min = 30;
	r->threshold = 10;
}

void
rt_realism_release(struct rt_realism *r)
{
	free(r->moves);
	r->moves = NULL;
}

static int
ml(const struct rt_json *snap, const char *key, long *o)
{
	int64_t v;

	if (rt_json_int(rt_json_get(snap, key), &v) == -1 || !rt_odds_valid((long)v))
		return -1;
	*o = (long)v;
	return 0;
}

/* Fair home probability of a snapshot, or -1. */
static double
fair_home(const struct rt_json *snap)
{
	long h, a;
	double p[2], f[2];

	if (ml(snap, "home_ml", &h) == -1 || ml(snap, "away_ml", &a) == -1)
		return -1;
	p[0] = rt_odds_implied(h);
	p[1] = rt_odds_implied(a);
	if (rt_odds_devig(RT_DEVIG_MULTIPLICATIVE, p, 2, f, NULL) == -1)
		return -1;
	return f[0];
}

static int
book_slot(struct rt_realism *r, const char *book)
{
	int i;

	/* a name that does not fit its slot would never match again */
	if (strlen(book) >= sizeof r->books[0])
		return -1;
	for (i = 0; i < r->nbooks; i++)
		if (strcmp(r->books[i], book) == 0)
			return i;
	if (r->nbooks == RT_REALISM_BOOKS)
		return -1;
	snprintf(r->books[r->nbooks], sizeof r->books[0], "%s", book);
	return r->nbooks++;
}

static int64_t
snap_time(const struct rt_json *s)
{
	const char *t = rt_json_str(rt_json_get(s, "t"));
	int64_t v;

	if (t == NULL || rt_time_parse(t, strlen(t), &v, NULL) == -1)
		return INT64_MIN;
	return v;
}

/* The follow-the-money rule, scored with the game's hidden truth. */
static void
follow(struct rt_realism *r, const struct rt_json *g, const struct rt_json *odds)
{
	const struct rt_json *truth = rt_json_get(g, "truth"), *splits, *s;
	const char *start = rt_json_str(rt_json_get(g, "start"));
	double p_home, diff = 0, best_dec = 0;
	int64_t t0, at;
	int nb = 0, side, i;
	struct { char book[64]; double d; } last[RT_REALISM_BOOKS];

	if (truth == NULL || start == NULL ||
	    rt_json_num(rt_json_get(truth, "p_home"), &p_home) == -1 ||
	    rt_time_parse(start, strlen(start), &t0, NULL) == -1)
		return;
	r->with_truth++;
	at = t0 - (int64_t)r->decision_min * 60;
	splits = rt_json_get(g, "splits");
	for (s = rt_json_first(splits); s != NULL; s = rt_json_next(s)) {
		const char *book = rt_json_str(rt_json_get(s, "book"));
		double hb, hm;

		if (book == NULL || strlen(book) >= sizeof last[0].book || snap_time(s) > at ||
		    rt_json_num(rt_json_get(s, "home_bets_pct"), &hb) == -1 ||
		    rt_json_num(rt_json_get(s, "home_money_pct"), &hm) == -1)
			continue;
		for (i = 0; i < nb; i++)
			if (strcmp(last[i].book, book) == 0)
				break;
		if (i == nb) {
			if (nb == RT_REALISM_BOOKS)
				continue;
			snprintf(last[nb++].book, sizeof last[0].book, "%s", book);
		}
		last[i].d = hm - hb;	/* snapshots are in time order */
	}
	if (nb == 0)
		return;
	for (i = 0; i < nb; i++)
		diff += last[i].d;
	diff /= nb;
	if (diff >= r->threshold)
		side = 1;
	else if (diff <= -r->threshold)
		side = 0;
	else
		return;
	{
		/* latest price per book at the decision time */
		char books[RT_REALISM_BOOKS][64];
		double dec[RT_REALISM_BOOKS];
		int n = 0, j;

		for (s = rt_json_first(odds); s != NULL; s = rt_json_next(s)) {
			const char *book = rt_json_str(rt_json_get(s, "book"));
			long o;

			if (book == NULL || strlen(book) >= sizeof books[0] || snap_time(s) > at ||
			    ml(s, side ? "home_ml" : "away_ml", &o) == -1)
				continue;
			for (j = 0; j < n; j++)
				if (strcmp(books[j], book) == 0)
					break;
			if (j == n) {
				if (n == RT_REALISM_BOOKS)
					continue;
				snprintf(books[n++], sizeof books[0], "%s", book);
			}
			dec[j] = rt_odds_decimal(o);
		}
		for (j = 0; j < n; j++)
			if (dec[j] > best_dec)
				best_dec = dec[j];
	}
	if (best_dec <= 1)
		return;
	r->follow_bets++;
	r->follow_ev += (side ? p_home : 1 - p_home) * best_dec - 1;
}

int
rt_realism_add(struct rt_realism *r, const struct rt_json *g)
{
	const struct rt_json *odds = rt_json_get(g, "odds"), *res, *s;
	const struct rt_json *open = NULL, *close = NULL, *first = NULL;
	const char *refbook = NULL;
	double po, pc;
	int64_t hs, as;
	int bin, home_won, slot;

	if (rt_json_type(odds) != RT_JSON_ARRAY)
		return -1;
	for (s = rt_json_first(odds); s != NULL; s = rt_json_next(s)) {
		const char *book = rt_json_str(rt_json_get(s, "book"));

		if (book == NULL)
			continue;
		if (first == NULL)
			first = s;
		if (strcmp(book, "pinnacle") == 0)
			refbook = "pinnacle";
	}
	if (first == NULL)
		return -1;
	if (refbook == NULL)
		refbook = rt_json_str(rt_json_get(first, "book"));
	/* Per book: the first snapshot opens, the last closes. */
	{
		const struct rt_json *last[RT_REALISM_BOOKS] = { NULL };

		for (s = rt_json_first(odds); s != NULL; s = rt_json_next(s)) {
			const char *book = rt_json_str(rt_json_get(s, "book"));

			if (book == NULL)
				continue;
			if (strcmp(book, refbook) == 0) {
				if (open == NULL)
					open = s;
				close = s;
			}
			if ((slot = book_slot(r, book)) >= 0)
				last[slot] = s;
		}
		if (open == NULL || (po = fair_home(open)) < 0 || (pc = fair_home(close)) < 0)
			return -1;
		for (slot = 0; slot < r->nbooks; slot++) {
			long h, a;

			if (last[slot] && ml(last[slot], "home_ml", &h) == 0 &&
			    ml(last[slot], "away_ml", &a) == 0) {
				r->margin_sum[slot] += rt_odds_implied(h) + rt_odds_implied(a) - 1;
				r->margin_n[slot]++;
			}
		}
	}
	r->games++;
	if (r->nmoves == r->capmoves) {
		r->capmoves = r->capmoves ? r->capmoves * 2 : 4096;
		r->moves = rt_xrealloc(r->moves, r->capmoves * sizeof *r->moves);
	}
	r->moves[r->nmoves++] = fabs(pc - po);
	follow(r, g, odds);
	res = rt_json_get(g, "result");
	if (rt_json_int(rt_json_get(res, "home_score"), &hs) == -1 ||
	    rt_json_int(rt_json_get(res, "away_score"), &as) == -1 || hs == as)
		return 0;
	home_won = hs > as;
	r->decided++;
	/* A pick'em has no favourite. */
	if (pc != 0.5) {
		r->with_fav++;
		if ((pc > 0.5) == home_won)
			r->fav_wins++;
	}
	r->ll_open -= log(home_won ? po : 1 - po);
	r->ll_close -= log(home_won ? pc : 1 - pc);
	bin = (int)(pc * 10);
	bin = bin > 9 ? 9 : bin;
	r->cal_n[bin]++;
	r->cal_p[bin] += pc;
	r->cal_win[bin] += home_won;
	return 0;
}

double
rt_realism_fav_win(const struct rt_realism *r)
{
	return r->with_fav ? (double)r->fav_wins / (double)r->with_fav : NAN;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

double
rt_realism_move_quantile(struct rt_realism *r, double q)
{
	size_t i;

	if (r->nmoves == 0)
		return NAN;
	qsort(r->moves, r->nmoves, sizeof *r->moves, cmp_double);
	i = (size_t)(q * (double)(r->nmoves - 1) + 0.5);
	return r->moves[i];
}

/* Hosmer-Lemeshow over the bins with games: chi2 on (bins - 2) degrees. */
double
rt_realism_hl_pvalue(const struct rt_realism *r, double *chi2)
{
	double c = 0;
	int i, df = -2;

	for (i = 0; i < 10; i++) {
		double n = (double)r->cal_n[i], e, v;

		if (n < 5)
			continue;
		e = r->cal_p[i];
		v = e * (1 - e / n);
		if (v <= 0)
			continue;
		c += (r->cal_win[i] - e) * (r->cal_win[i] - e) / v;
		df++;
	}
	*chi2 = c;
	return df > 0 ? gsl_cdf_chisq_Q(c, df) : NAN;
}

static double
hl_p(const struct rt_realism *r)
{
	double chi2;

	return rt_realism_hl_pvalue(r, &chi2);
}

void
rt_realism_print(FILE *fp, struct rt_realism *const *sets, size_t n)
{
	static const double qs[] = { 0.10, 0.25, 0.50, 0.75, 0.90, 0.99 };
	size_t i, j;
	int b;

	fprintf(fp, "%-34s", "measure");
	for (i = 0; i < n; i++)
		fprintf(fp, " %18.18s", sets[i]->label);
	fputc('\n', fp);
#define ROW(name, fmt, expr) do {					\
	fprintf(fp, "%-34s", name);					\
	for (i = 0; i < n; i++) {					\
		struct rt_realism *r_ = sets[i];			\
		fprintf(fp, " %18" fmt, (expr));			\
	}								\
	fputc('\n', fp);						\
} while (0)
	ROW("games", "zu", r_->games);
	ROW("games decided (no tie, result)", "zu", r_->decided);
	ROW("favourite wins at the close", ".4f", rt_realism_fav_win(r_));
	ROW("log loss, opening line", ".4f", r_->decided ? r_->ll_open / (double)r_->decided : NAN);
	ROW("log loss, closing line", ".4f", r_->decided ? r_->ll_close / (double)r_->decided : NAN);
	ROW("calibration: Hosmer-Lemeshow p", ".4f", hl_p(r_));
	for (j = 0; j < sizeof qs / sizeof qs[0]; j++) {
		char name[48];

		snprintf(name, sizeof name, "open->close move, q%.2f (prob)", qs[j]);
		ROW(name, ".4f", rt_realism_move_quantile(r_, qs[j]));
	}
	/* every book of every set, once, in order of first appearance */
	for (j = 0; j < n; j++)
	for (b = 0; b < sets[j]->nbooks; b++) {
		const char *book = sets[j]->books[b];
		size_t jj;
		int seen = 0, bb;

		for (jj = 0; jj < j && !seen; jj++)
			for (bb = 0; bb < sets[jj]->nbooks; bb++)
				if (strcmp(sets[jj]->books[bb], book) == 0)
					seen = 1;
		if (seen)
			continue;
		fprintf(fp, "closing margin, %-18.18s", book);
		for (i = 0; i < n; i++) {
			struct rt_realism *r = sets[i];
			int k;

			for (k = 0; k < r->nbooks; k++)
				if (strcmp(r->books[k], book) == 0)
					break;
			if (k < r->nbooks && r->margin_n[k])
				fprintf(fp, " %18.4f", r->margin_sum[k] / (double)r->margin_n[k]);
			else
				fprintf(fp, " %18s", "-");
		}
		fputc('\n', fp);
	}
	ROW("follow-the-money bets (truth)", "zu", r_->follow_bets);
	ROW("follow-the-money mean return", ".4f", r_->follow_bets ?
	    r_->follow_ev / (double)r_->follow_bets : NAN);
#undef ROW
}
