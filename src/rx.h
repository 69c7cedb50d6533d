/* rx.h: PCRE2 helpers shared by the loader and the checks. */
#ifndef RELCHECK_RX_H
#define RELCHECK_RX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>

/* Compiles a pattern in relcheck's dialect: UTF-8, multiline (^ and $ at
 * every line).  NULL with *err set (caller frees) on failure. */
pcre2_code *rx_compile(const char *pattern, char **err);

/* Matches re against subject.  Returns 1 on a match, 0 on none, -1 with
 * *err set on a matching error (e.g. too much backtracking).  When group
 * is not NULL and the pattern matched, *group receives a copy of that group
 * (a name, or "1" for the first numbered group), or NULL when unset. */
int rx_match(const pcre2_code *re, const char *subject, size_t len,
	     const char *group, char **value, char **err);

/* The number of capturing groups in re. */
unsigned rx_capture_count(const pcre2_code *re);

/* Whether re has a group of this name. */
bool rx_has_group(const pcre2_code *re, const char *name);

#endif
