/* test-journal.c: the append-only, hash-chained journal (src/journal.c),
 * against journal.h alone.
 *
 * Each test works on a journal file in a fresh temporary folder.  The
 * hashes are checked here with libcrypto directly, not with hash.h, so
 * that the format is tested and not only the code's agreement with
 * itself.  Damaged journals are made by hand (bytes edited, lines
 * deleted, swapped, inserted, torn) and each is asserted to give the
 * right result, message and line number.
 */
#include "config.h"

#include <jansson.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "testutil.h"

#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"
#define ACTOR "Test Author <author@example.invalid>"
#define HOST "testhost"

/* ---- helpers ---- */

static void sha256_of(const void *data, size_t len, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	assert_int_equal(EVP_Digest(data, len, md, &n, EVP_sha256(), NULL), 1);
	assert_int_equal(n, 32);
	for (unsigned int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
}

/* The whole file (may hold NULs: *len says how long). */
static char *slurp(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	if (buf_read_file(&b, path) < 0)
		fail_msg("cannot read %s", path);
	*len = b.len;
	return buf_detach(&b);
}

static void spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void spit_append(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "ab");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The lines of a file, each without its newline; a last part with no
 * newline after it is a line too. */
struct lines {
	char **s;
	size_t *len;
	size_t n;
	bool ends_with_newline;
};

static void lines_split(struct lines *l, const char *data, size_t len)
{
	size_t start = 0;

	memset(l, 0, sizeof(*l));
	for (size_t i = 0; i <= len; i++) {
		if (i < len && data[i] != '\n')
			continue;
		if (i == len && start == len)
			break;
		l->s = xrealloc(l->s, (l->n + 1) * sizeof(*l->s));
		l->len = xrealloc(l->len, (l->n + 1) * sizeof(*l->len));
		l->s[l->n] = xmalloc(i - start + 1);
		memcpy(l->s[l->n], data + start, i - start);
		l->s[l->n][i - start] = '\0';
		l->len[l->n] = i - start;
		l->n++;
		start = i + 1;
	}
	l->ends_with_newline = len == 0 || data[len - 1] == '\n';
}

static void lines_read(struct lines *l, const char *path)
{
	size_t len;
	char *data = slurp(path, &len);

	lines_split(l, data, len);
	free(data);
}

/* Writes the lines back, each ended with a newline. */
static void lines_write(const struct lines *l, const char *path)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (size_t i = 0; i < l->n; i++) {
		buf_add(&b, l->s[i], l->len[i]);
		buf_addc(&b, '\n');
	}
	spit(path, b.data, b.len);
	buf_free(&b);
}

static void lines_set(struct lines *l, size_t i, const char *s, size_t len)
{
	free(l->s[i]);
	l->s[i] = xmalloc(len + 1);
	memcpy(l->s[i], s, len);
	l->s[i][len] = '\0';
	l->len[i] = len;
}

static void lines_delete(struct lines *l, size_t i)
{
	free(l->s[i]);
	memmove(&l->s[i], &l->s[i + 1], (l->n - i - 1) * sizeof(*l->s));
	memmove(&l->len[i], &l->len[i + 1], (l->n - i - 1) * sizeof(*l->len));
	l->n--;
}

static void lines_insert(struct lines *l, size_t i, const char *s, size_t len)
{
	l->s = xrealloc(l->s, (l->n + 1) * sizeof(*l->s));
	l->len = xrealloc(l->len, (l->n + 1) * sizeof(*l->len));
	memmove(&l->s[i + 1], &l->s[i], (l->n - i) * sizeof(*l->s));
	memmove(&l->len[i + 1], &l->len[i], (l->n - i) * sizeof(*l->len));
	l->s[i] = NULL;
	l->n++;
	lines_set(l, i, s, len);
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	free(l->len);
	memset(l, 0, sizeof(*l));
}

/* A line re-hashed: its body (up to ,"hash":") closed with } and hashed,
 * as journal.c does; so an edit of the body keeps the line's own hash
 * right (and only the chain or the content can tell). */
static char *rehash(const char *line, size_t len, size_t *outlen)
{
	const char *tail = NULL;
	char hex[65];
	struct buf b = BUF_INIT;

	for (const char *p = line; p + 9 <= line + len; p++)
		if (memcmp(p, ",\"hash\":\"", 9) == 0)
			tail = p;
	assert_non_null(tail);
	buf_init(&b);
	buf_add(&b, line, (size_t)(tail - line));
	buf_addc(&b, '}');
	sha256_of(b.data, b.len, hex);
	b.len--;
	buf_addf(&b, ",\"hash\":\"%s\"}", hex);
	*outlen = b.len;
	return buf_detach(&b);
}

/* What a replay saw. */
struct seen {
	size_t n;
	size_t line[64];
	long long seq[64];
	char *type[64];
	char *prev[64];
	char *hash[64];
	json_t *payload[64];
	int stop_after;		/* return 1 after this many (0: never) */
};

static int on_event(const struct journal_event *ev, void *data)
{
	struct seen *s = data;

	assert_true(s->n < 64);
	s->line[s->n] = ev->line;
	s->seq[s->n] = ev->seq;
	s->type[s->n] = xstrdup(ev->type);
	s->prev[s->n] = xstrdup(ev->prev);
	s->hash[s->n] = xstrdup(ev->hash);
	s->payload[s->n] = json_deep_copy(ev->payload);
	assert_non_null(ev->time);
	assert_string_equal(ev->actor, ACTOR);
	assert_string_equal(ev->host, HOST);
	s->n++;
	return s->stop_after && (int)s->n >= s->stop_after;
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->type[i]);
		free(s->prev[i]);
		free(s->hash[i]);
		json_decref(s->payload[i]);
	}
	memset(s, 0, sizeof(*s));
}

/* Every diagnostic, "line: message", joined by "\n" (caller frees). */
static char *problems_text(const struct diag *d)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (size_t i = 0; i < d->count; i++)
		buf_addf(&b, "%s%d: %s", i ? "\n" : "", d->entries[i].line,
			 d->entries[i].message);
	return buf_detach(&b);
}

static struct journal *open_ok(const char *path, int flags)
{
	struct journal *j = NULL;
	char *err = NULL;

	if (journal_open(&j, path, flags, &err) < 0)
		fail_msg("journal_open %s: %s", path, err);
	assert_non_null(j);
	assert_null(err);
	return j;
}

static void append_ok(struct journal *j, const char *type, json_t *payload)
{
	char *err = NULL;

	if (journal_append(j, type, payload, ACTOR, HOST, NULL, &err) < 0)
		fail_msg("journal_append %s: %s", type, err);
	assert_null(err);
}

/* Writes a fresh journal of n "note" events with text "n1".."nN". */
static char *make_journal(const char *dir, const char *name, int n)
{
	char *path = tu_path(dir, name);
	struct journal *j = open_ok(path, JOURNAL_WRITE | JOURNAL_CREATE);
	struct diag d = DIAG_INIT;

	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	assert_int_equal(d.count, 0);
	for (int i = 1; i <= n; i++) {
		char text[32];
		snprintf(text, sizeof(text), "n%d", i);
		append_ok(j, "note", json_pack("{s:s, s:s}", "item", "pre.a",
					      "text", text));
	}
	journal_close(j);
	return path;
}

/* Replays path read-only: returns the result, fills s and *problems. */
static int replay_file(const char *path, struct seen *s, char **problems)
{
	struct journal *j = open_ok(path, 0);
	struct diag d = DIAG_INIT;
	int rc = journal_replay(j, on_event, s, &d);

	*problems = problems_text(&d);
	for (size_t i = 0; i < d.count; i++)
		assert_string_equal(d.entries[i].file, path);
	diag_free(&d);
	journal_close(j);
	return rc;
}

/* ---- the format ---- */

static void test_round_trip(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = tu_path(fx->dir, "run.jsonl");
	struct journal *j;
	struct journal_event ev;
	struct diag d = DIAG_INIT;
	struct seen s = { 0 };
	struct lines l;
	char *err = NULL, *probs;
	char hashes[3][65];

	j = open_ok(path, JOURNAL_WRITE | JOURNAL_CREATE);
	assert_null(journal_read_only(j));
	assert_string_equal(journal_path(j), path);
	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	assert_true(journal_is_empty(j));
	assert_string_equal(journal_last_hash(j), ZEROS);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(journal_append(j, "note", json_pack(
			"{s:s, s:i}", "item", "pre.a", "i", i), ACTOR, HOST,
			&ev, &err), 0);
		assert_int_equal(ev.line, i + 1);
		assert_int_equal(ev.seq, i + 1);
		assert_string_equal(ev.type, "note");
		assert_string_equal(ev.actor, ACTOR);
		assert_string_equal(ev.host, HOST);
		assert_int_equal(strlen(ev.time), 24);
		assert_int_equal(ev.time[23], 'Z');
		assert_string_equal(ev.hash, journal_last_hash(j));
		memcpy(hashes[i], ev.hash, 65);
		assert_int_equal(journal_last_seq(j), i + 1);
		assert_false(journal_is_empty(j));
	}
	journal_close(j);

	/* The bytes: one event a line, fields in order, compact, and the
	 * hash of each line's bytes up to ,"hash":" closed with }. */
	lines_read(&l, path);
	assert_int_equal(l.n, 3);
	assert_true(l.ends_with_newline);
	for (size_t i = 0; i < l.n; i++) {
		char want[512], hex[65], *body;
		const char *h = strstr(l.s[i], ",\"hash\":\"");
		const char *prev = i ? hashes[i - 1] : ZEROS;
		const char *keys[] = { "{\"seq\":", ",\"time\":\"",
				       ",\"actor\":\"", ",\"host\":\"",
				       ",\"type\":\"", ",\"payload\":{",
				       ",\"prev\":\"", ",\"hash\":\"" };
		const char *at = l.s[i];

		snprintf(want, sizeof(want), "{\"seq\":%zu,\"time\":\"", i + 1);
		assert_true(str_starts_with(l.s[i], want));
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
			const char *p = strstr(at, keys[k]);
			if (!p)
				fail_msg("line %zu: %s missing or out of order: "
					 "%s", i + 1, keys[k], l.s[i]);
			at = p + 1;
		}
		snprintf(want, sizeof(want), ",\"payload\":{\"item\":\"pre.a\","
			 "\"i\":%zu},\"prev\":\"%s\",\"hash\":\"%s\"}", i, prev,
			 hashes[i]);
		assert_true(str_ends_with(l.s[i], want));
		assert_non_null(h);
		body = xstrndup(l.s[i], (size_t)(h - l.s[i]) + 1);
		body[h - l.s[i]] = '}';
		sha256_of(body, strlen(body), hex);
		assert_string_equal(hex, hashes[i]);
		free(body);
		assert_null(strstr(l.s[i], "\": "));
		assert_null(strstr(l.s[i], ", \""));
	}
	lines_free(&l);

	/* Replayed: the same events, the chain in order. */
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_string_equal(probs, "");
	assert_int_equal(s.n, 3);
	for (size_t i = 0; i < s.n; i++) {
		assert_int_equal(s.line[i], i + 1);
		assert_int_equal(s.seq[i], i + 1);
		assert_string_equal(s.type[i], "note");
		assert_string_equal(s.prev[i], i ? hashes[i - 1] : ZEROS);
		assert_string_equal(s.hash[i], hashes[i]);
		assert_int_equal(json_integer_value(json_object_get(
					 s.payload[i], "i")), i);
	}
	free(probs);
	seen_free(&s);

	/* Reopened for writing: the chain goes on. */
	j = open_ok(path, JOURNAL_WRITE);
	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	assert_int_equal(journal_last_seq(j), 3);
	assert_string_equal(journal_last_hash(j), hashes[2]);
	assert_int_equal(journal_append(j, "done", json_pack("{s:s}", "item",
			 "pre.b"), ACTOR, HOST, &ev, &err), 0);
	assert_int_equal(ev.seq, 4);
	assert_int_equal(ev.line, 4);
	journal_close(j);
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.prev[3], hashes[2]);
	free(probs);
	seen_free(&s);
	diag_free(&d);
	free(path);
}

/* A replay callback that returns non-zero stops the replay. */
static void test_callback_stops(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 5), *probs;
	struct seen s = { .stop_after = 2 };

	replay_file(path, &s, &probs);
	assert_int_equal(s.n, 2);
	assert_string_equal(probs, "");
	free(probs);
	seen_free(&s);
	free(path);
}

static void test_every_event_type(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = tu_path(fx->dir, "run.jsonl"), *probs;
	struct journal *j = open_ok(path, JOURNAL_WRITE | JOURNAL_CREATE);
	struct diag d = DIAG_INIT;
	struct seen s = { 0 };
	static const struct {
		const char *type;
		const char *payload;
	} events[] = {
		{ "run-started", "{\"release\":\"1.0.0\",\"checklist\":"
		  "\"/x/relcheck.conf\",\"checklist_name\":\"demo \\u00e9\","
		  "\"checklist_sha256\":\"" ZEROS "\",\"items\":{\"pre.a\":"
		  "\"0123456789abcdef\",\"pre.b\":\"fedcba9876543210\"}}" },
		{ "checklist-changed", "{\"checklist_sha256\":\"" ZEROS "\","
		  "\"added\":[\"pre.c\"],\"removed\":[\"pre.x\"],\"changed\":"
		  "[\"pre.b\"],\"items\":{\"pre.a\":\"0123456789abcdef\"}}" },
		{ "check", "{\"item\":\"pre.t\",\"status\":\"fail\",\"reason\":"
		  "\"exit 1\",\"duration_ms\":12,\"evidence\":{\"command\":"
		  "\"make check\",\"exit_code\":\"1\",\"sha256 a b\":\"x\"},"
		  "\"log\":{\"path\":\"pre.t-1.log\",\"sha256\":\"" ZEROS "\"},"
		  "\"tail\":\"line 1\\nline 2\\t\\\"quoted\\\"\"}" },
		{ "done", "{\"item\":\"pre.a\",\"note\":\"did it \\u2713\"}" },
		{ "na", "{\"item\":\"pre.b\",\"reason\":\"no docs this time\"}" },
		{ "note", "{\"item\":\"pre.a\",\"text\":\"Zo\\u00eb says: "
		  "<b>&amp;</b> / \\\\ \\u65e5\\u672c\"}" },
		{ "waive", "{\"item\":\"pre.t\",\"reason\":\"flaky\","
		  "\"check_status\":\"fail\",\"check_reason\":\"exit 1\"}" },
		{ "command", "{\"item\":\"pre.t\",\"command\":\"make\","
		  "\"exit_code\":2,\"log\":{\"path\":\"c.log\",\"sha256\":\"\"},"
		  "\"tail\":\"\"}" },
		{ "signoff", "{\"phase\":\"pre\",\"journal_hash\":\"" ZEROS "\","
		  "\"waived\":[{\"item\":\"pre.t\",\"reason\":\"flaky\","
		  "\"by\":\"" ACTOR "\"}],\"not_applicable\":[{\"item\":"
		  "\"pre.b\",\"reason\":\"no docs this time\",\"by\":\"x\"}]}" },
		{ "closed", "{}" },
		{ "review", "{\"approve\":true,\"verdict\":\"approve\",\"note\":"
		  "\"ok\",\"journal_hash\":\"" ZEROS "\"}" },
		{ "review", "{\"approve\":false,\"verdict\":\"reject\",\"note\":"
		  "\"no\",\"journal_hash\":\"" ZEROS "\",\"n\":1.5,\"z\":null,"
		  "\"big\":9007199254740993}" },
	};
	json_t *want[ARRAY_SIZE(events)];

	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	for (size_t i = 0; i < ARRAY_SIZE(events); i++) {
		json_error_t je;
		want[i] = json_loads(events[i].payload, JSON_REJECT_DUPLICATES,
				     &je);
		if (!want[i])
			fail_msg("bad test payload %zu: %s", i, je.text);
		append_ok(j, events[i].type, json_deep_copy(want[i]));
	}
	journal_close(j);
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_string_equal(probs, "");
	assert_int_equal(s.n, ARRAY_SIZE(events));
	for (size_t i = 0; i < ARRAY_SIZE(events); i++) {
		assert_string_equal(s.type[i], events[i].type);
		if (!json_equal(s.payload[i], want[i])) {
			char *a = json_dumps(s.payload[i], JSON_COMPACT);
			fail_msg("%s: payload %s, want %s", events[i].type, a,
				 events[i].payload);
		}
		json_decref(want[i]);
	}
	/* Non-ASCII is kept as UTF-8, not escaped. */
	{
		size_t len;
		char *data = slurp(path, &len);
		assert_non_null(strstr(data, "Zo\xc3\xab says"));
		assert_non_null(strstr(data, "did it \xe2\x9c\x93"));
		free(data);
	}
	free(probs);
	seen_free(&s);
	diag_free(&d);
	free(path);
}

static void test_empty_file(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = tu_path(fx->dir, "empty.jsonl"), *probs;
	struct seen s = { 0 };
	struct journal *j;
	struct diag d = DIAG_INIT;

	spit(path, "", 0);
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_string_equal(probs, "");
	assert_int_equal(s.n, 0);
	free(probs);
	j = open_ok(path, JOURNAL_WRITE);
	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	assert_true(journal_is_empty(j));
	assert_int_equal(journal_last_seq(j), 0);
	assert_string_equal(journal_last_hash(j), ZEROS);
	assert_null(journal_read_only(j));
	append_ok(j, "note", json_pack("{s:s}", "text", "first"));
	journal_close(j);
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.prev[0], ZEROS);
	free(probs);
	seen_free(&s);
	diag_free(&d);
	free(path);
}

static void test_missing_file(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = tu_path(fx->dir, "nothing.jsonl");
	struct journal *j = NULL;
	char *err = NULL;

	assert_int_equal(journal_open(&j, path, 0, &err), -1);
	assert_null(j);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "No such file"));
	free(err);
	err = NULL;
	assert_int_equal(journal_open(&j, path, JOURNAL_WRITE, &err), -1);
	assert_non_null(err);
	free(err);
	assert_false(path_is_file(path));
	free(path);
}

/* ---- torn lines ---- */

#define HALF "{\"seq\":4,\"time\":\"2026-11-25T17:40:00.123Z\",\"actor\":\"X\",\"ho"

static void test_torn_last_line(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 3), *probs;
	char *before, *after;
	size_t blen, alen;
	struct seen s = { 0 };
	struct journal *j;
	struct diag d = DIAG_INIT;

	spit_append(path, HALF, strlen(HALF));
	before = slurp(path, &blen);

	/* Read-only: a warning, the line left out, the rest there. */
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_int_equal(s.n, 3);
	assert_true(str_starts_with(probs, "4: warning: "));
	assert_non_null(strstr(probs, "torn"));
	assert_null(strchr(probs, '\n'));	/* one problem only */
	free(probs);
	seen_free(&s);

	/* Opened for writing and replayed, but nothing appended: the file
	 * is not rewritten. */
	j = open_ok(path, JOURNAL_WRITE);
	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.entries[0].line, 4);
	assert_true(str_starts_with(d.entries[0].message, "warning: "));
	assert_null(journal_read_only(j));
	assert_int_equal(journal_last_seq(j), 3);
	journal_close(j);
	after = slurp(path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(before);
	free(after);
	diag_free(&d);
	free(path);
}

static void test_append_after_torn(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 3), *probs;
	char *before, *after, torn_sha[65];
	size_t blen, alen;
	struct seen s = { 0 };
	struct journal *j;
	struct journal_event ev;
	struct diag d = DIAG_INIT;
	struct lines l;
	char *err = NULL;
	json_t *t;

	spit_append(path, HALF, strlen(HALF));
	sha256_of(HALF, strlen(HALF), torn_sha);
	before = slurp(path, &blen);

	j = open_ok(path, JOURNAL_WRITE);
	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	assert_int_equal(journal_append(j, "note", json_pack("{s:s, s:s}",
			 "item", "pre.a", "text", "after the crash"), ACTOR,
			 HOST, &ev, &err), 0);
	assert_int_equal(ev.seq, 4);
	assert_int_equal(ev.line, 5);	/* the torn line is line 4 */
	/* Only the first event acknowledges it. */
	append_ok(j, "note", json_pack("{s:s, s:s}", "item", "pre.a", "text",
				       "and after"));
	journal_close(j);

	/* The torn bytes are kept, ended with a newline. */
	after = slurp(path, &alen);
	assert_true(alen > blen);
	assert_memory_equal(after, before, blen);
	assert_int_equal(after[blen], '\n');
	lines_read(&l, path);
	assert_int_equal(l.n, 6);
	assert_string_equal(l.s[3], HALF);

	/* The new event says what the torn line was. */
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_string_equal(probs, "");
	assert_int_equal(s.n, 5);
	assert_int_equal(s.line[3], 5);
	assert_int_equal(s.seq[3], 4);
	assert_string_equal(s.prev[3], s.hash[2]);
	t = json_object_get(s.payload[3], "torn");
	assert_true(json_is_object(t));
	assert_int_equal(json_integer_value(json_object_get(t, "line")), 4);
	assert_int_equal(json_integer_value(json_object_get(t, "bytes")),
			 strlen(HALF));
	assert_string_equal(json_string_value(json_object_get(t, "sha256")),
			    torn_sha);
	assert_string_equal(json_string_value(json_object_get(s.payload[3],
							      "text")),
			    "after the crash");
	assert_null(json_object_get(s.payload[4], "torn"));
	assert_int_equal(s.line[4], 6);
	free(probs);
	seen_free(&s);
	lines_free(&l);
	free(before);
	free(after);
	diag_free(&d);
	free(path);
}

/* Two crashes in a row: each torn line acknowledged by the event after
 * it. */
static void test_two_torn_lines(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 2), *probs;
	struct seen s = { 0 };
	struct diag d = DIAG_INIT;
	struct journal *j;

	for (int k = 0; k < 2; k++) {
		spit_append(path, "{\"seq\":", 7);
		j = open_ok(path, JOURNAL_WRITE);
		assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
		append_ok(j, "note", json_pack("{s:s}", "text", "again"));
		journal_close(j);
		diag_free(&d);
	}
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_string_equal(probs, "");
	assert_int_equal(s.n, 4);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
				 s.payload[2], "torn"), "line")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
				 s.payload[3], "torn"), "line")), 5);
	free(probs);
	seen_free(&s);
	free(path);
}

/* A broken line followed by an event that does not acknowledge it is an
 * error naming the broken line; so is an acknowledgement of another line
 * or of other bytes.  The right acknowledgement, made the same way, is
 * accepted (so the construction is sound). */
static void test_unacknowledged_broken_line(void **state)
{
	struct tu_fixture *fx = *state;
	static const struct {
		const char *ack;	/* the torn object, before its sha256 */
		bool with_sha;		/* then the broken bytes' sha256 */
		int rc;
	} cases[] = {
		{ NULL, false, -1 },	/* no acknowledgement at all */
		{ "{\"line\":3,\"bytes\":7,\"sha256\":\"" ZEROS, false, -1 },
		{ "{\"line\":2,\"bytes\":7,\"sha256\":\"", true, -1 },
		{ "{\"line\":3,\"bytes\":7,\"sha256\":\"", true, 0 },
	};

	for (size_t k = 0; k < ARRAY_SIZE(cases); k++) {
		char sha[65], ack[256], name[32], *fixed, *payload, *probs;
		char *path;
		size_t flen;
		struct lines l;
		struct seen s = { 0 };

		snprintf(name, sizeof(name), "run-%zu.jsonl", k);
		path = make_journal(fx->dir, name, 4);
		lines_read(&l, path);
		/* A broken line 3 ("{"seq":", as a crash leaves it, but with
		 * a newline after it); line 4, the old third event, chains
		 * on from event 2 and maybe acknowledges line 3. */
		sha256_of("{\"seq\":", 7, sha);
		lines_insert(&l, 2, "{\"seq\":", 7);
		payload = xstrdup(l.s[3]);
		if (cases[k].ack) {
			char *p = strstr(payload, "\"payload\":{");
			char *nw;
			assert_non_null(p);
			snprintf(ack, sizeof(ack), "%s%s\"}", cases[k].ack,
				 cases[k].with_sha ? sha : "");
			p += strlen("\"payload\":{");
			nw = xasprintf("%.*s\"torn\":%s,%s", (int)(p - payload),
				       payload, ack, p);
			free(payload);
			payload = nw;
		}
		fixed = rehash(payload, strlen(payload), &flen);
		lines_set(&l, 3, fixed, flen);
		/* The events after it chain on from the old one: drop. */
		while (l.n > 4)
			lines_delete(&l, 4);
		lines_write(&l, path);
		assert_int_equal(replay_file(path, &s, &probs), cases[k].rc);
		if (cases[k].rc == 0) {
			assert_string_equal(probs, "");
			assert_int_equal(s.n, 3);
			assert_int_equal(s.line[2], 4);
		} else {
			if (!str_starts_with(probs, "3: "))
				fail_msg("case %zu: %s", k, probs);
			assert_null(strstr(probs, "warning"));
			assert_non_null(strstr(probs, "not an event"));
			assert_int_equal(s.n, 2);
		}
		free(probs);
		seen_free(&s);
		free(payload);
		free(fixed);
		lines_free(&l);
		free(path);
	}
}

/* ---- damage: each case is a table row ---- */

enum edit {
	EDIT_BYTE,		/* change one byte of line `at` (hash kept) */
	EDIT_BYTE_REHASHED,	/* change a byte and re-hash the line */
	EDIT_DELETE,		/* delete line `at` */
	EDIT_SWAP,		/* swap lines `at` and `at`+1 */
	EDIT_INSERT_FORGED,	/* insert before `at` a valid event with a
				 * wrong hash */
	EDIT_INSERT_REHASHED,	/* insert before `at` a copy of line `at`
				 * (its own hash right, the chain not) */
	EDIT_HUGE,		/* insert before `at` a line over 1 MB */
	EDIT_BAD_UTF8,		/* line `at` gets invalid UTF-8, re-hashed */
	EDIT_GARBAGE,		/* the file is binary garbage */
	EDIT_NOT_JSON,		/* line `at` is text that ends like an event */
	EDIT_DUP_KEY,		/* line `at` has a key twice, re-hashed */
	EDIT_NO_PAYLOAD,	/* line `at` loses its payload, re-hashed */
};

struct damage {
	const char *name;
	enum edit edit;
	size_t at;		/* 1-based line */
	int rc;			/* what journal_replay returns */
	size_t line;		/* the line named */
	const char *message;	/* part of the message */
	size_t good;		/* events replayed before it */
};

static const struct damage damages[] = {
	{ "edited_byte", EDIT_BYTE, 3, -1, 3,
	  "the event's hash does not match its content (the line was "
	  "changed)", 2 },
	{ "edited_byte_first_line", EDIT_BYTE, 1, -1, 1,
	  "the event's hash does not match its content", 0 },
	{ "edited_byte_rehashed", EDIT_BYTE_REHASHED, 3, -1, 4,
	  "the chain is broken: prev is ", 3 },
	{ "deleted_line", EDIT_DELETE, 3, -1, 3,
	  "the chain is broken: prev is ", 2 },
	{ "deleted_first_line", EDIT_DELETE, 1, -1, 1,
	  "the chain is broken: prev is ", 0 },
	{ "swapped_lines", EDIT_SWAP, 2, -1, 2,
	  "the chain is broken: prev is ", 1 },
	{ "inserted_forged_line", EDIT_INSERT_FORGED, 3, -1, 3,
	  "the event's hash does not match its content", 2 },
	{ "inserted_copy", EDIT_INSERT_REHASHED, 3, -1, 4,
	  "the chain is broken", 3 },
	{ "line_over_1mb", EDIT_HUGE, 2, -1, 2,
	  "the line is longer than 1 MB", 1 },
	{ "invalid_utf8", EDIT_BAD_UTF8, 2, -1, 2, "not valid JSON", 1 },
	{ "binary_garbage", EDIT_GARBAGE, 1, -1, 1, "not an event", 0 },
	{ "not_json", EDIT_NOT_JSON, 2, -1, 2, "not valid JSON", 1 },
	{ "duplicate_key", EDIT_DUP_KEY, 2, -1, 2, "not valid JSON", 1 },
	{ "no_payload", EDIT_NO_PAYLOAD, 2, -1, 2,
	  "an event lacks seq, time, actor, host, type, payload or prev", 1 },
	/* The last line, whole (ended with its newline), was not torn by a
	 * crash: a crash cannot leave a newline after a partial line.
	 * Damage there is an error like anywhere else, not a warning. */
	{ "edited_byte_last_line", EDIT_BYTE, 5, -1, 5,
	  "the event's hash does not match its content", 4 },
	{ "forged_line_at_end", EDIT_INSERT_FORGED, 6, -1, 6,
	  "the event's hash does not match its content", 5 },
	{ "huge_line_at_end", EDIT_HUGE, 6, -1, 6,
	  "the line is longer than 1 MB", 5 },
	{ "invalid_utf8_last_line", EDIT_BAD_UTF8, 5, -1, 5,
	  "not valid JSON", 4 },
};

static void apply_damage(const struct damage *dm, const char *path)
{
	struct lines l;
	size_t i = dm->at - 1, n;
	char *s, *t;

	lines_read(&l, path);
	assert_int_equal(l.n, 5);
	switch (dm->edit) {
	case EDIT_BYTE:
		/* The n of "text":"nK" becomes m. */
		s = strstr(l.s[i], "\"text\":\"n");
		if (!s)
			s = strstr(l.s[i], "\"seq\":");
		assert_non_null(s);
		s[strlen("\"text\":\"")] ^= 0x03;
		break;
	case EDIT_BYTE_REHASHED:
		s = strstr(l.s[i], "\"text\":\"n");
		assert_non_null(s);
		s[strlen("\"text\":\"")] = 'm';
		t = rehash(l.s[i], l.len[i], &n);
		lines_set(&l, i, t, n);
		free(t);
		break;
	case EDIT_DELETE:
		lines_delete(&l, i);
		break;
	case EDIT_SWAP:
		s = l.s[i];
		n = l.len[i];
		l.s[i] = l.s[i + 1];
		l.len[i] = l.len[i + 1];
		l.s[i + 1] = s;
		l.len[i + 1] = n;
		break;
	case EDIT_INSERT_FORGED:
		t = xasprintf("{\"seq\":%zu,\"time\":\"2026-11-25T17:40:00.000Z\","
			      "\"actor\":\"Mallory\",\"host\":\"h\",\"type\":"
			      "\"done\",\"payload\":{\"item\":\"pre.a\"},"
			      "\"prev\":\"%s\",\"hash\":\"%s\"}", dm->at, ZEROS,
			      "1111111111111111111111111111111111111111111111111"
			      "111111111111111");
		lines_insert(&l, i, t, strlen(t));
		free(t);
		break;
	case EDIT_INSERT_REHASHED:
		t = xstrdup(l.s[i]);
		lines_insert(&l, i, t, strlen(t));
		free(t);
		break;
	case EDIT_HUGE:
		n = 2 * 1024 * 1024;
		t = xmalloc(n);
		memset(t, 'a', n);
		t[0] = '{';
		lines_insert(&l, i, t, n);
		free(t);
		break;
	case EDIT_BAD_UTF8:
		s = strstr(l.s[i], "\"text\":\"n");
		assert_non_null(s);
		s[strlen("\"text\":\"")] = (char)0xff;
		t = rehash(l.s[i], l.len[i], &n);
		lines_set(&l, i, t, n);
		free(t);
		break;
	case EDIT_GARBAGE: {
		unsigned char g[4096];
		unsigned int x = 12345;
		for (size_t k = 0; k < sizeof(g); k++) {
			x = x * 1103515245u + 12345u;
			g[k] = (unsigned char)(x >> 16);
		}
		g[100] = '\n';	/* a few lines of it */
		g[2000] = '\n';
		g[4095] = 0;
		spit(path, g, sizeof(g));
		lines_free(&l);
		return;
	}
	case EDIT_NOT_JSON:
		t = xasprintf("this is not JSON at all,\"hash\":\"%s\"}", ZEROS);
		n = strlen(t);
		/* With its hash right, so that the JSON is what fails. */
		s = rehash(t, n, &n);
		lines_set(&l, i, s, n);
		free(s);
		free(t);
		break;
	case EDIT_DUP_KEY:
		s = strstr(l.s[i], ",\"prev\":");
		assert_non_null(s);
		t = xasprintf("%.*s,\"type\":\"done\"%s", (int)(s - l.s[i]),
			      l.s[i], s);
		s = rehash(t, strlen(t), &n);
		lines_set(&l, i, s, n);
		free(s);
		free(t);
		break;
	case EDIT_NO_PAYLOAD:
		s = strstr(l.s[i], ",\"payload\":");
		t = strstr(l.s[i], ",\"prev\":");
		assert_non_null(s);
		assert_non_null(t);
		t = xasprintf("%.*s%s", (int)(s - l.s[i]), l.s[i], t);
		s = rehash(t, strlen(t), &n);
		lines_set(&l, i, s, n);
		free(s);
		free(t);
		break;
	}
	lines_write(&l, path);
	lines_free(&l);
}

static void test_damage(void **state)
{
	struct tu_fixture *fx = *state;
	const struct damage *dm = fx->param;
	char *path = make_journal(fx->dir, "run.jsonl", 5), *probs;
	char *before, *after, want[32], *err = NULL;
	size_t blen, alen;
	struct seen s = { 0 };
	struct journal *j;
	struct diag d = DIAG_INIT;
	int rc;

	apply_damage(dm, path);
	before = slurp(path, &blen);

	/* Read-only. */
	rc = replay_file(path, &s, &probs);
	if (rc != dm->rc)
		fail_msg("%s: journal_replay gives %d, want %d; problems: %s",
			 dm->name, rc, dm->rc, probs);
	/* The first problem names the first bad line, as an error.  (What
	 * follows it is test_nothing_after_the_first_error's business.) */
	snprintf(want, sizeof(want), "%zu: ", dm->line);
	if (!str_starts_with(probs, want) || !strstr(probs, dm->message) ||
	    str_starts_with(probs + strlen(want), "warning"))
		fail_msg("%s: want line %zu: ...%s... (an error), got: %s",
			 dm->name, dm->line, dm->message, probs);
	assert_int_equal(s.n, dm->good);
	free(probs);
	seen_free(&s);

	/* A writer: damaged is read-only, said why, nothing appended. */
	j = open_ok(path, JOURNAL_WRITE);
	assert_int_equal(journal_replay(j, NULL, NULL, &d), -1);
	assert_true(d.count >= 1);
	assert_int_equal(d.entries[0].line, (int)dm->line);
	assert_non_null(journal_read_only(j));
	assert_string_equal(journal_read_only(j), "the journal is damaged");
	assert_int_equal(journal_append(j, "note", json_pack("{s:s}", "text",
			 "x"), ACTOR, HOST, NULL, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "read-only"));
	assert_non_null(strstr(err, "the journal is damaged"));
	free(err);
	journal_close(j);
	after = slurp(path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(before);
	free(after);
	diag_free(&d);
	free(path);
}

/* After the first bad line, nothing more is said: in particular no
 * line but the file's last, unended one is called torn. */
static void test_nothing_after_the_first_error(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 5), *probs;
	struct seen s = { 0 };

	apply_damage(&damages[0], path);	/* a byte of line 3 */
	assert_int_equal(replay_file(path, &s, &probs), -1);
	assert_int_equal(s.n, 2);
	if (strcmp(probs, "3: the event's hash does not match its content "
		   "(the line was changed)") != 0)
		fail_msg("want one problem (line 3), got: %s", probs);
	free(probs);
	seen_free(&s);
	free(path);
}

/* ---- writers ---- */

static void test_second_writer(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 2), *err = NULL;
	struct journal *a = open_ok(path, JOURNAL_WRITE);
	struct journal *b = open_ok(path, JOURNAL_WRITE);
	struct journal *c;
	struct diag d = DIAG_INIT;
	char *probs;
	struct seen s = { 0 };

	assert_null(journal_read_only(a));
	assert_non_null(journal_read_only(b));
	assert_string_equal(journal_read_only(b),
			    "another relcheck is recording this run");
	/* b still reads. */
	assert_int_equal(journal_replay(b, NULL, NULL, &d), 0);
	assert_int_equal(journal_last_seq(b), 2);
	assert_int_equal(journal_append(b, "note", json_pack("{s:s}", "text",
			 "b"), ACTOR, HOST, NULL, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "read-only: another relcheck is "
			       "recording this run"));
	free(err);
	err = NULL;
	assert_int_equal(journal_replay(a, NULL, NULL, &d), 0);
	append_ok(a, "note", json_pack("{s:s}", "text", "a"));
	journal_close(b);
	/* Closing the reader does not release the writer's lock. */
	c = open_ok(path, JOURNAL_WRITE);
	assert_non_null(journal_read_only(c));
	journal_close(c);
	journal_close(a);
	/* The writer gone, the next one may write. */
	c = open_ok(path, JOURNAL_WRITE);
	assert_null(journal_read_only(c));
	assert_int_equal(journal_replay(c, NULL, NULL, &d), 0);
	append_ok(c, "note", json_pack("{s:s}", "text", "c"));
	journal_close(c);
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_int_equal(s.n, 4);
	free(probs);
	seen_free(&s);
	diag_free(&d);
	free(path);
}

static void test_append_read_only(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 1), *err = NULL;
	char *before, *after;
	size_t blen, alen;
	struct journal *j;
	struct diag d = DIAG_INIT;

	before = slurp(path, &blen);
	/* Opened for reading. */
	j = open_ok(path, 0);
	assert_string_equal(journal_read_only(j), "opened for reading");
	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	assert_int_equal(journal_append(j, "note", json_pack("{s:s}", "text",
			 "x"), ACTOR, HOST, NULL, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "read-only: opened for reading"));
	free(err);
	err = NULL;
	journal_close(j);
	/* Writable but not replayed yet. */
	j = open_ok(path, JOURNAL_WRITE);
	assert_int_equal(journal_append(j, "note", json_pack("{s:s}", "text",
			 "x"), ACTOR, HOST, NULL, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "read-only"));
	free(err);
	err = NULL;
	journal_close(j);
	/* A file the user may not write (as root, access is not refused:
	 * then it is skipped). */
	assert_int_equal(chmod(path, 0444), 0);
	if (access(path, W_OK) != 0) {
		j = open_ok(path, JOURNAL_WRITE);
		assert_string_equal(journal_read_only(j),
				    "the run's file is not writable");
		assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
		assert_int_equal(journal_append(j, "note", json_pack("{s:s}",
				 "text", "x"), ACTOR, HOST, NULL, &err), -1);
		assert_non_null(strstr(err, "not writable"));
		free(err);
		journal_close(j);
	}
	chmod(path, 0644);
	after = slurp(path, &alen);
	assert_int_equal(alen, blen);
	assert_memory_equal(after, before, blen);
	free(before);
	free(after);
	diag_free(&d);
	free(path);
}

/* An event the reader would refuse (over 1 MB) must not be written as if
 * it were fine: either journal_append refuses it and leaves the file as
 * it was, or a replay gives it back. */
static void test_oversized_event(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 2), *err = NULL;
	char *big = xmalloc(1536 * 1024 + 1), *before, *after, *probs;
	size_t blen, alen;
	struct journal *j;
	struct diag d = DIAG_INIT;
	struct seen s = { 0 };
	int rc;

	memset(big, 'x', 1536 * 1024);
	big[1536 * 1024] = '\0';
	before = slurp(path, &blen);
	j = open_ok(path, JOURNAL_WRITE);
	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	rc = journal_append(j, "note", json_pack("{s:s, s:s}", "item", "pre.a",
			    "text", big), ACTOR, HOST, NULL, &err);
	journal_close(j);
	if (rc < 0) {
		assert_non_null(err);
		free(err);
		after = slurp(path, &alen);
		assert_int_equal(alen, blen);
		assert_memory_equal(after, before, blen);
		free(after);
	} else {
		rc = replay_file(path, &s, &probs);
		if (rc != 0 || s.n != 3 || *probs)
			fail_msg("an event of 1.5 MB was appended, but replay "
				 "gives %d, %zu events: %s", rc, s.n, probs);
		free(probs);
		seen_free(&s);
	}
	free(before);
	free(big);
	diag_free(&d);
	free(path);
}

/* A line with no newline that is a whole, good event (the write went
 * through, the crash came before the next): it is an event; the next
 * append ends the line and chains on. */
static void test_whole_event_without_newline(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 3), *probs;
	size_t len;
	char *data = slurp(path, &len);
	struct seen s = { 0 };
	struct journal *j;
	struct diag d = DIAG_INIT;

	spit(path, data, len - 1);
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(probs, "");
	free(probs);
	seen_free(&s);
	j = open_ok(path, JOURNAL_WRITE);
	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	append_ok(j, "note", json_pack("{s:s}", "text", "4"));
	journal_close(j);
	assert_int_equal(replay_file(path, &s, &probs), 0);
	assert_string_equal(probs, "");
	assert_int_equal(s.n, 4);
	assert_null(json_object_get(s.payload[3], "torn"));
	free(probs);
	seen_free(&s);
	free(data);
	diag_free(&d);
	free(path);
}

/* journal_append steals exactly one reference to the payload, on success
 * and on failure alike: a caller that keeps its own reference still owns
 * a live object afterwards. */
static void test_payload_reference_stolen(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir, "run.jsonl", 1), *err = NULL;
	struct journal *j = open_ok(path, JOURNAL_WRITE);
	struct journal *r = open_ok(path, 0);
	struct diag d = DIAG_INIT;
	json_t *p = json_pack("{s:s}", "item", "pre.a");

	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	json_incref(p);
	assert_int_equal(p->refcount, 2);
	assert_int_equal(journal_append(j, "done", p, ACTOR, HOST, NULL,
					&err), 0);
	assert_int_equal(p->refcount, 1);
	assert_string_equal(json_string_value(json_object_get(p, "item")),
			    "pre.a");
	/* Failing (read-only): the same. */
	assert_int_equal(journal_replay(r, NULL, NULL, &d), 0);
	json_incref(p);
	assert_int_equal(journal_append(r, "done", p, ACTOR, HOST, NULL,
					&err), -1);
	free(err);
	assert_int_equal(p->refcount, 1);
	json_decref(p);
	journal_close(r);
	journal_close(j);
	diag_free(&d);
	free(path);
}

static void test_now(void **state)
{
	char buf[32];

	(void)state;
	journal_now(buf, sizeof(buf));
	assert_int_equal(strlen(buf), 24);
	assert_int_equal(buf[4], '-');
	assert_int_equal(buf[10], 'T');
	assert_int_equal(buf[19], '.');
	assert_int_equal(buf[23], 'Z');
}

#define FIXTURE(f) \
	cmocka_unit_test_setup_teardown(f, tu_setup_tmpdir, tu_teardown_tmpdir)

static const struct CMUnitTest good_tests[] = {
	FIXTURE(test_round_trip),
	FIXTURE(test_callback_stops),
	FIXTURE(test_every_event_type),
	FIXTURE(test_empty_file),
	FIXTURE(test_missing_file),
	FIXTURE(test_torn_last_line),
	FIXTURE(test_append_after_torn),
	FIXTURE(test_two_torn_lines),
	FIXTURE(test_unacknowledged_broken_line),
	FIXTURE(test_whole_event_without_newline),
	FIXTURE(test_nothing_after_the_first_error),
	FIXTURE(test_second_writer),
	FIXTURE(test_append_read_only),
	FIXTURE(test_oversized_event),
	FIXTURE(test_payload_reference_stolen),
	cmocka_unit_test(test_now),
};

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(damages) + ARRAY_SIZE(good_tests)];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(good_tests); i++)
		tests[n++] = good_tests[i];
	for (size_t i = 0; i < ARRAY_SIZE(damages); i++) {
		tests[n++] = (struct CMUnitTest){
			.name = damages[i].name,
			.test_func = test_damage,
			.setup_func = tu_setup_tmpdir,
			.teardown_func = tu_teardown_tmpdir,
			.initial_state = (void *)&damages[i],
		};
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
