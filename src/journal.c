/* journal.c: the append-only, hash-chained event log. */
#include "config.h"

#include "journal.h"
#include "hash.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINE (1024 * 1024)
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"
#define HASH_TAIL_LEN (sizeof(",\"hash\":\"\"}") - 1 + JOURNAL_HASH_LEN)

struct torn {
	bool present;
	size_t line;
	size_t bytes;
	char sha256[JOURNAL_HASH_LEN + 1];
};

struct journal {
	char *path;
	int fd;
	bool writable;
	char *read_only;	/* why, or NULL */
	bool replayed;
	bool ends_with_newline;
	off_t size;
	long long last_seq;
	char last_hash[JOURNAL_HASH_LEN + 1];
	size_t nlines;
	char last_time[32];
	struct torn torn;	/* a torn last line to acknowledge */
};

void journal_now(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;
	char base[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03ldZ", base, ts.tv_nsec / 1000000L);
}

static void set_read_only(struct journal *j, const char *why)
{
	if (!j->read_only)
		j->read_only = xstrdup(why);
	j->writable = false;
}

int journal_open(struct journal **out, const char *path, int flags,
		 char **err)
{
	struct journal *j;
	int oflags = O_RDONLY | O_CLOEXEC;

	*out = NULL;
	*err = NULL;
	if (flags & JOURNAL_WRITE)
		oflags = O_RDWR | O_APPEND | O_CLOEXEC |
			 (flags & JOURNAL_CREATE ? O_CREAT : 0);
	j = xcalloc(1, sizeof(*j));
	j->path = xstrdup(path);
	memcpy(j->last_hash, ZERO_HASH, sizeof(j->last_hash));
	j->ends_with_newline = true;
	j->fd = open(path, oflags, 0644);
	if (j->fd < 0 && (flags & JOURNAL_WRITE) &&
	    (errno == EACCES || errno == EROFS)) {
		int saved = errno;
		j->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (j->fd >= 0) {
			char *why = xasprintf("the run's file is not "
					      "writable (%s)", strerror(saved));
			set_read_only(j, why);
			free(why);
		} else if (errno == ENOENT) {
			errno = saved;	/* why it could not be made */
		}
	}
	if (j->fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		journal_close(j);
		return -1;
	}
	if (flags & JOURNAL_WRITE && !j->read_only) {
		if (flock(j->fd, LOCK_EX | LOCK_NB) < 0) {
			if (errno == EWOULDBLOCK)
				set_read_only(j, "another relcheck is recording "
					      "this run");
			else
				set_read_only(j, strerror(errno));
		} else {
			j->writable = true;
		}
	} else if (!(flags & JOURNAL_WRITE)) {
		set_read_only(j, "opened for reading");
	}
	*out = j;
	return 0;
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);	/* releases the lock */
	free(j->read_only);
	free(j->path);
	free(j);
}

const char *journal_read_only(const struct journal *j)
{
	return j->writable ? NULL : j->read_only;
}

const char *journal_path(const struct journal *j)
{
	return j->path;
}

const char *journal_last_hash(const struct journal *j)
{
	return j->last_hash;
}

long long journal_last_seq(const struct journal *j)
{
	return j->last_seq;
}

bool journal_is_empty(const struct journal *j)
{
	return j->last_seq == 0;
}

static bool is_hex64(const char *s, size_t n)
{
	if (n != JOURNAL_HASH_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

struct reader {
	struct journal *j;
	journal_fn fn;
	void *data;
	struct diag *problems;
	bool bad;		/* an error was found */
	bool stop;		/* the callback asked to stop */
	/* A broken line waiting to be acknowledged by the next event. */
	bool pending;
	size_t pending_line;
	char pending_sha[JOURNAL_HASH_LEN + 1];
	size_t pending_bytes;
	char *pending_why;
	bool pending_terminated;	/* it ended with a newline */
};

static void problem(struct reader *r, size_t line, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static void problem(struct reader *r, size_t line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add(r->problems, r->j->path, (int)line, "%s", b.data);
	buf_free(&b);
	r->bad = true;
}

/* Checks one line; on success fills ev (and *root, which the caller
 * frees) and returns NULL, else returns why (a static string or one in
 * *why_buf). */
static const char *parse_line(struct reader *r, const char *text, size_t len,
			      size_t line, json_t **root,
			      struct journal_event *ev, struct buf *why)
{
	struct journal *j = r->j;
	const char *tail;
	char hex[JOURNAL_HASH_LEN + 1];
	struct buf body = BUF_INIT;
	json_error_t je;
	json_t *o, *seq, *payload;

	*root = NULL;
	if (len < HASH_TAIL_LEN + 2)
		return "not an event (too short)";
	tail = text + len - HASH_TAIL_LEN;
	if (strncmp(tail, ",\"hash\":\"", 9) != 0 ||
	    strncmp(text + len - 2, "\"}", 2) != 0 ||
	    !is_hex64(tail + 9, JOURNAL_HASH_LEN))
		return "not an event (no hash at its end)";
	buf_add(&body, text, (size_t)(tail - text));
	buf_addc(&body, '}');
	sha256_hex(body.data, body.len, hex);
	buf_free(&body);
	if (memcmp(hex, tail + 9, JOURNAL_HASH_LEN) != 0)
		return "the event's hash does not match its content "
		       "(the line was changed)";
	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		buf_addf(why, "not valid JSON (%s)", je.text);
		return why->data;
	}
	*root = o;
	seq = json_object_get(o, "seq");
	payload = json_object_get(o, "payload");
	ev->line = line;
	ev->seq = json_is_integer(seq) ? json_integer_value(seq) : -1;
	ev->time = json_string_value(json_object_get(o, "time"));
	ev->actor = json_string_value(json_object_get(o, "actor"));
	ev->host = json_string_value(json_object_get(o, "host"));
	ev->type = json_string_value(json_object_get(o, "type"));
	ev->prev = json_string_value(json_object_get(o, "prev"));
	ev->hash = json_string_value(json_object_get(o, "hash"));
	ev->payload = payload;
	if (ev->seq < 1 || !ev->time || !ev->actor || !ev->host || !ev->type ||
	    !ev->prev || !ev->hash || !json_is_object(payload))
		return "an event lacks seq, time, actor, host, type, payload "
		       "or prev, or has one of the wrong type";
	if (strcmp(ev->prev, j->last_hash) != 0) {
		buf_addf(why, "the chain is broken: prev is %.12s..., the event "
			 "before is %.12s...", ev->prev, j->last_hash);
		return why->data;
	}
	if (ev->seq != j->last_seq + 1) {
		buf_addf(why, "seq %lld where %lld was due (an event was "
			 "removed, added or moved)", ev->seq, j->last_seq + 1);
		return why->data;
	}
	return NULL;
}

/* Does ev's payload acknowledge the pending broken line? */
static bool acknowledges(const struct reader *r, const struct journal_event *ev)
{
	json_t *t = json_object_get(ev->payload, "torn");
	const char *sha = json_string_value(json_object_get(t, "sha256"));
	json_t *line = json_object_get(t, "line");

	return sha && json_is_integer(line) &&
	       (size_t)json_integer_value(line) == r->pending_line &&
	       strcmp(sha, r->pending_sha) == 0;
}

static void take_line(struct reader *r, const char *text, size_t len,
		      size_t line, bool too_long, bool terminated)
{
	struct journal *j = r->j;
	struct journal_event ev;
	struct buf why = BUF_INIT;
	const char *bad = NULL;
	json_t *root = NULL;

	if (r->stop || r->bad)
		return;		/* the first bad line is the one named */
	if (too_long)
		bad = "the line is longer than 1 MB";
	else
		bad = parse_line(r, text, len, line, &root, &ev, &why);
	if (bad) {
		if (r->pending) {
			/* Two broken lines in a row: the first is the error. */
			problem(r, r->pending_line, "%s", r->pending_why);
			free(r->pending_why);
			r->pending_why = NULL;
			r->pending = false;
			json_decref(root);
			buf_free(&why);
			return;
		}
		free(r->pending_why);
		r->pending = true;
		r->pending_terminated = terminated;
		r->pending_line = line;
		r->pending_bytes = len;
		sha256_hex(text, len, r->pending_sha);
		r->pending_why = xstrdup(bad);
		json_decref(root);
		buf_free(&why);
		return;
	}
	if (r->pending) {
		bool ok = acknowledges(r, &ev);
		if (!ok)
			problem(r, r->pending_line, "%s", r->pending_why);
		free(r->pending_why);
		r->pending_why = NULL;
		r->pending = false;
		if (!ok) {
			json_decref(root);
			buf_free(&why);
			return;
		}
	}
	if (!r->bad) {
		/* parse_line fills ev when it returns NULL, and its errors
		 * are never NULL (why->data after buf_addf), which the
		 * analyser cannot see from here. */
		/* NOLINTNEXTLINE(clang-analyzer-core.uninitialized.Assign) */
		j->last_seq = ev.seq;
		memcpy(j->last_hash, ev.hash, JOURNAL_HASH_LEN + 1);
		if (r->fn && r->fn(&ev, r->data) != 0)
			r->stop = true;
	}
	json_decref(root);
	buf_free(&why);
}

int journal_replay(struct journal *j, journal_fn fn, void *data,
		   struct diag *problems)
{
	struct reader r = { .j = j, .fn = fn, .data = data,
			    .problems = problems };
	struct buf line = BUF_INIT;
	char chunk[65536];
	size_t lineno = 0;
	bool too_long = false, last_newline = true;
	off_t size = 0;
	ssize_t n;

	j->last_seq = 0;
	memcpy(j->last_hash, ZERO_HASH, sizeof(j->last_hash));
	j->torn.present = false;
	if (lseek(j->fd, 0, SEEK_SET) < 0) {
		diag_add(problems, j->path, 0, "cannot read: %s",
			 strerror(errno));
		return -1;
	}
	buf_init(&line);
	while ((n = read(j->fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_add(problems, j->path, 0, "cannot read: %s",
				 strerror(errno));
			buf_free(&line);
			return -1;
		}
		size += n;
		for (ssize_t i = 0; i < n; i++) {
			char c = chunk[i];
			if (c == '\n') {
				take_line(&r, line.data, line.len, ++lineno,
					  too_long, true);
				buf_reset(&line);
				too_long = false;
				continue;
			}
			if (line.len >= MAX_LINE) {
				too_long = true;
				continue;
			}
			buf_addc(&line, c);
		}
		/* cppcheck-suppress negativeIndex ; n > 0 here: a read
		 * error (n < 0) continued or returned above */
		last_newline = chunk[n - 1] == '\n';
	}
	if (line.len > 0 || too_long) {
		take_line(&r, line.data, line.len, ++lineno, too_long, false);
		last_newline = false;
	}
	buf_free(&line);
	j->size = size;
	j->nlines = lineno;
	j->ends_with_newline = size == 0 || last_newline;
	if (r.pending && r.pending_terminated) {
		/* A whole broken line at the end: a crash cannot leave a
		 * newline after a partial write, so it is damage. */
		problem(&r, r.pending_line, "%s", r.pending_why);
		free(r.pending_why);
	} else if (r.pending) {
		/* A broken last line: a crash while it was written. */
		j->torn.present = true;
		j->torn.line = r.pending_line;
		j->torn.bytes = r.pending_bytes;
		memcpy(j->torn.sha256, r.pending_sha, sizeof(j->torn.sha256));
		diag_add(problems, j->path, (int)r.pending_line, "warning: the "
			 "last line is torn (%s), most likely by a crash while "
			 "it was written: it is left out", r.pending_why);
		free(r.pending_why);
	}
	j->replayed = true;
	if (r.bad) {
		set_read_only(j, "the journal is damaged");
		return -1;
	}
	return 0;
}

int journal_append(struct journal *j, const char *type, json_t *payload,
		   const char *actor, const char *host,
		   struct journal_event *ev, char **err)
{
	char now[32], hex[JOURNAL_HASH_LEN + 1];
	json_t *o = NULL;
	char *body = NULL;
	struct buf line = BUF_INIT;
	size_t blen;
	ssize_t w;
	int rc = -1;

	*err = NULL;
	if (!j->replayed || !j->writable) {
		*err = xasprintf("%s: read-only: %s", j->path,
				 j->read_only ? j->read_only : "not replayed");
		json_decref(payload);
		return -1;
	}
	if (j->torn.present) {
		json_t *t = json_object();
		json_object_set_new(t, "line", json_integer((json_int_t)
							   j->torn.line));
		json_object_set_new(t, "bytes", json_integer((json_int_t)
							    j->torn.bytes));
		json_object_set_new(t, "sha256", json_string(j->torn.sha256));
		json_object_set_new(payload, "torn", t);
	}
	journal_now(now, sizeof(now));
	o = json_object();
	json_object_set_new(o, "seq", json_integer(j->last_seq + 1));
	json_object_set_new(o, "time", json_string(now));
	json_object_set_new(o, "actor", json_string(actor));
	json_object_set_new(o, "host", json_string(host));
	json_object_set_new(o, "type", json_string(type));
	json_object_set_new(o, "payload", payload);
	json_object_set_new(o, "prev", json_string(j->last_hash));
	body = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!body) {
		*err = xstrdup("cannot encode the event (invalid UTF-8?)");
		goto out;
	}
	blen = strlen(body);
	sha256_hex(body, blen, hex);
	if (!j->ends_with_newline)
		buf_addc(&line, '\n');	/* end the torn line; keep it */
	buf_add(&line, body, blen - 1);
	buf_addf(&line, ",\"hash\":\"%s\"}\n", hex);
	if (line.len > MAX_LINE) {
		*err = xasprintf("the event is larger than 1 MB (%zu bytes): "
				 "not recorded", line.len);
		goto out;
	}

	w = write(j->fd, line.data, line.len);
	if (w != (ssize_t)line.len) {
		int saved = w < 0 ? errno : ENOSPC;
		/* Take back what part of it was written: the journal is
		 * never left half-written by a failed append. */
		if (w > 0 && ftruncate(j->fd, j->size) < 0) {
			saved = errno;
			set_read_only(j, "an event could not be taken back");
		}
		*err = xasprintf("%s: cannot write the event: %s", j->path,
				 strerror(saved));
		goto out;
	}
	if (fsync(j->fd) < 0) {
		int saved = errno;
		/* Not on the disk for sure: take it back, so that the file
		 * and what this process chains the next event to agree.  If
		 * it cannot be taken back, no more events are written. */
		if (ftruncate(j->fd, j->size) < 0)
			set_read_only(j, "an event could not be taken back");
		*err = xasprintf("%s: cannot sync the event to disk: %s",
				 j->path, strerror(saved));
		goto out;
	}
	j->size += (off_t)line.len;
	j->ends_with_newline = true;
	j->torn.present = false;
	j->last_seq++;
	memcpy(j->last_hash, hex, sizeof(hex));
	memcpy(j->last_time, now, sizeof(now));
	j->nlines++;
	if (ev) {
		memset(ev, 0, sizeof(*ev));
		ev->line = j->nlines;
		ev->seq = j->last_seq;
		ev->time = j->last_time;
		ev->actor = actor;
		ev->host = host;
		ev->type = type;
		ev->hash = j->last_hash;
	}
	rc = 0;
out:
	free(body);
	buf_free(&line);
	json_decref(o);
	return rc;
}
