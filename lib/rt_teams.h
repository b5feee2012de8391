/*
 * rt_teams: the one table of MLB team codes.  rt writes the codes MLB
 * itself uses (ARI ATL BAL BOS CHC CWS CIN CLE COL DET HOU KC LAA LAD MIA
 * MIL MIN NYM NYY OAK PHI PIT SD SEA SF STL TB TEX TOR WSH); every other
 * spelling a source uses (SBRO's CUB, KAN, SDG, SFO, TAM, WAS, LOS, BRS,
 * ...) is an alias of one of them.  docs/formats.md prints the table.
 */
#ifndef RT_TEAMS_H
#define RT_TEAMS_H

#include <stddef.h>

#define RT_NTEAMS 30

struct rt_team {
	const char *code;	/* canonical */
	const char *name;
	const char *league;	/* "AL" or "NL" */
	const char *division;	/* "East", "Central", "West" */
};

extern const struct rt_team rt_teams[RT_NTEAMS];

/* The canonical code for a code or alias (n bytes, case-sensitive), or NULL. */
const char *rt_team_canonical(const char *code, size_t n);

/* Index of a canonical code in rt_teams, or -1. */
int rt_team_index(const char *code);

/* Every alias and its code, alternating (alias, code, alias, code, ...),
 * NULL-terminated: for documentation and tests. */
extern const char *const rt_team_aliases[];

#endif
