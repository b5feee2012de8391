/*
 * rt_games: game records decoded for backtests.  A backtest replays the
 * same games many times (rt-optimize runs hundreds of them), so each game
 * is decoded once into flat arrays: per book, its odds snapshots and its
 * splits snapshots in time order, each stamped with the time it became
 * known (lib/rt_game.h's rule), so that "what was known at T" is a binary
 * search and no strategy can see past its decision time.
 *
 * Ownership: a struct rt_games owns everything in it; rt_games_add()
 * copies what it needs from the (borrowed) JSON record.
 */
#ifndef RT_GAMES_H
#define RT_GAMES_H

#include <stddef.h>
#include <stdint.h>

#include "rt_buf.h"
#include "rt_json.h"

#define RT_MAXBOOKS 16		/* distinct book names over all games */
#define RT_TAG_NONE 0
#define RT_TAG_OPEN 1
#define RT_TAG_CLOSE 2

struct rt_odds_snap {
	int64_t t;		/* known from */
	int32_t home_ml, away_ml;	/* 0 when absent */
	int32_t over, under;
	float total;		/* 0 when absent */
	unsigned char tag;
};

struct rt_split_snap {
	int64_t t;
	unsigned char home_bets, home_money, over_bets, over_money;	/* 0..100; 255 absent */
	int32_t tickets;	/* -1 when absent */
};

struct rt_game_book {
	unsigned char book;		/* index into rt_games.books */
	uint32_t nodds, nsplits;
	struct rt_odds_snap *odds;	/* in time order */
	struct rt_split_snap *splits;
};

struct rt_game {
	char id[48];
	int32_t date;
	int season;
	int64_t start;			/* INT64_MIN when unknown */
	char home[8], away[8];
	int nbooks;
	struct rt_game_book *books;	/* those with snapshots */
	int has_result;
	int home_score, away_score;
	int64_t result_known;		/* INT64_MAX without a result */
	int has_splits;
	int packed;			/* books and snapshots live in the games' arena */
	size_t seq;			/* order of adding: the later of one id wins */
};

struct rt_games {
	struct rt_game *v;		/* owned, in the order added */
	size_t n, cap;
	char books[RT_MAXBOOKS][24];	/* interned book names */
	double sharpness[RT_MAXBOOKS];	/* how sharp each book's customers are */
	int nbooknames;
	void **chunks;			/* owned: the arena of packed games */
	size_t nchunks, chunk_size, chunk_used;
};

void rt_games_init(struct rt_games *gs);
void rt_games_release(struct rt_games *gs);

/* Decodes and adds one game record: 0, or -1 with a reason in err. */
int rt_games_add(struct rt_games *gs, const struct rt_json *rec, struct rt_buf *err);

/* Sorts by start (or date), then id: the order bets are placed in.  Of a
 * game added twice (two inputs holding it) the later record is kept, as
 * rt-store keeps the last record of a key. */
void rt_games_sort(struct rt_games *gs);

/* Index of a book name, or -1. */
int rt_games_book(const struct rt_games *gs, const char *name);

/* The latest snapshot of a book known at t (NULL if none). */
const struct rt_odds_snap *rt_book_odds_at(const struct rt_game_book *b, int64_t t);
const struct rt_split_snap *rt_book_splits_at(const struct rt_game_book *b, int64_t t);
/* The first odds snapshot (the open) and the close (tagged, else last). */
const struct rt_odds_snap *rt_book_open(const struct rt_game_book *b);
const struct rt_odds_snap *rt_book_close(const struct rt_game_book *b);

#endif
