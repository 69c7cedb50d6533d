/* action-table.c: the screen's actions and the pager's keys as data
 * (actions.h).  No curses and no screen state here: a program that
 * documents the keys links this file alone. */
#include "config.h"

#include "actions.h"

#include <string.h>

static const struct action table[] = {
#define ACTION_ROW_(id_, keys_, bar_, label_, modes_, run_, offer_, help_) \
	{ .id = ACT_##id_, .name = #id_, .keys = (keys_), .bar = (bar_), \
	  .label = (label_), .modes = (modes_), .help = (help_) },
	UI_ACTIONS(ACTION_ROW_)
#undef ACTION_ROW_
};

static const struct pager_key pager_table[] = {
#define PAGER_ROW_(id_, keys_, bar_, label_, help_) \
	{ .id = PAGER_##id_, .name = #id_, .keys = (keys_), .bar = (bar_), \
	  .label = (label_), .help = (help_) },
	PAGER_KEYS(PAGER_ROW_)
#undef PAGER_ROW_
};

static const struct {
	unsigned mode;
	const char *name;
	const char *text;
} modes[] = {
	{ ACTION_MODE_OPERATOR, "operator", "recording a run" },
	{ ACTION_MODE_AUDIT, "audit", "relcheck audit: a reviewer's "
	  "read-only walk of a run, which may review it" },
	{ ACTION_MODE_DRY_RUN, "dry run", "--dry-run: commands are shown, "
	  "none is run" },
	{ ACTION_MODE_READ_ONLY, "read-only", "the run's file is opened "
	  "read-only: it is read, not written" },
	{ ACTION_MODE_CLOSED, "closed", "the run is closed: it takes only "
	  "reviews" },
	{ ACTION_MODE_NO_RUN, "no run", "no --release: the checklist alone, "
	  "nothing recorded" },
};

const struct action *actions_table(size_t *n)
{
	*n = sizeof(table) / sizeof(*table);
	return table;
}

const struct action *action_get(enum action_id id)
{
	return id < ACT_NONE ? &table[id] : NULL;
}

const struct pager_key *pager_keys_table(size_t *n)
{
	*n = sizeof(pager_table) / sizeof(*pager_table);
	return pager_table;
}

const char *action_mode_name(unsigned mode)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(*modes); i++)
		if (modes[i].mode == mode)
			return modes[i].name;
	return NULL;
}

const char *action_mode_text(unsigned mode)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(*modes); i++)
		if (modes[i].mode == mode)
			return modes[i].text;
	return NULL;
}

const char *action_bar_keys(const char *bar, const char *keys, char *buf,
			    size_t size)
{
	size_t len;

	if (bar)
		return bar;
	len = strcspn(keys, ",");
	if (len >= size)
		len = size - 1;
	memcpy(buf, keys, len);
	buf[len] = '\0';
	return buf;
}
