/*
 * rt_kind: the record kinds of the contract.  A record whose "kind" is not
 * one of these is bad input for every program.
 */
#ifndef RT_KIND_H
#define RT_KIND_H

enum rt_kind {
	RT_KIND_GAME,
	RT_KIND_BET,
	RT_KIND_METRIC,
	RT_KIND_MARKET,
	RT_KIND_TRIGGER,
	RT_KIND_ALERT,
	RT_KIND_SCHEDULE,
	RT_KIND_JOB,
	RT_KIND_PARAM,
	RT_KIND_TRIAL,
	RT_KIND_MODEL,
	RT_KIND_VERDICT,
	RT_KIND_ROLLOUT,
	RT_KIND_ASSIGNMENT,
	RT_KIND_COUNT
};

/* Bit set of kinds, for "this program reads these". */
#define RT_KIND_BIT(k) (1u << (k))
#define RT_KIND_ALL ((1u << RT_KIND_COUNT) - 1)

const char *rt_kind_name(enum rt_kind k);	/* static string */
int rt_kind_parse(const char *name, enum rt_kind *k);
/* The index of s in a table of n names (the contract's enumerations:
 * kinds, trigger types, severities, levels), or -1. */
int rt_name_index(const char *const *names, int n, const char *s);	/* -1 when unknown */

#endif
