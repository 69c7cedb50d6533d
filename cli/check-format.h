/* check-format.h: the output formats of `relcheck check`, rows of one
 * table as the report's formats are (report.h).  --format's values and
 * the error for an unknown one come from it.
 *
 * Adding a format: a print function and a row in check-format.c. */
#ifndef RELCHECK_CHECK_FORMAT_H
#define RELCHECK_CHECK_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include "checklist.h"
#include "check.h"
#include "util.h"

struct check_row {
	const struct item *item;
	bool has;		/* a result came */
	struct check_result res;
};

struct check_report {
	const struct checklist *cl;
	struct vars vars;	/* the checklist's, plus what checks captured */
	struct check_row *rows;	/* selected items, checklist order */
	size_t nrows;
	size_t nauto;
};


struct check_format {
	const char *name;
	/* Prints the results on stdout; colour: stdout is a terminal that
	 * wants colour (the text format uses it). */
	void (*print)(const struct check_report *r, bool colour);
};

/* The formats, in the order they are named; *n is their count. */
const struct check_format *const *check_format_table(size_t *n);
/* The format called name, or NULL. */
const struct check_format *check_format_find(const char *name);
/* Appends the formats' names to b: "text, tap, junit or json". */
void check_format_names(struct buf *b);

/* raw with the run's variables (captures included), or raw itself.
 * Caller frees. */
char *check_report_expand(const struct check_report *run, const char *raw);
/* "pass", "fail", ..., "manual", or "pending" (no result yet). */
const char *check_row_status(const struct check_row *r);

#endif
