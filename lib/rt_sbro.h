/*
 * rt_sbro: games from the yearly "MLB Scores and Odds" spreadsheets of
 * sportsbookreviewsonline.com (SBRO), in either of the two layouts found
 * in ../shared/data/mlb-odds:
 *
 *   tidy  one row per game, header "seas,date,v_rot,v_team,...";
 *   raw   two rows per game (visitor "V" then home "H"; "N" twice for a
 *         neutral site), header "Date,Rot,VH,Team,Pitcher,...", dates
 *         "MDD"/"MMDD" with the year taken from the file name
 *         (mlb_odds_YYYY.csv) or given.
 *
 * The layout is told from each file's header.  A game becomes an open and
 * a close snapshot (moneylines, total and its prices; the run line on the
 * close), the result, the rotation numbers, the starting pitchers (raw)
 * and the neutral-site flag.  "NA" and "NL" are missing values.  Team
 * codes go through rt_teams.  A doubleheader's games are numbered by row
 * order: DATE-AWAY-HOME-1, -2.
 *
 * A row that cannot be a game (a price that is not an American price or
 * is beyond --max-price, a total that is not a run total, a visitor row
 * without its home row, an unknown team) is bad input with its reason; a
 * raw game's two rows are rejected together.
 */
#ifndef RT_SBRO_H
#define RT_SBRO_H

#include <stdint.h>

#include "rt_buf.h"
#include "rt_json.h"
#include "rt_lines.h"

struct rt_sbro_snap {
	int have_home_ml, have_away_ml, have_total, have_over, have_under;
	long home_ml, away_ml, over, under;
	double total;
};

struct rt_sbro_game {
	int season;
	int32_t date;
	const char *home, *away;	/* canonical codes, static */
	int home_rot, away_rot, have_rot;
	int neutral;
	int have_result, home_score, away_score;
	char home_pitcher[48], away_pitcher[48];
	struct rt_sbro_snap open, close;
	int have_home_rl, have_away_rl, have_home_rl_odds, have_away_rl_odds;
	double home_rl, away_rl;
	long home_rl_odds, away_rl_odds;
	int number;			/* doubleheader number, from 1 */
	char game_id[48];
	size_t line;			/* first line of the game */
};

enum rt_sbro_layout { RT_SBRO_UNKNOWN, RT_SBRO_TIDY, RT_SBRO_RAW };

struct rt_sbro_seen;	/* doubleheader counts, private */

struct rt_sbro {
	struct rt_lines lines;
	long max_price;			/* |price| above it is a typo */
	int year_override;		/* --year, or 0 */
	size_t cur_file;		/* input (rt_lines' count) whose header was read */
	enum rt_sbro_layout layout;
	int year;			/* of the raw file being read */
	struct rt_sbro_seen *seen;	/* owned */
	struct rt_buf pending_raw;	/* the visitor row, as read */
	size_t pending_line;
	const char *pending_name;	/* the file the visitor row came from */
	int pending;
};

#define RT_SBRO_MAX_PRICE 1000

void rt_sbro_init(struct rt_sbro *s, char *const *paths, size_t npaths,
    const char *reject_path, size_t max_line, long max_price, int year);

/* The next game into *g: 1, or 0 at the end (or at a bad row without a reject file). */
int rt_sbro_next(struct rt_sbro *s, struct rt_sbro_game *g);

/* Writes the game record (kind "game") as one compact JSON object. */
void rt_sbro_write(const struct rt_sbro_game *g, struct rt_jw *w);

int rt_sbro_release(struct rt_sbro *s);

#endif
