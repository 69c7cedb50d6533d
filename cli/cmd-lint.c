/* cmd-lint.c: `relcheck lint [FILE...]`: load and validate checklists. */
#include "config.h"
#include "cmdscan.h"
#include "fulcio.h"
#include "sanitize.h"

#include "cmd.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static size_t count_auto(const struct checklist *cl)
{
	size_t n = 0;

	for (size_t p = 0; p < cl->nphases; p++)
		for (size_t i = 0; i < cl->phases[p]->nitems; i++)
			n += cl->phases[p]->items[i]->check != NULL;
	return n;
}

/* Warns about each upload or install in raw (a command of it, at `at`)
 * that does not name where it goes.  Returns the number of warnings. */
static size_t lint_command(const struct checklist *cl, const struct item *it,
			   const char *raw, struct where at)
{
	char *cmd = checklist_show(cl, raw);
	struct cmdscan sc = CMDSCAN_INIT;
	size_t warned = 0;

	cmdscan_read(&sc, cmd);
	for (size_t i = 0; i < sc.n; i++) {
		const struct cmdscan_finding *f = &sc.f[i];
		if (f->names_destination || f->kind == CMDSCAN_PUSH)
			continue;
		sanitize_fprintf(stderr, "%s:%d: warning: %s: %s\n",
			at.file ? at.file : cl->file, at.line, it->full_id,
			f->kind == CMDSCAN_UPLOAD
			? "`twine upload` names no destination, so twine "
			  "uploads to its default, the public PyPI: add "
			  "--repository-url URL (such as ${upload_url}) or "
			  "--repository NAME"
			: "`pip install` names no index, so pip installs "
			  "from its default, the public PyPI: add --index-url "
			  "URL (such as ${index}/simple/), or --no-index for "
			  "local files");
		warned++;
	}
	cmdscan_free(&sc);
	free(cmd);
	return warned;
}

/* A provenance check whose literal fields do not name the publisher
 * completely (a field with a variable counts as set: its value is known
 * only when the check runs, where it is checked again).  1 when it
 * warned. */
static size_t lint_provenance(const struct checklist *cl, const struct item *it)
{
	const struct check_spec *c = it->check;
	const char *names[] = { "publisher", "repository", "workflow",
				"email" };
	struct trusted_publisher e = { 0 };
	char **slot[] = { &e.kind, &e.repository, &e.workflow, &e.email };
	char *why;

	if (!c || strcmp(c->type->name, "provenance") != 0)
		return 0;
	for (size_t k = 0; c->type->fields[k].name; k++) {
		const struct check_value *v = &c->values[k];

		for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++)
			if (v->set && v->s && !*slot[n] &&
			    strcmp(c->type->fields[k].name, names[n]) == 0)
				*slot[n] = xstrdup(strstr(v->s, "${") ? "${}"
						   : v->s);
	}
	/* A variable for the kind: which fields it needs is not known. */
	why = e.kind && strcmp(e.kind, "${}") == 0 ? NULL
		: trusted_publisher_incomplete(&e);
	trusted_publisher_free(&e);
	if (!why)
		return 0;
	sanitize_fprintf(stderr, "%s:%d: warning: %s: the provenance check "
			 "does not name its publisher completely (%s): "
			 "provenance served will be an error, never a pass\n",
			 c->at.file ? c->at.file : cl->file, c->at.line,
			 it->full_id, why);
	free(why);
	return 1;
}

/* Warnings about what the checklist's commands do: each on stderr with
 * file:line.  Returns their number. */
static size_t lint_commands(const struct checklist *cl)
{
	size_t warned = 0;

	for (size_t p = 0; p < cl->nphases; p++) {
		for (size_t i = 0; i < cl->phases[p]->nitems; i++) {
			const struct item *it = cl->phases[p]->items[i];
			const struct field_spec *f = it->check
				? it->check->type->fields : NULL;

			warned += lint_provenance(cl, it);
			for (size_t c = 0; c < it->commands.n; c++)
				warned += lint_command(cl, it, it->commands.s[c],
						       it->commands.at[c]);
			/* A check's shell commands (a command check's run). */
			for (size_t k = 0; f && f[k].name; k++) {
				const struct check_value *v =
					&it->check->values[k];
				if (f[k].shell && v->set && v->s)
					warned += lint_command(cl, it, v->s,
							       v->at);
			}
		}
	}
	return warned;
}

static int lint_one(struct context *ctx, const char *file)
{
	struct checklist *cl = context_load(ctx, file);
	size_t items, warned;

	if (!cl)
		return EXIT_USAGE;
	items = checklist_count_items(cl);
	warned = lint_commands(cl);
	printf("%s: ok: %zu phase%s, %zu item%s, %zu verified by relcheck%s",
	       file ? file : ctx->config_path, cl->nphases,
	       cl->nphases == 1 ? "" : "s", items, items == 1 ? "" : "s",
	       count_auto(cl), warned ? "; " : "\n");
	if (warned)
		printf("%zu warning%s\n", warned, warned == 1 ? "" : "s");
	checklist_free(cl);
	return EXIT_OK;
}

static int cmd_lint_exec(struct cmd *cmd)
{
	struct context *ctx = cmd->ctx;
	int status = EXIT_OK;

	if (!cmd->nargs) {
		/* No file: the checklist relcheck would use here. */
		if (context_discover(ctx) != EXIT_OK)
			return EXIT_USAGE;
		return lint_one(ctx, NULL);
	}
	/* Files named: no discovery, only where includes are found. */
	if (context_prepare(ctx) != EXIT_OK)
		return EXIT_USAGE;
	for (int i = 0; i < cmd->nargs; i++)
		if (lint_one(ctx, cmd->args[i]) != EXIT_OK)
			status = EXIT_USAGE;
	return status;
}

const struct cmd_entry cmd_lint_entry = {
	.name = "lint",
	.usage = "[FILE...]",
	.summary = "check checklists for errors (default: the one in use)",
	.min_args = 0,
	.max_args = -1,
	.exec = cmd_lint_exec,
};
