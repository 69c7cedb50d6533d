/* spool.c: records in chains by key, in an unlinked temporary file. */
#include "config.h"

#include "spool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes kept in memory before they go to the file; and the least read
 * back at once. */
#define SPOOL_CHUNK (64 * 1024)
#define NO_FIELD UINT32_MAX

/* A record: the next one's offset + 1 (0: none), the number, the length
 * of each field (NO_FIELD: NULL), then the fields, each with its NUL. */
struct head {
	uint64_t next;
	int64_t number;
	uint32_t len[SPOOL_FIELDS];
};

static int temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/relcheck-spool.XXXXXX", dir && *dir == '/'
			       ? dir : "/tmp");
	int fd = mkstemp(path);

	if (fd >= 0)
		unlink(path);
	free(path);
	return fd;
}

void spool_init(struct spool *s, size_t nkeys)
{
	memset(s, 0, sizeof(*s));
	buf_init(&s->mem);
	buf_init(&s->win);
	s->nkeys = nkeys;
	s->first = xcalloc(nkeys + 1, sizeof(*s->first));
	s->last = xcalloc(nkeys + 1, sizeof(*s->last));
	s->count = xcalloc(nkeys + 1, sizeof(*s->count));
	s->fd = -1;		/* made at the first flush */
}

void spool_free(struct spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	buf_free(&s->mem);
	buf_free(&s->win);
	free(s->first);
	free(s->last);
	free(s->count);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}

static void fail(struct spool *s)
{
	if (!s->failed)
		s->err = errno;
	s->failed = true;
}

/* Moves what memory holds to the file (when there is one). */
static void flush(struct spool *s)
{
	if (s->mem.len < SPOOL_CHUNK || s->failed)
		return;
	if (s->fd < 0 && !s->no_file) {
		s->fd = temp_file();
		s->no_file = s->fd < 0;
	}
	if (s->fd < 0)
		return;
	if (fd_write_all(s->fd, s->mem.data, s->mem.len) < 0) {
		fail(s);
		return;
	}
	s->base += s->mem.len;
	buf_reset(&s->mem);
}

/* Writes the 8 bytes of v at offset at, wherever they are now. */
static void patch(struct spool *s, uint64_t at, uint64_t v)
{
	if (at >= s->base) {
		memcpy(s->mem.data + (at - s->base), &v, sizeof(v));
		return;
	}
	if (pwrite(s->fd, &v, sizeof(v), (off_t)at) != (ssize_t)sizeof(v))
		fail(s);
	/* A window read before may hold the old value. */
	s->win.len = 0;
}

void spool_add(struct spool *s, size_t key, const char *const *field,
	       size_t nfields, long long number)
{
	struct head h;
	uint64_t at = s->base + s->mem.len;

	if (key >= s->nkeys)
		return;
	memset(&h, 0, sizeof(h));
	h.number = number;
	for (size_t i = 0; i < SPOOL_FIELDS; i++)
		h.len[i] = i < nfields && field[i] ? (uint32_t)strlen(field[i])
						   : NO_FIELD;
	buf_add(&s->mem, &h, sizeof(h));
	for (size_t i = 0; i < SPOOL_FIELDS; i++)
		if (h.len[i] != NO_FIELD)
			buf_add(&s->mem, field[i], (size_t)h.len[i] + 1);
	if (s->last[key])
		patch(s, s->last[key] - 1, at + 1);
	else
		s->first[key] = at + 1;
	s->last[key] = at + 1;
	s->count[key]++;
	flush(s);
}

size_t spool_count(const struct spool *s, size_t key)
{
	return key < s->nkeys ? s->count[key] : 0;
}

uint64_t spool_first(const struct spool *s, size_t key)
{
	return key < s->nkeys ? s->first[key] : 0;
}

/* The n bytes at offset at, from memory or the read window (refilled
 * from the file when it does not hold them).  NULL when unreadable. */
static const char *bytes_at(struct spool *s, uint64_t at, size_t n)
{
	if (at >= s->base)
		return at + n <= s->base + s->mem.len
		       ? s->mem.data + (at - s->base) : NULL;
	if (s->fd < 0)
		return NULL;
	if (!(s->win.len && at >= s->win_base &&
	      at + n <= s->win_base + s->win.len)) {
		size_t want = n > SPOOL_CHUNK ? n : SPOOL_CHUNK;
		ssize_t got;

		buf_reset(&s->win);
		buf_grow(&s->win, want);
		got = pread(s->fd, s->win.data, want, (off_t)at);
		if (got < 0) {
			fail(s);
			return NULL;
		}
		s->win.len = (size_t)got;
		s->win_base = at;
		if ((size_t)got < n) {
			errno = EIO;
			fail(s);
			return NULL;
		}
	}
	return s->win.data + (at - s->win_base);
}

bool spool_next(struct spool *s, uint64_t *cursor, struct spool_record *rec)
{
	struct head h;
	const char *p;
	size_t body = 0;

	if (!*cursor || !(p = bytes_at(s, *cursor - 1, sizeof(h))))
		return false;
	memcpy(&h, p, sizeof(h));
	for (size_t i = 0; i < SPOOL_FIELDS; i++)
		if (h.len[i] != NO_FIELD)
			body += (size_t)h.len[i] + 1;
	if (!(p = bytes_at(s, *cursor - 1, sizeof(h) + body)))
		return false;
	p += sizeof(h);
	for (size_t i = 0; i < SPOOL_FIELDS; i++) {
		rec->field[i] = h.len[i] == NO_FIELD ? NULL : p;
		if (h.len[i] != NO_FIELD)
			p += (size_t)h.len[i] + 1;
	}
	rec->number = h.number;
	*cursor = h.next;
	return true;
}
