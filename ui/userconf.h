/* userconf.h: the user's own configuration of relcheck: the screen's
 * keys, its colours, the mouse, and defaults for global options.
 *
 * One file, $RELCHECK_USER_CONFIG, else $XDG_CONFIG_HOME/relcheck/config,
 * else ~/.config/relcheck/config, in libconfig's syntax (the checklists'):
 *
 *   theme = "light";		# default, light, high-contrast, mono
 *   colours = { pass = "green"; select = "white on blue"; };
 *   mouse = true;		# click selects, the wheel scrolls
 *   keys = {
 *     down = [ "n", "Down" ];	# the action's name: its keys replace
 *     quit = "Q";		# its default keys
 *     pager = { back = [ "q", "Left" ]; };
 *   };
 *   defaults = { as = "Jane Doe <jane@example.org>";
 *                set = { index = "https://test.pypi.org/simple/"; }; };
 *
 * A missing file is the defaults.  Anything wrong in it (libconfig's
 * syntax, a setting not known, a key or action not known, two actions
 * on one key where both apply) is an error naming file:line; the caller
 * stops before anything else happens.  Read by main (the defaults) and
 * handed to the screen (cmd-screen.c).  Does not include curses.h.
 */
#ifndef RELCHECK_USERCONF_H
#define RELCHECK_USERCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "actions.h"
#include "diag.h"
#include "theme.h"

/* The longest file taken (it is a few lines). */
#define USERCONF_MAX_SIZE (256 * 1024)

struct userconf {
	char *path;			/* the file read; NULL: none */
	/* The keys bound, as the table writes them ("n, Down"); NULL:
	 * the action's default keys (actions.h).  Owned. */
	char *keys[ACT_NONE];
	char *pager_keys[PAGER_NONE];
	enum theme_name theme;
	struct theme_colour colours[PAIR_COUNT];
	bool mouse;
	char *as;			/* defaults.as, or NULL */
	char **set_names, **set_values;	/* defaults.set */
	size_t nsets;
};

/* The file to read: $RELCHECK_USER_CONFIG when set and not empty, else
 * $XDG_CONFIG_HOME/relcheck/config (an absolute XDG_CONFIG_HOME), else
 * $HOME/.config/relcheck/config; NULL when there is no HOME.  Caller
 * frees. */
char *userconf_path(void);

/* Zeroes uc: every default. */
void userconf_init(struct userconf *uc);
void userconf_free(struct userconf *uc);

/* Reads path (NULL: userconf_path()) into uc (userconf_init'd).  A
 * missing file leaves uc at its defaults, except a file named by
 * $RELCHECK_USER_CONFIG, which must exist.  Returns 0, or -1 with every
 * problem in d as file:line: message. */
int userconf_load(struct userconf *uc, const char *path, struct diag *d);

/* Parses text (what file holds) into uc.  0, or -1 with d filled. */
int userconf_parse(struct userconf *uc, const char *file, const char *text,
		   struct diag *d);

/* The keys of an action or a pager's key as bound (uc may be NULL: the
 * defaults). */
const char *userconf_keys(const struct userconf *uc, enum action_id id);
const char *userconf_pager_keys(const struct userconf *uc,
				enum pager_key_id id);
/* What the status line shows for an action's or a pager key's keys:
 * the table's when neither it nor the row it pairs with ("j/k") is
 * rebound, else made from the keys bound.  buf: size at least 32. */
const char *userconf_bar(const struct userconf *uc, enum action_id id,
			 char *buf, size_t size);
const char *userconf_pager_bar(const struct userconf *uc,
			       enum pager_key_id id, char *buf, size_t size);

/* An action's name as the config writes it ("next_todo"), into buf
 * (size at least 32). */
const char *userconf_action_name(const char *table_name, char *buf,
				 size_t size);

#endif
