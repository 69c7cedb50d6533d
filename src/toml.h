/* toml.h: a TOML reader for what relcheck reads of pyproject.toml.
 *
 * It parses the whole of TOML 1.0's syntax that pyproject.toml files use
 * (tables, arrays of tables, dotted and quoted keys, basic and literal
 * strings on one line or many, arrays over many lines with comments and
 * trailing commas, inline tables, numbers, booleans and dates kept as
 * text) and keeps what relcheck asks for: each value under its dotted
 * path ("project.name", "tool.hatch.version.path"), strings as strings,
 * arrays as their strings.  A file it cannot parse is an error naming the
 * line; nothing of it is used then.  Why ours and not toml++: see
 * doc/toml.md.
 */
#ifndef RELCHECK_TOML_H
#define RELCHECK_TOML_H

#include <stdbool.h>
#include <stddef.h>

enum toml_type { TOML_STRING, TOML_ARRAY, TOML_OTHER };

struct toml_entry {
	char *key;		/* dotted path, owned */
	enum toml_type type;
	char *str;		/* TOML_STRING: the string; TOML_OTHER: its text */
	char **items;		/* TOML_ARRAY: its string items (others left out) */
	size_t nitems;
	unsigned line;
};

struct toml {
	struct toml_entry *e;	/* owned, in the file's order */
	size_t n;
};

#define TOML_INIT { NULL, 0 }

/* Parses text (len bytes, NUL-terminated).  Returns 0, or -1 and *err
 * ("line N: why", caller frees); t is empty after an error. */
int toml_parse(struct toml *t, const char *text, size_t len, char **err);

/* Reads and parses path.  Returns 0; 1 when there is no such file; -1 and
 * *err ("PATH:N: why") when it cannot be read or parsed. */
int toml_read_file(struct toml *t, const char *path, char **err);

void toml_free(struct toml *t);

/* The entry at key, or NULL. */
const struct toml_entry *toml_get(const struct toml *t, const char *key);

/* The string at key, or NULL (not there, or not a string). */
const char *toml_string(const struct toml *t, const char *key);

/* Whether the array at key holds the string s. */
bool toml_array_has(const struct toml *t, const char *key, const char *s);

/* Whether any key is table or under it ("tool.setuptools_scm"). */
bool toml_has_table(const struct toml *t, const char *table);

/* The first entry directly in table (its key's last part in *name, a
 * pointer into the entry's key), or NULL. */
const struct toml_entry *toml_first_in(const struct toml *t,
				       const char *table, const char **name);

#endif
