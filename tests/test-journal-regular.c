/* test-journal-regular.c: journal_open's JOURNAL_REGULAR (src/journal.c),
 * the check at the open itself behind review.c's look before it: a
 * reviewer's journal is a regular file, never a symbolic link followed
 * (to the run's journal, to /dev/zero), never a FIFO waited on, never a
 * folder; for reading and for writing alike.  Without the flag a link
 * is followed, as for the run's own journal.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "testutil.h"

/* Opens path with flags; the error's text, or NULL when it opened. */
static char *open_err(const char *path, int flags)
{
	struct journal *j = NULL;
	char *err = NULL;

	if (journal_open(&j, path, flags, &err) == 0) {
		assert_null(err);
		journal_close(j);
		return NULL;
	}
	assert_null(j);
	assert_non_null(err);
	return err;
}

static void expect_refused(const char *path, int flags, const char *why)
{
	char *err = open_err(path, flags);

	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, why));
	free(err);
}

static void test_regular_file_opens(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = tu_path(fx->dir, "a.jsonl");

	assert_null(open_err(path, JOURNAL_WRITE | JOURNAL_CREATE |
			     JOURNAL_REGULAR));
	assert_null(open_err(path, JOURNAL_REGULAR));
	free(path);
}

static void test_symlink_refused(void **state)
{
	struct tu_fixture *fx = *state;
	char *target = tu_path(fx->dir, "run.jsonl");
	char *link = tu_path(fx->dir, "b.jsonl");
	char *zero = tu_path(fx->dir, "z.jsonl");
	struct stat st;

	assert_null(open_err(target, JOURNAL_WRITE | JOURNAL_CREATE));
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(symlink("/dev/zero", zero), 0);
	expect_refused(link, JOURNAL_REGULAR, "a symbolic link");
	expect_refused(link, JOURNAL_WRITE | JOURNAL_CREATE | JOURNAL_REGULAR,
		       "a symbolic link");
	expect_refused(zero, JOURNAL_REGULAR, "a symbolic link");
	/* Nothing written through it. */
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_size, 0);
	/* Without the flag, a link is followed (the run's own journal). */
	assert_null(open_err(link, 0));
	free(target);
	free(link);
	free(zero);
}

static void test_fifo_not_waited_on(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = tu_path(fx->dir, "f.jsonl");

	assert_int_equal(mkfifo(path, 0600), 0);
	/* No writer: without O_NONBLOCK the open would wait for ever. */
	alarm(20);
	expect_refused(path, JOURNAL_REGULAR, "not a regular file");
	expect_refused(path, JOURNAL_WRITE | JOURNAL_CREATE | JOURNAL_REGULAR,
		       path);
	alarm(0);
	free(path);
}

static void test_folder_refused(void **state)
{
	struct tu_fixture *fx = *state;
	char *path = tu_path(fx->dir, "d.jsonl");

	assert_int_equal(mkdir(path, 0700), 0);
	expect_refused(path, JOURNAL_REGULAR, "not a regular file");
	free(path);
}

#define FIXTURE(f) \
	cmocka_unit_test_setup_teardown(f, tu_setup_tmpdir, tu_teardown_tmpdir)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE(test_regular_file_opens),
		FIXTURE(test_symlink_refused),
		FIXTURE(test_fifo_not_waited_on),
		FIXTURE(test_folder_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
