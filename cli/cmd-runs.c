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

static void show(struct context *ctx, const char *dir, const char *file,
		 const char *sync)
{
	char *path = path_join(dir, file), *checklist = NULL, *release = NULL;
	char *err = NULL, *name = xstrndup(file, strlen(file) - 6);
	struct checklist *cl = NULL;
	struct run *run = NULL;
	struct context sub;

	if (run_peek(path, &checklist, &release, &err) < 0) {
		sanitize_printf("%-36s %s\n", name, err);
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
		sanitize_printf("%-36s %-10s %s (its checklist %s is missing or broken)"
				"%s%s\n", name, release, "?", checklist,
				*sync ? "  " : "", sync);
	} else {
		struct diag d = DIAG_INIT;
		char *actor = xstrdup("reader");
		if (run_open(&run, cl, path, 0, actor, &d, &err) < 0) {
			sanitize_printf("%-36s %-10s %s\n", name, release, err);
		} else {
			size_t done, total;
			run_progress(run, NULL, &done, &total);
			sanitize_printf("%-36s %-10s %3zu/%-3zu %-9s %s%s%s%s\n",
					name, release, done, total,
					run_state_word(run),
					run->last_actor ? run->last_actor : "",
					damaged(&d) ? " (damaged: see relcheck verify)"
					: "", *sync ? "  " : "", sync);
		}
		free(actor);
		diag_free(&d);
	}
	run_free(run);
	checklist_free(cl);
	context_free(&sub);
out:
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

static int cmd_runs_exec(struct cmd *cmd)
{
	struct remote_runs rr;
	struct context *ctx = cmd->ctx;
	char *dir;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;

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
	if (!n) {
		sanitize_printf("no runs yet in %s\n", dir);
	} else {
		qsort(names, n, sizeof(*names), cmp_str);
		sanitize_printf("%-36s %-10s %-7s %-9s %s\n", "RUN", "RELEASE",
				"DONE", "STATE", "LAST BY  SYNC");
		for (size_t i = 0; i < n; i++) {
			char *base = xstrndup(names[i], strlen(names[i]) - 6);
			char *sync = sync_word(&rr, dir, base);
			show(ctx, dir, names[i], sync);
			free(sync);
			free(base);
		}
	}
	/* What a remote has and this clone has not. */
	for (size_t i = 0; i < rr.n; i++) {
		const char *slash = strchr(rr.names[i], '/');
		char *file = xasprintf("%s.jsonl", slash + 1);
		bool here = false;

		for (size_t k = 0; k < n; k++)
			here = here || strcmp(names[k], file) == 0;
		if (!here)
			sanitize_printf("%-36s on %.*s only: relcheck fetch takes "
					"it\n", slash + 1,
					(int)(slash - rr.names[i]), rr.names[i]);
		free(file);
	}
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
