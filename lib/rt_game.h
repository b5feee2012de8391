/*
 * rt_game: what of a game record was known at a given time, the rule
 * behind every program's --now (CONTRACT.md: ignore odds and splits
 * snapshots taken after it, and results not final by it).
 *
 *   snapshot with "t"        known from t
 *   "close" without "t"      known from "start", else the end of the date
 *   any other without "t"    known from the start of the game's date (00:00Z)
 *   result with "final_at"   known from final_at
 *   result without it        known from noon (UTC) of the day after the date
 *
 * The tagless rules serve SBRO's data, which has only opening and closing
 * lines and no times.  docs/formats.md states them for users.
 */
#ifndef RT_GAME_H
#define RT_GAME_H

#include <stdint.h>

#include "rt_json.h"

/* When the game's result became known, or INT64_MAX when it has none; -1 on a bad time. */
int rt_game_result_known(const struct rt_json *game, int64_t *at);

/* When a snapshot of the game became known; -1 when its time is bad. */
int rt_game_snapshot_known(const struct rt_json *game,
    const struct rt_json *snap, int64_t *at);

/*
 * Writes the game as known at `now`: the same members in the same order,
 * later snapshots left out of "odds" and "splits", "result" left out when
 * not final by then.  Returns -1 (nothing usable written) with *why set
 * when a time in the record is malformed.
 */
int rt_game_write_known(struct rt_jw *w, const struct rt_json *game,
    int64_t now, const char **why);

#endif
