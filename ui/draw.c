/* draw.c: the screen: its layout, header and status line, and the
 * drawing helpers of the views (the list: view-list.c; the detail pane:
 * view-detail.c).
 * Side by side from 100 columns, stacked below that; at least 60x15. */
#include "config.h"

#include "app.h"
#include "policy.h"
#include "sanitize.h"
#include "trust.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

char *app_expand(const struct app *a, const char *raw)
{
	return checklist_show(a->cl, raw);
}

const char *app_show(struct app *a, const char *raw)
{
	return raw ? vars_memo_show(&a->shown, &a->cl->vars, raw) : "";
}

bool app_item_running(struct app *a, const struct item *it)
{
	for (size_t i = 0; i < a->nbatches; i++)
		if (scheduler_running(a->batches[i].s, it))
			return true;
	return false;
}

static bool may_write(const struct app *a)
{
	return a->run && !a->run->closed && !run_read_only(a->run) &&
	       !a->opt->audit;
}

/* The required items of ph that are open; 0 when ph is ready.  Within
 * a frame nothing changes the run: the count is taken once a phase. */
size_t app_phase_open(struct app *a, const struct phase *ph)
{
	size_t n;

	if (a->drawing)
		for (size_t i = 0; i < a->nopen; i++)
			if (a->open_phase[i] == ph)
				return a->open_count[i];
	/* run_signoff_blockers's count, without its lines */
	n = policy_signoff_open(a->run, ph);
	if (a->drawing && a->nopen < a->cl->nphases) {
		a->open_phase[a->nopen] = ph;
		a->open_count[a->nopen++] = n;
	}
	return n;
}

bool app_phase_ready(struct app *a, const struct phase *ph)
{
	if (!may_write(a) || !ph || run_phase(a->run, ph)->signed_off)
		return false;
	for (size_t i = 0; i < ph->nitems; i++)
		if (app_item_running(a, ph->items[i]))
			return false;
	return app_phase_open(a, ph) == 0;
}

bool app_close_ready(struct app *a)
{
	return may_write(a) && !policy_unsigned_phase(a->run);
}

/* The last row draw_text wrote on while track_rows is set (the detail
 * pane's, draw_frame). */
static bool track_rows;
static int track_ymax;

/* The character of the n bytes at s, in *wc, and the columns the
 * terminal gives it (wcwidth: two for a CJK character or an emoji, none
 * for a combining accent); -1 when the n bytes are not one character
 * the locale decodes, or one with no width (a control). */
static int char_width(const char *s, size_t n, wchar_t *wc)
{
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	if (mbrtowc(wc, s, n, &st) != n)
		return -1;
	return wcwidth(*wc);
}

/* One printable character of one column (a glyph: ✓ ▸ »), as a cell
 * with the attributes given; false for anything else (a control, a
 * wide or combining character, bytes the locale does not decode). */
static bool glyph_cell(const char *s, size_t len, attr_t attrs, short pair,
		       cchar_t *cell)
{
	wchar_t wc[2] = { 0, 0 };

	if (char_width(s, len, &wc[0]) != 1 || wc[0] < 0xA0)
		return false;
	return setcchar(cell, wc, attrs & ~A_COLOR, pair, NULL) == OK;
}

/* mvaddnstr(y, x, s, n), faster.  ncurses takes a string a byte at a
 * time through its multibyte decoder (a quarter of a frame's time);
 * a run of printable ASCII that fits on the line goes in as cells
 * instead (waddchnstr), with the attributes in force, and so does a
 * glyph of one column (wadd_wchnstr).  Anything else (a wide character,
 * a tab, a run that would wrap) goes to mvaddnstr from where the cursor
 * is, so the screen is the same cell for cell. */
void draw_text(int y, int x, const char *s, int n)
{
	chtype cells[128];
	attr_t attrs;
	short pair;
	int i = 0;

	if (track_rows && y > track_ymax)
		track_ymax = y;

	attr_get(&attrs, &pair, NULL);
	attrs = (attrs & ~A_COLOR) | (attr_t)COLOR_PAIR(pair);
	while (i < n && s[i]) {
		int k = 0;

		while (i + k < n && k < (int)(sizeof(cells) / sizeof(*cells)) &&
		       s[i + k] >= 0x20 && s[i + k] < 0x7f)
			k++;
		if (k == 0) {
			unsigned char c = (unsigned char)s[i];
			int len = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
			cchar_t cell;

			if (len > n - i)
				len = n - i;
			/* A glyph that fits, the line going on after it or
			 * not needing to: a cell. */
			if (x + 1 <= COLS &&
			    (x + 1 < COLS || i + len >= n || !s[i + len]) &&
			    glyph_cell(s + i, (size_t)len, attrs, pair,
				       &cell)) {
				mvadd_wchnstr(y, x, &cell, 1);
				x++;
				i += len;
				move(y, x);
				continue;
			}
			/* One character the slow way, and on from where
			 * ncurses left the cursor. */
			mvaddnstr(y, x, s + i, len);
			getyx(stdscr, y, x);
			if (track_rows && y > track_ymax)
				track_ymax = y;
			i += len;
			continue;
		}
		if (x + k > COLS || (x + k == COLS && i + k < n && s[i + k])) {
			/* The rest the slow way: it wraps. */
			mvaddnstr(y, x, s + i, n - i);
			if (track_rows) {
				getyx(stdscr, y, x);
				if (y > track_ymax)
					track_ymax = y;
			}
			return;
		}
		for (int j = 0; j < k; j++)
			cells[j] = (chtype)(unsigned char)s[i + j] | attrs;
		mvaddchnstr(y, x, cells, k);
		x += k;
		i += k;
		move(y, x);
	}
}

/* Writes s at (y, x), at most w columns (multibyte-aware). */
void draw_put(int y, int x, int w, const char *s)
{
	if (w > 0)
		draw_text(y, x, s, w);	/* counts bytes: see clip below */
}

/* The prefix of s that fits in w columns, and the columns it takes
 * (UTF-8; ASCII one column a byte, anything else what wcwidth says: a
 * title in Japanese is not cut at twice the room it has). */
static size_t clip(const char *s, int w, int *width)
{
	size_t i = 0;
	int cols = 0;

	while (s[i] && cols < w) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		int cw = 1;

		for (size_t k = 1; k < n; k++)
			if (!s[i + k])
				goto out;
		if (n > 1) {
			wchar_t wc;

			/* Bytes the locale does not decode: one column. */
			cw = char_width(s + i, n, &wc);
			if (cw < 0)
				cw = 1;
		}
		if (cols + cw > w)
			break;
		i += n;
		cols += cw;
	}
out:
	*width = cols;
	return i;
}

size_t draw_clip(const char *s, int w)
{
	int cols;

	return clip(s, w, &cols);
}

/* The columns that the prefix draw_clip(s, w) takes. */
int draw_width(const char *s, int w)
{
	int cols;

	clip(s, w, &cols);
	return cols;
}

void draw_put_clip(int y, int x, int w, const char *s)
{
	if (w > 0)
		draw_text(y, x, s, (int)draw_clip(s, w));
}

/* Word-wraps text into the box; returns the next free line. */
int draw_wrap(int y, int x, int w, int ymax, const char *text)
{
	const char *p = text;

	while (*p && y < ymax) {
		size_t n = draw_clip(p, w), cut = n;
		const char *nl = memchr(p, '\n', n);

		if (nl) {
			cut = (size_t)(nl - p);
		} else if (p[n]) {
			size_t sp = n;
			while (sp > 0 && p[sp] != ' ')
				sp--;
			if (sp > 0)
				cut = sp;
		}
		draw_text(y++, x, p, (int)cut);
		p += cut;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return y;
}

/* The phases' progress, "setup 5/5 ✓ · pre 5/11 · ..."; compact, "5/5
 * 5/11 ...", when the long form does not leave room for a name. */
static void progress_text(struct app *a, bool compact, struct buf *b)
{
	for (size_t p = 0; p < a->run->nphases; p++) {
		const struct phase_record *ph = &a->run->phases[p];
		size_t done, total;

		run_progress(a->run, ph->phase, &done, &total);
		if (compact)
			buf_addf(b, "%s%zu/%zu%s", p ? " " : "", done, total,
				 ph->signed_off ? (a->theme.utf8 ? "\u2713"
						   : "+") : "");
		else
			buf_addf(b, "%s%s %zu/%zu%s", p ? (a->theme.utf8
				 ? " \xc2\xb7 " : " | ") : "", ph->phase->id,
				 done, total, ph->signed_off
				 ? (a->theme.utf8 ? " \u2713" : " ok") : "");
	}
}

/* The header's right side: what the run has done (made into a->head).
 * Counting every phase's items and printing the counts was a fifth of
 * a key's frame: it is made again only when what it is made of
 * changed, an event taken by the run (nevents: every change of an
 * item's state is an event's), the width, or the name's width. */
static bool head_key_same(const struct head_key *x,
			  const struct head_key *y)
{
	return x->events == y->events && x->cols == y->cols &&
	       x->name_w == y->name_w && x->run == y->run &&
	       x->closed == y->closed &&
	       x->reviews_gen == y->reviews_gen && x->nreviews == y->nreviews;
}

/* A closed run's state by the review policy (run_state_word), in one
 * line safe for the terminal (a reviewer's name is anybody's text):
 * "run 1.0.0 rejected by Cy <cy@x>", "run 1.0.0 awaiting review (1 of 2
 * approvals)"; compact, for a narrow screen: "run 1.0.0 rejected", "run
 * 1.0.0 1/2 approvals", "run 1.0.0 approved 2/2".  Caller frees. */
char *draw_run_state(const struct run *run, bool compact)
{
	const char *w = run_state_word(run);
	const char *rel = run->release ? run->release : "";
	char *safe, *out;

	if (compact && run->closed && run->cl->review.set) {
		struct review_tally t;	/* as run_state_word reads it */

		policy_review_tally(run, &t);
		if (t.rejected)
			return xasprintf("run %s rejected", rel);
		if ((long long)t.approvals >= t.needed)
			return xasprintf("run %s approved %zu/%lld", rel,
					 t.approvals, t.needed);
		return xasprintf("run %s %zu/%lld approvals", rel, t.approvals,
				 t.needed);
	}
	safe = sanitize_text(w, strlen(w));
	for (char *p = safe; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	out = xasprintf("run %s %s", rel, safe);
	free(safe);
	return out;
}

/* The theme's pair for a run's state: rejected fails, approved passes. */
enum theme_pair draw_state_pair(const struct run *run)
{
	const char *w = run_state_word(run);

	if (str_starts_with(w, "rejected"))
		return PAIR_FAIL;
	if (str_starts_with(w, "approved"))
		return PAIR_PASS;
	return PAIR_NONE;
}

static const char *header_right(struct app *a, int cols, const char *mode,
				const char *name)
{
	struct head_key k;

	k.events = a->run ? a->run->nevents : 0;
	k.cols = cols;
	k.name_w = draw_width(name, cols);
	k.run = a->run != NULL;
	k.closed = a->run && a->run->closed;
	k.reviews_gen = a->reviews_gen;
	k.nreviews = a->run ? a->run->nreviews : 0;
	if (a->head.data && head_key_same(&k, &a->head_key))
		return a->head.data;
	a->head_key = k;
	if (!a->head.data)
		buf_init(&a->head);
	buf_reset(&a->head);
	if (a->run) {
		progress_text(a, false, &a->head);
		/* Compact when the long form leaves the name no room. */
		if (draw_width(a->head.data, cols) + 11 + (int)strlen(mode) +
		    k.name_w + 2 > cols) {
			buf_reset(&a->head);
			progress_text(a, true, &a->head);
		}
	} else {
		buf_adds(&a->head, "no run: give --release to record one");
	}
	if (a->run && a->run->closed) {
		/* Said first: it must not be cut off on a narrow screen. */
		char *state = draw_run_state(a->run, false);
		char *all;

		if (draw_width(state, cols) + 11 + (int)strlen(mode) +
		    k.name_w + 2 + draw_width(a->head.data, cols) + 3 > cols) {
			free(state);
			state = draw_run_state(a->run, true);
		}
		all = xasprintf("%s%s%s", state, !a->head.len ? ""
				: a->theme.utf8 ? " \xc2\xb7 " : " | ",
				a->head.data);
		free(state);
		buf_reset(&a->head);
		buf_adds(&a->head, all);
		free(all);
	}
	return a->head.data;
}

/* The state at the head of the header's right side (up to its " · " or
 * " | ") drawn again in its colour: rejected in the failure colour,
 * approved in the pass colour; without colours (NO_COLOR) bold for a
 * rejection, on the bar's reverse. */
static void draw_state_colour(struct app *a, int x, const char *right)
{
	enum theme_pair p = draw_state_pair(a->run);
	const char *sep = strstr(right, a->theme.utf8 ? " \xc2\xb7 " : " | ");
	size_t n = sep ? (size_t)(sep - right) : strlen(right);
	int at;

	if (p == PAIR_NONE)
		return;
	at = theme_attr(&a->theme, p) | (a->theme.colour ? 0 : A_REVERSE);
	attrset(at);
	draw_text(0, x, right, (int)n);
	attrset(theme_attr(&a->theme, PAIR_BAR));
}

/* The top line: relcheck, the mode (AUDIT, DEMO), the checklist's name,
 * and at the right what the run has done.  On a narrow screen the name
 * gives way first, then the counters get compact; the mode and the
 * counters are never cut (80x24 is a first-class size). */
static void draw_header(struct app *a, int cols)
{
	const struct checklist *cl = a->cl;
	const char *name = app_show(a, cl->name ? cl->name : "relcheck");
	const char *mode = a->opt->audit ? "AUDIT " : a->opt->demo ? "DEMO "
			   : "";
	struct buf right = BUF_INIT;
	int x, room;

	buf_init(&right);
	buf_adds(&right, header_right(a, cols, mode, name));
	{
		/* The state is in right, and so in the row's key. */
		int closed = a->run && a->run->closed;

		if (draw_row_same(a, 0, &closed, sizeof(closed), mode, name,
				  right.data)) {
			buf_free(&right);
			return;
		}
	}
	attron(theme_attr(&a->theme, PAIR_BAR));
	mvhline(0, 0, ' ', cols);
	draw_put(0, 0, cols, " relcheck  ");
	x = 11;
	attron(A_BOLD);
	if (*mode && x + (int)strlen(mode) < cols) {
		draw_put(0, x, cols - x, mode);
		x += (int)strlen(mode);
	}
	room = cols - x - draw_width(right.data, cols) - 2;
	if (room < 8 && a->run && a->run->closed) {
		/* That the run is closed outranks its counters. */
		char *state = draw_run_state(a->run, true);

		buf_reset(&right);
		buf_adds(&right, state);
		free(state);
		room = cols - x - draw_width(right.data, cols) - 2;
	}
	if (room < 8)		/* not even the counters fit: the name does */
		room = cols - x - 1;
	draw_put_clip(0, x, room, name);
	attroff(A_BOLD);
	if (room < cols - x - 1) {
		int rx = cols - draw_width(right.data, cols) - 1;

		draw_put_clip(0, rx, cols, right.data);
		if (a->run && a->run->closed)
			draw_state_colour(a, rx, right.data);
	}
	attroff(theme_attr(&a->theme, PAIR_BAR));
	buf_free(&right);
}

/* The keys on the status line; where they do not fit, the hints that do,
 * whole, and always help and quit (every list ends with them). */
static void draw_keys(struct app *a, int y, int w, const char *keys)
{
	char tail[48];
	const char *cut = keys, *p;
	int room;

	snprintf(tail, sizeof(tail), "%s help  %s quit", app_key(a, ACT_HELP),
		 app_key(a, ACT_QUIT));
	room = w - (int)strlen(tail) - 2;

	if ((int)strlen(keys) <= w) {
		draw_put(y, 1, w, keys);
		return;
	}
	for (p = strstr(keys, "  "); p && p - keys <= room;
	     p = strstr(p + 2, "  "))
		cut = p;
	if (cut > keys) {
		mvaddnstr(y, 1, keys, (int)(cut - keys));
		addstr("  ");
		addstr(tail);
	} else {
		draw_put(y, 1, w, tail);
	}
}

bool draw_row_same(struct app *a, int y, const void *key, size_t n,
		   const char *s1, const char *s2, const char *s3)
{
	const char *strs[3] = { s1, s2, s3 };
	struct buf *b, *now = &a->sig_now, t;

	if (y < 0 || y >= a->sig_rows)
		return false;
	/* The key's bytes, then each string as 'S', its bytes and its
	 * NUL, or 'N' for none (read back one way only): no printf, a
	 * frame asks it of every row. */
	buf_reset(now);
	buf_add(now, key, n);
	for (size_t i = 0; i < 3; i++) {
		buf_addc(now, strs[i] ? 'S' : 'N');
		if (strs[i])
			buf_add(now, strs[i], strlen(strs[i]) + 1);
	}
	b = &a->sig[y];
	if (a->frame_reuse && b->len == now->len &&
	    memcmp(b->data, now->data, now->len) == 0)
		return true;
	t = *b;		/* now is what the row shows from here */
	*b = *now;
	*now = t;
	return false;
}

/* A frame drawn whole: every row's description forgotten (an erased row
 * shows "", as one the list does not reach). */
static void sig_reset(struct app *a, int rows, int cols)
{
	if (rows != a->sig_rows) {
		for (int y = 0; y < a->sig_rows; y++)
			buf_free(&a->sig[y]);
		free(a->sig);
		a->sig = xcalloc((size_t)rows, sizeof(*a->sig));
		a->sig_rows = rows;
	}
	a->sig_cols = cols;
	for (int y = 0; y < rows; y++)
		buf_reset(&a->sig[y]);
}

void draw_rows_begin(struct app *a, bool kept)
{
	a->frame_kept = false;	/* the loop's frame is not on stdscr */
	a->frame_reuse = kept && a->sig_rows == LINES && a->sig_cols == COLS;
	if (!a->frame_reuse)
		sig_reset(a, LINES, COLS);
}

void draw_rows_end(struct app *a)
{
	a->frame_reuse = false;
}

void draw_forget(struct app *a)
{
	for (int y = 0; y < a->sig_rows; y++)
		buf_free(&a->sig[y]);
	free(a->sig);
	a->sig = NULL;
	a->sig_rows = a->sig_cols = 0;
	buf_free(&a->sig_now);
	buf_free(&a->head);
	a->frame_kept = false;
}

static bool draw_frame(struct app *a);

/* The bottom line: the message, or the keys. */
static void draw_status(struct app *a, int rows, int cols)
{
	const char *keys = a->message ? NULL : actions_hints(a);
	int kind = a->message ? a->message_error ? 'E' : 'M' : 'K';

	if (draw_row_same(a, rows - 1, &kind, sizeof(kind), a->message, keys,
			  NULL))
		return;
	attron(theme_attr(&a->theme, PAIR_BAR));
	mvhline(rows - 1, 0, ' ', cols);
	if (a->message) {
		if (a->message_error)
			attron(A_BOLD);
		draw_put_clip(rows - 1, 1, cols - 2, a->message);
		attroff(A_BOLD);
	} else {
		draw_keys(a, rows - 1, cols - 2, keys);
	}
	attroff(theme_attr(&a->theme, PAIR_BAR));
}

/* Composes the screen in stdscr.  main: the loop's own frame, one after
 * another, drawing only the rows that change (draw_row_same); any other
 * caller draws over the frame (a dialog), so the next one is drawn
 * whole. */
static void compose(struct app *a, bool main)
{
	bool kept;

	if (!a->open_phase) {
		a->open_phase = xcalloc(a->cl->nphases + 1,
					sizeof(*a->open_phase));
		a->open_count = xcalloc(a->cl->nphases + 1,
					sizeof(*a->open_count));
	}
	/* A frame keeps the counts of the frame before until the run
	 * records an event. */
	if (!a->run || a->run->nevents != a->open_events) {
		a->nopen = 0;
		a->open_events = a->run ? a->run->nevents : 0;
	}
	a->drawing = true;
	a->frame_reuse = main && a->frame_kept &&
			 a->sig_rows == LINES && a->sig_cols == COLS;
	kept = draw_frame(a);
	a->frame_kept = kept && main;
	if (!main)
		a->overdrawn++;
	a->frame_reuse = false;
	a->drawing = false;
}

/* Sends nothing: the caller refreshes once it has drawn what goes over
 * it.  A refresh here put out a frame without the dialog at every tick
 * of a dialog's wait, the dialog blinking out while checks ran (and a
 * tmux capture seeing the list). */
void draw_screen(struct app *a)
{
	compose(a, false);
}

void draw_main_frame(struct app *a)
{
	compose(a, true);
	refresh();
}

/* false when the frame is not the layout of rows (too small a terminal,
 * the audit's timeline). */
static bool draw_frame(struct app *a)
{
	int rows = LINES, cols = COLS;
	bool wide = cols >= 100;
	int list_h, list_w, det_y, det_x, det_h, det_w;

	if (!a->frame_reuse) {
		erase();
		sig_reset(a, rows, cols);
	}
	if (rows < 15 || cols < 60) {
		/* Wrapped: it must be read in any width. */
		char *msg = xasprintf("relcheck needs a terminal of at least "
				      "60x15; this one is %dx%d.\nMake it "
				      "larger, or press %s to quit.", cols, rows,
				      app_key(a, ACT_QUIT));
		draw_wrap(0, 0, cols, rows, msg);
		free(msg);
		return false;
	}
	/* A verdict given from another process shows at the next key or
	 * tick (reviews.c). */
	app_reviews_follow(a);
	draw_header(a, cols);
	if (a->timeline)
		return false;	/* the timeline draws itself */
	list_h = wide ? rows - 2 : (rows - 2) / 2;
	list_w = wide ? cols * 11 / 20 : cols;
	det_x = wide ? list_w + 2 : 1;
	det_y = wide ? 1 : 2 + list_h;
	det_h = wide ? rows - 2 : rows - 3 - list_h;
	det_w = wide ? cols - list_w - 3 : cols - 2;
	draw_list(a, 1, list_h, list_w);
	/* The separator stays from the frame before (a row the list
	 * clears is cleared up to it, view-list.c's clear_row). */
	if (!a->frame_reuse && wide)
		mvvline(1, list_w, ACS_VLINE, rows - 2);
	else if (!a->frame_reuse)
		mvhline(1 + list_h, 0, ACS_HLINE, cols);
	/* The detail pane is drawn anew, over the rows it wrote on at the
	 * frame before, cleared (the rows below them are blank). */
	if (a->frame_reuse)
		for (int y = det_y; y < det_y + a->det_rows && y < det_y + det_h;
		     y++) {
			move(y, wide ? list_w + 1 : 0);
			clrtoeol();
		}
	track_rows = true;
	track_ymax = det_y - 1;
	draw_detail(a, det_y, det_x, det_h, det_w);
	track_rows = false;
	a->det_rows = track_ymax - det_y + 1;
	draw_status(a, rows, cols);
	return true;
}
