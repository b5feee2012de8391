/*
 * rt_realism: how much a set of game records looks like a real market,
 * measured the same way on simulated games (rt-sim) and on real ones
 * (rt-import), so that the two can be set side by side (`rt-sim --report`,
 * docs/market-model.md).
 *
 * Per game the reference book is pinnacle where present, else the first
 * book; its opening and closing moneylines give fair home probabilities
 * (multiplicative margin removal).  Measured: the favourites' win share at
 * the close, the closing margin per book, log loss of the opening and the
 * closing line, calibration of the close in ten bins (with a Hosmer-
 * Lemeshow statistic and its p-value), and the size of the open-to-close
 * move.  Where games carry "truth" (rt-sim --truth), also the expected
 * return of a plain follow-the-money rule: at DECISION minutes before first
 * pitch, when the books' average money % on a side exceeds its bets % by
 * at least THRESHOLD points, bet that side at the best price then.
 */
#ifndef RT_REALISM_H
#define RT_REALISM_H

#include <stddef.h>
#include <stdio.h>

#include "rt_json.h"

#define RT_REALISM_BOOKS 8

struct rt_realism {
	const char *label;
	size_t games, decided, with_fav, fav_wins;
	double ll_open, ll_close;
	size_t cal_n[10];
	double cal_p[10], cal_win[10];
	double *moves;		/* owned: |fair close - fair open| */
	size_t nmoves, capmoves;
	char books[RT_REALISM_BOOKS][64];
	double margin_sum[RT_REALISM_BOOKS];
	size_t margin_n[RT_REALISM_BOOKS];
	int nbooks;
	/* the follow-the-money check */
	int decision_min, threshold;
	size_t follow_bets, with_truth;
	double follow_ev;
};

void rt_realism_init(struct rt_realism *r, const char *label);
/* Adds a game record (borrowed); returns -1 when it is not a usable game. */
int rt_realism_add(struct rt_realism *r, const struct rt_json *game);
void rt_realism_release(struct rt_realism *r);

/* Prints the measures of n sets side by side, as a table. */
void rt_realism_print(FILE *fp, struct rt_realism *const *sets, size_t n);

/* Single figures, for tests: */
double rt_realism_fav_win(const struct rt_realism *r);
double rt_realism_move_quantile(struct rt_realism *r, double q);
double rt_realism_hl_pvalue(const struct rt_realism *r, double *chi2);

#endif
