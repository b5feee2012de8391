/* rt_kind: the contract's record kinds (see rt_kind.h). */
#include <string.h>

#include "rt_kind.h"

static const char *const names[RT_KIND_COUNT] = {
	"game", "bet", "metric", "market", "trigger", "alert", "schedule",
	"job", "param", "trial", "model", "verdict", "rollout", "assignment"
};

const char *
rt_kind_name(enum rt_kind k)
{
	return (unsigned)k < RT_KIND_COUNT ? names[k] : "?";
}

int
rt_name_index(const char *const *table, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(s, table[i]) == 0)
			return i;
	return -1;
}

int
rt_kind_parse(const char *name, enum rt_kind *k)
{
	int i = rt_name_index(names, RT_KIND_COUNT, name);

	if (i < 0)
		return -1;
	*k = (enum rt_kind)i;
	return 0;
}
