/* test-chain.c: two journals compared by their chains (src/chain.c), on
 * real journals written by journal.c: equal, a fast-forward either way,
 * diverged (with each side's first differing event), broken (a byte
 * changed, a forged tail), a torn last line taken up by the next writer.
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "journal.h"
#include "testutil.h"

#define ANN "Ann <ann@example.invalid>"
#define BOB "Bob <bob@example.invalid>"

/* Appends n events of type to the journal at path (made when missing). */
static void append(const char *path, const char *type, const char *actor,
		   int n)
{
	struct journal *j;
	struct diag d = DIAG_INIT;
	char *err = NULL;

	assert_int_equal(journal_open(&j, path, JOURNAL_WRITE | JOURNAL_CREATE,
				      &err), 0);
	journal_replay(j, NULL, NULL, &d);
	assert_null(journal_read_only(j));
	for (int i = 0; i < n; i++) {
		json_t *p = json_object();
		json_object_set_new(p, "i", json_integer(i));
		assert_int_equal(journal_append(j, type, p, actor, "host",
						NULL, &err), 0);
	}
	journal_close(j);
	diag_free(&d);
}

static struct buf slurp(const char *path)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	assert_int_equal(buf_read_file(&b, path), 0);
	return b;
}

static void spit(const char *path, const struct buf *b)
{
	char *err = NULL;

	assert_int_equal(file_write_atomic(path, b->data, b->len, &err), 0);
}

static enum chain_relation compare(const struct buf *a, const struct buf *b,
				   struct chain_result *cr)
{
	char *err = NULL;

	assert_int_equal(chain_compare(a->data, a->len, b->data, b->len, cr,
				       &err), 0);
	assert_null(err);
	return cr->rel;
}

static void test_equal_and_extends(void **state)
{
	struct tu_fixture *fx = *state;
	char *pa = tu_path(fx->dir, "a.jsonl");
	struct buf one, two, none = BUF_INIT;
	struct chain_result cr;

	buf_init(&none);
	append(pa, "note", ANN, 3);
	one = slurp(pa);
	append(pa, "check", ANN, 2);
	two = slurp(pa);

	assert_int_equal(compare(&two, &two, &cr), CHAIN_EQUAL);
	chain_result_free(&cr);
	assert_int_equal(compare(&two, &one, &cr), CHAIN_A_EXTENDS_B);
	chain_result_free(&cr);
	assert_int_equal(compare(&one, &two, &cr), CHAIN_B_EXTENDS_A);
	chain_result_free(&cr);
	/* No journal yet: a prefix of any. */
	assert_int_equal(compare(&none, &two, &cr), CHAIN_B_EXTENDS_A);
	chain_result_free(&cr);
	assert_int_equal(compare(&two, &none, &cr), CHAIN_A_EXTENDS_B);
	chain_result_free(&cr);
	assert_int_equal(compare(&none, &none, &cr), CHAIN_EQUAL);
	chain_result_free(&cr);
	buf_free(&one);
	buf_free(&two);
	buf_free(&none);
	free(pa);
}

static void test_diverged(void **state)
{
	struct tu_fixture *fx = *state;
	char *pa = tu_path(fx->dir, "a.jsonl"), *pb = tu_path(fx->dir, "b.jsonl");
	struct buf a, b, common;
	struct chain_result cr;
	char *s;

	append(pa, "note", ANN, 2);
	common = slurp(pa);
	spit(pb, &common);
	append(pa, "note", ANN, 1);
	append(pa, "done", ANN, 1);
	append(pb, "check", BOB, 1);
	a = slurp(pa);
	b = slurp(pb);

	assert_int_equal(compare(&a, &b, &cr), CHAIN_DIVERGED);
	assert_int_equal(cr.a.line, 3);
	assert_int_equal(cr.b.line, 3);
	assert_int_equal(cr.a.seq, 3);
	assert_int_equal(cr.b.seq, 3);
	assert_string_equal(cr.a.type, "note");
	assert_string_equal(cr.a.actor, ANN);
	assert_string_equal(cr.b.type, "check");
	assert_string_equal(cr.b.actor, BOB);
	assert_int_equal(strlen(cr.a.time), 24);
	s = chain_event_describe(&cr.b);
	assert_non_null(strstr(s, "line 3 (seq 3, check by " BOB ", "));
	free(s);
	chain_result_free(&cr);
	/* The other way round: the sides swap. */
	assert_int_equal(compare(&b, &a, &cr), CHAIN_DIVERGED);
	assert_string_equal(cr.a.actor, BOB);
	assert_string_equal(cr.b.actor, ANN);
	chain_result_free(&cr);
	/* A common prefix is a prefix of both. */
	assert_int_equal(compare(&common, &b, &cr), CHAIN_B_EXTENDS_A);
	chain_result_free(&cr);
	buf_free(&a);
	buf_free(&b);
	buf_free(&common);
	free(pa);
	free(pb);
}

static void test_broken(void **state)
{
	struct tu_fixture *fx = *state;
	char *pa = tu_path(fx->dir, "a.jsonl");
	struct buf good, bad, forged;
	struct chain_result cr;
	char *at;

	append(pa, "note", ANN, 4);
	good = slurp(pa);
	/* A byte of line 2 changed: side B broken at line 2. */
	buf_init(&bad);
	buf_add(&bad, good.data, good.len);
	at = strchr(bad.data, '\n') + 1;
	at = strstr(at, "\"i\":1");
	assert_non_null(at);
	at[4] = '7';
	assert_int_equal(compare(&good, &bad, &cr), CHAIN_BROKEN);
	assert_int_equal(cr.broken_side, 1);
	assert_int_equal(cr.broken_line, 2);
	assert_non_null(cr.why);
	chain_result_free(&cr);
	/* A longer journal whose tail is forged is no fast-forward. */
	buf_init(&forged);
	buf_add(&forged, good.data, good.len);
	buf_adds(&forged, "{\"seq\":5,\"time\":\"2026-12-06T07:00:00.000Z\","
		 "\"actor\":\"Eve\",\"host\":\"h\",\"type\":\"note\","
		 "\"payload\":{},\"prev\":\"00\",\"hash\":\"00\"}\n");
	assert_int_equal(compare(&forged, &good, &cr), CHAIN_BROKEN);
	assert_int_equal(cr.broken_side, 0);
	assert_int_equal(cr.broken_line, 5);
	chain_result_free(&cr);
	buf_free(&good);
	buf_free(&bad);
	buf_free(&forged);
	free(pa);
}

/* A crash's torn line, then the next writer: the longer journal (the
 * torn line ended, acknowledged, more events) extends the torn one. */
static void test_torn(void **state)
{
	struct tu_fixture *fx = *state;
	char *pa = tu_path(fx->dir, "a.jsonl");
	struct buf torn, after;
	struct chain_result cr;
	FILE *f;

	append(pa, "note", ANN, 2);
	f = fopen(pa, "ab");
	assert_non_null(f);
	fputs("{\"seq\":3,\"time\":\"2026-12", f);
	fclose(f);
	torn = slurp(pa);
	append(pa, "note", BOB, 1);
	after = slurp(pa);
	assert_int_equal(compare(&after, &torn, &cr), CHAIN_A_EXTENDS_B);
	chain_result_free(&cr);
	assert_int_equal(compare(&torn, &torn, &cr), CHAIN_EQUAL);
	chain_result_free(&cr);
	buf_free(&torn);
	buf_free(&after);
	free(pa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_equal_and_extends,
						tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_diverged, tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_broken, tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_torn, tu_setup_tmpdir,
						tu_teardown_tmpdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
