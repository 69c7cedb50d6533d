/* cmd-mark.c: `relcheck mark ITEM done|na|note|waive|reopen [--note TEXT]`. */
#include "config.h"

#include "cmd.h"
#include "sanitize.h"
#include "run.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_mark_exec(struct context *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "note", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const char *note = NULL, *what, *id;
	struct checklist *cl = NULL;
	struct run *run = NULL;
	const struct item *it;
	char *err = NULL;
	int c, rc, status = EXIT_USAGE;

	optind = 0;	/* 0: GNU getopt starts afresh, permuting */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":n:", longopts, NULL)) != -1) {
		if (c == 'n') {
			note = optarg;
		} else {
			sanitize_fprintf(stderr, "relcheck mark: %s '%s'\n", c == ':'
					 ? "a value is needed for" : "unknown option",
					 argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		sanitize_fprintf(stderr, "usage: relcheck mark ITEM "
				 "done|na|note|waive|reopen [--note TEXT]\n");
		return EXIT_USAGE;
	}
	id = argv[optind];
	what = argv[optind + 1];
	if (strcmp(what, "done") != 0 && strcmp(what, "na") != 0 &&
	    strcmp(what, "note") != 0 && strcmp(what, "waive") != 0 &&
	    strcmp(what, "reopen") != 0) {
		sanitize_fprintf(stderr, "relcheck mark: '%s' is not done, na, note or "
				 "waive (nor reopen)\n", what);
		return EXIT_USAGE;
	}
	if (context_named_run(ctx, NULL, RUN_WRITE | RUN_CREATE, &cl,
			      &run) != EXIT_OK)
		return EXIT_USAGE;
	it = checklist_item(cl, id);
	if (!it) {
		sanitize_fprintf(stderr, "relcheck mark: no item '%s' (or more than one: "
				 "give PHASE.ITEM)\n", id);
		goto out;
	}
	if (strcmp(what, "done") == 0)
		rc = run_mark_done(run, it, note, &err);
	else if (strcmp(what, "na") == 0)
		rc = run_mark_na(run, it, note, &err);
	else if (strcmp(what, "note") == 0)
		rc = run_note(run, it, note, &err);
	else if (strcmp(what, "reopen") == 0)
		rc = run_reopen(run, it, note, &err);
	else
		rc = run_waive(run, it, note, &err);
	if (rc < 0) {
		sanitize_fprintf(stderr, "relcheck mark: %s\n", err);
		free(err);
		status = EXIT_FAILED;
		goto out;
	}
	if (run->maint_error)
		sanitize_fprintf(stderr, "relcheck mark: warning: %s\n",
				 run->maint_error);
	/* Said only now: the event is on disk. */
	sanitize_printf("%s: %s recorded by %s\n", it->full_id,
			strcmp(what, "na") == 0 ? "not applicable" :
			strcmp(what, "reopen") == 0 ? "reopening" : what,
			run->actor);
	status = EXIT_OK;
out:
	run_free(run);
	checklist_free(cl);
	return status;
}

const struct cmd_entry cmd_mark_entry = {
	.name = "mark",
	.usage = "ITEM done|na|note|waive|reopen [--note TEXT]",
	.summary = "record a manual step done, not applicable, a note, a "
		   "waiver, or reopen it",
	.exec = cmd_mark_exec,
};
