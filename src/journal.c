/* journal.c: the append-only, hash-chained event log. */
#include "config.h"

#include "journal.h"
#include "hash.h"
#include "util.h"

#include <jansson.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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

/* A broken line that may be a crash's torn write: what the next event
 * acknowledges, and what its bytes show. */
struct torn {
	size_t line;
	size_t bytes;
	char sha256[JOURNAL_HASH_LEN + 1];
	long long seq;		/* -1: not in the bytes */
	char type[32];		/* "": not in the bytes */
	bool terminated;	/* a newline after it */
	char *why;		/* why it is not an event (owned) */
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
	struct torn *torn;	/* the torn lines at the end, to */
	size_t ntorn;		/* acknowledge (owned) */
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
	if (flags & JOURNAL_REGULAR)
		oflags |= O_NOFOLLOW | O_NONBLOCK;
	j->fd = open(path, oflags, 0644);
	if (j->fd < 0 && (flags & JOURNAL_REGULAR) && errno == ELOOP) {
		*err = xasprintf("%s: a symbolic link, not a journal", path);
		journal_close(j);
		return -1;
	}
	if (j->fd >= 0 && (flags & JOURNAL_REGULAR)) {
		struct stat st;

		if (fstat(j->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			*err = xasprintf("%s: not a regular file", path);
			journal_close(j);
			return -1;
		}
	}
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

static void torn_free(struct torn *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].why);
	free(t);
}

void journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);	/* releases the lock */
	torn_free(j->torn, j->ntorn);
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

size_t journal_torn(const struct journal *j, size_t i,
		    struct journal_torn *out)
{
	if (out && i < j->ntorn) {
		out->line = j->torn[i].line;
		out->bytes = j->torn[i].bytes;
		out->seq = j->torn[i].seq;
		out->type = j->torn[i].type;
	}
	return j->ntorn;
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
	/* The broken lines in a row (each a possible torn write) waiting
	 * to be acknowledged by the next event. */
	struct torn *pend;
	size_t npend, apend;
	struct buf body;	/* a line's bytes that its hash covers */
	struct sha256_many *sha;	/* (owned; NULL: hash a copy) */
	bool sha_tried;		/* sha made on first use (a replay that
				 * resumes at the end checks no line) */
	struct journal_lazy *lazy;	/* journal_replay_lazy's, or NULL */
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

/* Does the line end with the hash of its own bytes?  NULL, or why
 * not. */
static const char *hash_check(struct reader *r, const char *text,
			      size_t len)
{
	const char *tail;
	char hex[JOURNAL_HASH_LEN + 1];

	if (len < HASH_TAIL_LEN + 2)
		return "not an event (too short)";
	tail = text + len - HASH_TAIL_LEN;
	if (strncmp(tail, ",\"hash\":\"", 9) != 0 ||
	    strncmp(text + len - 2, "\"}", 2) != 0)
		return "not an event (no hash at its end)";
	if (!r->sha_tried) {
		r->sha = sha256_many_new();
		r->sha_tried = true;
	}
	if (r->sha) {
		sha256_many_hex(r->sha, text, (size_t)(tail - text), "}", 1,
				hex);
	} else {
		buf_reset(&r->body);
		buf_add(&r->body, text, (size_t)(tail - text));
		buf_addc(&r->body, '}');
		sha256_hex(r->body.data, r->body.len, hex);
	}
	/* The same digits as sha256's: 64 hex digits, then. */
	if (memcmp(hex, tail + 9, JOURNAL_HASH_LEN) == 0)
		return NULL;
	if (!is_hex64(tail + 9, JOURNAL_HASH_LEN))
		return "not an event (no hash at its end)";
	return "the event's hash does not match its content "
	       "(the line was changed)";
}

/* Checks one line; on success fills ev (and *root, which the caller
 * frees) and returns NULL, else returns why (a static string or one in
 * *why_buf). */
static const char *parse_line(struct reader *r, const char *text, size_t len,
			      size_t line, json_t **root,
			      struct journal_event *ev, struct buf *why)
{
	struct journal *j = r->j;
	const char *bad;
	json_error_t je;
	json_t *o, *seq, *payload;

	*root = NULL;
	bad = hash_check(r, text, len);
	if (bad)
		return bad;
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

/* ---- the shape of a torn write ----
 *
 * journal_append writes a line as jansson's compact dump, keys in this
 * order: {"seq":N,"time":"..","actor":"..","host":"..","type":"..",
 * "payload":{..},"prev":"<hash>","hash":"<hash>"}.  A crash can leave
 * any prefix of it, and nothing else.  Each scan_* step returns 1 when
 * its part is whole, 0 when the text ends inside it (still a prefix),
 * -1 when the text cannot be the start of such a line. */

struct scan {
	const char *p, *end;
};

static int scan_lit(struct scan *s, const char *lit)
{
	size_t n = strlen(lit), have = (size_t)(s->end - s->p);
	size_t k = have < n ? have : n;

	if (memcmp(s->p, lit, k) != 0)
		return -1;
	s->p += k;
	return k == n ? 1 : 0;
}

/* A JSON string as jansson dumps it (no raw control characters). */
static int scan_string(struct scan *s)
{
	if (s->p == s->end)
		return 0;
	if (*s->p != '"')
		return -1;
	s->p++;
	while (s->p < s->end) {
		unsigned char c = (unsigned char)*s->p++;
		if (c == '"')
			return 1;
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			if (s->p == s->end)
				return 0;
			s->p++;
		}
	}
	return 0;
}

static int scan_digits(struct scan *s)
{
	const char *start = s->p;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	if (s->p - start > 18)
		return -1;	/* no seq is that long */
	if (s->p == s->end)
		return 0;
	return s->p > start ? 1 : -1;
}

/* A compact JSON object: brackets balanced outside strings. */
static int scan_object(struct scan *s)
{
	int depth = 0;

	if (s->p == s->end)
		return 0;
	if (*s->p != '{')
		return -1;
	while (s->p < s->end) {
		unsigned char c = (unsigned char)*s->p;
		if (c == '"') {
			int rc = scan_string(s);
			if (rc <= 0)
				return rc;
			continue;
		}
		s->p++;
		if (c < 0x20 || c == ' ')
			return -1;	/* compact: no white space */
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && --depth == 0)
			return 1;
	}
	return 0;
}

/* A prefix of want (not NUL-terminated in the text). */
static int scan_prefix_of(struct scan *s, const char *want, size_t n)
{
	size_t have = (size_t)(s->end - s->p), k = have < n ? have : n;

	if (memcmp(s->p, want, k) != 0)
		return -1;
	s->p += k;
	return k == n ? 1 : 0;
}

#define STEP(x) do {				\
		int step_ = (x);		\
		if (step_ <= 0)			\
			return step_ == 0;	\
	} while (0)

/* Can text be what a crash left of the event due after prev_hash?  Fills
 * t->seq and t->type when the bytes hold them. */
static bool torn_shape(const char *text, size_t len, const char *prev_hash,
		       struct torn *t)
{
	struct scan s = { text, text + len };
	const char *mark;
	char hex[JOURNAL_HASH_LEN + 1];
	struct buf body = BUF_INIT;
	int rc;

	t->seq = -1;
	t->type[0] = '\0';
	if (len == 0)
		return false;	/* a crash leaves no empty line */
	STEP(scan_lit(&s, "{\"seq\":"));
	mark = s.p;
	STEP(scan_digits(&s));
	t->seq = strtoll(mark, NULL, 10);
	STEP(scan_lit(&s, ",\"time\":"));
	STEP(scan_string(&s));
	STEP(scan_lit(&s, ",\"actor\":"));
	STEP(scan_string(&s));
	STEP(scan_lit(&s, ",\"host\":"));
	STEP(scan_string(&s));
	STEP(scan_lit(&s, ",\"type\":"));
	mark = s.p;
	STEP(scan_string(&s));
	if ((size_t)(s.p - mark) - 2 < sizeof(t->type) &&
	    !memchr(mark + 1, '\\', (size_t)(s.p - mark) - 2))
		snprintf(t->type, sizeof(t->type), "%.*s",
			 (int)(s.p - mark) - 2, mark + 1);
	STEP(scan_lit(&s, ",\"payload\":"));
	STEP(scan_object(&s));
	STEP(scan_lit(&s, ",\"prev\":\""));
	STEP(scan_prefix_of(&s, prev_hash, JOURNAL_HASH_LEN));
	STEP(scan_lit(&s, "\""));
	/* The body is whole: the hash's digits must be its own. */
	buf_add(&body, text, (size_t)(s.p - text));
	buf_addc(&body, '}');
	sha256_hex(body.data, body.len, hex);
	buf_free(&body);
	STEP(scan_lit(&s, ",\"hash\":\""));
	STEP(scan_prefix_of(&s, hex, JOURNAL_HASH_LEN));
	rc = scan_lit(&s, "\"}");
	/* A whole line is an event or a changed one, never a torn one. */
	return rc == 0;
}

#undef STEP

/* ---- the fast path: an event checked on its bytes ----
 *
 * journal_replay_lazy takes here only what it is sure jansson takes too,
 * with the same fields: a line as journal_append writes it (compact,
 * the keys in its order), its strings valid UTF-8 with no control
 * characters and no \u escapes (and none at all in keys and in the
 * envelope's strings), integers of at most 18 digits, no reals, no
 * object of more than FAST_KEYS keys, nothing nested more than
 * FAST_DEPTH deep, and a chain that holds.  Anything else goes to
 * parse_line, which says what is wrong: the fast path never rejects a
 * line, it only passes the lines it is sure of. */

#define FAST_DEPTH 16
/* A run-started event's items has a key for each item of the checklist
 * (41 in octavia-loxilb-driver.conf): at 16, the first event of every
 * run went to jansson, a third of the timeline's reading. */
#define FAST_KEYS 128

struct journal_lazy {
	const char *payload;	/* the payload's bytes, in the read buffer */
	size_t len;
	json_t *tree;		/* parsed on first use (owned) */
	char *strs;		/* decoded strings, each at its offset in */
	size_t astrs;		/* the payload (owned) */
	struct buf env;		/* the envelope's strings */
};

struct span {
	const char *p;
	size_t n;
};

static bool f_lit(struct scan *s, const char *lit, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
		return false;
	s->p += n;
	return true;
}

#define F_LIT(s, lit) f_lit((s), (lit), sizeof(lit) - 1)

/* One multi-byte UTF-8 character as jansson takes it (its utf.c): no
 * overlong form, no surrogate, nothing past U+10FFFF. */
static bool f_utf8(struct scan *s)
{
	const unsigned char *p = (const unsigned char *)s->p;
	size_t n;
	unsigned long cp;

	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		cp = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		cp = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return false;
	}
	if ((size_t)(s->end - s->p) < n)
		return false;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return false;
		cp = cp << 6 | (p[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return false;
	s->p += n;
	return true;
}

/* Is c (not NUL) one of set? */
static bool one_of(const char *set, char c)
{
	return c != '\0' && strchr(set, c) != NULL;
}

/* Does any of the 8 bytes in v need a look: '"', '\\', a control
 * character or a byte of a multi-byte character?  (It may say so of a
 * byte after one that does; never misses one.) */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
#define HAS_ZERO(v) (((v) - ONES) & ~(v) & HIGHS)
#define STOP8(v) (((v) & HIGHS) || HAS_ZERO((v) ^ (ONES * '"')) || \
		  HAS_ZERO((v) ^ (ONES * '\\')) || \
		  (((v) - ONES * 0x20) & ~(v) & HIGHS))

/* A string; *esc says whether it holds an escape (one of \" \\ \/ \b
 * \f \n \r \t: the only ones taken). */
static bool f_string(struct scan *s, bool *esc)
{
	*esc = false;
	if (s->p == s->end || *s->p != '"')
		return false;
	s->p++;
	while (s->p < s->end) {
		unsigned char c;
		uint64_t v;
		while (s->end - s->p >= 8) {
			memcpy(&v, s->p, 8);
			if (STOP8(v))
				break;
			s->p += 8;
		}
		if (s->p == s->end)
			break;
		c = (unsigned char)*s->p;
		if (c == '"') {
			s->p++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c == '\\') {
			if (s->end - s->p < 2 || !one_of("\"\\/bfnrt", s->p[1]))
				return false;
			*esc = true;
			s->p += 2;
		} else if (c >= 0x80) {
			if (!f_utf8(s))
				return false;
		} else {
			s->p++;
		}
	}
	return false;
}

/* An integer of at most 18 digits (no leading zero, no fraction). */
static bool f_number(struct scan *s)
{
	const char *start;

	if (s->p < s->end && *s->p == '-')
		s->p++;
	start = s->p;
	if (s->p == s->end || *s->p < '0' || *s->p > '9')
		return false;
	if (*s->p == '0')
		s->p++;
	else
		while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
			s->p++;
	if (s->p - start > 18)
		return false;
	return s->p == s->end || !one_of(".eE0123456789", *s->p);
}

static bool f_value(struct scan *s, int depth);

/* An object: its keys without escapes, none twice. */
/* NOLINTNEXTLINE(misc-no-recursion): FAST_DEPTH bounds it */
static bool f_object(struct scan *s, int depth)
{
	struct span key[FAST_KEYS];
	size_t nkeys = 0;
	bool esc;

	if (depth > FAST_DEPTH || !F_LIT(s, "{"))
		return false;
	if (F_LIT(s, "}"))
		return true;
	for (;;) {
		struct span *k = &key[nkeys];
		if (nkeys == FAST_KEYS)
			return false;
		k->p = s->p;
		if (!f_string(s, &esc) || esc)
			return false;
		k->n = (size_t)(s->p - k->p);
		for (size_t i = 0; i < nkeys; i++)
			if (key[i].n == k->n && memcmp(key[i].p, k->p, k->n) == 0)
				return false;
		nkeys++;
		if (!F_LIT(s, ":") || !f_value(s, depth + 1))
			return false;
		if (!F_LIT(s, ","))
			return F_LIT(s, "}");
	}
}

/* NOLINTNEXTLINE(misc-no-recursion): FAST_DEPTH bounds it */
static bool f_array(struct scan *s, int depth)
{
	if (depth > FAST_DEPTH || !F_LIT(s, "["))
		return false;
	if (F_LIT(s, "]"))
		return true;
	for (;;) {
		if (!f_value(s, depth + 1))
			return false;
		if (!F_LIT(s, ","))
			return F_LIT(s, "]");
	}
}

/* NOLINTNEXTLINE(misc-no-recursion): FAST_DEPTH bounds it */
static bool f_value(struct scan *s, int depth)
{
	bool esc;

	if (s->p == s->end)
		return false;
	switch (*s->p) {
	case '{':
		return f_object(s, depth);
	case '[':
		return f_array(s, depth);
	case '"':
		return f_string(s, &esc);
	case 't':
		return F_LIT(s, "true");
	case 'f':
		return F_LIT(s, "false");
	case 'n':
		return F_LIT(s, "null");
	default:
		return f_number(s);
	}
}

/* lit, then a string without escapes: its bytes are its value. */
static bool f_field(struct scan *s, const char *lit, size_t n,
		    struct span *v)
{
	bool esc;

	if (!f_lit(s, lit, n))
		return false;
	v->p = s->p + 1;
	if (!f_string(s, &esc) || esc)
		return false;
	v->n = (size_t)(s->p - v->p) - 1;
	return true;
}

#define F_FIELD(s, lit, v) f_field((s), (lit), sizeof(lit) - 1, (v))

/* A line whose hash matched (hash_check): is it an event as
 * journal_append writes it, due next in the chain?  Then fills ev (its
 * strings in lz->env, its payload lz's) and returns true. */
static bool fast_line(const struct journal *j, struct journal_lazy *lz,
		      const char *text, size_t len, size_t line,
		      struct journal_event *ev)
{
	struct scan s = { text, text + len - HASH_TAIL_LEN };
	struct span f[6];	/* time, actor, host, type, prev, hash */
	const char *payload;
	const char *digits;
	long long seq = 0;
	size_t at[6];

	if (!F_LIT(&s, "{\"seq\":") || s.p == s.end || *s.p < '1' ||
	    *s.p > '9')
		return false;
	for (digits = s.p; s.p < s.end && *s.p >= '0' && *s.p <= '9'; s.p++)
		seq = seq * 10 + (*s.p - '0');
	if (s.p - digits > 18 || seq != j->last_seq + 1)
		return false;
	if (!F_FIELD(&s, ",\"time\":", &f[0]) ||
	    !F_FIELD(&s, ",\"actor\":", &f[1]) ||
	    !F_FIELD(&s, ",\"host\":", &f[2]) ||
	    !F_FIELD(&s, ",\"type\":", &f[3]) ||
	    !F_LIT(&s, ",\"payload\":"))
		return false;
	payload = s.p;
	if (!f_object(&s, 1))
		return false;
	lz->payload = payload;
	lz->len = (size_t)(s.p - payload);
	if (!F_FIELD(&s, ",\"prev\":", &f[4]) || s.p != s.end ||
	    f[4].n != JOURNAL_HASH_LEN ||
	    memcmp(f[4].p, j->last_hash, JOURNAL_HASH_LEN) != 0)
		return false;
	f[5].p = s.end + 9;	/* hash_check saw it */
	f[5].n = JOURNAL_HASH_LEN;
	buf_reset(&lz->env);
	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		at[i] = lz->env.len;
		buf_add(&lz->env, f[i].p, f[i].n);
		buf_addc(&lz->env, '\0');
	}
	if (lz->astrs < lz->len) {
		lz->astrs = lz->len;
		lz->strs = xrealloc(lz->strs, lz->astrs);
	}
	memset(ev, 0, sizeof(*ev));
	ev->line = line;
	ev->seq = seq;
	ev->time = lz->env.data + at[0];
	ev->actor = lz->env.data + at[1];
	ev->host = lz->env.data + at[2];
	ev->type = lz->env.data + at[3];
	ev->prev = lz->env.data + at[4];
	ev->hash = lz->env.data + at[5];
	ev->lazy = lz;
	return true;
}

/* The value of the payload's member key (a payload fast_line took). */
static bool lazy_member(const struct journal_lazy *lz, const char *key,
			struct span *v)
{
	struct scan s = { lz->payload + 1, lz->payload + lz->len - 1 };
	size_t n = strlen(key);
	bool esc;

	while (s.p < s.end) {
		const char *k = s.p;
		if (!f_string(&s, &esc) || !F_LIT(&s, ":"))
			return false;
		v->p = s.p;
		if (!f_value(&s, 1))
			return false;
		v->n = (size_t)(s.p - v->p);
		if ((size_t)(v->p - k) == n + 3 && memcmp(k + 1, key, n) == 0)
			return true;
		F_LIT(&s, ",");
	}
	return false;
}

/* The string at v decoded, NUL-terminated, in lz->strs at its own
 * offset: never longer than its bytes, so the strings of two members
 * never overlap, and each stays until the next event. */
static const char *lazy_string(const struct journal_lazy *lz,
			       const struct span *v)
{
	char *out = lz->strs + (v->p - lz->payload), *o = out;
	const char *p = v->p + 1, *end = v->p + v->n - 1;

	while (p < end) {
		char c = *p++;
		if (c == '\\') {
			c = *p++;
			switch (c) {
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			default: break;	/* " \ / */
			}
		}
		*o++ = c;
	}
	*o = '\0';
	return out;
}

static void lazy_free(struct journal_lazy *lz)
{
	json_decref(lz->tree);
	free(lz->strs);
	buf_free(&lz->env);
}

static bool ack_one(json_t *t, const struct torn *p)
{
	const char *sha = json_string_value(json_object_get(t, "sha256"));
	json_t *line = json_object_get(t, "line");

	return sha && json_is_integer(line) &&
	       (size_t)json_integer_value(line) == p->line &&
	       strcmp(sha, p->sha256) == 0;
}

/* Does ev's payload acknowledge every pending broken line: one as an
 * object, two or more (crashes in a row) as an array, in order? */
static bool acknowledges(const struct reader *r, const struct journal_event *ev)
{
	json_t *t = json_object_get(ev->payload, "torn");

	if (r->npend == 1 && json_is_object(t))
		return ack_one(t, &r->pend[0]);
	if (!json_is_array(t) || json_array_size(t) != r->npend)
		return false;
	for (size_t i = 0; i < r->npend; i++)
		if (!ack_one(json_array_get(t, i), &r->pend[i]))
			return false;
	return true;
}

/* The first pending line is the error (the first bad line is named). */
static void pending_fail(struct reader *r)
{
	problem(r, r->pend[0].line, "%s", r->pend[0].why);
	torn_free(r->pend, r->npend);
	r->pend = NULL;
	r->npend = r->apend = 0;
}

static void pending_add(struct reader *r, const char *text, size_t len,
			size_t line, bool terminated, const char *why,
			const struct torn *shape)
{
	struct torn *p;

	if (r->npend == r->apend) {
		r->apend = r->apend ? 2 * r->apend : 2;
		r->pend = xrealloc(r->pend, r->apend * sizeof(*r->pend));
	}
	p = &r->pend[r->npend++];
	*p = *shape;
	p->line = line;
	p->bytes = len;
	p->terminated = terminated;
	sha256_hex(text, len, p->sha256);
	p->why = xstrdup(why);
}

static void take_line(struct reader *r, const char *text, size_t len,
		      size_t line, bool too_long, bool terminated)
{
	struct journal *j = r->j;
	struct journal_event ev = { 0 };
	struct buf why = BUF_INIT;
	struct torn shape = { 0 };
	const char *bad = NULL;
	json_t *root = NULL;

	if (r->stop || r->bad)
		return;		/* the first bad line is the one named */
	if (too_long)
		bad = "the line is longer than 1 MB";
	else if (!(r->lazy && r->npend == 0 && !hash_check(r, text, len) &&
		   fast_line(j, r->lazy, text, len, line, &ev)))
		bad = parse_line(r, text, len, line, &root, &ev, &why);
	if (bad) {
		if (!too_long && torn_shape(text, len, j->last_hash, &shape)) {
			/* Maybe a crash's; the next event must say so. */
			pending_add(r, text, len, line, terminated, bad,
				    &shape);
		} else if (r->npend > 0) {
			pending_fail(r);
		} else {
			problem(r, line, "%s", bad);
		}
		json_decref(root);
		buf_free(&why);
		return;
	}
	if (r->npend > 0) {
		if (!acknowledges(r, &ev)) {
			pending_fail(r);
			json_decref(root);
			buf_free(&why);
			return;
		}
		torn_free(r->pend, r->npend);
		r->pend = NULL;
		r->npend = r->apend = 0;
	}
	/* fast_line or parse_line filled ev (parse_line when it returns
	 * NULL: its errors are never NULL, why->data after buf_addf),
	 * which the analyser cannot see from here. */
	/* NOLINTNEXTLINE(clang-analyzer-core.uninitialized.Assign) */
	j->last_seq = ev.seq;
	/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): filled */
	memcpy(j->last_hash, ev.hash, JOURNAL_HASH_LEN + 1);
	if (r->fn && r->fn(&ev, r->data) != 0)
		r->stop = true;
	if (ev.lazy) {
		json_decref(ev.lazy->tree);
		ev.lazy->tree = NULL;
	}
	json_decref(root);
	buf_free(&why);
}

/* The broken lines left at the end: torn writes, one for each crash in
 * a row, kept for the next event to acknowledge. */
static void keep_torn(struct reader *r)
{
	struct journal *j = r->j;

	j->torn = r->pend;
	j->ntorn = r->npend;
	r->pend = NULL;
	r->npend = r->apend = 0;
	for (size_t i = 0; i < j->ntorn; i++) {
		const struct torn *t = &j->torn[i];
		if (i + 1 == j->ntorn && !t->terminated)
			diag_add(r->problems, j->path, (int)t->line,
				 "warning: the last line is torn (%s), most "
				 "likely by a crash while it was written: it "
				 "is left out", t->why);
		else
			diag_add(r->problems, j->path, (int)t->line,
				 "warning: the line is torn (%s), most likely "
				 "by a crash, and the writer that ended it "
				 "crashed in turn: it is left out", t->why);
	}
}

/* The next lines of the file, by READ_BLOCK at a time; a line is taken
 * where it lies in the buffer, the rest of the last one moved to the
 * front before the next read. */
#define READ_BLOCK (256 * 1024)

/* Does the file at fd's offset begin with want's bytes?  Reads them
 * (and no more): fd is then at their end when it does. */
static bool begins_with(int fd, const struct buf *want)
{
	char *got = xmalloc(want->len ? want->len : 1);
	size_t have = 0;
	bool same;

	while (have < want->len) {
		ssize_t n = read(fd, got + have, want->len - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	same = have == want->len && memcmp(got, want->data, have) == 0;
	free(got);
	return same;
}

/* The chain where seen's bytes end, when the file begins with them
 * (journal_replay_since); else seen emptied and the file at its start.
 * The line number and size so far through *lineno and *size. */
static int resume(struct journal *j, struct journal_seen *seen,
		  size_t *lineno, off_t *size)
{
	if (seen->bytes.len && begins_with(j->fd, &seen->bytes)) {
		j->last_seq = seen->seq;
		memcpy(j->last_hash, seen->hash, sizeof(j->last_hash));
		*lineno = seen->nlines;
		*size = (off_t)seen->bytes.len;
		return 1;
	}
	buf_reset(&seen->bytes);
	if (lseek(j->fd, 0, SEEK_SET) < 0)
		return -1;
	return 0;
}

static int replay(struct journal *j, journal_fn fn, void *data,
		  struct diag *problems, struct journal_lazy *lazy,
		  struct journal_seen *seen, bool *resumed)
{
	struct reader r = { .j = j, .fn = fn, .data = data,
			    .problems = problems, .lazy = lazy };
	char *buf;
	size_t cap = READ_BLOCK, start = 0, end = 0, lineno = 0;
	bool too_long = false;	/* the line so far is longer than MAX_LINE */
	char last = '\n';
	off_t size = 0;
	int rs = 0;		/* resume's */
	bool keep = seen != NULL;	/* the bytes read go on in seen */

	j->last_seq = 0;
	memcpy(j->last_hash, ZERO_HASH, sizeof(j->last_hash));
	torn_free(j->torn, j->ntorn);
	j->torn = NULL;
	j->ntorn = 0;
	if (lseek(j->fd, 0, SEEK_SET) < 0 ||
	    (seen && (rs = resume(j, seen, &lineno, &size)) < 0)) {
		diag_add(problems, j->path, 0, "cannot read: %s",
			 strerror(errno));
		return -1;
	}
	if (resumed)
		*resumed = rs == 1;
	buf_init(&r.body);
	buf = xmalloc(cap);	/* read into: never zeroed (256 KB a replay) */
	for (;;) {
		const char *nl;
		ssize_t n;
		/* cppcheck-suppress uninitdata ; only [start, end) is read,
		 * and it was read into (none at first: end == start) */
		while ((nl = memchr(buf + start, '\n', end - start)) != NULL) {
			size_t len = (size_t)(nl - (buf + start));
			too_long = too_long || len > MAX_LINE;
			take_line(&r, buf + start, too_long ? 0 : len, ++lineno,
				  too_long, true);
			too_long = false;
			start += len + 1;
		}
		if (end - start > MAX_LINE) {
			too_long = true;	/* its bytes are not needed */
			start = end;
		}
		memmove(buf, buf + start, end - start);
		end -= start;
		start = 0;
		if (cap - end < READ_BLOCK) {
			cap = end + READ_BLOCK;
			buf = xrealloc(buf, cap);
		}
		n = read(j->fd, buf + end, cap - end);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			diag_add(problems, j->path, 0, "cannot read: %s",
				 strerror(errno));
			if (seen)
				journal_seen_free(seen);
			free(buf);
			buf_free(&r.body);
			sha256_many_free(r.sha);
			torn_free(r.pend, r.npend);
			return -1;
		}
		if (n == 0)
			break;
		if (keep && seen->bytes.len + (size_t)n <= JOURNAL_SEEN_MAX)
			buf_add(&seen->bytes, buf + end, (size_t)n);
		else
			keep = false;	/* too big to keep: emptied below */
		size += n;
		last = buf[end + (size_t)n - 1];
		end += (size_t)n;
	}
	if (end > start || too_long)
		take_line(&r, buf + start, too_long ? 0 : end - start,
			  ++lineno, too_long, false);
	free(buf);
	buf_free(&r.body);
	sha256_many_free(r.sha);
	j->size = size;
	j->nlines = lineno;
	j->ends_with_newline = size == 0 || last == '\n';
	if (r.npend > 0 && !r.bad)
		keep_torn(&r);
	torn_free(r.pend, r.npend);
	j->replayed = true;
	/* Kept only whole and intact, so that a later replay resumed
	 * after it starts from a chain that holds. */
	if (keep && !r.bad && !r.stop && r.npend == 0 && size > 0 &&
	    last == '\n' && seen->bytes.len == (size_t)size) {
		seen->seq = j->last_seq;
		memcpy(seen->hash, j->last_hash, sizeof(seen->hash));
		seen->nlines = lineno;
	} else if (seen) {
		journal_seen_free(seen);
	}
	if (r.bad) {
		set_read_only(j, "the journal is damaged");
		return -1;
	}
	return 0;
}

int journal_replay(struct journal *j, journal_fn fn, void *data,
		   struct diag *problems)
{
	return replay(j, fn, data, problems, NULL, NULL, NULL);
}

int journal_replay_lazy(struct journal *j, journal_fn fn, void *data,
			struct diag *problems)
{
	struct journal_lazy lz = { 0 };
	int rc;

	buf_init(&lz.env);
	rc = replay(j, fn, data, problems, &lz, NULL, NULL);
	lazy_free(&lz);
	return rc;
}

int journal_replay_since(struct journal *j, struct journal_seen *seen,
			 bool *from_start, journal_fn fn, void *data,
			 struct diag *problems)
{
	struct journal_lazy lz = { 0 };
	bool resumed = false;
	int rc;

	buf_init(&lz.env);
	rc = replay(j, fn, data, problems, &lz, seen, &resumed);
	*from_start = !resumed;
	lazy_free(&lz);
	return rc;
}

void journal_seen_free(struct journal_seen *seen)
{
	buf_free(&seen->bytes);
	seen->seq = 0;
	seen->hash[0] = '\0';
	seen->nlines = 0;
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
	if (j->ntorn > 0) {
		json_t *all = json_array();
		for (size_t i = 0; i < j->ntorn; i++)
			json_array_append_new(all, json_pack("{s:I, s:I, s:s}",
				"line", (json_int_t)j->torn[i].line,
				"bytes", (json_int_t)j->torn[i].bytes,
				"sha256", j->torn[i].sha256));
		/* One torn line as an object, as before; two or more (a
		 * crash of the writer that ended the first) as an array. */
		if (j->ntorn == 1) {
			json_object_set(payload, "torn", json_array_get(all, 0));
			json_decref(all);
		} else {
			json_object_set_new(payload, "torn", all);
		}
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
	torn_free(j->torn, j->ntorn);
	j->torn = NULL;
	j->ntorn = 0;
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

const char *journal_event_str(const struct journal_event *ev, const char *key)
{
	struct span v;

	if (ev->payload || !ev->lazy)
		return json_string_value(json_object_get(ev->payload, key));
	if (ev->lazy->tree)
		return json_string_value(json_object_get(ev->lazy->tree, key));
	if (!lazy_member(ev->lazy, key, &v) || *v.p != '"')
		return NULL;
	return lazy_string(ev->lazy, &v);
}

bool journal_event_has(const struct journal_event *ev, const char *key)
{
	struct span v;

	if (ev->payload || !ev->lazy)
		return json_object_get(ev->payload, key) != NULL;
	return lazy_member(ev->lazy, key, &v);
}

json_t *journal_event_payload(const struct journal_event *ev)
{
	struct journal_lazy *lz = ev->lazy;

	if (ev->payload || !lz)
		return ev->payload;
	if (!lz->tree)
		lz->tree = json_loadb(lz->payload, lz->len,
				      JSON_REJECT_DUPLICATES, NULL);
	return lz->tree;
}
