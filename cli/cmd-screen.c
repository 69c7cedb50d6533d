/* cmd-screen.c: `relcheck` with no command: the full-screen checklist
 * (ui/), on the release's run.  With --dry-run, a rehearsal: the
 * checklist and its commands shown, nothing run, nothing recorded. */
#include "config.h"

#include "cmd.h"
#include "run.h"
#include "tui.h"

/* Before the run is opened: a screen that cannot start records
 * nothing. */
static int screen_prepare(struct cmd *cmd)
{
	(void)cmd;
	return tui_terminal_ok() ? EXIT_OK : EXIT_USAGE;
}

/* The run is opened here, not by the flags: a dry run opens none, and a
 * checklist without a known version (and no --run) has none to open. */
static int cmd_screen_exec(struct cmd *cmd)
{
	struct context *ctx = cmd->ctx;
	struct tui_options opt = { 0 };
	struct checklist *cl = cmd->cl;
	struct run *run = NULL;
	int status;

	/* On a development version (after the bump), the run in progress
	 * of this checklist, else its latest, is opened (context.h). */
	if (!ctx->dry_run) {
		cl = context_follow_run(ctx, cl, RUN_WRITE | RUN_CREATE);
		cmd->cl = cl;	/* freed or loaded again */
		if (!cl)
			return EXIT_USAGE;
	}
	if (!ctx->dry_run && (cl->version_known || ctx->run_file)) {
		/* Who acts, asked when git does not say (context.h). */
		if (context_ask_identity(ctx, cl) != EXIT_OK)
			return EXIT_USAGE;
		run = context_run(ctx, cl, RUN_WRITE | RUN_CREATE);
		if (!run)
			return EXIT_USAGE;
		cmd->run = run;
	}
	opt.cl = cl;
	opt.run = run;
	opt.root = ctx->root;
	opt.dry_run = ctx->dry_run;
	opt.demo = ctx->demo_notice;
	opt.user = ctx->user;
	/* Asks about trust on the terminal before the screen starts: what
	 * is granted is in cl (trust.h); an answer of no leaves the screen
	 * without what needs trust, not closed. */
	if (!ctx->dry_run)
		context_authorise(ctx, cl);
	status = tui_run(&opt);
	return status;
}

const struct cmd_entry cmd_screen_entry = {
	.name = NULL,
	.usage = "",
	.summary = "the full-screen checklist",
	.min_args = 0,
	.max_args = 0,
	.flags = CMD_CHECKLIST,
	.prepare = screen_prepare,
	.exec = cmd_screen_exec,
};
