/* cmd-lint.c: `relcheck lint [FILE...]`: load and validate checklists. */
#include "config.h"
#include "sanitize.h"

#include "cmd.h"

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

static int lint_one(struct context *ctx, const char *file)
{
	struct checklist *cl = context_load(ctx, file);
	size_t items;

	if (!cl)
		return EXIT_USAGE;
	items = checklist_count_items(cl);
	printf("%s: ok: %zu phase%s, %zu item%s, %zu verified by relcheck\n",
	       file ? file : ctx->config_path, cl->nphases,
	       cl->nphases == 1 ? "" : "s", items, items == 1 ? "" : "s",
	       count_auto(cl));
	checklist_free(cl);
	return EXIT_OK;
}

static int cmd_lint_exec(struct context *ctx, int argc, char **argv)
{
	int status = EXIT_OK, first = 1;

	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		first = 2;
	} else {
		for (int i = 1; i < argc; i++) {
			if (argv[i][0] == '-' && argv[i][1] != '\0') {
				sanitize_fprintf(stderr, "relcheck lint: unknown option "
					"'%s'\n", argv[i]);
				return EXIT_USAGE;
			}
		}
	}
	if (first >= argc) {
		/* No file: the checklist relcheck would use here. */
		if (context_discover(ctx) != EXIT_OK)
			return EXIT_USAGE;
		return lint_one(ctx, NULL);
	}
	/* Files named: no discovery, only where includes are found. */
	if (context_prepare(ctx) != EXIT_OK)
		return EXIT_USAGE;
	for (int i = first; i < argc; i++)
		if (lint_one(ctx, argv[i]) != EXIT_OK)
			status = EXIT_USAGE;
	return status;
}

const struct cmd_entry cmd_lint_entry = {
	.name = "lint",
	.usage = "[FILE...]",
	.summary = "check checklists for errors (default: the one in use)",
	.exec = cmd_lint_exec,
};
