/* cmd.c: the table of sub-commands. */
#include "config.h"

#include "cmd.h"

#include <string.h>

const struct cmd_entry *const cmd_table[] = {
	&cmd_check_entry,
	&cmd_init_entry,
	&cmd_lint_entry,
	&cmd_list_entry,
	&cmd_runs_entry,
	&cmd_status_entry,
	&cmd_mark_entry,
	&cmd_signoff_entry,
	&cmd_close_entry,
	&cmd_review_entry,
	&cmd_verify_entry,
	&cmd_report_entry,
	&cmd_publish_entry,
	NULL
};

const struct cmd_entry *cmd_find(const char *name)
{
	for (size_t i = 0; cmd_table[i]; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}
