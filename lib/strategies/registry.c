/* The strategies rt knows: one line each (see rt_strategy.h). */
#include "rt_strategy.h"

extern const struct rt_strategy rt_strategy_sharp_action;
extern const struct rt_strategy rt_strategy_line_movement;
extern const struct rt_strategy rt_strategy_consensus;
extern const struct rt_strategy rt_strategy_late_flip;

const struct rt_strategy *const rt_strategies[] = {
	&rt_strategy_sharp_action,
	&rt_strategy_line_movement,
	&rt_strategy_consensus,
	&rt_strategy_late_flip,
	NULL
};
