/* view-help.c: the help screen, from the action table. */
#include "config.h"

#include "actions.h"
#include "app.h"
#include "userconf.h"

#include <stdlib.h>

/* The keys of the mode the screen is in, and only those: an audit's
 * help is the reviewer's. */
void act_help(struct app *a)
{
	unsigned mode = action_mode_of(a);
	struct buf b = BUF_INIT;
	const struct action *t;
	size_t n;

	if (mode == ACTION_MODE_OPERATOR)
		buf_adds(&b, "Keys\n\n");
	else
		buf_addf(&b, "Keys in %s mode (%s)\n\n",
			 action_mode_name(mode), action_mode_text(mode));
	t = actions_table(&n);
	for (size_t i = 0; i < n; i++)
		if (t[i].modes & mode)
			buf_addf(&b, "  %-14s %s\n",
				 userconf_keys(a->opt->user, t[i].id), t[i].help);
	buf_adds(&b, "\nIn the viewer: ");
	pager_keys_line(a, &b, ", ");
	buf_adds(&b, ".\nIn a dialog: Enter records, Esc cancels.\n");
	buf_addf(&b, "\nGlyphs: %s pass or done, %s fail, ! error, ~ waived, %s "
		 "not applicable,\n%s skipped (a dependency did not pass), %s "
		 "check to run, %s manual step.\n",
		 theme_glyph(&a->theme, ITEM_PASS, false, false),
		 theme_glyph(&a->theme, ITEM_FAIL, false, false),
		 theme_glyph(&a->theme, ITEM_NA, false, false),
		 theme_glyph(&a->theme, ITEM_SKIPPED, false, false),
		 theme_glyph(&a->theme, ITEM_PENDING, false, false),
		 theme_glyph(&a->theme, ITEM_PENDING, true, false));
	if (mode & ACTION_MODES_RECORD)
		buf_adds(&b, "Every action is recorded in the run's journal "
			 "before it is shown done;\nquitting at any moment "
			 "loses nothing.\n");
	else if (mode == ACTION_MODE_AUDIT)
		buf_addf(&b, "An audit records nothing but a review (%s), in the "
			 "run's journal\nbefore it is shown done.\n",
			 app_key(a, ACT_REVIEW));
	pager_show(a, "Help", b.data);
	buf_free(&b);
}
