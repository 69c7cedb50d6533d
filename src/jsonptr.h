/* jsonptr.h: JSON Pointer (RFC 6901) over jansson's values, and a value
 * compared with the text a checklist wrote. */
#ifndef RELCHECK_JSONPTR_H
#define RELCHECK_JSONPTR_H

#include <jansson.h>

/* The value ptr points at in root ("" is root itself; "/a/0/b~1c").
 * 0 with *out (borrowed from root); 1 when nothing is there, with *err
 * saying where the path stops; -1 when ptr is no JSON pointer, with *err.
 * *err is the caller's to free. */
int jsonptr_get(json_t *root, const char *ptr, json_t **out, char **err);

/* "a string", "an object", ...: for reasons. */
const char *jsonptr_type_name(const json_t *v);

/* A scalar as text: a string as it is, a number as JSON writes it,
 * true, false, null.  NULL for an object or an array.  Caller frees. */
char *jsonptr_scalar_text(const json_t *v);

/* Whether v equals want, compared by value: a string with the same
 * bytes; a number with the same value (want parsed as a number: "1.0"
 * equals 1); true/false/null with that word.  *why (caller frees), when
 * they differ by type, says so. */
int jsonptr_equals(const json_t *v, const char *want, char **why);

#endif
