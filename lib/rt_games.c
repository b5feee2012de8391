/* rt_games: game records decoded for backtests (see rt_games.h). */
#include <stdlib.h>
#include <string.h>

#include "rt_game.h"
#include "rt_games.h"
#include "rt_time.h"

void
rt_games_init(struct rt_games *gs)
{
	memset(gs, 0, sizeof *gs);
}

/* While a game is decoded its books and snapshots are on the heap; once
 * it is complete they move into one block of the games' arena, game after
 * game, so that a backtest walks memory in order (ten seasons are 100 MB:
 * scattered, a backtest waited on cache misses more than it computed). */
static void
game_free(struct rt_game *g)
{
	int b;

	if (!g->packed) {
		for (b = 0; b < g->nbooks; b++) {
			free(g->books[b].odds);
			free(g->books[b].splits);
		}
		free(g->books);
	}
	g->books = NULL;
	g->nbooks = 0;
}

#define CHUNK ((size_t)8 << 20)

static void *
pool_alloc(struct rt_games *gs, size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (gs->nchunks == 0 || gs->chunk_used + n > gs->chunk_size) {
		size_t size = n > CHUNK ? n : CHUNK;

		gs->chunks = rt_xrealloc(gs->chunks, (gs->nchunks + 1) * sizeof *gs->chunks);
		gs->chunks[gs->nchunks++] = rt_xmalloc(size);
		gs->chunk_size = size;
		gs->chunk_used = 0;
	}
	p = (char *)gs->chunks[gs->nchunks - 1] + gs->chunk_used;
	gs->chunk_used += n;
	return p;
}

static void
pack(struct rt_games *gs, struct rt_game *g)
{
	size_t need = (size_t)g->nbooks * sizeof *g->books, off;
	struct rt_game_book *nb;
	char *blk;
	int b;

	for (b = 0; b < g->nbooks; b++)
		need += (g->books[b].nodds * sizeof *g->books[b].odds + 15) / 16 * 16 +
		    (g->books[b].nsplits * sizeof *g->books[b].splits + 15) / 16 * 16;
	need = (need + 15) / 16 * 16 + 16;
	blk = pool_alloc(gs, need);
	nb = (struct rt_game_book *)blk;
	off = ((size_t)g->nbooks * sizeof *g->books + 15) / 16 * 16;
	for (b = 0; b < g->nbooks; b++) {
		size_t no = g->books[b].nodds * sizeof *g->books[b].odds;
		size_t ns = g->books[b].nsplits * sizeof *g->books[b].splits;

		nb[b] = g->books[b];
		nb[b].odds = (struct rt_odds_snap *)(blk + off);
		memcpy(nb[b].odds, g->books[b].odds, no);
		off += (no + 15) / 16 * 16;
		nb[b].splits = (struct rt_split_snap *)(blk + off);
		memcpy(nb[b].splits, g->books[b].splits, ns);
		off += (ns + 15) / 16 * 16;
		free(g->books[b].odds);
		free(g->books[b].splits);
	}
	free(g->books);
	g->books = nb;
	g->packed = 1;
}

void
rt_games_release(struct rt_games *gs)
{
	size_t i;

	for (i = 0; i < gs->n; i++)
		game_free(&gs->v[i]);
	for (i = 0; i < gs->nchunks; i++)
		free(gs->chunks[i]);
	free(gs->chunks);
	free(gs->v);
	rt_games_init(gs);
}

int
rt_games_book(const struct rt_games *gs, const char *name)
{
	int i;

	for (i = 0; i < gs->nbooknames; i++)
		if (strcmp(gs->books[i], name) == 0)
			return i;
	return -1;
}

/* How sharp a book's customers are (1: an ordinary retail book): strategies
 * that weigh books against each other read it, once per book, not per game. */
static double
book_sharpness(const char *book)
{
	static const struct { const char *book; double w; } table[] = {
		{ "circa", 1.5 }, { "pinnacle", 1.5 }, { "draftkings", 1.2 },
		{ "fanduel", 1.0 }, { "betmgm", 0.8 }, { "caesars", 0.8 },
	};
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].book, book) == 0)
			return table[i].w;
	return 1.0;
}

static int
intern(struct rt_games *gs, const char *name)
{
	int i = rt_games_book(gs, name);

	if (i >= 0)
		return i;
	if (gs->nbooknames == RT_MAXBOOKS || strlen(name) >= sizeof gs->books[0])
		return -1;
	gs->sharpness[gs->nbooknames] = book_sharpness(name);
	snprintf(gs->books[gs->nbooknames], sizeof gs->books[0], "%s", name);
	return gs->nbooknames++;
}

static struct rt_game_book *
game_book(struct rt_game *g, int book)
{
	int i;

	for (i = 0; i < g->nbooks; i++)
		if (g->books[i].book == book)
			return &g->books[i];
	g->books = rt_xrealloc(g->books, (size_t)(g->nbooks + 1) * sizeof *g->books);
	memset(&g->books[g->nbooks], 0, sizeof g->books[0]);
	g->books[g->nbooks].book = (unsigned char)book;
	return &g->books[g->nbooks++];
}

/* The game's entry for a snapshot's book (interned); NULL with a reason. */
static struct rt_game_book *
snap_book(struct rt_games *gs, struct rt_game *g, const char *book, struct rt_buf *err)
{
	int b = intern(gs, book);

	if (b >= 0)
		return game_book(g, b);
	if (strlen(book) >= sizeof gs->books[0])
		rt_buf_addf(err, "book name \"%s\" longer than %zu bytes", book,
		    sizeof gs->books[0] - 1);
	else
		rt_buf_addf(err, "more than %d books", RT_MAXBOOKS);
	return NULL;
}

static int32_t
price(const struct rt_json *v, int *bad)
{
	int64_t o;

	if (v == NULL || rt_json_type(v) == RT_JSON_NULL)
		return 0;
	if (rt_json_int(v, &o) == -1 || (o > -100 && o < 100) || o < -100000 || o > 100000) {
		*bad = 1;
		return 0;
	}
	return (int32_t)o;
}

static unsigned char
pctv(const struct rt_json *v, int *bad)
{
	double d;

	if (v == NULL || rt_json_type(v) == RT_JSON_NULL)
		return 255;
	if (rt_json_num(v, &d) == -1 || d < 0 || d > 100) {
		*bad = 1;
		return 255;
	}
	return (unsigned char)(d + 0.5);
}

/* Snapshots arrive in time order, but known times of tagless ones may not be. */
static void
sort_odds(struct rt_odds_snap *a, uint32_t n)
{
	uint32_t i, j;

	for (i = 1; i < n; i++) {
		struct rt_odds_snap x = a[i];

		for (j = i; j > 0 && a[j - 1].t > x.t; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

static void
sort_splits(struct rt_split_snap *a, uint32_t n)
{
	uint32_t i, j;

	for (i = 1; i < n; i++) {
		struct rt_split_snap x = a[i];

		for (j = i; j > 0 && a[j - 1].t > x.t; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

int
rt_games_add(struct rt_games *gs, const struct rt_json *rec, struct rt_buf *err)
{
	struct rt_game g;
	const struct rt_json *arr, *s, *res;
	const char *id, *date, *home, *away, *start, *book, *tag, *tstr, *why;
	const struct rt_json *m;
	int64_t hs, as, season;
	int pass, b;

	memset(&g, 0, sizeof g);
	id = rt_json_str(rt_json_get(rec, "game_id"));
	date = rt_json_str(rt_json_get(rec, "date"));
	home = rt_json_str(rt_json_get(rec, "home"));
	away = rt_json_str(rt_json_get(rec, "away"));
	if (id == NULL || date == NULL || home == NULL || away == NULL) {
		rt_buf_adds(err, "game without game_id, date, home or away");
		return -1;
	}
	if (strlen(id) >= sizeof g.id || strlen(home) >= sizeof g.home ||
	    strlen(away) >= sizeof g.away) {
		rt_buf_adds(err, "game_id or team code too long");
		return -1;
	}
	snprintf(g.id, sizeof g.id, "%s", id);
	snprintf(g.home, sizeof g.home, "%s", home);
	snprintf(g.away, sizeof g.away, "%s", away);
	if (rt_date_parse(date, strlen(date), &g.date, &why) == -1) {
		rt_buf_addf(err, "\"date\" %s: %s", date, why);
		return -1;
	}
	g.season = rt_json_int(rt_json_get(rec, "season"), &season) == 0 ? (int)season : 0;
	g.start = INT64_MIN;
	if ((start = rt_json_str(rt_json_get(rec, "start"))) != NULL &&
	    rt_time_parse(start, strlen(start), &g.start, &why) == -1) {
		rt_buf_addf(err, "\"start\" %s: %s", start, why);
		return -1;
	}
	/* Two passes over each array: count per book, then fill. */
	for (pass = 0; pass < 2; pass++) {
		arr = rt_json_get(rec, "odds");
		for (s = rt_json_first(arr); s != NULL; s = rt_json_next(s)) {
			struct rt_game_book *gb;
			struct rt_odds_snap *o;
			int bad = 0;
			int64_t t;
			double total;

			if ((book = rt_json_str(rt_json_get(s, "book"))) == NULL)
				continue;
			if ((gb = snap_book(gs, &g, book, err)) == NULL)
				goto fail;
			if (pass == 0) {
				gb->nodds++;
				continue;
			}
			o = &gb->odds[gb->nodds++];
			tstr = tag = NULL;
			/* one walk over the members (a decade of games is millions
			 * of snapshots: a look-up per field cost more than parsing) */
			for (m = rt_json_first(s); m != NULL; m = rt_json_next(m)) {
				const char *k = rt_json_key(m);

				switch (k[0]) {
				case 't':
					if (k[1] == '\0')
						tstr = rt_json_str(m);
					else if (strcmp(k, "tag") == 0)
						tag = rt_json_str(m);
					else if (strcmp(k, "total") == 0 && rt_json_num(m, &total) == 0)
						o->total = (float)total;
					break;
				case 'h': if (strcmp(k, "home_ml") == 0) o->home_ml = price(m, &bad); break;
				case 'a': if (strcmp(k, "away_ml") == 0) o->away_ml = price(m, &bad); break;
				case 'o': if (strcmp(k, "over") == 0) o->over = price(m, &bad); break;
				case 'u': if (strcmp(k, "under") == 0) o->under = price(m, &bad); break;
				}
			}
			if (tstr != NULL ? rt_time_parse(tstr, strlen(tstr), &t, NULL) == -1 :
			    rt_game_snapshot_known(rec, s, &t) == -1) {
				rt_buf_adds(err, "an odds snapshot has a malformed time");
				goto fail;
			}
			o->t = t;
			o->tag = tag == NULL ? RT_TAG_NONE : strcmp(tag, "open") == 0 ?
			    RT_TAG_OPEN : strcmp(tag, "close") == 0 ? RT_TAG_CLOSE : RT_TAG_NONE;
			if (bad) {
				rt_buf_addf(err, "odds snapshot of %s has a price that is not "
				    "an American price", book);
				goto fail;
			}
		}
		arr = rt_json_get(rec, "splits");
		for (s = rt_json_first(arr); s != NULL; s = rt_json_next(s)) {
			struct rt_game_book *gb;
			struct rt_split_snap *sp;
			int bad = 0;
			int64_t t, tk;

			if ((book = rt_json_str(rt_json_get(s, "book"))) == NULL)
				continue;
			if ((gb = snap_book(gs, &g, book, err)) == NULL)
				goto fail;
			if (pass == 0) {
				gb->nsplits++;
				continue;
			}
			sp = &gb->splits[gb->nsplits++];
			sp->home_bets = sp->home_money = sp->over_bets = sp->over_money = 255;
			sp->tickets = -1;
			tstr = NULL;
			for (m = rt_json_first(s); m != NULL; m = rt_json_next(m)) {
				const char *k = rt_json_key(m);

				if (k[0] == 't' && k[1] == '\0')
					tstr = rt_json_str(m);
				else if (strcmp(k, "home_bets_pct") == 0)
					sp->home_bets = pctv(m, &bad);
				else if (strcmp(k, "home_money_pct") == 0)
					sp->home_money = pctv(m, &bad);
				else if (strcmp(k, "over_bets_pct") == 0)
					sp->over_bets = pctv(m, &bad);
				else if (strcmp(k, "over_money_pct") == 0)
					sp->over_money = pctv(m, &bad);
				else if (strcmp(k, "tickets") == 0 && rt_json_int(m, &tk) == 0)
					sp->tickets = (int32_t)tk;
			}
			if (tstr != NULL ? rt_time_parse(tstr, strlen(tstr), &t, NULL) == -1 :
			    rt_game_snapshot_known(rec, s, &t) == -1) {
				rt_buf_adds(err, "a splits snapshot has a malformed time");
				goto fail;
			}
			sp->t = t;
			if (bad) {
				rt_buf_addf(err, "splits snapshot of %s has a percentage "
				    "outside 0..100", book);
				goto fail;
			}
			g.has_splits = 1;
		}
		if (pass == 0)
			for (b = 0; b < g.nbooks; b++) {
				g.books[b].odds = rt_xcalloc(g.books[b].nodds + 1, sizeof *g.books[b].odds);
				g.books[b].splits = rt_xcalloc(g.books[b].nsplits + 1,
				    sizeof *g.books[b].splits);
				g.books[b].nodds = g.books[b].nsplits = 0;
			}
	}
	for (b = 0; b < g.nbooks; b++) {
		sort_odds(g.books[b].odds, g.books[b].nodds);
		sort_splits(g.books[b].splits, g.books[b].nsplits);
	}
	res = rt_json_get(rec, "result");
	g.result_known = INT64_MAX;
	if (res != NULL && rt_json_type(res) == RT_JSON_OBJECT) {
		if (rt_json_int(rt_json_get(res, "home_score"), &hs) == -1 ||
		    rt_json_int(rt_json_get(res, "away_score"), &as) == -1 || hs < 0 || as < 0) {
			rt_buf_adds(err, "result without whole home_score and away_score");
			goto fail;
		}
		if (rt_game_result_known(rec, &g.result_known) == -1) {
			rt_buf_adds(err, "result with a malformed final_at");
			goto fail;
		}
		g.has_result = 1;
		g.home_score = (int)hs;
		g.away_score = (int)as;
	}
	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? gs->cap * 2 : 1024;
		gs->v = rt_xrealloc(gs->v, gs->cap * sizeof *gs->v);
	}
	pack(gs, &g);
	g.seq = gs->n;
	gs->v[gs->n++] = g;
	return 0;
fail:
	game_free(&g);
	return -1;
}

static int64_t
order_time(const struct rt_game *g)
{
	return g->start != INT64_MIN ? g->start : rt_date_time(g->date) + 86399;
}

static int
cmp_game(const void *x, const void *y)
{
	const struct rt_game *a = x, *b = y;
	int64_t ta = order_time(a), tb = order_time(b);

	int c;

	if (ta != tb)
		return ta < tb ? -1 : 1;
	if ((c = strcmp(a->id, b->id)) != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static unsigned long
id_hash(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

void
rt_games_sort(struct rt_games *gs)
{
	size_t cap = 16, i, h, keep = 0;
	size_t *slot;		/* index + 1 of the latest record of an id */
	char *drop;

	if (gs->n > 1)
		qsort(gs->v, gs->n, sizeof *gs->v, cmp_game);
	/* One record per game: the one added last (a hash of ids). */
	while (cap < gs->n * 2)
		cap *= 2;
	slot = rt_xcalloc(cap, sizeof *slot);
	for (i = 0; i < gs->n; i++) {
		for (h = id_hash(gs->v[i].id) & (cap - 1); slot[h] != 0 &&
		    strcmp(gs->v[slot[h] - 1].id, gs->v[i].id) != 0; h = (h + 1) & (cap - 1))
			;
		if (slot[h] == 0 || gs->v[slot[h] - 1].seq < gs->v[i].seq)
			slot[h] = i + 1;
	}
	/* mark first (the slots point at positions compaction would move) */
	drop = rt_xcalloc(gs->n + 1, 1);
	for (i = 0; i < gs->n; i++) {
		for (h = id_hash(gs->v[i].id) & (cap - 1);
		    strcmp(gs->v[slot[h] - 1].id, gs->v[i].id) != 0; h = (h + 1) & (cap - 1))
			;
		drop[i] = slot[h] - 1 != i;	/* an earlier copy */
	}
	for (i = 0; i < gs->n; i++) {
		if (drop[i]) {
			game_free(&gs->v[i]);
			continue;
		}
		gs->v[keep++] = gs->v[i];
	}
	gs->n = keep;
	free(slot);
	free(drop);
}

/* Index after the last element with .t <= t, in an array of structs whose
 * first member is the int64_t t (both snapshot kinds), sorted by t. */
static uint32_t
upper(const void *base, uint32_t n, size_t size, int64_t t)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		int64_t tm;

		memcpy(&tm, (const char *)base + (size_t)mid * size, sizeof tm);
		if (tm <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct rt_odds_snap *
rt_book_odds_at(const struct rt_game_book *b, int64_t t)
{
	uint32_t i = upper(b->odds, b->nodds, sizeof *b->odds, t);

	return i > 0 ? &b->odds[i - 1] : NULL;
}

const struct rt_split_snap *
rt_book_splits_at(const struct rt_game_book *b, int64_t t)
{
	uint32_t i = upper(b->splits, b->nsplits, sizeof *b->splits, t);

	return i > 0 ? &b->splits[i - 1] : NULL;
}

const struct rt_odds_snap *
rt_book_open(const struct rt_game_book *b)
{
	uint32_t i;

	for (i = 0; i < b->nodds; i++)
		if (b->odds[i].tag == RT_TAG_OPEN)
			return &b->odds[i];
	return b->nodds ? &b->odds[0] : NULL;
}

const struct rt_odds_snap *
rt_book_close(const struct rt_game_book *b)
{
	uint32_t i;

	for (i = b->nodds; i-- > 0;)
		if (b->odds[i].tag == RT_TAG_CLOSE)
			return &b->odds[i];
	return b->nodds ? &b->odds[b->nodds - 1] : NULL;
}
