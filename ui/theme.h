/* theme.h: colours and glyphs.  NO_COLOR (non-empty) turns colour off;
 * a locale that is not UTF-8 gets ASCII glyphs. */
#ifndef RELCHECK_THEME_H
#define RELCHECK_THEME_H

#include <stdbool.h>

#include "run.h"

enum theme_pair {
	PAIR_NONE,
	PAIR_PASS,
	PAIR_FAIL,
	PAIR_ERROR,
	PAIR_WARN,
	PAIR_DIM,
	PAIR_TITLE,
	PAIR_SELECT,
	PAIR_BAR,
};

struct theme {
	bool colour;
	bool utf8;
};

void theme_init(struct theme *t);
/* The attributes for a pair (A_NORMAL when colour is off). */
int theme_attr(const struct theme *t, enum theme_pair p);
const char *theme_glyph(const struct theme *t, enum item_state st,
			bool manual, bool running);
enum theme_pair theme_state_pair(enum item_state st);
/* A spinner frame for n (advancing with time). */
const char *theme_spinner(const struct theme *t, unsigned n);

#endif
