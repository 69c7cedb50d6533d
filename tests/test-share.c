/* test-share.c: runs as git objects (src/share.c): a record written and
 * read back; a ref moved only from the value it was read at (a stale
 * writer is refused and the ref left alone); the parent chain; the
 * names that may become files and refs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "share.h"
#include "testutil.h"

#define REF SHARE_RUNS "demo-1.0.0"

static struct share *repo(const struct tu_fixture *fx)
{
	struct share *sh = NULL;
	char *err = NULL;

	assert_int_equal(tu_sh(fx->dir, "git init -q r"), 0);
	{
		char *root = tu_path(fx->dir, "r");
		assert_int_equal(share_open(&sh, root, &err), 0);
		free(root);
	}
	return sh;
}

static void record(struct share_record *r, const char *journal)
{
	share_record_init(r);
	buf_adds(&r->journal, journal);
	share_record_add_log(r, "pre.tests-1.log", "3 passed\n", 9);
}

static void test_round_trip(void **state)
{
	struct tu_fixture *fx = *state;
	struct share *sh = repo(fx);
	struct share_record w, r;
	char c1[SHARE_HEX], c2[SHARE_HEX], *err = NULL;

	record(&w, "{\"seq\":1}\n");
	assert_int_equal(share_commit(sh, REF, SHARE_RUN, &w, "", "", c1,
				      &err), 0);
	share_record_init(&r);
	assert_int_equal(share_read(sh, REF, SHARE_RUN, &r, &err), 0);
	assert_string_equal(r.commit, c1);
	assert_string_equal(r.journal.data, "{\"seq\":1}\n");
	assert_int_equal(r.nlogs, 1);
	assert_string_equal(r.logs[0].name, "pre.tests-1.log");
	assert_memory_equal(r.logs[0].bytes.data, "3 passed\n", 9);
	/* The same tree again: no new commit. */
	assert_int_equal(share_commit(sh, REF, SHARE_RUN, &w, c1, c1, c2,
				      &err), 0);
	assert_string_equal(c2, c1);
	/* More: a child of the last. */
	buf_adds(&w.journal, "{\"seq\":2}\n");
	assert_int_equal(share_commit(sh, REF, SHARE_RUN, &w, c1, c1, c2,
				      &err), 0);
	assert_string_not_equal(c2, c1);
	assert_true(share_descends(sh, c2, c1));
	assert_false(share_descends(sh, c1, c2));
	/* No such ref. */
	assert_int_equal(share_read(sh, SHARE_RUNS "none-1", SHARE_RUN, &r,
				    &err), 1);
	/* A run's tree is not a review's. */
	assert_int_equal(share_read(sh, REF, SHARE_REVIEW, &r, &err), -1);
	assert_non_null(strstr(err, "unexpected entry \"journal.jsonl\""));
	free(err);
	share_record_free(&w);
	share_record_free(&r);
	share_close(sh);
}

/* Compare-and-swap: a writer that read the ref before another moved it
 * is refused, and the other's value stays. */
static void test_compare_and_swap(void **state)
{
	struct tu_fixture *fx = *state;
	struct share *sh = repo(fx);
	struct share_record w;
	char c1[SHARE_HEX], c2[SHARE_HEX], c3[SHARE_HEX], now[SHARE_HEX];
	char *err = NULL;

	record(&w, "{\"seq\":1}\n");
	assert_int_equal(share_commit(sh, REF, SHARE_RUN, &w, "", "", c1,
				      &err), 0);
	/* "Must not exist yet", but it does. */
	buf_adds(&w.journal, "{\"seq\":2}\n");
	assert_int_equal(share_commit(sh, REF, SHARE_RUN, &w, "", "", c2,
				      &err), -1);
	assert_non_null(strstr(err, "moved by someone else"));
	free(err);
	err = NULL;
	assert_int_equal(share_ref(sh, REF, now, &err), 0);
	assert_string_equal(now, c1);
	/* The first writer moves it on; a second one, still at c1's
	 * parent-less view, writes from a stale expectation. */
	assert_int_equal(share_commit(sh, REF, SHARE_RUN, &w, c1, c1, c2,
				      &err), 0);
	buf_adds(&w.journal, "{\"seq\":3}\n");
	assert_int_equal(share_commit(sh, REF, SHARE_RUN, &w, c1, c1, c3,
				      &err), -1);
	assert_non_null(strstr(err, "moved by someone else"));
	free(err);
	err = NULL;
	assert_int_equal(share_ref(sh, REF, now, &err), 0);
	assert_string_equal(now, c2);
	assert_int_equal(share_set_ref(sh, REF, c1, c1, &err), -1);
	free(err);
	share_record_free(&w);
	share_close(sh);
}

static void test_names(void **state)
{
	static const char *const runs_ok[] = {
		"demo-1.0.0", "octavia-loxilb-driver-2.0.0rc1", "a", "x_y+z@1",
		"Demo-1.0.0",
	};
	static const char *const runs_bad[] = {
		"", ".hidden", "-dash", "a/b", "a..b", "x.lock", "a b", "a\tb",
		"a\nb", "\x1b[31m", "..", "/abs", "caf\xc3\xa9",
	};
	static const char *const ids_ok[] = {
		"ann@example.invalid", "bob", "a.b+c-d_e", "x1",
	};
	static const char *const ids_bad[] = {
		"", "Ann@example.invalid", ".x", "-x", "a..b", "a.lock", "a/b",
		"ann example", "a\x01", "a--b", "ann-", "ann.",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(runs_ok) / sizeof(*runs_ok); i++)
		assert_true(share_run_name_ok(runs_ok[i]));
	for (size_t i = 0; i < sizeof(runs_bad) / sizeof(*runs_bad); i++) {
		print_message("# %s\n", runs_bad[i]);
		assert_false(share_run_name_ok(runs_bad[i]));
		assert_false(share_log_name_ok(runs_bad[i]));
		assert_false(share_remote_name_ok(runs_bad[i]));
	}
	for (size_t i = 0; i < sizeof(ids_ok) / sizeof(*ids_ok); i++)
		assert_true(share_reviewer_id_ok(ids_ok[i]));
	for (size_t i = 0; i < sizeof(ids_bad) / sizeof(*ids_bad); i++)
		assert_false(share_reviewer_id_ok(ids_bad[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip,
						tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test_setup_teardown(test_compare_and_swap,
						tu_setup_tmpdir,
						tu_teardown_tmpdir),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
