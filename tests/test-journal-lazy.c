/* test-journal-lazy.c: journal_replay_lazy, the fast path that verify and
 * status take, against journal_replay on the same hostile journals.
 *
 * The fast path checks an event on its bytes and never builds a tree
 * for a payload nobody asks for; it must never pass a line that
 * journal_replay rejects, nor give other fields.  So every journal here
 * is read both ways, and the two readings must be the same: the answer,
 * the problems (messages and lines), the events (every field, the
 * payload as a tree, journal_event_str and journal_event_has of a set
 * of keys asked before the tree is built), the last seq and hash, the
 * torn lines.  The journals are good ones written by journal_append,
 * then changed a byte at a time (replaced, deleted, inserted), cut at
 * every length, their lines swapped, dropped, repeated, given a torn
 * line with and without an acknowledgement, and a set of lines written
 * by hand to reach each rule of the fast path (escapes, UTF-8, numbers,
 * duplicate keys, nesting, the envelope's order).  Each changed line is
 * hashed again and the lines after it chained again, so that a change
 * reaches the JSON and the chain checks and is not only caught by its
 * hash.
 */
#include "config.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "journal.h"
#include "testutil.h"

#define TAIL_LEN (sizeof(",\"hash\":\"\"}") - 1 + 64)
#define PREV_LIT ",\"prev\":\""

static char *dir, *path;
static size_t variants;
static size_t fast_events;	/* events the fast path took */
/* Every stride-th byte position (under valgrind or the sanitizers, one
 * in 13: the same paths, in minutes less; the plain build tries every
 * byte). */
static size_t stride = 1;

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static void sha256_of(const void *a, size_t alen, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	assert_non_null(ctx);
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, a, alen);
	EVP_DigestUpdate(ctx, "}", 1);
	EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	for (unsigned int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* ---- a journal as lines, to change and write ---- */

struct jl {
	struct buf line[16];
	size_t n;
	bool newline_at_end;
};

static void jl_free(struct jl *j)
{
	for (size_t i = 0; i < j->n; i++)
		buf_free(&j->line[i]);
	j->n = 0;
}

static void jl_copy(struct jl *dst, const struct jl *src)
{
	dst->n = src->n;
	dst->newline_at_end = src->newline_at_end;
	for (size_t i = 0; i < src->n; i++) {
		buf_init(&dst->line[i]);
		buf_add(&dst->line[i], src->line[i].data, src->line[i].len);
	}
}

static void jl_read(struct jl *j, const char *file)
{
	struct buf b = BUF_INIT;
	size_t start = 0;

	buf_init(&b);
	assert_int_equal(buf_read_file(&b, file), 0);
	j->n = 0;
	for (size_t i = 0; i <= b.len; i++) {
		if (i < b.len && b.data[i] != '\n')
			continue;
		if (i == b.len && start == b.len)
			break;
		assert_true(j->n < ARRAY_SIZE(j->line));
		buf_init(&j->line[j->n]);
		buf_add(&j->line[j->n++], b.data + start, i - start);
		start = i + 1;
	}
	j->newline_at_end = b.len == 0 || b.data[b.len - 1] == '\n';
	buf_free(&b);
}

static void jl_write(const struct jl *j)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	for (size_t i = 0; i < j->n; i++) {
		fwrite(j->line[i].data, 1, j->line[i].len, f);
		if (i + 1 < j->n || j->newline_at_end)
			fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
}

/* The line's hash made its own again (when it ends like an event). */
static void rehash(struct buf *l)
{
	char hex[65];

	if (l->len < TAIL_LEN + 2 ||
	    memcmp(l->data + l->len - TAIL_LEN, ",\"hash\":\"", 9) != 0)
		return;
	sha256_of(l->data, l->len - TAIL_LEN, hex);
	memcpy(l->data + l->len - TAIL_LEN + 9, hex, 64);
}

/* Lines from..n-1 chained again to the line before each (where they
 * end as journal_append writes), then hashed again. */
static void rechain(struct jl *j, size_t from)
{
	for (size_t i = from; i < j->n; i++) {
		struct buf *l = &j->line[i];
		size_t at = l->len - TAIL_LEN - 1 - 64 - strlen(PREV_LIT);
		if (i > 0 && l->len > TAIL_LEN + 80 &&
		    memcmp(l->data + at, PREV_LIT, strlen(PREV_LIT)) == 0 &&
		    j->line[i - 1].len > TAIL_LEN)
			memcpy(l->data + at + strlen(PREV_LIT),
			       j->line[i - 1].data + j->line[i - 1].len -
			       TAIL_LEN + 9, 64);
		rehash(l);
	}
}

/* ---- one reading, as text ---- */

static const char *const probe[] = {
	"item", "text", "note", "reason", "status", "log", "evidence",
	"torn", "release", "items", "n", "k", "a", "b", "", "x\"y", "ok",
};

struct reading {
	struct buf out;
	bool lazy;
	bool since;	/* journal_replay_since's */
};

/* The good journal's first lines as journal_replay_since keeps them
 * (base_from, in seen_base), and the text of their events: a reading that resumes
 * after them must give, after that text, what a reading of the whole
 * journal gives. */
static struct journal_seen seen_base;
static struct buf seen_events;
static size_t resumed_reads;	/* read_since's that resumed */

static int on_event(const struct journal_event *ev, void *data)
{
	struct reading *r = data;
	json_t *p;
	char *dump;

	buf_addf(&r->out, "event %zu: %lld|%s|%s|%s|%s|%s|%s\n", ev->line,
		 ev->seq, ev->time, ev->actor, ev->host, ev->type, ev->prev,
		 ev->hash);
	/* Asked before the tree is built: the fast path's own answers. */
	for (size_t i = 0; i < ARRAY_SIZE(probe); i++) {
		const char *s = journal_event_str(ev, probe[i]);
		buf_addf(&r->out, "  %s: %s %s\n", probe[i],
			 journal_event_has(ev, probe[i]) ? "has" : "-",
			 s ? s : "(not a string)");
	}
	fast_events += r->lazy && !r->since && !ev->payload;
	p = journal_event_payload(ev);
	assert_true(r->lazy || p == ev->payload);
	assert_non_null(p);
	dump = json_dumps(p, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
	buf_addf(&r->out, "  payload %s\n", dump ? dump : "(none)");
	free(dump);
	/* And after it. */
	for (size_t i = 0; i < ARRAY_SIZE(probe); i++) {
		const char *s = journal_event_str(ev, probe[i]);
		buf_addf(&r->out, "  %s: %s\n", probe[i], s ? s : "-");
	}
	return 0;
}

/* A reading: journal_replay (lazy false), journal_replay_lazy, or
 * journal_replay_since from seen (then seen as it leaves it, and the
 * events' text before the summary in *events when it resumed). */
static char *read_with(bool lazy, struct journal_seen *seen, bool *resumed)
{
	struct reading r = { .lazy = lazy, .since = seen != NULL };
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	char *err = NULL;
	bool from_start = true;
	int rc;

	buf_init(&r.out);
	if (journal_open(&j, path, 0, &err) < 0) {
		buf_addf(&r.out, "open: %s\n", err);
		free(err);
		return buf_detach(&r.out);
	}
	if (seen)
		rc = journal_replay_since(j, seen, &from_start, on_event, &r,
					  &d);
	else
		rc = lazy ? journal_replay_lazy(j, on_event, &r, &d)
			  : journal_replay(j, on_event, &r, &d);
	if (resumed)
		*resumed = !from_start;
	buf_addf(&r.out, "rc %d, last %lld %s, torn %zu\n", rc,
		 journal_last_seq(j), journal_last_hash(j),
		 journal_torn(j, 0, NULL));
	for (size_t i = 0; i < journal_torn(j, 0, NULL); i++) {
		struct journal_torn t;
		journal_torn(j, i, &t);
		buf_addf(&r.out, "torn %zu %zu %lld %s\n", t.line, t.bytes,
			 t.seq, t.type);
	}
	for (size_t i = 0; i < d.count; i++) {
		char *m = diag_format(&d, i);
		buf_addf(&r.out, "%s\n", m);
		free(m);
	}
	diag_free(&d);
	journal_close(j);
	return buf_detach(&r.out);
}

static char *read_as(bool lazy)
{
	return read_with(lazy, NULL, NULL);
}

/* journal_replay_since from seen_base (a copy): its's events' text, when it
 * resumed, then what it read. */
static char *read_since(void)
{
	struct journal_seen seen = JOURNAL_SEEN_INIT;
	struct buf all = BUF_INIT;
	bool resumed = false;
	char *got;

	buf_add(&seen.bytes, seen_base.bytes.data, seen_base.bytes.len);
	seen.seq = seen_base.seq;
	memcpy(seen.hash, seen_base.hash, sizeof(seen.hash));
	seen.nlines = seen_base.nlines;
	got = read_with(true, &seen, &resumed);
	resumed_reads += resumed;
	buf_init(&all);
	if (resumed)
		buf_add(&all, seen_events.data, seen_events.len);
	buf_adds(&all, got);
	free(got);
	journal_seen_free(&seen);
	return buf_detach(&all);
}

/* seen_base: the first n lines of g, read by journal_replay_since. */
static void base_from(const struct jl *g, size_t n)
{
	struct jl first;
	bool resumed = true;
	char *got, *summary;

	jl_copy(&first, g);
	while (first.n > n)
		buf_free(&first.line[--first.n]);
	first.newline_at_end = true;
	jl_write(&first);
	jl_free(&first);
	journal_seen_free(&seen_base);
	got = read_with(true, &seen_base, &resumed);
	assert_false(resumed);
	assert_int_equal(seen_base.nlines, n);	/* kept: intact */
	summary = strstr(got, "rc 0,");
	assert_non_null(summary);
	buf_free(&seen_events);
	buf_init(&seen_events);
	buf_add(&seen_events, got, (size_t)(summary - got));
	free(got);
}

/* Under the mutation harness (RELCHECK_TEST_BAIL), the first variant
 * that differs ends the program: the exhaustive cases after it would
 * take their whole time to say what is already known. */
static void bail(void)
{
	if (getenv("RELCHECK_TEST_BAIL")) {
		print_message("RELCHECK_TEST_BAIL: stopped at the first "
			      "difference\n");
		exit(1);
	}
}

/* The journal read both ways, and resumed after seen_base: the same. */
static void agree(const struct jl *j, const char *what)
{
	char *slow, *fast, *since;

	jl_write(j);
	slow = read_as(false);
	fast = read_as(true);
	since = read_since();
	variants++;
	if (strcmp(slow, since) != 0) {
		print_message("%s: resumed after the first %zu lines, the "
			      "reading differs\n--- journal_replay:\n%s"
			      "--- journal_replay_since:\n%s", what,
			      seen_base.nlines, slow, since);
		bail();
		fail();
	}
	free(since);
	if (strcmp(slow, fast) != 0) {
		struct buf b = BUF_INIT;
		buf_init(&b);
		assert_int_equal(buf_read_file(&b, path), 0);
		print_message("%s: the two readings differ\n--- journal:\n%s\n"
			      "--- journal_replay:\n%s--- journal_replay_lazy:"
			      "\n%s", what, b.data, slow, fast);
		buf_free(&b);
		free(slow);
		free(fast);
		bail();
		fail();
	}
	free(slow);
	free(fast);
}

/* ---- the journals ---- */

static void append(struct journal *j, const char *type, const char *json)
{
	json_error_t je;
	json_t *p = json_loads(json, 0, &je);
	char *err = NULL;

	if (!p)
		fail_msg("bad test payload %s: %s", json, je.text);
	if (journal_append(j, type, p, "Test <t@example.invalid>", "host",
			   NULL, &err) < 0)
		fail_msg("%s", err);
}

static struct journal *open_write(void)
{
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	char *err = NULL;

	if (journal_open(&j, path, JOURNAL_WRITE | JOURNAL_CREATE, &err) < 0)
		fail_msg("%s", err);
	journal_replay(j, NULL, NULL, &d);
	diag_free(&d);
	return j;
}

/* Five events of every shape the fast path reads. */
static void good_journal(struct jl *out)
{
	struct journal *j;

	unlink(path);
	j = open_write();
	append(j, "run-started", "{\"release\":\"1.0.0\",\"items\":"
	       "[{\"id\":\"a\",\"h\":\"x\"}],\"n\":0}");
	append(j, "note", "{\"item\":\"pre.a\",\"text\":\"q \\\" b \\\\ "
	       "s / t\\t n\\n \\u00e9 \\u2713 \\ud834\\udd1e\"}");
	append(j, "check", "{\"item\":\"pre.b\",\"status\":\"pass\","
	       "\"reason\":\"ok\",\"duration_ms\":12,\"evidence\":{\"tag\":"
	       "\"v1\",\"sha256 x\":\"ab\"},\"log\":{\"path\":\"p.log\","
	       "\"sha256\":\"00\"},\"ok\":true,\"no\":false,\"nil\":null,"
	       "\"neg\":-5,\"arr\":[1,[2,{}],[]]}");
	append(j, "done", "{\"item\":\"pre.a\"}");
	append(j, "note", "{}");
	journal_close(j);
	jl_read(out, path);
	assert_int_equal(out->n, 5);
}

/* Three events, a torn fourth, and the event that acknowledges it. */
static void torn_journal(struct jl *out)
{
	struct jl g;
	struct journal *j;

	good_journal(&g);
	base_from(&g, 3);
	g.line[3].len = g.line[3].len / 2;	/* torn */
	buf_free(&g.line[--g.n]);
	g.newline_at_end = false;
	jl_write(&g);
	jl_free(&g);
	j = open_write();
	assert_int_equal(journal_torn(j, 0, NULL), 1);
	append(j, "note", "{\"item\":\"pre.a\",\"text\":\"after\"}");
	journal_close(j);
	jl_read(out, path);
	assert_int_equal(out->n, 5);
}

static const unsigned char bytes[] = {
	'"', '\\', '{', '}', ',', ':', ' ', '0', '.', 'u', 0x00, 0x1f, 0x80,
	0xc0, 0xe2, 0xed,
};

/* Every byte of every line replaced, deleted, and a byte inserted
 * before it; each line hashed and chained again. */
static void every_byte(const struct jl *base, size_t from, const char *name)
{
	for (size_t l = from; l < base->n; l++) {
		size_t body = base->line[l].len > TAIL_LEN
			      ? base->line[l].len - TAIL_LEN
			      : base->line[l].len;
		for (size_t p = 0; p < body; p += stride) {
			struct jl j;
			for (size_t b = 0; b < sizeof(bytes); b++) {
				if (base->line[l].data[p] == (char)bytes[b])
					continue;
				jl_copy(&j, base);
				j.line[l].data[p] = (char)bytes[b];
				rechain(&j, l);
				agree(&j, name);
				jl_free(&j);
			}
			jl_copy(&j, base);	/* deleted */
			memmove(j.line[l].data + p, j.line[l].data + p + 1,
				j.line[l].len - p - 1);
			j.line[l].len--;
			rechain(&j, l);
			agree(&j, name);
			jl_free(&j);
			for (size_t b = 0; b < 2; b++) {	/* inserted */
				struct buf *s;
				jl_copy(&j, base);
				s = &j.line[l];
				buf_addc(s, 0);
				memmove(s->data + p + 1, s->data + p,
					s->len - p - 1);
				s->data[p] = (char)bytes[b * 4];
				rechain(&j, l);
				agree(&j, name);
				jl_free(&j);
			}
		}
	}
}

static void test_every_byte(void **state)
{
	struct jl g;

	(void)state;
	good_journal(&g);
	base_from(&g, 3);
	fast_events = 0;
	agree(&g, "the good journal");
	assert_int_equal(fast_events, 5);	/* the fast path took them */
	every_byte(&g, 0, "a byte of a good journal changed");
	jl_free(&g);
}

static void test_every_byte_torn(void **state)
{
	struct jl t;

	(void)state;
	torn_journal(&t);
	agree(&t, "a torn line, acknowledged");
	every_byte(&t, 3, "a byte of a journal with a torn line changed");
	jl_free(&t);
}

/* Cut at every length; lines swapped, dropped, repeated (chained again
 * and not). */
static void test_cut_and_moved(void **state)
{
	struct jl g, t;

	(void)state;
	good_journal(&g);
	base_from(&g, 3);
	torn_journal(&t);
	for (int k = 0; k < 2; k++) {
		const struct jl *base = k ? &t : &g;
		for (size_t l = 0; l < base->n; l++) {
			for (size_t len = 0; len <= base->line[l].len; len++) {
				struct jl j;
				jl_copy(&j, base);
				j.line[l].len = len;
				while (j.n > l + 1)
					buf_free(&j.line[--j.n]);
				j.newline_at_end = len == base->line[l].len;
				agree(&j, "cut");
				jl_free(&j);
			}
			for (int again = 0; again < 2; again++) {
				struct jl j;
				jl_copy(&j, base);	/* dropped */
				buf_free(&j.line[l]);
				memmove(&j.line[l], &j.line[l + 1],
					(j.n - l - 1) * sizeof(j.line[0]));
				j.n--;
				if (again)
					rechain(&j, l);
				agree(&j, "a line dropped");
				jl_free(&j);
				if (l + 1 < base->n) {
					struct buf tmp;
					jl_copy(&j, base);	/* swapped */
					tmp = j.line[l];
					j.line[l] = j.line[l + 1];
					j.line[l + 1] = tmp;
					if (again)
						rechain(&j, l);
					agree(&j, "two lines swapped");
					jl_free(&j);
				}
				jl_copy(&j, base);	/* repeated */
				buf_init(&j.line[j.n]);
				buf_add(&j.line[j.n], j.line[l].data,
					j.line[l].len);
				j.n++;
				if (again)
					rechain(&j, j.n - 1);
				agree(&j, "a line repeated at the end");
				jl_free(&j);
			}
		}
	}
	jl_free(&g);
	jl_free(&t);
}

/* A line written by hand in place of the good journal's third event
 * (its envelope, then payload, then the rest as journal_append's),
 * hashed and chained. */
static void hand_line(const struct jl *g, const char *head,
		      const char *payload)
{
	struct jl j;
	const struct buf *was = &g->line[2];
	const char *prev = strstr(was->data, PREV_LIT);

	jl_copy(&j, g);
	buf_reset(&j.line[2]);
	buf_addf(&j.line[2], "%s%s%.*s", head, payload,
		 (int)(was->len - (size_t)(prev - was->data)), prev);
	rechain(&j, 2);
	agree(&j, payload);
	jl_free(&j);
}

#define HEAD "{\"seq\":3,\"time\":\"2026-11-25T17:40:00.123Z\"," \
	"\"actor\":\"Test <t@example.invalid>\",\"host\":\"host\"," \
	"\"type\":\"check\",\"payload\":"

static void test_by_hand(void **state)
{
	static const char *const payloads[] = {
		"{}", "{\"item\":\"pre.a\"}", "{\"a\":1,\"a\":2}",
		"{\"a\":{\"b\":1,\"b\":1}}", "{\"a\":[{\"b\":1,\"b\":2}]}",
		"{\"a\":\"\\u0000\"}", "{\"a\":\"\\u00e9\"}",
		"{\"a\":\"\\ud800\"}", "{\"a\\u0062\":1,\"ab\":2}",
		"{\"a\\/b\":1,\"a/b\":2}", "{\"a\":\"\\x\"}",
		"{\"a\":\"\xc0\x80\"}", "{\"a\":\"\xe0\x80\x80\"}",
		"{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xf4\x90\x80\x80\"}",
		"{\"a\":\"\xf0\x9d\x84\x9e\"}", "{\"a\":\"\xf5\x80\x80\x80\"}",
		"{\"a\":\"\xe2\x9c\"}", "{\"a\":\"\x01\"}", "{\"a\":\"\x7f\"}",
		"{\"a\":01}", "{\"a\":-0}", "{\"a\":-}", "{\"a\":1.5}",
		"{\"a\":1e3}", "{\"a\":1E3}", "{\"a\":123456789012345678}",
		"{\"a\":1234567890123456789}", "{\"a\":12345678901234567890}",
		"{\"a\":-9223372036854775808}", "{\"a\":tru}", "{\"a\":nul}",
		"{\"a\":True}", "{\"a\": 1}", "{ \"a\":1}", "{\"a\":1 }",
		"{\"a\":1,}", "{,\"a\":1}", "{\"a\"}", "{\"a\":[1,]}",
		"{\"a\":[,1]}", "{\"a\":[1 2]}", "[1]", "\"x\"", "1", "null",
		"{\"item\":\"pre.a\",\"text\":\"x\"}{}",
		"{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}",
		"{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":"
		"{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{}}}}}}"
		"}}}}}}}}}}}}",
		"{\"1\":1,\"2\":2,\"3\":3,\"4\":4,\"5\":5,\"6\":6,\"7\":7,\"8\":8,"
		"\"9\":9,\"10\":1,\"11\":1,\"12\":1,\"13\":1,\"14\":1,\"15\":1,"
		"\"16\":1}",
		"{\"1\":1,\"2\":2,\"3\":3,\"4\":4,\"5\":5,\"6\":6,\"7\":7,\"8\":8,"
		"\"9\":9,\"10\":1,\"11\":1,\"12\":1,\"13\":1,\"14\":1,\"15\":1,"
		"\"16\":1,\"17\":1}",
		"{\"1\":1,\"2\":2,\"3\":3,\"4\":4,\"5\":5,\"6\":6,\"7\":7,\"8\":8,"
		"\"9\":9,\"10\":1,\"11\":1,\"12\":1,\"13\":1,\"14\":1,\"15\":1,"
		"\"16\":1,\"1\":1}",
		"{\"x\\\"y\":\"q\",\"text\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"}",
		"{\"\":\"empty key\",\"item\":1}",
	};
	static const char *const heads[] = {
		HEAD,
		"{\"seq\":03,\"time\":\"t\",\"actor\":\"a\",\"host\":\"h\","
		"\"type\":\"note\",\"payload\":",
		"{\"seq\":0,\"time\":\"t\",\"actor\":\"a\",\"host\":\"h\","
		"\"type\":\"note\",\"payload\":",
		"{\"seq\":4,\"time\":\"t\",\"actor\":\"a\",\"host\":\"h\","
		"\"type\":\"note\",\"payload\":",
		"{\"seq\":3,\"actor\":\"a\",\"time\":\"t\",\"host\":\"h\","
		"\"type\":\"note\",\"payload\":",
		"{\"seq\":3,\"time\":\"t\\n\",\"actor\":\"a\\u00e9\",\"host\":"
		"\"h\",\"type\":\"note\",\"payload\":",
		"{\"seq\":3,\"time\":\"t\",\"actor\":\"a\",\"host\":\"h\","
		"\"type\":1,\"payload\":",
		"{\"seq\":3,\"time\":\"t\",\"actor\":\"a\",\"host\":\"h\","
		"\"type\":\"note\",\"type\":\"note\",\"payload\":",
		"{\"seq\":3,\"time\":\"t\",\"actor\":\"a\",\"host\":\"h\","
		"\"type\":\"note\",\"x\":1,\"payload\":",
		"{\"seq\": 3,\"time\":\"t\",\"actor\":\"a\",\"host\":\"h\","
		"\"type\":\"note\",\"payload\":",
		"{\"seq\":3.0,\"time\":\"t\",\"actor\":\"a\",\"host\":\"h\","
		"\"type\":\"note\",\"payload\":",
		"{\"seq\":3,\"time\":\"\xc3\xa9\",\"actor\":\"\xc3\",\"host\":"
		"\"h\",\"type\":\"note\",\"payload\":",
	};
	struct jl g;

	(void)state;
	good_journal(&g);
	base_from(&g, 3);
	for (size_t h = 0; h < ARRAY_SIZE(heads); h++)
		for (size_t p = 0; p < ARRAY_SIZE(payloads); p++)
			hand_line(&g, heads[h], payloads[p]);
	jl_free(&g);
}

/* Every variant read both ways above: say how many. */
/* An object of n keys "k0".."k(n-1)" (the last one "k0" again when dup),
 * in {"items":{...}} as a run-started event's items (one key an item of
 * the checklist). */
static void many_keys(struct buf *b, size_t n, bool dup)
{
	buf_reset(b);
	buf_adds(b, "{\"release\":\"1.0\",\"items\":{");
	for (size_t i = 0; i < n; i++)
		buf_addf(b, "%s\"k%zu\":\"%016zx\"", i ? "," : "",
			 dup && i + 1 == n ? (size_t)0 : i, i);
	buf_adds(b, "}}");
}

/* A checklist of up to 128 items: its run-started event is read on its
 * bytes (at 16 keys it went to jansson, a third of the timeline's
 * time); more keys, or a key twice, still read the same both ways. */
static void test_many_keys(void **state)
{
	static const size_t sizes[] = { 41, 127, 128, 129, 200 };
	struct buf b = BUF_INIT;
	struct jl g;

	(void)state;
	buf_init(&b);
	good_journal(&g);
	base_from(&g, 3);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t was = fast_events;

		many_keys(&b, sizes[i], false);
		hand_line(&g, HEAD, b.data);
		/* 5 events; the fast path takes all of them to 128 keys
		 * (the last event, after the hand line, each time). */
		assert_int_equal(fast_events - was, sizes[i] <= 128 ? 5 : 4);
		was = fast_events;
		many_keys(&b, sizes[i], true);
		hand_line(&g, HEAD, b.data);
		/* A key twice: broken there (jansson says so), the two
		 * events before it taken. */
		assert_int_equal(fast_events - was, 2);
	}
	jl_free(&g);
	buf_free(&b);
}

static void test_count(void **state)
{
	(void)state;
	print_message("%zu journals read both ways, %zu events taken by the "
		      "fast path, %zu read on after the lines seen\n", variants,
		      fast_events, resumed_reads);
	assert_true(variants > 10000 / stride);
	assert_true(resumed_reads > 1000 / stride);
	journal_seen_free(&seen_base);
	buf_free(&seen_events);
}

static int setup(void **state)
{
	(void)state;
	if (getenv("RELCHECK_VG_LOGS") || SANITIZED)
		stride = 13;
	dir = tu_mkdtemp();
	path = tu_path(dir, "run.jsonl");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tu_rmtree(dir);
	free(path);
	free(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* The quick cases first, the exhaustive ones after, and
		 * the count of what they read last. */
		cmocka_unit_test(test_by_hand),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_every_byte_torn),
		cmocka_unit_test(test_cut_and_moved),
		cmocka_unit_test(test_count),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
