/* testutil.h: helpers shared by the cmocka unit tests.
 *
 * Every test works in a folder of its own made with mkdtemp under $TMPDIR
 * (or /tmp) and removed afterwards, so that no test depends on the current
 * directory or on another test.  Allocation failures abort, as in the core.
 */
#ifndef RELCHECK_TESTUTIL_H
#define RELCHECK_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "checklist.h"
#include "loader.h"
#include "util.h"

/* A fresh temporary folder, "<tmp>/relcheck-test.XXXXXX" made absolute;
 * caller removes it with tu_rmtree and frees the string.  Fails the
 * current test when it cannot be made. */
char *tu_mkdtemp(void);

/* Removes dir and everything under it.  Refuses (returns -1) anything
 * that tu_mkdtemp did not make. */
int tu_rmtree(const char *dir);

/* dir/rel; caller frees. */
char *tu_path(const char *dir, const char *rel);

/* Writes text to dir/rel, making the folders between; returns the full
 * path (caller frees).  Fails the current test on error. */
char *tu_write(const char *dir, const char *rel, const char *text);

/* Makes dir/rel and the folders above it; fails the test on error. */
void tu_mkdir(const char *dir, const char *rel);

/* Loads opt->file.  Returns every diagnostic, formatted "file:line:
 * message", joined by "\n" ("" when there is none; caller frees).  When
 * out is not NULL it receives the checklist (NULL on failure), which the
 * caller frees; otherwise the checklist is freed here. */
char *tu_load(const struct load_options *opt, struct checklist **out);

/* tu_load of file with no other options. */
char *tu_load_file(const char *file, struct checklist **out);

/* s with every occurrence of from replaced by to; caller frees. */
char *tu_replace(const char *s, const char *from, const char *to);

/* Runs the printf-formatted shell command with sh -c in folder dir (or the
 * current one when dir is NULL), output discarded unless
 * TESTUTIL_VERBOSE is set.  Returns the exit status, or -1. */
int tu_sh(const char *dir, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* s quoted for the shell ('...'); caller frees. */
char *tu_shquote(const char *s);

/* Ends the current test early, reported as skipped, with "# skipped:
 * why" in the log.  cmocka's skip() leaves the test (a longjmp: free what
 * the test holds first); cmocka 1.1 writes it "not ok N # SKIP", which
 * tests/cmocka-tap.sh (the unit tests' LOG_COMPILER) turns into the
 * standard "ok N # SKIP" that automake counts as a skip, not a failure. */
#define TU_SKIP(...) \
	do { \
		print_message("# skipped: " __VA_ARGS__); \
		print_message("\n"); \
		skip(); \
		return; \
	} while (0)

/* A cmocka fixture: setup makes a temporary folder, teardown removes it.
 * The test's state is a struct tu_fixture whose param is the test's
 * initial state (cmocka_unit_test_prestate_setup_teardown). */
struct tu_fixture {
	const void *param;
	char *dir;
};

int tu_setup_tmpdir(void **state);
int tu_teardown_tmpdir(void **state);

#endif
