/* chain.h: how two copies of one journal stand to each other.
 *
 * Two clones of a run hold two journals.  Their hash chains say how they
 * relate, with no clock and no trust in who sent them:
 *   - equal: the same bytes;
 *   - one extends the other: the shorter's bytes are a prefix of the
 *     longer's (a fast-forward: taking the longer loses nothing);
 *   - diverged: they share a prefix, then differ: each side has events
 *     the other lacks, and neither may overwrite the other;
 *   - broken: a side's chain does not verify (journal.c's verifier, the
 *     same rules as `relcheck verify`), so nothing is compared.
 * A torn last line (a crash's) is allowed as journal.c allows it.
 */
#ifndef RELCHECK_CHAIN_H
#define RELCHECK_CHAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "journal.h"

enum chain_relation {
	CHAIN_EQUAL,
	CHAIN_A_EXTENDS_B,
	CHAIN_B_EXTENDS_A,
	CHAIN_DIVERGED,
	CHAIN_BROKEN,
};

/* One side's event at a line: seq -1 (and the strings "") when the line
 * is not a whole event (a torn line). */
struct chain_event {
	size_t line;
	long long seq;
	char *type, *actor, *time;	/* owned */
};

struct chain_result {
	enum chain_relation rel;
	/* DIVERGED: the first line that differs (the same number on both
	 * sides: the lines before it are the same bytes), and each side's
	 * event there. */
	struct chain_event a, b;
	/* BROKEN: which side (0 A, 1 B), the line (0: none in particular)
	 * and the verifier's words (owned). */
	int broken_side;
	size_t broken_line;
	char *why;
};

/* Compares journal A's bytes with journal B's (either may be empty:
 * no journal yet, a prefix of any).  Fills *out (chain_result_free it).
 * Returns 0, or -1 with *err (caller frees) when they could not be read
 * (a temporary file). */
int chain_compare(const void *a, size_t alen, const void *b, size_t blen,
		  struct chain_result *out, char **err);
void chain_result_free(struct chain_result *r);

/* Verifies a journal given as bytes (journal.c's replay, on a private
 * temporary copy) and calls fn for each good event.  Returns 0 when the
 * chain holds (a torn last line allowed), 1 when it does not (*why and
 * *line say where: the first problem that is not a warning), -1 with
 * *why when it could not be read. */
int chain_verify(const void *bytes, size_t len, journal_fn fn, void *data,
		 char **why, size_t *line);

/* "line 7 (seq 7, check by Ann <a@x>, 2026-12-06T07:00:00.000Z)",
 * sanitised by the caller when printed.  Caller frees. */
char *chain_event_describe(const struct chain_event *ev);

#endif
