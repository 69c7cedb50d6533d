/* pager.c: a full-screen, scrollable, searchable view of text (a log, the
 * help, the timeline), in the manner of less; long lines wrap. */
#include "config.h"

#include "actions.h"
#include "app.h"
#include "keyname.h"
#include "paint.h"
#include "sanitize.h"
#include "userconf.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct lines {
	char **l;
	size_t n;
};

static void split(struct lines *ls, char *text)
{
	char *p = text;

	ls->n = 0;
	ls->l = NULL;
	for (;;) {
		char *nl = strchr(p, '\n');
		ls->l = xrealloc(ls->l, (ls->n + 1) * sizeof(*ls->l));
		ls->l[ls->n++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	if (ls->n > 1 && !*ls->l[ls->n - 1])
		ls->n--;
}

/* The display rows of the logical lines in ls at width columns: a line
 * longer than the screen goes on over the next rows, never cut (a path
 * at the end of a long line, a hash).  Each row a string of its own, in
 * rows->l (owned: free_rows). */
static void wrap_rows(struct lines *rows, const struct lines *ls, int width)
{
	size_t cap = 0;

	rows->n = 0;
	rows->l = NULL;
	if (width < 1)
		width = 1;
	for (size_t i = 0; i < ls->n; i++) {
		const char *p = ls->l[i], *start = p;
		mbstate_t st;
		int col = 0;

		memset(&st, 0, sizeof(st));
		for (;;) {
			wchar_t wc;
			size_t k;
			int w;

			/* A byte below 0x80 is a character of one column, as
			 * mbrtowc and wcwidth would say (a control character
			 * counts one): no call for each. */
			if ((unsigned char)*p < 0x80) {
				k = *p ? 1 : 0;
				w = 1;
			} else {
				k = mbrtowc(&wc, p, MB_CUR_MAX, &st);
				w = 0;
			}
			if (k == (size_t)-1 || k == (size_t)-2) {
				/* sanitised text is valid UTF-8: a locale that is
				 * not UTF-8 counts a byte a column */
				memset(&st, 0, sizeof(st));
				k = 1;
				w = 1;
			} else if ((unsigned char)*p >= 0x80) {
				w = wcwidth(wc);
				if (w < 0)
					w = 1;
			} else if (!k) {
				w = 0;
			}
			if (!k || col + w > width) {
				if (rows->n == cap) {
					cap = cap ? 2 * cap : 64;
					rows->l = xrealloc(rows->l, cap *
							   sizeof(*rows->l));
				}
				rows->l[rows->n++] = xstrndup(start, (size_t)
							      (p - start));
				if (!k)
					break;
				start = p;
				col = 0;
			}
			col += w;
			p += k;
		}
	}
}

static void free_rows(struct lines *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		free(rows->l[i]);
	free(rows->l);
	rows->l = NULL;
	rows->n = 0;
}

static size_t find(const struct lines *ls, const char *what, size_t from)
{
	for (size_t i = from; i < ls->n; i++)
		if (strstr(ls->l[i], what))
			return i;
	return (size_t)-1;
}

void pager_keys_line(const struct app *a, struct buf *b, const char *sep)
{
	size_t n;
	const struct pager_key *t = pager_keys_table(&n);
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		char buf[40];

		if (!t[i].label)
			continue;
		buf_addf(b, "%s%s%s%s", first ? "" : sep,
			 userconf_pager_bar(a->opt->user, t[i].id, buf,
					    sizeof(buf)),
			 *t[i].label ? " " : "", t[i].label);
		first = false;
	}
}

const char *app_pager_key(struct app *a, enum pager_key_id id)
{
	char *k = a->pager_key_first[id];

	if (!*k)
		action_bar_keys(NULL, userconf_pager_keys(a->opt->user, id), k,
				sizeof(a->pager_key_first[id]));
	return k;
}

static enum pager_key_id pager_key_of(const struct app *a, int ch)
{
	size_t n;
	const struct pager_key *t = pager_keys_table(&n);

	for (size_t i = 0; i < n; i++)
		if (key_in(userconf_pager_keys(a->opt->user, t[i].id), ch))
			return t[i].id;
	return PAGER_NONE;
}

/* What the pager was last given, and made of it, kept for the next
 * opening (a->pager): the timeline opened again on the same journal,
 * the help, are neither sanitised nor split nor wrapped again. */
struct pager_memo {
	char *given;		/* the text as given (owned) */
	char *clean;		/* sanitised; logical's lines point in it */
	struct lines logical;
	struct lines rows;	/* logical wrapped at width (owned) */
	int width;		/* -1: not wrapped yet */
	unsigned long gen;	/* the text's generation, 0: none given */
};

static void memo_clear(struct pager_memo *pm)
{
	free_rows(&pm->rows);
	free(pm->logical.l);
	pm->logical.l = NULL;
	pm->logical.n = 0;
	free(pm->clean);
	free(pm->given);
	pm->clean = pm->given = NULL;
	pm->width = -1;
}

void pager_forget(struct app *a)
{
	if (a->pager) {
		memo_clear(a->pager);
		free(a->pager);
		a->pager = NULL;
	}
}

unsigned long pager_new_gen(void)
{
	static unsigned long last = 0;

	return ++last;
}

/* The memo holding text, split (not wrapped yet when it is new).  A
 * text of the generation the memo was made of is that text: not
 * compared again (the timeline's, a few hundred KB, was compared byte
 * for byte at every opening). */
static struct pager_memo *memo_for(struct app *a, const char *text,
				   unsigned long gen)
{
	struct pager_memo *pm = a->pager;

	if (!pm) {
		pm = a->pager = xcalloc(1, sizeof(*pm));
		pm->width = -1;
	}
	if (pm->given && gen && pm->gen == gen)
		return pm;
	if (pm->given && strcmp(pm->given, text) == 0) {
		pm->gen = gen;
		return pm;
	}
	memo_clear(pm);
	pm->gen = gen;
	pm->given = xstrdup(text);
	pm->clean = sanitize_text(text, strlen(text));
	split(&pm->logical, pm->clean);
	return pm;
}

/* One row of the pager's frame: drawn unless it shows what it showed
 * at the pager's last frame (draw_row_same), cleared first. */
static void pager_row(struct app *a, int y, int attr, const char *l)
{
	if (draw_row_same(a, y, &attr, sizeof(attr), l, NULL, NULL))
		return;
	move(y, 0);
	clrtoeol();
	if (!l)
		return;
	attron(attr);
	draw_text(y, 0, l, COLS);
	attroff(attr);
}

/* A bar (the title, the status line) likewise. */
static void pager_bar(struct app *a, int y, int kind, const char *s)
{
	if (draw_row_same(a, y, &kind, sizeof(kind), s, NULL, NULL))
		return;
	attron(theme_attr(&a->theme, PAIR_BAR));
	mvhline(y, 0, ' ', COLS);
	mvaddnstr(y, kind == 'T' ? 1 : 0, s, kind == 'T' ? COLS - 2 : COLS);
	attroff(theme_attr(&a->theme, PAIR_BAR));
}

/* Draws the pager's frame on stdscr, by rows: when kept (stdscr holds
 * the pager's last frame, nothing drawn over it since, the same size),
 * only the rows that change; else every row, each cleared. */
static void pager_frame(struct app *a, bool kept, const char *title,
			const struct lines *ls, size_t top, size_t hit,
			const char *say, const char *keys)
{
	int h = LINES - 2;
	size_t last = top + (size_t)(h > 0 ? h : 0) < ls->n
		      ? top + (size_t)(h > 0 ? h : 0) : ls->n;
	char *status;

	draw_rows_begin(a, kept);
	pager_bar(a, 0, 'T', title);
	for (int i = 0; i < h; i++) {
		const char *l = top + (size_t)i < ls->n
				? ls->l[top + (size_t)i] : NULL;
		/* "!!" marks a line to see at once (a broken chain). */
		int attr = l && strncmp(l, "!!", 2) == 0
			? theme_attr(&a->theme, PAIR_FAIL) | A_BOLD : 0;

		if (l && top + (size_t)i == hit)
			attr |= A_REVERSE;
		pager_row(a, 1 + i, attr, l);
	}
	/* A narrow screen keeps the position, search and back: "q back" is
	 * never cut. */
	status = xasprintf(" %s  lines %zu-%zu of %zu   %s", say ? say : "",
			   ls->n ? top + 1 : 0, last, ls->n, keys);
	if (draw_width(status, 4 * COLS) > COLS) {
		free(status);
		char s[40], b[40];

		status = xasprintf(" %s %zu-%zu/%zu  %s search  %s back",
				   say ? say : "", ls->n ? top + 1 : 0, last,
				   ls->n, userconf_pager_bar(a->opt->user,
				   PAGER_SEARCH, s, sizeof(s)),
				   userconf_pager_bar(a->opt->user, PAGER_BACK,
				   b, sizeof(b)));
	}
	pager_bar(a, LINES - 1, 'S', status);
	free(status);
	draw_rows_end(a);
}

void pager_show(struct app *a, const char *title, const char *text)
{
	pager_show_gen(a, title, text, 0);
}

void pager_show_gen(struct app *a, const char *title, const char *text,
		    unsigned long gen)
{
	struct pager_memo *pm = memo_for(a, text, gen);
	size_t top = 0, hit = (size_t)-1;
	char *search = NULL;
	const char *say = NULL;
	struct buf keys = BUF_INIT;
	bool kept = false;	/* stdscr holds the pager's last frame */
	unsigned long over = 0;

	pager_keys_line(a, &keys, "  ");
	for (;;) {
		int h = LINES - 2, ch;

		if (pm->width != COLS) {	/* first, and after a resize */
			free_rows(&pm->rows);
			wrap_rows(&pm->rows, &pm->logical, COLS);
			pm->width = COLS;
			hit = (size_t)-1;
		}
		if (top + (size_t)h > pm->rows.n)
			top = pm->rows.n > (size_t)h ? pm->rows.n - (size_t)h : 0;
		/* A dialog drew over it (the search, a sign-off whose
		 * checks are done): drawn whole. */
		if (over != a->overdrawn)
			kept = false;
		pager_frame(a, kept, title, &pm->rows, top, hit, say,
			    keys.data);
		/* Drawn whole, it replaces all the screen showed (the
		 * list, a dialog over it): written by relcheck (paint.c),
		 * or cleared and written by ncurses, never compared with it
		 * cell by cell (ncurses' doupdate). */
		if (!kept && !paint_whole()) {
			clearok(curscr, TRUE);
			refresh();
		} else if (kept && is_wintouched(stdscr)) {
			/* Nothing to send for a frame that changed nothing
			 * (a tick): after paint_whole, ncurses' next frame is
			 * drawn whole, and only a change needs one. */
			refresh();
		}
		kept = true;
		over = a->overdrawn;
		say = NULL;
		ch = app_getch(a);
		if (a->quit)
			break;
		if (ch == KEY_RESIZE)
			kept = false;
		if (ch == KEY_MOUSE) {
			int by = mouse_wheel();

			if (by < 0)
				top = top > (size_t)-by ? top - (size_t)-by : 0;
			else
				top += (size_t)by;
			continue;
		}
		switch (ch == ERR ? PAGER_NONE : pager_key_of(a, ch)) {
		case PAGER_BACK:
			goto out;
		case PAGER_DOWN:
			if (top + 1 < pm->rows.n)
				top++;
			break;
		case PAGER_UP:
			if (top)
				top--;
			break;
		case PAGER_PAGE_DOWN:
			top += (size_t)h;
			break;
		case PAGER_PAGE_UP:
			top = top > (size_t)h ? top - (size_t)h : 0;
			break;
		case PAGER_FIRST:
			top = 0;
			break;
		case PAGER_LAST:
			top = pm->rows.n;
			break;
		case PAGER_SEARCH: {
			/* The dialog draws over the pager (draw_screen):
			 * its next frame is drawn whole (a->overdrawn). */
			char *s = prompt_text(a, "Search", "Enter: find  Esc: "
					      "cancel", NULL, 0);

			if (s && *s) {
				free(search);
				search = s;
				hit = find(&pm->rows, search, top);
				if (hit == (size_t)-1)
					say = "not found";
				else
					top = hit;
			} else {
				free(s);
			}
			break;
		}
		case PAGER_NEXT:
			if (search) {
				size_t h2 = find(&pm->rows, search,
						 hit == (size_t)-1 ? top
						 : hit + 1);
				if (h2 == (size_t)-1) {
					say = "no more matches";
				} else {
					hit = h2;
					top = hit;
				}
			}
			break;
		case PAGER_NONE:
			break;
		}
	}
out:
	buf_free(&keys);
	free(search);
}
