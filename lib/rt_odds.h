/*
 * rt_odds: prices.  American odds are integers with |o| >= 100 (+100 and
 * -100 are both even money); decimal odds are the return per unit staked
 * including the stake (> 1); implied probability is 1 / decimal.
 *
 * Margin removal turns the implied probabilities of the outcomes of one
 * market (which add up to more than 1: the book's overround) into fair
 * probabilities that add up to 1, by one of three methods:
 *   multiplicative  p_i / sum(p)
 *   power           p_i^k with k such that sum(p_i^k) = 1
 *   shin            Shin (1993): the share z of insider money solving
 *                   sum(fair_i(z)) = 1, fair_i(z) =
 *                   (sqrt(z^2 + 4(1-z) p_i^2 / S) - z) / (2(1-z)), S = sum(p)
 * References in docs/statistics.md.
 */
#ifndef RT_ODDS_H
#define RT_ODDS_H

#include <stddef.h>

enum rt_devig {
	RT_DEVIG_MULTIPLICATIVE,
	RT_DEVIG_POWER,
	RT_DEVIG_SHIN
};

/* 1 when o is an American price (|o| >= 100 and no larger than 1,000,000). */
int rt_odds_valid(long o);

/* American -> decimal: o > 0: 1 + o/100; o < 0: 1 + 100/|o|.  o must be valid. */
double rt_odds_decimal(long o);

/*
 * The expected return at the close of a bet at American odds `odds` on a
 * side whose no-vig closing probability is close_prob (docs/metrics.md,
 * "Closing-line value"): close_prob * decimal(odds) - 1; NAN when the
 * price is not valid or the probability not in (0, 1).
 */
double rt_odds_close_ev(long odds, double close_prob);

/*
 * Decimal -> American, rounded to the nearest integer price: d >= 2 gives
 * +round(100 (d - 1)), d < 2 gives -round(100 / (d - 1)); 2.0 gives +100.
 * Returns -1 when d is not finite or not > 1, or the price would be out of
 * range.
 */
int rt_odds_from_decimal(double d, long *o);

/* Implied probability 1 / decimal(o). */
double rt_odds_implied(long o);

/* Profit of a winning bet of `stake` at o: stake*100/|o| (o < 0) or stake*o/100. */
double rt_odds_win_profit(long o, double stake);

/* sum(p) - 1: the book's margin over n outcomes. */
double rt_odds_overround(const double *p, size_t n);

/*
 * Fair probabilities of n >= 2 outcomes from their implied probabilities
 * p (each in (0,1), sum > 0) into fair (n values, may alias p).  When the
 * implied probabilities sum to 1 or less every method returns them
 * normalised.  Returns 0, or -1 on bad input or when the root finder does
 * not converge.  For RT_DEVIG_SHIN, *z_out (may be NULL) gets z.
 */
int rt_odds_devig(enum rt_devig method, const double *p, size_t n,
    double *fair, double *z_out);

/* "multiplicative", "power", "shin" -> method; -1 when unknown. */
int rt_odds_devig_parse(const char *name, enum rt_devig *method);

#endif
