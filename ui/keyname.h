/* keyname.h: the names of keys in the action table (actions.h) and the
 * codes curses gives for them.  Does not include curses.h. */
#ifndef RELCHECK_KEYNAME_H
#define RELCHECK_KEYNAME_H

#include <stdbool.h>
#include <stddef.h>

/* The code of the key named by the len bytes at name: a character as
 * itself, else Enter, Tab, Space, Esc, Up, Down, Left, Right, PgUp, PgDn,
 * Home, End, Backspace, Delete, Insert, Comma, F1 .. F12, Ctrl-A ..
 * Ctrl-Z (not Ctrl-C, -Z, -S, -Q: the terminal's; nor Ctrl-I, -J, -M,
 * -H: Tab, Enter, Backspace).  -1 for a name not known. */
#define KEY_NAMES_HELP "a character, Enter, Tab, Space, Esc, Up, Down, " \
	"Left, Right, PgUp, PgDn, Home, End, Backspace, Delete, Insert, " \
	"Comma, F1 to F12, Ctrl-A to Ctrl-Z (not Ctrl-C, -H, -I, -J, -M, " \
	"-Q, -S, -Z)"

int key_code(const char *name, size_t len);

/* Whether ch is one of keys ("j, Down": names, ", " between them).
 * Return and the keypad's Enter are Enter. */
bool key_in(const char *keys, int ch);

/* Calls fn for each name of keys; stops at the first that returns false
 * and returns false then. */
bool key_each(const char *keys, bool (*fn)(const char *name, size_t len,
					   void *data), void *data);

#endif
