/* spool.h: records kept in a temporary file, in chains by key, for what
 * grows with a journal (a report's notes, commands and reviews): memory
 * holds the last 64 KiB written, one read window and three numbers per
 * key, whatever the number of records.
 *
 * A record is up to SPOOL_FIELDS strings (each may be NULL) and a
 * number.  Records of one key are read back in the order they were
 * added: each record starts with the offset of the next of its key,
 * patched in when that one is added (in memory while it is still there,
 * else with pwrite).  Without a temporary file (no TMPDIR to write to)
 * everything stays in memory: slower to grow, same results.
 *
 * Ownership: the spool owns its file (unlinked at once: nothing is left
 * behind, even on a crash) and its buffers; spool_free releases them.
 * What spool_next fills in points into the spool and stays valid until
 * the next spool_next or spool_add.
 */
#ifndef RELCHECK_SPOOL_H
#define RELCHECK_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define SPOOL_FIELDS 8

struct spool {
	int fd;			/* -1: none (yet) */
	bool no_file;		/* none could be made: all in mem */
	struct buf mem;		/* the bytes from offset base on */
	uint64_t base;
	struct buf win;		/* a window read back, from win_base */
	uint64_t win_base;
	size_t nkeys;
	uint64_t *first, *last;	/* per key: offset + 1, or 0 */
	size_t *count;
	bool failed;		/* a write or read failed: errno in err */
	int err;
};

struct spool_record {
	const char *field[SPOOL_FIELDS];
	long long number;
};

/* An empty spool of nkeys chains. */
void spool_init(struct spool *s, size_t nkeys);
void spool_free(struct spool *s);
/* Adds a record of nfields strings and a number at the end of key's
 * chain. */
void spool_add(struct spool *s, size_t key, const char *const *field,
	       size_t nfields, long long number);
/* How many records key has. */
size_t spool_count(const struct spool *s, size_t key);
/* Where key's chain starts (0: it is empty): a cursor for spool_next. */
uint64_t spool_first(const struct spool *s, size_t key);
/* The record at *cursor, which moves to the next of its key.  Returns
 * false at the end of the chain, or when it cannot be read back (then
 * s->failed). */
bool spool_next(struct spool *s, uint64_t *cursor, struct spool_record *rec);

#endif
