/* cmd-mark.c: `relcheck mark ITEM done|na|note|waive|reopen [--note TEXT]`. */
#include "config.h"

#include "cmd.h"
#include "sanitize.h"
#include "run.h"
#include "print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The verb, before the run is opened: a usage error starts no run. */
static int mark_check_args(struct cmd *cmd)
{
	const char *what = cmd->args[1];

	if (strcmp(what, "done") != 0 && strcmp(what, "na") != 0 &&
	    strcmp(what, "note") != 0 && strcmp(what, "waive") != 0 &&
	    strcmp(what, "reopen") != 0) {
		sanitize_fprintf(stderr, "relcheck mark: '%s' is not done, na, note or "
				 "waive (nor reopen)\n", what);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int cmd_mark_exec(struct cmd *cmd)
{
	const char *note = cmd_value(cmd, "note");
	const char *id = cmd->args[0], *what = cmd->args[1];
	struct checklist *cl = cmd->cl;
	struct run *run = cmd->run;
	const struct item *it;
	char *err = NULL;
	int rc;

	it = checklist_item(cl, id);
	if (!it) {
		sanitize_fprintf(stderr, "relcheck mark: no item '%s' (or more than one: "
				 "give PHASE.ITEM)\n", id);
		return EXIT_USAGE;
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
		return EXIT_FAILED;
	}
	if (run->maint_error)
		sanitize_fprintf(stderr, "relcheck mark: warning: %s\n",
				 run->maint_error);
	/* Said only now: the event is on disk. */
	sanitize_printf("%s: %s recorded by %s\n", it->full_id,
			strcmp(what, "na") == 0 ? "not applicable" :
			strcmp(what, "reopen") == 0 ? "reopening" : what,
			run->actor);
	return EXIT_OK;
}

static const struct cmd_option mark_options[] = {
	{ .name = "note", .short_name = 'n', .arg = "TEXT",
	  .help = "the text recorded with it" },
	{ .name = NULL },
};

const struct cmd_entry cmd_mark_entry = {
	.name = "mark",
	.usage = "ITEM done|na|note|waive|reopen [--note TEXT]",
	.summary = "record a manual step done, not applicable, a note, a "
		   "waiver, or reopen it",
	.options = mark_options,
	.min_args = 2,
	.max_args = 2,
	.flags = CMD_RUN_CREATE,
	.check_args = mark_check_args,
	.exec = cmd_mark_exec,
};
