/* cmd-close.c: `relcheck close`: the run closed once every phase is
 * signed off; after it, only reviews are added. */
#include "config.h"

#include "cmd.h"
#include "journal.h"
#include "sanitize.h"
#include "run.h"
#include "print.h"

#include <stdio.h>
#include <stdlib.h>

static int cmd_close_exec(struct cmd *cmd)
{
	struct run *run = cmd->run;
	char *err = NULL;

	/* Signed with --sign, or when the checklist's review policy says
	 * signed = true (run_open set it then). */
	if (cmd_has(cmd, "sign"))
		run->sign = true;
	if (run_close(run, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck close: %s\n", err);
		free(err);
		return EXIT_FAILED;
	}
	sanitize_printf("run closed by %s at %s (journal %.16s...)%s\n",
			run->closed_by, run->closed_when,
			journal_last_hash(run->journal), run->closed_signature
			? ", signed (OpenPGP)" : "");
	return EXIT_OK;
}

static const struct cmd_option close_options[] = {
	{ .name = "sign", .help = "sign it (OpenPGP, GnuPG's default key);\n"
	  "always when the checklist's review policy says signed = true" },
	{ .name = NULL },
};

const struct cmd_entry cmd_close_entry = {
	.name = "close",
	.usage = "[--sign]",
	.options = close_options,
	.summary = "close the run once every phase is signed off",
	.min_args = 0,
	.max_args = 0,
	.flags = CMD_IDENTITY | CMD_RUN_WRITE,
	.exec = cmd_close_exec,
};
