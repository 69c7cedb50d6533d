/* theme.c: colours and glyphs. */
#include "config.h"

#include "theme.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

static const char *const theme_names[] = {
	[THEME_DEFAULT] = "default", [THEME_LIGHT] = "light",
	[THEME_HIGH_CONTRAST] = "high-contrast", [THEME_MONO] = "mono",
};

static const char *const pair_names[PAIR_COUNT] = {
	[PAIR_PASS] = "pass", [PAIR_FAIL] = "fail", [PAIR_ERROR] = "error",
	[PAIR_WARN] = "warn", [PAIR_DIM] = "dim", [PAIR_TITLE] = "title",
	[PAIR_SELECT] = "select", [PAIR_BAR] = "bar",
};

static const struct {
	const char *name;
	short colour;
} colour_names[] = {
	{ "default", -1 }, { "black", COLOR_BLACK }, { "red", COLOR_RED },
	{ "green", COLOR_GREEN }, { "yellow", COLOR_YELLOW },
	{ "blue", COLOR_BLUE }, { "magenta", COLOR_MAGENTA },
	{ "cyan", COLOR_CYAN }, { "white", COLOR_WHITE },
};

int theme_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(theme_names) / sizeof(*theme_names); i++)
		if (strcmp(theme_names[i], name) == 0)
			return (int)i;
	return -1;
}

int theme_pair_by_name(const char *name)
{
	for (int i = PAIR_NONE + 1; i < PAIR_COUNT; i++)
		if (strcmp(pair_names[i], name) == 0)
			return i;
	return -1;
}

static bool colour_of(const char *s, size_t len, short *out)
{
	for (size_t i = 0; i < sizeof(colour_names) / sizeof(*colour_names);
	     i++)
		if (strlen(colour_names[i].name) == len &&
		    strncmp(colour_names[i].name, s, len) == 0) {
			*out = colour_names[i].colour;
			return true;
		}
	return false;
}

bool theme_colour_parse(const char *text, struct theme_colour *c)
{
	const char *on = strstr(text, " on ");

	c->set = true;
	c->bg = -1;
	if (!on)
		return colour_of(text, strlen(text), &c->fg);
	return colour_of(text, (size_t)(on - text), &c->fg) &&
	       colour_of(on + 4, strlen(on + 4), &c->bg);
}

/* One pair: its colours, and the attributes beside its colour. */
struct plan {
	short fg, bg;
	int attr;
};

/* Each theme's pairs, with colour. */
static const struct plan plans[][PAIR_COUNT] = {
	[THEME_DEFAULT] = {
		[PAIR_NONE] = { -1, -1, A_NORMAL },
		[PAIR_PASS] = { COLOR_GREEN, -1, A_NORMAL },
		[PAIR_FAIL] = { COLOR_RED, -1, A_BOLD },
		[PAIR_ERROR] = { COLOR_MAGENTA, -1, A_NORMAL },
		[PAIR_WARN] = { COLOR_YELLOW, -1, A_NORMAL },
		[PAIR_DIM] = { COLOR_BLUE, -1, A_NORMAL },
		[PAIR_TITLE] = { COLOR_CYAN, -1, A_BOLD },
		[PAIR_SELECT] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
		[PAIR_BAR] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL },
	},
	/* On white: no yellow or cyan text, dark bars. */
	[THEME_LIGHT] = {
		[PAIR_NONE] = { -1, -1, A_NORMAL },
		[PAIR_PASS] = { COLOR_GREEN, -1, A_BOLD },
		[PAIR_FAIL] = { COLOR_RED, -1, A_BOLD },
		[PAIR_ERROR] = { COLOR_MAGENTA, -1, A_BOLD },
		[PAIR_WARN] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL },
		[PAIR_DIM] = { COLOR_BLUE, -1, A_NORMAL },
		[PAIR_TITLE] = { COLOR_BLUE, -1, A_BOLD },
		[PAIR_SELECT] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL },
		[PAIR_BAR] = { COLOR_WHITE, COLOR_BLACK, A_NORMAL },
	},
	/* Bold everywhere, nothing dim; the failures on a background of
	 * their own, the bars and the selection the terminal's colours
	 * reversed (the strongest pair on any background). */
	[THEME_HIGH_CONTRAST] = {
		[PAIR_NONE] = { -1, -1, A_NORMAL },
		[PAIR_PASS] = { COLOR_GREEN, -1, A_BOLD },
		[PAIR_FAIL] = { COLOR_WHITE, COLOR_RED, A_BOLD },
		[PAIR_ERROR] = { COLOR_WHITE, COLOR_MAGENTA, A_BOLD },
		[PAIR_WARN] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
		[PAIR_DIM] = { -1, -1, A_BOLD },
		[PAIR_TITLE] = { -1, -1, A_BOLD | A_UNDERLINE },
		[PAIR_SELECT] = { -1, -1, A_BOLD | A_REVERSE },
		[PAIR_BAR] = { -1, -1, A_BOLD | A_REVERSE },
	},
};

/* Without colour: attributes alone. */
static int mono_attr(enum theme_name name, enum theme_pair p)
{
	int bold = name == THEME_HIGH_CONTRAST ? A_BOLD : 0;

	switch (p) {
	case PAIR_SELECT:
	case PAIR_BAR:
		return A_REVERSE | bold;
	case PAIR_TITLE:
	case PAIR_FAIL:
	case PAIR_ERROR:
		return A_BOLD;
	case PAIR_NONE:
		return A_NORMAL;
	default:
		return bold;
	}
}

void theme_plan(struct theme *t, enum theme_name name, bool colour,
		const struct theme_colour *over)
{
	if (name == THEME_MONO)
		colour = false;
	t->colour = colour;
	t->dim = name == THEME_HIGH_CONTRAST ? (int)A_NORMAL : (int)A_DIM;
	for (int p = 0; p < PAIR_COUNT; p++) {
		t->fg[p] = t->bg[p] = -1;
		if (!colour) {
			t->attr[p] = mono_attr(name, (enum theme_pair)p);
			continue;
		}
		t->fg[p] = plans[name][p].fg;
		t->bg[p] = plans[name][p].bg;
		t->attr[p] = plans[name][p].attr;
		if (p != PAIR_NONE && over && over[p].set) {
			t->fg[p] = over[p].fg;
			t->bg[p] = over[p].bg;
			t->attr[p] &= ~A_REVERSE;
		}
		/* A pair of the terminal's own colours is no pair. */
		if (p != PAIR_NONE && (t->fg[p] != -1 || t->bg[p] != -1))
			t->attr[p] |= (int)COLOR_PAIR(p);
	}
}

void theme_init(struct theme *t, enum theme_name name,
		const struct theme_colour *over)
{
	const char *nc = getenv("NO_COLOR");
	/* NO_COLOR first: it wins over every theme and colour set. */
	bool colour = !(nc && *nc) && has_colors();

	t->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	theme_plan(t, name, colour, over);
	if (!t->colour)
		return;
	start_color();
	use_default_colors();
	for (int p = PAIR_NONE + 1; p < PAIR_COUNT; p++)
		init_pair((short)p, t->fg[p], t->bg[p]);
}

int theme_attr(const struct theme *t, enum theme_pair p)
{
	return p < PAIR_COUNT ? t->attr[p] : (int)A_NORMAL;
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
