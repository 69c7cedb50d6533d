/* checktype.h: the table of check types and the fields each one takes.
 *
 * One row per type (designated initializers, tmux style).  The loader
 * validates a check against its row; the check engine (a later issue) adds
 * a `run` function to each row.  Adding a type is adding a row.
 */
#ifndef RELCHECK_CHECKTYPE_H
#define RELCHECK_CHECKTYPE_H

#include <stdbool.h>
#include <stddef.h>

#include "caps.h"

enum field_kind {
	FIELD_STRING,	/* any string; ${vars} expanded */
	FIELD_REGEX,	/* a PCRE2 pattern, compiled at load time */
	FIELD_URL,	/* an http:// or https:// URL */
	FIELD_ENUM,	/* one of field.choices */
	FIELD_MODE,	/* file permission bits, "0600" */
	FIELD_VARNAME,	/* a variable this check sets for later items */
	FIELD_INT,	/* a non-negative integer */
	FIELD_BOOL,
	FIELD_STRINGS,	/* a list or array of strings */
};

struct field_spec {
	const char *name;
	enum field_kind kind;
	bool required;
	bool shell;		/* a shell command: data quoted (vars.h) */
	bool path;		/* a file the check reads */
	unsigned needs;		/* capabilities the field, when set, uses */
	/* When not set, the field is taken as this, written the same way
	 * (a path field's default file, "${version_file}"), or NULL.  The
	 * trust check reads it as it would the written value. */
	const char *fallback;
	const char *const *choices;	/* FIELD_ENUM: NULL-terminated */
	const char *help;		/* one line, for man pages and errors */
};

struct check_job;
struct check_result;

/* A type's row says what it does that needs trust (caps.h): .needs =
 * CAP_EXEC when it runs commands, CAP_NET when it contacts the network.
 * Nothing else decides it: the trust check (trust.h) and check_run read
 * the row, never the name, so a new type that runs commands is asked
 * for trust by declaring so (tests/test-trust.c, test_new_type). */
struct check_type {
	const char *name;
	const char *summary;
	const struct field_spec *fields;	/* ends with a NULL name */
	unsigned needs;		/* capabilities the type always uses */
	/* Runs on a worker thread; see check.h. */
	void (*run)(struct check_job *job, struct check_result *res);
};

extern const struct check_type *const check_types[];

const struct check_type *check_type_find(const char *name);
/* Index of field `name` in type->fields, or -1. */
int check_type_field(const struct check_type *type, const char *name);
size_t check_type_nfields(const struct check_type *type);
const char *field_kind_name(enum field_kind kind);
/* What the row declares: it runs commands (CAP_EXEC), it contacts the
 * network (CAP_NET), whatever its fields say. */
bool check_type_runs_commands(const struct check_type *type);
bool check_type_uses_network(const struct check_type *type);

#endif
