/* test-maintainer.c: the maintainer's record (src/maintainer.c), against
 * maintainer.h alone: records kept and found, the last of a key standing;
 * a torn line, hostile lines, a link, a pipe, each said with its file and
 * line and never taken; where the record lives.
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maintainer.h"
#include "testutil.h"

#define WHO "Ann Maintainer <ann@example.invalid>"
#define AT "2026-11-25T17:40:00.123Z"

/* The warnings of d, one a line ("" when none); caller frees. */
static char *said(const struct diag *d)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (size_t i = 0; i < d->count; i++) {
		char *m = diag_format(d, i);
		buf_addf(&b, "%s\n", m);
		free(m);
	}
	return buf_detach(&b);
}

static struct maint *open_quiet(const char *path)
{
	struct diag d = DIAG_INIT;
	struct maint *m = maint_open(path, &d);

	if (d.count) {
		char *s = said(&d);
		fail_msg("unexpected warnings: %s", s);
	}
	diag_free(&d);
	return m;
}

static void test_round_trip(void **state)
{
	const char *dir = ((struct tu_fixture *)*state)->dir;
	char *path = tu_path(dir, "deep/relcheck/maintainer.jsonl");
	struct maint *m = open_quiet(path);
	char *err = NULL;
	struct stat st;
	char *folder = tu_path(dir, "deep/relcheck");

	assert_null(maint_find(m, "item setup.a 0"));
	assert_int_equal(maint_append(m, "item setup.a 0", "done", NULL, WHO,
				      AT, "1.0.0", &err), 0);
	assert_int_equal(maint_append(m, "item setup.b 0", "n/a", "no 2FA "
				      "here", WHO, AT, "1.0.0", &err), 0);
	assert_int_equal(maint_append(m, "item setup.a 0", "reopened", "new",
				      WHO, AT, "1.1.0", &err), 0);
	assert_int_equal(maint_append(m, "phase setup 0", "signoff", NULL,
				      WHO, AT, "1.0.0", &err), 0);
	maint_free(m);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(folder, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	m = open_quiet(path);
	assert_int_equal(m->n, 3);
	assert_string_equal(maint_find(m, "item setup.a 0")->state, "reopened");
	assert_string_equal(maint_find(m, "item setup.a 0")->release, "1.1.0");
	assert_string_equal(maint_find(m, "item setup.b 0")->reason,
			    "no 2FA here");
	assert_string_equal(maint_find(m, "phase setup 0")->by, WHO);
	assert_int_equal(maint_find(m, "phase setup 0")->line, 4);
	maint_free(m);
	free(folder);
	free(path);
}

/* A crash left a torn line: it is said, skipped, and the next record is
 * a line of its own. */
static void test_torn_line(void **state)
{
	const char *dir = ((struct tu_fixture *)*state)->dir;
	char *path = tu_write(dir, "m.jsonl",
		"{\"v\":1,\"key\":\"item s.a 0\",\"state\":\"done\",\"reason\":\"\","
		"\"by\":\"A\",\"at\":\"" AT "\",\"release\":\"1\"}\n"
		"{\"v\":1,\"key\":\"item s.b 0\",\"sta");
	struct diag d = DIAG_INIT;
	struct maint *m = maint_open(path, &d);
	char *err = NULL, *s = said(&d);

	assert_non_null(strstr(s, "m.jsonl:2: warning: a torn last line"));
	assert_int_equal(m->n, 1);
	assert_int_equal(maint_append(m, "item s.b 0", "done", NULL, WHO, AT,
				      "2", &err), 0);
	maint_free(m);
	free(s);
	diag_free(&d);

	m = maint_open(path, &d);
	s = said(&d);
	assert_non_null(strstr(s, "m.jsonl:2: warning: not a maintainer "
			       "record: not JSON"));
	assert_int_equal(d.count, 1);
	assert_non_null(maint_find(m, "item s.b 0"));
	assert_int_equal(maint_find(m, "item s.b 0")->line, 3);
	maint_free(m);
	free(s);
	diag_free(&d);
	free(path);
}

static const struct hostile {
	const char *line;
	const char *why;
} hostile[] = {
	{ "[1, 2]", "not JSON" },
	{ "{\"v\":1,\"v\":1,\"key\":\"item s.a 0\"}", "not JSON" },
	{ "{\"v\":\"1\",\"key\":\"item s.a 0\",\"state\":\"done\",\"by\":\"A\","
	  "\"at\":\"" AT "\",\"release\":\"1\"}", "not a record of version 1" },
	{ "{\"v\":1,\"key\":\"item s.a 0\",\"state\":\"done\",\"by\":\"A\\u001b[2J\","
	  "\"at\":\"" AT "\",\"release\":\"1\"}", "holds control characters" },
	{ "{\"v\":1,\"key\":\"item s.a 0\",\"state\":\"done\",\"by\":\"A\","
	  "\"at\":\"" AT "\",\"release\":\"1\\n2\"}", "holds control characters" },
	{ "{\"v\":1,\"key\":\"item s.a 0\",\"state\":\"done\",\"by\":\"\","
	  "\"at\":\"" AT "\",\"release\":\"1\"}", "a field is missing" },
	{ "{\"v\":1,\"key\":\"item s.a 0\",\"state\":\"done\",\"by\":\"A\","
	  "\"release\":\"1\"}", "a field is missing" },
	{ "{\"v\":1,\"key\":\"item s.a 0\",\"state\":\"done\",\"by\":\"A\","
	  "\"at\":\"" AT "\",\"release\":\"1\",\"reason\":\"pypi-AgEIcHlwaS5vcmcC"
	  "JGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6MDEyMzQ1Njc4OQ\"}",
	  "holds control characters" },
	{ "{\"v\":1,\"key\":\"other s.a 0\",\"state\":\"done\",\"by\":\"A\","
	  "\"at\":\"" AT "\",\"release\":\"1\"}", "an unknown key or state" },
	{ "{\"v\":1,\"key\":\"item s.a 0\",\"state\":\"pass\",\"by\":\"A\","
	  "\"at\":\"" AT "\",\"release\":\"1\"}", "an unknown key or state" },
	{ "{\"v\":1,\"key\":\"item s.a 0\",\"state\":\"done\",\"by\":\"A\","
	  "\"at\":\"2026-11-25 17:40\",\"release\":\"1\"}",
	  "its time is not a time" },
};

/* Each hostile line alone after a good one: said with its line, and the
 * good record stands. */
static void test_hostile_lines(void **state)
{
	const char *dir = ((struct tu_fixture *)*state)->dir;
	static const char good[] = "{\"v\":1,\"key\":\"item s.a 0\",\"state\":"
		"\"n/a\",\"reason\":\"\",\"by\":\"Good\",\"at\":\"" AT "\","
		"\"release\":\"0\"}\n";

	for (size_t i = 0; i < ARRAY_SIZE(hostile); i++) {
		char *text = xasprintf("%s%s\n", good, hostile[i].line);
		char *path = tu_write(dir, "h.jsonl", text);
		char *want = xasprintf("h.jsonl:2: warning: not a maintainer "
				       "record: ");
		struct diag d = DIAG_INIT;
		struct maint *m = maint_open(path, &d);
		char *s = said(&d);

		if (!strstr(s, want) || !strstr(s, hostile[i].why) ||
		    d.count != 1)
			fail_msg("line %zu: said: %s", i, s);
		assert_string_equal(maint_find(m, "item s.a 0")->by, "Good");
		maint_free(m);
		diag_free(&d);
		free(s);
		free(want);
		free(path);
		free(text);
	}
}

static void test_nul_byte(void **state)
{
	const char *dir = ((struct tu_fixture *)*state)->dir;
	char *path = tu_path(dir, "n.jsonl");
	static const char text[] = "{\"v\":1,\"key\":\"item s.a 0\",\"state\":"
		"\"done\",\"by\":\"A\0B\",\"at\":\"" AT "\",\"release\":\"1\"}\n";
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	struct diag d = DIAG_INIT;
	struct maint *m;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1),
			 (ssize_t)sizeof(text) - 1);
	close(fd);
	m = maint_open(path, &d);
	assert_int_equal(d.count, 1);
	assert_int_equal(m->n, 0);
	maint_free(m);
	diag_free(&d);
	free(path);
}

static void test_link_and_pipe(void **state)
{
	const char *dir = ((struct tu_fixture *)*state)->dir;
	char *real = tu_write(dir, "real.jsonl", "{\"v\":1,\"key\":\"item s.a 0\","
		"\"state\":\"done\",\"by\":\"A\",\"at\":\"" AT "\",\"release\":"
		"\"1\"}\n");
	char *link = tu_path(dir, "link.jsonl"), *fifo = tu_path(dir, "p.jsonl");
	struct diag d = DIAG_INIT;
	struct maint *m;
	char *err = NULL, *s;

	assert_int_equal(symlink(real, link), 0);
	m = maint_open(link, &d);
	assert_int_equal(m->n, 0);
	assert_int_equal(d.count, 1);
	assert_int_equal(maint_append(m, "item s.b 0", "done", NULL, WHO, AT,
				      "1", &err), -1);
	assert_non_null(strstr(err, "link.jsonl"));
	free(err);
	maint_free(m);
	diag_free(&d);

	assert_int_equal(mkfifo(fifo, 0600), 0);
	m = maint_open(fifo, &d);	/* returns: no reader waits */
	s = said(&d);
	assert_non_null(strstr(s, "not a regular file"));
	assert_int_equal(maint_append(m, "item s.b 0", "done", NULL, WHO, AT,
				      "1", &err), -1);
	free(err);
	maint_free(m);
	diag_free(&d);
	free(s);
	free(fifo);
	free(link);
	free(real);
}

static void test_path(void **state)
{
	char *p;

	(void)state;
	setenv("HOME", "/home/ann", 1);
	setenv("XDG_STATE_HOME", "/state", 1);
	p = maint_path();
	assert_string_equal(p, "/state/relcheck/maintainer.jsonl");
	free(p);
	setenv("XDG_STATE_HOME", "relative", 1);
	p = maint_path();
	assert_string_equal(p, "/home/ann/.local/state/relcheck/maintainer.jsonl");
	free(p);
	unsetenv("XDG_STATE_HOME");
	p = maint_path();
	assert_string_equal(p, "/home/ann/.local/state/relcheck/maintainer.jsonl");
	free(p);
	setenv("HOME", "", 1);
	assert_null(maint_path());
}

#define FIXTURE(f) cmocka_unit_test_setup_teardown(f, tu_setup_tmpdir, \
						   tu_teardown_tmpdir)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FIXTURE(test_round_trip),
		FIXTURE(test_torn_line),
		FIXTURE(test_hostile_lines),
		FIXTURE(test_nul_byte),
		FIXTURE(test_link_and_pipe),
		cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
