/* test-review.c: the reviewer's id (src/review.c, run_reviewer_id): a
 * file name under RUN.reviews/ and a git ref component both, whatever
 * identity it is made from.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "run.h"
#include "util.h"

/* What makes a name safe as a file name and a ref component both
 * (git check-ref-format's rules, and relcheck's own). */
static void assert_safe(const char *id)
{
	size_t n = strlen(id);
	bool alnum = false;

	assert_true(n > 0 && n <= 64);
	assert_true(id[0] != '.' && id[0] != '-');
	assert_null(strstr(id, ".."));
	assert_null(strchr(id, '/'));
	assert_false(str_ends_with(id, ".lock"));
	assert_false(str_ends_with(id, "."));
	assert_true(strcmp(id, "@") != 0);
	for (const char *p = id; *p; p++) {
		assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')
			    || strchr("._@+-", *p));
		alnum |= (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
	}
	assert_true(alnum);
	/* It is its own id: valid, and read back as is. */
	assert_true(run_reviewer_id_valid(id));
}

struct row {
	const char *identity;
	const char *want;	/* NULL: refused */
};

static void test_ids(void **state)
{
	static const struct row rows[] = {
		{ "Alice Example <Alice@Example.ORG>", "alice@example.org" },
		{ "Bob", "bob" },
		{ "Bob Smith", "bob-smith" },
		{ "Name <>", "name" },	/* no mail: the name */
		{ "../x", "x" },
		{ "../../etc/passwd", "etc-passwd" },
		{ "a/../b", "a-.-b" },
		{ "x.lock", "x" },
		{ "x.lock.lock", "x" },
		{ "Zed <z.lock>", "z" },
		{ "-rf", "rf" },
		{ "--", NULL },
		{ "", NULL },
		{ "   ", NULL },
		{ ".", NULL },
		{ "...", NULL },
		{ "@", NULL },
		{ "a..b", "a.b" },
		{ ".hidden", "hidden" },
		{ "tab\there", "tab-here" },
		{ "bell\a\x1b[31mred", "bell-31mred" },
		{ "Zo\xc3\xab <zoe@example.org>", "zoe@example.org" },
		{ "Zo\xc3\xab", "zo" },
		{ "\xe6\x9d\x8e\xe5\x9b\x9b", NULL },	/* no ASCII letter */
		{ "a@{b}", "a@-b" },
		{ "x~1^2:3?*[\\", "x-1-2-3" },
		{ "UPPER", "upper" },
		{ "trailing.", "trailing" },
		{ NULL, NULL },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		char *id = run_reviewer_id(rows[i].identity);

		if (!rows[i].want) {
			if (id)
				fail_msg("'%s' gave '%s', not refused",
					 rows[i].identity ? rows[i].identity
					 : "(null)", id);
			continue;
		}
		if (!id || strcmp(id, rows[i].want) != 0)
			fail_msg("'%s' gave '%s', not '%s'", rows[i].identity,
				 id ? id : "(refused)", rows[i].want);
		assert_safe(id);
		free(id);
	}
}

/* 200 bytes: cut to 64, and still safe at the cut (no trailing dot or
 * ".lock" left by the cut). */
static void test_long(void **state)
{
	char in[201];
	char *id;

	(void)state;
	memset(in, 'a', 200);
	in[200] = '\0';
	id = run_reviewer_id(in);
	assert_non_null(id);
	assert_int_equal(strlen(id), 64);
	assert_safe(id);
	free(id);

	/* A cut that would end in ".lock" or '.'. */
	memset(in, 'b', 200);
	memcpy(in + 59, ".lock", 5);
	in[200] = '\0';
	id = run_reviewer_id(in);
	assert_non_null(id);
	assert_safe(id);
	free(id);
	memset(in, 'c', 200);
	in[63] = '.';
	in[200] = '\0';
	id = run_reviewer_id(in);
	assert_non_null(id);
	assert_safe(id);
	free(id);
}

/* Every byte, alone and among letters: never unsafe. */
static void test_every_byte(void **state)
{
	(void)state;
	for (int c = 1; c < 256; c++) {
		char in[8] = { 'a', (char)c, 'b', (char)c, (char)c, 0 };
		char *id = run_reviewer_id(in);

		assert_non_null(id);
		assert_safe(id);
		free(id);
	}
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(run_reviewer_id_valid("alice@example.org"));
	assert_false(run_reviewer_id_valid("Alice"));
	assert_false(run_reviewer_id_valid("../x"));
	assert_false(run_reviewer_id_valid(".x"));
	assert_false(run_reviewer_id_valid("x.lock"));
	assert_false(run_reviewer_id_valid("-rf"));
	assert_false(run_reviewer_id_valid(""));
	assert_false(run_reviewer_id_valid("a b"));
	assert_false(run_reviewer_id_valid("a\nb"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
