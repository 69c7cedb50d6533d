/* diag.h: a list of diagnostics, each tied to a file and line.
 *
 * The loader collects every problem it finds instead of stopping at the
 * first, so that one `relcheck lint` run shows them all.  The core only
 * collects; main and ui/ decide how to show them.
 */
#ifndef RELCHECK_DIAG_H
#define RELCHECK_DIAG_H

#include <stdio.h>

#include "util.h"

struct diag_entry {
	char *file;	/* may be NULL (a command-line problem) */
	int line;	/* 0 when the problem has no line */
	char *message;
	/* The variable a note asks the operator to set, or NULL: a note
	 * about a variable the command line already gives is not shown
	 * (context_load). */
	char *subject;
};

struct diag {
	struct diag_entry *entries;
	size_t count;
	size_t cap;
};

#define DIAG_INIT { NULL, 0, 0 }

/* Adds "file:line: message".  The strings are copied. */
void diag_add(struct diag *d, const char *file, int line, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
/* Adds a note about variable subject (a "set this" hint, no file). */
void diag_add_about(struct diag *d, const char *subject, const char *fmt,
		    ...) PRINTF_LIKE(3, 4);
/* Formats entry i as "file:line: message" (or shorter forms); caller frees. */
char *diag_format(const struct diag *d, size_t i);
/* Writes every entry, one a line, to f. */
void diag_print(const struct diag *d, FILE *f);
/* Moves every entry of src to the end of dst. */
void diag_move(struct diag *dst, struct diag *src);
void diag_free(struct diag *d);

#endif
