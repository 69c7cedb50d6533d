/* cmd-review.c: `relcheck review RUN --approve|--reject --note TEXT`. */
#include "config.h"

#include "cmd.h"
#include "sanitize.h"
#include "run.h"
#include "print.h"

#include <stdio.h>
#include <stdlib.h>

/* One verdict and a note, before anything is asked or opened. */
static int review_check_args(struct cmd *cmd)
{
	bool approve = cmd_has(cmd, "approve"), reject = cmd_has(cmd, "reject");

	if (approve && reject) {
		sanitize_fprintf(stderr, "relcheck review: --approve or "
				 "--reject, not both\n");
		return EXIT_USAGE;
	}
	if (!(approve || reject) || !cmd_value(cmd, "note")) {
		cmd_usage(cmd->entry);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int cmd_review_exec(struct cmd *cmd)
{
	bool verdict = cmd_has(cmd, "approve");
	struct run *run = cmd->run;
	char *err = NULL;

	/* Signed with --sign, or when the policy says signed = true. */
	if (cmd_has(cmd, "sign"))
		run->sign = true;
	if (run_review(run, verdict, cmd_value(cmd, "note"), &err) < 0) {
		sanitize_fprintf(stderr, "relcheck review: %s\n", err);
		free(err);
		return EXIT_FAILED;
	}
	sanitize_printf("review recorded: %s by %s%s\n", verdict ? "approved"
			: "rejected", run->actor, run->sign ? ", signed (OpenPGP)"
			: "");
	{
		/* What the policy makes of it, and the run's state now. */
		for (size_t i = 0; i < run->nreviews; i++) {
			const struct review_record *rv = &run->reviews[i];
			if (rv->file && i + 1 == run->nreviews && rv->not_counted)
				sanitize_printf("not counted: %s\n",
						rv->not_counted);
		}
		sanitize_printf("state: %s\n", run_state_word(run));
	}
	return EXIT_OK;
}

static const struct cmd_option review_options[] = {
	{ .name = "approve", .help = "the run is approved" },
	{ .name = "reject", .help = "the run is rejected" },
	{ .name = "note", .short_name = 'n', .arg = "TEXT",
	  .help = "why (required)" },
	{ .name = "sign", .help = "sign it (OpenPGP, GnuPG's default key);\n"
	  "always when the checklist's review policy says signed = true" },
	{ .name = NULL },
};

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = "RUN --approve|--reject --note TEXT [--sign]",
	.summary = "a reviewer's verdict on a closed run, in their own journal",
	.options = review_options,
	.min_args = 1,
	.max_args = 1,
	/* The run is read, not locked: the verdict goes to the reviewer's
	 * own journal (run_review), so the release manager may hold the
	 * run and two reviewers may review at once.  The identity is still
	 * asked: it names the reviewer's journal. */
	.flags = CMD_IDENTITY | CMD_RUN_READ | CMD_RUN_NAMED,
	.check_args = review_check_args,
	.exec = cmd_review_exec,
};
