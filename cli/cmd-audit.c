/* cmd-audit.c: `relcheck audit [RUN]`: the screen, read-only, for a
 * reviewer.  The journal's chain is verified on opening: the first break
 * is shown. */
#include "config.h"

#include "cmd.h"
#include "journal.h"
#include "run.h"
#include "tui.h"

#include <stdlib.h>

/* Before the run opens: a terminal, and who reads.  A reviewer is asked,
 * and not offered the manager's name; nor is the reviewer's maintainer
 * record taken into the run. */
static int audit_prepare(struct cmd *cmd)
{
	if (!tui_terminal_ok())
		return EXIT_USAGE;
	if (context_ask_identity(cmd->ctx, NULL) != EXIT_OK)
		return EXIT_USAGE;
	cmd->ctx->reviewer = true;
	return EXIT_OK;
}

static int cmd_audit_exec(struct cmd *cmd)
{
	struct tui_options opt = { 0 };
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	char *err = NULL, *problem = NULL;
	int status;

	/* The chain, verified on opening: the first break is shown. */
	if (journal_open(&j, cmd->run->path, 0, &err) == 0) {
		journal_replay(j, NULL, NULL, &d);
		for (size_t i = 0; i < d.count && !problem; i++)
			if (!str_starts_with(d.entries[i].message, "warning"))
				problem = xstrdup(d.entries[i].message),
				opt.problem_line = (size_t)d.entries[i].line;
		journal_close(j);
	}
	free(err);
	opt.cl = cmd->cl;
	opt.run = cmd->run;
	opt.root = cmd->ctx->root;
	opt.audit = true;
	opt.problem = problem;
	opt.user = cmd->ctx->user;
	status = tui_run(&opt);
	free(problem);
	diag_free(&d);
	return status;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = "[RUN]",
	.summary = "the screen, read-only, for a reviewer",
	.min_args = 0,
	.max_args = 1,
	/* Read, not locked: a verdict goes to the reviewer's journal. */
	.flags = CMD_RUN_READ | CMD_RUN_NAMED,
	.prepare = audit_prepare,
	.exec = cmd_audit_exec,
};
