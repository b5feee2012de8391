/* rt_game: a game as known at a time (see rt_game.h). */
#include <string.h>

#include "rt_game.h"
#include "rt_time.h"

static int
time_member(const struct rt_json *obj, const char *key, int64_t *t, int *present)
{
	const struct rt_json *v = rt_json_get(obj, key);
	const char *s;

	*present = 0;
	if (v == NULL || rt_json_type(v) == RT_JSON_NULL)
		return 0;
	if ((s = rt_json_str(v)) == NULL ||
	    rt_time_parse(s, strlen(s), t, NULL) == -1)
		return -1;
	*present = 1;
	return 0;
}

static int
game_date(const struct rt_json *game, int32_t *days)
{
	const char *s = rt_json_str(rt_json_get(game, "date"));

	if (s == NULL || rt_date_parse(s, strlen(s), days, NULL) == -1)
		return -1;
	return 0;
}

int
rt_game_result_known(const struct rt_json *game, int64_t *at)
{
	const struct rt_json *res = rt_json_get(game, "result");
	int32_t days;
	int present;

	if (res == NULL || rt_json_type(res) != RT_JSON_OBJECT) {
		*at = INT64_MAX;
		return 0;
	}
	if (time_member(res, "final_at", at, &present) == -1)
		return -1;
	if (present)
		return 0;
	if (game_date(game, &days) == -1)
		return -1;
	*at = rt_date_time(days + 1) + 12 * 3600;
	return 0;
}

int
rt_game_snapshot_known(const struct rt_json *game, const struct rt_json *snap,
    int64_t *at)
{
	const char *tag;
	int32_t days;
	int present;

	if (time_member(snap, "t", at, &present) == -1)
		return -1;
	if (present)
		return 0;
	if (game_date(game, &days) == -1)
		return -1;
	tag = rt_json_str(rt_json_get(snap, "tag"));
	if (tag != NULL && strcmp(tag, "close") == 0) {
		if (time_member(game, "start", at, &present) == -1)
			return -1;
		if (!present)
			*at = rt_date_time(days + 1) - 1;
		return 0;
	}
	*at = rt_date_time(days);
	return 0;
}

int
rt_game_write_known(struct rt_jw *w, const struct rt_json *game, int64_t now,
    const char **why)
{
	const struct rt_json *m, *snap;
	int64_t at;

	rt_jw_obj(w);
	for (m = rt_json_first(game); m != NULL; m = rt_json_next(m)) {
		const char *key = rt_json_key(m);

		if ((strcmp(key, "odds") == 0 || strcmp(key, "splits") == 0) &&
		    rt_json_type(m) == RT_JSON_ARRAY) {
			rt_jw_key(w, key);
			rt_jw_arr(w);
			for (snap = rt_json_first(m); snap != NULL; snap = rt_json_next(snap)) {
				if (rt_game_snapshot_known(game, snap, &at) == -1) {
					*why = "snapshot with a malformed time";
					return -1;
				}
				if (at <= now)
					rt_jw_value(w, snap);
			}
			rt_jw_end(w);
		} else if (strcmp(key, "result") == 0) {
			if (rt_game_result_known(game, &at) == -1) {
				*why = "result with a malformed final_at";
				return -1;
			}
			if (at <= now) {
				rt_jw_key(w, key);
				rt_jw_value(w, m);
			}
		} else {
			rt_jw_key(w, key);
			rt_jw_value(w, m);
		}
	}
	rt_jw_end(w);
	return 0;
}
