/* journal.h: an append-only, hash-chained record of events.
 *
 * One JSON object a line.  Each line is written with a single write(2)
 * and fsync'd before journal_append returns, so an action reported done
 * is on disk.  Every event carries seq, time (UTC), actor, host, type,
 * payload, prev (the previous event's hash; 64 zeros for the first) and
 * hash: the SHA-256 of the line's exact bytes up to the hash, closed with
 * "}".  A line is thus
 *
 *   {"seq":1,...,"prev":"000...","hash":"<sha256 of {"seq":1,...,"prev":"000..."}>"}
 *
 * so any change to a byte of an event, a deletion, an insertion or a
 * reordering breaks the chain at the first line touched.
 *
 * A crash can leave the last line torn (no newline at the end).  Reading
 * reports it and leaves it out; it is never rewritten away.  The next
 * writer ends it with a newline and records, in its first event, that
 * the torn line (its number, size and sha256) came before: verification
 * accepts a broken line only where such an event follows it.  If that
 * writer crashes in turn, its own torn line follows the first: the next
 * event acknowledges both (an array, in order), so a run survives any
 * number of crashes in a row.
 *
 * A broken line counts as torn only if its bytes can be what a crash
 * left of the event that was due: a prefix of a line as journal_append
 * writes it (seq, time, actor, host, type, payload, prev in that order,
 * prev a prefix of the hash of the event before, and the hash's digits a
 * prefix of the body's own sha256), never a whole line.  Any other
 * broken line, or a broken chain, is an error that names the line.
 *
 * A writer holds an exclusive flock on the file; a second one gets it
 * read-only.
 */
#ifndef RELCHECK_JOURNAL_H
#define RELCHECK_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "util.h"

#define JOURNAL_HASH_LEN 64

struct journal;
/* jansson's value (jansson.h), named here without it: the screen that
 * includes this header does not parse JSON. */
struct json_t;
/* What journal_replay_lazy keeps of an event's payload (journal.c). */
struct journal_lazy;

struct journal_event {
	size_t line;		/* 1-based line in the file */
	long long seq;
	const char *time;
	const char *actor;
	const char *host;
	const char *type;
	struct json_t *payload;	/* borrowed for the callback's duration */
	const char *prev;
	const char *hash;
	/* Set by journal_replay_lazy only (else NULL): the payload's
	 * bytes, read through the accessors below. */
	struct journal_lazy *lazy;
};

/* The payload's string member key, or NULL (not there, or not a
 * string).  Borrowed for the callback's duration. */
const char *journal_event_str(const struct journal_event *ev,
			      const char *key);
/* Has the payload a member key (of any type)? */
bool journal_event_has(const struct journal_event *ev, const char *key);
/* The payload as a tree: ev->payload, or, for an event from
 * journal_replay_lazy, the payload parsed on first use.  Borrowed for the
 * callback's duration (json_incref what is kept). */
struct json_t *journal_event_payload(const struct journal_event *ev);

/* Called for each good event, in order; a non-zero return stops. */
typedef int (*journal_fn)(const struct journal_event *ev, void *data);

enum {
	JOURNAL_WRITE = 1,	/* open for appending (lock it) */
	JOURNAL_CREATE = 2,	/* create when missing (with WRITE) */
	/* A regular file only: no symbolic link followed, a FIFO or a
	 * device refused without blocking on it (a reviewer's journal,
	 * whose name comes from a folder others write into). */
	JOURNAL_REGULAR = 4,
};

/* Opens path.  With JOURNAL_WRITE, when another process holds the lock
 * the journal opens read-only and journal_read_only() says why.  Returns
 * 0, or -1 with *err (caller frees). */
int journal_open(struct journal **out, const char *path, int flags,
		 char **err);
void journal_close(struct journal *j);

/* Reads the whole journal, verifying it, and calls fn for each good
 * event.  Problems go to problems as "path:line: message"; a torn last
 * line is a warning (its entry's message starts "warning: "); anything
 * else makes the journal read-only.  Returns 0 when the journal is
 * intact (a torn last line allowed), -1 otherwise; and -1 when reading
 * fails. */
int journal_replay(struct journal *j, journal_fn fn, void *data,
		   struct diag *problems);

/* As journal_replay, the same checks and the same answers, for readers
 * that need few payloads as trees (verify, status): an event written as
 * journal_append writes it is checked on its bytes, and its payload is
 * parsed only when asked for; ev->payload may be NULL, so read the
 * payload with journal_event_str, journal_event_has and
 * journal_event_payload. */
int journal_replay_lazy(struct journal *j, journal_fn fn, void *data,
			struct diag *problems);

/* A journal that journal_replay_since read whole and found intact: its
 * bytes, and where the chain stood after them. */
struct journal_seen {
	struct buf bytes;	/* (owned) */
	long long seq;
	char hash[JOURNAL_HASH_LEN + 1];
	size_t nlines;
};

#define JOURNAL_SEEN_INIT { BUF_INIT, 0, "", 0 }

/* Kept no larger than this: a bigger journal is read from its start. */
#define JOURNAL_SEEN_MAX (4 * 1024 * 1024)

void journal_seen_free(struct journal_seen *seen);

/* journal_replay_lazy for a reader that reads the same journal again
 * and again (the screen's timeline).  When the file still begins with
 * exactly seen's bytes (compared byte for byte, never by size or time),
 * their lines are not checked again nor given to fn (*from_start false:
 * the caller keeps what it made of them) and the replay goes on from
 * their end; else it reads from the start (*from_start true).  seen is
 * then the whole file when it was found intact, ends with a line end
 * and is at most JOURNAL_SEEN_MAX bytes, else emptied.  A callback that
 * stops the replay empties it too. */
int journal_replay_since(struct journal *j, struct journal_seen *seen,
			 bool *from_start, journal_fn fn, void *data,
			 struct diag *problems);

/* Appends an event (payload is stolen).  Requires a replayed, writable
 * journal.  Fills ev (when not NULL) with the new event as written: its
 * strings stay valid until the next append; ev->payload is not set.
 * Returns 0, or -1 with *err. */
int journal_append(struct journal *j, const char *type,
		   struct json_t *payload,
		   const char *actor, const char *host,
		   struct journal_event *ev, char **err);

/* Why the journal is read-only (NULL when it is writable). */
const char *journal_read_only(const struct journal *j);
const char *journal_path(const struct journal *j);
/* The last good event's hash and seq (64 zeros and 0 when none). */
const char *journal_last_hash(const struct journal *j);
long long journal_last_seq(const struct journal *j);
bool journal_is_empty(const struct journal *j);

/* A torn line the last replay left out at the end, and what its bytes
 * show of the event that was being written (seq -1 and type "" when they
 * do not reach that far). */
struct journal_torn {
	size_t line;
	size_t bytes;
	long long seq;
	const char *type;
};

/* How many torn lines the last replay left out at the end (one for each
 * crash in a row); fills out (when not NULL) with the i-th of them. */
size_t journal_torn(const struct journal *j, size_t i,
		    struct journal_torn *out);

/* The current UTC time as 2026-11-25T17:40:00.123Z (buf >= 32). */
void journal_now(char *buf, size_t len);

#endif
