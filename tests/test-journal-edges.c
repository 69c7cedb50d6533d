/* test-journal-edges.c: the journal's chain at its edges (src/journal.c).
 *
 * test-journal.c damages whole events; these tests change one hex digit,
 * the last, of a hash or a prev, and re-chain a journal after a removed
 * event, so that a check that compares only a prefix, or lets seq jump,
 * is caught.  Each damage is made by hand on a journal written by the
 * real journal_append, and the line named and the message are asserted.
 */
#include "config.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "testutil.h"

#define ACTOR "Test Author <author@example.invalid>"
#define HOST "testhost"
#define NLINES 5

static void sha256_of(const void *data, size_t len, char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0;

	assert_int_equal(EVP_Digest(data, len, md, &n, EVP_sha256(), NULL), 1);
	for (unsigned int i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* The journal's lines, each without its newline (owned, NUL-ended). */
struct lines {
	char *s[NLINES + 1];
	size_t n;
};

static void lines_read(struct lines *l, const char *path)
{
	struct buf b = BUF_INIT;
	char *p;

	memset(l, 0, sizeof(*l));
	assert_int_equal(buf_read_file(&b, path), 0);
	p = b.data;
	while (p && *p) {
		char *nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(l->n < NLINES + 1);
		l->s[l->n++] = xstrndup(p, (size_t)(nl - p));
		p = nl + 1;
	}
	buf_free(&b);
}

static void lines_write(struct lines *l, const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	for (size_t i = 0; i < l->n; i++) {
		fprintf(f, "%s\n", l->s[i]);
		free(l->s[i]);
	}
	assert_int_equal(fclose(f), 0);
	memset(l, 0, sizeof(*l));
}

/* Where the 64 hex digits of "key":"..." start in line. */
static char *hex_of(char *line, const char *key)
{
	char *want = xasprintf("\"%s\":\"", key);
	char *p = strstr(line, want);

	assert_non_null(p);
	p += strlen(want);
	free(want);
	return p;
}

/* The line's own hash made right again for its (edited) body, as
 * journal.c makes it: the body up to ,"hash":" closed with }. */
static void rehash(char *line)
{
	char *h = hex_of(line, "hash");
	char *body = xasprintf("%.*s}", (int)(h - line - 9), line);
	char hex[65];

	sha256_of(body, strlen(body), hex);
	memcpy(h, hex, 64);
	free(body);
}

/* A different last hex digit. */
static void flip_last_digit(char *hex64)
{
	hex64[63] = hex64[63] == '0' ? '1' : '0';
}

static char *make_journal(const char *dir)
{
	char *path = tu_path(dir, "run.jsonl"), *err = NULL;
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;

	assert_int_equal(journal_open(&j, path, JOURNAL_WRITE | JOURNAL_CREATE,
				      &err), 0);
	assert_int_equal(journal_replay(j, NULL, NULL, &d), 0);
	for (int i = 1; i <= NLINES; i++) {
		char text[16];
		snprintf(text, sizeof(text), "n%d", i);
		if (journal_append(j, "note", json_pack("{s:s, s:s}", "item",
				   "pre.a", "text", text), ACTOR, HOST, NULL,
				   &err) < 0)
			fail_msg("journal_append: %s", err);
	}
	journal_close(j);
	diag_free(&d);
	return path;
}

/* Replays path: the result, the events seen, the first problem. */
static int on_event(const struct journal_event *ev, void *data)
{
	(void)ev;
	(*(size_t *)data)++;
	return 0;
}

static void expect_error(const char *path, int line, const char *message,
			 size_t good)
{
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	char *err = NULL;
	size_t seen = 0;

	assert_int_equal(journal_open(&j, path, JOURNAL_WRITE, &err), 0);
	assert_int_equal(journal_replay(j, on_event, &seen, &d), -1);
	assert_true(d.count >= 1);
	if (d.entries[0].line != line || !strstr(d.entries[0].message, message)
	    || str_starts_with(d.entries[0].message, "warning"))
		fail_msg("want an error at line %d: ...%s...; got line %d: %s",
			 line, message, d.entries[0].line,
			 d.entries[0].message);
	assert_int_equal(seen, good);
	/* Damaged: nothing more is written to it. */
	assert_string_equal(journal_read_only(j), "the journal is damaged");
	diag_free(&d);
	journal_close(j);
}

/* prev differs from the event before's hash in its last digit only; the
 * line is re-hashed, so only the chain can tell. */
static void test_prev_last_digit(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir);
	struct lines l;

	lines_read(&l, path);
	flip_last_digit(hex_of(l.s[2], "prev"));
	rehash(l.s[2]);
	lines_write(&l, path);
	expect_error(path, 3, "the chain is broken", 2);
	free(path);
}

/* The same on the last line: no event after it to notice. */
static void test_prev_last_digit_last_line(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir);
	struct lines l;

	lines_read(&l, path);
	flip_last_digit(hex_of(l.s[NLINES - 1], "prev"));
	rehash(l.s[NLINES - 1]);
	lines_write(&l, path);
	expect_error(path, NLINES, "the chain is broken", NLINES - 1);
	free(path);
}

/* The last event's own hash, last digit changed: its content no longer
 * matches it (and no later prev would tell). */
static void test_hash_last_digit_last_line(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir);
	struct lines l;

	lines_read(&l, path);
	flip_last_digit(hex_of(l.s[NLINES - 1], "hash"));
	lines_write(&l, path);
	expect_error(path, NLINES, "does not match its content", NLINES - 1);
	free(path);
}

/* An event removed and the chain after it re-made (each prev set to the
 * hash before it, each line re-hashed): seq jumps from 2 to 4. */
static void test_removed_event_rechained(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir);
	struct lines l;

	lines_read(&l, path);
	free(l.s[2]);
	memmove(&l.s[2], &l.s[3], (l.n - 3) * sizeof(l.s[0]));
	l.n--;
	for (size_t i = 2; i < l.n; i++) {
		memcpy(hex_of(l.s[i], "prev"), hex_of(l.s[i - 1], "hash"), 64);
		rehash(l.s[i]);
	}
	lines_write(&l, path);
	expect_error(path, 3, "seq 4 where 3 was due", 2);
	free(path);
}

/* Two events swapped in seq only (3 and 4 exchanged, chain re-made):
 * seq goes back. */
static void test_seq_backwards_rechained(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = make_journal(fx->dir);
	struct lines l;
	char *p;

	lines_read(&l, path);
	p = strstr(l.s[2], "\"seq\":3,");
	assert_non_null(p);
	p[6] = '2';
	for (size_t i = 2; i < l.n; i++) {
		memcpy(hex_of(l.s[i], "prev"), hex_of(l.s[i - 1], "hash"), 64);
		rehash(l.s[i]);
	}
	lines_write(&l, path);
	expect_error(path, 3, "seq 2 where 3 was due", 2);
	free(path);
}

#define FIXTURE(f) \
	cmocka_unit_test_setup_teardown(f, tu_setup_tmpdir, tu_teardown_tmpdir)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE(test_prev_last_digit),
		FIXTURE(test_prev_last_digit_last_line),
		FIXTURE(test_hash_last_digit_last_line),
		FIXTURE(test_removed_event_rechained),
		FIXTURE(test_seq_backwards_rechained),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
