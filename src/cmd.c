/* cmd.c: the table of sub-commands. */
#include "config.h"

#include "cmd.h"

#include <string.h>

const struct cmd_entry *const cmd_table[] = {
	&cmd_check_entry,
	&cmd_lint_entry,
	&cmd_list_entry,
	NULL
};

const struct cmd_entry *cmd_find(const char *name)
{
	for (size_t i = 0; cmd_table[i]; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}
