/* pager.c: a full-screen, scrollable, searchable view of text (a log, the
 * help, the timeline), in the manner of less; long lines wrap. */
#include "config.h"

#include "actions.h"
#include "app.h"
#include "keyname.h"
#include "sanitize.h"

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

void pager_keys_line(struct buf *b, const char *sep)
{
	size_t n;
	const struct pager_key *t = pager_keys_table(&n);
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		char buf[16];

		if (!t[i].label)
			continue;
		buf_addf(b, "%s%s%s%s", first ? "" : sep,
			 action_bar_keys(t[i].bar, t[i].keys, buf, sizeof(buf)),
			 *t[i].label ? " " : "", t[i].label);
		first = false;
	}
}

static enum pager_key_id pager_key_of(int ch)
{
	size_t n;
	const struct pager_key *t = pager_keys_table(&n);

	for (size_t i = 0; i < n; i++)
		if (key_in(t[i].keys, ch))
			return t[i].id;
	return PAGER_NONE;
}

void pager_show(struct app *a, const char *title, const char *text)
{
	char *clean = sanitize_text(text, strlen(text));
	struct lines logical, ls = { NULL, 0 };
	int wrapped_at = -1;
	size_t top = 0, hit = (size_t)-1;
	char *search = NULL;
	const char *say = NULL;
	struct buf keys = BUF_INIT;

	a->frame_kept = false;	/* stdscr is the pager's now */
	pager_keys_line(&keys, "  ");
	split(&logical, clean);
	for (;;) {
		int h = LINES - 2, ch;

		if (wrapped_at != COLS) {	/* first, and after a resize */
			free_rows(&ls);
			wrap_rows(&ls, &logical, COLS);
			wrapped_at = COLS;
			hit = (size_t)-1;
		}

		erase();
		attron(theme_attr(&a->theme, PAIR_BAR));
		mvhline(0, 0, ' ', COLS);
		mvaddnstr(0, 1, title, COLS - 2);
		attroff(theme_attr(&a->theme, PAIR_BAR));
		if (top + (size_t)h > ls.n)
			top = ls.n > (size_t)h ? ls.n - (size_t)h : 0;
		for (int i = 0; i < h && top + (size_t)i < ls.n; i++) {
			const char *l = ls.l[top + (size_t)i];
			/* "!!" marks a line to see at once (a broken chain). */
			int attr = strncmp(l, "!!", 2) == 0
				? theme_attr(&a->theme, PAIR_FAIL) | A_BOLD : 0;
			if (top + (size_t)i == hit)
				attr |= A_REVERSE;
			attron(attr);
			draw_text(1 + i, 0, l, COLS);
			attroff(attr);
		}
		attron(theme_attr(&a->theme, PAIR_BAR));
		mvhline(LINES - 1, 0, ' ', COLS);
		{
			/* A narrow screen keeps the position, search and
			 * back: "q back" is never cut. */
			size_t last = top + (size_t)h < ls.n ? top + (size_t)h
							      : ls.n;
			char *status = xasprintf(" %s  lines %zu-%zu of %zu   "
				"%s", say ? say : "", ls.n ? top + 1 : 0, last,
				ls.n, keys.data);
			bool wide = draw_width(status, 4 * COLS) > COLS;

			if (wide) {
				free(status);
				status = xasprintf(" %s %zu-%zu/%zu  / search  q "
					"back", say ? say : "",
					ls.n ? top + 1 : 0, last, ls.n);
			}
			mvaddnstr(LINES - 1, 0, status, COLS);
			free(status);
		}
		attroff(theme_attr(&a->theme, PAIR_BAR));
		refresh();
		say = NULL;
		ch = app_getch(a);
		if (a->quit)
			break;
		switch (ch == ERR ? PAGER_NONE : pager_key_of(ch)) {
		case PAGER_BACK:
			goto out;
		case PAGER_DOWN:
			if (top + 1 < ls.n)
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
			top = ls.n;
			break;
		case PAGER_SEARCH: {
			char *s = prompt_text(a, "Search", "Enter: find  Esc: "
					      "cancel", NULL, 0);
			if (s && *s) {
				free(search);
				search = s;
				hit = find(&ls, search, top);
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
				size_t h2 = find(&ls, search, hit == (size_t)-1
						 ? top : hit + 1);
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
	free_rows(&ls);
	free(logical.l);
	free(clean);
}
