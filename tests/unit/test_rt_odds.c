/*
 * test_rt_odds: prices and margin removal.  The reference values for the
 * devig tests were computed apart from rt (mpmath, 40 digits); where a
 * closed form exists (Shin with two outcomes) the test computes it here.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>

#include "rt_odds.h"
#include "rt_test.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
test_valid(void)
{
	CHECK(!rt_odds_valid(99), "valid: 99 refused");
	CHECK(!rt_odds_valid(-99), "valid: -99 refused");
	CHECK(!rt_odds_valid(0), "valid: 0 refused");
	CHECK(rt_odds_valid(100), "valid: 100");
	CHECK(rt_odds_valid(-100), "valid: -100");
	CHECK(rt_odds_valid(1000000), "valid: 1000000");
	CHECK(rt_odds_valid(-1000000), "valid: -1000000");
	CHECK(!rt_odds_valid(1000001), "valid: 1000001 refused");
	CHECK(!rt_odds_valid(-1000001), "valid: -1000001 refused");
	CHECK(!rt_odds_valid(1), "valid: 1 refused");
	CHECK(!rt_odds_valid(-1), "valid: -1 refused");
	/* The trap for a labs()-based check. */
	CHECK(!rt_odds_valid(-2147483647L - 1), "valid: INT32_MIN refused");
	CHECK(!rt_odds_valid(LONG_MIN), "valid: LONG_MIN refused");
	CHECK(!rt_odds_valid(LONG_MAX), "valid: LONG_MAX refused");
}

static void
test_decimal_implied(void)
{
	CHECK_NEAR(rt_odds_decimal(100), 2.0, 0, "decimal: +100 is 2.0");
	CHECK_NEAR(rt_odds_decimal(-100), 2.0, 0, "decimal: -100 is 2.0");
	CHECK_NEAR(rt_odds_implied(100), 0.5, 0, "implied: +100 is 0.5");
	CHECK_NEAR(rt_odds_implied(-100), 0.5, 0, "implied: -100 is 0.5");
	CHECK_NEAR(rt_odds_decimal(-150), 5.0 / 3.0, 1e-15,
	    "decimal: -150 is 1.666...");
	CHECK_NEAR(rt_odds_decimal(130), 2.3, 1e-15, "decimal: +130 is 2.3");
	CHECK_NEAR(rt_odds_decimal(-110), 1.0 + 10.0 / 11.0, 1e-15,
	    "decimal: -110 is 1.909...");
	CHECK_NEAR(rt_odds_decimal(1000000), 10001.0, 0,
	    "decimal: +1000000 is 10001");
	CHECK_NEAR(rt_odds_decimal(-1000000), 1.0001, 1e-15,
	    "decimal: -1000000 is 1.0001");
	CHECK_NEAR(rt_odds_implied(-150), 0.6, 1e-15, "implied: -150 is 0.6");
	CHECK_NEAR(rt_odds_implied(130), 1.0 / 2.3, 1e-15,
	    "implied: +130 is 1/2.3");
	CHECK_NEAR(rt_odds_implied(-110), 11.0 / 21.0, 1e-15,
	    "implied: -110 is 11/21");
	CHECK_NEAR(rt_odds_implied(300), 0.25, 1e-15, "implied: +300 is 0.25");
	CHECK_NEAR(rt_odds_implied(-300), 0.75, 1e-15, "implied: -300 is 0.75");
	/* Outside the contract, but not a crash or a division by zero. */
	CHECK(isnan(rt_odds_decimal(0)), "decimal: 0 gives NaN");
	CHECK(isnan(rt_odds_implied(50)), "implied: 50 gives NaN");
	CHECK(isnan(rt_odds_win_profit(-99, 1.0)), "win profit: -99 gives NaN");
}

/* implied == 1 / decimal for every price, to rounding. */
static void
test_implied_is_inverse(void)
{
	long o, bad = 0, first = 0;

	for (o = -10000; o <= 10000; o++) {
		if (!rt_odds_valid(o))
			continue;
		if (fabs(rt_odds_implied(o) * rt_odds_decimal(o) - 1.0) >
		    4 * DBL_EPSILON) {
			if (bad++ == 0)
				first = o;
		}
	}
	CHECK_INT(bad, 0, "implied * decimal = 1 for -10000..10000");
	if (bad)
		printf("#   first at %ld\n", first);
}

static void
test_from_decimal(void)
{
	long o;

	o = 0;
	CHECK_INT(rt_odds_from_decimal(2.0, &o), 0, "from decimal: 2.0 taken");
	CHECK_INT(o, 100, "from decimal: 2.0 is +100");
	o = 0;
	CHECK_INT(rt_odds_from_decimal(1.5, &o), 0, "from decimal: 1.5 taken");
	CHECK_INT(o, -200, "from decimal: 1.5 is -200");
	o = 0;
	CHECK_INT(rt_odds_from_decimal(2.5, &o), 0, "from decimal: 2.5 taken");
	CHECK_INT(o, 150, "from decimal: 2.5 is +150");
	o = 0;
	CHECK_INT(rt_odds_from_decimal(2.3, &o), 0, "from decimal: 2.3 taken");
	CHECK_INT(o, 130, "from decimal: 2.3 is +130");
	o = 0;
	CHECK_INT(rt_odds_from_decimal(5.0 / 3.0, &o), 0,
	    "from decimal: 1.666... taken");
	CHECK_INT(o, -150, "from decimal: 1.666... is -150");
	/* Rounded to the nearest price. */
	o = 0;
	CHECK_INT(rt_odds_from_decimal(1.91, &o), 0, "from decimal: 1.91 taken");
	CHECK_INT(o, -110, "from decimal: 1.91 is -110 (109.89)");
	o = 0;
	CHECK_INT(rt_odds_from_decimal(2.004, &o), 0,
	    "from decimal: 2.004 taken");
	CHECK_INT(o, 100, "from decimal: 2.004 is +100");
	o = 0;
	CHECK_INT(rt_odds_from_decimal(1.9999, &o), 0,
	    "from decimal: 1.9999 taken");
	CHECK_INT(o, -100, "from decimal: 1.9999 is -100 (100.01)");
	/* The ends of the range. */
	o = 0;
	CHECK_INT(rt_odds_from_decimal(10001.0, &o), 0,
	    "from decimal: 10001 taken");
	CHECK_INT(o, 1000000, "from decimal: 10001 is +1000000");
	o = 0;
	CHECK_INT(rt_odds_from_decimal(1.0001, &o), 0,
	    "from decimal: 1.0001 taken");
	CHECK_INT(o, -1000000, "from decimal: 1.0001 is -1000000");

	o = 12345;
	CHECK_INT(rt_odds_from_decimal(1.0, &o), -1, "from decimal: 1.0 refused");
	CHECK_INT(o, 12345, "from decimal: refusal leaves *o");
	CHECK_INT(rt_odds_from_decimal(0.5, &o), -1, "from decimal: 0.5 refused");
	CHECK_INT(rt_odds_from_decimal(0.0, &o), -1, "from decimal: 0 refused");
	CHECK_INT(rt_odds_from_decimal(-2.0, &o), -1,
	    "from decimal: -2 refused");
	CHECK_INT(rt_odds_from_decimal(NAN, &o), -1, "from decimal: NaN refused");
	CHECK_INT(rt_odds_from_decimal(INFINITY, &o), -1,
	    "from decimal: inf refused");
	CHECK_INT(rt_odds_from_decimal(-INFINITY, &o), -1,
	    "from decimal: -inf refused");
	CHECK_INT(rt_odds_from_decimal(10001.01, &o), -1,
	    "from decimal: 10001.01 (+1000001) refused");
	CHECK_INT(rt_odds_from_decimal(1.00009, &o), -1,
	    "from decimal: 1.00009 (-1111111) refused");
	CHECK_INT(rt_odds_from_decimal(1.0 + DBL_EPSILON, &o), -1,
	    "from decimal: 1 + epsilon refused");
	CHECK_INT(rt_odds_from_decimal(DBL_MAX, &o), -1,
	    "from decimal: DBL_MAX refused");
	CHECK_INT(o, 12345, "from decimal: refusals leave *o");
}

/*
 * American -> decimal -> American gives the price back; -100 comes back
 * as +100, its equal (the header: 2.0 gives +100).
 */
static void
test_round_trip(void)
{
	long o, back, want, bad = 0, first = 0, firstgot = 0;

	for (o = -10000; o <= 10000; o++) {
		if (o > -100 && o < 100)
			continue;
		want = o == -100 ? 100 : o;
		back = 0;
		if (rt_odds_from_decimal(rt_odds_decimal(o), &back) != 0 ||
		    back != want) {
			if (bad++ == 0) {
				first = o;
				firstgot = back;
			}
		}
	}
	CHECK_INT(bad, 0, "round trip -10000..-100, 100..10000");
	if (bad)
		printf("#   first at %ld, got %ld\n", first, firstgot);

	/* And the far end, in steps. */
	bad = 0;
	for (o = 10000; o <= 1000000; o += 997) {
		back = 0;
		if (rt_odds_from_decimal(rt_odds_decimal(o), &back) != 0 ||
		    back != o)
			bad++;
		back = 0;
		if (rt_odds_from_decimal(rt_odds_decimal(-o), &back) != 0 ||
		    back != -o)
			bad++;
	}
	CHECK_INT(bad, 0, "round trip 10000..1000000, both signs");
}

static void
test_win_profit(void)
{
	CHECK_NEAR(rt_odds_win_profit(-150, 1.0), 2.0 / 3.0, 1e-12,
	    "win profit: -150 stake 1 is 0.6667");
	CHECK_NEAR(rt_odds_win_profit(130, 2.0), 2.6, 1e-12,
	    "win profit: +130 stake 2 is 2.6");
	CHECK_NEAR(rt_odds_win_profit(100, 5.0), 5.0, 0,
	    "win profit: +100 stake 5 is 5");
	CHECK_NEAR(rt_odds_win_profit(-100, 5.0), 5.0, 0,
	    "win profit: -100 stake 5 is 5");
	CHECK_NEAR(rt_odds_win_profit(-110, 110.0), 100.0, 1e-12,
	    "win profit: -110 stake 110 is 100");
	CHECK_NEAR(rt_odds_win_profit(250, 0.0), 0.0, 0,
	    "win profit: stake 0 is 0");
	/* Profit is decimal - 1 per unit. */
	CHECK_NEAR(rt_odds_win_profit(-375, 1.0), rt_odds_decimal(-375) - 1.0,
	    1e-15, "win profit: -375 is decimal - 1");
}

static void
test_overround(void)
{
	double p[3];

	p[0] = p[1] = rt_odds_implied(-110);
	CHECK_NEAR(rt_odds_overround(p, 2), 1.0 / 21.0, 1e-15,
	    "overround: -110/-110 is 0.047619");
	p[0] = p[1] = 0.5;
	CHECK_NEAR(rt_odds_overround(p, 2), 0.0, 0,
	    "overround: 0.5/0.5 is 0");
	p[0] = 0.3;
	p[1] = 0.3;
	p[2] = 0.3;
	CHECK_NEAR(rt_odds_overround(p, 3), -0.1, 1e-15,
	    "overround: under-round market is negative");
}

static const enum rt_devig methods[] = {
	RT_DEVIG_MULTIPLICATIVE, RT_DEVIG_POWER, RT_DEVIG_SHIN
};
static const char *const method_names[] = {
	"multiplicative", "power", "shin"
};

static double
sum(const double *x, size_t n)
{
	double s = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		s += x[i];
	return s;
}

/* The header's Shin formula, as written there. */
static double
shin_formula(double p, double s, double z)
{
	return (sqrt(z * z + 4.0 * (1.0 - z) * p * p / s) - z) /
	    (2.0 * (1.0 - z));
}

static void
test_devig_even(void)
{
	double p[2], fair[2], z;
	char what[128];
	size_t m;

	for (m = 0; m < NELEM(methods); m++) {
		p[0] = p[1] = rt_odds_implied(-110);
		fair[0] = fair[1] = -1.0;
		z = -1.0;
		snprintf(what, sizeof(what), "devig %s -110/-110: returns 0",
		    method_names[m]);
		CHECK_INT(rt_odds_devig(methods[m], p, 2, fair, &z), 0, what);
		snprintf(what, sizeof(what), "devig %s -110/-110: first 0.5",
		    method_names[m]);
		CHECK_NEAR(fair[0], 0.5, 1e-12, what);
		snprintf(what, sizeof(what), "devig %s -110/-110: second 0.5",
		    method_names[m]);
		CHECK_NEAR(fair[1], 0.5, 1e-12, what);
	}
	/* Two equal prices: z = S - 1 (closed form below with d = 0). */
	p[0] = p[1] = rt_odds_implied(-110);
	z = -1.0;
	rt_odds_devig(RT_DEVIG_SHIN, p, 2, fair, &z);
	CHECK_NEAR(z, 1.0 / 21.0, 1e-11, "devig shin -110/-110: z = S - 1");
}

/*
 * -200/+170: implied 2/3 and 10/27, S = 28/27.  References: power k
 * 1.0593230574423338, fair 0.65082236553625729 / 0.34917763446374271;
 * Shin z 0.037164339419978518, fair 35/54 / 19/54.
 */
static void
test_devig_lopsided(void)
{
	double p[2], fair[2], mult[2], z, s, k, d, zc;
	long o;

	p[0] = rt_odds_implied(-200);
	p[1] = rt_odds_implied(170);
	s = p[0] + p[1];
	CHECK_NEAR(s, 28.0 / 27.0, 1e-15, "lopsided: S = 28/27");

	CHECK_INT(rt_odds_devig(RT_DEVIG_MULTIPLICATIVE, p, 2, mult, NULL), 0,
	    "devig multiplicative -200/+170: returns 0");
	CHECK_NEAR(mult[0], (2.0 / 3.0) * 27.0 / 28.0, 1e-15,
	    "devig multiplicative -200/+170: favourite 9/14");
	CHECK_NEAR(mult[1], (10.0 / 27.0) * 27.0 / 28.0, 1e-15,
	    "devig multiplicative -200/+170: underdog 5/14");
	CHECK_NEAR(sum(mult, 2), 1.0, 1e-15,
	    "devig multiplicative -200/+170: sum 1");

	/* Power: k from the favourite; the underdog must be p^k too. */
	CHECK_INT(rt_odds_devig(RT_DEVIG_POWER, p, 2, fair, NULL), 0,
	    "devig power -200/+170: returns 0");
	CHECK_NEAR(sum(fair, 2), 1.0, 1e-14, "devig power -200/+170: sum 1");
	k = log(fair[0]) / log(p[0]);
	CHECK(k > 1.0, "devig power -200/+170: k > 1");
	CHECK_NEAR(fair[1], pow(p[1], k), 1e-11,
	    "devig power -200/+170: underdog is p^k");
	CHECK_NEAR(pow(p[0], k) + pow(p[1], k), 1.0, 1e-11,
	    "devig power -200/+170: sum(p^k) = 1");
	CHECK_NEAR(k, 1.0593230574423338, 1e-9,
	    "devig power -200/+170: k against reference");
	CHECK_NEAR(fair[0], 0.65082236553625729, 1e-11,
	    "devig power -200/+170: favourite against reference");
	CHECK_NEAR(fair[1], 0.34917763446374271, 1e-11,
	    "devig power -200/+170: underdog against reference");
	CHECK(fair[0] > mult[0] && fair[0] < p[0],
	    "devig power -200/+170: favourite between multiplicative and raw");

	/*
	 * Shin, two outcomes: z = (S-1)(d^2 - S) / (S(d^2 - 1)), d = p1 - p2
	 * (Jullien & Salanie 1994), and the fair values equal the additive
	 * method's p_i - (S-1)/2.
	 */
	z = -1.0;
	CHECK_INT(rt_odds_devig(RT_DEVIG_SHIN, p, 2, fair, &z), 0,
	    "devig shin -200/+170: returns 0");
	CHECK_NEAR(sum(fair, 2), 1.0, 1e-14, "devig shin -200/+170: sum 1");
	CHECK(z > 0.0 && z < 1.0, "devig shin -200/+170: z in (0,1)");
	d = p[0] - p[1];
	zc = (s - 1.0) * (d * d - s) / (s * (d * d - 1.0));
	CHECK_NEAR(z, zc, 1e-11, "devig shin -200/+170: z closed form");
	CHECK_NEAR(z, 0.037164339419978518, 1e-11,
	    "devig shin -200/+170: z against reference");
	CHECK_NEAR(fair[0], shin_formula(p[0], s, zc), 1e-11,
	    "devig shin -200/+170: favourite from closed-form z");
	CHECK_NEAR(fair[1], shin_formula(p[1], s, zc), 1e-11,
	    "devig shin -200/+170: underdog from closed-form z");
	CHECK_NEAR(fair[0], p[0] - (s - 1.0) / 2.0, 1e-11,
	    "devig shin -200/+170: favourite is additive");
	CHECK_NEAR(fair[0], 35.0 / 54.0, 1e-11,
	    "devig shin -200/+170: favourite 35/54");
	CHECK_NEAR(fair[1], 19.0 / 54.0, 1e-11,
	    "devig shin -200/+170: underdog 19/54");
	CHECK(fair[0] > mult[0] && fair[0] < p[0],
	    "devig shin -200/+170: favourite between multiplicative and raw");

	/* The closed forms over many two-way markets. */
	{
		long bad = 0, first = 0;

		for (o = 100; o <= 5000; o += 7) {
			p[0] = rt_odds_implied(-o - 20);
			p[1] = rt_odds_implied(o);
			s = p[0] + p[1];
			d = p[0] - p[1];
			zc = (s - 1.0) * (d * d - s) / (s * (d * d - 1.0));
			if (rt_odds_devig(RT_DEVIG_SHIN, p, 2, fair, &z) != 0 ||
			    fabs(z - zc) > 1e-11 ||
			    fabs(fair[0] - (p[0] - (s - 1.0) / 2.0)) > 1e-11 ||
			    fabs(fair[1] - (p[1] - (s - 1.0) / 2.0)) > 1e-11) {
				if (bad++ == 0)
					first = o;
			}
			if (rt_odds_devig(RT_DEVIG_POWER, p, 2, fair, NULL) != 0)
				bad++;
			k = log(fair[0]) / log(p[0]);
			if (fabs(fair[1] - pow(p[1], k)) > 1e-10 ||
			    fabs(sum(fair, 2) - 1.0) > 1e-14) {
				if (bad++ == 0)
					first = o;
			}
		}
		CHECK_INT(bad, 0, "devig: two-way markets -(o+20)/+o, o to 5000");
		if (bad)
			printf("#   first at %ld\n", first);
	}
}

/*
 * -120/+260/+320 (a football 1X2 book).  References: power k
 * 1.0617216210769493, fair 0.52542517449850875 0.25666201947799699
 * 0.21791280602349426; Shin z 0.030813349414769795, fair
 * 0.52214994106776652 0.2584499509830182 0.21940010794921528.
 */
static void
test_devig_three(void)
{
	static const double pow_ref[3] = {
		0.52542517449850875, 0.25666201947799699, 0.21791280602349426
	};
	static const double shin_ref[3] = {
		0.52214994106776652, 0.2584499509830182, 0.21940010794921528
	};
	double p[3], fair[3], mult[3], z, s, k;
	char what[128];
	size_t i;

	p[0] = rt_odds_implied(-120);
	p[1] = rt_odds_implied(260);
	p[2] = rt_odds_implied(320);
	s = sum(p, 3);

	CHECK_INT(rt_odds_devig(RT_DEVIG_MULTIPLICATIVE, p, 3, mult, NULL), 0,
	    "devig multiplicative 1X2: returns 0");
	for (i = 0; i < 3; i++) {
		snprintf(what, sizeof(what),
		    "devig multiplicative 1X2: outcome %zu is p/S", i);
		CHECK_NEAR(mult[i], p[i] / s, 1e-15, what);
	}

	CHECK_INT(rt_odds_devig(RT_DEVIG_POWER, p, 3, fair, NULL), 0,
	    "devig power 1X2: returns 0");
	CHECK_NEAR(sum(fair, 3), 1.0, 1e-14, "devig power 1X2: sum 1");
	k = log(fair[0]) / log(p[0]);
	CHECK_NEAR(k, 1.0617216210769493, 1e-9,
	    "devig power 1X2: k against reference");
	for (i = 0; i < 3; i++) {
		snprintf(what, sizeof(what), "devig power 1X2: outcome %zu is p^k",
		    i);
		CHECK_NEAR(fair[i], pow(p[i], k), 1e-11, what);
		snprintf(what, sizeof(what),
		    "devig power 1X2: outcome %zu against reference", i);
		CHECK_NEAR(fair[i], pow_ref[i], 1e-11, what);
	}
	CHECK(fair[0] > mult[0] && fair[2] < mult[2],
	    "devig power 1X2: favourite up, longshot down");

	z = -1.0;
	CHECK_INT(rt_odds_devig(RT_DEVIG_SHIN, p, 3, fair, &z), 0,
	    "devig shin 1X2: returns 0");
	CHECK_NEAR(sum(fair, 3), 1.0, 1e-14, "devig shin 1X2: sum 1");
	CHECK(z > 0.0 && z < 1.0, "devig shin 1X2: z in (0,1)");
	CHECK_NEAR(z, 0.030813349414769795, 1e-11,
	    "devig shin 1X2: z against reference");
	CHECK_NEAR(shin_formula(p[0], s, z) + shin_formula(p[1], s, z) +
	    shin_formula(p[2], s, z), 1.0, 1e-11,
	    "devig shin 1X2: header formula sums to 1 at z");
	for (i = 0; i < 3; i++) {
		snprintf(what, sizeof(what),
		    "devig shin 1X2: outcome %zu is the header formula at z", i);
		CHECK_NEAR(fair[i], shin_formula(p[i], s, z), 1e-11, what);
		snprintf(what, sizeof(what),
		    "devig shin 1X2: outcome %zu against reference", i);
		CHECK_NEAR(fair[i], shin_ref[i], 1e-11, what);
	}
	CHECK(fair[0] > mult[0] && fair[0] < p[0] && fair[2] < mult[2],
	    "devig shin 1X2: favourite up, longshot down");
}

/* Many symmetric outcomes: every method must give 1/n each. */
static void
test_devig_many(void)
{
	double p[20], fair[20];
	char what[128];
	size_t i, m;
	long bad;

	for (m = 0; m < NELEM(methods); m++) {
		for (i = 0; i < NELEM(p); i++)
			p[i] = 0.06;
		bad = 0;
		if (rt_odds_devig(methods[m], p, NELEM(p), fair, NULL) != 0)
			bad++;
		for (i = 0; i < NELEM(p); i++)
			if (fabs(fair[i] - 0.05) > 1e-12)
				bad++;
		snprintf(what, sizeof(what),
		    "devig %s: 20 outcomes at 0.06 give 0.05 each",
		    method_names[m]);
		CHECK_INT(bad, 0, what);
	}
}

/* Near the price limits: a root finder with a poor bracket fails here. */
static void
test_devig_extreme(void)
{
	double p[2], fair[2], z;
	char what[128];
	size_t m;

	p[0] = rt_odds_implied(-1000000);
	p[1] = rt_odds_implied(100000);
	for (m = 0; m < NELEM(methods); m++) {
		z = -1.0;
		snprintf(what, sizeof(what),
		    "devig %s -1000000/+100000: returns 0", method_names[m]);
		CHECK_INT(rt_odds_devig(methods[m], p, 2, fair, &z), 0, what);
		snprintf(what, sizeof(what),
		    "devig %s -1000000/+100000: sum 1", method_names[m]);
		CHECK_NEAR(sum(fair, 2), 1.0, 1e-14, what);
		snprintf(what, sizeof(what),
		    "devig %s -1000000/+100000: in (0,1)", method_names[m]);
		CHECK(fair[0] > 0 && fair[0] < 1 && fair[1] > 0 && fair[1] < 1,
		    what);
	}
	/* Shin's two-outcome form holds out here too. */
	rt_odds_devig(RT_DEVIG_SHIN, p, 2, fair, &z);
	CHECK_NEAR(fair[1], p[1] - (p[0] + p[1] - 1.0) / 2.0, 1e-11,
	    "devig shin -1000000/+100000: additive");

	/* -10000/+5000: references k 1.1405217313580816, z 0.011218388179174374. */
	p[0] = rt_odds_implied(-10000);
	p[1] = rt_odds_implied(5000);
	rt_odds_devig(RT_DEVIG_POWER, p, 2, fair, NULL);
	CHECK_NEAR(fair[0], 0.98871558352459144, 1e-11,
	    "devig power -10000/+5000: against reference");
	CHECK_NEAR(log(fair[0]) / log(p[0]), 1.1405217313580816, 1e-8,
	    "devig power -10000/+5000: k against reference");
	rt_odds_devig(RT_DEVIG_SHIN, p, 2, fair, &z);
	CHECK_NEAR(z, 0.011218388179174374, 1e-11,
	    "devig shin -10000/+5000: z against reference");
	CHECK_NEAR(fair[0], 0.9852455833818676, 1e-11,
	    "devig shin -10000/+5000: against reference");

	/* The smallest margin a double can hold: k and z near 1 and 0. */
	p[0] = 0.5;
	p[1] = 0.5 + DBL_EPSILON;
	for (m = 0; m < NELEM(methods); m++) {
		snprintf(what, sizeof(what), "devig %s: margin of one ulp",
		    method_names[m]);
		CHECK(rt_odds_devig(methods[m], p, 2, fair, NULL) == 0 &&
		    fabs(fair[0] - 0.5) < 1e-12 && fabs(fair[1] - 0.5) < 1e-12,
		    what);
	}
}

/* Implied probabilities that already sum to 1 or less: normalised. */
static void
test_devig_no_margin(void)
{
	double p[3], fair[3], z;
	char what[128];
	size_t m;

	for (m = 0; m < NELEM(methods); m++) {
		p[0] = 0.4;
		p[1] = 0.5;
		z = -1.0;
		snprintf(what, sizeof(what), "devig %s 0.4/0.5: returns 0",
		    method_names[m]);
		CHECK_INT(rt_odds_devig(methods[m], p, 2, fair, &z), 0, what);
		snprintf(what, sizeof(what), "devig %s 0.4/0.5: 4/9",
		    method_names[m]);
		CHECK_NEAR(fair[0], 4.0 / 9.0, 1e-15, what);
		snprintf(what, sizeof(what), "devig %s 0.4/0.5: 5/9",
		    method_names[m]);
		CHECK_NEAR(fair[1], 5.0 / 9.0, 1e-15, what);
		if (methods[m] == RT_DEVIG_SHIN)
			CHECK_NEAR(z, 0.0, 0, "devig shin 0.4/0.5: z is 0");
		else
			CHECK_NEAR(z, -1.0, 0, "devig: z_out left alone "
			    "when not Shin");

		p[0] = 0.25;
		p[1] = 0.25;
		p[2] = 0.5;
		snprintf(what, sizeof(what),
		    "devig %s 0.25/0.25/0.5 (sum 1): unchanged", method_names[m]);
		CHECK(rt_odds_devig(methods[m], p, 3, fair, NULL) == 0 &&
		    fair[0] == 0.25 && fair[1] == 0.25 && fair[2] == 0.5, what);
	}
}

/* fair may be p. */
static void
test_devig_alias(void)
{
	double p[3], ref[3];
	char what[128];
	size_t m, i;
	int ok;

	for (m = 0; m < NELEM(methods); m++) {
		p[0] = rt_odds_implied(-120);
		p[1] = rt_odds_implied(260);
		p[2] = rt_odds_implied(320);
		rt_odds_devig(methods[m], p, 3, ref, NULL);
		ok = rt_odds_devig(methods[m], p, 3, p, NULL) == 0;
		for (i = 0; i < 3; i++)
			ok = ok && p[i] == ref[i];
		snprintf(what, sizeof(what), "devig %s: in place", method_names[m]);
		CHECK(ok, what);
	}
}

static void
test_devig_bad(void)
{
	static const double bad_values[] = {
		0.0, 1.0, -0.1, 1.5, NAN, INFINITY, -INFINITY
	};
	double p[2] = { 0.55, 0.55 }, fair[2] = { 7.0, 7.0 }, z = 7.0;
	char what[128];
	size_t m, i;
	int ok;

	for (m = 0; m < NELEM(methods); m++) {
		snprintf(what, sizeof(what), "devig %s: n = 0 refused",
		    method_names[m]);
		CHECK_INT(rt_odds_devig(methods[m], p, 0, fair, &z), -1, what);
		snprintf(what, sizeof(what), "devig %s: n = 1 refused",
		    method_names[m]);
		CHECK_INT(rt_odds_devig(methods[m], p, 1, fair, &z), -1, what);
		snprintf(what, sizeof(what), "devig %s: p NULL refused",
		    method_names[m]);
		CHECK_INT(rt_odds_devig(methods[m], NULL, 2, fair, &z), -1, what);
		snprintf(what, sizeof(what), "devig %s: fair NULL refused",
		    method_names[m]);
		CHECK_INT(rt_odds_devig(methods[m], p, 2, NULL, &z), -1, what);

		ok = 1;
		for (i = 0; i < NELEM(bad_values); i++) {
			p[0] = 0.55;
			p[1] = bad_values[i];
			ok = ok && rt_odds_devig(methods[m], p, 2, fair, &z) == -1;
			p[0] = bad_values[i];
			p[1] = 0.55;
			ok = ok && rt_odds_devig(methods[m], p, 2, fair, &z) == -1;
		}
		snprintf(what, sizeof(what),
		    "devig %s: p of 0, 1, <0, >1, NaN, inf refused",
		    method_names[m]);
		CHECK(ok, what);
	}
	p[0] = p[1] = 0.55;
	CHECK_INT(rt_odds_devig((enum rt_devig)42, p, 2, fair, &z), -1,
	    "devig: unknown method refused");
	CHECK(fair[0] == 7.0 && fair[1] == 7.0 && z == 7.0,
	    "devig: refusals write nothing");
}

static void
test_devig_parse(void)
{
	enum rt_devig m;

	m = RT_DEVIG_SHIN;
	CHECK_INT(rt_odds_devig_parse("multiplicative", &m), 0,
	    "parse: multiplicative taken");
	CHECK_INT(m, RT_DEVIG_MULTIPLICATIVE, "parse: multiplicative");
	m = RT_DEVIG_SHIN;
	CHECK_INT(rt_odds_devig_parse("power", &m), 0, "parse: power taken");
	CHECK_INT(m, RT_DEVIG_POWER, "parse: power");
	m = RT_DEVIG_POWER;
	CHECK_INT(rt_odds_devig_parse("shin", &m), 0, "parse: shin taken");
	CHECK_INT(m, RT_DEVIG_SHIN, "parse: shin");

	m = RT_DEVIG_POWER;
	CHECK_INT(rt_odds_devig_parse("additive", &m), -1,
	    "parse: additive refused");
	CHECK_INT(rt_odds_devig_parse("Shin", &m), -1,
	    "parse: Shin (case) refused");
	CHECK_INT(rt_odds_devig_parse("shin ", &m), -1,
	    "parse: trailing space refused");
	CHECK_INT(rt_odds_devig_parse("", &m), -1, "parse: empty refused");
	CHECK_INT(rt_odds_devig_parse(NULL, &m), -1, "parse: NULL refused");
	CHECK_INT(m, RT_DEVIG_POWER, "parse: refusals leave *method");
}

int
main(void)
{
	test_valid();
	test_decimal_implied();
	test_implied_is_inverse();
	test_from_decimal();
	test_round_trip();
	test_win_profit();
	test_overround();
	test_devig_even();
	test_devig_lopsided();
	test_devig_three();
	test_devig_many();
	test_devig_extreme();
	test_devig_no_margin();
	test_devig_alias();
	test_devig_bad();
	test_devig_parse();
	return rt_test_done();
}
