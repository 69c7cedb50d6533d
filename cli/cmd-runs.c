/* cmd-runs.c: `relcheck runs`: the runs of this repository. */
#include "config.h"

#include "cmd.h"
#include "sanitize.h"
#include "run.h"
#include "print.h"

#include <dirent.h>
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

static void show(struct context *ctx, const char *dir, const char *file)
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
				"\n", name, release, "?", checklist);
	} else {
		struct diag d = DIAG_INIT;
		char *actor = xstrdup("reader");
		if (run_open(&run, cl, path, 0, actor, &d, &err) < 0) {
			sanitize_printf("%-36s %-10s %s\n", name, release, err);
		} else {
			size_t done, total;
			run_progress(run, NULL, &done, &total);
			sanitize_printf("%-36s %-10s %3zu/%-3zu %-9s %s%s\n", name,
					release, done, total, run_state_word(run),
					run->last_actor ? run->last_actor : "",
					damaged(&d) ? " (damaged: see relcheck verify)"
					: "");
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

static int cmd_runs_exec(struct cmd *cmd)
{
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
	if (!n) {
		sanitize_printf("no runs yet in %s\n", dir);
	} else {
		qsort(names, n, sizeof(*names), cmp_str);
		sanitize_printf("%-36s %-10s %-7s %-9s %s\n", "RUN", "RELEASE",
				"DONE", "STATE", "LAST BY");
		for (size_t i = 0; i < n; i++)
			show(ctx, dir, names[i]);
	}
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
