/* rt_teams: MLB team codes and their aliases (see rt_teams.h). */
#include <string.h>

#include "rt_teams.h"

const struct rt_team rt_teams[RT_NTEAMS] = {
	{ "ARI", "Arizona Diamondbacks", "NL", "West" },
	{ "ATL", "Atlanta Braves", "NL", "East" },
	{ "BAL", "Baltimore Orioles", "AL", "East" },
	{ "BOS", "Boston Red Sox", "AL", "East" },
	{ "CHC", "Chicago Cubs", "NL", "Central" },
	{ "CWS", "Chicago White Sox", "AL", "Central" },
	{ "CIN", "Cincinnati Reds", "NL", "Central" },
	{ "CLE", "Cleveland", "AL", "Central" },
	{ "COL", "Colorado Rockies", "NL", "West" },
	{ "DET", "Detroit Tigers", "AL", "Central" },
	{ "HOU", "Houston Astros", "AL", "West" },
	{ "KC", "Kansas City Royals", "AL", "Central" },
	{ "LAA", "Los Angeles Angels", "AL", "West" },
	{ "LAD", "Los Angeles Dodgers", "NL", "West" },
	{ "MIA", "Miami Marlins", "NL", "East" },
	{ "MIL", "Milwaukee Brewers", "NL", "Central" },
	{ "MIN", "Minnesota Twins", "AL", "Central" },
	{ "NYM", "New York Mets", "NL", "East" },
	{ "NYY", "New York Yankees", "AL", "East" },
	{ "OAK", "Oakland Athletics", "AL", "West" },
	{ "PHI", "Philadelphia Phillies", "NL", "East" },
	{ "PIT", "Pittsburgh Pirates", "NL", "Central" },
	{ "SD", "San Diego Padres", "NL", "West" },
	{ "SEA", "Seattle Mariners", "AL", "West" },
	{ "SF", "San Francisco Giants", "NL", "West" },
	{ "STL", "St. Louis Cardinals", "NL", "Central" },
	{ "TB", "Tampa Bay Rays", "AL", "East" },
	{ "TEX", "Texas Rangers", "AL", "West" },
	{ "TOR", "Toronto Blue Jays", "AL", "East" },
	{ "WSH", "Washington Nationals", "NL", "East" },
};

/* Alias, canonical: SBRO's codes (both layouts, 2020's mixed ones) and
 * the other spellings in common use. */
const char *const rt_team_aliases[] = {
	"ANA", "LAA", "BRS", "BOS", "CHW", "CWS", "CUB", "CHC", "FLA", "MIA",
	"KAN", "KC", "KCR", "KC", "LOS", "LAD", "SDG", "SD", "SDP", "SD",
	"SFG", "SF", "SFO", "SF", "TAM", "TB", "TBR", "TB", "WAS", "WSH",
	"WSN", "WSH", "ATH", "OAK", "AZ", "ARI", NULL
};

const char *
rt_team_canonical(const char *code, size_t n)
{
	size_t i;

	for (i = 0; i < RT_NTEAMS; i++)
		if (strlen(rt_teams[i].code) == n && memcmp(rt_teams[i].code, code, n) == 0)
			return rt_teams[i].code;
	for (i = 0; rt_team_aliases[i] != NULL; i += 2)
		if (strlen(rt_team_aliases[i]) == n &&
		    memcmp(rt_team_aliases[i], code, n) == 0)
			return rt_team_aliases[i + 1];
	return NULL;
}

int
rt_team_index(const char *code)
{
	int i;

	for (i = 0; i < RT_NTEAMS; i++)
		if (strcmp(rt_teams[i].code, code) == 0)
			return i;
	return -1;
}
