/* theme.h: colours and glyphs.  NO_COLOR (non-empty) turns colour off
 * whatever the user's theme; a locale that is not UTF-8 gets ASCII
 * glyphs. */
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
	PAIR_COUNT
};

/* The themes the user's config may name (theme = "light"). */
enum theme_name {
	THEME_DEFAULT,		/* a dark or any background */
	THEME_LIGHT,		/* readable on a white background */
	THEME_HIGH_CONTRAST,	/* bold, nothing dim, strong pairs */
	THEME_MONO,		/* no colour: attributes alone */
};

/* A pair's colours as the user set them (colours = { pass = "green" }):
 * curses' colour numbers, -1 the terminal's own. */
struct theme_colour {
	bool set;
	short fg, bg;
};

struct theme {
	bool colour;
	bool utf8;
	short fg[PAIR_COUNT], bg[PAIR_COUNT];	/* colour: init_pair's */
	int attr[PAIR_COUNT];			/* what theme_attr gives */
	int dim;	/* a dialog's hints: A_DIM, or none (high-contrast) */
};

/* The theme called name; -1 when there is none.  THEME_NAMES lists
 * them for a message. */
int theme_by_name(const char *name);
#define THEME_NAMES "default, light, high-contrast, mono"
/* The pair called name ("pass", "select"); -1 (PAIR_NONE is not one). */
int theme_pair_by_name(const char *name);
#define THEME_PAIR_NAMES "pass, fail, error, warn, dim, title, select, bar"
/* "green", "white on blue", "default": into *c; false when it is not
 * that. */
bool theme_colour_parse(const char *text, struct theme_colour *c);

/* Decides each pair's colours and attributes (t->fg, t->bg, t->attr)
 * for theme name, with colour or without (NO_COLOR, a terminal without
 * colours, the mono theme), and the user's colours over (PAIR_COUNT of
 * them, or NULL; not used without colour).  Needs no terminal. */
void theme_plan(struct theme *t, enum theme_name name, bool colour,
		const struct theme_colour *over);
/* The screen's theme: NO_COLOR (non-empty) turns colour off whatever the
 * theme; then theme_plan, and the pairs made (curses started). */
void theme_init(struct theme *t, enum theme_name name,
		const struct theme_colour *over);
/* The attributes for a pair (A_NORMAL when colour is off). */
int theme_attr(const struct theme *t, enum theme_pair p);
const char *theme_glyph(const struct theme *t, enum item_state st,
			bool manual, bool running);
enum theme_pair theme_state_pair(enum item_state st);
/* A spinner frame for n (advancing with time). */
const char *theme_spinner(const struct theme *t, unsigned n);

#endif
