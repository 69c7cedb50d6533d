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
};

int key_code(const char *name, size_t len)
{
	if (len == 1 && name[0] > ' ' && name[0] < 0x7f && name[0] != ',')
		return (unsigned char)name[0];
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i].name) == len &&
		    strncmp(names[i].name, name, len) == 0)
			return names[i].code;
	return -1;
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

	return !key_each(keys, differs, &m);
}
