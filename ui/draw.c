/* draw.c: the screen: header, checklist, detail pane, status line.
 * Side by side from 100 columns, stacked below that; at least 60x15. */
#include "config.h"

#include "app.h"
#include "sanitize.h"
#include "trust.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

char *app_expand(const struct app *a, const char *raw)
{
	return checklist_show(a->cl, raw);
}

bool app_item_running(struct app *a, const struct item *it)
{
	for (size_t i = 0; i < a->nbatches; i++)
		if (scheduler_running(a->batches[i].s, it))
			return true;
	return false;
}

static struct item_record *rec(struct app *a, const struct item *it)
{
	return a->run ? run_item(a->run, it) : NULL;
}

static bool may_write(const struct app *a)
{
	return a->run && !a->run->closed && !run_read_only(a->run) &&
	       !a->opt->audit;
}

/* The required items of ph that are open; 0 when ph is ready. */
static size_t phase_open(struct app *a, const struct phase *ph)
{
	size_t n = 0;
	char **list = run_signoff_blockers(a->run, ph, &n);

	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return n;
}

bool app_phase_ready(struct app *a, const struct phase *ph)
{
	if (!may_write(a) || !ph || run_phase(a->run, ph)->signed_off)
		return false;
	for (size_t i = 0; i < ph->nitems; i++)
		if (app_item_running(a, ph->items[i]))
			return false;
	return phase_open(a, ph) == 0;
}

bool app_close_ready(struct app *a)
{
	if (!may_write(a))
		return false;
	for (size_t i = 0; i < a->run->nphases; i++)
		if (!a->run->phases[i].signed_off)
			return false;
	return true;
}

/* Writes s at (y, x), at most w columns (multibyte-aware). */
static void put(int y, int x, int w, const char *s)
{
	if (w > 0)
		mvaddnstr(y, x, s, w);	/* counts bytes: see clip below */
}

/* The prefix of s that fits in w columns (UTF-8 aware, one column per
 * character, which holds for the text relcheck shows). */
static size_t clip(const char *s, int w)
{
	size_t i = 0;
	int cols = 0;

	while (s[i] && cols < w) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		for (size_t k = 1; k < n; k++)
			if (!s[i + k])
				return i;
		i += n;
		cols++;
	}
	return i;
}

/* The columns that the prefix clip(s, w) takes. */
static int width(const char *s, int w)
{
	size_t n = clip(s, w);
	int cols = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			cols++;
	return cols;
}

static void put_clip(int y, int x, int w, const char *s)
{
	if (w > 0)
		mvaddnstr(y, x, s, (int)clip(s, w));
}

/* Word-wraps text into the box; returns the next free line. */
static int wrap(int y, int x, int w, int ymax, const char *text)
{
	const char *p = text;

	while (*p && y < ymax) {
		size_t n = clip(p, w), cut = n;
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
		mvaddnstr(y++, x, p, (int)cut);
		p += cut;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return y;
}

static void draw_header(struct app *a, int cols)
{
	const struct checklist *cl = a->cl;
	char *name = app_expand(a, cl->name ? cl->name : "relcheck");
	struct buf right = BUF_INIT;

	buf_init(&right);
	if (a->run) {
		for (size_t p = 0; p < a->run->nphases; p++) {
			size_t done, total;
			run_progress(a->run, a->run->phases[p].phase, &done,
				     &total);
			buf_addf(&right, "%s%s %zu/%zu%s", p ? (a->theme.utf8
				 ? " \xc2\xb7 " : " | ") : "",
				 a->run->phases[p].phase->id, done, total,
				 a->run->phases[p].signed_off
				 ? (a->theme.utf8 ? " \u2713" : " ok") : "");
		}
	} else {
		buf_adds(&right, "no run: give --release to record one");
	}
	if (a->run && a->run->closed) {
		/* Said first: it must not be cut off on a narrow screen. */
		char *all = xasprintf("run %s closed%s%s", a->run->release
				      ? a->run->release : "", !right.len ? ""
				      : a->theme.utf8 ? " \xc2\xb7 " : " | ",
				      right.data);
		buf_reset(&right);
		buf_adds(&right, all);
		free(all);
	}
	attron(theme_attr(&a->theme, PAIR_BAR));
	mvhline(0, 0, ' ', cols);
	put(0, 0, cols, " relcheck  ");
	attron(A_BOLD);
	put_clip(0, 11, cols - 11, name);
	attroff(A_BOLD);
	if ((int)strlen(right.data) + 2 < cols - 12 - (int)strlen(name))
		put_clip(0, cols - width(right.data, cols) - 1, cols,
			 right.data);
	if (a->opt->audit)
		put(0, cols > 60 ? cols / 2 - 4 : 40, 8, " AUDIT ");
	else if (a->opt->demo)
		put(0, cols > 60 ? cols / 2 - 4 : 40, 8, " DEMO ");
	attroff(theme_attr(&a->theme, PAIR_BAR));
	free(name);
	buf_free(&right);
}

/* A phase's sign-off row, or the run's close row: what it does, and on
 * the right whether it is done, ready, or what it waits for. */
static void draw_stop_row(struct app *a, const struct row *r, int y, int w,
			  bool selected)
{
	struct phase_record *pr = r->signoff ? run_phase(a->run, r->phase)
					     : NULL;
	bool done = r->signoff ? pr->signed_off : a->run->closed;
	bool ready = r->signoff ? app_phase_ready(a, r->phase)
				: app_close_ready(a);
	char *label = r->signoff ? xasprintf("Sign off phase %s",
					     r->phase->id)
				 : xstrdup("Close the run");
	char right[32];
	enum theme_pair pair = done ? theme_state_pair(ITEM_PASS)
			       : ready ? PAIR_WARN : PAIR_DIM;

	if (done)
		snprintf(right, sizeof(right), "%s", r->signoff ? "signed"
			 : "closed");
	else if (ready)
		snprintf(right, sizeof(right), "ready");
	else if (r->signoff && a->run)
		snprintf(right, sizeof(right), "%zu open",
			 phase_open(a, r->phase));
	else
		right[0] = '\0';
	if (selected) {
		attron(theme_attr(&a->theme, PAIR_SELECT));
		mvhline(y, 0, ' ', w);
		put_clip(y, 0, 1, a->theme.utf8 ? "\u25b8" : ">");
	}
	attron(theme_attr(&a->theme, pair));
	put_clip(y, 2, 1, done ? (a->theme.utf8 ? "\u2713" : "+")
		 : a->theme.utf8 ? "\u00bb" : ">");
	attroff(theme_attr(&a->theme, pair));
	if (selected)
		attron(theme_attr(&a->theme, PAIR_SELECT));
	attron(A_BOLD);
	put_clip(y, 4, w - 14, label);
	attroff(A_BOLD);
	put(y, w - 9, 9, right);
	if (selected)
		attroff(theme_attr(&a->theme, PAIR_SELECT));
	free(label);
}

static void draw_list(struct app *a, int y0, int h, int w)
{
	if (a->sel < a->top)
		a->top = a->sel;
	if (a->sel >= a->top + (size_t)h)
		a->top = a->sel - (size_t)h + 1;
	/* Keep the phase and section headings just above the selection in
	 * view when there is room. */
	while (a->top > 0 && !row_stop(&a->rows[a->top - 1]) &&
	       a->sel - (a->top - 1) < (size_t)h)
		a->top--;
	for (int i = 0; i < h && a->top + (size_t)i < a->nrows; i++) {
		const struct row *r = &a->rows[a->top + (size_t)i];
		bool selected = a->top + (size_t)i == a->sel;
		int y = y0 + i;

		if (r->item) {
			struct item_record *ir = rec(a, r->item);
			enum item_state st = ir ? ir->state : ITEM_PENDING;
			bool running = app_item_running(a, r->item);
			char *title = app_expand(a, r->item->title);
			const char *g = running
				? theme_spinner(&a->theme, a->tick)
				: theme_glyph(&a->theme, st, !r->item->check,
					      false);

			if (selected) {
				attron(theme_attr(&a->theme, PAIR_SELECT));
				mvhline(y, 0, ' ', w);
				put_clip(y, 0, 1, a->theme.utf8 ? "\u25b8" : ">");
			}
			attron(theme_attr(&a->theme, theme_state_pair(st)));
			put_clip(y, 2, 1, g);
			attroff(theme_attr(&a->theme, theme_state_pair(st)));
			if (selected)
				attron(theme_attr(&a->theme, PAIR_SELECT));
			put_clip(y, 4, w - 14, title);
			if (r->item->optional &&
			    width(title, w) + 11 < w - 14)
				put_clip(y, 4 + width(title, w) + 1, 12,
					 "(optional)");
			if (running) {
				put(y, w - 9, 9, " running");
			} else if (ir && ir->state != ITEM_PENDING) {
				put(y, w - 9, 9, item_state_name(st));
			}
			if (selected)
				attroff(theme_attr(&a->theme, PAIR_SELECT));
			free(title);
		} else if (r->signoff || r->close) {
			draw_stop_row(a, r, y, w, selected);
		} else if (r->section) {
			char *s = app_expand(a, r->section);
			attron(A_BOLD);
			put_clip(y, 1, w - 1, s);
			attroff(A_BOLD);
			free(s);
		} else {
			char *s = app_expand(a, r->phase->title);
			struct phase_record *pr = a->run
				? run_phase(a->run, r->phase) : NULL;
			attron(theme_attr(&a->theme, PAIR_TITLE));
			put_clip(y, 0, w, s);
			attroff(theme_attr(&a->theme, PAIR_TITLE));
			if (pr && pr->signed_off)
				put_clip(y, width(s, w) + 1, w - width(s, w) - 1,
					 "(signed off)");
			else if (app_phase_ready(a, r->phase))
				put_clip(y, width(s, w) + 1, w - width(s, w) - 1,
					 "(ready to sign off)");
			free(s);
		}
	}
}

/* The detail of a sign-off or close row: its state, what it waits for,
 * and the key that does it. */
static void draw_stop_detail(struct app *a, const struct row *r, int y0,
			     int x0, int h, int w)
{
	int y = y0, ymax = y0 + h;
	struct buf b = BUF_INIT;
	char **waits = NULL;
	size_t nopen = 0;
	const char *who = NULL, *when = NULL, *hint = NULL;
	bool done, ready;

	buf_init(&b);
	if (r->signoff) {
		struct phase_record *pr = run_phase(a->run, r->phase);
		char *t = app_expand(a, r->phase->title);
		buf_addf(&b, "Sign off phase %s: %s", r->phase->id, t);
		free(t);
		done = pr->signed_off;
		ready = app_phase_ready(a, r->phase);
		who = pr->who;
		when = pr->when;
		if (!done)
			waits = run_signoff_blockers(a->run, r->phase, &nopen);
		hint = "s or Enter: sign off (passing checks older than the "
		       "last commit or tag run again first)";
	} else {
		buf_adds(&b, "Close the run");
		done = a->run->closed;
		ready = app_close_ready(a);
		who = a->run->closed_by;
		when = a->run->closed_when;
		for (size_t i = 0; !done && i < a->run->nphases; i++) {
			if (a->run->phases[i].signed_off)
				continue;
			waits = xrealloc(waits, (nopen + 1) * sizeof(*waits));
			waits[nopen++] = xasprintf("phase %s is not signed off",
					a->run->phases[i].phase->id);
		}
		hint = "C or Enter: close the run; a closed run takes only "
		       "reviews";
	}
	attron(A_BOLD);
	y = wrap(y, x0, w, ymax, b.data);
	attroff(A_BOLD);
	buf_reset(&b);
	y++;
	if (done)
		buf_addf(&b, "status  %s%s%s%s%s", r->signoff ? "signed off"
			 : "closed", who ? "  by " : "", who ? who : "",
			 when ? "\n        " : "", when ? when : "");
	else if (ready)
		buf_addf(&b, "status  %s", r->signoff ? "ready to sign off"
			 : "ready to close");
	else
		buf_addf(&b, "status  waiting: %zu open", nopen);
	attron(theme_attr(&a->theme, done ? theme_state_pair(ITEM_PASS)
			  : PAIR_WARN));
	y = wrap(y, x0, w, ymax, b.data);
	attroff(theme_attr(&a->theme, done ? theme_state_pair(ITEM_PASS)
			   : PAIR_WARN));
	for (size_t i = 0; i < nopen; i++) {
		if (y < ymax)
			y = wrap(y, x0, w, ymax, waits[i]);
		free(waits[i]);
	}
	free(waits);
	if (!done && a->run && y + 1 < ymax) {
		y++;
		if (!ready && nopen == 0)
			hint = "waiting for its checks to finish";
		else if (!ready && !app_close_ready(a) && r->close)
			hint = "every phase is signed off first";
		else if (!ready)
			hint = "Tab: the next item that needs you";
		if (a->opt->audit || run_read_only(a->run))
			hint = NULL;
		if (hint) {
			attron(theme_attr(&a->theme, PAIR_DIM));
			wrap(y, x0, w, ymax, hint);
			attroff(theme_attr(&a->theme, PAIR_DIM));
		}
	} else if (done && r->close && y + 1 < ymax) {
		y++;
		attron(theme_attr(&a->theme, PAIR_DIM));
		wrap(y, x0, w, ymax, "A closed run takes only reviews "
		     "(relcheck audit).  v evidence, t timeline, p report.");
		attroff(theme_attr(&a->theme, PAIR_DIM));
	}
	buf_free(&b);
}

static void draw_detail(struct app *a, int y0, int x0, int h, int w)
{
	const struct item *it = a->nrows ? a->rows[a->sel].item : NULL;
	struct item_record *ir;
	int y = y0, ymax = y0 + h;
	char *s;

	if (a->nrows && (a->rows[a->sel].signoff || a->rows[a->sel].close) &&
	    a->run && h > 0 && w > 4) {
		draw_stop_detail(a, &a->rows[a->sel], y0, x0, h, w);
		return;
	}
	if (!it || h <= 0 || w <= 4)
		return;
	ir = rec(a, it);
	s = app_expand(a, it->title);
	attron(A_BOLD);
	y = wrap(y, x0, w, ymax, s);
	attroff(A_BOLD);
	free(s);
	if (y < ymax) {
		char *line = it->settler
			? xasprintf("%s  settled by %s, when it is settled",
				    it->full_id, it->settler->full_id)
			: xasprintf("%s  %s%s", it->full_id,
			it->check ? "checked by relcheck: " : "manual step",
			it->check ? it->check->type->name : "");
		attron(theme_attr(&a->theme, PAIR_DIM));
		put_clip(y++, x0, w, line);
		attroff(theme_attr(&a->theme, PAIR_DIM));
		free(line);
	}
	if (y < ymax) {
		const char *st = app_item_running(a, it) ? "running" :
				 item_state_name(ir ? ir->state : ITEM_PENDING);
		char *line = xasprintf("status  %s%s%s", st,
				       ir && ir->who ? "  by " : "",
				       ir && ir->who ? ir->who : "");
		enum theme_pair pair = theme_state_pair(ir ? ir->state
							   : ITEM_PENDING);
		y++;
		attron(theme_attr(&a->theme, pair));
		put_clip(y++, x0, w, line);
		attroff(theme_attr(&a->theme, pair));
		free(line);
		if (ir && ir->when && y < ymax) {
			line = xasprintf("        %s", ir->when);
			put_clip(y++, x0, w, line);
			free(line);
		}
		/* Settled once per maintainer, or reopened: said here. */
		if (ir && ir->maint_release && ir->when && y < ymax) {
			line = xasprintf("        %s on %.10s, once per "
					 "maintainer (release %s)",
					 ir->state == ITEM_NA ? "not applicable"
					 : "done", ir->when, ir->maint_release);
			put_clip(y++, x0, w, line);
			free(line);
		} else if (ir && ir->reopened && ir->state == ITEM_PENDING &&
			   y < ymax) {
			line = xasprintf("        reopened: %s", ir->reopened);
			put_clip(y++, x0, w, line);
			free(line);
		}
	}
	if (ir && ir->reason && y < ymax)
		y = wrap(y, x0, w, ymax, ir->reason);
	{
		/* What trust this item lacks, said where it is looked at. */
		unsigned lack = trust_check_needs(a->cl, it);
		if (it->commands.n)
			lack |= CAP_EXEC;
		lack &= ~a->cl->vars.grants;
		if (lack && !a->opt->audit && y < ymax) {
			char *what = trust_describe(lack);
			char *line = xasprintf("not run: this item %s, and the "
					       "checklist is not trusted (read "
					       "it, then relcheck --trust)",
					       what);
			attron(theme_attr(&a->theme, PAIR_WARN));
			y = wrap(y, x0, w, ymax, line);
			attroff(theme_attr(&a->theme, PAIR_WARN));
			free(line);
			free(what);
		}
	}
	{
		char *prog = NULL;
		for (size_t i = 0; i < a->nbatches && !prog; i++)
			prog = scheduler_progress(a->batches[i].s, it);
		if (prog && y < ymax) {
			attron(theme_attr(&a->theme, PAIR_WARN));
			y = wrap(y, x0, w, ymax, prog);
			attroff(theme_attr(&a->theme, PAIR_WARN));
		}
		free(prog);
	}
	if (it->description && y + 1 < ymax) {
		y++;
		s = app_expand(a, it->description);
		y = wrap(y, x0, w, ymax, s);
		free(s);
	}
	if (it->commands.n && y + 1 < ymax) {
		y++;
		attron(A_BOLD);
		put(y++, x0, w, "commands");
		attroff(A_BOLD);
		for (size_t c = 0; c < it->commands.n && y < ymax; c++) {
			/* As x would run it: data quoted for the shell. */
			char *err = NULL;
			char *cmd = checklist_command(a->cl, it->commands.s[c],
						      &err);
			char *line = cmd ? xasprintf("$ %s", cmd)
				     : xasprintf("$ %s  (cannot run: %s)",
						 it->commands.s[c], err);
			char *shown = sanitize_text(line, strlen(line));
			free(line);
			line = shown;
			free(err);
			y = wrap(y, x0, w, ymax, line);
			free(line);
			free(cmd);
		}
	}
	if (ir && ir->nnotes && y + 1 < ymax) {
		char *line = xasprintf("%zu note%s; the last: %s", ir->nnotes,
				       ir->nnotes == 1 ? "" : "s",
				       ir->last_note);
		y++;
		y = wrap(y, x0, w, ymax, line);
		free(line);
	}
	if (ir && ir->log && y + 1 < ymax) {
		y++;
		attron(theme_attr(&a->theme, PAIR_DIM));
		put_clip(y++, x0, w, "v: the full log of the last check");
		attroff(theme_attr(&a->theme, PAIR_DIM));
	}
}

/* The keys on the status line; where they do not fit, the hints that do,
 * whole, and always help and quit (every list ends with them). */
static void draw_keys(int y, int w, const char *keys)
{
	static const char tail[] = "? help  q quit";
	const char *cut = keys, *p;
	int room = w - (int)strlen(tail) - 2;

	if ((int)strlen(keys) <= w) {
		put(y, 1, w, keys);
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
		put(y, 1, w, tail);
	}
}

void draw_screen(struct app *a)
{
	int rows = LINES, cols = COLS;
	bool wide = cols >= 100;
	int list_h, list_w, det_y, det_x, det_h, det_w;

	erase();
	if (rows < 15 || cols < 60) {
		/* Wrapped: it must be read in any width. */
		char *msg = xasprintf("relcheck needs a terminal of at least "
				      "60x15; this one is %dx%d.\nMake it "
				      "larger, or press q to quit.", cols, rows);
		wrap(0, 0, cols, rows, msg);
		free(msg);
		refresh();
		return;
	}
	draw_header(a, cols);
	if (a->timeline)
		return;	/* the timeline draws itself */
	list_h = wide ? rows - 2 : (rows - 2) / 2;
	list_w = wide ? cols * 11 / 20 : cols;
	det_x = wide ? list_w + 2 : 1;
	det_y = wide ? 1 : 2 + list_h;
	det_h = wide ? rows - 2 : rows - 3 - list_h;
	det_w = wide ? cols - list_w - 3 : cols - 2;
	draw_list(a, 1, list_h, list_w);
	if (wide)
		mvvline(1, list_w, ACS_VLINE, rows - 2);
	else
		mvhline(1 + list_h, 0, ACS_HLINE, cols);
	draw_detail(a, det_y, det_x, det_h, det_w);

	attron(theme_attr(&a->theme, PAIR_BAR));
	mvhline(rows - 1, 0, ' ', cols);
	if (a->message) {
		if (a->message_error)
			attron(A_BOLD);
		put_clip(rows - 1, 1, cols - 2, a->message);
		attroff(A_BOLD);
	} else {
		draw_keys(rows - 1, cols - 2, actions_hints(a));
	}
	attroff(theme_attr(&a->theme, PAIR_BAR));
	refresh();
}
