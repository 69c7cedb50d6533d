/* theme.c: colours and glyphs. */
#include "config.h"

#include "theme.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

void theme_init(struct theme *t)
{
	const char *nc = getenv("NO_COLOR");

	t->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	t->colour = !(nc && *nc) && has_colors();
	if (!t->colour)
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_PASS, COLOR_GREEN, -1);
	init_pair(PAIR_FAIL, COLOR_RED, -1);
	init_pair(PAIR_ERROR, COLOR_MAGENTA, -1);
	init_pair(PAIR_WARN, COLOR_YELLOW, -1);
	init_pair(PAIR_DIM, COLOR_BLUE, -1);
	init_pair(PAIR_TITLE, COLOR_CYAN, -1);
	init_pair(PAIR_SELECT, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_BAR, COLOR_BLACK, COLOR_WHITE);
}

int theme_attr(const struct theme *t, enum theme_pair p)
{
	if (p == PAIR_SELECT || p == PAIR_BAR)
		return t->colour ? (int)COLOR_PAIR(p) : A_REVERSE;
	if (p == PAIR_TITLE)
		return A_BOLD | (t->colour ? (int)COLOR_PAIR(p) : 0);
	if (!t->colour || p == PAIR_NONE)
		return p == PAIR_FAIL || p == PAIR_ERROR ? A_BOLD : A_NORMAL;
	return (int)COLOR_PAIR(p) | (p == PAIR_FAIL ? A_BOLD : 0);
}

const char *theme_glyph(const struct theme *t, enum item_state st,
			bool manual, bool running)
{
	if (running)
		return t->utf8 ? "\u27f3" : "*";
	switch (st) {
	case ITEM_PASS:
	case ITEM_DONE:
		return t->utf8 ? "\u2713" : "+";
	case ITEM_FAIL:
		return t->utf8 ? "\u2717" : "x";
	case ITEM_ERROR:
		return "!";
	case ITEM_SKIPPED:
		return t->utf8 ? "\u2192" : ">";
	case ITEM_WAIVED:
		return "~";
	case ITEM_NA:
		return t->utf8 ? "\u2013" : "-";
	case ITEM_PENDING:
		break;
	}
	return manual ? (t->utf8 ? "\u25a1" : ".")
		      : (t->utf8 ? "\u25cb" : "o");
}

enum theme_pair theme_state_pair(enum item_state st)
{
	switch (st) {
	case ITEM_PASS:
	case ITEM_DONE:
		return PAIR_PASS;
	case ITEM_FAIL:
		return PAIR_FAIL;
	case ITEM_ERROR:
		return PAIR_ERROR;
	case ITEM_WAIVED:
	case ITEM_SKIPPED:
		return PAIR_WARN;
	case ITEM_NA:
		return PAIR_DIM;
	case ITEM_PENDING:
		break;
	}
	return PAIR_NONE;
}

const char *theme_spinner(const struct theme *t, unsigned n)
{
	static const char *const u[] = { "\u280b", "\u2819", "\u2839",
		"\u2838", "\u283c", "\u2834", "\u2826", "\u2827", "\u2807",
		"\u280f" };
	static const char *const a[] = { "|", "/", "-", "\\" };

	return t->utf8 ? u[n % 10] : a[n % 4];
}
