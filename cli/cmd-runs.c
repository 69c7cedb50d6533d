/* cmd-runs.c: `relcheck runs`: the runs of this repository. */
#include "config.h"

#include "cmd.h"
#include "sanitize.h"
#include "run.h"
#include "print.h"
#include "share.h"
#include "chain.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Problems other than a torn last line (a warning). */
static bool damaged(const struct diag *d)
{
	for (size_t i = 0; i < d->count; i++)
		if (!str_starts_with(d->entries[i].message, "warning"))
			return true;
	return false;
}

/* One line of the table: its cells, sanitised on one line (owned). */
enum { COL_RUN, COL_RELEASE, COL_DONE, COL_STATE, COL_BY, COL_SYNC, NCOLS };

struct table {
	char **cells;		/* rows * NCOLS */
	bool *elsewhere;	/* a run on a remote only: RUN and SYNC */
	size_t rows;
};

static void table_add(struct table *t, const char *const cols[NCOLS])
{
	t->cells = xrealloc(t->cells, (t->rows + 1) * NCOLS *
			    sizeof(*t->cells));
	t->elsewhere = xrealloc(t->elsewhere, (t->rows + 1) *
				sizeof(*t->elsewhere));
	t->elsewhere[t->rows] = false;
	for (size_t c = 0; c < NCOLS; c++)
		t->cells[t->rows * NCOLS + c] = sanitize_line(cols[c] ? cols[c]
							      : "");
	t->rows++;
}

static void table_free(struct table *t)
{
	for (size_t i = 0; i < t->rows * NCOLS; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->elsewhere);
}

/* Columns on the terminal: one per character (UTF-8 continuation bytes
 * take none). */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* *s cut to at most w columns, ending in "…" when cut (*s replaced). */
static void text_cut(char **s, size_t w)
{
	size_t seen = 0;
	char *p = *s, *cut;

	if (text_width(*s) <= w)
		return;
	for (; *p && w; p++) {
		if (((unsigned char)*p & 0xC0) == 0x80)
			continue;
		if (seen++ == w - 1)
			break;
	}
	cut = w ? xasprintf("%.*s\xe2\x80\xa6", (int)(p - *s), *s)
		: xstrdup("");
	free(*s);
	*s = cut;
}

static void put_cell(const char *s, size_t w, bool last)
{
	size_t pad = w - text_width(s);

	fputs(s, stdout);
	if (!last)
		printf("%*s", (int)(pad + 2), "");
}

#define RUNS_WIDTH 80	/* when neither the terminal nor COLUMNS says */
#define MIN_FREE 12	/* a free-text column is never cut below this */

/* The line's room: the terminal's width when stdout is one, else
 * COLUMNS when it holds a number, else RUNS_WIDTH. */
static size_t runs_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	char *end = NULL;
	long n;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0
	    && ws.ws_col >= 40)
		return ws.ws_col;
	n = env ? strtol(env, &end, 10) : 0;
	if (env && end != env && !*end && n >= 40 && n <= 1000)
		return (size_t)n;
	return RUNS_WIDTH;
}

/* Each column as wide as its widest cell; when the line would pass
 * the room (runs_width), the free-text columns (STATE, then LAST BY) are cut with
 * an ellipsis, never below MIN_FREE.  The run's name, release, progress
 * and SYNC (short words) are never cut.  The runs a remote has and this
 * clone has not follow the table: the name, then what to do. */
static void table_print(struct table *t)
{
	size_t w[NCOLS] = { 0 }, total = 0;
	size_t last = NCOLS - 1, room = runs_width();
	bool used[NCOLS] = { false }, local = false;

	for (size_t r = 0; r < t->rows; r++)
		for (size_t c = 0; c < NCOLS; c++) {
			size_t cw;
			if (t->elsewhere[r] && c != COL_RUN)
				continue;
			cw = text_width(t->cells[r * NCOLS + c]);
			if (cw > w[c])
				w[c] = cw;
			/* row 0 is the heading: a column only it fills
			 * (SYNC before any fetch) is left out */
			used[c] = used[c] || (r > 0 && cw > 0);
			local = local || (r > 0 && !t->elsewhere[r]);
		}
	while (last > 0 && !used[last])
		last--;
	for (size_t c = 0; c <= last; c++)
		total += w[c] + (c < last ? 2 : 0);
	for (size_t k = 0; total > room && k < 2; k++) {
		size_t c = k == 0 ? COL_STATE : COL_BY, over = total - room;
		size_t cut = w[c] > MIN_FREE ? w[c] - MIN_FREE : 0;
		if (cut > over)
			cut = over;
		w[c] -= cut;
		total -= cut;
	}
	for (size_t r = local ? 0 : 1; r < t->rows; r++) {
		if (t->elsewhere[r]) {
			put_cell(t->cells[r * NCOLS], w[COL_RUN], false);
			puts(t->cells[r * NCOLS + COL_SYNC]);
			continue;
		}
		for (size_t c = 0; c <= last; c++) {
			char **s = &t->cells[r * NCOLS + c];
			if (c == COL_STATE || c == COL_BY)
				text_cut(s, w[c]);
			put_cell(*s, w[c], c == last);
		}
		putchar('\n');
	}
}

/* The row of one run, or of a file that is none (its problem in STATE). */
static void show(struct context *ctx, struct table *t, const char *dir,
		 const char *file, const char *sync)
{
	char *path = path_join(dir, file), *checklist = NULL, *release = NULL;
	char *err = NULL, *name = xstrndup(file, strlen(file) - 6);
	char *state = NULL, done_s[48] = "";
	const char *by = "";
	struct checklist *cl = NULL;
	struct run *run = NULL;
	struct context sub;
	struct diag d = DIAG_INIT;

	if (run_peek(path, &checklist, &release, &err) < 0) {
		const char *cols[NCOLS] = { name, "", "", err, "", sync };
		table_add(t, cols);
		goto out;
	}
	{
		char *here = context_checklist_for_run(ctx, checklist, path);
		free(checklist);
		checklist = here;
	}
	context_init(&sub);
	sub.config = checklist;
	sub.release = release;
	sub.as = ctx->as;
	sub.root = xstrdup(ctx->root);
	sub.datadir = xstrdup(ctx->datadir);
	sub.config_path = xstrdup(checklist);
	sub.generic = context_is_generic(ctx, checklist);
	if (path_is_file(checklist))
		cl = context_load(&sub, NULL);
	if (!cl) {
		state = xasprintf("? (its checklist %s is missing or broken)",
				  checklist);
	} else {
		char *actor = xstrdup("reader");
		if (run_open(&run, cl, path, 0, actor, &d, &err) < 0) {
			state = xstrdup(err);
		} else {
			size_t done, total;
			run_progress(run, NULL, &done, &total);
			snprintf(done_s, sizeof(done_s), "%zu/%zu", done,
				 total);
			state = xasprintf("%s%s", run_state_word(run),
					  damaged(&d) ? " (damaged: see "
					  "relcheck verify)" : "");
			by = run->last_actor ? run->last_actor : "";
		}
		free(actor);
	}
	{
		const char *cols[NCOLS] = { name, release, done_s, state, by,
					    sync };
		table_add(t, cols);
	}
	diag_free(&d);
	run_free(run);
	checklist_free(cl);
	context_free(&sub);
out:
	free(state);
	free(err);
	free(checklist);
	free(release);
	free(name);
	free(path);
}

/* The runs the remotes had when last fetched (refs/relcheck-remotes/
 * REMOTE/runs/BASE): "REMOTE/BASE" each, sorted. */
struct remote_runs {
	struct share *sh;
	char **names;
	size_t n;
};

static void remote_runs_load(struct remote_runs *rr, const char *root)
{
	char **all = NULL, *err = NULL;
	size_t n = 0;

	memset(rr, 0, sizeof(*rr));
	if (share_open(&rr->sh, root, &err) < 0 ||
	    share_list(rr->sh, SHARE_REMOTES, &all, &n, &err) < 0) {
		free(err);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *slash = strchr(all[i], '/');
		if (slash && str_starts_with(slash + 1, "runs/") &&
		    share_run_name_ok(slash + 6)) {
			rr->names = xrealloc(rr->names,
					     (rr->n + 1) * sizeof(*rr->names));
			rr->names[rr->n++] = xasprintf("%.*s/%s",
				(int)(slash - all[i]), all[i], slash + 6);
		}
		free(all[i]);
	}
	free(all);
}

static void remote_runs_free(struct remote_runs *rr)
{
	for (size_t i = 0; i < rr->n; i++)
		free(rr->names[i]);
	free(rr->names);
	share_close(rr->sh);
}

/* How our journal of base stands to each remote's copy, as last fetched:
 * "= origin", "ahead of origin", "behind origin", "diverged from origin"
 * (comma-separated).  Caller frees. */
static char *sync_word(struct remote_runs *rr, const char *dir,
		       const char *base)
{
	struct buf out = BUF_INIT, ours = BUF_INIT;
	char *path = xasprintf("%s/%s.jsonl", dir, base);

	if (buf_read_file(&ours, path) < 0)
		buf_reset(&ours);
	for (size_t i = 0; i < rr->n; i++) {
		const char *slash = strchr(rr->names[i], '/');
		struct share_record rec;
		struct chain_result cr;
		char *ref, *err = NULL;
		const char *word = NULL;

		if (strcmp(slash + 1, base) != 0)
			continue;
		ref = xasprintf(SHARE_REMOTES "%.*s/runs/%s",
				(int)(slash - rr->names[i]), rr->names[i],
				base);
		share_record_init(&rec);
		if (share_read(rr->sh, ref, SHARE_RUN_JOURNAL, &rec, &err) != 0)
			word = "refused by";
		else if (chain_compare(ours.data, ours.len, rec.journal.data,
				       rec.journal.len, &cr, &err) < 0)
			word = "?";
		else {
			static const char *const words[] = {
				[CHAIN_EQUAL] = "=",
				[CHAIN_A_EXTENDS_B] = "ahead of",
				[CHAIN_B_EXTENDS_A] = "behind",
				[CHAIN_DIVERGED] = "diverged from",
				[CHAIN_BROKEN] = "damaged, against",
			};
			word = words[cr.rel];
			chain_result_free(&cr);
		}
		buf_addf(&out, "%s%s %.*s", out.len ? ", " : "", word,
			 (int)(slash - rr->names[i]), rr->names[i]);
		share_record_free(&rec);
		free(ref);
		free(err);
	}
	free(path);
	buf_free(&ours);
	return buf_detach(&out);
}

/* The journals `relcheck fetch --theirs` set aside for base
 * (each BASE.diverged/NAME.jsonl), each on a line, sorted. */
static void show_set_aside(const char *dir, const char *base)
{
	char *aside = xasprintf("%s/%s.diverged", dir, base);
	DIR *d = opendir(aside);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || !str_ends_with(e->d_name, ".jsonl"))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		sanitize_printf("%s: set aside by relcheck fetch --theirs: "
				"%s/%s\n", base, aside, names[i]);
		free(names[i]);
	}
	free(names);
	free(aside);
}

/* No run here and none fetched: where runs come from. */
static void no_runs(struct context *ctx, const char *dir)
{
	struct share *sh = NULL;
	char *err = NULL, *remote = NULL;

	sanitize_printf("no runs yet in %s\n", dir);
	if (share_open(&sh, ctx->root, &err) == 0) {
		remote = share_default_remote(sh);
		if (share_has_remote(sh, remote))
			sanitize_printf("relcheck fetch takes the runs on %s "
					"(none fetched here yet)\n", remote);
	}
	free(remote);
	free(err);
	share_close(sh);
}

static int cmd_runs_exec(struct cmd *cmd)
{
	struct remote_runs rr;
	struct context *ctx = cmd->ctx;
	char *dir;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	struct table t = { NULL, NULL, 0 };

	dir = run_dir(ctx->root, false);
	if (!dir) {
		sanitize_fprintf(stderr, "relcheck runs: %s is not in a git repository\n",
				 ctx->root);
		return EXIT_USAGE;
	}
	d = opendir(dir);
	while (d && (e = readdir(d)) != NULL) {
		if (!str_ends_with(e->d_name, ".jsonl"))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	remote_runs_load(&rr, ctx->root);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	{
		const char *head[NCOLS] = { "RUN", "RELEASE", "DONE", "STATE",
					    "LAST BY", "SYNC" };
		table_add(&t, head);
	}
	for (size_t i = 0; i < n; i++) {
		char *base = xstrndup(names[i], strlen(names[i]) - 6);
		char *sync = sync_word(&rr, dir, base);
		show(ctx, &t, dir, names[i], sync);
		free(sync);
		free(base);
	}
	/* What a remote has and this clone has not. */
	for (size_t i = 0; i < rr.n; i++) {
		const char *slash = strchr(rr.names[i], '/');
		char *file = xasprintf("%s.jsonl", slash + 1);
		char *sync = xasprintf("on %.*s only: relcheck fetch takes it",
				       (int)(slash - rr.names[i]),
				       rr.names[i]);
		bool here = false;

		for (size_t k = 0; k < n; k++)
			here = here || strcmp(names[k], file) == 0;
		if (!here) {
			const char *cols[NCOLS] = { slash + 1, "", "", "", "",
						    sync };
			table_add(&t, cols);
			t.elsewhere[t.rows - 1] = true;
		}
		free(sync);
		free(file);
	}
	if (t.rows > 1)
		table_print(&t);
	else
		no_runs(ctx, dir);
	for (size_t i = 0; i < n; i++) {
		char *base = xstrndup(names[i], strlen(names[i]) - 6);
		show_set_aside(dir, base);
		free(base);
	}
	table_free(&t);
	remote_runs_free(&rr);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return EXIT_OK;
}

const struct cmd_entry cmd_runs_entry = {
	.name = "runs",
	.usage = "",
	.summary = "the runs of this repository: release, progress, state",
	.min_args = 0,
	.max_args = 0,
	.flags = CMD_PREPARE,
	.exec = cmd_runs_exec,
};
