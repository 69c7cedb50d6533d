/* cmd.h: the sub-commands.  One file and one entry each (tmux style);
 * main.c dispatches through cmd_table. */
#ifndef RELCHECK_CMD_H
#define RELCHECK_CMD_H

#include "context.h"

struct cmd_entry {
	const char *name;
	const char *usage;	/* arguments, for --help */
	const char *summary;	/* one line, for --help */
	/* argv[0] is the command's name.  Returns an exit status. */
	int (*exec)(struct context *ctx, int argc, char **argv);
};

extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_close_entry;
extern const struct cmd_entry cmd_mark_entry;
extern const struct cmd_entry cmd_publish_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_review_entry;
extern const struct cmd_entry cmd_runs_entry;
extern const struct cmd_entry cmd_signoff_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_verify_entry;
extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_lint_entry;
extern const struct cmd_entry cmd_list_entry;

extern const struct cmd_entry *const cmd_table[];

const struct cmd_entry *cmd_find(const char *name);

#endif
