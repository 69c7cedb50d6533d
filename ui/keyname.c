/* keyname.c: key names to curses' codes (keyname.h). */
#include "config.h"

#include "keyname.h"

#include <curses.h>
#include <string.h>

static const struct {
	const char *name;
	int code;
} names[] = {
	{ "Enter", '\n' }, { "Tab", '\t' }, { "Space", ' ' }, { "Esc", 27 },
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "PgUp", KEY_PPAGE },
	{ "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "Backspace", KEY_BACKSPACE }, { "Delete", KEY_DC },
	{ "Insert", KEY_IC }, { "Comma", ',' },
};

/* Ctrl-A .. Ctrl-Z, but for the terminal's own: Ctrl-C and Ctrl-Z (its
 * signals, in cbreak mode), Ctrl-S and Ctrl-Q (flow control), Ctrl-I,
 * Ctrl-J, Ctrl-M and Ctrl-H (Tab, Enter, Backspace: named so). */
static int ctrl_code(const char *name, size_t len)
{
	char c;

	if (len != 6 || strncmp(name, "Ctrl-", 5) != 0)
		return -1;
	c = name[5];
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c < 'A' || c > 'Z' || strchr("CZSQIJMH", c))
		return -1;
	return c - 'A' + 1;
}

/* F1 .. F12. */
static int fkey_code(const char *name, size_t len)
{
	int n = 0;

	if (len < 2 || len > 3 || name[0] != 'F')
		return -1;
	for (size_t i = 1; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	if (name[1] == '0' || n < 1 || n > 12)
		return -1;
	return KEY_F(n);
}

int key_code(const char *name, size_t len)
{
	int code;

	if (len == 1 && name[0] > ' ' && name[0] < 0x7f && name[0] != ',')
		return (unsigned char)name[0];
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i].name) == len &&
		    strncmp(names[i].name, name, len) == 0)
			return names[i].code;
	code = ctrl_code(name, len);
	if (code < 0)
		code = fkey_code(name, len);
	return code;
}

bool key_each(const char *keys, bool (*fn)(const char *name, size_t len,
					   void *data), void *data)
{
	const char *p = keys;

	while (*p) {
		size_t len = strcspn(p, ",");

		if (!fn(p, len, data))
			return false;
		p += len;
		if (*p == ',')
			p++;
		while (*p == ' ')
			p++;
	}
	return true;
}

struct match {
	int ch;
};

static bool differs(const char *name, size_t len, void *data)
{
	const struct match *m = data;

	return key_code(name, len) != m->ch;
}

bool key_in(const char *keys, int ch)
{
	struct match m = { ch == '\r' || ch == KEY_ENTER ? '\n' : ch };

	/* The terminal's Backspace is ^H or DEL as often as its key. */
	if (ch == 8 || ch == 127)
		m.ch = KEY_BACKSPACE;
	return !key_each(keys, differs, &m);
}
