/* rt_backtest: the backtest engine (see rt_backtest.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rt_backtest.h"
#include "rt_odds.h"
#include "rt_time.h"

void
rt_bets_init(struct rt_bets *b)
{
	b->v = NULL;
	b->n = b->cap = 0;
}

void
rt_bets_release(struct rt_bets *b)
{
	free(b->v);
	rt_bets_init(b);
}

const char *
rt_bet_status_name(enum rt_bet_status s)
{
	static const char *const names[] = { "pending", "win", "loss", "push", "void" };

	return names[s];
}

/* The decision time of a game under the common parameters. */
static int64_t
decision_time(const struct rt_game *g, const double *p)
{
	int64_t t = INT64_MIN;
	int b;

	if (g->start != INT64_MIN)
		return g->start - (int64_t)llround(p[RT_P_DECISION]) * 60;
	/* No start time (SBRO): decide on the closing line. */
	for (b = 0; b < g->nbooks; b++) {
		const struct rt_odds_snap *c = rt_book_close(&g->books[b]);

		if (c != NULL && c->t > t)
			t = c->t;
	}
	return t;
}

static int32_t
side_price(const struct rt_odds_snap *o, enum rt_side side)
{
	return o == NULL ? 0 : side == RT_HOME ? o->home_ml : o->away_ml;
}

void
rt_backtest_run(const struct rt_games *gs, const struct rt_bt_opts *o,
    struct rt_bets *out)
{
	const double *p = o->params;
	double lo = rt_odds_decimal((long)llround(p[RT_P_MIN_ODDS]));
	double hi = rt_odds_decimal((long)llround(p[RT_P_MAX_ODDS]));
	const char *want = rt_price_books[(int)p[RT_P_BOOK]];
	int want_book = (int)p[RT_P_BOOK] == 0 ? -1 : rt_games_book(gs, want);
	double settled_profit = 0;
	size_t i, first_open = 0;

	out->n = 0;
	if ((int)p[RT_P_BOOK] != 0 && want_book < 0)
		return;		/* that book prices none of these games */
	i = 0;
	if (o->from || o->to) {
		/* games are in start order, so nearly in date order: start
		 * a little before the first of the range (a fold of a search
		 * is a fifth of the games; walking all of them five times an
		 * evaluation was most of rt-optimize's time) */
		size_t a = 0, b = gs->n;

		while (a < b) {
			size_t mid = (a + b) / 2;

			if (gs->v[mid].date < o->from - 1)
				a = mid + 1;
			else
				b = mid;
		}
		i = a;
	}
	for (; i < gs->n; i++) {
		const struct rt_game *g = &gs->v[i];
		struct rt_decision d;
		struct rt_bet *bet;
		int64_t at = decision_time(g, p);
		int b, best_book = -1;
		int32_t best = 0;
		double best_dec = 0, stake = 1;

		/* The next game's books are the next memory a backtest needs:
		 * fetching them now halved the time of a ten-season backtest,
		 * which waits on memory more than it computes. */
		if (i + 2 < gs->n)
			__builtin_prefetch(gs->v[i + 2].books);
		if (i + 1 < gs->n) {
			const struct rt_game *ng = &gs->v[i + 1];
			int nb;

			for (nb = 0; nb < ng->nbooks; nb++) {
				const struct rt_game_book *gb = &ng->books[nb];

				__builtin_prefetch(gb->splits + gb->nsplits / 2);
				__builtin_prefetch(gb->odds);
				__builtin_prefetch(gb->odds + gb->nodds / 2);
				__builtin_prefetch(gb->odds + gb->nodds * 3 / 4);
				__builtin_prefetch(gb->odds + gb->nodds - 1);
			}
		}
		if (at == INT64_MIN || at > o->now)
			continue;
		if ((o->from || o->to) && (g->date < o->from || g->date > o->to)) {
			if (g->date > o->to + 1)
				break;	/* past the range, with a day of slack */
			continue;
		}
		if (o->s->needs_splits && !g->has_splits)
			continue;
		if (!o->s->decide(gs, g, at, p, &d))
			continue;
		for (b = 0; b < g->nbooks; b++) {
			const struct rt_game_book *gb = &g->books[b];
			int32_t pr;
			double dec;

			if (want_book >= 0 && gb->book != want_book)
				continue;
			if ((pr = side_price(rt_book_odds_at(gb, at), d.side)) == 0)
				continue;
			dec = rt_odds_decimal(pr);
			if (dec > best_dec) {
				best_dec = dec;
				best = pr;
				best_book = b;
			}
		}
		if (best_book < 0 || best_dec < lo || best_dec > hi)
			continue;
		if (o->kelly) {
			const struct rt_odds_snap *os = rt_book_odds_at(&g->books[best_book], at);
			double fair = rt_fair_home(os), pw, f;
			size_t j;

			if (fair < 0)
				continue;
			pw = (d.side == RT_HOME ? fair : 1 - fair) + d.confidence * o->kelly_edge;
			f = (pw * best_dec - 1) / (best_dec - 1);
			if (f <= 0)
				continue;
			/* bankroll as of the decision: results known by then */
			for (j = first_open; j < out->n; j++)
				if (!out->v[j].counted && out->v[j].settles <= at &&
				    out->v[j].status != RT_BET_PENDING) {
					settled_profit += out->v[j].profit;
					out->v[j].counted = 1;
				}
			while (first_open < out->n && out->v[first_open].counted)
				first_open++;
			stake = (o->bankroll + settled_profit) * o->kelly_fraction * f;
			if (!(stake > 0))
				continue;
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 1024;
			out->v = rt_xrealloc(out->v, out->cap * sizeof *out->v);
		}
		bet = &out->v[out->n++];
		memset(bet, 0, sizeof *bet);
		bet->g = g;
		bet->side = d.side;
		bet->book = g->books[best_book].book;
		bet->placed = at;
		bet->odds = best;
		{
			/* the close only once it was known by --now */
			const struct rt_odds_snap *c = rt_book_close(&g->books[best_book]);

			double q = rt_close_fair_home(gs, g, o->now);

			bet->close_odds = c != NULL && c->t <= o->now ? side_price(c, d.side) : 0;
			bet->close_prob = q < 0 ? NAN : d.side == RT_HOME ? q : 1 - q;
		}
		bet->stake = stake;
		bet->confidence = d.confidence;
		bet->settles = g->result_known;
		if (g->has_result && g->result_known <= o->now) {
			int won = d.side == RT_HOME ? g->home_score > g->away_score :
			    g->away_score > g->home_score;

			if (g->home_score == g->away_score) {
				bet->status = RT_BET_PUSH;
				bet->profit = 0;
			} else if (won) {
				bet->status = RT_BET_WIN;
				bet->profit = rt_odds_win_profit(best, stake);
			} else {
				bet->status = RT_BET_LOSS;
				bet->profit = -stake;
			}
		} else {
			bet->status = RT_BET_PENDING;
			bet->settles = INT64_MAX;
		}
	}
}

void
rt_bet_write(const struct rt_bet *b, const struct rt_games *gs,
    const char *strategy, const char *version, const char *arm, struct rt_jw *w)
{
	char d[RT_DATE_BUFSZ], t[RT_TIME_BUFSZ], id[160];

	rt_date_format(b->g->date, d);
	rt_time_format(b->placed, t);
	/* Deterministic: the same version bets a game once. */
	snprintf(id, sizeof id, "%s:%s:%s:ml", version, arm, b->g->id);
	rt_jw_obj(w);
	rt_jw_key(w, "kind");
	rt_jw_str(w, "bet");
	rt_jw_key(w, "bet_id");
	rt_jw_str(w, id);
	rt_jw_key(w, "strategy");
	rt_jw_str(w, strategy);
	rt_jw_key(w, "version");
	rt_jw_str(w, version);
	rt_jw_key(w, "arm");
	rt_jw_str(w, arm);
	rt_jw_key(w, "game_id");
	rt_jw_str(w, b->g->id);
	rt_jw_key(w, "date");
	rt_jw_str(w, d);
	rt_jw_key(w, "placed");
	rt_jw_str(w, t);
	rt_jw_key(w, "market");
	rt_jw_str(w, "moneyline");
	rt_jw_key(w, "side");
	rt_jw_str(w, b->side == RT_HOME ? "home" : "away");
	rt_jw_key(w, "book");
	rt_jw_str(w, gs->books[b->book]);
	rt_jw_key(w, "odds");
	rt_jw_int(w, b->odds);
	if (b->close_odds != 0) {
		rt_jw_key(w, "close_odds");
		rt_jw_int(w, b->close_odds);
	}
	if (!isnan(b->close_prob)) {
		rt_jw_key(w, "close_prob");
		rt_jw_num(w, round(b->close_prob * 1e6) / 1e6);
	}
	rt_jw_key(w, "stake");
	rt_jw_num(w, round(b->stake * 1e6) / 1e6);
	rt_jw_key(w, "confidence");
	rt_jw_num(w, round(b->confidence * 1e4) / 1e4);
	rt_jw_key(w, "status");
	rt_jw_str(w, rt_bet_status_name(b->status));
	if (b->status != RT_BET_PENDING) {
		rt_jw_key(w, "profit");
		rt_jw_num(w, round(b->profit * 1e6) / 1e6);
	}
	rt_jw_end(w);
}
